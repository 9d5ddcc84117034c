/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "pl-chart-common.h"
#include "pl-trend-chart.h"

#define FONT_SIZE        PL_CHART_FONT_SIZE
#define PAD              PL_CHART_PAD
#define LEGEND_BOTTOM    12.
#define Y_LABEL_GAP      PL_CHART_LABEL_GAP
#define X_LABEL_GAP      6.
#define RIGHT_MARGIN     10.
#define X_INSET          10.
#define TICK_LABEL_GAP   12.
#define MIN_TICK_SPACING 24.
#define Y_TICK_SPACING   36.
#define MARKER_RADIUS    3.
#define MARKER_SPACING   7.
#define SIGNAL_RADIUS    6.
#define SERIES_WIDTH     2.
#define LIMIT_WIDTH      1.5
#define LABEL_ROW_GAP    2.   /* between rows of intervention labels */
#define LABEL_LINE_GAP   4.   /* between an intervention line and its label */
#define LABEL_GAP        8.   /* between two labels in a row */
#define STRIP_GAP        4.   /* between the labels and the plot */
#define MAX_LABEL_ROWS   3
#define MIN_LABEL_WIDTH  28.  /* a label shortened below this is left out */
#define BAND_ALPHA_AMBER(palette)    ((palette)->dark ? .08 : .16)
#define BAND_ALPHA_RED(palette)      (.12)
#define INTERVAL_ALPHA(palette)      ((palette)->dark ? .24 : .16)
#define LIMIT_ALPHA                  .7
#define CENTRE_ALPHA                 .65
#define INTERVENTION_ALPHA           .55
#define COMPARE_ALPHA                .5
#define COMPARE_WIDTH                1.5
#define EPOCH_JULIAN     719163 /* g_date_get_julian() of 1970-01-01 */
#define MAX_LISTED       6      /* signals or interventions named in the summary */

typedef enum
{
  PERIOD_DAY,
  PERIOD_WEEK,
  PERIOD_MONTH,
} Period;

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
  PlChartRect legend;
  double      line_height;
  guint       label_rows;  /* rows of intervention labels above the plot */
  PlChartRect area;
  YRange      range;
} Layout;

/* The series in pixels: reduced to the plot's columns when long. */
typedef struct
{
  double   *x;
  double   *y;
  guint     n;
  gboolean  reduced;
} Points;

/* Where an intervention's label goes. */
typedef struct
{
  double      x;          /* the line */
  gboolean    visible;    /* its day is inside the plot */
  gboolean    shown;      /* the label has room */
  gboolean    shortened;
  guint       row;        /* 0 is the row next to the plot */
  PlChartRect box;
} LabelPlace;

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

static int
chart_decimals (const PlTrendChart *chart)
{
  return CLAMP (chart->decimals, 0, 6);
}

static double
clamp_value (double value)
{
  /* Keep the arithmetic finite whatever the data. */
  return CLAMP (value, -1e300, 1e300);
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
  g_autoptr(GDateTime) date_time = NULL;

  if (!isfinite (day) || fabs (day) > 3e6)
    return g_strdup ("?");
  date_time = day_to_date_time (day);
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

/* What is on the chart */

static PlChartStatus
value_status (const PlTrendChart *chart,
              double              value)
{
  return pl_chart_status_for_value (value, chart->has_target, chart->target,
                                    chart->has_red_threshold, chart->red_threshold,
                                    chart->higher_is_better);
}

static gboolean
has_amber_band (const PlTrendChart *chart)
{
  if (!chart->has_target || !chart->has_red_threshold)
    return FALSE;

  return chart->higher_is_better ? chart->red_threshold < chart->target
                                 : chart->red_threshold > chart->target;
}

static gboolean
has_interval (const PlTrendChart *chart)
{
  return chart->lower != NULL && chart->upper != NULL;
}

static gboolean
point_has_interval (const PlTrendChart *chart,
                    guint               i)
{
  return has_interval (chart) && isfinite (chart->lower[i]) && isfinite (chart->upper[i]);
}

static const char *
interval_label (const PlTrendChart *chart)
{
  if (chart->interval_label != NULL && chart->interval_label[0] != '\0')
    return chart->interval_label;

  return _("Interval");
}

static double
point_ucl (const PlTrendChart *chart,
           guint               i)
{
  return chart->ucls != NULL ? chart->ucls[i] : chart->ucl;
}

static double
point_lcl (const PlTrendChart *chart,
           guint               i)
{
  return chart->lcls != NULL ? chart->lcls[i] : chart->lcl;
}

static gboolean
limits_vary (const PlTrendChart *chart)
{
  return chart->has_control_limits && (chart->ucls != NULL || chart->lcls != NULL);
}

static gboolean
signal_is_valid (const PlTrendChart  *chart,
                 const PlTrendSignal *signal)
{
  return signal->index < chart->n && isfinite (chart->values[signal->index]);
}

static guint
count_signals (const PlTrendChart *chart)
{
  guint count = 0;

  for (guint i = 0; i < chart->n_signals; i++)
    count += signal_is_valid (chart, &chart->signals[i]);

  return count;
}

static char *
signal_text (const PlTrendSignal *signal)
{
  if (signal->text != NULL && signal->text[0] != '\0')
    return g_strdup (signal->text);

  /* Translators: a special-cause signal without a description */
  return g_strdup_printf (_("Western Electric rule %u"), signal->rule);
}

/* The point whose period holds @day, or -1 when it is outside the series. */
static int
point_for_day (const PlTrendChart *chart,
               double              day)
{
  double spacing;
  guint lo = 0, hi;

  if (chart->n == 0 || !isfinite (day) || day < floor (chart->days[0]))
    return -1;

  spacing = chart->n > 1 ? (chart->days[chart->n - 1] - chart->days[0]) / (chart->n - 1) : 1.;
  if (day >= chart->days[chart->n - 1] + MAX (1., spacing))
    return -1;

  /* The last point on or before the day. */
  hi = chart->n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (chart->days[mid] <= day)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo > 0 ? (int) lo - 1 : 0;
}

static gboolean
has_finite_value (const PlTrendChart *chart)
{
  for (guint i = 0; i < chart->n; i++)
    if (isfinite (chart->values[i]))
      return TRUE;

  return FALSE;
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
widen (double   value,
       double  *lo,
       double  *hi,
       gboolean *any)
{
  if (!isfinite (value))
    return;

  value = clamp_value (value);
  *lo = MIN (*lo, value);
  *hi = MAX (*hi, value);
  *any = TRUE;
}

static void
compute_y_range (const PlTrendChart *chart,
                 double              plot_height,
                 YRange             *range)
{
  gboolean percent = g_strcmp0 (chart->unit, "%") == 0;
  gboolean any = FALSE;
  gboolean band = has_interval (chart);
  double lo = G_MAXDOUBLE;
  double hi = -G_MAXDOUBLE;
  double min_step = pow (10., -chart_decimals (chart));
  double span;
  int count;

  for (guint i = 0; i < chart->n; i++)
    {
      double value = chart->values[i];

      /* NAN fails both comparisons; the loop is the cost of a long series. */
      if (value < lo)
        lo = value;
      if (value > hi)
        hi = value;
    }
  if (isfinite (lo) && isfinite (hi) && lo <= hi)
    any = TRUE;
  else
    {
      /* Infinities are left out, as if they were gaps. */
      lo = G_MAXDOUBLE;
      hi = -G_MAXDOUBLE;
      for (guint i = 0; i < chart->n; i++)
        widen (chart->values[i], &lo, &hi, &any);
    }
  for (guint i = 0; (band || chart->has_control_limits) && i < chart->n; i++)
    {
      if (band)
        {
          widen (chart->lower[i], &lo, &hi, &any);
          widen (chart->upper[i], &lo, &hi, &any);
        }
      if (chart->has_control_limits)
        {
          if (chart->ucls != NULL)
            widen (chart->ucls[i], &lo, &hi, &any);
          if (chart->lcls != NULL)
            widen (chart->lcls[i], &lo, &hi, &any);
        }
    }
  for (guint i = 0; chart->compare != NULL && i < chart->n; i++)
    widen (chart->compare[i], &lo, &hi, &any);
  if (chart->has_target)
    widen (chart->target, &lo, &hi, &any);
  if (chart->has_red_threshold)
    widen (chart->red_threshold, &lo, &hi, &any);
  if (chart->has_control_limits)
    {
      widen (chart->centre, &lo, &hi, &any);
      if (chart->ucls == NULL)
        widen (chart->ucl, &lo, &hi, &any);
      if (chart->lcls == NULL)
        widen (chart->lcl, &lo, &hi, &any);
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

  /* A percentage that stays within 0–100% is drawn on no more than that. */
  if (percent && any && lo + span * .08 >= 0. && hi - span * .08 <= 100.)
    {
      range->min = MAX (range->min, 0.);
      range->max = MIN (range->max, 100.);
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
  return area->y + area->height * (range->max - clamp_value (value)) / (range->max - range->min);
}

/* The legend */

#define MAX_LEGEND_ITEMS 9

static guint
legend_items (const PlTrendChart   *chart,
              const PlChartPalette *palette,
              PlChartLegendItem     items[MAX_LEGEND_ITEMS])
{
  guint n = 0;

  if (chart->series_label != NULL && chart->series_label[0] != '\0')
    items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_LINE, palette->accent, chart->series_label, };
  if (chart->compare != NULL)
    {
      PlColor line = palette->foreground;

      line.alpha *= COMPARE_ALPHA;
      items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_LINE, line,
                                         chart->compare_label != NULL ? chart->compare_label
                                                                      : _("Comparison"), };
    }
  if (has_interval (chart))
    {
      PlColor band = palette->accent;

      band.alpha *= INTERVAL_ALPHA (palette) * 1.6;
      items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_BOX, band, interval_label (chart), };
    }
  if (chart->has_target)
    items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_DASHED, palette->target, _("Target"), };
  if (has_amber_band (chart))
    {
      PlColor amber = palette->warning;

      amber.alpha *= BAND_ALPHA_AMBER (palette) * 2.;
      items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_BOX, amber, _("At risk"), };
    }
  if (chart->has_red_threshold)
    {
      PlColor red = palette->error;

      red.alpha *= BAND_ALPHA_RED (palette) * 2.;
      items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_BOX, red, _("Off target"), };
    }
  if (chart->has_control_limits)
    {
      PlColor centre = palette->foreground;
      PlColor limits = palette->foreground;

      centre.alpha *= CENTRE_ALPHA;
      limits.alpha *= LIMIT_ALPHA;
      items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_RULE, centre, _("Centre line"), };
      items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_DASHED, limits, _("Control limits"), };
    }
  if (count_signals (chart) > 0)
    items[n++] = (PlChartLegendItem) { PL_CHART_SWATCH_DIAMOND, palette->error,
                                       _("Special-cause signal"), };

  g_assert (n <= MAX_LEGEND_ITEMS);
  return n;
}

