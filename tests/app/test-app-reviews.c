/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <string.h>

#include "core/pl-notice.h"
#include "core/pl-review.h"
#include "core/pl-sampling.h"
#include "core/pl-util.h"

#include "pl-review-wizard.h"
#include "pl-reviews-page.h"
#include "pl-window.h"
#include "pl-test-utils.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run: it takes a few seconds to make.
 * Each test works on its own copy. The demo (src/core/pl-demo.c) has no
 * review and no monitoring notice; its interactions run from 2026-03-30
 * to 2026-09-27, so a sample drawn from them has every colleague on it
 * untold until a staff notice dated on or before their items is given. */
static char *demo_path;

static PlWorkspace *
open_copy (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *file_name = g_strconcat ("reviews-", name, ".plumbline", NULL);
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

static gint64
query_id (PlWorkspace *workspace,
          const char  *sql)
{
  gint64 id = pl_test_query_int (workspace, sql);

  g_assert_cmpint (id, >, 0);
  return id;
}

/* A plan with gaps the core warns about: a KPI whose feature of service is
 * not said, and colleagues affected with no record of how they were told.
 * Its period (July to September 2026) is over, still in planning. */
static PlReview *
make_review (PlWorkspace *workspace,
             const char  *title)
{
  g_autoptr(PlReview) review = pl_review_new ();
  g_autoptr(GError) error = NULL;
  PlReviewPerson *person;

  pl_review_set_title (review, title);
  pl_review_set_period_start (review, "2026-07-01");
  pl_review_set_period_end (review, "2026-09-27");
  pl_review_set_scope (review, "Calls answered by Customer Care in the third quarter.");
  pl_review_add_scope_item (review, PL_REVIEW_ENTITY_CHANNEL,
                            query_id (workspace, "SELECT id FROM channels WHERE code = 'telephone'"), TRUE, NULL);
  pl_review_add_scope_item (review, PL_REVIEW_ENTITY_TEAM,
                            query_id (workspace, "SELECT id FROM teams WHERE name = 'Billing & Payments'"),
                            FALSE, NULL);
  pl_review_set_processes_in (review, "Answering and resolving calls");
  pl_review_add_objective (review, "Decide whether to extend opening hours to 8 pm.", NULL);
  pl_review_add_objective (review, "Decide which advisers need coaching on resolution.", NULL);
  pl_review_add_person (review, PL_REVIEW_ROLE_DECISION_MAKER, "Head of Customer Service", NULL, NULL);
  person = pl_review_add_person (review, PL_REVIEW_ROLE_AFFECTED, "Customer Care team", NULL, NULL);
  person->team_id = query_id (workspace, "SELECT id FROM teams WHERE name = 'Customer Care'");
  pl_review_add_kpi (review, query_id (workspace, "SELECT id FROM kpis WHERE code = 'csat'"), "Helpfulness");
  pl_review_add_kpi (review, query_id (workspace, "SELECT id FROM kpis WHERE code = 'fcr'"), NULL);
  pl_review_add_method (review, PL_REVIEW_METHOD_CALL_LISTENING,
                        "Recorded calls show how advisers resolve the customer's need.", NULL);
  pl_review_add_method (review, PL_REVIEW_METHOD_SURVEY,
                        "The post-call survey already runs; it costs nothing extra.", "CSAT after each call");
  pl_review_set_information (review, "Scores against the call scorecard; CSAT and resolution per call.");
  pl_review_set_communication (review, "Team meeting and email to Customer Care.");

  g_assert_true (pl_review_save (review, workspace, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_review_get_id (review), >, 0);

  return g_steal_pointer (&review);
}

static PlSample *
draw_sample (PlWorkspace *workspace,
             gint64       review_id,
             gint64       size,
             guint32      seed)
{
  g_autoptr(GError) error = NULL;
  PlDrawSettings settings;
  PlSample *sample;

  pl_draw_settings_init (&settings);
  settings.method = PL_SAMPLE_SIMPLE;
  settings.size = size;
  settings.has_seed = TRUE;
  settings.seed = seed;
  settings.review_id = review_id;

  sample = pl_sample_draw (workspace, NULL, &settings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sample);

  return sample;
}

static gpointer
child (PlReviewsPage *page,
       const char    *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_REVIEWS_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_state (PlReviewsPage *page)
{
  return gtk_stack_get_visible_child_name (child (page, "stack"));
}

static GtkWindow *
make_window (PlReviewsPage *page,
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

/* Light and dark, named reviews-<what>-<light|dark>-<size>. */
static void
screenshots (GtkWidget  *widget,
             const char *what,
             const char *size)
{
  g_autofree char *light = g_strdup_printf ("reviews-%s-light-%s", what, size);
  g_autofree char *dark = g_strdup_printf ("reviews-%s-dark-%s", what, size);

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
}

/* Scrolls the page so that @widget's top shows. */
static void
scroll_to (PlReviewsPage *page,
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

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static const char *
row_title (GtkListBox *list,
           guint       index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  g_assert_nonnull (row);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
collect_kind (GtkWidget  *widget,
              const char *kind,
              GPtrArray  *rows)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (g_strcmp0 (g_object_get_data (G_OBJECT (c), "kind"), kind) == 0)
        g_ptr_array_add (rows, c);
      collect_kind (c, kind, rows);
    }
}

/* The warning rows of one kind ("plan", "unnoticed" inside the summary
 * row "unnoticed-summary", "none"), their titles and subtitles as
 * "title [subtitle]" joined with "\n". */
static char *
warnings_shown (PlReviewsPage *page,
                const char    *kind)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  collect_kind (child (page, "warnings_list"), kind, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];
      const char *subtitle = ADW_IS_ACTION_ROW (row) ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row))
                                                     : adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
      if (subtitle != NULL && *subtitle != '\0')
        g_string_append_printf (text, " [%s]", subtitle);
    }

  return g_string_free (text, FALSE);
}

