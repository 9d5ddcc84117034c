/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-kpi.h"
#include "core/pl-offer.h"
#include "core/pl-review.h"
#include "core/pl-util.h"

#include "pl-chart-widget.h"
#include "pl-kpi-chart.h"
#include "pl-kpi-tile.h"
#include "pl-overview-page.h"

/* Changes often come in bursts (an import, a wizard saving several
 * things): wait this long after the last one before recomputing. */
#define REFRESH_DELAY_MS 150

/* One KPI's values, or why they could not be computed. */
typedef struct
{
  PlKpi *kpi;
  GArray *points;
  char *error;
} KpiResult;

/* Everything the page shows, computed together off the main thread. */
typedef struct
{
  GPtrArray  *results;      /* KpiResult */
  PlOffer    *offer;        /* the offer in effect, or NULL */
  GListModel *commitments;  /* of the offer, by position */
  GPtrArray  *checks;       /* PlCommitmentCheck, one per commitment */
  GListModel *reviews;      /* PlReview */
} OverviewData;

static void
overview_data_free (OverviewData *data)
{
  g_clear_pointer (&data->results, g_ptr_array_unref);
  g_clear_object (&data->offer);
  g_clear_object (&data->commitments);
  g_clear_pointer (&data->checks, g_ptr_array_unref);
  g_clear_object (&data->reviews);
  g_free (data);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OverviewData, overview_data_free)

struct _PlOverviewPage
{
  AdwBin parent_instance;

  GtkStack *stack;
  GtkSpinner *spinner;
  GtkScrolledWindow *scroller;
  AdwStatusPage *error_page;
  GtkLabel *title_label;
  GtkLabel *period_label;
  GtkLabel *counts_label;
  GtkFlowBox *tiles;
  GtkWidget *detail_card;
  GtkLabel *detail_name;
  GtkLabel *detail_status;
  GtkButton *analyse_button;
  GtkLabel *detail_definition;
  GtkLabel *detail_latest;
  GtkLabel *detail_bands;
  PlChartWidget *chart;
  GtkLabel *chart_caption;
  GtkWidget *reviews_group;
  GtkListBox *reviews_list;
  GtkWidget *promises_group;
  GtkListBox *promises_list;

  PlWorkspace *workspace;
  GPtrArray *results;
  OverviewData *data;
  GCancellable *cancellable;
  guint refresh_source;
  gint64 selected_id;
  gboolean rebuilding;
  gboolean retried;
};

