"""factory_boy factories. Memberships are made through the service, so permissions match."""

import factory
from django.contrib.auth import get_user_model

from trajectories.core import services
from trajectories.models import (
    Action,
    CareContext,
    Location,
    MemberRole,
    Organisation,
    OrganisationMember,
    OrganisationRole,
    Theme,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Zorgorganisatie {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Afdeling {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Persoon{n}")
    password = factory.PostGenerationMethodCall("set_password", "partner-test")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def person(organisation, *, username=None, role=OrganisationRole.MEMBER, first_name=None):
    """A user who belongs to ``organisation`` with an organisation role."""
    kwargs = {}
    if username:
        kwargs["username"] = username
    if first_name:
        kwargs["first_name"] = first_name
    user = UserFactory(**kwargs)
    OrganisationMember.objects.create(user=user, organisation=organisation, role=role)
    return user


def trajectory_for(facilitator, organisation, **fields):
    """A trajectory started by ``facilitator`` (who must be an organisation facilitator)."""
    defaults = {
        "title": "Eten en drinken",
        "subject": "Eten en drinken",
        "care_context": CareContext.ELDERLY,
    }
    defaults.update(fields)
    return services.trajectory_create(organisation=organisation, by=facilitator, **defaults)


def add_member(trajectory, user, role, *, by, is_relative=False):
    return services.membership_add(trajectory=trajectory, user=user, role=role, by=by, is_relative=is_relative)


def topic(trajectory, by, **fields):
    defaults = {"title": "Rust aan tafel", "theme": Theme.FOOD, "story": ""}
    defaults.update(fields)
    return services.topic_create(trajectory=trajectory, by=by, **defaults)


__all__ = ["MemberRole"]


def action_fields(action, **changes) -> dict:
    """All that ``action_update`` takes, as the action stands in the database now, with ``changes``."""
    action = Action.objects.get(pk=action.pk)
    fields = dict(
        what=action.what, owner=action.owner, due_date=action.due_date, status=action.status,
        agenda_item=action.agenda_item, steps=action.steps, co_owners=list(action.co_owners.all()),
        status_reason=action.status_reason, review_date=action.review_date,
    )
    fields.update(changes)
    return fields
