/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <string.h>

#include "core/pl-finding.h"
#include "core/pl-theme.h"

#include "pl-chart-widget.h"
#include "pl-findings-page.h"
#include "pl-test-utils.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run, with the starter codebook applied
 * to its comments so that the price theme can grow (planted pattern (f),
 * src/core/pl-demo.c); each test works on its own copy. The demo ends on
 * 2026-09-27: September 2026 is the latest month. */
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
  g_assert_nonnull (workspace);

  return workspace;
}

static gpointer
child (PlFindingsPage *page,
       const char     *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_FINDINGS_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_state (PlFindingsPage *page)
{
  return gtk_stack_get_visible_child_name (child (page, "stack"));
}

static GtkWindow *
make_window (PlFindingsPage *page,
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

/* Light and dark, at the window's size: <page>-<what>-<light|dark>-<size>. */
static void
screenshots (GtkWidget  *widget,
             const char *what,
             const char *size)
{
  g_autofree char *light = g_strdup_printf ("findings-%s-light-%s", what, size);
  g_autofree char *dark = g_strdup_printf ("findings-%s-dark-%s", what, size);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (200);
  pl_test_screenshot (widget, light);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  pl_test_wait (200);
  pl_test_screenshot (widget, dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (100);
}

static void
resize (GtkWindow *window,
        int        width,
        int        height)
{
  gtk_window_set_default_size (window, width, height);
  pl_test_wait (300);
  pl_test_wait_laid_out (GTK_WIDGET (window));
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

/* The row of the finding, in any of the three lists, and which list. */
static AdwExpanderRow *
finding_row (PlFindingsPage *page,
             gint64          id,
             const char    **list_name)
{
  static const char * const lists[] = { "decide_list", "confirmed_list", "rejected_list" };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      GtkListBox *list = child (page, lists[l]);

      for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

          if (data_id (row, "finding-id") == id)
            {
              if (list_name != NULL)
                *list_name = lists[l];
              return ADW_EXPANDER_ROW (row);
            }
        }
    }

  return NULL;
}

static const char *
list_of (PlFindingsPage *page,
         gint64          id)
{
  const char *name = NULL;

  g_assert_nonnull (finding_row (page, id, &name));
  return name;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_type (GtkWidget *widget,
          GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return TRUE;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (has_type (c, type))
      return TRUE;

  return FALSE;
}

/* Whether a label under @widget shows @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, text))
      return TRUE;

  return FALSE;
}

static GtkWindow *
find_editor (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (g_strcmp0 (gtk_widget_get_name (l->data), "findings-editor") == 0 && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static void
fill_editor (GtkWindow  *editor,
             const char *title,
             const char *statement)
{
  GtkTextView *view = GTK_TEXT_VIEW (find_named (GTK_WIDGET (editor), "statement"));

  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (editor), "title")), title);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), statement, -1);
}

static void
click_save (GtkWindow *editor)
{
  g_signal_emit_by_name (find_named (GTK_WIDGET (editor), "save"), "clicked");
  pl_test_wait (100);
}

/* Ctrl+Enter, through the window's own shortcut. */
static void
press_ctrl_enter (GtkWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean pressed = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !pressed; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !pressed; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Return &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == GDK_CONTROL_MASK)
            pressed = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, GTK_WIDGET (window),
                                                    gtk_shortcut_get_arguments (shortcut));
        }
    }

  g_assert_true (pressed);
  pl_test_wait (100);
}

static gint64
key_id (PlWorkspace *workspace,
        const char  *sql_key)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce ((SELECT id FROM findings WHERE key = %s), 0)", sql_key);

  return pl_test_query_int (workspace, sql);
}

static char *
query_text (PlWorkspace *workspace,
            const char  *format,
            ...) G_GNUC_PRINTF (2, 3);

static char *
query_text (PlWorkspace *workspace,
            const char  *format,
            ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return pl_test_query_text (workspace, sql);
}

/* Tests */

