/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pl-calibration.h"
#include "pl-error.h"
#include "pl-scorecard.h"
#include "pl-util.h"

static const char * const state_names[] = {
  [PL_CALIBRATION_SCORING] = "scoring",
  [PL_CALIBRATION_REVEALED] = "revealed",
  [PL_CALIBRATION_AGREED] = "agreed",
};

const char *
pl_calibration_state_to_string (PlCalibrationState state)
{
  g_return_val_if_fail (state <= PL_CALIBRATION_AGREED, NULL);

  return state_names[state];
}

gboolean
pl_calibration_state_from_string (const char         *text,
                                  PlCalibrationState *state)
{
  int index = pl_names_index (state_names, G_N_ELEMENTS (state_names), text);

  g_return_val_if_fail (state != NULL, FALSE);

  if (index < 0)
    return FALSE;

  *state = (PlCalibrationState) index;
  return TRUE;
}

const char *
pl_calibration_state_describe (PlCalibrationState state)
{
  switch (state)
    {
    case PL_CALIBRATION_SCORING:
      return C_("calibration state", "Scoring");
    case PL_CALIBRATION_REVEALED:
      return C_("calibration state", "Revealed");
    case PL_CALIBRATION_AGREED:
    default:
      return C_("calibration state", "Agreed");
    }
}

char *
pl_calibration_format_value (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("N/A");

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", value));
}

/* -------------------------------------------------------------------- */
/* PlCalibrationSession                                                  */
/* -------------------------------------------------------------------- */

struct _PlCalibrationSession
{
  GObject parent_instance;

  gint64 id;
  char *title;
  char *held_on;
  gint64 scorecard_id;
  char *scorecard_name;
  gint64 interaction_id;
  gint64 colleague_id;
  char *colleague_name;
  gint64 channel_id;
  char *reference;
  PlCalibrationState state;
  double consensus_score;
  GStrv evaluators;
  GHashTable *submitted;   /* evaluator names that have submitted */
};

G_DEFINE_FINAL_TYPE (PlCalibrationSession, pl_calibration_session, G_TYPE_OBJECT)

static void
pl_calibration_session_finalize (GObject *object)
{
  PlCalibrationSession *self = PL_CALIBRATION_SESSION (object);

  g_free (self->title);
  g_free (self->held_on);
  g_free (self->scorecard_name);
  g_free (self->colleague_name);
  g_free (self->reference);
  g_strfreev (self->evaluators);
  g_hash_table_unref (self->submitted);

  G_OBJECT_CLASS (pl_calibration_session_parent_class)->finalize (object);
}

static void
pl_calibration_session_class_init (PlCalibrationSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pl_calibration_session_finalize;
}

static void
pl_calibration_session_init (PlCalibrationSession *self)
{
  self->consensus_score = NAN;
  self->submitted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->evaluators = g_new0 (char *, 1);
}

gint64
pl_calibration_session_get_id (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), 0);
  return self->id;
}

const char *
pl_calibration_session_get_title (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), NULL);
  return self->title;
}

const char *
pl_calibration_session_get_held_on (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), NULL);
  return self->held_on;
}

gint64
pl_calibration_session_get_scorecard_id (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), 0);
  return self->scorecard_id;
}

const char *
pl_calibration_session_get_scorecard_name (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), NULL);
  return self->scorecard_name;
}

gint64
pl_calibration_session_get_interaction_id (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), 0);
  return self->interaction_id;
}

gint64
pl_calibration_session_get_colleague_id (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), 0);
  return self->colleague_id;
}

const char *
pl_calibration_session_get_colleague_name (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), NULL);
  return self->colleague_name;
}

gint64
pl_calibration_session_get_channel_id (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), 0);
  return self->channel_id;
}

const char *
pl_calibration_session_get_reference (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), NULL);
  return self->reference;
}

PlCalibrationState
pl_calibration_session_get_state (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), PL_CALIBRATION_SCORING);
  return self->state;
}

double
pl_calibration_session_get_consensus_score (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), NAN);
  return self->consensus_score;
}

const char * const *
pl_calibration_session_get_evaluators (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), NULL);
  return (const char * const *) self->evaluators;
}

guint
pl_calibration_session_get_n_evaluators (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), 0);
  return g_strv_length (self->evaluators);
}

gboolean
pl_calibration_session_has_submitted (PlCalibrationSession *self,
                                      const char           *evaluator)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), FALSE);
  return evaluator != NULL && g_hash_table_contains (self->submitted, evaluator);
}

guint
pl_calibration_session_get_n_submitted (PlCalibrationSession *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_SESSION (self), 0);
  return g_hash_table_size (self->submitted);
}

#define SESSION_COLUMNS \
  "s.id, s.title, s.held_on, s.scorecard_id, sc.name, s.interaction_id, s.colleague_id," \
  " c.display_name, s.channel_id, s.reference, s.state, s.consensus_score"
#define SESSION_FROM \
  " FROM calibration_sessions s" \
  " JOIN scorecards sc ON sc.id = s.scorecard_id" \
  " LEFT JOIN colleagues c ON c.id = s.colleague_id"

