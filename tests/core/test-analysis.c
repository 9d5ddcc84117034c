/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "core/pl-analysis.h"
#include "core/pl-intervention.h"
#include "core/pl-demo.h"
#include "core/pl-error.h"
#include "core/pl-kpi.h"
#include "core/pl-workspace.h"
#include "pl-test-db.h"

/* One demo workspace, made once, that the tests share. A test that
 * changes it (exclusions, settings) puts it back before it ends. */
static char *tmp_dir;
static char *demo_path;
static PlWorkspace *demo;

/* Helpers */

static gint64
query_int (const char *sql)
{
  return pl_test_query_int (demo, sql);
}

static void
exec_sql (const char *sql)
{
  pl_test_exec (demo, sql);
}

/* Every row's first column, as numbers. */
static GArray *
query_doubles (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (demo, sql, &error);
  GArray *values = g_array_new (FALSE, FALSE, sizeof (double));

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      double value = sqlite3_column_double (stmt, 0);
      g_array_append_val (values, value);
    }
  return values;
}

static PlKpi *
load_kpi (const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) kpis = pl_kpi_list (demo, TRUE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (kpis); i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);

      if (strcmp (pl_kpi_get_code (kpi), code) == 0)
        return g_steal_pointer (&kpi);
    }
  g_assert_not_reached ();
}

static PlKpiAnalysis *
analyse (const char       *code,
         PlAnalysisPeriod  period,
         PlSegmentKind     segment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlKpi) kpi = load_kpi (code);
  PlAnalysisOptions options;
  PlKpiAnalysis *analysis;

  pl_analysis_options_init (&options);
  options.period = period;
  options.segment = segment;
  analysis = pl_analysis_kpi (demo, kpi, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  return analysis;
}

static gint64
segment_id (const char *sql_for_id)
{
  return query_int (sql_for_id);
}

static const PlAnalysisCell *
find_cell (PlKpiAnalysis *analysis,
           gint64         segment,
           const char    *period_start)
{
  const PlAnalysisCell *cell = pl_kpi_analysis_find (analysis, segment, period_start);

  g_assert_nonnull (cell);
  return cell;
}

#define assert_close(a, b, tolerance) \
  g_assert_cmpfloat_with_epsilon ((a), (b), (tolerance) * MAX (1.0, fabs (b)))

/* Names and labels */

static void
test_names (void)
{
  PlAnalysisPeriod period;
  PlSegmentKind kind;
  g_autofree char *week = pl_analysis_period_label (PL_ANALYSIS_WEEK, "2026-07-06");
  g_autofree char *month = pl_analysis_period_label (PL_ANALYSIS_MONTH, "2026-07-01");
  g_autofree char *quarter = pl_analysis_period_label (PL_ANALYSIS_QUARTER, "2026-07-01");
  g_autofree char *q1 = pl_analysis_period_label (PL_ANALYSIS_QUARTER, "2026-01-01");
  g_autofree char *wilson = pl_interval_method_label (PL_INTERVAL_WILSON, 0.95);
  g_autofree char *t90 = pl_interval_method_label (PL_INTERVAL_T, 0.9);
  g_autofree char *none = pl_interval_method_label (PL_INTERVAL_NONE, 0.95);

  g_assert_cmpstr (week, ==, "the week of 6 Jul 2026");
  g_assert_cmpstr (month, ==, "July 2026");
  g_assert_cmpstr (quarter, ==, "Q3 2026");
  g_assert_cmpstr (q1, ==, "Q1 2026");
  g_assert_cmpstr (wilson, ==, "Wilson 95% interval");
  g_assert_cmpstr (t90, ==, "t 90% interval");
  g_assert_cmpstr (none, ==, "No interval");

  g_assert_true (pl_analysis_period_from_string ("quarter", &period));
  g_assert_cmpint (period, ==, PL_ANALYSIS_QUARTER);
  g_assert_false (pl_analysis_period_from_string ("fortnight", &period));
  g_assert_false (pl_analysis_period_from_string (NULL, &period));
  g_assert_true (pl_segment_kind_from_string ("colleague", &kind));
  g_assert_cmpint (kind, ==, PL_SEGMENT_COLLEAGUE);
  g_assert_false (pl_segment_kind_from_string ("region", &kind));
  g_assert_cmpstr (pl_segment_kind_to_string (PL_SEGMENT_TEAM), ==, "team");
  g_assert_cmpstr (pl_interval_method_to_string (PL_INTERVAL_NPS), ==, "nps");
}

/* Whole-KPI values are pl_kpi_compute()'s */

static void
test_matches_kpi_compute (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) kpis = pl_kpi_list (demo, FALSE, &error);
  guint checked = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (kpis), ==, 8);

  for (guint i = 0; i < g_list_model_get_n_items (kpis); i++)
    for (PlAnalysisPeriod period = PL_ANALYSIS_WEEK; period <= PL_ANALYSIS_MONTH; period++)
      {
        g_autoptr(PlKpi) stored = g_list_model_get_item (kpis, i);
        g_autoptr(PlKpi) kpi = pl_kpi_copy (stored);
        g_autoptr(PlKpiAnalysis) analysis = NULL;
        g_autoptr(GArray) points = NULL;
        PlAnalysisOptions options;

        pl_kpi_set_period (kpi, period == PL_ANALYSIS_WEEK ? PL_PERIOD_WEEK : PL_PERIOD_MONTH);
        points = pl_kpi_compute (kpi, demo, &error);
        g_assert_no_error (error);

        pl_analysis_options_init (&options);
        options.period = period;
        analysis = pl_analysis_kpi (demo, kpi, &options, &error);
        g_assert_no_error (error);

        g_assert_cmpuint (points->len, >, 0);
        g_assert_cmpuint (analysis->n_whole, ==, points->len);
        g_assert_cmpuint (analysis->cells->len, ==, points->len);
        for (guint j = 0; j < points->len; j++)
          {
            const PlKpiPoint *point = &g_array_index (points, PlKpiPoint, j);
            const PlAnalysisCell *cell = &g_array_index (analysis->cells, PlAnalysisCell, j);

            g_assert_cmpstr (cell->period_start, ==, point->period_start);
            g_assert_cmpint (cell->segment_id, ==, 0);
            g_assert_cmpint (cell->n, ==, point->n);
            assert_close (cell->value, point->value, 1e-9);
            g_assert_cmpint (cell->status, ==, pl_kpi_status_for (kpi, point->value));
            checked++;
          }
      }

  /* 8 KPIs × (26 weeks + 7 months), less the complaint periods not yet judged. */
  g_test_message ("%u periods agree with pl_kpi_compute", checked);
  g_assert_cmpuint (checked, >, 200);
}

/* Quarters: Monday 30 and Tuesday 31 March fall in Q1, then April–June,
 * July–September. Counts from SQL written here, by date ranges. */
static void
test_quarters (void)
{
  g_autoptr(PlKpiAnalysis) csat = analyse ("csat", PL_ANALYSIS_QUARTER, PL_SEGMENT_NONE);
  g_autoptr(PlKpiAnalysis) qa = analyse ("qa", PL_ANALYSIS_QUARTER, PL_SEGMENT_NONE);
  static const char * const starts[] = { "2026-01-01", "2026-04-01", "2026-07-01" };
  static const char * const ends[] = { "2026-03-31", "2026-06-30", "2026-09-30" };

  g_assert_cmpuint (csat->n_whole, ==, 3);
  g_assert_cmpuint (qa->n_whole, ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *count_sql =
        g_strdup_printf ("SELECT count (*) FROM answers a JOIN responses r ON r.id = a.response_id"
                         " WHERE a.question_id = (SELECT id FROM questions WHERE code = 'csat')"
                         "   AND a.value_num IS NOT NULL AND r.excluded = 0 AND r.trashed_at IS NULL"
                         "   AND r.responded_on BETWEEN '%s' AND '%s'", starts[i], ends[i]);
      g_autofree char *top_sql =
        g_strdup_printf ("SELECT count (*) FROM answers a JOIN responses r ON r.id = a.response_id"
                         " WHERE a.question_id = (SELECT id FROM questions WHERE code = 'csat')"
                         "   AND a.value_num >= 4 AND r.excluded = 0 AND r.trashed_at IS NULL"
                         "   AND r.responded_on BETWEEN '%s' AND '%s'", starts[i], ends[i]);
      g_autofree char *qa_sql =
        g_strdup_printf ("SELECT count (*) FROM observations WHERE score IS NOT NULL"
                         " AND excluded = 0 AND trashed_at IS NULL"
                         " AND observed_on BETWEEN '%s' AND '%s'", starts[i], ends[i]);
      const PlAnalysisCell *cell = &g_array_index (csat->cells, PlAnalysisCell, i);
      gint64 n = query_int (count_sql);

      g_assert_cmpstr (cell->period_start, ==, starts[i]);
      g_assert_cmpint (cell->n, ==, n);
      g_assert_cmpint (cell->successes, ==, query_int (top_sql));
      assert_close (cell->value, 100.0 * query_int (top_sql) / n, 1e-12);
      g_assert_cmpint (g_array_index (qa->cells, PlAnalysisCell, i).n, ==, query_int (qa_sql));
    }
  g_assert_cmpint (g_array_index (qa->cells, PlAnalysisCell, 0).n, ==, 4);
}

/* Intervals equal pl_stats on counts read here by another route (the
 * answers view, date ranges). */
