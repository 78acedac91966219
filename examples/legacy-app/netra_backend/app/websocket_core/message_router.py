"""Routes incoming client messages to handlers by message type, and fans messages out to several users."""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Iterable

logger = logging.getLogger(__name__)

Handler = Callable[[str, Dict[str, Any]], Awaitable[None]]


class MessageRouter:
    def __init__(self) -> None:
        self._handlers: Dict[str, Handler] = {}

    def register(self, message_type: str, handler: Handler) -> None:
        if message_type in self._handlers:
            raise ValueError(f"a handler is already registered for {message_type!r}")
        self._handlers[message_type] = handler

    async def route(self, user_id: str, message: Dict[str, Any]) -> bool:
        handler = self._handlers.get(message.get("type", ""))
        if handler is None:
            logger.warning("no handler for message type %r from %s", message.get("type"), user_id)
            return False
        await handler(user_id, message)
        return True


async def broadcast(manager: Any, user_ids: Iterable[str], message: Dict[str, Any]) -> int:
    """Send ``message`` to every connection of each user; returns the number of sends."""
    sent = 0
    for user_id in user_ids:
        sent += await manager.send_to_user(user_id, message)
    return sent
