from . import manager


def check():
    return manager.WebSocketManager.__name__
