"""Personal data at rest: field encryption, keyed lookup hashes and display masks.

An ID number is stored three ways: encrypted (``encrypt``/``decrypt``, AES-256-GCM) so that the full value
can be shown to those entitled to it, as a keyed hash (``lookup_hash``) so that it can be found and checked
for duplicates without decrypting a table, and shown masked (``mask_*``) everywhere else; a resident ID's
mask leaves many valid numbers even beside the birth date and the gender (``mask_resident_id``).

Ciphertexts look like ``v1:<key_id>:<base64 of nonce + ciphertext + tag>``. ``key_id`` is a short
fingerprint of the key that encrypted the value, so rotation works: new keys are prepended to
``settings.FIELD_ENCRYPTION_KEYS``, values are encrypted with the first key and decrypted with whichever
key made them, and ``needs_reencryption`` finds the values still under an old key. The header is bound to
the ciphertext as associated data, so it cannot be edited either.
"""

import base64
import binascii
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = "v1"
NONCE_BYTES = 12
TAG_BYTES = 16
_KIND = re.compile(r"[A-Za-z0-9_.:-]+")


class DecryptionError(Exception):
    """A stored value could not be decrypted: it was altered, truncated, or its key is no longer configured."""


@dataclass(frozen=True)
class _Key:
    key_id: str
    aead: AESGCM


def key_id(raw: bytes) -> str:
    """A fingerprint that names a key in ciphertexts without revealing it."""
    return hashlib.sha256(b"postdoc-base field key id\x00" + raw).hexdigest()[:8]


@lru_cache(maxsize=8)
def _keyring(encoded: tuple[str, ...]) -> tuple[_Key, ...]:
    if not encoded:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    keys = []
    for value in encoded:
        try:
            raw = base64.b64decode(value, validate=True)
        except binascii.Error:
            raw = b""
        if len(raw) != 32:
            raise ImproperlyConfigured("each FIELD_ENCRYPTION_KEYS entry must be 32 bytes in base64")
        keys.append(_Key(key_id(raw), AESGCM(raw)))
    return tuple(keys)


def _keys() -> tuple[_Key, ...]:
    return _keyring(tuple(settings.FIELD_ENCRYPTION_KEYS))


def current_key_id() -> str:
    return _keys()[0].key_id


def encrypt(plaintext: str) -> str:
    """Encrypt with the newest key; each call uses a fresh random nonce, so equal values differ."""
    if not isinstance(plaintext, str):
        raise TypeError("encrypt() takes a str")
    key = _keys()[0]
    header = f"{VERSION}:{key.key_id}"
    nonce = os.urandom(NONCE_BYTES)
    sealed = key.aead.encrypt(nonce, plaintext.encode(), header.encode())
    return f"{header}:{base64.b64encode(nonce + sealed).decode()}"


def _parse(token: str) -> tuple[str, str, bytes]:
    parts = token.split(":") if isinstance(token, str) else []
    if len(parts) != 3 or parts[0] != VERSION:
        raise DecryptionError("not a field ciphertext (expected v1:<key id>:<data>)")
    try:
        blob = base64.b64decode(parts[2], validate=True)
    except binascii.Error as exc:
        raise DecryptionError("field ciphertext is not valid base64") from exc
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("field ciphertext is truncated")
    return f"{parts[0]}:{parts[1]}", parts[1], blob


def decrypt(token: str) -> str:
    """The plaintext of ``token``; ``DecryptionError`` if it was altered or no configured key made it."""
    header, token_key_id, blob = _parse(token)
    candidates = [key for key in _keys() if key.key_id == token_key_id]
    if not candidates:
        raise DecryptionError(f"no configured key has id {token_key_id} (was it removed from the key list?)")
    nonce, sealed = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    for key in candidates:  # more than one only if two fingerprints collide
        try:
            return key.aead.decrypt(nonce, sealed, header.encode()).decode()
        except InvalidTag:
            continue
    raise DecryptionError(f"field ciphertext under key {token_key_id} failed authentication (altered?)")


def needs_reencryption(token: str) -> bool:
    """True when ``token`` was made with a key other than the newest one."""
    return _parse(token)[1] != current_key_id()


def reencrypt(token: str) -> str:
    return encrypt(decrypt(token))


def normalise(value: str) -> str:
    """The form an identifier is compared in: surrounding space dropped, letters upper case (x == X)."""
    return value.strip().upper()


def lookup_hash(value: str, kind: str) -> str:
    """HMAC-SHA256 (``settings.FIELD_LOOKUP_KEY``) of the normalised value, hex; equal values, equal hashes.

    ``kind`` (e.g. ``resident_id``, ``passport:MNG``) keeps equal strings of different kinds apart. Blank
    values have no hash: callers store ``""`` for them (see ``fields.LookupHashField``).
    """
    if not _KIND.fullmatch(kind or ""):
        raise ValueError(f"lookup hash kind must be a short name like 'resident_id', got {kind!r}")
    normalised = normalise(value or "")
    if not normalised:
        raise ValueError("blank values have no lookup hash")
    message = f"{kind}\x00{normalised}".encode()  # NUL cannot occur in a kind, so no two pairs collide
    return hmac.new(settings.FIELD_LOOKUP_KEY.encode(), message, hashlib.sha256).hexdigest()


def _mask(value: str | None, keep_start: int, keep_end: int) -> str:
    text = (value or "").strip()
    if len(text) <= keep_start + keep_end:
        # Too short to show any part and still hide something meaningful.
        return "*" * len(text)
    return text[:keep_start] + "*" * (len(text) - keep_start - keep_end) + text[-keep_end:]


RESIDENT_ID_MASK_KEEP = (2, 1)  # characters shown at the start (province) and at the end (check character)


def mask_resident_id(value: str | None) -> str:
    """``150102199003071237`` -> ``15***************7``: the province and the check character, nothing else.

    Chosen so that nothing a viewer may see beside the mask rebuilds the number (issue 9, item 2). Count
    as known everything anyone might hold: the 6-digit region code (the base's place, a native place), the
    birth date (shown to the person themself and to those who may reveal the number, ``tenure.people.
    permissions.can_see_birth_date``), the gender (the parity of the 17th digit) and the GB 11643-1999
    check rule (``policy.identifiers``). What stays hidden is the 15th and 16th digits (100 values) and the
    17th (5 values of the known parity): 500 combinations, of which the shown check character keeps 45 or
    46 whatever the other digits are (weights 8, 4, 2 mod 11 spread the sums evenly). So even the viewers
    who see the birth date are left with at least 45 valid numbers, and the audited reveal stays the only
    way to the full one; everyone else also misses the birth date, at least 45 x 365 candidates for a
    known birth year. (The mask used before, region code and last four, left exactly one number to anyone
    who also saw the birth date.) An old 15-character number keeps its first two and last one as well;
    any other length is hidden entirely.
    """
    text = normalise(value or "")
    if len(text) not in (15, 18):
        return "*" * len(text)
    return _mask(text, *RESIDENT_ID_MASK_KEEP)


def mask_passport(value: str | None) -> str:
    """``E12345678`` -> ``E1*****78``."""
    return _mask(normalise(value or ""), 2, 2)


def mask_phone(value: str | None) -> str:
    """``13812345678`` -> ``138****5678``."""
    return _mask(value, 3, 4)
