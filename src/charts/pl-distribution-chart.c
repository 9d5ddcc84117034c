/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "pl-chart-common.h"
#include "pl-distribution-chart.h"

#define LEGEND_BOTTOM     12.
#define RIGHT_MARGIN      10.
#define X_LABEL_GAP       6.
#define MAX_BAR_HEIGHT    24.
#define ROW_HEIGHT        32.
#define LABELS_LEFT_SHARE .35
#define SEGMENT_PAD       6.

/* Orange for the bad end, blue for the good end, grey between: told
 * apart with any common colour-vision deficiency (after ColorBrewer PuOr
 * and RdBu). Sequential levels go from pale to deep (ColorBrewer YlGnBu),
 * and in the dark from deep to pale, so that more always stands out more. */
static const guint diverging_light[] = { 0xb35806, 0xf1a340, 0xcfcfcf, 0x92c5de, 0x2166ac };
static const guint diverging_dark[] = { 0xe8760f, 0xf5b16d, 0x7a7a7a, 0x8ec2ea, 0x3d8fe0 };
static const guint sequential_light[]
    = { 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x0c2c84 };
static const guint sequential_dark[]
    = { 0x0c2c84, 0x225ea8, 0x1d91c0, 0x41b6c4, 0x7fcdbb, 0xc7e9b4 };

typedef struct
{
  gboolean    empty;
  gboolean    labels_above;
  double      title_y;
  double      legend_y;
  double      line_height;
  double      label_width;
  PlChartRect area;
  PlChartAxis axis;
  double      slot;
  double      thickness;
} Layout;

static double
count_at (const PlDistributionChart *chart,
          guint                      category,
          guint                      level)
{
  double count = chart->counts[(gsize) category * chart->n_levels + level];

  /* A count that is not a count counts for nothing. */
  return isfinite (count) && count > 0. ? MIN (count, 1e300) : 0.;
}

static double
category_total (const PlDistributionChart *chart,
                guint                      category)
{
  double total = 0.;

  for (guint level = 0; level < chart->n_levels; level++)
    total += count_at (chart, category, level);

  return isfinite (total) ? total : 0.;
}

static gboolean
is_valid (const PlDistributionChart *chart)
{
  return chart->n_levels > 0 && chart->n_categories > 0 && chart->counts != NULL;
}

static gboolean
has_data (const PlDistributionChart *chart)
{
  if (!is_valid (chart))
    return FALSE;

  for (guint i = 0; i < chart->n_categories; i++)
    if (category_total (chart, i) > 0.)
      return TRUE;

  return FALSE;
}

static const char *
level_name (const PlDistributionChart *chart,
            guint                      level)
{
  return chart->levels != NULL && chart->levels[level] != NULL ? chart->levels[level] : "";
}

static const char *
category_name (const PlDistributionChart *chart,
               guint                      category)
{
  return chart->categories != NULL && chart->categories[category] != NULL
           ? chart->categories[category]
           : "";
}

static char *
format_n (double n)
{
  g_autofree char *count = pl_chart_format_count (n);

  return g_strdup_printf (_("n=%s"), count);
}

/* "n=412", or that there is nothing to share out. */
static char *
category_n (const PlDistributionChart *chart,
            guint                      category)
{
  double total = category_total (chart, category);

  return total > 0. ? format_n (total) : g_strdup (_("no responses"));
}

static PlColor
level_color (const PlDistributionChart *chart,
             const PlChartPalette      *palette,
             guint                      level)
{
  const guint *stops;
  guint n_stops;
  double t, position;
  guint i;
  PlColor a, b;

  if (chart->scale == PL_DISTRIBUTION_SEQUENTIAL)
    {
      stops = palette->dark ? sequential_dark : sequential_light;
      n_stops = G_N_ELEMENTS (sequential_light);
    }
  else
    {
      stops = palette->dark ? diverging_dark : diverging_light;
      n_stops = G_N_ELEMENTS (diverging_light);
    }

  t = chart->n_levels > 1 ? (double) level / (chart->n_levels - 1) : .5;
  position = t * (n_stops - 1);
  i = (guint) MIN (n_stops - 2., floor (position));
  a = pl_chart_color_from_hex (stops[i]);
  b = pl_chart_color_from_hex (stops[i + 1]);

  return pl_chart_mix (&a, &b, position - i);
}

