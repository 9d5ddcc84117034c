/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A row of a small reference table (a channel, a colleague, a team, a
 * metric series, a scorecard): enough to list it and pick it. */

#define PL_TYPE_ITEM (pl_item_get_type ())

G_DECLARE_FINAL_TYPE (PlItem, pl_item, PL, ITEM, GObject)

PlItem     *pl_item_new        (gint64      id,
                                const char *code,
                                const char *name,
                                const char *detail);
gint64      pl_item_get_id     (PlItem     *self);
const char *pl_item_get_code   (PlItem     *self);
const char *pl_item_get_name   (PlItem     *self);
const char *pl_item_get_detail (PlItem     *self);

G_END_DECLS
