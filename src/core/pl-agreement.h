/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Inter-rater agreement on nominal categories (DESIGN.md §6): the
 * percentage agreement and chance-corrected kappa.
 *
 *  - Cohen's kappa (Cohen 1960) for two raters: κ = (po − pe) / (1 − pe),
 *    po the share of items both put in the same category, pe the share
 *    expected by chance from each rater's own category proportions. Its
 *    standard error is the large-sample one of Fleiss, Cohen & Everitt
 *    (1969), the "asymptotic standard error" SPSS and R's psych report;
 *    the 95% interval is κ ± 1.96 SE, kept within −1 … 1.
 *  - Fleiss' kappa (Fleiss 1971) for any number of raters, every item rated
 *    by the same number of them: κ = (P̄ − P̄e) / (1 − P̄e), P̄ the mean
 *    share of agreeing rater pairs per item, P̄e = Σ pj² over the category
 *    proportions.
 *
 * Kappa is undefined when chance agreement is 100%: every rating fell in
 * one category. The result then says so (kappa NaN, defined FALSE)
 * instead of dividing by zero; the percentage agreement still stands. */

typedef enum
{
  PL_AGREEMENT_COHEN,
  PL_AGREEMENT_FLEISS,
} PlAgreementMethod;

typedef struct
{
  PlAgreementMethod method;
  guint      n_items;       /* the items the figures rest on */
  guint      n_left_out;    /* Cohen: items without both ratings, not counted */
  guint      n_raters;
  guint      n_categories;  /* categories used by some rating */
  GPtrArray *categories;    /* char *, the labels, when built from labels; else NULL */
  double     agreement;     /* observed agreement 0 … 1: Cohen's po, Fleiss' P̄ */
  double     unanimous;     /* share of items on which every rater agrees */
  double     expected;      /* chance agreement: pe or P̄e */
  gboolean   defined;       /* FALSE when expected is 1 */
  double     kappa;         /* NaN when not defined */
  double     se;            /* Cohen only, else NaN */
  double     lower;         /* Cohen's 95% interval, else NaN */
  double     upper;
} PlAgreement;

void         pl_agreement_free          (PlAgreement *agreement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlAgreement, pl_agreement_free)

/* Cohen's kappa from a contingency table: @table holds @n_categories ×
 * @n_categories counts, row = first rater's category, column = the
 * second's. */
PlAgreement *pl_agreement_cohen_table   (const guint  *table,
                                         guint         n_categories,
                                         GError      **error);

/* Cohen's kappa from two raters' categories (0 … n_categories − 1) for
 * the same items; a negative category is a missing rating, and the item is
 * left out and counted in n_left_out. */
PlAgreement *pl_agreement_cohen         (const int    *first,
                                         const int    *second,
                                         guint         n_items,
                                         guint         n_categories,
                                         GError      **error);

/* Fleiss' kappa from the counts table of Fleiss (1971): @counts holds
 * @n_items rows of @n_categories counts, how many raters put the item in
 * each category. Every row must add up to the same number of raters, two
 * or more. */
PlAgreement *pl_agreement_fleiss_counts (const guint  *counts,
                                         guint         n_items,
                                         guint         n_categories,
                                         GError      **error);

/* Ratings as labels, @n_items rows of @n_raters, row after row; NULL or
 * blank is a missing rating. Two raters give Cohen's kappa (items with a
 * missing rating left out and counted), three or more Fleiss' kappa
 * (which needs the same number of ratings for every item). The categories
 * are the labels used, numbers in numeric order before texts. */
PlAgreement *pl_agreement_from_labels   (const char * const *labels,
                                         guint               n_items,
                                         guint               n_raters,
                                         GError            **error);

/* Landis & Koch (1977): "poor" (< 0), "slight" (0–0.20), "fair"
 * (0.21–0.40), "moderate" (0.41–0.60), "substantial" (0.61–0.80),
 * "almost perfect" (0.81–1), judged on kappa rounded to two decimals as
 * it is shown. The key is untranslated (for JSON); the word translated.
 * NaN gives "undefined". */
const char  *pl_agreement_landis_koch_key (double kappa);
const char  *pl_agreement_landis_koch     (double kappa);
char        *pl_agreement_format_kappa    (double kappa);

/* "κ = 0.41, moderate agreement, 2 evaluators, 10 criteria": @raters and
 * @items name what was rated and who rated, already in the plural the
 * counts need (the caller formats "2 evaluators"). */
char        *pl_agreement_describe        (const PlAgreement *agreement,
                                           const char        *raters,
                                           const char        *items);

const char  *pl_agreement_method_to_string (PlAgreementMethod method);  /* "cohen", "fleiss" */

G_END_DECLS
