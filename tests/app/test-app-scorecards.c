/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <string.h>

#include "core/pl-scorecard.h"
#include "pl-scorecards-page.h"
#include "pl-test-db.h"
#include "pl-test-utils.h"

/* One demo workspace for the whole run; each test works on its own copy.
 * The demo (src/core/pl-demo.c) has one scorecard, "Contact quality
 * scorecard" (id 1, version 1, frozen, pass mark 75, 4 sections, 10
 * criteria), used by 600 observations and by the quality KPI. */
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
child (PlScorecardsPage *page,
       const char       *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_SCORECARDS_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_state (PlScorecardsPage *page)
{
  return gtk_stack_get_visible_child_name (child (page, "stack"));
}

static GtkWindow *
make_window (PlScorecardsPage *page,
             int               width,
             int               height)
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
screenshots (GtkWidget  *widget,
             const char *name,
             const char *width)
{
  g_autofree char *light = g_strconcat ("scorecards-", name, "-light-", width, NULL);
  g_autofree char *dark = g_strconcat ("scorecards-", name, "-dark-", width, NULL);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (200);
  pl_test_screenshot (widget, light);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  pl_test_wait (200);
  pl_test_screenshot (widget, dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (100);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

static void
activate (PlScorecardsPage *page,
          const char       *action,
          GVariant         *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (page), action, parameter));
  pl_test_wait (50);
}

/* The designer's group for section @index. */
static GtkWidget *
section_group (PlScorecardsPage *page,
               guint             index)
{
  GtkWidget *group = gtk_widget_get_first_child (child (page, "designer_sections_box"));

  for (guint i = 0; group != NULL && i < index; i++)
    group = gtk_widget_get_next_sibling (group);
  g_assert_nonnull (group);

  return group;
}

static GtkEditable *
section_field (PlScorecardsPage *page,
               guint             section,
               const char       *key)
{
  GtkEditable *editable = g_object_get_data (G_OBJECT (section_group (page, section)), key);

  g_assert_nonnull (editable);
  return editable;
}

/* The section's header buttons: 0 up, 1 down, 2 remove. */
static GtkWidget *
section_button (PlScorecardsPage *page,
                guint             section,
                guint             index)
{
  GtkWidget *tools = adw_preferences_group_get_header_suffix (ADW_PREFERENCES_GROUP (section_group (page, section)));
  GtkWidget *button = gtk_widget_get_first_child (tools);

  for (guint i = 0; button != NULL && i < index; i++)
    button = gtk_widget_get_next_sibling (button);
  g_assert_true (GTK_IS_BUTTON (button));

  return button;
}

static AdwExpanderRow *
criterion_expander (PlScorecardsPage *page,
                    guint             section,
                    guint             index)
{
  g_autofree char *key = g_strdup_printf ("criterion-%u", index);
  AdwExpanderRow *expander = g_object_get_data (G_OBJECT (section_group (page, section)), key);

  g_assert_nonnull (expander);
  return expander;
}

/* The editable rows of a criterion: "Criterion", "Guidance …", "Scale",
 * "Weight", "Allow N/A", "Critical", in that order, by their titles. */
static gpointer
criterion_field (PlScorecardsPage *page,
                 guint             section,
                 guint             index,
                 const char       *title)
{
  AdwExpanderRow *expander = criterion_expander (page, section, index);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, expander);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (ADW_IS_PREFERENCES_ROW (widget) && widget != GTK_WIDGET (expander) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
        return widget;
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }

  g_assert_not_reached ();
}

static const char *
section_error (PlScorecardsPage *page,
               guint             section)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (section_group (page, section)), "error-label");

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