/* The same for unnoticed colleagues, from SQL written for this test: the
 * colleagues of the review's sample items not skipped, with no staff
 * notice (not trashed) to all staff or their team given on or before the
 * item's day; by name. */
static char *
unnoticed_expected (PlWorkspace *workspace,
                    gint64       review_id)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT coalesce (group_concat (line, char (10)), '') FROM"
    " (SELECT co.code || ' ' || co.display_name || ' is on the monitoring list but no notice tells them'"
    "         || ' they may be monitored [' || count (*) || CASE count (*) WHEN 1 THEN ' item' ELSE ' items' END"
    "         || ' on the monitoring list]' AS line"
    "    FROM samples s JOIN sample_items si ON si.sample_id = s.id"
    "    JOIN colleagues co ON co.id = si.colleague_id"
    "   WHERE s.review_id = %" G_GINT64_FORMAT " AND si.status <> 'skipped'"
    "     AND NOT EXISTS (SELECT 1 FROM monitoring_notices n WHERE n.audience = 'staff'"
    "                       AND n.trashed_at IS NULL AND n.given_on <= si.occurred_on"
    "                       AND (n.team_id IS NULL OR n.team_id = co.team_id))"
    "   GROUP BY co.id ORDER BY co.display_name, co.code)", review_id);

  return pl_test_query_text (workspace, sql);
}

/* The page refreshes at idle after a change: wait for what it should
 * show, for a loaded machine's sake, then assert it. */
typedef struct
{
  PlReviewsPage *page;
  const char    *kind;
  const char    *expected;
  gint64         id;
} Expectation;

static gboolean
warnings_shown_are (gpointer user_data)
{
  Expectation *e = user_data;
  g_autofree char *shown = warnings_shown (e->page, e->kind);

  return g_strcmp0 (shown, e->expected) == 0;
}

static void
wait_for_warnings (PlReviewsPage *page,
                   const char    *kind,
                   const char    *expected)
{
  Expectation e = { page, kind, expected, 0 };

  pl_test_wait_until (warnings_shown_are, &e, 3000);
}

static gboolean
selected_is (gpointer user_data)
{
  Expectation *e = user_data;

  return pl_reviews_page_get_selected_review (e->page) == e->id;
}

static void
wait_for_selected (PlReviewsPage *page,
                   gint64         id)
{
  Expectation e = { page, NULL, NULL, id };

  pl_test_wait_until (selected_is, &e, 3000);
}

static gboolean
widget_is_visible (gpointer user_data)
{
  return gtk_widget_get_visible (user_data);
}

static char *
joined_warnings (PlReview *review)
{
  g_auto(GStrv) warnings = pl_review_dup_warnings (review, NULL);

  return g_strjoinv ("\n", warnings);
}

static char *
review_status (PlWorkspace *workspace,
               gint64       review_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status FROM reviews WHERE id = %" G_GINT64_FORMAT, review_id);

  return pl_test_query_text (workspace, sql);
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static gboolean
has_toplevel (gpointer user_data)
{
  return find_toplevel (GPOINTER_TO_SIZE (user_data)) != NULL;
}

/* A button's "activate" clicks it after a short animation. */
static GtkWindow *
wait_for_toplevel (GType type)
{
  pl_test_wait_until (has_toplevel, GSIZE_TO_POINTER (type), 2000);
  return find_toplevel (type);
}

static void
click (GtkWidget *button)
{
  gtk_widget_activate (button);
  pl_test_wait (350);
}

static void
close_toplevel (GtkWindow *window)
{
  gtk_window_destroy (window);
  pl_test_wait (100);
}

/* As if the user pressed the dialog's button: the dialog goes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  close_toplevel (GTK_WINDOW (dialog));
}

/* The group of the plan section with that heading. */
static GtkWidget *
section_group (PlReviewsPage *page,
               const char    *heading)
{
  GtkWidget *box = child (page, "sections_box");

  for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (c)), heading) == 0)
      return c;

  return NULL;
}

