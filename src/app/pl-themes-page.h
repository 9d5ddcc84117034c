/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_THEMES_PAGE (pl_themes_page_get_type ())

G_DECLARE_FINAL_TYPE (PlThemesPage, pl_themes_page, PL, THEMES_PAGE, AdwBin)

PlThemesPage *pl_themes_page_new           (void);
PlWorkspace  *pl_themes_page_get_workspace (PlThemesPage *self);
void          pl_themes_page_set_workspace (PlThemesPage *self,
                                            PlWorkspace  *workspace);

G_END_DECLS
