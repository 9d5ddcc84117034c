/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>

#include "core/pl-error.h"
#include "core/pl-kpi.h"
#include "core/pl-workspace.h"
#include "pl-test-db.h"

/* Every figure below was worked out by hand from this fixture; the working
 * is in the comments of each test. Weeks run Monday to Sunday:
 * 2026-03-02, 2026-03-09, 2026-03-16, 2026-03-30 are Mondays. */
static const char fixture_sql[] =
  "INSERT INTO channels (id, code, name, kind) VALUES"
  " (1, 'tel', 'Telephone', 'telephone'),"
  " (2, 'email', 'Email', 'written');"
  "INSERT INTO teams (id, name) VALUES (1, 'North');"
  "INSERT INTO colleagues (id, code, display_name, team_id) VALUES (1, 'C001', 'Ann', 1);"

  "INSERT INTO surveys (id, name, created_at) VALUES (1, 'After contact', '2026-01-01T00:00:00Z');"
  "INSERT INTO questions (id, survey_id, position, code, text, kind, scale_min, scale_max) VALUES"
  " (1, 1, 1, 'csat', 'How satisfied were you?', 'csat', 1, 5),"
  " (2, 1, 2, 'nps', 'How likely are you to recommend us?', 'nps', 0, 10),"
  " (3, 1, 3, 'ces', 'How easy was it?', 'ces', 1, 7),"
  " (4, 1, 4, 'comment', 'Anything else?', 'text', NULL, NULL);"
  /* id, date, excluded, trashed */
  "INSERT INTO responses (id, survey_id, channel_id, responded_on, excluded, trashed_at,"
  "                       created_at, updated_at) VALUES"
  " (1, 1, 1, '2026-03-02', 0, NULL, 'x', 'x'),"
  " (2, 1, 2, '2026-03-04', 0, NULL, 'x', 'x'),"
  " (3, 1, 1, '2026-03-06', 0, NULL, 'x', 'x'),"
  " (4, 1, 1, '2026-03-08', 0, NULL, 'x', 'x'),"       /* a Sunday: still week 03-02 */
  " (5, 1, 2, '2026-03-08', 0, NULL, 'x', 'x'),"
  " (6, 1, 1, '2026-03-05', 1, NULL, 'x', 'x'),"       /* excluded */
  " (7, 1, 1, '2026-03-05', 0, '2026-03-20T09:00:00Z', 'x', 'x'),"  /* trashed */
  " (8, 1, 1, '2026-03-09', 0, NULL, 'x', 'x'),"       /* a Monday: week 03-09 */
  " (9, 1, 2, '2026-03-10', 0, NULL, 'x', 'x'),"
  " (10, 1, 1, '2026-03-15', 0, NULL, 'x', 'x'),"
  " (11, 1, 1, '2026-03-31', 0, NULL, 'x', 'x'),"      /* week 03-30, March */
  " (12, 1, 1, '2026-04-01', 0, NULL, 'x', 'x');"      /* week 03-30, April */
  /*          csat nps ces
   * r1        5   10   7   (+ a text answer)
   * r2        4    9   6
   * r3        3    8   5
   * r4        2    6   4
   * r5        -    3   -   (csat answered with no value)
   * r6        1    0   1   excluded
   * r7        1    0   1   trashed
   * r8        5   10   6
   * r9        5    9   7
   * r10       4    2   5
   * r11       4    9   7
   * r12       1    7   2 */
  "INSERT INTO answers (response_id, question_id, value_num, value_text) VALUES"
  " (1, 1, 5, NULL), (1, 2, 10, NULL), (1, 3, 7, NULL), (1, 4, NULL, 'Great'),"
  " (2, 1, 4, NULL), (2, 2, 9, NULL), (2, 3, 6, NULL),"
  " (3, 1, 3, NULL), (3, 2, 8, NULL), (3, 3, 5, NULL),"
  " (4, 1, 2, NULL), (4, 2, 6, NULL), (4, 3, 4, NULL),"
  " (5, 1, NULL, NULL), (5, 2, 3, NULL),"
  " (6, 1, 1, NULL), (6, 2, 0, NULL), (6, 3, 1, NULL),"
  " (7, 1, 1, NULL), (7, 2, 0, NULL), (7, 3, 1, NULL),"
  " (8, 1, 5, NULL), (8, 2, 10, NULL), (8, 3, 6, NULL),"
  " (9, 1, 5, NULL), (9, 2, 9, NULL), (9, 3, 7, NULL),"
  " (10, 1, 4, NULL), (10, 2, 2, NULL), (10, 3, 5, NULL),"
  " (11, 1, 4, NULL), (11, 2, 9, NULL), (11, 3, 7, NULL),"
  " (12, 1, 1, NULL), (12, 2, 7, NULL), (12, 3, 2, NULL);"

  /* QA v1 (1) → v2 (2) → v3 (4); "Email QA" (3) is another scorecard. */
  "INSERT INTO scorecards (id, name, version, parent_id, created_at) VALUES"
  " (1, 'QA', 1, NULL, 'x'),"
  " (2, 'QA', 2, 1, 'x'),"
  " (3, 'Email QA', 1, NULL, 'x'),"
  " (4, 'QA', 3, 2, 'x');"
  "INSERT INTO observations (id, scorecard_id, colleague_id, observed_on, score, excluded,"
  "                          trashed_at, created_at, updated_at) VALUES"
  " (1, 1, 1, '2026-03-02', 80, 0, NULL, 'x', 'x'),"
  " (2, 1, 1, '2026-03-03', 90, 0, NULL, 'x', 'x'),"
  " (3, 2, 1, '2026-03-05', 70, 0, NULL, 'x', 'x'),"
  " (4, 3, 1, '2026-03-05', 10, 0, NULL, 'x', 'x'),"
  " (5, 1, 1, '2026-03-04', 0, 1, NULL, 'x', 'x'),"
  " (6, 1, 1, '2026-03-04', 0, 0, '2026-03-20T09:00:00Z', 'x', 'x'),"
  " (7, 1, 1, '2026-03-06', NULL, 0, NULL, 'x', 'x'),"
  " (8, 2, 1, '2026-03-10', 100, 0, NULL, 'x', 'x'),"
  " (9, 1, 1, '2026-03-12', 85, 0, NULL, 'x', 'x'),"
  " (10, 4, 1, '2026-03-17', 60, 0, NULL, 'x', 'x');"

  "INSERT INTO metric_series (id, code, name, unit, aggregation, scale) VALUES"
  " (1, 'fcr', 'First-contact resolution', '%', 'ratio', 100),"
  " (2, 'asa', 'Average speed of answer', 's', 'mean', 1),"
  " (3, 'calls', 'Calls offered', NULL, 'sum', 1);"
  "INSERT INTO metric_values (series_id, period_start, channel_id, team_id, value,"
  "                           numerator, denominator) VALUES"
  " (1, '2026-03-02', 1, NULL, NULL, 30, 40),"
  " (1, '2026-03-03', 2, 1, NULL, 10, 10),"
  " (1, '2026-03-09', 1, NULL, NULL, 20, 40),"
  " (1, '2026-03-16', 1, NULL, NULL, 0, 0),"
  " (2, '2026-03-02', 1, NULL, 20, NULL, NULL),"
  " (2, '2026-03-03', 2, NULL, 30, NULL, NULL),"
  " (2, '2026-03-04', 1, 1, 40, NULL, NULL),"
  " (2, '2026-03-09', 1, NULL, 10, NULL, NULL),"
  " (2, '2026-03-11', 1, NULL, NULL, NULL, NULL),"
  " (3, '2026-03-02', 1, NULL, 100, NULL, NULL),"
  " (3, '2026-03-05', 2, NULL, 50, NULL, NULL),"
  " (3, '2026-03-10', 1, NULL, 70, NULL, NULL);"

  "INSERT INTO complaints (id, received_on, promised_days, resolved_on, excluded, trashed_at,"
  "                        created_at) VALUES"
  " (1, '2026-03-02', 2, '2026-03-04', 0, NULL, 'x'),"
  " (2, '2026-03-03', 2, '2026-03-06', 0, NULL, 'x'),"
  " (3, '2026-03-04', 5, NULL, 0, NULL, 'x'),"
  " (4, '2026-03-05', 1, '2026-03-05', 0, NULL, 'x'),"
  " (5, '2026-03-05', 2, '2026-03-20', 1, NULL, 'x'),"
  " (6, '2026-03-06', 1, NULL, 0, '2026-03-20T09:00:00Z', 'x'),"
  " (7, '2026-03-10', 2, '2026-03-11T16:30:00Z', 0, NULL, 'x'),"
  " (8, '2026-03-12', 4, NULL, 0, NULL, 'x'),"
  " (9, '2026-03-13', 10, NULL, 0, NULL, 'x'),"
  " (10, '2026-03-16', 30, NULL, 0, NULL, 'x');";

