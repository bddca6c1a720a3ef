"""Privacy and accountability: clients' consent, and the audit trail of who did what with care data.

Imported at the end of ``trajectories.models``, so these are models of the ``trajectories`` app.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from trajectories.core.models import TEXT_MAX_LENGTH, Membership


class ConsentKind(models.TextChoices):
    PARTICIPATION = "participation", _("taking part")
    PHOTOS = "photos", _("use of photos")
    QUOTES = "quotes", _("use of quotes")


class Consent(models.Model):
    """A client's consent for one purpose in one trajectory, recorded and withdrawable.

    A withdrawal is a new fact: ``withdrawn_at`` is set, the record itself stays.
    """

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("for"), max_length=20, choices=ConsentKind.choices)
    given_at = models.DateTimeField(_("given on"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), max_length=TEXT_MAX_LENGTH, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "kind"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_current_consent_per_kind",
            ),
        ]

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None


class AuditAction(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    EXPORT = "export", _("exported")
    DELETE = "delete", _("deleted")


class AuditEventQuerySet(models.QuerySet):
    """The audit trail only grows: bulk changes and deletions are refused."""

    def update(self, **kwargs):
        raise PermissionDenied("The audit trail cannot be changed.")

    def delete(self):
        raise PermissionDenied("The audit trail cannot be changed.")


class AuditEvent(models.Model):
    """One access to trajectory content, in the style of NEN 7513: who, what, when, on whose behalf.

    Append-only. It refers to people and trajectories by number and name as they were, without
    foreign keys, so that erasing a person or purging a trajectory never rewrites the trail.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user_id = models.BigIntegerField(_("user number"), null=True, blank=True, db_index=True)
    user_label = models.CharField(_("who"), max_length=200, blank=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    trajectory_id = models.BigIntegerField(_("trajectory number"), null=True, blank=True, db_index=True)
    trajectory_label = models.CharField(_("trajectory"), max_length=200, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_type = models.CharField(_("what"), max_length=60)
    object_id = models.CharField(_("which"), max_length=40, blank=True)
    path = models.CharField(_("address"), max_length=300)
    method = models.CharField(max_length=8)
    status = models.PositiveSmallIntegerField()
    address_hash = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit trail cannot be changed.")


__all__ = ["AuditAction", "AuditEvent", "Consent", "ConsentKind"]
