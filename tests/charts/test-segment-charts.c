/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "charts/pl-bar-chart.h"
#include "charts/pl-chart-common.h"
#include "charts/pl-distribution-chart.h"
#include "charts/pl-heatmap-chart.h"
#include "charts/pl-pareto-chart.h"

/* The test links GLib, cairo and Pango only, like the charts library. */
#define IO_ERROR (g_quark_from_static_string ("g-io-error-quark"))

/* Channels of the demo's shape: CSAT % with Wilson intervals. */
static const PlBarChartBar channels[] = {
  { "Phone", 82.1, 79.0, 85.0, 412, FALSE },
  { "Email", 88.4, 85.2, 91.1, 388, FALSE },
  { "Chat", 76.3, 71.0, 81.0, 240, FALSE },
  { "Social media", 91.0, 72.0, 98.5, 22, TRUE },
  { "Post", NAN, NAN, NAN, 0, FALSE },
};

static const PlBarChartBar colleagues[] = {
  { "Amelia Hargreaves-Whitfield", 86.0, 80.1, 90.4, 96, FALSE },
  { "Bartholomew Okonkwo", 79.5, 72.3, 85.2, 88, FALSE },
  { "Catriona MacLeod", 91.2, 85.9, 94.6, 102, FALSE },
  { "Dev Patel", 83.0, 60.0, 95.0, 9, TRUE },
  { "Eleanor Fitzgerald-Browne", 88.1, 82.0, 92.3, 91, FALSE },
  { "Farhan Chowdhury", 74.4, 66.7, 80.8, 84, FALSE },
  { "Grace O'Sullivan", 85.0, 78.6, 89.7, 99, FALSE },
  { "Hamish Drummond", 81.7, 74.8, 87.0, 93, FALSE },
  { "Isabella Rossi", 90.3, 84.6, 94.0, 97, FALSE },
  { "Jonas Lindqvist", 77.9, 70.2, 84.1, 86, FALSE },
  { "Keira Nakamura", 84.6, 78.0, 89.5, 95, FALSE },
  { "Liam Kowalczyk", 87.5, 45.0, 99.0, 6, TRUE },
};

/* CSAT 1–5 responses per month; July has none, September three. */
static const char *const csat_levels[]
    = { "1 Very dissatisfied", "2", "3", "4", "5 Very satisfied" };
static const char *const months[] = {
  "April 2026", "May 2026", "June 2026", "July 2026", "August 2026", "September 2026",
};
static const double csat_counts[] = {
  21, 33, 58, 144, 156,
  18, 30, 61, 150, 171,
  25, 41, 70, 139, 133,
  0, 0, 0, 0, 0,
  12, 27, 49, 160, 190,
  1, 1, 1, 0, 0,
};

/* NPS groups per channel. */
static const char *const nps_levels[] = { "Detractors", "Passives", "Promoters" };
static const char *const nps_channels[] = { "Phone", "Email", "Chat", "Social media" };
static const double nps_counts[] = {
  96, 130, 186,
  61, 142, 185,
  70, 80, 90,
  3, 6, 13,
};

/* Coded comment themes, in no particular order. */
static const char *const themes[] = {
  "Hold music and transfers", "Billing errors on the final statement", "Long waits to get through",
  "Agent was friendly", "Smart meter installation", "Tariff explained clearly",
  "Call dropped", "Refund took too long", "Website login problems", "Moving home",
};
static const double theme_counts[] = { 31, 88, 64, 12, 23, 9, 7, 18, 5, 3 };

/* Criteria of a QA scorecard, for pass rates per colleague. */
static const char *const criteria[] = {
  "Greeting and identification", "Data protection check", "Empathy", "Accurate information",
  "Resolution on first contact", "Vulnerability signposting", "Summary and next steps", "Close",
};
#define N_CRITERIA G_N_ELEMENTS (criteria)
#define N_PEOPLE   G_N_ELEMENTS (colleagues)

static const double widths[] = { 320., 360., 480., 640., 1000., 1600. };

typedef struct
{
  guint8 r, g, b, a;
} Pixel;

/* Helpers */

static cairo_t *
measuring_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

static const char *
output_dir (void)
{
  static char *dir = NULL;

  if (dir == NULL)
    {
      const char *env = g_getenv ("PL_TEST_OUTPUT_DIR");

      dir = g_strdup (env != NULL && env[0] != '\0' ? env : g_get_tmp_dir ());
      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    }

  return dir;
}

static char *
output_path (const char *kind,
             gboolean    dark,
             gboolean    wide)
{
  g_autofree char *name = g_strdup_printf ("charts-%s-%s-%s.png", kind, dark ? "dark" : "light",
                                           wide ? "wide" : "narrow");

  return g_build_filename (output_dir (), name, NULL);
}

static void
init_palette (PlChartPalette *palette,
              gboolean        dark)
{
  if (dark)
    pl_chart_palette_init_dark (palette);
  else
    pl_chart_palette_init_light (palette);
}

