"""Personal data at rest: encryption with key rotation, keyed lookup hashes, masks, the model fields and
the settings that provide the keys."""

import base64
import importlib.util
from pathlib import Path

import pytest
from django.core.exceptions import FieldError
from django.db import models
from django.test.utils import isolate_apps

from postdoc_base.kernel import crypto
from postdoc_base.kernel.fields import EncryptedTextField, LookupHashField
from postdoc_base.policy.identifiers import RESIDENT_ID_WEIGHTS, resident_id_is_valid

OLD_KEY = base64.b64encode(bytes(range(32))).decode()
NEW_KEY = base64.b64encode(bytes(range(100, 132))).decode()
SETTINGS_FILE = Path(__file__).resolve().parents[2] / "config" / "settings.py"


@pytest.fixture
def keys(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    settings.FIELD_LOOKUP_KEY = "lookup-key-for-tests-" + "k" * 20
    return settings


# --- encryption ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("plaintext", ["巴特尔·朝鲁 150102199003071237", "", "E12345678"])
def test_encrypted_value_decrypts_to_the_same_text(keys, plaintext):
    token = crypto.encrypt(plaintext)

    assert crypto.decrypt(token) == plaintext
    assert plaintext == "" or plaintext not in token


def test_ciphertext_names_version_and_key_and_differs_each_time(keys):
    first, second = crypto.encrypt("150102199003071237"), crypto.encrypt("150102199003071237")

    assert first != second
    version, key_id, _ = first.split(":")
    assert (version, key_id) == ("v1", crypto.key_id(bytes(range(32))))
    assert len(key_id) == 8


def test_encrypt_refuses_none(keys):
    with pytest.raises(TypeError):
        crypto.encrypt(None)


def test_altered_ciphertext_is_refused(keys):
    token = crypto.encrypt("150102199003071237")
    header, data = token.rsplit(":", 1)
    blob = bytearray(base64.b64decode(data))
    blob[-1] ^= 1

    with pytest.raises(crypto.DecryptionError, match="failed authentication"):
        crypto.decrypt(f"{header}:{base64.b64encode(bytes(blob)).decode()}")


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("150102199003071237", "not a field ciphertext"),
        ("v2:abcdef12:AAAA", "not a field ciphertext"),
        ("v1:abcdef12:not base64!", "not valid base64"),
        ("v1:abcdef12:" + base64.b64encode(b"short").decode(), "truncated"),
    ],
)
def test_malformed_ciphertext_is_refused(keys, token, message):
    with pytest.raises(crypto.DecryptionError, match=message):
        crypto.decrypt(token)


def test_header_cannot_be_moved_to_another_key(keys, settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    token = crypto.encrypt("150102199003071237")
    _, _, data = token.split(":")
    forged = f"v1:{crypto.key_id(bytes(range(32)))}:{data}"

    with pytest.raises(crypto.DecryptionError, match="failed authentication"):
        crypto.decrypt(forged)


def test_value_under_old_key_decrypts_after_new_key_is_prepended_and_reencrypts_under_new(keys, settings):
    token = crypto.encrypt("150102199003071237")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]

    assert crypto.decrypt(token) == "150102199003071237"
    assert crypto.needs_reencryption(token) is True
    fresh = crypto.reencrypt(token)
    assert fresh.split(":")[1] == crypto.key_id(bytes(range(100, 132))) == crypto.current_key_id()
    assert crypto.needs_reencryption(fresh) is False
    assert crypto.decrypt(fresh) == "150102199003071237"


def test_value_under_a_removed_key_is_refused_with_its_key_id(keys, settings):
    token = crypto.encrypt("150102199003071237")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]

    with pytest.raises(crypto.DecryptionError, match=f"no configured key has id {token.split(':')[1]}"):
        crypto.decrypt(token)


@pytest.mark.parametrize("bad", ["not-base64!", base64.b64encode(b"sixteen bytes!!!").decode()])
def test_malformed_key_is_a_configuration_error(keys, settings, bad):
    from django.core.exceptions import ImproperlyConfigured

    settings.FIELD_ENCRYPTION_KEYS = [bad]
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")


