# `from a.b import legacy` … `legacy.Name.attr`: the chain keeps its tail, in code and in a class body.
from netra_backend.app.websocket_core import unified_manager


class Room(unified_manager.WebSocketConnection.Base):
    kind = unified_manager.UnifiedWebSocketManager.Kind.ROOM


def get():
    return unified_manager.UnifiedWebSocketManager.get_instance()
