from ..websocket_core.websocket_manager import WebSocketManager
from . import base_agent
