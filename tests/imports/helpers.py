"""Workbooks for the import tests, written as a user would fill the template."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.factories import make_uscc

UNIT_HEADERS = [
    "单位名称*", "统一社会信用代码*", "注册地盟市", "单位性质*", "隶属关系*", "主管部门",
    "具有独立法人资格", "已设博士后科研流动站", "已设博士后科研工作站", "地址", "联系人", "联系电话",
]  # fmt: skip


def unit_row(name="内蒙古稀土新材料有限公司", uscc=None, bureau="包头市", **extra):
    row = [name, uscc or make_uscc("150200"), bureau, "企业", "地方单位", "", "是", "否", "否", "包头市昆区",
           "王经理", "0472-1234567"]  # fmt: skip
    for index, value in extra.items():
        row[int(index.lstrip("c"))] = value
    return row


def workbook_bytes(rows, headers=UNIT_HEADERS, merge=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(data: bytes, name="units.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def bad_uscc() -> str:
    good = make_uscc("150200")
    return good[:17] + ("0" if good[17] != "0" else "1")


def run(client, job, only_valid=False):
    """Import a checked job (all rows, or only the valid ones), as the job page's buttons do."""
    return client.post(f"/imports/jobs/{job.pk}/run/", {"only_valid": "1" if only_valid else "0"})


def errors_by_row(job) -> dict:
    """The job's report as {row: {(column, message), ...}}."""
    found = {}
    for entry in job.report["rows"]:
        found.setdefault(entry["row"], set()).update((e["col"], e["message"]) for e in entry["errors"])
    return found
