/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pl-chart-widget.h"
#include "pl-test-utils.h"

#define FIRST_MONDAY 20549. /* Monday 6 April 2026, in days since 1970-01-01 */

/* The charts of every kind the widget shows, with their data. */

static const PlBarChartBar bars[3] = {
  { "Phone", 82.1, 78.2, 85.5, 412, FALSE },
  { "Email", 76.4, 70.9, 81.2, 260, FALSE },
  { "Chat", 88.0, 82.7, 91.9, 198, FALSE },
};

static const char *const levels[5] = { "1", "2", "3", "4", "5" };
static const char *const categories[2] = { "Phone", "Email" };
static const double distribution_counts[10] = {
  12, 18, 40, 120, 210,
  20, 25, 44, 90, 81,
};

static const char *const reasons[4] = { "Waiting time", "Price", "Staff attitude", "Billing errors" };
static const double reason_counts[4] = { 42, 17, 9, 25 };

static const char *const colleagues[2] = { "Asha Patel", "Ben Okafor" };
static const char *const criteria[3] = { "Greeting", "Resolution", "Close" };
static const double pass_rates[6] = { 92., 71.5, 88., 85., NAN, 64. };
static const guint cell_counts[6] = { 25, 25, 24, 20, 0, 22 };

static const double csat[8] = { 86.2, 87.1, 85.4, 88.0, 86.9, NAN, 84.6, 85.3 };
static double csat_days[8];

static void
bar_chart (PlBarChart *chart)
{
  pl_bar_chart_init (chart);
  chart->title = "CSAT by channel";
  chart->value_label = "CSAT";
  chart->interval_label = "Wilson 95% interval";
  chart->bars = bars;
  chart->n_bars = 3;
  chart->unit = "%";
  chart->has_target = TRUE;
  chart->target = 85.;
  chart->has_red_threshold = TRUE;
  chart->red_threshold = 80.;
}

static void
distribution_chart (PlDistributionChart *chart)
{
  pl_distribution_chart_init (chart);
  chart->title = "CSAT answers by channel";
  chart->levels = levels;
  chart->n_levels = 5;
  chart->categories = categories;
  chart->n_categories = 2;
  chart->counts = distribution_counts;
}

static void
pareto_chart (PlParetoChart *chart)
{
  pl_pareto_chart_init (chart);
  chart->title = "Reasons for complaints";
  chart->count_label = "Comments";
  chart->labels = reasons;
  chart->counts = reason_counts;
  chart->n = 4;
}

static void
heatmap_chart (PlHeatmapChart *chart)
{
  pl_heatmap_chart_init (chart);
  chart->title = "Pass rate by criterion";
  chart->value_label = "Pass rate";
  chart->rows = colleagues;
  chart->n_rows = 2;
  chart->columns = criteria;
  chart->n_columns = 3;
  chart->values = pass_rates;
  chart->counts = cell_counts;
}

static void
trend_chart (PlTrendChart *chart)
{
  for (guint i = 0; i < 8; i++)
    csat_days[i] = FIRST_MONDAY + 7. * i;

  pl_trend_chart_init (chart);
  chart->series_label = "Weekly CSAT";
  chart->days = csat_days;
  chart->values = csat;
  chart->n = 8;
  chart->unit = "%";
  chart->has_target = TRUE;
  chart->target = 85.;
}

/* A window with a toast overlay around the chart, as on the pages. */

typedef struct
{
  GtkWindow     *window;
  GtkWidget     *overlay;
  PlChartWidget *chart;
} Window;

static void
window_open (Window  *w,
             int      width,
             int      height,
             gboolean with_overlay)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  w->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref (w->window);
  gtk_window_set_application (w->window, GTK_APPLICATION (pl_test_application ()));
  gtk_window_set_default_size (w->window, width, height);

  w->chart = pl_chart_widget_new ();
  gtk_widget_set_margin_start (GTK_WIDGET (w->chart), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (w->chart), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (w->chart), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (w->chart), 12);
  gtk_widget_set_valign (GTK_WIDGET (w->chart), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (w->chart));

  if (with_overlay)
    {
      w->overlay = adw_toast_overlay_new ();
      adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (w->overlay), box);
      gtk_window_set_child (w->window, w->overlay);
    }
  else
    {
      w->overlay = NULL;
      gtk_window_set_child (w->window, box);
    }

  pl_test_present (w->window);
}

