"""Forms of evaluation campaigns and evaluations (Arts. 5, 6, 25); the services and the policy do the checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.directory.models import Expert
from postdoc_base.policy.oversight.evaluation import (
    DEFAULT_INDICATORS,
    DEFAULT_THRESHOLDS,
    MIN_FILED_YEARS,
    Indicator,
)
from postdoc_base.web.forms import DATE, BootstrapMixin

from .models import Evaluation, EvaluationCampaign

INDICATOR_ROWS = 8  # the campaign form offers this many indicator rows; blank rows are ignored


class CampaignForm(BootstrapMixin, forms.Form):
    bounds_model = EvaluationCampaign
    name = forms.CharField(label=_("评估批次名称"), max_length=100)
    year = forms.IntegerField(label=_("评估年度"))
    reference_date = forms.DateField(
        label=_("评估基准日"), widget=DATE, help_text=_("在此日前备案满规定年数的在册基地纳入本批次评估。")
    )
    min_filed_years = forms.IntegerField(
        label=_("备案满年数"), initial=MIN_FILED_YEARS, help_text=_("办法未规定，系统默认2年，可调整。")
    )
    excellent_min = forms.IntegerField(label=_("优秀分数线"), initial=DEFAULT_THRESHOLDS.excellent)
    good_min = forms.IntegerField(label=_("良好分数线"), initial=DEFAULT_THRESHOLDS.good)
    qualified_min = forms.IntegerField(
        label=_("合格分数线"), initial=DEFAULT_THRESHOLDS.qualified, help_text=_("低于合格分数线为不合格。")
    )
    self_due_on = forms.DateField(label=_("自评截止日期"), widget=DATE)
    check_due_on = forms.DateField(label=_("盟市审核截止日期"), widget=DATE)
    grade_due_on = forms.DateField(label=_("自治区评定截止日期"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, INDICATOR_ROWS + 1):
            default = DEFAULT_INDICATORS[n - 1] if n <= len(DEFAULT_INDICATORS) else None
            self.fields[f"indicator_{n}"] = forms.CharField(
                label=_("评估指标%(n)d") % {"n": n}, required=False, max_length=100,
                initial=default.label if default else "", widget=forms.TextInput(attrs={"class": "form-control"}),
            )  # fmt: skip
            self.fields[f"weight_{n}"] = forms.IntegerField(
                label=_("权重%(n)d") % {"n": n}, required=False, min_value=0, max_value=100,
                initial=default.weight if default else None,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )  # fmt: skip

    def indicators(self) -> list[Indicator]:
        data = self.cleaned_data
        rows = []
        for n in range(1, INDICATOR_ROWS + 1):
            label, weight = (data.get(f"indicator_{n}") or "").strip(), data.get(f"weight_{n}")
            if label or weight:
                rows.append(Indicator(label, weight if weight is not None else 0))
        return rows


class SelfEvaluationForm(BootstrapMixin, forms.Form):
    """The base's self-scores, one field per indicator of the campaign, its statement and one evidence file."""

    bounds_model = Evaluation
    statement = forms.CharField(
        label=_("自评报告"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("逐项说明管理制度、招收与合作、科研项目、成果转化和博士后待遇等情况。"),
    )  # fmt: skip
    evidence_indicator = forms.TypedChoiceField(
        label=_("佐证材料对应指标"), required=False, coerce=int, empty_value=None
    )
    file = forms.FileField(label=_("佐证材料"), required=False)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"score_{indicator.pk}"] = forms.CharField(
                label=_("%(label)s（权重%(weight)s）自评分") % {"label": indicator.label, "weight": indicator.weight},
                required=False, max_length=10, widget=forms.TextInput(attrs={"class": "form-control"}),
            )  # fmt: skip
        self.fields["evidence_indicator"].choices = [
            ("", _("整体材料")),
            *((i.pk, i.label) for i in self.indicators),
        ]
        self.order_fields([f"score_{i.pk}" for i in self.indicators])

    def scores(self) -> dict:
        return {i.pk: self.cleaned_data.get(f"score_{i.pk}") for i in self.indicators}


class CheckForm(BootstrapMixin, forms.Form):
    bounds_model = Evaluation
    decision = forms.ChoiceField(
        label=_("审核结论"), widget=forms.RadioSelect,
        choices=[("forward", _("审核通过并报自治区")), ("return", _("退回基地修改"))],
    )  # fmt: skip
    comment = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 4}))


class GradeForm(BootstrapMixin, forms.Form):
    bounds_model = Evaluation
    rectification_due = forms.DateField(
        label=_("整改期限"), required=False, widget=DATE,
        help_text=_("仅不合格时适用；不填则为评定之日起90日。"),
    )  # fmt: skip
    comment = forms.CharField(label=_("评定意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RectificationForm(BootstrapMixin, forms.Form):
    bounds_model = Evaluation
    report = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 6}))
    file = forms.FileField(label=_("整改佐证材料"), required=False)


class PanelForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("专家组名称"), max_length=100)
    due_on = forms.DateField(label=_("评分截止日期"), widget=DATE)
    experts = forms.ModelMultipleChoiceField(
        label=_("专家"), queryset=Expert.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("第一位为组长。与被评估单位有利益关系的专家在分配时自动回避。"),
    )  # fmt: skip
    blind = forms.BooleanField(label=_("匿名评审"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = Expert.objects.filter(active=True).order_by("name", "id")
