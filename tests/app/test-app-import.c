/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-import.h"

#include "pl-import-assistant.h"
#include "pl-test-utils.h"
#include "pl-window.h"
#include "pl-test-db.h"

/* The import assistant, driven through its actions as a user would, on
 * the real exports in tests/data/ and on small files made here; and the
 * window's part: the sidebar, win.import and dropping a file. */

#define CFPB_ROWS 6623
#define NPS_ROWS 13954

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (pl_test_tmp_dir (), name, NULL);
}

static PlWorkspace *
create_empty (const char *name)
{
  g_autofree char *file_name = g_strconcat (name, ".plumbline", NULL);
  g_autofree char *path = tmp_path (file_name);
  g_autoptr(GError) error = NULL;
  PlWorkspace *workspace;

  workspace = pl_workspace_create (path, "Northgate Leisure Centre", &error);
  g_assert_no_error (error);

  return workspace;
}

static gpointer
child (PlImportAssistant *assistant,
       const char        *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (assistant),
                                                   PL_TYPE_IMPORT_ASSISTANT, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_step (PlImportAssistant *assistant)
{
  return gtk_stack_get_visible_child_name (child (assistant, "stack"));
}

static gboolean
next_sensitive (PlImportAssistant *assistant)
{
  return gtk_widget_get_sensitive (child (assistant, "next_button"));
}

static void
activate (PlImportAssistant *assistant,
          const char        *action,
          GVariant          *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (assistant), action, parameter));
  /* Let the stack's transition finish, for the screenshots. */
  pl_test_wait (50);
}

static void
set_field (PlImportAssistant *assistant,
           const char        *column,
           const char        *field)
{
  activate (assistant, "import.set-field", g_variant_new ("(ss)", column, field));
}

static gboolean
not_busy_cb (gpointer user_data)
{
  return !pl_import_assistant_is_busy (user_data);
}

static PlImportAssistant *
open_assistant (PlWorkspace *workspace,
                const char  *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PlImportAssistant *assistant;

  assistant = PL_IMPORT_ASSISTANT (pl_import_assistant_new (NULL, workspace, file));
  g_object_ref (assistant);
  gtk_window_present (GTK_WINDOW (assistant));
  g_assert_true (pl_test_wait_until (not_busy_cb, assistant, 20000));
  pl_test_wait (200);

  return assistant;
}

static void
close_assistant (PlImportAssistant *assistant)
{
  gtk_window_destroy (GTK_WINDOW (assistant));
  pl_test_wait (50);
  g_assert_finalize_object (assistant);
}

static void
screenshot_light_and_dark (GtkWidget  *widget,
                           const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strconcat (name, "-light", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (300);
  pl_test_screenshot (widget, light);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  pl_test_wait (300);
  pl_test_screenshot (widget, dark);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* The text of every label under @widget, one per line. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_labels (c, out);
}

static char *
dup_all_labels (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_labels (widget, out);
  return g_string_free (out, FALSE);
}

/* How many cells of the preview are marked as problems; their tooltips. */
static guint
count_error_cells (GtkWidget *widget,
                   GString   *tooltips)
{
  guint n = 0;

  if (GTK_IS_BOX (widget) && gtk_widget_has_css_class (widget, "error") &&
      gtk_widget_get_mapped (widget))
    {
      g_string_append_printf (tooltips, "%s\n", gtk_widget_get_tooltip_text (widget));
      n++;
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_error_cells (c, tooltips);

  return n;
}

/* What the column row titled @title under @widget has chosen. */
static const char *
combo_row_choice (GtkWidget  *widget,
                  const char *title)
{
  if (ADW_IS_COMBO_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    {
      AdwComboRow *row = ADW_COMBO_ROW (widget);

      return gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (row)),
                                         adw_combo_row_get_selected (row));
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      const char *choice = combo_row_choice (c, title);

      if (choice != NULL)
        return choice;
    }

  return NULL;
}

static AdwMessageDialog *
find_message_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (window) == parent &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* Whether a file chooser is on show (GTK's own, without a portal). */
static gboolean
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return TRUE;
    }

  return FALSE;
}

static PlImportAssistant *
find_assistant (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (PL_IS_IMPORT_ASSISTANT (window))
        return PL_IMPORT_ASSISTANT (window);
    }

  return NULL;
}

static void
record_table_cb (PlWorkspace *workspace,
                 const char  *table,
                 GHashTable  *seen)
{
  g_hash_table_add (seen, g_strdup (table));
}

static gboolean
on_result_cb (gpointer user_data)
{
  return g_strcmp0 (visible_step (user_data), "result") == 0 &&
         !pl_import_assistant_is_busy (user_data);
}

