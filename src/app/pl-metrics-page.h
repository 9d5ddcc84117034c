/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_METRICS_PAGE (pl_metrics_page_get_type ())

G_DECLARE_FINAL_TYPE (PlMetricsPage, pl_metrics_page, PL, METRICS_PAGE, AdwBin)

PlMetricsPage *pl_metrics_page_new           (void);
PlWorkspace *pl_metrics_page_get_workspace (PlMetricsPage *self);
void pl_metrics_page_set_workspace (PlMetricsPage *self,
                                  PlWorkspace *workspace);

G_END_DECLS
