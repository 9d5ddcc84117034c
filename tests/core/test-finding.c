/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "core/pl-demo.h"
#include "core/pl-error.h"
#include "core/pl-finding.h"
#include "core/pl-standard.h"
#include "core/pl-theme.h"
#include "core/pl-workspace.h"
#include "pl-test-db.h"

/* One demo workspace, made once; the tests run in order on it. The demo's
 * planted patterns (src/core/pl-demo.c) that findings must surface:
 *  (a) Priya Shah (C07) scores lower on the scorecard from week 15;
 *  (b) email CSAT below the 85% target all through;
 *  (e) the callback process from 2026-07-27 lifts first-contact
 *      resolution above its 75% target and shortens waits;
 *  (f) the price rise from 2026-08-31 lowers NPS and brings price
 *      comments.
 * The data end on 2026-09-27, so the latest month is September 2026 and
 * the last three months of observations are July to September. */
static char *tmp_dir;
static char *demo_path;
static PlWorkspace *demo;

/* z for 95%: the 0.975 quantile of the standard normal (Abramowitz and
 * Stegun, table 26.5). */
#define Z95 1.959963984540054

static gint64
query_int (const char *sql)
{
  return pl_test_query_int (demo, sql);
}

static gint64
query_intf (const char *format,
            ...) G_GNUC_PRINTF (1, 2);

static gint64
query_intf (const char *format,
            ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return pl_test_query_int (demo, sql);
}

static char *
query_textf (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static char *
query_textf (const char *format,
             ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return pl_test_query_text (demo, sql);
}

static void
exec_sql (const char *sql)
{
  pl_test_exec (demo, sql);
}

static gint64
kpi_id (const char *code)
{
  return query_intf ("SELECT id FROM kpis WHERE code = '%s'", code);
}

static gint64
channel_id (const char *code)
{
  return query_intf ("SELECT id FROM channels WHERE code = '%s'", code);
}

static gint64
finding_id (const char *key)
{
  return query_intf ("SELECT coalesce ((SELECT id FROM findings WHERE key = '%s'), 0)", key);
}

static PlFinding *
load (gint64 id)
{
  g_autoptr(GError) error = NULL;
  PlFinding *finding = pl_finding_load (demo, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (finding);
  return finding;
}

/* A number at the top of the finding's evidence. */
static double
evidence_number (PlFinding  *finding,
                 const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_assert_true (json_parser_load_from_data (parser, pl_finding_get_evidence (finding), -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (object, member));
  return json_object_get_double_member (object, member);
}

static void
propose (PlFindingCounts *counts)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pl_finding_propose (demo, 0, NULL, counts, &error));
  g_assert_no_error (error);
}

/* Wilson (1927) score interval, as in Newcombe (1998) eq. 3, computed
 * here from the formula rather than by the code under test. */
static void
wilson (gint64  k,
        gint64  n,
        double *lower,
        double *upper)
{
  double p = (double) k / n;
  double z2 = Z95 * Z95;
  double centre = p + z2 / (2 * n);
  double half = Z95 * sqrt (p * (1 - p) / n + z2 / (4.0 * n * n));

  *lower = 100 * (centre - half) / (1 + z2 / n);
  *upper = 100 * (centre + half) / (1 + z2 / n);
}

/* Tests */

static void
test_names (void)
{
  PlFindingKind kind;
  PlFindingStatus status;

  for (PlFindingKind k = PL_FINDING_KIND_SHORTFALL; k <= PL_FINDING_KIND_OWN; k++)
    {
      g_assert_true (pl_finding_kind_from_string (pl_finding_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
      g_assert_nonnull (pl_finding_kind_explain (k));
    }
  for (PlFindingStatus s = PL_FINDING_STATUS_PROPOSED; s <= PL_FINDING_STATUS_REJECTED; s++)
    {
      g_assert_true (pl_finding_status_from_string (pl_finding_status_to_string (s), &status));
      g_assert_cmpint (status, ==, s);
    }
  g_assert_cmpstr (pl_finding_kind_to_string (PL_FINDING_KIND_SIGNAL), ==, "signal");
  g_assert_cmpstr (pl_finding_kind_to_label (PL_FINDING_KIND_SIGNAL), ==, "Investigate");
  g_assert_cmpstr (pl_finding_status_to_label (PL_FINDING_STATUS_PROPOSED), ==, "To decide");
  g_assert_false (pl_finding_kind_from_string ("finding", &kind));
  g_assert_false (pl_finding_status_from_string ("", &status));
}

static void
test_counts_describe (void)
{
  PlFindingCounts counts = { 0 };
  g_autofree char *none = NULL;
  g_autofree char *some = NULL;

  none = pl_finding_counts_describe (&counts);
  g_assert_cmpstr (none, ==, "No change");
  counts.added = 5;
  counts.updated = 3;
  counts.unchanged = 7;
  counts.kept = 2;
  some = pl_finding_counts_describe (&counts);
  g_assert_cmpstr (some, ==, "5 new, 3 updated");
}

/* Email CSAT in September 2026, planted pattern (b). */
static void
test_email_csat_shortfall (void)
{
  PlFindingCounts counts = { 0 };
  g_autofree char *key = NULL;
  g_autoptr(PlFinding) finding = NULL;
  const PlFindingSeries *series;
  gint64 k, n;
  double lower, upper;

  exec_sql ("DELETE FROM findings");
  propose (&counts);
  g_assert_cmpuint (counts.added, >, 10);
  g_assert_cmpuint (counts.updated + counts.unchanged + counts.withdrawn + counts.kept, ==, 0);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM findings"), ==, counts.added);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM findings WHERE status <> 'proposed'"), ==, 0);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM audit_log WHERE action = 'propose'"), >=, 1);

  /* The top box (4 or 5 of 5) among September's email answers, counted
   * here in SQL: question 1 is the CSAT question. */
  k = query_intf ("SELECT SUM (json_extract (answers, '$.\"1\"') >= 4) FROM responses"
                  " WHERE channel_id = %" G_GINT64_FORMAT " AND excluded = 0 AND trashed_at IS NULL"
                  "   AND responded_on BETWEEN '2026-09-01' AND '2026-09-30'"
                  "   AND json_extract (answers, '$.\"1\"') IS NOT NULL", channel_id ("email"));
  n = query_intf ("SELECT COUNT (*) FROM responses"
                  " WHERE channel_id = %" G_GINT64_FORMAT " AND excluded = 0 AND trashed_at IS NULL"
                  "   AND responded_on BETWEEN '2026-09-01' AND '2026-09-30'"
                  "   AND json_extract (answers, '$.\"1\"') IS NOT NULL", channel_id ("email"));
  wilson (k, n, &lower, &upper);
  g_assert_cmpfloat (upper, <, 85.0);

  key = g_strdup_printf ("shortfall:kpi:%" G_GINT64_FORMAT ":channel:%" G_GINT64_FORMAT ":2026-09",
                         kpi_id ("csat"), channel_id ("email"));
  finding = load (finding_id (key));
  g_assert_cmpint (pl_finding_get_kind (finding), ==, PL_FINDING_KIND_SHORTFALL);
  g_assert_cmpint (pl_finding_get_status (finding), ==, PL_FINDING_STATUS_PROPOSED);
  g_assert_cmpint (pl_finding_get_kpi_id (finding), ==, kpi_id ("csat"));
  g_assert_cmpfloat_with_epsilon (evidence_number (finding, "value"), 100.0 * k / n, 1e-9);
  g_assert_cmpfloat_with_epsilon (evidence_number (finding, "lower"), lower, 1e-9);
  g_assert_cmpfloat_with_epsilon (evidence_number (finding, "upper"), upper, 1e-9);
  g_assert_cmpfloat (evidence_number (finding, "n"), ==, n);
  g_assert_cmpstr (pl_finding_get_title (finding), ==,
                   "Customer satisfaction (CSAT) short of target: Email, September 2026");
  {
    g_autofree char *value = g_strdup_printf ("was %.1f%% in September 2026 (Wilson 95%% interval "
                                              "%.1f%% to %.1f%%, n = %" G_GINT64_FORMAT "), below "
                                              "the 85.0%% target", 100.0 * k / n, lower, upper, n);

    g_assert_nonnull (strstr (pl_finding_get_statement (finding), value));
  }

  /* Judged against the service promise's commitment measured by CSAT
   * (the demo links no standard). */
  g_assert_cmpint (pl_finding_get_commitment_id (finding), ==,
                   query_intf ("SELECT id FROM commitments WHERE kpi_id = %" G_GINT64_FORMAT, kpi_id ("csat")));
  g_assert_cmpstr (pl_finding_get_commitment_text (finding), ==, "Customers rate our service 4 or 5 out of 5");
  g_assert_cmpint (pl_finding_get_standard_id (finding), ==, 0);
  g_assert_null (pl_finding_get_standard_label (finding));

  /* The chart: email CSAT by month, March to September, on September. */
  series = pl_finding_get_series (finding);
  g_assert_nonnull (series);
  g_assert_cmpuint (series->n_points, ==, 7);
  g_assert_cmpstr (series->periods[0], ==, "2026-03-01");
  g_assert_cmpstr (series->periods[6], ==, "2026-09-01");
  g_assert_cmpint (series->focus, ==, 6);
  g_assert_cmpfloat_with_epsilon (series->values[6], 100.0 * k / n, 1e-9);
  g_assert_cmpint (series->sizes[6], ==, n);
  g_assert_true (series->has_target);
  g_assert_cmpfloat (series->target, ==, 85.0);
  g_assert_cmpstr (series->interval_label, ==, "Wilson 95% interval");
  g_assert_nonnull (pl_finding_get_basis (finding));
  g_assert_cmpuint (pl_finding_get_n_figures (finding), >=, 3);
  g_assert_cmpstr (pl_finding_get_figure_label (finding, 0), ==, "September 2026");

  /* Telephone and web chat CSAT are not short of target: their intervals
   * reach the target. */
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE key = 'shortfall:kpi:%" G_GINT64_FORMAT
                               ":channel:%" G_GINT64_FORMAT ":2026-09'", kpi_id ("csat"),
                               channel_id ("telephone")), ==, 0);
  /* A channel that holds all of a KPI's records (speed of answer is
   * telephone only) does not repeat the whole KPI. */
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE key LIKE '%%:kpi:%" G_GINT64_FORMAT
                               ":channel:%%'", kpi_id ("abandonment")), ==, 0);
}

