/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pl-workspace.h"

G_BEGIN_DECLS

/* Validation: rules that find records unfit for analysis. Running them
 * flags records (validation_flags); the user then excludes a flagged record
 * (excluded = 1 with the rule's reason, so every KPI and count leaves it
 * out) or keeps it. Nothing is ever deleted, and an exclusion can be undone. */

typedef enum
{
  PL_RULE_DUPLICATE_ID,         /* same response id in the same survey */
  PL_RULE_DUPLICATE_RESPONDENT, /* same respondent, same survey, same day */
  PL_RULE_OUT_OF_RANGE,         /* an answer outside its question's scale */
  PL_RULE_INCOMPLETE,           /* a required question unanswered */
  PL_RULE_STRAIGHT_LINING,      /* identical answers across N or more rating questions */
  PL_RULE_SPEEDER,              /* completed faster than the minimum duration */
  PL_RULE_IMPOSSIBLE_DATE,      /* in the future, or before the organisation could have had it */
  PL_RULE_SCORECARD_MISFIT,     /* observation scores that do not fit the scorecard */
  PL_N_RULES
} PlRule;

typedef struct
{
  PlRule      rule;
  const char *id;             /* "duplicate-id", "duplicate-respondent", "out-of-range", "incomplete",
                                 "straight-lining", "speeder", "impossible-date", "scorecard-misfit" */
  const char *name;           /* translated: "Duplicate responses" */
  const char *explanation;    /* translated, two or three sentences: what it finds and why it matters */
} PlRuleInfo;

const PlRuleInfo *pl_rule_info            (PlRule       rule);
gboolean          pl_rule_from_id         (const char  *id,
                                           PlRule      *rule);

typedef struct
{
  guint  straight_lining_min_questions;  /* default 4 */
  double speeder_min_seconds;            /* default 30 */
  char  *earliest_date;                  /* default NULL: no lower bound */
  char  *today;                          /* default NULL: the real today; tests set it */
} PlValidateSettings;

void     pl_validate_settings_init  (PlValidateSettings *settings);
void     pl_validate_settings_clear (PlValidateSettings *settings);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlValidateSettings, pl_validate_settings_clear)

/* Per rule: how many records it flags now, how many of those the user
 * excluded, kept, or has not decided. */
typedef struct
{
  guint64 flagged;
  guint64 excluded;
  guint64 kept;
  guint64 undecided;
} PlRuleCount;

typedef struct
{
  gint64      run_id;
  PlRuleCount counts[PL_N_RULES];
  /* The "usable data" figures, per entity, before and after exclusions. */
  guint64     responses_total;
  guint64     responses_usable;     /* not excluded, not trashed */
  guint64     observations_total;
  guint64     observations_usable;
  guint64     complaints_total;
  guint64     complaints_usable;
} PlValidateSummary;

/* Runs every rule in one transaction: new findings are added as flags,
 * flags whose record no longer breaks the rule and is undecided are
 * dropped, decisions already made are kept. Emits nothing. */
gboolean pl_validate_run            (PlWorkspace              *workspace,
                                     const PlValidateSettings *settings,
                                     GCancellable             *cancellable,
                                     PlValidateSummary        *summary,
                                     GError                  **error);
/* The usable share as a percentage that reads true at a glance once shown
 * with one decimal: never 100.0 while something is left out, never 0.0
 * while something is usable. 0 when there is nothing. */
double   pl_validate_usable_percent (guint64                   usable,
                                     guint64                   total);
gboolean pl_validate_summarise      (PlWorkspace              *workspace,
                                     PlValidateSummary        *summary,
                                     GError                  **error);

/* One flag, for listing. */
typedef struct
{
  gint64  id;
  PlRule  rule;
  char   *entity;               /* "responses", "observations", ... */
  gint64  entity_id;
  char   *detail;               /* plain words: "Same response id “R-1042” as response 311" */
  char   *status;               /* "flagged", "excluded", "kept" */
  char   *record_date;          /* the record's date, for display */
} PlValidationFlag;

void       pl_validation_flag_free  (PlValidationFlag *flag);
GPtrArray *pl_validate_list_flags   (PlWorkspace *workspace,
                                     int          rule,      /* -1 for every rule */
                                     const char  *status,    /* NULL for any */
                                     guint        limit,
                                     GError     **error);

/* Decisions: exclude sets the record's excluded = 1 and exclusion_reason;
 * keep and restore set excluded = 0 (unless another excluded flag of the
 * record still stands). Each is one transaction with an audit row and emits
 * PlWorkspace::changed for the record's table. */
gboolean pl_validate_exclude        (PlWorkspace *workspace,
                                     gint64       flag_id,
                                     GError     **error);
gboolean pl_validate_keep           (PlWorkspace *workspace,
                                     gint64       flag_id,
                                     GError     **error);
gboolean pl_validate_exclude_all    (PlWorkspace *workspace,
                                     PlRule       rule,
                                     GError     **error);

G_END_DECLS
