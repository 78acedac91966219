import datetime


def unbound(thread_id, when):
    return {"type": "agent_thinking", "time": when, "thread_id": thread_id, "thought": "..."}


def bound_locally(thread_id, when):
    from app.times import iso_to_epoch

    return {"event_type": "agent_thinking", "timestamp": iso_to_epoch(when), "thread_id": thread_id}


def literal_time_needs_no_converter(thread_id):
    return {"event_type": "agent_started", "timestamp": 1696154400.0, "thread_id": thread_id}
