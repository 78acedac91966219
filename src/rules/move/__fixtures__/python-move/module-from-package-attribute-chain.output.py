# `from a.b import legacy` … `legacy.Name.attr`: the chain keeps its tail, in code and in a class body.
from netra_backend.app.websocket_core.websocket_manager import (
    WebSocketConnection,
    WebSocketManager,
)


class Room(WebSocketConnection.Base):
    kind = WebSocketManager.Kind.ROOM


def get():
    return WebSocketManager.get_instance()
