"""Generic page helpers for any kernel ``Workflow``: the action panel, the POST handler and the timeline.

A workflow's pages include ``web/_actions.html`` with ``action_panel_context(...)`` and
``web/_timeline.html`` with ``timeline_context(...)``; the transition view calls ``apply_transition``.
Refusals are shown verbatim with their article (ARCHITECTURE.md, "Findings").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.selectors import history_visible_to
from postdoc_base.kernel.workflow import SYSTEM_ROLE, TransitionRefused, UnknownAction, Workflow

# Labels for audited writes that are not transitions; a later workflow may pass its own ``extra_labels``.
EVENT_LABELS: dict[str, Any] = {
    "create": _("创建"),
    "update": _("修改"),
    "attachment_add": _("上传附件"),
    "attachment_remove": _("删除附件"),
    "claim_add": _("添加优先条件"),
    "claim_remove": _("删除优先条件"),
    "preliminary_review_save": _("保存初审意见"),
    "rank_set": _("设置推荐排序"),
}


def finding_text(finding) -> str:
    """A finding's message with its article, as shown in messages and lists."""
    message = str(finding.message)
    if finding.article and finding.article not in message:
        return gettext("%(message)s（依据：%(article)s）") % {"message": message, "article": finding.article}
    return message


def action_panel_context(workflow: Workflow, obj, user, action_url: str | None = None) -> dict:
    """Context for ``web/_actions.html``: every action this user may take on ``obj`` now, or why not.

    ``action_url`` is where the buttons POST; by default ``<obj.get_absolute_url()>transition/``.
    """
    if action_url is None:
        action_url = f"{obj.get_absolute_url()}transition/"
    options = workflow.available_actions(obj, user)
    return {
        "action_panel": {
            "url": action_url,
            "state": workflow.state_of(obj),
            "state_label": workflow.state_label(workflow.state_of(obj)),
            "actions": [
                {
                    "action": o.action,
                    "label": o.label,
                    "allowed": o.allowed,
                    "comment_required": o.comment_required,
                    "style": o.style,
                    "article": o.article,
                    "reasons": [
                        {"message": str(f.message), "article": f.article} for f in o.findings if not f.ok
                    ],
                }
                for o in options
            ],
        }
    }


def apply_transition(request, workflow: Workflow, obj, redirect_to: str):
    """POST handler: apply ``request.POST['action']`` to ``obj`` (already fetched from a scoped selector).

    On success a success message; on refusal every finding as an error message (with its article) and
    nothing changed. Always redirects to ``redirect_to``.
    """
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")
    try:
        transition = workflow.get(action)
        updated = workflow.apply(obj, action, actor=request.user, comment=comment)
    except UnknownAction:
        messages.error(request, gettext("未知的操作。"))
    except TransitionRefused as refused:
        for finding in refused.findings:
            messages.error(request, finding_text(finding))
    else:
        messages.success(
            request,
            gettext("“%(action)s”已办理，当前状态：%(state)s。")
            % {"action": transition.label, "state": workflow.state_label(workflow.state_of(updated))},
        )
    return HttpResponseRedirect(redirect_to)


@login_required
@require_POST
def transition_view(request, pk: int, *, workflow: Workflow, visible_to):
    """The one POST handler of every item's action panel; the URL names the workflow and the scoping
    selector (``visible_to``), so an object outside the user's scope is 404 before any action is tried."""
    obj = get_object_or_404(visible_to(request.user), pk=pk)
    return apply_transition(request, workflow, obj, obj.get_absolute_url())


def format_time(value) -> str:
    """``2026年11月26日 14:05`` in the site time zone (Asia/Shanghai)."""
    local = timezone.localtime(value)
    return gettext("%(y)d年%(m)d月%(d)d日 %(hm)s") % {
        "y": local.year,
        "m": local.month,
        "d": local.day,
        "hm": local.strftime("%H:%M"),
    }


@dataclass(frozen=True)
class TimelineEntry:
    at: str
    actor: str
    role: str
    action: str
    from_state: str
    to_state: str
    comment: str
    is_transition: bool


def _role_label(role: str) -> str:
    if role == SYSTEM_ROLE:
        return gettext("系统规则")
    return str(Role(role).label) if role in Role.values else role


def timeline_entries(
    workflow: Workflow, obj, extra_labels: dict[str, Any] | None = None, *, user=None
) -> list[TimelineEntry]:
    """The subject's audit events in sequence order, labelled for people (one query).

    Confidential events (``kernel.selectors.history_visible_to``) keep their comment only for ``user`` with
    the resource's permission; without ``user`` their comment is never shown.
    """
    labels = {**EVENT_LABELS, **(extra_labels or {})}
    entries = []
    for event in history_visible_to(user, obj):
        transition = workflow.transitions.get(event.action)
        changed = event.from_state != event.to_state
        entries.append(
            TimelineEntry(
                at=format_time(event.at),
                actor=event.actor_name or gettext("系统"),
                role=_role_label(event.role),
                action=str(transition.label if transition else labels.get(event.action, event.action)),
                # A write that is not a step (a score saved, an item recorded) keeps the state: no "A → A".
                from_state=workflow.state_label(event.from_state) if event.from_state and changed else "",
                to_state=workflow.state_label(event.to_state) if event.to_state and changed else "",
                comment=event.comment,
                is_transition=transition is not None,
            )
        )
    return entries


def timeline_context(
    workflow: Workflow, obj, extra_labels: dict[str, Any] | None = None, *, user=None
) -> dict:
    """Context for ``web/_timeline.html``; pass the viewing ``user`` (see ``timeline_entries``)."""
    return {"timeline": timeline_entries(workflow, obj, extra_labels, user=user)}
