/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <string.h>

#include "core/pl-item.h"
#include "core/pl-notice.h"
#include "core/pl-util.h"

#include "pl-notices-page.h"
#include "pl-test-utils.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run: it takes a few seconds to make.
 * Each test works on its own copy. The demo (src/core/pl-demo.c) has two
 * teams, Customer Care (C01–C07) and Billing & Payments (C08–C12), twelve
 * active colleagues and no monitoring notice. */
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
child (PlNoticesPage *page,
       const char    *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_NOTICES_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_state (PlNoticesPage *page)
{
  return gtk_stack_get_visible_child_name (child (page, "stack"));
}

static GtkWindow *
make_window (PlNoticesPage *page,
             int            width,
             int            height)
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
             const char *name)
{
  g_autofree char *light = g_strconcat ("notices-", name, "-light", NULL);
  g_autofree char *dark = g_strconcat ("notices-", name, "-dark", NULL);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (200);
  pl_test_screenshot (widget, light);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  pl_test_wait (200);
  pl_test_screenshot (widget, dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (100);
}

/* Scrolls the page so that @widget's top shows. */
static void
scroll_to (PlNoticesPage *page,
           GtkWidget     *widget)
{
  GtkScrolledWindow *scrolled = child (page, "scrolled");
  GtkWidget *content = gtk_scrolled_window_get_child (scrolled);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  graphene_rect_t bounds;

  pl_test_wait (100);
  g_assert_true (gtk_widget_compute_bounds (widget, content, &bounds));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + bounds.origin.y - 12);
  pl_test_wait (200);
}

static gint64
data_id (gpointer    object,
         const char *key)
{
  gint64 *id = g_object_get_data (G_OBJECT (object), key);

  return id != NULL ? *id : 0;
}

/* The rows of a list box, in order. */
static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

/* The names and teams in "Colleagues Not Yet Told", "name (team)" joined
 * with ", ". */
static char *
untold_shown (PlNoticesPage *page)
{
  GtkListBox *list = child (page, "untold_list");
  GString *text = g_string_new (NULL);

  for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, i));

      g_string_append_printf (text, "%s%s (%s)", i > 0 ? ", " : "",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_action_row_get_subtitle (row));
    }

  return g_string_free (text, FALSE);
}

/* The same, from SQL: active colleagues with no covering staff notice. */
static char *
untold_expected (PlWorkspace *workspace)
{
  return pl_test_query_text (workspace,
                             "SELECT coalesce (group_concat (name || ' (' || team || ')', ', '), '') FROM"
                             " (SELECT c.display_name AS name, t.name AS team FROM colleagues c"
                             "    JOIN teams t ON t.id = c.team_id"
                             "   WHERE c.active AND NOT EXISTS (SELECT 1 FROM monitoring_notices n"
                             "     WHERE n.trashed_at IS NULL AND n.audience = 'staff'"
                             "       AND (n.team_id IS NULL OR n.team_id = c.team_id))"
                             "   ORDER BY c.display_name COLLATE NOCASE, c.id)");
}

static guint
combo_index (AdwComboRow *row,
             const char  *label)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      return i;

  g_assert_not_reached ();
}

static void
fill_form (PlNoticesPage   *page,
           PlNoticeAudience audience,
           PlNoticeMethod   method,
           const char      *date,
           const char      *team,
           const char      *text)
{
  adw_combo_row_set_selected (child (page, "audience_row"), audience);
  adw_combo_row_set_selected (child (page, "method_row"), method);
  gtk_editable_set_text (child (page, "date_row"), date);
  if (team != NULL)
    adw_combo_row_set_selected (child (page, "team_row"), combo_index (child (page, "team_row"), team));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (child (page, "text_view")), text, -1);
}

static char *
get_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gint64
count_notices (PlWorkspace *workspace)
{
  return pl_test_query_int (workspace, "SELECT count (*) FROM monitoring_notices");
}

static AdwExpanderRow *
notice_row (PlNoticesPage *page,
            gint64         notice_id)
{
  GtkListBox *list = child (page, "notices_list");

  for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (data_id (row, "notice-id") == notice_id)
        return ADW_EXPANDER_ROW (row);
    }

  return NULL;
}

static void
collect_checks (GtkWidget *widget,
                GPtrArray *checks)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_CHECK_BUTTON (c) && data_id (c, "colleague-id") != 0)
        g_ptr_array_add (checks, c);
      collect_checks (c, checks);
    }
}

