/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <string.h>

#include "core/pl-error.h"
#include "core/pl-theme.h"
#include "core/pl-util.h"

#include "pl-themes-page.h"
#include "pl-test-utils.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run: it takes a few seconds to make.
 * Each test works on its own copy. The demo (src/core/pl-demo.c) has no
 * themes and about 2,300 comments: survey comments, complaint
 * descriptions and monitoring notes, none excluded or trashed. */
static char *demo_path;

/* Every comment of the demo, straight from the tables: a response's own
 * comment, a complaint's description, an observation's comments, leaving
 * out excluded and trashed records (the demo has no free-text answers). */
#define SQL_N_COMMENTS \
  "SELECT (SELECT count (*) FROM responses WHERE trim (coalesce (comment, '')) <> ''" \
  "          AND NOT excluded AND trashed_at IS NULL)" \
  "     + (SELECT count (*) FROM complaints WHERE trim (coalesce (description, '')) <> ''" \
  "          AND NOT excluded AND trashed_at IS NULL)" \
  "     + (SELECT count (*) FROM observations WHERE trim (coalesce (comments, '')) <> ''" \
  "          AND NOT excluded AND trashed_at IS NULL)"

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
  g_assert_nonnull (workspace);

  return workspace;
}

static gpointer
child (PlThemesPage *page,
       const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_THEMES_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_state (PlThemesPage *page)
{
  return gtk_stack_get_visible_child_name (child (page, "stack"));
}

static void
show_view (PlThemesPage *page,
           const char   *name)
{
  adw_view_stack_set_visible_child_name (child (page, "view_stack"), name);
  pl_test_wait (100);
}

static GtkWindow *
make_window (PlThemesPage *page,
             int           width,
             int           height)
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

static void
screenshots_at (GtkWindow  *window,
                const char *name,
                const char *width_name)
{
  GtkWidget *widget = GTK_WIDGET (window);
  g_autofree char *light = g_strdup_printf ("themes-%s-light-%s", name, width_name);
  g_autofree char *dark = g_strdup_printf ("themes-%s-dark-%s", name, width_name);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (200);
  pl_test_screenshot (widget, light);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  pl_test_wait (200);
  pl_test_screenshot (widget, dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (100);
}

/* Light and dark, 1200 and 400 pixels wide. */
static void
screenshots (GtkWindow  *window,
             const char *name,
             int         height)
{
  gtk_window_set_default_size (window, 1200, height);
  pl_test_wait (300);
  screenshots_at (window, name, "wide");
  gtk_window_set_default_size (window, 400, height);
  pl_test_wait (300);
  screenshots_at (window, name, "narrow");
  gtk_window_set_default_size (window, 1200, height);
  pl_test_wait (300);
}

/* Scrolls so that @widget's top shows. */
static void
scroll_to (GtkScrolledWindow *scrolled,
           GtkWidget         *widget)
{
  GtkWidget *content = gtk_scrolled_window_get_child (scrolled);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  graphene_rect_t bounds;

  pl_test_wait (100);
  g_assert_true (gtk_widget_compute_bounds (widget, content, &bounds));
  gtk_adjustment_set_value (adjustment, bounds.origin.y - 12);
  pl_test_wait (200);
}

static gint64
data_id (gpointer    object,
         const char *key)
{
  gint64 *id = g_object_get_data (G_OBJECT (object), key);

  return id != NULL ? *id : 0;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static GtkListBoxRow *
row_with_id (GtkListBox *list,
             gint64      id)
{
  for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (data_id (row, "theme-id") == id)
        return row;
    }

  return NULL;
}

static gint64
theme_id (PlWorkspace *workspace,
          const char  *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM themes WHERE name = '%s'", name);

  return pl_test_query_int (workspace, sql);
}

static gint64
count_sql (PlWorkspace *workspace,
           const char  *format,
           ...) G_GNUC_PRINTF (2, 3);

static gint64
count_sql (PlWorkspace *workspace,
           const char  *format,
           ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return pl_test_query_int (workspace, sql);
}

static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/* Whether a label anywhere under @widget (toasts included) says @text. */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (has_label (c, text))
      return TRUE;

  return FALSE;
}

static void
collect_checks (GtkWidget *widget,
                GPtrArray *checks)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_CHECK_BUTTON (c) && data_id (c, "theme-id") != 0)
        g_ptr_array_add (checks, c);
      collect_checks (c, checks);
    }
}

/* The tick for a theme on the selected comment. */
static GtkCheckButton *
code_check (PlThemesPage *page,
            gint64        id)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();

  collect_checks (child (page, "codes_list"), checks);
  for (guint i = 0; i < checks->len; i++)
    if (data_id (checks->pdata[i], "theme-id") == id)
      return checks->pdata[i];

  g_assert_not_reached ();
}

