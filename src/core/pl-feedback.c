/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pl-error.h"
#include "pl-feedback.h"
#include "pl-observation.h"
#include "pl-util.h"

/* Empty text is stored as NULL, so "no date" is one thing. */
static char *
dup_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return dup_or_null ((const char *) sqlite3_column_text (stmt, column));
}

static char *
format_day (const char *day)
{
  char *text = pl_date_format_short (day);

  return text != NULL ? text : g_strdup (day != NULL ? day : "");
}

/* -------------------------------------------------------------------- */
/* PlFeedbackAction                                                      */
/* -------------------------------------------------------------------- */

struct _PlFeedbackAction
{
  GObject parent_instance;

  gint64 id;
  gint64 feedback_id;
  char *text;
  char *due_on;
  char *done_on;
  char *held_on;
};

G_DEFINE_FINAL_TYPE (PlFeedbackAction, pl_feedback_action, G_TYPE_OBJECT)

static void
pl_feedback_action_finalize (GObject *object)
{
  PlFeedbackAction *self = (PlFeedbackAction *) object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->due_on, g_free);
  g_clear_pointer (&self->done_on, g_free);
  g_clear_pointer (&self->held_on, g_free);

  G_OBJECT_CLASS (pl_feedback_action_parent_class)->finalize (object);
}

static void
pl_feedback_action_class_init (PlFeedbackActionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pl_feedback_action_finalize;
}

static void
pl_feedback_action_init (PlFeedbackAction *self)
{
}

PlFeedbackAction *
pl_feedback_action_new (const char *text,
                        const char *due_on)
{
  PlFeedbackAction *self = g_object_new (PL_TYPE_FEEDBACK_ACTION, NULL);

  self->text = g_strdup (text != NULL ? text : "");
  self->due_on = dup_or_null (due_on);
  return self;
}

gint64
pl_feedback_action_get_id (PlFeedbackAction *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_ACTION (self), 0);
  return self->id;
}

gint64
pl_feedback_action_get_feedback_id (PlFeedbackAction *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_ACTION (self), 0);
  return self->feedback_id;
}

const char *
pl_feedback_action_get_text (PlFeedbackAction *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_ACTION (self), NULL);
  return self->text;
}

void
pl_feedback_action_set_text (PlFeedbackAction *self,
                             const char       *text)
{
  g_return_if_fail (PL_IS_FEEDBACK_ACTION (self));
  pl_str_replace (&self->text, text);
}

const char *
pl_feedback_action_get_due_on (PlFeedbackAction *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_ACTION (self), NULL);
  return self->due_on;
}

void
pl_feedback_action_set_due_on (PlFeedbackAction *self,
                               const char       *due_on)
{
  g_return_if_fail (PL_IS_FEEDBACK_ACTION (self));
  g_free (self->due_on);
  self->due_on = dup_or_null (due_on);
}

const char *
pl_feedback_action_get_done_on (PlFeedbackAction *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_ACTION (self), NULL);
  return self->done_on;
}

void
pl_feedback_action_set_done_on (PlFeedbackAction *self,
                                const char       *done_on)
{
  g_return_if_fail (PL_IS_FEEDBACK_ACTION (self));
  g_free (self->done_on);
  self->done_on = dup_or_null (done_on);
}

const char *
pl_feedback_action_get_held_on (PlFeedbackAction *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_ACTION (self), NULL);
  return self->held_on;
}

gboolean
pl_feedback_action_is_overdue (PlFeedbackAction *self,
                               const char       *today)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_ACTION (self), FALSE);
  g_return_val_if_fail (today != NULL, FALSE);

  return self->done_on == NULL && self->due_on != NULL && strcmp (self->due_on, today) < 0;
}

/* id, feedback_id, action, due_on, done_on, held_on */
static gpointer
action_from_row (sqlite3_stmt *stmt)
{
  PlFeedbackAction *self = g_object_new (PL_TYPE_FEEDBACK_ACTION, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->feedback_id = sqlite3_column_int64 (stmt, 1);
  self->text = g_strdup (pl_column_text (stmt, 2));
  self->due_on = column_dup (stmt, 3);
  self->done_on = column_dup (stmt, 4);
  self->held_on = column_dup (stmt, 5);
  return self;
}

/* -------------------------------------------------------------------- */
/* PlFeedback                                                            */
/* -------------------------------------------------------------------- */

struct _PlFeedback
{
  GObject parent_instance;

  gint64 id;
  gint64 colleague_id;
  char *held_on;
  char *given_by;
  char *strengths;
  char *improvements;
  char *colleague_comments;
  gboolean disagrees;
  char *acknowledged_on;
  GArray *observation_ids;   /* gint64 */
  GPtrArray *actions;        /* PlFeedbackAction */
};

G_DEFINE_FINAL_TYPE (PlFeedback, pl_feedback, G_TYPE_OBJECT)

static void
pl_feedback_finalize (GObject *object)
{
  PlFeedback *self = (PlFeedback *) object;

  g_clear_pointer (&self->held_on, g_free);
  g_clear_pointer (&self->given_by, g_free);
  g_clear_pointer (&self->strengths, g_free);
  g_clear_pointer (&self->improvements, g_free);
  g_clear_pointer (&self->colleague_comments, g_free);
  g_clear_pointer (&self->acknowledged_on, g_free);
  g_clear_pointer (&self->observation_ids, g_array_unref);
  g_clear_pointer (&self->actions, g_ptr_array_unref);

  G_OBJECT_CLASS (pl_feedback_parent_class)->finalize (object);
}

static void
pl_feedback_class_init (PlFeedbackClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pl_feedback_finalize;
}

static void
pl_feedback_init (PlFeedback *self)
{
  self->observation_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->actions = g_ptr_array_new_with_free_func (g_object_unref);
  self->held_on = pl_today_iso ();
}

PlFeedback *
pl_feedback_new (gint64 colleague_id)
{
  PlFeedback *self = g_object_new (PL_TYPE_FEEDBACK, NULL);

  self->colleague_id = colleague_id;
  return self;
}

gint64
pl_feedback_get_id (PlFeedback *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK (self), 0);
  return self->id;
}

