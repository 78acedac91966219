from .unified_manager import UnifiedWebSocketManager, WebSocketConnection
from .message_router import MessageRouter

shim = UnifiedWebSocketManager
