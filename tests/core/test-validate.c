/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/pl-demo.h"
#include "core/pl-error.h"
#include "core/pl-kpi.h"
#include "core/pl-survey.h"
#include "core/pl-validate.h"
#include "core/pl-workspace.h"
#include "pl-test-db.h"

/* A survey (CSAT, NPS, CES, a 1–5 Likert and a yes/no question, CSAT
 * required), a second survey, two scorecards and a complaints log, with
 * records that each break one rule (a few break two) among clean ones.
 * The comment beside each record says what it breaks. */
static const char fixture_sql[] =
  "INSERT INTO surveys (id, name, created_at) VALUES"
  " (1, 'After-contact survey', '2026-01-01T00:00:00Z'),"
  " (2, 'Other survey', '2026-01-01T00:00:00Z');"
  "INSERT INTO questions (id, survey_id, position, code, text, kind, scale_min, scale_max, required) VALUES"
  " (1, 1, 1, 'csat', 'How satisfied were you?', 'csat', NULL, NULL, 1),"
  " (2, 1, 2, 'nps', 'How likely are you to recommend us?', 'nps', NULL, NULL, 0),"
  " (3, 1, 3, 'ces', 'How easy was it?', 'ces', NULL, NULL, 0),"
  " (4, 1, 4, 'agree', 'The adviser understood me', 'likert', 1, 5, 0),"
  " (5, 1, 5, 'resolved', 'Was it resolved?', 'yesno', NULL, NULL, 0),"
  " (6, 2, 1, 'csat', 'Overall satisfaction', 'csat', NULL, NULL, 1);"
  "INSERT INTO responses (id, survey_id, external_ref, respondent_ref, responded_on, duration_s,"
  "                       trashed_at, created_at, updated_at) VALUES"
  " (1, 1, 'R-1', 'cust-A', '2026-06-01', 120, NULL, '2026-06-01T09:00:00Z', '2026-06-01T09:00:00Z'),"
  " (2, 1, 'R-2', 'cust-B', '2026-06-01', 95, NULL, '2026-06-01T10:00:00Z', '2026-06-01T10:00:00Z'),"
  /* duplicate-id of 1 */
  " (3, 1, 'R-1', 'cust-C', '2026-06-02', 80, NULL, '2026-06-02T09:00:00Z', '2026-06-02T09:00:00Z'),"
  /* duplicate-respondent of 1, and a speeder */
  " (4, 1, 'R-4', 'cust-A', '2026-06-01', 10, NULL, '2026-06-02T09:00:00Z', '2026-06-02T09:00:00Z'),"
  /* out-of-range three times */
  " (5, 1, 'R-5', 'cust-D', '2026-06-03', 70, NULL, '2026-06-03T09:00:00Z', '2026-06-03T09:00:00Z'),"
  /* incomplete: no CSAT */
  " (6, 1, 'R-6', 'cust-E', '2026-06-03', 90, NULL, '2026-06-03T09:00:00Z', '2026-06-03T09:00:00Z'),"
  /* straight-lining at 4 */
  " (7, 1, 'R-7', 'cust-F', '2026-06-04', 100, NULL, '2026-06-04T09:00:00Z', '2026-06-04T09:00:00Z'),"
  /* speeder */
  " (8, 1, 'R-8', 'cust-G', '2026-06-04', 12.5, NULL, '2026-06-04T09:00:00Z', '2026-06-04T09:00:00Z'),"
  /* after today */
  " (9, 1, 'R-9', 'cust-H', '2026-07-15', 100, NULL, '2026-06-04T09:00:00Z', '2026-06-04T09:00:00Z'),"
  /* before the earliest date */
  " (10, 1, 'R-10', 'cust-I', '2025-12-31', 100, NULL, '2026-06-04T09:00:00Z', '2026-06-04T09:00:00Z'),"
  /* breaks everything, but is in the trash */
  " (11, 1, 'R-1', 'cust-A', '2026-06-01', 1, '2026-06-20T00:00:00Z', '2026-06-05T09:00:00Z', '2026-06-05T09:00:00Z'),"
  /* out-of-range: not a whole number */
  " (12, 1, 'R-12', NULL, '2026-06-05', NULL, NULL, '2026-06-05T09:00:00Z', '2026-06-05T09:00:00Z'),"
  /* straight-lining at 5 */
  " (13, 1, 'R-13', NULL, '2026-06-05', NULL, NULL, '2026-06-05T09:00:00Z', '2026-06-05T09:00:00Z'),"
  " (14, 1, 'R-14', 'cust-J', '2026-06-06', NULL, NULL, '2026-06-06T09:00:00Z', '2026-06-06T09:00:00Z'),"
  /* no references at all: never duplicates of each other */
  " (15, 1, NULL, NULL, '2026-06-06', NULL, NULL, '2026-06-06T09:00:00Z', '2026-06-06T09:00:00Z'),"
  " (16, 1, NULL, NULL, '2026-06-06', NULL, NULL, '2026-06-06T09:00:00Z', '2026-06-06T09:00:00Z'),"
  /* same id and respondent as 1, but another survey */
  " (17, 2, 'R-1', 'cust-A', '2026-06-01', 100, NULL, '2026-06-06T09:00:00Z', '2026-06-06T09:00:00Z'),"
  /* not a real date */
  " (18, 1, 'R-18', 'cust-K', '2026-02-30', 100, NULL, '2026-06-06T09:00:00Z', '2026-06-06T09:00:00Z');"
  "INSERT INTO answers (response_id, question_id, value_num) VALUES"
  " (1, 1, 4), (1, 2, 9), (1, 3, 6), (1, 4, 4), (1, 5, 1),"
  " (2, 1, 5), (2, 2, 10), (2, 3, 7), (2, 4, 5), (2, 5, 1),"
  " (3, 1, 3), (3, 2, 7), (3, 3, 5), (3, 4, 3), (3, 5, 0),"
  " (4, 1, 2), (4, 2, 5), (4, 3, 4), (4, 4, 2), (4, 5, 0),"
  " (5, 1, 7), (5, 2, 11), (5, 3, 5), (5, 4, 3), (5, 5, 2),"
  " (6, 1, NULL), (6, 2, 8), (6, 3, 5), (6, 4, 4), (6, 5, 1),"
  " (7, 1, 4), (7, 2, 4), (7, 3, 4), (7, 4, 4), (7, 5, 1),"
  " (8, 1, 5), (8, 2, 9), (8, 3, 6), (8, 4, 5), (8, 5, 1),"
  " (9, 1, 4), (9, 2, 8), (9, 3, 6), (9, 4, 4), (9, 5, 1),"
  " (10, 1, 4), (10, 2, 8), (10, 3, 6), (10, 4, 4), (10, 5, 1),"
  " (11, 1, 9), (11, 2, 9), (11, 3, 9), (11, 4, 9), (11, 5, 9),"
  " (12, 1, 3), (12, 2, 6), (12, 3, 2), (12, 4, 1.5), (12, 5, 1),"
  " (13, 1, 5), (13, 2, 5), (13, 3, 5), (13, 4, 5), (13, 5, 1),"
  " (14, 1, 4), (14, 5, 1),"
  " (15, 1, 4), (15, 2, 9), (15, 3, 6), (15, 4, 4), (15, 5, 1),"
  " (16, 1, 4), (16, 2, 9), (16, 3, 6), (16, 4, 4), (16, 5, 1),"
  " (17, 6, 4),"
  " (18, 1, 4), (18, 2, 9), (18, 3, 6), (18, 4, 4), (18, 5, 1);"

  "INSERT INTO teams (id, name) VALUES (1, 'North');"
  "INSERT INTO colleagues (id, code, display_name, team_id) VALUES (1, 'C01', 'Alex Morgan', 1);"
  "INSERT INTO scorecards (id, name, created_at) VALUES"
  " (1, 'Call quality', '2026-01-01T00:00:00Z'),"
  " (2, 'Email quality', '2026-01-01T00:00:00Z');"
  "INSERT INTO scorecard_sections (id, scorecard_id, position, name) VALUES"
  " (1, 1, 1, 'Opening'), (2, 1, 2, 'Resolution'), (3, 2, 1, 'Writing');"
  "INSERT INTO criteria (id, section_id, position, text, scale, allow_na) VALUES"
  " (1, 1, 1, 'Greeted the customer', 'yesno', 0),"
  " (2, 1, 2, 'Checked the history', 'ypn', 0),"
  " (3, 2, 1, 'Explained the bill', 'scale5', 1),"
  " (4, 2, 2, 'Followed the data protection policy', 'passfail', 0),"
  " (5, 3, 1, 'Spelling and grammar', 'scale5', 0);"
  "INSERT INTO observations (id, scorecard_id, colleague_id, observed_on, score, trashed_at,"
  "                          created_at, updated_at) VALUES"
  " (1, 1, 1, '2026-06-02', 80, NULL, '2026-06-02T09:00:00Z', '2026-06-02T09:00:00Z'),"
  " (2, 1, 1, '2026-06-03', 90, NULL, '2026-06-03T09:00:00Z', '2026-06-03T09:00:00Z'),"
  " (3, 1, 1, '2026-06-04', 70, NULL, '2026-06-04T09:00:00Z', '2026-06-04T09:00:00Z'),"
  " (4, 1, 1, '2026-06-05', 100, NULL, '2026-06-05T09:00:00Z', '2026-06-05T09:00:00Z'),"
  " (5, 1, 1, '2026-08-01', 100, NULL, '2026-06-05T09:00:00Z', '2026-06-05T09:00:00Z'),"
  " (6, 1, 1, '2026-06-06', 50, '2026-06-07T00:00:00Z', '2026-06-06T09:00:00Z', '2026-06-06T09:00:00Z'),"
  " (7, 1, 1, '2026-06-07', 60, NULL, '2026-06-07T09:00:00Z', '2026-06-07T09:00:00Z'),"
  " (8, 2, 1, '2026-06-08', 75, NULL, '2026-06-08T09:00:00Z', '2026-06-08T09:00:00Z');"
  "INSERT INTO observation_scores (observation_id, criterion_id, value) VALUES"
  " (1, 1, 1), (1, 2, 0.5), (1, 3, NULL), (1, 4, 0),"
  /* N/A where not allowed */
  " (2, 1, NULL), (2, 2, 1), (2, 3, 4), (2, 4, 1),"
  /* off the ypn and the 1–5 scale */
  " (3, 1, 1), (3, 2, 0.75), (3, 3, 6), (3, 4, 1),"
  /* a criterion of the other scorecard */
  " (4, 1, 1), (4, 2, 1), (4, 3, 5), (4, 4, 1), (4, 5, 3),"
  " (5, 1, 1), (5, 2, 1), (5, 3, 5), (5, 4, 1),"
  " (6, 1, NULL), (6, 2, 9),"
  /* pass/fail is 0 or 1 */
  " (7, 1, 1), (7, 2, 1), (7, 3, 3), (7, 4, 2),"
  " (8, 5, 4);"
  "INSERT INTO complaints (id, reference, received_on, responded_on, resolved_on, trashed_at,"
  "                        created_at) VALUES"
  " (1, 'C-1', '2026-06-01', NULL, '2026-06-03', NULL, '2026-06-01T09:00:00Z'),"
  " (2, 'C-2', '2026-06-10', NULL, '2026-06-05', NULL, '2026-06-10T09:00:00Z'),"
  " (3, 'C-3', '2026-07-10', NULL, '2026-07-01', NULL, '2026-06-10T09:00:00Z'),"
  " (4, 'C-4', '2026-06-10', '2026-06-09', '2026-06-12', NULL, '2026-06-10T09:00:00Z'),"
  " (5, 'C-5', '2026-06-15', NULL, NULL, NULL, '2026-06-15T09:00:00Z'),"
  " (6, 'C-6', '2026-06-20', NULL, '2026-06-19', '2026-06-21T00:00:00Z', '2026-06-20T09:00:00Z');";

