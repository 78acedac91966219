# -*- coding: latin-1 -*-
# Gérant
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
