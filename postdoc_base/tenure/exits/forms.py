"""Forms of exit materials and exit completion (Arts. 18, 21)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.web.forms import BootstrapMixin

from .enums import ExitDestination

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class ExitMaterialsForm(BootstrapMixin, forms.Form):
    research_report = forms.FileField(label=_("研究报告"), required=False)
    work_summary = forms.FileField(label=_("工作总结"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("research_report") and not data.get("work_summary"):
            raise forms.ValidationError(_("请至少上传研究报告或工作总结中的一项。"))
        return data


class ExitCompleteForm(BootstrapMixin, forms.Form):
    exit_date = forms.DateField(label=_("出基地日期"), widget=DATE_INPUT)
    destination = forms.ChoiceField(label=_("出基地去向"), choices=ExitDestination.choices)
    employer = forms.CharField(
        label=_("去向单位"), max_length=120, required=False,
        help_text=_("留在设站（基地）单位的，可不填，默认为基地所在单位。"),
    )  # fmt: skip
