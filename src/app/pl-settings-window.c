/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/pl-analysis.h"

#include "pl-settings-window.h"

struct _PlSettingsWindow
{
  AdwPreferencesWindow  parent_instance;

  PlWorkspace          *workspace;
  GtkSpinButton        *margin_spin;
  GtkSpinButton        *min_sample_spin;
  GtkLabel             *margin_note;
  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (PlSettingsWindow, pl_settings_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
report (PlSettingsWindow *self,
        const GError     *error)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
}

static void
save_setting (PlSettingsWindow *self,
              const char       *key,
              const char       *value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;

  if (self->loading || self->workspace == NULL)
    return;

  current = pl_workspace_get_setting (self->workspace, key);
  if (g_strcmp0 (current, value) == 0)
    return;

  if (!pl_workspace_set_setting (self->workspace, key, value, &error))
    {
      report (self, error);
      return;
    }
  pl_workspace_emit_changed (self->workspace, "settings");
}

static void
margin_changed_cb (PlSettingsWindow *self)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  double value = round (gtk_spin_button_get_value (self->margin_spin) * 10.) / 10.;

  gtk_widget_set_visible (GTK_WIDGET (self->margin_note), FALSE);
  save_setting (self, "analysis_margin", g_ascii_formatd (text, sizeof text, "%g", value));
}

static void
min_sample_changed_cb (PlSettingsWindow *self)
{
  g_autofree char *text = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->min_sample_spin));

  save_setting (self, "analysis_min_sample", text);
}

/* The stored values, or the defaults where there are none; a stored value
 * the analysis refuses shows as the default with a note, and is replaced
 * as soon as the user picks one. */
static void
load (PlSettingsWindow *self)
{
  g_autofree char *margin = pl_workspace_get_setting (self->workspace, "analysis_margin");
  g_autofree char *min_sample = pl_workspace_get_setting (self->workspace, "analysis_min_sample");
  double margin_value = PL_ANALYSIS_DEFAULT_MARGIN;
  guint64 min_value = PL_ANALYSIS_DEFAULT_MIN_SAMPLE;
  gboolean margin_bad = FALSE;

  if (margin != NULL)
    {
      char *end = NULL;
      double value = g_ascii_strtod (margin, &end);

      if (end != margin && *end == '\0' && value >= 0.1 && value <= 50)
        margin_value = value;
      else
        margin_bad = TRUE;
    }
  if (min_sample != NULL)
    g_ascii_string_to_unsigned (min_sample, 10, 1, 100000, &min_value, NULL);

  self->loading = TRUE;
  gtk_spin_button_set_value (self->margin_spin, margin_value);
  gtk_spin_button_set_value (self->min_sample_spin, (double) min_value);
  self->loading = FALSE;

  if (margin_bad)
    {
      g_autofree char *note =
        g_strdup_printf (_("The workspace held “%s”, which is not a margin the analysis can use; "
                           "choose one to replace it."), margin);

      gtk_label_set_label (self->margin_note, note);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->margin_note), margin_bad);
}

static GtkSpinButton *
add_spin_row (AdwPreferencesGroup *group,
              const char          *title,
              const char          *subtitle,
              double               lower,
              double               upper,
              double               step,
              guint                digits)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);

  return GTK_SPIN_BUTTON (spin);
}

static void
pl_settings_window_dispose (GObject *object)
{
  PlSettingsWindow *self = PL_SETTINGS_WINDOW (object);

  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_settings_window_parent_class)->dispose (object);
}

static void
pl_settings_window_class_init (PlSettingsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pl_settings_window_dispose;
}

static void
pl_settings_window_init (PlSettingsWindow *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  gtk_window_set_title (GTK_WINDOW (self), _("Workspace Settings"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 520);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);

  adw_preferences_page_set_title (page, _("Analysis"));
  adw_preferences_page_set_icon_name (page, "x-office-spreadsheet-symbolic");
  adw_preferences_group_set_title (group, _("Judging a Sample"));
  adw_preferences_group_set_description (group,
                                         _("How every KPI figure is judged before anyone reads too much into it. "
                                           "The figures themselves do not change."));

  self->margin_spin =
    add_spin_row (group, _("Margin of error"),
                  _("A figure whose interval is wider than ± this many points per 100 of its KPI’s range is "
                    "flagged “insufficient sample”: ±5 means ±5 points for a percentage or the quality "
                    "score, ±10 for NPS and ±0.3 on a 1 to 7 scale."),
                  0.1, 50, 0.5, 1);
  self->margin_note = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->margin_note, TRUE);
  gtk_label_set_xalign (self->margin_note, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->margin_note), "warning");
  gtk_widget_set_margin_top (GTK_WIDGET (self->margin_note), 6);
  gtk_widget_set_visible (GTK_WIDGET (self->margin_note), FALSE);
  adw_preferences_group_add (group, GTK_WIDGET (self->margin_note));

  self->min_sample_spin =
    add_spin_row (group, _("Smallest sample"),
                  _("A figure from fewer records is flagged as a small sample, and a colleague with fewer "
                    "observations is never ranked without that warning."),
                  1, 100000, 1, 0);

  adw_preferences_page_add (page, group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);

  g_signal_connect_swapped (self->margin_spin, "value-changed", G_CALLBACK (margin_changed_cb), self);
  g_signal_connect_swapped (self->min_sample_spin, "value-changed", G_CALLBACK (min_sample_changed_cb), self);
}

GtkWidget *
pl_settings_window_new (GtkWindow   *parent,
                        PlWorkspace *workspace)
{
  PlSettingsWindow *self;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (PL_TYPE_SETTINGS_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->workspace = g_object_ref (workspace);
  load (self);

  return GTK_WIDGET (self);
}

PlWorkspace *
pl_settings_window_get_workspace (PlSettingsWindow *self)
{
  g_return_val_if_fail (PL_IS_SETTINGS_WINDOW (self), NULL);

  return self->workspace;
}
