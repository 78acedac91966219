from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def connect(manager: WebSocketManager, conn):
    await manager.register_connection(conn)
    other.register(conn)
