"""Thread streaming routes. (Left mid-rebase: the conflict below was never resolved.)"""
from __future__ import annotations

from typing import Any, Dict

from fastapi import APIRouter

from netra_backend.app.services.user_execution_context import UserExecutionContext
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager

router = APIRouter(prefix="/threads")


@router.post("/{thread_id}/stream")
async def stream_thread(thread_id: str, user_id: str) -> Dict[str, Any]:
    ctx = UserExecutionContext.from_request(user_id=user_id, thread_id=thread_id)
<<<<<<< HEAD
    manager = UnifiedWebSocketManager(user_context=ctx)
    sent = await manager.send_to_user(user_id, {"type": "stream_started", "thread_id": thread_id})
=======
    manager = UnifiedWebSocketManager(ctx)
    sent = await manager.emit_agent_event("agent_started", {"thread_id": thread_id})
>>>>>>> feature/thread-streaming
    return {"thread_id": thread_id, "sent": sent}