static double
legend (const PlTrendChart   *chart,
        const PlChartPalette *palette,
        cairo_t              *cr,
        double                y,
        double                width)
{
  PlChartLegendItem items[MAX_LEGEND_ITEMS];
  PlChartPalette light;
  guint n;

  /* Measuring needs the same items; any palette gives the same sizes. */
  pl_chart_palette_init_light (&light);
  n = legend_items (chart, palette != NULL ? palette : &light, items);

  return pl_chart_legend (items, n, palette, cr, PAD, y, width - 2. * PAD);
}

/* Geometry shared by rendering, hit-testing and the tests */

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

static void
layout_with_rows (const PlTrendChart *chart,
                  cairo_t            *cr,
                  double              width,
                  double              height,
                  guint               label_rows,
                  Layout             *layout)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);
  double top = PAD;
  double bottom;
  double label_width = 0.;
  double legend_height;

  layout->line_height = pl_chart_line_height (text);

  layout->title_y = top;
  if (chart->title != NULL && chart->title[0] != '\0')
    top += pl_chart_title_height (cr, chart->title) + 6.;

  legend_height = legend (chart, NULL, cr, top, width);
  layout->legend = (PlChartRect) { PAD, top, MAX (0., width - 2. * PAD), legend_height };
  if (legend_height > 0.)
    top += legend_height + LEGEND_BOTTOM;
  else
    top += layout->line_height / 2.;

  layout->label_rows = label_rows;
  if (label_rows > 0)
    top += label_rows * (layout->line_height + LABEL_ROW_GAP) + STRIP_GAP;

  /* Two lines under the axis: the date, and the year where it changes. */
  bottom = height - PAD - X_LABEL_GAP - 2. * layout->line_height;

  layout->area.y = top;
  layout->area.height = MAX (0., bottom - top);
  compute_y_range (chart, layout->area.height, &layout->range);

  for (guint i = 0, n = y_tick_count (&layout->range); i < n; i++)
    {
      g_autofree char *label = pl_chart_format_number (y_tick_value (&layout->range, i),
                                                       layout->range.decimals, chart->unit);

      label_width = MAX (label_width, pl_chart_text_set (text, label, 0.));
    }

  layout->area.x = PAD + ceil (label_width) + Y_LABEL_GAP;
  layout->area.width = MAX (0., width - RIGHT_MARGIN - layout->area.x);
}

/* Intervention labels: in rows above the plot, row 0 next to it. A label
 * sits right of its line, which runs from the top of the label down
 * through the plot; so no label may sit in a lower row across another's
 * line, and none may cover a line that comes down from a higher row.
 * Placed from the latest back, each in the lowest row free for it, close
 * labels climb like stairs to the left. */

static double
label_row_y (const Layout *layout,
             guint         row)
{
  return layout->area.y - STRIP_GAP - (row + 1) * (layout->line_height + LABEL_ROW_GAP)
         + LABEL_ROW_GAP;
}

static gboolean
box_clear (const LabelPlace *places,
           const guint      *order,
           guint             n_placed,
           guint             row,
           double            left,
           double            right,
           double            x)
{
  for (guint k = 0; k < n_placed; k++)
    {
      const LabelPlace *other = &places[order[k]];

      if (!other->shown)
        continue;
      if (other->row == row && left < other->box.x + other->box.width + LABEL_GAP
          && right + LABEL_GAP > other->box.x)
        return FALSE;
      if (other->row < row && x >= other->box.x - 2. && x <= other->box.x + other->box.width + 2.)
        return FALSE;
      if (other->row > row && other->x >= left - 2. && other->x <= right + 2.)
        return FALSE;
    }

  return TRUE;
}

/* How far right of @left a label in @row may reach, or 0 when it cannot start there. */
static double
room_from (const LabelPlace *places,
           const guint      *order,
           guint             n_placed,
           guint             row,
           double            left,
           double            x,
           double            right_limit)
{
  double right = right_limit;

  if (!box_clear (places, order, n_placed, row, left, left + 1., x))
    return 0.;

  for (guint k = 0; k < n_placed; k++)
    {
      const LabelPlace *other = &places[order[k]];

      if (!other->shown)
        continue;
      if (other->row == row && other->box.x >= left)
        right = MIN (right, other->box.x - LABEL_GAP);
      if (other->row > row && other->x >= left)
        right = MIN (right, other->x - 3.);
    }

  return MAX (0., right - left);
}

static int
compare_days (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const PlTrendIntervention *interventions = user_data;
  double da = interventions[*(const guint *) a].day;
  double db = interventions[*(const guint *) b].day;

  /* Latest first. */
  return (da < db) - (da > db);
}

