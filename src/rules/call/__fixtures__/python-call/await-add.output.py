from netra_backend.app.legacy import fetch_manager
from netra_backend.app.async_api import get_manager_async


async def a(ctx):
    return (await get_manager_async(user_context=ctx)).send()


def b(ctx):
    return fetch_manager(ctx)
