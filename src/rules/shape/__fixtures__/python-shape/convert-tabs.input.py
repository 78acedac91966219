from app.times import iso_to_epoch


def tabbed(thread_id, when):
	evt = {
		"type": "agent_thinking",
		"time": when,
		"thread_id": thread_id,
		"thought": "…"
	}
	return evt
