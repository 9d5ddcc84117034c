/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <string.h>

#include "core/pl-kpi.h"
#include "core/pl-survey.h"
#include "core/pl-workspace.h"

#include "pl-kpi-wizard.h"
#include "pl-surveys-page.h"
#include "pl-test-db.h"
#include "pl-test-utils.h"

/* One demo workspace for the run; each test works on its own copy. The
 * demo (src/core/pl-demo.c) has one survey, "After-contact survey", with
 * csat (required), nps, ces and resolved (yes/no), about 6,000 responses,
 * and KPIs computed from csat, nps and ces. */
static char *demo_path;

static PlWorkspace *
open_copy (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *file_name = g_strconcat (name, ".plumbline", NULL);
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), file_name, NULL);
  PlWorkspace *workspace;
  gsize length;

  g_assert_true (g_file_get_contents (demo_path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  workspace = pl_workspace_open (path, &error);
  g_assert_no_error (error);
  return workspace;
}

typedef struct
{
  GtkWindow *window;
  PlSurveysPage *page;
} Fixture;

static void
fixture_open (Fixture     *f,
              PlWorkspace *workspace,
              int          width,
              int          height)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_application (f->window, GTK_APPLICATION (pl_test_application ()));
  f->page = pl_surveys_page_new ();
  g_object_ref (f->page);
  gtk_window_set_default_size (f->window, width, height);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  pl_surveys_page_set_workspace (f->page, workspace);
  pl_test_present (f->window);
  pl_test_wait (200);
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (f->window);
  pl_test_wait (50);
  g_assert_finalize_object (f->page);
}

static const char *
state (Fixture *f)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (f->page), PL_TYPE_SURVEYS_PAGE, "stack"));

  return gtk_stack_get_visible_child_name (stack);
}

static void
screenshots (GtkWidget  *widget,
             const char *name)
{
  g_autofree char *light = g_strdup_printf ("surveys-%s-light", name);
  g_autofree char *dark = g_strdup_printf ("surveys-%s-dark", name);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (200);
  pl_test_screenshot (widget, light);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  pl_test_wait (200);
  pl_test_screenshot (widget, dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (50);
}

static const char *
row_title (GtkListBox *list,
           int         index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  g_assert_nonnull (row);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static const char *
row_subtitle (GtkListBox *list,
              int         index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static GtkListBox *
list (Fixture    *f,
      const char *name)
{
  return GTK_LIST_BOX (pl_surveys_page_get_widget (f->page, name));
}

static GtkWidget *
field (Fixture    *f,
       const char *name)
{
  GtkWidget *widget = pl_surveys_page_get_dialog_field (f->page, name);

  g_assert_nonnull (widget);
  return widget;
}

/* Fills the question dialog (opened by the caller) and saves it. */
static void
fill_dialog (Fixture        *f,
             const char     *text,
             PlQuestionKind  kind,
             guint           scale,
             const char     *choices,
             gboolean        required)
{
  gtk_editable_set_text (GTK_EDITABLE (field (f, "text")), text);
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (f, "kind")), kind);
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (f, "scale")), scale);
  if (choices != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field (f, "choices"))), choices, -1);
  gtk_switch_set_active (GTK_SWITCH (field (f, "required")), required);
}

static void
test_empty_states (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) empty = NULL;
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), "empty-surveys.plumbline", NULL);
  Fixture f;

  fixture_open (&f, NULL, 1200, 800);
  g_assert_cmpstr (state (&f), ==, "no-workspace");
  screenshots (GTK_WIDGET (f.window), "no-workspace-wide");

  empty = pl_workspace_create (path, "Empty", &error);
  g_assert_no_error (error);
  pl_surveys_page_set_workspace (f.page, empty);
  pl_test_wait (100);
  g_assert_cmpstr (state (&f), ==, "list");
  g_assert_null (gtk_list_box_get_row_at_index (list (&f, "survey-list"), 0));

  /* A new survey needs a name: said next to the field, nothing written. */
  g_signal_emit_by_name (pl_surveys_page_get_widget (f.page, "new-name"), "apply");
  g_assert_true (gtk_widget_get_visible (pl_surveys_page_get_widget (f.page, "new-message")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (pl_surveys_page_get_widget (f.page, "new-message"))), ==,
                   "Give the survey a name, such as “After-contact survey”.");
  g_assert_cmpint (pl_test_query_int (empty, "SELECT count(*) FROM surveys"), ==, 0);
  screenshots (GTK_WIDGET (f.window), "empty-wide");

  /* Named: created and open in the designer, with no questions yet. */
  gtk_editable_set_text (GTK_EDITABLE (pl_surveys_page_get_widget (f.page, "new-name")), "Home visit survey");
  g_assert_false (gtk_widget_get_visible (pl_surveys_page_get_widget (f.page, "new-message")));
  g_signal_emit_by_name (pl_surveys_page_get_widget (f.page, "new-name"), "apply");
  pl_test_wait (100);
  g_assert_cmpint (pl_test_query_int (empty, "SELECT count(*) FROM surveys WHERE name = 'Home visit survey'"), ==, 1);
  g_assert_cmpstr (state (&f), ==, "designer");
  g_assert_cmpint (pl_surveys_page_get_survey_id (f.page), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pl_surveys_page_get_widget (f.page, "name"))), ==,
                   "Home visit survey");
  g_assert_null (gtk_list_box_get_row_at_index (list (&f, "question-list"), 0));
  screenshots (GTK_WIDGET (f.window), "new-survey-wide");

  pl_surveys_page_set_workspace (f.page, NULL);
  g_assert_cmpstr (state (&f), ==, "no-workspace");
  fixture_close (&f);
  pl_workspace_close (empty);
}

