/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-import.h"
#include "core/pl-workspace.h"

typedef struct
{
  char *dir;
  char *path;
  PlWorkspace *ws;
  guint presets_changed;
} Fixture;

/* A survey with the usual questions, two scorecards whose criteria
 * differ, and the demo's operational metrics. */
static const char fixture_sql[] =
  "INSERT INTO surveys (id, name, created_at) VALUES"
  " (1, 'After-contact survey', '2026-01-01T00:00:00Z'),"
  " (2, 'Empty survey', '2026-01-01T00:00:00Z');"
  "INSERT INTO questions (id, survey_id, position, code, text, kind, scale_min, scale_max, required) VALUES"
  " (1, 1, 1, 'q_sat', 'How satisfied were you with the service you received?', 'csat', NULL, NULL, 1),"
  " (2, 1, 2, 'q_rec', 'How likely are you to recommend us to a friend or colleague?', 'nps', NULL, NULL, 0),"
  " (3, 1, 3, 'q_easy', 'How easy was it to get what you needed?', 'ces', NULL, NULL, 0),"
  " (4, 1, 4, 'resolved', 'Was your problem resolved?', 'yesno', NULL, NULL, 0);"
  "INSERT INTO scorecards (id, name, created_at) VALUES"
  " (1, 'Call quality', '2026-01-01T00:00:00Z'),"
  " (2, 'Email quality', '2026-01-01T00:00:00Z');"
  "INSERT INTO scorecard_sections (id, scorecard_id, position, name) VALUES"
  " (1, 1, 1, 'Opening'), (2, 2, 1, 'Writing');"
  "INSERT INTO criteria (id, section_id, position, text, scale) VALUES"
  " (1, 1, 1, 'Greeted the customer by name', 'yesno'),"
  " (2, 1, 2, 'Confirmed the reason for the call', 'ypn'),"
  " (3, 2, 1, 'Spelling and grammar', 'scale5');"
  "INSERT INTO metric_series (id, code, name, unit, aggregation, scale) VALUES"
  " (1, 'asa', 'Average speed of answer', ' s', 'ratio', 1),"
  " (2, 'aht', 'Average handling time', ' s', 'ratio', 1),"
  " (3, 'offered', 'Calls offered', '', 'sum', 1),"
  " (4, 'answered', 'Calls answered', '', 'sum', 1),"
  " (5, 'abandoned', 'Calls abandoned', '', 'sum', 1);";

static void
changed_cb (PlWorkspace *ws,
            const char  *table,
            Fixture     *f)
{
  f->presets_changed++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("plumbline-mapping-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.plumbline", NULL);
  f->ws = pl_workspace_create (f->path, "Test", &error);
  g_assert_no_error (error);
  pl_workspace_exec (f->ws, fixture_sql, &error);
  g_assert_no_error (error);
  g_signal_connect (f->ws, "changed::import_presets", G_CALLBACK (changed_cb), f);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
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
  pl_workspace_close (f->ws);
  g_clear_object (&f->ws);
  remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static GPtrArray *
strings (const char *first,
         ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_ptr_array_add (array, g_strdup (s));
  va_end (args);

  return array;
}

/* The header line of a real export, split as RFC 4180 says (the headers
 * here have no line breaks), converted to UTF-8. */
static GPtrArray *
read_header_line (const char *file,
                  const char *encoding)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", file, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *line = NULL;
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;
  gsize length;
  char *end;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  end = strpbrk (contents, "\r\n");
  g_assert_nonnull (end);
  *end = '\0';

  line = g_convert (contents, -1, "UTF-8", encoding, NULL, NULL, &error);
  g_assert_no_error (error);

  for (const char *p = line; ; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, '"'), p++;
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',' || *p == '\0')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          if (*p == '\0')
            break;
        }
      else
        g_string_append_c (field, *p);
    }

  g_string_free (field, TRUE);
  return fields;
}

static void
assert_field (PlImportMapping *mapping,
              const char      *column,
              const char      *field)
{
  const char *actual = pl_import_mapping_get_field (mapping, column);

  if (g_strcmp0 (actual, field) != 0)
    g_error ("Column “%s”: expected %s, got %s", column,
             field != NULL ? field : "(unmapped)", actual != NULL ? actual : "(unmapped)");
}

static void
assert_check_fails (PlImportMapping *mapping,
                    PlWorkspace     *ws,
                    const char      *fragment1,
                    const char      *fragment2)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (pl_import_mapping_check (mapping, ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  if (strstr (error->message, fragment1) == NULL ||
      (fragment2 != NULL && strstr (error->message, fragment2) == NULL))
    g_error ("Unexpected message: %s", error->message);
}

static void
assert_check_passes (PlImportMapping *mapping,
                     PlWorkspace     *ws)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pl_import_mapping_check (mapping, ws, &error));
  g_assert_no_error (error);
}

/* -------------------------------------------------------------------- */

static void
test_kinds (void)
{
  static const char * const names[] = { "interaction", "survey", "observation", "metric", "complaint" };
  PlImportKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (pl_import_kind_to_string ((PlImportKind) i), ==, names[i]);
      g_assert_true (pl_import_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_nonnull (pl_import_kind_to_label ((PlImportKind) i));
    }

  g_assert_true (pl_import_kind_from_string ("complaints", &kind));
  g_assert_cmpint (kind, ==, PL_IMPORT_COMPLAINTS);
  g_assert_false (pl_import_kind_from_string ("responses", &kind));
  g_assert_false (pl_import_kind_from_string (NULL, &kind));
  g_assert_cmpstr (pl_import_kind_to_label (PL_IMPORT_SURVEY), ==, "Survey responses");
}

static char *
join_field_ids (PlImportKind kind,
                gboolean     required_only)
{
  const PlImportField *fields;
  g_autoptr(GString) ids = g_string_new (NULL);
  guint n;

  fields = pl_import_fields (kind, &n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (fields[i].label);
      g_assert_cmpstr (fields[i].label, !=, "");
      g_assert_nonnull (fields[i].description);
      g_assert_cmpstr (fields[i].description, !=, "");
      if (required_only && !fields[i].required)
        continue;
      if (ids->len > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, fields[i].id);
    }

  return g_strdup (ids->str);
}

static void
test_fields (void)
{
  static const struct
  {
    PlImportKind kind;
    const char *ids;
    const char *required;
  } expected[] = {
    { PL_IMPORT_INTERACTIONS, "reference date channel colleague customer wait handle abandoned resolved", "date channel" },
    { PL_IMPORT_SURVEY, "response_id respondent date channel colleague comment duration question: new-question:", "date" },
    { PL_IMPORT_OBSERVATIONS, "reference date colleague channel evaluator comments criterion:", "date colleague" },
    { PL_IMPORT_METRICS, "date channel team metric:", "date metric:" },
    { PL_IMPORT_COMPLAINTS, "reference received channel category description promised_days responded resolved outcome colleague customer", "received" },
  };
  const char *parameter = NULL;
  const PlImportField *field;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *ids = join_field_ids (expected[i].kind, FALSE);
      g_autofree char *required = join_field_ids (expected[i].kind, TRUE);

      g_assert_cmpstr (ids, ==, expected[i].ids);
      g_assert_cmpstr (required, ==, expected[i].required);
    }

  field = pl_import_field_lookup (PL_IMPORT_SURVEY, "question:q_sat", &parameter);
  g_assert_nonnull (field);
  g_assert_cmpstr (field->id, ==, "question:");
  g_assert_cmpstr (parameter, ==, "q_sat");

  field = pl_import_field_lookup (PL_IMPORT_SURVEY, "date", &parameter);
  g_assert_cmpstr (field->id, ==, "date");
  g_assert_null (parameter);
  g_assert_true (field->required);

  g_assert_null (pl_import_field_lookup (PL_IMPORT_SURVEY, "question:", NULL));
  g_assert_null (pl_import_field_lookup (PL_IMPORT_SURVEY, "received", NULL));
  g_assert_null (pl_import_field_lookup (PL_IMPORT_COMPLAINTS, "metric:asa", NULL));
  g_assert_nonnull (pl_import_field_lookup (PL_IMPORT_METRICS, "metric:asa", NULL));
}

