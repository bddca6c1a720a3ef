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
    path("inloggen/code/", views.two_factor_verify, name="two_factor_verify"),
    path("account/tweestapsverificatie/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "account/tweestapsverificatie/<int:pk>/verwijderen/",
        views.two_factor_device_delete,
        name="two_factor_device_delete",
    ),
    path("taal/", include("django.conf.urls.i18n")),
    path("gezond/", health.health, name="health"),
    path("beheer/", admin.site.urls),
    path("matrix/", include("matrix.urls")),
    path("", include("trajectories.urls")),
]
