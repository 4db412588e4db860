"""Issue 9, item 2 "Personal data that cannot be rebuilt": nothing a role may see together determines an ID
number it may not reveal, and the birth date is shown only where the role needs it.

One postdoc, 张晓明 (``ID_1990`` = 150102 19900307 123 7), recorded and edited through the services, entered
by the partner station through the workflow, with a supervised appointment, an output, a pay record, a
dispatch, an extension request, a dismissed withdrawal and a mid-term assessment whose joint panel has
scored. One user per role and relation. For each, everything the role sees is collected: every page it can
reach by following links from the home page, the inbox and the records' own pages (forms included), every
Excel export it reaches that way, and every GET of /api/v1 (lists, the records' details, their histories).

What that text gives away is read off it as an attacker would: every masked ID (the known characters of all
of them together), the full number if it is there, the birth date in any way a page or a sheet writes it.
The attacker is then also granted what may come from elsewhere: the 6-digit region code (the base's city or
a native place), the gender (shown on the record; the 17th digit's parity) and, where the birth date is not
shown, its year and month. Then every 18-character number that agrees with all of it is tried against
``policy.identifiers.resident_id_is_valid``: at least 45 must remain for every role, also for those who may
reveal the number (the audited reveal stays the only way to it), and the birth date must be visible exactly
to the postdoc and the two roles that may reveal.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from functools import lru_cache
from html import unescape
from io import BytesIO
from urllib.parse import urlsplit
from zipfile import ZipFile

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from postdoc_base.accounts.enums import Role
from postdoc_base.api.api import api
from postdoc_base.kernel import crypto
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.policy.identifiers import resident_id_is_valid
from postdoc_base.policy.tenure import AssessmentKind, WithdrawalReason
from postdoc_base.review.models import Assignment
from postdoc_base.tenure.dispatches.enums import DispatchState
from postdoc_base.tenure.dispatches.models import Dispatch
from postdoc_base.tenure.outputs.enums import OutputKind, OutputState
from postdoc_base.tenure.people import services as people_services
from postdoc_base.tenure.people.permissions import can_reveal_id, can_see_birth_date
from postdoc_base.tenure.stay import services as stay_services
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.enums import ExtensionState
from postdoc_base.tenure.stay.models import TermExtension
from postdoc_base.tenure.withdrawals.enums import WithdrawalState
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from tests.factories import DepartmentFactory, StationFactory, user_with_role
from tests.factories.appointments import base_supervisor, make_appointment, partner, station_supervisor
from tests.factories.assessments import formed, joint_experts, make_assessment, score_all
from tests.factories.outputs import make_output, make_pay
from tests.factories.people import ID_1990, birth_of, postdoc_fields, postdoc_user, supervisor_user
from tests.factories.shared import fresh_copy, once_per_module
from tests.factories.tenure import base_admin, make_base, station_contact

pytestmark = [pytest.mark.django_db, pytest.mark.heavy]

NAME = "张晓明"
NUMBER = ID_1990
BIRTH = birth_of(NUMBER)  # 1990-03-07
MALE_PARITY = 1  # the 17th digit is odd for a man (GB 11643-1999)
FLOOR = 45  # kernel.crypto.mask_resident_id: at least 45 numbers even beside region, birth date and gender

ROLES = ["region", "bureau", "unit_admin", "station_contact", "station_supervisor", "base_supervisor",
         "postdoc", "expert", "dept_officer"]  # fmt: skip
SEES_THE_POSTDOC = set(ROLES) - {"dept_officer"}  # the competent department has no tenure records
MAY_REVEAL = {"region", "unit_admin"}
SEES_BIRTH_DATE = MAY_REVEAL | {"postdoc"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def _build_w():
    b1 = make_base("草原乳业", "呼和浩特市")
    dept = DepartmentFactory(name="自治区工业和信息化厅")
    type(b1.unit).objects.filter(pk=b1.unit_id).update(department=dept)
    st1 = StationFactory()
    partner(b1, st1)
    admin = base_admin(b1)
    p = people_services.postdoc_create(actor=admin, base=b1, **postdoc_fields(NUMBER, name=NAME))
    p = people_services.postdoc_update(actor=fresh(admin), postdoc=p, phd_discipline="食品科学与工程")
    ssup, bsup = station_supervisor(b1, st1), base_supervisor(b1)
    station = station_contact(st1)
    a = make_appointment(b1, st1, p, state=S.SIGNED, complete=True, station_supervisor=ssup,
                         base_supervisor=bsup)  # fmt: skip
    stay_services.entry_complete(actor=station, appointment=a, entry_date=timezone.localdate())
    assessment = make_assessment(a, kind=AssessmentKind.MIDTERM)
    people = joint_experts(a)
    formed(fresh(admin), assessment, people)
    expert_user = people[0][1]
    assessment = type(assessment).objects.get(pk=assessment.pk)
    score_all(assessment, fresh(expert_user), 40)
    objects = {
        "postdoc": p, "appointment": a, "assessment": assessment,
        "supervisor": ssup,
        "review": Assignment.objects.get(panel=assessment.panel, member__expert_id__in=expert_user.scope_ids(
            Role.EXPERT)),
        "panel": assessment.panel,
        "output": make_output(a, OutputKind.PAPER, OutputState.CONFIRMED),
        "pay": make_pay(a),
        "dispatch": Dispatch.objects.create(appointment=a, state=DispatchState.APPROVED, destination="abroad",
                                            purpose="exchange", place="蒙古国立大学",
                                            planned_start=date(2026, 3, 1), planned_return=date(2026, 3, 20)),
        "extension": TermExtension.objects.create(appointment=a, months=6, reason="项目需要",
                                                  requested_by_role=Role.POSTDOC, state=ExtensionState.REQUESTED),
        "withdrawal": WithdrawalCase.objects.create(appointment=a, reason=WithdrawalReason.ILLNESS, facts="病假",
                                                    proposed_by_role=Role.UNIT_ADMIN,
                                                    state=WithdrawalState.DISMISSED),
    }  # fmt: skip
    users = {
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau": user_with_role(Role.BUREAU_OFFICER, b1.unit.bureau),
        "unit_admin": admin,
        "station_contact": station,
        "station_supervisor": supervisor_user(ssup),
        "base_supervisor": supervisor_user(bsup),
        "postdoc": postdoc_user(p),
        "expert": expert_user,
        "dept_officer": user_with_role(Role.DEPT_OFFICER, dept),
    }
    return {"objects": objects, "users": users, "base": b1}


shared_w = once_per_module(_build_w)


@pytest.fixture
def w(shared_w, db):
    return fresh_copy(shared_w)


def login(user) -> Client:
    c = Client()
    c.force_login(fresh(user))
    return c


# --- what a role sees ------------------------------------------------------------------------------------
def _text(response) -> str | None:
    """The response as a person or a program reads it; None for files that carry no record (PDF uploads)."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/json"):
        return json.dumps(json.loads(raw), ensure_ascii=False)
    if raw[:2] == b"PK":
        with ZipFile(BytesIO(raw)) as archive:
            word = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
            if word:  # a generated document: its text, run by run
                return "\n".join(unescape(re.sub(r"<[^>]+>", "", archive.read(n).decode())) for n in word)
        book = load_workbook(BytesIO(raw))
        return "\n".join(
            " ".join(str(v) for v in row if v is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if kind.startswith("text/"):
        return unescape(raw.decode())
    return None


HREF = re.compile(r"""href="([^"#]*)""")
NOT_FOLLOWED = ("/static/", "/accounts/logout", "/i18n/", "/api/")
PAGE_LIMIT = 400


def _links(html: str) -> set[str]:
    found = set()
    for href in HREF.findall(html):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(NOT_FOLLOWED):
            continue
        # List filters and pages show subsets of the same rows; exports are followed with their query.
        keep = parts.query if ("export" in parts.path or "export" in parts.query) else ""
        found.add(parts.path + (f"?{keep}" if keep else ""))
    return found


def _api_urls(w) -> list[str]:
    """Every GET of /api/v1 without a path parameter, and each one with a record of the world's."""
    o = w["objects"]
    pks = {
        "postdocs": o["postdoc"].pk, "supervisors": o["supervisor"].pk, "appointments": o["appointment"].pk,
        "assessments": o["assessment"].pk, "panels": o["panel"].pk, "reviews": o["review"].pk,
        "outputs": o["output"].pk, "dispatches": o["dispatch"].pk, "extensions": o["extension"].pk,
        "withdrawals": o["withdrawal"].pk, "exits": o["appointment"].pk, "assessment-schemes": w["base"].pk,
    }  # fmt: skip
    urls = [f"/api/v1/pay-records?appointment={o['appointment'].pk}"]
    for path, operations in api.get_openapi_schema(path_prefix="/api/v1")["paths"].items():
        if "get" not in operations:
            continue
        params = re.findall(r"{(\w+)}", path)
        if not params:
            urls.append(path)
            continue
        resource = path.split("/")[3]
        if len(params) == 1 and resource in pks:
            urls.append(path.replace("{" + params[0] + "}", str(pks[resource])))
    return urls


def _seen_by(w, role: str) -> dict[str, str]:
    """URL -> text of everything ``role`` can read: the pages reachable by links (with their exports) from
    the home page, the inbox, its own record and the world's records, and every API read."""
    client = login(w["users"][role])
    seen: dict[str, str] = {}
    queue = ["/", "/inbox/", "/tenure/me/", *(obj.get_absolute_url() for key, obj in w["objects"].items()
                                             if hasattr(obj, "get_absolute_url") and key != "pay")]  # fmt: skip
    queue += [f"/tenure/postdocs/{w['objects']['postdoc'].pk}/edit/"]
    visited: set[str] = set()
    while queue:
        url = queue.pop()
        if url in visited:
            continue
        visited.add(url)
        assert len(visited) <= PAGE_LIMIT, "the crawl ran away"
        r = client.get(url)
        if r.status_code != 200:
            continue
        text = _text(r)
        if text is None:
            continue
        seen[url] = text
        if r.get("Content-Type", "").startswith("text/html"):
            queue.extend(_links(text) - visited)
    for url in _api_urls(w):
        r = client.get(url)
        if r.status_code == 200 and (text := _text(r)) is not None:
            seen[url] = text
    return seen


# --- what that gives away --------------------------------------------------------------------------------
MASKED = re.compile(r"(?<![0-9A-Za-z*])[0-9*]{17}[0-9Xx*](?![0-9A-Za-z*])")


def _birth_renderings(day: date) -> set[str]:
    """The ways a page, the API or a sheet may write a date, in Chinese and English."""
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]  # fmt: skip
    y, m, d = day.year, day.month, day.day
    return {
        day.isoformat(), f"{y}{m:02d}{d:02d}", f"{y}年{m}月{d}日", f"{y}年{m:02d}月{d:02d}日",
        f"{y}/{m}/{d}", f"{y}/{m:02d}/{d:02d}", f"{y}.{m}.{d}", f"{y}.{m:02d}.{d:02d}",
        f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y}", f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}",
        f"{months[m - 1]} {d}, {y}", f"{months[m - 1][:3]}. {d}, {y}", f"{months[m - 1][:3]} {d}, {y}",
        f"{d} {months[m - 1]} {y}",
    }  # fmt: skip


