/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

#include "pl-analysis.h"
#include "pl-error.h"
#include "pl-util.h"

/* How the records are grouped: the public periods, everything together,
 * or before/after a day. */
typedef enum
{
  BUCKET_WEEK = PL_ANALYSIS_WEEK,
  BUCKET_MONTH = PL_ANALYSIS_MONTH,
  BUCKET_QUARTER = PL_ANALYSIS_QUARTER,
  BUCKET_ALL,
  BUCKET_SPLIT,
} Bucket;

#define BUCKET_ALL_KEY "all"
#define BUCKET_BEFORE_KEY "before"
#define BUCKET_AFTER_KEY "after"

static const char * const period_names[] = {
  [PL_ANALYSIS_WEEK] = "week",
  [PL_ANALYSIS_MONTH] = "month",
  [PL_ANALYSIS_QUARTER] = "quarter",
};

static const char * const segment_names[] = {
  [PL_SEGMENT_NONE] = "none",
  [PL_SEGMENT_CHANNEL] = "channel",
  [PL_SEGMENT_TEAM] = "team",
  [PL_SEGMENT_COLLEAGUE] = "colleague",
  [PL_SEGMENT_WEEKDAY] = "weekday",
};

/* The weekday segments, by ISO number 1–7: a stable code and a name. */
static const char * const weekday_codes[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

static const char * const weekday_names[] = {
  N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
  N_("Saturday"), N_("Sunday"),
};

static const char * const method_names[] = {
  [PL_INTERVAL_NONE] = "none",
  [PL_INTERVAL_WILSON] = "wilson",
  [PL_INTERVAL_T] = "t",
  [PL_INTERVAL_NPS] = "nps",
};

/* Names and settings */

const char *
pl_analysis_period_to_string (PlAnalysisPeriod period)
{
  g_return_val_if_fail (period <= PL_ANALYSIS_QUARTER, NULL);
  return period_names[period];
}

gboolean
pl_analysis_period_from_string (const char       *text,
                                PlAnalysisPeriod *out)
{
  int i = pl_names_index (period_names, G_N_ELEMENTS (period_names), text);

  if (i < 0)
    return FALSE;
  if (out != NULL)
    *out = (PlAnalysisPeriod) i;
  return TRUE;
}

const char *
pl_segment_kind_to_string (PlSegmentKind kind)
{
  g_return_val_if_fail (kind <= PL_SEGMENT_WEEKDAY, NULL);
  return segment_names[kind];
}

gboolean
pl_segment_kind_from_string (const char    *text,
                             PlSegmentKind *out)
{
  int i = pl_names_index (segment_names, G_N_ELEMENTS (segment_names), text);

  if (i < 0)
    return FALSE;
  if (out != NULL)
    *out = (PlSegmentKind) i;
  return TRUE;
}

const char *
pl_interval_method_to_string (PlIntervalMethod method)
{
  g_return_val_if_fail (method <= PL_INTERVAL_NPS, NULL);
  return method_names[method];
}

/* 0.95 → "95", 0.975 → "97.5". */
static char *
format_level (double confidence)
{
  g_autofree char *text = g_strdup_printf ("%.3f", confidence * 100);
  char *end = text + strlen (text) - 1;

  while (end > text && *end == '0')
    *end-- = '\0';
  if (end > text && !g_ascii_isdigit (*end))
    *end = '\0';

  return g_steal_pointer (&text);
}

char *
pl_interval_method_label (PlIntervalMethod method,
                          double           confidence)
{
  g_autofree char *level = format_level (confidence);

  switch (method)
    {
    case PL_INTERVAL_WILSON:
      /* Translators: %s is the confidence level, "95" */
      return g_strdup_printf (_("Wilson %s%% interval"), level);
    case PL_INTERVAL_T:
      /* Translators: %s is the confidence level, "95" */
      return g_strdup_printf (_("t %s%% interval"), level);
    case PL_INTERVAL_NPS:
      /* Translators: %s is the confidence level, "95" */
      return g_strdup_printf (_("NPS %s%% interval"), level);
    case PL_INTERVAL_NONE:
    default:
      return g_strdup (_("No interval"));
    }
}

char *
pl_analysis_period_label (PlAnalysisPeriod  period,
                          const char       *period_start)
{
  GDate date;
  char buf[64];

  g_return_val_if_fail (period_start != NULL, NULL);

  if (!pl_date_parse_iso (period_start, &date))
    return g_strdup (period_start);

  switch (period)
    {
    case PL_ANALYSIS_MONTH:
      if (g_date_strftime (buf, sizeof buf, "%B %Y", &date) == 0)
        return g_strdup (period_start);
      return g_strdup (buf);

    case PL_ANALYSIS_QUARTER:
      {
        g_autofree char *quarter = g_strdup_printf ("%d", (g_date_get_month (&date) - 1) / 3 + 1);
        g_autofree char *year = g_strdup_printf ("%d", g_date_get_year (&date));

        /* Translators: a calendar quarter, "Q3 2026": the quarter's number, then the year */
        return g_strdup_printf (_("Q%s %s"), quarter, year);
      }

    case PL_ANALYSIS_WEEK:
    default:
      {
        g_autofree char *day = pl_date_format_short (period_start);

        /* Translators: %s is the week's Monday, "6 Jul 2026" */
        return g_strdup_printf (_("the week of %s"), day);
      }
    }
}

void
pl_analysis_options_init (PlAnalysisOptions *options)
{
  g_return_if_fail (options != NULL);

  options->period = PL_ANALYSIS_WEEK;
  options->segment = PL_SEGMENT_NONE;
  options->confidence = 0.95;
  options->margin = NAN;
  options->min_sample = 0;
}

/* The options with the workspace's settings filled in and checked. */
typedef struct
{
  PlAnalysisPeriod period;
  PlSegmentKind segment;
  double confidence;
  double margin_points;       /* per 100 of the KPI's range */
  gint64 min_sample;
} Settings;

static gboolean
read_settings (PlWorkspace              *workspace,
               const PlAnalysisOptions  *options,
               Settings                 *out,
               GError                  **error)
{
  PlAnalysisOptions defaults;

  if (options == NULL)
    {
      pl_analysis_options_init (&defaults);
      options = &defaults;
    }

  if (options->period > PL_ANALYSIS_QUARTER)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The period must be a week, a month or a quarter."));
      return FALSE;
    }
  if (options->segment > PL_SEGMENT_WEEKDAY)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Figures can be split by channel, team, colleague or day of the "
                             "week only."));
      return FALSE;
    }
  if (!(options->confidence >= 0.5 && options->confidence <= 0.999))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The confidence level must be between 50% and 99.9%."));
      return FALSE;
    }

  out->period = options->period;
  out->segment = options->segment;
  out->confidence = options->confidence;

  out->margin_points = options->margin;
  if (isnan (out->margin_points))
    {
      g_autofree char *text = pl_workspace_get_setting (workspace, "analysis_margin");

      out->margin_points = PL_ANALYSIS_DEFAULT_MARGIN;
      if (text != NULL)
        {
          char *end = NULL;
          double value = g_ascii_strtod (text, &end);

          if (end == text || *g_strchug (end) != '\0' || !isfinite (value))
            value = -1;
          if (!(value >= 0.1 && value <= 50))
            {
              g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The workspace’s analysis margin (“%s”) must be a number of "
                             "points from 0.1 to 50. Change it in Workspace Settings, in the main menu."),
                           text);
              return FALSE;
            }
          out->margin_points = value;
        }
    }
  else if (!(out->margin_points >= 0.1 && out->margin_points <= 50))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The margin must be from 0.1 to 50 points."));
      return FALSE;
    }

  out->min_sample = options->min_sample;
  if (out->min_sample <= 0)
    {
      g_autofree char *text = pl_workspace_get_setting (workspace, "analysis_min_sample");
      guint64 value = PL_ANALYSIS_DEFAULT_MIN_SAMPLE;

      if (text != NULL &&
          !g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, 100000, &value, NULL))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The workspace’s smallest sample (“%s”) must be a whole number "
                         "from 1 to 100000. Change it in Workspace Settings, in the main menu."),
                       text);
          return FALSE;
        }
      out->min_sample = (gint64) value;
    }

  return TRUE;
}

/* What the engine needs to know about a KPI. */
typedef struct
{
  PlKpi *kpi;
  PlKpiSource source;
  PlKpiCalc calc;
  PlIntervalMethod method;
  char aggregation[8];        /* metric: "mean", "sum" or "ratio" */
  double scale;               /* metric ratio */
  double range;               /* of the KPI's scale, for the margin; NaN: none */
  double scale_low;           /* a t interval stays within the scale: 0–100 for */
  double scale_high;          /* the QA score, the question's scale for a mean */
  double top_box_min;
} KpiInfo;

static gboolean
kpi_info_init (PlWorkspace  *workspace,
               PlKpi        *kpi,
               KpiInfo      *info,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!pl_kpi_validate (kpi, error))
    return FALSE;

  memset (info, 0, sizeof *info);
  info->kpi = kpi;
  info->source = pl_kpi_get_source (kpi);
  info->calc = pl_kpi_get_calc (kpi);
  info->top_box_min = pl_kpi_get_top_box_min (kpi);
  info->scale = 1;
  info->range = NAN;
  info->scale_low = -INFINITY;
  info->scale_high = INFINITY;
  g_strlcpy (info->aggregation, "mean", sizeof info->aggregation);

  switch (info->calc)
    {
    case PL_KPI_CALC_TOP_BOX:
    case PL_KPI_CALC_WITHIN_PROMISE:
      info->method = PL_INTERVAL_WILSON;
      info->range = 100;
      break;
    case PL_KPI_CALC_NPS:
      info->method = PL_INTERVAL_NPS;
      info->range = 200;
      break;
    case PL_KPI_CALC_SCORE:
      info->method = PL_INTERVAL_T;
      info->range = 100;
      info->scale_low = 0;
      info->scale_high = 100;
      break;
    case PL_KPI_CALC_MEAN:
      info->method = PL_INTERVAL_T;
      stmt = pl_workspace_prepare (workspace,
                                   "SELECT scale_min, scale_max FROM questions WHERE id = ?",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, pl_kpi_get_question_id (kpi));
      if (sqlite3_step (stmt) == SQLITE_ROW &&
          sqlite3_column_type (stmt, 0) != SQLITE_NULL &&
          sqlite3_column_type (stmt, 1) != SQLITE_NULL &&
          sqlite3_column_double (stmt, 1) > sqlite3_column_double (stmt, 0))
        {
          info->scale_low = sqlite3_column_double (stmt, 0);
          info->scale_high = sqlite3_column_double (stmt, 1);
          info->range = info->scale_high - info->scale_low;
        }
      break;
    case PL_KPI_CALC_METRIC:
    default:
      info->method = PL_INTERVAL_NONE;
      break;
    }

  if (info->source == PL_KPI_SOURCE_METRIC)
    {
      int rc;

      info->method = PL_INTERVAL_NONE;
      info->range = NAN;
      g_clear_pointer (&stmt, sqlite3_finalize);
      stmt = pl_workspace_prepare (workspace,
                                   "SELECT aggregation, scale FROM metric_series WHERE id = ?",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, pl_kpi_get_metric_id (kpi));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("The operational metric this KPI is calculated from is not "
                                 "in the workspace. Edit the KPI and choose another metric."));
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        {
          pl_workspace_set_db_error (workspace, error, _("The KPI could not be analysed"));
          return FALSE;
        }
      g_strlcpy (info->aggregation, pl_column_text (stmt, 0), sizeof info->aggregation);
      info->scale = sqlite3_column_double (stmt, 1);
    }

  return TRUE;
}

