/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "pl-chart-common.h"
#include "pl-heatmap-chart.h"

#define LEGEND_BOTTOM     12.
#define RIGHT_MARGIN      10.
#define X_LABEL_GAP       6.
#define ROW_HEIGHT        28.
#define MAX_CELL_WIDTH    160.
#define MAX_CELL_HEIGHT   40.
#define CELL_GAP          2.
#define LABELS_LEFT_SHARE .35
#define MAX_LABELS        120.
#define RAMP_STEPS        8

/* From pale to deep on a light page (ColorBrewer YlGnBu, which readers
 * with red-green colour blindness see in the same order), and from deep
 * to pale in the dark, so that more always stands out more. The palest
 * step still shows against the page, unlike a cell with no data. */
static const guint scale_light[] = { 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x0c2c84 };
static const guint scale_dark[] = { 0x0c2c84, 0x225ea8, 0x1d91c0, 0x41b6c4, 0x7fcdbb, 0xc7e9b4 };

typedef struct
{
  gboolean          empty;
  double            title_y;
  double            legend_y;
  double            line_height;
  double            label_width;
  PlChartRect       area;
  PlChartLabelPlan  plan;
  double            cell_width;
  double            cell_height;
  guint             row_stride;
  const char       *cell_unit;  /* "%" in every cell, or in none */
} Layout;

static int
chart_decimals (const PlHeatmapChart *chart)
{
  return CLAMP (chart->decimals, 0, 6);
}

static gboolean
is_valid (const PlHeatmapChart *chart)
{
  return chart->n_rows > 0 && chart->n_columns > 0 && chart->values != NULL;
}

static gsize
cell_index (const PlHeatmapChart *chart,
            guint                 row,
            guint                 column)
{
  return (gsize) row * chart->n_columns + column;
}

static gboolean
cell_has_data (const PlHeatmapChart *chart,
               guint                 row,
               guint                 column)
{
  gsize i = cell_index (chart, row, column);

  return isfinite (chart->values[i]) && (chart->counts == NULL || chart->counts[i] > 0);
}

static gboolean
has_data (const PlHeatmapChart *chart)
{
  if (!is_valid (chart))
    return FALSE;

  for (guint r = 0; r < chart->n_rows; r++)
    for (guint c = 0; c < chart->n_columns; c++)
      if (cell_has_data (chart, r, c))
        return TRUE;

  return FALSE;
}

static const char *
row_name (const PlHeatmapChart *chart,
          guint                 row)
{
  return chart->rows != NULL && chart->rows[row] != NULL ? chart->rows[row] : "";
}

static const char *
column_name (const PlHeatmapChart *chart,
             guint                 column)
{
  return chart->columns != NULL && chart->columns[column] != NULL ? chart->columns[column] : "";
}

static PlColor
scale_color (const PlChartPalette *palette,
             double                value)
{
  const guint *stops = palette->dark ? scale_dark : scale_light;
  guint n_stops = G_N_ELEMENTS (scale_light);
  double position = CLAMP (isfinite (value) ? value : 0., 0., 100.) / 100. * (n_stops - 1);
  guint i = (guint) MIN (n_stops - 2., floor (position));
  PlColor a = pl_chart_color_from_hex (stops[i]);
  PlColor b = pl_chart_color_from_hex (stops[i + 1]);

  return pl_chart_mix (&a, &b, position - i);
}

static char *
format_n (guint n)
{
  g_autofree char *count = pl_chart_format_count (n);

  return g_strdup_printf (_("n=%s"), count);
}

/* Geometry */

