"""Forms of cooperation agreements (Art. 8), topics (Arts. 3, 12) and the public interest form; the services
do the checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.directory.models import MobileStation
from postdoc_base.web.forms import BootstrapMixin

from .enums import TopicKind
from .models import CooperationAgreement, ResearchTopic, TopicInterest


class AgreementForm(BootstrapMixin, forms.Form):
    bounds_model = CooperationAgreement
    base = forms.ModelChoiceField(queryset=None, label=_("基地"))
    station = forms.ModelChoiceField(queryset=MobileStation.objects.all(), label=_("博士后科研流动站"))
    starts_on = forms.DateField(label=_("合作开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("合作结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    supervisors_offered = forms.IntegerField(label=_("提供合作导师人数"), min_value=1)
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(label=_("协议文本"), required=False)

    def __init__(self, *args, bases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = bases


class TopicForm(BootstrapMixin, forms.Form):
    bounds_model = ResearchTopic
    base = forms.ModelChoiceField(queryset=None, label=_("基地"))
    kind = forms.ChoiceField(label=_("课题类型"), choices=TopicKind.choices)
    title = forms.CharField(label=_("课题名称"), max_length=200)
    fields_ = forms.CharField(label=_("研究领域"), max_length=200, required=False)
    description = forms.CharField(
        label=_("课题简介"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    annual_pay_yuan = forms.IntegerField(label=_("年薪（元）"), min_value=0, required=False)
    term_months = forms.IntegerField(label=_("在站期限（月）"), min_value=1, max_value=72, initial=24)
    station = forms.ModelChoiceField(
        queryset=MobileStation.objects.all(), label=_("合作流动站"), required=False
    )

    def __init__(self, *args, bases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = bases

    def service_fields(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"], "title": d["title"], "fields": d["fields_"], "description": d["description"],
            "annual_pay_yuan": d["annual_pay_yuan"], "term_months": d["term_months"],
            "station_id": d["station"].pk if d["station"] else None,
        }  # fmt: skip


class InterestForm(BootstrapMixin, forms.Form):
    bounds_model = TopicInterest
    name = forms.CharField(label=_("姓名"), max_length=60)
    contact = forms.CharField(
        label=_("联系方式"), max_length=120, help_text=_("手机号码、固定电话或电子邮箱")
    )
    message = forms.CharField(label=_("留言"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    cv = forms.FileField(label=_("简历（可选，PDF、DOCX等）"), required=False)
