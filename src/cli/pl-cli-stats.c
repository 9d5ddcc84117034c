/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/pl-agreement.h"
#include "core/pl-csv.h"
#include "core/pl-error.h"
#include "core/pl-stats.h"

#include "pl-cli.h"

/* stats wilson --successes K --trials N [--confidence C] [--json]
 * stats nps --scores FILE | --counts P,PA,D [--confidence C] [--json]
 * stats trend --values V1,V2,... [--json]
 * stats control --chart xmr|p|xbar-r --values ... [--sizes ...] [--subgroup-size N] [--json]
 * stats kappa --ratings FILE [--json]
 *
 * Mistakes in the options, including values the calculation cannot take,
 * are usage errors (2); a scores file that cannot be read or holds a bad
 * line is a failed operation (1). */

/* Parsing */

static gboolean
parse_confidence (const char *text,
                  double     *out)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return TRUE;

  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value))
    return FALSE;

  *out = value;
  return TRUE;
}

static gboolean
parse_count (const char *text,
             gint64     *out)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;

  *out = (gint64) value;
  return TRUE;
}

/* "1.5, 2,3" → doubles. NULL for anything that is not a number. */
static GArray *
parse_numbers (const char *text)
{
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (double));
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *end = NULL;
      double value;

      g_strstrip (items[i]);
      value = g_ascii_strtod (items[i], &end);
      if (items[i][0] == '\0' || *end != '\0' || !isfinite (value))
        return NULL;
      g_array_append_val (numbers, value);
    }

  return g_steal_pointer (&numbers);
}

static GArray *
parse_counts (const char *text)
{
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      gint64 value;

      g_strstrip (items[i]);
      if (!parse_count (items[i], &value))
        return NULL;
      g_array_append_val (counts, value);
    }

  return g_steal_pointer (&counts);
}

/* Output */

static void
add_double (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_double_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_doubles (JsonBuilder  *builder,
             const char   *member,
             const double *values,
             gsize         n)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (gsize i = 0; i < n; i++)
    json_builder_add_double_value (builder, values[i]);
  json_builder_end_array (builder);
}

/* 0.95 → "95", 0.975 → "97.5". */
static char *
format_level (double fraction)
{
  g_autofree char *text = g_strdup_printf ("%.3f", fraction * 100);
  char *end = text + strlen (text) - 1;

  while (end > text && *end == '0')
    *end-- = '\0';
  if (end > text && !g_ascii_isdigit (*end))
    *end = '\0';

  return g_steal_pointer (&text);
}

static char *
format_percent (double fraction)
{
  return g_strdup_printf ("%.1f%%", fraction * 100);
}

static char *
format_number (double value)
{
  return g_strdup_printf ("%.6g", value);
}

/* "+12.5" / "−3.0" / "0.0": NPS is read with its sign. */
static char *
format_points (double value)
{
  if (fabs (value) < 0.05)
    return g_strdup ("0.0");
  return g_strdup_printf ("%+.1f", value);
}

/* stats wilson */

static int
stats_wilson (int    argc,
              char **argv)
{
  g_autofree char *successes_text = NULL;
  g_autofree char *trials_text = NULL;
  g_autofree char *confidence_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "successes", 'k', 0, G_OPTION_ARG_STRING, &successes_text,
      N_("How many cases met the standard (or had the outcome)"), N_("K") },
    { "trials", 'n', 0, G_OPTION_ARG_STRING, &trials_text,
      N_("How many cases there were"), N_("N") },
    { "confidence", 'c', 0, G_OPTION_ARG_STRING, &confidence_text,
      N_("Confidence level, a fraction (default 0.95)"), N_("C") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  double confidence = 0.95;
  gint64 successes, trials;
  PlInterval interval;

  if (!pl_cli_parse_options ("stats wilson", _("--successes K --trials N"),
                             _("A proportion with its Wilson score interval: K of N cases, "
                               "and the range the true proportion lies in at the confidence "
                               "level. Wilson’s interval stays inside 0–100% and holds its "
                               "coverage for small samples and proportions near 0 or 100%."),
                             entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc > 1)
    return pl_cli_usage_error ("stats wilson", _("This command takes no arguments, only options."));
  if (successes_text == NULL)
    return pl_cli_usage_error ("stats wilson",
                               _("Say how many cases met the standard with --successes K."));
  if (trials_text == NULL)
    return pl_cli_usage_error ("stats wilson", _("Say how many cases there were with --trials N."));
  if (!parse_count (successes_text, &successes))
    return pl_cli_usage_error ("stats wilson", _("--successes takes a whole number, 0 or more."));
  if (!parse_count (trials_text, &trials))
    return pl_cli_usage_error ("stats wilson", _("--trials takes a whole number, 1 or more."));
  if (!parse_confidence (confidence_text, &confidence))
    return pl_cli_usage_error ("stats wilson", _("--confidence takes a fraction such as 0.95."));

  if (!pl_stats_wilson (successes, trials, confidence, &interval, &error))
    return pl_cli_usage_error ("stats wilson", error->message);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_string (builder, "method", "wilson");
      add_int (builder, "successes", successes);
      add_int (builder, "trials", trials);
      add_double (builder, "confidence", confidence);
      add_double (builder, "proportion", interval.estimate);
      add_double (builder, "lower", interval.lower);
      add_double (builder, "upper", interval.upper);
      add_double (builder, "z", interval.critical);
      json_builder_end_object (builder);
      pl_cli_print_json (builder);
    }
  else
    {
      g_autofree char *proportion = format_percent (interval.estimate);
      g_autofree char *k = g_strdup_printf ("%" G_GINT64_FORMAT, successes);
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, trials);
      g_autofree char *level = format_level (confidence);
      g_autofree char *lower = format_percent (interval.lower);
      g_autofree char *upper = format_percent (interval.upper);

      /* Translators: the proportion as a percentage, then K and N */
      g_print (_("Proportion: %s (%s of %s)\n"), proportion, k, n);
      /* Translators: the confidence level ("95"), then the bounds as percentages */
      g_print (_("Wilson %s%% interval: %s to %s\n"), level, lower, upper);
    }

  return EXIT_OK;
}

