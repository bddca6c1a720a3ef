"""What every trajectory page shares: its context (the trajectory, the viewer's rights, the steps)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from partner.service_calls import confirm_then_run, run_form
from trajectories.core import services
from trajectories.core.access import TrajectoryAccess
from trajectories.models import Membership, Step, Topic
from trajectories.privacy.audit import audit_on_behalf

# The page that asks "are you sure?" before a service runs (``partner.service_calls.confirm_then_run``).
CONFIRM_TEMPLATE = "trajectories/core/confirm.html"


def trajectory_url(name: str, pk) -> str:
    """The address of one of a trajectory's pages, ``trajectories:<name>``."""
    return reverse(f"trajectories:{name}", kwargs={"pk": pk})


def member_of(access: TrajectoryAccess) -> Membership:
    """The viewer's membership, for pages that only members use (quality staff, who read the
    shared outcomes without being a member, get 404 there)."""
    if access.membership is None:
        raise Http404
    return access.membership


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


def current_if_stale(form, fetch):
    """When someone else saved first (``form.is_stale``): what is stored now, to show next to what
    this person typed, with the form based on it for the next save. Else None.

    ``fetch`` gets the object again through its access function: ``(access, object)``.
    """
    if not form.is_stale:
        return None
    _access, current = fetch()
    form.base_on_version(current.version)
    return current


def versioned_edit_page(
    request, access: TrajectoryAccess, form, save, *, fetch, section: str, back: str, template: str,
    extra=lambda current: {},
):
    """The page that changes a versioned object (optimistic locking): on a valid POST ``save()`` runs
    and the person goes ``back`` with "saved"; when someone else saved first, the page shows what is
    stored now (``fetch()``, through the access function) beside what this person typed, and keeps
    their text. ``extra(current)`` adds to the page's context.
    """
    saved = run_form(request, form, save, success=_("Your changes have been saved."), redirect_to=back)
    if saved is not None:
        return saved
    current = current_if_stale(form, fetch)
    return render(
        request, template, trajectory_context(access, section=section, form=form, current=current, **extra(current))
    )


def confirm_in_trajectory(
    request, access: TrajectoryAccess, *, section: str, back: str, title: str, explanation: str, call, success: str,
    confirm_label: str | None = None,
):
    """A trajectory page that asks "are you sure?" (``confirm_then_run``): Cancel and, once the
    service ran, the way back both go to ``back``. The button says "Yes, remove" unless told."""
    return confirm_then_run(
        request,
        template=CONFIRM_TEMPLATE,
        context=trajectory_context(access, section=section),
        title=title,
        explanation=explanation,
        confirm_label=confirm_label or _("Yes, remove"),
        cancel_url=back,
        call=call,
        success=success,
        redirect_to=back,
    )


def topic_add(access: TrajectoryAccess, data: dict, **extra) -> Topic:
    """Add a topic from a topic form's ``data``; one the facilitator typed in for a client is noted
    in the audit trail as entered on their behalf."""
    topic = services.topic_create(trajectory=access.trajectory, by=access.membership, **data, **extra)
    audit_on_behalf(member=data.get("on_behalf_of"), name=data.get("on_behalf_of_name", ""))
    return topic
