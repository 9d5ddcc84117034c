/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/pl-csv.h"
#include "core/pl-error.h"
#include "core/pl-import.h"
#include "core/pl-kpi.h"
#include "core/pl-survey.h"
#include "core/pl-workspace.h"
#include "pl-test-db.h"

/* Running imports: the two real exports in tests/data (their figures
 * checked against values computed independently with Python's csv
 * module), and small fixtures for each kind of record and each way an
 * import can go wrong. */

typedef struct
{
  char *dir;
  char *path;
  PlWorkspace *ws;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *sql = data;

  f->dir = g_dir_make_tmp ("plumbline-import-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.plumbline", NULL);
  f->ws = pl_workspace_create (f->path, "Test", &error);
  g_assert_no_error (error);
  if (sql != NULL)
    {
      pl_workspace_exec (f->ws, sql, &error);
      g_assert_no_error (error);
    }
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->ws);
  remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static const char *
data_file (const char *name)
{
  return g_test_get_filename (G_TEST_DIST, "data", name, NULL);
}

static double
query_double (PlWorkspace *ws,
              const char  *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (ws, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_double (stmt, 0);
}

/* NULL for SQL NULL or no row. */
static char *
query_text (PlWorkspace *ws,
            const char  *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (ws, sql, &error);

  g_assert_no_error (error);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* A digest of the schema and of every row of every table: equal digests,
 * equal content. */
static char *
workspace_digest (PlWorkspace *ws)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = pl_workspace_prepare (ws, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
                               &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < 4; c++)
        {
          const guchar *text = sqlite3_column_text (stmt, c);

          if (text != NULL)
            g_checksum_update (checksum, text, -1);
          g_checksum_update (checksum, (const guchar *) "\x1f", 1);
        }
      if (g_str_equal ((const char *) sqlite3_column_text (stmt, 0), "table") &&
          !g_str_has_prefix ((const char *) sqlite3_column_text (stmt, 1), "sqlite_"))
        g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint t = 0; t < tables->len; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1, 2",
                                              (const char *) g_ptr_array_index (tables, t));

      g_checksum_update (checksum, (const guchar *) sql, -1);
      stmt = pl_workspace_prepare (ws, sql, &error);
      g_assert_no_error (error);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            int type = sqlite3_column_type (stmt, c);
            const guchar *text = sqlite3_column_text (stmt, c);

            g_checksum_update (checksum, (const guchar *) &type, sizeof type);
            if (text != NULL)
              g_checksum_update (checksum, text, sqlite3_column_bytes (stmt, c));
            g_checksum_update (checksum, (const guchar *) "\x1f", 1);
          }
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

static void
dialect_init (PlCsvDialect *dialect,
              char          delimiter,
              gboolean      decimal_comma,
              PlDateOrder   order)
{
  memset (dialect, 0, sizeof *dialect);
  dialect->encoding = g_strdup ("UTF-8");
  dialect->delimiter = delimiter;
  dialect->header_rows = 1;
  dialect->decimal_comma = decimal_comma;
  dialect->date_order = order;
}

static void
map_fields (PlImportMapping *mapping,
            const char      *first_column,
            ...)
{
  va_list args;

  va_start (args, first_column);
  for (const char *column = first_column; column != NULL; column = va_arg (args, const char *))
    pl_import_mapping_set_field (mapping, column, va_arg (args, const char *));
  va_end (args);
}

