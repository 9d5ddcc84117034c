/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/pl-agreement.h"
#include "core/pl-error.h"

#define assert_near(a, b, tolerance) g_assert_cmpfloat_with_epsilon ((a), (b), (tolerance))

/* Wikipedia, "Cohen's kappa", worked example: 50 grant proposals, each
 * read by A and B: 20 both yes, 5 A yes / B no, 10 A no / B yes, 15 both
 * no. po = 0.7, pe = 0.5 × 0.6 + 0.5 × 0.4 = 0.5, κ = 0.4.
 * Standard error by hand (Fleiss, Cohen & Everitt 1969), p11 .4, p12 .1,
 * p21 .2, p22 .3, rows .5/.5, columns .6/.4, 1 − κ = .6:
 *   .4 (1 − 1.1 × .6)² + .3 (1 − .9 × .6)² = .04624 + .06348
 *   + .36 (.1 × 1.1² + .2 × .9²) = .04356 + .05832
 *   − (κ − pe (1 − κ))² = .01  →  .2016 / (50 × .25) = .016128, SE .126996
 * 95% interval .4 ± 1.959964 × .126996 = 0.1511 … 0.6489. */
static void
test_cohen_wikipedia (void)
{
  const guint table[] = { 20, 5,
                          10, 15 };
  g_autoptr(PlAgreement) kappa = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  kappa = pl_agreement_cohen_table (table, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kappa->method, ==, PL_AGREEMENT_COHEN);
  g_assert_cmpuint (kappa->n_items, ==, 50);
  g_assert_cmpuint (kappa->n_raters, ==, 2);
  g_assert_cmpuint (kappa->n_categories, ==, 2);
  g_assert_true (kappa->defined);
  assert_near (kappa->agreement, 0.7, 1e-12);
  assert_near (kappa->expected, 0.5, 1e-12);
  assert_near (kappa->kappa, 0.4, 1e-12);
  assert_near (kappa->se, 0.126996, 1e-6);
  assert_near (kappa->lower, 0.151092, 1e-6);
  assert_near (kappa->upper, 0.648908, 1e-6);
  g_assert_cmpstr (pl_agreement_landis_koch_key (kappa->kappa), ==, "fair");

  text = pl_agreement_describe (kappa, "2 readers", "50 proposals");
  g_assert_cmpstr (text, ==, "κ = 0.40, fair agreement, 2 readers, 50 proposals");
}

/* Wikipedia, "Cohen's kappa", same percentage but different numbers: two
 * tables of 100 with 60 agreements each give κ = 0.1304 and κ = 0.2593. */
static void
test_cohen_same_agreement (void)
{
  const guint first[] = { 45, 15,
                          25, 15 };
  const guint second[] = { 25, 35,
                           5, 35 };
  g_autoptr(PlAgreement) a = pl_agreement_cohen_table (first, 2, NULL);
  g_autoptr(PlAgreement) b = pl_agreement_cohen_table (second, 2, NULL);

  assert_near (a->agreement, 0.6, 1e-12);
  assert_near (b->agreement, 0.6, 1e-12);
  assert_near (a->expected, 0.54, 1e-12);
  assert_near (b->expected, 0.46, 1e-12);
  assert_near (a->kappa, 0.1304, 1e-4);
  assert_near (b->kappa, 0.2593, 1e-4);
  g_assert_cmpstr (pl_agreement_landis_koch_key (a->kappa), ==, "slight");
  g_assert_cmpstr (pl_agreement_landis_koch_key (b->kappa), ==, "fair");
}

/* The "diagnoses" data of R's irr package (Fleiss 1971: 30 patients, 6
 * psychiatrists, 5 diagnoses 1 depression … 5 other), one row per patient. */
static const char * const diagnoses[30][6] = {
  { "4", "4", "4", "4", "4", "4" }, { "2", "2", "2", "5", "5", "5" },
  { "2", "3", "3", "3", "3", "5" }, { "5", "5", "5", "5", "5", "5" },
  { "2", "2", "2", "4", "4", "4" }, { "1", "1", "3", "3", "3", "3" },
  { "3", "3", "3", "3", "5", "5" }, { "1", "1", "3", "3", "3", "4" },
  { "1", "1", "4", "4", "4", "4" }, { "5", "5", "5", "5", "5", "5" },
  { "1", "4", "4", "4", "4", "4" }, { "1", "2", "4", "4", "4", "4" },
  { "2", "2", "2", "3", "3", "3" }, { "1", "4", "4", "4", "4", "4" },
  { "2", "2", "4", "4", "4", "5" }, { "3", "3", "3", "3", "3", "5" },
  { "1", "1", "1", "4", "5", "5" }, { "1", "1", "1", "1", "1", "2" },
  { "2", "2", "4", "4", "4", "4" }, { "1", "3", "3", "5", "5", "5" },
  { "5", "5", "5", "5", "5", "5" }, { "2", "4", "4", "4", "4", "4" },
  { "2", "2", "4", "5", "5", "5" }, { "1", "1", "4", "4", "4", "4" },
  { "1", "4", "4", "4", "4", "5" }, { "2", "2", "2", "2", "2", "4" },
  { "1", "1", "1", "1", "5", "5" }, { "2", "2", "4", "4", "4", "4" },
  { "1", "3", "3", "3", "3", "3" }, { "5", "5", "5", "5", "5", "5" },
};