gint64
pl_feedback_get_colleague_id (PlFeedback *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK (self), 0);
  return self->colleague_id;
}

#define TEXT_ACCESSORS(field)                                           \
const char *                                                            \
pl_feedback_get_##field (PlFeedback *self)                              \
{                                                                       \
  g_return_val_if_fail (PL_IS_FEEDBACK (self), NULL);                   \
  return self->field;                                                   \
}                                                                       \
                                                                        \
void                                                                    \
pl_feedback_set_##field (PlFeedback *self,                              \
                         const char *value)                             \
{                                                                       \
  g_return_if_fail (PL_IS_FEEDBACK (self));                             \
  g_free (self->field);                                                 \
  self->field = dup_or_null (value);                                    \
}

TEXT_ACCESSORS (held_on)
TEXT_ACCESSORS (given_by)
TEXT_ACCESSORS (strengths)
TEXT_ACCESSORS (improvements)
TEXT_ACCESSORS (colleague_comments)
TEXT_ACCESSORS (acknowledged_on)

#undef TEXT_ACCESSORS

gboolean
pl_feedback_get_disagrees (PlFeedback *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK (self), FALSE);
  return self->disagrees;
}

void
pl_feedback_set_disagrees (PlFeedback *self,
                           gboolean    disagrees)
{
  g_return_if_fail (PL_IS_FEEDBACK (self));
  self->disagrees = !!disagrees;
}

const gint64 *
pl_feedback_get_observation_ids (PlFeedback *self,
                                 guint      *n_ids)
{
  g_return_val_if_fail (PL_IS_FEEDBACK (self), NULL);

  if (n_ids != NULL)
    *n_ids = self->observation_ids->len;
  return (const gint64 *) self->observation_ids->data;
}

static int
observation_index (PlFeedback *self,
                   gint64      observation_id)
{
  for (guint i = 0; i < self->observation_ids->len; i++)
    if (g_array_index (self->observation_ids, gint64, i) == observation_id)
      return (int) i;
  return -1;
}

void
pl_feedback_add_observation (PlFeedback *self,
                             gint64      observation_id)
{
  g_return_if_fail (PL_IS_FEEDBACK (self));

  if (observation_index (self, observation_id) < 0)
    g_array_append_val (self->observation_ids, observation_id);
}

void
pl_feedback_remove_observation (PlFeedback *self,
                                gint64      observation_id)
{
  int index;

  g_return_if_fail (PL_IS_FEEDBACK (self));

  index = observation_index (self, observation_id);
  if (index >= 0)
    g_array_remove_index (self->observation_ids, (guint) index);
}

GPtrArray *
pl_feedback_get_actions (PlFeedback *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK (self), NULL);
  return self->actions;
}

void
pl_feedback_add_action (PlFeedback       *self,
                        PlFeedbackAction *action)
{
  g_return_if_fail (PL_IS_FEEDBACK (self));
  g_return_if_fail (PL_IS_FEEDBACK_ACTION (action));

  g_ptr_array_add (self->actions, g_object_ref (action));
}

void
pl_feedback_remove_action (PlFeedback *self,
                           guint       index)
{
  g_return_if_fail (PL_IS_FEEDBACK (self));
  g_return_if_fail (index < self->actions->len);

  g_ptr_array_remove_index (self->actions, index);
}

/* -------------------------------------------------------------------- */
/* Checks                                                                */
/* -------------------------------------------------------------------- */

typedef enum {
  DAY_ACKNOWLEDGED,
  DAY_DUE,
  DAY_DONE,
} DayKind;

