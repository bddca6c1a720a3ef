"""Settings for PARTNER, driven by environment variables.

DJANGO_DEBUG          "1"/"true" turns debug on (the Makefile does so for local runs).
DJANGO_SECRET_KEY     required when debug is off.
DJANGO_ALLOWED_HOSTS  comma-separated host names.
DATABASE_URL          e.g. postgres://postgres@127.0.0.1:5432/partner; SQLite when unset.
The README's "Security and privacy" section lists the others.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)
# With debug on, refused and missing pages still show the product's own pages; "1" shows
# Django's technical pages instead (partner/middleware.py, FriendlyErrorPagesMiddleware).
PARTNER_TECHNICAL_ERRORS = env_bool("PARTNER_TECHNICAL_ERRORS", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=1 for a local development run)."
        )
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105 - debug only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "guardian",
    "bootstrap",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "trajectories",
    "matrix",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "partner.middleware.SessionIdleTimeoutMiddleware",
    "partner.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "partner.middleware.AdminNullCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "trajectories.live.middleware.GuestSessionEndedMiddleware",
    "partner.middleware.FriendlyErrorPagesMiddleware",
    "csp.middleware.CSPMiddleware",
    "trajectories.privacy.audit.AuditMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partner.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partner.context_processors.live_guest",
                "partner.context_processors.toolkit",
                "partner.context_processors.client_mode",
                "partner.context_processors.notifications",
                "partner.context_processors.organisation_admin",
            ],
        },
    },
]

WSGI_APPLICATION = "partner.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The local default: every transaction takes the write lock when it starts (so "check, then
    # write" blocks run one after the other, see partner/locks.py), waits for it instead of failing
    # with "database is locked", and readers do not block the writer (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )

AUTHENTICATION_BACKENDS = [
    # First: refuses a login for an account or address that tried too many wrong passwords.
    "axes.backends.AxesStandaloneBackend",
    "partner.accounts.backends.UsernameOrEmailBackend",
    "guardian.backends.ObjectPermissionBackend",
]

# Guardian's anonymous user is not used: anonymous visitors never hold object permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# Argon2 first (new and changed passwords); older hashes still work and are upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "partner.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "partner.accounts.passwords.VarietyValidator", "OPTIONS": {"min_distinct": 6}},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "trajectories:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded photos are care data: kept outside the public folders, served only through a
# permission-checked view. Point this at backed-up, access-restricted storage in production.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PARTNER_PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# Photos with a topic (trajectories/photos.py): refused above this size (bytes) or number of
# pixels (under Pillow's own warning limit of 89 million), stored at most this wide/high.
PHOTO_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 80_000_000
PHOTO_MAX_SIDE = 1600
# Memory: a photo is never decoded at more pixels than this (about 4 bytes each). A JPEG is decoded
# at 1/2 to 1/8 of its size while reading, so a 48-megapixel phone photo fits; PNG, WebP, GIF and
# progressive JPEG can only be decoded whole and are refused above it.
PHOTO_MAX_DECODED_PIXELS = 6_000_000
# How many photos one process cleans at once (the others wait): each needs up to about 100 MB.
PHOTO_MAX_CONCURRENT = max(1, int(os.environ.get("PARTNER_PHOTO_MAX_CONCURRENT", "2")))
# Django refuses larger request bodies before our form can say why; keep room for one photo.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Uploads above Django's default (2.5 MB) go to a temporary file, not into the worker's memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Live sessions: how long a join code works at most, and how many wrong codes one address may
# try within the window before it has to wait.
LIVE_CODE_VALID_HOURS = int(os.environ.get("PARTNER_LIVE_CODE_VALID_HOURS", "8"))
LIVE_JOIN_MAX_FAILURES = int(os.environ.get("PARTNER_LIVE_JOIN_MAX_FAILURES", "10"))
LIVE_JOIN_WINDOW_MINUTES = 15
# How often the room screen asks for news (milliseconds).
LIVE_BOARD_POLL_MS = 2000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- security ------------------------------------------------------------------------------------
# Production (debug off) is HTTPS-only. Behind a proxy that ends TLS, set DJANGO_BEHIND_TLS_PROXY=1
# so Django trusts its X-Forwarded-Proto header.
if env_bool("DJANGO_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
# How many reverse proxies that append to X-Forwarded-For stand in front of the application (for
# example 1 for one nginx). Only then is the client's address taken from that header; with 0
# (the default) every request's address is the connection's (partner/client_address.py).
PARTNER_TRUSTED_PROXY_COUNT = int(os.environ.get("PARTNER_TRUSTED_PROXY_COUNT", "0"))
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Sessions end after this many minutes without a page being opened, and when the browser closes.
SESSION_IDLE_MINUTES = int(os.environ.get("PARTNER_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy: only our own scripts (no inline scripts at all), styles, images and
# fonts; no frames, no plugins, forms only to ourselves. Photos and QR codes are our own too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Inline style *attributes* (the width of a bar) are allowed; inline scripts never.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Too many wrong passwords: the account (from that address) waits, with a clear message.
AXES_FAILURE_LIMIT = int(os.environ.get("PARTNER_LOGIN_MAX_FAILURES", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("PARTNER_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "partner.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# A login refused during the lockout checks no password and is not counted: the count is the
# number of passwords actually tried (and the lockout ends on time, however often it is knocked on).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# The same client address as the join-code limit and the audit trail (behind trusted proxies too).
AXES_CLIENT_IP_CALLABLE = "partner.client_address.client_address"

# Two-factor authentication (TOTP app). Required for administrators and quality staff when on:
# on by default in production, off by default with debug on (the demo).
PARTNER_REQUIRE_2FA = env_bool("PARTNER_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "PARTNER"

# Privacy: closed trajectories are purged this many days after closing (manage.py purge_archived).
PARTNER_RETENTION_DAYS = int(os.environ.get("PARTNER_RETENTION_DAYS", str(7 * 365)))

# Accounts: invitations (days a link works), login cards (PIN length, wrong PINs before a card is blocked).
PARTNER_INVITATION_VALID_DAYS = int(os.environ.get("PARTNER_INVITATION_VALID_DAYS", "14"))
PARTNER_LOGIN_CARD_PIN_LENGTH = 4
PARTNER_LOGIN_CARD_MAX_FAILURES = int(os.environ.get("PARTNER_LOGIN_CARD_MAX_FAILURES", "5"))

# --- background work and e-mail -------------------------------------------------------------------
# Tasks (django-tasks, the backport of Django 6's django.tasks) are stored in the database and run by
# `manage.py db_worker` processes (as many as needed, on any machine with the same database).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# How often a failing e-mail is tried before it counts as failed, and the wait before each new try.
PARTNER_EMAIL_MAX_ATTEMPTS = int(os.environ.get("PARTNER_EMAIL_MAX_ATTEMPTS", "5"))
PARTNER_EMAIL_RETRY_SECONDS = int(os.environ.get("PARTNER_EMAIL_RETRY_SECONDS", "300"))
# The address in e-mails and calendar feeds (e-mails link here; the pages need a sign-in).
PARTNER_SITE_URL = os.environ.get("PARTNER_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# E-mail: printed on the console in a local run, sent through SMTP in production.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "PARTNER <noreply@partner.invalid>")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day
PARTNER_SESSION_BACKEND = "partner.accounts.backends.UsernameOrEmailBackend"  # who is logged in without a password (join code, login card)
