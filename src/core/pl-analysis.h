/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pl-kpi.h"
#include "pl-stats.h"
#include "pl-workspace.h"

G_BEGIN_DECLS

/* The analysis engine (DESIGN.md §6, issue 5): every KPI per period and
 * segment with its confidence interval, status, trend and control chart;
 * each colleague's pattern against their team; criterion pass rates; QA
 * scores beside survey answers.
 *
 * WHICH RECORDS COUNT: exactly those pl_kpi_compute() counts, in the same
 * periods (weeks Monday to Sunday, calendar months; quarters start on 1
 * January, April, July and October). Excluded and trashed records never
 * count. A whole-KPI value here equals pl_kpi_compute()'s for the period.
 * A complaints period is reported only when every complaint received in it
 * has been judged (pl-kpi.c); a before/after comparison or a colleague's
 * overall figure counts the judged complaints only.
 *
 * SEGMENTS: a survey response's, observation's or complaint's own channel
 * and colleague, and the colleague's team; a metric value's channel and
 * team (metric series have no colleague). Records without the field count
 * in the whole KPI only. WEEKDAY: the day of the week of the record's day
 * (responded_on, observed_on, received_on; a metric value's period_start
 * when its period is 'day': a week's or a month's value counts in the
 * whole KPI only), segments Monday (id 1, code "monday") to Sunday (7),
 * named in the user's language; a day with no records has no segment.
 *
 * INTERVALS, at the confidence asked for (95% unless said otherwise):
 *   top_box, within_promise  Wilson score interval on k of n
 *   nps                      from the variance of promoters − detractors
 *                            (pl_stats_nps_counts)
 *   mean, score              Student t on the answers or observation scores
 *                            (needs n ≥ 2); its bounds stop at the scale's
 *                            ends (0–100, the question's scale_min–max)
 *   metric                   no interval: a metric series holds aggregates
 *                            (a day's totals), not the records behind them
 *
 * INSUFFICIENT SAMPLE: the interval's half-width is larger than the margin,
 * or the method has an interval that n is too small for (a mean of one).
 * The margin is the workspace setting "analysis_margin", default 5, in
 * points per 100 of the KPI's range: ±5 points for a percentage (top box,
 * within promise) and for the QA score (0–100); ±10 for NPS (−100 to 100);
 * ±0.3 for a mean on a 1–7 scale (5% of the question's scale_max −
 * scale_min). Metric KPIs have no interval and are never insufficient.
 * SMALL SAMPLE: n below the setting "analysis_min_sample" (default 10). No
 * figure here comes without its n; a small sample is flagged, not hidden.
 *
 * CRITERION PASS: an answered criterion with full marks: yesno and passfail
 * 1, ypn 1 ("yes"), scale5 5 (pl-demo.c: value / the scale's maximum = 1).
 * N/A (NULL) leaves both the passes and n. */

#define PL_ANALYSIS_DEFAULT_MARGIN     5.0
#define PL_ANALYSIS_DEFAULT_MIN_SAMPLE 10

typedef enum
{
  PL_ANALYSIS_WEEK,
  PL_ANALYSIS_MONTH,
  PL_ANALYSIS_QUARTER,
} PlAnalysisPeriod;

typedef enum
{
  PL_SEGMENT_NONE,
  PL_SEGMENT_CHANNEL,
  PL_SEGMENT_TEAM,
  PL_SEGMENT_COLLEAGUE,
  PL_SEGMENT_WEEKDAY,         /* the record's day of the week: segment ids 1 (Monday)
                               * to 7 (Sunday), ISO 8601 */
} PlSegmentKind;

typedef enum
{
  PL_INTERVAL_NONE,           /* metric KPIs */
  PL_INTERVAL_WILSON,
  PL_INTERVAL_T,
  PL_INTERVAL_NPS,
} PlIntervalMethod;

/* Stable names for JSON and the command line: "week", "month", "quarter";
 * "none", "channel", "team", "colleague", "weekday"; "none", "wilson", "t", "nps". */
