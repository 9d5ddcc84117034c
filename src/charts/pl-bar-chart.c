/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "pl-bar-chart.h"
#include "pl-chart-common.h"

#define LEGEND_BOTTOM     12.
#define RIGHT_MARGIN      10.
#define X_LABEL_GAP       6.
#define VALUE_GAP         4.
#define MARK_SIZE         8.
#define MARK_GAP          3.
#define MIN_SLOT          24.
#define MAX_UPRIGHT_BARS  16
#define MAX_BAR_WIDTH     56.
#define MAX_BAR_HEIGHT    22.
#define ROW_HEIGHT        30.
#define UPRIGHT_HEIGHT    300.
#define LABELS_LEFT_SHARE .4
#define HATCH_SPACING     5.

typedef struct
{
  gboolean    empty;
  gboolean    horizontal;
  gboolean    labels_above;  /* lying bars with their label on a line of its own */
  double      title_y;
  double      legend_y;
  double      line_height;
  double      label_width;   /* lying bars: the label column */
  PlChartRect area;
  PlChartAxis axis;
  double      slot;          /* the width (upright) or height (lying) of each bar's share */
  double      thickness;
} Layout;

static gboolean
bar_has_data (const PlBarChartBar *bar)
{
  return bar->n > 0 && isfinite (bar->value);
}

static gboolean
bar_has_interval (const PlBarChartBar *bar)
{
  return bar_has_data (bar) && isfinite (bar->lower) && isfinite (bar->upper);
}

static int
chart_decimals (const PlBarChart *chart)
{
  return CLAMP (chart->decimals, 0, 6);
}

static PlChartStatus
bar_status (const PlBarChart    *chart,
            const PlBarChartBar *bar)
{
  if (!bar_has_data (bar))
    return PL_CHART_STATUS_NONE;

  return pl_chart_status_for_value (bar->value, chart->has_target, chart->target,
                                    chart->has_red_threshold, chart->red_threshold,
                                    chart->higher_is_better);
}

static gboolean
has_data (const PlBarChart *chart)
{
  if (chart->bars == NULL)
    return FALSE;

  for (guint i = 0; i < chart->n_bars; i++)
    if (bar_has_data (&chart->bars[i]))
      return TRUE;

  return FALSE;
}

static char *
format_n (guint n)
{
  g_autofree char *count = pl_chart_format_count (n);

  /* Translators: the sample size under a bar, e.g. "n=412". */
  return g_strdup_printf (_("n=%s"), count);
}

static const char *
interval_label (const PlBarChart *chart)
{
  if (chart->interval_label != NULL && chart->interval_label[0] != '\0')
    return chart->interval_label;

  return _("interval");
}

/* The legend: what the colours, marks, lines and stripes mean. */
static guint
legend_items (const PlBarChart     *chart,
              const PlChartPalette *palette,
              PlChartLegendItem     items[7],
              char                **target_text)
{
  gboolean seen[PL_CHART_STATUS_OFF_TARGET + 1] = { FALSE, };
  gboolean any_interval = FALSE;
  gboolean any_small = FALSE;
  guint n = 0;

  for (guint i = 0; i < chart->n_bars; i++)
    {
      const PlBarChartBar *bar = &chart->bars[i];

      if (!bar_has_data (bar))
        continue;
      seen[bar_status (chart, bar)] = TRUE;
      any_interval |= bar_has_interval (bar);
      any_small |= bar->small_sample;
    }

  if (seen[PL_CHART_STATUS_NONE] && chart->value_label != NULL && chart->value_label[0] != '\0')
    items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_BOX, palette->accent, chart->value_label, };
  for (PlChartStatus status = PL_CHART_STATUS_ON_TARGET; status <= PL_CHART_STATUS_OFF_TARGET;
       status++)
    {
      static const char *const labels[] = {
        NULL, N_("On target"), N_("At risk"), N_("Off target"),
      };

      if (seen[status])
        items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_STATUS,
                                           *pl_chart_status_color (palette, status),
                                           _(labels[status]), status, };
    }
  if (chart->has_target && isfinite (chart->target))
    {
      g_autofree char *value = pl_chart_format_threshold (chart->target, chart_decimals (chart),
                                                          chart->unit);

      /* Translators: the legend entry for the target line, e.g. "Target 85%". */
      *target_text = g_strdup_printf (_("Target %s"), value);
      items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_DASHED, palette->target, *target_text, };
    }
  if (any_interval)
    items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_WHISKER, palette->foreground,
                                       interval_label (chart), };
  if (any_small)
    items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_HATCHED, palette->foreground,
                                       _("Small sample"), };

  return n;
}