static void
test_empty_and_propose (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("propose");
  g_autofree char *summary = NULL;
  PlFindingsPage *page = pl_findings_page_new ();
  GtkWindow *window = make_window (page, 1200, 900);
  gint64 total;

  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  gtk_widget_activate_action (GTK_WIDGET (page), "findings.propose", NULL);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings"), ==, 0);

  /* No findings yet: the page says what it is for and offers the first step. */
  pl_findings_page_set_workspace (page, workspace);
  g_assert_cmpstr (visible_state (page), ==, "empty");
  pl_test_wait (200);
  screenshots (GTK_WIDGET (window), "empty", "wide");
  resize (window, 400, 900);
  screenshots (GTK_WIDGET (window), "empty", "narrow");
  resize (window, 1200, 900);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.propose", NULL));
  pl_test_wait (100);
  g_assert_cmpstr (visible_state (page), ==, "main");

  /* Every proposal is listed to decide, none decided yet. */
  total = pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings");
  g_assert_cmpint (total, >, 10);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings WHERE status = 'proposed'"),
                   ==, total);
  g_assert_cmpuint (count_rows (child (page, "decide_list")), ==, total);
  g_assert_false (gtk_widget_get_visible (child (page, "confirmed_group")));
  g_assert_false (gtk_widget_get_visible (child (page, "rejected_group")));
  summary = g_strdup_printf ("%" G_GINT64_FORMAT " to decide · 0 confirmed · 0 rejected", total);
  g_assert_cmpstr (gtk_label_get_text (child (page, "summary_label")), ==, summary);

  /* The planted patterns are among them: email CSAT short of target, the
   * NPS fall, the growing price theme, Priya Shah's coaching needs. */
  g_assert_cmpint (key_id (workspace, "'shortfall:kpi:1:channel:2:2026-09'"), >, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings WHERE kind = 'signal'"
                                                 " AND kpi_id = 2 AND key LIKE '%:down:%'"), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings WHERE kind = 'theme'"
                                                 " AND title = 'Growing theme: Price'"), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings WHERE kind = 'gap'"
                                                 " AND title LIKE 'Coaching need for Priya Shah:%'"), >=, 3);

  /* Proposing again adds nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.propose", NULL));
  pl_test_wait (100);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings"), ==, total);
  g_assert_cmpuint (count_rows (child (page, "decide_list")), ==, total);

  pl_findings_page_set_workspace (page, NULL);
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  destroy_window (window);
}

static void
test_decide (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("decide");
  g_autofree char *text = NULL;
  PlFindingsPage *page = pl_findings_page_new ();
  GtkWindow *window;
  AdwMessageDialog *dialog;
  AdwExpanderRow *row;
  gint64 email, nps, social, own, total;

  g_assert_true (pl_finding_propose (workspace, 0, NULL, NULL, NULL));
  pl_findings_page_set_workspace (page, workspace);
  window = make_window (page, 1200, 1000);
  total = pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings");
  email = key_id (workspace, "'shortfall:kpi:1:channel:2:2026-09'");
  social = key_id (workspace, "'shortfall:kpi:1:channel:4:2026-09'");
  nps = key_id (workspace, "'shortfall:kpi:2:2026-09'");
  g_assert_cmpint (email, >, 0);
  g_assert_cmpint (nps, >, 0);

  /* The row shows the evidence: figures, a chart, what it is judged
   * against, and the way to a standard. */
  row = finding_row (page, email, NULL);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Customer satisfaction (CSAT) short of target: Email, September 2026");
  g_assert_true (has_type (GTK_WIDGET (row), PL_TYPE_CHART_WIDGET));
  g_assert_true (shows_text (GTK_WIDGET (row), "Service promise: “Customers rate our service 4 or 5 out of 5”"));
  g_assert_true (shows_text (GTK_WIDGET (row), "No standard linked — link the KPI to a standard"));
  g_assert_true (shows_text (GTK_WIDGET (row), "Wilson 95% interval"));

  /* Confirm. */
  g_assert_cmpstr (list_of (page, email), ==, "decide_list");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.confirm", "x", email));
  text = query_text (workspace, "SELECT status FROM findings WHERE id = %" G_GINT64_FORMAT, email);
  g_assert_cmpstr (text, ==, "confirmed");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (list_of (page, email), ==, "confirmed_list");
  g_assert_true (gtk_widget_get_visible (child (page, "confirmed_group")));

  /* Reject: not without a reason. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.reject", "x", nps));
  pl_test_wait (100);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "reject"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "reject"));
  adw_message_dialog_response (dialog, "reject");
  pl_test_wait (100);
  text = query_text (workspace, "SELECT status FROM findings WHERE id = %" G_GINT64_FORMAT, nps);
  g_assert_cmpstr (text, ==, "proposed");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT COUNT (*) FROM audit_log WHERE action = 'reject'"), ==, 0);
  if (find_dialog () != NULL)
    gtk_window_destroy (GTK_WINDOW (find_dialog ()));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.reject", "x", nps));
  pl_test_wait (100);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  pl_test_screenshot (GTK_WIDGET (dialog), "findings-reject-dialog-light-wide");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "The price rise explains it; the pricing review covers it.");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "reject"));
  adw_message_dialog_response (dialog, "reject");
  pl_test_wait (100);
  if (find_dialog () != NULL)
    gtk_window_destroy (GTK_WINDOW (find_dialog ()));
  text = query_text (workspace, "SELECT status || ': ' || rejection_reason FROM findings WHERE id = %" G_GINT64_FORMAT, nps);
  g_assert_cmpstr (text, ==, "rejected: The price rise explains it; the pricing review covers it.");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (list_of (page, nps), ==, "rejected_list");
  g_assert_true (shows_text (GTK_WIDGET (finding_row (page, nps, NULL)), "The price rise explains it"));

  /* Edit: the title is required, and the form says so; nothing changes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.edit", "x", social));
  pl_test_wait (100);
  g_assert_nonnull (find_editor ());
  fill_editor (find_editor (), "  ", "Social media customers are less satisfied than others.");
  click_save (find_editor ());
  g_assert_nonnull (find_editor ());
  g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (find_editor ()), "error")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_named (GTK_WIDGET (find_editor ()), "error"))),
                            "Give the finding a title"));
  text = query_text (workspace, "SELECT status || ': ' || title FROM findings WHERE id = %" G_GINT64_FORMAT, social);
  g_assert_cmpstr (text, ==, "proposed: Customer satisfaction (CSAT) short of target: Social media, September 2026");
  g_clear_pointer (&text, g_free);

  fill_editor (find_editor (), "Social media customers are less satisfied",
               "Social media CSAT was 72.7% in September, below the 85% target.");
  pl_test_screenshot (GTK_WIDGET (find_editor ()), "findings-editor-light-wide");
  click_save (find_editor ());
  g_assert_null (find_editor ());
  text = query_text (workspace, "SELECT status || ': ' || title || ' / ' || statement FROM findings WHERE id = %"
                     G_GINT64_FORMAT, social);
  g_assert_cmpstr (text, ==, "confirmed: Social media customers are less satisfied / Social media CSAT was "
                             "72.7% in September, below the 85% target.");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (list_of (page, social), ==, "confirmed_list");

  /* Reconsider puts a decision back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.reconsider", "x", email));
  text = query_text (workspace, "SELECT status FROM findings WHERE id = %" G_GINT64_FORMAT, email);
  g_assert_cmpstr (text, ==, "proposed");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (list_of (page, email), ==, "decide_list");

  /* The user's own finding: the form needs a statement too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.add-own", NULL));
  pl_test_wait (100);
  g_assert_nonnull (find_editor ());
  fill_editor (find_editor (), "Hub staff are praised by name", "");
  click_save (find_editor ());
  g_assert_nonnull (find_editor ());
  g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (find_editor ()), "error")));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings"), ==, total);
  fill_editor (find_editor (), "Hub staff are praised by name",
               "Face-to-face customers name the hub staff in their comments.");
  press_ctrl_enter (find_editor ());
  g_assert_null (find_editor ());
  own = pl_test_query_int (workspace, "SELECT coalesce ((SELECT id FROM findings WHERE kind = 'own'), 0)");
  g_assert_cmpint (own, >, 0);
  text = query_text (workspace, "SELECT status || ': ' || title FROM findings WHERE id = %" G_GINT64_FORMAT, own);
  g_assert_cmpstr (text, ==, "confirmed: Hub staff are praised by name");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (list_of (page, own), ==, "confirmed_list");

  /* Deleted, and put back with Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.delete", "x", own));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings WHERE kind = 'own'"), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.undo-delete", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings WHERE kind = 'own'"
                                                 " AND title = 'Hub staff are praised by name'"), ==, 1);
  /* A proposal cannot be deleted. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.delete", "x", email));
  g_assert_cmpint (key_id (workspace, "'shortfall:kpi:1:channel:2:2026-09'"), ==, email);

  /* Decisions survive proposing again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.propose", NULL));
  pl_test_wait (100);
  text = query_text (workspace, "SELECT status FROM findings WHERE id = %" G_GINT64_FORMAT, nps);
  g_assert_cmpstr (text, ==, "rejected");
  g_clear_pointer (&text, g_free);
  text = query_text (workspace, "SELECT title FROM findings WHERE id = %" G_GINT64_FORMAT, social);
  g_assert_cmpstr (text, ==, "Social media customers are less satisfied");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings WHERE kind = 'own'"), ==, 1);

  destroy_window (window);
}

/* Scrolls the page so that @widget's top shows. */
static void
scroll_to (PlFindingsPage *page,
           GtkWidget      *widget)
{
  GtkScrolledWindow *scrolled = child (page, "scrolled");
  GtkWidget *content = gtk_scrolled_window_get_child (scrolled);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  graphene_rect_t bounds;

  pl_test_wait (200);
  g_assert_true (gtk_widget_compute_bounds (widget, content, &bounds));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + bounds.origin.y - 12);
  pl_test_wait (200);
}