static PlImportResult *
run_import (Fixture            *f,
            const char         *path,
            const PlCsvDialect *dialect,
            PlImportMapping    *mapping)
{
  g_autoptr(GError) error = NULL;
  PlImportResult *result;

  result = pl_import_run (f->ws, path, dialect, mapping, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static PlImportProblem *
find_problem (PlImportResult *result,
              guint64         line,
              const char     *column)
{
  for (guint i = 0; i < result->problems->len; i++)
    {
      PlImportProblem *problem = g_ptr_array_index (result->problems, i);

      if (problem->line == line && g_strcmp0 (problem->column, column) == 0)
        return problem;
    }

  return NULL;
}

/* ------------------------------------------------------------------ */
/* The French store NPS survey (tests/data)                            */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint calls;
  guint64 last_position;
  guint64 size;
  gboolean monotonic;
} ProgressLog;

static void
log_progress_cb (guint64  position,
                 guint64  size,
                 gpointer user_data)
{
  ProgressLog *log = user_data;

  if (position < log->last_position)
    log->monotonic = FALSE;
  log->calls++;
  log->last_position = position;
  log->size = size;
}

static void
test_nps_survey (Fixture       *f,
                 gconstpointer  data)
{
  const char *path = data_file ("nps-store-survey-fr-latin1.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) sniff = NULL;
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (PL_IMPORT_SURVEY);
  g_autoptr(PlImportResult) result = NULL;
  g_autoptr(PlKpi) kpi = NULL;
  g_autoptr(GArray) points = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *default_date = NULL;
  ProgressLog log = { 0, 0, 0, TRUE };
  gint64 nps_question, started;
  double seconds;

  sniff = pl_csv_sniff (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sniff->dialect.delimiter, ==, ',');
  g_assert_cmpuint (sniff->dialect.header_rows, ==, 1);

  pl_import_mapping_set_new_survey (mapping, "NPS magasin");
  /* The scores are 1–10: NPS fits 0–10, and a new Likert question takes
   * its scale from the answers (1–10 here). */
  map_fields (mapping,
              "id", "response_id",
              "nps", "new-question:nps",
              "satisfaction", "new-question:likert",
              "intention", "new-question:likert",
              "explication", "comment",
              NULL);
  /* The export has no date column: every response is dated the same day. */
  pl_import_mapping_set_default_date (mapping, "2024-01-15");
  default_date = pl_import_mapping_dup_default_date (mapping);
  g_assert_cmpstr (default_date, ==, "2024-01-15");

  started = g_get_monotonic_time ();
  result = pl_import_run (f->ws, path, &sniff->dialect, mapping, NULL,
                          log_progress_cb, &log, &error);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_test_message ("NPS survey: %" G_GUINT64_FORMAT " rows in %.3f s (%.0f rows/s)",
                  result->rows_read, seconds, result->rows_read / seconds);

  /* Every row imports: NA is a missing value (342 nps, 61 satisfaction,
   * 182 intention, 10,115 comments), every score present is 1–10, and the
   * only required field, the date, comes from the default date. */
  g_assert_cmpuint (result->rows_read, ==, 13954);
  g_assert_cmpuint (result->rows_imported, ==, 13954);
  g_assert_cmpuint (result->rows_rejected, ==, 0);
  g_assert_cmpuint (result->problems->len, ==, 0);
  g_assert_cmpint (result->batch_id, >, 0);
  g_assert_cmpstr (result->sha256, ==, "bca23856ef7ba20731df385d62f8d76e945a724275e90bed70776076b9276d39");

  /* Progress: monotonic, at most about every 0.5% of the file, ending at its size. */
  g_assert_true (log.monotonic);
  g_assert_cmpuint (log.calls, >=, 2);
  g_assert_cmpuint (log.calls, <=, 205);
  g_assert_cmpuint (log.last_position, ==, log.size);

  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses"), ==, 13954);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses WHERE source = 'import'"
                                             " AND batch_id = (SELECT max (id) FROM import_batches)"
                                             " AND responded_on = '2024-01-15'"), ==, 13954);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(DISTINCT external_ref) FROM responses"), ==, 13954);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM surveys WHERE name = 'NPS magasin'"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM questions"), ==, 3);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM questions WHERE code = 'satisfaction'"
                                             " AND kind = 'likert' AND scale_min = 1 AND scale_max = 10"), ==, 1);
  nps_question = pl_test_query_int (f->ws, "SELECT id FROM questions WHERE code = 'nps' AND kind = 'nps'");
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM answers a JOIN questions q"
                                             " ON q.id = a.question_id WHERE q.code = 'nps'"), ==, 13954 - 342);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM answers a JOIN questions q"
                                             " ON q.id = a.question_id WHERE q.code = 'satisfaction'"), ==, 13954 - 61);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM answers a JOIN questions q"
                                             " ON q.id = a.question_id WHERE q.code = 'intention'"), ==, 13954 - 182);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses WHERE comment IS NOT NULL"), ==, 3839);

  /* The batch records the file. */
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM import_batches WHERE kind = 'survey'"
                                             " AND source_name = 'nps-store-survey-fr-latin1.csv'"
                                             " AND delimiter = ',' AND header_rows = 1 AND rows_read = 13954"
                                             " AND rows_imported = 13954 AND rows_rejected = 0"
                                             " AND undone_at IS NULL AND mapping LIKE '{%'"), ==, 1);
  encoding = query_text (f->ws, "SELECT encoding FROM import_batches");
  g_assert_true (g_str_equal (encoding, "ISO-8859-1") || g_str_equal (encoding, "WINDOWS-1252"));
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM audit_log WHERE action = 'import'"
                                             " AND entity = 'import_batch'"), ==, 1);

  /* Accents and doubled quotes arrive intact (id 12153, line 63). The file
   * has no line breaks inside comments, whatever its README says:
   * python3 -c 'import csv; print(sum("\n" in r[5] for r in csv.reader(open(F, encoding="latin-1"))))' → 0 */
  comment = query_text (f->ws, "SELECT comment FROM responses WHERE external_ref = '12153'");
  g_assert_cmpstr (comment, ==,
                   "très bon accueil (toujours un petit mot sympa) et très bons conseils "
                   "(attentifs aux besoins du client sans êtes \"envahissants\" MERCI");

  /* The NPS through the KPI engine equals the one computed independently:
   * python3 -c 'import csv; s=[int(r[2]) for r in list(csv.reader(open(
   *   "tests/data/nps-store-survey-fr-latin1.csv", encoding="latin-1")))[1:] if r[2]!="NA"];
   *   p=sum(x>=9 for x in s); d=sum(x<=6 for x in s); print(len(s), p, d, 100*(p-d)/len(s))'
   * → 13612 8465 1194 53.41610343814281 */
  kpi = pl_kpi_new ();
  pl_kpi_set_name (kpi, "NPS");
  pl_kpi_set_source (kpi, PL_KPI_SOURCE_SURVEY);
  pl_kpi_set_calc (kpi, PL_KPI_CALC_NPS);
  pl_kpi_set_question_id (kpi, nps_question);
  pl_kpi_set_period (kpi, PL_PERIOD_MONTH);
  points = pl_kpi_compute (kpi, f->ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 1);
  g_assert_cmpstr (g_array_index (points, PlKpiPoint, 0).period_start, ==, "2024-01-01");
  g_assert_cmpint (g_array_index (points, PlKpiPoint, 0).n, ==, 13612);
  g_assert_cmpfloat_with_epsilon (g_array_index (points, PlKpiPoint, 0).value, 53.41610343814281, 1e-9);

  /* Importing the same file again is detected. */
  g_assert_cmpint (pl_import_find_batch_for_file (f->ws, path, &sha256, &error), ==, result->batch_id);
  g_assert_no_error (error);
  g_assert_cmpstr (sha256, ==, result->sha256);

  /* Undo removes every row, and the survey and questions it made. */
  pl_import_undo_batch (f->ws, result->batch_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM answers"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM questions"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM surveys"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM import_batches WHERE undone_at IS NOT NULL"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM audit_log WHERE action = 'undo'"), ==, 1);
  g_assert_cmpint (pl_import_find_batch_for_file (f->ws, path, NULL, &error), ==, 0);
  g_assert_no_error (error);

  /* Undoing twice says so. */
  g_assert_false (pl_import_undo_batch (f->ws, result->batch_id, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_import_undo_batch (f->ws, 999, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

/* ------------------------------------------------------------------ */
/* The CFPB complaints register (tests/data)                           */
/* ------------------------------------------------------------------ */

static void
test_cfpb_complaints (Fixture       *f,
                      gconstpointer  data)
{
  const char *path = data_file ("cfpb-complaints-sample.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) sniff = NULL;
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (PL_IMPORT_COMPLAINTS);
  g_autoptr(PlImportResult) result = NULL;
  g_autofree char *received = NULL;
  g_autofree char *narrative = NULL;
  /* python3: collections.Counter(r[12] for r in rows) */
  static const struct { const char *name; const char *kind; gint64 count; } channels[] = {
    { "Web", "online", 5143 },
    { "Referral", "online", 627 },
    { "Phone", "telephone", 482 },
    { "Postal mail", "written", 267 },
    { "Fax", "written", 102 },
    { "Email", "written", 2 },
  };
  gint64 started;
  double seconds;

  sniff = pl_csv_sniff (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sniff->dialect.delimiter, ==, ',');
  g_assert_cmpstr (sniff->dialect.encoding, ==, "UTF-8");

  map_fields (mapping,
              "Date received", "received",
              "Product", "category",
              "Consumer complaint narrative", "description",
              "Submitted via", "channel",
              "Company response to consumer", "outcome",
              "Complaint ID", "reference",
              NULL);
  pl_import_mapping_set_create_missing (mapping, TRUE);

  started = g_get_monotonic_time ();
  result = run_import (f, path, &sniff->dialect, mapping);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_test_message ("CFPB complaints: %" G_GUINT64_FORMAT " rows in %.3f s (%.0f rows/s)",
                  result->rows_read, seconds, result->rows_read / seconds);

  g_assert_cmpuint (result->rows_read, ==, 6623);
  g_assert_cmpuint (result->rows_imported, ==, 6623);
  g_assert_cmpuint (result->rows_rejected, ==, 0);
  g_assert_cmpstr (result->sha256, ==, "62db0ac12e10f32b77f876283818fe7f6508fed767791d90dda190fd1922878f");
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM complaints"), ==, 6623);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM complaints WHERE promised_days = 10"), ==, 6623);

  /* Dates written 2020/3/18 */
  received = query_text (f->ws, "SELECT received_on FROM complaints WHERE reference = '3571115'");
  g_assert_cmpstr (received, ==, "2020-03-18");
  g_free (received);
  received = query_text (f->ws, "SELECT min (received_on) || ' ' || max (received_on) FROM complaints");
  g_assert_cmpstr (received, ==, "2015-04-06 2020-03-19");

  /* Narratives intact: one compared exactly, and all of them by count,
   * line breaks, quotes and total UTF-8 length (python3 csv: 1532
   * narratives, 602 with a line break, 199 with a quote, 1,712,199 bytes). */
  narrative = query_text (f->ws, "SELECT description FROM complaints WHERE external_ref = '3384392'");
  g_assert_cmpstr (narrative, ==,
                   "transworld systems inc. \nis trying to collect a debt that is not mine, "
                   "not owed and is inaccurate.");
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(description) FROM complaints"), ==, 1532);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM complaints WHERE instr (description, char (10))"), ==, 602);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM complaints WHERE instr (description, char (13))"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM complaints WHERE instr (description, '\"')"), ==, 199);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT sum (length (CAST (description AS BLOB))) FROM complaints"), ==, 1712199);

  /* Categories and channels, counted independently. */
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(DISTINCT category) FROM complaints"), ==, 13);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM complaints WHERE category = 'Debt collection'"), ==, 1231);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM channels"), ==, G_N_ELEMENTS (channels));
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM complaints c JOIN channels ch"
                                              " ON ch.id = c.channel_id WHERE ch.name = '%s'"
                                              " AND ch.kind = '%s'",
                                              channels[i].name, channels[i].kind);

      g_assert_cmpint (pl_test_query_int (f->ws, sql), ==, channels[i].count);
    }
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM audit_log WHERE action = 'create'"
                                             " AND entity = 'channel'"), ==, G_N_ELEMENTS (channels));
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM complaints WHERE outcome = 'Closed with explanation'"), ==, 5557);

  /* Undo takes the channels it made with it. */
  pl_import_undo_batch (f->ws, result->batch_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM complaints"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM channels"), ==, 0);
}

