from netra_backend.app.services.events import EventBus
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
