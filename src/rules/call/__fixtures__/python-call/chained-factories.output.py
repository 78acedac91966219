from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager


def build(ctx):
    return get_websocket_manager(user_context=ctx)


async def isolated(ctx):
    return get_websocket_manager(ctx)