/* @text as a day not before @held_on; NULL/empty gives *out NULL. */
static gboolean
check_day_after (const char  *text,
                 const char  *held_on,
                 DayKind      kind,
                 char       **out,
                 GError     **error)
{
  g_autofree char *stripped = pl_str_stripped (text);
  g_autofree char *day = NULL;
  g_autofree char *when = NULL;
  g_autofree char *session = NULL;

  *out = NULL;
  if (*stripped == '\0')
    return TRUE;

  day = pl_date_parse_day (stripped);
  if (day == NULL)
    {
      switch (kind)
        {
        case DAY_ACKNOWLEDGED:
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("“%s” is not a date: write the day the colleague acknowledged the feedback as YYYY-MM-DD."),
                       stripped);
          break;
        case DAY_DUE:
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("“%s” is not a date: write the due date as YYYY-MM-DD."), stripped);
          break;
        case DAY_DONE:
        default:
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("“%s” is not a date: write the day the action was done as YYYY-MM-DD."), stripped);
          break;
        }
      return FALSE;
    }

  if (strcmp (day, held_on) < 0)
    {
      when = format_day (day);
      session = format_day (held_on);
      switch (kind)
        {
        case DAY_ACKNOWLEDGED:
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The colleague cannot acknowledge feedback before it was given: "
                         "%s is before the session on %s."),
                       when, session);
          break;
        case DAY_DUE:
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("An action cannot be due before the session: %s is before %s."),
                       when, session);
          break;
        case DAY_DONE:
        default:
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("An action cannot be done before it was agreed: %s is before the session on %s."),
                       when, session);
          break;
        }
      return FALSE;
    }

  *out = g_steal_pointer (&day);
  return TRUE;
}

static gboolean
read_colleague_name (PlWorkspace  *workspace,
                     gint64        colleague_id,
                     char        **name,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace, "SELECT display_name FROM colleagues WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, colleague_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This colleague is no longer in the workspace."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The colleague could not be read"));
      return FALSE;
    }

  *name = g_strdup (pl_column_text (stmt, 0));
  return TRUE;
}

static gboolean
check_observations (PlFeedback   *self,
                    PlWorkspace  *workspace,
                    const char   *colleague_name,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (self->observation_ids->len == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Choose at least one of the colleague’s observations to give feedback on."));
      return FALSE;
    }

  stmt = pl_workspace_prepare (workspace,
                               "SELECT o.colleague_id, o.observed_on, o.trashed_at, c.display_name"
                               "  FROM observations o JOIN colleagues c ON c.id = o.colleague_id"
                               " WHERE o.id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < self->observation_ids->len; i++)
    {
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_array_index (self->observation_ids, gint64, i));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("One of the chosen observations is no longer in the workspace."));
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        {
          pl_workspace_set_db_error (workspace, error, _("The observations could not be read"));
          return FALSE;
        }

      if (sqlite3_column_int64 (stmt, 0) != self->colleague_id)
        {
          g_autofree char *when = format_day (pl_column_text (stmt, 1));

          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The observation of %s on %s cannot be part of feedback for %s: "
                         "feedback is about the colleague’s own observations."),
                       pl_column_text (stmt, 3), when, colleague_name);
          return FALSE;
        }

      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        {
          g_autofree char *when = format_day (pl_column_text (stmt, 1));

          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The observation on %s is in the trash: restore it or leave it out."),
                       when);
          return FALSE;
        }
    }

  return TRUE;
}

typedef struct {
  char *held_on;
  char *acknowledged_on;
  GPtrArray *due;     /* char *, NULL for none, one per action */
  GPtrArray *done;
  GPtrArray *text;
} Checked;

static void
checked_clear (Checked *checked)
{
  g_clear_pointer (&checked->held_on, g_free);
  g_clear_pointer (&checked->acknowledged_on, g_free);
  g_clear_pointer (&checked->due, g_ptr_array_unref);
  g_clear_pointer (&checked->done, g_ptr_array_unref);
  g_clear_pointer (&checked->text, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Checked, checked_clear)

static gboolean
feedback_check (PlFeedback   *self,
                PlWorkspace  *workspace,
                Checked      *checked,
                GError      **error)
{
  g_autofree char *colleague_name = NULL;

  checked->held_on = pl_date_parse_day (self->held_on);
  if (checked->held_on == NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The day of the session must be a real date, written YYYY-MM-DD."));
      return FALSE;
    }

  if (!read_colleague_name (workspace, self->colleague_id, &colleague_name, error) ||
      !check_observations (self, workspace, colleague_name, error))
    return FALSE;

  if (!check_day_after (self->acknowledged_on, checked->held_on, DAY_ACKNOWLEDGED,
                        &checked->acknowledged_on, error))
    return FALSE;

  checked->due = g_ptr_array_new_with_free_func (g_free);
  checked->done = g_ptr_array_new_with_free_func (g_free);
  checked->text = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->actions->len; i++)
    {
      PlFeedbackAction *action = g_ptr_array_index (self->actions, i);
      g_autofree char *text = pl_str_stripped (action->text);
      g_autoptr(GError) local_error = NULL;
      char *due = NULL;
      char *done = NULL;

      if (*text == '\0')
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("Agreed action %u has no text: say what was agreed, or remove it."), i + 1);
          return FALSE;
        }

      if (!check_day_after (action->due_on, checked->held_on, DAY_DUE, &due, &local_error) ||
          !check_day_after (action->done_on, checked->held_on, DAY_DONE, &done, &local_error))
        {
          g_free (due);
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("Agreed action %u: %s"), i + 1, local_error->message);
          return FALSE;
        }

      g_ptr_array_add (checked->text, g_steal_pointer (&text));
      g_ptr_array_add (checked->due, due);
      g_ptr_array_add (checked->done, done);
    }

  return TRUE;
}