/* Renders onto the page colour a window would show behind the chart. */
static cairo_surface_t *
render_surface (PlChartRenderFunc     render,
                gconstpointer         chart,
                const PlChartPalette *palette,
                int                   width,
                int                   height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  if (palette->dark)
    cairo_set_source_rgb (cr, .14, .14, .14);
  else
    cairo_set_source_rgb (cr, 1., 1., 1.);
  cairo_paint (cr);
  render (chart, palette, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static void
write_png (cairo_surface_t *surface,
           const char      *path)
{
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
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

/* The share of the pixels in a box that are @color. */
static double
share_of_color (cairo_surface_t   *surface,
                const PlChartRect *box,
                const PlColor     *color)
{
  guint total = 0, matching = 0;

  for (int y = (int) ceil (box->y) + 1; y < (int) floor (box->y + box->height) - 1; y++)
    for (int x = (int) ceil (box->x) + 1; x < (int) floor (box->x + box->width) - 1; x++)
      {
        total++;
        matching += pixel_is (get_pixel (surface, x, y), color, 1);
      }
  g_assert_cmpuint (total, >, 0);

  return (double) matching / total;
}

/* Pixels in a band of rows that differ from the page: ink. */
static guint
ink_in_rows (cairo_surface_t *surface,
             int              y0,
             int              y1)
{
  Pixel page = get_pixel (surface, 0, cairo_image_surface_get_height (surface) - 1);
  guint ink = 0;

  for (int y = y0; y < y1; y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      {
        Pixel p = get_pixel (surface, x, y);

        ink += ABS (p.r - page.r) + ABS (p.g - page.g) + ABS (p.b - page.b) > 60;
      }

  return ink;
}

static gboolean
has_substring (const char *text,
               const char *part)
{
  if (strstr (text, part) != NULL)
    return TRUE;
  g_test_message ("“%s” is not in “%s”", part, text);
  return FALSE;
}

/* Colour science for the palette tests: sRGB to CIELAB (D65), and the
 * Viénot, Brettel & Mollon (1999) simulation of protanopia and
 * deuteranopia in linear RGB, with the matrices DaltonLens publishes. */

typedef struct
{
  double l, a, b;
} Lab;

static double
to_linear (double c)
{
  return c <= .04045 ? c / 12.92 : pow ((c + .055) / 1.055, 2.4);
}

static double
lab_f (double t)
{
  return t > 216. / 24389. ? cbrt (t) : (24389. / 27. * t + 16.) / 116.;
}

static Lab
linear_to_lab (const double rgb[3])
{
  double x = .4124564 * rgb[0] + .3575761 * rgb[1] + .1804375 * rgb[2];
  double y = .2126729 * rgb[0] + .7151522 * rgb[1] + .0721750 * rgb[2];
  double z = .0193339 * rgb[0] + .1191920 * rgb[1] + .9503041 * rgb[2];
  double fx = lab_f (x / .95047), fy = lab_f (y), fz = lab_f (z / 1.08883);
  Lab lab = { 116. * fy - 16., 500. * (fx - fy), 200. * (fy - fz) };

  return lab;
}

typedef enum
{
  VISION_TYPICAL,
  VISION_PROTAN,
  VISION_DEUTAN,
} Vision;

static Lab
seen_as (const PlColor *color,
         Vision         vision)
{
  static const double protan[3][3] = {
    { .11238, .88762, 0. }, { .11238, .88762, 0. }, { .00401, -.00401, 1. },
  };
  static const double deutan[3][3] = {
    { .29275, .70725, 0. }, { .29275, .70725, 0. }, { -.02234, .02234, 1. },
  };
  double rgb[3] = { to_linear (color->red), to_linear (color->green), to_linear (color->blue) };
  double out[3];
  const double (*m)[3] = vision == VISION_PROTAN ? protan : deutan;

  if (vision == VISION_TYPICAL)
    return linear_to_lab (rgb);

  for (guint i = 0; i < 3; i++)
    out[i] = CLAMP (m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2], 0., 1.);

  return linear_to_lab (out);
}

static double
delta_e (Lab a,
         Lab b)
{
  return sqrt ((a.l - b.l) * (a.l - b.l) + (a.a - b.a) * (a.a - b.a) + (a.b - b.b) * (a.b - b.b));
}

/* Bars by segment */

static void
init_channels (PlBarChart *chart)
{
  pl_bar_chart_init (chart);
  chart->title = "CSAT by channel";
  chart->value_label = "CSAT";
  chart->interval_label = "Wilson 95% interval";
  chart->bars = channels;
  chart->n_bars = G_N_ELEMENTS (channels);
  chart->unit = "%";
  chart->decimals = 1;
  chart->has_target = TRUE;
  chart->target = 85.;
  chart->has_red_threshold = TRUE;
  chart->red_threshold = 80.;
}

static void
init_colleagues (PlBarChart *chart)
{
  pl_bar_chart_init (chart);
  chart->title = "QA score by colleague";
  chart->value_label = "QA score";
  chart->interval_label = "t 95% interval";
  chart->bars = colleagues;
  chart->n_bars = N_PEOPLE;
  chart->unit = "%";
  chart->has_target = TRUE;
  chart->target = 85.;
  chart->has_red_threshold = TRUE;
  chart->red_threshold = 80.;
}

static void
render_bar (gconstpointer         chart,
            const PlChartPalette *palette,
            cairo_t              *cr,
            double                width,
            double                height)
{
  pl_bar_chart_render (chart, palette, cr, width, height);
}

static void
test_bar_render (void)
{
  for (guint dark = 0; dark < 2; dark++)
    for (guint wide = 0; wide < 2; wide++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *path = output_path ("bar", dark, wide);
        g_autofree char *path2 = output_path ("bar-colleagues", dark, wide);
        g_autofree char *path3 = output_path ("bar-hover", dark, wide);
        double width = wide ? 1000. : 360.;
        cairo_t *cr = measuring_context ();
        cairo_surface_t *still, *hover;
        PlChartPalette palette;
        PlBarChart chart;
        double height;

        init_palette (&palette, dark);
        init_channels (&chart);
        g_assert_true (pl_bar_chart_save (&chart, &palette, path, width, 320., &error));
        g_assert_no_error (error);

        /* The read-out is drawn over the chart, and only when asked for. */
        still = render_surface (render_bar, &chart, &palette, (int) width, 320);
        chart.highlight = 2;
        hover = render_surface (render_bar, &chart, &palette, (int) width, 320);
        g_assert_cmpint (memcmp (cairo_image_surface_get_data (still),
                                 cairo_image_surface_get_data (hover),
                                 (gsize) cairo_image_surface_get_stride (still) * 320),
                         !=, 0);
        write_png (hover, path3);
        cairo_surface_destroy (still);
        cairo_surface_destroy (hover);

        init_colleagues (&chart);
        height = pl_bar_chart_get_preferred_height (&chart, cr, width);
        /* A row of at least 22 px per colleague. */
        g_assert_cmpfloat (height, >=, N_PEOPLE * 22.);
        g_assert_true (pl_bar_chart_save (&chart, &palette, path2, width, height, &error));
        g_assert_no_error (error);
        cairo_destroy (cr);
      }
}

static void
test_bar_orientation (void)
{
  cairo_t *cr = measuring_context ();
  PlBarChart chart;

  /* Five short labels stand under upright bars when there is room... */
  init_channels (&chart);
  g_assert_false (pl_bar_chart_is_horizontal (&chart, cr, 1000., 320.));
  /* ...and "Social media" no longer fits under a 60 px column. */
  g_assert_true (pl_bar_chart_is_horizontal (&chart, cr, 360., 320.));
  chart.orientation = PL_BAR_CHART_VERTICAL;
  g_assert_false (pl_bar_chart_is_horizontal (&chart, cr, 360., 320.));

  /* Twelve long names lie down at any width. */
  init_colleagues (&chart);
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    g_assert_true (pl_bar_chart_is_horizontal (&chart, cr, widths[i], 420.));

  /* Wide, the names stand in a column left of the bars; narrow, each on a
   * line of its own above its bar, which then starts at the left edge. */
  {
    PlChartRect wide, narrow;

    g_assert_true (pl_bar_chart_get_bar_rect (&chart, cr, 1000., 420., 0, &wide));
    g_assert_true (pl_bar_chart_get_bar_rect (&chart, cr, 360., 420., 0, &narrow));
    g_assert_cmpfloat (wide.x, >, 200.);
    g_assert_cmpfloat (narrow.x, <, 12.);
  }

  cairo_destroy (cr);
}

static void
test_bar_geometry (void)
{
  cairo_t *cr = measuring_context ();
  PlChartRect area, phone, email, social;
  PlBarChart chart;

  init_channels (&chart);
  pl_bar_chart_get_plot_area (&chart, cr, 1000., 320., &area);
  g_assert_true (pl_bar_chart_get_bar_rect (&chart, cr, 1000., 320., 0, &phone));
  g_assert_true (pl_bar_chart_get_bar_rect (&chart, cr, 1000., 320., 1, &email));
  g_assert_true (pl_bar_chart_get_bar_rect (&chart, cr, 1000., 320., 3, &social));

  /* Bars start at zero, at the foot of the plot, and their lengths are in
   * proportion to their values: 82.1 / 88.4. */
  g_assert_cmpfloat_with_epsilon (phone.y + phone.height, area.y + area.height, 1e-6);
  g_assert_cmpfloat_with_epsilon (phone.height / email.height, 82.1 / 88.4, 1e-9);
  /* A percentage axis stops at 100%: a 100% bar would fill the plot. */
  g_assert_cmpfloat_with_epsilon (social.height / area.height, .91, 1e-9);

  /* No data, no bar. */
  g_assert_false (pl_bar_chart_get_bar_rect (&chart, cr, 1000., 320., 4, &social));
  g_assert_false (pl_bar_chart_get_bar_rect (&chart, cr, 1000., 320., 5, &social));

  cairo_destroy (cr);
}

static void
test_bar_hit_test (void)
{
  cairo_t *cr = measuring_context ();
  PlBarChart chart;

  for (guint kind = 0; kind < 2; kind++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        double width = widths[w];
        double height;
        PlChartRect area;

        if (kind == 0)
          init_channels (&chart);
        else
          init_colleagues (&chart);
        height = pl_bar_chart_get_preferred_height (&chart, cr, width);
        pl_bar_chart_get_plot_area (&chart, cr, width, height, &area);

        for (guint i = 0; i < chart.n_bars; i++)
          {
            PlChartRect rect;

            if (!pl_bar_chart_get_bar_rect (&chart, cr, width, height, i, &rect))
              continue;
            g_assert_cmpint (pl_bar_chart_hit_test (&chart, cr, width, height,
                                                    rect.x + rect.width / 2.,
                                                    rect.y + rect.height / 2.),
                             ==, (int) i);
            /* Just inside each end of the bar. */
            g_assert_cmpint (
                pl_bar_chart_hit_test (&chart, cr, width, height, rect.x + 1., rect.y + 1.), ==,
                (int) i);
            g_assert_cmpint (pl_bar_chart_hit_test (&chart, cr, width, height,
                                                    rect.x + rect.width - 1.,
                                                    rect.y + rect.height - 1.),
                             ==, (int) i);
          }

        /* The slot of a segment without data answers too, for its read-out. */
        if (kind == 0)
          {
            double x = pl_bar_chart_is_horizontal (&chart, cr, width, height)
                           ? area.x + 5.
                           : area.x + area.width * .9;
            double y = pl_bar_chart_is_horizontal (&chart, cr, width, height)
                           ? area.y + area.height * .9
                           : area.y + area.height - 5.;

            g_assert_cmpint (pl_bar_chart_hit_test (&chart, cr, width, height, x, y), ==, 4);
          }

        /* The title and the legend are no bar. */
        g_assert_cmpint (pl_bar_chart_hit_test (&chart, cr, width, height, width / 2., 3.), ==, -1);
        g_assert_cmpint (pl_bar_chart_hit_test (&chart, cr, width, height, -1., area.y + 5.), ==,
                         -1);
      }

  cairo_destroy (cr);
}

static void
test_bar_colours (void)
{
  PlChartPalette palettes[2];
  PlBarChart chart;

  pl_chart_palette_init_light (&palettes[0]);
  pl_chart_palette_init_dark (&palettes[1]);
  init_channels (&chart);

  for (guint p = 0; p < 2; p++)
    {
      cairo_surface_t *surface = render_surface (render_bar, &chart, &palettes[p], 1000, 320);
      cairo_t *cr = measuring_context ();
      PlChartRect rect;

      /* Phone 82.1% is at risk, Email 88.4% on target, Chat 76.3% off
       * target (target 85%, red below 80%): the bars are those colours,
       * apart from the whisker and the target line crossing them. */
      g_assert_true (pl_bar_chart_get_bar_rect (&chart, cr, 1000., 320., 0, &rect));
      g_assert_cmpfloat (share_of_color (surface, &rect, &palettes[p].warning), >, .8);
      g_assert_true (pl_bar_chart_get_bar_rect (&chart, cr, 1000., 320., 1, &rect));
      g_assert_cmpfloat (share_of_color (surface, &rect, &palettes[p].success), >, .8);
      g_assert_true (pl_bar_chart_get_bar_rect (&chart, cr, 1000., 320., 2, &rect));
      g_assert_cmpfloat (share_of_color (surface, &rect, &palettes[p].error), >, .8);

      /* The small sample is on target but faded and striped, not solid. */
      g_assert_true (pl_bar_chart_get_bar_rect (&chart, cr, 1000., 320., 3, &rect));
      g_assert_cmpfloat (share_of_color (surface, &rect, &palettes[p].success), <, .4);

      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

static void
test_bar_describe (void)
{
  g_autofree char *text = NULL;
  g_autofree char *readout = NULL;
  g_autofree char *small = NULL;
  g_autofree char *missing = NULL;
  PlBarChart chart;

  init_channels (&chart);
  text = pl_bar_chart_describe (&chart);
  g_test_message ("%s", text);
  /* Statuses by hand: 82.1 ≥ 80 at risk; 88.4 ≥ 85 on target; 76.3 < 80 off target. */
  g_assert_cmpstr (
      text, ==,
      "CSAT by channel (target 85%): "
      "Phone 82.1% (n=412, Wilson 95% interval 79.0%–85.0%), at risk; "
      "Email 88.4% (n=388, Wilson 95% interval 85.2%–91.1%), on target; "
      "Chat 76.3% (n=240, Wilson 95% interval 71.0%–81.0%), off target; "
      "Social media 91.0% (n=22, Wilson 95% interval 72.0%–98.5%), on target, small sample; "
      "Post: no data. 2 of 4 segments on target.");

  /* The read-out says the status and the sample in words, not only in colour. */
  readout = pl_bar_chart_dup_readout (&chart, 0);
  g_assert_cmpstr (readout, ==, "Phone  n=412\n82.1%  Wilson 95% interval 79.0%–85.0%\nat risk");
  small = pl_bar_chart_dup_readout (&chart, 3);
  g_assert_true (g_str_has_suffix (small, "\non target · small sample"));
  missing = pl_bar_chart_dup_readout (&chart, 4);
  g_assert_cmpstr (missing, ==, "Post  no data");
  g_assert_null (pl_bar_chart_dup_readout (&chart, 5));
  g_assert_null (pl_bar_chart_dup_readout (&chart, -1));
}

static void
assert_empty_state (PlChartRenderFunc  render,
                    gconstpointer      chart,
                    const char        *kind)
{
  PlChartPalette palette;

  for (guint dark = 0; dark < 2; dark++)
    {
      cairo_surface_t *surface;

      init_palette (&palette, dark);
      surface = render_surface (render, chart, &palette, 360, 200);
      /* The message is in the middle, and nothing but the title is drawn. */
      g_assert_cmpuint (ink_in_rows (surface, 80, 125), >, 50);
      g_assert_cmpuint (ink_in_rows (surface, 35, 70) + ink_in_rows (surface, 135, 200), ==, 0);
      if (kind != NULL && !dark)
        {
          g_autofree char *path = output_path (kind, FALSE, FALSE);

          write_png (surface, path);
        }
      cairo_surface_destroy (surface);
    }
}

static void
test_bar_bad_input (void)
{
  PlBarChartBar nothing[] = {
    { "Phone", NAN, NAN, NAN, 120, FALSE },
    { "Email", 82., 80., 84., 0, FALSE },
    { "Chat", INFINITY, NAN, NAN, 5, FALSE },
  };
  PlBarChartBar wild[] = {
    { "Huge", 1e308, -INFINITY, 1e308, 3, FALSE },
    { "Backwards", 50., 70., 30., 40, FALSE },
    { NULL, -20., -25., -15., 10, FALSE },
  };
  cairo_t *cr = measuring_context ();
  g_autofree char *text = NULL;
  g_autofree char *wild_text = NULL;
  PlChartPalette palette;
  PlChartRect rect;
  PlBarChart chart;

  /* No bars at all, and bars none of which has data (NAN, n = 0, ±∞). */
  pl_bar_chart_init (&chart);
  chart.unit = "%";
  assert_empty_state (render_bar, &chart, "bar-empty");
  chart.bars = nothing;
  chart.n_bars = G_N_ELEMENTS (nothing);
  assert_empty_state (render_bar, &chart, NULL);
  g_assert_cmpint (pl_bar_chart_hit_test (&chart, cr, 360., 200., 180., 100.), ==, -1);
  g_assert_false (pl_bar_chart_get_bar_rect (&chart, cr, 360., 200., 1, &rect));
  text = pl_bar_chart_describe (&chart);
  g_assert_cmpstr (text, ==, "Bar chart: no data yet.");

  /* Absurd values draw something without a cairo error; reversed
   * intervals are read the right way round. */
  pl_chart_palette_init_light (&palette);
  chart.bars = wild;
  chart.n_bars = G_N_ELEMENTS (wild);
  chart.has_target = TRUE;
  chart.target = NAN;
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    cairo_surface_destroy (render_surface (render_bar, &chart, &palette, (int) widths[i], 300));
  wild_text = pl_bar_chart_describe (&chart);
  g_assert_true (has_substring (wild_text, "Backwards 50.0% (n=40, interval 30.0%–70.0%)"));

  /* Nothing to draw on. */
  pl_bar_chart_render (&chart, &palette, cr, 0., 100.);
  pl_bar_chart_render (&chart, &palette, cr, -5., NAN);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
}

/* Stacked distribution */

static void
init_csat_distribution (PlDistributionChart *chart)
{
  pl_distribution_chart_init (chart);
  chart->title = "CSAT responses by month";
  chart->levels = csat_levels;
  chart->n_levels = G_N_ELEMENTS (csat_levels);
  chart->categories = months;
  chart->n_categories = G_N_ELEMENTS (months);
  chart->counts = csat_counts;
}

static void
init_nps_distribution (PlDistributionChart *chart)
{
  pl_distribution_chart_init (chart);
  chart->title = "NPS groups by channel";
  chart->levels = nps_levels;
  chart->n_levels = G_N_ELEMENTS (nps_levels);
  chart->categories = nps_channels;
  chart->n_categories = G_N_ELEMENTS (nps_channels);
  chart->counts = nps_counts;
}

static void
render_distribution (gconstpointer         chart,
                     const PlChartPalette *palette,
                     cairo_t              *cr,
                     double                width,
                     double                height)
{
  pl_distribution_chart_render (chart, palette, cr, width, height);
}

static void
test_distribution_render (void)
{
  for (guint dark = 0; dark < 2; dark++)
    for (guint wide = 0; wide < 2; wide++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *path = output_path ("distribution", dark, wide);
        g_autofree char *path2 = output_path ("distribution-nps", dark, wide);
        g_autofree char *path3 = output_path ("distribution-hover", dark, wide);
        double width = wide ? 1000. : 360.;
        cairo_t *cr = measuring_context ();
        cairo_surface_t *surface;
        PlChartPalette palette;
        PlDistributionChart chart;
        double height;

        init_palette (&palette, dark);
        init_csat_distribution (&chart);
        height = pl_distribution_chart_get_preferred_height (&chart, cr, width);
        g_assert_true (pl_distribution_chart_save (&chart, &palette, path, width, height, &error));
        g_assert_no_error (error);

        chart.highlight = 2 * 5 + 3;
        surface = render_surface (render_distribution, &chart, &palette, (int) width, (int) height);
        write_png (surface, path3);
        cairo_surface_destroy (surface);

        init_nps_distribution (&chart);
        height = pl_distribution_chart_get_preferred_height (&chart, cr, width);
        g_assert_true (pl_distribution_chart_save (&chart, &palette, path2, width, height, &error));
        g_assert_no_error (error);
        cairo_destroy (cr);
      }
}

static void
test_distribution_shares (void)
{
  PlDistributionChart chart;
  double shares[5], total;
  int percents[5];

  init_csat_distribution (&chart);

  /* Every month with responses shares out exactly 100%. */
  for (guint c = 0; c < chart.n_categories; c++)
    {
      double sum = 0.;
      int rounded = 0;

      if (!pl_distribution_chart_get_shares (&chart, c, shares, &total))
        {
          g_assert_cmpuint (c, ==, 3);
          g_assert_cmpfloat (total, ==, 0.);
          g_assert_false (pl_distribution_chart_get_rounded_shares (&chart, c, percents));
          continue;
        }
      for (guint l = 0; l < 5; l++)
        sum += shares[l];
      g_assert_cmpfloat_with_epsilon (sum, 100., 1e-9);
      g_assert_true (pl_distribution_chart_get_rounded_shares (&chart, c, percents));
      for (guint l = 0; l < 5; l++)
        rounded += percents[l];
      g_assert_cmpint (rounded, ==, 100);
    }

  /* April by hand: 21, 33, 58, 144, 156 of 412 are 5.097, 8.010, 14.078,
   * 34.951, 37.864%. Rounded down they make 98; the largest remainders
   * (.951, .864) get the two points: 5, 8, 14, 35, 38. */
  g_assert_true (pl_distribution_chart_get_shares (&chart, 0, shares, &total));
  g_assert_cmpfloat (total, ==, 412.);
  g_assert_cmpfloat_with_epsilon (shares[3], 14400. / 412., 1e-12);
  g_assert_true (pl_distribution_chart_get_rounded_shares (&chart, 0, percents));
  g_assert_cmpint (percents[0], ==, 5);
  g_assert_cmpint (percents[1], ==, 8);
  g_assert_cmpint (percents[2], ==, 14);
  g_assert_cmpint (percents[3], ==, 35);
  g_assert_cmpint (percents[4], ==, 38);

  /* Thirds: the spare point goes to the first of equals. */
  g_assert_true (pl_distribution_chart_get_rounded_shares (&chart, 5, percents));
  g_assert_cmpint (percents[0], ==, 34);
  g_assert_cmpint (percents[1], ==, 33);
  g_assert_cmpint (percents[2], ==, 33);
  g_assert_cmpint (percents[3], ==, 0);
  g_assert_cmpint (percents[4], ==, 0);

  g_assert_false (pl_distribution_chart_get_shares (&chart, 6, shares, &total));
}

static void
test_distribution_geometry (void)
{
  cairo_t *cr = measuring_context ();
  PlDistributionChart chart;

  init_csat_distribution (&chart);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      double width = widths[w];
      double height = pl_distribution_chart_get_preferred_height (&chart, cr, width);

      for (guint c = 0; c < chart.n_categories; c++)
        {
          PlChartRect first, rect;
          double shares[5], total;
          double x = 0., bar_width;

          if (!pl_distribution_chart_get_shares (&chart, c, shares, &total))
            {
              g_assert_false (
                  pl_distribution_chart_get_segment_rect (&chart, cr, width, height, c, 0, &rect));
              continue;
            }

          /* The segments tile the bar left to right in proportion to their shares. */
          g_assert_true (
              pl_distribution_chart_get_segment_rect (&chart, cr, width, height, c, 0, &first));
          g_assert_true (
              pl_distribution_chart_get_segment_rect (&chart, cr, width, height, c, 4, &rect));
          bar_width = rect.x + rect.width - first.x;
          g_assert_cmpfloat (bar_width, >, width * .4);
          x = first.x;
          for (guint l = 0; l < 5; l++)
            {
              g_assert_true (
                  pl_distribution_chart_get_segment_rect (&chart, cr, width, height, c, l, &rect));
              g_assert_cmpfloat_with_epsilon (rect.x, x, 1e-9);
              g_assert_cmpfloat_with_epsilon (rect.width, bar_width * shares[l] / 100., 1e-9);
              x += rect.width;

              if (rect.width >= 2.)
                g_assert_cmpint (pl_distribution_chart_hit_test (&chart, cr, width, height,
                                                                 rect.x + rect.width / 2.,
                                                                 rect.y + rect.height / 2.),
                                 ==, (int) (c * 5 + l));
            }
        }

      /* July, a row below June, has no responses: nothing to hover. */
      {
        PlChartRect may, june;

        g_assert_true (
            pl_distribution_chart_get_segment_rect (&chart, cr, width, height, 1, 3, &may));
        g_assert_true (
            pl_distribution_chart_get_segment_rect (&chart, cr, width, height, 2, 3, &june));
        g_assert_cmpint (pl_distribution_chart_hit_test (&chart, cr, width, height, june.x + 1.,
                                                         june.y + june.height / 2.),
                         ==, 2 * 5 + 3);
        g_assert_cmpint (
            pl_distribution_chart_hit_test (&chart, cr, width, height, june.x + 1.,
                                            june.y + june.height / 2. + (june.y - may.y)),
            ==, -1);
      }
      g_assert_cmpint (pl_distribution_chart_hit_test (&chart, cr, width, height, width / 2., 2.),
                       ==, -1);
    }

  cairo_destroy (cr);
}

static void
test_distribution_colours (void)
{
  PlDistributionChart chart;
  PlChartPalette palettes[2];

  pl_chart_palette_init_light (&palettes[0]);
  pl_chart_palette_init_dark (&palettes[1]);

  /* Three (NPS groups) to seven levels, diverging and sequential, light
   * and dark: every pair of levels stays clearly apart (CIE76 ΔE ≥ 10,
   * some four times a just noticeable difference) for typical vision and
   * as simulated for protanopia and deuteranopia. */
  for (guint scale = 0; scale < 2; scale++)
    for (guint n_levels = 3; n_levels <= 7; n_levels += 2)
      for (guint p = 0; p < 2; p++)
        for (Vision vision = VISION_TYPICAL; vision <= VISION_DEUTAN; vision++)
          {
            double closest = G_MAXDOUBLE;

            pl_distribution_chart_init (&chart);
            chart.n_levels = n_levels;
            chart.scale = scale == 0 ? PL_DISTRIBUTION_DIVERGING : PL_DISTRIBUTION_SEQUENTIAL;
            for (guint i = 0; i < n_levels; i++)
              for (guint j = i + 1; j < n_levels; j++)
                {
                  PlColor a = pl_distribution_chart_get_level_color (&chart, &palettes[p], i);
                  PlColor b = pl_distribution_chart_get_level_color (&chart, &palettes[p], j);

                  closest = MIN (closest, delta_e (seen_as (&a, vision), seen_as (&b, vision)));
                }
            g_test_message ("scale %u, %u levels, %s, vision %d: closest ΔE %.1f", scale, n_levels,
                            p ? "dark" : "light", vision, closest);
            g_assert_cmpfloat (closest, >=, 10.);
          }

  /* A diverging scale runs from orange (bad) to blue (good). */
  pl_distribution_chart_init (&chart);
  chart.n_levels = 5;
  {
    PlColor low = pl_distribution_chart_get_level_color (&chart, &palettes[0], 0);
    PlColor high = pl_distribution_chart_get_level_color (&chart, &palettes[0], 4);

    g_assert_cmpfloat (low.red, >, low.blue);
    g_assert_cmpfloat (high.blue, >, high.red);
  }
}

static void
test_distribution_describe (void)
{
  g_autofree char *text = NULL;
  g_autofree char *readout = NULL;
  g_autofree char *empty = NULL;
  PlDistributionChart chart;

  init_nps_distribution (&chart);
  text = pl_distribution_chart_describe (&chart);
  g_test_message ("%s", text);
  /* Phone 96/130/186 of 412 = 23.30/31.55/45.15% → 23, 32, 45 by largest remainder. */
  g_assert_cmpstr (text, ==,
                   "NPS groups by channel: "
                   "Phone (n=412): Detractors 23%, Passives 32%, Promoters 45%; "
                   "Email (n=388): Detractors 16%, Passives 36%, Promoters 48%; "
                   "Chat (n=240): Detractors 29%, Passives 33%, Promoters 38%; "
                   "Social media (n=22): Detractors 14%, Passives 27%, Promoters 59%.");

  readout = pl_distribution_chart_dup_readout (&chart, 0 * 3 + 2);
  g_assert_cmpstr (readout, ==, "Phone\nPromoters: 45.1%  186 of 412");

  init_csat_distribution (&chart);
  g_assert_null (pl_distribution_chart_dup_readout (&chart, 3 * 5 + 1));
  g_free (text);
  text = pl_distribution_chart_describe (&chart);
  g_assert_true (has_substring (text, "July 2026: no responses; "));
  g_assert_true (has_substring (
      text,
      "September 2026 (n=3): 1 Very dissatisfied 34%, 2 33%, 3 33%, 4 0%, 5 Very satisfied 0%."));

  chart.counts = NULL;
  empty = pl_distribution_chart_describe (&chart);
  g_assert_cmpstr (empty, ==, "CSAT responses by month: no responses yet.");
}

static void
test_distribution_bad_input (void)
{
  static const double zeros[] = { 0, 0, 0, 0, 0, 0 };
  static const double junk[] = { NAN, -4, INFINITY, 0, NAN, -INFINITY };
  static const double partly[] = { NAN, 3, -2, 1, 0, INFINITY };
  cairo_t *cr = measuring_context ();
  PlDistributionChart chart;
  double shares[3], total;

  init_nps_distribution (&chart);
  chart.n_categories = 2;
  chart.counts = zeros;
  assert_empty_state (render_distribution, &chart, "distribution-empty");
  chart.counts = junk;
  assert_empty_state (render_distribution, &chart, NULL);
  chart.n_levels = 0;
  assert_empty_state (render_distribution, &chart, NULL);
  g_assert_cmpint (pl_distribution_chart_hit_test (&chart, cr, 360., 200., 180., 100.), ==, -1);

  /* What is not a count counts for nothing: rows 3 of 3 and 1 of 1. */
  chart.n_levels = 3;
  chart.counts = partly;
  g_assert_true (pl_distribution_chart_get_shares (&chart, 0, shares, &total));
  g_assert_cmpfloat (total, ==, 3.);
  g_assert_cmpfloat (shares[1], ==, 100.);
  g_assert_true (pl_distribution_chart_get_shares (&chart, 1, shares, &total));
  g_assert_cmpfloat (total, ==, 1.);
  g_assert_cmpfloat (shares[0], ==, 100.);
  cairo_destroy (cr);
}

/* Pareto */

static void
init_themes (PlParetoChart *chart)
{
  pl_pareto_chart_init (chart);
  chart->title = "Complaint themes";
  chart->count_label = "Comments";
  chart->labels = themes;
  chart->counts = theme_counts;
  chart->n = G_N_ELEMENTS (themes);
  chart->show_reference = TRUE;
}

static void
render_pareto (gconstpointer         chart,
               const PlChartPalette *palette,
               cairo_t              *cr,
               double                width,
               double                height)
{
  pl_pareto_chart_render (chart, palette, cr, width, height);
}

static void
test_pareto_render (void)
{
  for (guint dark = 0; dark < 2; dark++)
    for (guint wide = 0; wide < 2; wide++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *path = output_path ("pareto", dark, wide);
        g_autofree char *path2 = output_path ("pareto-hover", dark, wide);
        double width = wide ? 1000. : 360.;
        double height = wide ? 420. : 360.;
        cairo_surface_t *surface;
        PlChartPalette palette;
        PlParetoChart chart;

        init_palette (&palette, dark);
        init_themes (&chart);
        g_assert_true (pl_pareto_chart_save (&chart, &palette, path, width, height, &error));
        g_assert_no_error (error);

        chart.highlight = 2;
        surface = render_surface (render_pareto, &chart, &palette, (int) width, (int) height);
        write_png (surface, path2);
        cairo_surface_destroy (surface);
      }
}

static void
test_pareto_order (void)
{
  static const char *const names[] = { "A", "B", "C", "D" };
  static const double counts[] = { 5, 50, 15, 30 };
  static const double tied[] = { 10, 20, 10, 0 };
  static const double junk[] = { NAN, -3, 0, 7 };
  guint order[4];
  double cumulative[4];
  PlParetoChart chart;

  pl_pareto_chart_init (&chart);
  chart.labels = names;
  chart.counts = counts;
  chart.n = 4;

  /* 50, 30, 15, 5 of 100: exactly 50%, 80%, 95%, 100%. */
  g_assert_cmpuint (pl_pareto_chart_get_order (&chart, order, cumulative), ==, 4);
  g_assert_cmpuint (order[0], ==, 1);
  g_assert_cmpuint (order[1], ==, 3);
  g_assert_cmpuint (order[2], ==, 2);
  g_assert_cmpuint (order[3], ==, 0);
  g_assert_cmpfloat (cumulative[0], ==, 50.);
  g_assert_cmpfloat (cumulative[1], ==, 80.);
  g_assert_cmpfloat (cumulative[2], ==, 95.);
  g_assert_cmpfloat (cumulative[3], ==, 100.);

  /* Ties keep the caller's order; nothing counted is left out. */
  chart.counts = tied;
  g_assert_cmpuint (pl_pareto_chart_get_order (&chart, order, cumulative), ==, 3);
  g_assert_cmpuint (order[0], ==, 1);
  g_assert_cmpuint (order[1], ==, 0);
  g_assert_cmpuint (order[2], ==, 2);
  g_assert_cmpfloat (cumulative[0], ==, 50.);
  g_assert_cmpfloat (cumulative[1], ==, 75.);

  chart.counts = junk;
  g_assert_cmpuint (pl_pareto_chart_get_order (&chart, order, cumulative), ==, 1);
  g_assert_cmpuint (order[0], ==, 3);
  g_assert_cmpfloat (cumulative[0], ==, 100.);
  g_assert_cmpuint (pl_pareto_chart_get_order (&chart, NULL, NULL), ==, 1);
}

static void
test_pareto_geometry (void)
{
  cairo_t *cr = measuring_context ();
  PlParetoChart chart;
  guint order[G_N_ELEMENTS (themes)];
  double cumulative[G_N_ELEMENTS (themes)];
  guint n;

  init_themes (&chart);
  n = pl_pareto_chart_get_order (&chart, order, cumulative);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (themes));

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      double width = widths[w];
      double height = 360.;
      PlChartRect area, previous = { 0, };
      double x0 = 0., y0 = 0., x1, y1;

      pl_pareto_chart_get_plot_area (&chart, cr, width, height, &area);
      for (guint k = 0; k < n; k++)
        {
          PlChartRect rect;
          double x, y;

          g_assert_true (pl_pareto_chart_get_bar_rect (&chart, cr, width, height, order[k], &rect));
          /* Left to right, never taller than the one before, all on the baseline. */
          if (k > 0)
            {
              g_assert_cmpfloat (rect.x, >, previous.x + previous.width);
              g_assert_cmpfloat (rect.height, <=, previous.height);
            }
          g_assert_cmpfloat_with_epsilon (rect.y + rect.height, area.y + area.height, 1e-6);
          previous = rect;

          g_assert_cmpint (pl_pareto_chart_hit_test (&chart, cr, width, height,
                                                     rect.x + rect.width / 2.,
                                                     rect.y + rect.height / 2.),
                           ==, (int) order[k]);

          /* The line sits on the percentage axis: 0% at the foot, 100% at the top. */
          g_assert_true (
              pl_pareto_chart_get_cumulative_point (&chart, cr, width, height, order[k], &x, &y));
          g_assert_cmpfloat_with_epsilon (x, rect.x + rect.width / 2., 1e-9);
          g_assert_cmpfloat_with_epsilon (y, area.y + area.height * (1. - cumulative[k] / 100.),
                                          1e-9);
          if (k == 0)
            {
              x0 = x;
              y0 = y;
            }
        }
      g_assert_true (
          pl_pareto_chart_get_cumulative_point (&chart, cr, width, height, order[n - 1], &x1, &y1));
      g_assert_cmpfloat_with_epsilon (y1, area.y, 1e-9);
      g_assert_cmpfloat (x1, >, x0);
      g_assert_cmpfloat (y1, <, y0);

      /* Outside the columns, nothing. */
      g_assert_cmpint (
          pl_pareto_chart_hit_test (&chart, cr, width, height, area.x - 2., area.y + 10.), ==, -1);
      g_assert_cmpint (pl_pareto_chart_hit_test (&chart, cr, width, height,
                                                 area.x + area.width + 2., area.y + 10.),
                       ==, -1);
    }

  cairo_destroy (cr);
}

static void
test_pareto_describe (void)
{
  static const char *const names[] = { "Hold music", "Billing errors", "Long waits", "Rude agent" };
  static const double counts[] = { 15, 50, 30, 5 };
  g_autofree char *text = NULL;
  g_autofree char *readout = NULL;
  g_autofree char *empty = NULL;
  PlParetoChart chart;

  pl_pareto_chart_init (&chart);
  chart.title = "Themes";
  chart.labels = names;
  chart.counts = counts;
  chart.n = 4;
  text = pl_pareto_chart_describe (&chart);
  g_test_message ("%s", text);
  g_assert_cmpstr (
      text, ==,
      "Themes: Billing errors 50 (50%, cumulative 50%); Long waits 30 (30%, cumulative 80%); "
      "Hold music 15 (15%, cumulative 95%); Rude agent 5 (5%, cumulative 100%). "
      "2 of 4 categories make up 80% or more of the total of 100.");

  readout = pl_pareto_chart_dup_readout (&chart, 2);
  g_assert_cmpstr (readout, ==, "Long waits\n30  30% of all · cumulative 80%");

  chart.n = 0;
  empty = pl_pareto_chart_describe (&chart);
  g_assert_cmpstr (empty, ==, "Themes: nothing counted yet.");
  g_assert_null (pl_pareto_chart_dup_readout (&chart, 0));
}

static void
test_pareto_bad_input (void)
{
  static const char *const names[] = { "A", "B", "C" };
  static const double junk[] = { NAN, -1, 0 };
  cairo_t *cr = measuring_context ();
  PlChartRect rect;
  PlParetoChart chart;

  pl_pareto_chart_init (&chart);
  chart.show_reference = TRUE;
  assert_empty_state (render_pareto, &chart, "pareto-empty");
  chart.labels = names;
  chart.counts = junk;
  chart.n = 3;
  assert_empty_state (render_pareto, &chart, NULL);
  chart.labels = NULL;
  chart.counts = NULL;
  assert_empty_state (render_pareto, &chart, NULL);
  g_assert_cmpint (pl_pareto_chart_hit_test (&chart, cr, 360., 200., 180., 100.), ==, -1);
  g_assert_false (pl_pareto_chart_get_bar_rect (&chart, cr, 360., 200., 0, &rect));
  cairo_destroy (cr);
}

/* Heatmap */

typedef struct
{
  const char     *names[N_PEOPLE];
  double          values[N_PEOPLE * N_CRITERIA];
  guint           counts[N_PEOPLE * N_CRITERIA];
  PlHeatmapChart  chart;
} HeatmapFixture;

static void
heatmap_fixture_init (HeatmapFixture *f)
{
  for (guint r = 0; r < N_PEOPLE; r++)
    {
      f->names[r] = colleagues[r].label;
      for (guint c = 0; c < N_CRITERIA; c++)
        {
          guint i = r * N_CRITERIA + c;

          /* From 35% to 100%, in a pattern with no two neighbours alike. */
          f->values[i] = 100. - (r * 37 + c * 23 + r * c * 11) % 66;
          f->counts[i] = 6 + (r * 5 + c * 3) % 30;
        }
    }
  /* Two cells without data: one NAN, one with no observations. */
  f->values[3 * N_CRITERIA + 5] = NAN;
  f->counts[3 * N_CRITERIA + 5] = 0;
  f->counts[11 * N_CRITERIA + 2] = 0;
  /* And the ends of the scale. */
  f->values[0] = 100.;
  f->values[1] = 0.;

  pl_heatmap_chart_init (&f->chart);
  f->chart.title = "Pass rate by colleague and criterion";
  f->chart.value_label = "Pass rate";
  f->chart.rows = f->names;
  f->chart.n_rows = N_PEOPLE;
  f->chart.columns = criteria;
  f->chart.n_columns = N_CRITERIA;
  f->chart.values = f->values;
  f->chart.counts = f->counts;
}

static void
render_heatmap (gconstpointer         chart,
                const PlChartPalette *palette,
                cairo_t              *cr,
                double                width,
                double                height)
{
  pl_heatmap_chart_render (chart, palette, cr, width, height);
}

static void
test_heatmap_render (void)
{
  HeatmapFixture f;

  heatmap_fixture_init (&f);
  for (guint dark = 0; dark < 2; dark++)
    for (guint wide = 0; wide < 2; wide++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *path = output_path ("heatmap", dark, wide);
        g_autofree char *path2 = output_path ("heatmap-hover", dark, wide);
        double width = wide ? 1000. : 360.;
        cairo_t *cr = measuring_context ();
        cairo_surface_t *surface;
        PlChartPalette palette;
        double height = pl_heatmap_chart_get_preferred_height (&f.chart, cr, width);

        init_palette (&palette, dark);
        g_assert_true (pl_heatmap_chart_save (&f.chart, &palette, path, width, height, &error));
        g_assert_no_error (error);

        f.chart.highlight = 3 * N_CRITERIA + 4;
        surface = render_surface (render_heatmap, &f.chart, &palette, (int) width, (int) height);
        write_png (surface, path2);
        cairo_surface_destroy (surface);
        f.chart.highlight = -1;
        cairo_destroy (cr);
      }
}

static void
test_heatmap_cells (void)
{
  cairo_t *cr = measuring_context ();
  PlChartPalette palettes[2];
  HeatmapFixture f;

  heatmap_fixture_init (&f);
  pl_chart_palette_init_light (&palettes[0]);
  pl_chart_palette_init_dark (&palettes[1]);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      double width = widths[w];
      double height = pl_heatmap_chart_get_preferred_height (&f.chart, cr, width);
      PlChartRect first;

      for (guint r = 0; r < N_PEOPLE; r++)
        for (guint c = 0; c < N_CRITERIA; c++)
          {
            PlChartRect rect;

            g_assert_true (
                pl_heatmap_chart_get_cell_rect (&f.chart, cr, width, height, r, c, &rect));
            g_assert_cmpfloat (rect.width, >=, 4.);
            g_assert_cmpfloat (rect.height, >=, 4.);
            g_assert_cmpint (pl_heatmap_chart_hit_test (&f.chart, cr, width, height,
                                                        rect.x + rect.width / 2.,
                                                        rect.y + rect.height / 2.),
                             ==, (int) (r * N_CRITERIA + c));
          }

      /* Row names and column names are not cells. */
      g_assert_true (pl_heatmap_chart_get_cell_rect (&f.chart, cr, width, height, 0, 0, &first));
      g_assert_cmpint (
          pl_heatmap_chart_hit_test (&f.chart, cr, width, height, first.x - 3., first.y + 3.), ==,
          -1);
      g_assert_cmpint (
          pl_heatmap_chart_hit_test (&f.chart, cr, width, height, first.x + 3., first.y - 3.), ==,
          -1);
      g_assert_false (
          pl_heatmap_chart_get_cell_rect (&f.chart, cr, width, height, N_PEOPLE, 0, &first));

      /* Cells are their value's colour; cells without data are not a colour of the scale. */
      for (guint p = 0; p < 2 && w % 2 == 0; p++)
        {
          cairo_surface_t *surface
              = render_surface (render_heatmap, &f.chart, &palettes[p], (int) width, (int) height);

          for (guint r = 0; r < N_PEOPLE; r++)
            for (guint c = 0; c < N_CRITERIA; c++)
              {
                guint i = r * N_CRITERIA + c;
                gboolean empty = !isfinite (f.values[i]) || f.counts[i] == 0;
                PlColor color = pl_heatmap_chart_get_color (&palettes[p], empty ? 0. : f.values[i]);
                PlChartRect rect;
                PlChartRect corner;

                g_assert_true (
                    pl_heatmap_chart_get_cell_rect (&f.chart, cr, width, height, r, c, &rect));
                corner = (PlChartRect) { rect.x, rect.y, MIN (rect.width / 4., 8.),
                                         MIN (rect.height / 4., 8.) };
                if (empty)
                  g_assert_cmpfloat (share_of_color (surface, &corner, &color), <, .2);
                else if (corner.width >= 3. && corner.height >= 3.)
                  g_assert_cmpfloat (share_of_color (surface, &corner, &color), ==, 1.);
              }
          cairo_surface_destroy (surface);
        }
    }

  cairo_destroy (cr);
}

static void
test_heatmap_scale (void)
{
  PlChartPalette palettes[2];
  PlColor page[2] = { { 1., 1., 1., 1. }, { .14, .14, .14, 1. } };

  pl_chart_palette_init_light (&palettes[0]);
  pl_chart_palette_init_dark (&palettes[1]);

  /* More is darker on a light page and brighter on a dark one, step by
   * step (CIELAB lightness), for every kind of vision; and even 0% stands
   * out from the page. */
  for (guint p = 0; p < 2; p++)
    for (Vision vision = VISION_TYPICAL; vision <= VISION_DEUTAN; vision++)
      {
        PlColor low = pl_heatmap_chart_get_color (&palettes[p], 0.);
        double previous = seen_as (&low, vision).l;

        g_assert_cmpfloat (delta_e (seen_as (&low, vision), seen_as (&page[p], vision)), >=, 8.);
        for (guint v = 10; v <= 100; v += 10)
          {
            PlColor color = pl_heatmap_chart_get_color (&palettes[p], v);
            double l = seen_as (&color, vision).l;

            if (p == 0)
              g_assert_cmpfloat (l, <, previous - 2.);
            else
              g_assert_cmpfloat (l, >, previous + 2.);
            previous = l;
          }
      }
}

static void
test_heatmap_describe (void)
{
  g_autofree char *text = NULL;
  g_autofree char *readout = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *empty = NULL;
  HeatmapFixture f;

  heatmap_fixture_init (&f);
  text = pl_heatmap_chart_describe (&f.chart);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (
      text, "Pass rate by colleague and criterion: 94 of 96 cells have data; "
            "lowest Amelia Hargreaves-Whitfield, Data protection check 0%; "
            "highest Amelia Hargreaves-Whitfield, Greeting and identification 100%."));
  /* Row 0: counts 6 + 3c; values 100 − 23c % 66 after the first two. */
  g_assert_true (
      has_substring (text, " Amelia Hargreaves-Whitfield: Greeting and identification 100% (n=6), "
                           "Data protection check 0% (n=9), Empathy 54% (n=12),"));
  g_assert_true (has_substring (text, "Vulnerability signposting no data"));
  g_assert_true (has_substring (text, "Liam Kowalczyk: Greeting and identification"));

  /* The read-out gives the cell's n. Dev Patel (row 3), Resolution (column 4):
   * 100 − (111 + 92 + 132) % 66 = 95; n = 6 + (15 + 12) % 30 = 33. */
  readout = pl_heatmap_chart_dup_readout (&f.chart, 3 * N_CRITERIA + 4);
  g_assert_cmpstr (readout, ==, "Dev Patel\nResolution on first contact\n95%  n=33");
  missing = pl_heatmap_chart_dup_readout (&f.chart, 3 * N_CRITERIA + 5);
  g_assert_cmpstr (missing, ==, "Dev Patel\nVulnerability signposting\nno data  n=0");
  g_assert_null (pl_heatmap_chart_dup_readout (&f.chart, N_PEOPLE * N_CRITERIA));

  f.chart.n_rows = 0;
  empty = pl_heatmap_chart_describe (&f.chart);
  g_assert_cmpstr (empty, ==, "Pass rate by colleague and criterion: no data yet.");
}

