from netra_backend.app.websocket_core.websocket_manager_factory import (
    WebSocketManagerFactory,
    create_websocket_manager,
)


async def handler(ctx):
    return await create_websocket_manager(user_context=ctx), WebSocketManagerFactory
