/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pl-workspace.h"

G_BEGIN_DECLS

/* What service is measured against: an industry standard, a regulator's
 * code of practice, the law, the organisation's own standards or its
 * customer charter (401 AC 2.2, 403 AC 2.1). */

typedef enum
{
  PL_STANDARD_KIND_INDUSTRY,
  PL_STANDARD_KIND_CODE_OF_PRACTICE,
  PL_STANDARD_KIND_LEGAL,
  PL_STANDARD_KIND_ORGANISATIONAL,
  PL_STANDARD_KIND_CHARTER,
  PL_STANDARD_KIND_OTHER,
} PlStandardKind;

/* Enum type whose nicks are the schema's text ("code_of_practice"). */
#define PL_TYPE_STANDARD_KIND (pl_standard_kind_get_type ())
GType        pl_standard_kind_get_type    (void) G_GNUC_CONST;

const char  *pl_standard_kind_to_string   (PlStandardKind  kind);   /* "industry", ... */
gboolean     pl_standard_kind_from_string (const char     *text,
                                           PlStandardKind *out_kind);
const char  *pl_standard_kind_to_label    (PlStandardKind  kind);   /* translated "Code of practice" */
const char  *pl_standard_kind_explain     (PlStandardKind  kind);   /* translated, one line */

#define PL_TYPE_STANDARD (pl_standard_get_type ())

G_DECLARE_FINAL_TYPE (PlStandard, pl_standard, PL, STANDARD, GObject)

PlStandard     *pl_standard_new             (void);

gint64          pl_standard_get_id          (PlStandard     *self);
PlStandardKind  pl_standard_get_kind        (PlStandard     *self);
void            pl_standard_set_kind        (PlStandard     *self,
                                             PlStandardKind  kind);
const char     *pl_standard_get_source      (PlStandard     *self);
void            pl_standard_set_source      (PlStandard     *self,
                                             const char     *source);
const char     *pl_standard_get_reference   (PlStandard     *self);
void            pl_standard_set_reference   (PlStandard     *self,
                                             const char     *reference);
const char     *pl_standard_get_title       (PlStandard     *self);
void            pl_standard_set_title       (PlStandard     *self,
                                             const char     *title);
const char     *pl_standard_get_requirement (PlStandard     *self);
void            pl_standard_set_requirement (PlStandard     *self,
                                             const char     *requirement);
const char     *pl_standard_get_url         (PlStandard     *self);
void            pl_standard_set_url         (PlStandard     *self,
                                             const char     *url);
int             pl_standard_get_position    (PlStandard     *self);
void            pl_standard_set_position    (PlStandard     *self,
                                             int             position);
gboolean        pl_standard_get_trashed     (PlStandard     *self);

gboolean        pl_standard_validate        (PlStandard     *self,
                                             GError        **error);

/* Storage: each write is its own transaction with an audit entry and
 * emits PlWorkspace::changed::standards. */
GListModel     *pl_standard_list            (PlWorkspace    *workspace,
                                             GError        **error);
PlStandard     *pl_standard_load            (PlWorkspace    *workspace,
                                             gint64          id,
                                             GError        **error);
gboolean        pl_standard_save            (PlStandard     *self,
                                             PlWorkspace    *workspace,
                                             GError        **error);
gboolean        pl_standard_trash           (PlStandard     *self,
                                             PlWorkspace    *workspace,
                                             GError        **error);
gboolean        pl_standard_restore         (PlStandard     *self,
                                             PlWorkspace    *workspace,
                                             GError        **error);

/* Linking: @standard_id 0 clears the link. The standard must exist and not
 * be in the trash; a commitment of a briefed offer cannot be changed.
 * They emit changed::kpis, changed::criteria or changed::commitments. */
gboolean        pl_standard_link_kpi        (PlWorkspace    *workspace,
                                             gint64          kpi_id,
                                             gint64          standard_id,
                                             GError        **error);
gboolean        pl_standard_link_criterion  (PlWorkspace    *workspace,
                                             gint64          criterion_id,
                                             gint64          standard_id,
                                             GError        **error);
gboolean        pl_standard_link_commitment (PlWorkspace    *workspace,
                                             gint64          commitment_id,
                                             gint64          standard_id,
                                             GError        **error);

/* What cites the standard, as #PlItem: code "kpi", "criterion" or
 * "commitment"; name the KPI's name, the criterion's or commitment's text;
 * detail where it lives ("KPI", "Scorecard “QA” v2", "Service offer v3").
 * KPIs first, then criteria, then commitments. */
GListModel     *pl_standard_list_cited_by   (PlWorkspace    *workspace,
                                             gint64          standard_id,
                                             GError        **error);

G_END_DECLS
