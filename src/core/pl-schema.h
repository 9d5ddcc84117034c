/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The ordered schema migrations. Step i takes a workspace from
 * user_version i to i + 1; later schema versions append steps and never
 * edit a released one. */

int      pl_schema_latest_version (void);
gboolean pl_schema_migrate        (sqlite3  *db,
                                   int       from_version,
                                   GError  **error);
gboolean pl_schema_migrate_to     (sqlite3  *db,
                                   int       from_version,
                                   int       to_version,
                                   GError  **error);

G_END_DECLS
