/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include "core/pl-analysis.h"
#include "core/pl-error.h"
#include "core/pl-kpi.h"
#include "core/pl-util.h"

#include "pl-chart-widget.h"
#include "pl-colleagues-page.h"
#include "pl-test-db.h"
#include "pl-test-utils.h"

/* One demo workspace for the whole run; each test works on its own copy.
 * The demo (src/core/pl-demo.c) has two teams, Customer Care (C01–C07)
 * and Billing & Payments (C08–C12), twelve colleagues with 50 scored
 * observations each over 30 Mar – 27 Sep 2026, the KPIs "qa" (the
 * scorecard's quality score) and "csat" (share of CSAT answers of 4 or
 * 5), and one planted colleague pattern: Priya Shah (C07) scores about 15
 * points lower from Monday 2026-07-06 (about 91 against 75). */
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
child (PlColleaguesPage *page,
       const char       *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_COLLEAGUES_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_state (PlColleaguesPage *page)
{
  return gtk_stack_get_visible_child_name (child (page, "stack"));
}

static gboolean
loaded_cb (gpointer user_data)
{
  return !pl_colleagues_page_is_loading (user_data);
}

static void
wait_loaded (PlColleaguesPage *page)
{
  g_assert_true (pl_test_wait_until (loaded_cb, page, 30000));
  pl_test_wait (100);
}

static GtkWindow *
make_window (PlColleaguesPage *page,
             int               width,
             int               height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  g_object_ref (window);
  gtk_window_set_application (window, GTK_APPLICATION (pl_test_application ()));
  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, GTK_WIDGET (page));
  pl_test_present (window);
  wait_loaded (page);

  return window;
}

static void
destroy_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  pl_test_wait (50);
  g_assert_finalize_object (window);
}

/* <page>-<what>-<light|dark>-<narrow|wide> */
static void
screenshots (GtkWindow  *window,
             GtkWidget  *widget,
             const char *what)
{
  static const struct { const char *name; int width; } sizes[] = {
    { "wide", 1200 }, { "narrow", 400 },
  };
  AdwStyleManager *style = adw_style_manager_get_default ();

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      gtk_window_set_default_size (window, sizes[s].width, height);
      pl_test_wait (300);

      for (guint dark = 0; dark < 2; dark++)
        {
          g_autofree char *name = g_strdup_printf ("colleagues-%s-%s-%s", what,
                                                   dark ? "dark" : "light", sizes[s].name);

          adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                          : ADW_COLOR_SCHEME_FORCE_LIGHT);
          pl_test_wait (200);
          pl_test_screenshot (widget, name);
        }
    }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (window, 1200, 900);
  pl_test_wait (200);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static const char *
named_text (GtkWidget  *widget,
            const char *name)
{
  GtkWidget *found = find_named (widget, name);

  g_assert_nonnull (found);
  g_assert_true (GTK_IS_LABEL (found));
  return gtk_label_get_text (GTK_LABEL (found));
}

static gint64
data_id (gpointer    object,
         const char *key)
{
  gint64 *id = g_object_get_data (G_OBJECT (object), key);

  return id != NULL ? *id : 0;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static GtkListBoxRow *
colleague_row (PlColleaguesPage *page,
               gint64            colleague_id)
{
  GtkListBox *list = child (page, "colleague_list");

  for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (data_id (row, "colleague-id") == colleague_id)
        return row;
    }

  return NULL;
}

static PlKpi *
load_kpi (PlWorkspace *workspace,
          const char  *code)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM kpis WHERE code = '%s'", code);
  g_autoptr(GError) error = NULL;
  PlKpi *kpi = pl_kpi_load (workspace, pl_test_query_int (workspace, sql), &error);

  g_assert_no_error (error);
  return kpi;
}

