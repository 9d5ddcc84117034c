/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include "core/pl-calibration.h"

#include "pl-calibration-page.h"
#include "pl-test-utils.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run; each test works on its own copy.
 * The demo's "Contact quality scorecard" (src/core/pl-demo.c) has four
 * sections weighted 20, 30, 35, 15 and ten criteria:
 *   Opening and identity      1 greeted (yes/no), 2 identity (yes/no, critical)
 *   Understanding the need    3 questions (1–5, w 2), 4 history (yes/partly/no),
 *                             5 bill explained (1–5, N/A allowed)
 *   Resolution                6 resolved (y/p/n, w 2), 7 accurate (yes/no, w 2),
 *                             8 callback offered (y/p/n)
 *   Courtesy and close        9 polite (1–5), 10 summarised (yes/no) */
static char *demo_path;

#define N_CRITERIA 10

/* Positions in the form's choices: "Choose…" is 0; then yes/no: Yes 1,
 * No 2; yes/partly/no: Yes 1, Partly 2, No 3; 1–5: 5 at 1 down to 1 at 5,
 * N/A 6 where allowed.
 * ANN  yes yes 4 yes 3   yes yes partly 5 yes
 * BEN  yes yes 4 partly N/A yes yes no   5 yes */
static const guint ann_choices[N_CRITERIA] = { 1, 1, 2, 1, 3, 1, 1, 2, 1, 1 };
static const guint ben_choices[N_CRITERIA] = { 1, 1, 2, 2, 6, 1, 1, 3, 1, 1 };

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
child (PlCalibrationPage *page,
       const char        *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_CALIBRATION_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_state (PlCalibrationPage *page)
{
  return gtk_stack_get_visible_child_name (child (page, "stack"));
}

static GtkWindow *
make_window (PlCalibrationPage *page,
             int                width,
             int                height)
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

/* calibration-<what>-<light|dark>-<narrow|wide> */
static void
screenshots (GtkWindow  *window,
             const char *what)
{
  static const struct { const char *name; int width; } sizes[] = {
    { "wide", 1200 }, { "narrow", 400 },
  };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autofree char *light = g_strdup_printf ("calibration-%s-light-%s", what, sizes[s].name);
      g_autofree char *dark = g_strdup_printf ("calibration-%s-dark-%s", what, sizes[s].name);

      gtk_window_set_default_size (window, sizes[s].width, 1000);
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_FORCE_LIGHT);
      pl_test_wait (250);
      pl_test_screenshot (GTK_WIDGET (window), light);
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_FORCE_DARK);
      pl_test_wait (250);
      pl_test_screenshot (GTK_WIDGET (window), dark);
    }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (window, 1200, 1000);
  pl_test_wait (150);
}

static void
scroll_to (PlCalibrationPage *page,
           const char        *scrolled_name,
           GtkWidget         *widget)
{
  GtkScrolledWindow *scrolled = child (page, scrolled_name);
  GtkWidget *content = gtk_scrolled_window_get_child (scrolled);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  graphene_rect_t bounds;

  pl_test_wait (100);
  g_assert_true (gtk_widget_compute_bounds (widget, content, &bounds));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + bounds.origin.y - 12);
  pl_test_wait (200);
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
activate (PlCalibrationPage *page,
          const char        *action,
          GVariant          *target)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (page), action, target));
  pl_test_wait (50);
}

static void
set_text (PlCalibrationPage *page,
          const char        *name,
          const char        *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (page, name)), text);
}

/* The answer's drop-down of a criterion in the open scoring form. */
static GtkDropDown *
form_choice (PlCalibrationPage *page,
             guint              index)
{
  GtkListBox *list = child (page, "score_list");
  AdwActionRow *row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, index));

  g_assert_nonnull (row);
  return GTK_DROP_DOWN (adw_action_row_get_activatable_widget (row));
}

/* The note entry of a criterion in the open scoring form: in the popover
 * of the button beside its answer. */
