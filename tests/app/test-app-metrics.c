/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <string.h>

#include "pl-metrics-page.h"
#include "pl-test-db.h"
#include "pl-test-utils.h"

/* One demo workspace (src/core/pl-demo.c: five metric series, daily
 * values per channel from 2026-03-30 to 2026-09-27, two teams) for the
 * run; each test works on its own copy. */
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
child (PlMetricsPage *page,
       const char    *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_METRICS_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static GtkWindow *
make_window (PlMetricsPage *page,
             int            width,
             int            height)
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

  pl_test_wait (300);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      gtk_window_set_default_size (window, sizes[s].width, 900);
      for (int dark = 0; dark <= 1; dark++)
        {
          g_autofree char *name = g_strdup_printf ("metrics-%s-%s-%s", what, dark ? "dark" : "light",
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
cell (PlMetricsPage *page,
      int            row,
      int            column)
{
  GtkWidget *entry = gtk_grid_get_child_at (child (page, "grid"), column + 1, row + 1);

  g_assert_true (GTK_IS_ENTRY (entry));
  return entry;
}

static guint
count_entries (PlMetricsPage *page)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (child (page, "grid")); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_ENTRY (c))
      n++;
  return n;
}

static gint64
count (PlWorkspace *workspace,
       const char  *sql)
{
  return pl_test_query_int (workspace, sql);
}

/* The position of a series in the picker, which lists them by name. */
static void
choose_series (PlMetricsPage *page,
               const char    *name)
{
  AdwComboRow *row = child (page, "series_row");
  GListModel *names = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name))
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  g_assert_not_reached ();
}

static void
test_empty (void)
{
  PlMetricsPage *page = pl_metrics_page_new ();
  GtkWindow *window = make_window (page, 1200, 700);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "stack")), ==, "no-workspace");
  pl_test_screenshot (GTK_WIDGET (window), "metrics-no-workspace-light-wide");
  destroy_window (window);
}

static gboolean
n_rows_reached (gpointer user_data)
{
  gpointer *data = user_data;

  return count (data[0], data[1]) == GPOINTER_TO_INT (data[2]);
}

