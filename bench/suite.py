"""The benchmark list: every list page and list API (first page and each filter, as the region administrator
and as one bureau officer, and anonymously where the public reads it), the home page and to-do list, the
inbox, the user page, exports, the sweeps, ``verify_audit`` and the concurrent writers."""

from __future__ import annotations

import re
import tempfile
from urllib.parse import urlencode

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from postdoc_base.accounts.models import ApiToken, User
from postdoc_base.directory.models import Bureau
from postdoc_base.web.exports import TITLE_ROWS

from . import lists
from .lists import BUREAU, PUBLIC, REGION
from .run import Bench, json_ids

BENCH_BUREAU = "150100"  # 呼和浩特市: the bureau with the most units
PAGE_SIZE = 25
EXPORT_CHECK_LIMIT = 60_000  # exports up to this many rows are read back to count their rows


class Suite:
    def __init__(self, database_url: str, scale: int):
        self.database_url = database_url
        self.scale = scale
        self.today = timezone.localdate()
        self.bureau = Bureau.objects.get(code=BENCH_BUREAU)
        self.users = {
            REGION: User.objects.get(username="region1"),
            BUREAU: User.objects.get(username=f"bureau{BENCH_BUREAU}_1"),
        }
        self.clients = {PUBLIC: Client()}
        self.api_clients = {PUBLIC: Client()}
        self.tokens = []
        for role, user in self.users.items():
            self.clients[role] = Client()
            self.clients[role].force_login(user)
            token, raw = ApiToken.issue(user)
            self.tokens.append(token.pk)
            self.api_clients[role] = Client(headers={"Authorization": f"Bearer {raw}"})
        self.pay_floor = self._pay_floor_case()
        self.writer_summary = ""

    def close(self) -> None:
        ApiToken.objects.filter(pk__in=self.tokens).delete()

    # --- SQL ------------------------------------------------------------------------------------------------
    def _pay_floor_case(self) -> str:
        from postdoc_base.kernel.params import salary_schedule
        from postdoc_base.tenure.outputs.services import pay_floor

        schedule = salary_schedule()
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT year FROM tenure_payrecord ORDER BY 1")
            years = [row[0] for row in cursor.fetchall()]
        if not years:
            return "0"
        whens = " ".join(f"WHEN {y} THEN {pay_floor(y, schedule)}" for y in years)
        return f"(CASE t.year {whens} END)"

    def sql(self, text: str) -> str:
        return text.replace("{today}", self.today.isoformat()).replace("{pay_floor}", self.pay_floor)

    def params(self, role: str, value=None) -> dict:
        return {"bureau": self.bureau.pk, "user": self.users.get(role, self.users[REGION]).pk, "v": value}

    def query(self, text: str, params: dict) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql(text), params)
            return cursor.fetchall()

    def _where(self, spec, role, flt, value) -> tuple[str, bool]:
        conditions = [spec.where[role]]
        if flt is not None:
            conditions.append(flt.condition(value))
        needs_join = (
            role == BUREAU or bool(flt and flt.join) or "u." in spec.where[role] or "b." in spec.where[role]
        )
        return " AND ".join(f"({c})" for c in conditions), needs_join

    def floor_page(self, spec, role, flt, value):
        where, needs_join = self._where(spec, role, flt, value)
        params = self.params(role, self._sql_value(flt, value))
        scope = spec.scope_join if needs_join else ""

        def run():
            count = self.query(f"SELECT count(*) FROM {spec.table} {scope} WHERE {where}", params)[0][0]  # noqa: S608
            rows = self.query(
                f"SELECT {spec.cols} FROM {spec.table} {spec.scope_join} {spec.joins} WHERE {where} "  # noqa: S608
                f"ORDER BY {spec.order} LIMIT {PAGE_SIZE}",
                params,
            )
            return count, [row[0] for row in rows]

        return run

    def floor_export(self, spec, role):
        where, _needs_join = self._where(spec, role, None, None)
        params = self.params(role)
        text = self.sql(
            f"SELECT {spec.export_cols or spec.cols} FROM {spec.table} {spec.scope_join} {spec.joins} "  # noqa: S608
            f"WHERE {where} ORDER BY {spec.order}"
        )

        def run():
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet(spec.name)
            count = 0
            with transaction.atomic(), connection.connection.cursor(name="bench_export") as cursor:
                cursor.itersize = 2000
                cursor.execute(text, params)
                for row in cursor:
                    sheet.append(row)
                    count += 1
            with tempfile.TemporaryFile() as out:
                workbook.save(out)
            return count

        return run

    @staticmethod
    def _sql_value(flt, value):
        if flt is None:
            return None
        return f"%{value}%" if flt.kind == "text" else value

    def values(self, spec, role, flt) -> list[str]:
        """The values measured for a filter: see ``bench.lists``."""
        if flt.kind == "text":
            return list(flt.values)
        if flt.kind == "bool":
            return [v for v, _sql in flt.values]
        conditions = spec.where[role]
        needs_join = role == BUREAU or flt.join or "u." in conditions or "b." in conditions
        scope = spec.scope_join if needs_join else ""
        params = self.params(role)
        if flt.kind == "max":
            rows = self.query(
                f"SELECT max({flt.column}) FROM {spec.table} {scope} WHERE {conditions}",  # noqa: S608
                params,
            )
            return [str(rows[0][0])] if rows[0][0] is not None else []
        rows = self.query(
            f"SELECT {flt.column}, count(*) FROM {spec.table} {scope} WHERE {conditions} "  # noqa: S608
            "GROUP BY 1 ORDER BY 2 DESC, 1",
            params,
        )
        rows = [r for r in rows if r[0] is not None]
        if not rows:
            return []
        if flt.kind == "top":
            return [str(rows[0][0])]
        return list(dict.fromkeys([str(rows[0][0]), str(rows[-1][0])]))

    # --- comparisons ----------------------------------------------------------------------------------------
    @staticmethod
    def page_rows(link):
        pattern = re.compile(link) if link else None

        def compare(body: bytes, floor) -> tuple[str, str]:
            count, ids = floor
            rows = f"{len(ids)}/{count:,}"
            if pattern is None:
                return rows, "–"
            shown = [int(i) for i in dict.fromkeys(pattern.findall(body.decode()))]
            return rows, "✓" if shown == ids else "✗"

        return compare

    @staticmethod
    def api_rows(body: bytes, floor) -> tuple[str, str]:
        count, ids = floor
        got_count, got_ids = json_ids(body)
        rows = f"{len(ids)}/{count:,}"
        return rows, "✓" if (got_count, got_ids) == (count, ids) else f"✗ ({len(got_ids)}/{got_count:,})"

    @staticmethod
    def export_rows(body: bytes, count) -> tuple[str, str]:
        if count > EXPORT_CHECK_LIMIT:
            return f"{count:,}", "–"
        with tempfile.TemporaryFile() as f:
            f.write(body)
            f.seek(0)
            sheet = load_workbook(f, read_only=True).worksheets[0]
            written = sum(1 for _ in sheet.iter_rows()) - TITLE_ROWS - 1  # the title rows and the header
        return f"{count:,}", "✓" if written == count else f"✗ ({written:,})"

    # --- requests -----------------------------------------------------------------------------------------
    @staticmethod
    def get(client, url: str, **headers):
        def run() -> bytes:
            response = client.get(url, **headers)
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code} for {url}")
            if response.streaming:
                return b"".join(response.streaming_content)
            return response.content

        return run

    # --- the list -----------------------------------------------------------------------------------------
    def benches(self) -> list[Bench]:
        from .special import special_benches

        out: list[Bench] = []
        for spec in lists.LISTS:
            for role in spec.page_roles:
                if spec.page and role in spec.where:
                    out += self._list_benches(spec, role, spec.page, spec.filters, api=False)
            for role in spec.api_roles:
                if spec.api and role in spec.where:
                    out += self._list_benches(spec, role, spec.api, spec.api_filters, api=True)
        out += special_benches(self)
        for spec in lists.LISTS:
            for role in spec.export_roles:
                if spec.export and role in spec.where:
                    floor = self.floor_export(spec, role)
                    out.append(Bench(f"export {spec.name}", role, self.get(self.clients[role], spec.export), floor,
                                     rows=self.export_rows))  # fmt: skip
        return out

    def _list_benches(self, spec, role, url, filters, *, api: bool) -> list[Bench]:
        client = (self.api_clients if api else self.clients)[role]
        kind = "api" if api else "page"
        compare = self.api_rows if api else self.page_rows(spec.link)
        out = [Bench(f"{kind} {spec.name}", role, self.get(client, url), self.floor_page(spec, role, None, None),
                     rows=compare)]  # fmt: skip
        for flt in filters:
            for value in self.values(spec, role, flt):
                shown = value.replace("{bureau}", str(self.bureau.pk))
                query = urlencode({flt.param: shown})
                out.append(Bench(f"{kind} {spec.name} ?{query}", role, self.get(client, f"{url}?{query}"),
                                 self.floor_page(spec, role, flt, value), rows=compare))  # fmt: skip
        return out
