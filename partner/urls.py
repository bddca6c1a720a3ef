from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from partner import health
from partner.accounts import views
from partner.accounts.forms import LoginForm

urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("inloggen/wachtwoord-vergeten/", auth_views.PasswordResetView.as_view(
        email_template_name="registration/password_reset_email.txt"), name="password_reset"),
    path("inloggen/wachtwoord-vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("inloggen/nieuw-wachtwoord/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("inloggen/nieuw-wachtwoord/klaar/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("account/wachtwoord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/wachtwoord/klaar/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("inloggen/code/", views.two_factor_verify, name="two_factor_verify"),
    path("account/tweestapsverificatie/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "account/tweestapsverificatie/<int:pk>/verwijderen/",
        views.two_factor_device_delete,
        name="two_factor_device_delete",
    ),
    path("taal/", include("django.conf.urls.i18n")),
    path("gezond/", health.health, name="health"),
    # The Django admin is the supplier's (superusers only); organisations have /beheer/.
    path("systeem/", admin.site.urls),
    path("", include("trajectories.people.urls")),
    path("matrix/", include("matrix.urls")),
    path("", include("trajectories.urls")),
]
