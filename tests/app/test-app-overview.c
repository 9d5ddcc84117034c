/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-kpi.h"
#include "core/pl-offer.h"
#include "core/pl-review.h"

#include "core/pl-demo.h"

#include "pl-chart-widget.h"
#include "pl-kpi-analysis-page.h"
#include "pl-kpi-tile.h"
#include "pl-kpi-wizard.h"
#include "pl-overview-page.h"
#include "pl-test-utils.h"
#include "pl-window.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run: it takes a few seconds to make. */
static char *demo_path;

static void
copy_demo (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (demo_path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, length, &error));
}

static PlOverviewPage *
find_overview (PlWindow *window)
{
  GtkWidget *widget = GTK_WIDGET (window);
  GtkWidget *child;

  /* Depth-first search of the window's widgets. */
  for (child = gtk_widget_get_first_child (widget); child != NULL;)
    {
      if (PL_IS_OVERVIEW_PAGE (child))
        return PL_OVERVIEW_PAGE (child);

      if (gtk_widget_get_first_child (child) != NULL)
        child = gtk_widget_get_first_child (child);
      else
        {
          while (child != NULL && gtk_widget_get_next_sibling (child) == NULL)
            {
              child = gtk_widget_get_parent (child);
              if (child == widget)
                return NULL;
            }
          if (child != NULL)
            child = gtk_widget_get_next_sibling (child);
        }
    }

  return NULL;
}

static gboolean
overview_ready_cb (gpointer user_data)
{
  return !pl_overview_page_is_loading (PL_OVERVIEW_PAGE (user_data));
}

static guint
count_tiles (PlOverviewPage *page)
{
  GtkFlowBox *tiles = pl_overview_page_get_tiles (page);
  guint n = 0;

  while (gtk_flow_box_get_child_at_index (tiles, (int) n) != NULL)
    n++;

  return n;
}

static PlKpiTile *
tile_at (PlOverviewPage *page,
         guint           index)
{
  GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (pl_overview_page_get_tiles (page),
                                                            (int) index);

  g_assert_nonnull (child);
  return PL_KPI_TILE (gtk_flow_box_child_get_child (child));
}

