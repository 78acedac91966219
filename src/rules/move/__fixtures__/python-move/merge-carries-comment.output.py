from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager, WebSocketManager, WebSocketManager as M  # the manager # legacy alias
from netra_backend.app.websocket_core import (
    MessageRouter,
)
from netra_backend.app.websocket_core.websocket_manager import (get_websocket_manager as get)
