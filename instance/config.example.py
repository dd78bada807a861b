# 法院党建工作平台 — instance configuration (instance/config.py)
#
# `dangjian init` writes this file once; edit it freely afterwards.  Settings
# here override the defaults in platform/dangjian/config.py, and DANGJIAN_*
# environment variables override this file (DANGJIAN_SESSION_COOKIE_SECURE=true,
# values are parsed as JSON).  Everything starts commented out: the defaults
# suit one machine.
#
# Keep secrets out of this file.  The secret key lives in the file
# "secret_key" next to it (created by `dangjian init`, readable by its owner
# only); a database password belongs in the DATABASE_URL environment variable.
# Run `dangjian check` before going live: it also fails while DEBUG or
# TESTING (Flask's own settings) is on, or when a secret key set here is weak.
# Every setting is listed in the README's Configuration table.

# --- The platform ------------------------------------------------------------
# APP_NAME = "法院党建工作平台"
# TIMEZONE = "Asia/Shanghai"       # platform pages and the digest; courts have their own

# --- Database --------------------------------------------------------------
# Default: SQLite in this folder (dangjian.sqlite3).  For PostgreSQL prefer the
# environment:  DATABASE_URL=postgresql://dangjian:<password>@127.0.0.1:5432/dangjian
# SQLALCHEMY_DATABASE_URI = "postgresql://dangjian@127.0.0.1:5432/dangjian"
# SQLITE_BUSY_TIMEOUT_MS = 15000  # how long a SQLite write waits for the lock

# --- Behind HTTPS (production) ---------------------------------------------
# SESSION_COOKIE_SECURE = True
# REMEMBER_COOKIE_SECURE = True
# SESSION_COOKIE_HTTPONLY = True, REMEMBER_COOKIE_HTTPONLY = True: keep them.
# REMEMBER_COOKIE_NAME = "remember_token"
# from datetime import timedelta; REMEMBER_COOKIE_DURATION = timedelta(days=14)

# --- Several worker processes (gunicorn -w 4) --------------------------------
# Login rate limits count per process with the default memory storage; use
# Redis so that every worker shares the counters.
# RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"
# RATELIMIT_ENABLED = True        # never off in production (`dangjian check`)
# Behind a reverse proxy: how many proxies' X-Forwarded-For / -Proto headers
# to trust (1 behind one nginx). Left at 0, every user would share the proxy's
# address in the login rate limit and the audit log; set higher than the real
# number of proxies, clients could forge their address.
# PROXY_FIX_X_FOR = 1
# PROXY_FIX_X_PROTO = 1           # hops whose X-Forwarded-Proto to trust (HTTPS cookies)
# PROXY_FIX_X_HOST = 0            # hops whose X-Forwarded-Host to trust
# How many workers you run, so `dangjian check` can warn about memory storage
# (gunicorn's WEB_CONCURRENCY environment variable is read too).
# WORKERS = 4
# The anonymous microsite page cache, shared by every worker in Redis (a
# publish then shows in all of them at once); per process when unset.
# CACHE_REDIS_URL = "redis://127.0.0.1:6379/1"
# CACHE_KEY_PREFIX = "dangjian:pages:"
# `dangjian serve` reads DANGJIAN_BIND (127.0.0.1:8000), DANGJIAN_LOG_LEVEL
# (info) and FORWARDED_ALLOW_IPS (127.0.0.1) from the environment.

# --- Microsites -----------------------------------------------------------------
# SITES_CACHE_ENABLED = True      # the anonymous page cache
# SITES_CACHE_SECONDS = 60
# SITES_CACHE_SIZE = 512          # pages kept per process without Redis
# SITES_IMAGE_MAX_BYTES = 10 * 1024 * 1024
# SITES_PREVIEW_MAX_AGE = 3 * 24 * 3600   # seconds a signed preview link works

# --- To-dos and notifications ------------------------------------------------
# INBOX_CACHE_SECONDS = 120       # the 待办 badge's cached count (see README)
# INBOX_CACHE_PREFIX = "dangjian:inbox:"
# NOTIFICATIONS_KEEP_DAYS = 180   # `dangjian notifications purge` deletes older ones

# --- E-mail (the court's intranet SMTP server; unset: no mail at all) -----------
# MAIL_SERVER = "mail.court.example"
# MAIL_PORT = 25
# MAIL_USE_TLS = True             # STARTTLS
# MAIL_USE_SSL = False            # SMTPS, usually port 465
# MAIL_USERNAME = "dangjian"
# The password belongs in the environment: DANGJIAN_MAIL_PASSWORD=...
# MAIL_DEFAULT_SENDER = "法院党建工作平台 <dangjian@court.example>"
# MAIL_SITE_URL = "https://dangjian.court.example"   # for links in mails
# MAIL_TIMEOUT = 10               # seconds
# Daily digest: run `dangjian notifications send-digest` once a day (timer/cron).

# --- Plugins (docs/plugins.md) ----------------------------------------------------
# DISABLED_PLUGINS = "notes other"   # not even imported (comma or space separated)
# TRACE_HOOKS = True                 # log each hook call and its duration ("dangjian.hooks")
# PLUGINS_STRICT = True              # development: a failing plugin or a call of an
#                                    # undeclared hook raises instead of being contained

# --- Logs ----------------------------------------------------------------------
# "json": one JSON object a line (time, level, logger, message, request_id,
# method, path, status, user_id, court) for a log collector; "text" for people.
# LOG_FORMAT = "json"
# LOG_LEVEL = "INFO"
# LOG_REQUESTS = True             # one line a request on "dangjian.requests"

# --- Files ---------------------------------------------------------------------
# UPLOAD_FOLDER = "/var/lib/dangjian/uploads"   # default: uploads/ in this folder; all in `dangjian backup`
# SITES_THUMBNAIL_FOLDER = "/var/cache/dangjian/thumbnails"   # default: site_thumbnails/ here; rebuilt
# BRANCH_SITES_FOLDER = "/srv/dangjian/branch_sites"   # default: the installed themes package
# TINYMCE_FOLDER = "/srv/dangjian/tinymce"   # default: the copy inside the package

# --- Accounts ----------------------------------------------------------------
# PASSWORD_MIN_LENGTH = 8
# PASSWORD_MAX_LENGTH = 128
# PASSWORD_MIN_SCORE = 3        # zxcvbn score (0–4) a new password must reach
# LOGIN_MAX_FAILURES = 5          # failed logins before a temporary lock
# LOGIN_LOCK_MINUTES = 15
# LOGIN_RATE_LIMIT = "20 per minute"   # login attempts per client address
# API_RATE_LIMIT = "120 per minute"   # JSON API (/api/v1) requests per access token
# SENSITIVE_REAUTH_MINUTES = 30   # re-enter the password before sensitive changes
# ARGON2_TIME_COST = 3            # argon2id; old hashes are upgraded at the next login
# ARGON2_MEMORY_COST = 65536      # KiB
# ARGON2_PARALLELISM = 4
# USERS_PER_PAGE = 30
# AUDIT_PER_PAGE = 50

# --- Member roll ---------------------------------------------------------------
# MEMBERS_PER_PAGE = 30
# IMPORT_MAX_ROWS = 20000
# MAX_CONTENT_LENGTH = 32 * 1024 * 1024   # largest upload, in bytes

# --- Plugins -------------------------------------------------------------------
# DISABLED_PLUGINS = "showcase"   # not even imported (comma or space separated)
# PLUGINS_STRICT = False          # development: re-raise plugin failures
# TRACE_HOOKS = False             # log every hook call and its duration
# EXTRA_PLUGINS = {}              # plugin objects by name, without an entry point (tests)
