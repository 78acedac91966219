"""Thread service: the messages of a conversation thread, pushed to the thread's user as they arrive."""
from __future__ import annotations

import time
from typing import Any, Dict, List

from netra_backend.app.services.user_execution_context import UserExecutionContext
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager_sync

try:
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
except ImportError:  # hosts still on the pre-SSOT release
    from netra_backend.app.websocket import WebSocketManager


class ThreadService:
    def __init__(self) -> None:
        self._messages: Dict[str, List[Dict[str, Any]]] = {}

    def history(self, thread_id: str) -> List[Dict[str, Any]]:
        return list(self._messages.get(thread_id, []))

    async def post_message(self, ctx: UserExecutionContext, role: str, content: str) -> int:
        message = {"role": role, "content": content, "created_at": time.time()}
        self._messages.setdefault(ctx.thread_id, []).append(message)
        manager: WebSocketManager = create_websocket_manager_sync(ctx)
        return await manager.send_to_user(
            ctx.user_id,
            {"type": "thread_message", "thread_id": ctx.thread_id, "message": message},
        )