/* ------------------------------------------------------------------ */
/* Survey responses into an existing survey                            */
/* ------------------------------------------------------------------ */

static const char survey_sql[] =
  "INSERT INTO surveys (id, name, created_at) VALUES (1, 'After-contact survey', '2026-01-01T00:00:00Z');"
  "INSERT INTO questions (id, survey_id, position, code, text, kind, scale_min, scale_max, choices, required) VALUES"
  " (1, 1, 1, 'csat', 'How satisfied were you?', 'csat', NULL, NULL, NULL, 1),"
  " (2, 1, 2, 'nps', 'How likely are you to recommend us?', 'nps', NULL, NULL, NULL, 0),"
  " (3, 1, 3, 'resolved', 'Was your problem resolved?', 'yesno', NULL, NULL, NULL, 0),"
  " (4, 1, 4, 'reason', 'Main reason', 'single', NULL, NULL, 'Price\nService\nSpeed', 0);"
  "INSERT INTO channels (id, code, name, kind) VALUES"
  " (1, 'phone', 'Telephone', 'telephone'), (2, 'email', 'Email', 'written');"
  "INSERT INTO teams (id, name) VALUES (1, 'North');"
  "INSERT INTO colleagues (id, code, display_name, team_id) VALUES"
  " (1, 'C01', 'Alex Morgan', 1), (2, 'C02', 'Sam Patel', 1);";

/* Line 1 header; R2 spans lines 3–4. R3 (line 5): CSAT 7 is outside 1–5;
 * R4 (line 6): a time taken that is not a time (optional column);
 * R5 (line 7): not a date; R6 (line 8): a reason not among the choices. */
static const char survey_csv[] =
  "Response ID,Date,Channel,Agent,Email,CSAT,NPS,Resolved,Reason,Why,Time taken\n"
  "R1,2026-03-02,Telephone,Alex Morgan,ann@example.com,5,10,Yes,Price,\"Great, thanks\",95\n"
  "R2,2026-03-02,email,sam patel,bob@example.com,4,9,no,service,\"Two\nlines\",120\n"
  "R3,2026-03-03,Web chat,Jo New,ann@example.com ,7,8,yes,Speed,,60\n"
  "R4,2026-03-04,Telephone,Alex Morgan,,3,NA,N/A,,NA,abc\n"
  "R5,2026-13-45,Telephone,Alex Morgan,,2,3,No,Price,,30\n"
  "R6,2026-03-05,Face to face,New Person,,1,0,yes,\"Other, \"\"misc\"\"\",,\n"
  "R7,2026-03-06,Web chat,Jo New, Ann@Example.com,5,10,yes,Speed,\"He said \"\"hello\"\"\",1:05\n";

static PlImportMapping *
survey_mapping (void)
{
  PlImportMapping *mapping = pl_import_mapping_new (PL_IMPORT_SURVEY);

  pl_import_mapping_set_survey_id (mapping, 1);
  pl_import_mapping_set_create_missing (mapping, TRUE);
  map_fields (mapping,
              "Response ID", "response_id",
              "Date", "date",
              "Channel", "channel",
              "Agent", "colleague",
              "Email", "respondent",
              "CSAT", "question:csat",
              "NPS", "question:nps",
              "Resolved", "question:resolved",
              "Reason", "question:reason",
              "Why", "comment",
              "Time taken", "duration",
              NULL);
  return mapping;
}