/* Places the labels in at most @max_rows rows; returns the rows used. */
static guint
plan_labels (const PlTrendChart *chart,
             cairo_t            *cr,
             const Layout       *layout,
             guint               max_rows,
             LabelPlace         *places)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);
  g_autofree guint *order = g_new (guint, MAX (1, chart->n_interventions));
  const PlChartRect *area = &layout->area;
  double right_limit = area->x + area->width;
  guint rows = 0;

  for (guint i = 0; i < chart->n_interventions; i++)
    {
      order[i] = i;
      places[i] = (LabelPlace) { 0, };
    }
  g_qsort_with_data (order, chart->n_interventions, sizeof (guint), compare_days,
                     (gpointer) chart->interventions);

  for (guint i = 0; i < chart->n_interventions; i++)
    {
      const PlTrendIntervention *intervention = &chart->interventions[i];

      places[i].x = area_day_to_x (chart, area, intervention->day);
      places[i].visible = chart->n > 0 && day_is_valid (intervention->day)
                          && places[i].x >= area->x && places[i].x <= area->x + area->width;
    }

  for (guint k = 0; k < chart->n_interventions; k++)
    {
      const PlTrendIntervention *intervention = &chart->interventions[order[k]];
      LabelPlace *place = &places[order[k]];
      double best_room = 0.;
      double least_left = area->x;
      guint best_row = 0;
      double w, left;

      if (!place->visible || max_rows == 0 || area->width <= 0.
          || intervention->label == NULL || intervention->label[0] == '\0')
        continue;

      /* The labels still to place go above this one, so their lines come
       * down past it: it must not reach back over them. */
      for (guint j = k + 1; j < chart->n_interventions; j++)
        if (places[order[j]].visible && places[order[j]].x <= place->x)
          least_left = MAX (least_left, places[order[j]].x + 3.);

      w = ceil (pl_chart_text_set (text, intervention->label, 0.));
      /* Right of the line, or pulled left at the plot's right edge. */
      left = MAX (least_left, MIN (place->x + LABEL_LINE_GAP, right_limit - w));

      for (guint row = 0; row < max_rows && !place->shown; row++)
        {
          double room;

          if (left + w <= right_limit
              && box_clear (places, order, k, row, left, left + w, place->x))
            {
              place->shown = TRUE;
              place->row = row;
              place->box = (PlChartRect) { left, label_row_y (layout, row), w,
                                           layout->line_height };
              break;
            }

          room = room_from (places, order, k, row, place->x + LABEL_LINE_GAP, place->x,
                            right_limit);
          if (room > best_room)
            {
              best_room = room;
              best_row = row;
            }
        }

      if (!place->shown && best_room >= MIN_LABEL_WIDTH)
        {
          double shown = ceil (pl_chart_text_set (text, intervention->label, floor (best_room)));

          place->shown = TRUE;
          place->shortened = TRUE;
          place->row = best_row;
          place->box = (PlChartRect) { place->x + LABEL_LINE_GAP, label_row_y (layout, best_row),
                                       MIN (shown, floor (best_room)), layout->line_height };
        }

      if (place->shown)
        rows = MAX (rows, place->row + 1);
    }

  return rows;
}

static void
compute_layout (const PlTrendChart *chart,
                cairo_t            *cr,
                double              width,
                double              height,
                Layout             *layout)
{
  g_autofree LabelPlace *places = NULL;
  double row_height;
  guint max_rows, rows;

  layout_with_rows (chart, cr, width, height, 0, layout);
  if (chart->n_interventions == 0 || chart->interventions == NULL || layout->area.width <= 0.)
    return;

  /* The labels may take a quarter of the height at most. */
  row_height = layout->line_height + LABEL_ROW_GAP;
  max_rows = (guint) CLAMP (floor ((height * .25 - STRIP_GAP) / row_height), 0., MAX_LABEL_ROWS);
  places = g_new (LabelPlace, chart->n_interventions);
  rows = plan_labels (chart, cr, layout, max_rows, places);
  if (rows > 0)
    layout_with_rows (chart, cr, width, height, rows, layout);
}

/* The x axis: real dates at week, month or year boundaries */

static void
add_tick (GArray     *ticks,
          double      day,
          double      x,
          const char *label,
          const char *year)
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
      pl_chart_text_measure (text, &w, &h);

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

  text = pl_chart_text_new (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);
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

/* Points in pixels */

static guint
plot_columns (const Layout *layout)
{
  return (guint) MAX (1., ceil (layout->area.width));
}

/* A series is drawn point by point up to two points per pixel column,
 * and reduced to each column's minimum and maximum beyond that. */
static void
series_points (const PlTrendChart *chart,
               const Layout       *layout,
               Points             *points)
{
  const PlChartRect *area = &layout->area;
  guint columns = plot_columns (layout);

  points->reduced = chart->n > 2 * columns;
  if (points->reduced)
    {
      double first = area_x_to_day (chart, area, area->x);
      double last = area_x_to_day (chart, area, area->x + area->width);

      points->x = g_new (double, 4 * (gsize) columns);
      points->y = g_new (double, 4 * (gsize) columns);
      points->n = pl_chart_reduce_minmax (chart->days, chart->values, chart->n, first, last,
                                          columns, points->x, points->y);
    }
  else
    {
      points->n = chart->n;
      points->x = g_memdup2 (chart->days, sizeof (double) * MAX (1, chart->n));
      points->y = g_memdup2 (chart->values, sizeof (double) * MAX (1, chart->n));
    }

  for (guint i = 0; i < points->n; i++)
    {
      points->x[i] = area_day_to_x (chart, area, points->x[i]);
      if (isfinite (points->y[i]))
        points->y[i] = range_to_y (&layout->range, area, points->y[i]);
    }
}

static void
points_clear (Points *points)
{
  g_clear_pointer (&points->x, g_free);
  g_clear_pointer (&points->y, g_free);
  points->n = 0;
}

/* Per pixel column, the lowest of @lows and the highest of @highs (either
 * may be NULL) among the points in it: out_x is NAN for a column without
 * points, out_low/out_high NAN for one whose points have no value. */
static void
column_envelope (const PlTrendChart *chart,
                 const Layout       *layout,
                 const double       *lows,
                 const double       *highs,
                 double              const_low,
                 double              const_high,
                 guint               columns,
                 double             *out_x,
                 double             *out_low,
                 double             *out_high)
{
  const PlChartRect *area = &layout->area;
  /* area_day_to_x() taken apart, so that a long series costs little more
   * than reading it; the same arithmetic, so the same columns. */
  double inset = x_inset (area);
  double first = chart->n > 0 ? chart->days[0] : 0.;
  double span = chart->n > 0 ? chart->days[chart->n - 1] - first : 0.;
  double left = area->x + inset;
  double inner = area->width - 2. * inset;
  double column_low = NAN, column_high = NAN;
  guint current = G_MAXUINT;

  for (guint c = 0; c < columns; c++)
    {
      out_x[c] = NAN;
      out_low[c] = NAN;
      out_high[c] = NAN;
    }

  /* Days ascend, so a column's points come together: its range is kept
   * at hand until the next column begins. */
  for (guint i = 0; i < chart->n; i++)
    {
      double x = span > 0. ? left + (chart->days[i] - first) / span * inner
                           : area->x + area->width / 2.;
      double low = lows != NULL ? lows[i] : const_low;
      double high = highs != NULL ? highs[i] : const_high;
      double offset = x - area->x;
      guint c;

      if (!isfinite (x))
        continue;
      /* floor() and CLAMP() without a call: truncation floors a positive offset. */
      c = offset <= 0. ? 0 : offset >= columns - 1. ? columns - 1 : (guint) offset;
      if (c != current)
        {
          if (current != G_MAXUINT)
            {
              out_low[current] = column_low;
              out_high[current] = column_high;
            }
          current = c;
          out_x[c] = area->x + c + .5;
          column_low = out_low[c];
          column_high = out_high[c];
        }
      /* Either may still be NAN, and MIN() and MAX() then take the new value. */
      if (isfinite (low) && isfinite (high))
        {
          column_low = MIN (column_low, low);
          column_high = MAX (column_high, high);
        }
    }
  if (current != G_MAXUINT)
    {
      out_low[current] = column_low;
      out_high[current] = column_high;
    }
}

/* Drawing */

static void
draw_y_axis (const PlTrendChart   *chart,
             const PlChartPalette *palette,
             cairo_t              *cr,
             const Layout         *layout)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);
  const PlChartRect *area = &layout->area;

  for (guint i = 0, n = y_tick_count (&layout->range); i < n; i++)
    {
      double value = y_tick_value (&layout->range, i);
      double y = range_to_y (&layout->range, area, value);
      g_autofree char *label = pl_chart_format_number (value, layout->range.decimals, chart->unit);
      double w, h;

      /* Crisp one-pixel lines, kept inside the plot. */
      y = CLAMP (floor (y) + .5, area->y + .5, area->y + area->height - .5);
      pl_chart_set_color (cr, &palette->grid, i == 0 ? 2. : 1.);
      cairo_set_line_width (cr, 1.);
      cairo_move_to (cr, area->x, y);
      cairo_line_to (cr, area->x + area->width, y);
      cairo_stroke (cr);

      w = pl_chart_text_set (text, label, 0.);
      pl_chart_text_measure (text, NULL, &h);
      pl_chart_set_color (cr, &palette->foreground, .7);
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
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);
  const PlChartRect *area = &layout->area;
  double bottom = area->y + area->height;

  pango_layout_set_alignment (text, PANGO_ALIGN_CENTER);

  for (guint i = 0; i < ticks->len; i++)
    {
      const PlChartTick *tick = &g_array_index (ticks, PlChartTick, i);
      double x = floor (tick->x) + .5;

      pl_chart_set_color (cr, &palette->grid, 2.);
      cairo_set_line_width (cr, 1.);
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + 4.);
      cairo_stroke (cr);

      pango_layout_set_text (text, tick->text, -1);
      pl_chart_set_color (cr, &palette->foreground, .7);
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
      pl_chart_set_color (cr, &palette->warning, BAND_ALPHA_AMBER (palette));
      fill_band (cr, area, range_to_y (&layout->range, area, chart->target), red_y);
    }

  pl_chart_set_color (cr, &palette->error, BAND_ALPHA_RED (palette));
  if (chart->higher_is_better)
    fill_band (cr, area, red_y, area->y + area->height);
  else
    fill_band (cr, area, area->y, red_y);
}