/* -------------------------------------------------------------------- */
/* Saving                                                                */
/* -------------------------------------------------------------------- */

static gboolean
write_session (PlFeedback   *self,
               PlWorkspace  *workspace,
               Checked      *checked,
               const char   *now,
               gint64       *out_id,
               GArray       *action_ids,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) link = NULL;
  g_autoptr(sqlite3_stmt) insert_action = NULL;
  g_autoptr(sqlite3_stmt) update_action = NULL;
  g_autoptr(sqlite3_stmt) prune = NULL;
  g_autoptr(GString) kept = g_string_new ("[");
  gint64 id = self->id;

  if (id == 0)
    stmt = pl_workspace_prepare (workspace,
                                 "INSERT INTO feedback_sessions (colleague_id, held_on, given_by,"
                                 " strengths, improvements, colleague_comments, disagrees,"
                                 " acknowledged_on, created_at, updated_at)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                                 error);
  else
    stmt = pl_workspace_prepare (workspace,
                                 "UPDATE feedback_sessions SET held_on = ?2, given_by = ?3,"
                                 " strengths = ?4, improvements = ?5, colleague_comments = ?6,"
                                 " disagrees = ?7, acknowledged_on = ?8, updated_at = ?9"
                                 " WHERE id = ?10 AND colleague_id = ?1 AND trashed_at IS NULL",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->colleague_id);
  sqlite3_bind_text (stmt, 2, checked->held_on, -1, SQLITE_TRANSIENT);
  pl_bind_text_or_null (stmt, 3, self->given_by);
  pl_bind_text_or_null (stmt, 4, self->strengths);
  pl_bind_text_or_null (stmt, 5, self->improvements);
  pl_bind_text_or_null (stmt, 6, self->colleague_comments);
  sqlite3_bind_int (stmt, 7, self->disagrees);
  pl_bind_text_or_null (stmt, 8, checked->acknowledged_on);
  sqlite3_bind_text (stmt, 9, now, -1, SQLITE_TRANSIENT);
  if (id != 0)
    sqlite3_bind_int64 (stmt, 10, id);

  if (!pl_workspace_step_done (workspace, stmt, error))
    return FALSE;

  if (id == 0)
    id = sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  else if (sqlite3_changes (pl_workspace_get_db (workspace)) != 1)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This feedback session is no longer in the workspace."));
      return FALSE;
    }

  link = pl_workspace_prepare (workspace,
                               "DELETE FROM feedback_observations WHERE feedback_id = ?",
                               error);
  if (link == NULL)
    return FALSE;
  sqlite3_bind_int64 (link, 1, id);
  if (!pl_workspace_step_done (workspace, link, error))
    return FALSE;
  g_clear_pointer (&link, sqlite3_finalize);

  link = pl_workspace_prepare (workspace,
                               "INSERT INTO feedback_observations (feedback_id, observation_id)"
                               " VALUES (?, ?)",
                               error);
  if (link == NULL)
    return FALSE;
  for (guint i = 0; i < self->observation_ids->len; i++)
    {
      sqlite3_bind_int64 (link, 1, id);
      sqlite3_bind_int64 (link, 2, g_array_index (self->observation_ids, gint64, i));
      if (!pl_workspace_step_done (workspace, link, error))
        return FALSE;
    }

  insert_action = pl_workspace_prepare (workspace,
                                        "INSERT INTO feedback_actions (feedback_id, position,"
                                        " action, due_on, done_on) VALUES (?1, ?2, ?3, ?4, ?5)",
                                        error);
  update_action = pl_workspace_prepare (workspace,
                                        "UPDATE feedback_actions SET position = ?2, action = ?3,"
                                        " due_on = ?4, done_on = ?5"
                                        " WHERE feedback_id = ?1 AND id = ?6",
                                        error);
  if (insert_action == NULL || update_action == NULL)
    return FALSE;

  for (guint i = 0; i < self->actions->len; i++)
    {
      PlFeedbackAction *action = g_ptr_array_index (self->actions, i);
      sqlite3_stmt *write = action->id != 0 ? update_action : insert_action;
      gint64 action_id = action->id;

      sqlite3_bind_int64 (write, 1, id);
      sqlite3_bind_int (write, 2, (int) i);
      sqlite3_bind_text (write, 3, g_ptr_array_index (checked->text, i), -1, SQLITE_TRANSIENT);
      pl_bind_text_or_null (write, 4, g_ptr_array_index (checked->due, i));
      pl_bind_text_or_null (write, 5, g_ptr_array_index (checked->done, i));
      if (action_id != 0)
        sqlite3_bind_int64 (write, 6, action_id);

      if (!pl_workspace_step_done (workspace, write, error))
        return FALSE;

      if (action_id == 0)
        action_id = sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
      else if (sqlite3_changes (pl_workspace_get_db (workspace)) != 1)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("One of the agreed actions is no longer in the workspace."));
          return FALSE;
        }

      g_array_append_val (action_ids, action_id);
      g_string_append_printf (kept, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", action_id);
    }
  g_string_append_c (kept, ']');

  prune = pl_workspace_prepare (workspace,
                                "DELETE FROM feedback_actions WHERE feedback_id = ?1"
                                " AND id NOT IN (SELECT value FROM json_each (?2))",
                                error);
  if (prune == NULL)
    return FALSE;
  sqlite3_bind_int64 (prune, 1, id);
  sqlite3_bind_text (prune, 2, kept->str, -1, SQLITE_TRANSIENT);
  if (!pl_workspace_step_done (workspace, prune, error))
    return FALSE;

  if (!pl_workspace_audit (workspace, self->id == 0 ? "create" : "update",
                           "feedback_sessions", id, NULL, error))
    return FALSE;

  *out_id = id;
  return TRUE;
}

