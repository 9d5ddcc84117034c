/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pl-error.h"
#include "pl-observation.h"
#include "pl-util.h"

struct _PlObservation
{
  GObject            parent_instance;

  gint64             id;
  PlScorecard       *scorecard;          /* NULL for a listed observation */
  gint64             scorecard_id;
  int                scorecard_version;
  char              *scorecard_name;
  gint64             interaction_id;
  gint64             colleague_id;
  char              *colleague_name;
  gint64             channel_id;
  char              *channel_name;
  char              *evaluator;
  char              *observed_on;
  char              *reference;
  char              *comments;
  PlObservationMode  mode;
  gint64             duration_seconds;
  double             score;
  gboolean           critical_failed;
  gboolean           excluded;
  char              *exclusion_reason;
  gint64             superseded_by;
  char              *rescore_reason;
  char              *created_at;

  GArray            *values;             /* double, NaN for N/A or unanswered */
  GArray            *answered;           /* gboolean */
  GPtrArray         *notes;              /* char *, NULL for none */
};

G_DEFINE_FINAL_TYPE (PlObservation, pl_observation, G_TYPE_OBJECT)

static const char * const mode_names[] = {
  [PL_OBSERVATION_MODE_STANDARD] = "standard",
  [PL_OBSERVATION_MODE_FACE_TO_FACE] = "face_to_face",
};

#define OBSERVATION_COLUMNS \
  "o.id, o.scorecard_id, s.version, s.name, o.interaction_id, o.colleague_id, c.display_name," \
  " o.channel_id, ch.name, o.evaluator, o.observed_on, o.reference, o.comments, o.mode," \
  " o.duration_seconds, o.score, o.critical_failed, o.excluded, o.exclusion_reason," \
  " o.superseded_by, o.rescore_reason, o.created_at"

#define OBSERVATION_FROM \
  " FROM observations o JOIN scorecards s ON s.id = o.scorecard_id" \
  " LEFT JOIN colleagues c ON c.id = o.colleague_id" \
  " LEFT JOIN channels ch ON ch.id = o.channel_id"

const char *
pl_observation_mode_to_string (PlObservationMode mode)
{
  g_return_val_if_fail (mode <= PL_OBSERVATION_MODE_FACE_TO_FACE, NULL);

  return mode_names[mode];
}

gboolean
pl_observation_mode_from_string (const char        *text,
                                 PlObservationMode *mode)
{
  int index = pl_names_index (mode_names, G_N_ELEMENTS (mode_names), text);

  if (index < 0)
    return FALSE;
  if (mode != NULL)
    *mode = (PlObservationMode) index;
  return TRUE;
}

