/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "core/pl-analysis.h"
#include "core/pl-error.h"
#include "core/pl-kpi.h"
#include "core/pl-util.h"

#include "pl-chart-widget.h"
#include "pl-colleagues-page.h"

/* The Colleagues page (issue 5; unit 312 AC 3.3–3.4): each colleague's
 * quality score and customer satisfaction over time against their team,
 * with intervals and sample sizes; the scorecard criteria they pass least
 * (where coaching should go); and the team's pass rates as a heatmap.
 * Feedback to a colleague must be fair: no figure without its n, and no
 * place in an order for a figure resting on a small sample. */

/* Changes come in bursts (an import, a wizard saving several things). */
#define REFRESH_DELAY_MS 150

/* Without a date from the user, the last three months (or the last
 * quarter) are compared with the periods before them. */
#define RECENT_MONTHS 3

typedef enum
{
  MEASURE_QA,
  MEASURE_CSAT,
  N_MEASURES
} Measure;

enum
{
  SORT_NAME,
  SORT_QA,
  SORT_CSAT,
};

/* Everything the page shows, worked out together off the main thread. */
typedef struct
{
  PlAnalysisPeriod  period;
  double            confidence;
  gint64            min_sample;
  PlKpi            *kpis[N_MEASURES];     /* NULL: the workspace has no such KPI */
  GPtrArray        *patterns[N_MEASURES]; /* PlColleaguePattern; NULL without the KPI or on error */
  char             *errors[N_MEASURES];   /* why the patterns could not be worked out */
  char              latest[N_MEASURES][11]; /* the latest period with data; "" for none */
  GPtrArray        *rates;                /* PlCriterionRate; NULL without a scorecard KPI */
  char             *rates_error;
} PageData;

static void
page_data_free (PageData *data)
{
  for (guint m = 0; m < N_MEASURES; m++)
    {
      g_clear_object (&data->kpis[m]);
      g_clear_pointer (&data->patterns[m], g_ptr_array_unref);
      g_clear_pointer (&data->errors[m], g_free);
    }
  g_clear_pointer (&data->rates, g_ptr_array_unref);
  g_clear_pointer (&data->rates_error, g_free);
  g_free (data);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageData, page_data_free)

/* One colleague, with both measures (borrowed from the PageData). */
typedef struct
{
  gint64                    id;
  const char               *code;
  const char               *name;
  gint64                    team_id;
  const char               *team_name;
  const PlColleaguePattern *patterns[N_MEASURES];
  const PlAnalysisCell     *latest[N_MEASURES];  /* in the latest period, or NULL */
} Colleague;

/* A before/after comparison for the selected colleague. */
typedef struct
{
  PlKpi               *kpis[N_MEASURES];
  gint64               colleague_id;
  char                 day[11];
  PlAnalysisOptions    options;
  gboolean             ok[N_MEASURES];
  PlAnalysisComparison comparisons[N_MEASURES];
  char                *errors[N_MEASURES];
} CompareData;

static void
compare_data_free (CompareData *data)
{
  for (guint m = 0; m < N_MEASURES; m++)
    {
      g_clear_object (&data->kpis[m]);
      g_clear_pointer (&data->errors[m], g_free);
    }
  g_free (data);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CompareData, compare_data_free)

typedef struct
{
  char day[11];
} PeriodStart;

/* What a chart points to: kept alive while the chart shows. */
typedef struct
{
  double *days;
  double *values;
  double *lower;
  double *upper;
  guint  *sizes;
  double *team;
  char   *team_label;
  char   *series_label;
  char   *interval_label;
  char   *intervention_label;
  PlTrendIntervention intervention;
} TrendData;

static void
trend_data_clear (TrendData *data)
{
  g_clear_pointer (&data->days, g_free);
  g_clear_pointer (&data->values, g_free);
  g_clear_pointer (&data->lower, g_free);
  g_clear_pointer (&data->upper, g_free);
  g_clear_pointer (&data->sizes, g_free);
  g_clear_pointer (&data->team, g_free);
  g_clear_pointer (&data->team_label, g_free);
  g_clear_pointer (&data->series_label, g_free);
  g_clear_pointer (&data->interval_label, g_free);
  g_clear_pointer (&data->intervention_label, g_free);
}

typedef struct
{
  GPtrArray *rows;      /* char* */
  GPtrArray *columns;   /* char* */
  double    *values;
  guint     *counts;
} HeatmapData;

static void
heatmap_data_clear (HeatmapData *data)
{
  g_clear_pointer (&data->rows, g_ptr_array_unref);
  g_clear_pointer (&data->columns, g_ptr_array_unref);
  g_clear_pointer (&data->values, g_free);
  g_clear_pointer (&data->counts, g_free);
}

struct _PlColleaguesPage
{
  AdwBin              parent_instance;

  GtkStack           *stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *no_data_page;
  AdwStatusPage      *error_page;
  GtkScrolledWindow  *scrolled;
  GtkLabel           *intro_label;
  AdwComboRow        *period_row;
  AdwComboRow        *team_row;
  AdwComboRow        *sort_row;
  AdwPreferencesGroup *list_group;
  GtkListBox         *colleague_list;
  GtkWidget          *detail_hint;
  GtkWidget          *detail_box;
  AdwPreferencesGroup *detail_group;
  AdwEntryRow        *compare_row;
  GtkLabel           *compare_error;
  GtkLabel           *compare_hint;
  AdwPreferencesGroup *qa_group;
  GtkLabel           *qa_sentence;
  PlChartWidget      *qa_chart;
  GtkLabel           *qa_caption;
  GtkGrid            *qa_table;
  AdwPreferencesGroup *csat_group;
  GtkLabel           *csat_sentence;
  PlChartWidget      *csat_chart;
  GtkLabel           *csat_caption;
  GtkGrid            *csat_table;
  AdwPreferencesGroup *criteria_group;
  GtkListBox         *criteria_list;
  AdwPreferencesGroup *heatmap_group;
  GtkWidget          *heatmap_box;
  PlChartWidget      *heatmap;

  PlWorkspace        *workspace;
  PageData           *data;
  GPtrArray          *colleagues;      /* Colleague, every one with figures */
  GPtrArray          *shown;           /* Colleague (borrowed), in the list's order */
  guint               n_ranked;        /* shown[0 .. n_ranked) are in order of value */
  GArray             *team_ids;        /* gint64, one per team_row item; 0: every team */
  guint               sort_measures[N_MEASURES + 1]; /* sort_row item → SORT_* */
  gint64              selected_id;
  char               *chosen_day;      /* the user's comparison date, or NULL */
  char                compare_day[11]; /* the day the comparison on show splits at */
  TrendData           trends[N_MEASURES];
  HeatmapData         heatmap_data;

  GCancellable       *cancellable;     /* the page's figures being worked out */
  GCancellable       *compare_cancellable;
  guint               refresh_source;
  guint               scroll_source;
  gboolean            stale;           /* the workspace changed while the page was hidden */
  gboolean            rebuilding;
};

G_DEFINE_FINAL_TYPE (PlColleaguesPage, pl_colleagues_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (PlColleaguesPage *self);
static void start_compare (PlColleaguesPage *self);

/* Helpers */

static double
day_number (const char *iso_day)
{
  GDate date;

  if (!pl_date_parse_iso (iso_day, &date))
    return NAN;
  return (double) pl_date_to_days (&date);
}

static char *
period_label (PlAnalysisPeriod  period,
              const char       *start)
{
  return pl_analysis_period_label (period, start);
}

/* "Sep 2026", "Q3 2026": for the table's narrow first column. */
static char *
period_label_short (PlAnalysisPeriod  period,
                    const char       *start)
{
  GDate date;
  char buf[64];

  if (period != PL_ANALYSIS_MONTH || !pl_date_parse_iso (start, &date) ||
      g_date_strftime (buf, sizeof buf, "%b %Y", &date) == 0)
    return pl_analysis_period_label (period, start);

  return g_strdup (buf);
}

/* A KPI's name inside a sentence: "quality score", but "NPS" stays. */
static char *
name_in_sentence (PlKpi *kpi)
{
  const char *name = pl_kpi_get_name (kpi);
  gunichar first = g_utf8_get_char (name);
  const char *rest = g_utf8_next_char (name);

  if (*name != '\0' && g_unichar_isupper (first) && *rest != '\0' &&
      g_unichar_islower (g_utf8_get_char (rest)))
    {
      char buf[8] = { 0 };

      g_unichar_to_utf8 (g_unichar_tolower (first), buf);
      return g_strconcat (buf, rest, NULL);
    }

  return g_strdup (name);
}

static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, n);
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
      return g_strdup_printf (ngettext ("%lu observation", "%lu observations", count), count);
    case PL_KPI_SOURCE_COMPLAINTS:
      return g_strdup_printf (ngettext ("%lu complaint", "%lu complaints", count), count);
    case PL_KPI_SOURCE_METRIC:
    default:
      return g_strdup_printf (ngettext ("%lu record", "%lu records", count), count);
    }
}