static void
test_survey_rows (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = write_file (f, "survey.csv", survey_csv);
  g_autoptr(PlImportMapping) mapping = survey_mapping ();
  g_autoptr(PlImportResult) result = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *respondent = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *rejects_path = g_build_filename (f->dir, "rejects.csv", NULL);
  g_autofree char *rejects = NULL;
  g_autoptr(GError) error = NULL;
  PlImportProblem *problem;
  PlCsvDialect dialect;

  dialect_init (&dialect, ',', FALSE, PL_DATE_ORDER_ISO);
  result = run_import (f, path, &dialect, mapping);

  g_assert_cmpuint (result->rows_read, ==, 7);
  g_assert_cmpuint (result->rows_imported, ==, 3);
  g_assert_cmpuint (result->rows_rejected, ==, 4);

  /* Each rejected row: its first line, the column and why. */
  problem = find_problem (result, 5, "CSAT");
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem->value, ==, "7");
  g_assert_nonnull (strstr (problem->reason, "1 to 5"));
  problem = find_problem (result, 6, "Time taken");
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem->reason, "optional"));
  problem = find_problem (result, 7, "Date");
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem->value, ==, "2026-13-45");
  problem = find_problem (result, 8, "Reason");
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem->value, ==, "Other, \"misc\"");
  g_assert_cmpuint (result->problems->len, ==, 4);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM import_rejects"), ==, 4);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM import_rejects WHERE line = 5"
                                             " AND column_name = 'CSAT' AND value = '7'"), ==, 1);

  /* The rows that fit, with their answers. */
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses WHERE survey_id = 1"
                                             " AND source = 'import'"), ==, 3);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses r"
                                             " JOIN answers a ON a.response_id = r.id"
                                             " WHERE r.external_ref = 'R2' AND ((a.question_id = 1 AND a.value_num = 4)"
                                             "  OR (a.question_id = 2 AND a.value_num = 9)"
                                             "  OR (a.question_id = 3 AND a.value_num = 0)"
                                             "  OR (a.question_id = 4 AND a.value_num = 2))"), ==, 4);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT channel_id * 10 + colleague_id FROM responses"
                                             " WHERE external_ref = 'R2'"), ==, 22);
  g_assert_cmpstr (comment = query_text (f->ws, "SELECT comment FROM responses WHERE external_ref = 'R2'"),
                   ==, "Two\nlines");
  g_free (comment);
  g_assert_cmpstr (comment = query_text (f->ws, "SELECT comment FROM responses WHERE external_ref = 'R7'"),
                   ==, "He said \"hello\"");
  g_assert_cmpfloat (query_double (f->ws, "SELECT duration_s FROM responses WHERE external_ref = 'R1'"), ==, 95);
  g_assert_cmpfloat (query_double (f->ws, "SELECT duration_s FROM responses WHERE external_ref = 'R7'"), ==, 65);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses WHERE responded_on = '2026-03-06'"), ==, 1);

  /* Names only from stored rows: "Web chat" and "Jo New" (R7) are made,
   * "Face to face" and "New Person" (R6, rejected) are not. */
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM channels WHERE code = 'web-chat'"
                                             " AND name = 'Web chat' AND kind = 'online'"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM colleagues WHERE code = 'C03'"
                                             " AND display_name = 'Jo New'"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM channels"), ==, 3);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM colleagues"), ==, 3);

  /* Respondents are pseudonymised: never the address, the same for the
   * same customer however it is written, from this workspace's key. */
  respondent = query_text (f->ws, "SELECT respondent_ref FROM responses WHERE external_ref = 'R1'");
  g_assert_true (g_str_has_prefix (respondent, "P-"));
  g_assert_cmpuint (strlen (respondent), ==, 18);
  g_assert_null (strstr (respondent, "example"));
  expected = pl_import_pseudonymise (f->ws, "ann@example.com");
  g_assert_cmpstr (respondent, ==, expected);
  g_free (respondent);
  respondent = query_text (f->ws, "SELECT respondent_ref FROM responses WHERE external_ref = 'R7'");
  g_assert_cmpstr (respondent, ==, expected);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses WHERE respondent_ref LIKE '%@%'"), ==, 0);

  /* The rejects as CSV. */
  pl_import_save_rejects (f->ws, result->batch_id, rejects_path, &error);
  g_assert_no_error (error);
  g_file_get_contents (rejects_path, &rejects, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (rejects, "line,column,value,reason\r\n5,CSAT,7,"));
  g_assert_nonnull (strstr (rejects, "\r\n8,Reason,\"Other, \"\"misc\"\"\","));
  g_assert_nonnull (strstr (rejects, "\r\n6,Time taken,abc,"));
  g_assert_true (g_str_has_suffix (rejects, "\r\n"));

  pl_import_save_rejects (f->ws, 999, rejects_path, &error);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Undo removes the rows and the channel and colleague it made, not the
   * survey it did not make. */
  pl_import_undo_batch (f->ws, result->batch_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM answers"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM channels"), ==, 2);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM colleagues"), ==, 2);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM questions"), ==, 4);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM surveys"), ==, 1);

  pl_csv_dialect_clear (&dialect);
}

/* Unknown names are rejected when the mapping does not create them. */
static void
test_no_create (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = write_file (f, "survey.csv", survey_csv);
  g_autoptr(PlImportMapping) mapping = survey_mapping ();
  g_autoptr(PlImportResult) result = NULL;
  PlImportProblem *problem;
  PlCsvDialect dialect;

  pl_import_mapping_set_create_missing (mapping, FALSE);
  dialect_init (&dialect, ',', FALSE, PL_DATE_ORDER_ISO);
  result = run_import (f, path, &dialect, mapping);

  /* R7 now fails on its channel and its colleague. */
  g_assert_cmpuint (result->rows_imported, ==, 2);
  g_assert_cmpuint (result->rows_rejected, ==, 5);
  problem = find_problem (result, 9, "Channel");
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem->reason, "Web chat"));
  g_assert_nonnull (find_problem (result, 9, "Agent"));
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM channels"), ==, 2);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM colleagues"), ==, 2);

  pl_csv_dialect_clear (&dialect);
}