static gpointer
session_from_row (sqlite3_stmt *stmt)
{
  PlCalibrationSession *self = g_object_new (PL_TYPE_CALIBRATION_SESSION, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->title = g_strdup (pl_column_text (stmt, 1));
  self->held_on = g_strdup (pl_column_text (stmt, 2));
  self->scorecard_id = sqlite3_column_int64 (stmt, 3);
  self->scorecard_name = g_strdup (pl_column_text (stmt, 4));
  self->interaction_id = sqlite3_column_int64 (stmt, 5);
  self->colleague_id = sqlite3_column_int64 (stmt, 6);
  self->colleague_name = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  self->channel_id = sqlite3_column_int64 (stmt, 8);
  self->reference = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  if (!pl_calibration_state_from_string (pl_column_text (stmt, 10), &self->state))
    self->state = PL_CALIBRATION_SCORING;
  if (sqlite3_column_type (stmt, 11) != SQLITE_NULL)
    self->consensus_score = sqlite3_column_double (stmt, 11);

  return self;
}

/* Fills the evaluators of every session in @by_id. */
static gboolean
load_evaluators (PlWorkspace  *workspace,
                 GHashTable   *by_id,
                 gint64        only_session,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                       (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT session_id, evaluator, submitted_at IS NOT NULL"
                               " FROM calibration_evaluators"
                               " WHERE ?1 = 0 OR session_id = ?1"
                               " ORDER BY session_id, evaluator",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, only_session);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      PlCalibrationSession *session = g_hash_table_lookup (by_id, &id);
      const char *name = pl_column_text (stmt, 1);
      GPtrArray *list;

      if (session == NULL || name == NULL)
        continue;

      list = g_hash_table_lookup (names, &session->id);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (names, &session->id, list);
        }
      g_ptr_array_add (list, g_strdup (name));
      if (sqlite3_column_int (stmt, 2))
        g_hash_table_add (session->submitted, g_strdup (name));
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The evaluators could not be read"));
      return FALSE;
    }

  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      PlCalibrationSession *session = g_hash_table_lookup (by_id, key);
      GPtrArray *list = value;

      g_ptr_array_add (list, NULL);
      g_strfreev (session->evaluators);
      session->evaluators = (GStrv) g_ptr_array_steal (list, NULL);
    }

  return TRUE;
}

GListModel *
pl_calibration_list (PlWorkspace  *workspace,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListModel) sessions = NULL;
  g_autoptr(GHashTable) by_id = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " SESSION_COLUMNS SESSION_FROM
                               " WHERE s.trashed_at IS NULL"
                               " ORDER BY s.held_on DESC, s.id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  sessions = pl_workspace_collect (workspace, stmt, PL_TYPE_CALIBRATION_SESSION,
                                   session_from_row,
                                   _("The calibration sessions could not be read"), error);
  if (sessions == NULL)
    return NULL;

  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      PlCalibrationSession *session = g_list_model_get_item (sessions, i);

      g_hash_table_insert (by_id, &session->id, session);
    }

  if (!load_evaluators (workspace, by_id, 0, error))
    return NULL;

  return g_steal_pointer (&sessions);
}

PlCalibrationSession *
pl_calibration_load (PlWorkspace  *workspace,
                     gint64        session_id,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PlCalibrationSession) session = NULL;
  g_autoptr(GHashTable) by_id = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " SESSION_COLUMNS SESSION_FROM " WHERE s.id = ?",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, session_id);
  session = pl_workspace_fetch_one (workspace, stmt, session_from_row,
                                    _("This calibration session is no longer in the workspace."),
                                    _("The calibration session could not be read"), error);
  if (session == NULL)
    return NULL;

  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_hash_table_insert (by_id, &session->id, session);
  if (!load_evaluators (workspace, by_id, session_id, error))
    return NULL;

  return g_steal_pointer (&session);
}

/* -------------------------------------------------------------------- */
/* Creating                                                              */
/* -------------------------------------------------------------------- */

static gboolean
row_exists (PlWorkspace  *workspace,
            const char   *sql,
            gint64        id,
            gboolean     *exists,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The workspace could not be read"));
      return FALSE;
    }

  *exists = rc == SQLITE_ROW;
  return TRUE;
}

/* The evaluators' names, stripped, in order; NULL with an error when
 * fewer than two or a name is given twice. */
static GPtrArray *
check_evaluators (const char * const  *names,
                  GError             **error)
{
  g_autoptr(GPtrArray) evaluators = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) folded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *name = pl_str_stripped (names[i]);
      g_autofree char *key = NULL;

      if (*name == '\0')
        continue;

      key = g_utf8_casefold (name, -1);
      if (g_hash_table_contains (folded, key))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("“%s” is named twice; each evaluator takes part once."), name);
          return NULL;
        }
      g_hash_table_add (folded, g_steal_pointer (&key));
      g_ptr_array_add (evaluators, g_steal_pointer (&name));
    }

  if (evaluators->len < 2)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A calibration session needs at least two evaluators."));
      return NULL;
    }

  return g_steal_pointer (&evaluators);
}

