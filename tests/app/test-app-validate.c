/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/pl-validate.h"

#include "pl-test-utils.h"
#include "pl-validate-page.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run: it takes a few seconds to make.
 * Each test works on its own copy. */
static char *demo_path;

/* The records the tests break, by id. */
typedef struct
{
  gint64 duplicates[3];   /* three responses with the same response id */
  gint64 out_of_range;    /* NPS answer of 14 */
  gint64 future;          /* dated 2099 */
} Broken;

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
  g_assert_nonnull (workspace);

  return workspace;
}

static void
exec_sql (PlWorkspace *workspace,
          const char  *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pl_workspace_exec (workspace, sql, &error));
  g_assert_no_error (error);
}

static void
break_records (PlWorkspace *workspace,
               Broken      *broken)
{
  g_autofree char *sql = NULL;

  /* An export imported twice over: three responses of the first survey
   * carry the same response id. */
  for (guint i = 0; i < G_N_ELEMENTS (broken->duplicates); i++)
    {
      g_autofree char *select = g_strdup_printf ("SELECT id FROM responses"
                                                 " WHERE survey_id = (SELECT min (survey_id) FROM responses)"
                                                 " ORDER BY id LIMIT 1 OFFSET %u", 100 + i);

      broken->duplicates[i] = pl_test_query_int (workspace, select);
    }
  sql = g_strdup_printf ("UPDATE responses SET external_ref = 'R-1042'"
                         " WHERE id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         broken->duplicates[0], broken->duplicates[1], broken->duplicates[2]);
  exec_sql (workspace, sql);
  g_clear_pointer (&sql, g_free);

  /* A typing slip: 14 on the 0 to 10 NPS scale. */
  broken->out_of_range = pl_test_query_int (workspace,
                                            "SELECT a.response_id FROM answers a"
                                            "  JOIN questions q ON q.id = a.question_id"
                                            " WHERE q.kind = 'nps' AND a.value_num IS NOT NULL"
                                            " ORDER BY a.response_id LIMIT 1 OFFSET 10");
  sql = g_strdup_printf ("UPDATE answers SET value_num = 14"
                         " WHERE response_id = %" G_GINT64_FORMAT
                         "   AND question_id = (SELECT id FROM questions WHERE kind = 'nps')",
                         broken->out_of_range);
  exec_sql (workspace, sql);
  g_clear_pointer (&sql, g_free);

  /* A response dated in the future. */
  broken->future = pl_test_query_int (workspace, "SELECT id FROM responses ORDER BY id LIMIT 1 OFFSET 20");
  sql = g_strdup_printf ("UPDATE responses SET responded_on = '2099-06-01'"
                         " WHERE id = %" G_GINT64_FORMAT, broken->future);
  exec_sql (workspace, sql);
}

static gint64
flag_id_of (PlWorkspace *workspace,
            const char  *rule,
            gint64       entity_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM validation_flags"
                                          " WHERE rule = '%s' AND entity = 'responses'"
                                          "   AND entity_id = %" G_GINT64_FORMAT,
                                          rule, entity_id);

  return pl_test_query_int (workspace, sql);
}

static gint64
response_excluded (PlWorkspace *workspace,
                   gint64       id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT excluded FROM responses WHERE id = %" G_GINT64_FORMAT, id);

  return pl_test_query_int (workspace, sql);
}

