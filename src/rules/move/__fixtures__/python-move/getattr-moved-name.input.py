# A moved name asked of a partly moved module by string (getattr, hasattr): reported, not rewritten.
import netra_backend.app.websocket_core.unified_manager as um

manager_class = getattr(um, "UnifiedWebSocketManager")
has_connection = hasattr(um, "WebSocketConnection")
still_there = getattr(um, "helper")