/* Unlike pl_str_replace(), NULL stays NULL: none is not "". */
static void
set_text (char       **field,
          const char  *value)
{
  if (*field == value)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

/* Object */

static void
pl_observation_finalize (GObject *object)
{
  PlObservation *self = PL_OBSERVATION (object);

  g_clear_object (&self->scorecard);
  g_free (self->scorecard_name);
  g_free (self->colleague_name);
  g_free (self->channel_name);
  g_free (self->evaluator);
  g_free (self->observed_on);
  g_free (self->reference);
  g_free (self->comments);
  g_free (self->exclusion_reason);
  g_free (self->rescore_reason);
  g_free (self->created_at);
  g_clear_pointer (&self->values, g_array_unref);
  g_clear_pointer (&self->answered, g_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);

  G_OBJECT_CLASS (pl_observation_parent_class)->finalize (object);
}

static void
pl_observation_class_init (PlObservationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pl_observation_finalize;
}

static void
pl_observation_init (PlObservation *self)
{
  self->score = NAN;
  self->duration_seconds = -1;
  self->mode = PL_OBSERVATION_MODE_STANDARD;
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  self->answered = g_array_new (FALSE, TRUE, sizeof (gboolean));
  self->notes = g_ptr_array_new_with_free_func (g_free);
}

/* Gives @self the scorecard and one unanswered slot per criterion. */
static void
attach_scorecard (PlObservation *self,
                  PlScorecard   *scorecard)
{
  guint n = pl_scorecard_get_n_criteria (scorecard);
  double nan = NAN;

  g_set_object (&self->scorecard, scorecard);
  self->scorecard_id = pl_scorecard_get_id (scorecard);
  self->scorecard_version = pl_scorecard_get_version (scorecard);
  set_text (&self->scorecard_name, pl_scorecard_get_name (scorecard));

  g_array_set_size (self->values, 0);
  g_array_set_size (self->answered, n);
  g_ptr_array_set_size (self->notes, 0);
  for (guint i = 0; i < n; i++)
    {
      g_array_append_val (self->values, nan);
      g_array_index (self->answered, gboolean, i) = FALSE;
      g_ptr_array_add (self->notes, NULL);
    }
}

PlObservation *
pl_observation_new (PlScorecard *scorecard)
{
  PlObservation *self;

  g_return_val_if_fail (PL_IS_SCORECARD (scorecard), NULL);

  self = g_object_new (PL_TYPE_OBSERVATION, NULL);
  attach_scorecard (self, scorecard);
  self->observed_on = pl_today_iso ();

  return self;
}

/* Getters */

#define GETTER(type, name, fallback) \
  type \
  pl_observation_get_##name (PlObservation *self) \
  { \
    g_return_val_if_fail (PL_IS_OBSERVATION (self), fallback); \
    return self->name; \
  }

GETTER (gint64, id, 0)
GETTER (PlScorecard *, scorecard, NULL)
GETTER (gint64, scorecard_id, 0)
GETTER (int, scorecard_version, 0)
GETTER (const char *, scorecard_name, NULL)
GETTER (gint64, interaction_id, 0)
GETTER (gint64, colleague_id, 0)
GETTER (const char *, colleague_name, NULL)
GETTER (gint64, channel_id, 0)
GETTER (const char *, channel_name, NULL)
GETTER (const char *, evaluator, NULL)
GETTER (const char *, observed_on, NULL)
GETTER (const char *, reference, NULL)
GETTER (const char *, comments, NULL)
GETTER (PlObservationMode, mode, PL_OBSERVATION_MODE_STANDARD)
GETTER (gint64, duration_seconds, -1)
GETTER (double, score, NAN)
GETTER (gboolean, critical_failed, FALSE)
GETTER (gboolean, excluded, FALSE)
GETTER (const char *, exclusion_reason, NULL)
GETTER (gint64, superseded_by, 0)
GETTER (const char *, rescore_reason, NULL)
GETTER (const char *, created_at, NULL)

#undef GETTER

guint
pl_observation_get_n_values (PlObservation *self)
{
  g_return_val_if_fail (PL_IS_OBSERVATION (self), 0);

  return self->values->len;
}

const double *
pl_observation_get_values (PlObservation *self)
{
  g_return_val_if_fail (PL_IS_OBSERVATION (self), NULL);

  return (const double *) (gpointer) self->values->data;
}

double
pl_observation_get_value (PlObservation *self,
                          guint          index)
{
  g_return_val_if_fail (PL_IS_OBSERVATION (self), NAN);
  g_return_val_if_fail (index < self->values->len, NAN);

  return g_array_index (self->values, double, index);
}

gboolean
pl_observation_is_answered (PlObservation *self,
                            guint          index)
{
  g_return_val_if_fail (PL_IS_OBSERVATION (self), FALSE);
  g_return_val_if_fail (index < self->answered->len, FALSE);

  return g_array_index (self->answered, gboolean, index);
}

const char *
pl_observation_get_note (PlObservation *self,
                         guint          index)
{
  g_return_val_if_fail (PL_IS_OBSERVATION (self), NULL);
  g_return_val_if_fail (index < self->notes->len, NULL);

  return g_ptr_array_index (self->notes, index);
}

/* Setters */

/* Blank text is stored as none. */
static void
replace_text (char       **field,
              const char  *value)
{
  g_autofree char *stripped = value != NULL ? pl_str_stripped (value) : NULL;

  set_text (field, stripped != NULL && *stripped != '\0' ? stripped : NULL);
}

void
pl_observation_set_interaction_id (PlObservation *self,
                                   gint64         interaction_id)
{
  g_return_if_fail (PL_IS_OBSERVATION (self));

  self->interaction_id = MAX (interaction_id, 0);
}

void
pl_observation_set_colleague (PlObservation *self,
                              gint64         colleague_id,
                              const char    *name)
{
  g_return_if_fail (PL_IS_OBSERVATION (self));

  self->colleague_id = MAX (colleague_id, 0);
  set_text (&self->colleague_name, name);
}

void
pl_observation_set_channel (PlObservation *self,
                            gint64         channel_id,
                            const char    *name)
{
  g_return_if_fail (PL_IS_OBSERVATION (self));

  self->channel_id = MAX (channel_id, 0);
  set_text (&self->channel_name, name);
}

void
pl_observation_set_evaluator (PlObservation *self,
                              const char    *evaluator)
{
  g_return_if_fail (PL_IS_OBSERVATION (self));

  replace_text (&self->evaluator, evaluator);
}

void
pl_observation_set_observed_on (PlObservation *self,
                                const char    *observed_on)
{
  g_return_if_fail (PL_IS_OBSERVATION (self));

  replace_text (&self->observed_on, observed_on);
}

void
pl_observation_set_reference (PlObservation *self,
                              const char    *reference)
{
  g_return_if_fail (PL_IS_OBSERVATION (self));

  replace_text (&self->reference, reference);
}

void
pl_observation_set_comments (PlObservation *self,
                             const char    *comments)
{
  g_return_if_fail (PL_IS_OBSERVATION (self));

  replace_text (&self->comments, comments);
}

void
pl_observation_set_mode (PlObservation     *self,
                         PlObservationMode  mode)
{
  g_return_if_fail (PL_IS_OBSERVATION (self));
  g_return_if_fail (mode <= PL_OBSERVATION_MODE_FACE_TO_FACE);

  self->mode = mode;
}

void
pl_observation_set_duration_seconds (PlObservation *self,
                                     gint64         seconds)
{
  g_return_if_fail (PL_IS_OBSERVATION (self));

  self->duration_seconds = seconds;
}

void
pl_observation_set_value (PlObservation *self,
                          guint          index,
                          double         value)
{
  g_return_if_fail (PL_IS_OBSERVATION (self));
  g_return_if_fail (index < self->values->len);

  g_array_index (self->values, double, index) = value;
  g_array_index (self->answered, gboolean, index) = TRUE;
}

void
pl_observation_clear_value (PlObservation *self,
                            guint          index)
{
  g_return_if_fail (PL_IS_OBSERVATION (self));
  g_return_if_fail (index < self->values->len);

  g_array_index (self->values, double, index) = NAN;
  g_array_index (self->answered, gboolean, index) = FALSE;
}

void
pl_observation_set_note (PlObservation *self,
                         guint          index,
                         const char    *note)
{
  g_return_if_fail (PL_IS_OBSERVATION (self));
  g_return_if_fail (index < self->notes->len);

  replace_text ((char **) &g_ptr_array_index (self->notes, index), note);
}

/* Checking and scoring */

static gboolean
fail (GError             **error,
      PlObservationField  *field,
      PlObservationField   which,
      const char          *message)
{
  if (field != NULL)
    *field = which;
  g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID, message);
  return FALSE;
}

