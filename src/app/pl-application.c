/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include "pl-application.h"

struct _PlApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (PlApplication, pl_application, ADW_TYPE_APPLICATION)

static void
pl_application_class_init (PlApplicationClass *klass)
{
}

static void
pl_application_init (PlApplication *self)
{
}
