/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "pl-error.h"
#include "pl-survey.h"
#include "pl-util.h"
#include "pl-validate.h"

/* Each rule is one INSERT … SELECT into a temporary table of findings
 * (rule, entity, entity_id, detail). Findings are then merged into
 * validation_flags in one statement, so the cost follows the size of the
 * tables, not the number of findings, and the user's decisions survive
 * every re-run.
 *
 * Rules look at every record that is not in the trash, whether or not it
 * is already excluded: an exclusion is a decision about a finding, and
 * the finding stays true. */

static const PlRuleInfo rule_infos[PL_N_RULES] = {
  { PL_RULE_DUPLICATE_ID, "duplicate-id",
    N_("Duplicate response ids"),
    N_("Two or more responses to the same survey carry the same response id, usually because "
       "an export was imported twice or overlaps an earlier one. The first copy stays in; every "
       "later copy is flagged, so that each customer’s answers count once.") },
  { PL_RULE_DUPLICATE_RESPONDENT, "duplicate-respondent",
    N_("Same respondent, same day"),
    N_("The same customer answered the same survey more than once on the same day. Counting "
       "every copy would give that customer extra weight, so the first response stays in and "
       "the later ones are flagged. Look before excluding: two contacts on one day can be two "
       "genuine experiences.") },
  { PL_RULE_OUT_OF_RANGE, "out-of-range",
    N_("Answers outside the scale"),
    N_("An answer lies outside what its question allows, such as a 7 on a 1 to 5 satisfaction "
       "scale or a yes/no answer that is neither. It is almost always a typing or import mistake, "
       "and it would distort averages and percentages.") },
  { PL_RULE_INCOMPLETE, "incomplete",
    N_("Incomplete responses"),
    N_("A question the survey marks as required has no answer. The response cannot be counted "
       "fairly in the results that depend on that question.") },
  { PL_RULE_STRAIGHT_LINING, "straight-lining",
    N_("Same answer to every rating"),
    N_("The respondent gave exactly the same score to every rating question, which suggests "
       "they clicked through without reading (“straight-lining”). Such responses add noise "
       "rather than opinion; check them before deciding.") },
  { PL_RULE_SPEEDER, "speeder",
    N_("Completed too quickly"),
    N_("The survey tool recorded a completion time shorter than anyone needs to read the "
       "questions. Answers given that fast are unlikely to be a considered opinion.") },
  { PL_RULE_IMPOSSIBLE_DATE, "impossible-date",
    N_("Impossible dates"),
    N_("A date is in the future, earlier than the records can go back, not a real date, or in "
       "the wrong order, such as a complaint resolved before it was received. A wrong date puts "
       "the record in the wrong week or month and skews trends and time-based measures.") },
  { PL_RULE_SCORECARD_MISFIT, "scorecard-misfit",
    N_("Scores that do not fit the scorecard"),
    N_("An observation has a score for a criterion that is not on its scorecard, a score the "
       "criterion’s scale does not allow, or N/A where the criterion does not allow N/A. Its "
       "quality score cannot be trusted until the scores are corrected.") },
};

const PlRuleInfo *
pl_rule_info (PlRule rule)
{
  static PlRuleInfo translated[PL_N_RULES];
  static gsize initialised = 0;

  g_return_val_if_fail (rule < PL_N_RULES, NULL);

  if (g_once_init_enter (&initialised))
    {
      for (guint i = 0; i < PL_N_RULES; i++)
        {
          g_assert (rule_infos[i].rule == (PlRule) i);
          translated[i] = rule_infos[i];
          translated[i].name = _(rule_infos[i].name);
          translated[i].explanation = _(rule_infos[i].explanation);
        }
      g_once_init_leave (&initialised, 1);
    }

  return &translated[rule];
}

gboolean
pl_rule_from_id (const char *id,
                 PlRule     *rule)
{
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < PL_N_RULES; i++)
    if (g_str_equal (id, rule_infos[i].id))
      {
        if (rule != NULL)
          *rule = rule_infos[i].rule;
        return TRUE;
      }

  return FALSE;
}

void
pl_validate_settings_init (PlValidateSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->straight_lining_min_questions = 4;
  settings->speeder_min_seconds = 30;
  settings->earliest_date = NULL;
  settings->today = NULL;
}

void
pl_validate_settings_clear (PlValidateSettings *settings)
{
  g_return_if_fail (settings != NULL);

  g_clear_pointer (&settings->earliest_date, g_free);
  g_clear_pointer (&settings->today, g_free);
}

/* SQL functions: a rule's translated name (for exclusion reasons and the
 * audit log) and its position (to list flags in the order of the rules). */
static void
rule_name_func (sqlite3_context  *context,
                int               argc,
                sqlite3_value   **argv)
{
  const char *id = (const char *) sqlite3_value_text (argv[0]);
  PlRule rule;

  if (id != NULL && pl_rule_from_id (id, &rule))
    sqlite3_result_text (context, pl_rule_info (rule)->name, -1, SQLITE_TRANSIENT);
  else
    sqlite3_result_value (context, argv[0]);
}

static void
rule_position_func (sqlite3_context  *context,
                    int               argc,
                    sqlite3_value   **argv)
{
  const char *id = (const char *) sqlite3_value_text (argv[0]);
  PlRule rule;

  sqlite3_result_int (context, id != NULL && pl_rule_from_id (id, &rule) ? (int) rule : PL_N_RULES);
}

/* Once per connection: SQLite refuses to redefine a function while any
 * statement of the connection is running (a list being read, say). */