static double
legend (const PlBarChart     *chart,
        const PlChartPalette *palette,
        cairo_t              *cr,
        double                y,
        double                width)
{
  PlChartPalette light;
  PlChartLegendItem items[7];
  g_autofree char *target_text = NULL;
  guint n;

  /* Measuring needs the same items; any palette gives the same sizes. */
  if (palette == NULL)
    pl_chart_palette_init_light (&light);
  n = legend_items (chart, palette != NULL ? palette : &light, items, &target_text);

  return pl_chart_legend (items, n, palette, cr, PL_CHART_PAD, y, width - 2. * PL_CHART_PAD);
}

/* Geometry shared by drawing, hit-testing and the tests */

static void
value_span (const PlBarChart *chart,
            double           *lo,
            double           *hi)
{
  *lo = 0.;
  *hi = 0.;
  for (guint i = 0; i < chart->n_bars; i++)
    {
      const PlBarChartBar *bar = &chart->bars[i];
      double values[3] = { bar->value, bar->lower, bar->upper };

      if (!bar_has_data (bar))
        continue;
      for (guint j = 0; j < 3; j++)
        if (isfinite (values[j]))
          {
            *lo = MIN (*lo, CLAMP (values[j], -1e300, 1e300));
            *hi = MAX (*hi, CLAMP (values[j], -1e300, 1e300));
          }
    }
  if (chart->has_target && isfinite (chart->target))
    {
      *lo = MIN (*lo, chart->target);
      *hi = MAX (*hi, chart->target);
    }
  if (*hi - *lo <= 0. && g_strcmp0 (chart->unit, "%") == 0)
    *hi = 100.;
}

static double
value_label_width (const PlBarChart *chart,
                   PangoLayout      *text)
{
  double widest = 0.;

  for (guint i = 0; i < chart->n_bars; i++)
    {
      g_autofree char *value = NULL;

      if (!bar_has_data (&chart->bars[i]))
        continue;
      value = pl_chart_format_number (chart->bars[i].value, chart_decimals (chart), chart->unit);
      widest = MAX (widest, pl_chart_text_set (text, value, 0.));
    }

  return widest + (chart->has_target ? MARK_SIZE + MARK_GAP : 0.);
}

static gboolean
layout_upright (const PlBarChart *chart,
                PangoLayout      *text,
                double            width,
                double            height,
                double            top,
                Layout           *layout)
{
  double lo, hi;
  gboolean fits = chart->n_bars <= MAX_UPRIGHT_BARS;

  layout->horizontal = FALSE;
  layout->labels_above = FALSE;
  /* A line above the plot for the value over the tallest bar. */
  layout->area.y = top + layout->line_height + VALUE_GAP;
  layout->area.height = MAX (0., height - PL_CHART_PAD - 2. * layout->line_height - X_LABEL_GAP
                                   - layout->area.y);

  value_span (chart, &lo, &hi);
  pl_chart_axis_fit (&layout->axis, text, lo, hi, layout->area.height, FALSE,
                     chart_decimals (chart), chart->unit);

  layout->area.x = PL_CHART_PAD
                   + ceil (pl_chart_axis_label_width (&layout->axis, text, chart->unit))
                   + PL_CHART_LABEL_GAP;
  layout->area.width = MAX (0., width - RIGHT_MARGIN - layout->area.x);
  layout->slot = chart->n_bars > 0 ? layout->area.width / chart->n_bars : 0.;
  layout->thickness = MIN (MAX_BAR_WIDTH, layout->slot * .62);
  fits &= layout->slot >= MIN_SLOT;

  for (guint i = 0; i < chart->n_bars && fits; i++)
    {
      g_autofree char *n = format_n (chart->bars[i].n);

      fits = pl_chart_text_set (text, chart->bars[i].label, 0.) <= layout->slot - 6.
             && pl_chart_text_set (text, n, 0.) <= layout->slot - 6.;
    }

  return fits;
}

static double
natural_label_width (const PlBarChart *chart,
                     PangoLayout      *text)
{
  double widest = 0.;

  for (guint i = 0; i < chart->n_bars; i++)
    {
      g_autofree char *n = format_n (chart->bars[i].n);
      g_autofree char *label = g_strdup_printf (
          "%s · %s", chart->bars[i].label != NULL ? chart->bars[i].label : "", n);

      widest = MAX (widest, pl_chart_text_set (text, label, 0.));
    }

  return widest;
}

static void
layout_lying (const PlBarChart *chart,
              PangoLayout      *text,
              double            width,
              double            height,
              double            top,
              Layout           *layout)
{
  double natural = natural_label_width (chart, text);
  double reserve = value_label_width (chart, text) + VALUE_GAP + 2.;
  double lo, hi;

  layout->horizontal = TRUE;
  layout->labels_above = natural > LABELS_LEFT_SHARE * (width - 2. * PL_CHART_PAD);
  layout->label_width = layout->labels_above ? 0. : ceil (natural);

  layout->area.y = top;
  layout->area.height = MAX (0., height - PL_CHART_PAD - layout->line_height - X_LABEL_GAP - top);
  layout->area.x = layout->labels_above ? PL_CHART_PAD + 2.
                                        : PL_CHART_PAD + layout->label_width + PL_CHART_LABEL_GAP;
  layout->area.width = MAX (0., width - RIGHT_MARGIN - reserve - layout->area.x);

  value_span (chart, &lo, &hi);
  pl_chart_axis_fit (&layout->axis, text, lo, hi, layout->area.width, TRUE,
                     chart_decimals (chart), chart->unit);

  layout->slot = chart->n_bars > 0 ? layout->area.height / chart->n_bars : 0.;
  if (layout->labels_above)
    layout->thickness = CLAMP (layout->slot - layout->line_height - 8., 2., MAX_BAR_HEIGHT - 6.);
  else
    layout->thickness = MIN (MAX_BAR_HEIGHT, layout->slot * .62);
}

