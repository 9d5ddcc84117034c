/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pl-kpi.h"
#include "pl-workspace.h"

G_BEGIN_DECLS

/* The service offer: the organisation's promises to its customers
 * (401 AC 2.1, 403 AC 3.2), versioned. A version whose staff briefing has
 * been recorded is a record of what staff were told and no longer
 * changes; changes go into a new version. */

/* Whether a commitment is being kept, from its KPI's latest period. */
typedef enum
{
  PL_KEPT_UNKNOWN,            /* no KPI, or the KPI has no data */
  PL_KEPT_KEPT,               /* the KPI is green */
  PL_KEPT_AT_RISK,            /* amber */
  PL_KEPT_NOT_KEPT,           /* red */
} PlKept;

#define PL_TYPE_KEPT (pl_kept_get_type ())
GType        pl_kept_get_type    (void) G_GNUC_CONST;
const char  *pl_kept_to_string   (PlKept    kept);    /* "unknown", "kept", "at_risk", "not_kept" */
const char  *pl_kept_to_label    (PlKept    kept);    /* translated "Being kept", ... */
PlKept       pl_kept_from_status (PlStatus  status);

/* PlCommitment: one promise of one version of the offer. */

#define PL_TYPE_COMMITMENT (pl_commitment_get_type ())

G_DECLARE_FINAL_TYPE (PlCommitment, pl_commitment, PL, COMMITMENT, GObject)

PlCommitment *pl_commitment_new              (gint64        offer_id);
gint64        pl_commitment_get_id           (PlCommitment *self);
gint64        pl_commitment_get_offer_id     (PlCommitment *self);
int           pl_commitment_get_position     (PlCommitment *self);
void          pl_commitment_set_position     (PlCommitment *self,
                                              int           position);
const char   *pl_commitment_get_grouping     (PlCommitment *self);
void          pl_commitment_set_grouping     (PlCommitment *self,
                                              const char   *grouping);
const char   *pl_commitment_get_text         (PlCommitment *self);
void          pl_commitment_set_text         (PlCommitment *self,
                                              const char   *text);
gint64        pl_commitment_get_kpi_id       (PlCommitment *self);
void          pl_commitment_set_kpi_id       (PlCommitment *self,
                                              gint64        kpi_id);
gint64        pl_commitment_get_standard_id  (PlCommitment *self);
void          pl_commitment_set_standard_id  (PlCommitment *self,
                                              gint64        standard_id);

/* Inserts (id 0; position 0 puts it last) or updates, with an audit entry;
 * refused (PL_ERROR_INVALID) when the offer has been briefed. Emits
 * changed::commitments. */
gboolean      pl_commitment_save             (PlCommitment *self,
                                              PlWorkspace  *workspace,
                                              GError      **error);
gboolean      pl_commitment_delete           (PlCommitment *self,
                                              PlWorkspace  *workspace,
                                              GError      **error);

/* PlOffer: one version of the offer. */

#define PL_TYPE_OFFER (pl_offer_get_type ())

G_DECLARE_FINAL_TYPE (PlOffer, pl_offer, PL, OFFER, GObject)

gint64        pl_offer_get_id                (PlOffer      *self);
int           pl_offer_get_version           (PlOffer      *self);
const char   *pl_offer_get_title             (PlOffer      *self);
void          pl_offer_set_title             (PlOffer      *self,
                                              const char   *title);
const char   *pl_offer_get_effective_from    (PlOffer      *self);
void          pl_offer_set_effective_from    (PlOffer      *self,
                                              const char   *effective_from);
const char   *pl_offer_get_notes             (PlOffer      *self);
void          pl_offer_set_notes             (PlOffer      *self,
                                              const char   *notes);
const char   *pl_offer_get_change_summary    (PlOffer      *self);
void          pl_offer_set_change_summary    (PlOffer      *self,
                                              const char   *change_summary);
const char   *pl_offer_get_briefed_on        (PlOffer      *self);   /* "" until briefed */
const char   *pl_offer_get_briefing          (PlOffer      *self);
gboolean      pl_offer_is_briefed            (PlOffer      *self);

/* The first version; refused when the workspace already has an offer. */
PlOffer      *pl_offer_create                (PlWorkspace  *workspace,
                                              const char   *title,
                                              const char   *effective_from,
                                              GError      **error);
