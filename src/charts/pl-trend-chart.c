/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "pl-trend-chart.h"


#define FONT_FAMILY      "Cantarell, Sans"
#define FONT_SIZE        9
#define TITLE_SIZE       10.5
#define PAD              6.
#define LEGEND_ITEM_GAP  16.
#define LEGEND_ROW_GAP   4.
#define LEGEND_BOTTOM    12.
#define SWATCH_WIDTH     16.
#define SWATCH_GAP       6.
#define Y_LABEL_GAP      8.
#define X_LABEL_GAP      6.
#define RIGHT_MARGIN     10.
#define X_INSET          10.
#define TICK_LABEL_GAP   12.
#define MIN_TICK_SPACING 24.
#define Y_TICK_SPACING   36.
#define MARKER_RADIUS    3.
#define MARKER_SPACING   7.
#define SERIES_WIDTH     2.
#define BAND_ALPHA_AMBER(palette) ((palette)->dark ? .08 : .16)
#define BAND_ALPHA_RED(palette)   (.12)
#define EPOCH_JULIAN     719163 /* g_date_get_julian() of 1970-01-01 */

typedef enum
{
  STATUS_NONE,
  STATUS_ON_TARGET,
  STATUS_AT_RISK,
  STATUS_OFF_TARGET,
} Status;

typedef enum
{
  PERIOD_DAY,
  PERIOD_WEEK,
  PERIOD_MONTH,
} Period;

typedef enum
{
  LEGEND_SERIES,
  LEGEND_TARGET,
  LEGEND_AT_RISK,
  LEGEND_OFF_TARGET,
} LegendKind;

typedef struct
{
  double min;
  double max;
  double step;
  int    decimals;
} YRange;

typedef struct
{
  double      title_y;
  double      legend_y;
  double      line_height;
  PlChartRect area;
  YRange      range;
} Layout;

typedef enum
{
  TICK_DAY,
  TICK_WEEK,
  TICK_MONTH,
  TICK_YEAR,
} TickUnit;

static const struct
{
  TickUnit unit;
  int      step;
  double   approx_days;
} tick_steps[] = {
  { TICK_DAY, 1, 1 },
  { TICK_DAY, 2, 2 },
  { TICK_WEEK, 1, 7 },
  { TICK_WEEK, 2, 14 },
  { TICK_MONTH, 1, 30.4 },
  { TICK_MONTH, 2, 60.9 },
  { TICK_MONTH, 3, 91.3 },
  { TICK_MONTH, 6, 182.6 },
  { TICK_YEAR, 1, 365.2 },
  { TICK_YEAR, 2, 730.5 },
  { TICK_YEAR, 5, 1826.2 },
  { TICK_YEAR, 10, 3652.4 },
  { TICK_YEAR, 20, 7304.8 },
  { TICK_YEAR, 50, 18262.1 },
  { TICK_YEAR, 100, 36524.2 },
};

/* Colours and text */

static void
set_color (cairo_t       *cr,
           const PlColor *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static PlColor
surface_color (const PlChartPalette *palette)
{
  PlColor color = { 1., 1., 1., 1. };

  if (palette->background.alpha >= 1.)
    return palette->background;
  if (palette->dark)
    color = (PlColor) { .22, .22, .22, 1. };

  return color;
}

static PangoLayout *
create_layout (cairo_t    *cr,
               double      size,
               PangoWeight weight)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (layout);
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Without metric hinting text measures the same on the screen, in an
   * image and in a PDF, so the geometry the widget hit-tests is the one it drew. */
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

static void
measure (PangoLayout *layout,
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

static char *
format_number (double      value,
               int         decimals,
               const char *unit)
{
  if (fabs (value) < .5 * pow (10., -decimals))
    value = 0.;

  return g_strdup_printf ("%.*f%s", decimals, value, unit != NULL ? unit : "");
}

/* A threshold reads best without trailing zeros: "85%", "82.5%". */
static char *
format_threshold (double      value,
                  int         decimals,
                  const char *unit)
{
  int shown = 0;

  while (shown < decimals)
    {
      double scaled = value * pow (10., shown);

      if (fabs (scaled - round (scaled)) < 1e-9 * MAX (1., fabs (scaled)))
        break;
      shown++;
    }

  return format_number (value, shown, unit);
}

static int
chart_decimals (const PlTrendChart *chart)
{
  return CLAMP (chart->decimals, 0, 6);
}

/* Dates */

static GDateTime *
day_to_date_time (double day)
{
  return g_date_time_new_from_unix_utc ((gint64) floor (day) * 86400);
}

static char *
format_day (double      day,
            const char *format)
{
  g_autoptr(GDateTime) date_time = day_to_date_time (day);

  if (date_time == NULL)
    return g_strdup ("?");

  return g_date_time_format (date_time, format);
}

static void
day_to_gdate (double day,
              GDate *date)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, (guint32) (floor (day) + EPOCH_JULIAN));
}

static double
gdate_to_day (const GDate *date)
{
  return (double) g_date_get_julian (date) - EPOCH_JULIAN;
}

static gboolean
day_is_valid (double day)
{
  /* Years 1 to 9999: what GDate and GDateTime can represent. */
  return isfinite (day) && day > -719000. && day < 2900000.;
}

static Period
chart_period (const PlTrendChart *chart)
{
  double spacing;

  if (chart->n < 2)
    return PERIOD_WEEK;

  spacing = (chart->days[chart->n - 1] - chart->days[0]) / (chart->n - 1);
  if (spacing < 1.5)
    return PERIOD_DAY;
  if (spacing < 20.)
    return PERIOD_WEEK;

  return PERIOD_MONTH;
}

static char *
format_period (const PlTrendChart *chart,
               double              day)
{
  g_autofree char *date = NULL;

  switch (chart_period (chart))
    {
    case PERIOD_DAY:
      return format_day (day, C_("chart date", "%a %-d %b %Y"));

    case PERIOD_MONTH:
      return format_day (day, C_("chart month", "%B %Y"));

    case PERIOD_WEEK:
    default:
      date = format_day (day, C_("chart date", "%-d %b %Y"));
      return g_strdup_printf (_("Week of %s"), date);
    }
}

/* Status against the target, the same rule as the KPI tiles */

static Status
value_status (const PlTrendChart *chart,
              double              value)
{
  if (!chart->has_target || !isfinite (value))
    return STATUS_NONE;

  if (chart->higher_is_better)
    {
      if (value >= chart->target)
        return STATUS_ON_TARGET;
      if (chart->has_red_threshold && value >= chart->red_threshold)
        return STATUS_AT_RISK;
    }
  else
    {
      if (value <= chart->target)
        return STATUS_ON_TARGET;
      if (chart->has_red_threshold && value <= chart->red_threshold)
        return STATUS_AT_RISK;
    }

  return STATUS_OFF_TARGET;
}

