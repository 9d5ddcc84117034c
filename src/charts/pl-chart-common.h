/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "pl-chart-palette.h"
#include "pl-trend-chart.h"

G_BEGIN_DECLS

/* What the segment, distribution, Pareto and heatmap charts share: text,
 * numbers, value axes, category labels, the legend, the hover read-out,
 * the empty state and saving to a file. Internal to src/charts. */

#define PL_CHART_FONT_SIZE  9.
#define PL_CHART_TITLE_SIZE 10.5
#define PL_CHART_PAD        6.
#define PL_CHART_LABEL_GAP  8.

/* Status against a target, the same rule as the KPI tiles. */
typedef enum
{
  PL_CHART_STATUS_NONE,
  PL_CHART_STATUS_ON_TARGET,
  PL_CHART_STATUS_AT_RISK,
  PL_CHART_STATUS_OFF_TARGET,
} PlChartStatus;

PlChartStatus  pl_chart_status_for_value (double                value,
                                          gboolean              has_target,
                                          double                target,
                                          gboolean              has_red_threshold,
                                          double                red_threshold,
                                          gboolean              higher_is_better);
const PlColor *pl_chart_status_color     (const PlChartPalette *palette,
                                          PlChartStatus         status);
const char    *pl_chart_status_text      (PlChartStatus         status);
/* A shape that says the status without colour: a tick, a triangle, a cross. */
void           pl_chart_draw_status_mark (cairo_t              *cr,
                                          PlChartStatus         status,
                                          const PlColor        *color,
                                          double                cx,
                                          double                cy,
                                          double                size);

/* Colours */
void           pl_chart_set_color        (cairo_t              *cr,
                                          const PlColor        *color,
                                          double                alpha);
PlColor        pl_chart_surface_color    (const PlChartPalette *palette);
PlColor        pl_chart_mix              (const PlColor        *a,
                                          const PlColor        *b,
                                          double                t);
PlColor        pl_chart_color_from_hex   (guint                 hex);
/* Dark or light text, whichever reads better on @fill (WCAG contrast). */
PlColor        pl_chart_text_color_on    (const PlColor        *fill);
double         pl_chart_contrast         (const PlColor        *a,
                                          const PlColor        *b);

/* Text */
PangoLayout   *pl_chart_text_new         (cairo_t              *cr,
                                          double                size,
                                          PangoWeight           weight);
void           pl_chart_text_measure     (PangoLayout          *layout,
                                          double               *width,
                                          double               *height);
/* Sets @text on @layout, shortened with "…" to @max_width when that is > 0,
 * and returns the width it then takes. */
double         pl_chart_text_set         (PangoLayout          *layout,
                                          const char           *text,
                                          double                max_width);
double         pl_chart_line_height      (PangoLayout          *layout);

/* Numbers */
char          *pl_chart_format_number    (double                value,
                                          int                   decimals,
                                          const char           *unit);
char          *pl_chart_format_threshold (double                value,
                                          int                   decimals,
                                          const char           *unit);
char          *pl_chart_format_count     (double                count);
/* Shares in percent, rounded to whole numbers that still sum to 100 by
 * the largest-remainder method. Returns FALSE (and zeros) when nothing counts. */
gboolean       pl_chart_round_shares     (const double         *counts,
                                          guint                 n,
                                          int                  *percents);

/* A value axis with round steps whose labels keep apart. */
typedef struct
{
  double min;
  double max;
  double step;
  int    decimals;
} PlChartAxis;

void           pl_chart_axis_fit         (PlChartAxis          *axis,
                                          PangoLayout          *text,
                                          double                lo,
                                          double                hi,
                                          double                length,
                                          gboolean              along_x,
                                          int                   max_decimals,
                                          const char           *unit);
guint          pl_chart_axis_n_ticks     (const PlChartAxis    *axis);
double         pl_chart_axis_tick        (const PlChartAxis    *axis,
                                          guint                 i);
/* 0 at axis->min, 1 at axis->max. */
double         pl_chart_axis_fraction    (const PlChartAxis    *axis,
                                          double                value);
double         pl_chart_axis_label_width (const PlChartAxis    *axis,
                                          PangoLayout          *text,
                                          const char           *unit);

/* Labels under a row of category slots: level (wrapped onto up to three
 * lines), slanted at 45° (if @slant) or upright,
 * and if even that is too tight, every stride-th one. */
typedef struct
{
  int    angle;       /* 0, 45 or 90 degrees, reading upwards */
  guint  lines;       /* level labels wrap onto up to this many lines */
  double max_length;  /* longer labels end in "…" */
  double extent;      /* the height the labels take under the slots */
  guint  stride;
} PlChartLabelPlan;

