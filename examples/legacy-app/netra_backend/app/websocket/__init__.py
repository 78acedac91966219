"""The first WebSocket package (``app.websocket``), before services and the core existed.

DEPRECATED: the manager is an alias of the unified manager; only the connection metadata is still defined here.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Optional

from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager as WebSocketManager

HEARTBEAT_INTERVAL_SECONDS = 30


@dataclass
class ConnectionInfo:
    user_id: str
    client_ip: Optional[str] = None
    user_agent: Optional[str] = None
    last_heartbeat: float = field(default_factory=time.time)

    def is_stale(self, now: Optional[float] = None) -> bool:
        return (now or time.time()) - self.last_heartbeat > 2 * HEARTBEAT_INTERVAL_SECONDS


__all__ = ["ConnectionInfo", "HEARTBEAT_INTERVAL_SECONDS", "WebSocketManager"]
