from netra_backend.app.websocket_core import (
    MessageRouter,  # routes messages
    broadcast,
)
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager  # the manager
