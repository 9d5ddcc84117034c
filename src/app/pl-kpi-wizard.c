/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>

#include "core/pl-error.h"
#include "core/pl-item.h"
#include "core/pl-util.h"

#include "pl-shortcuts.h"
#include "pl-kpi-wizard.h"

/* The wizard works on a private copy of the KPI: nothing reaches the
 * workspace until the last step's "Add KPI" / "Save Changes". */

typedef enum
{
  STEP_TEMPLATE,
  STEP_DEFINITION,
  STEP_TARGET,
  STEP_SUMMARY,
  N_STEPS
} Step;

static const char * const step_pages[N_STEPS] = {
  "template", "definition", "target", "summary",
};

struct _PlKpiWizard
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *back_button;
  GtkButton           *next_button;
  GtkStack            *stack;
  AdwPreferencesGroup *template_group;
  AdwEntryRow         *name_row;
  GtkTextView         *definition_view;
  AdwComboRow         *source_row;
  AdwComboRow         *calc_row;
  AdwComboRow         *item_row;
  GtkLabel            *calc_explanation_label;
  AdwActionRow        *top_box_row;
  GtkSpinButton       *top_box_spin;
  GtkWidget           *source_problem_box;
  GtkLabel            *source_problem_label;
  AdwEntryRow         *unit_row;
  GtkSpinButton       *decimals_spin;
  AdwComboRow         *direction_row;
  GtkSpinButton       *target_spin;
  GtkSpinButton       *red_spin;
  AdwComboRow         *period_row;
  GtkLabel            *bands_label;
  GtkWidget           *invalid_box;
  GtkLabel            *invalid_label;
  AdwActionRow        *preview_row;
  GtkLabel            *preview_value_label;
  GtkLabel            *preview_status_label;
  GtkWidget           *save_error_box;
  GtkLabel            *save_error_label;
  AdwActionRow        *sum_name_row;
  AdwActionRow        *sum_definition_row;
  AdwActionRow        *sum_source_row;
  AdwActionRow        *sum_calc_row;
  AdwActionRow        *sum_display_row;
  AdwActionRow        *sum_target_row;
  AdwActionRow        *sum_period_row;
  AdwActionRow        *sum_latest_row;
  GtkLabel            *sum_value_label;
  GtkLabel            *sum_status_label;

  PlWorkspace         *workspace;
  PlKpi               *original;        /* the KPI being edited, or NULL */
  PlKpi               *kpi;             /* the working copy the steps fill in */
  GListStore          *items;           /* data items offered for the source */
  GHashTable          *question_kinds;  /* question id → kind */
  char                *source_problem;  /* why step 2 cannot go on, or NULL */
  char                *source_hint;     /* a warning that does not block */
  GArray              *points;          /* the preview's values ... */
  char                *points_key;      /* ... for this source and calculation */
  char                *points_error;
  Step                 step;
  guint                updating;
};

G_DEFINE_FINAL_TYPE (PlKpiWizard, pl_kpi_wizard, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_KPI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const PlKpiCalc survey_calcs[] = {
  PL_KPI_CALC_MEAN, PL_KPI_CALC_TOP_BOX, PL_KPI_CALC_NPS,
};
static const PlKpiCalc scorecard_calcs[] = { PL_KPI_CALC_SCORE };
static const PlKpiCalc metric_calcs[] = { PL_KPI_CALC_METRIC };
static const PlKpiCalc complaint_calcs[] = { PL_KPI_CALC_WITHIN_PROMISE };

static const PlKpiCalc *
calcs_for_source (PlKpiSource  source,
                  guint       *n_calcs)
{
  switch (source)
    {
    case PL_KPI_SOURCE_SURVEY:
      *n_calcs = G_N_ELEMENTS (survey_calcs);
      return survey_calcs;
    case PL_KPI_SOURCE_SCORECARD:
      *n_calcs = G_N_ELEMENTS (scorecard_calcs);
      return scorecard_calcs;
    case PL_KPI_SOURCE_METRIC:
      *n_calcs = G_N_ELEMENTS (metric_calcs);
      return metric_calcs;
    case PL_KPI_SOURCE_COMPLAINTS:
    default:
      *n_calcs = G_N_ELEMENTS (complaint_calcs);
      return complaint_calcs;
    }
}

static const char *
source_label (PlKpiSource source)
{
  switch (source)
    {
    case PL_KPI_SOURCE_SURVEY:
      return _("Survey question");
    case PL_KPI_SOURCE_SCORECARD:
      return _("Monitoring scorecard");
    case PL_KPI_SOURCE_METRIC:
      return _("Operational metric");
    case PL_KPI_SOURCE_COMPLAINTS:
    default:
      return _("Complaints log");
    }
}

static const char *
calc_label (PlKpiCalc calc)
{
  switch (calc)
    {
    case PL_KPI_CALC_MEAN:
      return _("Mean score");
    case PL_KPI_CALC_TOP_BOX:
      return _("Top-box proportion");
    case PL_KPI_CALC_NPS:
      return _("Net Promoter Score");
    case PL_KPI_CALC_SCORE:
      return _("Mean observation score");
    case PL_KPI_CALC_METRIC:
      return _("Metric value");
    case PL_KPI_CALC_WITHIN_PROMISE:
    default:
      return _("Resolved within the promised time");
    }
}

static const char *
calc_explanation (PlKpiCalc calc)
{
  switch (calc)
    {
    case PL_KPI_CALC_MEAN:
      return _("The average answer, on the question’s own scale");
    case PL_KPI_CALC_TOP_BOX:
      return _("The percentage of answers at or above the top-box score");
    case PL_KPI_CALC_NPS:
      return _("% promoters (9–10) minus % detractors (0–6), from −100 to 100");
    case PL_KPI_CALC_SCORE:
      return _("The average observation score out of 100, after weights and critical items");
    case PL_KPI_CALC_METRIC:
      return _("The series’ own figure for each period");
    case PL_KPI_CALC_WITHIN_PROMISE:
    default:
      return _("The percentage of complaints resolved within the days promised");
    }
}

static const char *
item_row_title (PlKpiSource source)
{
  switch (source)
    {
    case PL_KPI_SOURCE_SURVEY:
      return _("Question");
    case PL_KPI_SOURCE_SCORECARD:
      return _("Scorecard");
    case PL_KPI_SOURCE_METRIC:
      return _("Metric series");
    case PL_KPI_SOURCE_COMPLAINTS:
    default:
      return NULL;
    }
}

static gint64
kpi_item_id (PlKpi *kpi)
{
  switch (pl_kpi_get_source (kpi))
    {
    case PL_KPI_SOURCE_SURVEY:
      return pl_kpi_get_question_id (kpi);
    case PL_KPI_SOURCE_SCORECARD:
      return pl_kpi_get_scorecard_id (kpi);
    case PL_KPI_SOURCE_METRIC:
      return pl_kpi_get_metric_id (kpi);
    case PL_KPI_SOURCE_COMPLAINTS:
    default:
      return 0;
    }
}

/* Only the id that belongs to the source is kept, so a KPI never points
 * at a question and a metric at once. */
static void
kpi_set_item_id (PlKpi  *kpi,
                 gint64  id)
{
  PlKpiSource source = pl_kpi_get_source (kpi);

  pl_kpi_set_question_id (kpi, source == PL_KPI_SOURCE_SURVEY ? id : 0);
  pl_kpi_set_scorecard_id (kpi, source == PL_KPI_SOURCE_SCORECARD ? id : 0);
  pl_kpi_set_metric_id (kpi, source == PL_KPI_SOURCE_METRIC ? id : 0);
}

/* The pill classes live in style.css, shared with the Overview's tiles. */
void
pl_kpi_wizard_style_status (GtkLabel *label,
                            PlStatus  status)
{
  static const char * const classes[] = {
    "status-none", "status-green", "status-amber", "status-red",
  };
  g_autofree char *status_class = NULL;

  g_return_if_fail (GTK_IS_LABEL (label));

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);

  status_class = g_strconcat ("status-", pl_status_to_string (status), NULL);
  gtk_widget_add_css_class (GTK_WIDGET (label), "status-pill");
  gtk_widget_add_css_class (GTK_WIDGET (label), status_class);
  gtk_label_set_text (label, pl_status_to_label (status));
}

