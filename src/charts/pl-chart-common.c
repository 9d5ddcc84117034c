/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "pl-chart-common.h"

#define FONT_FAMILY     "Cantarell, Sans"
#define SWATCH_WIDTH    16.
#define RAMP_WIDTH      64.
#define SWATCH_GAP      6.
#define LEGEND_ITEM_GAP 16.
#define LEGEND_ROW_GAP  4.
#define LABEL_SPACING   2.
#define COS45           0.70710678118654752
#define MAX_LABEL_LINES 3

/* Status */

PlChartStatus
pl_chart_status_for_value (double   value,
                           gboolean has_target,
                           double   target,
                           gboolean has_red_threshold,
                           double   red_threshold,
                           gboolean higher_is_better)
{
  if (!has_target || !isfinite (value) || !isfinite (target))
    return PL_CHART_STATUS_NONE;

  if (higher_is_better)
    {
      if (value >= target)
        return PL_CHART_STATUS_ON_TARGET;
      if (has_red_threshold && value >= red_threshold)
        return PL_CHART_STATUS_AT_RISK;
    }
  else
    {
      if (value <= target)
        return PL_CHART_STATUS_ON_TARGET;
      if (has_red_threshold && value <= red_threshold)
        return PL_CHART_STATUS_AT_RISK;
    }

  return PL_CHART_STATUS_OFF_TARGET;
}

const PlColor *
pl_chart_status_color (const PlChartPalette *palette,
                       PlChartStatus         status)
{
  switch (status)
    {
    case PL_CHART_STATUS_ON_TARGET:
      return &palette->success;
    case PL_CHART_STATUS_AT_RISK:
      return &palette->warning;
    case PL_CHART_STATUS_OFF_TARGET:
      return &palette->error;
    case PL_CHART_STATUS_NONE:
    default:
      return &palette->accent;
    }
}

const char *
pl_chart_status_text (PlChartStatus status)
{
  switch (status)
    {
    case PL_CHART_STATUS_ON_TARGET:
      return _("on target");
    case PL_CHART_STATUS_AT_RISK:
      return _("at risk");
    case PL_CHART_STATUS_OFF_TARGET:
      return _("off target");
    case PL_CHART_STATUS_NONE:
    default:
      return "";
    }
}

void
pl_chart_draw_status_mark (cairo_t       *cr,
                           PlChartStatus  status,
                           const PlColor *color,
                           double         cx,
                           double         cy,
                           double         size)
{
  double r = size / 2.;

  cairo_save (cr);
  cairo_new_path (cr);
  pl_chart_set_color (cr, color, 1.);
  cairo_set_line_width (cr, MAX (1.5, size / 5.));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  switch (status)
    {
    case PL_CHART_STATUS_ON_TARGET:
      cairo_move_to (cr, cx - r, cy);
      cairo_line_to (cr, cx - r / 3., cy + r * .7);
      cairo_line_to (cr, cx + r, cy - r * .7);
      cairo_stroke (cr);
      break;

    case PL_CHART_STATUS_AT_RISK:
      cairo_move_to (cr, cx, cy - r);
      cairo_line_to (cr, cx + r * 1.1, cy + r * .85);
      cairo_line_to (cr, cx - r * 1.1, cy + r * .85);
      cairo_close_path (cr);
      cairo_fill (cr);
      break;

    case PL_CHART_STATUS_OFF_TARGET:
      cairo_move_to (cr, cx - r * .8, cy - r * .8);
      cairo_line_to (cr, cx + r * .8, cy + r * .8);
      cairo_move_to (cr, cx + r * .8, cy - r * .8);
      cairo_line_to (cr, cx - r * .8, cy + r * .8);
      cairo_stroke (cr);
      break;

    case PL_CHART_STATUS_NONE:
    default:
      cairo_arc (cr, cx, cy, r * .6, 0., 2. * G_PI);
      cairo_fill (cr);
      break;
    }
  cairo_restore (cr);
}

/* Colours */

