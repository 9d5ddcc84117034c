/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-observation.h"
#include "core/pl-scorecard.h"
#include "core/pl-util.h"
#include "pl-test-db.h"

/* A workspace made by hand so that every score can be worked out on paper.
 *
 * "Test card" (pass mark 75) has two sections:
 *   Opening, weight 1:   c1 Greeted (yes/no, weight 1)
 *                        c2 Verified identity (yes/no, weight 1, critical: form)
 *   Handling, weight 3:  c3 Understood the need (1–5, weight 2)
 *                        c4 Resolved (yes/partly/no, weight 1)
 *                        c5 Explained the bill (1–5, weight 1, N/A allowed)
 * The rule (src/core/pl-scorecard.h): section % = Σ weight × points /
 * Σ weight over answered criteria; score = 100 × Σ section weight × % /
 * Σ weights of sections that count; 1–5 is worth (value − 1) / 4. */

#define C1 0
#define C2 1
#define C3 2
#define C4 3
#define C5 4
#define N_CRITERIA 5

typedef struct
{
  char        *dir;
  PlWorkspace *workspace;
  PlScorecard *scorecard;
} Fixture;

static const char setup_sql[] =
  "INSERT INTO teams (id, name) VALUES (1, 'Customer Care');"
  "INSERT INTO colleagues (id, code, display_name, team_id) VALUES"
  " (1, 'C01', 'Amira Khan', 1), (2, 'C02', 'Ben Carter', 1);"
  "INSERT INTO channels (id, code, name, kind) VALUES"
  " (1, 'TEL', 'Telephone', 'telephone'), (2, 'F2F', 'Face to face', 'face_to_face');"
  "INSERT INTO interactions (id, reference, channel_id, colleague_id, occurred_at)"
  " VALUES (7, 'CALL-7', 1, 1, '2026-09-01T10:00:00Z');"
  "INSERT INTO scorecards (id, name, version, frozen, pass_mark, created_at)"
  " VALUES (1, 'Test card', 1, 0, 75, '2026-01-01T00:00:00Z');"
  "INSERT INTO scorecard_sections (id, scorecard_id, position, name, weight) VALUES"
  " (1, 1, 1, 'Opening', 1), (2, 1, 2, 'Handling', 3);"
  "INSERT INTO criteria (id, section_id, position, text, guidance, scale, weight, allow_na, critical) VALUES"
  " (11, 1, 1, 'Greeted', NULL, 'yesno', 1, 0, 'none'),"
  " (12, 1, 2, 'Verified identity', NULL, 'yesno', 1, 0, 'form'),"
  " (13, 2, 1, 'Understood the need', NULL, 'scale5', 2, 0, 'none'),"
  " (14, 2, 2, 'Resolved', NULL, 'ypn', 1, 0, 'none'),"
  " (15, 2, 3, 'Explained the bill', NULL, 'scale5', 1, 1, 'none');"
  "INSERT INTO samples (id, frame_name, method, population, size, seed, drawn_at)"
  " VALUES (1, 'September calls', 'simple', 1, 1, 42, '2026-09-02T09:00:00Z');"
  "INSERT INTO sample_items (id, sample_id, position, interaction_id, colleague_id, channel_id, occurred_on)"
  " VALUES (5, 1, 1, 7, 1, 1, '2026-09-01');";

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("plumbline-observation-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "test.plumbline", NULL);
  fixture->workspace = pl_workspace_create (path, "Kestrel", &error);
  g_assert_no_error (error);
  pl_test_exec (fixture->workspace, setup_sql);

  fixture->scorecard = pl_scorecard_load (fixture->workspace, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pl_scorecard_get_n_criteria (fixture->scorecard), ==, N_CRITERIA);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_strdup (pl_workspace_get_path (fixture->workspace));

  g_clear_object (&fixture->scorecard);
  pl_workspace_close (fixture->workspace);
  g_clear_object (&fixture->workspace);
  g_unlink (path);
  g_remove (fixture->dir);
  g_free (fixture->dir);
}

