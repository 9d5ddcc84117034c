/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/pl-workspace.h"

G_BEGIN_DECLS

/* Interventions: the changes a team made on a day (a new IVR menu, a
 * callback process, a price rise), for one KPI or for every KPI. Charts
 * mark them and the analysis compares each KPI before and after them, so
 * that a manager can tell a change that worked from noise (403 AC 3.2,
 * 401 AC 5.4). */

#define PL_INTERVENTION_LABEL_MAX 80   /* characters: it labels a chart line */

typedef struct
{
  gint64  id;
  gint64  kpi_id;             /* 0: every KPI */
  char    day[11];            /* YYYY-MM-DD, the first day of the change */
  char   *label;
  char   *kpi_name;           /* NULL for every KPI */
} PlIntervention;

void        pl_intervention_free   (PlIntervention *intervention);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlIntervention, pl_intervention_free)

/* Those of @kpi_id and those for every KPI (@kpi_id 0: all of them), by
 * day, then as entered.
 * Returns: (element-type PlIntervention) (transfer full) */
GPtrArray  *pl_intervention_list   (PlWorkspace  *workspace,
                                    gint64        kpi_id,
                                    GError      **error);

/* @kpi_id 0 for every KPI. The label is trimmed; errors in the user's
 * words (PL_ERROR_INVALID) for an empty or too long label, a date that is
 * not a real YYYY-MM-DD day, or a KPI that is not there. One transaction
 * with an audit entry; emits PlWorkspace::changed::interventions. */
gboolean    pl_intervention_add    (PlWorkspace  *workspace,
                                    gint64        kpi_id,
                                    const char   *day,
                                    const char   *label,
                                    gint64       *out_id,
                                    GError      **error);

gboolean    pl_intervention_delete (PlWorkspace  *workspace,
                                    gint64        id,
                                    GError      **error);

G_END_DECLS