static void
test_empty_states (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("empty");
  PlReviewsPage *page = pl_reviews_page_new ();
  GtkWindow *window = make_window (page, 1200, 800);
  GtkListBox *cycle = child (page, "cycle_list");
  PlReviewWizard *wizard;

  g_assert_cmpstr (visible_state (page), ==, "no-workspace");
  g_assert_false (gtk_widget_is_sensitive (child (page, "empty_new_button")));

  /* The demo plans no review: the empty state teaches the cycle in the
   * core's own words and offers the wizard. */
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM reviews"), ==, 0);
  pl_reviews_page_set_workspace (page, workspace);
  g_assert_cmpstr (visible_state (page), ==, "empty");
  g_assert_cmpint (pl_reviews_page_get_selected_review (page), ==, 0);
  g_assert_cmpuint (count_rows (cycle), ==, 4);
  for (PlReviewStatus s = PL_REVIEW_STATUS_PLANNING; s <= PL_REVIEW_STATUS_IMPROVING; s++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (cycle, s);

      g_assert_cmpstr (row_title (cycle, s), ==, pl_review_status_to_label (s));
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                       pl_review_status_get_description (s));
    }
  g_assert_cmpstr (row_title (cycle, 0), ==, "Planning");
  g_assert_cmpstr (row_title (cycle, 3), ==, "Improving");
  /* Actions that need a review are off without one. */
  g_assert_false (gtk_widget_is_sensitive (child (page, "trash_button")));
  g_assert_false (gtk_widget_is_sensitive (child (page, "next_button")));

  pl_test_wait (200);
  screenshots (GTK_WIDGET (window), "empty", "wide");
  resize (window, 400, 800);
  screenshots (GTK_WIDGET (window), "empty", "narrow");

  /* "Plan a Review…" opens the wizard for a new review. */
  g_assert_true (gtk_widget_is_sensitive (child (page, "empty_new_button")));
  gtk_widget_activate (child (page, "empty_new_button"));
  wizard = PL_REVIEW_WIZARD (wait_for_toplevel (PL_TYPE_REVIEW_WIZARD));
  g_assert_nonnull (wizard);
  g_assert_false (pl_review_wizard_get_editing (wizard));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (wizard)) == window);
  close_toplevel (GTK_WINDOW (wizard));
  g_assert_null (find_toplevel (PL_TYPE_REVIEW_WIZARD));

  pl_reviews_page_set_workspace (page, NULL);
  g_assert_cmpstr (visible_state (page), ==, "no-workspace");

  destroy_window (window);
}