static void
test_set_get_copy (void)
{
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (PL_IMPORT_SURVEY);
  g_autoptr(PlImportMapping) copy = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  double value;

  g_assert_cmpint (pl_import_mapping_get_kind (mapping), ==, PL_IMPORT_SURVEY);
  g_assert_null (pl_import_mapping_get_field (mapping, "Date"));
  g_assert_true (pl_import_mapping_get_create_missing (mapping));
  g_assert_cmpint (pl_import_mapping_get_survey_id (mapping), ==, 0);
  g_assert_null (pl_import_mapping_get_new_survey (mapping));

  pl_import_mapping_set_field (mapping, "Date", "date");
  pl_import_mapping_set_field (mapping, "NPS", "new-question:nps");
  pl_import_mapping_set_field (mapping, "Comment", "comment");
  pl_import_mapping_set_field (mapping, "Date", "response_id");  /* changes, keeps its place */
  pl_import_mapping_set_field (mapping, "NPS", NULL);            /* unmapped */
  pl_import_mapping_set_field (mapping, "Ghost", NULL);          /* never was */
  pl_import_mapping_set_field (mapping, "When", "date");

  g_assert_cmpstr (pl_import_mapping_get_field (mapping, "Date"), ==, "response_id");
  g_assert_null (pl_import_mapping_get_field (mapping, "NPS"));
  columns = pl_import_mapping_dup_columns (mapping);
  g_assert_cmpuint (columns->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (columns, 0), ==, "Date");
  g_assert_cmpstr (g_ptr_array_index (columns, 1), ==, "Comment");
  g_assert_cmpstr (g_ptr_array_index (columns, 2), ==, "When");

  /* A survey by id and a new survey exclude each other. */
  pl_import_mapping_set_new_survey (mapping, "  Store survey  ");
  g_assert_cmpstr (pl_import_mapping_get_new_survey (mapping), ==, "Store survey");
  pl_import_mapping_set_survey_id (mapping, 7);
  g_assert_cmpint (pl_import_mapping_get_survey_id (mapping), ==, 7);
  g_assert_null (pl_import_mapping_get_new_survey (mapping));
  pl_import_mapping_set_new_survey (mapping, "Store survey");
  g_assert_cmpint (pl_import_mapping_get_survey_id (mapping), ==, 0);
  pl_import_mapping_set_scorecard_id (mapping, 3);
  pl_import_mapping_set_create_missing (mapping, FALSE);
  pl_import_mapping_set_value (mapping, "Comment", "Yes", 1);

  copy = pl_import_mapping_copy (mapping);

  /* Changing the copy leaves the original alone, and the other way round. */
  pl_import_mapping_set_field (copy, "Date", "date");
  pl_import_mapping_set_field (copy, "Extra", "channel");
  pl_import_mapping_set_value (copy, "Comment", "Yes", 5);
  pl_import_mapping_set_new_survey (copy, "Other");
  pl_import_mapping_set_create_missing (copy, TRUE);
  pl_import_mapping_set_field (mapping, "Comment", NULL);

  g_assert_cmpstr (pl_import_mapping_get_field (mapping, "Date"), ==, "response_id");
  g_assert_null (pl_import_mapping_get_field (mapping, "Extra"));
  g_assert_true (pl_import_mapping_lookup_value (mapping, "Comment", "yes", &value));
  g_assert_cmpfloat (value, ==, 1);
  g_assert_cmpstr (pl_import_mapping_get_new_survey (mapping), ==, "Store survey");
  g_assert_false (pl_import_mapping_get_create_missing (mapping));
  g_assert_cmpint (pl_import_mapping_get_scorecard_id (copy), ==, 3);

  g_assert_cmpstr (pl_import_mapping_get_field (copy, "Comment"), ==, "comment");
  g_assert_true (pl_import_mapping_lookup_value (copy, "Comment", "YES", &value));
  g_assert_cmpfloat (value, ==, 5);
  g_assert_cmpstr (pl_import_mapping_get_new_survey (copy), ==, "Other");

  /* The copy outlives the original. */
  g_clear_pointer (&mapping, pl_import_mapping_free);
  g_assert_cmpstr (pl_import_mapping_get_field (copy, "When"), ==, "date");
}

static void
test_json_round_trip (void)
{
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (PL_IMPORT_SURVEY);
  g_autoptr(PlImportMapping) back = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;
  static const char * const tokens[] = { "", "NA", "sans réponse", NULL };
  const char * const *back_tokens;
  double value;

  pl_import_mapping_set_field (mapping, "Horodateur", "date");
  pl_import_mapping_set_field (mapping, "Satisfaction “globale”", "new-question:csat");
  pl_import_mapping_set_field (mapping, "Q2", "question:q_rec");
  pl_import_mapping_set_field (mapping, "Résolu ?", "new-question:yesno");
  pl_import_mapping_set_value (mapping, "Satisfaction “globale”", "Très satisfait", 5);
  pl_import_mapping_set_value (mapping, "Satisfaction “globale”", "Plutôt satisfait", 4.5);
  pl_import_mapping_set_value (mapping, "Résolu ?", "Oui", 1);
  pl_import_mapping_set_value (mapping, "Not mapped", "x", -2);
  pl_import_mapping_set_value (mapping, "Not mapped", "nothing", NAN);
  pl_import_mapping_set_missing_tokens (mapping, tokens);
  pl_import_mapping_set_survey_id (mapping, 42);
  pl_import_mapping_set_scorecard_id (mapping, 9);
  pl_import_mapping_set_create_missing (mapping, FALSE);

  json = pl_import_mapping_to_json (mapping);
  back = pl_import_mapping_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  g_assert_cmpint (pl_import_mapping_get_kind (back), ==, PL_IMPORT_SURVEY);
  columns = pl_import_mapping_dup_columns (back);
  g_assert_cmpuint (columns->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (columns, 0), ==, "Horodateur");
  g_assert_cmpstr (g_ptr_array_index (columns, 1), ==, "Satisfaction “globale”");
  g_assert_cmpstr (g_ptr_array_index (columns, 2), ==, "Q2");
  g_assert_cmpstr (g_ptr_array_index (columns, 3), ==, "Résolu ?");
  assert_field (back, "Q2", "question:q_rec");
  assert_field (back, "Résolu ?", "new-question:yesno");

  g_assert_true (pl_import_mapping_lookup_value (back, "Satisfaction “globale”", "très satisfait", &value));
  g_assert_cmpfloat (value, ==, 5);
  g_assert_true (pl_import_mapping_lookup_value (back, "Satisfaction “globale”", "Plutôt satisfait", &value));
  g_assert_cmpfloat (value, ==, 4.5);
  g_assert_true (pl_import_mapping_lookup_value (back, "Not mapped", "X", &value));
  g_assert_cmpfloat (value, ==, -2);
  /* JSON has no NaN: it travels as null and comes back. */
  g_assert_nonnull (strstr (json, "\"value\":null"));
  g_assert_true (pl_import_mapping_lookup_value (back, "Not mapped", "nothing", &value));
  g_assert_true (isnan (value));
  texts = pl_import_mapping_dup_value_texts (back, "Satisfaction “globale”");
  g_assert_cmpuint (texts->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (texts, 0), ==, "Très satisfait");

  back_tokens = pl_import_mapping_get_missing_tokens (back);
  g_assert_cmpuint (g_strv_length ((char **) back_tokens), ==, 3);
  g_assert_true (g_strv_equal (back_tokens, tokens));

  g_assert_cmpint (pl_import_mapping_get_survey_id (back), ==, 42);
  g_assert_null (pl_import_mapping_get_new_survey (back));
  g_assert_cmpint (pl_import_mapping_get_scorecard_id (back), ==, 9);
  g_assert_false (pl_import_mapping_get_create_missing (back));

  /* Nothing lost: the second trip writes the same text. */
  json_again = pl_import_mapping_to_json (back);
  g_assert_cmpstr (json_again, ==, json);

  /* A new survey by name survives too. */
  {
    g_autoptr(PlImportMapping) named = pl_import_mapping_new (PL_IMPORT_COMPLAINTS);
    g_autoptr(PlImportMapping) named_back = NULL;
    g_autofree char *named_json = NULL;

    pl_import_mapping_set_new_survey (named, "Magasin 2024");
    named_json = pl_import_mapping_to_json (named);
    named_back = pl_import_mapping_new_from_json (named_json, &error);
    g_assert_no_error (error);
    g_assert_cmpint (pl_import_mapping_get_kind (named_back), ==, PL_IMPORT_COMPLAINTS);
    g_assert_cmpstr (pl_import_mapping_get_new_survey (named_back), ==, "Magasin 2024");
    g_assert_true (pl_import_mapping_get_create_missing (named_back));
    g_assert_true (g_strv_equal (pl_import_mapping_get_missing_tokens (named_back),
                                 pl_import_mapping_get_missing_tokens (named)));
  }
}