static void
test_intervals (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlKpiAnalysis) csat = analyse ("csat", PL_ANALYSIS_WEEK, PL_SEGMENT_NONE);
  g_autoptr(PlKpiAnalysis) nps = analyse ("nps", PL_ANALYSIS_MONTH, PL_SEGMENT_NONE);
  g_autoptr(PlKpiAnalysis) qa = analyse ("qa", PL_ANALYSIS_MONTH, PL_SEGMENT_COLLEAGUE);
  g_autoptr(PlKpiAnalysis) ces = analyse ("ces", PL_ANALYSIS_MONTH, PL_SEGMENT_NONE);
  g_autoptr(PlKpiAnalysis) asa = analyse ("asa", PL_ANALYSIS_WEEK, PL_SEGMENT_NONE);
  g_autoptr(GArray) scores = NULL;
  const PlAnalysisCell *cell;
  PlInterval interval;
  PlNps expected_nps;
  gint64 n, k, promoters, detractors, c07;

  /* CSAT top box, the week of 6 July 2026. */
  n = query_int ("SELECT count (*) FROM answers a JOIN responses r ON r.id = a.response_id"
                 " WHERE a.question_id = 1 AND a.value_num IS NOT NULL"
                 "   AND r.excluded = 0 AND r.trashed_at IS NULL"
                 "   AND r.responded_on BETWEEN '2026-07-06' AND '2026-07-12'");
  k = query_int ("SELECT count (*) FROM answers a JOIN responses r ON r.id = a.response_id"
                 " WHERE a.question_id = 1 AND a.value_num >= 4"
                 "   AND r.excluded = 0 AND r.trashed_at IS NULL"
                 "   AND r.responded_on BETWEEN '2026-07-06' AND '2026-07-12'");
  g_assert_true (pl_stats_wilson (k, n, 0.95, &interval, &error));
  g_assert_no_error (error);
  cell = find_cell (csat, 0, "2026-07-06");
  g_assert_cmpint (csat->method, ==, PL_INTERVAL_WILSON);
  g_assert_cmpint (cell->n, ==, n);
  g_assert_cmpint (cell->successes, ==, k);
  assert_close (cell->lower, 100 * interval.lower, 1e-12);
  assert_close (cell->upper, 100 * interval.upper, 1e-12);
  assert_close (cell->half_width, 50 * (interval.upper - interval.lower), 1e-12);
  /* Default margin: 5 points for a percentage. */
  g_assert_cmpfloat (csat->margin, ==, 5.0);
  g_assert_cmpint (cell->insufficient, ==, cell->half_width > 5.0);
  g_assert_cmpint (cell->small_sample, ==, n < 10);
  g_test_message ("CSAT, week of 6 Jul 2026: %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                  " = %.1f%% (%.1f%% to %.1f%%)", k, n, cell->value, cell->lower, cell->upper);

  /* NPS, August 2026. */
  promoters = query_int ("SELECT count (*) FROM answers a JOIN responses r ON r.id = a.response_id"
                         " WHERE a.question_id = 2 AND a.value_num >= 9"
                         "   AND r.excluded = 0 AND r.trashed_at IS NULL"
                         "   AND r.responded_on BETWEEN '2026-08-01' AND '2026-08-31'");
  detractors = query_int ("SELECT count (*) FROM answers a JOIN responses r ON r.id = a.response_id"
                          " WHERE a.question_id = 2 AND a.value_num <= 6"
                          "   AND r.excluded = 0 AND r.trashed_at IS NULL"
                          "   AND r.responded_on BETWEEN '2026-08-01' AND '2026-08-31'");
  n = query_int ("SELECT count (*) FROM answers a JOIN responses r ON r.id = a.response_id"
                 " WHERE a.question_id = 2 AND a.value_num IS NOT NULL"
                 "   AND r.excluded = 0 AND r.trashed_at IS NULL"
                 "   AND r.responded_on BETWEEN '2026-08-01' AND '2026-08-31'");
  g_assert_true (pl_stats_nps_counts (promoters, n - promoters - detractors, detractors, 0.95,
                                      &expected_nps, &error));
  cell = find_cell (nps, 0, "2026-08-01");
  g_assert_cmpint (nps->method, ==, PL_INTERVAL_NPS);
  g_assert_cmpint (cell->n, ==, n);
  assert_close (cell->value, expected_nps.nps, 1e-12);
  assert_close (cell->lower, expected_nps.lower, 1e-12);
  assert_close (cell->upper, expected_nps.upper, 1e-12);
  assert_close (cell->half_width, expected_nps.margin, 1e-12);
  /* 5 points per 100 of a range of 200. */
  g_assert_cmpfloat (nps->margin, ==, 10.0);
  g_assert_cmpint (cell->insufficient, ==, expected_nps.margin > 10.0);

  /* QA score, Priya Shah (C07), July 2026: t interval on her scores. */
  c07 = segment_id ("SELECT id FROM colleagues WHERE code = 'C07'");
  scores = query_doubles ("SELECT score FROM observations WHERE colleague_id = 7"
                          " AND score IS NOT NULL AND excluded = 0 AND trashed_at IS NULL"
                          " AND observed_on BETWEEN '2026-07-01' AND '2026-07-31'");
  g_assert_cmpint (c07, ==, 7);
  g_assert_true (pl_stats_mean_interval ((double *) (void *) scores->data, scores->len, 0.95,
                                         &interval, &error));
  g_assert_no_error (error);
  cell = find_cell (qa, c07, "2026-07-01");
  g_assert_cmpint (qa->method, ==, PL_INTERVAL_T);
  g_assert_cmpint (cell->n, ==, scores->len);
  assert_close (cell->value, interval.estimate, 1e-9);
  assert_close (cell->lower, MAX (0, interval.lower), 1e-9);
  assert_close (cell->upper, MIN (100, interval.upper), 1e-9);
  assert_close (cell->half_width, (interval.upper - interval.lower) / 2, 1e-9);
  g_assert_cmpint (cell->small_sample, ==, scores->len < 10);
  g_test_message ("QA, C07, July 2026: n = %u, %.1f (%.1f to %.1f)",
                  scores->len, cell->value, cell->lower, cell->upper);

  /* A t interval never leaves the scale: March has 4 observations. */
  cell = find_cell (qa, 0, "2026-03-01");
  g_assert_cmpint (cell->n, ==, 4);
  g_assert_cmpfloat (cell->upper, <=, 100);
  g_assert_true (cell->insufficient);
  g_assert_true (cell->small_sample);

  /* CES, a 1–7 mean: margin 5% of 6 = 0.3. */
  assert_close (ces->margin, 0.3, 1e-12);
  cell = find_cell (ces, 0, "2026-04-01");
  g_assert_false (cell->insufficient);
  g_assert_cmpfloat (cell->sd, >, 0);

  /* A metric KPI: no interval, never insufficient. */
  g_assert_cmpint (asa->method, ==, PL_INTERVAL_NONE);
  g_assert_true (isnan (asa->margin));
  for (guint i = 0; i < asa->cells->len; i++)
    {
      cell = &g_array_index (asa->cells, PlAnalysisCell, i);
      g_assert_true (isnan (cell->lower) && isnan (cell->upper));
      g_assert_false (cell->insufficient);
    }
}

/* Excluded and trashed records leave the counts, exactly. */
static void
test_excluded (void)
{
  g_autoptr(PlKpiAnalysis) before = analyse ("csat", PL_ANALYSIS_WEEK, PL_SEGMENT_NONE);
  g_autoptr(PlKpiAnalysis) qa_before = analyse ("qa", PL_ANALYSIS_MONTH, PL_SEGMENT_COLLEAGUE);
  g_autoptr(PlKpiAnalysis) complaints_before = analyse ("complaints", PL_ANALYSIS_MONTH,
                                                        PL_SEGMENT_NONE);
  g_autoptr(PlKpiAnalysis) after = NULL;
  g_autoptr(PlKpiAnalysis) qa_after = NULL;
  g_autoptr(PlKpiAnalysis) complaints_after = NULL;
  const PlAnalysisCell *was, *is;
  gint64 top_box_out;

  exec_sql ("CREATE TEMP TABLE out_r AS SELECT id FROM responses"
            " WHERE responded_on BETWEEN '2026-07-06' AND '2026-07-12'"
            "   AND json_type (answers, '$.\"1\"') IN ('integer', 'real')"
            " ORDER BY id LIMIT 7");
  top_box_out = query_int ("SELECT count (*) FROM responses WHERE id IN (SELECT id FROM out_r)"
                           " AND json_extract (answers, '$.\"1\"') >= 4");
  exec_sql ("UPDATE responses SET excluded = 1, exclusion_reason = 'test'"
            " WHERE id IN (SELECT id FROM out_r ORDER BY id LIMIT 5)");
  exec_sql ("UPDATE responses SET trashed_at = '2026-09-28T09:00:00Z'"
            " WHERE id IN (SELECT id FROM out_r ORDER BY id LIMIT 2 OFFSET 5)");
  exec_sql ("CREATE TEMP TABLE out_o AS SELECT id FROM observations"
            " WHERE colleague_id = 7 AND observed_on BETWEEN '2026-07-01' AND '2026-07-31'"
            " ORDER BY id LIMIT 3");
  exec_sql ("UPDATE observations SET excluded = 1 WHERE id IN (SELECT id FROM out_o)");
  exec_sql ("UPDATE complaints SET excluded = 1"
            " WHERE id = (SELECT min (id) FROM complaints WHERE received_on >= '2026-05-01')");

  after = analyse ("csat", PL_ANALYSIS_WEEK, PL_SEGMENT_NONE);
  qa_after = analyse ("qa", PL_ANALYSIS_MONTH, PL_SEGMENT_COLLEAGUE);
  complaints_after = analyse ("complaints", PL_ANALYSIS_MONTH, PL_SEGMENT_NONE);

  was = find_cell (before, 0, "2026-07-06");
  is = find_cell (after, 0, "2026-07-06");
  g_assert_cmpint (is->n, ==, was->n - 7);
  g_assert_cmpint (is->successes, ==, was->successes - top_box_out);
  /* Other weeks are untouched. */
  g_assert_cmpint (find_cell (after, 0, "2026-07-13")->n, ==,
                   find_cell (before, 0, "2026-07-13")->n);

  g_assert_cmpint (find_cell (qa_after, 7, "2026-07-01")->n, ==,
                   find_cell (qa_before, 7, "2026-07-01")->n - 3);
  g_assert_cmpint (find_cell (qa_after, 0, "2026-07-01")->n, ==,
                   find_cell (qa_before, 0, "2026-07-01")->n - 3);
  g_assert_cmpint (find_cell (complaints_after, 0, "2026-05-01")->n, ==,
                   find_cell (complaints_before, 0, "2026-05-01")->n - 1);

  exec_sql ("UPDATE responses SET excluded = 0, exclusion_reason = NULL, trashed_at = NULL"
            " WHERE id IN (SELECT id FROM out_r)");
  exec_sql ("UPDATE observations SET excluded = 0 WHERE id IN (SELECT id FROM out_o)");
  exec_sql ("UPDATE complaints SET excluded = 0");
  exec_sql ("DROP TABLE out_r; DROP TABLE out_o");
  g_assert_cmpint (query_int ("SELECT count (*) FROM responses WHERE excluded OR trashed_at IS NOT NULL"),
                   ==, 0);
}

