# Modules that move whole, imported for their side effects or re-exported, with no use here: the imports follow the
# move (the module object relocates).
import netra_backend.app.websocket_core.websocket_manager
from netra_backend.app.websocket_core import websocket_manager as ws_manager

__all__ = ["ws_manager"]
