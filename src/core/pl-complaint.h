/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

/* The complaints log: what came in, what was promised, and whether the
 * promise was kept.
 *
 * A promise is judged exactly as the complaints KPI judges it (pl-kpi.c,
 * within_promise_sql), so the log and the KPI agree:
 *  - kept: resolved within promised_days calendar days of received_on
 *    (resolved_on − received_on <= promised_days);
 *  - broken: resolved later than that;
 *  - overdue: not resolved, and received_on + promised_days is before the
 *    "as of" day (the promise is broken already, the KPI counts it as not
 *    kept);
 *  - open: not resolved and still in time.
 * A resolution dated after the "as of" day is not known on that day: the
 * complaint is open or overdue then. The KPI's own "as of" day is the
 * latest day in the log (pl_complaint_dup_log_as_of()); the page uses
 * today. */

typedef enum
{
  PL_COMPLAINT_STATE_KEPT,
  PL_COMPLAINT_STATE_BROKEN,
  PL_COMPLAINT_STATE_OPEN,
  PL_COMPLAINT_STATE_OVERDUE,
} PlComplaintState;

#define PL_COMPLAINT_N_STATES (PL_COMPLAINT_STATE_OVERDUE + 1)

/* Which field a validation error is about, so a form can show it there. */
typedef enum
{
  PL_COMPLAINT_FIELD_NONE,
  PL_COMPLAINT_FIELD_RECEIVED_ON,
  PL_COMPLAINT_FIELD_PROMISED_DAYS,
  PL_COMPLAINT_FIELD_DESCRIPTION,
  PL_COMPLAINT_FIELD_RESPONDED_ON,
  PL_COMPLAINT_FIELD_RESOLVED_ON,
  PL_COMPLAINT_FIELD_CHANNEL,
  PL_COMPLAINT_FIELD_COLLEAGUE,
} PlComplaintField;

/* Nicks "kept", "broken", "open", "overdue". */
#define PL_TYPE_COMPLAINT_STATE (pl_complaint_state_get_type ())
GType        pl_complaint_state_get_type    (void) G_GNUC_CONST;
const char  *pl_complaint_state_to_string   (PlComplaintState state);
const char  *pl_complaint_state_to_label    (PlComplaintState state);   /* translated: "Kept" */

#define PL_TYPE_COMPLAINT (pl_complaint_get_type ())

G_DECLARE_FINAL_TYPE (PlComplaint, pl_complaint, PL, COMPLAINT, GObject)

PlComplaint *pl_complaint_new                (void);

gint64       pl_complaint_get_id             (PlComplaint *self);
const char  *pl_complaint_get_reference      (PlComplaint *self);   /* "" for none */
void         pl_complaint_set_reference      (PlComplaint *self,
                                              const char  *reference);
const char  *pl_complaint_get_received_on    (PlComplaint *self);   /* "YYYY-MM-DD" */
void         pl_complaint_set_received_on    (PlComplaint *self,
                                              const char  *received_on);
gint64       pl_complaint_get_channel_id     (PlComplaint *self);   /* 0: not recorded */
void         pl_complaint_set_channel_id     (PlComplaint *self,
                                              gint64       channel_id);
const char  *pl_complaint_get_channel_name   (PlComplaint *self);   /* as loaded; "" */
const char  *pl_complaint_get_category       (PlComplaint *self);
void         pl_complaint_set_category       (PlComplaint *self,
                                              const char  *category);
const char  *pl_complaint_get_description    (PlComplaint *self);
void         pl_complaint_set_description    (PlComplaint *self,
                                              const char  *description);
double       pl_complaint_get_promised_days  (PlComplaint *self);   /* 2 for a new one */
void         pl_complaint_set_promised_days  (PlComplaint *self,
                                              double       promised_days);
const char  *pl_complaint_get_responded_on   (PlComplaint *self);   /* "" until responded */
void         pl_complaint_set_responded_on   (PlComplaint *self,
                                              const char  *responded_on);
const char  *pl_complaint_get_resolved_on    (PlComplaint *self);   /* "" until resolved */
void         pl_complaint_set_resolved_on    (PlComplaint *self,
                                              const char  *resolved_on);
