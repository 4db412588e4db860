"""API routers of the exit resources, mounted by api/api.py."""

routers: list = []