static GtkWindow *
make_window (PlValidatePage *page,
             int             height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  g_object_ref (window);
  gtk_window_set_application (window, GTK_APPLICATION (pl_test_application ()));
  gtk_window_set_default_size (window, 900, height);
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

static gboolean
page_idle_cb (gpointer user_data)
{
  return !pl_validate_page_is_busy (PL_VALIDATE_PAGE (user_data));
}

static void
wait_for_page (PlValidatePage *page)
{
  g_assert_true (pl_test_wait_until (page_idle_cb, page, 30000));
  pl_test_wait (50);
}

static const char *
visible_state (PlValidatePage *page)
{
  GtkWidget *overlay = adw_bin_get_child (ADW_BIN (page));
  GtkWidget *stack = adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay));

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static char *
expected_usable (PlWorkspace *workspace)
{
  gint64 total = pl_test_query_int (workspace, "SELECT count (*) FROM responses WHERE trashed_at IS NULL");
  gint64 usable = pl_test_query_int (workspace, "SELECT count (*) FROM responses"
                                                " WHERE trashed_at IS NULL AND excluded = 0");
  double percent = 100.0 * (double) usable / (double) total;

  /* One record left out of thousands still shows as less than 100%. */
  if (usable < total && percent > 99.9)
    percent = 99.9;

  /* LC_ALL=C.UTF-8 in the test environment: no thousands separator. */
  return g_strdup_printf ("Usable survey responses: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                          " (%.1f%%)", usable, total, percent);
}

/* Every check's row says what the flags table holds. */
static void
assert_rule_counts (PlValidatePage *page,
                    PlWorkspace    *workspace)
{
  for (guint i = 0; i < PL_N_RULES; i++)
    {
      const PlRuleInfo *info = pl_rule_info (i);
      AdwExpanderRow *row = pl_validate_page_get_rule_row (page, i);
      g_autofree char *select = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      gint64 flagged, excluded, kept, undecided;

      select = g_strdup_printf ("SELECT count (*), total (status = 'excluded'), total (status = 'kept'),"
                                "       total (status = 'flagged')"
                                "  FROM validation_flags WHERE rule = '%s'", info->id);
      stmt = pl_workspace_prepare (workspace, select, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      flagged = sqlite3_column_int64 (stmt, 0);
      excluded = sqlite3_column_int64 (stmt, 1);
      kept = sqlite3_column_int64 (stmt, 2);
      undecided = sqlite3_column_int64 (stmt, 3);

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, info->name);
      if (flagged == 0)
        expected = g_strdup ("Every record passes this check");
      else
        expected = g_strdup_printf ("%" G_GINT64_FORMAT " flagged · %" G_GINT64_FORMAT " excluded · %"
                                    G_GINT64_FORMAT " kept · %" G_GINT64_FORMAT " undecided",
                                    flagged, excluded, kept, undecided);
      g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, expected);
    }
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *action_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0)
        return child;

      if ((found = find_button (child, action_name)) != NULL)
        return found;
    }

  return NULL;
}

/* The first widget of @type under @widget, depth first. */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;

      if ((found = find_widget (child, type)) != NULL)
        return found;
    }

  return NULL;
}

/* The first label under @widget whose text starts with @prefix. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), prefix))
        return child;

      if ((found = find_label (child, prefix)) != NULL)
        return found;
    }

  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static void
screenshots (GtkWindow  *window,
             const char *name)
{
  g_autofree char *light = g_strconcat ("validate-", name, "-light", NULL);
  g_autofree char *dark = g_strconcat ("validate-", name, "-dark", NULL);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (200);
  pl_test_screenshot (GTK_WIDGET (window), light);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  pl_test_wait (200);
  pl_test_screenshot (GTK_WIDGET (window), dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (100);
}

static void
test_no_workspace (void)
{
  PlValidatePage *page = pl_validate_page_new ();
  GtkWindow *window = make_window (page, 600);

  g_assert_null (pl_validate_page_get_workspace (page));
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  g_assert_false (pl_validate_page_is_busy (page));

  /* Nothing to run the checks on: the action is off and does nothing. */
  g_assert_false (gtk_widget_get_sensitive (find_button (GTK_WIDGET (page), "validate.run")));
  gtk_widget_activate_action (GTK_WIDGET (page), "validate.run", NULL);
  g_assert_false (pl_validate_page_is_busy (page));
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");

  destroy_window (window);
}

