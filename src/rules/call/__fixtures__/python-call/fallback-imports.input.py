try:
    from netra_backend.app.websocket_core.canonical_imports import create_websocket_manager
except ImportError:  # older deployments
    from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


async def run(ctx):
    return await create_websocket_manager(ctx)