static GPtrArray *
patterns_for (PlWorkspace      *workspace,
              PlKpi            *kpi,
              PlAnalysisPeriod  period)
{
  g_autoptr(GError) error = NULL;
  PlAnalysisOptions options;
  GPtrArray *patterns;

  pl_analysis_options_init (&options);
  options.period = period;
  patterns = pl_analysis_colleagues (workspace, kpi, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (patterns);

  return patterns;
}

/* The latest period with data for anyone, as the page takes it. */
static char *
latest_period (GPtrArray *patterns)
{
  const char *latest = "";

  for (guint i = 0; i < patterns->len; i++)
    {
      const PlColleaguePattern *pattern = g_ptr_array_index (patterns, i);

      for (guint j = 0; j < pattern->cells->len; j++)
        {
          const PlAnalysisCell *cell = &g_array_index (pattern->cells, PlAnalysisCell, j);

          if (strcmp (cell->period_start, latest) > 0)
            latest = cell->period_start;
        }
    }

  return g_strdup (latest);
}

static const PlAnalysisCell *
cell_in (const PlColleaguePattern *pattern,
         const char               *period_start)
{
  for (guint j = 0; j < pattern->cells->len; j++)
    {
      const PlAnalysisCell *cell = &g_array_index (pattern->cells, PlAnalysisCell, j);

      if (strcmp (cell->period_start, period_start) == 0)
        return cell;
    }

  return NULL;
}

/* Every colleague's row shows the latest value, n and interval of each
 * measure exactly as pl_analysis_colleagues() works them out, and the
 * small-sample tag exactly where n is under the workspace's minimum. */
static void
assert_rows_match (PlColleaguesPage *page,
                   PlWorkspace      *workspace,
                   PlAnalysisPeriod  period,
                   gint64            min_sample,
                   guint            *n_small_qa,
                   guint            *n_small_csat)
{
  static const char * const codes[] = { "qa", "csat" };

  *n_small_qa = *n_small_csat = 0;

  for (guint m = 0; m < G_N_ELEMENTS (codes); m++)
    {
      g_autoptr(PlKpi) kpi = load_kpi (workspace, codes[m]);
      g_autoptr(GPtrArray) patterns = patterns_for (workspace, kpi, period);
      g_autofree char *latest = latest_period (patterns);

      g_assert_cmpuint (patterns->len, ==, 12);

      for (guint i = 0; i < patterns->len; i++)
        {
          const PlColleaguePattern *pattern = g_ptr_array_index (patterns, i);
          const PlAnalysisCell *cell = cell_in (pattern, latest);
          GtkListBoxRow *row = colleague_row (page, pattern->colleague.id);
          g_autofree char *value_name = g_strconcat (codes[m], "-value", NULL);
          g_autofree char *n_name = g_strconcat (codes[m], "-n", NULL);
          g_autofree char *small_name = g_strconcat (codes[m], "-small", NULL);
          g_autofree char *interval_name = g_strconcat (codes[m], "-interval", NULL);
          g_autofree char *value = NULL;
          g_autofree char *n = NULL;
          g_autofree char *lower = NULL;
          g_autofree char *upper = NULL;

          g_assert_nonnull (row);
          g_assert_cmpstr (named_text (GTK_WIDGET (row), "name"), ==, pattern->colleague.name);
          g_assert_nonnull (cell);
          value = pl_kpi_format_value (kpi, cell->value);
          n = g_strdup_printf ("n = %" G_GINT64_FORMAT, cell->n);
          g_assert_cmpstr (named_text (GTK_WIDGET (row), value_name), ==, value);
          g_assert_cmpstr (named_text (GTK_WIDGET (row), n_name), ==, n);
          if (isfinite (cell->lower))
            {
              g_autofree char *interval = NULL;

              lower = pl_kpi_format_value (kpi, cell->lower);
              upper = pl_kpi_format_value (kpi, cell->upper);
              interval = g_strdup_printf ("95%% interval %s to %s", lower, upper);
              g_assert_cmpstr (named_text (GTK_WIDGET (row), interval_name), ==, interval);
            }

          /* The tag: exactly where n is under the minimum. */
          g_assert_cmpint (cell->small_sample, ==, cell->n < min_sample);
          g_assert_cmpint (find_named (GTK_WIDGET (row), small_name) != NULL, ==, cell->n < min_sample);
          if (cell->n < min_sample)
            (*(m == 0 ? n_small_qa : n_small_csat))++;
        }
    }
}

static void
test_no_workspace (void)
{
  PlColleaguesPage *page = pl_colleagues_page_new ();
  GtkWindow *window = make_window (page, 900, 700);

  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  g_assert_false (pl_colleagues_page_is_loading (page));
  g_assert_cmpint (pl_colleagues_page_get_selected_colleague_id (page), ==, 0);

  destroy_window (window);
}

/* A workspace without scorecard or survey KPIs has nothing to show per
 * colleague: the page says what to add, and where. */
static void
test_no_data (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("no-data");
  PlColleaguesPage *page = pl_colleagues_page_new ();
  GtkWindow *window;

  pl_test_exec (workspace, "DELETE FROM kpis WHERE source IN ('scorecard', 'survey', 'complaints')");
  pl_colleagues_page_set_workspace (page, workspace);
  window = make_window (page, 900, 700);

  g_assert_cmpstr (visible_state (page), ==, "no-data");
  g_assert_nonnull (strstr (adw_status_page_get_description (child (page, "no_data_page")),
                            "quality score KPI"));
  screenshots (window, GTK_WIDGET (window), "no-data");

  destroy_window (window);
}

static void
test_list (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("list");
  PlColleaguesPage *page = pl_colleagues_page_new ();
  GtkWindow *window;
  guint n_small_qa, n_small_csat;

  pl_colleagues_page_set_workspace (page, workspace);
  window = make_window (page, 1200, 900);

  g_assert_cmpstr (visible_state (page), ==, "main");
  g_assert_cmpuint (count_rows (child (page, "colleague_list")), ==, 12);

  /* By month (the default): in September 2026 each colleague has 6 to 8
   * observations (pl-demo.c: 50 each over 26 weeks), all fewer than the
   * default minimum of 10, and about 80 survey answers. */
  assert_rows_match (page, workspace, PL_ANALYSIS_MONTH, PL_ANALYSIS_DEFAULT_MIN_SAMPLE,
                     &n_small_qa, &n_small_csat);
  g_assert_cmpuint (n_small_qa, ==, 12);
  g_assert_cmpuint (n_small_csat, ==, 0);

  /* In order of name by default: Amelia Hughes first, Thomas Wright last. */
  g_assert_cmpstr (named_text (GTK_WIDGET (gtk_list_box_get_row_at_index (child (page, "colleague_list"), 0)),
                               "name"), ==, "Amelia Hughes");
  g_assert_cmpstr (named_text (GTK_WIDGET (gtk_list_box_get_row_at_index (child (page, "colleague_list"), 11)),
                               "name"), ==, "Thomas Wright");
  g_assert_true (gtk_widget_get_visible (child (page, "detail_hint")));
  g_assert_false (gtk_widget_get_visible (child (page, "detail_box")));

  screenshots (window, GTK_WIDGET (window), "list");

  /* By quarter: Q3 2026 has about 25 observations each. */
  adw_combo_row_set_selected (child (page, "period_row"), 1);
  wait_loaded (page);
  assert_rows_match (page, workspace, PL_ANALYSIS_QUARTER, PL_ANALYSIS_DEFAULT_MIN_SAMPLE,
                     &n_small_qa, &n_small_csat);
  g_assert_cmpuint (n_small_qa, ==, 0);
  g_assert_cmpuint (n_small_csat, ==, 0);

  /* One team: Billing & Payments' five. */
  adw_combo_row_set_selected (child (page, "team_row"), 1);
  pl_test_wait (100);
  g_assert_cmpuint (count_rows (child (page, "colleague_list")), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (child (page, "colleague_list"), i);
      g_autofree char *sql = g_strdup_printf ("SELECT t.name FROM colleagues c JOIN teams t ON t.id = c.team_id"
                                              " WHERE c.id = %" G_GINT64_FORMAT, data_id (row, "colleague-id"));
      g_autofree char *team = pl_test_query_text (workspace, sql);

      g_assert_cmpstr (team, ==, "Billing & Payments");
    }

  destroy_window (window);
}

static gint64
colleague_id (PlWorkspace *workspace,
              const char  *code)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM colleagues WHERE code = '%s'", code);

  return pl_test_query_int (workspace, sql);
}

