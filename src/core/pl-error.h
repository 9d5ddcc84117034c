/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PL_ERROR (pl_error_quark ())

/**
 * PlError:
 * @PL_ERROR_NOT_SQLITE: the file is not an SQLite database at all
 * @PL_ERROR_NOT_WORKSPACE: an SQLite database that another application made
 * @PL_ERROR_TOO_NEW: a workspace written by a newer Plumbline
 * @PL_ERROR_LOCKED: another process has the workspace open
 * @PL_ERROR_MIGRATION: upgrading the workspace failed; the original is unchanged
 * @PL_ERROR_DATABASE: SQLite reported an error
 * @PL_ERROR_IO: reading or writing a file failed
 * @PL_ERROR_INVALID: the caller gave values that cannot be stored
 * @PL_ERROR_NOT_FOUND: a record that was asked for does not exist
 * @PL_ERROR_EXISTS: the file to create already exists
 */
typedef enum
{
  PL_ERROR_NOT_SQLITE,
  PL_ERROR_NOT_WORKSPACE,
  PL_ERROR_TOO_NEW,
  PL_ERROR_LOCKED,
  PL_ERROR_MIGRATION,
  PL_ERROR_DATABASE,
  PL_ERROR_IO,
  PL_ERROR_INVALID,
  PL_ERROR_NOT_FOUND,
  PL_ERROR_EXISTS,
} PlError;

GQuark pl_error_quark (void);

G_END_DECLS
