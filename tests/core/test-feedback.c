/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-feedback.h"
#include "core/pl-workspace.h"
#include "pl-test-db.h"

/* A small team, by hand, so every figure below can be worked out on paper.
 * Weeks (Monday first): 2026-04-06, 2026-04-13, 2026-04-20.
 *   1 Ana (North)  2026-04-06  80
 *   2 Ana          2026-04-08  90
 *   3 Ben (North)  2026-04-07  70
 *   4 Cai (South)  2026-04-07  10   another team: never in Ana's trend
 *   5 Ana          2026-04-15  60   excluded by validation: does not count
 *   6 Ben          2026-04-14  50
 *   7 Ana          2026-04-21  40   re-scored as 8: does not count
 *   8 Ana          2026-04-21  70
 *   9 Ana          2026-04-22   0   in the trash
 *  10 Ana          2026-04-22   0   a calibration score, not QA */
static const char fixture_sql[] =
  "INSERT INTO teams (id, name) VALUES (1, 'North'), (2, 'South');"
  "INSERT INTO colleagues (id, code, display_name, team_id) VALUES"
  " (1, 'C1', 'Ana', 1), (2, 'C2', 'Ben', 1), (3, 'C3', 'Cai', 2), (4, 'C4', 'Dee', NULL);"
  "INSERT INTO channels (id, code, name, kind) VALUES (1, 'tel', 'Telephone', 'telephone');"
  "INSERT INTO scorecards (id, name, created_at) VALUES (1, 'Contact quality', '2026-01-01T00:00:00Z');"
  "INSERT INTO scorecard_sections (id, scorecard_id, position, name, weight) VALUES (1, 1, 0, 'Call', 1);"
  "INSERT INTO criteria (id, section_id, position, text, scale, weight) VALUES"
  " (1, 1, 0, 'Greets the customer', 'yesno', 1), (2, 1, 1, 'Confirms next steps', 'yesno', 3);"
  "INSERT INTO observations (id, scorecard_id, colleague_id, channel_id, observed_on, score,"
  " excluded, superseded_by, trashed_at, mode, created_at, updated_at) VALUES"
  " (1, 1, 1, 1, '2026-04-06', 80, 0, NULL, NULL, 'standard', 'x', 'x'),"
  " (2, 1, 1, 1, '2026-04-08', 90, 0, NULL, NULL, 'standard', 'x', 'x'),"
  " (3, 1, 2, 1, '2026-04-07', 70, 0, NULL, NULL, 'standard', 'x', 'x'),"
  " (4, 1, 3, 1, '2026-04-07', 10, 0, NULL, NULL, 'standard', 'x', 'x'),"
  " (5, 1, 1, 1, '2026-04-15', 60, 1, NULL, NULL, 'standard', 'x', 'x'),"
  " (6, 1, 2, 1, '2026-04-14', 50, 0, NULL, NULL, 'standard', 'x', 'x'),"
  " (8, 1, 1, 1, '2026-04-21', 70, 0, NULL, NULL, 'standard', 'x', 'x'),"
  " (7, 1, 1, 1, '2026-04-21', 40, 1, 8, NULL, 'standard', 'x', 'x'),"
  " (9, 1, 1, 1, '2026-04-22', 0, 0, NULL, 'x', 'standard', 'x', 'x'),"
  " (10, 1, 1, 1, '2026-04-22', 0, 0, NULL, NULL, 'calibration', 'x', 'x');";

