/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "pl-chart-palette.h"

G_BEGIN_DECLS

/* A word-sized line: the recent values of one KPI, the last point marked
 * in its status colour, the target as a faint line when it is in range. */
typedef struct
{
  const double *values;     /* NAN for a gap */
  guint         n;
  gboolean      has_target;
  double        target;
  PlColor       last_point; /* the status colour of the latest value */
} PlSparkline;

void pl_sparkline_render (const PlSparkline    *sparkline,
                          const PlChartPalette *palette,
                          cairo_t              *cr,
                          double                width,
                          double                height);

G_END_DECLS
