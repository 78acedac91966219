"""DEPRECATED: ``netra_backend.app.websocket_core.manager``.

Kept so that old imports keep working during the SSOT migration. Import from
``netra_backend.app.websocket_core.websocket_manager`` instead.
"""
import warnings

from netra_backend.app.websocket_core.websocket_manager import (  # noqa: F401
    WebSocketConnection,
    WebSocketManager,
    get_websocket_manager,
)

warnings.warn(
    "netra_backend.app.websocket_core.manager is deprecated; "
    "import WebSocketManager from netra_backend.app.websocket_core.websocket_manager",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = ["WebSocketConnection", "WebSocketManager", "get_websocket_manager"]
