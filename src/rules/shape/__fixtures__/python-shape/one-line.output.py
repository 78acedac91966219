event = {'event_type': 'tool_executing', 'thread_id': 't-1', 'timestamp': 1696154400.25, 'data': {'tool': 'search', 'args': [1, 2]}}
