/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/pl-workspace.h"

G_BEGIN_DECLS

/* An agreed action of a feedback session. */
#define PL_TYPE_FEEDBACK_ACTION (pl_feedback_action_get_type ())

G_DECLARE_FINAL_TYPE (PlFeedbackAction, pl_feedback_action, PL, FEEDBACK_ACTION, GObject)

PlFeedbackAction *pl_feedback_action_new          (const char       *text,
                                                   const char       *due_on);
gint64            pl_feedback_action_get_id       (PlFeedbackAction *self);  /* 0 until saved */
gint64            pl_feedback_action_get_feedback_id (PlFeedbackAction *self);
const char       *pl_feedback_action_get_text     (PlFeedbackAction *self);
void              pl_feedback_action_set_text     (PlFeedbackAction *self,
                                                   const char       *text);
const char       *pl_feedback_action_get_due_on   (PlFeedbackAction *self);  /* NULL: no date */
void              pl_feedback_action_set_due_on   (PlFeedbackAction *self,
                                                   const char       *due_on);
const char       *pl_feedback_action_get_done_on  (PlFeedbackAction *self);  /* NULL: open */
void              pl_feedback_action_set_done_on  (PlFeedbackAction *self,
                                                   const char       *done_on);
/* The day of the session it was agreed in (set when listed or loaded). */
const char       *pl_feedback_action_get_held_on  (PlFeedbackAction *self);
/* Open with a due date before @today ("YYYY-MM-DD"). */
gboolean          pl_feedback_action_is_overdue   (PlFeedbackAction *self,
                                                   const char       *today);

/* A feedback session with a colleague, started from some of their
 * observations. */
#define PL_TYPE_FEEDBACK (pl_feedback_get_type ())

G_DECLARE_FINAL_TYPE (PlFeedback, pl_feedback, PL, FEEDBACK, GObject)

PlFeedback   *pl_feedback_new                    (gint64       colleague_id);
gint64        pl_feedback_get_id                 (PlFeedback  *self);   /* 0 until saved */
gint64        pl_feedback_get_colleague_id       (PlFeedback  *self);
const char   *pl_feedback_get_held_on            (PlFeedback  *self);
void          pl_feedback_set_held_on            (PlFeedback  *self,
                                                  const char  *held_on);
const char   *pl_feedback_get_given_by           (PlFeedback  *self);
void          pl_feedback_set_given_by           (PlFeedback  *self,
                                                  const char  *given_by);
const char   *pl_feedback_get_strengths          (PlFeedback  *self);
void          pl_feedback_set_strengths          (PlFeedback  *self,
                                                  const char  *strengths);
const char   *pl_feedback_get_improvements       (PlFeedback  *self);
void          pl_feedback_set_improvements       (PlFeedback  *self,
                                                  const char  *improvements);
const char   *pl_feedback_get_colleague_comments (PlFeedback  *self);
void          pl_feedback_set_colleague_comments (PlFeedback  *self,
                                                  const char  *comments);
gboolean      pl_feedback_get_disagrees          (PlFeedback  *self);
void          pl_feedback_set_disagrees          (PlFeedback  *self,
                                                  gboolean     disagrees);
const char   *pl_feedback_get_acknowledged_on    (PlFeedback  *self);   /* NULL: awaiting */
void          pl_feedback_set_acknowledged_on    (PlFeedback  *self,
                                                  const char  *acknowledged_on);
/* The observations it was started from, as ids. */
const gint64 *pl_feedback_get_observation_ids    (PlFeedback  *self,
                                                  guint       *n_ids);
void          pl_feedback_add_observation        (PlFeedback  *self,
                                                  gint64       observation_id);
void          pl_feedback_remove_observation     (PlFeedback  *self,
                                                  gint64       observation_id);
/* PlFeedbackAction *, in order. */
GPtrArray    *pl_feedback_get_actions            (PlFeedback  *self);
void          pl_feedback_add_action             (PlFeedback  *self,
                                                  PlFeedbackAction *action);
void          pl_feedback_remove_action          (PlFeedback  *self,
                                                  guint        index);

/* Checks (nothing written on failure, the error in the user's words):
 * held_on a real day; at least one observation, each of this colleague
 * and not in the trash; actions have text; due and done dates and the
 * acknowledged date are real days not before the session. Writes the
 * session, its observations and its actions (the action list replaces the
 * stored one; an action keeps its id when it is kept) in one transaction. */
