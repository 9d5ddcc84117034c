/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/pl-analysis.h"
#include "core/pl-error.h"
#include "core/pl-intervention.h"
#include "core/pl-kpi.h"
#include "core/pl-theme.h"
#include "core/pl-util.h"

#include "pl-chart-widget.h"
#include "pl-kpi-analysis-page.h"

/* KPI detail (issue 5; unit 403 AC 3.1–3.2): one KPI period by period with
 * its intervals and status, its trend in words, a control chart with the
 * special causes explained, its segments, the distribution of answers,
 * and the themes and quotes behind it, because numbers alone do not say
 * why. */

/* Changes come in bursts (an import, rules applied): wait this long after
 * the last one before analysing again. */
#define REFRESH_DELAY_MS 150

/* The most frequent themes shown, and the quotes for each. */
#define MAX_THEMES 5
#define N_QUOTES   3

/* The periods the distribution shows, up to the one in focus. */
#define MAX_DISTRIBUTION_PERIODS 8

/* The special-cause signals listed before "Show earlier signals". */
#define MAX_SIGNALS_SHOWN 5

typedef enum
{
  CHART_TREND,
  CHART_CONTROL,
} ChartType;

/* What the worker thread is asked for. */
typedef struct
{
  PlWorkspace       *workspace;
  PlKpi             *kpi;
  PlAnalysisOptions  options;
  char              *focus;     /* the period asked for, or NULL: the latest */
} Request;

/* A theme raised in the comments of the period in focus. */
typedef struct
{
  gint64      theme_id;
  char       *name;             /* its path, "Billing › Direct debit" */
  gint64      n_coded;
  gint64      n_comments;
  double      share;
  GListModel *quotes;           /* of PlComment */
} ThemeRow;

/* Everything the page shows, computed together off the main thread. */
typedef struct
{
  PlKpiAnalysis *analysis;
  char          *focus;         /* a whole-KPI period, or NULL without data */
  gboolean       has_codebook;
  gint64         n_comments;    /* every comment of the KPI's sources in the focus period */
  GPtrArray     *themes;        /* of ThemeRow: coded at least once, most often first */
  GPtrArray     *changes;       /* of PlIntervention: this KPI's and every KPI's, by day */
  PlAnalysisComparison *comparisons; /* one per change: before it against since */
  PlAnswerDistribution *answers; /* a survey KPI's answers over its scale, or NULL */
  gboolean      *compared;      /* FALSE where a side had too few records */
} Result;

/* What the segment and distribution charts point to: the widget copies the
 * description only, so this lives until the chart is replaced. */
typedef struct
{
  PlBarChart           bar;
  PlDistributionChart  distribution;
  GArray              *bars;        /* PlBarChartBar */
  GPtrArray           *strings;     /* char*, owned */
  GPtrArray           *names;       /* char* pointers into strings: levels, categories */
  double              *counts;
} ChartData;

struct _PlKpiAnalysisPage
{
  AdwBin             parent_instance;

  GtkStack          *stack;
  GtkSpinner        *spinner;
  GtkScrolledWindow *scrolled;
  GtkDropDown       *kpi_dropdown;
  GtkLabel          *status_label;
  GtkLabel          *latest_label;
  GtkLabel          *definition_label;
  GtkWidget         *week_button;
  GtkWidget         *month_button;
  GtkWidget         *quarter_button;
  GtkWidget         *none_button;
  GtkWidget         *channel_button;
  GtkWidget         *team_button;
  GtkWidget         *colleague_button;
  GtkWidget         *weekday_button;
  GtkMenuButton     *segment_menu_button;
  AdwSqueezer       *segment_squeezer;
  GtkWidget         *trend_button;
  GtkWidget         *control_button;
  GtkWidget         *no_codebook_button;
  AdwStatusPage     *error_page;
  GtkWidget         *content_box;
  GtkLabel          *chart_title;
  PlChartWidget     *chart;
  GtkLabel          *trend_label;
  GtkLabel          *chart_note;
  GtkWidget         *signals_box;
  GtkListBox        *changes_list;
  GtkLabel          *signals_title;
  GtkListBox        *signals_list;
  AdwPreferencesGroup *themes_group;
  GtkStack          *themes_stack;
  AdwActionRow      *no_themes_row;
  GtkListBox        *themes_list;
  GtkLabel          *quotes_title;
  GtkListBox        *quotes_list;
  AdwPreferencesGroup *segments_group;
  GtkWidget         *segments_box;
  PlChartWidget     *segments_chart;
  GtkLabel          *segments_caption;
  GtkListBox        *segments_list;
  AdwPreferencesGroup *distribution_group;
  PlChartWidget     *distribution_chart;
  GtkLabel          *distribution_caption;
  AdwPreferencesGroup *periods_group;
  GtkListBox        *periods_list;

  PlWorkspace       *workspace;
  GListModel        *kpis;          /* PlKpi, not archived, as in the chooser */
  GtkStringList     *kpi_names;
  gint64             kpi_id;
  PlAnalysisPeriod   period;
  PlSegmentKind      segment;
  ChartType          chart_type;
  char              *focus;         /* the period the user picked, or NULL: the latest */
  gint64             theme_id;      /* the theme whose quotes show */

  Result            *result;
  char              *error;         /* why the KPI could not be analysed */
  ChartData         *segment_data;
  ChartData         *distribution_data;
  GCancellable      *cancellable;
  guint              refresh_source;
  gboolean           all_signals;
  gboolean           stale;
  gboolean           rebuilding;
  gboolean           retried;
};

G_DEFINE_FINAL_TYPE (PlKpiAnalysisPage, pl_kpi_analysis_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_PERIOD,
  PROP_SEGMENT,
  PROP_CHART_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void analyse (PlKpiAnalysisPage *self);
static PlKpi *current_kpi (PlKpiAnalysisPage *self);
static void show_themes (PlKpiAnalysisPage *self);

/* Data */

static void
request_free (Request *request)
{
  g_clear_object (&request->workspace);
  g_clear_object (&request->kpi);
  g_clear_pointer (&request->focus, g_free);
  g_free (request);
}

static void
theme_row_free (gpointer data)
{
  ThemeRow *row = data;

  g_free (row->name);
  g_clear_object (&row->quotes);
  g_free (row);
}

static void
result_free (Result *result)
{
  g_clear_pointer (&result->analysis, pl_kpi_analysis_free);
  g_clear_pointer (&result->focus, g_free);
  g_clear_pointer (&result->themes, g_ptr_array_unref);
  g_clear_pointer (&result->changes, g_ptr_array_unref);
  g_free (result->comparisons);
  g_free (result->compared);
  g_clear_pointer (&result->answers, pl_answer_distribution_free);
  g_free (result);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static ChartData *
chart_data_new (void)
{
  ChartData *data = g_new0 (ChartData, 1);

  data->bars = g_array_new (FALSE, TRUE, sizeof (PlBarChartBar));
  data->strings = g_ptr_array_new_with_free_func (g_free);
  data->names = g_ptr_array_new ();

  return data;
}

static void
chart_data_free (ChartData *data)
{
  g_array_unref (data->bars);
  g_ptr_array_unref (data->names);
  g_ptr_array_unref (data->strings);
  g_free (data->counts);
  g_free (data);
}

/* Keeps @text (taken) for as long as the chart data lives. */
static const char *
chart_data_take (ChartData *data,
                 char      *text)
{
  g_ptr_array_add (data->strings, text);
  return text;
}

/* Periods */

static const char *
period_nick (PlAnalysisPeriod period)
{
  return pl_analysis_period_to_string (period);
}

static void
next_period (GDate            *date,
             PlAnalysisPeriod  period)
{
  switch (period)
    {
    case PL_ANALYSIS_MONTH:
      g_date_add_months (date, 1);
      break;
    case PL_ANALYSIS_QUARTER:
      g_date_add_months (date, 3);
      break;
    case PL_ANALYSIS_WEEK:
    default:
      g_date_add_days (date, 7);
      break;
    }
}

/* The last day of the period that starts on @start. */
static char *
period_end (PlAnalysisPeriod  period,
            const char       *start)
{
  GDate date;

  if (!pl_date_parse_iso (start, &date))
    return g_strdup (start);

  next_period (&date, period);
  g_date_subtract_days (&date, 1);

  return pl_date_to_iso (&date);
}

/* A period as a row's title: "Week of 6 Jul 2026", "July 2026", "Q3 2026". */
static char *
period_title (PlAnalysisPeriod  period,
              const char       *start)
{
  if (period == PL_ANALYSIS_WEEK)
    {
      g_autofree char *day = pl_date_format_short (start);

      /* Translators: a week as a heading, "Week of 6 Jul 2026" */
      return g_strdup_printf (_("Week of %s"), day);
    }

  return pl_analysis_period_label (period, start);
}

/* A period as a chart category: short. */
static char *
period_short (PlAnalysisPeriod  period,
              const char       *start)
{
  GDate date;
  char buf[64];

  if (period == PL_ANALYSIS_QUARTER || !pl_date_parse_iso (start, &date))
    return pl_analysis_period_label (period, start);

  /* Translators: a week on a chart's axis, strftime: "6 Jul"; a month: "Jul 2026" */
  if (g_date_strftime (buf, sizeof buf, period == PL_ANALYSIS_WEEK ? _("%e %b") : _("%b %Y"), &date) == 0)
    return g_strdup (start);

  return g_strstrip (g_strdup (buf));
}

/* Words */

static const char *
status_class (PlStatus status)
{
  switch (status)
    {
    case PL_STATUS_GREEN:
      return "status-green";
    case PL_STATUS_AMBER:
      return "status-amber";
    case PL_STATUS_RED:
      return "status-red";
    case PL_STATUS_NONE:
    default:
      return "status-none";
    }
}

static void
set_status_pill (GtkLabel *label,
                 PlStatus  status)
{
  static const char * const classes[] = {
    "status-none", "status-green", "status-amber", "status-red",
  };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (label), status_class (status));
  gtk_label_set_label (label, pl_status_to_label (status));
}

static GtkWidget *
new_pill (PlStatus status)
{
  GtkWidget *pill = gtk_label_new (NULL);

  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_set_name (pill, "status");
  set_status_pill (GTK_LABEL (pill), status);

  return pill;
}

static GtkWidget *
new_value_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_name (label, "value");

  return label;
}