static double
legend (const PlHeatmapChart *chart,
        const PlChartPalette *palette,
        cairo_t              *cr,
        double                y,
        double                width)
{
  PlChartPalette light;
  PlColor ramp[RAMP_STEPS];
  PlChartLegendItem items[2] = { { 0, }, };
  g_autofree char *low = NULL;

  if (palette == NULL)
    pl_chart_palette_init_light (&light);
  for (guint i = 0; i < RAMP_STEPS; i++)
    ramp[i] = scale_color (palette != NULL ? palette : &light, 100. * (i + .5) / RAMP_STEPS);

  /* Translators: before the colour scale in a heatmap's legend: "Pass rate 0%". */
  low = chart->value_label != NULL && chart->value_label[0] != '\0'
          ? g_strdup_printf (_("%s 0%%"), chart->value_label)
          : g_strdup ("0%");
  items[0].swatch = PL_CHART_SWATCH_RAMP;
  items[0].ramp = ramp;
  items[0].n_ramp = RAMP_STEPS;
  items[0].before = low;
  items[0].label = "100%";
  items[1].swatch = PL_CHART_SWATCH_NO_DATA;
  items[1].label = _("No data");

  return pl_chart_legend (items, 2, palette, cr, PL_CHART_PAD, y, width - 2. * PL_CHART_PAD);
}

static void
compute_layout (const PlHeatmapChart *chart,
                cairo_t              *cr,
                double                width,
                double                height,
                Layout               *layout)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  double top = PL_CHART_PAD;
  double natural = 0.;
  double avail;

  memset (layout, 0, sizeof *layout);
  layout->line_height = pl_chart_line_height (text);
  layout->row_stride = 1;

  layout->title_y = top;
  if (chart->title != NULL && chart->title[0] != '\0')
    top += pl_chart_title_height (cr, chart->title) + 6.;
  layout->legend_y = top;

  if (!has_data (chart))
    {
      layout->empty = TRUE;
      top += layout->line_height / 2.;
      layout->area = (PlChartRect) { PL_CHART_PAD, top, MAX (0., width - 2. * PL_CHART_PAD),
                                     MAX (0., height - PL_CHART_PAD - top) };
      return;
    }
  top += legend (chart, NULL, cr, top, width) + LEGEND_BOTTOM;

  for (guint r = 0; r < chart->n_rows; r++)
    natural = MAX (natural, pl_chart_text_set (text, row_name (chart, r), 0.));
  layout->label_width = ceil (MIN (natural, LABELS_LEFT_SHARE * (width - 2. * PL_CHART_PAD)));

  layout->area.x = PL_CHART_PAD + layout->label_width + PL_CHART_LABEL_GAP;
  avail = MAX (0., width - RIGHT_MARGIN - layout->area.x);
  layout->cell_width = MIN (MAX_CELL_WIDTH, avail / chart->n_columns);
  layout->area.width = layout->cell_width * chart->n_columns;

  pl_chart_plan_labels (&layout->plan, text, chart->columns,
                        chart->columns != NULL ? chart->n_columns : 0, layout->cell_width,
                        MIN (MAX_LABELS, height * .35), TRUE);

  /* The unit in the cells if it fits in all of them: "100%" is the widest. */
  {
    g_autofree char *widest = pl_chart_format_number (100., chart_decimals (chart), "%");

    layout->cell_unit
        = pl_chart_text_set (text, widest, 0.) + 4. <= layout->cell_width - CELL_GAP ? "%" : "";
  }

  layout->area.y = top;
  avail = MAX (0., height - PL_CHART_PAD - X_LABEL_GAP - layout->plan.extent - top);
  layout->cell_height = MIN (MAX_CELL_HEIGHT, avail / chart->n_rows);
  layout->area.height = layout->cell_height * chart->n_rows;
  if (layout->cell_height < layout->line_height)
    layout->row_stride = (guint) ceil (layout->line_height / MAX (layout->cell_height, .01));
}

