# Ünïcode 🚀
from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager


async def f(ctx):
    name = "naïve – 日本"
    return get_websocket_manager(user_context=ctx)
