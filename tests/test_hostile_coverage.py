"""Every form of the project has a hostile-input test.

The forms are sent hostile input by the harness of ``tests/hostile.py``, each from the
``test_hostile_input.py`` of its area (a spec in the ``SPECS`` of one of its test classes), or by
a dedicated test. ``test_every_form_in_the_project_has_a_hostile_input_test`` fails for a new
form until it has one and an entry in ``COVERAGE``.
"""

import importlib
import pkgutil

from django.forms import BaseForm

from matrix.forms import (
    AssessmentForm,
    GroupForm,
    OverviewFilterForm,
    ProjectCreateForm,
    ProjectForm,
    ProjectMemberForm,
)
from partner.accounts.forms import AddDeviceForm, LoginForm, TwoFactorCodeForm
from trajectories.core.forms import (
    ActionForm,
    AgendaItemForm,
    DialogueForm,
    FacilitatorTopicForm,
    MeetingForm,
    MembershipAddForm,
    StaffReflectionForm,
    StaffSummaryForm,
    StepMoveForm,
    TopicEditForm,
    TopicForm,
    TrajectoryForm,
)
from trajectories.live import forms as live_forms
from trajectories.notify.forms import CalendarAddressForm, EmailFrequencyForm
from trajectories.people.forms import (
    AccountImportForm,
    CardSignInForm,
    InvitationAcceptForm,
    InvitationForm,
    LocationForm,
    LoginCardIssueForm,
    RoleForm,
    TrajectoryInvitationForm,
)
from trajectories.plan.forms import ActionFilterForm, ProgressForm, ReviewForm
from trajectories.privacy.forms import ConsentForm
from trajectories.toolkit.forms import (
    EvaluationReportForm,
    GoalEvaluateForm,
    GoalForm,
    LessonFilterForm,
    LessonForm,
    MethodFilterForm,
    MethodForm,
    NewTrajectoryForm,
    TailorForm,
    TemplateSaveForm,
)

ACCOUNTS = "tests/partner/accounts/test_hostile_input.py"
PEOPLE = "tests/trajectories/people/test_hostile_input.py"
CORE = "tests/trajectories/core/test_hostile_input.py"
PLAN = "tests/trajectories/plan/test_hostile_input.py"
LIVE = "tests/trajectories/live/test_hostile_input.py"
TOOLKIT = "tests/trajectories/toolkit/test_hostile_input.py"
PRIVACY = "tests/trajectories/privacy/test_hostile_input.py"
NOTIFY = "tests/trajectories/notify/test_hostile_input.py"
MATRIX = "tests/matrix/test_hostile_input.py"
TEXT_FORMS = "TestTextForms"  # the class whose hostile tests run every spec of its SPECS
OTHER_FORMS = "TestOtherForms"

