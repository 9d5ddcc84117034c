/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pl-analysis.h"
#include "pl-workspace.h"

G_BEGIN_DECLS

/* Findings (403 AC 3.3, 401 AC 5.2–5.5, 312 AC 3.3): what the evidence
 * shows, judged against an agreed criterion — instances of effective
 * service, shortfalls and gaps — each with the figures, the chart and the
 * quotes it rests on. The analysis proposes; the user confirms, edits or
 * rejects each proposal and adds findings of their own.
 *
 * THE RULES (pl_finding_propose), all at the confidence of the options
 * (95%), with the workspace's margin and small-sample settings:
 *
 *  shortfall  A KPI's latest calendar month with data: its interval lies
 *             entirely on the wrong side of the target (below it when
 *             higher is better, above it when lower is). Months, not
 *             weeks, so that a channel's interval is narrow enough to
 *             judge; the month is the latest one of the whole KPI, for
 *             the whole KPI and for each channel (survey, scorecard and
 *             complaints KPIs, and metric series kept per channel). A
 *             channel that holds all the KPI's records that month adds
 *             nothing to the whole and is left out. A metric KPI has no
 *             interval (its figures count every record, not a sample):
 *             its value itself must be worse than the target. A cell
 *             under the small-sample setting is never judged. A wide
 *             ("insufficient") interval is: if even it lies below the
 *             target, the shortfall is beyond chance.
 *  strength   The same, the other way, in each of the last 2 months
 *             (PL_FINDING_STRENGTH_MONTHS): reliably better than target.
 *  signal     A special-cause signal (Western Electric rules) on the
 *             weekly control chart of the whole KPI in its last 8 weeks
 *             (PL_FINDING_SIGNAL_WEEKS). One finding per KPI, about the
 *             side of the latest signal (a rise or a fall), from the week
 *             of the first signal on that side in those weeks.
 *  signal     (a day of the week) The gap between one day of the week
 *             and the other days on the whole KPI's weekly figures widens
 *             or narrows week by week in the worse direction (the day
 *             falling further behind), significantly: the trend of
 *             (the day's value − the other days' value) over at least 8
 *             weeks (PL_FINDING_DAY_MIN_WEEKS), p < 0.01 divided by the
 *             days tested (PL_FINDING_DAY_ALPHA, Bonferroni), with the
 *             day worse than the others over the latest 8 weeks. The other
 *             days' value is the whole minus the day (every KPI figure is
 *             a mean, a share or an NPS over its n). One finding per KPI,
 *             about its most significant day. Not for metrics that are
 *             sums.
 *  gap        Scorecard criteria in the last 3 calendar months of
 *             observations (PL_FINDING_GAP_MONTHS): a criterion met in
 *             full (pl-analysis.h, CRITERION PASS) in under 70% of at
 *             least 10 observations; and, as a coaching need, a
 *             colleague's pass rate under 70% on at least 10 observations
 *             that is also significantly lower than the rest of their
 *             team's (everyone else's without a team): pooled
 *             two-proportion z test, p < 0.05. Without that test every
 *             colleague would share the criterion's own gap.
 *  theme      A theme in use whose share of all comments in the last 2
 *             calendar months with comments is significantly higher
 *             (pl_analysis_proportion_difference, p < 0.05) than in the 2
 *             months before, raised by at least 5 comments. Up to 3
 *             quotes (pl_theme_quotes) from the recent months.
 *  theme      (the leading complaint) What customers complain about most:
 *             of the themes in use with no sub-themes that are marked
 *             negative, the one on the most comments of the period, when its
 *             share's Wilson interval lies wholly above 10% of all
 *             comments (PL_FINDING_LEADING_SHARE) and it is on at least
 *             20 comments (PL_FINDING_LEADING_MIN). Up to 3 quotes.
 *
 * With a review, only its period counts: the months and weeks that start
 * within it (the latest is the one holding its last day) and the
 * observations and comments dated within it. Without, all the data.
 *
 * WHAT IT IS JUDGED AGAINST: a KPI finding cites the KPI's standard, or
 * else the standard of the commitment of the service offer (its latest
 * version) that the KPI measures, and that commitment; a gap cites the
 * criterion and its standard. A theme cites none until the user picks one.
 *
 * RUNNING AGAIN: a finding's key says what it is about (the review, the
 * rule, the KPI and channel, the criterion and colleague or the theme, and
 * the month or week: "shortfall:kpi:3:channel:2:2026-09"), so a new run
 *  - adds the findings that are new (counts.added);
 *  - updates proposals still to decide with the fresh figures
 *    (counts.updated, or counts.unchanged when nothing differs);
 *  - withdraws (deletes) proposals still to decide that the data no
 *    longer supports (counts.withdrawn);
 *  - leaves every decided finding exactly as decided (counts.kept when
 *    the rules found it again): a rejected one stays rejected with its
 *    reason; a confirmed one keeps the user's title, statement, standard
 *    AND the evidence it was confirmed on. The figures are frozen with the
 *    decision, so that the statement, the evidence and anything built on
 *    them (recommendations, the report) always agree. To judge fresh
 *    figures, reconsider it (pl_finding_reconsider) and run again.
 * Editing a proposal decides it: it becomes confirmed, so a later run
 * never overwrites the user's words.
 *
 * Every write is its own transaction with an audit entry and emits
 * PlWorkspace::changed::findings. Statements and figures are written in
 * the language of the user who ran the analysis. */