static char *
describe_count (PlKpi  *kpi,
                gint64  n)
{
  gulong count = (gulong) MAX (n, 0);

  switch (pl_kpi_get_source (kpi))
    {
    case PL_KPI_SOURCE_SURVEY:
      return g_strdup_printf (ngettext ("%lu survey answer", "%lu survey answers", count), count);
    case PL_KPI_SOURCE_SCORECARD:
      return g_strdup_printf (ngettext ("%lu scored observation", "%lu scored observations", count), count);
    case PL_KPI_SOURCE_COMPLAINTS:
      return g_strdup_printf (ngettext ("%lu complaint", "%lu complaints", count), count);
    case PL_KPI_SOURCE_METRIC:
    default:
      return g_strdup_printf (ngettext ("%lu record", "%lu records", count), count);
    }
}

/* "Wilson 95% interval: 77.1% to 87.1%", or NULL without one. */
static char *
describe_interval (PlKpiAnalysis        *analysis,
                   const PlAnalysisCell *cell)
{
  g_autofree char *method = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *upper = NULL;

  if (!isfinite (cell->lower) || !isfinite (cell->upper))
    return NULL;

  method = pl_interval_method_label (analysis->method, analysis->confidence);
  lower = pl_kpi_format_value (analysis->kpi, cell->lower);
  upper = pl_kpi_format_value (analysis->kpi, cell->upper);

  /* Translators: "Wilson 95% interval: 77.1% to 87.1%" */
  return g_strdup_printf (_("%s: %s to %s"), method, lower, upper);
}

/* The flags of a cell in words; NULL for none. */
static char *
describe_flags (PlKpiAnalysis        *analysis,
                const PlAnalysisCell *cell)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (cell->insufficient)
    {
      if (isfinite (cell->half_width) && isfinite (analysis->margin))
        {
          /* No sign: a margin is a distance, and NPS values carry a "+". */
          g_autofree char *margin = g_strdup_printf ("%.*f%s", pl_kpi_get_decimals (analysis->kpi),
                                                     analysis->margin, pl_kpi_get_unit (analysis->kpi));

          /* Translators: %s is the margin the user set, "5.0%" */
          g_string_append_printf (text, _("Insufficient sample: the interval is wider than ±%s"), margin);
        }
      else
        g_string_append (text, _("Insufficient sample: too few for an interval"));
    }

  if (cell->small_sample)
    {
      g_autofree char *minimum = g_strdup_printf ("%" G_GINT64_FORMAT, analysis->min_sample);

      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: %s is the smallest sample the user trusts, "10" */
      g_string_append_printf (text, _("Small sample: fewer than %s"), minimum);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* "n = 231 · Wilson 95% interval: 77.1% to 87.1%", then the flags on a
 * line of their own. */
static char *
describe_cell (PlKpiAnalysis        *analysis,
               const PlAnalysisCell *cell)
{
  g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, cell->n);
  g_autofree char *interval = describe_interval (analysis, cell);
  g_autofree char *flags = describe_flags (analysis, cell);
  GString *text = g_string_new (NULL);

  /* Translators: the sample size of a figure, "n = 231" */
  g_string_append_printf (text, _("n = %s"), n);
  if (interval != NULL)
    g_string_append_printf (text, " · %s", interval);
  if (flags != NULL)
    g_string_append_printf (text, "\n%s", flags);

  return g_string_free (text, FALSE);
}

static const char *
segment_kind_title (PlSegmentKind kind)
{
  switch (kind)
    {
    case PL_SEGMENT_CHANNEL:
      return _("By Channel");
    case PL_SEGMENT_TEAM:
      return _("By Team");
    case PL_SEGMENT_COLLEAGUE:
      return _("By Colleague");
    case PL_SEGMENT_WEEKDAY:
      return _("By Day of the Week");
    case PL_SEGMENT_NONE:
    default:
      return _("Segments");
    }
}

/* The segment menu's button, shown instead of the toggles when the page
 * is too narrow for them: the choice in force. */
static void
sync_segment_menu (PlKpiAnalysisPage *self)
{
  const char *label;

  switch (self->segment)
    {
    case PL_SEGMENT_CHANNEL:
      label = _("Channel");
      break;
    case PL_SEGMENT_TEAM:
      label = _("Team");
      break;
    case PL_SEGMENT_COLLEAGUE:
      label = _("Colleague");
      break;
    case PL_SEGMENT_WEEKDAY:
      label = _("Weekday");
      break;
    case PL_SEGMENT_NONE:
    default:
      label = _("None");
      break;
    }
  gtk_menu_button_set_label (self->segment_menu_button, label);
}

static char *
segment_label (const PlSegment *segment)
{
  if (segment->name != NULL && segment->name[0] != '\0')
    return g_strdup (segment->name);
  if (segment->code != NULL)
    return g_strdup (segment->code);

  return g_strdup (_("Unnamed"));
}

/* The whole KPI's cell for @period_start, or NULL. */
static const PlAnalysisCell *
whole_cell (PlKpiAnalysis *analysis,
            const char    *period_start)
{
  if (period_start == NULL)
    return NULL;

  return pl_kpi_analysis_find (analysis, 0, period_start);
}

static guint
whole_index (PlKpiAnalysis *analysis,
             const char    *period_start)
{
  for (guint i = 0; i < analysis->n_whole; i++)
    if (g_strcmp0 (g_array_index (analysis->cells, PlAnalysisCell, i).period_start, period_start) == 0)
      return i;

  return G_MAXUINT;
}

/* Clearing */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* The worker thread */

static PlCommentSources
comment_sources (PlKpi *kpi)
{
  switch (pl_kpi_get_source (kpi))
    {
    case PL_KPI_SOURCE_COMPLAINTS:
      return PL_COMMENT_SOURCE_COMPLAINTS;
    case PL_KPI_SOURCE_SCORECARD:
      return PL_COMMENT_SOURCE_OBSERVATIONS;
    case PL_KPI_SOURCE_SURVEY:
    case PL_KPI_SOURCE_METRIC:
    default:
      /* An operational metric has no words of its own: what customers
       * said in their surveys is the nearest "why". */
      return PL_COMMENT_SOURCE_RESPONSES;
    }
}

static int
compare_theme_rows (gconstpointer a,
                    gconstpointer b)
{
  const ThemeRow *x = *(const ThemeRow * const *) a;
  const ThemeRow *y = *(const ThemeRow * const *) b;

  return (x->n_coded < y->n_coded) - (x->n_coded > y->n_coded);
}

/* The themes of the focus period's comments, and their quotes. */
static gboolean
collect_themes (PlWorkspace    *workspace,
                Result         *result,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GListModel) themes = NULL;
  g_autoptr(GArray) frequencies = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *to = NULL;
  PlCommentFilter filter;
  guint n_themes;

  result->themes = g_ptr_array_new_with_free_func (theme_row_free);

  themes = pl_theme_list (workspace, FALSE, error);
  if (themes == NULL)
    return FALSE;

  n_themes = g_list_model_get_n_items (themes);
  result->has_codebook = n_themes > 0;
  if (n_themes == 0 || result->focus == NULL)
    return TRUE;

  to = period_end (result->analysis->period, result->focus);
  pl_comment_filter_init (&filter);
  filter.from = result->focus;
  filter.to = to;
  filter.sources = comment_sources (result->analysis->kpi);

  frequencies = pl_theme_frequencies (workspace, &filter, PL_THEME_BREAKDOWN_NONE, error);
  if (frequencies == NULL)
    return FALSE;

  rows = g_ptr_array_new_with_free_func (theme_row_free);
  for (guint i = 0; i < frequencies->len; i++)
    {
      const PlThemeFrequency *frequency = &g_array_index (frequencies, PlThemeFrequency, i);
      ThemeRow *row;

      result->n_comments = MAX (result->n_comments, frequency->n_comments);
      if (frequency->n_coded <= 0)
        continue;

      row = g_new0 (ThemeRow, 1);
      row->theme_id = frequency->theme_id;
      row->n_coded = frequency->n_coded;
      row->n_comments = frequency->n_comments;
      row->share = frequency->share;
      for (guint j = 0; j < n_themes; j++)
        {
          g_autoptr(PlTheme) theme = g_list_model_get_item (themes, j);

          if (pl_theme_get_id (theme) == row->theme_id)
            row->name = g_strdup (pl_theme_get_path (theme));
        }
      if (row->name == NULL)
        row->name = g_strdup (_("Unnamed theme"));
      g_ptr_array_add (rows, row);
    }

  /* Most often first; codebook order among equals (the sort is stable). */
  g_ptr_array_sort (rows, compare_theme_rows);

  if (rows->len > MAX_THEMES)
    g_ptr_array_remove_range (rows, MAX_THEMES, rows->len - MAX_THEMES);

  for (guint i = 0; i < rows->len; i++)
    {
      ThemeRow *row = g_ptr_array_index (rows, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      row->quotes = pl_theme_quotes (workspace, row->theme_id, &filter, N_QUOTES, error);
      if (row->quotes == NULL)
        return FALSE;
    }

  g_clear_pointer (&result->themes, g_ptr_array_unref);
  result->themes = g_steal_pointer (&rows);

  return TRUE;
}

/* Runs in a worker thread on the workspace's connection, which SQLite
 * serializes, as the Overview does. */