static void
window_close (Window *w)
{
  gtk_window_destroy (w->window);
  pl_test_wait (50);
  g_assert_finalize_object (w->window);
}

static void
wait_for_size (PlChartWidget *chart)
{
  /* A new chart may ask for a new height: let the layout catch up. */
  pl_test_wait (60);
  pl_test_wait_laid_out (GTK_WIDGET (chart));
}

static cairo_t *
measuring_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

/* Hovers the centre of @rect (in the chart's coordinates, @top below the
 * widget's) and checks the read-out is the chart's own for @index. */
static void
hover (PlChartWidget     *chart,
       const PlChartRect *rect,
       double             top,
       int                index,
       const char        *expected)
{
  g_autofree char *readout = NULL;

  g_assert_cmpint (pl_chart_widget_highlight_at (chart, rect->x + rect->width / 2.,
                                                 top + rect->y + rect->height / 2.),
                   ==, index);
  g_assert_cmpint (pl_chart_widget_get_highlight (chart), ==, index);
  readout = pl_chart_widget_dup_readout (chart);
  g_test_message ("%s", readout);
  g_assert_nonnull (readout);
  g_assert_cmpstr (readout, ==, expected);
}

static void
test_kinds (void)
{
  PlBarChart bar;
  PlDistributionChart distribution;
  PlParetoChart pareto;
  PlHeatmapChart heatmap;
  PlTrendChart trend;
  PlChartRect rect;
  Window w;
  cairo_t *cr = measuring_context ();
  double width, height;

  bar_chart (&bar);
  distribution_chart (&distribution);
  pareto_chart (&pareto);
  heatmap_chart (&heatmap);
  trend_chart (&trend);
  window_open (&w, 700, 700, TRUE);

  /* Bars: the description is the chart's, the height is the chart's own,
   * the read-out under the pointer is that bar's. */
  pl_chart_widget_set_bar_chart (w.chart, &bar);
  wait_for_size (w.chart);
  g_assert_cmpint (pl_chart_widget_get_kind (w.chart), ==, PL_CHART_WIDGET_BAR);
  {
    g_autofree char *expected = pl_bar_chart_describe (&bar);
    g_autofree char *description = pl_chart_widget_dup_description (w.chart);
    g_autofree char *readout = NULL;

    g_assert_cmpstr (description, ==, expected);
    width = gtk_widget_get_width (GTK_WIDGET (w.chart));
    height = gtk_widget_get_height (GTK_WIDGET (w.chart));
    g_assert_cmpfloat (height, ==, ceil (pl_bar_chart_get_preferred_height (&bar, cr, width)));
    g_assert_true (pl_bar_chart_get_bar_rect (&bar, cr, width, height, 2, &rect));
    readout = pl_bar_chart_dup_readout (&bar, 2);
    hover (w.chart, &rect, 0., 2, readout);
    g_assert_nonnull (strstr (readout, "Chat"));
  }
  /* Off the bars, nothing is read out. */
  g_assert_cmpint (pl_chart_widget_highlight_at (w.chart, 1., 1.), ==, -1);
  g_assert_null (pl_chart_widget_dup_readout (w.chart));

  /* A stacked distribution: segment (Email, 5). */
  pl_chart_widget_set_distribution_chart (w.chart, &distribution);
  wait_for_size (w.chart);
  g_assert_cmpint (pl_chart_widget_get_kind (w.chart), ==, PL_CHART_WIDGET_DISTRIBUTION);
  {
    g_autofree char *expected = pl_distribution_chart_describe (&distribution);
    g_autofree char *description = pl_chart_widget_dup_description (w.chart);
    g_autofree char *readout = pl_distribution_chart_dup_readout (&distribution, 1 * 5 + 4);

    g_assert_cmpstr (description, ==, expected);
    width = gtk_widget_get_width (GTK_WIDGET (w.chart));
    height = gtk_widget_get_height (GTK_WIDGET (w.chart));
    g_assert_cmpfloat (height, ==,
                       ceil (pl_distribution_chart_get_preferred_height (&distribution, cr, width)));
    g_assert_true (pl_distribution_chart_get_segment_rect (&distribution, cr, width, height, 1, 4,
                                                           &rect));
    hover (w.chart, &rect, 0., 9, readout);
  }

  /* Pareto: "Billing errors" comes second, after "Waiting time". */
  pl_chart_widget_set_pareto_chart (w.chart, &pareto);
  wait_for_size (w.chart);
  g_assert_cmpint (pl_chart_widget_get_kind (w.chart), ==, PL_CHART_WIDGET_PARETO);
  {
    g_autofree char *expected = pl_pareto_chart_describe (&pareto);
    g_autofree char *description = pl_chart_widget_dup_description (w.chart);
    g_autofree char *readout = pl_pareto_chart_dup_readout (&pareto, 3);

    g_assert_cmpstr (description, ==, expected);
    width = gtk_widget_get_width (GTK_WIDGET (w.chart));
    height = gtk_widget_get_height (GTK_WIDGET (w.chart));
    /* No height of its own: the default. */
    g_assert_cmpfloat (height, ==, 320.);
    g_assert_true (pl_pareto_chart_get_bar_rect (&pareto, cr, width, height, 3, &rect));
    hover (w.chart, &rect, 0., 3, readout);
    g_assert_nonnull (strstr (readout, "Billing errors"));
  }

  /* Heatmap: the cell (Ben Okafor, Close), with its n. */
  pl_chart_widget_set_heatmap_chart (w.chart, &heatmap);
  wait_for_size (w.chart);
  g_assert_cmpint (pl_chart_widget_get_kind (w.chart), ==, PL_CHART_WIDGET_HEATMAP);
  {
    g_autofree char *expected = pl_heatmap_chart_describe (&heatmap);
    g_autofree char *description = pl_chart_widget_dup_description (w.chart);
    g_autofree char *readout = pl_heatmap_chart_dup_readout (&heatmap, 5);

    g_assert_cmpstr (description, ==, expected);
    width = gtk_widget_get_width (GTK_WIDGET (w.chart));
    height = gtk_widget_get_height (GTK_WIDGET (w.chart));
    g_assert_cmpfloat (height, ==,
                       ceil (pl_heatmap_chart_get_preferred_height (&heatmap, cr, width)));
    g_assert_true (pl_heatmap_chart_get_cell_rect (&heatmap, cr, width, height, 1, 2, &rect));
    hover (w.chart, &rect, 0., 5, readout);
    g_assert_nonnull (strstr (readout, "22"));
  }

  /* A trend, given by pointer: the point of week 4, with a menu button
   * above the chart moving it down. */
  pl_chart_widget_set_show_menu_button (w.chart, TRUE);
  pl_chart_widget_set_trend_chart (w.chart, &trend);
  wait_for_size (w.chart);
  g_assert_cmpint (pl_chart_widget_get_kind (w.chart), ==, PL_CHART_WIDGET_TREND);
  g_assert_true (pl_chart_widget_get_show_menu_button (w.chart));
  {
    g_autofree char *expected = pl_trend_chart_describe (&trend);
    g_autofree char *description = pl_chart_widget_dup_description (w.chart);
    g_autofree char *readout = pl_trend_chart_dup_readout (&trend, 3);
    GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (w.chart));
    PlChartRect area;
    double top;

    g_assert_cmpstr (description, ==, expected);
    /* The popover comes first, then the button. */
    while (button != NULL && !GTK_IS_MENU_BUTTON (button))
      button = gtk_widget_get_next_sibling (button);
    g_assert_nonnull (button);
    top = gtk_widget_get_height (button) + 2.;
    width = gtk_widget_get_width (GTK_WIDGET (w.chart));
    height = gtk_widget_get_height (GTK_WIDGET (w.chart)) - top;
    g_assert_cmpfloat (height, ==, 320.);
    pl_trend_chart_get_plot_area (&trend, cr, width, height, &area);
    rect.x = pl_trend_chart_day_to_x (&trend, &area, csat_days[3]) - 1.;
    rect.y = pl_trend_chart_value_to_y (&trend, &area, csat[3]) - 1.;
    rect.width = rect.height = 2.;
    hover (w.chart, &rect, top, 3, readout);
    g_assert_cmpstr (readout, ==, "Week of 27 Apr 2026\n88.0%  on target");

    /* Without the offset the pointer is a point higher: above the plot. */
    g_assert_cmpint (pl_chart_widget_highlight_at (w.chart, rect.x + 1., area.y - top + 4.), ==, -1);
  }

  /* NULL: an empty trend chart. */
  pl_chart_widget_set_bar_chart (w.chart, NULL);
  g_assert_cmpint (pl_chart_widget_get_kind (w.chart), ==, PL_CHART_WIDGET_TREND);
  {
    g_autofree char *description = pl_chart_widget_dup_description (w.chart);

    g_assert_cmpstr (description, ==, "Trend: no data yet.");
  }

  cairo_destroy (cr);
  window_close (&w);
}

