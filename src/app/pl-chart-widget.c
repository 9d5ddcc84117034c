/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pl-chart-widget.h"

/* The size a saved chart gets when the widget has none yet. */
#define SAVE_WIDTH  1000.
#define SAVE_HEIGHT 560.
#define MENU_GAP    2

struct _PlChartWidget
{
  GtkWidget                   parent_instance;

  GMenuModel                 *menu;
  GtkWidget                  *context_menu;
  GtkWidget                  *menu_button;
  GtkWidget                  *header;       /* a title beside the menu button, or NULL */
  GtkFileChooserNative       *file_chooser;

  PlChartWidgetKind           kind;
  union
  {
    PlTrendChart              trend;
    PlBarChart                bar;
    PlDistributionChart       distribution;
    PlParetoChart             pareto;
    PlHeatmapChart            heatmap;
  } chart;

  /* The copies pl_chart_widget_set_chart() makes of what a trend chart
   * points to. */
  char                       *title;
  char                       *series_label;
  char                       *unit;
  char                       *interval_label;
  double                     *days;
  double                     *values;
  double                     *lower;
  double                     *upper;
  double                     *ucls;
  double                     *lcls;
  guint                      *sizes;
  double                     *compare;
  PlTrendSignal              *signals;
  PlTrendIntervention        *interventions;
  GPtrArray                  *strings;

  char                       *description;
  PlChartPalette              palette;

  PlChartWidgetChooseFileFunc choose_file;
  gpointer                    choose_file_data;
};

G_DEFINE_FINAL_TYPE (PlChartWidget, pl_chart_widget, GTK_TYPE_WIDGET)

static gboolean
lookup_color (GtkStyleContext *context,
              const char      *name,
              PlColor         *color)
{
  GdkRGBA rgba;

  if (!gtk_style_context_lookup_color (context, name, &rgba))
    return FALSE;

  color->red = rgba.red;
  color->green = rgba.green;
  color->blue = rgba.blue;
  color->alpha = rgba.alpha;

  return TRUE;
}

static void
free_chart_data (PlChartWidget *self)
{
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->series_label, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->interval_label, g_free);
  g_clear_pointer (&self->days, g_free);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->lower, g_free);
  g_clear_pointer (&self->upper, g_free);
  g_clear_pointer (&self->ucls, g_free);
  g_clear_pointer (&self->lcls, g_free);
  g_clear_pointer (&self->sizes, g_free);
  g_clear_pointer (&self->compare, g_free);
  g_clear_pointer (&self->signals, g_free);
  g_clear_pointer (&self->interventions, g_free);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->description, g_free);
}

static cairo_t *
measuring_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  /* Text is measured without hinting, so any context gives the geometry drawn. */
  cairo_surface_destroy (surface);
  return cr;
}

static gboolean
shows_button (PlChartWidget *self)
{
  return self->menu_button != NULL && gtk_widget_get_visible (self->menu_button);
}