static void
test_run (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("run");
  g_autofree char *expected = NULL;
  g_autofree char *last_checked = NULL;
  PlValidatePage *page;
  GtkWindow *window;
  Broken broken;
  gint64 future_flag;

  break_records (workspace, &broken);

  page = pl_validate_page_new ();
  window = make_window (page, 1000);
  g_object_set (page, "workspace", workspace, NULL);
  g_assert_true (pl_validate_page_get_workspace (page) == workspace);
  wait_for_page (page);

  /* Before the first run: the empty state teaches and offers the checks. */
  g_assert_cmpstr (visible_state (page), ==, "empty");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM validation_runs"), ==, 0);
  screenshots (window, "before-run");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "validate.run", NULL));
  g_assert_true (pl_validate_page_is_busy (page));
  wait_for_page (page);

  g_assert_cmpstr (visible_state (page), ==, "results");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM validation_runs"), ==, 1);

  /* What the rules found is what was broken. */
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM validation_flags WHERE rule = 'duplicate-id'"),
                   ==, 2);
  g_assert_cmpint (flag_id_of (workspace, "duplicate-id", broken.duplicates[1]), >, 0);
  g_assert_cmpint (flag_id_of (workspace, "duplicate-id", broken.duplicates[2]), >, 0);
  g_assert_cmpint (flag_id_of (workspace, "out-of-range", broken.out_of_range), >, 0);
  future_flag = flag_id_of (workspace, "impossible-date", broken.future);
  g_assert_cmpint (future_flag, >, 0);

  /* The usable figure and the counts match the database. */
  expected = expected_usable (workspace);
  g_assert_cmpstr (gtk_label_get_text (pl_validate_page_get_usable_label (page, "responses")), ==, expected);
  g_assert_true (g_str_has_suffix (expected, "(100.0%)"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (pl_validate_page_get_usable_label (page, "observations")),
                                   "Usable observations: "));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (pl_validate_page_get_usable_label (page, "complaints")),
                                   "Usable complaints: "));
  assert_rule_counts (page, workspace);

  /* When the data was last checked, in local time. */
  last_checked = pl_test_query_text (workspace, "SELECT ran_at FROM validation_runs");
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (last_checked, NULL);
    g_autoptr(GDateTime) local = g_date_time_to_local (utc);
    g_autofree char *when = g_date_time_format (local, "Last checked %-d %b %Y, %H:%M");
    GtkWidget *label = find_label (GTK_WIDGET (page), "Last checked ");

    g_assert_nonnull (label);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, when);
  }
  screenshots (window, "after-run");

  /* Opening a check lists its records, with their decisions. */
  g_assert_null (pl_validate_page_get_flag_row (page, future_flag));
  adw_expander_row_set_expanded (pl_validate_page_get_rule_row (page, PL_RULE_IMPOSSIBLE_DATE), TRUE);
  adw_expander_row_set_expanded (pl_validate_page_get_rule_row (page, PL_RULE_OUT_OF_RANGE), TRUE);
  pl_test_wait (200);
  {
    AdwActionRow *row = pl_validate_page_get_flag_row (page, future_flag);

    g_assert_nonnull (row);
    g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                     "Dated 2099-06-01, after today"));
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "Survey response · 1 Jun 2099 · "));
  }

  /* Once the "checks done" toast has gone. */
  pl_test_wait (5500);
  screenshots (window, "expanded");

  /* A new finding under an open check: its list is rebuilt. */
  {
    g_autofree char *sql = NULL;
    gint64 second = pl_test_query_int (workspace,
                                       "SELECT a.response_id FROM answers a"
                                       "  JOIN questions q ON q.id = a.question_id"
                                       " WHERE q.kind = 'nps' AND a.value_num IS NOT NULL"
                                       " ORDER BY a.response_id LIMIT 1 OFFSET 30");
    gint64 second_flag;

    sql = g_strdup_printf ("UPDATE answers SET value_num = -1 WHERE response_id = %" G_GINT64_FORMAT
                           " AND question_id = (SELECT id FROM questions WHERE kind = 'nps')", second);
    exec_sql (workspace, sql);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "validate.run", NULL));
    wait_for_page (page);

    second_flag = flag_id_of (workspace, "out-of-range", second);
    g_assert_nonnull (pl_validate_page_get_flag_row (page, second_flag));
    g_assert_nonnull (pl_validate_page_get_flag_row (page,
                                                     flag_id_of (workspace, "out-of-range",
                                                                 broken.out_of_range)));
    assert_rule_counts (page, workspace);
  }

  destroy_window (window);
}

