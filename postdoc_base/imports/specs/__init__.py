"""The kinds of import, one module per area, each listing its kinds in ``SPECS``; registered in ``apps.ready``
in this order: the registry and funding (``registry_kinds``), historical filed bases (``bases``), a base's
tenure records (``tenure``)."""

from ..registry import register
from . import bases, registry_kinds, tenure
from .registry_kinds import EXPERTS, FUNDING, UNITS

__all__ = ["EXPERTS", "FUNDING", "UNITS", "register_all"]


def register_all() -> None:
    for module in (registry_kinds, bases, tenure):
        for spec in module.SPECS:
            register(spec)
