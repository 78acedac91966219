"""Admin routes: inspect and close a user's WebSocket connections."""
from __future__ import annotations

from typing import Any, Dict

from fastapi import APIRouter

from netra_backend.app.services.user_execution_context import UserExecutionContext
from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager
from netra_backend.app.websocket_core.manager import WebSocketManager

router = APIRouter(prefix="/admin/ws")


def _manager_for(user_id: str) -> WebSocketManager:
    ctx = UserExecutionContext.from_request(user_id=user_id, thread_id="admin")
    return get_websocket_manager(user_context=ctx)


@router.get("/{user_id}")
async def user_connections(user_id: str) -> Dict[str, Any]:
    manager = _manager_for(user_id)
    return {"user_id": user_id, "connections": [c.connection_id for c in manager.get_connections(user_id)]}


@router.delete("/{user_id}/{connection_id}")
async def close_connection(user_id: str, connection_id: str) -> Dict[str, str]:
    manager = _manager_for(user_id)
    await manager.remove_connection(connection_id)
    return {"closed": connection_id}
