"""Access functions of the action plan (see ``trajectories/core/access.py``)."""

from trajectories.core.access import TrajectoryAccess, object_in_trajectory, trajectory_get_for_user
from trajectories.models import (
    Review,
)


def review_get_for_user(user, trajectory_pk, pk, perm: str) -> tuple[TrajectoryAccess, Review]:
    access = trajectory_get_for_user(user, trajectory_pk, perm)
    review = object_in_trajectory(Review.objects.select_related("created_by__user"), access, pk)
    return access, review
