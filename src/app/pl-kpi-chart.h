/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "charts/pl-trend-chart.h"
#include "core/pl-kpi.h"

G_BEGIN_DECLS

/* A trend chart of one KPI's values per period, owning the arrays that the
 * PlTrendChart points into. Periods without data between the first and the
 * last are NAN, so the line breaks there instead of bridging the gap. */
typedef struct _PlKpiChart PlKpiChart;

PlKpiChart         *pl_kpi_chart_new       (PlKpi        *kpi,
                                            GArray       *points);
const PlTrendChart *pl_kpi_chart_get_chart (PlKpiChart   *self);
void                pl_kpi_chart_free      (PlKpiChart   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlKpiChart, pl_kpi_chart_free)

G_END_DECLS
