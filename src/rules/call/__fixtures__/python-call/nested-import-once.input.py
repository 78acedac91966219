async def for_user(ctx, isolated):
    from netra_backend.app.websocket_core.websocket_manager_factory import get_websocket_manager_factory

    if isolated:
        return await get_websocket_manager_factory().create_isolated_manager(ctx)
    else:
        from netra_backend.app.websocket_core.websocket_manager_factory import WebSocketManagerFactory

        return WebSocketManagerFactory().create_manager(user_context=ctx)


def other(ctx):
    from netra_backend.app.websocket_core.websocket_manager_factory import WebSocketManagerFactory

    return WebSocketManagerFactory().create_manager(ctx)
