/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>

#include "pl-sparkline.h"
#include "pl-trend-chart.h"

#define LINE_WIDTH 1.5
#define DOT_RADIUS 2.5

typedef struct
{
  double inset;
  double width;
  double height;
  double lo;
  double hi;
  guint  n;
} Geometry;

static double
index_to_x (const Geometry *geometry,
            double          index)
{
  if (geometry->n < 2)
    return geometry->inset + geometry->width / 2.;

  return geometry->inset + index / (geometry->n - 1.) * geometry->width;
}

static double
value_to_y (const Geometry *geometry,
            double          value)
{
  value = CLAMP (value, -1e300, 1e300);
  return geometry->inset + (geometry->hi - value) / (geometry->hi - geometry->lo) * geometry->height;
}

static void
set_color (cairo_t       *cr,
           const PlColor *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void
pl_sparkline_render (const PlSparkline    *sparkline,
                     const PlChartPalette *palette,
                     cairo_t              *cr,
                     double                width,
                     double                height)
{
  g_autofree double *xs = NULL;
  g_autofree double *ys = NULL;
  double lo = G_MAXDOUBLE;
  double hi = -G_MAXDOUBLE;
  double inset = DOT_RADIUS + 1.;
  double plot_width, plot_height;
  gboolean pen_down = FALSE;
  Geometry geometry;
  guint columns;
  guint n;
  int last = -1;

  g_return_if_fail (sparkline != NULL);
  g_return_if_fail (palette != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (sparkline->n == 0 || sparkline->values != NULL);

  plot_width = width - 2. * inset;
  plot_height = height - 2. * inset;
  if (plot_width <= 0. || plot_height <= 0.)
    return;

  for (guint i = 0; i < sparkline->n; i++)
    {
      double value = sparkline->values[i];

      if (!isfinite (value))
        continue;
      value = CLAMP (value, -1e300, 1e300);
      lo = MIN (lo, value);
      hi = MAX (hi, value);
      last = (int) i;
    }
  if (last < 0)
    return;

  if (hi - lo < 1e-12 * MAX (1., fabs (hi)))
    {
      /* A flat line sits in the middle. */
      lo -= 1.;
      hi += 1.;
    }

  /* Positions are indices; a long history is reduced to the pixel columns. */
  columns = (guint) MAX (1., ceil (plot_width));
  if (sparkline->n > columns)
    {
      g_autofree double *index = g_new (double, sparkline->n);

      for (guint i = 0; i < sparkline->n; i++)
        index[i] = i;
      xs = g_new (double, 4 * (gsize) columns);
      ys = g_new (double, 4 * (gsize) columns);
      n = pl_chart_reduce_minmax (index, sparkline->values, sparkline->n, 0.,
                                  sparkline->n - 1., columns, xs, ys);
    }
  else
    {
      n = sparkline->n;
      xs = g_new (double, n);
      ys = g_new (double, n);
      for (guint i = 0; i < n; i++)
        {
          xs[i] = i;
          ys[i] = sparkline->values[i];
        }
    }

  geometry = (Geometry) { inset, plot_width, plot_height, lo, hi, sparkline->n };

  cairo_save (cr);
  cairo_rectangle (cr, 0., 0., width, height);
  cairo_clip (cr);

  if (sparkline->has_target && sparkline->target >= lo && sparkline->target <= hi)
    {
      double y = floor (value_to_y (&geometry, sparkline->target)) + .5;
      double dashes[] = { 2., 2. };

      cairo_save (cr);
      set_color (cr, &palette->foreground, .25);
      cairo_set_line_width (cr, 1.);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
      cairo_move_to (cr, 0., y);
      cairo_line_to (cr, width, y);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (ys[i]))
        {
          pen_down = FALSE;
          continue;
        }
      if (pen_down)
        cairo_line_to (cr, index_to_x (&geometry, xs[i]), value_to_y (&geometry, ys[i]));
      else
        cairo_move_to (cr, index_to_x (&geometry, xs[i]), value_to_y (&geometry, ys[i]));
      pen_down = TRUE;
    }
  set_color (cr, &palette->accent, 1.);
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke (cr);

  cairo_arc (cr, index_to_x (&geometry, (double) last), value_to_y (&geometry, sparkline->values[last]), DOT_RADIUS, 0., 2. * G_PI);
  set_color (cr, &sparkline->last_point, 1.);
  cairo_fill (cr);

  cairo_restore (cr);
}
