/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "charts/pl-sparkline.h"
#include "charts/pl-trend-chart.h"

/* The test links GLib, cairo and Pango only, like the charts library. */
#define IO_ERROR (g_quark_from_static_string ("g-io-error-quark"))

#define FIRST_MONDAY 20549. /* Monday 6 April 2026, in days since 1970-01-01 */

static const double csat[26] = {
  86.2, 87.1, 85.4, 88.0, 86.9, 85.8, 84.6, 85.3, 83.9, 84.4, 82.7, 83.5, 81.9,
  79.2, 80.6, 82.0, 83.1, NAN,  84.2, 85.6, 86.4, 85.1, 84.0, 83.3, 82.5, 82.1,
};

typedef struct
{
  guint8 r, g, b, a;
} Pixel;

typedef struct
{
  double       *days;
  double       *values;
  PlTrendChart  chart;
} Fixture;

static void
fixture_init (Fixture      *fixture,
              guint         n,
              const double *values)
{
  fixture->days = g_new (double, MAX (n, 1));
  fixture->values = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      fixture->days[i] = FIRST_MONDAY + 7. * i;
      fixture->values[i] = values != NULL ? values[i % 26] : 80. + 5. * sin (i / 3.);
    }

  pl_trend_chart_init (&fixture->chart);
  fixture->chart.series_label = "Weekly CSAT";
  fixture->chart.days = fixture->days;
  fixture->chart.values = fixture->values;
  fixture->chart.n = n;
  fixture->chart.unit = "%";
  fixture->chart.decimals = 1;
  fixture->chart.has_target = TRUE;
  fixture->chart.target = 85.;
  fixture->chart.has_red_threshold = TRUE;
  fixture->chart.red_threshold = 80.;
}

static void
fixture_clear (Fixture *fixture)
{
  g_clear_pointer (&fixture->days, g_free);
  g_clear_pointer (&fixture->values, g_free);
}

static cairo_surface_t *
new_surface (int    width,
             int    height,
             double red,
             double green,
             double blue,
             double alpha)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_rgba (cr, red, green, blue, alpha);
  cairo_paint (cr);
  cairo_destroy (cr);

  return surface;
}

static cairo_surface_t *
render_on_white (const PlTrendChart   *chart,
                 const PlChartPalette *palette,
                 int                   width,
                 int                   height)
{
  cairo_surface_t *surface = new_surface (width, height, 1., 1., 1., 1.);
  cairo_t *cr = cairo_create (surface);

  pl_trend_chart_render (chart, palette, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static Pixel
get_pixel (cairo_surface_t *surface,
           int              x,
           int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 value;
  Pixel pixel;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  memcpy (&value, data + (gsize) y * stride + (gsize) x * 4, sizeof value);
  pixel.a = value >> 24;
  pixel.r = (value >> 16) & 0xff;
  pixel.g = (value >> 8) & 0xff;
  pixel.b = value & 0xff;

  return pixel;
}

static gboolean
pixel_is (Pixel          pixel,
          const PlColor *color,
          int            tolerance)
{
  return pixel.a == 255 && ABS (pixel.r - (int) round (color->red * 255.)) <= tolerance
         && ABS (pixel.g - (int) round (color->green * 255.)) <= tolerance
         && ABS (pixel.b - (int) round (color->blue * 255.)) <= tolerance;
}

static gboolean
pixels_equal (Pixel a,
              Pixel b)
{
  return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static cairo_t *
measuring_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

static void
get_area (const PlTrendChart *chart,
          double              width,
          double              height,
          PlChartRect        *area)
{
  cairo_t *cr = measuring_context ();

  pl_trend_chart_get_plot_area (chart, cr, width, height, area);
  cairo_destroy (cr);
}

/* The most frequent colour on a row of the plot. */
static Pixel
row_mode (cairo_surface_t   *surface,
          const PlChartRect *area,
          int                y)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint best_count = 0;
  guint32 best = 0;
  Pixel pixel;

  for (int x = (int) ceil (area->x); x < (int) floor (area->x + area->width); x++)
    {
      Pixel p = get_pixel (surface, x, y);
      guint32 key = ((guint32) p.a << 24) | (p.r << 16) | (p.g << 8) | p.b;
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (key))) + 1;

      g_hash_table_insert (counts, GUINT_TO_POINTER (key), GUINT_TO_POINTER (count));
      if (count > best_count)
        {
          best_count = count;
          best = key;
        }
    }

  pixel.a = best >> 24;
  pixel.r = (best >> 16) & 0xff;
  pixel.g = (best >> 8) & 0xff;
  pixel.b = best & 0xff;

  return pixel;
}