# --- lookup hashes ------------------------------------------------------------------------------------


def test_lookup_hash_is_stable_hex_and_ignores_case_and_surrounding_space(keys):
    digest = crypto.lookup_hash("15010219900307123X", "resident_id")

    assert len(digest) == 64 and int(digest, 16) >= 0
    assert crypto.lookup_hash(" 15010219900307123x\n", "resident_id") == digest
    assert crypto.lookup_hash("15010219900307123X", "resident_id") == digest


def test_lookup_hash_differs_by_kind_value_and_key(keys, settings):
    digest = crypto.lookup_hash("E12345678", "passport")

    assert crypto.lookup_hash("E12345678", "resident_id") != digest
    assert crypto.lookup_hash("E12345679", "passport") != digest
    settings.FIELD_LOOKUP_KEY = "another-lookup-key-" + "z" * 20
    assert crypto.lookup_hash("E12345678", "passport") != digest


@pytest.mark.parametrize("kind", ["", "resident id", "kind\x00x", "id\n"])
def test_lookup_hash_refuses_unusable_kind(keys, kind):
    with pytest.raises(ValueError, match="lookup hash kind"):
        crypto.lookup_hash("150102199003071237", kind)


@pytest.mark.parametrize("value", ["", "   ", None])
def test_blank_value_has_no_lookup_hash(keys, value):
    with pytest.raises(ValueError, match="blank values"):
        crypto.lookup_hash(value, "resident_id")


# --- masks --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("150102199003071237", "15***************7"),
        ("15010219900307123x", "15***************X"),
        (" 150102199003071237 ", "15***************7"),
        ("150102900307123", "15************3"),  # old 15-digit number
        ("1501021", "*******"),
        ("15010219900307123", "*****************"),  # a length no resident ID has: nothing shown
        ("", ""),
        (None, ""),
    ],
)
def test_resident_id_mask_keeps_only_the_province_and_the_check_character(value, masked):
    assert crypto.mask_resident_id(value) == masked


def test_the_resident_id_mask_leaves_at_least_45_numbers_to_whoever_knows_all_but_three_digits():
    """The docstring's count, for every number at once: whatever the first 14 digits (region and birth
    date, counted as known), the gender and the shown check character, 45 or 46 of the 500 completions of
    digits 15-17 pass GB 11643-1999 (``policy.identifiers.resident_id_is_valid``); a date-of-birth prefix
    per residue class of the weighted sum mod 11 stands for all of them."""
    prefixes = {}
    for day in range(1, 29):
        for region in ("150102", "150204", "110101", "650102"):
            prefix = f"{region}199003{day:02d}"
            total = sum(int(d) * w for d, w in zip(prefix, RESIDENT_ID_WEIGHTS[:14], strict=True))
            prefixes.setdefault(total % 11, prefix)
    assert len(prefixes) == 11
    counts = set()
    for prefix in prefixes.values():
        for parity in (0, 1):
            for check in "0123456789X":
                candidates = [
                    f"{prefix}{seq:02d}{d17}{check}"
                    for seq in range(100)
                    for d17 in range(parity, 10, 2)
                    if resident_id_is_valid(f"{prefix}{seq:02d}{d17}{check}")
                ]
                assert {crypto.mask_resident_id(c) for c in candidates} == {f"{prefix[:2]}{'*' * 15}{check}"}
                counts.add(len(candidates))
    assert counts == {45, 46}


@pytest.mark.parametrize(
    ("value", "masked"), [("E12345678", "E1*****78"), ("e1234", "E1*34"), ("G12", "***"), (None, "")]
)
def test_passport_mask_keeps_first_two_and_last_two(value, masked):
    assert crypto.mask_passport(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("13812345678", "138****5678"), ("0471-6612345", "047*****2345"), ("12345", "*****"), ("", "")],
)
def test_phone_mask_keeps_first_three_and_last_four(value, masked):
    assert crypto.mask_phone(value) == masked


# --- model fields -------------------------------------------------------------------------------------