/* stats nps */

/* A score on a line: a whole number, "9" or "9.0", perhaps in quotes. */
static gboolean
parse_score (const char *text,
             gboolean   *numeric,
             int        *out)
{
  g_autofree char *copy = g_strdup (text);
  char *value = copy;
  char *end = NULL;
  double number;
  gsize length = strlen (value);

  if (length >= 2 && value[0] == '"' && value[length - 1] == '"')
    {
      value[length - 1] = '\0';
      value = g_strstrip (value + 1);
    }

  number = g_ascii_strtod (value, &end);
  *numeric = end != value && *end == '\0' && isfinite (number);
  if (!*numeric || number < 0 || number > 10 || number != floor (number))
    return FALSE;

  *out = (int) number;
  return TRUE;
}

/* One score per line, or a CSV file with one column and perhaps a heading
 * on its first line; blank lines are skipped. */
static GArray *
read_scores (const char  *path,
             GError     **error)
{
  g_autoptr(GArray) scores = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean first = TRUE;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is not a text file of scores."), path);
      return NULL;
    }

  lines = g_strsplit (g_str_has_prefix (contents, "\xEF\xBB\xBF") ? contents + 3 : contents,
                      "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      gboolean numeric;
      int score;

      if (*line == '\0')
        continue;

      if (strpbrk (line, ",;\t") != NULL)
        {
          g_autofree char *number = g_strdup_printf ("%u", i + 1);

          /* Translators: the file, then the line number */
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("%s, line %s, has more than one column; give one score per line."),
                       path, number);
          return NULL;
        }

      if (!parse_score (line, &numeric, &score))
        {
          g_autofree char *number = NULL;

          if (first && !numeric)
            {
              first = FALSE;
              continue;   /* a column heading */
            }

          number = g_strdup_printf ("%u", i + 1);
          /* Translators: the file, the line number, then the line's text */
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("%s, line %s: “%s” is not a score; scores are whole numbers "
                         "from 0 to 10."),
                       path, number, line);
          return NULL;
        }

      first = FALSE;
      g_array_append_val (scores, score);
    }

  if (scores->len == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID, _("%s holds no scores."), path);
      return NULL;
    }

  return g_steal_pointer (&scores);
}