static void
test_json_errors (void)
{
  static const struct
  {
    const char *json;
    const char *fragment;
  } bad[] = {
    { "{not json", "could not be read" },
    { "[1, 2]", "not a mapping" },
    { "{\"columns\": []}", "what kind of records" },
    { "{\"kind\": \"spreadsheet\"}", "what kind of records" },
    { "{\"kind\": \"survey\", \"version\": 99}", "newer version" },
    { "{\"kind\": \"survey\", \"columns\": {}}", "columns are not a list" },
    { "{\"kind\": \"survey\", \"columns\": [{\"column\": \"A\"}]}", "no name or no field" },
    { "{\"kind\": \"survey\", \"values\": [{\"column\": \"A\", \"text\": \"Yes\"}]}", "text scale" },
    { "{\"kind\": \"survey\", \"missing_tokens\": [1]}", "missing-value marker" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlImportMapping) mapping = pl_import_mapping_new_from_json (bad[i].json, &error);

      g_assert_null (mapping);
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
      if (strstr (error->message, bad[i].fragment) == NULL)
        g_error ("%s: unexpected message: %s", bad[i].json, error->message);
    }
}

static void
test_check_survey (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (PL_IMPORT_SURVEY);

  /* Required field */
  pl_import_mapping_set_field (mapping, "NPS", "new-question:nps");
  assert_check_fails (mapping, f->ws, "No column is mapped to “Date”", "every row");

  /* Unknown field, and a field of another kind */
  pl_import_mapping_set_field (mapping, "Start Date", "date");
  pl_import_mapping_set_field (mapping, "Received", "received");
  assert_check_fails (mapping, f->ws, "“Received” is mapped to “received”", "cannot store");
  pl_import_mapping_set_field (mapping, "Received", "question:");
  assert_check_fails (mapping, f->ws, "“Received” is mapped to “question:”", NULL);
  pl_import_mapping_set_field (mapping, "Received", NULL);

  /* A new question of a kind that does not exist */
  pl_import_mapping_set_field (mapping, "Stars", "new-question:stars");
  assert_check_fails (mapping, f->ws, "“Stars”", "kind “stars”");
  pl_import_mapping_set_field (mapping, "Stars", NULL);

  /* One field, two columns; new questions may repeat */
  pl_import_mapping_set_field (mapping, "NPS again", "new-question:nps");
  pl_import_mapping_set_field (mapping, "End Date", "date");
  assert_check_fails (mapping, f->ws, "The columns “Start Date” and “End Date” are both mapped to “Date”", NULL);
  pl_import_mapping_set_field (mapping, "End Date", NULL);

  /* The target survey */
  assert_check_fails (mapping, f->ws, "Choose the survey", NULL);
  pl_import_mapping_set_survey_id (mapping, 99);
  assert_check_fails (mapping, f->ws, "no longer in this workspace", NULL);
  pl_import_mapping_set_survey_id (mapping, 1);
  assert_check_passes (mapping, f->ws);

  /* Questions of the target survey */
  pl_import_mapping_set_field (mapping, "How satisfied", "question:q_sat");
  pl_import_mapping_set_field (mapping, "Recommend", "question:q_rec");
  assert_check_passes (mapping, f->ws);
  pl_import_mapping_set_field (mapping, "Recommend 2", "question:q_rec");
  assert_check_fails (mapping, f->ws, "“Recommend” and “Recommend 2”", "Question “q_rec”");
  pl_import_mapping_set_field (mapping, "Recommend 2", NULL);
  pl_import_mapping_set_field (mapping, "Q9", "question:q9");
  assert_check_fails (mapping, f->ws, "The column “Q9” is mapped to the question “q9”",
                      "survey “After-contact survey” does not have");

  /* An existing question cannot go to a survey the import creates. */
  pl_import_mapping_set_field (mapping, "Q9", NULL);
  pl_import_mapping_set_new_survey (mapping, "Store survey");
  assert_check_fails (mapping, f->ws, "The column “How satisfied” is mapped to the existing question “q_sat”",
                      "new survey “Store survey”");
  pl_import_mapping_set_field (mapping, "How satisfied", "new-question:csat");
  pl_import_mapping_set_field (mapping, "Recommend", "new-question:nps");
  assert_check_passes (mapping, f->ws);
}

