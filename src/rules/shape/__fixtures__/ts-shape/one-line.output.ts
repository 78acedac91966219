const evt = { "event_type": "tool_completed", "thread_id": "t", "timestamp": 1696154400, "data": { "result": 42 } };
socket.send(JSON.stringify({ event_type: 'tool_executing', thread_id: 't', data: { tool: 'search' } }));