char *
pl_kpi_wizard_describe_target (PlKpi *kpi)
{
  g_autofree char *target = NULL;

  g_return_val_if_fail (PL_IS_KPI (kpi), NULL);

  target = pl_kpi_format_value (kpi, pl_kpi_get_target (kpi));
  if (pl_kpi_get_higher_is_better (kpi))
    /* Translators: %s is a target value, such as "85%" */
    return g_strdup_printf (_("%s or more"), target);
  else
    /* Translators: %s is a target value, such as "20 s" */
    return g_strdup_printf (_("%s or less"), target);
}

char *
pl_kpi_wizard_describe_bands (PlKpi *kpi)
{
  g_autofree char *target = NULL;
  g_autofree char *red = NULL;

  g_return_val_if_fail (PL_IS_KPI (kpi), NULL);

  target = pl_kpi_format_value (kpi, pl_kpi_get_target (kpi));
  red = pl_kpi_format_value (kpi, pl_kpi_get_red_threshold (kpi));

  if (pl_kpi_get_target (kpi) == pl_kpi_get_red_threshold (kpi))
    {
      if (pl_kpi_get_higher_is_better (kpi))
        /* Translators: both %s are the same value, such as "85%" */
        return g_strdup_printf (_("Green at %s or more; red below %s. There is no amber band."),
                                target, red);
      else
        return g_strdup_printf (_("Green at %s or less; red above %s. There is no amber band."),
                                target, red);
    }

  if (pl_kpi_get_higher_is_better (kpi))
    /* Translators: the values are target, red threshold, target, red threshold */
    return g_strdup_printf (_("Green at %s or more; amber from %s to %s; red below %s."),
                            target, red, target, red);
  else
    /* Translators: the values are target, target, red threshold, red threshold */
    return g_strdup_printf (_("Green at %s or less; amber above %s up to %s; red above %s."),
                            target, target, red, red);
}

char *
pl_kpi_wizard_describe_source (PlKpi       *kpi,
                               PlWorkspace *workspace)
{
  static const char * const sql[] = {
    [PL_KPI_SOURCE_SURVEY] = "SELECT text, kind FROM questions WHERE id = ?",
    [PL_KPI_SOURCE_SCORECARD] = "SELECT name, version FROM scorecards WHERE id = ?",
    [PL_KPI_SOURCE_METRIC] = "SELECT name, code FROM metric_series WHERE id = ?",
  };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlKpiSource source;
  const char *name = NULL;
  const char *kind = NULL;

  g_return_val_if_fail (PL_IS_KPI (kpi), NULL);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);

  source = pl_kpi_get_source (kpi);
  if (source == PL_KPI_SOURCE_COMPLAINTS)
    return g_strdup (_("the complaints log"));

  if (source < G_N_ELEMENTS (sql))
    stmt = pl_workspace_prepare (workspace, sql[source], NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, kpi_item_id (kpi));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          name = (const char *) sqlite3_column_text (stmt, 0);
          kind = (const char *) sqlite3_column_text (stmt, 1);
        }
    }

  switch (source)
    {
    case PL_KPI_SOURCE_SURVEY:
      if (name == NULL)
        return g_strdup (_("a survey question that no longer exists"));
      /* The standard questions are known by their acronyms. */
      if (g_strcmp0 (kind, "csat") == 0 || g_strcmp0 (kind, "nps") == 0 ||
          g_strcmp0 (kind, "ces") == 0)
        {
          g_autofree char *acronym = g_ascii_strup (kind, -1);

          /* Translators: %s is a question type: "CSAT", "NPS" or "CES" */
          return g_strdup_printf (_("survey question %s"), acronym);
        }
      /* Translators: %s is the question as customers read it */
      return g_strdup_printf (_("survey question “%s”"), name);
    case PL_KPI_SOURCE_SCORECARD:
      if (name == NULL)
        return g_strdup (_("a scorecard that no longer exists"));
      /* Translators: %s is a scorecard's name */
      return g_strdup_printf (_("scorecard %s"), name);
    case PL_KPI_SOURCE_METRIC:
    case PL_KPI_SOURCE_COMPLAINTS:
    default:
      if (name == NULL)
        return g_strdup (_("a metric series that no longer exists"));
      /* Translators: %s is a metric series' name, such as "Average speed of answer" */
      return g_strdup_printf (_("metric %s"), name);
    }
}

