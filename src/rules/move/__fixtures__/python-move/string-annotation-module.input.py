# A module imported only for type checking and used in string annotations: the annotation names the canonical
# symbol and the import follows (inside the TYPE_CHECKING block).
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netra_backend.app.websocket_core import unified_manager


def handle(manager: "unified_manager.UnifiedWebSocketManager") -> "unified_manager.WebSocketConnection | None":
    return None