/* pl_chart_widget_set_chart() copies everything, signals and
 * interventions included: the caller's arrays may go. */
static void
test_set_chart_copies (void)
{
  Window w;
  g_autofree char *readout = NULL;
  g_autofree char *description = NULL;
  g_autofree char *expected = NULL;
  PlTrendChart trend;
  double *values = g_memdup2 (csat, sizeof csat);
  double *lower = g_new (double, 8);
  double *upper = g_new (double, 8);
  PlTrendSignal *signals = g_new0 (PlTrendSignal, 1);
  PlTrendIntervention *interventions = g_new0 (PlTrendIntervention, 1);
  char *signal_text = g_strdup ("One point beyond the control limits");
  char *label = g_strdup ("New IVR menu");

  trend_chart (&trend);
  for (guint i = 0; i < 8; i++)
    {
      lower[i] = values[i] - 3.;
      upper[i] = values[i] + 2.;
    }
  trend.values = values;
  trend.lower = lower;
  trend.upper = upper;
  trend.interval_label = "Wilson 95% interval";
  trend.has_control_limits = TRUE;
  trend.centre = 86.;
  trend.ucl = 87.5;
  trend.lcl = 84.5;
  signals[0] = (PlTrendSignal) { 3, 1, signal_text };
  interventions[0] = (PlTrendIntervention) { csat_days[3] + 2., label };
  trend.signals = signals;
  trend.n_signals = 1;
  trend.interventions = interventions;
  trend.n_interventions = 1;
  expected = pl_trend_chart_dup_readout (&trend, 3);

  window_open (&w, 700, 500, TRUE);
  pl_chart_widget_set_chart (w.chart, &trend);

  /* Gone and scribbled over. */
  memset (values, 0xff, sizeof csat);
  memset (signal_text, 'x', strlen (signal_text));
  memset (label, 'x', strlen (label));
  g_free (values);
  g_free (lower);
  g_free (upper);
  g_free (signals);
  g_free (interventions);
  g_free (signal_text);
  g_free (label);

  pl_chart_widget_set_highlight (w.chart, 3);
  readout = pl_chart_widget_dup_readout (w.chart);
  g_assert_cmpstr (readout, ==, expected);
  g_assert_cmpstr (readout, ==, "Week of 27 Apr 2026\n88.0%  on target\n"
                                "Wilson 95% interval 85.0%–90.0%\n"
                                "Control limits 84.5%–87.5%, centre 86.0%\n"
                                "Signal: One point beyond the control limits (rule 1)\n"
                                "Intervention: New IVR menu, 29 Apr 2026");
  description = pl_chart_widget_dup_description (w.chart);
  g_assert_nonnull (strstr (description, "1 intervention: New IVR menu on 29 Apr 2026."));
  pl_test_wait (50);

  window_close (&w);
}

