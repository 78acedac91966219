# A legacy module imported under a `global` declaration: its uses elsewhere are not followed, so it is reported.
def init():
    global um
    import netra_backend.app.websocket_core.unified_manager as um


def make():
    return um.UnifiedWebSocketManager()
