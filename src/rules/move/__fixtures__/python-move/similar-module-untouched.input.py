from netra_backend.app.websocket_core.manager_utils import WebSocketManager
from netra_backend.app.websocket_core import MessageRouter
s = "netra_backend.app.websocket_core.manager"
# from netra_backend.app.websocket_core.manager import WebSocketManager