static void
cell_rect (const Layout *layout,
           guint         row,
           guint         column,
           PlChartRect  *rect)
{
  double x0 = round (layout->area.x + layout->cell_width * column);
  double x1 = round (layout->area.x + layout->cell_width * (column + 1));
  double y0 = round (layout->area.y + layout->cell_height * row);
  double y1 = round (layout->area.y + layout->cell_height * (row + 1));
  double gap = MIN (CELL_GAP, MIN (x1 - x0, y1 - y0) / 4.);

  *rect = (PlChartRect) { x0, y0, MAX (0., x1 - x0 - gap), MAX (0., y1 - y0 - gap) };
}

/* Drawing */

static void
draw_labels (const PlHeatmapChart *chart,
             const PlChartPalette *palette,
             cairo_t              *cr,
             const Layout         *layout)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  double h = layout->line_height;
  double top = layout->area.y + layout->area.height + X_LABEL_GAP - CELL_GAP;

  pl_chart_set_color (cr, &palette->foreground, .85);
  for (guint r = 0; r < chart->n_rows; r += layout->row_stride)
    {
      double y = layout->area.y + layout->cell_height * (r + .5) - CELL_GAP / 2. - h / 2.;

      pl_chart_text_set (text, row_name (chart, r), layout->label_width);
      cairo_move_to (cr, PL_CHART_PAD, y);
      pango_cairo_show_layout (cr, text);
    }

  if (chart->columns == NULL)
    return;
  for (guint c = 0; c < chart->n_columns; c += layout->plan.stride)
    pl_chart_draw_label (cr, text, &layout->plan, column_name (chart, c),
                         layout->area.x + layout->cell_width * (c + .5) - CELL_GAP / 2., top,
                         PL_CHART_PAD);
}

static void
draw_cells (const PlHeatmapChart *chart,
            const PlChartPalette *palette,
            cairo_t              *cr,
            const Layout         *layout)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  double h = layout->line_height;

  for (guint r = 0; r < chart->n_rows; r++)
    for (guint c = 0; c < chart->n_columns; c++)
      {
        double value = chart->values[cell_index (chart, r, c)];
        PlChartRect rect;

        cell_rect (layout, r, c, &rect);
        if (!cell_has_data (chart, r, c))
          {
            /* Stripes and an outline: nothing there, which no colour of the scale means. */
            PlChartRect inner = { rect.x + .5, rect.y + .5, MAX (0., rect.width - 1.),
                                  MAX (0., rect.height - 1.) };

            pl_chart_hatch (cr, &inner, &palette->foreground, .25, 4.);
            cairo_rectangle (cr, inner.x, inner.y, inner.width, inner.height);
            pl_chart_set_color (cr, &palette->foreground, .3);
            cairo_set_line_width (cr, 1.);
            cairo_stroke (cr);
            continue;
          }

        {
          PlColor fill = scale_color (palette, value);
          g_autofree char *label
              = pl_chart_format_number (value, chart_decimals (chart), layout->cell_unit);
          double w;

          cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
          pl_chart_set_color (cr, &fill, 1.);
          cairo_fill (cr);

          w = pl_chart_text_set (text, label, 0.);
          if (w + 4. <= rect.width && h <= rect.height + 1.)
            {
              PlColor ink = pl_chart_text_color_on (&fill);

              pl_chart_set_color (cr, &ink, 1.);
              cairo_move_to (cr, rect.x + (rect.width - w) / 2., rect.y + (rect.height - h) / 2.);
              pango_cairo_show_layout (cr, text);
            }
        }
      }

  if (chart->highlight >= 0 && (gsize) chart->highlight < (gsize) chart->n_rows * chart->n_columns)
    {
      PlChartRect rect;

      cell_rect (layout, chart->highlight / chart->n_columns, chart->highlight % chart->n_columns,
                 &rect);
      cairo_rectangle (cr, rect.x - .5, rect.y - .5, rect.width + 1., rect.height + 1.);
      pl_chart_set_color (cr, &palette->foreground, 1.);
      cairo_set_line_width (cr, 2.);
      cairo_stroke (cr);
    }
}

