# A moved name reached through a package bound by a from-import (`from a import b` … `b.legacy.Name`), in a function.
from netra_backend import app
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
from netra_backend.app.services.events import EventBus


def make():
    return WebSocketManager(), EventBus()
