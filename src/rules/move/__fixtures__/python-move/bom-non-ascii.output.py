# Café ☕ — gestion des connexions 🚀
GREETING = "héllo wörld"
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager  # überall
