from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


def helper(ctx):
    def create_websocket_manager(c):
        return c

    return create_websocket_manager(ctx)


async def real(ctx):
    return await create_websocket_manager(ctx)
