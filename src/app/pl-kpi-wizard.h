/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PL_TYPE_KPI_WIZARD (pl_kpi_wizard_get_type ())

G_DECLARE_FINAL_TYPE (PlKpiWizard, pl_kpi_wizard, PL, KPI_WIZARD, AdwWindow)

G_END_DECLS