/* R irr 0.84, kappa2 (diagnoses[, 2:3]): "Cohen's Kappa for 2 Raters
 * (Weights: unweighted) Subjects = 30 Raters = 2 Kappa = 0.631" (the value
 * the pyirr port's tests/test_kappa2.py checks against R). By hand: raters 2
 * and 3 agree on 21 of 30 (po = 0.7), pe = 0.18667, κ = 0.6311. */
static void
test_cohen_irr_diagnoses (void)
{
  const char *labels[30 * 2];
  g_autoptr(PlAgreement) kappa = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 30; i++)
    {
      labels[i * 2] = diagnoses[i][1];
      labels[i * 2 + 1] = diagnoses[i][2];
    }

  kappa = pl_agreement_from_labels (labels, 30, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kappa->method, ==, PL_AGREEMENT_COHEN);
  g_assert_cmpuint (kappa->n_items, ==, 30);
  g_assert_cmpuint (kappa->n_left_out, ==, 0);
  g_assert_cmpuint (kappa->categories->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (kappa->categories, 0), ==, "1");
  g_assert_cmpstr (g_ptr_array_index (kappa->categories, 4), ==, "5");
  assert_near (kappa->agreement, 0.7, 1e-12);
  assert_near (kappa->expected, 0.186667, 1e-6);
  assert_near (kappa->kappa, 0.631, 5e-4);
  g_assert_cmpstr (pl_agreement_landis_koch_key (kappa->kappa), ==, "substantial");
}

/* Fleiss (1971) as given by Wikipedia, "Fleiss' kappa", worked example:
 * 10 subjects, 14 raters, 5 categories. P̄ = 0.378, P̄e = 0.213, κ = 0.210;
 * Pi of subject 2 is 0.253 and p1 = 0.143. */
static void
test_fleiss_wikipedia (void)
{
  const guint counts[10 * 5] = {
    0, 0, 0, 0, 14,
    0, 2, 6, 4, 2,
    0, 0, 3, 5, 6,
    0, 3, 9, 2, 0,
    2, 2, 8, 1, 1,
    7, 7, 0, 0, 0,
    3, 2, 6, 3, 0,
    2, 5, 3, 2, 2,
    6, 5, 2, 1, 0,
    0, 2, 2, 3, 7,
  };
  g_autoptr(PlAgreement) kappa = NULL;
  g_autoptr(GError) error = NULL;

  kappa = pl_agreement_fleiss_counts (counts, 10, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kappa->method, ==, PL_AGREEMENT_FLEISS);
  g_assert_cmpuint (kappa->n_items, ==, 10);
  g_assert_cmpuint (kappa->n_raters, ==, 14);
  g_assert_cmpuint (kappa->n_categories, ==, 5);
  assert_near (kappa->agreement, 0.378, 5e-4);
  assert_near (kappa->expected, 0.213, 5e-4);
  assert_near (kappa->kappa, 0.210, 5e-4);
  /* Only subject 1 (all 14 in category 5) is unanimous. */
  assert_near (kappa->unanimous, 0.1, 1e-12);
  g_assert_true (isnan (kappa->se));
  g_assert_cmpstr (pl_agreement_landis_koch_key (kappa->kappa), ==, "fair");
}

/* R irr, kappam.fleiss (diagnoses): "Fleiss' Kappa for m Raters Subjects =
 * 30 Raters = 6 Kappa = 0.43" (the irr manual's example; Fleiss 1971 reports
 * 0.430). P̄ = 0.5556, P̄e = 0.2199. */
static void
test_fleiss_irr_diagnoses (void)
{
  g_autoptr(PlAgreement) kappa = NULL;
  g_autoptr(GError) error = NULL;

  kappa = pl_agreement_from_labels ((const char * const *) diagnoses, 30, 6, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kappa->method, ==, PL_AGREEMENT_FLEISS);
  g_assert_cmpuint (kappa->n_raters, ==, 6);
  g_assert_cmpuint (kappa->n_items, ==, 30);
  assert_near (kappa->agreement, 0.555556, 1e-6);
  assert_near (kappa->expected, 0.219938, 1e-6);
  assert_near (kappa->kappa, 0.430, 5e-4);
  /* Patients 4, 10, 21, 30 (all "other") and 1 (all "neurosis"). */
  assert_near (kappa->unanimous, 5.0 / 30, 1e-12);
  g_assert_cmpstr (pl_agreement_landis_koch_key (kappa->kappa), ==, "moderate");
}

