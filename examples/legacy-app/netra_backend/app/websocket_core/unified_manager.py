"""Unified WebSocket manager (phase 2 of the consolidation).

DEPRECATED: ``UnifiedWebSocketManager`` is now a thin subclass of the canonical ``WebSocketManager``. The
implementation that used to live here moved to ``websocket_manager.py`` (the pre-migration copy is
``unified_manager.py.backup``, kept for the rollback plan).
"""
from __future__ import annotations

import warnings
from typing import Any, Optional

from netra_backend.app.websocket_core.websocket_manager import WebSocketConnection, WebSocketManager


class UnifiedWebSocketManager(WebSocketManager):
    """Deprecated name of :class:`WebSocketManager`."""

    def __init__(self, user_context: Optional[Any] = None) -> None:
        warnings.warn(
            "UnifiedWebSocketManager is deprecated; use get_websocket_manager(user_context=...)",
            DeprecationWarning,
            stacklevel=2,
        )
        super().__init__(user_context=user_context)

    async def register_connection(self, connection: WebSocketConnection) -> None:
        """Phase 2 name of :meth:`add_connection`."""
        await self.add_connection(connection)


# Some callers imported the private implementation class directly.
_UnifiedWebSocketManagerImplementation = UnifiedWebSocketManager

__all__ = ["UnifiedWebSocketManager", "WebSocketConnection"]
