# -*- coding: utf-8 -*-
EMOJI = "🚀🚀🚀 – naïve"
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager
x = {"ключ": UnifiedWebSocketManager}  # 日本語