static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = write_file (f, "survey.csv", survey_csv);
  g_autoptr(PlImportMapping) mapping = survey_mapping ();
  g_autoptr(PlImportPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = workspace_digest (f->ws);
  g_autofree char *after = NULL;
  g_autofree char *pseudonym = pl_import_pseudonymise (f->ws, "ann@example.com");
  GPtrArray *row;
  PlImportCell *cell;
  PlCsvDialect dialect;

  dialect_init (&dialect, ',', FALSE, PL_DATE_ORDER_ISO);
  preview = pl_import_preview (f->ws, path, &dialect, mapping, 4, &error);
  g_assert_no_error (error);
  g_assert_nonnull (preview);

  g_assert_cmpuint (preview->columns->len, ==, 11);
  g_assert_cmpstr (g_ptr_array_index (preview->columns, 2), ==, "Channel");
  g_assert_cmpstr (g_ptr_array_index (preview->fields, 2), ==, "channel");
  g_assert_cmpuint (preview->rows->len, ==, 4);
  g_assert_cmpuint (*(guint64 *) g_ptr_array_index (preview->lines, 0), ==, 2);
  g_assert_cmpuint (*(guint64 *) g_ptr_array_index (preview->lines, 2), ==, 5);

  row = g_ptr_array_index (preview->rows, 0);
  g_assert_cmpuint (row->len, ==, 11);
  cell = g_ptr_array_index (row, 2);
  g_assert_cmpstr (cell->text, ==, "Telephone");
  g_assert_null (cell->problem);
  cell = g_ptr_array_index (row, 4);
  g_assert_cmpstr (cell->text, ==, pseudonym);
  cell = g_ptr_array_index (row, 7);
  g_assert_cmpstr (cell->text, ==, "yes");
  cell = g_ptr_array_index (row, 9);
  g_assert_cmpstr (cell->text, ==, "Great, thanks");

  /* R3: a new channel is announced, CSAT 7 is marked. */
  row = g_ptr_array_index (preview->rows, 2);
  cell = g_ptr_array_index (row, 2);
  g_assert_cmpstr (cell->text, ==, "Web chat (new)");
  g_assert_null (cell->problem);
  cell = g_ptr_array_index (row, 5);
  g_assert_cmpstr (cell->text, ==, "7");
  g_assert_nonnull (cell->problem);

  /* Nothing was written. */
  after = workspace_digest (f->ws);
  g_assert_cmpstr (before, ==, after);

  pl_csv_dialect_clear (&dialect);
}

/* ------------------------------------------------------------------ */
/* Interactions, observations, metrics                                 */
/* ------------------------------------------------------------------ */

static void
test_interactions (Fixture       *f,
                   gconstpointer  data)
{
  /* A phone system's export: semicolons, decimal commas, UK dates, clock times. */
  g_autofree char *path = write_file (f, "calls.csv",
    "Call ID;Start;Queue;Agent;Caller;Wait;Talk;Abandoned;FCR\r\n"
    "C-1;18/03/2026 14:05;Telephone;Alex Morgan;07700 900123;0:45;5:30;No;Yes\r\n"
    "C-2;18/03/2026 14:07;Telephone;;07700 900124;2:10;;Yes;\r\n"
    "C-3;19/03/2026 09:00;Phone - Sales;Priya Shah;07700 900123;12;300,4;no;no\r\n"
    "C-4;19/03/2026 09:30;Telephone;Alex Morgan;;-5;60;no;maybe\r\n");
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (PL_IMPORT_INTERACTIONS);
  g_autoptr(PlImportResult) result = NULL;
  g_autofree char *moment = NULL;
  PlCsvDialect dialect;

  pl_import_mapping_set_create_missing (mapping, TRUE);
  map_fields (mapping,
              "Call ID", "reference", "Start", "date", "Queue", "channel", "Agent", "colleague",
              "Caller", "customer", "Wait", "wait", "Talk", "handle", "Abandoned", "abandoned",
              "FCR", "resolved",
              NULL);
  dialect_init (&dialect, ';', TRUE, PL_DATE_ORDER_DMY);
  result = run_import (f, path, &dialect, mapping);

  /* C-4: a negative wait and "maybe" for resolved. */
  g_assert_cmpuint (result->rows_imported, ==, 3);
  g_assert_cmpuint (result->rows_rejected, ==, 1);
  g_assert_nonnull (find_problem (result, 5, "Wait"));
  g_assert_nonnull (find_problem (result, 5, "FCR"));

  moment = query_text (f->ws, "SELECT occurred_at FROM interactions WHERE reference = 'C-1'");
  g_assert_cmpstr (moment, ==, "2026-03-18T14:05:00Z");
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM interactions WHERE reference = 'C-1'"
                                             " AND external_ref = 'C-1' AND channel_id = 1 AND colleague_id = 1"
                                             " AND wait_s = 45 AND handle_s = 330 AND abandoned = 0"
                                             " AND resolved_first_contact = 1"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM interactions WHERE reference = 'C-2'"
                                             " AND colleague_id IS NULL AND wait_s = 130 AND handle_s IS NULL"
                                             " AND abandoned = 1 AND resolved_first_contact IS NULL"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT handle_s FROM interactions WHERE reference = 'C-3'"), ==, 300);
  /* The same caller, the same pseudonym. */
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(DISTINCT customer_ref) FROM interactions"), ==, 2);
  /* Never the number itself, spaced or not (a hex pseudonym may hold
   * "0770" by chance, but not both runs of digits). */
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM interactions"
                                             " WHERE customer_ref LIKE '%07700%90012%'"), ==, 0);
  /* A new phone queue and a new colleague with the next code. */
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM channels WHERE name = 'Phone - Sales'"
                                             " AND code = 'phone-sales' AND kind = 'telephone'"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM colleagues WHERE code = 'C03'"
                                             " AND display_name = 'Priya Shah'"), ==, 1);

  pl_csv_dialect_clear (&dialect);
}

