/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/pl-util.h"

#include "pl-kpi-chart.h"
#include "pl-kpi-tile.h"
#include "pl-sparkline-widget.h"

/* How many periods the sparkline shows. */
#define SPARKLINE_PERIODS 12

struct _PlKpiTile
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkLabel *name_label;
  GtkLabel *status_label;
  GtkLabel *value_label;
  GtkLabel *target_label;
  GtkWidget *change_box;
  GtkImage *change_icon;
  GtkLabel *change_label;
  GtkLabel *period_label;
  PlSparklineWidget *sparkline;

  PlKpi *kpi;
  PlStatus status;
  char *summary;
  int last_width;
  guint resize_source;
};

G_DEFINE_FINAL_TYPE (PlKpiTile, pl_kpi_tile, GTK_TYPE_WIDGET)

static void
set_status_class (PlKpiTile *self,
                  PlStatus   status)
{
  static const char * const classes[] = {
    "status-none", "status-green", "status-amber", "status-red",
  };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);
      gtk_widget_remove_css_class (GTK_WIDGET (self), classes[i]);
    }

  g_assert (status < G_N_ELEMENTS (classes));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), classes[status]);
  gtk_widget_add_css_class (GTK_WIDGET (self), classes[status]);
}

static PlSparklineTone
tone_for_status (PlStatus status)
{
  switch (status)
    {
    case PL_STATUS_GREEN:
      return PL_SPARKLINE_TONE_SUCCESS;
    case PL_STATUS_AMBER:
      return PL_SPARKLINE_TONE_WARNING;
    case PL_STATUS_RED:
      return PL_SPARKLINE_TONE_ERROR;
    case PL_STATUS_NONE:
    default:
      return PL_SPARKLINE_TONE_NONE;
    }
}

static char *
format_target (PlKpi *kpi)
{
  g_autofree char *target = pl_kpi_format_value (kpi, pl_kpi_get_target (kpi));

  if (pl_kpi_get_higher_is_better (kpi))
    /* Translators: a KPI's target, e.g. "Target 85% or more" */
    return g_strdup_printf (_("Target %s or more"), target);
  else
    /* Translators: a KPI's target, e.g. "Target 20 s or less" */
    return g_strdup_printf (_("Target %s or less"), target);
}

static void
update_sparkline (PlKpiTile    *self,
                  GArray       *points,
                  PlKpiSummary *summary)
{
  g_autoptr(PlKpiChart) chart = pl_kpi_chart_new (self->kpi, points);
  const PlTrendChart *trend = pl_kpi_chart_get_chart (chart);
  guint first = trend->n > SPARKLINE_PERIODS ? trend->n - SPARKLINE_PERIODS : 0;

  pl_sparkline_widget_set_values (self->sparkline,
                                  trend->values + first,
                                  trend->n - first,
                                  TRUE,
                                  pl_kpi_get_target (self->kpi),
                                  tone_for_status (summary->status));
}

/* A tile asks for no more width than it needs at least, so that a flow box
 * puts as many tiles on a line as fit and then shares out the rest, rather
 * than making room for the longest KPI name on one line.
 *
 * GtkFlowBox asks for heights without a width. The answer is then the
 * height at the width the tile last had (at first, its narrowest, where
 * names and notes wrap the most), so that no tile is ever given less
 * height than its text needs, nor much more. */
static void
pl_kpi_tile_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  PlKpiTile *self = PL_KPI_TILE (widget);

  if (orientation == GTK_ORIENTATION_VERTICAL && for_size < 0)
    {
      gtk_widget_measure (self->box, GTK_ORIENTATION_HORIZONTAL, -1,
                          &for_size, NULL, NULL, NULL);
      for_size = MAX (for_size, self->last_width);
    }

  gtk_widget_measure (self->box, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = *minimum;
}

static gboolean
queue_resize_cb (gpointer user_data)
{
  PlKpiTile *self = PL_KPI_TILE (user_data);

  self->resize_source = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

static void
pl_kpi_tile_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  PlKpiTile *self = PL_KPI_TILE (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);

  /* A new width may change the height the text needs: measure again,
   * once this layout pass is over. */
  if (width != self->last_width)
    {
      self->last_width = width;
      if (self->resize_source == 0)
        self->resize_source = g_idle_add (queue_resize_cb, self);
    }
}

static void
pl_kpi_tile_dispose (GObject *object)
{
  PlKpiTile *self = PL_KPI_TILE (object);

  g_clear_handle_id (&self->resize_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_KPI_TILE);
  g_clear_object (&self->kpi);

  G_OBJECT_CLASS (pl_kpi_tile_parent_class)->dispose (object);
}