/* Saving through the menu's action, with the file chooser bypassed */

typedef struct
{
  char  *dir;
  char  *name;     /* without a suffix: the widget adds it */
  guint  calls;
} Chooser;

static GFile *
choose_file_cb (PlChartWidget *chart,
                const char    *format,
                gpointer       user_data)
{
  Chooser *chooser = user_data;
  g_autofree char *path = g_build_filename (chooser->dir, chooser->name, NULL);

  chooser->calls++;
  return g_file_new_for_path (path);
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

static void
check_saved (PlChartWidget *chart,
             const char    *path,
             const char    *format)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  contents = read_file (path, &length);
  g_assert_cmpuint (length, >, 500);

  if (g_str_equal (format, "png"))
    {
      cairo_surface_t *image = cairo_image_surface_create_from_png (path);

      /* At the size the chart has on the screen. */
      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (image), ==,
                       gtk_widget_get_width (GTK_WIDGET (chart)));
      g_assert_cmpint (cairo_image_surface_get_height (image), ==,
                       gtk_widget_get_height (GTK_WIDGET (chart)));
      cairo_surface_destroy (image);
    }
  else if (g_str_equal (format, "svg"))
    {
      g_autofree char *size = g_strdup_printf ("width=\"%dpt\"",
                                               gtk_widget_get_width (GTK_WIDGET (chart)));

      g_assert_true (g_str_has_prefix (contents, "<?xml"));
      g_assert_nonnull (strstr (contents, "</svg>"));
      g_assert_nonnull (strstr (contents, size));
    }
  else
    {
      g_assert_true (g_str_has_prefix (contents, "%PDF-"));
      g_assert_nonnull (g_strstr_len (contents + length - 16, 16, "%%EOF"));
    }
}

