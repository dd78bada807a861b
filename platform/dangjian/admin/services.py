"""What the administration services share.

The logic itself lives in ``users.py`` (accounts and roles), ``courts.py``
(courts and their hierarchy) and ``audit_query.py`` (reading the audit log).
"""

from __future__ import annotations

from ..refusals import Refused

__all__ = ["Refused"]
