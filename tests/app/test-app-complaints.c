/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include "core/pl-complaint.h"
#include "core/pl-util.h"

#include "pl-complaints-page.h"
#include "pl-test-utils.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run (src/core/pl-demo.c: about 250
 * complaints from 2026-03-30 to 2026-09-27, promised within 10 days);
 * each test works on its own copy. */
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
child (PlComplaintsPage *page,
       const char       *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_COMPLAINTS_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static GtkWindow *
make_window (PlComplaintsPage *page,
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

/* complaints-<name>-<light|dark>-<wide|narrow>.png */
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
          g_autofree char *file = g_strdup_printf ("complaints-%s-%s-%s", name, schemes[c].scheme,
                                                   sizes[s].size);

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

static const char *
pill_text (PlComplaintsPage *page,
           guint             index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (child (page, "log_list"), index);
  GtkLabel *pill;

  g_assert_nonnull (row);
  pill = g_object_get_data (G_OBJECT (row), "state-pill");
  g_assert_true (GTK_IS_LABEL (pill));
  return gtk_label_get_text (pill);
}

static guint
count_pills (PlComplaintsPage *page,
             const char       *text)
{
  guint n = count_rows (child (page, "log_list"));
  guint count = 0;

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (pill_text (page, i), text) == 0)
      count++;
  return count;
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

/* The states as SQL judges them on @today, written out from the rule
 * (not from the page's code): kept when resolved_on − received_on <=
 * promised_days; overdue when not resolved and received_on +
 * promised_days < today. */
/* Among the newest @limit complaints, as the page lists them. */
static gint64
expected_count (PlWorkspace *workspace,
                const char  *today,
                const char  *state,
                int          limit)
{
  g_autofree char *sql = NULL;
  g_autofree char *limited = NULL;

  if (g_str_equal (state, "kept"))
    sql = g_strdup ("SELECT count (*) FROM complaints WHERE trashed_at IS NULL AND NOT excluded"
                    " AND resolved_on IS NOT NULL"
                    " AND julianday (resolved_on) - julianday (received_on) <= promised_days");
  else if (g_str_equal (state, "broken"))
    sql = g_strdup ("SELECT count (*) FROM complaints WHERE trashed_at IS NULL AND NOT excluded"
                    " AND resolved_on IS NOT NULL"
                    " AND julianday (resolved_on) - julianday (received_on) > promised_days");
  else if (g_str_equal (state, "overdue"))
    sql = g_strdup_printf ("SELECT count (*) FROM complaints WHERE trashed_at IS NULL AND NOT excluded"
                           " AND resolved_on IS NULL"
                           " AND julianday (received_on) + promised_days < julianday ('%s')", today);
  else
    sql = g_strdup_printf ("SELECT count (*) FROM complaints WHERE trashed_at IS NULL AND NOT excluded"
                           " AND resolved_on IS NULL"
                           " AND julianday (received_on) + promised_days >= julianday ('%s')", today);

  /* "FROM complaints" → the newest @limit of them. */
  limited = g_strdup_printf ("FROM (SELECT * FROM complaints WHERE trashed_at IS NULL"
                             " ORDER BY received_on DESC, id DESC LIMIT %d)", limit);
  {
    g_auto(GStrv) parts = g_strsplit (sql, "FROM complaints", 2);
    g_autofree char *joined = g_strjoinv (limited, parts);

    return pl_test_query_int (workspace, joined);
  }
}

static char *
day_offset (int days)
{
  g_autofree char *today = pl_today_iso ();
  GDate date;

  g_assert_true (pl_date_parse_iso (today, &date));
  if (days >= 0)
    g_date_add_days (&date, days);
  else
    g_date_subtract_days (&date, -days);
  return pl_date_to_iso (&date);
}

static void
test_empty_states (void)
{
  PlComplaintsPage *page = pl_complaints_page_new ();
  GtkWindow *window = make_window (page, 1200, 700);
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), "complaints-empty.plumbline", NULL);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "stack")), ==, "no-workspace");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "complaints.add", NULL) &&
                  gtk_widget_get_visible (child (page, "form_box")));
  screenshots (window, "no-workspace", 700);

  workspace = pl_workspace_create (path, "Empty", &error);
  g_assert_no_error (error);
  pl_complaints_page_set_workspace (page, workspace);
  pl_test_wait (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "stack")), ==, "main");
  g_assert_cmpstr (gtk_label_get_text (child (page, "summary_label")), ==, "0 complaints");
  g_assert_true (gtk_widget_get_visible (child (page, "empty_label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "empty_label")),
                                   "No complaints logged yet."));
  g_assert_false (gtk_widget_get_visible (child (page, "log_list")));
  g_assert_false (gtk_widget_get_visible (child (page, "category_suggestions")));
  g_assert_false (gtk_widget_get_visible (child (page, "filters_box")));
  g_assert_false (gtk_widget_get_visible (child (page, "states_label")));
  screenshots (window, "empty", 700);

  pl_complaints_page_set_workspace (page, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "stack")), ==, "no-workspace");
  destroy_window (window);
}

