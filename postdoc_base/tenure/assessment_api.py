"""API routers of the assessment resources, mounted by api/api.py."""

routers: list = []
