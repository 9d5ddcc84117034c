/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pl-workspace.h"

G_BEGIN_DECLS

/* Reviews: one evaluation cycle of the quality of service (unit 403 LO2,
 * CFACSB14 PC 1-4), with its plan in parts saved alongside it. */

/**
 * PlReviewStatus:
 *
 * The stages of a review, in order. A review moves one stage at a time,
 * forwards or back; a closed review can be reopened to improving.
 */
typedef enum
{
  PL_REVIEW_STATUS_PLANNING,
  PL_REVIEW_STATUS_COLLECTING,
  PL_REVIEW_STATUS_EVALUATING,
  PL_REVIEW_STATUS_IMPROVING,
  PL_REVIEW_STATUS_CLOSED,
} PlReviewStatus;

/* The data collection methods and monitoring techniques of the schema's
 * review_methods CHECK list, in that order. */
typedef enum
{
  PL_REVIEW_METHOD_SURVEY,
  PL_REVIEW_METHOD_FOCUS_GROUP,
  PL_REVIEW_METHOD_INFORMAL_FEEDBACK,
  PL_REVIEW_METHOD_OBSERVATION,
  PL_REVIEW_METHOD_CALL_LISTENING,
  PL_REVIEW_METHOD_WRITTEN_REVIEW,
  PL_REVIEW_METHOD_DIRECT_FEEDBACK,
  PL_REVIEW_METHOD_MYSTERY_SHOPPING,
  PL_REVIEW_METHOD_FIGURES,
  PL_REVIEW_METHOD_COMPLAINTS,
  PL_REVIEW_METHOD_STAFF_ABSENCE,
} PlReviewMethod;

#define PL_REVIEW_N_METHODS (PL_REVIEW_METHOD_STAFF_ABSENCE + 1)

typedef enum
{
  PL_REVIEW_DATA_QUANTITATIVE,  /* numbers: scores, counts, times */
  PL_REVIEW_DATA_QUALITATIVE,   /* words: reasons, comments, observations */
  PL_REVIEW_DATA_BOTH,
} PlReviewDataKind;

typedef enum
{
  PL_REVIEW_ENTITY_CHANNEL,
  PL_REVIEW_ENTITY_TEAM,
} PlReviewEntity;

typedef enum
{
  PL_REVIEW_ROLE_DECISION_MAKER,  /* can agree the scope and act on the findings */
  PL_REVIEW_ROLE_AFFECTED,        /* colleagues or teams the review affects */
} PlReviewRole;

/* What the summary found missing; pl_review_dup_warnings() says it in words. */
typedef enum
{
  PL_REVIEW_WARNING_NONE              = 0,
  PL_REVIEW_WARNING_NO_OBJECTIVES     = 1 << 0,
  PL_REVIEW_WARNING_NO_METHODS        = 1 << 1,
  PL_REVIEW_WARNING_UNJUSTIFIED       = 1 << 2,  /* a method without a justification */
  PL_REVIEW_WARNING_NO_KPIS           = 1 << 3,
  PL_REVIEW_WARNING_KPI_NO_FEATURE    = 1 << 4,  /* a KPI without the feature it measures */
  PL_REVIEW_WARNING_NOT_COLLECTING    = 1 << 5,  /* the period has begun, still planning */
  PL_REVIEW_WARNING_NOT_TOLD          = 1 << 6,  /* someone affected, no record of how told */
} PlReviewWarnings;

/* One entry of the methods catalogue. Every string is translated. */
typedef struct
{
  PlReviewMethod    method;
  const char       *id;           /* the schema's text: "mystery_shopping" */
  const char       *name;
  const char       *description;  /* one sentence */
  const char       *advantages;
  const char       *limitations;
  const char       *validity;     /* does it measure what we want to know? */
  const char       *reliability;  /* would it give the same result again? */
  const char       *disruption;   /* to customers and staff */
  PlReviewDataKind  data_kind;
} PlReviewMethodInfo;

