# A module that moves whole, used for a name the canonical module does not define: that use is an error, the module
# object is not the canonical one (not re-imported, reported), and the import stays (reported); other names move.
import netra_backend.app.websocket_core.manager as m
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

a = m.Missing()
b = WebSocketManager()
register(m)
