/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PL_TYPE_KPI_TILE (pl_kpi_tile_get_type ())

G_DECLARE_FINAL_TYPE (PlKpiTile, pl_kpi_tile, PL, KPI_TILE, AdwBin)

G_END_DECLS
