"""The imports of tenure records (ch. 4): a base's postdocs, each with the appointment (进基地) the page would
draft for them; a postdoc's own outputs of the stay (在站成果).

Who imports what follows who the services let write the records, never wider:

- Postdocs with their appointments: the base's unit administrator (its 博士后管理机构), for its own base only.
  ``people.services.postdoc_create`` and ``stay.services.appointment_create`` let exactly that user write
  them; the base is the one filed base the user administers, resolved once per file. Each row is one postdoc
  and one appointment, written by those two services in the row's transaction (either both or neither). The
  appointment starts drafted (三方协议草拟), as one made on the page; the agreement's clauses, term and
  supervisors, the station's entry and the entry filing follow in the system as usual (Arts. 13-15).
- Outputs (在站成果, Art. 17): the postdoc themself, in a stay, for their current appointment only
  (``outputs.permissions.imports_own_outputs``: ``output_author`` of the one stay, resolved once per file). A
  workbook row cannot carry the evidence file ``output_create`` requires, so each row is written by
  ``outputs.services.output_import``, checked exactly as on the page but for the evidence, as a draft
  (待补证明材料): the postdoc attaches the evidence and submits it to the supervisors, and only a confirmed
  output counts anywhere. An output is identified within the stay by its kind, title and date (see ``OUTPUTS``).
"""

from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from postdoc_base.oversight.models import PracticeBase
from postdoc_base.tenure.outputs.enums import OutputKind, OutputLevel, OutputRole
from postdoc_base.tenure.outputs.forms import OutputForm
from postdoc_base.tenure.outputs.models import Output
from postdoc_base.tenure.outputs.permissions import imports_own_outputs, output_author, own_stay
from postdoc_base.tenure.outputs.services import OUTPUT_FIELDS, output_import
from postdoc_base.tenure.people.enums import Gender, IdType, StudyMode
from postdoc_base.tenure.people.forms import PostdocForm
from postdoc_base.tenure.people.models import DEFAULT_NATIONALITY, Postdoc
from postdoc_base.tenure.people.services import POSTDOC_FIELDS, person_lookup_hash, postdoc_create
from postdoc_base.tenure.permissions import base_admin_assignment
from postdoc_base.tenure.scoping import bases_managed_by
from postdoc_base.tenure.stay.forms import AppointmentForm
from postdoc_base.tenure.stay.services import appointment_create

from ..permissions import NO_BASE, NOT_IN_STAY, administers_a_base
from ..registry import CHOICE, DATE, INT, LOOKUP, Column, ImportSpec

_PERSON = PostdocForm.base_fields
_APPOINTMENT = AppointmentForm.base_fields


class PostdocAppointmentRowForm(PostdocForm):
    """One row: the page's postdoc form without its base (the file's, resolved once) and the appointment form's
    station and topic, as the ids the LOOKUP columns found among the base's own (the appointment form's
    querysets, read once per file in ``PostdocImport.context``)."""

    station = forms.IntegerField(label=_APPOINTMENT["station"].label)
    topic = forms.IntegerField(label=_APPOINTMENT["topic"].label, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, bases=PracticeBase.objects.none(), **kwargs)
        del self.fields["base"]


def _the_base(user) -> PracticeBase:
    """The one active filed base ``user`` administers; refuses (in Chinese) none or several, since the rows do
    not say which base they are for."""
    bases = list(bases_managed_by(user).select_related("unit").order_by("pk")[:2])
    if not bases:
        raise ValidationError(NO_BASE, code="no_base")
    if len(bases) > 1:
        raise ValidationError(
            _("您同时管理多个博士后创新实践基地，批量导入无法确定导入到哪个基地。请在页面上逐个录入，或使用只管理一个基地的账号导入。"),
            code="several_bases",
        )  # fmt: skip
    return bases[0]


def _topic_names(topics) -> dict[str, int]:
    """A topic by its title; titles used twice in the base get the topic's number, so every name is one topic."""
    counts = Counter(t.title for t in topics)
    return {t.title if counts[t.title] == 1 else f"{t.title}（{t.pk}）": t.pk for t in topics}