static void
test_heatmap_bad_input (void)
{
  static const double nothing[] = { NAN, NAN, NAN, NAN };
  static const double values[] = { 50, 60, 70, 80 };
  static const guint no_counts[] = { 0, 0, 0, 0 };
  static const char *const rows[] = { "A", "B" };
  static const char *const columns[] = { "X", "Y" };
  cairo_t *cr = measuring_context ();
  PlHeatmapChart chart;

  pl_heatmap_chart_init (&chart);
  assert_empty_state (render_heatmap, &chart, "heatmap-empty");
  chart.rows = rows;
  chart.columns = columns;
  chart.n_rows = 2;
  chart.n_columns = 2;
  chart.values = nothing;
  assert_empty_state (render_heatmap, &chart, NULL);
  chart.values = values;
  chart.counts = no_counts;
  assert_empty_state (render_heatmap, &chart, NULL);
  g_assert_cmpint (pl_heatmap_chart_hit_test (&chart, cr, 360., 200., 180., 100.), ==, -1);

  /* Names may be missing; values beyond the scale are drawn at its ends. */
  chart.rows = NULL;
  chart.columns = NULL;
  chart.counts = NULL;
  {
    static const double wild[] = { -50, 1e300, INFINITY, 100 };
    PlChartPalette palette;

    pl_chart_palette_init_light (&palette);
    chart.values = wild;
    for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
      cairo_surface_destroy (
          render_surface (render_heatmap, &chart, &palette, (int) widths[i], 200));
  }
  cairo_destroy (cr);
}

