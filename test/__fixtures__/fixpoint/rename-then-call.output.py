# The move renames ConnectionManager to WebSocketManager; the call rule then rewrites the calls it created.
from app.ws.websocket_manager import WebSocketManager, get_websocket_manager


def handler(ctx):
    manager = get_websocket_manager(user_context=ctx)
    return manager


def typed(manager: WebSocketManager) -> None:
    pass