class PostdocImport(ImportSpec):
    def context(self, user) -> dict:
        base = _the_base(user)
        # The appointment page's own choices: partner stations with an active agreement (Art. 8) and the
        # base's topics other than drafts.
        form = AppointmentForm(bases=PracticeBase.objects.filter(pk=base.pk), postdocs=Postdoc.objects.none())
        stations = list(form.fields["station"].queryset.order_by("university", "discipline"))
        topics = list(form.fields["topic"].queryset.order_by("title", "pk"))
        return {
            "base": base,
            "station": {str(s): s.pk for s in stations},
            "topic": _topic_names(topics),
            "stations": {s.pk: s for s in stations},
            "topics": {t.pk: t for t in topics},
        }

    def assignment(self, user, context):
        return base_admin_assignment(user, context["base"])

    def key_of(self, values):
        """The person's lookup hash, as ``postdoc_create`` computes it (a passport's includes the nationality)."""
        number = values.get("id_number")
        if not number:
            return None
        person = {"id_type": values.get("id_type") or IdType.RESIDENT_ID,
                  "nationality": values.get("nationality") or "", "id_number": number}  # fmt: skip
        return (person_lookup_hash(person),)

    def existing_keys_for(self, keys, context):
        """This base's postdocs among the file's people (one query per batch). A person another base recorded is
        not this file's re-import: the row goes on to the service, which refuses it with the page's message."""
        hashes = [lookup for (lookup,) in keys]
        found = Postdoc.objects.filter(base=context["base"], id_lookup__in=hashes)
        return {(lookup,) for lookup in found.values_list("id_lookup", flat=True)}

    def form(self, values, context):
        data = dict(values)
        # The page offers 中国 as the nationality; the service takes it for a resident ID left without one.
        if not data.get("nationality") and data.get("id_type") == IdType.RESIDENT_ID:
            data["nationality"] = DEFAULT_NATIONALITY
        return PostdocAppointmentRowForm(data=data)

    def write(self, *, actor, cleaned, values, context):
        base = context["base"]
        postdoc = postdoc_create(
            actor=actor, base=base, **{k: v for k, v in cleaned.items() if k in POSTDOC_FIELDS}
        )
        topic = context["topics"][cleaned["topic"]] if cleaned.get("topic") else None
        return appointment_create(
            actor=actor,
            base=base,
            postdoc=postdoc,
            station=context["stations"][cleaned["station"]],
            topic=topic,
        )


POSTDOCS = PostdocImport(
    kind="postdocs",
    title=_("博士后研究人员及进基地"),
    description=_(
        "本基地的博士后研究人员（第十三条）：每行录入一名博士后研究人员，并为其草拟进基地（三方协议），与在页面上录入人员、新建进基地相同。由基地所在单位的博士后管理员导入。"
    ),
    key=("id_number",),
    permission=administers_a_base,
    overseen_by_region=True,
    notes=(
        _("每行录入一名博士后研究人员，并按“合作流动站”“课题”为其草拟进基地，状态为“三方协议草拟”。三方协议的条款、在基地期限和合作导师，流动站办理进站和进站备案，导入后在系统中照常办理（第十三条至第十五条）。"),
        _("合作流动站只能选择与本基地有生效合作协议的流动站（第八条）；课题只能选择本基地的课题（草稿除外），可留空。"),
        _("证件号码相同的视为同一人：本基地已录入的人员整行跳过，不再为其草拟进基地；其他基地已录入的人员不能重复录入。"),
        _("在站成果不能批量导入到此表：在站成果由博士后研究人员本人登记（第十七条），可由本人批量导入，导入后逐项上传证明材料并提交导师确认。"),
    ),
    columns=(
        Column(_PERSON["name"].label, "name", required=True, note=_("可含间隔号，如“巴特尔·朝鲁”。")),
        Column(_PERSON["gender"].label, "gender", CHOICE, required=True, choices=lambda: Gender.choices),
        Column(_PERSON["birth_date"].label, "birth_date", DATE, required=True,
               note=_("持居民身份证的，须与证件号码中的出生日期一致。")),
        Column(_PERSON["id_type"].label, "id_type", CHOICE, required=True, choices=lambda: IdType.choices),
        Column(_PERSON["id_number"].label, "id_number", required=True,
               note=_("居民身份证为18位，末位为校验码（X 表示10）；护照为5至20位字母或数字。系统按证件号码识别同一人。")),
        Column(_PERSON["nationality"].label, "nationality",
               note=_("持护照的必填；持居民身份证的空白视为“中国”。")),
        Column(_PERSON["phd_institution"].label, "phd_institution", required=True),
        Column(_PERSON["phd_discipline"].label, "phd_discipline", required=True),
        Column(_PERSON["degree_date"].label, "degree_date", DATE),
        Column(_PERSON["degree_certificate_number"].label, "degree_certificate_number"),
        Column(_PERSON["foreign_degree_verification"].label, "foreign_degree_verification"),
        Column(_PERSON["study_mode"].label, "study_mode", CHOICE, required=True, choices=lambda: StudyMode.choices),
        Column(_APPOINTMENT["station"].label, "station", LOOKUP, required=True,
               unknown=_("合作流动站“%(value)s”不是与本基地有生效合作协议的流动站，请从下拉列表中选择。"),
               note=_("与本基地有生效合作协议的博士后科研流动站（第八条）。")),
        Column(_APPOINTMENT["topic"].label, "topic", LOOKUP,
               unknown=_("课题“%(value)s”不是本基地的课题（草稿除外），请从下拉列表中选择，或留空。"),
               note=_APPOINTMENT["topic"].help_text),
    ),
)  # fmt: skip