/* The parts of a plan. @name, @code are filled from the workspace by
 * pl_review_load(), pl_review_save() and pl_review_resolve_names(). */
typedef struct
{
  PlReviewEntity entity;
  gint64         entity_id;
  gboolean       included;
  char          *name;
} PlReviewScopeItem;

typedef struct
{
  char *text;                     /* what the review should let them decide */
  char *decision;                 /* filled in at the end of the cycle, or NULL */
} PlReviewObjective;

typedef struct
{
  PlReviewRole  role;
  char         *name;             /* a person, a role or a group */
  gint64        colleague_id;     /* 0 for none */
  gint64        team_id;          /* 0 for none */
  char         *how_told;         /* or NULL */
  char         *told_on;          /* "YYYY-MM-DD" or NULL */
} PlReviewPerson;

typedef struct
{
  gint64  kpi_id;
  char   *feature;                /* the feature of service it measures, or NULL */
  char   *code;
  char   *name;
} PlReviewKpi;

typedef struct
{
  PlReviewMethod  method;
  char           *justification;
  char           *details;        /* or NULL */
} PlReviewMethodChoice;

/* A heading and its lines, for the wizard's confirm step and the plan page. */
typedef struct
{
  char  *heading;
  GStrv  lines;
} PlReviewSummarySection;

void pl_review_summary_section_free (PlReviewSummarySection *section);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlReviewSummarySection, pl_review_summary_section_free)

#define PL_TYPE_REVIEW_STATUS (pl_review_status_get_type ())
#define PL_TYPE_REVIEW_METHOD (pl_review_method_get_type ())

GType        pl_review_status_get_type       (void) G_GNUC_CONST;
GType        pl_review_method_get_type       (void) G_GNUC_CONST;

const char  *pl_review_status_to_string      (PlReviewStatus   status);  /* "planning", ... */
gboolean     pl_review_status_from_string    (const char      *text,
                                              PlReviewStatus  *out_status);
const char  *pl_review_status_to_label       (PlReviewStatus   status);  /* translated "Planning" */
const char  *pl_review_status_get_description (PlReviewStatus  status);  /* translated, one line */
gboolean     pl_review_status_can_move       (PlReviewStatus   from,
                                              PlReviewStatus   to);

const char  *pl_review_method_to_string      (PlReviewMethod   method);  /* "survey", ... */
gboolean     pl_review_method_from_string    (const char      *text,
                                              PlReviewMethod  *out_method);
const PlReviewMethodInfo *pl_review_method_get_info (PlReviewMethod method);
const char  *pl_review_data_kind_to_label    (PlReviewDataKind kind);    /* translated */

#define PL_TYPE_REVIEW (pl_review_get_type ())

G_DECLARE_FINAL_TYPE (PlReview, pl_review, PL, REVIEW, GObject)

PlReview       *pl_review_new                 (void);

gint64          pl_review_get_id              (PlReview       *self);
const char     *pl_review_get_title           (PlReview       *self);
void            pl_review_set_title           (PlReview       *self,
                                               const char     *title);
const char     *pl_review_get_period_start    (PlReview       *self);
void            pl_review_set_period_start    (PlReview       *self,
                                               const char     *iso_date);
const char     *pl_review_get_period_end      (PlReview       *self);
void            pl_review_set_period_end      (PlReview       *self,
                                               const char     *iso_date);
PlReviewStatus  pl_review_get_status          (PlReview       *self);
gboolean        pl_review_set_status          (PlReview       *self,
                                               PlReviewStatus  status,
                                               GError        **error);
const char     *pl_review_get_scope           (PlReview       *self);
void            pl_review_set_scope           (PlReview       *self,
                                               const char     *scope);
const char     *pl_review_get_processes_in    (PlReview       *self);
void            pl_review_set_processes_in    (PlReview       *self,
                                               const char     *processes);
