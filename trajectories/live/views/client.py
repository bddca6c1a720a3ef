"""Live sessions, the client's side: join with a code, add a topic one question at a time, vote.

Every page works without JavaScript; each screen asks one thing, in plain words.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from partner.client_address import client_address_hash
from partner.service_calls import run_action, run_service
from trajectories.core import services
from trajectories.core.access import trajectory_perms_for_user
from trajectories.live import services as live_services
from trajectories.live.access import live_session_get_for_client, live_topic_get_for_session
from trajectories.live.forms import CLIENT_TOPIC_STEPS, ClientTopicForm, JoinCodeForm, JoinNameForm
from trajectories.live.selectors import dots_left, normalise_join_code, own_topics, theme_icon, vote_rows_for_client
from trajectories.models import AuditAction, Theme
from trajectories.permissions import Perm
from trajectories.privacy.audit import audit_target, audited, not_audited

GUEST_SESSION_KEY = "live_guest_session"

CODE_PROBLEMS = {
    "unknown": _("We do not know this code. Look at the screen again, or ask the facilitator."),
    "expired": _("This code no longer works. Ask the facilitator for the new code."),
    "closed": _("This session has ended. Ask the facilitator if there is a new one."),
}


def _try_code(request, code: str):
    """The session for ``code``, counted against this visitor's limit of wrong codes."""
    return live_services.join_code_try(address_hash=client_address_hash(request), code=code)


def _render_join(request, form, *, status=200, problem=None):
    return render(request, "trajectories/live/join.html", {"form": form, "problem": problem}, status=status)


def _already_in(request, session):
    """Someone logged in who may open the session's client pages goes straight there."""
    if not request.user.is_authenticated:
        return None
    perms = trajectory_perms_for_user(request.user, session.trajectory)
    if Perm.CLIENT_SPACE in perms or (
        Perm.LIVE_GUEST in perms and request.session.get(GUEST_SESSION_KEY) == session.pk
    ):
        return redirect("trajectories:live_client", pk=session.pk)
    return None


@not_audited
def live_join(request):
    """Step 1 of joining: type the code from the screen (or scan the QR code, which fills it in)."""
    form = JoinCodeForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _render_join(request, form)
    lookup = _try_code(request, form.cleaned_data["code"])
    if lookup.problem == "too_many":
        return _render_join(request, form, status=429, problem="too_many")
    if lookup.session is None:
        form.add_error("code", CODE_PROBLEMS[lookup.problem])
        return _render_join(request, form)
    return redirect("trajectories:live_join_code", code=lookup.session.join_code)


@audited(write=AuditAction.CREATE)
def live_join_code(request, code):
    """Step 2 of joining: a first name, a nickname, or no name at all. No password."""
    lookup = _try_code(request, code)
    if lookup.problem == "too_many":
        return _render_join(request, JoinCodeForm(initial={"code": code}), status=429, problem="too_many")
    if lookup.session is None:
        form = JoinCodeForm({"code": normalise_join_code(code)[:20]})
        form.is_valid()
        form.add_error("code", CODE_PROBLEMS[lookup.problem])
        return _render_join(request, form)
    session = lookup.session
    audit_target(trajectory=session.trajectory)
    if session.join_code != code:
        return redirect("trajectories:live_join_code", code=session.join_code)
    already = _already_in(request, session)
    if already is not None:
        return already
    form = JoinNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not request.user.is_authenticated:
        anonymous = "anonymous" in request.POST
        membership = run_service(
            form,
            lambda: live_services.live_session_join(session=session, name=form.cleaned_data["name"], anonymous=anonymous),
        )
        if membership:
            login(request, membership.user, backend=settings.PARTNER_SESSION_BACKEND)
            request.session[GUEST_SESSION_KEY] = session.pk
            messages.success(request, _("Welcome! You are taking part now."))
            return redirect("trajectories:live_client", pk=session.pk)
    return render(
        request,
        "trajectories/live/join_name.html",
        {"form": form, "session": session, "logged_in_elsewhere": request.user.is_authenticated},
    )


@login_required
@audited()
def live_client(request, pk):
    """The client's start page in the session: big buttons, and what they added."""
    access, session = live_session_get_for_client(request.user, pk)
    return render(
        request,
        "trajectories/live/client_home.html",
        {
            "session": session,
            "membership": access.membership,
            "topics": own_topics(session=session, membership=access.membership),
            "dots_left": dots_left(session=session, membership=access.membership),
            "is_guest": access.membership.is_guest,
        },
    )


