"""Importing people from a CSV: a preview with every refused line and why, then all or nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trajectories.models import Invitation, OrganisationRole


def upload(http, text: str, name="mensen.csv"):
    return http.post(reverse("people:admin_import"), {"file": SimpleUploadedFile(name, text.encode("utf-8-sig"))})


def test_a_good_file_is_previewed_and_then_everyone_is_invited(world, client_for, smtp_server):
    http = client_for(world.org_admin)
    preview = upload(http, "e-mail;voornaam;rol\nnina@example.org;Nina;medewerker\nkim@example.org;Kim;Kwaliteitsmedewerker\n")
    page = preview.content.decode()
    assert preview.status_code == 200 and "nina@example.org" in page and "kim@example.org" in page
    assert not Invitation.objects.exists()
    response = http.post(reverse("people:admin_import_confirm"))
    assert response.status_code == 302 and response["Location"] == reverse("people:admin_invitations")
    assert dict(Invitation.objects.values_list("email", "role")) == {
        "nina@example.org": OrganisationRole.MEMBER, "kim@example.org": OrganisationRole.QUALITY,
    }
    assert sorted(m["To"] for m in smtp_server.messages) == ["kim@example.org", "nina@example.org"]
    # The same preview cannot be imported twice.
    http.post(reverse("people:admin_import_confirm"))
    assert Invitation.objects.count() == 2


def test_a_file_with_broken_lines_lists_each_and_imports_nothing(world, client_for, smtp_server):
    world.staff.email = "sanne@example.org"
    world.staff.save()
    http = client_for(world.org_admin)
    text = ("email,first name,role\n"
            "goed@example.org,Goed,member\n"
            "geen-adres,Fout,member\n"
            "sanne@example.org,Sanne,member\n"
            "rol@example.org,Rol,directeur\n"
            "goed@example.org,Dubbel,member\n")
    page = upload(http, text).content.decode()
    for reason in ("geen-adres", "heeft al een account", "directeur", "twee keer"):
        assert reason in page, reason
    assert "4 regels zijn geweigerd" in page
    assert http.post(reverse("people:admin_import_confirm")).status_code == 302
    assert not Invitation.objects.exists() and smtp_server.messages == []


def test_files_that_are_no_csv_get_a_plain_message(world, client_for):
    http = client_for(world.org_admin)
    for content, expected in ((b"\xff\xfe\x00b\x00i\x00n", "geen CSV-bestand"), (b"naam\nNina\n", "e-mail"),
                              (b"e-mail\n", "geen mensen")):
        response = http.post(reverse("people:admin_import"), {"file": SimpleUploadedFile("x.csv", content)})
        assert response.status_code == 200 and expected in response.content.decode(), expected
    assert not Invitation.objects.exists()


def test_another_organisation_cannot_import(world, client_for):
    response = client_for(world.facilitator).post(reverse("people:admin_import"),
                                                  {"file": SimpleUploadedFile("x.csv", b"e-mail\na@example.org\n")})
    assert response.status_code == 404
