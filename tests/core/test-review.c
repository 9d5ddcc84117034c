/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/pl-demo.h"
#include "core/pl-error.h"
#include "core/pl-review.h"
#include "core/pl-workspace.h"
#include "pl-test-db.h"

static const char fixture_sql[] =
  "INSERT INTO channels (id, code, name, kind) VALUES"
  " (1, 'tel', 'Telephone', 'telephone'),"
  " (2, 'email', 'Email', 'written'),"
  " (3, 'chat', 'Web chat', 'online');"
  "INSERT INTO teams (id, name) VALUES (1, 'North'), (2, 'South');"
  "INSERT INTO colleagues (id, code, display_name, team_id) VALUES (1, 'C001', 'Ann', 1);"
  "INSERT INTO kpis (id, code, name, source, calculation, direction, target, red_threshold,"
  "                  created_at, updated_at) VALUES"
  " (1, 'csat', 'Customer satisfaction', 'complaints', 'within_promise', 'higher', 80, 70, 'x', 'x'),"
  " (2, 'fcr', 'First contact resolution', 'complaints', 'within_promise', 'higher', 75, 60, 'x', 'x'),"
  " (3, 'resolved', 'Complaints resolved on time', 'complaints', 'within_promise', 'higher', 90, 80, 'x', 'x');";

/* Every table a save writes, to prove a failed save changes none. */
static const char * const tables[] = {
  "reviews", "review_scope", "review_objectives", "review_people",
  "review_kpis", "review_methods", "audit_log",
};

typedef struct
{
  char *dir;
  char *path;
  PlWorkspace *ws;
} Fixture;

static PlWorkspace *demo;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("plumbline-review-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.plumbline", NULL);
  fixture->ws = pl_workspace_create (fixture->path, "Test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->ws);

  pl_workspace_exec (fixture->ws, fixture_sql, &error);
  g_assert_no_error (error);
}

static void
remove_workspace (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_remove (file);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->ws);
  remove_workspace (fixture->path);
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static gint64
count_rows (PlWorkspace *ws,
            const char  *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);

  return pl_test_query_int (ws, sql);
}

static void
snapshot_counts (PlWorkspace *ws,
                 gint64      *counts)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    counts[i] = count_rows (ws, tables[i]);
}

static void
changed_cb (PlWorkspace *ws,
            const char  *table,
            gpointer     user_data)
{
  guint *n = user_data;

  g_assert_cmpstr (table, ==, "reviews");
  (*n)++;
}

/* A complete plan: every part filled in. */
static PlReview *
make_full_review (void)
{
  PlReview *review = pl_review_new ();
  PlReviewPerson *person;

  pl_review_set_title (review, "Telephone service, spring 2026");
  pl_review_set_period_start (review, "2026-04-01");
  pl_review_set_period_end (review, "2026-06-30");
  pl_review_set_scope (review, "Calls and emails to the billing line");
  pl_review_set_processes_in (review, "Taking payments; billing queries");
  pl_review_set_processes_out (review, "Meter installation");
  pl_review_set_communication (review, "Team meetings and an email from the head of service");
  pl_review_set_communicated_on (review, "2026-03-25");
  pl_review_set_information (review, "Satisfaction scores and comments, call scores, complaints");

  pl_review_add_scope_item (review, PL_REVIEW_ENTITY_CHANNEL, 1, TRUE, NULL);
  pl_review_add_scope_item (review, PL_REVIEW_ENTITY_TEAM, 1, TRUE, NULL);
  pl_review_add_scope_item (review, PL_REVIEW_ENTITY_CHANNEL, 3, FALSE, NULL);

  pl_review_add_objective (review, "Decide whether to extend opening hours to 8pm", NULL);
  pl_review_add_objective (review, "Decide whether billing calls need a specialist queue",
                           "Yes, from July");

  pl_review_add_person (review, PL_REVIEW_ROLE_DECISION_MAKER, "Head of Customer Service",
                        NULL, NULL);
  person = pl_review_add_person (review, PL_REVIEW_ROLE_AFFECTED, "North team",
                                 "Team meeting", "2026-03-26");
  person->team_id = 1;
  person = pl_review_add_person (review, PL_REVIEW_ROLE_AFFECTED, "Ann",
                                 "One-to-one", NULL);
  person->colleague_id = 1;

  pl_review_add_kpi (review, 2, "Getting it sorted first time");
  pl_review_add_kpi (review, 1, "Overall satisfaction");

  pl_review_add_method (review, PL_REVIEW_METHOD_CALL_LISTENING,
                        "Most billing contacts are calls, and recordings show what was said",
                        "20 calls a week, stratified by colleague");
  pl_review_add_method (review, PL_REVIEW_METHOD_SURVEY,
                        "Gives satisfaction scores with reasons", NULL);

  return review;
}

static void
save_ok (PlReview    *review,
         PlWorkspace *ws)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pl_review_save (review, ws, &error));
  g_assert_no_error (error);
}

/* Catalogue */

