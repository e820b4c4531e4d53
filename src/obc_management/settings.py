"""OBCMS settings.

Everything comes from the environment through django-environ's typed helpers,
with safe defaults so `make run` needs no `.env`:

* no DATABASE_URL -> SQLite in ``<repo>/data/obcms.sqlite3`` (outside ``src/``)
* no REDIS_URL    -> local-memory cache and Celery in eager mode

Production (``DEBUG=False``) refuses to start without a real SECRET_KEY and
ALLOWED_HOSTS. Every value derived from DEBUG is computed after DEBUG is final.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent

env = environ.Env()
# An explicit env file (never committed) may be named by ENV_FILE; nothing is read implicitly.
if env.str("ENV_FILE", default=""):
    environ.Env.read_env(env.str("ENV_FILE"))

# --- Core --------------------------------------------------------------------------------------
# LOCAL_INSTALL: one office on one machine (`make run`). Production behaviour (DEBUG off, the real 404/500
# pages, whitenoise's hashed static files) over plain HTTP on this machine; the secret key is generated
# once and kept in DATA_DIR. `make dev` leaves it off and keeps DEBUG on with auto-reload.
LOCAL_INSTALL = env.bool("LOCAL_INSTALL", default=False)
DEBUG = env.bool("DEBUG", default=not LOCAL_INSTALL)
DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "data")))
LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

DEV_SECRET_KEY = "django-insecure-obcms-development-only-key-do-not-use-in-production"


def _local_secret_key() -> str:
    """The local install's key: made once (random, 64 bytes) and kept, owner-readable only, in DATA_DIR."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        try:
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
                handle.write(secrets.token_urlsafe(64))
        except FileExistsError:
            pass  # another process made it first
    return path.read_text().strip()


if "SECRET_KEY" in os.environ:
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = _local_secret_key() if LOCAL_INSTALL else DEV_SECRET_KEY
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=LOCAL_HOSTS if DEBUG or LOCAL_INSTALL else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "your-secret-key-here", DEV_SECRET_KEY}


def _refuse_insecure_production() -> None:
    """Stop a production process that would run with a guessable key or no host list."""
    if DEBUG:
        return
    key = SECRET_KEY.strip()
    if key.lower() in PLACEHOLDER_SECRETS or key.startswith("django-insecure") or len(key) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY is missing or a placeholder. With DEBUG=False set a random key of 50+ characters, "
            'e.g. python -c "import secrets; print(secrets.token_urlsafe(64))".'
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS is empty. With DEBUG=False list the host names that serve OBCMS.")


_refuse_insecure_production()

SITE_NAME = env.str("SITE_NAME", default="OOBC Management System")
#: The address users reach OBCMS at, for links in e-mails and calendar feeds (no trailing slash).
SITE_URL = env.str("SITE_URL", default="")
SITE_DESCRIPTION = env.str("SITE_DESCRIPTION", default="Other Bangsamoro Communities Management System")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "auditlog",
    "axes",
    "django_celery_beat",
    "csp",
    # OBCMS
    "common",
    "communities",
    "mana",
    "coordination",
    "policies",
    "ai_assistant",
    "operations",
]

MIDDLEWARE = [
    "operations.request_id.RequestIdMiddleware",
    "common.middleware.HealthCheckMiddleware",
    "common.middleware.RejectControlCharactersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "common.signin.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "obc_management.urls"
WSGI_APPLICATION = "obc_management.wsgi.application"
ASGI_APPLICATION = "obc_management.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.site",
            ],
        },
    },
]

# --- Data --------------------------------------------------------------------------------------
if not env.str("DATABASE_URL", default=""):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'obcms.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # WAL lets readers work while the hierarchy loader or an import writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "common.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Cache and Celery --------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    _redis_base = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL.rstrip("/")
    CACHE_REDIS_URL = env.str("CACHE_REDIS_URL", default=f"{_redis_base}/1")
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=f"{_redis_base}/0")
    CACHES = {
        "default": {
            # RedisCache that fails soft: a cache outage must not take pages down (operations/cache.py).
            "BACKEND": "operations.cache.FailSoftRedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": "obcms",
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
else:
    CACHE_REDIS_URL = ""
    CELERY_BROKER_URL = "memory://"
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "obcms"}}
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "Asia/Manila"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # worker logs use LOGGING below (request ids, JSON)
# A request that enqueues a job while Redis is down fails within ~2 s instead of hanging.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
# The one beat schedule (times are Asia/Manila). django-celery-beat's DatabaseScheduler copies these
# entries into its tables at start; operations/tests/test_beat_schedule.py proves each names a real task.
BACKUP_HOUR = env.int("BACKUP_HOUR", default=2)
CELERY_BEAT_SCHEDULE = {
    "nightly-backup": {"task": "operations.nightly_backup", "schedule": crontab(hour=BACKUP_HOUR, minute=0)},
    "clear-expired-sessions-and-tokens": {
        "task": "operations.clear_expired_sessions_and_tokens",
        "schedule": crontab(hour=3, minute=30),
    },
    "purge-old-jobs": {"task": "common.purge_old_jobs", "schedule": crontab(hour=4, minute=0)},
    "fail-stale-jobs": {"task": "common.fail_stale_jobs", "schedule": crontab(minute="*/15")},
    "coordination-agreement-alerts": {"task": "coordination.check_agreements", "schedule": crontab(hour=6, minute=0)},
    "policies-overdue-reports": {"task": "policies.flag_overdue_reports", "schedule": crontab(hour=6, minute=15)},
}

