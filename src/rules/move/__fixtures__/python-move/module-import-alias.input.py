import netra_backend.app.websocket_core.unified_manager as um


def health():
    manager = um.UnifiedWebSocketManager()
    return um.HEALTH_TIMEOUT, manager