static double
header_height (const PlBarChart *chart,
               cairo_t          *cr,
               double            width,
               Layout           *layout)
{
  double top = PL_CHART_PAD;
  double legend_height;

  layout->title_y = top;
  if (chart->title != NULL && chart->title[0] != '\0')
    top += pl_chart_title_height (cr, chart->title) + 6.;

  layout->legend_y = top;
  legend_height = has_data (chart) ? legend (chart, NULL, cr, top, width) : 0.;
  if (legend_height > 0.)
    top += legend_height + LEGEND_BOTTOM;
  else
    top += layout->line_height / 2.;

  return top;
}

static void
compute_layout (const PlBarChart *chart,
                cairo_t          *cr,
                double            width,
                double            height,
                Layout           *layout)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  double top;

  memset (layout, 0, sizeof *layout);
  layout->line_height = pl_chart_line_height (text);
  top = header_height (chart, cr, width, layout);

  if (!has_data (chart))
    {
      layout->empty = TRUE;
      layout->area = (PlChartRect) { PL_CHART_PAD, top, MAX (0., width - 2. * PL_CHART_PAD),
                                     MAX (0., height - PL_CHART_PAD - top) };
      return;
    }

  switch (chart->orientation)
    {
    case PL_BAR_CHART_VERTICAL:
      layout_upright (chart, text, width, height, top, layout);
      break;
    case PL_BAR_CHART_HORIZONTAL:
      layout_lying (chart, text, width, height, top, layout);
      break;
    case PL_BAR_CHART_AUTO:
    default:
      if (!layout_upright (chart, text, width, height, top, layout))
        layout_lying (chart, text, width, height, top, layout);
      break;
    }
}

static double
value_to_pixel (const Layout *layout,
                double        value)
{
  double fraction = pl_chart_axis_fraction (&layout->axis, value);

  if (layout->horizontal)
    return layout->area.x + layout->area.width * fraction;

  return layout->area.y + layout->area.height * (1. - fraction);
}

/* The centre line of bar i, across the bars. */
static double
bar_centre (const Layout *layout,
            guint         i)
{
  if (!layout->horizontal)
    return layout->area.x + layout->slot * (i + .5);
  if (layout->labels_above)
    return layout->area.y + layout->slot * i + layout->line_height + 4. + layout->thickness / 2.;

  return layout->area.y + layout->slot * (i + .5);
}

static void
bar_rect (const PlBarChart *chart,
          const Layout     *layout,
          guint             i,
          PlChartRect      *rect)
{
  double base = value_to_pixel (layout, MAX (layout->axis.min, 0.));
  double end = value_to_pixel (layout, chart->bars[i].value);
  double centre = bar_centre (layout, i);

  if (layout->horizontal)
    *rect = (PlChartRect) { MIN (base, end), centre - layout->thickness / 2., fabs (end - base),
                            layout->thickness };
  else
    *rect = (PlChartRect) { centre - layout->thickness / 2., MIN (base, end), layout->thickness,
                            fabs (end - base) };
}

/* Drawing */

static void
draw_value_axis (const PlBarChart     *chart,
                 const PlChartPalette *palette,
                 cairo_t              *cr,
                 const Layout         *layout,
                 double                width)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  const PlChartRect *area = &layout->area;
  double previous_right = -G_MAXDOUBLE;

  for (guint i = 0, n = pl_chart_axis_n_ticks (&layout->axis); i < n; i++)
    {
      double value = pl_chart_axis_tick (&layout->axis, i);
      double p = value_to_pixel (layout, value);
      g_autofree char *label = pl_chart_format_number (value, layout->axis.decimals, chart->unit);
      double w = pl_chart_text_set (text, label, 0.);
      double h = layout->line_height;
      gboolean zero = fabs (value) < layout->axis.step * 1e-6;

      pl_chart_set_color (cr, &palette->grid, zero ? 3. : 1.);
      cairo_set_line_width (cr, 1.);
      if (layout->horizontal)
        {
          double x = CLAMP (floor (p) + .5, area->x + .5, area->x + area->width - .5);
          double lx = CLAMP (x - w / 2., 0., MAX (0., width - w));

          cairo_move_to (cr, x, area->y);
          cairo_line_to (cr, x, area->y + area->height);
          cairo_stroke (cr);

          /* Never two labels on top of each other, whatever the clamping did. */
          if (lx < previous_right + 4.)
            continue;
          previous_right = lx + w;
          pl_chart_set_color (cr, &palette->foreground, .7);
          cairo_move_to (cr, lx, area->y + area->height + X_LABEL_GAP);
          pango_cairo_show_layout (cr, text);
        }
      else
        {
          double y = CLAMP (floor (p) + .5, area->y + .5, area->y + area->height - .5);

          cairo_move_to (cr, area->x, y);
          cairo_line_to (cr, area->x + area->width, y);
          cairo_stroke (cr);

          pl_chart_set_color (cr, &palette->foreground, .7);
          cairo_move_to (cr, area->x - PL_CHART_LABEL_GAP - w, y - h / 2.);
          pango_cairo_show_layout (cr, text);
        }
    }
}