typedef struct
{
  char *dir;
  char *path;
  PlWorkspace *ws;
} Fixture;

typedef struct
{
  const char *period_start;
  double value;
  gint64 n;
} Expected;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("plumbline-kpi-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.plumbline", NULL);
  fixture->ws = pl_workspace_create (fixture->path, "Test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->ws);

  if (user_data != NULL)
    {
      pl_workspace_exec (fixture->ws, user_data, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  g_clear_object (&fixture->ws);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);
      g_remove (file);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static PlKpi *
make_kpi (PlKpiSource source,
          PlKpiCalc   calc,
          gint64      ref_id)
{
  PlKpi *kpi = pl_kpi_new ();

  pl_kpi_set_name (kpi, "Test KPI");
  pl_kpi_set_source (kpi, source);
  pl_kpi_set_calc (kpi, calc);
  if (source == PL_KPI_SOURCE_SURVEY)
    pl_kpi_set_question_id (kpi, ref_id);
  else if (source == PL_KPI_SOURCE_SCORECARD)
    pl_kpi_set_scorecard_id (kpi, ref_id);
  else if (source == PL_KPI_SOURCE_METRIC)
    pl_kpi_set_metric_id (kpi, ref_id);
  pl_kpi_set_top_box_min (kpi, 4);

  return kpi;
}

static void
assert_points (GArray         *points,
               const Expected *expected,
               guint           n_expected)
{
  g_assert_nonnull (points);
  g_assert_cmpuint (points->len, ==, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      const PlKpiPoint *point = &g_array_index (points, PlKpiPoint, i);

      g_assert_cmpstr (point->period_start, ==, expected[i].period_start);
      g_assert_cmpfloat_with_epsilon (point->value, expected[i].value, 1e-9);
      g_assert_cmpint (point->n, ==, expected[i].n);
    }
}

static GArray *
compute (PlKpi       *kpi,
         PlWorkspace *ws)
{
  g_autoptr(GError) error = NULL;
  GArray *points = pl_kpi_compute (kpi, ws, &error);

  g_assert_no_error (error);
  g_assert_nonnull (points);
  return points;
}

/* Templates */

static void
test_templates (void)
{
  static const char * const ids[] = {
    "csat", "nps", "ces", "fcr", "asa", "abandonment", "aht", "complaints", "qa", "custom",
  };
  const PlKpiTemplate *templates;
  const PlKpiTemplate *tmpl;
  guint n = 0;

  templates = pl_kpi_templates (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlKpi) kpi = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (templates[i].id, ==, ids[i]);
      g_assert_true (pl_kpi_template_find (ids[i]) == &templates[i]);
      g_assert_nonnull (templates[i].definition);
      g_assert_cmpstr (templates[i].definition, !=, "");

      /* With a source chosen, every template's settings are consistent. */
      kpi = pl_kpi_new_from_template (&templates[i]);
      pl_kpi_set_question_id (kpi, 1);
      pl_kpi_set_scorecard_id (kpi, 1);
      pl_kpi_set_metric_id (kpi, 1);
      g_assert_true (pl_kpi_validate (kpi, &error));
      g_assert_no_error (error);
    }

  g_assert_null (pl_kpi_template_find ("returns-of-the-jedi"));

  tmpl = pl_kpi_template_find ("csat");
  g_assert_cmpstr (tmpl->name, ==, "Customer satisfaction (CSAT)");
  g_assert_cmpint (tmpl->source, ==, PL_KPI_SOURCE_SURVEY);
  g_assert_cmpint (tmpl->calc, ==, PL_KPI_CALC_TOP_BOX);
  g_assert_cmpstr (tmpl->question_kind, ==, "csat");
  g_assert_cmpfloat (tmpl->top_box_min, ==, 4);
  g_assert_cmpstr (tmpl->unit, ==, "%");
  g_assert_cmpint (tmpl->decimals, ==, 1);
  g_assert_true (tmpl->higher_is_better);
  g_assert_cmpfloat (tmpl->target, ==, 85);
  g_assert_cmpfloat (tmpl->red_threshold, ==, 80);

  tmpl = pl_kpi_template_find ("nps");
  g_assert_cmpint (tmpl->calc, ==, PL_KPI_CALC_NPS);
  g_assert_cmpstr (tmpl->question_kind, ==, "nps");
  g_assert_cmpint (tmpl->decimals, ==, 0);
  g_assert_cmpfloat (tmpl->target, ==, 40);
  g_assert_cmpfloat (tmpl->red_threshold, ==, 30);

  tmpl = pl_kpi_template_find ("ces");
  g_assert_cmpint (tmpl->calc, ==, PL_KPI_CALC_MEAN);
  g_assert_cmpstr (tmpl->question_kind, ==, "ces");
  g_assert_cmpint (tmpl->decimals, ==, 2);
  g_assert_cmpfloat (tmpl->target, ==, 5.5);
  g_assert_cmpfloat (tmpl->red_threshold, ==, 5.0);

  tmpl = pl_kpi_template_find ("asa");
  g_assert_cmpint (tmpl->source, ==, PL_KPI_SOURCE_METRIC);
  g_assert_cmpstr (tmpl->metric_code, ==, "asa");
  g_assert_cmpstr (tmpl->unit, ==, " s");
  g_assert_false (tmpl->higher_is_better);
  g_assert_cmpfloat (tmpl->target, ==, 20);
  g_assert_cmpfloat (tmpl->red_threshold, ==, 30);

  tmpl = pl_kpi_template_find ("aht");
  g_assert_cmpfloat (tmpl->target, ==, 360);
  g_assert_cmpfloat (tmpl->red_threshold, ==, 420);

  tmpl = pl_kpi_template_find ("abandonment");
  g_assert_false (tmpl->higher_is_better);
  g_assert_cmpfloat (tmpl->target, ==, 5);
  g_assert_cmpfloat (tmpl->red_threshold, ==, 8);

  tmpl = pl_kpi_template_find ("complaints");
  g_assert_cmpint (tmpl->source, ==, PL_KPI_SOURCE_COMPLAINTS);
  g_assert_cmpint (tmpl->calc, ==, PL_KPI_CALC_WITHIN_PROMISE);
  g_assert_cmpfloat (tmpl->target, ==, 90);

  tmpl = pl_kpi_template_find ("qa");
  g_assert_cmpint (tmpl->source, ==, PL_KPI_SOURCE_SCORECARD);
  g_assert_cmpint (tmpl->calc, ==, PL_KPI_CALC_SCORE);
  g_assert_cmpfloat (tmpl->red_threshold, ==, 75);
}

static void
test_new_from_template (void)
{
  g_autoptr(PlKpi) kpi = pl_kpi_new_from_template (pl_kpi_template_find ("asa"));
  g_autoptr(PlKpi) custom = pl_kpi_new_from_template (pl_kpi_template_find ("custom"));

  g_assert_cmpint (pl_kpi_get_id (kpi), ==, 0);
  g_assert_cmpstr (pl_kpi_get_code (kpi), ==, "asa");
  g_assert_cmpstr (pl_kpi_get_template (kpi), ==, "asa");
  g_assert_cmpstr (pl_kpi_get_name (kpi), ==, "Average speed of answer");
  g_assert_true (g_str_has_prefix (pl_kpi_get_definition (kpi), "The average time"));
  g_assert_cmpint (pl_kpi_get_source (kpi), ==, PL_KPI_SOURCE_METRIC);
  g_assert_cmpint (pl_kpi_get_calc (kpi), ==, PL_KPI_CALC_METRIC);
  g_assert_cmpstr (pl_kpi_get_unit (kpi), ==, " s");
  g_assert_cmpint (pl_kpi_get_decimals (kpi), ==, 0);
  g_assert_false (pl_kpi_get_higher_is_better (kpi));
  g_assert_cmpfloat (pl_kpi_get_target (kpi), ==, 20);
  g_assert_cmpfloat (pl_kpi_get_red_threshold (kpi), ==, 30);
  g_assert_cmpint (pl_kpi_get_period (kpi), ==, PL_PERIOD_WEEK);
  g_assert_false (pl_kpi_get_archived (kpi));

  /* A custom KPI takes its code from the name the user gives it. */
  g_assert_cmpstr (pl_kpi_get_code (custom), ==, "");
  g_assert_cmpstr (pl_kpi_get_template (custom), ==, "custom");
  g_assert_cmpstr (pl_kpi_get_name (custom), ==, "Custom KPI");
}

/* Properties, notification and copying */

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_notify (void)
{
  g_autoptr(PlKpi) kpi = pl_kpi_new ();
  guint n_name = 0, n_target = 0, n_any = 0;
  double target = 0;

  g_signal_connect (kpi, "notify::name", G_CALLBACK (count_notify_cb), &n_name);
  g_signal_connect (kpi, "notify::target", G_CALLBACK (count_notify_cb), &n_target);
  g_signal_connect (kpi, "notify", G_CALLBACK (count_notify_cb), &n_any);

  pl_kpi_set_name (kpi, "CSAT");
  pl_kpi_set_name (kpi, "CSAT");
  g_assert_cmpuint (n_name, ==, 1);

  g_object_set (kpi, "target", 85.0, NULL);
  g_object_set (kpi, "target", 85.0, NULL);
  pl_kpi_set_target (kpi, 85.0);
  g_assert_cmpuint (n_target, ==, 1);
  g_object_get (kpi, "target", &target, NULL);
  g_assert_cmpfloat (target, ==, 85.0);

  /* Setting every field to what it already is says nothing. */
  n_any = 0;
  pl_kpi_set_source (kpi, PL_KPI_SOURCE_SURVEY);
  pl_kpi_set_calc (kpi, PL_KPI_CALC_MEAN);
  pl_kpi_set_decimals (kpi, 1);
  pl_kpi_set_higher_is_better (kpi, TRUE);
  pl_kpi_set_period (kpi, PL_PERIOD_WEEK);
  pl_kpi_set_unit (kpi, NULL);
  pl_kpi_set_code (kpi, "");
  g_assert_cmpuint (n_any, ==, 0);

  g_object_set (kpi, "source", PL_KPI_SOURCE_METRIC, "period", PL_PERIOD_MONTH, NULL);
  g_assert_cmpint (pl_kpi_get_source (kpi), ==, PL_KPI_SOURCE_METRIC);
  g_assert_cmpint (pl_kpi_get_period (kpi), ==, PL_PERIOD_MONTH);
  g_assert_cmpuint (n_any, ==, 2);
}

static void
test_copy (void)
{
  g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_TOP_BOX, 7);
  g_autoptr(PlKpi) copy = NULL;

  pl_kpi_set_code (kpi, "web-csat");
  pl_kpi_set_definition (kpi, "Share of 4s and 5s");
  pl_kpi_set_template (kpi, "csat");
  pl_kpi_set_scorecard_id (kpi, 8);
  pl_kpi_set_metric_id (kpi, 9);
  pl_kpi_set_top_box_min (kpi, 5);
  pl_kpi_set_unit (kpi, "%");
  pl_kpi_set_decimals (kpi, 3);
  pl_kpi_set_higher_is_better (kpi, FALSE);
  pl_kpi_set_target (kpi, 12.5);
  pl_kpi_set_red_threshold (kpi, 20.25);
  pl_kpi_set_period (kpi, PL_PERIOD_MONTH);

  copy = pl_kpi_copy (kpi);
  g_assert_true (copy != kpi);
  g_assert_cmpint (pl_kpi_get_id (copy), ==, pl_kpi_get_id (kpi));
  g_assert_cmpstr (pl_kpi_get_code (copy), ==, "web-csat");
  g_assert_cmpstr (pl_kpi_get_name (copy), ==, "Test KPI");
  g_assert_cmpstr (pl_kpi_get_definition (copy), ==, "Share of 4s and 5s");
  g_assert_cmpstr (pl_kpi_get_template (copy), ==, "csat");
  g_assert_cmpint (pl_kpi_get_source (copy), ==, PL_KPI_SOURCE_SURVEY);
  g_assert_cmpint (pl_kpi_get_calc (copy), ==, PL_KPI_CALC_TOP_BOX);
  g_assert_cmpint (pl_kpi_get_question_id (copy), ==, 7);
  g_assert_cmpint (pl_kpi_get_scorecard_id (copy), ==, 8);
  g_assert_cmpint (pl_kpi_get_metric_id (copy), ==, 9);
  g_assert_cmpfloat (pl_kpi_get_top_box_min (copy), ==, 5);
  g_assert_cmpstr (pl_kpi_get_unit (copy), ==, "%");
  g_assert_cmpint (pl_kpi_get_decimals (copy), ==, 3);
  g_assert_false (pl_kpi_get_higher_is_better (copy));
  g_assert_cmpfloat (pl_kpi_get_target (copy), ==, 12.5);
  g_assert_cmpfloat (pl_kpi_get_red_threshold (copy), ==, 20.25);
  g_assert_cmpint (pl_kpi_get_period (copy), ==, PL_PERIOD_MONTH);

  /* The copy is independent. */
  pl_kpi_set_name (copy, "Other");
  g_assert_cmpstr (pl_kpi_get_name (kpi), ==, "Test KPI");
}