/* "Fewer than 10 observations: not enough to compare" */
static char *
describe_small (PlKpi  *kpi,
                gint64  min_sample)
{
  g_autofree char *count = format_count (min_sample);

  switch (pl_kpi_get_source (kpi))
    {
    case PL_KPI_SOURCE_SURVEY:
      return g_strdup_printf (_("Fewer than %s survey answers: not enough to compare"), count);
    case PL_KPI_SOURCE_COMPLAINTS:
      return g_strdup_printf (_("Fewer than %s complaints: not enough to compare"), count);
    case PL_KPI_SOURCE_SCORECARD:
    case PL_KPI_SOURCE_METRIC:
    default:
      return g_strdup_printf (_("Fewer than %s observations: not enough to compare"), count);
    }
}

static char *
format_interval (PlKpi                *kpi,
                 const PlAnalysisCell *cell)
{
  g_autofree char *lower = NULL;
  g_autofree char *upper = NULL;

  if (!isfinite (cell->lower) || !isfinite (cell->upper))
    return g_strdup (_("Too few for an interval"));

  lower = pl_kpi_format_value (kpi, cell->lower);
  upper = pl_kpi_format_value (kpi, cell->upper);
  /* Translators: a confidence interval, "95% interval 72.5% to 87.2%" */
  return g_strdup_printf (_("95%% interval %s to %s"), lower, upper);
}

static PlIntervalMethod
method_of (PlKpi *kpi)
{
  switch (pl_kpi_get_calc (kpi))
    {
    case PL_KPI_CALC_TOP_BOX:
    case PL_KPI_CALC_WITHIN_PROMISE:
      return PL_INTERVAL_WILSON;
    case PL_KPI_CALC_NPS:
      return PL_INTERVAL_NPS;
    case PL_KPI_CALC_MEAN:
    case PL_KPI_CALC_SCORE:
      return PL_INTERVAL_T;
    case PL_KPI_CALC_METRIC:
    default:
      return PL_INTERVAL_NONE;
    }
}

static const PlAnalysisCell *
find_cell (GArray     *cells,
           const char *period_start)
{
  for (guint i = 0; cells != NULL && i < cells->len; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (cells, PlAnalysisCell, i);

      if (strcmp (cell->period_start, period_start) == 0)
        return cell;
    }
  return NULL;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkWidget *
new_pill (const char *text,
          const char *css_class,
          const char *tooltip)
{
  GtkWidget *pill = gtk_label_new (text);

  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_add_css_class (pill, css_class);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (pill, tooltip);

  return pill;
}

static PlKpi *
measure_kpi (PlColleaguesPage *self,
             Measure           measure)
{
  return self->data != NULL ? self->data->kpis[measure] : NULL;
}

/* Working out the figures (a worker thread) */

/* The KPIs the page shows: the first scorecard KPI, and the survey KPI
 * coded "csat" or else the first survey KPI of top-box answers. */
static void
choose_kpis (GListModel *kpis,
             PlKpi     **qa,
             PlKpi     **csat)
{
  PlKpi *top_box = NULL;
  PlKpi *named = NULL;
  PlKpi *survey = NULL;

  *qa = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (kpis); i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);

      if (pl_kpi_get_source (kpi) == PL_KPI_SOURCE_SCORECARD && *qa == NULL)
        *qa = g_object_ref (kpi);
      else if (pl_kpi_get_source (kpi) == PL_KPI_SOURCE_SURVEY)
        {
          if (named == NULL && g_ascii_strcasecmp (pl_kpi_get_code (kpi), "csat") == 0)
            named = kpi;
          if (top_box == NULL && pl_kpi_get_calc (kpi) == PL_KPI_CALC_TOP_BOX)
            top_box = kpi;
          if (survey == NULL)
            survey = kpi;
        }
    }

  *csat = named != NULL ? named : top_box != NULL ? top_box : survey;
  if (*csat != NULL)
    g_object_ref (*csat);
}

/* As the analysis reads it (pl-analysis.c): a bad setting makes the
 * analysis fail with its own message, so the default will do here. */
static gint64
read_min_sample (PlWorkspace *workspace)
{
  g_autofree char *text = pl_workspace_get_setting (workspace, "analysis_min_sample");
  guint64 value = PL_ANALYSIS_DEFAULT_MIN_SAMPLE;

  if (text != NULL &&
      !g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, 100000, &value, NULL))
    value = PL_ANALYSIS_DEFAULT_MIN_SAMPLE;

  return (gint64) value;
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PageData *request = task_data;
  PlWorkspace *workspace = g_object_get_data (G_OBJECT (task), "workspace");
  g_autoptr(PageData) data = g_new0 (PageData, 1);
  g_autoptr(GListModel) kpis = NULL;
  g_autoptr(GError) error = NULL;
  PlAnalysisOptions options;
  gint64 start = g_get_monotonic_time ();

  data->period = request->period;
  data->confidence = 0.95;
  data->min_sample = read_min_sample (workspace);

  kpis = pl_kpi_list (workspace, FALSE, &error);
  if (kpis == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  choose_kpis (kpis, &data->kpis[MEASURE_QA], &data->kpis[MEASURE_CSAT]);

  pl_analysis_options_init (&options);
  options.period = data->period;
  options.confidence = data->confidence;

  for (guint m = 0; m < N_MEASURES; m++)
    {
      g_autoptr(GError) kpi_error = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;
      if (data->kpis[m] == NULL)
        continue;

      data->patterns[m] = pl_analysis_colleagues (workspace, data->kpis[m], &options, &kpi_error);
      if (data->patterns[m] == NULL)
        {
          data->errors[m] = g_strdup (kpi_error->message);
          continue;
        }

      for (guint i = 0; i < data->patterns[m]->len; i++)
        {
          const PlColleaguePattern *pattern = g_ptr_array_index (data->patterns[m], i);

          for (guint j = 0; j < pattern->cells->len; j++)
            {
              const PlAnalysisCell *cell = &g_array_index (pattern->cells, PlAnalysisCell, j);

              if (strcmp (cell->period_start, data->latest[m]) > 0)
                g_strlcpy (data->latest[m], cell->period_start, sizeof data->latest[m]);
            }
        }
    }

  if (data->kpis[MEASURE_QA] != NULL)
    {
      g_autoptr(GError) rates_error = NULL;

      data->rates = pl_analysis_criterion_rates (workspace,
                                                 pl_kpi_get_scorecard_id (data->kpis[MEASURE_QA]),
                                                 &options, &rates_error);
      if (data->rates == NULL)
        data->rates_error = g_strdup (rates_error->message);
    }

  g_debug ("Colleague figures in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  g_task_return_pointer (task, g_steal_pointer (&data), (GDestroyNotify) page_data_free);
}

static void
compare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CompareData *data = task_data;
  PlWorkspace *workspace = g_object_get_data (G_OBJECT (task), "workspace");

  for (guint m = 0; m < N_MEASURES; m++)
    {
      g_autoptr(GError) error = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;
      if (data->kpis[m] == NULL)
        continue;

      data->ok[m] = pl_analysis_compare (workspace, data->kpis[m], PL_SEGMENT_COLLEAGUE,
                                         data->colleague_id, data->day, &data->options,
                                         &data->comparisons[m], &error);
      if (!data->ok[m])
        data->errors[m] = g_strdup (error->message);
    }

  g_task_return_boolean (task, TRUE);
}

/* The list of colleagues */

static Colleague *
find_colleague (PlColleaguesPage *self,
                gint64            id)
{
  for (guint i = 0; self->colleagues != NULL && i < self->colleagues->len; i++)
    {
      Colleague *colleague = g_ptr_array_index (self->colleagues, i);

      if (colleague->id == id)
        return colleague;
    }
  return NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const Colleague *x = *(const Colleague * const *) a;
  const Colleague *y = *(const Colleague * const *) b;
  int result = g_utf8_collate (x->name, y->name);

  return result != 0 ? result : (x->id > y->id) - (x->id < y->id);
}

