/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/pl-demo.h"
#include "core/pl-error.h"
#include "core/pl-export.h"
#include "core/pl-util.h"

#include "pl-import-assistant.h"
#include "pl-kpi-wizard.h"
#include "pl-kpis-page.h"
#include "pl-notices-page.h"
#include "pl-offer-page.h"
#include "pl-overview-page.h"
#include "pl-responses-page.h"
#include "pl-reviews-page.h"
#include "pl-sampling-page.h"
#include "pl-standards-page.h"
#include "pl-themes-page.h"
#include "pl-validate-page.h"
#include "pl-window.h"
#include "pl-settings-window.h"
#include "pl-surveys-page.h"
#include "pl-metrics-page.h"
#include "pl-feedback-page.h"
#include "pl-comments-page.h"
#include "pl-complaints-page.h"
#include "pl-calibration-page.h"
#include "pl-observations-page.h"
#include "pl-scorecards-page.h"
#include "pl-findings-page.h"
#include "pl-colleagues-page.h"
#include "pl-kpi-analysis-page.h"

/* The contract between the window and its pages.
 *
 * Each page (PlOverviewPage, PlKpisPage, PlResponsesPage, PlValidatePage) is an AdwBin
 * subclass with a read-write "workspace" property (a PlWorkspace, may be
 * NULL) and a setter pl_<page>_set_workspace (Pl<Page> *, PlWorkspace *).
 * A page refreshes itself from the workspace's "changed" signal; the
 * window only hands it the workspace that is open, or NULL when it closes,
 * and pages must let go of it then (the workspace file stays locked while
 * anything holds a reference).
 *
 * The window shows the pages in a GtkStack as "overview", "kpis",
 * "responses" and "validate", and provides these actions to them:
 *   win.show-page (s)      show the page with that name
 *   win.show-kpi (x)       show a KPI on the KPI Analysis page
 *   win.add-kpi            the KPI wizard for a new KPI:
 *                          pl_kpi_wizard_new (GtkWindow *parent, PlWorkspace *,
 *                                             PlKpi *kpi_or_NULL), presented
 *                          by the caller
 *   win.import             the import assistant for a CSV file the user
 *                          chooses (dropping a file on the window opens it
 *                          on that file)
 *   win.export             export the workspace to an Excel workbook
 *   win.close-workspace    back to the welcome view
 * Nothing else is needed from a page. */

struct _PlWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  GtkWidget *welcome_buttons;
  GtkWidget *demo_progress;
  GtkSpinner *demo_spinner;
  AdwPreferencesGroup *recent_group;
  GtkListBox *recent_list;
  AdwLeaflet *leaflet;
  AdwWindowTitle *workspace_title;
  AdwWindowTitle *page_title;
  GtkListBox *sidebar_list;
  GtkListBoxRow *overview_row;
  GtkListBoxRow *kpis_row;
  GtkListBoxRow *responses_row;
  GtkListBoxRow *import_row;
  GtkListBoxRow *validate_row;
  GtkListBoxRow *export_row;
  GtkStack *content_stack;
  PlOverviewPage *overview_page;
  PlKpisPage *kpis_page;
  PlResponsesPage *responses_page;
  PlSamplingPage *sampling_page;
  PlNoticesPage *notices_page;
  PlReviewsPage *reviews_page;
  PlOfferPage *offer_page;
  PlStandardsPage *standards_page;
  PlThemesPage *themes_page;
  PlSurveysPage *surveys_page;
  PlMetricsPage *metrics_page;
  PlFeedbackPage *feedback_page;
  PlCommentsPage *comments_page;
  PlComplaintsPage *complaints_page;
  PlCalibrationPage *calibration_page;
  PlObservationsPage *observations_page;
  PlScorecardsPage *scorecards_page;
  PlFindingsPage *findings_page;
  PlColleaguesPage *colleagues_page;
  PlKpiAnalysisPage *kpi_analysis_page;
  PlValidatePage *validate_page;
  GtkWidget *drop_overlay;
  GtkRevealer *drop_revealer;
  GtkImage *drop_icon;
  GtkLabel *drop_title;
  GtkLabel *drop_description;
  GtkDropTarget *drop_target;

  PlWorkspace *workspace;
  GtkWidget *import_assistant;   /* weak: the assistant on show, if any */
  GCancellable *demo_cancellable;
  GCancellable *export_cancellable;
  gboolean settings_applied;
};

G_DEFINE_FINAL_TYPE (PlWindow, pl_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GSettings *
get_settings (PlWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!PL_IS_APPLICATION (app))
    return NULL;

  return pl_application_get_settings (PL_APPLICATION (app));
}

