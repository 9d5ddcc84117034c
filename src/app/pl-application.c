/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "core/pl-error.h"
#include "core/pl-workspace.h"

#include "ui/pl-resources.h"

#include "pl-application.h"
#include "pl-window.h"

struct _PlApplication
{
  AdwApplication parent_instance;

  /* NULL when the schema is not installed (an uninstalled build run without
   * GSETTINGS_SCHEMA_DIR): Plumbline then works, but remembers nothing. */
  GSettings *settings;

  /* `plumbline --demo` in the first instance. */
  gboolean demo_requested;
};

G_DEFINE_FINAL_TYPE (PlApplication, pl_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Open the demo workspace, creating it on first use"), NULL },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

static GtkWindow *
get_window (PlApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL || !PL_IS_WINDOW (window))
    window = GTK_WINDOW (pl_window_new (self));

  return window;
}

/* A window that shows no workspace yet, so that opening does not replace
 * someone's open work; a new window when every window is busy. */
static GtkWindow *
get_free_window (PlApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (PL_IS_WINDOW (active) && pl_window_get_workspace (PL_WINDOW (active)) == NULL)
    return active;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (PL_IS_WINDOW (l->data) && pl_window_get_workspace (l->data) == NULL)
      return l->data;

  if (active != NULL && PL_IS_WINDOW (active))
    return active;

  return GTK_WINDOW (pl_window_new (self));
}

static PlWindow *
find_window_showing (PlApplication *self,
                     const char    *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      PlWorkspace *workspace;
      g_autoptr(GFile) other = NULL;

      if (!PL_IS_WINDOW (l->data))
        continue;

      workspace = pl_window_get_workspace (l->data);
      if (workspace == NULL)
        continue;

      other = g_file_new_for_path (pl_workspace_get_path (workspace));
      if (g_file_equal (file, other))
        return l->data;
    }

  return NULL;
}

static void
new_workspace_response_cb (GtkNativeDialog *dialog,
                           int              response,
                           gpointer         user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        pl_application_create_workspace (self, gtk_native_dialog_get_transient_for (dialog), path);
    }

  g_object_unref (dialog);
}

static void
new_workspace_action_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);
  GtkWindow *window = get_window (self);
  GtkFileChooserNative *dialog;

  gtk_window_present (window);

  dialog = gtk_file_chooser_native_new (_("New Workspace"),
                                        window,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("C_reate"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog),
                                     /* Translators: the suggested file name of a new workspace */
                                     _("Workspace.plumbline"));
  g_signal_connect (dialog, "response", G_CALLBACK (new_workspace_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_workspace_response_cb (GtkNativeDialog *dialog,
                            int              response,
                            gpointer         user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);
  GtkWindow *window = gtk_native_dialog_get_transient_for (dialog);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        pl_application_open_path (self, window, path);
    }

  g_object_unref (dialog);
}

static void
open_workspace_action_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);
  GtkWindow *window = get_window (self);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) workspaces = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_window_present (window);

  dialog = gtk_file_chooser_native_new (_("Open Workspace"),
                                        window,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);

  gtk_file_filter_set_name (workspaces, _("Plumbline workspaces"));
  gtk_file_filter_add_pattern (workspaces, "*" PL_WORKSPACE_SUFFIX);
  gtk_file_filter_add_mime_type (workspaces, "application/x-plumbline-workspace");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), workspaces);

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);

  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), workspaces);

  g_signal_connect (dialog, "response", G_CALLBACK (open_workspace_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_demo_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);
  GtkWindow *window = get_window (self);

  gtk_window_present (window);
  pl_window_open_demo (PL_WINDOW (window));
}

static void
open_recent_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);

  pl_application_open_path (self, NULL, g_variant_get_string (parameter, NULL));
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Plumbline developers"), NULL };

  adw_show_about_window (parent,
                         "application-name", _("Plumbline"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Plumbline developers"),
                         "developers", developers,
                         "copyright", _("© The Plumbline developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/plumbline/plumbline",
                         "issue-url", "https://github.com/plumbline/plumbline/issues",
                         "comments", _("Plumbline checks your customer service against the "
                                       "standards you promised: plan your KPIs, collect "
                                       "surveys and monitoring, see what is on target and "
                                       "report it."),
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
shortcuts_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);
  GtkWindow *window = get_window (self);

  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window lets it save its size; everything else is saved
   * the moment it is entered. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "new-workspace", new_workspace_action_cb },
  { "open-workspace", open_workspace_action_cb },
  { "open-demo", open_demo_action_cb },
  { "open-recent", open_recent_action_cb, "s" },
  { "about", about_action_cb },
  { "shortcuts", shortcuts_action_cb },
  { "quit", quit_action_cb },
};

