/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>

#include "core/pl-error.h"
#include "core/pl-item.h"
#include "core/pl-schema.h"
#include "core/pl-workspace.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("plumbline-workspace-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.plumbline", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static void
assert_unchanged (const char *path,
                  GBytes     *before)
{
  g_autoptr(GBytes) after = read_bytes (path);

  g_assert_true (g_bytes_equal (before, after));
}

static int
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_create_and_reopen (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) ws = NULL;
  g_autofree char *title = NULL;
  g_autofree char *value = NULL;
  g_autofree char *key = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *other_path = NULL;
  g_autoptr(PlWorkspace) other = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  ws = pl_workspace_create (fixture->path, "Harbour Lights Travel", &error);
  g_assert_no_error (error);
  g_assert_nonnull (ws);

  db = pl_workspace_get_db (ws);
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, PL_WORKSPACE_APPLICATION_ID);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, pl_workspace_get_current_version ());
  g_assert_cmpint (raw_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);

  /* Schema version 1 has every table the review cycle needs. */
  for (const char * const *t = (const char * const[]) {
         "settings", "organisation", "teams", "colleagues", "channels",
         "service_offers", "commitments", "kpis", "interactions", "surveys",
         "questions", "responses", "answers", "scorecards", "scorecard_sections",
         "criteria", "observations", "observation_scores", "metric_series",
         "metric_values", "complaints", "import_batches", "audit_log",
         "import_presets", "import_rejects", "validation_runs", "validation_flags", NULL };
       *t != NULL; t++)
    {
      gint64 count = -1;

      g_assert_true (pl_workspace_count_rows (ws, *t, &count, &error));
      g_assert_no_error (error);
      g_assert_cmpint (count, >=, 0);
    }

  /* Foreign keys are enforced. */
  g_assert_false (pl_workspace_exec (ws, "INSERT INTO colleagues (code, display_name, team_id)"
                                         " VALUES ('C1', 'Sam', 42)", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_DATABASE);
  g_clear_error (&error);

  /* Each workspace has its own key for pseudonymising customer identifiers. */
  key = pl_workspace_get_setting (ws, "pseudonym_key");
  g_assert_nonnull (key);
  g_assert_cmpuint (strlen (key), ==, 64);
  for (const char *c = key; *c != '\0'; c++)
    g_assert_true (g_ascii_isxdigit (*c));
  other_path = g_build_filename (fixture->dir, "other.plumbline", NULL);
  other = pl_workspace_create (other_path, NULL, &error);
  g_assert_no_error (error);
  other_key = pl_workspace_get_setting (other, "pseudonym_key");
  g_assert_cmpstr (key, !=, other_key);

  g_assert_true (pl_workspace_set_setting (ws, "retention_months", "24", &error));
  g_assert_no_error (error);
  g_clear_object (&ws);

  ws = pl_workspace_open (fixture->path, &error);
  g_assert_no_error (error);
  title = pl_workspace_dup_title (ws);
  g_assert_cmpstr (title, ==, "Harbour Lights Travel");
  value = pl_workspace_get_setting (ws, "retention_months");
  g_assert_cmpstr (value, ==, "24");
  g_assert_null (pl_workspace_get_backup_path (ws));
  g_assert_cmpint (pl_workspace_get_schema_version (ws), ==, pl_workspace_get_current_version ());
}

static void
test_create_refuses_existing (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  PlWorkspace *ws;

  g_file_set_contents (fixture->path, "someone's notes", -1, &error);
  g_assert_no_error (error);
  before = read_bytes (fixture->path);

  ws = pl_workspace_create (fixture->path, NULL, &error);
  g_assert_null (ws);
  g_assert_error (error, PL_ERROR, PL_ERROR_EXISTS);
  assert_unchanged (fixture->path, before);
}

static void
test_refuses_random_bytes (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint8 noise[4096];
  PlWorkspace *ws;

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (fixture->path, (const char *) noise, sizeof noise, &error);
  g_assert_no_error (error);
  before = read_bytes (fixture->path);

  ws = pl_workspace_open (fixture->path, &error);
  g_assert_null (ws);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_SQLITE);
  g_assert_nonnull (strstr (error->message, "not a Plumbline workspace"));
  assert_unchanged (fixture->path, before);

  /* An empty file is not a workspace either. */
  g_clear_error (&error);
  g_file_set_contents (fixture->path, "", 0, NULL);
  ws = pl_workspace_open (fixture->path, &error);
  g_assert_null (ws);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_SQLITE);
}