static void
set_action_enabled (PlWindow   *self,
                    const char *name,
                    gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_actions (PlWindow *self)
{
  gboolean has_workspace = self->workspace != NULL;
  gboolean creating_demo = self->demo_cancellable != NULL;
  gboolean exporting = self->export_cancellable != NULL;

  set_action_enabled (self, "show-page", has_workspace);
  set_action_enabled (self, "show-kpi", has_workspace);
  set_action_enabled (self, "show-sidebar", has_workspace);
  set_action_enabled (self, "add-kpi", has_workspace);
  set_action_enabled (self, "import", has_workspace);
  set_action_enabled (self, "export", has_workspace && !exporting);
  set_action_enabled (self, "close-workspace", has_workspace);
  set_action_enabled (self, "workspace-settings", has_workspace);
  set_action_enabled (self, "cancel-demo", creating_demo);
}

static void
update_titles (PlWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *window_title = NULL;

  if (self->workspace == NULL)
    {
      adw_window_title_set_title (self->workspace_title, "");
      adw_window_title_set_subtitle (self->workspace_title, "");
      gtk_window_set_title (GTK_WINDOW (self), _("Plumbline"));
      return;
    }

  title = pl_workspace_dup_title (self->workspace);
  basename = g_path_get_basename (pl_workspace_get_path (self->workspace));
  adw_window_title_set_title (self->workspace_title, title);
  adw_window_title_set_subtitle (self->workspace_title, basename);

  /* Translators: the window title: the organisation, then the program */
  window_title = g_strdup_printf (_("%s – Plumbline"), title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static void
update_page_title (PlWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->content_stack);
  GtkStackPage *page;

  if (child == NULL)
    return;

  page = gtk_stack_get_page (self->content_stack, child);
  adw_window_title_set_title (self->page_title, gtk_stack_page_get_title (page));
}

static void
rebuild_recent (PlWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_auto(GStrv) recent = NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  if (PL_IS_APPLICATION (app))
    recent = pl_application_dup_recent (PL_APPLICATION (app));

  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    {
      g_autofree char *basename = g_path_get_basename (recent[i]);
      g_autofree char *folder = g_path_get_dirname (recent[i]);
      g_autofree char *name = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      /* The suffix says nothing the name does not. */
      if (g_str_has_suffix (basename, PL_WORKSPACE_SUFFIX) &&
          strlen (basename) > strlen (PL_WORKSPACE_SUFFIX))
        name = g_strndup (basename, strlen (basename) - strlen (PL_WORKSPACE_SUFFIX));
      else
        name = g_strdup (basename);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      gtk_widget_set_tooltip_text (row, recent[i]);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "app.open-recent");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row),
                                              g_variant_new_string (recent[i]));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (arrow),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open"),
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_append (self->recent_list, row);
      n++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), n > 0);
}

static void
recent_changed_cb (PlWindow   *self,
                   const char *key,
                   GSettings  *settings)
{
  rebuild_recent (self);
}

static const char *
section_for_row (GtkListBoxRow *row)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));

  if (g_str_equal (name, "overview"))
    return NULL;
  if (g_str_equal (name, "reviews") || g_str_equal (name, "offer") ||
      g_str_equal (name, "standards") || g_str_equal (name, "kpis") ||
      g_str_equal (name, "sampling") || g_str_equal (name, "notices"))
    return _("Plan");
  if (g_str_equal (name, "responses") ||
      g_str_equal (name, "surveys") ||
      g_str_equal (name, "metrics") ||
      g_str_equal (name, "feedback") ||
      g_str_equal (name, "comments") ||
      g_str_equal (name, "complaints") || g_str_equal (name, "scorecards") ||
      g_str_equal (name, "observations") || g_str_equal (name, "calibration") ||
      g_str_equal (name, "import"))
    return _("Collect");
  if (g_str_equal (name, "validate") || g_str_equal (name, "kpi-analysis") ||
      g_str_equal (name, "colleagues") || g_str_equal (name, "themes") ||
      g_str_equal (name, "findings"))
    return _("Evaluate");
  if (g_str_equal (name, "export"))
    return _("Report");

  return NULL;
}

static void
sidebar_header_func (GtkListBoxRow *row,
                     GtkListBoxRow *before,
                     gpointer       user_data)
{
  const char *section = section_for_row (row);
  GtkWidget *label;

  if (section == NULL ||
      (before != NULL && g_strcmp0 (section, section_for_row (before)) == 0))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  label = gtk_label_new (section);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "sidebar-section");
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, section,
                                  -1);
  gtk_list_box_row_set_header (row, label);
}

static void
sidebar_row_selected_cb (PlWindow      *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list)
{
  if (row == NULL)
    return;

  gtk_stack_set_visible_child_name (self->content_stack, gtk_widget_get_name (GTK_WIDGET (row)));
  update_page_title (self);
}

static void
sidebar_row_activated_cb (PlWindow      *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  if (row == self->export_row)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.export", NULL);
      return;
    }

  if (row == self->import_row)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.import", NULL);
      return;
    }

  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
workspace_changed_cb (PlWindow    *self,
                      const char  *table,
                      PlWorkspace *workspace)
{
  if (g_strcmp0 (table, "organisation") == 0)
    update_titles (self);
}

