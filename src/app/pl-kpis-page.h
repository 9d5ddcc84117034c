/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_KPIS_PAGE (pl_kpis_page_get_type ())

G_DECLARE_FINAL_TYPE (PlKpisPage, pl_kpis_page, PL, KPIS_PAGE, AdwBin)

GtkWidget   *pl_kpis_page_new               (void);
PlWorkspace *pl_kpis_page_get_workspace     (PlKpisPage  *self);
void         pl_kpis_page_set_workspace     (PlKpisPage  *self,
                                             PlWorkspace *workspace);
gboolean     pl_kpis_page_get_show_archived (PlKpisPage  *self);
void         pl_kpis_page_set_show_archived (PlKpisPage  *self,
                                             gboolean     show_archived);
gboolean     pl_kpis_page_is_loading        (PlKpisPage  *self);

G_END_DECLS
