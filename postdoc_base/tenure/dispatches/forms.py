"""Forms of a dispatch request and its return (Art. 16); the services do the checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.tenure import DispatchDestination, DispatchPurpose
from postdoc_base.web.forms import BootstrapMixin

from .models import Dispatch


class DispatchForm(BootstrapMixin, forms.Form):
    bounds_model = Dispatch
    destination = forms.ChoiceField(label=_("派出地域"))
    purpose = forms.ChoiceField(label=_("派出事由"))
    place = forms.CharField(label=_("派往单位或地点"), max_length=200)
    planned_start = forms.DateField(label=_("计划派出日期"), widget=forms.DateInput(attrs={"type": "date"}))
    planned_return = forms.DateField(label=_("计划返回日期"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].choices = DispatchDestination.choices
        self.fields["purpose"].choices = DispatchPurpose.choices


class DispatchReturnForm(BootstrapMixin, forms.Form):
    returned_on = forms.DateField(label=_("实际返回日期"), widget=forms.DateInput(attrs={"type": "date"}))