/* One list of colleagues from both measures' patterns. */
static void
collect_colleagues (PlColleaguesPage *self)
{
  g_clear_pointer (&self->colleagues, g_ptr_array_unref);
  self->colleagues = g_ptr_array_new_with_free_func (g_free);

  for (guint m = 0; m < N_MEASURES; m++)
    {
      GPtrArray *patterns = self->data->patterns[m];

      for (guint i = 0; patterns != NULL && i < patterns->len; i++)
        {
          const PlColleaguePattern *pattern = g_ptr_array_index (patterns, i);
          Colleague *colleague = find_colleague (self, pattern->colleague.id);

          if (colleague == NULL)
            {
              colleague = g_new0 (Colleague, 1);
              colleague->id = pattern->colleague.id;
              colleague->code = pattern->colleague.code;
              colleague->name = pattern->colleague.name != NULL ? pattern->colleague.name : "";
              colleague->team_id = pattern->colleague.team_id;
              colleague->team_name = pattern->team_name;
              g_ptr_array_add (self->colleagues, colleague);
            }
          colleague->patterns[m] = pattern;
          colleague->latest[m] = find_cell (pattern->cells, self->data->latest[m]);
        }
    }

  g_ptr_array_sort (self->colleagues, compare_names);
}

/* Fills the team filter with the teams that have colleagues with figures,
 * keeping the team chosen. */
static void
fill_teams (PlColleaguesPage *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  gint64 chosen = 0;
  gint64 all = 0;
  guint selected = 0;
  guint position = adw_combo_row_get_selected (self->team_row);

  if (self->team_ids != NULL && position < self->team_ids->len)
    chosen = g_array_index (self->team_ids, gint64, position);

  g_clear_pointer (&self->team_ids, g_array_unref);
  self->team_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_string_list_append (model, _("All teams"));
  g_array_append_val (self->team_ids, all);

  /* The colleagues are in order of name; the teams go in order of name too. */
  for (guint i = 0; i < self->colleagues->len; i++)
    {
      const Colleague *colleague = g_ptr_array_index (self->colleagues, i);
      gboolean seen = FALSE;

      if (colleague->team_id == 0)
        continue;
      for (guint j = 1; j < self->team_ids->len; j++)
        seen = seen || g_array_index (self->team_ids, gint64, j) == colleague->team_id;
      if (seen)
        continue;

      g_array_append_val (self->team_ids, colleague->team_id);
      g_ptr_array_add (names, (gpointer) (colleague->team_name != NULL ? colleague->team_name : ""));
    }

  /* Sort the teams by name, carrying their ids along. */
  for (guint i = 1; i < names->len; i++)
    for (guint j = i; j > 0 && g_utf8_collate (g_ptr_array_index (names, j - 1),
                                               g_ptr_array_index (names, j)) > 0; j--)
      {
        gpointer name = names->pdata[j];
        gint64 id = g_array_index (self->team_ids, gint64, j + 1);

        names->pdata[j] = names->pdata[j - 1];
        names->pdata[j - 1] = name;
        g_array_index (self->team_ids, gint64, j + 1) = g_array_index (self->team_ids, gint64, j);
        g_array_index (self->team_ids, gint64, j) = id;
      }

  for (guint i = 0; i < names->len; i++)
    {
      gtk_string_list_append (model, g_ptr_array_index (names, i));
      if (g_array_index (self->team_ids, gint64, i + 1) == chosen)
        selected = i + 1;
    }

  adw_combo_row_set_model (self->team_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->team_row, selected);
}

static void
fill_sort_orders (PlColleaguesPage *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint position = adw_combo_row_get_selected (self->sort_row);
  guint chosen = position < G_N_ELEMENTS (self->sort_measures) ? self->sort_measures[position] : SORT_NAME;
  guint selected = 0;
  guint n = 0;

  gtk_string_list_append (model, _("By name"));
  self->sort_measures[n++] = SORT_NAME;

  for (guint m = 0; m < N_MEASURES; m++)
    {
      PlKpi *kpi = measure_kpi (self, m);
      g_autofree char *name = NULL;
      g_autofree char *label = NULL;

      if (kpi == NULL || self->data->patterns[m] == NULL)
        continue;

      name = name_in_sentence (kpi);
      /* Translators: an order of the list, "By quality score" */
      label = g_strdup_printf (_("By %s"), name);
      if (chosen == (m == MEASURE_QA ? SORT_QA : SORT_CSAT))
        selected = n;
      self->sort_measures[n++] = m == MEASURE_QA ? SORT_QA : SORT_CSAT;
      gtk_string_list_append (model, label);
    }

  adw_combo_row_set_model (self->sort_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->sort_row, selected);
}

static guint
current_sort (PlColleaguesPage *self)
{
  guint position = adw_combo_row_get_selected (self->sort_row);

  if (position >= G_N_ELEMENTS (self->sort_measures))
    return SORT_NAME;
  return self->sort_measures[position];
}

static gint64
current_team (PlColleaguesPage *self)
{
  guint position = adw_combo_row_get_selected (self->team_row);

  if (self->team_ids == NULL || position >= self->team_ids->len)
    return 0;
  return g_array_index (self->team_ids, gint64, position);
}

static gboolean
is_comparable (const Colleague *colleague,
               Measure          measure)
{
  const PlAnalysisCell *cell = colleague->latest[measure];

  return cell != NULL && cell->n > 0 && !cell->small_sample && isfinite (cell->value);
}

static int
compare_values (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  PlColleaguesPage *self = user_data;
  Measure measure = current_sort (self) == SORT_QA ? MEASURE_QA : MEASURE_CSAT;
  const Colleague *x = *(const Colleague * const *) a;
  const Colleague *y = *(const Colleague * const *) b;
  gboolean x_ok = is_comparable (x, measure);
  gboolean y_ok = is_comparable (y, measure);

  /* Small samples after the others, and in order of name: they are not
   * ranked. */
  if (x_ok != y_ok)
    return x_ok ? -1 : 1;

  if (x_ok)
    {
      double u = x->latest[measure]->value;
      double v = y->latest[measure]->value;

      if (u != v)
        {
          gboolean higher = pl_kpi_get_higher_is_better (self->data->kpis[measure]);

          return (u > v) == higher ? -1 : 1;
        }
    }

  return compare_names (a, b);
}

static GtkWidget *
measure_box (PlColleaguesPage *self,
             const Colleague  *colleague,
             Measure           measure,
             GString          *accessible)
{
  PlKpi *kpi = self->data->kpis[measure];
  const PlAnalysisCell *cell = colleague->latest[measure];
  const char *prefix = measure == MEASURE_QA ? "qa" : "csat";
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  g_autofree char *n = NULL;
  g_autofree char *interval = NULL;

  gtk_widget_set_hexpand (box, TRUE);

  label = new_label (pl_kpi_get_name (kpi), "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);

  value = pl_kpi_format_value (kpi, cell != NULL ? cell->value : NAN);
  {
    g_autofree char *count = format_count (cell != NULL ? cell->n : 0);

    /* Translators: a sample size beside its value, "n = 8" */
    n = g_strdup_printf (_("n = %s"), count);
  }

  label = new_label (value, "title-4");
  gtk_widget_add_css_class (label, "numeric");
  name = g_strconcat (prefix, "-value", NULL);
  gtk_widget_set_name (label, name);
  gtk_widget_set_valign (label, GTK_ALIGN_BASELINE);
  gtk_box_append (GTK_BOX (line), label);

  label = new_label (n, "numeric");
  g_free (name);
  name = g_strconcat (prefix, "-n", NULL);
  gtk_widget_set_name (label, name);
  gtk_widget_set_valign (label, GTK_ALIGN_BASELINE);
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (box), line);

  if (cell != NULL)
    interval = format_interval (kpi, cell);
  else
    {
      g_autofree char *period = period_label (self->data->period, self->data->latest[measure]);

      /* Translators: "None in September 2026" */
      interval = g_strdup_printf (_("None in %s"), period);
    }
  label = new_label (interval, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  g_free (name);
  name = g_strconcat (prefix, "-interval", NULL);
  gtk_widget_set_name (label, name);
  gtk_box_append (GTK_BOX (box), label);

  g_string_append_printf (accessible, ". %s %s, %s, %s", pl_kpi_get_name (kpi), value, n, interval);

  if (cell == NULL || cell->small_sample)
    {
      g_autofree char *why = describe_small (kpi, self->data->min_sample);
      GtkWidget *pill = new_pill (_("Small sample"), "status-none", why);

      g_free (name);
      name = g_strconcat (prefix, "-small", NULL);
      gtk_widget_set_name (pill, name);
      gtk_widget_set_margin_top (pill, 4);
      gtk_box_append (GTK_BOX (box), pill);
      g_string_append_printf (accessible, ", %s", why);
    }

  return box;
}

static GtkWidget *
colleague_row (PlColleaguesPage *self,
               const Colleague  *colleague)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *measures = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label;
  g_autoptr(GString) accessible = g_string_new (colleague->name);

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  label = new_label (colleague->name, "heading");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_name (label, "name");
  gtk_box_append (GTK_BOX (top), label);

  if (colleague->team_name != NULL)
    {
      label = new_label (colleague->team_name, "dim-label");
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_box_append (GTK_BOX (top), label);
      g_string_append_printf (accessible, ", %s", colleague->team_name);
    }
  gtk_box_append (GTK_BOX (box), top);

  /* The measure the list is in order of comes first. */
  gtk_box_set_homogeneous (GTK_BOX (measures), TRUE);
  for (guint i = 0; i < N_MEASURES; i++)
    {
      Measure m = current_sort (self) == SORT_CSAT ? N_MEASURES - 1 - i : i;

      if (self->data->kpis[m] != NULL && self->data->patterns[m] != NULL)
        gtk_box_append (GTK_BOX (measures), measure_box (self, colleague, m, accessible));
    }
  gtk_box_append (GTK_BOX (box), measures);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "colleague-id",
                          g_memdup2 (&colleague->id, sizeof colleague->id), g_free);

  return row;
}

