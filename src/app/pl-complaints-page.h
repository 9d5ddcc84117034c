/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_COMPLAINTS_PAGE (pl_complaints_page_get_type ())

G_DECLARE_FINAL_TYPE (PlComplaintsPage, pl_complaints_page, PL, COMPLAINTS_PAGE, AdwBin)

PlComplaintsPage *pl_complaints_page_new           (void);
PlWorkspace      *pl_complaints_page_get_workspace (PlComplaintsPage *self);
void              pl_complaints_page_set_workspace (PlComplaintsPage *self,
                                                    PlWorkspace      *workspace);

G_END_DECLS