static void
test_check_other_kinds (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PlImportMapping) interactions = pl_import_mapping_new (PL_IMPORT_INTERACTIONS);
  g_autoptr(PlImportMapping) observations = pl_import_mapping_new (PL_IMPORT_OBSERVATIONS);
  g_autoptr(PlImportMapping) metrics = pl_import_mapping_new (PL_IMPORT_METRICS);
  g_autoptr(PlImportMapping) complaints = pl_import_mapping_new (PL_IMPORT_COMPLAINTS);

  pl_import_mapping_set_field (interactions, "Start", "date");
  assert_check_fails (interactions, f->ws, "No column is mapped to “Channel”", NULL);
  pl_import_mapping_set_field (interactions, "Queue", "channel");
  assert_check_passes (interactions, f->ws);

  pl_import_mapping_set_field (observations, "Date", "date");
  assert_check_fails (observations, f->ws, "No column is mapped to “Colleague”", NULL);
  pl_import_mapping_set_field (observations, "Agent", "colleague");
  assert_check_fails (observations, f->ws, "Choose the scorecard", NULL);
  pl_import_mapping_set_scorecard_id (observations, 12);
  assert_check_fails (observations, f->ws, "scorecard chosen", "no longer in this workspace");
  pl_import_mapping_set_scorecard_id (observations, 1);
  pl_import_mapping_set_field (observations, "Greeting", "criterion:1");
  pl_import_mapping_set_field (observations, "Reason", "criterion:2");
  assert_check_passes (observations, f->ws);
  pl_import_mapping_set_field (observations, "Spelling", "criterion:3");
  assert_check_fails (observations, f->ws, "The column “Spelling” is mapped to criterion 3",
                      "not on the scorecard “Call quality”");
  pl_import_mapping_set_field (observations, "Spelling", "criterion:first");
  assert_check_fails (observations, f->ws, "criterion first", NULL);

  pl_import_mapping_set_field (metrics, "Interval", "date");
  assert_check_fails (metrics, f->ws, "No column is mapped to a metric", NULL);
  pl_import_mapping_set_field (metrics, "ASA", "metric:asa");
  assert_check_passes (metrics, f->ws);
  pl_import_mapping_set_field (metrics, "Service level", "metric:service_level");
  assert_check_fails (metrics, f->ws, "The column “Service level” is mapped to the metric “service_level”",
                      "does not track");

  pl_import_mapping_set_field (complaints, "Product", "category");
  assert_check_fails (complaints, f->ws, "No column is mapped to “Received”", NULL);
  pl_import_mapping_set_field (complaints, "Date received", "received");
  pl_import_mapping_set_field (complaints, "Issue", "category");
  assert_check_fails (complaints, f->ws, "“Product” and “Issue” are both mapped to “Category”", NULL);
  pl_import_mapping_set_field (complaints, "Issue", NULL);
  assert_check_passes (complaints, f->ws);
}

/* The French store survey: its own header line, read from the file. */
static void
test_suggest_nps_survey (void)
{
  g_autoptr(GPtrArray) headers = read_header_line ("nps-store-survey-fr-latin1.csv", "ISO-8859-1");
  g_autoptr(PlImportMapping) mapping = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  double value;

  g_assert_cmpuint (headers->len, ==, 9);
  g_assert_cmpstr (g_ptr_array_index (headers, 0), ==, "");
  g_assert_cmpstr (g_ptr_array_index (headers, 5), ==, "explication");

  mapping = pl_import_mapping_suggest (PL_IMPORT_SURVEY, headers, NULL, 0);

  assert_field (mapping, "", NULL);          /* R's row numbers */
  assert_field (mapping, "id", "response_id");
  assert_field (mapping, "nps", "new-question:nps");
  /* Likert, not CSAT: a bare "satisfaction" is a variable name that says
   * nothing of the scale, and this survey scores it 1–10 like nps (see
   * tests/data/README.md). A 1–5 CSAT question would reject every score
   * above 5; a new Likert question takes the scale the data shows. The
   * wording of a survey tool's question ("How satisfied…", "CSAT") still
   * gives CSAT: see suggest/existing-survey. */
  assert_field (mapping, "satisfaction", "new-question:likert");
  assert_field (mapping, "intention", NULL);
  assert_field (mapping, "explication", "comment");
  assert_field (mapping, "NbPassageKS", NULL);
  assert_field (mapping, "CaTicket", NULL);
  assert_field (mapping, "t", NULL);

  columns = pl_import_mapping_dup_columns (mapping);
  g_assert_cmpuint (columns->len, ==, 4);

  /* Rating columns come with their usual text scale. */
  g_assert_true (pl_import_mapping_lookup_value (mapping, "satisfaction", "Very satisfied", &value));
  g_assert_cmpfloat (value, ==, 5);
  g_assert_true (pl_import_mapping_lookup_value (mapping, "satisfaction", "strongly disagree", &value));
  g_assert_cmpfloat (value, ==, 1);
}

static void
test_suggest_cfpb (void)
{
  g_autoptr(GPtrArray) headers = read_header_line ("cfpb-complaints-sample.csv", "UTF-8");
  g_autoptr(PlImportMapping) mapping = NULL;
  g_autoptr(GPtrArray) columns = NULL;

  g_assert_cmpuint (headers->len, ==, 18);

  mapping = pl_import_mapping_suggest (PL_IMPORT_COMPLAINTS, headers, NULL, 0);

  assert_field (mapping, "Date received", "received");
  assert_field (mapping, "Product", "category");
  assert_field (mapping, "Sub-product", NULL);
  assert_field (mapping, "Issue", NULL);
  assert_field (mapping, "Sub-issue", NULL);
  assert_field (mapping, "Consumer complaint narrative", "description");
  assert_field (mapping, "Company public response", NULL);
  assert_field (mapping, "Company", NULL);
  assert_field (mapping, "State", NULL);
  assert_field (mapping, "ZIP code", NULL);
  assert_field (mapping, "Tags", NULL);
  assert_field (mapping, "Consumer consent provided?", NULL);
  assert_field (mapping, "Submitted via", "channel");
  assert_field (mapping, "Date sent to company", "responded");
  assert_field (mapping, "Company response to consumer", "outcome");
  assert_field (mapping, "Timely response?", NULL);
  assert_field (mapping, "Consumer disputed?", NULL);
  assert_field (mapping, "Complaint ID", "reference");

  columns = pl_import_mapping_dup_columns (mapping);
  g_assert_cmpuint (columns->len, ==, 7);
}

static void
test_suggest_existing_survey (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) headers = strings ("Submitted",
                                          "Response ID",
                                          "How likely is it that you would recommend us to a friend or colleague?",
                                          "resolved",
                                          "Overall satisfaction",
                                          "Customer effort",
                                          "How satisfied were you with the agent?",
                                          "Agent",
                                          "Submitted via",
                                          "Any other comments?",
                                          "Time taken",
                                          "Postcode",
                                          NULL);
  g_autoptr(PlImportMapping) mapping = NULL;
  g_autoptr(GError) error = NULL;
  double value;

  mapping = pl_import_mapping_suggest (PL_IMPORT_SURVEY, headers, f->ws, 1);

  g_assert_cmpint (pl_import_mapping_get_survey_id (mapping), ==, 1);
  assert_field (mapping, "Submitted", "date");
  assert_field (mapping, "Response ID", "response_id");
  assert_field (mapping, "How likely is it that you would recommend us to a friend or colleague?", "question:q_rec");
  assert_field (mapping, "resolved", "question:resolved");          /* by code */
  assert_field (mapping, "Overall satisfaction", "question:q_sat"); /* the survey's CSAT question */
  assert_field (mapping, "Customer effort", "question:q_easy");
  assert_field (mapping, "How satisfied were you with the agent?", "new-question:csat"); /* q_sat is taken */
  assert_field (mapping, "Agent", "colleague");
  assert_field (mapping, "Submitted via", "channel");
  assert_field (mapping, "Any other comments?", "comment");
  assert_field (mapping, "Time taken", "duration");
  assert_field (mapping, "Postcode", NULL);

  g_assert_true (pl_import_mapping_check (mapping, f->ws, &error));
  g_assert_no_error (error);

  /* The yes/no question reads Yes/No and Oui/Non. */
  g_assert_true (pl_import_mapping_lookup_value (mapping, "resolved", " oui ", &value));
  g_assert_cmpfloat (value, ==, 1);
  g_assert_true (pl_import_mapping_lookup_value (mapping, "resolved", "NO", &value));
  g_assert_cmpfloat (value, ==, 0);

  /* A bare "Satisfaction" goes to the survey's CSAT question when it has
   * one; "CSAT" by name is CSAT in a survey without one. */
  {
    g_autoptr(GPtrArray) bare = strings ("Date", "Satisfaction", "CSAT", NULL);
    g_autoptr(PlImportMapping) with_csat = pl_import_mapping_suggest (PL_IMPORT_SURVEY, bare, f->ws, 1);
    g_autoptr(PlImportMapping) without = pl_import_mapping_suggest (PL_IMPORT_SURVEY, bare, f->ws, 2);

    assert_field (with_csat, "Satisfaction", "question:q_sat");
    assert_field (with_csat, "CSAT", "new-question:csat");
    assert_field (without, "Satisfaction", "new-question:likert");
    assert_field (without, "CSAT", "new-question:csat");
    g_assert_cmpint (pl_import_mapping_get_survey_id (without), ==, 2);
  }
}