static void
test_grid (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("grid");
  PlMetricsPage *page = pl_metrics_page_new ();
  GtkWindow *window = make_window (page, 1200, 900);
  g_autofree char *expected = NULL;
  g_autofree char *numerator = NULL;
  g_autofree char *denominator = NULL;
  const char *week_rows = "SELECT count (*) FROM metric_values WHERE series_id = 5 AND period = 'week'";
  gpointer wait_data[3];

  pl_metrics_page_set_workspace (page, workspace);
  pl_test_wait (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "stack")), ==, "main");

  /* The first series by name, at the period and segment its values have:
   * 14 days to the last one (26 Sep 2026: no calls on the 27th) by the 5 channels. */
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "series_row")), ==, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "period_row")), ==, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "segment_row")), ==, 1);
  g_assert_cmpuint (count_entries (page), ==, 14 * 5);
  numerator = pl_test_query_text (workspace, "SELECT numerator FROM metric_values WHERE series_id = 2"
                                             " AND channel_id = 1 AND period_start = (SELECT max (period_start) FROM metric_values WHERE series_id = 2)");
  denominator = pl_test_query_text (workspace, "SELECT denominator FROM metric_values WHERE series_id = 2"
                                               " AND channel_id = 1 AND period_start = (SELECT max (period_start) FROM metric_values WHERE series_id = 2)");
  /* Stored as whole counts, shown "12/240". */
  expected = g_strdup_printf ("%.0f/%.0f", g_ascii_strtod (numerator, NULL), g_ascii_strtod (denominator, NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell (page, 13, 0))), ==, expected);
  /* The percentage the ratio makes shows on hover; an empty cell has none. */
  {
    g_autofree char *percent = g_strdup_printf ("%.1f%%", 100 * g_ascii_strtod (numerator, NULL) /
                                                          g_ascii_strtod (denominator, NULL));

    g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (cell (page, 13, 0))), ==, percent);
    g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (cell (page, 13, 1))));
  }
  screenshots (window, "abandonment");

  /* Calls offered by team and week: none yet. */
  choose_series (page, "Calls offered");
  adw_combo_row_set_selected (child (page, "period_row"), 1);
  adw_combo_row_set_selected (child (page, "segment_row"), 2);
  g_assert_cmpuint (count_entries (page), ==, 13 * 2);
  g_assert_cmpint (count (workspace, week_rows), ==, 0);

  /* Typing: a decimal comma and a thousands space are understood. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "metrics.set-cell", "(uus)", 12, 0, "1 204,5"));
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM metric_values WHERE series_id = 5 AND period = 'week'"
                                     " AND channel_id IS NULL AND value = 1204.5"
                                     " AND team_id = (SELECT id FROM teams ORDER BY name LIMIT 1)"), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell (page, 12, 0))), ==, "1204.5");

  /* A bad cell is marked, and nothing is written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "metrics.set-cell", "(uus)", 11, 1, "lots"));
  g_assert_true (gtk_widget_has_css_class (cell (page, 11, 1), "error"));
  g_assert_true (gtk_widget_get_visible (child (page, "error_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "error_label")), "“lots” is not a number."));
  g_assert_cmpint (count (workspace, week_rows), ==, 1);

  /* A pasted block with one bad cell: nothing written, the cell marked. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "metrics.paste", "(uus)", 0, 0,
                                             "310\t298\n305\tabc\n"));
  g_assert_cmpint (count (workspace, week_rows), ==, 1);
  g_assert_true (gtk_widget_has_css_class (cell (page, 1, 1), "error"));
  g_assert_false (gtk_widget_has_css_class (cell (page, 0, 0), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "error_label")), "Row 2, column 2"));
  screenshots (window, "paste-error");

  /* The good block: four cells. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "metrics.paste", "(uus)", 0, 0,
                                             "310\t298\n305\t301,5\n"));
  g_assert_cmpint (count (workspace, week_rows), ==, 5);
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM metric_values WHERE series_id = 5 AND period = 'week'"
                                     " AND value = 301.5"), ==, 1);
  g_assert_false (gtk_widget_has_css_class (cell (page, 1, 1), "error"));
  g_assert_false (gtk_widget_get_visible (child (page, "error_label")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell (page, 1, 1))), ==, "301.5");

  /* Ctrl+V's action in a focused cell reads the clipboard. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (page)), "7\t8\n9\t10\n");
  gtk_widget_grab_focus (cell (page, 4, 0));
  pl_test_wait (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "metrics.paste-clipboard", NULL));
  wait_data[0] = workspace;
  wait_data[1] = (gpointer) week_rows;
  wait_data[2] = GINT_TO_POINTER (9);
  g_assert_true (pl_test_wait_until (n_rows_reached, wait_data, 3000));
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM metric_values WHERE series_id = 5 AND period = 'week'"
                                     " AND value IN (7, 8, 9, 10)"), ==, 4);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell (page, 5, 1))), ==, "10");

  /* Emptying a cell clears it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "metrics.set-cell", "(uus)", 12, 0, ""));
  g_assert_cmpint (count (workspace, week_rows), ==, 8);
  screenshots (window, "weeks");

  pl_metrics_page_set_workspace (page, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "stack")), ==, "no-workspace");
  destroy_window (window);
  pl_workspace_close (workspace);
}

static void
test_create_series (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("create");
  PlMetricsPage *page = pl_metrics_page_new ();
  GtkWindow *window = make_window (page, 1200, 900);

  pl_metrics_page_set_workspace (page, workspace);
  gtk_editable_set_text (child (page, "name_row"), "Complaints escalated");
  gtk_editable_set_text (child (page, "code_row"), "asa");
  gtk_editable_set_text (child (page, "unit_row"), "%");
  adw_combo_row_set_selected (child (page, "aggregation_row"), 2);

  /* "asa" is the demo's speed of answer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "metrics.create-series", NULL));
  g_assert_true (gtk_widget_get_visible (child (page, "create_error_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "create_error_label")), "already used"));
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM metric_series"), ==, 5);

  gtk_editable_set_text (child (page, "code_row"), "escalated");
  gtk_editable_set_text (child (page, "description_row"), "Complaints passed to a manager, of all complaints");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "metrics.create-series", NULL));
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM metric_series WHERE code = 'escalated'"
                                     " AND aggregation = 'ratio' AND scale = 100 AND unit = '%'"
                                     " AND description = 'Complaints passed to a manager, of all complaints'"), ==, 1);
  g_assert_false (gtk_widget_get_visible (child (page, "create_error_label")));
  g_assert_cmpstr (gtk_editable_get_text (child (page, "description_row")), ==, "");
  /* What it measures stands above its figures. */
  g_assert_cmpstr (adw_preferences_group_get_description (child (page, "grid_group")), ==,
                   "Complaints passed to a manager, of all complaints. "
                   "A ratio: type numerator/denominator, for example 12/240.");
  screenshots (window, "new-series");
  /* The new series is shown, empty, ready to type in. */
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (child (page, "series_row"))),
                   ==, "Complaints escalated");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell (page, 0, 0))), ==, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "metrics.set-cell", "(uus)", 0, 0, "3/40"));
  g_assert_cmpint (count (workspace, "SELECT count (*) FROM metric_values v JOIN metric_series s ON s.id = v.series_id"
                                     " WHERE s.code = 'escalated' AND v.numerator = 3 AND v.denominator = 40"
                                     " AND abs (v.value - 7.5) < 1e-9"), ==, 1);

  pl_metrics_page_set_workspace (page, NULL);
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

  g_test_add_func ("/app/metrics/empty", test_empty);
  g_test_add_func ("/app/metrics/grid", test_grid);
  g_test_add_func ("/app/metrics/create-series", test_create_series);

  status = g_test_run ();
  g_free (demo_path);
  return status;
}
