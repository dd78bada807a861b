"""The one error backup and restore raise: a Chinese sentence for the user."""

from ..refusals import Refused


class OpsError(Refused):
    pass
