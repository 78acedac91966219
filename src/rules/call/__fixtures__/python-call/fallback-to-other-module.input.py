try:
    from netra_backend.app.websocket_core.canonical_imports import create_websocket_manager
except ImportError:
    from myapp.shims import create_websocket_manager


async def run(ctx):
    return await create_websocket_manager(ctx)
