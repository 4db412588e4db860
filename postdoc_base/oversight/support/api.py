"""/api/v1/support-policies (配套支持政策, Arts. 6, 19), mounted by api/api.py: the scoped list, a policy, its
file, recording (multipart, with an optional PDF or DOCX), correcting the facts (only the fields sent; the file
through the page or a new record) and deleting. Errors in the API's one shape (``ErrorOut``)."""

from datetime import date, datetime

from django.http import FileResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.api.common import fields_set, get_visible, page_of, paginate
from postdoc_base.api.errors import not_found
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Day, Id, Page, PageSize, Query, text_of
from postdoc_base.directory.models import Bureau

from . import services
from .models import SupportPolicy
from .selectors import filter_support_policies, support_policies_visible_to


class SupportPolicyOut(Schema):
    id: int
    bureau_id: int
    bureau_name: str
    title: str
    document_number: str
    issued_on: date
    summary: str
    has_file: bool
    file_name: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_bureau_name(obj) -> str:
        return obj.bureau.name

    @staticmethod
    def resolve_has_file(obj) -> bool:
        return bool(obj.file)


class SupportPolicyPatch(Schema):
    title: text_of(SupportPolicy, "title") | None = None
    document_number: text_of(SupportPolicy, "document_number") | None = None
    issued_on: Day | None = None
    summary: text_of(SupportPolicy, "summary") | None = None


support = Router(tags=["support-policies"])


@support.get(
    "", response=page_of(SupportPolicyOut), summary="List support policies (配套支持政策, Arts. 6, 19)"
)
def support_policy_list(
    request, bureau: Id | None = None, q: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE
):
    return paginate(
        filter_support_policies(support_policies_visible_to(request.user), bureau=bureau, q=q),
        page,
        page_size,
    )


@support.get("/{int:pk}", response=SupportPolicyOut, summary="Support policy detail")
def support_policy_detail(request, pk: Id):
    return get_visible(support_policies_visible_to(request.user), pk)


@support.post("", response={201: SupportPolicyOut},
              summary="Record a support policy (the bureau's officers or the region; multipart)")  # fmt: skip
def support_policy_create(
    request,
    bureau: Form[Id],
    title: Form[text_of(SupportPolicy, "title")],
    document_number: Form[text_of(SupportPolicy, "document_number")],
    issued_on: Form[Day],
    summary: Form[text_of(SupportPolicy, "summary")],
    file: File[UploadedFile] = None,
):
    target = Bureau.objects.filter(pk=bureau).first()
    if target is None:
        raise not_found()
    policy = services.support_policy_create(
        actor=request.user, bureau=target, title=title, document_number=document_number, issued_on=issued_on,
        summary=summary, uploaded=file,
    )  # fmt: skip
    return Status(201, get_visible(support_policies_visible_to(request.user), policy.pk))


@support.patch("/{int:pk}", response=SupportPolicyOut,
               summary="Correct a support policy (only the fields sent)")  # fmt: skip
def support_policy_update(request, pk: Id, payload: SupportPolicyPatch):
    policy = get_visible(support_policies_visible_to(request.user), pk)
    fields = {k: v for k, v in fields_set(payload).items() if v is not None}
    services.support_policy_update(actor=request.user, policy=policy, **fields)
    return get_visible(support_policies_visible_to(request.user), pk)


@support.delete("/{int:pk}", response={204: None}, summary="Delete a support policy")
def support_policy_delete(request, pk: Id):
    policy = get_visible(support_policies_visible_to(request.user), pk)
    services.support_policy_delete(actor=request.user, policy=policy)
    return Status(204, None)


@support.get("/{int:pk}/file", summary="Download the support policy's file")
def support_policy_file(request, pk: Id):
    policy = get_visible(support_policies_visible_to(request.user), pk)
    if not policy.file:
        raise not_found()
    try:
        stored = policy.file.open("rb")
    except FileNotFoundError:
        raise not_found() from None
    return FileResponse(stored, as_attachment=True, filename=policy.file_name, content_type=policy.file_type)


routers = [("/support-policies", support)]

__all__ = ["routers"]
