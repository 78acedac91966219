# A submodule of a whole move imported as a module: the import is reported, and so is every use that goes through
# the whole-moved module by it (conformance: xml/sax/expatreader.py).
if __name__ == "__main__":
    import netra_backend.app.websocket_core.manager.helpers
    netra_backend.app.websocket_core.manager.helpers.run()
    m = netra_backend.app.websocket_core.manager.WebSocketManager()
