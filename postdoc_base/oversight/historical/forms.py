"""The form of a historical filing (历史备案基地), one row of the import: the shape of each value (the unit among
the registry's, the date a date, texts within what the register stores); the rules are the service's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.directory.models import Unit
from postdoc_base.establishment.notices import BASE_NAME_SUFFIX
from postdoc_base.policy.findings import lazy_format
from postdoc_base.web.forms import DATE, BootstrapMixin

from ..models import PracticeBase


class HistoricalBaseForm(BootstrapMixin, forms.Form):
    bounds_model = PracticeBase
    unit = forms.ModelChoiceField(label=_("设站单位"), queryset=Unit.objects.all())
    name = forms.CharField(
        label=_("基地名称"),
        required=False,
        help_text=lazy_format(_("留空时为单位名称加“%(suffix)s”。"), suffix=BASE_NAME_SUFFIX),
    )
    filing_number = forms.CharField(label=_("备案号"))
    filed_on = forms.DateField(label=_("备案日期"), widget=DATE)
    notice_number = forms.CharField(
        label=_("备案通知文号"), help_text=_("公布本次备案的通知的文号，例如：内人社发〔2023〕12号。")
    )
