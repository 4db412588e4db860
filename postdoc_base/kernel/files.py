"""Stored files follow their rows: a file saved inside a write that then fails is removed again.

A ``FileField`` writes its file to storage when the row is saved, inside the service's transaction; if a
later statement of that transaction fails, the database forgets the row but storage keeps the file. Services
that save uploads wrap the write in ``files_removed_on_failure`` and ``track`` each saved file, so a refused
request leaves neither a row nor a file behind.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

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
