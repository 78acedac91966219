EVENTS = [
    {
        'event_type': 'tool_completed',
        'thread_id': 't-1',
        'user_id': 'u-1',
        'data': {
            'result': {'rows': 3},
            'tool': 'search'
        }
    },
    {
        'thread_id': 't-1',
        'event_type': 'tool_executing',
        'data': {
            'tool': 'search',
        }
    },
]
