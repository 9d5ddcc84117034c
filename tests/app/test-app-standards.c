/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <string.h>

#include "core/pl-offer.h"
#include "core/pl-standard.h"

#include "pl-standards-page.h"
#include "pl-test-utils.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run: it takes a few seconds to make.
 * Each test works on its own copy. The demo (src/core/pl-demo.c) has no
 * standards, eight KPIs (CSAT is "Customer satisfaction (CSAT)") and one
 * service offer, "Our service promise" version 1, not briefed, with seven
 * commitments. */
static char *demo_path;

/* The core's words (src/core/pl-standard.c), which the form shows next to
 * the field they are about. */
#define NO_TITLE "Give the standard a title, for example “Complaint handling”."
#define NO_SOURCE "Say who sets the standard, for example “Energy Ombudsman” or “Our customer charter”."
#define NO_REQUIREMENT "Say what the standard asks for, in your own words."
#define BAD_URL "The web address must start with “https://” or “http://”, for example " \
                "“https://www.ombudsman-services.org”."

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
child (PlStandardsPage *page,
       const char      *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_STANDARDS_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_state (PlStandardsPage *page)
{
  return gtk_stack_get_visible_child_name (child (page, "stack"));
}

static GtkWindow *
make_window (PlStandardsPage *page,
             int              width,
             int              height)
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
screenshot_pair (GtkWidget  *widget,
                 const char *name,
                 const char *width)
{
  g_autofree char *light = g_strdup_printf ("standards-%s-light-%s", name, width);
  g_autofree char *dark = g_strdup_printf ("standards-%s-dark-%s", name, width);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (200);
  pl_test_screenshot (widget, light);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  pl_test_wait (200);
  pl_test_screenshot (widget, dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (100);
}

/* Light and dark, 400 px and 1200 px wide; the window keeps its height. */
static void
screenshots (GtkWindow  *window,
             const char *name)
{
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  gtk_window_set_default_size (window, 400, height);
  pl_test_wait (300);
  screenshot_pair (GTK_WIDGET (window), name, "narrow");
  gtk_window_set_default_size (window, 1200, height);
  pl_test_wait (300);
  screenshot_pair (GTK_WIDGET (window), name, "wide");
  gtk_window_set_default_size (window, width, height);
  pl_test_wait (300);
}

static gint64
data_id (gpointer    object,
         const char *key)
{
  gint64 *id = g_object_get_data (G_OBJECT (object), key);

  return id != NULL ? *id : 0;
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        g_ptr_array_add (found, c);
      collect (c, type, found);
    }
}

static AdwExpanderRow *
standard_row (PlStandardsPage *page,
              gint64           standard_id)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (child (page, "register_box"), ADW_TYPE_EXPANDER_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (data_id (rows->pdata[i], "standard-id") == standard_id)
      return rows->pdata[i];

  return NULL;
}

static guint
count_standard_rows (PlStandardsPage *page)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (child (page, "register_box"), ADW_TYPE_EXPANDER_ROW, rows);
  return rows->len;
}

/* The titles of the register's groups, joined with ", ". */
static char *
group_titles (PlStandardsPage *page)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  collect (child (page, "register_box"), ADW_TYPE_PREFERENCES_GROUP, groups);
  for (guint i = 0; i < groups->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                            adw_preferences_group_get_title (groups->pdata[i]));

  return g_string_free (text, FALSE);
}

