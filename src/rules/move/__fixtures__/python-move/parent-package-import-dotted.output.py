# A moved name reached through a parent package imported dotted (`import a.b` … `a.b.legacy.Name.attr`).
import netra_backend.app
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

handler = WebSocketManager.handle
router = netra_backend.app.websocket_core.MessageRouter