/* Case A: c1 yes, c2 yes, c3 4, c4 partly, c5 N/A.
 * Opening (1 + 1) / 2 = 100%; Handling (2 × 0.75 + 1 × 0.5) / 3 = 66.67%;
 * score 100 × (1 × 1 + 3 × 2/3) / 4 = 75.0, which passes a mark of 75. */
static const double case_a[N_CRITERIA] = { 1, 1, 4, 0.5, NAN };

static PlObservation *
make_case_a (Fixture *fixture)
{
  PlObservation *observation = pl_observation_new (fixture->scorecard);

  pl_observation_set_colleague (observation, 1, "Amira Khan");
  pl_observation_set_channel (observation, 1, "Telephone");
  pl_observation_set_interaction_id (observation, 7);
  pl_observation_set_observed_on (observation, "2026-09-03");
  pl_observation_set_evaluator (observation, "Dana Lee");
  pl_observation_set_reference (observation, "CALL-7");
  pl_observation_set_comments (observation, "  Calm and clear.  ");
  for (guint i = 0; i < N_CRITERIA; i++)
    pl_observation_set_value (observation, i, case_a[i]);
  pl_observation_set_note (observation, C4, "Next step given without a date.");

  return observation;
}

static gint64
count (Fixture    *fixture,
       const char *sql)
{
  return pl_test_query_int (fixture->workspace, sql);
}

