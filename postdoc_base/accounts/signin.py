"""Sign-in security shared by the login page and ``POST /api/v1/auth/token`` (issue 9, item 4): one ``sign_in``
that both call, the throttles it applies per client address, and the one answer it gives.

The policy, in three layers (numbers from settings, defaults below):

1. **Per address, all accounts** (``LOGIN_ADDRESS_RATE_LIMIT``, default 20 failures per 15 minutes): a
   failed sign-in from an address counts, whichever name was tried; when the window's count is spent, every
   further attempt from that address is refused before any password is checked (the right one too), until
   the window ends: HTTP 429 with ``rate_limited`` on the API, the form error on the page. This stops one
   address guessing passwords across accounts. A success gives back only its own attempt, so signing in
   with one's own account does not reset the count for guessing at others.
2. **Per address and account name** (``LOCKOUT_THRESHOLD`` failures within ``LOCKOUT_MINUTES``, the numbers
   the account lockout always had): the name is refused from that address for the rest of the window, with
   the same answer as a wrong password, so from one address an account behaves as locked. Other addresses
   are not affected. Unknown names are treated alike, so the answer never tells which names exist. The
   region administrator's unlock and every password reset lift it (``forget_failures``).
3. **Per account, all addresses** (``accounts.backends``, ``services.login_failure_record``): the account
   itself is locked for ``LOCKOUT_MINUTES`` when failures from ``LOCKOUT_THRESHOLD`` *different* addresses
   come in a row; repeated failures from one address count once. No single address can therefore lock an
   account (the region administrator included); many addresses can, which is what the lock is for.

Unknown name, wrong password, inactive or locked account, and a name refused by layer 2 all get the same
message and status, and each spends one password hash, so timing does not tell them apart either.

Password-reset requests (``services.password_reset_request``) are throttled too: per address, every request
counts (``PASSWORD_RESET_RATE_LIMIT``, default 10 per hour, then 429 with the form), and per account at most
``PASSWORD_RESET_MAIL_RATE_LIMIT`` mails (default 3 per hour), silently, so the answer stays the same.

IPv6 addresses are taken per /64 (one subscriber's usual allocation), IPv4 addresses whole. The address
itself comes from ``kernel.ratelimit.client_ip`` (``settings.CLIENT_IP_HEADER`` behind a proxy).
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel import ratelimit
from postdoc_base.policy.findings import lazy_format

ADDRESS_RATE_SETTING = "LOGIN_ADDRESS_RATE_LIMIT"
ADDRESS_RATE_DEFAULT = "20/900"
ADDRESS_SCOPE = "login_address"
NAME_SCOPE = "login_name_address"
EPOCH_PREFIX = "login_epoch"
# Password-reset requests: per client address (every request counts), and mails per account (silently).
RESET_RATE_SETTING = "PASSWORD_RESET_RATE_LIMIT"
RESET_RATE_DEFAULT = "10/3600"
RESET_SCOPE = "password_reset_address"
RESET_MAIL_RATE_SETTING = "PASSWORD_RESET_MAIL_RATE_LIMIT"
RESET_MAIL_RATE_DEFAULT = "3/3600"
RESET_MAIL_SCOPE = "password_reset_account"

INVALID_LOGIN = _("用户名或密码不正确，或账户已被暂时锁定，请稍后再试。")
ADDRESS_LIMITED = _("本网络地址登录失败次数过多（每%(minutes)d分钟最多%(limit)d次），请稍后再试。")
RESET_LIMITED = _("本网络地址申请重设密码过于频繁（每%(minutes)d分钟最多%(limit)d次），请稍后再试。")


class LoginRefused(Exception):
    """A refused sign-in: ``code`` for API clients, ``message`` to show, ``status`` for the HTTP answer."""

    def __init__(self, code: str, message, status: int):
        self.code, self.message, self.status = code, message, status
        super().__init__(str(message))


def invalid_login() -> LoginRefused:
    return LoginRefused("invalid_credentials", INVALID_LOGIN, 401)


def rate_limited(message_text, rate: ratelimit.Rate) -> LoginRefused:
    message = lazy_format(message_text, minutes=max(1, rate.window // 60), limit=rate.limit)
    return LoginRefused("rate_limited", message, 429)


def address_rate() -> ratelimit.Rate:
    return ratelimit.rate_setting(ADDRESS_RATE_SETTING, ADDRESS_RATE_DEFAULT)


def name_rate() -> ratelimit.Rate:
    return ratelimit.Rate(settings.LOCKOUT_THRESHOLD, settings.LOCKOUT_MINUTES * 60)


def reset_rate() -> ratelimit.Rate:
    return ratelimit.rate_setting(RESET_RATE_SETTING, RESET_RATE_DEFAULT)


def reset_mail_rate() -> ratelimit.Rate:
    return ratelimit.rate_setting(RESET_MAIL_RATE_SETTING, RESET_MAIL_RATE_DEFAULT)


def address_of(request) -> str:
    """The throttling key of the client's address: the address itself, or its /64 network for IPv6."""
    text = ratelimit.client_ip(request)
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return text
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def spend_password_hash(password: str) -> None:
    """Spend the time of one password check where none is made, so that timing tells nothing."""
    get_user_model()().set_password(password)


def _digest(username: str) -> str:
    return hashlib.sha256(username.encode()).hexdigest()[:32]


def _epoch_key(username: str) -> str:
    return f"{EPOCH_PREFIX}:{_digest(username)}"


def _name_key(address: str, username: str) -> str:
    # The epoch changes when the account's failures are forgiven, which starts every address afresh.
    epoch = cache.get(_epoch_key(username), "")
    return f"{address}:{_digest(f'{username}:{epoch}')}"


def forget_failures(username: str) -> None:
    """Lift layer 2 for ``username`` from every address (an unlock or a password reset)."""
    cache.set(_epoch_key(username), secrets.token_hex(8), timeout=name_rate().window + 60)


def sign_in(request, *, username: str, password: str):
    """The active user with this name and password, or ``LoginRefused`` (see the module's policy)."""
    address = address_of(request)
    limit = address_rate()
    if not ratelimit.hit(ADDRESS_SCOPE, address, limit):
        raise rate_limited(ADDRESS_LIMITED, limit)
    name_key = _name_key(address, username)
    if not ratelimit.hit(NAME_SCOPE, name_key, name_rate()):
        spend_password_hash(password)
        raise invalid_login()
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise invalid_login()
    ratelimit.release(ADDRESS_SCOPE, address)
    ratelimit.release(NAME_SCOPE, name_key)
    return user


__all__ = [
    "INVALID_LOGIN",
    "LoginRefused",
    "address_of",
    "address_rate",
    "reset_mail_rate",
    "reset_rate",
    "forget_failures",
    "sign_in",
    "spend_password_hash",
]
