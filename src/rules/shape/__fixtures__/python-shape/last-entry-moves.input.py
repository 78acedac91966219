EVENTS = [
    {
        'type': 'tool_completed',
        'thread_id': 't-1',
        'result': {'rows': 3},
        'user': 'u-1',
        'tool': 'search'
    },
    {
        'tool': 'search',
        'thread_id': 't-1',
        'type': 'tool_executing'
    },
]
