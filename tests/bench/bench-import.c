/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>

#include "core/pl-csv.h"
#include "core/pl-import.h"
#include "core/pl-validate.h"
#include "core/pl-workspace.h"

/* Figures for issue 3: importing 1,000,000 survey responses (10 columns,
 * realistic quoting, some multi-line comments) into a fresh workspace,
 * against sqlite3's own ".import" of the same file into a bare table, in
 * the same run. Budget: import ≤ 2.0 × sqlite3, peak RSS ≤ 100 MB.
 * Both are timed PL_BENCH_RUNS times (3 unless set), taking turns, and
 * the ratio is of the best times: on a shared machine either can lose a
 * second to its neighbours. Set PL_BENCH_ROWS for another size. Exits 1
 * when over budget.
 * For profiling: PL_BENCH_IMPORT_ONLY=1 leaves out sqlite3 and the
 * validation; PL_BENCH_KEEP=1 keeps the file and the workspace. */

#define DEFAULT_ROWS  1000000
#define MAX_RATIO     2.0
#define MAX_RSS_MB    100.0

static const char * const channels[] = { "Telephone", "Email", "Web chat", "Face to face" };

static const char * const first_names[] = {
  "Alex", "Sam", "Jo", "Priya", "Tom", "Aisha", "Ben", "Chloé", "Dev", "Emma",
};
static const char * const last_names[] = { "Morgan", "Patel", "Nowak", "Okafor" };

static const char * const comments[] = {
  "Quick and friendly",
  "Sorted first time",
  "\"Long wait, but the agent was great\"",
  "\"Had to call back twice, then it was fixed\"",
  "\"She said \"\"no problem\"\" and meant it\"",
  "\"Line one of my comment\nand line two, with a comma\"",
  "\"Très bien, merci\"",
  "\"Not resolved; I am \"\"disappointed\"\"\"",
};

static const char workspace_sql[] =
  "INSERT INTO surveys (id, name, created_at) VALUES (1, 'After-contact survey', '2025-01-01T00:00:00Z');"
  "INSERT INTO questions (id, survey_id, position, code, text, kind, required) VALUES"
  " (1, 1, 1, 'csat', 'How satisfied were you?', 'csat', 1),"
  " (2, 1, 2, 'nps', 'How likely are you to recommend us?', 'nps', 0),"
  " (3, 1, 3, 'ces', 'How easy was it to get help?', 'ces', 0),"
  " (4, 1, 4, 'resolved', 'Was your problem resolved?', 'yesno', 0);"
  "INSERT INTO channels (id, code, name, kind) VALUES"
  " (1, 'phone', 'Telephone', 'telephone'), (2, 'email', 'Email', 'written'),"
  " (3, 'chat', 'Web chat', 'online'), (4, 'f2f', 'Face to face', 'face_to_face');";

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
peak_rss_mb (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_maxrss / 1024.0;
}

static guint64
write_responses (const char *path,
                 guint       n_rows)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260318);
  FILE *file = fopen (path, "w");
  guint64 bytes;

  g_assert_nonnull (file);
  fputs ("Response ID,Date,Respondent email,Channel,Colleague,CSAT,NPS,CES,Resolved,Comment\n", file);

  for (guint i = 0; i < n_rows; i++)
    {
      guint day = g_rand_int_range (rand, 0, 420);
      GDate date;
      guint comment = g_rand_int_range (rand, 0, 100);
      guint nps = g_rand_int_range (rand, 0, 11);
      char nps_text[8] = "";

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2025);
      g_date_add_days (&date, day);
      /* One answer in twenty is skipped. */
      if (g_rand_int_range (rand, 0, 20) != 0)
        g_snprintf (nps_text, sizeof nps_text, "%u", nps);

      fprintf (file, "R%07u,%04u-%02u-%02u,customer%u@example.com,%s,%s %s,%u,%s,%u,%s,%s\n",
               i + 1,
               g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
               g_rand_int_range (rand, 0, 200000),
               channels[g_rand_int_range (rand, 0, G_N_ELEMENTS (channels))],
               first_names[i % G_N_ELEMENTS (first_names)],
               last_names[(i / 7) % G_N_ELEMENTS (last_names)],
               (guint) g_rand_int_range (rand, 1, 6),
               nps_text,
               (guint) g_rand_int_range (rand, 1, 8),
               g_rand_boolean (rand) ? "Yes" : "No",
               comment < 70 ? "" : comments[comment % G_N_ELEMENTS (comments)]);
    }

  bytes = ftell (file);
  fclose (file);
  return bytes;
}

