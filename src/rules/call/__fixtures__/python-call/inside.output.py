from netra_backend.app.legacy import fetch_manager
from netra_backend.app.async_api import get_manager_async
from netra_backend.app.sync_api import get_manager_sync


async def handler(ctx):
    manager = await get_manager_async(user_context=ctx)
    return manager


def sync_handler(ctx):
    return get_manager_sync(user_context=ctx)


factory = lambda ctx: get_manager_sync(user_context=ctx)

GLOBAL = fetch_manager(None)
