"""Agent run routes: start a run and stream its events over the user's WebSocket."""
from __future__ import annotations

from typing import Any, Dict

from fastapi import APIRouter, HTTPException

from netra_backend.app.agents.supervisor import SupervisorAgent
from netra_backend.app.services.user_execution_context import UserExecutionContext
from netra_backend.app.websocket_core import (
    MessageRouter,
    WebSocketManager as CoreWebSocketManager,  # only for the type annotation below
    broadcast,
)

try:
    from netra_backend.app.websocket_core.canonical_imports import create_websocket_manager
except ImportError:  # deployments from before canonical_imports existed
    from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager

router = APIRouter(prefix="/agents")
agent_messages = MessageRouter()


@router.post("/{thread_id}/run")
async def run_agent(thread_id: str, user_id: str, request: Dict[str, Any]) -> Dict[str, Any]:
    if not request.get("message"):
        raise HTTPException(status_code=400, detail="message is required")
    ctx = UserExecutionContext.from_request(user_id=user_id, thread_id=thread_id)
    manager: CoreWebSocketManager = await create_websocket_manager(ctx)
    supervisor = SupervisorAgent(manager)
    result = await supervisor.run(ctx, request["message"])
    return {"run_id": ctx.run_id, "result": result}


@router.post("/announce")
async def announce(user_ids: list, text: str) -> Dict[str, int]:
    manager = await create_websocket_manager()
    sent = await broadcast(manager, user_ids, {"type": "announcement", "text": text})
    return {"sent": sent}