#define TODAY "2026-06-30"
#define EARLIEST "2026-01-01"

typedef struct
{
  const char *rule;
  const char *entity;
  gint64      entity_id;
  const char *record_date;
  const char *detail;
} ExpectedFlag;

/* Every finding on the fixture, in pl_validate_list_flags() order: by
 * rule, then the record's date. */
static const ExpectedFlag expected_flags[] = {
  { "duplicate-id", "responses", 3, "2026-06-02",
    "Same response id “R-1” as response 1 (entered 2026-06-01)" },
  { "duplicate-respondent", "responses", 4, "2026-06-01",
    "Same respondent as response 1, same survey, same day (2026-06-01)" },
  { "out-of-range", "responses", 5, "2026-06-03",
    "Answer 7 to “csat” is not on its scale of 1 to 5; "
    "Answer 11 to “nps” is not on its scale of 0 to 10; "
    "Answer 2 to “resolved” is neither yes (1) nor no (0)" },
  { "out-of-range", "responses", 12, "2026-06-05",
    "Answer 1.5 to “agree” is not on its scale of 1 to 5" },
  { "incomplete", "responses", 6, "2026-06-03",
    "No answer to the required question “csat”" },
  { "straight-lining", "responses", 7, "2026-06-04",
    "The same answer, 4, to all 4 rating questions" },
  { "straight-lining", "responses", 13, "2026-06-05",
    "The same answer, 5, to all 4 rating questions" },
  { "speeder", "responses", 4, "2026-06-01",
    "Completed in 10 seconds, under the minimum of 30 seconds" },
  { "speeder", "responses", 8, "2026-06-04",
    "Completed in 12.5 seconds, under the minimum of 30 seconds" },
  { "impossible-date", "responses", 10, "2025-12-31",
    "Dated 2025-12-31, before the earliest possible date (2026-01-01)" },
  { "impossible-date", "responses", 18, "2026-02-30",
    "“2026-02-30” is not a date" },
  { "impossible-date", "complaints", 2, "2026-06-10",
    "Resolved on 2026-06-05, before it was received on 2026-06-10" },
  { "impossible-date", "complaints", 4, "2026-06-10",
    "First replied to on 2026-06-09, before it was received on 2026-06-10" },
  { "impossible-date", "complaints", 3, "2026-07-10",
    "Dated 2026-07-10, after today (2026-06-30); "
    "Resolved on 2026-07-01, before it was received on 2026-07-10" },
  { "impossible-date", "responses", 9, "2026-07-15",
    "Dated 2026-07-15, after today (2026-06-30)" },
  { "impossible-date", "observations", 5, "2026-08-01",
    "Dated 2026-08-01, after today (2026-06-30)" },
  { "scorecard-misfit", "observations", 2, "2026-06-03",
    "“Greeted the customer” marked N/A, which this criterion does not allow" },
  { "scorecard-misfit", "observations", 3, "2026-06-04",
    "“Checked the history” scored 0.75 (allowed: 0, 0.5 or 1); "
    "“Explained the bill” scored 6 (allowed: 1 to 5)" },
  { "scorecard-misfit", "observations", 4, "2026-06-05",
    "A score for “Spelling and grammar”, which is not on this observation’s scorecard" },
  { "scorecard-misfit", "observations", 7, "2026-06-07",
    "“Followed the data protection policy” scored 2 (allowed: 0 or 1)" },
};