static gboolean
register_functions (PlWorkspace  *workspace,
                    GError      **error)
{
  sqlite3 *db = pl_workspace_get_db (workspace);
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;

  if (g_object_get_data (G_OBJECT (workspace), "pl-validate-functions") == db)
    return TRUE;

  if (sqlite3_create_function (db, "pl_rule_name", 1, flags, NULL,
                               rule_name_func, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function (db, "pl_rule_position", 1, flags, NULL,
                               rule_position_func, NULL, NULL) != SQLITE_OK)
    {
      pl_workspace_set_db_error (workspace, error, _("The validation rules could not be prepared"));
      return FALSE;
    }

  g_object_set_data (G_OBJECT (workspace), "pl-validate-functions", db);
  return TRUE;
}

static void
bind_named_text (sqlite3_stmt *stmt,
                 const char   *name,
                 const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
bind_named_double (sqlite3_stmt *stmt,
                   const char   *name,
                   double        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_double (stmt, index, value);
}

static void
bind_named_int64 (sqlite3_stmt *stmt,
                  const char   *name,
                  gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

/* The run works on a connection of its own (see pl_validate_run), so it
 * has its own small versions of the workspace's statement helpers. */
static void
set_db_error (sqlite3     *db,
              GError     **error,
              const char  *what)
{
  g_set_error (error, PL_ERROR, PL_ERROR_DATABASE,
               /* Translators: "%s: %s" is what Plumbline was doing, then SQLite's message */
               _("%s: %s"), what, sqlite3_errmsg (db));
}

static sqlite3_stmt *
db_prepare (sqlite3     *db,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (db, error, _("The workspace could not be read"));
      g_debug ("Failed SQL: %s", sql);
      return NULL;
    }

  return stmt;
}

static gboolean
db_step_done (sqlite3       *db,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (db, error, _("The workspace could not be updated"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
db_exec (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  char *errmsg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_DATABASE,
                   _("The workspace could not be updated: %s"), errmsg);
      sqlite3_free (errmsg);
      return FALSE;
    }

  return TRUE;
}

/* A number as people write it: 7, 0.5, 12.25. Non-numbers as they are. */
#define NUM(x) \
  "(CASE WHEN typeof (" x ") IN ('integer', 'real') AND " x " = CAST (" x " AS INTEGER)" \
  " THEN CAST (CAST (" x " AS INTEGER) AS TEXT) ELSE CAST (" x " AS TEXT) END)"

#define FINDING "INSERT INTO temp.pl_findings (rule, entity, entity_id, ord, detail) "

/* The first part of a stored day or moment, and whether it is a real day:
 * with a modifier, SQLite's date() rolls 2026-02-30 over to March, so
 * compare it back. */
#define DAY(col) "substr (" col ", 1, 10)"
#define NOT_A_DAY(col) "(date (" DAY (col) ", '+0 days') IS NOT " DAY (col) ")"
#define BAD_DAY(col) \
  "(" NOT_A_DAY (col) " OR " DAY (col) " > :today OR " DAY (col) " < :earliest)"
#define BAD_DAY_DETAIL(col) \
  "CASE WHEN " NOT_A_DAY (col) " THEN printf (:not_a_date, " col ")" \
  "     WHEN " DAY (col) " > :today THEN printf (:future, " DAY (col) ", :today)" \
  "     ELSE printf (:too_early, " DAY (col) ", :earliest) END"

/* Groups first, sorting the table once (NOT INDEXED: reading it through
 * the (survey, date) index would fetch every row out of order), then one
 * pass over the table against the few groups with copies (CROSS JOIN keeps
 * the table outside). About twice as fast as a window over all. */
static const char rule_duplicate_id_sql[] =
  FINDING
  "SELECT 'duplicate-id', 'responses', r.id, 0,"
  "       printf (:detail, g.external_ref, g.first_id, date (f.created_at))"
  "  FROM responses r NOT INDEXED"
  "  CROSS JOIN (SELECT survey_id, external_ref, min (id) AS first_id"
  "                FROM responses NOT INDEXED"
  "               WHERE trashed_at IS NULL AND external_ref IS NOT NULL AND external_ref <> ''"
  "               GROUP BY survey_id, external_ref HAVING count (*) > 1) g"
  "    ON r.survey_id = g.survey_id AND r.external_ref = g.external_ref"
  "   AND r.trashed_at IS NULL AND r.id > g.first_id"
  "  JOIN responses f ON f.id = g.first_id";

static const char rule_duplicate_respondent_sql[] =
  FINDING
  "SELECT 'duplicate-respondent', 'responses', r.id, 0,"
  "       printf (:detail, g.first_id, g.day)"
  "  FROM responses r NOT INDEXED"
  "  CROSS JOIN (SELECT survey_id, respondent_ref, " DAY ("responded_on") " AS day, min (id) AS first_id"
  "                FROM responses NOT INDEXED"
  "               WHERE trashed_at IS NULL AND respondent_ref IS NOT NULL AND respondent_ref <> ''"
  "               GROUP BY survey_id, respondent_ref, day HAVING count (*) > 1) g"
  "    ON r.survey_id = g.survey_id AND r.respondent_ref = g.respondent_ref"
  "   AND " DAY ("r.responded_on") " = g.day AND r.trashed_at IS NULL AND r.id > g.first_id";

static const char rule_speeder_sql[] =
  FINDING
  "SELECT 'speeder', 'responses', id, 0,"
  "       printf (:detail, " NUM ("duration_s") ", " NUM ("CAST (:min_seconds AS REAL)") ")"
  "  FROM responses"
  " WHERE trashed_at IS NULL AND duration_s IS NOT NULL AND duration_s < :min_seconds";

static const char rule_date_responses_sql[] =
  FINDING
  "SELECT 'impossible-date', 'responses', id, 0, " BAD_DAY_DETAIL ("responded_on")
  "  FROM responses"
  " WHERE trashed_at IS NULL AND " BAD_DAY ("responded_on");

static const char rule_date_observations_sql[] =
  FINDING
  "SELECT 'impossible-date', 'observations', id, 0, " BAD_DAY_DETAIL ("observed_on")
  "  FROM observations"
  " WHERE trashed_at IS NULL AND " BAD_DAY ("observed_on");

static const char rule_date_complaints_sql[] =
  FINDING
  "SELECT 'impossible-date', 'complaints', id, 0, " BAD_DAY_DETAIL ("received_on")
  "  FROM complaints"
  " WHERE trashed_at IS NULL AND " BAD_DAY ("received_on") ";"
  FINDING
  "SELECT 'impossible-date', 'complaints', id, 1,"
  "       printf (:replied_before, " DAY ("responded_on") ", " DAY ("received_on") ")"
  "  FROM complaints"
  " WHERE trashed_at IS NULL AND NOT " NOT_A_DAY ("received_on")
  "   AND responded_on IS NOT NULL AND NOT " NOT_A_DAY ("responded_on")
  "   AND " DAY ("responded_on") " < " DAY ("received_on") ";"
  FINDING
  "SELECT 'impossible-date', 'complaints', id, 2,"
  "       printf (:resolved_before, " DAY ("resolved_on") ", " DAY ("received_on") ")"
  "  FROM complaints"
  " WHERE trashed_at IS NULL AND NOT " NOT_A_DAY ("received_on")
  "   AND resolved_on IS NOT NULL AND NOT " NOT_A_DAY ("resolved_on")
  "   AND " DAY ("resolved_on") " < " DAY ("received_on");

static const char rule_scorecard_misfit_sql[] =
  FINDING
  "SELECT 'scorecard-misfit', 'observations', o.id,"
  "       coalesce (sec.position * 1000 + c.position, s.criterion_id),"
  "       CASE WHEN sec.scorecard_id IS NOT o.scorecard_id"
  "              THEN printf (:foreign, coalesce (c.text, s.criterion_id))"
  "            WHEN s.value IS NULL THEN printf (:not_applicable, c.text)"
  "            ELSE printf (:off_scale, c.text, " NUM ("s.value") ","
  "                         CASE c.scale WHEN 'scale5' THEN :scale5"
  "                                      WHEN 'ypn' THEN :ypn ELSE :binary END) END"
  "  FROM observations o"
  "  JOIN observation_scores s ON s.observation_id = o.id"
  "  LEFT JOIN criteria c ON c.id = s.criterion_id"
  "  LEFT JOIN scorecard_sections sec ON sec.id = c.section_id"
  " WHERE o.trashed_at IS NULL"
  "   AND (sec.scorecard_id IS NOT o.scorecard_id"
  "        OR (s.value IS NULL AND NOT c.allow_na)"
  "        OR (s.value IS NOT NULL"
  "            AND NOT CASE c.scale WHEN 'scale5' THEN s.value IN (1, 2, 3, 4, 5)"
  "                                 WHEN 'ypn' THEN s.value IN (0, 0.5, 1)"
  "                                 ELSE s.value IN (0, 1) END))";

typedef struct
{
  PlRule      rule;
  const char *sql;   /* NULL: the answers pass, run_answer_rules() */
} RuleStep;

static const RuleStep rule_steps[] = {
  { PL_RULE_DUPLICATE_ID, rule_duplicate_id_sql },
  { PL_RULE_DUPLICATE_RESPONDENT, rule_duplicate_respondent_sql },
  { PL_RULE_OUT_OF_RANGE, NULL },       /* with incomplete and straight-lining */
  { PL_RULE_SPEEDER, rule_speeder_sql },
  { PL_RULE_IMPOSSIBLE_DATE, rule_date_responses_sql },
  { PL_RULE_IMPOSSIBLE_DATE, rule_date_observations_sql },
  { PL_RULE_IMPOSSIBLE_DATE, rule_date_complaints_sql },
  { PL_RULE_SCORECARD_MISFIT, rule_scorecard_misfit_sql },
};

/* The words of every detail, bound by name into whichever rule uses them. */
static void
bind_rule_parameters (sqlite3_stmt             *stmt,
                      PlRule                    rule,
                      const PlValidateSettings *settings,
                      const char               *today)
{
  bind_named_text (stmt, ":today", today);
  bind_named_text (stmt, ":earliest", settings->earliest_date);
  bind_named_int64 (stmt, ":min_questions", settings->straight_lining_min_questions);
  bind_named_double (stmt, ":min_seconds", settings->speeder_min_seconds);

  switch (rule)
    {
    case PL_RULE_DUPLICATE_ID:
      /* Translators: the response id from the survey tool, the number of the
       * first response with it, and the day that one was entered. SQLite's
       * printf: keep %s, %d, %s in this order. */
      bind_named_text (stmt, ":detail", _("Same response id “%s” as response %d (entered %s)"));
      break;
    case PL_RULE_DUPLICATE_RESPONDENT:
      /* Translators: the number of the respondent's first response, then the
       * day. Keep %d, %s in this order. */
      bind_named_text (stmt, ":detail", _("Same respondent as response %d, same survey, same day (%s)"));
      break;
    case PL_RULE_OUT_OF_RANGE:
    case PL_RULE_INCOMPLETE:
    case PL_RULE_STRAIGHT_LINING:
      /* run_answer_rules() */
      break;
    case PL_RULE_SPEEDER:
      /* Translators: seconds taken, then the minimum. Keep %s, %s in this order. */
      bind_named_text (stmt, ":detail", _("Completed in %s seconds, under the minimum of %s seconds"));
      break;
    case PL_RULE_IMPOSSIBLE_DATE:
      /* Translators: the date as stored */
      bind_named_text (stmt, ":not_a_date", _("“%s” is not a date"));
      /* Translators: the record's date, then today. Keep %s, %s in this order. */
      bind_named_text (stmt, ":future", _("Dated %s, after today (%s)"));
      /* Translators: the record's date, then the earliest date allowed. Keep %s, %s in this order. */
      bind_named_text (stmt, ":too_early", _("Dated %s, before the earliest possible date (%s)"));
      /* Translators: two dates. Keep %s, %s in this order. */
      bind_named_text (stmt, ":replied_before", _("First replied to on %s, before it was received on %s"));
      /* Translators: two dates. Keep %s, %s in this order. */
      bind_named_text (stmt, ":resolved_before", _("Resolved on %s, before it was received on %s"));
      break;
    case PL_RULE_SCORECARD_MISFIT:
      /* Translators: a criterion's text */
      bind_named_text (stmt, ":foreign", _("A score for “%s”, which is not on this observation’s scorecard"));
      /* Translators: a criterion's text */
      bind_named_text (stmt, ":not_applicable", _("“%s” marked N/A, which this criterion does not allow"));
      /* Translators: a criterion's text, the score, then the scores it allows
       * ("1 to 5"). Keep %s, %s, %s in this order. */
      bind_named_text (stmt, ":off_scale", _("“%s” scored %s (allowed: %s)"));
      bind_named_text (stmt, ":scale5", _("1 to 5"));
      bind_named_text (stmt, ":ypn", _("0, 0.5 or 1"));
      bind_named_text (stmt, ":binary", _("0 or 1"));
      break;
    case PL_N_RULES:
    default:
      g_assert_not_reached ();
    }
}

/* The rules about answers: out of range, incomplete, straight-lining.
 *
 * Answers are JSON inside each response (pl-schema.c, version 3), so these
 * three read every response once, in C, against the questions held in
 * memory, instead of three passes of SQLite's json_each. */

typedef struct
{
  gint64 id;
  gint64 survey_id;
  int position;
  char *code;
  PlQuestionKind kind;
  int lo;
  int hi;
  gboolean required;
} QuestionRule;

static void
question_rule_free (gpointer data)
{
  QuestionRule *question = data;

  g_free (question->code);
  g_free (question);
}

static gboolean
is_rating (PlQuestionKind kind)
{
  return kind == PL_QUESTION_CSAT || kind == PL_QUESTION_NPS ||
         kind == PL_QUESTION_CES || kind == PL_QUESTION_LIKERT;
}

/* NUM() in C: 7, 0.5, 12.25; what SQLite would print for the rest. */
static char *
format_number (double value)
{
  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  return g_strdup_printf ("%.15g", value);
}

static gboolean
add_finding (sqlite3       *db,
             sqlite3_stmt  *insert,
             PlRule         rule,
             gint64         response_id,
             int            ord,
             const char    *detail,
             GError       **error)
{
  sqlite3_bind_text (insert, 1, rule_infos[rule].id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, response_id);
  sqlite3_bind_int (insert, 3, ord);
  sqlite3_bind_text (insert, 4, detail, -1, SQLITE_TRANSIENT);
  return db_step_done (db, insert, error);
}

static const PlAnswerValue *
find_answer (GArray *answers,
             gint64  question_id)
{
  for (guint i = 0; i < answers->len; i++)
    {
      const PlAnswerValue *answer = &g_array_index (answers, PlAnswerValue, i);

      if (answer->question_id == question_id)
        return answer;
    }

  return NULL;
}

static gboolean
is_blank (const PlAnswerValue *answer)
{
  const char *p;

  if (answer == NULL || answer->type == PL_ANSWER_NULL)
    return TRUE;
  if (answer->type != PL_ANSWER_TEXT)
    return FALSE;

  for (p = answer->text; *p == ' '; p++)
    ;
  return *p == '\0';
}

static gboolean
check_response (sqlite3                  *db,
                sqlite3_stmt             *insert,
                gint64                    response_id,
                GPtrArray                *survey_questions,
                GHashTable               *questions,
                GArray                   *answers,
                const PlValidateSettings *settings,
                GError                  **error)
{
  guint n_ratings = 0;
  double lowest = 0, highest = 0;

  /* Out of range, in the questions' order. */
  for (guint i = 0; i < answers->len; i++)
    {
      const PlAnswerValue *answer = &g_array_index (answers, PlAnswerValue, i);
      QuestionRule *question = g_hash_table_lookup (questions, &answer->question_id);
      g_autofree char *shown = NULL;
      g_autofree char *detail = NULL;

      if (question == NULL || answer->type == PL_ANSWER_NULL ||
          !(is_rating (question->kind) || question->kind == PL_QUESTION_YESNO))
        continue;

      if (answer->type == PL_ANSWER_NUMBER && is_rating (question->kind))
        {
          lowest = n_ratings == 0 ? answer->number : MIN (lowest, answer->number);
          highest = n_ratings == 0 ? answer->number : MAX (highest, answer->number);
          n_ratings++;
        }

      if (answer->type == PL_ANSWER_NUMBER &&
          answer->number >= question->lo && answer->number <= question->hi &&
          answer->number == round (answer->number))
        continue;

      if (answer->type == PL_ANSWER_NUMBER)
        shown = format_number (answer->number);
      else
        shown = g_strdup (answer->type == PL_ANSWER_TEXT ? answer->text : "?");

      if (question->kind == PL_QUESTION_YESNO)
        /* Translators: the answer, then the question's code. Keep %s, %s in this order. */
        detail = g_strdup_printf (_("Answer %s to “%s” is neither yes (1) nor no (0)"),
                                  shown, question->code);
      else
        /* Translators: the answer, the question's code, the lowest and the
         * highest answer allowed. Keep %s, %s, %d, %d in this order. */
        detail = g_strdup_printf (_("Answer %s to “%s” is not on its scale of %d to %d"),
                                  shown, question->code, question->lo, question->hi);

      if (!add_finding (db, insert, PL_RULE_OUT_OF_RANGE, response_id, question->position, detail, error))
        return FALSE;
    }

  /* Incomplete. */
  for (guint i = 0; survey_questions != NULL && i < survey_questions->len; i++)
    {
      QuestionRule *question = g_ptr_array_index (survey_questions, i);
      g_autofree char *detail = NULL;

      if (!question->required || !is_blank (find_answer (answers, question->id)))
        continue;

      /* Translators: the question's code */
      detail = g_strdup_printf (_("No answer to the required question “%s”"), question->code);
      if (!add_finding (db, insert, PL_RULE_INCOMPLETE, response_id, question->position, detail, error))
        return FALSE;
    }

  /* Straight-lining. Yes/no questions are not ratings: many honest
   * customers answer "yes" beside top marks. */
  if (n_ratings >= (guint) MAX (settings->straight_lining_min_questions, 1) && lowest == highest)
    {
      g_autofree char *shown = format_number (lowest);
      /* Translators: the answer, then how many rating questions. Keep %s, %d in this order. */
      g_autofree char *detail = g_strdup_printf (_("The same answer, %s, to all %d rating questions"),
                                                 shown, (int) n_ratings);

      if (!add_finding (db, insert, PL_RULE_STRAIGHT_LINING, response_id, 0, detail, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
run_answer_rules (sqlite3                  *db,
                  const PlValidateSettings *settings,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  g_autoptr(GHashTable) questions = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                           NULL, question_rule_free);
  g_autoptr(GHashTable) by_survey = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                           g_free, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (PlAnswerValue));
  g_autoptr(GStringChunk) texts = g_string_chunk_new (1024);
  guint64 n = 0;
  int rc;

  stmt = db_prepare (db,
                     "SELECT id, survey_id, position, code, kind, scale_min, scale_max, required"
                     "  FROM questions ORDER BY survey_id, position, id",
                     error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      QuestionRule *question = g_new0 (QuestionRule, 1);
      GPtrArray *list;

      question->id = sqlite3_column_int64 (stmt, 0);
      question->survey_id = sqlite3_column_int64 (stmt, 1);
      question->position = sqlite3_column_int (stmt, 2);
      question->code = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      if (!pl_question_kind_from_string ((const char *) sqlite3_column_text (stmt, 4), &question->kind))
        question->kind = PL_QUESTION_TEXT;
      question->required = sqlite3_column_int (stmt, 7) != 0;

      /* A Likert question without its points is on 1 to 5. */
      if (!pl_question_kind_get_range (question->kind,
                                       sqlite3_column_type (stmt, 5) == SQLITE_NULL ? 1 : sqlite3_column_int (stmt, 5),
                                       sqlite3_column_type (stmt, 6) == SQLITE_NULL ? 5 : sqlite3_column_int (stmt, 6),
                                       &question->lo, &question->hi))
        question->lo = question->hi = 0;

      list = g_hash_table_lookup (by_survey, &question->survey_id);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (by_survey, g_memdup2 (&question->survey_id, sizeof (gint64)), list);
        }
      g_ptr_array_add (list, question);
      g_hash_table_insert (questions, &question->id, question);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (db, error, _("The workspace could not be read"));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  insert = db_prepare (db, FINDING "VALUES (?1, 'responses', ?2, ?3, ?4)", error);
  stmt = db_prepare (db, "SELECT id, survey_id, answers FROM responses WHERE trashed_at IS NULL", error);
  if (insert == NULL || stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 survey_id = sqlite3_column_int64 (stmt, 1);

      if (++n % 65536 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      g_array_set_size (answers, 0);
      g_string_chunk_clear (texts);
      /* A damaged object counts for what could be read of it. */
      pl_answers_json_parse ((const char *) sqlite3_column_text (stmt, 2), answers, texts);

      if (!check_response (db, insert, sqlite3_column_int64 (stmt, 0),
                           g_hash_table_lookup (by_survey, &survey_id), questions, answers,
                           settings, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (db, error, _("The workspace could not be read"));
      return FALSE;
    }

  return TRUE;
}

/* Runs every statement of @sql (several, separated by ';'). */
static gboolean
run_rule_step (sqlite3                  *db,
               const RuleStep           *step,
               const PlValidateSettings *settings,
               const char               *today,
               GError                  **error)
{
  const char *sql = step->sql;

  while (sql != NULL && *sql != '\0')
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      const char *tail = NULL;

      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, &tail) != SQLITE_OK)
        {
          set_db_error (db, error, _("A validation rule could not be run"));
          g_debug ("Failed SQL: %s", sql);
          return FALSE;
        }
      sql = tail;
      if (stmt == NULL)
        continue;

      bind_rule_parameters (stmt, step->rule, settings, today);
      if (!db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static char *
settings_to_json (const PlValidateSettings *settings,
                  const char               *today)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "straight_lining_min_questions");
  json_builder_add_int_value (builder, settings->straight_lining_min_questions);
  json_builder_set_member_name (builder, "speeder_min_seconds");
  json_builder_add_double_value (builder, settings->speeder_min_seconds);
  json_builder_set_member_name (builder, "earliest_date");
  if (settings->earliest_date != NULL)
    json_builder_add_string_value (builder, settings->earliest_date);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "today");
  json_builder_add_string_value (builder, today);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* TRUE when @text is NULL or a real day written YYYY-MM-DD. */
static gboolean
is_day_or_null (const char *text)
{
  GDate date;

  return text == NULL || (strlen (text) == 10 && pl_date_parse_iso (text, &date));
}

static const char findings_setup_sql[] =
  "CREATE TEMP TABLE IF NOT EXISTS pl_findings ("
  "  rule TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  entity_id INTEGER NOT NULL,"
  "  ord INTEGER NOT NULL DEFAULT 0,"
  "  detail TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS temp.pl_findings_key ON pl_findings (rule, entity, entity_id);"
  "DELETE FROM temp.pl_findings;";

/* One flag per record and rule; a record that breaks a rule several ways
 * gets every way in its detail. A flag the user has decided keeps the
 * detail it was decided on. */
static const char merge_sql[] =
  "INSERT INTO validation_flags (run_id, rule, entity, entity_id, detail)"
  " SELECT ?1, rule, entity, entity_id, group_concat (detail, '; ')"
  "   FROM (SELECT * FROM temp.pl_findings ORDER BY rule, entity, entity_id, ord, detail)"
  "  WHERE true"
  "  GROUP BY rule, entity, entity_id"
  " ON CONFLICT (rule, entity, entity_id) DO UPDATE SET detail = excluded.detail"
  "  WHERE validation_flags.status = 'flagged' AND validation_flags.detail IS NOT excluded.detail";

static const char drop_stale_sql[] =
  "DELETE FROM validation_flags"
  " WHERE status = 'flagged'"
  "   AND NOT EXISTS (SELECT 1 FROM temp.pl_findings f"
  "                    WHERE f.rule = validation_flags.rule"
  "                      AND f.entity = validation_flags.entity"
  "                      AND f.entity_id = validation_flags.entity_id)";

/* Does the work of pl_validate_run on @db, in one transaction. */
static gboolean
run_rules (sqlite3                  *db,
           const PlValidateSettings *settings,
           const char               *today,
           GCancellable             *cancellable,
           gint64                   *run_id,
           GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *settings_json = NULL;
  g_autofree char *now = NULL;

  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  now = pl_now_iso8601 ();
  settings_json = settings_to_json (settings, today);
  stmt = db_prepare (db, "INSERT INTO validation_runs (ran_at, settings) VALUES (?, ?)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, settings_json, -1, SQLITE_STATIC);
  if (!db_step_done (db, stmt, error))
    goto failed;
  *run_id = sqlite3_last_insert_rowid (db);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!db_exec (db, findings_setup_sql, error))
    goto failed;

  for (guint i = 0; i < G_N_ELEMENTS (rule_steps); i++)
    {
      gint64 started = g_get_monotonic_time ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto failed;
      if (rule_steps[i].sql == NULL
            ? !run_answer_rules (db, settings, cancellable, error)
            : !run_rule_step (db, &rule_steps[i], settings, today, error))
        goto failed;
      g_debug ("Validation rule %s: %.1f ms", rule_infos[rule_steps[i].rule].id,
               (g_get_monotonic_time () - started) / 1000.0);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed;

  stmt = db_prepare (db, merge_sql, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, *run_id);
  if (!db_step_done (db, stmt, error))
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!db_exec (db, drop_stale_sql, error) ||
      !db_exec (db, "DELETE FROM temp.pl_findings", error) ||
      !db_exec (db, "COMMIT", error))
    goto failed;

  return TRUE;

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean summarise (sqlite3            *db,
                           PlValidateSummary  *summary,
                           GError            **error);

/**
 * pl_validate_run:
 *
 * Safe to call from a worker thread: the run opens a connection of its
 * own (pl_workspace_open_writer()) and closes it before returning, so its
 * transaction neither blocks the main connection's own transactions nor
 * shows half-done flags to its reads. Another connection's write
 * transaction is waited for (the busy timeout), then the run fails with
 * %PL_ERROR_DATABASE, having written nothing.
 */
gboolean
pl_validate_run (PlWorkspace              *workspace,
                 const PlValidateSettings *settings,
                 GCancellable             *cancellable,
                 PlValidateSummary        *summary,
                 GError                  **error)
{
  PlValidateSettings defaults;
  g_autofree char *real_today = NULL;
  const char *today;
  sqlite3 *db;
  gint64 run_id = 0;
  gboolean ok;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (settings == NULL)
    {
      pl_validate_settings_init (&defaults);
      settings = &defaults;
    }

  if (settings->straight_lining_min_questions < 2)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("Straight-lining needs at least 2 rating questions to compare."));
      return FALSE;
    }
  if (!(settings->speeder_min_seconds >= 0) || !isfinite (settings->speeder_min_seconds))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The minimum duration must be zero or more seconds."));
      return FALSE;
    }
  if (!is_day_or_null (settings->today))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("Today’s date “%s” is not a date in the form YYYY-MM-DD."), settings->today);
      return FALSE;
    }
  if (!is_day_or_null (settings->earliest_date))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The earliest date “%s” is not a date in the form YYYY-MM-DD."),
                   settings->earliest_date);
      return FALSE;
    }

  if (settings->today == NULL)
    real_today = pl_today_iso ();
  today = settings->today != NULL ? settings->today : real_today;

  db = pl_workspace_open_writer (workspace, error);
  if (db == NULL)
    return FALSE;

  /* The summary is read after the commit, on the same connection, so it
   * sees exactly what this run wrote. */
  ok = run_rules (db, settings, today, cancellable, &run_id, error);
  if (ok && summary != NULL)
    {
      ok = summarise (db, summary, error);
      if (ok)
        summary->run_id = run_id;
    }

  sqlite3_close (db);
  return ok;
}