static const char *
stack_page_name (PlOverviewPage *page)
{
  GtkWidget *stack = adw_bin_get_child (ADW_BIN (page));

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

/* A window of the given size, presented and laid out. */
static PlWindow *
make_window (int width,
             int height)
{
  PlWindow *window = pl_window_new (pl_test_application ());

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  pl_test_present (GTK_WINDOW (window));
  pl_test_wait (200);

  return window;
}

static void
destroy_window (PlWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  pl_test_wait (50);
  g_assert_finalize_object (window);
}

static PlWindow *
open_demo_window (int width,
                  int height)
{
  g_autoptr(GError) error = NULL;
  PlWindow *window = make_window (width, height);
  PlOverviewPage *page;

  g_assert_true (pl_window_open_workspace (window, demo_path, &error));
  g_assert_no_error (error);

  page = find_overview (window);
  g_assert_nonnull (page);
  g_assert_true (pl_test_wait_until (overview_ready_cb, page, 30000));
  pl_test_wait (300);

  return window;
}

static void
test_welcome (void)
{
  PlApplication *app = pl_test_application ();
  g_autofree char *recent = g_build_filename (pl_test_tmp_dir (), "Riverside Housing.plumbline", NULL);
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  PlWindow *window;

  workspace = pl_workspace_create (recent, "Riverside Housing Association", &error);
  g_assert_no_error (error);
  g_clear_object (&workspace);
  pl_application_add_recent (app, recent);
  pl_application_add_recent (app, demo_path);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = make_window (1000, 760);

  g_assert_cmpstr (pl_window_get_page (window), ==, "welcome");
  g_assert_null (pl_window_get_workspace (window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "close-workspace"));

  pl_test_screenshot (GTK_WIDGET (window), "welcome-light");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  pl_test_wait (200);
  pl_test_screenshot (GTK_WIDGET (window), "welcome-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);

  destroy_window (window);
}

static void
test_recent (void)
{
  PlApplication *app = pl_test_application ();
  g_autofree char *dir = g_build_filename (pl_test_tmp_dir (), "recent", NULL);
  g_auto(GStrv) recent = NULL;
  g_autofree char *path_0 = NULL;
  g_autofree char *path_11 = NULL;
  g_autofree char *path_5 = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("w%u.plumbline", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_true (g_file_set_contents (path, "", 0, NULL));
      pl_application_add_recent (app, path);
    }

  path_0 = g_build_filename (dir, "w0.plumbline", NULL);
  path_5 = g_build_filename (dir, "w5.plumbline", NULL);
  path_11 = g_build_filename (dir, "w11.plumbline", NULL);

  /* Most recent first, at most ten. */
  recent = pl_application_dup_recent (app);
  g_assert_cmpuint (g_strv_length (recent), ==, PL_RECENT_MAX);
  g_assert_cmpstr (recent[0], ==, path_11);
  g_assert_false (g_strv_contains ((const char * const *) recent, path_0));
  g_clear_pointer (&recent, g_strfreev);

  /* Opening one again moves it to the top without a duplicate. */
  pl_application_add_recent (app, path_5);
  recent = pl_application_dup_recent (app);
  g_assert_cmpstr (recent[0], ==, path_5);
  g_assert_cmpstr (recent[1], ==, path_11);
  g_assert_cmpuint (g_strv_length (recent), ==, PL_RECENT_MAX);
  g_clear_pointer (&recent, g_strfreev);

  /* A file that is gone drops out of the list, and out of the settings. */
  g_assert_cmpint (g_unlink (path_11), ==, 0);
  recent = pl_application_dup_recent (app);
  g_assert_cmpuint (g_strv_length (recent), ==, PL_RECENT_MAX - 1);
  g_assert_false (g_strv_contains ((const char * const *) recent, path_11));
  g_clear_pointer (&recent, g_strfreev);
  recent = g_settings_get_strv (pl_application_get_settings (app), "recent-workspaces");
  g_assert_false (g_strv_contains ((const char * const *) recent, path_11));

  g_settings_reset (pl_application_get_settings (app), "recent-workspaces");
}

static void
test_tiles (void)
{
  PlWindow *window = open_demo_window (1400, 900);
  PlOverviewPage *page = find_overview (window);
  PlWorkspace *workspace = pl_window_get_workspace (window);
  gint64 n_kpis;
  guint n_tiles;

  g_assert_cmpstr (pl_window_get_page (window), ==, "overview");
  g_assert_cmpstr (stack_page_name (page), ==, "kpis");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));

  n_kpis = pl_test_query_int (workspace, "SELECT count(*) FROM kpis WHERE NOT archived");
  g_assert_cmpint (n_kpis, >=, 8);
  n_tiles = count_tiles (page);
  g_assert_cmpint (n_tiles, ==, n_kpis);

  for (guint i = 0; i < n_tiles; i++)
    {
      PlKpiTile *tile = tile_at (page, i);
      PlKpi *kpi = pl_kpi_tile_get_kpi (tile);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) points = pl_kpi_compute (kpi, workspace, &error);
      g_autofree char *expected = NULL;
      const PlKpiPoint *latest;

      g_assert_no_error (error);
      g_assert_cmpuint (points->len, >, 1);
      latest = &g_array_index (points, PlKpiPoint, points->len - 1);
      expected = pl_kpi_format_value (kpi, latest->value);

      g_test_message ("%s: %s, %s", pl_kpi_get_name (kpi), expected,
                      pl_status_to_label (pl_kpi_tile_get_status (tile)));
      g_assert_cmpstr (pl_kpi_tile_get_value_text (tile), ==, expected);
      g_assert_cmpint (pl_kpi_tile_get_status (tile), ==, pl_kpi_status_for (kpi, latest->value));
      g_assert_cmpint (pl_kpi_tile_get_status (tile), !=, PL_STATUS_NONE);
      /* The spoken summary carries the value and the status in words. */
      g_assert_nonnull (strstr (pl_kpi_tile_get_summary (tile), expected));
      g_assert_nonnull (strstr (pl_kpi_tile_get_summary (tile),
                                pl_status_to_label (pl_kpi_tile_get_status (tile))));
    }

  destroy_window (window);
}

static void
test_select (void)
{
  PlWindow *window = open_demo_window (1400, 900);
  PlOverviewPage *page = find_overview (window);
  PlChartWidget *chart = PL_CHART_WIDGET (pl_overview_page_get_chart (page));
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(PlKpi) kpi_0 = g_object_ref (pl_kpi_tile_get_kpi (tile_at (page, 0)));
  g_autoptr(PlKpi) kpi_1 = g_object_ref (pl_kpi_tile_get_kpi (tile_at (page, 1)));

  /* The first tile is selected to begin with. */
  g_assert_cmpint (pl_overview_page_get_selected_kpi_id (page), ==, pl_kpi_get_id (kpi_0));
  first = pl_chart_widget_dup_description (chart);
  g_assert_nonnull (first);
  g_assert_nonnull (strstr (first, pl_kpi_get_name (kpi_0)));

  /* As a click on the second tile does. */
  gtk_flow_box_select_child (pl_overview_page_get_tiles (page),
                             gtk_flow_box_get_child_at_index (pl_overview_page_get_tiles (page), 1));
  pl_test_wait (100);

  g_assert_cmpint (pl_overview_page_get_selected_kpi_id (page), ==, pl_kpi_get_id (kpi_1));
  second = pl_chart_widget_dup_description (chart);
  g_assert_nonnull (second);
  g_assert_cmpstr (first, !=, second);
  g_assert_nonnull (strstr (second, pl_kpi_get_name (kpi_1)));

  /* The selection survives a recomputation. */
  pl_workspace_emit_changed (pl_window_get_workspace (window), "kpis");
  g_assert_true (pl_test_wait_until (overview_ready_cb, page, 30000));
  g_assert_cmpint (pl_overview_page_get_selected_kpi_id (page), ==, pl_kpi_get_id (kpi_1));

  destroy_window (window);
}

