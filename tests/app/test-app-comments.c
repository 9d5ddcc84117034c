/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include "core/pl-informal.h"
#include "core/pl-util.h"

#include "pl-comments-page.h"
#include "pl-test-utils.h"
#include "pl-test-db.h"

/* One demo workspace (12 colleagues, 5 channels, no informal feedback)
 * for the whole run; each test works on its own copy. */
static char *demo_path;

static PlWorkspace *
open_copy (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *file_name = g_strconcat (name, ".plumbline", NULL);
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), file_name, NULL);
  PlWorkspace *workspace;
  gsize length;

  g_assert_true (g_file_get_contents (demo_path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, length, &error));

  workspace = pl_workspace_open (path, &error);
  g_assert_no_error (error);
  return workspace;
}

static gpointer
child (PlCommentsPage *page,
       const char     *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_COMMENTS_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static GtkWindow *
make_window (PlCommentsPage *page,
             int             width,
             int             height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  g_object_ref (window);
  gtk_window_set_application (window, GTK_APPLICATION (pl_test_application ()));
  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, GTK_WIDGET (page));
  pl_test_present (window);
  pl_test_wait (200);

  return window;
}

static void
destroy_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  pl_test_wait (50);
  g_assert_finalize_object (window);
}

/* comments-<name>-<light|dark>-<wide|narrow>.png */
static void
screenshots (GtkWindow  *window,
             const char *name,
             int         height)
{
  const struct { const char *size; int width; } sizes[] = { { "wide", 1200 }, { "narrow", 400 } };
  const struct { const char *scheme; AdwColorScheme value; } schemes[] = {
    { "light", ADW_COLOR_SCHEME_FORCE_LIGHT }, { "dark", ADW_COLOR_SCHEME_FORCE_DARK },
  };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      gtk_window_set_default_size (window, sizes[s].width, height);
      pl_test_wait (250);
      for (guint c = 0; c < G_N_ELEMENTS (schemes); c++)
        {
          g_autofree char *file = g_strdup_printf ("comments-%s-%s-%s", name, schemes[c].scheme, sizes[s].size);

          adw_style_manager_set_color_scheme (adw_style_manager_get_default (), schemes[c].value);
          pl_test_wait (200);
          pl_test_screenshot (GTK_WIDGET (window), file);
        }
    }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (window, 1200, height);
  pl_test_wait (200);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

/* The search entry filters after a short delay. */
static gboolean
has_one_row (gpointer list)
{
  return count_rows (list) == 1;
}

static gboolean
has_four_rows (gpointer list)
{
  return count_rows (list) == 4;
}

static guint
string_index (GListModel *model,
              const char *text)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
      return i;

  g_assert_not_reached ();
}

/* The number in the counts table at (@row, @column): row 0 and column 0
 * are the headings. */
static const char *
count_cell (PlCommentsPage *page,
            int             column,
            int             row)
{
  GtkWidget *cell = gtk_grid_get_child_at (child (page, "counts_grid"), column, row);

  g_assert_true (GTK_IS_LABEL (cell));
  return gtk_label_get_text (GTK_LABEL (cell));
}

static char *
text_of (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
type_comment (PlCommentsPage *page,
              const char     *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (child (page, "text_view")), text, -1);
}

static gint64
count_feedback (PlWorkspace *workspace)
{
  return pl_test_query_int (workspace, "SELECT count (*) FROM informal_feedback WHERE trashed_at IS NULL");
}

static void
test_empty_states (void)
{
  PlCommentsPage *page = pl_comments_page_new ();
  GtkWindow *window = make_window (page, 1200, 900);
  g_autoptr(PlWorkspace) workspace = NULL;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "stack")), ==, "no-workspace");
  screenshots (window, "no-workspace", 700);

  workspace = open_copy ("comments-empty");
  pl_comments_page_set_workspace (page, workspace);
  pl_test_wait (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "stack")), ==, "main");
  g_assert_true (gtk_widget_get_visible (child (page, "empty_label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "empty_label")), "No comments recorded yet."));
  g_assert_cmpstr (count_cell (page, 4, 7), ==, "0");
  /* Ready to type: today's date, a comment card, neutral. */
  {
    g_autofree char *today = pl_today_iso ();

    g_assert_cmpstr (gtk_editable_get_text (child (page, "date_row")), ==, today);
  }
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "source_row")), ==, PL_INFORMAL_SOURCE_COMMENT_CARD);
  g_assert_true (gtk_toggle_button_get_active (child (page, "neutral_button")));
  screenshots (window, "empty", 1000);

  destroy_window (window);
}

