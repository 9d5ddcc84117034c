/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_NOTICES_PAGE (pl_notices_page_get_type ())

G_DECLARE_FINAL_TYPE (PlNoticesPage, pl_notices_page, PL, NOTICES_PAGE, AdwBin)

PlNoticesPage *pl_notices_page_new           (void);
PlWorkspace   *pl_notices_page_get_workspace (PlNoticesPage *self);
void           pl_notices_page_set_workspace (PlNoticesPage *self,
                                              PlWorkspace   *workspace);

G_END_DECLS