static int
stats_nps (int    argc,
           char **argv)
{
  g_autofree char *scores_path = NULL;
  g_autofree char *counts_text = NULL;
  g_autofree char *confidence_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "scores", 's', 0, G_OPTION_ARG_FILENAME, &scores_path,
      N_("A text file of scores 0–10, one per line (or a one-column CSV file; "
         "a heading on the first line and blank lines are skipped)"), N_("FILE") },
    { "counts", 0, 0, G_OPTION_ARG_STRING, &counts_text,
      N_("The numbers of promoters (9–10), passives (7–8) and detractors (0–6)"),
      N_("P,PA,D") },
    { "confidence", 'c', 0, G_OPTION_ARG_STRING, &confidence_text,
      N_("Confidence level, a fraction (default 0.95)"), N_("C") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  double confidence = 0.95;
  PlNps nps;

  if (!pl_cli_parse_options ("stats nps", _("--scores FILE | --counts P,PA,D"),
                             _("The Net Promoter Score (percentage of promoters minus "
                               "percentage of detractors, from −100 to +100) with its "
                               "confidence interval, from the variance of the difference "
                               "between the two proportions."),
                             entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc > 1)
    return pl_cli_usage_error ("stats nps", _("This command takes no arguments, only options."));
  if ((scores_path == NULL) == (counts_text == NULL))
    return pl_cli_usage_error ("stats nps",
                               _("Give either a file of scores with --scores FILE or the counts "
                                 "with --counts P,PA,D."));
  if (!parse_confidence (confidence_text, &confidence))
    return pl_cli_usage_error ("stats nps", _("--confidence takes a fraction such as 0.95."));

  if (counts_text != NULL)
    {
      g_autoptr(GArray) counts = parse_counts (counts_text);

      if (counts == NULL || counts->len != 3)
        return pl_cli_usage_error ("stats nps",
                                   _("--counts takes three whole numbers: promoters, passives "
                                     "and detractors, such as 120,45,35."));
      if (!pl_stats_nps_counts (g_array_index (counts, gint64, 0),
                                g_array_index (counts, gint64, 1),
                                g_array_index (counts, gint64, 2),
                                confidence, &nps, &error))
        return pl_cli_usage_error ("stats nps", error->message);
    }
  else
    {
      g_autoptr(GArray) scores = NULL;

      /* The confidence is the user's mistake; check it before the file. */
      if (!pl_stats_nps_counts (1, 0, 0, confidence, &nps, &error))
        return pl_cli_usage_error ("stats nps", error->message);

      scores = read_scores (scores_path, &error);
      if (scores == NULL)
        return pl_cli_operation_failed (error);
      if (!pl_stats_nps_scores ((const int *) scores->data, scores->len, confidence, &nps, &error))
        return pl_cli_operation_failed (error);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_double (builder, "nps", nps.nps);
      add_int (builder, "promoters", nps.promoters);
      add_int (builder, "passives", nps.passives);
      add_int (builder, "detractors", nps.detractors);
      add_int (builder, "n", nps.n);
      add_double (builder, "confidence", confidence);
      add_double (builder, "margin", nps.margin);
      add_double (builder, "lower", nps.lower);
      add_double (builder, "upper", nps.upper);
      json_builder_end_object (builder);
      pl_cli_print_json (builder);
    }
  else
    {
      g_autofree char *score = format_points (nps.nps);
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, nps.n);
      g_autofree char *promoters = g_strdup_printf ("%" G_GINT64_FORMAT, nps.promoters);
      g_autofree char *passives = g_strdup_printf ("%" G_GINT64_FORMAT, nps.passives);
      g_autofree char *detractors = g_strdup_printf ("%" G_GINT64_FORMAT, nps.detractors);
      g_autofree char *level = format_level (confidence);
      g_autofree char *lower = format_points (nps.lower);
      g_autofree char *upper = format_points (nps.upper);
      g_autofree char *margin = g_strdup_printf ("%.1f", nps.margin);

      /* Translators: the score, then the counts */
      g_print (_("Net Promoter Score: %s from %s responses (%s promoters, %s passives, "
                 "%s detractors)\n"),
               score, n, promoters, passives, detractors);
      /* Translators: the confidence level ("95"), the bounds, then the margin in points */
      g_print (_("%s%% interval from the variance of promoters minus detractors: %s to %s "
                 "(±%s points)\n"),
               level, lower, upper, margin);
    }

  return EXIT_OK;
}

/* stats trend */

static int
stats_trend (int    argc,
             char **argv)
{
  g_autofree char *values_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "values", 'v', 0, G_OPTION_ARG_STRING, &values_text,
      N_("The series in time order, equally spaced, separated by commas"), N_("V1,V2,...") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) values = NULL;
  g_autofree char *summary = NULL;
  PlTrend trend;

  if (!pl_cli_parse_options ("stats trend", _("--values V1,V2,..."),
                             _("Is the series rising or falling? The least-squares slope with "
                               "its standard error and t test, and the Mann–Kendall test with "
                               "Kendall’s tau-b and Sen’s slope. The verdict goes by "
                               "Mann–Kendall for fewer than 10 values or clearly skewed "
                               "residuals, by least squares otherwise, at the 5% level."),
                             entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc > 1)
    return pl_cli_usage_error ("stats trend", _("This command takes no arguments, only options."));
  if (values_text == NULL)
    return pl_cli_usage_error ("stats trend", _("Give the series with --values V1,V2,..."));
  values = parse_numbers (values_text);
  if (values == NULL)
    return pl_cli_usage_error ("stats trend",
                               _("--values takes numbers separated by commas, such as 4.1,3.8,4.4."));

  if (!pl_stats_trend (NULL, (const double *) values->data, values->len, &trend, &error))
    return pl_cli_usage_error ("stats trend", error->message);

  summary = pl_trend_describe (&trend);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_int (builder, "n", (gint64) trend.n);
      add_double (builder, "slope", trend.slope);
      add_double (builder, "intercept", trend.intercept);
      add_double (builder, "slope_se", trend.slope_se);
      add_double (builder, "slope_p", trend.slope_p);
      add_double (builder, "r2", trend.r2);
      add_int (builder, "mann_kendall_s", trend.mk_s);
      add_double (builder, "mann_kendall_variance", trend.mk_variance);
      add_double (builder, "mann_kendall_z", trend.mk_z);
      add_double (builder, "mann_kendall_p", trend.mk_p);
      add_double (builder, "kendall_tau", trend.kendall_tau);
      add_string (builder, "kendall_tau_kind", "b");
      add_double (builder, "sen_slope", trend.sen_slope);
      add_string (builder, "method",
                  trend.method == PL_TREND_MANN_KENDALL ? "mann-kendall" : "least-squares");
      add_string (builder, "direction",
                  pl_trend_direction_to_string (pl_trend_direction (&trend, PL_TREND_ALPHA)));
      add_string (builder, "summary", summary);
      json_builder_end_object (builder);
      pl_cli_print_json (builder);
    }
  else
    {
      g_autofree char *n = g_strdup_printf ("%" G_GSIZE_FORMAT, trend.n);
      g_autofree char *slope = format_number (trend.slope);
      g_autofree char *se = format_number (trend.slope_se);
      g_autofree char *slope_p = pl_stats_format_p (trend.slope_p);
      g_autofree char *r2 = g_strdup_printf ("%.3f", trend.r2);
      g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT, trend.mk_s);
      g_autofree char *z = g_strdup_printf ("%.2f", trend.mk_z);
      g_autofree char *mk_p = pl_stats_format_p (trend.mk_p);
      g_autofree char *tau = g_strdup_printf ("%.3f", trend.kendall_tau);
      g_autofree char *sen = format_number (trend.sen_slope);

      /* Translators: the number of values, then "rising, significant (p = 0.004)" */
      g_print (_("Trend over %s values: %s\n"), n, summary);
      if (trend.method == PL_TREND_MANN_KENDALL && trend.n < 10)
        g_print ("%s\n", _("Judged by the Mann–Kendall test, because the series is short "
                           "(fewer than 10 values)."));
      else if (trend.method == PL_TREND_MANN_KENDALL)
        g_print ("%s\n", _("Judged by the Mann–Kendall test, because the residuals about "
                           "the straight line are skewed."));
      else
        g_print ("%s\n", _("Judged by the least-squares slope and its t test."));
      /* Translators: slope, its standard error, "p = 0.01", then r² */
      g_print (_("Least-squares slope: %s per step (standard error %s, %s), r² = %s\n"),
               slope, se, slope_p, r2);
      /* Translators: S, Z, "p = 0.01", then Kendall's tau-b */
      g_print (_("Mann–Kendall test: S = %s, Z = %s, %s; Kendall’s tau-b = %s\n"),
               s, z, mk_p, tau);
      /* Translators: %s is the median of the pairwise slopes */
      g_print (_("Sen’s slope: %s per step\n"), sen);
    }

  return EXIT_OK;
}