typedef struct {
  char *dir;
  char *path;
  PlWorkspace *ws;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("plumbline-feedback-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.plumbline", NULL);
  f->ws = pl_workspace_create (f->path, "Test", &error);
  g_assert_no_error (error);
  pl_workspace_exec (f->ws, fixture_sql, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  pl_workspace_close (f->ws);
  g_clear_object (&f->ws);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return pl_test_query_int (f->ws, sql);
}

/* Ana's feedback on observations 1 and 2, held 2026-04-10, two actions. */
static PlFeedback *
make_feedback (void)
{
  PlFeedback *feedback = pl_feedback_new (1);
  g_autoptr(PlFeedbackAction) first = pl_feedback_action_new ("Summarise the agreed next step", "2026-04-24");
  g_autoptr(PlFeedbackAction) second = pl_feedback_action_new ("  Shadow Ben on two calls  ", NULL);

  pl_feedback_set_held_on (feedback, "2026-04-10");
  pl_feedback_set_given_by (feedback, "Mira");
  pl_feedback_set_strengths (feedback, "Warm greeting; clear explanation of the tariff.");
  pl_feedback_set_improvements (feedback, "Check understanding before closing.");
  pl_feedback_add_observation (feedback, 1);
  pl_feedback_add_observation (feedback, 2);
  pl_feedback_add_observation (feedback, 2);   /* twice is once */
  pl_feedback_add_action (feedback, first);
  pl_feedback_add_action (feedback, second);
  return feedback;
}

static void
test_save_load (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlFeedback) feedback = make_feedback ();
  g_autoptr(PlFeedback) loaded = NULL;
  g_autoptr(PlFeedbackAction) third = NULL;
  g_autofree char *text = NULL;
  const gint64 *ids;
  GPtrArray *actions;
  gint64 first_id;
  guint n_ids;

  g_assert_true (pl_feedback_save (feedback, f->ws, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_feedback_get_id (feedback), >, 0);

  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_sessions"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_observations"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_actions"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'create'"
                             " AND entity = 'feedback_sessions'"), ==, 1);
  text = pl_test_query_text (f->ws, "SELECT action FROM feedback_actions WHERE position = 1");
  g_assert_cmpstr (text, ==, "Shadow Ben on two calls");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_actions WHERE position = 1 AND due_on IS NULL"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_sessions WHERE acknowledged_on IS NULL"
                             " AND disagrees = 0 AND given_by = 'Mira'"), ==, 1);

  loaded = pl_feedback_load (f->ws, pl_feedback_get_id (feedback), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_feedback_get_colleague_id (loaded), ==, 1);
  g_assert_cmpstr (pl_feedback_get_held_on (loaded), ==, "2026-04-10");
  g_assert_cmpstr (pl_feedback_get_strengths (loaded), ==, "Warm greeting; clear explanation of the tariff.");
  g_assert_cmpstr (pl_feedback_get_improvements (loaded), ==, "Check understanding before closing.");
  g_assert_null (pl_feedback_get_colleague_comments (loaded));
  g_assert_null (pl_feedback_get_acknowledged_on (loaded));
  ids = pl_feedback_get_observation_ids (loaded, &n_ids);
  g_assert_cmpuint (n_ids, ==, 2);
  g_assert_cmpint (ids[0], ==, 1);
  g_assert_cmpint (ids[1], ==, 2);
  actions = pl_feedback_get_actions (loaded);
  g_assert_cmpuint (actions->len, ==, 2);
  g_assert_cmpstr (pl_feedback_action_get_due_on (g_ptr_array_index (actions, 0)), ==, "2026-04-24");
  g_assert_cmpstr (pl_feedback_action_get_held_on (g_ptr_array_index (actions, 0)), ==, "2026-04-10");
  first_id = pl_feedback_action_get_id (g_ptr_array_index (actions, 0));

  /* Edit: the first action keeps its row, the second goes, a third comes. */
  pl_feedback_action_set_text (g_ptr_array_index (actions, 0), "Summarise the next step in one sentence");
  pl_feedback_remove_action (loaded, 1);
  third = pl_feedback_action_new ("Listen back to one call", "2026-04-10");
  pl_feedback_add_action (loaded, third);
  pl_feedback_set_colleague_comments (loaded, "Fair; the wrap-up felt rushed.");
  g_assert_true (pl_feedback_save (loaded, f->ws, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_sessions"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_actions"), ==, 2);
  text = g_strdup_printf ("SELECT count (*) FROM feedback_actions WHERE id = %" G_GINT64_FORMAT
                          " AND action = 'Summarise the next step in one sentence' AND position = 0",
                          first_id);
  g_assert_cmpint (count (f, text), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_actions WHERE action = 'Listen back to one call'"
                             " AND due_on = '2026-04-10' AND position = 1"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_sessions"
                             " WHERE colleague_comments = 'Fair; the wrap-up felt rushed.'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'update'"
                             " AND entity = 'feedback_sessions'"), ==, 1);
  g_assert_cmpint (pl_feedback_action_get_id (third), >, first_id);
}