static const PlColor *
status_color (const PlChartPalette *palette,
              Status                status)
{
  switch (status)
    {
    case STATUS_ON_TARGET:
      return &palette->success;
    case STATUS_AT_RISK:
      return &palette->warning;
    case STATUS_OFF_TARGET:
      return &palette->error;
    case STATUS_NONE:
    default:
      return &palette->accent;
    }
}

static const char *
status_text (Status status)
{
  switch (status)
    {
    case STATUS_ON_TARGET:
      return _("on target");
    case STATUS_AT_RISK:
      return _("at risk");
    case STATUS_OFF_TARGET:
      return _("off target");
    case STATUS_NONE:
    default:
      return "";
    }
}

static gboolean
has_amber_band (const PlTrendChart *chart)
{
  if (!chart->has_target || !chart->has_red_threshold)
    return FALSE;

  return chart->higher_is_better ? chart->red_threshold < chart->target
                                 : chart->red_threshold > chart->target;
}

/* The y axis */

static double
nice_step (double raw,
           double min_step)
{
  static const double multiples[] = { 1., 2., 5., 10. };
  double magnitude;

  raw = MAX (raw, min_step);
  magnitude = pow (10., floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (multiples); i++)
    {
      if (multiples[i] * magnitude >= raw * (1. - 1e-9))
        return multiples[i] * magnitude;
    }

  return 10. * magnitude;
}

static void
compute_y_range (const PlTrendChart *chart,
                 double              plot_height,
                 YRange             *range)
{
  gboolean percent = g_strcmp0 (chart->unit, "%") == 0;
  gboolean any = FALSE;
  double lo = G_MAXDOUBLE;
  double hi = -G_MAXDOUBLE;
  double min_step = pow (10., -chart_decimals (chart));
  double span;
  int count;

  for (guint i = 0; i < chart->n; i++)
    {
      double value = chart->values[i];

      if (!isfinite (value))
        continue;
      /* Keep the arithmetic finite whatever the data. */
      value = CLAMP (value, -1e300, 1e300);
      lo = MIN (lo, value);
      hi = MAX (hi, value);
      any = TRUE;
    }
  if (chart->has_target && isfinite (chart->target))
    {
      lo = MIN (lo, chart->target);
      hi = MAX (hi, chart->target);
      any = TRUE;
    }
  if (chart->has_red_threshold && isfinite (chart->red_threshold))
    {
      lo = MIN (lo, chart->red_threshold);
      hi = MAX (hi, chart->red_threshold);
      any = TRUE;
    }
  if (!any)
    {
      lo = 0.;
      hi = percent ? 100. : 1.;
    }

  if (hi - lo < min_step)
    {
      double half = MAX (fabs (hi) * .05, 5. * min_step);

      lo -= half;
      hi += half;
    }

  /* Breathing room so the line never runs along the frame. */
  span = hi - lo;
  lo -= span * .08;
  hi += span * .08;

  count = CLAMP ((int) (plot_height / Y_TICK_SPACING), 2, 8);
  range->step = nice_step ((hi - lo) / count, min_step);
  range->min = floor (lo / range->step) * range->step;
  range->max = ceil (hi / range->step) * range->step;

  if (percent && any)
    {
      gboolean within = TRUE;

      for (guint i = 0; i < chart->n && within; i++)
        if (isfinite (chart->values[i]) && (chart->values[i] < 0. || chart->values[i] > 100.))
          within = FALSE;
      if (within && lo + span * .08 >= 0. && hi - span * .08 <= 100.)
        {
          range->min = MAX (range->min, 0.);
          range->max = MIN (range->max, 100.);
        }
    }

  if (range->max <= range->min)
    range->max = range->min + range->step;

  range->decimals = MAX (0, (int) -floor (log10 (range->step) + 1e-9));
  range->decimals = MIN (range->decimals, chart_decimals (chart));
}

static guint
y_tick_count (const YRange *range)
{
  double count = round ((range->max - range->min) / range->step);

  return (guint) CLAMP (count, 0., 100.) + 1;
}

static double
y_tick_value (const YRange *range,
              guint         i)
{
  return range->min + i * range->step;
}

static double
range_to_y (const YRange      *range,
            const PlChartRect *area,
            double             value)
{
  return area->y + area->height * (range->max - value) / (range->max - range->min);
}

/* The legend */

static guint
legend_items (const PlTrendChart *chart,
              LegendKind          kinds[4],
              const char         *labels[4])
{
  guint n = 0;

  if (chart->series_label != NULL && chart->series_label[0] != '\0')
    {
      kinds[n] = LEGEND_SERIES;
      labels[n++] = chart->series_label;
    }
  if (chart->has_target)
    {
      kinds[n] = LEGEND_TARGET;
      labels[n++] = _("Target");
    }
  if (has_amber_band (chart))
    {
      kinds[n] = LEGEND_AT_RISK;
      labels[n++] = _("At risk");
    }
  if (chart->has_red_threshold)
    {
      kinds[n] = LEGEND_OFF_TARGET;
      labels[n++] = _("Off target");
    }

  return n;
}

static void
draw_swatch (cairo_t              *cr,
             const PlChartPalette *palette,
             LegendKind            kind,
             double                x,
             double                cy)
{
  double dashes[] = { 4., 3. };

  cairo_save (cr);
  switch (kind)
    {
    case LEGEND_SERIES:
      set_color (cr, &palette->accent, 1.);
      cairo_set_line_width (cr, SERIES_WIDTH);
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + SWATCH_WIDTH, cy);
      cairo_stroke (cr);
      cairo_arc (cr, x + SWATCH_WIDTH / 2., cy, MARKER_RADIUS, 0., 2. * G_PI);
      cairo_fill (cr);
      break;

    case LEGEND_TARGET:
      set_color (cr, &palette->target, 1.);
      cairo_set_line_width (cr, 2.);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
      cairo_move_to (cr, x, round (cy));
      cairo_line_to (cr, x + SWATCH_WIDTH, round (cy));
      cairo_stroke (cr);
      break;

    case LEGEND_AT_RISK:
    case LEGEND_OFF_TARGET:
      {
        const PlColor *color = kind == LEGEND_AT_RISK ? &palette->warning : &palette->error;
        double alpha = kind == LEGEND_AT_RISK ? BAND_ALPHA_AMBER (palette) : BAND_ALPHA_RED (palette);

        cairo_rectangle (cr, x + .5, round (cy) - 4.5, SWATCH_WIDTH - 1., 9.);
        set_color (cr, color, alpha * 2.);
        cairo_fill_preserve (cr);
        set_color (cr, color, .7);
        cairo_set_line_width (cr, 1.);
        cairo_stroke (cr);
      }
      break;

    default:
      g_assert_not_reached ();
    }
  cairo_restore (cr);
}

