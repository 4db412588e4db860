"""Settings, all from the environment.

Development (``make run``) works with no environment at all: SQLite in ``var/``, a secret key generated
once into ``var/secret_key``, Huey on SQLite, e-mail to the console. Production sets ``DJANGO_DEBUG=0``
and provides ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS``, ``DATABASE_URL`` and ``REDIS_URL``.
"""

import base64
import binascii
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("POSTDOC_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The demo (``make run``) shows what production shows (DEBUG off: Chinese error pages, no tracebacks) on the
# embedded set-up; like development it may use generated keys, SQLite, the local cache and plain HTTP.
DEMO = env_bool("POSTDOC_DEMO", False)
DEBUG = env_bool("DJANGO_DEBUG", not DEMO)
LOCAL = DEBUG or DEMO  # development or the demo on one machine: never a production deployment
TESTING = env_bool(
    "POSTDOC_TESTING", Path(sys.argv[0]).name in {"pytest", "py.test"} or "pytest" in sys.modules
)


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    if not LOCAL:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0")
    # Development only: a key made on this machine, never committed.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# The audit chain is keyed separately so that rotating the session key does not break verification.
AUDIT_HMAC_KEY = os.environ.get("POSTDOC_AUDIT_KEY", SECRET_KEY)
# The chain's anchor outside the database (kernel/audit_anchor.py): a file the database cannot write.
# Tests leave it unset (each test's database is thrown away) unless they check it.
AUDIT_ANCHOR_PATH = os.environ.get("POSTDOC_AUDIT_ANCHOR") or (
    None if TESTING else str(VAR_DIR / "audit-anchor.log")
)


def _development_key(purpose: bytes) -> str:
    # Development only: derived from SECRET_KEY so that `make run` and the tests need no environment.
    # Never in production: whoever holds SECRET_KEY could then read every ID number.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"postdoc-base development " + purpose)
    return base64.b64encode(hkdf.derive(SECRET_KEY.encode())).decode()


def _personal_data_keys() -> tuple[list[str], str]:
    """Keys for personal data at rest (kernel/crypto.py), kept out of the database and its backups.

    POSTDOC_FIELD_KEYS: AES-256 keys, base64 of 32 random bytes, comma-separated, newest first; new values
    are encrypted with the first, old ones still decrypt with any (rotation: prepend, re-save, then drop).
    POSTDOC_LOOKUP_KEY: the HMAC key of the lookup hashes (at least 32 characters); changing it means
    recomputing every hash column. Make one with
    ``python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"``.
    """
    field_keys = env_list("POSTDOC_FIELD_KEYS")
    lookup_key = os.environ.get("POSTDOC_LOOKUP_KEY", "").strip()
    if not field_keys or not lookup_key:
        if not LOCAL:
            raise RuntimeError("POSTDOC_FIELD_KEYS and POSTDOC_LOOKUP_KEY must be set when DJANGO_DEBUG=0")
        field_keys = field_keys or [_development_key(b"field-encryption")]
        lookup_key = lookup_key or _development_key(b"lookup-hash")
    for key in field_keys:
        try:
            raw = base64.b64decode(key, validate=True)
        except binascii.Error:
            raw = b""
        if len(raw) != 32:
            raise RuntimeError("each POSTDOC_FIELD_KEYS entry must be 32 random bytes in base64")
    if len(lookup_key) < 32:
        raise RuntimeError("POSTDOC_LOOKUP_KEY must be at least 32 characters")
    return field_keys, lookup_key


FIELD_ENCRYPTION_KEYS, FIELD_LOOKUP_KEY = _personal_data_keys()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if LOCAL else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "huey.contrib.djhuey",
    # Only for its vendored Swagger UI assets: with "ninja" installed the API docs page loads them from our
    # static files instead of a CDN.
    "ninja",
    "postdoc_base.kernel",
    "postdoc_base.directory",
    "postdoc_base.accounts",
    "postdoc_base.establishment",
    "postdoc_base.review",
    "postdoc_base.oversight",
    "postdoc_base.tenure",
    "postdoc_base.deadlines",
    "postdoc_base.documents",
    "postdoc_base.exports",
    "postdoc_base.imports",
    "postdoc_base.stats",
    "postdoc_base.web",
    "postdoc_base.demo",
    "postdoc_base.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "postdoc_base.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "postdoc_base.kernel.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "postdoc_base.web.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "postdoc_base.web.context.navigation",
            ],
        },
    }
]

_sqlite_path = VAR_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{_sqlite_path}",
        # Persistent connections suit gunicorn's few long-lived workers; the development server starts a
        # thread per request and each would keep its own connection open, so it closes them at once.
        conn_max_age=int(os.environ.get("POSTDOC_CONN_MAX_AGE", "0" if LOCAL else "60")),
        conn_health_checks=True,
    )
}
# Django's engines, subclassed to seal the audit chain just before each commit (postdoc_base/kernel/db).
_SEALING_ENGINES = {
    "django.db.backends.sqlite3": "postdoc_base.kernel.db.sqlite3",
    "django.db.backends.postgresql": "postdoc_base.kernel.db.postgresql",
}
if DATABASES["default"]["ENGINE"] not in _SEALING_ENGINES:
    raise RuntimeError("DATABASE_URL must name SQLite or PostgreSQL")