static char *
readout_markup (const PlHeatmapChart *chart,
                int                   index)
{
  g_autofree char *value = NULL;
  g_autofree char *n = NULL;
  guint row, column;

  if (!is_valid (chart) || index < 0 || (gsize) index >= (gsize) chart->n_rows * chart->n_columns)
    return NULL;

  row = index / chart->n_columns;
  column = index % chart->n_columns;
  if (cell_has_data (chart, row, column))
    value = pl_chart_format_number (chart->values[index], chart_decimals (chart), "%");
  else
    value = g_strdup (_("no data"));
  n = chart->counts != NULL ? format_n (chart->counts[index]) : g_strdup ("");

  return g_markup_printf_escaped ("<b>%s</b>\n<span alpha=\"70%%\">%s</span>\n<b>%s</b>  "
                                  "<span alpha=\"70%%\">%s</span>",
                                  row_name (chart, row), column_name (chart, column), value, n);
}

static void
draw_highlight (const PlHeatmapChart *chart,
                const PlChartPalette *palette,
                cairo_t              *cr,
                const Layout         *layout,
                double                width,
                double                height)
{
  PlChartRect bounds = { 0., 0., width, height };
  PlChartRect rect;
  g_autofree char *markup = readout_markup (chart, chart->highlight);

  if (markup == NULL)
    return;

  cell_rect (layout, chart->highlight / chart->n_columns, chart->highlight % chart->n_columns,
             &rect);
  pl_chart_draw_readout (palette, cr, &bounds, &rect, markup);
}

/* Public API */

void
pl_heatmap_chart_init (PlHeatmapChart *chart)
{
  g_return_if_fail (chart != NULL);

  memset (chart, 0, sizeof *chart);
  chart->decimals = 0;
  chart->highlight = -1;
}

void
pl_heatmap_chart_render (const PlHeatmapChart *chart,
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
      draw_labels (chart, palette, cr, &layout);
      draw_cells (chart, palette, cr, &layout);
      draw_highlight (chart, palette, cr, &layout, width, height);
    }

  cairo_restore (cr);
}

double
pl_heatmap_chart_get_preferred_height (const PlHeatmapChart *chart,
                                       cairo_t              *cr,
                                       double                width)
{
  Layout layout;

  g_return_val_if_fail (chart != NULL, 0.);
  g_return_val_if_fail (cr != NULL, 0.);

  compute_layout (chart, cr, width, 600., &layout);
  if (layout.empty)
    return 200.;

  return ceil (layout.area.y + chart->n_rows * ROW_HEIGHT + X_LABEL_GAP + layout.plan.extent
               + PL_CHART_PAD);
}

PlColor
pl_heatmap_chart_get_color (const PlChartPalette *palette,
                            double                value)
{
  PlColor none = { 0., 0., 0., 0. };

  g_return_val_if_fail (palette != NULL, none);

  return scale_color (palette, value);
}

gboolean
pl_heatmap_chart_get_cell_rect (const PlHeatmapChart *chart,
                                cairo_t              *cr,
                                double                width,
                                double                height,
                                guint                 row,
                                guint                 column,
                                PlChartRect          *rect)
{
  Layout layout;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (row >= chart->n_rows || column >= chart->n_columns)
    return FALSE;

  compute_layout (chart, cr, width, height, &layout);
  if (layout.empty)
    return FALSE;

  cell_rect (&layout, row, column, rect);
  return TRUE;
}

int
pl_heatmap_chart_hit_test (const PlHeatmapChart *chart,
                           cairo_t              *cr,
                           double                width,
                           double                height,
                           double                px,
                           double                py)
{
  Layout layout;
  double row, column;

  g_return_val_if_fail (chart != NULL, -1);
  g_return_val_if_fail (cr != NULL, -1);

  compute_layout (chart, cr, width, height, &layout);
  if (layout.empty || layout.cell_width <= 0. || layout.cell_height <= 0.)
    return -1;

  row = floor ((py - layout.area.y) / layout.cell_height);
  column = floor ((px - layout.area.x) / layout.cell_width);
  if (row < 0. || row >= chart->n_rows || column < 0. || column >= chart->n_columns)
    return -1;

  return (int) cell_index (chart, (guint) row, (guint) column);
}

