/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include "pl-kpi-tile.h"

struct _PlKpiTile
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (PlKpiTile, pl_kpi_tile, ADW_TYPE_BIN)

static void
pl_kpi_tile_class_init (PlKpiTileClass *klass)
{
}

static void
pl_kpi_tile_init (PlKpiTile *self)
{
}