static void
test_save (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(PlObservation) observation = make_case_a (fixture);
  g_autoptr(PlObservation) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *note = NULL;
  g_autofree char *comments = NULL;
  gint64 id = 0;

  g_assert_true (pl_observation_save (fixture->workspace, observation, 5, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (pl_observation_get_id (observation), ==, id);
  g_assert_cmpfloat_with_epsilon (pl_observation_get_score (observation), 75.0, 1e-9);
  g_assert_false (pl_observation_get_critical_failed (observation));

  g_assert_cmpint (count (fixture, "SELECT count(*) FROM observations"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT round (score * 1000) FROM observations"), ==, 75000);
  g_assert_cmpint (count (fixture, "SELECT critical_failed FROM observations"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT duration_seconds IS NULL FROM observations"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT interaction_id FROM observations"), ==, 7);
  mode = pl_test_query_text (fixture->workspace, "SELECT mode FROM observations");
  g_assert_cmpstr (mode, ==, "standard");
  comments = pl_test_query_text (fixture->workspace, "SELECT comments FROM observations");
  g_assert_cmpstr (comments, ==, "Calm and clear.");

  /* Five answers, N/A stored as NULL, the note with its criterion. */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM observation_scores"), ==, 5);
  g_assert_cmpint (count (fixture, "SELECT value IS NULL FROM observation_scores WHERE criterion_id = 15"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT value * 100 FROM observation_scores WHERE criterion_id = 14"), ==, 50);
  g_assert_cmpint (count (fixture, "SELECT value FROM observation_scores WHERE criterion_id = 13"), ==, 4);
  note = pl_test_query_text (fixture->workspace, "SELECT note FROM observation_scores WHERE criterion_id = 14");
  g_assert_cmpstr (note, ==, "Next step given without a date.");

  /* Used: the scorecard is frozen; the monitoring list item is done. */
  g_assert_cmpint (count (fixture, "SELECT frozen FROM scorecards WHERE id = 1"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT status = 'monitored' FROM sample_items WHERE id = 5"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT observation_id FROM sample_items WHERE id = 5"), ==, id);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM audit_log WHERE entity = 'observation'"
                                   " AND action = 'create'"), ==, 1);

  loaded = pl_observation_load (fixture->workspace, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_observation_get_colleague_name (loaded), ==, "Amira Khan");
  g_assert_cmpstr (pl_observation_get_channel_name (loaded), ==, "Telephone");
  g_assert_cmpstr (pl_observation_get_evaluator (loaded), ==, "Dana Lee");
  g_assert_cmpstr (pl_observation_get_observed_on (loaded), ==, "2026-09-03");
  g_assert_cmpstr (pl_observation_get_reference (loaded), ==, "CALL-7");
  g_assert_null (pl_observation_get_note (loaded, C1));
  g_assert_cmpstr (pl_observation_get_note (loaded, C4), ==, "Next step given without a date.");
  g_assert_cmpint (pl_observation_get_scorecard_version (loaded), ==, 1);
  g_assert_cmpint (pl_observation_get_duration_seconds (loaded), ==, -1);
  g_assert_cmpuint (pl_observation_get_n_values (loaded), ==, N_CRITERIA);
  for (guint i = 0; i < N_CRITERIA; i++)
    {
      g_assert_true (pl_observation_is_answered (loaded, i));
      if (isnan (case_a[i]))
        g_assert_true (isnan (pl_observation_get_value (loaded, i)));
      else
        g_assert_cmpfloat (pl_observation_get_value (loaded, i), ==, case_a[i]);
    }
  g_assert_cmpfloat_with_epsilon (pl_observation_get_score (loaded), 75.0, 1e-9);
}

/* Saving a loaded observation updates it: c4 now yes gives Handling
 * (2 × 0.75 + 1) / 3 = 83.33% and 100 × (1 + 3 × 0.8333) / 4 = 87.5. */
static void
test_update (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PlObservation) observation = make_case_a (fixture);
  g_autoptr(PlObservation) loaded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0, again = 0;

  g_assert_true (pl_observation_save (fixture->workspace, observation, 0, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM sample_items WHERE status = 'pending'"), ==, 1);

  loaded = pl_observation_load (fixture->workspace, id, &error);
  g_assert_no_error (error);
  pl_observation_set_value (loaded, C4, 1.0);
  pl_observation_set_note (loaded, C4, "");
  g_assert_true (pl_observation_save (fixture->workspace, loaded, 0, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, id);

  g_assert_cmpint (count (fixture, "SELECT count(*) FROM observations"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT round (score * 1000) FROM observations"), ==, 87500);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM observation_scores"), ==, 5);
  g_assert_cmpint (count (fixture, "SELECT value FROM observation_scores WHERE criterion_id = 14"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT note IS NULL FROM observation_scores WHERE criterion_id = 14"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM audit_log WHERE entity = 'observation'"
                                   " AND action = 'update'"), ==, 1);
}

static void
test_face_to_face (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PlObservation) observation = make_case_a (fixture);
  g_autoptr(PlObservation) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  gint64 id = 0;

  pl_observation_set_channel (observation, 2, "Face to face");
  pl_observation_set_mode (observation, PL_OBSERVATION_MODE_FACE_TO_FACE);
  pl_observation_set_duration_seconds (observation, 754);
  g_assert_true (pl_observation_save (fixture->workspace, observation, 0, &id, &error));
  g_assert_no_error (error);

  mode = pl_test_query_text (fixture->workspace, "SELECT mode FROM observations");
  g_assert_cmpstr (mode, ==, "face_to_face");
  g_assert_cmpint (count (fixture, "SELECT duration_seconds FROM observations"), ==, 754);
  g_assert_cmpint (count (fixture, "SELECT channel_id FROM observations"), ==, 2);

  loaded = pl_observation_load (fixture->workspace, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_observation_get_mode (loaded), ==, PL_OBSERVATION_MODE_FACE_TO_FACE);
  g_assert_cmpint (pl_observation_get_duration_seconds (loaded), ==, 754);
}

/* c2 (critical for the form) failed: the score is 0 whatever the rest. */
static void
test_critical (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PlObservation) observation = make_case_a (fixture);
  g_autoptr(PlObservation) loaded = NULL;
  g_autoptr(PlScoreResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  pl_observation_set_value (observation, C2, 0.0);
  g_assert_true (pl_observation_save (fixture->workspace, observation, 0, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture, "SELECT score FROM observations"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT critical_failed FROM observations"), ==, 1);
  g_assert_true (pl_observation_get_critical_failed (observation));

  loaded = pl_observation_load (fixture->workspace, id, &error);
  g_assert_no_error (error);
  result = pl_observation_score_result (loaded, &error);
  g_assert_no_error (error);
  g_assert_true (result->critical_failed);
  g_assert_false (result->passed);
  g_assert_cmpfloat (result->score, ==, 0.0);
}

/* The running score leaves out what is not answered yet. c1 yes and c3 5:
 * both sections 100% → 100. c1 yes and c3 1 (0 points): Opening 100%,
 * Handling 0% → 100 × 1 / 4 = 25. Nothing answered: NaN. */
static void
test_so_far (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PlObservation) observation = pl_observation_new (fixture->scorecard);
  g_autoptr(GError) error = NULL;
  PlScoreResult *result;

  result = pl_observation_score_so_far (observation, &error);
  g_assert_no_error (error);
  g_assert_true (isnan (result->score));
  pl_score_result_free (result);

  pl_observation_set_value (observation, C1, 1);
  pl_observation_set_value (observation, C3, 5);
  result = pl_observation_score_so_far (observation, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (result->score, 100.0, 1e-9);
  pl_score_result_free (result);

  pl_observation_set_value (observation, C3, 1);
  result = pl_observation_score_so_far (observation, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (result->score, 25.0, 1e-9);
  pl_score_result_free (result);

  /* The scorecard's own N/A rule is untouched by the preview. */
  g_assert_false (pl_scorecard_get_criterion (fixture->scorecard, C2)->allow_na);
  g_assert_true (pl_scorecard_get_criterion (fixture->scorecard, C5)->allow_na);

  /* All answered: the same as case A's stored score. */
  for (guint i = 0; i < N_CRITERIA; i++)
    pl_observation_set_value (observation, i, case_a[i]);
  result = pl_observation_score_so_far (observation, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (result->score, 75.0, 1e-9);
  g_assert_true (result->passed);
  pl_score_result_free (result);

  /* N/A where the criterion does not allow it is still refused. */
  pl_observation_set_value (observation, C1, NAN);
  result = pl_observation_score_so_far (observation, &error);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_null (result);
}

static void
assert_refused (Fixture            *fixture,
                PlObservation      *observation,
                gint64              sample_item_id,
                int                 code,
                PlObservationField  expected_field,
                const char         *in_message)
{
  g_autoptr(GError) error = NULL;
  gint64 audit = count (fixture, "SELECT count(*) FROM audit_log");
  gint64 id = -1;

  if (expected_field != PL_OBSERVATION_FIELD_NONE)
    {
      PlObservationField field = PL_OBSERVATION_FIELD_NONE;

      g_assert_false (pl_observation_check (observation, &field, NULL, &error));
      g_assert_error (error, PL_ERROR, code);
      g_assert_cmpint (field, ==, expected_field);
      g_clear_error (&error);
    }

  g_assert_false (pl_observation_save (fixture->workspace, observation, sample_item_id, &id, &error));
  g_assert_error (error, PL_ERROR, code);
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
  g_assert_cmpint (id, ==, -1);
  g_assert_cmpint (pl_observation_get_id (observation), ==, 0);

  /* Nothing written, the scorecard still open for editing. */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM observations"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM observation_scores"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT frozen FROM scorecards"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT status = 'pending' FROM sample_items"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM audit_log"), ==, audit);
}

static void
test_invalid (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *today = pl_today_iso ();
  GDate date;
  g_autofree char *tomorrow = NULL;
  guint index = 99;
  PlObservationField field;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(PlObservation) observation = make_case_a (fixture);

    pl_observation_set_colleague (observation, 0, NULL);
    assert_refused (fixture, observation, 5, PL_ERROR_INVALID, PL_OBSERVATION_FIELD_COLLEAGUE, "colleague");
  }

  pl_date_parse_iso (today, &date);
  g_date_add_days (&date, 1);
  tomorrow = pl_date_to_iso (&date);
  {
    g_autoptr(PlObservation) observation = make_case_a (fixture);

    pl_observation_set_observed_on (observation, tomorrow);
    assert_refused (fixture, observation, 5, PL_ERROR_INVALID, PL_OBSERVATION_FIELD_DATE, "future");
    pl_observation_set_observed_on (observation, "2026-02-30");
    assert_refused (fixture, observation, 5, PL_ERROR_INVALID, PL_OBSERVATION_FIELD_DATE, "YYYY-MM-DD");
    pl_observation_set_observed_on (observation, "3 Sept");
    assert_refused (fixture, observation, 5, PL_ERROR_INVALID, PL_OBSERVATION_FIELD_DATE, NULL);
  }

  /* The first criterion missing is named. */
  {
    g_autoptr(PlObservation) observation = make_case_a (fixture);

    pl_observation_clear_value (observation, C5);
    pl_observation_clear_value (observation, C4);
    g_assert_false (pl_observation_check (observation, &field, &index, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
    g_assert_cmpint (field, ==, PL_OBSERVATION_FIELD_CRITERION);
    g_assert_cmpuint (index, ==, C4);
    g_assert_nonnull (strstr (error->message, "“Resolved”"));
    g_clear_error (&error);
    assert_refused (fixture, observation, 5, PL_ERROR_INVALID, PL_OBSERVATION_FIELD_CRITERION, "Resolved");
  }

  /* N/A where it is not allowed; a value the scale does not take. */
  {
    g_autoptr(PlObservation) observation = make_case_a (fixture);

    pl_observation_set_value (observation, C2, NAN);
    assert_refused (fixture, observation, 5, PL_ERROR_INVALID, PL_OBSERVATION_FIELD_CRITERION, NULL);
    pl_observation_set_value (observation, C2, 1);
    pl_observation_set_value (observation, C3, 7);
    assert_refused (fixture, observation, 5, PL_ERROR_INVALID, PL_OBSERVATION_FIELD_CRITERION, NULL);
    pl_observation_set_value (observation, C3, 4);
    pl_observation_set_duration_seconds (observation, -5);
    assert_refused (fixture, observation, 5, PL_ERROR_INVALID, PL_OBSERVATION_FIELD_DURATION, NULL);
  }

  /* What only the database can tell: the colleague, channel and monitoring
   * list item must exist; the check passes, the save writes nothing. */
  {
    g_autoptr(PlObservation) observation = make_case_a (fixture);

    pl_observation_set_colleague (observation, 99, "Nobody");
    assert_refused (fixture, observation, 5, PL_ERROR_NOT_FOUND, PL_OBSERVATION_FIELD_NONE, "colleague");
    pl_observation_set_colleague (observation, 1, "Amira Khan");
    pl_observation_set_channel (observation, 42, "Fax");
    assert_refused (fixture, observation, 5, PL_ERROR_NOT_FOUND, PL_OBSERVATION_FIELD_NONE, "channel");
    pl_observation_set_channel (observation, 1, "Telephone");
    assert_refused (fixture, observation, 555, PL_ERROR_NOT_FOUND, PL_OBSERVATION_FIELD_NONE, "monitoring list");
  }

  {
    g_autoptr(PlObservation) missing = pl_observation_load (fixture->workspace, 12345, &error);

    g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
    g_assert_null (missing);
  }
}

/* Re-scoring case A as case B: c1 no, c2 yes, c3 5, c4 yes, c5 3.
 * Opening 1/2 = 50%; Handling (2 × 1 + 1 + 1 × 0.5) / 4 = 87.5%;
 * score 100 × (1 × 0.5 + 3 × 0.875) / 4 = 78.125. */
static void
test_rescore (Fixture       *fixture,
              gconstpointer  data)
{
  static const double case_b[N_CRITERIA] = { 0, 1, 5, 1, 3 };
  g_autoptr(PlObservation) observation = make_case_a (fixture);
  g_autoptr(PlObservation) original = NULL;
  g_autoptr(PlObservation) newer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *rescore_reason = NULL;
  g_autofree char *sql = NULL;
  gint64 id = 0, new_id = 0, other = -1;
  gint64 audit;

  g_assert_true (pl_observation_save (fixture->workspace, observation, 5, &id, &error));
  g_assert_no_error (error);

  /* A reason is required; the answers must fit the scorecard. */
  audit = count (fixture, "SELECT count(*) FROM audit_log");
  g_assert_false (pl_observation_rescore (fixture->workspace, id, case_b, N_CRITERIA, "  ", &other, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_observation_rescore (fixture->workspace, id, case_b, 3, "Disputed", &other, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_observation_rescore (fixture->workspace, 999, case_b, N_CRITERIA, "Disputed", &other, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (other, ==, -1);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM observations"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT excluded FROM observations"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM audit_log"), ==, audit);

  g_assert_true (pl_observation_rescore (fixture->workspace, id, case_b, N_CRITERIA,
                                         " The recording shows the bill was explained ", &new_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (new_id, >, id);

  original = pl_observation_load (fixture->workspace, id, &error);
  g_assert_no_error (error);
  g_assert_true (pl_observation_get_excluded (original));
  g_assert_cmpstr (pl_observation_get_exclusion_reason (original), ==,
                   "Re-scored: The recording shows the bill was explained");
  g_assert_cmpint (pl_observation_get_superseded_by (original), ==, new_id);
  g_assert_cmpfloat_with_epsilon (pl_observation_get_score (original), 75.0, 1e-9);

  newer = pl_observation_load (fixture->workspace, new_id, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (pl_observation_get_score (newer), 78.125, 1e-9);
  g_assert_false (pl_observation_get_excluded (newer));
  g_assert_cmpint (pl_observation_get_superseded_by (newer), ==, 0);
  g_assert_cmpstr (pl_observation_get_rescore_reason (newer), ==, "The recording shows the bill was explained");
  g_assert_cmpint (pl_observation_get_colleague_id (newer), ==, 1);
  g_assert_cmpint (pl_observation_get_interaction_id (newer), ==, 7);
  g_assert_cmpstr (pl_observation_get_observed_on (newer), ==, "2026-09-03");
  g_assert_cmpstr (pl_observation_get_evaluator (newer), ==, "Dana Lee");
  g_assert_cmpfloat (pl_observation_get_value (newer, C5), ==, 3);
  g_assert_cmpstr (pl_observation_get_note (newer, C4), ==, "Next step given without a date.");
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM observation_scores"), ==, 10);
  g_assert_cmpint (count (fixture, "SELECT observation_id FROM sample_items WHERE id = 5"), ==, new_id);
  sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = 'rescore' AND entity_id = %"
                         G_GINT64_FORMAT, id);
  g_assert_cmpint (count (fixture, sql), ==, 1);

  /* The original cannot be re-scored or edited again: the newer one can. */
  audit = count (fixture, "SELECT count(*) FROM audit_log");
  g_assert_false (pl_observation_rescore (fixture->workspace, id, case_a, N_CRITERIA, "Again", &other, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "newer"));
  g_clear_error (&error);
  pl_observation_set_value (original, C1, 0);
  g_assert_false (pl_observation_save (fixture->workspace, original, 0, &other, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (other, ==, -1);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM observations"), ==, 2);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM audit_log"), ==, audit);

  /* A N/A where it is not allowed is refused with nothing written. */
  {
    double bad[N_CRITERIA] = { NAN, 1, 5, 1, 3 };

    g_assert_false (pl_observation_rescore (fixture->workspace, new_id, bad, N_CRITERIA, "Again", &other, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (count (fixture, "SELECT count(*) FROM observations"), ==, 2);
  }

  g_assert_true (pl_observation_rescore (fixture->workspace, new_id, case_a, N_CRITERIA, "Second look", &other,
                                         &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM observations WHERE excluded = 0"), ==, 1);
  reason = pl_test_query_text (fixture->workspace, "SELECT rescore_reason FROM observations WHERE excluded = 0");
  g_assert_cmpstr (reason, ==, "Second look");
  rescore_reason = pl_test_query_text (fixture->workspace,
                                       "SELECT group_concat (round (score, 3), ' ') FROM"
                                       " (SELECT score FROM observations ORDER BY id)");
  g_assert_cmpstr (rescore_reason, ==, "75.0 78.125 75.0");
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  static const struct { gint64 colleague; const char *day; } rows[] = {
    { 1, "2026-09-03" }, { 2, "2026-09-05" }, { 1, "2026-09-04" }, { 1, "2026-09-04" },
  };
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) amira = NULL;
  g_autoptr(GListModel) latest = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[G_N_ELEMENTS (rows)];

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(PlObservation) observation = make_case_a (fixture);

      pl_observation_set_colleague (observation, rows[i].colleague, NULL);
      pl_observation_set_observed_on (observation, rows[i].day);
      g_assert_true (pl_observation_save (fixture->workspace, observation, 0, &ids[i], &error));
      g_assert_no_error (error);
    }
  pl_test_exec (fixture->workspace, "UPDATE observations SET trashed_at = '2026-10-01T00:00:00Z' WHERE id = 1");

  /* Newest day first, then the later id; the trashed one is left out. */
  all = pl_observation_list (fixture->workspace, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);
  {
    g_autoptr(PlObservation) first = g_list_model_get_item (all, 0);
    g_autoptr(PlObservation) second = g_list_model_get_item (all, 1);
    g_autoptr(PlObservation) third = g_list_model_get_item (all, 2);

    g_assert_cmpint (pl_observation_get_id (first), ==, ids[1]);
    g_assert_cmpstr (pl_observation_get_colleague_name (first), ==, "Ben Carter");
    g_assert_cmpint (pl_observation_get_id (second), ==, ids[3]);
    g_assert_cmpint (pl_observation_get_id (third), ==, ids[2]);
    g_assert_cmpfloat_with_epsilon (pl_observation_get_score (third), 75.0, 1e-9);
    g_assert_cmpuint (pl_observation_get_n_values (third), ==, 0);
    g_assert_null (pl_observation_get_scorecard (third));
    g_assert_cmpstr (pl_observation_get_scorecard_name (third), ==, "Test card");
  }

  amira = pl_observation_list (fixture->workspace, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (amira), ==, 2);

  latest = pl_observation_list (fixture->workspace, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (latest), ==, 1);
}

static void
test_mode_strings (void)
{
  PlObservationMode mode = PL_OBSERVATION_MODE_STANDARD;

  g_assert_cmpstr (pl_observation_mode_to_string (PL_OBSERVATION_MODE_FACE_TO_FACE), ==, "face_to_face");
  g_assert_true (pl_observation_mode_from_string ("face_to_face", &mode));
  g_assert_cmpint (mode, ==, PL_OBSERVATION_MODE_FACE_TO_FACE);
  g_assert_false (pl_observation_mode_from_string ("calibration", &mode));
  g_assert_false (pl_observation_mode_from_string (NULL, &mode));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/core/observation/save", test_save);
  ADD ("/core/observation/update", test_update);
  ADD ("/core/observation/face-to-face", test_face_to_face);
  ADD ("/core/observation/critical", test_critical);
  ADD ("/core/observation/so-far", test_so_far);
  ADD ("/core/observation/invalid", test_invalid);
  ADD ("/core/observation/rescore", test_rescore);
  ADD ("/core/observation/list", test_list);
  g_test_add_func ("/core/observation/mode-strings", test_mode_strings);

  return g_test_run ();
}
