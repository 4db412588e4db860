"""The support policy form (Arts. 6, 19); the service checks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.web.forms import DATE, BootstrapMixin

from .models import SupportPolicy


class SupportPolicyForm(BootstrapMixin, forms.Form):
    bounds_model = SupportPolicy
    bureau = forms.TypedChoiceField(label=_("盟市"), coerce=int)
    title = forms.CharField(label=_("政策名称"))
    document_number = forms.CharField(label=_("文号"))
    issued_on = forms.DateField(label=_("发布日期"), widget=DATE)
    summary = forms.CharField(label=_("主要内容"), widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(
        label=_("政策文件"), required=False, help_text=_("PDF 或 Word（DOCX）文件，可不上传。")
    )

    def __init__(self, *args, bureaus=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].choices = [(b.pk, b.name) for b in bureaus]