static void
select_colleague (PlColleaguesPage *page,
                  gint64            id)
{
  GtkListBoxRow *row = colleague_row (page, id);

  g_assert_nonnull (row);
  gtk_list_box_select_row (child (page, "colleague_list"), row);
  g_assert_cmpint (pl_colleagues_page_get_selected_colleague_id (page), ==, id);
  wait_loaded (page);
}

static void
compare (PlWorkspace          *workspace,
         PlKpi                *kpi,
         gint64                id,
         const char           *day,
         PlAnalysisComparison *out)
{
  g_autoptr(GError) error = NULL;
  PlAnalysisOptions options;

  pl_analysis_options_init (&options);
  options.period = PL_ANALYSIS_MONTH;
  g_assert_true (pl_analysis_compare (workspace, kpi, PL_SEGMENT_COLLEAGUE, id, day, &options, out, &error));
  g_assert_no_error (error);
}

/* The sentence the page must show for a clear fall, built from the core's
 * own figures. */
static char *
fall_sentence (PlKpi                      *kpi,
               const char                 *name,
               const char                 *shown_day,
               const PlAnalysisComparison *comparison)
{
  g_autofree char *before = pl_kpi_format_value (kpi, comparison->before.value);
  g_autofree char *after = pl_kpi_format_value (kpi, comparison->after.value);
  g_autofree char *difference = pl_kpi_format_change (kpi, comparison->difference);
  g_autofree char *lower = pl_kpi_format_change (kpi, comparison->lower);
  g_autofree char *upper = pl_kpi_format_change (kpi, comparison->upper);

  return g_strdup_printf ("%s’s quality score fell from %s before %s to %s since. Difference %s "
                          "(95%% interval %s to %s), from %" G_GINT64_FORMAT " observations before and %"
                          G_GINT64_FORMAT " observations since.",
                          name, before, shown_day, after, difference, lower, upper,
                          comparison->before.n, comparison->after.n);
}