static void
pl_kpi_tile_finalize (GObject *object)
{
  PlKpiTile *self = PL_KPI_TILE (object);

  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (pl_kpi_tile_parent_class)->finalize (object);
}

static void
pl_kpi_tile_class_init (PlKpiTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_kpi_tile_dispose;
  object_class->finalize = pl_kpi_tile_finalize;

  g_type_ensure (PL_TYPE_SPARKLINE_WIDGET);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-kpi-tile.ui");
  widget_class->measure = pl_kpi_tile_measure;
  widget_class->size_allocate = pl_kpi_tile_size_allocate;

  gtk_widget_class_bind_template_child (widget_class, PlKpiTile, box);
  gtk_widget_class_bind_template_child (widget_class, PlKpiTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiTile, status_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiTile, value_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiTile, target_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiTile, change_box);
  gtk_widget_class_bind_template_child (widget_class, PlKpiTile, change_icon);
  gtk_widget_class_bind_template_child (widget_class, PlKpiTile, change_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiTile, period_label);
  gtk_widget_class_bind_template_child (widget_class, PlKpiTile, sparkline);

  gtk_widget_class_set_css_name (widget_class, "kpitile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pl_kpi_tile_init (PlKpiTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  set_status_class (self, PL_STATUS_NONE);
}

GtkWidget *
pl_kpi_tile_new (void)
{
  return g_object_new (PL_TYPE_KPI_TILE, NULL);
}

/**
 * pl_kpi_tile_set_kpi:
 * @kpi: the KPI
 * @points: (element-type PlKpiPoint): its values, from pl_kpi_compute()
 * @current_period: (nullable): the latest period on the overview; a tile
 *   whose own latest value is older says so
 *
 * Shows @kpi's latest value, target, status, change and recent trend.
 */
void
pl_kpi_tile_set_kpi (PlKpiTile  *self,
                     PlKpi      *kpi,
                     GArray     *points,
                     const char *current_period)
{
  PlKpiSummary summary = { 0 };
  g_autofree char *value = NULL;
  g_autofree char *target = NULL;
  g_autofree char *change = NULL;
  g_autofree char *period = NULL;
  const char *status_text;
  gboolean monthly;

  g_return_if_fail (PL_IS_KPI_TILE (self));
  g_return_if_fail (PL_IS_KPI (kpi));
  g_return_if_fail (points != NULL);

  g_set_object (&self->kpi, kpi);
  pl_kpi_summarise (kpi, points, &summary);
  self->status = summary.has_value ? summary.status : PL_STATUS_NONE;
  monthly = pl_kpi_get_period (kpi) == PL_PERIOD_MONTH;

  gtk_label_set_label (self->name_label, pl_kpi_get_name (kpi));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), pl_kpi_get_name (kpi));

  status_text = pl_status_to_label (self->status);
  gtk_label_set_label (self->status_label, status_text);
  set_status_class (self, self->status);

  value = summary.has_value ? pl_kpi_format_value (kpi, summary.latest.value)
                            /* Translators: shown instead of a KPI's value when there is none */
                            : g_strdup (_("No data"));
  gtk_label_set_label (self->value_label, value);

  target = format_target (kpi);
  gtk_label_set_label (self->target_label, target);

  gtk_widget_remove_css_class (self->change_box, "success");
  gtk_widget_remove_css_class (self->change_box, "error");
  gtk_widget_remove_css_class (self->change_box, "dim-label");
  gtk_widget_set_tooltip_text (self->change_box, NULL);

  if (summary.has_value && summary.has_previous)
    {
      g_autofree char *amount = pl_kpi_format_change (kpi, summary.change);
      const char *icon = NULL;

      if (summary.change > 0)
        icon = "go-up-symbolic";
      else if (summary.change < 0)
        icon = "go-down-symbolic";

      /* A change that rounds to nothing at the KPI's precision is no change. */
      if (icon == NULL ||
          fabs (summary.change) < 0.5 * pow (10, -pl_kpi_get_decimals (kpi)))
        {
          change = g_strdup (monthly ? _("No change on previous month")
                                     : _("No change on previous week"));
          icon = NULL;
          gtk_widget_add_css_class (self->change_box, "dim-label");
        }
      else
        {
          /* Translators: "%s" is a change such as "+1.2 pts" */
          change = g_strdup_printf (monthly ? _("%s on previous month")
                                            : _("%s on previous week"),
                                    amount);
          gtk_widget_add_css_class (self->change_box,
                                    summary.improving ? "success" : "error");
        }

      gtk_image_set_from_icon_name (self->change_icon, icon);
      gtk_widget_set_visible (GTK_WIDGET (self->change_icon), icon != NULL);
    }
  else
    {
      change = g_strdup (summary.has_value ? _("No earlier period to compare")
                                           : _("No values computed yet"));
      gtk_widget_add_css_class (self->change_box, "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (self->change_icon), FALSE);
    }
  gtk_label_set_label (self->change_label, change);

  if (summary.has_value && current_period != NULL &&
      g_strcmp0 (summary.latest.period_start, current_period) != 0)
    {
      g_autofree char *date = pl_date_format_short (summary.latest.period_start);

      period = g_strdup_printf (monthly ? _("Latest data: month of %s")
                                        : _("Latest data: week of %s"),
                                date);
    }
  gtk_label_set_label (self->period_label, period);
  gtk_widget_set_visible (GTK_WIDGET (self->period_label), period != NULL);

  update_sparkline (self, points, &summary);

  g_clear_pointer (&self->summary, g_free);
  if (summary.has_value)
    {
      GString *text = g_string_new (NULL);

      /* Translators: the start of a KPI tile's spoken summary: name, value, status */
      g_string_append_printf (text, _("%s: %s, %s."), pl_kpi_get_name (kpi), value, status_text);
      g_string_append_c (text, ' ');
      g_string_append (text, target);
      g_string_append (text, ". ");
      g_string_append (text, change);
      if (summary.has_previous && summary.change != 0)
        {
          g_string_append (text, ", ");
          g_string_append (text, summary.improving ? _("an improvement") : _("a decline"));
        }
      g_string_append_c (text, '.');
      if (period != NULL)
        {
          g_string_append_c (text, ' ');
          g_string_append (text, period);
          g_string_append_c (text, '.');
        }
      self->summary = g_string_free (text, FALSE);
    }
  else
    /* Translators: a KPI tile's spoken summary when there is no value */
    self->summary = g_strdup_printf (_("%s: no data yet. %s."), pl_kpi_get_name (kpi), target);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary,
                                  -1);
}

