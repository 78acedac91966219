from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager


async def a(ctx):
    return get_websocket_manager(user_context=ctx)


async def b(ctx):
    return get_websocket_manager(user_context=ctx)