static void
test_refuses_foreign_sqlite (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  g_autoptr(GBytes) before = NULL;
  PlWorkspace *ws;

  raw_exec (fixture->path,
            "CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, title TEXT);"
            "INSERT INTO moz_bookmarks (title) VALUES ('GNOME');");
  before = read_bytes (fixture->path);

  ws = pl_workspace_open (fixture->path, &error);
  g_assert_null (ws);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_WORKSPACE);
  assert_unchanged (fixture->path, before);

  /* Not even a journal was left beside it. */
  wal = g_strconcat (fixture->path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refuses_newer_version (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  PlWorkspace *ws;

  ws = pl_workspace_create (fixture->path, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (ws);

  /* As a future Plumbline would leave it, checkpointed into one file. */
  raw_exec (fixture->path, "PRAGMA user_version = 99; PRAGMA journal_mode = DELETE;");
  before = read_bytes (fixture->path);

  ws = pl_workspace_open (fixture->path, &error);
  g_assert_null (ws);
  g_assert_error (error, PL_ERROR, PL_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));
  assert_unchanged (fixture->path, before);
}

static void
test_refuses_locked (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(PlWorkspace) holder = NULL;
  g_autoptr(PlWorkspace) again = NULL;
  PlWorkspace *ws;

  holder = pl_workspace_create (fixture->path, NULL, &error);
  g_assert_no_error (error);
  before = read_bytes (fixture->path);

  ws = pl_workspace_open (fixture->path, &error);
  g_assert_null (ws);
  g_assert_error (error, PL_ERROR, PL_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "open in another"));
  assert_unchanged (fixture->path, before);
  g_clear_error (&error);

  /* The lock goes with the holder. */
  g_clear_object (&holder);
  again = pl_workspace_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

static void
make_version_0 (const char *path,
                const char *extra_sql)
{
  g_autofree char *sql =
    g_strdup_printf ("PRAGMA application_id = %d;"
                     "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);"
                     "INSERT INTO settings VALUES ('organisation_name', 'Early Adopters Ltd');"
                     "%s",
                     PL_WORKSPACE_APPLICATION_ID, extra_sql);
  raw_exec (path, sql);
}

static void
test_migrates_version_0 (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) ws = NULL;
  g_autofree char *value = NULL;
  g_autofree char *backup_path = NULL;
  gint64 count = -1;
  sqlite3 *backup = NULL;

  make_version_0 (fixture->path, "");

  ws = pl_workspace_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_workspace_get_schema_version (ws), ==, pl_workspace_get_current_version ());
  g_assert_cmpint (raw_int (pl_workspace_get_db (ws), "PRAGMA user_version"), ==,
                   pl_workspace_get_current_version ());

  /* The old data survived and the new tables exist. */
  value = pl_workspace_get_setting (ws, "organisation_name");
  g_assert_cmpstr (value, ==, "Early Adopters Ltd");
  g_assert_true (pl_workspace_count_rows (ws, "kpis", &count, &error));
  g_assert_cmpint (count, ==, 0);

  /* A backup of version 0 was made through the backup API first. */
  backup_path = g_strdup (pl_workspace_get_backup_path (ws));
  g_assert_nonnull (backup_path);
  g_assert_true (g_str_has_suffix (backup_path, ".v0.bak"));
  g_assert_cmpint (sqlite3_open_v2 (backup_path, &backup, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (raw_int (backup, "PRAGMA user_version"), ==, 0);
  g_assert_cmpint (raw_int (backup, "PRAGMA application_id"), ==, PL_WORKSPACE_APPLICATION_ID);
  g_assert_cmpint (raw_int (backup, "SELECT count(*) FROM settings"), ==, 1);
  g_assert_cmpint (raw_int (backup, "SELECT count(*) FROM sqlite_schema WHERE name = 'kpis'"), ==, 0);
  sqlite3_close (backup);

  /* Reopening an up-to-date workspace makes no further backup. */
  g_clear_object (&ws);
  ws = pl_workspace_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_null (pl_workspace_get_backup_path (ws));
}

/* A raw connection to a new workspace file made up to @version only. */
static sqlite3 *
open_at_version (const char *path,
                 int         version)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d", PL_WORKSPACE_APPLICATION_ID);
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (pl_schema_migrate_to (raw, 0, version, &error));
  g_assert_no_error (error);

  return raw;
}