/* The CFPB complaints register, all the way through and back out. */
static void
test_complaints (void)
{
  g_autoptr(PlWorkspace) workspace = create_empty ("complaints");
  g_autofree char *path = data_path ("cfpb-complaints-sample.csv");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *labels = NULL;
  g_autoptr(GString) tooltips = g_string_new (NULL);
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;
  PlImportAssistant *assistant;
  PlImportAssistant *again;
  AdwMessageDialog *dialog;
  gint64 batch, imported, rejected;

  g_signal_connect (workspace, "changed", G_CALLBACK (record_table_cb), seen);

  assistant = open_assistant (workspace, path);

  /* 1: the file and how it is written */
  g_assert_cmpstr (visible_step (assistant), ==, "file");
  g_assert_false (gtk_widget_get_visible (child (assistant, "load_error_box")));
  g_assert_false (gtk_widget_get_visible (child (assistant, "duplicate_group")));
  g_assert_false (gtk_widget_get_visible (child (assistant, "date_box")));
  g_assert_cmpuint (adw_combo_row_get_selected (child (assistant, "encoding_row")), ==, 0);   /* UTF-8 */
  g_assert_cmpuint (adw_combo_row_get_selected (child (assistant, "delimiter_row")), ==, 0);  /* comma */
  g_assert_cmpuint (adw_combo_row_get_selected (child (assistant, "date_row")), ==, 0);       /* 2020/3/18 */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (assistant, "header_spin")), ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (child (assistant, "file_row")), ==,
                   "cfpb-complaints-sample.csv");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (child (assistant, "file_row")), "18 columns"));
  g_assert_true (next_sensitive (assistant));
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-1-file");

  /* 2: what it holds: guessed from the column names */
  activate (assistant, "import.next", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "kind");
  {
    g_autofree char *kind = NULL;

    g_object_get (assistant, "kind", &kind, NULL);
    g_assert_cmpstr (kind, ==, "complaint");
  }
  g_assert_false (gtk_widget_get_visible (child (assistant, "survey_group")));
  g_assert_cmpuint (adw_combo_row_get_selected (child (assistant, "preset_row")), ==, 0);
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-2-kind");

  /* 3: the columns, as suggested from the headers */
  activate (assistant, "import.next", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "columns");
  g_assert_false (gtk_revealer_get_reveal_child (child (assistant, "check_revealer")));
  g_assert_true (next_sensitive (assistant));
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-3-columns");

  /* A field fed twice is explained, and holds the assistant here. */
  set_field (assistant, "Date sent to company", "received");
  g_assert_true (gtk_revealer_get_reveal_child (child (assistant, "check_revealer")));
  g_assert_cmpstr (gtk_label_get_text (child (assistant, "check_label")), !=, "");
  g_assert_false (next_sensitive (assistant));
  pl_test_wait (300);
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-3-columns-problem");
  set_field (assistant, "Date sent to company", "responded");
  g_assert_false (gtk_revealer_get_reveal_child (child (assistant, "check_revealer")));
  g_assert_true (next_sensitive (assistant));

  /* 4: the preview; nothing is written yet */
  activate (assistant, "import.next", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "preview");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM complaints"), ==, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM import_batches"), ==, 0);
  text = g_strdup (gtk_label_get_text (child (assistant, "preview_label")));
  g_test_message ("Preview: %s", text);
  g_assert_nonnull (strstr (text, "20"));
  pl_test_wait (300);
  labels = dup_all_labels (child (assistant, "preview_view"));
  g_assert_nonnull (strstr (labels, "Date received → Received"));
  g_assert_nonnull (strstr (labels, "2020-03-18"));          /* 2020/3/18, as stored */
  g_assert_nonnull (strstr (labels, "3571115"));
  g_assert_cmpuint (count_error_cells (child (assistant, "preview_view"), tooltips), ==, 0);
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-4-preview");

  /* 5 and 6: the import and its result */
  activate (assistant, "import.run", NULL);
  g_assert_true (pl_test_wait_until (on_result_cb, assistant, 60000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (assistant, "result_stack")), ==, "done");

  batch = pl_import_assistant_get_batch_id (assistant);
  g_assert_cmpint (batch, >, 0);
  sql = g_strdup_printf ("SELECT rows_read FROM import_batches WHERE id = %" G_GINT64_FORMAT, batch);
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, CFPB_ROWS);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT rows_imported FROM import_batches WHERE id = %" G_GINT64_FORMAT, batch);
  imported = pl_test_query_int (workspace, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT rows_rejected FROM import_batches WHERE id = %" G_GINT64_FORMAT, batch);
  rejected = pl_test_query_int (workspace, sql);
  g_clear_pointer (&sql, g_free);
  g_test_message ("CFPB: %" G_GINT64_FORMAT " imported, %" G_GINT64_FORMAT " rejected", imported, rejected);
  g_assert_cmpint (imported + rejected, ==, CFPB_ROWS);
  g_assert_cmpint (imported, >, 6000);
  sql = g_strdup_printf ("SELECT count(*) FROM complaints WHERE batch_id = %" G_GINT64_FORMAT, batch);
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, imported);
  g_clear_pointer (&sql, g_free);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM complaints"), ==, imported);
  g_clear_pointer (&text, g_free);
  text = pl_test_query_text (workspace, "SELECT source_name || '|' || kind FROM import_batches");
  g_assert_cmpstr (text, ==, "cfpb-complaints-sample.csv|complaint");
  g_clear_pointer (&text, g_free);
  text = pl_test_query_text (workspace, "SELECT received_on || '|' || responded_on FROM complaints"
                                        " WHERE reference = '3571115'");
  g_assert_cmpstr (text, ==, "2020-03-18|2020-03-18");

  /* The big numbers say the same. */
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("%'" G_GINT64_FORMAT, (gint64) CFPB_ROWS);
  g_assert_cmpstr (gtk_label_get_text (child (assistant, "read_label")), ==, text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("%'" G_GINT64_FORMAT, imported);
  g_assert_cmpstr (gtk_label_get_text (child (assistant, "imported_label")), ==, text);
  g_assert_true (gtk_widget_get_visible (child (assistant, "undo_button")));

  /* The pages were told. */
  g_assert_true (g_hash_table_contains (seen, "complaints"));
  g_assert_true (g_hash_table_contains (seen, "kpis"));
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-6-result");

  /* The same file again is recognised, and goes on only when asked to. */
  again = open_assistant (workspace, path);
  g_assert_true (gtk_widget_get_visible (child (again, "duplicate_group")));
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("(batch %" G_GINT64_FORMAT ")", batch);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (child (again, "duplicate_row")), text));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (child (again, "duplicate_row")),
                            "Importing it again would add its rows twice."));
  g_assert_false (next_sensitive (again));
  screenshot_light_and_dark (GTK_WIDGET (again), "import-1-already-imported");
  gtk_switch_set_active (child (again, "again_switch"), TRUE);
  g_assert_true (next_sensitive (again));
  close_assistant (again);

  /* Undo asks first; cancelling keeps everything. */
  activate (assistant, "import.undo", NULL);
  dialog = find_message_dialog (GTK_WINDOW (assistant));
  g_assert_nonnull (dialog);
  pl_test_wait (300);
  pl_test_screenshot (GTK_WIDGET (dialog), "import-6-undo-confirm");
  adw_message_dialog_response (dialog, "cancel");
  pl_test_wait (100);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM complaints"), ==, imported);

  g_hash_table_remove_all (seen);
  activate (assistant, "import.undo", NULL);
  dialog = find_message_dialog (GTK_WINDOW (assistant));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "undo");
  pl_test_wait (100);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM complaints"), ==, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM import_batches"
                                                 " WHERE undone_at IS NOT NULL"), ==, 1);
  g_assert_true (g_hash_table_contains (seen, "complaints"));
  g_assert_false (gtk_widget_get_visible (child (assistant, "undo_button")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (assistant, "result_note_label")), "undone"));
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-6-undone");

  /* Undone, the file is no longer "already imported". */
  again = open_assistant (workspace, path);
  g_assert_false (gtk_widget_get_visible (child (again, "duplicate_group")));
  g_assert_true (next_sensitive (again));
  close_assistant (again);

  g_signal_handlers_disconnect_by_func (workspace, record_table_cb, seen);
  close_assistant (assistant);
}

