/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/pl-agreement.h"
#include "core/pl-workspace.h"

G_BEGIN_DECLS

/* Calibration: several evaluators score the same interaction on the same
 * scorecard without seeing each other's scores ('scoring'); the scores are
 * then revealed side by side with their agreement ('revealed'); the team
 * records the consensus value of each criterion ('agreed'). Each
 * evaluator's drift from consensus is followed over the agreed sessions.
 *
 * Blindness is kept by the API, not only the page: while a session is
 * being scored, one evaluator's values are only ever returned to that
 * evaluator. */

typedef enum
{
  PL_CALIBRATION_SCORING,
  PL_CALIBRATION_REVEALED,
  PL_CALIBRATION_AGREED,
} PlCalibrationState;

const char *pl_calibration_state_to_string   (PlCalibrationState  state);   /* the schema's text */
gboolean    pl_calibration_state_from_string (const char         *text,
                                              PlCalibrationState *state);
const char *pl_calibration_state_describe    (PlCalibrationState  state);   /* "Scoring", translated */

#define PL_TYPE_CALIBRATION_SESSION (pl_calibration_session_get_type ())

G_DECLARE_FINAL_TYPE (PlCalibrationSession, pl_calibration_session, PL, CALIBRATION_SESSION, GObject)

gint64              pl_calibration_session_get_id              (PlCalibrationSession *self);
const char         *pl_calibration_session_get_title           (PlCalibrationSession *self);
const char         *pl_calibration_session_get_held_on         (PlCalibrationSession *self);
gint64              pl_calibration_session_get_scorecard_id    (PlCalibrationSession *self);
const char         *pl_calibration_session_get_scorecard_name  (PlCalibrationSession *self);
gint64              pl_calibration_session_get_interaction_id  (PlCalibrationSession *self);  /* 0 for none */
gint64              pl_calibration_session_get_colleague_id    (PlCalibrationSession *self);  /* 0 for none */
const char         *pl_calibration_session_get_colleague_name  (PlCalibrationSession *self);  /* NULL for none */
gint64              pl_calibration_session_get_channel_id      (PlCalibrationSession *self);  /* 0 for none */
const char         *pl_calibration_session_get_reference       (PlCalibrationSession *self);  /* NULL for none */
PlCalibrationState  pl_calibration_session_get_state           (PlCalibrationSession *self);
double              pl_calibration_session_get_consensus_score (PlCalibrationSession *self);  /* NaN until agreed */
/* The evaluators by name. */
const char * const *pl_calibration_session_get_evaluators      (PlCalibrationSession *self);
guint               pl_calibration_session_get_n_evaluators    (PlCalibrationSession *self);
gboolean            pl_calibration_session_has_submitted       (PlCalibrationSession *self,
                                                                const char           *evaluator);
guint               pl_calibration_session_get_n_submitted     (PlCalibrationSession *self);

typedef struct
{
  const char         *title;
  const char         *held_on;         /* "YYYY-MM-DD" */
  gint64              scorecard_id;
  gint64              interaction_id;  /* 0 for none */
  gint64              colleague_id;    /* 0 for none */
  gint64              channel_id;      /* 0 for none */
  const char         *reference;       /* the interaction's reference; may be NULL */
  const char * const *evaluators;      /* NULL-terminated, two or more different names */
} PlCalibrationSpec;

/* Checks the spec (title, a real day, an existing scorecard, two or more
 * different evaluators) and creates the session in 'scoring'. A reference
 * that names a stored interaction links it, and its colleague and channel
 * when the spec leaves them 0. Returns the new id, or 0 with @error. */
gint64                pl_calibration_create  (PlWorkspace              *workspace,
                                              const PlCalibrationSpec  *spec,
                                              GError                  **error);
/* The sessions not in the trash, the latest first. */
GListModel           *pl_calibration_list    (PlWorkspace              *workspace,
                                              GError                  **error);
PlCalibrationSession *pl_calibration_load    (PlWorkspace              *workspace,
                                              gint64                    session_id,
                                              GError                  **error);
gboolean              pl_calibration_trash   (PlWorkspace              *workspace,
                                              gint64                    session_id,
                                              GError                  **error);
/* Takes a trashed session out of the trash, as it was. */
gboolean              pl_calibration_restore (PlWorkspace              *workspace,
                                              gint64                    session_id,
                                              GError                  **error);

