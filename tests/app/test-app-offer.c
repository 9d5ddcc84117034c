/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <string.h>

#include "core/pl-kpi.h"
#include "core/pl-offer.h"
#include "core/pl-standard.h"
#include "core/pl-util.h"

#include "pl-offer-page.h"
#include "pl-test-utils.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run: it takes a few seconds to make.
 * Each test works on its own copy. The demo (src/core/pl-demo.c) has one
 * service offer, "Our service promise", version 1 from 2026-01-05, not
 * briefed, with seven commitments under three headings, each linked to a
 * KPI; interactions run from 2026-03-30 to 2026-09-27. */
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
child (PlOfferPage *page,
       const char  *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_OFFER_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_state (PlOfferPage *page)
{
  return gtk_stack_get_visible_child_name (child (page, "stack"));
}

static gboolean
checked_cb (gpointer user_data)
{
  return !pl_offer_page_get_checking (PL_OFFER_PAGE (user_data));
}

/* Waits for the kept status, worked out in a thread. */
static void
wait_checked (PlOfferPage *page)
{
  g_assert_true (pl_test_wait_until (checked_cb, page, 20000));
  pl_test_wait (50);
}

static GtkWindow *
make_window (PlOfferPage *page,
             int          width,
             int          height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  g_object_ref (window);
  gtk_window_set_application (window, GTK_APPLICATION (pl_test_application ()));
  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, GTK_WIDGET (page));
  pl_test_present (window);
  pl_test_wait (200);
  wait_checked (page);

  return window;
}

static void
destroy_window (GtkWindow   *window,
                PlOfferPage *page)
{
  wait_checked (page);
  gtk_window_destroy (window);
  pl_test_wait (50);
  g_assert_finalize_object (window);
}

/* Scrolls the page so that @widget's top shows. */
static void
scroll_to (PlOfferPage *page,
           GtkWidget   *widget)
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

/* offer-<name>-<light|dark>-<wide|narrow>: 1200 and 400 pixels wide. */
static void
screenshots (GtkWindow   *window,
             PlOfferPage *page,
             const char  *name,
             GtkWidget   *scroll_target)
{
  static const struct { const char *size; int width; } sizes[] = {
    { "wide", 1200 }, { "narrow", 400 },
  };
  AdwStyleManager *style = adw_style_manager_get_default ();
  int width, height;

  gtk_window_get_default_size (window, &width, &height);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *light = g_strdup_printf ("offer-%s-light-%s", name, sizes[i].size);
      g_autofree char *dark = g_strdup_printf ("offer-%s-dark-%s", name, sizes[i].size);

      gtk_window_set_default_size (window, sizes[i].width, height);
      pl_test_wait (300);
      if (scroll_target != NULL)
        scroll_to (page, scroll_target);

      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
      pl_test_wait (150);
      pl_test_screenshot (GTK_WIDGET (window), light);
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      pl_test_wait (150);
      pl_test_screenshot (GTK_WIDGET (window), dark);
    }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (window, width, height);
  pl_test_wait (200);
}

static gint64
data_id (gpointer    object,
         const char *key)
{
  gint64 *id = g_object_get_data (G_OBJECT (object), key);

  return id != NULL ? *id : 0;
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_LIST_BOX_ROW (c) && data_id (c, "commitment-id") != 0)
        g_ptr_array_add (rows, c);
      else
        collect_rows (c, rows);
    }
}

/* The commitment rows, in the order shown. */
static GPtrArray *
commitment_rows (PlOfferPage *page)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (child (page, "groups_box"), rows);
  return rows;
}

static GtkWidget *
commitment_row (PlOfferPage *page,
                gint64       id)
{
  g_autoptr(GPtrArray) rows = commitment_rows (page);

  for (guint i = 0; i < rows->len; i++)
    if (data_id (rows->pdata[i], "commitment-id") == id)
      return rows->pdata[i];

  return NULL;
}

static const char *
row_label (GtkWidget  *row,
           const char *key)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (row), key);

  g_assert_nonnull (label);
  return gtk_label_get_text (label);
}

/* The promises shown, joined with "|". */
static char *
texts_shown (PlOfferPage *page)
{
  g_autoptr(GPtrArray) rows = commitment_rows (page);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "|" : "", row_label (rows->pdata[i], "text-label"));

  return g_string_free (text, FALSE);
}

/* The headings of the groups shown, joined with "|". */
static char *
groups_shown (PlOfferPage *page)
{
  GString *text = g_string_new (NULL);

  for (GtkWidget *c = gtk_widget_get_first_child (child (page, "groups_box")); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    g_string_append_printf (text, "%s%s", text->len > 0 ? "|" : "",
                            adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (c)));

  return g_string_free (text, FALSE);
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

static const char *
combo_label (AdwComboRow *row,
             guint        index)
{
  return gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (row)), index);
}