/* Geometry */

static double
header_height (const PlDistributionChart *chart,
               const PlChartPalette      *palette,
               cairo_t                   *cr,
               double                     width,
               Layout                    *layout)
{
  g_autofree PlChartLegendItem *items = NULL;
  PlChartPalette light;
  double top = PL_CHART_PAD;
  double legend_height = 0.;

  layout->title_y = top;
  if (chart->title != NULL && chart->title[0] != '\0')
    top += pl_chart_title_height (cr, chart->title) + 6.;

  layout->legend_y = top;
  if (has_data (chart))
    {
      if (palette == NULL)
        pl_chart_palette_init_light (&light);
      items = g_new0 (PlChartLegendItem, chart->n_levels);
      for (guint i = 0; i < chart->n_levels; i++)
        {
          items[i].swatch = PL_CHART_SWATCH_BOX;
          items[i].color = level_color (chart, palette != NULL ? palette : &light, i);
          items[i].label = level_name (chart, i);
        }
      legend_height = pl_chart_legend (items, chart->n_levels, palette, cr, PL_CHART_PAD, top,
                                       width - 2. * PL_CHART_PAD);
    }
  if (legend_height > 0.)
    top += legend_height + LEGEND_BOTTOM;
  else
    top += layout->line_height / 2.;

  return top;
}

static void
compute_layout (const PlDistributionChart *chart,
                cairo_t                   *cr,
                double                     width,
                double                     height,
                Layout                    *layout)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  double natural = 0.;
  double top;

  memset (layout, 0, sizeof *layout);
  layout->line_height = pl_chart_line_height (text);
  top = header_height (chart, NULL, cr, width, layout);

  if (!has_data (chart))
    {
      layout->empty = TRUE;
      layout->area = (PlChartRect) { PL_CHART_PAD, top, MAX (0., width - 2. * PL_CHART_PAD),
                                     MAX (0., height - PL_CHART_PAD - top) };
      return;
    }

  for (guint i = 0; i < chart->n_categories; i++)
    {
      g_autofree char *n = category_n (chart, i);
      g_autofree char *label = g_strdup_printf ("%s · %s", category_name (chart, i), n);

      natural = MAX (natural, pl_chart_text_set (text, label, 0.));
    }
  layout->labels_above = natural > LABELS_LEFT_SHARE * (width - 2. * PL_CHART_PAD);
  layout->label_width = layout->labels_above ? 0. : ceil (natural);

  layout->area.y = top;
  layout->area.height = MAX (0., height - PL_CHART_PAD - layout->line_height - X_LABEL_GAP - top);
  layout->area.x = layout->labels_above ? PL_CHART_PAD + 2.
                                        : PL_CHART_PAD + layout->label_width + PL_CHART_LABEL_GAP;
  layout->area.width = MAX (0., width - RIGHT_MARGIN - layout->area.x);
  pl_chart_axis_fit (&layout->axis, text, 0., 100., layout->area.width, TRUE, 0, "%");

  layout->slot = layout->area.height / chart->n_categories;
  if (layout->labels_above)
    layout->thickness = CLAMP (layout->slot - layout->line_height - 8., 2., MAX_BAR_HEIGHT - 4.);
  else
    layout->thickness = MIN (MAX_BAR_HEIGHT, layout->slot * .68);
}

static double
bar_centre (const Layout *layout,
            guint         category)
{
  if (layout->labels_above)
    return layout->area.y + layout->slot * category + layout->line_height + 4.
           + layout->thickness / 2.;

  return layout->area.y + layout->slot * (category + .5);
}