/* What a click on a response button does: respond, then close. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  pl_test_wait (100);
}

static char *
snapshot (PlWorkspace *workspace)
{
  return pl_test_query_text (workspace,
                             "SELECT (SELECT group_concat (id || ':' || name || ':' || version || ':'"
                             "  || ifnull (parent_id, '-') || ':' || frozen || ':' || ifnull (pass_mark, '-'), '|')"
                             "  FROM scorecards)"
                             " || '#' || (SELECT group_concat (id || ':' || scorecard_id || ':' || position || ':' || name || ':' || weight, '|')"
                             "  FROM scorecard_sections)"
                             " || '#' || (SELECT group_concat (id || ':' || section_id || ':' || position || ':' || text || ':' || weight, '|')"
                             "  FROM criteria)"
                             " || '#' || (SELECT sum (scorecard_id) FROM observations)");
}

static void
test_browse (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("browse");
  PlScorecardsPage *page = pl_scorecards_page_new ();
  GtkWindow *window = make_window (page, 1200, 1000);
  AdwActionRow *row;
  AdwComboRow *verified;
  GtkListBox *try_list;

  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  screenshots (GTK_WIDGET (window), "no-workspace", "wide");

  pl_scorecards_page_set_workspace (page, workspace);
  pl_test_wait (500);   /* past the stack's crossfade */
  g_assert_cmpstr (visible_state (page), ==, "browse");

  g_assert_cmpuint (count_rows (child (page, "scorecards_list")), ==, 1);
  row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (child (page, "scorecards_list"), 0));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Contact quality scorecard");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Version 1 · In use · 600 observations · Pass mark 75");
  g_assert_cmpstr (adw_preferences_group_get_title (child (page, "details_group")), ==, "Contact quality scorecard");
  g_assert_cmpuint (count_children (child (page, "sections_box")), ==, 4);
  g_assert_cmpuint (count_rows (child (page, "versions_list")), ==, 1);
  g_assert_false (gtk_widget_is_sensitive (child (page, "delete_button")));
  g_assert_true (gtk_widget_is_sensitive (child (page, "edit_button")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "rule_label")), "N/A leaves the criterion out"));

  /* Try it: every criterion starts at its best answer, 100 out of 100.
   * Verified identity (the form-level critical item) set to "no": 0. */
  try_list = child (page, "try_list");
  g_assert_cmpuint (count_rows (try_list), ==, 10);
  g_assert_cmpstr (gtk_label_get_text (child (page, "try_score_label")), ==, "Score 100.0 out of 100 · passes");
  verified = ADW_COMBO_ROW (gtk_list_box_get_row_at_index (try_list, 1));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (verified)), ==,
                   "Verified the customer's identity before discussing the account");
  adw_combo_row_set_selected (verified, 1);
  g_assert_cmpstr (gtk_label_get_text (child (page, "try_score_label")), ==, "Score 0.0 out of 100 · fails");
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "try_explain_label")),
                            "Critical item “Verified the customer's identity before discussing the account”"
                            " failed: the whole form scores 0."));
  adw_combo_row_set_selected (verified, 0);
  /* Explained the bill (index 4, weight 1 in Understanding the need,
   * weight 30 of 100) N/A: still 100. Then 3 of 5 (0.5 points): the
   * section is (2×1 + 1×1 + 1×0.5) / 4 = 87.5%, so the form is
   * 100 − 30 × 12.5% = 96.25. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_list_box_get_row_at_index (try_list, 4)), 5);
  g_assert_cmpstr (gtk_label_get_text (child (page, "try_score_label")), ==, "Score 100.0 out of 100 · passes");
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_list_box_get_row_at_index (try_list, 4)), 2);
  g_assert_cmpstr (gtk_label_get_text (child (page, "try_score_label")), ==, "Score 96.2 out of 100 · passes");

  screenshots (GTK_WIDGET (window), "browse", "wide");
  adw_expander_row_set_expanded (child (page, "rule_row"), TRUE);
  gtk_window_set_default_size (window, 400, 900);
  pl_test_wait (300);
  screenshots (GTK_WIDGET (window), "browse", "narrow");

  destroy_window (window);
}

static void
test_new_scorecard (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("new");
  PlScorecardsPage *page = pl_scorecards_page_new ();
  GtkWindow *window = make_window (page, 1200, 1000);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;

  pl_scorecards_page_set_workspace (page, workspace);
  pl_test_wait (100);
  before = snapshot (workspace);

  activate (page, "scorecards.new", NULL);
  g_assert_cmpstr (visible_state (page), ==, "designer");
  g_assert_cmpuint (count_children (child (page, "designer_sections_box")), ==, 1);

  /* Nothing filled in: the name is asked for, next to it. */
  activate (page, "scorecards.save", NULL);
  g_assert_cmpstr (visible_state (page), ==, "designer");
  g_assert_true (gtk_widget_get_visible (child (page, "form_error_label")));
  g_assert_cmpstr (gtk_label_get_text (child (page, "form_error_label")), ==, "Give the scorecard a name.");
  g_assert_true (gtk_widget_has_css_class (child (page, "name_row"), "error"));

  gtk_editable_set_text (child (page, "name_row"), "Email quality");
  g_assert_false (gtk_widget_get_visible (child (page, "form_error_label")));
  gtk_editable_set_text (child (page, "pass_mark_row"), "abc");
  activate (page, "scorecards.save", NULL);
  g_assert_cmpstr (gtk_label_get_text (child (page, "form_error_label")), ==,
                   "The pass mark must be between 0 and 100, or left empty for none.");
  gtk_editable_set_text (child (page, "pass_mark_row"), "70");

  activate (page, "scorecards.save", NULL);
  g_assert_cmpstr (section_error (page, 0), ==, "Section 1 needs a name.");
  gtk_editable_set_text (section_field (page, 0, "name-row"), "Writing");
  gtk_editable_set_text (section_field (page, 0, "weight-row"), "2");

  activate (page, "scorecards.save", NULL);
  g_assert_cmpstr (section_error (page, 0), ==, "Criterion 1 of section “Writing” needs a text.");
  g_assert_true (adw_expander_row_get_expanded (criterion_expander (page, 0, 0)));
  gtk_editable_set_text (criterion_field (page, 0, 0, "Criterion"), "Spelling and grammar are correct");
  adw_combo_row_set_selected (criterion_field (page, 0, 0, "Scale"), PL_CRITERION_SCALE_SCALE5);
  gtk_editable_set_text (criterion_field (page, 0, 0, "Guidance for the evaluator (optional)"),
                         "1: many errors; 5: none.");

  activate (page, "scorecards.add-criterion", g_variant_new_int32 (0));
  gtk_editable_set_text (criterion_field (page, 0, 1, "Criterion"), "Answered every question asked");
  adw_combo_row_set_selected (criterion_field (page, 0, 1, "Critical"), PL_CRITICAL_SECTION);
  gtk_editable_set_text (criterion_field (page, 0, 1, "Weight"), "x");
  activate (page, "scorecards.save", NULL);
  g_assert_cmpstr (section_error (page, 0), ==, "The weight of “Answered every question asked” must be 0 or more.");
  gtk_editable_set_text (criterion_field (page, 0, 1, "Weight"), "1,5");

  activate (page, "scorecards.add-section", NULL);
  g_assert_cmpuint (count_children (child (page, "designer_sections_box")), ==, 2);
  gtk_editable_set_text (section_field (page, 1, "name-row"), "Tone");
  gtk_editable_set_text (criterion_field (page, 1, 0, "Criterion"), "Friendly and plain");
  gtk_switch_set_active (GTK_SWITCH (adw_action_row_get_activatable_widget (criterion_field (page, 1, 0, "Allow N/A"))),
                         TRUE);
  /* A third criterion, then removed; the first two swapped. */
  activate (page, "scorecards.add-criterion", g_variant_new_int32 (1));
  gtk_editable_set_text (criterion_field (page, 1, 1, "Criterion"), "To be removed");
  activate (page, "scorecards.remove-criterion", g_variant_new ("(ii)", 1, 1));
  activate (page, "scorecards.move-criterion", g_variant_new ("(iii)", 0, 1, -1));

  g_assert_cmpstr (after = snapshot (workspace), ==, before);
  g_clear_pointer (&after, g_free);
  screenshots (GTK_WIDGET (window), "designer", "wide");

  activate (page, "scorecards.save", NULL);
  g_assert_cmpstr (visible_state (page), ==, "browse");

  g_assert_cmpstr (text = pl_test_query_text (workspace,
                                              "SELECT name || ' v' || version || ' ' || frozen || ' ' || pass_mark"
                                              " FROM scorecards WHERE id = 2"),
                   ==, "Email quality v1 0 70.0");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (text = pl_test_query_text (workspace,
                                              "SELECT group_concat (x, ' | ') FROM (SELECT s.name || '/' || s.weight"
                                              " || ': ' || c.text || '/' || c.scale || '/' || c.weight || '/'"
                                              " || c.allow_na || '/' || c.critical || '/' || ifnull (c.guidance, '-') AS x"
                                              " FROM criteria c JOIN scorecard_sections s ON s.id = c.section_id"
                                              " WHERE s.scorecard_id = 2 ORDER BY s.position, c.position)"),
                   ==, "Writing/2.0: Answered every question asked/yesno/1.5/0/section/- | "
                       "Writing/2.0: Spelling and grammar are correct/scale5/1.0/0/none/1: many errors; 5: none. | "
                       "Tone/1.0: Friendly and plain/yesno/1.0/1/none/-");
  g_clear_pointer (&text, g_free);

  /* The new scorecard is listed and selected. */
  g_assert_cmpuint (count_rows (child (page, "scorecards_list")), ==, 2);
  g_assert_cmpstr (adw_preferences_group_get_title (child (page, "details_group")), ==, "Email quality");
  g_assert_true (gtk_widget_is_sensitive (child (page, "delete_button")));

  /* Unused: it can be deleted. */
  activate (page, "scorecards.delete", NULL);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM scorecards"), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM criteria"), ==, 10);
  g_assert_cmpuint (count_rows (child (page, "scorecards_list")), ==, 1);

  destroy_window (window);
}

