"""Base class of every agent: owns the user's WebSocket manager and emits progress events."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional

from netra_backend.app.services.user_execution_context import UserExecutionContext
from netra_backend.app.websocket_core.websocket_factory_compat import create_websocket_manager

if TYPE_CHECKING:
    from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager


class BaseAgent:
    name = "base"

    def __init__(self, websocket_manager: Optional[UnifiedWebSocketManager] = None) -> None:
        self._websocket_manager = websocket_manager

    @classmethod
    async def for_user(cls, ctx: UserExecutionContext, isolated: bool = True) -> "BaseAgent":
        from netra_backend.app.websocket_core.websocket_manager_factory import get_websocket_manager_factory

        if isolated:
            manager = await get_websocket_manager_factory().create_isolated_manager(ctx)
        else:
            from netra_backend.app.websocket_core.canonical_imports import WebSocketManagerFactory

            manager = WebSocketManagerFactory().create_manager(user_context=ctx)
        return cls(manager)

    async def websocket_manager(self, ctx: UserExecutionContext) -> UnifiedWebSocketManager:
        if self._websocket_manager is None:
            self._websocket_manager = await create_websocket_manager(user_context=ctx)
        return self._websocket_manager

    def subagent_manager(self, ctx: UserExecutionContext) -> Any:
        """Sub-agents get their own manager so that their events cannot leak into the parent's stream."""
        from netra_backend.app.websocket_core.websocket_manager_factory import IsolatedWebSocketManager

        return IsolatedWebSocketManager(ctx)

    async def emit(self, ctx: UserExecutionContext, event: Dict[str, Any]) -> int:
        manager = await self.websocket_manager(ctx)
        return await manager.send_to_user(ctx.user_id, event)

    async def run(self, ctx: UserExecutionContext, message: str) -> Dict[str, Any]:
        raise NotImplementedError