/* Two raters with gaps: the items missing a rating are left out and
 * counted. Kept: (yes, yes), (no, no), (yes, no), (no, no): po = 3/4,
 * rows yes .5 no .5, columns yes .25 no .75, pe = .125 + .375 = .5,
 * κ = .25 / .5 = 0.5. */
static void
test_cohen_missing (void)
{
  const char *labels[] = {
    "yes", "yes",
    "no", "",
    " no ", "no",
    NULL, "yes",
    "yes", "no",
    "no", "no",
  };
  g_autoptr(PlAgreement) kappa = NULL;
  g_autoptr(GError) error = NULL;

  kappa = pl_agreement_from_labels (labels, 6, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kappa->n_items, ==, 4);
  g_assert_cmpuint (kappa->n_left_out, ==, 2);
  g_assert_cmpuint (kappa->categories->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (kappa->categories, 0), ==, "no");
  assert_near (kappa->agreement, 0.75, 1e-12);
  assert_near (kappa->expected, 0.5, 1e-12);
  assert_near (kappa->kappa, 0.5, 1e-12);
}

/* Everyone always says "yes": 100% agreement, but chance agreement is
 * 100% too, so kappa is 0 / 0. It must say so, not divide. */
static void
test_one_category (void)
{
  const char *labels[] = { "yes", "yes", "yes", "yes", "yes", "yes" };
  const guint counts[] = { 3, 0, 3, 0 };
  g_autoptr(PlAgreement) cohen = NULL;
  g_autoptr(PlAgreement) fleiss = NULL;
  g_autoptr(PlAgreement) from_counts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  cohen = pl_agreement_from_labels (labels, 3, 2, &error);
  g_assert_no_error (error);
  g_assert_false (cohen->defined);
  g_assert_true (isnan (cohen->kappa));
  g_assert_true (isnan (cohen->se));
  assert_near (cohen->agreement, 1.0, 1e-12);
  assert_near (cohen->expected, 1.0, 1e-12);
  g_assert_cmpstr (pl_agreement_landis_koch_key (cohen->kappa), ==, "undefined");
  text = pl_agreement_describe (cohen, "2 evaluators", "3 criteria");
  g_assert_nonnull (strstr (text, "undefined"));
  g_assert_nonnull (strstr (text, "one category"));

  fleiss = pl_agreement_from_labels (labels, 2, 3, &error);
  g_assert_no_error (error);
  g_assert_false (fleiss->defined);
  g_assert_true (isnan (fleiss->kappa));
  assert_near (fleiss->agreement, 1.0, 1e-12);

  from_counts = pl_agreement_fleiss_counts (counts, 2, 2, &error);
  g_assert_no_error (error);
  g_assert_false (from_counts->defined);
  g_assert_cmpuint (from_counts->n_categories, ==, 1);
}

/* Perfect disagreement between two raters: κ below zero is "poor". Rows
 * (a, b) vs (b, a): po 0, pe .5, κ = −1. */
static void
test_negative (void)
{
  const char *labels[] = { "a", "b", "b", "a" };
  g_autoptr(PlAgreement) kappa = pl_agreement_from_labels (labels, 2, 2, NULL);
  g_autofree char *text = NULL;

  assert_near (kappa->kappa, -1.0, 1e-12);
  g_assert_cmpfloat (kappa->lower, >=, -1.0);
  g_assert_cmpstr (pl_agreement_landis_koch_key (kappa->kappa), ==, "poor");
  text = pl_agreement_describe (kappa, "2 evaluators", "2 criteria");
  g_assert_cmpstr (text, ==, "κ = −1.00, poor agreement, 2 evaluators, 2 criteria");
}