gboolean
pl_observation_check (PlObservation      *self,
                      PlObservationField *field,
                      guint              *criterion_index,
                      GError            **error)
{
  g_autofree char *today = pl_today_iso ();
  g_autofree char *day = NULL;
  guint n;

  g_return_val_if_fail (PL_IS_OBSERVATION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field != NULL)
    *field = PL_OBSERVATION_FIELD_NONE;
  if (criterion_index != NULL)
    *criterion_index = 0;

  if (self->scorecard == NULL)
    return fail (error, field, PL_OBSERVATION_FIELD_NONE,
                 _("This observation has no scorecard to score it with."));

  if (self->colleague_id <= 0)
    return fail (error, field, PL_OBSERVATION_FIELD_COLLEAGUE,
                 _("Choose the colleague who was observed."));

  day = self->observed_on != NULL ? pl_date_parse_day (self->observed_on) : NULL;
  if (day == NULL || !g_str_equal (day, self->observed_on))
    return fail (error, field, PL_OBSERVATION_FIELD_DATE,
                 _("Give the day of the observation as YYYY-MM-DD, for example 2026-09-14."));
  if (strcmp (self->observed_on, today) > 0)
    return fail (error, field, PL_OBSERVATION_FIELD_DATE,
                 _("The observation cannot be dated in the future."));

  if (self->duration_seconds < -1)
    return fail (error, field, PL_OBSERVATION_FIELD_DURATION,
                 _("The duration cannot be negative."));

  n = pl_scorecard_get_n_criteria (self->scorecard);
  g_assert (n == self->values->len);
  for (guint i = 0; i < n; i++)
    {
      PlCriterion *criterion = pl_scorecard_get_criterion (self->scorecard, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *message = NULL;

      if (!g_array_index (self->answered, gboolean, i))
        {
          if (criterion->allow_na)
            /* Translators: %s is a scorecard criterion */
            message = g_strdup_printf (_("Answer “%s”, or mark it N/A."), criterion->text);
          else
            /* Translators: %s is a scorecard criterion */
            message = g_strdup_printf (_("Answer “%s”: every criterion needs an answer."), criterion->text);
        }
      else if (!pl_criterion_check_value (criterion, g_array_index (self->values, double, i), &local_error))
        message = g_strdup (local_error->message);

      if (message != NULL)
        {
          if (criterion_index != NULL)
            *criterion_index = i;
          return fail (error, field, PL_OBSERVATION_FIELD_CRITERION, message);
        }
    }

  return TRUE;
}

PlScoreResult *
pl_observation_score_so_far (PlObservation  *self,
                             GError        **error)
{
  g_autoptr(GArray) allowed = NULL;
  PlScoreResult *result;
  guint n;

  g_return_val_if_fail (PL_IS_OBSERVATION (self), NULL);
  g_return_val_if_fail (self->scorecard != NULL, NULL);

  /* The one scoring rule, with a criterion not yet answered counted as N/A
   * would be: it is let through as N/A for this call only, on the form's
   * own answers, then the scorecard is as it was. */
  n = pl_scorecard_get_n_criteria (self->scorecard);
  allowed = g_array_sized_new (FALSE, FALSE, sizeof (gboolean), n);
  for (guint i = 0; i < n; i++)
    {
      PlCriterion *criterion = pl_scorecard_get_criterion (self->scorecard, i);

      g_array_append_val (allowed, criterion->allow_na);
      if (!g_array_index (self->answered, gboolean, i))
        criterion->allow_na = TRUE;
    }

  result = pl_scorecard_score (self->scorecard, (const double *) (gpointer) self->values->data,
                               self->values->len, error);

  for (guint i = 0; i < n; i++)
    pl_scorecard_get_criterion (self->scorecard, i)->allow_na = g_array_index (allowed, gboolean, i);

  return result;
}

PlScoreResult *
pl_observation_score_result (PlObservation  *self,
                             GError        **error)
{
  g_return_val_if_fail (PL_IS_OBSERVATION (self), NULL);

  if (self->scorecard == NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Open the observation to see how it was scored."));
      return NULL;
    }

  return pl_scorecard_score (self->scorecard, (const double *) (gpointer) self->values->data,
                             self->values->len, error);
}

/* Reading */

static const char *
column_or_null (sqlite3_stmt *stmt,
                int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static PlObservation *
observation_from_row (sqlite3_stmt *stmt)
{
  PlObservation *self = g_object_new (PL_TYPE_OBSERVATION, NULL);
  PlObservationMode mode = PL_OBSERVATION_MODE_STANDARD;

  self->id = sqlite3_column_int64 (stmt, 0);
  self->scorecard_id = sqlite3_column_int64 (stmt, 1);
  self->scorecard_version = sqlite3_column_int (stmt, 2);
  set_text (&self->scorecard_name, column_or_null (stmt, 3));
  self->interaction_id = sqlite3_column_int64 (stmt, 4);
  self->colleague_id = sqlite3_column_int64 (stmt, 5);
  set_text (&self->colleague_name, column_or_null (stmt, 6));
  self->channel_id = sqlite3_column_int64 (stmt, 7);
  set_text (&self->channel_name, column_or_null (stmt, 8));
  set_text (&self->evaluator, column_or_null (stmt, 9));
  set_text (&self->observed_on, column_or_null (stmt, 10));
  set_text (&self->reference, column_or_null (stmt, 11));
  set_text (&self->comments, column_or_null (stmt, 12));
  pl_observation_mode_from_string (column_or_null (stmt, 13), &mode);
  self->mode = mode;
  self->duration_seconds = sqlite3_column_type (stmt, 14) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 14);
  self->score = sqlite3_column_type (stmt, 15) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 15);
  self->critical_failed = sqlite3_column_int (stmt, 16) != 0;
  self->excluded = sqlite3_column_int (stmt, 17) != 0;
  set_text (&self->exclusion_reason, column_or_null (stmt, 18));
  self->superseded_by = sqlite3_column_int64 (stmt, 19);
  set_text (&self->rescore_reason, column_or_null (stmt, 20));
  set_text (&self->created_at, column_or_null (stmt, 21));

  return self;
}

