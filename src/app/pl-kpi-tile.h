/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-kpi.h"

G_BEGIN_DECLS

#define PL_TYPE_KPI_TILE (pl_kpi_tile_get_type ())

G_DECLARE_FINAL_TYPE (PlKpiTile, pl_kpi_tile, PL, KPI_TILE, GtkWidget)

GtkWidget  *pl_kpi_tile_new            (void);
void        pl_kpi_tile_set_kpi        (PlKpiTile  *self,
                                        PlKpi      *kpi,
                                        GArray     *points,
                                        const char *current_period);
void        pl_kpi_tile_set_error      (PlKpiTile  *self,
                                        const char *message);
PlKpi      *pl_kpi_tile_get_kpi        (PlKpiTile  *self);
const char *pl_kpi_tile_get_value_text (PlKpiTile  *self);
PlStatus    pl_kpi_tile_get_status     (PlKpiTile  *self);
const char *pl_kpi_tile_get_summary    (PlKpiTile  *self);

G_END_DECLS