static void
test_plan (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("plan");
  g_autoptr(PlReview) review = make_review (workspace, "Telephone service, summer 2026");
  g_autoptr(PlSample) sample = draw_sample (workspace, pl_review_get_id (review), 20, 20260701);
  g_autoptr(GPtrArray) sections = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *subtitle = NULL;
  PlReviewsPage *page = pl_reviews_page_new ();
  GtkWindow *window;
  GtkListBox *reviews_list = child (page, "reviews_list");
  GtkListBox *samples_list = child (page, "samples_list");
  GtkWidget *group;
  GtkWidget *button;
  PlReviewWizard *wizard;
  gint64 review_id = pl_review_get_id (review);
  gint64 on_list;
  /* Where each section's Edit opens the wizard: the communication of the
   * aims is on the people step (pl-review-wizard.h). */
  static const guint steps[] = {
    PL_REVIEW_WIZARD_STEP_SCOPE, PL_REVIEW_WIZARD_STEP_SCOPE, PL_REVIEW_WIZARD_STEP_OBJECTIVES,
    PL_REVIEW_WIZARD_STEP_PEOPLE, PL_REVIEW_WIZARD_STEP_KPIS, PL_REVIEW_WIZARD_STEP_METHODS,
    PL_REVIEW_WIZARD_STEP_INFORMATION, PL_REVIEW_WIZARD_STEP_PEOPLE,
  };

  pl_reviews_page_set_workspace (page, workspace);
  window = make_window (page, 1200, 900);
  g_assert_cmpstr (visible_state (page), ==, "main");
  g_assert_cmpint (pl_reviews_page_get_selected_review (page), ==, review_id);

  /* The chooser: title, period, status. */
  g_assert_cmpuint (count_rows (reviews_list), ==, 1);
  g_assert_cmpstr (row_title (reviews_list, 0), ==, "Telephone service, summer 2026");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (reviews_list, 0))),
                   ==, "1 Jul 2026 to 27 Sep 2026");

  /* The stage bar: planning, only forward. */
  g_assert_cmpstr (adw_preferences_group_get_title (child (page, "stage_group")), ==, "Stage 1 of 5: Planning");
  g_assert_cmpstr (adw_preferences_group_get_description (child (page, "stage_group")), ==,
                   pl_review_status_get_description (PL_REVIEW_STATUS_PLANNING));
  g_assert_false (gtk_widget_get_visible (child (page, "back_button")));
  g_assert_true (gtk_widget_get_visible (child (page, "next_button")));
  g_assert_cmpstr (gtk_button_get_label (child (page, "next_button")), ==, "_Move On to Collecting");

  /* Each section of the plan, exactly as the core words it. */
  sections = pl_review_dup_summary_sections (review);
  g_assert_cmpuint (sections->len, ==, G_N_ELEMENTS (steps));
  for (guint i = 0; i < sections->len; i++)
    {
      PlReviewSummarySection *section = g_ptr_array_index (sections, i);
      GtkListBox *lines;

      group = section_group (page, section->heading);
      g_assert_nonnull (group);
      lines = g_object_get_data (G_OBJECT (group), "lines");
      g_assert_cmpuint (count_rows (lines), ==, g_strv_length (section->lines));
      for (guint j = 0; section->lines[j] != NULL; j++)
        g_assert_cmpstr (row_title (lines, j), ==, section->lines[j]);
      button = g_object_get_data (G_OBJECT (group), "edit-button");
      g_assert_cmpuint (g_variant_get_uint32 (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button))),
                        ==, steps[i]);
    }
  group = section_group (page, "Objectives");
  g_assert_cmpstr (row_title (g_object_get_data (G_OBJECT (group), "lines"), 0), ==,
                   "1. Decide whether to extend opening hours to 8 pm.");
  group = section_group (page, "Scope");
  g_assert_cmpstr (row_title (g_object_get_data (G_OBJECT (group), "lines"), 1), ==,
                   "Included: Telephone (channel)");

  /* The warnings: the plan's three gaps (the period is over, still in
   * planning; FCR without a feature; the team not told), then everyone on
   * the monitoring list, as the test's own SQL finds them. */
  shown = warnings_shown (page, "plan");
  expected = joined_warnings (review);
  g_assert_cmpstr (shown, ==, expected);
  {
    g_auto(GStrv) lines = g_strsplit (shown, "\n", -1);
    g_autofree char *today = pl_today_iso ();

    g_assert_cmpuint (g_strv_length (lines), ==, strcmp (today, "2026-07-01") > 0 ? 3 : 2);
    if (strcmp (today, "2026-09-27") > 0)
      g_assert_nonnull (strstr (shown, "The review period ended on 27 Sep 2026 but collecting never started."));
  }
  g_assert_nonnull (strstr (shown, "There is no record of how “Customer Care team” heard about the review."));
  g_clear_pointer (&shown, g_free);
  g_clear_pointer (&expected, g_free);

  shown = warnings_shown (page, "unnoticed");
  expected = unnoticed_expected (workspace, review_id);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpstr (shown, !=, "");
  /* Every item with a colleague is counted once: the rows' counts add up
   * to the items on the list that have a colleague. */
  on_list = pl_test_query_int (workspace, "SELECT count (*) FROM sample_items WHERE colleague_id IS NOT NULL");
  g_assert_cmpint (on_list, >, 0);
  g_assert_cmpint (on_list, <=, 20);
  {
    g_auto(GStrv) lines = g_strsplit (shown, "\n", -1);
    gint64 sum = 0;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        const char *count = strstr (lines[i], " [");

        g_assert_nonnull (count);
        sum += g_ascii_strtoll (count + 2, NULL, 10);
      }
    g_assert_cmpint (sum, ==, on_list);
  }
  g_clear_pointer (&shown, g_free);
  g_clear_pointer (&expected, g_free);
  /* One row sums them up, over the colleagues. */
  shown = warnings_shown (page, "unnoticed-summary");
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " colleagues not told they may be monitored [They are on this"
                              " review's monitoring lists. Record a notice that covers them before their work is"
                              " monitored.]",
                              pl_test_query_int (workspace, "SELECT count (DISTINCT colleague_id) FROM sample_items"));
  g_assert_cmpstr (shown, ==, expected);
  g_clear_pointer (&shown, g_free);
  shown = warnings_shown (page, "none");
  g_assert_cmpstr (shown, ==, "");
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM sample_items"), ==, 20);
  g_clear_pointer (&shown, g_free);
  g_clear_pointer (&expected, g_free);

  /* The sample: method, size of population, progress. */
  g_assert_cmpuint (count_rows (samples_list), ==, 1);
  g_assert_false (gtk_widget_get_visible (child (page, "samples_empty_label")));
  g_assert_cmpstr (row_title (samples_list, 0), ==, pl_sample_get_frame_name (sample));
  subtitle = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (samples_list, 0))));
  g_assert_true (g_str_has_prefix (subtitle, "Simple random · 20 of "));
  g_assert_true (g_str_has_suffix (subtitle, "\n20 to monitor · 0 monitored · 0 skipped"));
  g_assert_false (gtk_widget_get_visible (child (page, "attach_list")));

  screenshots (GTK_WIDGET (window), "plan", "wide");
  scroll_to (page, child (page, "warnings_group"));
  screenshots (GTK_WIDGET (window), "plan-warnings", "wide");
  scroll_to (page, section_group (page, "Data collection methods"));
  screenshots (GTK_WIDGET (window), "plan-sections", "wide");
  resize (window, 400, 900);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (child (page, "scrolled")), 0);
  screenshots (GTK_WIDGET (window), "plan", "narrow");
  scroll_to (page, child (page, "warnings_group"));
  screenshots (GTK_WIDGET (window), "plan-warnings", "narrow");
  scroll_to (page, child (page, "samples_group"));
  screenshots (GTK_WIDGET (window), "plan-samples", "narrow");
  resize (window, 1200, 900);

  /* Each section's Edit opens the wizard on this review at its step. */
  button = g_object_get_data (G_OBJECT (section_group (page, "KPIs")), "edit-button");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "reviews.edit");
  g_assert_cmpuint (g_variant_get_uint32 (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button))), ==, 3);
  gtk_widget_activate (button);
  wizard = PL_REVIEW_WIZARD (wait_for_toplevel (PL_TYPE_REVIEW_WIZARD));
  g_assert_nonnull (wizard);
  g_assert_true (pl_review_wizard_get_editing (wizard));
  g_assert_cmpuint (pl_review_wizard_get_step (wizard), ==, PL_REVIEW_WIZARD_STEP_KPIS);
  g_assert_cmpint (pl_review_get_id (pl_review_wizard_get_review (wizard)), ==, review_id);
  close_toplevel (GTK_WINDOW (wizard));
  g_assert_null (find_toplevel (PL_TYPE_REVIEW_WIZARD));

  /* A sample drawn elsewhere with no review can be added, then taken out. */
  {
    g_autoptr(PlSample) other = draw_sample (workspace, 0, 5, 7);
    g_autofree char *sql = g_strdup_printf ("SELECT coalesce (review_id, 0) FROM samples WHERE id = %"
                                            G_GINT64_FORMAT, pl_sample_get_id (other));

    pl_test_wait_until (widget_is_visible, child (page, "attach_list"), 3000);
    g_assert_true (gtk_widget_get_visible (child (page, "attach_list")));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reviews.attach-sample", NULL));
    g_assert_cmpint (pl_test_query_int (workspace, sql), ==, review_id);
    g_assert_cmpuint (count_rows (samples_list), ==, 2);
    g_assert_false (gtk_widget_get_visible (child (page, "attach_list")));

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reviews.detach-sample", "x",
                                               pl_sample_get_id (other)));
    g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 0);
    g_assert_cmpuint (count_rows (samples_list), ==, 1);
  }

  destroy_window (window);
}

