"""Reads of the documents app: the documents of an item a user may see, one document if its item is visible,
and the template in force for a kind."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from .docx_render import default_path
from .models import DocumentTemplate, IssuedDocument
from .specs import SPECS, spec_for, specs_for_model


def item_visible(user, kind: str, item_id: int):
    """The item of ``kind`` with id ``item_id`` if ``user`` may see it, else None."""
    return spec_for(kind).visible(user).filter(pk=item_id).first()


def documents_of(item):
    """Every document issued for ``item`` (the caller has shown the item to the user), newest first."""
    return IssuedDocument.objects.filter(
        subject_type=ContentType.objects.get_for_model(item), subject_id=item.pk, kind__in=list(SPECS)
    ).select_related("issued_by")


def kinds_visible_for(user, item) -> list:
    """The specs of ``item``'s kinds whose documents ``user`` may read: a kind may be narrower than its item's
    page (the bureau's recommendation is not the applicant's to read, though the application is)."""
    return [spec for spec in specs_for_model(type(item)) if spec.visible(user).filter(pk=item.pk).exists()]


def documents_of_visible(user, item):
    """The documents of ``item`` of the kinds ``user`` may read, newest first."""
    kinds = [spec.kind for spec in kinds_visible_for(user, item)]
    return documents_of(item).filter(kind__in=kinds)


def document_visible_to(user, pk: int) -> IssuedDocument | None:
    """The document if ``user`` may see the item it was issued for (one query on the kind's selector)."""
    document = IssuedDocument.objects.filter(pk=pk, kind__in=list(SPECS)).first()
    if document is None or item_visible(user, document.kind, document.subject_id) is None:
        return None
    return document


def template_bytes(kind: str) -> bytes:
    replacement = DocumentTemplate.objects.filter(kind=kind).first()
    if replacement is not None:
        with replacement.file.open("rb") as handle:
            return handle.read()
    return default_path(kind).read_bytes()


def templates_in_force() -> list[tuple[object, DocumentTemplate | None]]:
    replaced = {t.kind: t for t in DocumentTemplate.objects.select_related("uploaded_by")}
    return [(spec, replaced.get(spec.kind)) for spec in SPECS.values()]
