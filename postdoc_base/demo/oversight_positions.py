"""Demo positions (岗位, Art. 21): two posted by the base with postdocs for its own unit (one closed), one
collected by that base's bureau, one region-wide by the region, and the interest of the demo postdoc whose exit
is requested (杨帆, demo_postdoc2) in the base's open position. Written through the services; run after the
other demo loaders."""

from datetime import timedelta

from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment, User
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.oversight.positions import services
from postdoc_base.oversight.positions.models import Position
from postdoc_base.oversight.positions.selectors import postdoc_near_end
from postdoc_base.oversight.positions.workflow import position_workflow
from postdoc_base.tenure.stay.enums import AppointmentState
from postdoc_base.tenure.stay.models import Appointment


def _holder(role, **scope):
    row = (
        RoleAssignment.objects.filter(role=role, active=True, **scope)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return User.objects.get(pk=row.user_id) if row else None


def _base():
    """The base whose postdoc has requested exit (the demo's rare-earth base), else the first active base."""
    near = (
        Appointment.objects.filter(state=AppointmentState.EXIT_REQUESTED, base__state=BaseState.ACTIVE)
        .order_by("pk")
        .first()
    )
    if near is not None:
        return near.base
    return PracticeBase.objects.filter(state=BaseState.ACTIVE).order_by("pk").first()


def load() -> None:
    """Idempotent: nothing is written when positions already exist."""
    if Position.objects.exists():
        return
    base = _base()
    if base is None:
        return
    today = timezone.localdate()
    unit, bureau = base.unit, base.unit.bureau
    admin = _holder(Role.UNIT_ADMIN, unit=unit)
    officer = _holder(Role.BUREAU_OFFICER, bureau=bureau) if bureau else None
    region = _holder(Role.REGION_ADMIN)
    own = None
    if admin is not None:
        own = services.position_post(
            actor=admin, as_role=Role.UNIT_ADMIN, unit=unit, title="稀土永磁材料研发工程师",
            description="负责高性能钕铁硼磁体的工艺研发与中试放大，参与企业重点研发项目。",
            requirements="材料科学与工程、物理或化学相关专业博士；有稀土功能材料研究经历者优先。",
            salary="年薪30万—40万元，提供人才公寓", contact="人力资源部 0472-5123456",
            closes_on=today + timedelta(days=60),
        )  # fmt: skip
        filled = services.position_post(
            actor=admin, as_role=Role.UNIT_ADMIN, unit=unit, title="分析测试中心副主任",
            description="负责分析测试中心的技术管理和检测方法开发。", requirements="分析化学相关专业博士。",
            salary="面议", contact="人力资源部 0472-5123456", closes_on=today + timedelta(days=20),
        )  # fmt: skip
        position_workflow.apply(filled, "close", actor=admin, comment="岗位已招满。")
    if officer is not None:
        services.position_post(
            actor=officer, as_role=Role.BUREAU_OFFICER, bureau=bureau, title="新材料产业研究院研究员",
            employer=f"{bureau.name}新材料产业研究院", description="从事新材料领域应用研究和成果转化。",
            requirements="博士学位，出站博士后优先。", salary="年薪25万元起", contact="0471-6601234",
            closes_on=today + timedelta(days=45),
        )  # fmt: skip
    if region is not None:
        services.position_post(
            actor=region, as_role=Role.REGION_ADMIN, title="自治区重点实验室科研岗位（全区征集）",
            employer="内蒙古自治区多家重点实验室", description="面向期满出站博士后征集的科研岗位，含多个学科方向。",
            salary="按各单位规定", contact="自治区人社厅专业技术人员管理处 0471-6945678",
            closes_on=today + timedelta(days=90),
        )  # fmt: skip
    postdoc_user = User.objects.filter(username="demo_postdoc2").first()
    if own is not None and postdoc_user is not None:
        near = postdoc_near_end(postdoc_user)
        if near is not None and near.ok:
            services.interest_express(actor=postdoc_user, position=own, contact="13904710000 / yangfan@example.org",
                                      note="希望出站后留在基地单位继续从事稀土永磁材料研究。")  # fmt: skip
