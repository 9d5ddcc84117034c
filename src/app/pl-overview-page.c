/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include "pl-overview-page.h"

struct _PlOverviewPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (PlOverviewPage, pl_overview_page, ADW_TYPE_BIN)

static void
pl_overview_page_class_init (PlOverviewPageClass *klass)
{
}

static void
pl_overview_page_init (PlOverviewPage *self)
{
}