/* The action row inside a standard's row with this title, or NULL. */
static AdwActionRow *
inner_row (AdwExpanderRow *row,
           const char     *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (GTK_WIDGET (row), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (!ADW_IS_COMBO_ROW (rows->pdata[i]) &&
        g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];

  return NULL;
}

typedef struct
{
  PlStandardsPage *page;
  gint64           standard_id;
  const char      *title;
} Shown;

static gboolean
shown_cb (gpointer user_data)
{
  Shown *shown = user_data;
  AdwExpanderRow *row = standard_row (shown->page, shown->standard_id);

  return row != NULL && inner_row (row, shown->title) != NULL;
}

/* Waits for the idle refresh that follows a change made elsewhere. */
static gboolean
wait_for_inner_row (PlStandardsPage *page,
                    gint64           standard_id,
                    const char      *title)
{
  Shown shown = { page, standard_id, title };

  return pl_test_wait_until (shown_cb, &shown, 10000);
}

static AdwComboRow *
link_combo (AdwExpanderRow *row,
            const char     *action)
{
  g_autoptr(GPtrArray) combos = g_ptr_array_new ();

  collect (GTK_WIDGET (row), ADW_TYPE_COMBO_ROW, combos);
  for (guint i = 0; i < combos->len; i++)
    if (g_strcmp0 (g_object_get_data (combos->pdata[i], "action"), action) == 0)
      return combos->pdata[i];

  return NULL;
}

/* Chooses @label in @combo, as a click in its list would; FALSE if it is
 * not offered. */
static gboolean
choose (AdwComboRow *combo,
        const char  *label)
{
  GListModel *model = adw_combo_row_get_model (combo);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        adw_combo_row_set_selected (combo, i);
        return TRUE;
      }

  return FALSE;
}

/* Any button inside @row whose action is @action with target @target. */
static GtkWidget *
action_button (GtkWidget  *row,
               const char *action,
               gint64      target)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (row, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GVariant *value = gtk_actionable_get_action_target_value (buttons->pdata[i]);

      if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), action) == 0 &&
          value != NULL && g_variant_get_int64 (value) == target)
        return buttons->pdata[i];
    }

  return NULL;
}

/* A click: GtkButton's keyboard activation emits "clicked" only after a
 * delay, the pointer's release at once. */
static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
type_into (PlStandardsPage *page,
           PlStandardKind   kind,
           const char      *source,
           const char      *reference,
           const char      *title,
           const char      *requirement,
           const char      *url)
{
  adw_combo_row_set_selected (child (page, "kind_row"), kind);
  gtk_editable_set_text (child (page, "source_row"), source);
  gtk_editable_set_text (child (page, "reference_row"), reference);
  gtk_editable_set_text (child (page, "title_row"), title);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (child (page, "requirement_view")), requirement, -1);
  gtk_editable_set_text (child (page, "url_row"), url);
}

static gboolean
error_shown (PlStandardsPage *page,
             const char      *field,
             const char      *message)
{
  g_autofree char *row_name = g_strconcat (field, "_error_row", NULL);
  g_autofree char *label_name = g_strconcat (field, "_error_label", NULL);

  if (message == NULL)
    return !gtk_widget_get_visible (child (page, row_name));

  return gtk_widget_get_visible (child (page, row_name)) &&
         g_strcmp0 (gtk_label_get_text (child (page, label_name)), message) == 0;
}

static gint64
count_standards (PlWorkspace *workspace)
{
  return pl_test_query_int (workspace, "SELECT count (*) FROM standards");
}

/* The stored standard, fields joined with "|", NULL as "-". */
static char *
stored (PlWorkspace *workspace,
        gint64       id)
{
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("SELECT kind || '|' || source || '|' || coalesce (reference, '-') || '|' ||"
                         " title || '|' || requirement || '|' || coalesce (url, '-') || '|' ||"
                         " (trashed_at IS NOT NULL) FROM standards WHERE id = %" G_GINT64_FORMAT, id);
  return pl_test_query_text (workspace, sql);
}

static gint64
add_standard (PlWorkspace    *workspace,
              PlStandardKind  kind,
              const char     *source,
              const char     *reference,
              const char     *title,
              const char     *requirement)
{
  g_autoptr(PlStandard) standard = pl_standard_new ();
  g_autoptr(GError) error = NULL;

  pl_standard_set_kind (standard, kind);
  pl_standard_set_source (standard, source);
  pl_standard_set_reference (standard, reference);
  pl_standard_set_title (standard, title);
  pl_standard_set_requirement (standard, requirement);
  g_assert_true (pl_standard_save (standard, workspace, &error));
  g_assert_no_error (error);

  return pl_standard_get_id (standard);
}

