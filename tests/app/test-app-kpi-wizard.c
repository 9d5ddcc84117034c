/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <string.h>

#include "core/pl-error.h"
#include "core/pl-kpi.h"

#include "pl-kpi-wizard.h"
#include "pl-kpis-page.h"
#include "pl-test-utils.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run (it takes a few seconds to make);
 * each test works on its own copy. */
static char *demo_path;

static PlWorkspace *
open_demo_copy (const char *name)
{
  g_autofree char *file_name = g_strconcat (name, ".plumbline", NULL);
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), file_name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  PlWorkspace *workspace;
  gsize length;

  g_assert_true (g_file_get_contents (demo_path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  workspace = pl_workspace_open (path, &error);
  g_assert_no_error (error);

  return workspace;
}

static PlWorkspace *
create_empty (const char *name)
{
  g_autofree char *file_name = g_strconcat (name, ".plumbline", NULL);
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), file_name, NULL);
  g_autoptr(GError) error = NULL;
  PlWorkspace *workspace;

  workspace = pl_workspace_create (path, "Empty Organisation", &error);
  g_assert_no_error (error);

  return workspace;
}

static double
query_double (PlWorkspace *workspace,
              const char  *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_double (stmt, 0);
}

static gint64
count_kpis (PlWorkspace *workspace)
{
  return pl_test_query_int (workspace, "SELECT count(*) FROM kpis");
}

static gpointer
wizard_child (PlKpiWizard *wizard,
              const char  *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (wizard), PL_TYPE_KPI_WIZARD, name);

  g_assert_nonnull (object);
  return object;
}

