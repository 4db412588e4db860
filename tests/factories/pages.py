"""What a query-count test also checks: the rows it counted queries for are really on the page (or in the JSON).

A list that runs a constant number of queries because it shows nothing would pass a count alone.
"""

from __future__ import annotations

import json
from html import escape


def body_text(response) -> str:
    """The response as text: JSON with its characters unescaped, HTML as served, a streamed body joined."""
    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(raw), ensure_ascii=False)
    return raw.decode()


def assert_rows_shown(response, texts) -> None:
    """Every one of ``texts`` (names, titles, labels of the rows created) is in the response's body."""
    texts = list(texts)
    assert texts, "no rows to look for"
    body = body_text(response)
    is_json = response.get("Content-Type", "").startswith("application/json")
    missing = [t for t in texts if (str(t) if is_json else escape(str(t))) not in body]
    assert not missing, f"{len(missing)} of {len(texts)} rows not shown: {missing[:5]}"


def json_ids(response, key: str = "items") -> set[int]:
    """The ids of the rows of a paginated JSON list."""
    return {item["id"] for item in response.json()[key]}


def xlsx_bytes(response) -> bytes:
    """An export response's body (a file download is streamed)."""
    return b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content


def xlsx_book(response_or_bytes, read_only: bool = True):
    """The export's workbook, from its response or its bytes."""
    from io import BytesIO

    from openpyxl import load_workbook

    raw = response_or_bytes if isinstance(response_or_bytes, bytes) else xlsx_bytes(response_or_bytes)
    return load_workbook(BytesIO(raw), read_only=read_only)


def sheet_table(sheet) -> list[tuple]:
    """A sheet's header and data rows: the rows below its title rows (web.exports.TITLE_ROWS)."""
    from postdoc_base.web.exports import TITLE_ROWS

    return [tuple(row) for row in sheet.iter_rows(min_row=TITLE_ROWS + 1, values_only=True)]


def xlsx_rows(response_or_bytes, sheet: int = 0) -> list[tuple]:
    """The header and data rows of an export's sheet (the first by default), as tuples of values."""
    return sheet_table(xlsx_book(response_or_bytes).worksheets[sheet])


def xlsx_cells(response) -> set[str]:
    """Every non-empty cell of an Excel export's tables (each sheet's header and rows), as text."""
    return {
        str(v)
        for sheet in xlsx_book(response).worksheets
        for row in sheet_table(sheet)
        for v in row
        if v is not None
    }
