from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

a = WebSocketManager()
b = WebSocketManager()