/* A flag counts while its record is not in the trash. */
#define RECORD_ALIVE(f) \
  "CASE " f ".entity" \
  " WHEN 'responses' THEN EXISTS (SELECT 1 FROM responses x" \
  "                               WHERE x.id = " f ".entity_id AND x.trashed_at IS NULL)" \
  " WHEN 'observations' THEN EXISTS (SELECT 1 FROM observations x" \
  "                                  WHERE x.id = " f ".entity_id AND x.trashed_at IS NULL)" \
  " WHEN 'complaints' THEN EXISTS (SELECT 1 FROM complaints x" \
  "                                WHERE x.id = " f ".entity_id AND x.trashed_at IS NULL)" \
  " ELSE EXISTS (SELECT 1 FROM interactions x WHERE x.id = " f ".entity_id) END"

static const char summary_rules_sql[] =
  "SELECT f.rule, count (*), sum (f.status = 'excluded'), sum (f.status = 'kept'),"
  "       sum (f.status = 'flagged')"
  "  FROM validation_flags f"
  " WHERE " RECORD_ALIVE ("f")
  " GROUP BY f.rule";

static const char summary_usable_sql[] =
  "SELECT (SELECT count (*) FROM responses WHERE trashed_at IS NULL),"
  "       (SELECT count (*) FROM responses WHERE trashed_at IS NULL AND excluded = 0),"
  "       (SELECT count (*) FROM observations WHERE trashed_at IS NULL),"
  "       (SELECT count (*) FROM observations WHERE trashed_at IS NULL AND excluded = 0),"
  "       (SELECT count (*) FROM complaints WHERE trashed_at IS NULL),"
  "       (SELECT count (*) FROM complaints WHERE trashed_at IS NULL AND excluded = 0),"
  "       (SELECT max (id) FROM validation_runs)";