def _step_of(request) -> str:
    step = request.POST.get("step", CLIENT_TOPIC_STEPS[0])
    return step if step in CLIENT_TOPIC_STEPS else CLIENT_TOPIC_STEPS[0]


@login_required
@audited(write=AuditAction.CREATE)
def live_topic(request, pk):
    """Add a topic: one question per screen (theme, words, story, photo), then send."""
    access, session = live_session_get_for_client(request.user, pk)
    membership = access.membership
    ask_anonymous = not membership.joined_anonymously
    if request.method != "POST":
        form = ClientTopicForm(step=CLIENT_TOPIC_STEPS[0], ask_anonymous=ask_anonymous)
        return _render_topic_step(request, session, form)
    step = _step_of(request)
    position = CLIENT_TOPIC_STEPS.index(step)
    if "back" in request.POST and position > 0:
        # Going back keeps every answer; nothing is checked yet.
        previous = CLIENT_TOPIC_STEPS[position - 1]
        form = ClientTopicForm(initial=request.POST.dict(), step=previous, ask_anonymous=ask_anonymous)
        return _render_topic_step(request, session, form, values=request.POST)
    form = ClientTopicForm(request.POST, request.FILES, step=step, ask_anonymous=ask_anonymous)
    if not form.is_valid():
        # Show the question whose answer was refused, with its message and what was typed.
        form.step = form.first_step_with_errors() or step
        return _render_topic_step(request, session, form, values=request.POST)
    if step != CLIENT_TOPIC_STEPS[-1]:
        following = CLIENT_TOPIC_STEPS[position + 1]
        next_form = ClientTopicForm(initial=request.POST.dict(), step=following, ask_anonymous=ask_anonymous)
        return _render_topic_step(request, session, next_form, values=request.POST)
    data = form.cleaned_data
    added = run_service(
        form,
        lambda: services.topic_create(
            trajectory=access.trajectory,
            by=membership,
            title=data["title"],
            theme=data["theme"],
            story=data.get("story", ""),
            is_anonymous=data.get("is_anonymous", False),
            live_session=session,
            photo=data.get("photo"),
        ),
    )
    if not added:
        return _render_topic_step(request, session, form, values=request.POST)
    messages.success(request, _("Thank you! Your topic is on the screen now."))
    return redirect("trajectories:live_client", pk=session.pk)


def _render_topic_step(request, session, form, *, values=None, status=200):
    values = values or {}
    step = form.step
    carried = [
        (name, values.get(name, ""))
        for name in ("theme", "title", "story")
        if name != step and values.get(name, "")
    ]
    theme_options = [
        {"value": value, "label": label, "icon": theme_icon(value)} for value, label in Theme.choices
    ]
    chosen_theme = form["theme"].value() if step == "theme" else values.get("theme", "")
    return render(
        request,
        "trajectories/live/client_topic.html",
        {
            "session": session,
            "form": form,
            "step": step,
            "step_number": CLIENT_TOPIC_STEPS.index(step) + 1,
            "step_count": len(CLIENT_TOPIC_STEPS),
            "carried": carried,
            "theme_options": theme_options,
            "chosen_theme": chosen_theme,
        },
        status=status,
    )


@login_required
@audited(write=AuditAction.CREATE)
def live_vote(request, pk):
    """Dot voting: each topic with a button to add or take away one of your dots."""
    access, session = live_session_get_for_client(request.user, pk)
    membership = access.membership
    if request.method == "POST":
        topic = live_topic_get_for_session(session, request.POST.get("topic", ""))
        adding = request.POST.get("op") != "remove"
        call = live_services.vote_add if adding else live_services.vote_remove
        return run_action(
            request,
            lambda: call(session=session, topic=topic, by=membership),
            success=(
                _("Your dot is on “%(title)s”.") if adding else _("You took a dot away from “%(title)s”.")
            ) % {"title": topic.title},
            redirect_to=reverse("trajectories:live_vote", kwargs={"pk": session.pk}) + f"#topic-{topic.pk}",
        )
    left = dots_left(session=session, membership=membership)
    return render(
        request,
        "trajectories/live/client_vote.html",
        {
            "session": session,
            "rows": vote_rows_for_client(session=session, membership=membership),
            "dots_left": left,
            "dot_range": range(left),
            "can_vote": session.voting_open and not session.votes_revealed and not session.is_closed,
        },
    )

