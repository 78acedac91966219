from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


async def connect(context):
    manager = await create_websocket_manager(context)
    assert isinstance(manager, UnifiedWebSocketManager)
    return manager