static char *
describe_period_start (PlPeriod    period,
                       const char *period_start)
{
  g_autofree char *day = NULL;
  GDate date;

  if (period == PL_PERIOD_MONTH && pl_date_parse_iso (period_start, &date))
    {
      char buf[64];

      if (g_date_strftime (buf, sizeof buf, "%B %Y", &date) > 0)
        return g_strdup (buf);
    }

  day = pl_date_format_short (period_start);
  /* Translators: %s is the Monday that starts the week, such as "21 Sep 2026" */
  return g_strdup_printf (_("Week of %s"), day);
}

static char *
describe_count (PlKpiSource source,
                gint64      n)
{
  int count = (int) MIN (n, G_MAXINT);

  switch (source)
    {
    case PL_KPI_SOURCE_SURVEY:
      return g_strdup_printf (ngettext ("%d answer", "%d answers", count), count);
    case PL_KPI_SOURCE_SCORECARD:
      return g_strdup_printf (ngettext ("%d observation", "%d observations", count), count);
    case PL_KPI_SOURCE_METRIC:
      return g_strdup_printf (ngettext ("%d figure", "%d figures", count), count);
    case PL_KPI_SOURCE_COMPLAINTS:
    default:
      return g_strdup_printf (ngettext ("%d complaint", "%d complaints", count), count);
    }
}

static Step
first_step (PlKpiWizard *self)
{
  return self->original != NULL ? STEP_DEFINITION : STEP_TEMPLATE;
}

static const char *
step_title (Step step)
{
  switch (step)
    {
    case STEP_TEMPLATE:
      return _("Choose a template");
    case STEP_DEFINITION:
      return _("Definition and data source");
    case STEP_TARGET:
      return _("Target and thresholds");
    case STEP_SUMMARY:
    case N_STEPS:
    default:
      return _("Summary");
    }
}

static gboolean
needs_item (PlKpi *kpi)
{
  return pl_kpi_get_source (kpi) != PL_KPI_SOURCE_COMPLAINTS;
}

/* Step 2 is complete when the KPI has a name and something to compute from. */
static gboolean
definition_is_complete (PlKpiWizard *self)
{
  g_autofree char *name = NULL;

  if (self->kpi == NULL)
    return FALSE;

  name = g_strstrip (g_strdup (pl_kpi_get_name (self->kpi) ?: ""));
  if (*name == '\0')
    return FALSE;

  if (self->source_problem != NULL)
    return FALSE;

  return !needs_item (self->kpi) || kpi_item_id (self->kpi) > 0;
}

static gboolean
kpi_is_valid (PlKpiWizard  *self,
              GError      **error)
{
  if (!definition_is_complete (self))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the KPI a name and choose the data it is computed from."));
      return FALSE;
    }

  return pl_kpi_validate (self->kpi, error);
}

static gboolean
step_allows_next (PlKpiWizard *self)
{
  switch (self->step)
    {
    case STEP_TEMPLATE:
      return self->kpi != NULL;
    case STEP_DEFINITION:
      return definition_is_complete (self);
    case STEP_TARGET:
      return kpi_is_valid (self, NULL);
    case STEP_SUMMARY:
    case N_STEPS:
    default:
      return FALSE;
    }
}

static void
forget_points (PlKpiWizard *self)
{
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->points_key, g_free);
  g_clear_pointer (&self->points_error, g_free);
}

/* The values depend only on what is computed and from where; the target
 * and thresholds only change the status, so typing in them does not
 * query the workspace again. */
static void
ensure_points (PlKpiWizard *self)
{
  g_autoptr(PlKpi) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  if (!definition_is_complete (self))
    {
      forget_points (self);
      return;
    }

  key = g_strdup_printf ("%d:%d:%" G_GINT64_FORMAT ":%g:%d",
                         pl_kpi_get_source (self->kpi),
                         pl_kpi_get_calc (self->kpi),
                         kpi_item_id (self->kpi),
                         pl_kpi_get_top_box_min (self->kpi),
                         pl_kpi_get_period (self->kpi));
  if (g_strcmp0 (key, self->points_key) == 0)
    return;

  forget_points (self);

  /* The values do not depend on the thresholds, and thresholds that
   * contradict each other must not keep the preview from showing. */
  copy = pl_kpi_copy (self->kpi);
  pl_kpi_set_red_threshold (copy, pl_kpi_get_target (copy));
  self->points = pl_kpi_compute (copy, self->workspace, &error);
  if (self->points == NULL)
    {
      self->points_error = g_strdup (error->message);
      return;
    }

  self->points_key = g_steal_pointer (&key);
}

/* Shows the latest period's value in @row. With @period_in_title the
 * period names the row ("Week of 21 Sep 2026"); otherwise the row keeps its
 * own title and the period leads the subtitle. */
