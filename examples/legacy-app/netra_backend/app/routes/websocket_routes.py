"""The /ws endpoint: accepts a socket, builds the per-user manager and routes client messages."""
from __future__ import annotations

import logging
import uuid
from typing import Any, Dict

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from netra_backend.app.services.user_execution_context import UserExecutionContext
from netra_backend.app.websocket_core import WebSocketManager, MessageRouter
from netra_backend.app.websocket_core.websocket_manager import WebSocketConnection
from netra_backend.app.websocket_core.websocket_manager_factory import (
    WebSocketManagerFactory,  # phase 3: one manager per user context
    create_websocket_manager,
    # get_websocket_manager_factory,  (not needed: the route never counts managers)
)

logger = logging.getLogger(__name__)
router = APIRouter()
message_router = MessageRouter()


async def _handle_ping(user_id: str, message: Dict[str, Any]) -> None:
    logger.debug("ping from %s", user_id)


message_router.register("ping", _handle_ping)


@router.websocket("/ws/{thread_id}")
async def websocket_endpoint(websocket: WebSocket, thread_id: str) -> None:
    await websocket.accept()
    user_id = websocket.headers.get("x-user-id", "anonymous")
    ctx = UserExecutionContext.from_request(user_id=user_id, thread_id=thread_id)
    manager: WebSocketManager = await create_websocket_manager(user_context=ctx)
    connection = WebSocketConnection(connection_id=str(uuid.uuid4()), user_id=user_id, websocket=websocket, thread_id=thread_id)
    await manager.add_connection(connection)
    try:
        while True:
            message = await websocket.receive_json()
            await message_router.route(user_id, message)
    except WebSocketDisconnect:
        await manager.remove_connection(connection.connection_id)


@router.get("/ws/{thread_id}/connections")
async def list_connections(thread_id: str, user_id: str) -> Dict[str, Any]:
    ctx = UserExecutionContext.from_request(user_id=user_id, thread_id=thread_id)
    manager = WebSocketManagerFactory().create_manager(ctx)
    return {"user_id": user_id, "connections": len(manager.get_connections(user_id))}