static void
analyse_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(Result) result = g_new0 (Result, 1);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  PlKpiAnalysis *analysis;

  analysis = result->analysis = pl_analysis_kpi (request->workspace, request->kpi,
                                                 &request->options, &error);
  if (analysis == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (request->focus != NULL && whole_cell (analysis, request->focus) != NULL)
    result->focus = g_strdup (request->focus);
  else if (analysis->n_whole > 0)
    result->focus = g_strdup (g_array_index (analysis->cells, PlAnalysisCell,
                                             analysis->n_whole - 1).period_start);

  if (!collect_themes (request->workspace, result, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The answers one by one, for a mean or top-box KPI on a rating scale;
   * a scale too long to show is no error. */
  if (pl_kpi_get_source (request->kpi) == PL_KPI_SOURCE_SURVEY &&
      (pl_kpi_get_calc (request->kpi) == PL_KPI_CALC_TOP_BOX || pl_kpi_get_calc (request->kpi) == PL_KPI_CALC_MEAN))
    result->answers = pl_analysis_answer_distribution (request->workspace, request->kpi,
                                                       request->options.period, NULL);

  /* Each change marked: the KPI before it against since, on the whole. */
  result->changes = pl_intervention_list (request->workspace, pl_kpi_get_id (request->kpi), &error);
  if (result->changes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result->comparisons = g_new0 (PlAnalysisComparison, MAX (result->changes->len, 1));
  result->compared = g_new0 (gboolean, MAX (result->changes->len, 1));
  for (guint i = 0; i < result->changes->len; i++)
    {
      PlIntervention *change = g_ptr_array_index (result->changes, i);
      PlAnalysisOptions options = request->options;

      options.segment = PL_SEGMENT_NONE;
      result->compared[i] = pl_analysis_compare (request->workspace, request->kpi, PL_SEGMENT_NONE, 0,
                                                 change->day, &options, &result->comparisons[i], NULL);
    }

  g_debug ("Analysed KPI %s in %.1f ms", pl_kpi_get_code (request->kpi),
           (g_get_monotonic_time () - start) / 1000.0);

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) result_free);
}

/* The trend or control chart */

static char *
series_label (PlKpiAnalysis *analysis)
{
  const char *name = pl_kpi_get_name (analysis->kpi);

  switch (analysis->period)
    {
    case PL_ANALYSIS_MONTH:
      /* Translators: the legend of a KPI's line, "Monthly CSAT" */
      return g_strdup_printf (_("Monthly %s"), name);
    case PL_ANALYSIS_QUARTER:
      /* Translators: the legend of a KPI's line, "Quarterly CSAT" */
      return g_strdup_printf (_("Quarterly %s"), name);
    case PL_ANALYSIS_WEEK:
    default:
      /* Translators: the legend of a KPI's line, "Weekly CSAT" */
      return g_strdup_printf (_("Weekly %s"), name);
    }
}

static void
show_chart (PlKpiAnalysisPage *self)
{
  PlKpiAnalysis *analysis = self->result->analysis;
  PlControlChart *control = analysis->chart;
  gboolean control_mode = self->chart_type == CHART_CONTROL && control != NULL;
  gboolean has_interval = analysis->method != PL_INTERVAL_NONE;
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lower = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) upper = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ucls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lcls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) signals = g_array_new (FALSE, FALSE, sizeof (PlTrendSignal));
  g_autoptr(GArray) chart_index = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (PlTrendIntervention));
  g_autofree char *label = series_label (analysis);
  g_autofree char *interval_label = pl_interval_method_label (analysis->method, analysis->confidence);
  PlTrendChart chart;
  GDate expected;

  /* Periods without data between the first and the last are gaps. */
  g_date_clear (&expected, 1);
  for (guint i = 0; i < analysis->n_whole; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (analysis->cells, PlAnalysisCell, i);
      double nan = NAN;
      guint zero = 0;
      GDate date;
      double day;
      guint index, size;

      if (!pl_date_parse_iso (cell->period_start, &date))
        {
          index = G_MAXUINT;
          g_array_append_val (chart_index, index);
          continue;
        }

      if (g_date_valid (&expected))
        {
          for (guint guard = 0; g_date_compare (&expected, &date) < 0 && guard < 1000; guard++)
            {
              day = (double) pl_date_to_days (&expected);
              g_array_append_val (days, day);
              g_array_append_val (values, nan);
              g_array_append_val (lower, nan);
              g_array_append_val (upper, nan);
              g_array_append_val (ucls, nan);
              g_array_append_val (lcls, nan);
              g_array_append_val (sizes, zero);
              next_period (&expected, analysis->period);
            }
        }

      index = days->len;
      g_array_append_val (chart_index, index);
      day = (double) pl_date_to_days (&date);
      size = (guint) CLAMP (cell->n, 0, G_MAXUINT);
      g_array_append_val (days, day);
      g_array_append_val (values, cell->value);
      g_array_append_val (lower, cell->lower);
      g_array_append_val (upper, cell->upper);
      g_array_append_val (sizes, size);
      if (control != NULL && i < control->n_points)
        {
          g_array_append_val (ucls, control->ucl[i]);
          g_array_append_val (lcls, control->lcl[i]);
        }
      else
        {
          g_array_append_val (ucls, nan);
          g_array_append_val (lcls, nan);
        }

      expected = date;
      next_period (&expected, analysis->period);
    }

  pl_trend_chart_init (&chart);
  chart.series_label = label;
  chart.days = (const double *) (gpointer) days->data;
  chart.values = (const double *) (gpointer) values->data;
  chart.n = days->len;
  chart.unit = pl_kpi_get_unit (analysis->kpi);
  chart.decimals = pl_kpi_get_decimals (analysis->kpi);
  chart.higher_is_better = pl_kpi_get_higher_is_better (analysis->kpi);
  chart.has_target = TRUE;
  chart.target = pl_kpi_get_target (analysis->kpi);
  chart.has_red_threshold = TRUE;
  chart.red_threshold = pl_kpi_get_red_threshold (analysis->kpi);
  chart.highlight = -1;
  chart.sizes = (const guint *) (gpointer) sizes->data;

  if (control_mode)
    {
      chart.has_control_limits = TRUE;
      chart.centre = control->center;
      chart.ucl = control->n_points > 0 ? control->ucl[0] : NAN;
      chart.lcl = control->n_points > 0 ? control->lcl[0] : NAN;
      chart.ucls = (const double *) (gpointer) ucls->data;
      chart.lcls = (const double *) (gpointer) lcls->data;

      for (guint i = 0; i < control->signals->len; i++)
        {
          const PlSignal *signal = &g_array_index (control->signals, PlSignal, i);
          PlTrendSignal mark = { 0 };

          if (signal->point >= chart_index->len ||
              g_array_index (chart_index, guint, signal->point) == G_MAXUINT)
            continue;
          mark.index = g_array_index (chart_index, guint, signal->point);
          mark.rule = signal->rule;
          mark.text = pl_signal_rule_summary (signal->rule);
          g_array_append_val (signals, mark);
        }
      chart.signals = (const PlTrendSignal *) (gpointer) signals->data;
      chart.n_signals = signals->len;
    }
  else if (has_interval)
    {
      chart.lower = (const double *) (gpointer) lower->data;
      chart.upper = (const double *) (gpointer) upper->data;
      chart.interval_label = interval_label;
    }

  /* The changes marked within the chart's periods. */
  for (guint i = 0; days->len > 0 && i < self->result->changes->len; i++)
    {
      PlIntervention *change = g_ptr_array_index (self->result->changes, i);
      PlTrendIntervention mark = { 0 };
      GDate date;

      if (!pl_date_parse_iso (change->day, &date))
        continue;
      mark.day = (double) pl_date_to_days (&date);
      mark.label = change->label;
      if (mark.day < g_array_index (days, double, 0))
        continue;
      g_array_append_val (changes, mark);
    }
  chart.interventions = (const PlTrendIntervention *) (gpointer) changes->data;
  chart.n_interventions = changes->len;

  pl_chart_widget_set_chart (self->chart, &chart);
}

/* Changes made */

static char *
describe_change (PlKpi                      *kpi,
                 const PlIntervention       *change,
                 const PlAnalysisComparison *comparison)
{
  g_autofree char *day = pl_date_format_short (change->day);
  g_autofree char *before = pl_kpi_format_value (kpi, comparison->before.value);
  g_autofree char *after = pl_kpi_format_value (kpi, comparison->after.value);
  g_autofree char *difference = pl_kpi_format_change (kpi, comparison->difference);
  g_autofree char *n_before = describe_count (kpi, comparison->before.n);
  g_autofree char *n_after = describe_count (kpi, comparison->after.n);
  g_autofree char *head = NULL;
  g_autofree char *judgement = NULL;

  /* Translators: "Since 27 Jul 2026: 76.8% against 67.1% before, +9.7 pts (from 4,210 survey answers before and 2,900 since)." */
  head = g_strdup_printf (_("Since %s: %s against %s before, %s (from %s before and %s since)."),
                          day, after, before, difference, n_before, n_after);

  if (isfinite (comparison->lower) && isfinite (comparison->upper))
    {
      g_autofree char *lower = pl_kpi_format_change (kpi, comparison->lower);
      g_autofree char *upper = pl_kpi_format_change (kpi, comparison->upper);
      g_autofree char *p = pl_stats_format_p (comparison->p);

      if (comparison->lower > 0 || comparison->upper < 0)
        /* Translators: "95% interval of the difference +8.9 pts to +10.5 pts: a real change, not chance (p < 0.001)." */
        judgement = g_strdup_printf (_("95%% interval of the difference %s to %s: a real change, not chance (%s)."),
                                     lower, upper, p);
      else
        /* Translators: "95% interval of the difference −1.2 pts to +2.0 pts: it includes no change, so the difference may be chance (p = 0.41)." */
        judgement = g_strdup_printf (_("95%% interval of the difference %s to %s: it includes no change, so the "
                                       "difference may be chance (%s)."), lower, upper, p);
    }
  else
    judgement = g_strdup (_("An operational figure counts every record, so this is the change itself; the "
                            "control chart shows whether it is more than the usual variation."));

  return g_strdup_printf ("%s %s", head, judgement);
}

static void
show_changes (PlKpiAnalysisPage *self)
{
  PlKpi *kpi = self->result->analysis->kpi;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->changes_list))) != NULL)
    gtk_list_box_remove (self->changes_list, child);

  if (self->result->changes->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No changes marked yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Mark the day a change began, such as a new process or a price rise, to "
                                     "see it on the chart and whether this KPI really moved after it."));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (self->changes_list, row);
      return;
    }

  for (guint i = 0; i < self->result->changes->len; i++)
    {
      PlIntervention *change = g_ptr_array_index (self->result->changes, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button;
      g_autofree char *day = pl_date_format_short (change->day);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (change->kpi_id == 0)
        /* Translators: a change marked for every KPI: "Callback process · 27 Jul 2026 · every KPI" */
        title = g_strdup_printf (_("%s · %s · every KPI"), change->label, day);
      else
        /* Translators: "Price FAQ on the website · 7 Sep 2026" */
        title = g_strdup_printf (_("%s · %s"), change->label, day);

      if (self->result->compared[i])
        subtitle = describe_change (kpi, change, &self->result->comparisons[i]);
      else
        subtitle = g_strdup (_("Too few records before or since this day to compare."));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

      button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Remove This Change"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "analysis.remove-change");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (change->id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      g_object_set_data (G_OBJECT (row), "change-id", GINT_TO_POINTER ((int) change->id));
      gtk_list_box_append (self->changes_list, row);
    }
}