static GtkCheckButton *
ack_check (AdwExpanderRow *row,
           gint64          colleague_id)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();

  collect_checks (GTK_WIDGET (row), checks);
  for (guint i = 0; i < checks->len; i++)
    if (data_id (checks->pdata[i], "colleague-id") == colleague_id)
      return checks->pdata[i];

  return NULL;
}

static void
test_empty_states (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("empty");
  g_autoptr(GListModel) untold = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *expected = NULL;
  PlNoticesPage *page = pl_notices_page_new ();
  GtkWindow *window = make_window (page, 900, 800);

  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  screenshots (GTK_WIDGET (window), "no-workspace");

  pl_notices_page_set_workspace (page, workspace);
  g_assert_cmpstr (visible_state (page), ==, "main");
  pl_test_wait (400);
  g_assert_cmpstr (gtk_label_get_text (child (page, "explanation_label")), ==, pl_notice_explanation ());

  /* The demo records no notice: all twelve active colleagues are untold,
   * as the core and SQL both say. */
  g_assert_cmpint (count_notices (workspace), ==, 0);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM colleagues WHERE active"), ==, 12);
  untold = pl_notice_colleagues_without_notice (workspace, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (untold), ==, 12);
  g_assert_cmpuint (count_rows (child (page, "untold_list")), ==, 12);
  shown = untold_shown (page);
  expected = untold_expected (workspace);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_nonnull (strstr (shown, "Amelia Hughes (Customer Care)"));
  g_assert_nonnull (strstr (shown, "Ryan Campbell (Billing & Payments)"));
  g_assert_true (gtk_widget_get_visible (child (page, "untold_list")));
  g_assert_false (gtk_widget_get_visible (child (page, "all_told_list")));

  /* No notices: the list teaches, the form is ready with today's date. */
  g_assert_true (gtk_widget_get_visible (child (page, "notices_empty_label")));
  g_assert_false (gtk_widget_get_visible (child (page, "notices_list")));
  g_clear_pointer (&expected, g_free);
  expected = pl_today_iso ();
  g_assert_cmpstr (gtk_editable_get_text (child (page, "date_row")), ==, expected);
  g_assert_true (gtk_widget_get_visible (child (page, "team_row")));
  screenshots (GTK_WIDGET (window), "empty");
  gtk_window_set_default_size (window, 360, 800);
  pl_test_wait (300);
  screenshots (GTK_WIDGET (window), "empty-narrow");

  pl_notices_page_set_workspace (page, NULL);
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");

  destroy_window (window);
}