/* The comment the coding view shows, as its list says. */
static PlComment *
page_comment (GListModel *expected,
              guint       index)
{
  return g_list_model_get_item (expected, index);
}

static char *
comment_codes_of (PlWorkspace *workspace,
                  PlComment   *comment)
{
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("SELECT coalesce (group_concat (theme_id || ':' || origin, ','), '') FROM"
                         " (SELECT theme_id, origin FROM comment_codes WHERE entity = '%s' AND entity_id = %"
                         G_GINT64_FORMAT " AND question_id = %" G_GINT64_FORMAT " ORDER BY theme_id)",
                         pl_comment_entity_to_string (pl_comment_get_entity (comment)),
                         pl_comment_get_entity_id (comment), pl_comment_get_question_id (comment));
  return pl_test_query_text (workspace, sql);
}

static void
test_empty_and_starter (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("starter");
  g_autoptr(GListModel) themes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *total = NULL;
  PlThemesPage *page = pl_themes_page_new ();
  GtkWindow *window = make_window (page, 1200, 800);
  GtkListBox *codebook;
  gint64 n_comments;

  g_assert_cmpstr (visible_state (page), ==, "no-workspace");

  /* The demo has no themes: the page explains them and offers both ways
   * to start, saying how many comments wait. */
  pl_themes_page_set_workspace (page, workspace);
  g_assert_cmpstr (visible_state (page), ==, "no-codebook");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM themes"), ==, 0);
  n_comments = pl_test_query_int (workspace, SQL_N_COMMENTS);
  g_assert_cmpint (n_comments, >, 2000);
  total = format_count (n_comments);
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "no_codebook_label")), total));
  screenshots (window, "empty", 800);

  /* The starter codebook: seven themes with their rules, in the tables
   * and on the page in the same order. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.start-starter", NULL));
  g_assert_cmpstr (visible_state (page), ==, "main");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM themes"), ==, 7);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM theme_rules"), ==, 43);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM theme_rules r JOIN themes t ON"
                                                 " t.id = r.theme_id WHERE t.name = 'Waiting / on hold'"), ==, 3);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (child (page, "view_stack")), ==, "codebook");

  codebook = child (page, "codebook_list");
  themes = pl_theme_list (workspace, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_rows (codebook), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(PlTheme) theme = g_list_model_get_item (themes, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (codebook, i);

      g_assert_cmpint (data_id (row, "theme-id"), ==, pl_theme_get_id (theme));
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, pl_theme_get_name (theme));
    }
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (codebook, 0))),
                   ==, "Waiting / on hold");
  /* Nothing coded yet, three rules, and the sentiment the starter gives. */
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (gtk_list_box_get_row_at_index (codebook, 0))),
                   ==, "0 comments · 3 rules · Negative");
  g_assert_false (gtk_widget_get_visible (child (page, "archived_group")));

  /* A second starter is refused by the core; the page says so and adds
   * nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.start-starter", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM themes"), ==, 7);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_list_box_get_row_at_index (codebook, 0)), TRUE);
  screenshots (window, "codebook", 1000);

  pl_themes_page_set_workspace (page, NULL);
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  destroy_window (window);
}

static void
test_codebook (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("codebook");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sql = NULL;
  PlThemesPage *page = pl_themes_page_new ();
  GtkWindow *window;
  GtkListBox *codebook;
  GtkListBoxRow *row;
  GtkWidget *rule_row, *error_row;
  gint64 billing, debit, waiting, n_rules;

  pl_themes_page_set_workspace (page, workspace);
  window = make_window (page, 1000, 1000);
  codebook = child (page, "codebook_list");

  /* "Add a Theme…" on the empty codebook opens the form at the top level. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.start-empty", NULL));
  g_assert_cmpstr (visible_state (page), ==, "main");
  g_assert_true (gtk_widget_get_visible (child (page, "codebook_empty_box")));
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "new_parent_row")), ==, 0);

  /* No name: refused, nothing written, the form says why. */
  gtk_editable_set_text (child (page, "new_name_row"), "   ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.add", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM themes"), ==, 0);
  g_assert_true (gtk_widget_get_visible (child (page, "new_error_label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "new_error_label")),
                                   "The theme was not added: Give the theme a name"));

  gtk_editable_set_text (child (page, "new_name_row"), "Billing");
  gtk_editable_set_text (child (page, "new_description_row"), "Bills and charges.");
  g_assert_false (gtk_widget_get_visible (child (page, "new_error_label")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.add", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM themes"), ==, 1);
  billing = theme_id (workspace, "Billing");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT parent_id IS NULL FROM themes WHERE name = 'Billing'"), ==, 1);
  g_assert_cmpstr (text = pl_test_query_text (workspace, "SELECT description FROM themes WHERE name = 'Billing'"),
                   ==, "Bills and charges.");
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (count_rows (codebook), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (child (page, "new_name_row")), ==, "");

  /* The same name again at the top level (case aside): refused. */
  gtk_editable_set_text (child (page, "new_name_row"), "BILLING");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.add", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM themes"), ==, 1);
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "new_error_label")), "already a theme called"));

  /* A sub-theme: the row's button chooses the parent. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.add-sub", "x", billing));
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "new_parent_row")), ==, 1);
  gtk_editable_set_text (child (page, "new_name_row"), "Direct debit");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.add", NULL));
  debit = theme_id (workspace, "Direct debit");
  sql = g_strdup_printf ("SELECT parent_id FROM themes WHERE id = %" G_GINT64_FORMAT, debit);
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, billing);
  g_assert_cmpuint (count_rows (codebook), ==, 2);
  /* Tree order, the sub-theme after its theme. */
  g_assert_cmpint (data_id (gtk_list_box_get_row_at_index (codebook, 1), "theme-id"), ==, debit);

  gtk_editable_set_text (child (page, "new_name_row"), "Waiting");
  adw_combo_row_set_selected (child (page, "new_parent_row"), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.add", NULL));
  waiting = theme_id (workspace, "Waiting");

  /* Rename: refused when empty, kept as it was; then done. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.rename", "(xs)", waiting, ""));
  g_assert_cmpint (count_sql (workspace, "SELECT name = 'Waiting' FROM themes WHERE id = %" G_GINT64_FORMAT,
                              waiting), ==, 1);
  row = row_with_id (codebook, waiting);
  error_row = g_object_get_data (G_OBJECT (g_object_get_data (G_OBJECT (row), "name-row")), "error-row");
  g_assert_true (gtk_widget_get_visible (error_row));
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.rename", "(xs)", waiting,
                                             "Waiting / on hold"));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT name FROM themes WHERE id = %" G_GINT64_FORMAT, waiting);
  g_assert_cmpstr (text = pl_test_query_text (workspace, sql), ==, "Waiting / on hold");
  g_clear_pointer (&text, g_free);
  row = row_with_id (codebook, waiting);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Waiting / on hold");
  /* Open rows stay open across the rebuild. */
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));

  /* Describe, with a sentiment. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.describe", "(xsi)", waiting,
                                             "Kept on hold or in a queue.", (gint32) PL_THEME_SENTIMENT_NEGATIVE));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT description || '|' || sentiment FROM themes WHERE id = %" G_GINT64_FORMAT, waiting);
  g_assert_cmpstr (text = pl_test_query_text (workspace, sql), ==, "Kept on hold or in a queue.|negative");
  g_clear_pointer (&text, g_free);
  row = row_with_id (codebook, waiting);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                   "0 comments · no rules · Negative");

  /* Rules: a bad pattern says why next to the field and writes nothing. */
  g_assert_false (pl_theme_pattern_check ("w*", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.add-rule", "(xs)", waiting, "w*"));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM theme_rules"), ==, 0);
  row = row_with_id (codebook, waiting);
  rule_row = g_object_get_data (G_OBJECT (row), "rule-row");
  error_row = g_object_get_data (G_OBJECT (rule_row), "error-row");
  g_assert_true (gtk_widget_get_visible (error_row));
  g_assert_true (has_label (error_row, error->message));
  g_assert_true (gtk_widget_has_css_class (rule_row, "error"));
  g_clear_error (&error);
  /* Editing the rule clears the error. */
  gtk_editable_set_text (GTK_EDITABLE (rule_row), "wait*");
  g_assert_false (gtk_widget_get_visible (error_row));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.add-rule", "(xs)", waiting, "wait*"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.add-rule", "(xs)", waiting,
                                             "\"on hold\""));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM theme_rules"), ==, 2);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT group_concat (pattern, ' | ') FROM theme_rules WHERE theme_id = %" G_GINT64_FORMAT,
                         waiting);
  g_assert_cmpstr (text = pl_test_query_text (workspace, sql), ==, "wait* | \"on hold\"");
  g_clear_pointer (&text, g_free);
  /* A rule that finds what another already finds is refused. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.add-rule", "(xs)", waiting, "WAIT*"));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM theme_rules"), ==, 2);
  /* The rule rows say what they find. */
  row = row_with_id (codebook, waiting);
  g_assert_true (has_label (GTK_WIDGET (row), "Finds comments with a word starting with “wait”"));
  g_assert_true (has_label (GTK_WIDGET (row), "Finds comments with the words “on hold” in a row"));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                   "0 comments · 2 rules · Negative");

  /* Remove a rule. */
  n_rules = pl_test_query_int (workspace, "SELECT max (id) FROM theme_rules");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.remove-rule", "x", n_rules));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM theme_rules"), ==, 1);
  screenshots (window, "codebook-edit", 1000);

  /* Archive Billing (its sub-theme goes with it), then Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.archive", "x", billing));
  g_assert_cmpint (count_sql (workspace, "SELECT archived_at IS NOT NULL FROM themes WHERE id = %" G_GINT64_FORMAT,
                              billing), ==, 1);
  g_assert_cmpuint (count_rows (codebook), ==, 1);
  g_assert_null (row_with_id (codebook, debit));
  g_assert_true (gtk_widget_get_visible (child (page, "archived_group")));
  g_assert_nonnull (row_with_id (child (page, "archived_list"), billing));
  g_assert_true (has_label (child (page, "toast_overlay"), "“Billing” archived"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.restore", "x", billing));
  g_assert_cmpint (count_sql (workspace, "SELECT archived_at IS NULL FROM themes WHERE id = %" G_GINT64_FORMAT,
                              billing), ==, 1);
  g_assert_cmpuint (count_rows (codebook), ==, 3);
  g_assert_nonnull (row_with_id (codebook, debit));
  g_assert_false (gtk_widget_get_visible (child (page, "archived_group")));

  destroy_window (window);
}

/* The coding view: keys and actions code the selected comment at once. */
static void
test_coding (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("coding");
  g_autoptr(GListModel) themes = NULL;
  g_autoptr(GListModel) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlComment) first = NULL;
  g_autoptr(PlComment) second = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *label = NULL;
  g_autofree char *count = NULL;
  PlThemesPage *page = pl_themes_page_new ();
  PlCommentFilter filter;
  GtkWindow *window;
  GtkListBox *comments;
  GtkShortcutController *shortcuts;
  gint64 theme1, theme2, waiting;
  guint total = 0;
  gboolean found_one = FALSE;

  g_assert_true (pl_theme_create_starter_codebook (workspace, &error));
  g_assert_no_error (error);
  themes = pl_theme_list (workspace, FALSE, &error);
  {
    g_autoptr(PlTheme) first_theme = g_list_model_get_item (themes, 0);
    g_autoptr(PlTheme) second_theme = g_list_model_get_item (themes, 1);

    theme1 = pl_theme_get_id (first_theme);
    theme2 = pl_theme_get_id (second_theme);
  }
  waiting = theme_id (workspace, "Waiting / on hold");
  g_assert_cmpint (waiting, ==, theme1);

  pl_themes_page_set_workspace (page, workspace);
  window = make_window (page, 1200, 900);
  show_view (page, "coding");
  comments = child (page, "comment_list");

  /* The first page, newest first, as the core lists them; the first is
   * selected and shown. */
  pl_comment_filter_init (&filter);
  expected = pl_comment_list (workspace, &filter, 0, 50, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, pl_test_query_int (workspace, SQL_N_COMMENTS));
  g_assert_cmpuint (count_rows (comments), ==, 50);
  label = format_count (total);
  count = g_strdup_printf ("1–50 of %s comments", label);
  g_assert_cmpstr (gtk_label_get_text (child (page, "comments_label")), ==, count);
  first = page_comment (expected, 0);
  second = page_comment (expected, 1);
  g_assert_cmpstr (gtk_label_get_text (child (page, "detail_text_label")), ==, pl_comment_get_text (first));
  g_assert_cmpstr (gtk_label_get_text (child (page, "detail_codes_label")), ==, "Not coded yet.");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_selected_row (comments))),
                   ==, pl_comment_get_text (first));

  /* The keys are there: 1–9 toggle a theme, J and K move. */
  shortcuts = g_object_get_data (G_OBJECT (child (page, "coding_leaflet")), "shortcuts");
  g_assert_nonnull (shortcuts);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (shortcuts)); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (shortcuts), i);
      g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
      g_autofree char *action = gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));

      if (g_str_equal (trigger, "1"))
        {
          g_assert_cmpstr (action, ==, "action(themes.toggle-number)");
          g_assert_cmpint (g_variant_get_int32 (gtk_shortcut_get_arguments (shortcut)), ==, 1);
          found_one = TRUE;
        }
      if (g_str_equal (trigger, "j"))
        g_assert_cmpstr (action, ==, "action(themes.next-comment)");
    }
  g_assert_true (found_one);

  /* Key 1 codes it with the first theme, by hand; key 2 adds the second. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.toggle-number", "i", 1));
  wanted = g_strdup_printf ("%" G_GINT64_FORMAT ":manual", theme1);
  g_assert_cmpstr (codes = comment_codes_of (workspace, first), ==, wanted);
  g_clear_pointer (&codes, g_free);
  g_clear_pointer (&wanted, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.toggle-number", "i", 2));
  wanted = g_strdup_printf ("%" G_GINT64_FORMAT ":manual,%" G_GINT64_FORMAT ":manual", theme1, theme2);
  g_assert_cmpstr (codes = comment_codes_of (workspace, first), ==, wanted);
  g_clear_pointer (&codes, g_free);
  g_clear_pointer (&wanted, g_free);
  g_assert_cmpstr (gtk_label_get_text (child (page, "detail_codes_label")), ==,
                   "Coded with Staff attitude, Waiting / on hold.");
  /* The row says so too, and the ticks. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (comments, 0))),
                            "Staff attitude, Waiting / on hold"));
  g_assert_true (gtk_check_button_get_active (code_check (page, theme1)));
  g_assert_true (gtk_check_button_get_active (code_check (page, theme2)));
  g_assert_false (gtk_check_button_get_active (code_check (page, theme_id (workspace, "Price"))));
  screenshots (window, "coding", 900);

  /* Key 1 again uncodes it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.toggle-number", "i", 1));
  wanted = g_strdup_printf ("%" G_GINT64_FORMAT ":manual", theme2);
  g_assert_cmpstr (codes = comment_codes_of (workspace, first), ==, wanted);
  g_clear_pointer (&codes, g_free);
  g_clear_pointer (&wanted, g_free);
  /* The action by theme does the same. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.toggle-code", "x", theme2));
  g_assert_cmpstr (codes = comment_codes_of (workspace, first), ==, "");
  g_clear_pointer (&codes, g_free);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM comment_codes"), ==, 0);

  /* J moves to the next comment; K back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.next-comment", NULL));
  g_assert_cmpstr (gtk_label_get_text (child (page, "detail_text_label")), ==, pl_comment_get_text (second));
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (comments)), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.previous-comment", NULL));
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (comments)), ==, 0);

  /* A suggestion: search for a comment on hold; the rules suggest
   * "Waiting / on hold"; accepting codes it by hand. */
  gtk_editable_set_text (child (page, "search_entry"), "on hold");
  g_signal_emit_by_name (child (page, "search_entry"), "search-changed");
  pl_test_wait (100);
  {
    g_autoptr(GListModel) held = NULL;
    g_autoptr(PlComment) comment = NULL;
    g_autoptr(GListModel) suggestions = NULL;
    guint n_held = 0;

    filter.search = "on hold";
    held = pl_comment_list (workspace, &filter, 0, 50, &n_held, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_held, >, 0);
    g_assert_cmpuint (count_rows (comments), ==, MIN (n_held, 50));
    comment = g_list_model_get_item (held, 0);
    g_assert_cmpstr (gtk_label_get_text (child (page, "detail_text_label")), ==, pl_comment_get_text (comment));
    suggestions = pl_comment_suggest (comment, workspace, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (suggestions), >=, 1);
    g_assert_true (gtk_widget_get_visible (child (page, "suggestions_group")));
    g_assert_cmpuint (count_rows (child (page, "suggestions_list")), ==, g_list_model_get_n_items (suggestions));
    g_assert_nonnull (row_with_id (child (page, "suggestions_list"), waiting));

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.accept", "x", waiting));
    wanted = g_strdup_printf ("%" G_GINT64_FORMAT ":manual", waiting);
    codes = comment_codes_of (workspace, comment);
    g_assert_nonnull (strstr (codes, wanted));
    g_clear_pointer (&codes, g_free);
    g_clear_pointer (&wanted, g_free);
    g_assert_null (row_with_id (child (page, "suggestions_list"), waiting));

    /* Accept All (key A) on the next one codes every suggestion. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.next-comment", NULL));
    g_clear_object (&comment);
    g_clear_object (&suggestions);
    comment = g_list_model_get_item (held, 1);
    suggestions = pl_comment_suggest (comment, workspace, &error);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.accept-all", NULL));
    g_assert_cmpint (count_sql (workspace, "SELECT count (*) FROM comment_codes WHERE entity = '%s' AND entity_id = %"
                                G_GINT64_FORMAT " AND origin = 'manual'",
                                pl_comment_entity_to_string (pl_comment_get_entity (comment)),
                                pl_comment_get_entity_id (comment)),
                     ==, g_list_model_get_n_items (suggestions));
    g_assert_false (gtk_widget_get_visible (child (page, "suggestions_group")));
    filter.search = NULL;
  }
  gtk_editable_set_text (child (page, "search_entry"), "");
  g_signal_emit_by_name (child (page, "search_entry"), "search-changed");
  pl_test_wait (100);

  /* "Not yet coded": coding three comments of the page and moving on, the
   * next page starts where the uncoded ones now continue, skipping none. */
  gtk_check_button_set_active (child (page, "uncoded_check"), TRUE);
  {
    g_autoptr(GListModel) uncoded = NULL;
    g_autoptr(PlComment) next = NULL;
    guint n_uncoded = 0;

    g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (comments)), ==, 0);
    for (guint i = 0; i < 3; i++)
      {
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.toggle-number", "i", 3));
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.next-comment", NULL));
      }
    /* Still shown where they were, so the user can look back. */
    g_assert_cmpuint (count_rows (comments), ==, 50);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.next-page", NULL));

    filter.uncoded_only = TRUE;
    uncoded = pl_comment_list (workspace, &filter, 47, 1, &n_uncoded, &error);
    g_assert_no_error (error);
    next = g_list_model_get_item (uncoded, 0);
    g_assert_cmpstr (gtk_label_get_text (child (page, "detail_text_label")), ==, pl_comment_get_text (next));
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (comments, 0))),
                     ==, pl_comment_get_text (next));
    filter.uncoded_only = FALSE;
  }

  /* Narrow: the list and the comment fold into one column. */
  gtk_window_set_default_size (window, 400, 900);
  pl_test_wait (300);
  g_assert_true (adw_leaflet_get_folded (child (page, "coding_leaflet")));
  g_signal_emit_by_name (comments, "row-activated", gtk_list_box_get_selected_row (comments));
  pl_test_wait (300);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (child (page, "coding_leaflet")), ==, "detail");
  screenshots_at (window, "coding-detail", "narrow");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.show-list", NULL));
  pl_test_wait (300);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (child (page, "coding_leaflet")), ==, "list");

  destroy_window (window);
}

