# -*- coding: latin-1 -*-
# Gérant
from netra_backend.app.websocket_core.manager import WebSocketManager