PlObservation *
pl_observation_load (PlWorkspace  *workspace,
                     gint64        id,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PlObservation) self = NULL;
  g_autoptr(PlScorecard) scorecard = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " OBSERVATION_COLUMNS OBSERVATION_FROM " WHERE o.id = ?",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  self = pl_workspace_fetch_one (workspace, stmt, (PlWorkspaceRowFunc) observation_from_row,
                                 _("That observation is not in the workspace."),
                                 _("The observation could not be read"), error);
  if (self == NULL)
    return NULL;
  g_clear_pointer (&stmt, sqlite3_finalize);

  scorecard = pl_scorecard_load (workspace, self->scorecard_id, error);
  if (scorecard == NULL)
    return NULL;
  attach_scorecard (self, scorecard);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT criterion_id, value, note FROM observation_scores"
                               " WHERE observation_id = ?",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int index = pl_scorecard_find_criterion (scorecard, sqlite3_column_int64 (stmt, 0));

      if (index < 0)
        continue;
      if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        pl_observation_set_value (self, index, NAN);
      else
        pl_observation_set_value (self, index, sqlite3_column_double (stmt, 1));
      set_text ((char **) &g_ptr_array_index (self->notes, index), column_or_null (stmt, 2));
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The observation’s answers could not be read"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

