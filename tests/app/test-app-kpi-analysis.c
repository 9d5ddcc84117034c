/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/pl-analysis.h"
#include "core/pl-error.h"
#include "core/pl-kpi.h"
#include "core/pl-theme.h"
#include "core/pl-util.h"

#include "pl-chart-widget.h"
#include "pl-kpi-analysis-page.h"
#include "pl-test-db.h"
#include "pl-test-utils.h"

/* One demo workspace for the whole run (it takes a few seconds to make);
 * each test works on its own copy. The demo (src/core/pl-demo.c) has 8
 * KPIs over the 26 weeks from 2026-03-30 to 2026-09-27 and these planted
 * patterns among others: email CSAT (4 or 5 out of 5) about 70% against
 * the 85% target all through; from 2026-07-27 a callback process halves
 * the speed of answer; from 2026-08-31 a price rise lowers NPS by about 18
 * points. It has no codebook. */
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
child (PlKpiAnalysisPage *page,
       const char        *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_KPI_ANALYSIS_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_state (PlKpiAnalysisPage *page)
{
  return gtk_stack_get_visible_child_name (child (page, "stack"));
}

static gboolean
ready_cb (gpointer user_data)
{
  return !pl_kpi_analysis_page_is_loading (PL_KPI_ANALYSIS_PAGE (user_data));
}

static void
wait_ready (PlKpiAnalysisPage *page)
{
  /* The debounce of a workspace change, then the analysis. */
  pl_test_wait (20);
  g_assert_true (pl_test_wait_until (ready_cb, page, 30000));
  pl_test_wait (50);
}

/* The page asked for with win.show-page, as the main window would show it. */
static char *shown_page;

static void
show_page_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  g_free (shown_page);
  shown_page = g_variant_dup_string (parameter, NULL);
}

static GtkWindow *
make_window (PlKpiAnalysisPage *page,
             PlWorkspace       *workspace,
             int                width,
             int                height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  g_object_ref (window);
  gtk_window_set_application (window, GTK_APPLICATION (pl_test_application ()));
  static const GActionEntry entries[] = {
    { "show-page", show_page_cb, "s", NULL, NULL, { 0 } },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), NULL);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "win", G_ACTION_GROUP (group));
  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, GTK_WIDGET (page));
  pl_test_present (window);
  if (workspace != NULL)
    {
      pl_kpi_analysis_page_set_workspace (page, workspace);
      wait_ready (page);
    }

  return window;
}

static void
destroy_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  pl_test_wait (50);
  g_assert_finalize_object (window);
}

/* The whole page, or a part of it, light and dark, 1200 and 400 pixels
 * wide. A widget paintable draws all of @widget, scrolled out of view or
 * not. */
static void
screenshots (GtkWindow  *window,
             GtkWidget  *widget,
             const char *name)
{
  static const struct { int width; const char *name; } widths[] = {
    { 1200, "wide" }, { 400, "narrow" },
  };

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      gtk_window_set_default_size (window, widths[w].width, 900);
      pl_test_wait (300);

      for (guint dark = 0; dark < 2; dark++)
        {
          g_autofree char *file = g_strdup_printf ("kpi-analysis-%s-%s-%s", name,
                                                   dark ? "dark" : "light", widths[w].name);

          adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                              dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                   : ADW_COLOR_SCHEME_FORCE_LIGHT);
          pl_test_wait (200);
          pl_test_screenshot (widget, file);
        }
    }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (window, 1200, 900);
  pl_test_wait (300);
}

/* The page's content below the clamp: everything, for a screenshot. */
static GtkWidget *
page_content (PlKpiAnalysisPage *page)
{
  GtkScrolledWindow *scrolled = child (page, "scrolled");
  GtkWidget *content = gtk_scrolled_window_get_child (scrolled);

  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  return content;
}

/* The first descendant of @widget named @name, or NULL. */
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
  GtkWidget *label = find_named (widget, name);

  g_assert_nonnull (label);
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_label (GTK_LABEL (label));
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static AdwActionRow *
row_at (GtkListBox *list,
        guint       index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  return ADW_ACTION_ROW (row);
}

static const char *
row_title (AdwActionRow *row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static PlKpi *
find_kpi (PlWorkspace *workspace,
          const char  *code,
          guint       *index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) kpis = pl_kpi_list (workspace, FALSE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (kpis); i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);

      if (g_strcmp0 (pl_kpi_get_code (kpi), code) == 0)
        {
          if (index != NULL)
            *index = i;
          return g_steal_pointer (&kpi);
        }
    }

  g_assert_not_reached ();
}

static PlKpiAnalysis *
analyse (PlWorkspace      *workspace,
         PlKpi            *kpi,
         PlAnalysisPeriod  period,
         PlSegmentKind     segment)
{
  g_autoptr(GError) error = NULL;
  PlAnalysisOptions options;
  PlKpiAnalysis *analysis;

  pl_analysis_options_init (&options);
  options.period = period;
  options.segment = segment;
  analysis = pl_analysis_kpi (workspace, kpi, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (analysis);

  return analysis;
}

static void
select_kpi (PlKpiAnalysisPage *page,
            PlWorkspace       *workspace,
            const char        *code)
{
  guint index;
  g_autoptr(PlKpi) kpi = find_kpi (workspace, code, &index);

  /* As a user picks it in the chooser. */
  gtk_drop_down_set_selected (child (page, "kpi_dropdown"), index);
  wait_ready (page);
  g_assert_cmpint (pl_kpi_analysis_page_get_kpi_id (page), ==, pl_kpi_get_id (kpi));
}

static void
set_option (PlKpiAnalysisPage *page,
            const char        *action,
            const char        *value)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), action, "s", value));
  wait_ready (page);
}

/* The table of periods shows exactly @analysis's whole-KPI cells, newest
 * first: period, value, n, interval, status and flags. */