static void
click (gpointer button)
{
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_signal_emit_by_name (button, "clicked");
}

static void
set_text (PlOfferPage *page,
          const char  *name,
          const char  *text)
{
  gtk_editable_set_text (child (page, name), text);
}

static gint64
count_commitments (PlWorkspace *workspace)
{
  return pl_test_query_int (workspace, "SELECT count (*) FROM commitments");
}

static gint64
commitment_id (PlWorkspace *workspace,
               const char  *text,
               int          version)
{
  g_autofree char *sql = g_strdup_printf ("SELECT c.id FROM commitments c JOIN service_offers o"
                                          " ON o.id = c.offer_id WHERE c.text = '%s' AND o.version = %d",
                                          text, version);

  return pl_test_query_int (workspace, sql);
}

static char *
change_rows (PlOfferPage *page)
{
  GtkListBox *list = child (page, "changes_list");
  GString *text = g_string_new (NULL);

  for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, i));

      g_string_append_printf (text, "%s%s — %s", i > 0 ? "\n" : "",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_action_row_get_subtitle (row));
    }

  return g_string_free (text, FALSE);
}

/* The demo's seven promises, listed with whether each is kept, as the
 * core works it out. */
static void
test_demo (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("listed");
  g_autoptr(PlOffer) offer = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *expected = NULL;
  PlOfferPage *page = pl_offer_page_new ();
  GtkWindow *window = make_window (page, 1200, 1100);
  AdwComboRow *versions = child (page, "version_row");
  GtkWidget *row_checked;
  guint counts[4] = { 0 };

  g_assert_cmpstr (visible_state (page), ==, "no-workspace");

  pl_offer_page_set_workspace (page, workspace);
  g_assert_cmpstr (visible_state (page), ==, "main");
  wait_checked (page);

  /* The header: the one version, current, not briefed. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (versions)), ==, 1);
  g_assert_cmpstr (combo_label (versions, 0), ==, "Version 1 · from 5 Jan 2026 · current");
  g_assert_cmpstr (gtk_label_get_text (child (page, "title_label")), ==, "Our service promise");
  g_assert_cmpstr (gtk_label_get_text (child (page, "summary_label")), ==, "Version 1 · in effect since 5 Jan 2026");
  g_assert_cmpstr (gtk_label_get_text (child (page, "notes_label")), ==,
                   "Published on the website and printed on every bill.");
  g_assert_cmpstr (adw_preferences_row_get_title (child (page, "briefing_row")), ==, "Not yet briefed");
  g_assert_true (gtk_widget_get_visible (child (page, "brief_button")));
  g_assert_false (gtk_widget_get_visible (child (page, "readonly_row")));
  g_assert_false (gtk_widget_get_visible (child (page, "changes_group")));
  g_assert_true (gtk_widget_get_visible (child (page, "add_button")));

  /* The seven promises, under their headings in the demo's order. */
  rows = commitment_rows (page);
  g_assert_cmpuint (rows->len, ==, 7);
  shown = texts_shown (page);
  expected = pl_test_query_text (workspace, "SELECT group_concat (text, '|') FROM"
                                            " (SELECT text FROM commitments WHERE offer_id = 1 ORDER BY position)");
  g_assert_cmpstr (shown, ==, expected);
  g_clear_pointer (&shown, g_free);
  shown = groups_shown (page);
  g_assert_cmpstr (shown, ==, "Getting in touch|Sorting it out|How we treat you");

  /* Each row's kept status is the core's, with the KPI's latest value
   * and its period. */
  offer = pl_offer_get_current (workspace, NULL, &error);
  g_assert_no_error (error);
  checks = pl_offer_check_commitments (offer, workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checks->len, ==, 7);
  for (guint i = 0; i < checks->len; i++)
    {
      PlCommitmentCheck *check = g_ptr_array_index (checks, i);
      GtkWidget *row = commitment_row (page, check->commitment_id);
      GtkWidget *pill = g_object_get_data (G_OBJECT (row), "kept-pill");
      g_autofree char *status_class = g_strconcat ("status-", pl_status_to_string (check->status), NULL);
      g_autofree char *detail = NULL;
      g_autofree char *day = NULL;

      g_assert_nonnull (row);
      g_assert_cmpint (check->kpi_id, >, 0);
      g_assert_cmpstr (row_label (row, "kept-pill"), ==, pl_kept_to_label (check->kept));
      g_assert_true (gtk_widget_has_css_class (pill, status_class));
      g_assert_nonnull (check->value_text);
          /* Every demo KPI is weekly. */
      g_assert_cmpint (check->period, ==, PL_PERIOD_WEEK);
      day = pl_date_format_short (check->period_start);
      detail = g_strdup_printf ("%s in the week of %s", check->value_text, day);
      g_assert_cmpstr (row_label (row, "kept-detail"), ==, detail);
      g_assert_true (g_str_has_prefix (row_label (row, "kpi-label"), "Measured by "));
      counts[check->kept]++;
    }

  /* The demo plants a complaints backlog (src/core/pl-demo.c): 54.5% resolved
   * within the promised 10 days in the last week with complaints, against
   * a target of 90% and a red threshold of 80%. */
  row_checked = commitment_row (page, commitment_id (workspace, "We resolve complaints within 10 days", 1));
  g_assert_cmpstr (row_label (row_checked, "kept-pill"), ==, "Not being kept");
  g_assert_cmpstr (row_label (row_checked, "kept-detail"), ==, "54.5% in the week of 7 Sep 2026");
  g_assert_cmpuint (counts[PL_KEPT_NOT_KEPT], ==, 1);

  /* The summary counts them. */
  {
    g_autoptr(GString) summary = g_string_new (NULL);

    if (counts[PL_KEPT_KEPT] > 0)
      g_string_append_printf (summary, "%u being kept", counts[PL_KEPT_KEPT]);
    if (counts[PL_KEPT_AT_RISK] > 0)
      g_string_append_printf (summary, "%s%u at risk", summary->len > 0 ? " · " : "", counts[PL_KEPT_AT_RISK]);
    if (counts[PL_KEPT_NOT_KEPT] > 0)
      g_string_append_printf (summary, "%s%u not being kept", summary->len > 0 ? " · " : "",
                              counts[PL_KEPT_NOT_KEPT]);
    g_assert_cmpstr (adw_preferences_group_get_description (child (page, "commitments_group")), ==,
                     summary->str);
  }

  screenshots (window, page, "main", NULL);

  /* A KPI's target changes elsewhere: the page works the status out
   * again. Average speed of answer was 15 s in the week of 21 Sep; with a
   * target of 10 s and red beyond 12 s, the promise is not being kept. */
  {
    g_autoptr(PlKpi) asa = pl_kpi_load (workspace, pl_test_query_int (workspace, "SELECT id FROM kpis WHERE code = 'asa'"),
                                        &error);
    gint64 asa_commitment = commitment_id (workspace, "We answer calls within 20 seconds on average", 1);

    g_assert_no_error (error);
    g_assert_cmpstr (row_label (commitment_row (page, asa_commitment), "kept-pill"), ==, "Being kept");
    pl_kpi_set_target (asa, 10);
    pl_kpi_set_red_threshold (asa, 12);
    g_assert_true (pl_kpi_save (asa, workspace, &error));
    g_assert_no_error (error);
    pl_test_wait (100);
    wait_checked (page);
    g_assert_cmpstr (row_label (commitment_row (page, asa_commitment), "kept-pill"), ==, "Not being kept");
    g_assert_cmpstr (row_label (commitment_row (page, asa_commitment), "kpi-label"), ==,
                     "Measured by Average speed of answer · target 10 s or less");
  }

  /* Hidden, the page only notes the change; shown, it catches up. */
  gtk_widget_set_visible (GTK_WIDGET (page), FALSE);
  pl_test_exec (workspace, "UPDATE commitments SET text = 'We answer calls within 15 seconds' WHERE id = 1");
  pl_workspace_emit_changed (workspace, "commitments");
  pl_test_wait (100);
  g_assert_cmpstr (row_label (commitment_row (page, 1), "text-label"), ==,
                   "We answer calls within 20 seconds on average");
  gtk_widget_set_visible (GTK_WIDGET (page), TRUE);
  pl_test_wait (100);
  g_assert_cmpstr (row_label (commitment_row (page, 1), "text-label"), ==, "We answer calls within 15 seconds");

  pl_offer_page_set_workspace (page, NULL);
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  g_assert_false (gtk_widget_is_sensitive (child (page, "add_button")));

  destroy_window (window, page);
}

