# One name bound by two imports, one of a partly moved module: which one a use sees depends on how the program ran,
# so the uses of moved names are reported, not rewritten.
try:
    import netra_backend.app.websocket_core.websocket_manager as ws
except ImportError:
    import netra_backend.app.websocket_core.unified_manager as ws

manager = ws.UnifiedWebSocketManager()
