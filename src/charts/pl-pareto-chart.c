/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "pl-chart-common.h"
#include "pl-pareto-chart.h"

#define LEGEND_BOTTOM  12.
#define X_LABEL_GAP    6.
#define MAX_BAR_WIDTH  64.
#define MARKER_RADIUS  3.
#define LINE_WIDTH     2.
#define MAX_LABELS     110.

typedef struct
{
  gboolean          empty;
  double            title_y;
  double            legend_y;
  double            line_height;
  PlChartRect       area;
  PlChartAxis       counts;
  PlChartAxis       percents;
  PlChartLabelPlan  plan;
  double            slot;
  double            thickness;
  guint             n_shown;
  guint            *order;       /* n_shown indices, largest count first */
  double           *cumulative;  /* n_shown percentages */
} Layout;

static void
layout_clear (Layout *layout)
{
  g_clear_pointer (&layout->order, g_free);
  g_clear_pointer (&layout->cumulative, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Layout, layout_clear)

static double
count_at (const PlParetoChart *chart,
          guint                i)
{
  double count = chart->counts[i];

  return isfinite (count) && count > 0. ? MIN (count, 1e300) : 0.;
}

static const char *
label_at (const PlParetoChart *chart,
          guint                i)
{
  return chart->labels != NULL && chart->labels[i] != NULL ? chart->labels[i] : "";
}

static double
reference (const PlParetoChart *chart)
{
  return isfinite (chart->reference) ? CLAMP (chart->reference, 0., 100.) : 80.;
}

static int
compare_counts (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  const PlParetoChart *chart = data;
  double ca = count_at (chart, *(const guint *) a);
  double cb = count_at (chart, *(const guint *) b);

  return ca < cb ? 1 : ca > cb ? -1 : 0;
}

static guint
compute_order (const PlParetoChart *chart,
               guint               *order,
               double              *cumulative)
{
  double total = 0.;
  double running = 0.;
  guint n = 0;

  if (chart->counts == NULL)
    return 0;

  for (guint i = 0; i < chart->n; i++)
    if (count_at (chart, i) > 0.)
      {
        order[n++] = i;
        total += count_at (chart, i);
      }
  if (n == 0 || !isfinite (total))
    return 0;

  /* GLib's sort is stable: ties keep the caller's order. */
  g_qsort_with_data (order, (int) n, sizeof (guint), compare_counts, (gpointer) chart);
  for (guint k = 0; k < n; k++)
    {
      running += count_at (chart, order[k]);
      /* The sum of whole counts is exact, so 80 of 100 gives exactly 80%. */
      cumulative[k] = k == n - 1 ? 100. : 100. * running / total;
    }

  return n;
}

static gboolean
counts_are_whole (const PlParetoChart *chart)
{
  for (guint i = 0; i < chart->n; i++)
    if (count_at (chart, i) != floor (count_at (chart, i)))
      return FALSE;

  return TRUE;
}

/* Geometry */

static guint
legend_items (const PlParetoChart  *chart,
              const PlChartPalette *palette,
              PlChartLegendItem     items[3],
              char                **reference_text)
{
  guint n = 0;

  items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_BOX, palette->accent,
                                     chart->count_label != NULL && chart->count_label[0] != '\0'
                                       ? chart->count_label : _("Count"), };
  items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_LINE, palette->foreground,
                                     _("Cumulative %"), };
  if (chart->show_reference)
    {
      g_autofree char *value = pl_chart_format_threshold (reference (chart), 1, "%");

      /* Translators: the legend entry for the reference line, e.g. "80% line". */
      *reference_text = g_strdup_printf (_("%s line"), value);
      items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_DASHED, palette->warning,
                                         *reference_text, };
    }

  return n;
}

static double
legend (const PlParetoChart  *chart,
        const PlChartPalette *palette,
        cairo_t              *cr,
        double                y,
        double                width)
{
  PlChartPalette light;
  PlChartLegendItem items[3];
  g_autofree char *reference_text = NULL;
  guint n;

  if (palette == NULL)
    pl_chart_palette_init_light (&light);
  n = legend_items (chart, palette != NULL ? palette : &light, items, &reference_text);

  return pl_chart_legend (items, n, palette, cr, PL_CHART_PAD, y, width - 2. * PL_CHART_PAD);
}