/* One closed sub-path per run of columns or points with an interval. */
static void
band_path (cairo_t      *cr,
           const double *xs,
           const double *lows,
           const double *highs,
           guint         n,
           double        half_width)
{
  guint start = 0;

  while (start < n)
    {
      guint end;

      if (!isfinite (xs[start]) || !isfinite (lows[start]) || !isfinite (highs[start]))
        {
          start++;
          continue;
        }
      for (end = start + 1; end < n && isfinite (lows[end]) && isfinite (highs[end]); end++)
        if (!isfinite (xs[end]))
          break;

      if (end - start == 1)
        {
          /* A lone point: a narrow bar, so its interval still shows. */
          cairo_rectangle (cr, xs[start] - half_width, MIN (lows[start], highs[start]),
                           2. * half_width, fabs (highs[start] - lows[start]));
        }
      else
        {
          cairo_move_to (cr, xs[start], highs[start]);
          for (guint i = start + 1; i < end; i++)
            cairo_line_to (cr, xs[i], highs[i]);
          for (guint i = end; i > start; i--)
            cairo_line_to (cr, xs[i - 1], lows[i - 1]);
          cairo_close_path (cr);
        }
      start = end;
    }
}

static void
draw_interval_band (const PlTrendChart   *chart,
                    const PlChartPalette *palette,
                    cairo_t              *cr,
                    const Layout         *layout)
{
  const PlChartRect *area = &layout->area;
  guint columns = plot_columns (layout);
  g_autofree double *xs = NULL;
  g_autofree double *lows = NULL;
  g_autofree double *highs = NULL;
  guint n;

  if (!has_interval (chart) || chart->n == 0)
    return;

  if (chart->n > 2 * columns)
    {
      n = columns;
      xs = g_new (double, n);
      lows = g_new (double, n);
      highs = g_new (double, n);
      column_envelope (chart, layout, chart->lower, chart->upper, NAN, NAN, columns, xs, lows,
                       highs);
      /* Columns without points are skipped, not gaps. */
      {
        guint kept = 0;

        for (guint c = 0; c < n; c++)
          if (isfinite (xs[c]))
            {
              xs[kept] = xs[c];
              lows[kept] = lows[c];
              highs[kept] = highs[c];
              kept++;
            }
        n = kept;
      }
    }
  else
    {
      n = chart->n;
      xs = g_new (double, n);
      lows = g_new (double, n);
      highs = g_new (double, n);
      for (guint i = 0; i < n; i++)
        {
          xs[i] = area_day_to_x (chart, area, chart->days[i]);
          lows[i] = chart->lower[i];
          highs[i] = chart->upper[i];
        }
    }

  for (guint i = 0; i < n; i++)
    {
      if (isfinite (lows[i]))
        lows[i] = range_to_y (&layout->range, area, lows[i]);
      if (isfinite (highs[i]))
        highs[i] = range_to_y (&layout->range, area, highs[i]);
    }

  cairo_new_path (cr);
  band_path (cr, xs, lows, highs, n, MARKER_RADIUS + 1.);
  pl_chart_set_color (cr, &palette->accent, INTERVAL_ALPHA (palette));
  cairo_fill (cr);
}

/* Whether the series line or a marker passes through a box, so a label can
 * be put where it stays legible. */
static gboolean
series_crosses (const Points *points,
                double        x0,
                double        y0,
                double        x1,
                double        y1)
{
  double margin = MARKER_RADIUS + 1.;
  gboolean have_previous = FALSE;
  double px = 0., py = 0.;

  for (guint i = 0; i < points->n; i++)
    {
      double x = points->x[i];
      double y = points->y[i];

      if (!isfinite (y))
        {
          have_previous = FALSE;
          continue;
        }

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
  pl_chart_set_color (cr, &palette->target, 1.);
  cairo_set_line_width (cr, 2.);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
  cairo_move_to (cr, area->x, y);
  cairo_line_to (cr, area->x + area->width, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A limit as steps centred on the points (or the plot's columns when the
 * series is long), a sub-path for each run of points that have one. */
static void
limit_path (const PlTrendChart *chart,
            const Layout       *layout,
            cairo_t            *cr,
            gboolean            upper)
{
  const PlChartRect *area = &layout->area;
  const double *values = upper ? chart->ucls : chart->lcls;
  double constant = upper ? chart->ucl : chart->lcl;
  guint columns = plot_columns (layout);
  gboolean pen_down = FALSE;

  if (values == NULL)
    {
      if (isfinite (constant))
        {
          double y = floor (range_to_y (&layout->range, area, constant)) + .5;

          cairo_move_to (cr, area->x, y);
          cairo_line_to (cr, area->x + area->width, y);
        }
      return;
    }

  if (chart->n > 2 * columns)
    {
      g_autofree double *xs = g_new (double, columns);
      g_autofree double *lows = g_new (double, columns);
      g_autofree double *highs = g_new (double, columns);

      column_envelope (chart, layout, values, values, NAN, NAN, columns, xs, lows, highs);
      for (guint c = 0; c < columns; c++)
        {
          double value = upper ? highs[c] : lows[c];
          double y;

          if (!isfinite (xs[c]))
            continue;
          if (!isfinite (value))
            {
              pen_down = FALSE;
              continue;
            }
          y = floor (range_to_y (&layout->range, area, value)) + .5;
          if (pen_down)
            cairo_line_to (cr, xs[c] - .5, y);
          else
            cairo_move_to (cr, xs[c] - .5, y);
          cairo_line_to (cr, xs[c] + .5, y);
          pen_down = TRUE;
        }
      return;
    }

  for (guint i = 0; i < chart->n; i++)
    {
      double x = area_day_to_x (chart, area, chart->days[i]);
      double left, right, y;

      if (!isfinite (values[i]))
        {
          pen_down = FALSE;
          continue;
        }

      left = i > 0 ? (area_day_to_x (chart, area, chart->days[i - 1]) + x) / 2. : area->x;
      right = i + 1 < chart->n ? (x + area_day_to_x (chart, area, chart->days[i + 1])) / 2.
                               : area->x + area->width;
      y = floor (range_to_y (&layout->range, area, values[i])) + .5;
      if (pen_down)
        cairo_line_to (cr, left, y);
      else
        cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      pen_down = TRUE;
    }
}

static void
draw_control_limits (const PlTrendChart   *chart,
                     const PlChartPalette *palette,
                     cairo_t              *cr,
                     const Layout         *layout)
{
  const PlChartRect *area = &layout->area;
  double dashes[] = { 5., 3. };

  if (!chart->has_control_limits)
    return;

  cairo_save (cr);
  cairo_set_line_width (cr, 1.);
  if (isfinite (chart->centre))
    {
      double y = floor (range_to_y (&layout->range, area, chart->centre)) + .5;

      cairo_move_to (cr, area->x, y);
      cairo_line_to (cr, area->x + area->width, y);
      pl_chart_set_color (cr, &palette->foreground, CENTRE_ALPHA);
      cairo_stroke (cr);
    }

  cairo_set_line_width (cr, LIMIT_WIDTH);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_new_path (cr);
  limit_path (chart, layout, cr, TRUE);
  limit_path (chart, layout, cr, FALSE);
  pl_chart_set_color (cr, &palette->foreground, LIMIT_ALPHA);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_intervention_lines (const PlTrendChart   *chart,
                         const PlChartPalette *palette,
                         cairo_t              *cr,
                         const Layout         *layout,
                         const LabelPlace     *places)
{
  const PlChartRect *area = &layout->area;

  cairo_save (cr);
  cairo_new_path (cr);
  for (guint i = 0; i < chart->n_interventions; i++)
    {
      const LabelPlace *place = &places[i];
      double x = floor (place->x) + .5;
      double top = area->y;

      if (!place->visible)
        continue;
      /* From the top of its label, or from under it where the label was
       * pulled left over the line at the plot's edge. */
      if (place->shown)
        top = place->box.x >= place->x ? place->box.y : place->box.y + place->box.height;
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, area->y + area->height);
    }
  cairo_set_line_width (cr, 1.);
  pl_chart_set_color (cr, &palette->foreground, INTERVENTION_ALPHA);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_intervention_labels (const PlTrendChart   *chart,
                          const PlChartPalette *palette,
                          cairo_t              *cr,
                          const LabelPlace     *places)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);

  for (guint i = 0; i < chart->n_interventions; i++)
    {
      const LabelPlace *place = &places[i];

      if (!place->shown)
        continue;
      pl_chart_text_set (text, chart->interventions[i].label,
                         place->shortened ? place->box.width : 0.);
      pl_chart_set_color (cr, &palette->foreground, .85);
      cairo_move_to (cr, place->box.x, place->box.y);
      pango_cairo_show_layout (cr, text);
    }
}

/* Drawn over the series, so that where the series is dense it still reads. */
static void
draw_target_label (const PlTrendChart   *chart,
                   const PlChartPalette *palette,
                   cairo_t              *cr,
                   const Layout         *layout,
                   const Points         *points)
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
  value = pl_chart_format_threshold (chart->target, chart_decimals (chart), chart->unit);
  /* Translators: the label on the target line of a chart, e.g. "Target 85%". */
  label = g_strdup_printf (_("Target %s"), value);
  text = pl_chart_text_new (cr, FONT_SIZE, PANGO_WEIGHT_NORMAL);
  w = pl_chart_text_set (text, label, 0.);
  pl_chart_text_measure (text, NULL, &h);

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
      if (!series_crosses (points, cx, cy, cx + w, cy + h))
        {
          label_x = cx;
          label_y = cy;
          crowded = FALSE;
        }
    }

  if (crowded)
    {
      PlColor surface = pl_chart_surface_color (palette);

      pl_chart_rounded_rectangle (cr, label_x - 4., label_y, w + 8., h, 3.);
      pl_chart_set_color (cr, &surface, .85);
      cairo_fill (cr);
    }

  pl_chart_set_color (cr, &palette->foreground, .7);
  cairo_move_to (cr, label_x, label_y);
  pango_cairo_show_layout (cr, text);
}

