/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_SAMPLING_PAGE (pl_sampling_page_get_type ())

G_DECLARE_FINAL_TYPE (PlSamplingPage, pl_sampling_page, PL, SAMPLING_PAGE, AdwBin)

PlSamplingPage *pl_sampling_page_new           (void);
PlWorkspace    *pl_sampling_page_get_workspace (PlSamplingPage *self);
void            pl_sampling_page_set_workspace (PlSamplingPage *self,
                                                PlWorkspace    *workspace);

G_END_DECLS