static void
compute_layout (const PlParetoChart *chart,
                cairo_t             *cr,
                double               width,
                double               height,
                Layout              *layout)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  g_autofree const char **labels = NULL;
  double top = PL_CHART_PAD;
  double max_count = 0.;
  double left, right, overhang, bottom;

  memset (layout, 0, sizeof *layout);
  layout->line_height = pl_chart_line_height (text);
  layout->order = g_new (guint, MAX (chart->n, 1));
  layout->cumulative = g_new (double, MAX (chart->n, 1));
  layout->n_shown = compute_order (chart, layout->order, layout->cumulative);

  layout->title_y = top;
  if (chart->title != NULL && chart->title[0] != '\0')
    top += pl_chart_title_height (cr, chart->title) + 6.;
  layout->legend_y = top;

  if (layout->n_shown == 0)
    {
      layout->empty = TRUE;
      top += layout->line_height / 2.;
      layout->area = (PlChartRect) { PL_CHART_PAD, top, MAX (0., width - 2. * PL_CHART_PAD),
                                     MAX (0., height - PL_CHART_PAD - top) };
      return;
    }
  top += legend (chart, NULL, cr, top, width) + LEGEND_BOTTOM;

  labels = g_new (const char *, layout->n_shown);
  for (guint k = 0; k < layout->n_shown; k++)
    {
      labels[k] = label_at (chart, layout->order[k]);
      max_count = MAX (max_count, count_at (chart, layout->order[k]));
    }

  /* Axes need the plot's height, the labels under it its width: settle
   * the width first with a guess at the height, then both. */
  layout->area.y = top;
  bottom = height - PL_CHART_PAD - X_LABEL_GAP - layout->line_height;
  for (guint pass = 0; pass < 2; pass++)
    {
      layout->area.height = MAX (0., bottom - top);
      pl_chart_axis_fit (&layout->counts, text, 0., max_count, layout->area.height, FALSE,
                         counts_are_whole (chart) ? 0 : 1, "");
      pl_chart_axis_fit (&layout->percents, text, 0., 100., layout->area.height, FALSE, 0, "%");

      left = PL_CHART_PAD + ceil (pl_chart_axis_label_width (&layout->counts, text, ""))
             + PL_CHART_LABEL_GAP;
      right = PL_CHART_PAD + ceil (pl_chart_axis_label_width (&layout->percents, text, "%"))
              + PL_CHART_LABEL_GAP;
      layout->slot = MAX (0., width - left - right) / layout->n_shown;
      pl_chart_plan_labels (&layout->plan, text, labels, layout->n_shown, layout->slot,
                            MIN (MAX_LABELS, height * .3), TRUE);

      /* A slanted first label leans left: give it room, up to a quarter of
       * the width. If the narrower plot cannot slant its labels, they stand
       * upright instead, which needs no room on the left. */
      overhang = pl_chart_label_overhang (&layout->plan, text, labels[0]) - layout->slot / 2.;
      if (layout->plan.angle == 45 && overhang > left - PL_CHART_PAD)
        {
          double wider = MIN (width * .25, PL_CHART_PAD + overhang);
          PlChartLabelPlan plan;

          pl_chart_plan_labels (&plan, text, labels, layout->n_shown,
                                MAX (0., width - wider - right) / layout->n_shown,
                                MIN (MAX_LABELS, height * .3), TRUE);
          if (plan.angle == 45)
            {
              left = wider;
              layout->plan = plan;
            }
          else
            pl_chart_plan_labels (&layout->plan, text, labels, layout->n_shown, layout->slot,
                                  MIN (MAX_LABELS, height * .3), FALSE);
        }

      layout->area.x = left;
      layout->area.width = MAX (0., width - left - right);
      layout->slot = layout->area.width / layout->n_shown;
      bottom = height - PL_CHART_PAD - X_LABEL_GAP - layout->plan.extent;
    }
  layout->area.height = MAX (0., bottom - top);
  pl_chart_axis_fit (&layout->counts, text, 0., max_count, layout->area.height, FALSE,
                     counts_are_whole (chart) ? 0 : 1, "");
  pl_chart_axis_fit (&layout->percents, text, 0., 100., layout->area.height, FALSE, 0, "%");
  layout->thickness = MIN (MAX_BAR_WIDTH, layout->slot * .72);
}

