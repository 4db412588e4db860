"""The Art. 18 guards of the appointment's exit steps (materials uploaded, exit assessment passed, exit date
and destination recorded); stay/workflow.py puts them in the appointment's transition table."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.policy import tenure as tenure_policy
from postdoc_base.policy.findings import Finding

from ..assessments.models import Assessment


def _exit_materials(appointment, ctx):
    """第十八条: the research report and the work summary are uploaded before the exit assessment."""
    if not appointment.research_report:
        yield Finding(False, "art18.no_research_report", tenure_policy.ART18, _("请上传研究报告。"))
    if not appointment.work_summary:
        yield Finding(False, "art18.no_work_summary", tenure_policy.ART18, _("请上传工作总结。"))


def _exit_assessment_passed(appointment, ctx):
    """第十八条: the exit assessment is graded 优秀 or 合格 (不合格 opens a withdrawal case instead)."""
    grade = (
        Assessment.objects.filter(appointment=appointment, kind=tenure_policy.AssessmentKind.EXIT)
        .values_list("grade", flat=True)
        .first()
    )
    if grade not in (tenure_policy.AssessmentGrade.EXCELLENT, tenure_policy.AssessmentGrade.PASS):
        yield Finding(
            False,
            "art18.exit_assessment_not_passed",
            tenure_policy.ART18,
            _("出基地考核尚未评定为优秀或合格。"),
        )


def _exit_recorded(appointment, ctx):
    """第十八条 and 第二十一条: the station records the exit date and where the postdoc goes."""
    if appointment.exit_date is None:
        yield Finding(False, "art18.no_exit_date", tenure_policy.ART18, _("请填写出基地日期。"))
    if not appointment.destination:
        yield Finding(False, "art18.no_destination", tenure_policy.ART18, _("请选择出基地去向。"))
    if not appointment.destination_employer.strip():
        yield Finding(False, "art18.no_employer", tenure_policy.ART18, _("请填写去向单位。"))