static void
test_move (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("move");
  g_autoptr(PlReview) review = make_review (workspace, "Telephone service, summer 2026");
  g_autoptr(PlReview) complete = NULL;
  g_autoptr(PlSample) sample = draw_sample (workspace, pl_review_get_id (review), 12, 99);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *n_unnoticed = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  PlReviewsPage *page = pl_reviews_page_new ();
  GtkWindow *window;
  AdwMessageDialog *dialog;
  gint64 review_id = pl_review_get_id (review);
  gint64 updated;

  pl_reviews_page_set_workspace (page, workspace);
  window = make_window (page, 1000, 900);

  /* Planning → collecting with gaps asks first: Cancel changes nothing. */
  gtk_widget_activate (child (page, "next_button"));
  g_assert_nonnull (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Start Collecting Anyway?");
  /* Two plan gaps count (the third, "collecting never started", is what
   * the move mends), and every untold colleague. */
  n_unnoticed = g_strdup_printf ("%" G_GINT64_FORMAT " colleague",
                                 pl_test_query_int (workspace,
                                                    "SELECT count (DISTINCT colleague_id) FROM sample_items"));
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                   "The plan still lacks 2 things listed under Still to Do. "));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), n_unnoticed));
  respond (dialog, "cancel");
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  status = review_status (workspace, review_id);
  g_assert_cmpstr (status, ==, "planning");
  g_clear_pointer (&status, g_free);

  /* Start Collecting writes the status. */
  gtk_widget_activate (child (page, "next_button"));
  g_assert_nonnull (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  respond (ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG)), "collect");
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  status = review_status (workspace, review_id);
  g_assert_cmpstr (status, ==, "collecting");
  g_clear_pointer (&status, g_free);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM review_objectives"), ==, 2);
  g_assert_cmpstr (adw_preferences_group_get_title (child (page, "stage_group")), ==, "Stage 2 of 5: Collecting");
  g_assert_true (gtk_widget_get_visible (child (page, "back_button")));
  g_assert_cmpstr (gtk_button_get_label (child (page, "back_button")), ==, "_Back to Planning");
  g_assert_cmpstr (gtk_button_get_label (child (page, "next_button")), ==, "_Move On to Evaluating");
  /* The "never started" warning is gone; the other two stay. */
  {
    g_autofree char *shown = warnings_shown (page, "plan");

    g_assert_null (strstr (shown, "never started"));
    g_assert_nonnull (strstr (shown, "Customer Care team"));
  }
  scroll_to (page, child (page, "stage_group"));
  screenshots (GTK_WIDGET (window), "plan-collecting", "wide");

  /* Two stages at once is refused: nothing is written. */
  updated = pl_test_query_int (workspace, "SELECT count (*) FROM audit_log");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reviews.move-to", "s", "closed"));
  pl_test_wait (50);
  status = review_status (workspace, review_id);
  g_assert_cmpstr (status, ==, "collecting");
  g_clear_pointer (&status, g_free);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM audit_log"), ==, updated);

  /* Onwards without asking, and back. */
  click (child (page, "next_button"));
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  status = review_status (workspace, review_id);
  g_assert_cmpstr (status, ==, "evaluating");
  g_clear_pointer (&status, g_free);
  click (child (page, "back_button"));
  status = review_status (workspace, review_id);
  g_assert_cmpstr (status, ==, "collecting");
  g_clear_pointer (&status, g_free);

  /* A whole plan with no sample moves to collecting without a question,
   * and choosing it in the list shows it. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
    g_autoptr(GDateTime) last = g_date_time_add_days (now, 120);

    start = g_date_time_format (later, "%Y-%m-%d");
    end = g_date_time_format (last, "%Y-%m-%d");
  }
  complete = pl_review_new ();
  pl_review_set_title (complete, "Email replies, autumn 2026");
  /* It starts in the future, so "collecting has not started" cannot apply. */
  pl_review_set_period_start (complete, start);
  pl_review_set_period_end (complete, end);
  pl_review_add_objective (complete, "Decide whether email needs a second shift.", NULL);
  pl_review_add_person (complete, PL_REVIEW_ROLE_AFFECTED, "Billing & Payments", "Team meeting", "2026-09-28");
  pl_review_add_kpi (complete, query_id (workspace, "SELECT id FROM kpis WHERE code = 'csat'"), "Helpfulness");
  pl_review_add_method (complete, PL_REVIEW_METHOD_WRITTEN_REVIEW, "Replies are kept and can be read.", NULL);
  g_assert_true (pl_review_save (complete, workspace, &error));
  g_assert_no_error (error);
  wait_for_selected (page, pl_review_get_id (complete));
  /* A review that has just appeared is shown. */
  g_assert_cmpint (pl_reviews_page_get_selected_review (page), ==, pl_review_get_id (complete));
  g_assert_cmpuint (count_rows (child (page, "reviews_list")), ==, 2);
  /* Activating a review's row (Enter, a click) shows its plan. */
  {
    GtkListBox *list = child (page, "reviews_list");
    GtkListBoxRow *row = NULL;

    for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
      if (g_strcmp0 (row_title (list, i), "Telephone service, summer 2026") == 0)
        row = gtk_list_box_get_row_at_index (list, i);
    g_assert_nonnull (row);
    g_signal_emit_by_name (row, "activate");
    pl_test_wait (50);
    g_assert_cmpint (pl_reviews_page_get_selected_review (page), ==, review_id);
    g_assert_cmpstr (adw_preferences_group_get_title (child (page, "stage_group")), ==, "Stage 2 of 5: Collecting");
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reviews.select", "x",
                                             pl_review_get_id (complete)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reviews.select", "x", review_id));
  g_assert_cmpint (pl_reviews_page_get_selected_review (page), ==, review_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reviews.select", "x", (gint64) 999999));
  g_assert_cmpint (pl_reviews_page_get_selected_review (page), ==, review_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reviews.select", "x",
                                             pl_review_get_id (complete)));
  {
    g_autofree char *none = warnings_shown (page, "none");

    g_assert_cmpstr (none, ==, "Nothing is missing from this plan, and everyone on its monitoring lists has "
                               "been told they may be monitored.");
  }
  g_assert_true (gtk_widget_get_visible (child (page, "samples_empty_label")));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (child (page, "scrolled")), 0);
  screenshots (GTK_WIDGET (window), "plan-complete", "wide");
  resize (window, 400, 900);
  screenshots (GTK_WIDGET (window), "plan-complete", "narrow");
  resize (window, 1000, 900);
  click (child (page, "next_button"));
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  status = review_status (workspace, pl_review_get_id (complete));
  g_assert_cmpstr (status, ==, "collecting");
  g_clear_pointer (&status, g_free);

  destroy_window (window);
}