static double
count_to_y (const Layout *layout,
            double        count)
{
  return layout->area.y
         + layout->area.height * (1. - pl_chart_axis_fraction (&layout->counts, count));
}

static double
percent_to_y (const Layout *layout,
              double        percent)
{
  return layout->area.y
         + layout->area.height * (1. - pl_chart_axis_fraction (&layout->percents, percent));
}

static double
column_centre (const Layout *layout,
               guint         k)
{
  return layout->area.x + layout->slot * (k + .5);
}

static void
bar_rect (const PlParetoChart *chart,
          const Layout        *layout,
          guint                k,
          PlChartRect         *rect)
{
  double top = count_to_y (layout, count_at (chart, layout->order[k]));
  double bottom = count_to_y (layout, 0.);

  *rect = (PlChartRect) { column_centre (layout, k) - layout->thickness / 2., top,
                          layout->thickness, bottom - top };
}

static int
position_of (const Layout *layout,
             guint         index)
{
  for (guint k = 0; k < layout->n_shown; k++)
    if (layout->order[k] == index)
      return (int) k;

  return -1;
}

/* Drawing */

static void
draw_axes (const PlChartPalette *palette,
           cairo_t              *cr,
           const Layout         *layout)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  const PlChartRect *area = &layout->area;
  double h = layout->line_height;

  for (guint i = 0, n = pl_chart_axis_n_ticks (&layout->counts); i < n; i++)
    {
      double value = pl_chart_axis_tick (&layout->counts, i);
      double y = CLAMP (floor (count_to_y (layout, value)) + .5, area->y + .5,
                                  area->y + area->height - .5);
      g_autofree char *label = pl_chart_format_number (value, layout->counts.decimals, "");
      double w = pl_chart_text_set (text, label, 0.);

      pl_chart_set_color (cr, &palette->grid, i == 0 ? 2. : 1.);
      cairo_set_line_width (cr, 1.);
      cairo_move_to (cr, area->x, y);
      cairo_line_to (cr, area->x + area->width, y);
      cairo_stroke (cr);

      pl_chart_set_color (cr, &palette->foreground, .7);
      cairo_move_to (cr, area->x - PL_CHART_LABEL_GAP - w, y - h / 2.);
      pango_cairo_show_layout (cr, text);
    }

  /* The percentage axis on the right: ticks and labels, no second grid. */
  for (guint i = 0, n = pl_chart_axis_n_ticks (&layout->percents); i < n; i++)
    {
      double value = pl_chart_axis_tick (&layout->percents, i);
      double y = CLAMP (floor (percent_to_y (layout, value)) + .5, area->y + .5,
                                  area->y + area->height - .5);
      g_autofree char *label = pl_chart_format_number (value, 0, "%");
      double x = area->x + area->width;

      pl_chart_text_set (text, label, 0.);
      pl_chart_set_color (cr, &palette->foreground, .35);
      cairo_set_line_width (cr, 1.);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 4., y);
      cairo_stroke (cr);

      pl_chart_set_color (cr, &palette->foreground, .7);
      cairo_move_to (cr, x + PL_CHART_LABEL_GAP, y - h / 2.);
      pango_cairo_show_layout (cr, text);
    }
  pl_chart_set_color (cr, &palette->foreground, .35);
  cairo_move_to (cr, floor (area->x + area->width) + .5, area->y);
  cairo_line_to (cr, floor (area->x + area->width) + .5, area->y + area->height);
  cairo_stroke (cr);
}

static void
draw_labels (const PlParetoChart  *chart,
             const PlChartPalette *palette,
             cairo_t              *cr,
             const Layout         *layout)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  double top = layout->area.y + layout->area.height + X_LABEL_GAP;

  pl_chart_set_color (cr, &palette->foreground, .8);
  for (guint k = 0; k < layout->n_shown; k += layout->plan.stride)
    pl_chart_draw_label (cr, text, &layout->plan, label_at (chart, layout->order[k]),
                         column_centre (layout, k), top, PL_CHART_PAD);
}