static void
read_through (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) stream = G_INPUT_STREAM (g_file_read (file, NULL, NULL));
  char buf[1 << 16];

  /* Both importers then start from a warm page cache. */
  while (stream != NULL && g_input_stream_read (stream, buf, sizeof buf, NULL, NULL) > 0)
    ;
}

static double
time_sqlite3_import (const char *dir,
                     const char *csv,
                     gint64     *rows)
{
  g_autofree char *db = g_build_filename (dir, "bare.db", NULL);
  g_autofree char *command = g_strdup_printf (".import --csv %s t", csv);
  g_autofree char *count_out = NULL;
  g_autofree char *import_err = NULL;
  const char *import_argv[] = { "sqlite3", db, command, NULL };
  const char *count_argv[] = { "sqlite3", db, "SELECT count(*) FROM t", NULL };
  g_autoptr(GError) error = NULL;
  int status;
  double t0, seconds;

  t0 = now_s ();
  if (!g_spawn_sync (NULL, (char **) import_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     NULL, &import_err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("sqlite3 .import failed (install the sqlite3 package): %s\n", error->message);
      exit (77);
    }
  seconds = now_s () - t0;

  if (!g_spawn_sync (NULL, (char **) count_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &count_out,
                     NULL, &status, &error))
    g_error ("%s", error->message);
  *rows = g_ascii_strtoll (count_out, NULL, 10);

  g_unlink (db);
  return seconds;
}

static void
remove_workspace (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *f = g_strconcat (path, suffixes[i], NULL);

      g_unlink (f);
    }
}

static PlImportMapping *
bench_mapping (void)
{
  PlImportMapping *mapping = pl_import_mapping_new (PL_IMPORT_SURVEY);

  pl_import_mapping_set_survey_id (mapping, 1);
  pl_import_mapping_set_create_missing (mapping, TRUE);
  pl_import_mapping_set_field (mapping, "Response ID", "response_id");
  pl_import_mapping_set_field (mapping, "Date", "date");
  pl_import_mapping_set_field (mapping, "Respondent email", "respondent");
  pl_import_mapping_set_field (mapping, "Channel", "channel");
  pl_import_mapping_set_field (mapping, "Colleague", "colleague");
  pl_import_mapping_set_field (mapping, "CSAT", "question:csat");
  pl_import_mapping_set_field (mapping, "NPS", "question:nps");
  pl_import_mapping_set_field (mapping, "CES", "question:ces");
  pl_import_mapping_set_field (mapping, "Resolved", "question:resolved");
  pl_import_mapping_set_field (mapping, "Comment", "comment");
  return mapping;
}

/* Sniffs and imports @csv into a new workspace at @ws_path, as the app
 * does; returns the seconds the import took. */