static void
assert_periods (PlKpiAnalysisPage *page,
                PlKpiAnalysis     *analysis)
{
  GtkListBox *list = child (page, "periods_list");
  g_autofree char *method = pl_interval_method_label (analysis->method, analysis->confidence);
  guint n_insufficient = 0;

  g_assert_cmpuint (analysis->n_whole, >, 0);
  g_assert_cmpuint (count_rows (list), ==, analysis->n_whole);

  for (guint i = 0; i < analysis->n_whole; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (analysis->cells, PlAnalysisCell, analysis->n_whole - 1 - i);
      AdwActionRow *row = row_at (list, i);
      const char *subtitle = adw_action_row_get_subtitle (row);
      g_autofree char *value = pl_kpi_format_value (analysis->kpi, cell->value);
      g_autofree char *n = g_strdup_printf ("n = %" G_GINT64_FORMAT, cell->n);

      g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "period-start"), ==, cell->period_start);
      g_assert_cmpstr (named_text (GTK_WIDGET (row), "value"), ==, value);
      g_assert_cmpstr (named_text (GTK_WIDGET (row), "status"), ==, pl_status_to_label (cell->status));
      g_assert_nonnull (strstr (subtitle, n));

      if (analysis->method != PL_INTERVAL_NONE)
        {
          g_autofree char *lower = pl_kpi_format_value (analysis->kpi, cell->lower);
          g_autofree char *upper = pl_kpi_format_value (analysis->kpi, cell->upper);
          g_autofree char *interval = g_strdup_printf ("%s: %s to %s", method, lower, upper);

          g_assert_nonnull (strstr (subtitle, interval));
        }

      /* Insufficient samples are marked in words. */
      g_assert_cmpint (strstr (subtitle, "Insufficient sample") != NULL, ==, cell->insufficient);
      g_assert_cmpint (strstr (subtitle, "Small sample") != NULL, ==, cell->small_sample);
      n_insufficient += cell->insufficient;
    }

  if (analysis->period == PL_ANALYSIS_WEEK)
    {
      g_autofree char *day = pl_date_format_short (g_array_index (analysis->cells, PlAnalysisCell,
                                                                  analysis->n_whole - 1).period_start);
      g_autofree char *title = g_strdup_printf ("Week of %s", day);

      g_assert_cmpstr (row_title (row_at (list, 0)), ==, title);
    }
  g_test_message ("%u of %u periods have an insufficient sample", n_insufficient, analysis->n_whole);
}

static void
assert_trend (PlKpiAnalysisPage *page,
              PlKpiAnalysis     *analysis)
{
  const char *words = gtk_label_get_label (child (page, "trend_label"));

  g_test_message ("%s", words);
  g_assert_nonnull (strstr (words, analysis->trend_summary));
  if (analysis->has_trend)
    g_assert_nonnull (strstr (words, pl_trend_method_label (analysis->trend.method)));
}

/* The first @n rows of the signals list explain @analysis's signals,
 * newest first. */
static void
assert_signals (GtkListBox    *list,
                PlKpiAnalysis *analysis,
                guint          n)
{
  guint len = analysis->explanations->len;

  for (guint i = 0; i < n; i++)
    {
      const PlSignal *signal = &g_array_index (analysis->chart->signals, PlSignal, len - 1 - i);
      AdwActionRow *row = row_at (list, i);

      g_assert_cmpstr (row_title (row), ==, g_ptr_array_index (analysis->explanations, len - 1 - i));
      g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, pl_signal_rule_summary (signal->rule));
    }
}

/* The Wilson score interval (Wilson 1927; Newcombe 1998, eq. 3 — the
 * formula of method 3 in Newcombe's Table I) for k of n at 95%, in
 * percent, worked out here apart from the core. */
static void
wilson (gint64  k,
        gint64  n,
        double *lower,
        double *upper)
{
  const double z = 1.959963984540054;
  double p = (double) k / n;
  double centre = p + z * z / (2.0 * n);
  double spread = z * sqrt (p * (1 - p) / n + z * z / (4.0 * n * n));
  double denominator = 1 + z * z / n;

  *lower = 100 * (centre - spread) / denominator;
  *upper = 100 * (centre + spread) / denominator;
}

/* Tests */

static void
test_states_and_chooser (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("chooser");
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) kpis = pl_kpi_list (workspace, FALSE, &error);
  PlKpiAnalysisPage *page = pl_kpi_analysis_page_new ();
  GtkWindow *window = make_window (page, NULL, 1200, 900);
  GListModel *names;
  gint64 shown;

  g_assert_no_error (error);

  /* Without a workspace the page says what it is for. */
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");

  pl_kpi_analysis_page_set_workspace (page, workspace);
  wait_ready (page);
  g_assert_cmpstr (visible_state (page), ==, "main");

  /* The chooser lists the demo's 8 KPIs, in the KPIs' order. */
  names = gtk_drop_down_get_model (child (page, "kpi_dropdown"));
  g_assert_cmpuint (g_list_model_get_n_items (kpis), ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);

      g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), i), ==, pl_kpi_get_name (kpi));
    }
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==,
                   "Customer satisfaction (CSAT)");

  /* What the Overview's tiles will do. */
  {
    g_autoptr(PlKpi) asa = find_kpi (workspace, "asa", NULL);

    g_assert_true (pl_kpi_analysis_page_show_kpi (page, pl_kpi_get_id (asa)));
    wait_ready (page);
    g_assert_cmpint (pl_kpi_analysis_page_get_kpi_id (page), ==, pl_kpi_get_id (asa));
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names),
                                                 gtk_drop_down_get_selected (child (page, "kpi_dropdown"))),
                     ==, "Average speed of answer");
  }

  /* A KPI that does not exist changes nothing. */
  shown = pl_kpi_analysis_page_get_kpi_id (page);
  g_assert_false (pl_kpi_analysis_page_show_kpi (page, 987654));
  g_assert_false (pl_kpi_analysis_page_is_loading (page));
  g_assert_cmpint (pl_kpi_analysis_page_get_kpi_id (page), ==, shown);

  /* An archived KPI leaves the chooser; with none left, the page says so
   * and offers to add one. */
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);

      g_assert_true (pl_kpi_set_archived (kpi, workspace, TRUE, &error));
      g_assert_no_error (error);
      if (i == 0)
        {
          wait_ready (page);
          g_assert_cmpuint (g_list_model_get_n_items (names), ==, 7);
          g_assert_false (pl_kpi_analysis_page_show_kpi (page, pl_kpi_get_id (kpi)));
        }
    }
  wait_ready (page);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 0);
  g_assert_cmpstr (visible_state (page), ==, "no-kpis");

  pl_kpi_analysis_page_set_workspace (page, NULL);
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");

  destroy_window (window);
}

