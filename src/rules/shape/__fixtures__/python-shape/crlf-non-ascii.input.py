# -*- coding: utf-8 -*-
def émettre(thread_id):
    return {
        "type": "agent_completed",  # terminé
        "time": "2023-10-01T12:30:00+02:30",
        "thread_id": thread_id,
        "résumé": "coût réduit de 12 €",
        "note": """ligne un
ligne deux""",
    }
