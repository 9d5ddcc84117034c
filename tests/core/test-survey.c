/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-item.h"
#include "core/pl-survey.h"
#include "core/pl-util.h"
#include "core/pl-workspace.h"
#include "pl-test-db.h"

/* Question ids of the fixture survey. */
enum {
  Q_CSAT = 1,
  Q_NPS,
  Q_CES,
  Q_RESOLVED,
  Q_LIKERT,
  Q_OTHER_SURVEY,
};

typedef struct
{
  char *dir;
  char *path;
  PlWorkspace *ws;
  guint changed;
  char *changed_table;
} Fixture;

static const char fixture_sql[] =
  "INSERT INTO surveys (id, name, created_at) VALUES"
  " (1, 'After-contact survey', '2026-01-01T00:00:00Z'),"
  " (2, 'Other survey', '2026-01-01T00:00:00Z');"
  "INSERT INTO questions (id, survey_id, position, code, text, kind, scale_min, scale_max, required) VALUES"
  " (1, 1, 1, 'csat', 'How satisfied were you with the service you received?', 'csat', NULL, NULL, 1),"
  " (2, 1, 2, 'nps', 'How likely are you to recommend us to a friend?', 'nps', NULL, NULL, 0),"
  " (3, 1, 3, 'ces', 'How easy was it to get what you needed?', 'ces', NULL, NULL, 0),"
  " (4, 1, 4, 'resolved', 'Was your problem resolved?', 'yesno', NULL, NULL, 0),"
  " (5, 2, 1, 'agree', 'The adviser understood me', 'likert', 1, 4, 0),"
  " (6, 2, 2, 'csat', 'Overall satisfaction', 'csat', NULL, NULL, 0);"
  "INSERT INTO channels (id, code, name, kind) VALUES"
  " (1, 'phone', 'Telephone', 'telephone'),"
  " (2, 'email', 'Email', 'written');"
  "INSERT INTO teams (id, name) VALUES (1, 'North');"
  "INSERT INTO colleagues (id, code, display_name, team_id) VALUES"
  " (1, 'C01', 'Alex Morgan', 1),"
  " (2, 'C02', 'Sam Patel', 1);";

static void
changed_cb (PlWorkspace *ws,
            const char  *table,
            Fixture     *f)
{
  f->changed++;
  g_free (f->changed_table);
  f->changed_table = g_strdup (table);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("plumbline-survey-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.plumbline", NULL);
  f->ws = pl_workspace_create (f->path, "Test", &error);
  g_assert_no_error (error);
  pl_workspace_exec (f->ws, fixture_sql, &error);
  g_assert_no_error (error);
  g_signal_connect (f->ws, "changed::responses", G_CALLBACK (changed_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  pl_workspace_close (f->ws);
  g_assert_finalize_object (f->ws);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->changed_table);
}

static PlQuestion *
get_question (PlWorkspace *ws,
              gint64       survey_id,
              guint        position)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) questions = pl_survey_list_questions (ws, survey_id, &error);

  g_assert_no_error (error);
  return g_list_model_get_item (questions, position);
}

/* A complete, valid response: CSAT 4, NPS 9, CES 6, resolved. */
static PlResponse *
make_response (void)
{
  PlResponse *response = pl_response_new (1);

  pl_response_set_responded_on (response, "2026-03-02");
  pl_response_set_channel_id (response, 1);
  pl_response_set_colleague_id (response, 2);
  pl_response_set_comment (response, "  Quick and friendly.  ");
  pl_response_set_answer (response, Q_CSAT, 4);
  pl_response_set_answer (response, Q_NPS, 9);
  pl_response_set_answer (response, Q_CES, 6);
  pl_response_set_answer (response, Q_RESOLVED, 1);
  return response;
}

typedef struct
{
  gint64 responses;
  gint64 answers;
  gint64 audit;
} Counts;

static void
count_rows (PlWorkspace *ws,
            Counts      *counts)
{
  g_autoptr(GError) error = NULL;

  pl_workspace_count_rows (ws, "responses", &counts->responses, &error);
  g_assert_no_error (error);
  pl_workspace_count_rows (ws, "answers", &counts->answers, &error);
  g_assert_no_error (error);
  pl_workspace_count_rows (ws, "audit_log", &counts->audit, &error);
  g_assert_no_error (error);
}

static void
test_kind_strings (void)
{
  static const char * const names[] = {
    "csat", "nps", "ces", "likert", "yesno", "single", "multiple", "text",
  };
  PlQuestionKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (pl_question_kind_to_string ((PlQuestionKind) i), ==, names[i]);
      g_assert_true (pl_question_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, i);
    }

  g_assert_false (pl_question_kind_from_string ("stars", &kind));
  g_assert_false (pl_question_kind_from_string (NULL, &kind));
  g_assert_cmpstr (g_enum_to_string (PL_TYPE_QUESTION_KIND, PL_QUESTION_NPS), ==, "PL_QUESTION_NPS");
}

static void
test_list_questions (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) questions = pl_survey_list_questions (f->ws, 1, &error);
  g_autoptr(GListModel) missing = NULL;
  static const char * const codes[] = { "csat", "nps", "ces", "resolved" };
  static const PlQuestionKind kinds[] = {
    PL_QUESTION_CSAT, PL_QUESTION_NPS, PL_QUESTION_CES, PL_QUESTION_YESNO,
  };

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (questions), ==, 4);

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(PlQuestion) q = g_list_model_get_item (questions, i);
      g_autofree char *code = NULL;
      PlQuestionKind kind;

      g_assert_cmpint (pl_question_get_id (q), ==, i + 1);
      g_assert_cmpint (pl_question_get_survey_id (q), ==, 1);
      g_assert_cmpstr (pl_question_get_code (q), ==, codes[i]);
      g_assert_cmpint (pl_question_get_kind (q), ==, kinds[i]);
      g_assert_true (pl_question_is_rating (q));
      g_assert_cmpint (pl_question_get_required (q), ==, i == 0);

      /* The same through the properties. */
      g_object_get (q, "code", &code, "kind", &kind, NULL);
      g_assert_cmpstr (code, ==, codes[i]);
      g_assert_cmpint (kind, ==, kinds[i]);
    }

  missing = pl_survey_list_questions (f->ws, 99, &error);
  g_assert_null (missing);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

static void
assert_value (PlQuestion *q,
              double      value,
              gboolean    ok)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pl_question_check_value (q, value, &error), ==, ok);
  if (ok)
    g_assert_no_error (error);
  else
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
}

static void
test_check_value (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PlQuestion) csat = get_question (f->ws, 1, 0);
  g_autoptr(PlQuestion) nps = get_question (f->ws, 1, 1);
  g_autoptr(PlQuestion) ces = get_question (f->ws, 1, 2);
  g_autoptr(PlQuestion) yesno = get_question (f->ws, 1, 3);
  g_autoptr(PlQuestion) likert = get_question (f->ws, 2, 0);
  g_autoptr(GError) error = NULL;
  int min = -1, max = -1;

  for (int v = -1; v <= 11; v++)
    {
      assert_value (csat, v, v >= 1 && v <= 5);
      assert_value (nps, v, v >= 0 && v <= 10);
      assert_value (ces, v, v >= 1 && v <= 7);
      assert_value (likert, v, v >= 1 && v <= 4);
      assert_value (yesno, v, v == 0 || v == 1);
    }

  assert_value (csat, 4.5, FALSE);
  assert_value (nps, 9.0001, FALSE);
  assert_value (csat, NAN, FALSE);
  assert_value (yesno, 0.5, FALSE);

  g_assert_true (pl_question_get_range (likert, &min, &max));
  g_assert_cmpint (min, ==, 1);
  g_assert_cmpint (max, ==, 4);
  g_assert_true (pl_question_get_range (nps, &min, &max));
  g_assert_cmpint (min, ==, 0);
  g_assert_cmpint (max, ==, 10);

  /* The message quotes the start of the question and says what is wrong. */
  g_assert_false (pl_question_check_value (csat, 7, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "“How satisfied were you with the…” takes a whole number from 1 to 5; "
                   "7 is outside that range.");
  g_clear_error (&error);

  g_assert_false (pl_question_check_value (nps, 4.5, &error));
  g_assert_cmpstr (error->message, ==,
                   "“How likely are you to recommend…” takes a whole number from 0 to 10; "
                   "4.5 is not a whole number.");
  g_clear_error (&error);

  g_assert_false (pl_question_check_value (yesno, 2, &error));
  g_assert_cmpstr (error->message, ==, "“Was your problem resolved?” takes yes or no (1 or 0); 2 is neither.");
}

