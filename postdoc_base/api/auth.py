"""API authentication: a bearer token (accounts.ApiToken) or the browser session with CSRF for writes.

``POST /auth/token`` goes through ``django.contrib.auth.authenticate`` so the lockout backend counts the
failures and refuses a locked account (423 ``account_locked``). Issuing is audited; a password change or
deactivation revokes the user's tokens (accounts.services).
"""

from datetime import datetime

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from postdoc_base.accounts.models import ApiToken
from postdoc_base.accounts.services import api_token_issue

from .errors import ApiError


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        user = ApiToken.user_for(token)
        if user is None:
            return None
        request.user = user  # services and selectors read request.user like for a session
        return user


class SessionAuth(APIKeyCookie):
    """Django's session; unsafe methods must carry the CSRF token (X-CSRFToken header)."""

    param_name = "sessionid"

    def __init__(self):
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def _get_key(self, request):
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            if request.user.is_authenticated:
                raise ApiError(403, "csrf_failed", _("CSRF 校验失败，请刷新页面后重试。"))
            return None
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


# Bearer first: a token client sends no CSRF token and must not be refused by the session check.
api_auth = [BearerAuth(), SessionAuth()]

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: datetime


@router.post("/token", auth=None, response=TokenOut, summary="Issue an API token")
def issue_token(request, payload: TokenIn):
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "login_locked", False):
        raise ApiError(423, "account_locked", _("登录失败次数过多，账户已临时锁定，请稍后再试。"))
    if user is None:
        raise ApiError(401, "invalid_credentials", _("用户名或密码错误。"))
    token, raw = api_token_issue(actor=user)
    return {"token": raw, "expires_at": token.expires_at}
