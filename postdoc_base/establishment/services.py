"""Writes for rounds and applications. Every write runs in a transaction with its audit event; state
changes go through the workflow kernel (``application_workflow.apply``)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel import audit
from postdoc_base.kernel.files import files_removed_on_failure, original_name
from postdoc_base.kernel.params import establishment_params
from postdoc_base.kernel.uploads import check_upload
from postdoc_base.kernel.workflow import TransitionRefused, snapshot
from postdoc_base.policy.establishment import (
    ART9_ITEM_KEYS,
    ART11_2,
    check_batch_submission,
    check_reapplication_ban,
    check_round_dates,
)
from postdoc_base.policy.findings import Finding

from .enums import ApplicationState, RoundState
from .models import (
    Attachment,
    BaseApplication,
    PreliminaryReview,
    PriorityClaim,
    ResearchProject,
    Round,
    SeniorResearcher,
)
from .permissions import EDITABLE_STATES, REVIEWABLE_BY_BUREAU, application_assignment, round_assignment
from .workflow import application_workflow, round_workflow

APPLICATION_FIELDS = (
    "operating_well", "operating_status", "rnd_institution", "station", "recruitment_plan", "planned_recruits",
    "management_rules", "research_conditions", "living_conditions", "offered_annual_pay_yuan", "contact_name",
    "contact_phone",
)  # fmt: skip


class NotAllowed(TransitionRefused):
    """A write the actor may not make; carries findings like a refused transition."""


def _refuse(code: str, article: str, message) -> NotAllowed:
    return NotAllowed([Finding(False, code, article, message)])


def _require(assignment, message=None):
    if assignment is None:
        raise _refuse("kernel.not_permitted", "", message or _("您没有执行此操作的权限。"))
    return assignment


# --- rounds --------------------------------------------------------------------------------------------
def round_create(
    *, actor, name: str, year: int, application_deadline, review_deadline, notes: str = ""
) -> Round:
    assignment = _require(round_assignment(actor, Role.REGION_ADMIN, None))
    _check_dates(application_deadline, review_deadline)
    with transaction.atomic():
        try:
            with transaction.atomic():
                round_ = Round.objects.create(
                    name=name, year=year, application_deadline=application_deadline,
                    review_deadline=review_deadline, notes=notes,
                )  # fmt: skip
        except IntegrityError:
            raise ValidationError({"name": _("已有同名批次。")}) from None
        audit.record(actor=actor, subject=round_, action="create", role=assignment.role,
                     scope=assignment.scope_label, to_state=round_.state,
                     diff=audit.field_diff({}, snapshot(round_)))  # fmt: skip
    return round_


def round_update(*, actor, round_: Round, **fields) -> Round:
    assignment = _require(round_assignment(actor, Role.REGION_ADMIN, round_))
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        before = snapshot(locked)
        for name in ("name", "year", "application_deadline", "review_deadline", "notes"):
            if name in fields:
                setattr(locked, name, fields[name])
        _check_dates(locked.application_deadline, locked.review_deadline)
        locked.save()
        audit.record(actor=actor, subject=locked, action="update", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff(before, snapshot(locked)))  # fmt: skip
        if "application_deadline" in fields or "review_deadline" in fields:
            _refresh_round_deadlines(locked)
    return locked


def _check_dates(application_deadline, review_deadline) -> None:
    """Art. 11 round dates (policy ``check_round_dates``) as form errors on the offending field."""
    findings = check_round_dates(application_deadline, review_deadline)
    if findings:
        raise ValidationError({"review_deadline": [f.message for f in findings]})


def round_transition(*, actor, round_: Round, action: str, comment: str = "") -> Round:
    """Open, close or reopen a round through ``round_workflow``; losing the race to open a second round at
    the same time is refused with ``round.another_open`` like the guard, never a server error."""
    return round_workflow.apply(round_, action, actor=actor, comment=comment)


def _refresh_round_deadlines(round_: Round) -> None:
    from postdoc_base.kernel.models import Obligation, ObligationStatus

    ids = [str(pk) for pk in round_.applications.values_list("pk", flat=True)]
    open_rows = Obligation.objects.filter(
        subject_type=BaseApplication._meta.label_lower, subject_id__in=ids, status=ObligationStatus.OPEN
    )
    open_rows.filter(kind="application_submit").update(due_on=round_.application_deadline)
    open_rows.filter(kind__in=["application_revise", "dept_consent", "bureau_recommendation"]).update(
        due_on=round_.review_deadline
    )


# --- applications --------------------------------------------------------------------------------------
def application_create(*, actor, round_: Round, unit) -> BaseApplication:
    """Art. 11: applications exist only inside an open round, one per unit per round."""
    if not any(a.role == Role.UNIT_ADMIN and a.unit_id == unit.pk for a in actor.assignments):
        raise _refuse("kernel.not_permitted", "", _("只有本单位的博士后管理员可以为本单位申报。"))
    if round_.state != RoundState.OPEN:
        raise _refuse("art11.round_not_open", "第十一条", _("本批次不在申报期内。"))
    if not (barred := _reapplication_ban(unit)).ok:
        raise NotAllowed([barred])
    assignment = next(a for a in actor.assignments if a.role == Role.UNIT_ADMIN and a.unit_id == unit.pk)
    with transaction.atomic():
        try:
            with transaction.atomic():
                app = BaseApplication.objects.create(
                    round=round_, unit=unit, created_by=actor,
                    contact_name=unit.contact_name, contact_phone=unit.contact_phone,
                )  # fmt: skip
        except IntegrityError:
            raise _refuse(
                "art11.duplicate", "第十一条", _("本单位在本批次已有申请，每个单位每批次只能申报一次。")
            ) from None
        audit.record(actor=actor, subject=app, action="create", role=assignment.role,
                     scope=assignment.scope_label, to_state=app.state)  # fmt: skip
        application_workflow.sync_obligations(app, app.state)
    return app


def _reapplication_ban(unit):
    """Art. 24: a unit whose base's filing was revoked does not apply again for 3 years from the revocation (the
    same finding the eligibility panel shows, here before a draft is even made)."""
    today = timezone.localdate()
    return check_reapplication_ban(unit.facts(), today, establishment_params(today))


def _lock_editable(actor, app: BaseApplication):
    assignment = _require(
        application_assignment(actor, Role.UNIT_ADMIN, app), _("只有申报单位的博士后管理员可以修改申请。")
    )
    locked = BaseApplication.objects.select_for_update().select_related("unit", "round").get(pk=app.pk)
    if locked.state not in EDITABLE_STATES:
        raise _refuse(
            "kernel.wrong_state", "第十一条",
            _("申请处于“%(state)s”状态，只有草稿或退回修改的申请可以修改。") % {"state": locked.get_state_display()},
        )  # fmt: skip
    return assignment, locked


@dataclass
class Children:
    researchers: list[dict] | None = None
    projects: list[dict] | None = None


def application_update(
    *, actor, app: BaseApplication, fields: dict, researchers=None, projects=None
) -> BaseApplication:
    """Save the applicant's edits; researchers and projects, when given, replace the lists whole."""
    with transaction.atomic():
        assignment, locked = _lock_editable(actor, app)
        before = snapshot(locked)
        before["researchers"] = list(
            locked.researchers.values("name", "title", "field", "full_time", "senior_title", "can_supervise")
        )
        before["projects"] = list(locked.projects.values("title", "summary"))
        for name in APPLICATION_FIELDS:
            if name in fields:
                setattr(locked, name, fields[name])
        locked.save()
        after = snapshot(locked)
        if researchers is not None:
            locked.researchers.all().delete()
            SeniorResearcher.objects.bulk_create(
                SeniorResearcher(application=locked, **r) for r in researchers
            )
            after["researchers"] = [dict(r) for r in researchers]
        else:
            after["researchers"] = before["researchers"]
        if projects is not None:
            locked.projects.all().delete()
            ResearchProject.objects.bulk_create(ResearchProject(application=locked, **p) for p in projects)
            after["projects"] = [dict(p) for p in projects]
        else:
            after["projects"] = before["projects"]
        audit.record(actor=actor, subject=locked, action="update", role=assignment.role,
                     scope=assignment.scope_label,
                     diff=audit.field_diff(before, after, sensitive=frozenset({"contact_phone"})))  # fmt: skip
    return locked


