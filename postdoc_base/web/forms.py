"""Forms of the core pages: the public eligibility self-check (Arts. 2, 9, 10, 24); sign-in is accounts.forms.
Beside it the two mixins every form uses: ``BoundedInputMixin`` (nothing past what the database stores) and
``BootstrapMixin`` (which includes it)."""

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel.bounds import INT_RANGE, MAX_DATE, MIN_DATE, TEXT_MAX, int_range_of
from postdoc_base.policy.common import person_date
from postdoc_base.policy.establishment import (
    ApplicationFacts,
    ClaimFacts,
    PriorityCategory,
    ResearcherFacts,
    UnitFacts,
)
from postdoc_base.policy.findings import lazy_format

# A date input the browser shows as a date picker; ISO in the value, as the picker needs.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _no_lone_surrogates(value) -> None:
    """Django decodes request bodies with replacement, so a form rarely sees one; a value built elsewhere may."""
    if isinstance(value, str) and any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValidationError(_("含有无法识别的字符（不成对的代理字符），请检查输入。"), code="surrogates")


def _model_field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def bound_form_field(field: forms.Field, model_field=None) -> None:
    """Keep ``field`` within what the database stores: text at most the model field's ``max_length``
    (``TEXT_MAX`` without one) and never NUL (Django's CharField refuses it) or a lone surrogate; whole
    numbers within the model field's range (a 32-bit integer without a model field); dates within
    ``MIN_DATE``..``MAX_DATE``. Limits the form already sets lower are kept."""
    if isinstance(field, forms.CharField):
        limit = getattr(model_field, "max_length", None) or TEXT_MAX
        if field.max_length is None or field.max_length > limit:
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            if not field.widget.is_hidden:
                field.widget.attrs["maxlength"] = str(limit)
        field.validators.append(_no_lone_surrogates)
    elif isinstance(field, forms.IntegerField):
        if model_field is not None and model_field.get_internal_type().endswith("IntegerField"):
            low, high = int_range_of(model_field.model, model_field.name)
        else:
            low, high = INT_RANGE
        if field.min_value is None or field.min_value < low:
            field.min_value = low
            field.validators.append(MinValueValidator(low))
        if field.max_value is None or field.max_value > high:
            field.max_value = high
            field.validators.append(MaxValueValidator(high))
    elif isinstance(field, forms.DateField):
        field.validators += [
            MinValueValidator(
                MIN_DATE, message=lazy_format(_("日期不能早于%(date)s。"), date=person_date(MIN_DATE))
            ),
            MaxValueValidator(
                MAX_DATE, message=lazy_format(_("日期不能晚于%(date)s。"), date=person_date(MAX_DATE))
            ),
        ]


class BoundedInputMixin:
    """Every field of the form bounded by ``bound_form_field``. A ModelForm takes the limits from its model;
    a plain form names the model its fields are stored in as ``bounds_model`` (fields matched by name)."""

    bounds_model = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meta = getattr(self, "_meta", None)
        model = self.bounds_model or getattr(meta, "model", None)
        for name, field in self.fields.items():
            bound_form_field(field, _model_field(model, name))


