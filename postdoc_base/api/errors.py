"""One JSON error shape for the whole API: ``{"code", "message", "findings", "errors"}`` (``ErrorOut``).

``code`` is stable (clients branch on it); ``message`` is translated into the request's language;
``findings`` carry a refusal's reasons verbatim (policy.findings.Finding.as_dict); ``errors`` maps fields to
their messages for validation errors, in the request's language too (pydantic's English is never shown).
``document_errors`` declares, for every operation, each error status it can answer, with this shape.
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from postdoc_base.kernel.workflow import TransitionRefused, UnknownAction

logger = logging.getLogger(__name__)


class FindingOut(Schema):
    ok: bool
    code: str
    article: str
    message: str


class ErrorOut(Schema):
    """Every error answer of the API."""

    code: str = Field(description="stable machine code, e.g. not_found, validation_error, transition_refused")
    message: str = Field(description="what went wrong, in the request's language")
    findings: list[FindingOut] = Field(description="the reasons of a refusal, each naming its article")
    errors: dict[str, list[str]] = Field(
        None, description="validation errors: field (dotted path) -> messages; only on validation errors"
    )


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


_LOCATION_PARTS = ("body", "payload", "query", "path", "form", "file", "header", "cookie")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _limit(value) -> str:
    """A limit from pydantic's error context as a person reads it (a date as 2100年12月31日)."""
    text = str(value)
    if _ISO_DATE.match(text):
        from datetime import date

        from postdoc_base.policy.common import person_date

        return str(person_date(date.fromisoformat(text)))
    return text