static void
report_change_error (PlKpiAnalysisPage *self,
                     const char        *title,
                     const GError      *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *message = g_strdup_printf ("%s: %s", title, error->message);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_warning ("%s", message);
}

static gboolean
change_inputs_valid (GtkEditable *label_entry,
                     GtkEditable *day_entry,
                     GtkLabel    *error_label)
{
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (label_entry)));
  const char *day = gtk_editable_get_text (day_entry);
  const char *problem = NULL;
  GDate date;

  if (strlen (day) != 10 || !pl_date_parse_iso (day, &date))
    problem = day[0] != '\0' ? _("Give the day the change began as YYYY-MM-DD.") : "";
  else if (g_utf8_strlen (label, -1) > PL_INTERVENTION_LABEL_MAX)
    problem = _("Keep the description to 80 characters: it labels a line on the charts.");
  else if (label[0] == '\0')
    problem = "";

  gtk_label_set_label (error_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (error_label), problem != NULL && problem[0] != '\0');
  return problem == NULL;
}

static void
change_entry_changed_cb (GtkEditable      *editable,
                         AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "add",
                                           change_inputs_valid (g_object_get_data (G_OBJECT (dialog), "label-entry"),
                                                                g_object_get_data (G_OBJECT (dialog), "day-entry"),
                                                                g_object_get_data (G_OBJECT (dialog), "error-label")));
}

static void
change_entry_activate_cb (GtkEntry         *entry,
                          AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "add"))
    adw_message_dialog_response (dialog, "add");
}

static void
add_change_response_cb (AdwMessageDialog  *dialog,
                        const char        *response,
                        PlKpiAnalysisPage *self)
{
  GtkEditable *label_entry = g_object_get_data (G_OBJECT (dialog), "label-entry");
  GtkEditable *day_entry = g_object_get_data (G_OBJECT (dialog), "day-entry");
  GtkCheckButton *only = g_object_get_data (G_OBJECT (dialog), "only-check");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0 || self->workspace == NULL)
    return;

  if (!pl_intervention_add (self->workspace,
                            gtk_check_button_get_active (only) ? self->kpi_id : 0,
                            gtk_editable_get_text (day_entry), gtk_editable_get_text (label_entry),
                            NULL, &error))
    report_change_error (self, _("The change was not marked"), error);
}

static void
add_change_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlKpiAnalysisPage *self = PL_KPI_ANALYSIS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(PlKpi) kpi = current_kpi (self);
  g_autofree char *only_text = NULL;
  GtkWidget *dialog, *box, *label_entry, *day_entry, *only, *error_label;

  if (self->workspace == NULL || kpi == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Mark a Change"),
                                   _("What changed, and the first day it applied. The charts mark it, and "
                                     "each KPI is compared before it and since."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  label_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (label_entry), _("What changed, e.g. New callback process"));
  gtk_entry_set_max_length (GTK_ENTRY (label_entry), PL_INTERVENTION_LABEL_MAX);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What changed"), -1);
  gtk_box_append (GTK_BOX (box), label_entry);

  day_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (day_entry), _("First day, YYYY-MM-DD"));
  gtk_entry_set_max_length (GTK_ENTRY (day_entry), 10);
  gtk_accessible_update_property (GTK_ACCESSIBLE (day_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("First day of the change"), -1);
  if (self->result != NULL && self->result->focus != NULL)
    gtk_editable_set_text (GTK_EDITABLE (day_entry), self->result->focus);
  gtk_box_append (GTK_BOX (box), day_entry);

  /* Translators: "Only for Customer satisfaction (CSAT)"; otherwise the change is marked for every KPI */
  only_text = g_strdup_printf (_("Only for %s"), pl_kpi_get_name (kpi));
  only = gtk_check_button_new_with_label (only_text);
  gtk_box_append (GTK_BOX (box), only);

  error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), error_label);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Mark Change"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data (G_OBJECT (dialog), "label-entry", label_entry);
  g_object_set_data (G_OBJECT (dialog), "day-entry", day_entry);
  g_object_set_data (G_OBJECT (dialog), "only-check", only);
  g_object_set_data (G_OBJECT (dialog), "error-label", error_label);
  g_signal_connect_object (label_entry, "changed", G_CALLBACK (change_entry_changed_cb), dialog, 0);
  g_signal_connect_object (day_entry, "changed", G_CALLBACK (change_entry_changed_cb), dialog, 0);
  g_signal_connect_object (label_entry, "activate", G_CALLBACK (change_entry_activate_cb), dialog, 0);
  g_signal_connect_object (day_entry, "activate", G_CALLBACK (change_entry_activate_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_change_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (label_entry);
}

static void
remove_change_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlKpiAnalysisPage *self = PL_KPI_ANALYSIS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  if (!pl_intervention_delete (self->workspace, g_variant_get_int64 (parameter), &error))
    report_change_error (self, _("The change was not removed"), error);
}

static void
show_trend_words (PlKpiAnalysisPage *self)
{
  PlKpiAnalysis *analysis = self->result->analysis;
  PlControlChart *control = analysis->chart;
  gulong n = analysis->n_whole;
  g_autofree char *span = NULL;
  g_autofree char *trend = NULL;
  g_autofree char *note = NULL;
  guint n_signals = control != NULL ? control->signals->len : 0;

  switch (analysis->period)
    {
    case PL_ANALYSIS_MONTH:
      span = g_strdup_printf (ngettext ("%lu month", "%lu months", n), n);
      break;
    case PL_ANALYSIS_QUARTER:
      span = g_strdup_printf (ngettext ("%lu quarter", "%lu quarters", n), n);
      break;
    case PL_ANALYSIS_WEEK:
    default:
      span = g_strdup_printf (ngettext ("%lu week", "%lu weeks", n), n);
      break;
    }

  if (analysis->has_trend && pl_trend_direction (&analysis->trend, PL_TREND_ALPHA) != PL_TREND_NONE)
    {
      g_autofree char *slope = NULL;
      double per_period = analysis->trend.method == PL_TREND_MANN_KENDALL
                          ? analysis->trend.sen_slope : analysis->trend.slope;

      slope = pl_kpi_format_change (analysis->kpi, per_period);
      switch (analysis->period)
        {
        case PL_ANALYSIS_MONTH:
          /* Translators: "Trend over 6 months: falling, significant (p = 0.004), by the
           * Mann–Kendall test; about −0.3 pts a month." */
          trend = g_strdup_printf (_("Trend over %s: %s, by the %s; about %s a month."),
                                   span, analysis->trend_summary,
                                   pl_trend_method_label (analysis->trend.method), slope);
          break;
        case PL_ANALYSIS_QUARTER:
          trend = g_strdup_printf (_("Trend over %s: %s, by the %s; about %s a quarter."),
                                   span, analysis->trend_summary,
                                   pl_trend_method_label (analysis->trend.method), slope);
          break;
        case PL_ANALYSIS_WEEK:
        default:
          trend = g_strdup_printf (_("Trend over %s: %s, by the %s; about %s a week."),
                                   span, analysis->trend_summary,
                                   pl_trend_method_label (analysis->trend.method), slope);
          break;
        }
    }
  else if (analysis->has_trend)
    /* Translators: "Trend over 26 weeks: no clear trend (p = 0.18), by the least-squares slope." */
    trend = g_strdup_printf (_("Trend over %s: %s, by the %s."), span, analysis->trend_summary,
                             pl_trend_method_label (analysis->trend.method));
  else
    /* Translators: "Trend over 2 months: too few periods for a trend (3 are needed)." */
    trend = g_strdup_printf (_("Trend over %s: %s."), span, analysis->trend_summary);
  gtk_label_set_label (self->trend_label, trend);

  if (self->chart_type == CHART_CONTROL)
    {
      gtk_label_set_label (self->chart_title, _("Control Chart"));
      if (control == NULL)
        note = g_strdup (_("A control chart needs at least two periods with data. Choose a "
                           "shorter period, or come back when more data is in."));
      else if (control->kind == PL_CHART_P)
        {
          g_autofree char *centre = pl_kpi_format_value (analysis->kpi, control->center);

          note = g_strdup_printf (_("A p chart: the centre line is the proportion over all "
                                    "periods (%s), and the limits lie three standard errors "
                                    "either side, wider for periods with fewer answers. A point "
                                    "outside them, or a run on one side, is a special cause "
                                    "worth looking into; the rest is the usual variation."),
                                  centre);
        }
      else
        {
          g_autofree char *centre = pl_kpi_format_value (analysis->kpi, control->center);
          g_autofree char *lcl = pl_kpi_format_value (analysis->kpi, control->n_points > 0 ? control->lcl[0] : NAN);
          g_autofree char *ucl = pl_kpi_format_value (analysis->kpi, control->n_points > 0 ? control->ucl[0] : NAN);

          note = g_strdup_printf (_("An individuals (XmR) chart: the centre line is the average "
                                    "(%s), and the limits, %s to %s, lie 2.66 average moving "
                                    "ranges either side. A point outside them, or a run on one "
                                    "side, is a special cause worth looking into; the rest is "
                                    "the usual variation."),
                                  centre, lcl, ucl);
        }
    }
  else
    {
      gtk_label_set_label (self->chart_title, _("Trend"));
      if (analysis->method == PL_INTERVAL_NONE)
        note = g_strdup (_("Operational metrics hold totals, not the single records behind "
                           "them, so this KPI has no confidence interval."));
      else
        {
          g_autofree char *method = pl_interval_method_label (analysis->method, analysis->confidence);

          /* Translators: %s is "Wilson 95% interval" */
          note = g_strdup_printf (_("The shaded band is the %s of each period: where the true "
                                    "value most likely lies, given the sample."),
                                  method);
        }
      if (n_signals > 0)
        {
          g_autofree char *more = g_strdup_printf (ngettext ("The control chart finds %u special-cause signal.",
                                                             "The control chart finds %u special-cause signals.",
                                                             n_signals),
                                                   n_signals);
          char *joined = g_strconcat (note, " ", more, NULL);

          g_free (note);
          note = joined;
        }
    }
  gtk_label_set_label (self->chart_note, note);

  /* The signals, explained. */
  clear_list (self->signals_list);
  gtk_widget_set_visible (self->signals_box, self->chart_type == CHART_CONTROL && control != NULL);
  if (control == NULL)
    return;

  if (n_signals == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      gtk_label_set_label (self->signals_title, _("No Special-Cause Signals"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Every period is within the limits and no run stands out: "
                                       "the ups and downs are the usual variation, not a change."));
      gtk_list_box_append (self->signals_list, row);
      return;
    }

  {
    g_autofree char *title = g_strdup_printf (ngettext ("%u Special-Cause Signal",
                                                        "%u Special-Cause Signals", n_signals),
                                              n_signals);

    gtk_label_set_label (self->signals_title, title);
  }

  /* Newest first: what is happening now matters most. A long list is cut
   * short until asked for. */
  for (guint i = analysis->explanations->len, shown = 0; i-- > 0; shown++)
    {
      const PlSignal *signal = &g_array_index (control->signals, PlSignal, i);
      GtkWidget *row;

      if (!self->all_signals && shown == MAX_SIGNALS_SHOWN)
        {
          g_autofree char *title = g_strdup_printf (ngettext ("Show %u Earlier Signal",
                                                              "Show %u Earlier Signals", i + 1),
                                                    i + 1);
          GtkWidget *more = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (more), title);
          adw_action_row_add_suffix (ADW_ACTION_ROW (more), gtk_image_new_from_icon_name ("go-down-symbolic"));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (more), TRUE);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (more), "analysis.show-all-signals");
          gtk_widget_set_name (more, "show-all-signals");
          gtk_list_box_append (self->signals_list, more);
          break;
        }

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     g_ptr_array_index (analysis->explanations, i));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), pl_signal_rule_summary (signal->rule));
      g_object_set_data (G_OBJECT (row), "signal", GUINT_TO_POINTER (i + 1));
      gtk_list_box_append (self->signals_list, row);
    }
}