def _known_characters(texts) -> dict[int, str]:
    """Position -> character, merged over every masked (or whole) ID number in ``texts``. The world has one
    postdoc, so every one found must agree with the others."""
    known: dict[int, str] = {}
    for text in texts:
        for match in MASKED.findall(text):
            if "*" not in match and not resident_id_is_valid(match.upper()):
                continue  # an 18-digit number that is no ID number
            for i, char in enumerate(match.upper()):
                if char != "*":
                    assert known.setdefault(i, char) == char, (match, known)
    return known


@lru_cache(maxsize=16)
def candidates(known: tuple[tuple[int, str], ...], birth: date | None) -> tuple[str, ...]:
    """Every valid number (``resident_id_is_valid``) that agrees with the ``known`` characters, the region
    code, the gender and, when ``birth`` is None, the birth year and month (granted to the attacker)."""
    fixed = dict(known)
    days = [birth] if birth else [d for d in (BIRTH.replace(day=1) + timedelta(n) for n in range(31))
                                  if d.month == BIRTH.month]  # fmt: skip
    checks = [fixed[17]] if 17 in fixed else list("0123456789X")
    found = []
    for day in days:
        for seq in range(100):
            for d17 in range(MALE_PARITY, 10, 2):
                first17 = f"{NUMBER[:6]}{day:%Y%m%d}{seq:02d}{d17}"
                if any(first17[i] != c for i, c in fixed.items() if i < 17):
                    continue
                found.extend(n for n in (first17 + c for c in checks) if resident_id_is_valid(n))
    return tuple(found)


