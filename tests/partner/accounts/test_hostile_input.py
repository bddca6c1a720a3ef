"""Hostile input on logging in and the second factor: never a server error, never an off-site
redirect, the password never shown again."""

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.hostile import NEXT, SECRET, Field, OtherForms, Spec, text


def two_factor_fields(o):
    return {"token": text("123456"), "next": Field(NEXT, lambda o: "/")}


class TestOtherForms(OtherForms):
    SPECS = [
        Spec(
            "login", "anonymous", lambda o: reverse("login"),
            lambda o: {"username": text("cli"), "password": Field(SECRET, lambda o: "partner-test"),
                       "next": Field(NEXT, lambda o: "/")},
        ),
        Spec("two_factor_setup", "facilitator", lambda o: reverse("two_factor_setup"),
             lambda o: {"name": text("Werktelefoon"), **two_factor_fields(o)}, models=(TOTPDevice,)),
        Spec("two_factor_verify", "otp", lambda o: reverse("two_factor_verify"), two_factor_fields,
             models=(TOTPDevice,)),
    ]
