from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager
from netra_backend.app.websocket_core import (
    MessageRouter,
    WebSocketManager,  # the manager
)
from netra_backend.app.websocket_core.websocket_manager import (get_websocket_manager as get)
from netra_backend.app.websocket_core.manager import (
    WebSocketManager as M,  # legacy alias
)
