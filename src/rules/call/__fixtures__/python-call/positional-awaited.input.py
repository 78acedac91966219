from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


async def handler(ctx):
    manager = await create_websocket_manager(ctx)
    return manager