/* On a short window the chart card sits below the tiles: clicking a tile
 * scrolls it into view. */
static void
test_activate_scrolls_to_chart (void)
{
  PlWindow *window = open_demo_window (1000, 600);
  PlOverviewPage *page = find_overview (window);
  GtkWidget *chart = pl_overview_page_get_chart (page);
  GtkWidget *scroller = gtk_widget_get_ancestor (chart, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  GtkFlowBoxChild *child;
  graphene_point_t top;
  double value, page_size;

  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));

  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  child = gtk_flow_box_get_child_at_index (pl_overview_page_get_tiles (page), 2);
  g_signal_emit_by_name (child, "activate");
  pl_test_wait (100);

  value = gtk_adjustment_get_value (adjustment);
  page_size = gtk_adjustment_get_page_size (adjustment);
  g_assert_cmpfloat (value, >, 0);
  g_assert_true (gtk_widget_compute_point (chart, content, &GRAPHENE_POINT_INIT (0, 0), &top));
  g_assert_cmpfloat (top.y, >=, value);
  g_assert_cmpfloat (top.y + gtk_widget_get_height (chart), <=, value + page_size);
  pl_test_screenshot (GTK_WIDGET (window), "overview-short-window-chart");

  destroy_window (window);
}

/* GTK keeps a window within its monitor: xvfb-run's default screen is
 * 1280 wide, so the wide screenshots need `xvfb-run -s "-screen 0
 * 1920x1080x24"` to be really 1400 wide. */
static void
assert_width (PlWindow *window,
              int       width)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkMonitor *monitor = gdk_display_get_monitor_at_surface (display, surface);
  GdkRectangle geometry;

  gdk_monitor_get_geometry (monitor, &geometry);
  if (geometry.width >= width)
    g_assert_cmpint (gdk_surface_get_width (surface), ==, width);
  else
    g_test_message ("The screen is %d pixels wide: the window is %d wide, not %d",
                    geometry.width, gdk_surface_get_width (surface), width);
}

