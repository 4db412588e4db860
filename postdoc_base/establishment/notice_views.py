"""Pages for the public notice (公示), objections (异议) and filing (备案) (第十一条第（三）项 / Art. 11(3)).

The public pages (notice list, notice with its objection form) need no account. The region administrator's
pages publish a notice from a round's passed list, decide objections through the action panel, and file in
bulk (preview, execute, result per item) with the filing notice as DOCX. Writes go through ``notices``.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.kernel.calendar import count_from
from postdoc_base.kernel.ratelimit import client_ip
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.notice import MAX_NOTICE_WORKING_DAYS, MIN_NOTICE_WORKING_DAYS
from postdoc_base.web.forms import BoundedInputMixin
from postdoc_base.web.pages import int_param, refusal_messages
from postdoc_base.web.transitions import (
    action_panel_context,
    finding_text,
    timeline_context,
)

from . import notices, selectors
from .enums import ObjectionState
from .models import Objection, PublicNotice
from .notice_workflow import objection_workflow

PAGE_SIZE = 25


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _require_region_admin(user) -> None:
    if not is_region_admin(user):
        raise PermissionDenied


# --- forms ---------------------------------------------------------------------------------------------
class NoticeForm(BoundedInputMixin, forms.Form):
    bounds_model = PublicNotice

    title = forms.CharField(label=gettext_lazy("公示标题"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("公示说明"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    contact = forms.CharField(label=gettext_lazy("受理异议联系方式"), max_length=200)
    working_days = forms.IntegerField(
        label=gettext_lazy("公示期（工作日）"),
        min_value=MIN_NOTICE_WORKING_DAYS,
        max_value=MAX_NOTICE_WORKING_DAYS,
        help_text=gettext_lazy("办法未规定公示期，默认5个工作日；发布当日为工作日的计入。"),
    )
    published_on = forms.DateField(
        label=gettext_lazy("发布日期"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ObjectionForm(BoundedInputMixin, forms.Form):
    bounds_model = Objection

    item = forms.TypedChoiceField(label=gettext_lazy("异议对象"), coerce=int)
    name = forms.CharField(label=gettext_lazy("真实姓名"), max_length=50)
    contact = forms.CharField(
        label=gettext_lazy("联系方式"), max_length=100, help_text=gettext_lazy("手机号码、固定电话或电子邮箱")
    )
    text = forms.CharField(label=gettext_lazy("异议内容"), widget=forms.Textarea(attrs={"rows": 5}))
    attachment = forms.FileField(
        label=gettext_lazy("附件（可选）"), required=False, help_text=gettext_lazy("PDF、JPEG、PNG 或 DOCX")
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.pk, i.application.unit.name) for i in items]


# --- public pages --------------------------------------------------------------------------------------
def public_notice_list(request):
    page = _page(request, selectors.notices_visible_to(request.user))
    return render(
        request, "establishment/public_notice_list.html", {"page": page, "today": timezone.localdate()}
    )


def public_notice(request, pk):
    """The notice with its list, and the objection form while the notice is open (Art. 11(3))."""
    notice = get_object_or_404(selectors.notices_visible_to(request.user), pk=pk)
    items = list(notices.notice_items(notice))
    today = timezone.localdate()
    form = ObjectionForm(request.POST or None, request.FILES or None, items=items, prefix="obj")
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notices.objection_create(
                notice=notice, item_id=data["item"], name=data["name"], contact=data["contact"],
                text=data["text"], uploaded=data.get("attachment"), client_ip=client_ip(request),
            )  # fmt: skip
        except notices.ObjectionRateLimited as limited:
            status = 429
            for finding in limited.findings:
                form.add_error(None, finding_text(finding))
        except TransitionRefused as refused:
            refusal_messages(request, refused)
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                for field, errs in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, e)
        else:
            messages.success(request, _("您的异议已提交，自治区人力资源和社会保障厅将依法调查处理。"))
            return redirect("establishment:public_notice", pk=notice.pk)
    context = {
        "notice": notice,
        "items": items,
        "form": form,
        "is_open": notice.is_open_on(today),
        "not_started": today < notice.published_on,
        "today": today,
    }
    return render(request, "establishment/public_notice_detail.html", context, status=status)


# --- region administrator: notices ---------------------------------------------------------------------
@login_required
def notice_create(request, pk):
    _require_region_admin(request.user)
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    passed = list(selectors.passed_applications(round_))
    today = timezone.localdate()
    initial = {
        "title": _("%(round)s拟备案博士后创新实践基地名单公示") % {"round": round_.name},
        "body": _(
            "根据《内蒙古自治区博士后创新实践基地管理办法》第十一条，经专家论证评议，"
            "现将拟备案的博士后创新实践基地名单予以公示。公示期内，如有异议，请以真实姓名提出。"
        ),
        "working_days": notices.default_working_days(today),
        "published_on": today,
    }
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notice = notices.notice_publish(actor=request.user, round_=round_, **form.cleaned_data)
        except TransitionRefused as refused:
            refusal_messages(request, refused)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request, _("公示已发布，截止日期：%(date)s。") % {"date": notice.ends_on.isoformat()}
            )
            if notice.unscheduled_years:
                messages.warning(request, notices.unscheduled_warning(notice.unscheduled_years))
            return redirect("establishment:notice_admin_detail", pk=notice.pk)
    preview = count_from(today, initial["working_days"])
    context = {"round": round_, "form": form, "passed": passed, "preview": preview}
    return render(request, "establishment/notice_form.html", context)


@login_required
def notice_admin_list(request):
    _require_region_admin(request.user)
    page = _page(request, selectors.notices_visible_to(request.user))
    return render(request, "establishment/notice_admin_list.html", {"page": page})


@login_required
def notice_admin_detail(request, pk):
    _require_region_admin(request.user)
    notice = get_object_or_404(selectors.notices_visible_to(request.user), pk=pk)
    items = notices.notice_items(notice).annotate(
        pending=Count("objections", filter=Q(objections__state=ObjectionState.PENDING)),
        total=Count("objections"),
    )
    context = {
        "notice": notice,
        "items": items,
        "is_open": notice.is_open_on(timezone.localdate()),
        "unscheduled_warning": notices.unscheduled_warning(notice.unscheduled_years)
        if notice.unscheduled_years
        else "",
    }
    return render(request, "establishment/notice_admin_detail.html", context)


# --- objections ----------------------------------------------------------------------------------------
@login_required
def objection_list(request):
    qs = selectors.objections_visible_to(request.user)
    state = request.GET.get("state", "")
    if state in ObjectionState.values:
        qs = selectors.OBJECTION_LIST.filter(qs, state=state)
    page = _page(request, qs)
    full = selectors.objector_visible_to(request.user)
    for o in page:  # the one masking rule (notices.objector_display), as on the detail page and in the API
        o.objector_name, o.objector_contact = notices.objector_display(o, full)
    context = {
        "page": page,
        "states": ObjectionState.choices,
        "state": state,
        "query": f"state={state}" if state else "",
        "full": full,
    }
    return render(request, "establishment/objection_list.html", context)


@login_required
def objection_detail(request, pk):
    objection = get_object_or_404(selectors.objections_visible_to(request.user), pk=pk)
    full = selectors.objector_visible_to(request.user)
    objector_name, objector_contact = notices.objector_display(objection, full)
    context = {
        "objection": objection,
        "full": full,
        "objector_name": objector_name,
        "objector_contact": objector_contact,
        **action_panel_context(
            objection_workflow,
            objection,
            request.user,
            reverse("establishment:objection_transition", args=[pk]),
        ),
        **timeline_context(objection_workflow, objection),
    }
    return render(request, "establishment/objection_detail.html", context)


@login_required
def objection_attachment(request, pk):
    """Only the region administrator downloads an objector's attachment (personal data)."""
    objection = get_object_or_404(selectors.objections_visible_to(request.user), pk=pk)
    if not selectors.objector_visible_to(request.user) or not objection.attachment:
        raise PermissionDenied
    return FileResponse(
        objection.attachment.open("rb"),
        as_attachment=True,
        filename=objection.attachment_name or "attachment",
        content_type=objection.attachment_type or "application/octet-stream",
    )


