from netra_backend.app.websocket_core import (
    MessageRouter,  # routes messages
    WebSocketManager,  # the manager
    broadcast,
)
