/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

#include "pl-application.h"

G_BEGIN_DECLS

#define PL_TYPE_WINDOW (pl_window_get_type ())

G_DECLARE_FINAL_TYPE (PlWindow, pl_window, PL, WINDOW, AdwApplicationWindow)

PlWindow    *pl_window_new             (PlApplication *application);
gboolean     pl_window_open_workspace  (PlWindow      *self,
                                        const char    *path,
                                        GError       **error);
void         pl_window_set_workspace   (PlWindow      *self,
                                        PlWorkspace   *workspace);
PlWorkspace *pl_window_get_workspace   (PlWindow      *self);
void         pl_window_close_workspace (PlWindow      *self);
void         pl_window_open_demo       (PlWindow      *self);
void         pl_window_export_to       (PlWindow      *self,
                                        const char    *path);
gboolean     pl_window_is_busy         (PlWindow      *self);
void         pl_window_show_page       (PlWindow      *self,
                                        const char    *name);
const char  *pl_window_get_page        (PlWindow      *self);
void         pl_window_add_toast       (PlWindow      *self,
                                        AdwToast      *toast);
void         pl_window_show_message    (PlWindow      *self,
                                        const char    *heading,
                                        const char    *body);
void         pl_window_show_open_error (PlWindow      *self,
                                        const char    *path,
                                        const GError  *error);

G_END_DECLS