const char  *pl_complaint_get_outcome        (PlComplaint *self);
void         pl_complaint_set_outcome        (PlComplaint *self,
                                              const char  *outcome);
gint64       pl_complaint_get_colleague_id   (PlComplaint *self);   /* 0: not recorded */
void         pl_complaint_set_colleague_id   (PlComplaint *self,
                                              gint64       colleague_id);
const char  *pl_complaint_get_colleague_name (PlComplaint *self);   /* as loaded; "" */
/* Set by validation (the Validate page), never by saving here. */
gboolean     pl_complaint_get_excluded       (PlComplaint *self);
const char  *pl_complaint_get_exclusion_reason (PlComplaint *self);
gboolean     pl_complaint_get_trashed        (PlComplaint *self);

/* Computed. Days are calendar days; -1 when the date is not there (or not
 * a date). The due date is the last day on which resolving keeps the
 * promise: received_on + floor (promised_days). */
gint64       pl_complaint_days_to_respond    (PlComplaint *self);
gint64       pl_complaint_days_to_resolve    (PlComplaint *self);
char        *pl_complaint_dup_due_on         (PlComplaint *self);
/* @as_of: "YYYY-MM-DD", or %NULL for today. */
PlComplaintState pl_complaint_get_state      (PlComplaint *self,
                                              const char  *as_of);

/* Received on a real day, not in the future; responded and resolved (when
 * given) real days, not before received, not in the future; a promised
 * time above 0; a description. @out_field says which field is wrong. */
gboolean     pl_complaint_validate           (PlComplaint       *self,
                                              PlComplaintField  *out_field,
                                              GError           **error);

/* Listing. Every filter is optional: state -1, ids 0 and strings NULL
 * mean "any". Dates compare with received_on, both ends included.
 * Excluded complaints are listed (they say so), never counted in the
 * promise figures. */
typedef struct
{
  int         state;          /* a PlComplaintState, or -1 */
  gint64      channel_id;
  gint64      colleague_id;
  const char *category;       /* exact, case aside */
  const char *received_from;
  const char *received_to;
  const char *as_of;          /* the day states are judged on; NULL: today */
} PlComplaintFilter;

void         pl_complaint_filter_init        (PlComplaintFilter *filter);

typedef struct
{
  gint64 total;               /* listed: excluded or not */
  gint64 excluded;
  gint64 by_state[PL_COMPLAINT_N_STATES];   /* not excluded */
} PlComplaintCounts;

/* Kept as a percentage of the promises judged (kept, broken, overdue), as
 * the KPI computes it; %FALSE when none has been judged. */
gboolean     pl_complaint_counts_kept_percent (const PlComplaintCounts *counts,
                                               double                  *out_percent);

/* Storage: each write is its own transaction with an audit entry and
 * emits PlWorkspace::changed::complaints. */
GListModel  *pl_complaint_list               (PlWorkspace             *workspace,   /* newest first */
                                              const PlComplaintFilter *filter,      /* nullable */
                                              GError                 **error);
gboolean     pl_complaint_count              (PlWorkspace             *workspace,
                                              const PlComplaintFilter *filter,      /* its state is ignored */
                                              PlComplaintCounts       *out_counts,
                                              GError                 **error);
PlComplaint *pl_complaint_load               (PlWorkspace  *workspace,
                                              gint64        id,
                                              GError      **error);
gboolean     pl_complaint_save               (PlComplaint  *self,
                                              PlWorkspace  *workspace,
                                              GError      **error);
gboolean     pl_complaint_trash              (PlComplaint  *self,
                                              PlWorkspace  *workspace,
                                              GError      **error);
gboolean     pl_complaint_restore            (PlComplaint  *self,
                                              PlWorkspace  *workspace,
                                              GError      **error);

/* The categories in use (not trashed), most used first, for suggestions. */
GStrv        pl_complaint_list_categories    (PlWorkspace  *workspace,
                                              GError      **error);

/* The day the complaints KPI judges open complaints on: the latest
 * received or resolved day in the log (not excluded, not trashed); %NULL
 * for an empty log. */
char        *pl_complaint_dup_log_as_of      (PlWorkspace  *workspace,
                                              GError      **error);

G_END_DECLS
