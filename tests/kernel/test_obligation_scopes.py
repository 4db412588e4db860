"""Obligation scopes are typed: the kind follows from the owing role through the role-scope map
(accounts.enums.ScopeKind), so no table can name a kind that no assignment holds."""

import importlib
from pathlib import Path

import pytest

from postdoc_base.accounts.enums import ROLE_SCOPE_FIELD, Role, ScopeKind, scope_kind_of
from postdoc_base.kernel.workflow import ObligationSpec, Workflow

PACKAGE = Path(__file__).resolve().parents[2] / "postdoc_base"


def _all_workflows() -> list[Workflow]:
    """Every workflow the project declares: the Workflow instances of its workflow modules."""
    found = {}
    for path in sorted(PACKAGE.rglob("*workflow.py")):
        module = importlib.import_module(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        found.update({id(v): v for v in vars(module).values() if isinstance(v, Workflow)})
    return list(found.values())


def test_scope_kinds_are_the_scope_fields_of_the_roles_plus_the_region():
    assert set(ScopeKind.values) == {"region"} | {f for f in ROLE_SCOPE_FIELD.values() if f}
    assert [scope_kind_of(r) for r in (Role.REGION_ADMIN, Role.UNIT_ADMIN, Role.SUPERVISOR)] == [
        ScopeKind.REGION, ScopeKind.UNIT, ScopeKind.SUPERVISOR,
    ]  # fmt: skip


def test_every_obligation_of_every_workflow_is_owed_in_a_known_kind_of_scope():
    specs = [(wf.name, spec) for wf in _all_workflows() for spec in wf.obligations]
    assert {name for name, _ in specs} == {
        "appointment", "assessment", "base_application", "dispatch", "objection", "output",
        "review_assignment", "term_extension", "topic_interest", "withdrawal_case",
        "revocation_case", "treatment_checklist", "evaluation", "self_inspection",
    }  # fmt: skip
    for name, spec in specs:
        assert spec.role in ROLE_SCOPE_FIELD, (name, spec.kind)
        assert spec.scope_kind in ScopeKind.values, (name, spec.kind)
        assert (spec.scope is None) == (spec.scope_kind == ScopeKind.REGION), (name, spec.kind)


@pytest.mark.parametrize(("role", "scope"), [(Role.UNIT_ADMIN, None), (Role.REGION_ADMIN, lambda obj: 1)])
def test_a_spec_whose_scope_does_not_fit_its_role_is_refused(role, scope):
    with pytest.raises(ValueError, match="scope id is needed"):
        ObligationSpec("probe", "probe", frozenset({"a"}), role, scope, lambda obj: None)


def test_an_unknown_role_is_refused():
    with pytest.raises(KeyError):
        ObligationSpec("probe", "probe", frozenset({"a"}), "janitor", None, lambda obj: None)
