"""API routers of the output resources, mounted by api/api.py."""

routers: list = []