/* Queries
 *
 * Each returns one row per record (per group for metrics):
 * (p: the day, s: the segment id or NULL, a, b), with {P} and {S}
 * replaced by the day column and the segment expression. Metrics group in
 * SQL, so their {P} is the bucket itself. The record selection is
 * pl-kpi.c's, word for word where it can be:
 *   survey      survey_pass_sql, one pass per survey for all its KPIs:
 *               the answer to each question they read
 *   scorecard   a = the observation's score
 *   complaints  a = kept its promise, b = judged (resolved, or overdue)
 *   metric      ratio: a = Σ numerator, b = Σ denominator;
 *               mean and sum: a = Σ value, b = the number of values
 *
 * A survey's answers: {S} as above, then one json_extract per question,
 * each path bound as a parameter from ?2 on. Only numeric answers count. */

static const char survey_pass_sql[] =
  "SELECT r.responded_on, {S}{A}"
  "  FROM responses r"
  " WHERE r.survey_id = ?1 AND r.excluded = 0 AND r.trashed_at IS NULL";

static const char score_sql[] =
  "WITH RECURSIVE"
  "  up (id, parent_id) AS ("
  "    SELECT id, parent_id FROM scorecards WHERE id = ?1"
  "    UNION SELECT s.id, s.parent_id FROM scorecards s JOIN up ON s.id = up.parent_id),"
  "  family (id) AS ("
  "    SELECT ?1"
  "    UNION SELECT id FROM up WHERE parent_id IS NULL"
  "    UNION SELECT s.id FROM scorecards s JOIN family ON s.parent_id = family.id)"
  "SELECT {P}, {S}, o.score, NULL"
  "  FROM observations o"
  " WHERE o.scorecard_id IN (SELECT id FROM family) AND o.score IS NOT NULL"
  "   AND o.excluded = 0 AND o.trashed_at IS NULL";

static const char complaints_sql[] =
  "WITH c AS ("
  "    SELECT received_on, resolved_on, promised_days, channel_id, colleague_id"
  "      FROM complaints"
  "     WHERE excluded = 0 AND trashed_at IS NULL),"
  "  as_of (day) AS ("
  "    SELECT max (COALESCE ((SELECT max (date (received_on)) FROM c), ''),"
  "                COALESCE ((SELECT max (date (resolved_on)) FROM c), '')))"
  "SELECT {P}, {S},"
  "       c.resolved_on IS NOT NULL"
  "         AND julianday (date (c.resolved_on)) - julianday (date (c.received_on))"
  "             <= c.promised_days,"
  "       c.resolved_on IS NOT NULL"
  "         OR julianday (date (c.received_on)) + c.promised_days"
  "            < julianday (as_of.day)"
  "  FROM c, as_of";

static const char metric_ratio_sql[] =
  "SELECT p, s, SUM (numerator), SUM (denominator) FROM ("
  "  SELECT {P} AS p, {S} AS s, numerator, denominator"
  "    FROM metric_values"
  "   WHERE series_id = ?1 AND numerator IS NOT NULL AND denominator IS NOT NULL)"
  " WHERE p IS NOT NULL"
  " GROUP BY p, s";

static const char metric_value_sql[] =
  "SELECT p, s, SUM (value), COUNT (value) FROM ("
  "  SELECT {P} AS p, {S} AS s, value"
  "    FROM metric_values"
  "   WHERE series_id = ?1 AND value IS NOT NULL)"
  " WHERE p IS NOT NULL"
  " GROUP BY p, s";

/* The day column of each source, and its segment columns. */
static const char *
day_column (PlKpiSource source)
{
  switch (source)
    {
    case PL_KPI_SOURCE_SURVEY:
      return "r.responded_on";
    case PL_KPI_SOURCE_SCORECARD:
      return "o.observed_on";
    case PL_KPI_SOURCE_COMPLAINTS:
      return "c.received_on";
    case PL_KPI_SOURCE_METRIC:
    default:
      return "period_start";
    }
}

static gboolean
segment_sql (PlKpiSource    source,
             PlSegmentKind  kind,
             const char   **out)
{
  /* WEEKDAY: a record's weekday is worked out in C with its period
   * (grouping_day()), so its column is NULL; a metric groups in SQL, so
   * its weekday is SQLite's, and only for a value of one day (a week's or
   * a month's value has no weekday). ISO numbers: Monday 1 to Sunday 7. */
  static const char * const columns[][5] = {
    /* NONE, CHANNEL, TEAM, COLLEAGUE, WEEKDAY */
    [PL_KPI_SOURCE_SURVEY] = {
      "NULL", "r.channel_id",
      "(SELECT team_id FROM colleagues WHERE id = r.colleague_id)", "r.colleague_id", "NULL" },
    [PL_KPI_SOURCE_SCORECARD] = {
      "NULL", "o.channel_id",
      "(SELECT team_id FROM colleagues WHERE id = o.colleague_id)", "o.colleague_id", "NULL" },
    [PL_KPI_SOURCE_COMPLAINTS] = {
      "NULL", "c.channel_id",
      "(SELECT team_id FROM colleagues WHERE id = c.colleague_id)", "c.colleague_id", "NULL" },
    [PL_KPI_SOURCE_METRIC] = {
      "NULL", "channel_id", "team_id", NULL,
      "CASE WHEN period = 'day'"
      " THEN (CAST (strftime ('%w', period_start) AS INTEGER) + 6) % 7 + 1 END" },
  };

  *out = columns[source][kind];
  return *out != NULL;
}

/* Weeks and months as pl-kpi.c's period modifiers; quarters go back to
 * the first of January, April, July or October. For metrics, and for the
 * days plain_day_bucket() leaves to SQLite. */
static char *
bucket_sql (Bucket      bucket,
            const char *column,
            const char *split_day)
{
  switch (bucket)
    {
    case BUCKET_WEEK:
      return g_strdup_printf ("date (%s, 'weekday 0', '-6 days')", column);
    case BUCKET_MONTH:
      return g_strdup_printf ("date (%s, 'start of month', '+0 days')", column);
    case BUCKET_QUARTER:
      return g_strdup_printf ("date (%s, 'start of month', '-' || "
                              "((CAST (strftime ('%%m', %s) AS INTEGER) + 2) %% 3) || ' months')",
                              column, column);
    case BUCKET_ALL:
      return g_strdup_printf ("CASE WHEN date (%s) IS NOT NULL THEN '" BUCKET_ALL_KEY "' END",
                              column);
    case BUCKET_SPLIT:
    default:
      /* split_day is a checked "YYYY-MM-DD". */
      return g_strdup_printf ("CASE WHEN date (%s) IS NULL THEN NULL"
                              " WHEN date (%s) < '%s' THEN '" BUCKET_BEFORE_KEY "'"
                              " ELSE '" BUCKET_AFTER_KEY "' END",
                              column, column, split_day);
    }
}

/* A plain "YYYY-MM-DD" that is a real day: its bucket, exactly as
 * bucket_sql() has SQLite work it out (weeks from Monday). FALSE for any
 * other text ("2026-02-30", a moment with a time zone, a Julian day
 * number), which SQLite reads in its own way. */
static gboolean
plain_day_bucket (Bucket      bucket,
                  const char *split_day,
                  const char *text,
                  char        out[11],
                  guint      *weekday)
{
  guint year, month, day;
  GDate date;

  for (guint i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? text[i] != '-' : !g_ascii_isdigit (text[i]))
      return FALSE;
  if (text[10] != '\0')
    return FALSE;

  year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  month = (text[5] - '0') * 10 + (text[6] - '0');
  day = (text[8] - '0') * 10 + (text[9] - '0');
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  /* GDateWeekday is ISO's: Monday 1 to Sunday 7. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  *weekday = g_date_get_weekday (&date);

  switch (bucket)
    {
    case BUCKET_WEEK:
      /* Year 1 starts on a Monday: no week starts before it. */
      g_date_subtract_days (&date, g_date_get_weekday (&date) - G_DATE_MONDAY);
      g_snprintf (out, 11, "%04u-%02u-%02u", (guint) g_date_get_year (&date),
                  (guint) g_date_get_month (&date), (guint) g_date_get_day (&date));
      break;
    case BUCKET_MONTH:
      g_snprintf (out, 11, "%04u-%02u-01", year, month);
      break;
    case BUCKET_QUARTER:
      g_snprintf (out, 11, "%04u-%02u-01", year, (month - 1) / 3 * 3 + 1);
      break;
    case BUCKET_ALL:
      g_strlcpy (out, BUCKET_ALL_KEY, 11);
      break;
    case BUCKET_SPLIT:
    default:
      g_strlcpy (out, strcmp (text, split_day) < 0 ? BUCKET_BEFORE_KEY : BUCKET_AFTER_KEY, 11);
      break;
    }

  return TRUE;
}

/* Periods and segments
 *
 * A record's period is worked out once per distinct day; its
 * accumulator is found by slot, a number for each (period, segment)
 * pair met, through arrays: periods and segments are numbered as they
 * come. */

#define NO_PERIOD (-1)
#define PERIOD_ERROR (-2)
#define SMALL_SEGMENT_IDS 65536

typedef struct
{
  char start[11];             /* the bucket: "2026-07-06", "all", "before" */
  GArray *slots;              /* of guint, by segment number: slot + 1 */
} Period;

typedef struct
{
  guint period;
  gint64 segment_id;
} Slot;

