import pytest
from django.core.exceptions import ValidationError

from postdoc_base.accounts.enums import Role
from postdoc_base.directory import services
from postdoc_base.directory.models import CompetentDepartment, Expert, MobileStation, Unit
from postdoc_base.directory.services import NotAllowed
from postdoc_base.kernel.models import AuditEvent
from tests.factories import (
    DepartmentFactory,
    ExpertFactory,
    StationFactory,
    UnitFactory,
    bureau,
    make_uscc,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def unit_fields(**overrides):
    fields = {
        "name": "内蒙古新材料有限公司",
        "uscc": make_uscc("150100"),
        "bureau": bureau("呼和浩特市"),
        "nature": "enterprise",
        "affiliation": "local",
    }
    fields.update(overrides)
    return fields


def actor(role):
    scope = {
        Role.REGION_ADMIN: lambda: None,
        Role.BUREAU_OFFICER: lambda: bureau("呼和浩特市"),
        Role.DEPT_OFFICER: DepartmentFactory,
        Role.UNIT_ADMIN: UnitFactory,
        Role.STATION_CONTACT: StationFactory,
        Role.EXPERT: ExpertFactory,
    }
    return user_with_role(role, scope[role]())


# --- unit_create -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.REGION_ADMIN, True),
        (Role.BUREAU_OFFICER, True),
        (Role.DEPT_OFFICER, False),
        (Role.UNIT_ADMIN, False),
        (Role.STATION_CONTACT, False),
        (Role.EXPERT, False),
    ],
)
def test_unit_create_by_role(role, allowed):
    user = actor(role)
    before = Unit.objects.count()
    if allowed:
        unit = services.unit_create(actor=user, **unit_fields())
        event = AuditEvent.objects.get(subject_type="directory.unit", subject_id=str(unit.pk))
        assert (event.action, event.role) == ("create", role)
        assert event.diff["name"] == [None, "内蒙古新材料有限公司"]
    else:
        with pytest.raises(NotAllowed) as exc:
            services.unit_create(actor=user, **unit_fields())
        assert exc.value.findings[0].code == "kernel.not_permitted"
        assert Unit.objects.count() == before


def test_bureau_officer_cannot_create_unit_in_another_bureau():
    user = user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市"))
    with pytest.raises(NotAllowed):
        services.unit_create(actor=user, **unit_fields(bureau=bureau("包头市"), uscc=make_uscc("150200")))
    assert not Unit.objects.filter(name="内蒙古新材料有限公司").exists()


def test_invalid_uscc_is_refused_in_chinese_and_nothing_is_written():
    user = actor(Role.REGION_ADMIN)
    good = make_uscc()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=user, **unit_fields(uscc=bad))
    message = exc.value.message_dict["uscc"][0]
    assert message.startswith("统一社会信用代码无效（GB 32100-2015）：校验码应为")
    assert Unit.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_lowercase_uscc_is_normalised():
    code = make_uscc()
    unit = services.unit_create(actor=actor(Role.REGION_ADMIN), **unit_fields(uscc=f" {code.lower()} "))
    assert unit.uscc == code


def test_duplicate_uscc_is_a_validation_error():
    existing = UnitFactory()
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=actor(Role.REGION_ADMIN), **unit_fields(uscc=existing.uscc))
    assert "uscc" in exc.value.message_dict
    assert Unit.objects.count() == 1


@pytest.mark.parametrize(
    ("affiliation", "with_bureau", "with_dept", "missing"),
    [
        ("local", False, False, {"bureau"}),
        ("local", True, False, set()),
        ("central", True, False, {"department"}),
        ("central", False, True, {"bureau"}),
        ("central", True, True, set()),
        ("region", False, False, {"department"}),
        ("region", False, True, set()),
    ],
)
def test_routing_fields_required_by_affiliation(affiliation, with_bureau, with_dept, missing):
    fields = unit_fields(
        affiliation=affiliation,
        bureau=bureau() if with_bureau else None,
        department=DepartmentFactory() if with_dept else None,
    )
    if missing:
        with pytest.raises(ValidationError) as exc:
            services.unit_create(actor=actor(Role.REGION_ADMIN), **fields)
        assert set(exc.value.message_dict) == missing
        assert "第十一条第（一）项" in exc.value.message_dict[missing.pop()][0]
        assert Unit.objects.count() == 0
    else:
        assert services.unit_create(actor=actor(Role.REGION_ADMIN), **fields).affiliation == affiliation


# --- unit_update -----------------------------------------------------------------------------------------
def test_region_admin_updates_any_field_with_audited_diff():
    unit = UnitFactory(name="旧名称")
    user = actor(Role.REGION_ADMIN)
    services.unit_update(actor=user, unit=unit, name="新名称", bureau=bureau("包头市"))
    unit.refresh_from_db()
    assert (unit.name, unit.bureau.name) == ("新名称", "包头市")
    event = AuditEvent.objects.get(subject_id=str(unit.pk), action="update")
    assert event.diff["name"] == ["旧名称", "新名称"]
    assert event.diff["bureau_id"] == [bureau().pk, bureau("包头市").pk]


