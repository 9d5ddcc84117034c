/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Shows @title with an Undo button for 8 seconds, long enough to read it
 * and change one's mind; Undo activates @action_name with @target
 * (nullable, floating references are taken). */
void pl_toast_add_undo (AdwToastOverlay *overlay,
                        const char      *title,
                        const char      *action_name,
                        GVariant        *target);

G_END_DECLS