static gboolean
find_interaction (PlWorkspace  *workspace,
                  const char   *reference,
                  gint64        interaction_id,
                  gint64       *out_id,
                  gint64       *out_colleague,
                  gint64       *out_channel,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT id, colleague_id, channel_id FROM interactions"
                               " WHERE (?1 > 0 AND id = ?1) OR (?1 = 0 AND reference = ?2)"
                               " ORDER BY id LIMIT 1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, interaction_id);
  pl_bind_text_or_null (stmt, 2, reference);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_id = sqlite3_column_int64 (stmt, 0);
      *out_colleague = sqlite3_column_int64 (stmt, 1);
      *out_channel = sqlite3_column_int64 (stmt, 2);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The interactions could not be read"));
      return FALSE;
    }

  if (interaction_id > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("The interaction to calibrate on is no longer in the workspace."));
      return FALSE;
    }

  *out_id = 0;
  return TRUE;
}

gint64
pl_calibration_create (PlWorkspace              *workspace,
                       const PlCalibrationSpec  *spec,
                       GError                  **error)
{
  g_autoptr(GPtrArray) evaluators = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) add = NULL;
  g_autofree char *title = NULL;
  g_autofree char *held_on = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *now = NULL;
  gint64 interaction_id = 0, colleague_id, channel_id, linked_colleague = 0, linked_channel = 0;
  gboolean exists = FALSE;
  gint64 id;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), 0);
  g_return_val_if_fail (spec != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  title = pl_str_stripped (spec->title);
  if (*title == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the session a title, such as “March calibration”."));
      return 0;
    }

  held_on = pl_date_parse_day (spec->held_on);
  if (held_on == NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The date must be a real day written YYYY-MM-DD."));
      return 0;
    }

  if (!row_exists (workspace, "SELECT 1 FROM scorecards WHERE id = ?", spec->scorecard_id,
                   &exists, error))
    return 0;
  if (!exists)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Choose the scorecard the evaluators will score with."));
      return 0;
    }

  evaluators = check_evaluators (spec->evaluators, error);
  if (evaluators == NULL)
    return 0;

  reference = pl_str_stripped (spec->reference);
  if (*reference == '\0')
    g_clear_pointer (&reference, g_free);

  if ((reference != NULL || spec->interaction_id > 0) &&
      !find_interaction (workspace, reference, MAX (spec->interaction_id, 0),
                         &interaction_id, &linked_colleague, &linked_channel, error))
    return 0;

  colleague_id = spec->colleague_id > 0 ? spec->colleague_id : linked_colleague;
  channel_id = spec->channel_id > 0 ? spec->channel_id : linked_channel;

  if (spec->colleague_id > 0)
    {
      if (!row_exists (workspace, "SELECT 1 FROM colleagues WHERE id = ?", colleague_id,
                       &exists, error))
        return 0;
      if (!exists)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("The colleague is no longer in the workspace."));
          return 0;
        }
    }
  if (spec->channel_id > 0)
    {
      if (!row_exists (workspace, "SELECT 1 FROM channels WHERE id = ?", channel_id,
                       &exists, error))
        return 0;
      if (!exists)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("The channel is no longer in the workspace."));
          return 0;
        }
    }

  now = pl_now_iso8601 ();

  insert = pl_workspace_prepare (workspace,
                                 "INSERT INTO calibration_sessions (title, held_on, scorecard_id,"
                                 " interaction_id, colleague_id, channel_id, reference, state,"
                                 " created_at, updated_at)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'scoring', ?8, ?8)",
                                 error);
  add = pl_workspace_prepare (workspace,
                              "INSERT INTO calibration_evaluators (session_id, evaluator)"
                              " VALUES (?1, ?2)",
                              error);
  if (insert == NULL || add == NULL)
    return 0;

  sqlite3_bind_text (insert, 1, title, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, held_on, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 3, spec->scorecard_id);
  pl_bind_id_or_null (insert, 4, interaction_id);
  pl_bind_id_or_null (insert, 5, colleague_id);
  pl_bind_id_or_null (insert, 6, channel_id);
  pl_bind_text_or_null (insert, 7, reference);
  sqlite3_bind_text (insert, 8, now, -1, SQLITE_STATIC);

  if (!pl_workspace_begin (workspace, error))
    return 0;

  if (!pl_workspace_step_done (workspace, insert, error))
    goto failed;

  id = sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  for (guint i = 0; i < evaluators->len; i++)
    {
      sqlite3_bind_int64 (add, 1, id);
      sqlite3_bind_text (add, 2, g_ptr_array_index (evaluators, i), -1, SQLITE_STATIC);
      if (!pl_workspace_step_done (workspace, add, error))
        goto failed;
    }

  if (!pl_workspace_audit (workspace, "create", "calibration_session", id, title, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "calibration_sessions");
  return id;

failed:
  pl_workspace_rollback (workspace);
  return 0;
}