gboolean
pl_feedback_save (PlFeedback   *self,
                  PlWorkspace  *workspace,
                  GError      **error)
{
  g_auto(Checked) checked = { 0 };
  g_autoptr(GArray) action_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *now = NULL;
  gint64 id = 0;

  g_return_val_if_fail (PL_IS_FEEDBACK (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!feedback_check (self, workspace, &checked, error))
    return FALSE;

  now = pl_now_iso8601 ();
  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!write_session (self, workspace, &checked, now, &id, action_ids, error) ||
      !pl_workspace_commit (workspace, error))
    {
      pl_workspace_rollback (workspace);
      return FALSE;
    }

  self->id = id;
  g_free (self->held_on);
  self->held_on = g_steal_pointer (&checked.held_on);
  g_free (self->acknowledged_on);
  self->acknowledged_on = g_steal_pointer (&checked.acknowledged_on);
  for (guint i = 0; i < self->actions->len; i++)
    {
      PlFeedbackAction *action = g_ptr_array_index (self->actions, i);

      action->id = g_array_index (action_ids, gint64, i);
      action->feedback_id = id;
      pl_str_replace (&action->text, g_ptr_array_index (checked.text, i));
      /* The days as stored, so that comparing them as text holds. */
      g_free (action->due_on);
      action->due_on = g_strdup (g_ptr_array_index (checked.due, i));
      g_free (action->done_on);
      action->done_on = g_strdup (g_ptr_array_index (checked.done, i));
      g_free (action->held_on);
      action->held_on = g_strdup (self->held_on);
    }

  pl_workspace_emit_changed (workspace, "feedback_sessions");
  return TRUE;
}

/* -------------------------------------------------------------------- */
/* Reading                                                               */
/* -------------------------------------------------------------------- */

static const char action_columns[] =
  "SELECT a.id, a.feedback_id, a.action, a.due_on, a.done_on, f.held_on"
  "  FROM feedback_actions a JOIN feedback_sessions f ON f.id = a.feedback_id";

PlFeedback *
pl_feedback_load (PlWorkspace  *workspace,
                  gint64        id,
                  GError      **error)
{
  g_autoptr(PlFeedback) self = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) links = NULL;
  g_autoptr(sqlite3_stmt) actions = NULL;
  g_autofree char *actions_sql = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT colleague_id, held_on, given_by, strengths, improvements,"
                               " colleague_comments, disagrees, acknowledged_on"
                               "  FROM feedback_sessions WHERE id = ? AND trashed_at IS NULL",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This feedback session is no longer in the workspace."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The feedback session could not be read"));
      return NULL;
    }

  self = pl_feedback_new (sqlite3_column_int64 (stmt, 0));
  self->id = id;
  g_free (self->held_on);
  self->held_on = column_dup (stmt, 1);
  self->given_by = column_dup (stmt, 2);
  self->strengths = column_dup (stmt, 3);
  self->improvements = column_dup (stmt, 4);
  self->colleague_comments = column_dup (stmt, 5);
  self->disagrees = sqlite3_column_int (stmt, 6) != 0;
  self->acknowledged_on = column_dup (stmt, 7);

  links = pl_workspace_prepare (workspace,
                                "SELECT fo.observation_id FROM feedback_observations fo"
                                "  JOIN observations o ON o.id = fo.observation_id"
                                " WHERE fo.feedback_id = ? ORDER BY o.observed_on, o.id",
                                error);
  if (links == NULL)
    return NULL;
  sqlite3_bind_int64 (links, 1, id);
  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    pl_feedback_add_observation (self, sqlite3_column_int64 (links, 0));
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The feedback session could not be read"));
      return NULL;
    }

  actions_sql = g_strconcat (action_columns, " WHERE a.feedback_id = ? ORDER BY a.position, a.id", NULL);
  actions = pl_workspace_prepare (workspace, actions_sql, error);
  if (actions == NULL)
    return NULL;
  sqlite3_bind_int64 (actions, 1, id);
  while ((rc = sqlite3_step (actions)) == SQLITE_ROW)
    g_ptr_array_add (self->actions, action_from_row (actions));
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The feedback session could not be read"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

