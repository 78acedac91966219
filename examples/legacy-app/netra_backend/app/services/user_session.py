"""Sesiones de usuario — gestión de las conexiones de cada usuario.

Note from José Müller: display names arrive as "Élodie", "Núñez", "Søren" or "渡辺"; keep them as str and never
encode them here. 🚀
"""
# Ça marche — déjà vérifié en préproduction ✓ 🎉
from __future__ import annotations

from typing import Any, Dict

from netra_backend.app.services.user_execution_context import UserExecutionContext
from netra_backend.app.websocket_core.unified_manager_compat import UnifiedWebSocketManager
from netra_backend.app.websocket_core.websocket_factory_compat import websocket_factory

GREETING = "¡Bienvenido, {name}! 👋"


class UserSession:
    def __init__(self, ctx: UserExecutionContext, display_name: str) -> None:
        self.ctx = ctx
        self.display_name = display_name
        self.manager = UnifiedWebSocketManager(user_context=ctx)

    async def greet(self) -> int:
        message: Dict[str, Any] = {"type": "greeting", "text": GREETING.format(name=self.display_name)}
        return await self.manager.send_to_user(self.ctx.user_id, message)


def background_manager(ctx: UserExecutionContext) -> Any:
    """Manager for jobs that run after the session's request has finished."""
    return websocket_factory(ctx)