static void
draw_bars (const PlParetoChart  *chart,
           const PlChartPalette *palette,
           cairo_t              *cr,
           const Layout         *layout)
{
  int highlight = chart->highlight >= 0 ? position_of (layout, (guint) chart->highlight) : -1;

  if (highlight >= 0)
    {
      pl_chart_set_color (cr, &palette->foreground, .06);
      cairo_rectangle (cr, layout->area.x + layout->slot * highlight, layout->area.y, layout->slot,
                       layout->area.height);
      cairo_fill (cr);
    }

  for (guint k = 0; k < layout->n_shown; k++)
    {
      PlChartRect rect;
      double x0, x1;

      bar_rect (chart, layout, k, &rect);
      /* Whole pixels at the sides, and always a pixel apart. */
      x0 = round (rect.x);
      x1 = MAX (x0 + 1., MIN (round (rect.x + rect.width),
                              round (layout->area.x + layout->slot * (k + 1)) - 1.));
      cairo_rectangle (cr, x0, rect.y, x1 - x0, rect.height);
    }
  pl_chart_set_color (cr, &palette->accent, 1.);
  cairo_fill (cr);
}

static void
draw_reference (const PlParetoChart  *chart,
                const PlChartPalette *palette,
                cairo_t              *cr,
                const Layout         *layout)
{
  double dashes[] = { 6., 4. };
  double y;

  if (!chart->show_reference)
    return;

  y = round (percent_to_y (layout, reference (chart)));
  cairo_save (cr);
  pl_chart_set_color (cr, &palette->warning, 1.);
  cairo_set_line_width (cr, 2.);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
  cairo_move_to (cr, layout->area.x, y);
  cairo_line_to (cr, layout->area.x + layout->area.width, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_cumulative (const PlChartPalette *palette,
                 cairo_t              *cr,
                 const Layout         *layout)
{
  PlColor surface = pl_chart_surface_color (palette);
  gboolean markers = layout->slot >= 4. * MARKER_RADIUS;

  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  /* One path, with a halo so it reads over the bars. */
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint k = 0; k < layout->n_shown; k++)
        {
          double x = column_centre (layout, k);
          double y = percent_to_y (layout, layout->cumulative[k]);

          if (k == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_set_line_width (cr, pass == 0 ? LINE_WIDTH + 3. : LINE_WIDTH);
      pl_chart_set_color (cr, pass == 0 ? &surface : &palette->foreground, pass == 0 ? .8 : .85);
      cairo_stroke (cr);
    }

  if (markers)
    {
      for (guint k = 0; k < layout->n_shown; k++)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, column_centre (layout, k), percent_to_y (layout, layout->cumulative[k]),
                     MARKER_RADIUS + 1.5, 0., 2. * G_PI);
        }
      pl_chart_set_color (cr, &surface, 1.);
      cairo_fill (cr);
      for (guint k = 0; k < layout->n_shown; k++)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, column_centre (layout, k), percent_to_y (layout, layout->cumulative[k]),
                     MARKER_RADIUS, 0., 2. * G_PI);
        }
      pl_chart_set_color (cr, &palette->foreground, .85);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static char *
format_percent (double value)
{
  return pl_chart_format_threshold (value, 1, "%");
}

static char *
readout_markup (const PlParetoChart *chart,
                int                  index)
{
  g_autofree guint *order = NULL;
  g_autofree double *cumulative = NULL;
  g_autofree char *count = NULL;
  g_autofree char *share = NULL;
  g_autofree char *running = NULL;
  g_autofree char *share_text = NULL;
  g_autofree char *cumulative_text = NULL;
  double total = 0.;
  guint n;
  int k = -1;

  if (index < 0 || (guint) index >= chart->n || chart->counts == NULL)
    return NULL;

  order = g_new (guint, chart->n);
  cumulative = g_new (double, chart->n);
  n = compute_order (chart, order, cumulative);
  for (guint j = 0; j < n; j++)
    {
      total += count_at (chart, order[j]);
      if (order[j] == (guint) index)
        k = (int) j;
    }
  if (k < 0)
    return NULL;

  count = pl_chart_format_count (count_at (chart, index));
  share = format_percent (100. * count_at (chart, index) / total);
  running = format_percent (cumulative[k]);
  /* Translators: a bar's share of the total in a Pareto read-out: "50% of all". */
  share_text = g_strdup_printf (_("%s of all"), share);
  /* Translators: the running total in a Pareto read-out: "cumulative 80%". */
  cumulative_text = g_strdup_printf (_("cumulative %s"), running);

  return g_markup_printf_escaped ("<b>%s</b>\n<b>%s</b>  <span alpha=\"70%%\">%s · %s</span>",
                                  label_at (chart, index), count, share_text, cumulative_text);
}

