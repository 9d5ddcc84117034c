/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/pl-analysis.h"
#include "core/pl-util.h"
#include "core/pl-workspace.h"

#include "pl-cli.h"

/* analyse WORKSPACE [--kpi CODE] [--period week|month|quarter]
 *                   [--by channel|team|colleague] [--confidence C] [--json]
 *
 * Every KPI (or one) per period, with its n, value, confidence interval,
 * status and sample flags; with --by, each segment's rows as well; the
 * trend of the whole KPI in words and its control chart's signals, each
 * naming its period. Options that make no sense are usage errors (2); a
 * workspace that cannot be read or a KPI that is not there is a failed
 * operation (1). */

/* JSON */

static void
add_double (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
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
add_bool (JsonBuilder *builder,
          const char  *member,
          gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
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
    if (isfinite (values[i]))
      json_builder_add_double_value (builder, values[i]);
    else
      json_builder_add_null_value (builder);
  json_builder_end_array (builder);
}

static void
add_results_json (JsonBuilder   *builder,
                  PlKpiAnalysis *analysis)
{
  const char *method = pl_interval_method_to_string (analysis->method);

  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < analysis->cells->len; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (analysis->cells, PlAnalysisCell, i);
      const PlSegment *segment = pl_kpi_analysis_get_segment (analysis, cell->segment_id);
      g_autofree char *label = pl_analysis_period_label (analysis->period, cell->period_start);

      json_builder_begin_object (builder);
      add_string (builder, "period_start", cell->period_start);
      add_string (builder, "period_label", label);
      add_string (builder, "segment", segment != NULL ? segment->code : NULL);
      add_string (builder, "segment_name", segment != NULL ? segment->name : NULL);
      add_int (builder, "n", cell->n);
      add_double (builder, "value", cell->value);
      add_double (builder, "lower", cell->lower);
      add_double (builder, "upper", cell->upper);
      add_double (builder, "half_width", cell->half_width);
      add_string (builder, "method", method);
      add_string (builder, "status", pl_status_to_string (cell->status));
      add_bool (builder, "insufficient", cell->insufficient);
      add_bool (builder, "small_sample", cell->small_sample);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_trend_json (JsonBuilder   *builder,
                PlKpiAnalysis *analysis)
{
  const PlTrend *trend = &analysis->trend;

  json_builder_set_member_name (builder, "trend");
  if (!analysis->has_trend)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  add_int (builder, "n", (gint64) trend->n);
  add_double (builder, "slope", trend->slope);
  add_double (builder, "slope_se", trend->slope_se);
  add_double (builder, "slope_p", trend->slope_p);
  add_double (builder, "r2", trend->r2);
  add_int (builder, "mann_kendall_s", trend->mk_s);
  add_double (builder, "mann_kendall_z", trend->mk_z);
  add_double (builder, "mann_kendall_p", trend->mk_p);
  add_double (builder, "kendall_tau", trend->kendall_tau);
  add_double (builder, "sen_slope", trend->sen_slope);
  add_string (builder, "test", trend->method == PL_TREND_MANN_KENDALL
                               ? "mann_kendall" : "least_squares");
  add_string (builder, "direction",
              pl_trend_direction_to_string (pl_trend_direction (trend, PL_TREND_ALPHA)));
  add_string (builder, "summary", analysis->trend_summary);
  json_builder_end_object (builder);
}

static void
add_control_json (JsonBuilder   *builder,
                  PlKpiAnalysis *analysis)
{
  const PlControlChart *chart = analysis->chart;

  json_builder_set_member_name (builder, "control");
  if (chart == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  add_string (builder, "chart", chart->kind == PL_CHART_P ? "p" : "xmr");
  add_int (builder, "n", (gint64) chart->n_points);
  add_double (builder, "center", chart->center);
  /* As "stats control": one number, or one per point where limits vary. */
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

  json_builder_set_member_name (builder, "signals");
  json_builder_begin_array (builder);
  for (guint i = 0; i < chart->signals->len; i++)
    {
      const PlSignal *signal = &g_array_index (chart->signals, PlSignal, i);
      const PlAnalysisCell *cell = &g_array_index (analysis->cells, PlAnalysisCell,
                                                   signal->point);

      json_builder_begin_object (builder);
      add_int (builder, "rule", signal->rule);
      add_string (builder, "period_start", cell->period_start);
      add_string (builder, "side", signal->side > 0 ? "above" : "below");
      add_string (builder, "explanation", g_ptr_array_index (analysis->explanations, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_json (const char              *path,
            const PlAnalysisOptions *options,
            GPtrArray               *analyses)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "workspace", path);
  add_string (builder, "period", pl_analysis_period_to_string (options->period));
  add_string (builder, "by", options->segment != PL_SEGMENT_NONE
                             ? pl_segment_kind_to_string (options->segment) : NULL);
  add_double (builder, "confidence", options->confidence);

  json_builder_set_member_name (builder, "kpis");
  json_builder_begin_array (builder);
  for (guint i = 0; i < analyses->len; i++)
    {
      PlKpiAnalysis *analysis = g_ptr_array_index (analyses, i);
      PlKpi *kpi = analysis->kpi;
      g_autofree char *method_label = pl_interval_method_label (analysis->method,
                                                                analysis->confidence);

      json_builder_begin_object (builder);
      add_string (builder, "code", pl_kpi_get_code (kpi));
      add_string (builder, "name", pl_kpi_get_name (kpi));
      add_string (builder, "calculation", pl_kpi_calc_to_string (pl_kpi_get_calc (kpi)));
      add_string (builder, "unit", pl_kpi_get_unit (kpi));
      add_string (builder, "direction", pl_kpi_get_higher_is_better (kpi) ? "higher" : "lower");
      add_double (builder, "target", pl_kpi_get_target (kpi));
      add_double (builder, "red_threshold", pl_kpi_get_red_threshold (kpi));
      add_string (builder, "period", pl_analysis_period_to_string (analysis->period));
      add_string (builder, "method", pl_interval_method_to_string (analysis->method));
      add_string (builder, "method_label", method_label);
      add_double (builder, "margin", analysis->margin);
      add_int (builder, "min_sample", analysis->min_sample);
      add_bool (builder, "segments_available",
                analysis->segment_kind == PL_SEGMENT_NONE || analysis->segments_available);
      add_results_json (builder, analysis);
      add_trend_json (builder, analysis);
      add_control_json (builder, analysis);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  pl_cli_print_json (builder);
}

/* Text */

/* Pads by characters, not bytes, so translated names line up. */
static void
print_padded (const char *text,
              int         width)
{
  glong len = g_utf8_strlen (text, -1);

  g_print ("%s", text);
  for (glong i = len; i < width; i++)
    g_print (" ");
}

static char *
period_column (PlAnalysisPeriod  period,
               const char       *period_start)
{
  if (period == PL_ANALYSIS_WEEK)
    return pl_date_format_short (period_start);
  return pl_analysis_period_label (period, period_start);
}

static void
print_kpi_text (PlKpiAnalysis *analysis)
{
  PlKpi *kpi = analysis->kpi;
  g_autofree char *method = pl_interval_method_label (analysis->method, analysis->confidence);
  g_autofree char *target = pl_kpi_format_value (kpi, pl_kpi_get_target (kpi));
  g_autofree char *min_sample = g_strdup_printf ("%" G_GINT64_FORMAT, analysis->min_sample);

  /* Translators: KPI name, its code, the interval method, the target */
  g_print (_("%s (%s): %s, target %s\n"), pl_kpi_get_name (kpi), pl_kpi_get_code (kpi),
           method, target);

  if (analysis->segment_kind != PL_SEGMENT_NONE && !analysis->segments_available)
    g_print ("  %s\n", _("This KPI’s data is not recorded per colleague: whole-KPI rows only."));

  if (analysis->cells->len == 0)
    {
      g_print ("  %s\n\n", _("No data in any period yet."));
      return;
    }

  g_print ("  ");
  print_padded (_("Period"), 16);
  print_padded (_("Segment"), 22);
  print_padded (_("n"), 8);
  print_padded (_("Value"), 10);
  print_padded (_("Interval"), 22);
  g_print ("%s\n", _("Status"));

  for (guint i = 0; i < analysis->cells->len; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (analysis->cells, PlAnalysisCell, i);
      const PlSegment *segment = pl_kpi_analysis_get_segment (analysis, cell->segment_id);
      g_autofree char *period = period_column (analysis->period, cell->period_start);
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, cell->n);
      g_autofree char *value = pl_kpi_format_value (kpi, cell->value);
      g_autofree char *interval = NULL;
      g_autoptr(GString) status = g_string_new (pl_status_to_label (cell->status));

      if (isfinite (cell->lower))
        {
          g_autofree char *lower = pl_kpi_format_value (kpi, cell->lower);
          g_autofree char *upper = pl_kpi_format_value (kpi, cell->upper);

          /* Translators: an interval, lower bound then upper bound */
          interval = g_strdup_printf (_("%s to %s"), lower, upper);
        }
      else
        interval = g_strdup (analysis->method == PL_INTERVAL_NONE ? _("no interval")
                                                                  : _("too few for one"));

      if (cell->insufficient)
        g_string_append_printf (status, ", %s", _("insufficient sample"));
      if (cell->small_sample)
        /* Translators: %s is the smallest sample, "10" */
        g_string_append_printf (status, _(", small sample (under %s)"), min_sample);

      g_print ("  ");
      print_padded (period, 16);
      print_padded (segment != NULL && segment->name != NULL ? segment->name : _("All"), 22);
      print_padded (n, 8);
      print_padded (value, 10);
      print_padded (interval, 22);
      g_print ("%s\n", status->str);
    }

  /* Translators: %s is "falling, significant (p = 0.004)" */
  g_print (_("  Trend: %s\n"), analysis->trend_summary);

  if (analysis->chart != NULL)
    {
      if (analysis->chart->signals->len == 0)
        g_print ("  %s\n", _("Control chart: no special-cause signals."));
      else
        g_print ("  %s\n", _("Control chart signals (Western Electric rules):"));
      for (guint i = 0; i < analysis->explanations->len; i++)
        g_print ("    %s\n", (const char *) g_ptr_array_index (analysis->explanations, i));
    }

  g_print ("\n");
}

int
pl_cli_analyse (int    argc,
                char **argv)
{
  g_autofree char *kpi_code = NULL;
  g_autofree char *period_text = NULL;
  g_autofree char *by_text = NULL;
  g_autofree char *confidence_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "kpi", 'k', 0, G_OPTION_ARG_STRING, &kpi_code,
      N_("Analyse only the KPI with this code"), N_("CODE") },
    { "period", 'p', 0, G_OPTION_ARG_STRING, &period_text,
      N_("week (default), month or quarter"), N_("PERIOD") },
    { "by", 'b', 0, G_OPTION_ARG_STRING, &by_text,
      N_("Add rows per channel, team, colleague or weekday (day of the week)"), N_("FIELD") },
    { "confidence", 'c', 0, G_OPTION_ARG_STRING, &confidence_text,
      N_("Confidence level of the intervals, a fraction (default 0.95)"), N_("C") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) analyses = NULL;
  g_autoptr(GError) error = NULL;
  PlAnalysisOptions options;

  pl_analysis_options_init (&options);

  if (!pl_cli_parse_options ("analyse", _("WORKSPACE"),
                             _("Every KPI per period (and per channel, team, colleague or day "
                               "of the week with --by): n, value, confidence interval (Wilson for proportions, "
                               "t for means and the QA score, the NPS interval), status "
                               "against target and small-sample flags; the trend in words; "
                               "control-chart signals (Western Electric rules), each with its "
                               "period. The margin behind “insufficient sample” is the "
                               "workspace setting analysis_margin (default 5 points per 100 "
                               "of the KPI’s range)."),
                             entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc < 2)
    return pl_cli_usage_error ("analyse", _("Give the workspace file to analyse."));
  if (argc > 2)
    return pl_cli_usage_error ("analyse", _("Give one workspace file only."));

  if (period_text != NULL && !pl_analysis_period_from_string (period_text, &options.period))
    return pl_cli_usage_error ("analyse", _("--period takes week, month or quarter."));
  if (by_text != NULL &&
      (!pl_segment_kind_from_string (by_text, &options.segment) ||
       options.segment == PL_SEGMENT_NONE))
    return pl_cli_usage_error ("analyse", _("--by takes channel, team, colleague or weekday."));
  if (confidence_text != NULL)
    {
      char *end = NULL;

      options.confidence = g_ascii_strtod (confidence_text, &end);
      if (end == confidence_text || *end != '\0' ||
          !(options.confidence >= 0.5 && options.confidence <= 0.999))
        return pl_cli_usage_error ("analyse",
                                   _("--confidence takes a fraction from 0.5 to 0.999, such as 0.95."));
    }

  if (!g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_("There is no workspace file “%s”.\n"), argv[1]);
      return EXIT_FAILED;
    }

  workspace = pl_workspace_open (argv[1], &error);
  if (workspace == NULL)
    return pl_cli_operation_failed (error);

  analyses = pl_analysis_run (workspace, kpi_code, &options, &error);
  if (analyses == NULL)
    return pl_cli_operation_failed (error);

  if (json)
    print_json (argv[1], &options, analyses);
  else
    for (guint i = 0; i < analyses->len; i++)
      print_kpi_text (g_ptr_array_index (analyses, i));

  return EXIT_OK;
}
