try:
    from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager
except ImportError:  # older deployments
    from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager


async def run(ctx):
    return get_websocket_manager(user_context=ctx)
