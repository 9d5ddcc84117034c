/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include "pl-kpi-wizard.h"

struct _PlKpiWizard
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (PlKpiWizard, pl_kpi_wizard, ADW_TYPE_WINDOW)

static void
pl_kpi_wizard_class_init (PlKpiWizardClass *klass)
{
}

static void
pl_kpi_wizard_init (PlKpiWizard *self)
{
}
