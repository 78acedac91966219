import functools


class WebSocketManagerFactory:
    pass


_factory_instance = None


def get_websocket_manager_factory():
    global _factory_instance
    if _factory_instance is None:
        _factory_instance = WebSocketManagerFactory()
    return _factory_instance


@functools.lru_cache(maxsize=None)
def shared_factory():
    return WebSocketManagerFactory()