static int
button_width (PlChartWidget *self)
{
  int natural = 0;

  if (shows_button (self))
    gtk_widget_measure (self->menu_button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* The row above the chart for the header and the menu button, at @width. */
static int
header_height_for (PlChartWidget *self,
                   int            width)
{
  int button = 0, header = 0;

  if (shows_button (self))
    gtk_widget_measure (self->menu_button, GTK_ORIENTATION_VERTICAL, -1, NULL, &button, NULL, NULL);
  if (self->header != NULL && gtk_widget_get_visible (self->header))
    gtk_widget_measure (self->header, GTK_ORIENTATION_VERTICAL,
                        width > 0 ? MAX (1, width - button_width (self) - MENU_GAP) : -1,
                        NULL, &header, NULL, NULL);
  if (button == 0 && header == 0)
    return 0;

  return MAX (button, header) + MENU_GAP;
}

static int
header_height (PlChartWidget *self)
{
  return header_height_for (self, gtk_widget_get_width (GTK_WIDGET (self)));
}

static void
get_chart_size (PlChartWidget *self,
                double        *width,
                double        *height)
{
  *width = gtk_widget_get_width (GTK_WIDGET (self));
  *height = MAX (0, gtk_widget_get_height (GTK_WIDGET (self)) - header_height (self));
}

/* What each kind of chart does */

static int *
highlight_field (PlChartWidget *self)
{
  switch (self->kind)
    {
    case PL_CHART_WIDGET_TREND:
      return &self->chart.trend.highlight;
    case PL_CHART_WIDGET_BAR:
      return &self->chart.bar.highlight;
    case PL_CHART_WIDGET_DISTRIBUTION:
      return &self->chart.distribution.highlight;
    case PL_CHART_WIDGET_PARETO:
      return &self->chart.pareto.highlight;
    case PL_CHART_WIDGET_HEATMAP:
      return &self->chart.heatmap.highlight;
    case PL_CHART_WIDGET_NONE:
    default:
      return NULL;
    }
}

/* How many items can be highlighted: points, bars, segments or cells. */
static guint
item_count (PlChartWidget *self)
{
  switch (self->kind)
    {
    case PL_CHART_WIDGET_TREND:
      return self->chart.trend.n;
    case PL_CHART_WIDGET_BAR:
      return self->chart.bar.n_bars;
    case PL_CHART_WIDGET_DISTRIBUTION:
      return self->chart.distribution.n_categories * self->chart.distribution.n_levels;
    case PL_CHART_WIDGET_PARETO:
      return self->chart.pareto.n;
    case PL_CHART_WIDGET_HEATMAP:
      return self->chart.heatmap.n_rows * self->chart.heatmap.n_columns;
    case PL_CHART_WIDGET_NONE:
    default:
      return 0;
    }
}

static void
render_chart (PlChartWidget *self,
              cairo_t       *cr,
              double         width,
              double         height)
{
  switch (self->kind)
    {
    case PL_CHART_WIDGET_TREND:
      pl_trend_chart_render (&self->chart.trend, &self->palette, cr, width, height);
      break;
    case PL_CHART_WIDGET_BAR:
      pl_bar_chart_render (&self->chart.bar, &self->palette, cr, width, height);
      break;
    case PL_CHART_WIDGET_DISTRIBUTION:
      pl_distribution_chart_render (&self->chart.distribution, &self->palette, cr, width, height);
      break;
    case PL_CHART_WIDGET_PARETO:
      pl_pareto_chart_render (&self->chart.pareto, &self->palette, cr, width, height);
      break;
    case PL_CHART_WIDGET_HEATMAP:
      pl_heatmap_chart_render (&self->chart.heatmap, &self->palette, cr, width, height);
      break;
    case PL_CHART_WIDGET_NONE:
    default:
      break;
    }
}

static int
chart_hit_test (PlChartWidget *self,
                double         x,
                double         y)
{
  cairo_t *cr = measuring_context ();
  double width, height;
  int hit = -1;

  get_chart_size (self, &width, &height);
  y -= header_height (self);

  switch (self->kind)
    {
    case PL_CHART_WIDGET_TREND:
      hit = pl_trend_chart_hit_test (&self->chart.trend, cr, width, height, x, y);
      break;
    case PL_CHART_WIDGET_BAR:
      hit = pl_bar_chart_hit_test (&self->chart.bar, cr, width, height, x, y);
      break;
    case PL_CHART_WIDGET_DISTRIBUTION:
      hit = pl_distribution_chart_hit_test (&self->chart.distribution, cr, width, height, x, y);
      break;
    case PL_CHART_WIDGET_PARETO:
      hit = pl_pareto_chart_hit_test (&self->chart.pareto, cr, width, height, x, y);
      break;
    case PL_CHART_WIDGET_HEATMAP:
      hit = pl_heatmap_chart_hit_test (&self->chart.heatmap, cr, width, height, x, y);
      break;
    case PL_CHART_WIDGET_NONE:
    default:
      break;
    }
  cairo_destroy (cr);

  return hit;
}

static char *
chart_readout (PlChartWidget *self,
               int            index)
{
  if (index < 0)
    return NULL;

  switch (self->kind)
    {
    case PL_CHART_WIDGET_TREND:
      return pl_trend_chart_dup_readout (&self->chart.trend, index);
    case PL_CHART_WIDGET_BAR:
      return pl_bar_chart_dup_readout (&self->chart.bar, index);
    case PL_CHART_WIDGET_DISTRIBUTION:
      return pl_distribution_chart_dup_readout (&self->chart.distribution, index);
    case PL_CHART_WIDGET_PARETO:
      return pl_pareto_chart_dup_readout (&self->chart.pareto, index);
    case PL_CHART_WIDGET_HEATMAP:
      return pl_heatmap_chart_dup_readout (&self->chart.heatmap, index);
    case PL_CHART_WIDGET_NONE:
    default:
      return NULL;
    }
}

static char *
chart_describe (PlChartWidget *self)
{
  switch (self->kind)
    {
    case PL_CHART_WIDGET_TREND:
      return pl_trend_chart_describe (&self->chart.trend);
    case PL_CHART_WIDGET_BAR:
      return pl_bar_chart_describe (&self->chart.bar);
    case PL_CHART_WIDGET_DISTRIBUTION:
      return pl_distribution_chart_describe (&self->chart.distribution);
    case PL_CHART_WIDGET_PARETO:
      return pl_pareto_chart_describe (&self->chart.pareto);
    case PL_CHART_WIDGET_HEATMAP:
      return pl_heatmap_chart_describe (&self->chart.heatmap);
    case PL_CHART_WIDGET_NONE:
    default:
      return g_strdup (_("No chart"));
    }
}

/* The chart's own height at @width, or -1 where it fills what it gets. */
static double
chart_preferred_height (PlChartWidget *self,
                        double         width)
{
  cairo_t *cr;
  double height = -1.;

  if (self->kind != PL_CHART_WIDGET_BAR && self->kind != PL_CHART_WIDGET_DISTRIBUTION
      && self->kind != PL_CHART_WIDGET_HEATMAP)
    return -1.;

  cr = measuring_context ();
  switch (self->kind)
    {
    case PL_CHART_WIDGET_BAR:
      height = pl_bar_chart_get_preferred_height (&self->chart.bar, cr, width);
      break;
    case PL_CHART_WIDGET_DISTRIBUTION:
      height = pl_distribution_chart_get_preferred_height (&self->chart.distribution, cr, width);
      break;
    case PL_CHART_WIDGET_HEATMAP:
      height = pl_heatmap_chart_get_preferred_height (&self->chart.heatmap, cr, width);
      break;
    case PL_CHART_WIDGET_NONE:
    case PL_CHART_WIDGET_TREND:
    case PL_CHART_WIDGET_PARETO:
    default:
      break;
    }
  cairo_destroy (cr);

  return height;
}

static gboolean
chart_save (PlChartWidget *self,
            const char    *path,
            double         width,
            double         height,
            GError       **error)
{
  /* A saved chart goes into documents: the light style, on white. */
  switch (self->kind)
    {
    case PL_CHART_WIDGET_TREND:
      return pl_trend_chart_save (&self->chart.trend, NULL, path, width, height, error);
    case PL_CHART_WIDGET_BAR:
      return pl_bar_chart_save (&self->chart.bar, NULL, path, width, height, error);
    case PL_CHART_WIDGET_DISTRIBUTION:
      return pl_distribution_chart_save (&self->chart.distribution, NULL, path, width, height,
                                         error);
    case PL_CHART_WIDGET_PARETO:
      return pl_pareto_chart_save (&self->chart.pareto, NULL, path, width, height, error);
    case PL_CHART_WIDGET_HEATMAP:
      return pl_heatmap_chart_save (&self->chart.heatmap, NULL, path, width, height, error);
    case PL_CHART_WIDGET_NONE:
    default:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("There is no chart to save."));
      return FALSE;
    }
}

static const char *
chart_name (PlChartWidget *self)
{
  const char *name = NULL;

  switch (self->kind)
    {
    case PL_CHART_WIDGET_TREND:
      name = self->chart.trend.series_label != NULL ? self->chart.trend.series_label
                                                    : self->chart.trend.title;
      break;
    case PL_CHART_WIDGET_BAR:
      name = self->chart.bar.title != NULL ? self->chart.bar.title : self->chart.bar.value_label;
      break;
    case PL_CHART_WIDGET_DISTRIBUTION:
      name = self->chart.distribution.title;
      break;
    case PL_CHART_WIDGET_PARETO:
      name = self->chart.pareto.title != NULL ? self->chart.pareto.title
                                              : self->chart.pareto.count_label;
      break;
    case PL_CHART_WIDGET_HEATMAP:
      name = self->chart.heatmap.title != NULL ? self->chart.heatmap.title
                                               : self->chart.heatmap.value_label;
      break;
    case PL_CHART_WIDGET_NONE:
    default:
      break;
    }

  return name != NULL && name[0] != '\0' ? name : _("Chart");
}

static gboolean
has_content (PlChartWidget *self)
{
  if (self->kind == PL_CHART_WIDGET_TREND)
    {
      for (guint i = 0; i < self->chart.trend.n; i++)
        if (isfinite (self->chart.trend.values[i]))
          return TRUE;
      return FALSE;
    }

  return self->kind != PL_CHART_WIDGET_NONE && item_count (self) > 0;
}

/* The items in the order the eye reads them, for the arrow keys. */
static GArray *
item_order (PlChartWidget *self)
{
  guint n = item_count (self);
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  if (self->kind == PL_CHART_WIDGET_PARETO)
    {
      g_array_set_size (order, n);
      g_array_set_size (order, pl_pareto_chart_get_order (&self->chart.pareto,
                                                          (guint *) order->data, NULL));
      return order;
    }

  for (guint i = 0; i < n; i++)
    g_array_append_val (order, i);

  return order;
}

/* The chart changed: its summary, its menu, its size. */
static void
chart_changed (PlChartWidget *self)
{
  int *highlight = highlight_field (self);

  if (highlight != NULL)
    *highlight = -1;

  g_free (self->description);
  self->description = chart_describe (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->description,
                                  -1);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.save-as", has_content (self));

  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Saving */

static void
show_error (PlChartWidget *self,
            const char    *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  GtkRoot *root;
  GtkWidget *dialog;

  if (overlay != NULL)
    {
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Could Not Save the Chart"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_to_chosen_file (PlChartWidget *self,
                     const char    *format,
                     GFile         *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *suffix = g_strconcat (".", format, NULL);
  g_autofree char *lower = NULL;
  double width, height;

  if (path == NULL)
    {
      show_error (self, _("The chart can only be saved in a folder on this computer. "
                          "Choose another folder and try again."));
      return;
    }

  /* Keep what the user typed, and make the name say what the file is. */
  lower = g_ascii_strdown (path, -1);
  if (!g_str_has_suffix (lower, suffix))
    {
      char *with_suffix = g_strconcat (path, suffix, NULL);

      g_free (path);
      path = with_suffix;
    }

  /* As big as it is on the screen, so that it reads the same. */
  get_chart_size (self, &width, &height);
  if (width < 1. || height < 1.)
    {
      width = SAVE_WIDTH;
      height = SAVE_HEIGHT;
    }

  if (!pl_chart_widget_save_to_file (self, path, width, height, &error))
    show_error (self, error->message);
}

static void
file_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          PlChartWidget   *self)
{
  const char *format = g_object_get_data (G_OBJECT (dialog), "format");
  g_autoptr(GFile) file = NULL;

  g_assert (PL_IS_CHART_WIDGET (self));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    save_to_chosen_file (self, format, file);

  if (self->file_chooser == GTK_FILE_CHOOSER_NATIVE (dialog))
    {
      gtk_native_dialog_destroy (dialog);
      g_clear_object (&self->file_chooser);
    }
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlChartWidget *self = PL_CHART_WIDGET (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  const char *title;

  if (g_strcmp0 (format, "png") == 0)
    {
      title = _("Save Chart as PNG");
      gtk_file_filter_set_name (filter, _("PNG images"));
      gtk_file_filter_add_mime_type (filter, "image/png");
    }
  else if (g_strcmp0 (format, "svg") == 0)
    {
      title = _("Save Chart as SVG");
      gtk_file_filter_set_name (filter, _("SVG images"));
      gtk_file_filter_add_mime_type (filter, "image/svg+xml");
    }
  else if (g_strcmp0 (format, "pdf") == 0)
    {
      title = _("Save Chart as PDF");
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
    }
  else
    {
      g_warning ("Unknown chart format “%s”", format);
      return;
    }

  if (self->choose_file != NULL)
    {
      g_autoptr(GFile) file = self->choose_file (self, format, self->choose_file_data);

      if (file != NULL)
        save_to_chosen_file (self, format, file);
      return;
    }

  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
      g_clear_object (&self->file_chooser);
    }

  self->file_chooser = gtk_file_chooser_native_new (title,
                                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                    GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                                    _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), filter);

  name = g_strdup_printf ("%s.%s", chart_name (self), format);
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->file_chooser), name);

  g_object_set_data_full (G_OBJECT (self->file_chooser), "format", g_strdup (format), g_free);
  g_signal_connect_object (self->file_chooser, "response", G_CALLBACK (file_chooser_response_cb),
                           self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

/* The menu and the keyboard */

static void
popup_menu_at (PlChartWidget *self,
               double         x,
               double         y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
show_menu_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PlChartWidget *self = PL_CHART_WIDGET (widget);
  int top = header_height (self);
  PlChartRect area = { 0, };
  double width, height;
  cairo_t *cr;

  if (self->kind != PL_CHART_WIDGET_TREND)
    {
      popup_menu_at (self, gtk_widget_get_width (widget) - 16., top + 16.);
      return;
    }

  /* From the keyboard: at the hovered point, or the top-right of the plot. */
  get_chart_size (self, &width, &height);
  cr = measuring_context ();
  pl_trend_chart_get_plot_area (&self->chart.trend, cr, width, height, &area);
  cairo_destroy (cr);

  if (self->chart.trend.highlight >= 0)
    popup_menu_at (self,
                   pl_trend_chart_day_to_x (&self->chart.trend, &area,
                                            self->chart.trend.days[self->chart.trend.highlight]),
                   top + area.y + area.height / 2.);
  else
    popup_menu_at (self, area.x + area.width - 8., top + area.y + 8.);
}

static gboolean
move_highlight_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  PlChartWidget *self = PL_CHART_WIDGET (widget);
  int step = g_variant_get_int32 (args);
  int i = pl_chart_widget_get_highlight (self);
  g_autoptr(GArray) order = NULL;
  int position = -1;

  if (!has_content (self))
    return FALSE;

  if (self->kind == PL_CHART_WIDGET_TREND)
    {
      const PlTrendChart *trend = &self->chart.trend;

      /* Step to the next period that has a value, starting from an end. */
      if (i < 0)
        i = step > 0 ? -1 : (int) trend->n;
      do
        i += step;
      while (i >= 0 && i < (int) trend->n && !isfinite (trend->values[i]));

      if (i >= 0 && i < (int) trend->n)
        pl_chart_widget_set_highlight (self, i);
      return TRUE;
    }

  order = item_order (self);
  if (order->len == 0)
    return FALSE;
  for (guint k = 0; k < order->len; k++)
    if ((int) g_array_index (order, guint, k) == i)
      position = (int) k;

  if (position < 0)
    position = step > 0 ? 0 : (int) order->len - 1;
  else
    position = CLAMP (position + step, 0, (int) order->len - 1);
  pl_chart_widget_set_highlight (self, (int) g_array_index (order, guint, position));

  return TRUE;
}