void
pl_chart_set_color (cairo_t       *cr,
                    const PlColor *color,
                    double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

PlColor
pl_chart_surface_color (const PlChartPalette *palette)
{
  PlColor color = { 1., 1., 1., 1. };

  if (palette->background.alpha >= 1.)
    return palette->background;
  if (palette->dark)
    color = (PlColor) { .22, .22, .22, 1. };

  return color;
}

PlColor
pl_chart_mix (const PlColor *a,
              const PlColor *b,
              double         t)
{
  PlColor color;

  t = CLAMP (t, 0., 1.);
  color.red = a->red + (b->red - a->red) * t;
  color.green = a->green + (b->green - a->green) * t;
  color.blue = a->blue + (b->blue - a->blue) * t;
  color.alpha = a->alpha + (b->alpha - a->alpha) * t;

  return color;
}

PlColor
pl_chart_color_from_hex (guint hex)
{
  PlColor color = {
    ((hex >> 16) & 0xff) / 255.,
    ((hex >> 8) & 0xff) / 255.,
    (hex & 0xff) / 255.,
    1.,
  };

  return color;
}

static double
linear_channel (double c)
{
  return c <= .04045 ? c / 12.92 : pow ((c + .055) / 1.055, 2.4);
}

static double
luminance (const PlColor *color)
{
  return .2126 * linear_channel (color->red) + .7152 * linear_channel (color->green)
         + .0722 * linear_channel (color->blue);
}

double
pl_chart_contrast (const PlColor *a,
                   const PlColor *b)
{
  double la = luminance (a);
  double lb = luminance (b);

  return (MAX (la, lb) + .05) / (MIN (la, lb) + .05);
}

PlColor
pl_chart_text_color_on (const PlColor *fill)
{
  PlColor dark = pl_chart_color_from_hex (0x1e1e1e);
  PlColor light = pl_chart_color_from_hex (0xffffff);

  return pl_chart_contrast (&dark, fill) >= pl_chart_contrast (&light, fill) ? dark : light;
}

/* Text */

PangoLayout *
pl_chart_text_new (cairo_t    *cr,
                   double      size,
                   PangoWeight weight)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (layout);
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Without metric hinting text measures the same on the screen, in an
   * image and in a PDF, so the geometry that is hit-tested is the one drawn. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  pango_context_changed (context);
  cairo_font_options_destroy (options);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  return layout;
}

