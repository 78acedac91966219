from netra_backend.app.websocket_core.websocket_manager_factory import (
    WebSocketManagerFactory,
)
from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager


async def handler(ctx):
    return get_websocket_manager(user_context=ctx), WebSocketManagerFactory