/* Settings and options: the margin, the smallest sample, bad values. */
static void
test_settings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlKpi) csat = load_kpi ("csat");
  g_autoptr(PlKpiAnalysis) wide = NULL;
  g_autoptr(PlKpiAnalysis) strict = NULL;
  g_autoptr(PlKpiAnalysis) by_option = NULL;
  PlKpiAnalysis *failed;
  PlAnalysisOptions options;
  guint insufficient = 0, wider_than_default = 0;

  pl_analysis_options_init (&options);
  g_assert_true (pl_workspace_set_setting (demo, "analysis_margin", "20", &error));
  g_assert_true (pl_workspace_set_setting (demo, "analysis_min_sample", "200", &error));
  g_assert_no_error (error);
  wide = pl_analysis_kpi (demo, csat, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (wide->margin, ==, 20.0);
  g_assert_cmpint (wide->min_sample, ==, 200);
  for (guint i = 0; i < wide->cells->len; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (wide->cells, PlAnalysisCell, i);

      g_assert_cmpint (cell->insufficient, ==, cell->half_width > 20.0);
      g_assert_cmpint (cell->small_sample, ==, cell->n < 200);
      insufficient += cell->insufficient;
      wider_than_default += cell->half_width > PL_ANALYSIS_DEFAULT_MARGIN;
    }
  /* About 230 answers a week: ±5 to 6 points, within 20, not always within 5. */
  g_assert_cmpuint (insufficient, ==, 0);
  g_assert_cmpuint (wider_than_default, >, 0);

  /* Options win over the settings. */
  options.margin = 2;
  options.min_sample = 5;
  by_option = pl_analysis_kpi (demo, csat, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (by_option->margin, ==, 2.0);
  g_assert_cmpint (by_option->min_sample, ==, 5);
  for (guint i = 0; i < by_option->cells->len; i++)
    g_assert_true (g_array_index (by_option->cells, PlAnalysisCell, i).insufficient);

  /* A 90% interval is narrower than the 95% one. */
  pl_analysis_options_init (&options);
  options.confidence = 0.9;
  strict = pl_analysis_kpi (demo, csat, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (g_array_index (strict->cells, PlAnalysisCell, 5).half_width, <,
                     g_array_index (wide->cells, PlAnalysisCell, 5).half_width);

  /* Bad settings and options are the user's to fix, in words. */
  pl_analysis_options_init (&options);
  g_assert_true (pl_workspace_set_setting (demo, "analysis_margin", "plenty", &error));
  failed = pl_analysis_kpi (demo, csat, &options, &error);
  g_assert_null (failed);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“plenty”"));
  g_clear_error (&error);
  g_assert_true (pl_workspace_set_setting (demo, "analysis_margin", "0", &error));
  g_assert_null (pl_analysis_run (demo, NULL, &options, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (pl_workspace_set_setting (demo, "analysis_margin", "5", &error));
  g_assert_true (pl_workspace_set_setting (demo, "analysis_min_sample", "-3", &error));
  g_assert_null (pl_analysis_kpi (demo, csat, &options, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  exec_sql ("DELETE FROM settings WHERE key IN ('analysis_margin', 'analysis_min_sample')");

  options.confidence = 1.5;
  g_assert_null (pl_analysis_kpi (demo, csat, &options, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  pl_analysis_options_init (&options);
  options.period = 9;
  g_assert_null (pl_analysis_kpi (demo, csat, &options, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  pl_analysis_options_init (&options);
  options.margin = 80;
  g_assert_null (pl_analysis_kpi (demo, csat, &options, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  /* An unknown KPI code names the ones there are. */
  g_assert_null (pl_analysis_run (demo, "csatt", NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“csatt”"));
  g_assert_nonnull (strstr (error->message, "csat, nps, ces"));
}

/* Segments add up to the whole. */
static void
test_segments (void)
{
  g_autoptr(PlKpiAnalysis) by_channel = analyse ("csat", PL_ANALYSIS_WEEK, PL_SEGMENT_CHANNEL);
  g_autoptr(PlKpiAnalysis) by_team = analyse ("qa", PL_ANALYSIS_MONTH, PL_SEGMENT_TEAM);
  g_autoptr(PlKpiAnalysis) asa_colleague = analyse ("asa", PL_ANALYSIS_WEEK, PL_SEGMENT_COLLEAGUE);
  g_autoptr(PlKpiAnalysis) asa_channel = analyse ("asa", PL_ANALYSIS_WEEK, PL_SEGMENT_CHANNEL);
  g_autoptr(PlKpiAnalysis) fcr_channel = analyse ("fcr", PL_ANALYSIS_MONTH, PL_SEGMENT_CHANNEL);
  g_autoptr(PlKpiAnalysis) complaints = analyse ("complaints", PL_ANALYSIS_MONTH,
                                                 PL_SEGMENT_CHANNEL);
  const PlSegment *segment;

  g_assert_cmpuint (by_channel->segments->len, ==, 6);
  segment = g_ptr_array_index (by_channel->segments, 0);
  g_assert_cmpint (segment->id, ==, 0);
  g_assert_null (segment->code);
  segment = g_ptr_array_index (by_channel->segments, 2);
  g_assert_cmpstr (segment->code, ==, "email");
  g_assert_cmpstr (segment->name, ==, "Email");

  for (guint i = 0; i < by_channel->n_whole; i++)
    {
      const PlAnalysisCell *whole = &g_array_index (by_channel->cells, PlAnalysisCell, i);
      gint64 n = 0, k = 0;

      for (guint j = by_channel->n_whole; j < by_channel->cells->len; j++)
        {
          const PlAnalysisCell *cell = &g_array_index (by_channel->cells, PlAnalysisCell, j);

          if (strcmp (cell->period_start, whole->period_start) == 0)
            {
              n += cell->n;
              k += cell->successes;
            }
        }
      g_assert_cmpint (n, ==, whole->n);
      g_assert_cmpint (k, ==, whole->successes);
    }

  /* Teams: Customer Care and Billing & Payments make up every month. */
  g_assert_cmpuint (by_team->segments->len, ==, 3);
  for (guint i = 0; i < by_team->n_whole; i++)
    {
      const PlAnalysisCell *whole = &g_array_index (by_team->cells, PlAnalysisCell, i);
      const PlAnalysisCell *care = pl_kpi_analysis_find (by_team, 1, whole->period_start);
      const PlAnalysisCell *billing = pl_kpi_analysis_find (by_team, 2, whole->period_start);
      gint64 n = (care ? care->n : 0) + (billing ? billing->n : 0);
      double sum = (care ? care->value * care->n : 0) + (billing ? billing->value * billing->n : 0);

      g_assert_cmpint (n, ==, whole->n);
      assert_close (sum / n, whole->value, 1e-9);
    }

  /* A metric has no colleague: whole-KPI rows only, and said so. */
  g_assert_false (asa_colleague->segments_available);
  g_assert_cmpuint (asa_colleague->cells->len, ==, asa_colleague->n_whole);
  g_assert_cmpuint (asa_colleague->segments->len, ==, 1);

  /* Speed of answer is a telephone figure: one channel, equal to the whole. */
  g_assert_true (asa_channel->segments_available);
  g_assert_cmpuint (asa_channel->segments->len, ==, 2);
  g_assert_cmpuint (asa_channel->cells->len, ==, 2 * asa_channel->n_whole);
  for (guint i = 0; i < asa_channel->n_whole; i++)
    {
      const PlAnalysisCell *whole = &g_array_index (asa_channel->cells, PlAnalysisCell, i);
      const PlAnalysisCell *phone = &g_array_index (asa_channel->cells, PlAnalysisCell,
                                                    asa_channel->n_whole + i);

      g_assert_cmpint (phone->segment_id, ==, 1);
      g_assert_cmpint (phone->n, ==, whole->n);
      assert_close (phone->value, whole->value, 1e-12);
    }

  /* First-contact resolution per channel: the ratio of the channel's sums. */
  {
    g_autoptr(GArray) expected =
      query_doubles ("SELECT 100.0 * SUM (numerator) / SUM (denominator) FROM metric_values"
                     " WHERE series_id = (SELECT id FROM metric_series WHERE code = 'fcr')"
                     "   AND channel_id = 2 AND period_start BETWEEN '2026-08-01' AND '2026-08-31'");

    assert_close (find_cell (fcr_channel, 2, "2026-08-01")->value,
                  g_array_index (expected, double, 0), 1e-9);
  }

  /* Complaints by channel skip the months not yet judged, as the whole does. */
  for (guint j = complaints->n_whole; j < complaints->cells->len; j++)
    {
      const PlAnalysisCell *cell = &g_array_index (complaints->cells, PlAnalysisCell, j);

      g_assert_nonnull (pl_kpi_analysis_find (complaints, 0, cell->period_start));
    }
}

/* The trend and the control chart of the whole KPI. */
static void
test_trend_and_chart (void)
{
  g_autoptr(PlKpiAnalysis) csat = analyse ("csat", PL_ANALYSIS_WEEK, PL_SEGMENT_NONE);
  g_autoptr(PlKpiAnalysis) qa = analyse ("qa", PL_ANALYSIS_WEEK, PL_SEGMENT_NONE);
  g_autoptr(PlKpiAnalysis) qa_month = analyse ("qa", PL_ANALYSIS_MONTH, PL_SEGMENT_NONE);
  g_autoptr(GError) error = NULL;
  gint64 k = 0, n = 0;
  PlTrend trend;
  double x[26], y[26];

  g_assert_cmpuint (csat->n_whole, ==, 26);
  g_assert_nonnull (csat->chart);
  g_assert_cmpint (csat->chart->kind, ==, PL_CHART_P);
  g_assert_cmpuint (csat->chart->n_points, ==, 26);
  g_assert_true (csat->chart->limits_vary);
  for (guint i = 0; i < csat->n_whole; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (csat->cells, PlAnalysisCell, i);

      k += cell->successes;
      n += cell->n;
      x[i] = i;
      y[i] = cell->value;
      /* The chart is in the KPI's unit: percentages. */
      assert_close (csat->chart->values[i], cell->value, 1e-12);
    }
  /* p̄ = Σk / Σn; limits p̄ ± 3 √(p̄(1 − p̄)/n_i) (Montgomery, Introduction to
   * Statistical Quality Control, §7.2.2, variable sample size). */
  assert_close (csat->chart->center, 100.0 * k / n, 1e-12);
  for (guint i = 0; i < csat->n_whole; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (csat->cells, PlAnalysisCell, i);
      double p = (double) k / n;

      assert_close (csat->chart->ucl[i], 100 * MIN (1, p + 3 * sqrt (p * (1 - p) / cell->n)), 1e-9);
      assert_close (csat->chart->lcl[i], 100 * MAX (0, p - 3 * sqrt (p * (1 - p) / cell->n)), 1e-9);
    }

  /* Weeks are consecutive, so the trend's x is 0, 1, 2, … */
  g_assert_true (csat->has_trend);
  g_assert_true (pl_stats_trend (x, y, 26, &trend, &error));
  assert_close (csat->trend.slope, trend.slope, 1e-12);
  assert_close (csat->trend.mk_p, trend.mk_p, 1e-12);
  {
    g_autofree char *words = pl_trend_describe (&trend);

    g_assert_cmpstr (csat->trend_summary, ==, words);
  }

  /* Means: an individuals chart of the period values. */
  g_assert_cmpint (qa->chart->kind, ==, PL_CHART_XMR);
  g_assert_cmpuint (qa->explanations->len, ==, qa->chart->signals->len);
  /* Monthly: x counts months. */
  g_assert_true (qa_month->has_trend);
  g_assert_cmpuint (qa_month->trend.n, ==, 7);
}

/* (a) Priya Shah (C07): about 15 points lower on QA from 6 July 2026. */
static void
test_planted_priya (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlKpi) qa = load_kpi ("qa");
  g_autoptr(GPtrArray) patterns = NULL;
  PlAnalysisComparison change;
  PlAnalysisOptions options;
  PlColleaguePattern *priya = NULL;

  pl_analysis_options_init (&options);
  g_assert_true (pl_analysis_compare (demo, qa, PL_SEGMENT_COLLEAGUE, 7, "2026-07-06",
                                      &options, &change, &error));
  g_assert_no_error (error);
  g_test_message ("C07 QA: before %.1f (%.1f to %.1f, n = %" G_GINT64_FORMAT "), from 6 Jul "
                  "%.1f (%.1f to %.1f, n = %" G_GINT64_FORMAT "); difference %.1f "
                  "(%.1f to %.1f), Welch p = %.2g",
                  change.before.value, change.before.lower, change.before.upper, change.before.n,
                  change.after.value, change.after.lower, change.after.upper, change.after.n,
                  change.difference, change.lower, change.upper, change.p);
  g_assert_cmpint (change.before.n + change.after.n, ==, 50);
  g_assert_cmpint (change.method, ==, PL_INTERVAL_T);
  /* Her later interval lies wholly below her earlier one. */
  g_assert_cmpfloat (change.after.upper, <, change.before.lower);
  g_assert_cmpfloat (change.difference, <, -10);
  g_assert_cmpfloat (change.difference, >, -20);
  g_assert_cmpfloat (change.upper, <, 0);
  g_assert_cmpfloat (change.p, <, 0.001);
  /* The rest of her team did not drop. */
  {
    PlAnalysisComparison team;

    g_assert_true (pl_analysis_compare (demo, qa, PL_SEGMENT_TEAM, 1, "2026-07-06",
                                        &options, &team, &error));
    g_assert_cmpfloat (team.difference, >, change.difference + 5);
  }

  options.period = PL_ANALYSIS_MONTH;
  patterns = pl_analysis_colleagues (demo, qa, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patterns->len, ==, 12);
  for (guint i = 0; i < patterns->len; i++)
    {
      PlColleaguePattern *pattern = g_ptr_array_index (patterns, i);

      g_assert_cmpint (pattern->overall.n, ==, 50);
      g_assert_false (pattern->small_sample);
      g_assert_cmpuint (pattern->team_cells->len, ==, pattern->cells->len);
      if (strcmp (pattern->colleague.code, "C07") == 0)
        priya = pattern;
    }
  g_assert_nonnull (priya);
  g_assert_cmpstr (priya->colleague.name, ==, "Priya Shah");
  g_assert_cmpstr (priya->team_name, ==, "Customer Care");
  g_assert_cmpint (priya->team_overall.n, ==, 7 * 50);
  /* Her overall mean against the team's, and July beside the team's July. */
  g_assert_cmpfloat (priya->overall.value, <, priya->team_overall.value);
  for (guint i = 0; i < priya->cells->len; i++)
    {
      const PlAnalysisCell *mine = &g_array_index (priya->cells, PlAnalysisCell, i);
      const PlAnalysisCell *team = &g_array_index (priya->team_cells, PlAnalysisCell, i);

      g_assert_cmpstr (mine->period_start, ==, team->period_start);
      g_assert_cmpint (team->segment_id, ==, 1);
      if (strcmp (mine->period_start, "2026-07-01") == 0)
        g_assert_cmpfloat (mine->value, <, team->value - 5);
    }
  g_test_message ("C07 monthly QA trend: %s", priya->trend_summary);

  /* Weekly, her own trend falls. */
  options.period = PL_ANALYSIS_WEEK;
  g_clear_pointer (&patterns, g_ptr_array_unref);
  patterns = pl_analysis_colleagues (demo, qa, &options, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < patterns->len; i++)
    {
      PlColleaguePattern *pattern = g_ptr_array_index (patterns, i);

      if (strcmp (pattern->colleague.code, "C07") != 0)
        continue;
      g_test_message ("C07 weekly QA trend: %s", pattern->trend_summary);
      g_assert_true (pattern->has_trend);
      g_assert_cmpint (pl_trend_direction (&pattern->trend, PL_TREND_ALPHA), ==, PL_TREND_FALLING);
    }

  /* A metric KPI has no colleagues; a comparison needs both sides. */
  {
    g_autoptr(PlKpi) asa = load_kpi ("asa");

    g_assert_null (pl_analysis_colleagues (demo, asa, &options, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (pl_analysis_compare (demo, qa, PL_SEGMENT_COLLEAGUE, 7, "2025-01-01",
                                         &options, &change, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "before 1 Jan 2025"));
    g_clear_error (&error);
    g_assert_false (pl_analysis_compare (demo, qa, PL_SEGMENT_COLLEAGUE, 7, "6 July",
                                         &options, &change, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (pl_analysis_compare (demo, qa, PL_SEGMENT_NONE, 7, "2026-07-06",
                                         &options, &change, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
    g_clear_error (&error);
  }
}

/* (b) Email CSAT below the 85% target every month, the whole interval too. */
static void
test_planted_email (void)
{
  g_autoptr(PlKpiAnalysis) csat = analyse ("csat", PL_ANALYSIS_MONTH, PL_SEGMENT_CHANNEL);
  gint64 email = segment_id ("SELECT id FROM channels WHERE code = 'email'");
  gint64 phone = segment_id ("SELECT id FROM channels WHERE code = 'telephone'");
  guint months = 0;

  for (guint i = 0; i < csat->cells->len; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (csat->cells, PlAnalysisCell, i);

      if (cell->segment_id != email)
        continue;
      g_test_message ("Email CSAT %s: %.1f%% (%.1f%% to %.1f%%), n = %" G_GINT64_FORMAT,
                      cell->period_start, cell->value, cell->lower, cell->upper, cell->n);
      g_assert_cmpfloat (cell->upper, <, 85);
      g_assert_cmpint (cell->status, !=, PL_STATUS_GREEN);
      months++;
    }
  g_assert_cmpuint (months, ==, 7);

  /* Telephone's interval reaches the target in most months. */
  months = 0;
  for (guint i = 0; i < csat->cells->len; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (csat->cells, PlAnalysisCell, i);

      if (cell->segment_id == phone && cell->upper >= 85)
        months++;
    }
  g_assert_cmpuint (months, >=, 4);
}

/* (e) From 27 July 2026 the callback process lowers the speed of answer. */
static void
test_planted_callback (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlKpiAnalysis) asa = analyse ("asa", PL_ANALYSIS_WEEK, PL_SEGMENT_NONE);
  g_autoptr(PlKpiAnalysis) fcr = analyse ("fcr", PL_ANALYSIS_WEEK, PL_SEGMENT_NONE);
  g_autoptr(PlKpi) asa_kpi = load_kpi ("asa");
  PlAnalysisComparison change;
  PlAnalysisOptions options;
  guint below_after = 0, above_before = 0;

  g_assert_cmpint (asa->chart->kind, ==, PL_CHART_XMR);
  for (guint i = 0; i < asa->chart->signals->len; i++)
    {
      const PlSignal *signal = &g_array_index (asa->chart->signals, PlSignal, i);
      const PlAnalysisCell *cell = &g_array_index (asa->cells, PlAnalysisCell, signal->point);
      const char *explanation = g_ptr_array_index (asa->explanations, i);
      g_autofree char *label = pl_analysis_period_label (PL_ANALYSIS_WEEK, cell->period_start);

      g_assert_nonnull (strstr (explanation, label));
      if (signal->side < 0 && strcmp (cell->period_start, "2026-07-27") >= 0)
        below_after++;
      if (signal->side > 0 && strcmp (cell->period_start, "2026-07-27") < 0)
        above_before++;
    }
  g_test_message ("ASA: %u signals below the centre from 27 Jul on, %u above before; trend %s",
                  below_after, above_before, asa->trend_summary);
  g_assert_cmpuint (below_after, >, 0);
  g_assert_cmpuint (above_before, >, 0);
  g_assert_cmpint (pl_trend_direction (&asa->trend, PL_TREND_ALPHA), ==, PL_TREND_FALLING);
  g_assert_cmpint (pl_trend_direction (&fcr->trend, PL_TREND_ALPHA), ==, PL_TREND_RISING);

  pl_analysis_options_init (&options);
  g_assert_true (pl_analysis_compare (demo, asa_kpi, PL_SEGMENT_NONE, 0, "2026-07-27",
                                      &options, &change, &error));
  g_assert_no_error (error);
  g_test_message ("ASA before %.1f s, from 27 Jul %.1f s", change.before.value, change.after.value);
  g_assert_cmpint (change.method, ==, PL_INTERVAL_NONE);
  g_assert_true (isnan (change.p));
  g_assert_cmpfloat (change.before.value, >, 28);
  g_assert_cmpfloat (change.after.value, <, 20);
}

/* (f) From 31 August 2026 NPS falls while CSAT holds. */
static void
test_planted_price_rise (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlKpi) nps = load_kpi ("nps");
  g_autoptr(PlKpi) csat = load_kpi ("csat");
  g_autoptr(PlKpiAnalysis) weekly = analyse ("nps", PL_ANALYSIS_WEEK, PL_SEGMENT_NONE);
  PlAnalysisComparison change, csat_change;
  PlAnalysisOptions options;
  gboolean signal_after = FALSE;

  pl_analysis_options_init (&options);
  g_assert_true (pl_analysis_compare (demo, nps, PL_SEGMENT_NONE, 0, "2026-08-31",
                                      &options, &change, &error));
  g_assert_no_error (error);
  g_assert_true (pl_analysis_compare (demo, csat, PL_SEGMENT_NONE, 0, "2026-08-31",
                                      &options, &csat_change, &error));
  g_assert_no_error (error);
  g_test_message ("NPS before %+.1f, from 31 Aug %+.1f: %+.1f (%+.1f to %+.1f), p = %.2g; "
                  "CSAT %+.1f pts, p = %.2g",
                  change.before.value, change.after.value, change.difference,
                  change.lower, change.upper, change.p, csat_change.difference, csat_change.p);
  g_assert_cmpint (change.method, ==, PL_INTERVAL_NPS);
  g_assert_cmpfloat (change.difference, <, -10);
  g_assert_cmpfloat (change.upper, <, 0);
  g_assert_cmpfloat (change.p, <, 0.001);
  g_assert_cmpfloat (change.after.upper, <, change.before.lower);
  /* CSAT holds: no significant change at 5%. */
  g_assert_cmpfloat (csat_change.p, >, 0.05);
  g_assert_cmpfloat (csat_change.lower, <, 0);
  g_assert_cmpfloat (csat_change.upper, >, 0);

  /* The weekly chart sees it too: a signal below the line from 31 August. */
  for (guint i = 0; i < weekly->chart->signals->len; i++)
    {
      const PlSignal *signal = &g_array_index (weekly->chart->signals, PlSignal, i);
      const PlAnalysisCell *cell = &g_array_index (weekly->cells, PlAnalysisCell, signal->point);

      if (signal->side < 0 && strcmp (cell->period_start, "2026-08-31") >= 0)
        signal_after = TRUE;
    }
  g_assert_true (signal_after);
}

/* Newcombe, R. G. (1998). Interval estimation for the difference between
 * independent proportions: comparison of eleven methods. Statistics in
 * Medicine 17, 873–890, Table II, method 10 (score, no continuity
 * correction), examples (a), (b), (e) and (f). */
static void
test_newcombe (void)
{
  static const struct { gint64 k1, n1, k2, n2; double lower, upper; } table[] = {
    { 56, 70, 48, 80, 0.0524, 0.3339 },
    { 9, 10, 3, 10, 0.1705, 0.8090 },
    { 0, 10, 0, 20, -0.1611, 0.2775 },
    { 10, 10, 0, 20, 0.6791, 1.0000 },
  };
  g_autoptr(GError) error = NULL;
  double lower, upper, p;

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      /* Ours is k2/n2 − k1/n1: give Newcombe's first proportion second. */
      g_assert_true (pl_analysis_proportion_difference (table[i].k2, table[i].n2,
                                                        table[i].k1, table[i].n1, 0.95,
                                                        &lower, &upper, &p, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (lower, table[i].lower, 0.00005);
      g_assert_cmpfloat_with_epsilon (upper, table[i].upper, 0.00005);
    }

  /* Pooled z test, 56/70 against 48/80: p̂ = 104/150, z = 0.2/√(p̂(1 − p̂)(1/70 + 1/80)). */
  g_assert_true (pl_analysis_proportion_difference (48, 80, 56, 70, 0.95, NULL, NULL, &p, &error));
  {
    double pooled = 104.0 / 150, z = 0.2 / sqrt (pooled * (1 - pooled) * (1.0 / 70 + 1.0 / 80));

    assert_close (p, 2 * gsl_cdf_ugaussian_Q (z), 1e-12);
    g_assert_cmpfloat_with_epsilon (z, 2.6502, 0.0001);
  }

  g_assert_false (pl_analysis_proportion_difference (1, 0, 1, 2, 0.95, &lower, &upper, &p, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
}

/* Correlation against published examples. */
static void
test_correlate (void)
{
  /* Anscombe, F. J. (1973). Graphs in statistical analysis. The American
   * Statistician 27, 17–21: data set I, r = 0.816; R's cor.test gives
   * t = 4.2415 on 9 df, p = 0.002170. */
  static const double ax[] = { 10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5 };
  static const double ay[] = { 8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68 };
  /* Wikipedia, "Spearman's rank correlation coefficient", worked example:
   * IQ against hours of television a week, ρ = −29/165, p = 0.627188 by
   * the t distribution. */
  static const double iq[] = { 106, 100, 86, 101, 99, 103, 97, 113, 112, 110 };
  static const double tv[] = { 7, 27, 2, 50, 28, 29, 20, 12, 6, 17 };
  static const double flat[] = { 3, 3, 3, 3 };
  g_autoptr(GError) error = NULL;
  PlCorrelation c;

  g_assert_true (pl_analysis_correlate (ax, ay, 11, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (c.pearson_r, 0.81642, 0.000005);
  g_assert_cmpfloat_with_epsilon (c.pearson_p, 0.002170, 0.0000005);
  /* Ranks of set I differ in 3 places: Σd² = 40, ρ = 1 − 6·40/1320 = 9/11. */
  g_assert_cmpfloat_with_epsilon (c.spearman_rho, 9.0 / 11, 1e-12);

  g_assert_true (pl_analysis_correlate (iq, tv, 10, &c, &error));
  g_assert_cmpfloat_with_epsilon (c.spearman_rho, -29.0 / 165, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.spearman_p, 0.627188, 0.0000005);

  g_assert_false (pl_analysis_correlate (ax, ay, 2, &c, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_analysis_correlate (flat, ax, 4, &c, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
}

static double
pearson (const double *x,
         const double *y,
         gsize         n)
{
  double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;

  for (gsize i = 0; i < n; i++)
    {
      mx += x[i] / n;
      my += y[i] / n;
    }
  for (gsize i = 0; i < n; i++)
    {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
  return sxy / sqrt (sxx * syy);
}

/* Average ranks, from 1, ties sharing the mean of their places. */
static void
rank (const double *v,
      gsize         n,
      double       *out)
{
  for (gsize i = 0; i < n; i++)
    {
      double below = 0, equal = 0;

      for (gsize j = 0; j < n; j++)
        {
          below += v[j] < v[i];
          equal += v[j] == v[i];
        }
      out[i] = below + (equal + 1) / 2;
    }
}

/* QA beside surveys: pairs by interaction, read here through the answers view. */
static void
test_qa_survey (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlQaSurvey) pairs = pl_analysis_qa_survey (demo, 0, NULL, &error);
  g_autoptr(GArray) qa = query_doubles ("SELECT o.score FROM observations o"
                                        " JOIN responses r ON r.interaction_id = o.interaction_id"
                                        " JOIN answers a ON a.response_id = r.id AND a.question_id = 1"
                                        " WHERE a.value_num IS NOT NULL AND o.score IS NOT NULL"
                                        " ORDER BY a.value_num, o.id");
  g_autoptr(GArray) csat = query_doubles ("SELECT a.value_num FROM observations o"
                                          " JOIN responses r ON r.interaction_id = o.interaction_id"
                                          " JOIN answers a ON a.response_id = r.id AND a.question_id = 1"
                                          " WHERE a.value_num IS NOT NULL AND o.score IS NOT NULL"
                                          " ORDER BY a.value_num, o.id");
  double *x = (double *) (void *) qa->data, *y = (double *) (void *) csat->data;
  g_autofree double *rx = g_new (double, qa->len);
  g_autofree double *ry = g_new (double, qa->len);
  double r, rho, df, t;
  gint64 total = 0;

  g_assert_no_error (error);
  g_assert_cmpint (pairs->question_id, ==, 1);
  g_assert_cmpuint (pairs->n, ==, qa->len);
  g_assert_cmpuint (pairs->n, ==, 87);
  g_assert_true (pairs->has_correlation);

  r = pearson (x, y, qa->len);
  rank (x, qa->len, rx);
  rank (y, qa->len, ry);
  rho = pearson (rx, ry, qa->len);
  df = qa->len - 2.0;
  assert_close (pairs->correlation.pearson_r, r, 1e-9);
  assert_close (pairs->correlation.spearman_rho, rho, 1e-9);
  t = fabs (r) * sqrt (df / (1 - r * r));
  assert_close (pairs->correlation.pearson_p, 2 * gsl_cdf_tdist_Q (t, df), 1e-9);
  t = fabs (rho) * sqrt (df / (1 - rho * rho));
  assert_close (pairs->correlation.spearman_p, 2 * gsl_cdf_tdist_Q (t, df), 1e-9);
  g_test_message ("QA vs CSAT: n = %" G_GSIZE_FORMAT ", Pearson r = %.3f (p = %.2g), "
                  "Spearman rho = %.3f (p = %.2g)", pairs->n, r,
                  pairs->correlation.pearson_p, rho, pairs->correlation.spearman_p);

  for (guint i = 0; i < pairs->by_answer->len; i++)
    {
      const PlQaByAnswer *group = &g_array_index (pairs->by_answer, PlQaByAnswer, i);
      g_autofree char *sql = g_strdup_printf ("SELECT avg (o.score) FROM observations o"
                                              " JOIN responses r ON r.interaction_id = o.interaction_id"
                                              " JOIN answers a ON a.response_id = r.id AND a.question_id = 1"
                                              " WHERE a.value_num = %g AND o.score IS NOT NULL",
                                              group->answer);
      g_autoptr(GArray) mean = query_doubles (sql);

      total += group->n;
      assert_close (group->mean_qa, g_array_index (mean, double, 0), 1e-9);
    }
  g_assert_cmpint (total, ==, 87);

  /* An excluded observation leaves its pairs. */
  exec_sql ("UPDATE observations SET excluded = 1 WHERE id = (SELECT min (o.id) FROM observations o"
            " JOIN responses r ON r.interaction_id = o.interaction_id)");
  {
    g_autoptr(PlQaSurvey) fewer = pl_analysis_qa_survey (demo, 0, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (fewer->n, ==, 86);
  }
  exec_sql ("UPDATE observations SET excluded = 0");

  g_assert_null (pl_analysis_qa_survey (demo, 9999, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

/* Criterion pass rates: full marks is a pass, N/A is left out. */
static void
test_criterion_rates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rates = pl_analysis_criterion_rates (demo, 1, NULL, &error);
  g_autoptr(GPtrArray) all = pl_analysis_criterion_rates (demo, 0, NULL, &error);
  guint found = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (rates->len, ==, 12 * 10);
  g_assert_cmpuint (all->len, ==, rates->len);

  for (guint i = 0; i < rates->len; i++)
    {
      PlCriterionRate *rate = g_ptr_array_index (rates, i);
      g_autofree char *n_sql = NULL;
      g_autofree char *pass_sql = NULL;
      g_autofree char *team_sql = NULL;
      PlInterval interval;

      n_sql = g_strdup_printf ("SELECT count (s.value) FROM observation_scores s"
                               " JOIN observations o ON o.id = s.observation_id"
                               " WHERE o.colleague_id = %" G_GINT64_FORMAT
                               " AND s.criterion_id = %" G_GINT64_FORMAT,
                               rate->colleague_id, rate->criterion_id);
      pass_sql = g_strdup_printf ("SELECT count (*) FROM observation_scores s"
                                  " JOIN observations o ON o.id = s.observation_id"
                                  " JOIN criteria c ON c.id = s.criterion_id"
                                  " WHERE o.colleague_id = %" G_GINT64_FORMAT
                                  " AND s.criterion_id = %" G_GINT64_FORMAT
                                  " AND ((c.scale = 'scale5' AND s.value = 5)"
                                  "   OR (c.scale <> 'scale5' AND s.value = 1))",
                                  rate->colleague_id, rate->criterion_id);
      team_sql = g_strdup_printf ("SELECT count (s.value) FROM observation_scores s"
                                  " JOIN observations o ON o.id = s.observation_id"
                                  " JOIN colleagues c ON c.id = o.colleague_id"
                                  " WHERE c.team_id = %" G_GINT64_FORMAT
                                  " AND s.criterion_id = %" G_GINT64_FORMAT,
                                  rate->team_id, rate->criterion_id);
      g_assert_cmpint (rate->n, ==, query_int (n_sql));
      g_assert_cmpint (rate->passes, ==, query_int (pass_sql));
      g_assert_cmpint (rate->team_n, ==, query_int (team_sql));
      g_assert_true (pl_stats_wilson (rate->passes, rate->n, 0.95, &interval, NULL));
      assert_close (rate->lower, 100 * interval.lower, 1e-12);
      assert_close (rate->upper, 100 * interval.upper, 1e-12);
      g_assert_cmpint (rate->small_sample, ==, rate->n < 10);

      /* The N/A-able criterion has fewer answers than observations. */
      if (strcmp (rate->colleague_code, "C07") == 0 && rate->criterion_id == 5)
        {
          g_assert_cmpint (rate->n, <, 50);
          found++;
        }
    }
  g_assert_cmpuint (found, ==, 1);
  /* Ordered by colleague code, then the criterion's place on the form. */
  g_assert_cmpstr (((PlCriterionRate *) g_ptr_array_index (rates, 0))->colleague_code, ==, "C01");
  g_assert_cmpint (((PlCriterionRate *) g_ptr_array_index (rates, 0))->criterion_id, ==, 1);
}

/* One pass per survey */

static PlKpiAnalysis *
take_analysis (GPtrArray  *analyses,
               const char *code)
{
  for (guint i = 0; i < analyses->len; i++)
    {
      PlKpiAnalysis *analysis = g_ptr_array_index (analyses, i);

      if (strcmp (pl_kpi_get_code (analysis->kpi), code) == 0)
        return analysis;
    }
  g_assert_not_reached ();
}

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (b))
    g_assert_true (isnan (a));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_same_analysis (PlKpiAnalysis *a,
                      PlKpiAnalysis *b)
{
  g_assert_cmpuint (a->n_whole, ==, b->n_whole);
  g_assert_cmpuint (a->cells->len, ==, b->cells->len);
  g_assert_cmpuint (a->segments->len, ==, b->segments->len);
  for (guint i = 0; i < a->cells->len; i++)
    {
      const PlAnalysisCell *x = &g_array_index (a->cells, PlAnalysisCell, i);
      const PlAnalysisCell *y = &g_array_index (b->cells, PlAnalysisCell, i);

      g_assert_cmpstr (x->period_start, ==, y->period_start);
      g_assert_cmpint (x->segment_id, ==, y->segment_id);
      g_assert_cmpint (x->n, ==, y->n);
      g_assert_cmpint (x->successes, ==, y->successes);
      g_assert_cmpint (x->detractors, ==, y->detractors);
      assert_same_double (x->value, y->value);
      assert_same_double (x->sd, y->sd);
      assert_same_double (x->lower, y->lower);
      assert_same_double (x->upper, y->upper);
      g_assert_cmpint (x->status, ==, y->status);
      g_assert_cmpint (x->insufficient, ==, y->insufficient);
      g_assert_cmpint (x->small_sample, ==, y->small_sample);
    }
  g_assert_cmpstr (a->trend_summary, ==, b->trend_summary);
}

/* pl_analysis_run reads each survey once for all its KPIs, two of them
 * here on the same question (CSAT as a top box and as a mean) and one more
 * on NPS: every KPI comes out exactly as it does alone, and the CSAT mean
 * of a week and channel is the mean SQL takes of the same answers. */
static void
test_shared_pass (void)
{
  static const PlAnalysisPeriod periods[] = { PL_ANALYSIS_WEEK, PL_ANALYSIS_MONTH };
  static const PlSegmentKind segments[] = { PL_SEGMENT_CHANNEL, PL_SEGMENT_TEAM };
  g_autoptr(GError) error = NULL;

  exec_sql ("INSERT INTO kpis (code, name, source, calculation, question_id, unit, decimals,"
            " direction, target, red_threshold, position, created_at, updated_at)"
            " VALUES ('csat_mean', 'CSAT mean', 'survey', 'mean', 1, '', 2, 'higher', 4.2, 3.8,"
            "         20, '2026-09-28T09:00:00Z', '2026-09-28T09:00:00Z'),"
            "        ('nps_mean', 'Likelihood to recommend', 'survey', 'mean', 2, '', 2, 'higher',"
            "         8, 7, 21, '2026-09-28T09:00:00Z', '2026-09-28T09:00:00Z')");

  for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
    {
      g_autoptr(GPtrArray) all = NULL;
      g_autoptr(GListModel) kpis = pl_kpi_list (demo, FALSE, &error);
      PlAnalysisOptions options;

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (kpis), ==, 10);

      pl_analysis_options_init (&options);
      options.period = periods[p];
      options.segment = segments[p];
      all = pl_analysis_run (demo, NULL, &options, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (all->len, ==, 10);

      for (guint i = 0; i < g_list_model_get_n_items (kpis); i++)
        {
          g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);
          g_autoptr(PlKpiAnalysis) alone = pl_analysis_kpi (demo, kpi, &options, &error);

          g_assert_no_error (error);
          g_assert_cmpstr (pl_kpi_get_code (((PlKpiAnalysis *) g_ptr_array_index (all, i))->kpi),
                           ==, pl_kpi_get_code (kpi));
          assert_same_analysis (g_ptr_array_index (all, i), alone);
        }

      if (periods[p] == PL_ANALYSIS_WEEK)
        {
          PlKpiAnalysis *csat = take_analysis (all, "csat");
          PlKpiAnalysis *csat_mean = take_analysis (all, "csat_mean");
          const PlAnalysisCell *top = find_cell (csat, 2, "2026-07-06");
          const PlAnalysisCell *mean = find_cell (csat_mean, 2, "2026-07-06");
          g_autoptr(GArray) expected =
            query_doubles ("SELECT avg (json_extract (answers, '$.\"1\"')), count (*)"
                           "  FROM responses WHERE channel_id = 2 AND excluded = 0"
                           "   AND responded_on BETWEEN '2026-07-06' AND '2026-07-12'"
                           "   AND json_type (answers, '$.\"1\"') IN ('integer', 'real')");

          /* The same answers under both KPIs of the question. */
          g_assert_cmpint (mean->n, ==, top->n);
          g_assert_cmpint (mean->n, ==,
                           query_int ("SELECT count (*) FROM responses WHERE channel_id = 2"
                                      " AND excluded = 0"
                                      " AND responded_on BETWEEN '2026-07-06' AND '2026-07-12'"
                                      " AND json_type (answers, '$.\"1\"') IN ('integer', 'real')"));
          assert_close (mean->value, g_array_index (expected, double, 0), 1e-12);
          g_assert_cmpfloat (mean->value, >=, 1);
          g_assert_cmpfloat (mean->value, <=, 5);
        }
    }

  exec_sql ("DELETE FROM kpis WHERE code IN ('csat_mean', 'nps_mean')");
  g_assert_cmpint (query_int ("SELECT count (*) FROM kpis"), ==, 8);
}

/* Days as SQLite reads them. Seven responses before the demo's first week
 * (Monday 30 March 2026), on channel 1 by colleague 1:
 *   "2026-02-30"                 ×3  CSAT 5, 4, 2; NPS 10, none, "9" (text);
 *                                    CES 7, 4.5, none. SQLite's date()
 *                                    keeps the day as written, and its week
 *                                    is Monday 2 March (29 days after 1
 *                                    February, a Sunday, as 'weekday 0',
 *                                    '-6 days' count it).
 *   "2026-03-08", a Sunday            CSAT 3; NPS 6          → week of 2 March
 *   "2026-03-08T23:30:00-05:00"       CSAT 1; NPS 9: 04:30 UTC on Monday
 *                                    9 March                 → week of 9 March
 *   "2026-03-15", a Sunday            CSAT 2; NPS 7          → week of 9 March
 *   "2026-03-10"                      NPS 10 only            → week of 9 March
 *   "garbage"                         CSAT 5; NPS 10         → no day, never counted
 * CSAT (top box 4 or 5), week of 2 March: 5, 4, 2, 3 → 2 of 4, 50%; week of
 * 9 March: 1, 2 → 0 of 2. NPS: 10, 6 → 1 promoter, 1 detractor, 0; 9, 7, 10
 * → 2 promoters of 3, 66.7. CES: 7, 4.5 → mean 5.75, sd √3.125. */
static void
add_odd_response (const char *day,
                  const char *answers)
{
  g_autofree char *sql =
    g_strdup_printf ("INSERT INTO responses (survey_id, channel_id, colleague_id, respondent_ref,"
                     " responded_on, source, created_at, updated_at, answers)"
                     " VALUES (1, 1, 1, 'odd-day-test', '%s', 'entry', '2026-09-28T09:00:00Z',"
                     "         '2026-09-28T09:00:00Z', '%s')", day, answers);

  exec_sql (sql);
}

static void
test_odd_days (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlKpi) csat_kpi = load_kpi ("csat");
  g_autoptr(PlKpiAnalysis) weeks_before = analyse ("csat", PL_ANALYSIS_WEEK, PL_SEGMENT_NONE);
  g_autoptr(GPtrArray) colleagues_before = NULL;
  g_autoptr(GPtrArray) colleagues_after = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(PlKpiAnalysis) alone = NULL;
  const PlColleaguePattern *was, *is;
  PlAnalysisComparison comparison;
  PlAnalysisOptions options;
  const PlAnalysisCell *cell;
  gint64 from_demo;

  pl_analysis_options_init (&options);
  colleagues_before = pl_analysis_colleagues (demo, csat_kpi, &options, &error);
  g_assert_no_error (error);

  add_odd_response ("2026-02-30", "{\"1\":5,\"2\":10,\"3\":7}");
  add_odd_response ("2026-02-30", "{\"1\":4,\"3\":4.5}");
  add_odd_response ("2026-02-30", "{\"1\":2,\"2\":\"9\"}");
  add_odd_response ("2026-03-08", "{\"1\":3,\"2\":6}");
  add_odd_response ("2026-03-08T23:30:00-05:00", "{\"1\":1,\"2\":9}");
  add_odd_response ("2026-03-15", "{\"1\":2,\"2\":7}");
  add_odd_response ("2026-03-10", "{\"2\":10}");
  add_odd_response ("garbage", "{\"1\":5,\"2\":10}");

  options.segment = PL_SEGMENT_CHANNEL;
  all = pl_analysis_run (demo, NULL, &options, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      PlKpiAnalysis *csat = round == 0 ? take_analysis (all, "csat") : NULL;
      PlKpiAnalysis *nps = take_analysis (all, "nps");
      PlKpiAnalysis *ces = take_analysis (all, "ces");

      if (round == 1)
        {
          /* The same through pl_analysis_kpi, CSAT alone. */
          alone = pl_analysis_kpi (demo, csat_kpi, &options, &error);
          g_assert_no_error (error);
          csat = alone;
        }

      /* Two weeks more than the demo's 26, and no week for "garbage". */
      g_assert_cmpuint (csat->n_whole, ==, weeks_before->n_whole + 2);
      g_assert_cmpstr (g_array_index (csat->cells, PlAnalysisCell, 0).period_start, ==,
                       "2026-03-02");
      g_assert_cmpstr (g_array_index (csat->cells, PlAnalysisCell, 1).period_start, ==,
                       "2026-03-09");
      g_assert_cmpstr (g_array_index (csat->cells, PlAnalysisCell, 2).period_start, ==,
                       "2026-03-30");

      cell = find_cell (csat, 0, "2026-03-02");
      g_assert_cmpint (cell->n, ==, 4);
      g_assert_cmpint (cell->successes, ==, 2);
      assert_close (cell->value, 50.0, 1e-12);
      cell = find_cell (csat, 1, "2026-03-02");
      g_assert_cmpint (cell->n, ==, 4);
      cell = find_cell (csat, 0, "2026-03-09");
      g_assert_cmpint (cell->n, ==, 2);
      g_assert_cmpint (cell->successes, ==, 0);
      assert_close (cell->value, 0.0, 1e-12);
      g_assert_null (pl_kpi_analysis_find (csat, 0, "2026-02-23"));

      if (round == 1)
        break;

      cell = find_cell (nps, 0, "2026-03-02");
      g_assert_cmpint (cell->n, ==, 2);
      g_assert_cmpint (cell->successes, ==, 1);
      g_assert_cmpint (cell->detractors, ==, 1);
      assert_close (cell->value, 0.0, 1e-12);
      cell = find_cell (nps, 1, "2026-03-09");
      g_assert_cmpint (cell->n, ==, 3);
      g_assert_cmpint (cell->successes, ==, 2);
      g_assert_cmpint (cell->detractors, ==, 0);
      assert_close (cell->value, 200.0 / 3, 1e-12);

      cell = find_cell (ces, 0, "2026-03-02");
      g_assert_cmpint (cell->n, ==, 2);
      assert_close (cell->value, 5.75, 1e-12);
      assert_close (cell->sd, sqrt (3.125), 1e-12);
      g_assert_null (pl_kpi_analysis_find (ces, 0, "2026-03-09"));
    }

  /* Every period together: the six CSAT answers with a day count for
   * colleague 1, "garbage" does not. */
  options.segment = PL_SEGMENT_NONE;
  colleagues_after = pl_analysis_colleagues (demo, csat_kpi, &options, &error);
  g_assert_no_error (error);
  was = g_ptr_array_index (colleagues_before, 0);
  is = g_ptr_array_index (colleagues_after, 0);
  g_assert_cmpint (is->colleague.id, ==, 1);
  g_assert_cmpint (was->colleague.id, ==, 1);
  g_assert_cmpint (is->overall.n, ==, was->overall.n + 6);
  g_assert_cmpint (is->overall.successes, ==, was->overall.successes + 2);

  /* Before and after Monday 9 March: "2026-02-30" and Sunday 8 March go
   * before; 04:30 UTC on 9 March goes after, with every demo answer. */
  from_demo = query_int ("SELECT count (*) FROM responses WHERE respondent_ref IS NOT 'odd-day-test'"
                         " AND excluded = 0 AND trashed_at IS NULL"
                         " AND json_type (answers, '$.\"1\"') IN ('integer', 'real')");
  g_assert_true (pl_analysis_compare (demo, csat_kpi, PL_SEGMENT_NONE, 0, "2026-03-09", NULL,
                                      &comparison, &error));
  g_assert_no_error (error);
  g_assert_cmpint (comparison.before.n, ==, 4);
  g_assert_cmpint (comparison.before.successes, ==, 2);
  g_assert_cmpint (comparison.after.n, ==, from_demo + 2);

  exec_sql ("DELETE FROM responses WHERE respondent_ref = 'odd-day-test'");
  g_assert_cmpint (query_int ("SELECT count (*) FROM responses WHERE responded_on < '2026-03-30'"
                              " OR responded_on = 'garbage'"), ==, 0);
}

/* Day of the week (PL_SEGMENT_WEEKDAY): segments Monday (1) to Sunday (7),
 * worked out per record's day for every KPI, a metric's per daily value. */

/* Σ numerator and Σ denominator of the abandonment KPI's weekday @segment
 * (0: every other weekday than Monday) over the weeks from @from to @to. */
static void
sum_abandonment (PlKpiAnalysis *analysis,
                 gboolean       monday,
                 const char    *from,
                 const char    *to,
                 double        *abandoned,
                 double        *offered)
{
  *abandoned = 0;
  *offered = 0;
  for (guint i = analysis->n_whole; i < analysis->cells->len; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (analysis->cells, PlAnalysisCell, i);

      if ((cell->segment_id == 1) != monday ||
          strcmp (cell->period_start, from) < 0 || strcmp (cell->period_start, to) > 0)
        continue;
      /* A ratio metric's value is 100 × Σ numerator / Σ denominator, its n
       * the denominator (pl-analysis.h). */
      *abandoned += cell->value * cell->n / 100.0;
      *offered += cell->n;
    }
}

static void
test_weekday (void)
{
  static const char * const codes[] = {
    "csat", "nps", "ces", "qa", "complaints", "asa", "fcr", "abandonment",
  };
  static const char * const names[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlKpi) abandonment_kpi = load_kpi ("abandonment");
  g_autoptr(PlKpiAnalysis) abandonment = analyse ("abandonment", PL_ANALYSIS_WEEK,
                                                  PL_SEGMENT_WEEKDAY);
  g_autoptr(PlKpiAnalysis) csat_month = analyse ("csat", PL_ANALYSIS_MONTH, PL_SEGMENT_WEEKDAY);
  g_autoptr(PlKpiAnalysis) csat_week = NULL;
  double mon_k, mon_n, other_k, other_n, sql_k, sql_n;
  double early_gap, late_gap, lower, upper, p;
  PlAnalysisComparison comparison;
  const PlAnalysisCell *cell;
  PlSegmentKind kind;

  g_assert_true (pl_segment_kind_from_string ("weekday", &kind));
  g_assert_cmpint (kind, ==, PL_SEGMENT_WEEKDAY);
  g_assert_cmpstr (pl_segment_kind_to_string (PL_SEGMENT_WEEKDAY), ==, "weekday");

  /* Every KPI: its weekday cells add up to the whole in every week. */
  for (guint c = 0; c < G_N_ELEMENTS (codes); c++)
    {
      g_autoptr(PlKpiAnalysis) analysis = analyse (codes[c], PL_ANALYSIS_WEEK, PL_SEGMENT_WEEKDAY);
      gint64 sum_whole = 0, sum_parts = 0;

      g_assert_true (analysis->segments_available);
      /* 26 weeks; complaints only the 24 whose complaints are all judged. */
      g_assert_cmpuint (analysis->n_whole, ==, strcmp (codes[c], "complaints") == 0 ? 24 : 26);
      g_assert_cmpuint (analysis->segments->len, >=, 7);   /* the whole + 6 days at least */
      for (guint i = 1; i < analysis->segments->len; i++)
        {
          const PlSegment *segment = g_ptr_array_index (analysis->segments, i);

          g_assert_cmpint (segment->id, >=, 1);
          g_assert_cmpint (segment->id, <=, 7);
          g_assert_cmpstr (segment->name, ==, names[segment->id - 1]);
        }
      for (guint i = 0; i < analysis->n_whole; i++)
        {
          const PlAnalysisCell *whole = &g_array_index (analysis->cells, PlAnalysisCell, i);
          gint64 parts = 0;

          for (gint64 day = 1; day <= 7; day++)
            {
              cell = pl_kpi_analysis_find (analysis, day, whole->period_start);
              parts += cell != NULL ? cell->n : 0;
            }
          g_assert_cmpint (parts, ==, whole->n);
          sum_whole += whole->n;
        }
      for (guint i = analysis->n_whole; i < analysis->cells->len; i++)
        sum_parts += g_array_index (analysis->cells, PlAnalysisCell, i).n;
      g_assert_cmpint (sum_parts, ==, sum_whole);
    }

  /* The centre is closed on Sundays (pl-demo.c): no Sunday calls. */
  g_assert_cmpuint (abandonment->segments->len, ==, 7);
  g_assert_null (pl_kpi_analysis_get_segment (abandonment, 7));
  g_assert_cmpstr (pl_kpi_analysis_get_segment (abandonment, 1)->code, ==, "monday");

  /* Planted pattern (c): in the last 8 weeks (3 Aug – 27 Sep) Monday
   * abandonment is about 12%, the other days about 3.5%, and against
   * independent SQL (strftime ('%w') is 1 on Mondays). */
  sum_abandonment (abandonment, TRUE, "2026-08-03", "2026-09-21", &mon_k, &mon_n);
  sum_abandonment (abandonment, FALSE, "2026-08-03", "2026-09-21", &other_k, &other_n);
  sql_k = query_int ("SELECT sum (numerator) FROM metric_values WHERE series_id ="
                     " (SELECT metric_id FROM kpis WHERE code = 'abandonment')"
                     " AND period = 'day' AND period_start >= '2026-08-03'"
                     " AND strftime ('%w', period_start) = '1'");
  sql_n = query_int ("SELECT sum (denominator) FROM metric_values WHERE series_id ="
                     " (SELECT metric_id FROM kpis WHERE code = 'abandonment')"
                     " AND period = 'day' AND period_start >= '2026-08-03'"
                     " AND strftime ('%w', period_start) = '1'");
  assert_close (mon_k, sql_k, 1e-9);
  assert_close (mon_n, sql_n, 1e-9);
  sql_k = query_int ("SELECT sum (numerator) FROM metric_values WHERE series_id ="
                     " (SELECT metric_id FROM kpis WHERE code = 'abandonment')"
                     " AND period = 'day' AND period_start >= '2026-08-03'"
                     " AND strftime ('%w', period_start) <> '1'");
  sql_n = query_int ("SELECT sum (denominator) FROM metric_values WHERE series_id ="
                     " (SELECT metric_id FROM kpis WHERE code = 'abandonment')"
                     " AND period = 'day' AND period_start >= '2026-08-03'"
                     " AND strftime ('%w', period_start) <> '1'");
  assert_close (other_k, sql_k, 1e-9);
  assert_close (other_n, sql_n, 1e-9);

  g_assert_cmpfloat (100 * mon_k / mon_n, >, 10);
  g_assert_cmpfloat (100 * mon_k / mon_n, <, 15);
  g_assert_cmpfloat (100 * other_k / other_n, <, 5);
  /* Newcombe's interval of Monday − the other days lies above 0. */
  g_assert_true (pl_analysis_proportion_difference ((gint64) llround (other_k),
                                                    (gint64) llround (other_n),
                                                    (gint64) llround (mon_k),
                                                    (gint64) llround (mon_n),
                                                    0.95, &lower, &upper, &p, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (lower, >, 0.05);
  g_assert_cmpfloat (p, <, 1e-6);
  late_gap = mon_k / mon_n - other_k / other_n;
  g_test_message ("Abandonment, 3 Aug to 27 Sep: Mondays %.0f/%.0f = %.2f%%, other days "
                  "%.0f/%.0f = %.2f%%; difference %.2f to %.2f points, p = %.2g",
                  mon_k, mon_n, 100 * mon_k / mon_n, other_k, other_n, 100 * other_k / other_n,
                  100 * lower, 100 * upper, p);

  /* And the gap widens: the first 8 weeks' is smaller. */
  sum_abandonment (abandonment, TRUE, "2026-03-30", "2026-05-18", &mon_k, &mon_n);
  sum_abandonment (abandonment, FALSE, "2026-03-30", "2026-05-18", &other_k, &other_n);
  early_gap = mon_k / mon_n - other_k / other_n;
  g_assert_cmpfloat (early_gap, >, 0);
  g_test_message ("Monday gap: first 8 weeks %.2f points, last 8 weeks %.2f",
                  100 * early_gap, 100 * late_gap);
  g_assert_cmpfloat (late_gap, >, early_gap + 0.02);

  /* The before/after comparison of Mondays alone, at the week 18 change. */
  g_assert_true (pl_analysis_compare (demo, abandonment_kpi, PL_SEGMENT_WEEKDAY, 1, "2026-07-27",
                                      NULL, &comparison, &error));
  g_assert_no_error (error);
  g_assert_cmpint (comparison.before.n + comparison.after.n, ==,
                   query_int ("SELECT sum (denominator) FROM metric_values WHERE series_id ="
                              " (SELECT metric_id FROM kpis WHERE code = 'abandonment')"
                              " AND period = 'day' AND strftime ('%w', period_start) = '1'"));
  g_assert_false (pl_analysis_compare (demo, abandonment_kpi, PL_SEGMENT_WEEKDAY, 8, "2026-07-27",
                                       NULL, &comparison, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_analysis_compare (demo, abandonment_kpi, PL_SEGMENT_WEEKDAY, 0, "2026-07-27",
                                       NULL, &comparison, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  /* A survey KPI against SQL: September's Monday and Sunday CSAT (top box
   * 4 or 5 of question 1); strftime ('%w') is 0 on Sundays, id 7 here. */
  for (guint round = 0; round < 2; round++)
    {
      const char *sql_day = round == 0 ? "1" : "0";
      g_autofree char *where =
        g_strdup_printf (" FROM responses WHERE survey_id = 1 AND excluded = 0"
                         " AND trashed_at IS NULL AND json_type (answers, '$.\"1\"')"
                         " IN ('integer', 'real') AND responded_on BETWEEN '2026-09-01'"
                         " AND '2026-09-30' AND strftime ('%%w', responded_on) = '%s'", sql_day);
      g_autofree char *count_sql = g_strconcat ("SELECT count (*)", where, NULL);
      g_autofree char *top_sql = g_strconcat ("SELECT sum (json_extract (answers, '$.\"1\"') >= 4)",
                                              where, NULL);

      cell = find_cell (csat_month, round == 0 ? 1 : 7, "2026-09-01");
      g_assert_cmpint (cell->n, ==, query_int (count_sql));
      g_assert_cmpint (cell->successes, ==, query_int (top_sql));
      g_assert_cmpint (cell->n, >, 0);
    }

  /* Days SQLite reads in its own way get SQLite's weekday: 23:30 at UTC−5
   * on Sunday 8 March is Monday 9 March in UTC; "2026-02-30" is read as
   * Monday 2 March; plain Sunday 8 March is a Sunday; "garbage" no day. */
  add_odd_response ("2026-03-08T23:30:00-05:00", "{\"1\":5}");
  add_odd_response ("2026-02-30", "{\"1\":2}");
  add_odd_response ("2026-03-08", "{\"1\":4}");
  add_odd_response ("garbage", "{\"1\":5}");
  csat_week = analyse ("csat", PL_ANALYSIS_WEEK, PL_SEGMENT_WEEKDAY);
  cell = find_cell (csat_week, 1, "2026-03-09");
  g_assert_cmpint (cell->n, ==, 1);
  g_assert_cmpint (cell->successes, ==, 1);
  cell = find_cell (csat_week, 1, "2026-03-02");
  g_assert_cmpint (cell->n, ==, 1);
  g_assert_cmpint (cell->successes, ==, 0);
  cell = find_cell (csat_week, 7, "2026-03-02");
  g_assert_cmpint (cell->n, ==, 1);
  g_assert_cmpint (cell->successes, ==, 1);
  g_assert_cmpint (find_cell (csat_week, 0, "2026-03-02")->n, ==, 2);
  exec_sql ("DELETE FROM responses WHERE respondent_ref = 'odd-day-test'");
}

/* CSAT's answers spread over 1 to 5: each month's counts add up to the
 * KPI's n, its 4s and 5s to the top box; one count checked in SQL. */
static void
test_answer_distribution (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlKpi) csat = load_kpi ("csat");
  g_autoptr(PlKpi) asa = load_kpi ("asa");
  g_autoptr(PlKpiAnalysis) monthly = analyse ("csat", PL_ANALYSIS_MONTH, PL_SEGMENT_NONE);
  g_autoptr(PlAnswerDistribution) distribution = NULL;
  g_autoptr(PlAnswerDistribution) none = NULL;
  gint64 fives;

  distribution = pl_analysis_answer_distribution (demo, csat, PL_ANALYSIS_MONTH, &error);
  g_assert_no_error (error);
  g_assert_cmpint (distribution->scale_min, ==, 1);
  g_assert_cmpint (distribution->scale_max, ==, 5);
  g_assert_cmpuint (distribution->n_values, ==, 5);
  g_assert_cmpuint (distribution->n_periods, ==, monthly->n_whole);

  for (guint i = 0; i < monthly->n_whole; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (monthly->cells, PlAnalysisCell, i);
      const gint64 *counts = pl_answer_distribution_find (distribution, cell->period_start);
      gint64 total = 0;

      g_assert_nonnull (counts);
      for (guint v = 0; v < 5; v++)
        total += counts[v];
      g_assert_cmpint (total, ==, cell->n);
      g_assert_cmpint (counts[3] + counts[4], ==, cell->successes);
    }

  fives = query_int ("SELECT count (*) FROM responses WHERE survey_id = 1 AND excluded = 0"
                     " AND trashed_at IS NULL AND responded_on BETWEEN '2026-09-01' AND '2026-09-30'"
                     " AND json_extract (answers, '$.\"1\"') = 5");
  g_assert_cmpint (fives, >, 0);
  g_assert_cmpint (pl_answer_distribution_find (distribution, "2026-09-01")[4], ==, fives);
  g_assert_null (pl_answer_distribution_find (distribution, "2020-01-01"));

  none = pl_analysis_answer_distribution (demo, asa, PL_ANALYSIS_MONTH, &error);
  g_assert_null (none);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
}

/* Interventions: the demo's two changes; adding one for a KPI or for
 * all; the errors, which write nothing; deleting. */
static void
test_interventions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) for_nps = NULL;
  g_autoptr(GPtrArray) for_csat = NULL;
  g_autoptr(PlKpi) nps = load_kpi ("nps");
  g_autoptr(PlKpi) csat = load_kpi ("csat");
  g_autofree char *long_label = g_strnfill (PL_INTERVENTION_LABEL_MAX + 1, 'x');
  const char *bad_days[] = { "2026-02-30", "27/07/2026", "", "2026-07-01T09:00" };
  PlIntervention *first;
  gint64 id = 0, before;

  /* The demo records its callback process and its price rise for every KPI. */
  all = pl_intervention_list (demo, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  first = g_ptr_array_index (all, 0);
  g_assert_cmpstr (first->day, ==, "2026-07-27");
  g_assert_cmpstr (first->label, ==, "Callback process");
  g_assert_cmpint (first->kpi_id, ==, 0);
  g_assert_null (first->kpi_name);
  g_assert_cmpstr (((PlIntervention *) g_ptr_array_index (all, 1))->day, ==, "2026-08-31");

  g_assert_true (pl_intervention_add (demo, pl_kpi_get_id (nps), "2026-09-07", "  Price FAQ on the website ",
                                      &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (query_int ("SELECT count (*) FROM interventions WHERE label = 'Price FAQ on the website'"
                              " AND day = '2026-09-07' AND kpi_id = (SELECT id FROM kpis WHERE code = 'nps')"),
                   ==, 1);
  g_assert_cmpint (query_int ("SELECT count (*) FROM audit_log WHERE entity = 'intervention'"
                              " AND action = 'create'"), ==, 1);

  for_nps = pl_intervention_list (demo, pl_kpi_get_id (nps), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (for_nps->len, ==, 3);
  g_assert_cmpstr (((PlIntervention *) g_ptr_array_index (for_nps, 2))->kpi_name, ==,
                   pl_kpi_get_name (nps));
  for_csat = pl_intervention_list (demo, pl_kpi_get_id (csat), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (for_csat->len, ==, 2);

  /* Each bad input is refused in words and writes nothing. */
  before = query_int ("SELECT count (*) FROM interventions");
  g_assert_false (pl_intervention_add (demo, 0, "2026-09-07", "   ", NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Say what changed"));
  g_clear_error (&error);
  g_assert_false (pl_intervention_add (demo, 0, "2026-09-07", long_label, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "80 characters"));
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (bad_days); i++)
    {
      g_assert_false (pl_intervention_add (demo, 0, bad_days[i], "New menu", NULL, &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "YYYY-MM-DD"));
      g_clear_error (&error);
    }
  g_assert_false (pl_intervention_add (demo, 9999, "2026-09-07", "New menu", NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int ("SELECT count (*) FROM interventions"), ==, before);

  g_assert_true (pl_intervention_delete (demo, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int ("SELECT count (*) FROM interventions"), ==, before - 1);

  /* A day typed without its zeros is stored as ISO writes it. */
  g_assert_true (pl_intervention_add (demo, 0, "2026-7-1", "New menu", &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int ("SELECT count (*) FROM interventions WHERE day = '2026-07-01'"
                              " AND label = 'New menu'"), ==, 1);
  g_assert_true (pl_intervention_delete (demo, id, &error));
  g_assert_false (pl_intervention_delete (demo, id, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/analysis/names", test_names);
  g_test_add_func ("/core/analysis/matches-kpi-compute", test_matches_kpi_compute);
  g_test_add_func ("/core/analysis/quarters", test_quarters);
  g_test_add_func ("/core/analysis/intervals", test_intervals);
  g_test_add_func ("/core/analysis/excluded", test_excluded);
  g_test_add_func ("/core/analysis/settings", test_settings);
  g_test_add_func ("/core/analysis/segments", test_segments);
  g_test_add_func ("/core/analysis/trend-and-chart", test_trend_and_chart);
  g_test_add_func ("/core/analysis/planted/priya-shah", test_planted_priya);
  g_test_add_func ("/core/analysis/planted/email-csat", test_planted_email);
  g_test_add_func ("/core/analysis/planted/callback", test_planted_callback);
  g_test_add_func ("/core/analysis/planted/price-rise", test_planted_price_rise);
  g_test_add_func ("/core/analysis/newcombe", test_newcombe);
  g_test_add_func ("/core/analysis/correlate", test_correlate);
  g_test_add_func ("/core/analysis/qa-survey", test_qa_survey);
  g_test_add_func ("/core/analysis/criterion-rates", test_criterion_rates);
  g_test_add_func ("/core/analysis/shared-pass", test_shared_pass);
  g_test_add_func ("/core/analysis/odd-days", test_odd_days);
  g_test_add_func ("/core/analysis/weekday", test_weekday);
  g_test_add_func ("/core/analysis/interventions", test_interventions);
  g_test_add_func ("/core/analysis/answer-distribution", test_answer_distribution);

  tmp_dir = g_dir_make_tmp ("plumbline-analysis-XXXXXX", &error);
  g_assert_no_error (error);
  demo_path = g_build_filename (tmp_dir, "demo.plumbline", NULL);
  demo = pl_demo_create (demo_path, PL_DEMO_DEFAULT_SEED, NULL, &error);
  g_assert_no_error (error);

  result = g_test_run ();

  g_clear_object (&demo);
  {
    g_autofree char *wal = g_strconcat (demo_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (demo_path, "-shm", NULL);

    g_unlink (demo_path);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (tmp_dir);
  g_free (demo_path);
  g_free (tmp_dir);

  return result;
}