typedef struct
{
  PlWorkspace *workspace;
  Bucket bucket;
  const char *split_day;
  sqlite3_stmt *odd_day;      /* the bucket of ?1, by SQLite */
  GHashTable *days;           /* day text → (period + 2) × 8 + weekday; period + 2 is 1
                               * for none, weekday 1–7 (ISO), 0 for none */
  GHashTable *starts;         /* Period.start → period + 1 */
  GPtrArray *periods;         /* of Period* */
  GArray *small_segments;     /* of guint, by id: segment number + 1 */
  GHashTable *segments;       /* the other ids: gint64* → segment number + 1 */
  guint n_segments;
  GArray *slots;              /* of Slot */
} Grouping;

static void
period_free (Period *period)
{
  g_array_unref (period->slots);
  g_free (period);
}

static void
grouping_init (Grouping    *grouping,
               PlWorkspace *workspace,
               Bucket       bucket,
               const char  *split_day)
{
  memset (grouping, 0, sizeof *grouping);
  grouping->workspace = workspace;
  grouping->bucket = bucket;
  grouping->split_day = split_day;
  grouping->days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  grouping->starts = g_hash_table_new (g_str_hash, g_str_equal);
  grouping->periods = g_ptr_array_new_with_free_func ((GDestroyNotify) period_free);
  grouping->small_segments = g_array_new (FALSE, TRUE, sizeof (guint));
  grouping->segments = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  grouping->slots = g_array_new (FALSE, FALSE, sizeof (Slot));
}

static void
grouping_clear (Grouping *grouping)
{
  g_clear_pointer (&grouping->odd_day, sqlite3_finalize);
  g_clear_pointer (&grouping->days, g_hash_table_unref);
  g_clear_pointer (&grouping->starts, g_hash_table_unref);
  g_clear_pointer (&grouping->periods, g_ptr_array_unref);
  g_clear_pointer (&grouping->small_segments, g_array_unref);
  g_clear_pointer (&grouping->segments, g_hash_table_unref);
  g_clear_pointer (&grouping->slots, g_array_unref);
}

/* The period of the bucket @start; NO_PERIOD for none. */
static int
grouping_period (Grouping   *grouping,
                 const char *start)
{
  guint index;

  if (start == NULL || strlen (start) > 10)
    return NO_PERIOD;

  index = GPOINTER_TO_UINT (g_hash_table_lookup (grouping->starts, start));
  if (index == 0)
    {
      Period *period = g_new0 (Period, 1);

      g_strlcpy (period->start, start, sizeof period->start);
      period->slots = g_array_new (FALSE, TRUE, sizeof (guint));
      g_ptr_array_add (grouping->periods, period);
      index = grouping->periods->len;
      g_hash_table_insert (grouping->starts, period->start, GUINT_TO_POINTER (index));
    }

  return (int) index - 1;
}

/* A day plain_day_bucket() does not read: SQLite's bucket and weekday
 * (0 when SQLite reads no day in it) for it. */
static int
grouping_odd_day (Grouping       *grouping,
                  sqlite3_value  *day,
                  guint          *weekday,
                  GError        **error)
{
  int period;

  if (grouping->odd_day == NULL)
    {
      g_autofree char *bucket = bucket_sql (grouping->bucket, "?1", grouping->split_day);
      g_autofree char *sql = g_strconcat ("SELECT ", bucket,
                                          ", (CAST (strftime ('%w', ?1) AS INTEGER) + 6) % 7 + 1",
                                          NULL);

      grouping->odd_day = pl_workspace_prepare (grouping->workspace, sql, error);
      if (grouping->odd_day == NULL)
        return PERIOD_ERROR;
    }

  sqlite3_bind_value (grouping->odd_day, 1, day);
  if (sqlite3_step (grouping->odd_day) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (grouping->workspace, error, _("The KPI could not be analysed"));
      sqlite3_reset (grouping->odd_day);
      return PERIOD_ERROR;
    }
  period = grouping_period (grouping, (const char *) sqlite3_column_text (grouping->odd_day, 0));
  *weekday = sqlite3_column_type (grouping->odd_day, 1) == SQLITE_NULL
             ? 0 : (guint) sqlite3_column_int (grouping->odd_day, 1);
  sqlite3_reset (grouping->odd_day);

  return period;
}

/* The period of the day in @column of @stmt's row, and in @weekday its
 * ISO weekday (Monday 1 to Sunday 7; 0 without a day). */
static int
grouping_day (Grouping      *grouping,
              sqlite3_stmt  *stmt,
              int            column,
              guint         *weekday,
              GError       **error)
{
  const char *day;
  char start[11];
  guint found;
  int period;

  *weekday = 0;
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      return NO_PERIOD;
    case SQLITE_TEXT:
      break;
    default:
      return grouping_odd_day (grouping, sqlite3_column_value (stmt, column), weekday, error);
    }

  day = (const char *) sqlite3_column_text (stmt, column);
  found = GPOINTER_TO_UINT (g_hash_table_lookup (grouping->days, day));
  if (found != 0)
    {
      *weekday = found % 8;
      return (int) (found / 8) - 2;
    }

  if (plain_day_bucket (grouping->bucket, grouping->split_day, day, start, weekday))
    period = grouping_period (grouping, start);
  else
    period = grouping_odd_day (grouping, sqlite3_column_value (stmt, column), weekday, error);
  if (period == PERIOD_ERROR)
    return PERIOD_ERROR;

  g_hash_table_insert (grouping->days, g_strdup (day),
                       GUINT_TO_POINTER ((guint) (period + 2) * 8 + *weekday));
  return period;
}

static guint
grouping_segment (Grouping *grouping,
                  gint64    segment_id)
{
  guint *number;

  if (segment_id >= 0 && segment_id < SMALL_SEGMENT_IDS)
    {
      if ((guint) segment_id >= grouping->small_segments->len)
        g_array_set_size (grouping->small_segments, (guint) segment_id + 1);
      number = &g_array_index (grouping->small_segments, guint, segment_id);
      if (*number == 0)
        *number = ++grouping->n_segments;
      return *number - 1;
    }
  else
    {
      guint found = GPOINTER_TO_UINT (g_hash_table_lookup (grouping->segments, &segment_id));

      if (found == 0)
        {
          found = ++grouping->n_segments;
          g_hash_table_insert (grouping->segments, g_memdup2 (&segment_id, sizeof segment_id),
                               GUINT_TO_POINTER (found));
        }
      return found - 1;
    }
}

/* The slot of @segment_id (0: the whole KPI) in @period. */
static guint
grouping_slot (Grouping *grouping,
               int       period,
               gint64    segment_id)
{
  Period *p = g_ptr_array_index (grouping->periods, period);
  guint number = grouping_segment (grouping, segment_id);
  guint *slot;

  if (number >= p->slots->len)
    g_array_set_size (p->slots, number + 1);
  slot = &g_array_index (p->slots, guint, number);
  if (*slot == 0)
    {
      Slot info = { (guint) period, segment_id };

      g_array_append_val (grouping->slots, info);
      *slot = grouping->slots->len;
    }

  return *slot - 1;
}

/* Accumulating */

typedef struct
{
  char bucket[11];
  gint64 segment_id;
  gint64 n;
  gint64 k;                   /* top box, kept, promoters */
  gint64 d;                   /* detractors */
  gint64 unjudged;            /* complaints not yet judged */
  double sum;
  double mean;                /* Welford's running mean and sum of squares */
  double m2;
  double numerator;
  double denominator;
} Acc;

/* A KPI's sums, by slot of the grouping they were collected with. A slot
 * the KPI had no record in stays empty (n 0), which gives no figure. */
typedef struct
{
  GArray *accs;
} Table;

static void
table_init (Table *table)
{
  table->accs = g_array_new (FALSE, TRUE, sizeof (Acc));
}

static void
table_clear (Table *table)
{
  g_clear_pointer (&table->accs, g_array_unref);
}

static Acc *
table_acc (Table          *table,
           const Grouping *grouping,
           guint           slot)
{
  if (slot >= table->accs->len)
    {
      guint old = table->accs->len;

      g_array_set_size (table->accs, grouping->slots->len);
      for (guint i = old; i < table->accs->len; i++)
        {
          Acc *acc = &g_array_index (table->accs, Acc, i);
          const Slot *info = &g_array_index (grouping->slots, Slot, i);
          const Period *period = g_ptr_array_index (grouping->periods, info->period);

          g_strlcpy (acc->bucket, period->start, sizeof acc->bucket);
          acc->segment_id = info->segment_id;
        }
    }

  return &g_array_index (table->accs, Acc, slot);
}

static void
acc_add (const KpiInfo *info,
         Acc           *acc,
         double         a,
         double         b)
{
  switch (info->source)
    {
    case PL_KPI_SOURCE_SURVEY:
    case PL_KPI_SOURCE_SCORECARD:
      {
        double delta = a - acc->mean;

        acc->n++;
        acc->sum += a;
        acc->mean += delta / acc->n;
        acc->m2 += delta * (a - acc->mean);
        if (info->calc == PL_KPI_CALC_TOP_BOX)
          acc->k += a >= info->top_box_min;
        else if (info->calc == PL_KPI_CALC_NPS)
          {
            acc->k += a >= 9;
            acc->d += a <= 6;
          }
      }
      break;

    case PL_KPI_SOURCE_COMPLAINTS:
      if (b != 0)
        {
          acc->n++;
          acc->k += a != 0;
        }
      else
        acc->unjudged++;
      break;

    case PL_KPI_SOURCE_METRIC:
    default:
      if (strcmp (info->aggregation, "ratio") == 0)
        {
          acc->numerator += a;
          acc->denominator += b;
        }
      else
        {
          acc->sum += a;
          acc->n += (gint64) llround (b);
        }
      break;
    }
}

/* The segment of @stmt's row: its column 1, or for weekdays worked out in
 * C (the column is NULL) the day's @weekday; 0: none. */
static gint64
record_segment (sqlite3_stmt  *stmt,
                PlSegmentKind  segment,
                guint          weekday)
{
  if (segment == PL_SEGMENT_NONE)
    return 0;
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    return sqlite3_column_int64 (stmt, 1);
  return segment == PL_SEGMENT_WEEKDAY ? weekday : 0;
}

/* One pass over a survey's responses for the KPIs @which (indexes into
 * @infos and @tables), which all read it: each response adds its answer
 * to every one of them that it answered with a number. */
