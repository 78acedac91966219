async def for_user(ctx, isolated):
    from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager

    if isolated:
        return get_websocket_manager(ctx)
    else:
        return get_websocket_manager(user_context=ctx)


def other(ctx):
    from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager

    return get_websocket_manager(ctx)
