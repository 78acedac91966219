from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager


async def f(ctx):
    return get_websocket_manager(user_context=ctx) or get_websocket_manager()