static void
test_new_version (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("version");
  PlScorecardsPage *page = pl_scorecards_page_new ();
  GtkWindow *window = make_window (page, 1200, 1000);
  AdwMessageDialog *dialog;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *v1_before = NULL;
  g_autofree char *v1_after = NULL;
  g_autofree char *text = NULL;
  const char *v1_sql = "SELECT group_concat (c.id || c.text || c.weight || c.position || s.weight, '|')"
                       " FROM criteria c JOIN scorecard_sections s ON s.id = c.section_id"
                       " WHERE s.scorecard_id = 1";

  pl_scorecards_page_set_workspace (page, workspace);
  pl_test_wait (100);
  before = snapshot (workspace);
  v1_before = pl_test_query_text (workspace, v1_sql);

  activate (page, "scorecards.edit", NULL);
  g_assert_cmpstr (visible_state (page), ==, "designer");
  g_assert_cmpstr (adw_preferences_group_get_title (child (page, "designer_group")), ==,
                   "Edit “Contact quality scorecard”");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "pass_mark_row")), ==, "75");
  g_assert_cmpuint (count_children (child (page, "designer_sections_box")), ==, 4);
  gtk_editable_set_text (child (page, "pass_mark_row"), "80");
  gtk_editable_set_text (section_field (page, 2, "weight-row"), "40");
  activate (page, "scorecards.move-section", g_variant_new ("(ii)", 3, -1));
  /* Widget input: the first section's "up" is off; its "down" and then
   * the second section's "up" put the sections back as they were. */
  {
    GtkWidget *up = section_button (page, 0, 0);

    g_assert_false (gtk_widget_get_sensitive (up));
    g_assert_true (gtk_widget_get_sensitive (section_button (page, 0, 1)));
    g_assert_false (gtk_widget_get_sensitive (section_button (page, 3, 1)));
    g_signal_emit_by_name (section_button (page, 0, 1), "clicked");
    pl_test_wait (50);
    g_assert_cmpstr (gtk_editable_get_text (section_field (page, 0, "name-row")), ==, "Understanding the need");
    g_signal_emit_by_name (section_button (page, 1, 0), "clicked");
    pl_test_wait (50);
    g_assert_cmpstr (gtk_editable_get_text (section_field (page, 0, "name-row")), ==, "Opening and identity");
  }
  gtk_window_set_default_size (window, 400, 900);
  pl_test_wait (300);
  screenshots (GTK_WIDGET (window), "designer", "narrow");
  gtk_window_set_default_size (window, 1200, 1000);
  pl_test_wait (200);

  /* It has been used: saving asks first. Cancel writes nothing. */
  activate (page, "scorecards.save", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "This scorecard has been used for 600 observations. Saving makes version 2;"
                   " those observations keep version 1.");
  pl_test_wait (200);
  pl_test_screenshot (GTK_WIDGET (dialog), "scorecards-confirm-light-wide");
  respond (dialog, "cancel");
  g_assert_cmpstr (visible_state (page), ==, "designer");
  g_assert_cmpstr (after = snapshot (workspace), ==, before);
  g_clear_pointer (&after, g_free);

  activate (page, "scorecards.save", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  respond (dialog, "save");
  g_assert_null (dialog);
  g_assert_cmpstr (visible_state (page), ==, "browse");

  /* Version 2: new rows, parent 1, pass mark 80, Courtesy before
   * Resolution; version 1 as it was, with its 600 observations. */
  g_assert_cmpstr (text = pl_test_query_text (workspace,
                                              "SELECT version || ' ' || parent_id || ' ' || frozen || ' ' || pass_mark"
                                              " FROM scorecards WHERE id = 2"),
                   ==, "2 1 0 80.0");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (text = pl_test_query_text (workspace,
                                              "SELECT group_concat (name || '/' || weight, ', ') FROM"
                                              " (SELECT * FROM scorecard_sections WHERE scorecard_id = 2 ORDER BY position)"),
                   ==, "Opening and identity/20.0, Understanding the need/30.0, Courtesy and close/15.0, Resolution/40.0");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM criteria c JOIN scorecard_sections s"
                                                 " ON s.id = c.section_id WHERE s.scorecard_id = 2"), ==, 10);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT min (c.id) FROM criteria c JOIN scorecard_sections s"
                                                 " ON s.id = c.section_id WHERE s.scorecard_id = 2"), ==, 11);
  v1_after = pl_test_query_text (workspace, v1_sql);
  g_assert_cmpstr (v1_after, ==, v1_before);
  g_assert_cmpstr (text = pl_test_query_text (workspace, "SELECT frozen || ' ' || pass_mark FROM scorecards WHERE id = 1"),
                   ==, "1 75.0");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM observations WHERE scorecard_id = 1"), ==, 600);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT scorecard_id FROM kpis WHERE source = 'scorecard'"), ==, 2);

  /* The list shows the latest version, with both in its history. */
  g_assert_cmpuint (count_rows (child (page, "scorecards_list")), ==, 1);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (child (page, "scorecards_list"), 0))),
                   ==, "Version 2 · Not used yet · Pass mark 80");
  g_assert_cmpuint (count_rows (child (page, "versions_list")), ==, 2);

  /* Version 2 is unused: editing it again does not ask and changes it in
   * place. */
  activate (page, "scorecards.edit", NULL);
  gtk_editable_set_text (child (page, "name_row"), "Contact quality");
  activate (page, "scorecards.save", NULL);
  g_assert_null (find_dialog ());
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM scorecards"), ==, 2);
  g_assert_cmpstr (text = pl_test_query_text (workspace, "SELECT name FROM scorecards WHERE id = 2"), ==,
                   "Contact quality");
  g_clear_pointer (&text, g_free);

  screenshots (GTK_WIDGET (window), "versions", "wide");
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

  g_test_add_func ("/app/scorecards/browse", test_browse);
  g_test_add_func ("/app/scorecards/new", test_new_scorecard);
  g_test_add_func ("/app/scorecards/new-version", test_new_version);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