static const char scorecard_sql[] =
  "INSERT INTO colleagues (id, code, display_name) VALUES (1, 'C01', 'Alex Morgan'), (2, 'C02', 'Sam Patel');"
  "INSERT INTO scorecards (id, name, frozen, created_at) VALUES (1, 'Call quality', 1, '2026-01-01T00:00:00Z');"
  "INSERT INTO scorecard_sections (id, scorecard_id, position, name, weight) VALUES"
  " (1, 1, 1, 'Opening', 1), (2, 1, 2, 'Outcome', 2);"
  "INSERT INTO criteria (id, section_id, position, text, scale, weight, allow_na, critical) VALUES"
  " (1, 1, 1, 'Greeting', 'yesno', 1, 0, 'none'),"
  " (2, 1, 2, 'Identity checked', 'passfail', 1, 0, 'form'),"
  " (3, 2, 1, 'Tone', 'scale5', 1, 0, 'none'),"
  " (4, 2, 2, 'Resolution', 'ypn', 2, 1, 'none');";

static void
test_observations (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = write_file (f, "qa.csv",
    "Ref,Date,Agent,Greeting,ID check,Tone,Resolution,Evaluator,Notes\n"
    "O1,2026-03-02,Alex Morgan,Yes,Pass,5,Partly,Kim,Good\n"
    "O2,2026-03-03,Sam Patel,No,Pass,3,N/A,Kim,\n"
    "O3,2026-03-04,Alex Morgan,Yes,Fail,5,Yes,Kim,\n"
    "O4,2026-03-05,Alex Morgan,Yes,Pass,6,Yes,Kim,\n"
    "O5,2026-03-06,Sam Patel,N/A,Pass,4,Yes,Kim,\n");
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (PL_IMPORT_OBSERVATIONS);
  g_autoptr(PlImportResult) result = NULL;
  PlCsvDialect dialect;

  pl_import_mapping_set_scorecard_id (mapping, 1);
  map_fields (mapping,
              "Ref", "reference", "Date", "date", "Agent", "colleague",
              "Greeting", "criterion:1", "ID check", "criterion:2", "Tone", "criterion:3",
              "Resolution", "criterion:4", "Evaluator", "evaluator", "Notes", "comments",
              NULL);
  dialect_init (&dialect, ',', FALSE, PL_DATE_ORDER_ISO);
  result = run_import (f, path, &dialect, mapping);

  /* O4: Tone 6 is off the 1–5 scale; O5: Greeting cannot be N/A. */
  g_assert_cmpuint (result->rows_imported, ==, 3);
  g_assert_cmpuint (result->rows_rejected, ==, 2);
  g_assert_nonnull (find_problem (result, 5, "Tone"));
  g_assert_nonnull (find_problem (result, 6, "Greeting"));

  /* O1: Opening (1 + 1) / 2 = 1; Outcome (1 × 1 + 2 × 0.5) / 3 = 2/3;
   * score (1 × 1 + 2 × 2/3) / 3 × 100 = 77.78. */
  g_assert_cmpfloat_with_epsilon (query_double (f->ws, "SELECT score FROM observations WHERE reference = 'O1'"),
                                  100.0 * (1 + 2 * 2.0 / 3) / 3, 1e-9);
  /* O2: Opening 0.5; Outcome: Tone 0.5, Resolution N/A leaves it; 50. */
  g_assert_cmpfloat_with_epsilon (query_double (f->ws, "SELECT score FROM observations WHERE reference = 'O2'"),
                                  50, 1e-9);
  /* O3: the critical item failed. */
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM observations WHERE reference = 'O3'"
                                             " AND score = 0 AND critical_failed = 1"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM observation_scores"), ==, 12);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM observation_scores s"
                                             " JOIN observations o ON o.id = s.observation_id"
                                             " WHERE o.reference = 'O2' AND s.criterion_id = 4 AND s.value IS NULL"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM observation_scores s"
                                             " JOIN observations o ON o.id = s.observation_id"
                                             " WHERE o.reference = 'O1' AND s.criterion_id = 4 AND s.value = 0.5"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM observations WHERE evaluator = 'Kim'"
                                             " AND colleague_id IN (1, 2) AND scorecard_id = 1"), ==, 3);

  pl_csv_dialect_clear (&dialect);
}

static const char metrics_sql[] =
  "INSERT INTO channels (id, code, name, kind) VALUES (1, 'phone', 'Telephone', 'telephone');"
  "INSERT INTO teams (id, name) VALUES (1, 'North');"
  "INSERT INTO metric_series (id, code, name, unit, aggregation, scale) VALUES"
  " (1, 'asa', 'Average speed of answer', 's', 'mean', 1),"
  " (2, 'abandonment', 'Abandonment', '%', 'ratio', 100);";

static void
test_metrics (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = write_file (f, "intervals.csv",
    "Date,Channel,Team,ASA,Abandon %\n"
    "2026-03-02,Telephone,North,35.5,4.2\n"
    "2026-03-03,Telephone,North,41,\n"
    "2026-03-03,Email,South,,NA\n"
    "2026-03-04,Telephone,North,fast,3\n");
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (PL_IMPORT_METRICS);
  g_autoptr(PlImportResult) result = NULL;
  PlCsvDialect dialect;

  pl_import_mapping_set_create_missing (mapping, TRUE);
  map_fields (mapping,
              "Date", "date", "Channel", "channel", "Team", "team",
              "ASA", "metric:asa", "Abandon %", "metric:abandonment",
              NULL);
  dialect_init (&dialect, ',', FALSE, PL_DATE_ORDER_ISO);
  result = run_import (f, path, &dialect, mapping);

  g_assert_cmpuint (result->rows_read, ==, 4);
  g_assert_cmpuint (result->rows_imported, ==, 3);
  g_assert_nonnull (find_problem (result, 5, "ASA"));

  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM metric_values WHERE period = 'day'"), ==, 3);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM metric_values WHERE series_id = 1"
                                             " AND period_start = '2026-03-02' AND value = 35.5"
                                             " AND channel_id = 1 AND team_id = 1"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM metric_values WHERE series_id = 2"
                                             " AND value = 4.2 AND abs (numerator - 0.042) < 1e-12"
                                             " AND denominator = 1"), ==, 1);
  /* The third row has no values: nothing stored, nothing created. */
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM teams"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM channels"), ==, 1);

  pl_csv_dialect_clear (&dialect);
}

/* ------------------------------------------------------------------ */
/* Cancel and failure leave the workspace as it was                    */
/* ------------------------------------------------------------------ */

static char *
write_big_survey (Fixture *f,
                  guint    n_rows)
{
  g_autoptr(GString) text = g_string_new ("Response ID,Date,CSAT,NPS,Why\n");

  for (guint i = 1; i <= n_rows; i++)
    g_string_append_printf (text, "B%u,2026-03-%02u,%u,%u,%s\n", i, 1 + i % 28, 1 + i % 5, i % 11,
                            i % 7 == 0 ? "\"Slow, but \"\"fine\"\"\nin the end\"" : "");

  return write_file (f, "big.csv", text->str);
}