static gboolean
find_label (GtkWidget  *widget,
            const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), needle) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_label (child, needle))
      return TRUE;

  return FALSE;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static void
test_save (void)
{
  static const char *const formats[3] = { "png", "svg", "pdf" };
  const char *tmp = pl_test_tmp_dir ();
  Chooser chooser = { NULL, NULL, 0 };
  PlBarChart bar;
  PlDistributionChart distribution;
  PlParetoChart pareto;
  PlHeatmapChart heatmap;
  PlTrendChart trend;
  Window w;

  bar_chart (&bar);
  distribution_chart (&distribution);
  pareto_chart (&pareto);
  heatmap_chart (&heatmap);
  trend_chart (&trend);
  chooser.dir = g_build_filename (tmp, "saved", NULL);
  g_assert_cmpint (g_mkdir_with_parents (chooser.dir, 0700), ==, 0);

  window_open (&w, 640, 600, TRUE);
  pl_chart_widget_set_choose_file_func (w.chart, choose_file_cb, &chooser);

  for (PlChartWidgetKind kind = PL_CHART_WIDGET_TREND; kind <= PL_CHART_WIDGET_HEATMAP; kind++)
    {
      switch (kind)
        {
        case PL_CHART_WIDGET_TREND:
          pl_chart_widget_set_trend_chart (w.chart, &trend);
          break;
        case PL_CHART_WIDGET_BAR:
          pl_chart_widget_set_bar_chart (w.chart, &bar);
          break;
        case PL_CHART_WIDGET_DISTRIBUTION:
          pl_chart_widget_set_distribution_chart (w.chart, &distribution);
          break;
        case PL_CHART_WIDGET_PARETO:
          pl_chart_widget_set_pareto_chart (w.chart, &pareto);
          break;
        case PL_CHART_WIDGET_HEATMAP:
        case PL_CHART_WIDGET_NONE:
        default:
          pl_chart_widget_set_heatmap_chart (w.chart, &heatmap);
          break;
        }
      wait_for_size (w.chart);

      for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
        {
          g_autofree char *with_suffix = NULL;
          g_autofree char *path = NULL;
          guint calls = chooser.calls;

          /* The name as typed, without a suffix: the widget adds it. */
          g_free (chooser.name);
          chooser.name = g_strdup_printf ("chart-%d", kind);
          with_suffix = g_strdup_printf ("chart-%d.%s", kind, formats[f]);
          path = g_build_filename (chooser.dir, with_suffix, NULL);

          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w.chart), "chart.save-as", "s",
                                                     formats[f]));
          g_assert_cmpuint (chooser.calls, ==, calls + 1);
          check_saved (w.chart, path, formats[f]);
          g_assert_cmpint (g_remove (path), ==, 0);
        }
    }

  /* A name that already says what it is keeps it: "chart.PNG", not "chart.PNG.png". */
  {
    g_autofree char *path = g_build_filename (chooser.dir, "chart.PNG", NULL);

    g_free (chooser.name);
    chooser.name = g_strdup ("chart.PNG");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w.chart), "chart.save-as", "s", "png"));
    check_saved (w.chart, path, "png");
    g_assert_cmpint (g_remove (path), ==, 0);
  }

  /* A folder that is not there: the reason in a toast, nothing written. */
  g_free (chooser.name);
  chooser.name = g_build_filename ("missing", "chart", NULL);
  g_assert_false (find_label (w.overlay, "Could not save the chart"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w.chart), "chart.save-as", "s", "pdf"));
  pl_test_wait (100);
  g_assert_true (find_label (w.overlay, "Could not save the chart"));
  g_assert_null (find_message_dialog ());
  window_close (&w);

  /* Without a toast overlay, in a dialog. */
  window_open (&w, 640, 500, FALSE);
  pl_chart_widget_set_choose_file_func (w.chart, choose_file_cb, &chooser);
  pl_chart_widget_set_bar_chart (w.chart, &bar);
  wait_for_size (w.chart);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w.chart), "chart.save-as", "s", "svg"));
  pl_test_wait (100);
  {
    AdwMessageDialog *dialog = find_message_dialog ();

    g_assert_nonnull (dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Save the Chart");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Could not save the chart"));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  window_close (&w);

  /* An empty chart has nothing to save: the items are off. */
  window_open (&w, 640, 500, TRUE);
  {
    guint calls = chooser.calls;

    pl_chart_widget_set_choose_file_func (w.chart, choose_file_cb, &chooser);
    gtk_widget_activate_action (GTK_WIDGET (w.chart), "chart.save-as", "s", "png");
    g_assert_cmpuint (chooser.calls, ==, calls);
  }
  window_close (&w);

  g_free (chooser.name);
  g_free (chooser.dir);
}

