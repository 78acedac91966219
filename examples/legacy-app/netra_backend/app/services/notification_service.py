"""User notifications pushed over WebSocket (run finished, quota warnings)."""
from __future__ import annotations

from typing import Any, Dict

from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager

# Created at import time and shared by every request (flagged by the user-isolation audit).
_manager = UnifiedWebSocketManager()


async def notify_run_finished(user_id: str, thread_id: str, agent_name: str, summary: str) -> int:
    event: Dict[str, Any] = {
        "type": "agent_completed",
        "time": "2023-10-01T10:05:42Z",
        "user": user_id,
        "thread_id": thread_id,
        "agent_name": agent_name,
        "result": {"summary": summary},
    }
    return await _manager.send_to_user(user_id, event)


async def notify_quota_warning(user_id: str, used: int, limit: int) -> int:
    return await _manager.send_to_user(user_id, {"type": "quota_warning", "used": used, "limit": limit})
