/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "core/pl-scorecard.h"
#include "core/pl-workspace.h"

G_BEGIN_DECLS

/* An observation: one interaction scored on one version of a scorecard
 * (a row of observations with its observation_scores). Scores come from
 * pl_scorecard_score() only, so that the form, the stored rows and the
 * KPI agree. */

typedef enum
{
  PL_OBSERVATION_MODE_STANDARD,      /* "standard": a recording, a letter, a chat */
  PL_OBSERVATION_MODE_FACE_TO_FACE,  /* "face_to_face": observed live, timed */
} PlObservationMode;

const char *pl_observation_mode_to_string   (PlObservationMode  mode);
gboolean    pl_observation_mode_from_string (const char        *text,
                                             PlObservationMode *mode);

/* Which part of the form a validation error is about, for the app to put
 * the message next to it. */
typedef enum
{
  PL_OBSERVATION_FIELD_NONE,
  PL_OBSERVATION_FIELD_COLLEAGUE,
  PL_OBSERVATION_FIELD_CHANNEL,
  PL_OBSERVATION_FIELD_DATE,
  PL_OBSERVATION_FIELD_CRITERION,    /* with the criterion's form index */
  PL_OBSERVATION_FIELD_DURATION,
} PlObservationField;

#define PL_TYPE_OBSERVATION (pl_observation_get_type ())

G_DECLARE_FINAL_TYPE (PlObservation, pl_observation, PL, OBSERVATION, GObject)

/* A new, unsaved observation on @scorecard (which must be saved): every
 * criterion unanswered, observed today, standard mode, no duration. */
PlObservation *pl_observation_new                  (PlScorecard   *scorecard);

gint64         pl_observation_get_id               (PlObservation *self);   /* 0 until saved */
/* NULL for an observation from pl_observation_list(). */
PlScorecard   *pl_observation_get_scorecard        (PlObservation *self);
gint64         pl_observation_get_scorecard_id     (PlObservation *self);
int            pl_observation_get_scorecard_version (PlObservation *self);
const char    *pl_observation_get_scorecard_name   (PlObservation *self);
gint64         pl_observation_get_interaction_id   (PlObservation *self);   /* 0: none */
gint64         pl_observation_get_colleague_id     (PlObservation *self);   /* 0: not chosen */
const char    *pl_observation_get_colleague_name   (PlObservation *self);   /* as loaded */
gint64         pl_observation_get_channel_id       (PlObservation *self);   /* 0: none */
const char    *pl_observation_get_channel_name     (PlObservation *self);   /* as loaded */
const char    *pl_observation_get_evaluator        (PlObservation *self);
const char    *pl_observation_get_observed_on      (PlObservation *self);   /* "YYYY-MM-DD" */
const char    *pl_observation_get_reference        (PlObservation *self);
const char    *pl_observation_get_comments         (PlObservation *self);
PlObservationMode pl_observation_get_mode          (PlObservation *self);
gint64         pl_observation_get_duration_seconds (PlObservation *self);   /* -1: none */
double         pl_observation_get_score            (PlObservation *self);   /* NaN until scored */
gboolean       pl_observation_get_critical_failed  (PlObservation *self);
gboolean       pl_observation_get_excluded         (PlObservation *self);
const char    *pl_observation_get_exclusion_reason (PlObservation *self);
gint64         pl_observation_get_superseded_by    (PlObservation *self);   /* 0: current */
const char    *pl_observation_get_rescore_reason   (PlObservation *self);   /* set on the newer one */
const char    *pl_observation_get_created_at       (PlObservation *self);

/* Values, one per criterion in the scorecard's form order (0 of them for
 * an observation from pl_observation_list()). NaN is N/A; an unanswered
 * criterion also reads NaN, told apart by pl_observation_is_answered(). */
guint          pl_observation_get_n_values         (PlObservation *self);
const double  *pl_observation_get_values           (PlObservation *self);
double         pl_observation_get_value            (PlObservation *self,
                                                    guint          index);
gboolean       pl_observation_is_answered          (PlObservation *self,
                                                    guint          index);
const char    *pl_observation_get_note             (PlObservation *self,
                                                    guint          index);

void           pl_observation_set_interaction_id   (PlObservation *self,
                                                    gint64         interaction_id);
void           pl_observation_set_colleague        (PlObservation *self,
                                                    gint64         colleague_id,
                                                    const char    *name);
void           pl_observation_set_channel          (PlObservation *self,
                                                    gint64         channel_id,
                                                    const char    *name);
void           pl_observation_set_evaluator        (PlObservation *self,
                                                    const char    *evaluator);