static gboolean
summarise (sqlite3            *db,
           PlValidateSummary  *summary,
           GError            **error)
{
  g_autoptr(sqlite3_stmt) rules = NULL;
  g_autoptr(sqlite3_stmt) usable = NULL;
  PlValidateSummary result = { 0 };
  int rc;

  rules = db_prepare (db, summary_rules_sql, error);
  if (rules == NULL)
    return FALSE;

  while ((rc = sqlite3_step (rules)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (rules, 0);
      PlRule rule;

      if (!pl_rule_from_id (id, &rule))
        continue;   /* a rule from a later version of Plumbline */

      result.counts[rule].flagged = sqlite3_column_int64 (rules, 1);
      result.counts[rule].excluded = sqlite3_column_int64 (rules, 2);
      result.counts[rule].kept = sqlite3_column_int64 (rules, 3);
      result.counts[rule].undecided = sqlite3_column_int64 (rules, 4);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (db, error, _("The validation results could not be read"));
      return FALSE;
    }

  usable = db_prepare (db, summary_usable_sql, error);
  if (usable == NULL)
    return FALSE;
  if (sqlite3_step (usable) != SQLITE_ROW)
    {
      set_db_error (db, error, _("The validation results could not be read"));
      return FALSE;
    }

  result.responses_total = sqlite3_column_int64 (usable, 0);
  result.responses_usable = sqlite3_column_int64 (usable, 1);
  result.observations_total = sqlite3_column_int64 (usable, 2);
  result.observations_usable = sqlite3_column_int64 (usable, 3);
  result.complaints_total = sqlite3_column_int64 (usable, 4);
  result.complaints_usable = sqlite3_column_int64 (usable, 5);
  result.run_id = sqlite3_column_int64 (usable, 6);

  *summary = result;
  return TRUE;
}

gboolean
pl_validate_summarise (PlWorkspace        *workspace,
                       PlValidateSummary  *summary,
                       GError            **error)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  return summarise (pl_workspace_get_db (workspace), summary, error);
}

