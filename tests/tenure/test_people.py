"""People (issue 4, deliverable 2): postdoc and supervisor records, masked ID numbers, own-record accounts."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from postdoc_base.accounts import services as account_services
from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.forms import AssignmentForm
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.identifiers import _resident_id_check_char
from postdoc_base.tenure.people import services
from postdoc_base.tenure.people.models import Postdoc, Supervisor
from postdoc_base.tenure.recruitment.enums import AgreementState
from tests.factories import StationFactory, bureau, user_with_role
from tests.factories.pages import assert_rows_shown, json_ids
from tests.factories.people import (
    ID_1985,
    ID_1988,
    ID_1990,
    ID_X,
    ID_X2,
    birth_of,
    make_postdoc,
    make_supervisor,
    postdoc_fields,
    postdoc_user,
    supervisor_user,
)
from tests.factories.shared import once_per_module
from tests.factories.tenure import base_admin, make_agreement, make_base, station_contact

pytestmark = pytest.mark.django_db
PASSWORD = "Caoyuan-2027!pb"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _build_world():
    """Two bases in two bureaus, each with its admin and one postdoc and supervisor with accounts."""
    base1, base2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    st1 = StationFactory(university="内蒙古大学", discipline="生物学")
    make_agreement(base1, st1, state=AgreementState.ACTIVE)
    pd1, pd2 = make_postdoc(base1, ID_1990, name="张晓明"), make_postdoc(base2, ID_1988, name="巴特尔·朝鲁")
    sv1, sv2 = make_supervisor(base1, name="王建国"), make_supervisor(base2, name="李文华")
    return {
        "base1": base1, "base2": base2, "st1": st1, "pd1": pd1, "pd2": pd2, "sv1": sv1, "sv2": sv2,
        "admin1": base_admin(base1), "admin2": base_admin(base2), "region": user_with_role(Role.REGION_ADMIN),
        "officer1": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "officer2": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "contact1": station_contact(st1),
        "pd1_user": postdoc_user(pd1), "pd2_user": postdoc_user(pd2),
        "sv1_user": supervisor_user(sv1), "sv2_user": supervisor_user(sv2),
    }  # fmt: skip


shared_world = once_per_module(_build_world)


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def api(user) -> Client:
    return login(user)


def audit_text() -> str:
    return "\n".join(json.dumps(e.diff, ensure_ascii=False) + e.comment for e in AuditEvent.objects.all())


# --- ID numbers ----------------------------------------------------------------------------------------
def test_a_resident_id_with_a_correct_check_digit_is_stored_encrypted_and_found_by_its_hash(world):
    p = services.postdoc_create(actor=world["admin1"], base=world["base1"], **postdoc_fields(ID_1985))
    raw = (
        connection.cursor()
        .execute("select id_number from tenure_postdoc where id = %s", [p.pk])
        .fetchone()[0]
    )
    assert raw.startswith("v1:") and ID_1985 not in raw
    assert Postdoc.objects.get(pk=p.pk).id_number == ID_1985
    assert p.masked_id == "15***************9"


def test_a_check_character_x_is_accepted_typed_in_either_case_and_stored_upper_case(world):
    p = services.postdoc_create(
        actor=world["admin1"], base=world["base1"], **postdoc_fields(ID_X.lower(), name="乌日娜")
    )
    assert Postdoc.objects.get(pk=p.pk).id_number == ID_X
    assert p.masked_id == "15***************X"


def test_a_wrong_check_digit_is_refused_and_nothing_is_stored(world):
    wrong = ID_1985[:17] + "8"
    with pytest.raises(ValidationError) as e:
        services.postdoc_create(actor=world["admin1"], base=world["base1"], **postdoc_fields(wrong))
    assert list(e.value.message_dict) == ["id_number"]
    assert Postdoc.objects.count() == 2


def test_a_birth_date_different_from_the_one_in_the_id_is_refused(world):
    with pytest.raises(ValidationError) as e:
        services.postdoc_create(
            actor=world["admin1"], base=world["base1"], **postdoc_fields(ID_1985, birth_date=date(1985, 1, 2))
        )
    assert e.value.message_dict == {
        "birth_date": ["出生日期与居民身份证号码中的出生日期（1985-01-01）不一致。"]
    }


def test_a_passport_needs_its_nationality_and_is_unique_only_within_it(world):
    fields = postdoc_fields(id_type="passport", id_number="e12345678", birth_date=date(1990, 5, 1))
    with pytest.raises(ValidationError) as e:
        services.postdoc_create(actor=world["admin1"], base=world["base1"], **{**fields, "nationality": " "})
    assert list(e.value.message_dict) == ["nationality"]
    mn = services.postdoc_create(
        actor=world["admin1"], base=world["base1"], **{**fields, "nationality": "蒙古国"}
    )
    assert mn.id_number == "E12345678" and mn.masked_id == "E1*****78"
    ru = services.postdoc_create(
        actor=world["admin1"], base=world["base1"], **{**fields, "nationality": "俄罗斯"}
    )
    assert ru.id_lookup != mn.id_lookup
    with pytest.raises(ValidationError) as dup:
        services.postdoc_create(
            actor=world["admin1"], base=world["base1"], **{**fields, "nationality": "蒙古国"}
        )
    assert dup.value.message_dict == {"id_number": ["该证件号码的博士后研究人员已有记录，不能重复录入。"]}


def test_a_short_passport_number_is_refused(world):
    fields = postdoc_fields(id_type="passport", id_number="E12", nationality="蒙古国")
    with pytest.raises(ValidationError) as e:
        services.postdoc_create(actor=world["admin1"], base=world["base1"], **fields)
    assert e.value.message_dict == {"id_number": ["护照号码应为5至20位字母或数字。"]}


def test_the_same_person_typed_with_a_lowercase_x_is_refused_in_any_base_and_the_database_is_unchanged(world):
    services.postdoc_create(
        actor=world["admin1"], base=world["base1"], **postdoc_fields(ID_X2, name="其其格")
    )
    before = (Postdoc.objects.count(), AuditEvent.objects.count())
    for admin, base in ((world["admin1"], world["base1"]), (world["admin2"], world["base2"])):
        with pytest.raises(ValidationError) as e:
            services.postdoc_create(
                actor=admin, base=base, **postdoc_fields(f" {ID_X2.lower()} ", name="其其格")
            )
        assert e.value.message_dict == {"id_number": ["该证件号码的博士后研究人员已有记录，不能重复录入。"]}
    assert (Postdoc.objects.count(), AuditEvent.objects.count()) == before


def test_changing_a_postdoc_to_another_persons_id_is_refused(world):
    with pytest.raises(ValidationError):
        services.postdoc_update(
            actor=world["admin1"], postdoc=world["pd1"], id_number=ID_1988, birth_date=birth_of(ID_1988)
        )
    assert Postdoc.objects.get(pk=world["pd1"].pk).id_number == ID_1990


def test_names_are_normalised_and_checked(world):
    p = services.postdoc_create(
        actor=world["admin1"], base=world["base1"], **postdoc_fields(ID_1985, name=" 巴特尔 ・ 朝鲁 ")
    )
    assert p.name == "巴特尔·朝鲁"
    with pytest.raises(ValidationError) as e:
        services.postdoc_update(actor=world["admin1"], postdoc=p, name="张三3")
    assert e.value.message_dict == {"name": ["姓名不能包含数字。"]}


# --- masked everywhere -----------------------------------------------------------------------------------
def test_the_full_id_is_absent_from_pages_api_and_every_audit_diff(world):
    admin = world["admin1"]
    p = services.postdoc_create(actor=admin, base=world["base1"], **postdoc_fields(ID_1985, name="刘芳"))
    services.postdoc_update(actor=admin, postdoc=p, id_number=ID_X, birth_date=birth_of(ID_X))
    services.postdoc_account_create(actor=admin, postdoc=p, username="liufang", email="", password=PASSWORD)
    c = login(admin)
    pages = [
        c.get(reverse("tenure:postdoc_list")), c.get(reverse("tenure:postdoc_list"), {"q": "刘"}),
        c.get(p.get_absolute_url()), c.get(reverse("tenure:postdoc_edit", args=[p.pk])),
        login(world["pd1_user"]).get(reverse("tenure:my_record")),
    ]  # fmt: skip
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        for plain in (ID_1985, ID_X, ID_1990):
            assert plain not in html
    assert "15***************X" in pages[2].content.decode()
    for response in (c.get("/api/v1/postdocs"), c.get(f"/api/v1/postdocs/{p.pk}")):
        body = response.content.decode()
        assert (
            response.status_code == 200 and ID_X not in body and ID_1985 not in body and ID_1990 not in body
        )
    assert c.get(f"/api/v1/postdocs/{p.pk}").json()["id_number_masked"] == "15***************X"
    text = audit_text()
    for plain in (ID_1985, ID_X, ID_1990, p.id_lookup):
        assert plain not in text
    create = AuditEvent.objects.filter(action="create", subject_id=p.pk, subject_type="tenure.postdoc").get()
    assert (
        create.diff["id_number"][1] not in (ID_1985, None)
        and create.diff["id_lookup"] == create.diff["id_number"]
    )


def test_api_create_and_patch_answer_masked(world):
    c = api(world["admin1"])
    r = c.post("/api/v1/postdocs", {"base": world["base1"].pk, **postdoc_fields(ID_X, degree_date="2025-06-30",
               birth_date=birth_of(ID_X).isoformat())}, content_type="application/json")  # fmt: skip
    assert r.status_code == 201, r.content
    assert ID_X not in r.content.decode() and r.json()["id_number_masked"] == "15***************X"
    r = c.patch(
        f"/api/v1/postdocs/{r.json()['id']}", {"phd_discipline": "化学"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["phd_discipline"] == "化学" and ID_X not in r.content.decode()


# --- showing the full ID once ----------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["admin1", "region"])
def test_the_base_admin_and_region_admin_can_show_the_full_id_once_and_it_is_audited(world, who):
    c = login(world[who])
    url = reverse("tenure:postdoc_reveal_id", args=[world["pd1"].pk])
    assert c.get(url).status_code == 405
    r = c.post(url)
    assert r.status_code == 200 and ID_1990 in r.content.decode() and r["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="id_number_viewed")
    assert (event.actor_id, event.subject_id) == (world[who].pk, str(world["pd1"].pk))
    assert ID_1990 not in c.get(world["pd1"].get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["admin2", "officer1", "contact1", "pd1_user", "sv1_user"])
def test_nobody_else_can_show_the_full_id(world, who):
    r = login(world[who]).post(reverse("tenure:postdoc_reveal_id", args=[world["pd1"].pk]))
    assert r.status_code == 404
    assert not AuditEvent.objects.filter(action="id_number_viewed").exists()
    with pytest.raises(TransitionRefused):
        services.postdoc_reveal_id(actor=world[who], postdoc=world["pd1"])


# --- scoping ---------------------------------------------------------------------------------------------
def test_a_postdoc_sees_only_their_own_record_through_every_page_and_endpoint(world):
    c, own, other = login(world["pd1_user"]), world["pd1"], world["pd2"]
    assert c.get(reverse("tenure:my_record")).context["postdoc"] == own
    assert c.get(own.get_absolute_url()).status_code == 200
    for url in (other.get_absolute_url(), reverse("tenure:postdoc_edit", args=[other.pk]),
                reverse("tenure:postdoc_edit", args=[own.pk]), reverse("tenure:postdoc_account", args=[other.pk]),
                f"/api/v1/postdocs/{other.pk}", f"/api/v1/supervisors/{world['sv1'].pk}"):  # fmt: skip
        assert c.get(url).status_code == 404, url
    assert c.post(reverse("tenure:postdoc_reveal_id", args=[other.pk])).status_code == 404
    assert [p.pk for p in c.get(reverse("tenure:postdoc_list")).context["page"]] == [own.pk]
    assert [row["id"] for row in c.get("/api/v1/postdocs").json()["items"]] == [own.pk]
    assert c.get("/api/v1/supervisors").json()["count"] == 0
    r = c.patch(f"/api/v1/postdocs/{own.pk}", {"name": "改名"}, content_type="application/json")
    assert r.status_code == 404 and Postdoc.objects.get(pk=own.pk).name == "张晓明"


def test_a_supervisor_sees_their_own_record_and_no_postdocs_until_appointments_exist(world):
    c = login(world["sv1_user"])
    assert c.get(reverse("tenure:my_record")).context["supervisor"] == world["sv1"]
    assert [row["id"] for row in c.get("/api/v1/supervisors").json()["items"]] == [world["sv1"].pk]
    assert c.get(f"/api/v1/supervisors/{world['sv2'].pk}").status_code == 404
    assert c.get("/api/v1/postdocs").json()["count"] == 0
    assert c.get(world["pd1"].get_absolute_url()).status_code == 404


def test_two_bases_in_two_bureaus_do_not_see_each_others_people(world):
    expected = {
        "admin1": ([world["pd1"].pk], [world["sv1"].pk]), "admin2": ([world["pd2"].pk], [world["sv2"].pk]),
        "officer1": ([world["pd1"].pk], [world["sv1"].pk]), "officer2": ([world["pd2"].pk], [world["sv2"].pk]),
        "region": (sorted([world["pd1"].pk, world["pd2"].pk]), sorted([world["sv1"].pk, world["sv2"].pk])),
        "contact1": ([], []),
    }  # fmt: skip
    for who, (pds, svs) in expected.items():
        c = login(world[who])
        assert sorted(r["id"] for r in c.get("/api/v1/postdocs").json()["items"]) == pds, who
        assert sorted(r["id"] for r in c.get("/api/v1/supervisors").json()["items"]) == svs, who
        assert sorted(p.pk for p in c.get(reverse("tenure:postdoc_list")).context["page"]) == pds, who
        assert sorted(s.pk for s in c.get(reverse("tenure:supervisor_list")).context["page"]) == svs, who
    assert login(world["admin1"]).get(world["pd2"].get_absolute_url()).status_code == 404
    assert (
        login(world["admin1"]).get(reverse("tenure:supervisor_edit", args=[world["sv2"].pk])).status_code
        == 404
    )


def test_anonymous_users_see_no_people(world):
    c = Client()
    assert c.get("/api/v1/postdocs").status_code == 401
    assert c.get(reverse("tenure:postdoc_list")).status_code == 302


def test_postdoc_list_searches_by_name(world):
    make_postdoc(world["base1"], ID_1985, name="赵敏")
    page = login(world["admin1"]).get(reverse("tenure:postdoc_list"), {"q": "赵"}).context["page"]
    assert [p.name for p in page] == ["赵敏"]


# --- services: who may do what ---------------------------------------------------------------------------
OTHERS = ["admin2", "region", "officer1", "contact1", "pd1_user", "sv1_user"]


def _calls(world):
    base1, pd1, sv1 = world["base1"], world["pd1"], world["sv1"]
    pd3, sv3 = make_postdoc(base1, ID_X2, name="其其格"), make_supervisor(base1, name="赵强")
    return {
        "postdoc_create": lambda a: services.postdoc_create(actor=a, base=base1, **postdoc_fields(ID_1985)),
        "postdoc_update": lambda a: services.postdoc_update(actor=a, postdoc=pd1, phd_discipline="化学"),
        "supervisor_create": lambda a: services.supervisor_create(
            actor=a,
            base=base1,
            name="赵强",
            title="教授",
            employer="内蒙古大学",
            side="station",
            station_id=world["st1"].pk,
        ),  # fmt: skip
        "supervisor_update": lambda a: services.supervisor_update(actor=a, supervisor=sv1, title="研究员"),
        "postdoc_account_create": lambda a: services.postdoc_account_create(
            actor=a,
            postdoc=pd3,
            username="qiqige",
            email="",
            password=PASSWORD,
        ),  # fmt: skip
        "supervisor_account_create": lambda a: services.supervisor_account_create(
            actor=a,
            supervisor=sv3,
            username="zhaoqiang",
            email="q@example.cn",
            password=PASSWORD,
        ),  # fmt: skip
    }


@pytest.mark.parametrize("call", ["postdoc_create", "postdoc_update", "supervisor_create", "supervisor_update",
                                  "postdoc_account_create", "supervisor_account_create"])  # fmt: skip
def test_only_the_bases_unit_admin_may_write_people(world, call):
    fn = _calls(world)[call]
    for who in OTHERS:
        events = AuditEvent.objects.count()
        with pytest.raises(TransitionRefused) as e:
            fn(world[who])
        assert e.value.findings[0].code == "kernel.not_permitted", who
        assert AuditEvent.objects.count() == events
    assert fn(world["admin1"]).pk
    assert AuditEvent.objects.filter(actor=world["admin1"]).count() == 1


def test_supervisor_employer_follows_art15(world):
    admin, base = world["admin1"], world["base1"]
    with pytest.raises(ValidationError) as e:
        services.supervisor_create(
            actor=admin, base=base, name="孙立", title="高工", employer="别的公司", side="base"
        )
    assert e.value.message_dict == {
        "employer": [f"不符合第十五条：基地合作导师须为设立基地单位（{base.unit.name}）的人员。"]
    }
    with pytest.raises(ValidationError) as e:
        services.supervisor_create(actor=admin, base=base, name="孙立", title="教授", employer="内蒙古大学",
                                   side="station", station_id=None)  # fmt: skip
    assert list(e.value.message_dict) == ["station"]
    stranger = StationFactory(university="内蒙古工业大学")
    with pytest.raises(ValidationError) as e:
        services.supervisor_create(actor=admin, base=base, name="孙立", title="教授", employer="内蒙古工业大学",
                                   side="station", station_id=stranger.pk)  # fmt: skip
    assert e.value.message_dict == {"station": ["该流动站与本基地没有生效的合作协议。"]}
    with pytest.raises(ValidationError) as e:
        services.supervisor_create(actor=admin, base=base, name="孙立", title="教授", employer="内蒙古农业大学",
                                   side="station", station_id=world["st1"].pk)  # fmt: skip
    assert list(e.value.message_dict) == ["employer"]
    s = services.supervisor_create(actor=admin, base=base, name="孙立", title="教授", employer=" 内蒙古大学 ",
                                   side="station", station_id=world["st1"].pk)  # fmt: skip
    assert (s.employer, s.station_id) == ("内蒙古大学", world["st1"].pk)


# --- accounts --------------------------------------------------------------------------------------------
def test_a_postdoc_account_signs_in_with_the_temporary_password_and_sees_only_its_record(world):
    p = make_postdoc(world["base1"], ID_1985, name="赵敏")
    user = services.postdoc_account_create(
        actor=world["admin1"], postdoc=p, username="zhaomin", email="zm@example.cn", password=PASSWORD
    )
    assert user.check_password(PASSWORD) and user.display_name == "赵敏"
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", "postdoc_id")) == [
        ("postdoc", p.pk)
    ]
    c = Client()
    assert c.login(username="zhaomin", password=PASSWORD)
    assert c.get(reverse("tenure:my_record")).context["postdoc"] == p
    with pytest.raises(TransitionRefused) as e:
        services.postdoc_account_create(
            actor=world["admin1"], postdoc=p, username="zm2", email="", password=PASSWORD
        )
    assert e.value.findings[0].code == "account.exists"


def test_a_weak_password_or_taken_username_is_refused(world):
    p = make_postdoc(world["base1"], ID_1985, name="赵敏")
    with pytest.raises(ValidationError) as e:
        services.postdoc_account_create(
            actor=world["admin1"], postdoc=p, username=world["admin2"].username, email="", password="12345678"
        )
    assert sorted(e.value.message_dict) == ["password", "username"]
    assert not RoleAssignment.objects.filter(postdoc=p).exists()


def test_the_account_page_creates_a_supervisor_account(world):
    c = login(world["admin1"])
    sv = make_supervisor(world["base1"], name="赵强")
    r = c.post(reverse("tenure:supervisor_account", args=[sv.pk]),
               {"username": "zhaoq", "email": "", "password": PASSWORD})  # fmt: skip
    assert r.status_code == 302
    assert RoleAssignment.objects.get(supervisor=sv).user.username == "zhaoq"


def test_the_admin_console_assigns_the_postdoc_and_supervisor_roles_with_their_scope(world):
    user = world["contact1"]
    row = account_services.assignment_add(
        actor=world["region"], user=user, role=Role.POSTDOC, postdoc=world["pd1"]
    )
    assert (row.role, row.postdoc_id, row.scope_label) == ("postdoc", world["pd1"].pk, "张晓明")
    with pytest.raises(ValidationError) as e:
        account_services.assignment_add(actor=world["region"], user=user, role=Role.SUPERVISOR)
    assert list(e.value.message_dict) == ["supervisor"]
    form = AssignmentForm({"role": "supervisor", "supervisor": world["sv1"].pk})
    assert form.is_valid(), form.errors
    assert form.service_kwargs()["supervisor"] == world["sv1"]


# --- pages -----------------------------------------------------------------------------------------------
def test_the_base_admin_records_and_edits_a_postdoc_and_a_supervisor_through_the_pages(world):
    c = login(world["admin1"])
    data = {**postdoc_fields(ID_1985, name="赵敏"), "base": world["base1"].pk, "degree_date": "2025-06-30",
            "birth_date": "1985-01-01"}  # fmt: skip
    r = c.post(reverse("tenure:postdoc_create"), data)
    p = Postdoc.objects.get(name="赵敏")
    assert r.status_code == 302 and r["Location"] == p.get_absolute_url()
    edit = {k: v for k, v in data.items() if k != "base"} | {"id_number": "", "phd_discipline": "化学"}
    assert c.post(reverse("tenure:postdoc_edit", args=[p.pk]), edit).status_code == 302
    p.refresh_from_db()
    assert (p.phd_discipline, p.id_number) == ("化学", ID_1985)
    r = c.post(reverse("tenure:supervisor_create"), {"base": world["base1"].pk, "name": "孙立", "title": "高工",
               "employer": world["base1"].unit.name, "side": "base", "active": "on"})  # fmt: skip
    assert r.status_code == 302 and Supervisor.objects.filter(name="孙立", side="base").exists()
    bad = c.post(reverse("tenure:postdoc_create"), {**data, "id_number": ID_1985[:17] + "8"})
    assert bad.status_code == 200 and "id_number" in bad.context["form"].errors


# --- query counts ----------------------------------------------------------------------------------------
def _count(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response


def _grow(world, n):
    numbers = []
    for i in range(200, 600):
        first17 = f"15010219900307{i:03d}"
        numbers.append(first17 + _resident_id_check_char(first17))
    for i in range(n):
        make_postdoc(world["base1"], numbers[i], name="张晓明")
        make_supervisor(
            world["base1"], name="王建国", side="station", employer="内蒙古大学", station=world["st1"]
        )


@pytest.mark.parametrize("url", ["/tenure/postdocs/", "/tenure/supervisors/", "/api/v1/postdocs",
                                 "/api/v1/supervisors"])  # fmt: skip
def test_people_lists_use_the_same_queries_for_1_and_20_rows(world, url):
    c = login(world["admin1"])
    one, _response = _count(c, url)
    _grow(world, 19)
    twenty, response = _count(c, url)
    assert twenty == one
    # All 20 rows are listed (the same names: by their links, or their ids in the JSON).
    model = Supervisor if "supervisors" in url else Postdoc
    rows = model.objects.filter(base=world["base1"])
    assert rows.count() == 20
    if url.startswith("/api/"):
        assert json_ids(response) == set(rows.values_list("pk", flat=True))
    else:
        assert_rows_shown(response, [r.get_absolute_url() for r in rows])


def test_supervisor_links_their_expert_record_for_assessment_panels(world):
    """Art. 17: a supervisor's expert record lets a panel keep them from the chair; only pool experts count."""
    from postdoc_base.directory.models import Expert

    expert = Expert.objects.create(name="王建国", field="材料", title="正高级工程师", employer="x")
    retired = Expert.objects.create(name="赵六", field="材料", title="教授", employer="y", active=False)
    base = world["base1"]
    supervisor = services.supervisor_create(
        actor=world["admin1"], base=base, name="王建国", title="正高级工程师", employer=base.unit.name,
        side="base", expert_id=expert.pk,
    )  # fmt: skip
    assert supervisor.expert_id == expert.pk
    with pytest.raises(ValidationError) as e:
        services.supervisor_update(actor=world["admin1"], supervisor=supervisor, expert_id=retired.pk)
    assert e.value.message_dict == {"expert": ["请选择在库的评审专家。"]}
    supervisor.refresh_from_db()
    assert supervisor.expert_id == expert.pk
