# A renamed symbol imported under a `global` declaration binds the module's name: it keeps its old name (an alias),
# as the module's references are not renamed from inside the function.
def init():
    global UnifiedWebSocketManager
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as UnifiedWebSocketManager


def make():
    return UnifiedWebSocketManager()