static void
show_latest (PlKpiWizard  *self,
             AdwActionRow *row,
             gboolean      period_in_title,
             GtkLabel     *value_label,
             GtkLabel     *status_label)
{
  PlKpiSummary summary = { 0 };
  g_autofree char *title = NULL;
  g_autofree char *count = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *value = NULL;

  ensure_points (self);

  if (self->points_error != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s says why the KPI could not be computed */
      text = g_strdup_printf (_("The value could not be worked out: %s"), self->points_error);
      if (period_in_title)
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No preview"));
      adw_action_row_set_subtitle (row, text);
      gtk_label_set_text (value_label, "");
      gtk_widget_set_visible (GTK_WIDGET (status_label), FALSE);
      return;
    }

  if (self->points == NULL || self->points->len == 0)
    {
      if (period_in_title)
        {
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No data yet for this source"));
          adw_action_row_set_subtitle (row, _("The KPI shows a value as soon as there are records for it."));
        }
      else
        adw_action_row_set_subtitle (row, _("No data yet for this source. The KPI shows a value "
                                            "as soon as there are records for it."));
      gtk_label_set_text (value_label, "—");
      pl_kpi_wizard_style_status (status_label, PL_STATUS_NONE);
      gtk_widget_set_visible (GTK_WIDGET (status_label), TRUE);
      return;
    }

  pl_kpi_summarise (self->kpi, self->points, &summary);

  title = describe_period_start (pl_kpi_get_period (self->kpi), summary.latest.period_start);
  count = describe_count (pl_kpi_get_source (self->kpi), summary.latest.n);
  if (summary.has_previous)
    {
      g_autofree char *change = pl_kpi_format_change (self->kpi, summary.change);

      if (pl_kpi_get_period (self->kpi) == PL_PERIOD_MONTH)
        /* Translators: "120 answers · +1.5 on the month before" */
        subtitle = g_strdup_printf (_("%s · %s on the month before"), count, change);
      else
        /* Translators: "120 answers · +1.5 on the week before" */
        subtitle = g_strdup_printf (_("%s · %s on the week before"), count, change);
    }
  else
    subtitle = g_steal_pointer (&count);

  value = pl_kpi_format_value (self->kpi, summary.latest.value);

  if (period_in_title)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (row, subtitle);
    }
  else
    {
      g_autofree char *both = g_strdup_printf ("%s · %s", title, subtitle);

      adw_action_row_set_subtitle (row, both);
    }
  gtk_label_set_text (value_label, value);

  /* A status against thresholds that contradict each other means nothing. */
  gtk_widget_set_visible (GTK_WIDGET (status_label), kpi_is_valid (self, NULL));
  pl_kpi_wizard_style_status (status_label, summary.status);
}

static void
set_row_subtitle (AdwActionRow *row,
                  const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL && *text != '\0' ? text : _("Not given"));
}

static void
update_summary (PlKpiWizard *self)
{
  PlItem *item = adw_combo_row_get_selected_item (self->item_row);
  PlKpiSource source = pl_kpi_get_source (self->kpi);
  PlKpiCalc calc = pl_kpi_get_calc (self->kpi);
  g_autofree char *source_text = NULL;
  g_autofree char *calc_text = NULL;
  g_autofree char *example = NULL;
  g_autofree char *display = NULL;
  g_autofree char *bands = NULL;
  int decimals = pl_kpi_get_decimals (self->kpi);

  if (needs_item (self->kpi) && item != NULL)
    /* Translators: "Survey question: How satisfied were you? (Customer survey)" */
    source_text = g_strdup_printf (_("%s: %s"), source_label (source), pl_item_get_name (item));
  else
    source_text = g_strdup (source_label (source));

  if (calc == PL_KPI_CALC_TOP_BOX)
    /* Translators: "Top-box proportion (answers of 4 or more)" */
    calc_text = g_strdup_printf (_("%s (answers of %g or more)"),
                                 calc_label (calc), pl_kpi_get_top_box_min (self->kpi));
  else
    calc_text = g_strdup_printf ("%s — %s", calc_label (calc), calc_explanation (calc));

  example = pl_kpi_format_value (self->kpi, pl_kpi_get_target (self->kpi));
  display = g_strdup_printf (ngettext ("Like %s (%d decimal place)",
                                       "Like %s (%d decimal places)", decimals),
                             example, decimals);
  bands = pl_kpi_wizard_describe_bands (self->kpi);

  set_row_subtitle (self->sum_name_row, pl_kpi_get_name (self->kpi));
  set_row_subtitle (self->sum_definition_row, pl_kpi_get_definition (self->kpi));
  set_row_subtitle (self->sum_source_row, source_text);
  set_row_subtitle (self->sum_calc_row, calc_text);
  set_row_subtitle (self->sum_display_row, display);
  set_row_subtitle (self->sum_target_row, bands);
  set_row_subtitle (self->sum_period_row,
                    pl_kpi_get_period (self->kpi) == PL_PERIOD_MONTH ? _("Monthly") : _("Weekly"));

  show_latest (self, self->sum_latest_row, FALSE, self->sum_value_label, self->sum_status_label);
}

static void
update_state (PlKpiWizard *self)
{
  Step first = first_step (self);
  gboolean on_summary = self->step == STEP_SUMMARY;
  g_autofree char *subtitle = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next",
                                 !on_summary && step_allows_next (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", self->step > first);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.save",
                                 on_summary && kpi_is_valid (self, NULL));

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), self->step == first);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), self->step > first);

  if (on_summary)
    {
      gtk_button_set_label (self->next_button,
                            self->original != NULL ? _("_Save Changes") : _("_Add KPI"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), "wizard.save");
    }
  else
    {
      gtk_button_set_label (self->next_button, _("_Next"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), "wizard.next");
    }

  /* Translators: "Step 2 of 4 · Definition and data source" */
  subtitle = g_strdup_printf (_("Step %d of %d · %s"),
                              (int) (self->step - first + 1), (int) (N_STEPS - first),
                              step_title (self->step));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  if (self->kpi == NULL)
    return;

  /* Step 2 */
  if (self->source_problem != NULL || self->source_hint != NULL)
    gtk_label_set_text (self->source_problem_label,
                        self->source_problem != NULL ? self->source_problem : self->source_hint);
  gtk_widget_set_visible (self->source_problem_box,
                          self->source_problem != NULL || self->source_hint != NULL);

  /* Step 3 and 4 read the workspace: only while they are shown. */
  if (self->step == STEP_TARGET)
    {
      g_autoptr(GError) invalid = NULL;

      if (kpi_is_valid (self, &invalid))
        {
          g_autofree char *bands = pl_kpi_wizard_describe_bands (self->kpi);

          gtk_label_set_text (self->bands_label, bands);
          gtk_widget_set_visible (GTK_WIDGET (self->bands_label), TRUE);
          gtk_widget_set_visible (self->invalid_box, FALSE);
          gtk_widget_remove_css_class (GTK_WIDGET (self->red_spin), "error");
        }
      else
        {
          gtk_label_set_text (self->invalid_label, invalid->message);
          gtk_widget_set_visible (GTK_WIDGET (self->bands_label), FALSE);
          gtk_widget_set_visible (self->invalid_box, TRUE);
          if (invalid->code == PL_ERROR_INVALID &&
              pl_kpi_get_higher_is_better (self->kpi) ==
              (pl_kpi_get_red_threshold (self->kpi) > pl_kpi_get_target (self->kpi)))
            gtk_widget_add_css_class (GTK_WIDGET (self->red_spin), "error");
        }

      show_latest (self, self->preview_row, TRUE, self->preview_value_label, self->preview_status_label);
    }
  else if (self->step == STEP_SUMMARY)
    update_summary (self);
}

