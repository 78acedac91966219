# Appending to a parenthesised list that closes on its last name's line: the new line goes before the bracket,
# and a carried comment moves the bracket to a line of its own.
from netra_backend.app.websocket_core.websocket_manager import (get_websocket_manager,
                                                               WebSocketConnection,
                                                               WebSocketManager  # the manager
)

manager = WebSocketManager()
