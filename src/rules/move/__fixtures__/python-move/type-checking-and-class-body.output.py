from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netra_backend.app.websocket_core import MessageRouter
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


class Handler:
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as Manager

    def run(self) -> "WebSocketManager":
        return self.Manager()
