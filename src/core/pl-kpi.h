/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pl-workspace.h"

G_BEGIN_DECLS

typedef enum
{
  PL_KPI_SOURCE_SURVEY,       /* a survey question */
  PL_KPI_SOURCE_SCORECARD,    /* observation scores on a scorecard */
  PL_KPI_SOURCE_METRIC,       /* an operational metric series */
  PL_KPI_SOURCE_COMPLAINTS,   /* the complaints log */
} PlKpiSource;

typedef enum
{
  PL_KPI_CALC_MEAN,           /* mean answer to the question */
  PL_KPI_CALC_TOP_BOX,        /* % of answers >= top_box_min */
  PL_KPI_CALC_NPS,            /* % promoters (9-10) - % detractors (0-6) */
  PL_KPI_CALC_SCORE,          /* mean observation score, 0-100 */
  PL_KPI_CALC_METRIC,         /* the metric series aggregated per period */
  PL_KPI_CALC_WITHIN_PROMISE, /* % of complaints resolved within the promised days */
} PlKpiCalc;

typedef enum
{
  PL_PERIOD_WEEK,
  PL_PERIOD_MONTH,
} PlPeriod;

typedef enum
{
  PL_STATUS_NONE,             /* no value to judge */
  PL_STATUS_GREEN,            /* at or better than the target */
  PL_STATUS_AMBER,            /* short of target, not past the red threshold */
  PL_STATUS_RED,              /* past the red threshold */
} PlStatus;

/* One period's value. period_start is the Monday of the week or the first
 * of the month, "YYYY-MM-DD". n is the number of records behind the value
 * (answers, observations, complaints, or metric rows). */
typedef struct
{
  char   period_start[11];
  double value;
  gint64 n;
} PlKpiPoint;

/* The latest period against the one before it. */
typedef struct
{
  gboolean   has_value;
  PlKpiPoint latest;
  gboolean   has_previous;
  double     previous;
  double     change;          /* latest - previous, in the KPI's unit */
  PlStatus   status;
  gboolean   improving;       /* the change is in the KPI's better direction */
} PlKpiSummary;

/* A built-in KPI template: the wizard's first step. */
typedef struct
{
  const char *id;             /* "csat", "nps", ... ; "custom" for a blank KPI */
  const char *name;           /* translatable, use with gettext () */
  const char *definition;     /* translatable */
  PlKpiSource source;
  PlKpiCalc   calc;
  const char *question_kind;  /* for survey sources: "csat", "nps", "ces" or NULL */
  const char *metric_code;    /* for metric sources: the usual series code or NULL */
  double      top_box_min;
  const char *unit;
  int         decimals;
  gboolean    higher_is_better;
  double      target;
  double      red_threshold;
} PlKpiTemplate;

const PlKpiTemplate *pl_kpi_templates     (guint      *n_templates);
const PlKpiTemplate *pl_kpi_template_find (const char *id);

const char *pl_status_to_string (PlStatus status);   /* "green", "amber", "red", "none" */
const char *pl_status_to_label  (PlStatus status);   /* translated "On target", "At risk", "Off target", "No data" */

/* Enum types (for properties, GtkExpression and AdwComboRow); each value's
 * nick is the schema's text ("survey", "top_box", "week", "green"). */
#define PL_TYPE_KPI_SOURCE (pl_kpi_source_get_type ())
#define PL_TYPE_KPI_CALC   (pl_kpi_calc_get_type ())
#define PL_TYPE_PERIOD     (pl_period_get_type ())
#define PL_TYPE_STATUS     (pl_status_get_type ())

GType       pl_kpi_source_get_type (void) G_GNUC_CONST;
GType       pl_kpi_calc_get_type   (void) G_GNUC_CONST;
GType       pl_period_get_type     (void) G_GNUC_CONST;
GType       pl_status_get_type     (void) G_GNUC_CONST;

const char *pl_kpi_source_to_string (PlKpiSource source);  /* "survey", "scorecard", "metric", "complaints" */
const char *pl_kpi_calc_to_string   (PlKpiCalc   calc);    /* "mean", "top_box", "nps", "score", "metric", "within_promise" */
const char *pl_period_to_string     (PlPeriod    period);  /* "week", "month" */

#define PL_TYPE_KPI (pl_kpi_get_type ())

G_DECLARE_FINAL_TYPE (PlKpi, pl_kpi, PL, KPI, GObject)

