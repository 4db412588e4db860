"""Forms of the Art. 7 records; the services do the checking (names, phones, one chair, the upload)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.web.forms import DATE, BootstrapMixin

from .enums import CommitteeRole
from .models import CommitteeMember, DutyAdministrator, ManagementOffice, ManagementRules


class OfficeForm(BootstrapMixin, forms.Form):
    bounds_model = ManagementOffice
    name = forms.CharField(label=_("机构名称"))
    head = forms.CharField(label=_("负责人"))
    phone = forms.CharField(label=_("联系电话"))


class RulesForm(BootstrapMixin, forms.Form):
    bounds_model = ManagementRules
    title = forms.CharField(label=_("制度名称"))
    adopted_on = forms.DateField(label=_("印发日期"), widget=DATE)
    document = forms.FileField(label=_("制度文本"), help_text=_("PDF、DOCX 或扫描件（JPEG、PNG）。"))


class AdministratorForm(BootstrapMixin, forms.Form):
    bounds_model = DutyAdministrator
    name = forms.CharField(label=_("姓名"))
    position = forms.CharField(label=_("职务"))
    phone = forms.CharField(label=_("联系电话"))


class MemberForm(BootstrapMixin, forms.Form):
    bounds_model = CommitteeMember
    name = forms.CharField(label=_("姓名"))
    title = forms.CharField(label=_("职称或职务"))
    affiliation = forms.CharField(label=_("工作单位"))
    role = forms.ChoiceField(
        label=_("委员会职务"), choices=CommitteeRole.choices, initial=CommitteeRole.MEMBER
    )