const char     *pl_review_get_processes_out   (PlReview       *self);
void            pl_review_set_processes_out   (PlReview       *self,
                                               const char     *processes);
const char     *pl_review_get_communication   (PlReview       *self);
void            pl_review_set_communication   (PlReview       *self,
                                               const char     *communication);
const char     *pl_review_get_communicated_on (PlReview       *self);
void            pl_review_set_communicated_on (PlReview       *self,
                                               const char     *iso_date);
const char     *pl_review_get_information     (PlReview       *self);
void            pl_review_set_information     (PlReview       *self,
                                               const char     *information);
const char     *pl_review_get_created_at      (PlReview       *self);
const char     *pl_review_get_updated_at      (PlReview       *self);
const char     *pl_review_get_trashed_at      (PlReview       *self);  /* "" when not trashed */

/* The parts. The arrays belong to the review; the add functions return
 * the new part (owned by the review) for the caller to fill in further. */
GPtrArray            *pl_review_get_scope_items (PlReview       *self);  /* PlReviewScopeItem */
PlReviewScopeItem    *pl_review_add_scope_item  (PlReview       *self,
                                                 PlReviewEntity  entity,
                                                 gint64          entity_id,
                                                 gboolean        included,
                                                 const char     *name);
GPtrArray            *pl_review_get_objectives  (PlReview       *self);  /* PlReviewObjective */
PlReviewObjective    *pl_review_add_objective   (PlReview       *self,
                                                 const char     *text,
                                                 const char     *decision);
GPtrArray            *pl_review_get_people      (PlReview       *self);  /* PlReviewPerson */
PlReviewPerson       *pl_review_add_person      (PlReview       *self,
                                                 PlReviewRole    role,
                                                 const char     *name,
                                                 const char     *how_told,
                                                 const char     *told_on);
GPtrArray            *pl_review_get_kpis        (PlReview       *self);  /* PlReviewKpi */
PlReviewKpi          *pl_review_add_kpi         (PlReview       *self,
                                                 gint64          kpi_id,
                                                 const char     *feature);
GPtrArray            *pl_review_get_methods     (PlReview       *self);  /* PlReviewMethodChoice */
PlReviewMethodChoice *pl_review_add_method      (PlReview       *self,
                                                 PlReviewMethod  method,
                                                 const char     *justification,
                                                 const char     *details);
PlReviewMethodChoice *pl_review_find_method     (PlReview       *self,
                                                 PlReviewMethod  method);
void                  pl_review_clear_parts     (PlReview       *self);

gboolean        pl_review_validate            (PlReview       *self,
                                               GError        **error);

/* Storage: each write is its own transaction (a savepoint inside the
 * caller's), writes an audit entry and emits PlWorkspace::changed::reviews. */
GListModel     *pl_review_list                (PlWorkspace    *workspace,
                                               GError        **error);
PlReview       *pl_review_load                (PlWorkspace    *workspace,
                                               gint64          id,
                                               GError        **error);
gboolean        pl_review_save                (PlReview       *self,
                                               PlWorkspace    *workspace,
                                               GError        **error);
gboolean        pl_review_trash               (PlReview       *self,
                                               PlWorkspace    *workspace,
                                               GError        **error);
gboolean        pl_review_restore             (PlReview       *self,
                                               PlWorkspace    *workspace,
                                               GError        **error);
gboolean        pl_review_resolve_names       (PlReview       *self,
                                               PlWorkspace    *workspace,
                                               GError        **error);

/* Summary: @today is "YYYY-MM-DD", or NULL for today. */
PlReviewWarnings pl_review_check              (PlReview       *self,
                                               const char     *today);
GStrv           pl_review_dup_warnings        (PlReview       *self,
                                               const char     *today);
GPtrArray      *pl_review_dup_summary_sections (PlReview      *self);  /* PlReviewSummarySection */
char           *pl_review_dup_summary         (PlReview       *self,
                                               const char     *today);

G_END_DECLS