static GtkEditable *
form_note (PlCalibrationPage *page,
           guint              index)
{
  GtkWidget *button = gtk_widget_get_next_sibling (GTK_WIDGET (form_choice (page, index)));
  GtkWidget *box;

  g_assert_true (GTK_IS_MENU_BUTTON (button));
  box = gtk_popover_get_child (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  return GTK_EDITABLE (gtk_widget_get_last_child (box));
}

/* The evaluators' notes under a criterion in the comparison, or NULL. */
static const char *
compare_notes (GtkGrid *grid,
               int      row)
{
  GtkWidget *cell = gtk_grid_get_child_at (grid, 0, row);

  for (GtkWidget *c = gtk_widget_get_first_child (cell); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (g_str_equal (gtk_widget_get_name (c), "notes"))
      return gtk_label_get_text (GTK_LABEL (c));

  return NULL;
}

/* Picks the answers in the open scoring form. */
static void
choose (PlCalibrationPage *page,
        const guint       *choices)
{
  g_assert_cmpuint (count_rows (child (page, "score_list")), ==, N_CRITERIA);
  for (guint i = 0; i < N_CRITERIA; i++)
    gtk_drop_down_set_selected (form_choice (page, i), choices[i]);
}

static guint
selected_in_form (PlCalibrationPage *page,
                  guint              index)
{
  return gtk_drop_down_get_selected (form_choice (page, index));
}

static void
test_empty (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("empty");
  PlCalibrationPage *page = pl_calibration_page_new ();
  GtkWindow *window = make_window (page, 1200, 1000);

  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  screenshots (window, "no-workspace");

  pl_calibration_page_set_workspace (page, workspace);
  pl_test_wait (100);
  g_assert_cmpstr (visible_state (page), ==, "sessions");
  g_assert_true (gtk_widget_get_visible (child (page, "sessions_empty_label")));
  g_assert_false (gtk_widget_get_visible (child (page, "sessions_list")));
  g_assert_true (gtk_widget_get_visible (child (page, "drift_empty_label")));
  g_assert_false (gtk_widget_get_visible (child (page, "form_group")));
  screenshots (window, "empty");

  /* The form, with a mistake: one evaluator. Nothing is created. */
  activate (page, "calibration.new-session", NULL);
  g_assert_true (gtk_widget_get_visible (child (page, "form_group")));
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "scorecard_row")), ==, 0);
  set_text (page, "title_row", "April calibration");
  set_text (page, "evaluators_row", "Ann");
  activate (page, "calibration.create", NULL);
  g_assert_true (gtk_widget_get_visible (child (page, "form_error_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "form_error_label")),
                            "at least two evaluators"));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM calibration_sessions"), ==, 0);
  /* Editing clears the message. */
  set_text (page, "evaluators_row", "Ann, Ben");
  g_assert_false (gtk_widget_get_visible (child (page, "form_error_label")));
  screenshots (window, "new-session");

  activate (page, "calibration.cancel", NULL);
  g_assert_false (gtk_widget_get_visible (child (page, "form_group")));

  destroy_window (window);
}

/* Two evaluators through a whole session, by the page's actions:
 * create, score blind one after the other, reveal, agree, drift. */
