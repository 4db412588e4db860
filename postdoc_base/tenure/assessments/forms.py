"""Forms of the assessment pages (Arts. 7, 17, 18): the indicator weights, the joint panel, the grade."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.directory.models import Expert
from postdoc_base.policy.tenure import AssessmentGrade
from postdoc_base.web.forms import BootstrapMixin

from .models import Assessment
from .services import MIDTERM_MONTHS_MAX


class SchemeForm(BootstrapMixin, forms.Form):
    """One whole-number weight per indicator of the base's scheme, and the mid-term timing."""

    midterm_months = forms.IntegerField(
        label=_("中期考核时间（进基地后月数）"), min_value=1, max_value=MIDTERM_MONTHS_MAX
    )

    def __init__(self, *args, indicators: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            self.fields[self.field_name(indicator["key"])] = forms.IntegerField(
                label=indicator["label"], initial=indicator["weight"], min_value=0, max_value=100
            )

    @staticmethod
    def field_name(key: str) -> str:
        return f"weight_{key}"

    def weights(self) -> dict[str, int]:
        return {i["key"]: self.cleaned_data[self.field_name(i["key"])] for i in self.indicators}

    def weight_fields(self):
        return [self[self.field_name(i["key"])] for i in self.indicators]


def expert_label(expert) -> str:
    """Name, title and employer: two experts of the same name stay apart, and the joint panel's sides show."""
    return f"{expert.name} · {expert.title} · {expert.employer}"


class ExpertChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return expert_label(obj)


class ExpertChairField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return expert_label(obj)


class PanelForm(BootstrapMixin, forms.Form):
    """The joint panel: experts of the base's academic committee and of the partner station; one chair."""

    expert_ids = ExpertChoiceField(
        label=_("考核专家"), queryset=Expert.objects.filter(active=True).order_by("employer", "name"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )  # fmt: skip
    chair_id = ExpertChairField(
        label=_("组长"), queryset=Expert.objects.filter(active=True).order_by("employer", "name")
    )
    due_on = forms.DateField(label=_("评分截止日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "expert_ids": [e.pk for e in data["expert_ids"]],
            "chair_id": data["chair_id"].pk,
            "due_on": data["due_on"],
        }


class GradeForm(BootstrapMixin, forms.Form):
    bounds_model = Assessment
    grade = forms.ChoiceField(label=_("考核结果"), choices=AssessmentGrade.choices, widget=forms.RadioSelect)
    result = forms.CharField(label=_("书面考核意见"), widget=forms.Textarea(attrs={"rows": 4}))
    record_award = forms.BooleanField(label=_("记为奖励（仅限优秀）"), required=False)
