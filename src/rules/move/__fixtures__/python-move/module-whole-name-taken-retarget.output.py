# A module that moves whole, imported as a module whose name's canonical spelling is taken here: the import follows
# the move (`import CANONICAL as legacy`), and `legacy.WebSocketManager` stays valid.
from netra_backend.app.agents.interfaces import WebSocketManager
import netra_backend.app.websocket_core.websocket_manager as legacy

a = legacy.WebSocketManager()
b = legacy.WebSocketManager
