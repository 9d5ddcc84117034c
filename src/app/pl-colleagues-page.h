/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_COLLEAGUES_PAGE (pl_colleagues_page_get_type ())

G_DECLARE_FINAL_TYPE (PlColleaguesPage, pl_colleagues_page, PL, COLLEAGUES_PAGE, AdwBin)

PlColleaguesPage *pl_colleagues_page_new                      (void);
PlWorkspace      *pl_colleagues_page_get_workspace            (PlColleaguesPage *self);
void              pl_colleagues_page_set_workspace            (PlColleaguesPage *self,
                                                               PlWorkspace      *workspace);
/* Whether figures are being worked out or a change waits to be shown. */
gboolean          pl_colleagues_page_is_loading               (PlColleaguesPage *self);
/* The colleague whose detail shows, or 0. */
gint64            pl_colleagues_page_get_selected_colleague_id (PlColleaguesPage *self);

G_END_DECLS