G_DEFINE_FINAL_TYPE (PlOverviewPage, pl_overview_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kpi_result_free (gpointer data)
{
  KpiResult *result = data;

  g_clear_object (&result->kpi);
  g_clear_pointer (&result->points, g_array_unref);
  g_clear_pointer (&result->error, g_free);
  g_free (result);
}

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

static char *
describe_bands (PlKpi *kpi)
{
  g_autofree char *target = pl_kpi_format_value (kpi, pl_kpi_get_target (kpi));
  g_autofree char *red = pl_kpi_format_value (kpi, pl_kpi_get_red_threshold (kpi));

  if (pl_kpi_get_higher_is_better (kpi))
    /* Translators: the status bands of a KPI where higher is better */
    return g_strdup_printf (_("On target: %s or more. At risk: %s to %s. Off target: below %s."),
                            target, red, target, red);
  else
    /* Translators: the status bands of a KPI where lower is better */
    return g_strdup_printf (_("On target: %s or less. At risk: %s to %s. Off target: above %s."),
                            target, target, red, red);
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

static KpiResult *
selected_result (PlOverviewPage *self)
{
  g_autoptr(GList) selected = gtk_flow_box_get_selected_children (self->tiles);
  int index;

  if (selected == NULL || self->results == NULL)
    return NULL;

  index = gtk_flow_box_child_get_index (selected->data);
  if (index < 0 || (guint) index >= self->results->len)
    return NULL;

  return g_ptr_array_index (self->results, index);
}

static void
show_detail (PlOverviewPage *self)
{
  KpiResult *result = selected_result (self);
  PlKpiSummary summary;
  g_autofree char *description = NULL;
  g_autofree char *bands = NULL;
  g_autofree char *latest = NULL;
  g_autoptr(PlKpiChart) kpi_chart = NULL;
  const char *definition;

  gtk_widget_set_visible (self->detail_card, result != NULL);
  if (result == NULL)
    return;

  self->selected_id = pl_kpi_get_id (result->kpi);
  pl_kpi_summarise (result->kpi, result->points, &summary);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->analyse_button), "x", self->selected_id);

  gtk_label_set_label (self->detail_name, pl_kpi_get_name (result->kpi));
  set_status_pill (self->detail_status, summary.has_value ? summary.status : PL_STATUS_NONE);

  definition = pl_kpi_get_definition (result->kpi);
  gtk_label_set_label (self->detail_definition, definition);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_definition),
                          definition != NULL && definition[0] != '\0');

  if (result->error != NULL)
    latest = g_strdup_printf (_("This KPI could not be computed: %s Check its data source on "
                                "the KPIs page."),
                              result->error);
  else if (summary.has_value)
    {
      g_autofree char *value = pl_kpi_format_value (result->kpi, summary.latest.value);
      g_autofree char *date = pl_date_format_short (summary.latest.period_start);
      g_autofree char *count = describe_count (result->kpi, summary.latest.n);

      latest = g_strdup_printf (pl_kpi_get_period (result->kpi) == PL_PERIOD_MONTH
                                /* Translators: "Month of 1 Sep 2026: 86.2%, from 231 survey answers" */
                                ? _("Month of %s: %s, from %s")
                                /* Translators: "Week of 21 Sep 2026: 86.2%, from 231 survey answers" */
                                : _("Week of %s: %s, from %s"),
                                date, value, count);
    }
  else
    latest = g_strdup (_("There is no data for this KPI yet. Its values appear here once "
                         "responses, observations or metrics for it are in the workspace."));
  gtk_label_set_label (self->detail_latest, latest);

  bands = describe_bands (result->kpi);
  gtk_label_set_label (self->detail_bands, bands);

  /* The widget copies the chart and makes its text summary, which is
   * also its accessible label. */
  kpi_chart = pl_kpi_chart_new (result->kpi, result->points);
  pl_chart_widget_set_chart (self->chart, pl_kpi_chart_get_chart (kpi_chart));

  description = pl_chart_widget_dup_description (self->chart);
  gtk_label_set_label (self->chart_caption, description);
}

static void
tiles_selection_changed_cb (PlOverviewPage *self)
{
  if (self->rebuilding)
    return;

  show_detail (self);
}

/* A click on a tile is a request to see its chart: on a short window the
 * detail card sits below the tiles, so bring it into view. */
static void
tiles_child_activated_cb (PlOverviewPage  *self,
                          GtkFlowBoxChild *child)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkWidget *content = gtk_scrolled_window_get_child (self->scroller);
  graphene_point_t top;

  /* Positions in the scrolled content, not in the scrolled view. */
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  double card_height, page, value;

  if (content == NULL ||
      !gtk_widget_compute_point (self->detail_card, content,
                                 &GRAPHENE_POINT_INIT (0, 0), &top))
    return;

  card_height = gtk_widget_get_height (self->detail_card);
  page = gtk_adjustment_get_page_size (adjustment);
  value = gtk_adjustment_get_value (adjustment);

  if (top.y >= value && top.y + card_height <= value + page)
    return;

  /* Show the whole card when it fits, else its top. */
  if (card_height + 24 <= page)
    gtk_adjustment_set_value (adjustment, top.y + card_height + 12 - page);
  else
    gtk_adjustment_set_value (adjustment, top.y - 12);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
new_pill (const char *text,
          const char *css_class)
{
  GtkWidget *pill = gtk_label_new (text);

  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_add_css_class (pill, css_class);

  return pill;
}

