/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "pl-toast.h"

void
pl_toast_add_undo (AdwToastOverlay *overlay,
                   const char      *title,
                   const char      *action_name,
                   GVariant        *target)
{
  AdwToast *toast;

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (title != NULL && action_name != NULL);

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, action_name);
  if (target != NULL)
    adw_toast_set_action_target_value (toast, target);
  adw_toast_overlay_add_toast (overlay, toast);
}