/* Whether a pixel is the colour over white at some opacity between 5% and 40%,
 * the same opacity on every channel: a translucent band of that colour. */
static gboolean
is_tint_of (Pixel          pixel,
            const PlColor *color)
{
  double channels[3][2] = {
    { pixel.r / 255., color->red },
    { pixel.g / 255., color->green },
    { pixel.b / 255., color->blue },
  };
  double alpha = -1.;

  for (guint i = 0; i < 3; i++)
    {
      double away = 1. - channels[i][1];
      double a;

      if (away < .2)
        continue;
      a = (1. - channels[i][0]) / away;
      if (alpha < 0.)
        alpha = a;
      else if (fabs (a - alpha) > .04)
        return FALSE;
    }

  return alpha >= .05 && alpha <= .4;
}

static void
test_palettes (void)
{
  PlChartPalette light, dark;

  pl_chart_palette_init_light (&light);
  pl_chart_palette_init_dark (&dark);

  g_assert_false (light.dark);
  g_assert_true (dark.dark);
  g_assert_cmpfloat (light.background.alpha, ==, 0.);
  g_assert_cmpfloat (dark.background.alpha, ==, 0.);
  g_assert_cmpfloat_with_epsilon (light.accent.red, 0x35 / 255., 1e-9);
  g_assert_cmpfloat_with_epsilon (light.accent.blue, 0xe4 / 255., 1e-9);
  g_assert_cmpfloat_with_epsilon (light.foreground.red, 0x1e / 255., 1e-9);
  g_assert_cmpfloat_with_epsilon (light.foreground.alpha, .9, 1e-9);
  g_assert_cmpfloat_with_epsilon (light.grid.alpha, .1, 1e-9);
  g_assert_cmpfloat_with_epsilon (light.success.green, 0xa2 / 255., 1e-9);
  g_assert_cmpfloat_with_epsilon (dark.success.green, 0xc2 / 255., 1e-9);
  g_assert_cmpfloat_with_epsilon (light.warning.red, 0xcd / 255., 1e-9);
  g_assert_cmpfloat_with_epsilon (dark.warning.green, 0xd3 / 255., 1e-9);
  g_assert_cmpfloat_with_epsilon (light.error.red, 0xc0 / 255., 1e-9);
  g_assert_cmpfloat_with_epsilon (dark.error.red, 0xe0 / 255., 1e-9);
  g_assert_cmpfloat (dark.foreground.red, >, .9);
}

static void
test_target_line (void)
{
  const PlColor magenta = { 1., 0., 1., 1. };
  PlChartPalette palette;
  PlChartRect area;
  cairo_surface_t *surface;
  Fixture f;
  int target_y, on_row = 0, elsewhere = 0, width = 640, height = 320;

  fixture_init (&f, 26, csat);
  get_area (&f.chart, width, height, &area);
  target_y = (int) round (pl_trend_chart_value_to_y (&f.chart, &area, 85.));
  g_assert_cmpint (target_y, >, area.y);
  g_assert_cmpint (target_y, <, area.y + area.height);

  /* The built-in colour is on the row of the target... */
  pl_chart_palette_init_light (&palette);
  surface = render_on_white (&f.chart, &palette, width, height);
  for (int x = (int) area.x; x < (int) (area.x + area.width); x++)
    if (pixel_is (get_pixel (surface, x, target_y - 1), &palette.target, 2)
        || pixel_is (get_pixel (surface, x, target_y), &palette.target, 2))
      on_row++;
  g_assert_cmpint (on_row, >, area.width * .4);
  cairo_surface_destroy (surface);

  /* ...and, given a colour nothing else uses, it is nowhere else below the legend. */
  palette.target = magenta;
  surface = render_on_white (&f.chart, &palette, width, height);
  on_row = 0;
  for (int y = (int) area.y; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        if (!pixel_is (get_pixel (surface, x, y), &magenta, 2))
          continue;
        if (y == target_y - 1 || y == target_y)
          on_row++;
        else
          elsewhere++;
      }
  g_assert_cmpint (on_row, >, area.width * .8);
  g_assert_cmpint (elsewhere, ==, 0);

  cairo_surface_destroy (surface);
  fixture_clear (&f);
}