/* Lays the legend out left to right, wrapping at max_width; draws it when
 * a palette is given. Returns its height. */
static double
legend_flow (const PlTrendChart   *chart,
             const PlChartPalette *palette,
             cairo_t              *cr,
             double                x0,
             double                y0,
             double                max_width)
{
  g_autoptr(PangoLayout) layout = create_layout (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);
  LegendKind kinds[4];
  const char *labels[4];
  guint n = legend_items (chart, kinds, labels);
  double x = x0;
  double y = y0;
  double row_height = 0.;

  if (n == 0)
    return 0.;

  for (guint i = 0; i < n; i++)
    {
      double text_width, text_height, item_width;

      pango_layout_set_text (layout, labels[i], -1);
      measure (layout, &text_width, &text_height);
      item_width = SWATCH_WIDTH + SWATCH_GAP + text_width;
      row_height = MAX (row_height, text_height);

      if (x > x0 && x + item_width > x0 + max_width)
        {
          x = x0;
          y += row_height + LEGEND_ROW_GAP;
        }

      if (palette != NULL)
        {
          draw_swatch (cr, palette, kinds[i], x, y + text_height / 2.);
          set_color (cr, &palette->foreground, .8);
          cairo_move_to (cr, x + SWATCH_WIDTH + SWATCH_GAP, y);
          pango_cairo_show_layout (cr, layout);
        }

      x += item_width + LEGEND_ITEM_GAP;
    }

  return y + row_height - y0;
}

/* Geometry shared by rendering, hit-testing and the tests */

static void
compute_layout (const PlTrendChart *chart,
                cairo_t            *cr,
                double              width,
                double              height,
                Layout             *layout)
{
  g_autoptr(PangoLayout) text = create_layout (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);
  double top = PAD;
  double bottom;
  double label_width = 0.;
  double legend_height;

  pango_layout_set_text (text, "0", -1);
  measure (text, NULL, &layout->line_height);

  layout->title_y = top;
  if (chart->title != NULL && chart->title[0] != '\0')
    {
      g_autoptr(PangoLayout) title = create_layout (cr, TITLE_SIZE, PANGO_WEIGHT_BOLD);
      double title_height;

      pango_layout_set_text (title, chart->title, -1);
      measure (title, NULL, &title_height);
      top += title_height + 6.;
    }

  layout->legend_y = top;
  legend_height = legend_flow (chart, NULL, cr, PAD, top, width - 2. * PAD);
  if (legend_height > 0.)
    top += legend_height + LEGEND_BOTTOM;
  else
    top += layout->line_height / 2.;

  /* Two lines under the axis: the date, and the year where it changes. */
  bottom = height - PAD - X_LABEL_GAP - 2. * layout->line_height;

  layout->area.y = top;
  layout->area.height = MAX (0., bottom - top);
  compute_y_range (chart, layout->area.height, &layout->range);

  for (guint i = 0, n = y_tick_count (&layout->range); i < n; i++)
    {
      g_autofree char *label = format_number (y_tick_value (&layout->range, i),
                                              layout->range.decimals, chart->unit);
      double label_w;

      pango_layout_set_text (text, label, -1);
      measure (text, &label_w, NULL);
      label_width = MAX (label_width, label_w);
    }

  layout->area.x = PAD + ceil (label_width) + Y_LABEL_GAP;
  layout->area.width = MAX (0., width - RIGHT_MARGIN - layout->area.x);
}

static double
x_inset (const PlChartRect *area)
{
  return MIN (X_INSET, area->width / 4.);
}

static double
area_day_to_x (const PlTrendChart *chart,
               const PlChartRect  *area,
               double              day)
{
  double inset = x_inset (area);
  double first, last;

  if (chart->n == 0)
    return area->x + area->width / 2.;

  first = chart->days[0];
  last = chart->days[chart->n - 1];
  if (!(last > first))
    return area->x + area->width / 2.;

  return area->x + inset + (day - first) / (last - first) * (area->width - 2. * inset);
}

static double
area_x_to_day (const PlTrendChart *chart,
               const PlChartRect  *area,
               double              x)
{
  double inset = x_inset (area);
  double first, last;

  if (chart->n == 0)
    return 0.;

  first = chart->days[0];
  last = chart->days[chart->n - 1];
  if (!(last > first) || area->width - 2. * inset <= 0.)
    return first;

  return first + (x - area->x - inset) / (area->width - 2. * inset) * (last - first);
}

/* The x axis: real dates at week, month or year boundaries */

static void
add_tick (GArray      *ticks,
          double       day,
          double       x,
          const char  *label,
          const char  *year)
{
  PlChartTick tick = { 0, };

  tick.day = day;
  tick.x = x;
  if (year != NULL)
    g_snprintf (tick.text, sizeof tick.text, "%s\n%s", label, year);
  else
    g_strlcpy (tick.text, label, sizeof tick.text);
  g_array_append_val (ticks, tick);
}