/* The quoted words of the CHECK (@column IN (...)) in @table's schema. */
static GPtrArray *
check_list (PlWorkspace *ws,
            const char  *table,
            const char  *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT sql FROM sqlite_master WHERE name = '%s'", table);
  g_autofree char *schema = pl_test_query_text (ws, sql);
  g_autofree char *needle = g_strdup_printf ("CHECK (%s IN (", column);
  g_autoptr(GRegex) regex = g_regex_new ("'([a-z_]+)'", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *start = strstr (schema, needle);
  g_autofree char *list = NULL;

  g_assert_nonnull (start);
  start += strlen (needle);
  list = g_strndup (start, strchr (start, ')') - start);

  g_regex_match (regex, list, 0, &match);
  while (g_match_info_matches (match))
    {
      g_ptr_array_add (words, g_match_info_fetch (match, 1));
      g_match_info_next (match, NULL);
    }

  return words;
}

static void
test_catalogue (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GPtrArray) schema_methods = check_list (fixture->ws, "review_methods", "method");
  g_autoptr(GHashTable) descriptions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (PL_TYPE_REVIEW_METHOD);
  g_autoptr(GError) error = NULL;
  PlReviewMethod method;

  /* The schema's list and the enum agree, in the same order. */
  g_assert_cmpuint (schema_methods->len, ==, PL_REVIEW_N_METHODS);
  g_assert_cmpuint (enum_class->n_values, ==, PL_REVIEW_N_METHODS);

  pl_test_exec (fixture->ws,
                "INSERT INTO reviews (id, title, period_start, period_end, created_at, updated_at)"
                " VALUES (1, 'R', '2026-04-01', '2026-06-30', 'x', 'x')");

  for (guint i = 0; i < PL_REVIEW_N_METHODS; i++)
    {
      const PlReviewMethodInfo *info = pl_review_method_get_info (i);
      const char *fields[] = {
        info->id, info->name, info->description, info->advantages, info->limitations,
        info->validity, info->reliability, info->disruption,
      };
      g_autoptr(sqlite3_stmt) stmt = NULL;

      g_assert_nonnull (info);
      g_assert_cmpint (info->method, ==, i);
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          g_assert_nonnull (fields[f]);
          g_assert_cmpuint (strlen (fields[f]), >, 0);
        }
      /* Every text field is a sentence or more, not a placeholder. */
      for (guint f = 2; f < G_N_ELEMENTS (fields); f++)
        g_assert_cmpuint (strlen (fields[f]), >=, 20);
      g_assert_cmpint (info->data_kind, <=, PL_REVIEW_DATA_BOTH);
      g_assert_nonnull (pl_review_data_kind_to_label (info->data_kind));

      /* No description copied from another method. */
      g_assert_false (g_hash_table_contains (descriptions, info->description));
      g_hash_table_add (descriptions, (gpointer) info->description);

      g_assert_cmpstr (info->id, ==, g_ptr_array_index (schema_methods, i));
      g_assert_cmpstr (pl_review_method_to_string (i), ==, info->id);
      g_assert_cmpstr (g_enum_get_value (enum_class, i)->value_nick, ==, info->id);
      g_assert_true (pl_review_method_from_string (info->id, &method));
      g_assert_cmpint (method, ==, i);

      /* The database takes every id. */
      stmt = pl_workspace_prepare (fixture->ws,
                                   "INSERT INTO review_methods (review_id, method, justification)"
                                   " VALUES (1, ?, 'Because')",
                                   &error);
      g_assert_no_error (error);
      sqlite3_bind_text (stmt, 1, info->id, -1, SQLITE_STATIC);
      g_assert_true (pl_workspace_step_done (fixture->ws, stmt, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpint (count_rows (fixture->ws, "review_methods"), ==, PL_REVIEW_N_METHODS);
  g_assert_false (pl_review_method_from_string ("secret_shopping", &method));
  g_assert_false (pl_review_method_from_string (NULL, &method));
  g_assert_false (pl_review_method_from_string ("", &method));

  /* Spot checks of the content (unit 403 AC 2.2): figures count, focus
   * groups explain, mystery shopping scores standards and notes why. */
  g_assert_cmpint (pl_review_method_get_info (PL_REVIEW_METHOD_FIGURES)->data_kind, ==,
                   PL_REVIEW_DATA_QUANTITATIVE);
  g_assert_cmpint (pl_review_method_get_info (PL_REVIEW_METHOD_STAFF_ABSENCE)->data_kind, ==,
                   PL_REVIEW_DATA_QUANTITATIVE);
  g_assert_cmpint (pl_review_method_get_info (PL_REVIEW_METHOD_FOCUS_GROUP)->data_kind, ==,
                   PL_REVIEW_DATA_QUALITATIVE);
  g_assert_cmpint (pl_review_method_get_info (PL_REVIEW_METHOD_MYSTERY_SHOPPING)->data_kind, ==,
                   PL_REVIEW_DATA_BOTH);
  g_assert_true (g_str_has_prefix (pl_review_method_get_info (PL_REVIEW_METHOD_MYSTERY_SHOPPING)->validity,
                                   "High"));
  g_assert_true (g_str_has_prefix (pl_review_method_get_info (PL_REVIEW_METHOD_MYSTERY_SHOPPING)->reliability,
                                   "Low"));
  g_assert_cmpstr (pl_review_method_get_info (PL_REVIEW_METHOD_CALL_LISTENING)->name, ==,
                   "Telephone listening");
}

static void
test_status_enum (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GPtrArray) schema_statuses = check_list (fixture->ws, "reviews", "status");
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (PL_TYPE_REVIEW_STATUS);

  g_assert_cmpuint (schema_statuses->len, ==, PL_REVIEW_STATUS_CLOSED + 1);
  g_assert_cmpuint (enum_class->n_values, ==, PL_REVIEW_STATUS_CLOSED + 1);

  for (guint i = 0; i <= PL_REVIEW_STATUS_CLOSED; i++)
    {
      PlReviewStatus status;

      g_assert_cmpstr (pl_review_status_to_string (i), ==, g_ptr_array_index (schema_statuses, i));
      g_assert_cmpstr (g_enum_get_value (enum_class, i)->value_nick, ==,
                       pl_review_status_to_string (i));
      g_assert_true (pl_review_status_from_string (pl_review_status_to_string (i), &status));
      g_assert_cmpint (status, ==, i);
      g_assert_cmpuint (strlen (pl_review_status_to_label (i)), >, 0);
      g_assert_cmpuint (strlen (pl_review_status_get_description (i)), >, 20);
    }

  g_assert_cmpstr (pl_review_status_to_label (PL_REVIEW_STATUS_COLLECTING), ==, "Collecting");
  g_assert_false (pl_review_status_from_string ("open", NULL));
  g_assert_false (pl_review_status_from_string (NULL, NULL));
}

/* Storage */

static void
assert_full_review (PlReview *loaded)
{
  GPtrArray *parts;
  PlReviewScopeItem *item;
  PlReviewObjective *objective;
  PlReviewPerson *person;
  PlReviewKpi *kpi;
  PlReviewMethodChoice *choice;

  g_assert_cmpstr (pl_review_get_title (loaded), ==, "Telephone service, spring 2026");
  g_assert_cmpstr (pl_review_get_period_start (loaded), ==, "2026-04-01");
  g_assert_cmpstr (pl_review_get_period_end (loaded), ==, "2026-06-30");
  g_assert_cmpint (pl_review_get_status (loaded), ==, PL_REVIEW_STATUS_PLANNING);
  g_assert_cmpstr (pl_review_get_scope (loaded), ==, "Calls and emails to the billing line");
  g_assert_cmpstr (pl_review_get_processes_in (loaded), ==, "Taking payments; billing queries");
  g_assert_cmpstr (pl_review_get_processes_out (loaded), ==, "Meter installation");
  g_assert_cmpstr (pl_review_get_communication (loaded), ==,
                   "Team meetings and an email from the head of service");
  g_assert_cmpstr (pl_review_get_communicated_on (loaded), ==, "2026-03-25");
  g_assert_cmpstr (pl_review_get_information (loaded), ==,
                   "Satisfaction scores and comments, call scores, complaints");
  g_assert_cmpstr (pl_review_get_trashed_at (loaded), ==, "");
  g_assert_true (g_str_has_suffix (pl_review_get_created_at (loaded), "Z"));
  g_assert_true (g_str_has_suffix (pl_review_get_updated_at (loaded), "Z"));

  /* Scope in the stored order: channels (included first), then teams. */
  parts = pl_review_get_scope_items (loaded);
  g_assert_cmpuint (parts->len, ==, 3);
  item = g_ptr_array_index (parts, 0);
  g_assert_cmpint (item->entity, ==, PL_REVIEW_ENTITY_CHANNEL);
  g_assert_cmpint (item->entity_id, ==, 1);
  g_assert_true (item->included);
  g_assert_cmpstr (item->name, ==, "Telephone");
  item = g_ptr_array_index (parts, 1);
  g_assert_cmpint (item->entity, ==, PL_REVIEW_ENTITY_CHANNEL);
  g_assert_cmpint (item->entity_id, ==, 3);
  g_assert_false (item->included);
  g_assert_cmpstr (item->name, ==, "Web chat");
  item = g_ptr_array_index (parts, 2);
  g_assert_cmpint (item->entity, ==, PL_REVIEW_ENTITY_TEAM);
  g_assert_cmpint (item->entity_id, ==, 1);
  g_assert_true (item->included);
  g_assert_cmpstr (item->name, ==, "North");

  parts = pl_review_get_objectives (loaded);
  g_assert_cmpuint (parts->len, ==, 2);
  objective = g_ptr_array_index (parts, 0);
  g_assert_cmpstr (objective->text, ==, "Decide whether to extend opening hours to 8pm");
  g_assert_null (objective->decision);
  objective = g_ptr_array_index (parts, 1);
  g_assert_cmpstr (objective->text, ==, "Decide whether billing calls need a specialist queue");
  g_assert_cmpstr (objective->decision, ==, "Yes, from July");

  parts = pl_review_get_people (loaded);
  g_assert_cmpuint (parts->len, ==, 3);
  person = g_ptr_array_index (parts, 0);
  g_assert_cmpint (person->role, ==, PL_REVIEW_ROLE_DECISION_MAKER);
  g_assert_cmpstr (person->name, ==, "Head of Customer Service");
  g_assert_null (person->how_told);
  g_assert_null (person->told_on);
  g_assert_cmpint (person->colleague_id, ==, 0);
  g_assert_cmpint (person->team_id, ==, 0);
  person = g_ptr_array_index (parts, 1);
  g_assert_cmpint (person->role, ==, PL_REVIEW_ROLE_AFFECTED);
  g_assert_cmpstr (person->name, ==, "North team");
  g_assert_cmpstr (person->how_told, ==, "Team meeting");
  g_assert_cmpstr (person->told_on, ==, "2026-03-26");
  g_assert_cmpint (person->team_id, ==, 1);
  person = g_ptr_array_index (parts, 2);
  g_assert_cmpstr (person->name, ==, "Ann");
  g_assert_cmpstr (person->how_told, ==, "One-to-one");
  g_assert_null (person->told_on);
  g_assert_cmpint (person->colleague_id, ==, 1);

  /* KPIs keep the user's order, not the id order. */
  parts = pl_review_get_kpis (loaded);
  g_assert_cmpuint (parts->len, ==, 2);
  kpi = g_ptr_array_index (parts, 0);
  g_assert_cmpint (kpi->kpi_id, ==, 2);
  g_assert_cmpstr (kpi->code, ==, "fcr");
  g_assert_cmpstr (kpi->name, ==, "First contact resolution");
  g_assert_cmpstr (kpi->feature, ==, "Getting it sorted first time");
  kpi = g_ptr_array_index (parts, 1);
  g_assert_cmpint (kpi->kpi_id, ==, 1);
  g_assert_cmpstr (kpi->name, ==, "Customer satisfaction");

  parts = pl_review_get_methods (loaded);
  g_assert_cmpuint (parts->len, ==, 2);
  choice = g_ptr_array_index (parts, 0);
  g_assert_cmpint (choice->method, ==, PL_REVIEW_METHOD_CALL_LISTENING);
  g_assert_cmpstr (choice->justification, ==,
                   "Most billing contacts are calls, and recordings show what was said");
  g_assert_cmpstr (choice->details, ==, "20 calls a week, stratified by colleague");
  choice = g_ptr_array_index (parts, 1);
  g_assert_cmpint (choice->method, ==, PL_REVIEW_METHOD_SURVEY);
  g_assert_null (choice->details);
  g_assert_true (pl_review_find_method (loaded, PL_REVIEW_METHOD_SURVEY) == choice);
  g_assert_null (pl_review_find_method (loaded, PL_REVIEW_METHOD_COMPLAINTS));
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(PlReview) review = make_full_review ();
  g_autoptr(PlReview) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  guint n_changed = 0;

  g_signal_connect (fixture->ws, "changed::reviews", G_CALLBACK (changed_cb), &n_changed);

  /* Dates are stored as YYYY-MM-DD whatever form they were typed in. */
  pl_review_set_period_start (review, "2026-4-1");

  save_ok (review, fixture->ws);
  g_assert_cmpint (pl_review_get_id (review), >, 0);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpstr (pl_review_get_period_start (review), ==, "2026-04-01");

  g_assert_cmpint (count_rows (fixture->ws, "reviews"), ==, 1);
  g_assert_cmpint (count_rows (fixture->ws, "review_scope"), ==, 3);
  g_assert_cmpint (count_rows (fixture->ws, "review_objectives"), ==, 2);
  g_assert_cmpint (count_rows (fixture->ws, "review_people"), ==, 3);
  g_assert_cmpint (count_rows (fixture->ws, "review_kpis"), ==, 2);
  g_assert_cmpint (count_rows (fixture->ws, "review_methods"), ==, 2);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count(*) FROM audit_log WHERE entity = 'review'"
                                      " AND action = 'create'"), ==, 1);
  detail = pl_test_query_text (fixture->ws, "SELECT detail FROM audit_log WHERE entity = 'review'");
  g_assert_cmpstr (detail, ==, "Telephone service, spring 2026");
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count(*) FROM reviews WHERE period_start = '2026-04-01'"
                                      " AND status = 'planning' AND trashed_at IS NULL"), ==, 1);

  /* Saving filled in the names, and put the scope in the stored order. */
  assert_full_review (review);

  loaded = pl_review_load (fixture->ws, pl_review_get_id (review), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_review_get_id (loaded), ==, pl_review_get_id (review));
  g_assert_cmpstr (pl_review_get_created_at (loaded), ==, pl_review_get_created_at (review));
  assert_full_review (loaded);

  /* A review that is not there. */
  g_clear_object (&loaded);
  loaded = pl_review_load (fixture->ws, 999, &error);
  g_assert_null (loaded);
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