static gboolean
collect_survey (PlWorkspace    *workspace,
                gint64          survey_id,
                const KpiInfo  *infos,
                Table          *tables,
                GArray         *which,
                PlSegmentKind   segment,
                Grouping       *grouping,
                GError        **error)
{
  g_autoptr(GString) sql = g_string_new (survey_pass_sql);
  g_autoptr(GString) answers = g_string_new (NULL);
  g_autoptr(GArray) questions = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree int *columns = g_new (int, which->len);
  const char *segment_expr;
  int rc;

  segment_sql (PL_KPI_SOURCE_SURVEY, segment, &segment_expr);

  /* One column per question, however many KPIs read it. */
  for (guint i = 0; i < which->len; i++)
    {
      gint64 question_id = pl_kpi_get_question_id (infos[g_array_index (which, guint, i)].kpi);
      guint q = 0;

      while (q < questions->len && g_array_index (questions, gint64, q) != question_id)
        q++;
      if (q == questions->len)
        {
          g_array_append_val (questions, question_id);
          g_string_append_printf (answers, ", json_extract (r.answers, ?%u)", q + 2);
        }
      columns[i] = 2 + (int) q;
    }

  g_string_replace (sql, "{S}", segment_expr, 0);
  g_string_replace (sql, "{A}", answers->str, 0);
  stmt = pl_workspace_prepare (workspace, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, survey_id);
  for (guint q = 0; q < questions->len; q++)
    {
      /* The answers are a JSON object keyed by the question's id. */
      g_autofree char *path = g_strdup_printf ("$.\"%" G_GINT64_FORMAT "\"",
                                               g_array_index (questions, gint64, q));

      sqlite3_bind_text (stmt, (int) q + 2, path, -1, SQLITE_TRANSIENT);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean placed = FALSE;
      gboolean segmented = FALSE;
      guint whole = 0, part = 0;
      guint weekday;

      for (guint i = 0; i < which->len; i++)
        {
          guint k = g_array_index (which, guint, i);
          int type = sqlite3_column_type (stmt, columns[i]);
          double a;

          if (type != SQLITE_INTEGER && type != SQLITE_FLOAT)
            continue;
          a = sqlite3_column_double (stmt, columns[i]);
          if (!isfinite (a))
            continue;

          if (!placed)
            {
              int period = grouping_day (grouping, stmt, 0, &weekday, error);
              gint64 segment_id = record_segment (stmt, segment, weekday);

              if (period == PERIOD_ERROR)
                return FALSE;
              if (period == NO_PERIOD)
                break;
              placed = TRUE;
              whole = grouping_slot (grouping, period, 0);
              segmented = segment_id != 0;
              if (segmented)
                part = grouping_slot (grouping, period, segment_id);
            }

          acc_add (&infos[k], table_acc (&tables[k], grouping, whole), a, 0);
          if (segmented)
            acc_add (&infos[k], table_acc (&tables[k], grouping, part), a, 0);
        }
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The KPI could not be analysed"));
      return FALSE;
    }

  return TRUE;
}

/* Runs a scorecard, complaints or metric KPI's query and adds every row
 * to @table: to the whole KPI (segment 0) and, when it has one, to its
 * segment. */
static gboolean
collect_one (PlWorkspace    *workspace,
             const KpiInfo  *info,
             Table          *table,
             PlSegmentKind   segment,
             Grouping       *grouping,
             GError        **error)
{
  g_autoptr(GString) sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *bucket_expr = NULL;
  const char *segment_expr;
  const char *template;
  gboolean grouped = info->source == PL_KPI_SOURCE_METRIC;
  gint64 source_id;
  int rc;

  if (!segment_sql (info->source, segment, &segment_expr))
    segment_expr = "NULL";

  switch (info->source)
    {
    case PL_KPI_SOURCE_SCORECARD:
      template = score_sql;
      source_id = pl_kpi_get_scorecard_id (info->kpi);
      break;
    case PL_KPI_SOURCE_COMPLAINTS:
      template = complaints_sql;
      source_id = 0;
      break;
    case PL_KPI_SOURCE_METRIC:
    case PL_KPI_SOURCE_SURVEY:
    default:
      g_assert (info->source == PL_KPI_SOURCE_METRIC);
      template = strcmp (info->aggregation, "ratio") == 0 ? metric_ratio_sql : metric_value_sql;
      source_id = pl_kpi_get_metric_id (info->kpi);
      break;
    }

  if (grouped)
    bucket_expr = bucket_sql (grouping->bucket, day_column (info->source), grouping->split_day);
  sql = g_string_new (template);
  g_string_replace (sql, "{P}", grouped ? bucket_expr : day_column (info->source), 0);
  g_string_replace (sql, "{S}", segment_expr, 0);

  stmt = pl_workspace_prepare (workspace, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  if (source_id != 0)
    sqlite3_bind_int64 (stmt, 1, source_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double a = sqlite3_column_double (stmt, 2);
      double b = sqlite3_column_double (stmt, 3);
      guint weekday = 0;
      gint64 segment_id;
      int period;

      if (info->source == PL_KPI_SOURCE_SCORECARD && !isfinite (a))
        continue;

      period = grouped
               ? grouping_period (grouping, (const char *) sqlite3_column_text (stmt, 0))
               : grouping_day (grouping, stmt, 0, &weekday, error);
      if (period == PERIOD_ERROR)
        return FALSE;
      if (period == NO_PERIOD)
        continue;

      segment_id = record_segment (stmt, segment, weekday);
      acc_add (info, table_acc (table, grouping, grouping_slot (grouping, period, 0)), a, b);
      if (segment_id != 0)
        {
          guint slot = grouping_slot (grouping, period, segment_id);

          acc_add (info, table_acc (table, grouping, slot), a, b);
        }
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The KPI could not be analysed"));
      return FALSE;
    }

  return TRUE;
}

/* Collects the @n_kpis KPIs of @infos into @tables, by @bucket and by
 * @segment where their source has it: the KPIs that read the same survey
 * in one pass over its responses, the others one query each. */
static gboolean
collect (PlWorkspace    *workspace,
         const KpiInfo  *infos,
         Table          *tables,
         guint           n_kpis,
         Bucket          bucket,
         const char     *split_day,
         PlSegmentKind   segment,
         GError        **error)
{
  g_autofree gint64 *surveys = g_new0 (gint64, n_kpis);
  g_autofree gboolean *done = g_new0 (gboolean, n_kpis);
  g_autoptr(sqlite3_stmt) survey_of = NULL;
  Grouping grouping;
  gboolean ok = TRUE;

  /* The survey each survey KPI reads; 0 when its question has gone, which
   * leaves the KPI without records. */
  for (guint i = 0; i < n_kpis; i++)
    {
      if (infos[i].source != PL_KPI_SOURCE_SURVEY)
        continue;
      if (survey_of == NULL)
        {
          survey_of = pl_workspace_prepare (workspace,
                                            "SELECT survey_id FROM questions WHERE id = ?",
                                            error);
          if (survey_of == NULL)
            return FALSE;
        }
      sqlite3_reset (survey_of);
      sqlite3_bind_int64 (survey_of, 1, pl_kpi_get_question_id (infos[i].kpi));
      switch (sqlite3_step (survey_of))
        {
        case SQLITE_ROW:
          surveys[i] = sqlite3_column_int64 (survey_of, 0);
          break;
        case SQLITE_DONE:
          done[i] = TRUE;
          break;
        default:
          pl_workspace_set_db_error (workspace, error, _("The KPI could not be analysed"));
          return FALSE;
        }
    }

  grouping_init (&grouping, workspace, bucket, split_day);

  for (guint i = 0; ok && i < n_kpis; i++)
    {
      if (done[i])
        continue;

      if (infos[i].source == PL_KPI_SOURCE_SURVEY)
        {
          g_autoptr(GArray) which = g_array_new (FALSE, FALSE, sizeof (guint));

          for (guint j = i; j < n_kpis; j++)
            if (!done[j] && infos[j].source == PL_KPI_SOURCE_SURVEY && surveys[j] == surveys[i])
              {
                g_array_append_val (which, j);
                done[j] = TRUE;
              }
          ok = collect_survey (workspace, surveys[i], infos, tables, which, segment,
                               &grouping, error);
        }
      else
        ok = collect_one (workspace, &infos[i], &tables[i], segment, &grouping, error);
      done[i] = TRUE;
    }

  grouping_clear (&grouping);
  return ok;
}

/* Turning a sum into a figure */

static double
margin_for (const KpiInfo  *info,
            const Settings *settings)
{
  return info->range * settings->margin_points / 100.0;
}

/* FALSE: no figure (a ratio with nothing under it). */
static gboolean
finish_cell (const KpiInfo  *info,
             const Settings *settings,
             const Acc      *acc,
             PlAnalysisCell *cell)
{
  double margin = margin_for (info, settings);

  memset (cell, 0, sizeof *cell);
  g_strlcpy (cell->period_start, acc->bucket, sizeof cell->period_start);
  cell->segment_id = acc->segment_id;
  cell->sd = NAN;
  cell->lower = NAN;
  cell->upper = NAN;
  cell->half_width = NAN;
  cell->n = acc->n;

  if (info->source == PL_KPI_SOURCE_METRIC)
    {
      if (strcmp (info->aggregation, "ratio") == 0)
        {
          if (acc->denominator == 0)
            return FALSE;
          cell->value = info->scale * acc->numerator / acc->denominator;
          cell->n = (gint64) llround (acc->denominator);
        }
      else if (acc->n == 0)
        return FALSE;
      else if (strcmp (info->aggregation, "sum") == 0)
        cell->value = acc->sum;
      else
        cell->value = acc->sum / acc->n;
    }
  else if (acc->n == 0)
    return FALSE;
  else if (info->method == PL_INTERVAL_WILSON)
    {
      PlInterval interval;

      cell->successes = acc->k;
      cell->value = 100.0 * acc->k / acc->n;
      if (pl_stats_wilson (acc->k, acc->n, settings->confidence, &interval, NULL))
        {
          cell->lower = 100 * interval.lower;
          cell->upper = 100 * interval.upper;
          cell->half_width = (cell->upper - cell->lower) / 2;
        }
    }
  else if (info->method == PL_INTERVAL_NPS)
    {
      PlNps nps;

      cell->successes = acc->k;
      cell->detractors = acc->d;
      cell->value = 100.0 * (acc->k - acc->d) / acc->n;
      if (pl_stats_nps_counts (acc->k, acc->n - acc->k - acc->d, acc->d,
                               settings->confidence, &nps, NULL))
        {
          cell->lower = nps.lower;
          cell->upper = nps.upper;
          cell->half_width = nps.margin;
        }
    }
  else
    {
      PlInterval interval;

      cell->value = acc->sum / acc->n;
      if (acc->n >= 2)
        {
          cell->sd = sqrt (MAX (0, acc->m2) / (acc->n - 1));
          if (pl_stats_mean_interval_summary (acc->n, cell->value, cell->sd,
                                              settings->confidence, &interval, NULL))
            {
              /* The half-width is the t interval's; the bounds stop at the
               * scale's ends, past which no mean can lie. */
              cell->lower = MAX (interval.lower, info->scale_low);
              cell->upper = MIN (interval.upper, info->scale_high);
              cell->half_width = (interval.upper - interval.lower) / 2;
            }
        }
    }

  if (!isfinite (cell->value))
    return FALSE;

  cell->status = pl_kpi_status_for (info->kpi, cell->value);
  cell->small_sample = cell->n < settings->min_sample;
  if (info->method != PL_INTERVAL_NONE)
    cell->insufficient = isnan (cell->half_width) ||
                         (isfinite (margin) && cell->half_width > margin);

  return TRUE;
}

/* Segments */

static void
segment_free (PlSegment *segment)
{
  if (segment == NULL)
    return;
  g_free (segment->code);
  g_free (segment->name);
  g_free (segment);
}

/* Every segment of @kind, in the order they are shown: channels and teams
 * as entered, colleagues by code, weekdays Monday to Sunday. */
static GPtrArray *
list_segments (PlWorkspace    *workspace,
               PlSegmentKind   kind,
               GError        **error)
{
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql;
  int rc;

  switch (kind)
    {
    case PL_SEGMENT_CHANNEL:
      sql = "SELECT id, code, name, 0 FROM channels ORDER BY id";
      break;
    case PL_SEGMENT_TEAM:
      sql = "SELECT id, name, name, 0 FROM teams ORDER BY id";
      break;
    case PL_SEGMENT_COLLEAGUE:
      sql = "SELECT id, code, display_name, coalesce (team_id, 0) FROM colleagues ORDER BY code, id";
      break;
    case PL_SEGMENT_WEEKDAY:
      for (guint i = 0; i < G_N_ELEMENTS (weekday_codes); i++)
        {
          PlSegment *segment = g_new0 (PlSegment, 1);

          segment->id = i + 1;
          segment->code = g_strdup (weekday_codes[i]);
          segment->name = g_strdup (_(weekday_names[i]));
          g_ptr_array_add (segments, segment);
        }
      return g_steal_pointer (&segments);
    case PL_SEGMENT_NONE:
    default:
      return g_steal_pointer (&segments);
    }

  stmt = pl_workspace_prepare (workspace, sql, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlSegment *segment = g_new0 (PlSegment, 1);

      segment->id = sqlite3_column_int64 (stmt, 0);
      segment->code = g_strdup (pl_column_text (stmt, 1));
      segment->name = g_strdup (pl_column_text (stmt, 2));
      segment->team_id = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (segments, segment);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The KPI could not be analysed"));
      return NULL;
    }

  return g_steal_pointer (&segments);
}

static int
compare_cells_by_period (gconstpointer a,
                         gconstpointer b)
{
  return strcmp (((const PlAnalysisCell *) a)->period_start,
                 ((const PlAnalysisCell *) b)->period_start);
}

/* The figures of one segment (0: the whole KPI), by period. */
static GArray *
cells_for_segment (const KpiInfo  *info,
                   const Settings *settings,
                   Table          *table,
                   gint64          segment_id)
{
  GArray *cells = g_array_new (FALSE, TRUE, sizeof (PlAnalysisCell));

  for (guint i = 0; i < table->accs->len; i++)
    {
      const Acc *acc = &g_array_index (table->accs, Acc, i);
      PlAnalysisCell cell;

      if (acc->segment_id != segment_id)
        continue;
      if (finish_cell (info, settings, acc, &cell))
        g_array_append_val (cells, cell);
    }

  g_array_sort (cells, compare_cells_by_period);
  return cells;
}

/* A complaints period counts only when all its complaints are judged
 * (pl-kpi.c): drop the periods where the whole KPI has any not yet. */
static void
drop_unjudged (const KpiInfo *info,
               Table         *table)
{
  g_autoptr(GHashTable) open = NULL;

  if (info->source != PL_KPI_SOURCE_COMPLAINTS)
    return;

  open = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < table->accs->len; i++)
    {
      Acc *acc = &g_array_index (table->accs, Acc, i);

      if (acc->segment_id == 0 && acc->unjudged > 0)
        g_hash_table_add (open, acc->bucket);
    }

  for (guint i = 0; i < table->accs->len; i++)
    {
      Acc *acc = &g_array_index (table->accs, Acc, i);

      if (g_hash_table_contains (open, acc->bucket))
        acc->n = 0;
    }
}

