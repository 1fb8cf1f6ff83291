"""Settings for Career Copilot.

Every value comes from the environment (see `.env.example`). With nothing set,
the site runs on embedded defaults: SQLite, local files, a filesystem Celery
broker, the local AI engine and console email. Each integration switches on
when its variable is set.
"""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from kombu import Exchange, Queue

BASE_DIR = Path(__file__).resolve().parent.parent


class SecretFiles(environ.FileAwareMapping):
    """The environment, where NAME_FILE (a path: Docker or Kubernetes secrets, a mounted
    parameter store) gives NAME the file's text, less its final newline. It wins over NAME."""

    def __getitem__(self, key: str) -> str:
        path = self.env.get(f"{key}_FILE")
        if not path:
            return self.env[key]
        try:
            return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise ImproperlyConfigured(f"{key}_FILE={path} cannot be read: {exc}") from None


env = environ.Env()
env.ENVIRON = SecretFiles()  # every setting below also reads NAME_FILE
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENVIRONMENTS = ("development", "test", "production")
DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in DJANGO_ENVIRONMENTS:  # fail closed: "prod" must not mean DEBUG on
    raise ImproperlyConfigured(
        f"DJANGO_ENV={DJANGO_ENV!r} is not one of {', '.join(DJANGO_ENVIRONMENTS)}."
    )
PRODUCTION = DJANGO_ENV == "production"
STATE_DIR = Path(env.str("STATE_DIR", default=str(BASE_DIR / "var")))
STATE_DIR.mkdir(parents=True, exist_ok=True)


def _required_in_production(name: str) -> None:
    if PRODUCTION and not env.str(name, default=""):
        raise ImproperlyConfigured(
            f"{name} must be set when DJANGO_ENV=production (see .env.example)."
        )


for _name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL", "SITE_URL"):
    _required_in_production(_name)

SECRET_KEY = env.str("SECRET_KEY", default="dev-insecure-key-change-me-0123456789abcdef")
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")
SITE_ID = 1
HEALTH_TOKEN = env.str("HEALTH_TOKEN", default="")  # shows /health/'s detail to monitors
# Prometheus scrapes /metrics with it as a bearer token; unset, /metrics is off (404).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

INSTALLED_APPS = [
    "unfold",
    "unfold.contrib.filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "django_htmx",
    "template_partials",
    "csp",
    "storages",
    "ninja",  # serves the API docs page's Swagger UI files locally (no CDN)
    "careercopilot",
    "accounts",
    "tracker",
    "resumes",
    "billing",
    "courses",
    "lti",
]

MIDDLEWARE = [
    "careercopilot.metrics.MetricsMiddleware",
    "careercopilot.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "careercopilot.security.ContentSecurityPolicyMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
    "careercopilot.middleware.UserTimezoneMiddleware",
    "careercopilot.middleware.PrivateNoStoreMiddleware",
]

ROOT_URLCONF = "careercopilot.urls"
WSGI_APPLICATION = "careercopilot.wsgi.application"
ASGI_APPLICATION = "careercopilot.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careercopilot.context_processors.site",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{STATE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database is shared by the web server and the worker processes:
    # WAL lets readers work during a write, and IMMEDIATE plus a timeout makes writers queue
    # instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery broker -----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # The cache gets its own Redis database, so clearing it never drops queued tasks.
    REDIS_CACHE_URL = env.str(
        "REDIS_CACHE_URL", default=urlunsplit(urlsplit(REDIS_URL)._replace(path="/1"))
    )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
        }
    }
    CELERY_BROKER_URL = REDIS_URL
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(STATE_DIR / "cache"),
        }
    }
    CELERY_BROKER_URL = "filesystem://"