static void
test_suggest_other_kinds (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) metric_headers = strings ("Interval", "Queue", "Offered", "Calls answered",
                                                 "Average speed of answer", "AHT", "Service level", NULL);
  g_autoptr(GPtrArray) interaction_headers = strings ("Call ID", "Start time", "Channel", "Agent name",
                                                      "Caller", "Queue time", "Talk time", "Abandoned",
                                                      "FCR", NULL);
  g_autoptr(GPtrArray) observation_headers = strings ("Evaluation date", "Agent", "Evaluator",
                                                      "Greeted the customer by name?",
                                                      "Confirmed reason for call",
                                                      "Spelling and grammar", "Notes", NULL);
  g_autoptr(PlImportMapping) metrics = NULL;
  g_autoptr(PlImportMapping) interactions = NULL;
  g_autoptr(PlImportMapping) observations = NULL;
  g_autoptr(GError) error = NULL;

  metrics = pl_import_mapping_suggest (PL_IMPORT_METRICS, metric_headers, f->ws, 0);
  assert_field (metrics, "Interval", "date");
  assert_field (metrics, "Queue", NULL);
  assert_field (metrics, "Offered", "metric:offered");
  assert_field (metrics, "Calls answered", "metric:answered");
  assert_field (metrics, "Average speed of answer", "metric:asa");
  assert_field (metrics, "AHT", "metric:aht");
  assert_field (metrics, "Service level", NULL);   /* not tracked by this workspace */
  g_assert_true (pl_import_mapping_check (metrics, f->ws, &error));
  g_assert_no_error (error);

  interactions = pl_import_mapping_suggest (PL_IMPORT_INTERACTIONS, interaction_headers, f->ws, 0);
  assert_field (interactions, "Call ID", "reference");
  assert_field (interactions, "Start time", "date");
  assert_field (interactions, "Channel", "channel");
  assert_field (interactions, "Agent name", "colleague");
  assert_field (interactions, "Caller", "customer");
  assert_field (interactions, "Queue time", "wait");
  assert_field (interactions, "Talk time", "handle");
  assert_field (interactions, "Abandoned", "abandoned");
  assert_field (interactions, "FCR", "resolved");

  observations = pl_import_mapping_suggest (PL_IMPORT_OBSERVATIONS, observation_headers, f->ws, 0);
  assert_field (observations, "Evaluation date", "date");
  assert_field (observations, "Agent", "colleague");
  assert_field (observations, "Evaluator", "evaluator");
  assert_field (observations, "Notes", "comments");
  assert_field (observations, "Greeted the customer by name?", NULL);

  pl_import_mapping_set_scorecard_id (observations, 1);
  pl_import_mapping_suggest_criteria (observations, observation_headers, f->ws);
  assert_field (observations, "Greeted the customer by name?", "criterion:1");
  assert_field (observations, "Confirmed reason for call", "criterion:2");
  assert_field (observations, "Spelling and grammar", NULL);  /* another scorecard's */
  g_assert_true (pl_import_mapping_check (observations, f->ws, &error));
  g_assert_no_error (error);
}