/* Trend and chart */

/* The period's number: weeks, months or quarters since the year 1. */
static double
period_number (PlAnalysisPeriod  period,
               const char       *period_start)
{
  GDate date;

  if (!pl_date_parse_iso (period_start, &date))
    return NAN;

  switch (period)
    {
    case PL_ANALYSIS_MONTH:
      return g_date_get_year (&date) * 12.0 + g_date_get_month (&date) - 1;
    case PL_ANALYSIS_QUARTER:
      return g_date_get_year (&date) * 4.0 + (g_date_get_month (&date) - 1) / 3;
    case PL_ANALYSIS_WEEK:
    default:
      return floor (g_date_get_julian (&date) / 7.0);
    }
}

/* The trend of @cells' values; FALSE under 3 periods. */
static gboolean
trend_of (PlAnalysisPeriod  period,
          GArray           *cells,
          PlTrend          *trend,
          char            **summary)
{
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  double first;

  if (cells->len < 3 || cells->len > PL_TREND_MAX_VALUES)
    {
      *summary = g_strdup (cells->len < 3
                           ? _("too few periods for a trend (3 are needed)")
                           : _("too many periods for a trend; choose a longer period"));
      return FALSE;
    }

  x = g_new (double, cells->len);
  y = g_new (double, cells->len);
  first = period_number (period, g_array_index (cells, PlAnalysisCell, 0).period_start);
  for (guint i = 0; i < cells->len; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (cells, PlAnalysisCell, i);

      x[i] = period_number (period, cell->period_start) - first;
      y[i] = cell->value;
    }

  if (!pl_stats_trend (x, y, cells->len, trend, NULL))
    {
      *summary = g_strdup (_("no trend can be worked out from these values"));
      return FALSE;
    }

  *summary = pl_trend_describe (trend);
  return TRUE;
}

static void
scale_chart (PlControlChart *chart,
             double          factor)
{
  for (gsize i = 0; i < chart->n_points; i++)
    {
      chart->values[i] *= factor;
      chart->ucl[i] *= factor;
      chart->lcl[i] *= factor;
      chart->sigma[i] *= factor;
    }
  chart->center *= factor;
}

static void
chart_of (PlKpiAnalysis *analysis,
          const KpiInfo *info)
{
  guint n = analysis->n_whole;
  GArray *cells = analysis->cells;

  if (n < 2)
    return;

  if (info->method == PL_INTERVAL_WILSON)
    {
      g_autofree gint64 *counts = g_new (gint64, n);
      g_autofree gint64 *sizes = g_new (gint64, n);

      for (guint i = 0; i < n; i++)
        {
          counts[i] = g_array_index (cells, PlAnalysisCell, i).successes;
          sizes[i] = g_array_index (cells, PlAnalysisCell, i).n;
        }
      analysis->chart = pl_control_chart_p (counts, sizes, n, NULL);
      if (analysis->chart != NULL)
        scale_chart (analysis->chart, 100);
    }
  else
    {
      g_autofree double *values = g_new (double, n);

      for (guint i = 0; i < n; i++)
        values[i] = g_array_index (cells, PlAnalysisCell, i).value;
      analysis->chart = pl_control_chart_xmr (values, n, NULL);
    }

  if (analysis->chart == NULL)
    return;

  for (guint i = 0; i < analysis->chart->signals->len; i++)
    {
      const PlSignal *signal = &g_array_index (analysis->chart->signals, PlSignal, i);
      const PlAnalysisCell *cell = &g_array_index (cells, PlAnalysisCell, signal->point);
      g_autofree char *label = pl_analysis_period_label (analysis->period, cell->period_start);

      g_ptr_array_add (analysis->explanations, pl_signal_explain (signal, label));
    }
}

/* One KPI */

void
pl_kpi_analysis_free (PlKpiAnalysis *analysis)
{
  if (analysis == NULL)
    return;

  g_clear_object (&analysis->kpi);
  g_clear_pointer (&analysis->segments, g_ptr_array_unref);
  g_clear_pointer (&analysis->cells, g_array_unref);
  g_clear_pointer (&analysis->trend_summary, g_free);
  g_clear_pointer (&analysis->chart, pl_control_chart_free);
  g_clear_pointer (&analysis->explanations, g_ptr_array_unref);
  g_free (analysis);
}

const PlSegment *
pl_kpi_analysis_get_segment (PlKpiAnalysis *analysis,
                             gint64         segment_id)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  for (guint i = 0; i < analysis->segments->len; i++)
    {
      const PlSegment *segment = g_ptr_array_index (analysis->segments, i);

      if (segment->id == segment_id)
        return segment;
    }

  return NULL;
}

const PlAnalysisCell *
pl_kpi_analysis_find (PlKpiAnalysis *analysis,
                      gint64         segment_id,
                      const char    *period_start)
{
  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (period_start != NULL, NULL);

  for (guint i = 0; i < analysis->cells->len; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (analysis->cells, PlAnalysisCell, i);

      if (cell->segment_id == segment_id && strcmp (cell->period_start, period_start) == 0)
        return cell;
    }

  return NULL;
}

/* The analysis of a KPI from its sums, collected by settings->period and
 * settings->segment. */
static PlKpiAnalysis *
analyse (PlWorkspace     *workspace,
         const KpiInfo   *info,
         const Settings  *settings,
         Table           *table,
         GError         **error)
{
  g_autoptr(PlKpiAnalysis) analysis = g_new0 (PlKpiAnalysis, 1);
  g_autoptr(GPtrArray) all_segments = NULL;
  g_autoptr(GArray) whole = NULL;
  const char *unused;
  PlSegment *whole_segment;

  analysis->kpi = g_object_ref (info->kpi);
  analysis->period = settings->period;
  analysis->segment_kind = settings->segment;
  analysis->segments_available = segment_sql (info->source, settings->segment, &unused);
  analysis->confidence = settings->confidence;
  analysis->margin = margin_for (info, settings);
  analysis->min_sample = settings->min_sample;
  analysis->method = info->method;
  analysis->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_free);
  analysis->explanations = g_ptr_array_new_with_free_func (g_free);

  whole_segment = g_new0 (PlSegment, 1);
  g_ptr_array_add (analysis->segments, whole_segment);

  drop_unjudged (info, table);

  whole = cells_for_segment (info, settings, table, 0);
  analysis->n_whole = whole->len;
  analysis->cells = g_array_new (FALSE, TRUE, sizeof (PlAnalysisCell));
  g_array_append_vals (analysis->cells, whole->data, whole->len);

  if (analysis->segments_available && settings->segment != PL_SEGMENT_NONE)
    {
      all_segments = list_segments (workspace, settings->segment, error);
      if (all_segments == NULL)
        return NULL;

      for (guint i = 0; i < all_segments->len; i++)
        {
          PlSegment *segment = g_ptr_array_index (all_segments, i);
          g_autoptr(GArray) cells = cells_for_segment (info, settings, table, segment->id);

          if (cells->len == 0)
            continue;
          g_array_append_vals (analysis->cells, cells->data, cells->len);
          g_ptr_array_add (analysis->segments, g_ptr_array_steal_index (all_segments, i));
          i--;
        }
    }

  analysis->has_trend = trend_of (settings->period, whole, &analysis->trend,
                                  &analysis->trend_summary);
  chart_of (analysis, info);

  return g_steal_pointer (&analysis);
}

