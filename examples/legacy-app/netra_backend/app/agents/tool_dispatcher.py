"""Runs an agent's tool calls and reports them to the user as tool_executing / tool_completed events."""
from __future__ import annotations

import time
from typing import Any, Awaitable, Callable, Dict

from netra_backend.app.agents.interfaces import WebSocketManager  # the agent-side protocol, not the core class
from netra_backend.app.services.user_execution_context import UserExecutionContext
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager

Tool = Callable[..., Awaitable[Any]]


class ToolDispatcher:
    def __init__(self, notifier: WebSocketManager, tools: Dict[str, Tool]) -> None:
        self.notifier = notifier
        self.tools = tools

    @classmethod
    def for_user(cls, ctx: UserExecutionContext, tools: Dict[str, Tool]) -> "ToolDispatcher":
        return cls(UnifiedWebSocketManager(user_context=ctx), tools)

    async def dispatch(self, ctx: UserExecutionContext, tool_name: str, **params: Any) -> Any:
        if tool_name not in self.tools:
            raise KeyError(f"unknown tool {tool_name!r}")
        await self.notifier.send_to_user(
            ctx.user_id,
            {"type": "tool_executing", "time": "2023-10-01T10:00:02Z", "user": ctx.user_id, "thread_id": ctx.thread_id, "tool_name": tool_name, "parameters": params},
        )
        started = time.monotonic()
        result = await self.tools[tool_name](**params)
        await self.notifier.send_to_user(
            ctx.user_id,
            {
                "type": "tool_completed",
                "time": "2023-10-01T10:00:04Z",
                "user": ctx.user_id,
                "thread_id": ctx.thread_id,
                "tool_name": tool_name,
                "result": result,
                "duration_ms": int((time.monotonic() - started) * 1000),
            },
        )
        return result
