/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PL_TYPE_OVERVIEW_PAGE (pl_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (PlOverviewPage, pl_overview_page, PL, OVERVIEW_PAGE, AdwBin)

G_END_DECLS
