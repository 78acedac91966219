"""Canonical WebSocket manager: the single source of truth for real-time connections.

Import the manager from here and from nowhere else:

    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager, get_websocket_manager
    manager = get_websocket_manager(user_context=ctx)

Every other module under ``websocket_core`` (``manager``, ``unified_manager``, ``websocket_manager_factory``,
``canonical_imports`` and the ``*_compat`` shims) is a deprecated alias of this one.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, TypedDict

logger = logging.getLogger(__name__)


@dataclass
class WebSocketConnection:
    """One open client socket."""

    connection_id: str
    user_id: str
    websocket: Any
    thread_id: Optional[str] = None
    connected_at: float = field(default_factory=time.time)

    async def send_json(self, payload: Dict[str, Any]) -> None:
        await self.websocket.send_json(payload)


class WebSocketManager:
    """Connections of one user context.

    Create one per request with :func:`get_websocket_manager`; never share an instance between users.
    """

    def __init__(self, user_context: Optional[Any] = None) -> None:
        self.user_context = user_context
        self._connections: Dict[str, WebSocketConnection] = {}
        self._lock = asyncio.Lock()

    @property
    def user_id(self) -> Optional[str]:
        return getattr(self.user_context, "user_id", None)

    @property
    def thread_id(self) -> Optional[str]:
        return getattr(self.user_context, "thread_id", None)

    async def add_connection(self, connection: WebSocketConnection) -> None:
        async with self._lock:
            self._connections[connection.connection_id] = connection
        logger.info("connection %s added for user %s", connection.connection_id, connection.user_id)

    async def remove_connection(self, connection_id: str) -> None:
        async with self._lock:
            self._connections.pop(connection_id, None)

    def get_connections(self, user_id: str) -> List[WebSocketConnection]:
        return [c for c in self._connections.values() if c.user_id == user_id]

    async def send_to_user(self, user_id: str, message: Dict[str, Any]) -> int:
        sent = 0
        for connection in self.get_connections(user_id):
            try:
                await connection.send_json(message)
                sent += 1
            except Exception:  # a dead socket must not stop delivery to the others
                logger.exception("send to %s failed", connection.connection_id)
                await self.remove_connection(connection.connection_id)
        return sent

    async def emit_agent_event(self, event_type: str, data: Dict[str, Any]) -> int:
        """Send an agent event in the canonical shape to this manager's user."""
        if self.user_id is None:
            raise RuntimeError("emit_agent_event needs a manager bound to a user context")
        event = {
            "event_type": event_type,
            "timestamp": time.time(),
            "user_id": self.user_id,
            "thread_id": self.thread_id,
            "data": data,
        }
        return await self.send_to_user(self.user_id, event)


class AgentEvent(TypedDict):
    """The canonical agent event sent to the front end (``emit_agent_event`` builds one)."""

    event_type: str
    timestamp: float
    user_id: str
    thread_id: Optional[str]
    data: Dict[str, Any]


def get_websocket_manager(user_context: Optional[Any] = None) -> WebSocketManager:
    """Return a new manager bound to ``user_context``. Synchronous and cheap; never cached."""
    return WebSocketManager(user_context=user_context)


__all__ = ["AgentEvent", "WebSocketConnection", "WebSocketManager", "get_websocket_manager"]