static void
assert_parse (PlQuestion *q,
              const char *text,
              gboolean    ok,
              gboolean    expect_value,
              double      expected)
{
  g_autoptr(GError) error = NULL;
  gboolean has_value = TRUE;
  double value = -1;

  g_assert_cmpint (pl_question_parse_value (q, text, &has_value, &value, &error), ==, ok);
  if (!ok)
    {
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
      g_assert_false (has_value);
      return;
    }

  g_assert_no_error (error);
  g_assert_cmpint (has_value, ==, expect_value);
  if (expect_value)
    g_assert_cmpfloat (value, ==, expected);
}

static void
test_parse_value (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PlQuestion) csat = get_question (f->ws, 1, 0);
  g_autoptr(PlQuestion) nps = get_question (f->ws, 1, 1);
  g_autoptr(PlQuestion) yesno = get_question (f->ws, 1, 3);
  g_autoptr(GError) error = NULL;
  gboolean has_value;
  double value;
  g_autofree char *yes = pl_question_format_value (yesno, 1);
  g_autofree char *four = pl_question_format_value (csat, 4);
  g_autofree char *hint = pl_question_dup_hint (csat);

  assert_parse (csat, "4", TRUE, TRUE, 4);
  assert_parse (csat, " 5 ", TRUE, TRUE, 5);
  assert_parse (csat, "", TRUE, FALSE, 0);
  assert_parse (csat, NULL, TRUE, FALSE, 0);
  assert_parse (csat, "   ", TRUE, FALSE, 0);
  assert_parse (csat, "7", FALSE, FALSE, 0);
  assert_parse (csat, "0", FALSE, FALSE, 0);
  assert_parse (csat, "4.5", FALSE, FALSE, 0);
  assert_parse (csat, "4a", FALSE, FALSE, 0);
  assert_parse (csat, "good", FALSE, FALSE, 0);
  assert_parse (nps, "10", TRUE, TRUE, 10);
  assert_parse (nps, "0", TRUE, TRUE, 0);
  assert_parse (nps, "11", FALSE, FALSE, 0);
  assert_parse (nps, "-1", FALSE, FALSE, 0);
  assert_parse (yesno, "y", TRUE, TRUE, 1);
  assert_parse (yesno, "Y", TRUE, TRUE, 1);
  assert_parse (yesno, "yes", TRUE, TRUE, 1);
  assert_parse (yesno, "1", TRUE, TRUE, 1);
  assert_parse (yesno, "n", TRUE, TRUE, 0);
  assert_parse (yesno, "No", TRUE, TRUE, 0);
  assert_parse (yesno, "0", TRUE, TRUE, 0);
  assert_parse (yesno, "maybe", FALSE, FALSE, 0);
  assert_parse (yesno, "2", FALSE, FALSE, 0);

  g_assert_false (pl_question_parse_value (csat, "4,5", &has_value, &value, &error));
  g_assert_cmpstr (error->message, ==,
                   "“How satisfied were you with the…” takes a whole number from 1 to 5; "
                   "“4,5” is not a whole number.");
  g_clear_error (&error);
  g_assert_false (pl_question_parse_value (csat, "four", &has_value, &value, &error));
  g_assert_cmpstr (error->message, ==,
                   "“How satisfied were you with the…” takes a whole number from 1 to 5; "
                   "“four” is not a number.");

  g_assert_cmpstr (yes, ==, "yes");
  g_assert_cmpstr (four, ==, "4");
  g_assert_cmpstr (hint, ==, "1 = very dissatisfied … 5 = very satisfied");
}

static void
test_save_new (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlResponse) response = make_response ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  static const double expected[] = { 4, 9, 6, 1 };
  Counts before, after;
  gint64 id;
  int i = 0;

  count_rows (f->ws, &before);
  g_assert_true (pl_response_save (response, f->ws, &error));
  g_assert_no_error (error);
  count_rows (f->ws, &after);

  id = pl_response_get_id (response);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (after.responses, ==, before.responses + 1);
  g_assert_cmpint (after.answers, ==, before.answers + 4);
  g_assert_cmpint (after.audit, ==, before.audit + 1);
  g_assert_cmpuint (f->changed, ==, 1);
  g_assert_cmpstr (f->changed_table, ==, "responses");

  stmt = pl_workspace_prepare (f->ws,
                               "SELECT survey_id, channel_id, colleague_id, responded_on, comment,"
                               " source, created_at = updated_at, trashed_at IS NULL, length (created_at)"
                               " FROM responses WHERE id = ?",
                               &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 1);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, 1);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, 2);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "2026-03-02");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, "Quick and friendly.");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 5), ==, "entry");
  g_assert_cmpint (sqlite3_column_int (stmt, 6), ==, 1);
  g_assert_cmpint (sqlite3_column_int (stmt, 7), ==, 1);
  g_assert_cmpint (sqlite3_column_int (stmt, 8), ==, 20);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = pl_workspace_prepare (f->ws,
                               "SELECT question_id, value_num, value_text FROM answers"
                               " WHERE response_id = ? ORDER BY question_id",
                               &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, i + 1);
      g_assert_cmpfloat (sqlite3_column_double (stmt, 1), ==, expected[i]);
      g_assert_cmpint (sqlite3_column_type (stmt, 2), ==, SQLITE_NULL);
      i++;
    }
  g_assert_cmpint (i, ==, 4);

  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT entity_id FROM audit_log WHERE action = 'create'"
                                             " AND entity = 'response'"), ==, id);

  /* The object now knows its names and dates. */
  g_assert_cmpstr (pl_response_get_channel_name (response), ==, "Telephone");
  g_assert_cmpstr (pl_response_get_colleague_name (response), ==, "Sam Patel");
  g_assert_cmpstr (pl_response_get_source (response), ==, "entry");
  g_assert_nonnull (pl_response_get_created_at (response));
}