#define PL_FINDING_STRENGTH_MONTHS 2
#define PL_FINDING_SIGNAL_WEEKS    8
#define PL_FINDING_DAY_MIN_WEEKS   8
#define PL_FINDING_DAY_ALPHA       0.01
#define PL_FINDING_GAP_MONTHS      3
#define PL_FINDING_GAP_THRESHOLD   70.0
#define PL_FINDING_GAP_MIN_N       10
#define PL_FINDING_THEME_MONTHS    2
#define PL_FINDING_THEME_MIN_COMMENTS 5
#define PL_FINDING_ALPHA           0.05
#define PL_FINDING_MAX_QUOTES      3
#define PL_FINDING_LEADING_SHARE   10.0
#define PL_FINDING_LEADING_MIN     20

typedef enum
{
  PL_FINDING_KIND_SHORTFALL,
  PL_FINDING_KIND_SIGNAL,
  PL_FINDING_KIND_STRENGTH,
  PL_FINDING_KIND_GAP,
  PL_FINDING_KIND_THEME,
  PL_FINDING_KIND_OWN,
} PlFindingKind;

typedef enum
{
  PL_FINDING_STATUS_PROPOSED,
  PL_FINDING_STATUS_CONFIRMED,
  PL_FINDING_STATUS_REJECTED,
} PlFindingStatus;

/* Enum types whose nicks are the schema's text ("shortfall", "proposed"). */
#define PL_TYPE_FINDING_KIND   (pl_finding_kind_get_type ())
#define PL_TYPE_FINDING_STATUS (pl_finding_status_get_type ())
GType        pl_finding_kind_get_type      (void) G_GNUC_CONST;
GType        pl_finding_status_get_type    (void) G_GNUC_CONST;

const char  *pl_finding_kind_to_string     (PlFindingKind    kind);
gboolean     pl_finding_kind_from_string   (const char      *text,
                                            PlFindingKind   *out_kind);
/* Translated, short for a pill: "Shortfall", "Investigate", "Strength",
 * "Gap", "Theme", "Your own". */
const char  *pl_finding_kind_to_label      (PlFindingKind    kind);
/* Translated, one line: the rule behind the kind. */
const char  *pl_finding_kind_explain       (PlFindingKind    kind);
const char  *pl_finding_status_to_string   (PlFindingStatus  status);
gboolean     pl_finding_status_from_string (const char      *text,
                                            PlFindingStatus *out_status);
/* Translated: "To decide", "Confirmed", "Rejected". */
const char  *pl_finding_status_to_label    (PlFindingStatus  status);

/* The chart behind a finding, as proposed: a series of periods (months,
 * or weeks for a signal) with the value, its interval and n, the line it
 * is judged against, and for a signal the control limits and the signals.
 * Every array holds n_points values; NAN where there is none. */
typedef struct
{
  guint    index;             /* the point */
  guint    rule;              /* PlSignalRule */
  char    *text;              /* the signal explained, naming its period */
} PlFindingSignal;