/* NPS in September 2026, planted pattern (f): short of its +40 target,
 * and a fall on the weekly control chart. */
static void
test_nps (void)
{
  g_autofree char *key = g_strdup_printf ("shortfall:kpi:%" G_GINT64_FORMAT ":2026-09", kpi_id ("nps"));
  g_autoptr(PlFinding) shortfall = load (finding_id (key));
  g_autoptr(PlFinding) signal = NULL;
  const PlFindingSeries *series;
  gint64 promoters, detractors, n;
  double pp, pd, nps, margin;

  promoters = query_int ("SELECT SUM (json_extract (answers, '$.\"2\"') >= 9) FROM responses"
                         " WHERE excluded = 0 AND trashed_at IS NULL"
                         "   AND responded_on BETWEEN '2026-09-01' AND '2026-09-30'");
  detractors = query_int ("SELECT SUM (json_extract (answers, '$.\"2\"') <= 6) FROM responses"
                          " WHERE excluded = 0 AND trashed_at IS NULL"
                          "   AND responded_on BETWEEN '2026-09-01' AND '2026-09-30'");
  n = query_int ("SELECT COUNT (json_extract (answers, '$.\"2\"')) FROM responses"
                 " WHERE excluded = 0 AND trashed_at IS NULL"
                 "   AND responded_on BETWEEN '2026-09-01' AND '2026-09-30'");
  /* NPS and its interval from the variance of promoters − detractors:
   * var = (pP + pD − (pP − pD)²)/n (DESIGN.md §6). */
  pp = (double) promoters / n;
  pd = (double) detractors / n;
  nps = 100 * (pp - pd);
  margin = 100 * Z95 * sqrt ((pp + pd - (pp - pd) * (pp - pd)) / n);

  g_assert_cmpfloat_with_epsilon (evidence_number (shortfall, "value"), nps, 1e-9);
  g_assert_cmpfloat_with_epsilon (evidence_number (shortfall, "upper"), nps + margin, 1e-6);
  g_assert_cmpfloat (nps + margin, <, 40);
  g_assert_cmpfloat (evidence_number (shortfall, "n"), ==, n);

  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE kind = 'signal' AND kpi_id = %"
                               G_GINT64_FORMAT, kpi_id ("nps")), ==, 1);
  signal = load (query_intf ("SELECT id FROM findings WHERE kind = 'signal' AND kpi_id = %" G_GINT64_FORMAT,
                             kpi_id ("nps")));
  g_assert_true (g_str_has_prefix (pl_finding_get_key (signal), "signal:kpi:"));
  g_assert_nonnull (strstr (pl_finding_get_key (signal), ":down:2026-09-"));
  g_assert_cmpstr (pl_finding_get_title (signal), ==, "Net Promoter Score: an unusual fall to investigate");
  g_assert_nonnull (strstr (pl_finding_get_statement (signal), "for the worse"));

  series = pl_finding_get_series (signal);
  g_assert_nonnull (series);
  g_assert_true (series->has_limits);
  g_assert_cmpuint (series->n_points, ==, 26);
  g_assert_cmpuint (series->n_signals, >=, 1);
  for (guint i = 0; i < series->n_signals; i++)
    {
      guint point = series->signals[i].index;

      /* Every marked week is in September and below the centre line. */
      g_assert_true (g_str_has_prefix (series->periods[point], "2026-09-"));
      g_assert_cmpfloat (series->values[point], <, series->centre);
    }
}