static GArray *
candidate_ticks (const PlTrendChart *chart,
                 const PlChartRect  *area,
                 guint               candidate)
{
  GArray *ticks = g_array_new (FALSE, TRUE, sizeof (PlChartTick));
  TickUnit unit = tick_steps[candidate].unit;
  int step = tick_steps[candidate].step;
  double first_day = area_x_to_day (chart, area, area->x);
  double last_day = area_x_to_day (chart, area, area->x + area->width);
  int last_year = G_MININT;
  double day;
  GDate date;

  if (!day_is_valid (first_day) || !day_is_valid (last_day))
    return ticks;

  first_day = ceil (first_day - 1e-6);
  day_to_gdate (first_day, &date);

  switch (unit)
    {
    case TICK_DAY:
    case TICK_WEEK:
      {
        /* Anchored on the first period, so the first point has a label. */
        double anchor = floor (chart->days[0]);
        int period = unit == TICK_DAY ? step : 7 * step;

        if (unit == TICK_WEEK)
          {
            GDate anchor_date;

            day_to_gdate (anchor, &anchor_date);
            anchor -= g_date_get_weekday (&anchor_date) - G_DATE_MONDAY;
          }
        day = anchor + ceil ((first_day - anchor) / period) * period;
      }
      break;

    case TICK_MONTH:
      if (g_date_get_day (&date) != 1)
        {
          g_date_set_day (&date, 1);
          g_date_add_months (&date, 1);
        }
      while ((g_date_get_month (&date) - 1) % step != 0)
        g_date_add_months (&date, 1);
      day = gdate_to_day (&date);
      break;

    case TICK_YEAR:
    default:
      {
        int year = g_date_get_year (&date);

        if (g_date_get_day (&date) != 1 || g_date_get_month (&date) != G_DATE_JANUARY)
          year++;
        year = (int) ceil ((double) year / step) * step;
        if (!g_date_valid_year (year))
          return ticks;
        g_date_set_dmy (&date, 1, G_DATE_JANUARY, year);
        day = gdate_to_day (&date);
      }
      break;
    }

  while (day <= last_day + 1e-6 && ticks->len < 2000)
    {
      g_autoptr(GDateTime) date_time = day_to_date_time (day);
      g_autofree char *label = NULL;
      g_autofree char *year_label = NULL;
      int year;

      if (date_time == NULL)
        break;
      year = g_date_time_get_year (date_time);

      switch (unit)
        {
        case TICK_DAY:
        case TICK_WEEK:
          label = g_date_time_format (date_time, C_("chart axis day", "%-d %b"));
          break;
        case TICK_MONTH:
          label = g_date_time_format (date_time, C_("chart axis month", "%b"));
          break;
        case TICK_YEAR:
        default:
          label = g_date_time_format (date_time, "%Y");
          break;
        }
      if (unit != TICK_YEAR && year != last_year)
        year_label = g_date_time_format (date_time, "%Y");
      last_year = year;

      add_tick (ticks, day, area_day_to_x (chart, area, day), label, year_label);

      switch (unit)
        {
        case TICK_DAY:
          day += step;
          break;
        case TICK_WEEK:
          day += 7 * step;
          break;
        case TICK_MONTH:
          day_to_gdate (day, &date);
          if (!g_date_valid_year (g_date_get_year (&date) + 1))
            return ticks;
          g_date_add_months (&date, step);
          day = gdate_to_day (&date);
          break;
        case TICK_YEAR:
        default:
          day_to_gdate (day, &date);
          if (!g_date_valid_year (g_date_get_year (&date) + step))
            return ticks;
          g_date_add_years (&date, step);
          day = gdate_to_day (&date);
          break;
        }
    }

  return ticks;
}

/* Measures each label and places its box under its tick, kept inside the
 * chart. Returns FALSE if two boxes come closer than TICK_LABEL_GAP. */
static gboolean
place_tick_labels (GArray            *ticks,
                   PangoLayout       *text,
                   const PlChartRect *area,
                   double             width)
{
  double previous_right = -G_MAXDOUBLE;
  gboolean fits = TRUE;

  for (guint i = 0; i < ticks->len; i++)
    {
      PlChartTick *tick = &g_array_index (ticks, PlChartTick, i);
      double w, h;

      pango_layout_set_text (text, tick->text, -1);
      measure (text, &w, &h);

      tick->extents.width = w;
      tick->extents.height = h;
      tick->extents.x = CLAMP (tick->x - w / 2., 0., MAX (0., width - w));
      tick->extents.y = area->y + area->height + X_LABEL_GAP;

      if (tick->extents.x < previous_right + TICK_LABEL_GAP)
        fits = FALSE;
      previous_right = tick->extents.x + w;
    }

  return fits;
}

static GArray *
compute_x_ticks (const PlTrendChart *chart,
                 cairo_t            *cr,
                 const Layout       *layout,
                 double              width)
{
  g_autoptr(PangoLayout) text = NULL;
  g_autoptr(GArray) ticks = NULL;
  double span;

  if (chart->n == 0 || layout->area.width <= 0. || !day_is_valid (chart->days[0])
      || !day_is_valid (chart->days[chart->n - 1]))
    return g_array_new (FALSE, TRUE, sizeof (PlChartTick));

  text = create_layout (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);
  pango_layout_set_alignment (text, PANGO_ALIGN_CENTER);
  span = MAX (1., chart->days[chart->n - 1] - chart->days[0]);

  for (guint i = 0; i < G_N_ELEMENTS (tick_steps); i++)
    {
      /* Day ticks only for short daily series: a weekly series is labelled by weeks. */
      if (tick_steps[i].unit == TICK_DAY && (span > 21. || chart_period (chart) != PERIOD_DAY))
        continue;
      /* No label is narrower than MIN_TICK_SPACING: skip steps that cannot fit. */
      if (span / tick_steps[i].approx_days > layout->area.width / MIN_TICK_SPACING + 1.)
        continue;

      g_clear_pointer (&ticks, g_array_unref);
      ticks = candidate_ticks (chart, &layout->area, i);
      if (place_tick_labels (ticks, text, &layout->area, width))
        return g_steal_pointer (&ticks);
    }

  /* Too narrow for any step: keep the labels that fit, left to right. */
  if (ticks != NULL)
    {
      double previous_right = -G_MAXDOUBLE;

      for (guint i = 0; i < ticks->len;)
        {
          PlChartTick *tick = &g_array_index (ticks, PlChartTick, i);

          if (tick->extents.x < previous_right + TICK_LABEL_GAP)
            {
              g_array_remove_index (ticks, i);
              continue;
            }
          previous_right = tick->extents.x + tick->extents.width;
          i++;
        }
      return g_steal_pointer (&ticks);
    }

  return g_array_new (FALSE, TRUE, sizeof (PlChartTick));
}

/* Drawing */

static void
draw_title (const PlTrendChart   *chart,
            const PlChartPalette *palette,
            cairo_t              *cr,
            const Layout         *layout)
{
  g_autoptr(PangoLayout) title = NULL;

  if (chart->title == NULL || chart->title[0] == '\0')
    return;

  title = create_layout (cr, TITLE_SIZE, PANGO_WEIGHT_BOLD);
  pango_layout_set_text (title, chart->title, -1);
  set_color (cr, &palette->foreground, 1.);
  cairo_move_to (cr, PAD, layout->title_y);
  pango_cairo_show_layout (cr, title);
}

static void
draw_y_axis (const PlTrendChart   *chart,
             const PlChartPalette *palette,
             cairo_t              *cr,
             const Layout         *layout)
{
  g_autoptr(PangoLayout) text = create_layout (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);
  const PlChartRect *area = &layout->area;

  pango_layout_set_alignment (text, PANGO_ALIGN_RIGHT);

  for (guint i = 0, n = y_tick_count (&layout->range); i < n; i++)
    {
      double value = y_tick_value (&layout->range, i);
      double y = range_to_y (&layout->range, area, value);
      g_autofree char *label = format_number (value, layout->range.decimals, chart->unit);
      double w, h;

      /* Crisp one-pixel lines, kept inside the plot. */
      y = CLAMP (floor (y) + .5, area->y + .5, area->y + area->height - .5);
      set_color (cr, &palette->grid, i == 0 ? 2. : 1.);
      cairo_set_line_width (cr, 1.);
      cairo_move_to (cr, area->x, y);
      cairo_line_to (cr, area->x + area->width, y);
      cairo_stroke (cr);

      pango_layout_set_text (text, label, -1);
      measure (text, &w, &h);
      set_color (cr, &palette->foreground, .7);
      cairo_move_to (cr, area->x - Y_LABEL_GAP - w, y - h / 2.);
      pango_cairo_show_layout (cr, text);
    }
}