static PlImportMapping *
big_mapping (void)
{
  PlImportMapping *mapping = pl_import_mapping_new (PL_IMPORT_SURVEY);

  pl_import_mapping_set_new_survey (mapping, "Big survey");
  map_fields (mapping,
              "Response ID", "response_id", "Date", "date",
              "CSAT", "new-question:csat", "NPS", "new-question:nps", "Why", "comment",
              NULL);
  return mapping;
}

static void
cancel_cb (guint64  position,
           guint64  size,
           gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = write_big_survey (f, 20000);
  g_autoptr(PlImportMapping) mapping = big_mapping ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PlImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = workspace_digest (f->ws);
  g_autofree char *after = NULL;
  PlCsvDialect dialect;

  dialect_init (&dialect, ',', FALSE, PL_DATE_ORDER_ISO);
  result = pl_import_run (f->ws, path, &dialect, mapping, cancellable, cancel_cb, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);

  after = workspace_digest (f->ws);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM import_batches"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM surveys"), ==, 0);

  /* The same import without cancelling goes through. */
  g_clear_object (&cancellable);
  result = run_import (f, path, &dialect, mapping);
  g_assert_cmpuint (result->rows_imported, ==, 20000);
  /* A bulk load (20,000 rows into an empty table) rebuilt its indexes. */
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                                             " AND tbl_name = 'responses' AND sql IS NOT NULL"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses INDEXED BY responses_survey_date"
                                             " WHERE survey_id = (SELECT max (id) FROM surveys)"
                                             " AND responded_on >= ''"), ==, 20000);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM pragma_integrity_check"
                                             " WHERE integrity_check <> 'ok'"), ==, 0);
  /* The writer thread stored every batch, in the file's order. */
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses"
                                             " WHERE external_ref = 'B' || (id - (SELECT min (id) FROM responses) + 1)"
                                             " AND json_extract (answers, '$.\"' || (SELECT max (id) FROM questions) || '\"')"
                                             "     = (id - (SELECT min (id) FROM responses) + 1) % 11"), ==, 20000);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM answers"
                                             " WHERE question_id = (SELECT max (id) FROM questions)"), ==, 20000);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses WHERE comment = 'Slow, but \"fine\"' || char (10) || 'in the end'"),
                   ==, 20000 / 7);

  pl_csv_dialect_clear (&dialect);
}

static void
test_failure_midway (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = write_big_survey (f, 25000);
  g_autoptr(PlImportMapping) mapping = big_mapping ();
  g_autoptr(PlImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  PlCsvDialect dialect;

  /* The disk "fills up" at the 24,000th response: after the import has
   * set the indexes aside as a bulk load (from 20,000 rows), which the
   * rollback must give back. */
  pl_workspace_exec (f->ws,
                     "CREATE TRIGGER fail_responses BEFORE INSERT ON responses"
                     " WHEN NEW.id >= 24000"
                     " BEGIN SELECT RAISE (ABORT, 'database or disk is full'); END;",
                     &error);
  g_assert_no_error (error);
  before = workspace_digest (f->ws);

  dialect_init (&dialect, ',', FALSE, PL_DATE_ORDER_ISO);
  result = pl_import_run (f->ws, path, &dialect, mapping, NULL, NULL, NULL, &error);
  g_assert_error (error, PL_ERROR, PL_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_assert_null (result);
  g_clear_error (&error);

  after = workspace_digest (f->ws);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM import_batches"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM questions"), ==, 0);

  /* A mapping that cannot work fails before anything is written. */
  g_clear_pointer (&mapping, pl_import_mapping_free);
  mapping = pl_import_mapping_new (PL_IMPORT_COMPLAINTS);
  map_fields (mapping, "Why", "description", NULL);
  result = pl_import_run (f->ws, path, &dialect, mapping, NULL, NULL, NULL, &error);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_null (result);
  g_clear_error (&error);

  /* A column the file does not have. */
  g_clear_pointer (&mapping, pl_import_mapping_free);
  mapping = big_mapping ();
  map_fields (mapping, "Agent", "colleague", NULL);
  result = pl_import_run (f->ws, path, &dialect, mapping, NULL, NULL, NULL, &error);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Agent"));
  g_assert_null (result);
  g_clear_error (&error);

  g_free (after);
  after = workspace_digest (f->ws);
  g_assert_cmpstr (before, ==, after);

  pl_csv_dialect_clear (&dialect);
}

static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *header_only = write_file (f, "header.csv", "Response ID,Date,CSAT,NPS,Why\n");
  g_autofree char *empty = write_file (f, "empty.csv", "");
  g_autofree char *missing = g_build_filename (f->dir, "no-such-file.csv", NULL);
  g_autoptr(PlImportMapping) mapping = big_mapping ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = workspace_digest (f->ws);
  g_autofree char *after = NULL;
  PlImportResult *result;
  PlCsvDialect dialect;

  dialect_init (&dialect, ',', FALSE, PL_DATE_ORDER_ISO);

  result = pl_import_run (f->ws, header_only, &dialect, mapping, NULL, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no rows"));
  g_clear_error (&error);

  result = pl_import_run (f->ws, empty, &dialect, mapping, NULL, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  result = pl_import_run (f->ws, missing, &dialect, mapping, NULL, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, PL_ERROR, PL_ERROR_IO);
  g_clear_error (&error);
  g_assert_cmpint (pl_import_find_batch_for_file (f->ws, missing, NULL, &error), ==, -1);
  g_assert_error (error, PL_ERROR, PL_ERROR_IO);
  g_clear_error (&error);

  after = workspace_digest (f->ws);
  g_assert_cmpstr (before, ==, after);

  pl_csv_dialect_clear (&dialect);
}

/* ------------------------------------------------------------------ */
/* Pseudonyms and duplicates                                           */
/* ------------------------------------------------------------------ */

static void
test_pseudonymise (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "other.plumbline", NULL);
  g_autoptr(PlWorkspace) other = pl_workspace_create (other_path, "Other", &error);
  g_autofree char *a = pl_import_pseudonymise (f->ws, "ann@example.com");
  g_autofree char *b = pl_import_pseudonymise (f->ws, "  ANN@example.com ");
  g_autofree char *c = pl_import_pseudonymise (f->ws, "bob@example.com");
  g_autofree char *d = pl_import_pseudonymise (other, "ann@example.com");
  g_autofree char *key = pl_workspace_get_setting (f->ws, "pseudonym_key");
  g_autofree char *expected = NULL;
  g_autoptr(GHmac) hmac = NULL;
  guchar key_bytes[32];

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (a, "P-"));
  g_assert_cmpuint (strlen (a), ==, 18);
  g_assert_cmpstr (a, !=, "ann@example.com");
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  /* Another workspace, another key, another pseudonym. */
  g_assert_cmpstr (a, !=, d);
  g_assert_null (pl_import_pseudonymise (f->ws, "   "));

  /* HMAC-SHA256 keyed with the workspace's key (64 hex digits). */
  g_assert_cmpuint (strlen (key), ==, 64);
  for (guint i = 0; i < 32; i++)
    key_bytes[i] = (guchar) (g_ascii_xdigit_value (key[2 * i]) << 4 | g_ascii_xdigit_value (key[2 * i + 1]));
  hmac = g_hmac_new (G_CHECKSUM_SHA256, key_bytes, sizeof key_bytes);
  g_hmac_update (hmac, (const guchar *) "ann@example.com", -1);
  expected = g_strdup_printf ("P-%.16s", g_hmac_get_string (hmac));
  g_assert_cmpstr (a, ==, expected);
}