static void
pl_application_startup (GApplication *application)
{
  PlApplication *self = PL_APPLICATION (application);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.new-workspace", { "<Control>n", NULL } },
    { "app.open-workspace", { "<Control>o", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.close-workspace", { "<Control>w", NULL } },
    { "win.add-kpi", { "<Control><Shift>n", NULL } },
    { "win.show-page::overview", { "<Alt>1", NULL } },
    { "win.show-page::kpis", { "<Alt>2", NULL } },
    { "win.show-page::responses", { "<Alt>3", NULL } },
  };

  G_APPLICATION_CLASS (pl_application_parent_class)->startup (application);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new (APPLICATION_ID);
  else
    g_debug ("GSettings schema %s is not installed; settings will not be kept", APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);
}

static void
pl_application_activate (GApplication *application)
{
  PlApplication *self = PL_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->demo_requested)
    {
      self->demo_requested = FALSE;
      window = get_free_window (self);
      gtk_window_present (window);
      pl_window_open_demo (PL_WINDOW (window));
      return;
    }

  if (window == NULL)
    {
      g_autofree char *last = NULL;

      window = GTK_WINDOW (pl_window_new (self));

      /* Pick up where the user left off; if that workspace is gone or
       * cannot be opened, the welcome view offers the other ways in. */
      if (self->settings != NULL)
        last = g_settings_get_string (self->settings, "last-workspace");
      if (last != NULL && last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
        {
          g_autoptr(GError) error = NULL;

          if (!pl_window_open_workspace (PL_WINDOW (window), last, &error))
            g_debug ("Not reopening %s: %s", last, error->message);
        }
    }

  gtk_window_present (window);
}

static void
pl_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  PlApplication *self = PL_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autofree char *body =
            g_strdup_printf (_("Plumbline can only open workspaces on this computer, "
                               "not “%s”. Copy the file to a folder here, then open it."),
                             uri);
          GtkWindow *window = get_free_window (self);

          gtk_window_present (window);
          pl_window_show_message (PL_WINDOW (window), _("Could Not Open Workspace"), body);
          continue;
        }

      pl_application_open_path (self, get_free_window (self), path);
    }
}

static int
pl_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  PlApplication *self = PL_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", _("Plumbline"), PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_contains (options, "demo"))
    {
      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }

      /* Another instance is running: it opens the demo. */
      if (g_application_get_is_remote (application))
        {
          g_action_group_activate_action (G_ACTION_GROUP (application), "open-demo", NULL);
          return EXIT_SUCCESS;
        }

      self->demo_requested = TRUE;
    }

  return -1;
}

static void
pl_application_dispose (GObject *object)
{
  PlApplication *self = PL_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pl_application_parent_class)->dispose (object);
}

static void
pl_application_class_init (PlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pl_application_dispose;

  /* Referring to the bundle links it in from the static library; it
   * registers itself when the program starts. */
  (void) pl_get_resource ();

  app_class->startup = pl_application_startup;
  app_class->activate = pl_application_activate;
  app_class->open = pl_application_open;
  app_class->handle_local_options = pl_application_handle_local_options;
}

static void
pl_application_init (PlApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[WORKSPACE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Check your customer service against the "
                                              "standards you promised."));
}

PlApplication *
pl_application_new (void)
{
  return g_object_new (PL_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/plumbline/Plumbline",
                       NULL);
}

/**
 * pl_application_get_settings:
 *
 * Returns: (transfer none) (nullable): the application settings, or %NULL
 *   when the schema is not installed
 */
