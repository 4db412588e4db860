"""API authentication: a bearer token (accounts.ApiToken) or the browser session with CSRF for writes.

``POST /auth/token`` signs in through ``accounts.signin.sign_in``, as the login page does: the same throttles
per client address (429 ``rate_limited``) and the lockout backend, and one answer (401 ``invalid_credentials``)
for an unknown name, a wrong password and a locked or inactive account. Issuing is audited; a password change
or deactivation revokes the user's tokens (accounts.services).

``public_auth`` is for the routes that also answer without an account (the public directory of bases, the
published topics): a valid bearer token or a session gives the user's own scoped view, as on every other
route; no credentials at all give the public view; a bearer token that is presented but unknown, expired or
revoked is refused with 401 ``not_authenticated`` (never quietly read as "no account").
"""

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
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


def presents_bearer(request) -> bool:
    """Whether the request carries ``Authorization: Bearer …`` (read as ``HttpBearer`` reads it)."""
    return request.headers.get("Authorization", "").split(" ")[0].lower() == "bearer"


class Anonymous:
    """The last of ``public_auth``: reached when neither a valid token nor a session signed the request in.
    Without a bearer token the request is anonymous (``request.user`` stays Django's ``AnonymousUser``, so the
    selectors give the public view); a bearer token that got this far is invalid, expired or revoked: 401."""

    def __call__(self, request):
        if presents_bearer(request):
            raise ApiError(
                401, "not_authenticated", _("访问令牌无效、已过期或已被撤销；不带令牌可查看公开内容。")
            )
        return AnonymousUser()  # truthy: ninja takes it as authenticated and runs the handler


# Bearer first: a token client sends no CSRF token and must not be refused by the session check.
api_auth = [BearerAuth(), SessionAuth()]
# Routes readable without an account: the same two, then anonymous. In OpenAPI the empty requirement ``{}``
# (PUBLIC_SECURITY, for the route's openapi_extra) says that no credentials are accepted too.
public_auth = [*api_auth, Anonymous()]
PUBLIC_SECURITY = {"security": [{}]}
PUBLIC_AUTH_DESCRIPTION = (
    "Optional authentication: with a valid bearer token or a session, the user's own scoped view (the same "
    "as signed in on the site); without credentials, the public view. A bearer token that is unknown, expired "
    "or revoked is never treated as anonymous: without a session it is refused with 401 `not_authenticated`."
)

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