static void
build_series_path (cairo_t      *cr,
                   const Points *points)
{
  gboolean pen_down = FALSE;

  for (guint i = 0; i < points->n; i++)
    {
      if (!isfinite (points->y[i]))
        {
          pen_down = FALSE;
          continue;
        }

      if (pen_down)
        cairo_line_to (cr, points->x[i], points->y[i]);
      else
        cairo_move_to (cr, points->x[i], points->y[i]);
      pen_down = TRUE;
    }
}

/* One pixel column of a reduced series: the rows its line passes through. */
typedef struct
{
  guint    column;
  double   top;
  double   bottom;
  gboolean starts_run;  /* after a gap, or the first */
} EnvelopeCell;

/* A reduced series as the band it covers: per pixel column, from the
 * column's highest to its lowest value, widened by half the line width and
 * towards the neighbouring columns so that a steep change stays joined, as
 * the line through all the points would be. A long series crosses each
 * column many times over; filling its outline costs the columns, where
 * stroking the zigzag costs its full height in every column. One closed
 * sub-path per run between gaps: the tops left to right, the bottoms back,
 * two vertices a column; a run of one column is a 1 px bar. */
static void
build_series_envelope (cairo_t      *cr,
                       const Points *points,
                       const Layout *layout)
{
  const PlChartRect *area = &layout->area;
  guint columns = plot_columns (layout);
  g_autofree EnvelopeCell *cells = g_new (EnvelopeCell, MAX (1, points->n));
  g_autofree double *tops = NULL;
  g_autofree double *bottoms = NULL;
  gboolean gap = TRUE;
  guint n = 0;

  for (guint i = 0; i < points->n; i++)
    {
      double y = points->y[i];
      guint column;

      if (!isfinite (y))
        {
          gap = TRUE;
          continue;
        }

      column = (guint) CLAMP (floor (points->x[i] - area->x), 0., columns - 1.);
      if (!gap && n > 0 && cells[n - 1].column == column)
        {
          cells[n - 1].top = MIN (cells[n - 1].top, y);
          cells[n - 1].bottom = MAX (cells[n - 1].bottom, y);
          continue;
        }

      cells[n++] = (EnvelopeCell) { column, y, y, gap };
      gap = FALSE;
    }

  /* Meet each neighbour in the run halfway, from the unwidened ranges. */
  tops = g_new (double, MAX (1, n));
  bottoms = g_new (double, MAX (1, n));
  for (guint i = 0; i < n; i++)
    {
      tops[i] = cells[i].top;
      bottoms[i] = cells[i].bottom;
      for (guint side = 0; side < 2; side++)
        {
          gboolean before = side == 0;
          const EnvelopeCell *other;

          if (before ? i == 0 || cells[i].starts_run : i + 1 == n || cells[i + 1].starts_run)
            continue;
          other = &cells[before ? i - 1 : i + 1];
          if (other->bottom < cells[i].top)
            tops[i] = MIN (tops[i], (other->bottom + cells[i].top) / 2.);
          else if (other->top > cells[i].bottom)
            bottoms[i] = MAX (bottoms[i], (other->top + cells[i].bottom) / 2.);
        }
      tops[i] -= SERIES_WIDTH / 2.;
      bottoms[i] += SERIES_WIDTH / 2.;
    }

  for (guint start = 0; start < n;)
    {
      guint end = start + 1;

      while (end < n && !cells[end].starts_run)
        end++;

      if (end - start == 1)
        {
          cairo_rectangle (cr, area->x + cells[start].column, tops[start], 1.,
                           bottoms[start] - tops[start]);
        }
      else
        {
          /* Columns are drawn at their centres; the ends reach their
           * columns' outer edges, as the line's round caps would. */
          for (guint i = start; i < end; i++)
            {
              double x = area->x + cells[i].column + (i == start ? 0. : i + 1 == end ? 1. : .5);

              if (i == start)
                cairo_move_to (cr, x, tops[i]);
              else
                cairo_line_to (cr, x, tops[i]);
            }
          for (guint i = end; i > start; i--)
            {
              double x = area->x + cells[i - 1].column + (i - 1 == start ? 0. : i == end ? 1. : .5);

              cairo_line_to (cr, x, bottoms[i - 1]);
            }
          cairo_close_path (cr);
        }
      start = end;
    }
}

