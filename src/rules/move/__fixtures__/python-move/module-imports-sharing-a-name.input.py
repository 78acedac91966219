# Several `import a.x` statements binding the same first name: each use is rewritten through the legacy module it
# spells out; an import goes once nothing needs it (another import keeps `netra_backend` bound), and one whose
# module still serves a name that stays (`helper`) is kept.
import netra_backend.app.config
import netra_backend.app.websocket_core.manager
import netra_backend.app.websocket_core.unified_manager

settings = netra_backend.app.config.settings
manager = netra_backend.app.websocket_core.manager.WebSocketManager()
other = netra_backend.app.websocket_core.unified_manager.UnifiedWebSocketManager()
helper = netra_backend.app.websocket_core.unified_manager.helper