static void
screenshot_overview (int         width,
                     int         height,
                     gboolean    dark,
                     const char *name)
{
  PlWindow *window;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = open_demo_window (width, height);

  assert_width (window, width);
  g_assert_cmpstr (pl_window_get_page (window), ==, "overview");
  pl_test_screenshot (GTK_WIDGET (window), name);

  /* The selected KPI's card with its chart, below the tiles. */
  if (width > 1000)
    {
      g_autofree char *card_name = g_strconcat (name, "-chart", NULL);
      GtkWidget *chart = pl_overview_page_get_chart (find_overview (window));

      pl_test_screenshot (gtk_widget_get_parent (chart), card_name);
    }

  destroy_window (window);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
test_screenshots (void)
{
  screenshot_overview (1400, 900, FALSE, "overview-light-wide");
  screenshot_overview (1400, 900, TRUE, "overview-dark-wide");
  screenshot_overview (400, 800, FALSE, "overview-light-narrow");
  screenshot_overview (400, 800, TRUE, "overview-dark-narrow");
}

static void
test_narrow_navigation (void)
{
  PlWindow *window = open_demo_window (400, 800);

  /* Folded: the pages list is one step back from the page. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL);
  pl_test_wait (500);
  pl_test_screenshot (GTK_WIDGET (window), "sidebar-narrow");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "overview");
  pl_test_wait (500);
  g_assert_cmpstr (pl_window_get_page (window), ==, "overview");

  destroy_window (window);
}

static void
test_empty (void)
{
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), "Empty.plumbline", NULL);
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  PlWindow *window;
  PlOverviewPage *page;

  workspace = pl_workspace_create (path, "Northgate Leisure Centre", &error);
  g_assert_no_error (error);

  window = make_window (1000, 760);
  pl_window_set_workspace (window, workspace);
  page = find_overview (window);
  g_assert_true (pl_test_wait_until (overview_ready_cb, page, 10000));
  pl_test_wait (300);

  g_assert_cmpuint (count_tiles (page), ==, 0);
  g_assert_cmpstr (stack_page_name (page), ==, "empty");
  pl_test_screenshot (GTK_WIDGET (window), "overview-empty");

  destroy_window (window);
}

static void
test_refresh (void)
{
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), "refresh.plumbline", NULL);
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GListModel) kpis = NULL;
  g_autoptr(PlKpi) first = NULL;
  g_autoptr(GError) error = NULL;
  PlWindow *window;
  PlOverviewPage *page;
  guint n_before;

  /* A copy, so that archiving does not change the shared demo. */
  copy_demo (path);
  workspace = pl_workspace_open (path, &error);
  g_assert_no_error (error);

  window = make_window (1200, 800);
  pl_window_set_workspace (window, workspace);
  page = find_overview (window);
  g_assert_true (pl_test_wait_until (overview_ready_cb, page, 30000));
  n_before = count_tiles (page);

  kpis = pl_kpi_list (workspace, FALSE, &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (kpis, 0);
  g_assert_true (pl_kpi_set_archived (first, workspace, TRUE, &error));
  g_assert_no_error (error);

  /* The page follows the workspace's "changed" signal. */
  pl_test_wait (50);
  g_assert_true (pl_test_wait_until (overview_ready_cb, page, 30000));
  g_assert_cmpuint (count_tiles (page), ==, n_before - 1);
  g_assert_cmpint (pl_kpi_get_id (pl_kpi_tile_get_kpi (tile_at (page, 0))), !=, pl_kpi_get_id (first));

  destroy_window (window);
}

static gpointer
overview_child (PlOverviewPage *page,
                const char     *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_OVERVIEW_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

/* The text of the suffix label named @name in @row. */
static const char *
row_pill (GtkWidget  *row,
          const char *name)
{
  GtkWidget *widget = row;

  while (widget != NULL)
    {
      if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
        return gtk_label_get_text (GTK_LABEL (widget));

      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != NULL && widget != row && gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          if (widget == NULL || widget == row)
            return NULL;
          widget = gtk_widget_get_next_sibling (widget);
        }
    }

  return NULL;
}

/* The Overview shows each commitment of the service offer with whether it
 * is kept (issue 4), and each review with its stage. */
static void
test_promises_and_reviews (void)
{
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), "promises.plumbline", NULL);
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(PlOffer) offer = NULL;
  g_autoptr(GListModel) commitments = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(PlReview) review = NULL;
  g_autoptr(GError) error = NULL;
  PlWindow *window;
  PlOverviewPage *page;
  GtkListBox *list;
  GtkListBoxRow *row;
  guint n_kept = 0;

  copy_demo (path);
  workspace = pl_workspace_open (path, &error);
  g_assert_no_error (error);

  window = make_window (1200, 900);
  pl_window_set_workspace (window, workspace);
  page = find_overview (window);
  g_assert_true (pl_test_wait_until (overview_ready_cb, page, 30000));
  pl_test_wait (200);

  /* The demo's seven commitments, in order, each with the core's verdict. */
  offer = pl_offer_get_current (workspace, NULL, &error);
  g_assert_no_error (error);
  commitments = pl_offer_list_commitments (offer, workspace, &error);
  checks = pl_offer_check_commitments (offer, workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (commitments), ==, 7);
  g_assert_true (gtk_widget_get_visible (overview_child (page, "promises_group")));
  list = overview_child (page, "promises_list");
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(PlCommitment) commitment = g_list_model_get_item (commitments, i);
      const PlCommitmentCheck *check = g_ptr_array_index (checks, i);

      row = gtk_list_box_get_row_at_index (list, (int) i);
      g_assert_nonnull (row);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                       pl_commitment_get_text (commitment));
      g_assert_cmpstr (row_pill (GTK_WIDGET (row), "kept-status"), ==, pl_kept_to_label (check->kept));
      if (check->value_text != NULL)
        g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), check->value_text));
      n_kept += check->kept == PL_KEPT_KEPT;
    }
  g_assert_null (gtk_list_box_get_row_at_index (list, 7));
  /* The demo plants shortfalls: not every promise is kept. */
  g_assert_cmpuint (n_kept, <, 7);

  /* No review yet: the row says so and leads to the plan page. */
  list = overview_child (page, "reviews_list");
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "No review planned yet");
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));

  review = pl_review_new ();
  pl_review_set_title (review, "Autumn service review");
  pl_review_set_period_start (review, "2026-10-01");
  pl_review_set_period_end (review, "2026-12-31");
  g_assert_true (pl_review_save (review, workspace, &error));
  g_assert_no_error (error);
  g_assert_true (pl_review_set_status (review, PL_REVIEW_STATUS_COLLECTING, &error));
  g_assert_true (pl_review_save (review, workspace, &error));
  g_assert_no_error (error);

  pl_test_wait (50);
  g_assert_true (pl_test_wait_until (overview_ready_cb, page, 30000));
  pl_test_wait (300);
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Autumn service review");
  g_assert_cmpstr (row_pill (GTK_WIDGET (row), "review-status"), ==, "Collecting");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Stage 2 of 5"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "win.show-page");

  pl_test_screenshot (GTK_WIDGET (window), "overview-promises-light-wide");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 900);
  pl_test_wait (400);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (overview_child (page, "scroller")), 100000);
  pl_test_wait (200);
  pl_test_screenshot (GTK_WIDGET (window), "overview-promises-dark-narrow");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  destroy_window (window);
}