static void
test_record (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("record");
  g_autofree char *shown = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  PlNoticesPage *page = pl_notices_page_new ();
  GtkWindow *window;
  AdwExpanderRow *row;
  gint64 care_id, team_notice, customers_notice;

  pl_notices_page_set_workspace (page, workspace);
  window = make_window (page, 900, 1000);
  care_id = pl_test_query_int (workspace, "SELECT id FROM teams WHERE name = 'Customer Care'");

  /* Refused: empty text, a future date, a date that is not one. Nothing
   * is written and the form says why. */
  fill_form (page, PL_NOTICE_AUDIENCE_STAFF, PL_NOTICE_METHOD_TEAM_MEETING, "2026-09-01",
             "Customer Care", "   \n ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.record", NULL));
  g_assert_cmpint (count_notices (workspace), ==, 0);
  g_assert_true (gtk_widget_get_visible (child (page, "error_label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "error_label")),
                                   "Nothing was recorded: Write down what people were told"));

  fill_form (page, PL_NOTICE_AUDIENCE_STAFF, PL_NOTICE_METHOD_TEAM_MEETING, "2099-01-01",
             "Customer Care", "Calls may be reviewed.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.record", NULL));
  g_assert_cmpint (count_notices (workspace), ==, 0);
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "error_label")), "in the future"));

  gtk_editable_set_text (child (page, "date_row"), "2026-02-30");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.record", NULL));
  g_assert_cmpint (count_notices (workspace), ==, 0);
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "error_label")), "year-month-day"));
  /* What was typed is kept for the user to correct. */
  g_assert_cmpstr (gtk_editable_get_text (child (page, "date_row")), ==, "2026-02-30");

  /* A staff notice to Customer Care. */
  fill_form (page, PL_NOTICE_AUDIENCE_STAFF, PL_NOTICE_METHOD_TEAM_MEETING, "2026-09-01", "Customer Care",
             "Calls may be reviewed by your team leader.\nScores are used for coaching, not discipline.");
  g_assert_false (gtk_widget_get_visible (child (page, "error_label")));
  scroll_to (page, child (page, "form_group"));
  screenshots (GTK_WIDGET (window), "form-filled");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.record", NULL));
  g_assert_false (gtk_widget_get_visible (child (page, "error_label")));
  g_assert_cmpint (count_notices (workspace), ==, 1);
  team_notice = pl_test_query_int (workspace, "SELECT max (id) FROM monitoring_notices");
  text = pl_test_query_text (workspace, "SELECT audience || '|' || method || '|' || given_on || '|' ||"
                                        " team_id || '|' || text FROM monitoring_notices");
  expected = g_strdup_printf ("staff|team_meeting|2026-09-01|%" G_GINT64_FORMAT "|Calls may be reviewed by "
                              "your team leader.\nScores are used for coaching, not discipline.", care_id);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&text, g_free);

  /* The form is ready for the next notice. */
  text = pl_today_iso ();
  g_assert_cmpstr (gtk_editable_get_text (child (page, "date_row")), ==, text);
  g_clear_pointer (&text, g_free);

  /* Only Billing & Payments' five colleagues are left untold. */
  g_assert_cmpuint (count_rows (child (page, "untold_list")), ==, 5);
  shown = untold_shown (page);
  expected = untold_expected (workspace);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpstr (shown, ==, "Grace Murphy (Billing & Payments), Hannah Clarke (Billing & Payments), "
                              "Oliver Bennett (Billing & Payments), Ryan Campbell (Billing & Payments), "
                              "Thomas Wright (Billing & Payments)");
  g_clear_pointer (&shown, g_free);
  g_clear_pointer (&expected, g_free);

  /* The list shows it: method and date, audience and the first line. */
  g_assert_false (gtk_widget_get_visible (child (page, "notices_empty_label")));
  row = notice_row (page, team_notice);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Team meeting · 1 Sep 2026");
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==,
                   "Staff: Customer Care · Calls may be reviewed by your team leader.");

  /* A notice to all staff covers everyone: the positive line shows. */
  fill_form (page, PL_NOTICE_AUDIENCE_STAFF, PL_NOTICE_METHOD_EMAIL, "2026-09-15", "All staff",
             "Quality reviews start on 1 October. Each month a sample of your contacts is reviewed.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.record", NULL));
  g_assert_cmpint (count_notices (workspace), ==, 2);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM monitoring_notices"
                                                 " WHERE method = 'email' AND team_id IS NULL"
                                                 "   AND given_on = '2026-09-15'"), ==, 1);
  g_assert_false (gtk_widget_get_visible (child (page, "untold_list")));
  g_assert_true (gtk_widget_get_visible (child (page, "all_told_list")));
  g_assert_cmpuint (count_rows (child (page, "untold_list")), ==, 0);
  scroll_to (page, child (page, "untold_group"));
  screenshots (GTK_WIDGET (window), "all-told");

  /* Customers: no team, even one chosen before, and no acknowledgements. */
  fill_form (page, PL_NOTICE_AUDIENCE_STAFF, PL_NOTICE_METHOD_RECORDED_MESSAGE, "2026-09-20", "Customer Care",
             "Calls may be recorded for training and quality purposes.");
  adw_combo_row_set_selected (child (page, "audience_row"), PL_NOTICE_AUDIENCE_CUSTOMERS);
  g_assert_false (gtk_widget_get_visible (child (page, "team_row")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.record", NULL));
  g_assert_cmpint (count_notices (workspace), ==, 3);
  customers_notice = pl_test_query_int (workspace, "SELECT max (id) FROM monitoring_notices");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM monitoring_notices"
                                                 " WHERE audience = 'customers' AND method = 'recorded_message'"
                                                 "   AND team_id IS NULL"), ==, 1);
  row = notice_row (page, customers_notice);
  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (row), "Customers · "));
  g_assert_null (ack_check (row, pl_test_query_int (workspace, "SELECT id FROM colleagues WHERE code = 'C01'")));

  /* Newest first: by date given. */
  g_assert_true (GTK_WIDGET (notice_row (page, customers_notice)) ==
                 GTK_WIDGET (gtk_list_box_get_row_at_index (child (page, "notices_list"), 0)));
  g_assert_true (GTK_WIDGET (notice_row (page, team_notice)) ==
                 GTK_WIDGET (gtk_list_box_get_row_at_index (child (page, "notices_list"), 2)));

  destroy_window (window);
}

