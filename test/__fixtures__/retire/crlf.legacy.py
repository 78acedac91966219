"""Café client (legacy)."""
from app.canonical import Client, Session

DEFAULT_SESSION = Session()

__all__ = ["Client", "DEFAULT_SESSION"]
