from netra_backend.app.websocket_core.websocket_manager import WebSocketManager, get_websocket_manager


async def f(ctx) -> WebSocketManager:
    return get_websocket_manager(user_context=ctx)
