from ..websocket_core.manager import WebSocketManager
