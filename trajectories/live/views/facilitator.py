"""Live sessions, the facilitator's side: open a session, run it from the console, project the board."""

import functools

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partner.accounts.two_factor import two_factor_redirect
from partner.pk import parse_pk
from partner.service_calls import form_page, run_action, run_form
from trajectories.core.access import trajectory_get_for_user
from trajectories.core.views.common import confirm_in_trajectory, topic_add, trajectory_context
from trajectories.live import services as live_services
from trajectories.live.access import live_session_get_for_facilitator
from trajectories.live.forms import (
    FocusForm,
    LiveSessionOpenForm,
    MergeForm,
    OnBehalfTopicForm,
    OnBehalfVoteForm,
    TimerForm,
    VotingForm,
)
from trajectories.live.selectors import (
    board_etag,
    board_etag_for,
    client_choices,
    live_board,
    live_guest_list,
    live_session_list,
    open_live_session,
    open_session_revision,
)
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audit_on_behalf, audited


def join_url(request, session) -> str:
    """The address a client types or scans: the join page with the code filled in."""
    return request.build_absolute_uri(reverse("trajectories:live_join_code", kwargs={"code": session.join_code}))


@functools.lru_cache(maxsize=128)
def join_qr_svg(url: str) -> str:
    """A QR code of ``url`` as inline SVG, made on the server (no outside service); kept per address."""
    return segno.make(url, error="m").svg_inline(scale=6, border=2, dark="#000", light="#fff", omitsize=True)


def _join_context(request, session) -> dict:
    """The join address and its QR code while the session has a code, for the console and the board."""
    if not session.join_code:
        return {"join_url": "", "qr_svg": ""}
    url = join_url(request, session)
    return {"join_url": url, "qr_svg": join_qr_svg(url)}


def _console_url(pk, session_pk) -> str:
    return reverse("trajectories:live_console", kwargs={"pk": pk, "session_pk": session_pk})


@login_required
@audited(write=AuditAction.CREATE)
def live_session_list_view(request, pk):
    """The trajectory's live sessions, and the form to open one."""
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    form = LiveSessionOpenForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: live_services.live_session_open(trajectory=access.trajectory, by=request.user, **form.cleaned_data),
        success=_("The session is open. Show the code to the clients."),
        redirect_to=lambda session: _console_url(pk, session.pk),
        template="trajectories/live/session_list.html",
        context=trajectory_context(
            access,
            section="live",
            form=form,
            live_sessions=live_session_list(trajectory=access.trajectory),
            open_session=open_live_session(trajectory=access.trajectory),
        ),
    )


def _console_forms(session, clients, data=None, files=None, which=None):
    """The console's forms; only the one that was sent (``which``) is bound."""

    def bound(name):
        return (data, files) if which == name else (None, None)

    topic_data, topic_files = bound("topic")
    return {
        "topic_form": OnBehalfTopicForm(topic_data, topic_files, trajectory=session.trajectory, prefix="namens"),
        "vote_form": OnBehalfVoteForm(bound("vote")[0], session=session, clients=clients, prefix="stem"),
        "merge_form": MergeForm(bound("merge")[0], session=session, prefix="samen"),
        "focus_form": FocusForm(session=session, prefix="focus"),
        "timer_form": TimerForm(prefix="timer"),
        "voting_form": VotingForm(
            prefix="stemmen",
            initial={"dots_per_client": session.dots_per_client, "max_dots_per_topic": session.max_dots_per_topic},
        ),
    }


@login_required
@audited()
def live_console(request, pk, session_pk):
    """The facilitator's page of a session: code, QR code, controls and entering for clients."""
    access, session = live_session_get_for_facilitator(request.user, pk, session_pk)
    clients = client_choices(session=session)
    which = request.POST.get("form") if request.method == "POST" else None
    forms = _console_forms(session, clients, request.POST, request.FILES, which)
    if request.method == "POST":
        handled = _console_post(request, access, session, forms, which, back=_console_url(pk, session.pk))
        if handled is not None:
            return handled
    board = live_board(session=session)
    return render(
        request,
        "trajectories/live/console.html",
        trajectory_context(
            access,
            section="live",
            session=session,
            board=board,
            guests=live_guest_list(session=session),
            **_join_context(request, session),
            **forms,
        ),
    )