gboolean      pl_feedback_save                   (PlFeedback  *self,
                                                  PlWorkspace *workspace,
                                                  GError     **error);
PlFeedback   *pl_feedback_load                   (PlWorkspace *workspace,
                                                  gint64       id,
                                                  GError     **error);
/* The colleague's sessions not in the trash, newest first (PlFeedback). */
GListModel   *pl_feedback_list                   (PlWorkspace *workspace,
                                                  gint64       colleague_id,
                                                  GError     **error);
/* The colleague acknowledged the session on @acknowledged_on. */
gboolean      pl_feedback_acknowledge            (PlWorkspace *workspace,
                                                  gint64       feedback_id,
                                                  const char  *acknowledged_on,
                                                  GError     **error);
/* Marks an action done on @done_on (NULL reopens it). */
gboolean      pl_feedback_complete_action        (PlWorkspace *workspace,
                                                  gint64       action_id,
                                                  const char  *done_on,
                                                  GError     **error);
gboolean      pl_feedback_trash                  (PlWorkspace *workspace,
                                                  gint64       feedback_id,
                                                  GError     **error);
/* The colleague disagreed with the score of one of the session's
 * observations and it was scored again, in one transaction: the original
 * kept (excluded, superseded by the new one, as pl_observation_rescore()
 * does), the new observation joining the session, the session marked
 * "disagrees", the audit log recording it; on any failure, none of it.
 * @values: one per criterion in form order, NaN for N/A. */
gboolean      pl_feedback_rescore                (PlWorkspace  *workspace,
                                                  gint64        feedback_id,
                                                  gint64        observation_id,
                                                  const double *values,
                                                  guint         n_values,
                                                  const char   *reason,
                                                  gint64       *new_id,
                                                  GError      **error);

/* One of a colleague's observations, for their history. */
#define PL_TYPE_FEEDBACK_OBSERVATION (pl_feedback_observation_get_type ())

G_DECLARE_FINAL_TYPE (PlFeedbackObservation, pl_feedback_observation, PL, FEEDBACK_OBSERVATION, GObject)

gint64       pl_feedback_observation_get_id            (PlFeedbackObservation *self);
gint64       pl_feedback_observation_get_scorecard_id  (PlFeedbackObservation *self);
const char  *pl_feedback_observation_get_observed_on   (PlFeedbackObservation *self);
double       pl_feedback_observation_get_score         (PlFeedbackObservation *self);  /* NaN: none */
gboolean     pl_feedback_observation_get_critical_failed (PlFeedbackObservation *self);
gint64       pl_feedback_observation_get_superseded_by (PlFeedbackObservation *self);  /* 0: current */
const char  *pl_feedback_observation_get_rescore_reason (PlFeedbackObservation *self);
const char  *pl_feedback_observation_get_scorecard_name (PlFeedbackObservation *self);
const char  *pl_feedback_observation_get_channel_name  (PlFeedbackObservation *self);
const char  *pl_feedback_observation_get_reference     (PlFeedbackObservation *self);
const char  *pl_feedback_observation_get_evaluator     (PlFeedbackObservation *self);
guint        pl_feedback_observation_get_n_feedback    (PlFeedbackObservation *self);  /* sessions using it */

/* The colleague's observations not in the trash, newest first, the
 * superseded ones included (marked). */
GListModel  *pl_feedback_list_observations (PlWorkspace *workspace,
                                            gint64       colleague_id,
                                            GError     **error);
/* The colleague's open actions from sessions not in the trash, by due
 * date (undated last) (PlFeedbackAction). */
GListModel  *pl_feedback_list_open_actions (PlWorkspace *workspace,
                                            gint64       colleague_id,
                                            GError     **error);

/* The colleague's QA score by week against their team's: the mean score
 * of observations that count (not excluded, not in the trash, not
 * superseded, not calibration). */
typedef struct {
  char   week_start[11];   /* Monday, "YYYY-MM-DD" */
  double colleague;        /* NaN: not observed that week */
  gint64 colleague_n;
  double team;             /* NaN: no team or no observations */
  gint64 team_n;
} PlFeedbackTrendPoint;

/* Every week in which the colleague or their team was observed, in
 * order; (element-type PlFeedbackTrendPoint). */
GArray      *pl_feedback_trend             (PlWorkspace *workspace,
                                            gint64       colleague_id,
                                            GError     **error);

G_END_DECLS
