try:
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
except ImportError:  # older deployments
    WebSocketManager = None


def enabled():
    return WebSocketManager is not None
