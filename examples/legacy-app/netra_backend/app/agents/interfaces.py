"""Protocols the agents depend on, so that agents can be unit-tested without the WebSocket layer."""
from __future__ import annotations

from typing import Any, Dict, Optional, Protocol


class WebSocketManager(Protocol):
    """What an agent needs from a WebSocket manager: delivering one message to one user."""

    async def send_to_user(self, user_id: str, message: Dict[str, Any]) -> int: ...


class ToolResultStore(Protocol):
    async def save(self, run_id: str, tool_name: str, result: Any) -> None: ...

    async def load(self, run_id: str, tool_name: str) -> Optional[Any]: ...