const char *pl_analysis_period_to_string (PlAnalysisPeriod  period);
gboolean    pl_analysis_period_from_string (const char     *text,
                                            PlAnalysisPeriod *out);
const char *pl_segment_kind_to_string    (PlSegmentKind     kind);
gboolean    pl_segment_kind_from_string  (const char       *text,
                                          PlSegmentKind    *out);
const char *pl_interval_method_to_string (PlIntervalMethod  method);

/* For the UI: "Wilson 95% interval", "t 95% interval", "NPS 95% interval",
 * "No interval". Translated. */
char       *pl_interval_method_label     (PlIntervalMethod  method,
                                          double            confidence);

/* The period in a sentence: "the week of 6 Jul 2026", "July 2026",
 * "Q3 2026". Translated. */
char       *pl_analysis_period_label     (PlAnalysisPeriod  period,
                                          const char       *period_start);

typedef struct
{
  PlAnalysisPeriod period;    /* default week */
  PlSegmentKind    segment;   /* default none */
  double           confidence; /* default 0.95 */
  double           margin;    /* NaN (default): the setting "analysis_margin" */
  gint64           min_sample; /* 0 (default): the setting "analysis_min_sample" */
} PlAnalysisOptions;

void        pl_analysis_options_init     (PlAnalysisOptions *options);

typedef struct
{
  gint64  id;                 /* 0: the whole KPI */
  char   *code;               /* channel code, team name, colleague code, "monday".."sunday";
                               * NULL for the whole */
  char   *name;               /* channel name, team name, colleague name, translated day name;
                               * NULL for the whole */
  gint64  team_id;            /* a colleague's team; 0 otherwise */
} PlSegment;

/* One KPI figure: a period (or a stretch) of one segment. */
typedef struct
{
  char     period_start[11];  /* first day of the period; "" for a before/after stretch */
  gint64   segment_id;        /* 0: the whole KPI */
  gint64   n;                 /* as pl_kpi_compute(): answers, observations, complaints,
                               * or for a ratio metric its denominator */
  gint64   successes;         /* Wilson: k of n; NPS: promoters */
  gint64   detractors;        /* NPS */
  double   value;             /* in the KPI's unit, as pl_kpi_compute() */
  double   sd;                /* mean and score: sample standard deviation; NaN otherwise */
  double   lower;             /* NaN: no interval */
  double   upper;
  double   half_width;        /* (upper − lower) / 2; NaN: no interval */
  PlStatus status;            /* pl_kpi_status_for (value) */
  gboolean insufficient;      /* half_width > margin, or too few for the method */
  gboolean small_sample;      /* n < min_sample */
} PlAnalysisCell;

typedef struct
{
  PlKpi            *kpi;
  PlAnalysisPeriod  period;
  PlSegmentKind     segment_kind;
  gboolean          segments_available; /* FALSE: the source has no such field (a metric by colleague) */
  double            confidence;
  double            margin;             /* in the KPI's unit; NaN for metric KPIs */
  gint64            min_sample;
  PlIntervalMethod  method;
  GPtrArray        *segments;           /* of PlSegment*; [0] is the whole KPI */
  GArray           *cells;              /* of PlAnalysisCell: the whole KPI's periods, oldest
                                         * first, then each segment's in the order of segments */
  guint             n_whole;            /* the first n_whole cells are the whole KPI's */
  gboolean          has_trend;          /* 3 periods or more */
  PlTrend           trend;              /* x: the period's number (weeks, months, quarters) */
  char             *trend_summary;      /* "falling, significant (p = 0.004)" */
  PlControlChart   *chart;              /* of the whole-KPI cells, in the KPI's unit: p chart
                                         * (× 100) for top_box and within_promise, XmR of the
                                         * period values otherwise; NULL under 2 periods */
  GPtrArray        *explanations;       /* of char*, one per chart->signals, naming the period */
} PlKpiAnalysis;

void            pl_kpi_analysis_free        (PlKpiAnalysis       *analysis);
const PlSegment *pl_kpi_analysis_get_segment (PlKpiAnalysis      *analysis,
                                             gint64               segment_id);
