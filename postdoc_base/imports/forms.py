"""The upload form: one .xlsx (checked by content in ``services``)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"), allow_empty_file=True)
    file.widget.attrs.update({"class": "form-control", "accept": ".xlsx"})
