"""A small fixed-window rate limit on Django's cache (LocMem in development, Redis in production).

``hit(scope, key, rate)`` counts one use and says whether it is within the limit; ``release`` gives a use
back when the action it guarded did not happen (a form error, a refusal), so a visitor who mistypes is not
locked out. Counting is atomic on both backends (``add`` then ``incr``).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

KEY_PREFIX = "ratelimit"


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"5/3600"``: at most 5 uses per 3600 seconds."""
        limit, _sep, window = str(text).partition("/")
        rate = cls(int(limit), int(window))
        if rate.limit < 1 or rate.window < 1:
            raise ValueError(f"bad rate {text!r}")
        return rate


def rate_setting(name: str, default: str) -> Rate:
    return Rate.parse(getattr(settings, name, default) or default)


def client_ip(request) -> str:
    """The client's address. Behind a reverse proxy set ``settings.CLIENT_IP_HEADER`` to the META key the
    proxy fills (e.g. ``"HTTP_X_REAL_IP"``); otherwise ``REMOTE_ADDR`` is used, which a client cannot forge."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    value = value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "") or "unknown"
    return value[:64]


def _key(scope: str, key: str) -> str:
    return f"{KEY_PREFIX}:{scope}:{key}"


def hit(scope: str, key: str, rate: Rate) -> bool:
    """Count one use of ``scope`` by ``key``; True while the count is within ``rate.limit``."""
    cache_key = _key(scope, key)
    cache.add(cache_key, 0, timeout=rate.window)  # starts the window; no-op when it is running
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=rate.window)
        count = 1
    return count <= rate.limit


def release(scope: str, key: str) -> None:
    """Give back one use counted by ``hit`` (the guarded action did not take place)."""
    with contextlib.suppress(ValueError):
        cache.decr(_key(scope, key))


__all__ = ["Rate", "rate_setting", "client_ip", "hit", "release"]
