/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/pl-review.h"
#include "core/pl-sampling.h"

#include "pl-sampling-page.h"
#include "pl-test-utils.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run: it takes a few seconds to make.
 * Each test works on its own copy. */
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
  g_assert_nonnull (workspace);

  return workspace;
}

static gpointer
child (PlSamplingPage *page,
       const char     *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_SAMPLING_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_state (PlSamplingPage *page)
{
  return gtk_stack_get_visible_child_name (child (page, "stack"));
}

static GtkWindow *
make_window (PlSamplingPage *page,
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
screenshots (GtkWidget  *widget,
             const char *name)
{
  g_autofree char *light = g_strconcat ("sampling-", name, "-light", NULL);
  g_autofree char *dark = g_strconcat ("sampling-", name, "-dark", NULL);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (200);
  pl_test_screenshot (widget, light);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  pl_test_wait (200);
  pl_test_screenshot (widget, dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (100);
}

/* Scrolls the page so that @widget's top shows. */
static void
scroll_to (PlSamplingPage *page,
           GtkWidget      *widget)
{
  GtkScrolledWindow *scrolled = child (page, "scrolled");
  GtkWidget *content = gtk_scrolled_window_get_child (scrolled);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, content, &bounds));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + bounds.origin.y - 12);
  pl_test_wait (200);
}

static char *
grouped (gint64 n)
{
  /* As the page groups thousands in the test's locale. */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/* The strata shares shown ("6 of 14,668"), in order. */
static void
collect_shares (GtkWidget *widget,
                GArray    *shares)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_LABEL (c) && gtk_widget_has_css_class (c, "allocation-share"))
        {
          gint64 share = g_ascii_strtoll (gtk_label_get_text (GTK_LABEL (c)), NULL, 10);

          g_array_append_val (shares, share);
        }
      collect_shares (c, shares);
    }
}

static AdwActionRow *
item_row (PlSamplingPage *page,
          int             index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (child (page, "items_list"), index);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  return ADW_ACTION_ROW (row);
}

static PlSampleItem *
row_item (AdwActionRow *row)
{
  return g_object_get_data (G_OBJECT (row), "item");
}

static guint
count_warnings (PlSamplingPage *page)
{
  guint warned = 0;

  for (int i = 0; gtk_list_box_get_row_at_index (child (page, "items_list"), i) != NULL; i++)
    {
      AdwActionRow *row = item_row (page, i);
      GtkWidget *icon = g_object_get_data (G_OBJECT (row), "warning");
      gboolean said = strstr (adw_action_row_get_subtitle (row), "Not told about monitoring") != NULL;

      /* The icon and the words go together. */
      g_assert_cmpint (gtk_widget_get_visible (icon), ==, said);
      warned += said;
    }

  return warned;
}

static gboolean
no_warnings_cb (gpointer user_data)
{
  return count_warnings (user_data) == 0;
}

static gboolean
samples_listed_cb (gpointer user_data)
{
  PlSamplingPage *page = user_data;

  return gtk_list_box_get_row_at_index (child (page, "samples_list"), 2) != NULL;
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static char *
item_status (PlWorkspace *workspace,
             gint64       item_id,
             const char  *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (%s, '') FROM sample_items WHERE id = %" G_GINT64_FORMAT,
                                          column, item_id);

  return pl_test_query_text (workspace, sql);
}

/* The interactions a sample drew, in order, as text. */
static char *
drawn_ids (PlWorkspace *workspace,
           gint64       sample_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT group_concat (interaction_id) FROM"
                                          " (SELECT interaction_id FROM sample_items"
                                          "   WHERE sample_id = %" G_GINT64_FORMAT " ORDER BY position)",
                                          sample_id);

  return pl_test_query_text (workspace, sql);
}

static void
choose_last_month_five_percent_stratified (PlSamplingPage *page)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.last-month", NULL));
  gtk_check_button_set_active (child (page, "percent_check"), TRUE);
  gtk_spin_button_set_value (child (page, "percent_spin"), 5);
  adw_combo_row_set_selected (child (page, "method_row"), 2);
  gtk_check_button_set_active (child (page, "stratum_channel_check"), TRUE);
  gtk_check_button_set_active (child (page, "stratum_team_check"), TRUE);
  gtk_check_button_set_active (child (page, "stratum_colleague_check"), FALSE);
  gtk_check_button_set_active (child (page, "stratum_week_check"), FALSE);
  gtk_spin_button_set_value (child (page, "min_spin"), 0);
  pl_test_wait (50);
}

