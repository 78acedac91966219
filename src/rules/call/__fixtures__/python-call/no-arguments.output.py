from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager


async def f():
    return get_websocket_manager()
