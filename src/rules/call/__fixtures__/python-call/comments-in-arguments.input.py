from netra_backend.app.websocket_core.websocket_manager_factory import WebSocketManagerFactory


def build(ctx):
    return WebSocketManagerFactory().create_manager(
        ctx,  # the request's user
    )