static void
test_empty_states (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), "empty.plumbline", NULL);
  g_autoptr(PlWorkspace) empty = NULL;
  PlSamplingPage *page = pl_sampling_page_new ();
  GtkWindow *window = make_window (page, 900, 700);

  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  screenshots (GTK_WIDGET (window), "no-workspace");

  /* A workspace without interactions asks for them and offers the import. */
  empty = pl_workspace_create (path, "Empty Ltd", &error);
  g_assert_no_error (error);
  pl_sampling_page_set_workspace (page, empty);
  g_assert_cmpstr (visible_state (page), ==, "no-interactions");
  screenshots (GTK_WIDGET (window), "no-interactions");
  gtk_window_set_default_size (window, 360, 700);
  pl_test_wait (300);
  screenshots (GTK_WIDGET (window), "no-interactions-narrow");

  pl_sampling_page_set_workspace (page, NULL);
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");

  destroy_window (window);
  pl_workspace_close (empty);
}

static void
test_draw (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("draw");
  g_autofree char *population_text = grouped (8451);
  g_autofree char *expected = NULL;
  g_autoptr(GArray) shares = g_array_new (FALSE, FALSE, sizeof (gint64));
  PlSamplingPage *page = pl_sampling_page_new ();
  GtkWindow *window;
  AdwMessageDialog *dialog;
  PlSampleItem *first, *second;
  gint64 first_id, second_id, sum = 0;
  g_autofree char *status = NULL;
  g_autofree char *reason = NULL;

  pl_sampling_page_set_workspace (page, workspace);
  window = make_window (page, 900, 1100);
  g_assert_cmpstr (visible_state (page), ==, "main");

  /* The demo's interactions end on 2026-09-27: last month is August. */
  choose_last_month_five_percent_stratified (page);
  g_assert_cmpstr (gtk_editable_get_text (child (page, "start_row")), ==, "2026-08-01");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "end_row")), ==, "2026-08-31");
  /* 8,451 calls in August (issue 4), cross-checked in SQL. */
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM interactions"
                                                 " WHERE substr (occurred_at, 1, 10) BETWEEN '2026-08-01' AND '2026-08-31'"),
                   ==, 8451);
  expected = g_strdup_printf ("%s interactions in this frame", population_text);
  g_assert_cmpstr (gtk_label_get_text (child (page, "population_label")), ==, expected);
  g_clear_pointer (&expected, g_free);

  /* 5% of 8,451 = 422.55, rounded to nearest: 423. */
  expected = g_strdup_printf ("Sample size: 423 of %s", population_text);
  g_assert_cmpstr (gtk_label_get_text (child (page, "size_label")), ==, expected);
  g_clear_pointer (&expected, g_free);

  /* Cochran at 95%, ±5%, p = 0.5 on N = 8,451 (Cochran 1977, eq. 4.1 and
   * the finite population correction): z = 1.959964, n0 = z² × 0.25 /
   * 0.05² = 384.15; n = 384.15 / (1 + 383.15 / 8451) = 367.49 → 367. */
  gtk_check_button_set_active (child (page, "cochran_check"), TRUE);
  expected = g_strdup_printf ("Sample size: 367 of %s", population_text);
  g_assert_cmpstr (gtk_label_get_text (child (page, "size_label")), ==, expected);
  g_clear_pointer (&expected, g_free);
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "explain_label")), "95"));
  gtk_check_button_set_active (child (page, "percent_check"), TRUE);

  /* A bad day refuses the frame and the draw. */
  gtk_editable_set_text (child (page, "end_row"), "2026-08-32");
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "population_label")), "2026-08-01"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.draw", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM samples"), ==, 0);
  gtk_editable_set_text (child (page, "end_row"), "2026-08-31");

  gtk_expander_set_expanded (child (page, "explain_expander"), TRUE);
  pl_test_wait (100);
  screenshots (GTK_WIDGET (window), "frame-size");
  gtk_window_set_default_size (window, 360, 1100);
  pl_test_wait (300);
  screenshots (GTK_WIDGET (window), "frame-size-narrow");
  gtk_window_set_default_size (window, 900, 1100);
  pl_test_wait (300);

  /* No strata ticked: nothing is drawn. */
  gtk_check_button_set_active (child (page, "stratum_channel_check"), FALSE);
  gtk_check_button_set_active (child (page, "stratum_team_check"), FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.draw", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM samples"), ==, 0);
  gtk_check_button_set_active (child (page, "stratum_channel_check"), TRUE);
  gtk_check_button_set_active (child (page, "stratum_team_check"), TRUE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.draw", NULL));
  pl_test_wait (100);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM samples"), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT size FROM samples"), ==, 423);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT population FROM samples"), ==, 8451);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM sample_items"), ==, 423);
  g_assert_true (gtk_widget_get_visible (child (page, "result_group")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "seed_label")), "Seed "));

  /* Proportional allocation over channel × team adds up to the size. */
  collect_shares (child (page, "allocation_row"), shares);
  g_assert_cmpuint (shares->len, >, 1);
  g_assert_cmpuint (shares->len, ==,
                    pl_test_query_int (workspace,
                                       "SELECT count (*) FROM (SELECT DISTINCT i.channel_id, c.team_id"
                                       "  FROM interactions i LEFT JOIN colleagues c ON c.id = i.colleague_id"
                                       " WHERE substr (i.occurred_at, 1, 10) BETWEEN '2026-08-01' AND '2026-08-31')"));
  for (guint i = 0; i < shares->len; i++)
    sum += g_array_index (shares, gint64, i);
  g_assert_cmpint (sum, ==, 423);

  /* The demo records no staff notice: every row with a colleague warns
   * (a call with no colleague, such as one abandoned in the queue, has no
   * one to tell). */
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM monitoring_notices WHERE audience = 'staff'"), ==, 0);
  g_assert_cmpuint (count_warnings (page), ==,
                    pl_test_query_int (workspace, "SELECT count (*) FROM sample_items WHERE colleague_id IS NOT NULL"));
  g_assert_cmpuint (count_warnings (page), >, 400);
  /* One line sums the warnings up and leads to the Notices page. */
  {
    g_autofree char *summary = g_strdup_printf ("%u interactions are with colleagues not yet told about monitoring",
                                                count_warnings (page));

    g_assert_true (gtk_widget_get_visible (child (page, "notice_list")));
    g_assert_cmpstr (adw_preferences_row_get_title (child (page, "notice_row")), ==, summary);
    g_assert_cmpstr (gtk_actionable_get_action_name (child (page, "notice_button")), ==, "win.show-page");
    g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (child (page, "notice_button")), NULL),
                     ==, "notices");
  }
  gtk_expander_set_expanded (child (page, "explain_expander"), FALSE);
  adw_expander_row_set_expanded (child (page, "allocation_row"), TRUE);
  pl_test_wait (200);
  scroll_to (page, child (page, "result_group"));
  screenshots (GTK_WIDGET (window), "drawn");

  /* A notice to everyone, given before August, covers every item. */
  g_assert_true (pl_workspace_exec (workspace,
                                    "INSERT INTO monitoring_notices (audience, method, given_on, team_id, text, created_at)"
                                    " VALUES ('staff', 'team_meeting', '2026-07-01', NULL,"
                                    "         'Calls may be reviewed for quality.', '2026-07-01T09:00:00Z')",
                                    NULL));
  pl_workspace_emit_changed (workspace, "monitoring_notices");
  g_assert_true (pl_test_wait_until (no_warnings_cb, page, 10000));
  g_assert_cmpuint (count_warnings (page), ==, 0);
  g_assert_false (gtk_widget_get_visible (child (page, "notice_list")));

  /* Monitored, in place. */
  first = row_item (item_row (page, 0));
  first_id = pl_sample_item_get_id (first);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.monitored", "x", first_id));
  status = item_status (workspace, first_id, "status");
  g_assert_cmpstr (status, ==, "monitored");
  g_clear_pointer (&status, g_free);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (item_row (page, 0)), "Monitored"));

  /* A skip without a reason is refused. */
  second = row_item (item_row (page, 1));
  second_id = pl_sample_item_get_id (second);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.skip", "x", second_id));
  pl_test_wait (100);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "skip"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "skip"));
  adw_message_dialog_response (dialog, "skip");
  pl_test_wait (100);
  status = item_status (workspace, second_id, "status");
  g_assert_cmpstr (status, ==, "pending");
  g_clear_pointer (&status, g_free);

  /* With a reason it is kept. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.skip", "x", second_id));
  pl_test_wait (100);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Recording missing");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "skip"));
  adw_message_dialog_response (dialog, "skip");
  pl_test_wait (100);
  status = item_status (workspace, second_id, "status");
  reason = item_status (workspace, second_id, "skip_reason");
  g_assert_cmpstr (status, ==, "skipped");
  g_assert_cmpstr (reason, ==, "Recording missing");
  g_clear_pointer (&status, g_free);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (item_row (page, 1)), "Recording missing"));
  adw_expander_row_set_expanded (child (page, "allocation_row"), FALSE);
  pl_test_wait (200);
  scroll_to (page, child (page, "result_group"));
  screenshots (GTK_WIDGET (window), "skipped");

  /* Back to pending. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.reset", "x", first_id));
  status = item_status (workspace, first_id, "status");
  g_assert_cmpstr (status, ==, "pending");
  g_clear_pointer (&status, g_free);

  /* Narrow: the list still fits. */
  gtk_window_set_default_size (window, 360, 1100);
  pl_test_wait (300);
  scroll_to (page, child (page, "result_group"));
  screenshots (GTK_WIDGET (window), "skipped-narrow");

  destroy_window (window);
}