/* In an order of value: a header says what the order is, and another
 * where the small samples start. */
static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  PlColleaguesPage *self = user_data;
  int index = gtk_list_box_row_get_index (row);
  guint sort = current_sort (self);
  Measure measure = sort == SORT_QA ? MEASURE_QA : MEASURE_CSAT;
  g_autofree char *text = NULL;
  GtkWidget *header;

  if (sort == SORT_NAME || self->data == NULL || self->shown == NULL || index < 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  if (index == 0 && self->n_ranked > 0)
    {
      g_autofree char *name = name_in_sentence (self->data->kpis[measure]);
      g_autofree char *period = period_label (self->data->period, self->data->latest[measure]);

      text = pl_kpi_get_higher_is_better (self->data->kpis[measure])
             /* Translators: "By quality score in September 2026, highest first, each with its sample size (n)" */
             ? g_strdup_printf (_("By %s in %s, highest first, each with its sample size (n)"), name, period)
             /* Translators: "By handling time in September 2026, lowest first, each with its sample size (n)" */
             : g_strdup_printf (_("By %s in %s, lowest first, each with its sample size (n)"), name, period);
    }
  else if ((guint) index == self->n_ranked && self->n_ranked < self->shown->len)
    {
      g_autofree char *small = describe_small (self->data->kpis[measure], self->data->min_sample);

      /* Translators: "Fewer than 10 observations: not enough to compare. In order of name." */
      text = g_strdup_printf (_("%s. In order of name."), small);
    }

  if (text == NULL)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = new_label (text, "heading");
  gtk_label_set_wrap (GTK_LABEL (header), TRUE);
  gtk_widget_set_margin_top (header, 10);
  gtk_widget_set_margin_bottom (header, 10);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_name (header, (guint) index == self->n_ranked ? "small-header" : "ranked-header");
  gtk_list_box_row_set_header (row, header);
}

static void show_detail (PlColleaguesPage *self);

static void
describe_list (PlColleaguesPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint m = 0; m < N_MEASURES; m++)
    {
      PlKpi *kpi = self->data->kpis[m];
      g_autofree char *period = NULL;
      guint n_small = 0;

      if (kpi == NULL)
        continue;
      if (self->data->errors[m] != NULL)
        {
          /* Translators: "Quality score could not be worked out: <reason>" */
          g_string_append_printf (text, _("%s could not be worked out: %s"),
                                  pl_kpi_get_name (kpi), self->data->errors[m]);
          g_string_append_c (text, '\n');
          continue;
        }
      if (self->data->latest[m][0] == '\0')
        continue;

      period = period_label (self->data->period, self->data->latest[m]);
      /* Translators: "Quality score: September 2026, the latest month with data." */
      g_string_append_printf (text, self->data->period == PL_ANALYSIS_MONTH
                              ? _("%s: %s, the latest month with data.")
                              : _("%s: %s, the latest quarter with data."),
                              pl_kpi_get_name (kpi), period);

      for (guint i = 0; i < self->shown->len; i++)
        if (!is_comparable (g_ptr_array_index (self->shown, i), m))
          n_small++;
      if (self->data->period == PL_ANALYSIS_MONTH && n_small * 2 > self->shown->len)
        g_string_append_printf (text, " %s", _("Most of these figures rest on small samples: "
                                               "choose Quarter to compare colleagues."));
      g_string_append_c (text, '\n');
    }

  if (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);
  adw_preferences_group_set_description (self->list_group, text->str);
}

/* Rebuilds the list from the data, the team chosen and the order. */
static void
show_list (PlColleaguesPage *self,
           gboolean          data_changed)
{
  gint64 team = current_team (self);
  guint sort = current_sort (self);
  GtkListBoxRow *selected = NULL;

  self->rebuilding = TRUE;
  clear_list (self->colleague_list);

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  self->shown = g_ptr_array_new ();
  for (guint i = 0; i < self->colleagues->len; i++)
    {
      Colleague *colleague = g_ptr_array_index (self->colleagues, i);

      if (team == 0 || colleague->team_id == team)
        g_ptr_array_add (self->shown, colleague);
    }

  self->n_ranked = self->shown->len;
  if (sort != SORT_NAME)
    {
      Measure measure = sort == SORT_QA ? MEASURE_QA : MEASURE_CSAT;

      g_ptr_array_sort_with_data (self->shown, compare_values, self);
      self->n_ranked = 0;
      while (self->n_ranked < self->shown->len &&
             is_comparable (g_ptr_array_index (self->shown, self->n_ranked), measure))
        self->n_ranked++;
    }

  for (guint i = 0; i < self->shown->len; i++)
    {
      const Colleague *colleague = g_ptr_array_index (self->shown, i);
      GtkWidget *row = colleague_row (self, colleague);

      gtk_list_box_append (self->colleague_list, row);
      if (colleague->id == self->selected_id)
        selected = GTK_LIST_BOX_ROW (row);
    }

  describe_list (self);
  gtk_list_box_invalidate_headers (self->colleague_list);

  if (selected != NULL)
    gtk_list_box_select_row (self->colleague_list, selected);
  self->rebuilding = FALSE;

  if (selected == NULL)
    {
      self->selected_id = 0;
      show_detail (self);
    }
  else if (data_changed)
    show_detail (self);
}

/* One colleague's detail */

static char *
default_day (PlColleaguesPage *self)
{
  const char *latest = "";
  GDate date;

  for (guint m = 0; m < N_MEASURES; m++)
    if (strcmp (self->data->latest[m], latest) > 0)
      latest = self->data->latest[m];

  if (!pl_date_parse_iso (latest, &date))
    return NULL;

  if (self->data->period == PL_ANALYSIS_MONTH)
    g_date_subtract_months (&date, RECENT_MONTHS - 1);

  return pl_date_to_iso (&date);
}