/**
 * pl_analysis_kpi:
 *
 * Returns: (transfer full): the analysis, or %NULL with @error set
 */
PlKpiAnalysis *
pl_analysis_kpi (PlWorkspace              *workspace,
                 PlKpi                    *kpi,
                 const PlAnalysisOptions  *options,
                 GError                  **error)
{
  PlKpiAnalysis *analysis = NULL;
  Settings settings;
  KpiInfo info;
  Table table;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (PL_IS_KPI (kpi), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_settings (workspace, options, &settings, error) ||
      !kpi_info_init (workspace, kpi, &info, error))
    return NULL;

  table_init (&table);
  if (collect (workspace, &info, &table, 1, (Bucket) settings.period, NULL, settings.segment,
               error))
    analysis = analyse (workspace, &info, &settings, &table, error);
  table_clear (&table);

  return analysis;
}

/**
 * pl_analysis_run:
 * @code: (nullable): one KPI's code
 *
 * Returns: (transfer full) (element-type PlKpiAnalysis): %NULL with @error set
 */
GPtrArray *
pl_analysis_run (PlWorkspace              *workspace,
                 const char               *code,
                 const PlAnalysisOptions  *options,
                 GError                  **error)
{
  g_autoptr(GListModel) kpis = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) chosen = NULL;
  g_autofree KpiInfo *infos = NULL;
  g_autofree Table *tables = NULL;
  Settings settings;
  gboolean ok;
  guint n;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_settings (workspace, options, &settings, error))
    return NULL;

  kpis = pl_kpi_list (workspace, FALSE, error);
  if (kpis == NULL)
    return NULL;

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_kpi_analysis_free);
  chosen = g_ptr_array_new_with_free_func (g_object_unref);
  n = g_list_model_get_n_items (kpis);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);

      if (code == NULL || strcmp (pl_kpi_get_code (kpi), code) == 0)
        g_ptr_array_add (chosen, g_steal_pointer (&kpi));
    }

  /* The KPIs that read the same survey share one pass over it. */
  infos = g_new0 (KpiInfo, chosen->len);
  for (guint i = 0; i < chosen->len; i++)
    if (!kpi_info_init (workspace, g_ptr_array_index (chosen, i), &infos[i], error))
      return NULL;

  tables = g_new0 (Table, chosen->len);
  for (guint i = 0; i < chosen->len; i++)
    table_init (&tables[i]);
  ok = collect (workspace, infos, tables, chosen->len, (Bucket) settings.period, NULL,
                settings.segment, error);
  for (guint i = 0; ok && i < chosen->len; i++)
    {
      PlKpiAnalysis *analysis = analyse (workspace, &infos[i], &settings, &tables[i], error);

      if (analysis == NULL)
        ok = FALSE;
      else
        g_ptr_array_add (results, analysis);
    }
  for (guint i = 0; i < chosen->len; i++)
    table_clear (&tables[i]);
  if (!ok)
    return NULL;

  if (code != NULL && results->len == 0)
    {
      g_autoptr(GString) codes = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);

          if (codes->len > 0)
            g_string_append (codes, ", ");
          g_string_append (codes, pl_kpi_get_code (kpi));
        }

      if (n == 0)
        g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                     _("There is no KPI “%s”: this workspace has no KPIs yet."), code);
      else
        /* Translators: a KPI code, then the list of codes */
        g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                     _("There is no KPI “%s” in this workspace. Its KPIs are: %s."),
                     code, codes->str);
      return NULL;
    }

  return g_steal_pointer (&results);
}

/* Before and after */

gboolean
pl_analysis_proportion_difference (gint64   k1,
                                   gint64   n1,
                                   gint64   k2,
                                   gint64   n2,
                                   double   confidence,
                                   double  *lower,
                                   double  *upper,
                                   double  *p,
                                   GError **error)
{
  PlInterval w1, w2;
  double p1, p2, d, pooled, se;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_stats_wilson (k1, n1, confidence, &w1, error) ||
      !pl_stats_wilson (k2, n2, confidence, &w2, error))
    return FALSE;

  p1 = w1.estimate;
  p2 = w2.estimate;
  d = p2 - p1;

  /* Newcombe (1998), method 10, for p2 − p1. */
  if (lower != NULL)
    *lower = d - sqrt ((p2 - w2.lower) * (p2 - w2.lower) + (w1.upper - p1) * (w1.upper - p1));
  if (upper != NULL)
    *upper = d + sqrt ((w2.upper - p2) * (w2.upper - p2) + (p1 - w1.lower) * (p1 - w1.lower));

  if (p != NULL)
    {
      pooled = (double) (k1 + k2) / (double) (n1 + n2);
      se = sqrt (pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
      *p = se > 0 ? 2 * gsl_cdf_ugaussian_Q (fabs (d) / se) : (d == 0 ? 1 : 0);
    }

  return TRUE;
}

static const PlAnalysisCell *
find_bucket (GArray     *cells,
             const char *bucket)
{
  for (guint i = 0; i < cells->len; i++)
    if (strcmp (g_array_index (cells, PlAnalysisCell, i).period_start, bucket) == 0)
      return &g_array_index (cells, PlAnalysisCell, i);
  return NULL;
}

gboolean
pl_analysis_compare (PlWorkspace              *workspace,
                     PlKpi                    *kpi,
                     PlSegmentKind             segment_kind,
                     gint64                    segment_id,
                     const char               *day,
                     const PlAnalysisOptions  *options,
                     PlAnalysisComparison     *out,
                     GError                  **error)
{
  g_autoptr(GArray) cells = NULL;
  g_autofree char *checked_day = NULL;
  g_autofree char *shown_day = NULL;
  const PlAnalysisCell *before, *after;
  PlAnalysisComparison result;
  const char *unused;
  Settings settings;
  KpiInfo info;
  Table table;
  GDate date;
  double z;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (PL_IS_KPI (kpi), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (day == NULL || !pl_date_parse_iso (day, &date))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the day of the change as a date, such as 2026-07-27."));
      return FALSE;
    }
  checked_day = pl_date_to_iso (&date);
  shown_day = pl_date_format_short (checked_day);

  if (segment_kind > PL_SEGMENT_WEEKDAY || (segment_kind == PL_SEGMENT_NONE) != (segment_id == 0) ||
      (segment_kind == PL_SEGMENT_WEEKDAY && (segment_id < 1 || segment_id > 7)))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Choose a channel, team, colleague or day of the week to compare, "
                             "or the whole KPI."));
      return FALSE;
    }

  if (!read_settings (workspace, options, &settings, error) ||
      !kpi_info_init (workspace, kpi, &info, error))
    return FALSE;

  if (!segment_sql (info.source, segment_kind, &unused))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("This KPI’s figures are not recorded per colleague."));
      return FALSE;
    }

  table_init (&table);
  if (!collect (workspace, &info, &table, 1, BUCKET_SPLIT, checked_day, segment_kind, error))
    {
      table_clear (&table);
      return FALSE;
    }
  cells = cells_for_segment (&info, &settings, &table, segment_id);
  table_clear (&table);

  before = find_bucket (cells, BUCKET_BEFORE_KEY);
  after = find_bucket (cells, BUCKET_AFTER_KEY);
  if (before == NULL || after == NULL ||
      (info.method == PL_INTERVAL_T && (before->n < 2 || after->n < 2)))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   before == NULL || (info.method == PL_INTERVAL_T && before->n < 2)
                   ? _("There are too few records before %s to compare with.")
                   : _("There are too few records from %s on to compare with."),
                   shown_day);
      return FALSE;
    }

  memset (&result, 0, sizeof result);
  result.before = *before;
  result.after = *after;
  result.before.period_start[0] = '\0';
  result.after.period_start[0] = '\0';
  result.method = info.method;
  result.difference = after->value - before->value;
  result.lower = NAN;
  result.upper = NAN;
  result.p = NAN;
  z = gsl_cdf_ugaussian_Qinv ((1 - settings.confidence) / 2);

  switch (info.method)
    {
    case PL_INTERVAL_WILSON:
      if (!pl_analysis_proportion_difference (before->successes, before->n,
                                              after->successes, after->n,
                                              settings.confidence,
                                              &result.lower, &result.upper, &result.p, error))
        return FALSE;
      result.lower *= 100;
      result.upper *= 100;
      break;

    case PL_INTERVAL_T:
      {
        /* Welch (1947): unequal variances, Welch–Satterthwaite degrees of freedom. */
        double v1 = before->sd * before->sd / before->n;
        double v2 = after->sd * after->sd / after->n;
        double se = sqrt (v1 + v2);
        double df, t;

        if (se > 0)
          {
            df = (v1 + v2) * (v1 + v2) /
                 (v1 * v1 / (before->n - 1) + v2 * v2 / (after->n - 1));
            t = gsl_cdf_tdist_Qinv ((1 - settings.confidence) / 2, df);
            result.lower = result.difference - t * se;
            result.upper = result.difference + t * se;
            result.p = 2 * gsl_cdf_tdist_Q (fabs (result.difference) / se, df);
          }
        else
          {
            result.lower = result.upper = result.difference;
            result.p = result.difference == 0 ? 1 : 0;
          }
      }
      break;

    case PL_INTERVAL_NPS:
      {
        /* The NPS margins are z·SE: the SEs add in quadrature. */
        double se1 = before->half_width / z;
        double se2 = after->half_width / z;
        double se = sqrt (se1 * se1 + se2 * se2);

        result.lower = result.difference - z * se;
        result.upper = result.difference + z * se;
        result.p = se > 0 ? 2 * gsl_cdf_ugaussian_Q (fabs (result.difference) / se)
                          : (result.difference == 0 ? 1 : 0);
      }
      break;

    case PL_INTERVAL_NONE:
    default:
      break;
    }

  *out = result;
  return TRUE;
}