static gboolean
set_trashed (PlWorkspace  *workspace,
             gint64        session_id,
             gboolean      trashed,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = pl_workspace_prepare (workspace,
                               trashed
                               ? "UPDATE calibration_sessions SET trashed_at = ?2, updated_at = ?2"
                                 " WHERE id = ?1 AND trashed_at IS NULL"
                               : "UPDATE calibration_sessions SET trashed_at = NULL, updated_at = ?2"
                                 " WHERE id = ?1 AND trashed_at IS NOT NULL",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, session_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;
  if (sqlite3_changes (pl_workspace_get_db (workspace)) != 1)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This calibration session is no longer in the workspace."));
      goto failed;
    }
  if (!pl_workspace_audit (workspace, trashed ? "trash" : "restore", "calibration_session", session_id,
                           NULL, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "calibration_sessions");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

gboolean
pl_calibration_trash (PlWorkspace  *workspace,
                      gint64        session_id,
                      GError      **error)
{
  return set_trashed (workspace, session_id, TRUE, error);
}

gboolean
pl_calibration_restore (PlWorkspace  *workspace,
                        gint64        session_id,
                        GError      **error)
{
  return set_trashed (workspace, session_id, FALSE, error);
}

/* -------------------------------------------------------------------- */
/* Scoring                                                               */
/* -------------------------------------------------------------------- */

/* The session, checked to be in @state (or, with @or_agreed, agreed). */
static PlCalibrationSession *
load_in_state (PlWorkspace         *workspace,
               gint64               session_id,
               PlCalibrationState   state,
               gboolean             or_agreed,
               GError             **error)
{
  g_autoptr(PlCalibrationSession) session = pl_calibration_load (workspace, session_id, error);
  g_autoptr(sqlite3_stmt) trashed = NULL;

  if (session == NULL)
    return NULL;

  trashed = pl_workspace_prepare (workspace,
                                  "SELECT 1 FROM calibration_sessions WHERE id = ?1 AND trashed_at IS NOT NULL",
                                  error);
  if (trashed == NULL)
    return NULL;
  sqlite3_bind_int64 (trashed, 1, session_id);
  if (sqlite3_step (trashed) == SQLITE_ROW)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("This calibration session is in the trash: restore it to go on with it."));
      return NULL;
    }

  if (session->state == state || (or_agreed && session->state == PL_CALIBRATION_AGREED))
    return g_steal_pointer (&session);

  switch (state)
    {
    case PL_CALIBRATION_SCORING:
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The scores of this session have been revealed, so they can no "
                             "longer be changed."));
      break;
    case PL_CALIBRATION_REVEALED:
    case PL_CALIBRATION_AGREED:
    default:
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The evaluators’ scores have not been revealed yet; reveal them "
                             "before agreeing the consensus."));
      break;
    }

  return NULL;
}

static const char *
find_evaluator (PlCalibrationSession *session,
                const char           *evaluator)
{
  for (guint i = 0; evaluator != NULL && session->evaluators[i] != NULL; i++)
    if (g_str_equal (session->evaluators[i], evaluator))
      return session->evaluators[i];

  return NULL;
}

/* Each value checked against its criterion as for an observation, then
 * the form scored by the one scoring rule. */
static PlScoreResult *
score_values (PlScorecard   *scorecard,
              const double  *values,
              guint          n_values,
              GError       **error)
{
  guint n = pl_scorecard_get_n_criteria (scorecard);

  if (n_values != n)
    {
      g_autofree char *given = g_strdup_printf ("%u", n_values);
      g_autofree char *wanted = g_strdup_printf ("%u", n);

      /* Translators: the number of values given, then the number of criteria */
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("%s values were given for a scorecard of %s criteria."), given, wanted);
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    if (!pl_criterion_check_value (pl_scorecard_get_criterion (scorecard, i), values[i], error))
      return NULL;

  return pl_scorecard_score (scorecard, values, n_values, error);
}

