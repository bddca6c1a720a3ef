"""What a notification says: one plain sentence per kind (B1) and its pictogram.

Only the title (of a trajectory or a download) goes into the sentence, never care content: the
same sentence is the e-mail's text.
"""

from django.utils.translation import gettext_lazy as _

from trajectories.models import NotificationKind

SENTENCES = {
    NotificationKind.ACTION_OVERDUE: _("An action in “%(title)s” is past its date."),
    NotificationKind.ACTION_DUE_SOON: _("An action in “%(title)s” must be done within a week."),
    NotificationKind.ACTION_DUE_TODAY: _("An action in “%(title)s” must be done today."),
    NotificationKind.REVIEW_SOON: _("In a week you look back on an action in “%(title)s”."),
    NotificationKind.REVIEW_TODAY: _("Today you look back on an action in “%(title)s”."),
    NotificationKind.SIGNOFF_WAITING: _("The action plan of “%(title)s” waits for your yes."),
    NotificationKind.SUMMARY_SHARED: _("Staff shared their summary with you in “%(title)s”."),
    NotificationKind.AGENDA_SHARED: _("Clients shared points of their agenda with you in “%(title)s”."),
    NotificationKind.STEP_MOVED: _("“%(title)s” moved to another step."),
    NotificationKind.SESSION_TOMORROW: _("Tomorrow there is a session of “%(title)s”."),
    NotificationKind.INVITATION: _("You take part in “%(title)s” now."),
    NotificationKind.EXPORT_READY: _("Your download “%(title)s” is ready."),
    NotificationKind.EXPORT_FAILED: _("Your download “%(title)s” could not be made."),
}

# Pictograms (static/icons/ui/): what kind of news it is, at a glance.
PICTOGRAMS = {
    NotificationKind.ACTION_OVERDUE: "ui/clock.svg",
    NotificationKind.ACTION_DUE_SOON: "ui/clock.svg",
    NotificationKind.ACTION_DUE_TODAY: "ui/clock.svg",
    NotificationKind.REVIEW_SOON: "ui/calendar.svg",
    NotificationKind.REVIEW_TODAY: "ui/calendar.svg",
    NotificationKind.SIGNOFF_WAITING: "ui/check.svg",
    NotificationKind.SUMMARY_SHARED: "themes/social.svg",
    NotificationKind.AGENDA_SHARED: "themes/social.svg",
    NotificationKind.STEP_MOVED: "ui/bell.svg",
    NotificationKind.SESSION_TOMORROW: "ui/calendar.svg",
    NotificationKind.INVITATION: "ui/bell.svg",
    NotificationKind.EXPORT_READY: "ui/download.svg",
    NotificationKind.EXPORT_FAILED: "ui/bell.svg",
}


def notification_sentence(kind: str, title: str) -> str:
    return str(SENTENCES[kind]) % {"title": title}
