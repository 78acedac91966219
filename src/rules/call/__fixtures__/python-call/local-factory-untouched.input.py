def create_websocket_manager(ctx):
    return object()


async def f(ctx):
    return create_websocket_manager(ctx)