# Celery: queues default/ai/video, JSON only, late acks for idempotent tasks.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
# Video transcodes scale their own limits up to this; the visibility timeout must exceed it.
CELERY_LONGEST_TASK_SECONDS = 2 * 60 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_LONGEST_TASK_SECONDS + 30 * 60}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_in, _broker_done = STATE_DIR / "broker" / "queue", STATE_DIR / "broker" / "processed"
    _broker_control = STATE_DIR / "broker" / "control"
    for _folder in (_broker_in, _broker_done, _broker_control):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        data_folder_in=str(_broker_in),
        data_folder_out=str(_broker_in),
        processed_folder=str(_broker_done),
        control_folder=str(_broker_control),
        store_processed=False,
    )
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True  # job state lives in our own rows
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [
    Queue(name, Exchange(name), routing_key=name) for name in ("default", "ai", "video")
]
# Tasks run on "default" unless routed: AI work and resume OCR on "ai", transcoding and
# PDF page rendering on "video", so neither delays emails or billing webhooks.
CELERY_TASK_ROUTES = {
    "resumes.tasks.*": {"queue": "ai"},
    "courses.tasks.video_*": {"queue": "video"},
    "courses.tasks.file_preview_build": {"queue": "video"},
    "courses.tasks.ai_*": {"queue": "ai"},
    # A data export copies up to gigabytes: the long-running pool, not email's queue.
    "accounts.tasks.data_export_build": {"queue": "video"},
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "UTC"
# Periodic tasks, defined in code. Each app adds its entries here.
CELERY_BEAT_SCHEDULE = {
    "accounts-purge-old-notifications": {
        "task": "accounts.tasks.notifications_purge_old",
        "schedule": 24 * 60 * 60,
    },
    # A6: data exports expire after 24 hours; stored objects of deleted data are retried.
    "accounts-expire-data-exports": {
        "task": "accounts.tasks.data_exports_expire",
        "schedule": 60 * 60,
    },
    "accounts-delete-stored-objects": {
        "task": "accounts.tasks.stored_objects_delete",
        "schedule": 15 * 60,
    },
    # Hourly: each user gets one digest per local day, on the first run after 08:00 there.
    "tracker-send-daily-digests": {
        "task": "tracker.tasks.digest_send_due",
        "schedule": 60 * 60,
    },
}

# --- Storage --------------------------------------------------------------------
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(STATE_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="us-east-1"),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "file_overwrite": False,
            "signature_version": "s3v4",
            "addressing_style": "path",
        },
    }
else:
    default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL},
    }
STATICFILES_BACKEND = env.str(
    "STATICFILES_BACKEND",
    default="whitenoise.storage.CompressedManifestStaticFilesStorage"
    if PRODUCTION
    else "django.contrib.staticfiles.storage.StaticFilesStorage",
)
STORAGES = {
    "default": default_storage,
    "staticfiles": {"BACKEND": STATICFILES_BACKEND},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Email ----------------------------------------------------------------------
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
    )
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(STATE_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Career Copilot <hello@careercopilot.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth and accounts ------------------------------------------------------------
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
    {"NAME": "accounts.passwords.LeakedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "landing"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_NOTIFICATIONS = True  # security notices: password, email and MFA changes
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Career Copilot] "
# Scheme of the links in account emails; "http" only for plain-HTTP local serving.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str(
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https" if PRODUCTION else "http"
)
# 5 failed logins per account per 5 minutes (the replacement for LOGIN_ATTEMPTS_LIMIT/TIMEOUT).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = "Career Copilot"
# Staff (instructors, admins) must have MFA before they can enter the admin.
ADMIN_REQUIRES_MFA = env.bool("ADMIN_REQUIRES_MFA", default=True)

SOCIALACCOUNT_PROVIDERS = {}
for _provider, _prefix in (("google", "GOOGLE"), ("github", "GITHUB")):
    _client_id = env.str(f"{_prefix}_CLIENT_ID", default="")
    if _client_id:
        INSTALLED_APPS.append(f"allauth.socialaccount.providers.{_provider}")
        SOCIALACCOUNT_PROVIDERS[_provider] = {
            "APPS": [
                {
                    "client_id": _client_id,
                    "secret": env.str(f"{_prefix}_CLIENT_SECRET"),
                    "key": "",
                }
            ],
            "SCOPE": ["email"] if _provider == "github" else ["profile", "email"],
        }
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True

