/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What every plumbline-cli command shares (DESIGN.md §7).
 * Exit status: 0 success, 1 the operation failed, 2 usage error. */

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

int      pl_cli_usage_error      (const char    *command,
                                  const char    *message);
int      pl_cli_operation_failed (const GError  *error);
gboolean pl_cli_parse_options    (const char    *command,
                                  const char    *parameters,
                                  const char    *summary,
                                  GOptionEntry  *entries,
                                  int           *argc,
                                  char        ***argv);
void     pl_cli_print_json       (JsonBuilder   *builder);

/* Commands in files of their own. */
int      pl_cli_import           (int            argc,
                                  char         **argv);
int      pl_cli_validate         (int            argc,
                                  char         **argv);
int      pl_cli_sample_size      (int            argc,
                                  char         **argv);
int      pl_cli_sample           (int            argc,
                                  char         **argv);
int      pl_cli_stats            (int            argc,
                                  char         **argv);
int      pl_cli_analyse          (int            argc,
                                  char         **argv);

G_END_DECLS