/* stats control */

static const char * const chart_names[] = { "xmr", "p", "xbar-r" };

static void
print_control_json (const PlControlChart *chart)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "chart", chart_names[chart->kind]);
  add_int (builder, "n", (gint64) chart->n_points);
  add_double (builder, "center", chart->center);
  if (chart->limits_vary)
    {
      add_doubles (builder, "ucl", chart->ucl, chart->n_points);
      add_doubles (builder, "lcl", chart->lcl, chart->n_points);
    }
  else
    {
      add_double (builder, "ucl", chart->ucl[0]);
      add_double (builder, "lcl", chart->lcl[0]);
    }
  add_doubles (builder, "values", chart->values, chart->n_points);
  add_doubles (builder, "sigma", chart->sigma, chart->n_points);

  if (chart->kind != PL_CHART_P)
    {
      json_builder_set_member_name (builder,
                                    chart->kind == PL_CHART_XMR ? "moving_range" : "range");
      json_builder_begin_object (builder);
      add_double (builder, "center", chart->range_center);
      add_double (builder, "ucl", chart->range_ucl);
      add_double (builder, "lcl", chart->range_lcl);
      add_doubles (builder, "values", chart->ranges, chart->n_ranges);
      json_builder_end_object (builder);
    }
  if (chart->kind == PL_CHART_XBAR_R)
    add_int (builder, "subgroup_size", chart->subgroup_size);

  json_builder_set_member_name (builder, "signals");
  json_builder_begin_array (builder);
  for (guint i = 0; i < chart->signals->len; i++)
    {
      const PlSignal *signal = &g_array_index (chart->signals, PlSignal, i);
      g_autofree char *explanation = pl_signal_explain (signal, NULL);

      json_builder_begin_object (builder);
      add_int (builder, "rule", signal->rule);
      add_int (builder, "point", (gint64) signal->point);
      add_string (builder, "side", signal->side > 0 ? "above" : "below");
      add_string (builder, "explanation", explanation);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  pl_cli_print_json (builder);
}