/* Rows with problems: marked in the preview with the reason, rejected with
 * their line, column and reason, and savable. */
static void
test_rejects (void)
{
  g_autoptr(PlWorkspace) workspace = create_empty ("rejects");
  g_autofree char *path = tmp_path ("complaints-with-problems.csv");
  g_autofree char *saved = tmp_path ("rejected.csv");
  g_autoptr(GString) tooltips = g_string_new (NULL);
  const char *summary;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  PlImportAssistant *assistant;
  GtkWidget *row;
  gint64 batch;

  g_assert_true (g_file_set_contents (path,
                                      "Reference,Received,Channel,Category\r\n"
                                      "C-1,2026-03-02,Email,Billing\r\n"
                                      "C-2,not a date,Phone,Billing\r\n"
                                      "C-3,2026-03-04,Phone,Delivery\r\n"
                                      "C-4,,Letter,Delivery\r\n"
                                      "C-5,2026-03-06,Email,Staff\r\n",
                                      -1, &error));
  g_assert_no_error (error);

  assistant = open_assistant (workspace, path);
  activate (assistant, "import.next", NULL);
  activate (assistant, "import.set-kind", g_variant_new_string ("complaint"));
  activate (assistant, "import.next", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "columns");
  set_field (assistant, "Reference", "reference");
  set_field (assistant, "Received", "received");
  set_field (assistant, "Channel", "channel");
  set_field (assistant, "Category", "category");
  activate (assistant, "import.next", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "preview");
  pl_test_wait (300);

  summary = gtk_label_get_text (child (assistant, "preview_label"));
  g_test_message ("Preview: %s", summary);
  g_assert_true (g_str_has_prefix (summary, "2 of the first 5 rows have problems and will not be imported"));
  g_assert_nonnull (strstr (summary, "\nLine 3, Received: "));
  g_assert_nonnull (strstr (summary, "\nLine 5, Received: "));
  /* Both cells and the line numbers of both rows are marked. */
  g_assert_cmpuint (count_error_cells (child (assistant, "preview_view"), tooltips), ==, 4);
  g_test_message ("Problem tooltips: %s", tooltips->str);
  g_assert_nonnull (strstr (tooltips->str, "not a date"));
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-4-preview-problems");

  activate (assistant, "import.run", NULL);
  g_assert_true (pl_test_wait_until (on_result_cb, assistant, 60000));
  batch = pl_import_assistant_get_batch_id (assistant);
  g_assert_cmpint (batch, >, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM complaints"), ==, 3);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT rows_rejected FROM import_batches"), ==, 2);
  g_assert_cmpstr (gtk_label_get_text (child (assistant, "rejected_label")), ==, "2");

  /* The rejected rows are listed with where and why. */
  g_assert_true (gtk_widget_get_visible (child (assistant, "rejects_group")));
  row = gtk_widget_get_first_child (child (assistant, "rejects_list"));
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Line 3 · Received");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), !=, "");
  row = gtk_widget_get_next_sibling (row);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Line 5 · Received");
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-6-result-rejects");

  /* What "Save Rejected Rows as CSV…" writes. */
  g_assert_true (pl_import_save_rejects (workspace, batch, saved, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (saved, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "not a date"));

  close_assistant (assistant);
}

/* The French store survey: Latin-1, accents intact in the preview. */
static void
test_nps_latin1 (void)
{
  g_autoptr(PlWorkspace) workspace = create_empty ("nps");
  g_autofree char *path = data_path ("nps-store-survey-fr-latin1.csv");
  g_autofree char *labels = NULL;
  g_autofree char *comment = NULL;
  PlImportAssistant *assistant;
  guint encoding;

  assistant = open_assistant (workspace, path);
  g_assert_true (gtk_widget_get_visible (child (assistant, "format_group")));
  encoding = adw_combo_row_get_selected (child (assistant, "encoding_row"));
  g_assert_true (encoding == 3 || encoding == 4);   /* Windows-1252 or ISO-8859-1 */
  g_assert_true (next_sensitive (assistant));
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-1-file-latin1");

  activate (assistant, "import.next", NULL);
  activate (assistant, "import.set-kind", g_variant_new_string ("survey"));
  g_assert_true (gtk_widget_get_visible (child (assistant, "survey_group")));
  g_assert_true (gtk_widget_get_visible (child (assistant, "new_survey_row")));
  g_assert_cmpstr (gtk_editable_get_text (child (assistant, "new_survey_row")), ==,
                   "Nps store survey fr latin1");
  gtk_editable_set_text (child (assistant, "new_survey_row"), "Store NPS (France)");
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-2-kind-survey");

  activate (assistant, "import.next", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "columns");
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-3-columns-survey");

  /* The export has no date column, and every response needs one: one date
   * for all of them, typed in. */
  g_assert_false (next_sensitive (assistant));
  g_assert_cmpstr (gtk_label_get_text (child (assistant, "check_label")), ==,
                   "No column holds the date of each row. Choose the column that does, "
                   "or give one date for every row under Values.");
  gtk_editable_set_text (child (assistant, "default_date_row"), "15/01/2024");
  g_assert_false (next_sensitive (assistant));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (assistant, "check_label")),
                                   "“15/01/2024” is not a date."));
  gtk_editable_set_text (child (assistant, "default_date_row"), "2024-01-15");
  g_assert_true (next_sensitive (assistant));
  g_assert_cmpstr (combo_row_choice (child (assistant, "columns_group"), "nps"), ==, "New question: NPS (0–10)");
  g_assert_cmpstr (combo_row_choice (child (assistant, "columns_group"), "explication"), ==, "Comment");

  activate (assistant, "import.next", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "preview");
  pl_test_wait (300);
  labels = dup_all_labels (child (assistant, "preview_view"));
  g_assert_nonnull (strstr (labels, "Il y a très peu de caisse ouverte"));
  g_assert_null (strstr (labels, "\xef\xbf\xbd"));   /* no U+FFFD replacement characters */
  g_assert_cmpstr (gtk_label_get_text (child (assistant, "preview_label")), ==,
                   "All of the first 20 rows can be imported as shown.");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM responses"), ==, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM surveys"), ==, 0);
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-4-preview-latin1");

  /* All of it, as the core's own test counts it. */
  activate (assistant, "import.run", NULL);
  g_assert_true (pl_test_wait_until (on_result_cb, assistant, 120000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (assistant, "result_stack")), ==, "done");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT rows_read FROM import_batches"), ==, NPS_ROWS);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT rows_imported FROM import_batches"), ==, NPS_ROWS);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM responses"), ==, NPS_ROWS);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM responses"
                                                 " WHERE responded_on = '2024-01-15'"), ==, NPS_ROWS);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM surveys"
                                                 " WHERE name = 'Store NPS (France)'"), ==, 1);
  comment = pl_test_query_text (workspace, "SELECT comment FROM responses WHERE external_ref = '12153'");
  g_assert_cmpstr (comment, ==,
                   "très bon accueil (toujours un petit mot sympa) et très bons conseils "
                   "(attentifs aux besoins du client sans êtes \"envahissants\" MERCI");
  g_assert_cmpstr (gtk_label_get_text (child (assistant, "rejected_label")), ==, "0");

  close_assistant (assistant);
}

