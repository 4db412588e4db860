"""Forms of positions and interest (Art. 21); the services do the checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.directory.models import Bureau
from postdoc_base.web.forms import DATE, BootstrapMixin

from ..enums import BaseState
from ..models import PracticeBase
from .models import Position, PositionInterest

REGION = "region"


def poster_choices(user) -> list[tuple[str, str]]:
    """Whom ``user`` may post as: the region, each of its bureaus, each of its units with an active base (one
    query for the units' bases). Values ``region``, ``bureau:<id>``, ``unit:<id>``."""
    choices = []
    assignments = [a for a in getattr(user, "assignments", ()) if getattr(user, "is_active", False)]
    if any(a.role == Role.REGION_ADMIN for a in assignments):
        choices.append((REGION, str(_("自治区人力资源和社会保障厅（全区）"))))
    choices += [
        (f"bureau:{a.bureau_id}", a.bureau.name) for a in assignments if a.role == Role.BUREAU_OFFICER
    ]
    units = {a.unit_id: a.unit for a in assignments if a.role == Role.UNIT_ADMIN}
    if units:
        with_base = set(
            PracticeBase.objects.filter(unit_id__in=units, state=BaseState.ACTIVE).values_list(
                "unit_id", flat=True
            )
        )
        choices += [(f"unit:{pk}", str(_("%(unit)s（本单位岗位）") % {"unit": u.name})) for pk, u in units.items()
                    if pk in with_base]  # fmt: skip
    return choices


def poster_of(value: str, user) -> dict:
    """The service's ``as_role``, ``unit`` and ``bureau`` for a poster choice of ``user``."""
    kind, _sep, pk = value.partition(":")
    if kind == REGION:
        return {"as_role": Role.REGION_ADMIN}
    for a in user.assignments:
        if kind == "bureau" and a.role == Role.BUREAU_OFFICER and str(a.bureau_id) == pk:
            return {"as_role": Role.BUREAU_OFFICER, "bureau": a.bureau}
        if kind == "unit" and a.role == Role.UNIT_ADMIN and str(a.unit_id) == pk:
            return {"as_role": Role.UNIT_ADMIN, "unit": a.unit}
    return {"as_role": ""}


class PositionForm(BootstrapMixin, forms.Form):
    bounds_model = Position
    poster = forms.ChoiceField(label=_("发布方"))
    bureau = forms.ModelChoiceField(
        label=_("所在盟市"), queryset=Bureau.objects.all(), required=False, empty_label=_("全区（不限盟市）"),
        help_text=_("仅自治区发布时选择；盟市人社局发布的岗位在本盟市，基地单位发布的岗位在单位所在盟市。"),
    )  # fmt: skip
    title = forms.CharField(label=_("岗位名称"), max_length=120)
    employer = forms.CharField(
        label=_("用人单位"), max_length=120, required=False, help_text=_("基地单位发布本单位岗位时无需填写。")
    )
    description = forms.CharField(label=_("岗位职责"), widget=forms.Textarea(attrs={"rows": 4}))
    requirements = forms.CharField(
        label=_("任职要求"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    salary = forms.CharField(label=_("薪酬待遇"), max_length=100, required=False)
    contact = forms.CharField(label=_("联系方式"), max_length=120)
    closes_on = forms.DateField(label=_("截止日期"), widget=DATE)

    def __init__(self, *args, poster_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poster"].choices = poster_choices


class InterestForm(BootstrapMixin, forms.Form):
    bounds_model = PositionInterest
    contact = forms.CharField(
        label=_("联系方式"), max_length=120,
        help_text=_("将向发布岗位的单位提供，请填写您愿意提供的电话或电子邮箱。不会提供证件号码。"),
    )  # fmt: skip
    note = forms.CharField(
        label=_("意向说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
