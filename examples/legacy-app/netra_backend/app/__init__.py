"""Netra backend application: HTTP/WebSocket routes, services and agents."""
