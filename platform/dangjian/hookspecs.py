"""The hook contract between the host and plugins.

Every hook here is documented with its arguments, its return value and an
example; ``tests/host/test_hookspecs.py`` fails when one is not.  Hooks
return data and the host wires it in.  Implementations may accept any subset
of a hook's arguments (pluggy passes only the names they ask for).
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("dangjian")
hookimpl = pluggy.HookimplMarker("dangjian")


@hookspec
def dangjian_permissions():
    """Declare the named permissions a plugin's views use.

    Returns: a list of ``dangjian.access.roles.Permission``.  A permission
    names the roles that hold it; ``oversight=True`` also grants it read-only
    to the admins of the court above.

    Example::

        @hookimpl
        def dangjian_permissions():
            return [Permission("study.view", "查看学习资料", frozenset({MEMBER, COURT_ADMIN}))]
    """


@hookspec
def dangjian_nav_items(court, user):
    """Items for the main navigation of a court.

    Arguments: ``court`` (the court being viewed), ``user`` (the current
    user, possibly anonymous).  Returns a list of ``NavItem`` (label,
    endpoint, permission, order, icon).  The host shows an item only when
    the user holds its permission in that court.

    Example::

        @hookimpl
        def dangjian_nav_items(court):
            return [NavItem("学习打卡", "study.index", "study.view", order=30, icon="book")]
    """


@hookspec
def dangjian_dashboard_widgets(court, user):
    """Cards for the court home (工作台) of a signed-in user.

    Arguments: ``court``, ``user``.  Returns a list of ``Widget`` (title,
    body HTML as ``markupsafe.Markup`` rendered by the plugin's own
    template, order, width in Bootstrap columns).  Return ``[]`` when the
    user has nothing to see.

    Example::

        @hookimpl
        def dangjian_dashboard_widgets(court, user):
            html = render_template("study/widget.html", due=due_materials(user))
            return [Widget("我的待学资料", Markup(html), order=10)]
    """
