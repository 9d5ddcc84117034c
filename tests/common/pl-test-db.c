/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pl-test-db.h"

gint64
pl_test_query_int (PlWorkspace *workspace,
                   const char  *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

char *
pl_test_query_text (PlWorkspace *workspace,
                    const char  *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

void
pl_test_exec (PlWorkspace *workspace,
              const char  *sql)
{
  g_autoptr(GError) error = NULL;

  pl_workspace_exec (workspace, sql, &error);
  g_assert_no_error (error);
}