static void
test_values (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("values");
  g_autoptr(PlKpi) csat = find_kpi (workspace, "csat", NULL);
  g_autoptr(PlKpi) nps = find_kpi (workspace, "nps", NULL);
  g_autoptr(PlKpi) asa = find_kpi (workspace, "asa", NULL);
  PlKpiAnalysisPage *page = pl_kpi_analysis_page_new ();
  GtkWindow *window = make_window (page, workspace, 1200, 900);

  /* CSAT by week, the page's first view. */
  {
    g_autoptr(PlKpiAnalysis) analysis = analyse (workspace, csat, PL_ANALYSIS_WEEK, PL_SEGMENT_NONE);
    const PlAnalysisCell *last = &g_array_index (analysis->cells, PlAnalysisCell, analysis->n_whole - 1);
    gint64 n, k;
    double lower, upper;

    g_assert_cmpint (pl_kpi_analysis_page_get_kpi_id (page), ==, pl_kpi_get_id (csat));
    g_assert_cmpuint (analysis->n_whole, ==, 26);
    assert_periods (page, analysis);
    assert_trend (page, analysis);
    g_assert_cmpstr (pl_kpi_analysis_page_get_focus (page), ==, "2026-09-21");
    g_assert_cmpstr (last->period_start, ==, "2026-09-21");

    /* The latest week from the database, apart from the core: answers to
     * the CSAT question from responses neither excluded nor trashed. */
    n = pl_test_query_int (workspace,
                           "SELECT count(*) FROM answers a JOIN responses r ON r.id = a.response_id"
                           " JOIN questions q ON q.id = a.question_id"
                           " WHERE q.kind = 'csat' AND r.excluded = 0 AND r.trashed_at IS NULL"
                           "   AND a.value_num IS NOT NULL"
                           "   AND r.responded_on BETWEEN '2026-09-21' AND '2026-09-27'");
    k = pl_test_query_int (workspace,
                           "SELECT count(*) FROM answers a JOIN responses r ON r.id = a.response_id"
                           " JOIN questions q ON q.id = a.question_id"
                           " WHERE q.kind = 'csat' AND r.excluded = 0 AND r.trashed_at IS NULL"
                           "   AND a.value_num >= 4"
                           "   AND r.responded_on BETWEEN '2026-09-21' AND '2026-09-27'");
    g_test_message ("CSAT, week of 21 Sep 2026: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT, k, n);
    g_assert_cmpint (last->n, ==, n);
    g_assert_cmpint (last->successes, ==, k);
    g_assert_cmpfloat_with_epsilon (last->value, 100.0 * k / n, 1e-9);
    wilson (k, n, &lower, &upper);
    g_assert_cmpfloat_with_epsilon (last->lower, lower, 1e-9);
    g_assert_cmpfloat_with_epsilon (last->upper, upper, 1e-9);

    /* …and said so in the heading. */
    {
      g_autofree char *value = pl_kpi_format_value (csat, 100.0 * k / n);
      g_autofree char *lower_text = pl_kpi_format_value (csat, lower);
      g_autofree char *upper_text = pl_kpi_format_value (csat, upper);
      g_autofree char *expected = g_strdup_printf ("Week of 21 Sep 2026: %s from %" G_GINT64_FORMAT
                                                   " survey answers (Wilson 95%% interval: %s to %s)",
                                                   value, n, lower_text, upper_text);

      g_assert_cmpstr (gtk_label_get_label (child (page, "latest_label")), ==, expected);
      g_assert_cmpstr (gtk_label_get_label (child (page, "status_label")), ==,
                       pl_status_to_label (last->status));
    }
  }

  /* By month. */
  set_option (page, "analysis.period", "month");
  g_assert_true (gtk_toggle_button_get_active (child (page, "month_button")));
  g_assert_false (gtk_toggle_button_get_active (child (page, "week_button")));
  {
    g_autoptr(PlKpiAnalysis) analysis = analyse (workspace, csat, PL_ANALYSIS_MONTH, PL_SEGMENT_NONE);

    /* 30 Mar 2026 to 27 Sep 2026: March to September. */
    g_assert_cmpuint (analysis->n_whole, ==, 7);
    assert_periods (page, analysis);
    assert_trend (page, analysis);
    g_assert_cmpstr (row_title (row_at (child (page, "periods_list"), 0)), ==, "September 2026");
  }

  /* Another KPI keeps the period. */
  select_kpi (page, workspace, "nps");
  {
    g_autoptr(PlKpiAnalysis) analysis = analyse (workspace, nps, PL_ANALYSIS_MONTH, PL_SEGMENT_NONE);

    assert_periods (page, analysis);
    assert_trend (page, analysis);
  }

  /* By quarter: Q1 (one week of March), Q2 and Q3. */
  set_option (page, "analysis.period", "quarter");
  {
    g_autoptr(PlKpiAnalysis) analysis = analyse (workspace, nps, PL_ANALYSIS_QUARTER, PL_SEGMENT_NONE);

    g_assert_cmpuint (analysis->n_whole, ==, 3);
    assert_periods (page, analysis);
    assert_trend (page, analysis);
    g_assert_cmpstr (row_title (row_at (child (page, "periods_list"), 0)), ==, "Q3 2026");
  }

  /* A metric KPI has no interval, and says why. */
  select_kpi (page, workspace, "asa");
  set_option (page, "analysis.period", "week");
  {
    g_autoptr(PlKpiAnalysis) analysis = analyse (workspace, asa, PL_ANALYSIS_WEEK, PL_SEGMENT_NONE);

    g_assert_cmpint (analysis->method, ==, PL_INTERVAL_NONE);
    assert_periods (page, analysis);
    assert_trend (page, analysis);
    g_assert_nonnull (strstr (gtk_label_get_label (child (page, "chart_note")), "no confidence interval"));
    /* The callback process from 27 Jul 2026 brought the speed of answer
     * down: a falling trend, significant. */
    g_assert_nonnull (strstr (analysis->trend_summary, "falling, significant"));
  }

  /* Segments keep the whole KPI's table as it was. */
  set_option (page, "analysis.segment", "team");
  {
    g_autoptr(PlKpiAnalysis) analysis = analyse (workspace, asa, PL_ANALYSIS_WEEK, PL_SEGMENT_TEAM);

    assert_periods (page, analysis);
  }

  destroy_window (window);
}

static void
test_control_chart (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("control");
  g_autoptr(PlKpi) asa = find_kpi (workspace, "asa", NULL);
  g_autoptr(PlKpi) nps = find_kpi (workspace, "nps", NULL);
  g_autoptr(PlKpiAnalysis) analysis = analyse (workspace, asa, PL_ANALYSIS_WEEK, PL_SEGMENT_NONE);
  PlKpiAnalysisPage *page = pl_kpi_analysis_page_new ();
  GtkWindow *window = make_window (page, workspace, 1200, 900);
  GtkListBox *signals = child (page, "signals_list");
  PlChartWidget *chart = child (page, "chart");
  g_autofree char *description = NULL;
  guint n_after = 0;

  /* In trend mode the signals are only counted. */
  select_kpi (page, workspace, "asa");
  g_assert_false (gtk_widget_get_visible (child (page, "signals_box")));
  g_assert_cmpstr (gtk_label_get_label (child (page, "chart_title")), ==, "Trend");
  screenshots (window, page_content (page), "trend");

  set_option (page, "analysis.chart-type", "control");
  g_assert_true (gtk_toggle_button_get_active (child (page, "control_button")));
  g_assert_cmpstr (gtk_label_get_label (child (page, "chart_title")), ==, "Control Chart");
  g_assert_true (gtk_widget_get_visible (child (page, "signals_box")));

  /* Weekly ASA is an XmR chart of the week's averages; the planted shift
   * from the week of 27 Jul 2026 (about 31 s down to 17 s) gives signals
   * below the centre line from then on. */
  g_assert_nonnull (analysis->chart);
  g_assert_cmpint (analysis->chart->kind, ==, PL_CHART_XMR);
  g_assert_cmpuint (analysis->explanations->len, >, 0);
  /* The five newest first, then a row to show the rest. */
  g_assert_cmpuint (analysis->explanations->len, >, 5);
  g_assert_cmpuint (count_rows (signals), ==, 6);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (row_at (signals, 5))), ==, "show-all-signals");
  assert_signals (signals, analysis, 5);
  screenshots (window, page_content (page), "control");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row_at (signals, 5)), "analysis.show-all-signals", NULL));
  pl_test_wait (50);
  g_assert_cmpuint (count_rows (signals), ==, analysis->explanations->len);
  assert_signals (signals, analysis, analysis->explanations->len);
  for (guint i = 0; i < analysis->explanations->len; i++)
    {
      const PlSignal *signal = &g_array_index (analysis->chart->signals, PlSignal, i);
      const PlAnalysisCell *cell = &g_array_index (analysis->cells, PlAnalysisCell, signal->point);

      if (strcmp (cell->period_start, "2026-07-27") >= 0)
        {
          g_assert_cmpint (signal->side, ==, -1);
          n_after++;
        }
    }
  g_assert_cmpuint (n_after, >, 0);
  g_test_message ("%u signals, %u from the week of 27 Jul 2026", analysis->explanations->len, n_after);

  /* The chart carries the limits and the signals. */
  description = pl_chart_widget_dup_description (chart);
  g_test_message ("%s", description);
  g_assert_cmpint (pl_chart_widget_get_kind (chart), ==, PL_CHART_WIDGET_TREND);
  g_assert_nonnull (strstr (description, "special-cause signals"));

  /* NPS by month: a p chart it is not (NPS is no proportion): XmR. The
   * price rise from 31 Aug 2026 pulls September down. */
  select_kpi (page, workspace, "nps");
  set_option (page, "analysis.period", "month");
  {
    g_autoptr(PlKpiAnalysis) monthly = analyse (workspace, nps, PL_ANALYSIS_MONTH, PL_SEGMENT_NONE);

    g_assert_cmpuint (count_rows (signals), ==, CLAMP (monthly->explanations->len, 1, 6));
    assert_signals (signals, monthly, MIN (monthly->explanations->len, 5));
    if (monthly->explanations->len == 0)
      g_assert_cmpstr (gtk_label_get_label (child (page, "signals_title")), ==, "No Special-Cause Signals");
  }

  /* CSAT weekly is a p chart. */
  select_kpi (page, workspace, "csat");
  set_option (page, "analysis.period", "week");
  g_assert_nonnull (strstr (gtk_label_get_label (child (page, "chart_note")), "A p chart"));

  /* Back to the trend. */
  set_option (page, "analysis.chart-type", "trend");
  g_assert_false (gtk_widget_get_visible (child (page, "signals_box")));

  destroy_window (window);
}