gboolean
pl_calibration_submit (PlWorkspace         *workspace,
                       gint64               session_id,
                       const char          *evaluator,
                       const double        *values,
                       guint                n_values,
                       const char * const  *notes,
                       GError             **error)
{
  g_autoptr(PlCalibrationSession) session = NULL;
  g_autoptr(PlScorecard) scorecard = NULL;
  g_autoptr(PlScoreResult) result = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autoptr(sqlite3_stmt) freeze = NULL;
  g_autoptr(sqlite3_stmt) touch = NULL;
  g_autofree char *now = NULL;
  const char *name;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (values != NULL || n_values == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = load_in_state (workspace, session_id, PL_CALIBRATION_SCORING, FALSE, error);
  if (session == NULL)
    return FALSE;

  name = find_evaluator (session, evaluator);
  if (name == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is not an evaluator in this session."),
                   evaluator != NULL ? evaluator : "");
      return FALSE;
    }

  scorecard = pl_scorecard_load (workspace, session->scorecard_id, error);
  if (scorecard == NULL)
    return FALSE;

  result = score_values (scorecard, values, n_values, error);
  if (result == NULL)
    return FALSE;

  now = pl_now_iso8601 ();
  clear = pl_workspace_prepare (workspace,
                                "DELETE FROM calibration_scores"
                                " WHERE session_id = ?1 AND evaluator = ?2",
                                error);
  insert = pl_workspace_prepare (workspace,
                                 "INSERT INTO calibration_scores (session_id, evaluator,"
                                 " criterion_id, value, note) VALUES (?1, ?2, ?3, ?4, ?5)",
                                 error);
  mark = pl_workspace_prepare (workspace,
                               "UPDATE calibration_evaluators"
                               " SET score = ?3, critical_failed = ?4, submitted_at = ?5"
                               " WHERE session_id = ?1 AND evaluator = ?2",
                               error);
  freeze = pl_workspace_prepare (workspace,
                                 "UPDATE scorecards SET frozen = 1 WHERE id = ?1 AND frozen = 0",
                                 error);
  touch = pl_workspace_prepare (workspace,
                                "UPDATE calibration_sessions SET updated_at = ?2 WHERE id = ?1",
                                error);
  if (clear == NULL || insert == NULL || mark == NULL || freeze == NULL || touch == NULL)
    return FALSE;

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  sqlite3_bind_int64 (clear, 1, session_id);
  sqlite3_bind_text (clear, 2, name, -1, SQLITE_STATIC);
  if (!pl_workspace_step_done (workspace, clear, error))
    goto failed;

  for (guint i = 0; i < n_values; i++)
    {
      PlCriterion *criterion = pl_scorecard_get_criterion (scorecard, i);
      g_autofree char *note = notes != NULL ? pl_str_stripped (notes[i]) : NULL;

      sqlite3_bind_int64 (insert, 1, session_id);
      sqlite3_bind_text (insert, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 3, criterion->id);
      if (isnan (values[i]))
        sqlite3_bind_null (insert, 4);
      else
        sqlite3_bind_double (insert, 4, values[i]);
      pl_bind_text_or_null (insert, 5, note != NULL && *note != '\0' ? note : NULL);
      if (!pl_workspace_step_done (workspace, insert, error))
        goto failed;
    }

  sqlite3_bind_int64 (mark, 1, session_id);
  sqlite3_bind_text (mark, 2, name, -1, SQLITE_STATIC);
  if (isnan (result->score))
    sqlite3_bind_null (mark, 3);
  else
    sqlite3_bind_double (mark, 3, result->score);
  sqlite3_bind_int (mark, 4, result->critical_failed ? 1 : 0);
  sqlite3_bind_text (mark, 5, now, -1, SQLITE_STATIC);
  if (!pl_workspace_step_done (workspace, mark, error))
    goto failed;

  sqlite3_bind_int64 (freeze, 1, session->scorecard_id);
  if (!pl_workspace_step_done (workspace, freeze, error))
    goto failed;

  sqlite3_bind_int64 (touch, 1, session_id);
  sqlite3_bind_text (touch, 2, now, -1, SQLITE_STATIC);
  if (!pl_workspace_step_done (workspace, touch, error))
    goto failed;

  /* The audit names who scored, never what: the values stay blind. */
  if (!pl_workspace_audit (workspace, "submit", "calibration_session", session_id, name, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "calibration_sessions");
  pl_workspace_emit_changed (workspace, "scorecards");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/* The criteria ids of a scorecard in form order. */
static GArray *
criteria_ids (PlScorecard *scorecard)
{
  guint n = pl_scorecard_get_n_criteria (scorecard);
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  for (guint i = 0; i < n; i++)
    g_array_append_val (ids, pl_scorecard_get_criterion (scorecard, i)->id);

  return ids;
}

/* One evaluator's stored values in form order; criteria without a row
 * are N/A. With @out_notes, the notes too: "" for none. */
static double *
read_values (PlWorkspace  *workspace,
             gint64        session_id,
             const char   *evaluator,
             PlScorecard  *scorecard,
             char       ***out_notes,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree double *values = NULL;
  g_auto(GStrv) notes = NULL;
  guint n = pl_scorecard_get_n_criteria (scorecard);
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT criterion_id, value, note FROM calibration_scores"
                               " WHERE session_id = ?1 AND evaluator = ?2",
                               error);
  if (stmt == NULL)
    return NULL;

  values = g_new (double, n + 1);
  notes = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      values[i] = NAN;
      notes[i] = g_strdup ("");
    }

  sqlite3_bind_int64 (stmt, 1, session_id);
  sqlite3_bind_text (stmt, 2, evaluator, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int index = pl_scorecard_find_criterion (scorecard, sqlite3_column_int64 (stmt, 0));

      if (index >= 0 && sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        values[index] = sqlite3_column_double (stmt, 1);
      if (index >= 0 && sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        pl_str_replace (&notes[index], pl_column_text (stmt, 2));
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The calibration scores could not be read"));
      return NULL;
    }

  if (out_notes != NULL)
    *out_notes = g_steal_pointer (&notes);
  return g_steal_pointer (&values);
}

double *
pl_calibration_get_values (PlWorkspace  *workspace,
                           gint64        session_id,
                           const char   *asking,
                           const char   *evaluator,
                           guint        *n_values,
                           char       ***out_notes,
                           GError      **error)
{
  g_autoptr(PlCalibrationSession) session = NULL;
  g_autoptr(PlScorecard) scorecard = NULL;
  const char *name;
  double *values;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (n_values != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  *n_values = 0;
  if (out_notes != NULL)
    *out_notes = NULL;

  session = pl_calibration_load (workspace, session_id, error);
  if (session == NULL)
    return NULL;

  name = find_evaluator (session, evaluator);
  if (name == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("“%s” is not an evaluator in this session."),
                   evaluator != NULL ? evaluator : "");
      return NULL;
    }

  if (session->state == PL_CALIBRATION_SCORING && g_strcmp0 (asking, name) != 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("%s’s scores stay hidden until the session’s scores are revealed."),
                   name);
      return NULL;
    }

  if (!g_hash_table_contains (session->submitted, name))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("%s has not submitted scores in this session."), name);
      return NULL;
    }

  scorecard = pl_scorecard_load (workspace, session->scorecard_id, error);
  if (scorecard == NULL)
    return NULL;

  values = read_values (workspace, session_id, name, scorecard, out_notes, error);
  if (values != NULL)
    *n_values = pl_scorecard_get_n_criteria (scorecard);

  return values;
}