static void
show_all_signals_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PlKpiAnalysisPage *self = PL_KPI_ANALYSIS_PAGE (widget);

  self->all_signals = TRUE;
  if (self->result != NULL)
    show_trend_words (self);
}

/* Header */

static void
show_header (PlKpiAnalysisPage *self)
{
  PlKpiAnalysis *analysis = self->result->analysis;
  const PlAnalysisCell *cell = whole_cell (analysis, self->result->focus);
  const char *definition = pl_kpi_get_definition (analysis->kpi);
  g_autofree char *latest = NULL;

  gtk_label_set_label (self->definition_label, definition);
  gtk_widget_set_visible (GTK_WIDGET (self->definition_label),
                          definition != NULL && definition[0] != '\0');

  if (cell == NULL)
    {
      set_status_pill (self->status_label, PL_STATUS_NONE);
      latest = g_strdup (_("There is no data for this KPI yet. Its figures appear here once "
                           "responses, observations, complaints or metrics for it are in the "
                           "workspace."));
    }
  else
    {
      g_autofree char *title = period_title (analysis->period, cell->period_start);
      g_autofree char *value = pl_kpi_format_value (analysis->kpi, cell->value);
      g_autofree char *count = describe_count (analysis->kpi, cell->n);
      g_autofree char *interval = describe_interval (analysis, cell);

      set_status_pill (self->status_label, cell->status);
      if (interval != NULL)
        /* Translators: "Week of 21 Sep 2026: 82.6% from 231 survey answers (Wilson 95% interval: 77.1% to 87.1%)" */
        latest = g_strdup_printf (_("%s: %s from %s (%s)"), title, value, count, interval);
      else
        /* Translators: "Week of 21 Sep 2026: 17 s from 6 records" */
        latest = g_strdup_printf (_("%s: %s from %s"), title, value, count);
    }
  gtk_label_set_label (self->latest_label, latest);
}

/* Segments */

static void
show_segments (PlKpiAnalysisPage *self)
{
  PlKpiAnalysis *analysis = self->result->analysis;
  const char *focus = self->result->focus;
  g_autofree char *when = NULL;
  g_autofree char *description = NULL;
  ChartData *data;

  clear_list (self->segments_list);
  adw_preferences_group_set_title (self->segments_group, segment_kind_title (self->segment));
  when = focus != NULL ? period_title (analysis->period, focus) : g_strdup ("");

  if (self->segment == PL_SEGMENT_NONE)
    {
      gtk_widget_set_visible (self->segments_box, FALSE);
      adw_preferences_group_set_description (self->segments_group,
                                             _("Choose Channel, Team, Colleague or Weekday above to "
                                               "compare them, each with its sample size and "
                                               "interval."));
      return;
    }

  if (!analysis->segments_available)
    {
      gtk_widget_set_visible (self->segments_box, FALSE);
      adw_preferences_group_set_description (self->segments_group,
                                             _("This KPI’s records do not say that: operational "
                                               "metrics are recorded by channel and team, not by "
                                               "colleague. Choose another segment."));
      return;
    }

  if (analysis->segments->len <= 1 || focus == NULL)
    {
      gtk_widget_set_visible (self->segments_box, FALSE);
      adw_preferences_group_set_description (self->segments_group,
                                             _("None of this KPI’s records names a segment of this "
                                               "kind, so there is nothing to compare."));
      return;
    }

  gtk_widget_set_visible (self->segments_box, TRUE);
  if (analysis->method != PL_INTERVAL_NONE)
    {
      g_autofree char *method = pl_interval_method_label (analysis->method, analysis->confidence);

      /* Translators: "Week of 21 Sep 2026. The whiskers show each Wilson 95% interval…" */
      description = g_strdup_printf (_("%s. The whiskers show each %s and the line the target; "
                                       "a marked bar rests on too small a sample to judge."),
                                     when, method);
    }
  else
    /* Translators: "Week of 21 Sep 2026. The line is the target." */
    description = g_strdup_printf (_("%s. The line is the target."), when);
  adw_preferences_group_set_description (self->segments_group, NULL);
  gtk_label_set_text (self->segments_caption, description);

  data = chart_data_new ();
  for (guint i = 1; i < analysis->segments->len; i++)
    {
      const PlSegment *segment = g_ptr_array_index (analysis->segments, i);
      const PlAnalysisCell *cell = pl_kpi_analysis_find (analysis, segment->id, focus);
      PlBarChartBar bar = { 0 };
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *name = segment_label (segment);
      g_autofree char *subtitle = NULL;

      bar.label = chart_data_take (data, g_strdup (name));
      bar.value = NAN;
      bar.lower = NAN;
      bar.upper = NAN;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      g_object_set_data (G_OBJECT (row), "segment", (gpointer) segment);

      if (cell != NULL && cell->n > 0)
        {
          g_autofree char *value = pl_kpi_format_value (analysis->kpi, cell->value);

          bar.value = cell->value;
          bar.lower = cell->lower;
          bar.upper = cell->upper;
          bar.n = (guint) CLAMP (cell->n, 0, G_MAXUINT);
          bar.small_sample = cell->insufficient || cell->small_sample;
          subtitle = describe_cell (analysis, cell);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_value_label (value));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_pill (cell->status));
        }
      else
        {
          subtitle = g_strdup (_("No data in this period"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_pill (PL_STATUS_NONE));
        }
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->segments_list, row);
      g_array_append_val (data->bars, bar);
    }

  pl_bar_chart_init (&data->bar);
  data->bar.value_label = chart_data_take (data, g_strdup_printf ("%s, %s",
                                                                  pl_kpi_get_name (analysis->kpi),
                                                                  segment_kind_title (self->segment)));
  if (analysis->method != PL_INTERVAL_NONE)
    data->bar.interval_label = chart_data_take (data, pl_interval_method_label (analysis->method,
                                                                                analysis->confidence));
  data->bar.bars = (const PlBarChartBar *) (gpointer) data->bars->data;
  data->bar.n_bars = data->bars->len;
  data->bar.unit = chart_data_take (data, g_strdup (pl_kpi_get_unit (analysis->kpi)));
  data->bar.decimals = pl_kpi_get_decimals (analysis->kpi);
  data->bar.higher_is_better = pl_kpi_get_higher_is_better (analysis->kpi);
  data->bar.has_target = TRUE;
  data->bar.target = pl_kpi_get_target (analysis->kpi);
  data->bar.has_red_threshold = TRUE;
  data->bar.red_threshold = pl_kpi_get_red_threshold (analysis->kpi);
  data->bar.orientation = self->segment == PL_SEGMENT_COLLEAGUE ? PL_BAR_CHART_HORIZONTAL
                                                                 : PL_BAR_CHART_AUTO;
  data->bar.highlight = -1;

  pl_chart_widget_set_bar_chart (self->segments_chart, &data->bar);
  g_clear_pointer (&self->segment_data, chart_data_free);
  self->segment_data = data;
}

/* Distribution */