static gboolean
review_row_visible_cb (gpointer user_data)
{
  return gtk_widget_get_visible (child (user_data, "review_row"));
}

static void
test_seed (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("seed");
  PlSamplingPage *page = pl_sampling_page_new ();
  GtkWindow *window;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *other = NULL;
  g_autofree char *reopened = NULL;
  gint64 last;

  pl_sampling_page_set_workspace (page, workspace);
  window = make_window (page, 900, 900);
  choose_last_month_five_percent_stratified (page);

  /* A seed that is not a number draws nothing. */
  gtk_editable_set_text (child (page, "seed_row"), "seven");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.draw", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM samples"), ==, 0);

  gtk_editable_set_text (child (page, "seed_row"), "7");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.draw", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.draw", NULL));
  gtk_editable_set_text (child (page, "seed_row"), "8");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.draw", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM samples"), ==, 3);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM samples WHERE seed = 7"), ==, 2);
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "seed_label")), "Seed 8 — the same frame"));

  /* Same frame, size and seed: the same interactions; another seed: not. */
  first = drawn_ids (workspace, 1);
  second = drawn_ids (workspace, 2);
  other = drawn_ids (workspace, 3);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpstr (first, !=, other);

  /* The earlier samples are listed and one reopens its monitoring list. */
  g_assert_true (pl_test_wait_until (samples_listed_cb, page, 10000));
  g_assert_true (gtk_widget_get_visible (child (page, "samples_group")));
  g_assert_nonnull (gtk_list_box_get_row_at_index (child (page, "samples_list"), 2));
  g_assert_null (gtk_list_box_get_row_at_index (child (page, "samples_list"), 3));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.open", "x", (gint64) 1));
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "seed_label")), "Seed 7 — the same frame"));
  last = pl_sample_item_get_interaction_id (row_item (item_row (page, 422)));
  reopened = g_strdup_printf ("%" G_GINT64_FORMAT, last);
  g_assert_true (g_str_has_suffix (first, reopened));
  g_assert_null (gtk_list_box_get_row_at_index (child (page, "items_list"), 423));

  /* The reopened sample shows its allocation as stored at the draw. */
  {
    g_autoptr(GArray) shares = g_array_new (FALSE, FALSE, sizeof (gint64));
    gint64 sum = 0;

    collect_shares (child (page, "allocation_row"), shares);
    g_assert_cmpuint (shares->len, >, 1);
    for (guint i = 0; i < shares->len; i++)
      sum += g_array_index (shares, gint64, i);
    g_assert_cmpint (sum, ==, 423);
    g_assert_true (gtk_widget_get_visible (child (page, "allocation_list")));
  }

  destroy_window (window);
}