static void
test_notice_clears_warning (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("notice");
  g_autoptr(PlReview) review = make_review (workspace, "Telephone service, summer 2026");
  g_autoptr(PlSample) sample = draw_sample (workspace, pl_review_get_id (review), 20, 4242);
  g_autoptr(PlNotice) team_notice = pl_notice_new ();
  g_autoptr(PlNotice) all_notice = pl_notice_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *before = NULL;
  PlReviewsPage *page = pl_reviews_page_new ();
  GtkWindow *window;
  gint64 review_id = pl_review_get_id (review);

  pl_reviews_page_set_workspace (page, workspace);
  window = make_window (page, 1000, 900);
  before = warnings_shown (page, "unnoticed");
  g_assert_cmpstr (before, !=, "");

  /* A notice to Customer Care on 1 August covers its colleagues' items
   * from that day on: the list shrinks as the SQL says. */
  pl_notice_set_audience (team_notice, PL_NOTICE_AUDIENCE_STAFF);
  pl_notice_set_method (team_notice, PL_NOTICE_METHOD_TEAM_MEETING);
  pl_notice_set_given_on (team_notice, "2026-08-01");
  pl_notice_set_team_id (team_notice, query_id (workspace, "SELECT id FROM teams WHERE name = 'Customer Care'"));
  pl_notice_set_text (team_notice, "Calls may be reviewed by your team leader.");
  g_assert_true (pl_notice_save (team_notice, workspace, &error));
  g_assert_no_error (error);
  expected = unnoticed_expected (workspace, review_id);
  wait_for_warnings (page, "unnoticed", expected);
  shown = warnings_shown (page, "unnoticed");
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpstr (shown, !=, before);
  g_clear_pointer (&shown, g_free);
  g_clear_pointer (&expected, g_free);

  /* A notice to all staff before the demo's first day covers everyone. */
  pl_notice_set_audience (all_notice, PL_NOTICE_AUDIENCE_STAFF);
  pl_notice_set_method (all_notice, PL_NOTICE_METHOD_EMAIL);
  pl_notice_set_given_on (all_notice, "2026-03-01");
  pl_notice_set_text (all_notice, "Calls may be recorded and reviewed to help us improve.");
  g_assert_true (pl_notice_save (all_notice, workspace, &error));
  g_assert_no_error (error);
  wait_for_warnings (page, "unnoticed", "");
  shown = warnings_shown (page, "unnoticed-summary");
  g_assert_cmpstr (shown, ==, "");
  g_clear_pointer (&shown, g_free);
  shown = warnings_shown (page, "unnoticed");
  g_assert_cmpstr (shown, ==, "");
  g_clear_pointer (&shown, g_free);
  /* The plan's own gaps stay. */
  shown = warnings_shown (page, "plan");
  expected = joined_warnings (review);
  g_assert_cmpstr (shown, ==, expected);
  g_clear_pointer (&shown, g_free);
  g_clear_pointer (&expected, g_free);

  /* Trashing the notice brings the warnings back. */
  g_assert_true (pl_notice_trash (all_notice, workspace, &error));
  g_assert_no_error (error);
  expected = unnoticed_expected (workspace, review_id);
  wait_for_warnings (page, "unnoticed", expected);
  shown = warnings_shown (page, "unnoticed");
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpstr (shown, !=, "");

  destroy_window (window);
}