/* Flags per rule, in PlRule order. */
static const guint expected_per_rule[PL_N_RULES] = { 1, 1, 2, 1, 2, 2, 7, 4 };

typedef struct
{
  char *dir;
  char *path;
  PlWorkspace *ws;
  PlValidateSettings settings;
  GPtrArray *changed;
} Fixture;

static void
changed_cb (PlWorkspace *ws,
            const char  *table,
            Fixture     *f)
{
  g_ptr_array_add (f->changed, g_strdup (table));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("plumbline-validate-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.plumbline", NULL);
  f->ws = pl_workspace_create (f->path, "Test", &error);
  g_assert_no_error (error);
  pl_workspace_exec (f->ws, fixture_sql, &error);
  g_assert_no_error (error);

  pl_validate_settings_init (&f->settings);
  f->settings.today = g_strdup (TODAY);
  f->settings.earliest_date = g_strdup (EARLIEST);

  f->changed = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->ws, "changed", G_CALLBACK (changed_cb), f);
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
  pl_validate_settings_clear (&f->settings);
  g_ptr_array_unref (f->changed);
}

static void
run_validation (Fixture           *f,
                PlValidateSummary *summary)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pl_validate_run (f->ws, &f->settings, NULL, summary, &error));
  g_assert_no_error (error);
}

/* The id of the flag of @rule on a record, 0 when there is none. */
static gint64
flag_id (Fixture    *f,
         const char *rule,
         const char *entity,
         gint64      entity_id)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT coalesce ((SELECT id FROM validation_flags"
                     " WHERE rule = '%s' AND entity = '%s' AND entity_id = %" G_GINT64_FORMAT "), 0)",
                     rule, entity, entity_id);

  return pl_test_query_int (f->ws, sql);
}

static void
assert_status (Fixture    *f,
               gint64      id,
               const char *status)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status FROM validation_flags WHERE id = %"
                                          G_GINT64_FORMAT, id);
  g_autofree char *actual = pl_test_query_text (f->ws, sql);

  g_assert_cmpstr (actual, ==, status);
}

static gint64
record_excluded (Fixture    *f,
                 const char *table,
                 gint64      id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT excluded FROM %s WHERE id = %" G_GINT64_FORMAT,
                                          table, id);

  return pl_test_query_int (f->ws, sql);
}

static char *
record_reason (Fixture    *f,
               const char *table,
               gint64      id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT exclusion_reason FROM %s WHERE id = %"
                                          G_GINT64_FORMAT, table, id);

  return pl_test_query_text (f->ws, sql);
}

/* The CSAT top-box KPI (4 or 5 out of 5) for June 2026. */
static double
june_top_box (Fixture *f,
              gint64  *n)
{
  g_autoptr(PlKpi) kpi = pl_kpi_new ();
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;

  pl_kpi_set_name (kpi, "CSAT top box");
  pl_kpi_set_source (kpi, PL_KPI_SOURCE_SURVEY);
  pl_kpi_set_calc (kpi, PL_KPI_CALC_TOP_BOX);
  pl_kpi_set_question_id (kpi, 1);
  pl_kpi_set_top_box_min (kpi, 4);
  pl_kpi_set_period (kpi, PL_PERIOD_MONTH);

  points = pl_kpi_compute (kpi, f->ws, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < points->len; i++)
    {
      const PlKpiPoint *point = &g_array_index (points, PlKpiPoint, i);

      if (g_str_equal (point->period_start, "2026-06-01"))
        {
          *n = point->n;
          return point->value;
        }
    }

  g_assert_not_reached ();
}

static void
assert_changed (Fixture     *f,
                const char **tables)
{
  guint n = g_strv_length ((char **) tables);

  g_assert_cmpuint (f->changed->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (f->changed, i), ==, tables[i]);
  g_ptr_array_set_size (f->changed, 0);
}

static void
test_rule_info (void)
{
  for (guint i = 0; i < PL_N_RULES; i++)
    {
      const PlRuleInfo *info = pl_rule_info (i);
      PlRule rule;

      g_assert_nonnull (info);
      g_assert_cmpint (info->rule, ==, i);
      g_assert_true (pl_rule_from_id (info->id, &rule));
      g_assert_cmpint (rule, ==, i);
      g_assert_cmpuint (strlen (info->name), >, 5);
      /* Two or three sentences a manager can read. */
      g_assert_cmpuint (strlen (info->explanation), >, 80);
      g_assert_nonnull (strchr (info->explanation, '.'));
    }

  g_assert_cmpstr (pl_rule_info (PL_RULE_SCORECARD_MISFIT)->id, ==, "scorecard-misfit");
  g_assert_cmpstr (pl_rule_info (PL_RULE_DUPLICATE_ID)->id, ==, "duplicate-id");
  g_assert_false (pl_rule_from_id ("no-such-rule", NULL));
  g_assert_false (pl_rule_from_id ("", NULL));
}

static void
test_settings (void)
{
  PlValidateSettings settings;

  pl_validate_settings_init (&settings);
  g_assert_cmpuint (settings.straight_lining_min_questions, ==, 4);
  g_assert_cmpfloat (settings.speeder_min_seconds, ==, 30);
  g_assert_null (settings.earliest_date);
  g_assert_null (settings.today);
  settings.today = g_strdup ("2026-01-01");
  pl_validate_settings_clear (&settings);
  g_assert_null (settings.today);
}

static void
assert_expected_flags (Fixture *f)
{
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GError) error = NULL;

  flags = pl_validate_list_flags (f->ws, -1, NULL, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < flags->len; i++)
    {
      const PlValidationFlag *flag = g_ptr_array_index (flags, i);

      g_test_message ("%s %s %" G_GINT64_FORMAT " %s: %s", pl_rule_info (flag->rule)->id,
                      flag->entity, flag->entity_id, flag->record_date, flag->detail);
    }
  g_assert_cmpuint (flags->len, ==, G_N_ELEMENTS (expected_flags));

  for (guint i = 0; i < flags->len; i++)
    {
      const PlValidationFlag *flag = g_ptr_array_index (flags, i);
      const ExpectedFlag *want = &expected_flags[i];

      g_assert_cmpstr (pl_rule_info (flag->rule)->id, ==, want->rule);
      g_assert_cmpstr (flag->entity, ==, want->entity);
      g_assert_cmpint (flag->entity_id, ==, want->entity_id);
      g_assert_cmpstr (flag->record_date, ==, want->record_date);
      g_assert_cmpstr (flag->detail, ==, want->detail);
      g_assert_cmpstr (flag->status, ==, "flagged");
    }
}

static void
test_findings (Fixture       *f,
               gconstpointer  data)
{
  PlValidateSummary summary;
  g_autofree char *settings_json = NULL;

  run_validation (f, &summary);
  assert_expected_flags (f);

  g_assert_cmpint (summary.run_id, ==, 1);
  for (guint i = 0; i < PL_N_RULES; i++)
    {
      g_assert_cmpuint (summary.counts[i].flagged, ==, expected_per_rule[i]);
      g_assert_cmpuint (summary.counts[i].undecided, ==, expected_per_rule[i]);
      g_assert_cmpuint (summary.counts[i].excluded, ==, 0);
      g_assert_cmpuint (summary.counts[i].kept, ==, 0);
    }

  /* 18 responses, 8 observations, 6 complaints, one of each in the trash;
   * nothing is excluded until someone decides. */
  g_assert_cmpuint (summary.responses_total, ==, 17);
  g_assert_cmpuint (summary.responses_usable, ==, 17);
  g_assert_cmpuint (summary.observations_total, ==, 7);
  g_assert_cmpuint (summary.observations_usable, ==, 7);
  g_assert_cmpuint (summary.complaints_total, ==, 5);
  g_assert_cmpuint (summary.complaints_usable, ==, 5);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM responses WHERE excluded"), ==, 0);

  /* The run is recorded with the thresholds it used; running emits nothing. */
  settings_json = pl_test_query_text (f->ws, "SELECT settings FROM validation_runs WHERE id = 1");
  g_assert_nonnull (strstr (settings_json, "\"today\":\"2026-06-30\""));
  g_assert_nonnull (strstr (settings_json, "\"straight_lining_min_questions\":4"));
  g_assert_nonnull (strstr (settings_json, "\"earliest_date\":\"2026-01-01\""));
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM validation_flags WHERE run_id = 1"),
                   ==, G_N_ELEMENTS (expected_flags));
  g_assert_cmpuint (f->changed->len, ==, 0);
}