GListModel *
pl_observation_list (PlWorkspace  *workspace,
                     gint64        colleague_id,
                     guint         limit,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " OBSERVATION_COLUMNS OBSERVATION_FROM
                               " WHERE o.trashed_at IS NULL AND (?1 = 0 OR o.colleague_id = ?1)"
                               " ORDER BY o.observed_on DESC, o.id DESC LIMIT ?2",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, colleague_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  return pl_workspace_collect (workspace, stmt, PL_TYPE_OBSERVATION,
                               (PlWorkspaceRowFunc) observation_from_row,
                               _("The observations could not be read"), error);
}

/* Writing */

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

static gboolean
write_scores (PlWorkspace   *workspace,
              PlScorecard   *scorecard,
              gint64         observation_id,
              const double  *values,
              GPtrArray     *notes,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = pl_scorecard_get_n_criteria (scorecard);

  stmt = pl_workspace_prepare (workspace, "DELETE FROM observation_scores WHERE observation_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, observation_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO observation_scores (observation_id, criterion_id, value, note)"
                               " VALUES (?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, observation_id);
      sqlite3_bind_int64 (stmt, 2, pl_scorecard_get_criterion (scorecard, i)->id);
      if (isnan (values[i]))
        sqlite3_bind_null (stmt, 3);
      else
        sqlite3_bind_double (stmt, 3, values[i]);
      pl_bind_text_or_null (stmt, 4, notes != NULL && i < notes->len ? g_ptr_array_index (notes, i) : NULL);
      if (!pl_workspace_step_done (workspace, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
freeze_scorecard (PlWorkspace  *workspace,
                  gint64        scorecard_id,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pl_workspace_prepare (workspace, "UPDATE scorecards SET frozen = 1 WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, scorecard_id);
  return pl_workspace_step_done (workspace, stmt, error);
}

static void
bind_score (sqlite3_stmt *stmt,
            int           index,
            double        score)
{
  if (isnan (score))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, score);
}

static char *
format_score (double score)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (score))
    return g_strdup ("score none");
  return g_strconcat ("score ", g_ascii_formatd (buffer, sizeof buffer, "%.2f", score), NULL);
}

gboolean
pl_observation_save (PlWorkspace    *workspace,
                     PlObservation  *self,
                     gint64          sample_item_id,
                     gint64         *out_id,
                     GError        **error)
{
  g_autoptr(PlScoreResult) result = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *detail = NULL;
  gboolean exists = FALSE;
  gint64 id;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (PL_IS_OBSERVATION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_observation_check (self, NULL, NULL, error))
    return FALSE;
  if (self->scorecard_id <= 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Save the scorecard before observing with it."));
      return FALSE;
    }

  result = pl_scorecard_score (self->scorecard, (const double *) (gpointer) self->values->data,
                               self->values->len, error);
  if (result == NULL)
    return FALSE;

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!row_exists (workspace, "SELECT 1 FROM colleagues WHERE id = ?", self->colleague_id, &exists, error))
    goto failed;
  if (!exists)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("That colleague is no longer in the workspace: choose another."));
      goto failed;
    }
  if (self->channel_id > 0)
    {
      if (!row_exists (workspace, "SELECT 1 FROM channels WHERE id = ?", self->channel_id, &exists, error))
        goto failed;
      if (!exists)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("That channel is no longer in the workspace: choose another."));
          goto failed;
        }
    }
  if (self->interaction_id > 0)
    {
      if (!row_exists (workspace, "SELECT 1 FROM interactions WHERE id = ?", self->interaction_id, &exists, error))
        goto failed;
      if (!exists)
        self->interaction_id = 0;   /* deleted with its import: the observation stands alone */
    }
  if (sample_item_id > 0)
    {
      if (!row_exists (workspace, "SELECT 1 FROM sample_items WHERE id = ?", sample_item_id, &exists, error))
        goto failed;
      if (!exists)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("This item is no longer on the monitoring list."));
          goto failed;
        }
    }

  if (self->id > 0)
    {
      gint64 superseded_by = 0;

      stmt = pl_workspace_prepare (workspace, "SELECT superseded_by FROM observations WHERE id = ?", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, self->id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("That observation is not in the workspace."));
          goto failed;
        }
      superseded_by = sqlite3_column_int64 (stmt, 0);
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (superseded_by > 0)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                               _("This observation has been re-scored: edit the newer one."));
          goto failed;
        }

      stmt = pl_workspace_prepare (workspace,
                                   "UPDATE observations SET interaction_id = ?1, colleague_id = ?2,"
                                   " channel_id = ?3, evaluator = ?4, observed_on = ?5, reference = ?6,"
                                   " score = ?7, critical_failed = ?8, comments = ?9, mode = ?10,"
                                   " duration_seconds = ?11, updated_at = ?12 WHERE id = ?13",
                                   error);
    }
  else
    stmt = pl_workspace_prepare (workspace,
                                 "INSERT INTO observations (interaction_id, colleague_id, channel_id,"
                                 " evaluator, observed_on, reference, score, critical_failed, comments,"
                                 " mode, duration_seconds, created_at, updated_at, scorecard_id)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)",
                                 error);
  if (stmt == NULL)
    goto failed;

  pl_bind_id_or_null (stmt, 1, self->interaction_id);
  sqlite3_bind_int64 (stmt, 2, self->colleague_id);
  pl_bind_id_or_null (stmt, 3, self->channel_id);
  pl_bind_text_or_null (stmt, 4, self->evaluator);
  sqlite3_bind_text (stmt, 5, self->observed_on, -1, SQLITE_STATIC);
  pl_bind_text_or_null (stmt, 6, self->reference);
  bind_score (stmt, 7, result->score);
  sqlite3_bind_int (stmt, 8, result->critical_failed ? 1 : 0);
  pl_bind_text_or_null (stmt, 9, self->comments);
  sqlite3_bind_text (stmt, 10, mode_names[self->mode], -1, SQLITE_STATIC);
  if (self->duration_seconds >= 0)
    sqlite3_bind_int64 (stmt, 11, self->duration_seconds);
  sqlite3_bind_text (stmt, 12, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 13, self->id > 0 ? self->id : self->scorecard_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  id = self->id > 0 ? self->id : sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!write_scores (workspace, self->scorecard, id, (const double *) (gpointer) self->values->data,
                     self->notes, error) ||
      !freeze_scorecard (workspace, self->scorecard_id, error))
    goto failed;

  if (sample_item_id > 0)
    {
      stmt = pl_workspace_prepare (workspace,
                                   "UPDATE sample_items SET status = 'monitored', skip_reason = NULL,"
                                   " observation_id = ?, updated_at = ? WHERE id = ?",
                                   error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, sample_item_id);
      if (!pl_workspace_step_done (workspace, stmt, error))
        goto failed;
      detail = g_strdup_printf ("observation %" G_GINT64_FORMAT, id);
      if (!pl_workspace_audit (workspace, "monitored", "sample_item", sample_item_id, detail, error))
        goto failed;
      g_clear_pointer (&detail, g_free);
    }

  detail = format_score (result->score);
  if (!pl_workspace_audit (workspace, self->id > 0 ? "update" : "create", "observation", id, detail, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  self->id = id;
  self->score = result->score;
  self->critical_failed = result->critical_failed;
  if (self->created_at == NULL)
    self->created_at = g_strdup (now);
  if (out_id != NULL)
    *out_id = id;

  pl_workspace_emit_changed (workspace, "observations");
  pl_workspace_emit_changed (workspace, "scorecards");
  if (sample_item_id > 0)
    pl_workspace_emit_changed (workspace, "sample_items");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/* With @own_transaction, in a transaction of its own, emitting the
 * changes; without, inside the caller's, who commits or rolls back and
 * says what changed. */
static gboolean
rescore (PlWorkspace   *workspace,
         gint64         observation_id,
         const double  *values,
         guint          n_values,
         const char    *reason,
         gboolean       own_transaction,
         gint64        *new_id,
         GError       **error)
{
  g_autoptr(PlObservation) original = NULL;
  g_autoptr(PlScoreResult) result = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *exclusion = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *detail = NULL;
  g_autofree char *score_text = NULL;
  gint64 id;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (values != NULL || n_values == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  trimmed = reason != NULL ? pl_str_stripped (reason) : NULL;
  if (trimmed == NULL || *trimmed == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Say why the observation is re-scored, for example what the colleague showed."));
      return FALSE;
    }

  original = pl_observation_load (workspace, observation_id, error);
  if (original == NULL)
    return FALSE;

  if (original->superseded_by > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("This observation has already been re-scored: re-score the newer one."));
      return FALSE;
    }

  if (n_values != pl_scorecard_get_n_criteria (original->scorecard))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The scorecard has %u criteria; %u answers were given."),
                   pl_scorecard_get_n_criteria (original->scorecard), n_values);
      return FALSE;
    }

  result = pl_scorecard_score (original->scorecard, values, n_values, error);
  if (result == NULL)
    return FALSE;

  if (own_transaction && !pl_workspace_begin (workspace, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO observations (scorecard_id, interaction_id, colleague_id,"
                               " channel_id, evaluator, observed_on, reference, score, critical_failed,"
                               " comments, mode, duration_seconds, rescore_reason, created_at, updated_at)"
                               " SELECT scorecard_id, interaction_id, colleague_id, channel_id, evaluator,"
                               " observed_on, reference, ?1, ?2, comments, mode, duration_seconds, ?3, ?4, ?4"
                               " FROM observations WHERE id = ?5",
                               error);
  if (stmt == NULL)
    goto failed;
  bind_score (stmt, 1, result->score);
  sqlite3_bind_int (stmt, 2, result->critical_failed ? 1 : 0);
  sqlite3_bind_text (stmt, 3, trimmed, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, observation_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;
  id = sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!write_scores (workspace, original->scorecard, id, values, original->notes, error))
    goto failed;

  /* Translators: stored with the original observation; %s is the reason given */
  exclusion = g_strdup_printf (_("Re-scored: %s"), trimmed);
  stmt = pl_workspace_prepare (workspace,
                               "UPDATE observations SET excluded = 1, exclusion_reason = ?,"
                               " superseded_by = ?, updated_at = ? WHERE id = ?",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, exclusion, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, observation_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = pl_workspace_prepare (workspace,
                               "UPDATE sample_items SET observation_id = ?, updated_at = ?"
                               " WHERE observation_id = ?",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, observation_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  score_text = format_score (result->score);
  detail = g_strdup_printf ("re-scored as observation %" G_GINT64_FORMAT ", %s: %s", id, score_text, trimmed);
  if (!pl_workspace_audit (workspace, "rescore", "observation", observation_id, detail, error) ||
      (own_transaction && !pl_workspace_commit (workspace, error)))
    goto failed;

  if (new_id != NULL)
    *new_id = id;

  if (own_transaction)
    {
      pl_workspace_emit_changed (workspace, "observations");
      pl_workspace_emit_changed (workspace, "sample_items");
    }
  return TRUE;

failed:
  if (own_transaction)
    pl_workspace_rollback (workspace);
  return FALSE;
}

gboolean
pl_observation_rescore (PlWorkspace   *workspace,
                        gint64         observation_id,
                        const double  *values,
                        guint          n_values,
                        const char    *reason,
                        gint64        *new_id,
                        GError       **error)
{
  return rescore (workspace, observation_id, values, n_values, reason, TRUE, new_id, error);
}

gboolean
pl_observation_rescore_in_transaction (PlWorkspace   *workspace,
                                       gint64         observation_id,
                                       const double  *values,
                                       guint          n_values,
                                       const char    *reason,
                                       gint64        *new_id,
                                       GError       **error)
{
  return rescore (workspace, observation_id, values, n_values, reason, FALSE, new_id, error);
}