static void
test_duplicate (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = write_big_survey (f, 50);
  g_autofree char *copy = NULL;
  g_autoptr(PlImportMapping) mapping = big_mapping ();
  g_autoptr(PlImportResult) first = NULL;
  g_autoptr(PlImportResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  PlCsvDialect dialect;

  g_assert_cmpint (pl_import_find_batch_for_file (f->ws, path, NULL, &error), ==, 0);
  g_assert_no_error (error);

  dialect_init (&dialect, ',', FALSE, PL_DATE_ORDER_ISO);
  first = run_import (f, path, &dialect, mapping);

  /* The same bytes under another name are the same file. */
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  copy = g_build_filename (f->dir, "renamed.csv", NULL);
  g_file_set_contents (copy, contents, length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_import_find_batch_for_file (f->ws, copy, NULL, &error), ==, first->batch_id);

  /* Imported again anyway (the caller decides), the newest batch is found. */
  second = run_import (f, copy, &dialect, mapping);
  g_assert_cmpint (pl_import_find_batch_for_file (f->ws, path, NULL, &error), ==, second->batch_id);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses"), ==, 100);
  /* Two new surveys called "Big survey" with their own questions. */
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM questions"), ==, 4);

  pl_import_undo_batch (f->ws, second->batch_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_import_find_batch_for_file (f->ws, path, NULL, &error), ==, first->batch_id);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses"), ==, 50);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM questions"), ==, 2);

  pl_csv_dialect_clear (&dialect);
}

/* Every row of a repeat customer gets the one pseudonym, however the
 * address is written, in a file long enough to fill the import's cache of
 * pseudonyms; and each is the one pl_import_pseudonymise() gives. */
static void
test_pseudonym_cache (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("Response ID,Date,Email,CSAT\n");
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (PL_IMPORT_SURVEY);
  g_autoptr(PlImportResult) result = NULL;
  g_autofree char *path = NULL;
  PlCsvDialect dialect;

  for (guint i = 1; i <= 6000; i++)
    g_string_append_printf (text, i % 5 == 0 ? "P%u,2026-03-%02u,  Customer%u@Example.COM ,%u\n"
                                             : "P%u,2026-03-%02u,customer%u@example.com,%u\n",
                            i, 1 + i % 28, i % 1500, 1 + i % 5);
  path = write_file (f, "customers.csv", text->str);

  pl_import_mapping_set_new_survey (mapping, "Customers");
  map_fields (mapping, "Response ID", "response_id", "Date", "date", "Email", "respondent",
              "CSAT", "new-question:csat", NULL);
  dialect_init (&dialect, ',', FALSE, PL_DATE_ORDER_ISO);
  result = run_import (f, path, &dialect, mapping);
  g_assert_cmpuint (result->rows_imported, ==, 6000);

  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(DISTINCT respondent_ref) FROM responses"), ==, 1500);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT max (n) FROM (SELECT count(DISTINCT respondent_ref) AS n"
                                             " FROM responses GROUP BY CAST (substr (external_ref, 2) AS INTEGER) % 1500)"),
                   ==, 1);
  for (guint c = 0; c < 1500; c += 499)
    {
      g_autofree char *identifier = g_strdup_printf ("customer%u@example.com", c);
      g_autofree char *expected = pl_import_pseudonymise (f->ws, identifier);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM responses WHERE respondent_ref = '%s'"
                                              " AND CAST (substr (external_ref, 2) AS INTEGER) %% 1500 = %u",
                                              expected, c);

      g_assert_cmpint (pl_test_query_int (f->ws, sql), ==, 4);
    }

  pl_csv_dialect_clear (&dialect);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD_TEST(name, func, sql) \
  g_test_add (name, Fixture, sql, fixture_setup, func, fixture_teardown)

  ADD_TEST ("/core/import/nps-survey", test_nps_survey, NULL);
  ADD_TEST ("/core/import/cfpb-complaints", test_cfpb_complaints, NULL);
  ADD_TEST ("/core/import/survey-rows", test_survey_rows, survey_sql);
  ADD_TEST ("/core/import/no-create", test_no_create, survey_sql);
  ADD_TEST ("/core/import/preview", test_preview, survey_sql);
  ADD_TEST ("/core/import/interactions", test_interactions, survey_sql);
  ADD_TEST ("/core/import/observations", test_observations, scorecard_sql);
  ADD_TEST ("/core/import/metrics", test_metrics, metrics_sql);
  ADD_TEST ("/core/import/cancel", test_cancel, NULL);
  ADD_TEST ("/core/import/failure-midway", test_failure_midway, NULL);
  ADD_TEST ("/core/import/bad-files", test_bad_files, NULL);
  ADD_TEST ("/core/import/pseudonymise", test_pseudonymise, NULL);
  ADD_TEST ("/core/import/pseudonym-cache", test_pseudonym_cache, NULL);
  ADD_TEST ("/core/import/duplicate", test_duplicate, NULL);

  return g_test_run ();
}
