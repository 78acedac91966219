from app.times import iso_to_epoch


def tabbed(thread_id, when):
	evt = {
		"event_type": "agent_thinking",
		"timestamp": iso_to_epoch(when),
		"thread_id": thread_id,
		"data": {
			"thought": "…"
		}
	}
	return evt