static void
test_decide (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("decide");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *select = NULL;
  PlValidatePage *page;
  GtkWindow *window;
  AdwActionRow *row;
  Broken broken;
  gint64 flag;

  break_records (workspace, &broken);
  page = pl_validate_page_new ();
  window = make_window (page, 800);
  pl_validate_page_set_workspace (page, workspace);
  wait_for_page (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "validate.run", NULL));
  wait_for_page (page);

  before = g_strdup (gtk_label_get_text (pl_validate_page_get_usable_label (page, "responses")));
  flag = flag_id_of (workspace, "out-of-range", broken.out_of_range);
  adw_expander_row_set_expanded (pl_validate_page_get_rule_row (page, PL_RULE_OUT_OF_RANGE), TRUE);
  pl_test_wait (100);
  row = pl_validate_page_get_flag_row (page, flag);
  g_assert_nonnull (row);
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (row), "Not decided yet"));

  /* Exclude: the record leaves the analysis, with its reason. */
  g_assert_cmpint (response_excluded (workspace, broken.out_of_range), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "validate.exclude", "x", flag));
  wait_for_page (page);

  g_assert_cmpint (response_excluded (workspace, broken.out_of_range), ==, 1);
  select = g_strdup_printf ("SELECT exclusion_reason FROM responses WHERE id = %" G_GINT64_FORMAT,
                            broken.out_of_range);
  reason = pl_test_query_text (workspace, select);
  g_assert_nonnull (strstr (reason, pl_rule_info (PL_RULE_OUT_OF_RANGE)->name));
  g_assert_nonnull (strstr (reason, "14"));

  after = expected_usable (workspace);
  g_assert_cmpstr (after, !=, before);
  g_assert_true (g_str_has_suffix (after, "(99.9%)"));
  g_assert_cmpstr (gtk_label_get_text (pl_validate_page_get_usable_label (page, "responses")), ==, after);
  assert_rule_counts (page, workspace);

  screenshots (window, "decided");

  /* The same row, updated in place: it offers the way back. */
  g_assert_true (pl_validate_page_get_flag_row (page, flag) == row);
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (row), "Excluded from analysis"));
  g_assert_false (gtk_widget_get_visible (find_button (GTK_WIDGET (row), "validate.exclude")));
  g_assert_true (gtk_widget_get_visible (find_button (GTK_WIDGET (row), "validate.keep")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_button (GTK_WIDGET (row), "validate.keep"))),
                   ==, "_Restore");

  /* Keep: back in the analysis, and the figure with it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "validate.keep", "x", flag));
  wait_for_page (page);
  g_assert_cmpint (response_excluded (workspace, broken.out_of_range), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (pl_validate_page_get_usable_label (page, "responses")), ==, before);
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (row), "Kept in analysis"));
  g_assert_true (gtk_widget_get_visible (find_button (GTK_WIDGET (row), "validate.exclude")));
  g_assert_false (gtk_widget_get_visible (find_button (GTK_WIDGET (row), "validate.keep")));
  assert_rule_counts (page, workspace);

  /* A flag that does not exist changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "validate.exclude", "x", (gint64) 999999));
  wait_for_page (page);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM responses WHERE excluded = 1"), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (pl_validate_page_get_usable_label (page, "responses")), ==, before);

  destroy_window (window);
}

static void
test_exclude_all (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("exclude-all");
  g_autofree char *expected = NULL;
  AdwMessageDialog *dialog;
  PlValidatePage *page;
  GtkWindow *window;
  Broken broken;

  break_records (workspace, &broken);
  page = pl_validate_page_new ();
  window = make_window (page, 800);
  pl_validate_page_set_workspace (page, workspace);
  wait_for_page (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "validate.run", NULL));
  wait_for_page (page);

  /* Cancelled: nothing is excluded. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "validate.exclude-all", "s", "duplicate-id"));
  pl_test_wait (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "2 undecided records"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for_page (page);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM responses WHERE excluded = 1"), ==, 0);

  /* Confirmed: both later copies go, the first stays. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "validate.exclude-all", "s", "duplicate-id"));
  pl_test_wait (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "exclude");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for_page (page);

  g_assert_cmpint (response_excluded (workspace, broken.duplicates[0]), ==, 0);
  g_assert_cmpint (response_excluded (workspace, broken.duplicates[1]), ==, 1);
  g_assert_cmpint (response_excluded (workspace, broken.duplicates[2]), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM responses WHERE excluded = 1"), ==, 2);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM validation_flags"
                                                 " WHERE rule = 'duplicate-id' AND status = 'excluded'"), ==, 2);

  expected = expected_usable (workspace);
  g_assert_cmpstr (gtk_label_get_text (pl_validate_page_get_usable_label (page, "responses")), ==, expected);
  assert_rule_counts (page, workspace);

  /* Nothing left to decide: no question asked. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "validate.exclude-all", "s", "duplicate-id"));
  pl_test_wait (100);
  g_assert_null (find_message_dialog ());

  /* An unknown check does nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "validate.exclude-all", "s", "no-such-check"));
  pl_test_wait (100);
  g_assert_null (find_message_dialog ());

  destroy_window (window);
}

static void
test_settings (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("settings");
  g_autofree char *saved = NULL;
  g_autofree char *used = NULL;
  PlValidatePage *page;
  PlValidatePage *again;
  GtkWindow *window;
  GtkWidget *spin;

  page = pl_validate_page_new ();
  window = make_window (page, 800);
  pl_validate_page_set_workspace (page, workspace);
  wait_for_page (page);

  /* The thresholds are saved with the workspace … */
  spin = find_widget (GTK_WIDGET (page), GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (spin);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 4);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 3);
  gtk_widget_activate_action (GTK_WIDGET (page), "validate.run", NULL);
  wait_for_page (page);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_widget (GTK_WIDGET (page), ADW_TYPE_EXPANDER_ROW)),
                                 TRUE);
  pl_test_wait (5500);
  screenshots (window, "settings");

  saved = pl_workspace_get_setting (workspace, "validate.straight-lining-min-questions");
  g_assert_cmpstr (saved, ==, "3");

  /* … and the checks run with them. */
  used = pl_test_query_text (workspace, "SELECT settings FROM validation_runs ORDER BY id DESC LIMIT 1");
  g_assert_nonnull (strstr (used, "\"straight_lining_min_questions\":3"));
  destroy_window (window);

  /* A page opened later shows the saved threshold, and the last results. */
  again = pl_validate_page_new ();
  window = make_window (again, 800);
  pl_validate_page_set_workspace (again, workspace);
  wait_for_page (again);
  g_assert_cmpstr (visible_state (again), ==, "results");
  assert_rule_counts (again, workspace);
  destroy_window (window);
}