static void
assert_refused (Fixture    *f,
                PlFeedback *feedback,
                const char *words)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (pl_feedback_save (feedback, f->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_sessions"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_observations"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_actions"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE entity = 'feedback_sessions'"), ==, 0);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(PlFeedback) feedback = make_feedback ();
    pl_feedback_add_observation (feedback, 3);   /* Ben's */
    assert_refused (f, feedback, "The observation of Ben on");
  }
  {
    g_autoptr(PlFeedback) feedback = make_feedback ();
    pl_feedback_remove_observation (feedback, 1);
    pl_feedback_remove_observation (feedback, 2);
    assert_refused (f, feedback, "at least one of the colleague’s observations");
  }
  {
    g_autoptr(PlFeedback) feedback = make_feedback ();
    pl_feedback_add_observation (feedback, 9);   /* Ana's, in the trash */
    assert_refused (f, feedback, "is in the trash");
  }
  {
    g_autoptr(PlFeedback) feedback = make_feedback ();
    pl_feedback_set_held_on (feedback, "2026-02-30");
    assert_refused (f, feedback, "must be a real date");
  }
  {
    g_autoptr(PlFeedback) feedback = make_feedback ();
    pl_feedback_set_acknowledged_on (feedback, "2026-04-09");
    assert_refused (f, feedback, "cannot acknowledge feedback before it was given");
  }
  {
    g_autoptr(PlFeedback) feedback = make_feedback ();
    pl_feedback_action_set_due_on (g_ptr_array_index (pl_feedback_get_actions (feedback), 1), "2026-04-09");
    assert_refused (f, feedback, "Agreed action 2: An action cannot be due before the session");
  }
  {
    g_autoptr(PlFeedback) feedback = make_feedback ();
    pl_feedback_action_set_due_on (g_ptr_array_index (pl_feedback_get_actions (feedback), 0), "next week");
    assert_refused (f, feedback, "“next week” is not a date");
  }
  {
    g_autoptr(PlFeedback) feedback = make_feedback ();
    pl_feedback_action_set_text (g_ptr_array_index (pl_feedback_get_actions (feedback), 0), "   ");
    assert_refused (f, feedback, "Agreed action 1 has no text");
  }
  {
    g_autoptr(PlFeedback) feedback = pl_feedback_new (99);
    pl_feedback_add_observation (feedback, 1);
    g_assert_false (pl_feedback_save (feedback, f->ws, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Acknowledged on the day itself is allowed. */
  {
    g_autoptr(PlFeedback) feedback = make_feedback ();
    pl_feedback_set_acknowledged_on (feedback, "2026-04-10");
    g_assert_true (pl_feedback_save (feedback, f->ws, &error));
    g_assert_no_error (error);
  }
}

static void
test_acknowledge_actions_trash (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlFeedback) feedback = make_feedback ();
  g_autoptr(GListModel) open = NULL;
  g_autoptr(GListModel) sessions = NULL;
  PlFeedbackAction *action;
  gint64 id, first_action;
  g_autofree char *sql = NULL;

  g_assert_true (pl_feedback_save (feedback, f->ws, &error));
  g_assert_no_error (error);
  id = pl_feedback_get_id (feedback);

  g_assert_false (pl_feedback_acknowledge (f->ws, id, "2026-04-09", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_feedback_acknowledge (f->ws, id, "", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_sessions WHERE acknowledged_on IS NULL"), ==, 1);

  g_assert_true (pl_feedback_acknowledge (f->ws, id, "2026-04-13", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_sessions WHERE acknowledged_on = '2026-04-13'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'acknowledge'"), ==, 1);

  /* Open actions: dated first. */
  open = pl_feedback_list_open_actions (f->ws, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (open), ==, 2);
  action = g_list_model_get_item (open, 0);
  g_assert_cmpstr (pl_feedback_action_get_due_on (action), ==, "2026-04-24");
  g_assert_true (pl_feedback_action_is_overdue (action, "2026-04-25"));
  g_assert_false (pl_feedback_action_is_overdue (action, "2026-04-24"));
  first_action = pl_feedback_action_get_id (action);
  g_object_unref (action);
  action = g_list_model_get_item (open, 1);
  g_assert_null (pl_feedback_action_get_due_on (action));
  g_assert_false (pl_feedback_action_is_overdue (action, "2030-01-01"));
  g_object_unref (action);
  g_clear_object (&open);

  g_assert_false (pl_feedback_complete_action (f->ws, first_action, "2026-04-01", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (pl_feedback_complete_action (f->ws, first_action, "2026-04-20", &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT count (*) FROM feedback_actions WHERE id = %" G_GINT64_FORMAT
                         " AND done_on = '2026-04-20'", first_action);
  g_assert_cmpint (count (f, sql), ==, 1);
  open = pl_feedback_list_open_actions (f->ws, 1, &error);
  g_assert_cmpuint (g_list_model_get_n_items (open), ==, 1);
  g_clear_object (&open);
  g_assert_false (pl_feedback_complete_action (f->ws, 9999, "2026-04-20", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Ben has none. */
  open = pl_feedback_list_open_actions (f->ws, 2, &error);
  g_assert_cmpuint (g_list_model_get_n_items (open), ==, 0);
  g_clear_object (&open);

  sessions = pl_feedback_list (f->ws, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 1);
  g_clear_object (&sessions);

  g_assert_true (pl_feedback_trash (f->ws, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_sessions WHERE trashed_at IS NOT NULL"), ==, 1);
  sessions = pl_feedback_list (f->ws, 1, &error);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 0);
  open = pl_feedback_list_open_actions (f->ws, 1, &error);
  g_assert_cmpuint (g_list_model_get_n_items (open), ==, 0);
  g_assert_false (pl_feedback_trash (f->ws, id, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

static void
test_observations (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlFeedback) feedback = make_feedback ();
  g_autoptr(GListModel) list = NULL;
  static const gint64 expected[] = { 8, 7, 5, 2, 1 };
  PlFeedbackObservation *o;

  g_assert_true (pl_feedback_save (feedback, f->ws, &error));

  list = pl_feedback_list_observations (f->ws, 1, &error);
  g_assert_no_error (error);
  /* Not 9 (trash) nor 10 (calibration); newest first, 8 before 7 by id. */
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(PlFeedbackObservation) item = g_list_model_get_item (list, i);
      g_assert_cmpint (pl_feedback_observation_get_id (item), ==, expected[i]);
    }

  o = g_list_model_get_item (list, 1);
  g_assert_cmpint (pl_feedback_observation_get_superseded_by (o), ==, 8);
  g_assert_cmpfloat (pl_feedback_observation_get_score (o), ==, 40);
  g_assert_cmpstr (pl_feedback_observation_get_scorecard_name (o), ==, "Contact quality");
  g_assert_cmpstr (pl_feedback_observation_get_channel_name (o), ==, "Telephone");
  g_assert_cmpuint (pl_feedback_observation_get_n_feedback (o), ==, 0);
  g_object_unref (o);
  o = g_list_model_get_item (list, 4);
  g_assert_cmpuint (pl_feedback_observation_get_n_feedback (o), ==, 1);
  g_assert_cmpint (pl_feedback_observation_get_superseded_by (o), ==, 0);
  g_object_unref (o);
}

static void
test_trend (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) trend = NULL;
  PlFeedbackTrendPoint *p;

  trend = pl_feedback_trend (f->ws, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trend->len, ==, 3);

  /* Week of 6 April: Ana (80 + 90) / 2 = 85; North (80 + 90 + 70) / 3 = 80. */
  p = &g_array_index (trend, PlFeedbackTrendPoint, 0);
  g_assert_cmpstr (p->week_start, ==, "2026-04-06");
  g_assert_cmpfloat_with_epsilon (p->colleague, 85.0, 1e-9);
  g_assert_cmpint (p->colleague_n, ==, 2);
  g_assert_cmpfloat_with_epsilon (p->team, 80.0, 1e-9);
  g_assert_cmpint (p->team_n, ==, 3);

  /* 13 April: Ana's 60 is excluded; Ben's 50 alone. */
  p = &g_array_index (trend, PlFeedbackTrendPoint, 1);
  g_assert_cmpstr (p->week_start, ==, "2026-04-13");
  g_assert_true (isnan (p->colleague));
  g_assert_cmpint (p->colleague_n, ==, 0);
  g_assert_cmpfloat_with_epsilon (p->team, 50.0, 1e-9);

  /* 20 April: only the re-score (70) counts, not the 40 it replaced. */
  p = &g_array_index (trend, PlFeedbackTrendPoint, 2);
  g_assert_cmpstr (p->week_start, ==, "2026-04-20");
  g_assert_cmpfloat_with_epsilon (p->colleague, 70.0, 1e-9);
  g_assert_cmpint (p->colleague_n, ==, 1);
  g_assert_cmpfloat_with_epsilon (p->team, 70.0, 1e-9);
  g_clear_pointer (&trend, g_array_unref);

  /* Dee has no team and no observations. */
  trend = pl_feedback_trend (f->ws, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trend->len, ==, 0);
}

/* Two yes/no criteria weighted 1 and 3 in one section (pl-scorecard.h's
 * rule): yes, no scores 100 × 1 / (1 + 3) = 25; no, yes 75. */
static void
test_rescore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlFeedback) feedback = make_feedback ();
  g_autoptr(PlFeedback) loaded = NULL;
  static const double values[] = { 0, 1 };
  g_autofree char *sql = NULL;
  const gint64 *ids;
  gint64 new_id = 0;
  gint64 id;
  guint n_ids;

  pl_test_exec (f->ws, "INSERT INTO observation_scores (observation_id, criterion_id, value)"
                       " VALUES (1, 1, 1), (1, 2, 0)");
  g_assert_true (pl_feedback_save (feedback, f->ws, &error));
  g_assert_no_error (error);
  id = pl_feedback_get_id (feedback);

  /* Refused: no reason; an observation the session is not about. */
  g_assert_false (pl_feedback_rescore (f->ws, id, 1, values, 2, "  ", &new_id, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_feedback_rescore (f->ws, id, 3, values, 2, "Heard the call again", &new_id, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM observations"), ==, 10);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_sessions WHERE disagrees = 1"), ==, 0);

  /* All or nothing: when the session cannot record it, the re-score is
   * not kept either. */
  pl_test_exec (f->ws, "CREATE TRIGGER refuse BEFORE INSERT ON feedback_observations"
                       " BEGIN SELECT RAISE (ABORT, 'refused'); END");
  g_assert_false (pl_feedback_rescore (f->ws, id, 1, values, 2, "Heard the call again", &new_id, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM observations"), ==, 10);
  g_assert_cmpint (count (f, "SELECT count (*) FROM observations WHERE id = 1 AND excluded = 0"
                             " AND superseded_by IS NULL"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'rescore'"), ==, 0);
  pl_test_exec (f->ws, "DROP TRIGGER refuse");

  g_assert_true (pl_feedback_rescore (f->ws, id, 1, values, 2, "Next steps were confirmed at 04:12",
                                      &new_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (new_id, >, 10);

  sql = g_strdup_printf ("SELECT count (*) FROM observations WHERE id = 1 AND superseded_by = %" G_GINT64_FORMAT
                         " AND excluded = 1", new_id);
  g_assert_cmpint (count (f, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM observations WHERE id = %" G_GINT64_FORMAT
                         " AND abs (score - 75) < 1e-9 AND colleague_id = 1 AND observed_on = '2026-04-06'"
                         " AND rescore_reason = 'Next steps were confirmed at 04:12'", new_id);
  g_assert_cmpint (count (f, sql), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM feedback_sessions WHERE disagrees = 1"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'rescore'"
                             " AND entity = 'feedback_sessions'"), ==, 1);

  /* The session is about the new score as well as the original. */
  loaded = pl_feedback_load (f->ws, id, &error);
  g_assert_no_error (error);
  ids = pl_feedback_get_observation_ids (loaded, &n_ids);
  g_assert_cmpuint (n_ids, ==, 3);
  g_assert_cmpint (ids[0], ==, 1);
  g_assert_cmpint (ids[1], ==, new_id);
  g_assert_cmpint (ids[2], ==, 2);

  /* The original cannot be re-scored twice. */
  g_assert_false (pl_feedback_rescore (f->ws, id, 1, values, 2, "Again", NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/feedback/save-load", Fixture, NULL, fixture_setup, test_save_load, fixture_teardown);
  g_test_add ("/core/feedback/validation", Fixture, NULL, fixture_setup, test_validation, fixture_teardown);
  g_test_add ("/core/feedback/acknowledge-actions-trash", Fixture, NULL, fixture_setup,
              test_acknowledge_actions_trash, fixture_teardown);
  g_test_add ("/core/feedback/observations", Fixture, NULL, fixture_setup, test_observations, fixture_teardown);
  g_test_add ("/core/feedback/trend", Fixture, NULL, fixture_setup, test_trend, fixture_teardown);

  g_test_add ("/core/feedback/rescore", Fixture, NULL, fixture_setup, test_rescore, fixture_teardown);

  return g_test_run ();
}
