"""Model fields for personal data: an encrypted column and the keyed-hash column that finds it.

Usage, on a model that keeps an ID number::

    id_number = EncryptedTextField(_("证件号码"), blank=True)
    id_number_hash = LookupHashField(kind="resident_id", source="id_number")

    # lookups and duplicate checks go through the hash column, never the encrypted one:
    field = Postdoc._meta.get_field("id_number_hash")
    Postdoc.objects.filter(id_number_hash=field.hash_for(typed_value))

Rules that keep the two in step: the hash is recomputed on every ``save()``; ``save(update_fields=...)``
naming the source must also name the hash column (refused otherwise); ``QuerySet.update()`` bypasses
both fields and must not be used on these columns. ``dumpdata`` writes the decrypted values: treat such
dumps as personal data.
"""

from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.signals import pre_save

from . import crypto


class EncryptedTextField(models.TextField):
    """Text encrypted at rest with ``kernel.crypto`` (AES-256-GCM, current key); plain text in Python.

    Each save encrypts with a fresh nonce, so the column cannot be filtered, ordered or made unique: only
    ``__isnull`` is allowed, every other lookup raises ``FieldError``. Use a ``LookupHashField`` to find
    rows. ``None`` and ``""`` are stored as they are (emptiness is not secret and keeps blank checks working).
    Saving an instance again re-encrypts with the newest key, which is how rows move off a retired key.
    """

    description = "Text encrypted at rest"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_lookup(self, lookup_name):
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_transform(self, lookup_name):
        return None

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.unique or self.db_index:
            errors.append(
                checks.Error(
                    "EncryptedTextField cannot be unique or indexed: ciphertexts of equal values differ.",
                    hint="Put unique/db_index on a LookupHashField instead.",
                    obj=self,
                    id="kernel.E001",
                )
            )
        return errors


class LookupHashField(models.CharField):
    """The keyed hash (``crypto.lookup_hash``) of another field, set on every save; blank source, ``""``."""

    description = "Keyed lookup hash of another field"
    OWN_DEFAULTS = {"max_length": 64, "db_index": True, "editable": False, "blank": True, "default": ""}

    def __init__(self, *args, kind: str, source: str, **kwargs):
        self.kind = kind
        self.source = source
        for key, value in self.OWN_DEFAULTS.items():
            kwargs.setdefault(key, value)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        kwargs["source"] = self.source
        for key, value in self.OWN_DEFAULTS.items():
            actual = getattr(self, key)
            if actual == value:
                kwargs.pop(key, None)
            else:
                kwargs[key] = actual
        return name, path, args, kwargs

    def hash_for(self, value: str | None) -> str:
        if value is None or not crypto.normalise(value):
            return ""
        return crypto.lookup_hash(value, self.kind)

    def pre_save(self, model_instance, add):
        value = self.hash_for(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if not cls._meta.abstract:
            pre_save.connect(
                self.refuse_partial_update, sender=cls, weak=False, dispatch_uid=f"lookup-hash-{id(self)}"
            )

    def refuse_partial_update(self, sender, instance, update_fields=None, **kwargs):
        if update_fields is not None and self.source in update_fields and self.name not in update_fields:
            raise ValueError(
                f"save(update_fields=...) names {self.source!r} but not {self.name!r}; "
                "the lookup hash would no longer match"
            )

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        try:
            self.model._meta.get_field(self.source)
        except FieldDoesNotExist:
            errors.append(
                checks.Error(
                    f"LookupHashField source {self.source!r} is not a field of this model.",
                    obj=self,
                    id="kernel.E002",
                )
            )
        try:
            crypto.lookup_hash("probe", self.kind)
        except ValueError as exc:
            errors.append(checks.Error(str(exc), obj=self, id="kernel.E003"))
        return errors
