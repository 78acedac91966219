from netra_backend.app.agents.interfaces import WebSocketManager
import netra_backend.app.websocket_core.manager as legacy

a = legacy.WebSocketManager()
b = legacy.WebSocketManager
