"""Health checks for the WebSocket layer."""
from __future__ import annotations

from typing import Any, Dict

from fastapi import APIRouter

import netra_backend.app.websocket_core.unified_manager as um
from netra_backend.app.services.user_execution_context import UserExecutionContext

router = APIRouter(prefix="/health")


@router.get("/websocket")
async def websocket_health() -> Dict[str, Any]:
    ctx = UserExecutionContext.from_request(user_id="healthcheck", thread_id="health")
    manager = um.UnifiedWebSocketManager(ctx)
    probe = um.WebSocketConnection(connection_id="probe", user_id="healthcheck", websocket=None)
    await manager.add_connection(probe)
    await manager.remove_connection(probe.connection_id)
    return {"status": "ok", "manager": type(manager).__name__}


@router.get("/websocket/legacy")
def legacy_manager_health() -> Dict[str, Any]:
    # Imported here so that the deprecation warning is only raised when this endpoint is hit.
    from netra_backend.app.websocket_core.manager import WebSocketManager

    return {"status": "ok", "legacy_manager": WebSocketManager.__qualname__}
