import netra_backend.app.websocket_core.unified_manager as um

manager = um.UnifiedWebSocketManager()
conn = um.WebSocketConnection()
