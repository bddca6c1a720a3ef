"""Writes for people coming in and going: invitations, login cards, an organisation's accounts.

Each function is atomic and records what it did in the audit trail (NEN 7513).
"""

import datetime
import hashlib
import hmac
import secrets
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from partner.refusals import refusal
from trajectories.core.models import MemberRole, Membership, Trajectory
from trajectories.core.rules import ensure_open, live_guest_user_ids
from trajectories.core.services import membership_add
from trajectories.organisations import Location, Organisation, OrganisationMember, OrganisationRole
from trajectories.people.models import Invitation, InvitationState, LoginCard
from trajectories.privacy.audit import AuditAction, audit_event_record

INVITATION_OBJECT_TYPE = "invitation"
LOGIN_CARD_OBJECT_TYPE = "login_card"
ACCOUNT_OBJECT_TYPE = "account"
# Letters and digits people do not mix up (no 0/O, 1/I/L), as for the live session's join code.
CARD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CARD_LOOKUP_LENGTH = 4
CARD_SECRET_LENGTH = 6


def token_hash(token: str) -> str:
    """How an invitation's token is stored: its SHA-256 (the token has 256 random bits)."""
    return hashlib.sha256(token.encode()).hexdigest()


def card_code_hash(code: str) -> str:
    """How a login card's code is stored: keyed with the secret key (the code is short)."""
    return hmac.new(settings.SECRET_KEY.encode(), f"login-card:{code}".encode(), hashlib.sha256).hexdigest()