/* Puts the label of lying bar @i in @text and " · n=412" in @count, and
 * returns the label's width; @box is where the two go. */
static double
lying_label (const PlBarChart *chart,
             const Layout     *layout,
             guint             i,
             PangoLayout      *text,
             PangoLayout      *count,
             double            width,
             PlChartRect      *box)
{
  const PlBarChartBar *bar = &chart->bars[i];
  g_autofree char *n = bar->n > 0 ? format_n (bar->n) : g_strdup (_("no data"));
  g_autofree char *suffix = g_strdup_printf (" · %s", n);
  double h = layout->line_height;
  double x = layout->labels_above ? layout->area.x : PL_CHART_PAD;
  double room = layout->labels_above ? width - x - PL_CHART_PAD : layout->label_width;
  double nw = pl_chart_text_set (count, suffix, 0.);
  double lw = pl_chart_text_set (text, bar->label, MAX (h, room - nw));

  box->x = x;
  box->y = layout->labels_above ? layout->area.y + layout->slot * i + 2.
                                : bar_centre (layout, i) - h / 2.;
  box->width = lw + nw;
  box->height = h;

  return lw;
}

/* Lines behind labels that have a line of their own stop short of them. */
static void
clip_out_labels (const PlBarChart *chart,
                 cairo_t          *cr,
                 const Layout     *layout,
                 double            width,
                 double            height)
{
  g_autoptr(PangoLayout) text = NULL;
  g_autoptr(PangoLayout) count = NULL;
  g_autofree PlChartRect *holes = NULL;
  PlChartRect outer = { 0., 0., width, height };

  if (!layout->horizontal || !layout->labels_above)
    return;

  text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  count = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  holes = g_new (PlChartRect, chart->n_bars);
  for (guint i = 0; i < chart->n_bars; i++)
    {
      lying_label (chart, layout, i, text, count, width, &holes[i]);
      holes[i].x -= 2.;
      holes[i].width += 6.;
    }
  pl_chart_clip_out (cr, &outer, holes, chart->n_bars);
}

static void
draw_category_labels (const PlBarChart     *chart,
                      const PlChartPalette *palette,
                      cairo_t              *cr,
                      const Layout         *layout,
                      double                width)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  g_autoptr(PangoLayout) count = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  const PlChartRect *area = &layout->area;

  for (guint i = 0; i < chart->n_bars; i++)
    {
      const PlBarChartBar *bar = &chart->bars[i];
      g_autofree char *n = bar->n > 0 ? format_n (bar->n) : g_strdup (_("no data"));
      double centre = bar_centre (layout, i);
      double h = layout->line_height;

      if (!layout->horizontal)
        {
          double lw = pl_chart_text_set (text, bar->label, layout->slot - 4.);
          double nw = pl_chart_text_set (count, n, layout->slot - 4.);
          double y = area->y + area->height + X_LABEL_GAP;

          pl_chart_set_color (cr, &palette->foreground, .85);
          cairo_move_to (cr, centre - lw / 2., y);
          pango_cairo_show_layout (cr, text);
          pl_chart_set_color (cr, &palette->foreground, .6);
          cairo_move_to (cr, centre - nw / 2., y + h);
          pango_cairo_show_layout (cr, count);
        }
      else
        {
          PlChartRect box;
          double lw = lying_label (chart, layout, i, text, count, width, &box);

          pl_chart_set_color (cr, &palette->foreground, .85);
          cairo_move_to (cr, box.x, box.y);
          pango_cairo_show_layout (cr, text);
          pl_chart_set_color (cr, &palette->foreground, .6);
          cairo_move_to (cr, box.x + lw, box.y);
          pango_cairo_show_layout (cr, count);
        }
    }
}