static gint64
standard_of (PlWorkspace *workspace,
             const char  *table,
             gint64       id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (standard_id, 0) FROM %s WHERE id = %" G_GINT64_FORMAT,
                                          table, id);

  return pl_test_query_int (workspace, sql);
}

/* Ctrl+Enter, as the page's shortcut controller has it. */
static void
press_ctrl_enter (PlStandardsPage *page)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (page));
  gboolean pressed = FALSE;

  for (guint i = 0; !pressed && i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      guint n;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      n = g_list_model_get_n_items (G_LIST_MODEL (controller));
      for (guint j = 0; !pressed && j < n; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (strstr (trigger, "<Control>Return") == NULL)
            continue;

          g_assert_cmpint (gtk_event_controller_get_propagation_phase (controller), ==, GTK_PHASE_CAPTURE);
          g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                       GTK_WIDGET (page), NULL));
          pressed = TRUE;
        }
    }

  g_assert_true (pressed);
}

static void
test_empty (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("empty");
  PlStandardsPage *page = pl_standards_page_new ();
  GtkWindow *window = make_window (page, 900, 700);
  const char *description;

  g_assert_null (pl_standards_page_get_workspace (page));
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  /* Nothing to add to without a workspace. */
  gtk_widget_activate_action (GTK_WIDGET (page), "standards.add", NULL);
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  g_assert_false (gtk_widget_get_visible (child (page, "form_group")));

  /* The demo has no standards: the page says what belongs here and why,
   * with examples, and offers the first one. */
  pl_standards_page_set_workspace (page, workspace);
  g_assert_true (pl_standards_page_get_workspace (page) == workspace);
  g_assert_cmpint (count_standards (workspace), ==, 0);
  g_assert_cmpstr (visible_state (page), ==, "empty");
  description = adw_status_page_get_description (child (page, "empty_status"));
  g_assert_nonnull (strstr (description, "Ofgem Standards of Conduct"));
  g_assert_nonnull (strstr (description, "your customer charter"));
  g_assert_cmpstr (gtk_actionable_get_action_name (child (page, "empty_add_button")), ==, "standards.add");
  screenshots (window, "empty");

  /* Add Standard opens the form on the main page; Cancel goes back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.add", NULL));
  g_assert_cmpstr (visible_state (page), ==, "main");
  g_assert_true (gtk_widget_get_visible (child (page, "form_group")));
  g_assert_cmpuint (count_standard_rows (page), ==, 0);
  /* A new standard starts as an organisational one, with its explanation. */
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "kind_row")), ==, PL_STANDARD_KIND_ORGANISATIONAL);
  g_assert_cmpstr (gtk_label_get_text (child (page, "kind_help_label")), ==,
                   pl_standard_kind_explain (PL_STANDARD_KIND_ORGANISATIONAL));
  adw_combo_row_set_selected (child (page, "kind_row"), PL_STANDARD_KIND_CODE_OF_PRACTICE);
  g_assert_cmpstr (gtk_label_get_text (child (page, "kind_help_label")), ==,
                   "Code of practice: a body’s published expectations, e.g. the Ombudsman’s "
                   "complaint-handling code.");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.cancel", NULL));
  g_assert_cmpstr (visible_state (page), ==, "empty");
  g_assert_false (gtk_widget_get_visible (child (page, "form_group")));
  g_assert_cmpint (count_standards (workspace), ==, 0);

  pl_standards_page_set_workspace (page, NULL);
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");

  destroy_window (window);
}

