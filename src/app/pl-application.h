/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PL_TYPE_APPLICATION (pl_application_get_type ())

G_DECLARE_FINAL_TYPE (PlApplication, pl_application, PL, APPLICATION, AdwApplication)

/* The most workspaces the recent list keeps. */
#define PL_RECENT_MAX 10

PlApplication  *pl_application_new              (void);
GSettings      *pl_application_get_settings     (PlApplication *self);
char          **pl_application_dup_recent       (PlApplication *self);
void            pl_application_add_recent       (PlApplication *self,
                                                 const char    *path);
void            pl_application_set_last_workspace (PlApplication *self,
                                                 const char    *path);
gboolean        pl_application_create_workspace (PlApplication *self,
                                                 GtkWindow     *window,
                                                 const char    *path);
gboolean        pl_application_open_path        (PlApplication *self,
                                                 GtkWindow     *window,
                                                 const char    *path);

G_END_DECLS
