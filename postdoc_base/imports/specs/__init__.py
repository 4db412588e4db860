"""The kinds of import, one module per area, registered in ``apps.ready``: the registry and funding
(``registry_kinds``)."""

from ..registry import register
from .registry_kinds import EXPERTS, FUNDING, UNITS


def register_all() -> None:
    for spec in (UNITS, EXPERTS, FUNDING):
        register(spec)