/* Monday abandonment, planted pattern (c): Mondays fall further behind
 * the other days week by week. The figures are counted here in SQL from
 * the daily metric values (abandoned calls over calls offered). */
/* Abandoned calls as a share of calls offered on Mondays (or the other
 * days), from day @from to before day @to of the data, counted in SQL. */
static double
abandonment (gboolean mondays,
             int      from,
             int      to)
{
  g_autofree char *text =
    query_textf ("SELECT 100.0 * SUM (numerator) / SUM (denominator) FROM metric_values"
                 " WHERE series_id = (SELECT metric_id FROM kpis WHERE code = 'abandonment')"
                 "   AND (strftime ('%%w', period_start) = '1') = %d"
                 "   AND period_start >= date ((SELECT min (period_start) FROM metric_values), '+%d days')"
                 "   AND period_start < date ((SELECT min (period_start) FROM metric_values), '+%d days')",
                 mondays ? 1 : 0, from, to);

  g_assert_nonnull (text);
  return g_ascii_strtod (text, NULL);
}

static void
test_weekday (void)
{
  g_autofree char *key = NULL;
  g_autoptr(PlFinding) finding = NULL;
  const PlFindingSeries *series;
  double monday_first = abandonment (TRUE, 0, 56);
  double monday_last = abandonment (TRUE, 18 * 7, 26 * 7);
  double rest_first = abandonment (FALSE, 0, 56);
  double rest_last = abandonment (FALSE, 18 * 7, 26 * 7);

  propose (NULL);

  /* Every day-of-the-week finding is about Mondays: the one planted. */
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM findings WHERE key LIKE '%:weekday:%'"), >=, 1);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM findings WHERE key LIKE '%:weekday:%'"
                              " AND key NOT LIKE '%:weekday:monday'"), ==, 0);

  key = g_strdup_printf ("signal:kpi:%" G_GINT64_FORMAT ":weekday:monday", kpi_id ("abandonment"));
  finding = load (finding_id (key));
  g_assert_cmpint (pl_finding_get_kind (finding), ==, PL_FINDING_KIND_SIGNAL);
  g_assert_cmpstr (pl_finding_get_title (finding), ==, "Abandonment rate: Mondays falling further behind");
  g_assert_cmpfloat (evidence_number (finding, "p"), <, 0.01 / 7);
  g_assert_cmpfloat (evidence_number (finding, "slope"), >, 0);

  /* The first 8 and last 8 of the 26 weeks: the gap has grown. */
  g_test_message ("Mondays %.2f%% → %.2f%%, other days %.2f%% → %.2f%%",
                  monday_first, monday_last, rest_first, rest_last);
  g_assert_cmpfloat (monday_last - rest_last, >, monday_first - rest_first);
  {
    g_autofree char *expected = g_strdup_printf ("Mondays: %.1f%% in the first 8 weeks, %.1f%% in the "
                                                 "last 8; the other days: %.1f%% and %.1f%%.",
                                                 monday_first, monday_last, rest_first, rest_last);

    g_test_message ("%s", pl_finding_get_statement (finding));
    g_assert_nonnull (strstr (pl_finding_get_statement (finding), expected));
  }

  /* The chart: Mondays' weekly values beside the other days'. */
  series = pl_finding_get_series (finding);
  g_assert_nonnull (series);
  g_assert_cmpuint (series->n_points, ==, 26);
  g_assert_nonnull (series->compare);
  g_assert_cmpstr (series->compare_label, ==, "Other days");
  g_assert_cmpstr (series->periods[0], ==, "2026-03-30");
  g_assert_cmpfloat_with_epsilon (series->values[0], abandonment (TRUE, 0, 7), 1e-9);
  g_assert_cmpfloat_with_epsilon (series->compare[0], abandonment (FALSE, 0, 7), 1e-9);
}

/* First-contact resolution, planted pattern (e): above target in August
 * and September (a metric: counted from every record). */
