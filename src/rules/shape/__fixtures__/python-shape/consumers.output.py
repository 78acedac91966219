from events import LegacyAgentEvent


def handle(evt: LegacyAgentEvent) -> str:
    if evt["event_type"] == "agent_started" and "agent_name" in evt.get("data", {}):
        return f'{evt.get("user_id")} started {evt["data"]["agent_name"]} in {evt["thread_id"]} at {evt["timestamp"]}'
    return evt.get('data', {}).get('tool', '?')


def local(thread_id):
    evt = {"event_type": "agent_completed", "thread_id": thread_id, "data": {"result": 3}}
    return evt["data"]["result"], evt["event_type"]


def annotated(msg) -> bool:
    evt: LegacyAgentEvent = msg
    return "result" not in evt.get("data", {}) and evt["timestamp"] is not None


def unknown(msg, evt: "LegacyAgentEvent"):
    evt = msg
    return msg["type"], evt["user"], msg.get("agent_name")
