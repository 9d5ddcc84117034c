/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PL_TYPE_RESPONSES_PAGE (pl_responses_page_get_type ())

G_DECLARE_FINAL_TYPE (PlResponsesPage, pl_responses_page, PL, RESPONSES_PAGE, AdwBin)

G_END_DECLS