def person_model(id_number, id_number_hash):
    """A throwaway model inside ``isolate_apps``: registered nowhere else, no table, no migration."""

    class Person(models.Model):
        class Meta:
            app_label = "kernel"

        def __str__(self):
            return str(self.pk)

    id_number.contribute_to_class(Person, "id_number")
    id_number_hash.contribute_to_class(Person, "id_number_hash")
    return Person


def test_encrypted_field_encrypts_for_the_database_and_decrypts_from_it(keys):
    field = EncryptedTextField()

    stored = field.get_prep_value("巴特尔·朝鲁")
    assert stored.startswith("v1:")
    assert field.from_db_value(stored, None, None) == "巴特尔·朝鲁"
    assert field.to_python("巴特尔·朝鲁") == "巴特尔·朝鲁"


@pytest.mark.parametrize("value", [None, ""])
def test_encrypted_field_keeps_empty_values_as_they_are(keys, value):
    field = EncryptedTextField(null=True, blank=True)

    assert field.get_prep_value(value) == value
    assert field.from_db_value(value, None, None) == value
    assert field.to_python(value) == value


def test_encrypted_field_refuses_a_tampered_column(keys):
    stored = EncryptedTextField().get_prep_value("150102199003071237")

    with pytest.raises(crypto.DecryptionError):
        EncryptedTextField().from_db_value(stored[:-4] + "AAAA", None, None)


def test_encrypted_field_saved_again_moves_to_the_newest_key(keys, settings):
    field = EncryptedTextField()
    stored = field.get_prep_value("150102199003071237")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]

    restored = field.get_prep_value(field.from_db_value(stored, None, None))

    assert restored.split(":")[1] == crypto.current_key_id() != stored.split(":")[1]


@isolate_apps("postdoc_base.kernel")
def test_encrypted_field_cannot_be_filtered_but_lookup_hash_can(keys):
    Person = person_model(
        EncryptedTextField(blank=True, null=True), LookupHashField(kind="resident_id", source="id_number")
    )

    with pytest.raises(FieldError, match="Unsupported lookup"):
        Person.objects.filter(id_number="150102199003071237")
    with pytest.raises(FieldError):
        Person.objects.filter(id_number__icontains="1501")
    Person.objects.filter(id_number__isnull=True)  # allowed
    hashed = Person._meta.get_field("id_number_hash").hash_for("150102199003071237")
    assert str(Person.objects.filter(id_number_hash=hashed).query).endswith(f"= {hashed}")


@isolate_apps("postdoc_base.kernel")
def test_lookup_hash_field_follows_its_source_on_save(keys):
    Person = person_model(
        EncryptedTextField(blank=True), LookupHashField(kind="resident_id", source="id_number")
    )

    field = Person._meta.get_field("id_number_hash")
    person = Person(id_number="15010219900307123x")

    assert field.pre_save(person, add=True) == crypto.lookup_hash("15010219900307123X", "resident_id")
    assert person.id_number_hash == crypto.lookup_hash("15010219900307123X", "resident_id")
    person.id_number = "  "
    assert field.pre_save(person, add=False) == ""
    assert person.id_number_hash == ""


@isolate_apps("postdoc_base.kernel")
@pytest.mark.django_db
def test_partial_save_of_the_source_without_its_hash_is_refused(keys):
    Person = person_model(
        EncryptedTextField(blank=True), LookupHashField(kind="resident_id", source="id_number")
    )

    person = Person(pk=1, id_number="150102199003071237")

    with pytest.raises(ValueError, match="names 'id_number' but not 'id_number_hash'"):
        person.save(update_fields=["id_number"])


@isolate_apps("postdoc_base.kernel")
def test_field_checks_catch_misuse():
    Person = person_model(
        EncryptedTextField(unique=True), LookupHashField(kind="resident id", source="missing")
    )

    encrypted_errors = Person._meta.get_field("id_number").check()
    hash_errors = Person._meta.get_field("id_number_hash").check()

    assert [error.id for error in encrypted_errors] == ["kernel.E001"]
    assert [error.id for error in hash_errors] == ["kernel.E002", "kernel.E003"]


