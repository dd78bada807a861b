"""Objects of the 中院 for the route inventory: one of everything the
microsite URLs take, in the juvenile branch's site."""

from .test_site_scoping import fill_site


def route_objects(world) -> dict[str, int]:
    ids = fill_site(world, world.juvenile, world.juvenile_editor)
    ids.pop("org_id")  # the inventory's own org_id is the same branch
    return ids
