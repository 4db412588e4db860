"""Reads of revocation cases (Art. 24), on the base file's scope: the region all; a bureau officer its bases';
the base's unit administrators their own."""

from django.db.models import QuerySet

from postdoc_base.kernel.listing import declare

from ..selectors import base_files_visible_to
from .models import RevocationCase

REVOCATION_LIST = declare(
    "revocations", RevocationCase, filters={"state": "state"},
    joins=("base__unit__bureau_id", "base__unit_id"),
    pages=("oversight:revocation_list",), apis=("revocation_list",),
)  # fmt: skip


def revocations_visible_to(user) -> QuerySet[RevocationCase]:
    return RevocationCase.objects.select_related("base__unit__bureau").filter(
        base__in=base_files_visible_to(user).values("pk")
    )