/* The selected tile's "Analyse" opens that KPI on the KPI Analysis page
 * (issue 5: the Overview tiles link to the KPI detail). */
static void
test_analyse_opens_kpi (void)
{
  PlWindow *window = open_demo_window (1400, 900);
  PlOverviewPage *page = find_overview (window);
  PlKpiTile *tile = tile_at (page, 1);
  gint64 kpi_id = pl_kpi_get_id (pl_kpi_tile_get_kpi (tile));
  GtkButton *button = overview_child (page, "analyse_button");
  GVariant *target;

  pl_overview_page_select_kpi (page, 1);
  pl_test_wait (100);
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  g_assert_nonnull (target);
  g_assert_cmpint (g_variant_get_int64 (target), ==, kpi_id);

  g_signal_emit_by_name (button, "clicked");
  pl_test_wait (200);
  g_assert_cmpstr (pl_window_get_page (window), ==, "kpi-analysis");
  {
    PlKpiAnalysisPage *analysis = NULL;
    GtkWidget *widget = GTK_WIDGET (window);

    /* Depth-first search for the analysis page. */
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL && analysis == NULL;)
      {
        if (PL_IS_KPI_ANALYSIS_PAGE (child))
          analysis = PL_KPI_ANALYSIS_PAGE (child);
        else if (gtk_widget_get_first_child (child) != NULL)
          child = gtk_widget_get_first_child (child);
        else
          {
            while (child != NULL && child != widget && gtk_widget_get_next_sibling (child) == NULL)
              child = gtk_widget_get_parent (child);
            child = (child == NULL || child == widget) ? NULL : gtk_widget_get_next_sibling (child);
          }
      }
    g_assert_nonnull (analysis);
    g_assert_cmpint (pl_kpi_analysis_page_get_kpi_id (analysis), ==, kpi_id);
  }

  destroy_window (window);
}

static void
test_broken_kpi (void)
{
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), "broken.plumbline", NULL);
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  PlWindow *window;
  PlOverviewPage *page;
  PlKpiTile *broken = NULL;
  guint n_tiles;

  copy_demo (path);
  workspace = pl_workspace_open (path, &error);
  g_assert_no_error (error);

  /* A survey KPI whose question is gone. */
  g_assert_true (pl_workspace_exec (workspace,
                                    "INSERT INTO kpis (code, name, source, calculation, direction,"
                                    " target, red_threshold, position, created_at, updated_at)"
                                    " VALUES ('broken', 'Callback satisfaction', 'survey', 'mean',"
                                    " 'higher', 4, 3, 99, '2026-09-28T09:00:00Z', '2026-09-28T09:00:00Z')",
                                    &error));
  g_assert_no_error (error);

  window = make_window (1400, 900);
  pl_window_set_workspace (window, workspace);
  page = find_overview (window);
  g_assert_true (pl_test_wait_until (overview_ready_cb, page, 30000));
  pl_test_wait (300);

  /* The dashboard still shows every KPI; the broken one says so. */
  g_assert_cmpstr (stack_page_name (page), ==, "kpis");
  n_tiles = count_tiles (page);
  g_assert_cmpint (n_tiles, ==, pl_test_query_int (workspace, "SELECT count(*) FROM kpis WHERE NOT archived"));

  for (guint i = 0; i < n_tiles; i++)
    {
      PlKpiTile *tile = tile_at (page, i);

      if (g_strcmp0 (pl_kpi_get_code (pl_kpi_tile_get_kpi (tile)), "broken") == 0)
        broken = tile;
      else
        g_assert_cmpint (pl_kpi_tile_get_status (tile), !=, PL_STATUS_NONE);
    }

  g_assert_nonnull (broken);
  g_assert_cmpint (pl_kpi_tile_get_status (broken), ==, PL_STATUS_NONE);
  g_assert_cmpstr (pl_kpi_tile_get_value_text (broken), ==, "—");
  g_assert_nonnull (strstr (pl_kpi_tile_get_summary (broken), "could not be computed"));

  gtk_flow_box_select_child (pl_overview_page_get_tiles (page),
                             GTK_FLOW_BOX_CHILD (gtk_widget_get_parent (GTK_WIDGET (broken))));
  pl_test_wait (300);
  g_assert_cmpint (pl_overview_page_get_selected_kpi_id (page), ==,
                   pl_kpi_get_id (pl_kpi_tile_get_kpi (broken)));
  pl_test_screenshot (GTK_WIDGET (window), "overview-broken-kpi");

  destroy_window (window);
}

