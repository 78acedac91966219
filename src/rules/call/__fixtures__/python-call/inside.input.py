from netra_backend.app.legacy import fetch_manager


async def handler(ctx):
    manager = fetch_manager(ctx)
    return manager


def sync_handler(ctx):
    return fetch_manager(ctx)


factory = lambda ctx: fetch_manager(ctx)

GLOBAL = fetch_manager(None)