static void
draw_x_axis (const PlChartPalette *palette,
             cairo_t              *cr,
             const Layout         *layout,
             GArray               *ticks)
{
  g_autoptr(PangoLayout) text = create_layout (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);
  const PlChartRect *area = &layout->area;
  double bottom = area->y + area->height;

  pango_layout_set_alignment (text, PANGO_ALIGN_CENTER);

  for (guint i = 0; i < ticks->len; i++)
    {
      const PlChartTick *tick = &g_array_index (ticks, PlChartTick, i);
      double x = floor (tick->x) + .5;

      set_color (cr, &palette->grid, 2.);
      cairo_set_line_width (cr, 1.);
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + 4.);
      cairo_stroke (cr);

      pango_layout_set_text (text, tick->text, -1);
      set_color (cr, &palette->foreground, .7);
      cairo_move_to (cr, tick->extents.x, tick->extents.y);
      pango_cairo_show_layout (cr, text);
    }
}

static void
fill_band (cairo_t           *cr,
           const PlChartRect *area,
           double             y1,
           double             y2)
{
  double top = round (CLAMP (MIN (y1, y2), area->y, area->y + area->height));
  double bottom = round (CLAMP (MAX (y1, y2), area->y, area->y + area->height));

  if (bottom > top)
    {
      cairo_rectangle (cr, area->x, top, area->width, bottom - top);
      cairo_fill (cr);
    }
}

static void
draw_bands (const PlTrendChart   *chart,
            const PlChartPalette *palette,
            cairo_t              *cr,
            const Layout         *layout)
{
  const PlChartRect *area = &layout->area;
  double red_y;

  if (!chart->has_red_threshold)
    return;

  red_y = range_to_y (&layout->range, area, chart->red_threshold);

  if (has_amber_band (chart))
    {
      set_color (cr, &palette->warning, BAND_ALPHA_AMBER (palette));
      fill_band (cr, area, range_to_y (&layout->range, area, chart->target), red_y);
    }

  set_color (cr, &palette->error, BAND_ALPHA_RED (palette));
  if (chart->higher_is_better)
    fill_band (cr, area, red_y, area->y + area->height);
  else
    fill_band (cr, area, area->y, red_y);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2., 0.);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0., G_PI / 2.);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2., G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3. * G_PI / 2.);
  cairo_close_path (cr);
}

/* Whether the series line or a marker passes through a box, so a label can
 * be put where it stays legible. */
static gboolean
series_crosses (const PlTrendChart *chart,
                const Layout       *layout,
                double              x0,
                double              y0,
                double              x1,
                double              y1)
{
  const PlChartRect *area = &layout->area;
  double margin = MARKER_RADIUS + 1.;
  gboolean have_previous = FALSE;
  double px = 0., py = 0.;

  for (guint i = 0; i < chart->n; i++)
    {
      double x, y;

      if (!isfinite (chart->values[i]))
        {
          have_previous = FALSE;
          continue;
        }

      x = area_day_to_x (chart, area, chart->days[i]);
      y = range_to_y (&layout->range, area, CLAMP (chart->values[i], -1e300, 1e300));

      if (x >= x0 - margin && x <= x1 + margin && y >= y0 - margin && y <= y1 + margin)
        return TRUE;

      if (have_previous && x > px && px <= x1 && x >= x0)
        {
          /* The segment's y where it enters and leaves the box's columns. */
          double from = MAX (px, x0);
          double to = MIN (x, x1);
          double ya = py + (y - py) * (from - px) / (x - px);
          double yb = py + (y - py) * (to - px) / (x - px);

          if (MAX (ya, yb) >= y0 - 1. && MIN (ya, yb) <= y1 + 1.)
            return TRUE;
        }

      px = x;
      py = y;
      have_previous = TRUE;
    }

  return FALSE;
}

static void
draw_target (const PlTrendChart   *chart,
             const PlChartPalette *palette,
             cairo_t              *cr,
             const Layout         *layout)
{
  const PlChartRect *area = &layout->area;
  double dashes[] = { 6., 4. };
  double y;

  if (!chart->has_target)
    return;

  /* Two whole pixel rows, so the line is crisp and its colour exact. */
  y = round (range_to_y (&layout->range, area, chart->target));
  cairo_save (cr);
  set_color (cr, &palette->target, 1.);
  cairo_set_line_width (cr, 2.);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
  cairo_move_to (cr, area->x, y);
  cairo_line_to (cr, area->x + area->width, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Drawn over the series, so that where the series is dense it still reads. */
static void
draw_target_label (const PlTrendChart   *chart,
                   const PlChartPalette *palette,
                   cairo_t              *cr,
                   const Layout         *layout)
{
  const PlChartRect *area = &layout->area;
  g_autoptr(PangoLayout) text = NULL;
  g_autofree char *value = NULL;
  g_autofree char *label = NULL;
  double y, w, h, label_x, label_y;
  gboolean preferred_above, crowded;

  if (!chart->has_target)
    return;

  y = round (range_to_y (&layout->range, area, chart->target));
  value = format_threshold (chart->target, chart_decimals (chart), chart->unit);
  /* Translators: the label on the target line of a chart, e.g. "Target 85%". */
  label = g_strdup_printf (_("Target %s"), value);
  text = create_layout (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);
  pango_layout_set_text (text, label, -1);
  measure (text, &w, &h);

  /* Preferably at the right end on the side without a band; failing that
   * wherever the series leaves it readable. */
  preferred_above = chart->higher_is_better;
  label_x = area->x + area->width - 6. - w;
  label_y = preferred_above ? y - 3. - h : y + 3.;
  crowded = TRUE;
  for (guint i = 0; i < 4 && crowded; i++)
    {
      gboolean above = (i < 2) == preferred_above;
      double cx = i % 2 == 0 ? area->x + area->width - 6. - w : area->x + 6.;
      double cy = above ? y - 3. - h : y + 3.;

      if (cy < area->y || cy + h > area->y + area->height)
        continue;
      if (!series_crosses (chart, layout, cx, cy, cx + w, cy + h))
        {
          label_x = cx;
          label_y = cy;
          crowded = FALSE;
        }
    }

  if (crowded)
    {
      PlColor surface = surface_color (palette);

      rounded_rectangle (cr, label_x - 4., label_y, w + 8., h, 3.);
      set_color (cr, &surface, .85);
      cairo_fill (cr);
    }

  set_color (cr, &palette->foreground, .7);
  cairo_move_to (cr, label_x, label_y);
  pango_cairo_show_layout (cr, text);
}

static void
build_series_path (cairo_t      *cr,
                   const double *xs,
                   const double *ys,
                   guint         n)
{
  gboolean pen_down = FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (ys[i]))
        {
          pen_down = FALSE;
          continue;
        }

      if (pen_down)
        cairo_line_to (cr, xs[i], ys[i]);
      else
        cairo_move_to (cr, xs[i], ys[i]);
      pen_down = TRUE;
    }
}