static gpointer
page_child (PlKpisPage *page,
            const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_KPIS_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_step (PlKpiWizard *wizard)
{
  return gtk_stack_get_visible_child_name (wizard_child (wizard, "stack"));
}

static gboolean
next_sensitive (PlKpiWizard *wizard)
{
  return gtk_widget_get_sensitive (wizard_child (wizard, "next_button"));
}

static void
activate (PlKpiWizard *wizard,
          const char  *action)
{
  gtk_widget_activate_action (GTK_WIDGET (wizard), action, NULL);
  /* Let the stack's transition finish, for the screenshots. */
  pl_test_wait (50);
}

static void
screenshot_light_and_dark (GtkWidget  *widget,
                           const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strconcat (name, "-light", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (400);
  pl_test_screenshot (widget, light);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  pl_test_wait (400);
  pl_test_screenshot (widget, dark);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static PlKpiWizard *
open_wizard (PlWorkspace *workspace,
             PlKpi       *kpi)
{
  GtkWidget *wizard = pl_kpi_wizard_new (NULL, workspace, kpi);

  /* Our own reference, to check that closing really frees it. */
  g_object_ref (wizard);
  pl_test_present (GTK_WINDOW (wizard));

  return PL_KPI_WIZARD (wizard);
}

static void
saved_cb (PlKpiWizard *wizard,
          PlKpi       *kpi,
          gpointer     user_data)
{
  PlKpi **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (kpi);
}

static PlKpi *
find_kpi (PlWorkspace *workspace,
          const char  *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) kpis = pl_kpi_list (workspace, TRUE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (kpis); i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);

      if (g_strcmp0 (pl_kpi_get_code (kpi), code) == 0)
        return g_steal_pointer (&kpi);
    }

  g_assert_not_reached ();
}

static void
test_add_nps (void)
{
  g_autoptr(PlWorkspace) workspace = open_demo_copy ("add-nps");
  g_autoptr(PlKpi) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 n_before = count_kpis (workspace);
  gint64 nps_question = pl_test_query_int (workspace, "SELECT id FROM questions WHERE kind = 'nps'");
  PlKpiWizard *wizard;
  AdwActionRow *preview;

  wizard = open_wizard (workspace, NULL);
  g_signal_connect (wizard, "saved", G_CALLBACK (saved_cb), &saved);

  g_assert_cmpstr (visible_step (wizard), ==, "template");
  g_assert_false (pl_kpi_wizard_get_editing (wizard));
  g_assert_cmpstr (adw_window_title_get_subtitle (wizard_child (wizard, "window_title")), ==,
                   "Step 1 of 4 · Choose a template");
  /* Nothing chosen yet: there is nothing to go on with. */
  g_assert_false (next_sensitive (wizard));
  screenshot_light_and_dark (GTK_WIDGET (wizard), "kpi-wizard-1-template");

  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.template", "s", "nps");
  pl_test_wait (50);
  g_assert_cmpstr (visible_step (wizard), ==, "definition");
  g_assert_cmpstr (adw_window_title_get_subtitle (wizard_child (wizard, "window_title")), ==,
                   "Step 2 of 4 · Definition and data source");
  g_assert_cmpstr (gtk_editable_get_text (wizard_child (wizard, "name_row")), ==, "Net Promoter Score");
  /* The template's question kind picked the NPS question. */
  g_assert_cmpint (pl_kpi_get_question_id (pl_kpi_wizard_get_kpi (wizard)), ==, nps_question);
  g_assert_cmpuint (adw_combo_row_get_selected (wizard_child (wizard, "calc_row")), ==, 2);
  g_assert_false (gtk_widget_get_visible (wizard_child (wizard, "source_problem_box")));

  gtk_editable_set_text (wizard_child (wizard, "name_row"), "NPS (web chat)");
  g_assert_true (next_sensitive (wizard));
  screenshot_light_and_dark (GTK_WIDGET (wizard), "kpi-wizard-2-definition");

  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "target");
  gtk_spin_button_set_value (wizard_child (wizard, "target_spin"), 45);
  g_assert_cmpfloat (pl_kpi_get_target (pl_kpi_wizard_get_kpi (wizard)), ==, 45);
  g_assert_cmpstr (gtk_label_get_text (wizard_child (wizard, "bands_label")), ==,
                   "Green at +45 or more; amber from +30 to +45; red below +30.");
  g_assert_false (gtk_widget_get_visible (wizard_child (wizard, "invalid_box")));

  /* The live preview computed the KPI from the demo's answers. */
  preview = wizard_child (wizard, "preview_row");
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (preview)),
                                   "Week of "));
  g_assert_cmpstr (gtk_label_get_text (wizard_child (wizard, "preview_value_label")), !=, "—");
  g_assert_true (gtk_widget_get_visible (wizard_child (wizard, "preview_status_label")));
  screenshot_light_and_dark (GTK_WIDGET (wizard), "kpi-wizard-3-target");

  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "summary");
  g_assert_cmpstr (gtk_button_get_label (wizard_child (wizard, "next_button")), ==, "_Add KPI");
  g_assert_cmpstr (adw_action_row_get_subtitle (wizard_child (wizard, "sum_name_row")), ==,
                   "NPS (web chat)");
  g_assert_cmpstr (adw_action_row_get_subtitle (wizard_child (wizard, "sum_target_row")), ==,
                   "Green at +45 or more; amber from +30 to +45; red below +30.");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (wizard_child (wizard, "sum_latest_row")),
                                   "Week of "));
  screenshot_light_and_dark (GTK_WIDGET (wizard), "kpi-wizard-4-summary");

  /* Nothing is written before the last step. */
  g_assert_cmpint (count_kpis (workspace), ==, n_before);

  activate (wizard, "wizard.save");
  g_assert_nonnull (saved);
  g_assert_cmpstr (pl_kpi_get_name (saved), ==, "NPS (web chat)");
  g_assert_cmpint (pl_kpi_get_id (saved), >, 0);

  g_assert_cmpint (count_kpis (workspace), ==, n_before + 1);
  stmt = pl_workspace_prepare (workspace,
                               "SELECT calculation, source, target, red_threshold, question_id,"
                               " code, direction, archived FROM kpis WHERE name = 'NPS (web chat)'",
                               &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "nps");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "survey");
  g_assert_cmpfloat (sqlite3_column_double (stmt, 2), ==, 45);
  g_assert_cmpfloat (sqlite3_column_double (stmt, 3), ==, 30);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 4), ==, nps_question);
  /* The demo already has an "nps" KPI: the new one got its own code. */
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 5), !=, "nps");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 6), ==, "higher");
  g_assert_cmpint (sqlite3_column_int (stmt, 7), ==, 0);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);

  /* Saving closed the wizard. */
  pl_test_wait (50);
  g_assert_finalize_object (wizard);
}