/* Where each level of a category starts and ends, in pixels. */
static void
segment_span (const PlDistributionChart *chart,
              const Layout              *layout,
              guint                      category,
              guint                      level,
              double                    *x0,
              double                    *x1)
{
  double total = category_total (chart, category);
  double before = 0.;

  for (guint i = 0; i < level; i++)
    before += count_at (chart, category, i);

  *x0 = layout->area.x + layout->area.width * before / total;
  *x1 = layout->area.x + layout->area.width * (before + count_at (chart, category, level)) / total;
}

static void
segment_rect (const PlDistributionChart *chart,
              const Layout              *layout,
              guint                      category,
              guint                      level,
              PlChartRect               *rect)
{
  double x0, x1;
  double centre = bar_centre (layout, category);

  segment_span (chart, layout, category, level, &x0, &x1);
  *rect = (PlChartRect) { x0, centre - layout->thickness / 2., x1 - x0, layout->thickness };
}

/* Puts the name of @category in @text and " · n=412" in @count, and
 * returns the name's width; @box is where the two go. */
static double
category_label (const PlDistributionChart *chart,
                const Layout              *layout,
                guint                      category,
                PangoLayout               *text,
                PangoLayout               *count,
                double                     width,
                PlChartRect               *box)
{
  g_autofree char *n = category_n (chart, category);
  g_autofree char *suffix = g_strdup_printf (" · %s", n);
  double h = layout->line_height;
  double x = layout->labels_above ? layout->area.x : PL_CHART_PAD;
  double room = layout->labels_above ? width - x - PL_CHART_PAD : layout->label_width;
  double nw = pl_chart_text_set (count, suffix, 0.);
  double lw = pl_chart_text_set (text, category_name (chart, category), MAX (h, room - nw));

  box->x = x;
  box->y = layout->labels_above ? layout->area.y + layout->slot * category + 2.
                                : bar_centre (layout, category) - h / 2.;
  box->width = lw + nw;
  box->height = h;

  return lw;
}

/* Grid lines behind labels that have a line of their own stop short of them. */
static void
clip_out_labels (const PlDistributionChart *chart,
                 cairo_t                   *cr,
                 const Layout              *layout,
                 double                     width,
                 double                     height)
{
  g_autoptr(PangoLayout) text = NULL;
  g_autoptr(PangoLayout) count = NULL;
  g_autofree PlChartRect *holes = NULL;
  PlChartRect outer = { 0., 0., width, height };

  if (!layout->labels_above)
    return;

  text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  count = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  holes = g_new (PlChartRect, chart->n_categories);
  for (guint i = 0; i < chart->n_categories; i++)
    {
      category_label (chart, layout, i, text, count, width, &holes[i]);
      holes[i].x -= 2.;
      holes[i].width += 6.;
    }
  pl_chart_clip_out (cr, &outer, holes, chart->n_categories);
}

/* Drawing */

static void
draw_axis (const PlChartPalette *palette,
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
      double x = floor (area->x + area->width * pl_chart_axis_fraction (&layout->axis, value)) + .5;
      g_autofree char *label = pl_chart_format_number (value, 0, "%");
      double w = pl_chart_text_set (text, label, 0.);
      double lx = CLAMP (x - w / 2., 0., MAX (0., width - w));

      pl_chart_set_color (cr, &palette->grid, i == 0 || i == n - 1 ? 2. : 1.);
      cairo_set_line_width (cr, 1.);
      cairo_move_to (cr, x, area->y);
      cairo_line_to (cr, x, area->y + area->height);
      cairo_stroke (cr);

      if (lx < previous_right + 4.)
        continue;
      previous_right = lx + w;
      pl_chart_set_color (cr, &palette->foreground, .7);
      cairo_move_to (cr, lx, area->y + area->height + X_LABEL_GAP);
      pango_cairo_show_layout (cr, text);
    }
}

