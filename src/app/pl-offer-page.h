/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_OFFER_PAGE (pl_offer_page_get_type ())

G_DECLARE_FINAL_TYPE (PlOfferPage, pl_offer_page, PL, OFFER_PAGE, AdwBin)

PlOfferPage *pl_offer_page_new             (void);
PlWorkspace *pl_offer_page_get_workspace   (PlOfferPage *self);
void         pl_offer_page_set_workspace   (PlOfferPage *self,
                                            PlWorkspace *workspace);
/* The id of the version shown, 0 when there is none. */
gint64       pl_offer_page_get_shown_id    (PlOfferPage *self);
/* Whether the commitments' kept status is still being worked out. */
gboolean     pl_offer_page_get_checking    (PlOfferPage *self);

G_END_DECLS
