/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_CALIBRATION_PAGE (pl_calibration_page_get_type ())

G_DECLARE_FINAL_TYPE (PlCalibrationPage, pl_calibration_page, PL, CALIBRATION_PAGE, AdwBin)

PlCalibrationPage *pl_calibration_page_new           (void);
PlWorkspace *pl_calibration_page_get_workspace (PlCalibrationPage *self);
void pl_calibration_page_set_workspace (PlCalibrationPage *self,
                                  PlWorkspace *workspace);

G_END_DECLS
