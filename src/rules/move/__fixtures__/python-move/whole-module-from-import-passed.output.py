# A module that moves whole, imported from its package and used as an object: `from x.y import canonical as legacy`.
from netra_backend.app.websocket_core import MessageRouter, websocket_manager as manager

router = MessageRouter(manager)