static char *
describe_period (PlReview *review)
{
  g_autofree char *start = pl_date_format_short (pl_review_get_period_start (review));
  g_autofree char *end = pl_date_format_short (pl_review_get_period_end (review));

  /* Translators: a review's period, "1 Oct 2026 – 31 Dec 2026" */
  return g_strdup_printf (_("%s – %s"), start, end);
}

/* Each review with the stage it has reached: unit 403 asks for the
 * review as a cycle, and the manager needs to see where each one is. */
static void
show_reviews (PlOverviewPage *self)
{
  GListModel *reviews = self->data != NULL ? self->data->reviews : NULL;
  guint n = reviews != NULL ? g_list_model_get_n_items (reviews) : 0;

  clear_list (self->reviews_list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlReview) review = g_list_model_get_item (reviews, i);
      PlReviewStatus status = pl_review_get_status (review);
      g_autofree char *period = describe_period (review);
      g_autofree char *stage = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *pill;

      /* Translators: "Stage 2 of 5: collecting the information" */
      stage = g_strdup_printf (_("Stage %d of %d: %s"), (int) status + 1, PL_REVIEW_STATUS_CLOSED + 1,
                               pl_review_status_get_description (status));
      subtitle = g_strdup_printf ("%s\n%s", period, stage);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_review_get_title (review));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      pill = new_pill (pl_review_status_to_label (status),
                       status == PL_REVIEW_STATUS_CLOSED ? "status-none" : "status-green");
      gtk_widget_set_name (pill, "review-status");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-page");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", "reviews");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->reviews_list, row);
    }

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Plan a Review"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No review planned yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("A review plan says what to measure, how, and who decides: "
                                     "plan one before collecting."));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-page");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", "reviews");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->reviews_list, row);
    }
}

static const char *
kept_class (PlKept kept)
{
  switch (kept)
    {
    case PL_KEPT_KEPT:
      return "status-green";
    case PL_KEPT_AT_RISK:
      return "status-amber";
    case PL_KEPT_NOT_KEPT:
      return "status-red";
    case PL_KEPT_UNKNOWN:
    default:
      return "status-none";
    }
}

/* The service offer's commitments and whether each is being kept. */
static void
show_promises (PlOverviewPage *self)
{
  OverviewData *data = self->data;
  guint n;

  clear_list (self->promises_list);

  if (data == NULL || data->offer == NULL || data->commitments == NULL)
    {
      gtk_widget_set_visible (self->promises_group, FALSE);
      return;
    }

  n = g_list_model_get_n_items (data->commitments);
  gtk_widget_set_visible (self->promises_group, TRUE);
  {
    g_autofree char *version = g_strdup_printf ("%d", pl_offer_get_version (data->offer));
    g_autofree char *from = pl_date_format_short (pl_offer_get_effective_from (data->offer));
    g_autofree char *description = NULL;

    /* Translators: "“Our service promise”, version 2, in effect from 1 Oct 2026" */
    description = g_strdup_printf (_("“%s”, version %s, in effect from %s"),
                                   pl_offer_get_title (data->offer), version, from);
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->promises_group), description);
  }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlCommitment) commitment = g_list_model_get_item (data->commitments, i);
      const PlCommitmentCheck *check = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *pill;
      PlKept kept = PL_KEPT_UNKNOWN;

      for (guint j = 0; data->checks != NULL && j < data->checks->len; j++)
        {
          const PlCommitmentCheck *c = g_ptr_array_index (data->checks, j);

          if (c->commitment_id == pl_commitment_get_id (commitment))
            check = c;
        }
      if (check != NULL)
        kept = check->kept;

      if (check == NULL || check->kpi_id == 0)
        subtitle = g_strdup (_("No KPI measures this promise yet"));
      else if (check->value_text == NULL)
        subtitle = g_strdup (_("Its KPI has no data yet"));
      else
        {
          g_autofree char *when = pl_date_format_short (check->period_start);

          if (check->period == PL_PERIOD_MONTH)
            /* Translators: a KPI's latest value, "84.2% in the month of 1 Sep 2026" */
            subtitle = g_strdup_printf (_("%s in the month of %s"), check->value_text, when);
          else
            /* Translators: a KPI's latest value, "84.2% in the week of 21 Sep 2026" */
            subtitle = g_strdup_printf (_("%s in the week of %s"), check->value_text, when);
        }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_commitment_get_text (commitment));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      pill = new_pill (pl_kept_to_label (kept), kept_class (kept));
      gtk_widget_set_name (pill, "kept-status");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
      gtk_list_box_append (self->promises_list, row);
    }

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The service offer has no commitments yet"));
      gtk_list_box_append (self->promises_list, row);
    }
}

