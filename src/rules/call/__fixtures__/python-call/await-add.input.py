from netra_backend.app.legacy import fetch_manager


async def a(ctx):
    return fetch_manager(ctx).send()


def b(ctx):
    return fetch_manager(ctx)
