from django.urls import path

from mana.views import assessments, collections, instruments, needs, participants, reports, responses

app_name = "mana"

urlpatterns = [
    path("", assessments.index, name="index"),
    path("assessments/new/", assessments.assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", assessments.assessment_update, name="assessment_update"),
    path("assessments/<int:pk>/transition/", assessments.assessment_transition, name="assessment_transition"),
    path("assessments/<int:pk>/participants/", participants.participant_list, name="participant_list"),
    path("assessments/<int:pk>/participants/new/", participants.participant_create, name="participant_create"),
    path(
        "assessments/<int:pk>/participants/export.<str:fmt>", participants.participant_export, name="participant_export"
    ),
    path("participants/<int:pk>/edit/", participants.participant_update, name="participant_update"),
    path("participants/<int:pk>/delete/", participants.participant_delete, name="participant_delete"),
    path("assessments/<int:pk>/instruments/new/", instruments.instrument_create, name="instrument_create"),
    path("instruments/<int:pk>/", instruments.instrument_detail, name="instrument_detail"),
    path("instruments/<int:pk>/new-draft/", instruments.instrument_new_draft, name="instrument_new_draft"),
    path("versions/<int:pk>/sections/new/", instruments.section_create, name="section_create"),
    path("versions/<int:pk>/questions/new/", instruments.question_create, name="question_create"),
    path("versions/<int:pk>/publish/", instruments.version_publish, name="version_publish"),
    path("questions/<int:pk>/edit/", instruments.question_update, name="question_update"),
    path("questions/<int:pk>/delete/", instruments.question_delete, name="question_delete"),
    path("assessments/<int:pk>/sessions/new/", instruments.session_create, name="session_create"),
    path("sessions/", collections.session_list, name="session_list"),
    path("sessions/<int:pk>/", responses.session_detail, name="session_detail"),
    path("sessions/<int:pk>/open/", instruments.session_open, name="session_open"),
    path("sessions/<int:pk>/close/", instruments.session_close, name="session_close"),
    path("sessions/<int:pk>/respond/", responses.response_create, name="response_create"),
    path("responses/", collections.response_index, name="response_index"),
    path("responses/new/", collections.response_new, name="response_new"),
    path("responses/<int:pk>/", responses.response_edit, name="response_edit"),
    path("assessments/<int:pk>/responses/", responses.response_list, name="response_list"),
    path("assessments/<int:pk>/analysis/", reports.analysis, name="analysis"),
    path("assessments/<int:pk>/report.pdf", reports.report_pdf, name="report_pdf"),
    path("assessments/<int:pk>/report.xlsx", reports.report_xlsx, name="report_xlsx"),
    path("needs/", needs.need_list, name="need_list"),
    path("needs/board/", needs.need_board, name="need_board"),
    path("needs/new/", needs.need_create, name="need_create"),
    path("needs/<int:pk>/", needs.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", needs.need_update, name="need_update"),
    path("needs/<int:pk>/transition/", needs.need_transition, name="need_transition"),
    path("needs/<int:pk>/vote/", needs.need_vote, name="need_vote"),
]
