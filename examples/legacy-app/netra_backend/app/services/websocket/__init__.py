"""The old home of the WebSocket layer (``app.services.websocket``), from before ``websocket_core`` existed.

DEPRECATED for the manager, which is re-exported from the core. The outbound message queue still lives here.
"""
from __future__ import annotations

import json
from collections import deque
from typing import Any, Deque, Dict, Optional

from netra_backend.app.websocket_core.manager import WebSocketManager  # noqa: F401  (re-export)


def format_message(message_type: str, payload: Dict[str, Any]) -> str:
    return json.dumps({"type": message_type, "payload": payload}, separators=(",", ":"))


class MessageQueue:
    """Messages held back while a user has no open connection (bounded, oldest dropped first)."""

    def __init__(self, max_size: int = 500) -> None:
        self._items: Deque[Dict[str, Any]] = deque(maxlen=max_size)

    def push(self, message: Dict[str, Any]) -> None:
        self._items.append(message)

    def pop(self) -> Optional[Dict[str, Any]]:
        return self._items.popleft() if self._items else None

    def __len__(self) -> int:
        return len(self._items)


__all__ = ["MessageQueue", "WebSocketManager", "format_message"]
