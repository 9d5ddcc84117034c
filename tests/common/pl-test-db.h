/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/pl-workspace.h"

G_BEGIN_DECLS

/* What the tests read from and write to a workspace, failing the test on
 * any SQLite error. The queries must return at least one row. */

gint64  pl_test_query_int  (PlWorkspace *workspace,
                            const char  *sql);
char   *pl_test_query_text (PlWorkspace *workspace,
                            const char  *sql);
void    pl_test_exec       (PlWorkspace *workspace,
                            const char  *sql);

G_END_DECLS
