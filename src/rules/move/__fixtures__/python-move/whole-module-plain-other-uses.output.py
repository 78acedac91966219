# `import a.b.legacy` whose first name is also used for other modules, the canonical module under the same first
# name: the legacy uses are rewritten and the import follows the move (`import a.c.canonical` still binds `a`).
import netra_backend.app.websocket_core.websocket_manager
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

manager = WebSocketManager()
settings = netra_backend.app.config.settings