def attachment_add(*, actor, app: BaseApplication, kind: str, uploaded) -> Attachment:
    ext, content_type, digest = check_upload(uploaded)
    name = original_name(uploaded.name, ext, Attachment._meta.get_field("original_name").max_length)
    with files_removed_on_failure() as track, transaction.atomic():
        assignment, locked = _lock_editable(actor, app)
        uploaded.name = f"{digest[:16]}.{ext}"  # stored under a neutral name; the original is kept as data
        attachment = Attachment.objects.create(
            application=locked, kind=kind, file=uploaded, original_name=name, content_type=content_type,
            size=uploaded.size, sha256=digest, uploaded_by=actor,
        )  # fmt: skip
        track(attachment.file)
        audit.record(actor=actor, subject=locked, action="attachment_add", role=assignment.role,
                     scope=assignment.scope_label,
                     diff={"attachment": [None, {"id": attachment.pk, "kind": kind, "name": name, "sha256": digest}]})  # fmt: skip
    return attachment


def attachment_remove(*, actor, attachment: Attachment) -> None:
    with transaction.atomic():
        assignment, locked = _lock_editable(actor, attachment.application)
        info = {"id": attachment.pk, "kind": attachment.kind, "name": attachment.original_name}
        stored = attachment.file.name
        attachment.delete()
        audit.record(actor=actor, subject=locked, action="attachment_remove", role=assignment.role,
                     scope=assignment.scope_label, diff={"attachment": [info, None]})  # fmt: skip
        storage = Attachment._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))


