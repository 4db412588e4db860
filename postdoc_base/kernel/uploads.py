"""Upload checks: size limit and type decided by the file's content, not its name (PDF, JPEG, PNG, DOCX).

The type is read from the content and then the content is checked to be what it claims, beyond its first
bytes: a PDF must have a PDF trailer, a PNG its header chunk, a JPEG its end marker; a DOCX must be a Word
document without macros (no VBA project, no macro-enabled content type, no embedded ActiveX) whose parts
inflate to a bounded size (a zip bomb is refused without being inflated).
"""

import hashlib
import io
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .files import original_name

ALLOWED = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}  # fmt: skip
# A Word document of text and a few images inflates to a few MB; 100 MB is far beyond any real one.
DOCX_MAX_INFLATED = 100 * 1024 * 1024
DOCX_MAX_PARTS = 2000
DOCX_MAX_RATIO = 200  # inflated size / stored size of one part
MACRO_MARKERS = (b"vbaProject", b"macroEnabled", b"activeX", b"vbaData")


def _bad(message, code: str) -> ValidationError:
    return ValidationError(message, code=code)


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
        except (zipfile.BadZipFile, ValueError):
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


def _check_pdf(data: bytes) -> None:
    # A PDF ends with %%EOF (possibly followed by a line break or a little padding).
    if b"%%EOF" not in data[-1024:]:
        raise _bad(_("PDF 文件不完整或已损坏（缺少文件结尾）。"), "bad_pdf")


def _check_png(data: bytes) -> None:
    if data[12:16] != b"IHDR":
        raise _bad(_("PNG 图片已损坏。"), "bad_png")


def _check_jpeg(data: bytes) -> None:
    if b"\xff\xd9" not in data[-4096:]:
        raise _bad(_("JPEG 图片不完整或已损坏。"), "bad_jpeg")


def _check_docx(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = zf.infolist()
        if len(parts) > DOCX_MAX_PARTS:
            raise _bad(_("DOCX 文件结构异常（部件过多）。"), "bad_docx")
        # Sizes from the zip directory first, so a bomb is refused without inflating anything.
        if sum(p.file_size for p in parts) > DOCX_MAX_INFLATED or any(
            p.compress_size and p.file_size / p.compress_size > DOCX_MAX_RATIO for p in parts
        ):
            raise _bad(_("DOCX 文件解压后过大，可能是压缩炸弹，已拒绝。"), "docx_bomb")
        names = [p.filename for p in parts]
        if any(name.startswith("/") or ".." in name.split("/") for name in names):
            raise _bad(_("DOCX 文件结构异常。"), "bad_docx")
        content_types = zf.read("[Content_Types].xml")
        if any(m.lower() in name.lower().encode() for name in names for m in MACRO_MARKERS) or any(
            m in content_types for m in MACRO_MARKERS
        ):
            raise _bad(
                _("DOCX 文件含有宏或控件，已拒绝。请另存为不含宏的 Word 文档（.docx）后上传。"), "docx_macro"
            )
        # Every part must really inflate to what the directory says (a lying directory is a bomb too).
        inflated = 0
        for part in parts:
            with zf.open(part) as handle:
                while chunk := handle.read(1024 * 1024):
                    inflated += len(chunk)
                    if inflated > DOCX_MAX_INFLATED:
                        raise _bad(_("DOCX 文件解压后过大，可能是压缩炸弹，已拒绝。"), "docx_bomb")


CONTENT_CHECKS = {"pdf": _check_pdf, "png": _check_png, "jpg": _check_jpeg, "docx": _check_docx}


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
    try:
        CONTENT_CHECKS[kind](data)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        KeyError,
        ValueError,
        OSError,
        EOFError,
    ) as exc:
        raise _bad(_("文件已损坏，无法读取。"), "corrupt") from exc
    return kind, ALLOWED[kind], hashlib.sha256(data).hexdigest()


def stored_upload(field: str, uploaded, errors: dict) -> dict:
    """The three model fields of an upload for ``field``: the file (to be stored under its digest),
    ``<field>_name`` (the original name, for the download) and ``<field>_type``. ``{}`` when nothing was
    uploaded, or when the check refuses the file: its messages are then added to ``errors[field]``, so a
    service reports every field's problem at once."""
    if uploaded is None:
        return {}
    try:
        ext, content_type, digest = check_upload(uploaded)
    except ValidationError as error:
        errors[field] = error.messages
        return {}
    original = original_name(uploaded.name, ext)
    uploaded.name = f"{digest[:16]}.{ext}"
    return {field: uploaded, f"{field}_name": original, f"{field}_type": content_type}