static void
test_close_and_reopen (void)
{
  g_autoptr(GError) error = NULL;
  PlWindow *window = open_demo_window (1200, 800);
  PlApplication *app = pl_test_application ();
  g_autofree char *last = NULL;

  last = g_settings_get_string (pl_application_get_settings (app), "last-workspace");
  g_assert_cmpstr (last, ==, demo_path);
  g_clear_pointer (&last, g_free);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-workspace", NULL);
  pl_test_wait (100);
  g_assert_cmpstr (pl_window_get_page (window), ==, "welcome");
  g_assert_null (pl_window_get_workspace (window));
  last = g_settings_get_string (pl_application_get_settings (app), "last-workspace");
  g_assert_cmpstr (last, ==, "");

  /* Closing let go of the file: it opens again. */
  g_assert_true (pl_window_open_workspace (window, demo_path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pl_window_get_page (window), ==, "overview");

  destroy_window (window);
}

static gboolean
find_dialog_cb (gpointer user_data)
{
  AdwMessageDialog **out = user_data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item) && gtk_widget_get_mapped (GTK_WIDGET (item)))
        {
          *out = ADW_MESSAGE_DIALOG (item);
          return TRUE;
        }
    }

  return FALSE;
}

static void
assert_refused (PlWindow   *window,
                const char *path,
                int         code,
                const char *heading,
                const char *screenshot)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  AdwMessageDialog *dialog = NULL;

  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  g_assert_false (pl_window_open_workspace (window, path, &error));
  g_assert_error (error, PL_ERROR, code);
  g_assert_cmpstr (pl_window_get_page (window), ==, "welcome");
  g_assert_null (pl_window_get_workspace (window));

  /* The way a user gets there: the dialog explains, the window stays. */
  g_assert_false (pl_application_open_path (pl_test_application (), GTK_WINDOW (window), path));
  g_assert_true (pl_test_wait_until (find_dialog_cb, &dialog, 5000));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "not been changed"));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  pl_test_wait (300);
  if (screenshot != NULL)
    pl_test_screenshot (GTK_WIDGET (dialog), screenshot);
  /* As the Close button does. */
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, "close");
  gtk_window_close (GTK_WINDOW (dialog));
  pl_test_wait (100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_finalize_object (dialog);

  g_assert_cmpstr (pl_window_get_page (window), ==, "welcome");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window)));

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpuint (before_len, ==, after_len);
  g_assert_true (memcmp (before, after, before_len) == 0);
}

static void
test_not_a_workspace (void)
{
  g_autofree char *text_path = g_build_filename (pl_test_tmp_dir (), "notes.plumbline", NULL);
  g_autofree char *db_path = g_build_filename (pl_test_tmp_dir (), "other.db", NULL);
  g_autofree char *newer_path = g_build_filename (pl_test_tmp_dir (), "newer.plumbline", NULL);
  sqlite3 *db = NULL;
  PlWindow *window;

  g_assert_true (g_file_set_contents (text_path,
                                      "Call log, 3 March: customer rang twice about the refund.\n",
                                      -1, NULL));

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE tickets (id INTEGER PRIMARY KEY, subject TEXT);"
                                     "INSERT INTO tickets (subject) VALUES ('Late delivery');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  /* A workspace from a Plumbline of the future. */
  {
    g_autoptr(PlWorkspace) workspace = pl_workspace_create (newer_path, "Future Ltd", NULL);
    g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d",
                                            pl_workspace_get_current_version () + 1);

    g_assert_nonnull (workspace);
    g_assert_true (pl_workspace_exec (workspace, sql, NULL));
  }

  window = make_window (1000, 760);

  assert_refused (window, text_path, PL_ERROR_NOT_SQLITE,
                  "Not a Plumbline Workspace", "error-not-a-workspace");
  assert_refused (window, db_path, PL_ERROR_NOT_WORKSPACE,
                  "Not a Plumbline Workspace", NULL);
  assert_refused (window, newer_path, PL_ERROR_TOO_NEW,
                  "Workspace From a Newer Plumbline", "error-too-new");

  destroy_window (window);
}