static void
show_distribution (PlKpiAnalysisPage *self)
{
  PlKpiAnalysis *analysis = self->result->analysis;
  PlKpiCalc calc = pl_kpi_get_calc (analysis->kpi);
  guint focus = self->result->focus != NULL ? whole_index (analysis, self->result->focus) : G_MAXUINT;
  guint first, n_levels, n_categories;
  g_autofree char *description = NULL;
  ChartData *data;

  if (focus == G_MAXUINT ||
      (calc != PL_KPI_CALC_NPS && calc != PL_KPI_CALC_TOP_BOX && calc != PL_KPI_CALC_WITHIN_PROMISE &&
       self->result->answers == NULL))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->distribution_group), FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->distribution_group), TRUE);
  first = focus + 1 > MAX_DISTRIBUTION_PERIODS ? focus + 1 - MAX_DISTRIBUTION_PERIODS : 0;
  n_categories = focus + 1 - first;

  data = chart_data_new ();
  pl_distribution_chart_init (&data->distribution);

  if (calc == PL_KPI_CALC_NPS)
    {
      n_levels = 3;
      g_ptr_array_add (data->names, (gpointer) chart_data_take (data, g_strdup (_("Detractors (0–6)"))));
      g_ptr_array_add (data->names, (gpointer) chart_data_take (data, g_strdup (_("Passives (7–8)"))));
      g_ptr_array_add (data->names, (gpointer) chart_data_take (data, g_strdup (_("Promoters (9–10)"))));
      data->distribution.scale = PL_DISTRIBUTION_DIVERGING;
      description = g_strdup (_("Detractors, passives and promoters in each period, up to the one "
                                "in focus. NPS is the promoters’ share minus the detractors’."));
    }
  else if (self->result->answers != NULL)
    {
      const PlAnswerDistribution *answers = self->result->answers;

      n_levels = answers->n_values;
      for (int v = answers->scale_min; v <= answers->scale_max; v++)
        g_ptr_array_add (data->names, (gpointer) chart_data_take (data, g_strdup_printf ("%d", v)));
      data->distribution.scale = PL_DISTRIBUTION_DIVERGING;
      if (calc == PL_KPI_CALC_TOP_BOX)
        /* Translators: "… on the 1 to 5 scale … The top box is 4 or more." */
        description = g_strdup_printf (_("Each answer on the %d to %d scale in each period, up to the one in "
                                         "focus. The top box is %g or more."),
                                       answers->scale_min, answers->scale_max,
                                       pl_kpi_get_top_box_min (analysis->kpi));
      else
        /* Translators: "… on the 1 to 7 scale …" */
        description = g_strdup_printf (_("Each answer on the %d to %d scale in each period, up to the one in "
                                         "focus: the spread behind the mean."),
                                       answers->scale_min, answers->scale_max);
    }
  else if (calc == PL_KPI_CALC_TOP_BOX)
    {
      g_autofree char *top = g_strdup_printf ("%g", pl_kpi_get_top_box_min (analysis->kpi));

      n_levels = 2;
      /* Translators: answers below the top box, "Below 4" */
      g_ptr_array_add (data->names, (gpointer) chart_data_take (data, g_strdup_printf (_("Below %s"), top)));
      /* Translators: answers in the top box, "4 or more" */
      g_ptr_array_add (data->names, (gpointer) chart_data_take (data, g_strdup_printf (_("%s or more"), top)));
      data->distribution.scale = PL_DISTRIBUTION_DIVERGING;
      description = g_strdup (_("The answers in the top box and below it in each period, up to the "
                                "one in focus."));
    }
  else
    {
      n_levels = 2;
      g_ptr_array_add (data->names, (gpointer) chart_data_take (data, g_strdup (_("Not within the promise"))));
      g_ptr_array_add (data->names, (gpointer) chart_data_take (data, g_strdup (_("Within the promise"))));
      data->distribution.scale = PL_DISTRIBUTION_DIVERGING;
      description = g_strdup (_("Complaints resolved within the promised time, and not, in each "
                                "period up to the one in focus."));
    }

  data->counts = g_new0 (double, (gsize) n_categories * n_levels);
  for (guint c = 0; c < n_categories; c++)
    {
      const PlAnalysisCell *cell = &g_array_index (analysis->cells, PlAnalysisCell, first + c);
      double *row = data->counts + (gsize) c * n_levels;

      g_ptr_array_add (data->names, (gpointer) chart_data_take (data, period_short (analysis->period,
                                                                                     cell->period_start)));
      if (calc != PL_KPI_CALC_NPS && self->result->answers != NULL)
        {
          const gint64 *counts = pl_answer_distribution_find (self->result->answers, cell->period_start);

          for (guint v = 0; counts != NULL && v < n_levels; v++)
            row[v] = (double) counts[v];
        }
      else if (calc == PL_KPI_CALC_NPS)
        {
          row[0] = (double) cell->detractors;
          row[1] = (double) MAX (cell->n - cell->successes - cell->detractors, 0);
          row[2] = (double) cell->successes;
        }
      else
        {
          row[0] = (double) MAX (cell->n - cell->successes, 0);
          row[1] = (double) cell->successes;
        }
    }

  data->distribution.title = NULL;
  data->distribution.levels = (const char * const *) data->names->pdata;
  data->distribution.n_levels = n_levels;
  data->distribution.categories = (const char * const *) data->names->pdata + n_levels;
  data->distribution.n_categories = n_categories;
  data->distribution.counts = data->counts;
  data->distribution.highlight = -1;

  adw_preferences_group_set_description (self->distribution_group, NULL);
  gtk_label_set_text (self->distribution_caption, description);
  pl_chart_widget_set_distribution_chart (self->distribution_chart, &data->distribution);
  g_clear_pointer (&self->distribution_data, chart_data_free);
  self->distribution_data = data;
}

/* Themes and quotes */

static GtkWidget *
new_quote_row (PlComment *comment)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *text;
  GtkWidget *source;
  g_autofree char *quoted = NULL;
  g_autofree char *day = pl_date_format_short (pl_comment_get_day (comment));
  g_autofree char *where = NULL;
  const char *channel = pl_comment_get_channel (comment);

  /* Translators: a comment quoted, in quotation marks */
  quoted = g_strdup_printf (_("“%s”"), pl_comment_get_text (comment));
  text = gtk_label_new (quoted);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_set_name (text, "quote");

  if (channel != NULL && channel[0] != '\0')
    /* Translators: where a quote comes from, "21 Sep 2026 · Telephone" */
    where = g_strdup_printf (_("%s · %s"), day, channel);
  else
    where = g_strdup (day);
  source = gtk_label_new (where);
  gtk_label_set_xalign (GTK_LABEL (source), 0);
  gtk_label_set_wrap (GTK_LABEL (source), TRUE);
  gtk_widget_add_css_class (source, "dim-label");
  gtk_widget_add_css_class (source, "caption");

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), source);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static ThemeRow *
find_theme (PlKpiAnalysisPage *self,
            gint64             theme_id)
{
  for (guint i = 0; self->result != NULL && i < self->result->themes->len; i++)
    {
      ThemeRow *row = g_ptr_array_index (self->result->themes, i);

      if (row->theme_id == theme_id)
        return row;
    }

  return NULL;
}

static void
show_quotes (PlKpiAnalysisPage *self)
{
  ThemeRow *theme = find_theme (self, self->theme_id);
  g_autofree char *title = NULL;
  guint n;

  clear_list (self->quotes_list);
  if (theme == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->quotes_title), FALSE);
      return;
    }

  /* Translators: a heading above quotes, "What people said about “Waiting / on hold”" */
  title = g_strdup_printf (_("What people said about “%s”"), theme->name);
  gtk_label_set_label (self->quotes_title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->quotes_title), TRUE);

  n = g_list_model_get_n_items (theme->quotes);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlComment) comment = g_list_model_get_item (theme->quotes, i);

      gtk_list_box_append (self->quotes_list, new_quote_row (comment));
    }
}

static void
themes_row_selected_cb (PlKpiAnalysisPage *self,
                        GtkListBoxRow     *row)
{
  gint64 *id;

  if (self->rebuilding || row == NULL)
    return;

  id = g_object_get_data (G_OBJECT (row), "theme-id");
  if (id == NULL)
    return;
  self->theme_id = *id;
  show_quotes (self);
}

static void
show_themes (PlKpiAnalysisPage *self)
{
  Result *result = self->result;
  PlKpiAnalysis *analysis = result->analysis;
  g_autofree char *when = NULL;
  g_autofree char *description = NULL;
  GtkListBoxRow *to_select = NULL;

  clear_list (self->themes_list);
  clear_list (self->quotes_list);

  if (!result->has_codebook)
    {
      adw_preferences_group_set_description (self->themes_group, NULL);
      gtk_stack_set_visible_child_name (self->themes_stack, "no-codebook");
      return;
    }

  if (result->focus == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->no_themes_row),
                                     _("No data to explain yet"));
      adw_action_row_set_subtitle (self->no_themes_row,
                                   _("Once this KPI has figures, the themes in the comments of "
                                     "the same period show here."));
      adw_preferences_group_set_description (self->themes_group, NULL);
      gtk_stack_set_visible_child_name (self->themes_stack, "no-themes");
      return;
    }

  when = period_title (analysis->period, result->focus);

  if (result->n_comments == 0 || result->themes->len == 0)
    {
      g_autofree char *title = NULL;
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, result->n_comments);

      if (result->n_comments == 0)
        {
          /* Translators: "No comments in the week of 21 Sep 2026" — %s is "Week of 21 Sep 2026" */
          title = g_strdup_printf (_("No comments in this period (%s)"), when);
          adw_action_row_set_subtitle (self->no_themes_row,
                                       _("Nobody left a comment in this period. Pick another "
                                         "period in the table below."));
        }
      else
        {
          /* Translators: %s is a number of comments */
          title = g_strdup_printf (_("None of the %s comments in this period is coded yet"), count);
          adw_action_row_set_subtitle (self->no_themes_row,
                                       _("Code them by hand, or apply the codebook’s keyword "
                                         "rules, on the Themes page."));
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->no_themes_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->no_themes_row), title);
      adw_preferences_group_set_description (self->themes_group, NULL);
      gtk_stack_set_visible_child_name (self->themes_stack, "no-themes");
      return;
    }

  {
    g_autofree char *in = pl_analysis_period_label (analysis->period, result->focus);
    g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, result->n_comments);
    gulong n = (gulong) MIN (result->n_comments, G_MAXLONG);

    switch (pl_kpi_get_source (analysis->kpi))
      {
      case PL_KPI_SOURCE_COMPLAINTS:
        /* Translators: "42 complaints in July 2026. A complaint can…" */
        description = g_strdup_printf (ngettext ("%s complaint in %s. A complaint can raise several themes, so the "
                           "shares can add up to more than 100%%.",
                           "%s complaints in %s. A complaint can raise several themes, so the "
                           "shares can add up to more than 100%%.", n),
                                       count, in);
        break;
      case PL_KPI_SOURCE_SCORECARD:
        /* Translators: "42 reviewers’ comments in July 2026. A comment can…" */
        description = g_strdup_printf (ngettext ("%s reviewer’s comment in %s. A comment can raise several themes, so "
                           "the shares can add up to more than 100%%.",
                           "%s reviewers’ comments in %s. A comment can raise several themes, so "
                           "the shares can add up to more than 100%%.", n),
                                       count, in);
        break;
      case PL_KPI_SOURCE_SURVEY:
      case PL_KPI_SOURCE_METRIC:
      default:
        /* Translators: "273 survey comments in the week of 6 Jul 2026. A comment can…" */
        description = g_strdup_printf (ngettext ("%s survey comment in %s. A comment can raise several themes, so the "
                           "shares can add up to more than 100%%.",
                           "%s survey comments in %s. A comment can raise several themes, so the "
                           "shares can add up to more than 100%%.", n),
                                       count, in);
        break;
      }
  }
  adw_preferences_group_set_description (self->themes_group, description);

  self->rebuilding = TRUE;
  for (guint i = 0; i < result->themes->len; i++)
    {
      ThemeRow *theme = g_ptr_array_index (result->themes, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 100);
      g_autofree char *share = g_strdup_printf ("%.0f%%", theme->share);
      g_autofree char *coded = g_strdup_printf ("%" G_GINT64_FORMAT, theme->n_coded);
      g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, theme->n_comments);
      g_autofree char *subtitle = NULL;
      GtkWidget *share_label;

      /* Translators: "10 of 71 comments" */
      subtitle = g_strdup_printf (_("%s of %s comments"), coded, total);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), theme->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP (theme->share, 0, 100));
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_widget_set_size_request (bar, 72, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Share of comments"), -1);
      share_label = new_value_label (share);
      gtk_widget_set_name (share_label, "share");
      gtk_label_set_width_chars (GTK_LABEL (share_label), 4);
      gtk_label_set_xalign (GTK_LABEL (share_label), 1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), share_label);

      g_object_set_data_full (G_OBJECT (row), "theme-id", g_memdup2 (&theme->theme_id, sizeof (gint64)), g_free);
      gtk_list_box_append (self->themes_list, row);
      if (to_select == NULL || theme->theme_id == self->theme_id)
        to_select = GTK_LIST_BOX_ROW (row);
    }
  gtk_list_box_select_row (self->themes_list, to_select);
  self->theme_id = *(gint64 *) g_object_get_data (G_OBJECT (to_select), "theme-id");
  self->rebuilding = FALSE;

  gtk_stack_set_visible_child_name (self->themes_stack, "themes");
  show_quotes (self);
}

