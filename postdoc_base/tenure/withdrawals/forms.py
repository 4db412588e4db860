"""The form proposing a withdrawal (Art. 23); the service does the checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.tenure import WithdrawalReason, withdrawal_article
from postdoc_base.web.forms import BootstrapMixin

from .models import WithdrawalCase


def withdrawal_reason_choices():
    return [(value, f"{withdrawal_article(value)}：{label}") for value, label in WithdrawalReason.choices]


class WithdrawalForm(BootstrapMixin, forms.Form):
    bounds_model = WithdrawalCase
    reason = forms.TypedChoiceField(label=_("退出事由"), coerce=int, choices=withdrawal_reason_choices)
    facts = forms.CharField(label=_("事实与理由"), widget=forms.Textarea(attrs={"rows": 5}))
    evidence = forms.FileField(label=_("证明材料"), required=False)
