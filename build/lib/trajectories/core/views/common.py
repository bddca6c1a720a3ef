"""What every trajectory page shares: its context (the trajectory, the viewer's rights, the steps)."""

from trajectories.core.access import TrajectoryAccess
from trajectories.models import Step

# The page that asks "are you sure?" before a service runs (``partner.service_calls.confirm_then_run``).
CONFIRM_TEMPLATE = "trajectories/core/confirm.html"


def trajectory_context(access: TrajectoryAccess, *, section: str, **extra) -> dict:
    """What every trajectory page needs: the trajectory, the viewer's rights and the steps."""
    trajectory = access.trajectory
    steps = [
        {
            "number": step.value,
            "label": step.label,
            "text": trajectory.step_text(step.value),
            "state": (
                "done"
                if step.value < trajectory.current_step
                else "current"
                if step.value == trajectory.current_step
                else "next"
            ),
        }
        for step in Step
    ]
    return {
        "access": access,
        "trajectory": trajectory,
        "steps": steps,
        "section": section,
        **extra,
    }