static void
test_trash_and_undo (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("trash");
  g_autoptr(PlReview) first = make_review (workspace, "Telephone service, summer 2026");
  g_autoptr(PlReview) second = NULL;
  g_autofree char *sql = NULL;
  PlReviewsPage *page = pl_reviews_page_new ();
  GtkWindow *window;
  gint64 id = pl_review_get_id (first);

  pl_reviews_page_set_workspace (page, workspace);
  window = make_window (page, 1000, 900);
  g_assert_cmpstr (visible_state (page), ==, "main");

  /* The only review to the trash: the empty state, the plan kept. */
  sql = g_strdup_printf ("SELECT trashed_at IS NOT NULL FROM reviews WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reviews.trash", NULL));
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM review_objectives"), ==, 2);
  g_assert_cmpstr (visible_state (page), ==, "empty");
  g_assert_cmpint (pl_reviews_page_get_selected_review (page), ==, 0);

  /* Undo brings it back, shown. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reviews.restore", "x", id));
  g_assert_cmpint (pl_test_query_int (workspace, sql), ==, 0);
  g_assert_cmpstr (visible_state (page), ==, "main");
  g_assert_cmpint (pl_reviews_page_get_selected_review (page), ==, id);

  /* With two, trashing the one shown shows the other. */
  second = make_review (workspace, "Web chat, summer 2026");
  wait_for_selected (page, pl_review_get_id (second));

  g_assert_cmpint (pl_reviews_page_get_selected_review (page), ==, pl_review_get_id (second));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reviews.trash", NULL));
  g_assert_cmpint (pl_reviews_page_get_selected_review (page), ==, id);
  g_assert_cmpuint (count_rows (child (page, "reviews_list")), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reviews.restore", "x",
                                             pl_review_get_id (second)));
  g_assert_cmpint (pl_reviews_page_get_selected_review (page), ==, pl_review_get_id (second));
  g_assert_cmpuint (count_rows (child (page, "reviews_list")), ==, 2);

  /* Restoring a review that is not there says so and changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reviews.restore", "x", (gint64) 999999));
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count (*) FROM reviews WHERE trashed_at IS NULL"), ==, 2);
  g_assert_cmpint (pl_reviews_page_get_selected_review (page), ==, pl_review_get_id (second));

  destroy_window (window);
}

/* The first button inside @widget that activates @action_name. */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action_name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (c)), action_name) == 0)
        return c;
      if ((found = find_action_button (c, action_name)) != NULL)
        return found;
    }

  return NULL;
}