static gboolean
clear_highlight_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  PlChartWidget *self = PL_CHART_WIDGET (widget);

  if (pl_chart_widget_get_highlight (self) < 0)
    return FALSE;

  pl_chart_widget_set_highlight (self, -1);
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           PlChartWidget            *self)
{
  pl_chart_widget_highlight_at (self, x, y);
}

static void
leave_cb (GtkEventControllerMotion *motion,
          PlChartWidget            *self)
{
  pl_chart_widget_set_highlight (self, -1);
}

static void
secondary_click_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    PlChartWidget   *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu_at (self, x, y);
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               PlChartWidget       *self)
{
  popup_menu_at (self, x, y);
}

/* GtkWidget */

static GtkSizeRequestMode
pl_chart_widget_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pl_chart_widget_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  PlChartWidget *self = PL_CHART_WIDGET (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 300;
      *natural = 640;
    }
  else
    {
      int header = header_height_for (self, for_size > 0 ? for_size : 640);
      double preferred = chart_preferred_height (self, for_size > 0 ? for_size : 640.);

      if (preferred > 0.)
        {
          *minimum = *natural = (int) ceil (preferred) + header;
        }
      else
        {
          *minimum = 220 + header;
          *natural = 320 + header;
        }
    }
}

static void
pl_chart_widget_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  PlChartWidget *self = PL_CHART_WIDGET (widget);
  int row = MAX (0, header_height_for (self, width) - MENU_GAP);
  int button = button_width (self);

  if (shows_button (self))
    {
      int button_height;

      gtk_widget_measure (self->menu_button, GTK_ORIENTATION_VERTICAL, -1, NULL, &button_height,
                          NULL, NULL);
      gtk_widget_size_allocate (self->menu_button,
                                &(GtkAllocation) { MAX (0, width - button), (row - button_height) / 2,
                                                   MIN (width, button), button_height },
                                -1);
    }
  if (self->header != NULL && gtk_widget_get_visible (self->header))
    {
      int header_width = MAX (1, width - button - (button > 0 ? MENU_GAP : 0));
      int header_height;

      gtk_widget_measure (self->header, GTK_ORIENTATION_VERTICAL, header_width, NULL, &header_height,
                          NULL, NULL);
      gtk_widget_size_allocate (self->header,
                                &(GtkAllocation) { 0, (row - header_height) / 2, header_width, header_height },
                                -1);
    }

  gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static void
