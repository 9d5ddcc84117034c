/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_SETTINGS_WINDOW (pl_settings_window_get_type ())

G_DECLARE_FINAL_TYPE (PlSettingsWindow, pl_settings_window, PL, SETTINGS_WINDOW, AdwPreferencesWindow)

/* The workspace's settings: how the analysis judges a sample. Each change
 * is saved at once. */
GtkWidget   *pl_settings_window_new           (GtkWindow   *parent,
                                               PlWorkspace *workspace);
PlWorkspace *pl_settings_window_get_workspace (PlSettingsWindow *self);

G_END_DECLS