static void
test_segments (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("segments");
  g_autoptr(PlKpi) csat = find_kpi (workspace, "csat", NULL);
  g_autoptr(PlKpi) asa = find_kpi (workspace, "asa", NULL);
  PlKpiAnalysisPage *page = pl_kpi_analysis_page_new ();
  GtkWindow *window = make_window (page, workspace, 1200, 900);
  GtkListBox *list = child (page, "segments_list");
  PlChartWidget *bars = child (page, "segments_chart");
  gboolean found_email = FALSE;

  /* Without a segment the section says how to get one. */
  g_assert_false (gtk_widget_get_visible (child (page, "segments_box")));

  set_option (page, "analysis.period", "month");
  set_option (page, "analysis.segment", "channel");
  g_assert_true (gtk_widget_get_visible (child (page, "segments_box")));
  g_assert_cmpint (pl_chart_widget_get_kind (bars), ==, PL_CHART_WIDGET_BAR);
  {
    g_autoptr(PlKpiAnalysis) analysis = analyse (workspace, csat, PL_ANALYSIS_MONTH, PL_SEGMENT_CHANNEL);

    g_assert_cmpstr (pl_kpi_analysis_page_get_focus (page), ==, "2026-09-01");
    g_assert_cmpuint (count_rows (list), ==, analysis->segments->len - 1);
    for (guint i = 1; i < analysis->segments->len; i++)
      {
        const PlSegment *segment = g_ptr_array_index (analysis->segments, i);
        const PlAnalysisCell *cell = pl_kpi_analysis_find (analysis, segment->id, "2026-09-01");
        AdwActionRow *row = row_at (list, i - 1);
        g_autofree char *value = NULL;

        g_assert_cmpstr (row_title (row), ==, segment->name);
        g_assert_nonnull (cell);
        value = pl_kpi_format_value (csat, cell->value);
        g_assert_cmpstr (named_text (GTK_WIDGET (row), "value"), ==, value);
        g_assert_cmpstr (named_text (GTK_WIDGET (row), "status"), ==, pl_status_to_label (cell->status));

        /* Planted pattern (b): email CSAT about 70% against the 85%
         * target, the whole interval below it. */
        if (g_strcmp0 (segment->code, "email") == 0)
          {
            found_email = TRUE;
            g_test_message ("Email CSAT, September 2026: %.1f%% (%.1f–%.1f), n = %" G_GINT64_FORMAT,
                            cell->value, cell->lower, cell->upper, cell->n);
            g_assert_cmpfloat (cell->upper, <, 85.0);
            g_assert_cmpint (cell->status, !=, PL_STATUS_GREEN);
            g_assert_cmpstr (named_text (GTK_WIDGET (row), "status"), !=, "On target");
          }
      }
    g_assert_true (found_email);
  }
  screenshots (window, child (page, "segments_group"), "segments");

  /* Picking an earlier month in the table moves the segments there. */
  {
    g_autoptr(PlKpiAnalysis) analysis = analyse (workspace, csat, PL_ANALYSIS_MONTH, PL_SEGMENT_CHANNEL);
    GtkListBox *periods = child (page, "periods_list");
    GtkListBoxRow *june = NULL;

    for (guint i = 0; gtk_list_box_get_row_at_index (periods, i) != NULL; i++)
      if (g_strcmp0 (g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (periods, i)), "period-start"),
                     "2026-06-01") == 0)
        june = gtk_list_box_get_row_at_index (periods, i);
    g_assert_nonnull (june);
    gtk_list_box_select_row (periods, june);
    wait_ready (page);
    g_assert_cmpstr (pl_kpi_analysis_page_get_focus (page), ==, "2026-06-01");
    g_assert_true (gtk_list_box_row_is_selected (june) ||
                   g_strcmp0 (g_object_get_data (G_OBJECT (gtk_list_box_get_selected_row (periods)), "period-start"),
                              "2026-06-01") == 0);
    for (guint i = 1; i < analysis->segments->len; i++)
      {
        const PlSegment *segment = g_ptr_array_index (analysis->segments, i);
        const PlAnalysisCell *cell = pl_kpi_analysis_find (analysis, segment->id, "2026-06-01");
        g_autofree char *value = pl_kpi_format_value (csat, cell->value);

        g_assert_cmpstr (named_text (GTK_WIDGET (row_at (list, i - 1)), "value"), ==, value);
      }
  }

  /* Colleagues: a row each, with n. */
  set_option (page, "analysis.segment", "colleague");
  {
    g_autoptr(PlKpiAnalysis) analysis = analyse (workspace, csat, PL_ANALYSIS_MONTH, PL_SEGMENT_COLLEAGUE);

    g_assert_cmpuint (analysis->segments->len - 1, ==, 12);
    g_assert_cmpuint (count_rows (list), ==, 12);
  }

  /* A metric has no colleague: said in words, nothing to chart. */
  select_kpi (page, workspace, "asa");
  {
    g_autoptr(PlKpiAnalysis) analysis = analyse (workspace, asa, PL_ANALYSIS_MONTH, PL_SEGMENT_COLLEAGUE);

    g_assert_false (analysis->segments_available);
    g_assert_false (gtk_widget_get_visible (child (page, "segments_box")));
    g_assert_nonnull (strstr (adw_preferences_group_get_description (child (page, "segments_group")),
                              "not by colleague"));
  }

  destroy_window (window);
}

