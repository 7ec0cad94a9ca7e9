"""Settings for the RSR Toolkit.

One settings module for every environment: everything that differs between a laptop and
production comes from environment variables, documented in .env.example and docs/settings.md.
The defaults are safe for production (DEBUG off); `make run` and `make test` switch DEBUG on.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from roadmap.env import env_bool, env_int, env_list, env_str
from roadmap.logformat import TEXT_FORMAT, log_format

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: python -c "
            '"from django.core.management.utils import get_random_secret_key as k; print(k())"'
        )
    # Development only: a fixed, obviously insecure key so sessions survive restarts.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin: it registers the translated framework fields (roadmap/translation.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "csp",
    # django-axes and django-otp with readable names on the admin home (assessments.apps).
    "assessments.apps.SignInLockoutsConfig",
    "django_otp",
    "assessments.apps.AuthenticatorAppsConfig",
    "assessments.apps.RecoveryCodesConfig",
    "roadmap",
    "assessments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and other text, gzipped after every middleware below has written them (WhiteNoise,
    # above, answers static files itself, precompressed).
    "roadmap.middleware.CompressTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in user's language wins over the cookie and the browser's (LocaleMiddleware).
    "assessments.languages.UserLanguageMiddleware",
    # Signed-in pages hold a member state's data: no cache may store them.
    "roadmap.middleware.PrivatePagesMiddleware",
    # SQLite's "database is locked" becomes the "try again" page (409), never a 500.
    "roadmap.middleware.DatabaseBusyMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "assessments.two_factor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns locked-out sign-ins into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "roadmap.urls"
WSGI_APPLICATION = "roadmap.wsgi.application"
ASGI_APPLICATION = "roadmap.asgi.application"

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
                "roadmap.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
# SQLite file in the project by default (embedded, for `make run`); PostgreSQL in production:
# DATABASE_URL=postgres://user:password@host:5432/name

DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A small team saving at the same moment must queue, not fail with "database is locked":
    # WAL lets readers go on while one writes; IMMEDIATE takes the write lock when a
    # transaction starts (a deferred one that reads, then writes, fails at once when another
    # wrote meanwhile: the busy timeout cannot help it); the timeout is how long a writer
    # waits for the lock. Anything still locked becomes the "try again" page (409), never a 500
    # (roadmap.middleware.DatabaseBusyMiddleware).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------------------------

AUTH_USER_MODEL = "assessments.User"
AUTHENTICATION_BACKENDS = [
    # Throttling first: an address or account/address pair that is locked out is refused
    # before the password is even checked.
    "assessments.lockout.AddressLimitBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
# Only a fallback: the sign-in view (assessments.landing) sends each person to their own
# starting point, e.g. a member state's user to their draft assessment.
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ---------------------------------------------------------------------

# English is the working language and the source of every text; the four others are draft
# translations to be reviewed by native speakers (docs/translation.md). Each name is written in
# its own language, as the language switcher shows it. Arabic is written right to left
# (Django's LANGUAGES_BIDI).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("id", "Bahasa Indonesia"),
    ("th", "ไทย"),
    ("vi", "Tiếng Việt"),
    ("ar", "العربية"),
]
# The cookie that keeps a visitor's choice before sign-in; a signed-in user's choice is stored on
# their account (assessments.languages) and wins.
LANGUAGE_COOKIE_NAME = "rsr_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Framework texts are stored per language (django-modeltranslation): a missing translation falls
# back to English, which the pages mark with lang="en" (roadmap.templatetags.framework_text).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Each translated field has a column per language (question_en, question_ind: "id" would clash
# with Django's _id suffix) beside the original (question). Creating an object with `question`
# fills question_en too, so fixtures and code that name only `question` keep English complete.
MODELTRANSLATION_AUTO_POPULATE = "default"
# Dates and numbers follow the active language (Django's formats; English: roadmap/formats/en).
FORMAT_MODULE_PATH = ["roadmap.formats"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files (WhiteNoise) ----------------------------------------------------------------
# Bootstrap comes from the django-bootstrap-static package: no CDN, ministries work on closed
# networks and the Content-Security-Policy allows no third-party host.

STATIC_URL = "static/"
# Files the running toolkit writes: the queue of the embedded default and rendered documents.
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
DOCUMENTS_ROOT = Path(env_str("DOCUMENTS_ROOT", str(VAR_DIR / "documents")))
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Source maps are most of Bootstrap's bytes and nobody downloads them compressed.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Evidence documents that member states attach to answers (assessments/evidence): under
# MEDIA_ROOT by default. Like rendered documents, they are never under a URL of their own: the
# download view checks the same access rules as the answer (MEDIA_URL stays unset).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
EVIDENCE_ROOT = MEDIA_ROOT / "evidence"


FILE_STORAGE = env_str("FILE_STORAGE", "filesystem").strip().lower()
if FILE_STORAGE not in ("filesystem", "s3"):
    raise ImproperlyConfigured(
        f"FILE_STORAGE={FILE_STORAGE!r} is not known: use 'filesystem' (the default, folders "
        "under MEDIA_ROOT and DOCUMENTS_ROOT) or 's3' (an S3-compatible store, docs/deploy.md)."
    )
# The S3-compatible store (FILE_STORAGE=s3). Credentials are not settings: boto3 reads
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment, or the machine's role.
S3_BUCKET = env_str("S3_BUCKET").strip()
if FILE_STORAGE == "s3" and not S3_BUCKET:
    raise ImproperlyConfigured(
        "FILE_STORAGE=s3 needs S3_BUCKET, the name of the private bucket that keeps evidence "
        "and rendered documents (docs/deploy.md, File storage)."
    )
S3_ADDRESSING_STYLE = env_str("S3_ADDRESSING_STYLE").strip().lower() or None
if S3_ADDRESSING_STYLE not in (None, "auto", "path", "virtual"):
    raise ImproperlyConfigured(
        f"S3_ADDRESSING_STYLE={S3_ADDRESSING_STYLE!r}: use auto, path or virtual."
    )
# A store that is down must fail a request or a render within seconds, not hold a gunicorn
# worker until its timeout: short connection and read timeouts, and few attempts ("standard"
# retries back off between them). Worst case against a host that does not answer at all:
# S3_MAX_ATTEMPTS x S3_CONNECT_TIMEOUT plus about 3 s of back-off.
S3_CONNECT_TIMEOUT = env_int("S3_CONNECT_TIMEOUT", 3)
S3_READ_TIMEOUT = env_int("S3_READ_TIMEOUT", 20)
S3_MAX_ATTEMPTS = max(1, env_int("S3_MAX_ATTEMPTS", 3))


def file_storage(location: str, prefix: str) -> dict:
    """Where a kind of confidential file is kept: a folder, or the shared S3-compatible store.

    FILE_STORAGE=s3 (production with several app servers, docs/deploy.md) keeps evidence and
    rendered documents in one bucket through django-storages, each kind under its own prefix;
    otherwise each kind has its own folder (the embedded default).
    """
    if FILE_STORAGE != "s3":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        }
    from botocore.config import Config  # only where the store is used

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "location": prefix,
            "endpoint_url": env_str("S3_ENDPOINT_URL").strip() or None,
            "region_name": env_str("S3_REGION").strip() or None,
            # No ACL header: every object gets the store's default, private to the bucket's
            # owner. Buckets made on AWS since 2023 have ACLs disabled and refuse a PUT that
            # names one (AccessControlListNotSupported); access is the bucket policy's.
            "default_acl": None,
            # A name already taken gets a suffix: a file is never replaced by another.
            "file_overwrite": False,
            # Files are never handed out by the store's URLs: the app streams them after its
            # access checks. Should anything ask for a URL all the same, it gets a signed one
            # that expires within a minute, never a public one.
            "querystring_auth": True,
            "querystring_expire": 60,
            # Encrypted at rest by the store (SSE-S3). S3_ENCRYPT=false only for a store that
            # refuses the header and encrypts by its own configuration (docs/deploy.md).
            "object_parameters": {"ServerSideEncryption": "AES256"}
            if env_bool("S3_ENCRYPT", default=True)
            else {},
            # Given a client_config, django-storages ignores its addressing_style and
            # signature_version options: they are set here.
            "client_config": Config(
                s3={"addressing_style": S3_ADDRESSING_STYLE},
                signature_version="s3v4",
                connect_timeout=S3_CONNECT_TIMEOUT,
                read_timeout=S3_READ_TIMEOUT,
                retries={"max_attempts": S3_MAX_ATTEMPTS, "mode": "standard"},
            ),
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Rendered reports, briefs and exports (assessments/jobs): confidential, so never under a
    # URL of their own; the download view reads them after checking access. A folder by default
    # (DOCUMENTS_ROOT); app servers and workers must share it (FILE_STORAGE=s3 in production).
    "documents": file_storage(str(DOCUMENTS_ROOT), "documents"),
    # Evidence documents attached to answers (assessments/evidence).
    "evidence": file_storage(str(EVIDENCE_ROOT), "evidence"),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: an evidence file up to EVIDENCE_MAX_MB, a questionnaire workbook up to
# WORKBOOK_MAX_MB. Larger uploads are stopped while they arrive (assessments/uploads.py), so an
# enormous file is neither kept in memory nor written to disk in full.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_MB", 20) * 1024 * 1024
WORKBOOK_MAX_BYTES = env_int("WORKBOOK_MAX_MB", 5) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default: larger files go to a temporary file
FILE_UPLOAD_HANDLERS = [
    "assessments.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# The virus scan of every evidence upload (assessments/evidence/scanning.py): "auto" uses ClamAV
# (clamdscan, else clamscan) where it is installed and records "not scanned" where it is not;
# "off" never scans; any other value is a command that is given the file's path and answers
# like clamscan (exit status 0 clean, 1 infected, anything else: could not scan, upload refused).
EVIDENCE_SCANNER = env_str("EVIDENCE_SCANNER", "auto")

# --- Forms ------------------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email (console backend unless configured) ------------------------------------------------

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "RSR Toolkit <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Emails anyone can trigger (password reset; team invitations) are rate-limited per recipient
# and per requester within a window (assessments.throttle), so nobody can flood a mailbox.
EMAIL_RATE_PER_RECIPIENT = env_int("EMAIL_RATE_PER_RECIPIENT", 3)
EMAIL_RATE_PER_CLIENT = env_int("EMAIL_RATE_PER_CLIENT", 20)
EMAIL_RATE_WINDOW_MINUTES = env_int("EMAIL_RATE_WINDOW_MINUTES", 60)

# --- Security ---------------------------------------------------------------------------------
# Strict when DEBUG is off; each can be relaxed by its variable (e.g. behind a TLS-terminating
# proxy that already redirects, SECURE_SSL_REDIRECT=false).

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
# A load balancer may check /health/ over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Sessions end after SESSION_IDLE_MINUTES without a request (each request extends it), and
# when the browser closes. Changing the password signs out every other session (Django's
# session auth hash).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling (django-axes; assessments.lockout and docs/security.md say why this way):
# - AXES_FAILURE_LIMIT failed sign-ins for one account from one address lock that pair for
#   AXES_COOLOFF_MINUTES. Per pair, not per account: an attacker elsewhere cannot lock a known
#   user out of the system, only out of the attacker's own address.
# - AXES_ADDRESS_FAILURE_LIMIT failures from one address, for any accounts, lock that address
#   (assessments.lockout.AddressLimitBackend): one machine cannot try every account.
# Stored in the database, so every app server sees the same lockouts.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The sign-in form's field is "username" (it holds the email address); django-axes would
# otherwise look for the user model's USERNAME_FIELD ("email") and record no username at all.
AXES_USERNAME_FORM_FIELD = "username"
# Sign-in ignores letter case, so the count does too.
AXES_USERNAME_CALLABLE = "assessments.lockout.username_key"
AXES_LOCKOUT_CALLABLE = "assessments.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address: REMOTE_ADDR, or with PROXY_COUNT trusted proxies in front the address
# the nearest one appended to X-Forwarded-For (counted from the right). Never the client's own
# entries in that header.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "assessments.lockout.client_ip"

# Two-factor authentication (django-otp, TOTP): available to everyone, required for RSO staff
# and administrators (assessments.two_factor).
OTP_TOTP_ISSUER = "RSR Toolkit"
# An account that must use two-factor sets it up only with an enrolment link (single use,
# valid this many hours) from another administrator or `manage.py enrolment_link`.
TWO_FACTOR_ENROLMENT_HOURS = env_int("TWO_FACTOR_ENROLMENT_HOURS", 72)

# Content-Security-Policy (django-csp): our own host only; no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Cache ------------------------------------------------------------------------------------
# Redis when REDIS_URL is set (redis://host:6379/0, rediss:// for TLS): several app servers then
# share one cache, so what is cached (PDF reports, counters) is the same whichever one answers.
# Otherwise local memory: per process, which is right for development and a single server only.

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "rsr"),
            # Bounded waits: an unreachable Redis fails a request in seconds instead of
            # holding a worker until gunicorn's timeout kills it.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "rsr",
        }
    }

# --- Logging ----------------------------------------------------------------------------------

# Everything goes to stdout, where the process manager or container runtime collects it:
# JSON lines (LOG_FORMAT=json, the default when DEBUG is off) for log collectors, readable text
# (LOG_FORMAT=text, the default with DEBUG on) for people. gunicorn's access log, one line per
# request, uses the same format (roadmap/gunicorn.conf.py); django.request adds a warning for
# every 4xx (one line, its traceback dropped: a refused request is not a fault) and an error with
# the traceback for every 5xx.


LOG_FORMAT = log_format(debug=DEBUG)
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "roadmap.logformat.JsonFormatter"},
        "text": {"format": TEXT_FORMAT},
    },
    "filters": {
        "client_errors_without_traceback": {"()": "roadmap.logformat.ClientErrorsWithoutTraceback"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["client_errors_without_traceback"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces the handlers of Django's default logging (console in DEBUG, mail to ADMINS)
        # so that each record is written once, by the root handler, in LOG_FORMAT.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # WeasyPrint and fontTools log every font and image at INFO, hundreds of lines a PDF.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every sign-in at INFO; failures and lockouts stay at WARNING.
        "axes": {"level": "WARNING"},
    },
}

# PDF reports a person may have rendered per period (downloads from the cache do not count);
# beyond it they get a "try again in a minute" page (HTTP 429).
REPORT_RENDER_LIMIT = env_int("REPORT_RENDER_LIMIT", 6)
REPORT_RENDER_PERIOD = env_int("REPORT_RENDER_PERIOD", 60)

# --- Background workers (Celery) ---------------------------------------------------------------
# Reports, the regional brief and large exports are rendered by Celery workers, never on a
# request (assessments/jobs/README.md). The broker: CELERY_BROKER_URL when set; else Redis when
# REDIS_URL is set (the production profile); else kombu's filesystem transport in var/queue,
# which needs no server, so that `make run` works with nothing else installed. Job state lives
# in the database and files in the "documents" storage: no result backend is needed.

QUEUE_DIR = VAR_DIR / "queue"
# "localhost" means nothing to the filesystem transport, but without a host kombu warns.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL or "filesystem://localhost/"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(QUEUE_DIR),
        "data_folder_out": str(QUEUE_DIR),
        # The exchange tables too (by default a control/ folder in the current directory).
        "control_folder": str(QUEUE_DIR / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem:")
    else {
        # Redis: a task a dead worker had taken goes back to the queue after this long.
        "visibility_timeout": 3600,
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
)
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "rsr-documents")
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged when it ends: a worker that dies mid-render leaves it to another.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Worker processes per machine (`celery -A roadmap worker`, prefork): each renders one document
# at a time, on one core. A long report's memory stays with the process that rendered it (Python
# seldom hands it back), so each process is replaced after WORKER_MAX_TASKS_PER_CHILD documents,
# or after the document with which it passed WORKER_MAX_MEMORY_MB.
CELERY_WORKER_CONCURRENCY = env_int("WORKER_CONCURRENCY", 2)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("WORKER_MAX_TASKS_PER_CHILD", 20)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("WORKER_MAX_MEMORY_MB", 1024) * 1024  # in KiB
# A 600-page report takes about a minute; nothing may hold a worker for ever.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("DOCUMENT_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 30
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Tests (and `DOCUMENTS_EAGER=true`) may run tasks in the calling process.
CELERY_TASK_ALWAYS_EAGER = env_bool("DOCUMENTS_EAGER", False)
# After this long in the queue without a worker, the progress page says so and offers a retry.
DOCUMENT_QUEUE_PATIENCE = env_int("DOCUMENT_QUEUE_PATIENCE", 120)

# The regional view counts either real member states or, on a demonstration site, only the
# fictional demo states (assessments/regional/README.md): never both, so that demo data never
# enters a real aggregate. Off in production unless set.
REGIONAL_DEMO_DATA = env_bool("REGIONAL_DEMO_DATA", default=DEBUG)
# The fewest member states an aggregate of the regional view is built from.
REGIONAL_MIN_STATES = 3

# --- Project ----------------------------------------------------------------------------------

SITE_NAME = "RSR Toolkit"
