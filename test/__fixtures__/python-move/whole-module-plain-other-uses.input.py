# `import a.b.legacy` whose first name is also used for other modules: the legacy uses are rewritten, and the import,
# which must stay, is reported.
import netra_backend.app.websocket_core.manager

manager = netra_backend.app.websocket_core.manager.WebSocketManager()
settings = netra_backend.app.config.settings