static void
draw_rows (const PlDistributionChart *chart,
           const PlChartPalette      *palette,
           cairo_t                   *cr,
           const Layout              *layout,
           double                     width)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  g_autoptr(PangoLayout) count = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  g_autoptr(PangoLayout) share = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_BOLD);
  g_autofree int *percents = g_new0 (int, chart->n_levels);
  PlColor surface = pl_chart_surface_color (palette);
  const PlChartRect *area = &layout->area;
  double h = layout->line_height;

  for (guint c = 0; c < chart->n_categories; c++)
    {
      double total = category_total (chart, c);
      double centre = bar_centre (layout, c);
      PlChartRect box;
      double lw = category_label (chart, layout, c, text, count, width, &box);

      pl_chart_set_color (cr, &palette->foreground, .85);
      cairo_move_to (cr, box.x, box.y);
      pango_cairo_show_layout (cr, text);
      pl_chart_set_color (cr, &palette->foreground, .6);
      cairo_move_to (cr, box.x + lw, box.y);
      pango_cairo_show_layout (cr, count);

      if (!(total > 0.))
        {
          /* An outline where the bar would be: nothing to share out. */
          double dashes[] = { 3., 3. };

          cairo_save (cr);
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
          cairo_set_line_width (cr, 1.);
          pl_chart_set_color (cr, &palette->foreground, .35);
          cairo_rectangle (cr, round (area->x) + .5, round (centre - layout->thickness / 2.) + .5,
                           round (area->width) - 1., round (layout->thickness) - 1.);
          cairo_stroke (cr);
          cairo_restore (cr);
          continue;
        }

      pl_chart_round_shares (chart->counts + (gsize) c * chart->n_levels, chart->n_levels,
                             percents);
      for (guint level = 0; level < chart->n_levels; level++)
        {
          PlColor color = level_color (chart, palette, level);
          PlChartRect rect;
          g_autofree char *label = NULL;
          double w;

          if (count_at (chart, c, level) <= 0.)
            continue;

          segment_rect (chart, layout, c, level, &rect);
          rect.y = round (rect.y);
          rect.height = round (rect.height);
          cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
          pl_chart_set_color (cr, &color, 1.);
          cairo_fill (cr);

          /* A thin gap between neighbours, so the levels part without colour. */
          if (level > 0 && rect.x > area->x + .5)
            {
              cairo_rectangle (cr, rect.x - .5, rect.y, 1., rect.height);
              pl_chart_set_color (cr, &surface, 1.);
              cairo_fill (cr);
            }

          label = g_strdup_printf ("%d%%", percents[level]);
          w = pl_chart_text_set (share, label, 0.);
          if (w + SEGMENT_PAD <= rect.width && h <= rect.height + 2.)
            {
              PlColor ink = pl_chart_text_color_on (&color);

              pl_chart_set_color (cr, &ink, 1.);
              cairo_move_to (cr, rect.x + (rect.width - w) / 2., rect.y + (rect.height - h) / 2.);
              pango_cairo_show_layout (cr, share);
            }
        }
    }
}

static char *
readout_markup (const PlDistributionChart *chart,
                int                        index)
{
  g_autofree char *share = NULL;
  g_autofree char *count = NULL;
  g_autofree char *total = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *level_share = NULL;
  guint category, level;
  double t;

  if (!is_valid (chart) || index < 0 || (guint) index >= chart->n_categories * chart->n_levels)
    return NULL;

  category = index / chart->n_levels;
  level = index % chart->n_levels;
  t = category_total (chart, category);
  if (!(t > 0.))
    return NULL;

  share = pl_chart_format_number (100. * count_at (chart, category, level) / t, 1, "%");
  count = pl_chart_format_count (count_at (chart, category, level));
  total = pl_chart_format_count (t);
  /* Translators: "144 of 412" responses at a level. */
  detail = g_strdup_printf (_("%s of %s"), count, total);

  /* Translators: a level and its share in a read-out: "4: 34.1%". */
  level_share = g_strdup_printf (_("%s: %s"), level_name (chart, level), share);

  return g_markup_printf_escaped ("<span alpha=\"70%%\">%s</span>\n<b>%s</b>  "
                                  "<span alpha=\"70%%\">%s</span>",
                                  category_name (chart, category), level_share, detail);
}

