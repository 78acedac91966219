"""Tests of the events agents send to the front end."""
from typing import Any, Dict, List

import pytest

from netra_backend.app.services.user_execution_context import UserExecutionContext
from netra_backend.app.websocket_core.manager import LegacyAgentEvent


class RecordingManager:
    """Stands in for the WebSocket manager: records what would have been sent."""

    def __init__(self, user_context: Any = None) -> None:
        self.user_context = user_context
        self.sent: List[Dict[str, Any]] = []

    async def send_to_user(self, user_id: str, message: Dict[str, Any]) -> int:
        self.sent.append(message)
        return 1


def event_type(event: LegacyAgentEvent) -> str:
    """The kind of an event (a read canonize rewrites: the parameter is declared an event)."""
    return event["type"]


@pytest.fixture
def ctx() -> UserExecutionContext:
    return UserExecutionContext(user_id="user_12345", thread_id="thread_67890", run_id="run_1")


@pytest.mark.asyncio
async def test_supervisor_emits_started_thinking_completed(ctx: UserExecutionContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("netra_backend.app.websocket_core.manager.WebSocketManager", RecordingManager)
    from netra_backend.app.agents.supervisor import SupervisorAgent

    manager = RecordingManager(ctx)
    await SupervisorAgent(manager).run(ctx, "cut my inference bill")
    assert manager.sent[0] == {"type": "agent_started", "time": "2023-10-01T10:00:00Z", "user": "user_12345", "thread_id": "thread_67890", "agent_name": "cost_optimizer"}
    assert [event_type(event) for event in manager.sent] == ["agent_started", "agent_thinking", "agent_completed"]


@pytest.mark.asyncio
async def test_tool_dispatcher_reports_each_call(ctx: UserExecutionContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager

    monkeypatch.setattr(
        "netra_backend.app.agents.tool_dispatcher.UnifiedWebSocketManager",
        RecordingManager,
    )
    from netra_backend.app.agents.tool_dispatcher import ToolDispatcher

    async def lookup_pricing(model: str) -> Dict[str, float]:
        return {"input": 0.5, "output": 1.5}

    dispatcher = ToolDispatcher.for_user(ctx, {"lookup_pricing": lookup_pricing})
    assert not isinstance(dispatcher.notifier, UnifiedWebSocketManager)
    await dispatcher.dispatch(ctx, "lookup_pricing", model="gpt-4")
    assert len(dispatcher.notifier.sent) == 2


@pytest.mark.asyncio
async def test_tool_dispatcher_events(ctx: UserExecutionContext) -> None:
    from netra_backend.app.agents.tool_dispatcher import ToolDispatcher

    async def lookup_pricing(model: str) -> Dict[str, float]:
        return {"input": 0.5, "output": 1.5}

    manager = RecordingManager(ctx)
    await ToolDispatcher(manager, {"lookup_pricing": lookup_pricing}).dispatch(ctx, "lookup_pricing", model="gpt-4")
    executing, completed = manager.sent
    assert executing == {
        "type": "tool_executing",
        "time": "2023-10-01T10:00:02Z",
        "user": "user_12345",
        "thread_id": "thread_67890",
        "tool_name": "lookup_pricing",
        "parameters": {"model": "gpt-4"},
    }
    assert event_type(completed) == "tool_completed"


@pytest.mark.asyncio
async def test_async_factory_can_be_replaced(ctx: UserExecutionContext, monkeypatch: pytest.MonkeyPatch) -> None:
    async def fake_factory(user_context: Any = None) -> RecordingManager:
        return RecordingManager(user_context)

    monkeypatch.setattr(
        "netra_backend.app.websocket_core.websocket_manager_factory.create_websocket_manager", fake_factory
    )
    from netra_backend.app.websocket_core import websocket_manager_factory

    manager = await websocket_manager_factory.create_websocket_manager(ctx)
    assert isinstance(manager, RecordingManager)
