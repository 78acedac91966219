# One name bound by a canonical import and, as a fallback, by a module that moves whole: the fallback follows the
# move, so the uses mean the same whichever branch ran.
try:
    import netra_backend.app.websocket_core.websocket_manager as ws
except ImportError:
    import netra_backend.app.websocket_core.websocket_manager as ws

manager = ws.WebSocketManager()