static void
test_save_edit (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlResponse) response = make_response ();
  g_autoptr(PlResponse) loaded = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *created = NULL;
  Counts before, after;
  double value;
  gint64 id;

  g_assert_true (pl_response_save (response, f->ws, &error));
  g_assert_no_error (error);
  id = pl_response_get_id (response);

  /* Pretend it was entered long ago, so the new updated_at must differ. */
  pl_workspace_exec (f->ws, "UPDATE responses SET created_at = '2020-01-01T00:00:00Z',"
                            " updated_at = '2020-01-01T00:00:00Z'", &error);
  g_assert_no_error (error);

  loaded = pl_response_load (f->ws, id, &error);
  g_assert_no_error (error);
  pl_response_set_answer (loaded, Q_CSAT, 2);
  pl_response_clear_answer (loaded, Q_NPS);
  pl_response_clear_answer (loaded, Q_CES);
  pl_response_set_answer (loaded, Q_RESOLVED, 0);
  pl_response_set_channel_id (loaded, 2);
  pl_response_set_colleague_id (loaded, 0);
  pl_response_set_comment (loaded, "Took three calls.");
  pl_response_set_responded_on (loaded, "2026-03-01");

  count_rows (f->ws, &before);
  g_assert_true (pl_response_save (loaded, f->ws, &error));
  g_assert_no_error (error);
  count_rows (f->ws, &after);

  g_assert_cmpint (pl_response_get_id (loaded), ==, id);
  g_assert_cmpint (after.responses, ==, before.responses);
  g_assert_cmpint (after.answers, ==, before.answers - 2);
  g_assert_cmpint (after.audit, ==, before.audit + 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM audit_log WHERE action = 'update'"), ==, 1);

  updated = pl_test_query_text (f->ws, "SELECT updated_at FROM responses");
  created = pl_test_query_text (f->ws, "SELECT created_at FROM responses");
  g_assert_cmpstr (created, ==, "2020-01-01T00:00:00Z");
  g_assert_cmpstr (updated, !=, "2020-01-01T00:00:00Z");
  g_assert_cmpstr (updated, ==, pl_response_get_updated_at (loaded));

  g_clear_object (&loaded);
  loaded = pl_response_load (f->ws, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pl_response_get_n_answers (loaded), ==, 2);
  g_assert_true (pl_response_get_answer (loaded, Q_CSAT, &value));
  g_assert_cmpfloat (value, ==, 2);
  g_assert_false (pl_response_get_answer (loaded, Q_NPS, NULL));
  g_assert_true (pl_response_get_answer (loaded, Q_RESOLVED, &value));
  g_assert_cmpfloat (value, ==, 0);
  g_assert_cmpint (pl_response_get_channel_id (loaded), ==, 2);
  g_assert_cmpstr (pl_response_get_channel_name (loaded), ==, "Email");
  g_assert_cmpint (pl_response_get_colleague_id (loaded), ==, 0);
  g_assert_null (pl_response_get_colleague_name (loaded));
  g_assert_cmpstr (pl_response_get_comment (loaded), ==, "Took three calls.");
  g_assert_cmpstr (pl_response_get_responded_on (loaded), ==, "2026-03-01");
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT colleague_id IS NULL FROM responses"), ==, 1);

  /* Editing a response that has gone is an error, not a new row. */
  pl_workspace_exec (f->ws, "DELETE FROM responses", &error);
  g_assert_no_error (error);
  g_assert_false (pl_response_save (loaded, f->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses"), ==, 0);
}

/* Saving @response fails with PL_ERROR_INVALID, @message_part in the
 * message, and nothing at all is written. */
static void
assert_save_refused (Fixture    *f,
                     PlResponse *response,
                     const char *message_part)
{
  g_autoptr(GError) error = NULL;
  Counts before, after;
  guint changed = f->changed;

  count_rows (f->ws, &before);
  g_assert_false (pl_response_save (response, f->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, message_part);
  count_rows (f->ws, &after);

  g_assert_cmpint (after.responses, ==, before.responses);
  g_assert_cmpint (after.answers, ==, before.answers);
  g_assert_cmpint (after.audit, ==, before.audit);
  g_assert_cmpuint (f->changed, ==, changed);
  g_assert_cmpint (pl_response_get_id (response), ==, 0);
  g_assert_true (sqlite3_get_autocommit (pl_workspace_get_db (f->ws)));
}

static void
test_answers_json (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new ("left over");
  g_autofree char *valid = NULL;
  g_autofree char *sql = NULL;

  pl_answers_json_begin (json);
  g_assert_false (pl_answers_json_end (json));
  g_assert_cmpstr (json->str, ==, "{}");

  pl_answers_json_begin (json);
  pl_answers_json_number (json, 1, 4);
  pl_answers_json_number (json, 2, -10);
  pl_answers_json_number (json, 3, 0.25);
  pl_answers_json_number (json, 4, NAN);
  pl_answers_json_number (json, 12345678901, 0);
  pl_answers_json_text (json, 5, "Tr\u00e8s \"bien\"\\\n\t\x01");
  pl_answers_json_text (json, 6, NULL);
  g_assert_true (pl_answers_json_end (json));
  g_assert_cmpstr (json->str, ==,
                   "{\"1\":4,\"2\":-10,\"3\":0.25,\"12345678901\":0,"
                   "\"5\":\"Tr\u00e8s \\\"bien\\\"\\\\\\n\\t\\u0001\"}");

  /* SQLite reads it back as it was written. */
  sql = g_strdup_printf ("SELECT json_valid ('%s') AND json_extract ('%s', '$.\"5\"') = "
                         "'Tr\u00e8s \"bien\"\\' || char (10, 9, 1)",
                         json->str, json->str);
  valid = pl_test_query_text (f->ws, sql);
  g_assert_cmpstr (valid, ==, "1");
}

static void
test_answers_json_parse (void)
{
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (PlAnswerValue));
  g_autoptr(GStringChunk) texts = g_string_chunk_new (64);
  PlAnswerValue *a;

  g_assert_true (pl_answers_json_parse (NULL, answers, texts));
  g_assert_true (pl_answers_json_parse (" { } ", answers, texts));
  g_assert_cmpuint (answers->len, ==, 0);

  /* What SQLite writes, and what a person might. */
  g_assert_true (pl_answers_json_parse ("{\"1\":4, \"2\" : -0.5e1,\"3\":\"Tr\\u00e8s \\\"bien\\\"\\n\\ud83d\\ude00\","
                                        " \"4\":null,\"5\":[1,\"]\"],\"x\":1,\"6\":true}",
                                        answers, texts));
  g_assert_cmpuint (answers->len, ==, 6);
  a = &g_array_index (answers, PlAnswerValue, 0);
  g_assert_cmpint (a[0].question_id, ==, 1);
  g_assert_cmpint (a[0].type, ==, PL_ANSWER_NUMBER);
  g_assert_cmpfloat (a[0].number, ==, 4);
  g_assert_cmpfloat (a[1].number, ==, -5);
  g_assert_cmpint (a[2].type, ==, PL_ANSWER_TEXT);
  g_assert_cmpstr (a[2].text, ==, "Tr\u00e8s \"bien\"\n\U0001F600");
  g_assert_cmpint (a[3].type, ==, PL_ANSWER_NULL);
  g_assert_cmpint (a[4].type, ==, PL_ANSWER_OTHER);
  g_assert_cmpint (a[4].question_id, ==, 5);
  g_assert_cmpint (a[5].question_id, ==, 6);
  g_assert_cmpint (a[5].type, ==, PL_ANSWER_OTHER);

  /* Not an object: refused, keeping what came before the fault. */
  g_array_set_size (answers, 0);
  g_assert_false (pl_answers_json_parse ("[1]", answers, texts));
  g_assert_false (pl_answers_json_parse ("{\"1\":4,\"2\":\"unterminated", answers, texts));
  g_assert_cmpuint (answers->len, ==, 1);
  g_assert_false (pl_answers_json_parse ("{\"1\":4} trailing", answers, texts));
  g_assert_false (pl_answers_json_parse ("{\"1\" 4}", answers, texts));
  g_assert_false (pl_answers_json_parse ("{\"1\":\"\\x\"}", answers, texts));
  g_assert_false (pl_answers_json_parse ("", answers, texts));
}

/* The form holds numbers only: saving it keeps a free-text answer that
 * came with an import. */
static void
test_save_edit_keeps_text (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlResponse) response = make_response ();
  g_autoptr(PlResponse) loaded = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  gint64 id;

  pl_workspace_exec (f->ws,
                     "INSERT INTO questions (id, survey_id, position, code, text, kind, required)"
                     " VALUES (7, 1, 5, 'why', 'Why did you give that score?', 'text', 0)",
                     &error);
  g_assert_no_error (error);
  g_assert_true (pl_response_save (response, f->ws, &error));
  g_assert_no_error (error);
  id = pl_response_get_id (response);

  sql = g_strdup_printf ("INSERT INTO answers (response_id, question_id, value_text)"
                         " VALUES (%" G_GINT64_FORMAT ", 7, 'She \"listened\"\nand called back')", id);
  pl_workspace_exec (f->ws, sql, &error);
  g_assert_no_error (error);

  loaded = pl_response_load (f->ws, id, &error);
  g_assert_no_error (error);
  pl_response_set_answer (loaded, Q_CSAT, 1);
  pl_response_clear_answer (loaded, Q_NPS);
  g_assert_true (pl_response_save (loaded, f->ws, &error));
  g_assert_no_error (error);

  text = pl_test_query_text (f->ws, "SELECT value_text FROM answers WHERE question_id = 7");
  g_assert_cmpstr (text, ==, "She \"listened\"\nand called back");
  json = pl_test_query_text (f->ws, "SELECT answers FROM responses");
  g_assert_cmpstr (json, ==, "{\"1\":1,\"3\":6,\"4\":1,\"7\":\"She \\\"listened\\\"\\nand called back\"}");
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM answers WHERE question_id = 2"), ==, 0);
}

static void
test_save_invalid (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PlResponse) response = make_response ();
  g_autofree char *tomorrow = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 1);
  g_autoptr(GError) error = NULL;

  pl_response_set_answer (response, Q_CSAT, 7);
  assert_save_refused (f, response, "takes a whole number from 1 to 5; 7 is outside that range.");

  pl_response_set_answer (response, Q_CSAT, 4);
  pl_response_set_answer (response, Q_NPS, 11);
  assert_save_refused (f, response, "from 0 to 10; 11 is outside");

  pl_response_set_answer (response, Q_NPS, 9);
  pl_response_set_answer (response, Q_RESOLVED, 3);
  assert_save_refused (f, response, "takes yes or no");

  pl_response_set_answer (response, Q_RESOLVED, 1);
  pl_response_set_answer (response, Q_OTHER_SURVEY, 4);
  assert_save_refused (f, response, "not part of this survey");
  pl_response_clear_answer (response, Q_OTHER_SURVEY);

  /* The required CSAT question left out. */
  pl_response_clear_answer (response, Q_CSAT);
  assert_save_refused (f, response, "“How satisfied were you with the…” must be answered");
  pl_response_set_answer (response, Q_CSAT, 4);

  tomorrow = g_date_time_format (later, "%Y-%m-%d");
  pl_response_set_responded_on (response, tomorrow);
  assert_save_refused (f, response, "is in the future");

  pl_response_set_responded_on (response, "2026-02-30");
  assert_save_refused (f, response, "“2026-02-30” is not a date");
  pl_response_set_responded_on (response, "yesterday");
  assert_save_refused (f, response, "is not a date");
  pl_response_set_responded_on (response, NULL);
  assert_save_refused (f, response, "Enter the date");

  pl_response_set_responded_on (response, "2026-03-02");
  pl_response_set_channel_id (response, 9);
  assert_save_refused (f, response, "channel chosen is no longer");
  pl_response_set_channel_id (response, 0);
  pl_response_set_colleague_id (response, 9);
  assert_save_refused (f, response, "colleague chosen is no longer");

  /* Channel and colleague are optional; with them fixed it saves. */
  pl_response_set_colleague_id (response, 0);
  g_assert_true (pl_response_save (response, f->ws, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses"
                                             " WHERE channel_id IS NULL AND colleague_id IS NULL"), ==, 1);
}

