/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-analysis.h"
#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_KPI_ANALYSIS_PAGE (pl_kpi_analysis_page_get_type ())

G_DECLARE_FINAL_TYPE (PlKpiAnalysisPage, pl_kpi_analysis_page, PL, KPI_ANALYSIS_PAGE, AdwBin)

PlKpiAnalysisPage *pl_kpi_analysis_page_new           (void);
PlWorkspace       *pl_kpi_analysis_page_get_workspace (PlKpiAnalysisPage *self);
void               pl_kpi_analysis_page_set_workspace (PlKpiAnalysisPage *self,
                                                       PlWorkspace       *workspace);

/* Shows the KPI with @kpi_id (not archived): what the Overview's tiles
 * open. FALSE, and nothing changes, when there is no such KPI. */
gboolean           pl_kpi_analysis_page_show_kpi      (PlKpiAnalysisPage *self,
                                                       gint64             kpi_id);
gint64             pl_kpi_analysis_page_get_kpi_id    (PlKpiAnalysisPage *self);

/* The period whose segments, distribution and themes are on show: the
 * latest unless the user picked one in the table ("YYYY-MM-DD"), or NULL
 * without data. */
const char        *pl_kpi_analysis_page_get_focus     (PlKpiAnalysisPage *self);

/* The segment the rows and bars are split by (the Segments toggles:
 * None, Channel, Team, Colleague, Weekday). */
PlSegmentKind      pl_kpi_analysis_page_get_segment   (PlKpiAnalysisPage *self);

/* Whether an analysis is running or a change is waiting to be shown. */
gboolean           pl_kpi_analysis_page_is_loading    (PlKpiAnalysisPage *self);

G_END_DECLS