static void
test_create_workspace (void)
{
  PlApplication *app = pl_test_application ();
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), "Harbour Dental", NULL);
  g_autofree char *full_path = g_strconcat (path, ".plumbline", NULL);
  PlWindow *window = make_window (1000, 760);
  PlOverviewPage *page;

  /* The file chooser asked whether to replace it: it is replaced. */
  g_assert_true (g_file_set_contents (full_path, "an old file", -1, NULL));

  g_assert_true (pl_application_create_workspace (app, GTK_WINDOW (window), path));
  g_assert_nonnull (pl_window_get_workspace (window));
  g_assert_cmpstr (pl_workspace_get_path (pl_window_get_workspace (window)), ==, full_path);
  g_assert_cmpstr (pl_window_get_page (window), ==, "overview");

  page = find_overview (window);
  g_assert_true (pl_test_wait_until (overview_ready_cb, page, 10000));
  g_assert_cmpstr (stack_page_name (page), ==, "empty");

  /* The organisation is named after the file until the user names it. */
  {
    g_autofree char *title = pl_workspace_dup_title (pl_window_get_workspace (window));

    g_assert_cmpstr (title, ==, "Harbour Dental");
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Harbour Dental – Plumbline");
  }

  destroy_window (window);

  /* It is a workspace now, and it opens. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PlWorkspace) workspace = pl_workspace_open (full_path, &error);

    g_assert_no_error (error);
    g_assert_nonnull (workspace);
  }
}

static void
test_window_size (void)
{
  GSettings *settings = pl_application_get_settings (pl_test_application ());
  PlWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 1111);
  g_settings_set_int (settings, "window-height", 777);

  /* A new window takes the size the last one had. */
  window = pl_window_new (pl_test_application ());
  g_object_ref (window);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1111);
  g_assert_cmpint (height, ==, 777);

  /* Closing it keeps its size for next time. */
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 650);
  gtk_window_present (GTK_WINDOW (window));
  pl_test_wait (200);
  gtk_window_close (GTK_WINDOW (window));
  pl_test_wait (100);
  g_assert_finalize_object (window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
test_already_open (void)
{
  g_autoptr(GError) error = NULL;
  PlWindow *first = open_demo_window (1000, 760);
  PlWindow *second = make_window (1000, 760);

  /* A second window cannot take the same file... */
  g_assert_false (pl_window_open_workspace (second, demo_path, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_LOCKED);
  g_assert_cmpstr (pl_window_get_page (second), ==, "welcome");

  /* ...and opening it the way a user does brings its window forward. */
  g_assert_true (pl_application_open_path (pl_test_application (), GTK_WINDOW (second), demo_path));
  g_assert_null (pl_window_get_workspace (second));
  g_assert_nonnull (pl_window_get_workspace (first));

  destroy_window (second);
  destroy_window (first);
}

static void
test_open_from_command_line (void)
{
  PlApplication *app = pl_test_application ();
  g_autoptr(GFile) file = g_file_new_for_path (demo_path);
  PlWindow *window = NULL;

  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* `plumbline FILE` */
  g_application_open (G_APPLICATION (app), &file, 1, "");
  pl_test_wait (100);

  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  window = gtk_application_get_windows (GTK_APPLICATION (app))->data;
  g_assert_nonnull (pl_window_get_workspace (window));
  g_assert_cmpstr (pl_workspace_get_path (pl_window_get_workspace (window)), ==, demo_path);
  g_assert_true (pl_test_wait_until (overview_ready_cb, find_overview (window), 30000));

  g_object_ref (window);
  destroy_window (window);
}

typedef struct
{
  GType type;
  GtkWindow *found;
} FindWindow;

static gboolean
find_window_cb (gpointer user_data)
{
  FindWindow *find = user_data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (item, find->type) &&
          gtk_widget_get_mapped (GTK_WIDGET (item)))
        {
          find->found = GTK_WINDOW (item);
          return TRUE;
        }
    }

  return FALSE;
}

static GtkWindow *
wait_for_window (GType type)
{
  FindWindow find = { type, NULL };

  g_assert_true (pl_test_wait_until (find_window_cb, &find, 5000));
  return find.found;
}

static void
close_window (GtkWindow *window)
{
  g_object_ref (window);
  gtk_window_close (window);
  pl_test_wait (100);
  g_assert_finalize_object (window);
}

static gboolean
not_busy_cb (gpointer user_data)
{
  return !pl_window_is_busy (PL_WINDOW (user_data));
}

