# `import a.b.legacy` whose first name is also used for other modules, the canonical module under another first
# name: the legacy uses are rewritten; the import must stay (`import x.canonical` would not bind `a`): reported.
import legacy_pkg.manager
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

manager = WebSocketManager()
settings = legacy_pkg.config.settings
