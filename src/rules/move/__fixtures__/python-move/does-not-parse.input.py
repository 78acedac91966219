from netra_backend.app.websocket_core.manager import WebSocketManager
<<<<<<< HEAD
x = 1
=======
x = 2
>>>>>>> feature
