/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/pl-analysis.h"
#include "core/pl-error.h"
#include "core/pl-kpi.h"

#include "pl-settings-window.h"
#include "pl-test-db.h"
#include "pl-test-utils.h"

static guint changed;

static void
changed_cb (PlWorkspace *workspace,
            const char  *table,
            gpointer     user_data)
{
  changed++;
}

/* The spin button of the row titled @title. */
static GtkSpinButton *
find_spin (GtkWidget  *widget,
           const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return GTK_SPIN_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkSpinButton *spin = find_spin (child, title);

      if (spin != NULL)
        return spin;
    }

  return NULL;
}

/* The text of a visible label styled as a warning, or NULL. */
static const char *
warning_text (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "warning"))
    return gtk_label_get_text (GTK_LABEL (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = warning_text (child);

      if (text != NULL)
        return text;
    }

  return NULL;
}

static void
screenshots (GtkWidget  *window,
             const char *name)
{
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *file = g_strdup_printf ("settings-%s-%s-wide", name, dark ? "dark" : "light");

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      pl_test_wait (300);
      pl_test_screenshot (window, file);
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* Defaults shown for a new workspace; each change saved at once, and the
 * analysis reads it back. */
static void
test_defaults_and_saving (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), "settings.plumbline", NULL);
  g_autoptr(PlWorkspace) workspace = pl_workspace_create (path, "Settings Ltd", &error);
  GtkWidget *window;
  GtkSpinButton *margin, *min_sample;
  g_autofree char *margin_text = NULL;
  g_autofree char *min_text = NULL;
  gulong handler;

  g_assert_no_error (error);
  window = pl_settings_window_new (NULL, workspace);
  pl_test_present (GTK_WINDOW (window));
  margin = find_spin (window, "Margin of error");
  min_sample = find_spin (window, "Smallest sample");
  g_assert_nonnull (margin);
  g_assert_nonnull (min_sample);

  g_assert_cmpfloat (gtk_spin_button_get_value (margin), ==, PL_ANALYSIS_DEFAULT_MARGIN);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (min_sample), ==, PL_ANALYSIS_DEFAULT_MIN_SAMPLE);
  /* Opening writes nothing. */
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM settings WHERE key LIKE 'analysis_%'"), ==, 0);
  screenshots (window, "analysis");

  handler = g_signal_connect (workspace, "changed::settings", G_CALLBACK (changed_cb), NULL);
  changed = 0;
  gtk_spin_button_set_value (margin, 3.5);
  gtk_spin_button_set_value (min_sample, 25);
  g_signal_handler_disconnect (workspace, handler);
  g_assert_cmpuint (changed, ==, 2);

  margin_text = pl_test_query_text (workspace, "SELECT value FROM settings WHERE key = 'analysis_margin'");
  min_text = pl_test_query_text (workspace, "SELECT value FROM settings WHERE key = 'analysis_min_sample'");
  g_assert_cmpstr (margin_text, ==, "3.5");
  g_assert_cmpstr (min_text, ==, "25");

  /* Out of range is clamped by the control, never stored. */
  gtk_spin_button_set_value (margin, 500);
  g_clear_pointer (&margin_text, g_free);
  margin_text = pl_test_query_text (workspace, "SELECT value FROM settings WHERE key = 'analysis_margin'");
  g_assert_cmpstr (margin_text, ==, "50");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A value the analysis refuses (typed into the file by hand) shows as the
 * default with a note; choosing a value replaces it and the analysis
 * works again. */
static void
test_bad_value (void)
{
  g_autoptr(PlWorkspace) demo = pl_test_make_demo (pl_test_tmp_dir ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) kpis = NULL;
  g_autoptr(PlKpi) kpi = NULL;
  g_autoptr(PlKpiAnalysis) analysis = NULL;
  PlAnalysisOptions options;
  GtkWidget *window;
  GtkSpinButton *margin;

  pl_test_exec (demo, "INSERT OR REPLACE INTO settings (key, value) VALUES ('analysis_margin', '-3')");
  kpis = pl_kpi_list (demo, FALSE, &error);
  g_assert_no_error (error);
  kpi = g_list_model_get_item (kpis, 0);
  pl_analysis_options_init (&options);
  analysis = pl_analysis_kpi (demo, kpi, &options, &error);
  g_assert_null (analysis);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Workspace Settings"));
  g_clear_error (&error);

  window = pl_settings_window_new (NULL, demo);
  pl_test_present (GTK_WINDOW (window));
  margin = find_spin (window, "Margin of error");
  g_assert_cmpfloat (gtk_spin_button_get_value (margin), ==, PL_ANALYSIS_DEFAULT_MARGIN);
  g_assert_nonnull (warning_text (window));
  g_assert_nonnull (strstr (warning_text (window), "“-3”"));
  screenshots (window, "bad-value");

  gtk_spin_button_set_value (margin, 7);
  g_assert_null (warning_text (window));
  analysis = pl_analysis_kpi (demo, kpi, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  g_assert_cmpint (pl_test_query_int (demo, "SELECT value = '7' FROM settings WHERE key = 'analysis_margin'"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  pl_test_init (&argc, &argv);

  g_test_add_func ("/app/settings/defaults-and-saving", test_defaults_and_saving);
  g_test_add_func ("/app/settings/bad-value", test_bad_value);

  return g_test_run ();
}