/**
 * pl_kpi_tile_get_kpi:
 *
 * Returns: (transfer none) (nullable): the KPI on show
 */
PlKpi *
pl_kpi_tile_get_kpi (PlKpiTile *self)
{
  g_return_val_if_fail (PL_IS_KPI_TILE (self), NULL);

  return self->kpi;
}

/**
 * pl_kpi_tile_get_value_text:
 *
 * Returns: the latest value as the tile shows it
 */
const char *
pl_kpi_tile_get_value_text (PlKpiTile *self)
{
  g_return_val_if_fail (PL_IS_KPI_TILE (self), NULL);

  return gtk_label_get_label (self->value_label);
}

PlStatus
pl_kpi_tile_get_status (PlKpiTile *self)
{
  g_return_val_if_fail (PL_IS_KPI_TILE (self), PL_STATUS_NONE);

  return self->status;
}

/**
 * pl_kpi_tile_get_summary:
 *
 * Returns: (nullable): everything the tile shows, in a sentence or two;
 *   also its accessible label
 */
const char *
pl_kpi_tile_get_summary (PlKpiTile *self)
{
  g_return_val_if_fail (PL_IS_KPI_TILE (self), NULL);

  return self->summary;
}

/**
 * pl_kpi_tile_set_error:
 * @message: why the KPI's values could not be computed
 *
 * Shows that the KPI has no values because computing them failed, rather
 * than because there is no data.
 */
void
pl_kpi_tile_set_error (PlKpiTile  *self,
                       const char *message)
{
  g_autofree char *summary = NULL;

  g_return_if_fail (PL_IS_KPI_TILE (self));
  g_return_if_fail (PL_IS_KPI (self->kpi));
  g_return_if_fail (message != NULL);

  self->status = PL_STATUS_NONE;
  set_status_class (self, PL_STATUS_NONE);
  gtk_label_set_label (self->status_label, pl_status_to_label (PL_STATUS_NONE));
  gtk_label_set_label (self->value_label, "—");

  gtk_widget_remove_css_class (self->change_box, "success");
  gtk_widget_remove_css_class (self->change_box, "dim-label");
  gtk_widget_add_css_class (self->change_box, "error");
  gtk_image_set_from_icon_name (self->change_icon, "dialog-warning-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->change_icon), TRUE);
  gtk_label_set_label (self->change_label, _("Could not be computed"));
  gtk_widget_set_tooltip_text (self->change_box, message);

  /* Translators: a KPI tile's spoken summary when its values failed */
  summary = g_strdup_printf (_("%s: could not be computed. %s"), pl_kpi_get_name (self->kpi), message);
  g_free (self->summary);
  self->summary = g_steal_pointer (&summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary,
                                  -1);
}