def _console_post(request, access, session, forms, which, *, back: str, allowed=("topic", "vote", "merge")):
    """Handle one of the console's forms (or the presenter view's, ``allowed``), then back to
    ``back``; ``None`` means: show the page again with its errors."""
    console = back
    if which not in allowed:
        messages.error(request, _("Something went wrong with this form. Try again."))
        return redirect(console)
    form = forms[f"{which}_form"]

    def add_topic():
        return topic_add(access, form.cleaned_data, live_session=session)

    def vote():
        data = form.cleaned_data
        call = live_services.vote_remove if request.POST.get("op") == "remove" else live_services.vote_add
        result = call(
            session=session, topic=data["topic"], by=access.membership,
            voter=data["voter"], voter_name=data["voter_name"],
        )
        audit_on_behalf(member=data["voter"], name=data["voter_name"])
        return result

    def merge():
        data = form.cleaned_data
        return live_services.topic_merge(
            session=session, duplicate=data["duplicate"], into=data["into"], by=access.membership
        )

    call, success, anchor = {
        "topic": (add_topic, _("The topic has been added for the client."), "#namens"),
        "vote": (vote, _("The dot has been recorded for the client."), "#stem"),
        "merge": (merge, _("The topics have been merged. Both stay in the history."), "#samen"),
    }[which]
    return run_form(request, form, call, success=success, redirect_to=console + anchor)


@login_required
@audited()
def live_presenter(request, pk, session_pk):
    """The presenter view: the controls on the facilitator's own laptop or phone, with a small
    copy of the board that updates by itself; the projector shows only the board."""
    access, session = live_session_get_for_facilitator(request.user, pk, session_pk)
    which = request.POST.get("form") if request.method == "POST" else None
    forms = _console_forms(session, client_choices(session=session), request.POST, request.FILES, which)
    if request.method == "POST":
        back = reverse("trajectories:live_presenter", kwargs={"pk": pk, "session_pk": session.pk})
        handled = _console_post(request, access, session, forms, which, back=back, allowed=("merge",))
        if handled is not None:
            return handled
    return render(
        request,
        "trajectories/live/presenter.html",
        {
            **trajectory_context(access, section="live", **forms),
            **_board_context(request, access, session, etag=board_etag(session, language=get_language())),
        },
    )


# Where a control button sends the facilitator back to: the page it was pressed on.
CONTROL_BACK = {"board": "trajectories:live_board", "presenter": "trajectories:live_presenter"}


# Buttons of the room screen and the console: action -> (service call, message when it worked).
def _controls(session, by, post):
    def with_form(form_class, prefix, call):
        form = form_class(post, prefix=prefix)
        if not form.is_valid():
            # As ValidationErrors, so that each keeps its code (``form.errors`` holds only the texts).
            form_errors = form.errors.as_data()
            raise ValidationError([error for errors in form_errors.values() for error in errors])
        return call(form.cleaned_data)

    return {
        "input_open": (lambda: live_services.live_input_set(session=session, by=by, is_open=True),
                       _("Clients can add topics.")),
        "input_close": (lambda: live_services.live_input_set(session=session, by=by, is_open=False),
                        _("Adding topics is paused.")),
        "names_show": (lambda: live_services.live_names_set(session=session, by=by, show=True),
                       _("Names are shown on the screen.")),
        "names_hide": (lambda: live_services.live_names_set(session=session, by=by, show=False),
                       _("Names are hidden on the screen.")),
        "voting_open": (
            lambda: with_form(VotingForm, "stemmen", lambda data: live_services.live_voting_open(
                session=session, by=by, **data)),
            _("Voting is open."),
        ),
        "voting_pause": (lambda: live_services.live_voting_pause(session=session, by=by), _("Voting is paused.")),
        "reveal": (lambda: live_services.live_votes_reveal(session=session, by=by), _("The votes are revealed.")),
        "focus": (
            lambda: with_form(
                lambda data, prefix: FocusForm(data, prefix=prefix, session=session), "focus",
                lambda data: live_services.live_focus_set(session=session, by=by, topic=data["topic"]),
            ),
            _("The screen has been changed."),
        ),
        "timer_start": (
            lambda: with_form(TimerForm, "timer", lambda data: live_services.live_timer_start(
                session=session, by=by, minutes=data["minutes"])),
            _("The timer is running."),
        ),
        "timer_stop": (lambda: live_services.live_timer_stop(session=session, by=by), _("The timer has stopped.")),
        "code_renew": (lambda: live_services.live_code_renew(session=session, by=by),
                       _("There is a new code. The old code no longer works.")),
        "code_revoke": (lambda: live_services.live_code_revoke(session=session, by=by),
                        _("The code no longer works. Whoever joined stays in.")),
    }