static void
draw_bars (const PlBarChart     *chart,
           const PlChartPalette *palette,
           cairo_t              *cr,
           const Layout         *layout)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  PlColor surface = pl_chart_surface_color (palette);

  for (guint i = 0; i < chart->n_bars; i++)
    {
      const PlBarChartBar *bar = &chart->bars[i];
      PlChartStatus status = bar_status (chart, bar);
      const PlColor *color = pl_chart_status_color (palette, status);
      PlChartRect rect;

      if (!bar_has_data (bar))
        {
          /* An empty slot says so rather than looking like a zero. */
          double centre = bar_centre (layout, i);
          double w = pl_chart_text_set (text, "–", 0.);

          pl_chart_set_color (cr, &palette->foreground, .45);
          if (layout->horizontal)
            cairo_move_to (cr, layout->area.x + 4., centre - layout->line_height / 2.);
          else
            cairo_move_to (cr, centre - w / 2.,
                           value_to_pixel (layout, MAX (layout->axis.min, 0.)) - layout->line_height
                               - 2.);
          pango_cairo_show_layout (cr, text);
          continue;
        }

      bar_rect (chart, layout, i, &rect);
      if (layout->horizontal)
        {
          rect.y = round (rect.y);
          rect.height = round (rect.height);
        }
      else
        {
          rect.x = round (rect.x);
          rect.width = round (rect.width);
        }

      if (bar->small_sample)
        {
          /* Faded and striped, so it reads as uncertain without colour too. */
          cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
          pl_chart_set_color (cr, color, .3);
          cairo_fill (cr);
          pl_chart_hatch (cr, &rect, color, .9, HATCH_SPACING);
          cairo_rectangle (cr, rect.x + .5, rect.y + .5, MAX (0., rect.width - 1.),
                           MAX (0., rect.height - 1.));
          pl_chart_set_color (cr, color, 1.);
          cairo_set_line_width (cr, 1.);
          cairo_stroke (cr);
        }
      else
        {
          cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
          pl_chart_set_color (cr, color,
                              chart->highlight >= 0 && (guint) chart->highlight != i ? .75 : 1.);
          cairo_fill (cr);
        }

      if (bar_has_interval (bar))
        {
          double a = value_to_pixel (layout, bar->lower);
          double b = value_to_pixel (layout, bar->upper);
          double centre = floor (bar_centre (layout, i)) + .5;
          double cap = MIN (10., layout->thickness * .4) / 2.;

          /* A halo keeps the whisker visible over its own bar. */
          for (guint pass = 0; pass < 2; pass++)
            {
              cairo_set_line_width (cr, pass == 0 ? 3. : 1.5);
              if (pass == 0)
                pl_chart_set_color (cr, &surface, .7);
              else
                pl_chart_set_color (cr, &palette->foreground, .85);
              if (layout->horizontal)
                {
                  cairo_move_to (cr, a, centre);
                  cairo_line_to (cr, b, centre);
                  cairo_move_to (cr, a, centre - cap);
                  cairo_line_to (cr, a, centre + cap);
                  cairo_move_to (cr, b, centre - cap);
                  cairo_line_to (cr, b, centre + cap);
                }
              else
                {
                  cairo_move_to (cr, centre, a);
                  cairo_line_to (cr, centre, b);
                  cairo_move_to (cr, centre - cap, a);
                  cairo_line_to (cr, centre + cap, a);
                  cairo_move_to (cr, centre - cap, b);
                  cairo_line_to (cr, centre + cap, b);
                }
              cairo_stroke (cr);
            }
        }
    }
}