void           pl_observation_set_observed_on      (PlObservation *self,
                                                    const char    *observed_on);
void           pl_observation_set_reference        (PlObservation *self,
                                                    const char    *reference);
void           pl_observation_set_comments         (PlObservation *self,
                                                    const char    *comments);
void           pl_observation_set_mode             (PlObservation *self,
                                                    PlObservationMode mode);
void           pl_observation_set_duration_seconds (PlObservation *self,
                                                    gint64         seconds);
/* Answers a criterion; NaN answers it N/A. */
void           pl_observation_set_value            (PlObservation *self,
                                                    guint          index,
                                                    double         value);
/* Takes the answer back: the criterion is unanswered again. */
void           pl_observation_clear_value          (PlObservation *self,
                                                    guint          index);
void           pl_observation_set_note             (PlObservation *self,
                                                    guint          index,
                                                    const char    *note);

/* Whether the form can be saved, without touching the database: a
 * colleague chosen; a real day, not in the future; every criterion
 * answered (N/A only where allowed) with a value its scale takes; a
 * duration of 0 or more, or none. On failure @field (and @criterion_index
 * for a criterion) say where, the error says what in the evaluator's words,
 * naming the first criterion missing. Either out argument may be NULL. */
gboolean       pl_observation_check                (PlObservation      *self,
                                                    PlObservationField *field,
                                                    guint              *criterion_index,
                                                    GError            **error);

/* The score of the answers given so far, by the scoring rule of
 * pl-scorecard.h with unanswered criteria left out as N/A would be; NULL
 * when a value does not fit its scale. With every criterion answered it is
 * exactly what saving stores. */
PlScoreResult *pl_observation_score_so_far         (PlObservation *self,
                                                    GError       **error);
/* The stored answers scored, for "Explain this score". */
PlScoreResult *pl_observation_score_result         (PlObservation *self,
                                                    GError       **error);

/* Validates (pl_observation_check, then the colleague, channel and sample
 * item exist), scores with pl_scorecard_score() and, in one transaction,
 * writes the observation and its scores (an update when @self has an id:
 * the answers are replaced and it is scored again), freezes the scorecard,
 * marks the sample item (@sample_item_id, 0 for none) monitored with this
 * observation and adds an audit entry; then emits "changed::observations"
 * (and "changed::sample_items", "changed::scorecards"). A re-scored
 * (superseded) observation cannot be edited. On failure nothing is
 * written. @self takes the id, score and critical flag. */
gboolean       pl_observation_save                 (PlWorkspace   *workspace,
                                                    PlObservation *self,
                                                    gint64         sample_item_id,
                                                    gint64        *out_id,
                                                    GError       **error);

/* An observation with its scorecard (that version) and its answers. */
PlObservation *pl_observation_load                 (PlWorkspace   *workspace,
                                                    gint64         id,
                                                    GError       **error);

/* Re-scores an observation after a dispute: a new observation with
 * @values (one per criterion, NaN for N/A) and the original's interaction,
 * colleague, channel, date, evaluator, reference, comments, mode, duration
 * and notes, its rescore_reason @reason; the original stays, excluded with
 * "Re-scored: <reason>" and superseded_by the new id; a sample item that
 * pointed at the original points at the new one. @reason is required; an
 * observation already re-scored cannot be again (re-score the newer one).
 * One transaction; emits "changed::observations". */
gboolean       pl_observation_rescore              (PlWorkspace   *workspace,
                                                    gint64         observation_id,
                                                    const double  *values,
                                                    guint          n_values,
                                                    const char    *reason,
                                                    gint64        *new_id,
                                                    GError       **error);
/* The same inside a transaction the caller has begun (pl_workspace_begin)
 * and commits or rolls back; it emits nothing: the caller says what
 * changed ("observations", "sample_items"). */
gboolean        pl_observation_rescore_in_transaction (PlWorkspace   *workspace,
                                                       gint64         observation_id,
                                                       const double  *values,
                                                       guint          n_values,
                                                       const char    *reason,
                                                       gint64        *new_id,
                                                       GError       **error);

/* Observations not in the trash, newest first (observed_on, then id), of
 * one colleague (@colleague_id 0: everyone), at most @limit (0: all);
 * without their answers (load one for those), with colleague and channel
 * names, excluded and superseded ones included.
 * Returns: (transfer full): a list of #PlObservation */
GListModel    *pl_observation_list                 (PlWorkspace   *workspace,
                                                    gint64         colleague_id,
                                                    guint          limit,
                                                    GError       **error);

G_END_DECLS
