"""The kernel workflow of revocation cases (取消基地备案, Art. 24 first sentence): opened by the rules, then the
region revokes the base's filing (its date and document number recorded by the step) or keeps the base (its
reasons the step's comment)."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import holders_by_scope, users_with_role
from postdoc_base.directory.services import unit_base_left_register
from postdoc_base.kernel.models import DateMeaning
from postdoc_base.kernel.notifications import notify_each
from postdoc_base.kernel.workflow import SYSTEM_ROLE, ObligationSpec, Transition, Workflow
from postdoc_base.policy.articles import ART24
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.oversight import check_revocation_decision

from ..ending import end_open_items
from ..enums import BaseState
from ..workflow import base_workflow
from .enums import RevocationGround, RevocationState
from .models import RevocationCase
from .permissions import revocation_assignment
from .stays import has_postdoc_in_base

RS = RevocationState


def _article(case) -> str:
    return case.article


def _decision_stands(case, ctx):
    """The date and document number are as the decision needs them (policy), the base is still filed, and, on
    Art. 24's ground, nobody is in the base now: a postdoc who came since is a reason to keep it, not to strand
    them. (A base failing its evaluation may have postdocs; the region decides knowing them.)"""
    yield from check_revocation_decision(
        case.revoked_on, case.document_number, case.due_on, ctx.today, case.article
    )
    if case.base.state != BaseState.ACTIVE:
        yield Finding(
            False, "art24.base_not_active", case.article, _("该基地已不在备案状态，无需再取消备案。")
        )
    elif case.ground == RevocationGround.EMPTY_TWO_YEARS and has_postdoc_in_base(case.base_id, ctx.today):
        yield Finding(
            False, "art24.postdoc_in_base_now", ART24,
            _("基地现有在站博士后研究人员，不能取消备案；如决定保留，请选择“保留备案”并写明理由。"),
        )  # fmt: skip


def _revoked(case, ctx) -> None:
    """The base leaves the register through its own step; the unit's 3-year bar (Art. 24) runs from the date;
    what hung open off the base ends (``ending``)."""
    case.decided_on = ctx.today
    base = case.base
    base_workflow.apply(base, "revoke", actor=ctx.actor, comment=case.document_number, batch=True)
    unit_base_left_register(
        actor=ctx.actor, assignment=ctx.assignment, unit=base.unit, base_revoked_on=case.revoked_on
    )
    end_open_items(base, BaseState.REVOKED, case.revoked_on)


def _kept(case, ctx) -> None:
    case.decided_on = ctx.today


def _base_and_bureau(base) -> list:
    return [
        *users_with_role(Role.UNIT_ADMIN, base.unit_id),
        *users_with_role(Role.BUREAU_OFFICER, base.unit.bureau_id),
    ]


def _revocation_recipients(case, transition, to_state):
    return _base_and_bureau(case.base)


def tell_bases_and_bureaus(cases: list[RevocationCase]) -> None:
    """After the sweep commits: each case's base (its unit administrators) and bureau (its officers) hear that
    the rules opened a revocation case and that the region decides; two queries and one insert however many."""
    units = holders_by_scope(Role.UNIT_ADMIN, {c.base.unit_id for c in cases})
    bureaus = holders_by_scope(Role.BUREAU_OFFICER, {c.base.unit.bureau_id for c in cases})
    notify_each(
        (
            [*units.get(c.base.unit_id, ()), *bureaus.get(c.base.unit.bureau_id, ())],
            str(_("%(base)s：%(ground)s") % {"base": c.base.name, "ground": c.get_ground_display()}),
            str(
                _("%(facts)s 待自治区人力资源和社会保障厅决定（%(article)s）。")
                % {"facts": c.facts, "article": c.article}
            ),
            c.get_absolute_url(),
        )
        for c in cases
    )


REVOCATION_TRANSITIONS = [
    # Creation row: opened by the rules (the daily sweep, sweeps.empty_base_sweep; a failed re-check of an
    # evaluation, services.revocation_case_open_for_failed_evaluation), through Workflow.open_by_rule.
    Transition("open", _("发起取消备案"), (), RS.OPEN, (SYSTEM_ROLE,), _article, batch_only=True),
    Transition(
        "revoke", _("取消基地备案"), (RS.OPEN,), RS.REVOKED, (Role.REGION_ADMIN,), _article,
        guards=(_decision_stands,), effect=_revoked, records=("revoked_on", "document_number"),
        batch_only=True, style="danger",  # through the decision form: it records the date and document number
    ),
    Transition(
        "keep", _("保留备案"), (RS.OPEN,), RS.KEPT, (Role.REGION_ADMIN,), _article, comment_required=True,
        effect=_kept, style="outline-secondary",
    ),
]  # fmt: skip

REVOCATION_OBLIGATIONS = [
    ObligationSpec(
        "revocation_decision", _("决定是否取消基地备案"), frozenset({RS.OPEN}), Role.REGION_ADMIN, None,
        lambda c: c.due_on, _article, date_means=DateMeaning.FROM,
    ),
]  # fmt: skip

revocation_workflow = Workflow(
    name="revocation_case",
    model=RevocationCase,
    transitions=REVOCATION_TRANSITIONS,
    assignment_for=revocation_assignment,
    state_labels=dict(RevocationState.choices),
    obligations=REVOCATION_OBLIGATIONS,
    recipients=_revocation_recipients,
    url=lambda c: c.get_absolute_url(),
    bureau_path="base__unit__bureau_id",
)
