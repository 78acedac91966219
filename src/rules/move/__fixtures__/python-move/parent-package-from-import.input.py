# A moved name reached through a package bound by a from-import (`from a import b` … `b.legacy.Name`), in a function.
from netra_backend import app


def make():
    return app.websocket_core.WebSocketManager(), app.services.websocket.EventBus()