static void
go_to_step (PlKpiWizard *self,
            Step         step)
{
  g_assert (step < N_STEPS);

  self->step = step;
  gtk_widget_set_visible (self->save_error_box, FALSE);
  gtk_stack_set_visible_child_name (self->stack, step_pages[step]);
  update_state (self);

  if (step == STEP_DEFINITION)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  else if (step == STEP_TARGET)
    gtk_widget_grab_focus (GTK_WIDGET (self->target_spin));
  else if (step == STEP_SUMMARY)
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
}

static gboolean
load_questions (PlKpiWizard  *self,
                PlKpiCalc     calc,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql;
  int rc;

  /* Only questions answered on a numeric scale can be averaged or boxed;
   * NPS needs the 0–10 recommend question itself. */
  if (calc == PL_KPI_CALC_NPS)
    sql = "SELECT q.id, q.code, q.text, q.kind, s.name FROM questions q"
          " JOIN surveys s ON s.id = q.survey_id"
          " WHERE NOT s.archived AND q.kind = 'nps'"
          " ORDER BY s.name, q.position";
  else
    sql = "SELECT q.id, q.code, q.text, q.kind, s.name FROM questions q"
          " JOIN surveys s ON s.id = q.survey_id"
          " WHERE NOT s.archived AND q.kind IN ('csat', 'ces', 'nps', 'likert')"
          " ORDER BY s.name, q.position";

  stmt = pl_workspace_prepare (self->workspace, sql, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *code = (const char *) sqlite3_column_text (stmt, 1);
      const char *text = (const char *) sqlite3_column_text (stmt, 2);
      const char *kind = (const char *) sqlite3_column_text (stmt, 3);
      const char *survey = (const char *) sqlite3_column_text (stmt, 4);
      g_autofree char *name = NULL;
      g_autoptr(PlItem) item = NULL;

      /* Translators: a survey question, then the survey it belongs to */
      name = g_strdup_printf (_("%s (%s)"), text, survey);
      item = pl_item_new (id, code, name, survey);
      g_list_store_append (self->items, item);
      g_hash_table_insert (self->question_kinds, g_memdup2 (&id, sizeof id), g_strdup (kind));
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (self->workspace, error, _("The survey questions could not be read"));
      return FALSE;
    }

  return TRUE;
}

static char *
no_items_message (PlKpiSource source,
                  PlKpiCalc   calc)
{
  switch (source)
    {
    case PL_KPI_SOURCE_SURVEY:
      if (calc == PL_KPI_CALC_NPS)
        return g_strdup (_("This workspace has no NPS question yet (the 0–10 “How likely are you "
                           "to recommend us?” question), so there is nothing to compute this KPI "
                           "from. Add one to a survey first, or choose another source."));
      return g_strdup (_("This workspace has no rating question yet (CSAT, CES, NPS or a Likert "
                         "scale), so there is nothing to compute this KPI from. Add one to a "
                         "survey first, or choose another source."));
    case PL_KPI_SOURCE_SCORECARD:
      return g_strdup (_("This workspace has no monitoring scorecard yet, so there are no "
                         "observation scores to compute this KPI from. Choose another source."));
    case PL_KPI_SOURCE_METRIC:
    case PL_KPI_SOURCE_COMPLAINTS:
    default:
      return g_strdup (_("This workspace has no operational metric series yet. Import the figures "
                         "from your phone system or helpdesk first, or choose another source."));
    }
}

/* Fills the data item picker for the KPI's source and calculation and
 * picks one: the KPI's own, else the one its template expects, else the
 * first. Must be called with self->updating raised. */
static void
load_items (PlKpiWizard *self)
{
  PlKpiSource source = pl_kpi_get_source (self->kpi);
  PlKpiCalc calc = pl_kpi_get_calc (self->kpi);
  const PlKpiTemplate *tmpl = pl_kpi_template_find (pl_kpi_get_template (self->kpi) ?: "");
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 current = kpi_item_id (self->kpi);
  guint chosen = GTK_INVALID_LIST_POSITION;
  gboolean wanted_specific = FALSE;
  guint n_items;

  g_assert (self->updating > 0);

  g_list_store_remove_all (self->items);
  g_hash_table_remove_all (self->question_kinds);
  g_clear_pointer (&self->source_problem, g_free);
  g_clear_pointer (&self->source_hint, g_free);

  switch (source)
    {
    case PL_KPI_SOURCE_SURVEY:
      load_questions (self, calc, &error);
      break;
    case PL_KPI_SOURCE_SCORECARD:
      listed = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_SCORECARD, &error);
      break;
    case PL_KPI_SOURCE_METRIC:
      listed = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_METRIC_SERIES, &error);
      break;
    case PL_KPI_SOURCE_COMPLAINTS:
    default:
      break;
    }

  if (listed != NULL)
    {
      for (guint i = 0; i < g_list_model_get_n_items (listed); i++)
        {
          g_autoptr(PlItem) item = g_list_model_get_item (listed, i);

          g_list_store_append (self->items, item);
        }
    }

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n_items && chosen == GTK_INVALID_LIST_POSITION; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (current > 0 && pl_item_get_id (item) == current)
        chosen = i;
    }

  if (chosen == GTK_INVALID_LIST_POSITION && tmpl != NULL)
    {
      for (guint i = 0; i < n_items && chosen == GTK_INVALID_LIST_POSITION; i++)
        {
          g_autoptr(PlItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
          gint64 id = pl_item_get_id (item);

          if (source == PL_KPI_SOURCE_SURVEY && tmpl->question_kind != NULL)
            {
              wanted_specific = TRUE;
              if (g_strcmp0 (g_hash_table_lookup (self->question_kinds, &id), tmpl->question_kind) == 0)
                chosen = i;
            }
          else if (source == PL_KPI_SOURCE_METRIC && tmpl->metric_code != NULL)
            {
              wanted_specific = TRUE;
              if (g_strcmp0 (pl_item_get_code (item), tmpl->metric_code) == 0)
                chosen = i;
            }
        }
    }

  if (error != NULL)
    {
      /* Translators: %s says why the workspace could not be read */
      self->source_problem = g_strdup_printf (_("The data sources could not be listed: %s"),
                                              error->message);
    }
  else if (n_items == 0 && needs_item (self->kpi))
    {
      self->source_problem = no_items_message (source, calc);
    }
  else if (chosen == GTK_INVALID_LIST_POSITION && n_items > 0)
    {
      chosen = 0;
      if (wanted_specific && current == 0)
        self->source_hint = g_strdup (_("None of the workspace’s data matches this template "
                                        "exactly, so the first candidate is chosen. Check that it "
                                        "measures what this KPI says."));
    }

  adw_combo_row_set_selected (self->item_row, chosen);
  gtk_widget_set_visible (GTK_WIDGET (self->item_row), needs_item (self->kpi) && n_items > 0);
  if (item_row_title (source) != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->item_row), item_row_title (source));

  if (chosen != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), chosen);

      kpi_set_item_id (self->kpi, pl_item_get_id (item));
    }
  else
    kpi_set_item_id (self->kpi, 0);
}