/* The cell of @segment_id for @period_start, or NULL. */
const PlAnalysisCell *pl_kpi_analysis_find  (PlKpiAnalysis       *analysis,
                                             gint64               segment_id,
                                             const char          *period_start);

/* One KPI. Errors: PL_ERROR_INVALID for bad options or settings (in words),
 * those of pl_kpi_validate(), PL_ERROR_DATABASE. */
PlKpiAnalysis  *pl_analysis_kpi             (PlWorkspace             *workspace,
                                             PlKpi                   *kpi,
                                             const PlAnalysisOptions *options,
                                             GError                 **error);

/* Every KPI not archived, in the KPIs' order, or only the one with @code
 * (PL_ERROR_NOT_FOUND naming the codes there are).
 * Returns: (element-type PlKpiAnalysis): owns its elements. */
GPtrArray      *pl_analysis_run             (PlWorkspace             *workspace,
                                             const char              *code,
                                             const PlAnalysisOptions *options,
                                             GError                 **error);

/* Before and after a day (an intervention, a price rise). */
typedef struct
{
  PlAnalysisCell   before;    /* records dated before @day */
  PlAnalysisCell   after;     /* from @day on */
  PlIntervalMethod method;
  double           difference; /* after − before, in the KPI's unit */
  double           lower;     /* interval of the difference; NaN for metrics */
  double           upper;
  double           p;         /* two-sided; NaN for metrics */
} PlAnalysisComparison;

/* Wilson cells: Newcombe's hybrid score interval of the difference
 * (Newcombe 1998, method 10) and the pooled two-proportion z test. Means
 * and scores: Welch's t interval and test. NPS: normal interval and z test
 * with the two NPS variances added. Metric KPIs: the difference only.
 * @segment_id 0 with PL_SEGMENT_NONE is the whole KPI. Both sides need
 * records (two for a t test): PL_ERROR_INVALID otherwise. */
gboolean        pl_analysis_compare         (PlWorkspace             *workspace,
                                             PlKpi                   *kpi,
                                             PlSegmentKind            segment_kind,
                                             gint64                   segment_id,
                                             const char              *day,
                                             const PlAnalysisOptions *options,
                                             PlAnalysisComparison    *out,
                                             GError                 **error);

/* Newcombe (1998) method 10 for k2/n2 − k1/n1, and the pooled z test's
 * two-sided p. As fractions. */
gboolean        pl_analysis_proportion_difference (gint64    k1,
                                                   gint64    n1,
                                                   gint64    k2,
                                                   gint64    n2,
                                                   double    confidence,
                                                   double   *lower,
                                                   double   *upper,
                                                   double   *p,
                                                   GError  **error);

/* Colleague patterns: each colleague's KPI per period beside their team's. */
typedef struct
{
  PlSegment       colleague;
  char           *team_name;   /* NULL without a team */
  PlAnalysisCell  overall;     /* every period together */
  PlAnalysisCell  team_overall;
  GArray         *cells;       /* of PlAnalysisCell: the colleague's periods, oldest first */
  GArray         *team_cells;  /* the team's cell for each of those periods (n 0 if none) */
  gboolean        has_trend;
  PlTrend         trend;       /* of the colleague's period values */
  char           *trend_summary;
  gboolean        small_sample; /* overall.n < min_sample */
} PlColleaguePattern;

void            pl_colleague_pattern_free   (PlColleaguePattern      *pattern);

/* For a survey, scorecard or complaints KPI (a metric has no colleague:
 * PL_ERROR_INVALID). options->segment is ignored. Ordered by colleague code.
 * Returns: (element-type PlColleaguePattern): owns its elements. */
GPtrArray      *pl_analysis_colleagues      (PlWorkspace             *workspace,
                                             PlKpi                   *kpi,
                                             const PlAnalysisOptions *options,
                                             GError                 **error);