static void
test_design (void)
{
  g_autoptr(PlWorkspace) ws = open_copy ("design");
  g_autofree char *row = NULL;
  GtkWidget *dialog;
  Fixture f;
  gint64 survey, likert, choice, text, audits;

  fixture_open (&f, ws, 1200, 900);
  g_assert_cmpstr (state (&f), ==, "list");
  g_assert_cmpstr (row_title (list (&f, "survey-list"), 0), ==, "After-contact survey");
  g_assert_nonnull (strstr (row_subtitle (list (&f, "survey-list"), 0), "4 questions · "));

  gtk_editable_set_text (GTK_EDITABLE (pl_surveys_page_get_widget (f.page, "new-name")), "Home visit survey");
  g_signal_emit_by_name (pl_surveys_page_get_widget (f.page, "new-name"), "apply");
  pl_test_wait (50);
  survey = pl_surveys_page_get_survey_id (f.page);
  g_assert_cmpint (survey, ==, pl_test_query_int (ws, "SELECT id FROM surveys WHERE name = 'Home visit survey'"));

  /* CSAT, then a question without words: refused in the dialog. */
  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.add-question", NULL);
  dialog = pl_surveys_page_get_question_dialog (f.page);
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (field (&f, "choices"))) &&
                  gtk_widget_get_mapped (field (&f, "choices")));
  fill_dialog (&f, "How satisfied were you with the visit?", PL_QUESTION_CSAT, 0, NULL, TRUE);
  gtk_widget_activate_action (dialog, "question.save", NULL);
  g_assert_null (pl_surveys_page_get_question_dialog (f.page));
  row = g_strdup_printf ("SELECT code || ' ' || kind || ' ' || scale_min || '-' || scale_max || ' ' || required"
                         " FROM questions WHERE survey_id = %" G_GINT64_FORMAT " AND position = 1", survey);
  g_assert_cmpstr (pl_test_query_text (ws, row), ==, "csat csat 1-5 1");
  g_clear_pointer (&row, g_free);

  audits = pl_test_query_int (ws, "SELECT count(*) FROM audit_log");
  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.add-question", NULL);
  dialog = pl_surveys_page_get_question_dialog (f.page);
  gtk_widget_activate_action (dialog, "question.save", NULL);
  g_assert_nonnull (pl_surveys_page_get_question_dialog (f.page));
  g_assert_true (gtk_widget_get_visible (field (&f, "message")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (field (&f, "message"))), ==,
                   "Type the question as customers will read it.");
  g_assert_cmpint (pl_test_query_int (ws, "SELECT count(*) FROM audit_log"), ==, audits);

  /* Likert 1 to 7 (the fifth scale): the scale row shows, choices do not. */
  fill_dialog (&f, "The engineer explained the work clearly.", PL_QUESTION_LIKERT, 4, NULL, FALSE);
  g_assert_true (gtk_widget_get_visible (field (&f, "scale")));
  pl_test_wait (50);
  screenshots (dialog, "question-dialog-likert");
  gtk_widget_activate_action (dialog, "question.save", NULL);
  likert = pl_test_query_int (ws, "SELECT max (id) FROM questions");
  row = g_strdup_printf ("SELECT code || ' ' || kind || ' ' || scale_min || '-' || scale_max || ' ' || position"
                         " FROM questions WHERE id = %" G_GINT64_FORMAT, likert);
  g_assert_cmpstr (pl_test_query_text (ws, row), ==, "engineer_explained likert 1-7 2");
  g_clear_pointer (&row, g_free);

  /* Single choice with its choices; multiple choice; free text. */
  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.add-question", NULL);
  dialog = pl_surveys_page_get_question_dialog (f.page);
  fill_dialog (&f, "Why did we visit?", PL_QUESTION_SINGLE, 0, "A fault\nA new meter\nA safety check", FALSE);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (field (&f, "choices"), ADW_TYPE_PREFERENCES_GROUP)));
  g_assert_false (gtk_widget_get_visible (field (&f, "scale")));
  screenshots (dialog, "question-dialog-choices");
  gtk_widget_activate_action (dialog, "question.save", NULL);
  choice = pl_test_query_int (ws, "SELECT max (id) FROM questions");
  row = g_strdup_printf ("SELECT kind || '|' || choices FROM questions WHERE id = %" G_GINT64_FORMAT, choice);
  g_assert_cmpstr (pl_test_query_text (ws, row), ==, "single|A fault\nA new meter\nA safety check");
  g_clear_pointer (&row, g_free);

  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.add-question", NULL);
  fill_dialog (&f, "What else did the engineer do?", PL_QUESTION_MULTIPLE, 0, "Tidied up\nExplained the bill\nBooked a return visit", FALSE);
  gtk_widget_activate_action (pl_surveys_page_get_question_dialog (f.page), "question.save", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.add-question", NULL);
  fill_dialog (&f, "Anything else you would like to tell us?", PL_QUESTION_TEXT, 0, NULL, FALSE);
  gtk_widget_activate_action (pl_surveys_page_get_question_dialog (f.page), "question.save", NULL);
  text = pl_test_query_int (ws, "SELECT max (id) FROM questions");
  row = g_strdup_printf ("SELECT group_concat (code || ':' || kind, ' ') FROM (SELECT code, kind FROM questions"
                         " WHERE survey_id = %" G_GINT64_FORMAT " ORDER BY position)", survey);
  g_assert_cmpstr (pl_test_query_text (ws, row), ==,
                   "csat:csat engineer_explained:likert visit:single engineer:multiple anything:text");
  g_clear_pointer (&row, g_free);

  /* The list shows them in order, with kind and scale. */
  pl_test_wait (50);
  g_assert_cmpstr (row_title (list (&f, "question-list"), 1), ==, "2. The engineer explained the work clearly.");
  g_assert_cmpstr (row_subtitle (list (&f, "question-list"), 1), ==, "Likert 1–7 · optional · code engineer_explained");
  g_assert_cmpstr (row_subtitle (list (&f, "question-list"), 2), ==, "Single choice · 3 choices · optional · code visit");

  /* The text question first, then the Likert one down a place. */
  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.move-question", "(xi)", text, -4);
  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.move-question", "(xi)", likert, 1);
  g_assert_cmpstr (pl_test_query_text (ws, row = g_strdup_printf ("SELECT group_concat (code, ' ') FROM (SELECT code FROM questions"
                                                                  " WHERE survey_id = %" G_GINT64_FORMAT " ORDER BY position)", survey)),
                   ==, "anything csat visit engineer_explained engineer");
  g_clear_pointer (&row, g_free);
  g_assert_cmpstr (row_title (list (&f, "question-list"), 0), ==, "1. Anything else you would like to tell us?");
  /* The moved question stays selected and focused, for Alt+Up/Down again. */
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list (&f, "question-list"))), ==, 3);

  /* Unanswered: removed; the rest renumbered. */
  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.remove-question", "x", text);
  row = g_strdup_printf ("SELECT group_concat (code || position, ' ') FROM (SELECT code, position FROM questions"
                         " WHERE survey_id = %" G_GINT64_FORMAT " ORDER BY position)", survey);
  g_assert_cmpstr (pl_test_query_text (ws, row), ==, "csat1 visit2 engineer_explained3 engineer4");
  g_clear_pointer (&row, g_free);

  pl_test_wait (100);
  screenshots (GTK_WIDGET (f.window), "designer-wide");
  gtk_window_set_default_size (f.window, 400, 900);
  pl_test_wait (300);
  screenshots (GTK_WIDGET (f.window), "designer-narrow");

  /* Renamed; then archived, and out of the response form's choices. */
  gtk_editable_set_text (GTK_EDITABLE (pl_surveys_page_get_widget (f.page, "name")), "After-contact survey");
  g_signal_emit_by_name (pl_surveys_page_get_widget (f.page, "name"), "apply");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (pl_surveys_page_get_widget (f.page, "details-message"))), ==,
                   "Another survey is already called “After-contact survey”; choose another name.");
  gtk_editable_set_text (GTK_EDITABLE (pl_surveys_page_get_widget (f.page, "name")), "Home visits");
  g_signal_emit_by_name (pl_surveys_page_get_widget (f.page, "name"), "apply");
  g_assert_false (gtk_widget_get_visible (pl_surveys_page_get_widget (f.page, "details-message")));
  row = g_strdup_printf ("SELECT name FROM surveys WHERE id = %" G_GINT64_FORMAT, survey);
  g_assert_cmpstr (pl_test_query_text (ws, row), ==, "Home visits");
  g_clear_pointer (&row, g_free);

  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.archive", NULL);
  row = g_strdup_printf ("SELECT archived FROM surveys WHERE id = %" G_GINT64_FORMAT, survey);
  g_assert_cmpint (pl_test_query_int (ws, row), ==, 1);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (pl_surveys_page_get_widget (f.page, "archive"))),
                   ==, "surveys.restore");
  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.back", NULL);
  pl_test_wait (50);
  g_assert_cmpstr (state (&f), ==, "list");
  /* Archived ones last. */
  g_assert_cmpstr (row_title (list (&f, "survey-list"), 1), ==, "Home visits");
  g_assert_nonnull (strstr (row_subtitle (list (&f, "survey-list"), 1), "4 questions · 0 responses · archived"));
  screenshots (GTK_WIDGET (f.window), "list-narrow");

  fixture_close (&f);
  pl_workspace_close (ws);
}

