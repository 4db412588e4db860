"""The generator's plumbing: the seeded random source, dates relative to the ``--as-of`` day, batched inserts,
and the timestamps the models would set themselves (``auto_now``, ``auto_now_add``) taken as given."""

from __future__ import annotations

import enum
import random
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection, models
from psycopg.types.json import Jsonb

from postdoc_base.kernel.fields import EncryptedTextField, LookupHashField

TZ = ZoneInfo("Asia/Shanghai")


@contextmanager
def timestamps_as_given():
    """While generating, ``created_at``/``updated_at`` keep the values the generator gives them (a base filed
    in 2020 was created in 2020): ``auto_now``/``auto_now_add`` are switched off in this process only."""
    switched = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
                switched.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in switched:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


AUTO_TIMESTAMPS = ("created_at", "updated_at", "uploaded_at")


def _getters(model, now):
    """One function per column giving the value COPY writes for an instance, as ``save()`` would store it:
    foreign keys from related objects saved after they were assigned, ID numbers encrypted and hashed by the
    project's own fields (``EncryptedTextField``, ``LookupHashField``: ``kernel.crypto``), JSON as jsonb."""

    def plain(attname):
        def get(obj):
            value = obj.__dict__.get(attname)
            return value.value if isinstance(value, enum.Enum) else value

        return get

    def foreign(field):
        def get(obj):
            value = obj.__dict__.get(field.attname)
            if value is None:
                related = obj._state.fields_cache.get(field.name)
                if related is not None:
                    value = obj.__dict__[field.attname] = related.pk  # not the descriptor: keep the cache
            return value

        return get

    getters = []
    for field in model._meta.concrete_fields:
        if field.is_relation:
            getters.append(foreign(field))
        elif isinstance(field, EncryptedTextField):
            getters.append(lambda obj, f=field: f.get_prep_value(obj.__dict__.get(f.attname)))
        elif isinstance(field, LookupHashField):
            getters.append(lambda obj, f=field: f.pre_save(obj, True))
        elif isinstance(field, models.JSONField):
            getters.append(
                lambda obj, a=field.attname: None if obj.__dict__.get(a) is None else Jsonb(obj.__dict__[a])
            )
        elif field.name in AUTO_TIMESTAMPS:
            getters.append(lambda obj, a=field.attname: obj.__dict__.get(a) or now)
        else:
            getters.append(plain(field.attname))
    return getters


class GenBase:
    def __init__(self, *, scale: int, seed: int, today: date):
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today
        self.now = datetime.combine(today, time(18, 0), TZ)
        self.counts: Counter = Counter()
        self.next_id: dict[str, int] = {}

    # --- numbers and choices ----------------------------------------------------------------------------
    def n(self, per_1x: float) -> int:
        """A count that grows with the scale."""
        return max(1, round(per_1x * self.scale))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, weighted: dict):
        """A key of ``weighted`` with probability proportional to its value."""
        keys = list(weighted)
        return self.rng.choices(keys, weights=[weighted[k] for k in keys])[0]

    # --- dates ------------------------------------------------------------------------------------------
    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def at(self, day: date) -> datetime:
        """A moment in office hours on ``day`` (never after the generator's "now")."""
        moment = datetime.combine(
            day,
            time(self.rng.randint(8, 17), self.rng.randint(0, 59), self.rng.randint(0, 59),
                 self.rng.randint(0, 999_999)),
            TZ,
        )  # fmt: skip
        return min(moment, self.now - timedelta(microseconds=self.rng.randint(1, 10**9)))

    # --- writes -----------------------------------------------------------------------------------------
    def bulk(self, model, objs: list) -> list:
        """Insert ``objs`` with COPY; primary keys are given here (the sequences are moved past them at the end,
        ``fix_sequences``), so later rows can point at these. Returns ``objs``."""
        if not objs:
            return objs
        meta = model._meta
        table = meta.db_table
        if isinstance(meta.pk, models.fields.AutoFieldMixin):
            if table not in self.next_id:
                with connection.cursor() as cursor:
                    cursor.execute(f'SELECT COALESCE(MAX("{meta.pk.column}"), 0) + 1 FROM "{table}"')  # noqa: S608
                    self.next_id[table] = cursor.fetchone()[0]
            first = self.next_id[table]
            for offset, obj in enumerate(objs):
                obj.pk = first + offset
            self.next_id[table] = first + len(objs)
        getters = _getters(model, self.now)
        columns = ", ".join(f'"{f.column}"' for f in meta.concrete_fields)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy,
        ):
            for obj in objs:
                copy.write_row([get(obj) for get in getters])
                obj._state.adding, obj._state.db = False, "default"
        self.counts[table] += len(objs)
        return objs

    def bulk_rows(self, model, columns: list[str], rows: list[tuple]) -> None:
        """COPY plain tuples (``columns`` are field names) for a table with many derived rows; ids are given
        as in ``bulk``."""
        if not rows:
            return
        meta = model._meta
        table = meta.db_table
        if table not in self.next_id:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX("{meta.pk.column}"), 0) + 1 FROM "{table}"')  # noqa: S608
                self.next_id[table] = cursor.fetchone()[0]
        first = self.next_id[table]
        names = ", ".join(f'"{meta.get_field(c).column}"' for c in (meta.pk.name, *columns))
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
        ):
            for offset, row in enumerate(rows):
                copy.write_row((first + offset, *row))
        self.next_id[table] = first + len(rows)
        self.counts[table] += len(rows)

    def fix_sequences(self) -> None:
        """Move each table's id sequence past the ids given by ``bulk``."""
        with connection.cursor() as cursor:
            for table, next_id in self.next_id.items():
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [f'"{table}"', next_id - 1]
                )
