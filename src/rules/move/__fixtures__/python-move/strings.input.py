import importlib
from unittest import mock


def test_patch(monkeypatch):
    with mock.patch("netra_backend.app.websocket_core.manager.WebSocketManager") as m:
        monkeypatch.setattr("netra_backend.app.websocket_core.unified_manager.UnifiedWebSocketManager.send", m)
        mod = importlib.import_module("netra_backend.app.websocket_core.manager")
        other = importlib.import_module('netra_backend.app.websocket_core.unified_manager')
        legacy = __import__("netra_backend.app.websocket_core.manager")
        stays = mock.patch("netra_backend.app.websocket_core.manager_utils.helper")
        text = "netra_backend.app.websocket_core.manager.WebSocketManager"
        f = mock.patch(f"netra_backend.app.websocket_core.manager.{name}")
        also = mock.patch(target='netra_backend.app.websocket_core.manager.WebSocketManager')
