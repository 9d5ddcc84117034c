/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/pl-complaint.h"
#include "core/pl-demo.h"
#include "core/pl-error.h"
#include "core/pl-kpi.h"
#include "core/pl-util.h"

#include "pl-test-db.h"

/* The demo (src/core/pl-demo.c, seed PL_DEMO_DEFAULT_SEED) is made once
 * for the whole run: it takes a few seconds. */
static PlWorkspace *demo;
static char *demo_dir;

typedef struct
{
  char        *dir;
  char        *path;
  PlWorkspace *ws;
  guint        changed;
} Fixture;

/* Two channels, two colleagues, and a log of hand-checked complaints. */
static const char seed_sql[] =
  "INSERT INTO channels (id, code, name, kind) VALUES"
  " (1, 'TEL', 'Telephone', 'telephone'), (2, 'EML', 'Email', 'written');"
  "INSERT INTO teams (id, name) VALUES (1, 'Care');"
  "INSERT INTO colleagues (id, code, display_name, team_id) VALUES"
  " (1, 'C01', 'Amelia Hart', 1), (2, 'C02', 'Ben Okafor', 1);";

/* As of 2026-03-20 (hand-judged; days are resolved − received):
 *  1 received 03-02, promised 2, resolved 03-04: 2 days  → kept
 *  2 received 03-03, promised 2, resolved 03-06: 3 days  → broken
 *  3 received 03-04, promised 5, open: 03-09 < 03-20     → overdue
 *  4 received 03-05, promised 1, resolved 03-05: 0 days  → kept
 *  5 received 03-05, promised 2, resolved 03-20: 15 days → broken, but
 *    excluded: listed, not counted
 *  6 received 03-06, trashed                             → never listed
 *  7 received 03-10, promised 2, resolved 03-11T16:30Z   → kept (1 day)
 *  8 received 03-12, promised 4, open: 03-16 < 03-20     → overdue
 *  9 received 03-13, promised 10, open: 03-23 ≥ 03-20    → open
 * 10 received 03-16, promised 30, open                   → open */
static const char log_sql[] =
  "INSERT INTO complaints (id, received_on, channel_id, category, description, promised_days,"
  "                        resolved_on, colleague_id, excluded, trashed_at, created_at) VALUES"
  " (1, '2026-03-02', 1, 'Billing', 'a', 2, '2026-03-04', 1, 0, NULL, 'x'),"
  " (2, '2026-03-03', 2, 'Billing', 'b', 2, '2026-03-06', 2, 0, NULL, 'x'),"
  " (3, '2026-03-04', 1, 'Metering', 'c', 5, NULL, 1, 0, NULL, 'x'),"
  " (4, '2026-03-05', 1, 'billing', 'd', 1, '2026-03-05', NULL, 0, NULL, 'x'),"
  " (5, '2026-03-05', 2, 'Metering', 'e', 2, '2026-03-20', NULL, 1, NULL, 'x'),"
  " (6, '2026-03-06', 1, 'Trash', 'f', 1, NULL, NULL, 0, '2026-03-20T09:00:00Z', 'x'),"
  " (7, '2026-03-10', 2, 'Billing', 'g', 2, '2026-03-11T16:30:00Z', 1, 0, NULL, 'x'),"
  " (8, '2026-03-12', 1, 'Smart meters', 'h', 4, NULL, 2, 0, NULL, 'x'),"
  " (9, '2026-03-13', 1, 'Billing', 'i', 10, NULL, NULL, 0, NULL, 'x'),"
  " (10, '2026-03-16', 2, 'Metering', 'j', 30, NULL, NULL, 0, NULL, 'x');";