/* A workspace another program holds locked: the checks fail, say so, and
 * leave everything as it was. */
static void
test_run_fails (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("locked");
  sqlite3 *other = NULL;
  PlValidatePage *page;
  GtkWindow *window;

  page = pl_validate_page_new ();
  window = make_window (page, 800);
  pl_validate_page_set_workspace (page, workspace);
  wait_for_page (page);

  g_assert_cmpint (sqlite3_open (pl_workspace_get_path (workspace), &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "validate.run", NULL));
  /* While they run, they cannot be started twice, and can be stopped. */
  g_assert_true (pl_validate_page_is_busy (page));
  g_assert_false (gtk_widget_get_sensitive (find_button (GTK_WIDGET (page), "validate.run")));
  g_assert_true (gtk_widget_get_sensitive (find_button (GTK_WIDGET (page), "validate.stop")));
  wait_for_page (page);

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);

  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM validation_runs"), ==, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM validation_flags"), ==, 0);
  g_assert_cmpstr (visible_state (page), ==, "empty");

  /* Once the lock is gone, the checks run. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "validate.run", NULL));
  wait_for_page (page);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM validation_runs"), ==, 1);
  g_assert_cmpstr (visible_state (page), ==, "results");

  /* Closing the workspace empties the page. */
  pl_validate_page_set_workspace (page, NULL);
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");

  destroy_window (window);
}

int
main (int argc, char *argv[])
{
  g_autoptr(PlWorkspace) demo = NULL;
  int status;

  pl_test_init (&argc, &argv);

  demo = pl_test_make_demo (pl_test_tmp_dir ());
  demo_path = g_strdup (pl_workspace_get_path (demo));
  /* Closed, so that the file holds everything and copies of it are whole. */
  pl_workspace_close (demo);

  g_test_add_func ("/app/validate/no-workspace", test_no_workspace);
  g_test_add_func ("/app/validate/run", test_run);
  g_test_add_func ("/app/validate/decide", test_decide);
  g_test_add_func ("/app/validate/exclude-all", test_exclude_all);
  g_test_add_func ("/app/validate/settings", test_settings);
  g_test_add_func ("/app/validate/run-fails", test_run_fails);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