# Form -> where hostile input is sent to it, as ``file::class::name``: the name of a spec in the
# ``SPECS`` of that test class (every hostile test of the class runs through them), or
# ``file::test_name`` / ``file::class::test_name`` for a dedicated test.
COVERAGE = {
    # trajectories.people.forms
    InvitationForm: (f"{PEOPLE}::{OTHER_FORMS}::admin_invitation",),
    TrajectoryInvitationForm: (f"{PEOPLE}::{OTHER_FORMS}::trajectory_invitation",),
    InvitationAcceptForm: (f"{PEOPLE}::{OTHER_FORMS}::invitation_accept",),
    CardSignInForm: (f"{PEOPLE}::{OTHER_FORMS}::card_sign_in", f"{PEOPLE}::test_random_pins_never_break_the_card_page"),
    LoginCardIssueForm: (f"{PEOPLE}::test_hostile_pins_for_a_new_card_are_refused_and_make_no_card",),
    RoleForm: (f"{PEOPLE}::{OTHER_FORMS}::admin_role",),
    LocationForm: (f"{PEOPLE}::{OTHER_FORMS}::admin_location",),
    AccountImportForm: (f"{PEOPLE}::test_hostile_csv_files_never_break_the_import",),
    # partner.accounts.forms
    LoginForm: (f"{ACCOUNTS}::{OTHER_FORMS}::login",),
    TwoFactorCodeForm: (f"{ACCOUNTS}::{OTHER_FORMS}::two_factor_verify",),
    AddDeviceForm: (f"{ACCOUNTS}::{OTHER_FORMS}::two_factor_setup",),
    # trajectories.core.forms
    ActionForm: (f"{CORE}::{TEXT_FORMS}::action_create", f"{CORE}::{TEXT_FORMS}::action_edit"),
    AgendaItemForm: (f"{CORE}::{TEXT_FORMS}::agenda_item_create", f"{CORE}::{TEXT_FORMS}::agenda_item_edit"),
    DialogueForm: (f"{CORE}::{TEXT_FORMS}::dialogue_edit",),
    FacilitatorTopicForm: (f"{CORE}::{TEXT_FORMS}::topic_create_by_facilitator",),
    MeetingForm: (f"{CORE}::{TEXT_FORMS}::meeting_create", f"{CORE}::{TEXT_FORMS}::meeting_edit"),
    MembershipAddForm: (f"{CORE}::{OTHER_FORMS}::member_add",),
    StaffReflectionForm: (f"{CORE}::{TEXT_FORMS}::staff_reflection_create",),
    StaffSummaryForm: (f"{CORE}::{TEXT_FORMS}::staff_summary",),
    StepMoveForm: (f"{CORE}::{OTHER_FORMS}::step_back", f"{CORE}::{OTHER_FORMS}::step_skip"),
    TopicEditForm: (f"{CORE}::{TEXT_FORMS}::topic_edit",),
    TopicForm: (f"{CORE}::{TEXT_FORMS}::topic_create_by_client",),
    TrajectoryForm: (f"{CORE}::{TEXT_FORMS}::trajectory_create", f"{CORE}::{TEXT_FORMS}::trajectory_edit"),
    # trajectories.plan.forms
    ActionFilterForm: (f"{PLAN}::{OTHER_FORMS}::action_filter",
                       "tests/trajectories/plan/test_plans_overview.py::test_hostile_filters_are_form_errors"),
    ProgressForm: (f"{PLAN}::{TEXT_FORMS}::action_progress",
                   "tests/trajectories/plan/test_followup.py::TestActionDetail::test_hostile_text_never_breaks_the_page"),
    ReviewForm: (f"{PLAN}::{OTHER_FORMS}::review_create",
                 "tests/trajectories/plan/test_followup.py::TestReviewViews::test_hostile_text_never_breaks_the_review"),
    # trajectories.live.forms
    live_forms.ClientTopicForm: (f"{LIVE}::{TEXT_FORMS}::live_topic_by_client",),
    # DotsFields, through its two subclasses.
    live_forms.DotsFields: (f"{LIVE}::{OTHER_FORMS}::live_voting_open", f"{LIVE}::{OTHER_FORMS}::live_session_open"),
    live_forms.FocusForm: (f"{LIVE}::{OTHER_FORMS}::live_focus",),
    live_forms.JoinCodeForm: ("tests/trajectories/live/test_views.py::test_hostile_codes_and_names_never_break_joining",),
    live_forms.JoinNameForm: ("tests/trajectories/live/test_views.py::test_hostile_codes_and_names_never_break_joining",),
    live_forms.LiveSessionOpenForm: (f"{LIVE}::{OTHER_FORMS}::live_session_open",
                          "tests/trajectories/live/test_views.py::test_a_hostile_session_title_is_shown_as_text"),
    live_forms.MergeForm: (f"{LIVE}::{OTHER_FORMS}::live_merge",),
    live_forms.OnBehalfTopicForm: (f"{LIVE}::{TEXT_FORMS}::live_topic_on_behalf",),
    live_forms.OnBehalfVoteForm: (f"{LIVE}::{OTHER_FORMS}::live_vote_on_behalf",),
    live_forms.TimerForm: (f"{LIVE}::{OTHER_FORMS}::live_timer",),
    live_forms.VotingForm: (f"{LIVE}::{OTHER_FORMS}::live_voting_open",),
    # trajectories.toolkit.forms
    EvaluationReportForm: (f"{TOOLKIT}::{TEXT_FORMS}::report_edit",),
    GoalEvaluateForm: (f"{TOOLKIT}::{OTHER_FORMS}::goal_evaluate",),
    GoalForm: (f"{TOOLKIT}::{TEXT_FORMS}::goal",),
    LessonFilterForm: (f"{TOOLKIT}::{OTHER_FORMS}::lesson_filter",),
    LessonForm: (
        "tests/trajectories/toolkit/test_views.py::test_hostile_lesson_texts_never_break_and_markup_stays_text",
    ),
    MethodFilterForm: (f"{TOOLKIT}::{OTHER_FORMS}::method_filter",
                       "tests/trajectories/toolkit/test_views.py::TestLibraryPages::test_filters_never_break_the_page"),
    MethodForm: (f"{TOOLKIT}::{TEXT_FORMS}::method_create",),
    NewTrajectoryForm: (f"{TOOLKIT}::{OTHER_FORMS}::trajectory_from_template",
                        f"{TOOLKIT}::{OTHER_FORMS}::trajectory_copy"),
    TailorForm: (f"{TOOLKIT}::{TEXT_FORMS}::tailor",),
    TemplateSaveForm: (f"{TOOLKIT}::{TEXT_FORMS}::save_as_template",),
    # trajectories.privacy.forms
    EmailFrequencyForm: (f"{NOTIFY}::{OTHER_FORMS}::email_frequency",),
    CalendarAddressForm: (f"{NOTIFY}::{OTHER_FORMS}::calendar_address",),
    ConsentForm: (f"{PRIVACY}::{OTHER_FORMS}::consent_by_facilitator", f"{PRIVACY}::{OTHER_FORMS}::consent_by_client"),
    # matrix.forms
    AssessmentForm: (f"{MATRIX}::{TEXT_FORMS}::assessment_create",),
    GroupForm: (f"{MATRIX}::{TEXT_FORMS}::group_add",),
    OverviewFilterForm: (f"{MATRIX}::{OTHER_FORMS}::matrix_overview_filter",
                         "tests/matrix/test_views.py::TestOverview::test_hostile_filters_are_form_errors"),
    ProjectCreateForm: (f"{MATRIX}::{TEXT_FORMS}::project_create",),
    ProjectForm: (f"{MATRIX}::{TEXT_FORMS}::project_edit",),
    ProjectMemberForm: (f"{MATRIX}::{TEXT_FORMS}::member_add",),
}

