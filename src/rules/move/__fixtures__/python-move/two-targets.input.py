from netra_backend.app.services.websocket import EventBus, WebSocketManager