static void
test_add_and_validate (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("add");
  g_autofree char *text = NULL;
  g_autofree char *groups = NULL;
  PlStandardsPage *page = pl_standards_page_new ();
  GtkWindow *window;
  AdwExpanderRow *row;
  gint64 conduct, charter;

  pl_standards_page_set_workspace (page, workspace);
  window = make_window (page, 900, 1000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.add", NULL));

  /* Refused: no title, a requirement of blanks, a web address that is not
   * one. Each error shows next to its field; nothing is written. */
  type_into (page, PL_STANDARD_KIND_CODE_OF_PRACTICE, "Ofgem", "SLC 0.3", "", "  \n ", "www.ofgem.gov.uk");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.save", NULL));
  g_assert_cmpint (count_standards (workspace), ==, 0);
  g_assert_true (error_shown (page, "source", NULL));
  g_assert_true (error_shown (page, "title", NO_TITLE));
  g_assert_true (error_shown (page, "requirement", NO_REQUIREMENT));
  g_assert_true (error_shown (page, "url", BAD_URL));
  g_assert_true (gtk_widget_has_css_class (child (page, "title_row"), "error"));
  g_assert_false (gtk_widget_has_css_class (child (page, "source_row"), "error"));
  /* The first field in error has the focus; what was typed is kept. */
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (child (page, "title_row"))) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), child (page, "title_row")));
  g_assert_cmpstr (gtk_editable_get_text (child (page, "url_row")), ==, "www.ofgem.gov.uk");
  g_assert_true (gtk_widget_get_visible (child (page, "form_group")));
  screenshots (window, "form-error");

  /* An empty source too: Ctrl+Enter checks the same way. */
  gtk_editable_set_text (child (page, "source_row"), "   ");
  press_ctrl_enter (page);
  g_assert_cmpint (count_standards (workspace), ==, 0);
  g_assert_true (error_shown (page, "source", NO_SOURCE));

  /* Editing a field takes its error away, and only its own. */
  gtk_editable_set_text (child (page, "title_row"), "Treat customers fairly & honestly");
  g_assert_true (error_shown (page, "title", NULL));
  g_assert_false (gtk_widget_has_css_class (child (page, "title_row"), "error"));
  g_assert_true (error_shown (page, "requirement", NO_REQUIREMENT));

  /* Saved with Ctrl+Enter: text stored without the spaces around it. */
  type_into (page, PL_STANDARD_KIND_CODE_OF_PRACTICE, " Ofgem ", "SLC 0.3", "Treat customers fairly & honestly",
             "  Every contact is fair, honest, transparent, appropriate and professional.\n",
             "https://www.ofgem.gov.uk/standards-of-conduct");
  press_ctrl_enter (page);
  g_assert_cmpint (count_standards (workspace), ==, 1);
  conduct = pl_test_query_int (workspace, "SELECT max (id) FROM standards");
  text = stored (workspace, conduct);
  g_assert_cmpstr (text, ==, "code_of_practice|Ofgem|SLC 0.3|Treat customers fairly & honestly|"
                             "Every contact is fair, honest, transparent, appropriate and professional.|"
                             "https://www.ofgem.gov.uk/standards-of-conduct|0");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM audit_log WHERE entity = 'standard'"
                                                 " AND action = 'create'"), ==, 1);

  /* The form closes; the register shows the standard, open for linking. */
  g_assert_false (gtk_widget_get_visible (child (page, "form_group")));
  g_assert_cmpstr (visible_state (page), ==, "main");
  row = standard_row (page, conduct);
  g_assert_nonnull (row);
  g_assert_true (adw_expander_row_get_expanded (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Treat customers fairly & honestly");
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==,
                   "Ofgem · SLC 0.3\nEvery contact is fair, honest, transparent, appropriate and professional.");
  g_assert_nonnull (inner_row (row, "https://www.ofgem.gov.uk/standards-of-conduct"));
  g_assert_nonnull (inner_row (row, "Nothing is linked to this standard yet"));

  /* A second one, of another kind, with no reference (stored as NULL). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.add", NULL));
  g_assert_cmpstr (gtk_editable_get_text (child (page, "title_row")), ==, "");
  type_into (page, PL_STANDARD_KIND_CHARTER, "Our customer charter", "", "Bills you can understand",
             "Every bill says what was used & what it cost, on <2 pages.", "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.save", NULL));
  g_assert_cmpint (count_standards (workspace), ==, 2);
  charter = pl_test_query_int (workspace, "SELECT max (id) FROM standards");
  text = stored (workspace, charter);
  g_assert_cmpstr (text, ==, "charter|Our customer charter|-|Bills you can understand|"
                             "Every bill says what was used & what it cost, on <2 pages.|-|0");
  row = standard_row (page, charter);
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==,
                   "Our customer charter\nEvery bill says what was used & what it cost, on <2 pages.");

  /* Grouped by kind, in the kinds' order. */
  groups = group_titles (page);
  g_assert_cmpstr (groups, ==, "Codes of Practice, Customer Charter");
  g_assert_cmpuint (count_standard_rows (page), ==, 2);

  destroy_window (window);
}