static void
print_control_text (const PlControlChart *chart)
{
  g_autofree char *n = g_strdup_printf ("%" G_GSIZE_FORMAT, chart->n_points);
  g_autofree char *center = format_number (chart->center);
  g_autofree char *range_center = format_number (chart->range_center);
  g_autofree char *range_ucl = format_number (chart->range_ucl);

  switch (chart->kind)
    {
    case PL_CHART_XMR:
      /* Translators: %s is the number of values */
      g_print (_("Individuals and moving range (XmR) chart of %s values\n"), n);
      break;
    case PL_CHART_P:
      /* Translators: %s is the number of samples */
      g_print (_("p chart of %s samples\n"), n);
      break;
    case PL_CHART_XBAR_R:
    default:
      {
        g_autofree char *size = g_strdup_printf ("%u", chart->subgroup_size);

        /* Translators: the number of subgroups, then their size */
        g_print (_("X̄-R chart of %s subgroups of %s\n"), n, size);
      }
      break;
    }

  /* Translators: %s is the centre line's value */
  g_print (_("Centre line: %s\n"), center);

  if (chart->limits_vary)
    {
      g_print ("%s\n", _("Control limits (3 sigma) vary with each sample’s size:"));
      for (gsize i = 0; i < chart->n_points; i++)
        {
          g_autofree char *value = format_number (chart->values[i]);
          g_autofree char *lower = format_number (chart->lcl[i]);
          g_autofree char *upper = format_number (chart->ucl[i]);
          g_autofree char *point = g_strdup_printf ("%4" G_GSIZE_FORMAT, i + 1);

          /* Translators: point number, its value, then its limits */
          g_print (_("  %s  %-10s limits %s to %s\n"), point, value, lower, upper);
        }
    }
  else
    {
      g_autofree char *lower = format_number (chart->lcl[0]);
      g_autofree char *upper = format_number (chart->ucl[0]);

      switch (chart->kind)
        {
        case PL_CHART_XMR:
          /* Translators: lower limit, upper limit, then the average moving range */
          g_print (_("Control limits: %s to %s (centre ± 2.66 × average moving range %s)\n"),
                   lower, upper, range_center);
          /* Translators: centre, then upper limit */
          g_print (_("Moving range chart: centre %s, upper limit %s (3.267 × average moving "
                     "range)\n"), range_center, range_ucl);
          break;
        case PL_CHART_P:
          /* Translators: lower limit, then upper limit */
          g_print (_("Control limits: %s to %s (p̄ ± 3 sigma)\n"), lower, upper);
          break;
        case PL_CHART_XBAR_R:
        default:
          {
            g_autofree char *range_lcl = format_number (chart->range_lcl);

            /* Translators: lower limit, upper limit, then the average range */
            g_print (_("Control limits: %s to %s (grand mean ± A2 × average range %s)\n"),
                     lower, upper, range_center);
            /* Translators: centre, lower limit, then upper limit */
            g_print (_("Range chart: centre %s, limits %s to %s (D3 and D4 × average range)\n"),
                     range_center, range_lcl, range_ucl);
          }
          break;
        }
    }

  if (chart->signals->len == 0)
    {
      g_print ("%s\n", _("No special-cause signals under the Western Electric rules: "
                         "the variation looks like the process’s usual noise."));
      return;
    }

  g_print ("%s\n", _("Special-cause signals (Western Electric rules):"));
  for (guint i = 0; i < chart->signals->len; i++)
    {
      const PlSignal *signal = &g_array_index (chart->signals, PlSignal, i);
      g_autofree char *explanation = pl_signal_explain (signal, NULL);
      g_autofree char *rule = g_strdup_printf ("%d", signal->rule);

      /* Translators: the rule's number, then the explanation */
      g_print (_("  Rule %s: %s\n"), rule, explanation);
    }
}