static void
test_log_and_filters (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("complaints-log");
  g_autofree char *today = pl_today_iso ();
  g_autofree char *expected = NULL;
  PlComplaintsPage *page = pl_complaints_page_new ();
  GtkWindow *window = make_window (page, 1200, 900);
  gint64 total, kept, broken, overdue, open, n_email;
  g_autofree char *email = NULL;

  pl_complaints_page_set_workspace (page, workspace);
  pl_test_wait (200);

  total = pl_test_query_int (workspace, "SELECT count (*) FROM complaints WHERE trashed_at IS NULL");
  kept = expected_count (workspace, today, "kept", G_MAXINT);
  broken = expected_count (workspace, today, "broken", G_MAXINT);
  overdue = expected_count (workspace, today, "overdue", G_MAXINT);
  open = expected_count (workspace, today, "open", G_MAXINT);
  g_assert_cmpint (kept + broken + overdue + open, ==, total);
  g_assert_cmpint (total, >, 200);

  /* "248 complaints · 91% of promises kept": kept of kept, broken and
   * overdue. */
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " complaints · %.0f%% of promises kept", total,
                              100.0 * (double) kept / (double) (kept + broken + overdue));
  g_assert_cmpstr (gtk_label_get_text (child (page, "summary_label")), ==, expected);
  g_test_message ("%s", expected);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "states_label")), "Kept "));

  /* The newest 100 are listed with their states, the pills as SQL counts
   * them; "Show More" adds the next 100. */
  g_assert_cmpuint (count_rows (child (page, "log_list")), ==, 100);
  g_assert_cmpuint (count_pills (page, "Kept"), ==, expected_count (workspace, today, "kept", 100));
  g_assert_cmpuint (count_pills (page, "Broken"), ==, expected_count (workspace, today, "broken", 100));
  g_assert_cmpuint (count_pills (page, "Overdue"), ==, expected_count (workspace, today, "overdue", 100));
  g_assert_cmpuint (count_pills (page, "Open"), ==, expected_count (workspace, today, "open", 100));
  /* The demo's last weeks have a backlog: overdue and broken promises. */
  g_assert_cmpint (expected_count (workspace, today, "overdue", 100), >, 0);
  g_assert_cmpint (expected_count (workspace, today, "broken", 100), >, 0);
  g_assert_true (gtk_widget_get_visible (child (page, "more_button")));
  {
    g_autofree char *more = g_strdup_printf ("Show More (%" G_GINT64_FORMAT " not shown)", total - 100);

    g_assert_cmpstr (gtk_button_get_label (child (page, "more_button")), ==, more);
  }
  screenshots (window, "log", 900);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "complaints.show-more", NULL));
  g_assert_cmpuint (count_rows (child (page, "log_list")), ==, 200);
  g_assert_cmpuint (count_pills (page, "Kept"), ==, expected_count (workspace, today, "kept", 200));

  /* State filter: only the broken promises. */
  gtk_drop_down_set_selected (child (page, "state_filter"), 1 + PL_COMPLAINT_STATE_BROKEN);
  pl_test_wait (50);
  g_assert_cmpuint (count_rows (child (page, "log_list")), ==, MIN (broken, 100));
  g_assert_cmpuint (count_pills (page, "Broken"), ==, MIN (broken, 100));
  g_assert_false (gtk_widget_get_visible (child (page, "more_button")));
  /* The counts follow the other filters, not the state. */
  g_assert_cmpstr (gtk_label_get_text (child (page, "summary_label")), ==, expected);
  g_assert_true (g_str_has_suffix (gtk_label_get_text (child (page, "states_label")), " · filtered"));
  gtk_drop_down_set_selected (child (page, "state_filter"), 0);

  /* Channel filter. */
  email = pl_test_query_text (workspace, "SELECT name FROM channels WHERE id = 2");
  n_email = pl_test_query_int (workspace, "SELECT count (*) FROM complaints WHERE channel_id = 2");
  gtk_drop_down_set_selected (child (page, "channel_filter"),
                              string_index (gtk_drop_down_get_model (child (page, "channel_filter")), email));
  pl_test_wait (50);
  g_assert_cmpuint (count_rows (child (page, "log_list")), ==, MIN (n_email, 100));
  gtk_drop_down_set_selected (child (page, "channel_filter"), 0);

  /* Date range: April 2026 only; a bad date is marked and ignored. */
  gtk_editable_set_text (child (page, "from_entry"), "2026-04-01");
  gtk_editable_set_text (child (page, "to_entry"), "2026-04-30");
  pl_test_wait (50);
  g_assert_cmpuint (count_rows (child (page, "log_list")), ==,
                    pl_test_query_int (workspace, "SELECT count (*) FROM complaints"
                                                  " WHERE received_on BETWEEN '2026-04-01' AND '2026-04-30'"));
  gtk_editable_set_text (child (page, "to_entry"), "April");
  pl_test_wait (50);
  g_assert_true (gtk_widget_has_css_class (child (page, "to_entry"), "error"));
  g_assert_cmpuint (count_rows (child (page, "log_list")), ==,
                    MIN (100, pl_test_query_int (workspace, "SELECT count (*) FROM complaints"
                                                            " WHERE received_on >= '2026-04-01'")));

  /* Nothing matches: the page says so. */
  gtk_editable_set_text (child (page, "from_entry"), "2025-01-01");
  gtk_editable_set_text (child (page, "to_entry"), "2025-01-31");
  pl_test_wait (50);
  g_assert_cmpuint (count_rows (child (page, "log_list")), ==, 0);
  g_assert_true (gtk_widget_get_visible (child (page, "empty_label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "empty_label")),
                                   "No complaint matches these filters."));
  g_assert_cmpstr (gtk_label_get_text (child (page, "summary_label")), ==, "0 complaints");
  /* The filters stay, to be changed back. */
  g_assert_true (gtk_widget_get_visible (child (page, "filters_box")));

  destroy_window (window);
}