/* "Ann", "Ann and Ben", "Ann, Ben and Cleo". */
static char *
join_names (GPtrArray *names)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0 && i + 1 == names->len)
        g_string_append (text, _(" and "));
      else if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, g_ptr_array_index (names, i));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
pl_calibration_reveal (PlWorkspace  *workspace,
                       gint64        session_id,
                       gboolean      submitted_only,
                       GError      **error)
{
  g_autoptr(PlCalibrationSession) session = NULL;
  g_autoptr(GPtrArray) waiting = g_ptr_array_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = NULL;
  guint submitted;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = load_in_state (workspace, session_id, PL_CALIBRATION_SCORING, FALSE, error);
  if (session == NULL)
    return FALSE;

  for (guint i = 0; session->evaluators[i] != NULL; i++)
    if (!g_hash_table_contains (session->submitted, session->evaluators[i]))
      g_ptr_array_add (waiting, session->evaluators[i]);

  submitted = g_hash_table_size (session->submitted);
  if (submitted < 2)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("At least two evaluators must submit their scores before they "
                             "can be compared."));
      return FALSE;
    }

  if (waiting->len > 0 && !submitted_only)
    {
      g_autofree char *names = join_names (waiting);

      if (waiting->len == 1)
        /* Translators: %s is an evaluator's name */
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                     _("%s has not submitted scores yet. Wait for them, or reveal the "
                       "scores of those who have."),
                     names);
      else
        /* Translators: %s lists evaluators' names: "Ann and Ben" */
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                     _("%s have not submitted scores yet. Wait for them, or reveal the "
                       "scores of those who have."),
                     names);
      return FALSE;
    }

  now = pl_now_iso8601 ();
  stmt = pl_workspace_prepare (workspace,
                               "UPDATE calibration_sessions SET state = 'revealed', updated_at = ?2"
                               " WHERE id = ?1 AND state = 'scoring'",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, session_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!pl_workspace_step_done (workspace, stmt, error) ||
      !pl_workspace_audit (workspace, "reveal", "calibration_session", session_id,
                           waiting->len > 0 ? "submitted only" : NULL, error) ||
      !pl_workspace_commit (workspace, error))
    {
      pl_workspace_rollback (workspace);
      return FALSE;
    }

  pl_workspace_emit_changed (workspace, "calibration_sessions");
  return TRUE;
}

/* -------------------------------------------------------------------- */
/* Comparing and agreeing                                                */
/* -------------------------------------------------------------------- */

static void
row_free (PlCalibrationRow *row)
{
  g_free (row->section);
  g_free (row->text);
  g_free (row->values);
  g_strfreev (row->notes);
  g_free (row);
}

void
pl_calibration_comparison_free (PlCalibrationComparison *comparison)
{
  if (comparison == NULL)
    return;

  g_clear_pointer (&comparison->evaluators, g_ptr_array_unref);
  g_clear_pointer (&comparison->rows, g_ptr_array_unref);
  g_clear_pointer (&comparison->kappa, pl_agreement_free);
  g_free (comparison->scores);
  g_free (comparison->critical_failed);
  g_free (comparison);
}

static gboolean
same_value (double a,
            double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static gboolean
read_consensus (PlWorkspace              *workspace,
                gint64                    session_id,
                PlScorecard              *scorecard,
                PlCalibrationComparison  *comparison,
                GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT criterion_id, value FROM calibration_consensus"
                               " WHERE session_id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, session_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int index = pl_scorecard_find_criterion (scorecard, sqlite3_column_int64 (stmt, 0));
      PlCalibrationRow *row;

      if (index < 0)
        continue;

      row = g_ptr_array_index (comparison->rows, index);
      row->has_consensus = TRUE;
      row->consensus = sqlite3_column_type (stmt, 1) == SQLITE_NULL
                       ? NAN : sqlite3_column_double (stmt, 1);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The consensus could not be read"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_evaluator_scores (PlWorkspace              *workspace,
                       gint64                    session_id,
                       PlCalibrationComparison  *comparison,
                       GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = comparison->evaluators->len;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT score, critical_failed FROM calibration_evaluators"
                               " WHERE session_id = ?1 AND evaluator = ?2",
                               error);
  if (stmt == NULL)
    return FALSE;

  comparison->scores = g_new (double, n + 1);
  comparison->critical_failed = g_new0 (gboolean, n + 1);
  for (guint e = 0; e < n; e++)
    {
      sqlite3_bind_int64 (stmt, 1, session_id);
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (comparison->evaluators, e), -1,
                         SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          pl_workspace_set_db_error (workspace, error, _("The evaluators could not be read"));
          return FALSE;
        }
      comparison->scores[e] = sqlite3_column_type (stmt, 0) == SQLITE_NULL
                              ? NAN : sqlite3_column_double (stmt, 0);
      comparison->critical_failed[e] = sqlite3_column_int (stmt, 1) != 0;
      sqlite3_reset (stmt);
    }

  return TRUE;
}

