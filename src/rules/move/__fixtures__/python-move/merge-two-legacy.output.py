import os
from netra_backend.app.websocket_core.websocket_manager import (
    WebSocketManager,
    WebSocketConnection,
)
