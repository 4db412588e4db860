"""A base's Art. 7 duties (第七条): the management office, the rules, the named administrators and the academic
committee, kept by the base's unit administrator and read by whoever reads the base file."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.oversight import basefile
from postdoc_base.oversight.duties import services
from postdoc_base.oversight.duties.enums import CommitteeRole
from postdoc_base.oversight.duties.models import (
    CommitteeMember,
    DutyAdministrator,
    ManagementOffice,
    ManagementRules,
)
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.policy.articles import ART7
from postdoc_base.policy.oversight.duties import COMMITTEE_MIN_MEMBERS, DutyFacts, check_duties
from tests.factories import PDF_BYTES, user_with_role
from tests.factories.pages import assert_rows_shown
from tests.factories.tenure import base_admin, make_base
from tests.factories.world import events_for

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
COMPLETE = DutyFacts(True, True, 1, COMMITTEE_MIN_MEMBERS, True)


def pdf(name="制度.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


# --- policy ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("facts", "code"),
    [
        (COMPLETE, None),
        (DutyFacts(False, True, 1, 3, True), "art7.office.missing"),
        (DutyFacts(True, False, 1, 3, True), "art7.rules.missing"),
        (DutyFacts(True, True, 0, 3, True), "art7.administrators.missing"),
        (DutyFacts(True, True, 1, 3, False), "art7.committee.no_chair"),
        (DutyFacts(True, True, 1, COMMITTEE_MIN_MEMBERS - 1, True), "art7.committee.too_few"),
    ],
)
def test_art7_check_names_each_missing_duty(facts, code):
    findings = check_duties(facts)
    assert len(findings) == 4 and {f.article for f in findings} == {ART7}
    assert [f.code for f in findings if not f.ok] == ([code] if code else [])


def test_art7_too_few_message_gives_count_and_minimum():
    (finding,) = [f for f in check_duties(DutyFacts(True, True, 1, 2, True)) if not f.ok]
    assert str(finding.message) == "专家学术委员会现有2名成员，至少应有3名（含主任）。"


# --- set-up --------------------------------------------------------------------------------------------------
@pytest.fixture
def two_bureaus():
    own = make_base("草原乳业", "呼和浩特市")
    other = make_base("稀土新材料", "包头市")
    return {
        "base": own,
        "other_base": other,
        "unit": base_admin(own),
        "unit_other": base_admin(other),
        "bureau": user_with_role(Role.BUREAU_OFFICER, own.unit.bureau),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, other.unit.bureau),
        "region": user_with_role(Role.REGION_ADMIN),
    }


def fill(base, actor, members=COMMITTEE_MIN_MEMBERS, administrators=1):
    services.office_save(
        actor=actor, base=base, name="人力资源部博士后管理办公室", head="王红", phone="0471-6660000"
    )
    services.rules_add(actor=actor, base=base, title="博士后管理办法（试行）", adopted_on=date(2026, 3, 1),
                       uploaded=pdf())  # fmt: skip
    for i in range(administrators):
        services.administrator_add(actor=actor, base=base, name=f"李管理{chr(0x4E00 + i)}", position="主管",
                                   phone=f"1391234{i:04d}")  # fmt: skip
    for i in range(members):
        services.member_add(actor=actor, base=base, name=f"赵委员{chr(0x4E00 + i)}", title="教授",
                            affiliation="内蒙古大学", role=CommitteeRole.CHAIR if i == 0 else CommitteeRole.MEMBER)  # fmt: skip


def counts(base):
    return (
        ManagementOffice.objects.filter(base=base).count(),
        ManagementRules.objects.filter(base=base).count(),
        DutyAdministrator.objects.filter(base=base).count(),
        CommitteeMember.objects.filter(base=base).count(),
    )


# --- services ------------------------------------------------------------------------------------------------
def test_keeper_records_every_duty_each_write_audited_with_a_diff(two_bureaus):
    base, unit = two_bureaus["base"], two_bureaus["unit"]
    fill(base, unit)
    assert counts(base) == (1, 1, 1, 3)
    office = ManagementOffice.objects.get(base=base)
    (created,) = events_for(office)
    assert (created.action, created.diff["name"]) == ("create", [None, "人力资源部博士后管理办公室"])
    services.office_save(actor=unit, base=base, name="博士后工作办公室", head="王红", phone="0471-6660000")
    assert [e.action for e in events_for(office)] == ["create", "update"]
    assert events_for(office)[-1].diff == {"name": ["人力资源部博士后管理办公室", "博士后工作办公室"]}
    person = DutyAdministrator.objects.get(base=base)
    assert events_for(person)[0].diff["phone"] == [
        "***",
        "***",
    ]  # the administrator's phone masked in the trail
    rules = ManagementRules.objects.get(base=base)
    assert events_for(rules)[0].diff["title"] == [None, "博士后管理办法（试行）"]
    member = CommitteeMember.objects.filter(base=base, role=CommitteeRole.MEMBER).first()
    services.member_update(actor=unit, member=member, name=member.name, title="研究员", affiliation="内蒙古大学",
                           role=CommitteeRole.VICE_CHAIR)  # fmt: skip
    assert events_for(member)[-1].diff == {"role": ["member", "vice_chair"], "title": ["教授", "研究员"]}
    services.member_remove(actor=unit, member=member)
    services.administrator_remove(actor=unit, administrator=person)
    assert counts(base) == (1, 1, 0, 2)
    assert events_for(member)[-1].action == "remove" and events_for(person)[-1].action == "remove"


@pytest.mark.parametrize("who", ["bureau", "region", "unit_other", "bureau_other"])
def test_only_the_bases_unit_administrator_keeps_its_duties(two_bureaus, who):
    base, actor = two_bureaus["base"], two_bureaus[who]
    fill(base, two_bureaus["unit"])
    person = DutyAdministrator.objects.get(base=base)
    member = CommitteeMember.objects.filter(base=base).last()
    before = counts(base)
    writes = [
        lambda: services.office_save(actor=actor, base=base, name="别的办公室", head="张三", phone=PHONE),
        lambda: services.rules_add(actor=actor, base=base, title="新制度", adopted_on=date(2026, 4, 1), uploaded=pdf()),
        lambda: services.administrator_add(actor=actor, base=base, name="张三", position="主管", phone=PHONE),
        lambda: services.administrator_update(actor=actor, administrator=person, name="张三", position="主管", phone=PHONE),
        lambda: services.administrator_remove(actor=actor, administrator=person),
        lambda: services.member_add(actor=actor, base=base, name="张三", title="教授", affiliation="某大学", role="member"),
        lambda: services.member_update(actor=actor, member=member, name="张三", title="教授", affiliation="某大学", role="member"),
        lambda: services.member_remove(actor=actor, member=member),
    ]  # fmt: skip
    for write in writes:
        with pytest.raises(TransitionRefused) as refused:
            write()
        assert [f.code for f in refused.value.findings] == ["kernel.not_permitted"]
    assert counts(base) == before
    assert ManagementOffice.objects.get(base=base).name == "人力资源部博士后管理办公室"


def test_a_revoked_base_keeps_no_more_records(two_bureaus):
    base = two_bureaus["base"]
    PracticeBase.objects.filter(pk=base.pk).update(state=BaseState.REVOKED)
    with pytest.raises(TransitionRefused) as refused:
        services.administrator_add(
            actor=two_bureaus["unit"], base=base, name="张三", position="主管", phone=PHONE
        )
    assert refused.value.findings[0].code == "art7.base_not_active"
    assert "已取消备案" in str(refused.value.findings[0].message)
    assert counts(base) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("write", "field", "message"),
    [
        (lambda a, b: services.office_save(actor=a, base=b, name=" ", head="王红", phone=PHONE),
         "name", "请填写博士后管理机构名称。"),
        (lambda a, b: services.office_save(actor=a, base=b, name="办公室", head="王红", phone="12345"),
         "phone", "请填写有效的手机号码或固定电话（如0471-1234567）。"),
        (lambda a, b: services.office_save(actor=a, base=b, name="办公室", head="王2红", phone=PHONE),
         "head", "姓名"),
        (lambda a, b: services.rules_add(actor=a, base=b, title="制度", adopted_on=date(2026, 3, 1), uploaded=None),
         "document", "请上传制度文本。"),
        (lambda a, b: services.rules_add(actor=a, base=b, title="制度", adopted_on=date(2026, 3, 1),
                                         uploaded=SimpleUploadedFile("a.pdf", b"not a pdf")),
         "document", "只接受 PDF、JPEG、PNG 或 DOCX 文件（按文件内容识别）。"),
        (lambda a, b: services.rules_add(actor=a, base=b, title="制度", adopted_on=date(2999, 1, 1), uploaded=pdf()),
         "adopted_on", "印发日期不能晚于今天。"),
        (lambda a, b: services.administrator_add(actor=a, base=b, name="", position="主管", phone=PHONE),
         "name", "请填写姓名。"),
        (lambda a, b: services.administrator_add(actor=a, base=b, name="张三", position="", phone=PHONE),
         "position", "请填写职务。"),
        (lambda a, b: services.member_add(actor=a, base=b, name="张三", title="", affiliation="某大学", role="member"),
         "title", "请填写职称或职务。"),
        (lambda a, b: services.member_add(actor=a, base=b, name="张三", title="教授", affiliation="", role="member"),
         "affiliation", "请填写工作单位。"),
        (lambda a, b: services.member_add(actor=a, base=b, name="张三", title="教授", affiliation="某大学", role="boss"),
         "role", "请选择委员会职务（主任、副主任或委员）。"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_in_chinese_and_writes_nothing(two_bureaus, write, field, message):
    base = two_bureaus["base"]
    with pytest.raises(ValidationError) as error:
        write(two_bureaus["unit"], base)
    assert message in " ".join(error.value.message_dict[field])
    assert counts(base) == (0, 0, 0, 0)


def test_the_committee_has_one_chair(two_bureaus):
    base, unit = two_bureaus["base"], two_bureaus["unit"]
    services.member_add(
        actor=unit, base=base, name="赵主任", title="教授", affiliation="内蒙古大学", role="chair"
    )
    with pytest.raises(ValidationError) as error:
        services.member_add(
            actor=unit, base=base, name="钱主任", title="教授", affiliation="内蒙古大学", role="chair"
        )
    assert error.value.message_dict["role"] == ["专家学术委员会已有主任，请先将原主任改为其他职务。"]
    deputy = services.member_add(actor=unit, base=base, name="钱副主任", title="教授", affiliation="内蒙古大学",
                                 role="vice_chair")  # fmt: skip
    with pytest.raises(ValidationError):
        services.member_update(actor=unit, member=deputy, name="钱副主任", title="教授", affiliation="内蒙古大学",
                               role="chair")  # fmt: skip
    assert CommitteeMember.objects.get(pk=deputy.pk).role == "vice_chair"
    # The chair itself may be saved again as chair.
    chair = CommitteeMember.objects.get(base=base, role="chair")
    services.member_update(
        actor=unit, member=chair, name="赵主任", title="研究员", affiliation="内蒙古大学", role="chair"
    )


def test_latest_adopted_rules_are_current_and_every_version_kept(two_bureaus):
    base, unit = two_bureaus["base"], two_bureaus["unit"]
    services.rules_add(
        actor=unit, base=base, title="管理办法（2025版）", adopted_on=date(2025, 5, 1), uploaded=pdf()
    )
    services.rules_add(
        actor=unit, base=base, title="管理办法（2026版）", adopted_on=date(2026, 5, 1), uploaded=pdf()
    )
    services.rules_add(
        actor=unit, base=base, title="管理办法（2024版）", adopted_on=date(2024, 5, 1), uploaded=pdf()
    )
    from postdoc_base.oversight.duties.selectors import duties_of

    duties = duties_of(base)
    assert duties.current_rules.title == "管理办法（2026版）"
    assert [r.title for r in duties.rules] == [
        "管理办法（2026版）",
        "管理办法（2025版）",
        "管理办法（2024版）",
    ]


# --- completeness and the base file section ------------------------------------------------------------------
def test_completeness_follows_the_records(two_bureaus):
    base, unit = two_bureaus["base"], two_bureaus["unit"]
    section = basefile.SECTIONS["duties"]
    assert [f.code for f in section.completeness(base) if not f.ok] == [
        "art7.office.missing", "art7.rules.missing", "art7.administrators.missing", "art7.committee.no_chair",
    ]  # fmt: skip
    fill(base, unit, members=2)
    assert [f.code for f in section.completeness(base) if not f.ok] == ["art7.committee.too_few"]
    services.member_add(
        actor=unit, base=base, name="孙委员", title="教授", affiliation="内蒙古农业大学", role="member"
    )
    assert all(f.ok for f in section.completeness(base))
    assert [f.code for f in basefile.completeness_for(base) if f.code.startswith("art7.")] == [
        "art7.office.ok", "art7.rules.ok", "art7.administrators.ok", "art7.committee.ok",
    ]  # fmt: skip


def _duties_section(base, user) -> str:
    (filled,) = [s for s in basefile.sections_for(base, user) if s.section.key == "duties"]
    assert str(filled.section.title) == "基地职责（第七条）" and filled.section.article == ART7
    return render_to_string(filled.section.template, filled.context)


def test_section_shows_administrators_in_full_to_unit_and_region_masked_to_the_bureau(two_bureaus):
    base = two_bureaus["base"]
    fill(base, two_bureaus["unit"])
    for who in ("unit", "region"):
        html = _duties_section(base, two_bureaus[who])
        assert "李管理一" in html and "13912340000" in html
    html = _duties_section(base, two_bureaus["bureau"])
    assert "李管理一" not in html and "13912340000" not in html
    assert "李*" in html and "139****0000" in html
    assert "赵委员一" in html and "人力资源部博士后管理办公室" in html and "博士后管理办法（试行）" in html
    assert "修改" not in html  # no keeper's buttons for a reader


def test_base_file_page_shows_the_duties_section_when_it_exists(client, two_bureaus):
    base = two_bureaus["base"]
    try:
        url = reverse("oversight:base_file", args=[base.pk])
    except NoReverseMatch:
        pytest.skip("the base file page is not there yet")
    fill(base, two_bureaus["unit"])
    client.force_login(two_bureaus["bureau"])
    html = client.get(url).content.decode()
    assert "基地职责（第七条）" in html and "139****0000" in html and "13912340000" not in html
    client.force_login(two_bureaus["bureau_other"])
    assert client.get(url).status_code == 404


# --- pages ---------------------------------------------------------------------------------------------------
def test_keeper_fills_every_duty_through_the_pages(client, two_bureaus):
    base = two_bureaus["base"]
    client.force_login(two_bureaus["unit"])
    page = reverse("oversight:duties", args=[base.pk])
    assert 'data-testid="duty-actions"' in client.get(page).content.decode()
    posts = [
        ("oversight:duties_office", {"name": "博士后管理办公室", "head": "巴特尔·朝鲁", "phone": "0471-6660000"}),
        ("oversight:duties_rules_add", {"title": "博士后管理办法", "adopted_on": "2026-03-01", "document": pdf()}),
        ("oversight:duties_administrator_add", {"name": "李管理", "position": "主管", "phone": PHONE}),
        ("oversight:duties_member_add", {"name": "赵主任", "title": "教授", "affiliation": "内蒙古大学", "role": "chair"}),
    ]  # fmt: skip
    for name, data in posts:
        response = client.post(reverse(name, args=[base.pk]), data)
        assert response.status_code == 302 and response["Location"] == page, name
    assert counts(base) == (1, 1, 1, 1)
    assert ManagementOffice.objects.get(base=base).head == "巴特尔·朝鲁"
    person = DutyAdministrator.objects.get(base=base)
    client.post(reverse("oversight:duties_administrator_edit", args=[base.pk, person.pk]),
                {"name": "李管理", "position": "副主管", "phone": PHONE})  # fmt: skip
    assert DutyAdministrator.objects.get(pk=person.pk).position == "副主管"
    member = CommitteeMember.objects.get(base=base)
    client.post(reverse("oversight:duties_member_edit", args=[base.pk, member.pk]),
                {"name": "赵主任", "title": "研究员", "affiliation": "内蒙古大学", "role": "chair"})  # fmt: skip
    assert CommitteeMember.objects.get(pk=member.pk).title == "研究员"
    rules = ManagementRules.objects.get(base=base)
    download = client.get(reverse("oversight:duties_rules_file", args=[base.pk, rules.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    client.post(reverse("oversight:duties_administrator_remove", args=[base.pk, person.pk]))
    client.post(reverse("oversight:duties_member_remove", args=[base.pk, member.pk]))
    assert counts(base) == (1, 1, 0, 0)


def test_a_bad_form_shows_the_chinese_error_and_writes_nothing(client, two_bureaus):
    base = two_bureaus["base"]
    client.force_login(two_bureaus["unit"])
    response = client.post(reverse("oversight:duties_administrator_add", args=[base.pk]),
                           {"name": "李管理", "position": "主管", "phone": "110"})  # fmt: skip
    assert response.status_code == 200
    assert "请填写有效的手机号码或固定电话（如0471-1234567）。" in response.content.decode()
    response = client.post(reverse("oversight:duties_rules_add", args=[base.pk]),
                           {"title": "制度", "adopted_on": "2026-03-01"})  # fmt: skip
    assert "这个字段是必填项。" in response.content.decode()
    assert counts(base) == (0, 0, 0, 0)


EDIT_PAGES = ("duties_office", "duties_rules_add", "duties_administrator_add", "duties_member_add")


@pytest.mark.parametrize("who", ["bureau", "region"])
def test_readers_see_the_duties_page_but_not_the_keepers_forms(client, two_bureaus, who):
    base = two_bureaus["base"]
    fill(base, two_bureaus["unit"])
    person = DutyAdministrator.objects.get(base=base)
    member = CommitteeMember.objects.filter(base=base).first()
    client.force_login(two_bureaus[who])
    response = client.get(reverse("oversight:duties", args=[base.pk]))
    assert response.status_code == 200 and 'data-testid="duty-actions"' not in response.content.decode()
    for name in EDIT_PAGES:
        assert client.get(reverse(f"oversight:{name}", args=[base.pk])).status_code == 404
        assert client.post(reverse(f"oversight:{name}", args=[base.pk]), {"name": "x"}).status_code == 404
    for name, rid in (("duties_administrator_remove", person.pk), ("duties_member_remove", member.pk)):
        assert client.post(reverse(f"oversight:{name}", args=[base.pk, rid])).status_code == 404
    assert counts(base) == (1, 1, 1, 3)


@pytest.mark.parametrize("intruder", ["bureau_other", "unit_other"])
def test_another_bureau_or_unit_gets_404_on_every_duties_url(client, two_bureaus, intruder):
    base = two_bureaus["base"]
    fill(base, two_bureaus["unit"])
    rules = ManagementRules.objects.get(base=base)
    person = DutyAdministrator.objects.get(base=base)
    urls = [reverse("oversight:duties", args=[base.pk]),
            reverse("oversight:duties_rules_file", args=[base.pk, rules.pk]),
            reverse("oversight:duties_administrator_edit", args=[base.pk, person.pk]),
            *(reverse(f"oversight:{name}", args=[base.pk]) for name in EDIT_PAGES)]  # fmt: skip
    client.force_login(two_bureaus[intruder])
    assert {client.get(url).status_code for url in urls} == {404}
    assert client.get(f"/api/v1/bases/{base.pk}/duties").status_code == 404
    # The control: the base's own bureau opens the same URLs.
    client.force_login(two_bureaus["bureau"])
    assert client.get(urls[0]).status_code == 200 and client.get(urls[1]).status_code == 200
    assert client.get(f"/api/v1/bases/{base.pk}/duties").status_code == 200


def test_a_record_of_another_base_is_not_reachable_through_this_bases_url(client, two_bureaus):
    base, other = two_bureaus["base"], two_bureaus["other_base"]
    fill(other, two_bureaus["unit_other"])
    foreign = DutyAdministrator.objects.get(base=other)
    client.force_login(two_bureaus["unit"])
    assert (
        client.get(reverse("oversight:duties_administrator_edit", args=[base.pk, foreign.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("oversight:duties_administrator_remove", args=[base.pk, foreign.pk])).status_code
        == 404
    )
    assert DutyAdministrator.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("rows", [1, 20])
def test_duties_page_query_count_does_not_grow(client, django_assert_num_queries, two_bureaus, rows):
    base = two_bureaus["base"]
    fill(base, two_bureaus["unit"], members=rows, administrators=rows)
    client.force_login(two_bureaus["bureau"])
    url = reverse("oversight:duties", args=[base.pk])
    client.get(url)
    # session, user, assignments, base, office, rules, administrators, committee
    with django_assert_num_queries(8):
        response = client.get(url)
    names = [m.name for m in CommitteeMember.objects.filter(base=base)]
    assert_rows_shown(response, names + [f"139****{i:04d}" for i in range(rows)])


# --- API -----------------------------------------------------------------------------------------------------
def test_api_reads_duties_masked_for_the_bureau_in_full_for_the_unit(client, two_bureaus):
    base = two_bureaus["base"]
    fill(base, two_bureaus["unit"])
    client.force_login(two_bureaus["bureau"])
    body = client.get(f"/api/v1/bases/{base.pk}/duties").json()
    assert body["administrators"][0] | {"id": 0} == {"id": 0, "name": "李*", "position": "主管",
                                                     "phone": "139****0000", "masked": True}  # fmt: skip
    assert body["complete"] is True and [f["code"] for f in body["findings"]] == [
        "art7.office.ok", "art7.rules.ok", "art7.administrators.ok", "art7.committee.ok",
    ]  # fmt: skip
    assert body["rules"][0]["current"] is True and body["committee"][0]["role_label"] == "主任"
    client.force_login(two_bureaus["unit"])
    assert client.get(f"/api/v1/bases/{base.pk}/duties").json()["administrators"][0]["phone"] == "13912340000"


def test_api_keeper_writes_every_kind(client, two_bureaus):
    base = two_bureaus["base"]
    client.force_login(two_bureaus["unit"])
    root = f"/api/v1/bases/{base.pk}/duties"
    ct = "application/json"
    assert (
        client.put(
            f"{root}/office", {"name": "管理办公室", "head": "王红", "phone": PHONE}, content_type=ct
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"{root}/rules", {"title": "管理办法", "adopted_on": "2026-03-01", "document": pdf()}
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"{root}/administrators", {"name": "李管理", "position": "主管", "phone": PHONE}, content_type=ct
        ).status_code
        == 201
    )
    body = client.post(f"{root}/committee", {"name": "赵主任", "title": "教授", "affiliation": "内蒙古大学", "role": "chair"},
                       content_type=ct).json()  # fmt: skip
    person_id, member_id = body["administrators"][0]["id"], body["committee"][0]["id"]
    response = client.put(f"{root}/administrators/{person_id}", {"name": "李管理", "position": "副主管", "phone": PHONE},
                          content_type=ct)  # fmt: skip
    assert response.json()["administrators"][0]["position"] == "副主管"
    response = client.put(f"{root}/committee/{member_id}", {"name": "赵主任", "title": "研究员",
                          "affiliation": "内蒙古大学", "role": "chair"}, content_type=ct)  # fmt: skip
    assert response.json()["committee"][0]["title"] == "研究员"
    assert counts(base) == (1, 1, 1, 1)
    assert client.delete(f"{root}/administrators/{person_id}").status_code == 200
    assert client.delete(f"{root}/committee/{member_id}").json()["committee"] == []
    assert counts(base) == (1, 1, 0, 0)


@pytest.mark.parametrize("who", ["bureau", "region"])
def test_api_readers_are_refused_writes_with_403_and_nothing_written(client, two_bureaus, who):
    base = two_bureaus["base"]
    fill(base, two_bureaus["unit"])
    person = DutyAdministrator.objects.get(base=base)
    client.force_login(two_bureaus[who])
    root = f"/api/v1/bases/{base.pk}/duties"
    responses = [
        client.put(f"{root}/office", {"name": "x", "head": "王红", "phone": PHONE}, content_type="application/json"),
        client.post(f"{root}/administrators", {"name": "张三", "position": "主管", "phone": PHONE},
                    content_type="application/json"),
        client.delete(f"{root}/administrators/{person.pk}"),
        client.post(f"{root}/rules", {"title": "制度", "adopted_on": "2026-03-01", "document": pdf()}),
    ]  # fmt: skip
    assert {r.status_code for r in responses} == {403}
    assert responses[0].json()["code"] == "not_permitted"
    assert counts(base) == (1, 1, 1, 3)


def test_api_bad_input_is_422_in_chinese_and_writes_nothing(client, two_bureaus):
    base = two_bureaus["base"]
    client.force_login(two_bureaus["unit"])
    response = client.post(f"/api/v1/bases/{base.pk}/duties/administrators",
                           {"name": "李管理", "position": "主管", "phone": "abc"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert response.json()["errors"]["phone"] == ["请填写有效的手机号码或固定电话（如0471-1234567）。"]
    assert counts(base) == (0, 0, 0, 0)


def test_api_record_of_another_base_is_404(client, two_bureaus):
    base, other = two_bureaus["base"], two_bureaus["other_base"]
    fill(other, two_bureaus["unit_other"])
    foreign = CommitteeMember.objects.filter(base=other).first()
    client.force_login(two_bureaus["unit"])
    assert client.delete(f"/api/v1/bases/{base.pk}/duties/committee/{foreign.pk}").status_code == 404
    assert client.delete(f"/api/v1/bases/{other.pk}/duties/committee/{foreign.pk}").status_code == 404
    assert CommitteeMember.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("rows", [1, 20])
def test_api_duties_query_count_does_not_grow(client, django_assert_num_queries, two_bureaus, rows):
    base = two_bureaus["base"]
    fill(base, two_bureaus["unit"], members=rows, administrators=rows)
    client.force_login(two_bureaus["bureau"])
    url = f"/api/v1/bases/{base.pk}/duties"
    client.get(url)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert_rows_shown(response, [m.name for m in CommitteeMember.objects.filter(base=base)])
