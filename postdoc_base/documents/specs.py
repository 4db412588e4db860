"""What each kind of document is about and says: the item it is issued for, who may see and issue it, when it
may be issued, and its content built from the item (the ``OfficialDocument`` both renderers draw).

Seeing a document follows seeing its item: each kind reads the item through its app's scoped selector, and
whoever cannot see the item gets a 404. Issuing is the region's act (the numbers are the 自治区人力资源和
社会保障厅's), so it also needs the region administrator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Model, QuerySet

from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.establishment.models import Round
from postdoc_base.establishment.selectors import round_bases, rounds_visible_to
from postdoc_base.oversight.revocations.enums import RevocationGround, RevocationState
from postdoc_base.oversight.revocations.models import RevocationCase
from postdoc_base.oversight.revocations.selectors import revocations_visible_to
from postdoc_base.policy.tenure.withdrawal import WithdrawalReason, withdrawal_article
from postdoc_base.tenure.withdrawals.enums import WithdrawalState
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from postdoc_base.tenure.withdrawals.selectors import withdrawals_visible_to

from .content import ALL_BUREAUS, MEASURES, REGION_UNITS, OfficialDocument, Table, chinese_date
from .kinds import NUMBER_PREFIXES, DocumentKind

REGION_LEVEL = "自治区本级"


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    model: type[Model]
    visible: Callable[[object], QuerySet]  # the items ``user`` may see (the app's scoped selector)
    ready: Callable[[Model], bool]  # whether the item is at the step that the document records
    build: Callable[[Model, str, date], OfficialDocument]
    sample: Callable[[str, date], OfficialDocument]  # fixed content, to check a replaced template

    @property
    def prefix(self) -> str:
        return NUMBER_PREFIXES[self.kind]

    @property
    def label(self) -> str:
        return DocumentKind(self.kind).label

    def may_issue(self, user, item) -> bool:
        return is_region_admin(user) and self.ready(item)


def _bureau_name(bureau) -> str:
    return bureau.name if bureau is not None else REGION_LEVEL


def _bureau_office(bureau) -> str:
    return f"{bureau.name}人力资源和社会保障局" if bureau is not None else ""


# --- 备案名单通知: the bases filed from a round (第十一条第（三）项: 予以备案并公布) ---------------------------
def filing_title(year: int) -> str:
    return f"关于公布{year}年度内蒙古自治区博士后创新实践基地备案名单的通知"


def _filing_content(year: int, rows: list[tuple[str, str, str]], number: str, issued_on: date):
    return OfficialDocument(
        title=filing_title(year),
        number=number,
        issued_on=issued_on,
        addressees=(ALL_BUREAUS, REGION_UNITS),
        body=(
            f"根据{MEASURES}第十一条规定，经单位申报、盟市初审推荐、专家论证评议和公示，公示期内无异议，"
            f"现将{year}年度{len(rows)}家内蒙古自治区博士后创新实践基地予以备案。名单如下：",
        ),
        tables=(
            Table(
                headers=("序号", "备案号", "基地名称", "所在盟市"),
                rows=tuple((str(i), *row) for i, row in enumerate(rows, start=1)),
            ),
        ),
        closing=(
            "请各基地按照管理办法要求，健全管理制度，做好博士后研究人员招收、培养和管理工作。"
            "各盟市人力资源和社会保障局要加强对辖区内基地的指导和监督。",
        ),
        public=True,
    )


def _filing_build(round_: Round, number: str, issued_on: date) -> OfficialDocument:
    rows = [(b.filing_number, b.name, _bureau_name(b.unit.bureau)) for b in round_bases(round_)]
    return _filing_content(round_.year, rows, number, issued_on)


def _filing_sample(number: str, issued_on: date) -> OfficialDocument:
    return _filing_content(
        issued_on.year, [(f"蒙博基备〔{issued_on.year}〕001号", "示例单位博士后创新实践基地", "满洲里市")],
        number, issued_on,
    )  # fmt: skip


# --- 取消基地备案通知: a revoked base (第二十四条; 第五条 after a failed evaluation) ------------------------------
def revocation_title(base_name: str) -> str:
    return f"关于取消{base_name}备案的通知"


def _revocation_content(
    *, base_name, unit_name, filing_number, bureau, ground, revoked_on, number, issued_on
):
    if ground == RevocationGround.FAILED_EVALUATION:
        reason = "评估结果为不合格，且整改后复核仍不通过"
        basis = "第五条"
        after = ()
    else:
        reason = "获批备案后连续2年无在站博士后研究人员"
        basis = "第二十四条"
        after = ("该单位自取消备案之日起3年后，符合条件的可重新申报。",)
    office = _bureau_office(bureau)
    return OfficialDocument(
        title=revocation_title(base_name),
        number=number,
        issued_on=issued_on,
        addressees=(ALL_BUREAUS, REGION_UNITS),
        body=(
            f"经核查，{unit_name}的{base_name}（备案号：{filing_number}）{reason}。根据{MEASURES}{basis}规定，"
            f"经研究，决定自{chinese_date(revoked_on)}起取消其内蒙古自治区博士后创新实践基地备案。",
        ),
        closing=(
            *after,
            "请"
            + (office or "自治区人力资源和社会保障厅博士后管理工作机构")
            + "督促该单位妥善做好在基地博士后研究人员的后续安排和档案移交工作。",
        ),
        public=True,
        cc=tuple(name for name in (unit_name,) if name),
    )


def _revocation_build(case: RevocationCase, number: str, issued_on: date) -> OfficialDocument:
    base = case.base
    return _revocation_content(
        base_name=base.name, unit_name=base.unit.name, filing_number=base.filing_number, bureau=base.unit.bureau,
        ground=case.ground, revoked_on=case.revoked_on or issued_on, number=number, issued_on=issued_on,
    )  # fmt: skip


def _revocation_sample(number: str, issued_on: date) -> OfficialDocument:
    return _revocation_content(
        base_name="示例单位博士后创新实践基地", unit_name="示例单位", filing_number="蒙博基备〔2024〕001号",
        bureau=None, ground=RevocationGround.EMPTY_TWO_YEARS, revoked_on=issued_on, number=number,
        issued_on=issued_on,
    )  # fmt: skip


# --- 退出基地决定: a postdoc withdrawn from a base (第二十三条) -------------------------------------------------
def withdrawal_title(postdoc_name: str) -> str:
    return f"关于{postdoc_name}同志退出博士后创新实践基地的决定"


def _withdrawal_content(*, postdoc, base_name, unit_name, station, bureau, reason, facts, number, issued_on):
    article = withdrawal_article(reason)
    return OfficialDocument(
        title=withdrawal_title(postdoc),
        number=number,
        issued_on=issued_on,
        addressees=tuple(
            name for name in (unit_name, f"{station}博士后科研流动站" if station else "") if name
        ),
        body=(
            f"{base_name}博士后研究人员{postdoc}，经核实，存在“{WithdrawalReason(reason).label}”的情形。"
            + facts,
            f"根据{MEASURES}{article}规定，决定{postdoc}同志退出{base_name}。退出基地的博士后研究人员，"
            "不再享受正常出基地的相关政策。",
        ),
        closing=("请设站单位和合作流动站按规定办理相关手续，并将办理情况报自治区人力资源和社会保障厅备案。",),
        public=False,
        cc=tuple(name for name in (_bureau_office(bureau),) if name),
    )


def _withdrawal_build(case: WithdrawalCase, number: str, issued_on: date) -> OfficialDocument:
    appointment = case.appointment
    facts = case.facts.strip()
    if facts and facts[-1] not in "。！？":
        facts += "。"
    return _withdrawal_content(
        postdoc=appointment.postdoc.name, base_name=appointment.base.name, unit_name=appointment.base.unit.name,
        station=str(appointment.station) if appointment.station_id else "", bureau=appointment.base.unit.bureau,
        reason=case.reason, facts=facts, number=number, issued_on=case.decided_on or issued_on,
    )  # fmt: skip


def _withdrawal_sample(number: str, issued_on: date) -> OfficialDocument:
    return _withdrawal_content(
        postdoc="张三", base_name="示例单位博士后创新实践基地", unit_name="示例单位", station="示例大学·化学",
        bureau=None, reason=WithdrawalReason.ABROAD_OVERDUE, facts="", number=number, issued_on=issued_on,
    )  # fmt: skip


SPECS: dict[str, DocumentSpec] = {
    spec.kind: spec
    for spec in (
        DocumentSpec(
            DocumentKind.FILING_NOTICE, Round, rounds_visible_to,
            ready=lambda round_: round_bases(round_).exists(), build=_filing_build, sample=_filing_sample,
        ),
        DocumentSpec(
            DocumentKind.REVOCATION_NOTICE, RevocationCase, revocations_visible_to,
            ready=lambda case: case.state == RevocationState.REVOKED, build=_revocation_build,
            sample=_revocation_sample,
        ),
        DocumentSpec(
            DocumentKind.WITHDRAWAL_DECISION, WithdrawalCase, withdrawals_visible_to,
            ready=lambda case: case.state == WithdrawalState.DECIDED_WITHDRAWN, build=_withdrawal_build,
            sample=_withdrawal_sample,
        ),
    )
}  # fmt: skip


def spec_for(kind: str) -> DocumentSpec:
    return SPECS[kind]


def specs_for_model(model: type[Model]) -> list[DocumentSpec]:
    return [spec for spec in SPECS.values() if spec.model is model]
