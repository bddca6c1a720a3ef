"""Invitations by e-mail: delivered to a real SMTP server, a link that works once and expires,
landing in the right organisation, role and trajectory; resend, withdraw, and their own messages."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories
from trajectories.models import AuditEvent, Invitation, MemberRole, OrganisationMember, OrganisationRole
from trajectories.people import services

PASSWORD = "Zonnebloem-Tafel-42"


def link_in(mailbox) -> str:
    found = re.search(r"https?://\S+/uitnodiging/\S+/", mailbox.body())
    assert found, mailbox.body()
    return "/" + found.group(0).split("://", 1)[1].split("/", 1)[1]


def accept(link: str, **fields) -> tuple[Client, object]:
    http = Client()
    data = {"first_name": "Nina", "last_name": "de Vries", "username": "nina", "password1": PASSWORD,
            "password2": PASSWORD, **fields}
    return http, http.post(link, data)


def test_the_organisation_administrator_invites_a_staff_member_who_makes_a_working_account(
    world, client_for, smtp_server
):
    admin = client_for(world.org_admin)
    response = admin.post(reverse("people:admin_invitations"),
                          {"email": "Nina@Example.org", "first_name": "Nina", "role": OrganisationRole.MEMBER})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "Nina@example.org"
    assert world.organisation.name in message["Subject"]
    link = link_in(smtp_server)

    page = Client().get(link)
    assert page.status_code == 200 and "nina@example.org".casefold() in page.content.decode().casefold()
    http, response = accept(link)
    assert response.status_code == 302 and response["Location"] == reverse("trajectories:dashboard")
    user = get_user_model().objects.get(username="nina")
    assert user.email == "Nina@example.org" and user.check_password(PASSWORD)
    member = OrganisationMember.objects.get(user=user)
    assert (member.organisation, member.role) == (world.organisation, OrganisationRole.MEMBER)
    assert http.get(reverse("trajectories:dashboard")).status_code == 200
    # Signing in later works with the e-mail address too.
    assert Client().post(reverse("login"), {"username": "nina@example.org", "password": PASSWORD}).status_code == 302
    # Used once: the link now says so, and makes nothing more.
    again = Client().get(link)
    assert again.status_code == 410 and "al gebruikt" in again.content.decode()
    _http, response = accept(link, username="nina2")
    assert response.status_code == 410 and not get_user_model().objects.filter(username="nina2").exists()
    kinds = list(AuditEvent.objects.filter(object_type="invitation").values_list("action", flat=True).order_by("pk"))
    assert kinds == ["create", "change"]


def test_a_facilitator_invites_a_client_for_their_trajectory(world, client_for, smtp_server):
    url = reverse("people:trajectory_invitations", kwargs={"pk": world.trajectory.pk})
    response = client_for(world.facilitator).post(url, {"email": "bep@example.org", "member_role": MemberRole.CLIENT})
    assert response.status_code == 302
    _http, response = accept(link_in(smtp_server), username="bep", first_name="Bep")
    assert response.status_code == 302
    membership = world.trajectory.memberships.get(user__username="bep")
    assert membership.role == MemberRole.CLIENT
    assert OrganisationMember.objects.get(user__username="bep").role == OrganisationRole.MEMBER


def test_resending_gives_a_new_link_and_the_old_one_stops(world, client_for, smtp_server):
    admin = client_for(world.org_admin)
    admin.post(reverse("people:admin_invitations"), {"email": "kim@example.org", "role": OrganisationRole.QUALITY})
    first = link_in(smtp_server)
    invitation = Invitation.objects.get(email="kim@example.org")
    assert admin.post(reverse("people:admin_invitation_resend", args=[invitation.pk])).status_code == 302
    assert len(smtp_server.messages) == 2
    second = link_in(smtp_server)
    assert first != second
    assert Client().get(first).status_code == 404
    _http, response = accept(second, username="kim")
    assert response.status_code == 302
    assert OrganisationMember.objects.get(user__username="kim").role == OrganisationRole.QUALITY


def test_a_withdrawn_and_an_expired_invitation_each_say_so(world, client_for, smtp_server):
    admin = client_for(world.org_admin)
    admin.post(reverse("people:admin_invitations"), {"email": "a@example.org", "role": OrganisationRole.MEMBER})
    withdrawn = link_in(smtp_server)
    admin.post(reverse("people:admin_invitation_revoke", args=[Invitation.objects.get(email="a@example.org").pk]))
    response = Client().get(withdrawn)
    assert response.status_code == 410 and "ingetrokken" in response.content.decode()

    admin.post(reverse("people:admin_invitations"), {"email": "b@example.org", "role": OrganisationRole.MEMBER})
    expired = link_in(smtp_server)
    Invitation.objects.filter(email="b@example.org").update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = Client().get(expired)
    assert response.status_code == 410 and "verlopen" in response.content.decode()
    _http, response = accept(expired, username="late")
    assert not get_user_model().objects.filter(username="late").exists()
    assert Client().get("/uitnodiging/not-a-real-token/").status_code == 404


def test_refusals_keep_what_was_typed_and_say_why(world, client_for, smtp_server):
    admin = client_for(world.org_admin)
    response = admin.post(reverse("people:admin_invitations"), {"email": world.client.email or "x@example.org",
                                                                "role": OrganisationRole.MEMBER})
    admin.post(reverse("people:admin_invitations"), {"email": "c@example.org", "role": OrganisationRole.MEMBER})
    response = admin.post(reverse("people:admin_invitations"), {"email": "C@example.org", "role": OrganisationRole.MEMBER})
    assert response.status_code == 200 and "heeft al een openstaande uitnodiging" in response.content.decode()
    link = link_in(smtp_server)
    _http, response = accept(link, username=world.client.username)
    assert response.status_code == 200 and "gebruikersnaam is al bezet" in response.content.decode()
    _http, response = accept(link, password1="kort", password2="kort")
    assert response.status_code == 200 and "te kort" in response.content.decode()
    assert 'value="Nina"' in response.content.decode()


def test_the_service_refuses_an_address_with_an_account_and_another_organisations_trajectory(world, rf):
    request = rf.post("/")
    request.user = world.org_admin
    request.session = {}


    user = factories.person(world.organisation, username="has-mail")
    user.email = "has@example.org"
    user.save()
    with pytest.raises(ValidationError) as refused:
        services.invitation_create(request=request, organisation=world.organisation, email="HAS@example.org")
    assert refused.value.error_dict["email"][0].code == "account_exists"
    with pytest.raises(ValidationError) as refused:
        services.invitation_create(request=request, organisation=world.organisation, email="n@example.org",
                                   trajectory=world.other_trajectory, member_role=MemberRole.CLIENT)
    assert refused.value.code == "trajectory"


def test_another_organisations_administrator_finds_none_of_it(world, client_for, smtp_server):
    client_for(world.org_admin).post(reverse("people:admin_invitations"),
                                     {"email": "d@example.org", "role": OrganisationRole.MEMBER})
    invitation = Invitation.objects.get(email="d@example.org")
    elsewhere = factories.person(world.other_organisation, username="adm2", role=OrganisationRole.ADMIN)
    http = client_for(elsewhere)
    page = http.get(reverse("people:admin_invitations")).content.decode()
    assert "d@example.org" not in page
    assert http.post(reverse("people:admin_invitation_revoke", args=[invitation.pk])).status_code == 404
    assert http.post(reverse("people:admin_invitation_resend", args=[invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
