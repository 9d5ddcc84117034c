/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "pl-test-db.h"
#include "core/pl-demo.h"
#include "core/pl-error.h"
#include "core/pl-scorecard.h"
#include "core/pl-workspace.h"

/* One demo workspace (default seed), made once and closed so that copies
 * of the file are whole; tests that write work on their own copy. */
static char *tmp_dir;
static char *demo_path;

static PlWorkspace *
open_copy (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *file_name = g_strconcat (name, ".plumbline", NULL);
  g_autofree char *path = g_build_filename (tmp_dir, file_name, NULL);
  PlWorkspace *workspace;
  gsize length;

  g_assert_true (g_file_get_contents (demo_path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, length, &error));

  workspace = pl_workspace_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (workspace);

  return workspace;
}

static PlCriterion *
criterion (const char       *text,
           PlCriterionScale  scale,
           double            weight,
           gboolean          allow_na,
           PlCritical        critical)
{
  PlCriterion *c = pl_criterion_new ();

  g_free (c->text);
  c->text = g_strdup (text);
  c->scale = scale;
  c->weight = weight;
  c->allow_na = allow_na;
  c->critical = critical;

  return c;
}

/* The hand-worked card of the tests below:
 *   Section "Opening", weight 2
 *     0 Greeting            yes/no   weight 1
 *     1 Verified identity   yes/no   weight 1  critical: form
 *     2 Explained the bill  1–5      weight 2  N/A allowed
 *   Section "Resolution", weight 1
 *     3 Resolved            y/p/n    weight 2
 *     4 Accurate            pass/fail weight 1 critical: section */
static PlScorecard *
make_card (void)
{
  PlScorecard *card = pl_scorecard_new ("Hand-worked card");
  PlScorecardSection *opening = pl_scorecard_section_new ("Opening", 2);
  PlScorecardSection *resolution = pl_scorecard_section_new ("Resolution", 1);

  g_ptr_array_add (opening->criteria, criterion ("Greeting", PL_CRITERION_SCALE_YESNO, 1, FALSE, PL_CRITICAL_NONE));
  g_ptr_array_add (opening->criteria, criterion ("Verified identity", PL_CRITERION_SCALE_YESNO, 1, FALSE, PL_CRITICAL_FORM));
  g_ptr_array_add (opening->criteria, criterion ("Explained the bill", PL_CRITERION_SCALE_SCALE5, 2, TRUE, PL_CRITICAL_NONE));
  g_ptr_array_add (resolution->criteria, criterion ("Resolved", PL_CRITERION_SCALE_YPN, 2, FALSE, PL_CRITICAL_NONE));
  g_ptr_array_add (resolution->criteria, criterion ("Accurate", PL_CRITERION_SCALE_PASSFAIL, 1, FALSE, PL_CRITICAL_SECTION));
  g_ptr_array_add (pl_scorecard_get_sections (card), opening);
  g_ptr_array_add (pl_scorecard_get_sections (card), resolution);

  return card;
}

