"""The base file (基地档案): one page per filed base that holds everything the region, its bureau and the base
itself keep about it, composed of sections that each feature registers here (as review learns of its users
through ``register_confidential_actions``): oversight does not import the features that fill its file.

A section names its title, the article it rests on, its template and a function that reads its rows for one
base in a fixed number of queries (the page's query-count test holds it to that). A section may also say
which of the base's duties its records meet (``completeness``): the file shows each as done or missing with
its article (Art. 7's management office, rules, administrators and academic committee)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from postdoc_base.policy.findings import Finding

SectionContext = Callable[[Any, Any], dict]  # (base, user) -> the template's context


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    article: str
    template: str
    context: SectionContext
    order: int = 100
    # The duties this section's records meet, each a Finding (ok: met), for the file's completeness box.
    completeness: Callable[[Any], Iterable[Finding]] | None = None


SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> Section:
    """Add a section to every base file (called when the feature's app is ready). One key, one section."""
    if section.key in SECTIONS and SECTIONS[section.key] != section:
        raise ValueError(f"base file section {section.key!r} is registered twice")
    SECTIONS[section.key] = section
    return section


@dataclass(frozen=True)
class FilledSection:
    section: Section
    context: dict


def sections_for(base, user) -> list[FilledSection]:
    """The file's sections for ``base`` as ``user`` reads it, in their order. The caller has checked that
    ``user`` may read the file (``permissions.base_file_assignment``)."""
    ordered = sorted(SECTIONS.values(), key=lambda s: (s.order, s.key))
    return [FilledSection(s, {"base": base, **s.context(base, user)}) for s in ordered]


def completeness_for(base) -> list[Finding]:
    """Every duty a registered section checks for ``base``, met or missing, with its article."""
    ordered = sorted(SECTIONS.values(), key=lambda s: (s.order, s.key))
    return [f for s in ordered if s.completeness is not None for f in s.completeness(base)]