static void
draw_highlight (const PlParetoChart  *chart,
                const PlChartPalette *palette,
                cairo_t              *cr,
                const Layout         *layout,
                double                width,
                double                height)
{
  PlChartRect bounds = { 0., 0., width, height };
  PlChartRect anchor;
  g_autofree char *markup = readout_markup (chart, chart->highlight);

  if (markup == NULL)
    return;

  bar_rect (chart, layout, position_of (layout, (guint) chart->highlight), &anchor);
  pl_chart_draw_readout (palette, cr, &bounds, &anchor, markup);
}

/* Public API */

void
pl_pareto_chart_init (PlParetoChart *chart)
{
  g_return_if_fail (chart != NULL);

  memset (chart, 0, sizeof *chart);
  chart->reference = 80.;
  chart->highlight = -1;
}

void
pl_pareto_chart_render (const PlParetoChart  *chart,
                        const PlChartPalette *palette,
                        cairo_t              *cr,
                        double                width,
                        double                height)
{
  g_auto(Layout) layout = { 0, };

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
      pl_chart_draw_message (palette, cr, &layout.area, _("Nothing counted yet"));
      cairo_restore (cr);
      return;
    }

  legend (chart, palette, cr, layout.legend_y, width);
  if (layout.area.width > 0. && layout.area.height > 0.)
    {
      draw_axes (palette, cr, &layout);
      draw_labels (chart, palette, cr, &layout);
      draw_bars (chart, palette, cr, &layout);
      draw_reference (chart, palette, cr, &layout);
      draw_cumulative (palette, cr, &layout);
      draw_highlight (chart, palette, cr, &layout, width, height);
    }

  cairo_restore (cr);
}

guint
pl_pareto_chart_get_order (const PlParetoChart *chart,
                           guint               *order,
                           double              *cumulative)
{
  g_autofree guint *own_order = NULL;
  g_autofree double *own_cumulative = NULL;

  g_return_val_if_fail (chart != NULL, 0);

  own_order = g_new (guint, MAX (chart->n, 1));
  own_cumulative = g_new (double, MAX (chart->n, 1));
  {
    guint n = compute_order (chart, own_order, own_cumulative);

    if (order != NULL)
      memcpy (order, own_order, n * sizeof (guint));
    if (cumulative != NULL)
      memcpy (cumulative, own_cumulative, n * sizeof (double));

    return n;
  }
}

gboolean
pl_pareto_chart_get_bar_rect (const PlParetoChart *chart,
                              cairo_t             *cr,
                              double               width,
                              double               height,
                              guint                index,
                              PlChartRect         *rect)
{
  g_auto(Layout) layout = { 0, };
  int k;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  compute_layout (chart, cr, width, height, &layout);
  k = position_of (&layout, index);
  if (layout.empty || k < 0)
    return FALSE;

  bar_rect (chart, &layout, k, rect);
  return TRUE;
}

gboolean
pl_pareto_chart_get_cumulative_point (const PlParetoChart *chart,
                                      cairo_t             *cr,
                                      double               width,
                                      double               height,
                                      guint                index,
                                      double              *x,
                                      double              *y)
{
  g_auto(Layout) layout = { 0, };
  int k;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);

  compute_layout (chart, cr, width, height, &layout);
  k = position_of (&layout, index);
  if (layout.empty || k < 0)
    return FALSE;

  if (x != NULL)
    *x = column_centre (&layout, k);
  if (y != NULL)
    *y = percent_to_y (&layout, layout.cumulative[k]);

  return TRUE;
}