static void
show_page_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  pl_window_show_page (PL_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

static void
show_kpi_action_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PlWindow *self = PL_WINDOW (user_data);

  pl_kpi_analysis_page_show_kpi (self->kpi_analysis_page, g_variant_get_int64 (parameter));
  pl_window_show_page (self, "kpi-analysis");
}

static void
show_sidebar_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  PlWindow *self = PL_WINDOW (user_data);

  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
}

static void
add_kpi_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PlWindow *self = PL_WINDOW (user_data);
  GtkWidget *wizard;

  g_return_if_fail (self->workspace != NULL);

  wizard = pl_kpi_wizard_new (GTK_WINDOW (self), self->workspace, NULL);
  gtk_window_present (GTK_WINDOW (wizard));
}

/* Opens the import assistant on @file (or on a file it asks for), unless
 * one is open already: then that one comes to the front. */
static gboolean
open_import_assistant (PlWindow *self,
                       GFile    *file)
{
  g_return_val_if_fail (self->workspace != NULL, FALSE);

  if (self->import_assistant != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->import_assistant));
      if (file != NULL)
        pl_window_add_toast (self, adw_toast_new (_("Finish the import that is open first, "
                                                    "then drop the file again")));
      return FALSE;
    }

  self->import_assistant = pl_import_assistant_new (GTK_WINDOW (self), self->workspace, file);
  g_object_add_weak_pointer (G_OBJECT (self->import_assistant),
                             (gpointer *) &self->import_assistant);
  gtk_window_present (GTK_WINDOW (self->import_assistant));

  return TRUE;
}

static void
import_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PlWindow *self = PL_WINDOW (user_data);

  if (self->workspace == NULL)
    return;

  open_import_assistant (self, NULL);
}

static gboolean
is_importable (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = NULL;

  if (name == NULL)
    return FALSE;

  lower = g_utf8_strdown (name, -1);
  return g_str_has_suffix (lower, ".csv") ||
         g_str_has_suffix (lower, ".tsv") ||
         g_str_has_suffix (lower, ".txt");
}

static void
set_drop_highlight (PlWindow *self,
                    gboolean  highlight)
{
  if (highlight)
    {
      if (self->workspace != NULL)
        {
          gtk_image_set_from_icon_name (self->drop_icon, "x-office-spreadsheet-symbolic");
          gtk_widget_add_css_class (GTK_WIDGET (self->drop_icon), "accent");
          gtk_label_set_text (self->drop_title, _("Drop to Import"));
          gtk_label_set_text (self->drop_description,
                              _("A CSV export from a survey tool, phone system or helpdesk. "
                                "You will see what it holds before anything is added."));
        }
      else
        {
          gtk_image_set_from_icon_name (self->drop_icon, "action-unavailable-symbolic");
          gtk_widget_remove_css_class (GTK_WIDGET (self->drop_icon), "accent");
          gtk_label_set_text (self->drop_title, _("Open a Workspace First"));
          gtk_label_set_text (self->drop_description,
                              _("Files are imported into a workspace: open or create one, "
                                "then drop the file again."));
        }
      gtk_widget_set_visible (GTK_WIDGET (self->drop_revealer), TRUE);
    }

  gtk_revealer_set_reveal_child (self->drop_revealer, highlight);
}

