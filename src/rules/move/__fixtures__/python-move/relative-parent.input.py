from ..websocket_core.manager import WebSocketManager
from . import base_agent