static gboolean
scrolled_down (gpointer scrolled)
{
  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scrolled)) > 500;
}

static void
test_detail (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("detail");
  g_autoptr(PlKpi) qa = load_kpi (workspace, "qa");
  g_autoptr(PlKpi) csat = load_kpi (workspace, "csat");
  g_autoptr(GPtrArray) rates = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *before_text = NULL;
  PlColleaguesPage *page = pl_colleagues_page_new ();
  PlAnalysisComparison comparison;
  PlAnalysisOptions options;
  GtkListBox *criteria;
  GtkWindow *window;
  gint64 priya = colleague_id (workspace, "C07");
  double previous = -1;
  guint n_rows = 0;

  pl_colleagues_page_set_workspace (page, workspace);
  window = make_window (page, 1200, 900);

  /* Enter (or a click) on her row selects her and scrolls her detail
   * into view. */
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (child (page, "scrolled"))), ==, 0);
  gtk_widget_activate (GTK_WIDGET (colleague_row (page, priya)));
  wait_loaded (page);
  g_assert_cmpint (pl_colleagues_page_get_selected_colleague_id (page), ==, priya);
  g_assert_true (gtk_list_box_get_selected_row (child (page, "colleague_list")) == colleague_row (page, priya));
  /* The scroll can land a moment after the detail on a busy machine. */
  g_assert_true (pl_test_wait_until (scrolled_down, child (page, "scrolled"), 5000));
  select_colleague (page, priya);

  g_assert_true (gtk_widget_get_visible (child (page, "detail_box")));
  g_assert_false (gtk_widget_get_visible (child (page, "detail_hint")));
  g_assert_cmpstr (adw_preferences_group_get_title (child (page, "detail_group")), ==, "Priya Shah");
  g_assert_cmpstr (adw_preferences_group_get_description (child (page, "detail_group")), ==,
                   "Customer Care · C07");

  /* By default the last 3 months (July to September 2026) against the
   * months before: the planted fall from 6 Jul shows, in words, with the
   * figures pl_analysis_compare() gives. The demo's drop is about 15
   * points (pl-demo.c: about 91 before against 75 after). */
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "compare_hint")), "from 1 Jul 2026"));
  compare (workspace, qa, priya, "2026-07-01", &comparison);
  g_assert_cmpfloat (comparison.before.value, >, 85);
  g_assert_cmpfloat (comparison.after.value, <, 80);
  g_assert_cmpfloat (comparison.upper, <, 0);
  expected = fall_sentence (qa, "Priya Shah", "1 Jul 2026", &comparison);
  g_assert_cmpstr (gtk_label_get_text (child (page, "qa_sentence")), ==, expected);
  g_clear_pointer (&expected, g_free);

  /* CSAT holds for her: whatever the core says, the page says it too. */
  compare (workspace, csat, priya, "2026-07-01", &comparison);
  {
    g_autofree char *before = pl_kpi_format_value (csat, comparison.before.value);
    g_autofree char *after = pl_kpi_format_value (csat, comparison.after.value);
    g_autofree char *difference = pl_kpi_format_change (csat, comparison.difference);
    const char *text = gtk_label_get_text (child (page, "csat_sentence"));
    gboolean clear = comparison.lower > 0 || comparison.upper < 0;

    g_assert_true (g_str_has_prefix (text, "Priya Shah’s customer satisfaction (CSAT) "));
    g_assert_nonnull (strstr (text, before));
    g_assert_nonnull (strstr (text, after));
    g_assert_nonnull (strstr (text, difference));
    g_assert_cmpint (strstr (text, "shows no clear change") != NULL, ==, !clear);
    g_assert_cmpint (strstr (text, "may be chance") != NULL, ==, !clear);
  }

  /* The trend charts: one point per month from April to September, with
   * the colleague's n; the table beside the team. */
  g_assert_cmpint (pl_chart_widget_get_kind (child (page, "qa_chart")), ==, PL_CHART_WIDGET_TREND);
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "qa_caption")), "Customer Care"));
  /* Her team's line beside hers, in the summary and the read-out. */
  {
    g_autofree char *description = pl_chart_widget_dup_description (child (page, "qa_chart"));
    g_autofree char *readout = NULL;

    g_assert_nonnull (strstr (description, "; Customer Care (team) "));
    g_assert_nonnull (strstr (description, " in the latest period."));
    pl_chart_widget_set_highlight (child (page, "qa_chart"), 0);
    readout = pl_chart_widget_dup_readout (child (page, "qa_chart"));
    g_assert_nonnull (strstr (readout, "\nCustomer Care (team): "));
    pl_chart_widget_set_highlight (child (page, "qa_chart"), -1);
  }

  /* Where coaching should go: her rate on each criterion, as the core
   * works it out, lowest first. */
  rates = pl_analysis_criterion_rates (workspace, pl_kpi_get_scorecard_id (qa), NULL, &error);
  g_assert_no_error (error);
  criteria = child (page, "criteria_list");
  for (guint i = 0; i < rates->len; i++)
    {
      PlCriterionRate *rate = g_ptr_array_index (rates, i);
      gboolean found = FALSE;

      if (rate->colleague_id != priya)
        continue;
      n_rows++;
      for (guint j = 0; gtk_list_box_get_row_at_index (criteria, j) != NULL; j++)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (criteria, j);
          g_autofree char *start = NULL;

          if (data_id (row, "criterion-id") != rate->criterion_id)
            continue;
          found = TRUE;
          start = g_strdup_printf ("%.1f%% passed: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                                   " (95%% interval %.1f%% to %.1f%%). Customer Care: %.1f%% of %"
                                   G_GINT64_FORMAT, rate->rate, rate->passes, rate->n,
                                   rate->lower, rate->upper, rate->team_rate, rate->team_n);
          g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, start);
          g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, rate->criterion);
        }
      g_assert_true (found);
    }
  g_assert_cmpuint (n_rows, ==, 10);
  g_assert_cmpuint (count_rows (criteria), ==, 10);
  for (guint j = 0; j < 10; j++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (criteria, j);

      for (guint i = 0; i < rates->len; i++)
        {
          PlCriterionRate *rate = g_ptr_array_index (rates, i);

          if (rate->colleague_id == priya && rate->criterion_id == data_id (row, "criterion-id"))
            {
              /* 50 observations each: none of them a small sample. */
              g_assert_false (rate->small_sample);
              g_assert_cmpfloat (rate->rate, >=, previous);
              previous = rate->rate;
            }
        }
    }

  /* The heatmap: 12 colleagues × 10 criteria, each cell's read-out with
   * its n. */
  {
    PlChartWidget *heatmap = PL_CHART_WIDGET (find_named (GTK_WIDGET (page), "heatmap"));
    g_autofree char *readout = NULL;
    g_autofree char *n = NULL;
    PlCriterionRate *first = NULL;

    for (guint i = 0; i < rates->len && first == NULL; i++)
      if (((PlCriterionRate *) g_ptr_array_index (rates, i))->colleague_id == priya)
        first = g_ptr_array_index (rates, i);
    g_assert_nonnull (first);

    g_assert_cmpint (pl_chart_widget_get_kind (heatmap), ==, PL_CHART_WIDGET_HEATMAP);
    /* Priya Shah is the 9th by name (row 8); her first criterion is column 0. */
    pl_chart_widget_set_highlight (heatmap, 8 * 10 + 0);
    readout = pl_chart_widget_dup_readout (heatmap);
    g_assert_nonnull (readout);
    n = g_strdup_printf ("n=%" G_GINT64_FORMAT, first->n);
    g_assert_nonnull (strstr (readout, "Priya Shah"));
    g_assert_nonnull (strstr (readout, n));
    pl_chart_widget_set_highlight (heatmap, -1);
  }

  screenshots (window, child (page, "detail_box"), "detail");
  screenshots (window, child (page, "heatmap_group"), "heatmap");

  /* A date of the user's own: the day the drop began. */
  before_text = g_strdup (gtk_label_get_text (child (page, "qa_sentence")));
  gtk_editable_set_text (child (page, "compare_row"), "6/7/2026");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "colleagues.compare", NULL));
  wait_loaded (page);
  g_assert_true (gtk_widget_get_visible (child (page, "compare_error")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "compare_error")), "such as 2026-07-06"));
  g_assert_cmpstr (gtk_label_get_text (child (page, "qa_sentence")), ==, before_text);

  gtk_editable_set_text (child (page, "compare_row"), "2026-07-06");
  g_assert_false (gtk_widget_get_visible (child (page, "compare_error")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "colleagues.compare", NULL));
  wait_loaded (page);
  compare (workspace, qa, priya, "2026-07-06", &comparison);
  expected = fall_sentence (qa, "Priya Shah", "6 Jul 2026", &comparison);
  g_assert_cmpstr (gtk_label_get_text (child (page, "qa_sentence")), ==, expected);
  g_clear_pointer (&expected, g_free);
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "compare_hint")), "the date you chose"));

  /* A date before any record: no comparison, and why. */
  gtk_editable_set_text (child (page, "compare_row"), "2026-01-01");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "colleagues.compare", NULL));
  wait_loaded (page);
  pl_analysis_options_init (&options);
  g_assert_false (pl_analysis_compare (workspace, qa, PL_SEGMENT_COLLEAGUE, priya, "2026-01-01",
                                       &options, &comparison, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  expected = g_strdup_printf ("No comparison: %s", error->message);
  g_assert_cmpstr (gtk_label_get_text (child (page, "qa_sentence")), ==, expected);
  g_clear_pointer (&expected, g_free);
  g_clear_error (&error);

  /* Cleared: back to the last 3 months. */
  gtk_editable_set_text (child (page, "compare_row"), "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "colleagues.compare", NULL));
  wait_loaded (page);
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "compare_hint")), "from 1 Jul 2026"));

  /* Nothing of this wrote to the workspace. */
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM settings"
                                                 " WHERE key LIKE 'analysis%'"), ==, 0);

  destroy_window (window);
}