GListModel *
pl_feedback_list (PlWorkspace  *workspace,
                  gint64        colleague_id,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GListStore) store = g_list_store_new (PL_TYPE_FEEDBACK);
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT id FROM feedback_sessions"
                               " WHERE colleague_id = ? AND trashed_at IS NULL"
                               " ORDER BY held_on DESC, id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, colleague_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The feedback sessions could not be read"));
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(PlFeedback) feedback = pl_feedback_load (workspace, g_array_index (ids, gint64, i), error);

      if (feedback == NULL)
        return NULL;
      g_list_store_append (store, feedback);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* -------------------------------------------------------------------- */
/* Small edits                                                           */
/* -------------------------------------------------------------------- */

/* The held_on of a session not in the trash. */
static char *
session_held_on (PlWorkspace  *workspace,
                 gint64        feedback_id,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT held_on FROM feedback_sessions WHERE id = ? AND trashed_at IS NULL",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, feedback_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (pl_column_text (stmt, 0));

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                         _("This feedback session is no longer in the workspace."));
  else
    pl_workspace_set_db_error (workspace, error, _("The feedback session could not be read"));
  return NULL;
}

/* Runs @sql (?1 the id, ?2 the text) with an audit entry in one transaction. */
static gboolean
update_one (PlWorkspace  *workspace,
            const char   *sql,
            gint64        id,
            const char   *text,
            const char   *audit_action,
            const char   *audit_entity,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace, sql, error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, id);
  pl_bind_text_or_null (stmt, 2, text);
  if (!pl_workspace_step_done (workspace, stmt, error) ||
      !pl_workspace_audit (workspace, audit_action, audit_entity, id, text, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "feedback_sessions");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

gboolean
pl_feedback_acknowledge (PlWorkspace  *workspace,
                         gint64        feedback_id,
                         const char   *acknowledged_on,
                         GError      **error)
{
  g_autofree char *held_on = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  held_on = session_held_on (workspace, feedback_id, error);
  if (held_on == NULL)
    return FALSE;

  if (!check_day_after (acknowledged_on, held_on, DAY_ACKNOWLEDGED, &day, error))
    return FALSE;

  if (day == NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the day the colleague acknowledged the feedback."));
      return FALSE;
    }

  return update_one (workspace,
                     "UPDATE feedback_sessions SET acknowledged_on = ?2,"
                     " updated_at = strftime ('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
                     feedback_id, day, "acknowledge", "feedback_sessions", error);
}

gboolean
pl_feedback_complete_action (PlWorkspace  *workspace,
                             gint64        action_id,
                             const char   *done_on,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *held_on = NULL;
  g_autofree char *day = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT f.held_on FROM feedback_actions a"
                               "  JOIN feedback_sessions f ON f.id = a.feedback_id"
                               " WHERE a.id = ? AND f.trashed_at IS NULL",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, action_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This action is no longer in the workspace."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The action could not be read"));
      return FALSE;
    }
  held_on = g_strdup (pl_column_text (stmt, 0));

  if (!check_day_after (done_on, held_on, DAY_DONE, &day, error))
    return FALSE;

  return update_one (workspace,
                     "UPDATE feedback_actions SET done_on = ?2 WHERE id = ?1",
                     action_id, day, day != NULL ? "complete" : "reopen", "feedback_actions", error);
}

gboolean
pl_feedback_trash (PlWorkspace  *workspace,
                   gint64        feedback_id,
                   GError      **error)
{
  g_autofree char *held_on = NULL;
  g_autofree char *now = pl_now_iso8601 ();

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  held_on = session_held_on (workspace, feedback_id, error);
  if (held_on == NULL)
    return FALSE;

  return update_one (workspace,
                     "UPDATE feedback_sessions SET trashed_at = ?2 WHERE id = ?1",
                     feedback_id, now, "trash", "feedback_sessions", error);
}

/* -------------------------------------------------------------------- */
/* A colleague's history                                                 */
/* -------------------------------------------------------------------- */

struct _PlFeedbackObservation
{
  GObject parent_instance;

  gint64 id;
  gint64 scorecard_id;
  char *observed_on;
  double score;
  gboolean critical_failed;
  gint64 superseded_by;
  char *rescore_reason;
  char *scorecard_name;
  char *channel_name;
  char *reference;
  char *evaluator;
  guint n_feedback;
};

G_DEFINE_FINAL_TYPE (PlFeedbackObservation, pl_feedback_observation, G_TYPE_OBJECT)

