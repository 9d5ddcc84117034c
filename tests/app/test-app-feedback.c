/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <string.h>

#include "core/pl-util.h"

#include "pl-feedback-page.h"
#include "pl-test-db.h"
#include "pl-test-utils.h"

/* One demo workspace (src/core/pl-demo.c: twelve colleagues, 600 scored
 * observations on the contact quality scorecard) for the run; each test
 * works on its own copy. */
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

static gpointer
child (PlFeedbackPage *page,
       const char     *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_FEEDBACK_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_state (PlFeedbackPage *page)
{
  return gtk_stack_get_visible_child_name (child (page, "stack"));
}

static GtkWindow *
make_window (PlFeedbackPage *page,
             int             width,
             int             height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  g_object_ref (window);
  gtk_window_set_application (window, GTK_APPLICATION (pl_test_application ()));
  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, GTK_WIDGET (page));
  pl_test_present (window);
  pl_test_wait (200);
  return window;
}

static void
destroy_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  pl_test_wait (50);
  g_assert_finalize_object (window);
}

static void
screenshots (GtkWindow  *window,
             const char *what)
{
  static const struct { int width; const char *name; } sizes[] = { { 1200, "wide" }, { 400, "narrow" } };

  pl_test_wait (300);   /* the stack's crossfade */
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      gtk_window_set_default_size (window, sizes[s].width, 900);
      for (int dark = 0; dark <= 1; dark++)
        {
          g_autofree char *name = g_strdup_printf ("feedback-%s-%s-%s", what, dark ? "dark" : "light",
                                                   sizes[s].name);

          adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                              dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
          pl_test_wait (250);
          pl_test_screenshot (GTK_WIDGET (window), name);
        }
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (window, 1200, 900);
  pl_test_wait (150);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
      found = find_descendant (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static void
set_text_view (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static gint64
count (PlWorkspace *workspace,
       const char  *sql)
{
  return pl_test_query_int (workspace, sql);
}

/* Colleague 1 (C01, Customer Care) with its two newest observations
 * selected by clicking their check boxes. */
static void
select_two (PlFeedbackPage *page)
{
  GtkListBox *list = child (page, "observations_list");

  gtk_widget_activate_action (GTK_WIDGET (page), "feedback.select-colleague", "x", (gint64) 1);
  pl_test_wait (50);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.give", NULL) &&
                  g_strcmp0 (visible_state (page), "form") == 0);
  for (int i = 0; i < 2; i++)
    {
      GtkWidget *check = find_descendant (GTK_WIDGET (gtk_list_box_get_row_at_index (list, i)),
                                          GTK_TYPE_CHECK_BUTTON);

      g_assert_nonnull (check);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    }
}

static void
test_empty (void)
{
  PlFeedbackPage *page = pl_feedback_page_new ();
  GtkWindow *window = make_window (page, 1200, 700);

  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  pl_test_screenshot (GTK_WIDGET (window), "feedback-no-workspace-light-wide");
  destroy_window (window);
}

static void
test_give_feedback (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("give");
  PlFeedbackPage *page = pl_feedback_page_new ();
  GtkWindow *window = make_window (page, 1200, 900);
  g_autofree char *today = pl_today_iso ();
  g_autofree char *sql = NULL;
  GtkListBox *actions;
  GtkWidget *row;
  gint64 n_observations, feedback_id, action_id;

  pl_feedback_page_set_workspace (page, workspace);
  pl_test_wait (100);
  g_assert_cmpstr (visible_state (page), ==, "main");

  select_two (page);
  n_observations = count (workspace, "SELECT count (*) FROM observations WHERE colleague_id = 1"
                                     " AND trashed_at IS NULL AND mode <> 'calibration'");
  g_assert_cmpint (n_observations, >, 10);
  g_assert_cmpuint (count_rows (child (page, "observations_list")), ==, n_observations);
  g_assert_cmpuint (count_rows (child (page, "history_list")), ==, 0);
  g_assert_true (gtk_widget_get_visible (child (page, "history_empty_label")));
  screenshots (window, "colleague");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.give", NULL));
  g_assert_cmpstr (visible_state (page), ==, "form");
  g_assert_cmpuint (count_rows (child (page, "form_observations_list")), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (child (page, "held_on_row")), ==, today);

  gtk_editable_set_text (child (page, "given_by_row"), "Mira Okafor");
  set_text_view (child (page, "strengths_view"), "Warm greeting; explained the tariff change clearly.");
  set_text_view (child (page, "improvements_view"), "Confirm what happens next before closing.");
  set_text_view (child (page, "comments_view"), "Agreed; I will use the close-out script.");
  gtk_widget_activate_action (GTK_WIDGET (page), "feedback.add-action", NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "feedback.add-action", NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "feedback.add-action", NULL);
  actions = child (page, "form_actions_list");
  g_assert_cmpuint (count_rows (actions), ==, 3);

  row = GTK_WIDGET (gtk_list_box_get_row_at_index (actions, 0));
  gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "text"), "Use the close-out script on every call");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "due"), "2020-01-01");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (actions, 1));
  gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "text"), "Listen back to two calls with Mira");
  /* The third is removed again. */
  gtk_widget_activate_action (GTK_WIDGET (page), "feedback.remove-action", "u", 2);
  g_assert_cmpuint (count_rows (actions), ==, 2);

  /* A due date before the session: refused next to the form, nothing written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.save", NULL));
  g_assert_cmpstr (visible_state (page), ==, "form");
  g_assert_true (gtk_widget_get_visible (child (page, "form_error_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "form_error_label")),
                            "Agreed action 1: An action cannot be due before the session"));
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM feedback_sessions"), ==, 0);
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM feedback_actions"), ==, 0);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (actions, 0));
  g_assert_true (gtk_widget_has_css_class (g_object_get_data (G_OBJECT (row), "due"), "error"));
  g_assert_true (gtk_widget_has_focus (g_object_get_data (G_OBJECT (row), "due")) ||
                 gtk_widget_is_focus (g_object_get_data (G_OBJECT (row), "due")) ||
                 gtk_widget_get_focus_child (g_object_get_data (G_OBJECT (row), "due")) != NULL);
  screenshots (window, "form-error");

  row = GTK_WIDGET (gtk_list_box_get_row_at_index (actions, 0));
  gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "due"), "2099-12-31");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.save", NULL));
  g_assert_cmpstr (visible_state (page), ==, "main");

  g_assert_cmpint (count (workspace, "SELECT count (*) FROM feedback_sessions WHERE colleague_id = 1"
                                     " AND given_by = 'Mira Okafor' AND acknowledged_on IS NULL AND disagrees = 0"
                                     " AND colleague_comments = 'Agreed; I will use the close-out script.'"), ==, 1);
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM feedback_observations fo"
                                     " JOIN observations o ON o.id = fo.observation_id"
                                     " WHERE o.colleague_id = 1"), ==, 2);
  /* The two newest of colleague 1's observations. */
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM feedback_observations WHERE observation_id IN"
                                     " (SELECT id FROM observations WHERE colleague_id = 1 AND trashed_at IS NULL"
                                     "   AND mode <> 'calibration' ORDER BY observed_on DESC, id DESC LIMIT 2)"), ==, 2);
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM feedback_actions WHERE position = 0"
                                     " AND action = 'Use the close-out script on every call' AND due_on = '2099-12-31'"), ==, 1);
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM feedback_actions WHERE position = 1 AND due_on IS NULL"), ==, 1);
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM feedback_actions"), ==, 2);

  g_assert_cmpuint (count_rows (child (page, "history_list")), ==, 1);
  g_assert_cmpuint (count_rows (child (page, "actions_list")), ==, 2);
  screenshots (window, "history");

  /* Acknowledged, and the first action done. */
  feedback_id = count (workspace, "SELECT id FROM feedback_sessions");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.acknowledge", "(xs)",
                                             feedback_id, today));
  sql = g_strdup_printf ("SELECT count (*) FROM feedback_sessions WHERE acknowledged_on = '%s'", today);
  g_assert_cmpint (count (workspace, sql), ==, 1);
  action_id = count (workspace, "SELECT id FROM feedback_actions WHERE position = 0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.complete-action", "(xs)",
                                             action_id, today));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM feedback_actions WHERE done_on = '%s'", today);
  g_assert_cmpint (count (workspace, sql), ==, 1);
  pl_test_wait (50);
  g_assert_cmpuint (count_rows (child (page, "actions_list")), ==, 1);
  screenshots (window, "acknowledged");

  /* Opened again, the form holds what was saved. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.edit", "x", feedback_id));
  g_assert_cmpstr (visible_state (page), ==, "form");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "given_by_row")), ==, "Mira Okafor");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "acknowledged_row")), ==, today);
  g_assert_cmpuint (count_rows (child (page, "form_actions_list")), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (page), "feedback.cancel", NULL);
  g_assert_cmpstr (visible_state (page), ==, "main");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.trash", "x", feedback_id));
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM feedback_sessions WHERE trashed_at IS NOT NULL"), ==, 1);
  g_assert_cmpuint (count_rows (child (page, "history_list")), ==, 0);

  pl_feedback_page_set_workspace (page, NULL);
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  destroy_window (window);
  pl_workspace_close (workspace);
}

static void
test_disagree_rescore (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("rescore");
  PlFeedbackPage *page = pl_feedback_page_new ();
  GtkWindow *window = make_window (page, 1200, 900);
  GtkListBox *criteria;
  AdwComboRow *first;
  g_autofree char *sql = NULL;
  gint64 observation_id, n_criteria, n_before;
  guint selected;

  pl_feedback_page_set_workspace (page, workspace);
  select_two (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.give", NULL));
  set_text_view (child (page, "strengths_view"), "Friendly and patient.");
  gtk_switch_set_active (child (page, "disagrees_switch"), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.save", NULL));

  /* Disagreeing keeps the form open, now with Re-score… on each observation. */
  g_assert_cmpstr (visible_state (page), ==, "form");
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM feedback_sessions WHERE disagrees = 1"), ==, 1);
  g_assert_nonnull (find_descendant (GTK_WIDGET (gtk_list_box_get_row_at_index (child (page, "form_observations_list"), 0)),
                                     GTK_TYPE_BUTTON));

  observation_id = count (workspace, "SELECT observation_id FROM feedback_observations fo"
                                     " JOIN observations o ON o.id = fo.observation_id"
                                     " ORDER BY o.observed_on DESC, o.id DESC LIMIT 1");
  sql = g_strdup_printf ("SELECT count (*) FROM criteria c JOIN scorecard_sections s ON s.id = c.section_id"
                         " WHERE s.scorecard_id = (SELECT scorecard_id FROM observations WHERE id = %"
                         G_GINT64_FORMAT ")", observation_id);
  n_criteria = count (workspace, sql);
  n_before = count (workspace, "SELECT count (*) FROM observations");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.rescore", "x", observation_id));
  g_assert_cmpstr (visible_state (page), ==, "rescore");
  criteria = child (page, "rescore_list");
  g_assert_cmpuint (count_rows (criteria), ==, n_criteria);
  first = ADW_COMBO_ROW (gtk_list_box_get_row_at_index (criteria, 0));
  selected = adw_combo_row_get_selected (first);
  adw_combo_row_set_selected (first, selected == 0 ? 1 : 0);

  /* No reason: refused, nothing written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.rescore-save", NULL));
  g_assert_cmpstr (visible_state (page), ==, "rescore");
  g_assert_true (gtk_widget_get_visible (child (page, "rescore_error_label")));
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM observations"), ==, n_before);
  gtk_editable_set_text (child (page, "rescore_reason_row"), "The greeting was heard on the second listen");
  screenshots (window, "rescore");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.rescore-save", NULL));
  g_assert_cmpstr (visible_state (page), ==, "form");
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM observations"), ==, n_before + 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM observations o JOIN observations n ON n.id = o.superseded_by"
                         " WHERE o.id = %" G_GINT64_FORMAT " AND o.excluded = 1"
                         " AND n.rescore_reason = 'The greeting was heard on the second listen'"
                         " AND n.id IN (SELECT observation_id FROM feedback_observations)", observation_id);
  g_assert_cmpint (count (workspace, sql), ==, 1);
  g_assert_cmpuint (count_rows (child (page, "form_observations_list")), ==, 3);
  screenshots (window, "after-rescore");

  pl_feedback_page_set_workspace (page, NULL);
  destroy_window (window);
  pl_workspace_close (workspace);
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

  g_test_add_func ("/app/feedback/empty", test_empty);
  g_test_add_func ("/app/feedback/give", test_give_feedback);
  g_test_add_func ("/app/feedback/disagree-rescore", test_disagree_rescore);

  status = g_test_run ();
  g_free (demo_path);
  return status;
}
