# Appending after a last name with no trailing comma and a comment after it; the moved name keeps its comment.
from netra_backend.app.websocket_core.websocket_manager import (
    get_websocket_manager,
    WebSocketConnection  # connections
)
from netra_backend.app.websocket_core.manager import (
    WebSocketManager,  # the manager
)

manager = WebSocketManager()
