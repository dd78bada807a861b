"""gunicorn settings shipped with the package (``dangjian serve`` uses them;
``gunicorn -c <this file> 'dangjian:create_app()'`` works too).

Every value can be changed on the command line (``dangjian serve -- --timeout
120``) or through gunicorn's ``GUNICORN_CMD_ARGS``.
"""

import os

MAX_AUTO_WORKERS = 8  # each worker holds every plugin (~100 MB); more rarely helps an intranet


def default_workers() -> int:
    """WEB_CONCURRENCY, else 2 × cores + 1, capped."""
    value = os.environ.get("WEB_CONCURRENCY", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return min(2 * (os.cpu_count() or 1) + 1, MAX_AUTO_WORKERS)


bind = os.environ.get("DANGJIAN_BIND", "127.0.0.1:8000")
workers = default_workers()
worker_class = "sync"
# Excel imports and exports of a large roll take seconds; anything beyond a
# minute is stuck and the worker is replaced.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so slow leaks never build up.
max_requests = 2000
max_requests_jitter = 200
# Logs go to stdout/stderr: systemd's journal (or docker) keeps them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("DANGJIAN_LOG_LEVEL", "info")
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# The proxy in front (nginx on the same host) may set X-Forwarded-*; the app
# itself decides how many hops to trust (PROXY_FIX_X_FOR).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
