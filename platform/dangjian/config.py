"""Configuration defaults.

Order of precedence (lowest first): these defaults, ``instance/config.py``,
``DANGJIAN_*`` environment variables, then ``test_config`` passed to
``create_app``.  ``DATABASE_URL`` is honoured as the conventional name.
"""

from datetime import timedelta

APP_NAME = "法院党建工作平台"
TIMEZONE = "Asia/Shanghai"

# None: the file <instance>/secret_key, made by `dangjian init` (there is
# never a built-in key); setting one here is refused by `dangjian check` when weak.
SECRET_KEY = None

SQLALCHEMY_DATABASE_URI = None  # None means instance/dangjian.sqlite3
SQLALCHEMY_TRACK_MODIFICATIONS = False
SQLITE_BUSY_TIMEOUT_MS = 15000

# Accounts
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
# zxcvbn's score (0–4) a new password must reach: 3 means about 10^8 guesses,
# out of reach of online guessing and slow for an offline attack on argon2id.
PASSWORD_MIN_SCORE = 3
# argon2id parameters (RFC 9106 "second recommended option" is t=3, m=64 MiB).
ARGON2_TIME_COST = 3
ARGON2_MEMORY_COST = 65536
ARGON2_PARALLELISM = 4
LOGIN_MAX_FAILURES = 5
LOGIN_LOCK_MINUTES = 15
LOGIN_RATE_LIMIT = "20 per minute"
API_RATE_LIMIT = "120 per minute"  # JSON API requests per access token
SENSITIVE_REAUTH_MINUTES = 30

REMEMBER_COOKIE_NAME = "remember_token"
REMEMBER_COOKIE_DURATION = timedelta(days=14)
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_SECURE = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

# Flask-Limiter: in-process memory when embedded, Redis when several
# processes must agree (e.g. "redis://127.0.0.1:6379/0").
RATELIMIT_ENABLED = True  # off only in tests; `dangjian check` refuses it off
RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_HEADERS_ENABLED = True

# Reverse proxies in front of the app whose X-Forwarded-For (and -Proto,
# -Host) to trust: 0 = none, the peer address is the client (set 1 behind
# one nginx).  Trusting more hops than there are lets clients forge their
# address, and with it the login rate limit and the audit log.
PROXY_FIX_X_FOR = 0
PROXY_FIX_X_PROTO = 1  # used only when PROXY_FIX_X_FOR > 0
PROXY_FIX_X_HOST = 0

# How many worker processes serve (gunicorn's WEB_CONCURRENCY is read too):
# lets `dangjian check` warn about per-process rate-limit storage.
WORKERS = None

WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
MAX_CONTENT_LENGTH = 32 * 1024 * 1024
IMPORT_MAX_ROWS = 20000

BOOTSTRAP_SERVE_LOCAL = True  # the intranet has no internet
BOOTSTRAP_BTN_STYLE = "primary"

MEMBERS_PER_PAGE = 30
USERS_PER_PAGE = 30
AUDIT_PER_PAGE = 50

# Where files live.  None: folders in the instance folder (uploads/,
# site_thumbnails/), the microsite themes of the installed package
# (dangjian_branch_sites, or branch_sites/ in a checkout) and TinyMCE as
# copied into dangjian/static/vendor/tinymce/ by the build.
UPLOAD_FOLDER = None
SITES_THUMBNAIL_FOLDER = None
BRANCH_SITES_FOLDER = None
TINYMCE_FOLDER = None

# Microsites: the largest image an editor may upload, how long a signed
# preview link works.
SITES_IMAGE_MAX_BYTES = 10 * 1024 * 1024
SITES_PREVIEW_MAX_AGE = 3 * 24 * 3600

# The anonymous microsite page cache: per process, or shared by every
# worker in Redis when set (e.g. "redis://127.0.0.1:6379/1").
CACHE_REDIS_URL = None
CACHE_KEY_PREFIX = "dangjian:pages:"
SITES_CACHE_ENABLED = True
SITES_CACHE_SECONDS = 60
SITES_CACHE_SIZE = 512  # pages kept per process (without Redis)

# The to-do badge's cached count (per court, user and court-local day):
# shared in Redis when CACHE_REDIS_URL is set.  Commits invalidate it at
# once; this lifetime bounds what they cannot see (several processes
# without Redis, deadlines passing during the day).
INBOX_CACHE_SECONDS = 120
INBOX_CACHE_PREFIX = "dangjian:inbox:"

# Notifications older than this are deleted by `dangjian notifications purge`.
NOTIFICATIONS_KEEP_DAYS = 180

# E-mail through the court's own SMTP server; None: no mail at all.
MAIL_SERVER = None
MAIL_PORT = 25
MAIL_USE_TLS = False  # STARTTLS after connecting
MAIL_USE_SSL = False  # SMTPS (port 465) from the start
MAIL_USERNAME = None
MAIL_PASSWORD = None  # from the environment: DANGJIAN_MAIL_PASSWORD
MAIL_DEFAULT_SENDER = None  # e.g. "党建平台 <dangjian@court.example>"
MAIL_TIMEOUT = 10
# The address people open the platform at, for links in mails
# ("https://dangjian.court.example"); unset: the request's own address
# (immediate mail) or paths only (the daily digest).
MAIL_SITE_URL = None

# Logs: "text" for people, "json" (one object a line) for log collectors.
LOG_FORMAT = "text"
LOG_LEVEL = "INFO"
# One line a request (method, path, status, duration) on "dangjian.requests".
LOG_REQUESTS = True

# Re-raise plugin failures instead of isolating them (tests, development).
PLUGINS_STRICT = False
# Plugin objects registered without an entry point, by name (the tests'
# temporary plugins); installed plugins come from entry points.
EXTRA_PLUGINS: dict = {}

# Plugins named here (comma or space separated) are not even imported.
DISABLED_PLUGINS = ""
# Log every hook call and its duration to the "dangjian.hooks" logger.
TRACE_HOOKS = False