/* Responses for a survey the workspace has: columns matched to its
 * questions, answers checked against them. */
static void
test_existing_survey (void)
{
  g_autoptr(PlWorkspace) workspace = pl_test_make_demo (pl_test_tmp_dir ());
  g_autofree char *path = tmp_path ("after-contact-march.csv");
  g_autofree char *answer = NULL;
  g_autoptr(GError) error = NULL;
  PlImportAssistant *assistant;
  GListModel *surveys;
  gint64 before;
  guint index = G_MAXUINT;

  g_assert_true (g_file_set_contents (path,
                                      "Submitted,Response ID,"
                                      "How satisfied were you with our service today?,"
                                      "How likely are you to recommend Kestrel to a friend or colleague?,"
                                      "Was your request resolved?,Any other comments?\n"
                                      "2026-03-02,R-1,5,9,Yes,Très bien\n"
                                      "2026-03-03,R-2,4,7,No,\n"
                                      "2026-03-04,R-3,6,10,Yes,A six out of five\n",
                                      -1, &error));
  g_assert_no_error (error);
  before = pl_test_query_int (workspace, "SELECT count(*) FROM responses WHERE survey_id = 1");

  assistant = open_assistant (workspace, path);
  activate (assistant, "import.next", NULL);
  activate (assistant, "import.set-kind", g_variant_new_string ("survey"));

  surveys = adw_combo_row_get_model (child (assistant, "survey_row"));
  for (guint i = 0; i < g_list_model_get_n_items (surveys); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (surveys), i), "After-contact survey") == 0)
      index = i;
  g_assert_cmpuint (index, !=, G_MAXUINT);
  adw_combo_row_set_selected (child (assistant, "survey_row"), index);
  g_assert_false (gtk_widget_get_visible (child (assistant, "new_survey_row")));
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-2-kind-existing-survey");

  activate (assistant, "import.next", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "columns");
  g_assert_cmpstr (combo_row_choice (child (assistant, "columns_group"),
                                     "How satisfied were you with our service today?"),
                   ==, "Question: How satisfied were you with our service today?");
  g_assert_cmpstr (combo_row_choice (child (assistant, "columns_group"), "Submitted"), ==, "Date");
  g_assert_true (next_sensitive (assistant));
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-3-columns-existing-survey");

  activate (assistant, "import.next", NULL);
  activate (assistant, "import.run", NULL);
  g_assert_true (pl_test_wait_until (on_result_cb, assistant, 60000));
  g_assert_cmpstr (gtk_label_get_text (child (assistant, "imported_label")), ==, "2");
  g_assert_cmpstr (gtk_label_get_text (child (assistant, "rejected_label")), ==, "1");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM responses WHERE survey_id = 1"), ==, before + 2);
  answer = pl_test_query_text (workspace,
                               "SELECT a.value_num FROM answers a JOIN responses r ON r.id = a.response_id"
                               " JOIN questions q ON q.id = a.question_id"
                               " WHERE r.external_ref = 'R-1' AND q.code = 'csat'");
  g_assert_cmpstr (answer, ==, "5");

  close_assistant (assistant);
}

