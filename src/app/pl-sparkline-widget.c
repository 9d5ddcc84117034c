/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "charts/pl-sparkline.h"

#include "pl-chart-widget.h"
#include "pl-sparkline-widget.h"

struct _PlSparklineWidget
{
  GtkWidget       parent_instance;

  double         *values;
  guint           n;
  gboolean        has_target;
  double          target;
  PlSparklineTone tone;

  PlChartPalette  palette;
};

G_DEFINE_FINAL_TYPE (PlSparklineWidget, pl_sparkline_widget, GTK_TYPE_WIDGET)

static const PlColor *
tone_color (PlSparklineWidget *self)
{
  switch (self->tone)
    {
    case PL_SPARKLINE_TONE_SUCCESS:
      return &self->palette.success;
    case PL_SPARKLINE_TONE_WARNING:
      return &self->palette.warning;
    case PL_SPARKLINE_TONE_ERROR:
      return &self->palette.error;
    case PL_SPARKLINE_TONE_NONE:
    default:
      return &self->palette.accent;
    }
}

/* Words for the shape, since the tile around it already says the value. */
static void
update_accessible_label (PlSparklineWidget *self)
{
  int first = -1, last = -1;
  const char *label;

  for (guint i = 0; i < self->n; i++)
    if (isfinite (self->values[i]))
      {
        if (first < 0)
          first = (int) i;
        last = (int) i;
      }

  if (first < 0)
    label = _("No recent values");
  else if (first == last)
    label = _("One recent value");
  else
    {
      double from = self->values[first];
      double to = self->values[last];
      double scale = MAX (fabs (from), fabs (to));

      if (fabs (to - from) <= .005 * MAX (scale, 1e-9))
        label = _("Recent trend: steady");
      else if (to > from)
        label = _("Recent trend: rising");
      else
        label = _("Recent trend: falling");
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
pl_sparkline_widget_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 120;
  else
    *minimum = *natural = 32;
}

static void
pl_sparkline_widget_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  PlSparklineWidget *self = PL_SPARKLINE_WIDGET (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PlSparkline sparkline;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->n == 0)
    return;

  sparkline.values = self->values;
  sparkline.n = self->n;
  sparkline.has_target = self->has_target;
  sparkline.target = self->target;
  sparkline.last_point = *tone_color (self);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pl_sparkline_render (&sparkline, &self->palette, cr, width, height);
  cairo_destroy (cr);
}

static void
pl_sparkline_widget_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  PlSparklineWidget *self = PL_SPARKLINE_WIDGET (widget);

  GTK_WIDGET_CLASS (pl_sparkline_widget_parent_class)->css_changed (widget, change);

  pl_chart_widget_lookup_palette (widget, &self->palette);
  gtk_widget_queue_draw (widget);
}

static void
pl_sparkline_widget_finalize (GObject *object)
{
  PlSparklineWidget *self = PL_SPARKLINE_WIDGET (object);

  g_clear_pointer (&self->values, g_free);

  G_OBJECT_CLASS (pl_sparkline_widget_parent_class)->finalize (object);
}

static void
pl_sparkline_widget_class_init (PlSparklineWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pl_sparkline_widget_finalize;

  widget_class->measure = pl_sparkline_widget_measure;
  widget_class->snapshot = pl_sparkline_widget_snapshot;
  widget_class->css_changed = pl_sparkline_widget_css_changed;

  gtk_widget_class_set_css_name (widget_class, "plsparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pl_sparkline_widget_init (PlSparklineWidget *self)
{
  pl_chart_palette_init_light (&self->palette);
  update_accessible_label (self);
}

PlSparklineWidget *
pl_sparkline_widget_new (void)
{
  return g_object_new (PL_TYPE_SPARKLINE_WIDGET, NULL);
}

/**
 * pl_sparkline_widget_set_values:
 * @values: (array length=n) (nullable): the recent values, oldest first, NAN for a gap; copied
 * @tone: a #PlSparklineTone: the status colour of the last point
 */
void
pl_sparkline_widget_set_values (PlSparklineWidget *self,
                                const double      *values,
                                guint              n,
                                gboolean           has_target,
                                double             target,
                                int                tone)
{
  g_return_if_fail (PL_IS_SPARKLINE_WIDGET (self));
  g_return_if_fail (n == 0 || values != NULL);
  g_return_if_fail (tone >= PL_SPARKLINE_TONE_NONE && tone <= PL_SPARKLINE_TONE_ERROR);

  g_clear_pointer (&self->values, g_free);
  self->values = g_memdup2 (values, sizeof (double) * n);
  self->n = n;
  self->has_target = has_target;
  self->target = target;
  self->tone = tone;

  update_accessible_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