static void
test_list_filters (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) speeders = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) excluded = NULL;
  g_autoptr(GError) error = NULL;
  PlValidateSummary summary;

  run_validation (f, &summary);

  speeders = pl_validate_list_flags (f->ws, PL_RULE_SPEEDER, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (speeders->len, ==, 2);
  g_assert_cmpint (((PlValidationFlag *) speeders->pdata[0])->entity_id, ==, 4);
  g_assert_cmpint (((PlValidationFlag *) speeders->pdata[1])->entity_id, ==, 8);

  first = pl_validate_list_flags (f->ws, -1, "flagged", 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 3);
  g_assert_cmpint (((PlValidationFlag *) first->pdata[2])->rule, ==, PL_RULE_OUT_OF_RANGE);

  excluded = pl_validate_list_flags (f->ws, -1, "excluded", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (excluded->len, ==, 0);
}

static void
test_rerun (Fixture       *f,
            gconstpointer  data)
{
  PlValidateSummary summary;
  gint64 speeder_flag;

  run_validation (f, &summary);
  speeder_flag = flag_id (f, "speeder", "responses", 8);
  g_assert_cmpint (speeder_flag, >, 0);
  g_assert_true (pl_validate_keep (f->ws, speeder_flag, NULL));

  run_validation (f, &summary);
  g_assert_cmpint (summary.run_id, ==, 2);
  /* Nothing new: the same flags, first found by run 1, the decision kept. */
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM validation_flags"),
                   ==, G_N_ELEMENTS (expected_flags));
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM validation_flags WHERE run_id <> 1"),
                   ==, 0);
  g_assert_cmpint (flag_id (f, "speeder", "responses", 8), ==, speeder_flag);
  assert_status (f, speeder_flag, "kept");
  g_assert_cmpuint (summary.counts[PL_RULE_SPEEDER].flagged, ==, 2);
  g_assert_cmpuint (summary.counts[PL_RULE_SPEEDER].kept, ==, 1);
  g_assert_cmpuint (summary.counts[PL_RULE_SPEEDER].undecided, ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM validation_runs"), ==, 2);
}

static void
test_fix_and_rerun (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PlResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *kept_detail = NULL;
  PlValidateSummary summary;
  gint64 range_flag, lining_flag;

  run_validation (f, &summary);
  range_flag = flag_id (f, "out-of-range", "responses", 5);
  lining_flag = flag_id (f, "straight-lining", "responses", 7);
  g_assert_cmpint (flag_id (f, "out-of-range", "responses", 12), >, 0);
  g_assert_cmpint (flag_id (f, "incomplete", "responses", 6), >, 0);

  /* Response 12: corrected through the entry form's code path. */
  response = pl_response_load (f->ws, 12, &error);
  g_assert_no_error (error);
  pl_response_set_answer (response, 4, 2);
  g_assert_true (pl_response_save (response, f->ws, &error));
  g_assert_no_error (error);

  /* Response 6 gets its CSAT answer; response 5 one of its three fixes. */
  pl_test_exec (f->ws, "UPDATE answers SET value_num = 4 WHERE response_id = 6 AND question_id = 1;"
                       "UPDATE answers SET value_num = 3 WHERE response_id = 5 AND question_id = 1;");

  /* Response 7 was excluded before it was corrected: the decision stands. */
  g_assert_true (pl_validate_exclude (f->ws, lining_flag, &error));
  g_assert_no_error (error);
  pl_test_exec (f->ws, "UPDATE answers SET value_num = 9 WHERE response_id = 7 AND question_id = 2");

  run_validation (f, &summary);
  g_assert_cmpint (flag_id (f, "out-of-range", "responses", 12), ==, 0);
  g_assert_cmpint (flag_id (f, "incomplete", "responses", 6), ==, 0);
  g_assert_cmpint (flag_id (f, "out-of-range", "responses", 5), ==, range_flag);
  detail = pl_test_query_text (f->ws, "SELECT detail FROM validation_flags WHERE rule = 'out-of-range'"
                                      " AND entity_id = 5");
  g_assert_cmpstr (detail, ==,
                   "Answer 11 to “nps” is not on its scale of 0 to 10; "
                   "Answer 2 to “resolved” is neither yes (1) nor no (0)");

  g_assert_cmpint (flag_id (f, "straight-lining", "responses", 7), ==, lining_flag);
  assert_status (f, lining_flag, "excluded");
  kept_detail = pl_test_query_text (f->ws, "SELECT detail FROM validation_flags WHERE rule = 'straight-lining'"
                                           " AND entity_id = 7");
  g_assert_cmpstr (kept_detail, ==, "The same answer, 4, to all 4 rating questions");
  g_assert_cmpint (record_excluded (f, "responses", 7), ==, 1);

  g_assert_cmpuint (summary.counts[PL_RULE_OUT_OF_RANGE].flagged, ==, 1);
  g_assert_cmpuint (summary.counts[PL_RULE_INCOMPLETE].flagged, ==, 0);
  g_assert_cmpuint (summary.counts[PL_RULE_STRAIGHT_LINING].flagged, ==, 2);
  g_assert_cmpuint (summary.counts[PL_RULE_STRAIGHT_LINING].excluded, ==, 1);
  g_assert_cmpuint (summary.counts[PL_RULE_STRAIGHT_LINING].undecided, ==, 1);
  g_assert_cmpuint (summary.responses_usable, ==, 16);
}