static void
draw_target (const PlBarChart     *chart,
             const PlChartPalette *palette,
             cairo_t              *cr,
             const Layout         *layout)
{
  const PlChartRect *area = &layout->area;
  PlColor surface = pl_chart_surface_color (palette);
  double dashes[] = { 6., 4. };
  double p;

  if (!chart->has_target || !isfinite (chart->target))
    return;

  p = round (value_to_pixel (layout, chart->target));
  cairo_save (cr);
  for (guint pass = 0; pass < 2; pass++)
    {
      /* Over the bars, with a halo so that it shows on a bar of its own colour. */
      if (pass == 0)
        {
          cairo_set_line_width (cr, 4.);
          pl_chart_set_color (cr, &surface, .8);
        }
      else
        {
          cairo_set_line_width (cr, 2.);
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
          pl_chart_set_color (cr, &palette->target, 1.);
        }
      if (layout->horizontal)
        {
          cairo_move_to (cr, p, area->y);
          cairo_line_to (cr, p, area->y + area->height);
        }
      else
        {
          cairo_move_to (cr, area->x, p);
          cairo_line_to (cr, area->x + area->width, p);
        }
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static void
draw_values (const PlBarChart     *chart,
             const PlChartPalette *palette,
             cairo_t              *cr,
             const Layout         *layout)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_BOLD);
  const PlChartRect *area = &layout->area;
  PlColor surface = pl_chart_surface_color (palette);

  for (guint i = 0; i < chart->n_bars; i++)
    {
      const PlBarChartBar *bar = &chart->bars[i];
      PlChartStatus status = bar_status (chart, bar);
      g_autofree char *value = NULL;
      double w, h = layout->line_height;
      double mark = status != PL_CHART_STATUS_NONE ? MARK_SIZE + MARK_GAP : 0.;
      double end, x, y;

      if (!bar_has_data (bar))
        continue;

      value = pl_chart_format_number (bar->value, chart_decimals (chart), chart->unit);
      w = pl_chart_text_set (text, value, 0.);

      if (layout->horizontal)
        {
          end = value_to_pixel (layout, bar->value);
          if (bar_has_interval (bar))
            end = MAX (end, value_to_pixel (layout, MAX (bar->lower, bar->upper)));
          x = MAX (end, value_to_pixel (layout, MAX (layout->axis.min, 0.))) + VALUE_GAP;
          y = bar_centre (layout, i) - h / 2.;
        }
      else
        {
          if (w + mark > layout->slot - 2.)
            mark = 0.;
          if (w > layout->slot - 2.)
            continue;
          end = value_to_pixel (layout, bar->value);
          if (bar_has_interval (bar))
            end = MIN (end, value_to_pixel (layout, MAX (bar->lower, bar->upper)));
          end = MIN (end, value_to_pixel (layout, MAX (layout->axis.min, 0.)));
          x = bar_centre (layout, i) - (w + mark) / 2.;
          y = MAX (area->y - VALUE_GAP - h, end - VALUE_GAP - h);
        }

      /* The target line does not cross the value. */
      if (chart->has_target && isfinite (chart->target))
        {
          double p = value_to_pixel (layout, chart->target);

          if (layout->horizontal ? p > x - 4. && p < x + w + mark + 4.
                                 : p > y - 2. && p < y + h + 2.)
            {
              pl_chart_rounded_rectangle (cr, x - 2., y, w + mark + 4., h, 3.);
              pl_chart_set_color (cr, &surface, .9);
              cairo_fill (cr);
            }
        }
      if (mark > 0.)
        pl_chart_draw_status_mark (cr, status, pl_chart_status_color (palette, status),
                                   x + MARK_SIZE / 2., y + h / 2., MARK_SIZE);
      pl_chart_set_color (cr, &palette->foreground, .9);
      cairo_move_to (cr, x + mark, y);
      pango_cairo_show_layout (cr, text);
    }
}

static char *
readout_markup (const PlBarChart *chart,
                guint             i)
{
  const PlBarChartBar *bar = &chart->bars[i];
  int decimals = chart_decimals (chart);
  g_autofree char *n = format_n (bar->n);
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree char *head = g_markup_printf_escaped ("<b>%s</b>  <span alpha=\"70%%\">%s</span>",
                                                   bar->label != NULL ? bar->label : "",
                                                   bar->n > 0 ? n : _("no data"));

  g_string_append (markup, head);
  if (bar_has_data (bar))
    {
      g_autofree char *value = pl_chart_format_number (bar->value, decimals, chart->unit);
      g_autofree char *line = NULL;
      g_autoptr(GPtrArray) notes = g_ptr_array_new ();
      PlChartStatus status = bar_status (chart, bar);

      if (bar_has_interval (bar))
        {
          g_autofree char *lower
              = pl_chart_format_number (MIN (bar->lower, bar->upper), decimals, chart->unit);
          g_autofree char *upper
              = pl_chart_format_number (MAX (bar->lower, bar->upper), decimals, chart->unit);

          line = g_markup_printf_escaped ("\n<b>%s</b>  <span alpha=\"70%%\">%s %s–%s</span>",
                                          value, interval_label (chart), lower, upper);
        }
      else
        line = g_markup_printf_escaped ("\n<b>%s</b>", value);
      g_string_append (markup, line);

      if (status != PL_CHART_STATUS_NONE)
        g_ptr_array_add (notes, (gpointer) pl_chart_status_text (status));
      if (bar->small_sample)
        g_ptr_array_add (notes, (gpointer) _("small sample"));
      if (notes->len > 0)
        {
          g_autofree char *joined = NULL;
          g_autofree char *escaped = NULL;

          g_ptr_array_add (notes, NULL);
          joined = g_strjoinv (" · ", (char **) notes->pdata);
          escaped = g_markup_escape_text (joined, -1);
          g_string_append_printf (markup, "\n%s", escaped);
        }
    }

  return g_string_free (g_steal_pointer (&markup), FALSE);
}

