"""Factories for tests. Units get valid unified social credit codes registered in Inner Mongolia."""

import itertools
from datetime import timedelta

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment, User
from postdoc_base.directory.models import Bureau, CompetentDepartment, Expert, MobileStation, Unit
from postdoc_base.establishment.enums import AttachmentKind
from postdoc_base.establishment.models import (
    Attachment,
    BaseApplication,
    ResearchProject,
    Round,
    SeniorResearcher,
)
from postdoc_base.policy.identifiers import uscc_check_char

PASSWORD = "Test-pass-2026!"
_serial = itertools.count(1)


def make_uscc(division: str = "150100") -> str:
    """A valid code: 91 (enterprise, industry & commerce) + division + 9-char organisation code + check."""
    body = f"91{division}{next(_serial):08d}A"
    return body + uscc_check_char(body)


def bureau(name: str = "呼和浩特市") -> Bureau:
    return Bureau.objects.get(name=name)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    class Params:
        raw_password = PASSWORD

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    # Hashed before the insert (with the hasher the settings name then): one INSERT, no second save.
    password = factory.LazyAttribute(lambda u: make_password(u.raw_password))


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetentDepartment

    name = factory.Sequence(lambda n: f"主管部门{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}有限公司")
    uscc = factory.LazyAttribute(lambda u: make_uscc(u.bureau.code if u.bureau else "150000"))
    bureau = factory.LazyFunction(lambda: bureau("呼和浩特市"))
    nature = "enterprise"
    affiliation = "local"
    contact_name = "联系人"
    contact_phone = "0471-0000000"


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MobileStation

    university = factory.Sequence(lambda n: f"内蒙古测试大学{n}")
    discipline = "化学工程与技术"
    in_region = True


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    name = factory.Sequence(lambda n: f"专家{n}")
    field = "材料科学"
    title = "教授"
    employer = "内蒙古大学"


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    name = factory.Sequence(lambda n: f"2026年第{n}批")
    year = 2026
    # Only one round may be open at a time (constraint one_open_round): open unless another already is.
    state = factory.LazyFunction(lambda: "closed" if Round.objects.filter(state="open").exists() else "open")
    application_deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    review_deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))


def user_with_role(role: str, scope=None, **kwargs) -> User:
    user = UserFactory(**kwargs)
    field = {
        Role.BUREAU_OFFICER: "bureau",
        Role.DEPT_OFFICER: "department",
        Role.UNIT_ADMIN: "unit",
        Role.STATION_CONTACT: "station",
        Role.EXPERT: "expert",
        Role.POSTDOC: "postdoc",
        Role.SUPERVISOR: "supervisor",
    }.get(role)
    RoleAssignment.objects.create(user=user, role=role, **({field: scope} if field else {}))
    return user


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft that meets every Art. 9 condition once ``complete_application`` has added its children."""

    class Meta:
        model = BaseApplication

    round = factory.SubFactory(RoundFactory)
    unit = factory.SubFactory(UnitFactory)
    operating_well = True
    operating_status = "经营状况良好，近三年营业收入稳定增长。"
    rnd_institution = "企业技术中心，研发场地2000平方米。"
    station = factory.SubFactory(StationFactory)
    recruitment_plan = "每年招收博士后1至2名。"
    planned_recruits = 2
    management_rules = "已制定《博士后工作管理办法》。"
    research_conditions = "中试平台和分析测试中心。"
    living_conditions = "提供人才公寓。"
    offered_annual_pay_yuan = 150000


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def complete_application(app: BaseApplication) -> BaseApplication:
    """Add the researchers, projects and intention document that Art. 9(3)-(4) ask for."""
    from django.core.files.base import ContentFile

    SeniorResearcher.objects.create(application=app, name="巴特尔·朝鲁", title="正高级工程师")
    ResearchProject.objects.create(application=app, title="煤基新材料关键技术研究")
    Attachment.objects.create(
        application=app, kind=AttachmentKind.STATION_INTENTION, file=ContentFile(PDF_BYTES, name="intention.pdf"),
        original_name="合作意向书.pdf", content_type="application/pdf", size=len(PDF_BYTES), sha256="0" * 64,
    )  # fmt: skip
    return app


def ready_application(**kwargs) -> BaseApplication:
    from postdoc_base.establishment.workflow import application_workflow

    app = complete_application(ApplicationFactory(**kwargs))
    application_workflow.sync_obligations(app, app.state)
    return app