static void
draw_series (const PlTrendChart   *chart,
             const PlChartPalette *palette,
             cairo_t              *cr,
             const Layout         *layout)
{
  const PlChartRect *area = &layout->area;
  guint columns = (guint) MAX (1., ceil (area->width));
  g_autofree double *xs = NULL;
  g_autofree double *ys = NULL;
  gboolean reduced = FALSE;
  guint n = chart->n;
  double spacing;

  if (n == 0)
    return;

  if (n > columns)
    {
      double first = area_x_to_day (chart, area, area->x);
      double last = area_x_to_day (chart, area, area->x + area->width);

      xs = g_new (double, 4 * (gsize) columns);
      ys = g_new (double, 4 * (gsize) columns);
      n = pl_chart_reduce_minmax (chart->days, chart->values, chart->n, first, last, columns,
                                  xs, ys);
      reduced = TRUE;
    }
  else
    {
      xs = g_memdup2 (chart->days, sizeof (double) * n);
      ys = g_memdup2 (chart->values, sizeof (double) * n);
    }

  for (guint i = 0; i < n; i++)
    {
      xs[i] = area_day_to_x (chart, area, xs[i]);
      if (isfinite (ys[i]))
        ys[i] = range_to_y (&layout->range, area, CLAMP (ys[i], -1e300, 1e300));
    }

  cairo_save (cr);
  cairo_set_line_width (cr, SERIES_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  set_color (cr, &palette->accent, 1.);
  build_series_path (cr, xs, ys, n);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* Markers only where they stay apart; a dense series is its line. */
  spacing = chart->n > 1 ? (area->width - 2. * x_inset (area)) / (chart->n - 1) : area->width;
  if (reduced || spacing < MARKER_SPACING)
    return;

  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (ys[i]))
        continue;

      set_color (cr, status_color (palette, value_status (chart, chart->values[i])), 1.);
      cairo_new_sub_path (cr);
      cairo_arc (cr, xs[i], ys[i], spacing < 12. ? MARKER_RADIUS - .5 : MARKER_RADIUS, 0.,
                 2. * G_PI);
      cairo_fill (cr);
    }
}

static void
draw_highlight (const PlTrendChart   *chart,
                const PlChartPalette *palette,
                cairo_t              *cr,
                const Layout         *layout)
{
  const PlChartRect *area = &layout->area;
  PlColor surface = surface_color (palette);
  g_autoptr(PangoLayout) text = NULL;
  g_autofree char *date = NULL;
  g_autofree char *value = NULL;
  g_autofree char *markup = NULL;
  double value_y, x, w, h, box_x, box_y, box_w, box_h;
  Status status;
  int i = chart->highlight;

  if (i < 0 || (guint) i >= chart->n || !isfinite (chart->values[i]))
    return;

  x = area_day_to_x (chart, area, chart->days[i]);
  value_y = range_to_y (&layout->range, area, CLAMP (chart->values[i], -1e300, 1e300));
  status = value_status (chart, chart->values[i]);

  set_color (cr, &palette->foreground, .3);
  cairo_set_line_width (cr, 1.);
  cairo_move_to (cr, floor (x) + .5, area->y);
  cairo_line_to (cr, floor (x) + .5, area->y + area->height);
  cairo_stroke (cr);

  cairo_arc (cr, x, value_y, MARKER_RADIUS + 3., 0., 2. * G_PI);
  set_color (cr, &surface, 1.);
  cairo_fill (cr);
  cairo_arc (cr, x, value_y, MARKER_RADIUS + 1.5, 0., 2. * G_PI);
  set_color (cr, status_color (palette, status), 1.);
  cairo_fill (cr);

  date = format_period (chart, chart->days[i]);
  value = format_number (chart->values[i], chart_decimals (chart), chart->unit);
  if (status != STATUS_NONE)
    markup = g_markup_printf_escaped ("<span alpha=\"70%%\">%s</span>\n<b>%s</b>  "
                                      "<span alpha=\"70%%\">%s</span>",
                                      date, value, status_text (status));
  else
    markup = g_markup_printf_escaped ("<span alpha=\"70%%\">%s</span>\n<b>%s</b>", date, value);

  text = create_layout (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);
  pango_layout_set_markup (text, markup, -1);
  pango_layout_set_spacing (text, 2 * PANGO_SCALE);
  measure (text, &w, &h);

  box_w = ceil (w) + 20.;
  box_h = ceil (h) + 14.;
  box_x = x + 14.;
  if (box_x + box_w > area->x + area->width - 4.)
    box_x = x - 14. - box_w;
  box_x = MAX (box_x, area->x + 4.);
  box_y = value_y - box_h - 12.;
  if (box_y < area->y + 4.)
    box_y = value_y + 12.;
  box_y = MIN (box_y, area->y + area->height - 4. - box_h);
  box_y = MAX (box_y, area->y + 4.);
  box_x = round (box_x);
  box_y = round (box_y);

  /* A soft shadow under an opaque card. */
  rounded_rectangle (cr, box_x, box_y + 1., box_w, box_h, 6.);
  cairo_set_source_rgba (cr, 0., 0., 0., palette->dark ? .3 : .08);
  cairo_fill (cr);
  rounded_rectangle (cr, box_x + .5, box_y + .5, box_w - 1., box_h - 1., 6.);
  set_color (cr, &surface, 1.);
  cairo_fill_preserve (cr);
  set_color (cr, &palette->foreground, palette->dark ? .15 : .12);
  cairo_set_line_width (cr, 1.);
  cairo_stroke (cr);

  set_color (cr, &palette->foreground, 1.);
  cairo_move_to (cr, box_x + 10., box_y + 7.);
  pango_cairo_show_layout (cr, text);
}

static void
draw_empty (const PlTrendChart   *chart,
            const PlChartPalette *palette,
            cairo_t              *cr,
            const Layout         *layout)
{
  g_autoptr(PangoLayout) text = create_layout (cr, FONT_SIZE + 1, PANGO_WEIGHT_NORMAL);
  const PlChartRect *area = &layout->area;
  double w, h, y;

  pango_layout_set_text (text, _("No data yet"), -1);
  measure (text, &w, &h);

  /* In the middle, unless the target line runs there. */
  y = area->y + (area->height - h) / 2.;
  if (chart->has_target)
    {
      double target_y = range_to_y (&layout->range, area, chart->target);

      if (fabs (target_y - (y + h / 2.)) < h)
        y = target_y > area->y + area->height / 2. ? area->y + area->height * .3 - h / 2.
                                                   : area->y + area->height * .7 - h / 2.;
    }

  set_color (cr, &palette->foreground, .55);
  cairo_move_to (cr, area->x + (area->width - w) / 2., y);
  pango_cairo_show_layout (cr, text);
}

