"""Upload checks: size limit and type decided by the file's content, not its name (PDF, JPEG, PNG, DOCX)."""

import hashlib
import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}  # fmt: skip


def sniff(head: bytes, data: bytes) -> str | None:
    """The file type by its leading bytes (and, for DOCX, its zip directory); None when not allowed."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


def check_upload(uploaded) -> tuple[str, str, bytes]:
    """Validate an uploaded file; returns (extension, content type, sha256) or raises ValidationError."""
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("文件过大：最大 %(mb)d MB。") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(_("文件为空。"), code="empty")
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    kind = sniff(data[:16], data)
    if kind is None:
        raise ValidationError(_("只接受 PDF、JPEG、PNG 或 DOCX 文件（按文件内容识别）。"), code="bad_type")
    return kind, ALLOWED[kind], hashlib.sha256(data).hexdigest()