static void
drop_revealer_child_revealed_cb (PlWindow    *self,
                                 GParamSpec  *pspec,
                                 GtkRevealer *revealer)
{
  /* Hidden once faded out, so that it takes no part in the layout. */
  if (!gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
}

static GdkDragAction
drop_enter_cb (PlWindow      *self,
               double         x,
               double         y,
               GtkDropTarget *target)
{
  set_drop_highlight (self, TRUE);
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (PlWindow      *self,
               GtkDropTarget *target)
{
  set_drop_highlight (self, FALSE);
}

static gboolean
drop_cb (PlWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  g_autoptr(GSList) files = NULL;
  GFile *chosen = NULL;
  guint n_files = 0;

  set_drop_highlight (self, FALSE);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = gdk_file_list_get_files (g_value_get_boxed (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE) && g_value_get_object (value) != NULL)
    files = g_slist_prepend (NULL, g_value_get_object (value));

  if (files == NULL)
    return FALSE;

  if (self->workspace == NULL)
    {
      pl_window_add_toast (self, adw_toast_new (_("Open or create a workspace first, "
                                                  "then drop the file again")));
      return FALSE;
    }

  for (GSList *l = files; l != NULL; l = l->next)
    {
      n_files++;
      if (chosen == NULL && is_importable (l->data))
        chosen = l->data;
    }

  if (chosen == NULL)
    {
      g_autofree char *name = g_file_get_basename (files->data);

      pl_window_add_toast (self,
                           adw_toast_new_format (_("“%s” is not a CSV file: Plumbline imports "
                                                   "files ending in .csv, .tsv or .txt"),
                                                 name));
      return FALSE;
    }

  if (!open_import_assistant (self, chosen))
    return FALSE;

  if (n_files > 1)
    {
      g_autofree char *name = g_file_get_basename (chosen);

      pl_window_add_toast (self,
                           adw_toast_new_format (_("Importing “%s”: drop the other files "
                                                   "one at a time afterwards"),
                                                 name));
    }

  return TRUE;
}

static void
close_workspace_action_cb (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  pl_window_close_workspace (PL_WINDOW (user_data));
}

static void
open_file_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PlWindow *self = PL_WINDOW (user_data);

  gtk_show_uri (GTK_WINDOW (self), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PlWorkspace *workspace = g_object_get_data (G_OBJECT (task), "workspace");
  const char *path = task_data;
  g_autoptr(GError) error = NULL;

  if (!pl_export_xlsx (workspace, path, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PlWindow *self = PL_WINDOW (object);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->export_cancellable);
  update_actions (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *body = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      body = g_strdup_printf (_("%s\n\nYour workspace has not been changed. Check that the "
                                "folder exists and that the file is not open in Excel, "
                                "then export again."),
                              error->message);
      pl_window_show_message (self, _("Could Not Export"), body);
    }
  else
    {
      g_autofree char *basename = g_path_get_basename (path);
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
      AdwToast *toast = adw_toast_new_format (_("Exported to “%s”"), basename);

      adw_toast_set_timeout (toast, 8);
      if (uri != NULL)
        {
          adw_toast_set_button_label (toast, _("_Open"));
          adw_toast_set_action_name (toast, "win.open-file");
          adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
        }
      pl_window_add_toast (self, toast);
    }
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  PlWindow *self = PL_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT && self->workspace != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        pl_window_export_to (self, path);
    }

  g_object_unref (dialog);
}

static char *
suggest_export_name (PlWindow *self)
{
  g_autofree char *title = pl_workspace_dup_title (self->workspace);
  g_autofree char *today = pl_today_iso ();
  g_autofree char *name = NULL;

  /* Translators: the suggested file name of an export: the organisation,
   * then today's date */
  name = g_strdup_printf (_("%s KPI scorecard %s.xlsx"), title, today);
  g_strdelimit (name, "/\\:", '-');
  return g_steal_pointer (&name);
}

static void
export_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PlWindow *self = PL_WINDOW (user_data);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  g_return_if_fail (self->workspace != NULL);

  dialog = gtk_file_chooser_native_new (_("Export to Excel"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);

  gtk_file_filter_set_name (filter, _("Excel workbooks"));
  gtk_file_filter_add_pattern (filter, "*.xlsx");
  gtk_file_filter_add_mime_type (filter,
                                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  name = suggest_export_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);

  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
cancel_demo_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  PlWindow *self = PL_WINDOW (user_data);

  if (self->demo_cancellable != NULL)
    g_cancellable_cancel (self->demo_cancellable);
}

static void
workspace_settings_action_cb (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  PlWindow *self = PL_WINDOW (user_data);

  if (self->workspace == NULL)
    return;

  gtk_window_present (GTK_WINDOW (pl_settings_window_new (GTK_WINDOW (self), self->workspace)));
}

static const GActionEntry win_actions[] = {
  { "show-page", show_page_action_cb, "s" },
  { "show-kpi", show_kpi_action_cb, "x" },
  { "show-sidebar", show_sidebar_action_cb },
  { "add-kpi", add_kpi_action_cb },
  { "import", import_action_cb },
  { "export", export_action_cb },
  { "close-workspace", close_workspace_action_cb },
  { "workspace-settings", workspace_settings_action_cb },
  { "open-file", open_file_action_cb, "s" },
  { "cancel-demo", cancel_demo_action_cb },
};

static void
remove_partial_demo (const char *partial)
{
  g_autofree char *wal = g_strconcat (partial, "-wal", NULL);
  g_autofree char *shm = g_strconcat (partial, "-shm", NULL);

  g_unlink (partial);
  g_unlink (wal);
  g_unlink (shm);
}

/* The demo is built under a temporary name and renamed when it is
 * complete, so that an interrupted first run never leaves a half-filled
 * demo behind to be opened next time. */
static void
create_demo_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const char *path = task_data;
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, PL_ERROR, PL_ERROR_IO,
                               _("Could not create the folder “%s”: %s"),
                               folder, g_strerror (saved_errno));
      return;
    }

  remove_partial_demo (partial);

  workspace = pl_demo_create (partial, PL_DEMO_DEFAULT_SEED, cancellable, &error);
  if (workspace == NULL)
    {
      remove_partial_demo (partial);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Closing checkpoints the journal into the file before it is renamed. */
  pl_workspace_close (workspace);
  g_clear_object (&workspace);

  if (g_rename (partial, path) != 0)
    {
      int saved_errno = errno;

      remove_partial_demo (partial);
      g_task_return_new_error (task, PL_ERROR, PL_ERROR_IO,
                               _("Could not save the demo workspace as “%s”: %s"),
                               path, g_strerror (saved_errno));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
set_creating_demo (PlWindow *self,
                   gboolean  creating)
{
  gtk_widget_set_visible (self->welcome_buttons, !creating);
  gtk_widget_set_visible (self->demo_progress, creating);
  gtk_spinner_set_spinning (self->demo_spinner, creating);
  gtk_widget_set_sensitive (GTK_WIDGET (self->recent_group), !creating);
}

static void
create_demo_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PlWindow *self = PL_WINDOW (object);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GtkApplication *app;

  g_clear_object (&self->demo_cancellable);
  set_creating_demo (self, FALSE);
  update_actions (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *body = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      body = g_strdup_printf (_("%s\n\nNone of your workspaces were changed. Try again, "
                                "or create a new workspace of your own."),
                              error->message);
      pl_window_show_message (self, _("Could Not Create the Demo Workspace"), body);
      return;
    }

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (PL_IS_APPLICATION (app))
    pl_application_open_path (PL_APPLICATION (app), GTK_WINDOW (self), path);
  else
    {
      if (!pl_window_open_workspace (self, path, &error))
        pl_window_show_open_error (self, path, error);
    }
}

static gboolean
pl_window_close_request (GtkWindow *window)
{
  PlWindow *self = PL_WINDOW (window);
  GSettings *settings = get_settings (self);

  if (settings != NULL)
    {
      int width, height;
      gboolean maximized = gtk_window_is_maximized (window);

      g_settings_set_boolean (settings, "window-maximized", maximized);
      if (!maximized && !gtk_window_is_fullscreen (window))
        {
          gtk_window_get_default_size (window, &width, &height);
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
    }

  if (self->demo_cancellable != NULL)
    g_cancellable_cancel (self->demo_cancellable);

  return GTK_WINDOW_CLASS (pl_window_parent_class)->close_request (window);
}

/* The import assistant and the Validate page came after the application's
 * table of accelerators; the window adds theirs unless the application
 * already has them. */
static void
ensure_accels (GtkApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "win.import", { "<Control>i", NULL } },
    { "win.show-page::validate", { "<Alt>4", NULL } },
    { "win.workspace-settings", { "<Control>comma", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    {
      g_auto(GStrv) existing = gtk_application_get_accels_for_action (app, accels[i].action);

      if (existing == NULL || existing[0] == NULL)
        gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);
    }
}

/* "application" is not a construct property: it is set after the window
 * is constructed, and only then are the settings to be had. */
static void
application_changed_cb (PlWindow   *self,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  GSettings *settings;

  if (gtk_window_get_application (GTK_WINDOW (self)) == NULL)
    return;

  ensure_accels (gtk_window_get_application (GTK_WINDOW (self)));

  settings = get_settings (self);
  if (settings != NULL && !self->settings_applied)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   MAX (360, g_settings_get_int (settings, "window-width")),
                                   MAX (360, g_settings_get_int (settings, "window-height")));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));

      g_signal_connect_object (settings, "changed::recent-workspaces",
                               G_CALLBACK (recent_changed_cb), self,
                               G_CONNECT_SWAPPED);
      self->settings_applied = TRUE;
    }

  rebuild_recent (self);
}

