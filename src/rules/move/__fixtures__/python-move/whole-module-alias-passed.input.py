# A module that moves whole, imported with an alias and used as an object (passed, compared, deleted): the import
# follows the move, `import CANONICAL as m`; every use stays as it is.
import netra_backend.app.websocket_core.manager as m

register(m)
if m is not None:
    print(m.WebSocketManager, m.__name__)
del m