static void
test_invalid_thresholds (void)
{
  g_autoptr(PlWorkspace) workspace = open_demo_copy ("invalid");
  gint64 n_before = count_kpis (workspace);
  PlKpiWizard *wizard;
  PlKpi *saved = NULL;

  wizard = open_wizard (workspace, NULL);
  g_signal_connect (wizard, "saved", G_CALLBACK (saved_cb), &saved);

  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.template", "s", "custom");
  pl_test_wait (50);
  g_assert_cmpstr (visible_step (wizard), ==, "definition");

  /* A custom KPI has no name yet: Next waits for one. */
  g_assert_cmpstr (gtk_editable_get_text (wizard_child (wizard, "name_row")), ==, "");
  g_assert_false (next_sensitive (wizard));
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "definition");

  gtk_editable_set_text (wizard_child (wizard, "name_row"), "Callback satisfaction");
  g_assert_true (next_sensitive (wizard));
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "target");

  /* Higher is better, with the red threshold above the target. */
  adw_combo_row_set_selected (wizard_child (wizard, "direction_row"), 0);
  gtk_spin_button_set_value (wizard_child (wizard, "target_spin"), 3.5);
  gtk_spin_button_set_value (wizard_child (wizard, "red_spin"), 4.0);
  pl_test_wait (50);

  g_assert_true (gtk_widget_get_visible (wizard_child (wizard, "invalid_box")));
  g_assert_nonnull (strstr (gtk_label_get_text (wizard_child (wizard, "invalid_label")),
                            "red threshold"));
  g_assert_false (gtk_widget_get_visible (wizard_child (wizard, "bands_label")));
  g_assert_true (gtk_widget_has_css_class (wizard_child (wizard, "red_spin"), "error"));
  g_assert_false (next_sensitive (wizard));
  screenshot_light_and_dark (GTK_WIDGET (wizard), "kpi-wizard-3-invalid");

  /* The actions refuse too, whatever calls them. */
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "target");
  activate (wizard, "wizard.save");
  g_assert_null (saved);
  g_assert_cmpint (count_kpis (workspace), ==, n_before);

  /* Lower is better makes the same numbers consistent. */
  adw_combo_row_set_selected (wizard_child (wizard, "direction_row"), 1);
  g_assert_false (gtk_widget_get_visible (wizard_child (wizard, "invalid_box")));
  g_assert_false (gtk_widget_has_css_class (wizard_child (wizard, "red_spin"), "error"));
  g_assert_true (next_sensitive (wizard));

  /* Cancel leaves the workspace alone. */
  gtk_widget_activate_action (GTK_WIDGET (wizard), "window.close", NULL);
  pl_test_wait (50);
  g_assert_null (saved);
  g_assert_cmpint (count_kpis (workspace), ==, n_before);
  g_assert_finalize_object (wizard);
}

static void
test_edit (void)
{
  g_autoptr(PlWorkspace) workspace = open_demo_copy ("edit");
  g_autoptr(PlKpi) csat = find_kpi (workspace, "csat");
  g_autoptr(PlKpi) saved = NULL;
  gint64 n_before = count_kpis (workspace);
  PlKpiWizard *wizard;

  wizard = open_wizard (workspace, csat);
  g_signal_connect (wizard, "saved", G_CALLBACK (saved_cb), &saved);

  g_assert_true (pl_kpi_wizard_get_editing (wizard));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (wizard)), ==, "Edit KPI");
  g_assert_cmpstr (visible_step (wizard), ==, "definition");
  g_assert_cmpstr (adw_window_title_get_subtitle (wizard_child (wizard, "window_title")), ==,
                   "Step 1 of 3 · Definition and data source");
  g_assert_cmpstr (gtk_editable_get_text (wizard_child (wizard, "name_row")), ==,
                   pl_kpi_get_name (csat));
  g_assert_cmpint (pl_kpi_get_question_id (pl_kpi_wizard_get_kpi (wizard)), ==,
                   pl_kpi_get_question_id (csat));
  g_assert_true (gtk_widget_get_visible (wizard_child (wizard, "top_box_row")));
  /* Cancel is offered on the first step, Back is not. */
  g_assert_true (gtk_widget_get_visible (wizard_child (wizard, "cancel_button")));
  g_assert_false (gtk_widget_get_visible (wizard_child (wizard, "back_button")));
  screenshot_light_and_dark (GTK_WIDGET (wizard), "kpi-wizard-edit");

  activate (wizard, "wizard.next");
  g_assert_cmpfloat (gtk_spin_button_get_value (wizard_child (wizard, "target_spin")), ==, 85);
  gtk_spin_button_set_value (wizard_child (wizard, "target_spin"), 88);

  /* Back and forth keeps what was entered. */
  activate (wizard, "wizard.back");
  g_assert_cmpstr (visible_step (wizard), ==, "definition");
  activate (wizard, "wizard.next");
  g_assert_cmpfloat (gtk_spin_button_get_value (wizard_child (wizard, "target_spin")), ==, 88);

  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "summary");
  g_assert_cmpstr (gtk_button_get_label (wizard_child (wizard, "next_button")), ==, "_Save Changes");

  /* The KPI given to the wizard is untouched until it is saved. */
  g_assert_cmpfloat (pl_kpi_get_target (csat), ==, 85);
  g_assert_cmpfloat (query_double (workspace, "SELECT target FROM kpis WHERE code = 'csat'"), ==, 85);

  activate (wizard, "wizard.save");
  g_assert_nonnull (saved);
  g_assert_cmpint (pl_kpi_get_id (saved), ==, pl_kpi_get_id (csat));
  g_assert_cmpfloat (query_double (workspace, "SELECT target FROM kpis WHERE code = 'csat'"), ==, 88);
  g_assert_cmpint (count_kpis (workspace), ==, n_before);

  pl_test_wait (50);
  g_assert_finalize_object (wizard);
}

