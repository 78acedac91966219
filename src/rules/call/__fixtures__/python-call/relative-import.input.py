from .websocket_manager_factory import create_websocket_manager


async def f(ctx):
    return await create_websocket_manager(ctx)