/* In an order of value, every value keeps its n beside it, and colleagues
 * whose figure rests on too few records come after the others, in order
 * of name, under the warning. */
static void
test_order_by_value (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("order");
  g_autoptr(PlKpi) csat = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *latest = NULL;
  g_autofree char *min_text = NULL;
  PlColleaguesPage *page = pl_colleagues_page_new ();
  GtkListBox *list;
  GtkWindow *window;
  guint n_small_qa, n_small_csat, n_ranked = 0;
  gint64 min_sample;
  double previous = INFINITY;

  pl_colleagues_page_set_workspace (page, workspace);
  window = make_window (page, 1200, 900);
  list = child (page, "colleague_list");

  /* A minimum between the colleagues' numbers of September CSAT answers,
   * so that some are ranked and some are not: the 7th smallest n. */
  csat = load_kpi (workspace, "csat");
  patterns = patterns_for (workspace, csat, PL_ANALYSIS_MONTH);
  latest = latest_period (patterns);
  for (guint i = 0; i < patterns->len; i++)
    g_array_append_val (sizes, cell_in (g_ptr_array_index (patterns, i), latest)->n);
  for (guint i = 1; i < sizes->len; i++)
    for (guint j = i; j > 0 && g_array_index (sizes, gint64, j - 1) > g_array_index (sizes, gint64, j); j--)
      {
        gint64 t = g_array_index (sizes, gint64, j);

        g_array_index (sizes, gint64, j) = g_array_index (sizes, gint64, j - 1);
        g_array_index (sizes, gint64, j - 1) = t;
      }
  min_sample = g_array_index (sizes, gint64, 6);
  g_assert_cmpint (min_sample, >, g_array_index (sizes, gint64, 0));
  min_text = g_strdup_printf ("%" G_GINT64_FORMAT, min_sample);
  g_assert_true (pl_workspace_set_setting (workspace, "analysis_min_sample", min_text, NULL));
  pl_workspace_emit_changed (workspace, "settings");
  pl_test_wait (300);
  wait_loaded (page);

  assert_rows_match (page, workspace, PL_ANALYSIS_MONTH, min_sample, &n_small_qa, &n_small_csat);
  g_assert_cmpuint (n_small_csat, >, 0);
  g_assert_cmpuint (n_small_csat, <, 12);

  /* By CSAT (the third order). */
  adw_combo_row_set_selected (child (page, "sort_row"), 2);
  pl_test_wait (100);
  g_assert_cmpuint (count_rows (list), ==, 12);
  for (guint i = 0; i < 12; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      GtkWidget *header = gtk_list_box_row_get_header (row);
      const PlColleaguePattern *pattern = NULL;
      const PlAnalysisCell *cell;
      g_autofree char *n = NULL;

      for (guint j = 0; j < patterns->len; j++)
        if (((PlColleaguePattern *) g_ptr_array_index (patterns, j))->colleague.id == data_id (row, "colleague-id"))
          pattern = g_ptr_array_index (patterns, j);
      g_assert_nonnull (pattern);
      cell = cell_in (pattern, latest);

      /* n beside every value. */
      n = g_strdup_printf ("n = %" G_GINT64_FORMAT, cell->n);
      g_assert_cmpstr (named_text (GTK_WIDGET (row), "csat-n"), ==, n);
      g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (row), "csat-n")));

      if (i < 12 - n_small_csat)
        {
          /* Ranked: enough answers, highest first. */
          g_assert_cmpint (cell->n, >=, min_sample);
          g_assert_cmpfloat (cell->value, <=, previous);
          previous = cell->value;
          n_ranked++;
          if (i == 0)
            {
              g_assert_nonnull (header);
              g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (header)),
                                               "By customer satisfaction (CSAT) in September 2026, highest first"));
            }
          else
            g_assert_null (header);
        }
      else
        {
          /* Small samples: after the others, by name, under the warning. */
          g_assert_cmpint (cell->n, <, min_sample);
          g_assert_nonnull (find_named (GTK_WIDGET (row), "csat-small"));
          if (i == 12 - n_small_csat)
            {
              g_autofree char *warning = g_strdup_printf ("Fewer than %s survey answers: not enough to "
                                                          "compare. In order of name.", min_text);

              g_assert_nonnull (header);
              g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (header)), ==, warning);
            }
          else
            {
              GtkListBoxRow *above = gtk_list_box_get_row_at_index (list, i - 1);

              g_assert_null (header);
              g_assert_cmpint (g_utf8_collate (named_text (GTK_WIDGET (above), "name"),
                                               named_text (GTK_WIDGET (row), "name")), <, 0);
            }
        }
    }
  g_assert_cmpuint (n_ranked, ==, 12 - n_small_csat);

  screenshots (window, GTK_WIDGET (list), "order");

  /* By quality score in months: every colleague has fewer observations
   * than the minimum, so none is ranked: all are under the warning, by
   * name. */
  adw_combo_row_set_selected (child (page, "sort_row"), 1);
  pl_test_wait (100);
  g_assert_nonnull (gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (list, 0)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_header (
                                     gtk_list_box_get_row_at_index (list, 0)))), "Fewer than "));
  g_assert_cmpstr (named_text (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)), "name"), ==, "Amelia Hughes");

  /* Back by name: no headers. */
  adw_combo_row_set_selected (child (page, "sort_row"), 0);
  pl_test_wait (100);
  for (guint i = 0; i < 12; i++)
    g_assert_null (gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (list, i)));

  destroy_window (window);
}

