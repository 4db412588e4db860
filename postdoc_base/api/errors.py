"""One JSON error shape for the whole API: ``{"code", "message", "findings", "errors"}``.

``code`` is stable (clients branch on it); ``message`` is translated into the request's language;
``findings`` carry a refusal's reasons verbatim (policy.findings.Finding.as_dict); ``errors`` maps fields to
their messages for validation errors.
"""

import logging

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from postdoc_base.kernel.workflow import TransitionRefused, UnknownAction

logger = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message, findings=(), errors=None):
        self.status, self.code, self.message = status, code, message
        self.findings, self.errors = list(findings), errors or {}
        super().__init__(str(message))


def error_body(code: str, message, findings=(), errors=None) -> dict:
    body = {
        "code": code,
        "message": str(message),
        "findings": [f if isinstance(f, dict) else f.as_dict() for f in findings],
    }
    if errors:
        body["errors"] = errors
    return body


def not_found():
    return ApiError(404, "not_found", _("未找到该对象。"))


def _respond(api, request, status, code, message, findings=(), errors=None):
    return api.create_response(request, error_body(code, message, findings, errors), status=status)


def _django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def _ninja_errors(exc: NinjaValidationError) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [
            str(p)
            for p in err.get("loc", ())
            if p not in ("body", "payload", "query", "path", "form", "file")
        ]
        out.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg", "")))
    return out


def refusal_status(exc: TransitionRefused) -> tuple[int, str]:
    """A refusal only for lack of permission is 403 not_permitted; any other refusal is 409."""
    if exc.findings and all(f.code == "kernel.not_permitted" for f in exc.findings):
        return 403, "not_permitted"
    return 409, "transition_refused"


def install(api) -> None:
    def api_error(request, exc: ApiError):
        return _respond(api, request, exc.status, exc.code, exc.message, exc.findings, exc.errors)

    def refused(request, exc: TransitionRefused):
        status, code = refusal_status(exc)
        message = _("您没有执行此操作的权限。") if status == 403 else _("操作未通过检查，请查看原因。")
        return _respond(api, request, status, code, message, exc.findings)

    def unknown_action(request, exc: UnknownAction):
        return _respond(api, request, 400, "unknown_action", _("未知的操作：%(action)s。") % {"action": exc})

    def django_invalid(request, exc: DjangoValidationError):
        return _respond(
            api, request, 422, "validation_error", _("提交的数据有误。"), errors=_django_errors(exc)
        )

    def ninja_invalid(request, exc: NinjaValidationError):
        return _respond(
            api, request, 422, "validation_error", _("提交的数据有误。"), errors=_ninja_errors(exc)
        )

    def unauthenticated(request, exc):
        return _respond(api, request, 401, "not_authenticated", _("请先登录或提供有效的访问令牌。"))

    def denied(request, exc):
        return _respond(api, request, 403, "not_permitted", _("您没有执行此操作的权限。"))

    def missing(request, exc):
        return _respond(api, request, 404, "not_found", _("未找到该对象。"))

    def http_error(request, exc: HttpError):
        codes = {400: "bad_request", 401: "not_authenticated", 403: "not_permitted", 404: "not_found"}
        return _respond(api, request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))

    def integrity(request, exc: IntegrityError):
        # A constraint the services should have checked first (or a race two requests ran): nothing was
        # written, since the service's transaction rolled back; say so instead of failing with a 500.
        logger.warning("integrity error on %s: %s", request.path, exc)
        return _respond(api, request, 409, "conflict", _("与已有数据冲突，未保存任何内容。请刷新后重试。"))

    def data_error(request, exc: DataError):
        logger.warning("data error on %s: %s", request.path, exc)
        return _respond(api, request, 422, "invalid_data", _("提交的数据超出允许的范围，未保存任何内容。"))

    def unexpected(request, exc: Exception):
        if settings.DEBUG:
            raise exc  # development: Django's technical page shows the traceback
        logger.exception("unhandled error on %s", request.path)
        body = error_body("server_error", _("服务器处理请求时出错，已记录。请稍后重试。"))
        body["request_id"] = getattr(request, "request_id", "")
        return api.create_response(request, body, status=500)

    api.add_exception_handler(Exception, unexpected)
    api.add_exception_handler(IntegrityError, integrity)
    api.add_exception_handler(DataError, data_error)
    api.add_exception_handler(ApiError, api_error)
    api.add_exception_handler(TransitionRefused, refused)
    api.add_exception_handler(UnknownAction, unknown_action)
    api.add_exception_handler(DjangoValidationError, django_invalid)
    api.add_exception_handler(NinjaValidationError, ninja_invalid)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(PermissionDenied, denied)
    api.add_exception_handler(Http404, missing)
    api.add_exception_handler(ObjectDoesNotExist, missing)
    api.add_exception_handler(HttpError, http_error)