DATABASES["default"]["ENGINE"] = _SEALING_ENGINES[DATABASES["default"]["ENGINE"]]
if DATABASES["default"]["ENGINE"] == "postdoc_base.kernel.db.sqlite3":
    # Tests on SQLite run in memory, as with Django's own engine name (pytest-django only knows that name).
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer works; IMMEDIATE takes the write lock at BEGIN so two
        # transitions on the same row serialise instead of failing half-way.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "postdoc_base.accounts.backends.LockoutModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
CSRF_FAILURE_VIEW = "postdoc_base.web.errors.csrf_failure"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login security: lock an account for LOCKOUT_MINUTES after LOCKOUT_THRESHOLD failures in a row.
LOCKOUT_THRESHOLD = int(os.environ.get("POSTDOC_LOCKOUT_THRESHOLD", "5"))
LOCKOUT_MINUTES = int(os.environ.get("POSTDOC_LOCKOUT_MINUTES", "15"))
# Login security per client address (accounts/signin.py): "N/S" = at most N per S seconds.
LOGIN_ADDRESS_RATE_LIMIT = os.environ.get("POSTDOC_LOGIN_ADDRESS_RATE_LIMIT", "20/900")
PASSWORD_RESET_RATE_LIMIT = os.environ.get("POSTDOC_PASSWORD_RESET_RATE_LIMIT", "10/3600")
PASSWORD_RESET_MAIL_RATE_LIMIT = os.environ.get("POSTDOC_PASSWORD_RESET_MAIL_RATE_LIMIT", "3/3600")
PASSWORD_RESET_TIMEOUT = int(os.environ.get("POSTDOC_PASSWORD_RESET_SECONDS", "3600"))
SESSION_COOKIE_AGE = int(os.environ.get("POSTDOC_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Behind a reverse proxy, the request header that carries the visitor's address (e.g. HTTP_X_REAL_IP), used
# by the anonymous objection rate limit; unset, REMOTE_ADDR is used.
CLIENT_IP_HEADER = os.environ.get("POSTDOC_CLIENT_IP_HEADER") or None
API_TOKEN_DAYS = int(os.environ.get("POSTDOC_API_TOKEN_DAYS", "30"))
# Take X-Request-ID from the client (only behind a proxy that sets it); otherwise each request gets its own.
TRUST_REQUEST_ID_HEADER = env_bool("POSTDOC_TRUST_REQUEST_ID", False)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("POSTDOC_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    # Uploads go through Django's storage API only (FieldFile.open/save, default_storage in backups), so an
    # object-storage backend (e.g. django-storages' S3 backend for an OSS/S3 bucket) can be named here.
    "default": {
        "BACKEND": os.environ.get("POSTDOC_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if LOCAL or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# The demo runs without collectstatic: WhiteNoise serves the apps' static folders directly.
WHITENOISE_USE_FINDERS = DEMO
# Uploads live outside static and are served only through a view that checks permission.
MEDIA_ROOT = Path(os.environ.get("POSTDOC_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never routed: files go out only through permission-checked views
UPLOAD_MAX_BYTES = int(os.environ.get("POSTDOC_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "postdoc-base@localhost")
SITE_URL = os.environ.get("POSTDOC_SITE_URL", "http://127.0.0.1:8000")

# Exports of more rows than this run in the background (progress page, download when done), so none depends
# on a request's time limit; finished files are kept this many days.
EXPORT_INLINE_MAX_ROWS = int(os.environ.get("POSTDOC_EXPORT_INLINE_MAX_ROWS", "5000"))
EXPORT_KEEP_DAYS = int(os.environ.get("POSTDOC_EXPORT_KEEP_DAYS", "7"))

REDIS_URL = os.environ.get("REDIS_URL")
if not REDIS_URL and not LOCAL and not TESTING:
    # Rate limits (login, public objections) and the task queue must be shared by every gunicorn worker and
    # survive restarts; a per-process memory cache would silently multiply every limit by the worker count.
    raise RuntimeError("REDIS_URL must be set when DJANGO_DEBUG=0")
# Periodic tasks run on local time (``utc`` off): TIME_ZONE, which Django sets as the process's zone, so the
# nightly jobs run at night in Inner Mongolia, not at 01:30 UTC (09:30 there).
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "postdoc_base",
        "url": REDIS_URL,
        "immediate": TESTING,
        "utc": False,
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "postdoc_base",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": TESTING,
        "utc": False,
    }

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
if not LOCAL:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Labels used in templates for the product; kept here so documents and pages agree.
PRODUCT_NAME = _("内蒙古自治区博士后创新实践基地管理系统")
DEMO_PASSWORD = "Demo-2026!"  # demo accounts only; load_demo refuses to run when DEBUG is off