/* Saves title, effective date, notes and change summary of an unbriefed
 * version. Emits changed::service_offers. */
gboolean      pl_offer_save                  (PlOffer      *self,
                                              PlWorkspace  *workspace,
                                              GError      **error);
PlOffer      *pl_offer_load                  (PlWorkspace  *workspace,
                                              gint64        id,
                                              GError      **error);
/* The highest version in effect on @today ("YYYY-MM-DD", %NULL for the
 * real today), else the latest version; PL_ERROR_NOT_FOUND when none. */
PlOffer      *pl_offer_get_current           (PlWorkspace  *workspace,
                                              const char   *today,
                                              GError      **error);
/* Every version, newest first. */
GListModel   *pl_offer_list_versions         (PlWorkspace  *workspace,
                                              GError      **error);
/* Commitments of the version, by position. */
GListModel   *pl_offer_list_commitments      (PlOffer      *self,
                                              PlWorkspace  *workspace,
                                              GError      **error);
/* Version max + 1 with @from's title, notes and a copy of its
 * commitments; @effective_from (not before the latest version's) and
 * @change_summary are required. */
PlOffer      *pl_offer_new_version           (PlOffer      *from,
                                              PlWorkspace  *workspace,
                                              const char   *effective_from,
                                              const char   *change_summary,
                                              GError      **error);
/* Records that staff were told of this version: when (not in the future)
 * and how. Once recorded, the version's commitments no longer change. */
gboolean      pl_offer_record_briefing       (PlOffer      *self,
                                              PlWorkspace  *workspace,
                                              const char   *briefed_on,
                                              const char   *how,
                                              GError      **error);

/* What changed between two versions. Commitments are paired by identical
 * text first, then by position; what is left is added or removed. */
typedef enum
{
  PL_OFFER_CHANGE_ADDED,
  PL_OFFER_CHANGE_REMOVED,
  PL_OFFER_CHANGE_CHANGED,
} PlOfferChangeKind;

typedef enum /*< flags >*/
{
  PL_OFFER_FIELD_POSITION = 1 << 0,
  PL_OFFER_FIELD_GROUPING = 1 << 1,
  PL_OFFER_FIELD_TEXT     = 1 << 2,
  PL_OFFER_FIELD_KPI      = 1 << 3,
  PL_OFFER_FIELD_STANDARD = 1 << 4,
} PlOfferField;

typedef struct
{
  PlOfferChangeKind  kind;
  guint              fields;    /* PlOfferField, for PL_OFFER_CHANGE_CHANGED */
  PlCommitment      *before;    /* NULL when added */
  PlCommitment      *after;     /* NULL when removed */
} PlOfferChange;

void          pl_offer_change_free           (PlOfferChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlOfferChange, pl_offer_change_free)

/* (element-type PlOfferChange): unchanged commitments are left out; in
 * the order of the newer version, removed ones where they used to be. */
GPtrArray    *pl_offer_diff                  (PlOffer      *before,
                                              PlOffer      *after,
                                              PlWorkspace  *workspace,
                                              GError      **error);

/* Is each commitment being kept? */
typedef struct
{
  gint64    commitment_id;
  gint64    kpi_id;             /* 0: no KPI measures it */
  PlKept    kept;
  PlStatus  status;             /* the KPI's status in its latest period */
  char     *value_text;         /* "84.2%", NULL when unknown */
  char     *period_start;       /* "2026-09-21", NULL when unknown */
  PlPeriod  period;
} PlCommitmentCheck;

void          pl_commitment_check_free       (PlCommitmentCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlCommitmentCheck, pl_commitment_check_free)

/* (element-type PlCommitmentCheck): one per commitment, by position. */
GPtrArray    *pl_offer_check_commitments     (PlOffer      *self,
                                              PlWorkspace  *workspace,
                                              GError      **error);
/* The same check from the KPI's values already computed (points of
 * PlKpiPoint from pl_kpi_compute), for a caller that computed them anyway. */
void          pl_commitment_check_set_points (PlCommitmentCheck *check,
                                              PlKpi             *kpi,
                                              GArray            *points);

G_END_DECLS
