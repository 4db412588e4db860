routers = []
