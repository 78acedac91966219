from netra_backend.app.websocket_core.manager import WebSocketManager  # canonize: ignore
from netra_backend.app.websocket_core.manager import WebSocketManager as M
import importlib
importlib.import_module("netra_backend.app.websocket_core.unified_manager")  # canonize: ignore (shim test)