static void
test_copy_keeps_id (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 3);
  g_autoptr(PlKpi) copy = NULL;
  g_autoptr(PlKpi) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pl_kpi_save (kpi, fixture->ws, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_kpi_get_id (kpi), >, 0);

  /* Saving an edited copy updates the same row, as an edit dialog would. */
  copy = pl_kpi_copy (kpi);
  g_assert_cmpint (pl_kpi_get_id (copy), ==, pl_kpi_get_id (kpi));
  pl_kpi_set_name (copy, "Effort");
  g_assert_true (pl_kpi_save (copy, fixture->ws, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT count(*) FROM kpis"), ==, 1);

  loaded = pl_kpi_load (fixture->ws, pl_kpi_get_id (kpi), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_kpi_get_name (loaded), ==, "Effort");
}

/* Status and formatting */

static void
test_status (void)
{
  g_autoptr(PlKpi) higher = pl_kpi_new ();
  g_autoptr(PlKpi) lower = pl_kpi_new ();

  /* Higher is better, target 85, red 80. */
  pl_kpi_set_target (higher, 85);
  pl_kpi_set_red_threshold (higher, 80);
  g_assert_cmpint (pl_kpi_status_for (higher, 90), ==, PL_STATUS_GREEN);
  g_assert_cmpint (pl_kpi_status_for (higher, 85), ==, PL_STATUS_GREEN);     /* exactly on target */
  g_assert_cmpint (pl_kpi_status_for (higher, 84.99), ==, PL_STATUS_AMBER);
  g_assert_cmpint (pl_kpi_status_for (higher, 80), ==, PL_STATUS_AMBER);     /* exactly on red */
  g_assert_cmpint (pl_kpi_status_for (higher, 79.99), ==, PL_STATUS_RED);
  g_assert_cmpint (pl_kpi_status_for (higher, NAN), ==, PL_STATUS_NONE);
  g_assert_cmpint (pl_kpi_status_for (higher, INFINITY), ==, PL_STATUS_NONE);

  /* Lower is better, target 20 s, red 30 s. */
  pl_kpi_set_higher_is_better (lower, FALSE);
  pl_kpi_set_target (lower, 20);
  pl_kpi_set_red_threshold (lower, 30);
  g_assert_cmpint (pl_kpi_status_for (lower, 10), ==, PL_STATUS_GREEN);
  g_assert_cmpint (pl_kpi_status_for (lower, 20), ==, PL_STATUS_GREEN);      /* exactly on target */
  g_assert_cmpint (pl_kpi_status_for (lower, 20.01), ==, PL_STATUS_AMBER);
  g_assert_cmpint (pl_kpi_status_for (lower, 30), ==, PL_STATUS_AMBER);      /* exactly on red */
  g_assert_cmpint (pl_kpi_status_for (lower, 30.01), ==, PL_STATUS_RED);
  g_assert_cmpint (pl_kpi_status_for (lower, NAN), ==, PL_STATUS_NONE);

  g_assert_cmpstr (pl_status_to_string (PL_STATUS_GREEN), ==, "green");
  g_assert_cmpstr (pl_status_to_string (PL_STATUS_AMBER), ==, "amber");
  g_assert_cmpstr (pl_status_to_string (PL_STATUS_RED), ==, "red");
  g_assert_cmpstr (pl_status_to_string (PL_STATUS_NONE), ==, "none");
  g_assert_cmpstr (pl_status_to_label (PL_STATUS_GREEN), ==, "On target");
  g_assert_cmpstr (pl_status_to_label (PL_STATUS_AMBER), ==, "At risk");
  g_assert_cmpstr (pl_status_to_label (PL_STATUS_RED), ==, "Off target");
  g_assert_cmpstr (pl_status_to_label (PL_STATUS_NONE), ==, "No data");
}

static void
assert_format (char       *text,
               const char *expected)
{
  g_assert_cmpstr (text, ==, expected);
  g_free (text);
}

static void
test_format (void)
{
  g_autoptr(PlKpi) csat = pl_kpi_new_from_template (pl_kpi_template_find ("csat"));
  g_autoptr(PlKpi) nps = pl_kpi_new_from_template (pl_kpi_template_find ("nps"));
  g_autoptr(PlKpi) ces = pl_kpi_new_from_template (pl_kpi_template_find ("ces"));
  g_autoptr(PlKpi) asa = pl_kpi_new_from_template (pl_kpi_template_find ("asa"));

  assert_format (pl_kpi_format_value (csat, 84.2), "84.2%");
  assert_format (pl_kpi_format_value (csat, 84.16), "84.2%");
  assert_format (pl_kpi_format_value (csat, 100), "100.0%");
  assert_format (pl_kpi_format_value (asa, 32.4), "32 s");
  assert_format (pl_kpi_format_value (ces, 5.624), "5.62");
  assert_format (pl_kpi_format_value (nps, 41), "+41");
  assert_format (pl_kpi_format_value (nps, -3), "\u22123");
  assert_format (pl_kpi_format_value (nps, 0.3), "0");
  assert_format (pl_kpi_format_value (nps, -0.3), "0");
  assert_format (pl_kpi_format_value (csat, NAN), "\u2014");

  assert_format (pl_kpi_format_change (csat, 1.2), "+1.2 pts");
  assert_format (pl_kpi_format_change (csat, -0.5), "\u22120.5 pts");
  assert_format (pl_kpi_format_change (csat, -0.04), "0.0 pts");
  assert_format (pl_kpi_format_change (asa, -3), "\u22123 s");
  assert_format (pl_kpi_format_change (asa, 4), "+4 s");
  assert_format (pl_kpi_format_change (ces, 0.12), "+0.12");
  assert_format (pl_kpi_format_change (ces, -0.125001), "\u22120.13");
  assert_format (pl_kpi_format_change (nps, 5), "+5");
  assert_format (pl_kpi_format_change (nps, NAN), "\u2014");

  /* The unit follows the KPI. */
  pl_kpi_set_unit (ces, " pts/10");
  pl_kpi_set_decimals (ces, 1);
  assert_format (pl_kpi_format_value (ces, 7.24), "7.2 pts/10");
}

/* Computation */

static void
test_mean (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(PlKpi) ces = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 3);
  g_autoptr(PlKpi) csat = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 1);
  g_autoptr(GArray) ces_points = NULL;
  g_autoptr(GArray) csat_points = NULL;
  /* CES answers: week 03-02: 7, 6, 5, 4 → 22 / 4 = 5.5;
   * week 03-09: 6, 7, 5 → 18 / 3 = 6.0; week 03-30: 7, 2 → 4.5.
   * Week 03-16 has no responses and does not appear. */
  const Expected ces_expected[] = {
    { "2026-03-02", 5.5, 4 },
    { "2026-03-09", 6.0, 3 },
    { "2026-03-30", 4.5, 2 },
  };
  /* CSAT answers: week 03-02: 5, 4, 3, 2 (r5's empty answer not counted)
   * → 14 / 4 = 3.5; week 03-09: 5, 5, 4 → 14 / 3; week 03-30: 4, 1 → 2.5. */
  const Expected csat_expected[] = {
    { "2026-03-02", 3.5, 4 },
    { "2026-03-09", 14.0 / 3.0, 3 },
    { "2026-03-30", 2.5, 2 },
  };

  ces_points = compute (ces, fixture->ws);
  assert_points (ces_points, ces_expected, G_N_ELEMENTS (ces_expected));
  csat_points = compute (csat, fixture->ws);
  assert_points (csat_points, csat_expected, G_N_ELEMENTS (csat_expected));
}

