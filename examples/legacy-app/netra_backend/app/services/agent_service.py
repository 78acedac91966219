"""Agent service: runs agents for a user and keeps undelivered events in a queue."""
from __future__ import annotations

import logging
from typing import Any, Dict, Optional

from netra_backend.app.services.user_execution_context import UserExecutionContext
from netra_backend.app.services.websocket import WebSocketManager, MessageQueue
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager_sync

logger = logging.getLogger(__name__)

_pending: Dict[str, MessageQueue] = {}
_shared_manager: Optional[WebSocketManager] = None


def get_shared_manager() -> WebSocketManager:
    """The manager used by background jobs, created on first use and then reused for every user."""
    global _shared_manager
    if _shared_manager is None:
        _shared_manager = create_websocket_manager_sync()
    return _shared_manager


class AgentService:
    def __init__(self, manager: Optional[WebSocketManager] = None) -> None:
        self._manager = manager

    def manager_for(self, ctx: UserExecutionContext) -> WebSocketManager:
        return self._manager or create_websocket_manager_sync(user_context=ctx)

    async def deliver(self, ctx: UserExecutionContext, event: Dict[str, Any]) -> None:
        manager = self.manager_for(ctx)
        if await manager.send_to_user(ctx.user_id, event) == 0:
            _pending.setdefault(ctx.user_id, MessageQueue()).push(event)
            logger.info("queued event for offline user %s", ctx.user_id)

    async def flush(self, ctx: UserExecutionContext) -> int:
        queue = _pending.get(ctx.user_id)
        if not queue:
            return 0
        manager = self.manager_for(ctx)
        sent = 0
        while (event := queue.pop()) is not None:
            sent += await manager.send_to_user(ctx.user_id, event)
        return sent
