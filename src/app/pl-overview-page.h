/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_OVERVIEW_PAGE (pl_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (PlOverviewPage, pl_overview_page, PL, OVERVIEW_PAGE, AdwBin)

GtkWidget   *pl_overview_page_new            (void);
void         pl_overview_page_set_workspace  (PlOverviewPage *self,
                                              PlWorkspace    *workspace);
PlWorkspace *pl_overview_page_get_workspace  (PlOverviewPage *self);
gboolean     pl_overview_page_is_loading     (PlOverviewPage *self);
GtkFlowBox  *pl_overview_page_get_tiles      (PlOverviewPage *self);
GtkWidget   *pl_overview_page_get_chart      (PlOverviewPage *self);
void         pl_overview_page_select_kpi     (PlOverviewPage *self,
                                              guint           index);
gint64       pl_overview_page_get_selected_kpi_id (PlOverviewPage *self);

G_END_DECLS