static void
pl_window_dispose (GObject *object)
{
  PlWindow *self = PL_WINDOW (object);

  if (self->demo_cancellable != NULL)
    g_cancellable_cancel (self->demo_cancellable);
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->demo_cancellable);
  g_clear_object (&self->export_cancellable);

  if (self->workspace != NULL)
    {
      pl_overview_page_set_workspace (self->overview_page, NULL);
      pl_kpis_page_set_workspace (self->kpis_page, NULL);
      pl_responses_page_set_workspace (self->responses_page, NULL);
      pl_sampling_page_set_workspace (self->sampling_page, NULL);
      pl_notices_page_set_workspace (self->notices_page, NULL);
      pl_reviews_page_set_workspace (self->reviews_page, NULL);
      pl_offer_page_set_workspace (self->offer_page, NULL);
      pl_standards_page_set_workspace (self->standards_page, NULL);
      pl_themes_page_set_workspace (self->themes_page, NULL);
      pl_surveys_page_set_workspace (self->surveys_page, NULL);
      pl_metrics_page_set_workspace (self->metrics_page, NULL);
      pl_feedback_page_set_workspace (self->feedback_page, NULL);
      pl_comments_page_set_workspace (self->comments_page, NULL);
      pl_complaints_page_set_workspace (self->complaints_page, NULL);
      pl_calibration_page_set_workspace (self->calibration_page, NULL);
      pl_observations_page_set_workspace (self->observations_page, NULL);
      pl_scorecards_page_set_workspace (self->scorecards_page, NULL);
      pl_findings_page_set_workspace (self->findings_page, NULL);
      pl_colleagues_page_set_workspace (self->colleagues_page, NULL);
      pl_kpi_analysis_page_set_workspace (self->kpi_analysis_page, NULL);
      pl_validate_page_set_workspace (self->validate_page, NULL);
    }
  g_clear_object (&self->workspace);

  if (self->import_assistant != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->import_assistant),
                                    (gpointer *) &self->import_assistant);
      self->import_assistant = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_WINDOW);

  G_OBJECT_CLASS (pl_window_parent_class)->dispose (object);
}

