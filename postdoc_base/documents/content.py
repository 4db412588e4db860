"""One official document's content, rendered two ways (DOCX from the office's template, PDF by WeasyPrint).

Laid out as GB/T 9704-2012 lays out 党政机关公文: 版头 (the issuing organ's mark in red, the document number,
the red separator line), 主体 (title, 主送机关, body, tables, signature organ and date, 此件主动公开), 版记 (抄送). A form (表, ``FORM``
layout) has no 版头 and no number: its title, its tables, and the issuing unit and date to seal.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date

ISSUER = "内蒙古自治区人力资源和社会保障厅"
ISSUER_MARK = f"{ISSUER}文件"
# The bureaus every region-wide notice addresses: the 12 leagues and cities, then the two separately planned
# cities (计划单列市) by name, which review their own units (第十一条), then the region's units.
ALL_BUREAUS = "各盟市人力资源和社会保障局，满洲里市、二连浩特市人力资源和社会保障局"
REGION_UNITS = "自治区各有关单位"
REGION_OFFICE = "自治区人力资源和社会保障厅"
DOCUMENT = "document"  # layout: a 公文 with its 版头
FORM = "form"  # layout: a form (表) without 版头 or number
MEASURES = "《内蒙古自治区博士后创新实践基地管理办法》（内人社办发〔2025〕196号）"


def chinese_date(day: date) -> str:
    """``2026年12月4日``: Arabic numerals without leading zeros (GB/T 9704 7.3.5.1). Not ``policy.common.person_date``:
    a 公文 is Chinese whatever language its issuer reads the site in."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class OfficialDocument:
    title: str
    number: str
    issued_on: date
    addressees: tuple[str, ...]
    body: tuple[str, ...]
    tables: tuple[Table, ...] = ()
    closing: tuple[str, ...] = ()
    signature: str = ISSUER
    public: bool = False
    cc: tuple[str, ...] = ()
    issuer_mark: str = ISSUER_MARK
    attachments: tuple[str, ...] = field(default=())
    layout: str = DOCUMENT

    @property
    def date_text(self) -> str:
        return chinese_date(self.issued_on)

    @property
    def addressee_line(self) -> str:
        return "，".join(self.addressees) + "：" if self.addressees else ""

    def context(self) -> dict:
        """What a DOCX template sees: plain strings and lists, named as the template guide says."""
        return {
            "issuer_mark": self.issuer_mark,
            "number": self.number,
            "title": self.title,
            "addressees": self.addressee_line,
            "body": list(self.body),
            "closing": list(self.closing),
            "signature": self.signature,
            "date": self.date_text,
            "public": self.public,
            "cc": "、".join(self.cc),
            "attachments": list(self.attachments),
            "tables": [
                {"caption": t.caption, "headers": list(t.headers), "rows": [list(r) for r in t.rows]}
                for t in self.tables
            ],
        }

    def content_hash(self) -> str:
        """SHA-256 of what the document says, without its number and date: two issues of the same content
        hash alike, so a download can tell whether the content changed since the last issue."""
        data = asdict(self)
        data.pop("number")
        data.pop("issued_on")
        if data["layout"] == DOCUMENT:  # the layout field came later: a 公文 hashes as it always did
            data.pop("layout")
        return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
