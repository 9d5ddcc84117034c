/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include "pl-kpis-page.h"

struct _PlKpisPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (PlKpisPage, pl_kpis_page, ADW_TYPE_BIN)

static void
pl_kpis_page_class_init (PlKpisPageClass *klass)
{
}

static void
pl_kpis_page_init (PlKpisPage *self)
{
}
