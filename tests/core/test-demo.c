/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/pl-demo.h"
#include "core/pl-error.h"
#include "core/pl-kpi.h"
#include "core/pl-workspace.h"

/* One demo workspace, made once with the default seed, that the read-only
 * tests share. */
static char *tmp_dir;
static PlWorkspace *demo;

static sqlite3 *
db (void)
{
  return pl_workspace_get_db (demo);
}

static double
query_double_db (sqlite3    *database,
                 const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  double value;

  if (sqlite3_prepare_v2 (database, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (database));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_type (stmt, 0), !=, SQLITE_NULL);
  value = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static double
query_double (const char *sql)
{
  return query_double_db (db (), sql);
}

static gint64
query_int (const char *sql)
{
  return (gint64) query_double (sql);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
remove_workspace (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static void
test_counts (void)
{
  gint64 n;

  n = query_int ("SELECT count(*) FROM interactions");
  g_assert_cmpint (n, >=, 47500);
  g_assert_cmpint (n, <=, 52500);

  n = query_int ("SELECT count(*) FROM responses");
  g_assert_cmpint (n, >=, 5400);
  g_assert_cmpint (n, <=, 6600);
  g_assert_cmpint (query_int ("SELECT count(*) FROM responses WHERE source <> 'demo'"), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM answers WHERE question_id = 1"), ==,
                   query_int ("SELECT count(*) FROM responses"));

  g_assert_cmpint (query_int ("SELECT count(*) FROM observations"), ==, 600);
  g_assert_cmpint (query_int ("SELECT count(*) FROM observation_scores"), ==, 6000);
  g_assert_cmpint (query_int ("SELECT count(*) FROM colleagues"), ==, 12);
  g_assert_cmpint (query_int ("SELECT count(*) FROM colleagues WHERE team_id IS NULL"), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM teams"), ==, 2);
  g_assert_cmpint (query_int ("SELECT count(*) FROM channels"), ==, 5);
  g_assert_cmpint (query_int ("SELECT count(*) FROM kpis"), ==, 8);
  g_assert_cmpint (query_int ("SELECT count(*) FROM kpis WHERE code IN ('csat', 'nps', 'ces', 'fcr',"
                              " 'asa', 'abandonment', 'complaints', 'qa') AND template = code"
                              " AND period = 'week'"), ==, 8);
  g_assert_cmpint (query_int ("SELECT count(*) FROM commitments WHERE kpi_id IS NOT NULL"), >=, 5);
  g_assert_cmpint (query_int ("SELECT count(*) FROM commitments c JOIN kpis k ON k.id = c.kpi_id"
                              " WHERE (k.code = 'asa' AND c.text LIKE '%20 seconds%')"
                              "    OR (k.code = 'complaints' AND c.text LIKE '%10 days%')"), ==, 2);
  g_assert_cmpint (query_int ("SELECT count(*) FROM service_offers"
                              " WHERE effective_from = '2026-01-05'"), ==, 1);
  n = query_int ("SELECT count(*) FROM complaints");
  g_assert_cmpint (n, >=, 200);
  g_assert_cmpint (n, <=, 300);

  g_assert_cmpint (query_int ("SELECT count(*) FROM criteria"), ==, 10);
  g_assert_cmpint (query_int ("SELECT count(*) FROM scorecard_sections"), ==, 4);
  g_assert_cmpint (query_int ("SELECT frozen FROM scorecards"), ==, 1);
  g_assert_cmpint (query_int ("SELECT count(*) FROM criteria WHERE critical = 'form'"
                              " AND text LIKE 'Verified the customer%'"), ==, 1);
  g_assert_cmpint (query_int ("SELECT count(*) FROM criteria WHERE allow_na"), ==, 1);

  /* The period: 26 weeks from Monday 2026-03-30 to Sunday 2026-09-27. */
  g_assert_cmpint (query_int ("SELECT min (occurred_at) >= '2026-03-30' FROM interactions"), ==, 1);
  g_assert_cmpint (query_int ("SELECT max (occurred_at) < '2026-09-28' FROM interactions"), ==, 1);
  g_assert_cmpint (query_int ("SELECT count(DISTINCT date (occurred_at, 'weekday 0', '-6 days'))"
                              " FROM interactions"), ==, 26);
}

static void
test_plausible (void)
{
  double share, median;

  /* Channel mix roughly 55 / 20 / 15 / 5 / 5. */
  share = query_double ("SELECT 100.0 * sum (channel_id = 1) / count(*) FROM interactions");
  g_assert_cmpfloat (share, >, 52);
  g_assert_cmpfloat (share, <, 58);
  share = query_double ("SELECT 100.0 * sum (channel_id = 2) / count(*) FROM interactions");
  g_assert_cmpfloat (share, >, 17);
  g_assert_cmpfloat (share, <, 23);

  /* Abandoned calls have no colleague; handled contacts all do. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM interactions WHERE abandoned"
                              " AND (colleague_id IS NOT NULL OR channel_id <> 1)"), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM interactions WHERE NOT abandoned"
                              " AND colleague_id IS NULL"), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM interactions"
                              " WHERE (channel_id = 1) <> (wait_s IS NOT NULL)"), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM interactions"
                              " WHERE customer_ref NOT GLOB 'CUS-[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]'"),
                   ==, 0);

  /* Skewed handling times: telephone median about 5 minutes, mean above it. */
  median = query_double ("SELECT handle_s FROM interactions WHERE channel_id = 1 AND NOT abandoned"
                         " ORDER BY handle_s LIMIT 1 OFFSET (SELECT count(*) / 2 FROM interactions"
                         " WHERE channel_id = 1 AND NOT abandoned)");
  g_assert_cmpfloat (median, >, 240);
  g_assert_cmpfloat (median, <, 360);
  g_assert_cmpfloat (query_double ("SELECT avg (handle_s) FROM interactions WHERE channel_id = 1"
                                   " AND NOT abandoned"), >, median * 1.05);

  /* Skewed ratings: 4 and 5 dominate CSAT, with a tail; 9 and 10 dominate NPS. */
  g_assert_cmpfloat (query_double ("SELECT 100.0 * sum (value_num >= 4) / count(*) FROM answers"
                                   " WHERE question_id = 1"), >, 70);
  g_assert_cmpint (query_int ("SELECT count(*) FROM answers WHERE question_id = 1 AND value_num = 1"),
                   >, 20);
  g_assert_cmpint (query_int ("SELECT value_num FROM answers WHERE question_id = 2"
                              " GROUP BY value_num ORDER BY count(*) DESC LIMIT 1"), >=, 9);

  /* Responses follow their interaction: same channel and colleague, on the
   * day or the day after. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM responses r JOIN interactions i"
                              " ON i.id = r.interaction_id"
                              " WHERE r.channel_id <> i.channel_id OR r.colleague_id <> i.colleague_id"
                              " OR julianday (r.responded_on) - julianday (date (i.occurred_at))"
                              "    NOT IN (0, 1)"), ==, 0);

  /* About 30% have a comment. */
  share = query_double ("SELECT 100.0 * sum (comment IS NOT NULL) / count(*) FROM responses");
  g_assert_cmpfloat (share, >, 24);
  g_assert_cmpfloat (share, <, 36);

  /* Complaints: most resolved within the 10 promised days, some late, a few open. */
  share = query_double ("SELECT 100.0 * sum (julianday (resolved_on) - julianday (received_on) <= 10)"
                        " / count(*) FROM complaints WHERE resolved_on IS NOT NULL");
  g_assert_cmpfloat (share, >, 70);
  g_assert_cmpfloat (share, <, 97);
  g_assert_cmpint (query_int ("SELECT count(*) FROM complaints WHERE resolved_on IS NULL"), >, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM complaints WHERE resolved_on IS NULL"
                              " AND received_on < '2026-08-17'"), ==, 0);
}

/* A SHA-256 over every row of every table, tables by name and rows by all
 * their columns. The moments the file itself was made (the organisation's
 * created_at, the audit entry for "create") are the only things left out. */
static char *
workspace_digest (sqlite3 *database)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (database,
                                       "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (tables->len, >=, 20);

  for (guint t = 0; t < tables->len; t++)
    {
      const char *table = tables->pdata[t];
      g_autoptr(GString) sql = g_string_new (NULL);
      int n_columns;

      g_string_printf (sql, "SELECT * FROM %s LIMIT 0", table);
      g_assert_cmpint (sqlite3_prepare_v2 (database, sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
      n_columns = sqlite3_column_count (stmt);
      sqlite3_finalize (stmt);

      g_string_printf (sql, "SELECT * FROM %s", table);
      if (g_str_equal (table, "audit_log"))
        g_string_append (sql, " WHERE action <> 'create' OR entity <> 'workspace'");
      g_string_append (sql, " ORDER BY ");
      for (int c = 1; c <= n_columns; c++)
        g_string_append_printf (sql, c > 1 ? ", %d" : "%d", c);

      g_checksum_update (checksum, (const guchar *) table, -1);
      g_assert_cmpint (sqlite3_prepare_v2 (database, sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < n_columns; c++)
          {
            const char *column = sqlite3_column_name (stmt, c);
            int type = sqlite3_column_type (stmt, c);

            if (g_str_equal (table, "organisation") && g_str_equal (column, "created_at"))
              continue;

            g_checksum_update (checksum, (const guchar *) &type, sizeof type);
            if (type == SQLITE_FLOAT)
              {
                double value = sqlite3_column_double (stmt, c);
                g_checksum_update (checksum, (const guchar *) &value, sizeof value);
              }
            else if (type != SQLITE_NULL)
              g_checksum_update (checksum, sqlite3_column_text (stmt, c),
                                 sqlite3_column_bytes (stmt, c));
          }
      sqlite3_finalize (stmt);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

static char *
make_and_digest (const char *name,
                 guint32     seed,
                 double     *seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autofree char *path = tmp_path (name);
  gint64 started = g_get_monotonic_time ();
  char *digest;

  workspace = pl_demo_create (path, seed, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (workspace);
  if (seconds != NULL)
    *seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  digest = workspace_digest (pl_workspace_get_db (workspace));
  g_clear_object (&workspace);
  remove_workspace (path);
  return digest;
}

static void
test_deterministic (void)
{
  g_autofree char *shared = workspace_digest (db ());
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *other = NULL;
  double seconds = 0;

  a = make_and_digest ("a.plumbline", PL_DEMO_DEFAULT_SEED, &seconds);
  g_test_message ("Demo workspace generated in %.2f s", seconds);
  b = make_and_digest ("b.plumbline", PL_DEMO_DEFAULT_SEED, NULL);
  other = make_and_digest ("other.plumbline", 7, NULL);

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, ==, shared);
  g_assert_cmpstr (a, !=, other);
}

static void
test_seed_recorded (void)
{
  g_autofree char *seed = pl_workspace_get_setting (demo, "demo_seed");
  g_autofree char *expected = g_strdup_printf ("%u", PL_DEMO_DEFAULT_SEED);
  g_autofree char *title = pl_workspace_dup_title (demo);

  g_assert_cmpstr (seed, ==, expected);
  g_assert_cmpstr (title, ==, "Kestrel Home Energy");
  g_assert_cmpint (query_int ("SELECT count(*) FROM organisation"
                              " WHERE sector = 'Residential energy supply'"
                              " AND length (description) > 20"), ==, 1);
}

static void
test_pattern_colleague (void)
{
  double before, after;

  /* (a) C07's quality falls after week 14 (from Monday 2026-07-06). */
  before = query_double ("SELECT avg (o.score) FROM observations o JOIN colleagues c"
                         " ON c.id = o.colleague_id WHERE c.code = 'C07'"
                         " AND o.observed_on < '2026-07-06'");
  after = query_double ("SELECT avg (o.score) FROM observations o JOIN colleagues c"
                        " ON c.id = o.colleague_id WHERE c.code = 'C07'"
                        " AND o.observed_on >= '2026-07-06'");
  g_test_message ("C07 QA: %.1f in weeks 1-14, %.1f in weeks 15-26", before, after);
  g_assert_cmpfloat (before - after, >=, 10);

  /* Everyone is observed, about equally. */
  g_assert_cmpint (query_int ("SELECT count(DISTINCT colleague_id) FROM observations"), ==, 12);
  g_assert_cmpint (query_int ("SELECT max (n) - min (n) FROM (SELECT count(*) AS n"
                              " FROM observations GROUP BY colleague_id)"), <=, 2);
  g_assert_cmpint (query_int ("SELECT count(DISTINCT date (observed_on, 'weekday 0', '-6 days'))"
                              " FROM observations"), ==, 26);
}

static void
test_pattern_email (void)
{
  double email, telephone;
  gint64 weeks_below;

  /* (b) Email CSAT (top box: 4 or 5) sits below the 85% target. */
  email = query_double ("SELECT 100.0 * sum (a.value_num >= 4) / count(*) FROM answers a"
                        " JOIN responses r ON r.id = a.response_id"
                        " WHERE a.question_id = 1 AND r.channel_id = 2");
  telephone = query_double ("SELECT 100.0 * sum (a.value_num >= 4) / count(*) FROM answers a"
                            " JOIN responses r ON r.id = a.response_id"
                            " WHERE a.question_id = 1 AND r.channel_id = 1");
  g_test_message ("CSAT: email %.1f%%, telephone %.1f%%", email, telephone);
  g_assert_cmpfloat (email, <, 85);
  g_assert_cmpfloat (telephone, >, email + 5);

  weeks_below = query_int ("SELECT count(*) FROM (SELECT 100.0 * sum (a.value_num >= 4) / count(*) AS v"
                           " FROM answers a JOIN responses r ON r.id = a.response_id"
                           " WHERE a.question_id = 1 AND r.channel_id = 2"
                           " GROUP BY date (r.responded_on, 'weekday 0', '-6 days')) WHERE v < 85");
  g_assert_cmpint (weeks_below, >=, 24);
}

static void
test_pattern_monday (void)
{
  double first, last, others;

  /* (c) Monday abandonment rises over the period. */
  first = query_double ("SELECT 100.0 * sum (abandoned) / count(*) FROM interactions"
                        " WHERE channel_id = 1 AND strftime ('%w', occurred_at) = '1'"
                        " AND occurred_at < '2026-05-25'");
  last = query_double ("SELECT 100.0 * sum (abandoned) / count(*) FROM interactions"
                       " WHERE channel_id = 1 AND strftime ('%w', occurred_at) = '1'"
                       " AND occurred_at >= '2026-08-03'");
  others = query_double ("SELECT 100.0 * sum (abandoned) / count(*) FROM interactions"
                         " WHERE channel_id = 1 AND strftime ('%w', occurred_at) <> '1'"
                         " AND occurred_at >= '2026-08-03'");
  g_test_message ("Monday abandonment: %.1f%% in the first 8 weeks, %.1f%% in the last 8 "
                  "(other days %.1f%%)", first, last, others);
  g_assert_cmpfloat (last, >, first + 1.5);
  g_assert_cmpfloat (last, >, others * 1.5);
}

static void
test_pattern_waiting (void)
{
  double share, before, after;

  /* (d) A recurring comment theme about waiting, more frequent when the
   * speed of answer is slow (before the week 18 change). */
  share = query_double ("SELECT 100.0 * sum (comment LIKE '%wait%' OR comment LIKE '%hold%')"
                        " / count(*) FROM responses WHERE comment IS NOT NULL");
  before = query_double ("SELECT 100.0 * sum (comment LIKE '%wait%' OR comment LIKE '%hold%')"
                         " / count(*) FROM responses WHERE comment IS NOT NULL"
                         " AND responded_on < '2026-07-27'");
  after = query_double ("SELECT 100.0 * sum (comment LIKE '%wait%' OR comment LIKE '%hold%')"
                        " / count(*) FROM responses WHERE comment IS NOT NULL"
                        " AND responded_on >= '2026-07-27'");
  g_test_message ("Waiting theme: %.1f%% of comments (%.1f%% before week 18, %.1f%% after)",
                  share, before, after);
  g_assert_cmpfloat (share, >=, 10);
  g_assert_cmpfloat (before, >, after + 2);

  /* It is the most frequent complaint theme. */
  g_assert_cmpfloat (share, >, query_double ("SELECT 100.0 * sum (comment LIKE '%bill%')"
                                             " / count(*) FROM responses WHERE comment IS NOT NULL"));
  g_assert_cmpfloat (share, >, query_double ("SELECT 100.0 * sum (comment LIKE '%smart meter%')"
                                             " / count(*) FROM responses WHERE comment IS NOT NULL"));
}

static void
test_pattern_step_change (void)
{
  g_autofree char *change = pl_workspace_get_setting (demo, "demo_process_change");
  double asa_before, asa_after, fcr_before, fcr_after, ab_before, ab_after;

  /* (e) The callback process from week 18 (Monday 2026-07-27). */
  g_assert_cmpstr (change, ==, "2026-07-27");
  g_assert_cmpint (query_int ("SELECT count(*) FROM audit_log WHERE action = 'process_change'"
                              " AND at LIKE '2026-07-27%'"), ==, 1);

  asa_before = query_double ("SELECT avg (wait_s) FROM interactions WHERE channel_id = 1"
                             " AND NOT abandoned AND occurred_at < '2026-07-27'");
  asa_after = query_double ("SELECT avg (wait_s) FROM interactions WHERE channel_id = 1"
                            " AND NOT abandoned AND occurred_at >= '2026-07-27'");
  fcr_before = query_double ("SELECT 100.0 * avg (resolved_first_contact) FROM interactions"
                             " WHERE NOT abandoned AND occurred_at < '2026-07-27'");
  fcr_after = query_double ("SELECT 100.0 * avg (resolved_first_contact) FROM interactions"
                            " WHERE NOT abandoned AND occurred_at >= '2026-07-27'");
  ab_before = query_double ("SELECT 100.0 * avg (abandoned) FROM interactions"
                            " WHERE channel_id = 1 AND occurred_at < '2026-07-27'");
  ab_after = query_double ("SELECT 100.0 * avg (abandoned) FROM interactions"
                           " WHERE channel_id = 1 AND occurred_at >= '2026-07-27'");
  g_test_message ("ASA %.1f s -> %.1f s, FCR %.1f%% -> %.1f%%, abandonment %.1f%% -> %.1f%%",
                  asa_before, asa_after, fcr_before, fcr_after, ab_before, ab_after);

  g_assert_cmpfloat (asa_after, <, asa_before - 8);
  g_assert_cmpfloat (fcr_after, >, fcr_before + 5);
  g_assert_cmpfloat (ab_after, <, ab_before);

  /* A step, not a drift: the week before and the week of the change. */
  g_assert_cmpfloat (query_double ("SELECT avg (wait_s) FROM interactions WHERE channel_id = 1"
                                   " AND NOT abandoned AND occurred_at >= '2026-07-27'"
                                   " AND occurred_at < '2026-08-03'"), <,
                     query_double ("SELECT avg (wait_s) FROM interactions WHERE channel_id = 1"
                                   " AND NOT abandoned AND occurred_at >= '2026-07-20'"
                                   " AND occurred_at < '2026-07-27'") - 8);
}

static double
survey_figure (const char *expression,
               int         question_id,
               const char *from,
               const char *to)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT %s FROM answers a JOIN responses r ON r.id = a.response_id"
                     " WHERE a.question_id = %d AND r.responded_on >= '%s'"
                     " AND r.responded_on < '%s'", expression, question_id, from, to);

  return query_double (sql);
}

static void
test_pattern_price_rise (void)
{
  const char *nps = "100.0 * (sum (a.value_num >= 9) - sum (a.value_num <= 6)) / count(*)";
  const char *top_box = "100.0 * sum (a.value_num >= 4) / count(*)";
  double nps_before, nps_after, csat_before, csat_after;

  /* (f) From week 23 (2026-08-31) NPS falls while CSAT holds: compared
   * with weeks 18-22, after the process change. */
  nps_before = survey_figure (nps, 2, "2026-07-27", "2026-08-31");
  nps_after = survey_figure (nps, 2, "2026-08-31", "2026-09-28");
  csat_before = survey_figure (top_box, 1, "2026-07-27", "2026-08-31");
  csat_after = survey_figure (top_box, 1, "2026-08-31", "2026-09-28");
  g_test_message ("NPS %.1f -> %.1f, CSAT %.1f%% -> %.1f%%",
                  nps_before, nps_after, csat_before, csat_after);

  g_assert_cmpfloat (nps_after, <, nps_before - 8);
  g_assert_cmpfloat (fabs (csat_after - csat_before), <, 3);
  g_assert_cmpint (query_int ("SELECT count(*) FROM responses WHERE comment LIKE '%price%'"
                              " AND responded_on < '2026-08-31'"), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM responses WHERE comment LIKE '%price%'"), >, 10);
}

/* The scoring rule documented in pl-demo.c, written out again here from
 * the tables, so that the stored scores are checked independently. */
static void
test_scores (void)
{
  sqlite3_stmt *obs = NULL;
  sqlite3_stmt *rows = NULL;
  guint checked = 0, critical = 0, with_na = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db (), "SELECT id, score, critical_failed FROM observations"
                                       " ORDER BY id", -1, &obs, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db (),
                                       "SELECT c.section_id, s.weight, c.weight, c.scale, c.critical,"
                                       " os.value FROM observation_scores os"
                                       " JOIN criteria c ON c.id = os.criterion_id"
                                       " JOIN scorecard_sections s ON s.id = c.section_id"
                                       " WHERE os.observation_id = ? ORDER BY c.section_id, c.position",
                                       -1, &rows, NULL), ==, SQLITE_OK);

  while (sqlite3_step (obs) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (obs, 0);
      double stored = sqlite3_column_double (obs, 1);
      gboolean stored_failed = sqlite3_column_int (obs, 2);
      double earned[8] = { 0 }, possible[8] = { 0 }, section_weight[8] = { 0 };
      gboolean zeroed[8] = { FALSE };
      gboolean failed = FALSE;
      double num = 0, den = 0, expected;

      sqlite3_bind_int64 (rows, 1, id);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          int section = sqlite3_column_int (rows, 0);
          const char *scale = (const char *) sqlite3_column_text (rows, 3);
          const char *crit = (const char *) sqlite3_column_text (rows, 4);
          double weight = sqlite3_column_double (rows, 2);
          double value, points;

          g_assert_cmpint (section, <, 8);
          section_weight[section] = sqlite3_column_double (rows, 1);
          if (sqlite3_column_type (rows, 5) == SQLITE_NULL)
            {
              with_na++;
              continue;
            }

          value = sqlite3_column_double (rows, 5);
          if (g_str_equal (scale, "scale5"))
            {
              g_assert_cmpfloat (value, >=, 1);
              g_assert_cmpfloat (value, <=, 5);
              points = (value - 1) / 4;
            }
          else if (g_str_equal (scale, "ypn"))
            {
              g_assert_true (value == 0 || value == 0.5 || value == 1);
              points = value;
            }
          else
            {
              g_assert_true (value == 0 || value == 1);
              points = value;
            }

          earned[section] += weight * points;
          possible[section] += weight;
          if (points == 0 && g_str_equal (crit, "form"))
            failed = TRUE;
          if (points == 0 && g_str_equal (crit, "section"))
            zeroed[section] = TRUE;
        }
      sqlite3_reset (rows);

      for (int s = 0; s < 8; s++)
        if (possible[s] > 0)
          {
            num += zeroed[s] ? 0 : section_weight[s] * earned[s] / possible[s];
            den += section_weight[s];
          }
      expected = failed ? 0 : 100 * num / den;

      g_assert_cmpfloat_with_epsilon (stored, expected, 1e-9);
      g_assert_cmpint (stored_failed, ==, failed);
      critical += failed;
      checked++;
    }

  sqlite3_finalize (obs);
  sqlite3_finalize (rows);

  g_assert_cmpuint (checked, ==, 600);
  /* The critical item fails now and then, and N/A is used. */
  g_assert_cmpuint (critical, >, 0);
  g_assert_cmpuint (critical, <, 30);
  g_assert_cmpuint (with_na, >, 100);
}

static void
test_metrics_agree (void)
{
  double from_metric, from_interactions;

  /* The asa metric for one day equals the figure from the interactions. */
  from_metric = query_double ("SELECT v.value FROM metric_values v JOIN metric_series s"
                              " ON s.id = v.series_id JOIN channels c ON c.id = v.channel_id"
                              " WHERE s.code = 'asa' AND c.code = 'telephone'"
                              " AND v.period_start = '2026-06-15' AND v.period = 'day'");
  from_interactions = query_double ("SELECT 1.0 * sum (wait_s) / count(*) FROM interactions"
                                    " WHERE channel_id = 1 AND NOT abandoned"
                                    " AND date (occurred_at) = '2026-06-15'");
  g_assert_cmpfloat_with_epsilon (from_metric, from_interactions, 1e-9);

  /* And every day of every series agrees, to the count. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM metric_values v JOIN metric_series s ON s.id = v.series_id"
                              " JOIN (SELECT date (occurred_at) AS d, channel_id,"
                              "         sum (CASE WHEN NOT abandoned THEN wait_s END) AS wait,"
                              "         sum (NOT abandoned) AS answered, sum (abandoned) AS abandoned,"
                              "         count(*) AS offered, sum (resolved_first_contact) AS resolved,"
                              "         sum (handle_s) AS handled_s"
                              "       FROM interactions GROUP BY 1, 2) i"
                              "   ON i.d = v.period_start AND i.channel_id = v.channel_id"
                              " WHERE NOT ((s.code = 'asa' AND v.numerator = i.wait AND v.denominator = i.answered)"
                              "   OR (s.code = 'abandonment' AND v.numerator = i.abandoned"
                              "       AND v.denominator = i.offered)"
                              "   OR (s.code = 'offered' AND v.value = i.offered)"
                              "   OR (s.code = 'fcr' AND v.numerator = i.resolved AND v.denominator = i.answered)"
                              "   OR (s.code = 'aht' AND v.numerator = i.handled_s"
                              "       AND v.denominator = i.answered))"), ==, 0);

  /* Telephone days have all five series; other channels fcr and aht only. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM metric_values WHERE channel_id <> 1"
                              " AND series_id IN (SELECT id FROM metric_series"
                              "   WHERE code IN ('asa', 'abandonment', 'offered'))"), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM metric_values v JOIN metric_series s"
                              " ON s.id = v.series_id WHERE s.code = 'asa'"), ==,
                   query_int ("SELECT count(DISTINCT date (occurred_at)) FROM interactions"
                              " WHERE channel_id = 1"));
  g_assert_cmpint (query_int ("SELECT count(*) FROM metric_values WHERE period <> 'day'"), ==, 0);
}

static void
test_kpis_mixed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) kpis = pl_kpi_list (demo, FALSE, &error);
  guint count[4] = { 0 };

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (kpis), ==, 8);

  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);
      g_autoptr(GArray) points = pl_kpi_compute (kpi, demo, &error);
      PlKpiSummary summary;

      g_assert_no_error (error);
      g_assert_cmpuint (points->len, >=, 20);
      pl_kpi_summarise (kpi, points, &summary);
      g_assert_true (summary.has_value);
      g_test_message ("%-12s %s %8.2f %s", pl_kpi_get_code (kpi), summary.latest.period_start,
                      summary.latest.value, pl_status_to_string (summary.status));
      count[summary.status]++;
    }

  /* The latest weeks are not all green: there is something to talk about. */
  g_assert_cmpuint (count[PL_STATUS_NONE], ==, 0);
  g_assert_cmpuint (count[PL_STATUS_GREEN], >=, 1);
  g_assert_cmpuint (count[PL_STATUS_AMBER] + count[PL_STATUS_RED], >=, 2);
}

static void
test_refuses_non_empty (void)
{
  g_autoptr(GError) error = NULL;
  gint64 before = query_int ("SELECT count(*) FROM interactions");

  g_assert_false (pl_demo_populate (demo, 1, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpint (query_int ("SELECT count(*) FROM interactions"), ==, before);
}

static void
test_existing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autofree char *path = tmp_path ("existing.plumbline");
  g_autofree char *contents = NULL;

  g_file_set_contents (path, "not a workspace", -1, &error);
  g_assert_no_error (error);

  workspace = pl_demo_create (path, PL_DEMO_DEFAULT_SEED, NULL, &error);
  g_assert_null (workspace);
  g_assert_error (error, PL_ERROR, PL_ERROR_EXISTS);

  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, "not a workspace");
  g_unlink (path);
}

static void
test_cancelled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = tmp_path ("cancelled.plumbline");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  g_cancellable_cancel (cancellable);
  workspace = pl_demo_create (path, PL_DEMO_DEFAULT_SEED, cancellable, &error);
  g_assert_null (workspace);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_default_path (void)
{
  g_autofree char *path = pl_demo_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "plumbline",
                                                "demo.plumbline", NULL);

  g_assert_cmpstr (path, ==, expected);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("plumbline-demo-XXXXXX", &error);
  g_assert_no_error (error);
  path = tmp_path ("demo.plumbline");
  demo = pl_demo_create (path, PL_DEMO_DEFAULT_SEED, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/core/demo/counts", test_counts);
  g_test_add_func ("/core/demo/plausible", test_plausible);
  g_test_add_func ("/core/demo/seed-recorded", test_seed_recorded);
  g_test_add_func ("/core/demo/deterministic", test_deterministic);
  g_test_add_func ("/core/demo/patterns/colleague", test_pattern_colleague);
  g_test_add_func ("/core/demo/patterns/email-csat", test_pattern_email);
  g_test_add_func ("/core/demo/patterns/monday-abandonment", test_pattern_monday);
  g_test_add_func ("/core/demo/patterns/waiting-theme", test_pattern_waiting);
  g_test_add_func ("/core/demo/patterns/step-change", test_pattern_step_change);
  g_test_add_func ("/core/demo/patterns/price-rise", test_pattern_price_rise);
  g_test_add_func ("/core/demo/scores", test_scores);
  g_test_add_func ("/core/demo/metrics-agree", test_metrics_agree);
  g_test_add_func ("/core/demo/kpis-mixed", test_kpis_mixed);
  g_test_add_func ("/core/demo/refuses-non-empty", test_refuses_non_empty);
  g_test_add_func ("/core/demo/existing-file", test_existing_file);
  g_test_add_func ("/core/demo/cancelled", test_cancelled);
  g_test_add_func ("/core/demo/default-path", test_default_path);

  result = g_test_run ();

  g_clear_object (&demo);
  remove_workspace (path);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);

  return result;
}