static gint64
make_standard (PlWorkspace *workspace)
{
  g_autoptr(PlStandard) standard = pl_standard_new ();
  g_autoptr(GError) error = NULL;

  pl_standard_set_kind (standard, PL_STANDARD_KIND_CHARTER);
  pl_standard_set_source (standard, "Kestrel Home Energy");
  pl_standard_set_title (standard, "Customer charter");
  pl_standard_set_requirement (standard, "We keep customers informed at every step.");
  g_assert_true (pl_standard_save (standard, workspace, &error));
  g_assert_no_error (error);

  return pl_standard_get_id (standard);
}

static void
test_add_commitment (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("add");
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sql = NULL;
  PlOfferPage *page = pl_offer_page_new ();
  GtkWindow *window;
  GtkWidget *dialog;
  GtkWidget *suggestion = NULL;
  GtkWidget *row;
  gint64 standard_id, kpi_id, new_id, easy_id;
  g_autoptr(GPtrArray) rows = NULL;

  standard_id = make_standard (workspace);
  kpi_id = pl_test_query_int (workspace, "SELECT id FROM kpis WHERE code = 'csat'");
  pl_offer_page_set_workspace (page, workspace);
  window = make_window (page, 1200, 1100);
  dialog = child (page, "commitment_dialog");

  /* The dialog opens empty, offering the three headings in use. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.add-commitment", NULL));
  pl_test_wait (200);
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpstr (adw_window_title_get_title (child (page, "commitment_dialog_title")), ==, "New Commitment");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "commitment_text_row")), ==, "");
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "commitment_kpi_row")), ==, 0);
  g_assert_cmpstr (combo_label (child (page, "commitment_kpi_row"), 0), ==, "No KPI yet");
  /* Eight demo KPIs, none archived, after "No KPI yet". */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (child (page, "commitment_kpi_row"))), ==, 9);
  g_assert_cmpstr (combo_label (child (page, "commitment_standard_row"), 1), ==, "Customer charter");
  for (GtkWidget *c = gtk_widget_get_first_child (child (page, "grouping_suggestions")); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (c));

      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), "How we treat you") == 0)
        suggestion = button;
    }
  g_assert_nonnull (suggestion);

  /* Refused: no words. The dialog stays, says why, and nothing is written. */
  set_text (page, "commitment_text_row", "   ");
  click (child (page, "commitment_save_button"));
  g_assert_cmpint (count_commitments (workspace), ==, 7);
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_true (gtk_widget_get_visible (child (page, "commitment_error_label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "commitment_error_label")),
                                   "Write the commitment as the customer would read it"));
  g_assert_true (gtk_widget_has_css_class (child (page, "commitment_text_row"), "error"));
  pl_test_wait_laid_out (dialog);
  pl_test_screenshot (dialog, "offer-dialog-error-light");

  /* Typing clears the error. */
  set_text (page, "commitment_text_row", "We call you back within 2 hours when you ask us to");
  g_assert_false (gtk_widget_get_visible (child (page, "commitment_error_label")));
  click (suggestion);
  g_assert_cmpstr (gtk_editable_get_text (child (page, "commitment_grouping_row")), ==, "How we treat you");
  adw_combo_row_set_selected (child (page, "commitment_kpi_row"),
                              combo_index (child (page, "commitment_kpi_row"), "Customer satisfaction (CSAT)"));
  adw_combo_row_set_selected (child (page, "commitment_standard_row"),
                              combo_index (child (page, "commitment_standard_row"), "Customer charter"));
  click (child (page, "commitment_save_button"));
  g_assert_false (gtk_widget_get_visible (dialog));

  /* Written as the eighth, last, under its heading, with its KPI and standard. */
  g_assert_cmpint (count_commitments (workspace), ==, 8);
  new_id = pl_test_query_int (workspace, "SELECT max (id) FROM commitments");
  sql = g_strdup_printf ("SELECT offer_id || '|' || position || '|' || grouping || '|' || text || '|' ||"
                         " kpi_id || '|' || standard_id FROM commitments WHERE id = %" G_GINT64_FORMAT, new_id);
  text = pl_test_query_text (workspace, sql);
  expected = g_strdup_printf ("1|8|How we treat you|We call you back within 2 hours when you ask us to|"
                              "%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT, kpi_id, standard_id);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);

  /* Shown last under "How we treat you", with its KPI and standard. */
  wait_checked (page);
  rows = commitment_rows (page);
  g_assert_cmpuint (rows->len, ==, 8);
  row = rows->pdata[7];
  g_assert_cmpint (data_id (row, "commitment-id"), ==, new_id);
  g_assert_true (g_str_has_prefix (row_label (row, "kpi-label"), "Measured by Customer satisfaction (CSAT) · target "));
  g_assert_cmpstr (row_label (row, "standard-label"), ==, "Serves Customer charter");
  /* The same KPI as "Customers rate our service 4 or 5 out of 5": the same status. */
  g_assert_cmpstr (row_label (row, "kept-pill"), ==,
                   row_label (commitment_row (page, commitment_id (workspace, "Customers rate our service 4 or 5 out of 5", 1)),
                              "kept-pill"));

  /* Edit: no KPI. The row warns that nothing measures it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.edit-commitment", "x", new_id));
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpstr (adw_window_title_get_title (child (page, "commitment_dialog_title")), ==, "Edit Commitment");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "commitment_text_row")), ==,
                   "We call you back within 2 hours when you ask us to");
  g_assert_cmpstr (combo_label (child (page, "commitment_kpi_row"),
                                adw_combo_row_get_selected (child (page, "commitment_kpi_row"))), ==,
                   "Customer satisfaction (CSAT)");
  adw_combo_row_set_selected (child (page, "commitment_kpi_row"), 0);
  set_text (page, "commitment_grouping_row", "Getting in touch");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.save-commitment", NULL));
  g_assert_false (gtk_widget_get_visible (dialog));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT coalesce (kpi_id, 0) || '|' || grouping FROM commitments WHERE id = %"
                         G_GINT64_FORMAT, new_id);
  text = pl_test_query_text (workspace, sql);
  g_assert_cmpstr (text, ==, "0|Getting in touch");
  g_clear_pointer (&text, g_free);
  row = commitment_row (page, new_id);
  g_assert_cmpstr (row_label (row, "kpi-label"), ==, "No KPI measures this yet");
  g_assert_cmpstr (row_label (row, "kept-pill"), ==, "Not known");
  wait_checked (page);
  g_assert_cmpstr (row_label (commitment_row (page, new_id), "kept-pill"), ==, "Not known");

  /* Now fourth under "Getting in touch". Up: it swaps places with "We
   * make it easy to deal with us" (position 3). */
  g_clear_pointer (&text, g_free);
  text = texts_shown (page);
  g_assert_true (g_str_has_prefix (text, "We answer calls within 20 seconds on average|"
                                         "Fewer than 5 in 100 callers hang up before we answer|"
                                         "We make it easy to deal with us|"
                                         "We call you back within 2 hours when you ask us to|"));
  easy_id = commitment_id (workspace, "We make it easy to deal with us", 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.move-up", "x", new_id));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT (SELECT position FROM commitments WHERE id = %" G_GINT64_FORMAT ") || '|' ||"
                         " (SELECT position FROM commitments WHERE id = %" G_GINT64_FORMAT ")",
                         new_id, easy_id);
  g_clear_pointer (&text, g_free);
  text = pl_test_query_text (workspace, sql);
  g_assert_cmpstr (text, ==, "3|8");
  g_clear_pointer (&text, g_free);
  text = texts_shown (page);
  g_assert_true (g_str_has_prefix (text, "We answer calls within 20 seconds on average|"
                                         "Fewer than 5 in 100 callers hang up before we answer|"
                                         "We call you back within 2 hours when you ask us to|"
                                         "We make it easy to deal with us|"));
  /* And down again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.move-down", "x", new_id));
  g_clear_pointer (&text, g_free);
  text = pl_test_query_text (workspace, sql);
  g_assert_cmpstr (text, ==, "8|3");

  /* Delete, then Undo: back in its place. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.delete-commitment", "x", new_id));
  g_assert_cmpint (count_commitments (workspace), ==, 7);
  g_assert_null (commitment_row (page, new_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.undo-delete", NULL));
  g_assert_cmpint (count_commitments (workspace), ==, 8);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM commitments WHERE position = 8"
                                                 " AND grouping = 'Getting in touch' AND kpi_id IS NULL"
                                                 " AND text = 'We call you back within 2 hours when you ask us to'"),
                   ==, 1);

  destroy_window (window, page);
}

static void
test_briefing (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("briefing");
  g_autofree char *text = NULL;
  PlOfferPage *page = pl_offer_page_new ();
  GtkWindow *window;
  GtkWidget *dialog;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 asa_id;

  pl_offer_page_set_workspace (page, workspace);
  window = make_window (page, 1200, 1100);
  dialog = child (page, "briefing_dialog");

  /* The dialog proposes today. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.record-briefing", NULL));
  g_assert_true (gtk_widget_get_visible (dialog));
  text = pl_today_iso ();
  g_assert_cmpstr (gtk_editable_get_text (child (page, "briefing_date_row")), ==, text);
  g_clear_pointer (&text, g_free);

  /* Refused: in the future, not a date, or not saying how. */
  set_text (page, "briefing_date_row", "2099-01-01");
  set_text (page, "briefing_how_row", "Team meeting");
  click (child (page, "briefing_save_button"));
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "briefing_error_label")), "in the future"));
  g_assert_true (gtk_widget_has_css_class (child (page, "briefing_date_row"), "error"));

  set_text (page, "briefing_date_row", "3/10/2026");
  click (child (page, "briefing_save_button"));
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "briefing_error_label")), "YYYY-MM-DD"));

  set_text (page, "briefing_date_row", "2026-10-03");
  set_text (page, "briefing_how_row", "  ");
  click (child (page, "briefing_save_button"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "briefing_error_label")),
                                   "Say how staff were told"));
  g_assert_true (gtk_widget_has_css_class (child (page, "briefing_how_row"), "error"));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM service_offers WHERE briefed_on IS NULL"), ==, 1);

  /* Recorded. */
  set_text (page, "briefing_how_row", "Team meeting, offer handed out");
  pl_test_wait_laid_out (dialog);
  pl_test_screenshot (dialog, "offer-dialog-briefing-light");
  g_assert_false (gtk_widget_get_visible (child (page, "briefing_error_label")));
  click (child (page, "briefing_save_button"));
  g_assert_false (gtk_widget_get_visible (dialog));
  text = pl_test_query_text (workspace, "SELECT briefed_on || '|' || briefing FROM service_offers WHERE id = 1");
  g_assert_cmpstr (text, ==, "2026-10-03|Team meeting, offer handed out");
  g_clear_pointer (&text, g_free);

  /* The page says so, and the version is now read-only. */
  g_assert_cmpstr (adw_preferences_row_get_title (child (page, "briefing_row")), ==, "Briefed to staff on 3 Oct 2026");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (page, "briefing_row")), ==, "Team meeting, offer handed out");
  g_assert_false (gtk_widget_get_visible (child (page, "brief_button")));
  g_assert_true (gtk_widget_get_visible (child (page, "readonly_row")));
  g_assert_true (gtk_widget_get_visible (child (page, "new_version_button")));
  g_assert_false (gtk_widget_get_visible (child (page, "add_button")));
  g_assert_false (gtk_widget_get_visible (child (page, "details_button")));

  /* Editing is refused: the actions are off, rows do not open, nothing changes. */
  asa_id = commitment_id (workspace, "We answer calls within 20 seconds on average", 1);
  g_assert_false (gtk_widget_is_sensitive (child (page, "add_button")));
  gtk_widget_activate_action (GTK_WIDGET (page), "offer.add-commitment", NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "offer.edit-commitment", "x", asa_id);
  gtk_widget_activate_action (GTK_WIDGET (page), "offer.delete-commitment", "x", asa_id);
  gtk_widget_activate_action (GTK_WIDGET (page), "offer.move-down", "x", asa_id);
  gtk_widget_activate_action (GTK_WIDGET (page), "offer.record-briefing", NULL);
  g_assert_false (gtk_widget_get_visible (child (page, "commitment_dialog")));
  g_assert_false (gtk_widget_get_visible (child (page, "briefing_dialog")));
  rows = commitment_rows (page);
  g_assert_cmpuint (rows->len, ==, 7);
  for (guint i = 0; i < rows->len; i++)
    g_assert_false (gtk_list_box_row_get_activatable (rows->pdata[i]));
  g_assert_cmpint (count_commitments (workspace), ==, 7);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT position FROM commitments WHERE id = 1"), ==, 1);

  screenshots (window, page, "briefed", NULL);

  destroy_window (window, page);
}

