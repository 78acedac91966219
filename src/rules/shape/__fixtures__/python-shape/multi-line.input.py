def started(user_id, thread_id):
    return {
        "type": "agent_started",  # the discriminator
        "time": "2023-10-01T10:00:00Z",
        "user": user_id,
        # which agent
        "agent_name": "cost_optimizer",
        "thread_id": thread_id,
        "run": {"step": 1},
    }