static int
stats_control (int    argc,
               char **argv)
{
  g_autofree char *chart_text = NULL;
  g_autofree char *values_text = NULL;
  g_autofree char *sizes_text = NULL;
  g_autofree char *subgroup_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "chart", 't', 0, G_OPTION_ARG_STRING, &chart_text,
      N_("xmr (individual values), p (proportions from counts) or xbar-r (subgroups)"),
      N_("TYPE") },
    { "values", 'v', 0, G_OPTION_ARG_STRING, &values_text,
      N_("The values in time order, separated by commas; for p, the count in each sample "
         "with the outcome; for xbar-r, every measurement, subgroup after subgroup"),
      N_("V1,V2,...") },
    { "sizes", 'n', 0, G_OPTION_ARG_STRING, &sizes_text,
      N_("For p: each sample’s size, separated by commas"), N_("N1,N2,...") },
    { "subgroup-size", 'm', 0, G_OPTION_ARG_STRING, &subgroup_text,
      N_("For xbar-r: how many measurements make a subgroup (2–10)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(PlControlChart) chart = NULL;
  g_autoptr(GError) error = NULL;
  guint kind;

  if (!pl_cli_parse_options ("stats control", _("--chart xmr|p|xbar-r --values V1,V2,..."),
                             _("Control limits and special-cause signals: the centre line, "
                               "limits at 3 sigma, and the Western Electric rules (1: a point "
                               "beyond the limits; 2: 2 of 3 beyond 2 sigma; 3: 4 of 5 beyond "
                               "1 sigma; 4: 8 in a row on one side). Points count from 0 in "
                               "JSON and from 1 in the text."),
                             entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc > 1)
    return pl_cli_usage_error ("stats control", _("This command takes no arguments, only options."));
  if (chart_text == NULL)
    return pl_cli_usage_error ("stats control", _("Choose the chart with --chart xmr, p or xbar-r."));
  for (kind = 0; kind < G_N_ELEMENTS (chart_names); kind++)
    if (g_ascii_strcasecmp (chart_text, chart_names[kind]) == 0)
      break;
  if (kind == G_N_ELEMENTS (chart_names))
    return pl_cli_usage_error ("stats control", _("--chart takes xmr, p or xbar-r."));
  if (values_text == NULL)
    return pl_cli_usage_error ("stats control", _("Give the values with --values V1,V2,..."));
  if (sizes_text != NULL && kind != PL_CHART_P)
    return pl_cli_usage_error ("stats control", _("--sizes is for the p chart only."));
  if (subgroup_text != NULL && kind != PL_CHART_XBAR_R)
    return pl_cli_usage_error ("stats control", _("--subgroup-size is for the xbar-r chart only."));

  switch (kind)
    {
    case PL_CHART_XMR:
      {
        g_autoptr(GArray) values = parse_numbers (values_text);

        if (values == NULL)
          return pl_cli_usage_error ("stats control",
                                     _("--values takes numbers separated by commas."));
        chart = pl_control_chart_xmr ((const double *) values->data, values->len, &error);
      }
      break;

    case PL_CHART_P:
      {
        g_autoptr(GArray) counts = parse_counts (values_text);
        g_autoptr(GArray) sizes = NULL;

        if (counts == NULL)
          return pl_cli_usage_error ("stats control",
                                     _("For a p chart, --values takes whole numbers (each "
                                       "sample’s count) separated by commas."));
        if (sizes_text == NULL)
          return pl_cli_usage_error ("stats control",
                                     _("A p chart needs each sample’s size with --sizes N1,N2,..."));
        sizes = parse_counts (sizes_text);
        if (sizes == NULL)
          return pl_cli_usage_error ("stats control",
                                     _("--sizes takes whole numbers separated by commas."));
        if (sizes->len != counts->len)
          return pl_cli_usage_error ("stats control",
                                     _("Give one size in --sizes for each count in --values."));
        chart = pl_control_chart_p ((const gint64 *) counts->data, (const gint64 *) sizes->data,
                                    counts->len, &error);
      }
      break;

    case PL_CHART_XBAR_R:
    default:
      {
        g_autoptr(GArray) values = parse_numbers (values_text);
        guint64 size;

        if (values == NULL)
          return pl_cli_usage_error ("stats control",
                                     _("--values takes numbers separated by commas."));
        if (subgroup_text == NULL)
          return pl_cli_usage_error ("stats control",
                                     _("An X̄-R chart needs the subgroup size with "
                                       "--subgroup-size N."));
        if (!g_ascii_string_to_unsigned (subgroup_text, 10, 2, 10, &size, NULL))
          return pl_cli_usage_error ("stats control",
                                     _("--subgroup-size takes a whole number from 2 to 10."));
        chart = pl_control_chart_xbar_r ((const double *) values->data, values->len,
                                         (guint) size, &error);
      }
      break;
    }

  if (chart == NULL)
    return pl_cli_usage_error ("stats control", error->message);

  if (json)
    print_control_json (chart);
  else
    print_control_text (chart);

  return EXIT_OK;
}

/* stats kappa */

/* A first column headed like this (or not headed at all) names the items
 * rather than holding a rater's ratings, as R's write.csv() and most
 * spreadsheets write it. */
static gboolean
is_item_column (const char *header)
{
  /* "Column 1" is how the CSV reader names a blank first header. */
  static const char * const names[] = {
    "", "Column 1", "item", "items", "id", "subject", "case",
  };
  g_autofree char *name = g_strstrip (g_strdup (header != NULL ? header : ""));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
record_blank (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    {
      const char *field = g_ptr_array_index (fields, i);

      for (const char *p = field; p != NULL && *p != '\0'; p++)
        if (!g_ascii_isspace (*p))
          return FALSE;
    }

  return TRUE;
}

typedef struct
{
  GPtrArray *raters;   /* char *: the header of each rater's column */
  GPtrArray *labels;   /* char * or NULL: n_items × n_raters, row after row */
  guint      n_items;
} Ratings;

static void
ratings_clear (Ratings *ratings)
{
  g_clear_pointer (&ratings->raters, g_ptr_array_unref);
  g_clear_pointer (&ratings->labels, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ratings, ratings_clear)

/* The ratings file: a header row naming the raters, then one row per item
 * with a category label in each rater's column; an empty cell is a
 * missing rating. */
static gboolean
read_ratings (const char  *path,
              Ratings     *ratings,
              GError     **error)
{
  const char * const no_tokens[] = { "", NULL };
  g_autoptr(PlCsvSniff) sniff = NULL;
  g_autoptr(PlCsvReader) reader = NULL;
  PlCsvDialect dialect = { 0 };
  GPtrArray *headers;
  GPtrArray *fields = NULL;
  guint64 line = 0;
  guint first = 0;

  sniff = pl_csv_sniff (path, no_tokens, NULL, error);
  if (sniff == NULL)
    return FALSE;

  /* The header row is part of the format, whatever the sniffer guessed. */
  pl_csv_dialect_copy (&sniff->dialect, &dialect);
  dialect.header_rows = 1;
  reader = pl_csv_reader_new (path, &dialect, error);
  pl_csv_dialect_clear (&dialect);
  if (reader == NULL)
    return FALSE;

  headers = pl_csv_reader_get_headers (reader);
  if (headers->len > 0 && is_item_column (g_ptr_array_index (headers, 0)))
    first = 1;

  ratings->raters = g_ptr_array_new_with_free_func (g_free);
  for (guint c = first; c < headers->len; c++)
    g_ptr_array_add (ratings->raters, g_strstrip (g_strdup (g_ptr_array_index (headers, c))));

  if (ratings->raters->len < 2)
    {
      /* Translators: %s is the file */
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("%s has only one rater’s column; agreement needs at least two, "
                     "one column per rater with a header row naming them."),
                   path);
      return FALSE;
    }

  ratings->labels = g_ptr_array_new_with_free_func (g_free);
  while (pl_csv_reader_next (reader, &fields, &line, error))
    {
      if (record_blank (fields))
        continue;

      if (fields->len != headers->len)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, line);
          g_autofree char *got = g_strdup_printf ("%u", fields->len);
          g_autofree char *wanted = g_strdup_printf ("%u", headers->len);

          /* Translators: the file, the line number, its number of cells, then the header's */
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("%s, line %s, has %s cells but the header row has %s; every item "
                         "needs a cell (perhaps empty) for each rater."),
                       path, number, got, wanted);
          return FALSE;
        }

      for (guint c = first; c < fields->len; c++)
        {
          const char *field = g_ptr_array_index (fields, c);
          g_autofree char *label = g_strstrip (g_strdup (field != NULL ? field : ""));

          g_ptr_array_add (ratings->labels, *label != '\0' ? g_steal_pointer (&label) : NULL);
        }
      ratings->n_items++;
    }

  if (error != NULL && *error != NULL)
    return FALSE;

  if (ratings->n_items == 0)
    {
      /* Translators: %s is the file */
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("%s has a header row but no items below it."), path);
      return FALSE;
    }

  return TRUE;
}

