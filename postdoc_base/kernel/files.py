"""Stored files follow their rows: a file saved inside a write that then fails is removed again.

A ``FileField`` writes its file to storage when the row is saved, inside the service's transaction; if a
later statement of that transaction fails, the database forgets the row but storage keeps the file. Services
that save uploads wrap the write in ``files_removed_on_failure`` and ``track`` each saved file, so a refused
request leaves neither a row nor a file behind.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath

# The column that keeps an upload's original name (``Attachment.original_name``, ``*_name`` of the tenure
# files) is this long everywhere.
ORIGINAL_NAME_MAX = 200

logger = logging.getLogger(__name__)


@contextmanager
def files_removed_on_failure() -> Iterator[Callable]:
    saved: list = []

    def track(field_file) -> None:
        if field_file:
            saved.append((field_file.storage, field_file.name))

    try:
        yield track
    except BaseException:
        for storage, name in saved:
            try:
                storage.delete(name)
            except OSError:  # the original error matters more; the orphan is logged for the operator
                logger.exception("could not remove %s after a failed write", name)
        raise


def original_name(name: str | None, ext: str, max_length: int = ORIGINAL_NAME_MAX) -> str:
    """The name an upload is shown and downloaded under: the last part of any path (``../../x.pdf`` and
    ``C:\\x.pdf`` give ``x.pdf``), without control characters or lone surrogates, at most ``max_length``
    characters with its extension kept; ``upload.<ext>`` when nothing is left. The file itself is stored
    under its digest, never under this name."""
    base = PurePosixPath(str(name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable() and not "\ud800" <= ch <= "\udfff").strip()
    if base in ("", ".", ".."):
        return f"upload.{ext}"
    if len(base) > max_length:
        stem, dot, suffix = base.rpartition(".")
        suffix = f".{suffix}" if dot and stem and len(suffix) < 16 else ""
        base = base[: max_length - len(suffix)] + suffix
    return base