void
pl_chart_text_measure (PangoLayout *layout,
                       double      *width,
                       double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

double
pl_chart_text_set (PangoLayout *layout,
                   const char  *text,
                   double       max_width)
{
  double width;

  if (max_width > 0.)
    {
      pango_layout_set_width (layout, (int) floor (MAX (1., max_width) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  else
    {
      pango_layout_set_width (layout, -1);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
    }
  pango_layout_set_text (layout, text != NULL ? text : "", -1);

  /* A layout with a width reports that width; the ink of the line is what counts. */
  {
    PangoRectangle logical;

    pango_layout_line_get_extents (pango_layout_get_line_readonly (layout, 0), NULL, &logical);
    width = (double) logical.width / PANGO_SCALE;
  }

  return width;
}

double
pl_chart_line_height (PangoLayout *layout)
{
  double height;

  pango_layout_set_width (layout, -1);
  pango_layout_set_text (layout, "0", -1);
  pl_chart_text_measure (layout, NULL, &height);

  return height;
}

/* Numbers */

char *
pl_chart_format_number (double      value,
                        int         decimals,
                        const char *unit)
{
  decimals = CLAMP (decimals, 0, 6);
  if (!isfinite (value))
    return g_strdup ("–");
  if (fabs (value) < .5 * pow (10., -decimals))
    value = 0.;

  return g_strdup_printf ("%.*f%s", decimals, value, unit != NULL ? unit : "");
}

/* A threshold reads best without trailing zeros: "85%", "82.5%". */
char *
pl_chart_format_threshold (double      value,
                           int         decimals,
                           const char *unit)
{
  int shown = 0;

  decimals = CLAMP (decimals, 0, 6);
  while (shown < decimals)
    {
      double scaled = value * pow (10., shown);

      if (fabs (scaled - round (scaled)) < 1e-9 * MAX (1., fabs (scaled)))
        break;
      shown++;
    }

  return pl_chart_format_number (value, shown, unit);
}

char *
pl_chart_format_count (double count)
{
  if (!isfinite (count))
    return g_strdup ("–");
  if (fabs (count - round (count)) < 1e-9)
    return g_strdup_printf ("%'.0f", count);

  return g_strdup_printf ("%'.1f", count);
}

gboolean
pl_chart_round_shares (const double *counts,
                       guint         n,
                       int          *percents)
{
  g_autofree double *remainders = NULL;
  double total = 0.;
  int assigned = 0;

  g_return_val_if_fail (n == 0 || (counts != NULL && percents != NULL), FALSE);

  for (guint i = 0; i < n; i++)
    {
      percents[i] = 0;
      if (isfinite (counts[i]) && counts[i] > 0.)
        total += counts[i];
    }
  if (!(total > 0.) || !isfinite (total))
    return FALSE;

  remainders = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      double share = isfinite (counts[i]) && counts[i] > 0. ? 100. * counts[i] / total : 0.;

      percents[i] = (int) floor (share);
      remainders[i] = share - percents[i];
      assigned += percents[i];
    }

  /* Hand the points lost to rounding down to the largest remainders,
   * the first of equals first. */
  while (assigned < 100)
    {
      guint best = 0;

      for (guint i = 1; i < n; i++)
        if (remainders[i] > remainders[best])
          best = i;
      percents[best]++;
      remainders[best] = -1.;
      assigned++;
    }

  return TRUE;
}

/* Value axes */

static double
nice_step (double raw,
           double min_step)
{
  static const double multiples[] = { 1., 2., 5., 10. };
  double magnitude;

  raw = MAX (raw, min_step);
  magnitude = pow (10., floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (multiples); i++)
    if (multiples[i] * magnitude >= raw * (1. - 1e-9))
      return multiples[i] * magnitude;

  return 10. * magnitude;
}

static void
axis_init (PlChartAxis *axis,
           double       lo,
           double       hi,
           double       length,
           double       spacing,
           int          max_decimals)
{
  double min_step;
  int count;

  max_decimals = CLAMP (max_decimals, 0, 6);
  min_step = pow (10., -max_decimals);
  if (!isfinite (lo) || !isfinite (hi) || lo > hi)
    {
      lo = 0.;
      hi = 1.;
    }
  lo = CLAMP (lo, -1e300, 1e300);
  hi = CLAMP (hi, -1e300, 1e300);
  if (hi - lo < min_step)
    {
      double half = MAX (fabs (hi) * .05, 5. * min_step);

      lo = lo < 0. || lo - half >= 0. ? lo - half : 0.;
      hi += half;
    }

  count = CLAMP ((int) (length / spacing), 1, 10);
  axis->step = nice_step ((hi - lo) / count, min_step);
  axis->min = floor (lo / axis->step + 1e-9) * axis->step;
  axis->max = ceil (hi / axis->step - 1e-9) * axis->step;
  if (axis->max <= axis->min)
    axis->max = axis->min + axis->step;
  axis->decimals = MAX (0, (int) -floor (log10 (axis->step) + 1e-9));
  axis->decimals = MIN (axis->decimals, max_decimals);
}

guint
pl_chart_axis_n_ticks (const PlChartAxis *axis)
{
  double count = round ((axis->max - axis->min) / axis->step);

  return (guint) CLAMP (count, 0., 100.) + 1;
}

double
pl_chart_axis_tick (const PlChartAxis *axis,
                    guint              i)
{
  return axis->min + i * axis->step;
}

double
pl_chart_axis_fraction (const PlChartAxis *axis,
                        double             value)
{
  value = CLAMP (value, -1e300, 1e300);

  return (value - axis->min) / (axis->max - axis->min);
}

double
pl_chart_axis_label_width (const PlChartAxis *axis,
                           PangoLayout       *text,
                           const char        *unit)
{
  double widest = 0.;

  for (guint i = 0, n = pl_chart_axis_n_ticks (axis); i < n; i++)
    {
      g_autofree char *label = pl_chart_format_number (pl_chart_axis_tick (axis, i),
                                                       axis->decimals, unit);

      widest = MAX (widest, pl_chart_text_set (text, label, 0.));
    }

  return widest;
}

void
pl_chart_axis_fit (PlChartAxis *axis,
                   PangoLayout *text,
                   double       lo,
                   double       hi,
                   double       length,
                   gboolean     along_x,
                   int          max_decimals,
                   const char  *unit)
{
  double spacing = along_x ? 64. : 36.;

  axis_init (axis, lo, hi, length, spacing, max_decimals);
  if (!along_x)
    return;

  /* Wider labels, fewer ticks, until neighbours keep a gap. */
  for (guint attempt = 0; attempt < 8; attempt++)
    {
      double widest = pl_chart_axis_label_width (axis, text, unit);
      double apart = length * axis->step / (axis->max - axis->min);

      if (apart >= widest + 12. || pl_chart_axis_n_ticks (axis) <= 2)
        return;
      spacing = MAX (spacing * 1.4, widest + 12.);
      axis_init (axis, lo, hi, length, spacing, max_decimals);
    }
}

/* Category labels */

void
pl_chart_plan_labels (PlChartLabelPlan   *plan,
                      PangoLayout        *text,
                      const char * const *labels,
                      guint               n,
                      double              slot,
                      double              max_extent,
                      gboolean            slant)
{
  double line_height = pl_chart_line_height (text);
  double widest = 0.;
  double min_length = 4. * line_height;

  for (guint i = 0; i < n; i++)
    widest = MAX (widest, pl_chart_text_set (text, labels[i], 0.));

  plan->stride = 1;
  plan->lines = 1;
  plan->angle = 0;
  plan->max_length = MAX (1., slot - 4.);
  if (widest <= slot - 4.)
    {
      plan->extent = line_height;
      return;
    }

  /* Level and wrapped reads best, if no word is wider than the slot. */
  if (slot >= 5. * line_height)
    {
      guint lines = 1;
      gboolean fits = TRUE;

      pango_layout_set_width (text, (int) (plan->max_length * PANGO_SCALE));
      pango_layout_set_wrap (text, PANGO_WRAP_WORD);
      for (guint i = 0; i < n && fits; i++)
        {
          PangoRectangle logical;

          /* A word wider than the slot overflows it: then wrapping does not do. */
          pango_layout_set_text (text, labels[i] != NULL ? labels[i] : "", -1);
          pango_layout_get_extents (text, NULL, &logical);
          lines = MAX (lines, (guint) pango_layout_get_line_count (text));
          fits = lines <= MAX_LABEL_LINES && logical.width <= plan->max_length * PANGO_SCALE;
        }
      pango_layout_set_width (text, -1);
      if (fits && lines * line_height <= max_extent)
        {
          plan->lines = lines;
          plan->extent = lines * line_height;
          return;
        }
    }

  if (slant && slot * COS45 >= line_height + LABEL_SPACING)
    {
      plan->angle = 45;
      plan->max_length = MIN (widest, MAX (min_length, (max_extent - 2.) / COS45 - line_height));
      plan->extent = COS45 * (plan->max_length + line_height) + 2.;
      return;
    }

  plan->angle = 90;
  plan->max_length = MIN (widest, MAX (min_length, max_extent - 2.));
  plan->extent = plan->max_length + 2.;
  if (slot < line_height + LABEL_SPACING)
    plan->stride = (guint) ceil ((line_height + LABEL_SPACING) / MAX (slot, .01));
}

double
pl_chart_label_overhang (const PlChartLabelPlan *plan,
                         PangoLayout            *text,
                         const char             *label)
{
  double line_height = pl_chart_line_height (text);
  double width = pl_chart_text_set (text, label, plan->max_length);

  switch (plan->angle)
    {
    case 45:
      return COS45 * (width + line_height / 2.);
    case 90:
      return line_height / 2.;
    default:
      return width / 2.;
    }
}

void
pl_chart_draw_label (cairo_t                *cr,
                     PangoLayout            *text,
                     const PlChartLabelPlan *plan,
                     const char             *label,
                     double                  cx,
                     double                  top,
                     double                  left_limit)
{
  double line_height = pl_chart_line_height (text);
  double max_length = plan->max_length;
  double width;

  cairo_save (cr);
  switch (plan->angle)
    {
    case 45:
      /* Ends under the slot's centre and reads up to it, so long labels
       * lean into the space on the left. */
      max_length = MIN (max_length, (cx - left_limit) / COS45 - line_height / 2.);
      if (max_length < line_height)
        break;
      width = pl_chart_text_set (text, label, max_length);
      cairo_translate (cr, cx, top + COS45 * line_height / 2. + 2.);
      cairo_rotate (cr, -G_PI / 4.);
      cairo_move_to (cr, -width, -line_height / 2.);
      pango_cairo_show_layout (cr, text);
      break;

    case 90:
      width = pl_chart_text_set (text, label, max_length);
      cairo_translate (cr, cx, top + 2.);
      cairo_rotate (cr, -G_PI / 2.);
      cairo_move_to (cr, -width, -line_height / 2.);
      pango_cairo_show_layout (cr, text);
      break;

    default:
      if (plan->lines > 1)
        {
          pango_layout_set_width (text, (int) (max_length * PANGO_SCALE));
          pango_layout_set_wrap (text, PANGO_WRAP_WORD);
          pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
          pango_layout_set_height (text, -(int) plan->lines);
          pango_layout_set_alignment (text, PANGO_ALIGN_CENTER);
          pango_layout_set_text (text, label != NULL ? label : "", -1);
          cairo_move_to (cr, cx - max_length / 2., top);
          pango_cairo_show_layout (cr, text);
          pango_layout_set_height (text, -1);
          pango_layout_set_alignment (text, PANGO_ALIGN_LEFT);
          break;
        }
      width = pl_chart_text_set (text, label, max_length);
      cairo_move_to (cr, MAX (left_limit, cx - width / 2.), top);
      pango_cairo_show_layout (cr, text);
      break;
    }
  cairo_restore (cr);
  pl_chart_text_set (text, "", 0.);
}

/* The legend */

static double
swatch_width (const PlChartLegendItem *item)
{
  return item->swatch == PL_CHART_SWATCH_RAMP ? RAMP_WIDTH : SWATCH_WIDTH;
}

static void
draw_swatch (cairo_t                 *cr,
             const PlChartPalette    *palette,
             const PlChartLegendItem *item,
             double                   x,
             double                   cy)
{
  double dashes[] = { 4., 3. };
  PlChartRect box = { x + .5, round (cy) - 4.5, SWATCH_WIDTH - 1., 9. };

  cairo_save (cr);
  cairo_set_line_width (cr, 1.);
  switch (item->swatch)
    {
    case PL_CHART_SWATCH_BOX:
      cairo_rectangle (cr, box.x - .5, box.y - .5, box.width + 1., box.height + 1.);
      pl_chart_set_color (cr, &item->color, 1.);
      cairo_fill (cr);
      break;

    case PL_CHART_SWATCH_HATCHED:
      cairo_rectangle (cr, box.x, box.y, box.width, box.height);
      pl_chart_set_color (cr, &item->color, .35);
      cairo_fill (cr);
      pl_chart_hatch (cr, &box, &item->color, 1., 4.);
      cairo_rectangle (cr, box.x, box.y, box.width, box.height);
      pl_chart_set_color (cr, &item->color, 1.);
      cairo_stroke (cr);
      break;

    case PL_CHART_SWATCH_LINE:
      pl_chart_set_color (cr, &item->color, 1.);
      cairo_set_line_width (cr, 2.);
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + SWATCH_WIDTH, cy);
      cairo_stroke (cr);
      cairo_arc (cr, x + SWATCH_WIDTH / 2., cy, 3., 0., 2. * G_PI);
      cairo_fill (cr);
      break;

    case PL_CHART_SWATCH_DASHED:
      pl_chart_set_color (cr, &item->color, 1.);
      cairo_set_line_width (cr, 2.);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
      cairo_move_to (cr, x, round (cy));
      cairo_line_to (cr, x + SWATCH_WIDTH, round (cy));
      cairo_stroke (cr);
      break;

    case PL_CHART_SWATCH_WHISKER:
      {
        double mx = floor (x + SWATCH_WIDTH / 2.) + .5;

        pl_chart_set_color (cr, &item->color, 1.);
        cairo_set_line_width (cr, 1.);
        cairo_move_to (cr, mx, box.y);
        cairo_line_to (cr, mx, box.y + box.height);
        cairo_move_to (cr, mx - 4., box.y);
        cairo_line_to (cr, mx + 4., box.y);
        cairo_move_to (cr, mx - 4., box.y + box.height);
        cairo_line_to (cr, mx + 4., box.y + box.height);
        cairo_stroke (cr);
      }
      break;

    case PL_CHART_SWATCH_STATUS:
      cairo_rectangle (cr, x, box.y - .5, 6., box.height + 1.);
      pl_chart_set_color (cr, &item->color, 1.);
      cairo_fill (cr);
      pl_chart_draw_status_mark (cr, item->status, &item->color, x + 12., cy, 8.);
      break;

    case PL_CHART_SWATCH_NO_DATA:
      pl_chart_hatch (cr, &box, &palette->foreground, .35, 3.);
      cairo_rectangle (cr, box.x, box.y, box.width, box.height);
      pl_chart_set_color (cr, &palette->foreground, .45);
      cairo_stroke (cr);
      break;

    case PL_CHART_SWATCH_RAMP:
      for (guint i = 0; i < item->n_ramp; i++)
        {
          double w = RAMP_WIDTH / item->n_ramp;

          cairo_rectangle (cr, x + i * w, box.y - .5, ceil (w), box.height + 1.);
          pl_chart_set_color (cr, &item->ramp[i], 1.);
          cairo_fill (cr);
        }
      break;

    case PL_CHART_SWATCH_RULE:
      pl_chart_set_color (cr, &item->color, 1.);
      cairo_move_to (cr, x, floor (cy) + .5);
      cairo_line_to (cr, x + SWATCH_WIDTH, floor (cy) + .5);
      cairo_stroke (cr);
      break;

    case PL_CHART_SWATCH_DIAMOND:
      {
        double mx = x + SWATCH_WIDTH / 2.;

        cairo_move_to (cr, mx, cy - 5.5);
        cairo_line_to (cr, mx + 5.5, cy);
        cairo_line_to (cr, mx, cy + 5.5);
        cairo_line_to (cr, mx - 5.5, cy);
        cairo_close_path (cr);
        pl_chart_set_color (cr, &item->color, 1.);
        cairo_fill_preserve (cr);
        /* Outlined, as the marks on the chart are. */
        pl_chart_set_color (cr, &palette->foreground, 1.);
        cairo_set_line_width (cr, 1.5);
        cairo_stroke (cr);
      }
      break;

    default:
      g_assert_not_reached ();
    }
  cairo_restore (cr);
}

double
pl_chart_legend (const PlChartLegendItem *items,
                 guint                    n,
                 const PlChartPalette    *palette,
                 cairo_t                 *cr,
                 double                   x0,
                 double                   y0,
                 double                   max_width)
{
  g_autoptr(PangoLayout) text = NULL;
  double x = x0;
  double y = y0;
  double row_height = 0.;

  if (n == 0)
    return 0.;

  text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  for (guint i = 0; i < n; i++)
    {
      const PlChartLegendItem *item = &items[i];
      double before_width = 0.;
      double text_width, text_height, item_width;

      if (item->before != NULL)
        before_width = pl_chart_text_set (text, item->before, 0.) + SWATCH_GAP;
      text_width = pl_chart_text_set (text, item->label, 0.);
      pl_chart_text_measure (text, NULL, &text_height);

      /* A label wider than the chart is shortened, not clipped. */
      item_width = before_width + swatch_width (item) + SWATCH_GAP + text_width;
      if (item_width > max_width)
        {
          text_width = pl_chart_text_set (text, item->label,
                                          max_width - before_width - swatch_width (item)
                                            - SWATCH_GAP);
          item_width = max_width;
        }
      row_height = MAX (row_height, text_height);

      if (x > x0 && x + item_width > x0 + max_width)
        {
          x = x0;
          y += row_height + LEGEND_ROW_GAP;
        }

      if (palette != NULL)
        {
          double sx = x + before_width;

          pl_chart_set_color (cr, &palette->foreground, .8);
          cairo_move_to (cr, sx + swatch_width (item) + SWATCH_GAP, y);
          pango_cairo_show_layout (cr, text);
          if (item->before != NULL)
            {
              pl_chart_text_set (text, item->before, 0.);
              cairo_move_to (cr, x, y);
              pango_cairo_show_layout (cr, text);
            }
          draw_swatch (cr, palette, item, sx, y + text_height / 2.);
        }

      x += item_width + LEGEND_ITEM_GAP;
    }

  return y + row_height - y0;
}

/* Frames */

double
pl_chart_title_height (cairo_t    *cr,
                       const char *title)
{
  g_autoptr(PangoLayout) text = NULL;
  double height;

  if (title == NULL || title[0] == '\0')
    return 0.;

  text = pl_chart_text_new (cr, PL_CHART_TITLE_SIZE, PANGO_WEIGHT_BOLD);
  pango_layout_set_text (text, title, -1);
  pl_chart_text_measure (text, NULL, &height);

  return height;
}

void
pl_chart_draw_title (const PlChartPalette *palette,
                     cairo_t              *cr,
                     const char           *title,
                     double                x,
                     double                y,
                     double                width)
{
  g_autoptr(PangoLayout) text = NULL;

  if (title == NULL || title[0] == '\0')
    return;

  text = pl_chart_text_new (cr, PL_CHART_TITLE_SIZE, PANGO_WEIGHT_BOLD);
  pl_chart_text_set (text, title, width);
  pl_chart_set_color (cr, &palette->foreground, 1.);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, text);
}

void
pl_chart_rounded_rectangle (cairo_t *cr,
                            double   x,
                            double   y,
                            double   width,
                            double   height,
                            double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2.);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2., 0.);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0., G_PI / 2.);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2., G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3. * G_PI / 2.);
  cairo_close_path (cr);
}

