# Relative imports that cannot be resolved (a top-level file has no package) but end in a legacy module's last
# segment: reported, as nothing can say whether they are that module.
from . import manager
from .unified_manager import UnifiedWebSocketManager
from . import helpers

x = manager.WebSocketManager()
