"""The registry (departments, stations, experts, units), establishment rounds, base applications in every state
of every round with their preliminary reviews, expert panels, public notices and objections, and the filed
bases (chapter 3)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from postdoc_base.directory.enums import Industry
from postdoc_base.directory.models import Bureau, CompetentDepartment, Expert, MobileStation, Unit
from postdoc_base.establishment.enums import ApplicationState as S
from postdoc_base.establishment.enums import ObjectionState, PriorityCategory, RoundState
from postdoc_base.establishment.models import (
    BaseApplication,
    NoticeItem,
    Objection,
    PreliminaryReview,
    PriorityClaim,
    PublicNotice,
    ResearchProject,
    Round,
    SeniorResearcher,
)
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.models import FilingSequence, PracticeBase
from postdoc_base.policy.establishment import Affiliation, UnitNature, affiliations_through
from postdoc_base.policy.establishment.procedure import ReviewLevel, filing_number
from postdoc_base.policy.identifiers import USCC_CHARSET, uscc_check_char
from postdoc_base.review.enums import AssignmentState, PanelPhase, PanelPurpose
from postdoc_base.review.models import Assignment, Panel, PanelMember, Rubric, RubricItem

from . import vocab
from .gen_base import GenBase

# Share of the region's units registered in each bureau (by division code).
BUREAU_WEIGHTS = {
    "150100": 20, "150200": 16, "150600": 14, "150400": 9, "150500": 7, "150700": 6, "150900": 5,
    "150800": 5, "150300": 4, "152500": 4, "152200": 3, "152900": 3, "150781": 2, "152501": 2,
}  # fmt: skip
USCC_PREFIX = {UnitNature.ENTERPRISE: "91", UnitNature.INSTITUTION: "12", UnitNature.OTHER: "52"}
THROUGH_BUREAU = set(affiliations_through(ReviewLevel.BUREAU))
THROUGH_DEPARTMENT = set(affiliations_through(ReviewLevel.DEPARTMENT))
# States of applications in the open round, by weight; each is kept only where the unit's route allows it.
OPEN_ROUND_STATES = {
    S.DRAFT: 14, S.DEPT_REVIEW: 8, S.BUREAU_REVIEW: 14, S.RECOMMENDED: 10, S.RETURNED: 8, S.AT_REGION: 12,
    S.EXPERT_REVIEW: 14, S.REJECTED: 5, S.WITHDRAWN: 5,
}  # fmt: skip
REVIEWED_STATES = (S.EXPERT_REVIEW, S.PASSED, S.IN_NOTICE, S.FILED)
ALIASES = "ABCDEFGHIJ"
# 所属行业 (GB/T 4754-2017 section) of a unit by the trade word in its name (vocab.INDUSTRY); a research
# institute, a testing centre or a hospital is classified by what it does, whatever its trade word.
INDUSTRY_OF_WORD = {
    "稀土": Industry.B, "新材料": Industry.C, "能源": Industry.D, "电力": Industry.D, "光伏": Industry.D,
    "风电": Industry.D, "氢能": Industry.D, "煤化工": Industry.C, "乳业": Industry.C, "羊绒": Industry.C,
    "生物医药": Industry.C, "蒙医药": Industry.C, "农牧业": Industry.A, "种业": Industry.A, "草业": Industry.A,
    "环保": Industry.N, "冶金": Industry.C, "装备制造": Industry.C, "信息技术": Industry.I, "数据": Industry.I,
    "云计算": Industry.I, "智能制造": Industry.C, "化工": Industry.C, "建材": Industry.C, "交通": Industry.G,
    "水务": Industry.D, "林业": Industry.A, "马铃薯": Industry.A, "肉业": Industry.C, "节能": Industry.M,
}  # fmt: skip
INDUSTRY_OF_SUFFIX = {
    "研究院": Industry.M, "研究所": Industry.M, "技术中心": Industry.M, "检验检测中心": Industry.M, "医院": Industry.Q,
}  # fmt: skip
UNSTATED_INDUSTRY_EVERY = 20  # one unit in 20 registered before the field existed: 未填写


class RegistryMixin(GenBase):
    # --- registry -----------------------------------------------------------------------------------------
    def registry(self) -> None:
        self.bureaus = list(Bureau.objects.order_by("order", "id"))
        self.bureau_by_code = {b.code: b for b in self.bureaus}
        self.departments = self.bulk(
            CompetentDepartment,
            [
                CompetentDepartment(
                    name=name if k < len(vocab.DEPARTMENT_NAMES) else f"{name}（第{k // len(vocab.DEPARTMENT_NAMES) + 1}组）",
                    code=f"D{k + 1:05d}", created_at=self.at(date(2017, 1, 1) + timedelta(days=k % 700)),
                )  # fmt: skip
                for k, name in ((k, vocab.DEPARTMENT_NAMES[k % len(vocab.DEPARTMENT_NAMES)])
                                for k in range(self.n(15)))
            ],
        )  # fmt: skip
        self._stations()
        self.experts = self.bulk(
            Expert,
            [
                Expert(
                    name=self.person_name(),
                    field=self.rng.choice(vocab.DISCIPLINES)[1],
                    title=self.rng.choice(vocab.TITLES[:3]),
                    employer=self.rng.choice(vocab.UNIVERSITIES_IN_REGION + vocab.UNIVERSITIES_OUTSIDE),
                    active=self.chance(0.95),
                    created_at=self.at(self.days_ago(30, 3000)),
                )  # fmt: skip
                for _ in range(self.n(100))
            ],
        )
        self._units()

    def person_name(self) -> str:
        rng = self.rng
        if rng.random() < 0.12:  # Mongolian-origin names, often written with the middle dot
            first = rng.choice(vocab.MONGOLIAN)
            return f"{first}·{rng.choice(vocab.MONGOLIAN)}" if rng.random() < 0.5 else first
        given = rng.choice(vocab.GIVEN) + (rng.choice(vocab.GIVEN) if rng.random() < 0.7 else "")
        return rng.choice(vocab.SURNAMES) + given

    def phone(self) -> str:
        return f"1{self.rng.choice('3456789')}{self.rng.randint(0, 999_999_999):09d}"

    def _stations(self) -> None:
        synthetic = [f"{w}{s}" for s in ("大学", "理工大学", "农业大学", "医学院", "师范学院", "职业技术大学")
                     for w in vocab.CITY_WORDS]  # fmt: skip
        universities = list(vocab.UNIVERSITIES_IN_REGION + vocab.UNIVERSITIES_OUTSIDE) + synthetic
        pairs = [(u, d) for u in universities for d in vocab.DISCIPLINES]
        self.rng.shuffle(pairs)
        wanted = self.n(50)
        if wanted > len(pairs):
            raise SystemExit(f"at most {len(pairs)} distinct stations can be named")
        outside = set(vocab.UNIVERSITIES_OUTSIDE)
        self.stations = self.bulk(
            MobileStation,
            [
                MobileStation(
                    university=u,
                    discipline=d,
                    discipline_code=code,
                    in_region=u not in outside,
                    created_at=self.at(self.days_ago(400, 3000)),
                )  # fmt: skip
                for u, (code, d) in pairs[:wanted]
            ],
        )

    def _uscc(self, index: int, nature: str, bureau: Bureau) -> str:
        value = (index * 1_000_003 + 7_654_321) % 31**9
        body = ""
        for _ in range(9):
            value, digit = divmod(value, 31)
            body = USCC_CHARSET[digit] + body
        first17 = USCC_PREFIX[nature] + bureau.code[:4] + "02" + body
        return first17 + uscc_check_char(first17)

    def _units(self) -> None:
        rng = self.rng
        self.n_bases = self.n(300)
        names: set[str] = set()
        units = []
        for i in range(self.n_bases + self.n(200)):
            bureau = self.bureau_by_code[self.pick(BUREAU_WEIGHTS)]
            nature = self.pick({UnitNature.ENTERPRISE: 65, UnitNature.INSTITUTION: 30, UnitNature.OTHER: 5})
            affiliation = self.pick({Affiliation.LOCAL: 75, Affiliation.CENTRAL: 12, Affiliation.REGION: 13})
            place = bureau.name.rstrip("市盟") if rng.random() < 0.7 else rng.choice(vocab.CITY_WORDS)
            suffix = rng.choice(
                vocab.UNIT_SUFFIX if nature == UnitNature.ENTERPRISE else vocab.INSTITUTION_SUFFIX
            )
            # The draws in the order they always had (city word, then trade words), so a seed gives the same rows.
            city = rng.choice(vocab.CITY_WORDS)
            trade = rng.choice(vocab.INDUSTRY)
            name = f"{place}{city}{trade}{suffix}"
            while name in names:
                city = rng.choice(vocab.CITY_WORDS)
                trade = rng.choice(vocab.INDUSTRY)
                name = f"{place}{city}{trade}{rng.choice(vocab.INDUSTRY)}{suffix}"
            names.add(name)
            # Derived from the name, with no draw of its own.
            industry = INDUSTRY_OF_SUFFIX.get(suffix) or INDUSTRY_OF_WORD[trade]
            if i % UNSTATED_INDUSTRY_EVERY == UNSTATED_INDUSTRY_EVERY - 1:
                industry = ""
            department = rng.choice(self.departments) if affiliation != Affiliation.LOCAL else None
            units.append(
                Unit(
                    name=name,
                    uscc=self._uscc(i, nature, bureau),
                    bureau=bureau,
                    nature=nature,
                    industry=industry,
                    affiliation=affiliation,
                    department=department,
                    address=f"{bureau.name}{rng.randint(1, 300)}号",
                    contact_name=self.person_name(),
                    contact_phone=self.phone(),
                    created_at=self.at(self.days_ago(1500, 3600)),
                )  # fmt: skip
            )
            units[-1].updated_at = units[-1].created_at
        self.units = units  # inserted after the bases set their flags

    # --- rounds -------------------------------------------------------------------------------------------
    def rounds(self) -> None:
        year = self.today.year
        rounds = []
        for offset, state in ((-8, RoundState.CLOSED), (-6, RoundState.CLOSED), (-4, RoundState.CLOSED),
                              (-2, RoundState.CLOSED), (0, RoundState.OPEN), (2, RoundState.DRAFT)):  # fmt: skip
            y = year + offset
            if state == RoundState.OPEN:
                opened, app_deadline, review_deadline = self.today - timedelta(days=70), None, None
                app_deadline = self.today + timedelta(days=30)
                review_deadline = self.today + timedelta(days=75)
            else:
                opened = date(y, 3, 1)
                app_deadline, review_deadline = date(y, 6, 30), date(y, 8, 31)
            r = Round(
                name=f"{y}年度博士后创新实践基地设立", year=y, state=state, application_deadline=app_deadline,
                review_deadline=review_deadline, notes="", created_at=self.at(opened - timedelta(days=20)),
                opened_at=self.at(opened) if state != RoundState.DRAFT else None,
                closed_at=self.at(date(y, 7, 1)) if state == RoundState.CLOSED else None,
            )  # fmt: skip
            r._bench_at = r.closed_at or r.opened_at or r.created_at
            rounds.append(r)
        self.rounds_all = self.bulk(Round, rounds)
        self.closed_rounds = [r for r in rounds if r.state == RoundState.CLOSED]
        self.open_round = next(r for r in rounds if r.state == RoundState.OPEN)
        self.latest_closed = self.closed_rounds[-1]
        self.track("round", rounds)

    # --- applications and bases -----------------------------------------------------------------------------
    def _application(self, unit: Unit, round_: Round, state: str, submitted: date | None) -> BaseApplication:
        rng = self.rng
        submitted_at = self.at(submitted) if submitted and state not in (S.DRAFT,) else None
        route_bureau = unit.affiliation in THROUGH_BUREAU
        route_dept = unit.affiliation in THROUGH_DEPARTMENT
        past_dept = state not in (S.DRAFT, S.DEPT_REVIEW, S.RETURNED, S.WITHDRAWN) and not (
            state == S.REJECTED and rng.random() < 0.2
        )
        past_bureau = state in (S.AT_REGION, S.EXPERT_REVIEW, S.PASSED, S.IN_NOTICE, S.FILED) or (
            state == S.REJECTED and rng.random() < 0.5
        )
        app = BaseApplication(
            round=round_, unit=unit, state=state, affiliation=unit.affiliation if submitted_at else "",
            operating_well=rng.random() < 0.95, operating_status="近三年营业收入稳定增长，无不良信用记录。",
            rnd_institution=f"{unit.name}技术研发中心，面积{rng.randint(500, 8000)}平方米。",
            station=rng.choice(self.stations), recruitment_plan="每年招收博士后研究人员1至3名。",
            planned_recruits=rng.randint(1, 5), management_rules="已制定博士后工作管理办法。",
            research_conditions="具备开展研究所需的仪器设备和实验条件。", living_conditions="提供人才公寓。",
            offered_annual_pay_yuan=rng.randrange(110_000, 320_000, 5000), contact_name=self.person_name(),
            contact_phone=self.phone(), submitted_at=submitted_at,
            dept_consented_at=submitted_at + timedelta(days=rng.randint(3, 15))
            if submitted_at and route_dept and past_dept else None,
            forwarded_at=submitted_at + timedelta(days=rng.randint(15, 40))
            if submitted_at and route_bureau and past_bureau else None,
            created_at=self.at((submitted or self.today) - timedelta(days=rng.randint(1, 20))),
        )  # fmt: skip
        app.updated_at = max(
            t for t in (app.created_at, app.submitted_at, app.dept_consented_at, app.forwarded_at) if t
        )
        app._bench_at = app.updated_at
        return app

    def applications_and_bases(self) -> None:
        rng = self.rng
        base_units, other_units = self.units[: self.n_bases], self.units[self.n_bases :]
        weights = {r.year: w for r, w in zip(self.closed_rounds, (20, 25, 25, 30), strict=True)}
        by_year = {r.year: r for r in self.closed_rounds}
        apps: list[BaseApplication] = []
        bases: list[PracticeBase] = []
        serials: dict[int, int] = {}
        rounds_of_unit: dict[int, set] = {}
        filings = []
        for unit in base_units:
            round_ = by_year[self.pick(weights)]
            filed_on = min(round_.review_deadline + timedelta(days=rng.randint(60, 120)), self.today)
            filings.append((filed_on, unit, round_))
        filings.sort(key=lambda f: (f[0], f[1].name))
        for filed_on, unit, round_ in filings:
            app = self._application(
                unit, round_, S.FILED, round_.application_deadline - timedelta(days=rng.randint(5, 60))
            )
            app.updated_at = app._bench_at = self.at(filed_on)
            apps.append(app)
            rounds_of_unit.setdefault(id(unit), set()).add(round_.year)
            serial = serials[filed_on.year] = serials.get(filed_on.year, 0) + 1
            state = self.pick({BaseState.ACTIVE: 92, BaseState.REVOKED: 5, BaseState.CANCELLED: 3})
            if state == BaseState.REVOKED:
                unit.base_revoked_on = self.between(filed_on + timedelta(days=730), self.today)
            elif state == BaseState.CANCELLED:
                unit.has_workstation = True
            base = PracticeBase(
                unit=unit, application=app, name=f"{unit.name}博士后创新实践基地",
                filing_number=filing_number(filed_on.year, serial), filing_year=filed_on.year,
                filing_serial=serial, filed_on=filed_on, state=state, created_at=self.at(filed_on),
            )  # fmt: skip
            base._bench_at = base.created_at
            bases.append(base)
            # Some base units had applied before, in an earlier round, and were turned down.
            earlier = [r for r in self.closed_rounds if r.year < round_.year]
            if earlier and rng.random() < 0.2:
                r = rng.choice(earlier)
                apps.append(
                    self._application(unit, r, S.REJECTED, r.application_deadline - timedelta(days=30))
                )
                rounds_of_unit[id(unit)].add(r.year)
        for unit in other_units:
            taken = rounds_of_unit.setdefault(id(unit), set())
            if rng.random() < 0.8:
                state = self._open_round_state(unit)
                submitted = self.days_ago(5, 60) if state != S.DRAFT else None
                apps.append(self._application(unit, self.open_round, state, submitted))
                taken.add(self.open_round.year)
            if (
                rng.random() < 0.15
            ):  # the latest closed round: passed and in notice, or turned down by objection
                state = self.pick({S.PASSED: 35, S.IN_NOTICE: 55, S.REJECTED: 10})
                r = self.latest_closed
                app = self._application(unit, r, state, r.application_deadline - timedelta(days=20))
                app._objection_upheld = state == S.REJECTED
                apps.append(app)
                taken.add(r.year)
            if rng.random() < 0.3:
                r = rng.choice(self.closed_rounds[:-1])
                if r.year not in taken:
                    state = self.pick({S.REJECTED: 70, S.WITHDRAWN: 30})
                    submitted = r.application_deadline - timedelta(days=20) if rng.random() < 0.8 else None
                    apps.append(self._application(unit, r, state, submitted))
        self.bulk(Unit, self.units)
        self.applications = self.bulk(BaseApplication, apps)
        self.bases = self.bulk(PracticeBase, bases)
        self.bulk(FilingSequence, [FilingSequence(year=y, last_number=n) for y, n in sorted(serials.items())])
        self.active_bases = [b for b in self.bases if b.state == BaseState.ACTIVE]
        self.track("base_application", self.applications)
        self._application_details()

    def _open_round_state(self, unit: Unit) -> str:
        while True:
            state = self.pick(OPEN_ROUND_STATES)
            if state == S.DEPT_REVIEW and unit.affiliation not in THROUGH_DEPARTMENT:
                continue
            if state in (S.BUREAU_REVIEW, S.RECOMMENDED) and unit.affiliation not in THROUGH_BUREAU:
                continue
            return state

    def _application_details(self) -> None:
        rng = self.rng
        researchers, projects, claims, reviews = [], [], [], []
        for app in self.applications:
            for _ in range(rng.randint(1, 3)):
                researchers.append(SeniorResearcher(application=app, name=self.person_name(),
                                                    title=rng.choice(vocab.TITLES), field=rng.choice(vocab.INDUSTRY)))  # fmt: skip
            projects.append(ResearchProject(application=app, title=f"{rng.choice(vocab.TOPIC_WORDS)}研究",
                                            summary="面向企业关键技术需求。"))  # fmt: skip
            if rng.random() < 0.5:
                claims.append(PriorityClaim(application=app, category=rng.choice(PriorityCategory.values),
                                            description="见证明材料。", year=app.round.year - 1))  # fmt: skip
            reviewed_by_bureau = app.forwarded_at is not None or app.state == S.RECOMMENDED
            if reviewed_by_bureau and app.affiliation in THROUGH_BUREAU:
                reviews.append(
                    PreliminaryReview(
                        application=app,
                        condition_checks={str(k): True for k in range(1, 6)},
                        condition_comments={},
                        inspection="已实地考察。",
                        inspected_on=(app.submitted_at + timedelta(days=10)).date(),
                        recommendation="同意推荐。",
                        rank=rng.randint(1, 20),
                        updated_at=app.submitted_at + timedelta(days=12),
                    )  # fmt: skip
                )
        self.bulk(SeniorResearcher, researchers)
        self.bulk(ResearchProject, projects)
        self.bulk(PriorityClaim, claims)
        self.bulk(PreliminaryReview, reviews)
        self._notices()
        self._establishment_panels()

    def _notices(self) -> None:
        rng = self.rng
        notices, items, objections = [], [], []
        by_round: dict[int, list] = {}
        for app in self.applications:
            noticed = app.state in (S.IN_NOTICE, S.FILED) or getattr(app, "_objection_upheld", False)
            if noticed:
                by_round.setdefault(app.round_id, []).append(app)
        for round_ in self.closed_rounds:
            listed = by_round.get(round_.pk, [])
            current = [a for a in listed if a.state != S.FILED]
            groups = [(sorted((a for a in listed if a.state == S.FILED), key=lambda a: a.unit.name),
                       round_.review_deadline + timedelta(days=20))]  # fmt: skip
            if current:
                groups.append((sorted(current, key=lambda a: a.unit.name), self.today - timedelta(days=2)))
            for apps, published in groups:
                if not apps:
                    continue
                ends = published + timedelta(days=7)
                notice = PublicNotice(
                    round=round_, title=f"{round_.name}拟备案博士后创新实践基地名单公示", body="",
                    working_days=5, published_on=published, ends_on=ends, contact="0471-0000000",
                    created_at=self.at(published),
                )  # fmt: skip
                notices.append(notice)
                for order, app in enumerate(apps, start=1):
                    item = NoticeItem(notice=notice, application=app, order=order)
                    items.append(item)
                    upheld = getattr(app, "_objection_upheld", False)
                    if upheld or rng.random() < (0.15 if app.state == S.IN_NOTICE else 0.03):
                        state = (ObjectionState.UPHELD if upheld else ObjectionState.PENDING
                                 if app.state == S.IN_NOTICE else ObjectionState.DISMISSED)  # fmt: skip
                        o = Objection(
                            item=item, state=state, name=self.person_name(), contact=self.phone(),
                            text="该单位申报材料中的研发人员情况与实际不符。",
                            decision="" if state == ObjectionState.PENDING else "经调查核实，作出如下处理。",
                            decided_at=None if state == ObjectionState.PENDING else self.at(min(ends, self.today)),
                            created_at=self.at(min(published + timedelta(days=rng.randint(0, 4)), self.today)),
                        )  # fmt: skip
                        o._bench_at = o.decided_at or o.created_at
                        objections.append(o)
        self.bulk(PublicNotice, notices)
        self.bulk(NoticeItem, items)  # Django fills each row's key from its saved parent, keeping the cache
        self.objections = self.bulk(Objection, objections)
        self.track("objection", self.objections)

    def _rubric(self, name: str, labels: list[str]) -> Rubric:
        rubric = self.bulk(Rubric, [Rubric(name=name, created_at=self.at(date(2017, 6, 1)))])[0]
        weight = Decimal(100) / len(labels)
        self.bulk(RubricItem, [RubricItem(rubric=rubric, label=label, weight=weight.quantize(Decimal("0.01")),
                                          order=k) for k, label in enumerate(labels)])  # fmt: skip
        return rubric

    def panel_with_members(self, *, name, purpose, context, rubric, phase, due_on, size, created) -> Panel:
        panel = Panel(name=name, purpose=purpose, context=context, rubric=rubric, phase=phase, due_on=due_on,
                      blind=purpose == PanelPurpose.ESTABLISHMENT, created_at=created)  # fmt: skip
        panel._bench_at = created
        experts = self.rng.sample(self.experts, size)
        panel._members = [
            PanelMember(panel=panel, expert=e, is_chair=k == 0, alias=f"专家{ALIASES[k]}")
            for k, e in enumerate(experts)
        ]
        return panel

    def _establishment_panels(self) -> None:
        rng = self.rng
        self.establishment_rubric = self._rubric("基地设立论证评议评分标准",
                                                 ["基本条件", "研发能力", "招收计划", "保障条件", "优先条件"])  # fmt: skip
        panels, assignments = [], []
        for round_ in (self.latest_closed, self.open_round):
            reviewed = [
                a for a in self.applications if a.round_id == round_.pk and a.state in REVIEWED_STATES
            ]
            if not reviewed:
                continue
            open_ = round_ is self.open_round
            panel = self.panel_with_members(
                name=f"{round_.name}论证评议专家组", purpose=PanelPurpose.ESTABLISHMENT, context=round_,
                rubric=self.establishment_rubric, phase=PanelPhase.INDEPENDENT if open_ else PanelPhase.CLOSED,
                due_on=self.today + timedelta(days=20) if open_ else round_.review_deadline + timedelta(days=10),
                size=5, created=self.at(self.today - timedelta(days=30) if open_ else round_.review_deadline),
            )  # fmt: skip
            panels.append(panel)
            for app in reviewed:
                for member in panel._members:
                    submitted = not open_ or rng.random() < 0.4
                    a = Assignment(
                        panel=panel, member=member, subject=app,
                        state=AssignmentState.SUBMITTED if submitted else AssignmentState.ASSIGNED,
                        total=Decimal(rng.randint(6000, 9600)) / 100 if submitted else None,
                        submitted_at=panel.created_at + timedelta(days=rng.randint(1, 15)) if submitted else None,
                        created_at=panel.created_at,
                    )  # fmt: skip
                    a._bench_at = a.submitted_at or a.created_at
                    assignments.append(a)
        self.save_panels(panels, assignments)

    def save_panels(self, panels: list[Panel], assignments: list[Assignment]) -> None:
        self.bulk(Panel, panels)
        self.bulk(PanelMember, [m for panel in panels for m in panel._members])
        self.bulk(Assignment, assignments)
        self.track("review_panel", panels)
        self.track("review_assignment", assignments)
