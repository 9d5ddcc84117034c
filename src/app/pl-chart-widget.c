/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pl-chart-widget.h"

/* The size a saved chart gets: a slide or a page of a report. */
#define SAVE_WIDTH  1000.
#define SAVE_HEIGHT 560.

struct _PlChartWidget
{
  GtkWidget             parent_instance;

  GtkWidget            *context_menu;
  GtkFileChooserNative *file_chooser;

  /* The chart with its own copies of the arrays and strings below. */
  PlTrendChart          chart;
  char                 *title;
  char                 *series_label;
  char                 *unit;
  double               *days;
  double               *values;
  char                 *description;

  PlChartPalette        palette;
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
  g_clear_pointer (&self->days, g_free);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->description, g_free);
}

static gboolean
has_values (PlChartWidget *self)
{
  for (guint i = 0; i < self->chart.n; i++)
    if (isfinite (self->values[i]))
      return TRUE;

  return FALSE;
}

static int
hit_test (PlChartWidget *self,
          double         x,
          double         y)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  int hit;

  /* Text is measured without hinting, so any context gives the geometry drawn. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  hit = pl_trend_chart_hit_test (&self->chart, cr, gtk_widget_get_width (GTK_WIDGET (self)),
                                 gtk_widget_get_height (GTK_WIDGET (self)), x, y);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return hit;
}

static void
show_error (PlChartWidget *self,
            const char    *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Could Not Save the Chart"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
file_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          PlChartWidget   *self)
{
  const char *format = g_object_get_data (G_OBJECT (dialog), "format");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *suffix = NULL;

  g_assert (PL_IS_CHART_WIDGET (self));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    {
      path = g_file_get_path (file);
      suffix = g_strconcat (".", format, NULL);

      if (path == NULL)
        show_error (self, _("The chart can only be saved in a folder on this computer. "
                            "Choose another folder and try again."));
      else
        {
          g_autofree char *lower = g_ascii_strdown (path, -1);

          /* Keep what the user typed, and make the name say what the file is. */
          if (!g_str_has_suffix (lower, suffix))
            {
              char *with_suffix = g_strconcat (path, suffix, NULL);

              g_free (path);
              path = with_suffix;
            }

          if (!pl_chart_widget_save_to_file (self, path, SAVE_WIDTH, SAVE_HEIGHT, &error))
            show_error (self, error->message);
        }
    }

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

  name = g_strdup_printf ("%s.%s",
                          self->series_label != NULL ? self->series_label
                          : self->title != NULL      ? self->title
                                                     : _("Chart"),
                          format);
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->file_chooser), name);

  g_object_set_data_full (G_OBJECT (self->file_chooser), "format", g_strdup (format), g_free);
  g_signal_connect_object (self->file_chooser, "response", G_CALLBACK (file_chooser_response_cb),
                           self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

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
  PlChartRect area = { 0, };
  cairo_surface_t *surface;
  cairo_t *cr;

  /* From the keyboard: at the hovered point, or the top-right of the plot. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  pl_trend_chart_get_plot_area (&self->chart, cr, gtk_widget_get_width (widget),
                                gtk_widget_get_height (widget), &area);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  if (self->chart.highlight >= 0)
    popup_menu_at (self,
                   pl_trend_chart_day_to_x (&self->chart, &area,
                                            self->days[self->chart.highlight]),
                   area.y + area.height / 2.);
  else
    popup_menu_at (self, area.x + area.width - 8., area.y + 8.);
}

static gboolean
move_highlight_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  PlChartWidget *self = PL_CHART_WIDGET (widget);
  int step = g_variant_get_int32 (args);
  int i = self->chart.highlight;

  if (!has_values (self))
    return FALSE;

  /* Step to the next period that has a value, starting from an end. */
  if (i < 0)
    i = step > 0 ? -1 : (int) self->chart.n;
  do
    i += step;
  while (i >= 0 && i < (int) self->chart.n && !isfinite (self->values[i]));

  if (i >= 0 && i < (int) self->chart.n)
    pl_chart_widget_set_highlight (self, i);

  return TRUE;
}

static gboolean
clear_highlight_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  PlChartWidget *self = PL_CHART_WIDGET (widget);

  if (self->chart.highlight < 0)
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
  pl_chart_widget_set_highlight (self, hit_test (self, x, y));
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

static void
pl_chart_widget_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 300;
      *natural = 640;
    }
  else
    {
      *minimum = 220;
      *natural = 320;
    }
}

static void
pl_chart_widget_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  PlChartWidget *self = PL_CHART_WIDGET (widget);

  gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static void
pl_chart_widget_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  PlChartWidget *self = PL_CHART_WIDGET (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pl_trend_chart_render (&self->chart, &self->palette, cr, width, height);
  cairo_destroy (cr);
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

  pl_trend_chart_init (&self->chart);
  pl_chart_palette_init_light (&self->palette);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  g_menu_append (menu, _("Save as PNG…"), "chart.save-as::png");
  g_menu_append (menu, _("Save as SVG…"), "chart.save-as::svg");
  g_menu_append (menu, _("Save as PDF…"), "chart.save-as::pdf");
  self->context_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
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

PlChartWidget *
pl_chart_widget_new (void)
{
  return g_object_new (PL_TYPE_CHART_WIDGET, NULL);
}

/**
 * pl_chart_widget_set_chart:
 * @self: a #PlChartWidget
 * @chart: (nullable): the chart to show, copied; %NULL for an empty chart
 */
void
pl_chart_widget_set_chart (PlChartWidget      *self,
                           const PlTrendChart *chart)
{
  g_return_if_fail (PL_IS_CHART_WIDGET (self));
  g_return_if_fail (chart == NULL || chart->n == 0
                    || (chart->days != NULL && chart->values != NULL));

  free_chart_data (self);

  if (chart != NULL)
    self->chart = *chart;
  else
    pl_trend_chart_init (&self->chart);

  self->title = g_strdup (self->chart.title);
  self->series_label = g_strdup (self->chart.series_label);
  self->unit = g_strdup (self->chart.unit != NULL ? self->chart.unit : "");
  self->days = g_memdup2 (self->chart.days, sizeof (double) * self->chart.n);
  self->values = g_memdup2 (self->chart.values, sizeof (double) * self->chart.n);

  self->chart.title = self->title;
  self->chart.series_label = self->series_label;
  self->chart.unit = self->unit;
  self->chart.days = self->days;
  self->chart.values = self->values;
  self->chart.highlight = -1;

  self->description = pl_trend_chart_describe (&self->chart);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->description,
                                  -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.save-as", has_values (self));

  gtk_widget_queue_draw (GTK_WIDGET (self));
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
  g_return_val_if_fail (PL_IS_CHART_WIDGET (self), -1);

  return self->chart.highlight;
}

/**
 * pl_chart_widget_set_highlight:
 * @highlight: the index of the point to read out, or -1 for none
 */
void
pl_chart_widget_set_highlight (PlChartWidget *self,
                               int            highlight)
{
  g_return_if_fail (PL_IS_CHART_WIDGET (self));

  if (highlight < 0 || (guint) highlight >= self->chart.n)
    highlight = -1;

  if (self->chart.highlight == highlight)
    return;

  self->chart.highlight = highlight;
  gtk_widget_queue_draw (GTK_WIDGET (self));
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

  return pl_trend_chart_save (&self->chart, NULL, path, width, height, error);
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
