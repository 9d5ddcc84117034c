/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_SCORECARDS_PAGE (pl_scorecards_page_get_type ())

G_DECLARE_FINAL_TYPE (PlScorecardsPage, pl_scorecards_page, PL, SCORECARDS_PAGE, AdwBin)

PlScorecardsPage *pl_scorecards_page_new           (void);
PlWorkspace      *pl_scorecards_page_get_workspace (PlScorecardsPage *self);
void              pl_scorecards_page_set_workspace (PlScorecardsPage *self,
                                                    PlWorkspace      *workspace);

G_END_DECLS
