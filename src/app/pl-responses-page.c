/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include "pl-responses-page.h"

struct _PlResponsesPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (PlResponsesPage, pl_responses_page, ADW_TYPE_BIN)

static void
pl_responses_page_class_init (PlResponsesPageClass *klass)
{
}

static void
pl_responses_page_init (PlResponsesPage *self)
{
}
