/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <string.h>

#include "core/pl-observation.h"
#include "core/pl-sampling.h"
#include "core/pl-util.h"

#include "pl-observations-page.h"
#include "pl-test-utils.h"
#include "pl-test-db.h"

/* One demo workspace for the whole run (src/core/pl-demo.c): twelve
 * colleagues, five channels, 600 observations on the frozen "Contact
 * quality scorecard" (pass mark 75) and no sample. Its criteria, in form
 * order, with section weights 20 / 30 / 35 / 15:
 *   Opening:       1 greeted (yes/no, w1), 2 identity (yes/no, w1, critical: form)
 *   Understanding: 3 questions (1–5, w2), 4 history (yes/partly/no, w1),
 *                  5 bill explained (1–5, w1, N/A allowed)
 *   Resolution:    6 resolved (ypn, w2), 7 accurate (yes/no, w2), 8 callback (ypn, w1)
 *   Courtesy:      9 polite (1–5, w1), 10 summarised (yes/no, w1) */
static char *demo_path;

/* The keys of the planned answers, and the values they stand for. Worked
 * out by hand with the rule in src/core/pl-scorecard.h:
 *   Opening (1 + 1) / 2 = 100%; Understanding (2 × 0.75 + 0.5) / 3 = 66.67%
 *   (5 is N/A); Resolution (2 + 2 + 0) / 5 = 80%; Courtesy (1 + 1) / 2 = 100%;
 *   score = (20 × 100 + 30 × 66.67 + 35 × 80 + 15 × 100) / 100 = 83.0. */
static const guint planned_keys[] = {
  GDK_KEY_y, GDK_KEY_y, GDK_KEY_4, GDK_KEY_p, GDK_KEY_a, GDK_KEY_y, GDK_KEY_y, GDK_KEY_n, GDK_KEY_5, GDK_KEY_y,
};
static const double planned_values[] = { 1, 1, 4, 0.5, NAN, 1, 1, 0, 5, 1 };
#define PLANNED_SCORE 83.0

typedef struct
{
  PlWorkspace        *workspace;
  PlObservationsPage *page;
  GtkWindow          *window;
} Fixture;

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
child (PlObservationsPage *page,
       const char         *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), PL_TYPE_OBSERVATIONS_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_state (Fixture *f)
{
  return gtk_stack_get_visible_child_name (child (f->page, "stack"));
}

/* A sample of @size interactions, drawn with a fixed seed. */
static gint64
draw_sample (PlWorkspace *workspace,
             gint64       size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSample) sample = NULL;
  PlDrawSettings settings;

  pl_draw_settings_init (&settings);
  settings.method = PL_SAMPLE_SIMPLE;
  settings.size = size;
  settings.has_seed = TRUE;
  settings.seed = 20260901;
  sample = pl_sample_draw (workspace, NULL, &settings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sample);

  return pl_sample_get_id (sample);
}

static void
fixture_open (Fixture     *f,
              const char  *name,
              gint64       sample_size,
              int          width)
{
  f->workspace = open_copy (name);
  if (sample_size > 0)
    draw_sample (f->workspace, sample_size);

  f->page = pl_observations_page_new ();
  f->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref (f->window);
  gtk_window_set_application (f->window, GTK_APPLICATION (pl_test_application ()));
  gtk_window_set_default_size (f->window, width, 900);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  pl_observations_page_set_workspace (f->page, f->workspace);
  pl_test_present (f->window);
  pl_test_wait (200);
}

static void
fixture_close (Fixture *f)
{
  GList *toplevels = gtk_window_list_toplevels ();

  /* Any dialog left open goes first. */
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      gtk_window_destroy (l->data);
  g_list_free (toplevels);

  gtk_window_destroy (f->window);
  pl_test_wait (50);
  g_assert_finalize_object (f->window);
  pl_workspace_close (f->workspace);
  g_clear_object (&f->workspace);
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *target)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->page), action, target));
  pl_test_wait (50);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return pl_test_query_int (f->workspace, sql);
}

