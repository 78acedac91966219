# The move renames ConnectionManager to WebSocketManager; the call rule then rewrites the calls it created.
from app.ws.unified_manager import ConnectionManager


def handler(ctx):
    manager = ConnectionManager(ctx)
    return manager


def typed(manager: ConnectionManager) -> None:
    pass