static void
show_trend (PlColleaguesPage *self,
            const Colleague  *colleague,
            Measure           measure)
{
  PlChartWidget *chart_widget = measure == MEASURE_QA ? self->qa_chart : self->csat_chart;
  GtkLabel *caption = measure == MEASURE_QA ? self->qa_caption : self->csat_caption;
  GtkGrid *table = measure == MEASURE_QA ? self->qa_table : self->csat_table;
  const PlColleaguePattern *pattern = colleague->patterns[measure];
  PlKpi *kpi = self->data->kpis[measure];
  TrendData *trend = &self->trends[measure];
  g_autoptr(GArray) periods = g_array_new (FALSE, FALSE, sizeof (PeriodStart));
  g_autoptr(GString) text = g_string_new (NULL);
  const char *team_name = colleague->team_name != NULL ? colleague->team_name : _("Team");
  PlTrendChart chart;
  GDate date;
  guint n;
  int row = 0;

  clear_grid (table);

  /* Every period from the colleague's first to the latest with data for
   * anyone, so that a gap shows as a gap. */
  if (pattern->cells->len > 0 &&
      pl_date_parse_iso (g_array_index (pattern->cells, PlAnalysisCell, 0).period_start, &date))
    {
      for (guint guard = 0; guard < 400; guard++)
        {
          PeriodStart start;
          g_autofree char *iso = pl_date_to_iso (&date);

          if (strcmp (iso, self->data->latest[measure]) > 0)
            break;
          g_strlcpy (start.day, iso, sizeof start.day);
          g_array_append_val (periods, start);
          g_date_add_months (&date, self->data->period == PL_ANALYSIS_MONTH ? 1 : 3);
        }
    }

  n = periods->len;
  trend_data_clear (trend);
  trend->days = g_new (double, MAX (n, 1));
  trend->values = g_new (double, MAX (n, 1));
  trend->lower = g_new (double, MAX (n, 1));
  trend->upper = g_new (double, MAX (n, 1));
  trend->sizes = g_new0 (guint, MAX (n, 1));
  trend->team = g_new (double, MAX (n, 1));

  /* The table: the colleague beside their team, period by period. */
  {
    const char *headings[] = { _("Period"), colleague->name, _("n"), team_name, _("n") };

    for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
      {
        GtkWidget *label = new_label (headings[c], "heading");

        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
        gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
        if (c > 0)
          gtk_label_set_xalign (GTK_LABEL (label), 1);
        gtk_widget_set_hexpand (label, c == 0);
        gtk_grid_attach (table, label, c, row, 1, 1);
      }
    row++;
  }

  for (guint i = 0; i < n; i++)
    {
      const char *start = g_array_index (periods, PeriodStart, i).day;
      const PlAnalysisCell *mine = find_cell (pattern->cells, start);
      const PlAnalysisCell *team = find_cell (pattern->team_cells, start);
      g_autofree char *label = period_label_short (self->data->period, start);
      g_autofree char *value = pl_kpi_format_value (kpi, mine != NULL ? mine->value : NAN);
      g_autofree char *count = format_count (mine != NULL ? mine->n : 0);
      g_autofree char *team_value = pl_kpi_format_value (kpi, team != NULL && team->n > 0
                                                              ? team->value : NAN);
      g_autofree char *team_count = format_count (team != NULL ? team->n : 0);
      const char *cells[] = { label, value, count, team_value, team_count };

      trend->days[i] = day_number (start);
      trend->values[i] = mine != NULL ? mine->value : NAN;
      trend->lower[i] = mine != NULL ? mine->lower : NAN;
      trend->upper[i] = mine != NULL ? mine->upper : NAN;
      trend->sizes[i] = mine != NULL ? (guint) mine->n : 0;
      trend->team[i] = team != NULL && team->n > 0 ? team->value : NAN;

      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          GtkWidget *cell = new_label (cells[c], c > 0 ? "numeric" : NULL);

          if (c > 0)
            gtk_label_set_xalign (GTK_LABEL (cell), 1);
          if (c >= 3)
            gtk_widget_add_css_class (cell, "dim-label");
          gtk_grid_attach (table, cell, c, row, 1, 1);
        }
      row++;
    }

  pl_trend_chart_init (&chart);
  trend->series_label = g_strdup (colleague->name);
  trend->interval_label = pl_interval_method_label (method_of (kpi), self->data->confidence);
  chart.series_label = trend->series_label;
  chart.days = trend->days;
  chart.values = trend->values;
  chart.n = n;
  chart.unit = pl_kpi_get_unit (kpi);
  chart.decimals = pl_kpi_get_decimals (kpi);
  chart.higher_is_better = pl_kpi_get_higher_is_better (kpi);
  chart.has_target = TRUE;
  chart.target = pl_kpi_get_target (kpi);
  chart.has_red_threshold = TRUE;
  chart.red_threshold = pl_kpi_get_red_threshold (kpi);
  chart.highlight = -1;
  chart.lower = trend->lower;
  chart.upper = trend->upper;
  chart.interval_label = trend->interval_label;
  chart.sizes = trend->sizes;
  if (colleague->team_name != NULL)
    {
      /* Translators: the team's line beside a colleague's, "Customer Care (team)" */
      trend->team_label = g_strdup_printf (_("%s (team)"), team_name);
      chart.compare = trend->team;
      chart.compare_label = trend->team_label;
    }
  if (self->compare_day[0] != '\0')
    {
      g_autofree char *shown = pl_date_format_short (self->compare_day);

      /* Translators: the line on a chart where the comparison splits, "Compared from 1 Jul 2026" */
      trend->intervention_label = g_strdup_printf (_("Compared from %s"), shown);
      trend->intervention.day = day_number (self->compare_day);
      trend->intervention.label = trend->intervention_label;
      chart.interventions = &trend->intervention;
      chart.n_interventions = 1;
    }
  pl_chart_widget_set_trend_chart (chart_widget, &chart);

  /* The caption: the whole stretch against the team, and the trend. */
  {
    g_autofree char *value = pl_kpi_format_value (kpi, pattern->overall.value);
    g_autofree char *count = describe_count (kpi, pattern->overall.n);

    /* Translators: "Over all months: Priya Shah 83.3% from 50 observations" */
    g_string_append_printf (text, self->data->period == PL_ANALYSIS_MONTH
                            ? _("Over all months: %s %s from %s")
                            : _("Over all quarters: %s %s from %s"),
                            colleague->name, value, count);
    if (pattern->team_overall.n > 0)
      {
        g_autofree char *team_value = pl_kpi_format_value (kpi, pattern->team_overall.value);
        g_autofree char *team_count = describe_count (kpi, pattern->team_overall.n);

        /* Translators: "; Customer Care 86.1% from 350 observations" */
        g_string_append_printf (text, _("; %s %s from %s"), team_name, team_value, team_count);
      }
    g_string_append (text, ". ");
    if (pattern->has_trend && pattern->trend_summary != NULL)
      /* Translators: "Month by month: falling, significant (p = 0.004)." */
      g_string_append_printf (text, self->data->period == PL_ANALYSIS_MONTH
                              ? _("Month by month: %s.") : _("Quarter by quarter: %s."),
                              pattern->trend_summary);
    else
      g_string_append (text, _("Too few periods for a trend."));
    g_string_append_printf (text, " %s",
                            _("The shaded band is the interval of each period; the team’s "
                              "figures are in the table."));
  }
  gtk_label_set_label (caption, text->str);
}

static void
show_criteria (PlColleaguesPage *self,
               const Colleague  *colleague)
{
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autofree char *description = NULL;
  GPtrArray *rates = self->data->rates;

  clear_list (self->criteria_list);

  gtk_widget_set_visible (GTK_WIDGET (self->criteria_group), self->data->kpis[MEASURE_QA] != NULL);
  if (self->data->kpis[MEASURE_QA] == NULL)
    return;

  for (guint i = 0; rates != NULL && i < rates->len; i++)
    {
      PlCriterionRate *rate = g_ptr_array_index (rates, i);

      if (rate->colleague_id == colleague->id && rate->n > 0)
        g_ptr_array_add (mine, rate);
    }

  /* Lowest first among the rates that rest on enough answers; then the
   * others, which must not be read as much. */
  for (guint i = 1; i < mine->len; i++)
    for (guint j = i; j > 0; j--)
      {
        PlCriterionRate *a = mine->pdata[j - 1];
        PlCriterionRate *b = mine->pdata[j];

        if (a->small_sample < b->small_sample ||
            (a->small_sample == b->small_sample && a->rate <= b->rate))
          break;
        mine->pdata[j - 1] = b;
        mine->pdata[j] = a;
      }

  /* Translators: the description of "Where Coaching Should Go" */
  description = g_strdup_printf (_("%s’s pass rate on each criterion of the scorecard over all "
                                   "their observations, lowest first. A pass is full marks; N/A "
                                   "answers are left out."),
                                 colleague->name);
  adw_preferences_group_set_description (self->criteria_group, rates != NULL
                                         ? description : self->data->rates_error);

  for (guint i = 0; i < mine->len; i++)
    {
      PlCriterionRate *rate = g_ptr_array_index (mine, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *passes = format_count (rate->passes);
      g_autofree char *count = format_count (rate->n);
      g_autoptr(GString) text = g_string_new (NULL);

      /* Translators: "62.0% passed: 31 of 50 (95% interval 48.2% to 74.1%)" */
      g_string_append_printf (text, _("%.1f%% passed: %s of %s"), rate->rate, passes, count);
      if (isfinite (rate->lower))
        /* Translators: " (95% interval 48.2% to 74.1%)" */
        g_string_append_printf (text, _(" (95%% interval %.1f%% to %.1f%%)"), rate->lower, rate->upper);
      if (isfinite (rate->team_rate) && colleague->team_name != NULL)
        {
          g_autofree char *team_count = format_count (rate->team_n);

          /* Translators: ". Customer Care: 81.4% of 350" */
          g_string_append_printf (text, _(". %s: %.1f%% of %s"), colleague->team_name,
                                  rate->team_rate, team_count);
        }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rate->criterion);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text->str);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);

      if (rate->small_sample)
        {
          g_autofree char *min = format_count (self->data->min_sample);
          g_autofree char *why = g_strdup_printf (_("Fewer than %s answers: not enough to compare"), min);

          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     new_pill (_("Small sample"), "status-none", why));
        }
      else if (isfinite (rate->team_rate) && isfinite (rate->upper) && rate->upper < rate->team_rate)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   new_pill (_("Below the team"), "status-amber",
                                             _("The team’s rate is above this interval: a "
                                               "difference chance alone would rarely give")));

      g_object_set_data_full (G_OBJECT (row), "criterion-id",
                              g_memdup2 (&rate->criterion_id, sizeof rate->criterion_id), g_free);
      gtk_list_box_append (self->criteria_list, row);
    }

  if (mine->len == 0 && rates != NULL)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf (_("No scored observations of %s yet"), colleague->name);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Score their contacts on the scorecard to see where they "
                                     "do well and where coaching would help."));
      gtk_list_box_append (self->criteria_list, row);
    }
}