static void
show_results (PlOverviewPage *self)
{
  g_autofree char *title = NULL;
  g_autofree char *current = NULL;
  g_autofree char *period_text = NULL;
  g_autoptr(GString) counts = NULL;
  guint n_status[4] = { 0 };
  gboolean all_monthly = TRUE;
  GtkWidget *child;
  GtkFlowBoxChild *to_select = NULL;

  if (self->results->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* The newest period any KPI has reached is the one the page reports on. */
  for (guint i = 0; i < self->results->len; i++)
    {
      KpiResult *result = g_ptr_array_index (self->results, i);

      if (pl_kpi_get_period (result->kpi) != PL_PERIOD_MONTH)
        all_monthly = FALSE;
    }
  for (guint i = 0; i < self->results->len; i++)
    {
      KpiResult *result = g_ptr_array_index (self->results, i);
      const PlKpiPoint *last;

      if (result->points->len == 0 ||
          (!all_monthly && pl_kpi_get_period (result->kpi) == PL_PERIOD_MONTH))
        continue;

      last = &g_array_index (result->points, PlKpiPoint, result->points->len - 1);
      if (current == NULL || strcmp (last->period_start, current) > 0)
        {
          g_free (current);
          current = g_strdup (last->period_start);
        }
    }

  self->rebuilding = TRUE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles))) != NULL)
    gtk_flow_box_remove (self->tiles, child);

  for (guint i = 0; i < self->results->len; i++)
    {
      KpiResult *result = g_ptr_array_index (self->results, i);
      GtkWidget *tile = pl_kpi_tile_new ();
      GtkWidget *flow_child = gtk_flow_box_child_new ();

      pl_kpi_tile_set_kpi (PL_KPI_TILE (tile), result->kpi, result->points, current);
      if (result->error != NULL)
        pl_kpi_tile_set_error (PL_KPI_TILE (tile), result->error);
      gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (flow_child), tile);
      gtk_accessible_update_property (GTK_ACCESSIBLE (flow_child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      pl_kpi_tile_get_summary (PL_KPI_TILE (tile)),
                                      -1);
      gtk_flow_box_append (self->tiles, flow_child);

      n_status[pl_kpi_tile_get_status (PL_KPI_TILE (tile))]++;

      if (to_select == NULL || pl_kpi_get_id (result->kpi) == self->selected_id)
        to_select = GTK_FLOW_BOX_CHILD (flow_child);
    }

  gtk_flow_box_select_child (self->tiles, to_select);
  self->rebuilding = FALSE;
  show_detail (self);

  title = pl_workspace_dup_title (self->workspace);
  gtk_label_set_label (self->title_label, title);

  if (current != NULL)
    {
      g_autofree char *date = pl_date_format_short (current);

      period_text = g_strdup_printf (all_monthly ? _("Month of %s") : _("Week of %s"), date);
    }
  else
    period_text = g_strdup (_("No KPI has any data yet"));
  gtk_label_set_label (self->period_label, period_text);

  counts = g_string_new (NULL);
  if (n_status[PL_STATUS_GREEN] > 0)
    g_string_append_printf (counts, ngettext ("%u KPI on target", "%u KPIs on target", n_status[PL_STATUS_GREEN]),
                            n_status[PL_STATUS_GREEN]);
  if (n_status[PL_STATUS_AMBER] > 0)
    {
      if (counts->len > 0)
        g_string_append (counts, " · ");
      g_string_append_printf (counts, ngettext ("%u at risk", "%u at risk", n_status[PL_STATUS_AMBER]),
                              n_status[PL_STATUS_AMBER]);
    }
  if (n_status[PL_STATUS_RED] > 0)
    {
      if (counts->len > 0)
        g_string_append (counts, " · ");
      g_string_append_printf (counts, ngettext ("%u off target", "%u off target", n_status[PL_STATUS_RED]),
                              n_status[PL_STATUS_RED]);
    }
  if (n_status[PL_STATUS_NONE] > 0)
    {
      if (counts->len > 0)
        g_string_append (counts, " · ");
      g_string_append_printf (counts, ngettext ("%u without data", "%u without data", n_status[PL_STATUS_NONE]),
                              n_status[PL_STATUS_NONE]);
    }
  gtk_label_set_label (self->counts_label, counts->str);

  show_reviews (self);
  show_promises (self);

  gtk_stack_set_visible_child_name (self->stack, "kpis");
}