/* Version 3 moved answers from their own table into each response, as
 * JSON: numbers, text and blanks all come through, and the answers view
 * reads and writes them as rows. */
static void
test_migrates_answers (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) ws = NULL;
  sqlite3 *db = NULL;
  sqlite3 *raw = NULL;

  raw = open_at_version (fixture->path, 2);
  g_assert_cmpint (sqlite3_exec (raw,
    "INSERT INTO surveys (id, name, created_at) VALUES (1, 'Visit', '2026-01-01T00:00:00Z');"
    "INSERT INTO questions (id, survey_id, position, code, text, kind) VALUES"
    " (1, 1, 1, 'csat', 'Satisfied?', 'csat'), (2, 1, 2, 'why', 'Why?', 'text'),"
    " (3, 1, 3, 'nps', 'Recommend?', 'nps');"
    "INSERT INTO responses (id, survey_id, responded_on, created_at, updated_at) VALUES"
    " (1, 1, '2026-01-05', 'x', 'x'), (2, 1, '2026-01-06', 'x', 'x'), (3, 1, '2026-01-07', 'x', 'x');"
    "INSERT INTO answers (response_id, question_id, value_num, value_text) VALUES"
    " (1, 1, 4, NULL), (1, 2, NULL, 'Très \"bien\"'), (1, 3, 9.5, NULL), (2, 1, NULL, NULL);",
    NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  ws = pl_workspace_open (fixture->path, &error);
  g_assert_no_error (error);
  db = pl_workspace_get_db (ws);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, pl_workspace_get_current_version ());
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'answers' AND type = 'view'"), ==, 1);

  /* Every answer as it was, blanks included; response 3 had none. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM answers"), ==, 4);
  g_assert_cmpint (raw_int (db, "SELECT value_num FROM answers WHERE response_id = 1 AND question_id = 1"), ==, 4);
  g_assert_cmpint (raw_int (db, "SELECT value_num * 10 FROM answers WHERE response_id = 1 AND question_id = 3"), ==, 95);
  g_assert_cmpint (raw_int (db, "SELECT value_text = 'Très \"bien\"' FROM answers WHERE question_id = 2"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM answers WHERE response_id = 2"
                                " AND value_num IS NULL AND value_text IS NULL"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT answers IS NULL FROM responses WHERE id = 3"), ==, 1);

  /* Writing through the view. */
  g_assert_true (pl_workspace_exec (ws,
                                    "INSERT INTO answers (response_id, question_id, value_num) VALUES (3, 1, 2);"
                                    "UPDATE answers SET value_num = 5 WHERE response_id = 1 AND question_id = 1;"
                                    "DELETE FROM answers WHERE response_id = 1 AND question_id = 2;",
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (db, "SELECT json_extract (answers, '$.\"1\"') FROM responses WHERE id = 3"), ==, 2);
  g_assert_cmpint (raw_int (db, "SELECT json_extract (answers, '$.\"1\"') FROM responses WHERE id = 1"), ==, 5);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM answers WHERE response_id = 1"), ==, 2);
}

/* Version 8 rebuilds comment_codes so that informal feedback can be
 * coded: every code of a version-7 workspace comes through. */
static void
test_migrates_comment_codes (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) ws = NULL;
  sqlite3 *db = NULL;
  sqlite3 *raw = NULL;

  raw = open_at_version (fixture->path, 7);
  g_assert_cmpint (sqlite3_exec (raw,
    "INSERT INTO themes (id, name, position, created_at) VALUES (1, 'Price', 0, 'x'), (2, 'Waiting', 1, 'x');"
    "INSERT INTO comment_codes (entity, entity_id, question_id, theme_id, origin, coded_at) VALUES"
    " ('response', 10, 0, 1, 'manual', 'a'), ('complaint', 3, 0, 2, 'rule', 'b'),"
    " ('response', 10, 7, 2, 'manual', 'c');",
    NULL, NULL, NULL), ==, SQLITE_OK);
  /* Version 7 does not take informal feedback. */
  g_assert_cmpint (sqlite3_exec (raw,
    "INSERT INTO comment_codes (entity, entity_id, theme_id, coded_at)"
    " VALUES ('informal_feedback', 1, 1, 'd');", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  sqlite3_close (raw);

  ws = pl_workspace_open (fixture->path, &error);
  g_assert_no_error (error);
  db = pl_workspace_get_db (ws);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, pl_workspace_get_current_version ());
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM comment_codes"), ==, 3);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM comment_codes WHERE entity = 'complaint' AND entity_id = 3"
                                " AND theme_id = 2 AND origin = 'rule' AND coded_at = 'b'"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM comment_codes WHERE question_id = 7"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'comment_codes_theme'"), ==, 1);
  g_assert_true (pl_workspace_exec (ws, "INSERT INTO comment_codes (entity, entity_id, theme_id, coded_at)"
                                        " VALUES ('informal_feedback', 1, 1, 'd');", &error));
  g_assert_no_error (error);
  /* Deleting a theme still deletes its codes. */
  g_assert_true (pl_workspace_exec (ws, "DELETE FROM themes WHERE id = 2", &error));
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM comment_codes"), ==, 2);
}

