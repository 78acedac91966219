"""DEPRECATED: ``netra_backend.app.websocket_core.manager``.

Kept so that old imports keep working during the SSOT migration. Import from
``netra_backend.app.websocket_core.websocket_manager`` instead.
"""
import warnings
from typing import TypedDict

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



class LegacyAgentEvent(TypedDict, total=False):
    """The agent event shape the first backend sent (before event_type / user_id / data): ``type``, an ISO
    ``time``, ``user``, and the payload keys beside them. Use ``websocket_manager.AgentEvent``."""

    type: str
    time: str
    user: str
    thread_id: str


__all__ = ["LegacyAgentEvent", "WebSocketConnection", "WebSocketManager", "get_websocket_manager"]
