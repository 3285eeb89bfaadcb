"""Django settings, from the environment (never from the repository).

- `REDLINE_DATA`: the data folder (database, stored files, cache, secret key).
- `REDLINE_DATABASE_URL`: `postgresql://...` puts the database in PostgreSQL; else SQLite.
- `REDLINE_PROFILE`: `local` (plain HTTP on 127.0.0.1, the default) or `production` (behind an
  HTTPS proxy that sets `X-Forwarded-Proto`; `REDLINE_ALLOWED_HOSTS` names the site's hosts).
- `REDLINE_MAX_UPLOAD_MB` (50), `REDLINE_CONVERT` (`1` lets LibreOffice convert `.doc`, `.odt`
  and `.rtf` uploads, in its own process with a timeout), `REDLINE_TASKS` (`immediate` reads
  uploads in the request, for tests; else the database queue the worker runs).
"""

from __future__ import annotations

import os
from pathlib import Path

from redline.serve.paths import data_dir, secret_key

HERE = Path(__file__).resolve().parent
DATA = data_dir()
PROFILE = os.environ.get("REDLINE_PROFILE", "local")
PRODUCTION = PROFILE == "production"

SECRET_KEY = secret_key(DATA)
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get(
    "REDLINE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "redline.serve.apps.SiteConfig",
]

MIDDLEWARE = [
    "redline.serve.middleware.UploadLimit",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "redline.serve.middleware.TokenAuth",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "redline.serve.urls"
WSGI_APPLICATION = "redline.serve.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "django.template.context_processors.i18n",
    ]},
}]


def _database() -> dict:
    url = os.environ.get("REDLINE_DATABASE_URL")
    if url:
        import dj_database_url

        db = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if not db["ENGINE"].endswith("postgresql"):
            raise ValueError("REDLINE_DATABASE_URL: only postgresql:// is supported")
        return db
    DATA.mkdir(mode=0o700, parents=True, exist_ok=True)
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA / "redline.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 30,
                        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}}


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher",
                    "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend",
                           "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Five failed sign-ins for one user name from one address lock it for 15 minutes (the fifth
# is answered 429). The address is REMOTE_ADDR only (axes' default; X-Forwarded-For, which a
# client can forge, is not read): behind the HTTPS proxy it is the proxy's, so the lock is
# then per user name.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

CSRF_FAILURE_VIEW = "redline.serve.middleware.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's plain-HTTP health check
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False
    SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is the operator's decision
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith("[")]

# Pages run only the site's own script files; the report is served at its own address with
# the policy the render stage wrote for it (script hashes) plus frame-ancestors 'self'.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
}}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français"), ("pt", "Português")]
LOCALE_PATHS = [HERE / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

MAX_UPLOAD = int(float(os.environ.get("REDLINE_MAX_UPLOAD_MB", "50")) * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
ALLOW_CONVERSION = os.environ.get("REDLINE_CONVERT", "") == "1"

TASKS = {"default": {
    "BACKEND": ("django_tasks.backends.immediate.ImmediateBackend"
                if os.environ.get("REDLINE_TASKS") == "immediate"
                else "django_tasks_db.DatabaseBackend"),
    "QUEUES": ["default"],
}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
