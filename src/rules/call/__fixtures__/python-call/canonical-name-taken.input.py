from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager
from myapp.compat import get_websocket_manager


async def f(ctx):
    return await create_websocket_manager(ctx)