/* The expander under the row of @column: its text answers as numbers. */
static AdwExpanderRow *
find_value_expander (GtkWidget  *widget,
                     const char *column)
{
  if (ADW_IS_COMBO_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), column) == 0)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (widget);

      g_assert_true (ADW_IS_EXPANDER_ROW (next));
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (next)), ==,
                       "Text answers → numbers");
      return ADW_EXPANDER_ROW (next);
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      AdwExpanderRow *found = find_value_expander (c, column);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first spin button under @widget, or NULL. */
static GtkSpinButton *
first_spin (GtkWidget *widget)
{
  if (GTK_IS_SPIN_BUTTON (widget))
    return GTK_SPIN_BUTTON (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkSpinButton *found = first_spin (c);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The spin button on the row titled @title under @widget, or NULL. */
static GtkSpinButton *
find_value_spin (GtkWidget  *widget,
                 const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return first_spin (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkSpinButton *found = find_value_spin (c, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Text answers of a rating column get numbers: the usual ones at once,
 * the others from the user. */
static void
test_value_map (void)
{
  g_autoptr(PlWorkspace) workspace = create_empty ("value-map");
  g_autofree char *path = tmp_path ("satisfaction-april.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) tooltips = g_string_new (NULL);
  g_autoptr(GString) answers = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlImportAssistant *assistant;
  AdwExpanderRow *expander;
  GtkSpinButton *spin;
  const char *summary;

  g_assert_true (g_file_set_contents (path,
                                      "Submitted,How satisfied?\n"
                                      "2026-04-01,Very satisfied\n"
                                      "2026-04-02,Satisfied\n"
                                      "2026-04-03,Neutral\n"
                                      "2026-04-04,Very dissatisfied\n"
                                      "2026-04-05,Quite happy\n",
                                      -1, &error));
  g_assert_no_error (error);

  assistant = open_assistant (workspace, path);
  activate (assistant, "import.next", NULL);
  activate (assistant, "import.set-kind", g_variant_new_string ("survey"));
  g_assert_true (gtk_widget_get_visible (child (assistant, "new_survey_row")));
  activate (assistant, "import.next", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "columns");

  /* Not a rating: no numbers to give. */
  set_field (assistant, "How satisfied?", "new-question:text");
  expander = find_value_expander (child (assistant, "columns_group"), "How satisfied?");
  g_assert_nonnull (expander);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (expander)));

  set_field (assistant, "How satisfied?", "new-question:csat");
  set_field (assistant, "Submitted", "date");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_value_expander (child (assistant, "columns_group"),
                                                                           "Submitted"))));
  g_assert_cmpstr (combo_row_choice (child (assistant, "columns_group"), "How satisfied?"),
                   ==, "New question: CSAT (1–5)");
  expander = find_value_expander (child (assistant, "columns_group"), "How satisfied?");
  g_assert_nonnull (expander);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (expander)));
  g_assert_cmpstr (adw_expander_row_get_subtitle (expander), ==,
                   "1 answer has no number: its rows will not be imported");

  /* The standard scale at once; the odd answer is not mapped. */
  spin = find_value_spin (GTK_WIDGET (expander), "Very satisfied");
  g_assert_nonnull (spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 5);
  g_assert_cmpfloat (gtk_spin_button_get_value (find_value_spin (GTK_WIDGET (expander), "Satisfied")), ==, 4);
  g_assert_cmpfloat (gtk_spin_button_get_value (find_value_spin (GTK_WIDGET (expander), "Neutral")), ==, 3);
  g_assert_cmpfloat (gtk_spin_button_get_value (find_value_spin (GTK_WIDGET (expander), "Very dissatisfied")),
                     ==, 1);
  spin = find_value_spin (GTK_WIDGET (expander), "Quite happy");
  g_assert_nonnull (spin);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "Not mapped");
  g_assert_null (find_value_spin (GTK_WIDGET (expander), "2026-04-01"));

  adw_expander_row_set_expanded (expander, TRUE);
  pl_test_wait (400);
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-3-columns-value-map");

  /* The lowest step of a number is "Not mapped": it takes the text out of the map. */
  {
    GtkSpinButton *neutral = find_value_spin (GTK_WIDGET (expander), "Neutral");

    gtk_spin_button_set_value (neutral, 0);
    pl_test_wait (50);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (neutral)), ==, "Not mapped");
    g_assert_cmpstr (adw_expander_row_get_subtitle (expander), ==,
                     "2 answers have no number: their rows will not be imported");
    activate (assistant, "import.next", NULL);
    g_assert_cmpstr (visible_step (assistant), ==, "preview");
    g_assert_true (g_str_has_prefix (gtk_label_get_text (child (assistant, "preview_label")),
                                     "2 of the first 5 rows have problems"));
    activate (assistant, "import.back", NULL);
    g_assert_cmpstr (visible_step (assistant), ==, "columns");
    g_assert_true (find_value_spin (GTK_WIDGET (expander), "Neutral") == neutral);
    gtk_spin_button_set_value (neutral, 3);
    pl_test_wait (50);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (neutral)), ==, "3");
    g_assert_cmpstr (adw_expander_row_get_subtitle (expander), ==,
                     "1 answer has no number: its rows will not be imported");
    /* The others kept their numbers. */
    g_assert_cmpfloat (gtk_spin_button_get_value (find_value_spin (GTK_WIDGET (expander), "Very satisfied")),
                       ==, 5);
  }

  /* The preview: numbers for the usual texts, a problem for the odd one. */
  activate (assistant, "import.next", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "preview");
  pl_test_wait (200);
  summary = gtk_label_get_text (child (assistant, "preview_label"));
  g_assert_true (g_str_has_prefix (summary, "1 of the first 5 rows has problems"));
  g_assert_nonnull (strstr (summary, "Quite happy"));
  /* The row's line and the cell. */
  g_assert_cmpuint (count_error_cells (child (assistant, "preview_view"), tooltips), ==, 2);
  g_test_message ("Problems: %s", tooltips->str);
  g_assert_nonnull (strstr (tooltips->str, "Quite happy"));
  {
    g_autofree char *labels = dup_all_labels (child (assistant, "preview_view"));

    g_assert_nonnull (strstr (labels, "\n5\n"));
    g_assert_nonnull (strstr (labels, "\n4\n"));
    g_assert_nonnull (strstr (labels, "\n1\n"));
    g_assert_null (strstr (labels, "Very satisfied"));
  }

  /* Giving it a number clears the problem. */
  activate (assistant, "import.set-value", g_variant_new ("(ssd)", "How satisfied?", "Quite happy", 4.0));
  pl_test_wait (200);
  g_string_truncate (tooltips, 0);
  g_assert_cmpuint (count_error_cells (child (assistant, "preview_view"), tooltips), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (child (assistant, "preview_label")), ==,
                   "All of the first 5 rows can be imported as shown.");
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 4);
  g_assert_cmpstr (adw_expander_row_get_subtitle (expander), ==, "Every answer seen has a number");

  activate (assistant, "import.run", NULL);
  g_assert_true (pl_test_wait_until (on_result_cb, assistant, 60000));
  g_assert_cmpstr (gtk_label_get_text (child (assistant, "imported_label")), ==, "5");
  g_assert_cmpstr (gtk_label_get_text (child (assistant, "rejected_label")), ==, "0");

  stmt = pl_workspace_prepare (workspace,
                               "SELECT a.value_num FROM answers a JOIN responses r ON r.id = a.response_id"
                               " ORDER BY r.id",
                               &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (answers, "%g ", sqlite3_column_double (stmt, 0));
  g_assert_cmpstr (answers->str, ==, "5 4 3 1 4 ");

  close_assistant (assistant);
}