# --- I18N --------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "Asia/Manila"
#: Philippine-English display dates ("2 Dec 2026"): obc_management/formats/en/formats.py.
FORMAT_MODULE_PATH = ["obc_management.formats"]
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [SRC_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# S3-compatible object storage (AWS S3, Cloudflare R2, MinIO...) for media when a bucket is named.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="")
AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="")
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
AWS_DEFAULT_ACL = None  # objects stay private; media links are signed and expire
AWS_QUERYSTRING_EXPIRE = 3600
AWS_S3_FILE_OVERWRITE = False
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"location": "media"}}

# Backups (operations/backups.py): always to BACKUP_DIR, and off-site to an S3-compatible bucket when
# BACKUP_BUCKET_NAME (or AWS_STORAGE_BUCKET_NAME) is set; BACKUP_* keys fall back to AWS_* ones.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(DATA_DIR / "backups")))
BACKUP_RETENTION_DAYS = env.int("BACKUP_RETENTION_DAYS", default=30)
BACKUP_BUCKET_NAME = env.str("BACKUP_BUCKET_NAME", default=AWS_STORAGE_BUCKET_NAME)
STORAGES["backups"] = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": BACKUP_DIR}}
if BACKUP_BUCKET_NAME:
    STORAGES["backups_offsite"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BACKUP_BUCKET_NAME,
            "location": env.str("BACKUP_S3_PREFIX", default="backups"),
            "access_key": env.str("BACKUP_ACCESS_KEY", default=AWS_ACCESS_KEY_ID),
            "secret_key": env.str("BACKUP_SECRET_KEY", default=AWS_SECRET_ACCESS_KEY),
            "endpoint_url": env.str("BACKUP_S3_ENDPOINT_URL", default="") or AWS_S3_ENDPOINT_URL,
            "region_name": AWS_S3_REGION_NAME,
            "file_overwrite": True,
            "default_acl": None,
        },
    }

# --- Email -------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="OBCMS <no-reply@localhost>")

# --- Security (values derived from DEBUG, which is final above) -------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS-only behaviour for a real deployment; a local install serves plain HTTP on this machine.
HTTPS_ONLY = not DEBUG and not LOCAL_INSTALL
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS_ONLY)
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS_ONLY)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions end after SESSION_IDLE_HOURS without a request (common/signin/middleware.py slides the expiry).
SESSION_IDLE_HOURS = env.float("SESSION_IDLE_HOURS", default=8)
SESSION_COOKIE_AGE = int(SESSION_IDLE_HOURS * 3600)

# Sign-in lock-out (django-axes; policy in common/signin/lockout.py): a username is locked after
# AXES_FAILURE_LIMIT failures from any address, an address after AXES_ADDRESS_FAILURE_LIMIT failures over all
# usernames; the lock lasts AXES_COOLOFF_MINUTES and doubles with repeated failures (at most a day).
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_USERNAME_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=15)
AXES_FAILURE_LIMIT = "common.signin.lockout.failure_limit"
AXES_COOLOFF_TIME = "common.signin.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USE_ATTEMPT_EXPIRATION = True  # each lock expires on its own cool-off, not the latest request's
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the failure history the growing cool-off counts
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "common.signin.lockout.OfficeAxesHandler"
AXES_LOCKOUT_CALLABLE = "common.signin.lockout.lockout_response"
# Behind a reverse proxy (Coolify's Traefik: 1) the client address is taken from X-Forwarded-For, as the
# outermost of these proxies recorded it; 0 (the default) uses the connection's address only.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "common.signin.lockout.client_ip"
# Password-reset e-mails: at most this many requests per hour from one address and for one e-mail address.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=10)
PASSWORD_RESET_LIMIT_PER_ACCOUNT = env.int("PASSWORD_RESET_LIMIT_PER_ACCOUNT", default=3)