static void
pl_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PlWindow *self = PL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_window_class_init (PlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pl_window_dispose;
  object_class->get_property = pl_window_get_property;

  window_class->close_request = pl_window_close_request;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PL_TYPE_OVERVIEW_PAGE);
  g_type_ensure (PL_TYPE_KPIS_PAGE);
  g_type_ensure (PL_TYPE_RESPONSES_PAGE);
  g_type_ensure (PL_TYPE_SAMPLING_PAGE);
  g_type_ensure (PL_TYPE_NOTICES_PAGE);
  g_type_ensure (PL_TYPE_REVIEWS_PAGE);
  g_type_ensure (PL_TYPE_OFFER_PAGE);
  g_type_ensure (PL_TYPE_STANDARDS_PAGE);
  g_type_ensure (PL_TYPE_THEMES_PAGE);
  g_type_ensure (PL_TYPE_SURVEYS_PAGE);
  g_type_ensure (PL_TYPE_METRICS_PAGE);
  g_type_ensure (PL_TYPE_FEEDBACK_PAGE);
  g_type_ensure (PL_TYPE_COMMENTS_PAGE);
  g_type_ensure (PL_TYPE_COMPLAINTS_PAGE);
  g_type_ensure (PL_TYPE_CALIBRATION_PAGE);
  g_type_ensure (PL_TYPE_OBSERVATIONS_PAGE);
  g_type_ensure (PL_TYPE_SCORECARDS_PAGE);
  g_type_ensure (PL_TYPE_FINDINGS_PAGE);
  g_type_ensure (PL_TYPE_COLLEAGUES_PAGE);
  g_type_ensure (PL_TYPE_KPI_ANALYSIS_PAGE);
  g_type_ensure (PL_TYPE_VALIDATE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, welcome_buttons);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, demo_progress);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, demo_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, workspace_title);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, overview_row);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, kpis_row);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, responses_row);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, import_row);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, validate_row);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, export_row);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, kpis_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, responses_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, sampling_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, notices_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, reviews_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, offer_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, standards_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, themes_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, surveys_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, metrics_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, feedback_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, comments_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, complaints_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, calibration_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, observations_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, scorecards_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, findings_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, colleagues_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, kpi_analysis_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, validate_page);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, drop_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, drop_revealer);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, drop_icon);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, drop_title);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, drop_description);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
}

