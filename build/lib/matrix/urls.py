from django.urls import path, register_converter

from matrix.converters import AssessmentKindConverter
from matrix.views import assessments, overview, projects

register_converter(AssessmentKindConverter, "assessment_kind")

app_name = "matrix"

urlpatterns = [
    path("", projects.project_list, name="project_list"),
    path("nieuw/", projects.project_create, name="project_create"),
    path("overzicht/", overview.overview, name="overview"),
    path("overzicht/export.csv", overview.overview_csv, name="overview_csv"),
    path("<int:pk>/", projects.project_detail, name="project_detail"),
    path("<int:pk>/bewerken/", projects.project_edit, name="project_edit"),
    path("<int:pk>/groepen/", projects.group_list, name="groups"),
    path("<int:pk>/groepen/<int:group_pk>/verwijderen/", projects.group_remove, name="group_remove"),
    path("<int:pk>/mensen/", projects.member_list, name="members"),
    path("<int:pk>/mensen/<int:member_pk>/verwijderen/", projects.member_remove, name="member_remove"),
    path("<int:pk>/verloop/", assessments.project_history, name="history"),
    path("<int:pk>/export.csv", assessments.project_csv, name="project_csv"),
    path("<int:pk>/metingen/nieuw/<assessment_kind:kind>/", assessments.assessment_create, name="assessment_create"),
    path("<int:pk>/metingen/<int:assessment_pk>/", assessments.assessment_detail, name="assessment_detail"),
    path("<int:pk>/metingen/<int:assessment_pk>/afdrukken/", assessments.assessment_print, name="assessment_print"),
    path("<int:pk>/metingen/<int:assessment_pk>/pdf/", assessments.assessment_pdf, name="assessment_pdf"),
]
