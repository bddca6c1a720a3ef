"""The organisation administrator (/beheer/): their own organisation's accounts and nothing else;
changing a role, switching an account off (sessions end, what they leave is listed), resetting
the second step, locations, the organisation's audit trail. The Django admin is for superusers."""

import datetime

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories
from trajectories.core import services as core_services
from trajectories.models import AuditEvent, Location, OrganisationMember, OrganisationRole


def test_the_accounts_list_shows_the_own_organisation_only(world, client_for):
    page = client_for(world.org_admin).get(reverse("people:admin_accounts")).content.decode()
    assert f"<td>{world.client.username}</td>" in page and f"<td>{world.facilitator.username}</td>" in page
    assert f"<td>{world.other_facilitator.username}</td>" not in page
    elsewhere = factories.person(world.other_organisation, username="adm2", role=OrganisationRole.ADMIN)
    http = client_for(elsewhere)
    page = http.get(reverse("people:admin_accounts")).content.decode()
    assert f"<td>{world.client.username}</td>" not in page and f"<td>{world.other_facilitator.username}</td>" in page
    for name in ("people:admin_account", "people:admin_account_deactivate", "people:admin_second_step_reset"):
        assert http.get(reverse(name, args=[world.client.pk])).status_code == 404
    assert http.post(reverse("people:admin_account", args=[world.client.pk]), {"role": "quality"}).status_code == 404
    audit = http.get(reverse("people:admin_audit")).content.decode()
    assert world.trajectory.title not in audit


def test_an_administrator_changes_a_role_and_it_is_recorded(world, client_for):
    http = client_for(world.org_admin)
    response = http.post(reverse("people:admin_account", args=[world.staff.pk]), {"role": OrganisationRole.QUALITY})
    assert response.status_code == 302
    assert OrganisationMember.objects.get(user=world.staff).role == OrganisationRole.QUALITY
    event = AuditEvent.objects.get(object_type="account")
    assert (event.action, event.object_id, event.organisation_id) == ("change", str(world.staff.pk), world.organisation.pk)
    own = http.post(reverse("people:admin_account", args=[world.org_admin.pk]), {"role": OrganisationRole.MEMBER})
    assert own.status_code == 200
    assert OrganisationMember.objects.get(user=world.org_admin).role == OrganisationRole.ADMIN


def test_switching_an_account_off_ends_its_sessions_keeps_its_work_and_lists_what_it_leaves(world, client_for):
    lead = world.membership(world.facilitator)
    action = core_services.action_create(
        trajectory=world.trajectory, by=lead, what="Menukaart met foto's", owner=world.membership(world.staff),
        due_date=datetime.date(2099, 1, 1),
    )
    staff_session = client_for(world.staff)
    assert staff_session.get(reverse("trajectories:dashboard")).status_code == 200
    http = client_for(world.org_admin)
    confirm = http.get(reverse("people:admin_account_deactivate", args=[world.staff.pk])).content.decode()
    assert "Menukaart met foto" in confirm
    facilitator_page = http.get(reverse("people:admin_account_deactivate", args=[world.facilitator.pk])).content.decode()
    assert world.trajectory.title in facilitator_page
    assert http.post(reverse("people:admin_account_deactivate", args=[world.staff.pk])).status_code == 302
    world.staff.refresh_from_db()
    assert not world.staff.is_active
    assert staff_session.get(reverse("trajectories:dashboard")).status_code == 302  # back to the login page
    action.refresh_from_db()
    assert action.owner.user == world.staff  # what they did stays
    assert Client().post(reverse("login"), {"username": world.staff.username, "password": "partner-test"}).status_code == 200
    assert http.post(reverse("people:admin_account_reactivate", args=[world.staff.pk])).status_code == 302
    world.staff.refresh_from_db()
    assert world.staff.is_active


def test_resetting_the_second_step_removes_the_apps(world, client_for):
    TOTPDevice.objects.create(user=world.quality, name="Telefoon", confirmed=True)
    http = client_for(world.org_admin)
    assert http.post(reverse("people:admin_second_step_reset", args=[world.quality.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=world.quality).exists()
    assert AuditEvent.objects.filter(object_type="two_factor_device", action="delete").exists()


def test_locations_of_the_own_organisation(world, client_for):
    http = client_for(world.org_admin)
    assert http.post(reverse("people:admin_locations"), {"name": "  De   Lindehof "}).status_code == 302
    assert Location.objects.filter(organisation=world.organisation, name="De Lindehof").exists()
    again = http.post(reverse("people:admin_locations"), {"name": "de lindehof"})
    assert again.status_code == 200 and Location.objects.filter(name__iexact="de lindehof").count() == 1


def test_the_django_admin_is_for_superusers_only(world, client_for):
    world.quality.is_staff = True
    world.quality.save()
    assert client_for(world.quality).get(reverse("admin:index")).status_code == 302
    assert client_for(world.org_admin).get(reverse("admin:index")).status_code == 302
    assert client_for(world.admin).get(reverse("admin:index")).status_code == 200
