/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_STANDARDS_PAGE (pl_standards_page_get_type ())

G_DECLARE_FINAL_TYPE (PlStandardsPage, pl_standards_page, PL, STANDARDS_PAGE, AdwBin)

PlStandardsPage *pl_standards_page_new           (void);
PlWorkspace     *pl_standards_page_get_workspace (PlStandardsPage *self);
void             pl_standards_page_set_workspace (PlStandardsPage *self,
                                                  PlWorkspace     *workspace);

G_END_DECLS
