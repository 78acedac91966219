from .websocket_manager import WebSocketManager


def check():
    return WebSocketManager.__name__
