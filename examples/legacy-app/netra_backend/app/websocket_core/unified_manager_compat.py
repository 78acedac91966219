"""Compatibility shim for code written against the phase 1 connection API.

DEPRECATED: to be deleted once the audit shows no importers.
"""
from __future__ import annotations

from typing import Any, Optional

from .unified_manager import UnifiedWebSocketManager
from .websocket_manager import WebSocketConnection, WebSocketManager


class _LegacyWebSocketManagerAdapter:
    """Maps the phase 1 entry points (``connect_user``, ``register_connection``) onto a manager."""

    def __init__(self, manager: WebSocketManager) -> None:
        self._manager = manager

    async def connect_user(
        self, user_id: str, websocket: Any, connection_id: Optional[str] = None
    ) -> WebSocketConnection:
        connection = WebSocketConnection(
            connection_id=connection_id or f"{user_id}-{id(websocket):x}",
            user_id=user_id,
            websocket=websocket,
        )
        await self._manager.add_connection(connection)
        return connection

    async def register_connection(self, connection: WebSocketConnection) -> None:
        await self._manager.add_connection(connection)


__all__ = ["UnifiedWebSocketManager", "WebSocketManager", "_LegacyWebSocketManagerAdapter"]