/* Day of the week: the planted pattern (c), Monday abandonment well
 * above the other days in the latest week. The centre is closed on
 * Sundays (pl-demo.c), so abandonment has six days, CSAT all seven. */
static void
test_weekday (void)
{
  static const char * const days[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
  };
  g_autoptr(PlWorkspace) workspace = open_copy ("weekday");
  g_autoptr(PlKpi) abandonment = find_kpi (workspace, "abandonment", NULL);
  g_autoptr(PlKpi) csat = find_kpi (workspace, "csat", NULL);
  PlKpiAnalysisPage *page = pl_kpi_analysis_page_new ();
  GtkWindow *window = make_window (page, workspace, 1200, 900);
  GtkListBox *list = child (page, "segments_list");
  GtkWidget *weekday_button = child (page, "weekday_button");

  select_kpi (page, workspace, "abandonment");

  /* As a user clicks the toggle. */
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (weekday_button)));
  gtk_widget_activate (weekday_button);
  pl_test_wait (300);   /* a button's activation clicks it after a short press */
  wait_ready (page);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (weekday_button)));
  g_assert_false (gtk_toggle_button_get_active (child (page, "none_button")));
  g_assert_cmpint (pl_kpi_analysis_page_get_segment (page), ==, PL_SEGMENT_WEEKDAY);
  g_assert_true (gtk_widget_get_visible (child (page, "segments_box")));
  g_assert_cmpint (pl_chart_widget_get_kind (child (page, "segments_chart")), ==, PL_CHART_WIDGET_BAR);
  g_assert_cmpstr (adw_preferences_group_get_title (child (page, "segments_group")), ==,
                   "By Day of the Week");
  {
    g_autoptr(PlKpiAnalysis) analysis = analyse (workspace, abandonment, PL_ANALYSIS_WEEK,
                                                 PL_SEGMENT_WEEKDAY);
    const char *focus = pl_kpi_analysis_page_get_focus (page);
    const PlAnalysisCell *monday;
    g_autofree char *value = NULL;

    g_assert_cmpstr (focus, ==, "2026-09-21");
    g_assert_cmpuint (count_rows (list), ==, G_N_ELEMENTS (days));
    for (guint i = 0; i < G_N_ELEMENTS (days); i++)
      {
        const PlAnalysisCell *cell = pl_kpi_analysis_find (analysis, i + 1, focus);
        g_autofree char *shown = NULL;

        g_assert_cmpstr (row_title (row_at (list, i)), ==, days[i]);
        g_assert_nonnull (cell);
        shown = pl_kpi_format_value (abandonment, cell->value);
        g_assert_cmpstr (named_text (GTK_WIDGET (row_at (list, i)), "value"), ==, shown);
      }

    /* Monday's row is the core's figure, and the highest of the week. */
    monday = pl_kpi_analysis_find (analysis, 1, focus);
    value = pl_kpi_format_value (abandonment, monday->value);
    g_test_message ("Abandonment, Monday 21 Sep 2026: %s of %" G_GINT64_FORMAT " calls",
                    value, monday->n);
    g_assert_cmpstr (named_text (GTK_WIDGET (row_at (list, 0)), "value"), ==, value);
    g_assert_cmpstr (named_text (GTK_WIDGET (row_at (list, 0)), "status"), ==,
                     pl_status_to_label (monday->status));
    for (gint64 day = 2; day <= 6; day++)
      g_assert_cmpfloat (pl_kpi_analysis_find (analysis, day, focus)->value, <, monday->value);
  }
  pl_test_screenshot (page_content (page), "kpi-analysis-weekday-light-wide");

  /* Too narrow for five toggles (a phone): a menu button with the choice. */
  g_assert_true (adw_squeezer_get_visible_child (child (page, "segment_squeezer")) ==
                 gtk_widget_get_parent (weekday_button));
  g_assert_cmpstr (gtk_menu_button_get_label (child (page, "segment_menu_button")), ==, "Weekday");
  gtk_window_set_default_size (window, 400, 900);
  pl_test_wait (300);
  g_assert_true (adw_squeezer_get_visible_child (child (page, "segment_squeezer")) ==
                 GTK_WIDGET (child (page, "segment_menu_button")));
  gtk_window_set_default_size (window, 1200, 900);
  pl_test_wait (300);

  /* CSAT: answers come on Sundays too, so seven rows. */
  select_kpi (page, workspace, "csat");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (weekday_button)));
  {
    g_autoptr(PlKpiAnalysis) analysis = analyse (workspace, csat, PL_ANALYSIS_WEEK,
                                                 PL_SEGMENT_WEEKDAY);

    g_assert_cmpuint (analysis->segments->len - 1, ==, 7);
    g_assert_cmpuint (count_rows (list), ==, 7);
    g_assert_cmpstr (row_title (row_at (list, 6)), ==, "Sunday");
  }

  /* Back to none: the hint names the weekday too. */
  set_option (page, "analysis.segment", "none");
  g_assert_false (gtk_widget_get_visible (child (page, "segments_box")));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (child (page, "segments_group")),
                            "Weekday"));

  destroy_window (window);
}

