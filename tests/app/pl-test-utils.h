/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"
#include "pl-application.h"

G_BEGIN_DECLS

void           pl_test_init         (int          *argc,
                                     char       ***argv);
PlApplication *pl_test_application  (void);
const char    *pl_test_tmp_dir      (void);
void           pl_test_wait         (guint         ms);
gboolean       pl_test_wait_until   (gboolean    (*cond) (gpointer user_data),
                                     gpointer      user_data,
                                     guint         timeout_ms);
void           pl_test_wait_laid_out (GtkWidget  *widget);
void           pl_test_present      (GtkWindow    *window);
void           pl_test_screenshot   (GtkWidget    *widget,
                                     const char   *name);
PlWorkspace   *pl_test_make_demo    (const char   *dir);

G_END_DECLS