def _pydantic_message(err: dict) -> str:
    """One pydantic error in the request's language, with its limit (never pydantic's English)."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return _("此项为必填项。")
    if kind == "string_too_long":
        return _("最多 %(limit)s 个字符。") % {"limit": ctx.get("max_length")}
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return _("不能为空。")
        return _("至少 %(limit)s 个字符。") % {"limit": ctx.get("min_length")}
    if kind == "string_nul":
        return _("不能包含空字符（NUL）。")
    if kind == "string_unicode":
        return _("含有无法识别的字符（不成对的代理字符），请检查输入。")
    if kind == "string_type":
        return _("应为文本。")
    if kind == "int_parsing_size":
        return _("数值超出允许的范围。")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("应为整数。")
    if kind == "greater_than_equal":
        return _("不能小于 %(limit)s。") % {"limit": _limit(ctx.get("ge"))}
    if kind == "greater_than":
        return _("应大于 %(limit)s。") % {"limit": _limit(ctx.get("gt"))}
    if kind == "less_than_equal":
        return _("不能大于 %(limit)s。") % {"limit": _limit(ctx.get("le"))}
    if kind == "less_than":
        return _("应小于 %(limit)s。") % {"limit": _limit(ctx.get("lt"))}
    if kind == "finite_number":
        return _("应为有限的数字。")
    if kind == "decimal_max_digits":
        return _("最多 %(limit)s 位数字。") % {"limit": ctx.get("max_digits")}
    if kind == "decimal_max_places":
        return _("最多 %(limit)s 位小数。") % {"limit": ctx.get("decimal_places")}
    if kind == "decimal_whole_digits":
        return _("整数部分最多 %(limit)s 位。") % {"limit": ctx.get("whole_digits")}
    if kind in ("float_type", "float_parsing", "decimal_type", "decimal_parsing"):
        return _("应为数字。")
    if kind in ("bool_type", "bool_parsing"):
        return _("应为 true 或 false。")
    if kind.startswith("date_"):
        return _("应为有效日期，格式为 YYYY-MM-DD。")
    if kind.startswith("datetime_"):
        return _("应为有效的日期和时间。")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("应为列表。")
    if kind in ("dict_type", "model_type", "model_attributes_type", "dataclass_type"):
        return _("应为 JSON 对象。")
    if kind == "too_long":
        return _("最多 %(limit)s 项。") % {"limit": ctx.get("max_length")}
    if kind == "too_short":
        return _("至少 %(limit)s 项。") % {"limit": ctx.get("min_length")}
    if kind in ("json_invalid", "json_type"):
        return _("不是有效的 JSON。")
    if kind in ("enum", "literal_error"):
        return _("取值无效，可选值：%(expected)s。") % {"expected": ctx.get("expected", "")}
    if kind == "extra_forbidden":
        return _("不接受此字段。")
    return _("取值无效。")


def _ninja_errors(exc: NinjaValidationError) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in _LOCATION_PARTS]
        out.setdefault(".".join(loc) or "__all__", []).append(_pydantic_message(err))
    return out


def refusal_status(exc: TransitionRefused) -> tuple[int, str]:
    """A refusal only for lack of permission is 403 not_permitted; any other refusal is 409."""
    if exc.findings and all(f.code == "kernel.not_permitted" for f in exc.findings):
        return 403, "not_permitted"
    return 409, "transition_refused"


_WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def error_statuses(operation) -> set[int]:
    """The error statuses an operation can answer, from what it takes and does:

    - 400 ``bad_request`` (a JSON or multipart body that does not parse; an unknown workflow action) and
      413 ``too_large`` (a body past ``DATA_UPLOAD_MAX_MEMORY_SIZE``), with a body;
    - 401 ``not_authenticated`` and 403 ``not_permitted`` / ``csrf_failed``, unless it is open to everyone;
    - 404 ``not_found``: an id in the path or the body outside the caller's scope;
    - 409 ``conflict`` / ``transition_refused``: a write that the rules or the data refuse;
    - 422 ``validation_error`` / ``invalid_data``: any parameter or body out of bounds.
    Other statuses (429 of the rate-limited forms) are declared on the route itself.
    """
    from ninja.params.models import BodyModel, FileModel, FormModel, PathModel

    models = operation.models
    statuses = set()
    if any(issubclass(m, (BodyModel, FormModel, FileModel)) for m in models):
        statuses |= {400, 413}
    if operation.auth_param is not None:  # NOT_SET: the API's authentication applies
        statuses |= {401, 403}
    if any(issubclass(m, (PathModel, BodyModel, FormModel, FileModel)) for m in models):
        statuses.add(404)
    if _WRITES & set(operation.methods):
        statuses.add(409)
    if models:
        statuses.add(422)
    return statuses


def document_errors(api) -> None:
    """Declare ``ErrorOut`` for every error status of every operation (``error_statuses``) in the OpenAPI
    schema, beside the success responses the routes declare. Call once, after every router is added."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for status in sorted(error_statuses(operation)):
                    if status not in operation.response_models:
                        operation.response_models[status] = operation._create_response_model(ErrorOut)


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
        # ninja's own (English) errors: a request body that is not JSON is the one it raises here.
        codes = {400: "bad_request", 401: "not_authenticated", 403: "not_permitted", 404: "not_found"}
        messages = {
            400: _("请求内容无法解析，请提交有效的 JSON。"),
            401: _("请先登录或提供有效的访问令牌。"),
            403: _("您没有执行此操作的权限。"),
            404: _("未找到该对象。"),
        }
        status = exc.status_code
        return _respond(
            api, request, status, codes.get(status, "error"), messages.get(status, _("请求无效。"))
        )

    def unreadable(request, exc):
        # A multipart body that does not parse (Django raises it while ninja reads the form), or too many
        # fields: the client's mistake, said as such instead of a 500.
        return _respond(api, request, 400, "bad_request", _("请求内容无法解析，请提交有效的表单或 JSON。"))

    def too_large(request, exc):
        mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return _respond(api, request, 413, "too_large", _("请求内容过大：最大 %(mb)d MB。") % {"mb": mb})

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
    api.add_exception_handler(MultiPartParserError, unreadable)
    api.add_exception_handler(SuspiciousOperation, unreadable)
    api.add_exception_handler(RequestDataTooBig, too_large)
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
