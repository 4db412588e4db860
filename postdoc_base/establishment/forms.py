"""Forms for rounds, applications, attachments, claims, the preliminary review and the bureau's ranking.

Forms only validate input; the services in ``services.py`` enforce the rules.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.directory.models import Bureau, MobileStation
from postdoc_base.policy.establishment import ART9
from postdoc_base.web.forms import DATE, BootstrapMixin

from .enums import ApplicationState, AttachmentKind, PriorityCategory
from .models import (
    Attachment,
    BaseApplication,
    PreliminaryReview,
    PriorityClaim,
    ResearchProject,
    Round,
    SeniorResearcher,
)
from .services import APPLICATION_FIELDS


class RoundForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Round
        fields = ["name", "year", "application_deadline", "review_deadline", "notes"]
        widgets = {"application_deadline": DATE, "review_deadline": DATE}


class ApplicationCreateForm(BootstrapMixin, forms.Form):
    round = forms.ModelChoiceField(label=_("批次"), queryset=Round.objects.none(), empty_label=None)
    unit = forms.ModelChoiceField(label=_("申报单位"), queryset=None, empty_label=None)

    def __init__(self, *args, rounds, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["unit"].queryset = units


# Art. 9 items and the application fields that give their evidence, in the order of the form.
ART9_GROUPS = (
    (ART9[0], _("独立法人资格、注册地、运行或经营状况"), ("operating_well", "operating_status")),
    (ART9[1], _("专门的科学研究开发机构"), ("rnd_institution",)),
    (ART9[2], _("具有高级职称、可担任合作导师的全职科研人员"), ()),
    (
        ART9[3],
        _("与流动站的合作意向、招收计划和研究项目"),
        ("station", "recruitment_plan", "planned_recruits"),
    ),
    (
        ART9[4],
        _("管理办法、科研和生活条件、年薪"),
        ("management_rules", "research_conditions", "living_conditions", "offered_annual_pay_yuan"),
    ),
)


class ApplicationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = BaseApplication
        fields = list(APPLICATION_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = MobileStation.objects.all()

    def groups(self):
        """``(article, title, [bound fields])`` per Art. 9 item, for the template."""
        return [(article, title, [self[name] for name in names]) for article, title, names in ART9_GROUPS]

    def contact_fields(self):
        return [self["contact_name"], self["contact_phone"]]


class ResearcherForm(BootstrapMixin, forms.Form):
    bounds_model = SeniorResearcher
    name = forms.CharField(label=_("姓名"), max_length=50)
    title = forms.CharField(label=_("职称"), max_length=50)
    field = forms.CharField(label=_("研究方向"), max_length=100, required=False)
    full_time = forms.BooleanField(label=_("本单位全职"), required=False, initial=True)
    senior_title = forms.BooleanField(label=_("高级职称或相应水平"), required=False, initial=True)
    can_supervise = forms.BooleanField(label=_("可担任合作导师"), required=False, initial=True)


class ProjectForm(BootstrapMixin, forms.Form):
    bounds_model = ResearchProject
    title = forms.CharField(label=_("项目名称"), max_length=200)
    summary = forms.CharField(label=_("项目简介"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


ResearcherFormSet = forms.formset_factory(ResearcherForm, extra=1, can_delete=True)
ProjectFormSet = forms.formset_factory(ProjectForm, extra=1, can_delete=True)


def formset_rows(formset) -> list[dict]:
    """The kept, filled rows of a valid formset."""
    return [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class AttachmentForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("材料类别"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("文件"), help_text=_("PDF、JPEG、PNG 或 DOCX"))


class ClaimForm(BootstrapMixin, forms.Form):
    bounds_model = PriorityClaim
    category = forms.ChoiceField(label=_("优先条件（第十条）"), choices=PriorityCategory.choices)
    description = forms.CharField(label=_("具体情况"), widget=forms.Textarea(attrs={"rows": 2}))
    year = forms.IntegerField(label=_("年份"), required=False, min_value=1949, max_value=2100)
    evidence = forms.ModelChoiceField(
        label=_("证明材料"), queryset=Attachment.objects.none(), required=False, empty_label=_("（无）")
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = Attachment.objects.filter(application=application)


VERDICTS = (("", _("未审")), ("yes", _("符合")), ("no", _("不符合")))
ITEM_KEYS = ("1", "2", "3", "4", "5")


class PreliminaryReviewForm(BootstrapMixin, forms.Form):
    bounds_model = PreliminaryReview
    inspection = forms.CharField(
        label=_("综合考察情况"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    inspected_on = forms.DateField(label=_("考察日期"), required=False, widget=DATE)
    recommendation = forms.CharField(
        label=_("推荐意见"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, review=None, **kwargs):
        if review is not None and "initial" not in kwargs:
            initial = {"inspection": review.inspection, "inspected_on": review.inspected_on,
                       "recommendation": review.recommendation}  # fmt: skip
            for key in ITEM_KEYS:
                verdict = review.condition_checks.get(key)
                initial[f"verdict_{key}"] = {True: "yes", False: "no"}.get(verdict, "")
                initial[f"comment_{key}"] = review.condition_comments.get(key, "")
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for key, article in zip(ITEM_KEYS, ART9, strict=True):
            self.fields[f"verdict_{key}"] = forms.ChoiceField(
                label=article, choices=VERDICTS, required=False, widget=forms.RadioSelect
            )
            self.fields[f"comment_{key}"] = forms.CharField(
                label=_("审核意见"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def items(self):
        return [
            (article, self[f"verdict_{key}"], self[f"comment_{key}"])
            for key, article in zip(ITEM_KEYS, ART9, strict=True)
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        checks = {k: {"yes": True, "no": False}.get(data[f"verdict_{k}"]) for k in ITEM_KEYS}
        return {
            "condition_checks": {k: v for k, v in checks.items() if v is not None},
            "condition_comments": {k: data[f"comment_{k}"] for k in ITEM_KEYS if data[f"comment_{k}"]},
            "inspection": data["inspection"],
            "inspected_on": data["inspected_on"],
            "recommendation": data["recommendation"],
        }


class ApplicationFilterForm(BootstrapMixin, forms.Form):
    round = forms.ModelChoiceField(
        label=_("批次"), queryset=Round.objects.none(), required=False, empty_label=_("全部批次")
    )
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *ApplicationState.choices]
    )
    bureau = forms.ModelChoiceField(
        label=_("盟市"), queryset=Bureau.objects.all(), required=False, empty_label=_("全部盟市")
    )
    q = forms.CharField(label=_("单位名称或信用代码"), required=False, max_length=100)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "round_id": d["round"].pk if d["round"] else None,
            "state": d["state"] or None,
            "bureau_id": d["bureau"].pk if d["bureau"] else None,
            "q": d["q"].strip() or None,
        }