static void
show_error (PlOverviewPage *self,
            const GError   *error)
{
  g_autofree char *description =
    g_strdup_printf (_("%s\n\nNothing in the workspace was changed. Close the workspace and "
                       "open it again; if this keeps happening, report it to the Plumbline "
                       "developers."),
                     error->message);

  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* Runs in a worker thread. Computing every KPI of the demo (50,000
 * interactions, 6,000 responses) takes 60-110 ms on a fast machine: too long
 * to hold up the main loop. The workspace's connection is serialized by
 * SQLite, so the main thread may use it meanwhile; it only waits for a
 * single step of a query. */
static GPtrArray *
compute_results (PlWorkspace   *workspace,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GListModel) kpis = NULL;
  g_autoptr(GPtrArray) results = NULL;
  gint64 start = g_get_monotonic_time ();
  guint n;

  kpis = pl_kpi_list (workspace, FALSE, error);
  if (kpis == NULL)
    return NULL;

  n = g_list_model_get_n_items (kpis);
  results = g_ptr_array_new_full (n, kpi_result_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);
      g_autoptr(GError) kpi_error = NULL;
      KpiResult *result;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      /* One KPI that cannot be computed (its survey question deleted, say)
       * must not hide the others: it shows as a tile without a value. */
      result = g_new0 (KpiResult, 1);
      result->points = pl_kpi_compute (kpi, workspace, &kpi_error);
      if (result->points == NULL)
        {
          g_debug ("KPI %s: %s", pl_kpi_get_code (kpi), kpi_error->message);
          result->points = g_array_new (FALSE, FALSE, sizeof (PlKpiPoint));
          result->error = g_strdup (kpi_error->message);
        }
      result->kpi = g_steal_pointer (&kpi);
      g_ptr_array_add (results, result);
    }

  g_debug ("Computed %u KPIs in %.1f ms", n, (g_get_monotonic_time () - start) / 1000.0);

  return g_steal_pointer (&results);
}

/* Whether each commitment is kept, from the KPI values just computed for
 * the tiles rather than computing them again. A commitment measured by a
 * KPI without a tile (archived) or one that failed sends the whole check
 * to the core, which computes what it needs and reports any failure. */
