/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pl-workspace.h"

G_BEGIN_DECLS

/* Writes the evaluation workbook: "KPI scorecard" (KPI, latest period,
 * latest value, target, red threshold, status with conditional colours,
 * change), "KPI charts" (a native line chart per KPI of its weekly values
 * against its target) and "KPI data" (the series the charts read). Text
 * that came from users is always written as a string cell. */
gboolean pl_export_xlsx (PlWorkspace  *workspace,
                         const char   *path,
                         GCancellable *cancellable,
                         GError      **error);

G_END_DECLS
