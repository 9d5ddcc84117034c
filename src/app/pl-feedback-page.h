/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_FEEDBACK_PAGE (pl_feedback_page_get_type ())

G_DECLARE_FINAL_TYPE (PlFeedbackPage, pl_feedback_page, PL, FEEDBACK_PAGE, AdwBin)

PlFeedbackPage *pl_feedback_page_new           (void);
PlWorkspace *pl_feedback_page_get_workspace (PlFeedbackPage *self);
void pl_feedback_page_set_workspace (PlFeedbackPage *self,
                                  PlWorkspace *workspace);

G_END_DECLS
