try:
    from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager
except ImportError:  # older deployments
    UnifiedWebSocketManager = None


def enabled():
    return UnifiedWebSocketManager is not None