def _rebuild(texts) -> tuple[tuple[str, ...], bool]:
    texts = list(texts)
    birth_shown = any(r in t for t in texts for r in _birth_renderings(BIRTH))
    known = tuple(sorted(_known_characters(texts).items()))
    return candidates(known, BIRTH if birth_shown else None), birth_shown


# --- the tests -------------------------------------------------------------------------------------------
def test_the_brute_force_finds_the_number_the_old_mask_gave_away_beside_the_birth_date():
    """The yardstick works: region code and last four (the mask before issue 9) plus the birth date leave
    exactly the one number; the mask now in use leaves 45 or more."""
    old = f"{NUMBER[:6]}{'*' * 8}{NUMBER[-4:]}"
    assert _rebuild([old, BIRTH.isoformat()]) == ((NUMBER,), True)
    found, _shown = _rebuild([crypto.mask_resident_id(NUMBER), f"{BIRTH.year}年{BIRTH.month}月{BIRTH.day}日"])
    assert NUMBER in found and len(found) >= FLOOR


@pytest.mark.parametrize("role", ROLES)
def test_nothing_a_role_sees_together_rebuilds_the_id_number_and_only_those_who_need_it_see_the_birth_date(
    w, role
):
    seen = _seen_by(w, role)
    everything = "\n".join(seen.values())
    assert (NAME in everything) is (role in SEES_THE_POSTDOC), role
    assert NUMBER not in everything, [url for url, text in seen.items() if NUMBER in text]
    found, birth_shown = _rebuild(seen.values())
    assert NUMBER in found
    assert len(found) >= FLOOR, (role, len(found))
    assert birth_shown is (role in SEES_BIRTH_DATE), [
        url for url, text in seen.items() if any(r in text for r in _birth_renderings(BIRTH))
    ]
    if role in SEES_THE_POSTDOC and role != "expert":  # the expert scores the person, not their papers
        assert crypto.mask_resident_id(NUMBER) in everything, role