/* Shared behaviour */

static void
test_save (void)
{
  static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plumbline-charts-XXXXXX", &error);
  PlBarChart bar;
  PlDistributionChart distribution;
  PlParetoChart pareto;
  HeatmapFixture heatmap;

  g_assert_no_error (error);
  init_channels (&bar);
  init_csat_distribution (&distribution);
  init_themes (&pareto);
  heatmap_fixture_init (&heatmap);

  for (guint kind = 0; kind < 4; kind++)
    {
      static const char *const extensions[] = { "png", "SVG", "pdf", "gif" };

      for (guint e = 0; e < G_N_ELEMENTS (extensions); e++)
        {
          g_autofree char *name = g_strdup_printf ("chart-%u.%s", kind, extensions[e]);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autofree char *contents = NULL;
          gboolean saved;
          gsize length;

          switch (kind)
            {
            case 0:
              saved = pl_bar_chart_save (&bar, NULL, path, 800, 450, &error);
              break;
            case 1:
              saved = pl_distribution_chart_save (&distribution, NULL, path, 800, 450, &error);
              break;
            case 2:
              saved = pl_pareto_chart_save (&pareto, NULL, path, 800, 450, &error);
              break;
            default:
              saved = pl_heatmap_chart_save (&heatmap.chart, NULL, path, 800, 450, &error);
              break;
            }

          if (e == 3)
            {
              /* An unknown kind of file is refused and nothing is written. */
              g_assert_false (saved);
              g_assert_error (error, IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
              g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
              g_clear_error (&error);
              continue;
            }

          g_assert_no_error (error);
          g_assert_true (saved);
          g_assert_true (g_file_get_contents (path, &contents, &length, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (length, >, 1000);
          switch (e)
            {
            case 0:
              {
                cairo_surface_t *image;
                Pixel corner;

                g_assert_cmpmem (contents, 8, png_signature, 8);
                /* The size asked for, on an opaque page. */
                image = cairo_image_surface_create_from_png (path);
                g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
                g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
                g_assert_cmpint (cairo_image_surface_get_height (image), ==, 450);
                corner = get_pixel (image, 799, 449);
                g_assert_cmpint (corner.a, ==, 255);
                cairo_surface_destroy (image);
              }
              break;
            case 1:
              g_assert_true (g_str_has_prefix (contents, "<?xml"));
              g_assert_nonnull (strstr (contents, "<svg"));
              g_assert_nonnull (strstr (contents, "</svg>"));
              break;
            default:
              g_assert_true (g_str_has_prefix (contents, "%PDF-"));
              g_assert_nonnull (g_strstr_len (contents + length - 16, 16, "%%EOF"));
              break;
            }
          g_assert_cmpint (g_remove (path), ==, 0);
        }
    }

  /* A folder that does not exist: a failed write, reported. */
  {
    g_autofree char *nowhere = g_build_filename (dir, "missing", "chart.png", NULL);

    g_assert_false (pl_pareto_chart_save (&pareto, NULL, nowhere, 800, 450, &error));
    g_assert_error (error, IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (pl_heatmap_chart_save (&heatmap.chart, NULL, nowhere, 0, 450, &error));
    g_assert_error (error, IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_label_plan (void)
{
  cairo_t *cr = measuring_context ();
  PangoLayout *text = pl_chart_text_new (cr, PL_CHART_FONT_SIZE, PANGO_WEIGHT_NORMAL);
  double line_height = pl_chart_line_height (text);

  /* Whatever the slot, labels keep apart: level ones within their slot,
   * slanted or upright ones a line height apart across their direction. */
  for (double slot = 2.; slot <= 200.; slot *= 1.25)
    {
      PlChartLabelPlan plan;

      pl_chart_plan_labels (&plan, text, themes, G_N_ELEMENTS (themes), slot, 110., slot < 40.);
      switch (plan.angle)
        {
        case 0:
          g_assert_cmpfloat (plan.max_length, <=, slot - 4.);
          g_assert_cmpuint (plan.lines, <=, 3);
          g_assert_cmpfloat (plan.extent, <=, 110.);
          break;
        case 45:
          g_assert_cmpfloat (slot * plan.stride * G_SQRT2 / 2., >=, line_height);
          g_assert_cmpfloat (plan.extent, <=, 110.);
          break;
        case 90:
          g_assert_cmpfloat (slot * plan.stride, >=, line_height);
          g_assert_cmpfloat (plan.extent, <=, 110.);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* Axis labels along x: fewer ticks as the axis gets shorter, never touching. */
  for (double length = 40.; length <= 1600.; length *= 1.2)
    {
      PlChartAxis axis;
      double widest, apart;

      pl_chart_axis_fit (&axis, text, 0., 12345.6, length, TRUE, 1, " s");
      widest = pl_chart_axis_label_width (&axis, text, " s");
      apart = length * axis.step / (axis.max - axis.min);
      if (pl_chart_axis_n_ticks (&axis) > 2)
        g_assert_cmpfloat (apart, >=, widest + 12.);
      g_assert_cmpfloat (axis.min, <=, 0.);
      g_assert_cmpfloat (axis.max, >=, 12345.6);
    }

  g_object_unref (text);
  cairo_destroy (cr);
}

static void
test_all_widths (void)
{
  PlChartPalette palette;
  PlBarChart bar;
  PlDistributionChart distribution;
  PlParetoChart pareto;
  HeatmapFixture heatmap;

  init_colleagues (&bar);
  init_csat_distribution (&distribution);
  init_themes (&pareto);
  heatmap_fixture_init (&heatmap);
  pl_chart_palette_init_dark (&palette);

  /* Everything draws at every width from a phone to a wide screen, and
   * at heights too small to hold it. */
  for (int width = 120; width <= 1600; width += 37)
    for (int height = 40; height <= 640; height += 150)
      {
        cairo_surface_destroy (render_surface (render_bar, &bar, &palette, width, height));
        cairo_surface_destroy (render_surface (render_distribution, &distribution, &palette, width,
                                               height));
        cairo_surface_destroy (render_surface (render_pareto, &pareto, &palette, width, height));
        cairo_surface_destroy (render_surface (render_heatmap, &heatmap.chart, &palette, width,
                                               height));
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/bar/render", test_bar_render);
  g_test_add_func ("/charts/bar/orientation", test_bar_orientation);
  g_test_add_func ("/charts/bar/geometry", test_bar_geometry);
  g_test_add_func ("/charts/bar/hit-test", test_bar_hit_test);
  g_test_add_func ("/charts/bar/colours", test_bar_colours);
  g_test_add_func ("/charts/bar/describe", test_bar_describe);
  g_test_add_func ("/charts/bar/bad-input", test_bar_bad_input);
  g_test_add_func ("/charts/distribution/render", test_distribution_render);
  g_test_add_func ("/charts/distribution/shares", test_distribution_shares);
  g_test_add_func ("/charts/distribution/geometry", test_distribution_geometry);
  g_test_add_func ("/charts/distribution/colours", test_distribution_colours);
  g_test_add_func ("/charts/distribution/describe", test_distribution_describe);
  g_test_add_func ("/charts/distribution/bad-input", test_distribution_bad_input);
  g_test_add_func ("/charts/pareto/render", test_pareto_render);
  g_test_add_func ("/charts/pareto/order", test_pareto_order);
  g_test_add_func ("/charts/pareto/geometry", test_pareto_geometry);
  g_test_add_func ("/charts/pareto/describe", test_pareto_describe);
  g_test_add_func ("/charts/pareto/bad-input", test_pareto_bad_input);
  g_test_add_func ("/charts/heatmap/render", test_heatmap_render);
  g_test_add_func ("/charts/heatmap/cells", test_heatmap_cells);
  g_test_add_func ("/charts/heatmap/scale", test_heatmap_scale);
  g_test_add_func ("/charts/heatmap/describe", test_heatmap_describe);
  g_test_add_func ("/charts/heatmap/bad-input", test_heatmap_bad_input);
  g_test_add_func ("/charts/segment/save", test_save);
  g_test_add_func ("/charts/segment/label-plan", test_label_plan);
  g_test_add_func ("/charts/segment/all-widths", test_all_widths);

  return g_test_run ();
}
