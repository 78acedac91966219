# A moved name reached through a parent package imported dotted (`import a.b` … `a.b.legacy.Name.attr`).
import netra_backend.app

handler = netra_backend.app.websocket_core.manager.WebSocketManager.handle
router = netra_backend.app.websocket_core.MessageRouter