def test_bureau_officer_updates_own_bureau_unit():
    unit = UnitFactory()
    services.unit_update(actor=actor(Role.BUREAU_OFFICER), unit=unit, name="改名")
    unit.refresh_from_db()
    assert unit.name == "改名"


def test_bureau_officer_cannot_update_other_bureau_unit():
    unit = UnitFactory(bureau=bureau("包头市"), name="包头单位")
    with pytest.raises(NotAllowed):
        services.unit_update(actor=actor(Role.BUREAU_OFFICER), unit=unit, name="改名")
    unit.refresh_from_db()
    assert unit.name == "包头单位"


def test_bureau_officer_cannot_move_unit_out_of_bureau():
    unit = UnitFactory()
    with pytest.raises(NotAllowed) as exc:
        services.unit_update(actor=actor(Role.BUREAU_OFFICER), unit=unit, bureau=bureau("包头市"))
    assert str(exc.value.findings[0].message) == "盟市人社局不能把单位移出本盟市。"
    unit.refresh_from_db()
    assert unit.bureau == bureau()


def test_unit_admin_updates_own_contact_and_address():
    unit = UnitFactory()
    user = user_with_role(Role.UNIT_ADMIN, unit)
    services.unit_update(
        actor=user, unit=unit, contact_name="王芳", contact_phone="13800000000", address="新城区"
    )
    unit.refresh_from_db()
    assert (unit.contact_name, unit.contact_phone, unit.address) == ("王芳", "13800000000", "新城区")
    assert AuditEvent.objects.get(action="update").role == Role.UNIT_ADMIN


def test_unit_admin_cannot_change_other_fields_of_own_unit():
    unit = UnitFactory(name="原名")
    user = user_with_role(Role.UNIT_ADMIN, unit)
    with pytest.raises(NotAllowed) as exc:
        services.unit_update(actor=user, unit=unit, name="新名", contact_name="王芳")
    assert str(exc.value.findings[0].message) == "单位管理员只能修改本单位的联系人、联系电话和地址。"
    unit.refresh_from_db()
    assert (unit.name, unit.contact_name) == ("原名", "联系人")


def test_unit_admin_cannot_edit_another_unit():
    mine, other = UnitFactory(), UnitFactory()
    with pytest.raises(NotAllowed):
        services.unit_update(actor=user_with_role(Role.UNIT_ADMIN, mine), unit=other, contact_name="王芳")


@pytest.mark.parametrize("role", [Role.DEPT_OFFICER, Role.STATION_CONTACT, Role.EXPERT])
def test_other_roles_cannot_update_units(role):
    unit = UnitFactory()
    with pytest.raises(NotAllowed):
        services.unit_update(actor=actor(role), unit=unit, contact_name="王芳")


def test_update_with_invalid_uscc_leaves_unit_unchanged():
    unit = UnitFactory()
    original = unit.uscc
    with pytest.raises(ValidationError):
        services.unit_update(actor=actor(Role.REGION_ADMIN), unit=unit, uscc="123", name="变更")
    unit.refresh_from_db()
    assert (unit.uscc, unit.name != "变更") == (original, True)
    assert AuditEvent.objects.count() == 0


# --- departments, stations, experts ----------------------------------------------------------------------
REGISTRY = [
    ("department", CompetentDepartment, {"name": "自治区工业和信息化厅"}, {"code": "GXT"}),
    (
        "station",
        MobileStation,
        {"university": "内蒙古大学", "discipline": "化学"},
        {"discipline_code": "0703"},
    ),
    (
        "expert",
        Expert,
        {"name": "张伟", "field": "材料", "title": "教授", "employer": "内蒙古大学"},
        {"active": False},
    ),
]


@pytest.mark.parametrize(("kind", "model", "create", "update"), REGISTRY)
@pytest.mark.parametrize(
    "role", [Role.REGION_ADMIN, Role.BUREAU_OFFICER, Role.DEPT_OFFICER, Role.UNIT_ADMIN, Role.STATION_CONTACT,
             Role.EXPERT],
)  # fmt: skip
def test_registry_create_and_update_only_by_region_admin(kind, model, create, update, role):
    user = actor(role)
    existing = model.objects.count()
    if role == Role.REGION_ADMIN:
        obj = getattr(services, f"{kind}_create")(actor=user, **create)
        obj = getattr(services, f"{kind}_update")(actor=user, **{kind: obj}, **update)
        obj.refresh_from_db()
        for name, value in update.items():
            assert getattr(obj, name) == value
        actions = list(
            AuditEvent.objects.filter(subject_type=model._meta.label_lower).values_list("action", flat=True)
        )
        assert actions == ["create", "update"]
    else:
        with pytest.raises(NotAllowed):
            getattr(services, f"{kind}_create")(actor=user, **create)
        assert model.objects.count() == existing
        target = model.objects.first()
        with pytest.raises(NotAllowed):
            getattr(services, f"{kind}_update")(actor=user, **{kind: target}, **update)


def test_duplicate_station_is_a_validation_error():
    StationFactory(university="内蒙古大学", discipline="化学")
    with pytest.raises(ValidationError):
        services.station_create(actor=actor(Role.REGION_ADMIN), university="内蒙古大学", discipline="化学")
    assert MobileStation.objects.count() == 1
