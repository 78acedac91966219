from netra_backend.app.websocket_core.websocket_manager_factory import WebSocketManagerFactory, get_websocket_manager_factory


def build(ctx):
    return WebSocketManagerFactory().create_manager(user_context=ctx)


async def isolated(ctx):
    return await get_websocket_manager_factory().create_isolated_manager(ctx)
