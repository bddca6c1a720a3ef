"""Writes of the methods library (werkvormen): the starting library, an organisation's own methods
and adapted copies. Keyword-only and atomic; broken rules raise ``ValidationError``."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partner.refusals import refusal
from trajectories.models import (
    Method,
    MethodGroup,
    Organisation,
    Step,
    Suitability,
    codes_to_text,
)
from trajectories.toolkit.method_library import STARTING_METHODS
from trajectories.toolkit.models import METHOD_NAME_MAX_LENGTH, METHOD_TEXT_MAX_LENGTH

REQUIRED_TEXTS = ("name", "purpose", "how_to")


def _clean_fields(fields: dict) -> dict:
    """Check a method's fields; return them ready to store (steps and suitabilities as codes)."""
    errors = {}
    texts = {name: (fields.get(name) or "").strip() for name in Method.TEXT_FIELDS}
    for name in REQUIRED_TEXTS:
        if not texts[name]:
            errors[name] = refusal(_("Fill this in."), code="required")
    if len(texts["name"]) > METHOD_NAME_MAX_LENGTH:
        errors["name"] = refusal(
            _("Use at most %(max)d characters.") % {"max": METHOD_NAME_MAX_LENGTH}, code="too_long"
        )
    for name in Method.TEXT_FIELDS:
        if name != "name" and len(texts[name]) > METHOD_TEXT_MAX_LENGTH:
            errors[name] = refusal(
                _("Use at most %(max)d characters.") % {"max": METHOD_TEXT_MAX_LENGTH}, code="too_long"
            )
    steps = sorted({int(step) for step in fields.get("steps") or []})
    if not steps or any(step not in Step.values for step in steps):
        errors["steps"] = refusal(_("Choose at least one step."), code="choice")
    suits = sorted(set(fields.get("suits") or []))
    if any(code not in Suitability.values for code in suits):
        errors["suits"] = refusal(_("Choose from the list."), code="choice")
    if fields.get("group") not in MethodGroup.values:
        errors["group"] = refusal(_("Choose for whom the method is."), code="choice")
    duration = fields.get("duration_minutes")
    if not isinstance(duration, int) or not 5 <= duration <= 480:
        errors["duration_minutes"] = refusal(_("Choose a duration between 5 and 480 minutes."), code="duration")
    if errors:
        raise ValidationError(errors)
    return {
        **texts,
        "steps_code": codes_to_text(steps),
        "suits_code": codes_to_text(suits),
        "group": fields["group"],
        "duration_minutes": duration,
    }


@transaction.atomic
def method_create(*, organisation: Organisation, by: AbstractBaseUser, **fields) -> Method:
    """An organisation adds its own method to the library."""
    return Method.objects.create(organisation=organisation, created_by=by, **_clean_fields(fields))


@transaction.atomic
def method_update(*, method: Method, by: AbstractBaseUser, **fields) -> Method:
    """Change an organisation's own method. The starting library is never changed: copy it instead."""
    if method.is_builtin or method.organisation_id is None:
        raise ValidationError(
            _("Methods of the starting library cannot be changed. Make a copy to adapt."), code="starting_library"
        )
    for name, value in _clean_fields(fields).items():
        setattr(method, name, value)
    method.save()
    return method


@transaction.atomic
def method_copy(*, method: Method, organisation: Organisation, by: AbstractBaseUser) -> Method:
    """A copy for the organisation to adapt, in the language the user works in now."""
    if method.organisation_id not in (None, organisation.pk):
        raise ValidationError(
            _("You can only copy methods of the library or of your own organisation."), code="organisation"
        )
    texts = method.localized
    name = _("%(name)s (our version)") % {"name": texts.name}
    return Method.objects.create(
        organisation=organisation,
        based_on=method,
        created_by=by,
        name=name[:METHOD_NAME_MAX_LENGTH],
        purpose=texts.purpose,
        materials=texts.materials,
        how_to=texts.how_to,
        tips=texts.tips,
        accessibility=texts.accessibility,
        steps_code=method.steps_code,
        suits_code=method.suits_code,
        group=method.group,
        duration_minutes=method.duration_minutes,
    )


@transaction.atomic
def method_delete(*, method: Method, by: AbstractBaseUser) -> None:
    """Remove an organisation's own method, unless sessions or lessons still use it."""
    if method.is_builtin or method.organisation_id is None:
        raise ValidationError(_("Methods of the starting library cannot be removed."), code="starting_library")
    if method.planned_in.exists() or method.ratings.exists():
        raise ValidationError(_("Sessions or lessons use this method, so it stays."), code="in_use")
    method.delete()


def starting_library_sync(method_model=Method) -> int:
    """Put the product's starting library (``method_library.STARTING_METHODS``) in the database.

    Safe to run again: existing methods are updated by their key. Takes the model class so that a
    data migration can pass its historical model. Returns the number of methods.
    """

    for entry in STARTING_METHODS:
        method_model.objects.update_or_create(
            builtin_key=entry["key"],
            defaults={
                "organisation": None,
                "name": entry["name"],
                "purpose": entry["purpose"],
                "materials": entry["materials"],
                "how_to": entry["how_to"],
                "tips": entry["tips"],
                "accessibility": entry["accessibility"],
                "steps_code": codes_to_text(sorted(entry["steps"])),
                "suits_code": codes_to_text(sorted(entry["suits"])),
                "group": entry["group"],
                "duration_minutes": entry["duration_minutes"],
            },
        )
    return len(STARTING_METHODS)
