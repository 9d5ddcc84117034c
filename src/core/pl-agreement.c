/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pl-agreement.h"
#include "pl-error.h"

/* The 97.5th percentile of the standard normal distribution. */
#define Z_95 1.959963984540054

/* Chance agreement this close to 1 leaves nothing for kappa to correct. */
#define EXPECTED_EPSILON 1e-12

void
pl_agreement_free (PlAgreement *agreement)
{
  if (agreement == NULL)
    return;

  g_clear_pointer (&agreement->categories, g_ptr_array_unref);
  g_free (agreement);
}

static PlAgreement *
agreement_new (PlAgreementMethod method)
{
  PlAgreement *agreement = g_new0 (PlAgreement, 1);

  agreement->method = method;
  agreement->kappa = NAN;
  agreement->se = NAN;
  agreement->lower = NAN;
  agreement->upper = NAN;
  return agreement;
}

const char *
pl_agreement_method_to_string (PlAgreementMethod method)
{
  return method == PL_AGREEMENT_FLEISS ? "fleiss" : "cohen";
}

/* Cohen */

PlAgreement *
pl_agreement_cohen_table (const guint  *table,
                          guint         n_categories,
                          GError      **error)
{
  g_autoptr(PlAgreement) result = NULL;
  g_autofree double *rows = NULL;
  g_autofree double *columns = NULL;
  double n = 0, po = 0, pe = 0;
  guint k = n_categories;

  g_return_val_if_fail (table != NULL || n_categories == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < k * k; i++)
    n += table[i];

  if (n == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("No item has ratings from both raters, so there is nothing "
                             "to compare."));
      return NULL;
    }

  rows = g_new0 (double, k);
  columns = g_new0 (double, k);
  for (guint i = 0; i < k; i++)
    for (guint j = 0; j < k; j++)
      {
        double p = table[i * k + j] / n;

        rows[i] += p;
        columns[j] += p;
        if (i == j)
          po += p;
      }

  result = agreement_new (PL_AGREEMENT_COHEN);
  result->n_items = (guint) n;
  result->n_raters = 2;
  for (guint i = 0; i < k; i++)
    {
      pe += rows[i] * columns[i];
      if (rows[i] > 0 || columns[i] > 0)
        result->n_categories++;
    }
  result->agreement = po;
  result->unanimous = po;
  result->expected = pe;

  if (1 - pe < EXPECTED_EPSILON)
    return g_steal_pointer (&result);

  result->defined = TRUE;
  result->kappa = (po - pe) / (1 - pe);

  /* Fleiss, Cohen & Everitt (1969), large-sample variance of kappa:
   * [Σi pii (1 − (pi. + p.i)(1 − κ))² + (1 − κ)² Σi≠j pij (p.i + pj.)²
   *  − (κ − pe (1 − κ))²] / (n (1 − pe)²). */
  {
    double kappa = result->kappa;
    double sum = 0, variance;

    for (guint i = 0; i < k; i++)
      for (guint j = 0; j < k; j++)
        {
          double p = table[i * k + j] / n;

          if (i == j)
            sum += p * pow (1 - (rows[i] + columns[i]) * (1 - kappa), 2);
          else
            sum += p * pow (1 - kappa, 2) * pow (columns[i] + rows[j], 2);
        }
    sum -= pow (kappa - pe * (1 - kappa), 2);
    variance = MAX (sum, 0) / (n * (1 - pe) * (1 - pe));

    result->se = sqrt (variance);
    result->lower = MAX (-1.0, kappa - Z_95 * result->se);
    result->upper = MIN (1.0, kappa + Z_95 * result->se);
  }

  return g_steal_pointer (&result);
}