static void
draw_highlight (const PlDistributionChart *chart,
                const PlChartPalette      *palette,
                cairo_t                   *cr,
                const Layout              *layout,
                double                     width,
                double                     height)
{
  PlChartRect bounds = { 0., 0., width, height };
  PlChartRect rect;
  g_autofree char *markup = readout_markup (chart, chart->highlight);

  if (markup == NULL)
    return;

  segment_rect (chart, layout, chart->highlight / chart->n_levels,
                chart->highlight % chart->n_levels, &rect);
  cairo_rectangle (cr, round (rect.x) + 1., round (rect.y) + 1., MAX (0., round (rect.width) - 2.),
                   round (rect.height) - 2.);
  pl_chart_set_color (cr, &palette->foreground, 1.);
  cairo_set_line_width (cr, 2.);
  cairo_stroke (cr);

  pl_chart_draw_readout (palette, cr, &bounds, &rect, markup);
}

/* Public API */

void
pl_distribution_chart_init (PlDistributionChart *chart)
{
  g_return_if_fail (chart != NULL);

  memset (chart, 0, sizeof *chart);
  chart->scale = PL_DISTRIBUTION_DIVERGING;
  chart->highlight = -1;
}

void
pl_distribution_chart_render (const PlDistributionChart *chart,
                              const PlChartPalette      *palette,
                              cairo_t                   *cr,
                              double                     width,
                              double                     height)
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
      pl_chart_draw_message (palette, cr, &layout.area, _("No responses yet"));
      cairo_restore (cr);
      return;
    }

  header_height (chart, palette, cr, width, &layout);
  if (layout.area.width > 0. && layout.area.height > 0.)
    {
      cairo_save (cr);
      clip_out_labels (chart, cr, &layout, width, height);
      draw_axis (palette, cr, &layout, width);
      cairo_restore (cr);
      draw_rows (chart, palette, cr, &layout, width);
      draw_highlight (chart, palette, cr, &layout, width, height);
    }

  cairo_restore (cr);
}

double
pl_distribution_chart_get_preferred_height (const PlDistributionChart *chart,
                                            cairo_t                   *cr,
                                            double                     width)
{
  Layout layout;

  g_return_val_if_fail (chart != NULL, 0.);
  g_return_val_if_fail (cr != NULL, 0.);

  compute_layout (chart, cr, width, 400., &layout);
  if (layout.empty)
    return 200.;

  return ceil (layout.area.y
               + chart->n_categories * (layout.labels_above ? layout.line_height + 24. : ROW_HEIGHT)
               + X_LABEL_GAP + layout.line_height + PL_CHART_PAD);
}

gboolean
pl_distribution_chart_get_shares (const PlDistributionChart *chart,
                                  guint                      category,
                                  double                    *shares,
                                  double                    *total)
{
  double sum;

  g_return_val_if_fail (chart != NULL, FALSE);

  if (total != NULL)
    *total = 0.;
  if (!is_valid (chart) || category >= chart->n_categories)
    return FALSE;

  sum = category_total (chart, category);
  if (total != NULL)
    *total = sum;
  if (shares != NULL)
    for (guint level = 0; level < chart->n_levels; level++)
      shares[level] = sum > 0. ? 100. * count_at (chart, category, level) / sum : 0.;

  return sum > 0.;
}

gboolean
pl_distribution_chart_get_rounded_shares (const PlDistributionChart *chart,
                                          guint                      category,
                                          int                       *percents)
{
  g_autofree double *counts = NULL;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (percents != NULL, FALSE);

  if (!is_valid (chart) || category >= chart->n_categories)
    return FALSE;

  counts = g_new (double, chart->n_levels);
  for (guint level = 0; level < chart->n_levels; level++)
    counts[level] = count_at (chart, category, level);

  return pl_chart_round_shares (counts, chart->n_levels, percents);
}

PlColor
pl_distribution_chart_get_level_color (const PlDistributionChart *chart,
                                       const PlChartPalette      *palette,
                                       guint                      level)
{
  PlColor none = { 0., 0., 0., 0. };

  g_return_val_if_fail (chart != NULL, none);
  g_return_val_if_fail (palette != NULL, none);
  g_return_val_if_fail (level < chart->n_levels, none);

  return level_color (chart, palette, level);
}