void
pl_pareto_chart_get_plot_area (const PlParetoChart *chart,
                               cairo_t             *cr,
                               double               width,
                               double               height,
                               PlChartRect         *area)
{
  g_auto(Layout) layout = { 0, };

  g_return_if_fail (chart != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (area != NULL);

  compute_layout (chart, cr, width, height, &layout);
  *area = layout.area;
}

int
pl_pareto_chart_hit_test (const PlParetoChart *chart,
                          cairo_t             *cr,
                          double               width,
                          double               height,
                          double               px,
                          double               py)
{
  g_auto(Layout) layout = { 0, };
  double k;

  g_return_val_if_fail (chart != NULL, -1);
  g_return_val_if_fail (cr != NULL, -1);

  compute_layout (chart, cr, width, height, &layout);
  if (layout.empty || layout.slot <= 0. || px < layout.area.x
      || px >= layout.area.x + layout.area.width || py < layout.area.y || py > height)
    return -1;

  k = floor ((px - layout.area.x) / layout.slot);
  if (k < 0. || k >= layout.n_shown)
    return -1;

  return (int) layout.order[(guint) k];
}

char *
pl_pareto_chart_dup_readout (const PlParetoChart *chart,
                             int                  index)
{
  g_autofree char *markup = NULL;

  g_return_val_if_fail (chart != NULL, NULL);

  markup = readout_markup (chart, index);
  return pl_chart_markup_to_text (markup);
}

char *
pl_pareto_chart_describe (const PlParetoChart *chart)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree guint *order = NULL;
  g_autofree double *cumulative = NULL;
  g_autofree char *total_text = NULL;
  const char *label;
  double total = 0.;
  double line;
  guint n, reaching = 0;

  g_return_val_if_fail (chart != NULL, NULL);

  label = chart->title != NULL && chart->title[0] != '\0' ? chart->title : _("Pareto chart");
  order = g_new (guint, MAX (chart->n, 1));
  cumulative = g_new (double, MAX (chart->n, 1));
  n = compute_order (chart, order, cumulative);
  if (n == 0)
    {
      g_string_append_printf (text, _("%s: nothing counted yet."), label);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  for (guint k = 0; k < n; k++)
    total += count_at (chart, order[k]);

  g_string_append_printf (text, "%s: ", label);
  for (guint k = 0; k < n; k++)
    {
      g_autofree char *count = pl_chart_format_count (count_at (chart, order[k]));
      g_autofree char *share = format_percent (100. * count_at (chart, order[k]) / total);
      g_autofree char *running = format_percent (cumulative[k]);

      if (k > 0)
        g_string_append (text, "; ");
      /* Translators: "Billing errors 50 (50%, cumulative 80%)" */
      g_string_append_printf (text, _("%s %s (%s, cumulative %s)"), label_at (chart, order[k]),
                              count, share, running);
    }
  g_string_append (text, ". ");

  /* The vital few: how many of the largest make up the reference share. */
  line = reference (chart);
  while (reaching < n && cumulative[reaching] < line - 1e-9)
    reaching++;
  reaching = MIN (reaching + 1, n);
  {
    g_autofree char *share = format_percent (line);

    total_text = pl_chart_format_count (total);
    /* Translators: "2 of 4 categories make up 80% or more of the total of 100." */
    g_string_append_printf (
        text,
        g_dngettext (GETTEXT_PACKAGE, "%u of %u categories makes up %s or more of the total of %s.",
                     "%u of %u categories make up %s or more of the total of %s.", reaching),
        reaching, n, share, total_text);
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
  PlParetoChart still = *(const PlParetoChart *) data;

  still.highlight = -1;
  pl_pareto_chart_render (&still, palette, cr, width, height);
}

gboolean
pl_pareto_chart_save (const PlParetoChart  *chart,
                      const PlChartPalette *palette,
                      const char           *path,
                      double                width,
                      double                height,
                      GError              **error)
{
  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return pl_chart_save_to_file (render_still, chart, chart->title, palette, path, width, height,
                                error);
}
