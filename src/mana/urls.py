from django.urls import path

from mana.views import assessments, collections, instruments, needs, participants, reports, responses

app_name = "mana"

urlpatterns = [
    path("", assessments.index, name="index"),
    path("assessments/new/", assessments.assessment_create, name="assessment-add"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/edit/", assessments.assessment_update, name="assessment-edit"),
    path("assessments/<int:pk>/transition/", assessments.assessment_transition, name="assessment-transition"),
    path("assessments/<int:pk>/participants/", participants.participant_list, name="participant-list"),
    path("assessments/<int:pk>/participants/new/", participants.participant_create, name="participant-add"),
    path(
        "assessments/<int:pk>/participants/export.<str:fmt>", participants.participant_export, name="participant-export"
    ),
    path("participants/<int:pk>/edit/", participants.participant_update, name="participant-edit"),
    path("participants/<int:pk>/delete/", participants.participant_delete, name="participant-delete"),
    path("assessments/<int:pk>/instruments/new/", instruments.instrument_create, name="instrument-add"),
    path("instruments/<int:pk>/", instruments.instrument_detail, name="instrument-detail"),
    path("instruments/<int:pk>/new-draft/", instruments.instrument_new_draft, name="instrument-new-draft"),
    path("versions/<int:pk>/sections/new/", instruments.section_create, name="section-add"),
    path("versions/<int:pk>/questions/new/", instruments.question_create, name="question-add"),
    path("versions/<int:pk>/publish/", instruments.version_publish, name="version-publish"),
    path("questions/<int:pk>/edit/", instruments.question_update, name="question-edit"),
    path("questions/<int:pk>/delete/", instruments.question_delete, name="question-delete"),
    path("assessments/<int:pk>/sessions/new/", instruments.session_create, name="session-add"),
    path("sessions/", collections.session_list, name="session-list"),
    path("sessions/<int:pk>/", responses.session_detail, name="session-detail"),
    path("sessions/<int:pk>/open/", instruments.session_open, name="session-open"),
    path("sessions/<int:pk>/close/", instruments.session_close, name="session-close"),
    path("sessions/<int:pk>/respond/", responses.response_create, name="response-add"),
    path("responses/", collections.response_index, name="response-index"),
    path("responses/new/", collections.response_new, name="response-new"),
    path("responses/<int:pk>/", responses.response_edit, name="response-edit"),
    path("assessments/<int:pk>/responses/", responses.response_list, name="response-list"),
    path("assessments/<int:pk>/analysis/", reports.analysis, name="analysis"),
    path("assessments/<int:pk>/report.pdf", reports.report_pdf, name="report-pdf"),
    path("assessments/<int:pk>/report.xlsx", reports.report_xlsx, name="report-xlsx"),
    path("needs/", needs.need_list, name="need-list"),
    path("needs/board/", needs.need_board, name="need-board"),
    path("needs/choices/", needs.need_choices, name="need-choices"),
    path("needs/new/", needs.need_create, name="need-add"),
    path("needs/<int:pk>/", needs.need_detail, name="need-detail"),
    path("needs/<int:pk>/edit/", needs.need_update, name="need-edit"),
    path("needs/<int:pk>/transition/", needs.need_transition, name="need-transition"),
    path("needs/<int:pk>/vote/", needs.need_vote, name="need-vote"),
]