/* The comparison line, under the series: its own points, no markers. */
static void
draw_compare (const PlTrendChart   *chart,
              const PlChartPalette *palette,
              cairo_t              *cr,
              const Layout         *layout)
{
  PlColor line = palette->foreground;
  gboolean pen_down = FALSE;

  if (chart->compare == NULL)
    return;

  line.alpha *= COMPARE_ALPHA;
  cairo_save (cr);
  cairo_new_path (cr);
  pl_chart_set_color (cr, &line, 1.);
  cairo_set_line_width (cr, COMPARE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < chart->n; i++)
    {
      double x, y;

      if (!isfinite (chart->compare[i]))
        {
          pen_down = FALSE;
          continue;
        }
      x = area_day_to_x (chart, &layout->area, chart->days[i]);
      y = range_to_y (&layout->range, &layout->area, chart->compare[i]);
      if (pen_down)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      pen_down = TRUE;
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_series (const PlTrendChart   *chart,
             const PlChartPalette *palette,
             cairo_t              *cr,
             const Layout         *layout,
             const Points         *points)
{
  const PlChartRect *area = &layout->area;
  double spacing;

  if (points->n == 0)
    return;

  cairo_save (cr);
  cairo_new_path (cr);
  pl_chart_set_color (cr, &palette->accent, 1.);
  if (points->reduced)
    {
      build_series_envelope (cr, points, layout);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      cairo_fill (cr);
      cairo_restore (cr);
      return;
    }

  cairo_set_line_width (cr, SERIES_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  build_series_path (cr, points);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* Markers only where they stay apart; a dense series is its line. */
  spacing = chart->n > 1 ? (area->width - 2. * x_inset (area)) / (chart->n - 1) : area->width;
  if (points->reduced || spacing < MARKER_SPACING)
    return;

  for (guint i = 0; i < points->n; i++)
    {
      if (!isfinite (points->y[i]))
        continue;

      pl_chart_set_color (cr, pl_chart_status_color (palette,
                                                     value_status (chart, chart->values[i])),
                          1.);
      cairo_new_sub_path (cr);
      cairo_arc (cr, points->x[i], points->y[i],
                 spacing < 12. ? MARKER_RADIUS - .5 : MARKER_RADIUS, 0., 2. * G_PI);
      cairo_fill (cr);
    }
}

static void
diamond (cairo_t *cr,
         double   x,
         double   y,
         double   r)
{
  cairo_move_to (cr, x, y - r);
  cairo_line_to (cr, x + r, y);
  cairo_line_to (cr, x, y + r);
  cairo_line_to (cr, x - r, y);
  cairo_close_path (cr);
}

/* Diamonds with a ring of the surface colour and an outline, so they
 * stand out from the round markers (red too when off target) by shape
 * and by more than colour. */
static void
draw_signals (const PlTrendChart   *chart,
              const PlChartPalette *palette,
              cairo_t              *cr,
              const Layout         *layout)
{
  const PlChartRect *area = &layout->area;
  PlColor surface = pl_chart_surface_color (palette);

  for (guint pass = 0; pass < 3; pass++)
    {
      cairo_new_path (cr);
      for (guint i = 0; i < chart->n_signals; i++)
        {
          const PlTrendSignal *signal = &chart->signals[i];
          double x, y;

          if (!signal_is_valid (chart, signal))
            continue;
          x = area_day_to_x (chart, area, chart->days[signal->index]);
          y = range_to_y (&layout->range, area, chart->values[signal->index]);
          diamond (cr, x, y, pass == 0 ? SIGNAL_RADIUS + 2.5 : SIGNAL_RADIUS);
        }
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      switch (pass)
        {
        case 0:
          pl_chart_set_color (cr, &surface, 1.);
          cairo_fill (cr);
          break;
        case 1:
          pl_chart_set_color (cr, &palette->error, 1.);
          cairo_fill (cr);
          break;
        default:
          pl_chart_set_color (cr, &palette->foreground, 1.);
          cairo_set_line_width (cr, 1.5);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
          cairo_stroke (cr);
          break;
        }
    }
}

static gboolean
point_has_signal (const PlTrendChart *chart,
                  guint               index)
{
  for (guint i = 0; i < chart->n_signals; i++)
    if (chart->signals[i].index == index && signal_is_valid (chart, &chart->signals[i]))
      return TRUE;

  return FALSE;
}

static char *
readout_markup (const PlTrendChart *chart,
                guint               i)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  int decimals = chart_decimals (chart);
  g_autofree char *date = format_period (chart, chart->days[i]);
  g_autofree char *value = pl_chart_format_number (chart->values[i], decimals, chart->unit);
  g_autofree char *head = NULL;
  PlChartStatus status = value_status (chart, chart->values[i]);

  if (status != PL_CHART_STATUS_NONE)
    head = g_markup_printf_escaped ("<span alpha=\"70%%\">%s</span>\n<b>%s</b>  "
                                    "<span alpha=\"70%%\">%s</span>",
                                    date, value, pl_chart_status_text (status));
  else
    head = g_markup_printf_escaped ("<span alpha=\"70%%\">%s</span>\n<b>%s</b>", date, value);
  g_string_append (markup, head);

  if (chart->compare != NULL && isfinite (chart->compare[i]))
    {
      g_autofree char *other = pl_chart_format_number (chart->compare[i], decimals, chart->unit);
      g_autofree char *line = NULL;

      /* Translators: the comparison series in a chart's read-out: "Team average: 86.0%" */
      line = g_markup_printf_escaped (_("%s: %s"),
                                      chart->compare_label != NULL ? chart->compare_label
                                                                   : _("Comparison"),
                                      other);
      g_string_append_printf (markup, "\n%s", line);
    }

  if (point_has_interval (chart, i))
    {
      g_autofree char *lower = pl_chart_format_number (MIN (chart->lower[i], chart->upper[i]),
                                                       decimals, chart->unit);
      g_autofree char *upper = pl_chart_format_number (MAX (chart->lower[i], chart->upper[i]),
                                                       decimals, chart->unit);
      g_autofree char *line = NULL;

      /* Translators: "Wilson 95% interval 79.0%–85.0%" */
      line = g_markup_printf_escaped (_("%s %s–%s"), interval_label (chart), lower, upper);
      g_string_append_printf (markup, "\n%s", line);
    }

  if (chart->sizes != NULL)
    {
      g_autofree char *count = pl_chart_format_count (chart->sizes[i]);
      g_autofree char *line = NULL;

      /* Translators: the sample size of a point in a chart's read-out */
      line = g_markup_printf_escaped (_("n = %s"), count);
      g_string_append_printf (markup, "\n%s", line);
    }

  if (chart->has_control_limits)
    {
      g_autofree char *lcl = pl_chart_format_number (point_lcl (chart, i), decimals, chart->unit);
      g_autofree char *ucl = pl_chart_format_number (point_ucl (chart, i), decimals, chart->unit);
      g_autofree char *centre = pl_chart_format_number (chart->centre, decimals, chart->unit);
      g_autofree char *line = NULL;

      /* Translators: "Control limits 5.2%–41.0%, centre 23.1%" */
      line = g_markup_printf_escaped (_("Control limits %s–%s, centre %s"), lcl, ucl, centre);
      g_string_append_printf (markup, "\n%s", line);
    }

  for (guint s = 0; s < chart->n_signals; s++)
    {
      const PlTrendSignal *signal = &chart->signals[s];
      g_autofree char *text = NULL;
      g_autofree char *line = NULL;

      if (signal->index != i || !signal_is_valid (chart, signal))
        continue;
      text = signal_text (signal);
      /* Translators: a special-cause signal in a chart's read-out:
       * "Signal: One point beyond the control limits (rule 1)" */
      line = g_markup_printf_escaped (_("Signal: %s (rule %u)"), text, signal->rule);
      g_string_append_printf (markup, "\n%s", line);
    }

  for (guint k = 0; k < chart->n_interventions; k++)
    {
      const PlTrendIntervention *intervention = &chart->interventions[k];
      g_autofree char *when = NULL;
      g_autofree char *line = NULL;

      if (point_for_day (chart, intervention->day) != (int) i)
        continue;
      when = format_day (intervention->day, C_("chart date", "%-d %b %Y"));
      /* Translators: "Intervention: New IVR menu, 6 May 2026" */
      line = g_markup_printf_escaped (_("Intervention: %s, %s"),
                                      intervention->label != NULL ? intervention->label : "",
                                      when);
      g_string_append_printf (markup, "\n%s", line);
    }

  return g_string_free (g_steal_pointer (&markup), FALSE);
}

static void
draw_highlight (const PlTrendChart   *chart,
                const PlChartPalette *palette,
                cairo_t              *cr,
                const Layout         *layout)
{
  const PlChartRect *area = &layout->area;
  PlColor surface = pl_chart_surface_color (palette);
  double value_y, x;
  int i = chart->highlight;

  if (i < 0 || (guint) i >= chart->n || !isfinite (chart->values[i]))
    return;

  x = area_day_to_x (chart, area, chart->days[i]);
  value_y = range_to_y (&layout->range, area, chart->values[i]);

  pl_chart_set_color (cr, &palette->foreground, .3);
  cairo_set_line_width (cr, 1.);
  cairo_move_to (cr, floor (x) + .5, area->y);
  cairo_line_to (cr, floor (x) + .5, area->y + area->height);
  cairo_stroke (cr);

  if (point_has_signal (chart, i))
    return;

  cairo_arc (cr, x, value_y, MARKER_RADIUS + 3., 0., 2. * G_PI);
  pl_chart_set_color (cr, &surface, 1.);
  cairo_fill (cr);
  cairo_arc (cr, x, value_y, MARKER_RADIUS + 1.5, 0., 2. * G_PI);
  pl_chart_set_color (cr, pl_chart_status_color (palette, value_status (chart, chart->values[i])),
                      1.);
  cairo_fill (cr);
}

static void
draw_readout (const PlTrendChart   *chart,
              const PlChartPalette *palette,
              cairo_t              *cr,
              const Layout         *layout)
{
  const PlChartRect *area = &layout->area;
  g_autofree char *markup = NULL;
  PlChartRect bounds, anchor;
  double x, y;
  int i = chart->highlight;

  if (i < 0 || (guint) i >= chart->n || !isfinite (chart->values[i]))
    return;

  x = area_day_to_x (chart, area, chart->days[i]);
  y = range_to_y (&layout->range, area, chart->values[i]);
  anchor = (PlChartRect) { x - 10., y - 10., 20., 20. };
  bounds = (PlChartRect) { area->x + 4., area->y + 4., MAX (0., area->width - 8.),
                           MAX (0., area->height - 8.) };
  markup = readout_markup (chart, i);
  pl_chart_draw_readout (palette, cr, &bounds, &anchor, markup);
}

static void
draw_empty (const PlTrendChart   *chart,
            const PlChartPalette *palette,
            cairo_t              *cr,
            const Layout         *layout)
{
  g_autoptr(PangoLayout) text = pl_chart_text_new (cr, FONT_SIZE + 1, PANGO_WEIGHT_NORMAL);
  const PlChartRect *area = &layout->area;
  double w, h, y;

  w = pl_chart_text_set (text, _("No data yet"), 0.);
  pl_chart_text_measure (text, NULL, &h);

  /* In the middle, unless the target line runs there. */
  y = area->y + (area->height - h) / 2.;
  if (chart->has_target)
    {
      double target_y = range_to_y (&layout->range, area, chart->target);

      if (fabs (target_y - (y + h / 2.)) < h)
        y = target_y > area->y + area->height / 2. ? area->y + area->height * .3 - h / 2.
                                                   : area->y + area->height * .7 - h / 2.;
    }

  pl_chart_set_color (cr, &palette->foreground, .55);
  cairo_move_to (cr, area->x + (area->width - w) / 2., y);
  pango_cairo_show_layout (cr, text);
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
  g_autofree LabelPlace *places = NULL;
  Points points = { 0, };
  Layout layout;

  g_return_if_fail (chart != NULL);
  g_return_if_fail (palette != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (chart->n == 0 || (chart->days != NULL && chart->values != NULL));
  g_return_if_fail (chart->n_signals == 0 || chart->signals != NULL);
  g_return_if_fail (chart->n_interventions == 0 || chart->interventions != NULL);

  if (!(width > 0. && height > 0.))
    return;

  pl_chart_begin (palette, cr, width, height);
  compute_layout (chart, cr, width, height, &layout);
  pl_chart_draw_title (palette, cr, chart->title, PAD, layout.title_y, width - 2. * PAD);
  legend (chart, palette, cr, layout.legend.y, width);

  if (layout.area.width > 0. && layout.area.height > 0.)
    {
      places = g_new0 (LabelPlace, MAX (1, chart->n_interventions));
      plan_labels (chart, cr, &layout, layout.label_rows, places);
      ticks = compute_x_ticks (chart, cr, &layout, width);
      series_points (chart, &layout, &points);

      cairo_save (cr);
      cairo_rectangle (cr, layout.area.x, layout.area.y, layout.area.width, layout.area.height);
      cairo_clip (cr);
      draw_bands (chart, palette, cr, &layout);
      draw_interval_band (chart, palette, cr, &layout);
      cairo_restore (cr);

      /* Grid lines are inside the plot; their labels sit in the left margin. */
      draw_y_axis (chart, palette, cr, &layout);
      draw_x_axis (palette, cr, &layout, ticks);

      /* Intervention lines come down from their labels above the plot. */
      draw_intervention_lines (chart, palette, cr, &layout, places);
      draw_intervention_labels (chart, palette, cr, places);

      cairo_save (cr);
      cairo_rectangle (cr, layout.area.x, layout.area.y, layout.area.width, layout.area.height);
      cairo_clip (cr);
      draw_target (chart, palette, cr, &layout);
      draw_control_limits (chart, palette, cr, &layout);
      if (has_finite_value (chart))
        {
          draw_compare (chart, palette, cr, &layout);
          draw_series (chart, palette, cr, &layout, &points);
          draw_highlight (chart, palette, cr, &layout);
          draw_signals (chart, palette, cr, &layout);
          draw_target_label (chart, palette, cr, &layout, &points);
          draw_readout (chart, palette, cr, &layout);
        }
      else
        {
          draw_target_label (chart, palette, cr, &layout, &points);
          draw_empty (chart, palette, cr, &layout);
        }
      cairo_restore (cr);
      points_clear (&points);
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

void
pl_trend_chart_get_legend_area (const PlTrendChart *chart,
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
  *area = layout.legend;
}

GArray *
pl_trend_chart_get_intervention_labels (const PlTrendChart *chart,
                                        cairo_t            *cr,
                                        double              width,
                                        double              height)
{
  g_autofree LabelPlace *places = NULL;
  GArray *boxes;
  Layout layout;

  g_return_val_if_fail (chart != NULL, NULL);
  g_return_val_if_fail (cr != NULL, NULL);
  g_return_val_if_fail (chart->n_interventions == 0 || chart->interventions != NULL, NULL);

  boxes = g_array_sized_new (FALSE, TRUE, sizeof (PlChartRect), chart->n_interventions);
  compute_layout (chart, cr, width, height, &layout);
  places = g_new0 (LabelPlace, MAX (1, chart->n_interventions));
  plan_labels (chart, cr, &layout, layout.label_rows, places);
  for (guint i = 0; i < chart->n_interventions; i++)
    {
      PlChartRect box = places[i].box;

      if (!places[i].shown)
        box = (PlChartRect) { places[i].x, layout.area.y, 0., 0. };
      g_array_append_val (boxes, box);
    }

  return boxes;
}

void
pl_trend_chart_append_series_path (const PlTrendChart *chart,
                                   cairo_t            *cr,
                                   double              width,
                                   double              height)
{
  Points points = { 0, };
  Layout layout;

  g_return_if_fail (chart != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (chart->n == 0 || (chart->days != NULL && chart->values != NULL));

  compute_layout (chart, cr, width, height, &layout);
  if (layout.area.width <= 0. || layout.area.height <= 0.)
    return;
  series_points (chart, &layout, &points);
  if (points.reduced)
    build_series_envelope (cr, &points, &layout);
  else
    build_series_path (cr, &points);
  points_clear (&points);
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
  double scale;

  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), 0);
  g_return_val_if_fail (columns > 0, 0);
  g_return_val_if_fail (out_x != NULL && out_y != NULL, 0);

  if (!(x_max > x_min))
    x_max = x_min + 1.;
  scale = columns / (x_max - x_min);

  while (i < n)
    {
      guint column = (guint) CLAMP (floor ((x[i] - x_min) * scale), 0., columns - 1.);
      /* The column ends where the next begins; the last takes the rest.
       * One multiplication and comparison a point: this loop is the cost
       * of a long series. */
      double limit = column + 1 < columns ? column + 1. : G_MAXDOUBLE;
      gboolean gap_before = FALSE;
      gboolean gap_after = FALSE;
      gboolean any = FALSE;
      guint min_i = 0, max_i = 0;
      double min_y = 0., max_y = 0.;
      double gap_x = x[i];
      guint start = i;

      for (; i < n && (i == start || (x[i] - x_min) * scale < limit); i++)
        {
          double value = y[i];

          if (!isfinite (value))
            {
              if (any)
                gap_after = TRUE;
              else
                gap_before = TRUE;
              gap_x = x[i];
            }
          else if (!any)
            {
              min_i = max_i = i;
              min_y = max_y = value;
              any = TRUE;
            }
          else if (value < min_y)
            {
              min_i = i;
              min_y = value;
            }
          else if (value > max_y)
            {
              max_i = i;
              max_y = value;
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

char *
pl_trend_chart_dup_readout (const PlTrendChart *chart,
                            int                 index)
{
  g_autofree char *markup = NULL;

  g_return_val_if_fail (chart != NULL, NULL);

  if (index < 0 || (guint) index >= chart->n || chart->values == NULL
      || !isfinite (chart->values[index]))
    return NULL;

  markup = readout_markup (chart, index);
  return pl_chart_markup_to_text (markup);
}

static char *
period_count (Period period,
              guint  on_target,
              guint  total)
{
  switch (period)
    {
    case PERIOD_DAY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u day on target",
                                           "%u of %u days on target", total),
                              on_target, total);
    case PERIOD_MONTH:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u month on target",
                                           "%u of %u months on target", total),
                              on_target, total);
    case PERIOD_WEEK:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u week on target",
                                           "%u of %u weeks on target", total),
                              on_target, total);
    }
}

/* The lowest and highest finite value of a per-point limit. */
static gboolean
limit_span (const PlTrendChart *chart,
            const double       *values,
            double             *lo,
            double             *hi)
{
  gboolean any = FALSE;

  *lo = G_MAXDOUBLE;
  *hi = -G_MAXDOUBLE;
  for (guint i = 0; i < chart->n; i++)
    widen (values[i], lo, hi, &any);

  return any;
}

static void
describe_limits (const PlTrendChart *chart,
                 GString            *text)
{
  int decimals = chart_decimals (chart);
  g_autofree char *centre = pl_chart_format_number (chart->centre, decimals, chart->unit);
  double ucl_lo = chart->ucl, ucl_hi = chart->ucl, lcl_lo = chart->lcl, lcl_hi = chart->lcl;

  if (chart->ucls != NULL && !limit_span (chart, chart->ucls, &ucl_lo, &ucl_hi))
    ucl_lo = ucl_hi = NAN;
  if (chart->lcls != NULL && !limit_span (chart, chart->lcls, &lcl_lo, &lcl_hi))
    lcl_lo = lcl_hi = NAN;

  if (limits_vary (chart) && (ucl_hi - ucl_lo > 1e-12 || lcl_hi - lcl_lo > 1e-12))
    {
      g_autofree char *ucl_from = pl_chart_format_number (ucl_lo, decimals, chart->unit);
      g_autofree char *ucl_to = pl_chart_format_number (ucl_hi, decimals, chart->unit);
      g_autofree char *lcl_from = pl_chart_format_number (lcl_lo, decimals, chart->unit);
      g_autofree char *lcl_to = pl_chart_format_number (lcl_hi, decimals, chart->unit);

      /* Translators: "; control limits vary with the sample size (lower 5.2%
       * to 8.0%, upper 38.0% to 41.0%) around a centre line of 23.1%" */
      g_string_append_printf (text, _("; control limits vary with the sample size (lower %s to %s, "
                                      "upper %s to %s) around a centre line of %s"),
                              lcl_from, lcl_to, ucl_from, ucl_to, centre);
    }
  else
    {
      g_autofree char *lcl = pl_chart_format_number (lcl_lo, decimals, chart->unit);
      g_autofree char *ucl = pl_chart_format_number (ucl_hi, decimals, chart->unit);

      /* Translators: "; control limits 5.2% to 41.0% around a centre line of 23.1%" */
      g_string_append_printf (text, _("; control limits %s to %s around a centre line of %s"),
                              lcl, ucl, centre);
    }
}

static void
describe_signals (const PlTrendChart *chart,
                  Period              period,
                  GString            *text)
{
  guint count = count_signals (chart);
  guint listed = 0;

  if (count == 0)
    {
      if (chart->has_control_limits)
        g_string_append_printf (text, " %s", _("No special-cause signals."));
      return;
    }

  g_string_append_c (text, ' ');
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u special-cause signal: ",
                                             "%u special-cause signals: ", count),
                          count);
  for (guint i = 0; i < chart->n_signals && listed < MAX_LISTED; i++)
    {
      const PlTrendSignal *signal = &chart->signals[i];
      g_autofree char *when = NULL;
      g_autofree char *rule = NULL;

      if (!signal_is_valid (chart, signal))
        continue;
      when = format_when (period, chart->days[signal->index]);
      rule = signal_text (signal);
      if (listed > 0)
        g_string_append (text, "; ");
      /* Translators: a signal in a chart summary:
       * "in the week of 13 Jul 2026, rule 1 (One point beyond the control limits)" */
      g_string_append_printf (text, _("%s, rule %u (%s)"), when, signal->rule, rule);
      listed++;
    }
  if (count > listed)
    {
      g_string_append (text, "; ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more",
                                                 count - listed),
                              count - listed);
    }
  g_string_append_c (text, '.');
}