/* A sample drawn for a review is recorded as part of its plan; the combo
 * is hidden while the workspace has no review. */
static void
test_for_review (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("for-review");
  g_autoptr(PlReview) review = pl_review_new ();
  g_autoptr(GError) error = NULL;
  PlSamplingPage *page = pl_sampling_page_new ();
  GtkWindow *window;
  GListModel *names;

  pl_sampling_page_set_workspace (page, workspace);
  window = make_window (page, 900, 900);
  g_assert_false (gtk_widget_get_visible (child (page, "review_row")));

  pl_review_set_title (review, "Autumn service review");
  pl_review_set_period_start (review, "2026-08-01");
  pl_review_set_period_end (review, "2026-10-31");
  g_assert_true (pl_review_save (review, workspace, &error));
  g_assert_no_error (error);
  g_assert_true (pl_test_wait_until (review_row_visible_cb, page, 10000));

  names = adw_combo_row_get_model (child (page, "review_row"));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "None");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==, "Autumn service review");

  choose_last_month_five_percent_stratified (page);
  adw_combo_row_set_selected (child (page, "review_row"), 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.draw", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM samples"), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT review_id FROM samples"), ==, pl_review_get_id (review));
  /* The choice stays after the page refreshes for the new sample. */
  pl_test_wait (300);
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "review_row")), ==, 1);

  adw_combo_row_set_selected (child (page, "review_row"), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sampling.draw", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM samples WHERE review_id IS NULL"), ==, 1);

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

  g_test_add_func ("/app/sampling/empty-states", test_empty_states);
  g_test_add_func ("/app/sampling/draw", test_draw);
  g_test_add_func ("/app/sampling/seed", test_seed);
  g_test_add_func ("/app/sampling/for-review", test_for_review);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
