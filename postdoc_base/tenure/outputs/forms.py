"""Forms of outputs (Art. 17) and pay records (Arts. 9(5), 20); the services do the checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.web.forms import BootstrapMixin

from .enums import OutputKind, OutputLevel, OutputRole
from .models import Output, PayRecord

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank_first(choices):
    return [("", "—"), *choices]


class OutputForm(BootstrapMixin, forms.Form):
    bounds_model = Output
    kind = forms.ChoiceField(label=_("成果类型"), choices=OutputKind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    occurred_on = forms.DateField(label=_("取得日期"), widget=_DATE)
    level = forms.ChoiceField(
        label=_("级别"), required=False, choices=_blank_first(OutputLevel.choices),
        help_text=_("科研项目、奖励、标准须选择级别。"),
    )  # fmt: skip
    role = forms.ChoiceField(
        label=_("本人角色"), required=False, choices=_blank_first(OutputRole.choices),
        help_text=_("科研项目须选择主持或参与。"),
    )  # fmt: skip
    reference = forms.CharField(
        label=_("编号或出处"), max_length=200, required=False,
        help_text=_("如专利号、期刊名称及卷期、项目编号、标准号、资助编号。"),
    )  # fmt: skip
    amount_yuan = forms.IntegerField(
        label=_("金额（元）"), required=False, min_value=0,
        help_text=_("科技成果转化填写转化收益，经济效益填写新增经济效益，资助项目可填写资助金额。"),
    )  # fmt: skip
    postdoc_share_yuan = forms.IntegerField(
        label=_("本人所得（元）"), required=False, min_value=0,
        help_text=_("科技成果转化须填写本人所得收益（第二十条），不超过转化收益。"),
    )  # fmt: skip
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("证明材料"), required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["evidence"].help_text = _("不上传则保留原证明材料。")


class PayForm(BootstrapMixin, forms.Form):
    bounds_model = PayRecord
    year = forms.IntegerField(label=_("年度"), min_value=1900, max_value=9999)
    annual_pay_yuan = forms.IntegerField(label=_("年薪（元）"), min_value=1)
    same_level_pay_yuan = forms.IntegerField(
        label=_("本单位相同层次科研人员年薪（元）"), required=False, min_value=1
    )
    social_insurance = forms.BooleanField(label=_("已缴纳社会保险"), required=False)
    notes = forms.CharField(label=_("备注"), required=False, max_length=500)
