# -*- coding: utf-8 -*-
def émettre(thread_id):
    return {
        "event_type": "agent_completed",  # terminé
        "timestamp": 1696154400.0,
        "thread_id": thread_id,
        "data": {
            "résumé": "coût réduit de 12 €",
            "note": """ligne un
ligne deux""",
        },
    }