/* The filter: wrong dates say why and change nothing; right ones filter
 * the list as the core does. */
static void
test_filter (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("filter");
  g_autoptr(GListModel) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *label = NULL;
  PlThemesPage *page = pl_themes_page_new ();
  PlCommentFilter filter;
  GtkWindow *window;
  guint total = 0;
  gint64 email;

  g_assert_true (pl_theme_create_starter_codebook (workspace, &error));
  pl_themes_page_set_workspace (page, workspace);
  window = make_window (page, 1200, 800);
  show_view (page, "coding");

  gtk_editable_set_text (child (page, "from_entry"), "2026-02-30");
  g_assert_true (gtk_widget_get_visible (child (page, "filter_error_label")));
  g_assert_cmpstr (gtk_label_get_text (child (page, "filter_error_label")), ==,
                   "Write a day as year-month-day, for example 2026-07-01.");
  gtk_editable_set_text (child (page, "from_entry"), "2026-07-01");
  gtk_editable_set_text (child (page, "to_entry"), "2026-06-01");
  g_assert_cmpstr (gtk_label_get_text (child (page, "filter_error_label")), ==,
                   "The last day comes before the first day. Swap them.");
  gtk_editable_set_text (child (page, "to_entry"), "2026-07-31");
  g_assert_false (gtk_widget_get_visible (child (page, "filter_error_label")));

  email = pl_test_query_int (workspace, "SELECT id FROM channels WHERE name = 'Email'");
  gtk_drop_down_set_selected (child (page, "channel_dropdown"), 2);

  pl_comment_filter_init (&filter);
  filter.from = "2026-07-01";
  filter.to = "2026-07-31";
  filter.channel_id = email;
  expected = pl_comment_list (workspace, &filter, 0, 50, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, >, 0);
  label = format_count (total);
  count = g_strdup_printf ("1–%u of %s comments", MIN (total, 50), label);
  g_assert_cmpstr (gtk_label_get_text (child (page, "comments_label")), ==, count);
  /* The same count straight from the tables: Email comments in July. */
  g_assert_cmpint (total, ==,
                   pl_test_query_int (workspace,
                                      "SELECT (SELECT count (*) FROM responses"
                                      "         WHERE trim (coalesce (comment, '')) <> ''"
                                      "           AND date (responded_on) BETWEEN '2026-07-01' AND '2026-07-31'"
                                      "           AND channel_id = (SELECT id FROM channels WHERE name = 'Email'))"
                                      "     + (SELECT count (*) FROM complaints"
                                      "         WHERE trim (coalesce (description, '')) <> ''"
                                      "           AND date (received_on) BETWEEN '2026-07-01' AND '2026-07-31'"
                                      "           AND channel_id = (SELECT id FROM channels WHERE name = 'Email'))"
                                      "     + (SELECT count (*) FROM observations"
                                      "         WHERE trim (coalesce (comments, '')) <> ''"
                                      "           AND date (observed_on) BETWEEN '2026-07-01' AND '2026-07-31'"
                                      "           AND channel_id = (SELECT id FROM channels WHERE name = 'Email'))"));
  g_assert_cmpstr (adw_button_content_get_label (child (page, "filter_button_content")), ==, "_Filter (2)");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.clear-filters", NULL));
  g_assert_cmpstr (adw_button_content_get_label (child (page, "filter_button_content")), ==, "_Filter");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "from_entry")), ==, "");

  destroy_window (window);
}

