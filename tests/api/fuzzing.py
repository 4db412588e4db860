"""Issue 9 item 3 "No 500 on any input": Schemathesis over the whole OpenAPI schema, as two roles (the test is
``test_fuzz.py``).

For the region administrator and for a base's unit administrator (bearer tokens), every operation of the
schema is called with generated requests, through the WSGI application (no server), on the test database
(SQLite, or PostgreSQL when ``DATABASE_URL`` says so). Each answer must be no 5xx, a documented status, the
documented content type and a body that matches its schema.

Per operation and role: ``POSITIVE`` examples (valid per the schema) with the path ids of a small world's real
objects and, in bodies and filters, its real ids in place of the drawn ones, so the handlers and services run on
rows that exist, a workflow's own actions in its transitions and a valid credit code where one is asked; then
``NEGATIVE`` examples (the schema broken on purpose, with drawn ids). The number of examples is bounded and the
generation derandomized (no example database, no shrinking), so a run takes the same path every time. Each
generated request is sent as both roles (Hypothesis draws it once): about a minute on SQLite and 100 s on
PostgreSQL, on one worker while the other runs the rest of the suite. The database is used without a test
transaction around the requests (``transaction=True``), as in production, where every request commits or rolls
back on its own. A failure lists each operation with Schemathesis' report and a curl line to reproduce it.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import schemathesis
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.services import api_token_issue
from postdoc_base.deadlines.models import ReminderSetting
from postdoc_base.establishment.notice_workflow import objection_workflow
from postdoc_base.establishment.workflow import application_workflow, round_workflow
from postdoc_base.imports.models import ImportJob
from postdoc_base.oversight.evaluations.models import Evaluation
from postdoc_base.oversight.evaluations.services import campaign_open
from postdoc_base.oversight.evaluations.workflow import evaluation_workflow
from postdoc_base.oversight.funding.models import FundingRecord
from postdoc_base.oversight.inspections.models import SelfInspection
from postdoc_base.oversight.inspections.workflow import inspection_workflow
from postdoc_base.oversight.positions.models import Position
from postdoc_base.oversight.positions.workflow import position_workflow
from postdoc_base.oversight.revocations.models import RevocationCase
from postdoc_base.oversight.revocations.workflow import revocation_workflow
from postdoc_base.oversight.support.models import SupportPolicy
from postdoc_base.oversight.upgrades.models import TreatmentChecklist, TreatmentItem, WorkstationApproval
from postdoc_base.oversight.upgrades.workflow import checklist_workflow
from postdoc_base.policy.oversight import TREATMENT_ITEMS
from postdoc_base.review.workflow import assignment_workflow
from postdoc_base.tenure.assessments.workflow import assessment_workflow
from postdoc_base.tenure.dispatches.enums import DispatchState
from postdoc_base.tenure.dispatches.models import Dispatch
from postdoc_base.tenure.dispatches.workflow import dispatch_workflow
from postdoc_base.tenure.outputs.workflow import output_workflow
from postdoc_base.tenure.recruitment.models import TopicInterest
from postdoc_base.tenure.recruitment.workflow import agreement_workflow, interest_workflow, topic_workflow
from postdoc_base.tenure.stay.workflow import appointment_workflow, extension_workflow
from postdoc_base.tenure.withdrawals.enums import WithdrawalState
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from postdoc_base.tenure.withdrawals.workflow import withdrawal_workflow
from tests.factories import DepartmentFactory, ExpertFactory, RoundFactory, make_uscc, ready_application
from tests.factories.assessments import make_assessment
from tests.factories.exits import appointment, extension, make_exit_world
from tests.factories.notices import objection, passed_round, publish
from tests.factories.outputs import make_output, make_pay
from tests.factories.review import assignment_for
from tests.factories.tenure import make_topic

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
POSITIVE_EXAMPLES = 8
NEGATIVE_EXAMPLES = 4
CONFIG = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})


def make_world() -> dict:
    """One of each resource the API serves, in the states its routes act on."""
    w = make_exit_world()
    region = w["region"]
    a = appointment(w)
    round_, (passed,) = passed_round(1)
    notice = publish(region, round_)
    draft = ready_application(unit=w["b1"].unit, round=RoundFactory())
    review = assignment_for(passed)
    objects = {
        "bureaus": w["b1"].unit.bureau,
        # /deadlines/reminder-settings/{kind}: a kind's primary key is its name.
        "deadlines": ReminderSetting(kind="entry_filing"),
        # /stats/{chart}: a chart is named by its key.
        "stats": SimpleNamespace(pk="bases_by_bureau"),
        # /imports/{kind}: each role uploads a kind it may import; /imports/jobs/{pk}: each role's own job.
        "import-kinds": {"region": SimpleNamespace(pk="units"), "base": SimpleNamespace(pk="postdocs")},
        "imports": {
            "region": ImportJob.objects.create(
                kind="units",
                created_by=region,
                filename="units.xlsx",
                state="validated",
                file="imports/units.xlsx",
            ),
            "base": ImportJob.objects.create(
                kind="postdocs",
                created_by=w["base_same"],
                filename="postdocs.xlsx",
                state="validated",
                file="imports/postdocs.xlsx",
            ),
        },  # fmt: skip
        "departments": DepartmentFactory(),
        "units": w["b1"].unit,
        "stations": w["st1"],
        "experts": ExpertFactory(),
        "rounds": round_,
        # The region reads submitted applications; the base its own draft.
        "base-applications": {"region": passed, "base": draft},
        "attachments": {"region": passed.attachments.first(), "base": draft.attachments.first()},
        "notices": notice,
        "objections": objection(notice.items.first(), today=notice.published_on),
        "bases": w["b1"],
        "panels": review.panel,
        "reviews": review,
        "cooperation-agreements": w["b1"].agreements.first(),
        "topics": (topic := make_topic(w["b1"], state="published")),
        "topic-interests": TopicInterest.objects.create(topic=topic, name="张三", contact="13812345678"),
        "postdocs": w["p1"],
        "supervisors": w["ssup"],
        "appointments": a,
        "extensions": extension(w, a),
        "withdrawals": WithdrawalCase.objects.create(
            appointment=a,
            reason=7,
            facts="患病",
            proposed_by_role=Role.UNIT_ADMIN,
            state=WithdrawalState.PROPOSED,
        ),
        "dispatches": Dispatch.objects.create(
            appointment=a,
            state=DispatchState.REQUESTED,
            destination="abroad",
            purpose="exchange",
            place="蒙古国立大学",
            planned_start=date(2026, 3, 1),
            planned_return=date(2026, 3, 20),
        ),  # fmt: skip
        "outputs": make_output(a),
        "pay-records": make_pay(a),
        "exits": a,
        "assessments": make_assessment(a),
        "assessment-schemes": w["b1"],
        # Chapter 5 (issue 11): the oversight records on the second base, so that a step the fuzzer manages to
        # take (revoking, recording a workstation) leaves the first base's routes their rows.
        "revocations": RevocationCase.objects.create(
            base=w["b2"],
            empty_since=date(2024, 1, 1),
            due_on=date(2026, 1, 1),
            facts="连续2年无在站博士后研究人员",
        ),
        "treatments": _checklist(w["b2"], a),
        "funding": FundingRecord.objects.create(
            base=w["b1"], year=2026, source="unit", amount=Decimal("50000"), purpose="科研经费"
        ),
        "support-policies": SupportPolicy.objects.create(
            bureau=w["b1"].unit.bureau,
            title="支持博士后创新实践基地的若干措施",
            document_number="呼人社发〔2026〕3号",
            issued_on=date(2026, 3, 1),
            summary="经费补助",
        ),
        "inspections": SelfInspection.objects.create(base=w["b1"], year=2026, summary="年度自查"),
        "evaluation-campaigns": (campaign := _campaign(w["region"])),
        "evaluations": Evaluation.objects.get(campaign=campaign, base=w["b1"]),
        "positions": Position.objects.create(
            title="新材料研发岗",
            employer=w["b1"].unit.name,
            unit=w["b1"].unit,
            bureau=w["b1"].unit.bureau,
            posted_by_role=Role.UNIT_ADMIN,
            description="从事新材料研发。",
            contact="0471-6000000",
            closes_on=timezone.localdate() + timedelta(days=9),
        ),  # fmt: skip
    }
    return {"objects": objects, "users": {"region": region, "base": w["base_same"]}}


def _campaign(region):
    today = timezone.localdate()
    return campaign_open(
        actor=region, name="基地评估", year=today.year, reference_date=today, min_filed_years=0,
        self_due_on=today + timedelta(days=30), check_due_on=today + timedelta(days=60),
        grade_due_on=today + timedelta(days=90),
    )  # fmt: skip


def _checklist(base, appointment) -> TreatmentChecklist:
    approval = WorkstationApproval.objects.create(
        base=base,
        approved_on=date(2026, 6, 1),
        document_number="人社部函〔2026〕35号",
        approver="人力资源社会保障部",
    )
    checklist = TreatmentChecklist.objects.create(approval=approval, appointment=appointment)
    TreatmentItem.objects.bulk_create(
        TreatmentItem(checklist=checklist, key=i.key, position=n) for n, i in enumerate(TREATMENT_ITEMS)
    )
    return checklist


WORKFLOWS = {
    "rounds": round_workflow, "base-applications": application_workflow, "objections": objection_workflow,
    "reviews": assignment_workflow, "cooperation-agreements": agreement_workflow, "topics": topic_workflow,
    "topic-interests": interest_workflow, "appointments": appointment_workflow, "extensions": extension_workflow,
    "withdrawals": withdrawal_workflow, "dispatches": dispatch_workflow, "outputs": output_workflow,
    "assessments": assessment_workflow, "revocations": revocation_workflow, "treatments": checklist_workflow,
    "inspections": inspection_workflow, "positions": position_workflow, "evaluations": evaluation_workflow,
}  # fmt: skip


# Body and query fields that name another resource, and the resource.
REFERENCES = {
    "appointment": "appointments", "base": "bases", "bureau": "bureaus", "department": "departments",
    "expert": "experts", "notice": "notices", "panel": "panels", "postdoc": "postdocs", "round": "rounds",
    "station": "stations", "topic": "topics", "unit": "units", "item": None, "rubric": None,
}  # fmt: skip


def _resource(path: str) -> str:
    return path.removeprefix("/api/v1/").split("/")[0]


def _object(objects: dict, key: str, role: str):
    found = objects[key]
    return found[role] if isinstance(found, dict) else found


def _real_ids(case, objects: dict, role: str) -> None:
    """Valid requests about the world's objects: real path ids, real ids for the references in the body and
    the query (a drawn id is kept when it is odd, so unknown ids are tried too), a workflow's own actions and a
    valid credit code."""
    resource = _resource(case.operation.path)
    for name in case.path_parameters or {}:
        key = "attachments" if name == "attachment_id" else resource
        if resource == "imports" and name == "kind":
            key = "import-kinds"
        case.path_parameters[name] = _object(objects, key, role).pk
    if isinstance(case.body, dict):
        if isinstance(case.body.get("action"), str) and resource in WORKFLOWS:
            actions = sorted(WORKFLOWS[resource].transitions)
            case.body["action"] = actions[len(case.body["action"]) % len(actions)]
        if isinstance(case.body.get("uscc"), str) and len(case.body["uscc"]) % 2 == 0:
            case.body["uscc"] = make_uscc()
    for container in (case.body, case.query):
        if not isinstance(container, dict):
            continue
        for name, value in container.items():
            target = REFERENCES.get(name)
            if target and isinstance(value, int) and not isinstance(value, bool) and value % 2 == 0:
                container[name] = _object(objects, target, role).pk


def _takes_input(operation) -> bool:
    return any(True for _ in operation.iter_parameters()) or bool(
        operation.get_request_payload_content_types()
    )


ROLES = ("region", "base")
ROLE_NAMES = {"region": "the region administrator", "base": "a base's unit administrator"}


def _run(operation, mode: GenerationMode, examples: int, headers: dict, objects: dict) -> str | None:
    """Each generated request is sent as each role in turn (a copy of it per role, with that role's real ids):
    both roles get the same drawn cases, as many per operation as each had when it was fuzzed alone (the
    derandomized draws were the same for both then too), and Hypothesis draws them once."""

    @settings(
        max_examples=examples, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @given(case=operation.as_strategy(mode))
    def run(case):
        for role in ROLES:
            sent = case.derive()
            if mode is GenerationMode.POSITIVE:
                _real_ids(sent, objects, role)
            response = sent.call(headers=headers[role])
            try:
                sent.validate_response(response, checks=CHECKS)
            except BaseException as failure:
                failure.add_note(f"as {ROLE_NAMES[role]}")
                raise

    try:
        run()
    except (KeyboardInterrupt, SystemExit):
        raise
    except Unsatisfiable as failure:
        # An operation that takes nothing (a fixed list, e.g. the reminder settings) has no invalid request.
        if mode is GenerationMode.NEGATIVE and not _takes_input(operation):
            return None
        return f"{operation.label} [{mode.value}]\n{failure}"
    except BaseException as failure:  # Schemathesis reports its findings as an exception group
        notes = "\n".join(getattr(failure, "__notes__", ()))
        return f"{operation.label} [{mode.value}]\n{failure}\n{notes}"
    return None


def fuzz_every_operation() -> None:
    """The whole check, for both roles (``test_fuzz.py``)."""
    world = make_world()
    headers = {}
    for role in ROLES:
        _token, raw = api_token_issue(actor=world["users"][role])
        headers[role] = {"Authorization": f"Bearer {raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 130

    started = time.monotonic()
    failures = []
    for operation in operations:
        for mode, examples in (
            (GenerationMode.POSITIVE, POSITIVE_EXAMPLES),
            (GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES),
        ):
            failure = _run(operation, mode, examples, headers, world["objects"])
            if failure:
                failures.append(failure)
    print(f"fuzz: {len(operations)} operations, {len(ROLES)} roles, in {time.monotonic() - started:.1f}s")
    assert not failures, f"{len(failures)} operation(s) failed:\n\n" + "\n\n".join(failures)
