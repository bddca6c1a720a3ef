"""The organisation domain: organisations, their locations or teams, who belongs to which
organisation in which role, and "the organisation of this user"."""

from collections.abc import Collection

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A location or team within an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="locations", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location or team")
        verbose_name_plural = _("locations and teams")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_location_name_per_organisation")
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationRole(models.TextChoices):
    MEMBER = "member", _("member")
    FACILITATOR = "facilitator", _("facilitator")
    QUALITY = "quality", _("quality staff")
    ADMIN = "admin", _("organisation administrator")


class OrganisationMember(models.Model):
    """Which organisation a person belongs to, and what they may do there.

    Facilitators may start trajectories; quality staff read shared outcomes of every
    trajectory in their organisation. Everybody else only sees trajectories they are a
    member of.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_member"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="members", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=OrganisationRole.choices, default=OrganisationRole.MEMBER)

    class Meta:
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


def _organisation_member(user) -> OrganisationMember | None:
    """The user's organisation membership with its organisation, cached on the user (one query)."""
    if not hasattr(user, "_partner_organisation_member"):
        user._partner_organisation_member = (
            OrganisationMember.objects.select_related("organisation").filter(user=user).first()
        )
    return user._partner_organisation_member


def user_organisation_role(user) -> tuple[int | None, str | None]:
    """(organisation id, role) of the user's organisation membership, cached on the user.

    The one answer to "which organisation is this user in, and as what"; (None, None) for someone
    outside every organisation (an administrator of the product, or not logged in).
    """
    if not user.is_authenticated:
        return None, None
    member = _organisation_member(user)
    return (member.organisation_id, member.role) if member is not None else (None, None)


def user_organisation(user, *, roles: Collection[str] | None = None) -> Organisation:
    """The user's organisation itself (to hand to a service, or to show its name), else 404.

    404 too when ``roles`` is given and the user's role in the organisation is not one of them.
    Fetched with ``user_organisation_role``'s answer, so it costs no query of its own.
    """
    organisation_id, role = user_organisation_role(user)
    if organisation_id is None or (roles is not None and role not in roles):
        raise Http404
    return _organisation_member(user).organisation


def user_organisation_id(user) -> int | None:
    """The id of the user's organisation, or None."""
    return user_organisation_role(user)[0]


def user_belongs_to(user, organisation_id: int, *, role: str | None = None) -> bool:
    """Whether ``user`` is in the organisation (in ``role``, when given)."""
    user_organisation, user_role = user_organisation_role(user)
    return user_organisation == organisation_id and (role is None or user_role == role)
