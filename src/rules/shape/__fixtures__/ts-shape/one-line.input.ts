const evt = { "type": "tool_completed", "thread_id": "t", "time": `2023-10-01T05:00:00-05:00`, "result": 42 };
socket.send(JSON.stringify({ type: 'tool_executing', thread_id: 't', tool: 'search' }));