void
pl_chart_hatch (cairo_t           *cr,
                const PlChartRect *rect,
                const PlColor     *color,
                double             alpha,
                double             spacing)
{
  if (rect->width <= 0. || rect->height <= 0.)
    return;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
  cairo_clip (cr);
  /* Lines at 45° in one path, anchored to the page so neighbours line up. */
  for (double d = floor ((rect->x - rect->y - rect->height) / spacing) * spacing;
       d < rect->x + rect->width - rect->y + spacing; d += spacing)
    {
      cairo_move_to (cr, d + rect->y, rect->y);
      cairo_line_to (cr, d + rect->y + rect->height, rect->y + rect->height);
    }
  pl_chart_set_color (cr, color, alpha);
  cairo_set_line_width (cr, 1.);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
pl_chart_draw_message (const PlChartPalette *palette,
                       cairo_t              *cr,
                       const PlChartRect    *area,
                       const char           *message)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE + 1, PANGO_WEIGHT_NORMAL);
  double w, h;

  pango_layout_set_width (text, (int) (MAX (1., area->width - 2. * PL_CHART_PAD) * PANGO_SCALE));
  pango_layout_set_wrap (text, PANGO_WRAP_WORD);
  pango_layout_set_alignment (text, PANGO_ALIGN_CENTER);
  pango_layout_set_text (text, message, -1);
  pl_chart_text_measure (text, &w, &h);

  pl_chart_set_color (cr, &palette->foreground, .6);
  cairo_move_to (cr, area->x + PL_CHART_PAD, area->y + MAX (0., (area->height - h) / 2.));
  pango_cairo_show_layout (cr, text);
}

