/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PL_TYPE_KPIS_PAGE (pl_kpis_page_get_type ())

G_DECLARE_FINAL_TYPE (PlKpisPage, pl_kpis_page, PL, KPIS_PAGE, AdwBin)

G_END_DECLS