static void
test_distribution (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("distribution");
  PlKpiAnalysisPage *page = pl_kpi_analysis_page_new ();
  GtkWindow *window = make_window (page, workspace, 1200, 900);
  PlChartWidget *chart = child (page, "distribution_chart");

  /* CSAT: each answer from 1 to 5, the focus week's counts as SQL counts them. */
  g_assert_true (gtk_widget_get_visible (child (page, "distribution_group")));
  g_assert_cmpint (pl_chart_widget_get_kind (chart), ==, PL_CHART_WIDGET_DISTRIBUTION);
  g_assert_cmpstr (gtk_label_get_text (child (page, "distribution_caption")), ==,
                   "Each answer on the 1 to 5 scale in each period, up to the one in focus. "
                   "The top box is 4 or more.");
  g_assert_true (gtk_widget_get_parent (child (page, "distribution_caption")) == GTK_WIDGET (chart));
  g_assert_cmpstr (adw_preferences_group_get_description (child (page, "distribution_group")), ==, "");
  {
    g_autofree char *description = pl_chart_widget_dup_description (chart);
    g_autoptr(GString) expected = g_string_new (NULL);
    gint64 counts[5], total = 0;

    for (int v = 1; v <= 5; v++)
      {
        g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM responses WHERE excluded = 0"
                                                " AND trashed_at IS NULL AND survey_id = 1"
                                                " AND responded_on BETWEEN '2026-09-21' AND '2026-09-27'"
                                                " AND json_extract (answers, '$.\"1\"') = %d", v);

        counts[v - 1] = pl_test_query_int (workspace, sql);
        total += counts[v - 1];
      }
    g_string_append_printf (expected, "21 Sep (n=%" G_GINT64_FORMAT "): ", total);
    for (int v = 1; v <= 5; v++)
      g_string_append_printf (expected, "%d %.0f%%%s", v, 100.0 * counts[v - 1] / total, v < 5 ? ", " : ".");
    g_test_message ("%s", description);
    g_assert_true (g_str_has_suffix (description, expected->str));
  }

  screenshots (window, child (page, "distribution_group"), "distribution-csat");

  /* NPS: detractors, passives and promoters. */
  select_kpi (page, workspace, "nps");
  g_assert_true (gtk_widget_get_visible (child (page, "distribution_group")));
  g_assert_cmpint (pl_chart_widget_get_kind (chart), ==, PL_CHART_WIDGET_DISTRIBUTION);

  screenshots (window, page_content (page), "distribution");

  /* A metric has no answers to spread. */
  select_kpi (page, workspace, "asa");
  g_assert_false (gtk_widget_get_visible (child (page, "distribution_group")));

  destroy_window (window);
}

/* The theme rows and quotes on show equal pl_theme_frequencies() and
 * pl_theme_quotes() for the KPI's comments of @from to @to. */
static void
assert_themes (PlKpiAnalysisPage *page,
               PlWorkspace       *workspace,
               const char        *from,
               const char        *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) frequencies = NULL;
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (PlThemeFrequency));
  GtkListBox *themes = child (page, "themes_list");
  GtkListBox *quotes = child (page, "quotes_list");
  PlCommentFilter filter;

  pl_comment_filter_init (&filter);
  filter.from = from;
  filter.to = to;
  filter.sources = PL_COMMENT_SOURCE_RESPONSES;
  frequencies = pl_theme_frequencies (workspace, &filter, PL_THEME_BREAKDOWN_NONE, &error);
  g_assert_no_error (error);

  /* The coded ones, most often first (stable: codebook order among equals). */
  for (guint i = 0; i < frequencies->len; i++)
    {
      const PlThemeFrequency *f = &g_array_index (frequencies, PlThemeFrequency, i);
      guint at = expected->len;

      if (f->n_coded == 0)
        continue;
      while (at > 0 && g_array_index (expected, PlThemeFrequency, at - 1).n_coded < f->n_coded)
        at--;
      g_array_insert_val (expected, at, *f);
    }
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "themes_stack")), ==, "themes");
  g_assert_cmpuint (count_rows (themes), ==, MIN (expected->len, 5));

  for (guint i = 0; i < count_rows (themes); i++)
    {
      const PlThemeFrequency *f = &g_array_index (expected, PlThemeFrequency, i);
      AdwActionRow *row = row_at (themes, i);
      g_autoptr(PlTheme) theme = pl_theme_load (workspace, f->theme_id, &error);
      g_autofree char *share = g_strdup_printf ("%.0f%%", f->share);
      g_autofree char *counts = g_strdup_printf ("%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " comments",
                                                 f->n_coded, f->n_comments);
      g_autoptr(GListModel) expected_quotes = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (row_title (row), ==, pl_theme_get_path (theme));
      g_assert_cmpstr (named_text (GTK_WIDGET (row), "share"), ==, share);
      g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, counts);
      g_assert_cmpfloat_with_epsilon (f->share, 100.0 * f->n_coded / f->n_comments, 1e-9);

      /* Its quotes, when picked. */
      gtk_list_box_select_row (themes, GTK_LIST_BOX_ROW (row));
      pl_test_wait (20);
      expected_quotes = pl_theme_quotes (workspace, f->theme_id, &filter, 3, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (expected_quotes), >, 0);
      g_assert_cmpuint (count_rows (quotes), ==, g_list_model_get_n_items (expected_quotes));
      for (guint j = 0; j < g_list_model_get_n_items (expected_quotes); j++)
        {
          g_autoptr(PlComment) comment = g_list_model_get_item (expected_quotes, j);
          g_autofree char *quoted = g_strdup_printf ("“%s”", pl_comment_get_text (comment));

          g_assert_cmpstr (named_text (GTK_WIDGET (gtk_list_box_get_row_at_index (quotes, j)), "quote"),
                           ==, quoted);
        }
      if (i == 0)
        g_test_message ("Top theme %s–%s: %s, %s of comments", from, to,
                        pl_theme_get_path (theme), share);
    }
  gtk_list_box_select_row (themes, gtk_list_box_get_row_at_index (themes, 0));
  pl_test_wait (20);
}