void
pl_validation_flag_free (PlValidationFlag *flag)
{
  if (flag == NULL)
    return;

  g_free (flag->entity);
  g_free (flag->detail);
  g_free (flag->status);
  g_free (flag->record_date);
  g_free (flag);
}

static const char list_flags_sql[] =
  "SELECT f.id, f.rule, f.entity, f.entity_id, f.detail, f.status,"
  "       CASE f.entity"
  "         WHEN 'responses' THEN (SELECT responded_on FROM responses WHERE id = f.entity_id)"
  "         WHEN 'observations' THEN (SELECT observed_on FROM observations WHERE id = f.entity_id)"
  "         WHEN 'complaints' THEN (SELECT received_on FROM complaints WHERE id = f.entity_id)"
  "         ELSE (SELECT date (occurred_at) FROM interactions WHERE id = f.entity_id)"
  "       END AS record_date"
  "  FROM validation_flags f"
  " WHERE (?1 IS NULL OR f.rule = ?1) AND (?2 IS NULL OR f.status = ?2)"
  "   AND " RECORD_ALIVE ("f")
  " ORDER BY pl_rule_position (f.rule), record_date, f.entity, f.entity_id"
  " LIMIT ?3";

/**
 * pl_validate_list_flags:
 * @limit: at most this many; 0 for all
 *
 * The flags of records that are not in the trash, in the order of the
 * rules, then by the record's date.
 *
 * Returns: (transfer full) (element-type PlValidationFlag): the flags
 */