void
pl_chart_draw_readout (const PlChartPalette *palette,
                       cairo_t              *cr,
                       const PlChartRect    *bounds,
                       const PlChartRect    *anchor,
                       const char           *markup)
{
  PlColor surface = pl_chart_surface_color (palette);
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  double w, h, box_w, box_h, box_x, box_y;

  pango_layout_set_markup (text, markup, -1);
  pango_layout_set_spacing (text, 2 * PANGO_SCALE);
  pango_layout_set_width (text, (int) (MAX (40., bounds->width - 28.) * PANGO_SCALE));
  pango_layout_set_wrap (text, PANGO_WRAP_WORD_CHAR);
  pl_chart_text_measure (text, &w, &h);

  box_w = ceil (w) + 20.;
  box_h = ceil (h) + 14.;

  /* Beside the anchor, right then left; failing both, above or below it. */
  box_y = anchor->y + anchor->height / 2. - box_h / 2.;
  if (anchor->x + anchor->width + 8. + box_w <= bounds->x + bounds->width)
    box_x = anchor->x + anchor->width + 8.;
  else if (anchor->x - 8. - box_w >= bounds->x)
    box_x = anchor->x - 8. - box_w;
  else
    {
      box_x = anchor->x + anchor->width / 2. - box_w / 2.;
      if (anchor->y - 8. - box_h >= bounds->y)
        box_y = anchor->y - 8. - box_h;
      else
        box_y = anchor->y + anchor->height + 8.;
    }
  box_x = round (CLAMP (box_x, bounds->x, MAX (bounds->x, bounds->x + bounds->width - box_w)));
  box_y = round (CLAMP (box_y, bounds->y, MAX (bounds->y, bounds->y + bounds->height - box_h)));

  pl_chart_rounded_rectangle (cr, box_x, box_y + 1., box_w, box_h, 6.);
  cairo_set_source_rgba (cr, 0., 0., 0., palette->dark ? .3 : .08);
  cairo_fill (cr);
  pl_chart_rounded_rectangle (cr, box_x + .5, box_y + .5, box_w - 1., box_h - 1., 6.);
  pl_chart_set_color (cr, &surface, 1.);
  cairo_fill_preserve (cr);
  pl_chart_set_color (cr, &palette->foreground, palette->dark ? .15 : .12);
  cairo_set_line_width (cr, 1.);
  cairo_stroke (cr);

  pl_chart_set_color (cr, &palette->foreground, 1.);
  cairo_move_to (cr, box_x + 10., box_y + 7.);
  pango_cairo_show_layout (cr, text);
}