static void
set_sentences_pending (PlColleaguesPage *self)
{
  gtk_label_set_label (self->qa_sentence, _("Comparing…"));
  gtk_label_set_label (self->csat_sentence, _("Comparing…"));
}

static void
show_detail (PlColleaguesPage *self)
{
  const Colleague *colleague = self->data != NULL ? find_colleague (self, self->selected_id) : NULL;
  g_autofree char *day = NULL;
  g_autofree char *title = NULL;

  if (self->compare_cancellable != NULL)
    {
      g_cancellable_cancel (self->compare_cancellable);
      g_clear_object (&self->compare_cancellable);
    }

  gtk_widget_set_visible (self->detail_box, colleague != NULL);
  gtk_widget_set_visible (self->detail_hint, colleague == NULL && self->shown != NULL &&
                          self->shown->len > 0);
  if (colleague == NULL)
    {
      self->compare_day[0] = '\0';
      return;
    }

  adw_preferences_group_set_title (self->detail_group, colleague->name);
  if (colleague->team_name != NULL)
    /* Translators: "Customer Care · C07" */
    title = g_strdup_printf (_("%s · %s"), colleague->team_name, colleague->code);
  else
    title = g_strdup (colleague->code);
  adw_preferences_group_set_description (self->detail_group, title);

  day = self->chosen_day != NULL ? g_strdup (self->chosen_day) : default_day (self);
  g_strlcpy (self->compare_day, day != NULL ? day : "", sizeof self->compare_day);

  {
    g_autofree char *shown = pl_date_format_short (self->compare_day);
    g_autofree char *hint = NULL;

    if (self->chosen_day != NULL)
      hint = g_strdup_printf (self->data->period == PL_ANALYSIS_MONTH
                              ? _("Before and after %s, the date you chose. Clear it to compare "
                                  "the last 3 months with the months before.")
                              : _("Before and after %s, the date you chose. Clear it to compare "
                                  "the last quarter with the quarters before."),
                              shown);
    else
      hint = g_strdup_printf (self->data->period == PL_ANALYSIS_MONTH
                              ? _("The last 3 months (from %s) against the months before. To compare "
                                  "before and after another day, such as that of a change or of "
                                  "coaching, type it as YYYY-MM-DD and press Enter.")
                              : _("The last quarter (from %s) against the quarters before. To "
                                  "compare before and after another day, such as that of a change "
                                  "or of coaching, type it as YYYY-MM-DD and press Enter."),
                              shown);
    gtk_label_set_label (self->compare_hint, hint);
  }

  for (guint m = 0; m < N_MEASURES; m++)
    {
      AdwPreferencesGroup *group = m == MEASURE_QA ? self->qa_group : self->csat_group;
      gboolean has = self->data->kpis[m] != NULL && colleague->patterns[m] != NULL;

      gtk_widget_set_visible (GTK_WIDGET (group), has);
      if (!has)
        continue;

      adw_preferences_group_set_title (group, pl_kpi_get_name (self->data->kpis[m]));
      show_trend (self, colleague, m);
    }

  show_criteria (self, colleague);
  set_sentences_pending (self);
  start_compare (self);
}

static char *
describe_comparison (PlColleaguesPage           *self,
                     const Colleague            *colleague,
                     PlKpi                      *kpi,
                     const PlAnalysisComparison *comparison)
{
  g_autofree char *name = name_in_sentence (kpi);
  g_autofree char *day = pl_date_format_short (self->compare_day);
  g_autofree char *before = pl_kpi_format_value (kpi, comparison->before.value);
  g_autofree char *after = pl_kpi_format_value (kpi, comparison->after.value);
  g_autofree char *difference = pl_kpi_format_change (kpi, comparison->difference);
  g_autofree char *lower = pl_kpi_format_change (kpi, comparison->lower);
  g_autofree char *upper = pl_kpi_format_change (kpi, comparison->upper);
  g_autofree char *n_before = describe_count (kpi, comparison->before.n);
  g_autofree char *n_after = describe_count (kpi, comparison->after.n);
  g_autofree char *change = NULL;
  g_autofree char *evidence = NULL;
  gboolean clear = isfinite (comparison->lower) && isfinite (comparison->upper) &&
                   (comparison->lower > 0 || comparison->upper < 0);

  if (clear && comparison->difference < 0)
    /* Translators: "Priya Shah’s quality score fell from 91.0% before 1 Jul 2026 to 75.6% since." */
    change = g_strdup_printf (_("%s’s %s fell from %s before %s to %s since."),
                              colleague->name, name, before, day, after);
  else if (clear)
    /* Translators: "Priya Shah’s quality score rose from 75.6% before 1 Jul 2026 to 91.0% since." */
    change = g_strdup_printf (_("%s’s %s rose from %s before %s to %s since."),
                              colleague->name, name, before, day, after);
  else
    /* Translators: "Priya Shah’s CSAT shows no clear change: 86.0% before 1 Jul 2026, 85.1% since." */
    change = g_strdup_printf (_("%s’s %s shows no clear change: %s before %s, %s since."),
                              colleague->name, name, before, day, after);

  /* Translators: "Difference −15.4 pts (95% interval −21.3 pts to −9.5 pts), from 25 observations before and 25 observations since." */
  evidence = g_strdup_printf (_("Difference %s (95%% interval %s to %s), from %s before and %s since."),
                              difference, lower, upper, n_before, n_after);

  if (clear)
    return g_strdup_printf ("%s %s", change, evidence);

  return g_strdup_printf ("%s %s %s", change, evidence,
                          _("The interval includes no change, so the difference may be chance."));
}

static void
compare_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PlColleaguesPage *self = PL_COLLEAGUES_PAGE (object);
  GTask *task = G_TASK (result);
  CompareData *data = g_task_get_task_data (task);
  const Colleague *colleague;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (task, &error) ||
      g_task_get_cancellable (task) != self->compare_cancellable)
    return;

  g_clear_object (&self->compare_cancellable);

  colleague = find_colleague (self, data->colleague_id);
  if (colleague == NULL)
    return;

  for (guint m = 0; m < N_MEASURES; m++)
    {
      GtkLabel *label = m == MEASURE_QA ? self->qa_sentence : self->csat_sentence;
      g_autofree char *text = NULL;

      if (data->kpis[m] == NULL)
        continue;

      if (data->ok[m])
        text = describe_comparison (self, colleague, data->kpis[m], &data->comparisons[m]);
      else
        /* Translators: "No comparison: There are too few records before 1 Jul 2026 to compare with." */
        text = g_strdup_printf (_("No comparison: %s"), data->errors[m]);
      gtk_label_set_label (label, text);
    }
}

static void
start_compare (PlColleaguesPage *self)
{
  g_autoptr(GTask) task = NULL;
  CompareData *data;

  if (self->compare_cancellable != NULL)
    {
      g_cancellable_cancel (self->compare_cancellable);
      g_clear_object (&self->compare_cancellable);
    }

  if (self->workspace == NULL || self->data == NULL || self->selected_id == 0 ||
      self->compare_day[0] == '\0')
    return;

  data = g_new0 (CompareData, 1);
  for (guint m = 0; m < N_MEASURES; m++)
    if (self->data->kpis[m] != NULL && self->data->patterns[m] != NULL)
      data->kpis[m] = g_object_ref (self->data->kpis[m]);
  data->colleague_id = self->selected_id;
  g_strlcpy (data->day, self->compare_day, sizeof data->day);
  pl_analysis_options_init (&data->options);
  data->options.period = self->data->period;
  data->options.confidence = self->data->confidence;

  self->compare_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->compare_cancellable, compare_done_cb, NULL);
  g_task_set_source_tag (task, start_compare);
  g_task_set_task_data (task, data, (GDestroyNotify) compare_data_free);
  g_object_set_data_full (G_OBJECT (task), "workspace", g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, compare_thread);
}

/* The heatmap */

