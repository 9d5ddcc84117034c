/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_OBSERVATIONS_PAGE (pl_observations_page_get_type ())

G_DECLARE_FINAL_TYPE (PlObservationsPage, pl_observations_page, PL, OBSERVATIONS_PAGE, AdwBin)

PlObservationsPage *pl_observations_page_new           (void);
PlWorkspace *pl_observations_page_get_workspace (PlObservationsPage *self);
void pl_observations_page_set_workspace (PlObservationsPage *self,
                                  PlWorkspace *workspace);

G_END_DECLS