static void
test_top_box (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_TOP_BOX, 1);
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) strict_points = NULL;
  /* CSAT 4 or 5: week 03-02: 5, 4, 3, 2 → 2 / 4 = 50%;
   * week 03-09: 5, 5, 4 → 3 / 3 = 100%; week 03-30: 4, 1 → 1 / 2 = 50%. */
  const Expected expected[] = {
    { "2026-03-02", 50.0, 4 },
    { "2026-03-09", 100.0, 3 },
    { "2026-03-30", 50.0, 2 },
  };
  /* Only 5 counts: 1 / 4 = 25%; 2 / 3 = 66.67%; 0 / 2 = 0%. */
  const Expected strict_expected[] = {
    { "2026-03-02", 25.0, 4 },
    { "2026-03-09", 200.0 / 3.0, 3 },
    { "2026-03-30", 0.0, 2 },
  };

  points = compute (kpi, fixture->ws);
  assert_points (points, expected, G_N_ELEMENTS (expected));

  pl_kpi_set_top_box_min (kpi, 5);
  strict_points = compute (kpi, fixture->ws);
  assert_points (strict_points, strict_expected, G_N_ELEMENTS (strict_expected));
}

static void
test_nps (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_NPS, 2);
  g_autoptr(GArray) points = NULL;
  /* Week 03-02: 10, 9, 8, 6, 3 → promoters 2, detractors 2 → (2 - 2) / 5 = 0;
   * week 03-09: 10, 9, 2 → (2 - 1) / 3 = +33.33;
   * week 03-30: 9, 7 → (1 - 0) / 2 = +50. */
  const Expected expected[] = {
    { "2026-03-02", 0.0, 5 },
    { "2026-03-09", 100.0 / 3.0, 3 },
    { "2026-03-30", 50.0, 2 },
  };

  points = compute (kpi, fixture->ws);
  assert_points (points, expected, G_N_ELEMENTS (expected));
}

static void
test_month (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(PlKpi) csat = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_TOP_BOX, 1);
  g_autoptr(PlKpi) nps = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_NPS, 2);
  g_autoptr(PlKpi) fcr = make_kpi (PL_KPI_SOURCE_METRIC, PL_KPI_CALC_METRIC, 1);
  g_autoptr(GArray) csat_points = NULL;
  g_autoptr(GArray) nps_points = NULL;
  g_autoptr(GArray) fcr_points = NULL;
  /* r11 (31 March) and r12 (1 April) share a week but not a month.
   * CSAT March: 5, 4, 3, 2, 5, 5, 4, 4 → six 4s and 5s of 8 = 75%;
   * April: 1 → 0 of 1 = 0%. */
  const Expected csat_expected[] = {
    { "2026-03-01", 75.0, 8 },
    { "2026-04-01", 0.0, 1 },
  };
  /* NPS March: 10, 9, 8, 6, 3, 10, 9, 2, 9 → promoters 5, detractors 3,
   * (5 - 3) / 9 = +22.22; April: 7 → 0. */
  const Expected nps_expected[] = {
    { "2026-03-01", 200.0 / 9.0, 9 },
    { "2026-04-01", 0.0, 1 },
  };
  /* FCR March: 100 × (30 + 10 + 20 + 0) / (40 + 10 + 40 + 0) = 66.67%, n 90. */
  const Expected fcr_expected[] = {
    { "2026-03-01", 6000.0 / 90.0, 90 },
  };

  pl_kpi_set_period (csat, PL_PERIOD_MONTH);
  pl_kpi_set_period (nps, PL_PERIOD_MONTH);
  pl_kpi_set_period (fcr, PL_PERIOD_MONTH);

  csat_points = compute (csat, fixture->ws);
  assert_points (csat_points, csat_expected, G_N_ELEMENTS (csat_expected));
  nps_points = compute (nps, fixture->ws);
  assert_points (nps_points, nps_expected, G_N_ELEMENTS (nps_expected));
  fcr_points = compute (fcr, fixture->ws);
  assert_points (fcr_points, fcr_expected, G_N_ELEMENTS (fcr_expected));
}