static void
test_strength (void)
{
  g_autofree char *key = g_strdup_printf ("strength:kpi:%" G_GINT64_FORMAT ":2026-09", kpi_id ("fcr"));
  g_autoptr(PlFinding) finding = load (finding_id (key));
  double september, august;
  g_autofree char *text = NULL;

  text = pl_test_query_text (demo, "SELECT printf ('%.17g', 100.0 * SUM (numerator) / SUM (denominator))"
                                   "  FROM metric_values WHERE series_id = (SELECT metric_id FROM kpis"
                                   "   WHERE code = 'fcr') AND period_start BETWEEN '2026-09-01' AND '2026-09-30'");
  september = g_ascii_strtod (text, NULL);
  g_clear_pointer (&text, g_free);
  text = pl_test_query_text (demo, "SELECT printf ('%.17g', 100.0 * SUM (numerator) / SUM (denominator))"
                                   "  FROM metric_values WHERE series_id = (SELECT metric_id FROM kpis"
                                   "   WHERE code = 'fcr') AND period_start BETWEEN '2026-08-01' AND '2026-08-31'");
  august = g_ascii_strtod (text, NULL);

  g_assert_cmpfloat (september, >, 75);
  g_assert_cmpfloat (august, >, 75);
  g_assert_cmpint (pl_finding_get_kind (finding), ==, PL_FINDING_KIND_STRENGTH);
  g_assert_cmpfloat_with_epsilon (evidence_number (finding, "value"), september, 1e-9);
  g_assert_cmpstr (pl_finding_get_title (finding), ==, "First-contact resolution reliably better than target");
  g_assert_cmpstr (pl_finding_get_commitment_text (finding), ==, "We sort most things out on the first contact");

  /* CES on web chat: both months' t intervals above 5.50. */
  g_clear_pointer (&key, g_free);
  key = g_strdup_printf ("strength:kpi:%" G_GINT64_FORMAT ":channel:%" G_GINT64_FORMAT ":2026-09",
                         kpi_id ("ces"), channel_id ("webchat"));
  g_assert_cmpint (finding_id (key), >, 0);

  /* CSAT overall (about 83%) is neither a shortfall nor a strength. */
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE kpi_id = %" G_GINT64_FORMAT
                               " AND key NOT LIKE '%%:channel:%%' AND kind IN ('shortfall', 'strength')",
                               kpi_id ("csat")), ==, 0);
}

/* Criteria met in full in under 70% of July–September's observations
 * (n ≥ 10), counted here in SQL, are exactly the criterion gaps. */
static void
test_gaps (void)
{
  g_autofree char *expected = NULL;
  g_autofree char *found = NULL;
  g_autofree char *rest = NULL;
  g_autoptr(PlFinding) finding = NULL;
  gint64 priya = query_int ("SELECT id FROM colleagues WHERE code = 'C07'");
  gint64 k1, n1, k2, n2;
  double pooled, z, p;

  expected = pl_test_query_text (demo,
    "SELECT coalesce (group_concat (id, ','), '') FROM ("
    " SELECT s.criterion_id AS id FROM observation_scores s"
    "   JOIN observations o ON o.id = s.observation_id JOIN criteria cr ON cr.id = s.criterion_id"
    "  WHERE s.value IS NOT NULL AND o.excluded = 0 AND o.trashed_at IS NULL"
    "    AND o.observed_on BETWEEN '2026-07-01' AND '2026-09-30'"
    "  GROUP BY s.criterion_id"
    " HAVING COUNT (*) >= 10"
    "    AND 100.0 * SUM (s.value >= CASE cr.scale WHEN 'scale5' THEN 5 ELSE 1 END) / COUNT (*) < 70"
    "  ORDER BY s.criterion_id)");
  found = pl_test_query_text (demo,
    "SELECT coalesce (group_concat (criterion_id, ','), '') FROM ("
    " SELECT criterion_id FROM findings WHERE kind = 'gap' AND key NOT LIKE '%colleague%'"
    "  ORDER BY criterion_id)");
  g_assert_cmpstr (expected, !=, "");
  g_assert_cmpstr (found, ==, expected);

  /* Planted pattern (a): Priya Shah's coaching needs. */
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE kind = 'gap'"
                               " AND key LIKE '%%:colleague:%" G_GINT64_FORMAT ":%%'", priya), >=, 3);

  /* “Explained the bill or tariff clearly”: Priya against the rest of
   * Customer Care, the pooled two-proportion z test worked here. */
  finding = load (query_intf ("SELECT id FROM findings WHERE key = 'gap:criterion:5:colleague:%" G_GINT64_FORMAT
                              ":2026-09'", priya));
#define SCORES \
  " FROM observation_scores s JOIN observations o ON o.id = s.observation_id" \
  " JOIN colleagues c ON c.id = o.colleague_id" \
  " WHERE s.criterion_id = 5 AND s.value IS NOT NULL AND o.excluded = 0 AND o.trashed_at IS NULL" \
  "   AND o.observed_on BETWEEN '2026-07-01' AND '2026-09-30'"
  k1 = query_intf ("SELECT coalesce (SUM (s.value >= 5), 0)" SCORES " AND o.colleague_id = %" G_GINT64_FORMAT, priya);
  n1 = query_intf ("SELECT COUNT (*)" SCORES " AND o.colleague_id = %" G_GINT64_FORMAT, priya);
  k2 = query_intf ("SELECT SUM (s.value >= 5)" SCORES " AND o.colleague_id <> %" G_GINT64_FORMAT
                   " AND c.team_id = (SELECT team_id FROM colleagues WHERE id = %" G_GINT64_FORMAT ")", priya, priya);
  n2 = query_intf ("SELECT COUNT (*)" SCORES " AND o.colleague_id <> %" G_GINT64_FORMAT
                   " AND c.team_id = (SELECT team_id FROM colleagues WHERE id = %" G_GINT64_FORMAT ")", priya, priya);
