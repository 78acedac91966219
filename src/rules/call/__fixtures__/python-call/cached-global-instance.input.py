from netra_backend.app.websocket_core.websocket_manager_factory import WebSocketManagerFactory

_factory = None


def get_factory():
    global _factory
    if _factory is None:
        _factory = WebSocketManagerFactory()
    return _factory