static void
test_acknowledge_and_trash (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("acknowledge");
  g_autofree char *today = pl_today_iso ();
  g_autofree char *day = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *sql = NULL;
  PlNoticesPage *page = pl_notices_page_new ();
  GtkWindow *window;
  AdwExpanderRow *row;
  GtkCheckButton *check;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  gint64 notice_id, amelia, oliver;

  pl_notices_page_set_workspace (page, workspace);
  window = make_window (page, 900, 1300);
  amelia = pl_test_query_int (workspace, "SELECT id FROM colleagues WHERE code = 'C01'");
  oliver = pl_test_query_int (workspace, "SELECT id FROM colleagues WHERE code = 'C08'");

  fill_form (page, PL_NOTICE_AUDIENCE_STAFF, PL_NOTICE_METHOD_TEAM_MEETING, "2026-09-01", "Customer Care",
             "Calls may be reviewed by your team leader.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.record", NULL));
  notice_id = pl_test_query_int (workspace, "SELECT max (id) FROM monitoring_notices");
  row = notice_row (page, notice_id);
  g_assert_nonnull (row);

  /* A team notice lists its team's seven colleagues, no one else. */
  collect_checks (GTK_WIDGET (row), checks);
  g_assert_cmpuint (checks->len, ==, 7);
  g_assert_null (ack_check (row, oliver));
  check = ack_check (row, amelia);
  g_assert_nonnull (check);
  g_assert_false (gtk_check_button_get_active (check));

  /* Ticking records an acknowledgement dated today. */
  adw_expander_row_set_expanded (row, TRUE);
  gtk_check_button_set_active (check, TRUE);
  sql = g_strdup_printf ("SELECT acknowledged_on FROM notice_acknowledgements"
                         " WHERE notice_id = %" G_GINT64_FORMAT " AND colleague_id = %" G_GINT64_FORMAT,
                         notice_id, amelia);
  day = pl_test_query_text (workspace, sql);
  g_assert_cmpstr (day, ==, today);
  g_clear_pointer (&day, g_free);
  day = pl_date_format_short (today);
  subtitle = g_strdup_printf ("Acknowledged on %s", day);
  g_assert_cmpstr (adw_action_row_get_subtitle (g_object_get_data (G_OBJECT (check), "row")), ==, subtitle);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM notice_acknowledgements"), ==, 1);

  /* After a refresh the row is still open and the tick still there. */
  pl_test_wait (200);
  row = notice_row (page, notice_id);
  g_assert_true (adw_expander_row_get_expanded (row));
  g_assert_true (gtk_check_button_get_active (ack_check (row, amelia)));
  scroll_to (page, child (page, "notices_group"));
  screenshots (GTK_WIDGET (window), "acknowledged");
  gtk_window_set_default_size (window, 360, 1300);
  pl_test_wait (300);
  scroll_to (page, child (page, "notices_group"));
  screenshots (GTK_WIDGET (window), "acknowledged-narrow");
  gtk_window_set_default_size (window, 900, 1300);
  pl_test_wait (300);

  /* Unticking removes it. */
  check = ack_check (notice_row (page, notice_id), amelia);
  gtk_check_button_set_active (check, FALSE);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM notice_acknowledgements"), ==, 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (g_object_get_data (G_OBJECT (check), "row")), ==,
                   "Not acknowledged yet");

  /* Trash, then Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.trash", "x", notice_id));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT trashed_at IS NOT NULL FROM monitoring_notices WHERE id = %" G_GINT64_FORMAT,
                         notice_id);
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 1);
  g_assert_null (notice_row (page, notice_id));
  g_assert_true (gtk_widget_get_visible (child (page, "notices_empty_label")));
  g_assert_cmpuint (count_rows (child (page, "untold_list")), ==, 12);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.restore", "x", notice_id));
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 0);
  g_assert_nonnull (notice_row (page, notice_id));
  g_assert_cmpuint (count_rows (child (page, "untold_list")), ==, 5);
  g_assert_cmpint (count_notices (workspace), ==, 1);

  destroy_window (window);
}

/* A notice given can be corrected in the form; a correction that would
 * leave out a colleague who acknowledged it is refused and changes
 * nothing. */