@pytest.mark.parametrize("role", ROLES)
def test_the_api_gives_the_birth_date_only_to_the_postdoc_and_those_who_may_reveal_the_id(w, role):
    p = w["objects"]["postdoc"]
    c = login(w["users"][role])
    expected = BIRTH.isoformat() if role in SEES_BIRTH_DATE else None
    detail = c.get(f"/api/v1/postdocs/{p.pk}")
    items = c.get("/api/v1/postdocs").json()["items"]
    if role in {"station_contact", "expert", "dept_officer"}:  # they reach the person through other records
        assert detail.status_code == 404 and items == []
        return
    assert detail.json()["birth_date"] == expected
    assert [(i["id"], i["birth_date"]) for i in items] == [(p.pk, expected)]
    assert detail.json()["id_number_masked"] == "15***************7"


@pytest.mark.parametrize("role", ROLES)
def test_the_record_page_shows_the_birth_date_row_only_where_the_predicate_allows(w, role):
    p = w["objects"]["postdoc"]
    user = fresh(w["users"][role])
    r = login(user).get(p.get_absolute_url())
    if role not in {"region", "bureau", "unit_admin", "station_supervisor", "base_supervisor", "postdoc"}:
        assert r.status_code == 404
        return
    html = r.content.decode()
    assert ('data-testid="birth-date"' in html) is (role in SEES_BIRTH_DATE) is can_see_birth_date(user, p)
    assert ("出生日期" in html) is (role in SEES_BIRTH_DATE)
    assert user.has_perm("tenure.view_postdoc_birth_date", p) is (role in SEES_BIRTH_DATE)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_roles_that_may_reveal_get_the_full_number_and_each_reveal_is_audited(w, role):
    p = w["objects"]["postdoc"]
    user = fresh(w["users"][role])
    before = AuditEvent.objects.filter(action="id_number_viewed").count()
    r = login(user).post(f"/tenure/postdocs/{p.pk}/reveal-id/")
    assert can_reveal_id(user, p) is (role in MAY_REVEAL)
    assert user.has_perm("tenure.reveal_postdoc_id", p) is (role in MAY_REVEAL)
    if role in MAY_REVEAL:
        assert r.status_code == 200 and NUMBER in r.content.decode()
        assert r["Cache-Control"] == "no-store"
        event = AuditEvent.objects.filter(action="id_number_viewed").latest("pk")
        assert (event.actor_id, event.subject_id) == (user.pk, str(p.pk))
    else:
        assert r.status_code == 404 and NUMBER not in r.content.decode()
    assert AuditEvent.objects.filter(action="id_number_viewed").count() == before + (role in MAY_REVEAL)


def test_the_audit_diffs_of_the_record_mask_the_birth_date_with_the_number(w):
    p = w["objects"]["postdoc"]
    events = AuditEvent.objects.filter(subject_type="tenure.postdoc", subject_id=str(p.pk))
    create = events.get(action="create")
    assert create.diff["birth_date"] == ["***", "***"] and create.diff["id_number"] == ["***", "***"]
    every = "\n".join(json.dumps(e.diff, ensure_ascii=False) + e.comment for e in AuditEvent.objects.all())
    assert not [r for r in _birth_renderings(BIRTH) if r in every]


def test_the_openapi_schema_says_the_birth_date_may_be_null():
    schema = api.get_openapi_schema()["components"]["schemas"]["PostdocOut"]
    field = schema["properties"]["birth_date"]
    assert {"type": "null"} in field["anyOf"] and "birth_date" in schema["required"]
    assert "null unless" in field["description"]