static void
test_themes (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("themes");
  g_autoptr(GError) error = NULL;
  PlKpiAnalysisPage *page = pl_kpi_analysis_page_new ();
  GtkWindow *window = make_window (page, workspace, 1200, 900);
  GtkButton *button = child (page, "no_codebook_button");
  GVariant *target;
  PlThemeApplyResult applied;
  PlCommentFilter all;

  /* No codebook: the section says what to do and where. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "themes_stack")), ==, "no-codebook");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.show-page");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "themes");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_clear_pointer (&shown_page, g_free);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (shown_page, ==, "themes");
  screenshots (window, child (page, "themes_group"), "themes-empty");

  /* The starter codebook, nothing coded yet. */
  g_assert_true (pl_theme_create_starter_codebook (workspace, &error));
  g_assert_no_error (error);
  wait_ready (page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "themes_stack")), ==, "no-themes");
  g_assert_nonnull (strstr (adw_preferences_row_get_title (child (page, "no_themes_row")), "is coded yet"));

  /* Its keyword rules applied to every comment. */
  pl_comment_filter_init (&all);
  g_assert_true (pl_theme_apply_rules (workspace, &all, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied.codes, >, 0);
  wait_ready (page);

  /* CSAT, the week of 21 Sep 2026. */
  assert_themes (page, workspace, "2026-09-21", "2026-09-27");

  /* July 2026, before the callback process: waiting comes first
   * (planted pattern d). */
  set_option (page, "analysis.period", "month");
  {
    GtkListBox *periods = child (page, "periods_list");

    for (guint i = 0; gtk_list_box_get_row_at_index (periods, i) != NULL; i++)
      if (g_strcmp0 (g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (periods, i)), "period-start"),
                     "2026-07-01") == 0)
        gtk_list_box_select_row (periods, gtk_list_box_get_row_at_index (periods, i));
    wait_ready (page);
  }
  g_assert_cmpstr (pl_kpi_analysis_page_get_focus (page), ==, "2026-07-01");
  assert_themes (page, workspace, "2026-07-01", "2026-07-31");
  {
    GtkListBox *themes = child (page, "themes_list");
    gboolean waiting = FALSE;

    /* Waiting comes up before the callback process (planted pattern d). */
    for (guint i = 0; i < count_rows (themes); i++)
      waiting |= g_strcmp0 (row_title (row_at (themes, i)), "Waiting / on hold") == 0;
    g_assert_true (waiting);
  }
  screenshots (window, child (page, "themes_group"), "themes");

  destroy_window (window);
}

/* Settings the analysis cannot use: the error in words, the rest of the
 * page hidden, nothing in the workspace changed; fixed, the page
 * recovers. */
static void
test_bad_settings (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("bad-settings");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) expected = NULL;
  g_autoptr(PlKpi) csat = find_kpi (workspace, "csat", NULL);
  PlKpiAnalysisPage *page = pl_kpi_analysis_page_new ();
  GtkWindow *window = make_window (page, workspace, 1200, 900);
  PlAnalysisOptions options;
  gint64 audit_before, audit_after;
  const char *description;

  g_assert_true (gtk_widget_get_visible (child (page, "content_box")));
  g_assert_false (gtk_widget_get_visible (child (page, "error_page")));

  g_assert_true (pl_workspace_set_setting (workspace, "analysis_margin", "-3", &error));
  g_assert_no_error (error);
  pl_workspace_emit_changed (workspace, "settings");
  audit_before = pl_test_query_int (workspace, "SELECT count(*) FROM audit_log");
  wait_ready (page);

  pl_analysis_options_init (&options);
  g_assert_null (pl_analysis_kpi (workspace, csat, &options, &expected));
  g_assert_error (expected, PL_ERROR, PL_ERROR_INVALID);

  g_assert_cmpstr (visible_state (page), ==, "main");
  g_assert_true (gtk_widget_get_visible (child (page, "error_page")));
  g_assert_false (gtk_widget_get_visible (child (page, "content_box")));
  description = adw_status_page_get_description (child (page, "error_page"));
  g_test_message ("%s", description);
  g_assert_true (g_str_has_prefix (description, expected->message));
  g_assert_nonnull (strstr (description, "Nothing in the workspace was changed"));
  audit_after = pl_test_query_int (workspace, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (audit_after, ==, audit_before);
  {
    g_autofree char *margin = pl_test_query_text (workspace,
                                                  "SELECT value FROM settings WHERE key = 'analysis_margin'");

    g_assert_cmpstr (margin, ==, "-3");
  }

  /* The chooser still works: every KPI fails the same way. */
  select_kpi (page, workspace, "nps");
  g_assert_true (gtk_widget_get_visible (child (page, "error_page")));

  g_assert_true (pl_workspace_set_setting (workspace, "analysis_margin", "5", &error));
  g_assert_no_error (error);
  pl_workspace_emit_changed (workspace, "settings");
  wait_ready (page);
  g_assert_false (gtk_widget_get_visible (child (page, "error_page")));
  g_assert_true (gtk_widget_get_visible (child (page, "content_box")));

  destroy_window (window);
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

static GtkWidget *
nth_child (GtkWidget *widget,
           guint      n)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  for (guint i = 0; child != NULL && i < n; i++)
    child = gtk_widget_get_next_sibling (child);
  g_assert_nonnull (child);
  return child;
}

typedef struct
{
  GtkListBox *list;
  guint       rows;
} RowsWait;

static gboolean
rows_are (gpointer user_data)
{
  RowsWait *wait = user_data;

  return count_rows (wait->list) == wait->rows;
}

/* Changes made: the demo's two, marked on the chart and compared before
 * and since as the core compares them; marking one through the dialog,
 * for every KPI and for this one; the dialog refusing a bad day;
 * removing one. */
