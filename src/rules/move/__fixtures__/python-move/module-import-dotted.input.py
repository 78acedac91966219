import os
import netra_backend.app.websocket_core.manager


def make():
    return netra_backend.app.websocket_core.manager.WebSocketManager()