static void
describe_interventions (const PlTrendChart *chart,
                        GString            *text)
{
  guint listed = 0;

  if (chart->n_interventions == 0)
    return;

  g_string_append_c (text, ' ');
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u intervention: ",
                                             "%u interventions: ", chart->n_interventions),
                          chart->n_interventions);
  for (guint i = 0; i < chart->n_interventions && listed < MAX_LISTED; i++)
    {
      const PlTrendIntervention *intervention = &chart->interventions[i];
      g_autofree char *when = format_day (intervention->day, C_("chart date", "%-d %b %Y"));

      if (listed > 0)
        g_string_append (text, "; ");
      /* Translators: an intervention in a chart summary: "New IVR menu on 6 May 2026" */
      g_string_append_printf (text, _("%s on %s"),
                              intervention->label != NULL ? intervention->label : "", when);
      listed++;
    }
  if (chart->n_interventions > listed)
    {
      g_string_append (text, "; ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more",
                                                 chart->n_interventions - listed),
                              chart->n_interventions - listed);
    }
  g_string_append_c (text, '.');
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
  g_return_val_if_fail (chart->n == 0 || (chart->days != NULL && chart->values != NULL), NULL);

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
      if (value_status (chart, value) == PL_CHART_STATUS_ON_TARGET)
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
    g_autofree char *value = pl_chart_format_number (chart->values[latest], decimals, chart->unit);

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
      g_autofree char *target = pl_chart_format_threshold (chart->target, decimals, chart->unit);

      /* Translators: " (target 85%, at risk)" after the latest value */
      g_string_append_printf (text, _(" (target %s, %s)"), target,
                              pl_chart_status_text (value_status (chart, chart->values[latest])));
    }

  if (point_has_interval (chart, latest))
    {
      g_autofree char *lower = pl_chart_format_number (MIN (chart->lower[latest],
                                                            chart->upper[latest]),
                                                       decimals, chart->unit);
      g_autofree char *upper = pl_chart_format_number (MAX (chart->lower[latest],
                                                            chart->upper[latest]),
                                                       decimals, chart->unit);

      /* Translators: ", Wilson 95% interval 79.0% to 85.0%" after the latest value */
      g_string_append_printf (text, _(", %s %s to %s"), interval_label (chart), lower, upper);
    }

  if (total > 1)
    {
      g_autofree char *high = pl_chart_format_number (chart->values[highest], decimals, chart->unit);
      g_autofree char *low = pl_chart_format_number (chart->values[lowest], decimals, chart->unit);
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

  if (chart->has_control_limits)
    describe_limits (chart, text);

  if (chart->compare != NULL && latest >= 0 && isfinite (chart->compare[latest]))
    {
      g_autofree char *other = pl_chart_format_number (chart->compare[latest], decimals, chart->unit);

      /* Translators: "; Team average 86.0% in the latest period" */
      g_string_append_printf (text, _("; %s %s in the latest period"),
                              chart->compare_label != NULL ? chart->compare_label : _("comparison"),
                              other);
    }

  g_string_append (text, ".");

  describe_signals (chart, period, text);
  describe_interventions (chart, text);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
render_still (gconstpointer         data,
              const PlChartPalette *palette,
              cairo_t              *cr,
              double                width,
              double                height)
{
  PlTrendChart still = *(const PlTrendChart *) data;

  /* A saved chart goes into documents: no hover state. */
  still.highlight = -1;
  pl_trend_chart_render (&still, palette, cr, width, height);
}

/* Saves by the extension of @path. A %NULL palette means the light one;
 * a transparent background becomes opaque, since a file has no window
 * behind it. */
gboolean
pl_trend_chart_save (const PlTrendChart   *chart,
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
                                chart->title != NULL ? chart->title : chart->series_label,
                                palette, path, width, height, error);
}