PlAgreement *
pl_agreement_cohen (const int    *first,
                    const int    *second,
                    guint         n_items,
                    guint         n_categories,
                    GError      **error)
{
  g_autofree guint *table = NULL;
  PlAgreement *result;
  guint left_out = 0;

  g_return_val_if_fail (n_items == 0 || (first != NULL && second != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  table = g_new0 (guint, (gsize) n_categories * n_categories + 1);
  for (guint i = 0; i < n_items; i++)
    {
      if (first[i] < 0 || second[i] < 0)
        {
          left_out++;
          continue;
        }

      g_return_val_if_fail ((guint) first[i] < n_categories, NULL);
      g_return_val_if_fail ((guint) second[i] < n_categories, NULL);
      table[first[i] * n_categories + second[i]]++;
    }

  result = pl_agreement_cohen_table (table, n_categories, error);
  if (result != NULL)
    result->n_left_out = left_out;

  return result;
}

/* Fleiss */

PlAgreement *
pl_agreement_fleiss_counts (const guint  *counts,
                            guint         n_items,
                            guint         n_categories,
                            GError      **error)
{
  g_autoptr(PlAgreement) result = NULL;
  g_autofree double *totals = NULL;
  guint n_raters = 0;
  double mean_p = 0, expected = 0;
  guint unanimous = 0;

  g_return_val_if_fail (counts != NULL || n_items == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_items == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("There are no rated items, so there is nothing to compare."));
      return NULL;
    }

  totals = g_new0 (double, n_categories + 1);
  for (guint i = 0; i < n_items; i++)
    {
      guint raters = 0;
      double pairs = 0;

      for (guint j = 0; j < n_categories; j++)
        {
          guint c = counts[(gsize) i * n_categories + j];

          raters += c;
          pairs += (double) c * (c - 1.0);
          totals[j] += c;
        }

      if (i == 0)
        {
          n_raters = raters;
          if (n_raters < 2)
            {
              g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                                   _("Agreement needs at least two raters for every item."));
              return NULL;
            }
        }
      else if (raters != n_raters)
        {
          g_autofree char *item = g_strdup_printf ("%u", i + 1);
          g_autofree char *got = g_strdup_printf ("%u", raters);
          g_autofree char *wanted = g_strdup_printf ("%u", n_raters);

          /* Translators: the item's number, its number of ratings, then the first item's */
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("Item %s has %s ratings but the first item has %s; Fleiss’ kappa "
                         "needs the same number of ratings for every item."),
                       item, got, wanted);
          return NULL;
        }

      for (guint j = 0; j < n_categories; j++)
        if (counts[(gsize) i * n_categories + j] == raters)
          unanimous++;

      mean_p += pairs / ((double) raters * (raters - 1.0));
    }

  result = agreement_new (PL_AGREEMENT_FLEISS);
  result->n_items = n_items;
  result->n_raters = n_raters;
  for (guint j = 0; j < n_categories; j++)
    {
      double p = totals[j] / ((double) n_items * n_raters);

      expected += p * p;
      if (totals[j] > 0)
        result->n_categories++;
    }
  result->agreement = mean_p / n_items;
  result->unanimous = (double) unanimous / n_items;
  result->expected = expected;

  if (1 - expected < EXPECTED_EPSILON)
    return g_steal_pointer (&result);

  result->defined = TRUE;
  result->kappa = (result->agreement - expected) / (1 - expected);
  return g_steal_pointer (&result);
}

/* Labels */

/* Numbers in numeric order first, then texts in byte order, so that "1",
 * "2", "10" and "0.5" sort as a person expects. */
static gboolean
label_number (const char *label,
              double     *value)
{
  char *end = NULL;

  *value = g_ascii_strtod (label, &end);
  return end != label && *end == '\0' && isfinite (*value);
}

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  const char *left = *(const char * const *) a;
  const char *right = *(const char * const *) b;
  double x, y;
  gboolean left_number = label_number (left, &x);
  gboolean right_number = label_number (right, &y);

  if (left_number && right_number && x != y)
    return x < y ? -1 : 1;
  if (left_number != right_number)
    return left_number ? -1 : 1;

  return strcmp (left, right);
}

