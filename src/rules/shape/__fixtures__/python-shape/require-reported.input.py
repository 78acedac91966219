send({"type": "agent_started", "user": "user_12345", "time": "2023-10-01T10:00:00Z", "agent_name": "cost_optimizer"})
