"""Uploads are checked beyond their first bytes (issue 9 item 5): a PDF must be a PDF, images must be
whole, a DOCX must have no macros and must not inflate to hundreds of MB. Each refusal names its reason."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from postdoc_base.kernel.uploads import check_upload
from tests.factories import PDF_BYTES

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/>{extra}</Types>'
)


def docx(extra_parts: dict | None = None, extra_types: str = "", body: bytes = b"<w:document/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES.format(extra=extra_types))
        zf.writestr("word/document.xml", body)
        for name, data in (extra_parts or {}).items():
            zf.writestr(name, data)
    return buffer.getvalue()


def refusal(data: bytes, name: str = "f.bin") -> tuple[str, str]:
    with pytest.raises(ValidationError) as exc:
        check_upload(SimpleUploadedFile(name, data))
    return exc.value.code, exc.value.messages[0]


def test_a_plain_docx_and_a_whole_pdf_pass():
    assert check_upload(SimpleUploadedFile("a.docx", docx()))[0] == "docx"
    assert check_upload(SimpleUploadedFile("a.pdf", PDF_BYTES))[0] == "pdf"


def test_a_pdf_without_its_trailer_is_refused():
    assert refusal(b"%PDF-1.7\n" + b"x" * 5000) == ("bad_pdf", "PDF 文件不完整或已损坏（缺少文件结尾）。")


def test_a_png_without_its_header_chunk_is_refused():
    assert refusal(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40) == ("bad_png", "PNG 图片已损坏。")


def test_a_truncated_jpeg_is_refused():
    assert refusal(b"\xff\xd8\xff\xe0" + b"\x00" * 100) == ("bad_jpeg", "JPEG 图片不完整或已损坏。")


@pytest.mark.parametrize(
    "macro",
    [
        {"extra_parts": {"word/vbaProject.bin": b"\x00" * 64}},
        {"extra_types": '<Default Extension="bin" ContentType="application/vnd.ms-word.vbaProject"/>'},
        {
            "extra_types": '<Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.'
            'macroEnabled.main+xml"/>'
        },  # fmt: skip
        {"extra_parts": {"word/activeX/activeX1.xml": b"<ax/>"}},
    ],
    ids=["vba-project", "vba-content-type", "macro-enabled", "activex"],
)
def test_a_docx_with_macros_is_refused(macro):
    assert refusal(docx(**macro)) == (
        "docx_macro",
        "DOCX 文件含有宏或控件，已拒绝。请另存为不含宏的 Word 文档（.docx）后上传。",
    )


def test_a_docx_that_inflates_far_beyond_its_size_is_refused():
    bomb = docx(extra_parts={"word/media/big.xml": b"\x00" * (20 * 1024 * 1024)})
    assert len(bomb) < 200_000
    assert refusal(bomb) == ("docx_bomb", "DOCX 文件解压后过大，可能是压缩炸弹，已拒绝。")


def test_a_docx_with_a_path_outside_the_package_is_refused():
    assert refusal(docx(extra_parts={"../evil.xml": b"<x/>"}))[0] == "bad_docx"


def test_a_damaged_docx_is_refused_not_a_crash():
    noise = bytes((i * 7919 + i // 3) % 251 for i in range(20000))  # barely compressible
    data = bytearray(docx(body=b"<w:document>" + noise + b"</w:document>"))
    start = data.find(b"word/document.xml") + 40
    data[start : start + 200] = b"\xff" * 200  # corrupt the compressed stream, keep the directory
    assert refusal(bytes(data)) == ("corrupt", "文件已损坏，无法读取。")
