"""Hostile input on the personal settings: how often e-mail comes, and the calendar address."""

from django.urls import reverse

from tests.hostile import OtherForms, Spec, scalar
from trajectories.models import PersonalSettings


class TestOtherForms(OtherForms):
    SPECS = [
        Spec(
            "email_frequency", "facilitator", lambda o: reverse("trajectories:inbox_settings"),
            lambda o: {"email_frequency": scalar(lambda o: "daily")},
            show=lambda o, r: [("facilitator", reverse("trajectories:inbox_settings"))], models=(PersonalSettings,),
        ),
        Spec(
            "calendar_address", "client", lambda o: reverse("trajectories:calendar_address_change"),
            lambda o: {"action": scalar(lambda o: "renew")},
            show=lambda o, r: [("client", reverse("trajectories:inbox_settings"))], models=(PersonalSettings,),
        ),
    ]