@require_POST
@login_required
@audited()
def live_control(request, pk, session_pk):
    """One button of the room screen or the console; then back to where it was pressed."""
    access, session = live_session_get_for_facilitator(request.user, pk, session_pk)
    pressed_on = request.POST.get("next", "")
    back = CONTROL_BACK[pressed_on] if pressed_on in CONTROL_BACK else "trajectories:live_console"
    target = reverse(back, kwargs={"pk": pk, "session_pk": session.pk})
    action = request.POST.get("action", "")
    if action == "to_agenda":
        controls = {
            "to_agenda": (
                lambda: live_services.agenda_items_from_votes(session=session, by=access.membership),
                _("The topics with the most dots are on the client agenda now, most dots first."),
            )
        }
    else:
        controls = _controls(session, request.user, request.POST)
    if action not in controls:
        messages.error(request, _("This button does not exist. Try again."))
        return redirect(target)
    call, success = controls[action]
    return run_action(request, call, success=success, redirect_to=target)


@login_required
@audited()
def live_close(request, pk, session_pk):
    access, session = live_session_get_for_facilitator(request.user, pk, session_pk)
    return confirm_in_trajectory(
        request,
        access,
        section="live",
        back=_console_url(pk, session.pk),
        title=_("Close the session “%(title)s”?") % {"title": session.title},
        explanation=_(
            "The code stops working and clients who joined with it can no longer open the session. "
            "Everything they added stays."
        ),
        confirm_label=_("Yes, close the session"),
        call=lambda: live_services.live_session_close(session=session, by=request.user),
        success=_("The session is closed."),
    )


@login_required
@audited()
def live_board_view(request, pk, session_pk):
    """The room screen: full screen, large type, new topics appear by themselves."""
    access, session = live_session_get_for_facilitator(request.user, pk, session_pk)
    return render(
        request,
        "trajectories/live/board.html",
        {
            "access": access,
            **_board_context(request, access, session, etag=board_etag(session, language=get_language())),
            "focus_form": FocusForm(session=session, prefix="focus"),
            "timer_form": TimerForm(prefix="timer"),
        },
    )


def _board_context(request, access, session, *, etag: str) -> dict:
    """What the room screen shows, on its page and in each poll's answer."""
    return {
        "trajectory": access.trajectory,
        "session": session,
        "board": live_board(session=session),
        **_join_context(request, session),
        "etag": etag,
        "poll_token": board_poll_token(session),
        "poll_ms": settings.LIVE_BOARD_POLL_MS,
    }


# A poll of an unchanged board must be cheap: it is answered from one query, without loading the
# session or the user, when it brings the signed token that only the facilitator's board page hands
# out. A 304 carries no content; everything else goes through the full permission check.
POLL_TOKEN_SALT = "trajectories.live.board-poll"  # noqa: S105 - a signing salt, not a secret
POLL_TOKEN_MAX_AGE = 12 * 60 * 60


def board_poll_token(session) -> str:
    return signing.dumps(session.pk, salt=POLL_TOKEN_SALT, compress=False)


def _poll_token_is_for(token: str, session_pk: int) -> bool:
    try:
        return signing.loads(token, salt=POLL_TOKEN_SALT, max_age=POLL_TOKEN_MAX_AGE) == session_pk
    except signing.BadSignature:
        return False


def _unchanged(request, pk, session_pk) -> str | None:
    """The board's ETag when the poll may be answered with 304 straight away, else None."""
    sent = request.headers.get("If-None-Match", "")
    token = request.headers.get("X-Board-Poll", "")
    if not sent or not token or parse_pk(session_pk) is None or parse_pk(pk) is None:
        return None
    if not _poll_token_is_for(token, session_pk):
        return None
    revision = open_session_revision(session_pk=session_pk, trajectory_pk=pk)
    if revision is None:
        return None
    etag = board_etag_for(session_pk, revision, get_language())
    return etag if etag in [tag.strip() for tag in sent.split(",")] else None


@audited()
def live_board_partial(request, pk, session_pk):
    """The board's live part for the poll: 304 Not Modified while nothing changed."""
    etag = _unchanged(request, pk, session_pk)
    if etag is not None:
        response = HttpResponseNotModified()
    else:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        second_factor = two_factor_redirect(request)
        if second_factor is not None:
            return second_factor
        access, session = live_session_get_for_facilitator(request.user, pk, session_pk)
        etag = board_etag(session, language=get_language())
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
        else:
            response = render(
                request,
                "trajectories/live/_board.html",
                _board_context(request, access, session, etag=etag),
            )
    response["ETag"] = etag
    response["Cache-Control"] = "no-store"
    response["Vary"] = "Cookie, Accept-Language"
    return response
