# Inside the legacy package, `from . import Name` reaches it without spelling its name: the prefilter must still let
# the file through (the dots are a needle there), and the import is rewritten like any other.
from . import other_helper
from .websocket_manager import WebSocketManager


def handler():
    return WebSocketManager(), other_helper
