from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


class Service:
    manager_cls = WebSocketManager

    def build(self, ctx) -> WebSocketManager:
        manager: "WebSocketManager" = WebSocketManager(ctx)
        other.UnifiedWebSocketManager = 1
        configure(UnifiedWebSocketManager=manager)
        return manager


def shadowed(UnifiedWebSocketManager):
    return UnifiedWebSocketManager


def uses_global():
    return [WebSocketManager for _ in range(2)]


NAME = "UnifiedWebSocketManager"
