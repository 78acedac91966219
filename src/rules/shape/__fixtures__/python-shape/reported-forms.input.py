from datetime import datetime


def forms(user, extra, thread_id):
    naive = {"type": "agent_thinking", "time": "2023-10-01T10:00:00", "thread_id": thread_id}
    computed = {"type": "agent_thinking", "time": datetime.now().isoformat(), "thread_id": thread_id}
    splat = {"type": "tool_completed", **extra, "thread_id": thread_id}
    both = {"type": "agent_completed", "user": user, "user_id": user, "thread_id": thread_id}
    nested_taken = {"type": "agent_completed", "data": {}, "result": 1, "thread_id": thread_id}
    hanging = {"type": "agent_started",
               "thread_id": thread_id, "agent_name": "x"}
    evt = {}
    evt["type"] = "agent_started"
    made = dict(type="tool_executing", thread_id=thread_id)
    ignored = {"type": "agent_started", "agent_name": "x"}  # canonize: ignore
    other = {"type": "message", "time": "not a time", "text": "hello"}
    return [naive, computed, splat, both, nested_taken, hanging, evt, made, ignored, other]
