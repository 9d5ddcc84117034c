/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/pl-demo.h"
#include "core/pl-error.h"
#include "core/pl-theme.h"
#include "core/pl-util.h"
#include "core/pl-workspace.h"
#include "pl-test-db.h"

/* One demo workspace, made once, that the tests share and run through in
 * order: the codebook tests leave it empty, the starter codebook is added
 * and its rules applied, and the later tests read what they coded.
 *
 * The demo (src/core/pl-demo.c, planted pattern (d)) writes survey
 * comments from fixed phrases: every "waiting" phrase, and only those,
 * contains "wait" or "hold"; price phrases appear from week 23 (Monday
 * 2026-08-31); the callback process from week 18 (2026-07-27) shortens
 * waits, so waiting comes up less after it. */
static char *tmp_dir;
static char *demo_path;
static PlWorkspace *demo;

#define CALLBACK_DAY "2026-07-27"
#define PRICE_RISE_DAY "2026-08-31"

static gint64
query_int (const char *sql)
{
  return pl_test_query_int (demo, sql);
}

static gint64
query_intf (const char *format,
            ...) G_GNUC_PRINTF (1, 2);

static gint64
query_intf (const char *format,
            ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return pl_test_query_int (demo, sql);
}

static void
exec_sql (const char *sql)
{
  pl_test_exec (demo, sql);
}

static void
exec_sqlf (const char *format,
           ...) G_GNUC_PRINTF (1, 2);

static void
exec_sqlf (const char *format,
           ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  pl_test_exec (demo, sql);
}

static void
count_signal_cb (PlWorkspace *workspace,
                 const char  *table,
                 guint       *count)
{
  (*count)++;
}

static gint64
theme_id_by_name (const char *name)
{
  g_autoptr(GListModel) themes = pl_theme_list (demo, TRUE, NULL);

  g_assert_nonnull (themes);
  for (guint i = 0; i < g_list_model_get_n_items (themes); i++)
    {
      g_autoptr(PlTheme) theme = g_list_model_get_item (themes, i);

      if (g_strcmp0 (pl_theme_get_name (theme), name) == 0)
        return pl_theme_get_id (theme);
    }

  g_error ("No theme called %s", name);
  return 0;
}

/* An independent word-boundary test for ASCII text, in SQL: the rule
 * "hold" is " hold " with anything but a letter or digit either side;
 * "wait*" needs only the left boundary. Case is lower()'d away. */
#define WORD(col, w)   "(' ' || lower (" col ") || ' ' GLOB '*[^a-z0-9]" w "[^a-z0-9]*')"
#define PREFIX(col, w) "(' ' || lower (" col ") GLOB '*[^a-z0-9]" w "*')"

#define WAITING(col) "(" PREFIX (col, "wait") " OR " WORD (col, "hold") " OR " PREFIX (col, "queue") ")"
#define PRICE(col) \
  "(" PREFIX (col, "price") " OR " WORD (col, "expensive") " OR " PREFIX (col, "increase") \
  " OR " PREFIX (col, "afford") " OR " PREFIX (col, "cost") ")"

/* Every comment of a record neither excluded nor trashed, written here
 * again from the schema rather than taken from pl-theme.c. */
#define ALL_COMMENTS \
  "(SELECT 'response' AS entity, id, comment AS body, responded_on AS day, channel_id FROM responses" \
  "   WHERE excluded = 0 AND trashed_at IS NULL AND trim (coalesce (comment, '')) <> ''" \
  " UNION ALL SELECT 'complaint', id, description, received_on, channel_id FROM complaints" \
  "   WHERE excluded = 0 AND trashed_at IS NULL AND trim (coalesce (description, '')) <> ''" \
  " UNION ALL SELECT 'observation', id, comments, observed_on, channel_id FROM observations" \
  "   WHERE excluded = 0 AND trashed_at IS NULL AND trim (coalesce (comments, '')) <> '')"

#define SURVEY_COMMENTS \
  "(SELECT id, comment AS body, responded_on AS day, channel_id FROM responses" \
  "   WHERE excluded = 0 AND trashed_at IS NULL AND trim (coalesce (comment, '')) <> '')"

/* Matching */