static gboolean
region_untouched (cairo_surface_t *surface,
                  int              x0,
                  int              y0,
                  int              x1,
                  int              y1,
                  Pixel            sentinel)
{
  x0 = MAX (x0, 0);
  y0 = MAX (y0, 0);
  x1 = MIN (x1, cairo_image_surface_get_width (surface));
  y1 = MIN (y1, cairo_image_surface_get_height (surface));

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      if (!pixels_equal (get_pixel (surface, x, y), sentinel))
        {
          g_test_message ("painted at %d,%d", x, y);
          return FALSE;
        }

  return TRUE;
}

static void
render_with_offset (const PlTrendChart *chart,
                    cairo_surface_t    *surface,
                    double              x,
                    double              y,
                    double              width,
                    double              height)
{
  PlChartPalette palette;
  cairo_t *cr = cairo_create (surface);

  pl_chart_palette_init_light (&palette);
  cairo_translate (cr, x, y);
  pl_trend_chart_render (chart, &palette, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
}

static void
test_clip (void)
{
  /* Values on the very edge of a 0–100% axis: markers, the line and the
   * hover card all want to spill over the frame. */
  static const double edges[26] = {
    100., 0., 100., 100., 0., 100., 0., 0., 100., 100., 0., 100., 0.,
    100., 0., 100., 100., 0., 100., 0., 0., 100., 100., 0., 100., 100.,
  };
  static const double extremes[6] = { 1e15, -1e15, INFINITY, NAN, 1e300, -1e300 };
  const int ox = 50, oy = 40, width = 500, height = 320;
  Pixel sentinel;
  PlChartRect area;
  cairo_surface_t *surface;
  Fixture f;

  fixture_init (&f, 26, edges);
  f.chart.highlight = 25;
  get_area (&f.chart, width, height, &area);
  g_assert_cmpfloat (pl_trend_chart_value_to_y (&f.chart, &area, 100.), ==, area.y);
  g_assert_cmpfloat (pl_trend_chart_value_to_y (&f.chart, &area, 0.), ==, area.y + area.height);

  surface = new_surface (600, 420, .5, 0., .5, 1.);
  sentinel = get_pixel (surface, 0, 0);
  render_with_offset (&f.chart, surface, ox, oy, width, height);

  /* Something was drawn, nothing outside the chart's bounds... */
  g_assert_false (region_untouched (surface, ox, oy, ox + width, oy + height, sentinel));
  g_assert_true (region_untouched (surface, 0, 0, 600, oy, sentinel));
  g_assert_true (region_untouched (surface, 0, oy + height, 600, 420, sentinel));
  g_assert_true (region_untouched (surface, 0, 0, ox, 420, sentinel));
  g_assert_true (region_untouched (surface, ox + width, 0, 600, 420, sentinel));

  /* ...nor right of the plot, nor in the gap between the legend and the plot. */
  g_assert_true (region_untouched (surface, ox + (int) ceil (area.x + area.width), oy + (int) area.y,
                                   ox + width, oy + (int) (area.y + area.height), sentinel));
  g_assert_true (region_untouched (surface, ox + (int) area.x, oy + (int) area.y - 4,
                                   ox + (int) (area.x + area.width), oy + (int) area.y, sentinel));
  cairo_surface_destroy (surface);
  fixture_clear (&f);

  /* Absurd values are drawn inside the bounds too. */
  fixture_init (&f, 6, NULL);
  memcpy (f.values, extremes, sizeof extremes);
  f.chart.highlight = 0;
  surface = new_surface (600, 420, .5, 0., .5, 1.);
  render_with_offset (&f.chart, surface, ox, oy, width, height);
  g_assert_false (region_untouched (surface, ox, oy, ox + width, oy + height, sentinel));
  g_assert_true (region_untouched (surface, 0, 0, 600, oy, sentinel));
  g_assert_true (region_untouched (surface, 0, oy + height, 600, 420, sentinel));
  g_assert_true (region_untouched (surface, 0, 0, ox, 420, sentinel));
  g_assert_true (region_untouched (surface, ox + width, 0, 600, 420, sentinel));
  cairo_surface_destroy (surface);

  /* And so is a chart squeezed smaller than its margins. */
  surface = new_surface (600, 420, .5, 0., .5, 1.);
  render_with_offset (&f.chart, surface, ox, oy, 60, 30);
  g_assert_true (region_untouched (surface, 0, 0, 600, oy, sentinel));
  g_assert_true (region_untouched (surface, 0, oy + 30, 600, 420, sentinel));
  g_assert_true (region_untouched (surface, 0, 0, ox, 420, sentinel));
  g_assert_true (region_untouched (surface, ox + 60, 0, 600, 420, sentinel));
  cairo_surface_destroy (surface);

  fixture_clear (&f);
}

static void
test_light_dark (void)
{
  PlChartPalette light, dark;
  cairo_surface_t *a, *b;
  Fixture f;
  guint differ = 0;

  fixture_init (&f, 26, csat);
  f.chart.highlight = 10;
  pl_chart_palette_init_light (&light);
  pl_chart_palette_init_dark (&dark);

  a = new_surface (400, 260, 0., 0., 0., 0.);
  b = new_surface (400, 260, 0., 0., 0., 0.);
  {
    cairo_t *cr = cairo_create (a);
    pl_trend_chart_render (&f.chart, &light, cr, 400, 260);
    cairo_destroy (cr);
    cr = cairo_create (b);
    pl_trend_chart_render (&f.chart, &dark, cr, 400, 260);
    cairo_destroy (cr);
  }
  cairo_surface_flush (a);
  cairo_surface_flush (b);

  for (int y = 0; y < 260; y++)
    for (int x = 0; x < 400; x++)
      if (!pixels_equal (get_pixel (a, x, y), get_pixel (b, x, y)))
        differ++;

  /* The bands alone cover thousands of pixels. */
  g_assert_cmpuint (differ, >, 5000);

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  fixture_clear (&f);
}

static void
test_bands (void)
{
  static const double high[4] = { 95., 96., 94., 95. };
  PlChartPalette palette;
  PlChartRect area;
  cairo_surface_t *surface;
  Fixture f;
  Pixel amber, red, clear, white = { 255, 255, 255, 255 };
  double target_y, red_y;

  /* The series stays well above target, so the bands are what is there. */
  fixture_init (&f, 4, NULL);
  memcpy (f.values, high, sizeof high);
  pl_chart_palette_init_light (&palette);
  get_area (&f.chart, 500, 300, &area);
  target_y = pl_trend_chart_value_to_y (&f.chart, &area, 85.);
  red_y = pl_trend_chart_value_to_y (&f.chart, &area, 80.);
  g_assert_cmpfloat (red_y - target_y, >, 10.);
  g_assert_cmpfloat (area.y + area.height - red_y, >, 10.);

  surface = render_on_white (&f.chart, &palette, 500, 300);
  amber = row_mode (surface, &area, (int) ((target_y + red_y) / 2.));
  red = row_mode (surface, &area, (int) ((red_y + area.y + area.height) / 2.));
  clear = row_mode (surface, &area, (int) (target_y - 5.));

  g_assert_true (is_tint_of (amber, &palette.warning));
  g_assert_false (is_tint_of (amber, &palette.error));
  g_assert_true (is_tint_of (red, &palette.error));
  g_assert_false (is_tint_of (red, &palette.warning));
  g_assert_true (pixels_equal (clear, white));
  cairo_surface_destroy (surface);

  /* Lower is better: the bands flip above the target. */
  f.chart.higher_is_better = FALSE;
  f.chart.target = 90.;
  f.chart.red_threshold = 93.;
  for (guint i = 0; i < 4; i++)
    f.values[i] = 80.;
  get_area (&f.chart, 500, 300, &area);
  target_y = pl_trend_chart_value_to_y (&f.chart, &area, 90.);
  red_y = pl_trend_chart_value_to_y (&f.chart, &area, 93.);
  surface = render_on_white (&f.chart, &palette, 500, 300);
  g_assert_true (is_tint_of (row_mode (surface, &area, (int) ((target_y + red_y) / 2.)),
                             &palette.warning));
  g_assert_true (is_tint_of (row_mode (surface, &area, (int) ((red_y + area.y) / 2.)),
                             &palette.error));
  g_assert_true (pixels_equal (row_mode (surface, &area, (int) (target_y + 5.)), white));
  cairo_surface_destroy (surface);

  fixture_clear (&f);
}

static guint
count_accent (cairo_surface_t   *surface,
              const PlChartRect *area,
              int                x)
{
  guint count = 0;

  for (int y = (int) area->y; y < (int) (area->y + area->height); y++)
    {
      Pixel p = get_pixel (surface, x, y);

      if (p.b > p.r + 60 && p.b > p.g + 30)
        count++;
    }

  return count;
}

static void
test_gap (void)
{
  PlChartPalette palette;
  PlChartRect area;
  cairo_surface_t *surface;
  Fixture f;
  int x;

  fixture_init (&f, 9, NULL);
  for (guint i = 0; i < 9; i++)
    f.values[i] = i % 2 == 0 ? 90. : 92.;
  f.chart.has_target = FALSE;
  f.chart.has_red_threshold = FALSE;
  pl_chart_palette_init_light (&palette);
  get_area (&f.chart, 500, 300, &area);
  x = (int) round (pl_trend_chart_day_to_x (&f.chart, &area, f.days[4]));

  surface = render_on_white (&f.chart, &palette, 500, 300);
  g_assert_cmpuint (count_accent (surface, &area, x), >, 0);
  cairo_surface_destroy (surface);

  f.values[4] = NAN;
  surface = render_on_white (&f.chart, &palette, 500, 300);
  for (int dx = -4; dx <= 4; dx++)
    g_assert_cmpuint (count_accent (surface, &area, x + dx), ==, 0);
  /* The line stops at the neighbours and goes on beyond them. */
  for (guint i = 0; i < 9; i++)
    {
      double xi = pl_trend_chart_day_to_x (&f.chart, &area, f.days[i]);

      if (i == 3 || i == 4)
        continue;
      g_assert_cmpuint (count_accent (surface, &area, (int) round (i < 8 ? xi + 10. : xi - 10.)), >, 0);
    }
  cairo_surface_destroy (surface);

  fixture_clear (&f);
}

static void
test_hit_test (void)
{
  cairo_t *cr = measuring_context ();
  PlChartRect area;
  Fixture f;
  double mid_y;

  fixture_init (&f, 26, csat);
  pl_trend_chart_get_plot_area (&f.chart, cr, 600, 300, &area);
  mid_y = area.y + area.height / 2.;

  for (guint i = 0; i < 26; i++)
    {
      double x = pl_trend_chart_day_to_x (&f.chart, &area, f.days[i]);

      if (i == 17)
        continue;
      g_assert_cmpint (pl_trend_chart_hit_test (&f.chart, cr, 600, 300, x, mid_y), ==, i);
      g_assert_cmpint (pl_trend_chart_hit_test (&f.chart, cr, 600, 300, x + 3., area.y + 1.), ==, i);
      g_assert_cmpint (pl_trend_chart_hit_test (&f.chart, cr, 600, 300, x - 3., area.y + area.height - 1.),
                       ==, i);
    }

  /* Week 17 has no value: the pointer there picks a neighbour. */
  {
    int hit = pl_trend_chart_hit_test (&f.chart, cr, 600, 300,
                                       pl_trend_chart_day_to_x (&f.chart, &area, f.days[17]), mid_y);
    g_assert_true (hit == 16 || hit == 18);
  }

  g_assert_cmpint (pl_trend_chart_hit_test (&f.chart, cr, 600, 300, area.x - 2., mid_y), ==, -1);
  g_assert_cmpint (pl_trend_chart_hit_test (&f.chart, cr, 600, 300, area.x + area.width + 2., mid_y),
                   ==, -1);
  g_assert_cmpint (pl_trend_chart_hit_test (&f.chart, cr, 600, 300, area.x + 20., area.y - 2.), ==, -1);
  g_assert_cmpint (pl_trend_chart_hit_test (&f.chart, cr, 600, 300, area.x + 20.,
                                            area.y + area.height + 2.), ==, -1);

  f.chart.n = 0;
  g_assert_cmpint (pl_trend_chart_hit_test (&f.chart, cr, 600, 300, area.x + 20., mid_y), ==, -1);

  cairo_destroy (cr);
  fixture_clear (&f);
}

static void
test_x_ticks (void)
{
  static const guint counts[] = { 8, 26, 104, 520 };
  static const double widths[] = { 300., 1200. };
  cairo_t *cr = measuring_context ();

  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        g_autoptr(GArray) ticks = NULL;
        PlChartRect area;
        Fixture f;

        fixture_init (&f, counts[c], NULL);
        pl_trend_chart_get_plot_area (&f.chart, cr, widths[w], 300., &area);
        ticks = pl_trend_chart_get_x_ticks (&f.chart, cr, widths[w], 300.);
        g_test_message ("%u weeks at %.0f px: %u ticks", counts[c], widths[w], ticks->len);
        g_assert_cmpuint (ticks->len, >=, 2);

        /* The first label carries the year. */
        g_assert_nonnull (strstr (g_array_index (ticks, PlChartTick, 0).text, "20"));

        for (guint i = 0; i < ticks->len; i++)
          {
            const PlChartTick *tick = &g_array_index (ticks, PlChartTick, i);
            g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc ((gint64) tick->day * 86400);

            /* Inside the chart, under the plot, at its own date. */
            g_assert_cmpfloat (tick->extents.x, >=, 0.);
            g_assert_cmpfloat (tick->extents.x + tick->extents.width, <=, widths[w]);
            g_assert_cmpfloat (tick->extents.y, >=, area.y + area.height);
            g_assert_cmpfloat (tick->extents.y + tick->extents.height, <=, 300.);
            g_assert_cmpfloat (tick->x, >=, area.x);
            g_assert_cmpfloat (tick->x, <=, area.x + area.width);
            g_assert_cmpfloat_with_epsilon (tick->x,
                                            pl_trend_chart_day_to_x (&f.chart, &area, tick->day),
                                            1e-6);
            g_assert_cmpstr (tick->text, !=, "");

            /* Week boundaries (Mondays) or month boundaries. */
            g_assert_true (g_date_time_get_day_of_week (date) == 1
                           || g_date_time_get_day_of_month (date) == 1);

            if (i > 0)
              {
                const PlChartTick *previous = &g_array_index (ticks, PlChartTick, i - 1);

                g_assert_cmpfloat (previous->day, <, tick->day);
                g_assert_cmpfloat (previous->extents.x + previous->extents.width, <,
                                   tick->extents.x);
              }
          }

        fixture_clear (&f);
      }

  /* Half a year at full width: every other Monday, the year under the first. */
  {
    g_autoptr(GArray) ticks = NULL;
    Fixture f;

    fixture_init (&f, 26, csat);
    ticks = pl_trend_chart_get_x_ticks (&f.chart, cr, 1200., 400.);
    g_assert_cmpstr (g_array_index (ticks, PlChartTick, 0).text, ==, "6 Apr\n2026");
    g_assert_cmpstr (g_array_index (ticks, PlChartTick, 1).text, ==, "20 Apr");
    fixture_clear (&f);
  }

  /* Across new year, the year appears again where it changes. */
  {
    g_autoptr(GArray) ticks = NULL;
    gboolean found = FALSE;
    Fixture f;

    fixture_init (&f, 104, NULL);
    ticks = pl_trend_chart_get_x_ticks (&f.chart, cr, 1200., 400.);
    for (guint i = 0; i < ticks->len; i++)
      if (strstr (g_array_index (ticks, PlChartTick, i).text, "\n2027") != NULL)
        found = TRUE;
    g_assert_true (found);
    fixture_clear (&f);
  }

  cairo_destroy (cr);
}

