"""gunicorn settings for production (``gunicorn -c deploy/gunicorn.conf.py config.wsgi``).

Every value can be overridden from the environment, so the same file serves a test run on a local port
(.ci/production) and the systemd unit (deploy/systemd/postdoc-base-web.service).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: requests are short (long work runs in the Huey worker); 2 per core plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Restart workers now and then so that a slow leak in a library cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# The reverse proxy in front (deploy/nginx.conf.example) is the only client; it sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
pidfile = os.environ.get("GUNICORN_PID_FILE") or None
# TLS in gunicorn itself is optional (the proxy normally ends TLS); .ci/production uses it with a
# throwaway certificate so that the smoke walk and the browser speak HTTPS as users do.
certfile = os.environ.get("GUNICORN_CERTFILE") or None
keyfile = os.environ.get("GUNICORN_KEYFILE") or None