# --- Sessions and re-authentication (ASVS V6/V7; tests/security/) -----------------------
# allauth.usersessions lists a user's signed-in sessions and signs out the others; after a
# password change the user lands there and is offered exactly that. Sessions are recorded
# at sign-in; per-request activity tracking stays off (it would write on every request).
INSTALLED_APPS.insert(INSTALLED_APPS.index("allauth.account") + 1, "allauth.usersessions")
MIDDLEWARE.insert(
    MIDDLEWARE.index("allauth.account.middleware.AccountMiddleware") + 1,
    "allauth.usersessions.middleware.UserSessionsMiddleware",
)
USERSESSIONS_TRACK_ACTIVITY = False
# Changing the email address (like MFA, which always asks) needs the password again when
# the last sign-in or re-authentication is older than 5 minutes.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Behind a load balancer, how many proxies' X-Forwarded-For entries to trust for the
# per-IP sign-in limits (0: the header is ignored, REMOTE_ADDR counts).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Internationalisation ----------------------------------------------------------
LANGUAGE_CODE = "en-us"
# Our English wording of third-party texts (allauth's, in sentence case): locale/en/.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Security ---------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Signed out after this long without a request; staff (who can see students' work) sooner.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=7 * 24 * 60 * 60)
STAFF_SESSION_IDLE_TIMEOUT = env.int("STAFF_SESSION_IDLE_TIMEOUT", default=60 * 60)
# Secure cookies in production; set both false only to serve plain HTTP on 127.0.0.1
# (the production-like test server), together with SECURE_SSL_REDIRECT=false.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe, and Prometheus scrapes each node, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^metrics$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"]
        + ([env.str("AWS_S3_ENDPOINT_URL", default="")] if AWS_STORAGE_BUCKET_NAME else []),
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- AI -----------------------------------------------------------------------------
ANTHROPIC_API_KEY = env.str("ANTHROPIC_API_KEY", default="")
AI_ENGINE = env.str("AI_ENGINE", default="anthropic" if ANTHROPIC_API_KEY else "local")
# --- Resumes and AI engines (resumes/, careercopilot/ai/) ---
ANTHROPIC_BASE_URL = env.str("ANTHROPIC_BASE_URL", default="")  # empty: the SDK's default
AI_ANTHROPIC_MODEL = env.str("AI_ANTHROPIC_MODEL", default="claude-sonnet-4-6")
AI_ANTHROPIC_FAST_MODEL = env.str("AI_ANTHROPIC_FAST_MODEL", default="claude-haiku-4-5")
AI_ANTHROPIC_TIMEOUT = env.float("AI_ANTHROPIC_TIMEOUT", default=60.0)
AI_ANTHROPIC_MAX_RETRIES = env.int("AI_ANTHROPIC_MAX_RETRIES", default=2)
RESUME_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
RESUME_MAX_PAGES = 20
RESUME_MAX_IMAGE_PIXELS = 40_000_000
RESUME_SIGNED_URL_SECONDS = 60
JOB_DESCRIPTION_MAX_CHARS = 20_000

# --- Billing (Stripe through dj-stripe) ----------------------------------------------
# Billing is on when the secret key of the current mode is set. Without it the site runs
# with everyone on Free, and admins grant plans with an end date. Stripe sends webhooks
# to /billing/webhook/ (signed with STRIPE_WEBHOOK_SECRET): the request verifies and records
# the event (as a dj-stripe WebhookEventTrigger), and a Celery task processes it.
INSTALLED_APPS += ["djstripe"]
STRIPE_LIVE_MODE = env.bool("STRIPE_LIVE_MODE", default=False)
STRIPE_TEST_SECRET_KEY = env.str("STRIPE_TEST_SECRET_KEY", default="")
STRIPE_LIVE_SECRET_KEY = env.str("STRIPE_LIVE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
if PRODUCTION and (STRIPE_LIVE_SECRET_KEY if STRIPE_LIVE_MODE else STRIPE_TEST_SECRET_KEY):
    _required_in_production("STRIPE_WEBHOOK_SECRET")
_stripe_api_host = env.str("STRIPE_API_HOST", default="")
if _stripe_api_host:  # a local Stripe-compatible server (tests, benchmarks); never in production
    STRIPE_API_HOST = _stripe_api_host
DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id"
CELERY_BEAT_SCHEDULE["billing-expire-grace-periods"] = {
    "task": "billing.tasks.grace_periods_expire",
    "schedule": 60 * 60,
}
CELERY_BEAT_SCHEDULE["billing-purge-old-webhook-events"] = {
    "task": "billing.tasks.webhook_events_purge_old",
    "schedule": 24 * 60 * 60,
}

# --- Courses (courses/) ------------------------------------------------------------
# "Due in 24 hours" reminders; idempotent (one DueReminder row per assignment and student).
CELERY_BEAT_SCHEDULE["courses-due-in-24h-reminders"] = {
    "task": "courses.tasks.due_reminders_send",
    "schedule": 15 * 60,
}

# --- Courses video pipeline (E4) ---------------------------------------------------
# Beat drops uploads that never finished (stopped processing is the jobs sweeper's).
CELERY_BEAT_SCHEDULE["courses-video-clean-stale"] = {
    "task": "courses.tasks.video_clean_stale",
    "schedule": 30 * 60,
}
# With S3, the browser uploads to and plays from the bucket directly.
if AWS_STORAGE_BUCKET_NAME:
    _VIDEO_ORIGIN = (
        env.str("AWS_S3_ENDPOINT_URL", default="")
        or f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    )
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"].append(_VIDEO_ORIGIN)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"].append(_VIDEO_ORIGIN)

