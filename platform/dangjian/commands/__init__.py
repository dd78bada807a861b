"""Commands of the ``dangjian`` CLI (init, demo, create-admin, check, backup,
restore, notifications; ``serve`` is added to the group itself in ``cli.py``).

Each command lives in its own module; ``register`` adds them to the app's
command group (``cli.init_app``).  People read Chinese; ``--json`` gives
scripts a stable shape.
"""


def register(group) -> None:
    from .admin import create_admin_command
    from .backup import backup_command, restore_command
    from .check import check_command
    from .demo import demo_command
    from .init import init_command
    from .notifications import notifications_group

    for command in (
        init_command,
        demo_command,
        create_admin_command,
        check_command,
        backup_command,
        restore_command,
        notifications_group,
    ):
        group.add_command(command)