static void
test_no_source (void)
{
  g_autoptr(PlWorkspace) workspace = create_empty ("no-source");
  PlKpiWizard *wizard = open_wizard (workspace, NULL);
  const char *message;

  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.template", "s", "nps");
  pl_test_wait (50);
  g_assert_cmpstr (visible_step (wizard), ==, "definition");

  /* No survey, so no NPS question: the step says so and stops. */
  g_assert_true (gtk_widget_get_visible (wizard_child (wizard, "source_problem_box")));
  message = gtk_label_get_text (wizard_child (wizard, "source_problem_label"));
  g_assert_true (g_str_has_prefix (message, "This workspace has no NPS question yet"));
  g_assert_false (gtk_widget_get_visible (wizard_child (wizard, "item_row")));
  g_assert_false (next_sensitive (wizard));
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "definition");
  screenshot_light_and_dark (GTK_WIDGET (wizard), "kpi-wizard-2-no-source");

  /* The complaints log is always there to compute from. */
  adw_combo_row_set_selected (wizard_child (wizard, "source_row"), PL_KPI_SOURCE_COMPLAINTS);
  g_assert_false (gtk_widget_get_visible (wizard_child (wizard, "source_problem_box")));
  g_assert_cmpint (pl_kpi_get_calc (pl_kpi_wizard_get_kpi (wizard)), ==, PL_KPI_CALC_WITHIN_PROMISE);
  g_assert_true (next_sensitive (wizard));

  /* …and with no complaints logged, the preview says there is no data. */
  activate (wizard, "wizard.next");
  g_assert_cmpstr (adw_preferences_row_get_title (wizard_child (wizard, "preview_row")), ==,
                   "No data yet for this source");

  gtk_window_destroy (GTK_WINDOW (wizard));
  pl_test_wait (50);
  g_assert_cmpint (count_kpis (workspace), ==, 0);
  g_assert_finalize_object (wizard);
}

