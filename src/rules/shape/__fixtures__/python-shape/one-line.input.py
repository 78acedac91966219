event = {'type': 'tool_executing', 'thread_id': 't-1', 'tool': 'search', 'time': '2023-10-01T12:00:00.250+02:00', 'args': [1, 2]}