static void
test_pattern_matching (void)
{
  static const struct { const char *pattern, *text; gboolean matches; } cases[] = {
    /* whole words */
    { "hold", "I was on hold for ages.", TRUE },
    { "hold", "Kept ON HOLD twice", TRUE },
    { "hold", "(hold)", TRUE },
    { "hold", "The account holder called.", FALSE },
    { "hold", "It holds the reading.", FALSE },
    { "hold", "household bills", FALSE },
    { "wait", "Waiting times on the phone", FALSE },
    { "wait", "The wait!", TRUE },
    /* a * ends a word: every word beginning with it */
    { "hold*", "The account holder called.", TRUE },
    { "wait*", "Waited far too long", TRUE },
    { "wait*", "the waiting times", TRUE },
    { "wait*", "I await your reply", FALSE },
    /* case and accents never matter, either way round */
    { "café", "The cafe was shut", TRUE },
    { "cafe", "THE CAFÉ WAS SHUT", TRUE },
    { "Cafe", "cafe\xcc\x81 (decomposed)", TRUE },
    { "CAFÉS", "café", FALSE },
    { "straße", "STRASSE", TRUE },
    { "naïve", "NAIVE", TRUE },
    /* phrases in quotes: the words one after the other */
    { "\"on hold\"", "Kept on hold twice", TRUE },
    { "\"on hold\"", "Hold on, I was on the phone", FALSE },
    { "\xe2\x80\x9con hold\xe2\x80\x9d", "on. hold.", TRUE },
    { "\"direct debit*\"", "My direct debits went up", TRUE },
    /* unquoted words: all of them, anywhere */
    { "on hold", "Hold on, I was on the phone", TRUE },
    { "bill estimate*", "My estimated bill", TRUE },
    { "bill estimate*", "My bill was wrong", FALSE },
    /* punctuation, apostrophes and hyphens separate words on both sides */
    { "don't", "I don\xe2\x80\x99t understand", TRUE },
    { "in-home", "the in home display", TRUE },
    { "in-home", "The in-home display", TRUE },
    { "24", "Waited 24 hours", TRUE },
    /* a pattern that cannot be a rule matches nothing */
    { "*", "anything", FALSE },
    { "", "anything", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s ~ %s", cases[i].pattern, cases[i].text);
      g_assert_cmpint (pl_theme_pattern_matches (cases[i].pattern, cases[i].text), ==,
                       cases[i].matches);
    }

  g_assert_false (pl_theme_pattern_matches ("hold", NULL));
}

static void
test_pattern_check (void)
{
  static const char * const bad[] = {
    "", "   ", "\"\"", "*", "!!!", "*wait", "wa*t", "w*", "wait**", "\"on *\"",
  };
  static const char * const good[] = {
    "wait*", "\"on hold\"", "bill estimate*", "  hold ", "\"open quote", "ab*",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("bad: %s", bad[i]);
      g_assert_false (pl_theme_pattern_check (bad[i], &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
    }

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("good: %s", good[i]);
      g_assert_true (pl_theme_pattern_check (good[i], &error));
      g_assert_no_error (error);
    }
}

/* The codebook */

static void
assert_list_names (gboolean    include_archived,
                   const char *expected)
{
  g_autoptr(GListModel) themes = pl_theme_list (demo, include_archived, NULL);
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_nonnull (themes);
  for (guint i = 0; i < g_list_model_get_n_items (themes); i++)
    {
      g_autoptr(PlTheme) theme = g_list_model_get_item (themes, i);

      if (i > 0)
        g_string_append (names, "; ");
      for (guint d = 0; d < pl_theme_get_depth (theme); d++)
        g_string_append_c (names, '-');
      g_string_append (names, pl_theme_get_name (theme));
    }

  g_assert_cmpstr (names->str, ==, expected);
}

static void
test_codebook (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlTheme) billing = NULL;
  g_autoptr(PlTheme) debit = NULL;
  g_autoptr(PlTheme) refunds = NULL;
  g_autoptr(PlTheme) loaded = NULL;
  g_autofree char *long_name = g_strnfill (81, 'x');
  gint64 themes_before, audit_before;
  guint changed = 0;
  gulong handler;

  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM themes"), ==, 0);
  handler = g_signal_connect (demo, "changed::themes", G_CALLBACK (count_signal_cb), &changed);

  billing = pl_theme_create (demo, 0, "  Billing ", "Bills and charges", &error);
  g_assert_no_error (error);
  g_assert_nonnull (billing);
  g_assert_cmpstr (pl_theme_get_name (billing), ==, "Billing");
  g_assert_cmpstr (pl_theme_get_description (billing), ==, "Bills and charges");
  g_assert_cmpuint (changed, ==, 1);
  debit = pl_theme_create (demo, pl_theme_get_id (billing), "Direct debit", NULL, &error);
  g_assert_no_error (error);
  refunds = pl_theme_create (demo, pl_theme_get_id (billing), "Refunds", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_theme_get_parent_id (debit), ==, pl_theme_get_id (billing));
  g_assert_cmpuint (pl_theme_get_depth (debit), ==, 1);
  g_assert_cmpstr (pl_theme_get_path (debit), ==, "Billing \xe2\x80\xba Direct debit");
  g_assert_cmpint (pl_theme_get_position (debit), ==, 0);
  g_assert_cmpint (pl_theme_get_position (refunds), ==, 1);
  assert_list_names (FALSE, "Billing; -Direct debit; -Refunds");
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM audit_log WHERE entity = 'theme'"
                              " AND action = 'create'"), ==, 3);

  /* Failures change nothing and announce nothing. */
  themes_before = query_int ("SELECT COUNT (*) FROM themes");
  audit_before = query_int ("SELECT COUNT (*) FROM audit_log");
  changed = 0;

  g_assert_null (pl_theme_create (demo, 0, "   ", NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (pl_theme_create (demo, 0, NULL, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (pl_theme_create (demo, 0, long_name, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  /* the same name under the same parent, whatever the case and accents */
  g_assert_null (pl_theme_create (demo, 0, "BILLING", NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (pl_theme_create (demo, pl_theme_get_id (billing), "Direct Débit", NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (pl_theme_create (demo, 987654, "Orphan", NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* under its own child, or itself */
  g_assert_false (pl_theme_move (demo, pl_theme_get_id (billing), pl_theme_get_id (debit), &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_theme_move (demo, pl_theme_get_id (billing), pl_theme_get_id (billing), &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_theme_move (demo, pl_theme_get_id (billing), 987654, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pl_theme_move (demo, 987654, 0, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pl_theme_rename (demo, pl_theme_get_id (refunds), " direct DEBIT ", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_theme_rename (demo, pl_theme_get_id (refunds), "", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pl_theme_rename (demo, 987654, "Anything", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pl_theme_describe (demo, 987654, "x", PL_THEME_SENTIMENT_NEGATIVE, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pl_theme_archive (demo, 987654, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM themes"), ==, themes_before);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM audit_log"), ==, audit_before);
  g_assert_cmpuint (changed, ==, 0);
  assert_list_names (FALSE, "Billing; -Direct debit; -Refunds");
  g_assert_true (sqlite3_get_autocommit (pl_workspace_get_db (demo)));

  /* A name may repeat under another parent. */
  {
    g_autoptr(PlTheme) top_debit = pl_theme_create (demo, 0, "Direct debit", NULL, &error);

    g_assert_no_error (error);
    assert_list_names (FALSE, "Billing; -Direct debit; -Refunds; Direct debit");
    /* but not by moving it next to its namesake */
    g_assert_false (pl_theme_move (demo, pl_theme_get_id (top_debit), pl_theme_get_id (billing),
                                   &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
    g_clear_error (&error);
    exec_sql ("DELETE FROM themes WHERE parent_id IS NULL AND name = 'Direct debit'");
  }

  /* Rename, describe, move out and back (last among its siblings), reorder. */
  g_assert_true (pl_theme_rename (demo, pl_theme_get_id (refunds), " Refunds and credits ", &error));
  g_assert_no_error (error);
  g_assert_true (pl_theme_describe (demo, pl_theme_get_id (billing), "  Bills  ",
                                    PL_THEME_SENTIMENT_NEGATIVE, &error));
  g_assert_no_error (error);
  loaded = pl_theme_load (demo, pl_theme_get_id (billing), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_theme_get_description (loaded), ==, "Bills");
  g_assert_cmpint (pl_theme_get_sentiment (loaded), ==, PL_THEME_SENTIMENT_NEGATIVE);
  g_clear_object (&loaded);

  g_assert_true (pl_theme_move (demo, pl_theme_get_id (debit), 0, &error));
  g_assert_no_error (error);
  assert_list_names (FALSE, "Billing; -Refunds and credits; Direct debit");
  g_assert_true (pl_theme_move (demo, pl_theme_get_id (debit), pl_theme_get_id (billing), &error));
  g_assert_no_error (error);
  assert_list_names (FALSE, "Billing; -Refunds and credits; -Direct debit");
  g_assert_true (pl_theme_reorder (demo, pl_theme_get_id (debit), 0, &error));
  g_assert_no_error (error);
  assert_list_names (FALSE, "Billing; -Direct debit; -Refunds and credits");
  g_assert_true (pl_theme_reorder (demo, pl_theme_get_id (debit), 99, &error));
  g_assert_no_error (error);
  assert_list_names (FALSE, "Billing; -Refunds and credits; -Direct debit");
  g_assert_cmpint (query_intf ("SELECT position FROM themes WHERE id = %" G_GINT64_FORMAT,
                               pl_theme_get_id (debit)), ==, 1);

  /* Archiving hides the theme and all under it; nothing goes under it. */
  g_assert_true (pl_theme_archive (demo, pl_theme_get_id (billing), &error));
  g_assert_no_error (error);
  assert_list_names (FALSE, "");
  assert_list_names (TRUE, "Billing; -Refunds and credits; -Direct debit");
  loaded = pl_theme_load (demo, pl_theme_get_id (billing), &error);
  g_assert_true (pl_theme_get_archived (loaded));
  g_clear_object (&loaded);
  loaded = pl_theme_load (demo, pl_theme_get_id (debit), &error);
  g_assert_false (pl_theme_get_archived (loaded));
  g_clear_object (&loaded);
  g_assert_null (pl_theme_create (demo, pl_theme_get_id (billing), "Late", NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (pl_theme_restore (demo, pl_theme_get_id (billing), &error));
  g_assert_no_error (error);
  assert_list_names (FALSE, "Billing; -Refunds and credits; -Direct debit");

  g_assert_null (pl_theme_load (demo, 987654, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (changed, ==, 9);
  g_signal_handler_disconnect (demo, handler);

  exec_sql ("DELETE FROM themes");
}

static void
test_starter (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) themes = NULL;
  g_autoptr(GListModel) rules = NULL;
  gint64 audit_before;

  g_assert_true (pl_theme_create_starter_codebook (demo, &error));
  g_assert_no_error (error);

  assert_list_names (FALSE, "Waiting / on hold; Staff attitude; Resolution; Price; Billing; "
                            "App / website; Communication");
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM theme_rules"), ==, 43);
  rules = pl_theme_rule_list (demo, theme_id_by_name ("Waiting / on hold"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rules), ==, 3);
  {
    g_autoptr(PlThemeRule) first = g_list_model_get_item (rules, 0);

    g_assert_cmpstr (pl_theme_rule_get_pattern (first), ==, "wait*");
  }

  /* Only for an empty codebook. */
  audit_before = query_int ("SELECT COUNT (*) FROM audit_log");
  g_assert_false (pl_theme_create_starter_codebook (demo, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM themes"), ==, 7);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM theme_rules"), ==, 43);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM audit_log"), ==, audit_before);
}

static void
test_rules (void)
{
  g_autoptr(GError) error = NULL;
  gint64 billing = theme_id_by_name ("Billing");
  gint64 rules_before = query_int ("SELECT COUNT (*) FROM theme_rules");
  gint64 id;

  id = pl_theme_rule_add (demo, billing, "  \"estimated reading\" ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (query_intf ("SELECT pattern = '\"estimated reading\"' FROM theme_rules"
                               " WHERE id = %" G_GINT64_FORMAT, id), ==, 1);

  /* The same rule written otherwise, a bad pattern, no such theme. */
  g_assert_cmpint (pl_theme_rule_add (demo, billing, "“ESTIMATED   Reading”", &error), ==, 0);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pl_theme_rule_add (demo, billing, "BILL*", &error), ==, 0);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pl_theme_rule_add (demo, billing, "*", &error), ==, 0);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pl_theme_rule_add (demo, 987654, "meter", &error), ==, 0);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM theme_rules"), ==, rules_before + 1);

  g_assert_true (pl_theme_rule_remove (demo, id, &error));
  g_assert_no_error (error);
  g_assert_false (pl_theme_rule_remove (demo, id, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM theme_rules"), ==, rules_before);
}

/* Applying the rules to the demo */

static void
test_apply (void)
{
  g_autoptr(GError) error = NULL;
  PlThemeApplyResult result = { 0 };
  gint64 waiting = theme_id_by_name ("Waiting / on hold");
  gint64 price = theme_id_by_name ("Price");
  gint64 n_comments, expected;
  guint changed = 0;
  gulong handler;

  /* Some records that must never count: every 9th response with a
   * comment excluded, a complaint trashed, an observation excluded. */
  exec_sql ("UPDATE responses SET excluded = 1, exclusion_reason = 'test'"
            " WHERE comment IS NOT NULL AND id % 9 = 0");
  exec_sql ("UPDATE complaints SET trashed_at = '2026-10-01T00:00:00Z' WHERE id = 1");
  exec_sql ("UPDATE observations SET excluded = 1 WHERE id = (SELECT min (id) FROM observations"
            " WHERE comments IS NOT NULL)");
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM responses WHERE excluded = 1"), >, 150);

  n_comments = query_int ("SELECT COUNT (*) FROM " ALL_COMMENTS);
  g_test_message ("comments to code: %" G_GINT64_FORMAT, n_comments);
  g_assert_cmpint (n_comments, >, 2000);

  handler = g_signal_connect (demo, "changed::comment_codes", G_CALLBACK (count_signal_cb), &changed);
  g_assert_true (pl_theme_apply_rules (demo, NULL, &result, &error));
  g_assert_no_error (error);
  g_signal_handler_disconnect (demo, handler);
  g_assert_cmpuint (changed, ==, 1);

  g_test_message ("apply: %u examined, %u coded, %u codes", result.examined, result.coded, result.codes);
  g_assert_cmpint (result.examined, ==, n_comments);
  g_assert_cmpint (result.codes, ==, query_int ("SELECT COUNT (*) FROM comment_codes"));
  g_assert_cmpint (result.coded, ==,
                   query_int ("SELECT COUNT (*) FROM (SELECT DISTINCT entity, entity_id, question_id"
                              " FROM comment_codes)"));
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM comment_codes WHERE origin <> 'rule'"), ==, 0);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM audit_log WHERE action = 'apply_rules'"), ==, 1);

  /* Nothing from excluded or trashed records. */
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM comment_codes cc JOIN responses r"
                              " ON cc.entity = 'response' AND r.id = cc.entity_id"
                              " WHERE r.excluded = 1"), ==, 0);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM comment_codes"
                              " WHERE entity = 'complaint' AND entity_id = 1"), ==, 0);

  /* Waiting: the rules' count against the word-boundary rule in SQL,
   * and against the demo's own promise (LIKE '%wait%' OR '%hold%'),
   * which agree because no other phrase has "wait" or "hold" inside a
   * longer word. */
  expected = query_int ("SELECT COUNT (*) FROM " ALL_COMMENTS " WHERE " WAITING ("body"));
  g_test_message ("waiting: %" G_GINT64_FORMAT " comments", expected);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM comment_codes WHERE theme_id = %" G_GINT64_FORMAT,
                               waiting), ==, expected);
  g_assert_cmpint (expected, ==,
                   query_int ("SELECT COUNT (*) FROM " SURVEY_COMMENTS
                              " WHERE body LIKE '%wait%' OR body LIKE '%hold%'"));
  /* about 14% of survey comments (pl-demo.c, pattern (d)) */
  g_assert_cmpfloat ((double) expected / query_int ("SELECT COUNT (*) FROM " SURVEY_COMMENTS), >, 0.11);
  g_assert_cmpfloat ((double) expected / query_int ("SELECT COUNT (*) FROM " SURVEY_COMMENTS), <, 0.17);

  /* Price: the same, and none before the price rise. */
  expected = query_int ("SELECT COUNT (*) FROM " ALL_COMMENTS " WHERE " PRICE ("body"));
  g_test_message ("price: %" G_GINT64_FORMAT " comments", expected);
  g_assert_cmpint (expected, >, 0);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM comment_codes WHERE theme_id = %" G_GINT64_FORMAT,
                               price), ==, expected);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM " ALL_COMMENTS
                              " WHERE day < '" PRICE_RISE_DAY "' AND " PRICE ("body")), ==, 0);

  /* Running again touches only the comments still uncoded, and codes none. */
  expected = n_comments - result.coded;
  g_assert_true (pl_theme_apply_rules (demo, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.examined, ==, expected);
  g_assert_cmpuint (result.coded, ==, 0);
  g_assert_cmpuint (result.codes, ==, 0);

  /* A bad filter is refused before anything is read. */
  {
    PlCommentFilter filter;

    pl_comment_filter_init (&filter);
    filter.from = "2026-09-31";
    g_assert_false (pl_theme_apply_rules (demo, &filter, &result, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  }
}

/* Frequencies */

static void
sum_theme (GArray     *frequencies,
           gint64      theme_id,
           const char *before,
           gint64     *coded_before,
           gint64     *all_before,
           gint64     *coded_after,
           gint64     *all_after)
{
  *coded_before = *all_before = *coded_after = *all_after = 0;

  for (guint i = 0; i < frequencies->len; i++)
    {
      const PlThemeFrequency *f = &g_array_index (frequencies, PlThemeFrequency, i);

      if (f->theme_id != theme_id)
        continue;

      if (strcmp (f->period_start, before) < 0)
        {
          *coded_before += f->n_coded;
          *all_before += f->n_comments;
        }
      else
        {
          *coded_after += f->n_coded;
          *all_after += f->n_comments;
        }
    }
}

static const PlThemeFrequency *
find_total (GArray *frequencies,
            gint64  theme_id)
{
  for (guint i = 0; i < frequencies->len; i++)
    if (g_array_index (frequencies, PlThemeFrequency, i).theme_id == theme_id)
      return &g_array_index (frequencies, PlThemeFrequency, i);

  return NULL;
}

static void
test_frequencies (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) weeks = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(GArray) channels = NULL;
  gint64 waiting = theme_id_by_name ("Waiting / on hold");
  gint64 price = theme_id_by_name ("Price");
  gint64 coded_before, all_before, coded_after, all_after;
  gint64 survey_comments = query_int ("SELECT COUNT (*) FROM " SURVEY_COMMENTS);
  double share_before, share_after;
  PlCommentFilter filter;

  pl_comment_filter_init (&filter);
  filter.sources = PL_COMMENT_SOURCE_RESPONSES;

  weeks = pl_theme_frequencies (demo, &filter, PL_THEME_BREAKDOWN_WEEK, &error);
  g_assert_no_error (error);
  /* 7 themes × 26 weeks, theme by theme in codebook order, weeks oldest first */
  g_assert_cmpuint (weeks->len, ==, 7 * 26);
  g_assert_cmpint (g_array_index (weeks, PlThemeFrequency, 0).theme_id, ==, waiting);
  g_assert_cmpstr (g_array_index (weeks, PlThemeFrequency, 0).period_start, ==, "2026-03-30");
  g_assert_cmpstr (g_array_index (weeks, PlThemeFrequency, 25).period_start, ==, "2026-09-21");
  g_assert_cmpint (g_array_index (weeks, PlThemeFrequency, 0).n_comments, ==,
                   query_int ("SELECT COUNT (*) FROM " SURVEY_COMMENTS
                              " WHERE day BETWEEN '2026-03-30' AND '2026-04-05'"));

  /* Pattern (d): waiting comes up more before the callback process. */
  sum_theme (weeks, waiting, CALLBACK_DAY, &coded_before, &all_before, &coded_after, &all_after);
  g_assert_cmpint (all_before + all_after, ==, survey_comments);
  g_assert_cmpint (coded_before, ==,
                   query_int ("SELECT COUNT (*) FROM " SURVEY_COMMENTS
                              " WHERE day < '" CALLBACK_DAY "' AND " WAITING ("body")));
  share_before = 100.0 * coded_before / all_before;
  share_after = 100.0 * coded_after / all_after;
  g_test_message ("waiting: %.1f%% of %" G_GINT64_FORMAT " comments before %s, %.1f%% of %"
                  G_GINT64_FORMAT " after", share_before, all_before, CALLBACK_DAY,
                  share_after, all_after);
  g_assert_cmpfloat (share_before, >, share_after + 3.0);

  /* Pattern (f): price comments only from the price rise. */
  sum_theme (weeks, price, PRICE_RISE_DAY, &coded_before, &all_before, &coded_after, &all_after);
  g_test_message ("price: %" G_GINT64_FORMAT " before %s, %" G_GINT64_FORMAT " after",
                  coded_before, PRICE_RISE_DAY, coded_after);
  g_assert_cmpint (coded_before, ==, 0);
  g_assert_cmpint (coded_after, >, 0);

  for (guint i = 0; i < weeks->len; i++)
    {
      const PlThemeFrequency *f = &g_array_index (weeks, PlThemeFrequency, i);

      g_assert_cmpfloat_with_epsilon (f->share, 100.0 * f->n_coded / f->n_comments, 1e-9);
    }

  months = pl_theme_frequencies (demo, &filter, PL_THEME_BREAKDOWN_MONTH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (months->len, ==, 7 * 7);        /* March to September */
  g_assert_cmpstr (g_array_index (months, PlThemeFrequency, 0).period_start, ==, "2026-03-01");
  sum_theme (months, waiting, "9999", &coded_before, &all_before, &coded_after, &all_after);
  g_assert_cmpint (all_before, ==, survey_comments);

  channels = pl_theme_frequencies (demo, NULL, PL_THEME_BREAKDOWN_CHANNEL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (channels->len, ==, 7 * 5);
  for (guint i = 0; i < 5; i++)
    {
      const PlThemeFrequency *f = &g_array_index (channels, PlThemeFrequency, i);

      g_assert_cmpint (f->theme_id, ==, waiting);
      g_assert_cmpint (f->channel_id, ==, i + 1);
      g_assert_cmpstr (f->period_start, ==, "");
      g_assert_cmpint (f->n_comments, ==,
                       query_intf ("SELECT COUNT (*) FROM " ALL_COMMENTS " WHERE channel_id = %u", i + 1));
      g_assert_cmpint (f->n_coded, ==,
                       query_intf ("SELECT COUNT (*) FROM " ALL_COMMENTS
                                   " WHERE channel_id = %u AND " WAITING ("body"), i + 1));
    }

  /* A bad filter. */
  filter.from = "2026-09-01";
  filter.to = "2026-08-01";
  g_assert_null (pl_theme_frequencies (demo, &filter, PL_THEME_BREAKDOWN_NONE, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
}

/* Sub-themes roll up to their parent, each comment once; archived themes
 * leave the frequencies. */
static void
test_rollup_archive (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(PlTheme) queue = NULL;
  g_autoptr(GListModel) coded = NULL;
  g_autoptr(GListModel) uncoded = NULL;
  g_autoptr(PlComment) with_waiting = NULL;
  g_autoptr(PlComment) without = NULL;
  gint64 waiting = theme_id_by_name ("Waiting / on hold");
  gint64 waiting_before;
  PlCommentFilter filter;

  before = pl_theme_frequencies (demo, NULL, PL_THEME_BREAKDOWN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 7);
  waiting_before = find_total (before, waiting)->n_coded;
  g_assert_cmpint (waiting_before, ==,
                   query_intf ("SELECT COUNT (*) FROM comment_codes WHERE theme_id = %" G_GINT64_FORMAT,
                               waiting));
  g_assert_cmpint (find_total (before, waiting)->n_comments, ==,
                   query_int ("SELECT COUNT (*) FROM " ALL_COMMENTS));

  queue = pl_theme_create (demo, waiting, "Queue", NULL, &error);
  g_assert_no_error (error);

  pl_comment_filter_init (&filter);
  filter.theme_id = waiting;
  coded = pl_comment_list (demo, &filter, 0, 1, NULL, &error);
  g_assert_no_error (error);
  with_waiting = g_list_model_get_item (coded, 0);
  pl_comment_filter_init (&filter);
  filter.uncoded_only = TRUE;
  uncoded = pl_comment_list (demo, &filter, 0, 1, NULL, &error);
  g_assert_no_error (error);
  without = g_list_model_get_item (uncoded, 0);

  g_assert_true (pl_comment_code (with_waiting, demo, pl_theme_get_id (queue), &error));
  g_assert_no_error (error);
  g_assert_true (pl_comment_code (without, demo, pl_theme_get_id (queue), &error));
  g_assert_no_error (error);

  after = pl_theme_frequencies (demo, NULL, PL_THEME_BREAKDOWN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 8);
  /* Waiting gains the one comment it did not have; the other counts once. */
  g_assert_cmpint (find_total (after, waiting)->n_coded, ==, waiting_before + 1);
  g_assert_cmpint (find_total (after, pl_theme_get_id (queue))->n_coded, ==, 2);
  g_clear_pointer (&after, g_array_unref);

  /* The theme filter rolls up too. */
  pl_comment_filter_init (&filter);
  filter.theme_id = waiting;
  g_clear_object (&coded);
  {
    guint total = 0;

    coded = pl_comment_list (demo, &filter, 0, 0, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (total, ==, waiting_before + 1);
  }

  /* Archived: Queue leaves, and Waiting is back to its own codes. */
  g_assert_true (pl_theme_archive (demo, pl_theme_get_id (queue), &error));
  g_assert_no_error (error);
  after = pl_theme_frequencies (demo, NULL, PL_THEME_BREAKDOWN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 7);
  g_assert_null (find_total (after, pl_theme_get_id (queue)));
  g_assert_cmpint (find_total (after, waiting)->n_coded, ==, waiting_before);
  g_clear_pointer (&after, g_array_unref);

  /* An archived parent takes its sub-themes with it. */
  g_assert_true (pl_theme_restore (demo, pl_theme_get_id (queue), &error));
  g_assert_no_error (error);
  g_assert_true (pl_theme_archive (demo, waiting, &error));
  g_assert_no_error (error);
  after = pl_theme_frequencies (demo, NULL, PL_THEME_BREAKDOWN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 6);
  g_assert_null (find_total (after, waiting));
  g_assert_null (find_total (after, pl_theme_get_id (queue)));
  g_assert_null (pl_theme_quotes (demo, waiting, NULL, 3, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (pl_theme_restore (demo, waiting, &error));
  g_assert_no_error (error);

  /* Leave the codebook as the starter made it. */
  exec_sql ("DELETE FROM themes WHERE name = 'Queue'");
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM comment_codes WHERE theme_id = %" G_GINT64_FORMAT,
                               pl_theme_get_id (queue)), ==, 0);
}

/* Quotes */

static glong
day_number (const char *day)
{
  GDate date;

  g_assert_true (pl_date_parse_iso (day, &date));
  return (glong) g_date_get_julian (&date);
}

static void
test_quotes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) quotes = NULL;
  g_autoptr(GListModel) again = NULL;
  g_autoptr(GListModel) without = NULL;
  g_autoptr(GHashTable) texts = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 waiting = theme_id_by_name ("Waiting / on hold");
  gint64 median;
  guint n;

  quotes = pl_theme_quotes (demo, waiting, NULL, 5, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (quotes);
  g_assert_cmpuint (n, ==, 5);

  /* The lower median length of the theme's comments, by SQL. */
  median = query_intf ("WITH c AS (SELECT length (body) AS n FROM " ALL_COMMENTS " WHERE " WAITING ("body") "),"
                       " o AS (SELECT n FROM c ORDER BY n LIMIT 1"
                       "        OFFSET ((SELECT COUNT (*) FROM c) - 1) / 2) SELECT n FROM o");
  g_test_message ("median length %" G_GINT64_FORMAT, median);

  again = pl_theme_quotes (demo, waiting, NULL, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (again), ==, n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlComment) quote = g_list_model_get_item (quotes, i);
      g_autoptr(PlComment) same = g_list_model_get_item (again, i);
      const char *text = pl_comment_get_text (quote);

      g_test_message ("%s %s: %s", pl_comment_get_day (quote), pl_comment_get_channel (quote), text);

      /* the same every time */
      g_assert_cmpint (pl_comment_get_entity_id (quote), ==, pl_comment_get_entity_id (same));
      g_assert_cmpstr (text, ==, pl_comment_get_text (same));
      /* distinct, short enough, about waiting, dated, with a channel, naming no one */
      g_assert_true (g_hash_table_add (texts, (gpointer) text));
      g_assert_cmpint (g_utf8_strlen (text, -1), <=, median);
      g_assert_true (pl_theme_pattern_matches ("wait*", text) ||
                     pl_theme_pattern_matches ("hold", text) ||
                     pl_theme_pattern_matches ("queue*", text));
      g_assert_cmpuint (strlen (pl_comment_get_day (quote)), ==, 10);
      g_assert_cmpstr (pl_comment_get_channel (quote), !=, "");
      g_assert_cmpstr (pl_comment_get_colleague (quote), ==, "");
      g_assert_cmpint (pl_comment_get_colleague_id (quote), ==, 0);
      /* never from an excluded record */
      g_assert_cmpint (pl_comment_get_entity (quote), ==, PL_COMMENT_ENTITY_RESPONSE);
      g_assert_cmpint (query_intf ("SELECT excluded FROM responses WHERE id = %" G_GINT64_FORMAT,
                                   pl_comment_get_entity_id (quote)), ==, 0);

      /* newest first */
      if (i > 0)
        {
          g_autoptr(PlComment) previous = g_list_model_get_item (quotes, i - 1);

          g_assert_cmpstr (pl_comment_get_day (previous), >=, pl_comment_get_day (quote));
        }
    }

  /* spread over the period: the first and last more than 10 weeks apart */
  {
    g_autoptr(PlComment) first = g_list_model_get_item (quotes, 0);
    g_autoptr(PlComment) last = g_list_model_get_item (quotes, n - 1);

    g_assert_cmpint (day_number (pl_comment_get_day (first)) - day_number (pl_comment_get_day (last)),
                     >, 70);
  }

  /* Excluding a quoted record takes it out of the quotes. */
  {
    g_autoptr(PlComment) first = g_list_model_get_item (quotes, 0);
    gint64 id = pl_comment_get_entity_id (first);

    exec_sqlf ("UPDATE responses SET excluded = 1 WHERE id = %" G_GINT64_FORMAT, id);
    without = pl_theme_quotes (demo, waiting, NULL, 5, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (without), ==, 5);
    for (guint i = 0; i < 5; i++)
      {
        g_autoptr(PlComment) quote = g_list_model_get_item (without, i);

        g_assert_false (pl_comment_get_entity (quote) == PL_COMMENT_ENTITY_RESPONSE &&
                        pl_comment_get_entity_id (quote) == id);
      }
    exec_sqlf ("UPDATE responses SET excluded = 0 WHERE id = %" G_GINT64_FORMAT, id);
  }

  /* Within a period and a channel; none asked for, none given. */
  {
    g_autoptr(GListModel) email = NULL;
    g_autoptr(GListModel) none = NULL;
    PlCommentFilter filter;

    pl_comment_filter_init (&filter);
    filter.from = "2026-08-01";
    filter.to = "2026-08-31";
    filter.channel_id = 2;
    email = pl_theme_quotes (demo, waiting, &filter, 3, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (email), >, 0);
    for (guint i = 0; i < g_list_model_get_n_items (email); i++)
      {
        g_autoptr(PlComment) quote = g_list_model_get_item (email, i);

        g_assert_cmpint (pl_comment_get_channel_id (quote), ==, 2);
        g_assert_cmpstr (pl_comment_get_day (quote), >=, "2026-08-01");
        g_assert_cmpstr (pl_comment_get_day (quote), <=, "2026-08-31");
      }

    none = pl_theme_quotes (demo, waiting, NULL, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
  }

  g_assert_null (pl_theme_quotes (demo, 987654, NULL, 3, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

/* The coding page: listing, coding by hand, suggestions */

static void
test_comment_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) page1 = NULL;
  g_autoptr(GListModel) page2 = NULL;
  g_autoptr(GListModel) beyond = NULL;
  g_autoptr(GListModel) found = NULL;
  gint64 all = query_int ("SELECT COUNT (*) FROM " ALL_COMMENTS);
  PlCommentFilter filter;
  guint total = 0;

  page1 = pl_comment_list (demo, NULL, 0, 50, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, all);
  g_assert_cmpuint (g_list_model_get_n_items (page1), ==, 50);
  page2 = pl_comment_list (demo, NULL, 50, 50, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, all);
  {
    g_autoptr(PlComment) last = g_list_model_get_item (page1, 49);
    g_autoptr(PlComment) next = g_list_model_get_item (page2, 0);
    g_autoptr(PlComment) newest = g_list_model_get_item (page1, 0);

    g_autofree char *latest = pl_test_query_text (demo, "SELECT max (date (day)) FROM " ALL_COMMENTS);

    g_assert_cmpstr (pl_comment_get_day (newest), ==, latest);
    g_assert_cmpstr (pl_comment_get_day (last), >=, pl_comment_get_day (next));
    g_assert_false (pl_comment_get_entity (last) == pl_comment_get_entity (next) &&
                    pl_comment_get_entity_id (last) == pl_comment_get_entity_id (next));
  }
  beyond = pl_comment_list (demo, NULL, all, 50, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (beyond), ==, 0);

  /* Uncoded only: the comments with no code, counted in SQL. */
  pl_comment_filter_init (&filter);
  filter.uncoded_only = TRUE;
  g_clear_object (&found);
  found = pl_comment_list (demo, &filter, 0, 20, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==,
                    query_int ("SELECT COUNT (*) FROM " ALL_COMMENTS " c WHERE NOT EXISTS"
                               " (SELECT 1 FROM comment_codes cc WHERE cc.entity = c.entity"
                               "   AND cc.entity_id = c.id AND cc.question_id = 0)"));
  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(PlComment) comment = g_list_model_get_item (found, i);

      g_assert_cmpuint (pl_comment_get_n_codes (comment), ==, 0);
    }

  /* A period, a channel and sources. */
  pl_comment_filter_init (&filter);
  filter.from = "2026-06-01";
  filter.to = "2026-06-30";
  filter.channel_id = 1;
  filter.sources = PL_COMMENT_SOURCE_RESPONSES | PL_COMMENT_SOURCE_COMPLAINTS;
  g_clear_object (&found);
  found = pl_comment_list (demo, &filter, 0, 0, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==,
                    query_int ("SELECT COUNT (*) FROM " ALL_COMMENTS " WHERE entity <> 'observation'"
                               " AND channel_id = 1 AND day BETWEEN '2026-06-01' AND '2026-06-30'"));
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, total);

  /* Search: pieces of words, case and accents aside. */
  pl_comment_filter_init (&filter);
  filter.search = "  HOLD  ";
  g_clear_object (&found);
  found = pl_comment_list (demo, &filter, 0, 0, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, query_int ("SELECT COUNT (*) FROM " ALL_COMMENTS " WHERE body LIKE '%hold%'"));
  g_assert_cmpuint (total, >, 0);

  exec_sql ("UPDATE responses SET comment = 'The Café staff were lovely.'"
            " WHERE id = (SELECT max (id) FROM responses WHERE excluded = 0 AND comment IS NULL)");
  filter.search = "cafe STAFF";
  g_clear_object (&found);
  found = pl_comment_list (demo, &filter, 0, 0, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 1);
  exec_sql ("UPDATE responses SET comment = NULL WHERE comment = 'The Café staff were lovely.'");

  /* Bad days. */
  pl_comment_filter_init (&filter);
  filter.to = "27/09/2026";
  g_assert_null (pl_comment_list (demo, &filter, 0, 0, &total, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
}

static void
test_manual_coding (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) uncoded = NULL;
  g_autoptr(GListModel) coded = NULL;
  g_autoptr(PlComment) comment = NULL;
  g_autoptr(PlComment) by_rule = NULL;
  g_autoptr(PlComment) reloaded = NULL;
  g_autofree char *key = NULL;
  gint64 price = theme_id_by_name ("Price");
  gint64 billing = theme_id_by_name ("Billing");
  gint64 waiting = theme_id_by_name ("Waiting / on hold");
  gint64 codes_before, audit_before;
  PlCommentFilter filter;
  guint changed = 0;
  gulong handler;

  handler = g_signal_connect (demo, "changed::comment_codes", G_CALLBACK (count_signal_cb), &changed);

  pl_comment_filter_init (&filter);
  filter.uncoded_only = TRUE;
  filter.sources = PL_COMMENT_SOURCE_RESPONSES;
  uncoded = pl_comment_list (demo, &filter, 0, 1, NULL, &error);
  g_assert_no_error (error);
  comment = g_list_model_get_item (uncoded, 0);
  key = g_strdup_printf ("entity = 'response' AND entity_id = %" G_GINT64_FORMAT " AND question_id = 0",
                         pl_comment_get_entity_id (comment));

  /* By hand: twice is the same as once. */
  g_assert_true (pl_comment_code (comment, demo, price, &error));
  g_assert_no_error (error);
  g_assert_true (pl_comment_code (comment, demo, price, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pl_comment_get_n_codes (comment), ==, 1);
  g_assert_cmpint (pl_comment_get_code_theme_id (comment, 0), ==, price);
  g_assert_cmpint (pl_comment_get_code_origin (comment, 0), ==, PL_COMMENT_CODE_MANUAL);
  g_assert_cmpstr (pl_comment_get_themes (comment), ==, "Price");
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM comment_codes WHERE %s AND origin = 'manual'", key), ==, 1);
  g_assert_true (pl_comment_code (comment, demo, billing, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pl_comment_get_themes (comment), ==, "Billing, Price");
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM audit_log WHERE action = 'code'"), >=, 3);

  reloaded = pl_comment_load (demo, PL_COMMENT_ENTITY_RESPONSE, pl_comment_get_entity_id (comment), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_comment_get_text (reloaded), ==, pl_comment_get_text (comment));
  g_assert_cmpuint (pl_comment_get_n_codes (reloaded), ==, 2);
  g_assert_true (pl_comment_has_theme (reloaded, billing));

  g_assert_true (pl_comment_uncode (comment, demo, price, &error));
  g_assert_no_error (error);
  g_assert_true (pl_comment_uncode (comment, demo, billing, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pl_comment_get_n_codes (comment), ==, 0);
  g_assert_cmpstr (pl_comment_get_themes (comment), ==, "");
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM comment_codes WHERE %s", key), ==, 0);
  g_assert_cmpuint (changed, ==, 5);

  /* Failures change nothing. */
  codes_before = query_int ("SELECT COUNT (*) FROM comment_codes");
  audit_before = query_int ("SELECT COUNT (*) FROM audit_log");
  changed = 0;
  g_assert_false (pl_comment_uncode (comment, demo, price, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pl_comment_code (comment, demo, 987654, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (pl_theme_archive (demo, price, &error));
  g_assert_false (pl_comment_code (comment, demo, price, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (pl_theme_restore (demo, price, &error));
  exec_sqlf ("UPDATE responses SET excluded = 1 WHERE id = %" G_GINT64_FORMAT,
             pl_comment_get_entity_id (comment));
  g_assert_false (pl_comment_code (comment, demo, price, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (pl_comment_load (demo, PL_COMMENT_ENTITY_RESPONSE, pl_comment_get_entity_id (comment),
                                  0, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  exec_sqlf ("UPDATE responses SET excluded = 0 WHERE id = %" G_GINT64_FORMAT,
             pl_comment_get_entity_id (comment));
  /* a question that is not a free-text one */
  g_assert_null (pl_comment_load (demo, PL_COMMENT_ENTITY_RESPONSE, pl_comment_get_entity_id (comment),
                                  1, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM comment_codes"), ==, codes_before);
  g_assert_cmpint (query_int ("SELECT COUNT (*) FROM audit_log"), ==, audit_before + 2);  /* archive, restore */
  g_assert_cmpuint (changed, ==, 0);

  /* A code a rule gave: confirming it makes it manual; it can go. */
  pl_comment_filter_init (&filter);
  filter.theme_id = waiting;
  coded = pl_comment_list (demo, &filter, 0, 1, NULL, &error);
  g_assert_no_error (error);
  by_rule = g_list_model_get_item (coded, 0);
  g_assert_true (pl_comment_has_theme (by_rule, waiting));
  for (guint i = 0; i < pl_comment_get_n_codes (by_rule); i++)
    if (pl_comment_get_code_theme_id (by_rule, i) == waiting)
      g_assert_cmpint (pl_comment_get_code_origin (by_rule, i), ==, PL_COMMENT_CODE_RULE);

  /* suggestions leave out the themes it has */
  {
    g_autoptr(GListModel) suggestions = pl_comment_suggest (by_rule, demo, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < g_list_model_get_n_items (suggestions); i++)
      {
        g_autoptr(PlThemeRule) rule = g_list_model_get_item (suggestions, i);

        g_assert_false (pl_comment_has_theme (by_rule, pl_theme_rule_get_theme_id (rule)));
      }
  }

  g_assert_true (pl_comment_uncode (by_rule, demo, waiting, &error));
  g_assert_no_error (error);
  g_assert_false (pl_comment_has_theme (by_rule, waiting));
  {
    g_autoptr(GListModel) suggestions = pl_comment_suggest (by_rule, demo, &error);
    g_autoptr(PlThemeRule) first = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (suggestions), >=, 1);
    first = g_list_model_get_item (suggestions, 0);
    g_assert_cmpint (pl_theme_rule_get_theme_id (first), ==, waiting);
    g_test_message ("“%s” suggested by “%s”", pl_comment_get_text (by_rule),
                    pl_theme_rule_get_pattern (first));
  }
  g_assert_true (pl_comment_code (by_rule, demo, waiting, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM comment_codes WHERE entity = 'response'"
                               " AND entity_id = %" G_GINT64_FORMAT " AND theme_id = %" G_GINT64_FORMAT
                               " AND origin = 'manual'",
                               pl_comment_get_entity_id (by_rule), waiting), ==, 1);

  /* Clearing the rules' codes keeps the manual one. */
  {
    gint64 rule_codes = query_intf ("SELECT COUNT (*) FROM comment_codes WHERE theme_id = %" G_GINT64_FORMAT
                                    " AND origin = 'rule'", waiting);
    guint removed = 0;

    g_assert_true (pl_theme_clear_rule_codes (demo, waiting, &removed, &error));
    g_assert_no_error (error);
    g_assert_cmpint (removed, ==, rule_codes);
    g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM comment_codes WHERE theme_id = %" G_GINT64_FORMAT,
                                 waiting), ==, 1);
    g_assert_false (pl_theme_clear_rule_codes (demo, 987654, &removed, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  }

  g_signal_handler_disconnect (demo, handler);
}

/* A response's answer to a free-text question is a comment of its own. */
static void
test_text_answers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlComment) answer = NULL;
  g_autoptr(GListModel) suggestions = NULL;
  g_autoptr(PlThemeRule) first = NULL;
  g_autoptr(GListModel) found = NULL;
  gint64 waiting = theme_id_by_name ("Waiting / on hold");
  gint64 response_id, question_id;
  PlCommentFilter filter;
  guint total = 0;

  exec_sql ("INSERT INTO questions (survey_id, position, code, text, kind)"
            " VALUES (1, 99, 'why', 'Why did you give that score?', 'text')");
  question_id = query_int ("SELECT id FROM questions WHERE code = 'why'");
  response_id = query_int ("SELECT min (id) FROM responses WHERE excluded = 0 AND answers IS NOT NULL");
  exec_sqlf ("INSERT INTO answers (response_id, question_id, value_text)"
             " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'Stuck in the QUEUE, again.')",
             response_id, question_id);
  /* an excluded response's answer never shows */
  exec_sqlf ("INSERT INTO answers (response_id, question_id, value_text)"
             " SELECT min (id), %" G_GINT64_FORMAT ", 'Stuck in the queue too.'"
             " FROM responses WHERE excluded = 1", question_id);

  answer = pl_comment_load (demo, PL_COMMENT_ENTITY_RESPONSE, response_id, question_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_comment_get_text (answer), ==, "Stuck in the QUEUE, again.");
  g_assert_cmpint (pl_comment_get_question_id (answer), ==, question_id);

  pl_comment_filter_init (&filter);
  filter.search = "stuck in";
  found = pl_comment_list (demo, &filter, 0, 0, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 1);

  suggestions = pl_comment_suggest (answer, demo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (suggestions), ==, 1);
  first = g_list_model_get_item (suggestions, 0);
  g_assert_cmpint (pl_theme_rule_get_theme_id (first), ==, waiting);
  g_assert_cmpstr (pl_theme_rule_get_pattern (first), ==, "queue*");

  g_assert_true (pl_comment_code (answer, demo, waiting, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM comment_codes WHERE entity = 'response'"
                               " AND entity_id = %" G_GINT64_FORMAT " AND question_id = %" G_GINT64_FORMAT,
                               response_id, question_id), ==, 1);
  /* the response's own comment is another comment */
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM comment_codes WHERE entity = 'response'"
                               " AND entity_id = %" G_GINT64_FORMAT " AND question_id = 0"
                               " AND theme_id = %" G_GINT64_FORMAT, response_id, waiting), ==, 0);

  g_assert_true (pl_comment_uncode (answer, demo, waiting, &error));
  g_assert_no_error (error);
  exec_sqlf ("DELETE FROM answers WHERE question_id = %" G_GINT64_FORMAT, question_id);
  exec_sql ("DELETE FROM questions WHERE code = 'why'");
}

/* Informal feedback is a comment like any other: listed, coded by hand
 * and by the rules, counted; a trashed one stops counting. */
static void
test_informal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) comments = NULL;
  g_autoptr(PlComment) card = NULL;
  g_autoptr(PlComment) reloaded = NULL;
  PlThemeApplyResult result = { 0 };
  PlCommentFilter filter;
  gint64 price = theme_id_by_name ("Price");
  gint64 waiting = theme_id_by_name ("Waiting / on hold");
  gint64 card_id, post_id, price_before;

  exec_sql ("INSERT INTO informal_feedback (source, received_on, text, sentiment, created_at) VALUES"
            " ('comment_card', '2026-09-10', 'The new prices are far too high.', 'negative', '2026-09-10T10:00:00Z'),"
            " ('social_media', '2026-09-12', 'Waited forty minutes on hold again.', 'negative', '2026-09-12T10:00:00Z'),"
            " ('email', '2026-09-13', 'Thrown away', 'neutral', '2026-09-13T10:00:00Z')");
  card_id = query_int ("SELECT id FROM informal_feedback WHERE source = 'comment_card'");
  post_id = query_int ("SELECT id FROM informal_feedback WHERE source = 'social_media'");
  exec_sql ("UPDATE informal_feedback SET trashed_at = '2026-09-14T00:00:00Z' WHERE source = 'email'");

  pl_comment_filter_init (&filter);
  filter.sources = PL_COMMENT_SOURCE_INFORMAL;
  comments = pl_comment_list (demo, &filter, 0, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (comments), ==, 2);
  card = g_list_model_get_item (comments, 1);
  g_assert_cmpint (pl_comment_get_entity (card), ==, PL_COMMENT_ENTITY_INFORMAL);
  g_assert_cmpint (pl_comment_get_entity_id (card), ==, card_id);
  g_assert_cmpstr (pl_comment_get_day (card), ==, "2026-09-10");
  g_assert_cmpstr (pl_comment_entity_to_string (PL_COMMENT_ENTITY_INFORMAL), ==, "informal_feedback");

  /* By hand. */
  price_before = query_intf ("SELECT COUNT (*) FROM comment_codes WHERE theme_id = %" G_GINT64_FORMAT, price);
  g_assert_true (pl_comment_code (card, demo, price, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM comment_codes WHERE entity = 'informal_feedback'"
                               " AND entity_id = %" G_GINT64_FORMAT " AND theme_id = %" G_GINT64_FORMAT,
                               card_id, price), ==, 1);
  reloaded = pl_comment_load (demo, PL_COMMENT_ENTITY_INFORMAL, card_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_comment_get_text (reloaded), ==, "The new prices are far too high.");
  g_assert_true (pl_comment_has_theme (reloaded, price));

  /* By the rules: the post is about waiting. */
  g_assert_true (pl_theme_apply_rules (demo, &filter, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_intf ("SELECT COUNT (*) FROM comment_codes WHERE entity = 'informal_feedback'"
                               " AND entity_id = %" G_GINT64_FORMAT " AND theme_id = %" G_GINT64_FORMAT
                               " AND origin = 'rule'", post_id, waiting), ==, 1);

  /* A trashed card no longer counts for its theme. */
  {
    g_autoptr(PlTheme) theme = NULL;
    g_autoptr(GListModel) themes = pl_theme_list (demo, TRUE, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < g_list_model_get_n_items (themes) && theme == NULL; i++)
      {
        g_autoptr(PlTheme) t = g_list_model_get_item (themes, i);

        if (pl_theme_get_id (t) == price)
          theme = g_steal_pointer (&t);
      }
    g_assert_nonnull (theme);
    g_assert_cmpint (pl_theme_get_n_comments (theme), ==, price_before + 1);
  }
  exec_sql ("UPDATE informal_feedback SET trashed_at = '2026-09-15T00:00:00Z' WHERE source = 'comment_card'");
  g_clear_object (&reloaded);
  reloaded = pl_comment_load (demo, PL_COMMENT_ENTITY_INFORMAL, card_id, 0, &error);
  g_assert_null (reloaded);
  g_clear_error (&error);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/theme/pattern/matching", test_pattern_matching);
  g_test_add_func ("/core/theme/pattern/check", test_pattern_check);
  g_test_add_func ("/core/theme/codebook", test_codebook);
  g_test_add_func ("/core/theme/starter", test_starter);
  g_test_add_func ("/core/theme/rules", test_rules);
  g_test_add_func ("/core/theme/apply", test_apply);
  g_test_add_func ("/core/theme/frequencies", test_frequencies);
  g_test_add_func ("/core/theme/rollup-archive", test_rollup_archive);
  g_test_add_func ("/core/theme/quotes", test_quotes);
  g_test_add_func ("/core/theme/comments/list", test_comment_list);
  g_test_add_func ("/core/theme/comments/manual", test_manual_coding);
  g_test_add_func ("/core/theme/comments/text-answers", test_text_answers);
  g_test_add_func ("/core/theme/comments/informal", test_informal);

  tmp_dir = g_dir_make_tmp ("plumbline-theme-XXXXXX", &error);
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
