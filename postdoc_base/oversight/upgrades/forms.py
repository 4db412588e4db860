"""Forms of Art. 24's second sentence; the services and the policy do the checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.web.forms import BootstrapMixin

from .models import TreatmentItem, WorkstationApproval


class WorkstationApprovalForm(BootstrapMixin, forms.Form):
    bounds_model = WorkstationApproval
    approved_on = forms.DateField(label=_("获批日期"), widget=forms.DateInput(attrs={"type": "date"}))
    document_number = forms.CharField(
        label=_("批准文号"), max_length=60, help_text=_("例如：人社部函〔2028〕35号")
    )
    approver = forms.CharField(
        label=_("批准机关"), max_length=100, initial=_("人力资源社会保障部、全国博士后管委会")
    )
    document = forms.FileField(label=_("批准文件"), required=False)


class TreatmentItemForm(BootstrapMixin, forms.Form):
    bounds_model = TreatmentItem
    done_on = forms.DateField(
        label=_("完成日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("落实情况"), max_length=500, required=False)
