"""Forms of funding records (Art. 19): choosing the base, then the record itself; the service checks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.oversight.funding import FundingSource
from postdoc_base.web.forms import BootstrapMixin

from .models import FundingRecord


class FundingBaseForm(BootstrapMixin, forms.Form):
    """Step one of recording: the base (among those whose file the user keeps or oversees)."""

    base = forms.TypedChoiceField(label=_("基地"), coerce=int)

    def __init__(self, *args, bases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].choices = [
            ("", "---------"),
            *((b.pk, f"{b.name}（{b.filing_number}）") for b in bases),
        ]


class FundingForm(BootstrapMixin, forms.Form):
    bounds_model = FundingRecord
    year = forms.IntegerField(label=_("年度"))
    source = forms.ChoiceField(label=_("经费来源"))
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=14, decimal_places=2)
    purpose = forms.CharField(label=_("用途"))
    appointment = forms.TypedChoiceField(
        label=_("博士后研究人员"), coerce=int, required=False, empty_value=None,
        help_text=_("经费用于某一位博士后研究人员时选择；用于基地整体时留空。"),
    )  # fmt: skip
    policy_title = forms.CharField(
        label=_("政策文件名称"),
        required=False,
        help_text=_("自治区补助、盟市补助必填：补助所依据的政策文件。"),
    )
    policy_number = forms.CharField(label=_("政策文件文号"), required=False)
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea)

    def __init__(self, *args, sources=(), appointments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s, FundingSource(s).label) for s in sources]
        self.fields["appointment"].choices = [
            ("", "---------"),
            *((a.pk, f"{a.postdoc.name}（{a.get_state_display()}）") for a in appointments),
        ]