/* The table of periods */

static void
show_periods (PlKpiAnalysisPage *self)
{
  PlKpiAnalysis *analysis = self->result->analysis;
  GtkListBoxRow *to_select = NULL;

  self->rebuilding = TRUE;
  clear_list (self->periods_list);

  adw_preferences_group_set_description (self->periods_group,
                                         analysis->n_whole > 0
                                         ? _("Newest first. Pick a period to see its segments, "
                                             "distribution and themes.")
                                         : NULL);

  for (guint i = analysis->n_whole; i-- > 0;)
    {
      const PlAnalysisCell *cell = &g_array_index (analysis->cells, PlAnalysisCell, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = period_title (analysis->period, cell->period_start);
      g_autofree char *value = pl_kpi_format_value (analysis->kpi, cell->value);
      g_autofree char *subtitle = describe_cell (analysis, cell);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_value_label (value));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_pill (cell->status));
      g_object_set_data_full (G_OBJECT (row), "period-start", g_strdup (cell->period_start), g_free);
      gtk_list_box_append (self->periods_list, row);

      if (g_strcmp0 (cell->period_start, self->result->focus) == 0)
        to_select = GTK_LIST_BOX_ROW (row);
    }

  if (analysis->n_whole == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No period has data yet"));
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->periods_list, row);
    }

  gtk_list_box_select_row (self->periods_list, to_select);
  self->rebuilding = FALSE;
}

static void
periods_row_selected_cb (PlKpiAnalysisPage *self,
                         GtkListBoxRow     *row)
{
  const char *start;

  if (self->rebuilding || row == NULL)
    return;

  start = g_object_get_data (G_OBJECT (row), "period-start");
  if (start == NULL || (self->result != NULL && g_strcmp0 (start, self->result->focus) == 0))
    return;

  g_free (self->focus);
  self->focus = g_strdup (start);
  analyse (self);
}

/* Putting it together */

static void
show_result (PlKpiAnalysisPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_page), FALSE);
  gtk_widget_set_visible (self->content_box, TRUE);

  show_header (self);
  show_chart (self);
  show_changes (self);
  show_trend_words (self);
  show_themes (self);
  show_segments (self);
  show_distribution (self);
  show_periods (self);

  gtk_stack_set_visible_child_name (self->stack, "main");
}

static void
show_error (PlKpiAnalysisPage *self,
            const char        *message)
{
  g_autofree char *description =
    g_strdup_printf (_("%s\n\nNothing in the workspace was changed. Check the KPI’s definition "
                       "and the analysis settings, or choose another KPI."),
                     message);

  set_status_pill (self->status_label, PL_STATUS_NONE);
  gtk_label_set_label (self->latest_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->definition_label), FALSE);
  adw_status_page_set_description (self->error_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->error_page), TRUE);
  gtk_widget_set_visible (self->content_box, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "main");
}

static gboolean refresh_timeout_cb (gpointer user_data);

static void
analyse_done_cb (GObject      *object,
                 GAsyncResult *async_result,
                 gpointer      user_data)
{
  PlKpiAnalysisPage *self = PL_KPI_ANALYSIS_PAGE (object);
  GTask *task = G_TASK (async_result);
  g_autoptr(GError) error = NULL;
  g_autoptr(Result) result = NULL;

  result = g_task_propagate_pointer (task, &error);

  /* A newer analysis (or none, after the workspace closed) took its place. */
  if (g_task_get_cancellable (task) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  gtk_spinner_set_spinning (self->spinner, FALSE);

  if (result == NULL)
    {
      /* The main thread may have rolled back a failed save on the shared
       * connection under our queries: try once more before reporting,
       * unless the options themselves are wrong. */
      if (!self->retried && !g_error_matches (error, PL_ERROR, PL_ERROR_INVALID))
        {
          g_debug ("Analysing the KPI failed (%s), trying again", error->message);
          self->retried = TRUE;
          self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
          return;
        }

      self->retried = FALSE;
      g_clear_pointer (&self->result, result_free);
      g_free (self->error);
      self->error = g_strdup (error->message);
      show_error (self, error->message);
      return;
    }

  self->retried = FALSE;
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->result, result_free);
  self->result = g_steal_pointer (&result);
  show_result (self);
}

static PlKpi *
current_kpi (PlKpiAnalysisPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->kpi_dropdown);

  if (self->kpis == NULL || selected == GTK_INVALID_LIST_POSITION ||
      selected >= g_list_model_get_n_items (self->kpis))
    return NULL;

  return g_list_model_get_item (self->kpis, selected);
}

/* Starts analysing the chosen KPI with the chosen options; what is on
 * show stays until the new figures are ready. */
static void
analyse (PlKpiAnalysisPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PlKpi) kpi = NULL;
  Request *request;

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }

  if (self->workspace == NULL || (kpi = current_kpi (self)) == NULL)
    return;

  if (self->result == NULL && self->error == NULL)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  request = g_new0 (Request, 1);
  request->workspace = g_object_ref (self->workspace);
  request->kpi = g_steal_pointer (&kpi);
  pl_analysis_options_init (&request->options);
  request->options.period = self->period;
  request->options.segment = self->segment;
  request->focus = g_strdup (self->focus);

  /* A list opened in full belongs to the KPI and period it was opened for. */
  if (self->result == NULL || self->result->analysis->period != self->period ||
      pl_kpi_get_id (self->result->analysis->kpi) != pl_kpi_get_id (request->kpi))
    self->all_signals = FALSE;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, analyse_done_cb, NULL);
  g_task_set_source_tag (task, analyse);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, analyse_thread);
}

/* Lists the KPIs in the chooser, keeping the one on show if it is still
 * there, and analyses it. */
static void
refresh (PlKpiAnalysisPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) kpis = NULL;
  g_autoptr(GPtrArray) names = NULL;
  guint n, selected = 0;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      g_clear_object (&self->kpis);
      g_clear_pointer (&self->result, result_free);
      g_clear_pointer (&self->error, g_free);
      gtk_spinner_set_spinning (self->spinner, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  kpis = pl_kpi_list (self->workspace, FALSE, &error);
  if (kpis == NULL)
    {
      show_error (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (kpis);
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);

      g_ptr_array_add (names, g_strdup (pl_kpi_get_name (kpi)));
      if (pl_kpi_get_id (kpi) == self->kpi_id)
        selected = i;
    }
  g_ptr_array_add (names, NULL);

  self->rebuilding = TRUE;
  g_set_object (&self->kpis, kpis);
  gtk_string_list_splice (self->kpi_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->kpi_names)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->kpi_dropdown, n > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->rebuilding = FALSE;

  if (n == 0)
    {
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->kpi_id = 0;
      g_clear_pointer (&self->result, result_free);
      gtk_spinner_set_spinning (self->spinner, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "no-kpis");
      return;
    }

  {
    g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, selected);

    if (pl_kpi_get_id (kpi) != self->kpi_id)
      g_clear_pointer (&self->focus, g_free);
    self->kpi_id = pl_kpi_get_id (kpi);
  }

  analyse (self);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  PlKpiAnalysisPage *self = PL_KPI_ANALYSIS_PAGE (user_data);

  self->refresh_source = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* One refresh covers a burst of changes; a hidden page only notes that it
 * is out of date. */
static void
workspace_changed_cb (PlKpiAnalysisPage *self,
                      const char        *table,
                      PlWorkspace       *workspace)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

static void
kpi_selected_cb (PlKpiAnalysisPage *self)
{
  g_autoptr(PlKpi) kpi = NULL;

  if (self->rebuilding)
    return;

  kpi = current_kpi (self);
  if (kpi == NULL || pl_kpi_get_id (kpi) == self->kpi_id)
    return;

  self->kpi_id = pl_kpi_get_id (kpi);
  g_clear_pointer (&self->focus, g_free);
  self->theme_id = 0;
  analyse (self);
}

/* Options */