static void
test_demo_cancel (void)
{
  g_autofree char *path = pl_demo_default_path ();
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  PlWindow *window = make_window (1000, 760);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  pl_window_open_demo (window);
  g_assert_true (pl_window_is_busy (window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "close-workspace"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "cancel-demo"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-demo", NULL);
  g_assert_true (pl_test_wait_until (not_busy_cb, window, 30000));
  pl_test_wait (100);

  /* Cancelled quietly: no half-made demo left behind, still welcome. */
  g_assert_cmpstr (pl_window_get_page (window), ==, "welcome");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  destroy_window (window);
}

static gboolean
showing_overview_cb (gpointer user_data)
{
  PlWindow *window = user_data;
  PlOverviewPage *page = find_overview (window);

  return g_strcmp0 (pl_window_get_page (window), "overview") == 0 &&
         !pl_overview_page_is_loading (page);
}

static void
test_demo_first_run (void)
{
  g_autofree char *path = pl_demo_default_path ();
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  PlWindow *window = make_window (1000, 760);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* As the welcome view's button does. */
  gtk_widget_activate_action (GTK_WIDGET (window), "app.open-demo", NULL);
  g_assert_true (pl_window_is_busy (window));
  pl_test_wait (200);
  pl_test_screenshot (GTK_WIDGET (window), "welcome-creating-demo");

  g_assert_true (pl_test_wait_until (showing_overview_cb, window, 60000));
  g_assert_false (pl_window_is_busy (window));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (pl_workspace_get_path (pl_window_get_workspace (window)), ==, path);
  g_assert_cmpuint (count_tiles (find_overview (window)), >=, 8);

  destroy_window (window);
}

static void
test_export (void)
{
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), "Scorecard", NULL);
  g_autofree char *xlsx = g_strconcat (path, ".xlsx", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  PlWindow *window = open_demo_window (1200, 800);

  pl_window_export_to (window, path);
  g_assert_true (pl_window_is_busy (window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));
  g_assert_true (pl_test_wait_until (not_busy_cb, window, 60000));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));

  /* ".xlsx" added; a zip archive, as every workbook is. */
  g_assert_true (g_file_get_contents (xlsx, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (memcmp (contents, "PK\003\004", 4) == 0);

  pl_test_wait (500);
  pl_test_screenshot (GTK_WIDGET (window), "overview-exported");

  destroy_window (window);
}

static void
test_actions (void)
{
  PlApplication *app = pl_test_application ();
  PlWindow *window = open_demo_window (1200, 800);
  GtkWindow *dialog;
  g_auto(GStrv) accels = NULL;

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.export");
  g_assert_cmpstr (accels[0], ==, "<Control>e");
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-page::kpis");
  g_assert_cmpstr (accels[0], ==, "<Alt>2");
  g_clear_pointer (&accels, g_strfreev);

  /* Alt+2 and Alt+3 go to the pages; Alt+1 back to the Overview. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "kpis");
  g_assert_cmpstr (pl_window_get_page (window), ==, "kpis");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "responses");
  g_assert_cmpstr (pl_window_get_page (window), ==, "responses");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "overview");
  g_assert_cmpstr (pl_window_get_page (window), ==, "overview");

  /* Keyboard shortcuts */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  dialog = wait_for_window (GTK_TYPE_SHORTCUTS_WINDOW);
  pl_test_wait (300);
  pl_test_screenshot (GTK_WIDGET (dialog), "shortcuts");
  gtk_window_close (dialog);
  pl_test_wait (100);

  /* About */
  gtk_widget_activate_action (GTK_WIDGET (window), "app.about", NULL);
  dialog = wait_for_window (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (dialog)), ==, "Plumbline");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (dialog)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (dialog)), ==, GTK_LICENSE_GPL_3_0);
  close_window (dialog);

  /* Add a KPI: the wizard, for a new KPI, on top of the window. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-kpi", NULL);
  dialog = wait_for_window (PL_TYPE_KPI_WIZARD);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_false (pl_kpi_wizard_get_editing (PL_KPI_WIZARD (dialog)));
  close_window (dialog);

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlWorkspace) demo = NULL;
  gint64 start;
  int status;

  pl_test_init (&argc, &argv);

  start = g_get_monotonic_time ();
  demo = pl_test_make_demo (pl_test_tmp_dir ());
  demo_path = g_strdup (pl_workspace_get_path (demo));
  g_clear_object (&demo);
  g_test_message ("Demo workspace made in %.1f s", (g_get_monotonic_time () - start) / 1e6);

  g_test_add_func ("/app/overview/welcome", test_welcome);
  g_test_add_func ("/app/overview/recent", test_recent);
  g_test_add_func ("/app/overview/tiles", test_tiles);
  g_test_add_func ("/app/overview/activate-scrolls-to-chart", test_activate_scrolls_to_chart);
  g_test_add_func ("/app/overview/select", test_select);
  g_test_add_func ("/app/overview/screenshots", test_screenshots);
  g_test_add_func ("/app/overview/narrow-navigation", test_narrow_navigation);
  g_test_add_func ("/app/overview/empty", test_empty);
  g_test_add_func ("/app/overview/refresh", test_refresh);
  g_test_add_func ("/app/overview/broken-kpi", test_broken_kpi);
  g_test_add_func ("/app/overview/promises-and-reviews", test_promises_and_reviews);
  g_test_add_func ("/app/overview/analyse-opens-kpi", test_analyse_opens_kpi);
  g_test_add_func ("/app/overview/close-and-reopen", test_close_and_reopen);
  g_test_add_func ("/app/overview/not-a-workspace", test_not_a_workspace);
  g_test_add_func ("/app/overview/create-workspace", test_create_workspace);
  g_test_add_func ("/app/overview/window-size", test_window_size);
  g_test_add_func ("/app/overview/already-open", test_already_open);
  g_test_add_func ("/app/overview/open-from-command-line", test_open_from_command_line);
  g_test_add_func ("/app/overview/demo-cancel", test_demo_cancel);
  g_test_add_func ("/app/overview/demo-first-run", test_demo_first_run);
  g_test_add_func ("/app/overview/export", test_export);
  g_test_add_func ("/app/overview/actions", test_actions);

  status = g_test_run ();

  g_free (demo_path);
  return status;
}