PlKpi        *pl_kpi_new                (void);
PlKpi        *pl_kpi_new_from_template  (const PlKpiTemplate *tmpl);
PlKpi        *pl_kpi_copy               (PlKpi       *self);

gint64        pl_kpi_get_id             (PlKpi       *self);
const char   *pl_kpi_get_code           (PlKpi       *self);
void          pl_kpi_set_code           (PlKpi       *self,
                                         const char  *code);
const char   *pl_kpi_get_name           (PlKpi       *self);
void          pl_kpi_set_name           (PlKpi       *self,
                                         const char  *name);
const char   *pl_kpi_get_definition     (PlKpi       *self);
void          pl_kpi_set_definition     (PlKpi       *self,
                                         const char  *definition);
const char   *pl_kpi_get_template       (PlKpi       *self);
void          pl_kpi_set_template       (PlKpi       *self,
                                         const char  *template_id);
PlKpiSource   pl_kpi_get_source         (PlKpi       *self);
void          pl_kpi_set_source         (PlKpi       *self,
                                         PlKpiSource  source);
PlKpiCalc     pl_kpi_get_calc           (PlKpi       *self);
void          pl_kpi_set_calc           (PlKpi       *self,
                                         PlKpiCalc    calc);
gint64        pl_kpi_get_question_id    (PlKpi       *self);
void          pl_kpi_set_question_id    (PlKpi       *self,
                                         gint64       question_id);
gint64        pl_kpi_get_scorecard_id   (PlKpi       *self);
void          pl_kpi_set_scorecard_id   (PlKpi       *self,
                                         gint64       scorecard_id);
gint64        pl_kpi_get_metric_id      (PlKpi       *self);
void          pl_kpi_set_metric_id      (PlKpi       *self,
                                         gint64       metric_id);
double        pl_kpi_get_top_box_min    (PlKpi       *self);
void          pl_kpi_set_top_box_min    (PlKpi       *self,
                                         double       top_box_min);
const char   *pl_kpi_get_unit           (PlKpi       *self);
void          pl_kpi_set_unit           (PlKpi       *self,
                                         const char  *unit);
int           pl_kpi_get_decimals       (PlKpi       *self);
void          pl_kpi_set_decimals       (PlKpi       *self,
                                         int          decimals);
gboolean      pl_kpi_get_higher_is_better (PlKpi     *self);
void          pl_kpi_set_higher_is_better (PlKpi     *self,
                                         gboolean     higher_is_better);
double        pl_kpi_get_target         (PlKpi       *self);
void          pl_kpi_set_target         (PlKpi       *self,
                                         double       target);
double        pl_kpi_get_red_threshold  (PlKpi       *self);
void          pl_kpi_set_red_threshold  (PlKpi       *self,
                                         double       red_threshold);
PlPeriod      pl_kpi_get_period         (PlKpi       *self);
void          pl_kpi_set_period         (PlKpi       *self,
                                         PlPeriod     period);
gboolean      pl_kpi_get_archived       (PlKpi       *self);

gboolean      pl_kpi_validate           (PlKpi       *self,
                                         GError     **error);
PlStatus      pl_kpi_status_for         (PlKpi       *self,
                                         double       value);
char         *pl_kpi_format_value       (PlKpi       *self,
                                         double       value);
char         *pl_kpi_format_change      (PlKpi       *self,
                                         double       change);

/* Storage: each call is its own transaction and emits
 * PlWorkspace::changed::kpis. */
GListModel   *pl_kpi_list               (PlWorkspace *workspace,
                                         gboolean     include_archived,
                                         GError     **error);
PlKpi        *pl_kpi_load               (PlWorkspace *workspace,
                                         gint64       id,
                                         GError     **error);
gboolean      pl_kpi_save               (PlKpi       *self,
                                         PlWorkspace *workspace,
                                         GError     **error);
gboolean      pl_kpi_set_archived       (PlKpi       *self,
                                         PlWorkspace *workspace,
                                         gboolean     archived,
                                         GError     **error);

/* Computation: every period that has data, oldest first, as PlKpiPoint.
 * Excluded and trashed records never count. */
GArray       *pl_kpi_compute            (PlKpi       *self,
                                         PlWorkspace *workspace,
                                         GError     **error);
void          pl_kpi_summarise          (PlKpi       *self,
                                         GArray      *points,
                                         PlKpiSummary *summary);

G_END_DECLS