static void
print_kappa_json (const PlAgreement *agreement,
                  const Ratings     *ratings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "method", pl_agreement_method_to_string (agreement->method));
  add_int (builder, "n_items", agreement->n_items);
  add_int (builder, "n_left_out", agreement->n_left_out);
  add_int (builder, "n_raters", agreement->n_raters);
  json_builder_set_member_name (builder, "raters");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ratings->raters->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (ratings->raters, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "categories");
  json_builder_begin_array (builder);
  for (guint i = 0; i < agreement->categories->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (agreement->categories, i));
  json_builder_end_array (builder);
  add_double (builder, "agreement", agreement->agreement);
  add_double (builder, "unanimous", agreement->unanimous);
  add_double (builder, "expected", agreement->expected);
  add_double (builder, "kappa", agreement->kappa);
  if (agreement->method == PL_AGREEMENT_COHEN)
    {
      add_double (builder, "se", agreement->se);
      add_double (builder, "confidence", 0.95);
      json_builder_set_member_name (builder, "interval");
      json_builder_begin_array (builder);
      json_builder_add_double_value (builder, agreement->lower);
      json_builder_add_double_value (builder, agreement->upper);
      json_builder_end_array (builder);
      add_double (builder, "lower", agreement->lower);
      add_double (builder, "upper", agreement->upper);
    }
  add_string (builder, "interpretation", pl_agreement_landis_koch_key (agreement->kappa));
  json_builder_end_object (builder);

  pl_cli_print_json (builder);
}

static void
print_kappa_text (const PlAgreement *agreement,
                  const Ratings     *ratings)
{
  g_autofree char *items = g_strdup_printf ("%u", agreement->n_items);
  g_autofree char *raters = g_strdup_printf ("%u", agreement->n_raters);
  g_autofree char *observed = format_percent (agreement->agreement);
  g_autofree char *expected = format_percent (agreement->expected);
  g_autofree char *kappa = pl_agreement_format_kappa (agreement->kappa);
  g_autoptr(GString) categories = g_string_new (NULL);

  for (guint i = 0; i < agreement->categories->len; i++)
    g_string_append_printf (categories, "%s%s", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (agreement->categories, i));

  if (agreement->method == PL_AGREEMENT_COHEN)
    {
      g_autofree char *se = g_strdup_printf ("%.3f", agreement->se);
      g_autofree char *lower = pl_agreement_format_kappa (agreement->lower);
      g_autofree char *upper = pl_agreement_format_kappa (agreement->upper);

      /* Translators: the two raters' names, then the number of items */
      g_print (_("Cohen’s kappa for two raters (%s and %s) on %s items\n"),
               (const char *) g_ptr_array_index (ratings->raters, 0),
               (const char *) g_ptr_array_index (ratings->raters, 1), items);
      /* Translators: observed agreement, then chance agreement, as percentages */
      g_print (_("Agreement: %s of items (%s expected by chance)\n"), observed, expected);
      /* Translators: kappa, its word ("moderate"), the interval's bounds, then the standard error */
      g_print (_("κ = %s: %s agreement (Landis & Koch); 95%% interval %s to %s, "
                 "standard error %s\n"),
               kappa, pl_agreement_landis_koch (agreement->kappa), lower, upper, se);
      if (agreement->n_left_out > 0)
        {
          g_autofree char *left_out = g_strdup_printf ("%u", agreement->n_left_out);

          /* Translators: %s is a number of items */
          g_print (_("Left out: %s items without a rating from both raters.\n"), left_out);
        }
    }
  else
    {
      g_autofree char *unanimous = format_percent (agreement->unanimous);

      /* Translators: the number of raters, then the number of items */
      g_print (_("Fleiss’ kappa for %s raters on %s items\n"), raters, items);
      /* Translators: mean pairwise agreement, chance agreement, then the share of unanimous items */
      g_print (_("Agreement: %s of rater pairs agree on an item on average (%s expected "
                 "by chance); all raters agree on %s of items\n"),
               observed, expected, unanimous);
      /* Translators: kappa, then its word ("moderate") */
      g_print (_("κ = %s: %s agreement (Landis & Koch)\n"),
               kappa, pl_agreement_landis_koch (agreement->kappa));
    }

  /* Translators: %s lists the category labels */
  g_print (_("Categories: %s\n"), categories->str);
}