/* Bad files are explained, and cost nothing. */
static void
test_bad_files (void)
{
  g_autoptr(PlWorkspace) workspace = create_empty ("bad-files");
  g_autofree char *empty = tmp_path ("empty.csv");
  g_autofree char *binary = tmp_path ("binary.csv");
  g_autoptr(GError) error = NULL;
  PlImportAssistant *assistant;
  const char *message;
  guint8 junk[512];

  g_assert_true (g_file_set_contents (empty, "", 0, &error));
  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) (i * 37 + 11);
  junk[3] = 0;
  g_assert_true (g_file_set_contents (binary, (const char *) junk, sizeof junk, &error));
  g_assert_no_error (error);

  assistant = open_assistant (workspace, empty);
  g_assert_true (gtk_widget_get_visible (child (assistant, "load_error_box")));
  message = gtk_label_get_text (child (assistant, "load_error_label"));
  g_test_message ("Empty file: %s", message);
  g_assert_true (g_str_has_prefix (message, "The file is empty."));
  g_assert_nonnull (strstr (message, "Nothing has been imported."));
  g_assert_false (next_sensitive (assistant));
  g_assert_false (gtk_widget_get_visible (child (assistant, "format_group")));
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-1-empty-file");
  /* Next goes nowhere. */
  gtk_widget_activate_action (GTK_WIDGET (assistant), "import.next", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "file");
  close_assistant (assistant);

  assistant = open_assistant (workspace, binary);
  g_assert_true (gtk_widget_get_visible (child (assistant, "load_error_box")));
  g_test_message ("Binary file: %s", gtk_label_get_text (child (assistant, "load_error_label")));
  g_assert_false (next_sensitive (assistant));
  close_assistant (assistant);

  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM import_batches"), ==, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM complaints"), ==, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM surveys"), ==, 0);
}

/* Dates that fit both day/month and month/day: the user says which. */
static void
test_ambiguous_dates (void)
{
  g_autoptr(PlWorkspace) workspace = create_empty ("dates");
  g_autofree char *path = tmp_path ("uk-complaints.csv");
  g_autofree char *received = NULL;
  g_autoptr(GError) error = NULL;
  PlImportAssistant *assistant;

  g_assert_true (g_file_set_contents (path,
                                      "Ref;Date logged;Channel\n"
                                      "A1;03/04/2026;Phone\n"
                                      "A2;05/04/2026;Email\n"
                                      "A3;07/06/2026;Phone\n",
                                      -1, &error));
  g_assert_no_error (error);

  assistant = open_assistant (workspace, path);
  g_assert_cmpuint (adw_combo_row_get_selected (child (assistant, "delimiter_row")), ==, 1);  /* ; */
  g_assert_true (gtk_widget_get_visible (child (assistant, "date_box")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (assistant, "date_label")), "“Date logged”"));
  g_assert_false (next_sensitive (assistant));
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-1-ambiguous-dates");
  /* What the sniffer noticed is said in words. */
  g_assert_true (gtk_widget_get_visible (child (assistant, "notes_group")));
  pl_test_wait (300);
  pl_test_screenshot (child (assistant, "notes_group"), "import-1-notes-light");

  activate (assistant, "import.set-date-order", g_variant_new_string ("dmy"));
  g_assert_false (gtk_widget_get_visible (child (assistant, "date_box")));
  g_assert_cmpuint (adw_combo_row_get_selected (child (assistant, "date_row")), ==, 1);
  g_assert_true (next_sensitive (assistant));

  activate (assistant, "import.next", NULL);
  activate (assistant, "import.set-kind", g_variant_new_string ("complaint"));
  activate (assistant, "import.next", NULL);
  set_field (assistant, "Ref", "reference");
  set_field (assistant, "Date logged", "received");
  set_field (assistant, "Channel", "channel");
  activate (assistant, "import.next", NULL);
  activate (assistant, "import.run", NULL);
  g_assert_true (pl_test_wait_until (on_result_cb, assistant, 60000));

  received = pl_test_query_text (workspace, "SELECT received_on FROM complaints WHERE reference = 'A1'");
  g_assert_cmpstr (received, ==, "2026-04-03");   /* 3 April: day first */
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM complaints"), ==, 3);

  close_assistant (assistant);
}

/* Overriding what was detected reads the file again. */
static void
test_override_dialect (void)
{
  g_autoptr(PlWorkspace) workspace = create_empty ("dialect");
  g_autofree char *path = tmp_path ("two-header-rows.csv");
  g_autoptr(GError) error = NULL;
  PlImportAssistant *assistant;
  GtkSpinButton *spin;
  g_autofree char *subtitle = NULL;

  g_assert_true (g_file_set_contents (path,
                                      "Ref,Received,Channel\n"
                                      "C-1,2026-03-02,Email\n"
                                      "C-2,2026-03-03,Phone\n"
                                      "C-3,2026-03-04,Phone\n",
                                      -1, &error));
  g_assert_no_error (error);

  assistant = open_assistant (workspace, path);
  spin = child (assistant, "header_spin");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 1);

  /* Semicolons: one column. */
  adw_combo_row_set_selected (child (assistant, "delimiter_row"), 1);
  g_assert_true (pl_test_wait_until (not_busy_cb, assistant, 10000));
  subtitle = g_strdup (adw_action_row_get_subtitle (child (assistant, "file_row")));
  g_assert_nonnull (strstr (subtitle, "1 column"));

  /* Commas again, and no header row: the columns are numbered. */
  adw_combo_row_set_selected (child (assistant, "delimiter_row"), 0);
  g_assert_true (pl_test_wait_until (not_busy_cb, assistant, 10000));
  gtk_spin_button_set_value (spin, 0);
  g_assert_true (pl_test_wait_until (not_busy_cb, assistant, 10000));
  g_clear_pointer (&subtitle, g_free);
  subtitle = g_strdup (adw_action_row_get_subtitle (child (assistant, "file_row")));
  g_assert_nonnull (strstr (subtitle, "3 columns"));

  activate (assistant, "import.next", NULL);
  activate (assistant, "import.set-kind", g_variant_new_string ("complaint"));
  activate (assistant, "import.next", NULL);
  {
    GtkWidget *group = child (assistant, "columns_group");
    g_autofree char *labels = dup_all_labels (group);

    g_assert_nonnull (strstr (labels, "Column 1"));
    g_assert_nonnull (strstr (labels, "For example: Ref"));
  }

  close_assistant (assistant);
}

