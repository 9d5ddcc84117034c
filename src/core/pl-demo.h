/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pl-workspace.h"

G_BEGIN_DECLS

#define PL_DEMO_DEFAULT_SEED 20260927
/* The last day of the demo's 26 weeks (a Sunday). */
#define PL_DEMO_END_DATE "2026-09-27"

/* Fills an empty, freshly created workspace with the demo contact centre.
 * The same seed gives the same workspace, row for row. */
gboolean     pl_demo_populate (PlWorkspace  *workspace,
                               guint32       seed,
                               GCancellable *cancellable,
                               GError      **error);

/* Creates @path (which must not exist) and populates it. */
PlWorkspace *pl_demo_create   (const char   *path,
                               guint32       seed,
                               GCancellable *cancellable,
                               GError      **error);

/* Where the app keeps its demo workspace: $XDG_DATA_HOME/plumbline/demo.plumbline */
char        *pl_demo_default_path (void);

G_END_DECLS
