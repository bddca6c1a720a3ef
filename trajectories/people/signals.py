"""Sign-ins and failed sign-ins in the audit trail (NEN 7513 asks for access logging)."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from trajectories.organisations import user_organisation_id
from trajectories.privacy.audit import AuditAction, audit_event_record

SIGN_IN_OBJECT_TYPE = "sign_in"
SIGN_IN_FAILED_OBJECT_TYPE = "sign_in_failed"


@receiver(user_logged_in, dispatch_uid="partner_audit_sign_in")
def record_sign_in(sender, request, user, **kwargs):
    # A sign-in always comes with a request that has a method; the test client's force_login
    # makes an empty one, which is no sign-in by anyone and is not recorded.
    if request is not None and request.method:
        request.user = user
        audit_event_record(
            request, action=AuditAction.CREATE, object_type=SIGN_IN_OBJECT_TYPE, object_id=str(user.pk),
            organisation_id=user_organisation_id(user),
        )


@receiver(user_login_failed, dispatch_uid="partner_audit_sign_in_failed")
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    """Who tried is not known (the name typed may be anyone's): no name is stored, only the attempt."""
    if request is not None and request.method:
        audit_event_record(request, action=AuditAction.READ, object_type=SIGN_IN_FAILED_OBJECT_TYPE, status=401)