static void
test_builtin_presets (Fixture       *f,
                      gconstpointer  data)
{
  static const struct
  {
    PlImportKind kind;
    const char *names;
  } listed[] = {
    { PL_IMPORT_SURVEY, "generic-survey surveymonkey google-forms qualtrics" },
    { PL_IMPORT_COMPLAINTS, "helpdesk-tickets" },
    { PL_IMPORT_METRICS, "phone-intervals" },
    { PL_IMPORT_INTERACTIONS, "" },
    { PL_IMPORT_OBSERVATIONS, "" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (listed); i++)
    {
      g_autoptr(GPtrArray) presets = pl_import_list_presets (f->ws, listed[i].kind, &error);
      g_autoptr(GString) names = g_string_new (NULL);

      g_assert_no_error (error);
      for (guint p = 0; p < presets->len; p++)
        {
          PlImportPresetInfo *info = g_ptr_array_index (presets, p);

          g_assert_true (info->builtin);
          g_assert_cmpint (info->id, ==, 0);
          g_assert_cmpint (info->kind, ==, listed[i].kind);
          g_assert_nonnull (info->label);
          g_assert_nonnull (info->source);
          if (names->len > 0)
            g_string_append_c (names, ' ');
          g_string_append (names, info->name);
        }
      g_assert_cmpstr (names->str, ==, listed[i].names);
    }

  g_assert_cmpuint (pl_import_builtin_preset_header_rows ("surveymonkey"), ==, 2);
  g_assert_cmpuint (pl_import_builtin_preset_header_rows ("qualtrics"), ==, 3);
  g_assert_cmpuint (pl_import_builtin_preset_header_rows ("google-forms"), ==, 1);
  g_assert_cmpuint (pl_import_builtin_preset_header_rows ("my own"), ==, 0);

  /* Generic survey export */
  {
    g_autoptr(GPtrArray) headers = strings ("ID", "date", "email", "Channel", "Adviser", "CSAT", "NPS",
                                            "Comments", "Duration", "Notes", NULL);
    g_autoptr(PlImportMapping) m = pl_import_preset_apply (f->ws, "generic-survey", PL_IMPORT_SURVEY,
                                                           headers, &error);

    g_assert_no_error (error);
    assert_field (m, "ID", "response_id");
    assert_field (m, "date", "date");
    assert_field (m, "email", "respondent");
    assert_field (m, "Channel", "channel");
    assert_field (m, "Adviser", "colleague");
    assert_field (m, "CSAT", "new-question:csat");
    assert_field (m, "NPS", "new-question:nps");
    assert_field (m, "Comments", "comment");
    assert_field (m, "Duration", "duration");
    assert_field (m, "Notes", NULL);
  }

  /* SurveyMonkey: two header rows, joined "Top / Sub" */
  {
    g_autoptr(GPtrArray) headers = strings ("Respondent ID", "Collector ID", "Start Date", "End Date",
                                            "IP Address", "Email Address", "First Name", "Last Name",
                                            "Custom Data 1",
                                            "How likely is it that you would recommend this company to a friend or colleague? / Response",
                                            "Overall, how satisfied or dissatisfied are you with our company? / Response",
                                            "Was your issue resolved? / Response",
                                            "What could we do better? / Open-Ended Response",
                                            NULL);
    g_autoptr(PlImportMapping) m = pl_import_preset_apply (f->ws, "surveymonkey", PL_IMPORT_SURVEY,
                                                           headers, &error);
    double value;

    g_assert_no_error (error);
    assert_field (m, "Respondent ID", "response_id");
    assert_field (m, "Collector ID", NULL);
    assert_field (m, "Start Date", "date");
    assert_field (m, "End Date", NULL);
    assert_field (m, "IP Address", NULL);
    assert_field (m, "Email Address", "respondent");
    assert_field (m, "First Name", NULL);
    assert_field (m, "How likely is it that you would recommend this company to a friend or colleague? / Response",
                  "new-question:nps");
    assert_field (m, "Overall, how satisfied or dissatisfied are you with our company? / Response",
                  "new-question:csat");
    assert_field (m, "Was your issue resolved? / Response", NULL);
    assert_field (m, "What could we do better? / Open-Ended Response", "comment");
    g_assert_true (pl_import_mapping_lookup_value (m, "Overall, how satisfied or dissatisfied are you with our company? / Response",
                                                   "Very satisfied", &value));
    g_assert_cmpfloat (value, ==, 5);

    pl_import_mapping_set_new_survey (m, "SurveyMonkey");
    assert_check_passes (m, f->ws);
  }

  /* Google Forms: the questions are the columns */
  {
    g_autoptr(GPtrArray) headers = strings ("Timestamp", "Email address",
                                            "How easy was it to sort out your query?",
                                            "How likely are you to recommend us?",
                                            "Which store did you visit?", NULL);
    g_autoptr(PlImportMapping) m = pl_import_preset_apply (f->ws, "google-forms", PL_IMPORT_SURVEY,
                                                           headers, &error);

    g_assert_no_error (error);
    assert_field (m, "Timestamp", "date");
    assert_field (m, "Email address", "respondent");
    assert_field (m, "How easy was it to sort out your query?", "new-question:ces");
    assert_field (m, "How likely are you to recommend us?", "new-question:nps");
    assert_field (m, "Which store did you visit?", NULL);
  }

  /* Qualtrics: three header rows */
  {
    g_autoptr(GPtrArray) headers = strings (
      "StartDate / Start Date / {\"ImportId\":\"startDate\",\"timeZone\":\"Europe/London\"}",
      "EndDate / End Date / {\"ImportId\":\"endDate\",\"timeZone\":\"Europe/London\"}",
      "Status / Response Type / {\"ImportId\":\"status\"}",
      "Progress / Progress / {\"ImportId\":\"progress\"}",
      "Duration (in seconds) / Duration (in seconds) / {\"ImportId\":\"duration\"}",
      "Finished / Finished / {\"ImportId\":\"finished\"}",
      "RecordedDate / Recorded Date / {\"ImportId\":\"recordedDate\",\"timeZone\":\"Europe/London\"}",
      "ResponseId / Response ID / {\"ImportId\":\"_recordId\"}",
      "RecipientEmail / Recipient Email / {\"ImportId\":\"recipientEmail\"}",
      "DistributionChannel / Distribution Channel / {\"ImportId\":\"distributionChannel\"}",
      "Q1 / How satisfied were you with your visit? / {\"ImportId\":\"QID1\"}",
      "Q2 / How likely are you to recommend us to a friend? / {\"ImportId\":\"QID2\"}",
      "Q3 / Which department? / {\"ImportId\":\"QID3\"}",
      NULL);
    g_autoptr(PlImportMapping) m = pl_import_preset_apply (f->ws, "qualtrics", PL_IMPORT_SURVEY,
                                                           headers, &error);

    g_assert_no_error (error);
    assert_field (m, g_ptr_array_index (headers, 0), NULL);
    assert_field (m, g_ptr_array_index (headers, 1), NULL);
    assert_field (m, g_ptr_array_index (headers, 2), NULL);
    assert_field (m, g_ptr_array_index (headers, 4), "duration");
    assert_field (m, g_ptr_array_index (headers, 6), "date");
    assert_field (m, g_ptr_array_index (headers, 7), "response_id");
    assert_field (m, g_ptr_array_index (headers, 8), "respondent");
    assert_field (m, g_ptr_array_index (headers, 9), NULL);
    assert_field (m, g_ptr_array_index (headers, 10), "new-question:csat");
    assert_field (m, g_ptr_array_index (headers, 11), "new-question:nps");
    assert_field (m, g_ptr_array_index (headers, 12), NULL);
  }

  /* Helpdesk tickets: Description wins over Subject when both are there */
  {
    g_autoptr(GPtrArray) headers = strings ("Ticket ID", "Subject", "Created", "Channel", "Category",
                                            "Description", "Resolved", "Status", "Agent", "Priority",
                                            NULL);
    g_autoptr(GPtrArray) subject_only = strings ("ticket id", "SUBJECT", "created", NULL);
    g_autoptr(PlImportMapping) m = pl_import_preset_apply (f->ws, "helpdesk-tickets", PL_IMPORT_COMPLAINTS,
                                                           headers, &error);
    g_autoptr(PlImportMapping) m2 = NULL;

    g_assert_no_error (error);
    assert_field (m, "Ticket ID", "reference");
    assert_field (m, "Subject", NULL);
    assert_field (m, "Created", "received");
    assert_field (m, "Channel", "channel");
    assert_field (m, "Category", "category");
    assert_field (m, "Description", "description");
    assert_field (m, "Resolved", "resolved");
    assert_field (m, "Status", "outcome");
    assert_field (m, "Agent", "colleague");
    assert_field (m, "Priority", NULL);
    assert_check_passes (m, f->ws);

    /* Case and spacing do not matter. */
    m2 = pl_import_preset_apply (f->ws, "helpdesk-tickets", PL_IMPORT_COMPLAINTS, subject_only, &error);
    g_assert_no_error (error);
    assert_field (m2, "ticket id", "reference");
    assert_field (m2, "SUBJECT", "description");
    assert_field (m2, "created", "received");
  }

  /* Phone system intervals */
  {
    g_autoptr(GPtrArray) headers = strings ("Interval", "Offered", "Answered", "Abandoned", "ASA", "AHT",
                                            "Service level", NULL);
    g_autoptr(PlImportMapping) m = pl_import_preset_apply (f->ws, "phone-intervals", PL_IMPORT_METRICS,
                                                           headers, &error);
    g_autoptr(PlImportMapping) no_ws = NULL;

    g_assert_no_error (error);
    assert_field (m, "Interval", "date");
    assert_field (m, "Offered", "metric:offered");
    assert_field (m, "Answered", "metric:answered");
    assert_field (m, "Abandoned", "metric:abandoned");
    assert_field (m, "ASA", "metric:asa");
    assert_field (m, "AHT", "metric:aht");
    assert_field (m, "Service level", NULL);  /* the workspace does not track it */
    assert_check_passes (m, f->ws);

    /* Without a workspace there is nothing to compare with: all are mapped. */
    no_ws = pl_import_preset_apply (NULL, "phone-intervals", PL_IMPORT_METRICS, headers, &error);
    g_assert_no_error (error);
    assert_field (no_ws, "Service level", "metric:service_level");
  }

  /* A built-in preset of another kind, and a name nobody saved */
  {
    g_autoptr(GPtrArray) headers = strings ("Date", NULL);
    g_autoptr(PlImportMapping) m = pl_import_preset_apply (f->ws, "surveymonkey", PL_IMPORT_COMPLAINTS,
                                                           headers, &error);

    g_assert_null (m);
    g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "“surveymonkey”"));
    g_clear_error (&error);

    m = pl_import_preset_apply (f->ws, "Nobody's", PL_IMPORT_SURVEY, headers, &error);
    g_assert_null (m);
    g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  }
}