static void
test_save_error (void)
{
  g_autoptr(PlWorkspace) workspace = create_empty ("save-error");
  g_autoptr(GError) error = NULL;
  g_autoptr(PlKpi) saved = NULL;
  PlKpiWizard *wizard;

  pl_workspace_exec (workspace,
                     "INSERT INTO surveys (id, name, created_at)"
                     " VALUES (1, 'Web chat survey', '2026-01-01T00:00:00Z');"
                     "INSERT INTO questions (id, survey_id, position, code, text, kind, scale_min, scale_max)"
                     " VALUES (7, 1, 1, 'nps', 'Would you recommend us?', 'nps', 0, 10);",
                     &error);
  g_assert_no_error (error);

  wizard = open_wizard (workspace, NULL);
  g_signal_connect (wizard, "saved", G_CALLBACK (saved_cb), &saved);
  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.template", "s", "nps");
  g_assert_cmpint (pl_kpi_get_question_id (pl_kpi_wizard_get_kpi (wizard)), ==, 7);
  activate (wizard, "wizard.next");
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "summary");

  /* The question disappears before the KPI is saved. */
  pl_workspace_exec (workspace, "DELETE FROM questions WHERE id = 7", &error);
  g_assert_no_error (error);

  activate (wizard, "wizard.save");
  g_assert_null (saved);
  g_assert_cmpint (count_kpis (workspace), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (wizard)));
  g_assert_true (gtk_widget_get_visible (wizard_child (wizard, "save_error_box")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (wizard_child (wizard, "save_error_label")),
                                   "The KPI was not saved: "));
  /* Everything entered is still there. */
  g_assert_cmpstr (visible_step (wizard), ==, "summary");
  g_assert_cmpstr (gtk_editable_get_text (wizard_child (wizard, "name_row")), ==, "Net Promoter Score");
  screenshot_light_and_dark (GTK_WIDGET (wizard), "kpi-wizard-4-save-error");

  /* Put right, the same wizard saves. */
  pl_workspace_exec (workspace,
                     "INSERT INTO questions (id, survey_id, position, code, text, kind, scale_min, scale_max)"
                     " VALUES (7, 1, 1, 'nps', 'Would you recommend us?', 'nps', 0, 10);",
                     &error);
  g_assert_no_error (error);
  activate (wizard, "wizard.save");
  g_assert_nonnull (saved);
  g_assert_cmpint (count_kpis (workspace), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT question_id FROM kpis"), ==, 7);

  pl_test_wait (50);
  g_assert_finalize_object (wizard);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, (int) n) != NULL)
    n++;

  return n;
}

static gboolean
find_toplevel_cb (gpointer user_data)
{
  gpointer *found = user_data;
  GType type = GPOINTER_TO_SIZE (found[0]);
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (item, type) && gtk_widget_get_mapped (GTK_WIDGET (item)))
        {
          found[1] = item;
          return TRUE;
        }
    }

  return FALSE;
}

static gpointer
wait_for_toplevel (GType type)
{
  gpointer found[2] = { GSIZE_TO_POINTER (type), NULL };

  g_assert_true (pl_test_wait_until (find_toplevel_cb, found, 5000));
  return found[1];
}

static gboolean
page_ready_cb (gpointer user_data)
{
  return !pl_kpis_page_is_loading (PL_KPIS_PAGE (user_data));
}

static void
wait_for_page (PlKpisPage *page)
{
  pl_test_wait (50);
  g_assert_true (pl_test_wait_until (page_ready_cb, page, 30000));
  pl_test_wait (50);
}

/* The value and status the page shows for its @index'th KPI. */
static void
row_latest (PlKpisPage  *page,
            int          index,
            const char **value,
            const char **status)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (page_child (page, "kpi_list"), index);

  g_assert_nonnull (row);
  *value = gtk_label_get_text (g_object_get_data (G_OBJECT (row), "value-label"));
  *status = gtk_label_get_text (g_object_get_data (G_OBJECT (row), "status-label"));
}

static PlKpisPage *
open_page (PlWorkspace *workspace,
           GtkWindow  **out_window)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = pl_kpis_page_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 760);
  gtk_window_set_child (GTK_WINDOW (window), page);
  pl_kpis_page_set_workspace (PL_KPIS_PAGE (page), workspace);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_page (PL_KPIS_PAGE (page));

  /* Our own reference, to check that closing frees the page. */
  *out_window = g_object_ref (GTK_WINDOW (window));
  return PL_KPIS_PAGE (page);
}