static void
changed_cb (PlWorkspace *ws,
            const char  *table,
            Fixture     *fixture)
{
  fixture->changed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("plumbline-complaint-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.plumbline", NULL);
  fixture->ws = pl_workspace_create (fixture->path, "Test", &error);
  g_assert_no_error (error);
  pl_test_exec (fixture->ws, seed_sql);
  if (user_data != NULL)
    pl_test_exec (fixture->ws, user_data);
  g_signal_connect (fixture->ws, "changed::complaints", G_CALLBACK (changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  g_clear_object (&fixture->ws);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);
      g_remove (file);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static PlComplaint *
make (const char *received,
      double      promised,
      const char *resolved)
{
  PlComplaint *complaint = pl_complaint_new ();

  pl_complaint_set_received_on (complaint, received);
  pl_complaint_set_promised_days (complaint, promised);
  pl_complaint_set_resolved_on (complaint, resolved);
  pl_complaint_set_description (complaint, "The bill was wrong.");
  return complaint;
}

/* Hand-judged: kept when resolved − received <= promised days, overdue
 * when received + promised is before the "as of" day. */
static void
test_state (void)
{
  g_autoptr(PlComplaint) open = make ("2026-03-02", 10, NULL);
  g_autoptr(PlComplaint) on_time = make ("2026-03-02", 10, "2026-03-12");
  g_autoptr(PlComplaint) late = make ("2026-03-02", 10, "2026-03-13");
  g_autoptr(PlComplaint) half = make ("2026-03-02", 2.5, NULL);
  g_autofree char *due = NULL;

  g_assert_cmpint (pl_complaint_get_state (on_time, "2026-09-01"), ==, PL_COMPLAINT_STATE_KEPT);
  g_assert_cmpint (pl_complaint_get_state (late, "2026-09-01"), ==, PL_COMPLAINT_STATE_BROKEN);
  g_assert_cmpint (pl_complaint_get_state (late, NULL), ==, PL_COMPLAINT_STATE_BROKEN);
  /* Due on 03-12: open that day, overdue the next. */
  g_assert_cmpint (pl_complaint_get_state (open, "2026-03-12"), ==, PL_COMPLAINT_STATE_OPEN);
  g_assert_cmpint (pl_complaint_get_state (open, "2026-03-13"), ==, PL_COMPLAINT_STATE_OVERDUE);
  g_assert_cmpint (pl_complaint_get_state (open, NULL), ==, PL_COMPLAINT_STATE_OVERDUE);
  /* A resolution after the "as of" day is not known yet. */
  g_assert_cmpint (pl_complaint_get_state (late, "2026-03-12"), ==, PL_COMPLAINT_STATE_OPEN);
  g_assert_cmpint (pl_complaint_get_state (late, "2026-03-13"), ==, PL_COMPLAINT_STATE_BROKEN);

  g_assert_cmpstr (due = pl_complaint_dup_due_on (open), ==, "2026-03-12");
  g_clear_pointer (&due, g_free);
  /* 2.5 days: resolving after 2 days keeps it, after 3 breaks it; the due
   * day is 03-04, overdue from 03-05 (03-02 + 2.5 < 03-05). */
  g_assert_cmpstr (due = pl_complaint_dup_due_on (half), ==, "2026-03-04");
  g_assert_cmpint (pl_complaint_get_state (half, "2026-03-04"), ==, PL_COMPLAINT_STATE_OPEN);
  g_assert_cmpint (pl_complaint_get_state (half, "2026-03-05"), ==, PL_COMPLAINT_STATE_OVERDUE);
  pl_complaint_set_resolved_on (half, "2026-03-04");
  g_assert_cmpint (pl_complaint_get_state (half, NULL), ==, PL_COMPLAINT_STATE_KEPT);
  pl_complaint_set_resolved_on (half, "2026-03-05");
  g_assert_cmpint (pl_complaint_get_state (half, NULL), ==, PL_COMPLAINT_STATE_BROKEN);

  /* Days to respond and resolve; -1 without the date. A month boundary:
   * 2026-02-27 to 2026-03-02 is 3 days (2026 is not a leap year). */
  g_assert_cmpint (pl_complaint_days_to_resolve (late), ==, 11);
  g_assert_cmpint (pl_complaint_days_to_resolve (open), ==, -1);
  g_assert_cmpint (pl_complaint_days_to_respond (open), ==, -1);
  pl_complaint_set_received_on (open, "2026-02-27");
  pl_complaint_set_responded_on (open, "2026-03-02");
  g_assert_cmpint (pl_complaint_days_to_respond (open), ==, 3);

  g_assert_cmpstr (pl_complaint_state_to_string (PL_COMPLAINT_STATE_OVERDUE), ==, "overdue");
  g_assert_cmpstr (pl_complaint_state_to_label (PL_COMPLAINT_STATE_KEPT), ==, "Kept");
}

static void
assert_invalid (PlComplaint      *complaint,
                PlComplaintField  field,
                const char       *message)
{
  g_autoptr(GError) error = NULL;
  PlComplaintField got = PL_COMPLAINT_FIELD_NONE;

  g_assert_false (pl_complaint_validate (complaint, &got, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (got, ==, field);
}

static void
test_validate (void)
{
  g_autoptr(PlComplaint) complaint = make ("2026-03-02", 10, "2026-03-12");
  g_autoptr(GError) error = NULL;
  PlComplaintField field = PL_COMPLAINT_FIELD_RECEIVED_ON;

  g_assert_true (pl_complaint_validate (complaint, &field, &error));
  g_assert_no_error (error);
  g_assert_cmpint (field, ==, PL_COMPLAINT_FIELD_NONE);

  pl_complaint_set_received_on (complaint, "");
  assert_invalid (complaint, PL_COMPLAINT_FIELD_RECEIVED_ON, "Give the day the complaint was received.");
  pl_complaint_set_received_on (complaint, "2026-02-30");
  assert_invalid (complaint, PL_COMPLAINT_FIELD_RECEIVED_ON,
                  "Write the day the complaint was received as YYYY-MM-DD, for example 2026-11-02.");
  pl_complaint_set_received_on (complaint, "2999-01-01");
  assert_invalid (complaint, PL_COMPLAINT_FIELD_RECEIVED_ON,
                  "The received date is in the future. Log a complaint once it has come in.");
  pl_complaint_set_received_on (complaint, " 2026-03-02 ");

  pl_complaint_set_promised_days (complaint, 0);
  assert_invalid (complaint, PL_COMPLAINT_FIELD_PROMISED_DAYS,
                  "The promised time must be more than 0 days: the number of days within which "
                  "the customer was told the complaint would be resolved.");
  pl_complaint_set_promised_days (complaint, NAN);
  assert_invalid (complaint, PL_COMPLAINT_FIELD_PROMISED_DAYS,
                  "The promised time must be more than 0 days: the number of days within which "
                  "the customer was told the complaint would be resolved.");
  pl_complaint_set_promised_days (complaint, 10);

  pl_complaint_set_description (complaint, "  \n ");
  assert_invalid (complaint, PL_COMPLAINT_FIELD_DESCRIPTION,
                  "Describe the complaint in a few words: what the customer is unhappy about.");
  pl_complaint_set_description (complaint, "Charged twice.");

  pl_complaint_set_resolved_on (complaint, "2026-03-01");
  assert_invalid (complaint, PL_COMPLAINT_FIELD_RESOLVED_ON,
                  "The complaint cannot be resolved before it was received. Check both dates.");
  pl_complaint_set_resolved_on (complaint, "2999-01-01");
  assert_invalid (complaint, PL_COMPLAINT_FIELD_RESOLVED_ON,
                  "The resolved date is in the future. Record it once the complaint is resolved.");
  pl_complaint_set_resolved_on (complaint, "12/03/2026");
  assert_invalid (complaint, PL_COMPLAINT_FIELD_RESOLVED_ON,
                  "Write the day the complaint was resolved as YYYY-MM-DD, for example 2026-11-02, "
                  "or leave it empty while it is open.");
  pl_complaint_set_resolved_on (complaint, NULL);

  pl_complaint_set_responded_on (complaint, "2026-03-01");
  assert_invalid (complaint, PL_COMPLAINT_FIELD_RESPONDED_ON,
                  "The customer cannot get a response before the complaint was received. "
                  "Check both dates.");
  /* The same day is fine. */
  pl_complaint_set_responded_on (complaint, "2026-03-02");
  g_assert_true (pl_complaint_validate (complaint, NULL, &error));
  g_assert_no_error (error);

  /* A first response after the resolution is a mistake in a date; on the
   * day it was resolved, or before, it is fine. */
  pl_complaint_set_responded_on (complaint, "2026-03-09");
  pl_complaint_set_resolved_on (complaint, "2026-03-05");
  assert_invalid (complaint, PL_COMPLAINT_FIELD_RESPONDED_ON,
                  "The first response is dated after the complaint was resolved. The customer hears "
                  "the outcome at the latest when it is resolved: check both dates.");
  pl_complaint_set_responded_on (complaint, "2026-03-05");
  g_assert_true (pl_complaint_validate (complaint, NULL, &error));
  g_assert_no_error (error);
  pl_complaint_set_responded_on (complaint, "2026-03-03");
  g_assert_true (pl_complaint_validate (complaint, NULL, &error));
  g_assert_no_error (error);
}

static gint64
count_rows (PlWorkspace *ws)
{
  return pl_test_query_int (ws, "SELECT count (*) FROM complaints");
}

static void
test_save (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(PlComplaint) complaint = make ("2026-03-02", 10, NULL);
  g_autoptr(PlComplaint) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  gint64 id;

  pl_complaint_set_reference (complaint, " CMP-1 ");
  pl_complaint_set_channel_id (complaint, 2);
  pl_complaint_set_category (complaint, " Billing ");
  pl_complaint_set_colleague_id (complaint, 1);
  pl_complaint_set_responded_on (complaint, "2026-03-03");
  g_assert_true (pl_complaint_save (complaint, fixture->ws, &error));
  g_assert_no_error (error);
  id = pl_complaint_get_id (complaint);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (fixture->changed, ==, 1);
  g_assert_cmpstr (pl_complaint_get_channel_name (complaint), ==, "Email");
  g_assert_cmpstr (pl_complaint_get_colleague_name (complaint), ==, "Amelia Hart");
  g_assert_cmpstr (row = pl_test_query_text (fixture->ws,
                                             "SELECT reference || '|' || received_on || '|' || channel_id"
                                             " || '|' || category || '|' || promised_days || '|'"
                                             " || responded_on || '|' || coalesce (resolved_on, '-')"
                                             " || '|' || colleague_id FROM complaints"),
                   ==, "CMP-1|2026-03-02|2|Billing|10.0|2026-03-03|-|1");
  g_clear_pointer (&row, g_free);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count (*) FROM audit_log WHERE action = 'create'"
                                      " AND entity = 'complaint'"), ==, 1);

  /* Resolved before received: refused, nothing written, nothing emitted. */
  pl_complaint_set_resolved_on (complaint, "2026-03-01");
  g_assert_false (pl_complaint_save (complaint, fixture->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT resolved_on IS NULL FROM complaints"), ==, 1);
  g_assert_cmpuint (fixture->changed, ==, 1);

  /* A channel that is not there: refused, nothing written. */
  pl_complaint_set_resolved_on (complaint, "2026-03-09");
  pl_complaint_set_channel_id (complaint, 99);
  g_assert_false (pl_complaint_save (complaint, fixture->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (pl_test_query_int (fixture->ws, "SELECT resolved_on IS NULL FROM complaints"), ==, 1);
  pl_complaint_set_colleague_id (complaint, 77);
  pl_complaint_set_channel_id (complaint, 0);
  g_assert_false (pl_complaint_save (complaint, fixture->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  pl_complaint_set_colleague_id (complaint, 0);

  /* The edit: resolved after 7 days, no channel or colleague. */
  pl_complaint_set_outcome (complaint, "Upheld");
  g_assert_true (pl_complaint_save (complaint, fixture->ws, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->ws), ==, 1);
  g_assert_cmpuint (fixture->changed, ==, 2);
  loaded = pl_complaint_load (fixture->ws, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_complaint_get_resolved_on (loaded), ==, "2026-03-09");
  g_assert_cmpstr (pl_complaint_get_outcome (loaded), ==, "Upheld");
  g_assert_cmpint (pl_complaint_get_channel_id (loaded), ==, 0);
  g_assert_cmpstr (pl_complaint_get_channel_name (loaded), ==, "");
  g_assert_cmpint (pl_complaint_days_to_resolve (loaded), ==, 7);
  g_assert_cmpint (pl_complaint_get_state (loaded, NULL), ==, PL_COMPLAINT_STATE_KEPT);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count (*) FROM audit_log WHERE action = 'update'"
                                      " AND entity = 'complaint'"), ==, 1);

  /* Trash and restore. */
  g_assert_true (pl_complaint_trash (loaded, fixture->ws, &error));
  g_assert_no_error (error);
  g_assert_true (pl_complaint_get_trashed (loaded));
  {
    g_autoptr(GListModel) list = pl_complaint_list (fixture->ws, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  }
  g_assert_true (pl_complaint_restore (loaded, fixture->ws, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GListModel) list = pl_complaint_list (fixture->ws, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  }
  g_assert_cmpuint (fixture->changed, ==, 4);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count (*) FROM audit_log WHERE entity = 'complaint'"
                                      " AND action IN ('trash', 'restore')"), ==, 2);

  g_clear_object (&loaded);
  loaded = pl_complaint_load (fixture->ws, 4242, &error);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_assert_null (loaded);
}

static char *
listed_ids (PlWorkspace             *ws,
            const PlComplaintFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = pl_complaint_list (ws, filter, &error);
  GString *ids = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(PlComplaint) complaint = g_list_model_get_item (list, i);

      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "",
                              pl_complaint_get_id (complaint));
    }

  return g_string_free (ids, FALSE);
}

#define ASSERT_LISTED(filter, expected)                        \
  G_STMT_START {                                               \
    g_autofree char *ids_ = listed_ids (fixture->ws, filter);  \
    g_assert_cmpstr (ids_, ==, expected);                      \
  } G_STMT_END

static void
test_list (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) categories = NULL;
  g_autofree char *as_of = NULL;
  g_autofree char *joined = NULL;
  PlComplaintFilter filter;
  PlComplaintCounts counts;
  double percent = 0;

  pl_complaint_filter_init (&filter);
  filter.as_of = "2026-03-20";

  /* Newest first; the trashed one never. */
  ASSERT_LISTED (&filter, "10 9 8 7 5 4 3 2 1");
  filter.state = PL_COMPLAINT_STATE_KEPT;
  ASSERT_LISTED (&filter, "7 4 1");
  /* Excluded complaints still show their state in the log. */
  filter.state = PL_COMPLAINT_STATE_BROKEN;
  ASSERT_LISTED (&filter, "5 2");
  filter.state = PL_COMPLAINT_STATE_OVERDUE;
  ASSERT_LISTED (&filter, "8 3");
  filter.state = PL_COMPLAINT_STATE_OPEN;
  ASSERT_LISTED (&filter, "10 9");
  /* A day earlier, complaint 5 is not resolved yet and is overdue. */
  filter.as_of = "2026-03-19";
  filter.state = PL_COMPLAINT_STATE_OVERDUE;
  ASSERT_LISTED (&filter, "8 5 3");
  filter.as_of = "2026-03-20";
  filter.state = -1;

  filter.channel_id = 2;
  ASSERT_LISTED (&filter, "10 7 5 2");
  filter.channel_id = 0;
  filter.colleague_id = 1;
  ASSERT_LISTED (&filter, "7 3 1");
  filter.colleague_id = 0;
  filter.category = "BILLING";
  ASSERT_LISTED (&filter, "9 7 4 2 1");
  filter.received_from = "2026-03-04";
  filter.received_to = "2026-03-10";
  ASSERT_LISTED (&filter, "7 4");
  filter.category = NULL;
  ASSERT_LISTED (&filter, "7 5 4 3");

  /* Counts: 9 listed, 1 excluded; of the 8 others 3 kept, 1 broken, 2
   * overdue, 2 open. Kept: 3 of 6 judged = 50%. */
  pl_complaint_filter_init (&filter);
  filter.as_of = "2026-03-20";
  filter.state = PL_COMPLAINT_STATE_BROKEN;   /* ignored */
  g_assert_true (pl_complaint_count (fixture->ws, &filter, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.total, ==, 9);
  g_assert_cmpint (counts.excluded, ==, 1);
  g_assert_cmpint (counts.by_state[PL_COMPLAINT_STATE_KEPT], ==, 3);
  g_assert_cmpint (counts.by_state[PL_COMPLAINT_STATE_BROKEN], ==, 1);
  g_assert_cmpint (counts.by_state[PL_COMPLAINT_STATE_OVERDUE], ==, 2);
  g_assert_cmpint (counts.by_state[PL_COMPLAINT_STATE_OPEN], ==, 2);
  g_assert_true (pl_complaint_counts_kept_percent (&counts, &percent));
  g_assert_cmpfloat (percent, ==, 50.0);

  /* Email only: 2 broken, 7 kept, 5 excluded, 10 open → 1 of 2 = 50%. */
  filter.channel_id = 2;
  g_assert_true (pl_complaint_count (fixture->ws, &filter, &counts, &error));
  g_assert_cmpint (counts.total, ==, 4);
  g_assert_cmpint (counts.by_state[PL_COMPLAINT_STATE_OPEN], ==, 1);
  g_assert_true (pl_complaint_counts_kept_percent (&counts, &percent));
  g_assert_cmpfloat (percent, ==, 50.0);
  /* Nothing judged yet: no percentage. */
  filter.channel_id = 0;
  filter.received_from = "2026-03-13";
  g_assert_true (pl_complaint_count (fixture->ws, &filter, &counts, &error));
  g_assert_cmpint (counts.total, ==, 2);
  g_assert_false (pl_complaint_counts_kept_percent (&counts, &percent));

  /* Categories, most used first; "billing" and "Billing" are one. The
   * trashed complaint's category is not suggested. */
  categories = pl_complaint_list_categories (fixture->ws, &error);
  g_assert_no_error (error);
  joined = g_strjoinv (",", categories);
  g_assert_cmpstr (joined, ==, "Billing,Metering,Smart meters");

  /* The KPI's "as of": the latest received or resolved day (03-20, the
   * excluded complaint's resolution is left out: 03-16). */
  as_of = pl_complaint_dup_log_as_of (fixture->ws, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (as_of, ==, "2026-03-16");
}

/* Every complaint of the demo: the state the log shows (SQL, as listed)
 * is the state the object computes, on several days. */
static void
test_demo_states_agree (void)
{
  const char *days[] = { "2026-05-01", "2026-09-20", PL_DEMO_END_DATE, "2026-11-01" };
  g_autoptr(GError) error = NULL;
  gint64 total = 0;

  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      gint64 seen = 0;

      for (int s = 0; s < PL_COMPLAINT_N_STATES; s++)
        {
          g_autoptr(GListModel) list = NULL;
          PlComplaintFilter filter;

          pl_complaint_filter_init (&filter);
          filter.state = s;
          filter.as_of = days[d];
          list = pl_complaint_list (demo, &filter, &error);
          g_assert_no_error (error);
          for (guint i = 0; i < g_list_model_get_n_items (list); i++)
            {
              g_autoptr(PlComplaint) complaint = g_list_model_get_item (list, i);

              g_assert_cmpint (pl_complaint_get_state (complaint, days[d]), ==, s);
            }
          seen += g_list_model_get_n_items (list);
        }

      g_assert_cmpint (seen, ==, pl_test_query_int (demo, "SELECT count (*) FROM complaints"));
      total = seen;
    }

  /* The demo's about 250 complaints (N_COMPLAINTS_EXPECTED). */
  g_assert_cmpint (total, >, 200);
  g_assert_cmpint (total, <, 300);
}

/* The log and the complaints KPI agree: for every month the KPI reports,
 * the kept share the log counts (as of the KPI's day) is the KPI's value,
 * over the same number of complaints; a month the KPI leaves out still
 * holds complaints that are open and not yet due. */
static void
test_demo_agrees_with_kpi (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlKpi) kpi = pl_kpi_new_from_template (pl_kpi_template_find ("complaints"));
  g_autoptr(GArray) points = NULL;
  g_autofree char *as_of = NULL;
  guint reported = 0;
  guint next = 0;

  pl_kpi_set_period (kpi, PL_PERIOD_MONTH);
  points = pl_kpi_compute (kpi, demo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, >=, 4);

  as_of = pl_complaint_dup_log_as_of (demo, &error);
  g_assert_no_error (error);
  {
    g_autofree char *received = pl_test_query_text (demo, "SELECT max (received_on) FROM complaints");
    g_autofree char *resolved = pl_test_query_text (demo, "SELECT max (resolved_on) FROM complaints");

    g_assert_cmpstr (as_of, ==, strcmp (received, resolved) > 0 ? received : resolved);
    g_assert_cmpstr (as_of, <=, PL_DEMO_END_DATE);
  }

  /* The demo runs from 2026-03-30: March to September. */
  for (int month = 3; month <= 9; month++)
    {
      g_autofree char *from = g_strdup_printf ("2026-%02d-01", month);
      g_autofree char *to = g_strdup_printf ("2026-%02d-31", month);
      PlComplaintFilter filter;
      PlComplaintCounts counts;
      double percent;

      pl_complaint_filter_init (&filter);
      filter.as_of = as_of;
      filter.received_from = from;
      filter.received_to = to;
      g_assert_true (pl_complaint_count (demo, &filter, &counts, &error));
      g_assert_no_error (error);

      if (next < points->len &&
          g_strcmp0 (g_array_index (points, PlKpiPoint, next).period_start, from) == 0)
        {
          const PlKpiPoint *point = &g_array_index (points, PlKpiPoint, next++);

          g_assert_cmpint (counts.by_state[PL_COMPLAINT_STATE_OPEN], ==, 0);
          g_assert_true (pl_complaint_counts_kept_percent (&counts, &percent));
          g_assert_cmpfloat_with_epsilon (percent, point->value, 1e-9);
          g_assert_cmpint (point->n, ==, counts.total - counts.excluded);
          g_test_message ("%s: %.1f%% of %" G_GINT64_FORMAT " kept", from, percent, point->n);
          reported++;
        }
      else if (counts.total > 0)
        g_assert_cmpint (counts.by_state[PL_COMPLAINT_STATE_OPEN], >, 0);
    }

  g_assert_cmpuint (next, ==, points->len);
  g_assert_cmpuint (reported, >=, 4);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  demo_dir = g_dir_make_tmp ("plumbline-complaint-demo-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (demo_dir, "demo.plumbline", NULL);
  demo = pl_demo_create (path, PL_DEMO_DEFAULT_SEED, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/core/complaint/state", test_state);
  g_test_add_func ("/core/complaint/validate", test_validate);
  g_test_add ("/core/complaint/save", Fixture, NULL, fixture_set_up, test_save, fixture_tear_down);
  g_test_add ("/core/complaint/list", Fixture, log_sql, fixture_set_up, test_list, fixture_tear_down);
  g_test_add_func ("/core/complaint/demo-states-agree", test_demo_states_agree);
  g_test_add_func ("/core/complaint/demo-agrees-with-kpi", test_demo_agrees_with_kpi);

  status = g_test_run ();

  g_clear_object (&demo);
  {
    const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
        g_remove (file);
      }
    g_rmdir (demo_dir);
  }
  g_free (demo_dir);

  return status;
}