pl_chart_widget_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  PlChartWidget *self = PL_CHART_WIDGET (widget);
  int top = header_height (self);
  double width, height;
  cairo_t *cr;

  get_chart_size (self, &width, &height);
  if (width > 0. && height > 0.)
    {
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, top, width, height));
      cairo_translate (cr, 0., top);
      render_chart (self, cr, width, height);
      cairo_destroy (cr);
    }

  if (self->header != NULL)
    gtk_widget_snapshot_child (widget, self->header, snapshot);
  if (self->menu_button != NULL)
    gtk_widget_snapshot_child (widget, self->menu_button, snapshot);
}

static void
pl_chart_widget_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  PlChartWidget *self = PL_CHART_WIDGET (widget);

  GTK_WIDGET_CLASS (pl_chart_widget_parent_class)->css_changed (widget, change);

  pl_chart_widget_lookup_palette (widget, &self->palette);
  gtk_widget_queue_draw (widget);
}

static void
pl_chart_widget_dispose (GObject *object)
{
  PlChartWidget *self = PL_CHART_WIDGET (object);

  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
      g_clear_object (&self->file_chooser);
    }
  if (self->context_menu != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->context_menu));
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  g_clear_pointer (&self->menu_button, gtk_widget_unparent);
  g_clear_pointer (&self->header, gtk_widget_unparent);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (pl_chart_widget_parent_class)->dispose (object);
}