static void
test_update_replaces (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(PlReview) review = make_full_review ();
  g_autoptr(PlReview) loaded = NULL;
  g_autoptr(GError) error = NULL;
  PlReviewScopeItem *item;
  gint64 id;
  guint n_changed = 0;

  save_ok (review, fixture->ws);
  id = pl_review_get_id (review);
  g_signal_connect (fixture->ws, "changed::reviews", G_CALLBACK (changed_cb), &n_changed);

  pl_review_set_title (review, "  Billing line review  ");
  pl_review_set_communicated_on (review, "");
  pl_review_clear_parts (review);
  pl_review_add_scope_item (review, PL_REVIEW_ENTITY_CHANNEL, 2, TRUE, NULL);
  pl_review_add_objective (review, "Decide whether email replies need a template", NULL);
  pl_review_add_kpi (review, 3, "Keeping promises");
  pl_review_add_method (review, PL_REVIEW_METHOD_WRITTEN_REVIEW,
                        "Replies are kept in full and can be scored later", NULL);
  pl_review_add_method (review, PL_REVIEW_METHOD_COMPLAINTS,
                        "Shows where billing goes wrong", "All complaints in the period");
  g_assert_true (pl_review_set_status (review, PL_REVIEW_STATUS_COLLECTING, &error));
  save_ok (review, fixture->ws);

  g_assert_cmpint (pl_review_get_id (review), ==, id);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpstr (pl_review_get_title (review), ==, "Billing line review");

  g_assert_cmpint (count_rows (fixture->ws, "reviews"), ==, 1);
  g_assert_cmpint (count_rows (fixture->ws, "review_scope"), ==, 1);
  g_assert_cmpint (count_rows (fixture->ws, "review_objectives"), ==, 1);
  g_assert_cmpint (count_rows (fixture->ws, "review_people"), ==, 0);
  g_assert_cmpint (count_rows (fixture->ws, "review_kpis"), ==, 1);
  g_assert_cmpint (count_rows (fixture->ws, "review_methods"), ==, 2);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count(*) FROM audit_log WHERE entity = 'review'"
                                      " AND action = 'update'"), ==, 1);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count(*) FROM reviews WHERE communicated_on IS NULL"
                                      " AND status = 'collecting'"), ==, 1);

  loaded = pl_review_load (fixture->ws, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_review_get_title (loaded), ==, "Billing line review");
  g_assert_cmpstr (pl_review_get_communicated_on (loaded), ==, "");
  g_assert_cmpint (pl_review_get_status (loaded), ==, PL_REVIEW_STATUS_COLLECTING);
  g_assert_cmpuint (pl_review_get_scope_items (loaded)->len, ==, 1);
  item = g_ptr_array_index (pl_review_get_scope_items (loaded), 0);
  g_assert_cmpstr (item->name, ==, "Email");
  g_assert_cmpuint (pl_review_get_people (loaded)->len, ==, 0);
  g_assert_cmpstr (((PlReviewKpi *) g_ptr_array_index (pl_review_get_kpis (loaded), 0))->name, ==,
                   "Complaints resolved on time");
  g_assert_cmpint (((PlReviewMethodChoice *) g_ptr_array_index (pl_review_get_methods (loaded), 1))->method,
                   ==, PL_REVIEW_METHOD_COMPLAINTS);

  /* Saving a review someone else removed. */
  pl_test_exec (fixture->ws, "DELETE FROM reviews");
  g_assert_false (pl_review_save (review, fixture->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_assert_cmpint (count_rows (fixture->ws, "reviews"), ==, 0);
  g_assert_cmpint (count_rows (fixture->ws, "review_methods"), ==, 0);
}

static PlReview *
save_period (PlWorkspace *ws,
             const char  *title,
             const char  *start,
             const char  *end)
{
  PlReview *review = pl_review_new ();

  pl_review_set_title (review, title);
  pl_review_set_period_start (review, start);
  pl_review_set_period_end (review, end);
  pl_review_add_method (review, PL_REVIEW_METHOD_FIGURES, "Already recorded", NULL);
  save_ok (review, ws);
  return review;
}

static void
assert_list (PlWorkspace *ws,
             const char **titles)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = pl_review_list (ws, &error);
  guint n = g_strv_length ((GStrv) titles);

  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (list) == PL_TYPE_REVIEW);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlReview) review = g_list_model_get_item (list, i);

      g_assert_cmpstr (pl_review_get_title (review), ==, titles[i]);
      /* Listed reviews carry their parts, so saving one keeps them. */
      g_assert_cmpuint (pl_review_get_methods (review)->len, ==, 1);
    }
}

