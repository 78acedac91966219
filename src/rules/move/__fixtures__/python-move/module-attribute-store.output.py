# A moved name assigned or deleted through a module that stays (`um.Name = v`, `del um.Name`): a bare name would bind
# a local instead of patching the module, and a from-import would not see the patch, so every use of that name
# through the module is reported and left as it is (the import stays); another moved name is still rewritten.
import netra_backend.app.websocket_core.unified_manager as um
from netra_backend.app.websocket_core.websocket_manager import WebSocketConnection


def test_fake_manager():
    original = um.UnifiedWebSocketManager
    um.UnifiedWebSocketManager = object
    try:
        return WebSocketConnection()
    finally:
        um.UnifiedWebSocketManager = original
        um.UnifiedWebSocketManager.instances.clear()