#undef SCORES
  pooled = (double) (k1 + k2) / (n1 + n2);
  z = ((double) k1 / n1 - (double) k2 / n2) / sqrt (pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
  p = erfc (fabs (z) / G_SQRT2);
  g_assert_cmpfloat (p, <, 0.05);
  g_assert_cmpfloat_with_epsilon (evidence_number (finding, "p"), p, 1e-9);
  g_assert_cmpfloat (evidence_number (finding, "n"), ==, n1);
  g_assert_cmpfloat (evidence_number (finding, "passes"), ==, k1);
  rest = g_strdup_printf ("for the rest of Customer Care");
  g_assert_nonnull (strstr (pl_finding_get_statement (finding), rest));
  g_assert_cmpstr (pl_finding_get_title (finding), ==,
                   "Coaching need for Priya Shah: “Explained the bill or tariff clearly”");
  g_assert_cmpint (pl_finding_get_criterion_id (finding), ==, 5);
}

/* Planted pattern (f): price comments from the price rise; and (d):
 * waiting comes up less after the callback process, so it is not
 * growing. */
static void
test_theme (void)
{
  gint64 price = query_int ("SELECT id FROM themes WHERE name = 'Price'");
  gint64 waiting = query_int ("SELECT id FROM themes WHERE name = 'Waiting / on hold'");
  g_autoptr(PlFinding) finding = NULL;
  gint64 recent, previous;

  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE kind = 'theme' AND theme_id = %"
                               G_GINT64_FORMAT " AND key LIKE 'theme:%%'", waiting), ==, 0);
  finding = load (query_intf ("SELECT id FROM findings WHERE kind = 'theme' AND theme_id = %" G_GINT64_FORMAT,
                              price));
  g_assert_cmpstr (pl_finding_get_title (finding), ==, "Growing theme: Price");
  g_assert_cmpstr (pl_finding_get_key (finding), ==, "theme:4:2026-09");

#define PRICE_CODES(from, to) \
  "SELECT COUNT (*) FROM comment_codes cc LEFT JOIN responses r ON cc.entity = 'response' AND r.id = cc.entity_id" \
  " LEFT JOIN complaints c ON cc.entity = 'complaint' AND c.id = cc.entity_id" \
  " LEFT JOIN observations o ON cc.entity = 'observation' AND o.id = cc.entity_id" \
  " WHERE cc.theme_id = %" G_GINT64_FORMAT \
  "   AND coalesce (r.responded_on, c.received_on, o.observed_on) BETWEEN '" from "' AND '" to "'" \
  "   AND coalesce (r.excluded, c.excluded, o.excluded) = 0"
  recent = query_intf (PRICE_CODES ("2026-08-01", "2026-09-30"), price);
  previous = query_intf (PRICE_CODES ("2026-06-01", "2026-07-31"), price);
#undef PRICE_CODES
  g_assert_cmpint (recent, >=, 5);
  g_assert_cmpint (recent, >, previous);
  g_assert_cmpfloat (evidence_number (finding, "recent_n_coded"), ==, recent);
  g_assert_cmpfloat (evidence_number (finding, "previous_n_coded"), ==, previous);
  g_assert_cmpfloat (evidence_number (finding, "p"), <, 0.05);
  g_assert_cmpuint (pl_finding_get_n_quotes (finding), >=, 1);
  g_assert_cmpuint (pl_finding_get_n_quotes (finding), <=, 3);
  for (guint i = 0; i < pl_finding_get_n_quotes (finding); i++)
    {
      g_autofree char *folded = g_utf8_casefold (pl_finding_get_quote_text (finding, i), -1);

      g_assert_nonnull (strstr (folded, "pric"));
      g_assert_nonnull (strstr (pl_finding_get_quote_detail (finding, i), "2026"));
    }
  g_assert_cmpint (pl_finding_get_standard_id (finding), ==, 0);

  /* Planted pattern (d): waiting is what customers complain about most,
   * counted here over every comment of the period. */
  g_clear_object (&finding);
  finding = load (finding_id ("theme-leading:1"));
  g_assert_cmpint (pl_finding_get_theme_id (finding), ==, waiting);
  g_assert_cmpstr (pl_finding_get_title (finding), ==, "Most common complaint in comments: Waiting / on hold");
  {
    gint64 k = query_intf ("SELECT COUNT (DISTINCT cc.entity || cc.entity_id || ':' || cc.question_id)"
                           "  FROM comment_codes cc"
                           "  LEFT JOIN responses r ON cc.entity = 'response' AND r.id = cc.entity_id"
                           "  LEFT JOIN complaints c ON cc.entity = 'complaint' AND c.id = cc.entity_id"
                           "  LEFT JOIN observations o ON cc.entity = 'observation' AND o.id = cc.entity_id"
                           " WHERE cc.theme_id = %" G_GINT64_FORMAT
                           "   AND coalesce (r.excluded, c.excluded, o.excluded) = 0"
                           "   AND coalesce (r.trashed_at, c.trashed_at, o.trashed_at) IS NULL", waiting);
    gint64 n = query_int ("SELECT (SELECT COUNT (*) FROM responses WHERE excluded = 0 AND trashed_at IS NULL"
                          "         AND trim (coalesce (comment, '')) <> '')"
                          "     + (SELECT COUNT (*) FROM complaints WHERE excluded = 0 AND trashed_at IS NULL"
                          "         AND trim (coalesce (description, '')) <> '')"
                          "     + (SELECT COUNT (*) FROM observations WHERE excluded = 0 AND trashed_at IS NULL"
                          "         AND trim (coalesce (comments, '')) <> '')");

    g_assert_cmpfloat (evidence_number (finding, "n_coded"), ==, k);
    g_assert_cmpfloat (evidence_number (finding, "n_comments"), ==, n);
    g_assert_cmpfloat (evidence_number (finding, "lower"), >, PL_FINDING_LEADING_SHARE);
    g_test_message ("%s", pl_finding_get_statement (finding));
  }
  g_assert_cmpuint (pl_finding_get_n_quotes (finding), >=, 1);
  for (guint i = 0; i < pl_finding_get_n_quotes (finding); i++)
    {
      g_autofree char *folded = g_utf8_casefold (pl_finding_get_quote_text (finding, i), -1);

      g_assert_true (strstr (folded, "wait") != NULL || strstr (folded, "hold") != NULL);
    }
}