GSettings *
pl_application_get_settings (PlApplication *self)
{
  g_return_val_if_fail (PL_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * pl_application_dup_recent:
 *
 * Returns: (transfer full): the recent workspaces that still exist, most
 *   recent first
 */
char **
pl_application_dup_recent (PlApplication *self)
{
  g_auto(GStrv) stored = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean dropped = FALSE;

  g_return_val_if_fail (PL_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    return g_new0 (char *, 1);

  stored = g_settings_get_strv (self->settings, "recent-workspaces");
  for (guint i = 0; stored[i] != NULL; i++)
    {
      if (g_file_test (stored[i], G_FILE_TEST_IS_REGULAR))
        g_strv_builder_add (builder, stored[i]);
      else
        dropped = TRUE;
    }

  if (dropped)
    {
      g_auto(GStrv) kept = g_strv_builder_end (builder);

      g_settings_set_strv (self->settings, "recent-workspaces", (const char * const *) kept);
      return g_steal_pointer (&kept);
    }

  return g_strv_builder_end (builder);
}

void
pl_application_add_recent (PlApplication *self,
                           const char    *path)
{
  g_auto(GStrv) stored = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;
  g_autofree char *absolute = NULL;
  guint n = 1;

  g_return_if_fail (PL_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  if (self->settings == NULL)
    return;

  absolute = g_canonicalize_filename (path, NULL);
  stored = g_settings_get_strv (self->settings, "recent-workspaces");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, absolute);

  for (guint i = 0; stored[i] != NULL && n < PL_RECENT_MAX; i++)
    {
      if (g_strcmp0 (stored[i], absolute) == 0 ||
          !g_file_test (stored[i], G_FILE_TEST_IS_REGULAR))
        continue;

      g_strv_builder_add (builder, stored[i]);
      n++;
    }

  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-workspaces", (const char * const *) updated);
}

void
pl_application_set_last_workspace (PlApplication *self,
                                   const char    *path)
{
  g_autofree char *absolute = NULL;

  g_return_if_fail (PL_IS_APPLICATION (self));

  if (self->settings == NULL)
    return;

  if (path != NULL)
    absolute = g_canonicalize_filename (path, NULL);
  g_settings_set_string (self->settings, "last-workspace", absolute != NULL ? absolute : "");
}

/**
 * pl_application_open_path:
 * @window: (nullable): the window to open in; %NULL picks one
 * @path: the workspace to open
 *
 * Opens @path, or brings forward the window that already shows it. A
 * failure is explained to the user in a dialog on the window.
 *
 * Returns: whether the workspace is now showing
 */
gboolean
pl_application_open_path (PlApplication *self,
                          GtkWindow     *window,
                          const char    *path)
{
  g_autoptr(GError) error = NULL;
  PlWindow *showing;

  g_return_val_if_fail (PL_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (window == NULL || PL_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  showing = find_window_showing (self, path);
  if (showing != NULL)
    {
      gtk_window_present (GTK_WINDOW (showing));
      return TRUE;
    }

  if (window == NULL)
    window = get_window (self);
  gtk_window_present (window);

  if (!pl_window_open_workspace (PL_WINDOW (window), path, &error))
    {
      pl_window_show_open_error (PL_WINDOW (window), path, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * pl_application_create_workspace:
 * @window: (nullable): the window that asked, for messages
 * @path: the new workspace; ".plumbline" is added when missing
 *
 * Creates an empty workspace at @path and shows it in @window, in place of
 * any workspace there (all of it is saved already). The file chooser has
 * already asked whether to replace a file that exists, so one is replaced,
 * unless it is a workspace open in Plumbline. A failure is explained in a
 * dialog.
 *
 * Returns: whether the new workspace is showing
 */
gboolean
pl_application_create_workspace (PlApplication *self,
                                 GtkWindow     *window,
                                 const char    *path)
{
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *full_path = NULL;

  g_return_val_if_fail (PL_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (window == NULL || PL_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (window == NULL)
    window = get_window (self);

  if (g_str_has_suffix (path, PL_WORKSPACE_SUFFIX))
    full_path = g_strdup (path);
  else
    full_path = g_strconcat (path, PL_WORKSPACE_SUFFIX, NULL);

  if (find_window_showing (self, full_path) != NULL)
    {
      pl_window_show_message (PL_WINDOW (window),
                              _("That Workspace Is Open"),
                              _("The file you chose is a workspace that is open now, so it was "
                                "not replaced. Choose another name for the new workspace."));
      return FALSE;
    }

  if (g_file_test (full_path, G_FILE_TEST_EXISTS) && g_unlink (full_path) != 0)
    {
      int saved_errno = errno;
      g_autofree char *body =
        g_strdup_printf (_("“%s” could not be replaced: %s. Nothing was changed. "
                           "Choose another name or folder."),
                         full_path, g_strerror (saved_errno));

      pl_window_show_message (PL_WINDOW (window), _("Could Not Create Workspace"), body);
      return FALSE;
    }

  workspace = pl_workspace_create (full_path, NULL, &error);
  if (workspace == NULL)
    {
      g_autofree char *body =
        g_strdup_printf (_("%s\n\nChoose another folder, one you may write to."), error->message);

      pl_window_show_message (PL_WINDOW (window), _("Could Not Create Workspace"), body);
      return FALSE;
    }

  pl_window_set_workspace (PL_WINDOW (window), workspace);
  gtk_window_present (window);

  return TRUE;
}