static gboolean
has_finite_value (const PlTrendChart *chart)
{
  for (guint i = 0; i < chart->n; i++)
    if (isfinite (chart->values[i]))
      return TRUE;

  return FALSE;
}

/* Public API */

void
pl_trend_chart_init (PlTrendChart *chart)
{
  g_return_if_fail (chart != NULL);

  memset (chart, 0, sizeof *chart);
  chart->unit = "";
  chart->decimals = 1;
  chart->higher_is_better = TRUE;
  chart->highlight = -1;
}

void
pl_trend_chart_render (const PlTrendChart   *chart,
                       const PlChartPalette *palette,
                       cairo_t              *cr,
                       double                width,
                       double                height)
{
  g_autoptr(GArray) ticks = NULL;
  Layout layout;

  g_return_if_fail (chart != NULL);
  g_return_if_fail (palette != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (chart->n == 0 || (chart->days != NULL && chart->values != NULL));

  if (width <= 0. || height <= 0.)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, 0., 0., width, height);
  cairo_clip (cr);

  if (palette->background.alpha > 0.)
    {
      set_color (cr, &palette->background, 1.);
      cairo_paint (cr);
    }

  compute_layout (chart, cr, width, height, &layout);
  draw_title (chart, palette, cr, &layout);
  legend_flow (chart, palette, cr, PAD, layout.legend_y, width - 2. * PAD);

  if (layout.area.width > 0. && layout.area.height > 0.)
    {
      ticks = compute_x_ticks (chart, cr, &layout, width);

      cairo_save (cr);
      cairo_rectangle (cr, layout.area.x, layout.area.y, layout.area.width, layout.area.height);
      cairo_clip (cr);
      draw_bands (chart, palette, cr, &layout);
      cairo_restore (cr);

      /* Grid lines are inside the plot; their labels sit in the left margin. */
      draw_y_axis (chart, palette, cr, &layout);
      draw_x_axis (palette, cr, &layout, ticks);

      cairo_save (cr);
      cairo_rectangle (cr, layout.area.x, layout.area.y, layout.area.width, layout.area.height);
      cairo_clip (cr);
      draw_target (chart, palette, cr, &layout);
      if (has_finite_value (chart))
        {
          draw_series (chart, palette, cr, &layout);
          draw_target_label (chart, palette, cr, &layout);
          draw_highlight (chart, palette, cr, &layout);
        }
      else
        {
          draw_target_label (chart, palette, cr, &layout);
          draw_empty (chart, palette, cr, &layout);
        }
      cairo_restore (cr);
    }

  cairo_restore (cr);
}

void
pl_trend_chart_get_plot_area (const PlTrendChart *chart,
                              cairo_t            *cr,
                              double              width,
                              double              height,
                              PlChartRect        *area)
{
  Layout layout;

  g_return_if_fail (chart != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (area != NULL);

  compute_layout (chart, cr, width, height, &layout);
  *area = layout.area;
}

double
pl_trend_chart_value_to_y (const PlTrendChart *chart,
                           const PlChartRect  *area,
                           double              value)
{
  YRange range;

  g_return_val_if_fail (chart != NULL, 0.);
  g_return_val_if_fail (area != NULL, 0.);

  compute_y_range (chart, area->height, &range);
  return range_to_y (&range, area, value);
}

double
pl_trend_chart_day_to_x (const PlTrendChart *chart,
                         const PlChartRect  *area,
                         double              day)
{
  g_return_val_if_fail (chart != NULL, 0.);
  g_return_val_if_fail (area != NULL, 0.);

  return area_day_to_x (chart, area, day);
}

int
pl_trend_chart_hit_test (const PlTrendChart *chart,
                         cairo_t            *cr,
                         double              width,
                         double              height,
                         double              px,
                         double              py)
{
  Layout layout;
  double day;
  int best = -1;
  double best_distance = G_MAXDOUBLE;
  guint lo, hi;

  g_return_val_if_fail (chart != NULL, -1);
  g_return_val_if_fail (cr != NULL, -1);

  if (chart->n == 0)
    return -1;

  compute_layout (chart, cr, width, height, &layout);
  if (px < layout.area.x || px > layout.area.x + layout.area.width || py < layout.area.y
      || py > layout.area.y + layout.area.height)
    return -1;

  /* Binary search for the first day at or after the pointer, then look
   * outwards for the nearest period that has a value. */
  day = area_x_to_day (chart, &layout.area, px);
  lo = 0;
  hi = chart->n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (chart->days[mid] < day)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint i = lo; i < chart->n; i++)
    if (isfinite (chart->values[i]))
      {
        best = (int) i;
        best_distance = fabs (chart->days[i] - day);
        break;
      }
  for (guint i = lo; i > 0; i--)
    if (isfinite (chart->values[i - 1]))
      {
        if (fabs (chart->days[i - 1] - day) <= best_distance)
          best = (int) i - 1;
        break;
      }

  return best;
}

GArray *
pl_trend_chart_get_x_ticks (const PlTrendChart *chart,
                            cairo_t            *cr,
                            double              width,
                            double              height)
{
  Layout layout;

  g_return_val_if_fail (chart != NULL, NULL);
  g_return_val_if_fail (cr != NULL, NULL);

  compute_layout (chart, cr, width, height, &layout);
  return compute_x_ticks (chart, cr, &layout, width);
}

static void
append_reduced (double *out_x,
                double *out_y,
                guint  *n_out,
                double  x,
                double  y)
{
  /* One NAN marks a gap; never two in a row, never at the start. */
  if (!isfinite (y) && (*n_out == 0 || !isfinite (out_y[*n_out - 1])))
    return;

  out_x[*n_out] = x;
  out_y[*n_out] = y;
  (*n_out)++;
}

