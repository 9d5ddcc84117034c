/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <string.h>

#include "core/pl-kpi.h"
#include "core/pl-review.h"
#include "core/pl-sampling.h"
#include "core/pl-util.h"

#include "pl-kpi-wizard.h"
#include "pl-review-wizard.h"
#include "pl-test-utils.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run: it takes a few seconds to make.
 * Each test works on its own copy. The demo (src/core/pl-demo.c) has the
 * channels Telephone (1), Email (2), Web chat (3), Social media (4) and
 * Face to face (5); the teams Customer Care (1) and Billing & Payments
 * (2); eight KPIs, csat (1) to qa (8); no review and no sample. */
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
child (PlReviewWizard *wizard,
       const char     *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (wizard), PL_TYPE_REVIEW_WIZARD, name);

  g_assert_nonnull (object);
  return object;
}

static GtkWidget *
find_named_in (GtkWidget  *root,
               const char *name)
{
  for (GtkWidget *widget = gtk_widget_get_first_child (root);
       widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
        return widget;
      if ((found = find_named_in (widget, name)) != NULL)
        return found;
    }

  return NULL;
}

/* The rows the wizard makes as it goes carry names, as "objective-2" or
 * "method-survey-justification". */
static gpointer
named (PlReviewWizard *wizard,
       const char     *name)
{
  GtkWidget *widget = find_named_in (GTK_WIDGET (wizard), name);

  if (widget == NULL)
    g_error ("No widget is named “%s”", name);
  return widget;
}

/* The rows of a preferences group, in order. */
static void
collect_rows (GtkWidget *root,
              GPtrArray *rows)
{
  for (GtkWidget *widget = gtk_widget_get_first_child (root);
       widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      if (ADW_IS_ACTION_ROW (widget))
        {
          if (gtk_widget_get_visible (widget))
            g_ptr_array_add (rows, widget);
          continue;
        }
      collect_rows (widget, rows);
    }
}

static GPtrArray *
group_rows (gpointer group)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (group), rows);
  return rows;
}

static const char *
visible_step (PlReviewWizard *wizard)
{
  return gtk_stack_get_visible_child_name (child (wizard, "stack"));
}

static const char *
subtitle (PlReviewWizard *wizard)
{
  return adw_window_title_get_subtitle (child (wizard, "window_title"));
}

static void
activate (PlReviewWizard *wizard,
          const char     *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), action, NULL));
  pl_test_wait (50);
}

static void
go_to (PlReviewWizard *wizard,
       guint           step)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.goto", "u", step));
  pl_test_wait (50);
}

/* As a click does, without waiting for the button's pressed look. */
static void
click (gpointer button)
{
  g_signal_emit_by_name (button, "clicked");
  pl_test_wait (20);
}

static void
set_text (gpointer    editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static void
set_view_text (gpointer    view,
               const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static const char *
label_text (PlReviewWizard *wizard,
            const char     *name)
{
  GtkLabel *label = child (wizard, name);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  return gtk_label_get_text (label);
}

static gboolean
label_shown (PlReviewWizard *wizard,
             const char     *name)
{
  return gtk_widget_get_visible (child (wizard, name));
}

static GtkWidget *
step_row (PlReviewWizard *wizard,
          guint           step)
{
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (child (wizard, "steps_list"), step));

  g_assert_nonnull (row);
  return row;
}

static gint64
count (PlWorkspace *workspace,
       const char  *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);

  return pl_test_query_int (workspace, sql);
}

