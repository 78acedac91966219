# `case` patterns: `m.Name.X` (a value pattern) and `m.Name()` (a class pattern) are rewritten; `m.Name` alone would
# become a capture pattern as a bare name, so it is reported; captures (`other`) bind names of their own.
from netra_backend.app.websocket_core import unified_manager as um


def kind(event):
    match event:
        case um.UnifiedWebSocketManager.CONNECTED:
            return "connected"
        case um.WebSocketConnection(state=other):
            return other
        case um.UnifiedWebSocketManager:
            return "class"
    return None