static void
pl_feedback_observation_finalize (GObject *object)
{
  PlFeedbackObservation *self = (PlFeedbackObservation *) object;

  g_clear_pointer (&self->observed_on, g_free);
  g_clear_pointer (&self->rescore_reason, g_free);
  g_clear_pointer (&self->scorecard_name, g_free);
  g_clear_pointer (&self->channel_name, g_free);
  g_clear_pointer (&self->reference, g_free);
  g_clear_pointer (&self->evaluator, g_free);

  G_OBJECT_CLASS (pl_feedback_observation_parent_class)->finalize (object);
}

static void
pl_feedback_observation_class_init (PlFeedbackObservationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pl_feedback_observation_finalize;
}

static void
pl_feedback_observation_init (PlFeedbackObservation *self)
{
}

gint64
pl_feedback_observation_get_id (PlFeedbackObservation *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_OBSERVATION (self), 0);
  return self->id;
}

gint64
pl_feedback_observation_get_scorecard_id (PlFeedbackObservation *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_OBSERVATION (self), 0);
  return self->scorecard_id;
}

const char *
pl_feedback_observation_get_observed_on (PlFeedbackObservation *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_OBSERVATION (self), NULL);
  return self->observed_on;
}

double
pl_feedback_observation_get_score (PlFeedbackObservation *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_OBSERVATION (self), NAN);
  return self->score;
}

gboolean
pl_feedback_observation_get_critical_failed (PlFeedbackObservation *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_OBSERVATION (self), FALSE);
  return self->critical_failed;
}

gint64
pl_feedback_observation_get_superseded_by (PlFeedbackObservation *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_OBSERVATION (self), 0);
  return self->superseded_by;
}

const char *
pl_feedback_observation_get_rescore_reason (PlFeedbackObservation *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_OBSERVATION (self), NULL);
  return self->rescore_reason;
}

const char *
pl_feedback_observation_get_scorecard_name (PlFeedbackObservation *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_OBSERVATION (self), NULL);
  return self->scorecard_name;
}

const char *
pl_feedback_observation_get_channel_name (PlFeedbackObservation *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_OBSERVATION (self), NULL);
  return self->channel_name;
}

const char *
pl_feedback_observation_get_reference (PlFeedbackObservation *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_OBSERVATION (self), NULL);
  return self->reference;
}

const char *
pl_feedback_observation_get_evaluator (PlFeedbackObservation *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_OBSERVATION (self), NULL);
  return self->evaluator;
}

guint
pl_feedback_observation_get_n_feedback (PlFeedbackObservation *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_OBSERVATION (self), 0);
  return self->n_feedback;
}

static gpointer
observation_from_row (sqlite3_stmt *stmt)
{
  PlFeedbackObservation *self = g_object_new (PL_TYPE_FEEDBACK_OBSERVATION, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->scorecard_id = sqlite3_column_int64 (stmt, 1);
  self->observed_on = g_strdup (pl_column_text (stmt, 2));
  self->score = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 3);
  self->critical_failed = sqlite3_column_int (stmt, 4) != 0;
  self->superseded_by = sqlite3_column_int64 (stmt, 5);
  self->rescore_reason = column_dup (stmt, 6);
  self->scorecard_name = g_strdup (pl_column_text (stmt, 7));
  self->channel_name = column_dup (stmt, 8);
  self->reference = column_dup (stmt, 9);
  self->evaluator = column_dup (stmt, 10);
  self->n_feedback = (guint) sqlite3_column_int (stmt, 11);
  return self;
}

GListModel *
pl_feedback_list_observations (PlWorkspace  *workspace,
                               gint64        colleague_id,
                               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT o.id, o.scorecard_id, o.observed_on, o.score,"
                               " o.critical_failed, o.superseded_by, o.rescore_reason,"
                               " s.name, ch.name, o.reference, o.evaluator,"
                               " (SELECT count (*) FROM feedback_observations fo"
                               "    JOIN feedback_sessions f ON f.id = fo.feedback_id"
                               "   WHERE fo.observation_id = o.id AND f.trashed_at IS NULL)"
                               "  FROM observations o"
                               "  JOIN scorecards s ON s.id = o.scorecard_id"
                               "  LEFT JOIN channels ch ON ch.id = o.channel_id"
                               " WHERE o.colleague_id = ? AND o.trashed_at IS NULL"
                               "   AND o.mode <> 'calibration'"
                               " ORDER BY o.observed_on DESC, o.id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, colleague_id);
  return pl_workspace_collect (workspace, stmt, PL_TYPE_FEEDBACK_OBSERVATION, observation_from_row,
                               _("The colleague’s observations could not be read"), error);
}

GListModel *
pl_feedback_list_open_actions (PlWorkspace  *workspace,
                               gint64        colleague_id,
                               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sql = g_strconcat (action_columns,
                     " WHERE f.colleague_id = ? AND f.trashed_at IS NULL AND a.done_on IS NULL"
                     " ORDER BY a.due_on IS NULL, a.due_on, f.held_on, a.position",
                     NULL);
  stmt = pl_workspace_prepare (workspace, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, colleague_id);
  return pl_workspace_collect (workspace, stmt, PL_TYPE_FEEDBACK_ACTION, action_from_row,
                               _("The agreed actions could not be read"), error);
}