static void
test_save_rollback (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PlResponse) response = make_response ();
  g_autoptr(GError) error = NULL;
  Counts before, after;

  /* A failure in the middle of the transaction (the audit insert) must
   * take the response and its answers back out. */
  pl_workspace_exec (f->ws,
                     "CREATE TRIGGER no_audit BEFORE INSERT ON audit_log"
                     " BEGIN SELECT RAISE (ABORT, 'audit refused'); END",
                     &error);
  g_assert_no_error (error);

  count_rows (f->ws, &before);
  g_assert_false (pl_response_save (response, f->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_DATABASE);
  count_rows (f->ws, &after);
  g_assert_cmpint (after.responses, ==, before.responses);
  g_assert_cmpint (after.answers, ==, before.answers);
  g_assert_cmpint (pl_response_get_id (response), ==, 0);
  g_assert_cmpuint (f->changed, ==, 0);
  g_assert_true (sqlite3_get_autocommit (pl_workspace_get_db (f->ws)));
}

static gint64
save_response (Fixture    *f,
               int         csat,
               const char *created_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlResponse) response = make_response ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  pl_response_set_answer (response, Q_CSAT, csat);
  g_assert_true (pl_response_save (response, f->ws, &error));
  g_assert_no_error (error);

  stmt = pl_workspace_prepare (f->ws, "UPDATE responses SET created_at = ? WHERE id = ?", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, created_at, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, pl_response_get_id (response));
  g_assert_true (pl_workspace_step_done (f->ws, stmt, &error));
  g_assert_no_error (error);

  return pl_response_get_id (response);
}

static void
assert_listed (Fixture      *f,
               guint         limit,
               const gint64 *ids,
               guint         n_ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) recent = pl_response_list_recent (f->ws, 1, limit, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (recent), ==, n_ids);
  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(PlResponse) response = g_list_model_get_item (recent, i);

      g_assert_cmpint (pl_response_get_id (response), ==, ids[i]);
    }
}

