# Café ☕ — gestion des connexions 🚀
GREETING = "héllo wörld"
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager  # überall
