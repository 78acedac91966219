# A legacy module imported under a `global` declaration: its uses elsewhere are not followed; the import and each
# use through it are reported.
def init():
    global um
    import netra_backend.app.websocket_core.unified_manager as um


def make():
    return um.UnifiedWebSocketManager()