PlCalibrationComparison *
pl_calibration_compare (PlWorkspace  *workspace,
                        gint64        session_id,
                        GError      **error)
{
  g_autoptr(PlCalibrationSession) session = NULL;
  g_autoptr(PlScorecard) scorecard = NULL;
  g_autoptr(PlCalibrationComparison) comparison = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint n_criteria, n_evaluators;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  session = load_in_state (workspace, session_id, PL_CALIBRATION_REVEALED, TRUE, error);
  if (session == NULL)
    return NULL;

  scorecard = pl_scorecard_load (workspace, session->scorecard_id, error);
  if (scorecard == NULL)
    return NULL;

  comparison = g_new0 (PlCalibrationComparison, 1);
  comparison->consensus_score = session->consensus_score;
  comparison->evaluators = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; session->evaluators[i] != NULL; i++)
    if (g_hash_table_contains (session->submitted, session->evaluators[i]))
      g_ptr_array_add (comparison->evaluators, g_strdup (session->evaluators[i]));

  n_evaluators = comparison->evaluators->len;
  for (guint e = 0; e < n_evaluators; e++)
    {
      char **evaluator_notes = NULL;
      double *evaluator_values = read_values (workspace, session_id,
                                              g_ptr_array_index (comparison->evaluators, e),
                                              scorecard, &evaluator_notes, error);

      if (evaluator_values == NULL)
        return NULL;
      g_ptr_array_add (values, evaluator_values);
      g_ptr_array_add (notes, evaluator_notes);
    }

  if (!read_evaluator_scores (workspace, session_id, comparison, error))
    return NULL;

  n_criteria = pl_scorecard_get_n_criteria (scorecard);
  comparison->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  for (guint i = 0; i < n_criteria; i++)
    {
      PlCriterion *criterion = pl_scorecard_get_criterion (scorecard, i);
      PlScorecardSection *section = pl_scorecard_get_section_of (scorecard, i);
      PlCalibrationRow *row = g_new0 (PlCalibrationRow, 1);

      row->criterion_id = criterion->id;
      row->section = g_strdup (section != NULL ? section->name : NULL);
      row->text = g_strdup (criterion->text);
      row->values = g_new (double, n_evaluators + 1);
      row->notes = g_new0 (char *, n_evaluators + 1);
      row->agree = TRUE;
      row->consensus = NAN;
      for (guint e = 0; e < n_evaluators; e++)
        {
          row->values[e] = ((double *) g_ptr_array_index (values, e))[i];
          row->notes[e] = g_strdup (((char **) g_ptr_array_index (notes, e))[i]);
          if (!same_value (row->values[e], row->values[0]))
            row->agree = FALSE;
          g_ptr_array_add (labels, pl_calibration_format_value (row->values[e]));
        }
      if (row->agree)
        comparison->n_agree++;
      g_ptr_array_add (comparison->rows, row);
    }

  comparison->percent_agree = n_criteria > 0 ? 100.0 * comparison->n_agree / n_criteria : NAN;

  if (n_criteria > 0 && n_evaluators >= 2)
    {
      comparison->kappa = pl_agreement_from_labels ((const char * const *) labels->pdata,
                                                    n_criteria, n_evaluators, error);
      if (comparison->kappa == NULL)
        return NULL;
    }

  if (!read_consensus (workspace, session_id, scorecard, comparison, error))
    return NULL;

  return g_steal_pointer (&comparison);
}