/* The control chart of the screenshots: a weekly share with varying
 * sample sizes, as a p chart computed here, with its Wilson band, two
 * signals and two interventions. */

static const double resolved_share[26] = {
  .79, .77, .80, .78, .76, .79, .81, .69, .78, .77, .75, .78, .80,
  .82, .83, .81, .84, .83, .85, .90, .84, .83, .85, .84, .86, .85,
};

typedef struct
{
  double              days[26];
  double              values[26];
  double              lower[26];
  double              upper[26];
  double              ucls[26];
  double              lcls[26];
  guint               sizes[26];
  PlTrendSignal       signals[26];
  PlTrendIntervention interventions[2];
  PlTrendChart        chart;
} ControlChart;

static void
control_chart (ControlChart *c)
{
  double total_k = 0., total_n = 0., centre;
  guint n_signals = 0;
  int run = 0;

  memset (c, 0, sizeof *c);
  for (guint i = 0; i < 26; i++)
    {
      double n = 180 + (i * 37) % 140;
      double k = round (resolved_share[i] * n);

      c->days[i] = FIRST_MONDAY + 7. * i;
      c->sizes[i] = (guint) n;
      c->values[i] = 100. * k / n;
      total_k += k;
      total_n += n;
    }
  centre = total_k / total_n;

  for (guint i = 0; i < 26; i++)
    {
      double n = c->sizes[i];
      double p = c->values[i] / 100.;
      double z = 1.959964;
      double mid = (p + z * z / (2. * n)) / (1. + z * z / n);
      double half = z / (1. + z * z / n) * sqrt (p * (1. - p) / n + z * z / (4. * n * n));
      double sigma = sqrt (centre * (1. - centre) / n);
      int side = p > centre ? 1 : -1;

      c->lower[i] = 100. * (mid - half);
      c->upper[i] = 100. * (mid + half);
      c->ucls[i] = 100. * MIN (1., centre + 3. * sigma);
      c->lcls[i] = 100. * MAX (0., centre - 3. * sigma);

      /* Rule 1, and rule 4 where a run of eight on one side completes. */
      run = (run * side > 0) ? run + side : side;
      if (c->values[i] > c->ucls[i] || c->values[i] < c->lcls[i])
        c->signals[n_signals++] = (PlTrendSignal) { i, 1, "One point beyond the control limits" };
      else if (abs (run) == 8)
        c->signals[n_signals++] = (PlTrendSignal) { i, 4, "Eight points in a row on one side of "
                                                          "the centre line" };
    }

  c->interventions[0] = (PlTrendIntervention) { FIRST_MONDAY + 7. * 11 + 2., "New IVR menu" };
  c->interventions[1] = (PlTrendIntervention) { FIRST_MONDAY + 7. * 13, "Coaching for the phone team" };

  pl_trend_chart_init (&c->chart);
  c->chart.title = "First-contact resolution";
  c->chart.series_label = "Weekly share resolved";
  c->chart.days = c->days;
  c->chart.values = c->values;
  c->chart.n = 26;
  c->chart.unit = "%";
  c->chart.decimals = 1;
  c->chart.has_target = TRUE;
  c->chart.target = 80.;
  c->chart.lower = c->lower;
  c->chart.upper = c->upper;
  c->chart.interval_label = "Wilson 95% interval";
  c->chart.sizes = c->sizes;
  c->chart.has_control_limits = TRUE;
  c->chart.centre = 100. * centre;
  c->chart.ucls = c->ucls;
  c->chart.lcls = c->lcls;
  c->chart.signals = c->signals;
  c->chart.n_signals = n_signals;
  c->chart.interventions = c->interventions;
  c->chart.n_interventions = 2;
}