static void
test_changes (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("changes");
  g_autoptr(PlKpi) fcr = find_kpi (workspace, "fcr", NULL);
  g_autoptr(PlKpi) csat = find_kpi (workspace, "csat", NULL);
  PlKpiAnalysisPage *page = pl_kpi_analysis_page_new ();
  GtkWindow *window = make_window (page, workspace, 1200, 900);
  GtkListBox *list = child (page, "changes_list");
  PlAnalysisComparison comparison;
  PlAnalysisOptions options;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box;
  RowsWait wait = { list, 0 };
  gint64 id;

  select_kpi (page, workspace, "fcr");
  g_assert_cmpuint (count_rows (list), ==, 2);
  g_assert_cmpstr (row_title (row_at (list, 0)), ==, "Callback process · 27 Jul 2026 · every KPI");
  g_assert_cmpstr (row_title (row_at (list, 1)), ==, "Price rise · 31 Aug 2026 · every KPI");

  /* First-contact resolution rose with the callback process (planted
   * pattern e): the figures are the core's comparison. */
  pl_analysis_options_init (&options);
  g_assert_true (pl_analysis_compare (workspace, fcr, PL_SEGMENT_NONE, 0, "2026-07-27", &options,
                                      &comparison, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (comparison.difference, >, 5);
  {
    g_autofree char *after = pl_kpi_format_value (fcr, comparison.after.value);
    g_autofree char *before = pl_kpi_format_value (fcr, comparison.before.value);
    g_autofree char *start = g_strdup_printf ("Since 27 Jul 2026: %s against %s before, ", after, before);
    const char *subtitle = adw_action_row_get_subtitle (row_at (list, 0));

    g_test_message ("%s", subtitle);
    g_assert_true (g_str_has_prefix (subtitle, start));
    g_assert_nonnull (strstr (subtitle, "An operational figure counts every record"));
  }

  /* A survey KPI has an interval: the callback process did not move CSAT
   * beyond chance, or did; the words follow the interval. */
  select_kpi (page, workspace, "csat");
  g_assert_true (pl_analysis_compare (workspace, csat, PL_SEGMENT_NONE, 0, "2026-07-27", &options,
                                      &comparison, &error));
  {
    const char *subtitle = adw_action_row_get_subtitle (row_at (list, 0));
    gboolean clear = comparison.lower > 0 || comparison.upper < 0;

    g_test_message ("%s", subtitle);
    g_assert_nonnull (strstr (subtitle, "95% interval of the difference"));
    g_assert_cmpint (strstr (subtitle, "a real change, not chance") != NULL, ==, clear);
    g_assert_cmpint (strstr (subtitle, "may be chance") != NULL, ==, !clear);
  }

  /* On the chart, with their labels. */
  description = pl_chart_widget_dup_description (child (page, "chart"));
  g_test_message ("%s", description);
  g_assert_nonnull (strstr (description, "Callback process"));
  g_assert_nonnull (strstr (description, "Price rise"));

  /* Marking a change for every KPI, as a user fills the dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "analysis.add-change", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  box = adw_message_dialog_get_extra_child (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  gtk_editable_set_text (GTK_EDITABLE (nth_child (box, 0)), "New IVR menu");
  gtk_editable_set_text (GTK_EDITABLE (nth_child (box, 1)), "2026-02-30");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_true (gtk_widget_get_visible (nth_child (box, 3)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (nth_child (box, 3))), ==,
                   "Give the day the change began as YYYY-MM-DD.");
  gtk_editable_set_text (GTK_EDITABLE (nth_child (box, 1)), "2026-09-07");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_false (gtk_widget_get_visible (nth_child (box, 3)));
  pl_test_wait (300);
  pl_test_screenshot (GTK_WIDGET (dialog), "kpi-analysis-mark-change-light-wide");
  adw_message_dialog_response (dialog, "add");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM interventions WHERE label = 'New IVR menu'"
                                                 " AND day = '2026-09-07' AND kpi_id IS NULL"), ==, 1);
  wait.rows = 3;
  pl_test_wait_until (rows_are, &wait, 5000);
  wait_ready (page);
  g_assert_cmpstr (row_title (row_at (list, 2)), ==, "New IVR menu · 7 Sep 2026 · every KPI");

  /* And one for this KPI only. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "analysis.add-change", NULL));
  dialog = find_dialog ();
  box = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (nth_child (box, 0)), "Survey wording changed");
  gtk_editable_set_text (GTK_EDITABLE (nth_child (box, 1)), "2026-08-03");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (nth_child (box, 2)), TRUE);
  adw_message_dialog_response (dialog, "add");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM interventions"
                                                 " WHERE label = 'Survey wording changed'"
                                                 " AND kpi_id = (SELECT id FROM kpis WHERE code = 'csat')"), ==, 1);
  wait.rows = 4;
  pl_test_wait_until (rows_are, &wait, 5000);
  wait_ready (page);
  g_assert_cmpstr (row_title (row_at (list, 1)), ==, "Survey wording changed · 3 Aug 2026");
  screenshots (window, page_content (page), "changes");

  /* Cancelling writes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "analysis.add-change", NULL));
  dialog = find_dialog ();
  box = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (nth_child (box, 0)), "Not this one");
  adw_message_dialog_response (dialog, "cancel");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM interventions"), ==, 4);

  /* Another KPI does not list the CSAT-only change. */
  select_kpi (page, workspace, "fcr");
  g_assert_cmpuint (count_rows (list), ==, 3);

  /* Removing one. */
  id = pl_test_query_int (workspace, "SELECT id FROM interventions WHERE label = 'New IVR menu'");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "analysis.remove-change", "x", id));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM interventions"), ==, 3);
  wait.rows = 2;
  pl_test_wait_until (rows_are, &wait, 5000);

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
  pl_workspace_close (demo);

  g_test_add_func ("/app/kpi-analysis/states-and-chooser", test_states_and_chooser);
  g_test_add_func ("/app/kpi-analysis/values", test_values);
  g_test_add_func ("/app/kpi-analysis/control-chart", test_control_chart);
  g_test_add_func ("/app/kpi-analysis/segments", test_segments);
  g_test_add_func ("/app/kpi-analysis/weekday", test_weekday);
  g_test_add_func ("/app/kpi-analysis/distribution", test_distribution);
  g_test_add_func ("/app/kpi-analysis/themes", test_themes);
  g_test_add_func ("/app/kpi-analysis/bad-settings", test_bad_settings);
  g_test_add_func ("/app/kpi-analysis/changes", test_changes);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
