# A module that moves whole, reached as an object through a parent package (`import a.b` … `a.b.legacy`).
import netra_backend.app

modules = [netra_backend.app.websocket_core.manager, netra_backend.app.config]