static void
draw_highlight (const PlBarChart     *chart,
                const PlChartPalette *palette,
                cairo_t              *cr,
                const Layout         *layout,
                double                width,
                double                height)
{
  PlChartRect bounds = { 0., 0., width, height };
  PlChartRect anchor;
  g_autofree char *markup = NULL;
  double centre;
  int i = chart->highlight;

  if (i < 0 || (guint) i >= chart->n_bars)
    return;

  centre = bar_centre (layout, i);
  if (bar_has_data (&chart->bars[i]))
    bar_rect (chart, layout, i, &anchor);
  else if (layout->horizontal)
    anchor = (PlChartRect) { layout->area.x, centre - layout->thickness / 2., 20.,
                             layout->thickness };
  else
    anchor = (PlChartRect) { centre - layout->thickness / 2.,
                             layout->area.y + layout->area.height - 20., layout->thickness, 20. };

  markup = readout_markup (chart, i);
  pl_chart_draw_readout (palette, cr, &bounds, &anchor, markup);
}

/* Public API */

void
pl_bar_chart_init (PlBarChart *chart)
{
  g_return_if_fail (chart != NULL);

  memset (chart, 0, sizeof *chart);
  chart->unit = "";
  chart->decimals = 1;
  chart->higher_is_better = TRUE;
  chart->orientation = PL_BAR_CHART_AUTO;
  chart->highlight = -1;
}

void
pl_bar_chart_render (const PlBarChart     *chart,
                     const PlChartPalette *palette,
                     cairo_t              *cr,
                     double                width,
                     double                height)
{
  Layout layout;

  g_return_if_fail (chart != NULL);
  g_return_if_fail (palette != NULL);
  g_return_if_fail (cr != NULL);

  if (!(width > 0. && height > 0.))
    return;

  pl_chart_begin (palette, cr, width, height);
  compute_layout (chart, cr, width, height, &layout);
  pl_chart_draw_title (palette, cr, chart->title, PL_CHART_PAD, layout.title_y,
                       width - 2. * PL_CHART_PAD);

  if (layout.empty)
    {
      pl_chart_draw_message (palette, cr, &layout.area, _("No data yet"));
      cairo_restore (cr);
      return;
    }

  legend (chart, palette, cr, layout.legend_y, width);
  if (layout.area.width > 0. && layout.area.height > 0.)
    {
      cairo_save (cr);
      clip_out_labels (chart, cr, &layout, width, height);
      draw_value_axis (chart, palette, cr, &layout, width);
      cairo_restore (cr);
      draw_category_labels (chart, palette, cr, &layout, width);
      if (chart->highlight >= 0 && (guint) chart->highlight < chart->n_bars)
        {
          /* The shading goes under the bars. */
          pl_chart_set_color (cr, &palette->foreground, .06);
          if (layout.horizontal)
            cairo_rectangle (cr, layout.area.x, layout.area.y + layout.slot * chart->highlight,
                             layout.area.width, layout.slot);
          else
            cairo_rectangle (cr, layout.area.x + layout.slot * chart->highlight, layout.area.y,
                             layout.slot, layout.area.height);
          cairo_fill (cr);
        }
      draw_bars (chart, palette, cr, &layout);
      cairo_save (cr);
      clip_out_labels (chart, cr, &layout, width, height);
      draw_target (chart, palette, cr, &layout);
      cairo_restore (cr);
      draw_values (chart, palette, cr, &layout);
      draw_highlight (chart, palette, cr, &layout, width, height);
    }

  cairo_restore (cr);
}

double
pl_bar_chart_get_preferred_height (const PlBarChart *chart,
                                   cairo_t          *cr,
                                   double            width)
{
  Layout layout;
  double top;

  g_return_val_if_fail (chart != NULL, 0.);
  g_return_val_if_fail (cr != NULL, 0.);

  compute_layout (chart, cr, width, UPRIGHT_HEIGHT, &layout);
  if (layout.empty || !layout.horizontal)
    return UPRIGHT_HEIGHT;

  top = layout.area.y;
  return ceil (top + chart->n_bars * (layout.labels_above ? layout.line_height + 22. : ROW_HEIGHT)
               + X_LABEL_GAP + layout.line_height + PL_CHART_PAD);
}

gboolean
pl_bar_chart_is_horizontal (const PlBarChart *chart,
                            cairo_t          *cr,
                            double            width,
                            double            height)
{
  Layout layout;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);

  compute_layout (chart, cr, width, height, &layout);
  return layout.horizontal;
}

