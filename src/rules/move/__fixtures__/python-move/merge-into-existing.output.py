from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager, WebSocketManager

m: WebSocketManager = get_websocket_manager()