static void
test_quick_entry (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("comments-entry");
  PlCommentsPage *page = pl_comments_page_new ();
  GtkWindow *window = make_window (page, 1200, 1100);
  g_autofree char *colleague = pl_test_query_text (workspace, "SELECT display_name FROM colleagues WHERE id = 4");
  g_autofree char *text = NULL;
  GtkWidget *focus;
  gint64 id;

  pl_comments_page_set_workspace (page, workspace);
  pl_test_wait (100);

  /* Nothing typed: nothing saved, the error under the text. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "comments.save", NULL));
  g_assert_true (gtk_widget_get_visible (child (page, "text_error")));
  g_assert_cmpstr (gtk_label_get_text (child (page, "text_error")), ==,
                   "Write down what the customer said, in their words where you can.");
  g_assert_cmpint (count_feedback (workspace), ==, 0);

  /* A date in the future: nothing saved, the error under the date. */
  type_comment (page, "Lovely staff at the counter.");
  g_assert_false (gtk_widget_get_visible (child (page, "text_error")));
  gtk_editable_set_text (child (page, "date_row"), "2999-01-01");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "comments.save", NULL));
  g_assert_true (gtk_widget_get_visible (child (page, "details_error")));
  g_assert_cmpstr (gtk_label_get_text (child (page, "details_error")), ==,
                   "The received date is in the future. Record feedback once it has been given.");
  g_assert_true (gtk_widget_has_css_class (child (page, "date_row"), "error"));
  g_assert_cmpint (count_feedback (workspace), ==, 0);
  screenshots (window, "error", 1100);

  /* Three comment cards from the same day, one after the other
   * (comments.save is what Ctrl+Enter runs). */
  gtk_editable_set_text (child (page, "date_row"), "2026-09-14");
  gtk_toggle_button_set_active (child (page, "positive_button"), TRUE);
  adw_combo_row_set_selected (child (page, "colleague_row"),
                              string_index (adw_combo_row_get_model (child (page, "colleague_row")), colleague));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "comments.save", NULL));
  g_assert_cmpint (count_feedback (workspace), ==, 1);
  g_assert_cmpstr (text = pl_test_query_text (workspace,
                                              "SELECT source || '|' || received_on || '|' || text || '|' || sentiment"
                                              " || '|' || colleague_id || '|' || coalesce (channel_id, '-')"
                                              " FROM informal_feedback"),
                   ==, "comment_card|2026-09-14|Lovely staff at the counter.|positive|4|-");
  g_clear_pointer (&text, g_free);

  /* Ready for the next: text empty and focused, same source and day,
   * neutral again, no colleague. */
  g_assert_cmpstr (text = text_of (child (page, "text_view")), ==, "");
  g_clear_pointer (&text, g_free);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == child (page, "text_view"));
  g_assert_cmpstr (gtk_editable_get_text (child (page, "date_row")), ==, "2026-09-14");
  g_assert_true (gtk_toggle_button_get_active (child (page, "neutral_button")));
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "colleague_row")), ==, 0);

  type_comment (page, "The queue was far too long.");
  gtk_toggle_button_set_active (child (page, "negative_button"), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "comments.save", NULL));
  type_comment (page, "Where do I find the form for a refund?");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "comments.save", NULL));
  /* And one on social media. */
  adw_combo_row_set_selected (child (page, "source_row"), PL_INFORMAL_SOURCE_SOCIAL_MEDIA);
  type_comment (page, "Waited forty minutes on hold again.");
  gtk_toggle_button_set_active (child (page, "negative_button"), TRUE);
  adw_combo_row_set_selected (child (page, "channel_row"), 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "comments.save", NULL));
  g_assert_cmpint (count_feedback (workspace), ==, 4);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM informal_feedback"
                                                 " WHERE source = 'social_media' AND channel_id = 1"), ==, 1);

  /* The list and the table: comment card 1 positive, 1 neutral,
   * 1 negative; social media 1 negative (hand-counted from above). */
  g_assert_cmpuint (count_rows (child (page, "log_list")), ==, 4);
  g_assert_cmpstr (count_cell (page, 1, 1 + PL_INFORMAL_SOURCE_COMMENT_CARD), ==, "1");
  g_assert_cmpstr (count_cell (page, 2, 1 + PL_INFORMAL_SOURCE_COMMENT_CARD), ==, "1");
  g_assert_cmpstr (count_cell (page, 3, 1 + PL_INFORMAL_SOURCE_COMMENT_CARD), ==, "1");
  g_assert_cmpstr (count_cell (page, 4, 1 + PL_INFORMAL_SOURCE_COMMENT_CARD), ==, "3");
  g_assert_cmpstr (count_cell (page, 3, 1 + PL_INFORMAL_SOURCE_SOCIAL_MEDIA), ==, "1");
  g_assert_cmpstr (count_cell (page, 3, 1 + PL_INFORMAL_N_SOURCES), ==, "2");
  g_assert_cmpstr (count_cell (page, 4, 1 + PL_INFORMAL_N_SOURCES), ==, "4");

  /* Filters: negative only, then words. */
  gtk_drop_down_set_selected (child (page, "sentiment_filter"), 1 + PL_INFORMAL_SENTIMENT_NEGATIVE);
  g_assert_cmpuint (count_rows (child (page, "log_list")), ==, 2);
  gtk_drop_down_set_selected (child (page, "sentiment_filter"), 0);
  gtk_editable_set_text (child (page, "search_entry"), "queue");
  g_assert_true (pl_test_wait_until (has_one_row, child (page, "log_list"), 2000));
  gtk_editable_set_text (child (page, "search_entry"), "");
  g_assert_true (pl_test_wait_until (has_four_rows, child (page, "log_list"), 2000));
  screenshots (window, "log", 1100);

  /* Correct one: it becomes negative, on another day. */
  id = pl_test_query_int (workspace, "SELECT id FROM informal_feedback WHERE text LIKE 'Where%'");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "comments.edit", "x", id));
  g_assert_cmpstr (gtk_label_get_text (child (page, "form_title")), ==, "Correct a Comment");
  g_assert_true (gtk_widget_get_visible (child (page, "cancel_button")));
  g_assert_cmpstr (text = text_of (child (page, "text_view")), ==, "Where do I find the form for a refund?");
  g_clear_pointer (&text, g_free);
  gtk_toggle_button_set_active (child (page, "negative_button"), TRUE);
  gtk_editable_set_text (child (page, "date_row"), "2026-09-15");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "comments.save", NULL));
  g_assert_cmpint (count_feedback (workspace), ==, 4);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT sentiment || '|' || received_on FROM informal_feedback"
                                            " WHERE id = %" G_GINT64_FORMAT, id);

    g_assert_cmpstr (text = pl_test_query_text (workspace, sql), ==, "negative|2026-09-15");
    g_clear_pointer (&text, g_free);
  }
  g_assert_cmpstr (gtk_label_get_text (child (page, "form_title")), ==, "Record a Comment");
  g_assert_false (gtk_widget_get_visible (child (page, "cancel_button")));

  /* Trash with Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "comments.trash", "x", id));
  g_assert_cmpint (count_feedback (workspace), ==, 3);
  g_assert_cmpuint (count_rows (child (page, "log_list")), ==, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "comments.restore", "x", id));
  g_assert_cmpint (count_feedback (workspace), ==, 4);
  g_assert_cmpuint (count_rows (child (page, "log_list")), ==, 4);

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlWorkspace) demo = NULL;
  int status;

  pl_test_init (&argc, &argv);

  demo = pl_test_make_demo (pl_test_tmp_dir ());
  demo_path = g_strdup (pl_workspace_get_path (demo));
  pl_workspace_close (demo);

  g_test_add_func ("/app/comments/empty-states", test_empty_states);
  g_test_add_func ("/app/comments/quick-entry", test_quick_entry);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
