from django.urls import path, register_converter

from trajectories.core.converters import DirectionConverter
from trajectories.core.views import agenda, dashboard, dialogue, explore, meetings, members, staff, trajectory
from trajectories.live.views import client as live_client
from trajectories.live.views import facilitator as live
from trajectories.live.views import photos
from trajectories.notify.views import calendar, exports, inbox
from trajectories.plan.views import followup, plan, plans_overview
from trajectories.privacy import views as privacy
from trajectories.toolkit.views import learning, methods, tailoring

register_converter(DirectionConverter, "direction")

app_name = "trajectories"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("trajecten/nieuw/", trajectory.trajectory_create, name="create"),
    path("trajecten/<int:pk>/", trajectory.trajectory_detail, name="detail"),
    path("trajecten/<int:pk>/bewerken/", trajectory.trajectory_edit, name="edit"),
    path("trajecten/<int:pk>/stap/volgende/", trajectory.step_advance, name="step_advance"),
    path("trajecten/<int:pk>/stap/vorige/", trajectory.step_back, name="step_back"),
    path("trajecten/<int:pk>/stap/overslaan/", trajectory.step_skip, name="step_skip"),
    path("trajecten/<int:pk>/afsluiten/", trajectory.trajectory_close, name="close"),
    path("trajecten/<int:pk>/heropenen/", trajectory.trajectory_reopen, name="reopen"),
    path("trajecten/<int:pk>/deelnemers/", members.member_list, name="members"),
    path("trajecten/<int:pk>/deelnemers/<int:member_pk>/verwijderen/", members.member_remove, name="member_remove"),
    path("trajecten/<int:pk>/bijeenkomsten/", meetings.meeting_list, name="meetings"),
    path("trajecten/<int:pk>/bijeenkomsten/nieuw/", meetings.meeting_create, name="meeting_create"),
    path("trajecten/<int:pk>/bijeenkomsten/<int:meeting_pk>/bewerken/", meetings.meeting_edit, name="meeting_edit"),
    path("trajecten/<int:pk>/bijeenkomsten/<int:meeting_pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("trajecten/<int:pk>/bijeenkomsten/<int:meeting_pk>/kaart/", meetings.meeting_card, name="meeting_card"),
    path(
        "trajecten/<int:pk>/bijeenkomsten/<int:meeting_pk>/verwijderen/",
        meetings.meeting_delete,
        name="meeting_delete",
    ),
    # Step 1: client space
    path("trajecten/<int:pk>/verkennen/", explore.topic_list, name="explore"),
    path("trajecten/<int:pk>/verkennen/<int:topic_pk>/bewerken/", explore.topic_edit, name="topic_edit"),
    path("trajecten/<int:pk>/verkennen/<int:topic_pk>/verwijderen/", explore.topic_delete, name="topic_delete"),
    path("trajecten/<int:pk>/verkennen/<int:topic_pk>/foto/", photos.topic_photo, name="topic_photo"),
    # Live sessions in the room: the facilitator's console and the room screen
    path("trajecten/<int:pk>/live/", live.live_session_list_view, name="live_sessions"),
    path("trajecten/<int:pk>/live/<int:session_pk>/", live.live_console, name="live_console"),
    path("trajecten/<int:pk>/live/<int:session_pk>/scherm/", live.live_board_view, name="live_board"),
    path("trajecten/<int:pk>/live/<int:session_pk>/scherm/bord/", live.live_board_partial, name="live_board_partial"),
    path("trajecten/<int:pk>/live/<int:session_pk>/bediening/", live.live_control, name="live_control"),
    path("trajecten/<int:pk>/live/<int:session_pk>/presentator/", live.live_presenter, name="live_presenter"),
    path("trajecten/<int:pk>/live/<int:session_pk>/sluiten/", live.live_close, name="live_close"),
    # Live sessions, the clients' side: join with a code (no password), add topics, vote
    path("meedoen/", live_client.live_join, name="live_join"),
    path("meedoen/<str:code>/", live_client.live_join_code, name="live_join_code"),
    path("sessie/<int:pk>/", live_client.live_client, name="live_client"),
    path("sessie/<int:pk>/onderwerp/", live_client.live_topic, name="live_topic"),
    path("sessie/<int:pk>/stemmen/", live_client.live_vote, name="live_vote"),
    # The facilitator's toolkit: methods library, tailoring, templates, goals, lessons, report
    path("werkvormen/", methods.method_list_view, name="methods"),
    path("werkvormen/nieuw/", methods.method_create, name="method_create"),
    path("werkvormen/<int:method_pk>/", methods.method_detail, name="method_detail"),
    path("werkvormen/<int:method_pk>/bewerken/", methods.method_edit, name="method_edit"),
    path("werkvormen/<int:method_pk>/kopie/", methods.method_copy, name="method_copy"),
    path("werkvormen/<int:method_pk>/verwijderen/", methods.method_delete, name="method_delete"),
    path("trajecten/<int:pk>/op-maat/", tailoring.tailor, name="tailor"),
    path("trajecten/<int:pk>/als-sjabloon/", tailoring.save_as_template, name="save_as_template"),
    path("trajecten/<int:pk>/kopieren/", tailoring.trajectory_copy, name="copy"),
    path("sjablonen/", tailoring.template_list_view, name="templates"),
    path("sjablonen/<int:template_pk>/", tailoring.template_detail, name="template_detail"),
    path("trajecten/<int:pk>/doelen/", learning.goal_list, name="goals"),
    path("trajecten/<int:pk>/doelen/<int:goal_pk>/terugkijken/", learning.goal_evaluate, name="goal_evaluate"),
    path("trajecten/<int:pk>/lessen/nieuw/", learning.lesson_create, name="lesson_create"),
    path("lessen/", learning.lesson_list_view, name="lessons"),
    path("lessen/overzicht/", learning.learning_overview_view, name="learning_overview"),
    path("lessen/<int:lesson_pk>/", learning.lesson_detail, name="lesson_detail"),
    path("trajecten/<int:pk>/evaluatierapport/", learning.report_detail, name="report"),
    path("trajecten/<int:pk>/evaluatierapport/bewerken/", learning.report_edit, name="report_edit"),
    path("trajecten/<int:pk>/evaluatierapport/pdf/", learning.report_pdf, name="report_pdf"),
    # Privacy (AVG): clients' consent, and a person's own data
    path("trajecten/<int:pk>/toestemming/", privacy.my_consent, name="my_consent"),
    path(
        "trajecten/<int:pk>/toestemming/<int:consent_pk>/intrekken/",
        privacy.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "trajecten/<int:pk>/deelnemers/<int:member_pk>/toestemming/",
        privacy.member_consent_give,
        name="member_consent_give",
    ),
    path("mijn-gegevens/", privacy.my_data, name="my_data"),
    path("mijn-gegevens/zip/", privacy.my_data_export, name="my_data_export"),
    # Notifications, personal settings, the calendar feed and background downloads
    path("meldingen/", inbox.inbox, name="inbox"),
    path("meldingen/alles-gelezen/", inbox.inbox_read_all, name="inbox_read_all"),
    path("meldingen/<int:notification_pk>/", inbox.notification_open, name="notification_open"),
    path("meldingen/instellingen/", inbox.inbox_settings, name="inbox_settings"),
    path("meldingen/agenda-adres/", inbox.calendar_address_change, name="calendar_address_change"),
    path("agenda/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("downloads/<int:export_pk>/", exports.export_progress, name="export_progress"),
    path("downloads/<int:export_pk>/voortgang/", exports.export_status, name="export_status"),
    path("downloads/<int:export_pk>/bestand/", exports.export_download, name="export_download"),
    # Step 2: client space
    path("trajecten/<int:pk>/agenda/", agenda.agenda, name="agenda"),
    path("trajecten/<int:pk>/agenda/<int:item_pk>/bewerken/", agenda.agenda_item_edit, name="agenda_item_edit"),
    path("trajecten/<int:pk>/agenda/<int:item_pk>/verwijderen/", agenda.agenda_item_delete, name="agenda_item_delete"),
    path("trajecten/<int:pk>/agenda/<int:item_pk>/delen/", agenda.agenda_item_share, name="agenda_item_share"),
    path(
        "trajecten/<int:pk>/agenda/<int:item_pk>/<direction:direction>/",
        agenda.agenda_item_move,
        name="agenda_item_move",
    ),
    # Step 3: staff space
    path("trajecten/<int:pk>/medewerkers/", staff.staff_space, name="staff"),
    path("trajecten/<int:pk>/medewerkers/samenvatting/delen/", staff.staff_summary_share, name="staff_summary_share"),
    path(
        "trajecten/<int:pk>/medewerkers/reflecties/<int:reflection_pk>/verwijderen/",
        staff.staff_reflection_delete,
        name="staff_reflection_delete",
    ),
    # Step 4: shared
    path("trajecten/<int:pk>/dialoog/", dialogue.dialogue, name="dialogue"),
    path("trajecten/<int:pk>/dialoog/<int:item_pk>/", dialogue.dialogue_edit, name="dialogue_edit"),
    path("trajecten/<int:pk>/acties/nieuw/", dialogue.action_create, name="action_create"),
    path("trajecten/<int:pk>/acties/<int:action_pk>/bewerken/", dialogue.action_edit, name="action_edit"),
    path("trajecten/<int:pk>/acties/<int:action_pk>/verwijderen/", dialogue.action_delete, name="action_delete"),
    # Step 4: the action plan as a document, its sign-off and follow-up
    path("trajecten/<int:pk>/actieplan/", plan.plan_detail, name="plan"),
    path("trajecten/<int:pk>/actieplan/akkoord/", plan.plan_signoff, name="plan_signoff"),
    path("trajecten/<int:pk>/actieplan/versies/<int:number>/", plan.plan_version, name="plan_version"),
    path("trajecten/<int:pk>/actieplan/pdf/", plan.plan_pdf, name="plan_pdf"),
    path("trajecten/<int:pk>/actieplan/afdrukken/", plan.plan_print, name="plan_print"),
    path("trajecten/<int:pk>/wat-er-gebeurde/", plan.plan_outcomes, name="plan_outcomes"),
    path("trajecten/<int:pk>/acties/<int:action_pk>/", followup.action_detail, name="action_detail"),
    path("trajecten/<int:pk>/evaluaties/nieuw/", followup.review_create, name="review_create"),
    path("trajecten/<int:pk>/evaluaties/<int:review_pk>/", followup.review_detail, name="review_detail"),
    # Quality staff: every action plan of the organisation
    path("actieplannen/", plans_overview.plan_list, name="plans_overview"),
    path("actieplannen/pdf/", plans_overview.plans_pdf, name="plans_pdf"),
    path("actieplannen/pdf/maken/", plans_overview.plans_export, name="plans_export"),
    path("actieplannen/acties.csv", plans_overview.actions_csv, name="actions_csv"),
]
