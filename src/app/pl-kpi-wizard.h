/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-kpi.h"
#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_KPI_WIZARD (pl_kpi_wizard_get_type ())

G_DECLARE_FINAL_TYPE (PlKpiWizard, pl_kpi_wizard, PL, KPI_WIZARD, AdwWindow)

GtkWidget *pl_kpi_wizard_new          (GtkWindow   *parent,
                                       PlWorkspace *workspace,
                                       PlKpi       *kpi);
PlKpi     *pl_kpi_wizard_get_kpi      (PlKpiWizard *self);
gboolean   pl_kpi_wizard_get_editing  (PlKpiWizard *self);

/* Shared with PlKpisPage: words for a KPI that both show. */
char      *pl_kpi_wizard_describe_source (PlKpi       *kpi,
                                          PlWorkspace *workspace);
char      *pl_kpi_wizard_describe_target (PlKpi       *kpi);
char      *pl_kpi_wizard_describe_bands  (PlKpi       *kpi);
void       pl_kpi_wizard_style_status    (GtkLabel    *label,
                                          PlStatus     status);

G_END_DECLS