static gboolean
has_fifth_row (gpointer list)
{
  return gtk_list_box_get_row_at_index (list, 4) != NULL;
}

static void
test_answered (void)
{
  g_autoptr(PlWorkspace) ws = open_copy ("answered");
  g_autoptr(GError) error = NULL;
  PlQuestionSpec spec = { NULL, "The adviser understood what I needed.", PL_QUESTION_LIKERT, 1, 5, NULL, FALSE };
  GtkWidget *dialog, *wizard;
  Fixture f;
  gint64 likert;

  fixture_open (&f, ws, 1200, 900);
  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.open", "x", (gint64) 1);
  pl_test_wait (50);
  g_assert_cmpstr (state (&f), ==, "designer");

  /* The CSAT question feeds the CSAT KPI; no button to make another. */
  g_assert_cmpstr (row_subtitle (list (&f, "question-list"), 0), ==,
                   "CSAT 1–5 · required · code csat\nFeeds KPI: Customer satisfaction (CSAT)");
  screenshots (GTK_WIDGET (f.window), "designer-demo-wide");

  /* Answered: kind and scale are fixed, the words are not. */
  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.edit-question", "x", (gint64) 1);
  dialog = pl_surveys_page_get_question_dialog (f.page);
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_sensitive (field (&f, "kind")));
  g_assert_true (gtk_widget_get_visible (field (&f, "note")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (field (&f, "note"))), "This question has "));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (&f, "code"))), ==, "csat");
  screenshots (dialog, "question-dialog-answered");
  gtk_editable_set_text (GTK_EDITABLE (field (&f, "text")), "How satisfied were you today?");
  gtk_switch_set_active (GTK_SWITCH (field (&f, "required")), FALSE);
  gtk_widget_activate_action (dialog, "question.save", NULL);
  g_assert_null (pl_surveys_page_get_question_dialog (f.page));
  g_assert_cmpstr (pl_test_query_text (ws, "SELECT text || '|' || required FROM questions WHERE id = 1"), ==,
                   "How satisfied were you today?|0");

  /* Removing it is refused: it stays. */
  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.remove-question", "x", (gint64) 1);
  g_assert_cmpint (pl_test_query_int (ws, "SELECT count(*) FROM questions WHERE id = 1"), ==, 1);

  /* A new Likert question: "Make a KPI…" opens the wizard on it. */
  likert = pl_survey_add_question (ws, 1, &spec, &error);
  g_assert_no_error (error);
  /* The page reloads once the workspace says it changed: on a busy
   * machine that can take longer than a moment. */
  g_assert_true (pl_test_wait_until (has_fifth_row, list (&f, "question-list"), 5000));
  g_assert_cmpstr (row_title (list (&f, "question-list"), 4), ==, "5. The adviser understood what I needed.");
  gtk_widget_activate_action (GTK_WIDGET (f.page), "surveys.make-kpi", "x", likert);
  wizard = pl_surveys_page_get_kpi_wizard (f.page);
  g_assert_nonnull (wizard);
  g_assert_nonnull (pl_kpi_wizard_get_kpi (PL_KPI_WIZARD (wizard)));
  g_assert_cmpint (pl_kpi_get_question_id (pl_kpi_wizard_get_kpi (PL_KPI_WIZARD (wizard))), ==, likert);
  gtk_window_destroy (GTK_WINDOW (wizard));
  pl_test_wait (50);
  g_assert_null (pl_surveys_page_get_kpi_wizard (f.page));

  fixture_close (&f);
  pl_workspace_close (ws);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlWorkspace) demo = NULL;
  int status;

  pl_test_init (&argc, &argv);

  demo = pl_test_make_demo (pl_test_tmp_dir ());
  demo_path = g_strdup (pl_workspace_get_path (demo));
  pl_workspace_close (demo);

  g_test_add_func ("/app/surveys/empty-states", test_empty_states);
  g_test_add_func ("/app/surveys/design", test_design);
  g_test_add_func ("/app/surveys/answered", test_answered);

  status = g_test_run ();
  g_free (demo_path);
  return status;
}
