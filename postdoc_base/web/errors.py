"""The site's error answers: Chinese pages for people, the API's JSON shape for clients.

Django calls these for errors no view handled (``handler400/403/404/500`` in ``config/urls.py`` and
``CSRF_FAILURE_VIEW``). Under ``/api/`` the answer stays ``{code, message, findings}`` (api/errors.py), so a
client never has to parse an HTML page, in production as in development.
"""

import logging

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _messages() -> dict[int, tuple[str, str, str]]:
    # (code for the API, page title, what the person can do about it)
    return {
        400: ("bad_request", _("请求有误"), _("提交的内容无法处理，请返回上一页检查后重试。")),
        403: (
            "not_permitted",
            _("没有权限"),
            _("您没有查看此页面或执行此操作的权限。如需权限，请联系管理员。"),
        ),
        404: (
            "not_found",
            _("页面不存在"),
            _("您访问的页面不存在，或者您无权查看。请检查地址或从工作台进入。"),
        ),
        500: (
            "server_error",
            _("系统出错了"),
            _("服务器处理请求时出错，已记录。请稍后重试；如果问题持续，请把下面的请求编号告诉管理员。"),
        ),
    }


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _answer(request, status: int, *, detail: str = "", template: str = "errors/error.html"):
    code, title, explanation = _messages()[status]
    request_id = getattr(request, "request_id", "")
    if _is_api(request):
        body = {"code": code, "message": detail or explanation, "findings": []}
        if request_id:
            body["request_id"] = request_id
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    context = {
        "status": status,
        "title": title,
        "explanation": detail or explanation,
        "request_id": request_id,
    }
    return HttpResponse(loader.render_to_string(template, context, request=request), status=status)


def bad_request(request, exception=None):
    return _answer(request, 400)


def permission_denied(request, exception=None):
    return _answer(request, 403)


def page_not_found(request, exception=None):
    return _answer(request, 404)


def server_error(request):
    # A page of its own that runs no query and needs no context processor: whatever failed may fail again.
    code, title, explanation = _messages()[500]
    request_id = getattr(request, "request_id", "")
    if _is_api(request):
        return _answer(request, 500)
    context = {"status": 500, "title": title, "explanation": explanation, "request_id": request_id}
    return HttpResponse(loader.render_to_string("errors/500.html", context), status=500)


def csrf_failure(request, reason=""):
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    detail = _(
        "页面已过期或来源无法验证（CSRF 校验失败）。请刷新页面后重新提交；如仍失败，请确认浏览器允许本站的 Cookie。"
    )
    return _answer(request, 403, detail=detail)