static void
test_list_order (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(PlReview) winter = save_period (fixture->ws, "Winter", "2026-01-01", "2026-03-31");
  g_autoptr(PlReview) spring = save_period (fixture->ws, "Spring", "2026-04-01", "2026-06-30");
  g_autoptr(PlReview) april = save_period (fixture->ws, "April to May", "2026-04-01", "2026-05-31");
  g_autoptr(PlReview) autumn = save_period (fixture->ws, "Autumn 2025", "2025-09-01", "2025-11-30");
  const char *expected[] = { "Spring", "April to May", "Winter", "Autumn 2025", NULL };

  /* Latest start first; for the same start, the later end first. */
  assert_list (fixture->ws, expected);
}

static void
test_trash_restore (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(PlReview) winter = save_period (fixture->ws, "Winter", "2026-01-01", "2026-03-31");
  g_autoptr(PlReview) spring = save_period (fixture->ws, "Spring", "2026-04-01", "2026-06-30");
  g_autoptr(PlReview) loaded = NULL;
  g_autoptr(GError) error = NULL;
  const char *both[] = { "Spring", "Winter", NULL };
  const char *winter_only[] = { "Winter", NULL };
  guint n_changed = 0;

  g_signal_connect (fixture->ws, "changed::reviews", G_CALLBACK (changed_cb), &n_changed);

  g_assert_true (pl_review_trash (spring, fixture->ws, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpstr (pl_review_get_trashed_at (spring), !=, "");
  assert_list (fixture->ws, winter_only);

  /* In the trash, the review and its plan are still there. */
  g_assert_cmpint (count_rows (fixture->ws, "reviews"), ==, 2);
  g_assert_cmpint (count_rows (fixture->ws, "review_methods"), ==, 2);
  loaded = pl_review_load (fixture->ws, pl_review_get_id (spring), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_review_get_trashed_at (loaded), ==, pl_review_get_trashed_at (spring));
  g_assert_cmpuint (pl_review_get_methods (loaded)->len, ==, 1);

  g_assert_true (pl_review_restore (spring, fixture->ws, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 2);
  g_assert_cmpstr (pl_review_get_trashed_at (spring), ==, "");
  assert_list (fixture->ws, both);
  g_assert_cmpint (pl_test_query_int (fixture->ws,
                                      "SELECT count(*) FROM audit_log WHERE entity = 'review'"
                                      " AND action IN ('trash', 'restore')"), ==, 2);

  /* A review that is gone cannot be trashed; nothing else changes. */
  pl_test_exec (fixture->ws, "DELETE FROM reviews WHERE title = 'Spring'");
  g_assert_false (pl_review_trash (spring, fixture->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
  g_assert_cmpstr (pl_review_get_trashed_at (spring), ==, "");
  g_assert_cmpuint (n_changed, ==, 2);
  assert_list (fixture->ws, winter_only);
}

/* Validation */

typedef void (*Breaker) (PlReview *review);

static void
break_title (PlReview *review)
{
  pl_review_set_title (review, "   ");
}

static void
break_start_missing (PlReview *review)
{
  pl_review_set_period_start (review, "");
}

static void
break_start_invalid (PlReview *review)
{
  pl_review_set_period_start (review, "2026-02-30");
}

static void
break_end_invalid (PlReview *review)
{
  pl_review_set_period_end (review, "end of June");
}

static void
break_end_before_start (PlReview *review)
{
  pl_review_set_period_end (review, "2026-03-31");
}

static void
break_communicated_on (PlReview *review)
{
  pl_review_set_communicated_on (review, "last week");
}

static void
break_justification (PlReview *review)
{
  PlReviewMethodChoice *choice = pl_review_find_method (review, PL_REVIEW_METHOD_CALL_LISTENING);

  g_free (choice->justification);
  choice->justification = g_strdup (" \n ");
}

static void
break_method_twice (PlReview *review)
{
  pl_review_add_method (review, PL_REVIEW_METHOD_SURVEY, "Again", NULL);
}

static void
break_objective (PlReview *review)
{
  pl_review_add_objective (review, "", NULL);
}

static void
break_channel_in_and_out (PlReview *review)
{
  pl_review_add_scope_item (review, PL_REVIEW_ENTITY_CHANNEL, 1, FALSE, NULL);
}

static void
break_team_twice (PlReview *review)
{
  pl_review_add_scope_item (review, PL_REVIEW_ENTITY_TEAM, 1, TRUE, NULL);
}

static void
break_missing_channel (PlReview *review)
{
  pl_review_add_scope_item (review, PL_REVIEW_ENTITY_CHANNEL, 99, TRUE, NULL);
}

static void
break_missing_kpi (PlReview *review)
{
  pl_review_add_kpi (review, 99, "Speed");
}

static void
break_kpi_twice (PlReview *review)
{
  pl_review_add_kpi (review, 1, "Again");
}

static void
break_person_name (PlReview *review)
{
  pl_review_add_person (review, PL_REVIEW_ROLE_DECISION_MAKER, " ", NULL, NULL);
}

static void
break_told_on (PlReview *review)
{
  pl_review_add_person (review, PL_REVIEW_ROLE_AFFECTED, "South team", "Email", "2026-13-01");
}

typedef struct
{
  Breaker     breaker;
  const char *message;   /* the whole message, or a part of it */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { break_title, "Give the review a title, for example “Telephone service, spring 2026”." },
  { break_start_missing, "Enter the first day of the review period." },
  { break_start_invalid, "“2026-02-30” is not a date. Enter the first day of the review period" },
  { break_end_invalid, "“end of June” is not a date. Enter the last day of the review period" },
  { break_end_before_start, "The review period ends (31 Mar 2026) before it starts (1 Apr 2026)." },
  { break_communicated_on, "“last week” is not a date." },
  { break_justification, "Say why telephone listening suits this review: the justification is "
                         "what an assessor looks for." },
  { break_method_twice, "“Survey” is chosen twice. Keep it once." },
  { break_objective, "Objective 3 is empty." },
  { break_channel_in_and_out, "The channel “Telephone” cannot be both in and out of the review." },
  { break_team_twice, "The team “North” is listed twice in the scope." },
  { break_missing_channel, "Channel number 99 in the scope is not in the workspace." },
  { break_missing_kpi, "KPI number 99 is not in the workspace." },
  { break_kpi_twice, "The KPI “Customer satisfaction” is listed twice." },
  { break_person_name, "Give each decision maker a name or a role" },
  { break_told_on, "“2026-13-01” is not a date. Enter the day South team was told" },
};

static void
assert_refused (PlWorkspace       *ws,
                PlReview          *review,
                const InvalidCase *c)
{
  g_autoptr(GError) error = NULL;
  gint64 before[G_N_ELEMENTS (tables)];
  gint64 after[G_N_ELEMENTS (tables)];
  gint64 id = pl_review_get_id (review);
  guint n_changed = 0;
  gulong handler;

  handler = g_signal_connect (ws, "changed::reviews", G_CALLBACK (changed_cb), &n_changed);
  snapshot_counts (ws, before);

  g_assert_false (pl_review_save (review, ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  if (strstr (error->message, c->message) == NULL)
    g_error ("Expected “%s” in “%s”", c->message, error->message);

  snapshot_counts (ws, after);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_assert_cmpint (after[i], ==, before[i]);
  g_assert_cmpint (pl_review_get_id (review), ==, id);
  g_assert_cmpuint (n_changed, ==, 0);
  g_signal_handler_disconnect (ws, handler);

  /* No transaction is left open. */
  g_assert_true (sqlite3_get_autocommit (pl_workspace_get_db (ws)));
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(PlReview) saved = make_full_review ();
  g_autoptr(GError) error = NULL;

  save_ok (saved, fixture->ws);

  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autoptr(PlReview) fresh = make_full_review ();
      g_autoptr(PlReview) existing = pl_review_load (fixture->ws, pl_review_get_id (saved), &error);
      g_autofree char *title = NULL;

      g_test_message ("case %u: %s", i, invalid_cases[i].message);
      g_assert_no_error (error);

      /* A new review is not inserted… */
      invalid_cases[i].breaker (fresh);
      assert_refused (fixture->ws, fresh, &invalid_cases[i]);
      g_assert_cmpint (pl_review_get_id (fresh), ==, 0);

      /* …and a saved one keeps what it had, even where other fields changed too. */
      pl_review_set_processes_out (existing, "Changed but not saved");
      invalid_cases[i].breaker (existing);
      assert_refused (fixture->ws, existing, &invalid_cases[i]);
      title = pl_test_query_text (fixture->ws, "SELECT processes_out FROM reviews");
      g_assert_cmpstr (title, ==, "Meter installation");
    }

  /* The validation alone says the same, without a workspace. */
  {
    g_autoptr(PlReview) review = make_full_review ();

    g_assert_true (pl_review_validate (review, &error));
    g_assert_no_error (error);
    break_justification (review);
    g_assert_false (pl_review_validate (review, &error));
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  }
}

static void
test_save_rolls_back (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(PlReview) review = make_full_review ();
  g_autoptr(GError) error = NULL;
  gint64 before[G_N_ELEMENTS (tables)];
  gint64 after[G_N_ELEMENTS (tables)];
  guint n_changed = 0;

  g_signal_connect (fixture->ws, "changed::reviews", G_CALLBACK (changed_cb), &n_changed);
  snapshot_counts (fixture->ws, before);

  /* The audit entry fails after every part went in: nothing may remain. */
  pl_test_exec (fixture->ws,
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log"
                " WHEN NEW.entity = 'review' BEGIN SELECT RAISE (ABORT, 'refused'); END");
  g_assert_false (pl_review_save (review, fixture->ws, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_cmpint (pl_review_get_id (review), ==, 0);
  snapshot_counts (fixture->ws, after);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_assert_cmpint (after[i], ==, before[i]);
  g_assert_cmpuint (n_changed, ==, 0);

  pl_test_exec (fixture->ws, "DROP TRIGGER refuse_audit");
  save_ok (review, fixture->ws);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpint (count_rows (fixture->ws, "review_people"), ==, 3);

  /* Inside the caller's transaction: a savepoint, no signal, the caller's
   * rollback undoes it. */
  {
    g_autoptr(PlReview) nested = make_full_review ();

    pl_test_exec (fixture->ws, "BEGIN");
    save_ok (nested, fixture->ws);
    g_assert_cmpint (count_rows (fixture->ws, "reviews"), ==, 2);
    g_assert_cmpuint (n_changed, ==, 1);
    pl_test_exec (fixture->ws, "ROLLBACK");
    g_assert_cmpint (count_rows (fixture->ws, "reviews"), ==, 1);
  }
}

/* Status */

static void
test_status_moves (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(PlReview) review = make_full_review ();
  g_autoptr(PlReview) loaded = NULL;
  g_autoptr(GError) error = NULL;
  const PlReviewStatus walk[] = {
    PL_REVIEW_STATUS_COLLECTING, PL_REVIEW_STATUS_PLANNING, PL_REVIEW_STATUS_COLLECTING,
    PL_REVIEW_STATUS_EVALUATING, PL_REVIEW_STATUS_IMPROVING, PL_REVIEW_STATUS_CLOSED,
    PL_REVIEW_STATUS_IMPROVING, PL_REVIEW_STATUS_CLOSED,
  };

  /* One step either way or none; never two. */
  for (int from = 0; from <= PL_REVIEW_STATUS_CLOSED; from++)
    for (int to = 0; to <= PL_REVIEW_STATUS_CLOSED; to++)
      g_assert_cmpint (pl_review_status_can_move (from, to), ==, ABS (from - to) <= 1);

  g_assert_cmpint (pl_review_get_status (review), ==, PL_REVIEW_STATUS_PLANNING);

  /* Planning cannot jump ahead. */
  g_assert_false (pl_review_set_status (review, PL_REVIEW_STATUS_EVALUATING, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "A review in planning can only move on to “Collecting”, one stage at a time. "
                   "It cannot go straight to “Evaluating”.");
  g_clear_error (&error);
  g_assert_false (pl_review_set_status (review, PL_REVIEW_STATUS_CLOSED, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pl_review_get_status (review), ==, PL_REVIEW_STATUS_PLANNING);

  /* Staying put is allowed. */
  g_assert_true (pl_review_set_status (review, PL_REVIEW_STATUS_PLANNING, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (walk); i++)
    {
      g_assert_true (pl_review_set_status (review, walk[i], &error));
      g_assert_no_error (error);
      g_assert_cmpint (pl_review_get_status (review), ==, walk[i]);
    }

  /* Closed can only be reopened to improving. */
  g_assert_false (pl_review_set_status (review, PL_REVIEW_STATUS_PLANNING, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "A closed review can only be reopened to “Improving”. It cannot go straight "
                   "back to “Planning”.");
  g_clear_error (&error);
  g_assert_false (pl_review_set_status (review, PL_REVIEW_STATUS_EVALUATING, &error));
  g_clear_error (&error);
  g_assert_cmpint (pl_review_get_status (review), ==, PL_REVIEW_STATUS_CLOSED);

  /* A middle stage names both neighbours. */
  g_assert_true (pl_review_set_status (review, PL_REVIEW_STATUS_IMPROVING, &error));
  g_assert_true (pl_review_set_status (review, PL_REVIEW_STATUS_EVALUATING, &error));
  g_assert_false (pl_review_set_status (review, PL_REVIEW_STATUS_PLANNING, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "A review moves one stage at a time: from “Evaluating” it can go on to "
                   "“Improving” or back to “Collecting”, not to “Planning”.");
  g_clear_error (&error);

  /* The stage is stored with the review. */
  save_ok (review, fixture->ws);
  loaded = pl_review_load (fixture->ws, pl_review_get_id (review), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pl_review_get_status (loaded), ==, PL_REVIEW_STATUS_EVALUATING);
}

/* Summary */

static void
assert_warnings (PlReview         *review,
                 const char       *today,
                 PlReviewWarnings  expected,
                 guint             n_lines)
{
  g_auto(GStrv) lines = pl_review_dup_warnings (review, today);

  g_assert_cmphex (pl_review_check (review, today), ==, expected);
  g_assert_cmpuint (g_strv_length (lines), ==, n_lines);
  for (guint i = 0; i < n_lines; i++)
    g_assert_cmpuint (strlen (lines[i]), >, 20);
}

static gboolean
strv_contains_part (GStrv       lines,
                    const char *part)
{
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], part) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_summary_warnings (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(PlReview) review = pl_review_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_auto(GStrv) lines = NULL;
  PlReviewMethodChoice *listening;
  PlReviewMethodChoice *shopping;
  PlReviewKpi *kpi;
  PlReviewPerson *ann;
  PlReviewPerson *south;
  const char *before = "2026-03-15";

  pl_review_set_title (review, "Spring review");
  pl_review_set_period_start (review, "2026-04-01");
  pl_review_set_period_end (review, "2026-06-30");

  /* An empty plan lacks objectives, methods and KPIs. */
  assert_warnings (review, before,
                   PL_REVIEW_WARNING_NO_OBJECTIVES | PL_REVIEW_WARNING_NO_METHODS |
                   PL_REVIEW_WARNING_NO_KPIS, 3);
  summary = pl_review_dup_summary (review, before);
  g_assert_nonnull (strstr (summary, "Still to do"));
  g_assert_nonnull (strstr (summary, "All channels and teams are included."));
  g_assert_nonnull (strstr (summary, "There are no objectives yet."));
  g_clear_pointer (&summary, g_free);

  /* A blank objective does not count as one. */
  pl_review_add_objective (review, "  ", NULL);
  assert_warnings (review, before,
                   PL_REVIEW_WARNING_NO_OBJECTIVES | PL_REVIEW_WARNING_NO_METHODS |
                   PL_REVIEW_WARNING_NO_KPIS, 3);
  g_ptr_array_set_size (pl_review_get_objectives (review), 0);
  pl_review_add_objective (review, "Decide whether to add a web chat team", NULL);
  assert_warnings (review, before,
                   PL_REVIEW_WARNING_NO_METHODS | PL_REVIEW_WARNING_NO_KPIS, 2);

  /* Two methods without a justification: one line each. */
  listening = pl_review_add_method (review, PL_REVIEW_METHOD_CALL_LISTENING, "", NULL);
  pl_review_add_method (review, PL_REVIEW_METHOD_MYSTERY_SHOPPING, NULL, NULL);
  assert_warnings (review, before,
                   PL_REVIEW_WARNING_UNJUSTIFIED | PL_REVIEW_WARNING_NO_KPIS, 3);
  lines = pl_review_dup_warnings (review, before);
  g_assert_true (strv_contains_part (lines, "“Telephone listening” has no justification."));
  g_assert_true (strv_contains_part (lines, "Say why mystery shopping suits this review"));
  g_clear_pointer (&lines, g_strfreev);
  g_free (listening->justification);
  listening->justification = g_strdup ("Most contacts are calls");
  shopping = pl_review_find_method (review, PL_REVIEW_METHOD_MYSTERY_SHOPPING);
  g_free (shopping->justification);
  shopping->justification = g_strdup ("Tests the greeting standard as a customer meets it");
  assert_warnings (review, before, PL_REVIEW_WARNING_NO_KPIS, 1);

  /* A KPI without its feature of service. */
  kpi = pl_review_add_kpi (review, 1, NULL);
  assert_warnings (review, before, PL_REVIEW_WARNING_KPI_NO_FEATURE, 1);
  lines = pl_review_dup_warnings (review, before);
  g_assert_true (strv_contains_part (lines, "Say which feature of service “KPI 1” measures"));
  g_clear_pointer (&lines, g_strfreev);
  g_assert_true (pl_review_resolve_names (review, fixture->ws, &error));
  g_assert_no_error (error);
  lines = pl_review_dup_warnings (review, before);
  g_assert_true (strv_contains_part (lines, "“Customer satisfaction”"));
  g_clear_pointer (&lines, g_strfreev);
  kpi->feature = g_strdup ("Overall satisfaction");
  assert_warnings (review, before, PL_REVIEW_WARNING_NONE, 0);

  /* Colleagues affected but not told; a decision maker needs no record. */
  pl_review_add_person (review, PL_REVIEW_ROLE_DECISION_MAKER, "Operations director", NULL, NULL);
  assert_warnings (review, before, PL_REVIEW_WARNING_NONE, 0);
  ann = pl_review_add_person (review, PL_REVIEW_ROLE_AFFECTED, "Ann", NULL, NULL);
  south = pl_review_add_person (review, PL_REVIEW_ROLE_AFFECTED, "South team", " ", NULL);
  assert_warnings (review, before, PL_REVIEW_WARNING_NOT_TOLD, 2);
  lines = pl_review_dup_warnings (review, before);
  g_assert_true (strv_contains_part (lines, "how “Ann” heard about the review"));
  g_clear_pointer (&lines, g_strfreev);
  ann->how_told = g_strdup ("One-to-one");
  g_free (south->how_told);
  south->how_told = g_strdup ("Team meeting");
  assert_warnings (review, before, PL_REVIEW_WARNING_NONE, 0);

  /* The period starts 2026-04-01: on that day it is fine, the day after
   * it is late; after the end it says the period has ended. */
  assert_warnings (review, "2026-04-01", PL_REVIEW_WARNING_NONE, 0);
  assert_warnings (review, "2026-04-02", PL_REVIEW_WARNING_NOT_COLLECTING, 1);
  lines = pl_review_dup_warnings (review, "2026-04-02");
  g_assert_true (strv_contains_part (lines, "started on 1 Apr 2026 but collecting has not"));
  g_clear_pointer (&lines, g_strfreev);
  lines = pl_review_dup_warnings (review, "2026-07-01");
  g_assert_true (strv_contains_part (lines, "ended on 30 Jun 2026 but collecting never started"));
  g_clear_pointer (&lines, g_strfreev);
  g_assert_true (pl_review_set_status (review, PL_REVIEW_STATUS_COLLECTING, &error));
  assert_warnings (review, "2026-04-02", PL_REVIEW_WARNING_NONE, 0);

  /* The complete plan's summary lists every part and nothing to do. */
  pl_review_add_scope_item (review, PL_REVIEW_ENTITY_CHANNEL, 1, TRUE, NULL);
  pl_review_add_scope_item (review, PL_REVIEW_ENTITY_TEAM, 2, FALSE, NULL);
  pl_review_set_processes_in (review, "Payments");
  pl_review_set_information (review, "Call scores and shopper reports");
  pl_review_set_communication (review, "Team briefing");
  pl_review_set_communicated_on (review, "2026-03-20");
  g_assert_true (pl_review_resolve_names (review, fixture->ws, &error));
  g_assert_no_error (error);

  summary = pl_review_dup_summary (review, "2026-04-02");
  g_test_message ("%s", summary);
  g_assert_null (strstr (summary, "Still to do"));
  {
    const char *parts[] = {
      "Review\n  Title: Spring review\n  Period: 1 Apr 2026 to 30 Jun 2026\n"
      "  Stage: Collecting — Gather the information",
      "Included: Telephone (channel)",
      "Left out: South (team)",
      "Processes reviewed: Payments",
      "Objectives\n  1. Decide whether to add a web chat team\n",
      "Decision maker: Operations director",
      "Affected: Ann — told by One-to-one",
      "Customer satisfaction — measures Overall satisfaction",
      "Telephone listening (Quantitative and qualitative): Most contacts are calls",
      "Mystery shopping (Quantitative and qualitative): Tests the greeting",
      "Information to collect\n  Call scores and shopper reports\n",
      "Team briefing\n  Communicated on 20 Mar 2026\n",
    };

    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      if (strstr (summary, parts[i]) == NULL)
        g_error ("Expected “%s” in the summary:\n%s", parts[i], summary);
  }

  /* The structured form has the same eight sections. */
  {
    g_autoptr(GPtrArray) sections = pl_review_dup_summary_sections (review);
    PlReviewSummarySection *methods;

    g_assert_cmpuint (sections->len, ==, 8);
    methods = g_ptr_array_index (sections, 5);
    g_assert_cmpstr (methods->heading, ==, "Data collection methods");
    g_assert_cmpuint (g_strv_length (methods->lines), ==, 2);
  }

  /* The wizard's plan saves without complaint. */
  save_ok (review, fixture->ws);
}

/* On the demo workspace: its real channels, teams and KPIs. */
static void
test_demo (void)
{
  g_autoptr(PlReview) review = pl_review_new ();
  g_autoptr(PlReview) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gint64 n_kpis = pl_test_query_int (demo, "SELECT count(*) FROM kpis");
  int rc;

  g_assert_cmpint (n_kpis, ==, 8);

  pl_review_set_title (review, "Kestrel spring review");
  pl_review_set_period_start (review, "2026-03-30");
  pl_review_set_period_end (review, PL_DEMO_END_DATE);
  pl_review_add_objective (review, "Decide where coaching time goes next quarter", NULL);
  pl_review_add_method (review, PL_REVIEW_METHOD_FIGURES, "Every contact is already counted", NULL);

  stmt = pl_workspace_prepare (demo, "SELECT id, name FROM kpis ORDER BY id DESC", &error);
  g_assert_no_error (error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      pl_review_add_kpi (review, sqlite3_column_int64 (stmt, 0), "Feature");
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  pl_review_add_scope_item (review, PL_REVIEW_ENTITY_TEAM,
                            pl_test_query_int (demo, "SELECT min(id) FROM teams"), TRUE, NULL);

  save_ok (review, demo);
  loaded = pl_review_load (demo, pl_review_get_id (review), &error);
  g_assert_no_error (error);

  g_assert_cmpuint (pl_review_get_kpis (loaded)->len, ==, n_kpis);
  for (guint i = 0; i < names->len; i++)
    {
      PlReviewKpi *kpi = g_ptr_array_index (pl_review_get_kpis (loaded), i);
      g_assert_cmpstr (kpi->name, ==, g_ptr_array_index (names, i));
    }
  {
    g_autofree char *team = pl_test_query_text (demo, "SELECT name FROM teams ORDER BY id LIMIT 1");
    PlReviewScopeItem *item = g_ptr_array_index (pl_review_get_scope_items (loaded), 0);

    g_assert_cmpstr (item->name, ==, team);
  }
  /* The demo's period has begun (it starts on the first day of data). */
  g_assert_true (pl_review_check (loaded, "2026-04-15") & PL_REVIEW_WARNING_NOT_COLLECTING);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/core/review/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("catalogue", test_catalogue);
  ADD ("status/enum", test_status_enum);
  ADD ("status/moves", test_status_moves);
  ADD ("save/round-trip", test_round_trip);
  ADD ("save/update-replaces", test_update_replaces);
  ADD ("save/validation", test_validation);
  ADD ("save/rolls-back", test_save_rolls_back);
  ADD ("list/order", test_list_order);
  ADD ("trash-restore", test_trash_restore);
  ADD ("summary/warnings", test_summary_warnings);
#undef ADD

  dir = g_dir_make_tmp ("plumbline-review-demo-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "demo.plumbline", NULL);
  /* About three seconds: made once for the binary. */
  demo = pl_demo_create (path, PL_DEMO_DEFAULT_SEED, NULL, &error);
  g_assert_no_error (error);
  g_test_add_func ("/core/review/demo", test_demo);

  status = g_test_run ();

  g_clear_object (&demo);
  remove_workspace (path);
  g_rmdir (dir);
  return status;
}