/* A mapping saved as a preset is offered next time. */
static void
test_save_preset (void)
{
  g_autoptr(PlWorkspace) workspace = create_empty ("preset");
  g_autofree char *path = data_path ("cfpb-complaints-sample.csv");
  g_autofree char *mapping = NULL;
  PlImportAssistant *assistant;
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  GListModel *presets;
  gboolean found = FALSE;

  assistant = open_assistant (workspace, path);
  activate (assistant, "import.next", NULL);
  activate (assistant, "import.set-kind", g_variant_new_string ("complaint"));
  activate (assistant, "import.next", NULL);
  set_field (assistant, "Issue", "category");
  set_field (assistant, "Product", "");

  activate (assistant, "import.save-preset", NULL);
  dialog = find_message_dialog (GTK_WINDOW (assistant));
  g_assert_nonnull (dialog);
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gtk_editable_set_text (entry, "");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (entry, "CFPB monthly export");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  pl_test_wait (300);
  pl_test_screenshot (GTK_WIDGET (dialog), "import-3-save-preset");
  adw_message_dialog_response (dialog, "save");
  pl_test_wait (100);

  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM import_presets"
                                                 " WHERE name = 'CFPB monthly export' AND kind = 'complaint'"), ==, 1);
  mapping = pl_test_query_text (workspace, "SELECT mapping FROM import_presets");
  g_assert_nonnull (strstr (mapping, "Issue"));

  /* Back on the kind step, the preset is there to start from. */
  activate (assistant, "import.back", NULL);
  presets = adw_combo_row_get_model (child (assistant, "preset_row"));
  for (guint i = 0; i < g_list_model_get_n_items (presets); i++)
    {
      const char *label = gtk_string_list_get_string (GTK_STRING_LIST (presets), i);

      if (g_str_has_prefix (label, "CFPB monthly export"))
        {
          found = TRUE;
          adw_combo_row_set_selected (child (assistant, "preset_row"), i);
        }
    }
  g_assert_true (found);
  activate (assistant, "import.next", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "columns");

  /* The preset put "Issue" in Category and left "Product" out. */
  g_assert_cmpstr (combo_row_choice (child (assistant, "columns_group"), "Issue"), ==, "Category");
  g_assert_cmpstr (combo_row_choice (child (assistant, "columns_group"), "Product"), ==, "Don’t import");

  close_assistant (assistant);
}

/* Progress while importing, and Cancel leaves the workspace as it was. */
static gboolean
progressing_cb (gpointer user_data)
{
  PlImportAssistant *assistant = user_data;

  return gtk_progress_bar_get_fraction (child (assistant, "progress_bar")) > 0.05 ||
         !pl_import_assistant_is_busy (assistant);
}

static void
test_cancel (void)
{
  g_autoptr(PlWorkspace) workspace = create_empty ("cancel");
  g_autofree char *path = tmp_path ("many-complaints.csv");
  g_autoptr(GString) contents = g_string_new ("Reference,Received,Channel,Category,Description\n");
  g_autoptr(GError) error = NULL;
  PlImportAssistant *assistant;
  const char *channels[] = { "Phone", "Email", "Letter", "Web chat" };

  for (guint i = 0; i < 600000; i++)
    g_string_append_printf (contents, "R-%u,2025-%02u-%02u,%s,Billing,\"Line one\nline two, with a comma\"\n",
                            i, 1 + i % 12, 1 + i % 28, channels[i % 4]);
  g_assert_true (g_file_set_contents (path, contents->str, contents->len, &error));
  g_assert_no_error (error);

  assistant = open_assistant (workspace, path);
  activate (assistant, "import.next", NULL);
  activate (assistant, "import.set-kind", g_variant_new_string ("complaint"));
  activate (assistant, "import.next", NULL);
  activate (assistant, "import.next", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "preview");
  activate (assistant, "import.run", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "import");
  g_assert_false (gtk_widget_get_visible (child (assistant, "next_button")));
  g_assert_false (gtk_widget_get_visible (child (assistant, "back_button")));

  g_assert_true (pl_test_wait_until (progressing_cb, assistant, 30000));
  g_assert_true (pl_import_assistant_is_busy (assistant));
  g_test_message ("Progress seen: %.3f",
                  gtk_progress_bar_get_fraction (child (assistant, "progress_bar")));
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-5-progress");
  g_assert_true (pl_import_assistant_is_busy (assistant));

  activate (assistant, "import.cancel", NULL);
  g_assert_true (pl_test_wait_until (on_result_cb, assistant, 60000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (assistant, "result_stack")), ==, "failed");
  g_assert_cmpstr (adw_status_page_get_title (child (assistant, "failed_status")), ==, "Import Cancelled");
  g_assert_true (g_str_has_prefix (adw_status_page_get_description (child (assistant, "failed_status")),
                                   "Nothing was added to the workspace."));
  g_assert_cmpint (pl_import_assistant_get_batch_id (assistant), ==, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM complaints"), ==, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM import_batches"), ==, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM channels"), ==, 0);
  screenshot_light_and_dark (GTK_WIDGET (assistant), "import-6-cancelled");

  /* Back to the preview, to try again. */
  g_assert_true (gtk_widget_get_visible (child (assistant, "back_button")));
  activate (assistant, "import.back", NULL);
  g_assert_cmpstr (visible_step (assistant), ==, "preview");

  /* Closing while importing cancels first. */
  activate (assistant, "import.run", NULL);
  g_assert_true (pl_import_assistant_is_busy (assistant));
  gtk_window_close (GTK_WINDOW (assistant));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (assistant)));
  g_assert_true (pl_test_wait_until (not_busy_cb, assistant, 60000));
  pl_test_wait (100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (assistant)));
  g_assert_finalize_object (assistant);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM complaints"), ==, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM import_batches"), ==, 0);

  g_unlink (path);
}

/* The window: the sidebar rows, win.import, and dropping a file. */
static PlWindow *
make_window (void)
{
  PlWindow *window = pl_window_new (pl_test_application ());

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  pl_test_present (GTK_WINDOW (window));
  pl_test_wait (200);

  return window;
}

