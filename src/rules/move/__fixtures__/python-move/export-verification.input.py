from netra_backend.app.websocket_core.manager import WebSocketManager, LegacyHelper
