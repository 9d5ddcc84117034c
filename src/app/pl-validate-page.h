/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-validate.h"
#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_VALIDATE_PAGE (pl_validate_page_get_type ())

G_DECLARE_FINAL_TYPE (PlValidatePage, pl_validate_page, PL, VALIDATE_PAGE, AdwBin)

PlValidatePage *pl_validate_page_new              (void);
PlWorkspace    *pl_validate_page_get_workspace    (PlValidatePage *self);
void            pl_validate_page_set_workspace    (PlValidatePage *self,
                                                   PlWorkspace    *workspace);
gboolean        pl_validate_page_is_busy          (PlValidatePage *self);
GtkLabel       *pl_validate_page_get_usable_label (PlValidatePage *self,
                                                   const char     *entity);
AdwExpanderRow *pl_validate_page_get_rule_row     (PlValidatePage *self,
                                                   PlRule          rule);
AdwActionRow   *pl_validate_page_get_flag_row     (PlValidatePage *self,
                                                   gint64          flag_id);

G_END_DECLS
