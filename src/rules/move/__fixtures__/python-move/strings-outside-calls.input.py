# Strings that name a moved symbol or a module that moves whole outside a plain call argument (assignments, lists,
# f-strings, sys.modules keys): reported, not rewritten; a docstring and a name that does not move are left alone.
"""Patches netra_backend.app.websocket_core.manager.WebSocketManager in tests."""
import sys

TARGET = "netra_backend.app.websocket_core.manager.WebSocketManager"
TARGETS = ["netra_backend.app.websocket_core.unified_manager.UnifiedWebSocketManager", "netra_backend.app.websocket_core.unified_manager.helper"]
loaded = sys.modules["netra_backend.app.websocket_core.manager"]
label = f"netra_backend.app.websocket_core.unified_manager.{name}"
