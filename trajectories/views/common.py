"""Small helpers shared by the trajectory views."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.shortcuts import redirect, render

from trajectories.access import TrajectoryAccess
from trajectories.models import Step


def run_service(form: BaseForm, call: Callable[[], object]) -> bool:
    """Run a service call; on a rule violation put its message on the form and return False.

    The form keeps everything the user typed, so nothing is lost.
    """
    try:
        call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


def run_action(request, call: Callable[[], object], *, success: str, redirect_to: str) -> object:
    """Run a service for a plain button: a message either way, then back to ``redirect_to``."""
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(redirect_to)


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


def confirm_then_run(
    request,
    access: TrajectoryAccess,
    *,
    section: str,
    title: str,
    explanation: str,
    confirm_label: str,
    cancel_url: str,
    call: Callable[[], object],
    success: str,
    redirect_to: str,
):
    """GET shows a confirmation page; POST runs the service and goes back."""
    if request.method == "POST":
        return run_action(request, call, success=success, redirect_to=redirect_to)
    return render(
        request,
        "trajectories/confirm.html",
        trajectory_context(
            access,
            section=section,
            title=title,
            explanation=explanation,
            confirm_label=confirm_label,
            cancel_url=cancel_url,
        ),
    )
