# A module that moves whole, reached as an object through a parent package (`import a.b` … `a.b.legacy`).
import netra_backend.app
from netra_backend.app.websocket_core import websocket_manager

modules = [websocket_manager, netra_backend.app.config]
