# A use of a module that moves whole marked `# canonize: ignore`: left as it is, so its import stays (reported);
# the other use is rewritten.
import netra_backend.app.websocket_core.manager as m

x = m.WebSocketManager.create()
y = m.WebSocketManager()  # canonize: ignore