static GPtrArray *
check_commitments (OverviewData  *data,
                   PlWorkspace   *workspace,
                   GError       **error)
{
  guint n = g_list_model_get_n_items (data->commitments);
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_commitment_check_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlCommitment) commitment = g_list_model_get_item (data->commitments, i);
      PlCommitmentCheck *check = g_new0 (PlCommitmentCheck, 1);
      KpiResult *result = NULL;

      check->commitment_id = pl_commitment_get_id (commitment);
      check->kpi_id = pl_commitment_get_kpi_id (commitment);
      check->kept = PL_KEPT_UNKNOWN;
      check->status = PL_STATUS_NONE;
      g_ptr_array_add (checks, check);

      if (check->kpi_id == 0)
        continue;

      for (guint j = 0; j < data->results->len && result == NULL; j++)
        {
          KpiResult *r = g_ptr_array_index (data->results, j);

          if (pl_kpi_get_id (r->kpi) == check->kpi_id)
            result = r;
        }
      if (result == NULL || result->error != NULL)
        return pl_offer_check_commitments (data->offer, workspace, error);

      pl_commitment_check_set_points (check, result->kpi, result->points);
    }

  return g_steal_pointer (&checks);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PlWorkspace *workspace = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) offer_error = NULL;
  g_autoptr(OverviewData) data = g_new0 (OverviewData, 1);

  data->results = compute_results (workspace, cancellable, &error);
  if (data->results == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->reviews = pl_review_list (workspace, &error);
  if (data->reviews == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A workspace need not have a service offer: then there is no list. */
  data->offer = pl_offer_get_current (workspace, NULL, &offer_error);
  if (data->offer == NULL && !g_error_matches (offer_error, PL_ERROR, PL_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&offer_error));
      return;
    }
  if (data->offer != NULL)
    {
      data->commitments = pl_offer_list_commitments (data->offer, workspace, &error);
      if (data->commitments != NULL)
        data->checks = check_commitments (data, workspace, &error);
      if (data->commitments == NULL || data->checks == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&data), (GDestroyNotify) overview_data_free);
}

static gboolean refresh_timeout_cb (gpointer user_data);

static gboolean
has_errors (GPtrArray *results)
{
  for (guint i = 0; i < results->len; i++)
    if (((KpiResult *) g_ptr_array_index (results, i))->error != NULL)
      return TRUE;

  return FALSE;
}

static void
compute_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PlOverviewPage *self = PL_OVERVIEW_PAGE (object);
  GTask *task = G_TASK (result);
  g_autoptr(GError) error = NULL;
  g_autoptr(OverviewData) data = NULL;

  data = g_task_propagate_pointer (task, &error);

  /* A newer computation (or none, after the workspace closed) has taken
   * this one's place. */
  if (g_task_get_cancellable (task) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  gtk_spinner_set_spinning (self->spinner, FALSE);

  /* The main thread may have rolled back a failed save on the shared
   * connection under our queries: try once more before reporting. */
  if ((data == NULL || has_errors (data->results)) && !self->retried)
    {
      g_debug ("Computing the KPIs failed, trying again");
      self->retried = TRUE;
      self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
      return;
    }

  if (data == NULL)
    {
      show_error (self, error);
      return;
    }

  self->retried = FALSE;
  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->results = g_steal_pointer (&data->results);
  g_clear_pointer (&self->data, overview_data_free);
  self->data = g_steal_pointer (&data);
  show_results (self);
}

static void
refresh (PlOverviewPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_clear_handle_id (&self->refresh_source, g_source_remove);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }

  if (self->workspace == NULL)
    {
      g_clear_pointer (&self->results, g_ptr_array_unref);
      g_clear_pointer (&self->data, overview_data_free);
      gtk_spinner_set_spinning (self->spinner, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  /* The tiles on show stay until the new values are ready; only a page
   * with nothing to show yet says it is computing. */
  if (self->results == NULL)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, compute_done_cb, NULL);
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, compute_thread);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  PlOverviewPage *self = PL_OVERVIEW_PAGE (user_data);

  self->refresh_source = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (PlOverviewPage *self,
                      const char     *table,
                      PlWorkspace    *workspace)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