/* A setting the analysis cannot use: the page says what is wrong and
 * where to put it right, and shows the figures again once it is. */
static void
test_bad_setting (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("bad-setting");
  g_autofree char *setting = NULL;
  PlColleaguesPage *page = pl_colleagues_page_new ();
  GtkWindow *window;

  g_assert_true (pl_workspace_set_setting (workspace, "analysis_min_sample", "ten", NULL));
  pl_colleagues_page_set_workspace (page, workspace);
  window = make_window (page, 900, 700);

  g_assert_cmpstr (visible_state (page), ==, "error");
  g_assert_true (g_str_has_prefix (adw_status_page_get_description (child (page, "error_page")),
                                   "The workspace’s smallest sample (“ten”) must be a whole number "
                                   "from 1 to 100000. Change it in Workspace Settings, in the main menu."));
  /* Nothing written: the setting is as it was. */
  setting = pl_test_query_text (workspace, "SELECT value FROM settings WHERE key = 'analysis_min_sample'");
  g_assert_cmpstr (setting, ==, "ten");

  g_assert_true (pl_workspace_set_setting (workspace, "analysis_min_sample", "5", NULL));
  pl_workspace_emit_changed (workspace, "settings");
  pl_test_wait (300);
  wait_loaded (page);
  g_assert_cmpstr (visible_state (page), ==, "main");
  g_assert_cmpuint (count_rows (child (page, "colleague_list")), ==, 12);

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
  /* Closed, so that the file holds everything and copies of it are whole. */
  pl_workspace_close (demo);

  g_test_add_func ("/app/colleagues/no-workspace", test_no_workspace);
  g_test_add_func ("/app/colleagues/no-data", test_no_data);
  g_test_add_func ("/app/colleagues/list", test_list);
  g_test_add_func ("/app/colleagues/detail", test_detail);
  g_test_add_func ("/app/colleagues/order-by-value", test_order_by_value);
  g_test_add_func ("/app/colleagues/bad-setting", test_bad_setting);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
