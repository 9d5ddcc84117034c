/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/pl-calibration.h"
#include "core/pl-error.h"
#include "core/pl-workspace.h"
#include "pl-test-db.h"

#define assert_near(a, b, tolerance) g_assert_cmpfloat_with_epsilon ((a), (b), (tolerance))

/* A scorecard the numbers below are worked out by hand on; no pass mark.
 *   Opening (weight 1):   1 Greeted (yes/no, w 1)
 *                         2 Identity checked (pass/fail, w 1, critical for the form)
 *   Resolution (weight 1): 3 Understood the need (yes/partly/no, w 2, N/A allowed)
 *                         4 Quality of resolution (1–5, w 1)
 *                         5 Next steps explained (yes/no, w 1, N/A allowed) */
static const char fixture_sql[] =
  "INSERT INTO channels (id, code, name, kind) VALUES (1, 'tel', 'Telephone', 'telephone');"
  "INSERT INTO colleagues (id, code, display_name) VALUES (1, 'C001', 'Dana');"
  "INSERT INTO interactions (id, reference, channel_id, colleague_id, occurred_at)"
  " VALUES (7, 'CALL-0007', 1, 1, '2026-04-01T09:00:00Z');"
  "INSERT INTO scorecards (id, name, version, frozen, created_at)"
  " VALUES (1, 'Call quality', 1, 0, '2026-01-01T00:00:00Z');"
  "INSERT INTO scorecard_sections (id, scorecard_id, position, name, weight) VALUES"
  " (1, 1, 0, 'Opening', 1), (2, 1, 1, 'Resolution', 1);"
  "INSERT INTO criteria (id, section_id, position, text, scale, weight, allow_na, critical) VALUES"
  " (11, 1, 0, 'Greeted the customer', 'yesno', 1, 0, 'none'),"
  " (12, 1, 1, 'Identity checked', 'passfail', 1, 0, 'form'),"
  " (13, 2, 0, 'Understood the need', 'ypn', 2, 1, 'none'),"
  " (14, 2, 1, 'Quality of resolution', 'scale5', 1, 0, 'none'),"
  " (15, 2, 2, 'Next steps explained', 'yesno', 1, 1, 'none');";

#define N_CRITERIA 5

/* Hand-computed scores (the scoring rule in pl-scorecard.h):
 * ANN  1, 1, yes, 4, yes: Opening 100%; Resolution (2 × 1 + 0.75 + 1) / 4
 *      = 0.9375; form 100 × (1 + 0.9375) / 2 = 96.875.
 * BEN  1, 1, partly, 4, N/A: Opening 100%; Resolution (2 × 0.5 + 0.75) / 3
 *      = 0.58333; form 79.1667.
 * CLEO 1, fail, yes, 4, yes: identity failed, a form-level critical item: 0. */
static const double ann[N_CRITERIA] = { 1, 1, 1, 4, 1 };
static const double ben[N_CRITERIA] = { 1, 1, 0.5, 4, NAN };
static const double cleo[N_CRITERIA] = { 1, 0, 1, 4, 1 };

