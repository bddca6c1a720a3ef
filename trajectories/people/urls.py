from django.urls import path

from trajectories.people.views import admin, facilitator, public

app_name = "people"

urlpatterns = [
    path("beheer/", admin.admin_accounts, name="admin_accounts"),
    path("beheer/accounts/<int:user_pk>/", admin.admin_account, name="admin_account"),
    path("beheer/accounts/<int:user_pk>/uitzetten/", admin.admin_account_deactivate, name="admin_account_deactivate"),
    path("beheer/accounts/<int:user_pk>/aanzetten/", admin.admin_account_reactivate, name="admin_account_reactivate"),
    path("beheer/accounts/<int:user_pk>/tweestaps/", admin.admin_second_step_reset, name="admin_second_step_reset"),
    path("beheer/uitnodigingen/", admin.admin_invitations, name="admin_invitations"),
    path("beheer/uitnodigingen/<int:invitation_pk>/opnieuw/", admin.admin_invitation_resend,
         name="admin_invitation_resend"),
    path("beheer/uitnodigingen/<int:invitation_pk>/intrekken/", admin.admin_invitation_revoke,
         name="admin_invitation_revoke"),
    path("beheer/import/", admin.admin_import, name="admin_import"),
    path("beheer/import/uitvoeren/", admin.admin_import_confirm, name="admin_import_confirm"),
    path("beheer/locaties/", admin.admin_locations, name="admin_locations"),
    path("beheer/logboek/", admin.admin_audit, name="admin_audit"),
    path("uitnodiging/<str:token>/", public.invitation_accept, name="invitation_accept"),
    path("kaart/", public.card_sign_in, name="card_sign_in"),
    path("trajecten/<int:pk>/uitnodigingen/", facilitator.trajectory_invitations, name="trajectory_invitations"),
    path("trajecten/<int:pk>/uitnodigingen/<int:invitation_pk>/opnieuw/", facilitator.trajectory_invitation_resend,
         name="trajectory_invitation_resend"),
    path("trajecten/<int:pk>/uitnodigingen/<int:invitation_pk>/intrekken/", facilitator.trajectory_invitation_revoke,
         name="trajectory_invitation_revoke"),
    path("trajecten/<int:pk>/deelnemers/<int:member_pk>/kaart/", facilitator.login_card, name="login_card"),
    path("trajecten/<int:pk>/deelnemers/<int:member_pk>/kaart/stoppen/", facilitator.login_card_stop,
         name="login_card_stop"),
]