static int
stats_kappa (int    argc,
             char **argv)
{
  g_autofree char *ratings_path = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "ratings", 'r', 0, G_OPTION_ARG_FILENAME, &ratings_path,
      N_("A CSV file of ratings: a header row naming the raters, then one row per item "
         "with each rater’s category in their column"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_auto(Ratings) ratings = { 0 };
  g_autoptr(PlAgreement) agreement = NULL;
  g_autoptr(GError) error = NULL;

  if (!pl_cli_parse_options ("stats kappa", _("--ratings FILE"),
                             _("Inter-rater agreement on categories: the percentage of "
                               "agreement and kappa, agreement corrected for chance. Two "
                               "raters give Cohen’s kappa with its standard error (Fleiss, "
                               "Cohen & Everitt) and 95% interval; three or more give "
                               "Fleiss’ kappa. Kappa is read with Landis & Koch’s words: "
                               "below 0 poor, to 0.20 slight, to 0.40 fair, to 0.60 "
                               "moderate, to 0.80 substantial, above almost perfect.\n\n"
                               "The ratings file is CSV (comma, semicolon or tab): the "
                               "first row names the raters, one column each; every other "
                               "row is one item, each cell that rater’s category, as text "
                               "(yes, partly, no) or a number (1–5). A first column headed "
                               "item, id or nothing names the items and is not a rater. An "
                               "empty cell is a missing rating: with two raters the item is "
                               "left out and counted; with more, every item needs a rating "
                               "from every rater.\n\n"
                               "  item,Ann,Ben\n"
                               "  call 1,yes,yes\n"
                               "  call 2,no,yes\n"
                               "  call 3,,no\n\n"
                               "Here call 3 is left out: Ben rated it, Ann did not."),
                             entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc > 1)
    return pl_cli_usage_error ("stats kappa", _("This command takes no arguments, only options."));
  if (ratings_path == NULL)
    return pl_cli_usage_error ("stats kappa",
                               _("Give the file of ratings with --ratings FILE."));

  if (!read_ratings (ratings_path, &ratings, &error))
    return pl_cli_operation_failed (error);

  agreement = pl_agreement_from_labels ((const char * const *) ratings.labels->pdata,
                                        ratings.n_items, ratings.raters->len, &error);
  if (agreement == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s: %s", ratings_path, error->message);
      g_autoptr(GError) wrapped = g_error_new_literal (PL_ERROR, PL_ERROR_INVALID, message);

      return pl_cli_operation_failed (wrapped);
    }

  if (!agreement->defined)
    {
      g_autofree char *observed = format_percent (agreement->agreement);
      g_autofree char *message = NULL;
      g_autoptr(GError) undefined = NULL;

      /* Translators: the file, the category, then the observed agreement */
      message = g_strdup_printf (_("%s: kappa is undefined because every rating is “%s”: "
                                   "chance alone would give 100%% agreement, so there is "
                                   "nothing to correct for. Observed agreement is %s."),
                                 ratings_path,
                                 (const char *) g_ptr_array_index (agreement->categories, 0),
                                 observed);
      undefined = g_error_new_literal (PL_ERROR, PL_ERROR_INVALID, message);
      return pl_cli_operation_failed (undefined);
    }

  if (json)
    print_kappa_json (agreement, &ratings);
  else
    print_kappa_text (agreement, &ratings);

  return EXIT_OK;
}

/* stats */

static const struct
{
  const char *name;
  const char *usage;
  int       (*run) (int argc, char **argv);
} calculations[] = {
  { "wilson", "--successes K --trials N [--confidence C]", stats_wilson },
  { "nps", "--scores FILE | --counts P,PA,D [--confidence C]", stats_nps },
  { "trend", "--values V1,V2,...", stats_trend },
  { "control", "--chart xmr|p|xbar-r --values V1,V2,... [--sizes N1,N2,...] "
               "[--subgroup-size N]", stats_control },
  { "kappa", "--ratings FILE", stats_kappa },
};

int
pl_cli_stats (int    argc,
              char **argv)
{
  if (argc < 2)
    return pl_cli_usage_error ("stats", _("Name a calculation: wilson, nps, trend, control or kappa."));

  for (guint i = 0; i < G_N_ELEMENTS (calculations); i++)
    if (g_str_equal (argv[1], calculations[i].name))
      return calculations[i].run (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print ("%s\n", _("Usage:"));
      for (guint i = 0; i < G_N_ELEMENTS (calculations); i++)
        g_print ("  plumbline-cli stats %s %s [--json]\n",
                 calculations[i].name, calculations[i].usage);
      g_print ("\n%s\n", _("Run “plumbline-cli stats NAME --help” for a calculation’s options."));
      return EXIT_OK;
    }

  {
    g_autofree char *message =
      g_strdup_printf (_("Unknown calculation “%s”; choose wilson, nps, trend, control or kappa."),
                       argv[1]);

    return pl_cli_usage_error ("stats", message);
  }
}
