/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_IMPORT_ASSISTANT (pl_import_assistant_get_type ())

G_DECLARE_FINAL_TYPE (PlImportAssistant, pl_import_assistant, PL, IMPORT_ASSISTANT, AdwWindow)

GtkWidget *pl_import_assistant_new          (GtkWindow         *parent,
                                             PlWorkspace       *workspace,
                                             GFile             *file);
GFile     *pl_import_assistant_get_file     (PlImportAssistant *self);
gboolean   pl_import_assistant_is_busy      (PlImportAssistant *self);
gint64     pl_import_assistant_get_batch_id (PlImportAssistant *self);

G_END_DECLS
