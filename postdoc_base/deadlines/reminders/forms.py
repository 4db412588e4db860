import re

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.deadlines import MAX_ESCALATION_DAYS, ReminderSchedule

_SEPARATORS = re.compile(r"[\s,，、;；]+")


class ReminderSettingForm(forms.Form):
    enabled = forms.BooleanField(label=_("启用提醒"), required=False)
    before = forms.CharField(
        label=_("提前提醒天数"), required=False, max_length=60,
        help_text=_("到期前几天提醒，多个用逗号或顿号分隔，如“7、1”；0表示当天。起办类事项只在可办理当天提醒。"),
    )  # fmt: skip
    working_days = forms.BooleanField(label=_("按工作日计算"), required=False)
    escalate_bureau_after = forms.IntegerField(
        label=_("逾期几日后告知盟市"), required=False, min_value=1, max_value=MAX_ESCALATION_DAYS,
        help_text=_("留空表示不告知盟市人社局。"),
    )  # fmt: skip
    escalate_region_after = forms.IntegerField(
        label=_("逾期几日后告知自治区"), required=False, min_value=1, max_value=MAX_ESCALATION_DAYS,
        help_text=_("留空表示不告知自治区人社厅；须晚于告知盟市。"),
    )  # fmt: skip

    def clean_before(self) -> tuple[int, ...]:
        text = (self.cleaned_data.get("before") or "").strip()
        parts = [p for p in _SEPARATORS.split(text) if p]
        if any(not p.isdigit() for p in parts):
            raise forms.ValidationError(_("提前天数须为整数，多个用逗号或顿号分隔。"))
        return tuple(int(p) for p in parts)

    def schedule(self) -> ReminderSchedule:
        data = self.cleaned_data
        return ReminderSchedule(
            before=data["before"],
            working_days=data["working_days"],
            escalate_bureau_after=data["escalate_bureau_after"],
            escalate_region_after=data["escalate_region_after"],
            enabled=data["enabled"],
        )

    @classmethod
    def initial_for(cls, schedule: ReminderSchedule) -> dict:
        return {
            "enabled": schedule.enabled,
            "before": "、".join(str(d) for d in schedule.before),
            "working_days": schedule.working_days,
            "escalate_bureau_after": schedule.escalate_bureau_after,
            "escalate_region_after": schedule.escalate_region_after,
        }