char *
pl_heatmap_chart_dup_readout (const PlHeatmapChart *chart,
                              int                   index)
{
  g_autofree char *markup = NULL;

  g_return_val_if_fail (chart != NULL, NULL);

  markup = readout_markup (chart, index);
  return pl_chart_markup_to_text (markup);
}

char *
pl_heatmap_chart_describe (const PlHeatmapChart *chart)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *label;
  int decimals;
  gssize lowest = -1, highest = -1;
  guint with_data = 0;

  g_return_val_if_fail (chart != NULL, NULL);

  label = chart->title != NULL && chart->title[0] != '\0'               ? chart->title
          : chart->value_label != NULL && chart->value_label[0] != '\0' ? chart->value_label
                                                                        : _("Heatmap");
  if (!has_data (chart))
    {
      g_string_append_printf (text, _("%s: no data yet."), label);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  decimals = chart_decimals (chart);
  for (guint r = 0; r < chart->n_rows; r++)
    for (guint c = 0; c < chart->n_columns; c++)
      {
        gsize i = cell_index (chart, r, c);

        if (!cell_has_data (chart, r, c))
          continue;
        with_data++;
        if (lowest < 0 || chart->values[i] < chart->values[lowest])
          lowest = (gssize) i;
        if (highest < 0 || chart->values[i] > chart->values[highest])
          highest = (gssize) i;
      }

  {
    g_autofree char *low = pl_chart_format_number (chart->values[lowest], decimals, "%");
    g_autofree char *high = pl_chart_format_number (chart->values[highest], decimals, "%");

    /* Translators: "Pass rate by colleague and criterion: 94 of 96 cells have data; lowest
     * Dev Patel, Empathy 42%; highest …" */
    g_string_append_printf (
        text, _("%s: %u of %u cells have data; lowest %s, %s %s; highest %s, %s %s."), label,
        with_data, chart->n_rows * chart->n_columns, row_name (chart, lowest / chart->n_columns),
        column_name (chart, lowest % chart->n_columns), low,
        row_name (chart, highest / chart->n_columns),
        column_name (chart, highest % chart->n_columns), high);
  }

  for (guint r = 0; r < chart->n_rows; r++)
    {
      g_string_append_printf (text, " %s: ", row_name (chart, r));
      for (guint c = 0; c < chart->n_columns; c++)
        {
          gsize i = cell_index (chart, r, c);

          if (c > 0)
            g_string_append (text, ", ");
          if (!cell_has_data (chart, r, c))
            {
              /* Translators: a cell without data: "Empathy no data". */
              g_string_append_printf (text, _("%s no data"), column_name (chart, c));
            }
          else if (chart->counts != NULL)
            {
              g_autofree char *value = pl_chart_format_number (chart->values[i], decimals, "%");
              g_autofree char *n = format_n (chart->counts[i]);

              /* Translators: a cell: "Greeting 82% (n=34)". */
              g_string_append_printf (text, _("%s %s (%s)"), column_name (chart, c), value, n);
            }
          else
            {
              g_autofree char *value = pl_chart_format_number (chart->values[i], decimals, "%");

              /* Translators: a cell: "Greeting 82%". */
              g_string_append_printf (text, _("%s %s"), column_name (chart, c), value);
            }
        }
      g_string_append_c (text, '.');
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
  PlHeatmapChart still = *(const PlHeatmapChart *) data;

  still.highlight = -1;
  pl_heatmap_chart_render (&still, palette, cr, width, height);
}

gboolean
pl_heatmap_chart_save (const PlHeatmapChart *chart,
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
