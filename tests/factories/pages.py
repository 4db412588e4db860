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


def xlsx_cells(response) -> set[str]:
    """Every non-empty cell of an Excel export's sheets, as text."""
    from io import BytesIO

    from openpyxl import load_workbook

    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    book = load_workbook(BytesIO(raw), read_only=True)
    return {
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    }