static void
test_excluded_and_trashed (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_TOP_BOX, 1);
  g_autoptr(PlKpi) qa = make_kpi (PL_KPI_SOURCE_SCORECARD, PL_KPI_CALC_SCORE, 1);
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) restored = NULL;
  g_autoptr(GArray) untrashed = NULL;
  g_autoptr(GArray) qa_restored = NULL;
  /* r6 (excluded) and r7 (trashed) both answered CSAT 1 in week 03-02. */
  const Expected before_expected[] = {
    { "2026-03-02", 50.0, 4 },
    { "2026-03-09", 100.0, 3 },
    { "2026-03-30", 50.0, 2 },
  };
  /* Restoring r6: 5, 4, 3, 2, 1 → 2 / 5 = 40%. */
  const Expected restored_expected[] = {
    { "2026-03-02", 40.0, 5 },
    { "2026-03-09", 100.0, 3 },
    { "2026-03-30", 50.0, 2 },
  };
  /* Also taking r7 out of the trash: 2 / 6 = 33.33%. */
  const Expected untrashed_expected[] = {
    { "2026-03-02", 100.0 / 3.0, 6 },
    { "2026-03-09", 100.0, 3 },
    { "2026-03-30", 50.0, 2 },
  };
  /* QA week 03-02 with o5 (0, excluded) and o6 (0, trashed) back:
   * 80, 90, 70, 0, 0 → 240 / 5 = 48; the later weeks as in /core/kpi/score. */
  const Expected qa_expected[] = {
    { "2026-03-02", 48.0, 5 },
    { "2026-03-09", 92.5, 2 },
    { "2026-03-16", 60.0, 1 },
  };

  before = compute (kpi, fixture->ws);
  assert_points (before, before_expected, G_N_ELEMENTS (before_expected));

  pl_test_exec (fixture->ws, "UPDATE responses SET excluded = 0 WHERE id = 6");
  restored = compute (kpi, fixture->ws);
  assert_points (restored, restored_expected, G_N_ELEMENTS (restored_expected));

  pl_test_exec (fixture->ws, "UPDATE responses SET trashed_at = NULL WHERE id = 7");
  untrashed = compute (kpi, fixture->ws);
  assert_points (untrashed, untrashed_expected, G_N_ELEMENTS (untrashed_expected));

  pl_test_exec (fixture->ws,
                "UPDATE observations SET excluded = 0, trashed_at = NULL WHERE id IN (5, 6)");
  qa_restored = compute (qa, fixture->ws);
  assert_points (qa_restored, qa_expected, G_N_ELEMENTS (qa_expected));
}

static void
test_score (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SCORECARD, PL_KPI_CALC_SCORE, 1);
  g_autoptr(PlKpi) v2 = make_kpi (PL_KPI_SOURCE_SCORECARD, PL_KPI_CALC_SCORE, 2);
  g_autoptr(PlKpi) other = make_kpi (PL_KPI_SOURCE_SCORECARD, PL_KPI_CALC_SCORE, 3);
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) v2_points = NULL;
  g_autoptr(GArray) other_points = NULL;
  /* Every version of QA (1, 2 and 3 = id 4) counts; "Email QA" does not;
   * o5 excluded, o6 trashed and o7 without a score are left out.
   * Week 03-02: 80, 90, 70 → 80, n 3; week 03-09: 100, 85 → 92.5, n 2;
   * week 03-16: 60 (version 3), n 1. */
  const Expected expected[] = {
    { "2026-03-02", 80.0, 3 },
    { "2026-03-09", 92.5, 2 },
    { "2026-03-16", 60.0, 1 },
  };
  /* Only "Email QA": 10 in week 03-02. */
  const Expected other_expected[] = {
    { "2026-03-02", 10.0, 1 },
  };

  points = compute (kpi, fixture->ws);
  assert_points (points, expected, G_N_ELEMENTS (expected));
  /* A KPI on a later version sees the same family. */
  v2_points = compute (v2, fixture->ws);
  assert_points (v2_points, expected, G_N_ELEMENTS (expected));
  other_points = compute (other, fixture->ws);
  assert_points (other_points, other_expected, G_N_ELEMENTS (other_expected));
}

static void
test_metric (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(PlKpi) fcr = make_kpi (PL_KPI_SOURCE_METRIC, PL_KPI_CALC_METRIC, 1);
  g_autoptr(PlKpi) asa = make_kpi (PL_KPI_SOURCE_METRIC, PL_KPI_CALC_METRIC, 2);
  g_autoptr(PlKpi) calls = make_kpi (PL_KPI_SOURCE_METRIC, PL_KPI_CALC_METRIC, 3);
  g_autoptr(PlKpi) missing = make_kpi (PL_KPI_SOURCE_METRIC, PL_KPI_CALC_METRIC, 99);
  g_autoptr(GArray) fcr_points = NULL;
  g_autoptr(GArray) asa_points = NULL;
  g_autoptr(GArray) calls_points = NULL;
  g_autoptr(GArray) missing_points = NULL;
  g_autoptr(GError) error = NULL;
  /* Ratio × 100, every channel and team together:
   * week 03-02: (30 + 10) / (40 + 10) = 80%, n 50;
   * week 03-09: 20 / 40 = 50%, n 40; week 03-16: 0 / 0 is skipped. */
  const Expected fcr_expected[] = {
    { "2026-03-02", 80.0, 50 },
    { "2026-03-09", 50.0, 40 },
  };
  /* Mean: week 03-02: 20, 30, 40 → 30, n 3; week 03-09: 10 (the empty
   * value on 03-11 is not a row of data), n 1. */
  const Expected asa_expected[] = {
    { "2026-03-02", 30.0, 3 },
    { "2026-03-09", 10.0, 1 },
  };
  /* Sum: week 03-02: 100 + 50 = 150, n 2; week 03-09: 70, n 1. */
  const Expected calls_expected[] = {
    { "2026-03-02", 150.0, 2 },
    { "2026-03-09", 70.0, 1 },
  };

  fcr_points = compute (fcr, fixture->ws);
  assert_points (fcr_points, fcr_expected, G_N_ELEMENTS (fcr_expected));
  asa_points = compute (asa, fixture->ws);
  assert_points (asa_points, asa_expected, G_N_ELEMENTS (asa_expected));
  calls_points = compute (calls, fixture->ws);
  assert_points (calls_points, calls_expected, G_N_ELEMENTS (calls_expected));

  missing_points = pl_kpi_compute (missing, fixture->ws, &error);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_assert_null (missing_points);
}

static void
test_within_promise (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_COMPLAINTS, PL_KPI_CALC_WITHIN_PROMISE, 0);
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) later = NULL;
  /* As of 2026-03-16: the latest of received (c10, 03-16) and resolved
   * (c7, 03-11); c5 (excluded, resolved 03-20) and c6 (trashed) do not count.
   * Week 03-02: c1 resolved in 2 of 2 days: kept; c2 in 3 of 2: not kept;
   *   c3 open, due 03-09, overdue by 03-16: not kept; c4 same day: kept
   *   → 2 / 4 = 50%.
   * Week 03-09: c7 resolved in 1 of 2 days: kept; c8 open, due 03-16 which
   *   is not past the as-of day, and c9 open, due 03-23: not yet judged, so
   *   the week is still open and has no point (it would show 100%).
   * Week 03-16: c10 open and not due: no point. */
  const Expected expected[] = {
    { "2026-03-02", 50.0, 4 },
  };
  /* One more complaint on 03-24 moves the as-of day on: c8 (due 03-16) and
   * c9 (due 03-23) are now overdue, so week 03-09 is judged: 1 / 3. Weeks
   * 03-16 and 03-23 still hold open complaints that are not due. */
  const Expected later_expected[] = {
    { "2026-03-02", 50.0, 4 },
    { "2026-03-09", 100.0 / 3.0, 3 },
  };

  points = compute (kpi, fixture->ws);
  assert_points (points, expected, G_N_ELEMENTS (expected));

  pl_test_exec (fixture->ws,
                "INSERT INTO complaints (received_on, promised_days, created_at)"
                " VALUES ('2026-03-24', 5, 'x')");
  later = compute (kpi, fixture->ws);
  assert_points (later, later_expected, G_N_ELEMENTS (later_expected));
}

static void
test_empty_workspace (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_COMPLAINTS, PL_KPI_CALC_WITHIN_PROMISE, 0);
  g_autoptr(GArray) points = compute (kpi, fixture->ws);
  PlKpiSummary summary;

  g_assert_cmpuint (points->len, ==, 0);
  pl_kpi_summarise (kpi, points, &summary);
  g_assert_false (summary.has_value);
  g_assert_false (summary.has_previous);
  g_assert_cmpint (summary.status, ==, PL_STATUS_NONE);
}

/* Summaries */

static GArray *
make_points (const double *values,
             guint         n_values)
{
  GArray *points = g_array_new (FALSE, TRUE, sizeof (PlKpiPoint));

  for (guint i = 0; i < n_values; i++)
    {
      PlKpiPoint point = { { 0 }, values[i], 10 };

      g_snprintf (point.period_start, sizeof point.period_start, "2026-03-%02u", 2 + 7 * i);
      g_array_append_val (points, point);
    }

  return points;
}