static AdwMessageDialog *
find_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  AdwMessageDialog *dialog = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      dialog = l->data;
  g_list_free (toplevels);

  return dialog;
}

/* The criterion cards of the form, in order. */
static GPtrArray *
criterion_cards (Fixture *f)
{
  GPtrArray *cards = g_ptr_array_new ();

  for (GtkWidget *w = gtk_widget_get_first_child (child (f->page, "criteria_box")); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (gtk_widget_has_css_class (w, "card"))
      g_ptr_array_add (cards, w);
  return cards;
}

static GtkWidget *
answer_box (GtkWidget *card)
{
  for (GtkWidget *w = gtk_widget_get_first_child (card); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_BOX (w) && GTK_IS_TOGGLE_BUTTON (gtk_widget_get_first_child (w)))
      return w;
  g_assert_not_reached ();
}

static GtkWidget *
note_entry (GtkWidget *card)
{
  for (GtkWidget *w = gtk_widget_get_first_child (card); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_ENTRY (w))
      return w;
  g_assert_not_reached ();
}

/* The focusable answer button: each criterion is one Tab stop. */
static GtkWidget *
tab_stop (GtkWidget *card)
{
  GtkWidget *stop = NULL;
  guint n = 0;

  for (GtkWidget *w = gtk_widget_get_first_child (answer_box (card)); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (gtk_widget_get_focusable (w))
      {
        stop = w;
        n++;
      }
  g_assert_cmpuint (n, ==, 1);
  return stop;
}

/* Presses @keyval where the focus is, as GTK would deliver it to the
 * answer buttons' key controller. */
static gboolean
press_key (GtkWidget *box,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (box);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
    }
  return handled;
}

static gboolean
focus_within (Fixture   *f,
              GtkWidget *ancestor)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && (focus == ancestor || gtk_widget_is_ancestor (focus, ancestor));
}

static const char *
label_text (Fixture    *f,
            const char *name)
{
  return gtk_label_get_text (child (f->page, name));
}

static void
screenshots (Fixture    *f,
             const char *name,
             const char *width)
{
  g_autofree char *light = g_strdup_printf ("observations-%s-light-%s", name, width);
  g_autofree char *dark = g_strdup_printf ("observations-%s-dark-%s", name, width);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (200);
  pl_test_screenshot (GTK_WIDGET (f->window), light);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  pl_test_wait (200);
  pl_test_screenshot (GTK_WIDGET (f->window), dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (100);
}

typedef struct
{
  Fixture    *f;
  const char *text;
} Progress;

static gboolean
progress_says_cb (gpointer user_data)
{
  Progress *p = user_data;
  const char *description = adw_preferences_group_get_description (child (p->f->page, "monitoring_group"));

  return description != NULL && strstr (description, p->text) != NULL;
}

/* The list refreshes in an idle after the change: wait for it. */
static void
assert_progress (Fixture    *f,
                 const char *text)
{
  Progress p = { f, text };

  if (!pl_test_wait_until (progress_says_cb, &p, 10000))
    g_error ("The monitoring list says “%s”, not “%s”",
             adw_preferences_group_get_description (child (f->page, "monitoring_group")), text);
}

static void
test_empty_states (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (pl_test_tmp_dir (), "blank.plumbline", NULL);
  g_autoptr(PlWorkspace) blank = NULL;
  Fixture f;

  fixture_open (&f, "empty", 0, 1200);

  /* The demo has observations but no sample drawn: the monitoring list
   * says where samples come from; the recent list shows the newest 20. */
  g_assert_cmpstr (visible_state (&f), ==, "main");
  g_assert_true (gtk_widget_get_visible (child (f.page, "monitoring_empty")));
  g_assert_false (gtk_widget_get_visible (child (f.page, "sample_list")));
  g_assert_false (gtk_widget_get_visible (child (f.page, "recent_empty")));
  {
    guint rows = 0;

    for (GtkWidget *w = gtk_widget_get_first_child (child (f.page, "recent_list")); w != NULL;
         w = gtk_widget_get_next_sibling (w))
      rows += ADW_IS_ACTION_ROW (w) ? 1 : 0;
    g_assert_cmpuint (rows, ==, 20);
  }
  screenshots (&f, "no-sample", "wide");

  /* A workspace without a scorecard sends the user to design one. */
  blank = pl_workspace_create (path, "Blank", &error);
  g_assert_no_error (error);
  pl_observations_page_set_workspace (f.page, blank);
  g_assert_cmpstr (visible_state (&f), ==, "no-scorecard");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f.page), "obs.save", NULL) &&
                  g_strcmp0 (visible_state (&f), "form") == 0);

  pl_observations_page_set_workspace (f.page, NULL);
  g_assert_cmpstr (visible_state (&f), ==, "no-workspace");
  pl_workspace_close (blank);

  fixture_close (&f);
}