static char *
read_head (const char *path,
           gsize      *length)
{
  char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

static void
test_save (void)
{
  static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plumbline-charts-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "csat.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "csat.SVG", NULL);
  g_autofree char *pdf = g_build_filename (dir, "csat.pdf", NULL);
  g_autofree char *gif = g_build_filename (dir, "csat.gif", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "missing", "csat.png", NULL);
  g_autofree char *contents = NULL;
  cairo_surface_t *image;
  Pixel corner;
  gsize length;
  Fixture f;

  g_assert_no_error (error);
  fixture_init (&f, 26, csat);
  f.chart.highlight = 3;

  g_assert_true (pl_trend_chart_save (&f.chart, NULL, png, 800, 450, &error));
  g_assert_no_error (error);
  contents = read_head (png, &length);
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpmem (contents, 8, png_signature, 8);
  g_clear_pointer (&contents, g_free);

  /* A real image, the requested size, on opaque white. */
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 450);
  corner = get_pixel (image, 799, 449);
  g_assert_true (corner.r == 255 && corner.g == 255 && corner.b == 255 && corner.a == 255);
  cairo_surface_destroy (image);

  g_assert_true (pl_trend_chart_save (&f.chart, NULL, svg, 800, 450, &error));
  g_assert_no_error (error);
  contents = read_head (svg, &length);
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "</svg>"));
  g_clear_pointer (&contents, g_free);

  g_assert_true (pl_trend_chart_save (&f.chart, NULL, pdf, 800, 450, &error));
  g_assert_no_error (error);
  contents = read_head (pdf, &length);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (length, >, 1000);
  g_assert_nonnull (g_strstr_len (contents + length - 16, 16, "%%EOF"));
  g_clear_pointer (&contents, g_free);

  /* An unknown kind of file is refused and nothing is written. */
  g_assert_false (pl_trend_chart_save (&f.chart, NULL, gif, 800, 450, &error));
  g_assert_error (error, IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (gif, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A folder that does not exist: a failed write, reported. */
  g_assert_false (pl_trend_chart_save (&f.chart, NULL, nowhere, 800, 450, &error));
  g_assert_error (error, IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (g_remove (png), ==, 0);
  g_assert_cmpint (g_remove (svg), ==, 0);
  g_assert_cmpint (g_remove (pdf), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  fixture_clear (&f);
}

static void
test_describe (void)
{
  g_autofree char *text = NULL;
  g_autofree char *empty = NULL;
  Fixture f;

  fixture_init (&f, 26, csat);
  text = pl_trend_chart_describe (&f.chart);
  g_test_message ("%s", text);

  g_assert_true (g_str_has_prefix (text, "Weekly CSAT from 6 Apr 2026 to 28 Sep 2026"));
  g_assert_nonnull (strstr (text, "latest 82.1% (target 85%, at risk)"));
  g_assert_nonnull (strstr (text, "highest 88.0% in the week of 27 Apr 2026"));
  g_assert_nonnull (strstr (text, "lowest 79.2% in the week of 6 Jul 2026"));
  /* 86.2 87.1 85.4 88.0 86.9 85.8 85.3 85.6 86.4 85.1; week 17 has no data. */
  g_assert_nonnull (strstr (text, "10 of 25 weeks on target."));

  f.chart.n = 0;
  empty = pl_trend_chart_describe (&f.chart);
  g_assert_cmpstr (empty, ==, "Weekly CSAT: no data yet.");

  fixture_clear (&f);
}

static void
test_reduce (void)
{
  static const double x[10] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  static const double y[10] = { 5, 1, 9, 3, 4, 2, 8, 8, 7, 6 };
  double gappy[10] = { 5, 1, NAN, 3, 4, 2, 8, NAN, NAN, 6 };
  double out_x[8], out_y[8];
  double wide_x[40], wide_y[40];
  guint n;

  /* Two columns of five: the minimum and the maximum of each, in order. */
  n = pl_chart_reduce_minmax (x, y, 10, 0., 10., 2, out_x, out_y);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpfloat (out_y[0], ==, 1.);
  g_assert_cmpfloat (out_x[0], ==, 1.);
  g_assert_cmpfloat (out_y[1], ==, 9.);
  g_assert_cmpfloat (out_x[1], ==, 2.);
  g_assert_cmpfloat (out_y[2], ==, 2.);
  g_assert_cmpfloat (out_x[2], ==, 5.);
  g_assert_cmpfloat (out_y[3], ==, 8.);
  g_assert_cmpfloat (out_x[3], ==, 6.);

  /* A gap inside a column ends the line there: one NAN, never two in a row. */
  n = pl_chart_reduce_minmax (x, gappy, 10, 0., 10., 2, out_x, out_y);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpfloat (out_y[0], ==, 5.);
  g_assert_cmpfloat (out_y[1], ==, 1.);
  g_assert_true (isnan (out_y[2]));
  g_assert_cmpfloat (out_y[3], ==, 2.);
  g_assert_cmpfloat (out_y[4], ==, 8.);
  g_assert_true (isnan (out_y[5]));

  /* As many columns as points: nothing is lost. */
  n = pl_chart_reduce_minmax (x, y, 10, 0., 10., 10, wide_x, wide_y);
  g_assert_cmpuint (n, ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      g_assert_cmpfloat (wide_x[i], ==, x[i]);
      g_assert_cmpfloat (wide_y[i], ==, y[i]);
    }
}

static void
test_many_points (void)
{
  PlChartPalette palette;
  cairo_surface_t *surface;
  PlChartRect area;
  Fixture f;
  const guint n = 100000;
  g_autofree double *out_x = g_new (double, 4 * 1000);
  g_autofree double *out_y = g_new (double, 4 * 1000);
  guint reduced;
  guint painted = 0;

  fixture_init (&f, n, NULL);
  for (guint i = 0; i < n; i++)
    {
      f.days[i] = FIRST_MONDAY + i / 24.;
      f.values[i] = 82. + 6. * sin (i / 500.) + ((i * 7919) % 13) / 6.;
    }
  f.values[n / 2] = NAN;

  reduced = pl_chart_reduce_minmax (f.days, f.values, n, f.days[0], f.days[n - 1], 1000, out_x,
                                    out_y);
  g_assert_cmpuint (reduced, <=, 4 * 1000);
  g_assert_cmpuint (reduced, >=, 1000);

  pl_chart_palette_init_light (&palette);
  get_area (&f.chart, 900, 400, &area);
  surface = render_on_white (&f.chart, &palette, 900, 400);
  for (int x = (int) area.x; x < (int) (area.x + area.width); x += 10)
    painted += count_accent (surface, &area, x) > 0;
  g_assert_cmpuint (painted, >, area.width / 10 * .8);
  cairo_surface_destroy (surface);

  fixture_clear (&f);
}

static void
test_sparkline (void)
{
  static const double values[8] = { 80., 82., NAN, 84., 83., 86., 85., 88. };
  PlChartPalette palette;
  PlSparkline spark = { values, 8, TRUE, 84.5, { 1., 0., 1., 1. } };
  cairo_surface_t *surface = new_surface (120, 32, 1., 1., 1., 1.);
  cairo_t *cr = cairo_create (surface);
  guint magenta = 0, elsewhere = 0;

  pl_chart_palette_init_light (&palette);
  pl_sparkline_render (&spark, &palette, cr, 120, 32);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* The last point is a dot in its status colour, at the right end, at the top. */
  for (int y = 0; y < 32; y++)
    for (int x = 0; x < 120; x++)
      if (pixel_is (get_pixel (surface, x, y), &spark.last_point, 10))
        {
          if (x > 110 && y < 10)
            magenta++;
          else
            elsewhere++;
        }
  g_assert_cmpuint (magenta, >, 4);
  g_assert_cmpuint (elsewhere, ==, 0);

  /* The gap between the 2nd and 4th values is empty. */
  g_assert_cmpuint (count_accent (surface, &(PlChartRect) { 0, 0, 120, 32 },
                                  (int) round (3.5 + 2. / 7. * 113.)),
                    ==, 0);
  cairo_surface_destroy (surface);

  /* Nothing to draw, nothing drawn. */
  spark.n = 0;
  surface = new_surface (120, 32, 1., 1., 1., 1.);
  cr = cairo_create (surface);
  pl_sparkline_render (&spark, &palette, cr, 120, 32);
  cairo_destroy (cr);
  g_assert_true (region_untouched (surface, 0, 0, 120, 32, (Pixel) { 255, 255, 255, 255 }));
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/palette/light-dark", test_palettes);
  g_test_add_func ("/charts/trend/target-line", test_target_line);
  g_test_add_func ("/charts/trend/clip", test_clip);
  g_test_add_func ("/charts/trend/light-dark-pixels", test_light_dark);
  g_test_add_func ("/charts/trend/bands", test_bands);
  g_test_add_func ("/charts/trend/gap", test_gap);
  g_test_add_func ("/charts/trend/hit-test", test_hit_test);
  g_test_add_func ("/charts/trend/x-ticks", test_x_ticks);
  g_test_add_func ("/charts/trend/save", test_save);
  g_test_add_func ("/charts/trend/describe", test_describe);
  g_test_add_func ("/charts/trend/many-points", test_many_points);
  g_test_add_func ("/charts/reduce/minmax", test_reduce);
  g_test_add_func ("/charts/sparkline/render", test_sparkline);

  return g_test_run ();
}
