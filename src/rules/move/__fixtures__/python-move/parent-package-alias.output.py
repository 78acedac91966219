# Packages bound by aliases (`import a.b as ab`, `import a.b.pkg as wc` where the package itself moves some names):
# the longest legacy module a chain spells out decides; names that stay are left alone.
import netra_backend.app as nba
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
import netra_backend.app.websocket_core as wc

a = WebSocketManager()
b = WebSocketManager()
c = WebSocketManager()
d = wc.MessageRouter()
e = WebSocketManager()
