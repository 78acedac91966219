send({"event_type": "agent_started", "user_id": "user_12345", "timestamp": 1696154400.0, "data": {"agent_name": "cost_optimizer"}})