static gboolean
label_missing (const char *label)
{
  if (label == NULL)
    return TRUE;

  for (const char *p = label; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;

  return TRUE;
}

PlAgreement *
pl_agreement_from_labels (const char * const *labels,
                          guint               n_items,
                          guint               n_raters,
                          GError            **error)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GHashTable) index = NULL;
  g_autofree char **stripped = NULL;
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  PlAgreement *result = NULL;
  gsize n_cells = (gsize) n_items * n_raters;
  guint k;

  g_return_val_if_fail (labels != NULL || n_cells == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_raters < 2)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Agreement needs ratings from at least two raters."));
      return NULL;
    }
  if (n_items == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("There are no rated items, so there is nothing to compare."));
      return NULL;
    }

  /* The labels without surrounding blanks: " yes" and "yes" are one. */
  stripped = g_new0 (char *, n_cells + 1);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  categories = g_ptr_array_new_with_free_func (g_free);
  for (gsize c = 0; c < n_cells; c++)
    {
      char *label;

      if (label_missing (labels[c]))
        continue;

      label = g_strstrip (g_strdup (labels[c]));
      g_ptr_array_add (owned, label);
      stripped[c] = label;
      if (!g_hash_table_contains (seen, label))
        {
          g_hash_table_add (seen, label);
          g_ptr_array_add (categories, g_strdup (label));
        }
    }

  g_ptr_array_sort (categories, compare_labels);
  k = categories->len;
  index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint j = 0; j < k; j++)
    g_hash_table_insert (index, g_ptr_array_index (categories, j), GUINT_TO_POINTER (j + 1));

  if (n_raters == 2)
    {
      g_autofree int *first = g_new (int, n_items);
      g_autofree int *second = g_new (int, n_items);

      for (guint i = 0; i < n_items; i++)
        {
          const char *a = stripped[(gsize) i * 2];
          const char *b = stripped[(gsize) i * 2 + 1];

          first[i] = a != NULL ? GPOINTER_TO_INT (g_hash_table_lookup (index, a)) - 1 : -1;
          second[i] = b != NULL ? GPOINTER_TO_INT (g_hash_table_lookup (index, b)) - 1 : -1;
        }

      result = pl_agreement_cohen (first, second, n_items, k, error);
    }
  else
    {
      g_autofree guint *counts = g_new0 (guint, (gsize) n_items * k + 1);

      for (guint i = 0; i < n_items; i++)
        {
          guint given = 0;

          for (guint r = 0; r < n_raters; r++)
            {
              const char *label = stripped[(gsize) i * n_raters + r];

              if (label == NULL)
                continue;
              counts[(gsize) i * k + GPOINTER_TO_UINT (g_hash_table_lookup (index, label)) - 1]++;
              given++;
            }

          if (given != n_raters)
            {
              g_autofree char *item = g_strdup_printf ("%u", i + 1);
              g_autofree char *got = g_strdup_printf ("%u", given);
              g_autofree char *wanted = g_strdup_printf ("%u", n_raters);

              /* Translators: the item's number, its number of ratings, then the number of raters */
              g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Item %s has %s of %s ratings; Fleiss’ kappa needs every item "
                             "rated by the same number of raters, so fill in the missing "
                             "ratings or leave the item out."),
                           item, got, wanted);
              return NULL;
            }
        }

      result = pl_agreement_fleiss_counts (counts, n_items, k, error);
    }

  if (result != NULL)
    result->categories = g_steal_pointer (&categories);

  return result;
}

/* Words */

static int
kappa_hundredths (double kappa)
{
  return (int) lround (kappa * 100);
}

const char *
pl_agreement_landis_koch_key (double kappa)
{
  int h;

  if (!isfinite (kappa))
    return "undefined";

  h = kappa_hundredths (kappa);
  if (h < 0)
    return "poor";
  if (h <= 20)
    return "slight";
  if (h <= 40)
    return "fair";
  if (h <= 60)
    return "moderate";
  if (h <= 80)
    return "substantial";
  return "almost perfect";
}

const char *
pl_agreement_landis_koch (double kappa)
{
  const char *key = pl_agreement_landis_koch_key (kappa);

  /* Translators: Landis & Koch's words for a kappa: "… agreement" */
  if (g_str_equal (key, "poor"))
    return C_("agreement", "poor");
  if (g_str_equal (key, "slight"))
    return C_("agreement", "slight");
  if (g_str_equal (key, "fair"))
    return C_("agreement", "fair");
  if (g_str_equal (key, "moderate"))
    return C_("agreement", "moderate");
  if (g_str_equal (key, "substantial"))
    return C_("agreement", "substantial");
  if (g_str_equal (key, "almost perfect"))
    return C_("agreement", "almost perfect");
  return C_("agreement", "undefined");
}

/**
 * pl_agreement_format_kappa:
 *
 * Returns: a kappa to two places, "0.61" or "−0.12" with a real minus
 *   sign (never "-0.00"), rounded as pl_agreement_landis_koch() rounds it
 *   to choose its word, so that the two always agree
 */
char *
pl_agreement_format_kappa (double kappa)
{
  int h;

  if (!isfinite (kappa))
    return g_strdup ("—");

  h = kappa_hundredths (kappa);
  return g_strdup_printf ("%s%d.%02d", h < 0 ? "−" : "", ABS (h) / 100, ABS (h) % 100);
}

char *
pl_agreement_describe (const PlAgreement *agreement,
                       const char        *raters,
                       const char        *items)
{
  g_return_val_if_fail (agreement != NULL, NULL);
  g_return_val_if_fail (raters != NULL && items != NULL, NULL);

  if (!agreement->defined)
    {
      /* Translators: "2 evaluators", then "10 criteria" */
      return g_strdup_printf (_("κ undefined: every rating is in one category, so there is "
                                "no chance agreement to correct for (%s, %s)"),
                              raters, items);
    }

  {
    g_autofree char *kappa = pl_agreement_format_kappa (agreement->kappa);

    /* Translators: kappa, its word ("moderate"), "2 evaluators", then "10 criteria" */
    return g_strdup_printf (_("κ = %s, %s agreement, %s, %s"),
                            kappa, pl_agreement_landis_koch (agreement->kappa), raters, items);
  }
}
