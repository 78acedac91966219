# A module-level instance the rename creates is reported by the call rule on the second pass, on its original line.
from app.ws.websocket_manager import WebSocketManager, get_websocket_manager

_default = WebSocketManager(None)


async def handler(ctx):
    return get_websocket_manager(user_context=ctx)
