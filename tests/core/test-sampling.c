/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/pl-demo.h"
#include "core/pl-item.h"
#include "core/pl-review.h"
#include "core/pl-error.h"
#include "core/pl-sampling.h"
#include "core/pl-workspace.h"

/* One demo workspace, made once, that the tests share. Tests that write
 * count what they add rather than assume an empty table. */
static char *tmp_dir;
static char *demo_path;
static PlWorkspace *demo;

static gint64
query_int (const char *sql)
{
  sqlite3 *db = pl_workspace_get_db (demo);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
exec_sql (const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (pl_workspace_get_db (demo), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Sample size */

/* Krejcie, R. V. & Morgan, D. W. (1970). Determining sample size for
 * research activities. Educational and Psychological Measurement 30,
 * 607–610, Table 1: population N and sample size S. */
static const struct { gint64 N, S; } krejcie_morgan[] = {
  { 10, 10 }, { 15, 14 }, { 20, 19 }, { 25, 24 }, { 30, 28 }, { 35, 32 }, { 40, 36 },
  { 45, 40 }, { 50, 44 }, { 55, 48 }, { 60, 52 }, { 65, 56 }, { 70, 59 }, { 75, 63 },
  { 80, 66 }, { 85, 70 }, { 90, 73 }, { 95, 76 }, { 100, 80 }, { 110, 86 }, { 120, 92 },
  { 130, 97 }, { 140, 103 }, { 150, 108 }, { 160, 113 }, { 170, 118 }, { 180, 123 },
  { 190, 127 }, { 200, 132 }, { 210, 136 }, { 220, 140 }, { 230, 144 }, { 240, 148 },
  { 250, 152 }, { 260, 155 }, { 270, 159 }, { 280, 162 }, { 290, 165 }, { 300, 169 },
  { 320, 175 }, { 340, 181 }, { 360, 186 }, { 380, 191 }, { 400, 196 }, { 420, 201 },
  { 440, 205 }, { 460, 210 }, { 480, 214 }, { 500, 217 }, { 550, 226 }, { 600, 234 },
  { 650, 242 }, { 700, 248 }, { 750, 254 }, { 800, 260 }, { 850, 265 }, { 900, 269 },
  { 950, 274 }, { 1000, 278 }, { 1100, 285 }, { 1200, 291 }, { 1300, 297 }, { 1400, 302 },
  { 1500, 306 }, { 1600, 310 }, { 1700, 313 }, { 1800, 317 }, { 1900, 320 }, { 2000, 322 },
  { 2200, 327 }, { 2400, 331 }, { 2600, 335 }, { 2800, 338 }, { 3000, 341 }, { 3500, 346 },
  { 4000, 351 }, { 4500, 354 }, { 5000, 357 }, { 6000, 361 }, { 7000, 364 }, { 8000, 367 },
  { 9000, 368 }, { 10000, 370 }, { 15000, 375 }, { 20000, 377 }, { 30000, 379 },
  { 40000, 380 }, { 50000, 381 }, { 75000, 382 }, { 1000000, 384 },
};

static void
test_size_krejcie_morgan (void)
{
  guint differ = 0;

  g_assert_cmpuint (G_N_ELEMENTS (krejcie_morgan), ==, 90);

  for (guint i = 0; i < G_N_ELEMENTS (krejcie_morgan); i++)
    {
      gint64 N = krejcie_morgan[i].N;
      gint64 S = krejcie_morgan[i].S;
      PlSampleSize cochran;

      /* Their formula, their χ² = 3.841, P = 0.5, d = 0.05: exactly the table. */
      g_assert_cmpint (pl_sample_size_krejcie_morgan (N, 3.841, 0.05, 0.5), ==, S);

      /* Cochran with the finite population correction, z² = 3.841: the
       * correction divides by 1 + (n0 − 1)/N where theirs has N − 1, so it
       * can differ by one. */
      pl_sample_size_compute_z (N, sqrt (3.841), 0.05, 0.5, &cochran);
      g_assert_cmpint (cochran.sample_size, >=, S - 1);
      g_assert_cmpint (cochran.sample_size, <=, S + 1);
      if (cochran.sample_size != S)
        {
          differ++;
          g_test_message ("N = %" G_GINT64_FORMAT ": table %" G_GINT64_FORMAT
                          ", Cochran + FPC %" G_GINT64_FORMAT " (n = %.3f)",
                          N, S, cochran.sample_size, cochran.n);
        }
    }

  g_test_message ("Cochran + FPC differs from the table by one at %u of 90 sizes", differ);
}

static void
test_size_values (void)
{
  g_autoptr(GError) error = NULL;
  PlSampleSizeInput input;
  PlSampleSize result;

  pl_sample_size_input_init (&input);
  g_assert_cmpfloat (input.confidence, ==, 0.95);
  g_assert_cmpfloat (input.margin, ==, 0.05);
  g_assert_cmpfloat (input.proportion, ==, 0.5);

  /* z(0.975) = 1.959964; n0 = 1.959964² × 0.25 / 0.0025 = 384.1459 */
  input.population = 10000;
  g_assert_true (pl_sample_size_compute (&input, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (result.z, 1.959963984540, 1e-9);
  g_assert_cmpfloat_with_epsilon (result.n0, 384.145882069412, 1e-6);
  g_assert_cmpint (result.sample_size, ==, 370);

  input.population = 1000000;
  g_assert_true (pl_sample_size_compute (&input, &result, &error));
  g_assert_cmpint (result.sample_size, ==, 384);

  /* 99%, ±3%: z = 2.575829, n0 = 1843.027; N = 5000 gives 1346.84 → 1347 */
  input.population = 5000;
  input.confidence = 0.99;
  input.margin = 0.03;
  g_assert_true (pl_sample_size_compute (&input, &result, &error));
  g_assert_cmpfloat_with_epsilon (result.z, 2.575829303549, 1e-9);
  g_assert_cmpfloat_with_epsilon (result.n0, 1843.026833617, 1e-6);
  g_assert_cmpfloat_with_epsilon (result.n, 1346.842740050, 1e-6);
  g_assert_cmpint (result.sample_size, ==, 1347);

  /* A tiny population is sampled whole, never more. */
  pl_sample_size_input_init (&input);
  input.population = 1;
  g_assert_true (pl_sample_size_compute (&input, &result, &error));
  g_assert_cmpint (result.sample_size, ==, 1);
  input.population = 5;
  g_assert_true (pl_sample_size_compute (&input, &result, &error));
  g_assert_cmpint (result.sample_size, ==, 5);
}

static void
test_size_invalid (void)
{
  static const struct { gint64 N; double c, e, p; const char *words; } bad[] = {
    { 0, 0.95, 0.05, 0.5, "population" },
    { -3, 0.95, 0.05, 0.5, "population" },
    { 100, 1.0, 0.05, 0.5, "confidence" },
    { 100, 0.0, 0.05, 0.5, "confidence" },
    { 100, NAN, 0.05, 0.5, "confidence" },
    { 100, 0.95, 0.0005, 0.5, "margin of error must be between 0.1% and 50%" },
    { 100, 0.95, 0.6, 0.5, "margin" },
    { 100, 0.95, 0.05, 0.0, "proportion" },
    { 100, 0.95, 0.05, 1.0, "proportion" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      PlSampleSizeInput input = { bad[i].N, bad[i].c, bad[i].e, bad[i].p };
      PlSampleSize result = { 0, };

      g_assert_false (pl_sample_size_compute (&input, &result, &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i].words));
      g_assert_cmpint (result.sample_size, ==, 0);
    }
}

static void
test_size_explain (void)
{
  g_autofree char *text = NULL;
  PlSampleSizeInput input;
  PlSampleSize result;

  pl_sample_size_input_init (&input);
  input.population = 10000;
  g_assert_true (pl_sample_size_compute (&input, &result, NULL));
  text = pl_sample_size_explain (&input, &result);

  g_assert_nonnull (strstr (text, "Sample 370 of the 10000 records"));
  g_assert_nonnull (strstr (text, "95% confident"));
  g_assert_nonnull (strstr (text, "z = 1.960"));
  g_assert_nonnull (strstr (text, "= 384.1"));
  g_assert_nonnull (strstr (text, "= 370.0"));
  g_assert_nonnull (strstr (text, "p = 50%"));
}

/* Allocation */

static void
assert_allocation (const gint64 *population,
                   guint         n,
                   gint64        size,
                   gint64        min,
                   const gint64 *expected)
{
  g_autoptr(GError) error = NULL;
  gint64 out[16];

  g_assert_true (pl_sampling_allocate (population, n, size, min, out, &error));
  g_assert_no_error (error);
  for (guint h = 0; h < n; h++)
    g_assert_cmpint (out[h], ==, expected[h]);
}

static void
test_allocate_hand (void)
{
  /* Exact quotas. */
  assert_allocation ((gint64[]) { 50, 30, 20 }, 3, 10, 0, (gint64[]) { 5, 3, 2 });
  /* Quotas 0.5, 0.3, 0.2: the one record goes to the largest remainder. */
  assert_allocation ((gint64[]) { 5, 3, 2 }, 3, 1, 0, (gint64[]) { 1, 0, 0 });
  /* Quotas 1.5, 1.5, 1.0: equal remainders, equal sizes → the earlier. */
  assert_allocation ((gint64[]) { 3, 3, 2 }, 3, 4, 0, (gint64[]) { 2, 1, 1 });
  /* Quotas 0.5 and 1.5: equal remainders → the larger stratum. */
  assert_allocation ((gint64[]) { 1, 3 }, 2, 2, 0, (gint64[]) { 0, 2 });
  /* Minimum 3: 3, 3, 2 first (the last has only 2); 12 left over N 100
   * and 5: quotas 11.43 and 0.57 → 11 + 0, the last one to the 0.57. */
  assert_allocation ((gint64[]) { 100, 5, 2 }, 3, 20, 3, (gint64[]) { 14, 4, 2 });
  /* Minimum 3 of 4 leaves room for 1, but its quota of the 54 left is
   * 2.08: it is filled and the rest goes to the other. */
  assert_allocation ((gint64[]) { 4, 100 }, 2, 60, 3, (gint64[]) { 4, 56 });
  /* The whole population. */
  assert_allocation ((gint64[]) { 7, 0, 2 }, 3, 9, 1, (gint64[]) { 7, 0, 2 });
}

static void
test_allocate_errors (void)
{
  g_autoptr(GError) error = NULL;
  gint64 out[3] = { -1, -1, -1 };

  g_assert_false (pl_sampling_allocate ((gint64[]) { 10, 10, 10 }, 3, 31, 0, out, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "31"));
  g_clear_error (&error);

  g_assert_false (pl_sampling_allocate ((gint64[]) { 10, 10, 10 }, 3, 5, 2, out, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "minimum"));
  g_clear_error (&error);

  g_assert_false (pl_sampling_allocate ((gint64[]) { 10, 10, 10 }, 3, -1, 0, out, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
}

/* Random strata: the sum is exact, each share within 1 of its quota
 * (no minimum), minimums honoured and nobody above its size (with one). */
static void
test_allocate_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1970);

  for (guint trial = 0; trial < 500; trial++)
    {
      guint n = g_rand_int_range (rand, 1, 12);
      gint64 population[12], out[12], total = 0, size, sum = 0;
      gint64 min = g_rand_int_range (rand, 0, 4);

      for (guint h = 0; h < n; h++)
        total += population[h] = g_rand_int_range (rand, 0, 500);
      if (total == 0)
        continue;
      size = g_rand_int_range (rand, 0, (gint32) total + 1);

      g_assert_true (pl_sampling_allocate (population, n, size, 0, out, NULL));
      for (guint h = 0; h < n; h++)
        {
          double quota = (double) size * population[h] / total;

          g_assert_cmpfloat (fabs (out[h] - quota), <, 1.0);
          sum += out[h];
        }
      g_assert_cmpint (sum, ==, size);

      sum = 0;
      if (pl_sampling_allocate (population, n, size, min, out, NULL))
        {
          for (guint h = 0; h < n; h++)
            {
              g_assert_cmpint (out[h], >=, MIN (min, population[h]));
              g_assert_cmpint (out[h], <=, population[h]);
              sum += out[h];
            }
          g_assert_cmpint (sum, ==, size);
        }
      else
        {
          gint64 needed = 0;

          for (guint h = 0; h < n; h++)
            needed += MIN (min, population[h]);
          g_assert_cmpint (needed, >, size);
        }
    }
}

/* Frames */

static PlSamplingFrame *
august_frame (PlFrameEntity entity)
{
  g_autoptr(PlFrameFilter) filter = pl_frame_filter_new ();
  PlSamplingFrame *frame = pl_sampling_frame_new ("August", entity);

  filter->period_start = g_strdup ("2026-08-01");
  filter->period_end = g_strdup ("2026-08-31");
  pl_sampling_frame_set_filter (frame, filter);
  return frame;
}

static void
test_frame_counts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSamplingFrame) august = august_frame (PL_FRAME_INTERACTIONS);
  g_autoptr(PlSamplingFrame) customers = august_frame (PL_FRAME_CUSTOMERS);
  g_autoptr(PlSamplingFrame) responses = august_frame (PL_FRAME_RESPONSES);
  g_autoptr(PlSamplingFrame) filtered = august_frame (PL_FRAME_INTERACTIONS);
  g_autoptr(PlFrameFilter) filter = NULL;
  gint64 n;

  g_assert_true (pl_sampling_frame_count (NULL, demo, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, query_int ("SELECT count (*) FROM interactions"));

  g_assert_true (pl_sampling_frame_count (august, demo, &n, &error));
  g_assert_cmpint (n, ==, query_int ("SELECT count (*) FROM interactions"
                                     " WHERE occurred_at BETWEEN '2026-08-01' AND '2026-08-31T23:59:59Z'"));
  g_assert_cmpint (n, ==, 8451);

  g_assert_true (pl_sampling_frame_count (customers, demo, &n, &error));
  g_assert_cmpint (n, ==, query_int ("SELECT count (DISTINCT customer_ref) FROM interactions"
                                     " WHERE substr (occurred_at, 1, 7) = '2026-08'"));

  /* Excluded and trashed responses are not in the frame. */
  g_assert_true (pl_sampling_frame_count (responses, demo, &n, &error));
  g_assert_cmpint (n, ==, query_int ("SELECT count (*) FROM responses"
                                     " WHERE responded_on BETWEEN '2026-08-01' AND '2026-08-31'"));
  exec_sql ("UPDATE responses SET excluded = 1 WHERE id = (SELECT min (id) FROM responses WHERE responded_on >= '2026-08-01');"
            "UPDATE responses SET trashed_at = '2026-09-01T00:00:00Z' WHERE id = (SELECT max (id) FROM responses WHERE responded_on <= '2026-08-31')");
  {
    gint64 fewer;

    g_assert_true (pl_sampling_frame_count (responses, demo, &fewer, &error));
    g_assert_cmpint (fewer, ==, n - 2);
  }
  exec_sql ("UPDATE responses SET excluded = 0, trashed_at = NULL");

  /* Channel and team: team 2's telephone calls in August. */
  filter = pl_frame_filter_copy (pl_sampling_frame_get_filter (filtered));
  pl_frame_filter_add_id (&filter->channel_ids, 1);
  pl_frame_filter_add_id (&filter->team_ids, 2);
  pl_sampling_frame_set_filter (filtered, filter);
  g_assert_true (pl_sampling_frame_count (filtered, demo, &n, &error));
  g_assert_cmpint (n, ==, query_int ("SELECT count (*) FROM interactions i JOIN colleagues c ON c.id = i.colleague_id"
                                     " WHERE substr (occurred_at, 1, 7) = '2026-08' AND channel_id = 1 AND c.team_id = 2"));
  g_assert_cmpint (n, >, 0);

  /* A backwards period is refused. */
  g_free (filter->period_end);
  filter->period_end = g_strdup ("2026-07-01");
  pl_sampling_frame_set_filter (filtered, filter);
  g_assert_false (pl_sampling_frame_count (filtered, demo, &n, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
}

static void
test_frame_storage (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSamplingFrame) frame = august_frame (PL_FRAME_INTERACTIONS);
  g_autoptr(PlSamplingFrame) twin = august_frame (PL_FRAME_CUSTOMERS);
  g_autoptr(PlSamplingFrame) unnamed = pl_sampling_frame_new ("  ", PL_FRAME_INTERACTIONS);
  g_autoptr(PlSamplingFrame) sizeless = pl_sampling_frame_new ("Callers", PL_FRAME_POPULATION);
  g_autoptr(PlSamplingFrame) found = NULL;
  g_autoptr(GListModel) frames = NULL;
  gint64 before = query_int ("SELECT count (*) FROM sampling_frames");
  gint64 n;

  pl_sampling_frame_set_name (frame, "Storage: August calls");
  g_assert_true (pl_sampling_frame_save (frame, demo, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_sampling_frame_get_id (frame), >, 0);

  pl_sampling_frame_set_name (twin, "Storage: August calls");
  g_assert_false (pl_sampling_frame_save (twin, demo, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (pl_sampling_frame_save (unnamed, demo, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_sampling_frame_save (sizeless, demo, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int ("SELECT count (*) FROM sampling_frames"), ==, before + 1);

  found = pl_sampling_frame_find (demo, "Storage: August calls", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_sampling_frame_get_id (found), ==, pl_sampling_frame_get_id (frame));
  g_assert_cmpint (pl_sampling_frame_get_entity (found), ==, PL_FRAME_INTERACTIONS);
  g_assert_cmpstr (pl_sampling_frame_get_filter (found)->period_end, ==, "2026-08-31");
  g_assert_null (pl_sampling_frame_get_filter (found)->channel_ids);
  g_assert_true (pl_sampling_frame_count (found, demo, &n, &error));
  g_assert_cmpint (n, ==, 8451);

  g_clear_object (&found);
  found = pl_sampling_frame_find (demo, "No such frame", &error);
  g_assert_null (found);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“No such frame”"));
  g_assert_nonnull (strstr (error->message, "“Storage: August calls”"));
  g_clear_error (&error);

  frames = pl_sampling_frame_list (demo, &error);
  g_assert_cmpuint (g_list_model_get_n_items (frames), ==, before + 1);

  g_assert_true (pl_sampling_frame_delete (demo, pl_sampling_frame_get_id (frame), &error));
  g_assert_cmpint (query_int ("SELECT count (*) FROM sampling_frames"), ==, before);
  g_assert_false (pl_sampling_frame_delete (demo, pl_sampling_frame_get_id (frame), &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

static void
test_population_frame (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSamplingFrame) frame = pl_sampling_frame_new ("All our callers", PL_FRAME_POPULATION);
  g_autoptr(PlSample) sample = NULL;
  PlDrawSettings settings;
  gint64 samples = query_int ("SELECT count (*) FROM samples");
  gint64 n;

  pl_sampling_frame_set_population (frame, 5000);
  g_assert_true (pl_sampling_frame_save (frame, demo, &error));
  g_assert_true (pl_sampling_frame_count (frame, demo, &n, &error));
  g_assert_cmpint (n, ==, 5000);

  pl_draw_settings_init (&settings);
  settings.size = 357;
  sample = pl_sample_draw (demo, frame, &settings, &error);
  g_assert_null (sample);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "population size only"));
  g_assert_cmpint (query_int ("SELECT count (*) FROM samples"), ==, samples);
  g_assert_true (pl_sampling_frame_delete (demo, pl_sampling_frame_get_id (frame), NULL));
}

/* Drawing */

static GArray *
item_ids (PlSample *sample)
{
  GListModel *items = pl_sample_get_items (sample);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(PlSampleItem) item = g_list_model_get_item (items, i);
      gint64 id = pl_sample_item_get_interaction_id (item);

      g_assert_cmpint (pl_sample_item_get_position (item), ==, i + 1);
      g_array_append_val (ids, id);
    }

  return ids;
}

static gboolean
same_ids (GArray *a,
          GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (gint64)) == 0;
}

static PlSample *
draw (PlSamplingFrame *frame,
      PlSampleMethod   method,
      gint64           size,
      guint32          seed)
{
  g_autoptr(GError) error = NULL;
  PlDrawSettings settings;
  PlSample *sample;

  pl_draw_settings_init (&settings);
  settings.method = method;
  settings.size = size;
  settings.has_seed = TRUE;
  settings.seed = seed;
  sample = pl_sample_draw (demo, frame, &settings, &error);
  g_assert_no_error (error);
  return sample;
}

/* A recorded sample reads back as it was drawn, monitoring list and all. */
static void
test_sample_list_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSample) drawn = NULL;
  g_autoptr(PlSample) loaded = NULL;
  g_autoptr(PlSample) newest = NULL;
  g_autoptr(GListModel) samples = NULL;
  g_autoptr(GArray) drawn_ids = NULL;
  g_autoptr(GArray) loaded_ids = NULL;
  const PlStratumField *strata;
  PlDrawSettings settings;
  guint n_strata = 0;

  pl_draw_settings_init (&settings);
  settings.method = PL_SAMPLE_STRATIFIED;
  settings.size = 60;
  settings.strata[0] = PL_STRATUM_TEAM;
  settings.strata[1] = PL_STRATUM_CHANNEL;
  settings.n_strata = 2;
  settings.has_seed = TRUE;
  settings.seed = 4242;
  drawn = pl_sample_draw (demo, NULL, &settings, &error);
  g_assert_no_error (error);

  samples = pl_sample_list (demo, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (samples), <=, 3);
  newest = g_list_model_get_item (samples, 0);
  g_assert_cmpint (pl_sample_get_id (newest), ==, pl_sample_get_id (drawn));
  g_assert_cmpint (pl_sample_get_method (newest), ==, PL_SAMPLE_STRATIFIED);
  g_assert_cmpint (pl_sample_get_size (newest), ==, 60);
  g_assert_cmpint (pl_sample_get_population (newest), ==, pl_sample_get_population (drawn));
  g_assert_cmpuint (pl_sample_get_seed (newest), ==, 4242);
  g_assert_cmpstr (pl_sample_get_frame_name (newest), ==, pl_sample_get_frame_name (drawn));
  g_assert_cmpstr (pl_sample_get_drawn_at (newest), ==, pl_sample_get_drawn_at (drawn));
  strata = pl_sample_get_strata (newest, &n_strata);
  g_assert_cmpuint (n_strata, ==, 2);
  g_assert_cmpint (strata[0], ==, PL_STRATUM_TEAM);
  g_assert_cmpint (strata[1], ==, PL_STRATUM_CHANNEL);
  g_assert_null (pl_sample_get_items (newest));

  loaded = pl_sample_load (demo, pl_sample_get_id (drawn), &error);
  g_assert_no_error (error);
  drawn_ids = item_ids (drawn);
  loaded_ids = item_ids (loaded);
  g_assert_cmpuint (loaded_ids->len, ==, 60);
  g_assert_cmpmem (loaded_ids->data, loaded_ids->len * sizeof (gint64),
                   drawn_ids->data, drawn_ids->len * sizeof (gint64));

  g_assert_null (pl_sample_load (demo, 987654, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

static void
test_draw_reproducible (void)
{
  g_autoptr(PlSample) first = draw (NULL, PL_SAMPLE_SIMPLE, 50, 42);
  g_autoptr(PlSample) again = draw (NULL, PL_SAMPLE_SIMPLE, 50, 42);
  g_autoptr(PlSample) other = draw (NULL, PL_SAMPLE_SIMPLE, 50, 43);
  g_autoptr(GArray) ids1 = item_ids (first);
  g_autoptr(GArray) ids2 = item_ids (again);
  g_autoptr(GArray) ids3 = item_ids (other);
  g_autofree char *sql = NULL;

  g_assert_cmpuint (ids1->len, ==, 50);
  g_assert_true (same_ids (ids1, ids2));
  g_assert_false (same_ids (ids1, ids3));
  g_assert_cmpint (pl_sample_get_id (first), !=, pl_sample_get_id (again));
  g_assert_cmpint (pl_sample_get_population (first), ==, query_int ("SELECT count (*) FROM interactions"));

  /* Distinct, in frame (id) order. */
  for (guint i = 1; i < ids1->len; i++)
    g_assert_cmpint (g_array_index (ids1, gint64, i - 1), <, g_array_index (ids1, gint64, i));

  sql = g_strdup_printf ("SELECT count (*) FROM samples WHERE id = %" G_GINT64_FORMAT
                         " AND seed = 42 AND size = 50 AND method = 'simple' AND frame_id IS NULL"
                         " AND strata = '[]' AND confidence IS NULL",
                         pl_sample_get_id (first));
  g_assert_cmpint (query_int (sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM sample_items WHERE sample_id = %" G_GINT64_FORMAT
                         " AND status = 'pending' AND interaction_id IS NOT NULL AND stratum IS NULL",
                         pl_sample_get_id (first));
  g_assert_cmpint (query_int (sql), ==, 50);

  /* The first three of seed 42 over the default demo, pinned: a change of
   * algorithm, or of GRand, would redraw recorded samples differently. */
  g_assert_cmpint (g_array_index (ids1, gint64, 0), ==, 499);
  g_assert_cmpint (g_array_index (ids1, gint64, 1), ==, 822);
  g_assert_cmpint (g_array_index (ids1, gint64, 2), ==, 2710);
}

static void
test_draw_seed_recorded (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(PlSample) replay = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) replay_ids = NULL;
  g_autofree char *sql = NULL;
  PlDrawSettings settings;

  pl_draw_settings_init (&settings);
  settings.size = 20;
  settings.has_size_inputs = TRUE;
  settings.confidence = 0.95;
  settings.margin = 0.05;
  settings.proportion = 0.5;
  sample = pl_sample_draw (demo, NULL, &settings, &error);
  g_assert_no_error (error);

  sql = g_strdup_printf ("SELECT seed FROM samples WHERE id = %" G_GINT64_FORMAT, pl_sample_get_id (sample));
  g_assert_cmpint (query_int (sql), ==, pl_sample_get_seed (sample));
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM samples WHERE id = %" G_GINT64_FORMAT
                         " AND confidence = 0.95 AND margin = 0.05 AND proportion = 0.5",
                         pl_sample_get_id (sample));
  g_assert_cmpint (query_int (sql), ==, 1);

  /* The recorded seed draws the same sample again. */
  replay = draw (NULL, PL_SAMPLE_SIMPLE, 20, pl_sample_get_seed (sample));
  ids = item_ids (sample);
  replay_ids = item_ids (replay);
  g_assert_true (same_ids (ids, replay_ids));
}

static void
test_draw_systematic (void)
{
  g_autoptr(PlSamplingFrame) august = august_frame (PL_FRAME_INTERACTIONS);
  g_autoptr(PlSample) sample = draw (august, PL_SAMPLE_SYSTEMATIC, 100, 7);
  g_autoptr(PlSample) again = draw (august, PL_SAMPLE_SYSTEMATIC, 100, 7);
  g_autoptr(GArray) ids = item_ids (sample);
  g_autoptr(GArray) ids_again = item_ids (again);
  sqlite3 *db = pl_workspace_get_db (demo);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GArray) frame_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  double k = 8451 / 100.0;
  guint at = 0;
  gint64 previous = -1;

  g_assert_cmpuint (ids->len, ==, 100);
  g_assert_true (same_ids (ids, ids_again));
  g_assert_cmpint (pl_sample_get_method (sample), ==, PL_SAMPLE_SYSTEMATIC);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM interactions WHERE substr (occurred_at, 1, 7) = '2026-08'"
                                       " ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (frame_ids, id);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (frame_ids->len, ==, 8451);

  /* Each drawn record's place in the frame: consecutive places are 84 or
   * 85 apart (k = 84.51), the first within the first interval. */
  for (guint i = 0; i < ids->len; i++)
    {
      while (g_array_index (frame_ids, gint64, at) != g_array_index (ids, gint64, i))
        at++;
      if (previous < 0)
        g_assert_cmpfloat (at, <, k);
      else
        {
          g_assert_cmpint (at - previous, >=, (gint64) floor (k));
          g_assert_cmpint (at - previous, <=, (gint64) ceil (k));
        }
      previous = at;
    }
}

/* 5% of last month's (August's) interactions, stratified by channel and
 * team: the shares add up to the size, each is within one of its quota
 * N_h × n / N, and the items of each stratum match its share. */
static void
test_draw_stratified (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSamplingFrame) august = august_frame (PL_FRAME_INTERACTIONS);
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(PlSample) again = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) ids_again = NULL;
  g_autoptr(GHashTable) per_label = g_hash_table_new (g_str_hash, g_str_equal);
  PlDrawSettings settings;
  GListModel *items;
  GArray *allocation;
  const gint64 N = 8451;
  const gint64 n = 423;       /* 5% of 8451 = 422.55, rounded */
  gint64 sum = 0, pop_sum = 0;

  pl_draw_settings_init (&settings);
  settings.size = n;
  settings.strata[0] = PL_STRATUM_CHANNEL;
  settings.strata[1] = PL_STRATUM_TEAM;
  settings.n_strata = 2;
  settings.has_seed = TRUE;
  settings.seed = 2026;
  sample = pl_sample_draw (demo, august, &settings, &error);
  g_assert_no_error (error);
  again = pl_sample_draw (demo, august, &settings, &error);
  g_assert_no_error (error);
  ids = item_ids (sample);
  ids_again = item_ids (again);
  g_assert_true (same_ids (ids, ids_again));

  g_assert_cmpint (pl_sample_get_method (sample), ==, PL_SAMPLE_STRATIFIED);
  g_assert_cmpint (pl_sample_get_population (sample), ==, N);
  items = pl_sample_get_items (sample);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, n);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(PlSampleItem) item = g_list_model_get_item (items, i);
      const char *label = pl_sample_item_get_stratum (item);

      g_assert_nonnull (label);
      g_assert_cmpstr (pl_sample_item_get_occurred_on (item), >=, "2026-08-01");
      g_assert_cmpstr (pl_sample_item_get_occurred_on (item), <=, "2026-08-31");
      g_assert_true (g_str_has_prefix (label, pl_sample_item_get_channel_name (item)));
      g_hash_table_insert (per_label, (gpointer) g_intern_string (label),
                           GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (per_label, label)) + 1));
    }

  allocation = pl_sample_get_allocation (sample);
  /* 5 channels × 2 teams, plus abandoned telephone calls with no colleague. */
  g_assert_cmpuint (allocation->len, ==, query_int ("SELECT count (*) FROM (SELECT DISTINCT i.channel_id, c.team_id"
                                                    " FROM interactions i LEFT JOIN colleagues c ON c.id = i.colleague_id"
                                                    " WHERE substr (occurred_at, 1, 7) = '2026-08')"));
  for (guint h = 0; h < allocation->len; h++)
    {
      const PlStratumAllocation *a = &g_array_index (allocation, PlStratumAllocation, h);
      double quota = (double) n * a->population / N;

      g_test_message ("%s: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " (quota %.2f)",
                      a->label, a->size, a->population, quota);
      g_assert_cmpfloat (fabs (a->size - quota), <, 1.0);
      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (per_label, a->label)), ==, a->size);
      sum += a->size;
      pop_sum += a->population;
    }
  g_assert_cmpint (sum, ==, n);
  g_assert_cmpint (pop_sum, ==, N);

  /* The allocation is stored with the sample and comes back as drawn. */
  {
    g_autoptr(PlSample) loaded = pl_sample_load (demo, pl_sample_get_id (sample), &error);
    GArray *stored;

    g_assert_no_error (error);
    stored = pl_sample_get_allocation (loaded);
    g_assert_cmpuint (stored->len, ==, allocation->len);
    for (guint h = 0; h < stored->len; h++)
      {
        const PlStratumAllocation *a = &g_array_index (allocation, PlStratumAllocation, h);
        const PlStratumAllocation *b = &g_array_index (stored, PlStratumAllocation, h);

        g_assert_cmpstr (b->label, ==, a->label);
        g_assert_cmpint (b->population, ==, a->population);
        g_assert_cmpint (b->size, ==, a->size);
      }
  }

  /* The first stratum is telephone, Customer Care's count checked by SQL. */
  {
    const PlStratumAllocation *a = &g_array_index (allocation, PlStratumAllocation, 1);

    g_assert_cmpstr (a->label, ==, "Telephone · Customer Care");
    g_assert_cmpint (a->population, ==, query_int ("SELECT count (*) FROM interactions i JOIN colleagues c ON c.id = i.colleague_id"
                                                   " WHERE substr (occurred_at, 1, 7) = '2026-08' AND channel_id = 1 AND c.team_id = 1"));
  }
}

