"""Demo data for ``make run``: an open round with applications in every state built so far, across several
bureaus and every Art. 11(1) route. Everything is made through the services and the workflow kernel, so the
timelines, audit chain and to-do lists are real. Idempotent: does nothing once ``demo_region`` exists."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.directory.models import Bureau, CompetentDepartment, Expert, MobileStation, Unit
from postdoc_base.establishment import services
from postdoc_base.establishment.enums import AttachmentKind
from postdoc_base.establishment.models import Round
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
]


def _uscc(division: str, serial: int) -> str:
    body = f"91{division}MA{serial:07d}"
    return body + uscc_check_char(body)


def _user(username: str, display: str, email_domain: str = "example.org"):
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(
        username=username, defaults={"display_name": display, "email": f"{username}@{email_domain}"}
    )
    user.set_password(settings.DEMO_PASSWORD)
    user.save()
    return user


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
            name=name, uscc=_uscc(bureau.code, serial), bureau=bureau, nature=nature, affiliation=affiliation,
            department=dept if with_dept else None, contact_name="博士后工作联系人", contact_phone="0471-6600000",
            address=f"内蒙古自治区{bureau_name}",
        )  # fmt: skip
    users = {}
    for username, display, role, scope in ACCOUNTS:
        user = _user(username, display)
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
            admin = _user(f"demo_u_{key}", f"{unit.name}·管理员")
            RoleAssignment.objects.create(user=admin, role=Role.UNIT_ADMIN, unit=unit)
            unit_admins[key] = admin
    for extra, bureau_name in (
        ("demo_ordos", "鄂尔多斯市"),
        ("demo_chifeng", "赤峰市"),
        ("demo_tongliao", "通辽市"),
    ):
        officer = _user(extra, f"{bureau_name}人社局·经办人")
        RoleAssignment.objects.create(user=officer, role=Role.BUREAU_OFFICER, bureau=bureaus[bureau_name])
        users[extra] = officer

    region = users["demo_region"]
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
    return True


def demo_accounts() -> list[tuple[str, str]]:
    return [(username, display) for username, display, _role, _scope in ACCOUNTS]


def demo_round() -> Round | None:
    return Round.objects.filter(state="open").first()