/* Colleague patterns */

void
pl_colleague_pattern_free (PlColleaguePattern *pattern)
{
  if (pattern == NULL)
    return;

  g_free (pattern->colleague.code);
  g_free (pattern->colleague.name);
  g_free (pattern->team_name);
  g_clear_pointer (&pattern->cells, g_array_unref);
  g_clear_pointer (&pattern->team_cells, g_array_unref);
  g_free (pattern->trend_summary);
  g_free (pattern);
}

static const PlSegment *
find_segment (GPtrArray *segments,
              gint64     id)
{
  for (guint i = 0; i < segments->len; i++)
    {
      const PlSegment *segment = g_ptr_array_index (segments, i);

      if (segment->id == id)
        return segment;
    }
  return NULL;
}

/**
 * pl_analysis_colleagues:
 *
 * Returns: (transfer full) (element-type PlColleaguePattern): %NULL with
 *   @error set
 */
GPtrArray *
pl_analysis_colleagues (PlWorkspace              *workspace,
                        PlKpi                    *kpi,
                        const PlAnalysisOptions  *options,
                        GError                  **error)
{
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GPtrArray) colleagues = NULL;
  g_autoptr(GPtrArray) teams = NULL;
  Table by_colleague, by_team, colleague_all, team_all;
  const char *unused;
  Settings settings;
  KpiInfo info;
  gboolean ok;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (PL_IS_KPI (kpi), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_settings (workspace, options, &settings, error) ||
      !kpi_info_init (workspace, kpi, &info, error))
    return NULL;

  if (!segment_sql (info.source, PL_SEGMENT_COLLEAGUE, &unused))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("This KPI’s figures are not recorded per colleague."));
      return NULL;
    }

  colleagues = list_segments (workspace, PL_SEGMENT_COLLEAGUE, error);
  if (colleagues == NULL)
    return NULL;
  teams = list_segments (workspace, PL_SEGMENT_TEAM, error);
  if (teams == NULL)
    return NULL;

  table_init (&by_colleague);
  table_init (&by_team);
  table_init (&colleague_all);
  table_init (&team_all);
  ok = collect (workspace, &info, &by_colleague, 1, (Bucket) settings.period, NULL,
                PL_SEGMENT_COLLEAGUE, error) &&
       collect (workspace, &info, &by_team, 1, (Bucket) settings.period, NULL,
                PL_SEGMENT_TEAM, error) &&
       collect (workspace, &info, &colleague_all, 1, BUCKET_ALL, NULL,
                PL_SEGMENT_COLLEAGUE, error) &&
       collect (workspace, &info, &team_all, 1, BUCKET_ALL, NULL, PL_SEGMENT_TEAM, error);

  if (ok)
    {
      drop_unjudged (&info, &by_colleague);
      drop_unjudged (&info, &by_team);
      patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_colleague_pattern_free);

      for (guint i = 0; i < colleagues->len; i++)
        {
          const PlSegment *colleague = g_ptr_array_index (colleagues, i);
          const PlSegment *team = find_segment (teams, colleague->team_id);
          g_autoptr(GArray) overall = cells_for_segment (&info, &settings, &colleague_all,
                                                         colleague->id);
          g_autoptr(GArray) team_cells = NULL;
          g_autoptr(GArray) team_overall = NULL;
          PlColleaguePattern *pattern;

          if (overall->len == 0)
            continue;

          pattern = g_new0 (PlColleaguePattern, 1);
          pattern->colleague.id = colleague->id;
          pattern->colleague.code = g_strdup (colleague->code);
          pattern->colleague.name = g_strdup (colleague->name);
          pattern->colleague.team_id = colleague->team_id;
          pattern->team_name = team != NULL ? g_strdup (team->name) : NULL;
          pattern->overall = g_array_index (overall, PlAnalysisCell, 0);
          pattern->overall.period_start[0] = '\0';
          pattern->small_sample = pattern->overall.n < settings.min_sample;
          pattern->cells = cells_for_segment (&info, &settings, &by_colleague, colleague->id);
          pattern->team_cells = g_array_new (FALSE, TRUE, sizeof (PlAnalysisCell));

          memset (&pattern->team_overall, 0, sizeof pattern->team_overall);
          pattern->team_overall.value = NAN;
          pattern->team_overall.sd = NAN;
          pattern->team_overall.lower = NAN;
          pattern->team_overall.upper = NAN;
          pattern->team_overall.half_width = NAN;

          if (team != NULL)
            {
              team_overall = cells_for_segment (&info, &settings, &team_all, team->id);
              if (team_overall->len > 0)
                {
                  pattern->team_overall = g_array_index (team_overall, PlAnalysisCell, 0);
                  pattern->team_overall.period_start[0] = '\0';
                }
              team_cells = cells_for_segment (&info, &settings, &by_team, team->id);
            }

          for (guint j = 0; j < pattern->cells->len; j++)
            {
              const PlAnalysisCell *mine = &g_array_index (pattern->cells, PlAnalysisCell, j);
              const PlAnalysisCell *theirs = team_cells != NULL
                                             ? find_bucket (team_cells, mine->period_start)
                                             : NULL;
              PlAnalysisCell empty;

              if (theirs == NULL)
                {
                  memset (&empty, 0, sizeof empty);
                  g_strlcpy (empty.period_start, mine->period_start, sizeof empty.period_start);
                  empty.segment_id = colleague->team_id;
                  empty.value = empty.sd = empty.lower = empty.upper = empty.half_width = NAN;
                  theirs = &empty;
                }
              g_array_append_val (pattern->team_cells, *theirs);
            }

          pattern->has_trend = trend_of (settings.period, pattern->cells, &pattern->trend,
                                         &pattern->trend_summary);
          g_ptr_array_add (patterns, pattern);
        }
    }

  table_clear (&by_colleague);
  table_clear (&by_team);
  table_clear (&colleague_all);
  table_clear (&team_all);

  return ok ? g_steal_pointer (&patterns) : NULL;
}

/* Criterion pass rates */

void
pl_criterion_rate_free (PlCriterionRate *rate)
{
  if (rate == NULL)
    return;

  g_free (rate->colleague_code);
  g_free (rate->colleague_name);
  g_free (rate->criterion);
  g_free (rate);
}

/* A pass is full marks: 5 on a five-point scale, 1 on the others. */
static const char criterion_rates_sql[] =
  "WITH RECURSIVE"
  "  up (id, parent_id) AS ("
  "    SELECT id, parent_id FROM scorecards WHERE id = ?1"
  "    UNION SELECT s.id, s.parent_id FROM scorecards s JOIN up ON s.id = up.parent_id),"
  "  family (id) AS ("
  "    SELECT ?1"
  "    UNION SELECT id FROM up WHERE parent_id IS NULL"
  "    UNION SELECT s.id FROM scorecards s JOIN family ON s.parent_id = family.id)"
  "SELECT o.colleague_id, cl.code, cl.display_name, coalesce (cl.team_id, 0),"
  "       s.criterion_id, cr.text, COUNT (*),"
  "       SUM (s.value >= CASE cr.scale WHEN 'scale5' THEN 5 ELSE 1 END)"
  "  FROM observation_scores s"
  "  JOIN observations o ON o.id = s.observation_id"
  "  JOIN criteria cr ON cr.id = s.criterion_id"
  "  JOIN scorecard_sections sc ON sc.id = cr.section_id"
  "  JOIN colleagues cl ON cl.id = o.colleague_id"
  " WHERE s.value IS NOT NULL"
  "   AND o.excluded = 0 AND o.trashed_at IS NULL"
  "   AND (?1 = 0 OR o.scorecard_id IN (SELECT id FROM family))"
  " GROUP BY o.colleague_id, s.criterion_id"
  " ORDER BY cl.code, cl.id, sc.position, cr.position, cr.id";

/**
 * pl_analysis_criterion_rates:
 *
 * Returns: (transfer full) (element-type PlCriterionRate): %NULL with
 *   @error set
 */
GPtrArray *
pl_analysis_criterion_rates (PlWorkspace              *workspace,
                             gint64                    scorecard_id,
                             const PlAnalysisOptions  *options,
                             GError                  **error)
{
  g_autoptr(GPtrArray) rates = NULL;
  g_autoptr(GHashTable) teams = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Settings settings;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (scorecard_id >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_settings (workspace, options, &settings, error))
    return NULL;

  stmt = pl_workspace_prepare (workspace, criterion_rates_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, scorecard_id);

  rates = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_criterion_rate_free);
  /* "team\tcriterion" → gint64[2] { n, passes } */
  teams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlCriterionRate *rate = g_new0 (PlCriterionRate, 1);
      PlInterval interval;

      rate->colleague_id = sqlite3_column_int64 (stmt, 0);
      rate->colleague_code = g_strdup (pl_column_text (stmt, 1));
      rate->colleague_name = g_strdup (pl_column_text (stmt, 2));
      rate->team_id = sqlite3_column_int64 (stmt, 3);
      rate->criterion_id = sqlite3_column_int64 (stmt, 4);
      rate->criterion = g_strdup (pl_column_text (stmt, 5));
      rate->n = sqlite3_column_int64 (stmt, 6);
      rate->passes = sqlite3_column_int64 (stmt, 7);
      rate->rate = 100.0 * rate->passes / rate->n;
      rate->lower = rate->upper = NAN;
      if (pl_stats_wilson (rate->passes, rate->n, settings.confidence, &interval, NULL))
        {
          rate->lower = 100 * interval.lower;
          rate->upper = 100 * interval.upper;
        }
      rate->small_sample = rate->n < settings.min_sample;
      g_ptr_array_add (rates, rate);

      if (rate->team_id != 0)
        {
          g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT,
                                                  rate->team_id, rate->criterion_id);
          gint64 *sums = g_hash_table_lookup (teams, key);

          if (sums == NULL)
            {
              sums = g_new0 (gint64, 2);
              g_hash_table_insert (teams, g_steal_pointer (&key), sums);
            }
          sums[0] += rate->n;
          sums[1] += rate->passes;
        }
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The pass rates could not be worked out"));
      return NULL;
    }

  for (guint i = 0; i < rates->len; i++)
    {
      PlCriterionRate *rate = g_ptr_array_index (rates, i);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT,
                                              rate->team_id, rate->criterion_id);
      const gint64 *sums = g_hash_table_lookup (teams, key);

      rate->team_rate = NAN;
      if (sums != NULL && sums[0] > 0)
        {
          rate->team_n = sums[0];
          rate->team_passes = sums[1];
          rate->team_rate = 100.0 * sums[1] / sums[0];
        }
    }

  return g_steal_pointer (&rates);
}

