/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Ctrl+Enter (and Ctrl+keypad Enter) activates @action_name anywhere in
 * @widget, even in a multi-line text box, which would otherwise take the
 * key as a new line. The shortcut is seen before the focused widget does;
 * while the action is disabled the key goes on as usual. */
void pl_add_save_shortcut (GtkWidget  *widget,
                           const char *action_name);

G_END_DECLS