static double
time_plumbline_import (const char      *csv,
                       const char      *ws_path,
                       PlWorkspace    **out_ws,
                       PlImportResult **out_result,
                       double          *sniff_s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) ws = NULL;
  g_autoptr(PlCsvSniff) sniff = NULL;
  g_autoptr(PlImportMapping) mapping = bench_mapping ();
  double t0, seconds;

  remove_workspace (ws_path);
  ws = pl_workspace_create (ws_path, "Bench", &error);
  g_assert_no_error (error);
  g_assert_true (pl_workspace_exec (ws, workspace_sql, &error));
  g_assert_no_error (error);

  t0 = now_s ();
  sniff = pl_csv_sniff (csv, NULL, NULL, &error);
  g_assert_no_error (error);
  *sniff_s = now_s () - t0;
  g_assert_cmpint (sniff->dialect.delimiter, ==, ',');
  g_assert_cmpuint (sniff->dialect.header_rows, ==, 1);

  g_assert_true (pl_import_mapping_check (mapping, ws, &error));
  g_assert_no_error (error);

  t0 = now_s ();
  *out_result = pl_import_run (ws, csv, &sniff->dialect, mapping, NULL, NULL, NULL, &error);
  seconds = now_s () - t0;
  g_assert_no_error (error);

  *out_ws = g_steal_pointer (&ws);
  return seconds;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plumbline-bench-import-XXXXXX", &error);
  g_autofree char *csv = NULL;
  g_autofree char *ws_path = NULL;
  g_autoptr(PlWorkspace) ws = NULL;
  g_autoptr(PlImportResult) result = NULL;
  g_auto(PlValidateSettings) settings = { 0 };
  PlValidateSummary summary;
  const char *rows_env = g_getenv ("PL_BENCH_ROWS");
  const char *runs_env = g_getenv ("PL_BENCH_RUNS");
  guint n_rows = rows_env != NULL ? (guint) g_ascii_strtoull (rows_env, NULL, 10) : DEFAULT_ROWS;
  guint n_runs = runs_env != NULL ? MAX (1, (guint) g_ascii_strtoull (runs_env, NULL, 10)) : 3;
  guint64 file_bytes;
  gint64 sqlite_rows = 0;
  double t0, generate_s, sqlite_s = G_MAXDOUBLE, sniff_s = 0, import_s = G_MAXDOUBLE;
  double validate_s = 0, rss_mb, ratio, ratio_validated;
  g_autoptr(GString) sqlite_runs = g_string_new (NULL);
  g_autoptr(GString) import_runs = g_string_new (NULL);
  gboolean within_budget, import_only;

  g_assert_no_error (error);
  csv = g_build_filename (dir, "responses.csv", NULL);
  ws_path = g_build_filename (dir, "bench.plumbline", NULL);

  t0 = now_s ();
  file_bytes = write_responses (csv, n_rows);
  generate_s = now_s () - t0;
  read_through (csv);

  import_only = g_getenv ("PL_BENCH_IMPORT_ONLY") != NULL;
  for (guint run = 0; run < n_runs; run++)
    {
      double seconds;

      /* The baseline: sqlite3's shell reading the same file into a bare table. */
      if (!import_only)
        {
          seconds = time_sqlite3_import (dir, csv, &sqlite_rows);
          sqlite_s = MIN (sqlite_s, seconds);
          g_string_append_printf (sqlite_runs, "%s%.2f", run > 0 ? ", " : "", seconds);
        }

      g_clear_pointer (&result, pl_import_result_free);
      g_clear_object (&ws);
      seconds = time_plumbline_import (csv, ws_path, &ws, &result, &sniff_s);
      import_s = MIN (import_s, seconds);
      g_string_append_printf (import_runs, "%s%.2f", run > 0 ? ", " : "", seconds);
      g_assert_cmpuint (result->rows_imported, ==, n_rows);
    }
  if (import_only)
    sqlite_s = 1.0;
  rss_mb = peak_rss_mb (RUSAGE_SELF);

  pl_validate_settings_init (&settings);
  t0 = now_s ();
  g_assert_true (import_only || pl_validate_run (ws, &settings, NULL, &summary, &error));
  g_assert_no_error (error);
  validate_s = now_s () - t0;

  ratio = import_s / MAX (sqlite_s, 1e-6);
  ratio_validated = (import_s + validate_s) / MAX (sqlite_s, 1e-6);
  within_budget = ratio <= MAX_RATIO && rss_mb <= MAX_RSS_MB && result->rows_imported == n_rows;

  printf ("responses generated:            %9u rows, %.1f MB in %.2f s\n",
          n_rows, file_bytes / 1e6, generate_s);
  printf ("sqlite3 .import (baseline):     %9.2f s  best of %u (%s); %" G_GINT64_FORMAT " rows, %.0f rows/s\n",
          sqlite_s, n_runs, sqlite_runs->str, sqlite_rows, sqlite_rows / MAX (sqlite_s, 1e-6));
  printf ("sniff:                          %9.3f s\n", sniff_s);
  printf ("Plumbline import:               %9.2f s  best of %u (%s); %" G_GUINT64_FORMAT " imported, %" G_GUINT64_FORMAT
          " rejected, %.0f rows/s\n",
          import_s, n_runs, import_runs->str, result->rows_imported, result->rows_rejected,
          result->rows_read / MAX (import_s, 1e-6));
  printf ("ratio import / sqlite3:         %9.2f  (budget %.1f)\n", ratio, MAX_RATIO);
  printf ("validation of every rule:       %9.2f s  (ratio import + validation / sqlite3 %.2f)\n",
          validate_s, ratio_validated);
  printf ("peak RSS of the import:         %9.1f MB (budget %.0f MB; sqlite3 child %.1f MB)\n",
          rss_mb, MAX_RSS_MB, peak_rss_mb (RUSAGE_CHILDREN));
  printf ("%s\n", within_budget ? "within budget" : "OVER BUDGET");

  g_clear_pointer (&result, pl_import_result_free);
  pl_workspace_close (ws);
  if (g_getenv ("PL_BENCH_KEEP") != NULL)
    {
      printf ("kept %s and %s\n", csv, ws_path);
      return within_budget ? 0 : 1;
    }
  remove_workspace (ws_path);
  g_unlink (csv);
  g_rmdir (dir);

  return within_budget ? 0 : 1;
}
