"""The region's decision to revoke a base's filing (Art. 24); the service and the policy do the checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.web.forms import BootstrapMixin

from .models import RevocationCase


class RevokeForm(BootstrapMixin, forms.Form):
    bounds_model = RevocationCase
    revoked_on = forms.DateField(label=_("取消备案日期"), widget=forms.DateInput(attrs={"type": "date"}))
    document_number = forms.CharField(
        label=_("文号"), max_length=60, help_text=_("例如：内人社发〔2028〕12号")
    )
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