static void
test_new_version (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("version");
  g_autoptr(PlOffer) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sql = NULL;
  PlOfferPage *page = pl_offer_page_new ();
  AdwComboRow *versions;
  GtkWindow *window;
  GtkWidget *dialog;
  gint64 second_id, reworded, removed, added;

  /* Staff were briefed on version 1. */
  first = pl_offer_load (workspace, 1, &error);
  g_assert_no_error (error);
  g_assert_true (pl_offer_record_briefing (first, workspace, "2026-01-06", "Team meeting", &error));
  g_assert_no_error (error);

  pl_offer_page_set_workspace (page, workspace);
  window = make_window (page, 1200, 1100);
  dialog = child (page, "version_dialog");
  versions = child (page, "version_row");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.new-version", NULL));
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpstr (adw_window_title_get_title (child (page, "version_dialog_title")), ==, "New Version");
  g_assert_false (gtk_widget_get_visible (child (page, "version_title_row")));

  /* Refused: no summary; a date before version 1's. Nothing written. */
  set_text (page, "version_date_row", "2026-12-01");
  set_text (page, "version_summary_row", "");
  click (child (page, "version_save_button"));
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "version_error_label")),
                                   "Say in a sentence what changes in the new version"));
  g_assert_true (gtk_widget_has_css_class (child (page, "version_summary_row"), "error"));
  set_text (page, "version_date_row", "2025-12-01");
  set_text (page, "version_summary_row", "Calls answered within 30 seconds");
  click (child (page, "version_save_button"));
  pl_test_wait_laid_out (dialog);
  pl_test_screenshot (dialog, "offer-dialog-version-light");
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "version_error_label")),
                            "cannot take effect before the latest version does (5 Jan 2026)"));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM service_offers"), ==, 1);

  /* Created: version 2, a copy of version 1's commitments, shown. */
  set_text (page, "version_date_row", "2026-12-01");
  click (child (page, "version_save_button"));
  g_assert_false (gtk_widget_get_visible (dialog));
  second_id = pl_test_query_int (workspace, "SELECT id FROM service_offers WHERE version = 2");
  text = pl_test_query_text (workspace, "SELECT title || '|' || effective_from || '|' || change_summary || '|' ||"
                                        " (briefed_on IS NULL) FROM service_offers WHERE version = 2");
  g_assert_cmpstr (text, ==, "Our service promise|2026-12-01|Calls answered within 30 seconds|1");
  g_clear_pointer (&text, g_free);
  sql = g_strdup_printf ("SELECT group_concat (position || ':' || grouping || ':' || text || ':' || kpi_id, '|')"
                         " FROM (SELECT * FROM commitments WHERE offer_id = %" G_GINT64_FORMAT
                         " ORDER BY position)", second_id);
  text = pl_test_query_text (workspace, sql);
  {
    g_autofree char *before = pl_test_query_text (workspace,
                                                  "SELECT group_concat (position || ':' || grouping || ':' ||"
                                                  " text || ':' || kpi_id, '|') FROM (SELECT * FROM commitments"
                                                  " WHERE offer_id = 1 ORDER BY position)");
    g_assert_cmpstr (text, ==, before);
  }
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (count_commitments (workspace), ==, 14);

  g_assert_cmpint (pl_offer_page_get_shown_id (page), ==, second_id);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (versions)), ==, 2);
  /* Version 1 stays current until 1 Dec 2026 (today is before then in the
   * test's world only if the clock says so: compare with the core). */
  {
    g_autoptr(PlOffer) current = pl_offer_get_current (workspace, NULL, &error);
    g_autofree char *label = g_strdup_printf ("Version 2 · from 1 Dec 2026%s",
                                              pl_offer_get_id (current) == second_id ? " · current" : "");

    g_assert_cmpstr (combo_label (versions, adw_combo_row_get_selected (versions)), ==, label);
  }
  g_assert_false (gtk_widget_get_visible (child (page, "readonly_row")));
  g_assert_true (gtk_widget_get_visible (child (page, "add_button")));
  g_assert_true (gtk_widget_get_visible (child (page, "changes_group")));
  g_assert_cmpstr (adw_preferences_group_get_title (child (page, "changes_group")), ==, "Changes from Version 1");
  g_assert_cmpstr (adw_preferences_group_get_description (child (page, "changes_group")), ==,
                   "What changes: Calls answered within 30 seconds");
  text = change_rows (page);
  g_assert_cmpstr (text, ==, "No commitment has changed yet — The commitments are as in version 1. "
                             "Add, edit or delete them below.");
  g_clear_pointer (&text, g_free);

  /* The draft's details can still change: not without a title. */
  g_assert_true (gtk_widget_get_visible (child (page, "details_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.edit-details", NULL));
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpstr (adw_window_title_get_title (child (page, "version_dialog_title")), ==, "Edit Details");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "version_title_row")), ==, "Our service promise");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "version_date_row")), ==, "2026-12-01");
  set_text (page, "version_title_row", " ");
  click (child (page, "version_save_button"));
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "version_error_label")),
                                   "Give the service offer a title"));
  g_assert_true (gtk_widget_has_css_class (child (page, "version_title_row"), "error"));
  pl_test_wait_laid_out (dialog);
  pl_test_screenshot (dialog, "offer-dialog-details-light");
  set_text (page, "version_title_row", "Our service promise, winter 2026");
  set_text (page, "version_summary_row", "Calls answered within 30 seconds, and callbacks offered");
  click (child (page, "version_save_button"));
  g_assert_false (gtk_widget_get_visible (dialog));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT title || '|' || change_summary FROM service_offers WHERE id = %" G_GINT64_FORMAT,
                         second_id);
  text = pl_test_query_text (workspace, sql);
  g_assert_cmpstr (text, ==, "Our service promise, winter 2026|Calls answered within 30 seconds, and callbacks offered");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (gtk_label_get_text (child (page, "title_label")), ==, "Our service promise, winter 2026");
  /* Version 1 keeps its title. */
  text = pl_test_query_text (workspace, "SELECT title FROM service_offers WHERE id = 1");
  g_assert_cmpstr (text, ==, "Our service promise");
  g_clear_pointer (&text, g_free);

  /* Reword one, delete one, add one, through the page. */
  reworded = commitment_id (workspace, "We answer calls within 20 seconds on average", 2);
  removed = commitment_id (workspace, "We make it easy to deal with us", 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.edit-commitment", "x", reworded));
  set_text (page, "commitment_text_row", "We answer calls within 30 seconds on average");
  click (child (page, "commitment_save_button"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.delete-commitment", "x", removed));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.add-commitment", NULL));
  pl_test_wait_laid_out (child (page, "commitment_dialog"));
  pl_test_screenshot (child (page, "commitment_dialog"), "offer-dialog-commitment-light");
  set_text (page, "commitment_text_row", "We call you back within 2 hours when the queue is long");
  set_text (page, "commitment_grouping_row", "Getting in touch");
  click (child (page, "commitment_save_button"));
  added = pl_test_query_int (workspace, "SELECT max (id) FROM commitments");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM commitments WHERE offer_id = 1"), ==, 7);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM commitments WHERE offer_id = %" G_GINT64_FORMAT, second_id);
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 7);
  g_assert_nonnull (commitment_row (page, added));
  g_assert_null (commitment_row (page, removed));

  /* The changes in words, in the new version's order, the removed one
   * where it used to be (pl_offer_diff). */
  text = change_rows (page);
  g_assert_cmpstr (text, ==,
                   "We answer calls within 30 seconds on average — Changed: reworded from "
                   "“We answer calls within 20 seconds on average”\n"
                   "We make it easy to deal with us — Removed from “Getting in touch”\n"
                   "We call you back within 2 hours when the queue is long — Added under “Getting in touch”");
  g_clear_pointer (&text, g_free);
  wait_checked (page);
  screenshots (window, page, "diff", child (page, "changes_group"));

  /* Version 1 is as staff were told it, read-only, pointing at version 2. */
  adw_combo_row_set_selected (versions, 1);
  pl_test_wait (100);
  g_assert_cmpint (pl_offer_page_get_shown_id (page), ==, 1);
  g_assert_true (gtk_widget_get_visible (child (page, "readonly_row")));
  g_assert_false (gtk_widget_get_visible (child (page, "new_version_button")));
  g_assert_cmpstr (gtk_button_get_label (child (page, "show_draft_button")), ==, "_Show Version 2");
  g_assert_false (gtk_widget_get_visible (child (page, "changes_group")));
  g_assert_nonnull (commitment_row (page, 3));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.show-draft", NULL));
  g_assert_cmpint (pl_offer_page_get_shown_id (page), ==, second_id);

  destroy_window (window, page);
}

