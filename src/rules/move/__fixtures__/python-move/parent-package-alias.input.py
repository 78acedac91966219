# Packages bound by aliases (`import a.b as ab`, `import a.b.pkg as wc` where the package itself moves some names):
# the longest legacy module a chain spells out decides; names that stay are left alone.
import netra_backend.app as nba
import netra_backend.app.websocket_core as wc

a = nba.websocket_core.manager.WebSocketManager()
b = wc.WebSocketManager()
c = wc.manager.WebSocketManager()
d = wc.MessageRouter()
e = wc.unified_manager.UnifiedWebSocketManager()
