from events import LegacyAgentEvent


def handle(evt: LegacyAgentEvent) -> str:
    if evt["type"] == "agent_started" and "agent_name" in evt:
        return f'{evt.get("user")} started {evt["agent_name"]} in {evt["thread_id"]} at {evt["time"]}'
    return evt.get('tool', '?')


def local(thread_id):
    evt = {"type": "agent_completed", "thread_id": thread_id, "result": 3}
    return evt["result"], evt["type"]


def annotated(msg) -> bool:
    evt: LegacyAgentEvent = msg
    return "result" not in evt and evt["time"] is not None


def unknown(msg, evt: "LegacyAgentEvent"):
    evt = msg
    return msg["type"], evt["user"], msg.get("agent_name")