static void
destroy_window (PlWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  pl_test_wait (50);
  g_assert_finalize_object (window);
}

static GtkDropTarget *
find_drop_target (PlWindow *window)
{
  GtkWidget *overlay = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PL_TYPE_WINDOW,
                                                                  "drop_overlay"));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (overlay);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  g_assert_not_reached ();
}

static gboolean
drop_files (PlWindow   *window,
            const char *first,
            ...)
{
  GtkDropTarget *target = find_drop_target (window);
  g_autoptr(GSList) files = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  GdkDragAction action = 0;
  gboolean accepted = FALSE;
  va_list args;

  va_start (args, first);
  for (const char *path = first; path != NULL; path = va_arg (args, const char *))
    files = g_slist_append (files, g_file_new_for_path (path));
  va_end (args);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free_full (g_steal_pointer (&files), g_object_unref);

  g_signal_emit_by_name (target, "enter", 200.0, 200.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  g_signal_emit_by_name (target, "drop", &value, 200.0, 200.0, &accepted);
  pl_test_wait (200);

  return accepted;
}

static void
test_window (void)
{
  g_autoptr(PlWorkspace) workspace = create_empty ("window");
  g_autofree char *path = data_path ("cfpb-complaints-sample.csv");
  g_auto(GStrv) accels = NULL;
  PlWindow *window = make_window ();
  GtkApplication *app = GTK_APPLICATION (pl_test_application ());
  PlImportAssistant *assistant;
  GtkWidget *row;

  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "import"));
  pl_window_set_workspace (window, workspace);
  pl_test_wait (300);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "import"));

  accels = gtk_application_get_accels_for_action (app, "win.import");
  g_assert_cmpstr (accels[0], ==, "<Control>i");
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (app, "win.show-page::validate");
  g_assert_cmpstr (accels[0], ==, "<Alt>4");

  /* The Validate page, under its own section. */
  pl_window_show_page (window, "validate");
  pl_test_wait (300);
  g_assert_cmpstr (pl_window_get_page (window), ==, "validate");
  row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PL_TYPE_WINDOW, "validate_row"));
  g_assert_true (GTK_IS_LIST_BOX_ROW (row));
  g_assert_true (GTK_IS_LABEL (gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row))));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row)))),
                   ==, "Evaluate");
  screenshot_light_and_dark (GTK_WIDGET (window), "import-window-validate");

  /* "Import Data…" in the sidebar opens the assistant without a file (the
   * file chooser it offers is not part of this test). */
  row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PL_TYPE_WINDOW, "import_row"));
  g_assert_false (gtk_list_box_row_get_selectable (GTK_LIST_BOX_ROW (row)));
  g_assert_null (gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row)));   /* still under Collect */
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  pl_test_wait (500);
  assistant = find_assistant ();
  g_assert_nonnull (assistant);
  g_object_ref (assistant);
  g_assert_null (pl_import_assistant_get_file (assistant));
  g_assert_cmpstr (adw_preferences_row_get_title (child (assistant, "file_row")), ==, "No file chosen");
  g_assert_false (next_sensitive (assistant));
  g_assert_true (find_file_chooser ());
  g_assert_cmpstr (pl_window_get_page (window), ==, "validate");   /* the page on show stays */
  close_assistant (assistant);
  pl_test_wait (100);
  g_assert_false (find_file_chooser ());

  /* Dragging shows where to drop. */
  {
    GtkDropTarget *target = find_drop_target (window);
    GtkRevealer *revealer = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                         PL_TYPE_WINDOW, "drop_revealer"));
    GdkDragAction action = 0;

    g_signal_emit_by_name (target, "enter", 300.0, 300.0, &action);
    g_assert_true (gtk_revealer_get_reveal_child (revealer));
    pl_test_wait (400);
    screenshot_light_and_dark (GTK_WIDGET (window), "import-drop-highlight");
    g_signal_emit_by_name (target, "leave");
    g_assert_false (gtk_revealer_get_reveal_child (revealer));
    pl_test_wait (400);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (revealer)));
  }

  /* A file that is not CSV is turned down. */
  g_assert_false (drop_files (window, "/etc/hostname.png", NULL));
  g_assert_null (find_assistant ());

  /* A CSV file opens the assistant on it. */
  g_assert_true (drop_files (window, path, NULL));
  assistant = find_assistant ();
  g_assert_nonnull (assistant);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (assistant)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (assistant)));
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (g_file_equal (pl_import_assistant_get_file (assistant), file));
  }
  g_object_ref (assistant);
  g_assert_true (pl_test_wait_until (not_busy_cb, assistant, 20000));

  /* A second drop while it is open does not open another. */
  g_assert_false (drop_files (window, path, NULL));
  close_assistant (assistant);
  g_assert_null (find_assistant ());

  /* Without a workspace, a drop is explained and opens nothing. */
  pl_window_set_workspace (window, NULL);
  pl_test_wait (200);
  {
    GtkDropTarget *target = find_drop_target (window);
    GdkDragAction action = 0;

    g_signal_emit_by_name (target, "enter", 300.0, 300.0, &action);
    pl_test_wait (400);
    pl_test_screenshot (GTK_WIDGET (window), "import-drop-no-workspace-light");
    g_signal_emit_by_name (target, "leave");
  }
  g_assert_false (drop_files (window, path, NULL));
  g_assert_null (find_assistant ());

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  pl_test_init (&argc, &argv);

  g_test_add_func ("/app/import/complaints", test_complaints);
  g_test_add_func ("/app/import/rejects", test_rejects);
  g_test_add_func ("/app/import/nps-latin1", test_nps_latin1);
  g_test_add_func ("/app/import/existing-survey", test_existing_survey);
  g_test_add_func ("/app/import/value-map", test_value_map);
  g_test_add_func ("/app/import/bad-files", test_bad_files);
  g_test_add_func ("/app/import/ambiguous-dates", test_ambiguous_dates);
  g_test_add_func ("/app/import/override-dialect", test_override_dialect);
  g_test_add_func ("/app/import/save-preset", test_save_preset);
  g_test_add_func ("/app/import/cancel", test_cancel);
  g_test_add_func ("/app/import/window", test_window);

  return g_test_run ();
}