gboolean
pl_distribution_chart_get_segment_rect (const PlDistributionChart *chart,
                                        cairo_t                   *cr,
                                        double                     width,
                                        double                     height,
                                        guint                      category,
                                        guint                      level,
                                        PlChartRect               *rect)
{
  Layout layout;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (!is_valid (chart) || category >= chart->n_categories || level >= chart->n_levels
      || !(category_total (chart, category) > 0.))
    return FALSE;

  compute_layout (chart, cr, width, height, &layout);
  segment_rect (chart, &layout, category, level, rect);

  return TRUE;
}

int
pl_distribution_chart_hit_test (const PlDistributionChart *chart,
                                cairo_t                   *cr,
                                double                     width,
                                double                     height,
                                double                     px,
                                double                     py)
{
  Layout layout;
  double position;
  guint category;

  g_return_val_if_fail (chart != NULL, -1);
  g_return_val_if_fail (cr != NULL, -1);

  compute_layout (chart, cr, width, height, &layout);
  if (layout.empty || layout.slot <= 0. || py < layout.area.y
      || py >= layout.area.y + layout.area.height || px < layout.area.x
      || px >= layout.area.x + layout.area.width)
    return -1;

  position = floor ((py - layout.area.y) / layout.slot);
  category = (guint) CLAMP (position, 0., chart->n_categories - 1.);
  if (!(category_total (chart, category) > 0.))
    return -1;

  for (guint level = 0; level < chart->n_levels; level++)
    {
      double x0, x1;

      segment_span (chart, &layout, category, level, &x0, &x1);
      if (px >= x0 && px < x1)
        return (int) (category * chart->n_levels + level);
    }

  return -1;
}

char *
pl_distribution_chart_dup_readout (const PlDistributionChart *chart,
                                   int                        index)
{
  g_autofree char *markup = NULL;

  g_return_val_if_fail (chart != NULL, NULL);

  markup = readout_markup (chart, index);
  return pl_chart_markup_to_text (markup);
}

char *
pl_distribution_chart_describe (const PlDistributionChart *chart)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree int *percents = NULL;
  const char *label;

  g_return_val_if_fail (chart != NULL, NULL);

  label = chart->title != NULL && chart->title[0] != '\0' ? chart->title : _("Distribution");
  if (!has_data (chart))
    {
      g_string_append_printf (text, _("%s: no responses yet."), label);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  percents = g_new0 (int, chart->n_levels);
  g_string_append_printf (text, "%s: ", label);
  for (guint c = 0; c < chart->n_categories; c++)
    {
      g_autofree char *n = format_n (category_total (chart, c));

      if (c > 0)
        g_string_append (text, "; ");
      if (!pl_distribution_chart_get_rounded_shares (chart, c, percents))
        {
          /* Translators: a category without responses: "June: no responses". */
          g_string_append_printf (text, _("%s: no responses"), category_name (chart, c));
          continue;
        }

      /* Translators: "April (n=412): " before the shares of each level. */
      g_string_append_printf (text, _("%s (%s): "), category_name (chart, c), n);
      for (guint level = 0; level < chart->n_levels; level++)
        {
          g_autofree char *share = g_strdup_printf ("%d%%", percents[level]);

          if (level > 0)
            g_string_append (text, ", ");
          /* Translators: a level and its share: "Promoters 48%". */
          g_string_append_printf (text, _("%s %s"), level_name (chart, level), share);
        }
    }
  g_string_append (text, ".");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
render_still (gconstpointer         data,
              const PlChartPalette *palette,
              cairo_t              *cr,
              double                width,
              double                height)
{
  PlDistributionChart still = *(const PlDistributionChart *) data;

  still.highlight = -1;
  pl_distribution_chart_render (&still, palette, cr, width, height);
}

gboolean
pl_distribution_chart_save (const PlDistributionChart *chart,
                            const PlChartPalette      *palette,
                            const char                *path,
                            double                     width,
                            double                     height,
                            GError                   **error)
{
  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return pl_chart_save_to_file (render_still, chart, chart->title, palette, path, width, height,
                                error);
}