def normalise_card_code(code: str) -> str:
    """The code as typed (any case, with spaces or dashes) as it was made."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


# --- invitations ------------------------------------------------------------------------------


def _invitation_email(*, request, invitation: Invitation, token: str) -> None:
    """The invitation e-mail: who invites, to which organisation, the link. Never care content."""
    link = request.build_absolute_uri(reverse("people:invitation_accept", args=[token]))
    context = {"invitation": invitation, "link": link, "inviter": request.user.get_full_name() or request.user.get_username()}
    try:
        send_mail(
            subject=_("Your invitation to PARTNER at %(organisation)s") % {"organisation": invitation.organisation.name},
            message=render_to_string("trajectories/people/invitation_email.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
    except (smtplib.SMTPException, OSError):
        # Raised inside the caller's transaction: the invitation is not kept either.
        raise ValidationError(
            _("The e-mail could not be sent. Nothing was saved. Try again later, or tell the supplier."),
            code="email_failed",
        ) from None


def _new_token_for(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + datetime.timedelta(days=settings.PARTNER_INVITATION_VALID_DAYS)
    return token


def invitation_address_refusal(*, organisation: Organisation, email: str) -> ValidationError | None:
    """Why ``email`` cannot be invited to ``organisation`` (``account_exists``, ``duplicate``, about
    the field ``email``), or None."""
    if get_user_model().objects.filter(email__iexact=email).exists():
        return refusal(_("Someone with this e-mail address already has an account."), code="account_exists", field="email")
    open_ones = Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
    )
    if open_ones.exists():
        return refusal(
            _("This address already has an open invitation. Send it again from the list instead."),
            code="duplicate", field="email",
        )
    return None


@transaction.atomic
def invitations_import(*, request, organisation: Organisation, rows) -> list[Invitation]:
    """Invite everyone of an import (``csv_import.read_rows``), all or nothing: refused (code
    ``refused_rows``, nothing made, nothing sent) when any row has a problem, of its own or with
    the address (``invitation_address_refusal``)."""
    if not rows or any(row.problem or invitation_address_refusal(organisation=organisation, email=row.email)
                       for row in rows):
        raise ValidationError(_("Some lines were refused: nothing was imported."), code="refused_rows")
    return [
        invitation_create(request=request, organisation=organisation, email=row.email, first_name=row.first_name,
                          role=row.role)
        for row in rows
    ]


@transaction.atomic
def invitation_create(
    *,
    request,
    organisation: Organisation,
    email: str,
    first_name: str = "",
    role: str = OrganisationRole.MEMBER,
    trajectory: Trajectory | None = None,
    member_role: str = "",
) -> Invitation:
    """Invite ``email`` to an account in ``organisation`` (and to ``trajectory`` as ``member_role``),
    and send the e-mail with its single-use link.

    Refused when the address already has an account (``account_exists``), has an open invitation
    to this organisation (``duplicate``), or the trajectory is not this organisation's (``trajectory``).
    """
    email = get_user_model().objects.normalize_email((email or "").strip())
    if role not in OrganisationRole.values:
        raise refusal(_("Choose a valid role."), code="choice", field="role")
    address_problem = invitation_address_refusal(organisation=organisation, email=email)
    if address_problem is not None:
        raise address_problem
    if trajectory is not None:
        if trajectory.organisation_id != organisation.pk:
            raise ValidationError(_("This trajectory belongs to another organisation."), code="trajectory")
        ensure_open(trajectory)
        if member_role not in (MemberRole.CLIENT, MemberRole.STAFF):
            raise refusal(_("Choose client or staff member."), code="choice", field="member_role")
    else:
        member_role = ""
    invitation = Invitation(
        organisation=organisation, email=email, first_name=" ".join((first_name or "").split())[:150],
        role=role, trajectory=trajectory, member_role=member_role, created_by=request.user,
    )
    token = _new_token_for(invitation)
    invitation.save()
    audit_event_record(
        request, action=AuditAction.CREATE, object_type=INVITATION_OBJECT_TYPE, object_id=str(invitation.pk),
        trajectory=trajectory, organisation_id=organisation.pk,
    )
    _invitation_email(request=request, invitation=invitation, token=token)
    return invitation


@transaction.atomic
def invitation_resend(*, request, invitation: Invitation) -> Invitation:
    """A new link (the old one stops working) with a new validity, sent again. Refused for an
    invitation that was accepted (``accepted``) or revoked (``revoked``)."""
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if invitation.state in (InvitationState.ACCEPTED, InvitationState.REVOKED):
        raise ValidationError(_("This invitation was already used or withdrawn."), code=invitation.state)
    token = _new_token_for(invitation)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    audit_event_record(
        request, action=AuditAction.CHANGE, object_type=INVITATION_OBJECT_TYPE, object_id=str(invitation.pk),
        organisation_id=invitation.organisation_id,
    )
    _invitation_email(request=request, invitation=invitation, token=token)
    return invitation


@transaction.atomic
def invitation_revoke(*, request, invitation: Invitation) -> Invitation:
    """Withdraw an invitation: its link then says so. Refused once accepted (``accepted``)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state == InvitationState.ACCEPTED:
        raise ValidationError(_("This invitation was already used."), code="accepted")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_event_record(
            request, action=AuditAction.DELETE, object_type=INVITATION_OBJECT_TYPE, object_id=str(invitation.pk),
            organisation_id=invitation.organisation_id,
        )
    return invitation


@transaction.atomic
def invitation_accept(
    *, request, invitation: Invitation, username: str, first_name: str, last_name: str, password: str
) -> AbstractBaseUser:
    """Make the invitee's account: in the organisation with the invited role and, when invited to
    a trajectory, taking part in it. The link is used up.

    Refused when the invitation is no longer open (code: its state), the user name is taken
    (``username_taken``) or the password too weak (the validators' codes).
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("organisation", "trajectory", "created_by")
        .get(pk=invitation.pk)
    )
    if invitation.state != InvitationState.OPEN:
        raise ValidationError(_("This invitation can no longer be used."), code=invitation.state)
    user_model = get_user_model()
    username = user_model.normalize_username((username or "").strip())
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": ValidationError(_("This user name is taken. Choose another one."), code="username_taken")}
        )
    user = user_model(username=username, email=invitation.email, first_name=first_name, last_name=last_name)
    password_validation.validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationError(
            {"username": ValidationError(_("This user name is taken. Choose another one."), code="username_taken")}
        ) from None
    OrganisationMember.objects.create(user=user, organisation=invitation.organisation, role=invitation.role)
    if invitation.trajectory is not None and invitation.member_role:
        membership_add(
            trajectory=invitation.trajectory, user=user, role=invitation.member_role,
            by=invitation.created_by or user,
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    audit_event_record(
        request, action=AuditAction.CHANGE, object_type=INVITATION_OBJECT_TYPE, object_id=str(invitation.pk),
        organisation_id=invitation.organisation_id,
    )
    return user


# --- login cards ------------------------------------------------------------------------------


def _new_card_code() -> str:
    return "".join(secrets.choice(CARD_ALPHABET) for _ in range(CARD_LOOKUP_LENGTH + CARD_SECRET_LENGTH))


def ensure_card_holder(membership: Membership) -> None:
    """Login cards are for the trajectory's clients with an account of their own (not guests)."""
    if membership.role != MemberRole.CLIENT:
        raise ValidationError(_("Login cards are for clients."), code="not_client")
    if live_guest_user_ids().filter(user=membership.user_id).exists():
        raise ValidationError(_("A guest takes part in one session only and gets no login card."), code="guest_account")


