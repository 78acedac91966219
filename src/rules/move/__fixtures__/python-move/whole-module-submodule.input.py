# A submodule of a module that moves whole: its import is not rewritten (where it lives now is not known), reported.
import netra_backend.app.websocket_core.manager.helpers
from netra_backend.app.websocket_core.manager.helpers import retry