FORM_MODULES = (
    "partner.accounts.forms",
    "trajectories.core.forms",
    "trajectories.plan.forms",
    "trajectories.live.forms",
    "trajectories.toolkit.forms",
    "trajectories.privacy.forms",
    "matrix.forms",
)
PROJECT_PACKAGES = ("partner", "trajectories", "matrix")


def project_modules() -> set[str]:
    """The modules above, and every other module of the project's packages (a form may live anywhere)."""
    names = set(FORM_MODULES)
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if ".migrations" not in info.name and info.name != "partner.wsgi":
                names.add(info.name)
    return names


def project_forms() -> set[type]:
    forms = set()
    for name in project_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseForm) and value.__module__ == name:
                forms.add(value)
    return forms


def test_every_form_in_the_project_has_a_hostile_input_test():
    forms = project_forms()
    missing = sorted(f"{form.__module__}.{form.__qualname__}" for form in forms if form not in COVERAGE)
    assert not missing, (
        "These forms have no hostile-input test. Add a spec for it to the SPECS of a test class in the "
        "test_hostile_input.py of its area (see tests/hostile.py), or write a dedicated test, "
        f"then list it in COVERAGE: {missing}"
    )
    gone = sorted(form.__qualname__ for form in COVERAGE if form not in forms)
    assert not gone, f"COVERAGE lists forms that are no longer in the project: {gone}"


def covers(place: str) -> bool:
    """Whether ``file::[class::]name`` names a spec of that class's hostile tests, or a test there."""
    path, *owners, name = place.split("::")
    owner = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    for owner_name in owners:
        owner = getattr(owner, owner_name, None)
    if owner is None:
        return False
    if name in [spec.name for spec in getattr(owner, "SPECS", [])]:
        return True
    return name.startswith("test_") and callable(getattr(owner, name, None))


def test_every_coverage_entry_points_at_a_real_test():
    wrong = [f"{form.__qualname__}: {place}" for form, places in COVERAGE.items() for place in places
             if not covers(place)]
    assert all(COVERAGE.values()) and not wrong, f"COVERAGE names tests that do not exist: {wrong}"
