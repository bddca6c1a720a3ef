"""Hostile input on the consent forms: given by the facilitator for a client, or by the client."""

from django.utils import timezone

from tests.hostile import OtherForms, Spec, scalar, text, traj
from trajectories.privacy.models import Consent


def no_current_consents(o):
    Consent.objects.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now(), withdrawn_by=o.world.facilitator)


class TestOtherForms(OtherForms):
    SPECS = [
        Spec(
            "consent_by_facilitator", "facilitator", lambda o: traj("member_consent_give", member_pk=o.gerda.pk)(o),
            lambda o: {"kind": scalar(lambda o: "participation"), "note": text("Mondeling gegeven.")},
            prepare=no_current_consents, show=lambda o, r: [("facilitator", traj("members")(o))], models=(Consent,),
        ),
        Spec(
            "consent_by_client", "client", traj("my_consent"),
            lambda o: {"kind": scalar(lambda o: "photos"), "note": text("")},
            prepare=no_current_consents, show=lambda o, r: [("client", traj("my_consent")(o))], models=(Consent,),
        ),
    ]
