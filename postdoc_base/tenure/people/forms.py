"""Forms of postdocs (Art. 13), supervisors (Art. 15) and their accounts; the services do the checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.directory.models import Expert, MobileStation
from postdoc_base.policy.tenure import SupervisorSide
from postdoc_base.web.forms import BootstrapMixin

from .enums import Gender, IdType, StudyMode
from .models import ID_NUMBER_MAX_LENGTH, Postdoc, Supervisor


class PostdocForm(BootstrapMixin, forms.Form):
    bounds_model = Postdoc
    base = forms.ModelChoiceField(queryset=None, label=_("录入基地"))
    name = forms.CharField(label=_("姓名"), max_length=Postdoc._meta.get_field("name").max_length)
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices)
    birth_date = forms.DateField(label=_("出生日期"), widget=forms.DateInput(attrs={"type": "date"}))
    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices)
    id_number = forms.CharField(label=_("证件号码"), max_length=ID_NUMBER_MAX_LENGTH, required=False)
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
    bounds_model = Supervisor
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
