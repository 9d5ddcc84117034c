/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_COMMENTS_PAGE (pl_comments_page_get_type ())

G_DECLARE_FINAL_TYPE (PlCommentsPage, pl_comments_page, PL, COMMENTS_PAGE, AdwBin)

PlCommentsPage *pl_comments_page_new           (void);
PlWorkspace    *pl_comments_page_get_workspace (PlCommentsPage *self);
void            pl_comments_page_set_workspace (PlCommentsPage *self,
                                                PlWorkspace    *workspace);

G_END_DECLS