static void
test_trash_restore (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = save_response (f, 3, "2026-03-01T10:00:00Z");
  gint64 b = save_response (f, 4, "2026-03-01T11:00:00Z");
  gint64 both[] = { b, a };
  gint64 only_a[] = { a };
  guint changed;

  assert_listed (f, 50, both, 2);

  changed = f->changed;
  g_assert_true (pl_response_trash (f->ws, b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changed, ==, changed + 1);
  assert_listed (f, 50, only_a, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses"), ==, 2);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses WHERE trashed_at IS NOT NULL"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM answers"), ==, 8);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT entity_id FROM audit_log WHERE action = 'trash'"), ==, b);

  /* Still loadable, marked as trashed. */
  {
    g_autoptr(PlResponse) trashed = pl_response_load (f->ws, b, &error);

    g_assert_no_error (error);
    g_assert_nonnull (pl_response_get_trashed_at (trashed));
  }

  /* Trashing twice changes nothing and records nothing. */
  g_assert_true (pl_response_trash (f->ws, b, &error));
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM audit_log WHERE action = 'trash'"), ==, 1);

  g_assert_true (pl_response_restore (f->ws, b, &error));
  g_assert_no_error (error);
  assert_listed (f, 50, both, 2);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM responses WHERE trashed_at IS NOT NULL"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT entity_id FROM audit_log WHERE action = 'restore'"), ==, b);

  g_assert_false (pl_response_trash (f->ws, 999, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pl_response_restore (f->ws, 999, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (pl_response_load (f->ws, 999, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

static void
test_list_recent (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) recent = NULL;
  g_autoptr(PlResponse) first = NULL;
  g_autofree char *summary = NULL;
  gint64 a = save_response (f, 1, "2026-03-01T09:00:00Z");
  gint64 b = save_response (f, 2, "2026-03-03T09:00:00Z");
  /* The order of entry counts, not a clock that may have been wrong. */
  gint64 c = save_response (f, 3, "2026-03-02T09:00:00Z");
  gint64 d = save_response (f, 4, "2026-03-03T09:00:00Z");
  gint64 all[] = { d, c, b, a };
  double value;

  assert_listed (f, 50, all, 4);
  assert_listed (f, 0, all, 4);
  assert_listed (f, 2, all, 2);

  /* Another survey's responses are not listed. */
  pl_workspace_exec (f->ws,
                     "INSERT INTO responses (survey_id, responded_on, created_at, updated_at)"
                     " VALUES (2, '2026-03-04', '2026-03-09T00:00:00Z', '2026-03-09T00:00:00Z')",
                     &error);
  g_assert_no_error (error);
  assert_listed (f, 50, all, 4);

  recent = pl_response_list_recent (f->ws, 1, 1, &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (recent, 0);
  g_assert_true (pl_response_get_answer (first, Q_CSAT, &value));
  g_assert_cmpfloat (value, ==, 4);
  g_assert_cmpuint (pl_response_get_n_answers (first), ==, 4);
  g_assert_cmpstr (pl_response_get_channel_name (first), ==, "Telephone");
  g_assert_cmpstr (pl_response_get_colleague_name (first), ==, "Sam Patel");
  g_assert_cmpstr (pl_response_get_comment (first), ==, "Quick and friendly.");
  summary = pl_response_dup_summary (first);
  g_assert_cmpstr (summary, ==, "CSAT 4 · NPS 9 · CES 6 · Resolved: yes");

  g_clear_object (&recent);
  recent = pl_response_list_recent (f->ws, 99, 50, &error);
  g_assert_null (recent);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

static void
test_summary (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlResponse) response = pl_response_new (1);
  g_autoptr(PlResponse) loaded = NULL;
  g_autofree char *unsaved = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *no = NULL;

  /* Before it is saved the response does not know its questions' codes. */
  pl_response_set_answer (response, Q_NPS, 10);
  pl_response_set_answer (response, Q_CSAT, 5);
  unsaved = pl_response_dup_summary (response);
  g_assert_cmpstr (unsaved, ==, "#1 5 · #2 10");

  pl_response_set_responded_on (response, "2026-03-02");
  g_assert_true (pl_response_save (response, f->ws, &error));
  g_assert_no_error (error);
  partial = pl_response_dup_summary (response);
  g_assert_cmpstr (partial, ==, "CSAT 5 · NPS 10");

  loaded = pl_response_load (f->ws, pl_response_get_id (response), &error);
  g_assert_no_error (error);
  pl_response_set_answer (loaded, Q_RESOLVED, 0);
  pl_response_set_answer (loaded, Q_CES, 1);
  no = pl_response_dup_summary (loaded);
  g_assert_cmpstr (no, ==, "CSAT 5 · NPS 10 · CES 1 · Resolved: no");
}

static void
test_list_recent_large (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) recent = NULL;
  g_autoptr(sqlite3_stmt) plan = NULL;
  g_autoptr(GString) plan_text = g_string_new (NULL);
  gint64 newest;
  gint64 t0, t1;

  /* 6,000 responses of the survey and 6,000 of another, four answers each. */
  pl_workspace_exec (f->ws,
                     "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)"
                     " INSERT INTO responses (id, survey_id, channel_id, colleague_id, responded_on,"
                     "  source, created_at, updated_at, trashed_at)"
                     " SELECT i, 1 + i % 2, 1 + i % 2, 1 + i % 2, '2026-03-01', 'demo',"
                     "  printf ('2026-03-01T%02d:%02d:%02dZ', i / 3600, (i / 60) % 60, i % 60),"
                     "  '2026-03-01T00:00:00Z', CASE WHEN i = 11998 THEN '2026-03-02T00:00:00Z' END"
                     " FROM n;"
                     "INSERT INTO answers (response_id, question_id, value_num)"
                     " SELECT r.id, q.id, 1 FROM responses r JOIN questions q ON q.survey_id = r.survey_id;",
                     &error);
  g_assert_no_error (error);

  t0 = g_get_monotonic_time ();
  recent = pl_response_list_recent (f->ws, 1, 50, &error);
  t1 = g_get_monotonic_time ();
  g_assert_no_error (error);
  g_test_message ("Listed 50 of 6000 responses in %.1f ms", (t1 - t0) / 1000.0);

  g_assert_cmpuint (g_list_model_get_n_items (recent), ==, 50);
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(PlResponse) response = g_list_model_get_item (recent, i);

      /* Even ids are survey 1; 11998 is in the trash. */
      newest = 12000 - 2 * (gint64) i - (i >= 1 ? 2 : 0);
      g_assert_cmpint (pl_response_get_id (response), ==, newest);
      g_assert_cmpuint (pl_response_get_n_answers (response), ==, 4);
    }

  /* The list walks the table backwards and stops at the limit: no sort
   * of the whole survey (the query is pl_response_list_recent's). */
  plan = pl_workspace_prepare (f->ws,
                               "EXPLAIN QUERY PLAN SELECT r.id FROM responses r"
                               " WHERE +r.survey_id = 1 AND r.trashed_at IS NULL"
                               " ORDER BY r.id DESC LIMIT 50",
                               &error);
  g_assert_no_error (error);
  while (sqlite3_step (plan) == SQLITE_ROW)
    g_string_append_printf (plan_text, "%s\n", sqlite3_column_text (plan, 3));
  g_test_message ("Plan: %s", plan_text->str);
  g_assert_nonnull (strstr (plan_text->str, "SCAN r"));
  g_assert_null (strstr (plan_text->str, "USING INDEX"));
  g_assert_null (strstr (plan_text->str, "TEMP B-TREE"));
}

/* ---- designing surveys ------------------------------------------------ */

static void
count_cb (PlWorkspace *ws,
          const char  *table,
          guint       *n)
{
  (*n)++;
}

static gint64
audit_count (PlWorkspace *ws)
{
  return pl_test_query_int (ws, "SELECT count(*) FROM audit_log");
}

static void
test_survey_create (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) surveys = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(PlSurvey) survey = NULL;
  g_autofree char *name = NULL;
  g_autofree char *audit = NULL;
  guint changed = 0;
  gint64 id, audits;

  g_signal_connect (f->ws, "changed::surveys", G_CALLBACK (count_cb), &changed);

  id = pl_survey_create (f->ws, "  Post-visit survey ", "After a home visit.", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 3);
  g_assert_cmpuint (changed, ==, 1);
  name = pl_test_query_text (f->ws, "SELECT name || '|' || description || '|' || archived FROM surveys WHERE id = 3");
  g_assert_cmpstr (name, ==, "Post-visit survey|After a home visit.|0");
  audit = pl_test_query_text (f->ws, "SELECT action || ' ' || entity || ' ' || entity_id || ' ' || detail"
                                     " FROM audit_log ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (audit, ==, "create survey 3 Post-visit survey");

  /* Refused: no name, a name taken (whatever the case); nothing written. */
  audits = audit_count (f->ws);
  g_assert_cmpint (pl_survey_create (f->ws, "   ", NULL, &error), ==, 0);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Give the survey a name, such as “After-contact survey”.");
  g_clear_error (&error);
  g_assert_cmpint (pl_survey_create (f->ws, "post-VISIT survey", NULL, &error), ==, 0);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Another survey is already called “post-VISIT survey”; choose another name.");
  g_clear_error (&error);
  g_assert_false (pl_survey_update (f->ws, 3, "Other survey", NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM surveys"), ==, 3);
  g_assert_cmpint (audit_count (f->ws), ==, audits);
  g_assert_cmpuint (changed, ==, 1);

  /* Renamed, description removed. */
  g_assert_true (pl_survey_update (f->ws, 3, "Home visit survey", "  ", &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT description IS NULL FROM surveys WHERE id = 3"), ==, 1);
  g_assert_false (pl_survey_update (f->ws, 99, "Gone", NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Archived: out of the lists to choose from, in the full list last. */
  g_assert_true (pl_survey_set_archived (f->ws, 2, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT archived FROM surveys WHERE id = 2"), ==, 1);
  items = pl_workspace_list_items (f->ws, PL_ITEM_KIND_SURVEY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
  surveys = pl_survey_list (f->ws, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (surveys), ==, 3);
  survey = g_list_model_get_item (surveys, 2);
  g_assert_cmpint (pl_survey_get_id (survey), ==, 2);
  g_assert_true (pl_survey_get_archived (survey));
  g_clear_object (&surveys);
  g_clear_object (&survey);

  /* Its name is free again; bringing it back then needs another name. */
  g_assert_cmpint (pl_survey_create (f->ws, "Other survey", NULL, &error), ==, 4);
  g_assert_no_error (error);
  g_assert_false (pl_survey_set_archived (f->ws, 2, FALSE, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT archived FROM surveys WHERE id = 2"), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM audit_log WHERE action = 'archive'"), ==, 1);
}

static void
test_survey_counts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) surveys = NULL;
  g_autoptr(PlSurvey) first = NULL;
  g_autoptr(PlSurvey) second = NULL;

  pl_test_exec (f->ws,
                "INSERT INTO responses (survey_id, responded_on, created_at, updated_at, trashed_at) VALUES"
                " (1, '2026-03-01', 'x', 'x', NULL), (1, '2026-03-01', 'x', 'x', NULL),"
                " (1, '2026-03-01', 'x', 'x', 'trashed'), (2, '2026-03-01', 'x', 'x', NULL)");
  surveys = pl_survey_list (f->ws, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (surveys), ==, 2);
  /* By name: "After-contact survey", "Other survey". */
  first = g_list_model_get_item (surveys, 0);
  second = g_list_model_get_item (surveys, 1);
  g_assert_cmpstr (pl_survey_get_name (first), ==, "After-contact survey");
  g_assert_cmpuint (pl_survey_get_n_questions (first), ==, 4);
  g_assert_cmpint (pl_survey_get_n_responses (first), ==, 2);   /* the trashed one left out */
  g_assert_cmpuint (pl_survey_get_n_questions (second), ==, 2);
  g_assert_cmpint (pl_survey_get_n_responses (second), ==, 1);
}

static void
test_question_add (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlQuestion) question = NULL;
  g_autofree char *row = NULL;
  g_autofree char *summary = NULL;
  g_auto(GStrv) choices = NULL;
  PlQuestionSpec spec = { 0 };
  gint64 survey, id, audits, n_questions;
  guint changed = 0;

  survey = pl_survey_create (f->ws, "Home visit", NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (f->ws, "changed::surveys", G_CALLBACK (count_cb), &changed);

  spec.text = "How satisfied were you with the visit?";
  spec.kind = PL_QUESTION_CSAT;
  spec.required = TRUE;
  id = pl_survey_add_question (f->ws, survey, &spec, &error);
  g_assert_no_error (error);
  row = pl_test_query_text (f->ws, "SELECT position || ' ' || code || ' ' || kind || ' ' || scale_min || '-' ||"
                                   " scale_max || ' ' || required FROM questions ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (row, ==, "1 csat csat 1-5 1");
  g_assert_cmpuint (changed, ==, 1);

  /* Likert 1–7, code from the words that matter. */
  spec = (PlQuestionSpec) { NULL, "The engineer explained the work clearly.", PL_QUESTION_LIKERT, 1, 7, NULL, FALSE };
  id = pl_survey_add_question (f->ws, survey, &spec, &error);
  g_assert_no_error (error);
  question = pl_question_load (f->ws, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_question_get_code (question), ==, "engineer_explained");
  g_assert_cmpint (pl_question_get_position (question), ==, 2);
  g_assert_cmpint (pl_question_get_scale_min (question), ==, 1);
  g_assert_cmpint (pl_question_get_scale_max (question), ==, 7);
  summary = pl_question_dup_kind_summary (question);
  g_assert_cmpstr (summary, ==, "Likert 1–7");
  g_clear_object (&question);
  g_clear_pointer (&summary, g_free);

  /* The same words again: numbered. */
  g_assert_cmpstr (pl_survey_suggest_code (f->ws, survey, "Engineer explained?", PL_QUESTION_TEXT, 0),
                   ==, "engineer_explained_2");
  g_assert_cmpstr (pl_survey_suggest_code (f->ws, survey, "How satisfied?", PL_QUESTION_CSAT, 0),
                   ==, "csat_2");

  /* Single choice: choices trimmed, blank lines dropped. */
  spec = (PlQuestionSpec) { "Reason", "Why did you contact us?", PL_QUESTION_SINGLE, 0, 0,
                            " Billing \n\nA fault\nMoving home\n", FALSE };
  id = pl_survey_add_question (f->ws, survey, &spec, &error);
  g_assert_no_error (error);
  question = pl_question_load (f->ws, id, &error);
  g_assert_cmpstr (pl_question_get_code (question), ==, "reason");
  g_assert_cmpstr (pl_question_get_choices (question), ==, "Billing\nA fault\nMoving home");
  choices = pl_question_dup_choices (question);
  g_assert_cmpuint (g_strv_length (choices), ==, 3);
  summary = pl_question_dup_kind_summary (question);
  g_assert_cmpstr (summary, ==, "Single choice · 3 choices");
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT scale_min IS NULL FROM questions ORDER BY id DESC LIMIT 1"), ==, 1);
  g_clear_object (&question);

  /* Refused, each in the user's words, and nothing written. */
  n_questions = pl_test_query_int (f->ws, "SELECT count(*) FROM questions");
  audits = audit_count (f->ws);
  {
    static const struct {
      PlQuestionSpec spec;
      const char *message;
    } bad[] = {
      { { NULL, "  ", PL_QUESTION_CSAT, 0, 0, NULL, FALSE },
        "Type the question as customers will read it." },
      { { NULL, "Agree?", PL_QUESTION_LIKERT, 2, 8, NULL, FALSE },
        "A Likert scale starts at 0 or 1 and has 3 to 11 points, such as 1 to 5 or 1 to 7; 2 to 8 is not one." },
      { { NULL, "Agree?", PL_QUESTION_LIKERT, 1, 2, NULL, FALSE },
        "A Likert scale starts at 0 or 1 and has 3 to 11 points, such as 1 to 5 or 1 to 7; 1 to 2 is not one." },
      { { NULL, "Which?", PL_QUESTION_MULTIPLE, 0, 0, "Only one", FALSE },
        "A choice question needs at least two choices: type them one a line." },
      { { NULL, "Which?", PL_QUESTION_SINGLE, 0, 0, "Phone\nEmail\nphone", FALSE },
        "“phone” is listed twice; each choice must be different." },
      { { "9lives", "Which?", PL_QUESTION_TEXT, 0, 0, NULL, FALSE },
        "A code names the question in imports and exports: letters, digits and _, starting with a "
        "letter, at most 32 characters, such as “csat” or “resolved”. “9lives” is not one." },
      { { "CSAT", "Again?", PL_QUESTION_CSAT, 0, 0, NULL, FALSE },
        "Another question in this survey already has the code “csat”; choose another." },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_cmpint (pl_survey_add_question (f->ws, survey, &bad[i].spec, &error), ==, 0);
        g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
        g_assert_cmpstr (error->message, ==, bad[i].message);
        g_clear_error (&error);
      }
  }
  g_assert_cmpint (pl_survey_add_question (f->ws, 99, &spec, &error), ==, 0);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM questions"), ==, n_questions);
  g_assert_cmpint (audit_count (f->ws), ==, audits);
  g_assert_cmpuint (changed, ==, 3);
}

static gint64
save_one (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlResponse) response = make_response ();

  g_assert_true (pl_response_save (response, f->ws, &error));
  g_assert_no_error (error);
  return pl_response_get_id (response);
}

static void
test_question_answered (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  PlQuestionSpec spec = { 0 };
  gint64 n = -1, choice_id, audits;

  /* Two responses answer the CSAT question; NPS left blank on one. */
  save_one (f);
  save_one (f);
  pl_test_exec (f->ws, "UPDATE responses SET answers = json_set (answers, '$.\"2\"', json ('null')) WHERE id = 2");
  g_assert_true (pl_question_count_answers (f->ws, Q_CSAT, &n, &error));
  g_assert_cmpint (n, ==, 2);
  g_assert_true (pl_question_count_answers (f->ws, Q_NPS, &n, &error));
  g_assert_cmpint (n, ==, 1);

  audits = audit_count (f->ws);
  spec = (PlQuestionSpec) { "csat", "How satisfied were you?", PL_QUESTION_NPS, 0, 0, NULL, TRUE };
  g_assert_false (pl_survey_update_question (f->ws, Q_CSAT, &spec, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "“How satisfied were you with the…” already has 2 answers, so its kind cannot "
                   "change: the answers were given to it as it is. Add a new question instead.");
  g_clear_error (&error);
  g_assert_false (pl_survey_remove_question (f->ws, Q_NPS, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "“How likely are you to recommend…” has 1 answer, so it cannot be removed: the "
                   "answer would lose its question. Make it optional, or archive the survey and start a new one.");
  g_clear_error (&error);
  g_assert_cmpint (audit_count (f->ws), ==, audits);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM questions WHERE survey_id = 1"), ==, 4);

  /* Reworded and made optional: allowed. */
  spec.kind = PL_QUESTION_CSAT;
  spec.required = FALSE;
  g_assert_true (pl_survey_update_question (f->ws, Q_CSAT, &spec, &error));
  g_assert_no_error (error);
  row = pl_test_query_text (f->ws, "SELECT text || '|' || kind || '|' || required FROM questions WHERE id = 1");
  g_assert_cmpstr (row, ==, "How satisfied were you?|csat|0");
  g_clear_pointer (&row, g_free);

  /* An answered Likert question keeps its scale. */
  pl_test_exec (f->ws, "INSERT INTO responses (survey_id, responded_on, created_at, updated_at, answers)"
                       " VALUES (2, '2026-03-01', 'x', 'x', '{\"5\":3}')");
  spec = (PlQuestionSpec) { "agree", "The adviser understood me", PL_QUESTION_LIKERT, 1, 5, NULL, FALSE };
  g_assert_false (pl_survey_update_question (f->ws, Q_LIKERT, &spec, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "“The adviser understood me” already has 1 answer on its scale of 1 to 4, so the "
                   "scale cannot change. Add a new question with the new scale instead.");
  g_clear_error (&error);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT scale_max FROM questions WHERE id = 5"), ==, 4);

  /* An answered choice question: choices added after the others only. */
  spec = (PlQuestionSpec) { NULL, "Why did you contact us?", PL_QUESTION_SINGLE, 0, 0, "Billing\nA fault", FALSE };
  choice_id = pl_survey_add_question (f->ws, 2, &spec, &error);
  g_assert_no_error (error);
  row = g_strdup_printf ("INSERT INTO responses (survey_id, responded_on, created_at, updated_at, answers)"
                         " VALUES (2, '2026-03-01', 'x', 'x', '{\"%" G_GINT64_FORMAT "\":2}')", choice_id);
  pl_test_exec (f->ws, row);
  g_clear_pointer (&row, g_free);
  spec.choices = "A fault\nBilling\nMoving home";
  g_assert_false (pl_survey_update_question (f->ws, choice_id, &spec, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "“Why did you contact us?” already has 1 answer, so its choices cannot be removed, "
                   "renamed or reordered; new choices can be added after them.");
  g_clear_error (&error);
  spec.choices = "Billing\nA fault\nMoving home";
  g_assert_true (pl_survey_update_question (f->ws, choice_id, &spec, &error));
  g_assert_no_error (error);
  row = g_strdup_printf ("SELECT choices FROM questions WHERE id = %" G_GINT64_FORMAT, choice_id);
  g_assert_cmpstr (pl_test_query_text (f->ws, row), ==, "Billing\nA fault\nMoving home");
}

static void
test_question_kpis (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) kpis = NULL;
  g_autoptr(PlItem) kpi = NULL;
  PlQuestionSpec spec = { "nps", "Recommend?", PL_QUESTION_TEXT, 0, 0, NULL, FALSE };

  pl_test_exec (f->ws,
                "INSERT INTO kpis (id, code, name, source, calculation, question_id, direction,"
                " target, red_threshold, created_at, updated_at) VALUES"
                " (1, 'nps', 'Net Promoter Score', 'survey', 'nps', 2, 'higher', 40, 30, 'x', 'x'),"
                " (2, 'old', 'Old NPS', 'survey', 'nps', 2, 'higher', 40, 30, 'x', 'x')");
  pl_test_exec (f->ws, "UPDATE kpis SET archived = 1 WHERE id = 2");
  kpis = pl_question_list_kpis (f->ws, Q_NPS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (kpis), ==, 1);
  kpi = g_list_model_get_item (kpis, 0);
  g_assert_cmpstr (pl_item_get_name (kpi), ==, "Net Promoter Score");
  g_clear_object (&kpis);
  kpis = pl_question_list_kpis (f->ws, Q_CES, &error);
  g_assert_cmpuint (g_list_model_get_n_items (kpis), ==, 0);

  /* Unanswered, but a KPI is computed from it. */
  g_assert_false (pl_survey_remove_question (f->ws, Q_NPS, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The KPI “Net Promoter Score” is calculated from “How likely are "
                                       "you to recommend…”, so the question cannot be removed.");
  g_clear_error (&error);
  g_assert_false (pl_survey_update_question (f->ws, Q_NPS, &spec, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The KPI “Net Promoter Score” is calculated from this question, "
                                       "so it must stay a question answered on a scale.");
  g_clear_error (&error);
  g_assert_cmpstr (pl_test_query_text (f->ws, "SELECT kind FROM questions WHERE id = 2"), ==, "nps");

  /* Another scale would not fit the NPS calculation either. */
  spec.kind = PL_QUESTION_CSAT;
  g_assert_false (pl_survey_update_question (f->ws, Q_NPS, &spec, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The KPI “Net Promoter Score” is calculated from this question as "
                                       "it is, so its kind and scale cannot change. Add a new question, "
                                       "or change the KPI first.");
  g_clear_error (&error);
  g_assert_cmpstr (pl_test_query_text (f->ws, "SELECT kind FROM questions WHERE id = 2"), ==, "nps");

  /* Its wording still can. */
  spec.kind = PL_QUESTION_NPS;
  spec.scale_min = 0;
  spec.scale_max = 10;
  g_assert_true (pl_survey_update_question (f->ws, Q_NPS, &spec, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pl_test_query_text (f->ws, "SELECT text FROM questions WHERE id = 2"), ==, "Recommend?");
}

static char *
question_order (Fixture *f)
{
  return pl_test_query_text (f->ws, "SELECT group_concat (code || position, ' ') FROM"
                                    " (SELECT code, position FROM questions WHERE survey_id = 1 ORDER BY position)");
}

static void
test_question_move_remove (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *order = NULL;
  gint64 audits;

  g_assert_true (pl_survey_move_question (f->ws, Q_RESOLVED, -1, &error));
  g_assert_no_error (error);
  order = question_order (f);
  g_assert_cmpstr (order, ==, "csat1 nps2 resolved3 ces4");
  g_clear_pointer (&order, g_free);
  g_assert_true (pl_survey_move_question (f->ws, Q_CSAT, 2, &error));
  order = question_order (f);
  g_assert_cmpstr (order, ==, "nps1 resolved2 csat3 ces4");
  g_clear_pointer (&order, g_free);

  audits = audit_count (f->ws);
  g_assert_false (pl_survey_move_question (f->ws, Q_NPS, -1, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“How likely are you to recommend…” is already the first question.");
  g_clear_error (&error);
  g_assert_false (pl_survey_move_question (f->ws, Q_CES, 1, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (audit_count (f->ws), ==, audits);

  /* No answers, no KPI: removed, the rest renumbered. */
  g_assert_true (pl_survey_remove_question (f->ws, Q_RESOLVED, &error));
  g_assert_no_error (error);
  order = question_order (f);
  g_assert_cmpstr (order, ==, "nps1 csat2 ces3");
  g_assert_cmpint (audit_count (f->ws), ==, audits + 1);
  g_assert_false (pl_survey_remove_question (f->ws, Q_RESOLVED, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

static void
test_text_answers (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlResponse) response = make_response ();
  g_autoptr(PlResponse) loaded = NULL;
  g_autoptr(PlQuestion) multiple = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *json = NULL;
  g_autofree char *sql = NULL;
  PlQuestionSpec spec = { NULL, "What did we help with?", PL_QUESTION_MULTIPLE, 0, 0,
                          "Billing\nA fault\nMoving home\nSmart meter", TRUE };
  gint64 multiple_id, text_id, id;
  Counts before, after;

  multiple_id = pl_survey_add_question (f->ws, 1, &spec, &error);
  g_assert_no_error (error);
  spec = (PlQuestionSpec) { "why", "Why that score?", PL_QUESTION_TEXT, 0, 0, NULL, FALSE };
  text_id = pl_survey_add_question (f->ws, 1, &spec, &error);
  g_assert_no_error (error);
  multiple = pl_question_load (f->ws, multiple_id, &error);

  /* Typed as numbers, in any order and with any separator. */
  g_assert_true (pl_question_parse_choices (multiple, " 4, 1;2 1", &stored, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, "Billing\nA fault\nSmart meter");
  g_assert_cmpstr (pl_question_format_choices (multiple, stored), ==, "1 2 4");
  g_assert_null (pl_question_format_choices (multiple, "Billing\nSomething else"));
  g_clear_pointer (&stored, g_free);
  g_assert_true (pl_question_parse_choices (multiple, "  ", &stored, &error));
  g_assert_null (stored);
  g_assert_false (pl_question_parse_choices (multiple, "1 5", &stored, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“What did we help with?” takes the numbers of its choices, from 1 "
                                       "to 4, such as “1 3”; “5” is not one of them.");
  g_clear_error (&error);

  /* Required and left empty: refused, nothing written; a new response
   * that never mentions the question is refused the same way. */
  count_rows (f->ws, &before);
  g_assert_false (pl_response_save (response, f->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“What did we help with?” must be answered: it is a required question.");
  g_clear_error (&error);
  pl_response_set_text_answer (response, multiple_id, "   ");
  g_assert_false (pl_response_save (response, f->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“What did we help with?” must be answered: it is a required question.");
  g_clear_error (&error);
  /* A choice it does not have. */
  pl_response_set_text_answer (response, multiple_id, "Billing\nParking");
  g_assert_false (pl_response_save (response, f->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“What did we help with?” has no choice “Parking”.");
  g_clear_error (&error);
  count_rows (f->ws, &after);
  g_assert_cmpint (after.responses, ==, before.responses);

  pl_response_set_text_answer (response, multiple_id, "Billing\nSmart meter");
  pl_response_set_text_answer (response, text_id, " She \"listened\". ");
  g_assert_true (pl_response_save (response, f->ws, &error));
  g_assert_no_error (error);
  id = pl_response_get_id (response);
  json = pl_test_query_text (f->ws, "SELECT answers FROM responses");
  g_assert_cmpstr (json, ==, "{\"1\":4,\"2\":9,\"3\":6,\"4\":1,\"7\":\"Billing\\nSmart meter\","
                             "\"8\":\"She \\\"listened\\\".\"}");
  g_clear_pointer (&json, g_free);

  loaded = pl_response_load (f->ws, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_response_get_text_answer (loaded, multiple_id), ==, "Billing\nSmart meter");
  g_assert_cmpstr (pl_response_get_text_answer (loaded, text_id), ==, "She \"listened\".");

  /* Cleared: the key goes; the rest stays. */
  pl_response_set_text_answer (loaded, text_id, NULL);
  g_assert_true (pl_response_save (loaded, f->ws, &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT count(*) FROM answers WHERE response_id = %" G_GINT64_FORMAT
                         " AND question_id = %" G_GINT64_FORMAT, id, text_id);
  g_assert_cmpint (pl_test_query_int (f->ws, sql), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count(*) FROM answers"), ==, 5);

  /* A number for a text question is refused. */
  pl_response_set_answer (loaded, text_id, 3);
  g_assert_false (pl_response_save (loaded, f->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“Why that score?” is answered in words, not with a number.");
}

/* 1,000 responses: ids 1..1000, channel 1 for ids divisible by 3, day by id. */
static void
fill_responses (Fixture *f)
{
  pl_test_exec (f->ws,
                "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
                " INSERT INTO responses (id, survey_id, channel_id, colleague_id, responded_on, answers,"
                "  created_at, updated_at, trashed_at)"
                " SELECT i, 1 + (i % 7 = 0), CASE WHEN i % 3 = 0 THEN 1 ELSE 2 END, 1 + (i % 2),"
                "  date ('2026-01-01', '+' || (i / 10) || ' days'),"
                "  json_object ('1', 1 + i % 5), 'x', 'x', CASE WHEN i % 100 = 50 THEN 'x' END FROM n");
}

static gint64
nth_id (Fixture    *f,
        const char *where,
        guint       position)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM responses WHERE trashed_at IS NULL %s"
                                          " ORDER BY id DESC LIMIT 1 OFFSET %u", where, position);

  return pl_test_query_int (f->ws, sql);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  calls[0]++;
  calls[1] = position;
  calls[2] = removed;
  calls[3] = added;
}

static void
check_positions (Fixture         *f,
                 PlResponseModel *model,
                 const char      *where,
                 const guint     *positions,
                 guint            n_positions)
{
  for (guint i = 0; i < n_positions; i++)
    {
      g_autoptr(PlResponse) response = g_list_model_get_item (G_LIST_MODEL (model), positions[i]);

      g_assert_nonnull (response);
      g_assert_cmpint (pl_response_get_id (response), ==, nth_id (f, where, positions[i]));
    }
}

static void
test_response_model (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlResponseModel) model = NULL;
  g_autoptr(PlResponse) first = NULL;
  g_autofree char *summary = NULL;
  PlResponseFilter filter = { 0 };
  /* Jumps first, to the end and the middle, then around them. */
  static const guint positions[] = { 989, 500, 0, 199, 200, 201, 399, 750, 988, 1, 601 };
  guint calls[4] = { 0 };
  guint pages;

  fill_responses (f);
  model = pl_response_model_new (f->ws, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), calls);

  /* 1,000 less the 10 trashed (ids 50, 150, ... 950). */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 990);
  g_assert_cmpuint (pl_response_model_get_pages_read (model), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == PL_TYPE_RESPONSE);
  check_positions (f, model, "", positions, G_N_ELEMENTS (positions));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 990));

  /* Pages 4, 2, 0, 1, 3: each read once. */
  pages = pl_response_model_get_pages_read (model);
  g_assert_cmpuint (pages, ==, 5);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (pl_response_get_id (first), ==, 1000);
  g_assert_cmpstr (pl_response_get_channel_name (first), ==, "Email");
  summary = pl_response_dup_summary (first);
  g_assert_cmpstr (summary, ==, "CSAT 1");
  g_assert_cmpuint (pl_response_model_get_pages_read (model), ==, pages);

  /* Channel 1 of survey 1 in March: the SQL count, and the same rows. */
  filter.survey_id = 1;
  filter.channel_id = 1;
  filter.from = "2026-01-10";
  filter.to = "2026-04-30";
  g_assert_true (pl_response_model_set_filter (model, &filter, &error));
  g_assert_no_error (error);
  {
    const char *where = "AND survey_id = 1 AND channel_id = 1 AND responded_on BETWEEN '2026-01-10' AND '2026-04-30'";
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM responses WHERE trashed_at IS NULL %s", where);
    gint64 expected = pl_test_query_int (f->ws, sql);
    guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
    const guint some[] = { n - 1, 0, n / 2 };

    g_assert_cmpint (n, ==, expected);
    g_assert_cmpint (expected, >, 200);
    g_assert_cmpuint (calls[0], ==, 1);
    g_assert_cmpuint (calls[2], ==, 990);
    g_assert_cmpuint (calls[3], ==, n);
    check_positions (f, model, where, some, G_N_ELEMENTS (some));
  }

  /* A period that ends before it starts: refused, the model unchanged. */
  filter.from = "2026-03-01";
  filter.to = "2026-02-01";
  g_assert_false (pl_response_model_set_filter (model, &filter, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The period starts on 1 Mar 2026, after it ends on 1 Feb 2026; swap the dates.");
  g_clear_error (&error);
  filter.to = "31/12/2026";
  g_assert_false (pl_response_model_set_filter (model, &filter, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (calls[0], ==, 1);

  /* Colleague 2, every survey; then a new response appears on reload. */
  filter = (PlResponseFilter) { 0, NULL, NULL, 0, 2 };
  g_assert_true (pl_response_model_set_filter (model, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    pl_test_query_int (f->ws, "SELECT count(*) FROM responses WHERE colleague_id = 2 AND trashed_at IS NULL"));
  pl_test_exec (f->ws, "INSERT INTO responses (id, survey_id, colleague_id, responded_on, created_at, updated_at)"
                       " VALUES (1001, 1, 2, '2026-04-01', 'x', 'x')");
  g_assert_true (pl_response_model_reload (model, &error));
  g_assert_no_error (error);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (pl_response_get_id (first), ==, 1001);
  g_assert_null (pl_response_get_channel_name (first));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/survey/kind-strings", test_kind_strings);
  g_test_add_func ("/core/survey/answers-json-parse", test_answers_json_parse);
#define ADD(path, func) \
  g_test_add ("/core/survey/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("list-questions", test_list_questions);
  ADD ("check-value", test_check_value);
  ADD ("parse-value", test_parse_value);
  ADD ("save-new", test_save_new);
  ADD ("save-edit", test_save_edit);
  ADD ("save-edit-keeps-text", test_save_edit_keeps_text);
  ADD ("answers-json", test_answers_json);
  ADD ("save-invalid", test_save_invalid);
  ADD ("save-rollback", test_save_rollback);
  ADD ("trash-restore", test_trash_restore);
  ADD ("list-recent", test_list_recent);
  ADD ("summary", test_summary);
  ADD ("list-recent-large", test_list_recent_large);
  ADD ("survey-create", test_survey_create);
  ADD ("survey-counts", test_survey_counts);
  ADD ("question-add", test_question_add);
  ADD ("question-answered", test_question_answered);
  ADD ("question-kpis", test_question_kpis);
  ADD ("question-move-remove", test_question_move_remove);
  ADD ("text-answers", test_text_answers);
  ADD ("response-model", test_response_model);
#undef ADD

  return g_test_run ();
}
