/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "core/pl-demo.h"

#include "pl-test-utils.h"

static char *tmp_dir;
static PlApplication *application;

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
remove_tmp_dir (void)
{
  if (tmp_dir != NULL && g_getenv ("PL_TEST_KEEP_TMP") == NULL)
    remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

/**
 * pl_test_init:
 *
 * Initialises GTK and libadwaita for a widget test, with the user's data
 * and configuration directories in a fresh temporary directory (removed at
 * exit unless PL_TEST_KEEP_TMP is set) so that nothing the test does
 * touches the real ones.
 */
void
pl_test_init (int    *argc,
              char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;
  GdkDisplay *display;

  tmp_dir = g_dir_make_tmp ("plumbline-test-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_tmp_dir);

  data = g_build_filename (tmp_dir, "data", NULL);
  config = g_build_filename (tmp_dir, "config", NULL);
  cache = g_build_filename (tmp_dir, "cache", NULL);
  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (config, 0700);
  g_mkdir_with_parents (cache, 0700);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Software rendering draws the same pixels on every machine. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  /* The app icon, uninstalled. */
  display = gdk_display_get_default ();
  if (display != NULL && g_file_test (PL_TEST_ICON_DIR, G_FILE_TEST_IS_DIR))
    gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (display), PL_TEST_ICON_DIR);
}

/**
 * pl_test_application:
 *
 * A registered (non-unique, so that tests may run side by side)
 * application for windows to belong to; started, so its actions,
 * accelerators and style sheet are in place.
 *
 * Returns: (transfer none): the application
 */
PlApplication *
pl_test_application (void)
{
  g_autoptr(GError) error = NULL;

  if (application != NULL)
    return application;

  application = pl_application_new ();
  g_application_set_flags (G_APPLICATION (application),
                           g_application_get_flags (G_APPLICATION (application)) |
                           G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

  return application;
}

const char *
pl_test_tmp_dir (void)
{
  g_assert_nonnull (tmp_dir);

  return tmp_dir;
}

static gboolean
flag_cb (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * pl_test_wait:
 *
 * Runs the main loop for @ms milliseconds: layout, frames, idles and
 * timeouts all get their turn.
 */
void
pl_test_wait (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * pl_test_wait_until:
 *
 * Runs the main loop until @cond returns %TRUE or @timeout_ms pass.
 *
 * Returns: whether @cond became true
 */
gboolean
pl_test_wait_until (gboolean (*cond) (gpointer user_data),
                    gpointer   user_data,
                    guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint tick = g_timeout_add (10, tick_cb, NULL);
  gboolean result;

  while (!(result = cond (user_data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return result;
}

static gboolean
laid_out_cb (gpointer user_data)
{
  GtkWidget *widget = user_data;

  return gtk_widget_get_mapped (widget) &&
         gtk_widget_get_width (widget) > 0 &&
         gtk_widget_get_height (widget) > 0;
}

/**
 * pl_test_wait_laid_out:
 * @widget: a widget in a window that has been presented
 *
 * Runs the main loop until @widget is mapped and has a size, then a
 * little longer so idles queued by the first layout run. On a loaded
 * machine a window can take well over the usual few milliseconds to be
 * shown, and keyboard navigation follows the widgets' positions, so
 * tests must not go on before this.
 */
void
pl_test_wait_laid_out (GtkWidget *widget)
{
  if (!pl_test_wait_until (laid_out_cb, widget, 20000))
    g_error ("A %s was not shown within 20 s", G_OBJECT_TYPE_NAME (widget));
  pl_test_wait (100);
}

/**
 * pl_test_present:
 * @window: a window
 *
 * Presents @window and waits until it is laid out.
 */
void
pl_test_present (GtkWindow *window)
{
  gtk_window_present (window);
  pl_test_wait_laid_out (GTK_WIDGET (window));
}

/**
 * pl_test_screenshot:
 * @widget: a widget in a mapped window
 * @name: the file name, without ".png"
 *
 * Renders @widget with its window's own renderer (a part of a window on
 * the window's background colour) and saves it as a PNG in
 * $PL_TEST_OUTPUT_DIR, or <build>/tests/output, and names it in the
 * test log.
 */
void
pl_test_screenshot (GtkWidget  *widget,
                    const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  const char *dir;
  int width, height;

  g_assert_true (GTK_IS_WIDGET (widget));
  g_assert_true (gtk_widget_get_mapped (widget));

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);

  paintable = gtk_widget_paintable_new (widget);
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* A widget waiting for a new size draws nothing: give it a few frames. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        pl_test_wait (20);
    }
  g_assert_nonnull (node);

  /* A part of a window is drawn on the window's background, as on screen:
   * cards in the dark style are translucent. */
  if (!GTK_IS_NATIVE (widget))
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      GdkRGBA background;

      if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget),
                                           "window_bg_color", &background))
        gdk_rgba_parse (&background, "white");
      gtk_snapshot_append_color (snapshot, &background,
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
      gtk_snapshot_append_node (snapshot, node);
      g_clear_pointer (&node, gsk_render_node_unref);
      node = gtk_snapshot_free_to_node (snapshot);
    }

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  dir = g_getenv ("PL_TEST_OUTPUT_DIR");
  if (dir == NULL || dir[0] == '\0')
    dir = PL_TEST_DEFAULT_OUTPUT_DIR;
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  file_name = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot %dx%d: %s", width, height, path);
}

/**
 * pl_test_make_demo:
 * @dir: an existing directory
 *
 * Creates the demo workspace (default seed) as @dir/demo.plumbline.
 *
 * Returns: (transfer full): the open workspace
 */
PlWorkspace *
pl_test_make_demo (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "demo.plumbline", NULL);
  PlWorkspace *workspace;

  workspace = pl_demo_create (path, PL_DEMO_DEFAULT_SEED, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (workspace);

  return workspace;
}
