# Already canonical: nothing to rewrite; the one without thread_id is reported.
ok = {"event_type": "agent_started", "timestamp": 1696154400.0, "user_id": "u", "thread_id": "t", "data": {"agent_name": "a"}}
missing = {"event_type": "agent_completed", "timestamp": 1696154400.0, "data": {}}