static void
test_add_and_edit (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("complaints-add");
  g_autofree char *yesterday = day_offset (-1);
  g_autofree char *day_before = day_offset (-2);
  g_autofree char *today = pl_today_iso ();
  g_autofree char *top_category = NULL;
  g_autofree char *email = NULL;
  g_autofree char *colleague = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;
  PlComplaintsPage *page = pl_complaints_page_new ();
  GtkWindow *window = make_window (page, 1200, 1100);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (child (page, "description_view"));
  GtkFlowBoxChild *suggestion;
  gint64 before, id;

  pl_complaints_page_set_workspace (page, workspace);
  pl_test_wait (100);
  before = pl_test_query_int (workspace, "SELECT count (*) FROM complaints");

  g_assert_false (gtk_widget_get_visible (child (page, "form_box")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "complaints.add", NULL));
  g_assert_true (gtk_widget_get_visible (child (page, "form_box")));
  g_assert_cmpstr (gtk_label_get_text (child (page, "form_title")), ==, "Log a Complaint");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "received_row")), ==, today);
  /* The demo promises 10 days: a new complaint starts with that. */
  g_assert_cmpfloat (gtk_spin_button_get_value (child (page, "promised_spin")), ==, 10);

  /* Without a description: nothing written, the error under the text. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "complaints.save", NULL));
  g_assert_true (gtk_widget_get_visible (child (page, "what_error")));
  g_assert_cmpstr (gtk_label_get_text (child (page, "what_error")), ==,
                   "Describe the complaint in a few words: what the customer is unhappy about.");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM complaints"), ==, before);

  /* Received in the future: refused next to the date. */
  gtk_text_buffer_set_text (buffer, "The engineer did not come on the day booked.", -1);
  g_assert_false (gtk_widget_get_visible (child (page, "what_error")));
  gtk_editable_set_text (child (page, "received_row"), "2999-01-01");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "complaints.save", NULL));
  g_assert_true (gtk_widget_get_visible (child (page, "when_error")));
  g_assert_true (gtk_widget_has_css_class (child (page, "received_row"), "error"));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM complaints"), ==, before);

  /* The whole complaint: channel and colleague picked, category from the
   * suggestions (the demo's most used first). */
  gtk_editable_set_text (child (page, "received_row"), yesterday);
  g_assert_false (gtk_widget_has_css_class (child (page, "received_row"), "error"));
  email = pl_test_query_text (workspace, "SELECT name FROM channels WHERE id = 2");
  adw_combo_row_set_selected (child (page, "channel_row"),
                              string_index (adw_combo_row_get_model (child (page, "channel_row")), email));
  colleague = pl_test_query_text (workspace, "SELECT display_name FROM colleagues WHERE id = 3");
  adw_combo_row_set_selected (child (page, "colleague_row"),
                              string_index (adw_combo_row_get_model (child (page, "colleague_row")), colleague));
  top_category = pl_test_query_text (workspace, "SELECT category FROM complaints GROUP BY category"
                                                " ORDER BY count (*) DESC, category LIMIT 1");
  suggestion = gtk_flow_box_get_child_at_index (child (page, "category_suggestions"), 0);
  g_assert_nonnull (suggestion);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gtk_flow_box_child_get_child (suggestion))), ==,
                   top_category);
  g_signal_emit_by_name (gtk_flow_box_child_get_child (suggestion), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "category_row")), ==, top_category);
  gtk_editable_set_text (child (page, "reference_row"), "CMP-NEW-1");
  gtk_spin_button_set_value (child (page, "promised_spin"), 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "complaints.save", NULL));

  g_assert_false (gtk_widget_get_visible (child (page, "form_box")));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM complaints"), ==, before + 1);
  id = pl_test_query_int (workspace, "SELECT id FROM complaints WHERE reference = 'CMP-NEW-1'");
  sql = g_strdup_printf ("SELECT received_on || '|' || channel_id || '|' || category || '|' || promised_days"
                         " || '|' || colleague_id || '|' || description || '|' || coalesce (resolved_on, '-')"
                         " FROM complaints WHERE id = %" G_GINT64_FORMAT, id);
  text = pl_test_query_text (workspace, sql);
  {
    g_autofree char *want = g_strdup_printf ("%s|2|%s|10.0|3|The engineer did not come on the day booked.|-",
                                             yesterday, top_category);

    g_assert_cmpstr (text, ==, want);
  }
  g_clear_pointer (&text, g_free);
  /* The newest, at the top: received yesterday, due in 9 days: open. */
  g_assert_cmpstr (pill_text (page, 0), ==, "Open");

  /* Resolved before it was received: nothing written, the error beside
   * the resolved date. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "complaints.edit", "x", id));
  g_assert_cmpstr (gtk_label_get_text (child (page, "form_title")), ==, "Edit Complaint");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "reference_row")), ==, "CMP-NEW-1");
  gtk_editable_set_text (child (page, "resolved_row"), day_before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "complaints.save", NULL));
  g_assert_true (gtk_widget_get_visible (child (page, "form_box")));
  g_assert_true (gtk_widget_get_visible (child (page, "handling_error")));
  g_assert_cmpstr (gtk_label_get_text (child (page, "handling_error")), ==,
                   "The complaint cannot be resolved before it was received. Check both dates.");
  g_assert_true (gtk_widget_has_css_class (child (page, "resolved_row"), "error"));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT resolved_on IS NULL FROM complaints WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 1);
  screenshots (window, "form-error", 1100);

  /* Resolved today: one day, within the ten promised — kept. */
  gtk_editable_set_text (child (page, "resolved_row"), today);
  gtk_editable_set_text (child (page, "outcome_row"), "Upheld");
  g_assert_false (gtk_widget_get_visible (child (page, "handling_error")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "complaints.save", NULL));
  g_assert_false (gtk_widget_get_visible (child (page, "form_box")));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT resolved_on || '|' || outcome FROM complaints WHERE id = %" G_GINT64_FORMAT, id);
  text = pl_test_query_text (workspace, sql);
  {
    g_autofree char *want = g_strdup_printf ("%s|Upheld", today);

    g_assert_cmpstr (text, ==, want);
  }
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM complaints"), ==, before + 1);
  g_assert_cmpstr (pill_text (page, 0), ==, "Kept");

  /* Escape (complaints.cancel) leaves a complaint unchanged. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "complaints.edit", "x", id));
  gtk_editable_set_text (child (page, "outcome_row"), "Not upheld");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "complaints.cancel", NULL));
  g_assert_false (gtk_widget_get_visible (child (page, "form_box")));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT outcome FROM complaints WHERE id = %" G_GINT64_FORMAT, id);
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (text = pl_test_query_text (workspace, sql), ==, "Upheld");

  destroy_window (window);
}

static const char *
first_title (PlComplaintsPage *page)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (child (page, "log_list"), 0);

  g_assert_nonnull (row);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
test_trash_and_undo (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("complaints-trash");
  PlComplaintsPage *page = pl_complaints_page_new ();
  GtkWindow *window = make_window (page, 1200, 800);
  g_autofree char *sql = NULL;
  g_autofree char *title = NULL;
  gint64 total, id;

  pl_complaints_page_set_workspace (page, workspace);
  pl_test_wait (100);
  total = pl_test_query_int (workspace, "SELECT count (*) FROM complaints WHERE trashed_at IS NULL");
  id = pl_test_query_int (workspace, "SELECT id FROM complaints ORDER BY received_on DESC, id DESC LIMIT 1");
  title = pl_test_query_text (workspace, "SELECT category || ' · ' || reference FROM complaints"
                                         " ORDER BY received_on DESC, id DESC LIMIT 1");
  g_assert_cmpstr (first_title (page), ==, title);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "complaints.trash", "x", id));
  sql = g_strdup_printf ("SELECT trashed_at IS NOT NULL FROM complaints WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 1);
  g_assert_cmpuint (count_rows (child (page, "log_list")), ==, MIN (100, total - 1));
  g_assert_cmpstr (first_title (page), !=, title);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM audit_log WHERE action = 'trash'"
                                                 " AND entity = 'complaint'"), ==, 1);

  /* The toast's Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "complaints.restore", "x", id));
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 0);
  g_assert_cmpstr (first_title (page), ==, title);

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

  g_test_add_func ("/app/complaints/empty-states", test_empty_states);
  g_test_add_func ("/app/complaints/log-and-filters", test_log_and_filters);
  g_test_add_func ("/app/complaints/add-and-edit", test_add_and_edit);
  g_test_add_func ("/app/complaints/trash-and-undo", test_trash_and_undo);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