/* Running again adds nothing and changes nothing. */
static void
test_rerun (void)
{
  PlFindingCounts counts = { 0 };
  gint64 before = query_int ("SELECT COUNT (*) FROM findings");
  g_autofree char *evidence = query_textf ("SELECT group_concat (evidence, '|') FROM findings");
  g_autofree char *again = NULL;

  propose (&counts);
  g_assert_cmpuint (counts.added, ==, 0);
  g_assert_cmpuint (counts.updated, ==, 0);
  g_assert_cmpuint (counts.withdrawn, ==, 0);
  g_assert_cmpuint (counts.unchanged, ==, before);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM findings"), ==, before);
  g_assert_cmpint (query_int ("SELECT COUNT (DISTINCT key) FROM findings"), ==, before);
  again = query_textf ("SELECT group_concat (evidence, '|') FROM findings");
  g_assert_cmpstr (again, ==, evidence);
}

/* Decisions survive a new run: a rejected finding stays rejected with its
 * reason, a confirmed and edited one keeps the user's words and the
 * evidence it was confirmed on, while proposals take fresh figures and
 * go when the data no longer supports them. */
static void
test_decisions_survive (void)
{
  gint64 leading_before;
  g_autoptr(GError) error = NULL;
  g_autofree char *nps_key = g_strdup_printf ("shortfall:kpi:%" G_GINT64_FORMAT ":2026-09", kpi_id ("nps"));
  g_autofree char *email_key = g_strdup_printf ("shortfall:kpi:%" G_GINT64_FORMAT ":channel:%" G_GINT64_FORMAT
                                                ":2026-09", kpi_id ("csat"), channel_id ("email"));
  g_autofree char *ces_key = g_strdup_printf ("shortfall:kpi:%" G_GINT64_FORMAT ":channel:%" G_GINT64_FORMAT
                                              ":2026-09", kpi_id ("ces"), channel_id ("email"));
  g_autofree char *social_key = g_strdup_printf ("shortfall:kpi:%" G_GINT64_FORMAT ":channel:%" G_GINT64_FORMAT
                                                 ":2026-09", kpi_id ("csat"), channel_id ("social"));
  g_autofree char *email_evidence = NULL;
  g_autofree char *social_evidence = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PlFinding) finding = NULL;
  PlFindingCounts counts = { 0 };
  gint64 nps = finding_id (nps_key);
  gint64 email = finding_id (email_key);

  g_assert_true (pl_finding_reject (demo, nps, "  The September dip follows the price rise, already in the "
                                    "pricing review.  ", &error));
  g_assert_no_error (error);
  g_assert_true (pl_finding_confirm (demo, email, &error));
  g_assert_no_error (error);
  g_assert_true (pl_finding_edit (demo, email, "Email customers are less satisfied",
                                  "Email CSAT is well below target: replies are slow and generic.", 0, &error));
  g_assert_no_error (error);

  finding = load (nps);
  g_assert_cmpint (pl_finding_get_status (finding), ==, PL_FINDING_STATUS_REJECTED);
  g_assert_cmpstr (pl_finding_get_rejection_reason (finding), ==,
                   "The September dip follows the price rise, already in the pricing review.");
  g_assert_nonnull (pl_finding_get_decided_at (finding));
  g_clear_object (&finding);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM audit_log WHERE action = 'reject' AND entity_id = %"
                               G_GINT64_FORMAT, nps), ==, 1);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM audit_log WHERE action = 'edit' AND entity_id = %"
                               G_GINT64_FORMAT, email), ==, 1);

  /* Exclude a tenth of September's email and social responses: the
   * figures change. */
  email_evidence = query_textf ("SELECT evidence FROM findings WHERE id = %" G_GINT64_FORMAT, email);
  social_evidence = query_textf ("SELECT evidence FROM findings WHERE key = '%s'", social_key);
  exec_sql ("UPDATE responses SET excluded = 1, exclusion_reason = 'test-finding'"
            " WHERE responded_on >= '2026-09-01' AND channel_id IN (2, 4) AND id % 10 = 0");
  /* And raise the bar so that email CES is no longer short of target. */
  exec_sql ("UPDATE kpis SET target = 4.5, red_threshold = 4.0 WHERE code = 'ces'");
  g_assert_cmpint (finding_id (ces_key), >, 0);

  propose (&counts);
  g_assert_cmpuint (counts.kept, >=, 2);
  g_assert_cmpuint (counts.updated, >=, 1);
  g_assert_cmpuint (counts.withdrawn, >=, 1);
  g_assert_cmpint (finding_id (ces_key), ==, 0);

  finding = load (nps);
  g_assert_cmpint (pl_finding_get_status (finding), ==, PL_FINDING_STATUS_REJECTED);
  g_assert_cmpstr (pl_finding_get_rejection_reason (finding), ==,
                   "The September dip follows the price rise, already in the pricing review.");
  g_clear_object (&finding);

  finding = load (email);
  g_assert_cmpint (pl_finding_get_status (finding), ==, PL_FINDING_STATUS_CONFIRMED);
  g_assert_cmpstr (pl_finding_get_title (finding), ==, "Email customers are less satisfied");
  g_assert_cmpstr (pl_finding_get_statement (finding), ==,
                   "Email CSAT is well below target: replies are slow and generic.");
  g_assert_cmpstr (pl_finding_get_evidence (finding), ==, email_evidence);
  g_clear_object (&finding);

  /* The social media proposal took the new figures. */
  g_clear_pointer (&text, g_free);
  text = query_textf ("SELECT evidence FROM findings WHERE key = '%s'", social_key);
  g_assert_cmpstr (text, !=, social_evidence);

  /* Put the data back: the CES shortfall is proposed again (and the
   * leading complaint, if the excluded comments had taken it below its
   * threshold). */
  leading_before = query_int ("SELECT COUNT (*) FROM findings WHERE key LIKE 'theme-leading:%'");
  exec_sql ("UPDATE responses SET excluded = 0, exclusion_reason = NULL WHERE exclusion_reason = 'test-finding'");
  exec_sql ("UPDATE kpis SET target = 5.5, red_threshold = 5.0 WHERE code = 'ces'");
  propose (&counts);
  g_assert_cmpint (finding_id (ces_key), >, 0);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM findings WHERE key LIKE 'theme-leading:%'"), ==, 1);
  g_assert_cmpuint (counts.added, ==, 1 + (leading_before == 0));

  /* Reconsidered, the rejected finding is a proposal again; a new run
   * then updates it like any other. */
  g_assert_true (pl_finding_reconsider (demo, nps, &error));
  g_assert_no_error (error);
  finding = load (nps);
  g_assert_cmpint (pl_finding_get_status (finding), ==, PL_FINDING_STATUS_PROPOSED);
  g_assert_null (pl_finding_get_rejection_reason (finding));
  g_assert_null (pl_finding_get_decided_at (finding));
}