GPtrArray *
pl_validate_list_flags (PlWorkspace *workspace,
                        int          rule,
                        const char  *status,
                        guint        limit,
                        GError     **error)
{
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (rule >= -1 && rule < PL_N_RULES, NULL);
  g_return_val_if_fail (status == NULL || g_str_equal (status, "flagged") ||
                        g_str_equal (status, "excluded") || g_str_equal (status, "kept"), NULL);

  if (!register_functions (workspace, error))
    return NULL;

  stmt = pl_workspace_prepare (workspace, list_flags_sql, error);
  if (stmt == NULL)
    return NULL;

  if (rule >= 0)
    sqlite3_bind_text (stmt, 1, rule_infos[rule].id, -1, SQLITE_STATIC);
  if (status != NULL)
    sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);

  flags = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_validation_flag_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlValidationFlag *flag;
      PlRule flag_rule;

      if (!pl_rule_from_id ((const char *) sqlite3_column_text (stmt, 1), &flag_rule))
        continue;

      flag = g_new0 (PlValidationFlag, 1);
      flag->id = sqlite3_column_int64 (stmt, 0);
      flag->rule = flag_rule;
      flag->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      flag->entity_id = sqlite3_column_int64 (stmt, 3);
      flag->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      flag->status = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      flag->record_date = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      g_ptr_array_add (flags, flag);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The validation results could not be read"));
      return NULL;
    }

  return g_steal_pointer (&flags);
}