static void
screenshots (PlReviewWizard *wizard,
             const char     *what,
             const char     *width)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strdup_printf ("review-wizard-%s-light-%s", what, width);
  g_autofree char *dark = g_strdup_printf ("review-wizard-%s-dark-%s", what, width);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (250);
  pl_test_screenshot (GTK_WIDGET (wizard), light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  pl_test_wait (250);
  pl_test_screenshot (GTK_WIDGET (wizard), dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (50);
}

static void
resize (PlReviewWizard *wizard,
        int             width,
        int             height)
{
  gtk_window_set_default_size (GTK_WINDOW (wizard), width, height);
  pl_test_wait (300);
}

/* Scrolls the step that holds @inside back to its top. */
static void
scroll_top (PlReviewWizard *wizard,
            const char     *inside)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (child (wizard, inside), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  pl_test_wait (100);
  gtk_adjustment_set_value (adjustment, 0);
  pl_test_wait (50);
}

static gboolean
widget_visible_cb (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

static PlReviewWizard *
open_wizard (PlWorkspace *workspace,
             PlReview    *review,
             guint        step)
{
  GtkWidget *wizard = pl_review_wizard_new (NULL, workspace, review, step);

  /* Our own reference, to check that closing really frees it. */
  g_object_ref (wizard);
  gtk_window_set_default_size (GTK_WINDOW (wizard), 960, 760);
  pl_test_present (GTK_WINDOW (wizard));

  return PL_REVIEW_WIZARD (wizard);
}

static void
saved_cb (PlReviewWizard *wizard,
          PlReview       *review,
          gpointer        user_data)
{
  PlReview **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (review);
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gint64
draw_sample (PlWorkspace *workspace)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSample) sample = NULL;
  PlDrawSettings settings;

  pl_draw_settings_init (&settings);
  settings.size = 40;
  settings.has_seed = TRUE;
  settings.seed = 2026;
  sample = pl_sample_draw (workspace, NULL, &settings, &error);
  g_assert_no_error (error);

  return pl_sample_get_id (sample);
}

/* The plan's parts as text, to tell exactly what a save changed. */
static char *
snapshot (PlWorkspace *workspace,
          const char  *table)
{
  g_autofree char *sql = NULL;

  if (strcmp (table, "reviews") == 0)
    sql = g_strdup ("SELECT group_concat (title || '|' || period_start || '|' || period_end || '|' ||"
                    " status || '|' || coalesce (scope, '') || '|' || coalesce (processes_in, '') ||"
                    " '|' || coalesce (processes_out, '') || '|' || coalesce (communication, '') ||"
                    " '|' || coalesce (communicated_on, '') || '|' || coalesce (information, ''), ';')"
                    " FROM (SELECT * FROM reviews ORDER BY id)");
  else if (strcmp (table, "review_scope") == 0)
    sql = g_strdup ("SELECT coalesce (group_concat (entity || ':' || entity_id || ':' || included, ';'), '')"
                    " FROM (SELECT * FROM review_scope ORDER BY entity, entity_id)");
  else if (strcmp (table, "review_objectives") == 0)
    sql = g_strdup ("SELECT coalesce (group_concat (position || ':' || text || ':' || coalesce (decision, ''), ';'), '')"
                    " FROM (SELECT * FROM review_objectives ORDER BY position)");
  else if (strcmp (table, "review_people") == 0)
    sql = g_strdup ("SELECT coalesce (group_concat (role || ':' || name || ':' || coalesce (colleague_id, '') ||"
                    " ':' || coalesce (team_id, '') || ':' || coalesce (how_told, '') || ':' ||"
                    " coalesce (told_on, ''), ';'), '') FROM (SELECT * FROM review_people ORDER BY id)");
  else if (strcmp (table, "review_kpis") == 0)
    sql = g_strdup ("SELECT coalesce (group_concat (kpi_id || ':' || coalesce (feature, '') || ':' || position, ';'), '')"
                    " FROM (SELECT * FROM review_kpis ORDER BY position)");
  else
    sql = g_strdup ("SELECT coalesce (group_concat (method || ':' || justification || ':' ||"
                    " coalesce (details, '') || ':' || position, ';'), '')"
                    " FROM (SELECT * FROM review_methods ORDER BY position)");

  return pl_test_query_text (workspace, sql);
}

static const char * const plan_tables[] = {
  "reviews", "review_scope", "review_objectives", "review_people", "review_kpis", "review_methods",
};

/* A plan made through core, as the Review Plan page would load it. */
static PlReview *
save_spring_review (PlWorkspace *workspace)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlReview) review = pl_review_new ();
  PlReviewPerson *person;

  pl_review_set_title (review, "Spring telephone review");
  pl_review_set_period_start (review, "2026-04-01");
  pl_review_set_period_end (review, "2026-06-30");
  pl_review_set_scope (review, "Calls to Customer Care only.");
  pl_review_set_communication (review, "Team briefing");
  pl_review_set_communicated_on (review, "2026-03-25");
  pl_review_set_information (review, "CSAT with comments; answer times.");
  /* Listing what is in leaves the rest out. */
  pl_review_add_scope_item (review, PL_REVIEW_ENTITY_CHANNEL, 1, TRUE, NULL);
  pl_review_add_objective (review, "Whether to add staff at lunchtime", NULL);
  pl_review_add_objective (review, "Which calls need a callback promise", NULL);
  pl_review_add_person (review, PL_REVIEW_ROLE_DECISION_MAKER, "Director of Operations",
                        "Email", "2026-03-20");
  person = pl_review_add_person (review, PL_REVIEW_ROLE_AFFECTED, "Customer Care", NULL, NULL);
  person->team_id = 1;
  pl_review_add_kpi (review, 1, "Satisfaction with the answer");
  pl_review_add_kpi (review, 5, NULL);
  pl_review_add_method (review, PL_REVIEW_METHOD_SURVEY, "Reaches every caller.", NULL);
  pl_review_add_method (review, PL_REVIEW_METHOD_FIGURES, "Answer times are already recorded.",
                        "Weekly export from the phone system");

  g_assert_true (pl_review_save (review, workspace, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&review);
}