char *
pl_chart_markup_to_text (const char *markup)
{
  char *text = NULL;

  if (markup == NULL)
    return NULL;
  if (!pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
    return g_strdup (markup);

  return text;
}

void
pl_chart_clip_out (cairo_t           *cr,
                   const PlChartRect *outer,
                   const PlChartRect *holes,
                   guint              n_holes)
{
  cairo_new_path (cr);
  cairo_rectangle (cr, outer->x, outer->y, outer->width, outer->height);
  for (guint i = 0; i < n_holes; i++)
    cairo_rectangle (cr, holes[i].x, holes[i].y, holes[i].width, holes[i].height);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_clip (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
}

void
pl_chart_begin (const PlChartPalette *palette,
                cairo_t              *cr,
                double                width,
                double                height)
{
  cairo_save (cr);
  cairo_rectangle (cr, 0., 0., width, height);
  cairo_clip (cr);

  if (palette->background.alpha > 0.)
    {
      pl_chart_set_color (cr, &palette->background, 1.);
      cairo_paint (cr);
    }
}

/* Saving */

typedef enum
{
  FORMAT_PNG,
  FORMAT_SVG,
  FORMAT_PDF,
} SaveFormat;

static cairo_status_t
append_bytes_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GIOErrorEnum
io_error_from_file_error (int code)
{
  switch (code)
    {
    case G_FILE_ERROR_EXIST:
      return G_IO_ERROR_EXISTS;
    case G_FILE_ERROR_ISDIR:
      return G_IO_ERROR_IS_DIRECTORY;
    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
      return G_IO_ERROR_PERMISSION_DENIED;
    case G_FILE_ERROR_NAMETOOLONG:
      return G_IO_ERROR_FILENAME_TOO_LONG;
    case G_FILE_ERROR_NOENT:
      return G_IO_ERROR_NOT_FOUND;
    case G_FILE_ERROR_NOTDIR:
      return G_IO_ERROR_NOT_DIRECTORY;
    case G_FILE_ERROR_ROFS:
      return G_IO_ERROR_READ_ONLY;
    case G_FILE_ERROR_NOSPC:
      return G_IO_ERROR_NO_SPACE;
    default:
      return G_IO_ERROR_FAILED;
    }
}

gboolean
pl_chart_save_to_file (PlChartRenderFunc     render,
                       gconstpointer         chart,
                       const char           *title,
                       const PlChartPalette *palette,
                       const char           *path,
                       double                width,
                       double                height,
                       GError              **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *display = NULL;
  PlChartPalette opaque;
  cairo_surface_t *surface;
  cairo_status_t status;
  SaveFormat format;
  cairo_t *cr;

  g_return_val_if_fail (render != NULL, FALSE);
  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_basename (path);
  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    format = FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    format = FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    format = FORMAT_PDF;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot save the chart as “%s”: the name must end in .png, .svg or .pdf."),
                   display);
      return FALSE;
    }

  if (!(width >= 1. && height >= 1. && width <= 20000. && height <= 20000.))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot save the chart as “%s”: the size %.0f × %.0f is not usable."),
                   display, width, height);
      return FALSE;
    }

  /* A file has no window behind it. */
  if (palette == NULL)
    pl_chart_palette_init_light (&opaque);
  else
    opaque = *palette;
  if (opaque.background.alpha < 1.)
    opaque.background = opaque.dark ? (PlColor) { .14, .14, .14, 1. }
                                    : (PlColor) { 1., 1., 1., 1. };

  bytes = g_byte_array_new ();
  switch (format)
    {
    case FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width),
                                            (int) ceil (height));
      break;
    case FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_bytes_cb, bytes, width, height);
      break;
    case FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create_for_stream (append_bytes_cb, bytes, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Plumbline");
      if (title != NULL && title[0] != '\0')
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      break;
    }

  cr = cairo_create (surface);
  render (chart, &opaque, cr, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_bytes_cb, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the chart for “%s”: %s"), display,
                   cairo_status_to_string (status));
      return FALSE;
    }

  if (!g_file_set_contents_full (path, (const char *) bytes->data, bytes->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local_error))
    {
      g_set_error (error, G_IO_ERROR, io_error_from_file_error (local_error->code),
                   _("Could not save the chart: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}