static void
show_heatmap (PlColleaguesPage *self)
{
  HeatmapData *data = &self->heatmap_data;
  GPtrArray *rates = self->data->rates;
  g_autoptr(GArray) criteria = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *description = NULL;
  PlHeatmapChart chart;
  guint n_cells;

  gtk_widget_set_visible (GTK_WIDGET (self->heatmap_group), self->data->kpis[MEASURE_QA] != NULL);
  if (self->data->kpis[MEASURE_QA] == NULL)
    return;

  heatmap_data_clear (data);
  data->rows = g_ptr_array_new_with_free_func (g_free);
  data->columns = g_ptr_array_new_with_free_func (g_free);

  /* Columns: the criteria in the scorecard's order; rows: the colleagues
   * shown, by name. */
  for (guint i = 0; rates != NULL && i < rates->len; i++)
    {
      PlCriterionRate *rate = g_ptr_array_index (rates, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < criteria->len && !seen; j++)
        seen = g_array_index (criteria, gint64, j) == rate->criterion_id;
      if (!seen)
        {
          g_array_append_val (criteria, rate->criterion_id);
          g_ptr_array_add (data->columns, g_strdup (rate->criterion));
        }
    }

  for (guint i = 0; i < self->colleagues->len; i++)
    {
      Colleague *colleague = g_ptr_array_index (self->colleagues, i);
      gint64 team = current_team (self);

      if (team == 0 || colleague->team_id == team)
        {
          g_ptr_array_add (rows, colleague);
          g_ptr_array_add (data->rows, g_strdup (colleague->name));
        }
    }

  n_cells = MAX (rows->len * criteria->len, 1);
  data->values = g_new (double, n_cells);
  data->counts = g_new0 (guint, n_cells);
  for (guint i = 0; i < n_cells; i++)
    data->values[i] = NAN;

  for (guint i = 0; rates != NULL && i < rates->len; i++)
    {
      PlCriterionRate *rate = g_ptr_array_index (rates, i);

      for (guint r = 0; r < rows->len; r++)
        {
          const Colleague *colleague = g_ptr_array_index (rows, r);

          if (colleague->id != rate->colleague_id)
            continue;
          for (guint c = 0; c < criteria->len; c++)
            if (g_array_index (criteria, gint64, c) == rate->criterion_id)
              {
                data->values[r * criteria->len + c] = rate->rate;
                data->counts[r * criteria->len + c] = (guint) rate->n;
              }
        }
    }

  pl_heatmap_chart_init (&chart);
  chart.value_label = _("Pass rate");
  chart.rows = (const char * const *) data->rows->pdata;
  chart.n_rows = data->rows->len;
  chart.columns = (const char * const *) data->columns->pdata;
  chart.n_columns = data->columns->len;
  chart.values = data->values;
  chart.counts = data->counts;
  chart.decimals = 0;
  chart.highlight = -1;
  pl_chart_widget_set_heatmap_chart (self->heatmap, &chart);
  gtk_widget_set_visible (GTK_WIDGET (self->heatmap), criteria->len > 0 && rows->len > 0);

  if (rates == NULL)
    description = g_strdup (self->data->rates_error);
  else if (criteria->len == 0)
    description = g_strdup (_("No scored observations yet. Score contacts on the scorecard to "
                              "see which criteria each colleague meets."));
  else
    description = g_strdup (_("The share of answered criteria given full marks, per colleague, "
                              "over all observations. Point at a cell for its number of "
                              "answers; hatched cells have none. Compare rows only where "
                              "the numbers are large enough."));
  adw_preferences_group_set_description (self->heatmap_group, description);

}

/* The whole page */

static void
show_intro (PlColleaguesPage *self)
{
  g_autofree char *min = format_count (self->data->min_sample);
  g_autofree char *text =
    g_strdup_printf (_("How each colleague’s work changes over time against their team, and where "
                       "coaching would help most. Every figure comes with its sample size (n) and "
                       "95%% interval; one resting on fewer than %s records is marked as a small "
                       "sample and is left out of any order of value, so that feedback stays fair."),
                     min);

  gtk_label_set_label (self->intro_label, text);
}

/* A figure that cannot be worked out from what is in the workspace (a
 * setting out of range, a KPI whose question was deleted): what is wrong,
 * in the analysis' words. */
static void
show_analysis_error (PlColleaguesPage *self,
                     const char       *message)
{
  g_autofree char *description =
    g_strdup_printf (_("%s\n\nNothing in the workspace was changed."), message);

  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
show_data (PlColleaguesPage *self)
{
  gboolean has_kpi = FALSE;
  const char *error = NULL;

  collect_colleagues (self);

  for (guint m = 0; m < N_MEASURES; m++)
    {
      has_kpi = has_kpi || self->data->kpis[m] != NULL;
      if (error == NULL)
        error = self->data->errors[m];
    }

  if (self->colleagues->len == 0 && error != NULL)
    {
      self->rebuilding = TRUE;
      clear_list (self->colleague_list);
      self->rebuilding = FALSE;
      self->selected_id = 0;
      show_detail (self);
      show_analysis_error (self, error);
      return;
    }

  if (self->colleagues->len == 0)
    {
      self->rebuilding = TRUE;
      clear_list (self->colleague_list);
      self->rebuilding = FALSE;
      self->selected_id = 0;
      show_detail (self);
      adw_status_page_set_description (self->no_data_page, has_kpi
        ? _("None of the observations or survey answers in this workspace names a colleague. "
            "Score contacts on the scorecard, or import survey answers with the colleague who "
            "handled each contact, to see each colleague’s figures against their team.")
        : _("This page needs a quality score KPI (from a scorecard) or a survey KPI such as "
            "customer satisfaction. Add one on the KPIs page; then each colleague’s figures "
            "show here against their team."));
      gtk_stack_set_visible_child_name (self->stack, "no-data");
      return;
    }

  show_intro (self);
  /* The filters' own changes must not rebuild the list meanwhile. */
  self->rebuilding = TRUE;
  fill_teams (self);
  fill_sort_orders (self);
  self->rebuilding = FALSE;
  show_list (self, TRUE);
  show_heatmap (self);
  gtk_stack_set_visible_child_name (self->stack, "main");
}

static void
show_error (PlColleaguesPage *self,
            const GError     *error)
{
  g_autofree char *description =
    g_strdup_printf (_("%s\n\nNothing in the workspace was changed. Close the workspace and "
                       "open it again; if this keeps happening, report it to the Plumbline "
                       "developers."),
                     error->message);

  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
compute_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PlColleaguesPage *self = PL_COLLEAGUES_PAGE (object);
  GTask *task = G_TASK (result);
  g_autoptr(GError) error = NULL;
  g_autoptr(PageData) data = g_task_propagate_pointer (task, &error);

  /* A newer computation (or none, after the workspace closed) has taken
   * this one's place. */
  if (g_task_get_cancellable (task) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  gtk_spinner_set_spinning (self->spinner, FALSE);

  if (data == NULL)
    {
      show_error (self, error);
      return;
    }

  /* The list borrows from the data: drop it before the data goes. */
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->colleagues, g_ptr_array_unref);
  g_clear_pointer (&self->data, page_data_free);
  self->data = g_steal_pointer (&data);
  show_data (self);
}

static void
refresh (PlColleaguesPage *self)
{
  g_autoptr(GTask) task = NULL;
  PageData *request;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->stale = FALSE;

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }

  if (self->workspace == NULL)
    {
      gtk_spinner_set_spinning (self->spinner, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  /* The figures on show stay until the new ones are ready. */
  if (self->data == NULL)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  request = g_new0 (PageData, 1);
  request->period = adw_combo_row_get_selected (self->period_row) == 1
                    ? PL_ANALYSIS_QUARTER : PL_ANALYSIS_MONTH;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, compute_done_cb, NULL);
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, request, (GDestroyNotify) page_data_free);
  g_object_set_data_full (G_OBJECT (task), "workspace", g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, compute_thread);
}

/* Callbacks */

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  PlColleaguesPage *self = PL_COLLEAGUES_PAGE (user_data);

  self->refresh_source = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* One refresh covers a burst of changes; a hidden page only notes that it
 * is out of date. */
static void
workspace_changed_cb (PlColleaguesPage *self,
                      const char       *table,
                      PlWorkspace      *workspace)
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
period_changed_cb (PlColleaguesPage *self)
{
  if (self->workspace != NULL)
    refresh (self);
}

static void
team_changed_cb (PlColleaguesPage *self)
{
  if (self->rebuilding || self->data == NULL || self->colleagues == NULL)
    return;

  show_list (self, FALSE);
  show_heatmap (self);
}