GArray *
pl_feedback_trend (PlWorkspace  *workspace,
                   gint64        colleague_id,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) points = g_array_new (FALSE, TRUE, sizeof (PlFeedbackTrendPoint));
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* date (d, 'weekday 0', '-6 days') is the Monday of d's week. */
  stmt = pl_workspace_prepare (workspace,
                               "WITH me AS (SELECT team_id FROM colleagues WHERE id = ?1),"
                               " counted AS ("
                               "  SELECT o.colleague_id, c.team_id, o.score,"
                               "         date (o.observed_on, 'weekday 0', '-6 days') AS week"
                               "    FROM observations o JOIN colleagues c ON c.id = o.colleague_id"
                               "   WHERE o.score IS NOT NULL AND o.excluded = 0"
                               "     AND o.trashed_at IS NULL AND o.superseded_by IS NULL"
                               "     AND o.mode <> 'calibration')"
                               " SELECT week,"
                               "   avg (CASE WHEN colleague_id = ?1 THEN score END),"
                               "   count (CASE WHEN colleague_id = ?1 THEN score END),"
                               "   CASE WHEN (SELECT team_id FROM me) IS NULL THEN NULL ELSE avg (score) END,"
                               "   CASE WHEN (SELECT team_id FROM me) IS NULL THEN 0 ELSE count (score) END"
                               "  FROM counted"
                               " WHERE week IS NOT NULL"
                               "   AND (colleague_id = ?1 OR team_id = (SELECT team_id FROM me))"
                               " GROUP BY week ORDER BY week",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, colleague_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlFeedbackTrendPoint point = { { 0 } };

      g_strlcpy (point.week_start, pl_column_text (stmt, 0), sizeof point.week_start);
      point.colleague = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 1);
      point.colleague_n = sqlite3_column_int64 (stmt, 2);
      point.team = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 3);
      point.team_n = sqlite3_column_int64 (stmt, 4);
      g_array_append_val (points, point);
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The colleague’s trend could not be read"));
      return NULL;
    }

  return g_steal_pointer (&points);
}

/* -------------------------------------------------------------------- */
/* Re-scoring after a disagreement                                       */
/* -------------------------------------------------------------------- */

static gboolean
session_has_observation (PlWorkspace  *workspace,
                         gint64        feedback_id,
                         gint64        observation_id,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT o.superseded_by FROM feedback_observations fo"
                               "  JOIN observations o ON o.id = fo.observation_id"
                               " WHERE fo.feedback_id = ? AND fo.observation_id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, feedback_id);
  sqlite3_bind_int64 (stmt, 2, observation_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Only an observation the feedback is about can be scored again from it."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The feedback session could not be read"));
      return FALSE;
    }
  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("This observation has already been scored again: re-score the newer one."));
      return FALSE;
    }

  return TRUE;
}

gboolean
pl_feedback_rescore (PlWorkspace   *workspace,
                     gint64         feedback_id,
                     gint64         observation_id,
                     const double  *values,
                     guint          n_values,
                     const char    *reason,
                     gint64        *new_id,
                     GError       **error)
{
  g_autofree char *held_on = NULL;
  g_autofree char *stripped = pl_str_stripped (reason);
  g_autofree char *detail = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (values != NULL || n_values == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  held_on = session_held_on (workspace, feedback_id, error);
  if (held_on == NULL ||
      !session_has_observation (workspace, feedback_id, observation_id, error))
    return FALSE;

  if (*stripped == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Say why the observation is scored again: the reason is kept with both scores."));
      return FALSE;
    }

  /* The new score, its link to the session and the disagreement: all or
   * nothing. */
  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!pl_observation_rescore_in_transaction (workspace, observation_id, values, n_values,
                                              stripped, &id, error))
    goto rollback;

  stmt = pl_workspace_prepare (workspace,
                               "INSERT OR IGNORE INTO feedback_observations (feedback_id, observation_id)"
                               " VALUES (?1, ?2)",
                               error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, feedback_id);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto rollback;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = pl_workspace_prepare (workspace,
                               "UPDATE feedback_sessions SET disagrees = 1,"
                               " updated_at = strftime ('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
                               error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, feedback_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto rollback;

  detail = g_strdup_printf ("observation %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT ": %s",
                            observation_id, id, stripped);
  if (!pl_workspace_audit (workspace, "rescore", "feedback_sessions", feedback_id, detail, error) ||
      !pl_workspace_commit (workspace, error))
    goto rollback;

  if (new_id != NULL)
    *new_id = id;
  pl_workspace_emit_changed (workspace, "feedback_sessions");
  pl_workspace_emit_changed (workspace, "observations");
  pl_workspace_emit_changed (workspace, "sample_items");
  return TRUE;

rollback:
  pl_workspace_rollback (workspace);
  return FALSE;
}