/* The standard a finding is judged against: the KPI's own. */
static void
test_standard (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlStandard) standard = pl_standard_new ();
  g_autoptr(PlFinding) finding = NULL;
  g_autofree char *key = g_strdup_printf ("shortfall:kpi:%" G_GINT64_FORMAT ":channel:%" G_GINT64_FORMAT
                                          ":2026-09", kpi_id ("csat"), channel_id ("social"));
  PlFindingCounts counts = { 0 };

  pl_standard_set_kind (standard, PL_STANDARD_KIND_CODE_OF_PRACTICE);
  pl_standard_set_source (standard, "Ofgem");
  pl_standard_set_reference (standard, "SLC 0.3");
  pl_standard_set_title (standard, "Treat customers fairly");
  pl_standard_set_requirement (standard, "Customers are treated fairly in every contact.");
  g_assert_true (pl_standard_save (standard, demo, &error));
  g_assert_no_error (error);
  g_assert_true (pl_standard_link_kpi (demo, kpi_id ("csat"), pl_standard_get_id (standard), &error));
  g_assert_no_error (error);

  propose (&counts);
  g_assert_cmpuint (counts.updated, >=, 1);
  finding = load (finding_id (key));
  g_assert_cmpint (pl_finding_get_standard_id (finding), ==, pl_standard_get_id (standard));
  g_assert_cmpstr (pl_finding_get_standard_label (finding), ==, "Ofgem SLC 0.3 · Treat customers fairly");
  g_clear_object (&finding);

  /* Confirmed findings keep what they were confirmed with. */
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM findings WHERE status = 'confirmed'"
                              " AND standard_id IS NOT NULL"), ==, 0);

  /* A finding can be judged against another standard by hand. */
  g_assert_true (pl_finding_edit (demo, finding_id (key), "Social media CSAT short of target",
                                  "Social media CSAT was below target in September.",
                                  pl_standard_get_id (standard), &error));
  g_assert_no_error (error);
  finding = load (finding_id (key));
  g_assert_cmpint (pl_finding_get_status (finding), ==, PL_FINDING_STATUS_CONFIRMED);
  g_assert_cmpint (pl_finding_get_standard_id (finding), ==, pl_standard_get_id (standard));
}

static void
test_own (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlFinding) own = NULL;
  g_autoptr(GListModel) list = NULL;
  PlFindingFilter filter;
  PlFindingCounts counts = { 0 };
  gint64 id;

  own = pl_finding_create_own (demo, 0, "  Customers praise the hub staff  ",
                               "Face-to-face customers name the hub staff in 12 of 40 comments.", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (own);
  id = pl_finding_get_id (own);
  g_assert_cmpint (pl_finding_get_kind (own), ==, PL_FINDING_KIND_OWN);
  g_assert_cmpint (pl_finding_get_status (own), ==, PL_FINDING_STATUS_CONFIRMED);
  g_assert_cmpstr (pl_finding_get_title (own), ==, "Customers praise the hub staff");
  g_assert_null (pl_finding_get_key (own));
  g_assert_null (pl_finding_get_series (own));
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM audit_log WHERE action = 'create' AND entity = 'finding'"
                               " AND entity_id = %" G_GINT64_FORMAT, id), ==, 1);

  /* A new run leaves it alone. */
  propose (&counts);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE id = %" G_GINT64_FORMAT, id), ==, 1);

  pl_finding_filter_init (&filter);
  filter.kind = PL_FINDING_KIND_OWN;
  list = pl_finding_list (demo, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_clear_object (&list);

  /* By status: the proposals first, by kind. */
  pl_finding_filter_init (&filter);
  filter.status = PL_FINDING_STATUS_PROPOSED;
  list = pl_finding_list (demo, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==,
                    query_int ("SELECT COUNT (*) FROM findings WHERE status = 'proposed'"));
  {
    g_autoptr(PlFinding) first = g_list_model_get_item (list, 0);
    g_autoptr(PlFinding) last = g_list_model_get_item (list, g_list_model_get_n_items (list) - 1);

    g_assert_cmpint (pl_finding_get_kind (first), ==, PL_FINDING_KIND_SHORTFALL);
    g_assert_cmpint (pl_finding_get_kind (last), ==, PL_FINDING_KIND_STRENGTH);
  }

  g_assert_true (pl_finding_delete (demo, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE id = %" G_GINT64_FORMAT, id), ==, 0);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM audit_log WHERE action = 'delete' AND entity = 'finding'"
                               " AND entity_id = %" G_GINT64_FORMAT, id), ==, 1);
}

