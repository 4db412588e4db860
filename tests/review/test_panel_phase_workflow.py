"""第十一条第（三）项: a panel's phase changes only through ``panel_workflow`` (open_shared, close)."""

import pytest

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.kernel.workflow import SYSTEM_ROLE, TransitionRefused, article_of
from postdoc_base.review import services
from postdoc_base.review.enums import PanelPhase, PanelPurpose
from postdoc_base.review.models import Panel
from postdoc_base.review.workflow import panel_workflow
from tests.factories import user_with_role

from .conftest import fresh, make_panel


def _panel_events(panel):
    return list(
        AuditEvent.objects.filter(subject_type="review.panel", subject_id=str(panel.pk))
        .filter(action__in=["open_shared", "close", "phase"])
        .order_by("seq")
        .values_list("action", "role", "from_state", "to_state")
    )


def test_the_panel_workflow_has_exactly_the_two_forward_transitions():
    # UNIT_ADMIN acts only on the assessment panels of its own base (review.permissions.panel_organiser);
    # establishment panels stay the region's (test_unit_admin_cannot_run_an_establishment_panel).
    organisers = (Role.REGION_ADMIN, Role.UNIT_ADMIN)
    establishment_panel = Panel(purpose=PanelPurpose.ESTABLISHMENT)
    assert {
        t.action: (t.sources, t.target, t.roles, article_of(t.article, establishment_panel))
        for t in panel_workflow.transitions.values()
    } == {
        "open_shared": (
            (PanelPhase.INDEPENDENT,), PanelPhase.SHARED, organisers, "第十一条第（三）项"
        ),
        # The rules also close an assessment's panel when the postdoc is withdrawn (apply_by_rule).
        "close": (
            (PanelPhase.INDEPENDENT, PanelPhase.SHARED), PanelPhase.CLOSED, (*organisers, SYSTEM_ROLE),
            "第十一条第（三）项",
        ),
    }  # fmt: skip
    assert panel_workflow.state_field == "phase"


@pytest.mark.parametrize(
    ("start", "phase", "action"),
    [
        (PanelPhase.INDEPENDENT, PanelPhase.SHARED, "open_shared"),
        (PanelPhase.INDEPENDENT, PanelPhase.CLOSED, "close"),
        (PanelPhase.SHARED, PanelPhase.CLOSED, "close"),
    ],
)
def test_panel_set_phase_applies_the_workflow_transition(rw, start, phase, action):
    panel = make_panel(rw)
    Panel.objects.filter(pk=panel.pk).update(phase=start)

    moved = services.panel_set_phase(actor=fresh(rw.admin), panel=panel, phase=phase)

    assert (moved.phase, Panel.objects.get(pk=panel.pk).phase) == (phase, phase)
    assert _panel_events(panel) == [(action, Role.REGION_ADMIN, start, phase)]


def test_a_closed_panel_cannot_be_reopened_or_closed_again(rw):
    panel = make_panel(rw)
    admin = fresh(rw.admin)
    services.panel_set_phase(actor=admin, panel=panel, phase=PanelPhase.CLOSED)
    for phase in (PanelPhase.INDEPENDENT, PanelPhase.SHARED, PanelPhase.CLOSED):
        with pytest.raises(TransitionRefused) as exc:
            services.panel_set_phase(actor=admin, panel=panel, phase=phase)
        assert [f.code for f in exc.value.findings] == ["review.phase_backwards"]
    with pytest.raises(TransitionRefused) as exc:
        panel_workflow.apply(panel, "close", actor=admin)
    assert [f.code for f in exc.value.findings] == ["kernel.wrong_state"]
    assert _panel_events(panel) == [("close", Role.REGION_ADMIN, PanelPhase.INDEPENDENT, PanelPhase.CLOSED)]


def test_only_the_region_administrator_moves_a_panel(rw):
    panel = make_panel(rw)
    bureau_officer = user_with_role(Role.BUREAU_OFFICER, rw.app.unit.bureau)

    with pytest.raises(TransitionRefused) as exc:
        services.panel_set_phase(actor=fresh(bureau_officer), panel=panel, phase=PanelPhase.SHARED)
    assert [f.code for f in exc.value.findings] == ["kernel.not_permitted"]
    with pytest.raises(TransitionRefused) as exc:
        panel_workflow.apply(panel, "open_shared", actor=fresh(bureau_officer))
    assert [f.code for f in exc.value.findings] == ["kernel.not_permitted"]
    assert Panel.objects.get(pk=panel.pk).phase == PanelPhase.INDEPENDENT
    assert _panel_events(panel) == []


def test_unit_admin_cannot_run_an_establishment_panel(rw, client):
    panel = make_panel(rw)
    unit_admin = user_with_role(Role.UNIT_ADMIN, rw.app.unit)
    with pytest.raises(TransitionRefused) as exc:
        services.panel_set_phase(actor=fresh(unit_admin), panel=panel, phase=PanelPhase.SHARED)
    assert [f.code for f in exc.value.findings] == ["kernel.not_permitted"]
    with pytest.raises(TransitionRefused) as exc:
        panel_workflow.apply(panel, "close", actor=fresh(unit_admin))
    assert [f.code for f in exc.value.findings] == ["kernel.not_permitted"]
    client.force_login(unit_admin)
    assert client.get(panel.get_absolute_url()).status_code == 404
    assert f'data-panel="{panel.pk}"' not in client.get("/review/panels/").content.decode()
    assert Panel.objects.get(pk=panel.pk).phase == PanelPhase.INDEPENDENT


def test_panel_page_timeline_labels_the_phase_transitions(rw, client):
    panel = make_panel(rw)
    services.panel_set_phase(actor=fresh(rw.admin), panel=panel, phase=PanelPhase.SHARED)
    client.force_login(rw.admin)

    body = client.get(panel.get_absolute_url()).content.decode()

    assert "进入合议阶段" in body and "合议（可见他人评分）" in body