/* Version 9 drops the two indexes only the duplicate rules used, which
 * now sort the table instead; the rows and the KPIs' index stay. */
static void
test_migrates_duplicate_indexes (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) ws = NULL;
  sqlite3 *db = NULL;
  sqlite3 *raw = NULL;

  raw = open_at_version (fixture->path, 8);
  g_assert_cmpint (raw_int (raw, "SELECT count(*) FROM sqlite_schema WHERE name IN"
                                 " ('responses_external', 'responses_respondent')"), ==, 2);
  g_assert_cmpint (sqlite3_exec (raw,
    "INSERT INTO surveys (id, name, created_at) VALUES (1, 'Visit', '2026-01-01T00:00:00Z');"
    "INSERT INTO responses (id, survey_id, responded_on, external_ref, created_at, updated_at) VALUES"
    " (1, 1, '2026-01-05', 'R1', 'x', 'x'), (2, 1, '2026-01-06', 'R1', 'x', 'x');",
    NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  ws = pl_workspace_open (fixture->path, &error);
  g_assert_no_error (error);
  db = pl_workspace_get_db (ws);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, pl_workspace_get_current_version ());
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_schema WHERE name IN"
                                " ('responses_external', 'responses_respondent')"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'responses_survey_date'"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM responses WHERE external_ref = 'R1'"), ==, 2);
}

/* A writer handed over with its work committed and no automatic
 * checkpoint: its pages reach the workspace file in the background, by the
 * time the workspace is closed, while another connection stays open (so
 * that no close of a last connection does it instead). */