/* Bad input gives the right error and changes nothing. */
static void
test_failures (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(PlFinding) own = NULL;
  PlFindingOptions options;
  PlFindingCounts counts = { 0 };
  gint64 proposed = query_int ("SELECT id FROM findings WHERE status = 'proposed' ORDER BY id LIMIT 1");
  gint64 audits = query_int ("SELECT COUNT (*) FROM audit_log");
  gint64 rows = query_int ("SELECT COUNT (*) FROM findings");
  const char *snapshot = "SELECT group_concat (id || status || title || coalesce (statement, '')"
                         " || coalesce (rejection_reason, '') || coalesce (standard_id, ''), '|') FROM findings";

  before = pl_test_query_text (demo, snapshot);

  g_assert_false (pl_finding_reject (demo, proposed, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_finding_reject (demo, proposed, " \n\t ", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Say why"));
  g_clear_error (&error);

  g_assert_null (pl_finding_create_own (demo, 0, "   ", "A statement.", 0, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "title"));
  g_clear_error (&error);
  g_assert_null (pl_finding_create_own (demo, 0, "A title", "", 0, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (pl_finding_create_own (demo, 0, "A title", "A statement.", 999999, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (pl_finding_create_own (demo, 999999, "A title", "A statement.", 0, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (pl_finding_edit (demo, proposed, "", "A statement.", 0, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (pl_finding_delete (demo, proposed, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (pl_finding_confirm (demo, 999999, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (pl_finding_propose (demo, 999999, NULL, &counts, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  pl_finding_options_init (&options);
  options.confidence = 1.5;
  g_assert_false (pl_finding_propose (demo, 0, &options, &counts, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  after = pl_test_query_text (demo, snapshot);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM findings"), ==, rows);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM audit_log"), ==, audits);

  /* A rejected finding cannot be edited; an own one not reconsidered. */
  g_assert_true (pl_finding_reject (demo, proposed, "Not a real problem.", &error));
  g_assert_no_error (error);
  g_assert_false (pl_finding_edit (demo, proposed, "A title", "A statement.", 0, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  own = pl_finding_create_own (demo, 0, "A title", "A statement.", 0, &error);
  g_assert_no_error (error);
  g_assert_false (pl_finding_reconsider (demo, pl_finding_get_id (own), &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE id = %" G_GINT64_FORMAT
                               " AND status = 'confirmed'", pl_finding_get_id (own)), ==, 1);
}

/* A review's findings come from its period only and keep to themselves. */
static void
test_review (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  PlFindingFilter filter;
  PlFindingCounts counts = { 0 };
  gint64 review;
  gint64 general = query_int ("SELECT COUNT (*) FROM findings WHERE review_id IS NULL");
  g_autofree char *general_keys = query_textf ("SELECT group_concat (key) FROM findings WHERE review_id IS NULL");
  g_autofree char *keys = NULL;

  exec_sql ("INSERT INTO reviews (title, period_start, period_end, created_at, updated_at)"
            " VALUES ('Summer review', '2026-05-01', '2026-07-31', '2026-08-01T09:00:00Z', '2026-08-01T09:00:00Z')");
  review = query_int ("SELECT max (id) FROM reviews");

  g_assert_true (pl_finding_propose (demo, review, NULL, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.added, >, 0);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE review_id = %" G_GINT64_FORMAT, review),
                   ==, counts.added);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE review_id = %" G_GINT64_FORMAT
                               " AND key NOT LIKE 'review:%" G_GINT64_FORMAT ":%%'", review, review), ==, 0);
  /* Only May to July counts: the latest month is July, and no price
   * comments yet. */
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE review_id = %" G_GINT64_FORMAT
                               " AND (key LIKE '%%2026-08%%' OR key LIKE '%%2026-09%%')", review), ==, 0);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE review_id = %" G_GINT64_FORMAT
                               " AND key LIKE 'review:%%:shortfall:%%:2026-07'", review), >, 0);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE review_id = %" G_GINT64_FORMAT
                               " AND kind = 'theme' AND theme_id = (SELECT id FROM themes WHERE name = 'Price')",
                               review), ==, 0);
  /* Email CSAT was short of target in July too. */
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM findings WHERE key = 'review:%" G_GINT64_FORMAT
                               ":shortfall:kpi:%" G_GINT64_FORMAT ":channel:%" G_GINT64_FORMAT ":2026-07'",
                               review, kpi_id ("csat"), channel_id ("email")), ==, 1);

  /* The findings without a review are as they were. */
  keys = query_textf ("SELECT group_concat (key) FROM findings WHERE review_id IS NULL");
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM findings WHERE review_id IS NULL"), ==, general);
  g_assert_cmpstr (keys, ==, general_keys);

  pl_finding_filter_init (&filter);
  filter.review_id = review;
  list = pl_finding_list (demo, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, counts.added);

  /* A review in the trash cannot have findings proposed. */
  exec_sql ("UPDATE reviews SET trashed_at = '2026-08-02T09:00:00Z' WHERE title = 'Summer review'");
  g_assert_false (pl_finding_propose (demo, review, NULL, &counts, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  PlThemeApplyResult applied;
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/finding/names", test_names);
  g_test_add_func ("/core/finding/counts-describe", test_counts_describe);
  g_test_add_func ("/core/finding/proposes-email-csat", test_email_csat_shortfall);
  g_test_add_func ("/core/finding/proposes-nps", test_nps);
  g_test_add_func ("/core/finding/proposes-weekday", test_weekday);
  g_test_add_func ("/core/finding/proposes-strength", test_strength);
  g_test_add_func ("/core/finding/proposes-gaps", test_gaps);
  g_test_add_func ("/core/finding/proposes-theme", test_theme);
  g_test_add_func ("/core/finding/rerun", test_rerun);
  g_test_add_func ("/core/finding/decisions-survive", test_decisions_survive);
  g_test_add_func ("/core/finding/standard", test_standard);
  g_test_add_func ("/core/finding/own", test_own);
  g_test_add_func ("/core/finding/failures", test_failures);
  g_test_add_func ("/core/finding/review", test_review);

  tmp_dir = g_dir_make_tmp ("plumbline-finding-XXXXXX", &error);
  g_assert_no_error (error);
  demo_path = g_build_filename (tmp_dir, "demo.plumbline", NULL);
  demo = pl_demo_create (demo_path, PL_DEMO_DEFAULT_SEED, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pl_theme_create_starter_codebook (demo, &error));
  g_assert_no_error (error);
  g_assert_true (pl_theme_apply_rules (demo, NULL, &applied, &error));
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
