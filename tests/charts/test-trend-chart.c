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

/* Where the images for looking at go: PL_TEST_OUTPUT_DIR, or the
 * temporary directory. */
static char *
output_path (const char *name)
{
  const char *env = g_getenv ("PL_TEST_OUTPUT_DIR");
  const char *dir = env != NULL && env[0] != '\0' ? env : g_get_tmp_dir ();

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return g_build_filename (dir, name, NULL);
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

/* Control charts */

/* Montgomery, Introduction to Statistical Quality Control (6th ed.),
 * Table 7.1: nonconforming orange-juice cans in 30 samples of n = 50.
 * Example 7.1 gives p̄ = 0.2313, UCL = 0.4102, LCL = 0.0524, and samples
 * 15 and 23 above the upper limit. */
static const int table_7_1[30] = {
  12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22,
  8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6,
};

typedef struct
{
  double         days[30];
  double         values[30];  /* percent */
  double         ucls[30];
  double         lcls[30];
  double         lower[30];
  double         upper[30];
  guint          sizes[30];
  double         centre;
  PlTrendSignal  signals[30];
  guint          n_signals;
  PlTrendChart   chart;
} PChart;

/* A p chart computed here: p̄ = Σk / Σn, limits p̄ ± 3 √(p̄(1 − p̄)/n_i)
 * floored at 0, and Wilson 95% intervals (z = 1.959964) for the band. */
static void
p_chart_init (PChart      *p,
              const guint *sizes)
{
  double total_k = 0., total_n = 0.;

  memset (p, 0, sizeof *p);
  for (guint i = 0; i < 30; i++)
    {
      /* The table's counts, scaled to the sample sizes. */
      double k = round (table_7_1[i] * sizes[i] / 50.);

      p->days[i] = FIRST_MONDAY + 7. * i;
      p->sizes[i] = sizes[i];
      p->values[i] = 100. * k / sizes[i];
      total_k += k;
      total_n += sizes[i];
    }

  p->centre = total_k / total_n;
  for (guint i = 0; i < 30; i++)
    {
      double n = sizes[i];
      double phat = p->values[i] / 100.;
      double z = 1.959964;
      double sigma = sqrt (p->centre * (1. - p->centre) / n);
      double mid = (phat + z * z / (2. * n)) / (1. + z * z / n);
      double half = z / (1. + z * z / n) * sqrt (phat * (1. - phat) / n + z * z / (4. * n * n));

      p->ucls[i] = 100. * MIN (1., p->centre + 3. * sigma);
      p->lcls[i] = 100. * MAX (0., p->centre - 3. * sigma);
      p->lower[i] = 100. * (mid - half);
      p->upper[i] = 100. * (mid + half);
      if (p->values[i] > p->ucls[i] || p->values[i] < p->lcls[i])
        p->signals[p->n_signals++] = (PlTrendSignal) { i, 1, "One point beyond the control limits" };
    }
  p->centre *= 100.;

  pl_trend_chart_init (&p->chart);
  p->chart.series_label = "Weekly share of defective cans";
  p->chart.days = p->days;
  p->chart.values = p->values;
  p->chart.n = 30;
  p->chart.unit = "%";
  p->chart.decimals = 1;
  p->chart.higher_is_better = FALSE;
  p->chart.has_control_limits = TRUE;
  p->chart.centre = p->centre;
  p->chart.ucls = p->ucls;
  p->chart.lcls = p->lcls;
  p->chart.sizes = p->sizes;
}

static const guint fifty[30] = {
  50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50,
  50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50,
};

static const guint varying[30] = {
  50, 100, 150, 50, 100, 150, 50, 100, 150, 50, 100, 150, 50, 100, 150,
  50, 100, 150, 50, 100, 150, 50, 100, 150, 50, 100, 150, 50, 100, 150,
};

static gboolean
is_magenta (Pixel p)
{
  return p.r > 200 && p.b > 200 && p.g < 150;
}

/* Whether a magenta pixel is on row y within dx of x. */
static gboolean
magenta_near (cairo_surface_t *surface,
              int              x,
              int              y,
              int              dx)
{
  for (int i = x - dx; i <= x + dx; i++)
    if (is_magenta (get_pixel (surface, i, y)))
      return TRUE;

  return FALSE;
}

static void
test_p_chart_reference (void)
{
  PChart p;

  /* The published figures, to four places. */
  p_chart_init (&p, fifty);
  g_assert_cmpfloat_with_epsilon (p.centre / 100., 0.2313, 5e-5);
  g_assert_cmpfloat_with_epsilon (p.ucls[0] / 100., 0.4102, 5e-5);
  g_assert_cmpfloat_with_epsilon (p.lcls[0] / 100., 0.0524, 5e-5);
  g_assert_cmpuint (p.n_signals, ==, 2);
  g_assert_cmpuint (p.signals[0].index, ==, 14);
  g_assert_cmpuint (p.signals[1].index, ==, 22);
}

static void
test_stepped_limits (void)
{
  const PlColor magenta = { 1., 0., 1., 1. };
  const int width = 900, height = 400;
  PlChartPalette palette;
  PlChartRect area;
  cairo_surface_t *surface;
  guint checked = 0;
  PChart p;

  p_chart_init (&p, varying);
  /* n = 50, 100, 150 give three different limits, repeating. */
  g_assert_cmpfloat (p.ucls[0], >, p.ucls[1] + 2.);
  g_assert_cmpfloat (p.ucls[1], >, p.ucls[2] + 1.);
  g_assert_cmpfloat_with_epsilon (p.ucls[0], p.ucls[3], 1e-12);

  pl_chart_palette_init_light (&palette);
  palette.foreground = magenta;
  get_area (&p.chart, width, height, &area);
  surface = render_on_white (&p.chart, &palette, width, height);

  for (guint i = 1; i + 1 < 30; i++)
    {
      int x = (int) round (pl_trend_chart_day_to_x (&p.chart, &area, p.days[i]));
      int ucl_y = (int) floor (pl_trend_chart_value_to_y (&p.chart, &area, p.ucls[i]));
      int lcl_y = (int) floor (pl_trend_chart_value_to_y (&p.chart, &area, p.lcls[i]));
      int next_ucl_y = (int) floor (pl_trend_chart_value_to_y (&p.chart, &area, p.ucls[i + 1]));

      /* Each point's own limits run across its step (dashed: look along
       * a few pixels)... */
      g_assert_true (magenta_near (surface, x, ucl_y, 6));
      if (p.lcls[i] > 0.)
        g_assert_true (magenta_near (surface, x, lcl_y, 6));
      /* ...and its neighbour's limit does not reach over it. */
      if (abs (next_ucl_y - ucl_y) >= 3)
        {
          g_assert_false (magenta_near (surface, x, next_ucl_y, 2));
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 20);

  /* The steps sit half-way between points: left of the mid-point between
   * points 0 and 1 the limit is point 0's, right of it point 1's. */
  {
    double x0 = pl_trend_chart_day_to_x (&p.chart, &area, p.days[0]);
    double x1 = pl_trend_chart_day_to_x (&p.chart, &area, p.days[1]);
    double mid = (x0 + x1) / 2.;
    int y0 = (int) floor (pl_trend_chart_value_to_y (&p.chart, &area, p.ucls[0]));
    int y1 = (int) floor (pl_trend_chart_value_to_y (&p.chart, &area, p.ucls[1]));

    g_assert_true (magenta_near (surface, (int) (mid - 6.), y0, 4));
    g_assert_false (magenta_near (surface, (int) (mid + 6.), y0, 3));
    g_assert_true (magenta_near (surface, (int) (mid + 6.), y1, 4));
    g_assert_false (magenta_near (surface, (int) (mid - 6.), y1, 3));
  }

  cairo_surface_destroy (surface);
}

static void
test_interval_band (void)
{
  const PlColor green = { 0., .8, 0., 1. };
  const int width = 900, height = 400;
  PlChartPalette palette;
  PlChartRect area;
  cairo_surface_t *surface;
  g_autofree char *readout = NULL;
  PChart p;

  p_chart_init (&p, fifty);
  p.chart.lower = p.lower;
  p.chart.upper = p.upper;
  p.chart.interval_label = "Wilson 95% interval";
  p.chart.has_control_limits = FALSE;

  /* Wilson's interval for sample 1, 12 of 50, by hand:
   * (0.24 + 0.038415) / 1.076829 ± 1.959964 / 1.076829 × √(0.003648 + 0.000384)
   * = 0.258551 ± 0.115577: 14.30% to 37.41%. */
  g_assert_cmpfloat_with_epsilon (p.lower[0], 14.297, .001);
  g_assert_cmpfloat_with_epsilon (p.upper[0], 37.413, .001);

  pl_chart_palette_init_light (&palette);
  palette.accent = green;
  get_area (&p.chart, width, height, &area);
  surface = render_on_white (&p.chart, &palette, width, height);

  for (guint i = 0; i < 30; i += 3)
    {
      int x = (int) round (pl_trend_chart_day_to_x (&p.chart, &area, p.days[i]));
      double y = pl_trend_chart_value_to_y (&p.chart, &area, p.values[i]);
      double top = pl_trend_chart_value_to_y (&p.chart, &area, p.upper[i]);
      double bottom = pl_trend_chart_value_to_y (&p.chart, &area, p.lower[i]);

      /* Shaded between the value and each end of its interval, clear beyond. */
      g_assert_true (is_tint_of (get_pixel (surface, x, (int) round ((y + top) / 2.)), &green));
      g_assert_true (is_tint_of (get_pixel (surface, x, (int) round ((y + bottom) / 2.)), &green));
      if (top - 8. > area.y)
        g_assert_false (is_tint_of (get_pixel (surface, x, (int) round (top - 6.)), &green));
    }
  cairo_surface_destroy (surface);

  readout = pl_trend_chart_dup_readout (&p.chart, 0);
  g_test_message ("%s", readout);
  g_assert_cmpstr (readout, ==, "Week of 6 Apr 2026\n24.0%\nWilson 95% interval 14.3%–37.4%\nn = 50");
}

static gboolean
is_magenta_ish (Pixel pixel)
{
  return pixel.r > pixel.g + 40 && pixel.b > pixel.g + 40 && ABS (pixel.r - pixel.b) < 30;
}

/* A comparison series: drawn in the foreground colour under the series,
 * inside the y range even far from the series, in the legend, the read-out
 * and the summary. */
static void
test_compare (void)
{
  const PlColor magenta = { 1., 0., 1., 1. };
  const int width = 900, height = 400;
  double compare[26];
  PlChartPalette palette;
  PlChartRect area;
  cairo_surface_t *surface;
  g_autofree char *readout = NULL;
  g_autofree char *summary = NULL;
  Fixture f;
  guint tinted = 0;

  fixture_init (&f, 26, csat);
  for (guint i = 0; i < 26; i++)
    compare[i] = i == 5 ? NAN : 95.;
  f.chart.compare = compare;
  f.chart.compare_label = "Team average";

  get_area (&f.chart, width, height, &area);
  g_assert_cmpfloat (pl_trend_chart_value_to_y (&f.chart, &area, 95.), >=, area.y);

  pl_chart_palette_init_light (&palette);
  palette.foreground = magenta;
  surface = render_on_white (&f.chart, &palette, width, height);
  /* Half-way between weeks 10 and 11, on the row of 95. */
  {
    int x = (int) round ((pl_trend_chart_day_to_x (&f.chart, &area, f.days[10]) +
                          pl_trend_chart_day_to_x (&f.chart, &area, f.days[11])) / 2.);
    int y = (int) round (pl_trend_chart_value_to_y (&f.chart, &area, 95.));

    for (int dy = -1; dy <= 1; dy++)
      if (is_magenta_ish (get_pixel (surface, x, y + dy)))
        tinted++;
    g_assert_cmpuint (tinted, >, 0);
    /* Not drawn across its gap: half-way between weeks 4 and 6. */
    x = (int) round (pl_trend_chart_day_to_x (&f.chart, &area, f.days[5]));
    for (int dy = -1; dy <= 1; dy++)
      g_assert_false (is_magenta_ish (get_pixel (surface, x - 20, y + dy)));
  }
  cairo_surface_destroy (surface);

  readout = pl_trend_chart_dup_readout (&f.chart, 0);
  g_assert_nonnull (strstr (readout, "\nTeam average: 95.0%"));
  g_clear_pointer (&readout, g_free);
  readout = pl_trend_chart_dup_readout (&f.chart, 5);
  g_assert_null (strstr (readout, "Team average"));

  summary = pl_trend_chart_describe (&f.chart);
  g_test_message ("%s", summary);
  g_assert_nonnull (strstr (summary, "; Team average 95.0% in the latest period."));

  fixture_clear (&f);
}

static void
test_signals (void)
{
  const PlColor cyan = { 0., 1., 1., 1. };
  const int width = 900, height = 400;
  PlChartPalette palette;
  PlChartRect area;
  cairo_surface_t *surface;
  g_autofree char *readout = NULL;
  PChart p;

  p_chart_init (&p, fifty);
  p.chart.signals = p.signals;
  p.chart.n_signals = p.n_signals;

  pl_chart_palette_init_light (&palette);
  palette.error = cyan;
  get_area (&p.chart, width, height, &area);
  surface = render_on_white (&p.chart, &palette, width, height);

  for (guint i = 0; i < 30; i++)
    {
      /* The pixels that hold the point's centre. */
      int x = (int) floor (pl_trend_chart_day_to_x (&p.chart, &area, p.days[i]));
      int y = (int) floor (pl_trend_chart_value_to_y (&p.chart, &area, p.values[i]));

      if (i == 14 || i == 22)
        {
          gboolean outlined = FALSE;

          /* A diamond: towards its tips it is filled, the corners of a
           * square are not... */
          g_assert_true (pixel_is (get_pixel (surface, x, y), &cyan, 0));
          g_assert_true (pixel_is (get_pixel (surface, x, y - 3), &cyan, 0));
          g_assert_true (pixel_is (get_pixel (surface, x + 3, y), &cyan, 0));
          g_assert_false (pixel_is (get_pixel (surface, x + 4, y - 4), &cyan, 40));
          g_assert_false (pixel_is (get_pixel (surface, x - 4, y + 4), &cyan, 40));
          /* ...and it has a dark outline, unlike the round markers. */
          for (int dx = 4; dx <= 7; dx++)
            {
              Pixel q = get_pixel (surface, x + dx, y);

              outlined |= q.r < 100 && q.g < 100 && q.b < 100;
            }
          g_assert_true (outlined);
        }
      else
        for (int dy = -8; dy <= 8; dy++)
          for (int dx = -8; dx <= 8; dx++)
            g_assert_false (pixel_is (get_pixel (surface, x + dx, y + dy), &cyan, 60));
    }
  cairo_surface_destroy (surface);

  readout = pl_trend_chart_dup_readout (&p.chart, 14);
  g_test_message ("%s", readout);
  g_assert_cmpstr (readout, ==,
                   "Week of 13 Jul 2026\n44.0%\nn = 50\nControl limits 5.2%–41.0%, centre 23.1%\n"
                   "Signal: One point beyond the control limits (rule 1)");

  /* A signal on a point that is not there is left out, not drawn somewhere. */
  p.signals[1].index = 30;
  {
    g_autofree char *text = pl_trend_chart_describe (&p.chart);

    g_assert_nonnull (strstr (text, " 1 special-cause signal: in the week of 13 Jul 2026, rule 1 "
                                    "(One point beyond the control limits)."));
  }
  g_assert_null (pl_trend_chart_dup_readout (&p.chart, 30));
}

static gboolean
rects_overlap (const PlChartRect *a,
               const PlChartRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height
         && b->y < a->y + a->height;
}

static void
check_labels (const PlTrendChart *chart,
              double              width,
              double              height,
              guint              *n_shown)
{
  cairo_t *cr = measuring_context ();
  g_autoptr(GArray) boxes = pl_trend_chart_get_intervention_labels (chart, cr, width, height);
  PlChartRect legend, area;

  pl_trend_chart_get_legend_area (chart, cr, width, height, &legend);
  pl_trend_chart_get_plot_area (chart, cr, width, height, &area);
  g_assert_cmpuint (boxes->len, ==, chart->n_interventions);
  *n_shown = 0;

  for (guint i = 0; i < boxes->len; i++)
    {
      const PlChartRect *box = &g_array_index (boxes, PlChartRect, i);
      double line_x = pl_trend_chart_day_to_x (chart, &area, chart->interventions[i].day);

      if (box->width <= 0.)
        continue;
      (*n_shown)++;
      g_test_message ("label %u at %.1f,%.1f %.1f×%.1f, line at %.1f", i, box->x, box->y,
                      box->width, box->height, line_x);

      /* Inside the chart, above the plot, below the legend. */
      g_assert_cmpfloat (box->x, >=, 0.);
      g_assert_cmpfloat (box->x + box->width, <=, width);
      g_assert_cmpfloat (box->y + box->height, <=, area.y);
      g_assert_cmpfloat (box->y, >=, legend.y + legend.height);
      g_assert_false (rects_overlap (box, &legend));

      for (guint j = 0; j < boxes->len; j++)
        {
          const PlChartRect *other = &g_array_index (boxes, PlChartRect, j);
          double other_x = pl_trend_chart_day_to_x (chart, &area, chart->interventions[j].day);

          if (j == i || other->width <= 0.)
            continue;
          g_assert_false (rects_overlap (box, other));
          /* Another's line comes down from its label's top: it must not
           * cross this label. */
          if (other->y < box->y)
            g_assert_true (other_x < box->x - 1. || other_x > box->x + box->width + 1.);
        }
    }

  cairo_destroy (cr);
}

static void
test_interventions (void)
{
  static const PlTrendIntervention three[3] = {
    { FIRST_MONDAY + 7. * 12 + 2., "New IVR menu" },
    { FIRST_MONDAY + 7. * 13, "Coaching for the phone team" },
    { FIRST_MONDAY + 7. * 14 + 1., "Script change" },
  };
  PlTrendIntervention many[9];
  g_autofree char *readout = NULL;
  guint shown;
  Fixture f;

  fixture_init (&f, 26, csat);
  f.chart.interventions = three;
  f.chart.n_interventions = 3;

  /* Three within two weeks on a narrow chart: stacked, all shown. */
  check_labels (&f.chart, 320., 260., &shown);
  g_assert_cmpuint (shown, ==, 3);
  check_labels (&f.chart, 1200., 400., &shown);
  g_assert_cmpuint (shown, ==, 3);

  /* The line is drawn at the day, through the plot. */
  {
    const PlColor magenta = { 1., 0., 1., 1. };
    PlChartPalette palette;
    PlChartRect area;
    cairo_surface_t *surface;
    int x;

    pl_chart_palette_init_light (&palette);
    palette.foreground = magenta;
    f.chart.has_target = FALSE;
    f.chart.has_red_threshold = FALSE;
    get_area (&f.chart, 640, 320, &area);
    x = (int) floor (pl_trend_chart_day_to_x (&f.chart, &area, three[1].day));
    surface = render_on_white (&f.chart, &palette, 640, 320);
    g_assert_true (is_magenta (get_pixel (surface, x, (int) (area.y + area.height - 3.))));
    g_assert_true (is_magenta (get_pixel (surface, x, (int) (area.y + 2.))));
    g_assert_false (is_magenta (get_pixel (surface, x + 3, (int) (area.y + area.height - 3.))));
    cairo_surface_destroy (surface);
    f.chart.has_target = TRUE;
    f.chart.has_red_threshold = TRUE;
  }

  /* The read-out of the week names what happened in it. */
  readout = pl_trend_chart_dup_readout (&f.chart, 12);
  g_assert_cmpstr (readout, ==, "Week of 29 Jun 2026\n81.9%  at risk\n"
                                "Intervention: New IVR menu, 1 Jul 2026");

  /* Nine in a row: some shortened or left out, none over another. */
  for (guint i = 0; i < G_N_ELEMENTS (many); i++)
    many[i] = (PlTrendIntervention) { FIRST_MONDAY + 7. * 10 + 3. * i, "A long intervention label" };
  f.chart.interventions = many;
  f.chart.n_interventions = G_N_ELEMENTS (many);
  check_labels (&f.chart, 320., 260., &shown);
  g_assert_cmpuint (shown, >=, 3);
  g_assert_cmpuint (shown, <, 9);
  check_labels (&f.chart, 1200., 400., &shown);
  g_assert_cmpuint (shown, >=, 3);

  /* Too short for rows of labels: the lines alone. */
  check_labels (&f.chart, 320., 60., &shown);
  g_assert_cmpuint (shown, ==, 0);

  fixture_clear (&f);
}

static void
test_describe_control (void)
{
  static const PlTrendIntervention interventions[2] = {
    { FIRST_MONDAY + 7. * 13 + 2., "New IVR menu" },
    { FIRST_MONDAY + 7. * 20, "Coaching" },
  };
  g_autofree char *text = NULL;
  g_autofree char *constant = NULL;
  PChart p;

  p_chart_init (&p, varying);
  p.chart.signals = p.signals;
  p.chart.n_signals = p.n_signals;
  p.chart.interventions = interventions;
  p.chart.n_interventions = 2;
  text = pl_trend_chart_describe (&p.chart);
  g_test_message ("%s", text);

  {
    g_autofree char *expected = NULL;
    g_autofree char *signals = NULL;
    double ucl_lo = G_MAXDOUBLE, ucl_hi = 0., lcl_lo = G_MAXDOUBLE, lcl_hi = 0.;

    for (guint i = 0; i < 30; i++)
      {
        ucl_lo = MIN (ucl_lo, p.ucls[i]);
        ucl_hi = MAX (ucl_hi, p.ucls[i]);
        lcl_lo = MIN (lcl_lo, p.lcls[i]);
        lcl_hi = MAX (lcl_hi, p.lcls[i]);
      }
    expected = g_strdup_printf ("; control limits vary with the sample size (lower %.1f%% to "
                                "%.1f%%, upper %.1f%% to %.1f%%) around a centre line of %.1f%%.",
                                lcl_lo, lcl_hi, ucl_lo, ucl_hi, p.centre);
    g_assert_nonnull (strstr (text, expected));
    /* With n of 100 and 150 the limits close in: the scaled table has
     * eight points beyond them, the first (sample 5, 8 of 100 = 8% under
     * an LCL of 22.6% − 3 √(0.226 × 0.774 / 100) = 10.1%) in the week of
     * 4 May. Six are named, the rest counted. */
    g_assert_cmpuint (p.n_signals, ==, 8);
    g_assert_cmpuint (p.signals[0].index, ==, 4);
    g_assert_cmpfloat (p.values[4], <, p.lcls[4]);
    signals = g_strdup ("8 special-cause signals: in the week of 4 May 2026, rule 1 (One point "
                        "beyond the control limits); in the week of ");
    g_assert_nonnull (strstr (text, signals));
    g_assert_nonnull (strstr (text, "; and 2 more. "));
    g_assert_true (g_str_has_suffix (text, " 2 interventions: New IVR menu on 8 Jul 2026; "
                                           "Coaching on 24 Aug 2026."));
  }

  /* Constant limits read as one pair: Table 7.1 as published, with its
   * two signals. */
  p_chart_init (&p, fifty);
  p.chart.ucls = NULL;
  p.chart.lcls = NULL;
  p.chart.ucl = p.ucls[0];
  p.chart.lcl = p.lcls[0];
  p.chart.signals = p.signals;
  p.chart.n_signals = p.n_signals;
  constant = pl_trend_chart_describe (&p.chart);
  g_test_message ("%s", constant);
  g_assert_nonnull (strstr (constant, "; control limits 5.2% to 41.0% around a centre line of 23.1%. "
                                      "2 special-cause signals: in the week of 13 Jul 2026, rule 1 "
                                      "(One point beyond the control limits); in the week of "
                                      "7 Sep 2026, rule 1 (One point beyond the control limits)."));
  g_clear_pointer (&constant, g_free);

  /* A control chart given no signals says there are none. */
  p.chart.n_signals = 0;
  constant = pl_trend_chart_describe (&p.chart);
  g_assert_true (g_str_has_suffix (constant, "around a centre line of 23.1%. "
                                             "No special-cause signals."));
}

static gboolean
is_accent (Pixel pixel)
{
  return pixel.b > pixel.r + 60 && pixel.b > pixel.g + 30;
}

static void
test_million_points (void)
{
  const guint n = 1000000;
  const double width = 1200., height = 400.;
  PlChartPalette palette;
  PlChartRect area;
  cairo_surface_t *surface;
  cairo_path_t *path;
  cairo_t *cr;
  guint vertices = 0, moves = 0, closes = 0, columns, checked = 0;
  g_autofree double *column_min = NULL;
  g_autofree double *column_max = NULL;
  g_autofree char *png = output_path ("charts-trend-million-light.png");
  gint64 start, elapsed;
  Fixture f;

  fixture_init (&f, n, NULL);
  for (guint i = 0; i < n; i++)
    {
      f.days[i] = FIRST_MONDAY + i / 1440.;
      f.values[i] = 82. + 6. * sin (i / 5000.) + ((i * 7919) % 13) / 6.;
    }
  f.values[n / 3] = NAN;
  f.chart.title = "Customer satisfaction, one value a minute";
  f.chart.series_label = "CSAT";

  /* It renders, in reasonable time. */
  pl_chart_palette_init_light (&palette);
  start = g_get_monotonic_time ();
  surface = render_on_white (&f.chart, &palette, (int) width, (int) height);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("1,000,000 points at 1200×400: %.1f ms", elapsed / 1000.);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("wrote %s", png);

  /* The series is drawn as the band of each pixel column's values: every
   * row between a column's lowest and highest value is the series colour,
   * and nothing is beyond the neighbouring columns' values and the line's
   * width (the data: 82 + 6 sin(i/5000) + 0 to 2, 833 points a column). */
  get_area (&f.chart, width, height, &area);
  columns = (guint) ceil (area.width);
  column_min = g_new (double, columns);
  column_max = g_new (double, columns);
  for (guint c = 0; c < columns; c++)
    {
      column_min[c] = G_MAXDOUBLE;
      column_max[c] = -G_MAXDOUBLE;
    }
  for (guint i = 0; i < n; i++)
    {
      double x = pl_trend_chart_day_to_x (&f.chart, &area, f.days[i]);
      guint c = (guint) CLAMP (floor (x - area.x), 0., columns - 1.);

      if (!isfinite (f.values[i]))
        continue;
      column_min[c] = MIN (column_min[c], f.values[i]);
      column_max[c] = MAX (column_max[c], f.values[i]);
    }
  for (guint c = 20; c + 20 < columns; c += 37)
    {
      /* The pixel wholly inside column c. */
      int x = (int) ceil (area.x + c);
      double top = pl_trend_chart_value_to_y (&f.chart, &area, column_max[c]);
      double bottom = pl_trend_chart_value_to_y (&f.chart, &area, column_min[c]);
      double reach_top = top, reach_bottom = bottom;

      if (x + 1 > area.x + c + 1)
        continue;
      g_assert_cmpfloat (column_max[c], >, column_min[c] + 1.);
      for (guint d = c - 1; d <= c + 1; d++)
        {
          reach_top = MIN (reach_top, pl_trend_chart_value_to_y (&f.chart, &area, column_max[d]));
          reach_bottom = MAX (reach_bottom, pl_trend_chart_value_to_y (&f.chart, &area, column_min[d]));
        }
      for (int y = (int) ceil (top); y < (int) floor (bottom); y++)
        g_assert_true (is_accent (get_pixel (surface, x, y)));
      for (int y = (int) area.y; y < (int) (area.y + area.height); y++)
        if (y < reach_top - 2. || y > reach_bottom + 2.)
          g_assert_false (is_accent (get_pixel (surface, x, y)));
      checked++;
    }
  g_assert_cmpuint (checked, >, 20);
  cairo_surface_destroy (surface);

  /* The series is one path: a closed outline per run between gaps, with at
   * most two vertices per pixel column, the tops then the bottoms. */
  cr = measuring_context ();
  pl_trend_chart_append_series_path (&f.chart, cr, width, height);
  path = cairo_copy_path (cr);
  g_assert_cmpint (path->status, ==, CAIRO_STATUS_SUCCESS);
  for (int i = 0; i < path->num_data; i += path->data[i].header.length)
    {
      int next = i + path->data[i].header.length;

      switch (path->data[i].header.type)
        {
        case CAIRO_PATH_MOVE_TO:
          /* cairo moves back to the start after a close; that move begins
           * nothing when the path ends there. */
          if (next >= path->num_data || path->data[next].header.type == CAIRO_PATH_MOVE_TO)
            break;
          moves++;
          vertices++;
          break;
        case CAIRO_PATH_LINE_TO:
          vertices++;
          break;
        case CAIRO_PATH_CLOSE_PATH:
          closes++;
          break;
        case CAIRO_PATH_CURVE_TO:
        default:
          g_assert_not_reached ();
        }
    }
  g_test_message ("%u vertices, %u sub-paths, plot %.0f px wide", vertices, moves, area.width);
  g_assert_cmpuint (vertices, <=, 2 * columns + 4);
  g_assert_cmpuint (vertices, <=, 2 * width + 4);
  /* Every column between the insets has points (fewer vertices only where
   * cairo merges collinear edges). */
  g_assert_cmpuint (vertices, >=, columns);
  /* The gap splits the band in two. */
  g_assert_cmpuint (moves, ==, 2);
  g_assert_cmpuint (closes, ==, 2);
  cairo_path_destroy (path);
  cairo_destroy (cr);

  /* Up to two points a column are drawn as they are, a line (a zigzag,
   * since cairo merges collinear segments). */
  f.chart.n = 2 * columns - 10;
  for (guint i = 0; i < f.chart.n; i++)
    {
      f.days[i] = FIRST_MONDAY + i;
      f.values[i] = i % 2 == 0 ? 80. : 90.;
    }
  cr = measuring_context ();
  pl_trend_chart_append_series_path (&f.chart, cr, width, height);
  path = cairo_copy_path (cr);
  g_assert_cmpint (path->num_data, ==, 2 * (int) f.chart.n);
  for (int i = 0; i < path->num_data; i += path->data[i].header.length)
    g_assert_cmpint (path->data[i].header.type, ==, i == 0 ? CAIRO_PATH_MOVE_TO : CAIRO_PATH_LINE_TO);
  cairo_path_destroy (path);
  cairo_destroy (cr);

  /* With a band and limits per point, a long series still renders. */
  {
    g_autofree double *lower = g_new (double, n);
    g_autofree double *upper = g_new (double, n);

    for (guint i = 0; i < n; i++)
      {
        f.days[i] = FIRST_MONDAY + i / 1440.;
        f.values[i] = 82. + 6. * sin (i / 5000.) + ((i * 7919) % 13) / 6.;
        lower[i] = f.values[i] - 2.;
        upper[i] = f.values[i] + 2.;
      }
    f.chart.n = n;
    f.chart.lower = lower;
    f.chart.upper = upper;
    f.chart.has_control_limits = TRUE;
    f.chart.centre = 84.;
    f.chart.ucls = upper;
    f.chart.lcls = lower;
    start = g_get_monotonic_time ();
    surface = render_on_white (&f.chart, &palette, (int) width, (int) height);
    elapsed = g_get_monotonic_time () - start;
    g_test_message ("with a band and stepped limits: %.1f ms", elapsed / 1000.);
    cairo_surface_destroy (surface);
  }

  fixture_clear (&f);
}

/* A reduced series keeps what its line showed: a flat stretch is as thick
 * as the line, a jump between two columns stays joined, and a column alone
 * between gaps still shows. */
static void
test_reduced_envelope (void)
{
  const guint n = 6000;   /* 10 a column at 600 px */
  const int width = 600, height = 300;
  PlChartPalette palette;
  PlChartRect area;
  cairo_surface_t *surface;
  cairo_path_t *path;
  cairo_t *cr;
  double jump_x, high_y, low_y;
  int x, first = -1, last = -1;
  guint painted = 0;
  Fixture f;

  fixture_init (&f, n, NULL);
  for (guint i = 0; i < n; i++)
    {
      f.days[i] = FIRST_MONDAY + i / 24.;
      f.values[i] = i < n / 2 ? 90. : 80.;
    }
  f.chart.has_target = FALSE;
  f.chart.has_red_threshold = FALSE;
  pl_chart_palette_init_light (&palette);
  get_area (&f.chart, width, height, &area);
  surface = render_on_white (&f.chart, &palette, width, height);

  /* Flat: the series colour over the line's 2 px (3 rows when the value
   * falls between two), centred on the value. */
  x = (int) round (area.x + area.width / 4.);
  high_y = pl_trend_chart_value_to_y (&f.chart, &area, 90.);
  for (int y = (int) area.y; y < (int) (area.y + area.height); y++)
    if (is_accent (get_pixel (surface, x, y)))
      {
        painted++;
        g_assert_cmpfloat (fabs (y + .5 - high_y), <=, 1.5);
      }
  g_assert_cmpuint (painted, >=, 2);
  g_assert_cmpuint (painted, <=, 3);

  /* The jump from 90 to 80 between points n/2 - 1 and n/2: the band is
   * unbroken from one value to the other there. */
  jump_x = pl_trend_chart_day_to_x (&f.chart, &area, (f.days[n / 2 - 1] + f.days[n / 2]) / 2.);
  low_y = pl_trend_chart_value_to_y (&f.chart, &area, 80.);
  g_assert_cmpfloat (low_y - high_y, >, 50.);
  for (int y = (int) ceil (high_y); y < (int) floor (low_y); y++)
    {
      gboolean near = FALSE;

      for (int dx = -1; dx <= 1; dx++)
        near = near || is_accent (get_pixel (surface, (int) floor (jump_x) + dx, y));
      g_assert_true (near);
    }
  cairo_surface_destroy (surface);

  /* One column of values between gaps: a bar one pixel wide. The plot's
   * place depends on the values' range, so that is set first. */
  for (guint i = 0; i < n; i++)
    f.values[i] = 84. + (i % 3);
  get_area (&f.chart, width, height, &area);
  for (guint i = 0; i < n; i++)
    {
      double xi = pl_trend_chart_day_to_x (&f.chart, &area, f.days[i]);

      if (floor (xi - area.x) != floor (area.width / 2.))
        f.values[i] = NAN;
    }
  surface = render_on_white (&f.chart, &palette, width, height);
  for (x = (int) area.x; x < (int) (area.x + area.width); x++)
    if (count_accent (surface, &area, x) > 0)
      {
        if (first < 0)
          first = x;
        last = x;
      }
  g_assert_cmpint (first, >=, 0);
  g_assert_cmpint (last - first, <=, 1);
  g_assert_cmpfloat (fabs (first - (area.x + floor (area.width / 2.))), <=, 1.);
  cairo_surface_destroy (surface);

  cr = measuring_context ();
  pl_trend_chart_append_series_path (&f.chart, cr, width, height);
  path = cairo_copy_path (cr);
  /* move, three lines and a close: cairo_rectangle(). */
  g_assert_cmpint (path->data[0].header.type, ==, CAIRO_PATH_MOVE_TO);
  g_assert_cmpint (path->data[2].header.type, ==, CAIRO_PATH_LINE_TO);
  g_assert_cmpint (path->data[4].header.type, ==, CAIRO_PATH_LINE_TO);
  g_assert_cmpint (path->data[6].header.type, ==, CAIRO_PATH_LINE_TO);
  g_assert_cmpint (path->data[8].header.type, ==, CAIRO_PATH_CLOSE_PATH);
  g_assert_cmpfloat (path->data[3].point.x - path->data[1].point.x, ==, 1.);
  cairo_path_destroy (path);
  cairo_destroy (cr);

  fixture_clear (&f);
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
  g_test_add_func ("/charts/trend/p-chart-reference", test_p_chart_reference);
  g_test_add_func ("/charts/trend/stepped-limits", test_stepped_limits);
  g_test_add_func ("/charts/trend/interval-band", test_interval_band);
  g_test_add_func ("/charts/trend/signals", test_signals);
  g_test_add_func ("/charts/trend/compare", test_compare);
  g_test_add_func ("/charts/trend/interventions", test_interventions);
  g_test_add_func ("/charts/trend/describe-control", test_describe_control);
  g_test_add_func ("/charts/trend/million-points", test_million_points);
  g_test_add_func ("/charts/trend/reduced-envelope", test_reduced_envelope);
  g_test_add_func ("/charts/reduce/minmax", test_reduce);
  g_test_add_func ("/charts/sparkline/render", test_sparkline);

  return g_test_run ();
}