def test_lookup_hash_field_deconstructs_to_its_arguments():
    field = LookupHashField(kind="passport", source="passport_number")
    field.set_attributes_from_name("passport_hash")

    _, path, args, kwargs = field.deconstruct()

    assert path == "postdoc_base.kernel.fields.LookupHashField"
    assert (args, kwargs) == ([], {"kind": "passport", "source": "passport_number"})
    assert LookupHashField(*args, **kwargs).db_index is True
    unindexed = LookupHashField(kind="passport", source="passport_number", db_index=False, editable=True)
    assert unindexed.deconstruct()[3] == {
        "kind": "passport",
        "source": "passport_number",
        "db_index": False,
        "editable": True,
    }


# --- settings -----------------------------------------------------------------------------------------


def load_settings(monkeypatch, tmp_path, **env):
    for name in ("DJANGO_DEBUG", "POSTDOC_FIELD_KEYS", "POSTDOC_LOOKUP_KEY", "DJANGO_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("POSTDOC_VAR_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_probe", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_development_derives_keys_from_the_secret_key(monkeypatch, tmp_path):
    first = load_settings(monkeypatch, tmp_path, DJANGO_SECRET_KEY="dev-secret-" + "a" * 40)
    again = load_settings(monkeypatch, tmp_path, DJANGO_SECRET_KEY="dev-secret-" + "a" * 40)
    other = load_settings(monkeypatch, tmp_path, DJANGO_SECRET_KEY="dev-secret-" + "b" * 40)

    assert first.DEBUG is True
    assert len(first.FIELD_ENCRYPTION_KEYS) == 1
    assert len(base64.b64decode(first.FIELD_ENCRYPTION_KEYS[0])) == 32
    assert first.FIELD_LOOKUP_KEY not in first.FIELD_ENCRYPTION_KEYS
    assert (again.FIELD_ENCRYPTION_KEYS, again.FIELD_LOOKUP_KEY) == (
        first.FIELD_ENCRYPTION_KEYS,
        first.FIELD_LOOKUP_KEY,
    )
    assert other.FIELD_ENCRYPTION_KEYS != first.FIELD_ENCRYPTION_KEYS
    assert other.FIELD_LOOKUP_KEY != first.FIELD_LOOKUP_KEY


def test_keys_from_the_environment_are_used_newest_first(monkeypatch, tmp_path):
    module = load_settings(
        monkeypatch,
        tmp_path,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="prod-secret-" + "p" * 40,
        POSTDOC_FIELD_KEYS=f" {NEW_KEY} , {OLD_KEY} ",
        POSTDOC_LOOKUP_KEY="lookup-" + "L" * 40,
    )

    assert module.FIELD_ENCRYPTION_KEYS == [NEW_KEY, OLD_KEY]
    assert module.FIELD_LOOKUP_KEY == "lookup-" + "L" * 40


@pytest.mark.parametrize(
    "env",
    [
        {"POSTDOC_LOOKUP_KEY": "lookup-" + "L" * 40},
        {"POSTDOC_FIELD_KEYS": NEW_KEY},
    ],
)
def test_production_without_personal_data_keys_refuses_to_start(monkeypatch, tmp_path, env):
    with pytest.raises(RuntimeError, match="POSTDOC_FIELD_KEYS and POSTDOC_LOOKUP_KEY must be set"):
        load_settings(
            monkeypatch, tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="prod-secret-" + "p" * 40, **env
        )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"POSTDOC_FIELD_KEYS": "short", "POSTDOC_LOOKUP_KEY": "L" * 40}, "32 random bytes in base64"),
        ({"POSTDOC_FIELD_KEYS": NEW_KEY, "POSTDOC_LOOKUP_KEY": "too-short"}, "at least 32 characters"),
    ],
)
def test_malformed_personal_data_keys_refuse_to_start(monkeypatch, tmp_path, env, message):
    with pytest.raises(RuntimeError, match=message):
        load_settings(monkeypatch, tmp_path, DJANGO_SECRET_KEY="any-" + "s" * 40, **env)
