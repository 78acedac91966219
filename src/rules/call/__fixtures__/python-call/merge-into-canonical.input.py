from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


async def f(ctx) -> WebSocketManager:
    return await create_websocket_manager(ctx)
