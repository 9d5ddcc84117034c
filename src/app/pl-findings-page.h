/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_FINDINGS_PAGE (pl_findings_page_get_type ())

G_DECLARE_FINAL_TYPE (PlFindingsPage, pl_findings_page, PL, FINDINGS_PAGE, AdwBin)

PlFindingsPage *pl_findings_page_new           (void);
PlWorkspace    *pl_findings_page_get_workspace (PlFindingsPage *self);
void            pl_findings_page_set_workspace (PlFindingsPage *self,
                                                PlWorkspace    *workspace);

G_END_DECLS