static void
test_plan_new (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("plan-new");
  g_autoptr(PlReview) saved = NULL;
  g_auto(GStrv) warnings = NULL;
  g_autofree char *aht_code = NULL;
  g_autofree char *widget_name = NULL;
  g_autofree char *sample_name = NULL;
  gint64 sample_id = draw_sample (workspace);
  gint64 review_id, aht_id;
  PlReviewWizard *wizard;
  PlKpiWizard *kpi_wizard;
  GtkWidget *sample_row;

  wizard = open_wizard (workspace, NULL, 0);
  g_signal_connect (wizard, "saved", G_CALLBACK (saved_cb), &saved);
  g_assert_false (pl_review_wizard_get_editing (wizard));
  g_assert_cmpstr (visible_step (wizard), ==, "scope");
  g_assert_cmpstr (subtitle (wizard), ==, "Step 1 of 7 · Title and scope");
  g_assert_false (pl_review_wizard_has_changes (wizard));
  /* A new plan: only the steps already seen can be jumped to. */
  g_assert_true (gtk_widget_get_sensitive (step_row (wizard, 0)));
  g_assert_false (gtk_widget_get_sensitive (step_row (wizard, 1)));
  go_to (wizard, 3);
  g_assert_cmpstr (visible_step (wizard), ==, "scope");

  /* Step 1: nothing filled in: the errors are the core's, next to the fields. */
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "scope");
  g_assert_cmpstr (label_text (wizard, "title_error_label"), ==,
                   "Give the review a title, for example “Telephone service, spring 2026”.");
  g_assert_cmpstr (label_text (wizard, "period_error_label"), ==,
                   "Enter the first day of the review period.\n"
                   "Enter the last day of the review period.");
  g_assert_true (gtk_widget_has_css_class (child (wizard, "title_row"), "error"));
  pl_test_screenshot (GTK_WIDGET (wizard), "review-wizard-step1-errors-light-wide");

  set_text (child (wizard, "title_row"), "Autumn service review");
  g_assert_false (label_shown (wizard, "title_error_label"));
  g_assert_false (gtk_widget_has_css_class (child (wizard, "title_row"), "error"));
  set_text (child (wizard, "start_row"), "2026-10-01");
  set_text (child (wizard, "end_row"), "2026-09-01");
  g_assert_cmpstr (label_text (wizard, "period_error_label"), ==,
                   "The review period ends (1 Sep 2026) before it starts (1 Oct 2026). "
                   "Correct one of the dates.");
  g_assert_true (gtk_widget_has_css_class (child (wizard, "end_row"), "error"));
  g_assert_false (gtk_widget_has_css_class (child (wizard, "start_row"), "error"));
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "scope");

  set_text (child (wizard, "start_row"), "2026-09-01");
  set_text (child (wizard, "end_row"), "2026-11-30");
  g_assert_false (label_shown (wizard, "period_error_label"));

  /* Leaving every team out is not a review. */
  gtk_switch_set_active (named (wizard, "team-Customer Care"), FALSE);
  gtk_switch_set_active (named (wizard, "team-Billing & Payments"), FALSE);
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "scope");
  g_assert_cmpstr (label_text (wizard, "scope_error_label"), ==,
                   "Every team is left out. Keep at least one team in the review: otherwise "
                   "there is no one’s service to measure.");
  gtk_switch_set_active (named (wizard, "team-Customer Care"), TRUE);
  gtk_switch_set_active (named (wizard, "team-Billing & Payments"), TRUE);
  g_assert_false (label_shown (wizard, "scope_error_label"));

  gtk_switch_set_active (named (wizard, "channel-Social media"), FALSE);
  set_view_text (child (wizard, "scope_view"),
                 "Contacts handled by both teams from September to November.");
  set_text (child (wizard, "processes_in_row"), "Answering enquiries; handling complaints");
  set_text (child (wizard, "processes_out_row"), "Debt recovery");
  g_assert_true (pl_review_wizard_has_changes (wizard));
  scroll_top (wizard, "title_row");
  screenshots (wizard, "step1", "wide");
  resize (wizard, 420, 860);
  /* Narrow, the step list folds away behind a button. */
  g_assert_true (adw_leaflet_get_folded (child (wizard, "leaflet")));
  g_assert_true (pl_test_wait_until (widget_visible_cb, child (wizard, "steps_button"), 2000));
  g_assert_cmpstr (adw_window_title_get_title (child (wizard, "window_title")), ==, "Step 1 of 7");
  g_assert_cmpstr (subtitle (wizard), ==, "Title and scope");
  scroll_top (wizard, "title_row");
  screenshots (wizard, "step1", "narrow");
  resize (wizard, 960, 760);
  g_assert_false (pl_test_wait_until (widget_visible_cb, child (wizard, "steps_button"), 0));
  g_assert_cmpstr (subtitle (wizard), ==, "Step 1 of 7 · Title and scope");

  /* Step 2: the empty first row does not count as an objective. */
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "objectives");
  g_assert_cmpstr (subtitle (wizard), ==, "Step 2 of 7 · Objectives");
  g_assert_true (gtk_widget_get_sensitive (step_row (wizard, 1)));
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "objectives");
  g_assert_cmpstr (label_text (wizard, "objectives_error_label"), ==,
                   "Add at least one objective: what the review should let the organisation "
                   "decide, for example whether to open web chat until 8 pm.");
  set_text (named (wizard, "objective-1"), "Whether to open web chat until 8 pm");
  g_assert_false (label_shown (wizard, "objectives_error_label"));
  activate (wizard, "wizard.add-objective");
  set_text (named (wizard, "objective-2"), "Which team needs coaching on complaints first");
  activate (wizard, "wizard.add-objective");
  set_text (named (wizard, "objective-3"), "Something to take out again");
  g_assert_cmpuint (pl_review_get_objectives (pl_review_wizard_get_review (wizard))->len, ==, 3);
  click (named (wizard, "objective-3-remove"));
  g_assert_null (find_named_in (GTK_WIDGET (wizard), "objective-3"));
  g_assert_cmpuint (pl_review_get_objectives (pl_review_wizard_get_review (wizard))->len, ==, 2);
  screenshots (wizard, "step2", "wide");

  /* Jumping back (from the step list) keeps what was entered; forward
   * goes only as far as seen. */
  gtk_widget_activate (step_row (wizard, 0));
  pl_test_wait (50);
  g_assert_cmpstr (visible_step (wizard), ==, "scope");
  g_assert_cmpstr (gtk_editable_get_text (child (wizard, "title_row")), ==, "Autumn service review");
  go_to (wizard, 2);
  g_assert_cmpstr (visible_step (wizard), ==, "scope");
  go_to (wizard, 1);
  g_assert_cmpstr (visible_step (wizard), ==, "objectives");

  /* Step 3: people, with a date that is not one. */
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "people");
  g_assert_true (gtk_widget_get_visible (child (wizard, "deciders_empty_row")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.add-person", "s", "decision_maker"));
  g_assert_false (gtk_widget_get_visible (child (wizard, "deciders_empty_row")));
  set_text (named (wizard, "decider-1-name"), "Head of Customer Service");
  set_text (named (wizard, "decider-1-how"), "Planning meeting");
  set_text (named (wizard, "decider-1-on"), "2026-08-20");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.add-person", "s", "affected"));
  /* Linking a team names the row. Teams come first, by name. */
  adw_combo_row_set_selected (named (wizard, "affected-1-link"), 1);
  g_assert_cmpstr (gtk_editable_get_text (named (wizard, "affected-1-name")), ==, "Billing & Payments");
  set_text (named (wizard, "affected-1-how"), "Team briefing");
  set_text (named (wizard, "affected-1-on"), "2026-13-01");
  set_text (child (wizard, "communication_row"), "Email to both teams, then team briefings");
  set_text (child (wizard, "communicated_on_row"), "2026-08-25");
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "people");
  g_assert_true (gtk_widget_has_css_class (named (wizard, "affected-1-on"), "error"));
  g_assert_true (adw_expander_row_get_expanded (named (wizard, "affected-1")));
  set_text (named (wizard, "affected-1-on"), "2026-08-27");
  g_assert_false (gtk_widget_has_css_class (named (wizard, "affected-1-on"), "error"));
  g_assert_cmpstr (adw_expander_row_get_subtitle (named (wizard, "affected-1")), ==,
                   "Told on 27 Aug 2026: Team briefing");
  /* A row added by mistake goes again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.add-person", "s", "affected"));
  set_text (named (wizard, "affected-2-name"), "Somebody else");
  g_assert_cmpuint (pl_review_get_people (pl_review_wizard_get_review (wizard))->len, ==, 3);
  click (named (wizard, "affected-2-remove"));
  g_assert_null (find_named_in (GTK_WIDGET (wizard), "affected-2"));
  g_assert_cmpuint (pl_review_get_people (pl_review_wizard_get_review (wizard))->len, ==, 2);
  screenshots (wizard, "step3", "wide");

  /* Step 4: an existing KPI, and one made with the KPI wizard. */
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "kpis");
  gtk_check_button_set_active (named (wizard, "kpi-csat-check"), TRUE);
  g_assert_true (adw_expander_row_get_expanded (named (wizard, "kpi-csat")));
  set_text (named (wizard, "kpi-csat-feature"), "Helpfulness of the answer");

  activate (wizard, "wizard.new-kpi");
  kpi_wizard = find_toplevel (PL_TYPE_KPI_WIZARD);
  g_assert_nonnull (kpi_wizard);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (kpi_wizard)) == GTK_WINDOW (wizard));
  pl_test_wait_laid_out (GTK_WIDGET (kpi_wizard));
  gtk_widget_activate_action (GTK_WIDGET (kpi_wizard), "wizard.template", "s", "aht");
  gtk_widget_activate_action (GTK_WIDGET (kpi_wizard), "wizard.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (kpi_wizard), "wizard.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (kpi_wizard), "wizard.save", NULL);
  pl_test_wait (100);
  g_assert_null (find_toplevel (PL_TYPE_KPI_WIZARD));
  aht_id = pl_test_query_int (workspace, "SELECT id FROM kpis WHERE template = 'aht'");
  aht_code = pl_test_query_text (workspace, "SELECT code FROM kpis WHERE template = 'aht'");
  widget_name = g_strdup_printf ("kpi-%s-check", aht_code);
  g_assert_true (gtk_check_button_get_active (named (wizard, widget_name)));
  g_free (widget_name);
  widget_name = g_strdup_printf ("kpi-%s-feature", aht_code);
  /* The cursor waits in the new KPI's feature. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (wizard)),
                                         named (wizard, widget_name)));
  set_text (named (wizard, widget_name), "Speed of response");
  g_assert_cmpuint (pl_review_get_kpis (pl_review_wizard_get_review (wizard))->len, ==, 2);
  screenshots (wizard, "step4", "wide");

  /* Step 5: three methods, one not yet justified. */
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "methods");
  gtk_check_button_set_active (named (wizard, "method-survey-check"), TRUE);
  set_view_text (named (wizard, "method-survey-justification"),
                 "Reaches customers of every channel at little cost, with their reasons in the comments.");
  set_text (named (wizard, "method-survey-details"), "Post-contact email survey, every contact");
  gtk_check_button_set_active (named (wizard, "method-call_listening-check"), TRUE);
  set_view_text (named (wizard, "method-call_listening-justification"),
                 "Shows how complaints are handled on the phone, against the scorecard.");
  gtk_check_button_set_active (named (wizard, "method-complaints-check"), TRUE);
  g_assert_cmpstr (gtk_label_get_text (child (wizard, "kinds_label")), ==,
                   "The methods chosen give both numbers and customers’ reasons in their own words.");
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "methods");
  g_assert_true (adw_expander_row_get_expanded (named (wizard, "method-complaints")));
  {
    GtkWidget *justification = named (wizard, "method-complaints-justification");
    GtkWidget *frame = gtk_widget_get_parent (justification);
    GtkWidget *error_label = gtk_widget_get_next_sibling (frame);

    g_assert_true (gtk_widget_has_css_class (frame, "error"));
    g_assert_true (gtk_widget_get_visible (error_label));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                     "Say why complaints suit this review: the justification is what an "
                     "assessor looks for.");
    g_assert_true (gtk_widget_has_focus (justification));
  }
  pl_test_wait (400);
  pl_test_screenshot (GTK_WIDGET (wizard), "review-wizard-step5-errors-light-wide");
  g_assert_cmpint (count (workspace, "reviews"), ==, 0);
  set_view_text (named (wizard, "method-complaints-justification"),
                 "Complaints show what matters most to customers when the service fails.");
  g_assert_false (gtk_widget_has_css_class (gtk_widget_get_parent (named (wizard, "method-complaints-justification")),
                                            "error"));
  adw_expander_row_set_expanded (named (wizard, "method-complaints"), FALSE);
  adw_expander_row_set_expanded (named (wizard, "method-call_listening"), FALSE);
  screenshots (wizard, "step5", "wide");
  resize (wizard, 420, 860);
  screenshots (wizard, "step5", "narrow");
  resize (wizard, 960, 760);

  /* Step 6: information, and a sample drawn on the Sampling page. */
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "information");
  set_view_text (child (wizard, "information_view"),
                 "CSAT scores and comments; 40 calls a month per team scored; the complaints log.");
  sample_name = g_strdup_printf ("sample-%" G_GINT64_FORMAT, sample_id);
  sample_row = named (wizard, sample_name);
  g_assert_true (gtk_widget_get_ancestor (sample_row, ADW_TYPE_PREFERENCES_GROUP) ==
                 child (wizard, "free_samples_group"));
  {
    g_autofree char *population = pl_test_query_text (workspace, "SELECT population FROM samples");
    g_autofree char *drawn_on = pl_test_query_text (workspace, "SELECT substr (drawn_at, 1, 10) FROM samples");
    g_autofree char *day = pl_date_format_short (drawn_on);
    g_autofree char *expected = g_strdup_printf ("Simple random sample of 40 from %s, drawn on %s",
                                                 population, day);

    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (sample_row)), ==, expected);
    g_autofree char *frame_name = pl_test_query_text (workspace, "SELECT frame_name FROM samples");

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (sample_row)), ==, frame_name);
  }
  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.attach-sample", "x", sample_id);
  pl_test_wait (50);
  sample_row = named (wizard, sample_name);
  g_assert_true (gtk_widget_get_ancestor (sample_row, ADW_TYPE_PREFERENCES_GROUP) ==
                 child (wizard, "samples_group"));
  g_assert_false (gtk_widget_get_visible (child (wizard, "samples_empty_row")));
  /* Attaching waits for the plan to be saved. */
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM samples WHERE review_id IS NULL"), ==, 1);
  screenshots (wizard, "step6", "wide");

  /* Step 7: the summary, with the core's warnings. */
  activate (wizard, "wizard.next");
  g_assert_cmpstr (visible_step (wizard), ==, "summary");
  g_assert_cmpstr (subtitle (wizard), ==, "Step 7 of 7 · Summary");
  g_assert_cmpstr (gtk_button_get_label (child (wizard, "next_button")), ==, "_Save Plan");
  /* The warnings are the core's, one row each, marked as warnings. */
  warnings = pl_review_dup_warnings (pl_review_wizard_get_review (wizard), NULL);
  {
    g_autoptr(GPtrArray) rows = group_rows (child (wizard, "warnings_group"));

    g_assert_true (gtk_widget_get_visible (child (wizard, "warnings_group")) == (warnings[0] != NULL));
    g_assert_cmpuint (rows->len, ==, g_strv_length (warnings));
    for (guint i = 0; i < rows->len; i++)
      {
        g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), ==, warnings[i]);
        g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (rows, i), "warning"));
      }
  }
  /* The summary's sections: the core's eight, then the samples. */
  {
    g_autoptr(GPtrArray) sections = pl_review_dup_summary_sections (pl_review_wizard_get_review (wizard));
    GtkWidget *group = gtk_widget_get_first_child (child (wizard, "summary_box"));
    guint n_groups = 0;

    g_assert_cmpuint (sections->len, ==, 8);
    for (; group != NULL; group = gtk_widget_get_next_sibling (group), n_groups++)
      {
        g_autoptr(GPtrArray) rows = group_rows (group);

        if (n_groups < sections->len)
          {
            PlReviewSummarySection *section = g_ptr_array_index (sections, n_groups);

            g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==,
                             section->heading);
            g_assert_cmpuint (rows->len, ==, g_strv_length (section->lines));
          }
        else
          {
            g_autofree char *population = pl_test_query_text (workspace, "SELECT population FROM samples");
            g_autofree char *title = NULL;

            g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==, "Samples");
            g_assert_cmpuint (rows->len, ==, 1);
            title = g_strdup (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)));
            g_assert_nonnull (strstr (title, ": Simple random sample of 40 from "));
            g_assert_nonnull (strstr (title, population));
          }
      }
    g_assert_cmpuint (n_groups, ==, 9);
    /* People, in the core's words. */
    {
      PlReviewSummarySection *people = g_ptr_array_index (sections, 3);

      g_assert_cmpstr (people->lines[0], ==, "Decision maker: Head of Customer Service");
      g_assert_cmpstr (people->lines[1], ==,
                       "Affected: Billing & Payments — told by Team briefing on 27 Aug 2026");
    }
  }
  screenshots (wizard, "step7", "wide");
  g_assert_cmpint (count (workspace, "reviews"), ==, 0);

  activate (wizard, "wizard.save");
  g_assert_nonnull (saved);
  review_id = pl_review_get_id (saved);
  g_assert_cmpint (review_id, >, 0);
  g_assert_finalize_object (wizard);

  g_assert_cmpint (count (workspace, "reviews"), ==, 1);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT id FROM reviews"), ==, review_id);
  {
    g_autofree char *reviews = snapshot (workspace, "reviews");
    g_autofree char *scope = snapshot (workspace, "review_scope");
    g_autofree char *objectives = snapshot (workspace, "review_objectives");
    g_autofree char *people = snapshot (workspace, "review_people");
    g_autofree char *kpis = snapshot (workspace, "review_kpis");
    g_autofree char *methods = snapshot (workspace, "review_methods");
    g_autofree char *expected_kpis = g_strdup_printf ("1:Helpfulness of the answer:0;%" G_GINT64_FORMAT
                                                      ":Speed of response:1", aht_id);

    g_assert_cmpstr (reviews, ==,
                     "Autumn service review|2026-09-01|2026-11-30|planning|"
                     "Contacts handled by both teams from September to November.|"
                     "Answering enquiries; handling complaints|Debt recovery|"
                     "Email to both teams, then team briefings|2026-08-25|"
                     "CSAT scores and comments; 40 calls a month per team scored; the complaints log.");
    /* Only what is left out is listed: none listed means all are in. */
    g_assert_cmpstr (scope, ==, "channel:4:0");
    g_assert_cmpstr (objectives, ==,
                     "0:Whether to open web chat until 8 pm:;"
                     "1:Which team needs coaching on complaints first:");
    g_assert_cmpstr (people, ==,
                     "decision_maker:Head of Customer Service:::Planning meeting:2026-08-20;"
                     "affected:Billing & Payments::2:Team briefing:2026-08-27");
    g_assert_cmpstr (kpis, ==, expected_kpis);
    g_assert_cmpstr (methods, ==,
                     "survey:Reaches customers of every channel at little cost, with their reasons "
                     "in the comments.:Post-contact email survey, every contact:0;"
                     "call_listening:Shows how complaints are handled on the phone, against the "
                     "scorecard.::1;"
                     "complaints:Complaints show what matters most to customers when the service "
                     "fails.::2");
  }
  /* The sample now serves the review. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT review_id FROM samples WHERE id = %" G_GINT64_FORMAT,
                                            sample_id);

    g_assert_cmpint (pl_test_query_int (workspace, sql), ==, review_id);
  }
}

static void
test_edit_at_kpis (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("edit-kpis");
  g_autoptr(PlReview) review = save_spring_review (workspace);
  g_autoptr(PlReview) saved = NULL;
  char *before[G_N_ELEMENTS (plan_tables)] = { NULL };
  PlReviewWizard *wizard;
  GtkWidget *warnings_group;
  gboolean found_not_told = FALSE, found_no_feature = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (plan_tables); i++)
    before[i] = snapshot (workspace, plan_tables[i]);

  wizard = open_wizard (workspace, review, 3);
  g_signal_connect (wizard, "saved", G_CALLBACK (saved_cb), &saved);
  g_assert_true (pl_review_wizard_get_editing (wizard));
  g_assert_cmpstr (visible_step (wizard), ==, "kpis");
  g_assert_cmpstr (subtitle (wizard), ==, "Step 4 of 7 · Features and KPIs");
  g_assert_cmpstr (adw_window_title_get_title (child (wizard, "window_title")), ==, "Edit Review Plan");
  g_assert_false (pl_review_wizard_has_changes (wizard));
  /* Editing, every step can be reached. */
  for (guint i = 0; i < 7; i++)
    g_assert_true (gtk_widget_get_sensitive (step_row (wizard, i)));

  /* The plan as loaded: the KPIs with their features, the scope that
   * lists Telephone as in (so the other channels are out). */
  g_assert_true (gtk_check_button_get_active (named (wizard, "kpi-csat-check")));
  g_assert_cmpstr (gtk_editable_get_text (named (wizard, "kpi-csat-feature")), ==,
                   "Satisfaction with the answer");
  g_assert_true (gtk_check_button_get_active (named (wizard, "kpi-asa-check")));
  g_assert_false (gtk_check_button_get_active (named (wizard, "kpi-nps-check")));
  g_assert_true (gtk_switch_get_active (named (wizard, "channel-Telephone")));
  g_assert_false (gtk_switch_get_active (named (wizard, "channel-Email")));
  g_assert_true (gtk_check_button_get_active (named (wizard, "method-figures-check")));
  g_assert_cmpstr (gtk_editable_get_text (named (wizard, "method-figures-details")), ==,
                   "Weekly export from the phone system");

  /* The summary warns about what is missing, in the core's words. */
  go_to (wizard, 6);
  warnings_group = child (wizard, "warnings_group");
  g_assert_true (gtk_widget_get_visible (warnings_group));
  {
    g_autoptr(GPtrArray) rows = group_rows (warnings_group);

    for (guint i = 0; i < rows->len; i++)
      {
        const char *title = adw_preferences_row_get_title (g_ptr_array_index (rows, i));

        if (strcmp (title, "There is no record of how “Customer Care” heard about the "
                           "review. Colleagues affected should be told its aims before "
                           "it starts.") == 0)
          found_not_told = TRUE;
        if (strcmp (title, "Say which feature of service “Average speed of answer” "
                           "measures, for example speed of response or helpfulness.") == 0)
          found_no_feature = TRUE;
      }
  }
  g_assert_true (found_not_told);
  g_assert_true (found_no_feature);

  /* Back to the KPIs with the section's Change button: say what the
   * answer-time KPI measures. */
  for (GtkWidget *group = gtk_widget_get_first_child (child (wizard, "summary_box"));
       group != NULL; group = gtk_widget_get_next_sibling (group))
    if (g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), "KPIs") == 0)
      click (adw_preferences_group_get_header_suffix (ADW_PREFERENCES_GROUP (group)));
  g_assert_cmpstr (visible_step (wizard), ==, "kpis");
  set_text (named (wizard, "kpi-asa-feature"), "Speed of response");
  g_assert_true (pl_review_wizard_has_changes (wizard));

  /* Ctrl+Enter from a step goes to the summary to confirm, then saves. */
  activate (wizard, "wizard.save");
  g_assert_cmpstr (visible_step (wizard), ==, "summary");
  g_assert_null (saved);
  activate (wizard, "wizard.save");
  g_assert_nonnull (saved);
  g_assert_cmpint (pl_review_get_id (saved), ==, pl_review_get_id (review));
  g_assert_finalize_object (wizard);

  /* Only the KPI's feature changed. */
  for (guint i = 0; i < G_N_ELEMENTS (plan_tables); i++)
    {
      g_autofree char *after = snapshot (workspace, plan_tables[i]);

      if (strcmp (plan_tables[i], "review_kpis") == 0)
        g_assert_cmpstr (after, ==, "1:Satisfaction with the answer:0;5:Speed of response:1");
      else
        g_assert_cmpstr (after, ==, before[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (plan_tables); i++)
    g_free (before[i]);
}

static AdwMessageDialog *
wait_for_dialog (void)
{
  AdwMessageDialog *dialog = NULL;

  for (guint i = 0; i < 100 && dialog == NULL; i++)
    {
      pl_test_wait (10);
      dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    }

  g_assert_nonnull (dialog);
  return dialog;
}

static void
test_cancel (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("cancel");
  g_autoptr(PlReview) review = NULL;
  char *before[G_N_ELEMENTS (plan_tables)] = { NULL };
  gint64 sample_id = draw_sample (workspace);
  PlReviewWizard *wizard;
  AdwMessageDialog *dialog;

  /* Nothing entered: closing asks nothing. */
  wizard = open_wizard (workspace, NULL, 0);
  activate (wizard, "window.close");
  pl_test_wait (50);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_finalize_object (wizard);

  /* Something entered: the user is asked, and may keep editing. */
  wizard = open_wizard (workspace, NULL, 0);
  set_text (child (wizard, "title_row"), "A review never saved");
  activate (wizard, "window.close");
  dialog = wait_for_dialog ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (wizard));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Discard This Review Plan?");
  adw_message_dialog_response (dialog, "cancel");
  pl_test_wait (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (wizard)));
  activate (wizard, "window.close");
  dialog = wait_for_dialog ();
  adw_message_dialog_response (dialog, "discard");
  pl_test_wait (50);
  g_assert_finalize_object (wizard);
  g_assert_cmpint (count (workspace, "reviews"), ==, 0);

  /* Editing: a changed title and an attached sample are thrown away. */
  review = save_spring_review (workspace);
  for (guint i = 0; i < G_N_ELEMENTS (plan_tables); i++)
    before[i] = snapshot (workspace, plan_tables[i]);
  wizard = open_wizard (workspace, review, 0);
  set_text (child (wizard, "title_row"), "Renamed");
  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.attach-sample", "x", sample_id);
  activate (wizard, "window.close");
  dialog = wait_for_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Discard Your Changes?");
  adw_message_dialog_response (dialog, "discard");
  pl_test_wait (50);
  g_assert_finalize_object (wizard);

  for (guint i = 0; i < G_N_ELEMENTS (plan_tables); i++)
    {
      g_autofree char *after = snapshot (workspace, plan_tables[i]);

      g_assert_cmpstr (after, ==, before[i]);
      g_free (before[i]);
    }
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM samples WHERE review_id IS NULL"), ==, 1);
}