static gint64
count_presets (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (pl_workspace_count_rows (f->ws, "import_presets", &n, &error));
  g_assert_no_error (error);
  return n;
}

static char *
preset_column (Fixture    *f,
               const char *name,
               const char *column)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM import_presets WHERE name = ?", column);
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (f->ws, sql, &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
test_saved_presets (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (PL_IMPORT_SURVEY);
  g_autoptr(PlImportMapping) applied = NULL;
  g_autoptr(PlImportMapping) complaints = pl_import_mapping_new (PL_IMPORT_COMPLAINTS);
  g_autoptr(GPtrArray) presets = NULL;
  g_autoptr(GPtrArray) headers = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *created = NULL;
  static const char * const tokens[] = { "NA", "ne sait pas", NULL };
  PlImportPresetInfo *info;
  double value;

  pl_import_mapping_set_field (mapping, "Horodateur", "date");
  pl_import_mapping_set_field (mapping, "Recommandation", "question:q_rec");
  pl_import_mapping_set_field (mapping, "Résolu", "question:resolved");
  pl_import_mapping_set_field (mapping, "Magasin", "channel");
  pl_import_mapping_set_value (mapping, "Résolu", "Oui", 1);
  pl_import_mapping_set_value (mapping, "Résolu", "Non", 0);
  pl_import_mapping_set_missing_tokens (mapping, tokens);
  pl_import_mapping_set_survey_id (mapping, 1);
  pl_import_mapping_set_create_missing (mapping, FALSE);

  g_assert_true (pl_import_save_preset (f->ws, "  Enquête magasin ", "Google Forms", mapping, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_presets (f), ==, 1);
  g_assert_cmpuint (f->presets_changed, ==, 1);

  stored = preset_column (f, "Enquête magasin", "kind");
  g_assert_cmpstr (stored, ==, "survey");
  g_clear_pointer (&stored, g_free);
  created = preset_column (f, "Enquête magasin", "created_at");

  /* Saved presets come after the built-in ones. */
  presets = pl_import_list_presets (f->ws, PL_IMPORT_SURVEY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (presets->len, ==, 5);
  info = g_ptr_array_index (presets, 4);
  g_assert_cmpstr (info->name, ==, "Enquête magasin");
  g_assert_cmpstr (info->label, ==, "Enquête magasin");
  g_assert_cmpstr (info->source, ==, "Google Forms");
  g_assert_false (info->builtin);
  g_assert_cmpint (info->id, >, 0);
  g_assert_cmpint (info->kind, ==, PL_IMPORT_SURVEY);
  g_clear_pointer (&presets, g_ptr_array_unref);

  presets = pl_import_list_presets (f->ws, PL_IMPORT_COMPLAINTS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (presets->len, ==, 1);
  g_clear_pointer (&presets, g_ptr_array_unref);

  /* Applied to next month's file: columns in another order and case,
   * one column gone, one new. */
  headers = strings ("RÉSOLU", "horodateur", "Nouvelle question", "Recommandation", NULL);
  applied = pl_import_preset_apply (f->ws, "Enquête magasin", PL_IMPORT_SURVEY, headers, &error);
  g_assert_no_error (error);
  assert_field (applied, "horodateur", "date");
  assert_field (applied, "Recommandation", "question:q_rec");
  assert_field (applied, "RÉSOLU", "question:resolved");
  assert_field (applied, "Nouvelle question", NULL);
  assert_field (applied, "Magasin", NULL);
  columns = pl_import_mapping_dup_columns (applied);
  g_assert_cmpuint (columns->len, ==, 3);
  g_assert_true (pl_import_mapping_lookup_value (applied, "RÉSOLU", "oui", &value));
  g_assert_cmpfloat (value, ==, 1);
  g_assert_true (pl_import_mapping_lookup_value (applied, "RÉSOLU", "NON", &value));
  g_assert_cmpfloat (value, ==, 0);
  g_assert_true (g_strv_equal (pl_import_mapping_get_missing_tokens (applied), tokens));
  g_assert_cmpint (pl_import_mapping_get_survey_id (applied), ==, 1);
  g_assert_false (pl_import_mapping_get_create_missing (applied));
  assert_check_passes (applied, f->ws);

  /* Saving again under the same name updates the preset. */
  pl_import_mapping_set_field (mapping, "Magasin", NULL);
  pl_import_mapping_set_field (mapping, "Commentaire", "comment");
  g_usleep (1100 * 1000);  /* updated_at has one-second resolution */
  g_assert_true (pl_import_save_preset (f->ws, "Enquête magasin", "Google Forms (v2)", mapping, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_presets (f), ==, 1);
  g_assert_cmpuint (f->presets_changed, ==, 2);

  stored = preset_column (f, "Enquête magasin", "source");
  g_assert_cmpstr (stored, ==, "Google Forms (v2)");
  g_clear_pointer (&stored, g_free);
  stored = preset_column (f, "Enquête magasin", "created_at");
  g_assert_cmpstr (stored, ==, created);
  g_clear_pointer (&stored, g_free);
  stored = preset_column (f, "Enquête magasin", "updated_at");
  g_assert_cmpstr (stored, >, created);
  g_clear_pointer (&stored, g_free);
  stored = preset_column (f, "Enquête magasin", "mapping");
  g_assert_nonnull (strstr (stored, "Commentaire"));
  g_assert_null (strstr (stored, "Magasin\""));

  /* The same name for another kind is another preset. */
  pl_import_mapping_set_field (complaints, "Date", "received");
  g_assert_true (pl_import_save_preset (f->ws, "Enquête magasin", NULL, complaints, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_presets (f), ==, 2);

  /* Names that cannot be used */
  g_assert_false (pl_import_save_preset (f->ws, "   ", NULL, mapping, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "name"));
  g_clear_error (&error);
  g_assert_false (pl_import_save_preset (f->ws, "SurveyMonkey", NULL, mapping, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "built-in"));
  g_clear_error (&error);
  g_assert_cmpint (count_presets (f), ==, 2);
  g_assert_cmpuint (f->presets_changed, ==, 3);
}

static void
test_value_maps (void)
{
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (PL_IMPORT_SURVEY);
  g_autoptr(GPtrArray) texts = NULL;
  double value = -1;

  g_assert_false (pl_import_mapping_lookup_value (mapping, "Q1", "Very satisfied", &value));

  pl_import_mapping_set_value (mapping, "Q1", "Very satisfied", 5);
  pl_import_mapping_set_value (mapping, "Q1", "Satisfied", 4);
  g_assert_true (pl_import_mapping_lookup_value (mapping, "Q1", "Very satisfied", &value));
  g_assert_cmpfloat (value, ==, 5);
  g_assert_true (pl_import_mapping_lookup_value (mapping, "Q1", "  VERY   satisfied\t", &value));
  g_assert_cmpfloat (value, ==, 5);
  g_assert_true (pl_import_mapping_lookup_value (mapping, "Q1", "satisfied", &value));
  g_assert_cmpfloat (value, ==, 4);
  g_assert_false (pl_import_mapping_lookup_value (mapping, "Q1", "Verysatisfied", &value));
  g_assert_false (pl_import_mapping_lookup_value (mapping, "Q1", "Dissatisfied", &value));
  g_assert_false (pl_import_mapping_lookup_value (mapping, "Q1", NULL, &value));
  /* Scales belong to their column. */
  g_assert_false (pl_import_mapping_lookup_value (mapping, "Q2", "Satisfied", &value));

  /* Setting the same text again, in another case, changes its value. */
  pl_import_mapping_set_value (mapping, "Q1", "SATISFIED", 3.5);
  g_assert_true (pl_import_mapping_lookup_value (mapping, "Q1", "Satisfied", &value));
  g_assert_cmpfloat (value, ==, 3.5);
  texts = pl_import_mapping_dup_value_texts (mapping, "Q1");
  g_assert_cmpuint (texts->len, ==, 2);
  g_clear_pointer (&texts, g_ptr_array_unref);

  /* Accented text matches in either case, composed or not. */
  pl_import_mapping_set_value (mapping, "Q3", "Très satisfait", 5);
  g_assert_true (pl_import_mapping_lookup_value (mapping, "Q3", "TRÈS SATISFAIT", &value));
  g_assert_true (pl_import_mapping_lookup_value (mapping, "Q3", "tre\xcc\x80s satisfait", &value));
  g_assert_cmpfloat (value, ==, 5);

  /* Long text is matched the same way. */
  {
    g_autofree char *long_text = g_strnfill (300, 'a');
    g_autofree char *upper = g_ascii_strup (long_text, -1);
    g_autofree char *long_upper = g_strdup_printf ("  %s  ", upper);

    pl_import_mapping_set_value (mapping, "Q4", long_text, 2);
    g_assert_true (pl_import_mapping_lookup_value (mapping, "Q4", long_upper, &value));
    g_assert_cmpfloat (value, ==, 2);
  }

  pl_import_mapping_clear_values (mapping, "Q1");
  g_assert_false (pl_import_mapping_lookup_value (mapping, "Q1", "Very satisfied", &value));
  texts = pl_import_mapping_dup_value_texts (mapping, "Q1");
  g_assert_cmpuint (texts->len, ==, 0);
  g_assert_true (pl_import_mapping_lookup_value (mapping, "Q3", "très satisfait", NULL));
}

static void
test_standard_scales (void)
{
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (PL_IMPORT_SURVEY);
  static const struct
  {
    PlQuestionKind kind;
    const char *text;
    double value;
  } expected[] = {
    { PL_QUESTION_CSAT, "Very dissatisfied", 1 },
    { PL_QUESTION_CSAT, "dissatisfied", 2 },
    { PL_QUESTION_CSAT, "Neither satisfied nor dissatisfied", 3 },
    { PL_QUESTION_CSAT, "Satisfied", 4 },
    { PL_QUESTION_CSAT, "very satisfied", 5 },
    { PL_QUESTION_CSAT, "Très satisfait", 5 },
    { PL_QUESTION_YESNO, "Yes", 1 },
    { PL_QUESTION_YESNO, "no", 0 },
    { PL_QUESTION_YESNO, "OUI", 1 },
    { PL_QUESTION_YESNO, "Non", 0 },
    { PL_QUESTION_CES, "Strongly disagree", 1 },
    { PL_QUESTION_CES, "Strongly agree", 7 },
    { PL_QUESTION_LIKERT, "Agree", 4 },
    { PL_QUESTION_LIKERT, "Tout à fait d'accord", 5 },
    { PL_QUESTION_NPS, "Extremely likely", 10 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *column = g_strdup_printf ("column %d", expected[i].kind);
      double value = -1;

      g_assert_true (pl_import_mapping_add_standard_scale (mapping, column, expected[i].kind));
      g_assert_true (pl_import_mapping_lookup_value (mapping, column, expected[i].text, &value));
      g_assert_cmpfloat (value, ==, expected[i].value);
    }

  g_assert_false (pl_import_mapping_add_standard_scale (mapping, "Free text", PL_QUESTION_TEXT));
  g_assert_false (pl_import_mapping_lookup_value (mapping, "Free text", "Yes", NULL));
}

static void
test_missing_tokens (void)
{
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (PL_IMPORT_SURVEY);
  static const char * const defaults[] = { "", "NA", "N/A", "n/a", "-", "NULL", NULL };
  static const char * const custom[] = { "", "?", "sans objet", NULL };
  g_autoptr(PlImportMapping) copy = NULL;

  g_assert_true (g_strv_equal (pl_import_mapping_get_missing_tokens (mapping), defaults));
  g_assert_true (pl_import_mapping_is_missing (mapping, "NA"));
  g_assert_true (pl_import_mapping_is_missing (mapping, " NA "));
  g_assert_true (pl_import_mapping_is_missing (mapping, ""));
  g_assert_true (pl_import_mapping_is_missing (mapping, NULL));
  g_assert_false (pl_import_mapping_is_missing (mapping, "na"));    /* "na" may be an answer */
  g_assert_false (pl_import_mapping_is_missing (mapping, "0"));

  pl_import_mapping_set_missing_tokens (mapping, custom);
  g_assert_true (g_strv_equal (pl_import_mapping_get_missing_tokens (mapping), custom));
  g_assert_true (pl_import_mapping_is_missing (mapping, "sans objet"));
  g_assert_false (pl_import_mapping_is_missing (mapping, "NA"));

  copy = pl_import_mapping_copy (mapping);
  g_assert_true (g_strv_equal (pl_import_mapping_get_missing_tokens (copy), custom));

  /* NULL brings the defaults back. */
  pl_import_mapping_set_missing_tokens (mapping, NULL);
  g_assert_true (g_strv_equal (pl_import_mapping_get_missing_tokens (mapping), defaults));
  g_assert_true (g_strv_equal (pl_import_mapping_get_missing_tokens (copy), custom));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/import-mapping/kinds", test_kinds);
  g_test_add_func ("/core/import-mapping/fields", test_fields);
  g_test_add_func ("/core/import-mapping/set-get-copy", test_set_get_copy);
  g_test_add_func ("/core/import-mapping/json/round-trip", test_json_round_trip);
  g_test_add_func ("/core/import-mapping/json/errors", test_json_errors);
  g_test_add ("/core/import-mapping/check/survey", Fixture, NULL,
              fixture_setup, test_check_survey, fixture_teardown);
  g_test_add ("/core/import-mapping/check/other-kinds", Fixture, NULL,
              fixture_setup, test_check_other_kinds, fixture_teardown);
  g_test_add_func ("/core/import-mapping/suggest/nps-store-survey", test_suggest_nps_survey);
  g_test_add_func ("/core/import-mapping/suggest/cfpb-complaints", test_suggest_cfpb);
  g_test_add ("/core/import-mapping/suggest/existing-survey", Fixture, NULL,
              fixture_setup, test_suggest_existing_survey, fixture_teardown);
  g_test_add ("/core/import-mapping/suggest/other-kinds", Fixture, NULL,
              fixture_setup, test_suggest_other_kinds, fixture_teardown);
  g_test_add ("/core/import-mapping/presets/builtin", Fixture, NULL,
              fixture_setup, test_builtin_presets, fixture_teardown);
  g_test_add ("/core/import-mapping/presets/saved", Fixture, NULL,
              fixture_setup, test_saved_presets, fixture_teardown);
  g_test_add_func ("/core/import-mapping/values/lookup", test_value_maps);
  g_test_add_func ("/core/import-mapping/values/standard-scales", test_standard_scales);
  g_test_add_func ("/core/import-mapping/missing-tokens", test_missing_tokens);

  return g_test_run ();
}
