def started(user_id, thread_id):
    return {
        "event_type": "agent_started",  # the discriminator
        "timestamp": 1696154400.0,
        "user_id": user_id,
        "thread_id": thread_id,
        "data": {
            # which agent
            "agent_name": "cost_optimizer",
            "run": {"step": 1},
        },
    }