static void
test_exclude_keep (Fixture       *f,
                   gconstpointer  data)
{
  const char *response_tables[] = { "responses", "validation", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *audit_keep = NULL;
  PlValidateSummary summary;
  gint64 duplicate, n;
  double value;

  run_validation (f, &summary);

  /* June's CSAT answers: 4 5 3 2 7 4 5 3 5 4 4 4: nine of twelve are 4 or more. */
  value = june_top_box (f, &n);
  g_assert_cmpint (n, ==, 12);
  g_assert_cmpfloat_with_epsilon (value, 75.0, 1e-9);

  duplicate = flag_id (f, "duplicate-id", "responses", 3);
  g_assert_true (pl_validate_exclude (f->ws, duplicate, &error));
  g_assert_no_error (error);
  assert_changed (f, response_tables);
  assert_status (f, duplicate, "excluded");
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT decided_at IS NOT NULL FROM validation_flags"
                                             " WHERE rule = 'duplicate-id'"), ==, 1);
  g_assert_cmpint (record_excluded (f, "responses", 3), ==, 1);
  reason = record_reason (f, "responses", 3);
  g_assert_cmpstr (reason, ==,
                   "Duplicate response ids: Same response id “R-1” as response 1 (entered 2026-06-01)");
  audit = pl_test_query_text (f->ws, "SELECT action || '|' || entity || '|' || entity_id || '|' || detail"
                                     "  FROM audit_log ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (audit, ==,
                   "exclude|response|3|Duplicate response ids: "
                   "Same response id “R-1” as response 1 (entered 2026-06-01)");

  /* Response 3's CSAT 3 leaves: nine of eleven. */
  value = june_top_box (f, &n);
  g_assert_cmpint (n, ==, 11);
  g_assert_cmpfloat_with_epsilon (value, 900.0 / 11.0, 1e-9);

  g_assert_true (pl_validate_summarise (f->ws, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.responses_usable, ==, 16);
  g_assert_cmpuint (summary.responses_total, ==, 17);
  g_assert_cmpuint (summary.counts[PL_RULE_DUPLICATE_ID].excluded, ==, 1);
  g_assert_cmpuint (summary.counts[PL_RULE_DUPLICATE_ID].undecided, ==, 0);

  /* A new run keeps the exclusion. */
  run_validation (f, &summary);
  assert_status (f, duplicate, "excluded");
  g_assert_cmpint (record_excluded (f, "responses", 3), ==, 1);
  g_assert_cmpuint (summary.responses_usable, ==, 16);

  g_assert_true (pl_validate_keep (f->ws, duplicate, &error));
  g_assert_no_error (error);
  assert_changed (f, response_tables);
  assert_status (f, duplicate, "kept");
  g_assert_cmpint (record_excluded (f, "responses", 3), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT exclusion_reason IS NULL FROM responses WHERE id = 3"),
                   ==, 1);
  audit_keep = pl_test_query_text (f->ws, "SELECT action || '|' || entity_id FROM audit_log"
                                          " ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (audit_keep, ==, "keep|3");

  value = june_top_box (f, &n);
  g_assert_cmpint (n, ==, 12);
  g_assert_cmpfloat_with_epsilon (value, 75.0, 1e-9);
  g_assert_true (pl_validate_summarise (f->ws, &summary, &error));
  g_assert_cmpuint (summary.responses_usable, ==, 17);
  g_assert_cmpuint (summary.counts[PL_RULE_DUPLICATE_ID].kept, ==, 1);

  /* A mind can change again; deciding what is already decided changes nothing. */
  g_assert_true (pl_validate_exclude (f->ws, duplicate, &error));
  g_assert_true (pl_validate_exclude (f->ws, duplicate, &error));
  g_assert_no_error (error);
  assert_changed (f, response_tables);
  g_assert_cmpint (record_excluded (f, "responses", 3), ==, 1);
}

static void
test_two_flags_one_record (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *both = NULL;
  g_autofree char *one = NULL;
  PlValidateSummary summary;
  gint64 respondent, speeder, n;

  run_validation (f, &summary);
  respondent = flag_id (f, "duplicate-respondent", "responses", 4);
  speeder = flag_id (f, "speeder", "responses", 4);

  g_assert_true (pl_validate_exclude (f->ws, respondent, &error));
  g_assert_true (pl_validate_exclude (f->ws, speeder, &error));
  g_assert_no_error (error);
  both = record_reason (f, "responses", 4);
  g_assert_cmpstr (both, ==,
                   "Same respondent, same day: Same respondent as response 1, same survey, same day "
                   "(2026-06-01); Completed too quickly: Completed in 10 seconds, under the minimum "
                   "of 30 seconds");
  g_assert_cmpfloat_with_epsilon (june_top_box (f, &n), 900.0 / 11.0, 1e-9);

  /* Kept for one reason, still excluded for the other. */
  g_assert_true (pl_validate_keep (f->ws, respondent, &error));
  g_assert_no_error (error);
  g_assert_cmpint (record_excluded (f, "responses", 4), ==, 1);
  one = record_reason (f, "responses", 4);
  g_assert_cmpstr (one, ==,
                   "Completed too quickly: Completed in 10 seconds, under the minimum of 30 seconds");

  g_assert_true (pl_validate_keep (f->ws, speeder, &error));
  g_assert_no_error (error);
  g_assert_cmpint (record_excluded (f, "responses", 4), ==, 0);
  g_assert_cmpfloat_with_epsilon (june_top_box (f, &n), 75.0, 1e-9);
}

static void
test_exclude_all (Fixture       *f,
                  gconstpointer  data)
{
  const char *response_tables[] = { "responses", "validation", NULL };
  const char *date_tables[] = { "responses", "observations", "complaints", "validation", NULL };
  g_autoptr(GError) error = NULL;
  PlValidateSummary summary;
  gint64 n;

  run_validation (f, &summary);

  g_assert_true (pl_validate_exclude_all (f->ws, PL_RULE_STRAIGHT_LINING, &error));
  g_assert_no_error (error);
  assert_changed (f, response_tables);
  g_assert_cmpint (record_excluded (f, "responses", 7), ==, 1);
  g_assert_cmpint (record_excluded (f, "responses", 13), ==, 1);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM responses WHERE excluded"), ==, 2);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM audit_log WHERE action = 'exclude'"),
                   ==, 2);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM audit_log WHERE action = 'exclude'"
                                             " AND entity = 'response' AND entity_id IN (7, 13)"
                                             " AND detail LIKE 'Same answer to every rating: The same answer, _, to all 4 rating questions'"),
                   ==, 2);

  /* June without 7 (4) and 13 (5): 4 5 3 2 7 5 3 4 4 4, seven of ten. */
  g_assert_cmpfloat_with_epsilon (june_top_box (f, &n), 70.0, 1e-9);
  g_assert_cmpint (n, ==, 10);

  g_assert_true (pl_validate_summarise (f->ws, &summary, &error));
  g_assert_cmpuint (summary.counts[PL_RULE_STRAIGHT_LINING].excluded, ==, 2);
  g_assert_cmpuint (summary.counts[PL_RULE_STRAIGHT_LINING].undecided, ==, 0);
  g_assert_cmpuint (summary.counts[PL_RULE_SPEEDER].undecided, ==, 2);
  g_assert_cmpuint (summary.responses_usable, ==, 15);

  /* Nothing left to decide: no change, no signal. */
  g_assert_true (pl_validate_exclude_all (f->ws, PL_RULE_STRAIGHT_LINING, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changed->len, ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM audit_log WHERE action = 'exclude'"),
                   ==, 2);

  /* A rule over three kinds of record. */
  g_assert_true (pl_validate_exclude_all (f->ws, PL_RULE_IMPOSSIBLE_DATE, &error));
  g_assert_no_error (error);
  assert_changed (f, date_tables);
  {
    g_autofree char *complaints = pl_test_query_text (f->ws, "SELECT group_concat (id) FROM"
                                                             " (SELECT id FROM complaints WHERE excluded ORDER BY id)");
    g_autofree char *observations = pl_test_query_text (f->ws, "SELECT group_concat (id) FROM"
                                                               " (SELECT id FROM observations WHERE excluded ORDER BY id)");
    g_autofree char *responses = pl_test_query_text (f->ws, "SELECT group_concat (id) FROM"
                                                            " (SELECT id FROM responses WHERE excluded ORDER BY id)");

    g_assert_cmpstr (complaints, ==, "2,3,4");
    g_assert_cmpstr (observations, ==, "5");
    g_assert_cmpstr (responses, ==, "7,9,10,13,18");
  }

  g_assert_true (pl_validate_summarise (f->ws, &summary, &error));
  g_assert_cmpuint (summary.complaints_usable, ==, 2);
  g_assert_cmpuint (summary.complaints_total, ==, 5);
  g_assert_cmpuint (summary.observations_usable, ==, 6);
  g_assert_cmpuint (summary.responses_usable, ==, 12);
  g_assert_cmpuint (summary.counts[PL_RULE_IMPOSSIBLE_DATE].excluded, ==, 7);
}

