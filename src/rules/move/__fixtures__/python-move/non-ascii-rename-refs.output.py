# -*- coding: utf-8 -*-
EMOJI = "🚀🚀🚀 – naïve"
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
x = {"ключ": WebSocketManager}  # 日本語
