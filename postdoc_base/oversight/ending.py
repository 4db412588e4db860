"""What ends when a base leaves the register (revoked, Art. 24 first sentence; cancelled on becoming a
workstation, second sentence). The features that hang records off a base register here what they end (tenure
closes the base's published topics, for instance), so oversight never imports them; the revocation and upgrade
services call ``end_open_items`` inside the step's transaction."""

from __future__ import annotations

from collections.abc import Callable

# (base, new base state, the day) -> what was ended, as short Chinese lines for the record's facts.
Ender = Callable[[object, str, object], list[str]]

ENDERS: list[Ender] = []


def register_ender(ender: Ender) -> Ender:
    if ender not in ENDERS:
        ENDERS.append(ender)
    return ender


def end_open_items(base, state: str, on) -> list[str]:
    """Run every registered ender for ``base`` now leaving the register in ``state``; what they ended."""
    return [line for ender in ENDERS for line in ender(base, state, on)]