static void
test_page_archive (void)
{
  g_autoptr(PlWorkspace) workspace = open_demo_copy ("page-archive");
  g_autoptr(PlKpi) csat = find_kpi (workspace, "csat");
  g_autofree char *sql = NULL;
  gint64 n_kpis = count_kpis (workspace);
  AdwMessageDialog *dialog;
  GtkWindow *window;
  PlKpisPage *page;

  page = open_page (workspace, &window);
  g_assert_true (pl_kpis_page_get_workspace (page) == workspace);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (page, "stack")), ==, "list");
  g_assert_cmpuint (count_rows (page_child (page, "kpi_list")), ==, n_kpis);
  g_assert_false (gtk_widget_get_visible (page_child (page, "archived_group")));

  /* The first KPI (CSAT) shows the value the KPI computes to, with its status. */
  {
    g_autoptr(GArray) points = pl_kpi_compute (csat, workspace, NULL);
    PlKpiSummary summary;
    g_autofree char *expected = NULL;
    const char *value, *status;

    pl_kpi_summarise (csat, points, &summary);
    expected = pl_kpi_format_value (csat, summary.latest.value);
    row_latest (page, 0, &value, &status);
    g_assert_cmpstr (value, ==, expected);
    g_assert_cmpstr (status, ==, pl_status_to_label (summary.status));
  }
  screenshot_light_and_dark (GTK_WIDGET (window), "kpis-page");

  /* Narrow, as beside the sidebar on a small screen. */
  gtk_window_set_default_size (window, 460, 760);
  pl_test_wait (200);
  pl_test_screenshot (GTK_WIDGET (window), "kpis-page-narrow-light");
  gtk_window_set_default_size (window, 900, 760);
  pl_test_wait (200);

  sql = g_strdup_printf ("SELECT archived FROM kpis WHERE id = %" G_GINT64_FORMAT,
                         pl_kpi_get_id (csat));

  /* Cancelling the confirmation changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (page), "kpis.archive", "x", pl_kpi_get_id (csat));
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Archive “Customer satisfaction (CSAT)”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "history stay in the workspace"));
  /* What a click on the button does: respond, then close. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  pl_test_wait (100);
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (page), "kpis.archive", "x", pl_kpi_get_id (csat));
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  screenshot_light_and_dark (GTK_WIDGET (dialog), "kpis-page-archive-dialog");
  adw_message_dialog_response (dialog, "archive");
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for_page (page);
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 1);
  g_assert_cmpuint (count_rows (page_child (page, "kpi_list")), ==, n_kpis - 1);
  g_assert_cmpint (count_kpis (workspace), ==, n_kpis);

  /* Show archived lists it, with Restore. */
  gtk_widget_activate_action (GTK_WIDGET (page), "kpis.show-archived", NULL);
  pl_test_wait (50);
  g_assert_true (pl_kpis_page_get_show_archived (page));
  g_assert_true (gtk_widget_get_visible (page_child (page, "archived_group")));
  g_assert_cmpuint (count_rows (page_child (page, "archived_list")), ==, 1);
  screenshot_light_and_dark (GTK_WIDGET (window), "kpis-page-archived");

  gtk_widget_activate_action (GTK_WIDGET (page), "kpis.restore", "x", pl_kpi_get_id (csat));
  wait_for_page (page);
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 0);
  g_assert_cmpuint (count_rows (page_child (page, "kpi_list")), ==, n_kpis);
  g_assert_cmpuint (count_rows (page_child (page, "archived_list")), ==, 0);

  gtk_window_destroy (window);
  pl_test_wait (50);
  g_assert_finalize_object (window);
}