static void
pl_overview_page_dispose (GObject *object)
{
  PlOverviewPage *self = PL_OVERVIEW_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_func (self->workspace, workspace_changed_cb, self);
  g_clear_object (&self->workspace);

  /* The stack is both a template child and the bin's child: take it out of
   * the bin first, or both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_OVERVIEW_PAGE);

  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->data, overview_data_free);

  G_OBJECT_CLASS (pl_overview_page_parent_class)->dispose (object);
}

static void
pl_overview_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlOverviewPage *self = PL_OVERVIEW_PAGE (object);

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
pl_overview_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlOverviewPage *self = PL_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_overview_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_overview_page_class_init (PlOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_overview_page_dispose;
  object_class->get_property = pl_overview_page_get_property;
  object_class->set_property = pl_overview_page_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PL_TYPE_CHART_WIDGET);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, tiles);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, detail_card);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, detail_name);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, detail_status);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, detail_definition);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, detail_latest);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, detail_bands);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, chart);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, chart_caption);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, reviews_group);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, analyse_button);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, reviews_list);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, promises_group);
  gtk_widget_class_bind_template_child (widget_class, PlOverviewPage, promises_list);
  gtk_widget_class_bind_template_callback (widget_class, tiles_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, tiles_child_activated_cb);
}

static void
pl_overview_page_init (PlOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pl_overview_page_new (void)
{
  return g_object_new (PL_TYPE_OVERVIEW_PAGE, NULL);
}

/**
 * pl_overview_page_set_workspace:
 * @workspace: (nullable): the workspace to show
 */
void
pl_overview_page_set_workspace (PlOverviewPage *self,
                                PlWorkspace    *workspace)
{
  g_return_if_fail (PL_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_func (self->workspace, workspace_changed_cb, self);

  g_set_object (&self->workspace, workspace);
  self->selected_id = 0;
  self->retried = FALSE;
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->data, overview_data_free);

  if (workspace != NULL)
    g_signal_connect_object (workspace, "changed",
                             G_CALLBACK (workspace_changed_cb), self,
                             G_CONNECT_SWAPPED);

  refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/**
 * pl_overview_page_get_workspace:
 *
 * Returns: (transfer none) (nullable): the workspace on show
 */
PlWorkspace *
pl_overview_page_get_workspace (PlOverviewPage *self)
{
  g_return_val_if_fail (PL_IS_OVERVIEW_PAGE (self), NULL);

  return self->workspace;
}

/**
 * pl_overview_page_is_loading:
 *
 * Returns: whether the KPIs are being computed or a change is waiting to be
 *   shown
 */
gboolean
pl_overview_page_is_loading (PlOverviewPage *self)
{
  g_return_val_if_fail (PL_IS_OVERVIEW_PAGE (self), FALSE);

  return self->refresh_source != 0 || self->cancellable != NULL;
}

/**
 * pl_overview_page_get_tiles:
 *
 * Returns: (transfer none): the flow box of #PlKpiTile, one per KPI
 */
GtkFlowBox *
pl_overview_page_get_tiles (PlOverviewPage *self)
{
  g_return_val_if_fail (PL_IS_OVERVIEW_PAGE (self), NULL);

  return self->tiles;
}

/**
 * pl_overview_page_get_chart:
 *
 * Returns: (transfer none): the #PlChartWidget of the selected KPI
 */
GtkWidget *
pl_overview_page_get_chart (PlOverviewPage *self)
{
  g_return_val_if_fail (PL_IS_OVERVIEW_PAGE (self), NULL);

  return GTK_WIDGET (self->chart);
}

/**
 * pl_overview_page_select_kpi:
 * @index: the position of the tile
 *
 * Selects a tile as a click on it does, showing its KPI's chart.
 */
void
pl_overview_page_select_kpi (PlOverviewPage *self,
                             guint           index)
{
  GtkFlowBoxChild *child;

  g_return_if_fail (PL_IS_OVERVIEW_PAGE (self));

  child = gtk_flow_box_get_child_at_index (self->tiles, (int) index);
  g_return_if_fail (child != NULL);

  gtk_flow_box_select_child (self->tiles, child);
}

/**
 * pl_overview_page_get_selected_kpi_id:
 *
 * Returns: the id of the KPI whose chart is on show, or 0
 */
gint64
pl_overview_page_get_selected_kpi_id (PlOverviewPage *self)
{
  KpiResult *result;

  g_return_val_if_fail (PL_IS_OVERVIEW_PAGE (self), 0);

  result = selected_result (self);
  return result != NULL ? pl_kpi_get_id (result->kpi) : 0;
}