static void
test_edit (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("edit");
  g_autofree char *before = NULL;
  g_autofree char *text = NULL;
  PlStandardsPage *page = pl_standards_page_new ();
  GtkWindow *window;
  gint64 id;

  id = add_standard (workspace, PL_STANDARD_KIND_ORGANISATIONAL, "Kestrel service standards", "Section 2",
                     "Answer the phone quickly", "Answer calls within 20 seconds on average.");
  pl_standards_page_set_workspace (page, workspace);
  window = make_window (page, 900, 1000);
  g_assert_cmpstr (visible_state (page), ==, "main");
  before = stored (workspace, id);

  /* Edit fills the form with what is stored. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.edit", "x", id));
  g_assert_true (gtk_widget_get_visible (child (page, "form_group")));
  g_assert_cmpstr (adw_preferences_group_get_title (child (page, "form_group")), ==, "Edit Standard");
  g_assert_cmpstr (gtk_button_get_label (child (page, "save_button")), ==, "_Save Changes");
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "kind_row")), ==, PL_STANDARD_KIND_ORGANISATIONAL);
  g_assert_cmpstr (gtk_editable_get_text (child (page, "source_row")), ==, "Kestrel service standards");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "reference_row")), ==, "Section 2");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "title_row")), ==, "Answer the phone quickly");

  /* While the form is open, another Add or Edit cannot drop what was typed. */
  gtk_editable_set_text (child (page, "source_row"), "");
  gtk_widget_activate_action (GTK_WIDGET (page), "standards.add", NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "standards.edit", "x", id);
  g_assert_cmpstr (gtk_editable_get_text (child (page, "source_row")), ==, "");
  g_assert_cmpstr (adw_preferences_group_get_title (child (page, "form_group")), ==, "Edit Standard");

  /* An empty source is refused and nothing changes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.save", NULL));
  g_assert_true (error_shown (page, "source", NO_SOURCE));
  text = stored (workspace, id);
  g_assert_cmpstr (text, ==, before);
  g_clear_pointer (&text, g_free);

  /* Cancel leaves it as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.cancel", NULL));
  g_assert_false (gtk_widget_get_visible (child (page, "form_group")));
  text = stored (workspace, id);
  g_assert_cmpstr (text, ==, before);
  g_clear_pointer (&text, g_free);

  /* A real edit: kind, reference cleared, requirement reworded. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.edit", "x", id));
  g_assert_cmpstr (gtk_editable_get_text (child (page, "source_row")), ==, "Kestrel service standards");
  adw_combo_row_set_selected (child (page, "kind_row"), PL_STANDARD_KIND_CHARTER);
  gtk_editable_set_text (child (page, "reference_row"), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (child (page, "requirement_view")),
                            "Answer calls within 20 seconds on average, every week.", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.save", NULL));
  text = stored (workspace, id);
  g_assert_cmpstr (text, ==, "charter|Kestrel service standards|-|Answer the phone quickly|"
                             "Answer calls within 20 seconds on average, every week.|-|0");
  g_assert_cmpint (count_standards (workspace), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM audit_log WHERE entity = 'standard'"
                                                 " AND action = 'update'"), ==, 1);
  g_assert_false (gtk_widget_get_visible (child (page, "form_group")));
  g_assert_cmpstr (adw_expander_row_get_subtitle (standard_row (page, id)), ==,
                   "Kestrel service standards\nAnswer calls within 20 seconds on average, every week.");
  g_assert_cmpstr (adw_preferences_group_get_title (child (page, "form_group")), ==, "New Standard");

  destroy_window (window);
}

#define CSAT_NAME "Satisfaction & ease <CSAT>"

static void
test_links (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("links");
  g_autoptr(PlOffer) offer = NULL;
  g_autoptr(GError) error = NULL;
  PlStandardsPage *page = pl_standards_page_new ();
  GtkWindow *window;
  AdwExpanderRow *row;
  AdwComboRow *combo;
  AdwActionRow *cited;
  g_autofree char *criterion_text = NULL;
  g_autofree char *where = NULL;
  g_autofree char *groups = NULL;
  gint64 conduct, complaints, charter, csat, fcr, answer, resolve, criterion;

  conduct = add_standard (workspace, PL_STANDARD_KIND_CODE_OF_PRACTICE, "Ofgem", "SLC 0.3",
                          "Treat customers fairly", "Every contact is fair, honest and professional.");
  complaints = add_standard (workspace, PL_STANDARD_KIND_CODE_OF_PRACTICE, "Energy Ombudsman", "Rule 4",
                             "Resolve complaints within eight weeks",
                             "Resolve a complaint within eight weeks, or tell the customer they may go to "
                             "the Ombudsman.");
  csat = pl_test_query_int (workspace, "SELECT id FROM kpis WHERE code = 'csat'");
  fcr = pl_test_query_int (workspace, "SELECT id FROM kpis WHERE code = 'fcr'");
  answer = pl_test_query_int (workspace, "SELECT id FROM commitments"
                                         " WHERE text = 'We answer calls within 20 seconds on average'");
  resolve = pl_test_query_int (workspace, "SELECT id FROM commitments"
                                          " WHERE text = 'We resolve complaints within 10 days'");
  g_assert_cmpint (standard_of (workspace, "kpis", csat), ==, 0);

  /* Names are shown as typed, never read as markup (with fatal warnings, a
   * markup error fails the test). */
  pl_test_exec (workspace, "UPDATE kpis SET name = '" CSAT_NAME "' WHERE code = 'csat'");

  pl_standards_page_set_workspace (page, workspace);
  window = make_window (page, 900, 1200);
  row = standard_row (page, conduct);
  adw_expander_row_set_expanded (row, TRUE);

  /* Link CSAT by choosing it and pressing Link. */
  combo = link_combo (row, "standards.link-kpi");
  g_assert_nonnull (combo);
  g_assert_true (choose (combo, CSAT_NAME));
  click (g_object_get_data (G_OBJECT (combo), "link-button"));
  g_assert_cmpint (standard_of (workspace, "kpis", csat), ==, conduct);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM kpis WHERE standard_id IS NOT NULL"), ==, 1);

  /* The row shows it back, still open, and no longer offers it. */
  row = standard_row (page, conduct);
  g_assert_true (adw_expander_row_get_expanded (row));
  cited = inner_row (row, CSAT_NAME);
  g_assert_nonnull (cited);
  g_assert_cmpstr (adw_action_row_get_subtitle (cited), ==, "KPI");
  g_assert_null (inner_row (row, "Nothing is linked to this standard yet"));
  g_assert_false (choose (link_combo (row, "standards.link-kpi"), CSAT_NAME));

  /* The other standard offers CSAT saying where it serves now; linking it
   * there moves it (a KPI serves one standard). */
  row = standard_row (page, complaints);
  g_assert_true (choose (link_combo (row, "standards.link-kpi"),
                         CSAT_NAME " (now serves “Treat customers fairly”)"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.link-kpi", "(xx)", complaints, csat));
  g_assert_cmpint (standard_of (workspace, "kpis", csat), ==, complaints);
  g_assert_null (inner_row (standard_row (page, conduct), CSAT_NAME));
  g_assert_nonnull (inner_row (standard_row (page, complaints), CSAT_NAME));

  /* A link made elsewhere (the KPIs page) shows after changed::kpis. */
  g_assert_true (pl_standard_link_kpi (workspace, fcr, conduct, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for_inner_row (page, conduct, "First-contact resolution"));

  /* Unlink with the row's button. */
  row = standard_row (page, complaints);
  click (action_button (GTK_WIDGET (row), "standards.unlink-kpi", csat));
  g_assert_cmpint (standard_of (workspace, "kpis", csat), ==, 0);
  g_assert_null (inner_row (standard_row (page, complaints), CSAT_NAME));

  /* A commitment of the offer, not yet briefed. */
  row = standard_row (page, complaints);
  adw_expander_row_set_expanded (row, TRUE);
  combo = link_combo (row, "standards.link-commitment");
  g_assert_nonnull (combo);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (combo)), ==,
                   "Link a commitment of offer version 1");
  g_assert_true (choose (combo, "We resolve complaints within 10 days"));
  click (g_object_get_data (G_OBJECT (combo), "link-button"));
  g_assert_cmpint (standard_of (workspace, "commitments", resolve), ==, complaints);
  cited = inner_row (standard_row (page, complaints), "We resolve complaints within 10 days");
  g_assert_nonnull (cited);
  g_assert_cmpstr (adw_action_row_get_subtitle (cited), ==, "Service offer “Our service promise” version 1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.link-commitment", "(xx)",
                                             conduct, answer));
  g_assert_cmpint (standard_of (workspace, "commitments", answer), ==, conduct);

  /* A scorecard criterion linked elsewhere shows where it lives, and can
   * be unlinked here. */
  criterion = pl_test_query_int (workspace, "SELECT min (id) FROM criteria");
  criterion_text = pl_test_query_text (workspace, "SELECT text FROM criteria WHERE id = (SELECT min (id) FROM criteria)");
  where = pl_test_query_text (workspace, "SELECT 'Scorecard “' || s.name || '” version ' || s.version"
                                         " FROM criteria c JOIN scorecard_sections x ON x.id = c.section_id"
                                         " JOIN scorecards s ON s.id = x.scorecard_id"
                                         " WHERE c.id = (SELECT min (id) FROM criteria)");
  g_assert_true (pl_standard_link_criterion (workspace, criterion, conduct, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for_inner_row (page, conduct, criterion_text));
  cited = inner_row (standard_row (page, conduct), criterion_text);
  g_assert_cmpstr (adw_action_row_get_subtitle (cited), ==, where);
  click (action_button (GTK_WIDGET (cited), "standards.unlink-criterion", criterion));
  g_assert_cmpint (standard_of (workspace, "criteria", criterion), ==, 0);
  g_assert_null (inner_row (standard_row (page, conduct), criterion_text));

  /* Another kind makes another group, after the codes of practice. */
  charter = add_standard (workspace, PL_STANDARD_KIND_CHARTER, "Our customer charter", "Promise 3",
                          "Bills you can understand",
                          "Every bill says what was used, what it cost and how to query it.");
  g_assert_true (wait_for_inner_row (page, charter, "Nothing is linked to this standard yet"));
  groups = group_titles (page);
  g_assert_cmpstr (groups, ==, "Codes of Practice, Customer Charter");

  adw_expander_row_set_expanded (standard_row (page, conduct), TRUE);
  pl_test_wait (200);
  screenshots (window, "list");

  /* Once staff are briefed on the version, its commitments cannot change:
   * the page says why, and a link asked for anyway is refused. */
  offer = pl_offer_get_current (workspace, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pl_offer_record_briefing (offer, workspace, "2026-09-01", "Team meetings, with the offer "
                                           "handed out.", &error));
  g_assert_no_error (error);
  g_assert_true (wait_for_inner_row (page, complaints, "Commitments cannot be linked"));
  row = standard_row (page, complaints);
  g_assert_null (link_combo (row, "standards.link-commitment"));
  cited = inner_row (row, "Commitments cannot be linked");
  g_assert_nonnull (cited);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (cited),
                                   "Staff have been briefed on version 1 of the service offer, so its "
                                   "commitments cannot change"));
  g_assert_null (action_button (GTK_WIDGET (row), "standards.unlink-commitment", resolve));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.unlink-commitment", "x", resolve));
  g_assert_cmpint (standard_of (workspace, "commitments", resolve), ==, complaints);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.link-commitment", "(xx)",
                                             complaints, answer));
  g_assert_cmpint (standard_of (workspace, "commitments", answer), ==, conduct);
  adw_expander_row_set_expanded (standard_row (page, conduct), FALSE);
  adw_expander_row_set_expanded (standard_row (page, complaints), TRUE);
  pl_test_wait (200);
  screenshots (window, "briefed");

  destroy_window (window);
}