static void
test_page_add_and_edit (void)
{
  g_autoptr(PlWorkspace) workspace = open_demo_copy ("page-add");
  g_autoptr(PlKpi) asa = find_kpi (workspace, "asa");
  gint64 n_kpis = count_kpis (workspace);
  PlKpiWizard *wizard;
  GtkWindow *window;
  PlKpisPage *page;

  page = open_page (workspace, &window);

  /* Add KPI opens the wizard over the page's window. */
  gtk_widget_activate_action (GTK_WIDGET (page), "kpis.add", NULL);
  wizard = wait_for_toplevel (PL_TYPE_KPI_WIZARD);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (wizard)) == window);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (wizard)));
  g_assert_false (pl_kpi_wizard_get_editing (wizard));

  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.template", "s", "aht");
  /* The template's metric code found the handling-time series. */
  g_assert_cmpint (pl_kpi_get_metric_id (pl_kpi_wizard_get_kpi (wizard)), ==,
                   pl_test_query_int (workspace, "SELECT id FROM metric_series WHERE code = 'aht'"));
  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.save", NULL);
  wait_for_page (page);

  g_assert_cmpint (count_kpis (workspace), ==, n_kpis + 1);
  g_assert_cmpuint (count_rows (page_child (page, "kpi_list")), ==, n_kpis + 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM kpis WHERE template = 'aht'"
                                                 " AND calculation = 'metric' AND direction = 'lower'"), ==, 1);

  /* Edit opens the same wizard on the KPI. */
  gtk_widget_activate_action (GTK_WIDGET (page), "kpis.edit", "x", pl_kpi_get_id (asa));
  wizard = wait_for_toplevel (PL_TYPE_KPI_WIZARD);
  g_assert_true (pl_kpi_wizard_get_editing (wizard));
  g_assert_cmpint (pl_kpi_get_id (pl_kpi_wizard_get_kpi (wizard)), ==, pl_kpi_get_id (asa));
  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL);
  gtk_spin_button_set_value (wizard_child (wizard, "target_spin"), 25);
  gtk_spin_button_set_value (wizard_child (wizard, "red_spin"), 40);
  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.save", NULL);
  pl_test_wait (100);

  g_assert_cmpfloat (query_double (workspace, "SELECT target FROM kpis WHERE code = 'asa'"), ==, 25);
  g_assert_cmpfloat (query_double (workspace, "SELECT red_threshold FROM kpis WHERE code = 'asa'"), ==, 40);
  g_assert_cmpint (count_kpis (workspace), ==, n_kpis + 1);

  gtk_window_destroy (window);
  pl_test_wait (50);
  g_assert_finalize_object (window);
}

static void
test_page_empty (void)
{
  g_autoptr(PlWorkspace) workspace = create_empty ("page-empty");
  GtkWindow *window;
  PlKpisPage *page;

  page = open_page (workspace, &window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (page, "stack")), ==, "empty");
  screenshot_light_and_dark (GTK_WIDGET (window), "kpis-page-empty");

  /* Without a workspace there is nothing to list. */
  pl_kpis_page_set_workspace (page, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (page, "stack")), ==, "no-workspace");

  /* The "workspace" property drives the same thing. */
  g_object_set (page, "workspace", workspace, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (page, "stack")), ==, "empty");

  /* A KPI added elsewhere while the page is hidden shows when it is shown. */
  gtk_widget_set_visible (GTK_WIDGET (page), FALSE);
  {
    const PlKpiTemplate *tmpl = pl_kpi_template_find ("complaints");
    g_autoptr(PlKpi) kpi = pl_kpi_new_from_template (tmpl);
    g_autoptr(GError) error = NULL;

    g_assert_true (pl_kpi_save (kpi, workspace, &error));
    g_assert_no_error (error);
  }
  pl_test_wait (50);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (page, "stack")), ==, "empty");
  gtk_widget_set_visible (GTK_WIDGET (page), TRUE);
  wait_for_page (page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (page, "stack")), ==, "list");
  g_assert_cmpuint (count_rows (page_child (page, "kpi_list")), ==, 1);
  {
    const char *value, *status;

    /* No complaints logged: no value, and no status to judge. */
    row_latest (page, 0, &value, &status);
    g_assert_cmpstr (value, ==, "—");
    g_assert_cmpstr (status, ==, pl_status_to_label (PL_STATUS_NONE));
  }

  gtk_window_destroy (window);
  pl_test_wait (50);
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlWorkspace) demo = NULL;
  int status;

  pl_test_init (&argc, &argv);
  /* Registers the application, which loads the style sheet. */
  pl_test_application ();

  demo = pl_test_make_demo (pl_test_tmp_dir ());
  demo_path = g_strdup (pl_workspace_get_path (demo));
  g_clear_object (&demo);

  g_test_add_func ("/app/kpi-wizard/add-nps", test_add_nps);
  g_test_add_func ("/app/kpi-wizard/invalid-thresholds", test_invalid_thresholds);
  g_test_add_func ("/app/kpi-wizard/edit", test_edit);
  g_test_add_func ("/app/kpi-wizard/no-source", test_no_source);
  g_test_add_func ("/app/kpi-wizard/save-error", test_save_error);
  g_test_add_func ("/app/kpis-page/archive", test_page_archive);
  g_test_add_func ("/app/kpis-page/add-and-edit", test_page_add_and_edit);
  g_test_add_func ("/app/kpis-page/empty", test_page_empty);

  status = g_test_run ();

  g_free (demo_path);
  return status;
}
