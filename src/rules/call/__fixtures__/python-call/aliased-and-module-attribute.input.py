import netra_backend.app.websocket_core.websocket_manager_factory as wsf
from netra_backend.app.websocket_core.canonical_imports import create_websocket_manager as make_manager


async def a(ctx):
    return await wsf.create_websocket_manager(ctx)


async def b(ctx):
    return await make_manager(user_context=ctx)