static void
test_correct (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("correct");
  g_autoptr(PlNotice) notice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sql = NULL;
  PlNoticesPage *page = pl_notices_page_new ();
  GtkWindow *window;
  GtkTextBuffer *buffer;
  gint64 notice_id, amelia;

  pl_notices_page_set_workspace (page, workspace);
  window = make_window (page, 900, 1300);
  amelia = pl_test_query_int (workspace, "SELECT id FROM colleagues WHERE code = 'C01'");
  buffer = gtk_text_view_get_buffer (child (page, "text_view"));

  fill_form (page, PL_NOTICE_AUDIENCE_STAFF, PL_NOTICE_METHOD_TEAM_MEETING, "2026-09-01", "Customer Care",
             "Calls may be reviewd by your team leader.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.record", NULL));
  notice_id = pl_test_query_int (workspace, "SELECT max (id) FROM monitoring_notices");

  /* Escape does nothing to a form that is not correcting a notice. */
  gtk_text_buffer_set_text (buffer, "Half-typed", -1);
  gtk_widget_activate_action (GTK_WIDGET (page), "notices.cancel-edit", NULL);
  g_assert_cmpstr (text = get_text (buffer), ==, "Half-typed");
  g_clear_pointer (&text, g_free);

  /* Correct: the form takes the notice's values and says it corrects. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.edit", "x", notice_id));
  g_assert_cmpstr (text = get_text (buffer), ==, "Calls may be reviewd by your team leader.");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (gtk_editable_get_text (child (page, "date_row")), ==, "2026-09-01");
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "team_row")), ==,
                    combo_index (child (page, "team_row"), "Customer Care"));
  g_assert_cmpstr (gtk_button_get_label (child (page, "record_button")), ==, "_Save Changes");
  g_assert_true (gtk_widget_get_visible (child (page, "cancel_edit_button")));
  g_assert_cmpstr (adw_preferences_group_get_title (child (page, "form_group")), ==, "Correct a Notice");
  scroll_to (page, child (page, "form_group"));
  screenshots (GTK_WIDGET (window), "correct");

  gtk_text_buffer_set_text (buffer, "Calls may be reviewed by your team leader.", -1);
  gtk_editable_set_text (child (page, "date_row"), "2026-09-02");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.record", NULL));
  g_assert_cmpint (count_notices (workspace), ==, 1);
  sql = g_strdup_printf ("SELECT text || ' ' || given_on FROM monitoring_notices WHERE id = %" G_GINT64_FORMAT,
                         notice_id);
  g_assert_cmpstr (text = pl_test_query_text (workspace, sql), ==,
                   "Calls may be reviewed by your team leader. 2026-09-02");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (gtk_button_get_label (child (page, "record_button")), ==, "_Record Notice");
  g_assert_false (gtk_widget_get_visible (child (page, "cancel_edit_button")));
  g_assert_cmpstr (text = get_text (buffer), ==, "");
  g_clear_pointer (&text, g_free);

  /* Amelia (Customer Care) acknowledged it: moving it to Billing would
   * leave her out, so nothing changes and the form says why. */
  notice = pl_notice_load (workspace, notice_id, &error);
  g_assert_no_error (error);
  g_assert_true (pl_notice_acknowledge (notice, workspace, amelia, "2026-09-03", &error));
  g_assert_no_error (error);
  pl_test_wait (200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.edit", "x", notice_id));
  adw_combo_row_set_selected (child (page, "team_row"), combo_index (child (page, "team_row"), "Billing & Payments"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.record", NULL));
  g_assert_true (gtk_widget_get_visible (child (page, "error_label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "error_label")), "Nothing was saved: "));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT t.name FROM monitoring_notices n JOIN teams t ON t.id = n.team_id"
                         " WHERE n.id = %" G_GINT64_FORMAT, notice_id);
  g_assert_cmpstr (text = pl_test_query_text (workspace, sql), ==, "Customer Care");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM notice_acknowledgements"), ==, 1);

  /* Cancel leaves the notice as it was and the form empty. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.cancel-edit", NULL));
  g_assert_cmpstr (gtk_button_get_label (child (page, "record_button")), ==, "_Record Notice");
  g_assert_false (gtk_widget_get_visible (child (page, "error_label")));
  g_assert_cmpstr (text = get_text (buffer), ==, "");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (count_notices (workspace), ==, 1);

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

  g_test_add_func ("/app/notices/empty-states", test_empty_states);
  g_test_add_func ("/app/notices/record", test_record);
  g_test_add_func ("/app/notices/acknowledge-and-trash", test_acknowledge_and_trash);
  g_test_add_func ("/app/notices/correct", test_correct);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
