"""Forms for panels, members, rubrics and scoring. Forms only validate input; services enforce the rules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.directory.models import Expert
from postdoc_base.web.forms import DATE, BootstrapMixin

from .enums import PanelPurpose
from .models import Panel, Rubric
from .subjects import purpose_spec

RUBRIC_ROWS = 6


class PanelForm(BootstrapMixin, forms.Form):
    bounds_model = Panel
    name = forms.CharField(label=_("专家组名称"), max_length=100)
    # The choices are the establishment purpose's contexts (rounds), set when the form is made.
    round = forms.ModelChoiceField(label=_("批次"), queryset=None, empty_label=None)
    due_on = forms.DateField(label=_("评分截止日期"), widget=DATE)
    blind = forms.BooleanField(label=_("匿名评审"), required=False,
                               help_text=_("专家之间互不可见姓名，导出和记录亦不显示"))  # fmt: skip
    disagreement_threshold = forms.DecimalField(label=_("分歧阈值（分）"), min_value=0, max_digits=5,
                                                decimal_places=2, initial=Decimal(20))  # fmt: skip
    rubric = forms.ModelChoiceField(label=_("沿用已有评分标准"), queryset=Rubric.objects.all(), required=False,
                                    empty_label=_("（新建评分标准）"))  # fmt: skip
    rubric_name = forms.CharField(label=_("新评分标准名称"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = purpose_spec(PanelPurpose.ESTABLISHMENT).contexts()
        for i in range(1, RUBRIC_ROWS + 1):
            self.fields[f"item_{i}_label"] = forms.CharField(
                label=_("评分项"), max_length=100, required=False
            )
            self.fields[f"item_{i}_guidance"] = forms.CharField(label=_("评分说明"), required=False)
            self.fields[f"item_{i}_weight"] = forms.DecimalField(label=_("权重"), required=False, max_digits=6,
                                                                 decimal_places=2)  # fmt: skip
            self.fields[f"item_{i}_max"] = forms.DecimalField(label=_("满分"), required=False, max_digits=6,
                                                              decimal_places=2, initial=100)  # fmt: skip
        for field in self.fields.values():
            widget = field.widget
            if not isinstance(widget, forms.CheckboxInput | forms.Select):
                widget.attrs.setdefault("class", "form-control")

    def item_rows(self):
        return [
            [self[f"item_{i}_{part}"] for part in ("label", "guidance", "weight", "max")]
            for i in range(1, RUBRIC_ROWS + 1)
        ]

    def rubric_items(self) -> list[dict]:
        items = []
        for i in range(1, RUBRIC_ROWS + 1):
            label = (self.cleaned_data.get(f"item_{i}_label") or "").strip()
            if not label:
                continue
            items.append({
                "label": label,
                "guidance": self.cleaned_data.get(f"item_{i}_guidance") or "",
                "weight": self.cleaned_data.get(f"item_{i}_weight") or Decimal(0),
                "max_score": self.cleaned_data.get(f"item_{i}_max") or Decimal(100),
            })  # fmt: skip
        return items


class MemberForm(BootstrapMixin, forms.Form):
    expert = forms.ModelChoiceField(label=_("专家"), queryset=Expert.objects.none())
    is_chair = forms.BooleanField(label=_("组长"), required=False)

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = Expert.objects.filter(active=True).exclude(
            panel_memberships__panel=panel
        )
        self.fields["expert"].label_from_instance = lambda e: f"{e.name} · {e.employer} · {e.field}"