@transaction.atomic
def login_card_issue(*, request, membership: Membership, pin: str) -> tuple[LoginCard, str]:
    """A new card for the client of ``membership`` with ``pin``; the client's earlier cards stop
    working. Answers the card and its code: the code is shown once (on the PDF), never stored."""
    ensure_open(membership.trajectory)
    ensure_card_holder(membership)
    if not (len(pin) == settings.PARTNER_LOGIN_CARD_PIN_LENGTH and pin.isascii() and pin.isdigit()):
        raise ValidationError({"pin": ValidationError(_("The PIN is 4 digits."), code="pin")})
    now = timezone.now()
    LoginCard.objects.filter(user=membership.user, revoked_at=None).update(revoked_at=now)
    for _attempt in range(10):
        code = _new_card_code()
        if not LoginCard.objects.filter(lookup=code[:CARD_LOOKUP_LENGTH]).exists():
            break
    card = LoginCard.objects.create(
        user=membership.user, lookup=code[:CARD_LOOKUP_LENGTH], code_hash=card_code_hash(code),
        pin_hash=make_password(pin), created_by=request.user,
    )
    audit_event_record(
        request, action=AuditAction.CREATE, object_type=LOGIN_CARD_OBJECT_TYPE, object_id=str(card.pk),
        trajectory=membership.trajectory,
    )
    return card, code


@transaction.atomic
def login_card_revoke(*, request, membership: Membership) -> int:
    """Stop every card of the client of ``membership``; answers how many worked until now."""
    stopped = LoginCard.objects.filter(user=membership.user, revoked_at=None).update(revoked_at=timezone.now())
    audit_event_record(
        request, action=AuditAction.DELETE, object_type=LOGIN_CARD_OBJECT_TYPE, object_id=str(membership.user_id),
        trajectory=membership.trajectory,
    )
    return stopped


def login_card_check(*, request, code: str, pin: str) -> AbstractBaseUser:
    """The card holder for a card's code and PIN, or a refusal with its own code:
    ``unknown`` (no such card), ``revoked``, ``blocked`` (too many wrong PINs, also now),
    ``wrong_pin`` and ``inactive`` (the account was deactivated).

    A wrong PIN is counted in its own transaction (it must stay counted, whatever happens next).
    """
    code = normalise_card_code(code)
    blocked_message = _("This card is blocked: the PIN was wrong too often. Ask your facilitator for a new card.")
    refusal = None
    # Refusals are raised after the block: the wrong PIN counted and its audit entry must be kept.
    with transaction.atomic():
        card = (
            LoginCard.objects.select_for_update().select_related("user")
            .filter(lookup=code[:CARD_LOOKUP_LENGTH]).first()
        )
        if card is None or not hmac.compare_digest(card.code_hash, card_code_hash(code)):
            audit_event_record(request, action=AuditAction.READ, object_type=LOGIN_CARD_OBJECT_TYPE, status=404)
            refusal = ValidationError(_("We do not know this card. Check the code on your card."), code="unknown")
        elif card.revoked_at is not None:
            refusal = ValidationError(_("This card no longer works. Ask your facilitator for a new card."), code="revoked")
        elif card.blocked_at is not None:
            refusal = ValidationError(blocked_message, code="blocked")
        elif not check_password(pin or "", card.pin_hash):
            card.failed_pins += 1
            if card.failed_pins >= settings.PARTNER_LOGIN_CARD_MAX_FAILURES:
                card.blocked_at = timezone.now()
                refusal = ValidationError(blocked_message, code="blocked")
            else:
                refusal = ValidationError(
                    {"pin": ValidationError(_("This PIN is not right. Try again."), code="wrong_pin")}
                )
            card.save(update_fields=["failed_pins", "blocked_at"])
            audit_event_record(
                request, action=AuditAction.READ, object_type=LOGIN_CARD_OBJECT_TYPE, object_id=str(card.pk), status=403
            )
        elif not card.user.is_active:
            refusal = ValidationError(_("This account is switched off. Ask your facilitator."), code="inactive")
        else:
            card.failed_pins = 0
            card.last_used_at = timezone.now()
            card.save(update_fields=["failed_pins", "last_used_at"])
    if refusal is not None:
        raise refusal
    return card.user