/* A sample serves a review: it is assigned, and the colleagues on its
 * monitoring list whom no staff notice covers are named for the plan. */
static void
test_review_link (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlReview) review = pl_review_new ();
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(PlSample) loaded = NULL;
  g_autoptr(GListModel) unnoticed = NULL;
  g_autofree char *review_id_text = NULL;
  PlDrawSettings settings;
  gint64 review_id, sample_id, expected, items = 0;

  pl_review_set_title (review, "Sampling: link test");
  pl_review_set_period_start (review, "2026-08-01");
  pl_review_set_period_end (review, "2026-08-31");
  g_assert_true (pl_review_save (review, demo, &error));
  g_assert_no_error (error);
  review_id = pl_review_get_id (review);

  exec_sql ("DELETE FROM monitoring_notices");
  pl_draw_settings_init (&settings);
  settings.size = 40;
  settings.has_seed = TRUE;
  settings.seed = 7;
  sample = pl_sample_draw (demo, NULL, &settings, &error);
  g_assert_no_error (error);
  sample_id = pl_sample_get_id (sample);
  g_assert_cmpint (pl_sample_get_review_id (sample), ==, 0);

  /* Not yet in the review: nobody to warn about. */
  unnoticed = pl_sample_list_unnoticed_colleagues (demo, review_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (unnoticed), ==, 0);
  g_clear_object (&unnoticed);

  g_assert_true (pl_sample_assign_review (demo, sample_id, review_id, &error));
  g_assert_no_error (error);
  loaded = pl_sample_load (demo, sample_id, &error);
  g_assert_cmpint (pl_sample_get_review_id (loaded), ==, review_id);
  review_id_text = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE action = 'assign_review'"
                                    " AND entity_id = %" G_GINT64_FORMAT, sample_id);
  g_assert_cmpint (query_int (review_id_text), ==, 1);

  /* Every colleague of the sample, with no notice at all: as many as the
   * distinct colleagues on the list, their items adding up. */
  expected = query_int ("SELECT count (DISTINCT colleague_id) FROM sample_items"
                        " WHERE colleague_id IS NOT NULL AND sample_id = (SELECT max (id) FROM samples)");
  unnoticed = pl_sample_list_unnoticed_colleagues (demo, review_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_list_model_get_n_items (unnoticed), ==, expected);
  g_assert_cmpint (expected, >, 1);
  for (guint i = 0; i < g_list_model_get_n_items (unnoticed); i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (unnoticed, i);

      items += g_ascii_strtoll (pl_item_get_detail (item), NULL, 10);
      g_assert_true (g_str_has_suffix (pl_item_get_detail (item), "on the monitoring list"));
    }
  g_assert_cmpint (items, ==, query_int ("SELECT count (*) FROM sample_items WHERE colleague_id IS NOT NULL"
                                         " AND sample_id = (SELECT max (id) FROM samples)"));
  g_clear_object (&unnoticed);

  /* A notice for all staff, given before the period, covers everyone. */
  exec_sql ("INSERT INTO monitoring_notices (audience, method, given_on, team_id, text, created_at)"
            " VALUES ('staff', 'email', '2026-01-05', NULL, 'Calls may be monitored.', '2026-01-05T09:00:00Z')");
  unnoticed = pl_sample_list_unnoticed_colleagues (demo, review_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (unnoticed), ==, 0);
  exec_sql ("DELETE FROM monitoring_notices");

  /* Failure paths change nothing. */
  g_assert_false (pl_sample_assign_review (demo, sample_id, 987654, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pl_sample_assign_review (demo, 987654, review_id, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int ("SELECT review_id FROM samples WHERE id = (SELECT max (id) FROM samples)"), ==, review_id);

  g_assert_true (pl_sample_assign_review (demo, sample_id, 0, &error));
  g_assert_cmpint (query_int ("SELECT count (*) FROM samples WHERE id = (SELECT max (id) FROM samples)"
                              " AND review_id IS NULL"), ==, 1);
}

static void
test_draw_invalid (void)
{
  g_autoptr(PlSamplingFrame) august = august_frame (PL_FRAME_INTERACTIONS);
  gint64 samples = query_int ("SELECT count (*) FROM samples");
  gint64 items = query_int ("SELECT count (*) FROM sample_items");
  PlDrawSettings settings;
  struct { gint64 size; PlSampleMethod method; guint n_strata; gint64 min; } bad[] = {
    { 0, PL_SAMPLE_SIMPLE, 0, 0 },
    { 8452, PL_SAMPLE_SIMPLE, 0, 0 },
    { 10, PL_SAMPLE_STRATIFIED, 0, 0 },
    { 10, PL_SAMPLE_SIMPLE, 0, 2 },
    { 10, PL_SAMPLE_STRATIFIED, 1, 5 },    /* 11 strata × 5 > 10 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlSample) sample = NULL;

      pl_draw_settings_init (&settings);
      settings.size = bad[i].size;
      settings.method = bad[i].method;
      settings.n_strata = bad[i].n_strata;
      settings.strata[0] = PL_STRATUM_COLLEAGUE;
      settings.min_per_stratum = bad[i].min;
      sample = pl_sample_draw (demo, august, &settings, &error);
      g_assert_null (sample);
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
    }

  g_assert_cmpint (query_int ("SELECT count (*) FROM samples"), ==, samples);
  g_assert_cmpint (query_int ("SELECT count (*) FROM sample_items"), ==, items);
}

static void
test_draw_customers_week (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSamplingFrame) customers = august_frame (PL_FRAME_CUSTOMERS);
  g_autoptr(PlSample) sample = NULL;
  PlDrawSettings settings;
  GListModel *items;
  GArray *allocation;

  pl_draw_settings_init (&settings);
  settings.size = 30;
  settings.strata[0] = PL_STRATUM_WEEK;
  settings.n_strata = 1;
  settings.min_per_stratum = 2;
  settings.has_seed = TRUE;
  settings.seed = 5;
  sample = pl_sample_draw (demo, customers, &settings, &error);
  g_assert_no_error (error);

  items = pl_sample_get_items (sample);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 30);
  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(PlSampleItem) item = g_list_model_get_item (items, i);

      g_assert_cmpint (pl_sample_item_get_interaction_id (item), ==, 0);
      g_assert_true (g_str_has_prefix (pl_sample_item_get_customer_ref (item), "CUS-"));
      g_assert_true (g_str_has_prefix (pl_sample_item_get_stratum (item), "Week of 2026-0"));
    }

  /* August 2026 touches the weeks of 27 July to 31 August: six weeks, the
   * short first and last ones still get their minimum of two. */
  allocation = pl_sample_get_allocation (sample);
  g_assert_cmpuint (allocation->len, ==, 6);
  g_assert_cmpstr (g_array_index (allocation, PlStratumAllocation, 0).label, ==, "Week of 2026-07-27");
  g_assert_cmpstr (g_array_index (allocation, PlStratumAllocation, 5).label, ==, "Week of 2026-08-31");
  for (guint h = 0; h < allocation->len; h++)
    g_assert_cmpint (g_array_index (allocation, PlStratumAllocation, h).size, >=, 2);
}

/* The monitoring list */

static void
test_item_status (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSample) sample = draw (NULL, PL_SAMPLE_SIMPLE, 3, 99);
  g_autoptr(PlSampleItem) item = g_list_model_get_item (pl_sample_get_items (sample), 0);
  g_autoptr(GListModel) reloaded = NULL;
  g_autoptr(PlSampleItem) fresh = NULL;
  g_autofree char *sql = NULL;
  gint64 audits = query_int ("SELECT count (*) FROM audit_log WHERE entity = 'sample_item'");

  g_assert_cmpint (pl_sample_item_get_status (item), ==, PL_SAMPLE_ITEM_PENDING);

  /* No reason, no skip: nothing changes. */
  g_assert_false (pl_sample_item_skip (item, demo, "   ", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_sample_item_skip (item, demo, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pl_sample_item_get_status (item), ==, PL_SAMPLE_ITEM_PENDING);
  sql = g_strdup_printf ("SELECT count (*) FROM sample_items WHERE id = %" G_GINT64_FORMAT
                         " AND status = 'pending'", pl_sample_item_get_id (item));
  g_assert_cmpint (query_int (sql), ==, 1);

  g_assert_true (pl_sample_item_skip (item, demo, " Recording missing ", &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_sample_item_get_status (item), ==, PL_SAMPLE_ITEM_SKIPPED);
  g_assert_cmpstr (pl_sample_item_get_skip_reason (item), ==, "Recording missing");

  /* A missing observation is refused, and the skip stays. */
  g_assert_false (pl_sample_item_mark_monitored (item, demo, 987654, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (pl_sample_item_get_status (item), ==, PL_SAMPLE_ITEM_SKIPPED);

  g_assert_true (pl_sample_item_mark_monitored (item, demo, 1, &error));
  g_assert_no_error (error);
  g_assert_null (pl_sample_item_get_skip_reason (item));
  g_assert_cmpint (pl_sample_item_get_observation_id (item), ==, 1);

  reloaded = pl_sample_list_items (demo, pl_sample_get_id (sample), &error);
  g_assert_no_error (error);
  fresh = g_list_model_get_item (reloaded, 0);
  g_assert_cmpint (pl_sample_item_get_status (fresh), ==, PL_SAMPLE_ITEM_MONITORED);
  g_assert_cmpint (pl_sample_item_get_observation_id (fresh), ==, 1);

  g_assert_true (pl_sample_item_reset (item, demo, &error));
  g_assert_cmpint (pl_sample_item_get_status (item), ==, PL_SAMPLE_ITEM_PENDING);
  g_assert_cmpint (pl_sample_item_get_observation_id (item), ==, 0);
  g_assert_cmpint (query_int (sql), ==, 1);

  /* Three changes made, three audited. */
  g_assert_cmpint (query_int ("SELECT count (*) FROM audit_log WHERE entity = 'sample_item'"), ==, audits + 3);

  g_clear_object (&reloaded);
  reloaded = pl_sample_list_items (demo, 987654, &error);
  g_assert_null (reloaded);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

static gboolean
notice_missing (gint64      sample_id,
                const char *condition_sql)
{
  g_autoptr(GListModel) items = pl_sample_list_items (demo, sample_id, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT si.id FROM sample_items si"
                                          " LEFT JOIN colleagues c ON c.id = si.colleague_id"
                                          " WHERE si.sample_id = %" G_GINT64_FORMAT " AND %s"
                                          " ORDER BY si.position LIMIT 1", sample_id, condition_sql);
  gint64 id = query_int (sql);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(PlSampleItem) item = g_list_model_get_item (items, i);

      if (pl_sample_item_get_id (item) == id)
        return pl_sample_item_get_notice_missing (item);
    }

  g_assert_not_reached ();
}

static void
test_notice_missing (void)
{
  g_autoptr(PlSample) sample = draw (NULL, PL_SAMPLE_SIMPLE, 400, 31);
  gint64 id = pl_sample_get_id (sample);
  const char *team1_late = "c.team_id = 1 AND si.occurred_on >= '2026-08-01'";
  const char *team2_late = "c.team_id = 2 AND si.occurred_on >= '2026-08-01'";
  const char *team1_early = "c.team_id = 1 AND si.occurred_on < '2026-08-01'";

  exec_sql ("DELETE FROM monitoring_notices");
  g_assert_true (notice_missing (id, team1_late));
  /* An abandoned call has no colleague, so nobody to tell. */
  g_assert_false (notice_missing (id, "si.colleague_id IS NULL"));

  /* Told on 1 August, Customer Care only. */
  exec_sql ("INSERT INTO monitoring_notices (audience, method, given_on, team_id, text, created_at)"
            " VALUES ('staff', 'team_meeting', '2026-08-01', 1, 'Calls are monitored', '2026-08-01T09:00:00Z')");
  g_assert_false (notice_missing (id, team1_late));
  g_assert_true (notice_missing (id, team2_late));
  g_assert_true (notice_missing (id, team1_early));

  /* A customers' notice, or a trashed one for everyone, tells no colleague. */
  exec_sql ("INSERT INTO monitoring_notices (audience, method, given_on, team_id, text, created_at)"
            " VALUES ('customers', 'recorded_message', '2026-03-01', NULL, 'Calls may be recorded', '2026-03-01T09:00:00Z');"
            "INSERT INTO monitoring_notices (audience, method, given_on, team_id, text, trashed_at, created_at)"
            " VALUES ('staff', 'email', '2026-03-01', NULL, 'Draft', '2026-03-02T09:00:00Z', '2026-03-01T09:00:00Z')");
  g_assert_true (notice_missing (id, team2_late));
  g_assert_true (notice_missing (id, team1_early));

  /* One for everyone from the start covers all. */
  exec_sql ("INSERT INTO monitoring_notices (audience, method, given_on, team_id, text, created_at)"
            " VALUES ('staff', 'email', '2026-03-01', NULL, 'Monitoring policy', '2026-03-01T09:00:00Z')");
  g_assert_false (notice_missing (id, team2_late));
  g_assert_false (notice_missing (id, team1_early));

  exec_sql ("DELETE FROM monitoring_notices");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/sampling/size/krejcie-morgan", test_size_krejcie_morgan);
  g_test_add_func ("/core/sampling/size/values", test_size_values);
  g_test_add_func ("/core/sampling/size/invalid", test_size_invalid);
  g_test_add_func ("/core/sampling/size/explain", test_size_explain);
  g_test_add_func ("/core/sampling/allocate/hand", test_allocate_hand);
  g_test_add_func ("/core/sampling/allocate/errors", test_allocate_errors);
  g_test_add_func ("/core/sampling/allocate/random", test_allocate_random);
  g_test_add_func ("/core/sampling/frame/counts", test_frame_counts);
  g_test_add_func ("/core/sampling/frame/storage", test_frame_storage);
  g_test_add_func ("/core/sampling/frame/population", test_population_frame);
  g_test_add_func ("/core/sampling/draw/reproducible", test_draw_reproducible);
  g_test_add_func ("/core/sampling/draw/seed-recorded", test_draw_seed_recorded);
  g_test_add_func ("/core/sampling/draw/systematic", test_draw_systematic);
  g_test_add_func ("/core/sampling/draw/list-load", test_sample_list_load);
  g_test_add_func ("/core/sampling/draw/stratified", test_draw_stratified);
  g_test_add_func ("/core/sampling/draw/customers-by-week", test_draw_customers_week);
  g_test_add_func ("/core/sampling/draw/invalid", test_draw_invalid);
  g_test_add_func ("/core/sampling/items/status", test_item_status);
  g_test_add_func ("/core/sampling/items/notice-missing", test_notice_missing);
  g_test_add_func ("/core/sampling/review-link", test_review_link);

  tmp_dir = g_dir_make_tmp ("plumbline-sampling-XXXXXX", &error);
  g_assert_no_error (error);
  demo_path = g_build_filename (tmp_dir, "demo.plumbline", NULL);
  demo = pl_demo_create (demo_path, PL_DEMO_DEFAULT_SEED, NULL, &error);
  g_assert_no_error (error);

  result = g_test_run ();

  g_clear_object (&demo);
  {
    g_autofree char *wal = g_strconcat (demo_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (demo_path, "-shm", NULL);

    g_unlink (demo_path);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (tmp_dir);
  g_free (demo_path);
  g_free (tmp_dir);

  return result;
}