typedef struct
{
  char            *label;     /* the legend: "Monthly Customer satisfaction (CSAT), Email" */
  char            *unit;      /* "%", " s", "" */
  int              decimals;
  gboolean         higher_is_better;
  gboolean         has_target;
  double           target;    /* the KPI's target, or the 70% a criterion should reach */
  gboolean         has_red_threshold;
  double           red_threshold;
  char            *interval_label; /* "Wilson 95% interval"; NULL: no interval */
  guint            n_points;
  char           **periods;   /* n_points "YYYY-MM-DD", the first day of each period */
  double          *values;
  double          *lower;
  double          *upper;
  gint64          *sizes;     /* n behind each value */
  int              focus;     /* the point the finding is about, or -1 */
  gboolean         has_limits;
  double           centre;
  double          *ucl;       /* per point */
  double          *lcl;
  guint            n_signals;
  PlFindingSignal *signals;
  char            *compare_label; /* a second line to compare with ("Other days"), or NULL */
  double          *compare;       /* per point; NULL without one */
} PlFindingSeries;

#define PL_TYPE_FINDING (pl_finding_get_type ())

G_DECLARE_FINAL_TYPE (PlFinding, pl_finding, PL, FINDING, GObject)

/* A finding as stored: read-only; change it with the functions below. */
gint64           pl_finding_get_id               (PlFinding *self);
gint64           pl_finding_get_review_id        (PlFinding *self);   /* 0: none */
PlFindingKind    pl_finding_get_kind             (PlFinding *self);
PlFindingStatus  pl_finding_get_status           (PlFinding *self);
const char      *pl_finding_get_key              (PlFinding *self);   /* NULL for an own finding */
const char      *pl_finding_get_title            (PlFinding *self);
const char      *pl_finding_get_statement        (PlFinding *self);   /* "" for none */
gint64           pl_finding_get_kpi_id           (PlFinding *self);   /* 0: none, for each id */
gint64           pl_finding_get_criterion_id     (PlFinding *self);
gint64           pl_finding_get_theme_id         (PlFinding *self);
gint64           pl_finding_get_standard_id      (PlFinding *self);
gint64           pl_finding_get_commitment_id    (PlFinding *self);
const char      *pl_finding_get_evidence         (PlFinding *self);   /* the JSON; NULL for none */
const char      *pl_finding_get_rejection_reason (PlFinding *self);   /* NULL unless rejected */
const char      *pl_finding_get_created_at       (PlFinding *self);
const char      *pl_finding_get_updated_at       (PlFinding *self);
const char      *pl_finding_get_decided_at       (PlFinding *self);   /* NULL while proposed */

/* What the ids name, read with the finding; NULL when there is none (or
 * the standard is in the trash). The standard as "Ofgem SLC 0.3 · Treat
 * customers fairly" (source, reference · title); the commitment's text;
 * the KPI's name and code; the criterion's text; the theme's name. */
const char      *pl_finding_get_standard_label   (PlFinding *self);
const char      *pl_finding_get_commitment_text  (PlFinding *self);
const char      *pl_finding_get_kpi_name         (PlFinding *self);
const char      *pl_finding_get_kpi_code         (PlFinding *self);
const char      *pl_finding_get_criterion_text   (PlFinding *self);
const char      *pl_finding_get_theme_name       (PlFinding *self);

/* The evidence, read from its JSON: the rule that proposed it in words
 * ("basis"), the figures as label and text ("September 2026", "74.5%
 * (Wilson 95% interval 68.2% to 80.0%, n = 208)"), the quotes with a
 * detail line ("12 Sep 2026 · Email"), and the chart (NULL for none). */
const char      *pl_finding_get_basis            (PlFinding *self);   /* NULL for none */
guint            pl_finding_get_n_figures        (PlFinding *self);
const char      *pl_finding_get_figure_label     (PlFinding *self,
                                                  guint      index);
const char      *pl_finding_get_figure_text      (PlFinding *self,
                                                  guint      index);
guint            pl_finding_get_n_quotes         (PlFinding *self);
const char      *pl_finding_get_quote_text       (PlFinding *self,
                                                  guint      index);