static void
test_trash_and_undo (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("trash");
  g_autofree char *sql = NULL;
  g_autofree char *groups = NULL;
  PlStandardsPage *page = pl_standards_page_new ();
  GtkWindow *window;
  gint64 id, csat, other;

  id = add_standard (workspace, PL_STANDARD_KIND_LEGAL, "Parliament", "Consumer Rights Act 2015 s.49",
                     "Reasonable care and skill", "Every service is done with reasonable care and skill.");
  csat = pl_test_query_int (workspace, "SELECT id FROM kpis WHERE code = 'csat'");
  pl_standards_page_set_workspace (page, workspace);
  window = make_window (page, 900, 800);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.link-kpi", "(xx)", id, csat));
  g_assert_cmpint (standard_of (workspace, "kpis", csat), ==, id);

  /* The button in the row moves it to the trash: the last one, so the
   * page shows its empty state again. */
  click (action_button (GTK_WIDGET (standard_row (page, id)), "standards.trash", id));
  sql = g_strdup_printf ("SELECT trashed_at IS NOT NULL FROM standards WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 1);
  g_assert_cmpstr (visible_state (page), ==, "empty");
  g_assert_cmpuint (count_standard_rows (page), ==, 0);
  /* What cited it keeps the link, so that Undo brings everything back. */
  g_assert_cmpint (standard_of (workspace, "kpis", csat), ==, id);

  /* Undo (the toast's button runs standards.restore). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.restore", "x", id));
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 0);
  g_assert_cmpstr (visible_state (page), ==, "main");
  g_assert_nonnull (standard_row (page, id));
  g_assert_nonnull (inner_row (standard_row (page, id), "Customer satisfaction (CSAT)"));
  g_assert_cmpint (count_standards (workspace), ==, 1);

  /* Trashing the standard being edited closes the form. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.edit", "x", id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.trash", "x", id));
  g_assert_false (gtk_widget_get_visible (child (page, "form_group")));
  g_assert_cmpstr (visible_state (page), ==, "empty");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "standards.restore", "x", id));
  g_assert_cmpstr (visible_state (page), ==, "main");

  /* Hidden, the page does not refresh; shown again, it does at once. */
  gtk_widget_set_visible (GTK_WIDGET (page), FALSE);
  other = add_standard (workspace, PL_STANDARD_KIND_INDUSTRY, "ISO", "10002:2018 §5",
                        "Complaints handling", "Every complaint is recorded, acknowledged and answered.");
  pl_test_wait (200);
  g_assert_null (standard_row (page, other));
  gtk_widget_set_visible (GTK_WIDGET (page), TRUE);
  g_assert_nonnull (standard_row (page, other));
  g_assert_cmpuint (count_standard_rows (page), ==, 2);
  groups = group_titles (page);
  g_assert_cmpstr (groups, ==, "Industry Standards, Legal Requirements");

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

  g_test_add_func ("/app/standards/empty", test_empty);
  g_test_add_func ("/app/standards/add-and-validate", test_add_and_validate);
  g_test_add_func ("/app/standards/edit", test_edit);
  g_test_add_func ("/app/standards/links", test_links);
  g_test_add_func ("/app/standards/trash-and-undo", test_trash_and_undo);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
