"""Demo data for ``make run``: an open round with applications in every state built so far, across several
bureaus and every Art. 11(1) route. Everything is made through the services and the workflow kernel, so the
timelines, audit chain and to-do lists are real. Idempotent: does nothing once ``demo_region`` exists."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.deadlines.reminders.rules import reminder_sweep
from postdoc_base.demo import oversight as demo_oversight
from postdoc_base.demo import tenure as demo_tenure
from postdoc_base.demo.accounts import demo_user
from postdoc_base.directory.enums import Industry
from postdoc_base.directory.models import Bureau, CompetentDepartment, Expert, MobileStation, Unit
from postdoc_base.establishment import services
from postdoc_base.establishment.enums import AttachmentKind
from postdoc_base.establishment.models import PublicNotice, Round
from postdoc_base.establishment.workflow import application_workflow, round_workflow
from postdoc_base.policy.identifiers import uscc_check_char

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (login, display name, role, scope key)
ACCOUNTS = [
    ("demo_region", "自治区人社厅·高敏", Role.REGION_ADMIN, None),
    ("demo_hohhot", "呼和浩特市人社局·王磊", Role.BUREAU_OFFICER, "呼和浩特市"),
    ("demo_baotou", "包头市人社局·李娜", Role.BUREAU_OFFICER, "包头市"),
    ("demo_manzhouli", "满洲里市人社局·其木格", Role.BUREAU_OFFICER, "满洲里市"),
    ("demo_dept", "自治区国资委·赵强", Role.DEPT_OFFICER, "dept"),
    ("demo_unit", "草原乳业科技·张丽", Role.UNIT_ADMIN, "unit:dairy"),
    ("demo_station", "内蒙古大学化学流动站·刘洋", Role.STATION_CONTACT, "station:imu"),
    ("demo_expert1", "专家·巴特尔·朝鲁", Role.EXPERT, "expert:1"),
    ("demo_expert2", "专家·孙伟", Role.EXPERT, "expert:2"),
    ("demo_expert3", "专家·乌日娜", Role.EXPERT, "expert:3"),
]

# key, name, bureau, nature, affiliation, with department, target state
UNITS = [
    ("dairy", "内蒙古草原乳业科技有限公司", "呼和浩特市", "enterprise", "local", False, "draft"),
    ("rare", "呼和浩特稀土新材料有限公司", "呼和浩特市", "enterprise", "local", False, "bureau_review"),
    ("steel", "包头钢铁新材料研究院有限公司", "包头市", "enterprise", "local", False, "recommended"),
    ("equip", "包头重型装备制造有限公司", "包头市", "enterprise", "local", False, "returned"),
    ("port", "满洲里口岸物流科技有限公司", "满洲里市", "enterprise", "local", False, "bureau_review"),
    (
        "energy",
        "国能鄂尔多斯煤化工研究院有限公司",
        "鄂尔多斯市",
        "enterprise",
        "central",
        True,
        "dept_review",
    ),
    ("grid", "中电内蒙古新能源技术有限公司", "呼和浩特市", "enterprise", "central", True, "bureau_review"),
    ("agri", "内蒙古自治区农牧业科学院", "呼和浩特市", "institution", "region", True, "at_region"),
    ("wool", "赤峰绒毛纺织科技有限公司", "赤峰市", "enterprise", "local", False, "rejected"),
    ("beef", "通辽草原肉牛科技有限公司", "通辽市", "enterprise", "local", False, "withdrawn"),
    ("solar", "鄂尔多斯光伏储能科技有限公司", "鄂尔多斯市", "enterprise", "local", False, "at_region"),
    # Units of the earlier rounds, which stand at the later stages of Art. 11(3).
    ("cashmere", "鄂尔多斯羊绒科技股份有限公司", "鄂尔多斯市", "enterprise", "local", False, "filed"),
    ("rareearth", "包头稀土功能材料有限公司", "包头市", "enterprise", "local", False, "filed"),
    ("potato", "乌兰察布马铃薯种业科技有限公司", "乌兰察布市", "enterprise", "local", False, "filed"),
    ("graphite", "兴和石墨新材料有限公司", "乌兰察布市", "enterprise", "local", False, "in_notice"),
    ("wind", "锡林郭勒风电装备技术有限公司", "锡林郭勒盟", "enterprise", "local", False, "in_notice"),
    (
        "milkpowder",
        "呼和浩特乳品检测技术有限公司",
        "呼和浩特市",
        "enterprise",
        "local",
        False,
        "expert_review",
    ),
    ("coal", "乌海煤焦化工研究院有限公司", "乌海市", "enterprise", "local", False, "expert_review"),
    # A base of the 2024 round that never took a postdoc: its filing is revoked (Art. 24; demo/oversight.py).
    ("cokechem", "乌海焦化新材料科技有限公司", "乌海市", "enterprise", "local", False, "filed"),
]

# Each demo unit's 所属行业 (GB/T 4754-2017 section), by what its name says it does: manufacturers C, research
# institutes and testing companies M, grid and solar D, logistics G, breeding A; every unit has one, so the
# statistics' industry chart is filled.
INDUSTRIES = {
    "dairy": Industry.C, "rare": Industry.C, "steel": Industry.M, "equip": Industry.C, "port": Industry.G,
    "energy": Industry.M, "grid": Industry.D, "agri": Industry.M, "wool": Industry.C, "beef": Industry.A,
    "solar": Industry.D, "cashmere": Industry.C, "rareearth": Industry.C, "potato": Industry.A,
    "graphite": Industry.C, "wind": Industry.C, "milkpowder": Industry.M, "coal": Industry.M,
    "cokechem": Industry.C,
}  # fmt: skip

# Earlier rounds, one per later stage of Art. 11(3): (name, year, units, last stage reached).
STAGE_ROUNDS = [
    ("2024年博士后创新实践基地设立", 2024, ("cashmere", "rareearth", "potato", "cokechem"), "filed"),
    ("2025年博士后创新实践基地设立（第一批）", 2025, ("graphite", "wind"), "in_notice"),
    ("2025年博士后创新实践基地设立（第二批）", 2025, ("milkpowder", "coal"), "expert_review"),
]

RUBRIC = [
    {
        "label": "研究开发条件",
        "guidance": "研发机构、场地设备、经费保障（第九条第（二）项）",
        "weight": 30,
        "max_score": 100,
    },
    {
        "label": "导师团队",
        "guidance": "可担任合作导师的全职高级职称人员（第九条第（三）项）",
        "weight": 25,
        "max_score": 100,
    },
    {
        "label": "招收计划与研究项目",
        "guidance": "流动站合作意向、招收计划、项目创新性（第九条第（四）项）",
        "weight": 25,
        "max_score": 100,
    },
    {
        "label": "管理制度与保障",
        "guidance": "管理办法、科研与生活条件、薪酬待遇（第九条第（五）项）",
        "weight": 20,
        "max_score": 100,
    },
]


def _uscc(division: str, serial: int) -> str:
    body = f"91{division}MA{serial:07d}"
    return body + uscc_check_char(body)


def _complete(app, actor, station) -> None:
    services.application_update(
        actor=actor,
        app=app,
        fields={
            "station": station,
            "operating_well": True,
            "operating_status": "近三年营业收入稳定增长，纳税信用等级A级。",
            "rnd_institution": "设有企业技术中心（自治区级），研发场地3000平方米，仪器设备原值5000万元。",
            "recruitment_plan": "三年内招收博士后4名，每年1至2名，研究方向与企业重点项目对应。",
            "planned_recruits": 4,
            "management_rules": "已制定《博士后工作管理办法》，设专家学术委员会，配备专职管理人员。",
            "research_conditions": "提供独立实验室、中试平台和每人每年不少于10万元科研经费。",
            "living_conditions": "提供人才公寓、安家补贴，缴纳五险一金。",
            "offered_annual_pay_yuan": 180000,
        },
        researchers=[
            {"name": "巴特尔·朝鲁", "title": "正高级工程师", "field": "材料工程"},
            {"name": "王海燕", "title": "研究员", "field": "化学工程"},
        ],
        projects=[{"title": "关键核心技术攻关与成果转化", "summary": "围绕企业主营业务开展博士后研究。"}],
    )
    services.attachment_add(
        actor=actor,
        app=app,
        kind=AttachmentKind.STATION_INTENTION,
        uploaded=ContentFile(PDF, name="合作意向书.pdf"),
    )


def _review(app, officer, ok: bool = True) -> None:
    services.preliminary_review_save(
        actor=officer, app=app, condition_checks={str(i): ok for i in range(1, 6)},
        condition_comments={"1": "营业执照、纳税证明齐全。"}, inspection="经实地考察，研发机构运行良好，导师团队稳定。",
        inspected_on=timezone.localdate(), recommendation="符合申报条件，同意推荐。",
    )  # fmt: skip


@transaction.atomic
def load() -> bool:
    if get_user_model().objects.filter(username="demo_region").exists():
        return False
    today = timezone.localdate()
    dept = CompetentDepartment.objects.create(name="内蒙古自治区人民政府国有资产监督管理委员会", code="GZW")
    stations = {
        "imu": MobileStation.objects.create(university="内蒙古大学", discipline="化学", discipline_code="0703"),
        "imut": MobileStation.objects.create(university="内蒙古工业大学", discipline="材料科学与工程", discipline_code="0805"),
        "thu": MobileStation.objects.create(university="清华大学", discipline="化学工程与技术", discipline_code="0817", in_region=False),
    }  # fmt: skip
    experts = {
        "expert:1": Expert.objects.create(name="巴特尔·朝鲁", field="材料科学", title="教授", employer="内蒙古大学"),
        "expert:2": Expert.objects.create(name="孙伟", field="化学工程", title="研究员", employer="中国科学院过程工程研究所"),
        "expert:3": Expert.objects.create(name="乌日娜", field="畜牧学", title="教授", employer="内蒙古农业大学",
                                          declared_conflicts="内蒙古草原乳业科技有限公司"),
    }  # fmt: skip
    bureaus = {b.name: b for b in Bureau.objects.all()}
    units = {}
    for serial, (key, name, bureau_name, nature, affiliation, with_dept, _state) in enumerate(UNITS, start=1):
        bureau = bureaus[bureau_name]
        units[key] = Unit.objects.create(
            name=name, uscc=_uscc(bureau.code, serial), bureau=bureau, nature=nature,
            industry=INDUSTRIES[key], affiliation=affiliation, department=dept if with_dept else None, contact_name="博士后工作联系人",
            contact_phone="0471-6600000", address=f"内蒙古自治区{bureau_name}",
        )  # fmt: skip
    users = {}
    for username, display, role, scope in ACCOUNTS:
        user = demo_user(username, display)
        users[username] = user
        scope_kwargs = {}
        if role == Role.BUREAU_OFFICER:
            scope_kwargs["bureau"] = bureaus[scope]
        elif role == Role.DEPT_OFFICER:
            scope_kwargs["department"] = dept
        elif role == Role.UNIT_ADMIN:
            scope_kwargs["unit"] = units[scope.split(":")[1]]
        elif role == Role.STATION_CONTACT:
            scope_kwargs["station"] = stations[scope.split(":")[1]]
        elif role == Role.EXPERT:
            scope_kwargs["expert"] = experts[scope]
        RoleAssignment.objects.create(user=user, role=role, **scope_kwargs)
    # Every other unit has its own administrator (demo_u_<key>), so each step is done by the right person.
    unit_admins = {"dairy": users["demo_unit"]}
    for key, unit in units.items():
        if key not in unit_admins:
            admin = demo_user(f"demo_u_{key}", f"{unit.name}·管理员")
            RoleAssignment.objects.create(user=admin, role=Role.UNIT_ADMIN, unit=unit)
            unit_admins[key] = admin
    for extra, bureau_name in (
        ("demo_ordos", "鄂尔多斯市"),
        ("demo_chifeng", "赤峰市"),
        ("demo_tongliao", "通辽市"),
    ):
        officer = demo_user(extra, f"{bureau_name}人社局·经办人")
        RoleAssignment.objects.create(user=officer, role=Role.BUREAU_OFFICER, bureau=bureaus[bureau_name])
        users[extra] = officer

    region = users["demo_region"]
    officer_by_bureau = {
        a.bureau_id: u for u in users.values() for a in u.role_assignments.filter(role=Role.BUREAU_OFFICER)
    }
    for extra_bureau in ("乌兰察布市", "锡林郭勒盟", "乌海市"):
        officer = demo_user(f"demo_b_{bureaus[extra_bureau].code}", f"{extra_bureau}人社局·经办人")
        RoleAssignment.objects.create(user=officer, role=Role.BUREAU_OFFICER, bureau=bureaus[extra_bureau])
        officer_by_bureau[bureaus[extra_bureau].pk] = officer
    experts_users = [users["demo_expert1"], users["demo_expert2"], users["demo_expert3"]]
    for name, year, keys, stage in STAGE_ROUNDS:
        _stage_round(region, name, year, [(units[k], unit_admins[k]) for k in keys], stage, stations["imu"],
                     officer_by_bureau, experts, experts_users)  # fmt: skip
    _partners_and_topics(units, unit_admins, users["demo_station"], stations["imu"])
    demo_tenure.load(users, units, unit_admins, experts)
    demo_oversight.load(region, units, unit_admins)
    current = services.round_create(
        actor=region, name=f"{today.year}年博士后创新实践基地设立", year=today.year,
        application_deadline=today + timedelta(days=30), review_deadline=today + timedelta(days=60),
        notes="依据第十一条，原则上每两年组织一次。",
    )  # fmt: skip
    current = round_workflow.apply(current, "open", actor=region, comment="启动本批次申报。")

    officer_of = {"呼和浩特市": users["demo_hohhot"], "包头市": users["demo_baotou"], "满洲里市": users["demo_manzhouli"],
                  "鄂尔多斯市": users["demo_ordos"], "赤峰市": users["demo_chifeng"], "通辽市": users["demo_tongliao"]}  # fmt: skip
    ranks: dict[str, int] = {}
    for key, _name, bureau_name, _nature, affiliation, _d, target in UNITS:
        if target in STAGE_TARGETS:
            continue
        admin = unit_admins[key]
        app = services.application_create(actor=admin, round_=current, unit=units[key])
        _complete(app, admin, stations["imut" if key in {"steel", "rare"} else "imu"])
        if target == "draft":
            continue
        if target == "withdrawn":
            application_workflow.apply(app, "withdraw", actor=admin, comment="本年度暂不申报。")
            continue
        application_workflow.apply(app, "submit", actor=admin)
        if target == "dept_review":
            continue
        if affiliation != "local":
            application_workflow.apply(app, "dept_consent", actor=users["demo_dept"], comment="同意申报。")
        if affiliation == "region":
            continue
        officer = officer_of[bureau_name]
        if target == "bureau_review":
            continue
        if target == "returned":
            application_workflow.apply(
                app, "bureau_return", actor=officer, comment="请补充研发机构场地证明和导师聘任文件。"
            )
            continue
        if target == "rejected":
            application_workflow.apply(
                app, "bureau_reject", actor=officer, comment="单位已设立博士后科研工作站，不符合第二条。"
            )
            continue
        _review(app, officer)
        application_workflow.apply(app, "bureau_recommend", actor=officer)
        ranks[key] = 1
        if target == "at_region":
            services.recommendation_rank_set(actor=officer, round_=current, bureau_id=units[key].bureau_id,
                                             ranks={app.pk: 1})  # fmt: skip
            services.bureau_batch_submit(actor=officer, round_=current, bureau_id=units[key].bureau_id,
                                         comment="鄂尔多斯市推荐名单。")  # fmt: skip
    # Tonight's reminders, as the nightly sweep would send them: the demo's inboxes show what is due and overdue.
    reminder_sweep()
    return True


STAGE_TARGETS = {"filed", "in_notice", "expert_review"}


def _to_region(round_, entries, station, officer_by_bureau) -> list:
    """Each unit applies; each bureau reviews, ranks and submits its recommendations together."""
    apps = []
    for unit, admin in entries:
        app = services.application_create(actor=admin, round_=round_, unit=unit)
        _complete(app, admin, station)
        apps.append(application_workflow.apply(app, "submit", actor=admin))
    by_bureau: dict[int, list] = {}
    for app in apps:
        by_bureau.setdefault(app.unit.bureau_id, []).append(app)
    for bureau_id, bureau_apps in by_bureau.items():
        officer = officer_by_bureau[bureau_id]
        for app in bureau_apps:
            _review(app, officer)
            application_workflow.apply(app, "bureau_recommend", actor=officer)
        services.recommendation_rank_set(actor=officer, round_=round_, bureau_id=bureau_id,
                                         ranks={a.pk: i for i, a in enumerate(bureau_apps, start=1)})  # fmt: skip
        services.bureau_batch_submit(
            actor=officer, round_=round_, bureau_id=bureau_id, comment="推荐名单及排序。"
        )
    return apps


def _expert_review(region, round_, apps, experts, expert_users, *, all_score: bool):
    from decimal import Decimal

    from postdoc_base.review import services as review
    from postdoc_base.review.enums import PanelPurpose
    from postdoc_base.review.models import Assignment
    from postdoc_base.review.workflow import assignment_workflow

    rubric = review.rubric_create(actor=region, name=f"{round_.name}评分标准", items=RUBRIC)
    panel = review.panel_create(
        actor=region, name=f"{round_.name}论证评议专家组", purpose=PanelPurpose.ESTABLISHMENT, context=round_,
        rubric=rubric, due_on=timezone.localdate() + timedelta(days=14), blind=True,
    )  # fmt: skip
    for i, key in enumerate(("expert:1", "expert:2", "expert:3")):
        review.panel_add_member(actor=region, panel=panel, expert=experts[key], is_chair=i == 0)
    review.panel_assign(actor=region, panel=panel, subjects=apps)
    user_of = {
        experts[k].pk: u for k, u in zip(("expert:1", "expert:2", "expert:3"), expert_users, strict=True)
    }
    items = list(rubric.items.all())
    for n, assignment in enumerate(
        Assignment.objects.filter(panel=panel).select_related("member").order_by("id")
    ):
        if not all_score and assignment.subject_id == apps[-1].pk and n % 2:
            continue  # leave the last application partly unscored: the experts' to-do lists show it
        expert_user = user_of[assignment.member.expert_id]
        scores = {item.pk: Decimal(78 + (n * 7 + item.order * 3) % 20) for item in items}
        review.scores_save(actor=expert_user, assignment=assignment, scores=scores,
                           comment="研发条件扎实，导师团队稳定，研究项目具有较好的应用前景。")  # fmt: skip
        assignment_workflow.apply(assignment, "submit", actor=expert_user)
    return panel


def _stage_round(region, name, year, entries, stage, station, officer_by_bureau, experts, expert_users):
    from postdoc_base.establishment import notices

    today = timezone.localdate()
    round_ = services.round_create(
        actor=region, name=name, year=year, application_deadline=today + timedelta(days=1),
        review_deadline=today + timedelta(days=2), notes="示例批次。",
    )  # fmt: skip
    round_ = round_workflow.apply(round_, "open", actor=region)
    apps = _to_region(round_, entries, station, officer_by_bureau)
    round_ = round_workflow.apply(round_, "close", actor=region, comment="申报截止。")
    # The round's own dates, as they stood in its year (it was built today for the demo).
    round_ = services.round_update(actor=region, round_=round_, application_deadline=date(year, 9, 30),
                                   review_deadline=date(year, 10, 31))  # fmt: skip
    _expert_review(region, round_, apps, experts, expert_users, all_score=stage != "expert_review")
    if stage == "expert_review":
        # The fully scored application is decided; the other still waits for an expert.
        application_workflow.apply(apps[0], "review_pass", actor=region, comment="专家论证评议通过，待公示。")
        return
    for app in apps:
        application_workflow.apply(app, "review_pass", actor=region, comment="专家论证评议通过。")
    notice = notices.notice_publish(
        actor=region, round_=round_, title=f"{name}拟备案名单公示", published_on=today,
        body="经专家论证评议，以下单位拟备案为内蒙古自治区博士后创新实践基地，现予公示。",
        contact="自治区人力资源和社会保障厅专业技术人员管理处，0471-6900000",
    )  # fmt: skip
    if stage == "filed":
        # The demo's time travel, as for the round's dates above: a notice is published today or later (Art.
        # 11(3)), so the filed round's notice is moved back to have run its course a month ago.
        from postdoc_base.kernel.calendar import count_from

        published_on = today - timedelta(days=30)
        ends_on = count_from(published_on, notice.working_days).last
        PublicNotice.objects.filter(pk=notice.pk).update(published_on=published_on, ends_on=ends_on)
    if stage == "in_notice":
        item = notice.items.order_by("order", "id").first()
        notices.objection_create(
            notice=notice, item_id=item.pk, name="张某某", contact="13800001234",
            text="反映该单位研发场地面积与申报材料不符，请予核实。",
        )  # fmt: skip
        return
    notices.filing_execute(actor=region, round_=round_, application_ids=[a.pk for a in apps])


TOPICS = {
    "cashmere": ("technology", "羊绒纤维绿色染整关键技术", "纺织科学与工程", 160000),
    "rareearth": ("research", "稀土永磁材料晶界扩散机理研究", "材料科学与工程", 180000),
    "potato": ("management", "马铃薯种业全产业链质量管理体系", "作物学、管理科学", 100000),
}


def _partners_and_topics(units, unit_admins, station_contact, station) -> None:
    """Each filed base signs a cooperation agreement with 内蒙古大学 and posts a topic (Arts. 3, 8, 12)."""
    from postdoc_base.oversight.models import PracticeBase
    from postdoc_base.tenure.recruitment import services as tenure
    from postdoc_base.tenure.recruitment.workflow import agreement_workflow, topic_workflow

    today = timezone.localdate()
    for key, (kind, title, fields, pay) in TOPICS.items():
        base = PracticeBase.objects.get(unit=units[key])
        admin = unit_admins[key]
        agreement = tenure.agreement_create(
            actor=admin, base=base, station=station, starts_on=today, ends_on=date(today.year + 3, 12, 31),
            supervisors_offered=2, notes="流动站提供合作导师和科研支持，协助招收博士后。",
        )  # fmt: skip
        agreement_workflow.apply(agreement, "base_confirm", actor=admin)
        agreement_workflow.apply(agreement, "station_confirm", actor=station_contact)
        topic = tenure.topic_create(
            actor=admin, base=base, kind=kind, title=title, fields=fields, annual_pay_yuan=pay, term_months=24,
            description="围绕基地设立单位的重点项目开展博士后研究，联合流动站培养。", station_id=station.pk,
        )  # fmt: skip
        topic = topic_workflow.apply(topic, "publish", actor=admin)
        if key == "rareearth":
            tenure.interest_create(topic=topic, name="其木格·巴雅尔", contact="13900001111",
                                   message="本人2026年7月获材料学博士学位，希望加入该课题。")  # fmt: skip


def demo_accounts() -> list[tuple[str, str]]:
    return [(username, display) for username, display, _role, _scope in ACCOUNTS] + demo_tenure.ACCOUNTS


def demo_round() -> Round | None:
    return Round.objects.filter(state="open").first()
