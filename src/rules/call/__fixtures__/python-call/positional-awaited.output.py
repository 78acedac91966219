from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager


async def handler(ctx):
    manager = get_websocket_manager(user_context=ctx)
    return manager