/* The tables a flag can point at, with the word the audit log uses. */
static const struct
{
  const char *table;
  const char *audit_entity;
} flagged_tables[] = {
  { "responses", "response" },
  { "observations", "observation" },
  { "complaints", "complaint" },
};

/* Sets excluded and exclusion_reason of the records of @table that have a
 * flag of @rule (or just @entity_id) from the flags that stand: excluded
 * while any of its flags is, with every such flag's rule and detail as the
 * reason. */
static gboolean
refresh_records (PlWorkspace  *workspace,
                 const char   *table,
                 const char   *rule_id,
                 gint64        entity_id,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("UPDATE %1$s SET"
                         "  excluded = EXISTS (SELECT 1 FROM validation_flags f"
                         "                      WHERE f.entity = '%1$s' AND f.entity_id = %1$s.id"
                         "                        AND f.status = 'excluded'),"
                         "  exclusion_reason = (SELECT group_concat (pl_rule_name (f.rule)"
                         "                                           || ': ' || f.detail, '; ')"
                         "                        FROM validation_flags f"
                         "                       WHERE f.entity = '%1$s' AND f.entity_id = %1$s.id"
                         "                         AND f.status = 'excluded')"
                         " WHERE id IN (SELECT entity_id FROM validation_flags"
                         "               WHERE entity = '%1$s' AND (?1 IS NULL OR rule = ?1)"
                         "                 AND (?2 IS NULL OR entity_id = ?2))",
                         table);
  stmt = pl_workspace_prepare (workspace, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (rule_id != NULL)
    sqlite3_bind_text (stmt, 1, rule_id, -1, SQLITE_STATIC);
  if (entity_id > 0)
    sqlite3_bind_int64 (stmt, 2, entity_id);

  return pl_workspace_step_done (workspace, stmt, error);
}

static const char *
audit_entity_for (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (flagged_tables); i++)
    if (g_str_equal (table, flagged_tables[i].table))
      return flagged_tables[i].audit_entity;

  return NULL;
}

