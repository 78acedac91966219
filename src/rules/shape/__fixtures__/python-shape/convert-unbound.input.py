import datetime


def unbound(thread_id, when):
    return {"type": "agent_thinking", "time": when, "thread_id": thread_id, "thought": "..."}


def bound_locally(thread_id, when):
    from app.times import iso_to_epoch

    return {"type": "agent_thinking", "time": when, "thread_id": thread_id}


def literal_time_needs_no_converter(thread_id):
    return {"type": "agent_started", "time": "2023-10-01T10:00:00Z", "thread_id": thread_id}