# --- API ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # The schema is a contract (docs/api.md): one error shape, error answers documented everywhere, and
    # versioned writes (If-Match, ETag, 412/428) described (common/appkit/schema.py).
    "DEFAULT_SCHEMA_CLASS": "common.appkit.schema.VersionedAutoSchema",
    # One error body for every 4xx; service errors (ValidationError, PermissionDenied,
    # StaleRecordError) become 400/403/412 (common/appkit/api.py).
    "EXCEPTION_HANDLER": "common.appkit.api.exception_handler",
    # JSON only: the schema's nullable fields and lists cannot be said in form encodings.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="2000/min"),
    },
}
# Refresh tokens: idle like sessions, rotated, and never valid past JWT_REFRESH_ABSOLUTE_HOURS after the
# password was typed (common/signin/tokens.py). Access tokens die with a password change (CHECK_REVOKE_TOKEN).
JWT_REFRESH_ABSOLUTE_HOURS = env.float("JWT_REFRESH_ABSOLUTE_HOURS", default=24)
SIMPLE_JWT = {
    "REFRESH_TOKEN_LIFETIME": timedelta(hours=min(SESSION_IDLE_HOURS, JWT_REFRESH_ABSOLUTE_HOURS)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "CHECK_REVOKE_TOKEN": True,
    "TOKEN_OBTAIN_SERIALIZER": "common.signin.tokens.OfficeTokenObtainPairSerializer",
    "TOKEN_REFRESH_SERIALIZER": "common.signin.tokens.OfficeTokenRefreshSerializer",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OBCMS API",
    "DESCRIPTION": SITE_DESCRIPTION,
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema, Swagger UI and ReDoc are for signed-in users only (docs pages: login_required).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Separate request components: required text fields say minLength 1, read-only fields drop out.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.api.schema.empty_query_value_means_not_given",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# communities: one OpenAPI name per choice set shared by several fields.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "AccessRatingEnum": "communities.models.choices.AccessRating",
        "EthnolinguisticGroupEnum": "communities.models.choices.EthnolinguisticGroup",
        "LivelihoodEnum": "communities.models.choices.Livelihood",
        # mana: a transition's target status, per kind of record.
        "AssessmentStatusEnum": "mana.models.Assessment.Status",
        "NeedStatusEnum": "mana.models.Need.Status",
        "NeedCategoryEnum": "mana.models.needs.NeedCategory",
        "OrganizationTypeEnum": "coordination.models.choices.OrganizationType",
        "OrganizationStatusEnum": "coordination.models.organizations.Organization.Status",
        "EngagementKindEnum": "coordination.models.engagements.Engagement.Kind",
        "EngagementStatusEnum": "coordination.models.engagements.Engagement.Status",
        "ActionItemStatusEnum": "coordination.models.engagements.ActionItem.Status",
        "PartnershipKindEnum": "coordination.models.partnerships.Partnership.Kind",
        "PartnershipStatusEnum": "coordination.models.partnerships.Partnership.Status",
        "PartyRoleEnum": "coordination.models.partnerships.PartnershipParty.Role",
        "PartnershipDocumentKindEnum": "coordination.models.partnerships.PartnershipDocument.Kind",
        "FeedbackSentimentEnum": "coordination.models.engagements.Feedback.Sentiment",
    }
)
# policies: the recommendation's choice sets, named so they never collide with other apps' "status", "kind"...
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "RecommendationStatusEnum": "policies.models.choices.Status",
        "RecommendationCategoryEnum": "policies.models.choices.Category",
        "EvidenceKindEnum": "policies.models.choices.EvidenceKind",
        "PriorityRatingEnum": "policies.models.choices.RATING_CHOICES",
        "MilestoneProgressStatusEnum": "policies.models.implementation.ImplementationMilestone.Status",
        "NeedCategoryEnum": "mana.models.needs.NeedCategory",
    }
)
# ai_assistant drafts: the kind of draft and its review status (an item's status is the same set).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "DraftKindEnum": "ai_assistant.models.drafts.DraftKind",
        "DraftStatusEnum": "ai_assistant.models.drafts.DraftStatus",
        "DraftProviderEnum": "ai_assistant.models.drafts.DraftProvider",
    }
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "common/tables/cards.html"  # rows read as cards on phones (docs/architecture.md)

# Map tiles: online tiles when reachable; maps still draw markers and boundaries offline.
MAP_TILES_URL = env.str("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")

