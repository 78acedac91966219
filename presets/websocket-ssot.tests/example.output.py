from netra_backend.app.websocket_core.websocket_manager import (
    WebSocketManager,
    get_websocket_manager,
)


async def connect(context):
    manager = get_websocket_manager(user_context=context)
    assert isinstance(manager, WebSocketManager)
    return manager