/* Ranges that fit the calculation, so the spin buttons cannot wander off
 * into values the KPI can never take. */
static void
apply_value_ranges (PlKpiWizard *self)
{
  PlKpiCalc calc = pl_kpi_get_calc (self->kpi);
  int decimals = CLAMP (pl_kpi_get_decimals (self->kpi), 0, 3);
  double lower = 0, upper = 100, step = 1;

  switch (calc)
    {
    case PL_KPI_CALC_NPS:
      lower = -100;
      break;
    case PL_KPI_CALC_MEAN:
      upper = 10;
      step = 0.1;
      break;
    case PL_KPI_CALC_METRIC:
      lower = -1e9;
      upper = 1e9;
      break;
    case PL_KPI_CALC_TOP_BOX:
    case PL_KPI_CALC_SCORE:
    case PL_KPI_CALC_WITHIN_PROMISE:
    default:
      break;
    }

  if (decimals == 0)
    step = 1;

  for (guint i = 0; i < 2; i++)
    {
      GtkSpinButton *spin = i == 0 ? self->target_spin : self->red_spin;

      gtk_spin_button_set_digits (spin, decimals);
      gtk_spin_button_set_range (spin, lower, upper);
      gtk_spin_button_set_increments (spin, step, step * 10);
    }
}

static void
rebuild_calcs (PlKpiWizard *self)
{
  PlKpiCalc current = pl_kpi_get_calc (self->kpi);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  const PlKpiCalc *calcs;
  guint n_calcs, selected = 0;

  g_assert (self->updating > 0);

  calcs = calcs_for_source (pl_kpi_get_source (self->kpi), &n_calcs);
  for (guint i = 0; i < n_calcs; i++)
    {
      gtk_string_list_append (list, calc_label (calcs[i]));
      if (calcs[i] == current)
        selected = i;
    }

  adw_combo_row_set_model (self->calc_row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (self->calc_row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->calc_row), n_calcs > 1);
  pl_kpi_set_calc (self->kpi, calcs[selected]);
}

static void
update_calc_dependents (PlKpiWizard *self)
{
  PlKpiCalc calc = pl_kpi_get_calc (self->kpi);

  gtk_label_set_text (self->calc_explanation_label, calc_explanation (calc));
  gtk_widget_set_visible (GTK_WIDGET (self->top_box_row), calc == PL_KPI_CALC_TOP_BOX);
}

/* Puts the working KPI into every control. */
static void
load_widgets (PlKpiWizard *self)
{
  const char *definition = pl_kpi_get_definition (self->kpi);

  self->updating++;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), pl_kpi_get_name (self->kpi) ?: "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->definition_view),
                            definition != NULL ? definition : "", -1);

  adw_combo_row_set_selected (self->source_row, pl_kpi_get_source (self->kpi));
  rebuild_calcs (self);
  update_calc_dependents (self);
  load_items (self);

  gtk_spin_button_set_value (self->top_box_spin, pl_kpi_get_top_box_min (self->kpi));
  gtk_editable_set_text (GTK_EDITABLE (self->unit_row), pl_kpi_get_unit (self->kpi) ?: "");
  gtk_spin_button_set_value (self->decimals_spin, pl_kpi_get_decimals (self->kpi));
  adw_combo_row_set_selected (self->direction_row, pl_kpi_get_higher_is_better (self->kpi) ? 0 : 1);
  adw_combo_row_set_selected (self->period_row, pl_kpi_get_period (self->kpi) == PL_PERIOD_MONTH ? 1 : 0);

  apply_value_ranges (self);
  gtk_spin_button_set_value (self->target_spin, pl_kpi_get_target (self->kpi));
  gtk_spin_button_set_value (self->red_spin, pl_kpi_get_red_threshold (self->kpi));

  self->updating--;
}

/* After the ranges change, the spin buttons may have clamped a value:
 * the KPI follows what the user sees. */
static void
read_back_values (PlKpiWizard *self)
{
  pl_kpi_set_target (self->kpi, gtk_spin_button_get_value (self->target_spin));
  pl_kpi_set_red_threshold (self->kpi, gtk_spin_button_get_value (self->red_spin));
}

static void
name_changed_cb (PlKpiWizard *self)
{
  if (self->updating > 0 || self->kpi == NULL)
    return;

  pl_kpi_set_name (self->kpi, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  update_state (self);
}

static void
definition_changed_cb (PlKpiWizard   *self,
                       GtkTextBuffer *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->updating > 0 || self->kpi == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  pl_kpi_set_definition (self->kpi, text);
  update_state (self);
}

static void
source_selected_cb (PlKpiWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->source_row);

  if (self->updating > 0 || self->kpi == NULL || selected > PL_KPI_SOURCE_COMPLAINTS)
    return;

  pl_kpi_set_source (self->kpi, (PlKpiSource) selected);

  self->updating++;
  rebuild_calcs (self);
  update_calc_dependents (self);
  load_items (self);
  apply_value_ranges (self);
  self->updating--;

  read_back_values (self);
  update_state (self);
}