def claim_add(*, actor, app: BaseApplication, category: str, description: str, year: int | None,
              evidence: Attachment | None) -> PriorityClaim:  # fmt: skip
    with transaction.atomic():
        assignment, locked = _lock_editable(actor, app)
        if evidence is not None and evidence.application_id != locked.pk:
            raise ValidationError({"evidence": _("证明材料必须是本申请的附件。")})
        claim = PriorityClaim.objects.create(
            application=locked, category=category, description=description, year=year, evidence=evidence
        )
        audit.record(actor=actor, subject=locked, action="claim_add", role=assignment.role, scope=assignment.scope_label,
                     diff={"claim": [None, {"id": claim.pk, "category": category, "year": year}]})  # fmt: skip
    return claim


def claim_remove(*, actor, claim: PriorityClaim) -> None:
    with transaction.atomic():
        assignment, locked = _lock_editable(actor, claim.application)
        info = {"id": claim.pk, "category": claim.category}
        claim.delete()
        audit.record(actor=actor, subject=locked, action="claim_remove", role=assignment.role,
                     scope=assignment.scope_label, diff={"claim": [info, None]})  # fmt: skip


# --- preliminary review (Art. 11(2)) ---------------------------------------------------------------------
def preliminary_review_save(*, actor, app: BaseApplication, condition_checks: dict, condition_comments: dict,
                            inspection: str, inspected_on, recommendation: str) -> PreliminaryReview:  # fmt: skip
    with transaction.atomic():
        locked = BaseApplication.objects.select_for_update().select_related("unit").get(pk=app.pk)
        assignment = _require(
            application_assignment(actor, Role.BUREAU_OFFICER, locked),
            _("只有申报单位所在盟市人社局可以初审。"),
        )
        if locked.state not in REVIEWABLE_BY_BUREAU:
            raise _refuse("kernel.wrong_state", ART11_2, _("该申请当前不在盟市初审阶段。"))
        review, _created = PreliminaryReview.objects.get_or_create(application=locked)
        before = snapshot(review)
        # Exactly the keys "1".."5": a substring test (``in "12345"``) would also let "", "12" or "345" through.
        review.condition_checks = {str(k): v for k, v in condition_checks.items() if str(k) in ART9_ITEM_KEYS}
        review.condition_comments = {
            str(k): v for k, v in condition_comments.items() if str(k) in ART9_ITEM_KEYS
        }
        review.inspection = inspection
        review.inspected_on = inspected_on
        review.recommendation = recommendation
        review.reviewer = actor
        review.save()
        audit.record(actor=actor, subject=locked, action="preliminary_review_save", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff(before, snapshot(review)))  # fmt: skip
    return review


def recommendation_rank_set(*, actor, round_: Round, bureau_id: int, ranks: dict[int, int | None]) -> None:
    """Store the bureau's ranking of its recommended applications in a round."""
    from .selectors import bureau_batch

    with transaction.atomic():
        apps = list(
            bureau_batch(round_, bureau_id)
            .select_for_update(of=("self",))
            .filter(state=ApplicationState.RECOMMENDED)
        )
        for app in apps:
            assignment = _require(application_assignment(actor, Role.BUREAU_OFFICER, app))
            review = app.preliminary_review
            new_rank = ranks.get(app.pk, review.rank)
            if new_rank != review.rank:
                audit.record(actor=actor, subject=app, action="rank_set", role=assignment.role,
                             scope=assignment.scope_label, diff={"rank": [review.rank, new_rank]})  # fmt: skip
                review.rank = new_rank
                review.save(update_fields=["rank", "updated_at"])


def bureau_batch_submit(*, actor, round_: Round, bureau_id: int, comment: str = "") -> list[BaseApplication]:
    """Art. 11(2): the bureau submits its ranked recommendations for a round to the region together.

    Refused while any application of the bureau in the round still waits for its decision, when nothing
    is recommended, or when the ranking is not exactly 1..n.
    """
    from .selectors import bureau_batch

    with transaction.atomic():
        batch = list(bureau_batch(round_, bureau_id).select_for_update(of=("self",)))
        if not any(application_assignment(actor, Role.BUREAU_OFFICER, a) for a in batch) and batch:
            raise _refuse("kernel.not_permitted", ART11_2, _("只有本盟市人社局可以报送本盟市的推荐。"))
        pending = [a for a in batch if a.state == ApplicationState.BUREAU_REVIEW]
        recommended = [a for a in batch if a.state == ApplicationState.RECOMMENDED]
        findings = check_batch_submission(
            len(pending), len(recommended), [a.preliminary_review.rank for a in recommended]
        )
        if refused := [f for f in findings if not f.ok]:
            raise NotAllowed(refused)
        done = []
        for app in sorted(recommended, key=lambda a: a.preliminary_review.rank):
            done.append(
                application_workflow.apply(app, "bureau_forward", actor=actor, comment=comment, batch=True)
            )
        return done