void
pl_bar_chart_get_plot_area (const PlBarChart *chart,
                            cairo_t          *cr,
                            double            width,
                            double            height,
                            PlChartRect      *area)
{
  Layout layout;

  g_return_if_fail (chart != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (area != NULL);

  compute_layout (chart, cr, width, height, &layout);
  *area = layout.area;
}

gboolean
pl_bar_chart_get_bar_rect (const PlBarChart *chart,
                           cairo_t          *cr,
                           double            width,
                           double            height,
                           guint             index,
                           PlChartRect      *rect)
{
  Layout layout;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (index >= chart->n_bars || !bar_has_data (&chart->bars[index]))
    return FALSE;

  compute_layout (chart, cr, width, height, &layout);
  if (layout.empty)
    return FALSE;
  bar_rect (chart, &layout, index, rect);

  return TRUE;
}

int
pl_bar_chart_hit_test (const PlBarChart *chart,
                       cairo_t          *cr,
                       double            width,
                       double            height,
                       double            px,
                       double            py)
{
  Layout layout;
  double position;
  int i;

  g_return_val_if_fail (chart != NULL, -1);
  g_return_val_if_fail (cr != NULL, -1);

  compute_layout (chart, cr, width, height, &layout);
  if (layout.empty || layout.slot <= 0. || px < 0. || px > width || py < 0. || py > height)
    return -1;

  /* A bar's whole row or column answers, labels included. */
  if (layout.horizontal)
    {
      if (py < layout.area.y || py >= layout.area.y + layout.area.height)
        return -1;
      position = (py - layout.area.y) / layout.slot;
    }
  else
    {
      if (px < layout.area.x || px >= layout.area.x + layout.area.width || py < layout.area.y)
        return -1;
      position = (px - layout.area.x) / layout.slot;
    }

  i = (int) floor (position);
  return i >= 0 && (guint) i < chart->n_bars ? i : -1;
}

char *
pl_bar_chart_dup_readout (const PlBarChart *chart,
                          int               index)
{
  g_autofree char *markup = NULL;

  g_return_val_if_fail (chart != NULL, NULL);

  if (index < 0 || (guint) index >= chart->n_bars || chart->bars == NULL)
    return NULL;

  markup = readout_markup (chart, index);
  return pl_chart_markup_to_text (markup);
}

char *
pl_bar_chart_describe (const PlBarChart *chart)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *label;
  int decimals;
  guint with_data = 0, on_target = 0;

  g_return_val_if_fail (chart != NULL, NULL);

  label = chart->title != NULL && chart->title[0] != '\0'               ? chart->title
          : chart->value_label != NULL && chart->value_label[0] != '\0' ? chart->value_label
                                                                        : _("Bar chart");
  decimals = chart_decimals (chart);

  if (!has_data (chart))
    {
      g_string_append_printf (text, _("%s: no data yet."), label);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  g_string_append (text, label);
  if (chart->has_target && isfinite (chart->target))
    {
      g_autofree char *target = pl_chart_format_threshold (chart->target, decimals, chart->unit);

      /* Translators: after the chart's name: "CSAT by channel (target 85%)". */
      g_string_append_printf (text, _(" (target %s)"), target);
    }
  g_string_append (text, ": ");

  for (guint i = 0; i < chart->n_bars; i++)
    {
      const PlBarChartBar *bar = &chart->bars[i];
      const char *name = bar->label != NULL ? bar->label : "";
      PlChartStatus status;
      g_autofree char *value = NULL;
      g_autofree char *n = NULL;

      if (i > 0)
        g_string_append (text, "; ");
      if (!bar_has_data (bar))
        {
          /* Translators: a segment without data in a chart summary: "Post: no data". */
          g_string_append_printf (text, _("%s: no data"), name);
          continue;
        }

      with_data++;
      status = bar_status (chart, bar);
      on_target += status == PL_CHART_STATUS_ON_TARGET;
      value = pl_chart_format_number (bar->value, decimals, chart->unit);
      n = format_n (bar->n);
      if (bar_has_interval (bar))
        {
          g_autofree char *lower
              = pl_chart_format_number (MIN (bar->lower, bar->upper), decimals, chart->unit);
          g_autofree char *upper
              = pl_chart_format_number (MAX (bar->lower, bar->upper), decimals, chart->unit);

          /* Translators: "Phone 82.1% (n=412, Wilson 95% interval 79.0%–85.0%)" */
          g_string_append_printf (text, _("%s %s (%s, %s %s–%s)"), name, value, n,
                                  interval_label (chart), lower, upper);
        }
      else
        {
          /* Translators: "Phone 82.1% (n=412)" */
          g_string_append_printf (text, _("%s %s (%s)"), name, value, n);
        }
      if (status != PL_CHART_STATUS_NONE)
        g_string_append_printf (text, ", %s", pl_chart_status_text (status));
      if (bar->small_sample)
        g_string_append_printf (text, ", %s", _("small sample"));
    }
  g_string_append (text, ".");

  if (chart->has_target && isfinite (chart->target))
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u of %u segment on target.",
                                                 "%u of %u segments on target.", with_data),
                              on_target, with_data);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
render_still (gconstpointer         data,
              const PlChartPalette *palette,
              cairo_t              *cr,
              double                width,
              double                height)
{
  PlBarChart still = *(const PlBarChart *) data;

  still.highlight = -1;
  pl_bar_chart_render (&still, palette, cr, width, height);
}

gboolean
pl_bar_chart_save (const PlBarChart     *chart,
                   const PlChartPalette *palette,
                   const char           *path,
                   double                width,
                   double                height,
                   GError              **error)
{
  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return pl_chart_save_to_file (render_still, chart,
                                chart->title != NULL ? chart->title : chart->value_label,
                                palette, path, width, height, error);
}