/* In the real window, the warning's button and the samples' button take
 * the user to the pages that fix them. */
static void
test_window_pages (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("window");
  g_autoptr(PlReview) review = make_review (workspace, "Telephone service, summer 2026");
  g_autoptr(PlSample) sample = draw_sample (workspace, pl_review_get_id (review), 10, 11);
  PlWindow *window = pl_window_new (pl_test_application ());
  PlReviewsPage *page;
  GtkListBox *warnings;
  GtkWidget *button = NULL;

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  pl_test_present (GTK_WINDOW (window));
  pl_window_set_workspace (window, workspace);
  pl_window_show_page (window, "reviews");
  pl_test_wait (300);
  g_assert_cmpstr (pl_window_get_page (window), ==, "reviews");

  page = PL_REVIEWS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PL_TYPE_WINDOW, "reviews_page"));
  g_assert_cmpint (pl_reviews_page_get_selected_review (page), ==, pl_review_get_id (review));
  pl_test_wait (800);   /* the window's crossfade from the welcome view */
  screenshots (GTK_WIDGET (window), "plan-window", "wide");
  warnings = child (page, "warnings_list");
  for (guint i = 0; button == NULL && gtk_list_box_get_row_at_index (warnings, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (warnings, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "kind"), "unnoticed-summary") == 0)
        button = find_action_button (GTK_WIDGET (row), "win.show-page");
    }
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.show-page");
  g_assert_true (gtk_widget_is_sensitive (button));
  click (button);
  g_assert_cmpstr (pl_window_get_page (window), ==, "notices");

  pl_window_show_page (window, "reviews");
  pl_test_wait (200);
  g_assert_true (gtk_widget_is_sensitive (child (page, "sampling_button")));
  click (child (page, "sampling_button"));
  g_assert_cmpstr (pl_window_get_page (window), ==, "sampling");

  gtk_window_destroy (GTK_WINDOW (window));
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

  demo = pl_test_make_demo (pl_test_tmp_dir ());
  demo_path = g_strdup (pl_workspace_get_path (demo));
  /* Closed, so that the file holds everything and copies of it are whole. */
  pl_workspace_close (demo);

  g_test_add_func ("/app/reviews/empty-states", test_empty_states);
  g_test_add_func ("/app/reviews/plan", test_plan);
  g_test_add_func ("/app/reviews/move", test_move);
  g_test_add_func ("/app/reviews/notice-clears-warning", test_notice_clears_warning);
  g_test_add_func ("/app/reviews/trash-and-undo", test_trash_and_undo);
  g_test_add_func ("/app/reviews/window-pages", test_window_pages);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