static void
test_apply_and_analysis (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("apply");
  g_autoptr(PlWorkspace) reference = open_copy ("apply-reference");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) frequencies = NULL;
  g_autoptr(GListModel) themes = NULL;
  g_autoptr(GListModel) quotes = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *reference_codes = NULL;
  g_autofree char *toast = NULL;
  g_autofree char *count = NULL;
  PlThemesPage *page = pl_themes_page_new ();
  PlThemeApplyResult result = { 0, };
  PlCommentFilter filter;
  GtkWindow *window;
  GtkListBox *list;
  const char *description;
  gint64 top_id = 0, top_count = -1, second_id = 0;
  const char *previous = NULL;

  g_assert_true (pl_theme_create_starter_codebook (workspace, &error));
  g_assert_true (pl_theme_create_starter_codebook (reference, &error));
  g_assert_no_error (error);

  pl_themes_page_set_workspace (page, workspace);
  window = make_window (page, 1200, 1000);
  show_view (page, "analysis");
  /* Nothing coded: the analysis says what to do. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "analysis_stack")), ==, "empty");

  /* Apply the rules from the page, and on the other copy through the
   * core: the same codes, all from rules, and the toast counts them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.apply-rules", NULL));
  pl_comment_filter_init (&filter);
  g_assert_true (pl_theme_apply_rules (reference, &filter, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.coded, >, 1000);
  codes = pl_test_query_text (workspace, "SELECT group_concat (entity || entity_id || ':' || question_id || ':' ||"
                                         " theme_id || ':' || origin, ',') FROM (SELECT * FROM comment_codes"
                                         " ORDER BY entity, entity_id, question_id, theme_id)");
  reference_codes = pl_test_query_text (reference, "SELECT group_concat (entity || entity_id || ':' || question_id"
                                                   " || ':' || theme_id || ':' || origin, ',') FROM (SELECT * FROM"
                                                   " comment_codes ORDER BY entity, entity_id, question_id, theme_id)");
  g_assert_cmpstr (codes, ==, reference_codes);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM comment_codes"), ==, result.codes);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM comment_codes WHERE origin = 'rule'"), ==,
                   result.codes);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (DISTINCT entity || entity_id || ':' || question_id)"
                                                 " FROM comment_codes"), ==, result.coded);
  count = format_count (result.coded);
  toast = g_strdup_printf ("%s comments coded by rules", count);
  g_assert_true (has_label (child (page, "toast_overlay"), toast));

  /* The analysis: the themes by frequency, largest first, as the core
   * counts them and as SQL counts the codes. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "analysis_stack")), ==, "figures");
  frequencies = pl_theme_frequencies (workspace, &filter, PL_THEME_BREAKDOWN_NONE, &error);
  g_assert_no_error (error);
  themes = pl_theme_list (workspace, FALSE, &error);
  g_assert_cmpuint (frequencies->len, ==, 7);
  list = child (page, "frequency_list");
  g_assert_cmpuint (count_rows (list), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      gint64 id = data_id (row, "theme-id");
      const PlThemeFrequency *f = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *n = NULL;

      for (guint j = 0; j < frequencies->len; j++)
        if (g_array_index (frequencies, PlThemeFrequency, j).theme_id == id)
          f = &g_array_index (frequencies, PlThemeFrequency, j);
      g_assert_nonnull (f);
      /* Descending: no row counts more than the one before. */
      if (i > 0)
        g_assert_cmpint (f->n_coded, <=, top_count);
      else
        top_id = id;
      if (i == 1)
        second_id = id;
      top_count = f->n_coded;
      g_assert_cmpint (f->n_coded, ==, count_sql (workspace, "SELECT count (DISTINCT entity || entity_id || ':' ||"
                                                  " question_id) FROM comment_codes WHERE theme_id = %"
                                                  G_GINT64_FORMAT, id));
      n = format_count (f->n_coded);
      subtitle = g_strdup_printf ("%s comments · %.1f%% of all comments", n, f->share);
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, subtitle);
    }

  /* The Pareto's summary names the themes in the same order. */
  description = g_object_get_data (G_OBJECT (child (page, "pareto_area")), "description");
  g_assert_nonnull (description);
  for (guint i = 0; i < 7; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      const char *at = strstr (description, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));

      g_assert_nonnull (at);
      g_assert_true (previous == NULL || at > previous);
      previous = at;
    }

  /* The top theme is shown first, with its quotes: the core's, newest
   * first, with day and channel and nothing else. */
  g_assert_true (gtk_list_box_get_selected_row (list) == gtk_list_box_get_row_at_index (list, 0));
  quotes = pl_theme_quotes (workspace, top_id, &filter, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (quotes), ==, 5);
  g_assert_cmpuint (count_rows (child (page, "quotes_list")), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(PlComment) quote = g_list_model_get_item (quotes, i);
      AdwActionRow *row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (child (page, "quotes_list"), i));
      g_autofree char *title = g_strdup_printf ("“%s”", pl_comment_get_text (quote));
      g_autofree char *day = pl_date_format_short (pl_comment_get_day (quote));
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", day, pl_comment_get_channel (quote));

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
      g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, subtitle);
    }

  /* By month, then by channel: one row per period with comments. */
  g_assert_cmpuint (count_rows (child (page, "trend_list")), ==,
                    pl_test_query_int (workspace, "SELECT count (DISTINCT substr (day, 1, 7)) FROM"
                                                  " (SELECT responded_on AS day FROM responses"
                                                  "   WHERE trim (coalesce (comment, '')) <> ''"
                                                  "  UNION ALL SELECT received_on FROM complaints"
                                                  "   WHERE trim (coalesce (description, '')) <> ''"
                                                  "  UNION ALL SELECT observed_on FROM observations"
                                                  "   WHERE trim (coalesce (comments, '')) <> '')"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "trend_label")), "“"));
  /* The demo starts on Monday 30 March 2026: its March has too few
   * comments to compare, and the words leave it out. */
  {
    gint64 march = pl_test_query_int (workspace, "SELECT (SELECT count (*) FROM responses"
                                                 "   WHERE trim (coalesce (comment, '')) <> ''"
                                                 "     AND responded_on < '2026-04-01')"
                                                 " + (SELECT count (*) FROM complaints"
                                                 "   WHERE trim (coalesce (description, '')) <> ''"
                                                 "     AND received_on < '2026-04-01')"
                                                 " + (SELECT count (*) FROM observations"
                                                 "   WHERE trim (coalesce (comments, '')) <> ''"
                                                 "     AND observed_on < '2026-04-01')");
    AdwActionRow *row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (child (page, "trend_list"), 0));

    g_assert_cmpint (march, >, 0);
    g_assert_cmpint (march, <, 30);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "March 2026");
    g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (row), "too few to compare"));
    g_assert_true (g_str_has_suffix (gtk_label_get_text (child (page, "trend_label")),
                                     "Left out of this comparison, with fewer than 30 comments each: March 2026."));
  }
  screenshots (window, "analysis", 1200);
  scroll_to (child (page, "analysis_scrolled"), child (page, "theme_group"));
  screenshots_at (window, "analysis-theme", "wide");
  gtk_window_set_default_size (window, 400, 1200);
  pl_test_wait (300);
  scroll_to (child (page, "analysis_scrolled"), child (page, "theme_group"));
  screenshots_at (window, "analysis-theme", "narrow");
  gtk_window_set_default_size (window, 1200, 1200);
  pl_test_wait (300);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "themes.select-theme", "x", second_id));
  gtk_toggle_button_set_active (child (page, "channel_button"), TRUE);
  {
    g_autoptr(GArray) by_channel = pl_theme_frequencies (workspace, &filter, PL_THEME_BREAKDOWN_CHANNEL, &error);
    guint n = 0, shown = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < by_channel->len; i++)
      {
        const PlThemeFrequency *f = &g_array_index (by_channel, PlThemeFrequency, i);
        g_autofree char *coded = NULL;
        g_autofree char *all = NULL;
        g_autofree char *subtitle = NULL;
        AdwActionRow *row;

        if (f->theme_id != second_id)
          continue;
        row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (child (page, "trend_list"), n++));
        coded = format_count (f->n_coded);
        all = format_count (f->n_comments);
        subtitle = g_strdup_printf ("%s of %s comments", coded, all);
        g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, subtitle);
        shown++;
      }
    g_assert_cmpuint (shown, ==, 5);
    g_assert_cmpuint (count_rows (child (page, "trend_list")), ==, 5);
    g_assert_nonnull (strstr (gtk_label_get_text (child (page, "trend_label")), "comes up most on"));
  }

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
  /* Closed, so that the file holds everything and copies of it are whole. */
  pl_workspace_close (demo);

  g_test_add_func ("/app/themes/empty-and-starter", test_empty_and_starter);
  g_test_add_func ("/app/themes/codebook", test_codebook);
  g_test_add_func ("/app/themes/coding", test_coding);
  g_test_add_func ("/app/themes/filter", test_filter);
  g_test_add_func ("/app/themes/apply-and-analysis", test_apply_and_analysis);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
