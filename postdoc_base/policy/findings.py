"""The result type every policy check returns.

A ``Finding`` says whether one condition holds, under which article, and why, in a message that the UI
and API show verbatim (ARCHITECTURE.md, "Findings"). Checks return passing findings too, so a page can
list every condition with its reason, not only the refusals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise, lazy


@dataclass(frozen=True)
class Finding:
    """One checked condition: ``ok``, a stable machine ``code``, the ``article`` and a lazy ``message``."""

    ok: bool
    code: str
    article: str
    message: Any  # lazy translatable text (a Promise) or a plain str

    def as_dict(self) -> dict:
        """Serialise for JSON; the message is rendered in the currently active language."""
        return {"ok": self.ok, "code": self.code, "article": self.article, "message": str(self.message)}


def all_ok(findings: Iterable[Finding]) -> bool:
    """True when every finding passed (and vacuously for none)."""
    return all(f.ok for f in findings)


def failures(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that did not pass, in their original order."""
    return [f for f in findings if not f.ok]


def _interpolate(message: Any, params: Mapping[str, Any]) -> str:
    return str(message) % {
        key: str(value) if isinstance(value, Promise) else value for key, value in params.items()
    }


_lazy_interpolate = lazy(_interpolate, str)


def lazy_format(message: Any, **params: Any) -> Any:
    """``message % params``, evaluated only when rendered.

    ``gettext_lazy(...) % params`` would translate at once (Django's lazy proxy casts on ``%``), which
    both fixes the language at import/check time and needs configured settings. This keeps the usual
    ``%(name)s`` msgids, so ``makemessages`` marks them python-format.
    """
    return _lazy_interpolate(message, params)


def _join(separator: Any, items: tuple[Any, ...]) -> str:
    return str(separator).join(str(item) for item in items)


_lazy_join = lazy(_join, str)


def lazy_join(separator: Any, items: Iterable[Any]) -> Any:
    """``separator.join(items)`` over lazy strings, evaluated only when rendered."""
    return _lazy_join(separator, tuple(items))


def item_finding(
    article: str, code: str, problems: list[tuple[str, Any]], ok_message, fail_message
) -> Finding:
    """One finding for an item of an article: passing, or failing with the first problem's code and every
    reason listed (``fail_message`` has a ``%(reasons)s`` placeholder)."""
    from .common import LIST_SEPARATOR  # late: common imports nothing of ours, but keep findings first

    if not problems:
        return Finding(ok=True, code=f"{code}.ok", article=article, message=ok_message)
    reasons = lazy_join(LIST_SEPARATOR, (reason for _suffix, reason in problems))
    return Finding(
        ok=False,
        code=f"{code}.{problems[0][0]}",
        article=article,
        message=lazy_format(fail_message, reasons=reasons),
    )
