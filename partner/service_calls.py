"""How views call services: a broken rule shows as a message (on the form or the page), never a 500."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render

# What ``run_service`` answers when the service refused: the form now carries the reason.
REFUSED = None


def run_service(form: BaseForm, call: Callable[[], object]):
    """Run a service call and return what it returned; on a broken rule put its message on the
    form and return ``REFUSED`` (None). The form keeps everything the user typed, so nothing is lost.

    Services called this way return the object they made or changed (never None on success).
    """
    try:
        result = call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return REFUSED
    return True if result is None else result


def run_form(
    request,
    form: BaseForm,
    call: Callable[[], object],
    *,
    success: str | Callable[[object], str],
    redirect_to: str | Callable[[object], str],
) -> HttpResponse | None:
    """The POST of a form that runs a service: when the form is valid and the service accepts it,
    a message (``success``) and a redirect (``redirect_to``); each may be a function of what the
    service returned (a new object's address, for example).

    Answers None when there is nothing to run (a GET), the form is invalid or the service refused
    (the form then carries why): the view shows its page with the form again.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    result = run_service(form, call)
    if result is REFUSED:
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def form_page(
    request,
    form: BaseForm,
    call: Callable[[], object],
    *,
    success: str | Callable[[object], str],
    redirect_to: str | Callable[[object], str],
    template: str,
    context: dict,
) -> HttpResponse:
    """A page with one form that runs a service: GET shows ``template`` with ``context`` (which holds
    the form); a POST runs the service as ``run_form`` does, or shows the page again with what was
    typed and why it was refused."""
    response = run_form(request, form, call, success=success, redirect_to=redirect_to)
    return response if response is not None else render(request, template, context)


def run_action(request, call: Callable[[], object], *, success: str, redirect_to: str):
    """Run a service for a plain button: a message either way, then back to ``redirect_to``."""
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(redirect_to)


def confirm_then_run(
    request,
    *,
    template: str,
    context: dict,
    title: str,
    explanation: str,
    confirm_label: str,
    cancel_url: str,
    call: Callable[[], object],
    success: str,
    redirect_to: str,
):
    """GET shows a confirmation page (``template`` with the page's ``context``); POST runs the
    service and goes back to ``redirect_to``."""
    if request.method == "POST":
        return run_action(request, call, success=success, redirect_to=redirect_to)
    return render(
        request,
        template,
        {**context, "title": title, "explanation": explanation, "confirm_label": confirm_label,
         "cancel_url": cancel_url},
    )
