from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager


class Service:
    manager_cls = UnifiedWebSocketManager

    def build(self, ctx) -> UnifiedWebSocketManager:
        manager: "UnifiedWebSocketManager" = UnifiedWebSocketManager(ctx)
        other.UnifiedWebSocketManager = 1
        configure(UnifiedWebSocketManager=manager)
        return manager


def shadowed(UnifiedWebSocketManager):
    return UnifiedWebSocketManager


def uses_global():
    return [UnifiedWebSocketManager for _ in range(2)]


NAME = "UnifiedWebSocketManager"