typedef struct
{
  char *dir;
  char *path;
  PlWorkspace *ws;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("plumbline-calibration-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.plumbline", NULL);
  fixture->ws = pl_workspace_create (fixture->path, "Test", &error);
  g_assert_no_error (error);
  pl_test_exec (fixture->ws, fixture_sql);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

  pl_workspace_close (fixture->ws);
  g_clear_object (&fixture->ws);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gint64
make_session (PlWorkspace        *ws,
              const char         *title,
              const char         *held_on,
              const char * const *evaluators)
{
  PlCalibrationSpec spec = {
    .title = title,
    .held_on = held_on,
    .scorecard_id = 1,
    .reference = "CALL-0007",
    .evaluators = evaluators,
  };
  g_autoptr(GError) error = NULL;
  gint64 id = pl_calibration_create (ws, &spec, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
submit (PlWorkspace  *ws,
        gint64        id,
        const char   *evaluator,
        const double *values)
{
  g_autoptr(GError) error = NULL;

  pl_calibration_submit (ws, id, evaluator, values, N_CRITERIA, NULL, &error);
  g_assert_no_error (error);
}

static void
test_create (Fixture       *fixture,
             gconstpointer  user_data)
{
  const char * const names[] = { " Ben ", "Ann", "", NULL };
  g_autoptr(PlCalibrationSession) session = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = make_session (fixture->ws, "April calibration", "2026-04-02", names);

  session = pl_calibration_load (fixture->ws, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_calibration_session_get_title (session), ==, "April calibration");
  g_assert_cmpstr (pl_calibration_session_get_held_on (session), ==, "2026-04-02");
  g_assert_cmpstr (pl_calibration_session_get_scorecard_name (session), ==, "Call quality");
  g_assert_cmpint (pl_calibration_session_get_state (session), ==, PL_CALIBRATION_SCORING);
  /* The reference found the interaction, and with it the colleague and channel. */
  g_assert_cmpint (pl_calibration_session_get_interaction_id (session), ==, 7);
  g_assert_cmpint (pl_calibration_session_get_colleague_id (session), ==, 1);
  g_assert_cmpstr (pl_calibration_session_get_colleague_name (session), ==, "Dana");
  g_assert_cmpint (pl_calibration_session_get_channel_id (session), ==, 1);
  g_assert_cmpuint (pl_calibration_session_get_n_evaluators (session), ==, 2);
  g_assert_cmpstr (pl_calibration_session_get_evaluators (session)[0], ==, "Ann");
  g_assert_cmpstr (pl_calibration_session_get_evaluators (session)[1], ==, "Ben");
  g_assert_cmpuint (pl_calibration_session_get_n_submitted (session), ==, 0);
  g_assert_true (isnan (pl_calibration_session_get_consensus_score (session)));

  list = pl_calibration_list (fixture->ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);

  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count (*) FROM audit_log"
                                      " WHERE entity = 'calibration_session'"), ==, 1);

  /* Without a reference: no colleague and no reference, not empty text. */
  {
    const char * const two[] = { "Ann", "Ben", NULL };
    PlCalibrationSpec spec = { .title = "Bare", .held_on = "2026-04-03", .scorecard_id = 1, .evaluators = two };
    g_autoptr(PlCalibrationSession) bare = NULL;
    gint64 bare_id = pl_calibration_create (fixture->ws, &spec, &error);

    g_assert_no_error (error);
    bare = pl_calibration_load (fixture->ws, bare_id, &error);
    g_assert_no_error (error);
    g_assert_null (pl_calibration_session_get_reference (bare));
    g_assert_null (pl_calibration_session_get_colleague_name (bare));
  }
}

/* A session in the trash takes no scores until it is restored. */
static void
test_trashed (Fixture       *fixture,
              gconstpointer  user_data)
{
  const char * const names[] = { "Ann", "Ben", NULL };
  const double *values = ann;
  g_autoptr(GError) error = NULL;
  gint64 id = make_session (fixture->ws, "Trashed", "2026-04-02", names);

  g_assert_true (pl_calibration_trash (fixture->ws, id, &error));
  g_assert_false (pl_calibration_submit (fixture->ws, id, "Ann", values, N_CRITERIA, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "in the trash"));
  g_clear_error (&error);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT count (*) FROM calibration_scores"), ==, 0);

  g_assert_true (pl_calibration_restore (fixture->ws, id, &error));
  g_assert_no_error (error);
  g_assert_true (pl_calibration_submit (fixture->ws, id, "Ann", values, N_CRITERIA, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT count (*) FROM calibration_scores"), ==, N_CRITERIA);
}

static void
test_create_errors (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const char * const two[] = { "Ann", "Ben", NULL };
  const char * const one[] = { "Ann", " ", NULL };
  const char * const twice[] = { "Ann", "ann ", NULL };
  struct {
    const char *title;
    const char *held_on;
    gint64 scorecard_id;
    const char * const *evaluators;
    gint64 interaction_id;
    const char *message;
  } cases[] = {
    { "  ", "2026-04-02", 1, two, 0, "title" },
    { "Session", "2026-02-30", 1, two, 0, "real day" },
    { "Session", "2026-04-02", 99, two, 0, "scorecard" },
    { "Session", "2026-04-02", 1, one, 0, "at least two evaluators" },
    { "Session", "2026-04-02", 1, twice, 0, "named twice" },
    { "Session", "2026-04-02", 1, two, 99, "no longer" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PlCalibrationSpec spec = {
        .title = cases[i].title,
        .held_on = cases[i].held_on,
        .scorecard_id = cases[i].scorecard_id,
        .interaction_id = cases[i].interaction_id,
        .evaluators = cases[i].evaluators,
      };
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (pl_calibration_create (fixture->ws, &spec, &error), ==, 0);
      g_assert_nonnull (error);
      g_assert_true (error->domain == PL_ERROR);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }

  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count (*) FROM calibration_sessions"), ==, 0);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count (*) FROM calibration_evaluators"), ==, 0);
}

/* Scores stay blind until revealed, and the scorecard freezes on first use. */
static void
test_blind (Fixture       *fixture,
            gconstpointer  user_data)
{
  const char * const names[] = { "Ann", "Ben", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree double *values = NULL;
  guint n = 99;
  gint64 id;

  id = make_session (fixture->ws, "Blind", "2026-04-02", names);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT frozen FROM scorecards"), ==, 0);

  submit (fixture->ws, id, "Ann", ann);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT frozen FROM scorecards"), ==, 1);
  assert_near (pl_test_query_int (fixture->ws,
                                  "SELECT round (score * 1000) FROM calibration_evaluators"
                                  " WHERE evaluator = 'Ann'") / 1000.0, 96.875, 1e-9);

  /* Ann sees her own values. */
  values = pl_calibration_get_values (fixture->ws, id, "Ann", "Ann", &n, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, N_CRITERIA);
  for (guint i = 0; i < N_CRITERIA; i++)
    g_assert_cmpfloat (values[i], ==, ann[i]);
  g_clear_pointer (&values, g_free);

  /* Ben, or anybody else, does not. */
  values = pl_calibration_get_values (fixture->ws, id, "Ben", "Ann", &n, NULL, &error);
  g_assert_null (values);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "hidden"));
  g_assert_cmpuint (n, ==, 0);
  g_clear_error (&error);

  values = pl_calibration_get_values (fixture->ws, id, NULL, "Ann", &n, NULL, &error);
  g_assert_null (values);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  /* Nor is the comparison available. */
  g_assert_null (pl_calibration_compare (fixture->ws, id, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  /* Ben has nothing to see yet. */
  values = pl_calibration_get_values (fixture->ws, id, "Ben", "Ben", &n, NULL, &error);
  g_assert_null (values);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  submit (fixture->ws, id, "Ben", ben);
  pl_calibration_reveal (fixture->ws, id, FALSE, &error);
  g_assert_no_error (error);

  /* Revealed: anyone may read them. */
  values = pl_calibration_get_values (fixture->ws, id, NULL, "Ben", &n, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (values[2], ==, 0.5);
  g_assert_true (isnan (values[4]));

  /* And nobody may change them. */
  g_assert_false (pl_calibration_submit (fixture->ws, id, "Ann", ben, N_CRITERIA, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "revealed"));
  g_clear_error (&error);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT value FROM calibration_scores"
                                      " WHERE evaluator = 'Ann' AND criterion_id = 13"), ==, 1);
}

static void
test_submit_errors (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const char * const names[] = { "Ann", "Ben", NULL };
  const double not_yes_no[N_CRITERIA] = { 0.5, 1, 1, 4, 1 };
  const double na_not_allowed[N_CRITERIA] = { 1, NAN, 1, 4, 1 };
  const double out_of_scale[N_CRITERIA] = { 1, 1, 1, 6, 1 };
  const double *bad[] = { not_yes_no, na_not_allowed, out_of_scale };
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = make_session (fixture->ws, "Errors", "2026-04-02", names);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (pl_calibration_submit (fixture->ws, id, "Ann", bad[i], N_CRITERIA,
                                             NULL, &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
      g_clear_error (&error);
    }

  g_assert_false (pl_calibration_submit (fixture->ws, id, "Ann", ann, 4, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (pl_calibration_submit (fixture->ws, id, "Zoe", ann, N_CRITERIA, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not an evaluator"));
  g_clear_error (&error);

  /* Nothing was written, and the scorecard is still open for editing. */
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count (*) FROM calibration_scores"), ==, 0);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count (*) FROM calibration_evaluators"
                                      " WHERE submitted_at IS NOT NULL OR score IS NOT NULL"), ==, 0);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT frozen FROM scorecards"), ==, 0);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count (*) FROM audit_log WHERE action = 'submit'"),
                   ==, 0);

  /* Submitting again replaces the earlier scores. */
  submit (fixture->ws, id, "Ann", ben);
  submit (fixture->ws, id, "Ann", ann);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count (*) FROM calibration_scores"), ==, N_CRITERIA);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count (*) FROM calibration_scores"
                                      " WHERE value IS NULL"), ==, 0);
}

static void
test_reveal_rules (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char * const names[] = { "Ann", "Ben", "Cleo", NULL };
  g_autoptr(PlCalibrationComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = make_session (fixture->ws, "Three", "2026-04-02", names);

  /* One submission is never enough, not even "with those who submitted". */
  submit (fixture->ws, id, "Ann", ann);
  g_assert_false (pl_calibration_reveal (fixture->ws, id, TRUE, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "At least two"));
  g_clear_error (&error);

  /* Two of three: only when asked to reveal with those who submitted. */
  submit (fixture->ws, id, "Ben", ben);
  g_assert_false (pl_calibration_reveal (fixture->ws, id, FALSE, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Cleo has not submitted"));
  g_clear_error (&error);
  g_assert_cmpstr (pl_test_query_text (fixture->ws, "SELECT state FROM calibration_sessions"),
                   ==, "scoring");

  /* Agreeing is refused before the reveal. */
  g_assert_false (pl_calibration_agree (fixture->ws, id, ann, N_CRITERIA, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  pl_calibration_reveal (fixture->ws, id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_test_query_text (fixture->ws, "SELECT state FROM calibration_sessions"),
                   ==, "revealed");

  /* Cleo takes no part: two evaluators, Cohen's kappa. */
  comparison = pl_calibration_compare (fixture->ws, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comparison->evaluators->len, ==, 2);
  g_assert_cmpint (comparison->kappa->method, ==, PL_AGREEMENT_COHEN);

  /* Cleo cannot submit late, and it cannot be revealed twice. */
  g_assert_false (pl_calibration_submit (fixture->ws, id, "Cleo", cleo, N_CRITERIA, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_calibration_reveal (fixture->ws, id, TRUE, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
}

/* Two evaluators, the criteria as items, the values as categories:
 *   Ann  1 1 1   4 1
 *   Ben  1 1 0.5 4 N/A
 * agree on criteria 1, 2, 4: po = 3/5 = 0.6 (60% of criteria).
 * Ann's categories: "1" 4/5, "4" 1/5; Ben's: "1" 2/5, "0.5", "4", "N/A" 1/5
 * each. pe = 4/5 × 2/5 + 1/5 × 1/5 = 9/25 = 0.36.
 * κ = (0.6 − 0.36) / (1 − 0.36) = 0.375: fair. */
static void
test_compare_cohen (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const char * const names[] = { "Ann", "Ben", NULL };
  const double consensus[N_CRITERIA] = { 1, 1, 1, 4, NAN };
  const double bad[N_CRITERIA] = { 1, 1, 1, 4, 0.5 };
  g_autoptr(PlCalibrationComparison) comparison = NULL;
  g_autoptr(PlCalibrationComparison) agreed = NULL;
  g_autoptr(PlCalibrationSession) session = NULL;
  g_autoptr(GError) error = NULL;
  PlCalibrationRow *row;
  gint64 id;

  id = make_session (fixture->ws, "Pair", "2026-04-02", names);
  submit (fixture->ws, id, "Ann", ann);
  submit (fixture->ws, id, "Ben", ben);
  pl_calibration_reveal (fixture->ws, id, FALSE, &error);
  g_assert_no_error (error);

  comparison = pl_calibration_compare (fixture->ws, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comparison->rows->len, ==, N_CRITERIA);
  g_assert_cmpstr (g_ptr_array_index (comparison->evaluators, 0), ==, "Ann");
  assert_near (comparison->scores[0], 96.875, 1e-9);
  assert_near (comparison->scores[1], 79.0 + 1.0 / 6, 1e-9);
  g_assert_false (comparison->critical_failed[0]);

  row = g_ptr_array_index (comparison->rows, 2);
  g_assert_cmpstr (row->text, ==, "Understood the need");
  g_assert_cmpstr (row->section, ==, "Resolution");
  g_assert_cmpfloat (row->values[0], ==, 1);
  g_assert_cmpfloat (row->values[1], ==, 0.5);
  g_assert_false (row->agree);
  g_assert_false (row->has_consensus);
  g_assert_true (((PlCalibrationRow *) g_ptr_array_index (comparison->rows, 3))->agree);
  g_assert_false (((PlCalibrationRow *) g_ptr_array_index (comparison->rows, 4))->agree);

  g_assert_cmpuint (comparison->n_agree, ==, 3);
  assert_near (comparison->percent_agree, 60.0, 1e-9);
  g_assert_cmpint (comparison->kappa->method, ==, PL_AGREEMENT_COHEN);
  g_assert_cmpuint (comparison->kappa->n_items, ==, N_CRITERIA);
  assert_near (comparison->kappa->agreement, 0.6, 1e-12);
  assert_near (comparison->kappa->expected, 0.36, 1e-12);
  assert_near (comparison->kappa->kappa, 0.375, 1e-12);
  g_assert_true (isnan (comparison->consensus_score));

  /* A consensus value the criterion does not allow: nothing is written. */
  g_assert_false (pl_calibration_agree (fixture->ws, id, bad, N_CRITERIA, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count (*) FROM calibration_consensus"), ==, 0);
  g_assert_cmpstr (pl_test_query_text (fixture->ws, "SELECT state FROM calibration_sessions"),
                   ==, "revealed");

  /* Consensus 1, 1, yes, 4, N/A: Resolution (2 + 0.75) / 3 = 0.91667,
   * form 100 × (1 + 0.91667) / 2 = 95.8333. */
  pl_calibration_agree (fixture->ws, id, consensus, N_CRITERIA, &error);
  g_assert_no_error (error);

  session = pl_calibration_load (fixture->ws, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_calibration_session_get_state (session), ==, PL_CALIBRATION_AGREED);
  assert_near (pl_calibration_session_get_consensus_score (session), 95.0 + 5.0 / 6, 1e-9);

  agreed = pl_calibration_compare (fixture->ws, id, &error);
  g_assert_no_error (error);
  row = g_ptr_array_index (agreed->rows, 4);
  g_assert_true (row->has_consensus);
  g_assert_true (isnan (row->consensus));
  row = g_ptr_array_index (agreed->rows, 2);
  g_assert_cmpfloat (row->consensus, ==, 1);
  assert_near (agreed->consensus_score, 95.0 + 5.0 / 6, 1e-9);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count (*) FROM calibration_consensus"), ==, N_CRITERIA);
}

/* Three evaluators: Fleiss' kappa. Counts per criterion over the
 * categories 0, 0.5, 1, 4, N/A:
 *   1: "1" ×3          Pi = (9 − 3) / 6 = 1
 *   2: "1" ×2, "0" ×1  Pi = (4 + 1 − 3) / 6 = 1/3
 *   3: "1" ×2, "0.5"   Pi = 1/3
 *   4: "4" ×3          Pi = 1
 *   5: "1" ×2, "N/A"   Pi = 1/3
 * P̄ = 3/5 = 0.6; p("1") = 9/15, p("4") = 3/15, the rest 1/15 each:
 * P̄e = 0.36 + 0.04 + 3/225 = 0.41333; κ = 0.18667 / 0.58667 = 7/22.
 * Criteria 1 and 4 unanimous: 40%. Cleo failed identity (form-level
 * critical): her score is 0. */
static void
test_compare_fleiss (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const char * const names[] = { "Ann", "Ben", "Cleo", NULL };
  g_autoptr(PlCalibrationComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = make_session (fixture->ws, "Three", "2026-04-02", names);
  submit (fixture->ws, id, "Cleo", cleo);
  submit (fixture->ws, id, "Ann", ann);
  submit (fixture->ws, id, "Ben", ben);
  pl_calibration_reveal (fixture->ws, id, FALSE, &error);
  g_assert_no_error (error);

  comparison = pl_calibration_compare (fixture->ws, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comparison->evaluators->len, ==, 3);
  g_assert_cmpint (comparison->kappa->method, ==, PL_AGREEMENT_FLEISS);
  assert_near (comparison->kappa->agreement, 0.6, 1e-12);
  assert_near (comparison->kappa->expected, 0.4 + 3.0 / 225, 1e-12);
  assert_near (comparison->kappa->kappa, 7.0 / 22, 1e-12);
  assert_near (comparison->percent_agree, 40.0, 1e-9);
  assert_near (comparison->scores[2], 0.0, 1e-12);
  g_assert_true (comparison->critical_failed[2]);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT critical_failed FROM calibration_evaluators"
                                      " WHERE evaluator = 'Cleo'"), ==, 1);
}

static void
agree_session (PlWorkspace  *ws,
               const char   *held_on,
               const double *ann_values,
               const double *ben_values,
               const double *consensus)
{
  const char * const names[] = { "Ann", "Ben", NULL };
  g_autoptr(GError) error = NULL;
  gint64 id = make_session (ws, held_on, held_on, names);

  submit (ws, id, "Ann", ann_values);
  submit (ws, id, "Ben", ben_values);
  pl_calibration_reveal (ws, id, FALSE, &error);
  g_assert_no_error (error);
  pl_calibration_agree (ws, id, consensus, N_CRITERIA, &error);
  g_assert_no_error (error);
}

/* Three agreed sessions, made out of date order:
 *   05-01  Ann 96.875, Ben 79.1667, consensus 95.8333 (1 1 1 4 N/A)
 *          Ann +1.0417, 4/5 match (she said yes to 5); Ben −16.6667, 4/5
 *   04-01  Ann 1 1 1 5 1 = 100, Ben 0 1 1 5 1 = 75, consensus = Ann's = 100
 *          Ann 0, 5/5; Ben −25, 4/5
 *   06-01  Ann 1 1 no 3 no = (0 + 0.5 + 0) / 4 → 56.25,
 *          Ben 1 1 yes 3 no = (2 + 0.5) / 4 → 81.25 = consensus
 *          Ann −25, 4/5; Ben 0, 5/5
 * Ann: mean (0 + 1.0417 − 25) / 3 = −7.9861, 13/15 matching.
 * Ben: mean (−25 − 16.6667 + 0) / 3 = −13.8889, 13/15 matching. */
static void
test_drift (Fixture       *fixture,
            gconstpointer  user_data)
{
  const double may_consensus[N_CRITERIA] = { 1, 1, 1, 4, NAN };
  const double april_ann[N_CRITERIA] = { 1, 1, 1, 5, 1 };
  const double april_ben[N_CRITERIA] = { 0, 1, 1, 5, 1 };
  const double june_ann[N_CRITERIA] = { 1, 1, 0, 3, 0 };
  const double june_ben[N_CRITERIA] = { 1, 1, 1, 3, 0 };
  const char * const names[] = { "Ann", "Ben", NULL };
  g_autoptr(GPtrArray) drift = NULL;
  g_autoptr(GError) error = NULL;
  PlCalibrationDrift *a, *b;
  PlDriftPoint *point;

  agree_session (fixture->ws, "2026-05-01", ann, ben, may_consensus);
  agree_session (fixture->ws, "2026-04-01", april_ann, april_ben, april_ann);
  agree_session (fixture->ws, "2026-06-01", june_ann, june_ben, june_ben);
  /* A session still being scored takes no part. */
  submit (fixture->ws, make_session (fixture->ws, "Open", "2026-07-01", names), "Ann", ann);

  drift = pl_calibration_drift (fixture->ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drift->len, ==, 2);

  a = g_ptr_array_index (drift, 0);
  g_assert_cmpstr (a->evaluator, ==, "Ann");
  g_assert_cmpuint (a->n_sessions, ==, 3);
  assert_near (a->mean_difference, (0 + (96.875 - (95.0 + 5.0 / 6)) - 25) / 3, 1e-9);
  assert_near (a->match, 13.0 / 15, 1e-12);
  point = &g_array_index (a->points, PlDriftPoint, 0);
  g_assert_cmpstr (point->held_on, ==, "2026-04-01");
  assert_near (point->difference, 0, 1e-9);
  assert_near (point->match, 1.0, 1e-12);
  point = &g_array_index (a->points, PlDriftPoint, 1);
  g_assert_cmpstr (point->held_on, ==, "2026-05-01");
  assert_near (point->difference, 96.875 - (95.0 + 5.0 / 6), 1e-9);
  assert_near (point->match, 0.8, 1e-12);
  point = &g_array_index (a->points, PlDriftPoint, 2);
  g_assert_cmpstr (point->held_on, ==, "2026-06-01");
  assert_near (point->difference, -25, 1e-9);

  b = g_ptr_array_index (drift, 1);
  g_assert_cmpstr (b->evaluator, ==, "Ben");
  assert_near (b->mean_difference, (-25 - 50.0 / 3 + 0) / 3, 1e-9);
  assert_near (b->match, 13.0 / 15, 1e-12);
  point = &g_array_index (b->points, PlDriftPoint, 1);
  assert_near (point->difference, -50.0 / 3, 1e-9);
  assert_near (point->match, 0.8, 1e-12);

  /* A trashed session leaves the history. */
  pl_calibration_trash (fixture->ws,
                        pl_test_query_int (fixture->ws,
                                           "SELECT id FROM calibration_sessions"
                                           " WHERE held_on = '2026-06-01'"),
                        &error);
  g_assert_no_error (error);
  g_clear_pointer (&drift, g_ptr_array_unref);
  drift = pl_calibration_drift (fixture->ws, &error);
  g_assert_no_error (error);
  a = g_ptr_array_index (drift, 0);
  g_assert_cmpuint (a->n_sessions, ==, 2);
  assert_near (a->match, 9.0 / 10, 1e-12);
}

/* All say yes to everything (and the same on the scale): 100% agreement,
 * kappa undefined, said so. */
static void
test_all_agree (Fixture       *fixture,
                gconstpointer  user_data)
{
  const char * const names[] = { "Ann", "Ben", NULL };
  const double all_yes[N_CRITERIA] = { 1, 1, 1, 1, 1 };
  g_autoptr(PlCalibrationComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = make_session (fixture->ws, "Unanimous", "2026-04-02", names);

  submit (fixture->ws, id, "Ann", all_yes);
  submit (fixture->ws, id, "Ben", all_yes);
  pl_calibration_reveal (fixture->ws, id, FALSE, &error);
  g_assert_no_error (error);
  comparison = pl_calibration_compare (fixture->ws, id, &error);
  g_assert_no_error (error);
  assert_near (comparison->percent_agree, 100, 1e-12);
  g_assert_false (comparison->kappa->defined);
  g_assert_true (isnan (comparison->kappa->kappa));
}

/* Notes travel with the scores: each evaluator sees their own while
 * scoring, and everyone sees all of them side by side after the reveal. */
static void
test_notes (Fixture       *fixture,
            gconstpointer  user_data)
{
  const char * const names[] = { "Ann", "Ben", NULL };
  const char * const ann_notes[N_CRITERIA] = { NULL, "", "  Named the fee twice ", NULL, "Warm close" };
  const char * const ben_notes[N_CRITERIA] = { NULL, NULL, "Only partly: no date given", NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCalibrationComparison) comparison = NULL;
  g_autofree double *values = NULL;
  g_auto(GStrv) notes = NULL;
  PlCalibrationRow *row;
  guint n = 0;
  gint64 id;

  id = make_session (fixture->ws, "Notes", "2026-04-02", names);
  g_assert_true (pl_calibration_submit (fixture->ws, id, "Ann", ann, N_CRITERIA, ann_notes, &error));
  g_assert_no_error (error);
  g_assert_true (pl_calibration_submit (fixture->ws, id, "Ben", ben, N_CRITERIA, ben_notes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT count (*) FROM calibration_scores"
                                                   " WHERE note IS NOT NULL"), ==, 3);

  /* Ann's own, trimmed, "" where there is none; Ben's stay hidden. */
  values = pl_calibration_get_values (fixture->ws, id, "Ann", "Ann", &n, &notes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (notes), ==, N_CRITERIA);
  g_assert_cmpstr (notes[0], ==, "");
  g_assert_cmpstr (notes[1], ==, "");
  g_assert_cmpstr (notes[2], ==, "Named the fee twice");
  g_assert_cmpstr (notes[4], ==, "Warm close");
  g_clear_pointer (&values, g_free);
  g_clear_pointer (&notes, g_strfreev);
  values = pl_calibration_get_values (fixture->ws, id, "Ann", "Ben", &n, &notes, &error);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_null (values);
  g_assert_null (notes);
  g_clear_error (&error);

  g_assert_true (pl_calibration_reveal (fixture->ws, id, FALSE, &error));
  g_assert_no_error (error);
  comparison = pl_calibration_compare (fixture->ws, id, &error);
  g_assert_no_error (error);
  row = g_ptr_array_index (comparison->rows, 2);
  g_assert_false (row->agree);
  g_assert_cmpuint (g_strv_length (row->notes), ==, 2);
  g_assert_cmpstr (row->notes[0], ==, "Named the fee twice");
  g_assert_cmpstr (row->notes[1], ==, "Only partly: no date given");
  row = g_ptr_array_index (comparison->rows, 0);
  g_assert_cmpstr (row->notes[0], ==, "");
  g_assert_cmpstr (row->notes[1], ==, "");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/calibration/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("create", test_create);
  ADD ("create-errors", test_create_errors);
  ADD ("trashed", test_trashed);
  ADD ("blind", test_blind);
  ADD ("submit-errors", test_submit_errors);
  ADD ("reveal-rules", test_reveal_rules);
  ADD ("compare-cohen", test_compare_cohen);
  ADD ("compare-fleiss", test_compare_fleiss);
  ADD ("drift", test_drift);
  ADD ("all-agree", test_all_agree);
  ADD ("notes", test_notes);

#undef ADD

  return g_test_run ();
}
