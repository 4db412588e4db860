"""The audit chain's anchor outside the database: the newest sequence number and hash, keyed, appended to a
file after each commit that sealed events.

``AuditHead`` catches deleted newest events only while nobody rewinds the head row too; someone who can
write to the database can delete the newest events and set the head back to an older, consistent pair
(they can read it before deleting). The anchor is out of that person's reach (a file the database cannot
write; in a multi-server set-up a path on shared storage, see docs/deploy.md), and each line carries an HMAC
under ``AUDIT_HMAC_KEY``, so a forged line is found too. ``verify_chain`` reads the newest lines and reports
a chain that ends before the anchor, or whose event at the anchored number has another hash.

``settings.AUDIT_ANCHOR_PATH`` names the file (``POSTDOC_AUDIT_ANCHOR``; by default ``var/audit-anchor.log``;
unset in tests, which set it where they check it). Lines are appended with ``O_APPEND``, so workers in
several processes can write at once; lines may land out of order, so readers take the highest number.
"""

import hashlib
import hmac
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)
TAIL_BYTES = 64 * 1024  # the newest lines: far more than the commits in flight at any moment


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str


def anchor_path() -> Path | None:
    value = getattr(settings, "AUDIT_ANCHOR_PATH", None)
    return Path(value) if value else None


def _mac(seq: int, chain_hash: str) -> str:
    message = f"postdoc-base audit anchor\x00{seq}\x00{chain_hash}".encode()
    return hmac.new(settings.AUDIT_HMAC_KEY.encode(), message, hashlib.sha256).hexdigest()


def write(seq: int, chain_hash: str) -> None:
    """Append the anchor for a committed head. Never raises: the transaction is already committed, and a
    missed line only makes the anchor older (which verification tolerates), never wrong."""
    path = anchor_path()
    if path is None:
        return
    line = f"{seq} {chain_hash} {_mac(seq, chain_hash)}\n".encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
    except OSError:
        logger.exception("audit anchor could not be written to %s", path)


def read_newest() -> tuple[Anchor | None, list[str]]:
    """The anchor with the highest sequence number among the newest lines, and any forged lines found."""
    path = anchor_path()
    if path is None or not path.exists():
        return None, []
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - TAIL_BYTES))
        tail = handle.read().decode("ascii", errors="replace").splitlines()
    if size > TAIL_BYTES:
        tail = tail[1:]  # the first line may be cut
    newest, forged = None, []
    for line in tail:
        parts = line.split()
        if len(parts) != 3 or not parts[0].isdigit():
            forged.append(line[:80])
            continue
        seq, chain_hash, mac = int(parts[0]), parts[1], parts[2]
        if not hmac.compare_digest(mac, _mac(seq, chain_hash)):
            forged.append(line[:80])
            continue
        if newest is None or seq > newest.seq:
            newest = Anchor(seq, chain_hash)
    return newest, forged