static void
test_control_screenshots (void)
{
  static const struct
  {
    const char *name;
    int         width;
    gboolean    dark;
  } shots[] = {
    { "charts-trend-control-light-narrow", 400, FALSE },
    { "charts-trend-control-dark-narrow", 400, TRUE },
    { "charts-trend-control-light-wide", 1200, FALSE },
    { "charts-trend-control-dark-wide", 1200, TRUE },
  };
  ControlChart c;

  control_chart (&c);
  /* Week 8 falls below its lower limit; weeks 13 to 20 stay above the
   * centre line, the eighth completing rule 4; week 20 is above its upper limit. */
  g_assert_cmpuint (c.chart.n_signals, >=, 2);
  g_assert_cmpuint (c.signals[0].index, ==, 7);
  g_assert_cmpuint (c.signals[0].rule, ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      Window w;

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          shots[i].dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
      window_open (&w, shots[i].width, 440, TRUE);
      /* As on a page: the chart takes the height it is given. */
      gtk_widget_set_valign (GTK_WIDGET (w.chart), GTK_ALIGN_FILL);
      gtk_widget_set_vexpand (GTK_WIDGET (w.chart), TRUE);
      pl_chart_widget_set_show_menu_button (w.chart, TRUE);
      pl_chart_widget_set_trend_chart (w.chart, &c.chart);
      wait_for_size (w.chart);
      /* The wide ones read out the week below its limit. */
      if (shots[i].width > 1000)
        pl_chart_widget_set_highlight (w.chart, 7);
      pl_test_wait (100);
      pl_test_screenshot (GTK_WIDGET (w.window), shots[i].name);
      window_close (&w);
    }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
}

int
main (int   argc,
      char *argv[])
{
  pl_test_init (&argc, &argv);

  g_test_add_func ("/app/chart-widget/kinds", test_kinds);
  g_test_add_func ("/app/chart-widget/set-chart-copies", test_set_chart_copies);
  g_test_add_func ("/app/chart-widget/save", test_save);
  g_test_add_func ("/app/chart-widget/control-screenshots", test_control_screenshots);

  return g_test_run ();
}