/* One flag's decision: status, the record, an audit row. */
static gboolean
decide (PlWorkspace  *workspace,
        gint64        flag_id,
        const char   *status,
        GError      **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *rule_id = NULL;
  g_autofree char *entity = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *old_status = NULL;
  g_autofree char *now = NULL;
  g_autofree char *audit_detail = NULL;
  gint64 entity_id;
  PlRule rule;
  int rc;

  if (!register_functions (workspace, error) || !pl_workspace_begin (workspace, error))
    return FALSE;

  select = pl_workspace_prepare (workspace,
                                 "SELECT rule, entity, entity_id, detail, status"
                                 "  FROM validation_flags WHERE id = ?",
                                 error);
  if (select == NULL)
    goto failed;
  sqlite3_bind_int64 (select, 1, flag_id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("The flagged record is no longer in the list; run the validation again."));
      goto failed;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The validation results could not be read"));
      goto failed;
    }

  rule_id = g_strdup ((const char *) sqlite3_column_text (select, 0));
  entity = g_strdup ((const char *) sqlite3_column_text (select, 1));
  entity_id = sqlite3_column_int64 (select, 2);
  detail = g_strdup ((const char *) sqlite3_column_text (select, 3));
  old_status = g_strdup ((const char *) sqlite3_column_text (select, 4));
  g_clear_pointer (&select, sqlite3_finalize);

  if (g_str_equal (old_status, status))
    {
      pl_workspace_rollback (workspace);
      return TRUE;
    }

  if (audit_entity_for (entity) == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("Plumbline cannot exclude this kind of record (%s)."), entity);
      goto failed;
    }

  now = pl_now_iso8601 ();
  update = pl_workspace_prepare (workspace,
                                 "UPDATE validation_flags SET status = ?, decided_at = ? WHERE id = ?",
                                 error);
  if (update == NULL)
    goto failed;
  sqlite3_bind_text (update, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 3, flag_id);
  if (!pl_workspace_step_done (workspace, update, error))
    goto failed;

  if (!refresh_records (workspace, entity, NULL, entity_id, error))
    goto failed;

  audit_detail = g_strdup_printf ("%s: %s",
                                  pl_rule_from_id (rule_id, &rule) ? pl_rule_info (rule)->name : rule_id,
                                  detail);
  if (!pl_workspace_audit (workspace, g_str_equal (status, "excluded") ? "exclude" : "keep",
                           audit_entity_for (entity), entity_id, audit_detail, error))
    goto failed;

  if (!pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, entity);
  pl_workspace_emit_changed (workspace, "validation");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

gboolean
pl_validate_exclude (PlWorkspace *workspace,
                     gint64       flag_id,
                     GError     **error)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (flag_id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return decide (workspace, flag_id, "excluded", error);
}

gboolean
pl_validate_keep (PlWorkspace *workspace,
                  gint64       flag_id,
                  GError     **error)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (flag_id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return decide (workspace, flag_id, "kept", error);
}

/* Every undecided flag of @rule, one audit row per record. */
gboolean
pl_validate_exclude_all (PlWorkspace *workspace,
                         PlRule       rule,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) count = NULL;
  g_autoptr(sqlite3_stmt) audit = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *now = NULL;
  gboolean touched[G_N_ELEMENTS (flagged_tables)] = { FALSE, };
  const char *rule_id;
  gboolean any = FALSE;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (rule < PL_N_RULES, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rule_id = rule_infos[rule].id;
  if (!register_functions (workspace, error) || !pl_workspace_begin (workspace, error))
    return FALSE;

  count = pl_workspace_prepare (workspace,
                                "SELECT DISTINCT entity FROM validation_flags"
                                " WHERE rule = ? AND status = 'flagged'",
                                error);
  if (count == NULL)
    goto failed;
  sqlite3_bind_text (count, 1, rule_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (count)) == SQLITE_ROW)
    {
      const char *entity = (const char *) sqlite3_column_text (count, 0);

      for (guint i = 0; i < G_N_ELEMENTS (flagged_tables); i++)
        if (g_str_equal (entity, flagged_tables[i].table))
          touched[i] = any = TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The validation results could not be read"));
      goto failed;
    }

  if (!any)
    {
      pl_workspace_rollback (workspace);
      return TRUE;
    }

  now = pl_now_iso8601 ();
  audit = pl_workspace_prepare (workspace,
                                "INSERT INTO audit_log (at, action, entity, entity_id, detail)"
                                " SELECT ?1, 'exclude',"
                                "        CASE entity WHEN 'responses' THEN 'response'"
                                "                    WHEN 'observations' THEN 'observation'"
                                "                    ELSE 'complaint' END,"
                                "        entity_id, pl_rule_name (rule) || ': ' || detail"
                                "   FROM validation_flags"
                                "  WHERE rule = ?2 AND status = 'flagged'"
                                "    AND entity IN ('responses', 'observations', 'complaints')"
                                "  ORDER BY id",
                                error);
  update = pl_workspace_prepare (workspace,
                                 "UPDATE validation_flags SET status = 'excluded', decided_at = ?1"
                                 " WHERE rule = ?2 AND status = 'flagged'"
                                 "   AND entity IN ('responses', 'observations', 'complaints')",
                                 error);
  if (audit == NULL || update == NULL)
    goto failed;
  sqlite3_bind_text (audit, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (audit, 2, rule_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 2, rule_id, -1, SQLITE_STATIC);
  if (!pl_workspace_step_done (workspace, audit, error) ||
      !pl_workspace_step_done (workspace, update, error))
    goto failed;

  for (guint i = 0; i < G_N_ELEMENTS (flagged_tables); i++)
    if (touched[i] && !refresh_records (workspace, flagged_tables[i].table, rule_id, 0, error))
      goto failed;

  if (!pl_workspace_commit (workspace, error))
    goto failed;

  for (guint i = 0; i < G_N_ELEMENTS (flagged_tables); i++)
    if (touched[i])
      pl_workspace_emit_changed (workspace, flagged_tables[i].table);
  pl_workspace_emit_changed (workspace, "validation");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

double
pl_validate_usable_percent (guint64 usable,
                            guint64 total)
{
  double percent;

  if (total == 0)
    return 0.0;

  percent = 100.0 * (double) usable / (double) total;
  if (usable < total && percent > 99.9)
    percent = 99.9;
  else if (usable > 0 && percent < 0.1)
    percent = 0.1;

  return percent;
}