static void
test_summarise (void)
{
  g_autoptr(PlKpi) csat = pl_kpi_new_from_template (pl_kpi_template_find ("csat"));
  g_autoptr(PlKpi) asa = pl_kpi_new_from_template (pl_kpi_template_find ("asa"));
  const double rising[] = { 60, 70, 75 };
  const double falling[] = { 50, 30, 10 };
  const double single[] = { 86 };
  g_autoptr(GArray) rising_points = make_points (rising, G_N_ELEMENTS (rising));
  g_autoptr(GArray) falling_points = make_points (falling, G_N_ELEMENTS (falling));
  g_autoptr(GArray) single_points = make_points (single, G_N_ELEMENTS (single));
  g_autoptr(GArray) no_points = make_points (NULL, 0);
  PlKpiSummary summary;

  /* CSAT 70 → 75: +5, better for a higher-is-better KPI; 75 < red 80. */
  pl_kpi_summarise (csat, rising_points, &summary);
  g_assert_true (summary.has_value);
  g_assert_cmpstr (summary.latest.period_start, ==, "2026-03-16");
  g_assert_cmpfloat (summary.latest.value, ==, 75);
  g_assert_true (summary.has_previous);
  g_assert_cmpfloat (summary.previous, ==, 70);
  g_assert_cmpfloat (summary.change, ==, 5);
  g_assert_true (summary.improving);
  g_assert_cmpint (summary.status, ==, PL_STATUS_RED);

  /* CSAT 30 → 10: −20, worse. */
  pl_kpi_summarise (csat, falling_points, &summary);
  g_assert_cmpfloat (summary.change, ==, -20);
  g_assert_false (summary.improving);

  /* ASA 30 s → 10 s: −20, better when lower is better; 10 <= target 20. */
  pl_kpi_summarise (asa, falling_points, &summary);
  g_assert_cmpfloat (summary.previous, ==, 30);
  g_assert_cmpfloat (summary.change, ==, -20);
  g_assert_true (summary.improving);
  g_assert_cmpint (summary.status, ==, PL_STATUS_GREEN);

  /* ASA 70 → 75 s: worse, and past red 30. */
  pl_kpi_summarise (asa, rising_points, &summary);
  g_assert_false (summary.improving);
  g_assert_cmpint (summary.status, ==, PL_STATUS_RED);

  /* One period: a value and a status, nothing to compare with. */
  pl_kpi_summarise (csat, single_points, &summary);
  g_assert_true (summary.has_value);
  g_assert_false (summary.has_previous);
  g_assert_cmpfloat (summary.change, ==, 0);
  g_assert_false (summary.improving);
  g_assert_cmpint (summary.status, ==, PL_STATUS_GREEN);

  pl_kpi_summarise (csat, no_points, &summary);
  g_assert_false (summary.has_value);
  g_assert_cmpint (summary.status, ==, PL_STATUS_NONE);
}

/* Storage */

static void
changed_cb (PlWorkspace *ws,
            const char  *table,
            gpointer     user_data)
{
  g_assert_cmpstr (table, ==, "kpis");
  (*(guint *) user_data)++;
}

static void
assert_same_kpi (PlKpi *a,
                 PlKpi *b)
{
  g_assert_cmpint (pl_kpi_get_id (a), ==, pl_kpi_get_id (b));
  g_assert_cmpstr (pl_kpi_get_code (a), ==, pl_kpi_get_code (b));
  g_assert_cmpstr (pl_kpi_get_name (a), ==, pl_kpi_get_name (b));
  g_assert_cmpstr (pl_kpi_get_definition (a), ==, pl_kpi_get_definition (b));
  g_assert_cmpstr (pl_kpi_get_template (a), ==, pl_kpi_get_template (b));
  g_assert_cmpint (pl_kpi_get_source (a), ==, pl_kpi_get_source (b));
  g_assert_cmpint (pl_kpi_get_calc (a), ==, pl_kpi_get_calc (b));
  g_assert_cmpint (pl_kpi_get_question_id (a), ==, pl_kpi_get_question_id (b));
  g_assert_cmpint (pl_kpi_get_scorecard_id (a), ==, pl_kpi_get_scorecard_id (b));
  g_assert_cmpint (pl_kpi_get_metric_id (a), ==, pl_kpi_get_metric_id (b));
  g_assert_cmpfloat (pl_kpi_get_top_box_min (a), ==, pl_kpi_get_top_box_min (b));
  g_assert_cmpstr (pl_kpi_get_unit (a), ==, pl_kpi_get_unit (b));
  g_assert_cmpint (pl_kpi_get_decimals (a), ==, pl_kpi_get_decimals (b));
  g_assert_cmpint (pl_kpi_get_higher_is_better (a), ==, pl_kpi_get_higher_is_better (b));
  g_assert_cmpfloat (pl_kpi_get_target (a), ==, pl_kpi_get_target (b));
  g_assert_cmpfloat (pl_kpi_get_red_threshold (a), ==, pl_kpi_get_red_threshold (b));
  g_assert_cmpint (pl_kpi_get_period (a), ==, pl_kpi_get_period (b));
  g_assert_cmpint (pl_kpi_get_archived (a), ==, pl_kpi_get_archived (b));
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(PlKpi) survey = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_TOP_BOX, 1);
  g_autoptr(PlKpi) scorecard = make_kpi (PL_KPI_SOURCE_SCORECARD, PL_KPI_CALC_SCORE, 2);
  g_autoptr(PlKpi) metric = make_kpi (PL_KPI_SOURCE_METRIC, PL_KPI_CALC_METRIC, 3);
  g_autoptr(PlKpi) complaints = make_kpi (PL_KPI_SOURCE_COMPLAINTS,
                                          PL_KPI_CALC_WITHIN_PROMISE, 0);
  PlKpi *kpis[] = { survey, scorecard, metric, complaints };
  g_autoptr(GError) error = NULL;
  guint n_changed = 0;
  gint64 first_id;

  g_signal_connect (fixture->ws, "changed::kpis", G_CALLBACK (changed_cb), &n_changed);

  /* Every field set away from its default. */
  pl_kpi_set_code (survey, "web-csat");
  pl_kpi_set_name (survey, "Web chat satisfaction");
  pl_kpi_set_definition (survey, "Share of web chat customers answering 5.");
  pl_kpi_set_template (survey, "csat");
  pl_kpi_set_top_box_min (survey, 5);
  pl_kpi_set_unit (survey, "%");
  pl_kpi_set_decimals (survey, 3);
  pl_kpi_set_higher_is_better (survey, FALSE);
  pl_kpi_set_target (survey, 12.5);
  pl_kpi_set_red_threshold (survey, 20.25);
  pl_kpi_set_period (survey, PL_PERIOD_MONTH);

  pl_kpi_set_code (scorecard, "qa-v2");
  pl_kpi_set_unit (scorecard, "/100");
  pl_kpi_set_decimals (scorecard, 0);
  pl_kpi_set_target (scorecard, 85);
  pl_kpi_set_red_threshold (scorecard, 75);

  /* A question left over from an earlier choice of source is not kept. */
  pl_kpi_set_code (metric, "calls");
  pl_kpi_set_question_id (metric, 3);
  pl_kpi_set_decimals (metric, 4);
  pl_kpi_set_target (metric, -1.5);
  pl_kpi_set_red_threshold (metric, -2);

  pl_kpi_set_code (complaints, "complaints");

  for (guint i = 0; i < G_N_ELEMENTS (kpis); i++)
    {
      g_autoptr(PlKpi) loaded = NULL;

      g_assert_true (pl_kpi_save (kpis[i], fixture->ws, &error));
      g_assert_no_error (error);
      g_assert_cmpint (pl_kpi_get_id (kpis[i]), >, 0);
      g_assert_cmpuint (n_changed, ==, i + 1);

      loaded = pl_kpi_load (fixture->ws, pl_kpi_get_id (kpis[i]), &error);
      g_assert_no_error (error);
      assert_same_kpi (kpis[i], loaded);
    }

  g_assert_cmpint (pl_kpi_get_question_id (metric), ==, 0);
  g_assert_cmpint (pl_kpi_get_metric_id (metric), ==, 3);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count(*) FROM kpis WHERE code = 'calls'"
                                      " AND question_id IS NULL AND metric_id = 3"), ==, 1);

  /* The stored text is the schema's. */
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count(*) FROM kpis WHERE code = 'web-csat'"
                                      " AND source = 'survey' AND calculation = 'top_box'"
                                      " AND direction = 'lower' AND period = 'month'"
                                      " AND question_id = 1 AND scorecard_id IS NULL"
                                      " AND created_at LIKE '____-__-__T__:__:__Z'"
                                      " AND updated_at = created_at"), ==, 1);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count(*) FROM audit_log WHERE action = 'create'"
                                      " AND entity = 'kpi'"), ==, 4);
  /* New KPIs go to the end of the list. */
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count(*) FROM kpis WHERE position = id"), ==, 4);

  /* An update keeps the id and the position. */
  first_id = pl_kpi_get_id (survey);
  pl_kpi_set_name (survey, "Web chat CSAT");
  g_assert_true (pl_kpi_save (survey, fixture->ws, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_kpi_get_id (survey), ==, first_id);
  g_assert_cmpuint (n_changed, ==, G_N_ELEMENTS (kpis) + 1);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT count(*) FROM kpis"), ==, 4);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count(*) FROM kpis WHERE name = 'Web chat CSAT'"
                                      " AND position = 1"), ==, 1);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count(*) FROM audit_log WHERE action = 'update'"
                                      " AND entity = 'kpi' AND entity_id = 1"), ==, 1);

  /* Survives closing and reopening the workspace. */
  g_clear_object (&fixture->ws);
  fixture->ws = pl_workspace_open (fixture->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (kpis); i++)
    {
      g_autoptr(PlKpi) loaded = pl_kpi_load (fixture->ws, pl_kpi_get_id (kpis[i]), &error);

      g_assert_no_error (error);
      assert_same_kpi (kpis[i], loaded);
    }
}