static void
sort_changed_cb (PlColleaguesPage *self)
{
  if (self->rebuilding || self->data == NULL || self->colleagues == NULL)
    return;

  show_list (self, FALSE);
}

static void
colleague_selected_cb (PlColleaguesPage *self,
                       GtkListBoxRow    *row)
{
  gint64 *id;

  if (self->rebuilding)
    return;

  id = row != NULL ? g_object_get_data (G_OBJECT (row), "colleague-id") : NULL;
  if ((id != NULL ? *id : 0) == self->selected_id)
    return;

  self->selected_id = id != NULL ? *id : 0;
  show_detail (self);
}

/* After the layout that shows the detail: its top, in view. */
static gboolean
scroll_to_detail_cb (gpointer user_data)
{
  PlColleaguesPage *self = PL_COLLEAGUES_PAGE (user_data);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  GtkWidget *content = gtk_scrolled_window_get_child (self->scrolled);
  graphene_point_t top;

  self->scroll_source = 0;

  /* Positions in the scrolled content, not in the scrolled view. */
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  if (content != NULL && gtk_widget_get_visible (self->detail_box) &&
      gtk_widget_compute_point (self->detail_box, content, &GRAPHENE_POINT_INIT (0, 0), &top))
    gtk_adjustment_set_value (adjustment, top.y - 12);

  return G_SOURCE_REMOVE;
}

/* A click or Enter on a colleague asks to see them: select them and bring
 * the detail, below the list, into view. */
static void
colleague_activated_cb (PlColleaguesPage *self,
                        GtkListBoxRow    *row)
{
  gtk_list_box_select_row (self->colleague_list, row);

  g_clear_handle_id (&self->scroll_source, g_source_remove);
  self->scroll_source = g_idle_add (scroll_to_detail_cb, self);
}

static void
compare_changed_cb (PlColleaguesPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->compare_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->compare_row), "error");
}

static void
compare_apply_cb (PlColleaguesPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "colleagues.compare", NULL);
}

static void
compare_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlColleaguesPage *self = PL_COLLEAGUES_PAGE (widget);
  g_autofree char *text = pl_str_stripped (gtk_editable_get_text (GTK_EDITABLE (self->compare_row)));
  g_autofree char *day = NULL;

  if (text[0] != '\0')
    {
      day = pl_date_parse_day (text);
      if (day == NULL)
        {
          gtk_label_set_label (self->compare_error,
                               _("Type the date as year, month and day, such as 2026-07-06. "
                                 "The comparison on show is unchanged."));
          gtk_widget_set_visible (GTK_WIDGET (self->compare_error), TRUE);
          gtk_widget_add_css_class (GTK_WIDGET (self->compare_row), "error");
          return;
        }
    }

  compare_changed_cb (self);
  g_clear_pointer (&self->chosen_day, g_free);
  self->chosen_day = g_steal_pointer (&day);
  show_detail (self);
}

/* GObject */

static void
pl_colleagues_page_map (GtkWidget *widget)
{
  PlColleaguesPage *self = PL_COLLEAGUES_PAGE (widget);

  GTK_WIDGET_CLASS (pl_colleagues_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_colleagues_page_dispose (GObject *object)
{
  PlColleaguesPage *self = PL_COLLEAGUES_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->compare_cancellable != NULL)
    g_cancellable_cancel (self->compare_cancellable);
  g_clear_object (&self->compare_cancellable);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_func (self->workspace, workspace_changed_cb, self);
  g_clear_object (&self->workspace);

  /* The rows go with the template: their headers must not be asked for,
   * nor their going taken for a change of selection. */
  self->rebuilding = TRUE;
  if (self->colleague_list != NULL)
    gtk_list_box_set_header_func (self->colleague_list, NULL, NULL, NULL);

  /* The stack is both a template child and the bin's child: take it out of
   * the bin first, or both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_COLLEAGUES_PAGE);

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->colleagues, g_ptr_array_unref);
  g_clear_pointer (&self->data, page_data_free);
  g_clear_pointer (&self->team_ids, g_array_unref);
  g_clear_pointer (&self->chosen_day, g_free);
  for (guint m = 0; m < N_MEASURES; m++)
    trend_data_clear (&self->trends[m]);
  heatmap_data_clear (&self->heatmap_data);

  G_OBJECT_CLASS (pl_colleagues_page_parent_class)->dispose (object);
}

static void
pl_colleagues_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PlColleaguesPage *self = PL_COLLEAGUES_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_colleagues_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PlColleaguesPage *self = PL_COLLEAGUES_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_colleagues_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_colleagues_page_class_init (PlColleaguesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_colleagues_page_dispose;
  object_class->get_property = pl_colleagues_page_get_property;
  object_class->set_property = pl_colleagues_page_set_property;
  widget_class->map = pl_colleagues_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PL_TYPE_CHART_WIDGET);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-colleagues-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, no_data_page);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, team_row);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, sort_row);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, list_group);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, colleague_list);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, detail_hint);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, detail_group);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, compare_row);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, compare_error);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, compare_hint);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, qa_group);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, qa_sentence);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, qa_chart);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, qa_caption);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, qa_table);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, csat_group);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, csat_sentence);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, csat_chart);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, csat_caption);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, csat_table);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, criteria_group);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, criteria_list);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, heatmap_group);
  gtk_widget_class_bind_template_child (widget_class, PlColleaguesPage, heatmap_box);
  gtk_widget_class_bind_template_callback (widget_class, colleague_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, colleague_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, compare_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, compare_changed_cb);

  gtk_widget_class_install_action (widget_class, "colleagues.compare", NULL, compare_action_cb);
}

static void
pl_colleagues_page_init (PlColleaguesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->heatmap = pl_chart_widget_new ();
  gtk_widget_set_hexpand (GTK_WIDGET (self->heatmap), TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->heatmap), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->heatmap), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->heatmap), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->heatmap), 12);
  gtk_widget_set_name (GTK_WIDGET (self->heatmap), "heatmap");
  gtk_box_append (GTK_BOX (self->heatmap_box), GTK_WIDGET (self->heatmap));

  gtk_list_box_set_header_func (self->colleague_list, header_func, self, NULL);

  g_signal_connect_object (self->period_row, "notify::selected", G_CALLBACK (period_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->team_row, "notify::selected", G_CALLBACK (team_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_row, "notify::selected", G_CALLBACK (sort_changed_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlColleaguesPage *
pl_colleagues_page_new (void)
{
  return g_object_new (PL_TYPE_COLLEAGUES_PAGE, NULL);
}

/**
 * pl_colleagues_page_get_workspace:
 *
 * Returns: (transfer none) (nullable): the workspace on show
 */
PlWorkspace *
pl_colleagues_page_get_workspace (PlColleaguesPage *self)
{
  g_return_val_if_fail (PL_IS_COLLEAGUES_PAGE (self), NULL);

  return self->workspace;
}

/**
 * pl_colleagues_page_set_workspace:
 * @workspace: (nullable): the workspace to show
 *
 * A page that is not on screen works its figures out when it is shown.
 */
void
pl_colleagues_page_set_workspace (PlColleaguesPage *self,
                                  PlWorkspace      *workspace)
{
  g_return_if_fail (PL_IS_COLLEAGUES_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_func (self->workspace, workspace_changed_cb, self);

  g_set_object (&self->workspace, workspace);

  /* What was chosen belongs to the old workspace. */
  self->selected_id = 0;
  g_clear_pointer (&self->chosen_day, g_free);
  self->rebuilding = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->compare_row), "");
  clear_list (self->colleague_list);
  self->rebuilding = FALSE;
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->colleagues, g_ptr_array_unref);
  g_clear_pointer (&self->data, page_data_free);

  if (workspace != NULL)
    g_signal_connect_object (workspace, "changed", G_CALLBACK (workspace_changed_cb), self,
                             G_CONNECT_SWAPPED);

  if (workspace == NULL || gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
  else
    {
      /* Shown when the page is. */
      self->stale = TRUE;
      if (self->cancellable != NULL)
        {
          g_cancellable_cancel (self->cancellable);
          g_clear_object (&self->cancellable);
        }
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

gboolean
pl_colleagues_page_is_loading (PlColleaguesPage *self)
{
  g_return_val_if_fail (PL_IS_COLLEAGUES_PAGE (self), FALSE);

  return self->refresh_source != 0 || self->cancellable != NULL ||
         self->compare_cancellable != NULL || self->stale;
}

gint64
pl_colleagues_page_get_selected_colleague_id (PlColleaguesPage *self)
{
  g_return_val_if_fail (PL_IS_COLLEAGUES_PAGE (self), 0);

  return self->selected_id;
}
