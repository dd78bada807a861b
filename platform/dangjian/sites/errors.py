"""The refusals of the microsite module, in one place so that every sites
module (services and views alike) imports them without importing each other.

All derive from :class:`dangjian.refusals.Refused`: a view catches them and
calls ``show_refusal`` (rolls back, shows the reason beside its field).
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from ..db import db
from ..files.sniffing import NotAllowed
from ..refusals import Refused

SLUG_TAKEN = "网址标识刚被其他内容使用，请换一个再保存。"


class SiteError(Refused):
    """A microsite rule the change would break (message in Chinese)."""


class PreviewInvalid(Refused):
    """A preview link that is expired, forged or shows something deleted."""


class ThemeError(Refused):
    """A theme manifest that does not follow the format (a deployment error)."""


class ImageTooLarge(NotAllowed):
    """An image over the size limit: views answer 413."""


def flush_unique(message: str = SLUG_TAKEN, field: str | None = "slug") -> None:
    """Flush, turning a unique-constraint race (two editors saving the same
    slug, or a site's first proposal, at once) into a refusal for the form.
    The view's ``show_refusal`` rolls the failed transaction back."""
    try:
        db.session.flush()
    except IntegrityError:
        raise SiteError(message, field=field) from None