static void
test_load_missing (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 3);
  g_autoptr(PlKpi) loaded = NULL;
  g_autoptr(PlKpi) gone = NULL;
  g_autoptr(GError) error = NULL;

  loaded = pl_kpi_load (fixture->ws, 42, &error);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_assert_null (loaded);
  g_clear_error (&error);

  /* Saving changes to a KPI someone else deleted says so. */
  g_assert_true (pl_kpi_save (kpi, fixture->ws, &error));
  g_assert_no_error (error);
  gone = pl_kpi_copy (kpi);
  pl_test_exec (fixture->ws, "DELETE FROM kpis");
  g_assert_false (pl_kpi_save (gone, fixture->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT count(*) FROM kpis"), ==, 0);
}

static void
test_save_rolls_back (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 3);
  g_autoptr(GError) error = NULL;
  guint n_changed = 0;

  g_signal_connect (fixture->ws, "changed::kpis", G_CALLBACK (changed_cb), &n_changed);

  /* The audit entry fails after the KPI row went in: nothing may remain. */
  pl_test_exec (fixture->ws,
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log"
                " WHEN NEW.entity = 'kpi' BEGIN SELECT RAISE (ABORT, 'refused'); END");
  g_assert_false (pl_kpi_save (kpi, fixture->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_cmpint (pl_kpi_get_id (kpi), ==, 0);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT count(*) FROM kpis"), ==, 0);
  g_assert_cmpuint (n_changed, ==, 0);

  /* No transaction is left open: the next save works. */
  pl_test_exec (fixture->ws, "DROP TRIGGER refuse_audit");
  g_assert_true (pl_kpi_save (kpi, fixture->ws, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT count(*) FROM kpis"), ==, 1);
  g_assert_cmpuint (n_changed, ==, 1);

  /* Archiving rolls back the same way. */
  pl_test_exec (fixture->ws,
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log"
                " WHEN NEW.entity = 'kpi' BEGIN SELECT RAISE (ABORT, 'refused'); END");
  g_assert_false (pl_kpi_set_archived (kpi, fixture->ws, TRUE, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_DATABASE);
  g_assert_false (pl_kpi_get_archived (kpi));
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT count(*) FROM kpis WHERE archived = 0"), ==, 1);
  g_assert_cmpuint (n_changed, ==, 1);
}

static void
test_save_nested (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 3);
  g_autoptr(PlKpi) bad = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_NPS, 1);
  g_autoptr(PlKpi) kept = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 3);
  g_autoptr(GError) error = NULL;
  guint n_changed = 0;

  g_signal_connect (fixture->ws, "changed::kpis", G_CALLBACK (changed_cb), &n_changed);

  /* Inside the caller's transaction: the caller's rollback undoes it. */
  pl_test_exec (fixture->ws, "BEGIN");
  g_assert_true (pl_kpi_save (kpi, fixture->ws, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT count(*) FROM kpis"), ==, 1);
  g_assert_cmpuint (n_changed, ==, 0);
  pl_test_exec (fixture->ws, "ROLLBACK");
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT count(*) FROM kpis"), ==, 0);

  /* A failed save inside it leaves the caller's other work alone. */
  pl_test_exec (fixture->ws, "BEGIN");
  g_assert_true (pl_kpi_save (kept, fixture->ws, &error));
  g_assert_no_error (error);
  g_assert_false (pl_kpi_save (bad, fixture->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  pl_test_exec (fixture->ws, "COMMIT");
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT count(*) FROM kpis"), ==, 1);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count(*) FROM audit_log WHERE entity = 'kpi'"), ==, 1);
}

static void
save_named (PlWorkspace *ws,
            const char  *name,
            const char  *code,
            const char  *expected_code)
{
  g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 1);
  g_autoptr(GError) error = NULL;

  pl_kpi_set_name (kpi, name);
  pl_kpi_set_code (kpi, code);
  g_assert_true (pl_kpi_save (kpi, ws, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pl_kpi_get_code (kpi), ==, expected_code);
}

static void
test_code_unique (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(PlKpi) first = NULL;
  g_autoptr(GError) error = NULL;

  save_named (fixture->ws, "Customer satisfaction (CSAT)", "", "customer-satisfaction-csat");
  save_named (fixture->ws, "Customer satisfaction (CSAT)", "", "customer-satisfaction-csat-2");
  save_named (fixture->ws, "Customer  satisfaction: CSAT!", NULL, "customer-satisfaction-csat-3");
  save_named (fixture->ws, "Délai de réponse — moyen", "", "delai-de-reponse-moyen");
  save_named (fixture->ws, "★★★", "", "kpi");
  save_named (fixture->ws, "Anything", "csat", "csat");
  save_named (fixture->ws, "Anything else", "csat", "csat-2");

  /* Saving again does not clash with itself. */
  first = pl_kpi_load (fixture->ws, 1, &error);
  g_assert_no_error (error);
  pl_kpi_set_definition (first, "Edited");
  g_assert_true (pl_kpi_save (first, fixture->ws, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pl_kpi_get_code (first), ==, "customer-satisfaction-csat");

  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT count(DISTINCT code) FROM kpis"), ==, 7);
}

static void
test_archive (Fixture       *fixture,
              gconstpointer  user_data)
{
  const char *names[] = { "Alpha", "Bravo", "Charlie" };
  g_autoptr(PlKpi) bravo = NULL;
  g_autoptr(PlKpi) loaded = NULL;
  g_autoptr(GListModel) visible = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) restored = NULL;
  g_autoptr(GError) error = NULL;
  guint n_changed = 0;
  guint n_notify = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 3);

      pl_kpi_set_name (kpi, names[i]);
      g_assert_true (pl_kpi_save (kpi, fixture->ws, &error));
      g_assert_no_error (error);
      if (i == 1)
        bravo = g_object_ref (kpi);
    }

  g_signal_connect (fixture->ws, "changed::kpis", G_CALLBACK (changed_cb), &n_changed);
  g_signal_connect (bravo, "notify::archived", G_CALLBACK (count_notify_cb), &n_notify);

  g_assert_true (pl_kpi_set_archived (bravo, fixture->ws, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (pl_kpi_get_archived (bravo));
  g_assert_cmpuint (n_notify, ==, 1);
  g_assert_cmpuint (n_changed, ==, 1);

  visible = pl_kpi_list (fixture->ws, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (visible, i);
      g_assert_cmpstr (pl_kpi_get_name (kpi), ==, i == 0 ? "Alpha" : "Charlie");
    }

  all = pl_kpi_list (fixture->ws, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);

  loaded = pl_kpi_load (fixture->ws, pl_kpi_get_id (bravo), &error);
  g_assert_no_error (error);
  g_assert_true (pl_kpi_get_archived (loaded));
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count(*) FROM audit_log WHERE action = 'archive'"
                                      " AND entity = 'kpi' AND entity_id = 2"), ==, 1);

  /* Back again, and the list follows the stored order (position, then id). */
  g_assert_true (pl_kpi_set_archived (bravo, fixture->ws, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (pl_kpi_get_archived (bravo));
  g_assert_cmpuint (n_changed, ==, 2);
  pl_test_exec (fixture->ws, "UPDATE kpis SET position = 0 WHERE name = 'Charlie'");
  pl_test_exec (fixture->ws, "UPDATE kpis SET position = 2 WHERE name = 'Alpha'");
  restored = pl_kpi_list (fixture->ws, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (restored), ==, 3);
  {
    const char *order[] = { "Charlie", "Alpha", "Bravo" };  /* 0, 2 (id 1), 2 (id 2) */

    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(PlKpi) kpi = g_list_model_get_item (restored, i);
        g_assert_cmpstr (pl_kpi_get_name (kpi), ==, order[i]);
      }
  }
}

/* Validation */

static void
assert_invalid (PlKpi       *kpi,
                PlWorkspace *ws)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (pl_kpi_validate (kpi, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  if (ws != NULL)
    {
      g_assert_false (pl_kpi_save (kpi, ws, &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
      g_assert_cmpint (pl_kpi_get_id (kpi), ==, 0);
      g_assert_cmpint (pl_test_query_int (ws, "SELECT count(*) FROM kpis"), ==, 0);
    }
}

static void
assert_invalid_in_workspace (PlKpi       *kpi,
                             PlWorkspace *ws)
{
  g_autoptr(GError) error = NULL;

  /* Consistent on its own, refused against the workspace. */
  g_assert_true (pl_kpi_validate (kpi, &error));
  g_assert_no_error (error);
  g_assert_false (pl_kpi_save (kpi, ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpint (pl_kpi_get_id (kpi), ==, 0);
  g_assert_cmpint (pl_test_query_int (ws, "SELECT count(*) FROM kpis"), ==, 0);
}

static void
test_validate (Fixture       *fixture,
               gconstpointer  user_data)
{
  PlWorkspace *ws = fixture->ws;
  g_autoptr(GError) error = NULL;

  /* The good one, to show the failures below come from the one change. */
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_TOP_BOX, 1);
    g_assert_true (pl_kpi_validate (kpi, &error));
    g_assert_no_error (error);
  }

  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_TOP_BOX, 1);
    pl_kpi_set_name (kpi, "");
    assert_invalid (kpi, ws);
    pl_kpi_set_name (kpi, "   ");
    assert_invalid (kpi, ws);
  }

  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_TOP_BOX, 0);
    pl_kpi_set_scorecard_id (kpi, 1);   /* the wrong kind of reference */
    assert_invalid (kpi, ws);
  }

  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SCORECARD, PL_KPI_CALC_SCORE, 0);
    pl_kpi_set_question_id (kpi, 1);
    assert_invalid (kpi, ws);
  }

  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_METRIC, PL_KPI_CALC_METRIC, 0);
    pl_kpi_set_scorecard_id (kpi, 1);
    assert_invalid (kpi, ws);
  }

  /* A calculation that does not fit the source. */
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_METRIC, PL_KPI_CALC_NPS, 1);
    assert_invalid (kpi, ws);
  }
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_SCORE, 1);
    assert_invalid (kpi, ws);
  }
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_COMPLAINTS, PL_KPI_CALC_MEAN, 0);
    assert_invalid (kpi, ws);
  }

  /* Thresholds on the wrong side of the target. */
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_TOP_BOX, 1);
    pl_kpi_set_target (kpi, 85);
    pl_kpi_set_red_threshold (kpi, 85);
    g_assert_true (pl_kpi_validate (kpi, NULL));   /* equal is allowed */
    pl_kpi_set_red_threshold (kpi, 85.5);
    assert_invalid (kpi, ws);
  }
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_METRIC, PL_KPI_CALC_METRIC, 2);
    pl_kpi_set_higher_is_better (kpi, FALSE);
    pl_kpi_set_target (kpi, 20);
    pl_kpi_set_red_threshold (kpi, 30);
    g_assert_true (pl_kpi_validate (kpi, NULL));
    pl_kpi_set_red_threshold (kpi, 19);
    assert_invalid (kpi, ws);
  }
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 3);
    pl_kpi_set_target (kpi, NAN);
    assert_invalid (kpi, ws);
  }

  /* Decimals 0 to 4. */
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 3);
    pl_kpi_set_decimals (kpi, 4);
    g_assert_true (pl_kpi_validate (kpi, NULL));
    pl_kpi_set_decimals (kpi, 0);
    g_assert_true (pl_kpi_validate (kpi, NULL));
    pl_kpi_set_decimals (kpi, 5);
    assert_invalid (kpi, ws);
    pl_kpi_set_decimals (kpi, -1);
    assert_invalid (kpi, ws);
  }

  /* Checked against the workspace on saving. */
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_NPS, 1);  /* CSAT question */
    assert_invalid_in_workspace (kpi, ws);
  }
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 4);  /* free text */
    assert_invalid_in_workspace (kpi, ws);
  }
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_TOP_BOX, 4);
    assert_invalid_in_workspace (kpi, ws);
  }
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 99);
    assert_invalid_in_workspace (kpi, ws);
  }
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SCORECARD, PL_KPI_CALC_SCORE, 99);
    assert_invalid_in_workspace (kpi, ws);
  }
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_METRIC, PL_KPI_CALC_METRIC, 99);
    assert_invalid_in_workspace (kpi, ws);
  }

  /* An NPS question may be averaged, top-boxed or scored as NPS. */
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_NPS, 2);
    g_assert_true (pl_kpi_save (kpi, ws, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 2);
    g_assert_true (pl_kpi_save (kpi, ws, &error));
    g_assert_no_error (error);
  }

  /* Computing an inconsistent KPI is refused the same way. */
  {
    g_autoptr(PlKpi) kpi = make_kpi (PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, 0);
    g_autoptr(GArray) points = pl_kpi_compute (kpi, ws, &error);

    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
    g_assert_null (points);
  }
}

