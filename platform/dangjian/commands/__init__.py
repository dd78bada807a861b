"""Commands of the ``dangjian`` CLI (init, demo, create-admin, check, backup)."""


def register(group) -> None:
    pass