guint
pl_chart_reduce_minmax (const double *x,
                        const double *y,
                        guint         n,
                        double        x_min,
                        double        x_max,
                        guint         columns,
                        double       *out_x,
                        double       *out_y)
{
  guint n_out = 0;
  guint i = 0;

  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), 0);
  g_return_val_if_fail (columns > 0, 0);
  g_return_val_if_fail (out_x != NULL && out_y != NULL, 0);

  if (!(x_max > x_min))
    x_max = x_min + 1.;

  while (i < n)
    {
      double position = (x[i] - x_min) / (x_max - x_min) * columns;
      guint column = (guint) CLAMP (floor (position), 0., columns - 1.);
      gboolean gap_before = FALSE;
      gboolean gap_after = FALSE;
      gboolean any = FALSE;
      guint min_i = 0, max_i = 0;
      double gap_x = x[i];

      for (; i < n; i++)
        {
          double p = (x[i] - x_min) / (x_max - x_min) * columns;

          if ((guint) CLAMP (floor (p), 0., columns - 1.) != column)
            break;

          if (!isfinite (y[i]))
            {
              if (any)
                gap_after = TRUE;
              else
                gap_before = TRUE;
              gap_x = x[i];
              continue;
            }

          if (!any)
            {
              min_i = max_i = i;
              any = TRUE;
            }
          else
            {
              if (y[i] < y[min_i])
                min_i = i;
              if (y[i] > y[max_i])
                max_i = i;
            }
        }

      if (gap_before)
        append_reduced (out_x, out_y, &n_out, gap_x, NAN);
      if (any)
        {
          guint first = MIN (min_i, max_i);
          guint last = MAX (min_i, max_i);

          append_reduced (out_x, out_y, &n_out, x[first], y[first]);
          if (last != first)
            append_reduced (out_x, out_y, &n_out, x[last], y[last]);
        }
      if (gap_after)
        append_reduced (out_x, out_y, &n_out, gap_x, NAN);

      /* At most a gap, a minimum, a maximum and a gap per column. */
      g_assert (n_out <= 4 * (column + 1));
    }

  return n_out;
}

static char *
format_when (Period period,
             double day)
{
  g_autofree char *date = NULL;

  switch (period)
    {
    case PERIOD_DAY:
      date = format_day (day, C_("chart date", "%a %-d %b %Y"));
      /* Translators: "highest 88.0% on Mon 4 May 2026" */
      return g_strdup_printf (_("on %s"), date);
    case PERIOD_MONTH:
      date = format_day (day, C_("chart month", "%B %Y"));
      /* Translators: "highest 88.0% in May 2026" */
      return g_strdup_printf (_("in %s"), date);
    case PERIOD_WEEK:
    default:
      date = format_day (day, C_("chart date", "%-d %b %Y"));
      /* Translators: "highest 88.0% in the week of 4 May 2026" */
      return g_strdup_printf (_("in the week of %s"), date);
    }
}

static char *
period_count (Period period,
              guint  on_target,
              guint  total)
{
  switch (period)
    {
    case PERIOD_DAY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u day on target", "%u of %u days on target", total),
                              on_target, total);
    case PERIOD_MONTH:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u month on target", "%u of %u months on target",
                                        total),
                              on_target, total);
    case PERIOD_WEEK:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u week on target", "%u of %u weeks on target",
                                        total),
                              on_target, total);
    }
}

char *
pl_trend_chart_describe (const PlTrendChart *chart)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *label;
  const char *date_format = C_("chart date", "%-d %b %Y");
  Period period;
  int decimals;
  int latest = -1, highest = -1, lowest = -1;
  guint on_target = 0, total = 0;

  g_return_val_if_fail (chart != NULL, NULL);

  label = chart->series_label != NULL && chart->series_label[0] != '\0' ? chart->series_label
          : chart->title != NULL && chart->title[0] != '\0'             ? chart->title
                                                                        : _("Trend");
  period = chart_period (chart);
  decimals = chart_decimals (chart);

  for (guint i = 0; i < chart->n; i++)
    {
      double value = chart->values[i];

      if (!isfinite (value))
        continue;
      total++;
      latest = (int) i;
      if (highest < 0 || value > chart->values[highest])
        highest = (int) i;
      if (lowest < 0 || value < chart->values[lowest])
        lowest = (int) i;
      if (value_status (chart, value) == STATUS_ON_TARGET)
        on_target++;
    }

  if (total == 0)
    {
      g_string_append_printf (text, _("%s: no data yet."), label);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  {
    g_autofree char *from = format_day (chart->days[0], date_format);
    g_autofree char *to = format_day (chart->days[chart->n - 1], date_format);
    g_autofree char *value = format_number (chart->values[latest], decimals, chart->unit);

    if (chart->n == 1 || !(chart->days[chart->n - 1] > chart->days[0]))
      {
        g_autofree char *when = format_when (period, chart->days[0]);

        /* Translators: "Weekly CSAT in the week of 6 Apr 2026: latest 82.1%" */
        g_string_append_printf (text, _("%s %s: latest %s"), label, when, value);
      }
    else
      {
        /* Translators: "Weekly CSAT from 6 Apr 2026 to 21 Sep 2026: latest 82.1%" */
        g_string_append_printf (text, _("%s from %s to %s: latest %s"), label, from, to, value);
      }
  }

  if (chart->has_target)
    {
      g_autofree char *target = format_threshold (chart->target, decimals, chart->unit);

      /* Translators: " (target 85%, at risk)" after the latest value */
      g_string_append_printf (text, _(" (target %s, %s)"), target,
                              status_text (value_status (chart, chart->values[latest])));
    }

  if (total > 1)
    {
      g_autofree char *high = format_number (chart->values[highest], decimals, chart->unit);
      g_autofree char *low = format_number (chart->values[lowest], decimals, chart->unit);
      g_autofree char *high_when = format_when (period, chart->days[highest]);
      g_autofree char *low_when = format_when (period, chart->days[lowest]);

      /* Translators: "; highest 88.0% in the week of 4 May 2026; lowest 79.2% in …" */
      g_string_append_printf (text, _("; highest %s %s; lowest %s %s"), high, high_when, low,
                              low_when);
    }

  if (chart->has_target)
    {
      g_autofree char *count = period_count (period, on_target, total);

      g_string_append_printf (text, "; %s", count);
    }

  g_string_append (text, ".");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

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

/* Saves by the extension of @path. A %NULL palette means the light one;
 * a transparent background becomes opaque white (or dark grey for a dark
 * palette), since a file has no window behind it. */
gboolean
pl_trend_chart_save (const PlTrendChart   *chart,
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
  PlChartPalette light;
  PlTrendChart still;
  cairo_surface_t *surface;
  cairo_status_t status;
  SaveFormat format;
  cairo_t *cr;

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

  /* A saved chart goes into documents: light, on white, with no hover state. */
  if (palette == NULL)
    {
      pl_chart_palette_init_light (&light);
      palette = &light;
    }
  else
    light = *palette;
  if (light.background.alpha < 1.)
    {
      light.background = palette->dark ? (PlColor) { .14, .14, .14, 1. }
                                       : (PlColor) { 1., 1., 1., 1. };
      palette = &light;
    }
  still = *chart;
  still.highlight = -1;

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
      if (chart->title != NULL || chart->series_label != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                        chart->title != NULL ? chart->title : chart->series_label);
      break;
    }

  cr = cairo_create (surface);
  pl_trend_chart_render (&still, palette, cr, width, height);
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