static PlScoreResult *
score (PlScorecard  *card,
       const double *values)
{
  g_autoptr(GError) error = NULL;
  PlScoreResult *result;

  result = pl_scorecard_score (card, values, pl_scorecard_get_n_criteria (card), &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  return result;
}

static void
test_points (void)
{
  g_assert_cmpfloat (pl_criterion_points (PL_CRITERION_SCALE_YESNO, 1), ==, 1.0);
  g_assert_cmpfloat (pl_criterion_points (PL_CRITERION_SCALE_YESNO, 0), ==, 0.0);
  g_assert_true (isnan (pl_criterion_points (PL_CRITERION_SCALE_YESNO, 0.5)));
  g_assert_cmpfloat (pl_criterion_points (PL_CRITERION_SCALE_YPN, 0.5), ==, 0.5);
  g_assert_true (isnan (pl_criterion_points (PL_CRITERION_SCALE_YPN, 0.25)));
  /* scale5: (value − 1) / 4, so 1 → 0, 2 → 0.25, 4 → 0.75, 5 → 1. */
  g_assert_cmpfloat (pl_criterion_points (PL_CRITERION_SCALE_SCALE5, 1), ==, 0.0);
  g_assert_cmpfloat (pl_criterion_points (PL_CRITERION_SCALE_SCALE5, 2), ==, 0.25);
  g_assert_cmpfloat (pl_criterion_points (PL_CRITERION_SCALE_SCALE5, 4), ==, 0.75);
  g_assert_cmpfloat (pl_criterion_points (PL_CRITERION_SCALE_SCALE5, 5), ==, 1.0);
  g_assert_true (isnan (pl_criterion_points (PL_CRITERION_SCALE_SCALE5, 0)));
  g_assert_true (isnan (pl_criterion_points (PL_CRITERION_SCALE_SCALE5, 3.5)));
  g_assert_true (isnan (pl_criterion_points (PL_CRITERION_SCALE_SCALE5, 6)));
  g_assert_cmpfloat (pl_criterion_points (PL_CRITERION_SCALE_PASSFAIL, 1), ==, 1.0);
  g_assert_true (isnan (pl_criterion_points (PL_CRITERION_SCALE_PASSFAIL, NAN)));
}

static void
test_strings (void)
{
  PlCriterionScale scale;
  PlCritical critical;

  g_assert_cmpstr (pl_criterion_scale_to_string (PL_CRITERION_SCALE_YPN), ==, "ypn");
  g_assert_true (pl_criterion_scale_from_string ("scale5", &scale));
  g_assert_cmpint (scale, ==, PL_CRITERION_SCALE_SCALE5);
  g_assert_false (pl_criterion_scale_from_string ("stars", &scale));
  g_assert_false (pl_criterion_scale_from_string (NULL, &scale));
  g_assert_cmpstr (pl_critical_to_string (PL_CRITICAL_SECTION), ==, "section");
  g_assert_true (pl_critical_from_string ("form", &critical));
  g_assert_cmpint (critical, ==, PL_CRITICAL_FORM);
  g_assert_false (pl_critical_from_string ("always", &critical));
}

static void
test_weights (void)
{
  g_autoptr(PlScorecard) card = make_card ();
  g_autoptr(PlScoreResult) result = NULL;
  g_autofree char *explain = NULL;
  /* Opening: (1×1 + 1×1 + 2×0.75) / (1 + 1 + 2) = 3.5 / 4 = 87.5%
   * Resolution: (2×0.5 + 1×1) / (2 + 1) = 2 / 3 = 66.67%
   * Form: 100 × (2 × 0.875 + 1 × 2/3) / (2 + 1) = 100 × (29/12) / 3
   *     = 2900 / 36 = 80.555… */
  const double values[] = { 1, 1, 4, 0.5, 1 };

  result = score (card, values);
  g_assert_cmpfloat_with_epsilon (result->score, 2900.0 / 36.0, 1e-12);
  g_assert_false (result->critical_failed);
  g_assert_false (result->passed);           /* no pass mark */
  g_assert_cmpuint (result->n_answered, ==, 5);
  g_assert_cmpuint (result->n_na, ==, 0);
  g_assert_cmpuint (result->sections->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (result->sections, PlSectionScore, 0).percent, 87.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (g_array_index (result->sections, PlSectionScore, 1).percent, 200.0 / 3.0, 1e-12);
  g_assert_cmpfloat (g_array_index (result->criteria, PlCriterionScore, 2).points, ==, 0.75);
  g_assert_cmpfloat (g_array_index (result->criteria, PlCriterionScore, 3).points, ==, 0.5);

  explain = pl_score_result_explain (card, result);
  g_assert_nonnull (strstr (explain, "Greeting (weight 1): yes, 1 of 1 point\n"));
  g_assert_nonnull (strstr (explain, "Explained the bill (weight 2): 4 of 5, 1.5 of 2 points\n"));
  g_assert_nonnull (strstr (explain, "Resolved (weight 2): partly, 1 of 2 points\n"));
  g_assert_nonnull (strstr (explain, "Section Opening: 87.5% × weight 2\n"));
  g_assert_nonnull (strstr (explain, "Section Resolution: 66.7% × weight 1\n"));
  g_assert_nonnull (strstr (explain, "Score: 80.6 out of 100"));
  g_assert_null (strstr (explain, "Critical"));
}

static void
test_na (void)
{
  g_autoptr(PlScorecard) card = make_card ();
  g_autoptr(PlScoreResult) result = NULL;
  g_autofree char *explain = NULL;
  /* Explained the bill N/A leaves numerator and denominator:
   * Opening (1 + 1) / (1 + 1) = 100%; Resolution 2/3 as before;
   * Form 100 × (2 × 1 + 2/3) / 3 = 800 / 9 = 88.88… (counting the N/A as
   * 0 would give 100 × (2 × 0.5 + 2/3) / 3 = 55.6). */
  const double values[] = { 1, 1, NAN, 0.5, 1 };

  result = score (card, values);
  g_assert_cmpfloat_with_epsilon (result->score, 800.0 / 9.0, 1e-12);
  g_assert_cmpuint (result->n_answered, ==, 4);
  g_assert_cmpuint (result->n_na, ==, 1);
  g_assert_true (g_array_index (result->criteria, PlCriterionScore, 2).na);
  g_assert_true (isnan (g_array_index (result->criteria, PlCriterionScore, 2).points));

  explain = pl_score_result_explain (card, result);
  g_assert_nonnull (strstr (explain, "Explained the bill (weight 2): N/A: left out\n"));
  g_assert_nonnull (strstr (explain, "Section Opening: 100.0% × weight 2\n"));
}

static void
test_ypn_scale5 (void)
{
  g_autoptr(PlScorecard) card = make_card ();
  g_autoptr(PlScoreResult) result = NULL;
  /* Explained 2 (0.25 points), resolved no (0):
   * Opening (1 + 1 + 2 × 0.25) / 4 = 2.5 / 4 = 62.5%
   * Resolution (2 × 0 + 1 × 1) / 3 = 1/3
   * Form 100 × (2 × 0.625 + 1/3) / 3 = 100 × (19/12) / 3 = 1900 / 36 = 52.77… */
  const double values[] = { 1, 1, 2, 0, 1 };

  result = score (card, values);
  g_assert_cmpfloat_with_epsilon (result->score, 1900.0 / 36.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (g_array_index (result->sections, PlSectionScore, 0).percent, 62.5, 1e-12);
}

static void
test_section_critical (void)
{
  g_autoptr(PlScorecard) card = make_card ();
  g_autoptr(PlScoreResult) result = NULL;
  g_autofree char *explain = NULL;
  /* Accurate fails (section critical): Resolution counts at 0% but keeps
   * its weight. Form 100 × (2 × 0.875 + 1 × 0) / 3 = 175 / 3 = 58.33…
   * The section's own percentage before the critical item stays
   * (2 × 0.5 + 0) / 3 = 33.3%. */
  const double values[] = { 1, 1, 4, 0.5, 0 };

  result = score (card, values);
  g_assert_cmpfloat_with_epsilon (result->score, 175.0 / 3.0, 1e-12);
  g_assert_false (result->critical_failed);
  g_assert_true (g_array_index (result->sections, PlSectionScore, 1).zeroed);
  g_assert_false (g_array_index (result->sections, PlSectionScore, 0).zeroed);
  g_assert_cmpfloat_with_epsilon (g_array_index (result->sections, PlSectionScore, 1).percent, 100.0 / 3.0, 1e-12);
  g_assert_true (g_array_index (result->criteria, PlCriterionScore, 4).failed_critical);

  explain = pl_score_result_explain (card, result);
  g_assert_nonnull (strstr (explain, "Critical item “Accurate” failed: section Resolution scores 0%."));
}

/* A critical item that weighs nothing still fails its section: with the
 * rest of the section N/A, the section counts at 0% with its weight.
 * Opening: 2 of 2 → 100% × 2; Gate section: 0% × 1. 100 × 2 / 3 = 66.7. */
static void
test_section_critical_weightless (void)
{
  g_autoptr(PlScorecard) card = pl_scorecard_new ("Gate card");
  PlScorecardSection *opening = pl_scorecard_section_new ("Opening", 2);
  PlScorecardSection *gate = pl_scorecard_section_new ("Gate", 1);
  g_autoptr(PlScoreResult) result = NULL;
  const double values[] = { 1, NAN, 0 };

  g_ptr_array_add (opening->criteria, criterion ("Greeting", PL_CRITERION_SCALE_YESNO, 1, FALSE, PL_CRITICAL_NONE));
  g_ptr_array_add (gate->criteria, criterion ("Other", PL_CRITERION_SCALE_YESNO, 1, TRUE, PL_CRITICAL_NONE));
  g_ptr_array_add (gate->criteria, criterion ("Consent", PL_CRITERION_SCALE_YESNO, 0, FALSE, PL_CRITICAL_SECTION));
  g_ptr_array_add (pl_scorecard_get_sections (card), opening);
  g_ptr_array_add (pl_scorecard_get_sections (card), gate);

  result = score (card, values);
  g_assert_cmpfloat_with_epsilon (result->score, 200.0 / 3.0, 1e-12);
  g_assert_true (g_array_index (result->sections, PlSectionScore, 1).counted);
  g_assert_true (g_array_index (result->sections, PlSectionScore, 1).zeroed);
}

static void
test_form_critical (void)
{
  g_autoptr(PlScorecard) card = make_card ();
  g_autoptr(PlScoreResult) result = NULL;
  g_autofree char *explain = NULL;
  /* Verified identity no: the whole form scores 0 whatever else. */
  const double values[] = { 1, 0, 5, 1, 1 };

  pl_scorecard_set_pass_mark (card, 0);
  result = score (card, values);
  g_assert_cmpfloat (result->score, ==, 0.0);
  g_assert_true (result->critical_failed);
  /* 0 >= pass mark 0, but a form-level critical item failed. */
  g_assert_false (result->passed);
  g_assert_true (g_array_index (result->criteria, PlCriterionScore, 1).failed_critical);

  explain = pl_score_result_explain (card, result);
  g_assert_nonnull (strstr (explain, "Critical item “Verified identity” failed: the whole form scores 0."));
  g_assert_nonnull (strstr (explain, "Score: 0.0 out of 100"));
}

static void
test_pass_mark (void)
{
  g_autoptr(PlScorecard) card = make_card ();
  g_autoptr(PlScoreResult) result = NULL;
  g_autofree char *explain = NULL;
  const double values[] = { 1, 1, 4, 0.5, 1 };   /* 80.555…, as in test_weights */

  pl_scorecard_set_pass_mark (card, 80);
  result = score (card, values);
  g_assert_true (result->passed);
  explain = pl_score_result_explain (card, result);
  g_assert_nonnull (strstr (explain, "passes (pass mark 80)"));
  g_clear_pointer (&result, pl_score_result_free);
  g_clear_pointer (&explain, g_free);

  pl_scorecard_set_pass_mark (card, 80.6);
  result = score (card, values);
  g_assert_false (result->passed);
  explain = pl_score_result_explain (card, result);
  g_assert_nonnull (strstr (explain, "fails (pass mark 80.6)"));
  g_clear_pointer (&result, pl_score_result_free);

  /* Exactly the pass mark passes (>=): 100 × (2 × 1 + 1 × 1) / 3 = 100. */
  pl_scorecard_set_pass_mark (card, 100);
  {
    const double all_yes[] = { 1, 1, 5, 1, 1 };

    result = score (card, all_yes);
    g_assert_cmpfloat (result->score, ==, 100.0);
    g_assert_true (result->passed);
  }
}

static void
test_nothing_answered (void)
{
  g_autoptr(PlScorecard) card = pl_scorecard_new ("All optional");
  g_autoptr(PlScoreResult) result = NULL;
  g_autofree char *explain = NULL;
  PlScorecardSection *a = pl_scorecard_section_new ("A", 3);
  PlScorecardSection *b = pl_scorecard_section_new ("B", 1);
  const double none[] = { NAN, NAN };
  /* Only B answered (partly = 0.5): A does not count, so the form is B's
   * 50%, not 100 × (1 × 0.5) / (3 + 1) = 12.5. */
  const double only_b[] = { NAN, 0.5 };

  g_ptr_array_add (a->criteria, criterion ("First", PL_CRITERION_SCALE_YESNO, 1, TRUE, PL_CRITICAL_NONE));
  g_ptr_array_add (b->criteria, criterion ("Second", PL_CRITERION_SCALE_YPN, 1, TRUE, PL_CRITICAL_FORM));
  g_ptr_array_add (pl_scorecard_get_sections (card), a);
  g_ptr_array_add (pl_scorecard_get_sections (card), b);
  pl_scorecard_set_pass_mark (card, 0);

  result = score (card, none);
  g_assert_true (isnan (result->score));
  g_assert_false (result->passed);
  g_assert_false (result->critical_failed);
  g_assert_cmpuint (result->n_na, ==, 2);
  g_assert_false (g_array_index (result->sections, PlSectionScore, 0).counted);
  g_assert_true (isnan (g_array_index (result->sections, PlSectionScore, 0).percent));
  explain = pl_score_result_explain (card, result);
  g_assert_nonnull (strstr (explain, "Section A: nothing answered, left out"));
  g_assert_nonnull (strstr (explain, "Nothing was answered, so there is no score."));
  g_clear_pointer (&result, pl_score_result_free);

  result = score (card, only_b);
  g_assert_cmpfloat (result->score, ==, 50.0);
  g_assert_true (result->passed);
}

static void
test_bad_values (void)
{
  g_autoptr(PlScorecard) card = make_card ();
  g_autoptr(GError) error = NULL;
  PlScoreResult *result;
  const double half_yes[] = { 0.5, 1, 4, 0.5, 1 };
  const double scale_zero[] = { 1, 1, 0, 0.5, 1 };
  const double na_greeting[] = { NAN, 1, 4, 0.5, 1 };
  const double ypn_bad[] = { 1, 1, 4, 0.25, 1 };

  result = pl_scorecard_score (card, half_yes, 5, &error);
  g_assert_null (result);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“Greeting” is answered yes or no.");
  g_clear_error (&error);

  result = pl_scorecard_score (card, scale_zero, 5, &error);
  g_assert_null (result);
  g_assert_cmpstr (error->message, ==, "“Explained the bill” is scored from 1 to 5.");
  g_clear_error (&error);

  result = pl_scorecard_score (card, na_greeting, 5, &error);
  g_assert_null (result);
  g_assert_cmpstr (error->message, ==, "“Greeting” cannot be marked N/A: give it a score.");
  g_clear_error (&error);

  result = pl_scorecard_score (card, ypn_bad, 5, &error);
  g_assert_null (result);
  g_assert_cmpstr (error->message, ==, "“Resolved” is answered yes, partly or no.");
  g_clear_error (&error);

  result = pl_scorecard_score (card, half_yes, 4, &error);
  g_assert_null (result);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The scorecard has 5 criteria but 4 answers were given.");
}

static void
test_access (void)
{
  g_autoptr(PlScorecard) card = make_card ();

  g_assert_cmpuint (pl_scorecard_get_n_criteria (card), ==, 5);
  g_assert_cmpstr (pl_scorecard_get_criterion (card, 3)->text, ==, "Resolved");
  g_assert_cmpstr (pl_scorecard_get_section_of (card, 3)->name, ==, "Resolution");
  g_assert_cmpstr (pl_scorecard_get_section_of (card, 2)->name, ==, "Opening");
  pl_scorecard_get_criterion (card, 4)->id = 77;
  g_assert_cmpint (pl_scorecard_find_criterion (card, 77), ==, 4);
  g_assert_cmpint (pl_scorecard_find_criterion (card, 78), ==, -1);
  g_assert_cmpint (pl_scorecard_get_id (card), ==, 0);
  g_assert_cmpint (pl_scorecard_get_version (card), ==, 1);
  g_assert_true (isnan (pl_scorecard_get_pass_mark (card)));
  g_assert_nonnull (strstr (pl_scorecard_rule_text (), "N/A"));
}

/* The demo's "Contact quality scorecard": 4 sections weighted 20, 30, 35,
 * 15; 10 criteria; pass mark 75; frozen; 600 observations. */
static void
test_load_demo (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("load");
  g_autoptr(PlScorecard) card = NULL;
  g_autoptr(GError) error = NULL;
  PlScorecardSection *section;
  PlCriterion *verified;

  card = pl_scorecard_load (workspace, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_scorecard_get_name (card), ==, "Contact quality scorecard");
  g_assert_cmpint (pl_scorecard_get_version (card), ==, 1);
  g_assert_true (pl_scorecard_get_frozen (card));
  g_assert_cmpfloat (pl_scorecard_get_pass_mark (card), ==, 75);
  g_assert_cmpint (pl_scorecard_get_n_observations (card), ==, 600);
  g_assert_cmpuint (pl_scorecard_get_sections (card)->len, ==, 4);
  g_assert_cmpuint (pl_scorecard_get_n_criteria (card), ==, 10);
  section = g_ptr_array_index (pl_scorecard_get_sections (card), 2);
  g_assert_cmpstr (section->name, ==, "Resolution");
  g_assert_cmpfloat (section->weight, ==, 35);
  verified = pl_scorecard_get_criterion (card, 1);
  g_assert_cmpint (verified->id, ==, 2);
  g_assert_cmpint (verified->critical, ==, PL_CRITICAL_FORM);
  g_assert_cmpint (pl_scorecard_get_criterion (card, 4)->allow_na, ==, TRUE);
  g_assert_cmpint (pl_scorecard_get_criterion (card, 2)->scale, ==, PL_CRITERION_SCALE_SCALE5);

  g_assert_null (pl_scorecard_load (workspace, 99, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

/* Every stored demo observation, recomputed from observation_scores, is
 * what pl-demo.c stored (its own implementation of the rule). */
static void
test_demo_observations (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("recompute");
  g_autoptr(PlScorecard) card = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  double values[10];
  guint n_observations = 0, n_failed = 0, n_na = 0;
  int rc;

  card = pl_scorecard_load (workspace, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pl_scorecard_get_n_criteria (card), ==, G_N_ELEMENTS (values));

  stmt = pl_workspace_prepare (workspace,
                               "SELECT o.id, o.score, o.critical_failed FROM observations o WHERE o.scorecard_id = 1 ORDER BY o.id",
                               &error);
  g_assert_no_error (error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PlScoreResult) result = NULL;
      g_autoptr(sqlite3_stmt) scores = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        values[i] = -1;   /* every criterion must be given */

      scores = pl_workspace_prepare (workspace,
                                     "SELECT criterion_id, value FROM observation_scores"
                                     " WHERE observation_id = ?",
                                     &error);
      g_assert_no_error (error);
      sqlite3_bind_int64 (scores, 1, sqlite3_column_int64 (stmt, 0));
      while (sqlite3_step (scores) == SQLITE_ROW)
        {
          int index = pl_scorecard_find_criterion (card, sqlite3_column_int64 (scores, 0));

          g_assert_cmpint (index, >=, 0);
          values[index] = sqlite3_column_type (scores, 1) == SQLITE_NULL ? NAN : sqlite3_column_double (scores, 1);
        }

      result = pl_scorecard_score (card, values, G_N_ELEMENTS (values), &error);
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (result->score, sqlite3_column_double (stmt, 1), 1e-9);
      g_assert_cmpint (result->critical_failed, ==, sqlite3_column_int (stmt, 2) != 0);
      n_observations++;
      n_failed += result->critical_failed;
      n_na += result->n_na;
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  g_assert_cmpuint (n_observations, ==, 600);
  /* The demo plants a few identity failures and N/A bill explanations. */
  g_assert_cmpuint (n_failed, >, 0);
  g_assert_cmpuint (n_na, >, 0);
  g_test_message ("600 observations, %u critical failures, %u N/A answers", n_failed, n_na);
}


static void
changed_cb (PlWorkspace *workspace,
            const char  *table,
            guint       *count)
{
  (*count)++;
}

static guint
watch_changes (PlWorkspace *workspace,
               guint       *count)
{
  *count = 0;
  return g_signal_connect (workspace, "changed::scorecards", G_CALLBACK (changed_cb), count);
}

static gint64
count_rows (PlWorkspace *workspace,
            const char  *sql)
{
  return pl_test_query_int (workspace, sql);
}

/* A whole picture of what saving may touch, to show a failure wrote
 * nothing. */
static char *
snapshot (PlWorkspace *workspace)
{
  return pl_test_query_text (workspace,
                             "SELECT (SELECT group_concat (id || ':' || name || ':' || version || ':'"
                             "  || ifnull (parent_id, '-') || ':' || frozen || ':' || ifnull (pass_mark, '-'), '|')"
                             "  FROM scorecards)"
                             " || '#' || (SELECT group_concat (id || ':' || scorecard_id || ':' || position || ':' || name || ':' || weight, '|')"
                             "  FROM scorecard_sections)"
                             " || '#' || (SELECT group_concat (id || ':' || section_id || ':' || position || ':' || text || ':' || weight, '|')"
                             "  FROM criteria)"
                             " || '#' || (SELECT group_concat (id || ':' || ifnull (scorecard_id, '-'), '|') FROM kpis)"
                             " || '#' || (SELECT count(*) FROM audit_log)"
                             " || '#' || (SELECT sum (scorecard_id) FROM observations)");
}

static void
test_save_new (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("save-new");
  g_autoptr(PlScorecard) card = make_card ();
  g_autoptr(PlScorecard) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 id = 0;
  guint changes;
  gboolean used = TRUE;

  watch_changes (workspace, &changes);
  pl_scorecard_set_name (card, "  Email quality  ");
  pl_scorecard_set_pass_mark (card, 70);
  pl_scorecard_get_criterion (card, 0)->guidance = g_strdup ("Use the customer's name.");

  g_assert_true (pl_scorecard_save (workspace, card, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 2);                       /* the demo has scorecard 1 */
  g_assert_cmpint (pl_scorecard_get_id (card), ==, 2);
  g_assert_cmpstr (pl_scorecard_get_name (card), ==, "Email quality");
  g_assert_cmpuint (changes, ==, 1);

  g_assert_cmpstr (text = pl_test_query_text (workspace,
                                              "SELECT name || ' v' || version || ' ' || ifnull (parent_id, '-')"
                                              " || ' ' || frozen || ' ' || pass_mark FROM scorecards WHERE id = 2"),
                   ==, "Email quality v1 - 0 70.0");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (text = pl_test_query_text (workspace,
                                              "SELECT group_concat (name || '/' || weight || '/' || position, ', ')"
                                              " FROM (SELECT * FROM scorecard_sections WHERE scorecard_id = 2 ORDER BY position)"),
                   ==, "Opening/2.0/1, Resolution/1.0/2");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (text = pl_test_query_text (workspace,
                                              "SELECT group_concat (text || '/' || scale || '/' || weight || '/' || allow_na"
                                              " || '/' || critical, ', ') FROM (SELECT c.* FROM criteria c"
                                              " JOIN scorecard_sections s ON s.id = c.section_id"
                                              " WHERE s.scorecard_id = 2 ORDER BY s.position, c.position)"),
                   ==, "Greeting/yesno/1.0/0/none, Verified identity/yesno/1.0/0/form,"
                       " Explained the bill/scale5/2.0/1/none, Resolved/ypn/2.0/0/none,"
                       " Accurate/passfail/1.0/0/section");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM audit_log WHERE action = 'create'"
                                          " AND entity = 'scorecard' AND entity_id = 2"), ==, 1);

  /* The object took the new ids. */
  g_assert_cmpint (pl_scorecard_get_criterion (card, 0)->id, ==,
                   count_rows (workspace, "SELECT id FROM criteria WHERE text = 'Greeting'"));
  g_assert_cmpint (((PlScorecardSection *) g_ptr_array_index (pl_scorecard_get_sections (card), 1))->id, ==,
                   count_rows (workspace, "SELECT id FROM scorecard_sections WHERE name = 'Resolution' AND scorecard_id = 2"));

  loaded = pl_scorecard_load (workspace, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pl_scorecard_get_n_criteria (loaded), ==, 5);
  g_assert_cmpstr (pl_scorecard_get_criterion (loaded, 0)->guidance, ==, "Use the customer's name.");
  g_assert_null (pl_scorecard_get_criterion (loaded, 1)->guidance);
  g_assert_cmpfloat (pl_scorecard_get_pass_mark (loaded), ==, 70);
  g_assert_false (pl_scorecard_get_frozen (loaded));
  g_assert_cmpint (pl_scorecard_get_n_observations (loaded), ==, 0);

  g_assert_true (pl_scorecard_is_used (workspace, id, &used, &error));
  g_assert_false (used);
  g_assert_true (pl_scorecard_is_used (workspace, 1, &used, &error));
  g_assert_true (used);
}

/* An unused scorecard is rewritten in place: criteria still there keep
 * their ids, a criterion may move between sections, removed ones go. */
static void
test_save_in_place (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("save-in-place");
  g_autoptr(PlScorecard) card = make_card ();
  g_autoptr(PlScorecard) draft = NULL;
  g_autoptr(PlScorecard) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PlScorecardSection *opening, *resolution, *close;
  gint64 greeting_id, verified_id, explained_id, resolved_id, accurate_id, resolution_id, id = 0;
  guint changes;

  g_assert_true (pl_scorecard_save (workspace, card, &id, &error));
  g_assert_no_error (error);
  greeting_id = pl_scorecard_get_criterion (card, 0)->id;
  verified_id = pl_scorecard_get_criterion (card, 1)->id;
  explained_id = pl_scorecard_get_criterion (card, 2)->id;
  resolved_id = pl_scorecard_get_criterion (card, 3)->id;
  accurate_id = pl_scorecard_get_criterion (card, 4)->id;
  resolution_id = ((PlScorecardSection *) g_ptr_array_index (pl_scorecard_get_sections (card), 1))->id;

  /* The draft: Greeting reworded; Explained the bill removed; Accurate
   * moved to a new section "Close"; Resolution gains "Summarised". */
  draft = pl_scorecard_copy (card);
  opening = g_ptr_array_index (pl_scorecard_get_sections (draft), 0);
  resolution = g_ptr_array_index (pl_scorecard_get_sections (draft), 1);
  g_free (((PlCriterion *) g_ptr_array_index (opening->criteria, 0))->text);
  ((PlCriterion *) g_ptr_array_index (opening->criteria, 0))->text = g_strdup ("Greeted warmly");
  g_ptr_array_remove_index (opening->criteria, 2);
  close = pl_scorecard_section_new ("Close", 0.5);
  g_ptr_array_add (close->criteria, g_ptr_array_steal_index (resolution->criteria, 1));
  g_ptr_array_add (resolution->criteria, criterion ("Summarised", PL_CRITERION_SCALE_YESNO, 1, FALSE, PL_CRITICAL_NONE));
  g_ptr_array_add (pl_scorecard_get_sections (draft), close);
  pl_scorecard_set_pass_mark (draft, NAN);

  /* The original is untouched by editing the copy. */
  g_assert_cmpstr (pl_scorecard_get_criterion (card, 0)->text, ==, "Greeting");
  g_assert_cmpuint (pl_scorecard_get_n_criteria (card), ==, 5);

  watch_changes (workspace, &changes);
  g_assert_true (pl_scorecard_save (workspace, draft, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, pl_scorecard_get_id (card));
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM scorecards"), ==, 2);

  loaded = pl_scorecard_load (workspace, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_scorecard_get_version (loaded), ==, 1);
  g_assert_true (isnan (pl_scorecard_get_pass_mark (loaded)));
  g_assert_cmpuint (pl_scorecard_get_sections (loaded)->len, ==, 3);
  g_assert_cmpuint (pl_scorecard_get_n_criteria (loaded), ==, 5);
  g_assert_cmpint (pl_scorecard_get_criterion (loaded, 0)->id, ==, greeting_id);
  g_assert_cmpstr (pl_scorecard_get_criterion (loaded, 0)->text, ==, "Greeted warmly");
  g_assert_cmpint (pl_scorecard_get_criterion (loaded, 1)->id, ==, verified_id);
  g_assert_cmpint (pl_scorecard_get_criterion (loaded, 2)->id, ==, resolved_id);
  g_assert_cmpstr (pl_scorecard_get_criterion (loaded, 3)->text, ==, "Summarised");
  g_assert_cmpint (pl_scorecard_get_criterion (loaded, 4)->id, ==, accurate_id);
  g_assert_cmpstr (pl_scorecard_get_section_of (loaded, 4)->name, ==, "Close");
  g_assert_cmpint (pl_scorecard_get_section_of (loaded, 2)->id, ==, resolution_id);
  g_assert_cmpint (pl_scorecard_find_criterion (loaded, explained_id), ==, -1);
  text = g_strdup_printf ("SELECT count(*) FROM criteria WHERE id = %" G_GINT64_FORMAT, explained_id);
  g_assert_cmpint (count_rows (workspace, text), ==, 0);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM audit_log WHERE action = 'update'"
                                          " AND entity = 'scorecard'"), ==, 1);
}

/* The demo's scorecard has 600 observations: saving an edit makes
 * version 2 and leaves version 1 and its observations as they were. */
static void
test_save_new_version (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("save-version");
  g_autoptr(PlScorecard) card = NULL;
  g_autoptr(PlScorecard) draft = NULL;
  g_autoptr(PlScorecard) stale = NULL;
  g_autoptr(PlScorecard) v2 = NULL;
  g_autoptr(GListModel) latest = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) versions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before_v1 = NULL;
  g_autofree char *after_v1 = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;
  PlScorecardSection *resolution;
  gint64 id = 0, n_observations = 0;
  guint changes;

  card = pl_scorecard_load (workspace, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM kpis WHERE scorecard_id = 1"), ==, 1);
  before_v1 = pl_test_query_text (workspace,
                                  "SELECT group_concat (c.id || c.text || c.weight || s.weight, '|')"
                                  " FROM criteria c JOIN scorecard_sections s ON s.id = c.section_id"
                                  " WHERE s.scorecard_id = 1");

  draft = pl_scorecard_copy (card);
  stale = pl_scorecard_copy (card);
  resolution = g_ptr_array_index (pl_scorecard_get_sections (draft), 2);
  resolution->weight = 40;
  g_ptr_array_add (resolution->criteria,
                   criterion ("Confirmed the customer is happy with the outcome",
                              PL_CRITERION_SCALE_YPN, 1, FALSE, PL_CRITICAL_NONE));
  pl_scorecard_set_pass_mark (draft, 80);

  watch_changes (workspace, &changes);
  g_assert_true (pl_scorecard_save (workspace, draft, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 2);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpint (pl_scorecard_get_id (draft), ==, 2);
  g_assert_cmpint (pl_scorecard_get_version (draft), ==, 2);
  g_assert_cmpint (pl_scorecard_get_parent_id (draft), ==, 1);
  g_assert_false (pl_scorecard_get_frozen (draft));
  /* New rows for every section and criterion of version 2. */
  g_assert_cmpint (pl_scorecard_get_criterion (draft, 0)->id, ==, 11);
  g_assert_cmpint (pl_scorecard_get_criterion (draft, 10)->id, ==, 21);

  g_assert_cmpstr (text = pl_test_query_text (workspace,
                                              "SELECT name || ' v' || version || ' parent ' || parent_id || ' frozen '"
                                              " || frozen || ' pass ' || pass_mark FROM scorecards WHERE id = 2"),
                   ==, "Contact quality scorecard v2 parent 1 frozen 0 pass 80.0");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM scorecard_sections WHERE scorecard_id = 2"), ==, 4);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM criteria c JOIN scorecard_sections s"
                                          " ON s.id = c.section_id WHERE s.scorecard_id = 2"), ==, 11);
  g_assert_cmpint (count_rows (workspace, "SELECT weight FROM scorecard_sections WHERE scorecard_id = 2"
                                          " AND position = 3"), ==, 40);

  /* Version 1 is as it was, frozen, with all 600 observations. */
  after_v1 = pl_test_query_text (workspace,
                                 "SELECT group_concat (c.id || c.text || c.weight || s.weight, '|')"
                                 " FROM criteria c JOIN scorecard_sections s ON s.id = c.section_id"
                                 " WHERE s.scorecard_id = 1");
  g_assert_cmpstr (after_v1, ==, before_v1);
  g_assert_cmpstr (text = pl_test_query_text (workspace,
                                              "SELECT version || ' ' || frozen || ' ' || pass_mark FROM scorecards WHERE id = 1"),
                   ==, "1 1 75.0");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM observations WHERE scorecard_id = 1"), ==, 600);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM observations WHERE scorecard_id = 2"), ==, 0);
  g_assert_true (pl_scorecard_count_observations (workspace, 1, &n_observations, &error));
  g_assert_cmpint (n_observations, ==, 600);

  /* The quality KPI follows the scorecard to version 2, in the audit log. */
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM kpis WHERE scorecard_id = 1"), ==, 0);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM kpis WHERE scorecard_id = 2"), ==, 1);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM audit_log WHERE entity = 'kpi'"
                                          " AND detail LIKE '%now measures version 2 of “Contact quality scorecard”'"), ==, 1);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM audit_log WHERE action = 'version'"
                                          " AND entity = 'scorecard' AND entity_id = 2"), ==, 1);

  /* Editing version 1 again (a stale copy) is refused, and writes nothing. */
  before = snapshot (workspace);
  g_assert_false (pl_scorecard_save (workspace, stale, &id, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "A newer version of this scorecard exists: edit the latest version instead.");
  g_clear_error (&error);
  after = snapshot (workspace);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (pl_scorecard_get_id (stale), ==, 1);

  /* Lists: the latest version only, or all of them; the history. */
  latest = pl_scorecard_list (workspace, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (latest), ==, 1);
  v2 = g_list_model_get_item (latest, 0);
  g_assert_cmpint (pl_scorecard_get_id (v2), ==, 2);
  g_assert_cmpuint (pl_scorecard_get_n_criteria (v2), ==, 11);
  all = pl_scorecard_list (workspace, FALSE, &error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 2);
  versions = pl_scorecard_list_versions (workspace, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 2);
  {
    g_autoptr(PlScorecard) first = g_list_model_get_item (versions, 0);
    g_autoptr(GListModel) from_v2 = pl_scorecard_list_versions (workspace, 2, &error);
    g_autoptr(PlScorecard) second = g_list_model_get_item (from_v2, 1);

    g_assert_cmpint (pl_scorecard_get_version (first), ==, 1);
    g_assert_cmpint (pl_scorecard_get_n_observations (first), ==, 600);
    g_assert_cmpuint (g_list_model_get_n_items (from_v2), ==, 2);
    g_assert_cmpint (pl_scorecard_get_id (second), ==, 2);
  }

  /* Version 2 is not used yet: editing it again changes it in place. */
  resolution = g_ptr_array_index (pl_scorecard_get_sections (draft), 2);
  resolution->weight = 45;
  g_assert_true (pl_scorecard_save (workspace, draft, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 2);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM scorecards"), ==, 2);
  g_assert_cmpint (count_rows (workspace, "SELECT weight FROM scorecard_sections WHERE scorecard_id = 2"
                                          " AND position = 3"), ==, 45);
  g_assert_cmpint (pl_scorecard_get_criterion (draft, 0)->id, ==, 11);
}

/* A calibration session also freezes a scorecard. */
static void
test_calibration_freezes (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("calibration");
  g_autoptr(PlScorecard) card = make_card ();
  g_autoptr(GError) error = NULL;
  gint64 id = 0, first_id;
  gboolean used = FALSE;

  g_assert_true (pl_scorecard_save (workspace, card, &first_id, &error));
  pl_test_exec (workspace,
                "INSERT INTO calibration_sessions (title, held_on, scorecard_id, created_at, updated_at)"
                " VALUES ('Week 3', '2026-04-15', 2, '2026-04-15T10:00:00Z', '2026-04-15T10:00:00Z')");
  g_assert_true (pl_scorecard_is_used (workspace, first_id, &used, &error));
  g_assert_true (used);

  pl_scorecard_set_name (card, "Hand-worked card, revised");
  g_assert_true (pl_scorecard_save (workspace, card, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, !=, first_id);
  g_assert_cmpint (pl_scorecard_get_version (card), ==, 2);
  g_assert_cmpint (count_rows (workspace, "SELECT frozen FROM scorecards WHERE id = 2"), ==, 1);
  g_assert_cmpint (count_rows (workspace, "SELECT scorecard_id FROM calibration_sessions"), ==, 2);

  /* Used by a session: not deletable. */
  g_assert_false (pl_scorecard_delete (workspace, first_id, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“Hand-worked card” has been used in a calibration session, so it cannot be deleted.");
}

static void
expect_invalid (PlWorkspace *workspace,
                PlScorecard *card,
                const char  *message,
                int          section,
                int          criterion_index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (workspace);
  g_autofree char *after = NULL;
  int where_section = -2, where_criterion = -2;
  gint64 id = -5;
  guint changes;
  gulong handler = watch_changes (workspace, &changes);

  g_assert_false (pl_scorecard_validate (card, &where_section, &where_criterion, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (where_section, ==, section);
  g_assert_cmpint (where_criterion, ==, criterion_index);
  g_clear_error (&error);

  g_assert_false (pl_scorecard_save (workspace, card, &id, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (id, ==, -5);
  g_assert_cmpuint (changes, ==, 0);
  after = snapshot (workspace);
  g_assert_cmpstr (after, ==, before);
  g_signal_handler_disconnect (workspace, handler);
}

static void
test_validation (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("validation");
  g_autoptr(PlScorecard) card = make_card ();
  g_autoptr(PlScorecard) empty = pl_scorecard_new ("Empty");
  g_autoptr(GError) error = NULL;
  PlScorecardSection *opening = g_ptr_array_index (pl_scorecard_get_sections (card), 0);
  PlScorecardSection *resolution = g_ptr_array_index (pl_scorecard_get_sections (card), 1);
  PlScorecardSection *extra;

  g_assert_true (pl_scorecard_validate (card, NULL, NULL, &error));
  g_assert_no_error (error);

  pl_scorecard_set_name (card, "   ");
  expect_invalid (workspace, card, "Give the scorecard a name.", -1, -1);
  pl_scorecard_set_name (card, "Hand-worked card");

  expect_invalid (workspace, empty, "Add at least one section with at least one criterion.", -1, -1);

  pl_scorecard_set_pass_mark (card, 101);
  expect_invalid (workspace, card, "The pass mark must be between 0 and 100, or left empty for none.", -1, -1);
  pl_scorecard_set_pass_mark (card, -1);
  expect_invalid (workspace, card, "The pass mark must be between 0 and 100, or left empty for none.", -1, -1);
  pl_scorecard_set_pass_mark (card, 100);   /* the edge is fine */
  g_assert_true (pl_scorecard_validate (card, NULL, NULL, NULL));

  g_free (resolution->name);
  resolution->name = g_strdup ("");
  expect_invalid (workspace, card, "Section 2 needs a name.", 1, -1);
  g_free (resolution->name);
  resolution->name = g_strdup ("Resolution");

  resolution->weight = -1;
  expect_invalid (workspace, card, "The weight of section “Resolution” must be 0 or more.", 1, -1);
  resolution->weight = 1;

  extra = pl_scorecard_section_new ("Close", 1);
  g_ptr_array_add (pl_scorecard_get_sections (card), extra);
  expect_invalid (workspace, card, "Section “Close” needs at least one criterion.", 2, -1);
  g_ptr_array_remove_index (pl_scorecard_get_sections (card), 2);

  g_free (((PlCriterion *) g_ptr_array_index (resolution->criteria, 1))->text);
  ((PlCriterion *) g_ptr_array_index (resolution->criteria, 1))->text = g_strdup (" ");
  expect_invalid (workspace, card, "Criterion 2 of section “Resolution” needs a text.", 1, 1);
  g_free (((PlCriterion *) g_ptr_array_index (resolution->criteria, 1))->text);
  ((PlCriterion *) g_ptr_array_index (resolution->criteria, 1))->text = g_strdup ("Accurate");

  ((PlCriterion *) g_ptr_array_index (opening->criteria, 2))->weight = -0.5;
  expect_invalid (workspace, card, "The weight of “Explained the bill” must be 0 or more.", 0, 2);
  ((PlCriterion *) g_ptr_array_index (opening->criteria, 2))->weight = NAN;
  expect_invalid (workspace, card, "The weight of “Explained the bill” must be 0 or more.", 0, 2);
  ((PlCriterion *) g_ptr_array_index (opening->criteria, 2))->weight = 2;

  for (guint c = 0; c < resolution->criteria->len; c++)
    ((PlCriterion *) g_ptr_array_index (resolution->criteria, c))->weight = 0;
  expect_invalid (workspace, card, "At least one criterion of section “Resolution” must weigh more than 0.", 1, -1);
  ((PlCriterion *) g_ptr_array_index (resolution->criteria, 0))->weight = 2;

  opening->weight = 0;
  resolution->weight = 0;
  expect_invalid (workspace, card, "At least one section must weigh more than 0.", -1, -1);
  resolution->weight = 1;

  /* A zero weight on its own is allowed. */
  g_assert_true (pl_scorecard_validate (card, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_delete (void)
{
  g_autoptr(PlWorkspace) workspace = open_copy ("delete");
  g_autoptr(PlScorecard) card = make_card ();
  g_autoptr(PlScorecard) demo_card = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id = 0, v2 = 0;
  guint changes;

  /* Used: refused, saying why, nothing written. */
  before = snapshot (workspace);
  g_assert_false (pl_scorecard_delete (workspace, 1, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "“Contact quality scorecard” has been used for 600 observations, so it cannot be"
                   " deleted: the observations keep their scorecard.");
  g_clear_error (&error);
  after = snapshot (workspace);
  g_assert_cmpstr (after, ==, before);

  g_assert_false (pl_scorecard_delete (workspace, 99, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Unused: gone with its sections and criteria. */
  g_assert_true (pl_scorecard_save (workspace, card, &id, &error));
  watch_changes (workspace, &changes);
  g_assert_true (pl_scorecard_delete (workspace, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM scorecards"), ==, 1);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM scorecard_sections"), ==, 4);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM criteria"), ==, 10);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM audit_log WHERE action = 'delete'"
                                          " AND entity = 'scorecard'"), ==, 1);

  /* A new version nobody has used yet: deleting it hands the KPI back to
   * version 1. */
  demo_card = pl_scorecard_load (workspace, 1, &error);
  g_assert_no_error (error);
  pl_scorecard_set_pass_mark (demo_card, 70);
  g_assert_true (pl_scorecard_save (workspace, demo_card, &v2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM kpis WHERE scorecard_id = 1"), ==, 0);
  g_assert_true (pl_scorecard_delete (workspace, v2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM kpis WHERE scorecard_id = 1"), ==, 1);
  g_assert_cmpint (count_rows (workspace, "SELECT count(*) FROM scorecards"), ==, 1);
  g_assert_cmpint (count_rows (workspace, "SELECT frozen FROM scorecards WHERE id = 1"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) demo = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("plumbline-scorecard-XXXXXX", &error);
  g_assert_no_error (error);
  demo_path = g_build_filename (tmp_dir, "demo.plumbline", NULL);
  demo = pl_demo_create (demo_path, PL_DEMO_DEFAULT_SEED, NULL, &error);
  g_assert_no_error (error);
  pl_workspace_close (demo);

  g_test_add_func ("/core/scorecard/points", test_points);
  g_test_add_func ("/core/scorecard/strings", test_strings);
  g_test_add_func ("/core/scorecard/access", test_access);
  g_test_add_func ("/core/scorecard/score/weights", test_weights);
  g_test_add_func ("/core/scorecard/score/na", test_na);
  g_test_add_func ("/core/scorecard/score/ypn-scale5", test_ypn_scale5);
  g_test_add_func ("/core/scorecard/score/section-critical", test_section_critical);
  g_test_add_func ("/core/scorecard/score/section-critical-weightless", test_section_critical_weightless);
  g_test_add_func ("/core/scorecard/score/form-critical", test_form_critical);
  g_test_add_func ("/core/scorecard/score/pass-mark", test_pass_mark);
  g_test_add_func ("/core/scorecard/score/nothing-answered", test_nothing_answered);
  g_test_add_func ("/core/scorecard/score/bad-values", test_bad_values);
  g_test_add_func ("/core/scorecard/load-demo", test_load_demo);
  g_test_add_func ("/core/scorecard/demo-observations", test_demo_observations);
  g_test_add_func ("/core/scorecard/save/new", test_save_new);
  g_test_add_func ("/core/scorecard/save/in-place", test_save_in_place);
  g_test_add_func ("/core/scorecard/save/new-version", test_save_new_version);
  g_test_add_func ("/core/scorecard/save/calibration-freezes", test_calibration_freezes);
  g_test_add_func ("/core/scorecard/save/validation", test_validation);
  g_test_add_func ("/core/scorecard/delete", test_delete);

  status = g_test_run ();

  g_free (demo_path);
  g_free (tmp_dir);

  return status;
}
