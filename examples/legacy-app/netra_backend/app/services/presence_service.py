"""Presence: which users are online, from their connections and heartbeats."""
from __future__ import annotations

import time
from typing import Dict, List

from netra_backend.app.services.user_execution_context import UserExecutionContext
from netra_backend.app.websocket import WebSocketManager, ConnectionInfo, HEARTBEAT_INTERVAL_SECONDS


class PresenceService:
    def __init__(self) -> None:
        self._info: Dict[str, ConnectionInfo] = {}

    def heartbeat(self, user_id: str) -> None:
        info = self._info.setdefault(user_id, ConnectionInfo(user_id=user_id))
        info.last_heartbeat = time.time()

    def online_users(self) -> List[str]:
        now = time.time()
        return sorted(u for u, info in self._info.items() if not info.is_stale(now))

    def is_online(self, ctx: UserExecutionContext, manager: WebSocketManager) -> bool:
        return bool(manager.get_connections(ctx.user_id)) and ctx.user_id in self.online_users()

    async def track(self, ctx: UserExecutionContext, manager: WebSocketManager, connection: object) -> None:
        # Still on the phase 2 entry point; the canonical name is add_connection.
        await manager.register_connection(connection)
        self.heartbeat(ctx.user_id)

    @staticmethod
    def heartbeat_interval() -> int:
        return HEARTBEAT_INTERVAL_SECONDS