static void
test_monitoring_list (void)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(PlSampleItem) first = NULL;
  g_autoptr(PlSampleItem) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *note = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *sql = NULL;
  gint64 before, observation_id;
  AdwMessageDialog *dialog;
  Fixture f;

  fixture_open (&f, "monitoring", 6, 1200);
  g_assert_cmpstr (visible_state (&f), ==, "main");
  g_assert_true (gtk_widget_get_visible (child (f.page, "sample_list")));
  g_assert_false (gtk_widget_get_visible (child (f.page, "monitoring_empty")));

  items = pl_sample_list_items (f.workspace, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 6);
  first = g_list_model_get_item (items, 0);
  second = g_list_model_get_item (items, 1);
  {
    guint rows = 0;

    for (GtkWidget *w = gtk_widget_get_first_child (child (f.page, "items_list")); w != NULL;
         w = gtk_widget_get_next_sibling (w))
      rows += ADW_IS_ACTION_ROW (w) ? 1 : 0;
    g_assert_cmpuint (rows, ==, 6);
  }
  g_assert_nonnull (strstr (adw_preferences_group_get_description (child (f.page, "monitoring_group")),
                            "0 of 6 observed"));
  screenshots (&f, "list", "wide");
  gtk_window_set_default_size (f.window, 400, 900);
  pl_test_wait (300);
  screenshots (&f, "list", "narrow");
  gtk_window_set_default_size (f.window, 1200, 900);
  pl_test_wait (300);

  /* Observe: the form comes prefilled from the item. */
  activate (&f, "obs.observe-item", g_variant_new_int64 (pl_sample_item_get_id (first)));
  g_assert_cmpstr (visible_state (&f), ==, "form");
  g_assert_cmpstr (gtk_editable_get_text (child (f.page, "date_row")), ==, pl_sample_item_get_occurred_on (first));
  g_assert_cmpstr (adw_combo_row_get_selected_item (child (f.page, "colleague_row")) != NULL
                   ? gtk_string_object_get_string (adw_combo_row_get_selected_item (child (f.page, "colleague_row")))
                   : NULL, ==, pl_sample_item_get_colleague_name (first));
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (child (f.page, "channel_row"))),
                   ==, pl_sample_item_get_channel_name (first));
  {
    g_autofree char *reference_sql = g_strdup_printf ("SELECT reference FROM interactions WHERE id = %"
                                                      G_GINT64_FORMAT, pl_sample_item_get_interaction_id (first));
    g_autofree char *reference = pl_test_query_text (f.workspace, reference_sql);

    g_assert_nonnull (reference);
    g_assert_cmpstr (gtk_editable_get_text (child (f.page, "reference_row")), ==, reference);
  }
  g_assert_cmpstr (label_text (&f, "score_label"), ==, "—");

  /* Criterion by criterion from the keyboard: each key answers and moves
   * to the next criterion. */
  cards = criterion_cards (&f);
  g_assert_cmpuint (cards->len, ==, G_N_ELEMENTS (planned_keys));
  pl_test_wait_laid_out (g_ptr_array_index (cards, 0));
  g_assert_true (gtk_widget_grab_focus (tab_stop (g_ptr_array_index (cards, 0))));
  for (guint i = 0; i < cards->len; i++)
    {
      GtkWidget *card = g_ptr_array_index (cards, i);

      g_assert_true (focus_within (&f, answer_box (card)));
      g_assert_true (press_key (answer_box (card), planned_keys[i]));
      if (i + 1 < cards->len)
        g_assert_true (focus_within (&f, answer_box (g_ptr_array_index (cards, i + 1))));
      else
        g_assert_true (focus_within (&f, child (f.page, "comments_view")));

      if (i == 1)
        {
          /* Only the opening section answered: 100 so far. */
          g_assert_cmpstr (label_text (&f, "score_label"), ==, "100.0");
          g_assert_cmpstr (label_text (&f, "result_label"), ==, "So far: 2 of 10 answered");
        }
    }
  /* A key the criterion does not take does nothing. */
  g_assert_false (press_key (answer_box (g_ptr_array_index (cards, 0)), GDK_KEY_q));
  /* The N/A criterion's Tab stop is its N/A button now. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (tab_stop (g_ptr_array_index (cards, 4)))), ==, "N/A");
  g_assert_cmpstr (label_text (&f, "score_label"), ==, "83.0");
  g_assert_cmpstr (label_text (&f, "result_label"), ==, "Pass (mark 75.0)");

  gtk_editable_set_text (GTK_EDITABLE (note_entry (g_ptr_array_index (cards, 7))), "Did not offer a callback.");
  gtk_editable_set_text (child (f.page, "evaluator_row"), "Dana Lee");

  before = count (&f, "SELECT count(*) FROM observations");
  activate (&f, "obs.save", NULL);
  g_assert_cmpstr (visible_state (&f), ==, "main");
  g_assert_cmpint (count (&f, "SELECT count(*) FROM observations"), ==, before + 1);

  observation_id = count (&f, "SELECT max(id) FROM observations");
  sql = g_strdup_printf ("SELECT round (score * 100) FROM observations WHERE id = %" G_GINT64_FORMAT, observation_id);
  g_assert_cmpint (count (&f, sql), ==, (gint64) (PLANNED_SCORE * 100));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT colleague_id = %" G_GINT64_FORMAT " AND channel_id = %" G_GINT64_FORMAT
                         " AND interaction_id = %" G_GINT64_FORMAT " AND observed_on = '%s'"
                         " AND evaluator = 'Dana Lee' FROM observations WHERE id = %" G_GINT64_FORMAT,
                         pl_sample_item_get_colleague_id (first), pl_sample_item_get_channel_id (first),
                         pl_sample_item_get_interaction_id (first), pl_sample_item_get_occurred_on (first),
                         observation_id);
  g_assert_cmpint (count (&f, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  mode = pl_test_query_text (f.workspace, "SELECT mode FROM observations ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (mode, ==, "standard");
  g_assert_cmpint (count (&f, "SELECT duration_seconds IS NULL FROM observations ORDER BY id DESC LIMIT 1"), ==, 1);
  g_assert_cmpint (count (&f, "SELECT count(*) FROM observation_scores WHERE observation_id ="
                              " (SELECT max(id) FROM observations)"), ==, 10);
  g_assert_cmpint (count (&f, "SELECT value IS NULL FROM observation_scores WHERE criterion_id = 5 AND"
                              " observation_id = (SELECT max(id) FROM observations)"), ==, 1);
  note = pl_test_query_text (f.workspace, "SELECT note FROM observation_scores WHERE criterion_id = 8 AND"
                                          " observation_id = (SELECT max(id) FROM observations)");
  g_assert_cmpstr (note, ==, "Did not offer a callback.");

  /* The item is monitored with this observation, and says so. */
  sql = g_strdup_printf ("SELECT status = 'monitored' AND observation_id = %" G_GINT64_FORMAT
                         " FROM sample_items WHERE id = %" G_GINT64_FORMAT,
                         observation_id, pl_sample_item_get_id (first));
  g_assert_cmpint (count (&f, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  assert_progress (&f, "1 of 6 observed");
  {
    GtkWidget *row = gtk_widget_get_first_child (child (f.page, "items_list"));

    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Monitored, score 83.0"));
  }

  /* Skip the second with a reason; an empty reason cannot be given. */
  activate (&f, "obs.skip-item", g_variant_new_int64 (pl_sample_item_get_id (second)));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "skip"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Recording missing");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "skip"));
  adw_message_dialog_response (dialog, "skip");
  pl_test_wait (200);
  sql = g_strdup_printf ("SELECT status = 'skipped' FROM sample_items WHERE id = %" G_GINT64_FORMAT,
                         pl_sample_item_get_id (second));
  g_assert_cmpint (count (&f, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  reason = pl_test_query_text (f.workspace, "SELECT skip_reason FROM sample_items WHERE position = 2");
  g_assert_cmpstr (reason, ==, "Recording missing");
  assert_progress (&f, "1 skipped, 4 to go");

  /* Opening a monitored item opens its observation for correcting. */
  activate (&f, "obs.observe-item", g_variant_new_int64 (pl_sample_item_get_id (first)));
  g_assert_cmpstr (visible_state (&f), ==, "form");
  g_assert_cmpstr (label_text (&f, "form_title"), ==, "Correct an Observation");
  g_assert_cmpstr (label_text (&f, "score_label"), ==, "83.0");
  activate (&f, "obs.cancel", NULL);
  g_assert_cmpstr (visible_state (&f), ==, "main");
  g_assert_cmpint (count (&f, "SELECT count(*) FROM observations"), ==, before + 1);

  fixture_close (&f);
}

static void
test_validation (void)
{
  g_autoptr(GPtrArray) cards = NULL;
  GtkWidget *first_card;
  gint64 before;
  Fixture f;

  fixture_open (&f, "validation", 0, 1200);
  before = count (&f, "SELECT count(*) FROM observations");

  activate (&f, "obs.new", NULL);
  g_assert_cmpstr (visible_state (&f), ==, "form");
  g_assert_cmpstr (label_text (&f, "form_title"), ==, "New Observation");

  /* No colleague: the error is next to the colleague. */
  activate (&f, "obs.save", NULL);
  g_assert_cmpstr (visible_state (&f), ==, "form");
  g_assert_true (gtk_widget_get_visible (child (f.page, "details_error")));
  g_assert_nonnull (strstr (label_text (&f, "details_error"), "colleague"));
  g_assert_true (gtk_widget_has_css_class (child (f.page, "colleague_row"), "error"));

  /* A date in the future. */
  adw_combo_row_set_selected (child (f.page, "colleague_row"), 1);
  gtk_editable_set_text (child (f.page, "date_row"), "2099-01-05");
  activate (&f, "obs.save", NULL);
  g_assert_nonnull (strstr (label_text (&f, "details_error"), "future"));
  g_assert_true (gtk_widget_has_css_class (child (f.page, "date_row"), "error"));
  g_assert_false (gtk_widget_has_css_class (child (f.page, "colleague_row"), "error"));

  /* The first criterion not answered is named in its card. */
  gtk_editable_set_text (child (f.page, "date_row"), "2026-09-14");
  activate (&f, "obs.answer", g_variant_new ("(ud)", 0, 1.0));
  activate (&f, "obs.answer", g_variant_new ("(ud)", 1, 1.0));
  activate (&f, "obs.save", NULL);
  g_assert_false (gtk_widget_get_visible (child (f.page, "details_error")));
  cards = criterion_cards (&f);
  first_card = g_ptr_array_index (cards, 2);
  g_assert_true (gtk_widget_has_css_class (first_card, "error"));
  g_assert_false (gtk_widget_has_css_class (g_ptr_array_index (cards, 3), "error"));
  g_assert_true (focus_within (&f, answer_box (first_card)));
  {
    GtkWidget *last = gtk_widget_get_last_child (first_card);
    GtkWidget *error_label = gtk_widget_get_prev_sibling (last);

    g_assert_true (GTK_IS_LABEL (error_label));
    g_assert_true (gtk_widget_get_visible (error_label));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Asked questions"));
  }

  /* Answering clears it; nothing was written on the way. */
  g_assert_true (press_key (answer_box (first_card), GDK_KEY_3));
  g_assert_false (gtk_widget_has_css_class (first_card, "error"));
  g_assert_cmpint (count (&f, "SELECT count(*) FROM observations"), ==, before);

  /* Backspace takes the answer back. */
  g_assert_true (press_key (answer_box (first_card), GDK_KEY_BackSpace));
  g_assert_cmpstr (label_text (&f, "result_label"), ==, "So far: 2 of 10 answered");

  screenshots (&f, "form-errors", "wide");
  activate (&f, "obs.cancel", NULL);
  g_assert_cmpstr (visible_state (&f), ==, "main");
  g_assert_cmpint (count (&f, "SELECT count(*) FROM observations"), ==, before);

  fixture_close (&f);
}

static void
test_face_to_face (void)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *comments = NULL;
  gint64 duration;
  Fixture f;

  fixture_open (&f, "live", 0, 400);
  activate (&f, "obs.new", NULL);
  adw_combo_row_set_selected (child (f.page, "colleague_row"), 3);
  adw_combo_row_set_selected (child (f.page, "channel_row"), 5);   /* the demo's face to face channel */
  gtk_editable_set_text (child (f.page, "reference_row"), "Branch visit");

  g_assert_false (gtk_widget_get_visible (child (f.page, "timer_box")));
  activate (&f, "obs.face-to-face", NULL);
  g_assert_true (gtk_switch_get_active (child (f.page, "face_to_face_switch")));
  g_assert_true (gtk_widget_get_visible (child (f.page, "timer_box")));
  g_assert_cmpstr (label_text (&f, "timer_label"), ==, "00:00");

  /* Large, touch-friendly answers: at least 48 px each way. */
  cards = criterion_cards (&f);
  pl_test_wait_laid_out (g_ptr_array_index (cards, 0));
  pl_test_wait (200);
  for (guint i = 0; i < cards->len; i++)
    for (GtkWidget *b = gtk_widget_get_first_child (answer_box (g_ptr_array_index (cards, i))); b != NULL;
         b = gtk_widget_get_next_sibling (b))
      {
        graphene_rect_t bounds;

        /* The border box: what a finger can press. */
        g_assert_true (gtk_widget_compute_bounds (b, b, &bounds));
        g_assert_cmpfloat (bounds.size.width, >=, 48);
        g_assert_cmpfloat (bounds.size.height, >=, 48);
      }

  activate (&f, "obs.timer-toggle", NULL);
  pl_test_wait (2300);
  g_assert_cmpstr (label_text (&f, "timer_label"), ==, "00:02");
  gtk_editable_set_text (child (f.page, "quick_note_entry"), "Offered a callback");
  g_signal_emit_by_name (child (f.page, "quick_note_entry"), "activate");

  for (guint i = 0; i < G_N_ELEMENTS (planned_values); i++)
    activate (&f, "obs.answer", g_variant_new ("(ud)", i, planned_values[i]));
  g_assert_cmpstr (label_text (&f, "score_label"), ==, "83.0");
  screenshots (&f, "face-to-face", "narrow");

  activate (&f, "obs.timer-toggle", NULL);   /* pause */
  pl_test_wait (1200);
  activate (&f, "obs.save", NULL);
  g_assert_cmpstr (visible_state (&f), ==, "main");

  mode = pl_test_query_text (f.workspace, "SELECT mode FROM observations ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (mode, ==, "face_to_face");
  duration = count (&f, "SELECT duration_seconds FROM observations ORDER BY id DESC LIMIT 1");
  /* Started, about 2.3 s, paused for 1.2 s that do not count. */
  g_assert_cmpint (duration, >=, 2);
  g_assert_cmpint (duration, <=, 3);
  comments = pl_test_query_text (f.workspace, "SELECT comments FROM observations ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (comments, ==, "[00:02] Offered a callback");
  g_assert_cmpint (count (&f, "SELECT round (score * 100) FROM observations ORDER BY id DESC LIMIT 1"), ==,
                   (gint64) (PLANNED_SCORE * 100));
  g_assert_cmpint (count (&f, "SELECT channel_id FROM observations ORDER BY id DESC LIMIT 1"), ==, 5);

  fixture_close (&f);
}

static void
test_edit_and_explain (void)
{
  g_autoptr(PlObservation) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  AdwMessageDialog *dialog;
  const char *explanation;
  gint64 newest, before;
  Fixture f;

  fixture_open (&f, "edit", 0, 1200);
  newest = count (&f, "SELECT id FROM observations ORDER BY observed_on DESC, id DESC LIMIT 1");
  before = count (&f, "SELECT count(*) FROM observations");

  /* The first recent row opens the newest observation. */
  {
    GtkWidget *row = gtk_widget_get_first_child (child (f.page, "recent_list"));

    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "obs.edit");
    g_assert_cmpint (g_variant_get_int64 (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row))), ==, newest);
  }

  activate (&f, "obs.explain", g_variant_new_int64 (newest));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  explanation = g_object_get_data (G_OBJECT (dialog), "explanation");
  g_assert_nonnull (explanation);
  g_assert_nonnull (strstr (explanation, "Greeted the customer"));
  g_assert_nonnull (strstr (explanation, "Section"));
  pl_test_wait (200);
  pl_test_screenshot (GTK_WIDGET (dialog), "observations-explain-light-wide");
  adw_message_dialog_response (dialog, "close");
  pl_test_wait (100);

  activate (&f, "obs.edit", g_variant_new_int64 (newest));
  g_assert_cmpstr (visible_state (&f), ==, "form");
  g_assert_cmpstr (label_text (&f, "form_title"), ==, "Correct an Observation");
  g_assert_false (gtk_widget_get_sensitive (child (f.page, "scorecard_row")));
  for (guint i = 0; i < G_N_ELEMENTS (planned_values); i++)
    activate (&f, "obs.answer", g_variant_new ("(ud)", i, planned_values[i]));
  screenshots (&f, "form", "wide");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (f.window, 400, 900);
  pl_test_wait (300);
  pl_test_screenshot (GTK_WIDGET (f.window), "observations-form-dark-narrow");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  pl_test_wait (100);
  activate (&f, "obs.save", NULL);
  g_assert_cmpstr (visible_state (&f), ==, "main");

  /* Updated in place, re-scored with the one rule. */
  g_assert_cmpint (count (&f, "SELECT count(*) FROM observations"), ==, before);
  sql = g_strdup_printf ("SELECT round (score * 100) FROM observations WHERE id = %" G_GINT64_FORMAT, newest);
  g_assert_cmpint (count (&f, sql), ==, (gint64) (PLANNED_SCORE * 100));
  stored = pl_observation_load (f.workspace, newest, &error);
  g_assert_no_error (error);
  g_assert_true (isnan (pl_observation_get_value (stored, 4)));
  g_assert_cmpfloat (pl_observation_get_value (stored, 3), ==, 0.5);

  /* A re-scored observation is kept for the record, not opened. */
  {
    double values[10] = { 1, 1, 5, 1, NAN, 1, 1, 1, 5, 1 };
    gint64 new_id = 0;

    g_assert_true (pl_observation_rescore (f.workspace, newest, values, 10, "Disputed at feedback", &new_id, &error));
    g_assert_no_error (error);
    pl_test_wait (100);
    activate (&f, "obs.edit", g_variant_new_int64 (newest));
    g_assert_cmpstr (visible_state (&f), ==, "main");
  }
  screenshots (&f, "recent", "narrow");

  fixture_close (&f);
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

  g_test_add_func ("/app/observations/empty-states", test_empty_states);
  g_test_add_func ("/app/observations/monitoring-list", test_monitoring_list);
  g_test_add_func ("/app/observations/validation", test_validation);
  g_test_add_func ("/app/observations/face-to-face", test_face_to_face);
  g_test_add_func ("/app/observations/edit-and-explain", test_edit_and_explain);

  status = g_test_run ();
  g_free (demo_path);

  return status;
}
