"""Forms of the appointment (Arts. 8, 13-15), its entry and its term extensions (Art. 14); the services do the
checking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.directory.models import MobileStation
from postdoc_base.policy.tenure import AgreementClause, Party, SupervisorSide
from postdoc_base.web.forms import BootstrapMixin

from ..people.models import Supervisor
from ..recruitment.enums import AgreementState, TopicState
from ..recruitment.models import ResearchTopic
from .models import TermExtension


class AppointmentForm(BootstrapMixin, forms.Form):
    """The base drafts an appointment: which of its postdocs, with which partner station (Arts. 8, 13)."""

    base = forms.ModelChoiceField(queryset=None, label=_("基地"))
    postdoc = forms.ModelChoiceField(queryset=None, label=_("博士后研究人员"))
    station = forms.ModelChoiceField(queryset=None, label=_("合作流动站"))
    topic = forms.ModelChoiceField(
        queryset=None, label=_("课题"), required=False,
        help_text=_("由基地自行物色的博士可不选课题（第十二条第（二）款）。"),
    )  # fmt: skip

    def __init__(self, *args, bases, postdocs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = bases
        self.fields["postdoc"].queryset = postdocs
        # Only partner stations of the user's bases (Art. 8); the service checks the pairing with the base.
        self.fields["station"].queryset = MobileStation.objects.filter(
            agreements__base__in=bases, agreements__state=AgreementState.ACTIVE
        ).distinct()
        self.fields["topic"].queryset = ResearchTopic.objects.filter(base__in=bases).exclude(
            state=TopicState.DRAFT
        )


class AppointmentAgreementForm(BootstrapMixin, forms.Form):
    """The tripartite agreement (Art. 13(1)), term (Art. 14) and supervisors (Art. 15)."""

    clauses_confirmed = forms.MultipleChoiceField(
        label=_("协议已明确的内容"), required=False, widget=forms.CheckboxSelectMultiple
    )
    signed_by = forms.MultipleChoiceField(
        label=_("已签署方"), required=False, widget=forms.CheckboxSelectMultiple
    )
    document = forms.FileField(label=_("三方协议文本"), required=False)
    term_months = forms.IntegerField(label=_("在基地期限（月）"), min_value=1, max_value=120)
    has_major_project = forms.BooleanField(label=_("承担国家或自治区重大项目"), required=False)
    major_project_note = forms.CharField(
        label=_("重大项目说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    station_supervisor = forms.ModelChoiceField(queryset=None, label=_("流动站合作导师"), required=False)
    base_supervisor = forms.ModelChoiceField(queryset=None, label=_("基地合作导师"), required=False)

    def __init__(self, *args, appointment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clauses_confirmed"].choices = AgreementClause.choices
        self.fields["signed_by"].choices = Party.choices
        mine = Supervisor.objects.filter(base_id=appointment.base_id, active=True)
        self.fields["station_supervisor"].queryset = mine.filter(side=SupervisorSide.STATION)
        self.fields["base_supervisor"].queryset = mine.filter(side=SupervisorSide.BASE)


class EntryForm(BootstrapMixin, forms.Form):
    entry_date = forms.DateField(label=_("进基地日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ExtensionForm(BootstrapMixin, forms.Form):
    bounds_model = TermExtension
    months = forms.IntegerField(label=_("延期（月）"), min_value=1, max_value=72)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 4}))
    has_major_project = forms.BooleanField(label=_("承担国家或自治区重大项目"), required=False)
    major_project_note = forms.CharField(
        label=_("重大项目说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("超过4年的，须说明进基地后承担的国家或自治区重大项目、资助期限和承担的任务（第十四条）。"),
    )  # fmt: skip
