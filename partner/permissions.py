"""Object permissions (django-guardian) kept in step with a role, for both apps' memberships."""

from guardian.shortcuts import assign_perm, remove_perm


def object_permissions_sync(*, user, obj, wanted: frozenset[str], managed: frozenset[str]) -> None:
    """Give ``user`` exactly the ``wanted`` ones of the ``managed`` permissions on ``obj``."""
    for perm in managed - wanted:
        remove_perm(perm, user, obj)
    for perm in wanted:
        assign_perm(perm, user, obj)


def object_permissions_revoke(*, user, obj, managed: frozenset[str]) -> None:
    """Take every one of the ``managed`` permissions on ``obj`` away from ``user``."""
    object_permissions_sync(user=user, obj=obj, wanted=frozenset(), managed=managed)
