"""The user's own reminders page (/deadlines/calendar/: the calendar-feed key, the daily digest preference,
the next dated items) and the feed itself (/deadlines/calendar/<key>.ics), which needs no login: the secret
key in its URL is the credential, and the feed holds exactly what ``kernel.selectors.obligations_for`` gives
the key's owner (open items with a date).

The raw key exists only in the response to the request that issued it: the POST puts it in the session, the
page it redirects to takes it out again and shows the URL once.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from postdoc_base.deadlines.models import CalendarFeed
from postdoc_base.kernel.models import DateMeaning
from postdoc_base.kernel.selectors import obligations_for
from postdoc_base.kernel.workflow import TransitionRefused

from . import ics, services

UPCOMING_LIMIT = 10
NEW_KEY_SESSION = "deadlines.feeds.new_key"
PRODID = "-//Postdoc Base//Deadlines//ZH"
FEED_FIELDS = ("id", "title", "subject_label", "due_on", "date_means", "article", "url")
SUMMARIES = {
    DateMeaning.DUE: gettext_lazy("截止：%(title)s（%(subject)s）"),
    DateMeaning.FROM: gettext_lazy("起办：%(title)s（%(subject)s）"),
}
MEANINGS = {
    DateMeaning.DUE: gettext_lazy("本日是办理的最后一天。"),
    DateMeaning.FROM: gettext_lazy("自本日起可以办理。"),
}


# --- the page ------------------------------------------------------------------------------------------
@never_cache  # the page may show the new key: no cache keeps it
@login_required
@require_http_methods(["GET", "POST"])
def my_reminders(request):
    if request.method == "POST":
        _act(request)
        return redirect("deadlines:my_reminders")
    user = request.user
    feed = CalendarFeed.objects.filter(user=user).first()
    new_key = request.session.pop(NEW_KEY_SESSION, None)
    feed_url = None
    if new_key and feed is not None and services.key_digest(new_key) == feed.key_digest:
        feed_url = request.build_absolute_uri(reverse("deadlines:feed_ics", kwargs={"key": new_key}))
    today = timezone.localdate()
    upcoming = list(obligations_for(user).filter(due_on__gte=today)[:UPCOMING_LIMIT])
    return render(
        request,
        "deadlines/my_reminders.html",
        {"feed": feed, "feed_url": feed_url, "upcoming": upcoming, "upcoming_limit": UPCOMING_LIMIT},
    )


def _act(request) -> None:
    """One button of the page: its service, then the outcome as a message."""
    user = request.user
    action = request.POST.get("action")
    try:
        if action == "issue":
            replacing = CalendarFeed.objects.filter(user=user).exists()
            request.session[NEW_KEY_SESSION] = services.feed_key_issue(actor=user)
            messages.success(
                request,
                _("已重新生成订阅地址，原地址已失效。请复制下方新地址，离开本页后将不再显示。")
                if replacing
                else _("已生成订阅地址。请复制下方地址，离开本页后将不再显示。"),
            )
        elif action == "revoke":
            if services.feed_key_revoke(actor=user):
                messages.success(request, _("已停用日历订阅，原订阅地址已失效。"))
            else:
                messages.info(request, _("当前没有日历订阅。"))
        elif action == "digest":
            on = request.POST.get("email_digest") == "on"
            services.email_digest_set(actor=user, on=on)
            messages.success(
                request,
                _("已开启每日汇总邮件。") if on else _("已关闭每日汇总邮件，站内消息将逐条发送邮件。"),
            )
        else:
            raise BadRequest("unknown action")
    except TransitionRefused as exc:
        for finding in exc.findings:
            messages.error(request, str(finding.message))


# --- the feed ------------------------------------------------------------------------------------------
def _event(obligation, request, host: str) -> ics.Event:
    meaning = DateMeaning(obligation.date_means)
    url = request.build_absolute_uri(obligation.url) if obligation.url else ""
    lines = [str(MEANINGS[meaning])]
    if obligation.article:
        lines.append(_("依据：%(article)s") % {"article": obligation.article})
    if url:
        lines.append(_("办理：%(url)s") % {"url": url})
    return ics.Event(
        uid=f"obligation-{obligation.pk}@{host}",
        day=obligation.due_on,
        summary=str(SUMMARIES[meaning]) % {"title": obligation.title, "subject": obligation.subject_label},
        description="\n".join(lines),
        url=url,
    )


@never_cache  # private, no-store: the feed is one person's list
@require_safe
def feed_ics(request, key: str):
    """The key owner's open dated items as iCalendar. An unknown, revoked or deactivated user's key: 404,
    after one query and nothing else."""
    user = services.feed_owner(key)
    if user is None:
        raise Http404
    items = obligations_for(user).filter(due_on__isnull=False).only(*FEED_FIELDS)
    # The UID's host names the site, not the address a client used, so that each item keeps one UID.
    host = urlsplit(settings.SITE_URL).hostname or request.get_host().split(":")[0]
    body = ics.calendar(
        (_event(o, request, host) for o in items),
        prodid=PRODID,
        name=_("博士后创新实践基地·我的期限"),
        timezone_name=settings.TIME_ZONE,
        stamp=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
