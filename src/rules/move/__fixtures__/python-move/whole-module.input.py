import os
from netra_backend.app.websocket_core.manager import WebSocketManager

manager: WebSocketManager | None = None
