"""Writes of the documents app: issuing a document (numbered, rendered, stored with its item, audited) and the
region administrator's template replacement and revert (audited)."""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.kernel import audit
from postdoc_base.kernel.files import files_removed_on_failure, original_name
from postdoc_base.kernel.uploads import check_upload

from .docx_render import check_template, render_docx
from .models import DocumentTemplate, IssuedDocument
from .numbering import allocate
from .pdf_render import render_pdf
from .selectors import template_bytes
from .specs import spec_for


def issue(*, actor, kind: str, item, issued_on=None) -> IssuedDocument:
    """Number the document of ``kind`` for ``item``, render its DOCX (the kind's current template) and PDF,
    store both with the item and record the issue in the audit chain (under the kind's issuing role; in the
    item's history, or the document's own where the kind is read by fewer than the item). A form gets no number. The caller has checked that ``actor`` may see ``item``; issuing needs the kind's own
    permission too."""
    spec = spec_for(kind)
    if not isinstance(item, spec.model):
        raise ValueError(f"{kind} is not issued for {type(item).__name__}")
    if not spec.may_issue(actor, item):
        raise PermissionDenied(_("您无权印发此公文，或该事项尚未到印发此公文的环节。"))
    issued_on = issued_on or timezone.localdate()
    template = template_bytes(kind)
    prefix = spec.prefix_for(item)
    with files_removed_on_failure() as track, transaction.atomic():
        serial, number = allocate(prefix, issued_on.year) if prefix else (None, "")
        content = spec.build(item, number, issued_on)
        docx = render_docx(template, content)
        pdf = render_pdf(content)
        stem = f"{kind}-{issued_on.year}-{serial}" if serial else f"{kind}-{item.pk}-{issued_on:%Y%m%d}"
        document = IssuedDocument(
            kind=kind, subject_type=ContentType.objects.get_for_model(item), subject_id=item.pk,
            title=content.title, prefix=prefix, year=issued_on.year, serial=serial, number=number or None,
            content_hash=content.content_hash(), issued_by=actor,
        )  # fmt: skip
        document.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        track(document.docx)
        document.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        track(document.pdf)
        document.save()
        audit.record(
            actor=actor, subject=document if spec.narrower_than_item else item, action=f"document_issued:{kind}",
            role=spec.role_for(actor, item), diff={"number": [None, number or None], "title": [None, content.title]},
            comment=_("印发公文：%(number)s") % {"number": number or content.title},
        )  # fmt: skip
    return document


def upload_template(*, actor, kind: str, uploaded) -> DocumentTemplate:
    """Replace ``kind``'s template with ``uploaded`` once it renders the kind's sample with its title and
    number; otherwise a ValidationError in Chinese and nothing changes."""
    if not is_region_admin(actor):
        raise PermissionDenied
    spec = spec_for(kind)
    try:
        ext, _content_type, digest = check_upload(uploaded)
    except ValidationError as error:
        raise ValidationError(_("不是有效的 Word 文档（.docx）。"), code="not_docx") from error
    if ext != "docx":
        raise ValidationError(_("不是有效的 Word 文档（.docx）。"), code="not_docx")
    uploaded.seek(0)
    data = uploaded.read()
    today = timezone.localdate()
    check_template(data, spec.sample(spec.sample_number(today), today))
    with files_removed_on_failure() as track, transaction.atomic():
        current = DocumentTemplate.objects.select_for_update().filter(kind=kind).first()
        before = current.sha256 if current else "default"
        template = current or DocumentTemplate(kind=kind)
        old_file = template.file.name if current else ""
        template.original_name = original_name(uploaded.name, "docx")
        template.sha256 = digest
        template.uploaded_by = actor
        template.file.save(f"{kind}-{digest[:16]}.docx", ContentFile(data), save=False)
        track(template.file)
        template.save()
        audit.record(
            actor=actor, subject=template, action="document_template_replaced", role=Role.REGION_ADMIN,
            diff={"sha256": [before, digest]}, comment=template.original_name,
        )  # fmt: skip
    if old_file and old_file != template.file.name:
        template.file.storage.delete(old_file)
    return template


def revert_template(*, actor, kind: str) -> None:
    """Go back to the default template of ``kind`` (audited); nothing to do when it is already the default."""
    if not is_region_admin(actor):
        raise PermissionDenied
    spec_for(kind)
    with transaction.atomic():
        current = DocumentTemplate.objects.select_for_update().filter(kind=kind).first()
        if current is None:
            return
        name = current.file.name
        audit.record(
            actor=actor, subject=current, action="document_template_reverted", role=Role.REGION_ADMIN,
            diff={"sha256": [current.sha256, "default"]},
        )  # fmt: skip
        current.delete()
        transaction.on_commit(lambda: current.file.storage.delete(name))


def template_sha256(kind: str) -> str:
    return hashlib.sha256(template_bytes(kind)).hexdigest()