/* Criterion pass rates per colleague (see CRITERION PASS above). */
typedef struct
{
  gint64   colleague_id;
  char    *colleague_code;
  char    *colleague_name;
  gint64   team_id;
  gint64   criterion_id;
  char    *criterion;         /* its text */
  gint64   n;                 /* answered (not N/A) */
  gint64   passes;
  double   rate;              /* 0–100 */
  double   lower;             /* Wilson, 0–100 */
  double   upper;
  gboolean small_sample;
  gint64   team_n;            /* the colleague's team on the same criterion */
  gint64   team_passes;
  double   team_rate;         /* NaN without a team */
} PlCriterionRate;

void            pl_criterion_rate_free      (PlCriterionRate         *rate);

/* Observations on @scorecard_id and its other versions (0: every
 * scorecard), ordered by colleague code, then criterion.
 * Returns: (element-type PlCriterionRate): owns its elements. */
GPtrArray      *pl_analysis_criterion_rates (PlWorkspace             *workspace,
                                             gint64                   scorecard_id,
                                             const PlAnalysisOptions *options,
                                             GError                 **error);

/* Correlation */
typedef struct
{
  gsize  n;
  double pearson_r;           /* gsl_stats_correlation */
  double pearson_p;           /* two-sided, t = r √((n − 2)/(1 − r²)), n − 2 df */
  double spearman_rho;        /* gsl_stats_spearman: Pearson on ranks, ties averaged */
  double spearman_p;          /* the same t approximation */
} PlCorrelation;

/* At least 3 pairs, finite, and neither series constant. */
gboolean        pl_analysis_correlate       (const double            *x,
                                             const double            *y,
                                             gsize                    n,
                                             PlCorrelation           *out,
                                             GError                 **error);

typedef struct
{
  double answer;
  gint64 n;
  double mean_qa;
  double lower;               /* t interval of the mean QA score; NaN when n < 2 */
  double upper;
} PlQaByAnswer;

/* QA beside surveys: every pair of an observation's score and a survey
 * answer to the same interaction (an interaction observed twice gives two
 * pairs). */
typedef struct
{
  gint64         question_id;
  gsize          n;
  double        *qa;          /* n scores, 0–100 */
  double        *answers;     /* n answers, paired with qa */
  gboolean       has_correlation; /* n ≥ 3 and both vary */
  PlCorrelation  correlation;
  GArray        *by_answer;   /* of PlQaByAnswer, by answer ascending */
} PlQaSurvey;

void            pl_qa_survey_free           (PlQaSurvey              *qa_survey);

/* @question_id 0: the first CSAT question (PL_ERROR_NOT_FOUND if none). */
PlQaSurvey     *pl_analysis_qa_survey       (PlWorkspace             *workspace,
                                             gint64                   question_id,
                                             const PlAnalysisOptions *options,
                                             GError                 **error);

/* How the answers to a survey KPI's rating question spread over its
 * scale, period by period (the whole KPI's periods, as pl_analysis_kpi()
 * buckets them): counts[p × n_values + (answer − scale_min)]. Whole-number
 * answers within the scale count; excluded and trashed responses do not.
 * PL_ERROR_INVALID for a KPI that is not a survey KPI on a question with a
 * scale of 2 to 11 points. */
typedef struct
{
  int      scale_min;
  int      scale_max;
  guint    n_values;          /* scale_max − scale_min + 1 */
  guint    n_periods;
  char   (*periods)[11];      /* oldest first */
  gint64  *counts;
} PlAnswerDistribution;

void                  pl_answer_distribution_free     (PlAnswerDistribution *distribution);
PlAnswerDistribution *pl_analysis_answer_distribution (PlWorkspace          *workspace,
                                                       PlKpi                *kpi,
                                                       PlAnalysisPeriod      period,
                                                       GError              **error);
/* The counts of @period_start, or NULL when it has no answers. */
const gint64         *pl_answer_distribution_find     (const PlAnswerDistribution *distribution,
                                                       const char                 *period_start);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlAnswerDistribution, pl_answer_distribution_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlKpiAnalysis, pl_kpi_analysis_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlColleaguePattern, pl_colleague_pattern_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlCriterionRate, pl_criterion_rate_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlQaSurvey, pl_qa_survey_free)

G_END_DECLS