static void
set_period (PlKpiAnalysisPage *self,
            PlAnalysisPeriod   period)
{
  if (self->period == period)
    return;

  self->period = period;
  g_clear_pointer (&self->focus, g_free);
  analyse (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
}

static void
set_segment (PlKpiAnalysisPage *self,
             PlSegmentKind      segment)
{
  if (self->segment == segment)
    return;

  self->segment = segment;
  sync_segment_menu (self);
  analyse (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEGMENT]);
}

static void
set_chart_type (PlKpiAnalysisPage *self,
                ChartType          chart_type)
{
  if (self->chart_type == chart_type)
    return;

  self->chart_type = chart_type;
  if (self->result != NULL)
    {
      show_chart (self);
      show_trend_words (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART_TYPE]);
}

/* GObject */

static void
pl_kpi_analysis_page_map (GtkWidget *widget)
{
  PlKpiAnalysisPage *self = PL_KPI_ANALYSIS_PAGE (widget);

  GTK_WIDGET_CLASS (pl_kpi_analysis_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_kpi_analysis_page_dispose (GObject *object)
{
  PlKpiAnalysisPage *self = PL_KPI_ANALYSIS_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_func (self->workspace, workspace_changed_cb, self);
  g_clear_object (&self->workspace);

  /* The stack is both a template child and the bin's child: take it out
   * of the bin first. The chart widgets go before the data they show. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_KPI_ANALYSIS_PAGE);

  g_clear_pointer (&self->segment_data, chart_data_free);
  g_clear_pointer (&self->distribution_data, chart_data_free);
  g_clear_pointer (&self->result, result_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->focus, g_free);
  g_clear_object (&self->kpis);
  g_clear_object (&self->kpi_names);

  G_OBJECT_CLASS (pl_kpi_analysis_page_parent_class)->dispose (object);
}

static void
pl_kpi_analysis_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PlKpiAnalysisPage *self = PL_KPI_ANALYSIS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_PERIOD:
      g_value_set_string (value, period_nick (self->period));
      break;
    case PROP_SEGMENT:
      g_value_set_string (value, pl_segment_kind_to_string (self->segment));
      break;
    case PROP_CHART_TYPE:
      g_value_set_string (value, self->chart_type == CHART_CONTROL ? "control" : "trend");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_kpi_analysis_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PlKpiAnalysisPage *self = PL_KPI_ANALYSIS_PAGE (object);
  const char *text;

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_kpi_analysis_page_set_workspace (self, g_value_get_object (value));
      break;
    case PROP_PERIOD:
      {
        PlAnalysisPeriod period;

        text = g_value_get_string (value);
        if (text != NULL && pl_analysis_period_from_string (text, &period))
          set_period (self, period);
        else
          g_warning ("Unknown analysis period “%s”", text);
      }
      break;
    case PROP_SEGMENT:
      {
        PlSegmentKind segment;

        text = g_value_get_string (value);
        if (text != NULL && pl_segment_kind_from_string (text, &segment))
          set_segment (self, segment);
        else
          g_warning ("Unknown segment “%s”", text);
      }
      break;
    case PROP_CHART_TYPE:
      text = g_value_get_string (value);
      if (g_strcmp0 (text, "trend") == 0)
        set_chart_type (self, CHART_TREND);
      else if (g_strcmp0 (text, "control") == 0)
        set_chart_type (self, CHART_CONTROL);
      else
        g_warning ("Unknown chart type “%s”", text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_kpi_analysis_page_class_init (PlKpiAnalysisPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_kpi_analysis_page_dispose;
  object_class->get_property = pl_kpi_analysis_page_get_property;
  object_class->set_property = pl_kpi_analysis_page_set_property;
  widget_class->map = pl_kpi_analysis_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "week", "month" or "quarter" */
  properties[PROP_PERIOD] =
    g_param_spec_string ("period", NULL, NULL, "week",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "none", "channel", "team" or "colleague" */
  properties[PROP_SEGMENT] =
    g_param_spec_string ("segment", NULL, NULL, "none",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "trend" or "control" */
  properties[PROP_CHART_TYPE] =
    g_param_spec_string ("chart-type", NULL, NULL, "trend",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PL_TYPE_CHART_WIDGET);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-kpi-analysis-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, kpi_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, latest_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, definition_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, quarter_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, none_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, channel_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, team_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, colleague_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, weekday_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, segment_menu_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, segment_squeezer);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, trend_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, control_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, no_codebook_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, chart_title);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, chart);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, trend_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, chart_note);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, signals_box);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, changes_list);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, signals_title);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, signals_list);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, themes_group);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, themes_stack);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, no_themes_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, themes_list);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, quotes_title);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, quotes_list);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, segments_group);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, segments_box);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, segments_chart);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, segments_caption);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, segments_list);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, distribution_group);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, distribution_chart);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, distribution_caption);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, periods_group);
  gtk_widget_class_bind_template_child (widget_class, PlKpiAnalysisPage, periods_list);

  gtk_widget_class_install_property_action (widget_class, "analysis.period", "period");
  gtk_widget_class_install_property_action (widget_class, "analysis.segment", "segment");
  gtk_widget_class_install_property_action (widget_class, "analysis.chart-type", "chart-type");
  gtk_widget_class_install_action (widget_class, "analysis.show-all-signals", NULL, show_all_signals_action);
  gtk_widget_class_install_action (widget_class, "analysis.add-change", NULL, add_change_action);
  gtk_widget_class_install_action (widget_class, "analysis.remove-change", "x", remove_change_action);
}

static void
move_into_header (PlChartWidget *chart,
                  GtkWidget     *label)
{
  g_object_ref (label);
  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (label)), label);
  pl_chart_widget_set_header (chart, label);
  g_object_unref (label);
}

static void
pl_kpi_analysis_page_init (PlKpiAnalysisPage *self)
{
  self->period = PL_ANALYSIS_WEEK;
  self->segment = PL_SEGMENT_NONE;
  self->chart_type = CHART_TREND;

  gtk_widget_init_template (GTK_WIDGET (self));
  sync_segment_menu (self);

  self->kpi_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->kpi_dropdown, G_LIST_MODEL (self->kpi_names));

  g_signal_connect_object (self->kpi_dropdown, "notify::selected",
                           G_CALLBACK (kpi_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->periods_list, "row-selected",
                           G_CALLBACK (periods_row_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->themes_list, "row-selected",
                           G_CALLBACK (themes_row_selected_cb), self, G_CONNECT_SWAPPED);

  /* A card's title or caption shares the row of the chart's menu button,
   * so that the button does not take a row of its own. */
  pl_chart_widget_set_show_menu_button (self->chart, TRUE);
  move_into_header (self->chart, GTK_WIDGET (self->chart_title));
  pl_chart_widget_set_show_menu_button (self->segments_chart, TRUE);
  move_into_header (self->segments_chart, GTK_WIDGET (self->segments_caption));
  pl_chart_widget_set_show_menu_button (self->distribution_chart, TRUE);
  move_into_header (self->distribution_chart, GTK_WIDGET (self->distribution_caption));

  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

/* Public API */

PlKpiAnalysisPage *
pl_kpi_analysis_page_new (void)
{
  return g_object_new (PL_TYPE_KPI_ANALYSIS_PAGE, NULL);
}

/**
 * pl_kpi_analysis_page_get_workspace:
 *
 * Returns: (transfer none) (nullable): the workspace on show
 */
PlWorkspace *
pl_kpi_analysis_page_get_workspace (PlKpiAnalysisPage *self)
{
  g_return_val_if_fail (PL_IS_KPI_ANALYSIS_PAGE (self), NULL);

  return self->workspace;
}

/**
 * pl_kpi_analysis_page_set_workspace:
 * @workspace: (nullable): the workspace to show
 */
void
pl_kpi_analysis_page_set_workspace (PlKpiAnalysisPage *self,
                                    PlWorkspace       *workspace)
{
  g_return_if_fail (PL_IS_KPI_ANALYSIS_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_func (self->workspace, workspace_changed_cb, self);

  g_set_object (&self->workspace, workspace);
  self->kpi_id = 0;
  self->theme_id = 0;
  self->retried = FALSE;
  g_clear_pointer (&self->focus, g_free);
  g_clear_pointer (&self->result, result_free);
  g_clear_pointer (&self->error, g_free);

  if (workspace != NULL)
    g_signal_connect_object (workspace, "changed",
                             G_CALLBACK (workspace_changed_cb), self,
                             G_CONNECT_SWAPPED);

  refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/**
 * pl_kpi_analysis_page_show_kpi:
 * @kpi_id: a KPI's id
 *
 * Returns: whether the KPI is in the chooser and now on show
 */
gboolean
pl_kpi_analysis_page_show_kpi (PlKpiAnalysisPage *self,
                               gint64             kpi_id)
{
  guint n;

  g_return_val_if_fail (PL_IS_KPI_ANALYSIS_PAGE (self), FALSE);

  /* A change waiting to be listed may have brought the KPI. */
  if (self->stale || self->refresh_source != 0)
    refresh (self);

  n = self->kpis != NULL ? g_list_model_get_n_items (self->kpis) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (self->kpis, i);

      if (pl_kpi_get_id (kpi) == kpi_id)
        {
          gtk_drop_down_set_selected (self->kpi_dropdown, i);
          return TRUE;
        }
    }

  return FALSE;
}

gint64
pl_kpi_analysis_page_get_kpi_id (PlKpiAnalysisPage *self)
{
  g_return_val_if_fail (PL_IS_KPI_ANALYSIS_PAGE (self), 0);

  return self->kpi_id;
}

const char *
pl_kpi_analysis_page_get_focus (PlKpiAnalysisPage *self)
{
  g_return_val_if_fail (PL_IS_KPI_ANALYSIS_PAGE (self), NULL);

  return self->result != NULL ? self->result->focus : NULL;
}

PlSegmentKind
pl_kpi_analysis_page_get_segment (PlKpiAnalysisPage *self)
{
  g_return_val_if_fail (PL_IS_KPI_ANALYSIS_PAGE (self), PL_SEGMENT_NONE);

  return self->segment;
}

gboolean
pl_kpi_analysis_page_is_loading (PlKpiAnalysisPage *self)
{
  g_return_val_if_fail (PL_IS_KPI_ANALYSIS_PAGE (self), FALSE);

  return self->refresh_source != 0 || self->cancellable != NULL || self->stale;
}