static void
test_enums (void)
{
  GEnumClass *klass = g_type_class_ref (PL_TYPE_KPI_CALC);

  g_assert_cmpstr (g_enum_get_value (klass, PL_KPI_CALC_WITHIN_PROMISE)->value_nick,
                   ==, "within_promise");
  g_type_class_unref (klass);

  g_assert_cmpstr (pl_kpi_source_to_string (PL_KPI_SOURCE_COMPLAINTS), ==, "complaints");
  g_assert_cmpstr (pl_kpi_calc_to_string (PL_KPI_CALC_TOP_BOX), ==, "top_box");
  g_assert_cmpstr (pl_period_to_string (PL_PERIOD_MONTH), ==, "month");
  g_assert_true (G_TYPE_IS_ENUM (PL_TYPE_STATUS));
  g_assert_true (G_TYPE_IS_ENUM (PL_TYPE_PERIOD));
  g_assert_true (G_TYPE_IS_ENUM (PL_TYPE_KPI_SOURCE));
}

#define ADD_DB_TEST(path, func, sql) \
  g_test_add (path, Fixture, sql, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/kpi/templates", test_templates);
  g_test_add_func ("/core/kpi/new-from-template", test_new_from_template);
  g_test_add_func ("/core/kpi/notify", test_notify);
  g_test_add_func ("/core/kpi/copy", test_copy);
  g_test_add_func ("/core/kpi/enums", test_enums);
  g_test_add_func ("/core/kpi/status", test_status);
  g_test_add_func ("/core/kpi/format", test_format);
  g_test_add_func ("/core/kpi/summarise", test_summarise);

  ADD_DB_TEST ("/core/kpi/mean", test_mean, fixture_sql);
  ADD_DB_TEST ("/core/kpi/top-box", test_top_box, fixture_sql);
  ADD_DB_TEST ("/core/kpi/nps", test_nps, fixture_sql);
  ADD_DB_TEST ("/core/kpi/month", test_month, fixture_sql);
  ADD_DB_TEST ("/core/kpi/excluded-and-trashed", test_excluded_and_trashed, fixture_sql);
  ADD_DB_TEST ("/core/kpi/score", test_score, fixture_sql);
  ADD_DB_TEST ("/core/kpi/metric", test_metric, fixture_sql);
  ADD_DB_TEST ("/core/kpi/within-promise", test_within_promise, fixture_sql);
  ADD_DB_TEST ("/core/kpi/empty-workspace", test_empty_workspace, NULL);
  ADD_DB_TEST ("/core/kpi/round-trip", test_round_trip, fixture_sql);
  ADD_DB_TEST ("/core/kpi/copy-keeps-id", test_copy_keeps_id, fixture_sql);
  ADD_DB_TEST ("/core/kpi/load-missing", test_load_missing, fixture_sql);
  ADD_DB_TEST ("/core/kpi/save-rolls-back", test_save_rolls_back, fixture_sql);
  ADD_DB_TEST ("/core/kpi/save-nested", test_save_nested, fixture_sql);
  ADD_DB_TEST ("/core/kpi/code-unique", test_code_unique, fixture_sql);
  ADD_DB_TEST ("/core/kpi/archive", test_archive, fixture_sql);
  ADD_DB_TEST ("/core/kpi/validate", test_validate, fixture_sql);

  return g_test_run ();
}
