"""Issue 10, deliverable 2: an index for every default ordering and every filter of every list page and list API.

Each paged list declares what it reads next to its selector (``postdoc_base.kernel.listing``), and the list code
orders and filters through that declaration. Here the declarations are read back and checked against the live
schema (``connection.introspection.get_constraints``, so on SQLite and PostgreSQL alike), with the rules the
module states: the ordering, each filter and each wide scope has an index whose leading columns are the
filter's column (after the list's fixed ``where`` columns) followed by the ordering; each join hop an index
leading with its column.

A list that is not declared fails too: every page whose view (or a helper it calls) pages a queryset with
Django's ``Paginator``, every API operation that answers a page (``count`` and ``items``), and every page and API
of the benchmark's inventory (``bench/lists.py``) must be a declared list's.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from types import CodeType

import pytest
from django.apps import apps
from django.core.paginator import Paginator
from django.db import connection
from django.urls import URLResolver, get_resolver, resolve

from postdoc_base.api.api import api
from postdoc_base.kernel.listing import ListSpec, declared_lists

pytestmark = pytest.mark.django_db


def _lists() -> tuple[ListSpec, ...]:
    get_resolver().url_patterns  # noqa: B018 - imports every view, and so every selector that declares a list
    return declared_lists()


# --- what each list needs ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Need:
    list_name: str
    why: str
    model: type
    eq: frozenset[str]  # leading columns, in any order
    then: tuple[tuple[str, bool], ...] = ()  # then these columns in this order: (column, descending)

    def __str__(self) -> str:
        then = ", ".join(("-" if desc else "") + col for col, desc in self.then if col not in self.eq)
        eq = ", ".join(sorted(self.eq))
        return f"{self.list_name}: {self.why} needs an index on {self.model._meta.db_table} ({eq}{' | ' if then else ''}{then})"


def _column(model, name: str) -> str:
    return model._meta.pk.column if name == "pk" else model._meta.get_field(name).column


def _path(model, lookup: str) -> list[tuple[type, str]]:
    """The (table, column) each step of ``lookup`` reads: each join's key on the side that is searched (a
    foreign key of this table, or through a reverse relation the related table's key), then the column
    compared."""
    *hops, last = lookup.split("__")
    steps = []
    for hop in hops:
        field = model._meta.get_field(hop)
        if field.concrete:  # a foreign key of this table
            steps.append((model, field.column))
            model = field.related_model
        else:  # a reverse relation: the related table's foreign key to this one
            model = field.related_model
            steps.append((model, field.field.column))
    steps.append((model, _column(model, last)))
    return steps


def _needs(spec: ListSpec) -> list[Need]:
    model, where = spec.model, frozenset(_column(spec.model, w) for w in spec.where)
    own: list[tuple[str, bool]] = []  # the ordering up to its first column through a relation
    by_key: set[str] = set()  # the foreign keys an ordering through a relation groups the rows by
    needs = []
    for item in spec.ordering:
        name = item.lstrip("-")
        if "__" in name or by_key:
            if "__" in name:
                steps = _path(model, name)
                by_key.add(steps[0][1])
                needs += [Need(spec.name, f"ordering {item}", m, frozenset({c})) for m, c in steps]
            continue
        own.append((_column(model, name), item.startswith("-")))
    if own or where:
        needs.append(
            Need(spec.name, f"ordering {', '.join(spec.ordering)}", model, where | by_key, tuple(own))
        )

    def leading(why, lookups):
        paths = [_path(model, lookup) for lookup in lookups]
        for m, c in paths[0][:-1]:
            needs.append(Need(spec.name, why, m, frozenset({c})))
        needs.append(Need(spec.name, why, paths[0][-1][0], frozenset(p[-1][1] for p in paths)))

    def ordered(why, lookups):
        paths = [_path(model, lookup) for lookup in lookups]
        first = paths[0][0]
        if first[0] is not model:  # a reverse relation first: nothing of this table to read in order
            return leading(why, lookups)
        if len(paths[0]) == 1:  # columns of the list's table
            needs.append(Need(spec.name, why, model, where | by_key | {p[0][1] for p in paths}, tuple(own)))
        else:  # through a relation: its foreign key in the columns' place, then each further hop
            needs.append(Need(spec.name, why, model, where | by_key | {first[1]}, tuple(own)))
            for m, c in paths[0][1:-1]:
                needs.append(Need(spec.name, why, m, frozenset({c})))
            needs.append(Need(spec.name, why, paths[0][-1][0], frozenset(p[-1][1] for p in paths)))

    for param, lookup in spec.filters.items():
        (ordered if "__" not in lookup else leading)(f"filter ?{param}", [lookup])
    for scope in spec.scopes:
        group = scope if isinstance(scope, tuple) else (scope,)
        ordered(f"scope {' & '.join(group)}", group)
    for join in spec.joins:
        group = join if isinstance(join, tuple) else (join,)
        leading(f"join {' & '.join(group)}", group)
    return needs


# --- the live schema -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Index:
    name: str
    columns: tuple[str, ...]
    descending: tuple[bool, ...]
    unique: bool


def _partial_names() -> set[str]:
    """Indexes and unique constraints with a condition: they hold only some rows, so they serve no list."""
    return {
        item.name
        for model in apps.get_models()
        for item in (*model._meta.indexes, *model._meta.constraints)
        if getattr(item, "condition", None) is not None
    }


def _indexes(table: str, partial: set[str]) -> list[Index]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    found = []
    for name, c in constraints.items():
        columns = c["columns"]
        if name in partial or not columns or None in columns:
            continue
        if not (c.get("index") or c.get("unique") or c.get("primary_key")):
            continue  # a foreign key or a check (the foreign key's index is listed apart)
        orders = c.get("orders") or ["ASC"] * len(columns)
        found.append(
            Index(
                name,
                tuple(columns),
                tuple(o == "DESC" for o in orders),
                bool(c["unique"] or c["primary_key"]),
            )
        )
    return found


def _serves(index: Index, need: Need) -> bool:
    """The index's first columns are ``need.eq`` (any order), then the ordering (each column of it not fixed by
    ``eq``) all in the same direction or all reversed (read backwards). A unique index decides the order of
    the rows once all its columns are matched."""
    k = len(need.eq)
    if set(index.columns[:k]) != need.eq:
        return False
    rest = list(zip(index.columns[k:], index.descending[k:], strict=True))
    same = []
    for column, descending in (t for t in need.then if t[0] not in need.eq):
        if not rest:
            return index.unique
        if rest[0][0] != column:
            return False
        same.append(rest.pop(0)[1] == descending)
    return all(same) or not any(same)


def test_every_declared_list_has_an_index_for_its_ordering_filters_and_scopes():
    lists = _lists()
    assert lists
    partial = _partial_names()
    tables: dict[str, list[Index]] = {}
    missing = []
    for spec in lists:
        for need in _needs(spec):
            table = need.model._meta.db_table
            if table not in tables:
                tables[table] = _indexes(table, partial)
            if not any(_serves(index, need) for index in tables[table]):
                missing.append(str(need))
    assert not missing, "\n".join(missing)


def test_every_filter_is_indexed_or_says_why_not():
    for spec in _lists():
        assert not set(spec.filters) & set(spec.unindexed), spec.name
        for reason in spec.unindexed.values():
            assert reason.strip(), spec.name


# --- no list without a declaration ---------------------------------------------------------------------
def _code_names(code: CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, CodeType):
            names |= _code_names(const)
    return names


def _pages_a_queryset(func, seen: set) -> bool:
    """Whether ``func`` names Django's ``Paginator``, or calls a function of the project that does."""
    func = inspect.unwrap(func)
    func = getattr(func, "__func__", func)  # a bound method (the registry's list views)
    code = getattr(func, "__code__", None)
    if code is None or code in seen:
        return False
    seen.add(code)
    for name in _code_names(code):
        target = func.__globals__.get(name)
        if target is Paginator:
            return True
        ours = inspect.isfunction(target) and target.__module__.startswith("postdoc_base")
        if ours and _pages_a_queryset(target, seen):
            return True
    return False


