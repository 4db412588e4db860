"""Forms of self-inspections (Art. 25); the services do the checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.oversight.inspection import InspectionHalf
from postdoc_base.web.forms import DATE, BootstrapMixin

from .models import InspectionComment, InspectionIssue, SelfInspection


class InspectionForm(BootstrapMixin, forms.Form):
    bounds_model = SelfInspection
    base = forms.ModelChoiceField(label=_("基地"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("自查年度"))
    half = forms.TypedChoiceField(label=_("自查期间"), coerce=int, choices=InspectionHalf.choices)
    summary = forms.CharField(
        label=_("自查情况"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("自查的范围、方式和总体情况。发现的问题在登记后逐项填写整改措施和期限。"),
    )  # fmt: skip

    def __init__(self, *args, bases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = bases


class IssueForm(BootstrapMixin, forms.Form):
    bounds_model = InspectionIssue
    description = forms.CharField(label=_("存在问题"), widget=forms.Textarea(attrs={"rows": 3}))
    action = forms.CharField(label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("整改期限"), widget=DATE)


class FixForm(BootstrapMixin, forms.Form):
    bounds_model = InspectionIssue
    fixed_on = forms.DateField(label=_("整改完成日期"), widget=DATE)
    fix_note = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("整改佐证材料"), required=False)


class CommentForm(BootstrapMixin, forms.Form):
    bounds_model = InspectionComment
    body = forms.CharField(label=_("评论内容"), widget=forms.Textarea(attrs={"rows": 3}))