static void
expand (PlFindingsPage *page,
        gint64          id)
{
  AdwExpanderRow *row = finding_row (page, id, NULL);

  g_assert_nonnull (row);
  adw_expander_row_set_expanded (row, TRUE);
}

static void
test_screenshots (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("screenshots");
  PlFindingsPage *page = pl_findings_page_new ();
  GtkWindow *window;
  gint64 email, theme, gap, nps, monday;

  g_assert_true (pl_finding_propose (workspace, 0, NULL, NULL, NULL));
  email = key_id (workspace, "'shortfall:kpi:1:channel:2:2026-09'");
  nps = key_id (workspace, "'shortfall:kpi:2:2026-09'");
  theme = pl_test_query_int (workspace, "SELECT id FROM findings WHERE kind = 'theme' LIMIT 1");
  gap = pl_test_query_int (workspace, "SELECT id FROM findings WHERE title LIKE 'Coaching need for Priya%' LIMIT 1");
  monday = pl_test_query_int (workspace, "SELECT id FROM findings WHERE key LIKE '%:weekday:monday' LIMIT 1");
  g_assert_cmpint (monday, >, 0);
  g_assert_true (pl_finding_confirm (workspace, email, NULL));
  g_assert_true (pl_finding_reject (workspace, nps, "Explained by the price rise.", NULL));

  pl_findings_page_set_workspace (page, workspace);
  window = make_window (page, 1200, 1000);
  g_assert_true (shows_text (GTK_WIDGET (finding_row (page, theme, NULL)), "What Customers Said"));
  screenshots (GTK_WIDGET (window), "list", "wide");

  expand (page, theme);
  expand (page, gap);
  expand (page, email);
  pl_test_wait (300);
  scroll_to (page, GTK_WIDGET (finding_row (page, gap, NULL)));
  screenshots (GTK_WIDGET (window), "gap-open", "wide");
  scroll_to (page, GTK_WIDGET (finding_row (page, theme, NULL)));
  screenshots (GTK_WIDGET (window), "theme-open", "wide");
  scroll_to (page, GTK_WIDGET (finding_row (page, email, NULL)));
  screenshots (GTK_WIDGET (window), "confirmed-open", "wide");
  expand (page, monday);
  pl_test_wait (300);
  scroll_to (page, GTK_WIDGET (finding_row (page, monday, NULL)));
  screenshots (GTK_WIDGET (window), "weekday-open", "wide");

  resize (window, 400, 1000);
  scroll_to (page, GTK_WIDGET (child (page, "decide_group")));
  screenshots (GTK_WIDGET (window), "list", "narrow");
  scroll_to (page, GTK_WIDGET (finding_row (page, gap, NULL)));
  screenshots (GTK_WIDGET (window), "gap-open", "narrow");
  scroll_to (page, GTK_WIDGET (finding_row (page, theme, NULL)));
  screenshots (GTK_WIDGET (window), "theme-open", "narrow");

  destroy_window (window);
}