# --- Courses peer review (E9) ------------------------------------------------------
# Assigns reviewers after due dates and releases reviews at their due date; idempotent.
CELERY_BEAT_SCHEDULE["courses-peer-reviews-assign"] = {
    "task": "courses.tasks.peer_reviews_assign",
    "schedule": 15 * 60,
}

# --- Resilience: outages degrade, lost work is queued again (tests/faults/) ---------
if REDIS_URL:
    # Pages keep working while Redis is down: the cache misses instead of raising
    # (careercopilot/cache.py), and gives up on a Redis that does not answer within a second.
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    CACHES["default"]["BACKEND"] = "careercopilot.cache.ResilientRedisCache"
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": 1,
        "socket_timeout": 1,
        "retry": Retry(NoBackoff(), 1),  # one immediate retry (a dropped idle connection)
    }
# Background jobs (careercopilot/jobs/): a running attempt owns its row for its task's hard
# time limit plus a margin (JOBS_LEASE_SECONDS, when set, replaces that for every kind);
# beat sends again rows still queued after JOBS_REQUEUE_AFTER_SECONDS (the broker was down)
# or running past their lease (the worker died), and outbox rows still owed a message.
JOBS_LEASE_SECONDS = env.int("JOBS_LEASE_SECONDS", default=0)
JOBS_REQUEUE_AFTER_SECONDS = env.int("JOBS_REQUEUE_AFTER_SECONDS", default=120)
CELERY_BEAT_SCHEDULE["jobs-requeue-stalled"] = {
    "task": "careercopilot.jobs.requeue_stalled",
    "schedule": 60,
}

# --- Logging ------------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "careercopilot.observability.RequestIdFilter"},
        "redact": {"()": "careercopilot.logredact.RedactSecretsFilter"},
    },
    "formatters": {
        "json": {"()": "careercopilot.observability.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "redact"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

# --- Admin theme ---------------------------------------------------------------------
UNFOLD = {
    "SITE_TITLE": "Career Copilot admin",
    "SITE_HEADER": "Career Copilot",
    "SITE_SYMBOL": "work",
    # The product's mark and favicon; the primary colours below are its brand tokens.
    "SITE_ICON": lambda request: static("img/favicon.svg"),
    "SITE_FAVICONS": [
        {"rel": "icon", "type": "image/svg+xml", "href": lambda request: static("img/favicon.svg")}
    ],
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": True,
    "BORDER_RADIUS": "8px",
    # Every app the user may see, with a count badge on the moderation queues.
    "SIDEBAR": {"navigation": "careercopilot.admin_sidebar.navigation"},
    # Accessibility fixes for the admin's third-party widgets (labels for select2 search boxes).
    "SCRIPTS": [lambda request: static("js/admin_a11y.js")],
    "COLORS": {
        "primary": {
            "50": "238 242 255",
            "100": "224 231 255",
            "200": "199 210 254",
            "300": "165 180 252",
            "400": "129 140 248",
            "500": "47 91 234",
            "600": "37 74 205",
            "700": "31 69 196",
            "800": "30 58 160",
            "900": "30 50 130",
            "950": "20 30 80",
        },
    },
}