static void
test_writer_checkpoint_in_background (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) ws = NULL;
  sqlite3 *writer;
  sqlite3 *other = NULL;
  GStatBuf before, after;

  ws = pl_workspace_create (fixture->path, "Checkpoints", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (fixture->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (raw_int (other, "SELECT count(*) FROM surveys"), ==, 0);

  writer = pl_workspace_open_writer (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (writer,
    "PRAGMA wal_autocheckpoint = 0;"
    "BEGIN;"
    "CREATE TABLE filler (x);"
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
    "  INSERT INTO filler SELECT randomblob (1000) FROM n;"
    "COMMIT;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (g_stat (fixture->path, &before), ==, 0);
  g_assert_cmpint (before.st_size, <, 1000000);

  pl_workspace_close_writer_in_background (ws, writer);
  pl_workspace_close (ws);

  g_assert_cmpint (g_stat (fixture->path, &after), ==, 0);
  g_assert_cmpint (after.st_size, >, 2000000);
  g_assert_cmpint (raw_int (other, "SELECT count(*) FROM filler"), ==, 2000);
  sqlite3_close (other);
}

static void
test_failed_migration_keeps_original (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  PlWorkspace *ws;
  sqlite3 *db = NULL;

  /* A stray table that version 1 also creates makes the step fail halfway. */
  make_version_0 (fixture->path, "CREATE TABLE complaints (x);");
  before = read_bytes (fixture->path);

  ws = pl_workspace_open (fixture->path, &error);
  g_assert_null (ws);
  g_assert_error (error, PL_ERROR, PL_ERROR_MIGRATION);
  assert_unchanged (fixture->path, before);

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'teams'"), ==, 0);
  sqlite3_close (db);
}

static void
changed_cb (PlWorkspace *ws,
            const char  *table,
            gpointer     user_data)
{
  GPtrArray *seen = user_data;

  g_ptr_array_add (seen, g_strdup (table));
}

static void
test_items_audit_and_signal (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) ws = NULL;
  g_autoptr(GListModel) channels = NULL;
  g_autoptr(GListModel) colleagues = NULL;
  g_autoptr(PlItem) first = NULL;
  g_autoptr(PlItem) colleague = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  ws = pl_workspace_create (fixture->path, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (pl_workspace_exec (ws,
    "INSERT INTO channels (code, name, kind) VALUES ('phone', 'Telephone', 'telephone'),"
    " ('email', 'Email', 'written');"
    "INSERT INTO teams (name) VALUES ('Care');"
    "INSERT INTO colleagues (code, display_name, team_id) VALUES ('C02', 'Zara Ali', 1),"
    " ('C01', 'Ben Ode', 1);"
    "INSERT INTO colleagues (code, display_name, active) VALUES ('C03', 'Left Already', 0);",
    &error));
  g_assert_no_error (error);

  channels = pl_workspace_list_items (ws, PL_ITEM_KIND_CHANNEL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (channels), ==, 2);
  first = g_list_model_get_item (channels, 0);
  g_assert_cmpstr (pl_item_get_code (first), ==, "phone");
  g_assert_cmpstr (pl_item_get_name (first), ==, "Telephone");

  /* Active colleagues only, by name, with their team. */
  colleagues = pl_workspace_list_items (ws, PL_ITEM_KIND_COLLEAGUE, &error);
  g_assert_cmpuint (g_list_model_get_n_items (colleagues), ==, 2);
  colleague = g_list_model_get_item (colleagues, 0);
  g_assert_cmpstr (pl_item_get_name (colleague), ==, "Ben Ode");
  g_assert_cmpstr (pl_item_get_detail (colleague), ==, "Care");

  g_assert_true (pl_workspace_audit (ws, "edit", "kpis", 3, "target 85 → 90", &error));
  stmt = pl_workspace_prepare (ws, "SELECT action, entity, entity_id, detail FROM audit_log"
                                   " ORDER BY id DESC LIMIT 1", &error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "edit");
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, 3);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "target 85 → 90");

  g_signal_connect (ws, "changed::kpis", G_CALLBACK (changed_cb), seen);
  pl_workspace_emit_changed (ws, "responses");
  pl_workspace_emit_changed (ws, "kpis");
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "kpis");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/core/workspace/create-and-reopen", test_create_and_reopen);
  ADD ("/core/workspace/create-refuses-existing", test_create_refuses_existing);
  ADD ("/core/workspace/refuse/random-bytes", test_refuses_random_bytes);
  ADD ("/core/workspace/refuse/foreign-sqlite", test_refuses_foreign_sqlite);
  ADD ("/core/workspace/refuse/newer-version", test_refuses_newer_version);
  ADD ("/core/workspace/refuse/locked", test_refuses_locked);
  ADD ("/core/workspace/migrate/version-0", test_migrates_version_0);
  ADD ("/core/workspace/migrate/answers", test_migrates_answers);
  ADD ("/core/workspace/migrate/comment-codes", test_migrates_comment_codes);
  ADD ("/core/workspace/migrate/duplicate-indexes", test_migrates_duplicate_indexes);
  ADD ("/core/workspace/writer-checkpoint", test_writer_checkpoint_in_background);
  ADD ("/core/workspace/migrate/failure-keeps-original", test_failed_migration_keeps_original);
  ADD ("/core/workspace/items-audit-signal", test_items_audit_and_signal);

#undef ADD

  return g_test_run ();
}