static void
test_session (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("session");
  g_autofree char *reference = pl_test_query_text (workspace,
                                                   "SELECT reference FROM interactions"
                                                   " WHERE reference IS NOT NULL ORDER BY id LIMIT 1");
  g_autofree char *expected_reference = NULL;
  PlCalibrationPage *page = pl_calibration_page_new ();
  GtkWindow *window = make_window (page, 1200, 1000);
  GtkGrid *grid;
  GtkWidget *cell;
  gint64 id;

  pl_calibration_page_set_workspace (page, workspace);
  pl_test_wait (100);

  /* New session: Ctrl+Enter's action creates it and opens it. */
  activate (page, "calibration.new-session", NULL);
  set_text (page, "title_row", "April calibration");
  set_text (page, "date_row", "2026-04-20");
  set_text (page, "reference_row", reference);
  set_text (page, "evaluators_row", "Ann, Ben");
  activate (page, "calibration.save", NULL);

  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM calibration_sessions"), ==, 1);
  id = pl_test_query_int (workspace, "SELECT id FROM calibration_sessions");
  expected_reference = pl_test_query_text (workspace, "SELECT reference FROM calibration_sessions");
  g_assert_cmpstr (expected_reference, ==, reference);
  g_assert_cmpint (pl_test_query_int (workspace,
                                      "SELECT interaction_id IS NOT NULL AND colleague_id IS NOT NULL"
                                      " FROM calibration_sessions"), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace,
                                      "SELECT count (*) FROM calibration_evaluators"), ==, 2);
  g_assert_cmpstr (visible_state (page), ==, "session");
  g_assert_cmpstr (gtk_label_get_text (child (page, "session_title_label")), ==, "April calibration");
  g_assert_cmpuint (count_rows (child (page, "evaluators_list")), ==, 2);
  g_assert_false (gtk_widget_get_visible (child (page, "compare_group")));
  g_assert_false (gtk_widget_is_sensitive (child (page, "reveal_button")));

  /* Ann scores. An unanswered criterion stops the submission. */
  activate (page, "calibration.score-as", g_variant_new_string ("Ann"));
  g_assert_true (gtk_widget_get_visible (child (page, "score_group")));
  g_assert_cmpstr (adw_preferences_group_get_title (child (page, "score_group")), ==, "Scoring as Ann");
  g_assert_nonnull (strstr (adw_preferences_group_get_description (child (page, "score_group")),
                            "hidden"));
  choose (page, ann_choices);
  gtk_editable_set_text (form_note (page, 4), "  Asked for the account twice ");
  gtk_drop_down_set_selected (form_choice (page, 9), 0);
  activate (page, "calibration.submit", NULL);
  g_assert_true (gtk_widget_get_visible (child (page, "score_error_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "score_error_label")), "Summarised"));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM calibration_scores"), ==, 0);

  choose (page, ann_choices);
  activate (page, "calibration.save", NULL);
  g_assert_false (gtk_widget_get_visible (child (page, "score_group")));
  g_assert_cmpint (pl_test_query_int (workspace,
                                      "SELECT count (*) FROM calibration_scores WHERE evaluator = 'Ann'"),
                   ==, N_CRITERIA);
  /* 20 × 100% + 30 × 75% + 35 × 90% + 15 × 100% = 89. */
  g_assert_cmpint (pl_test_query_int (workspace,
                                      "SELECT round (score * 100) FROM calibration_evaluators"
                                      " WHERE evaluator = 'Ann'"), ==, 8900);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT frozen FROM scorecards WHERE id = 1"), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM calibration_scores WHERE evaluator = 'Ann'"
                                                 " AND note = 'Asked for the account twice'"), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM calibration_scores"
                                                 " WHERE note IS NOT NULL"), ==, 1);

  /* Ben's form starts blank: Ann's answers are not offered to him. */
  activate (page, "calibration.score-as", g_variant_new_string ("Ben"));
  for (guint i = 0; i < N_CRITERIA; i++)
    {
      g_assert_cmpuint (selected_in_form (page, i), ==, 0);
      g_assert_cmpstr (gtk_editable_get_text (form_note (page, i)), ==, "");
    }
  choose (page, ben_choices);
  gtk_editable_set_text (form_note (page, 4), "Did not apply: the customer gave no account");
  scroll_to (page, "session_scrolled", child (page, "score_group"));
  screenshots (window, "scoring");
  activate (page, "calibration.submit", NULL);
  /* 20 × 100% + 30 × (1.5 + 0.5) / 3 + 35 × (2 + 2 + 0) / 5 + 15 = 83. */
  g_assert_cmpint (pl_test_query_int (workspace,
                                      "SELECT round (score * 100) FROM calibration_evaluators"
                                      " WHERE evaluator = 'Ben'"), ==, 8300);

  /* Ann again: her own answers come back to her, and only hers. */
  activate (page, "calibration.score-as", g_variant_new_string ("Ann"));
  for (guint i = 0; i < N_CRITERIA; i++)
    g_assert_cmpuint (selected_in_form (page, i), ==, ann_choices[i]);
  g_assert_cmpstr (gtk_editable_get_text (form_note (page, 4)), ==, "Asked for the account twice");
  g_assert_cmpstr (gtk_editable_get_text (form_note (page, 3)), ==, "");
  activate (page, "calibration.cancel-scoring", NULL);
  g_assert_false (gtk_widget_get_visible (child (page, "score_group")));

  /* Reveal. Agreement on 7 of 10; by hand: Ann's categories "1" ×6, "4",
   * "3", "0.5", "5"; Ben's "1" ×5, "4", "0.5", "N/A", "0", "5":
   * pe = 0.6 × 0.5 + 3 × 0.1 × 0.1 = 0.33, κ = (0.7 − 0.33) / 0.67 = 0.552. */
  g_assert_true (gtk_widget_is_sensitive (child (page, "reveal_button")));
  activate (page, "calibration.reveal", NULL);
  g_assert_cmpstr (pl_test_query_text (workspace, "SELECT state FROM calibration_sessions"), ==, "revealed");
  g_assert_true (gtk_widget_get_visible (child (page, "compare_group")));
  g_assert_cmpstr (gtk_label_get_text (child (page, "kappa_label")), ==,
                   "κ = 0.55, moderate agreement, 2 evaluators, 10 criteria");
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "agreement_label")),
                            "same answer on 7 of 10 criteria (70%)"));

  /* The table: a header, ten criteria, the scores; disagreements marked. */
  grid = child (page, "compare_grid");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 1, 0))), ==, "Ann");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 2, 0))), ==, "Ben");
  /* Both notes under the criterion they disagree on, none elsewhere. */
  g_assert_cmpstr (compare_notes (grid, 5), ==,
                   "Ann: Asked for the account twice · Ben: Did not apply: the customer gave no account");
  g_assert_null (compare_notes (grid, 4));
  cell = gtk_grid_get_child_at (grid, 2, 5);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==, "N/A");
  g_assert_true (gtk_widget_has_css_class (cell, "warning"));
  cell = gtk_grid_get_child_at (grid, 1, 4);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==, "Yes");
  g_assert_true (gtk_widget_has_css_class (cell, "warning"));
  cell = gtk_grid_get_child_at (grid, 1, 1);
  g_assert_false (gtk_widget_has_css_class (cell, "warning"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 1, 11))), ==, "89.0");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 2, 11))), ==, "83.0");
  /* Where both agree the consensus is proposed; elsewhere it is to choose. */
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (gtk_grid_get_child_at (grid, 3, 1))), ==, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (gtk_grid_get_child_at (grid, 3, 4))), ==, 0);
  scroll_to (page, "session_scrolled", child (page, "compare_group"));
  screenshots (window, "revealed");

  /* A consensus is needed for every criterion. */
  activate (page, "calibration.agree", NULL);
  g_assert_true (gtk_widget_get_visible (child (page, "agree_error_label")));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM calibration_consensus"), ==, 0);

  /* History: yes; bill: 3; callback: partly — Ann's answers, so 89. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_grid_get_child_at (grid, 3, 4)), 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_grid_get_child_at (grid, 3, 5)), 3);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_grid_get_child_at (grid, 3, 8)), 2);
  activate (page, "calibration.agree", NULL);
  g_assert_cmpstr (pl_test_query_text (workspace, "SELECT state FROM calibration_sessions"), ==, "agreed");
  g_assert_cmpint (pl_test_query_int (workspace,
                                      "SELECT round (consensus_score * 100) FROM calibration_sessions"),
                   ==, 8900);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM calibration_consensus"),
                   ==, N_CRITERIA);
  grid = child (page, "compare_grid");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (grid, 3, 11))), ==, "89.0");
  screenshots (window, "agreed");

  /* Back to the list: the session is agreed; drift shows Ben 6 points
   * under consensus, 7 of 10 answers matching, and Ann on it. */
  activate (page, "calibration.back", NULL);
  g_assert_cmpstr (visible_state (page), ==, "sessions");
  g_assert_cmpuint (count_rows (child (page, "sessions_list")), ==, 1);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (child (page, "drift_list"), 1))),
                   ==, "1 session · −6.0 points from consensus on average · 70% of answers matched\n"
                       "By session: −6.0");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (child (page, "drift_list"), 0))),
                   ==, "1 session · 0.0 points from consensus on average · 100% of answers matched\n"
                       "By session: 0.0");
  screenshots (window, "sessions");

  /* Reopening the session shows it agreed. */
  activate (page, "calibration.open", g_variant_new_int64 (id));
  g_assert_cmpstr (visible_state (page), ==, "session");
  g_assert_true (gtk_widget_get_visible (child (page, "compare_group")));
  g_assert_false (gtk_widget_get_visible (child (page, "reveal_box")));

  /* The trash, then Undo: the session and its drift come back as they were. */
  activate (page, "calibration.back", NULL);
  activate (page, "calibration.trash", g_variant_new_int64 (id));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM calibration_sessions"
                                                 " WHERE trashed_at IS NOT NULL"), ==, 1);
  g_assert_false (gtk_widget_get_visible (child (page, "sessions_list")));
  activate (page, "calibration.restore", g_variant_new_int64 (id));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM calibration_sessions"
                                                 " WHERE trashed_at IS NULL AND state = 'agreed'"), ==, 1);
  g_assert_cmpuint (count_rows (child (page, "sessions_list")), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM audit_log"
                                                 " WHERE entity = 'calibration_session' AND action = 'restore'"), ==, 1);
  /* Restoring what is not in the trash changes nothing. */
  activate (page, "calibration.restore", g_variant_new_int64 (id));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM audit_log"
                                                 " WHERE entity = 'calibration_session' AND action = 'restore'"), ==, 1);

  destroy_window (window);
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

  g_test_add_func ("/app/calibration/empty", test_empty);
  g_test_add_func ("/app/calibration/session", test_session);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
