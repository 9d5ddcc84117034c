/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include "pl-window.h"

struct _PlWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (PlWindow, pl_window, ADW_TYPE_APPLICATION_WINDOW)

static void
pl_window_class_init (PlWindowClass *klass)
{
}

static void
pl_window_init (PlWindow *self)
{
}