const char      *pl_finding_get_quote_detail     (PlFinding *self,
                                                  guint      index);
const PlFindingSeries *pl_finding_get_series     (PlFinding *self);

/* Proposing */

typedef struct
{
  guint added;                /* new proposals */
  guint updated;              /* proposals still to decide, with new figures */
  guint unchanged;            /* proposals still to decide, found again as they were */
  guint withdrawn;            /* proposals the data no longer supports, removed */
  guint kept;                 /* decided findings found again, left as decided */
} PlFindingCounts;

typedef struct
{
  double confidence;          /* of every interval and test: default 0.95 */
} PlFindingOptions;

void         pl_finding_options_init (PlFindingOptions *options);

/* Runs the rules above over @review_id's period (0: all the data) and
 * stores what they find, in one transaction. @options and @counts may be
 * NULL. Errors: PL_ERROR_NOT_FOUND for a review that is not there (or is
 * in the trash), PL_ERROR_INVALID for bad options, those of the analysis,
 * PL_ERROR_DATABASE; nothing is changed then. */
gboolean     pl_finding_propose   (PlWorkspace             *workspace,
                                   gint64                   review_id,
                                   const PlFindingOptions  *options,
                                   PlFindingCounts         *counts,
                                   GError                 **error);

/* "5 new, 3 updated, 1 withdrawn" (parts that are 0 left out), or "No
 * change" when nothing is new, updated or withdrawn. Translated. */
char        *pl_finding_counts_describe (const PlFindingCounts *counts);

/* Listing */

typedef struct
{
  gint64 review_id;           /* 0: any review or none */
  int    status;              /* a PlFindingStatus, or -1 (default): any */
  int    kind;                /* a PlFindingKind, or -1 (default): any */
} PlFindingFilter;

void         pl_finding_filter_init (PlFindingFilter *filter);

/* By status (to decide, confirmed, rejected), then kind (shortfall,
 * signal, gap, theme, strength, own), then as proposed. @filter NULL: all. */
GListModel  *pl_finding_list      (PlWorkspace             *workspace,
                                   const PlFindingFilter   *filter,
                                   GError                 **error);
PlFinding   *pl_finding_load      (PlWorkspace             *workspace,
                                   gint64                   id,
                                   GError                 **error);

/* Deciding. Each returns FALSE with PL_ERROR_NOT_FOUND for a finding that
 * is not there, and changes nothing on error. */
gboolean     pl_finding_confirm   (PlWorkspace             *workspace,
                                   gint64                   id,
                                   GError                 **error);
/* A reason is required (PL_ERROR_INVALID without one), at most 500
 * characters. */
gboolean     pl_finding_reject    (PlWorkspace             *workspace,
                                   gint64                   id,
                                   const char              *reason,
                                   GError                 **error);
/* Back to be decided again: the reason and the decision go. An own
 * finding is always the user's decision: PL_ERROR_INVALID. */
gboolean     pl_finding_reconsider (PlWorkspace            *workspace,
                                    gint64                  id,
                                    GError                **error);
/* A new title and statement (both required, at most 200 and 4000
 * characters) and the standard it is judged against (0: none; it must be
 * there and not in the trash). A proposal becomes confirmed; a rejected
 * finding cannot be edited (reconsider it first): PL_ERROR_INVALID. */
gboolean     pl_finding_edit      (PlWorkspace             *workspace,
                                   gint64                   id,
                                   const char              *title,
                                   const char              *statement,
                                   gint64                   standard_id,
                                   GError                 **error);

/* The user's own finding (kind own, confirmed), for @review_id or none
 * (0), with the same rules for title, statement and standard as
 * pl_finding_edit(). Returns the new finding, or NULL with @error. */
PlFinding   *pl_finding_create_own (PlWorkspace            *workspace,
                                    gint64                  review_id,
                                    const char             *title,
                                    const char             *statement,
                                    gint64                  standard_id,
                                    GError                **error);
/* Only an own finding can be deleted (PL_ERROR_INVALID otherwise: reject
 * a proposal instead, so the decision is kept). */
gboolean     pl_finding_delete    (PlWorkspace             *workspace,
                                   gint64                   id,
                                   GError                 **error);

G_END_DECLS
