/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/pl-workspace.h"

G_BEGIN_DECLS

typedef enum {
  PL_METRIC_AGGREGATION_MEAN,    /* the mean of the values */
  PL_METRIC_AGGREGATION_SUM,     /* the sum of the values */
  PL_METRIC_AGGREGATION_RATIO,   /* scale × Σ numerator / Σ denominator */
} PlMetricAggregation;

typedef enum {
  PL_METRIC_PERIOD_DAY,
  PL_METRIC_PERIOD_WEEK,         /* starts on Monday */
  PL_METRIC_PERIOD_MONTH,
} PlMetricPeriod;

typedef enum {
  PL_METRIC_SEGMENT_NONE,        /* one value per period */
  PL_METRIC_SEGMENT_CHANNEL,
  PL_METRIC_SEGMENT_TEAM,
} PlMetricSegment;

const char *pl_metric_aggregation_to_string (PlMetricAggregation aggregation); /* "mean", "sum", "ratio" */
const char *pl_metric_period_to_string      (PlMetricPeriod      period);      /* "day", "week", "month" */
/* The Monday of the week or the first of the month of @day, or @day. */
char       *pl_metric_period_start          (PlMetricPeriod      period,
                                             const char         *day);

#define PL_TYPE_METRIC_SERIES (pl_metric_series_get_type ())

G_DECLARE_FINAL_TYPE (PlMetricSeries, pl_metric_series, PL, METRIC_SERIES, GObject)

gint64              pl_metric_series_get_id          (PlMetricSeries *self);
const char         *pl_metric_series_get_code        (PlMetricSeries *self);
const char         *pl_metric_series_get_name        (PlMetricSeries *self);
const char         *pl_metric_series_get_unit        (PlMetricSeries *self);   /* "" for none */
PlMetricAggregation pl_metric_series_get_aggregation (PlMetricSeries *self);
double              pl_metric_series_get_scale       (PlMetricSeries *self);
const char         *pl_metric_series_get_description (PlMetricSeries *self);

/* Every series, by name. */
GListModel     *pl_metric_list_series    (PlWorkspace          *workspace,
                                          GError              **error);
PlMetricSeries *pl_metric_series_load    (PlWorkspace          *workspace,
                                          gint64                id,
                                          GError              **error);
/* @code: letters, digits and "_", unique; @name not empty; @scale 100 for
 * a ratio shown as a percentage, else 1. */
PlMetricSeries *pl_metric_series_create  (PlWorkspace          *workspace,
                                          const char           *code,
                                          const char           *name,
                                          const char           *unit,
                                          PlMetricAggregation   aggregation,
                                          double                scale,
                                          const char           *description,
                                          GError              **error);

/* One cell: a metric_values row, or none. */
typedef struct {
  gboolean set;
  double   value;              /* for a ratio: scale × numerator / denominator */
  double   numerator;          /* NaN unless a ratio */
  double   denominator;
} PlMetricCell;

/* A series' values for consecutive periods (rows, oldest first) by
 * segment (columns). */
typedef struct {
  gint64               series_id;
  PlMetricAggregation  aggregation;
  double               scale;
  PlMetricPeriod       period;
  PlMetricSegment      segment;
  guint                n_rows;
  char               **period_starts;   /* n_rows, "YYYY-MM-DD" */
  guint                n_columns;
  gint64              *segment_ids;     /* n_columns; 0 for "all" */
  char               **segment_names;   /* n_columns */
  PlMetricCell        *cells;           /* n_rows × n_columns, row by row */
} PlMetricGrid;

void          pl_metric_grid_free      (PlMetricGrid *grid);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlMetricGrid, pl_metric_grid_free)

/* @n_periods periods ending with the one that holds @last_day. */
PlMetricGrid *pl_metric_grid_load      (PlWorkspace      *workspace,
                                        gint64            series_id,
                                        PlMetricPeriod    period,
                                        PlMetricSegment   segment,
                                        const char       *last_day,
                                        guint             n_periods,
                                        GError          **error);
PlMetricCell *pl_metric_grid_get_cell  (PlMetricGrid     *grid,
                                        guint             row,
                                        guint             column);
/* The cell as it is typed: "12.5", or "12/240" for a ratio; "" if unset. */
char         *pl_metric_grid_format_cell (PlMetricGrid   *grid,
                                          guint           row,
                                          guint           column);
/* The latest period_start with a value stored at @period, or NULL. */
char         *pl_metric_latest_day     (PlWorkspace      *workspace,
                                        gint64            series_id,
                                        PlMetricPeriod    period,
                                        GError          **error);

/* Reads what a user typed or pasted into one cell: a number with a
 * decimal point or comma ("12.5", "12,5", " 1 204 ", "4.5%"); for a ratio
 * series "numerator/denominator" ("12/240"). */
gboolean      pl_metric_parse_cell     (PlMetricAggregation aggregation,
                                        double            scale,
                                        const char       *text,
                                        PlMetricCell     *out,
                                        GError          **error);

/* Sets (or, for empty @text, clears) one cell, in its own transaction. */
gboolean      pl_metric_grid_set_cell  (PlMetricGrid     *grid,
                                        PlWorkspace      *workspace,
                                        guint             row,
                                        guint             column,
                                        const char       *text,
                                        GError          **error);
gboolean      pl_metric_grid_clear_cell (PlMetricGrid    *grid,
                                         PlWorkspace     *workspace,
                                         guint            row,
                                         guint            column,
                                         GError         **error);

/* A cell of a paste that could not be used: where it would have gone in
 * the grid (-1 when outside it) and why, in the user's words. */
typedef struct {
  int   row;
  int   column;
  char *message;
} PlMetricPasteError;

void          pl_metric_paste_error_free (PlMetricPasteError *paste_error);

/* Applies a block copied from a spreadsheet (tab-separated as LibreOffice
 * and Excel copy it; or ";"/","-separated), its top-left cell at
 * (@row, @column). A first row of segment names ("Telephone", "Email")
 * places the columns by name; a first column of dates places the rows by
 * date. Empty cells leave a cell as it is. All in one transaction:
 * when any cell is bad, nothing is written, @cell_errors (when not NULL)
 * lists each bad cell, and @error says how many. @n_written: cells set. */
gboolean      pl_metric_grid_paste     (PlMetricGrid     *grid,
                                        PlWorkspace      *workspace,
                                        guint             row,
                                        guint             column,
                                        const char       *text,
                                        GPtrArray       **cell_errors,
                                        guint            *n_written,
                                        GError          **error);

G_END_DECLS