typedef struct
{
  GtkListBox *list;
  guint       rows;
} RowsWait;

static gboolean
rows_are (gpointer user_data)
{
  RowsWait *wait = user_data;

  return count_rows (wait->list) == wait->rows;
}

/* With reviews, the page shows the findings of the one chosen and
 * proposes for its period; "All the data" shows every finding. */
static void
test_review_picker (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("review-picker");
  PlFindingsPage *page = pl_findings_page_new ();
  GtkWindow *window = make_window (page, 1200, 900);
  GtkDropDown *dropdown = child (page, "review_dropdown");
  GListModel *names;
  RowsWait wait;
  gint64 review, for_review, all;

  pl_findings_page_set_workspace (page, workspace);
  g_assert_false (gtk_widget_get_visible (child (page, "review_bar")));

  pl_test_exec (workspace, "INSERT INTO reviews (title, period_start, period_end, created_at, updated_at)"
                           " VALUES ('Summer review', '2026-05-01', '2026-07-31', 'x', 'x')");
  review = pl_test_query_int (workspace, "SELECT max (id) FROM reviews");
  pl_workspace_emit_changed (workspace, "reviews");
  pl_test_wait (200);
  g_assert_true (gtk_widget_get_visible (child (page, "review_bar")));
  names = gtk_drop_down_get_model (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "All the data");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==,
                   "Summer review, 1 May 2026 to 31 Jul 2026");

  /* For the review: proposed for its period, listed on their own. */
  gtk_drop_down_set_selected (dropdown, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.propose", NULL));
  pl_test_wait (100);
  for_review = pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings WHERE review_id IS NOT NULL");
  g_assert_cmpint (for_review, >, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings WHERE review_id IS NULL"), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM findings WHERE review_id = %" G_GINT64_FORMAT,
                                            review);

    g_assert_cmpint (pl_test_query_int (workspace, sql), ==, for_review);
  }
  g_assert_cmpuint (count_rows (child (page, "decide_list")), ==, for_review);
  pl_test_wait (500);
  screenshots (GTK_WIDGET (window), "review", "wide");

  /* All the data: proposes over everything, and lists both. */
  gtk_drop_down_set_selected (dropdown, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "findings.propose", NULL));
  pl_test_wait (100);
  all = pl_test_query_int (workspace, "SELECT COUNT (*) FROM findings");
  g_assert_cmpint (all, >, for_review);
  g_assert_cmpuint (count_rows (child (page, "decide_list")), ==, all);

  /* Back to the review: only its own. */
  gtk_drop_down_set_selected (dropdown, 1);
  wait.list = child (page, "decide_list");
  wait.rows = (guint) for_review;
  g_assert_true (pl_test_wait_until (rows_are, &wait, 10000));

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlWorkspace) demo = NULL;
  g_autoptr(GError) error = NULL;
  PlThemeApplyResult applied;
  int status;

  pl_test_init (&argc, &argv);

  demo = pl_test_make_demo (pl_test_tmp_dir ());
  g_assert_true (pl_theme_create_starter_codebook (demo, &error));
  g_assert_no_error (error);
  g_assert_true (pl_theme_apply_rules (demo, NULL, &applied, &error));
  g_assert_no_error (error);
  demo_path = g_strdup (pl_workspace_get_path (demo));
  /* Closed, so that the file holds everything and copies of it are whole. */
  pl_workspace_close (demo);

  g_test_add_func ("/app/findings/empty-and-propose", test_empty_and_propose);
  g_test_add_func ("/app/findings/decide", test_decide);
  g_test_add_func ("/app/findings/screenshots", test_screenshots);
  g_test_add_func ("/app/findings/review-picker", test_review_picker);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