/* One evaluator's scores: @values one per criterion in form order (NaN for
 * N/A), @notes NULL or one per criterion (NULL or "" for none). Each value
 * is checked as for an observation and the form scored by the scoring rule
 * into calibration_evaluators.score. Only while 'scoring'; submitting again
 * replaces the evaluator's earlier scores. Freezes the scorecard. */
gboolean              pl_calibration_submit  (PlWorkspace              *workspace,
                                              gint64                    session_id,
                                              const char               *evaluator,
                                              const double             *values,
                                              guint                     n_values,
                                              const char * const       *notes,
                                              GError                  **error);

/* @evaluator's values (one per criterion, NaN for N/A) and, with
 * @out_notes, the notes (a GStrv, one per criterion, "" for none), asked for by
 * @asking (the evaluator at the keyboard; NULL for nobody in particular).
 * While 'scoring' only evaluators' own values are returned: asking for
 * someone else's fails with PL_ERROR_INVALID and returns nothing. Fails
 * with PL_ERROR_NOT_FOUND when @evaluator has not submitted. */
double               *pl_calibration_get_values (PlWorkspace           *workspace,
                                                 gint64                 session_id,
                                                 const char            *asking,
                                                 const char            *evaluator,
                                                 guint                 *n_values,
                                                 char                ***out_notes,
                                                 GError               **error);

/* Shows the scores side by side. Needs every evaluator's scores, or with
 * @submitted_only those who submitted, at least two; the others then take
 * no part. */
gboolean              pl_calibration_reveal  (PlWorkspace              *workspace,
                                              gint64                    session_id,
                                              gboolean                  submitted_only,
                                              GError                  **error);

typedef struct
{
  gint64    criterion_id;
  char     *section;
  char     *text;
  double   *values;        /* one per compared evaluator; NaN for N/A */
  char    **notes;         /* one per compared evaluator, "" for none (a GStrv) */
  gboolean  agree;         /* every evaluator gave the same value (N/A included) */
  gboolean  has_consensus;
  double    consensus;     /* NaN for N/A or none yet */
} PlCalibrationRow;

typedef struct
{
  GPtrArray   *evaluators;      /* char *: those who submitted, as named */
  double      *scores;          /* each one's form score (NaN if nothing answered) */
  gboolean    *critical_failed; /* each one's form-level critical failure */
  GPtrArray   *rows;            /* PlCalibrationRow *, criteria in form order */
  guint        n_agree;         /* criteria on which all agree */
  double       percent_agree;   /* 100 × n_agree / criteria */
  PlAgreement *kappa;           /* criteria as items, values ("N/A" too) as categories */
  double       consensus_score; /* NaN until agreed */
} PlCalibrationComparison;

void                     pl_calibration_comparison_free (PlCalibrationComparison *comparison);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlCalibrationComparison, pl_calibration_comparison_free)

/* The side-by-side comparison; refused while 'scoring'. */
PlCalibrationComparison *pl_calibration_compare (PlWorkspace  *workspace,
                                                 gint64        session_id,
                                                 GError      **error);

/* Records the agreed value of every criterion (NaN for N/A), each checked
 * as a score, and the consensus score by the scoring rule; the session is
 * then 'agreed'. Needs the scores revealed; an agreed session may be
 * agreed again to correct it. */
gboolean              pl_calibration_agree   (PlWorkspace              *workspace,
                                              gint64                    session_id,
                                              const double             *values,
                                              guint                     n_values,
                                              GError                  **error);

typedef struct
{
  gint64  session_id;
  char   *held_on;
  char   *title;
  double  difference;      /* evaluator score − consensus score, points; NaN if either is */
  double  match;           /* share of criteria (0 … 1) matching consensus */
} PlDriftPoint;

typedef struct
{
  char   *evaluator;
  guint   n_sessions;
  double  mean_difference; /* over the sessions where it is a number; NaN if none */
  double  match;           /* criteria matching consensus / criteria, over all sessions */
  GArray *points;          /* PlDriftPoint, sessions in date order */
} PlCalibrationDrift;

void        pl_calibration_drift_free (PlCalibrationDrift *drift);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlCalibrationDrift, pl_calibration_drift_free)

/* Each evaluator's drift over the agreed sessions not in the trash, by
 * name. Returns a GPtrArray of PlCalibrationDrift *. */
GPtrArray  *pl_calibration_drift      (PlWorkspace  *workspace,
                                       GError      **error);

/* "1", "0.5", "N/A" for the kappa's categories and the page. */
char       *pl_calibration_format_value (double value);

G_END_DECLS
