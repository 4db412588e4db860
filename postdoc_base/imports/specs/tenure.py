"""The imports of a base's tenure records (ch. 4): its postdocs, each with the appointment (进基地) the page would
draft for them.

Who imports what follows who the services let write the records, never wider:

- Postdocs with their appointments: the base's unit administrator (its 博士后管理机构), for its own base only.
  ``people.services.postdoc_create`` and ``stay.services.appointment_create`` let exactly that user write
  them; the base is the one filed base the user administers, resolved once per file. Each row is one postdoc
  and one appointment, written by those two services in the row's transaction (either both or neither). The
  appointment starts drafted (三方协议草拟), as one made on the page; the agreement's clauses, term and
  supervisors, the station's entry and the entry filing follow in the system as usual (Arts. 13-15).
- Outputs (在站成果, Art. 17) are not imported: ``outputs.services.output_create`` lets only the postdoc
  themself record an output (``outputs.permissions.output_author``) and always requires an evidence file,
  whatever the kind of output. A workbook row cannot carry that file, so importing outputs would need one of
  those rules changed, which is the tenure app's decision, not the import's.
"""

from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from postdoc_base.oversight.models import PracticeBase
from postdoc_base.tenure.people.enums import Gender, IdType, StudyMode
from postdoc_base.tenure.people.forms import PostdocForm
from postdoc_base.tenure.people.models import DEFAULT_NATIONALITY, Postdoc
from postdoc_base.tenure.people.services import POSTDOC_FIELDS, _person_hash, postdoc_create
from postdoc_base.tenure.permissions import base_admin_assignment
from postdoc_base.tenure.scoping import bases_managed_by
from postdoc_base.tenure.stay.forms import AppointmentForm
from postdoc_base.tenure.stay.services import appointment_create

from ..permissions import NO_BASE, administers_a_base
from ..registry import CHOICE, DATE, LOOKUP, Column, ImportSpec

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
        return (_person_hash(person),)

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
        _("在站成果不能批量导入：在站成果由博士后研究人员本人登记，并须上传证明材料（第十七条），表格无法附带证明材料。"),
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

SPECS: tuple = (POSTDOCS,)