# --- filing --------------------------------------------------------------------------------------------
@login_required
def filing(request, pk):
    """GET: preview per application in notice; POST: file the chosen ones and show a result per item."""
    _require_region_admin(request.user)
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    if request.method == "POST":
        ids = [n for v in request.POST.getlist("application") if (n := int_param(v)) is not None]
        if not ids:
            messages.error(request, _("请至少选择一份申请。"))
            return redirect("establishment:filing", pk=pk)
        results = notices.filing_execute(actor=request.user, round_=round_, application_ids=ids)
        filed = sum(1 for r in results if r.ok)
        messages.info(
            request,
            _("已备案%(filed)d份，未备案%(refused)d份。") % {"filed": filed, "refused": len(results) - filed},
        )
        return render(request, "establishment/filing_results.html", {"round": round_, "results": results})
    context = {
        "round": round_,
        "preview": notices.filing_preview(actor=request.user, round_=round_),
        "bases": list(selectors.round_bases(round_)),
    }
    return render(request, "establishment/filing_preview.html", context)


@login_required
def filing_notice_docx(request, pk):
    """The round's filing notice as DOCX, issued through the documents app (numbered, stored with the round,
    audited); a later download gives the same document while the list of bases is unchanged."""
    from postdoc_base.documents.kinds import DocumentKind
    from postdoc_base.documents.views import issue_and_fetch

    _require_region_admin(request.user)
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    if not selectors.round_bases(round_).exists():
        messages.error(request, _("本批次尚无已备案的基地。"))
        return redirect("establishment:filing", pk=pk)
    return issue_and_fetch(request, DocumentKind.FILING_NOTICE, round_.pk)