static void
calc_selected_cb (PlKpiWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->calc_row);
  const PlKpiCalc *calcs;
  guint n_calcs;

  if (self->updating > 0 || self->kpi == NULL)
    return;

  calcs = calcs_for_source (pl_kpi_get_source (self->kpi), &n_calcs);
  if (selected >= n_calcs)
    return;

  pl_kpi_set_calc (self->kpi, calcs[selected]);

  self->updating++;
  update_calc_dependents (self);
  load_items (self);
  apply_value_ranges (self);
  self->updating--;

  read_back_values (self);
  update_state (self);
}

static void
item_selected_cb (PlKpiWizard *self)
{
  PlItem *item;

  if (self->updating > 0 || self->kpi == NULL)
    return;

  item = adw_combo_row_get_selected_item (self->item_row);
  kpi_set_item_id (self->kpi, item != NULL ? pl_item_get_id (item) : 0);

  /* A metric series knows its own unit: offer it when none is set. */
  if (item != NULL && pl_kpi_get_source (self->kpi) == PL_KPI_SOURCE_METRIC &&
      pl_item_get_detail (item) != NULL &&
      (pl_kpi_get_unit (self->kpi) == NULL || *pl_kpi_get_unit (self->kpi) == '\0'))
    gtk_editable_set_text (GTK_EDITABLE (self->unit_row), pl_item_get_detail (item));

  g_clear_pointer (&self->source_hint, g_free);
  update_state (self);
}

static void
top_box_changed_cb (PlKpiWizard *self)
{
  if (self->updating > 0 || self->kpi == NULL)
    return;

  pl_kpi_set_top_box_min (self->kpi, gtk_spin_button_get_value (self->top_box_spin));
  update_state (self);
}

static void
unit_changed_cb (PlKpiWizard *self)
{
  if (self->updating > 0 || self->kpi == NULL)
    return;

  pl_kpi_set_unit (self->kpi, gtk_editable_get_text (GTK_EDITABLE (self->unit_row)));
  update_state (self);
}

static void
decimals_changed_cb (PlKpiWizard *self)
{
  if (self->updating > 0 || self->kpi == NULL)
    return;

  pl_kpi_set_decimals (self->kpi, gtk_spin_button_get_value_as_int (self->decimals_spin));

  self->updating++;
  apply_value_ranges (self);
  self->updating--;

  update_state (self);
}

static void
direction_selected_cb (PlKpiWizard *self)
{
  if (self->updating > 0 || self->kpi == NULL)
    return;

  pl_kpi_set_higher_is_better (self->kpi, adw_combo_row_get_selected (self->direction_row) == 0);
  update_state (self);
}

static void
target_changed_cb (PlKpiWizard *self)
{
  if (self->updating > 0 || self->kpi == NULL)
    return;

  pl_kpi_set_target (self->kpi, gtk_spin_button_get_value (self->target_spin));
  update_state (self);
}

static void
red_changed_cb (PlKpiWizard *self)
{
  if (self->updating > 0 || self->kpi == NULL)
    return;

  pl_kpi_set_red_threshold (self->kpi, gtk_spin_button_get_value (self->red_spin));
  update_state (self);
}

static void
period_selected_cb (PlKpiWizard *self)
{
  if (self->updating > 0 || self->kpi == NULL)
    return;

  pl_kpi_set_period (self->kpi,
                     adw_combo_row_get_selected (self->period_row) == 1 ? PL_PERIOD_MONTH
                                                                         : PL_PERIOD_WEEK);
  update_state (self);
}

static void
template_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PlKpiWizard *self = PL_KPI_WIZARD (widget);
  const char *id = g_variant_get_string (param, NULL);
  const PlKpiTemplate *tmpl = pl_kpi_template_find (id);
  g_autoptr(PlKpi) kpi = NULL;

  /* Editing keeps the KPI it was given. */
  if (self->original != NULL)
    return;

  if (tmpl != NULL)
    kpi = pl_kpi_new_from_template (tmpl);
  else if (g_strcmp0 (id, "custom") == 0)
    {
      kpi = pl_kpi_new ();
      pl_kpi_set_template (kpi, "custom");
    }
  else
    {
      g_warning ("No KPI template is called “%s”", id);
      return;
    }

  /* A custom KPI's name and definition are the user's to write: the
   * template's words describe the template, not the KPI. */
  if (g_strcmp0 (id, "custom") == 0)
    {
      pl_kpi_set_name (kpi, "");
      pl_kpi_set_definition (kpi, "");
    }

  g_set_object (&self->kpi, kpi);
  forget_points (self);
  load_widgets (self);
  read_back_values (self);
  go_to_step (self, STEP_DEFINITION);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlKpiWizard *self = PL_KPI_WIZARD (widget);

  if (self->step >= STEP_SUMMARY || !step_allows_next (self))
    return;

  go_to_step (self, self->step + 1);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlKpiWizard *self = PL_KPI_WIZARD (widget);

  if (self->step <= first_step (self))
    return;

  go_to_step (self, self->step - 1);
}

static void
show_save_error (PlKpiWizard  *self,
                 const GError *error)
{
  g_autofree char *text = NULL;

  /* Translators: %s is the reason, from the workspace */
  text = g_strdup_printf (_("The KPI was not saved: %s\nEverything you entered is still here. "
                            "Correct what the message points to, or try again."),
                          error->message);
  gtk_label_set_text (self->save_error_label, text);
  gtk_widget_set_visible (self->save_error_box, TRUE);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("The KPI was not saved")));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlKpiWizard *self = PL_KPI_WIZARD (widget);
  g_autoptr(GError) error = NULL;

  if (self->step != STEP_SUMMARY || !kpi_is_valid (self, NULL))
    return;

  if (!pl_kpi_save (self->kpi, self->workspace, &error))
    {
      show_save_error (self, error);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, self->kpi);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Templates the workspace already uses are marked, so a second NPS KPI
 * is a choice rather than an accident. */
static GHashTable *
templates_in_use (PlWorkspace *workspace)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *in_use = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT DISTINCT template FROM kpis"
                               " WHERE template IS NOT NULL AND NOT archived",
                               NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (in_use, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  return in_use;
}

