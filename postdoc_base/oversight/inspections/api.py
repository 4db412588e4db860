"""/api/v1/inspections (自查, Art. 25), mounted by api/api.py: the list and detail in the base file's scope;
opening, issues, rectification and comments through the same services as the pages; the workflow routes."""

from datetime import date, datetime

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.api.common import get_visible, page_of, paginate, register_workflow_routes
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Day, Id, Page, PageSize, Query, int_of, text_of

from ..selectors import base_files_visible_to
from . import services
from .models import InspectionComment, InspectionIssue, SelfInspection
from .selectors import INSPECTION_LIST, inspections_visible_to, with_issue_counts, with_issues_and_comments
from .workflow import inspection_workflow


class InspectionOut(Schema):
    id: int
    base_id: int
    base_name: str
    year: int
    half: int
    period_label: str
    summary: str
    state: str
    state_label: str
    conclusion: str
    closed_on: date | None
    issue_count: int
    open_issue_count: int
    created_at: datetime

    @staticmethod
    def resolve_base_name(obj) -> str:
        return obj.base.name

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


class IssueOut(Schema):
    id: int
    description: str
    action: str
    deadline: date
    found_on: date
    fixed_on: date | None
    fix_note: str
    has_evidence: bool

    @staticmethod
    def resolve_has_evidence(obj) -> bool:
        return bool(obj.evidence)


class CommentOut(Schema):
    id: int
    author_name: str
    author_role: str
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author_name(obj) -> str:
        return str(obj.author)


class InspectionDetailOut(InspectionOut):
    issues: list[IssueOut]
    comments: list[CommentOut]

    @staticmethod
    def resolve_issues(obj) -> list:
        return list(obj.issues.all())

    @staticmethod
    def resolve_comments(obj) -> list:
        return list(obj.comments.all())


class InspectionIn(Schema):
    base: Id
    year: int_of(SelfInspection, "year")
    half: int_of(SelfInspection, "half") = 0
    summary: text_of(SelfInspection, "summary")


class IssueIn(Schema):
    description: text_of(InspectionIssue, "description")
    action: text_of(InspectionIssue, "action")
    deadline: Day


class CommentIn(Schema):
    body: text_of(InspectionComment, "body")


inspections = Router(tags=["inspections"])


def _detail(user, pk):
    return get_visible(with_issues_and_comments(with_issue_counts(inspections_visible_to(user))), pk)


@inspections.get("", response=page_of(InspectionOut), summary="List self-inspections (自查, Art. 25)")
def inspection_list(
    request, state: Query = "", year: int_of(SelfInspection, "year") | None = None, page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):  # fmt: skip
    qs = INSPECTION_LIST.filter(
        with_issue_counts(inspections_visible_to(request.user)), state=state, year=year
    )
    return paginate(qs, page, page_size)


@inspections.get(
    "/{int:pk}", response=InspectionDetailOut, summary="Self-inspection detail with issues and comments"
)
def inspection_detail(request, pk: Id):
    return _detail(request.user, pk)


@inspections.post("", response={201: InspectionDetailOut},
                  summary="Open a self-inspection (the base's unit administrator; Art. 25)")  # fmt: skip
def inspection_create(request, payload: InspectionIn):
    base = get_visible(base_files_visible_to(request.user), payload.base)
    inspection = services.inspection_open(
        actor=request.user, base=base, year=payload.year, half=payload.half, summary=payload.summary
    )
    return Status(201, _detail(request.user, inspection.pk))


@inspections.post("/{int:pk}/issues", response={201: IssueOut}, summary="Record an issue found (Art. 25)")
def inspection_issue_create(request, pk: Id, payload: IssueIn):
    inspection = get_visible(inspections_visible_to(request.user), pk)
    issue = services.issue_add(actor=request.user, inspection=inspection, description=payload.description,
                               action=payload.action, deadline=payload.deadline)  # fmt: skip
    return Status(201, issue)


@inspections.post("/{int:pk}/issues/{int:issue_pk}/fix", response=IssueOut,
                  summary="Record an issue rectified, with optional evidence (Art. 25)")  # fmt: skip
def inspection_issue_fix(
    request, pk: Id, issue_pk: Id, fixed_on: Form[Day], fix_note: Form[text_of(InspectionIssue, "fix_note")],
    evidence: File[UploadedFile] = None,
):  # fmt: skip
    inspection = get_visible(inspections_visible_to(request.user), pk)
    issue = get_visible(InspectionIssue.objects.filter(inspection=inspection), issue_pk)
    issue.inspection = inspection
    return services.issue_fix(actor=request.user, issue=issue, fixed_on=fixed_on, fix_note=fix_note,
                              uploaded=evidence)  # fmt: skip


@inspections.post("/{int:pk}/comments", response={201: CommentOut},
                  summary="Comment on a self-inspection (the region or the base's bureau)")  # fmt: skip
def inspection_comment_create(request, pk: Id, payload: CommentIn):
    inspection = get_visible(inspections_visible_to(request.user), pk)
    comment = services.inspection_comment(actor=request.user, inspection=inspection, body=payload.body)
    return Status(201, comment)


register_workflow_routes(inspections, "inspections", inspection_workflow, inspections_visible_to)

routers = [("/inspections", inspections)]

__all__ = ["routers"]
