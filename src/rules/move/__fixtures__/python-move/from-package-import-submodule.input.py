from netra_backend.app.websocket_core import manager, MessageRouter

router = MessageRouter(manager.WebSocketManager())
