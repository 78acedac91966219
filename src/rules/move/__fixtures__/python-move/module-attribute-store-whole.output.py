# A moved name assigned through a module that moves whole, bound under its own name: the import follows the move
# (`import CANONICAL as m`), so the assignment patches the module the name now lives in; the uses stay as they are.
import netra_backend.app.websocket_core.websocket_manager as m


def test_fake_manager():
    original = m.WebSocketManager
    m.WebSocketManager = object
    m.WebSocketManager = original