def _url_patterns(resolver=None, namespace: str = ""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == api.urls_namespace:
                continue  # the API's operations are checked from its schema
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_patterns(pattern, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def _list_operations() -> dict[str, str]:
    """operation id -> path of every API operation that answers a page (``count`` and ``items``)."""
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    found = {}
    for path, methods in schema["paths"].items():
        for operation in methods.values():
            responses = operation["responses"]
            ok = (
                (responses.get(200) or responses.get("200") or {})
                .get("content", {})
                .get("application/json", {})
            )
            ref = ok.get("schema", {}).get("$ref", "")
            properties = components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
            if {"count", "items"} <= properties.keys():
                found[operation["operationId"]] = path
    return found


def test_every_paged_page_is_a_declared_list():
    paged = {name for name, view in _url_patterns() if _pages_a_queryset(view, set())}
    declared = {page for spec in _lists() for page in spec.pages}
    assert paged, "no paged page found: the detection is broken"
    assert paged - declared == set(), "pages that page a queryset without a list declaration"
    assert declared - paged == set(), "declared pages that are not paged list pages"


def test_every_list_operation_is_a_declared_list():
    operations = set(_list_operations())
    declared = {operation for spec in _lists() for operation in spec.apis}
    assert operations - declared == set(), "API operations answering a page without a list declaration"
    assert declared - operations == set(), "declared operations that do not answer a page"


def test_the_benchmarks_inventory_is_declared():
    from bench.lists import LISTS

    declared = _lists()
    pages = {page for spec in declared for page in spec.pages}
    apis_ = {operation for spec in declared for operation in spec.apis}
    operations = {path: operation for operation, path in _list_operations().items()}
    for bench in LISTS:
        if bench.page:
            match = resolve(bench.page)
            assert match.view_name in pages, (bench.name, bench.page)
        if bench.api:
            assert operations.get(bench.api) in apis_, (bench.name, bench.api)


def test_a_filter_without_a_value_is_no_filter_and_false_is_a_value():
    from postdoc_base.directory.models import MobileStation
    from postdoc_base.directory.selectors import STATION_LIST
    from postdoc_base.tenure.stay.selectors import APPOINTMENT_LIST

    in_region = MobileStation.objects.create(university="内蒙古大学", discipline="化学", in_region=True)
    outside = MobileStation.objects.create(university="北京大学", discipline="化学", in_region=False)
    everyone = MobileStation.objects.all()
    assert set(STATION_LIST.filter(everyone, in_region=None)) == {in_region, outside}
    assert list(STATION_LIST.filter(everyone, in_region=False)) == [outside]
    assert list(STATION_LIST.filter(everyone, in_region=True)) == [in_region]
    for blank in (None, "", 0):
        qs = APPOINTMENT_LIST.filter(APPOINTMENT_LIST.model.objects.all(), state=blank, base=blank)
        assert "WHERE" not in str(qs.query)
    with pytest.raises(KeyError):
        APPOINTMENT_LIST.filter(APPOINTMENT_LIST.model.objects.all(), nope="x")