class BootstrapMixin(BoundedInputMixin):
    """Adds Bootstrap classes to every widget (and bounds every field, ``BoundedInputMixin``). Lists of radios
    or checkboxes keep Django's own markup: the check style needs a ``.form-check`` wrapper per option, which
    that markup does not have."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple included
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 3)


# Art. 10 categories whose claim counts only within a window of years (近五年 / 近三年).
YEAR_CATEGORIES = (PriorityCategory.AWARD_OR_PROJECT, PriorityCategory.RANKING)


def _text(label, help_text=""):
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": 2})
    )


class SelfCheckForm(forms.Form):
    """The public eligibility self-check: the facts Arts. 2, 9, 10 and 24 ask about. Nothing is saved."""

    # Art. 2
    has_mobile_station = forms.BooleanField(label=_("本单位已设立博士后科研流动站"), required=False)
    has_workstation = forms.BooleanField(label=_("本单位已设立博士后科研工作站"), required=False)
    # Art. 9(1)
    independent_legal_person = forms.BooleanField(label=_("具有独立法人资格"), required=False)
    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=30,
        help_text=_("18位，第3、4位为“15”表示在内蒙古自治区登记注册。"),
    )
    operating_well = forms.BooleanField(label=_("运行或经营状况良好"), required=False)
    # Art. 9(2)
    has_rnd_institution = forms.BooleanField(label=_("设有专门的科学研究开发机构"), required=False)
    rnd_institution = _text(_("科学研究开发机构及研究开发条件"))
    # Art. 9(3)
    supervising_researchers = forms.IntegerField(
        label=_("可担任博士后合作导师的本单位全职高级职称科研人员人数"),
        min_value=0,
        max_value=10000,
        initial=0,
    )
    # Art. 9(4)
    has_station_intention = forms.BooleanField(
        label=_("已与博士后科研流动站达成代为招收合作意向"), required=False
    )
    recruitment_plan = _text(_("博士后招收计划"))
    research_project_count = forms.IntegerField(
        label=_("拟开展的博士后研究项目数"), min_value=0, max_value=10000, initial=0
    )
    # Art. 9(5)
    has_management_rules = forms.BooleanField(label=_("已制定本单位博士后工作管理办法"), required=False)
    research_conditions = _text(_("能为博士后提供的科研条件"))
    living_conditions = _text(_("能为博士后提供的生活条件"))
    offered_annual_pay_yuan = forms.IntegerField(
        label=_("拟提供的博士后年薪（元）"), required=False, min_value=0, max_value=100_000_000
    )
    # Art. 24
    base_revoked_on = forms.DateField(
        label=_("基地备案被撤销的日期（如有）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Art. 10: one checkbox per category, and a year for the categories with a window.
        for category in PriorityCategory:
            self.fields[f"claim_{category.value}"] = forms.BooleanField(label=category.label, required=False)
            if category in YEAR_CATEGORIES:
                self.fields[f"year_{category.value}"] = forms.IntegerField(
                    label=_("获得或入选年份"), required=False, min_value=1949, max_value=2100
                )
        for field in self.fields.values():
            if isinstance(field, forms.BooleanField):
                field.widget.attrs["class"] = "form-check-input"
            else:
                field.widget.attrs["class"] = "form-control"

    def basic_fields(self):
        return [self[name] for name in self.fields if not name.startswith(("claim_", "year_"))]

    def claim_rows(self):
        """(checkbox, year field or None) per Art. 10 category, for the template."""
        return [
            (self[f"claim_{c.value}"], self[f"year_{c.value}"] if c in YEAR_CATEGORIES else None)
            for c in PriorityCategory
        ]

    def registered_in_region(self, uscc_ok: bool) -> bool:
        """Art. 9(1): characters 3-4 of a valid code are the province; 15 is Inner Mongolia."""
        return uscc_ok and self.cleaned_data["uscc"].strip().upper()[2:4] == "15"

    def facts(self, *, uscc_ok: bool) -> ApplicationFacts:
        d = self.cleaned_data
        unit = UnitFacts(
            independent_legal_person=d["independent_legal_person"],
            registered_in_region=self.registered_in_region(uscc_ok),
            operating_well=d["operating_well"],
            has_mobile_station=d["has_mobile_station"],
            has_workstation=d["has_workstation"],
            base_revoked_on=d["base_revoked_on"],
        )
        researcher = ResearcherFacts(full_time=True, senior_title=True, can_supervise=True)
        # Evidence is assumed for every ticked category: the self-check cannot look at documents.
        claims = tuple(
            ClaimFacts(
                category=c.value,
                description=str(c.label),
                has_evidence=True,
                year=d.get(f"year_{c.value}"),
            )
            for c in PriorityCategory
            if d.get(f"claim_{c.value}")
        )
        return ApplicationFacts(
            unit=unit,
            has_rnd_institution=d["has_rnd_institution"],
            rnd_institution=d["rnd_institution"],
            researchers=(researcher,) * d["supervising_researchers"],
            has_station_intention=d["has_station_intention"],
            recruitment_plan=d["recruitment_plan"],
            research_project_count=d["research_project_count"],
            has_management_rules=d["has_management_rules"],
            research_conditions=d["research_conditions"],
            living_conditions=d["living_conditions"],
            offered_annual_pay_yuan=d["offered_annual_pay_yuan"],
            claims=claims,
        )