void           pl_chart_plan_labels      (PlChartLabelPlan     *plan,
                                          PangoLayout          *text,
                                          const char * const   *labels,
                                          guint                 n,
                                          double                slot,
                                          double                max_extent,
                                          gboolean              slant);
/* How far left of its slot's centre a label reaches. */
double         pl_chart_label_overhang   (const PlChartLabelPlan *plan,
                                          PangoLayout            *text,
                                          const char             *label);
void           pl_chart_draw_label       (cairo_t                *cr,
                                          PangoLayout            *text,
                                          const PlChartLabelPlan *plan,
                                          const char             *label,
                                          double                  cx,
                                          double                  top,
                                          double                  left_limit);

/* The legend */
typedef enum
{
  PL_CHART_SWATCH_BOX,
  PL_CHART_SWATCH_HATCHED,
  PL_CHART_SWATCH_LINE,
  PL_CHART_SWATCH_DASHED,
  PL_CHART_SWATCH_WHISKER,
  PL_CHART_SWATCH_STATUS,
  PL_CHART_SWATCH_NO_DATA,
  PL_CHART_SWATCH_RAMP,
  PL_CHART_SWATCH_RULE,      /* a plain line: a centre line */
  PL_CHART_SWATCH_DIAMOND,   /* a diamond mark: a special-cause signal */
} PlChartSwatch;

typedef struct
{
  PlChartSwatch  swatch;
  PlColor        color;
  const char    *label;
  PlChartStatus  status;     /* PL_CHART_SWATCH_STATUS */
  const PlColor *ramp;       /* PL_CHART_SWATCH_RAMP: colours from low to high */
  guint          n_ramp;
  const char    *before;     /* text before the swatch, e.g. "0%" before a ramp */
} PlChartLegendItem;

/* Lays the legend out left to right, wrapping at @max_width, and draws it
 * when @palette is not NULL. Returns its height. */
double         pl_chart_legend           (const PlChartLegendItem *items,
                                          guint                    n,
                                          const PlChartPalette    *palette,
                                          cairo_t                 *cr,
                                          double                   x,
                                          double                   y,
                                          double                   max_width);

/* Frames */
double         pl_chart_title_height     (cairo_t              *cr,
                                          const char           *title);
void           pl_chart_draw_title       (const PlChartPalette *palette,
                                          cairo_t              *cr,
                                          const char           *title,
                                          double                x,
                                          double                y,
                                          double                width);
void           pl_chart_rounded_rectangle (cairo_t             *cr,
                                          double                x,
                                          double                y,
                                          double                width,
                                          double                height,
                                          double                radius);
/* Diagonal stripes over @rect. */
void           pl_chart_hatch            (cairo_t              *cr,
                                          const PlChartRect    *rect,
                                          const PlColor        *color,
                                          double                alpha,
                                          double                spacing);
void           pl_chart_draw_message     (const PlChartPalette *palette,
                                          cairo_t              *cr,
                                          const PlChartRect    *area,
                                          const char           *message);
/* A card with @markup beside @anchor (the hovered bar or cell), kept inside @bounds. */
void           pl_chart_draw_readout     (const PlChartPalette *palette,
                                          cairo_t              *cr,
                                          const PlChartRect    *bounds,
                                          const PlChartRect    *anchor,
                                          const char           *markup);
/* Clips to @outer less the @holes, so that lines pass behind labels. */
void           pl_chart_clip_out         (cairo_t              *cr,
                                          const PlChartRect    *outer,
                                          const PlChartRect    *holes,
                                          guint                 n_holes);
/* The text of @markup without its tags, for a read-out's accessible text. */
char          *pl_chart_markup_to_text   (const char           *markup);
/* Saves, clips to the chart and paints the palette's background. */
void           pl_chart_begin            (const PlChartPalette *palette,
                                          cairo_t              *cr,
                                          double                width,
                                          double                height);

typedef void (*PlChartRenderFunc) (gconstpointer         chart,
                                   const PlChartPalette *palette,
                                   cairo_t              *cr,
                                   double                width,
                                   double                height);

/* Renders to PNG, SVG or PDF by the extension of @path. A NULL palette is
 * the light one; a transparent background becomes opaque. */
gboolean       pl_chart_save_to_file     (PlChartRenderFunc     render,
                                          gconstpointer         chart,
                                          const char           *title,
                                          const PlChartPalette *palette,
                                          const char           *path,
                                          double                width,
                                          double                height,
                                          GError              **error);

G_END_DECLS
