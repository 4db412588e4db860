"""API authentication: a bearer token (accounts.ApiToken) or the browser session with CSRF for writes.

``POST /auth/token`` signs in through ``accounts.signin.sign_in``, as the login page does: the same throttles
per client address (429 ``rate_limited``) and the lockout backend, and one answer (401 ``invalid_credentials``)
for an unknown name, a wrong password and a locked or inactive account. Issuing is audited; a password change
or deactivation revokes the user's tokens (accounts.services).
"""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from postdoc_base.accounts.models import ApiToken, User
from postdoc_base.accounts.services import api_token_issue
from postdoc_base.accounts.signin import LoginRefused, sign_in

from .errors import ApiError, ErrorOut
from .types import text, text_of

PASSWORD_MAX = 1024  # far beyond any real password; hashing a megabyte would only cost the server time


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
    username: text_of(User, "username")
    password: text(PASSWORD_MAX)


class TokenOut(Schema):
    token: str
    expires_at: datetime


@router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut, 429: ErrorOut},
             summary="Issue an API token")  # fmt: skip
def issue_token(request, payload: TokenIn):
    try:
        user = sign_in(request, username=payload.username, password=payload.password)
    except LoginRefused as refused:
        raise ApiError(refused.status, refused.code, refused.message) from None
    token, raw = api_token_issue(actor=user)
    return {"token": raw, "expires_at": token.expires_at}
