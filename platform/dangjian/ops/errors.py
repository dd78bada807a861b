"""The one error backup and restore raise: a Chinese sentence for the user."""


class OpsError(Exception):
    pass
