/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_REVIEWS_PAGE (pl_reviews_page_get_type ())

G_DECLARE_FINAL_TYPE (PlReviewsPage, pl_reviews_page, PL, REVIEWS_PAGE, AdwBin)

PlReviewsPage *pl_reviews_page_new                (void);
PlWorkspace   *pl_reviews_page_get_workspace      (PlReviewsPage *self);
void           pl_reviews_page_set_workspace      (PlReviewsPage *self,
                                                   PlWorkspace   *workspace);
/* The review whose plan is shown, 0 for none. */
gint64         pl_reviews_page_get_selected_review (PlReviewsPage *self);

G_END_DECLS