static void
test_errors (void)
{
  const char *one_rater[] = { "yes", "no" };
  const char *ragged[] = { "yes", "yes", "no",
                           "no", "", "no" };
  const char *all_missing[] = { "yes", NULL, "", "no" };
  const guint unequal[] = { 2, 1,
                            1, 1 };
  const guint single[] = { 1, 0,
                           0, 1 };
  g_autoptr(GError) error = NULL;

  g_assert_null (pl_agreement_from_labels (one_rater, 2, 1, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "two raters"));
  g_clear_error (&error);

  g_assert_null (pl_agreement_from_labels (one_rater, 0, 2, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  /* Fleiss: item 2 has 2 of 3 ratings. */
  g_assert_null (pl_agreement_from_labels (ragged, 2, 3, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Item 2 has 2 of 3 ratings"));
  g_clear_error (&error);

  g_assert_null (pl_agreement_fleiss_counts (unequal, 2, 2, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Item 2 has 2 ratings but the first item has 3"));
  g_clear_error (&error);

  g_assert_null (pl_agreement_fleiss_counts (single, 2, 2, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "at least two raters"));
  g_clear_error (&error);

  /* Cohen: no item with both ratings. */
  g_assert_null (pl_agreement_from_labels (all_missing, 2, 2, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "both raters"));
  g_clear_error (&error);
}

/* Landis & Koch (1977), judged on the two decimals shown. */
static void
test_landis_koch (void)
{
  g_assert_cmpstr (pl_agreement_landis_koch_key (-0.01), ==, "poor");
  g_assert_cmpstr (pl_agreement_landis_koch_key (-0.004), ==, "slight");
  g_assert_cmpstr (pl_agreement_landis_koch_key (0.0), ==, "slight");
  g_assert_cmpstr (pl_agreement_landis_koch_key (0.20), ==, "slight");
  g_assert_cmpstr (pl_agreement_landis_koch_key (0.2049), ==, "slight");
  g_assert_cmpstr (pl_agreement_landis_koch_key (0.21), ==, "fair");
  g_assert_cmpstr (pl_agreement_landis_koch_key (0.40), ==, "fair");
  g_assert_cmpstr (pl_agreement_landis_koch_key (0.41), ==, "moderate");
  g_assert_cmpstr (pl_agreement_landis_koch_key (0.60), ==, "moderate");
  g_assert_cmpstr (pl_agreement_landis_koch_key (0.61), ==, "substantial");
  g_assert_cmpstr (pl_agreement_landis_koch_key (0.80), ==, "substantial");
  g_assert_cmpstr (pl_agreement_landis_koch_key (0.81), ==, "almost perfect");
  g_assert_cmpstr (pl_agreement_landis_koch_key (1.0), ==, "almost perfect");
  g_assert_cmpstr (pl_agreement_landis_koch_key (NAN), ==, "undefined");
  g_assert_cmpstr (pl_agreement_method_to_string (PL_AGREEMENT_FLEISS), ==, "fleiss");
}

/* The printed kappa and its word never disagree at a boundary: 0.6001
 * prints as 0.60, which Landis & Koch call moderate, not substantial. */
static void
test_format_matches_word (void)
{
  static const struct
  {
    double kappa;
    const char *text;
    const char *word;
  } cases[] = {
    { 0.6001, "0.60", "moderate" },
    { 0.6049, "0.60", "moderate" },
    { 0.6051, "0.61", "substantial" },
    { 0.2, "0.20", "slight" },
    { 0.2049, "0.20", "slight" },
    { 0.8049, "0.80", "substantial" },
    { 1.0, "1.00", "almost perfect" },
    { -0.004, "0.00", "slight" },
    { -0.006, "−0.01", "poor" },
    { -0.25, "−0.25", "poor" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = pl_agreement_format_kappa (cases[i].kappa);

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpstr (pl_agreement_landis_koch_key (cases[i].kappa), ==, cases[i].word);
    }

  /* Every kappa from −1 to 1 in steps of 0.0001: the word of the printed
   * value is the word of the kappa. */
  for (int k = -10000; k <= 10000; k++)
    {
      double kappa = k / 10000.0;
      g_autofree char *text = pl_agreement_format_kappa (kappa);
      double printed = g_ascii_strtod (g_str_has_prefix (text, "−") ? text + strlen ("−") : text, NULL);

      if (g_str_has_prefix (text, "−"))
        printed = -printed;
      g_assert_cmpstr (pl_agreement_landis_koch_key (printed), ==, pl_agreement_landis_koch_key (kappa));
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/agreement/cohen/wikipedia", test_cohen_wikipedia);
  g_test_add_func ("/core/agreement/cohen/same-agreement", test_cohen_same_agreement);
  g_test_add_func ("/core/agreement/cohen/irr-diagnoses", test_cohen_irr_diagnoses);
  g_test_add_func ("/core/agreement/cohen/missing", test_cohen_missing);
  g_test_add_func ("/core/agreement/fleiss/wikipedia", test_fleiss_wikipedia);
  g_test_add_func ("/core/agreement/fleiss/irr-diagnoses", test_fleiss_irr_diagnoses);
  g_test_add_func ("/core/agreement/one-category", test_one_category);
  g_test_add_func ("/core/agreement/negative", test_negative);
  g_test_add_func ("/core/agreement/errors", test_errors);
  g_test_add_func ("/core/agreement/landis-koch", test_landis_koch);
  g_test_add_func ("/core/agreement/format-matches-word", test_format_matches_word);

  return g_test_run ();
}