static void
pl_chart_widget_finalize (GObject *object)
{
  PlChartWidget *self = PL_CHART_WIDGET (object);

  free_chart_data (self);

  G_OBJECT_CLASS (pl_chart_widget_parent_class)->finalize (object);
}

static void
pl_chart_widget_class_init (PlChartWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_chart_widget_dispose;
  object_class->finalize = pl_chart_widget_finalize;

  widget_class->get_request_mode = pl_chart_widget_get_request_mode;
  widget_class->measure = pl_chart_widget_measure;
  widget_class->size_allocate = pl_chart_widget_size_allocate;
  widget_class->snapshot = pl_chart_widget_snapshot;
  widget_class->css_changed = pl_chart_widget_css_changed;

  gtk_widget_class_set_css_name (widget_class, "plchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  gtk_widget_class_install_action (widget_class, "chart.save-as", "s", save_as_action);
  gtk_widget_class_install_action (widget_class, "chart.show-menu", NULL, show_menu_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                       "chart.show-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "chart.show-menu", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, 0, move_highlight_cb, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Left, 0, move_highlight_cb, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, 0, move_highlight_cb, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Right, 0, move_highlight_cb, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, clear_highlight_cb, NULL);
}

static void
pl_chart_widget_init (PlChartWidget *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkEventController *motion;
  GtkGesture *click;
  GtkGesture *long_press;

  pl_chart_palette_init_light (&self->palette);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  g_menu_append (menu, _("Save as PNG…"), "chart.save-as::png");
  g_menu_append (menu, _("Save as SVG…"), "chart.save-as::svg");
  g_menu_append (menu, _("Save as PDF…"), "chart.save-as::pdf");
  self->menu = G_MENU_MODEL (g_object_ref (menu));
  self->context_menu = gtk_popover_menu_new_from_model (self->menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (secondary_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  long_press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (long_press));

  pl_chart_widget_set_chart (self, NULL);
}

/* Public API */

PlChartWidget *
pl_chart_widget_new (void)
{
  return g_object_new (PL_TYPE_CHART_WIDGET, NULL);
}

static gpointer
copy_array (gconstpointer data,
            gsize         element_size,
            guint         n)
{
  return data != NULL ? g_memdup2 (data, element_size * MAX (n, 1)) : NULL;
}

static const char *
keep_string (PlChartWidget *self,
             const char    *text)
{
  char *copy;

  if (text == NULL)
    return NULL;

  copy = g_strdup (text);
  g_ptr_array_add (self->strings, copy);
  return copy;
}

/**
 * pl_chart_widget_set_chart:
 * @self: a #PlChartWidget
 * @chart: (nullable): the trend chart to show, copied with its arrays,
 *   signals, interventions and strings; %NULL for an empty chart
 */
void
pl_chart_widget_set_chart (PlChartWidget      *self,
                           const PlTrendChart *chart)
{
  PlTrendChart *trend = &self->chart.trend;

  g_return_if_fail (PL_IS_CHART_WIDGET (self));
  g_return_if_fail (chart == NULL || chart->n == 0
                    || (chart->days != NULL && chart->values != NULL));
  g_return_if_fail (chart == NULL || chart->n_signals == 0 || chart->signals != NULL);
  g_return_if_fail (chart == NULL || chart->n_interventions == 0 || chart->interventions != NULL);

  free_chart_data (self);
  self->strings = g_ptr_array_new_with_free_func (g_free);

  self->kind = PL_CHART_WIDGET_TREND;
  if (chart != NULL)
    *trend = *chart;
  else
    pl_trend_chart_init (trend);

  self->title = g_strdup (trend->title);
  self->series_label = g_strdup (trend->series_label);
  self->unit = g_strdup (trend->unit != NULL ? trend->unit : "");
  self->interval_label = g_strdup (trend->interval_label);
  self->days = copy_array (trend->days, sizeof (double), trend->n);
  self->values = copy_array (trend->values, sizeof (double), trend->n);
  self->lower = copy_array (trend->lower, sizeof (double), trend->n);
  self->upper = copy_array (trend->upper, sizeof (double), trend->n);
  self->ucls = copy_array (trend->ucls, sizeof (double), trend->n);
  self->lcls = copy_array (trend->lcls, sizeof (double), trend->n);
  self->sizes = copy_array (trend->sizes, sizeof (guint), trend->n);
  self->compare = copy_array (trend->compare, sizeof (double), trend->n);
  self->signals = copy_array (trend->signals, sizeof (PlTrendSignal), trend->n_signals);
  self->interventions = copy_array (trend->interventions, sizeof (PlTrendIntervention),
                                    trend->n_interventions);
  for (guint i = 0; self->signals != NULL && i < trend->n_signals; i++)
    self->signals[i].text = keep_string (self, self->signals[i].text);
  trend->compare_label = keep_string (self, trend->compare_label);
  for (guint i = 0; self->interventions != NULL && i < trend->n_interventions; i++)
    self->interventions[i].label = keep_string (self, self->interventions[i].label);

  trend->title = self->title;
  trend->series_label = self->series_label;
  trend->unit = self->unit;
  trend->interval_label = self->interval_label;
  trend->days = self->days;
  trend->values = self->values;
  trend->lower = self->lower;
  trend->upper = self->upper;
  trend->ucls = self->ucls;
  trend->lcls = self->lcls;
  trend->sizes = self->sizes;
  trend->compare = self->compare;
  trend->signals = self->signals;
  trend->interventions = self->interventions;

  chart_changed (self);
}

void
pl_chart_widget_set_trend_chart (PlChartWidget      *self,
                                 const PlTrendChart *chart)
{
  g_return_if_fail (PL_IS_CHART_WIDGET (self));
  g_return_if_fail (chart == NULL || chart->n == 0
                    || (chart->days != NULL && chart->values != NULL));

  if (chart == NULL)
    {
      pl_chart_widget_set_chart (self, NULL);
      return;
    }

  free_chart_data (self);
  self->kind = PL_CHART_WIDGET_TREND;
  self->chart.trend = *chart;
  chart_changed (self);
}

void
pl_chart_widget_set_bar_chart (PlChartWidget    *self,
                               const PlBarChart *chart)
{
  g_return_if_fail (PL_IS_CHART_WIDGET (self));
  g_return_if_fail (chart == NULL || chart->n_bars == 0 || chart->bars != NULL);

  if (chart == NULL)
    {
      pl_chart_widget_set_chart (self, NULL);
      return;
    }

  free_chart_data (self);
  self->kind = PL_CHART_WIDGET_BAR;
  self->chart.bar = *chart;
  chart_changed (self);
}

void
pl_chart_widget_set_distribution_chart (PlChartWidget             *self,
                                        const PlDistributionChart *chart)
{
  g_return_if_fail (PL_IS_CHART_WIDGET (self));

  if (chart == NULL)
    {
      pl_chart_widget_set_chart (self, NULL);
      return;
    }

  free_chart_data (self);
  self->kind = PL_CHART_WIDGET_DISTRIBUTION;
  self->chart.distribution = *chart;
  chart_changed (self);
}

void
pl_chart_widget_set_pareto_chart (PlChartWidget       *self,
                                  const PlParetoChart *chart)
{
  g_return_if_fail (PL_IS_CHART_WIDGET (self));

  if (chart == NULL)
    {
      pl_chart_widget_set_chart (self, NULL);
      return;
    }

  free_chart_data (self);
  self->kind = PL_CHART_WIDGET_PARETO;
  self->chart.pareto = *chart;
  chart_changed (self);
}

void
pl_chart_widget_set_heatmap_chart (PlChartWidget        *self,
                                   const PlHeatmapChart *chart)
{
  g_return_if_fail (PL_IS_CHART_WIDGET (self));

  if (chart == NULL)
    {
      pl_chart_widget_set_chart (self, NULL);
      return;
    }

  free_chart_data (self);
  self->kind = PL_CHART_WIDGET_HEATMAP;
  self->chart.heatmap = *chart;
  chart_changed (self);
}

PlChartWidgetKind
pl_chart_widget_get_kind (PlChartWidget *self)
{
  g_return_val_if_fail (PL_IS_CHART_WIDGET (self), PL_CHART_WIDGET_NONE);

  return self->kind;
}

/**
 * pl_chart_widget_dup_description:
 *
 * Returns: (transfer full): the text summary of the chart, also its accessible label
 */
char *
pl_chart_widget_dup_description (PlChartWidget *self)
{
  g_return_val_if_fail (PL_IS_CHART_WIDGET (self), NULL);

  return g_strdup (self->description);
}

int
pl_chart_widget_get_highlight (PlChartWidget *self)
{
  int *highlight;

  g_return_val_if_fail (PL_IS_CHART_WIDGET (self), -1);

  highlight = highlight_field (self);
  return highlight != NULL ? *highlight : -1;
}

/**
 * pl_chart_widget_set_highlight:
 * @highlight: the index of the item to read out, or -1 for none
 *
 * The read-out is drawn on the chart and is the widget's accessible
 * description while it shows.
 */
void
pl_chart_widget_set_highlight (PlChartWidget *self,
                               int            highlight)
{
  g_autofree char *readout = NULL;
  int *field;

  g_return_if_fail (PL_IS_CHART_WIDGET (self));

  field = highlight_field (self);
  if (field == NULL)
    return;
  if (highlight < 0 || (guint) highlight >= item_count (self))
    highlight = -1;
  if (*field == highlight)
    return;

  *field = highlight;
  readout = chart_readout (self, highlight);
  if (readout != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, readout,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
pl_chart_widget_highlight_at (PlChartWidget *self,
                              double         x,
                              double         y)
{
  int hit;

  g_return_val_if_fail (PL_IS_CHART_WIDGET (self), -1);

  hit = chart_hit_test (self, x, y);
  pl_chart_widget_set_highlight (self, hit);

  return pl_chart_widget_get_highlight (self);
}

/**
 * pl_chart_widget_dup_readout:
 *
 * Returns: (transfer full) (nullable): what the read-out of the
 *   highlighted item says, as plain text
 */
char *
pl_chart_widget_dup_readout (PlChartWidget *self)
{
  g_return_val_if_fail (PL_IS_CHART_WIDGET (self), NULL);

  return chart_readout (self, pl_chart_widget_get_highlight (self));
}

void
pl_chart_widget_set_show_menu_button (PlChartWidget *self,
                                      gboolean       show)
{
  g_return_if_fail (PL_IS_CHART_WIDGET (self));

  show = !!show;
  if (show == pl_chart_widget_get_show_menu_button (self))
    return;

  if (show && self->menu_button == NULL)
    {
      self->menu_button = gtk_menu_button_new ();
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "view-more-symbolic");
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), self->menu);
      gtk_widget_add_css_class (self->menu_button, "flat");
      gtk_widget_set_tooltip_text (self->menu_button, _("Save Chart"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Save Chart"),
                                      -1);
      gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));
    }
  else if (self->menu_button != NULL)
    gtk_widget_set_visible (self->menu_button, show);

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * pl_chart_widget_set_header:
 * @header: (nullable) (transfer none): a widget, such as the chart's
 *   title, to show in the row of the menu button, to its left; it must
 *   have no parent. %NULL removes the one there.
 *
 * So that the menu button does not take a row of its own above the chart.
 */
void
pl_chart_widget_set_header (PlChartWidget *self,
                            GtkWidget     *header)
{
  g_return_if_fail (PL_IS_CHART_WIDGET (self));
  g_return_if_fail (header == NULL || gtk_widget_get_parent (header) == NULL);

  g_clear_pointer (&self->header, gtk_widget_unparent);
  if (header != NULL)
    {
      self->header = header;
      gtk_widget_insert_after (header, GTK_WIDGET (self), NULL);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gboolean
pl_chart_widget_get_show_menu_button (PlChartWidget *self)
{
  g_return_val_if_fail (PL_IS_CHART_WIDGET (self), FALSE);

  return self->menu_button != NULL && gtk_widget_get_visible (self->menu_button);
}

/**
 * pl_chart_widget_save_to_file:
 *
 * Saves the chart as a PNG, SVG or PDF file, chosen by the extension of
 * @path, in the light style on white, as it goes into documents.
 */
gboolean
pl_chart_widget_save_to_file (PlChartWidget  *self,
                              const char     *path,
                              double          width,
                              double          height,
                              GError        **error)
{
  g_return_val_if_fail (PL_IS_CHART_WIDGET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return chart_save (self, path, width, height, error);
}

/**
 * pl_chart_widget_set_choose_file_func:
 * @func: (nullable): what "Save as …" asks for the file instead of a file
 *   chooser; %NULL to use the file chooser again
 *
 * For tests: the file @func returns is written as the menu would, at the
 * widget's size, with any error shown as the menu shows it.
 */
void
pl_chart_widget_set_choose_file_func (PlChartWidget              *self,
                                      PlChartWidgetChooseFileFunc func,
                                      gpointer                    user_data)
{
  g_return_if_fail (PL_IS_CHART_WIDGET (self));

  self->choose_file = func;
  self->choose_file_data = user_data;
}

/**
 * pl_chart_widget_lookup_palette:
 * @widget: a realized or unrealized widget whose style gives the colours
 * @palette: (out): the palette to fill
 *
 * Starts from the built-in light or dark palette and takes every colour the
 * theme names: window_fg_color, the accent colour and the success,
 * warning and error colours.
 */
void
pl_chart_widget_lookup_palette (GtkWidget      *widget,
                                PlChartPalette *palette)
{
  GtkStyleContext *context;
  PlColor color;
  gboolean dark;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (palette != NULL);

  dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  if (dark)
    pl_chart_palette_init_dark (palette);
  else
    pl_chart_palette_init_light (palette);

  context = gtk_widget_get_style_context (widget);

  if (lookup_color (context, "window_fg_color", &color))
    {
      palette->foreground = color;
      palette->grid = color;
      palette->grid.alpha = .1;
    }
  /* A line is foreground: the lighter accent reads better on a dark window. */
  if (lookup_color (context, dark ? "accent_color" : "accent_bg_color", &color)
      || lookup_color (context, "accent_bg_color", &color))
    palette->accent = color;
  /* The light style darkens success/warning/error_color for text on white;
   * bands and markers want the full tones of the *_bg_color variants. */
  if (lookup_color (context, dark ? "success_color" : "success_bg_color", &color)
      || lookup_color (context, "success_color", &color))
    {
      palette->success = color;
      palette->target = color;
    }
  if (lookup_color (context, dark ? "warning_color" : "warning_bg_color", &color)
      || lookup_color (context, "warning_color", &color))
    palette->warning = color;
  if (lookup_color (context, dark ? "error_color" : "error_bg_color", &color)
      || lookup_color (context, "error_color", &color))
    palette->error = color;
}