_OUTPUT = OutputForm.base_fields


class OutputImport(ImportSpec):
    """A postdoc's own outputs of the stay: each row checked by the page's output form (without the evidence)
    and written by ``output_import`` as a draft of the postdoc's current appointment."""

    def context(self, user) -> dict:
        appointment = own_stay(user)
        if appointment is None or output_author(user, appointment) is None:
            raise ValidationError(NOT_IN_STAY, code="not_in_stay")
        return {"appointment": appointment}

    def assignment(self, user, context):
        return output_author(user, context["appointment"])

    def existing_keys_for(self, keys, context):
        """The stay's outputs among the file's (kind, title, date), whatever their state (one query per batch):
        an output entered on the page is not imported again."""
        found = Output.objects.filter(
            appointment=context["appointment"], title__in={title for _kind, title, _day in keys}
        ).values_list("kind", "title", "occurred_on")
        return {(kind, title, day.isoformat()) for kind, title, day in found} & keys

    def form(self, values, context):
        return OutputForm(data=values)

    def write(self, *, actor, cleaned, values, context):
        fields = {name: cleaned.get(name) for name in OUTPUT_FIELDS}
        return output_import(actor=actor, appointment=context["appointment"], **fields)


# The natural key: an output of the stay is what it is (kind), its name and the day it was obtained. The number
# or source (编号或出处) is optional and missing for many kinds; the same title under another kind (a patent and the
# paper describing it) or on another day (a yearly award) is another output.
OUTPUTS = OutputImport(
    kind="outputs",
    title=_("在站成果"),
    description=_(
        "本人在基地期间取得的成果（第十七条）：每行登记一项成果，与在页面上登记相同，但不附证明材料。导入的成果状态为“待补证明材料”，须逐项上传证明材料并提交导师确认；经合作导师确认前，不计入统计、台账和考核。由博士后研究人员本人导入。"
    ),
    key=("kind", "title", "occurred_on"),
    permission=imports_own_outputs,
    notes=(
        _("成果计入本人当前在基地期间的进基地记录；取得日期不能早于进基地日期，不能晚于今天。"),
        _("导入后每项成果的状态为“待补证明材料”：请在成果页面点击“修改”上传证明材料，再点击“提交导师确认”；未上传证明材料的成果不能提交（第十七条）。合作导师确认后成果方计入统计、台账和考核。"),
        _("科研项目、奖励、标准须填写级别；科研项目须填写本人角色；科技成果转化须填写转化收益及本人所得（第二十条），经济效益须填写新增经济效益。"),
        _("成果类型、名称、取得日期均相同的视为同一项成果：已登记的整行跳过，重复导入不会新增。"),
    ),
    columns=(
        Column(_OUTPUT["kind"].label, "kind", CHOICE, required=True, choices=lambda: OutputKind.choices),
        Column(_OUTPUT["title"].label, "title", required=True, note=_("不超过200字。")),
        Column(_OUTPUT["occurred_on"].label, "occurred_on", DATE, required=True),
        Column(_OUTPUT["level"].label, "level", CHOICE, choices=lambda: OutputLevel.choices,
               note=_OUTPUT["level"].help_text),
        Column(_OUTPUT["role"].label, "role", CHOICE, choices=lambda: OutputRole.choices,
               note=_OUTPUT["role"].help_text),
        Column(_OUTPUT["reference"].label, "reference", note=_OUTPUT["reference"].help_text),
        Column(_OUTPUT["amount_yuan"].label, "amount_yuan", INT, note=_OUTPUT["amount_yuan"].help_text),
        Column(_OUTPUT["postdoc_share_yuan"].label, "postdoc_share_yuan", INT,
               note=_OUTPUT["postdoc_share_yuan"].help_text),
        Column(_OUTPUT["description"].label, "description"),
    ),
)  # fmt: skip

SPECS: tuple = (POSTDOCS, OUTPUTS)