static void
test_no_offer (void)
{
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), "empty.plumbline", NULL);
  g_autofree char *text = NULL;
  g_autofree char *today = pl_today_iso ();
  PlOfferPage *page = pl_offer_page_new ();
  GtkWindow *window;

  workspace = pl_workspace_create (path, "Wren Water", &error);
  g_assert_no_error (error);

  window = make_window (page, 1200, 900);
  pl_offer_page_set_workspace (page, workspace);
  g_assert_cmpstr (visible_state (page), ==, "no-offer");
  g_assert_cmpstr (gtk_editable_get_text (child (page, "create_date_row")), ==, today);
  screenshots (window, page, "empty", NULL);

  /* Refused: no title; no real date. Nothing written. */
  set_text (page, "create_title_row", "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.create", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM service_offers"), ==, 0);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "create_error_label")),
                                   "Give the service offer a title"));
  g_assert_true (gtk_widget_has_css_class (child (page, "create_title_row"), "error"));
  set_text (page, "create_title_row", "Our promise to you");
  g_assert_false (gtk_widget_get_visible (child (page, "create_error_label")));
  set_text (page, "create_date_row", "2026-02-30");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "offer.create", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM service_offers"), ==, 0);
  g_assert_nonnull (strstr (gtk_label_get_text (child (page, "create_error_label")), "YYYY-MM-DD"));
  g_assert_true (gtk_widget_has_css_class (child (page, "create_date_row"), "error"));
  g_assert_cmpstr (visible_state (page), ==, "no-offer");

  /* Created: version 1, shown, ready for its first promise. */
  set_text (page, "create_date_row", "2026-11-01");
  click (child (page, "create_button"));
  text = pl_test_query_text (workspace, "SELECT title || '|' || version || '|' || effective_from ||"
                                        " '|' || (briefed_on IS NULL) FROM service_offers");
  g_assert_cmpstr (text, ==, "Our promise to you|1|2026-11-01|1");
  g_assert_cmpstr (visible_state (page), ==, "main");
  g_assert_cmpstr (gtk_label_get_text (child (page, "title_label")), ==, "Our promise to you");
  g_assert_true (gtk_widget_get_visible (child (page, "commitments_empty_label")));
  g_assert_true (gtk_widget_get_visible (child (page, "add_button")));
  g_assert_true (gtk_widget_get_visible (child (page, "brief_button")));
  g_assert_false (gtk_widget_is_sensitive (child (page, "create_button")));
  gtk_widget_activate_action (GTK_WIDGET (page), "offer.create", NULL);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM service_offers"), ==, 1);
  screenshots (window, page, "first-version", NULL);

  destroy_window (window, page);
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

  g_test_add_func ("/app/offer/demo", test_demo);
  g_test_add_func ("/app/offer/add-commitment", test_add_commitment);
  g_test_add_func ("/app/offer/briefing", test_briefing);
  g_test_add_func ("/app/offer/new-version", test_new_version);
  g_test_add_func ("/app/offer/no-offer", test_no_offer);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
