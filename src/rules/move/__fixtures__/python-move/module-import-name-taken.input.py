# A partly moved module imported as a module, whose moved name's canonical spelling is taken here: each use is reported.
from netra_backend.app.agents.interfaces import WebSocketManager
import netra_backend.app.websocket_core.unified_manager as legacy

a = legacy.UnifiedWebSocketManager()
b = legacy.UnifiedWebSocketManager
