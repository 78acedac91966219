# A module-level instance the rename creates is reported by the call rule on the second pass, on its original line.
from app.ws.unified_manager import ConnectionManager

_default = ConnectionManager(None)


async def handler(ctx):
    return ConnectionManager(ctx)
