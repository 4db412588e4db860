from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.directory.models import Expert, MobileStation
from postdoc_base.policy.tenure import SupervisorSide
from postdoc_base.web.forms import BootstrapMixin

from .enums import AgreementState, Gender, IdType, StudyMode, TopicKind, TopicState
from .models import ResearchTopic


class AgreementForm(BootstrapMixin, forms.Form):
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
    name = forms.CharField(label=_("姓名"), max_length=60)
    contact = forms.CharField(
        label=_("联系方式"), max_length=120, help_text=_("手机号码、固定电话或电子邮箱")
    )
    message = forms.CharField(label=_("留言"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    cv = forms.FileField(label=_("简历（可选，PDF、DOCX等）"), required=False)


class PostdocForm(BootstrapMixin, forms.Form):
    base = forms.ModelChoiceField(queryset=None, label=_("录入基地"))
    name = forms.CharField(label=_("姓名"), max_length=60)
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices)
    birth_date = forms.DateField(label=_("出生日期"), widget=forms.DateInput(attrs={"type": "date"}))
    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices)
    id_number = forms.CharField(label=_("证件号码"), max_length=30, required=False)
    nationality = forms.CharField(label=_("国籍"), max_length=50, initial="中国")
    phd_institution = forms.CharField(label=_("博士毕业院校"), max_length=120)
    phd_discipline = forms.CharField(label=_("博士学科"), max_length=80)
    degree_date = forms.DateField(
        label=_("博士学位授予日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    degree_certificate_number = forms.CharField(label=_("博士学位证书编号"), max_length=50, required=False)
    foreign_degree_verification = forms.CharField(
        label=_("国（境）外学位认证情况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    study_mode = forms.ChoiceField(label=_("在站方式"), choices=StudyMode.choices)

    def __init__(self, *args, bases, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = bases
        self.editing = editing
        if editing:
            del self.fields["base"]
            self.fields["id_number"].help_text = _("留空则不修改证件号码。")
        else:
            self.fields["id_number"].required = True

    def service_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "base"}
        if self.editing and not data["id_number"]:
            data.pop("id_number")
        return data


class SupervisorForm(BootstrapMixin, forms.Form):
    base = forms.ModelChoiceField(queryset=None, label=_("录入基地"))
    name = forms.CharField(label=_("姓名"), max_length=60)
    title = forms.CharField(label=_("职称"), max_length=50)
    employer = forms.CharField(label=_("工作单位"), max_length=120)
    side = forms.ChoiceField(label=_("导师类别"), choices=SupervisorSide.choices)
    station = forms.ModelChoiceField(
        queryset=MobileStation.objects.all(), label=_("博士后科研流动站"), required=False
    )
    expert = forms.ModelChoiceField(
        queryset=Expert.objects.filter(active=True), label=_("评审专家记录"), required=False,
        help_text=_("导师同时在专家库中时请选择，考核专家组据此确认导师不担任组长（第十七条）。"),
    )  # fmt: skip
    active = forms.BooleanField(label=_("有效"), required=False, initial=True)

    def __init__(self, *args, bases, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = bases
        if editing:
            del self.fields["base"]

    def service_fields(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["name"], "title": d["title"], "employer": d["employer"], "side": d["side"],
            "station_id": d["station"].pk if d["station"] else None,
            "expert_id": d["expert"].pk if d["expert"] else None, "active": d["active"],
        }  # fmt: skip


class PersonAccountForm(BootstrapMixin, forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    password = forms.CharField(
        label=_("临时密码"), widget=forms.PasswordInput, help_text=_("请告知本人，登录后修改密码。")
    )


class AppointmentForm(BootstrapMixin, forms.Form):
    """The base drafts an appointment: which of its postdocs, with which partner station (Arts. 8, 13)."""

    base = forms.ModelChoiceField(queryset=None, label=_("基地"))
    postdoc = forms.ModelChoiceField(queryset=None, label=_("博士后研究人员"))
    station = forms.ModelChoiceField(queryset=None, label=_("合作流动站"))
    topic = forms.ModelChoiceField(
        queryset=None, label=_("课题"), required=False,
        help_text=_("由基地自行物色的博士可不选课题（第十二条第（二）款）。"),
    )  # fmt: skip

    def __init__(self, *args, bases, postdocs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = bases
        self.fields["postdoc"].queryset = postdocs
        # Only partner stations of the user's bases (Art. 8); the service checks the pairing with the base.
        self.fields["station"].queryset = MobileStation.objects.filter(
            agreements__base__in=bases, agreements__state=AgreementState.ACTIVE
        ).distinct()
        self.fields["topic"].queryset = ResearchTopic.objects.filter(base__in=bases).exclude(
            state=TopicState.DRAFT
        )


class AppointmentAgreementForm(BootstrapMixin, forms.Form):
    """The tripartite agreement (Art. 13(1)), term (Art. 14) and supervisors (Art. 15)."""

    clauses_confirmed = forms.MultipleChoiceField(
        label=_("协议已明确的内容"), required=False, widget=forms.CheckboxSelectMultiple
    )
    signed_by = forms.MultipleChoiceField(
        label=_("已签署方"), required=False, widget=forms.CheckboxSelectMultiple
    )
    document = forms.FileField(label=_("三方协议文本"), required=False)
    term_months = forms.IntegerField(label=_("在基地期限（月）"), min_value=1, max_value=120)
    has_major_project = forms.BooleanField(label=_("承担国家或自治区重大项目"), required=False)
    major_project_note = forms.CharField(
        label=_("重大项目说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    station_supervisor = forms.ModelChoiceField(queryset=None, label=_("流动站合作导师"), required=False)
    base_supervisor = forms.ModelChoiceField(queryset=None, label=_("基地合作导师"), required=False)

    def __init__(self, *args, appointment, **kwargs):
        from postdoc_base.policy.tenure import AgreementClause, Party

        from .models import Supervisor

        super().__init__(*args, **kwargs)
        self.fields["clauses_confirmed"].choices = AgreementClause.choices
        self.fields["signed_by"].choices = Party.choices
        mine = Supervisor.objects.filter(base_id=appointment.base_id, active=True)
        self.fields["station_supervisor"].queryset = mine.filter(side=SupervisorSide.STATION)
        self.fields["base_supervisor"].queryset = mine.filter(side=SupervisorSide.BASE)


class EntryForm(BootstrapMixin, forms.Form):
    entry_date = forms.DateField(label=_("进基地日期"), widget=forms.DateInput(attrs={"type": "date"}))


def withdrawal_reason_choices():
    from postdoc_base.policy.tenure import WithdrawalReason, withdrawal_article

    return [(value, f"{withdrawal_article(value)}：{label}") for value, label in WithdrawalReason.choices]


class WithdrawalForm(BootstrapMixin, forms.Form):
    reason = forms.TypedChoiceField(label=_("退出事由"), coerce=int, choices=withdrawal_reason_choices)
    facts = forms.CharField(label=_("事实与理由"), widget=forms.Textarea(attrs={"rows": 5}))
    evidence = forms.FileField(label=_("证明材料"), required=False)


class DispatchForm(BootstrapMixin, forms.Form):
    destination = forms.ChoiceField(label=_("派出地域"))
    purpose = forms.ChoiceField(label=_("派出事由"))
    place = forms.CharField(label=_("派往单位或地点"), max_length=200)
    planned_start = forms.DateField(label=_("计划派出日期"), widget=forms.DateInput(attrs={"type": "date"}))
    planned_return = forms.DateField(label=_("计划返回日期"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        from postdoc_base.policy.tenure import DispatchDestination, DispatchPurpose

        super().__init__(*args, **kwargs)
        self.fields["destination"].choices = DispatchDestination.choices
        self.fields["purpose"].choices = DispatchPurpose.choices


class DispatchReturnForm(BootstrapMixin, forms.Form):
    returned_on = forms.DateField(label=_("实际返回日期"), widget=forms.DateInput(attrs={"type": "date"}))