/* Correlation */

static double
correlation_p (double r,
               gsize  n)
{
  double df = (double) n - 2;
  double t;

  if (fabs (r) >= 1)
    return 0;
  t = fabs (r) * sqrt (df / (1 - r * r));
  return 2 * gsl_cdf_tdist_Q (t, df);
}

gboolean
pl_analysis_correlate (const double   *x,
                       const double   *y,
                       gsize           n,
                       PlCorrelation  *out,
                       GError        **error)
{
  g_autofree double *work = NULL;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n < 3 || x == NULL || y == NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A correlation needs at least 3 pairs of values."));
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    if (!isfinite (x[i]) || !isfinite (y[i]))
      {
        g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                             _("Every value in a correlation must be a number."));
        return FALSE;
      }

  if (gsl_stats_variance (x, 1, n) == 0 || gsl_stats_variance (y, 1, n) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A correlation needs values that vary: one of the two is "
                             "the same every time."));
      return FALSE;
    }

  work = g_new (double, 2 * n);
  out->n = n;
  out->pearson_r = gsl_stats_correlation (x, 1, y, 1, n);
  out->pearson_p = correlation_p (out->pearson_r, n);
  out->spearman_rho = gsl_stats_spearman (x, 1, y, 1, n, work);
  out->spearman_p = correlation_p (out->spearman_rho, n);
  return TRUE;
}

/* QA beside surveys */

void
pl_qa_survey_free (PlQaSurvey *qa_survey)
{
  if (qa_survey == NULL)
    return;

  g_free (qa_survey->qa);
  g_free (qa_survey->answers);
  g_clear_pointer (&qa_survey->by_answer, g_array_unref);
  g_free (qa_survey);
}

static const char qa_survey_sql[] =
  "SELECT o.score, x.v"
  "  FROM (SELECT r.interaction_id AS interaction_id,"
  "               json_extract (r.answers, ?2) AS v"
  "          FROM responses r"
  "         WHERE r.survey_id = (SELECT survey_id FROM questions WHERE id = ?1)"
  "           AND r.interaction_id IS NOT NULL"
  "           AND r.excluded = 0 AND r.trashed_at IS NULL) x"
  "  JOIN observations o ON o.interaction_id = x.interaction_id"
  " WHERE typeof (x.v) IN ('integer', 'real')"
  "   AND o.score IS NOT NULL AND o.excluded = 0 AND o.trashed_at IS NULL"
  " ORDER BY x.v, o.id";

/**
 * pl_analysis_qa_survey:
 *
 * Returns: (transfer full): %NULL with @error set
 */
PlQaSurvey *
pl_analysis_qa_survey (PlWorkspace              *workspace,
                       gint64                    question_id,
                       const PlAnalysisOptions  *options,
                       GError                  **error)
{
  g_autoptr(PlQaSurvey) result = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) qa = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *path = NULL;
  Settings settings;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (question_id >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_settings (workspace, options, &settings, error))
    return NULL;

  stmt = pl_workspace_prepare (workspace,
                               question_id == 0
                               ? "SELECT q.id FROM questions q JOIN surveys s ON s.id = q.survey_id"
                                 " WHERE q.kind = 'csat' ORDER BY s.archived, s.id, q.position LIMIT 1"
                               : "SELECT id FROM questions WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;
  if (question_id != 0)
    sqlite3_bind_int64 (stmt, 1, question_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           question_id == 0
                           ? _("No survey in this workspace asks a customer satisfaction "
                               "(CSAT) question to set beside the QA scores.")
                           : _("The survey question asked for is not in this workspace."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The survey question could not be read"));
      return NULL;
    }

  result = g_new0 (PlQaSurvey, 1);
  result->question_id = sqlite3_column_int64 (stmt, 0);
  result->by_answer = g_array_new (FALSE, TRUE, sizeof (PlQaByAnswer));
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = pl_workspace_prepare (workspace, qa_survey_sql, error);
  if (stmt == NULL)
    return NULL;
  path = g_strdup_printf ("$.\"%" G_GINT64_FORMAT "\"", result->question_id);
  sqlite3_bind_int64 (stmt, 1, result->question_id);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double score = sqlite3_column_double (stmt, 0);
      double answer = sqlite3_column_double (stmt, 1);

      if (!isfinite (score) || !isfinite (answer))
        continue;
      g_array_append_val (qa, score);
      g_array_append_val (answers, answer);
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The QA scores and survey answers could "
                                                     "not be read"));
      return NULL;
    }

  result->n = qa->len;
  result->qa = (double *) g_array_free (g_steal_pointer (&qa), FALSE);
  result->answers = (double *) g_array_free (g_steal_pointer (&answers), FALSE);
  result->has_correlation = pl_analysis_correlate (result->qa, result->answers, result->n,
                                                   &result->correlation, NULL);
  if (!result->has_correlation)
    {
      result->correlation.n = result->n;
      result->correlation.pearson_r = result->correlation.pearson_p = NAN;
      result->correlation.spearman_rho = result->correlation.spearman_p = NAN;
    }

  /* The pairs come ordered by answer: one summary per answer given. */
  for (gsize i = 0; i < result->n;)
    {
      PlQaByAnswer group = { result->answers[i], 0, 0, NAN, NAN };
      gsize j = i;
      PlInterval interval;

      while (j < result->n && result->answers[j] == group.answer)
        j++;
      group.n = (gint64) (j - i);
      group.mean_qa = gsl_stats_mean (result->qa + i, 1, j - i);
      if (group.n >= 2 &&
          pl_stats_mean_interval (result->qa + i, j - i, settings.confidence, &interval, NULL))
        {
          group.lower = interval.lower;
          group.upper = interval.upper;
        }
      g_array_append_val (result->by_answer, group);
      i = j;
    }

  return g_steal_pointer (&result);
}

/* Answer distributions */

void
pl_answer_distribution_free (PlAnswerDistribution *distribution)
{
  if (distribution == NULL)
    return;

  g_free (distribution->periods);
  g_free (distribution->counts);
  g_free (distribution);
}

const gint64 *
pl_answer_distribution_find (const PlAnswerDistribution *distribution,
                             const char                 *period_start)
{
  g_return_val_if_fail (distribution != NULL, NULL);
  g_return_val_if_fail (period_start != NULL, NULL);

  for (guint p = 0; p < distribution->n_periods; p++)
    if (strcmp (distribution->periods[p], period_start) == 0)
      return distribution->counts + (gsize) p * distribution->n_values;

  return NULL;
}

PlAnswerDistribution *
pl_analysis_answer_distribution (PlWorkspace       *workspace,
                                 PlKpi             *kpi,
                                 PlAnalysisPeriod   period,
                                 GError           **error)
{
  g_autoptr(PlAnswerDistribution) distribution = NULL;
  g_autoptr(sqlite3_stmt) question = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) periods = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autofree char *bucket = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *path = NULL;
  gint64 survey_id;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (PL_IS_KPI (kpi), NULL);
  g_return_val_if_fail (period <= PL_ANALYSIS_QUARTER, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (pl_kpi_get_source (kpi) != PL_KPI_SOURCE_SURVEY || pl_kpi_get_question_id (kpi) <= 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Only a KPI from a survey question has answers to spread over a scale."));
      return NULL;
    }

  question = pl_workspace_prepare (workspace,
                                   "SELECT survey_id, scale_min, scale_max FROM questions WHERE id = ?1",
                                   error);
  if (question == NULL)
    return NULL;
  sqlite3_bind_int64 (question, 1, pl_kpi_get_question_id (kpi));
  if (sqlite3_step (question) != SQLITE_ROW ||
      sqlite3_column_type (question, 1) == SQLITE_NULL || sqlite3_column_type (question, 2) == SQLITE_NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The KPI’s question has no scale to spread its answers over."));
      return NULL;
    }

  distribution = g_new0 (PlAnswerDistribution, 1);
  survey_id = sqlite3_column_int64 (question, 0);
  distribution->scale_min = sqlite3_column_int (question, 1);
  distribution->scale_max = sqlite3_column_int (question, 2);
  if (distribution->scale_max - distribution->scale_min < 1 ||
      distribution->scale_max - distribution->scale_min > 10)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Only a scale of 2 to 11 points has its answers shown one by one."));
      return NULL;
    }
  distribution->n_values = (guint) (distribution->scale_max - distribution->scale_min + 1);

  bucket = bucket_sql ((Bucket) period, "r.responded_on", NULL);
  path = g_strdup_printf ("$.\"%" G_GINT64_FORMAT "\"", pl_kpi_get_question_id (kpi));
  sql = g_strdup_printf ("SELECT p, v, COUNT (*) FROM ("
                         "  SELECT %s AS p, json_extract (r.answers, ?2) AS v"
                         "    FROM responses r"
                         "   WHERE r.survey_id = ?1 AND r.excluded = 0 AND r.trashed_at IS NULL)"
                         " WHERE p IS NOT NULL AND typeof (v) IN ('integer', 'real') AND v = CAST (v AS INTEGER)"
                         "   AND v BETWEEN ?3 AND ?4"
                         " GROUP BY p, v ORDER BY p, v",
                         bucket);
  stmt = pl_workspace_prepare (workspace, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, survey_id);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, distribution->scale_min);
  sqlite3_bind_int (stmt, 4, distribution->scale_max);

  periods = g_array_new (FALSE, TRUE, 11);
  counts = g_array_new (FALSE, TRUE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *start = pl_column_text (stmt, 0);
      int value = sqlite3_column_int (stmt, 1);

      if (periods->len == 0 || strcmp (&g_array_index (periods, char, (periods->len - 1) * 11), start) != 0)
        {
          char key[11] = { 0 };

          g_strlcpy (key, start, sizeof key);
          g_array_append_vals (periods, key, 1);
          g_array_set_size (counts, counts->len + distribution->n_values);
        }
      g_array_index (counts, gint64, (periods->len - 1) * distribution->n_values +
                                     (guint) (value - distribution->scale_min)) = sqlite3_column_int64 (stmt, 2);
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The answers could not be counted"));
      return NULL;
    }

  distribution->n_periods = periods->len;
  distribution->periods = (char (*)[11]) g_array_free (g_steal_pointer (&periods), FALSE);
  distribution->counts = (gint64 *) (gpointer) g_array_free (g_steal_pointer (&counts), FALSE);

  return g_steal_pointer (&distribution);
}