# Content-Security-Policy (django-csp 4). Scripts only from our own origin: templates have no inline
# <script> (htmx, Bootstrap, Chart.js, Leaflet are local files; hx-headers is an attribute, not script).
# Styles allow 'unsafe-inline' for style attributes used by the admin, ReDoc and htmx's indicator CSS.
_tiles = urlsplit(MAP_TILES_URL.replace("{s}.", "*."))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", f"{_tiles.scheme}://{_tiles.netloc}"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The plan's site-wide UpdateCacheMiddleware/FetchFromCacheMiddleware is deliberately NOT enabled: every
# HTML page here differs per user (navbar, area-scoped data) and carries a per-session CSRF token, so a
# shared page cache would leak one user's page to another and break forms. See deployment/README.md.

AUDITLOG_INCLUDE_ALL_MODELS = False

# --- AI assistant (google-genai: the Gemini API or Vertex AI; docs/ai-assistant.md) ---------------
# No key (and no Vertex project): get_online_provider() is None and the offline engine answers.
GOOGLE_API_KEY = env.str("GOOGLE_API_KEY", default="") or env.str("GEMINI_API_KEY", default="")
GEMINI_MODEL = env.str("GEMINI_MODEL", default="gemini-2.5-flash")
# Another endpoint speaking the Gemini REST API (a proxy; the test suite's fake server). Empty: Google's.
GEMINI_BASE_URL = env.str("GEMINI_BASE_URL", default="")
# Vertex AI through the same SDK: credentials from GOOGLE_APPLICATION_CREDENTIALS (read by google-auth).
GOOGLE_GENAI_USE_VERTEXAI = env.bool("GOOGLE_GENAI_USE_VERTEXAI", default=False)
GOOGLE_CLOUD_PROJECT = env.str("GOOGLE_CLOUD_PROJECT", default="")
GOOGLE_CLOUD_LOCATION = env.str("GOOGLE_CLOUD_LOCATION", default="global")
GOOGLE_APPLICATION_CREDENTIALS = env.str("GOOGLE_APPLICATION_CREDENTIALS", default="")
# The longest a web request waits for the provider, retries and tool rounds included (seconds).
AI_TIMEOUT_SECONDS = env.float("AI_TIMEOUT_SECONDS", default=20.0)
# Retries of a 429 or 5xx answer (exponential backoff, always within AI_TIMEOUT_SECONDS).
AI_MAX_RETRIES = env.int("AI_MAX_RETRIES", default=2)
AI_RETRY_BASE_DELAY = env.float("AI_RETRY_BASE_DELAY", default=0.5)
# Function-calling rounds per question (each round: the model asks for tools, OBCMS runs them).
AI_MAX_TOOL_ROUNDS = env.int("AI_MAX_TOOL_ROUNDS", default=5)
# Per user: online questions and drafts per day (resets at midnight, Asia/Manila) and per minute.
AI_DAILY_QUOTA = env.int("AI_DAILY_QUOTA", default=50)
AI_RATE_LIMIT_PER_MINUTE = env.int("AI_RATE_LIMIT_PER_MINUTE", default=6)
# Estimated cost: the model's list price in US dollars per million input (prompt) and output tokens.
AI_PRICE_INPUT_PER_MILLION_USD = env.float("AI_PRICE_INPUT_PER_MILLION_USD", default=0.30)
AI_PRICE_OUTPUT_PER_MILLION_USD = env.float("AI_PRICE_OUTPUT_PER_MILLION_USD", default=2.50)
# Keep what was sent and received with each provider call (off: the audit log has no content).
AI_AUDIT_CONTENT = env.bool("AI_AUDIT_CONTENT", default=False)

# --- OBCMS domain ------------------------------------------------------------------------------
# OOBC's coverage: Regions IX, X, XI, XII, XIII (Caraga) and MIMAROPA (Palawan), by PSGC region code.
OOBC_COVERAGE_REGION_CODES = env.list(
    "OOBC_COVERAGE_REGION_CODES",
    default=["0900000000", "1000000000", "1100000000", "1200000000", "1600000000", "1700000000"],
)

# --- Logging -----------------------------------------------------------------------------------
# Console (stdout) always, for `docker logs` and Coolify; a rotating file as well when LOG_FILE is set.
# LOG_FORMAT=json writes one JSON object per line. Every line carries the request id (X-Request-ID).
from operations.logging import build_logging  # noqa: E402 - stdlib-only module

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = build_logging(
    level=LOG_LEVEL,
    log_format=env.str("LOG_FORMAT", default="text"),
    log_file=env.str("LOG_FILE", default=""),
    max_bytes=env.int("LOG_FILE_MAX_BYTES", default=10 * 1024 * 1024),
    backup_count=env.int("LOG_FILE_BACKUP_COUNT", default=5),
)