/* The mean observation score on the "Call quality" scorecard in June. */
static double
june_quality_score (Fixture *f)
{
  g_autoptr(PlKpi) kpi = pl_kpi_new ();
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;

  pl_kpi_set_name (kpi, "QA score");
  pl_kpi_set_source (kpi, PL_KPI_SOURCE_SCORECARD);
  pl_kpi_set_calc (kpi, PL_KPI_CALC_SCORE);
  pl_kpi_set_scorecard_id (kpi, 1);
  pl_kpi_set_period (kpi, PL_PERIOD_MONTH);

  points = pl_kpi_compute (kpi, f->ws, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < points->len; i++)
    if (g_str_equal (g_array_index (points, PlKpiPoint, i).period_start, "2026-06-01"))
      return g_array_index (points, PlKpiPoint, i).value;

  g_assert_not_reached ();
}

static void
test_observations (Fixture       *f,
                   gconstpointer  data)
{
  const char *observation_tables[] = { "observations", "validation", NULL };
  g_autoptr(GPtrArray) misfits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  PlValidateSummary summary;
  gint64 flag;

  run_validation (f, &summary);
  misfits = pl_validate_list_flags (f->ws, PL_RULE_SCORECARD_MISFIT, "flagged", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (misfits->len, ==, 4);
  for (guint i = 0; i < misfits->len; i++)
    g_assert_cmpstr (((PlValidationFlag *) misfits->pdata[i])->entity, ==, "observations");

  /* Scores 80 90 70 100 60 in June: 80; without observation 3: 82.5. */
  g_assert_cmpfloat_with_epsilon (june_quality_score (f), 80.0, 1e-9);

  flag = flag_id (f, "scorecard-misfit", "observations", 3);
  g_assert_true (pl_validate_exclude (f->ws, flag, &error));
  g_assert_no_error (error);
  assert_changed (f, observation_tables);
  g_assert_cmpint (record_excluded (f, "observations", 3), ==, 1);
  reason = record_reason (f, "observations", 3);
  g_assert_cmpstr (reason, ==,
                   "Scores that do not fit the scorecard: “Checked the history” scored 0.75 "
                   "(allowed: 0, 0.5 or 1); “Explained the bill” scored 6 (allowed: 1 to 5)");
  g_assert_cmpfloat_with_epsilon (june_quality_score (f), 82.5, 1e-9);
  g_assert_true (pl_validate_summarise (f->ws, &summary, &error));
  g_assert_cmpuint (summary.observations_usable, ==, 6);
  g_assert_cmpuint (summary.observations_total, ==, 7);

  g_assert_true (pl_validate_keep (f->ws, flag, &error));
  g_assert_no_error (error);
  assert_changed (f, observation_tables);
  g_assert_cmpint (record_excluded (f, "observations", 3), ==, 0);
  g_assert_cmpfloat_with_epsilon (june_quality_score (f), 80.0, 1e-9);

  /* Scoring observation 2's greeting fixes it; scoring observation 4 on its
   * own scorecard's criteria only fixes that one. */
  pl_test_exec (f->ws, "UPDATE observation_scores SET value = 1 WHERE observation_id = 2 AND criterion_id = 1;"
                       "DELETE FROM observation_scores WHERE observation_id = 4 AND criterion_id = 5;");
  run_validation (f, &summary);
  g_assert_cmpint (flag_id (f, "scorecard-misfit", "observations", 2), ==, 0);
  g_assert_cmpint (flag_id (f, "scorecard-misfit", "observations", 4), ==, 0);
  g_assert_cmpuint (summary.counts[PL_RULE_SCORECARD_MISFIT].flagged, ==, 2);
  g_assert_cmpuint (summary.counts[PL_RULE_SCORECARD_MISFIT].kept, ==, 1);
}

static void
test_complaints (Fixture       *f,
                 gconstpointer  data)
{
  const char *complaint_tables[] = { "complaints", "validation", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  PlValidateSummary summary;
  gint64 flag;

  run_validation (f, &summary);
  flag = flag_id (f, "impossible-date", "complaints", 2);
  g_assert_cmpint (flag, >, 0);
  /* The complaint in the trash was resolved before it was received, too. */
  g_assert_cmpint (flag_id (f, "impossible-date", "complaints", 6), ==, 0);
  g_assert_cmpint (flag_id (f, "impossible-date", "complaints", 1), ==, 0);
  g_assert_cmpint (flag_id (f, "impossible-date", "complaints", 5), ==, 0);

  g_assert_true (pl_validate_exclude (f->ws, flag, &error));
  g_assert_no_error (error);
  assert_changed (f, complaint_tables);
  g_assert_cmpint (record_excluded (f, "complaints", 2), ==, 1);
  reason = record_reason (f, "complaints", 2);
  g_assert_cmpstr (reason, ==, "Impossible dates: Resolved on 2026-06-05, before it was received on 2026-06-10");
  g_assert_true (pl_validate_summarise (f->ws, &summary, &error));
  g_assert_cmpuint (summary.complaints_usable, ==, 4);

  /* Corrected dates: the decided flag stays, an undecided one goes. */
  pl_test_exec (f->ws, "UPDATE complaints SET resolved_on = '2026-06-12' WHERE id = 2;"
                       "UPDATE complaints SET responded_on = '2026-06-10' WHERE id = 4;");
  run_validation (f, &summary);
  assert_status (f, flag, "excluded");
  g_assert_cmpint (flag_id (f, "impossible-date", "complaints", 4), ==, 0);
  g_assert_cmpuint (summary.complaints_usable, ==, 4);
}

static void
test_trash (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GError) error = NULL;
  PlValidateSummary summary;
  gint64 future;

  run_validation (f, &summary);
  future = flag_id (f, "impossible-date", "responses", 9);
  g_assert_true (pl_validate_exclude (f->ws, future, &error));
  g_assert_no_error (error);

  g_assert_true (pl_response_trash (f->ws, 8, &error));
  g_assert_true (pl_response_trash (f->ws, 9, &error));
  g_assert_no_error (error);

  /* In the trash, a record's flags do not count, whatever their state. */
  g_assert_true (pl_validate_summarise (f->ws, &summary, &error));
  g_assert_cmpuint (summary.counts[PL_RULE_SPEEDER].flagged, ==, 1);
  g_assert_cmpuint (summary.counts[PL_RULE_IMPOSSIBLE_DATE].flagged, ==, 6);
  g_assert_cmpuint (summary.counts[PL_RULE_IMPOSSIBLE_DATE].excluded, ==, 0);
  g_assert_cmpuint (summary.responses_total, ==, 15);
  flags = pl_validate_list_flags (f->ws, -1, NULL, 0, &error);
  g_assert_cmpuint (flags->len, ==, G_N_ELEMENTS (expected_flags) - 2);

  /* A new run drops the undecided flag and keeps the decision. */
  run_validation (f, &summary);
  g_assert_cmpint (flag_id (f, "speeder", "responses", 8), ==, 0);
  g_assert_cmpint (flag_id (f, "impossible-date", "responses", 9), ==, future);

  g_assert_true (pl_response_restore (f->ws, 9, &error));
  g_assert_no_error (error);
  g_assert_true (pl_validate_summarise (f->ws, &summary, &error));
  g_assert_cmpuint (summary.counts[PL_RULE_IMPOSSIBLE_DATE].excluded, ==, 1);
  g_assert_cmpint (record_excluded (f, "responses", 9), ==, 1);
}

static void
test_thresholds (Fixture       *f,
                 gconstpointer  data)
{
  PlValidateSummary summary;
  g_autofree char *detail = NULL;

  run_validation (f, &summary);

  f->settings.speeder_min_seconds = 11;
  f->settings.straight_lining_min_questions = 5;
  g_clear_pointer (&f->settings.earliest_date, g_free);
  run_validation (f, &summary);

  g_assert_cmpuint (summary.counts[PL_RULE_SPEEDER].flagged, ==, 1);
  g_assert_cmpint (flag_id (f, "speeder", "responses", 4), >, 0);
  detail = pl_test_query_text (f->ws, "SELECT detail FROM validation_flags WHERE rule = 'speeder'");
  g_assert_cmpstr (detail, ==, "Completed in 10 seconds, under the minimum of 11 seconds");
  /* Only four rating questions: nobody can straight-line five. */
  g_assert_cmpuint (summary.counts[PL_RULE_STRAIGHT_LINING].flagged, ==, 0);
  /* No lower bound: the response of 2025-12-31 is fine. */
  g_assert_cmpint (flag_id (f, "impossible-date", "responses", 10), ==, 0);
  g_assert_cmpuint (summary.counts[PL_RULE_IMPOSSIBLE_DATE].flagged, ==, 6);

  f->settings.straight_lining_min_questions = 2;
  run_validation (f, &summary);
  g_assert_cmpuint (summary.counts[PL_RULE_STRAIGHT_LINING].flagged, ==, 2);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PlValidateSummary summary;
  PlValidateSettings settings;
  GError *error = NULL;

  pl_validate_settings_init (&settings);

  settings.today = g_strdup ("2026-13-01");
  g_assert_false (pl_validate_run (f->ws, &settings, NULL, &summary, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-13-01"));
  g_clear_error (&error);
  g_clear_pointer (&settings.today, g_free);

  settings.earliest_date = g_strdup ("last year");
  g_assert_false (pl_validate_run (f->ws, &settings, NULL, &summary, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&settings.earliest_date, g_free);

  settings.straight_lining_min_questions = 1;
  g_assert_false (pl_validate_run (f->ws, &settings, NULL, &summary, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  settings.straight_lining_min_questions = 4;

  settings.speeder_min_seconds = -1;
  g_assert_false (pl_validate_run (f->ws, &settings, NULL, &summary, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  settings.speeder_min_seconds = 30;

  /* Cancelled: nothing recorded at all. */
  g_cancellable_cancel (cancellable);
  g_assert_false (pl_validate_run (f->ws, &f->settings, cancellable, &summary, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM validation_runs"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM validation_flags"), ==, 0);

  g_assert_false (pl_validate_exclude (f->ws, 999, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pl_validate_keep (f->ws, 999, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM audit_log WHERE action IN ('exclude', 'keep')"),
                   ==, 0);
  g_assert_cmpuint (f->changed->len, ==, 0);

  /* Without settings: the defaults and the real today. */
  g_assert_true (pl_validate_run (f->ws, NULL, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary.run_id, >, 0);
  g_assert_cmpuint (summary.counts[PL_RULE_DUPLICATE_ID].flagged, ==, 1);

  pl_validate_settings_clear (&settings);
}

/* Enough extra responses that a run takes a while: the saves below then
 * land while the worker's transaction is open. */
static const char bulk_sql[] =
  "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
  " INSERT INTO responses (id, survey_id, external_ref, respondent_ref, responded_on, duration_s,"
  "                        created_at, updated_at)"
  " SELECT 1000 + i, 1, 'B-' || i, 'bulk-' || i, '2026-05-' || printf ('%02d', 1 + i % 28), 60,"
  "        '2026-05-01T09:00:00Z', '2026-05-01T09:00:00Z' FROM n;"
  "INSERT INTO answers (response_id, question_id, value_num)"
  " SELECT id, 1, 1 + id % 5 FROM responses WHERE id > 1000;"
  "INSERT INTO answers (response_id, question_id, value_num)"
  " SELECT id, 2, id % 11 FROM responses WHERE id > 1000;";

typedef struct
{
  PlWorkspace        *ws;
  PlValidateSettings *settings;
  guint               n_runs;
  gint                running;     /* atomic */
  gint                done;        /* atomic */
  guint               n_ok;
  GError             *error;
} WorkerRun;

static gpointer
validate_worker (gpointer data)
{
  WorkerRun *run = data;

  for (guint i = 0; i < run->n_runs && run->error == NULL; i++)
    {
      PlValidateSummary summary;

      g_atomic_int_set (&run->running, 1);
      if (pl_validate_run (run->ws, run->settings, NULL, &summary, &run->error))
        run->n_ok++;
    }

  g_atomic_int_set (&run->done, 1);
  return NULL;
}

static void
save_response (Fixture    *f,
               const char *day)
{
  g_autoptr(PlResponse) response = pl_response_new (1);
  g_autoptr(GError) error = NULL;

  pl_response_set_responded_on (response, day);
  pl_response_set_answer (response, 1, 4);
  pl_response_set_answer (response, 2, 9);
  g_assert_true (pl_response_save (response, f->ws, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pl_response_get_id (response), >, 0);
}

/* A run in a worker thread works on a connection of its own: the main
 * thread's saves on the workspace's connection go through meanwhile
 * (before, they failed with "cannot start a transaction within a
 * transaction"), and the main connection is left with no transaction. */
static void
test_own_connection (Fixture       *f,
                     gconstpointer  data)
{
  WorkerRun run = { f->ws, &f->settings, 3, 0, 0, 0, NULL };
  g_autoptr(GThread) thread = NULL;
  PlValidateSummary summary;
  gint64 before;
  guint saves = 0;

  pl_test_exec (f->ws, bulk_sql);
  before = pl_test_query_int (f->ws, "SELECT count (*) FROM responses WHERE trashed_at IS NULL");

  thread = g_thread_new ("validate", validate_worker, &run);
  while (!g_atomic_int_get (&run.running))
    g_usleep (1000);

  /* At least five saves, and more for as long as the worker runs. */
  while (saves < 5 || (!g_atomic_int_get (&run.done) && saves < 200))
    {
      save_response (f, "2026-06-20");
      g_assert_true (sqlite3_get_autocommit (pl_workspace_get_db (f->ws)));
      saves++;
    }

  g_thread_join (g_steal_pointer (&thread));
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.n_ok, ==, 3);

  g_assert_true (sqlite3_get_autocommit (pl_workspace_get_db (f->ws)));
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM validation_runs"), ==, 3);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM responses"
                                             " WHERE responded_on = '2026-06-20'"), ==, saves);

  /* The saved responses all share one (empty) respondent and are fine;
   * a run now sees every record, and the summary counts them. */
  run_validation (f, &summary);
  g_assert_cmpint (summary.run_id, ==, pl_test_query_int (f->ws, "SELECT max (id) FROM validation_runs"));
  g_assert_cmpuint (summary.responses_total, ==, before + saves);
  g_assert_cmpuint (summary.counts[PL_RULE_DUPLICATE_ID].flagged, ==, 1);
  g_assert_cmpuint (summary.counts[PL_RULE_SPEEDER].flagged, ==, 2);

  /* The main connection still takes transactions of its own. */
  g_assert_true (pl_validate_exclude (f->ws, flag_id (f, "speeder", "responses", 8), NULL));
  g_assert_cmpint (record_excluded (f, "responses", 8), ==, 1);
}

typedef struct
{
  sqlite3 *db;
  guint    delay_ms;
} Release;

static gpointer
release_later (gpointer data)
{
  Release *release = data;

  g_usleep (release->delay_ms * 1000);
  g_assert_cmpint (sqlite3_exec (release->db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  return NULL;
}

/* Another connection holding the write lock: a run waits for it (the
 * busy timeout), and when it is not released in time fails cleanly with
 * PL_ERROR_DATABASE, having written nothing. */
static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  PlValidateSummary summary;
  Release release = { NULL, 300 };
  g_autoptr(GThread) thread = NULL;
  GError *error = NULL;
  gint64 started;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &release.db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);

  /* Released after 300 ms: the run waits, then succeeds. */
  g_assert_cmpint (sqlite3_exec (release.db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  started = g_get_monotonic_time ();
  thread = g_thread_new ("release", release_later, &release);
  g_assert_true (pl_validate_run (f->ws, &f->settings, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 250 * 1000);
  g_thread_join (g_steal_pointer (&thread));
  g_assert_cmpint (summary.run_id, ==, 1);
  g_assert_cmpuint (summary.counts[PL_RULE_IMPOSSIBLE_DATE].flagged, ==, 7);

  /* Held throughout: the run gives up, and nothing of it is left. */
  pl_test_exec (f->ws, "DELETE FROM validation_flags; DELETE FROM validation_runs;");
  g_assert_cmpint (sqlite3_exec (release.db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (pl_validate_run (f->ws, &f->settings, NULL, &summary, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (release.db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_true (sqlite3_get_autocommit (pl_workspace_get_db (f->ws)));
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM validation_runs"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM validation_flags"), ==, 0);
  g_assert_cmpint (pl_test_query_int (f->ws, "SELECT count (*) FROM responses WHERE excluded = 1"), ==, 0);
  g_assert_cmpuint (f->changed->len, ==, 0);

  g_assert_cmpint (sqlite3_close (release.db), ==, SQLITE_OK);

  /* Free again: the next run works. */
  run_validation (f, &summary);
  g_assert_cmpuint (summary.counts[PL_RULE_IMPOSSIBLE_DATE].flagged, ==, 7);
}

/* The demo has no planted bad data. What validation finds in it must be
 * explainable: three customers who had two contacts answered both surveys
 * on the same day (the rule flags them for a person to look at), and with
 * three rating questions nobody can straight-line four. */
static void
test_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) ws = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plumbline-validate-demo-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "demo.plumbline", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  static const gint64 repeat_respondents[] = { 3619, 5437, 6012 };
  PlValidateSettings settings;
  PlValidateSummary summary;
  gint64 started, elapsed;

  g_assert_no_error (error);
  ws = pl_demo_create (path, PL_DEMO_DEFAULT_SEED, NULL, &error);
  g_assert_no_error (error);

  pl_validate_settings_init (&settings);
  settings.today = g_strdup (PL_DEMO_END_DATE);

  started = g_get_monotonic_time ();
  g_assert_true (pl_validate_run (ws, &settings, NULL, &summary, &error));
  elapsed = g_get_monotonic_time () - started;
  g_assert_no_error (error);
  g_test_message ("Validated the demo (%" G_GUINT64_FORMAT " responses) in %.1f ms",
                  summary.responses_total, elapsed / 1000.0);

  for (guint i = 0; i < PL_N_RULES; i++)
    g_assert_cmpuint (summary.counts[i].flagged, ==, i == PL_RULE_DUPLICATE_RESPONDENT ? 3 : 0);
  g_assert_cmpuint (summary.responses_total, ==, 6134);
  g_assert_cmpuint (summary.responses_usable, ==, 6134);
  g_assert_cmpuint (summary.observations_total, ==, 600);
  g_assert_cmpuint (summary.observations_usable, ==, 600);
  g_assert_cmpuint (summary.complaints_total, ==, 256);
  g_assert_cmpuint (summary.complaints_usable, ==, 256);

  flags = pl_validate_list_flags (ws, PL_RULE_DUPLICATE_RESPONDENT, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flags->len, ==, G_N_ELEMENTS (repeat_respondents));
  for (guint i = 0; i < flags->len; i++)
    {
      const PlValidationFlag *flag = g_ptr_array_index (flags, i);
      g_autofree char *sql = NULL;

      g_assert_cmpint (flag->entity_id, ==, repeat_respondents[i]);
      /* Two different contacts of one customer, answered on one day. */
      sql = g_strdup_printf ("SELECT count (DISTINCT b.interaction_id) FROM responses a"
                             "  JOIN responses b ON b.respondent_ref = a.respondent_ref"
                             "   AND b.responded_on = a.responded_on"
                             " WHERE a.id = %" G_GINT64_FORMAT, flag->entity_id);
      g_assert_cmpint (pl_test_query_int (ws, sql), ==, 2);
    }

  /* With three questions as the bar, some customers give one score to all three. */
  settings.straight_lining_min_questions = 3;
  started = g_get_monotonic_time ();
  g_assert_true (pl_validate_run (ws, &settings, NULL, &summary, &error));
  elapsed = g_get_monotonic_time () - started;
  g_assert_no_error (error);
  g_test_message ("Validated the demo again in %.1f ms", elapsed / 1000.0);
  g_assert_cmpuint (summary.counts[PL_RULE_STRAIGHT_LINING].flagged, ==,
                    pl_test_query_int (ws, "SELECT count (*) FROM ("
                                           " SELECT response_id FROM answers WHERE question_id IN (1, 2, 3)"
                                           " GROUP BY response_id"
                                           " HAVING count (*) = 3 AND min (value_num) = max (value_num))"));
  g_assert_cmpuint (summary.counts[PL_RULE_STRAIGHT_LINING].flagged, ==, 19);
  g_assert_cmpuint (summary.counts[PL_RULE_DUPLICATE_RESPONDENT].flagged, ==, 3);

  pl_validate_settings_clear (&settings);
  pl_workspace_close (ws);
  g_clear_object (&ws);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

/* The share shown with one decimal never claims all or none wrongly. */
static void
test_usable_percent (void)
{
  g_assert_cmpfloat (pl_validate_usable_percent (0, 0), ==, 0.0);
  g_assert_cmpfloat (pl_validate_usable_percent (600, 600), ==, 100.0);
  g_assert_cmpfloat (pl_validate_usable_percent (0, 600), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (pl_validate_usable_percent (3, 4), 75.0, 1e-9);
  /* 6,133 of 6,134 is 99.98%: it must not read "100.0%". */
  g_assert_cmpfloat (pl_validate_usable_percent (6133, 6134), ==, 99.9);
  /* 1 of 20,000 is 0.005%: it must not read "0.0%". */
  g_assert_cmpfloat (pl_validate_usable_percent (1, 20000), ==, 0.1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/core/validate/rule-info", test_rule_info);
  g_test_add_func ("/core/validate/settings", test_settings);
  g_test_add_func ("/core/validate/usable-percent", test_usable_percent);
  ADD ("/core/validate/findings", test_findings);
  ADD ("/core/validate/list-filters", test_list_filters);
  ADD ("/core/validate/rerun", test_rerun);
  ADD ("/core/validate/fix-and-rerun", test_fix_and_rerun);
  ADD ("/core/validate/exclude-keep", test_exclude_keep);
  ADD ("/core/validate/two-flags-one-record", test_two_flags_one_record);
  ADD ("/core/validate/exclude-all", test_exclude_all);
  ADD ("/core/validate/observations", test_observations);
  ADD ("/core/validate/complaints", test_complaints);
  ADD ("/core/validate/trash", test_trash);
  ADD ("/core/validate/thresholds", test_thresholds);
  ADD ("/core/validate/errors", test_errors);
  ADD ("/core/validate/own-connection", test_own_connection);
  ADD ("/core/validate/busy", test_busy);
  g_test_add_func ("/core/validate/demo", test_demo);

#undef ADD

  return g_test_run ();
}