# --- an organisation's accounts (its administrator) ---------------------------------------------


def _ensure_not_self(request, user) -> None:
    if user.pk == request.user.pk:
        raise ValidationError(_("You cannot do this to your own account."), code="self")


@transaction.atomic
def account_role_change(*, request, member: OrganisationMember, role: str) -> OrganisationMember:
    """Give a person of the organisation another role. Guests never get one (``guest_account``)."""
    if role not in OrganisationRole.values:
        raise refusal(_("Choose a valid role."), code="choice", field="role")
    _ensure_not_self(request, member.user)
    if live_guest_user_ids().filter(user=member.user_id).exists():
        raise ValidationError(_("A guest takes part in one session only."), code="guest_account")
    member.role = role
    member.save(update_fields=["role"])
    audit_event_record(
        request, action=AuditAction.CHANGE, object_type=ACCOUNT_OBJECT_TYPE, object_id=str(member.user_id),
        organisation_id=member.organisation_id,
    )
    return member


@transaction.atomic
def account_deactivate(*, request, member: OrganisationMember) -> OrganisationMember:
    """Switch a person's account off: they can no longer sign in, their sessions end at their next
    request (Django refuses inactive accounts), their login cards stop. What they contributed stays,
    under their name (erasure, on request, replaces it with a pseudonym)."""
    _ensure_not_self(request, member.user)
    user = member.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    LoginCard.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())
    audit_event_record(
        request, action=AuditAction.DELETE, object_type=ACCOUNT_OBJECT_TYPE, object_id=str(user.pk),
        organisation_id=member.organisation_id,
    )
    return member


@transaction.atomic
def account_reactivate(*, request, member: OrganisationMember) -> OrganisationMember:
    member.user.is_active = True
    member.user.save(update_fields=["is_active"])
    audit_event_record(
        request, action=AuditAction.CHANGE, object_type=ACCOUNT_OBJECT_TYPE, object_id=str(member.user_id),
        organisation_id=member.organisation_id,
    )
    return member


@transaction.atomic
def account_second_step_reset(*, request, member: OrganisationMember) -> int:
    """Remove a person's authenticator apps (lost phone): they set up a new one at their next login."""
    _ensure_not_self(request, member.user)
    removed, _by_type = TOTPDevice.objects.filter(user=member.user).delete()
    audit_event_record(
        request, action=AuditAction.DELETE, object_type="two_factor_device", object_id=f"user:{member.user_id}",
        organisation_id=member.organisation_id,
    )
    return removed


@transaction.atomic
def location_create(*, request, organisation: Organisation, name: str) -> Location:
    name = " ".join((name or "").split())
    if not name:
        raise refusal(_("Give the location a name."), code="required", field="name")
    if Location.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": ValidationError(_("This location already exists."), code="duplicate")})
    location = Location.objects.create(organisation=organisation, name=name)
    audit_event_record(
        request, action=AuditAction.CREATE, object_type="location", object_id=str(location.pk),
        organisation_id=organisation.pk,
    )
    return location