static void
test_save_error (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("save-error");
  g_autoptr(PlReview) review = save_spring_review (workspace);
  g_autoptr(PlReview) saved = NULL;
  g_autofree char *updated_before = NULL;
  g_autofree char *updated_after = NULL;
  PlReviewWizard *wizard;

  updated_before = pl_test_query_text (workspace, "SELECT updated_at FROM reviews");
  wizard = open_wizard (workspace, review, 1);
  g_signal_connect (wizard, "saved", G_CALLBACK (saved_cb), &saved);

  /* The answer-time KPI goes while the plan is open. */
  pl_test_exec (workspace, "DELETE FROM kpis WHERE id = 5");
  set_text (named (wizard, "objective-1"), "Whether to add staff at lunchtime and teatime");
  go_to (wizard, 6);
  activate (wizard, "wizard.save");
  g_assert_null (saved);
  g_assert_cmpstr (visible_step (wizard), ==, "summary");
  g_assert_cmpstr (label_text (wizard, "save_error_label"), ==,
                   "The plan was not saved: KPI number 5 is not in the workspace. It may have "
                   "been removed: take it out of the review.\nEverything you entered is still "
                   "here. Correct what the message points to, or try again.");
  updated_after = pl_test_query_text (workspace, "SELECT updated_at FROM reviews");
  g_assert_cmpstr (updated_after, ==, updated_before);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM review_objectives"
                                                 " WHERE text LIKE '%teatime'"), ==, 0);

  /* Taking it out lets the plan be saved. */
  go_to (wizard, 3);
  gtk_check_button_set_active (named (wizard, "kpi-asa-check"), FALSE);
  go_to (wizard, 6);
  activate (wizard, "wizard.save");
  g_assert_nonnull (saved);
  g_assert_finalize_object (wizard);
  g_assert_cmpint (pl_test_query_int (workspace, "SELECT count(*) FROM review_objectives"
                                                 " WHERE text LIKE '%teatime'"), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_autoptr(PlWorkspace) demo = NULL;
  int status;

  pl_test_init (&argc, &argv);

  demo = pl_test_make_demo (pl_test_tmp_dir ());
  demo_path = g_strdup (pl_workspace_get_path (demo));
  pl_workspace_close (demo);

  g_test_add_func ("/app/review-wizard/plan-new", test_plan_new);
  g_test_add_func ("/app/review-wizard/edit-at-kpis", test_edit_at_kpis);
  g_test_add_func ("/app/review-wizard/cancel", test_cancel);
  g_test_add_func ("/app/review-wizard/save-error", test_save_error);

  status = g_test_run ();
  g_free (demo_path);
  return status;
}