static void
pl_window_init (PlWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);

  gtk_list_box_set_header_func (self->sidebar_list, sidebar_header_func, NULL, NULL);

  /* Dropping a CSV export anywhere on the window starts an import. */
  self->drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (self->drop_target,
                              (GType[]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect_object (self->drop_target, "enter",
                           G_CALLBACK (drop_enter_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_target, "leave",
                           G_CALLBACK (drop_leave_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_target, "drop",
                           G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->drop_overlay, GTK_EVENT_CONTROLLER (self->drop_target));
  g_signal_connect_object (self->drop_revealer, "notify::child-revealed",
                           G_CALLBACK (drop_revealer_child_revealed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_list_box_select_row (self->sidebar_list, self->overview_row);
  update_page_title (self);
  update_actions (self);
}

/**
 * pl_window_new:
 *
 * Returns: (transfer none): a new main window of @application
 */
PlWindow *
pl_window_new (PlApplication *application)
{
  g_return_val_if_fail (application == NULL || PL_IS_APPLICATION (application), NULL);

  return g_object_new (PL_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * pl_window_open_workspace:
 * @path: the workspace file
 *
 * Opens @path and shows it. On failure the window is left as it was and
 * @error says why; pl_window_show_open_error() explains it to the user.
 */
gboolean
pl_window_open_workspace (PlWindow    *self,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(PlWorkspace) workspace = NULL;

  g_return_val_if_fail (PL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->workspace != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFile) current = g_file_new_for_path (pl_workspace_get_path (self->workspace));

      if (g_file_equal (file, current))
        {
          gtk_stack_set_visible_child_name (self->main_stack, "workspace");
          return TRUE;
        }
    }

  workspace = pl_workspace_open (path, error);
  if (workspace == NULL)
    return FALSE;

  pl_window_set_workspace (self, workspace);

  if (pl_workspace_get_backup_path (workspace) != NULL)
    {
      g_autofree char *backup = g_path_get_basename (pl_workspace_get_backup_path (workspace));
      AdwToast *toast =
        adw_toast_new_format (_("Workspace upgraded to this version of Plumbline; "
                                "the original was kept as “%s”"),
                              backup);

      adw_toast_set_timeout (toast, 0);
      pl_window_add_toast (self, toast);
    }

  return TRUE;
}

/**
 * pl_window_set_workspace:
 * @workspace: (nullable): an open workspace, or %NULL for the welcome view
 *
 * Shows @workspace in the window and remembers it as recent.
 */
void
pl_window_set_workspace (PlWindow    *self,
                         PlWorkspace *workspace)
{
  GtkApplication *app;
  g_autoptr(PlWorkspace) old = NULL;

  g_return_if_fail (PL_IS_WINDOW (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  old = g_steal_pointer (&self->workspace);
  if (old != NULL)
    {
      /* An import belongs to the workspace it was started in. */
      if (self->import_assistant != NULL)
        gtk_window_close (GTK_WINDOW (self->import_assistant));
      g_signal_handlers_disconnect_by_func (old, workspace_changed_cb, self);
      if (self->export_cancellable != NULL)
        g_cancellable_cancel (self->export_cancellable);
    }

  if (workspace != NULL)
    {
      self->workspace = g_object_ref (workspace);
      g_signal_connect_object (workspace, "changed",
                               G_CALLBACK (workspace_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  pl_overview_page_set_workspace (self->overview_page, workspace);
  pl_kpis_page_set_workspace (self->kpis_page, workspace);
  pl_responses_page_set_workspace (self->responses_page, workspace);
  pl_sampling_page_set_workspace (self->sampling_page, workspace);
  pl_notices_page_set_workspace (self->notices_page, workspace);
  pl_reviews_page_set_workspace (self->reviews_page, workspace);
  pl_offer_page_set_workspace (self->offer_page, workspace);
  pl_standards_page_set_workspace (self->standards_page, workspace);
  pl_themes_page_set_workspace (self->themes_page, workspace);
  pl_surveys_page_set_workspace (self->surveys_page, workspace);
  pl_metrics_page_set_workspace (self->metrics_page, workspace);
  pl_feedback_page_set_workspace (self->feedback_page, workspace);
  pl_comments_page_set_workspace (self->comments_page, workspace);
  pl_complaints_page_set_workspace (self->complaints_page, workspace);
  pl_calibration_page_set_workspace (self->calibration_page, workspace);
  pl_observations_page_set_workspace (self->observations_page, workspace);
  pl_scorecards_page_set_workspace (self->scorecards_page, workspace);
  pl_findings_page_set_workspace (self->findings_page, workspace);
  pl_colleagues_page_set_workspace (self->colleagues_page, workspace);
  pl_kpi_analysis_page_set_workspace (self->kpi_analysis_page, workspace);
  pl_validate_page_set_workspace (self->validate_page, workspace);

  update_titles (self);
  update_actions (self);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (workspace != NULL)
    {
      if (PL_IS_APPLICATION (app))
        {
          pl_application_add_recent (PL_APPLICATION (app), pl_workspace_get_path (workspace));
          pl_application_set_last_workspace (PL_APPLICATION (app),
                                             pl_workspace_get_path (workspace));
        }

      gtk_list_box_select_row (self->sidebar_list, self->overview_row);
      adw_leaflet_set_visible_child_name (self->leaflet, "content");
      gtk_stack_set_visible_child_name (self->main_stack, "workspace");
    }
  else
    {
      rebuild_recent (self);
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/**
 * pl_window_get_workspace:
 *
 * Returns: (transfer none) (nullable): the open workspace
 */
PlWorkspace *
pl_window_get_workspace (PlWindow *self)
{
  g_return_val_if_fail (PL_IS_WINDOW (self), NULL);

  return self->workspace;
}

/**
 * pl_window_close_workspace:
 *
 * Closes the workspace (everything is already saved) and shows the welcome
 * view; Plumbline will not reopen it at the next start.
 */
void
pl_window_close_workspace (PlWindow *self)
{
  GtkApplication *app;

  g_return_if_fail (PL_IS_WINDOW (self));

  pl_window_set_workspace (self, NULL);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (PL_IS_APPLICATION (app))
    pl_application_set_last_workspace (PL_APPLICATION (app), NULL);
}

/**
 * pl_window_open_demo:
 *
 * Opens the demo workspace, first creating it in a worker thread (with a
 * progress indicator and a Cancel button on the welcome view) when it does
 * not exist yet.
 */
void
pl_window_open_demo (PlWindow *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GTask) task = NULL;
  GtkApplication *app;

  g_return_if_fail (PL_IS_WINDOW (self));

  if (self->demo_cancellable != NULL)
    return;

  path = pl_demo_default_path ();
  app = gtk_window_get_application (GTK_WINDOW (self));

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) error = NULL;

      if (PL_IS_APPLICATION (app))
        pl_application_open_path (PL_APPLICATION (app), GTK_WINDOW (self), path);
      else if (!pl_window_open_workspace (self, path, &error))
        pl_window_show_open_error (self, path, error);
      return;
    }

  /* The demo is created from the welcome view, where its progress shows. */
  pl_window_set_workspace (self, NULL);

  self->demo_cancellable = g_cancellable_new ();
  set_creating_demo (self, TRUE);
  update_actions (self);

  task = g_task_new (self, self->demo_cancellable, create_demo_done_cb, NULL);
  g_task_set_source_tag (task, pl_window_open_demo);
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, create_demo_thread);
}

/**
 * pl_window_show_page:
 * @name: "overview", "kpis", "responses" or "validate"
 */
void
pl_window_show_page (PlWindow   *self,
                     const char *name)
{
  g_return_if_fail (PL_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (self->workspace == NULL)
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          gtk_list_box_row_get_selectable (GTK_LIST_BOX_ROW (child)) &&
          g_str_equal (gtk_widget_get_name (child), name))
        {
          gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (child));
          adw_leaflet_set_visible_child_name (self->leaflet, "content");
          return;
        }
    }

  g_warning ("No page called “%s”", name);
}

/**
 * pl_window_get_page:
 *
 * Returns: the name of the page on show: "welcome" when no workspace is
 *   open, else the workspace page's name
 */
const char *
pl_window_get_page (PlWindow *self)
{
  g_return_val_if_fail (PL_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "workspace") != 0)
    return "welcome";

  return gtk_stack_get_visible_child_name (self->content_stack);
}

/**
 * pl_window_add_toast:
 * @toast: (transfer full): the toast
 */
void
pl_window_add_toast (PlWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (PL_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * pl_window_show_message:
 *
 * Shows a dialog that explains something went wrong, with one Close button.
 */
void
pl_window_show_message (PlWindow   *self,
                        const char *heading,
                        const char *body)
{
  GtkWidget *dialog;

  g_return_if_fail (PL_IS_WINDOW (self));
  g_return_if_fail (heading != NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * pl_window_show_open_error:
 * @path: the file that could not be opened
 * @error: why, from pl_window_open_workspace()
 *
 * Explains a failure to open a workspace: what happened, that the file was
 * left alone, and what to do about it.
 */
void
pl_window_show_open_error (PlWindow     *self,
                           const char   *path,
                           const GError *error)
{
  const char *heading = _("Could Not Open Workspace");
  const char *advice = NULL;
  g_autofree char *body = NULL;

  g_return_if_fail (PL_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  if (error->domain == PL_ERROR)
    {
      switch ((PlError) error->code)
        {
        case PL_ERROR_NOT_SQLITE:
        case PL_ERROR_NOT_WORKSPACE:
          heading = _("Not a Plumbline Workspace");
          advice = _("Choose a Plumbline workspace (its name ends in “.plumbline”), or "
                     "start a new one with New Workspace.");
          break;
        case PL_ERROR_TOO_NEW:
          heading = _("Workspace From a Newer Plumbline");
          break;
        case PL_ERROR_LOCKED:
          heading = _("Workspace Already Open");
          advice = _("The file has not been changed.");
          break;
        case PL_ERROR_MIGRATION:
          heading = _("Could Not Upgrade Workspace");
          advice = _("The workspace file is exactly as it was. Keep it, and report the "
                     "problem to the Plumbline developers with the message above.");
          break;
        case PL_ERROR_NOT_FOUND:
          heading = _("Workspace Not Found");
          advice = _("It may have been moved, renamed or deleted. Use Open… to find it.");
          break;
        case PL_ERROR_IO:
        case PL_ERROR_DATABASE:
        case PL_ERROR_INVALID:
        case PL_ERROR_EXISTS:
        default:
          advice = _("The file has not been changed. Check that it is not damaged and that "
                     "you may read and write it, then try again.");
          break;
        }
    }

  if (advice != NULL)
    body = g_strdup_printf ("%s\n\n%s", error->message, advice);
  else
    body = g_strdup (error->message);

  pl_window_show_message (self, heading, body);
}

/**
 * pl_window_export_to:
 * @path: the workbook to write; ".xlsx" is added when missing
 *
 * Exports the workspace to an Excel workbook in a worker thread, then
 * says so in a toast with a button that opens it, or explains the failure
 * in a dialog.
 */
void
pl_window_export_to (PlWindow   *self,
                     const char *path)
{
  g_autoptr(GTask) task = NULL;
  char *full_path;

  g_return_if_fail (PL_IS_WINDOW (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->workspace != NULL);

  if (self->export_cancellable != NULL)
    return;

  if (g_str_has_suffix (path, ".xlsx"))
    full_path = g_strdup (path);
  else
    full_path = g_strconcat (path, ".xlsx", NULL);

  self->export_cancellable = g_cancellable_new ();
  update_actions (self);

  task = g_task_new (self, self->export_cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, pl_window_export_to);
  g_task_set_task_data (task, full_path, g_free);
  /* The task keeps the workspace it exports alive, whatever the window
   * does meanwhile. */
  g_object_set_data_full (G_OBJECT (task), "workspace",
                          g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, export_thread);
}

/**
 * pl_window_is_busy:
 *
 * Returns: whether the demo is being created or an export is running
 */
gboolean
pl_window_is_busy (PlWindow *self)
{
  g_return_val_if_fail (PL_IS_WINDOW (self), FALSE);

  return self->demo_cancellable != NULL || self->export_cancellable != NULL;
}