static void
add_template_rows (PlKpiWizard *self)
{
  g_autoptr(GHashTable) in_use = templates_in_use (self->workspace);
  const PlKpiTemplate *templates;
  guint n_templates = 0;

  templates = pl_kpi_templates (&n_templates);
  for (guint i = 0; i < n_templates; i++)
    {
      const PlKpiTemplate *tmpl = &templates[i];
      GtkWidget *row;
      GtkWidget *image;

      if (g_strcmp0 (tmpl->id, "custom") == 0)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gettext (tmpl->name));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), gettext (tmpl->definition));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "wizard.template");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_string (tmpl->id));

      if (g_hash_table_contains (in_use, tmpl->id))
        {
          GtkWidget *label = gtk_label_new (_("In use"));

          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_add_css_class (label, "caption");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }

      image = g_object_new (GTK_TYPE_IMAGE,
                            "icon-name", "go-next-symbolic",
                            "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                            NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), image);

      adw_preferences_group_add (self->template_group, row);
    }
}

static void
pl_kpi_wizard_constructed (GObject *object)
{
  PlKpiWizard *self = PL_KPI_WIZARD (object);

  G_OBJECT_CLASS (pl_kpi_wizard_parent_class)->constructed (object);

  g_assert (PL_IS_WORKSPACE (self->workspace));

  add_template_rows (self);

  if (self->original != NULL)
    {
      self->kpi = pl_kpi_copy (self->original);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit KPI"));
      adw_window_title_set_title (self->window_title, _("Edit KPI"));
      load_widgets (self);
      read_back_values (self);
      go_to_step (self, STEP_DEFINITION);
    }
  else
    go_to_step (self, STEP_TEMPLATE);
}

static void
pl_kpi_wizard_dispose (GObject *object)
{
  PlKpiWizard *self = PL_KPI_WIZARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_KPI_WIZARD);

  g_clear_object (&self->workspace);
  g_clear_object (&self->original);
  g_clear_object (&self->kpi);
  g_clear_object (&self->items);
  g_clear_pointer (&self->question_kinds, g_hash_table_unref);
  forget_points (self);

  G_OBJECT_CLASS (pl_kpi_wizard_parent_class)->dispose (object);
}

static void
pl_kpi_wizard_finalize (GObject *object)
{
  PlKpiWizard *self = PL_KPI_WIZARD (object);

  g_free (self->source_problem);
  g_free (self->source_hint);

  G_OBJECT_CLASS (pl_kpi_wizard_parent_class)->finalize (object);
}

static void
pl_kpi_wizard_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlKpiWizard *self = PL_KPI_WIZARD (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_KPI:
      g_value_set_object (value, self->original);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_kpi_wizard_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlKpiWizard *self = PL_KPI_WIZARD (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_KPI:
      self->original = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_kpi_wizard_class_init (PlKpiWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pl_kpi_wizard_constructed;
  object_class->dispose = pl_kpi_wizard_dispose;
  object_class->finalize = pl_kpi_wizard_finalize;
  object_class->get_property = pl_kpi_wizard_get_property;
  object_class->set_property = pl_kpi_wizard_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KPI] =
    g_param_spec_object ("kpi", NULL, NULL,
                         PL_TYPE_KPI,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PlKpiWizard::saved:
   * @kpi: the KPI as stored in the workspace
   *
   * Emitted once the KPI is in the workspace, just before the wizard closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PL_TYPE_KPI);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-kpi-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, template_group);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, name_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, definition_view);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, source_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, calc_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, item_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, calc_explanation_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, top_box_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, top_box_spin);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, source_problem_box);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, source_problem_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, unit_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, decimals_spin);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, direction_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, target_spin);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, red_spin);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, period_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, bands_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, invalid_box);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, invalid_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, preview_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, preview_value_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, preview_status_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, save_error_box);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, save_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, sum_name_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, sum_definition_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, sum_source_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, sum_calc_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, sum_display_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, sum_target_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, sum_period_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, sum_latest_row);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, sum_value_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiWizard, sum_status_label);

  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, calc_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, item_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, top_box_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, unit_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, decimals_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, direction_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, target_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, red_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_selected_cb);

  gtk_widget_class_install_action (widget_class, "wizard.template", "s", template_action);
  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "wizard.save", NULL);
}

static void
pl_kpi_wizard_init (PlKpiWizard *self)
{
  g_autoptr(GtkExpression) expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  pl_add_save_shortcut (GTK_WIDGET (self), "wizard.save");

  self->items = g_list_store_new (PL_TYPE_ITEM);
  self->question_kinds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  expression = gtk_property_expression_new (PL_TYPE_ITEM, NULL, "name");
  adw_combo_row_set_expression (self->item_row, expression);
  adw_combo_row_set_model (self->item_row, G_LIST_MODEL (self->items));

  g_signal_connect_object (gtk_text_view_get_buffer (self->definition_view), "changed",
                           G_CALLBACK (definition_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->next_button));
}

/**
 * pl_kpi_wizard_new:
 * @parent: (nullable): the window the wizard belongs to
 * @workspace: the workspace the KPI lives in
 * @kpi: (nullable): the KPI to edit, or %NULL to add a new one
 *
 * Returns: (transfer none): a new #PlKpiWizard, owned by GTK's window list
 */
GtkWidget *
pl_kpi_wizard_new (GtkWindow   *parent,
                   PlWorkspace *workspace,
                   PlKpi       *kpi)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (kpi == NULL || PL_IS_KPI (kpi), NULL);

  return g_object_new (PL_TYPE_KPI_WIZARD,
                       "transient-for", parent,
                       "workspace", workspace,
                       "kpi", kpi,
                       NULL);
}

/**
 * pl_kpi_wizard_get_kpi:
 *
 * Returns: (transfer none) (nullable): the KPI as the wizard has it so
 *   far, not yet saved; %NULL before a template is chosen
 */
PlKpi *
pl_kpi_wizard_get_kpi (PlKpiWizard *self)
{
  g_return_val_if_fail (PL_IS_KPI_WIZARD (self), NULL);

  return self->kpi;
}

gboolean
pl_kpi_wizard_get_editing (PlKpiWizard *self)
{
  g_return_val_if_fail (PL_IS_KPI_WIZARD (self), FALSE);

  return self->original != NULL;
}
