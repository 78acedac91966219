"""Unit tests of the WebSocket manager, still written against the pre-SSOT module paths."""
import importlib
from unittest.mock import AsyncMock, MagicMock, patch

import pytest

from netra_backend.app.services.user_execution_context import UserExecutionContext
from netra_backend.app.websocket_core.manager import WebSocketManager as LegacyManager
from netra_backend.app.websocket_core.websocket_manager_factory import (
    IsolatedWebSocketManager,
    create_websocket_manager_sync,
    get_websocket_manager_factory,
)


@pytest.fixture
def ctx() -> UserExecutionContext:
    return UserExecutionContext(user_id="user_12345", thread_id="thread_67890", run_id="run_1")


def test_unified_module_is_still_importable() -> None:
    module = importlib.import_module("netra_backend.app.websocket_core.unified_manager")  # canonize: ignore (checks the shim still imports)
    assert hasattr(module, "UnifiedWebSocketManager")


def test_isolated_manager_is_bound_to_its_user(ctx: UserExecutionContext) -> None:
    manager = IsolatedWebSocketManager(user_context=ctx)
    assert manager.user_id == "user_12345"


def test_sync_factory_returns_a_manager(ctx: UserExecutionContext) -> None:
    manager = create_websocket_manager_sync(user_context=ctx)
    assert isinstance(manager, LegacyManager)


@pytest.mark.asyncio
async def test_isolated_factory_binds_the_context(ctx: UserExecutionContext) -> None:
    manager = await get_websocket_manager_factory().create_isolated_manager(user_context=ctx)
    assert manager.user_context is ctx


@patch("netra_backend.app.websocket_core.manager.WebSocketManager")
def test_legacy_health_endpoint_reports_the_manager(mock_manager: MagicMock) -> None:
    from netra_backend.app.routes.health import legacy_manager_health

    mock_manager.__qualname__ = "WebSocketManager"
    assert legacy_manager_health()["legacy_manager"] == "WebSocketManager"


@pytest.mark.asyncio
async def test_websocket_health_uses_the_unified_manager() -> None:
    with patch("netra_backend.app.websocket_core.unified_manager.UnifiedWebSocketManager") as manager_cls:
        manager_cls.return_value.add_connection = AsyncMock()
        manager_cls.return_value.remove_connection = AsyncMock()
        from netra_backend.app.routes.health import websocket_health

        assert (await websocket_health())["status"] == "ok"
        manager_cls.assert_called_once()


def test_router_is_not_part_of_the_migration() -> None:
    with patch("netra_backend.app.websocket_core.MessageRouter") as router_cls:
        router_cls.return_value.register = MagicMock()
        assert router_cls.call_count == 0