gboolean
pl_calibration_agree (PlWorkspace   *workspace,
                      gint64         session_id,
                      const double  *values,
                      guint          n_values,
                      GError       **error)
{
  g_autoptr(PlCalibrationSession) session = NULL;
  g_autoptr(PlScorecard) scorecard = NULL;
  g_autoptr(PlScoreResult) result = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (values != NULL || n_values == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = load_in_state (workspace, session_id, PL_CALIBRATION_REVEALED, TRUE, error);
  if (session == NULL)
    return FALSE;

  scorecard = pl_scorecard_load (workspace, session->scorecard_id, error);
  if (scorecard == NULL)
    return FALSE;

  result = score_values (scorecard, values, n_values, error);
  if (result == NULL)
    return FALSE;

  ids = criteria_ids (scorecard);
  now = pl_now_iso8601 ();
  clear = pl_workspace_prepare (workspace,
                                "DELETE FROM calibration_consensus WHERE session_id = ?1",
                                error);
  insert = pl_workspace_prepare (workspace,
                                 "INSERT INTO calibration_consensus (session_id, criterion_id,"
                                 " value) VALUES (?1, ?2, ?3)",
                                 error);
  update = pl_workspace_prepare (workspace,
                                 "UPDATE calibration_sessions SET state = 'agreed',"
                                 " consensus_score = ?2, updated_at = ?3 WHERE id = ?1",
                                 error);
  if (clear == NULL || insert == NULL || update == NULL)
    return FALSE;

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  sqlite3_bind_int64 (clear, 1, session_id);
  if (!pl_workspace_step_done (workspace, clear, error))
    goto failed;

  for (guint i = 0; i < n_values; i++)
    {
      sqlite3_bind_int64 (insert, 1, session_id);
      sqlite3_bind_int64 (insert, 2, g_array_index (ids, gint64, i));
      if (isnan (values[i]))
        sqlite3_bind_null (insert, 3);
      else
        sqlite3_bind_double (insert, 3, values[i]);
      if (!pl_workspace_step_done (workspace, insert, error))
        goto failed;
    }

  sqlite3_bind_int64 (update, 1, session_id);
  if (isnan (result->score))
    sqlite3_bind_null (update, 2);
  else
    sqlite3_bind_double (update, 2, result->score);
  sqlite3_bind_text (update, 3, now, -1, SQLITE_STATIC);
  if (!pl_workspace_step_done (workspace, update, error))
    goto failed;

  if (!pl_workspace_audit (workspace, "agree", "calibration_session", session_id, NULL, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "calibration_sessions");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/* -------------------------------------------------------------------- */
/* Drift                                                                 */
/* -------------------------------------------------------------------- */

static void
drift_point_clear (gpointer data)
{
  PlDriftPoint *point = data;

  g_free (point->held_on);
  g_free (point->title);
}

void
pl_calibration_drift_free (PlCalibrationDrift *drift)
{
  if (drift == NULL)
    return;

  g_free (drift->evaluator);
  g_clear_pointer (&drift->points, g_array_unref);
  g_free (drift);
}

static PlCalibrationDrift *
drift_new (const char *evaluator)
{
  PlCalibrationDrift *drift = g_new0 (PlCalibrationDrift, 1);

  drift->evaluator = g_strdup (evaluator);
  drift->mean_difference = NAN;
  drift->match = NAN;
  drift->points = g_array_new (FALSE, TRUE, sizeof (PlDriftPoint));
  g_array_set_clear_func (drift->points, drift_point_clear);
  return drift;
}

static void
drift_finish (PlCalibrationDrift *drift,
              double              difference_sum,
              guint               n_differences,
              guint               matches,
              guint               criteria)
{
  drift->n_sessions = drift->points->len;
  if (n_differences > 0)
    drift->mean_difference = difference_sum / n_differences;
  if (criteria > 0)
    drift->match = (double) matches / criteria;
}

GPtrArray *
pl_calibration_drift (PlWorkspace  *workspace,
                      GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) drifts = NULL;
  PlCalibrationDrift *current = NULL;
  double difference_sum = 0;
  guint n_differences = 0, matches = 0, criteria = 0;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A criterion matches when the evaluator gave the consensus value, N/A
   * for N/A included ("IS" compares NULLs as equal). */
  stmt = pl_workspace_prepare (workspace,
                               "SELECT e.evaluator, s.id, s.held_on, s.title,"
                               " e.score - s.consensus_score,"
                               " (SELECT count (*) FROM calibration_consensus k"
                               "   WHERE k.session_id = s.id),"
                               " (SELECT count (*) FROM calibration_consensus k"
                               "   JOIN calibration_scores c ON c.session_id = k.session_id"
                               "    AND c.criterion_id = k.criterion_id"
                               "    AND c.evaluator = e.evaluator"
                               "   WHERE k.session_id = s.id AND c.value IS k.value)"
                               " FROM calibration_sessions s"
                               " JOIN calibration_evaluators e ON e.session_id = s.id"
                               " WHERE s.state = 'agreed' AND s.trashed_at IS NULL"
                               "  AND e.submitted_at IS NOT NULL"
                               " ORDER BY e.evaluator, s.held_on, s.id",
                               error);
  if (stmt == NULL)
    return NULL;

  drifts = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_calibration_drift_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *evaluator = pl_column_text (stmt, 0);
      PlDriftPoint point = { 0 };
      guint n_criteria = (guint) sqlite3_column_int (stmt, 5);
      guint n_matches = (guint) sqlite3_column_int (stmt, 6);

      if (current == NULL || g_strcmp0 (current->evaluator, evaluator) != 0)
        {
          if (current != NULL)
            drift_finish (current, difference_sum, n_differences, matches, criteria);
          current = drift_new (evaluator);
          g_ptr_array_add (drifts, current);
          difference_sum = 0;
          n_differences = matches = criteria = 0;
        }

      point.session_id = sqlite3_column_int64 (stmt, 1);
      point.held_on = g_strdup (pl_column_text (stmt, 2));
      point.title = g_strdup (pl_column_text (stmt, 3));
      point.difference = sqlite3_column_type (stmt, 4) == SQLITE_NULL
                         ? NAN : sqlite3_column_double (stmt, 4);
      point.match = n_criteria > 0 ? (double) n_matches / n_criteria : NAN;
      g_array_append_val (current->points, point);

      if (!isnan (point.difference))
        {
          difference_sum += point.difference;
          n_differences++;
        }
      matches += n_matches;
      criteria += n_criteria;
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The calibration history could not be read"));
      return NULL;
    }

  if (current != NULL)
    drift_finish (current, difference_sum, n_differences, matches, criteria);

  return g_steal_pointer (&drifts);
}
