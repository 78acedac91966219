from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netra_backend.app.websocket_core import WebSocketManager, MessageRouter


class Handler:
    from netra_backend.app.websocket_core.manager import WebSocketManager as Manager

    def run(self) -> "WebSocketManager":
        return self.Manager()
