/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/pl-workspace.h"

G_BEGIN_DECLS

/* How a criterion is answered, as stored in criteria.scale and in
 * observation_scores.value:
 *   yesno     1 yes, 0 no
 *   ypn       1 yes, 0.5 partly, 0 no
 *   scale5    1 … 5, worth (value − 1) / 4
 *   passfail  1 pass, 0 fail
 * A NULL (NaN in memory) value is N/A. */
typedef enum {
  PL_CRITERION_SCALE_YESNO,
  PL_CRITERION_SCALE_YPN,
  PL_CRITERION_SCALE_SCALE5,
  PL_CRITERION_SCALE_PASSFAIL,
} PlCriterionScale;

typedef enum {
  PL_CRITICAL_NONE,
  PL_CRITICAL_SECTION,   /* failing it sets its section to 0% */
  PL_CRITICAL_FORM,      /* failing it sets the whole form to 0 */
} PlCritical;

const char *pl_criterion_scale_to_string   (PlCriterionScale  scale);  /* the schema's text */
gboolean    pl_criterion_scale_from_string (const char       *text,
                                            PlCriterionScale *scale);
const char *pl_critical_to_string          (PlCritical        critical);
gboolean    pl_critical_from_string        (const char       *text,
                                            PlCritical       *critical);
/* For people: "Yes / partly / no", "Failing it fails the section". */
const char *pl_criterion_scale_get_label   (PlCriterionScale  scale);
const char *pl_critical_get_label          (PlCritical        critical);
/* The values a scale accepts, best first (1, 0.5, 0 for ypn; 5 … 1 for
 * scale5); @values points at static storage. */
guint       pl_criterion_scale_get_values  (PlCriterionScale  scale,
                                            const double    **values);
/* A value as an evaluator reads it: "yes", "partly", "4 of 5", "N/A". */
char       *pl_criterion_format_value      (PlCriterionScale  scale,
                                            double            value);

typedef struct {
  gint64            id;           /* 0 until saved */
  char             *text;
  char             *guidance;     /* for the evaluator; may be NULL */
  PlCriterionScale  scale;
  double            weight;       /* >= 0 */
  gboolean          allow_na;
  PlCritical        critical;
  gint64            standard_id;  /* 0 for none */
} PlCriterion;

typedef struct {
  gint64     id;                  /* 0 until saved */
  char      *name;
  double     weight;              /* >= 0 */
  GPtrArray *criteria;            /* PlCriterion *, owned */
} PlScorecardSection;

PlCriterion        *pl_criterion_new            (void);
PlCriterion        *pl_criterion_copy           (const PlCriterion *criterion);
void                pl_criterion_free           (PlCriterion       *criterion);
PlScorecardSection *pl_scorecard_section_new    (const char        *name,
                                                 double             weight);
PlScorecardSection *pl_scorecard_section_copy   (const PlScorecardSection *section);
void                pl_scorecard_section_free   (PlScorecardSection *section);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlCriterion, pl_criterion_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlScorecardSection, pl_scorecard_section_free)

/* The points (0 … 1) a value earns on a scale; NaN for N/A or a value
 * the scale does not allow. */
double   pl_criterion_points      (PlCriterionScale   scale,
                                   double             value);
/* Whether @value (NaN for N/A) may be given to @criterion; the error says
 * why not in the evaluator's words. */
gboolean pl_criterion_check_value (const PlCriterion *criterion,
                                   double             value,
                                   GError           **error);

#define PL_TYPE_SCORECARD (pl_scorecard_get_type ())

G_DECLARE_FINAL_TYPE (PlScorecard, pl_scorecard, PL, SCORECARD, GObject)

gint64       pl_scorecard_get_id          (PlScorecard *self);   /* 0 until saved */
const char  *pl_scorecard_get_name        (PlScorecard *self);
int          pl_scorecard_get_version     (PlScorecard *self);
gint64       pl_scorecard_get_parent_id   (PlScorecard *self);   /* the version it replaced, or 0 */
gboolean     pl_scorecard_get_frozen      (PlScorecard *self);   /* used: editing makes a new version */
double       pl_scorecard_get_pass_mark   (PlScorecard *self);   /* NaN for none */
GPtrArray   *pl_scorecard_get_sections    (PlScorecard *self);   /* PlScorecardSection *, in order */
guint        pl_scorecard_get_n_criteria  (PlScorecard *self);
/* The criteria in form order, sections one after another. */
PlCriterion *pl_scorecard_get_criterion   (PlScorecard *self,
                                           guint        index);
/* The index of a criterion by its id, or -1. */
int          pl_scorecard_find_criterion  (PlScorecard *self,
                                           gint64       criterion_id);
/* The section a criterion (by form index) belongs to. */
PlScorecardSection *pl_scorecard_get_section_of (PlScorecard *self,
                                                 guint        index);
const char  *pl_scorecard_get_created_at  (PlScorecard *self);
/* How many observations use this version (trashed ones included), as
 * read by pl_scorecard_load() or pl_scorecard_list(); 0 for a new one. */
gint64       pl_scorecard_get_n_observations (PlScorecard *self);

PlScorecard *pl_scorecard_load            (PlWorkspace *workspace,
                                           gint64       id,
                                           GError     **error);

/* Designing. A new scorecard (id 0, version 1, no sections, no pass
 * mark), or a deep copy of a loaded one (ids kept) to edit and save.
 * The array from pl_scorecard_get_sections() and each section's
 * criteria array are MUTABLE on such an unsaved or draft copy: add,
 * remove, reorder and change sections and criteria in place (new ones
 * with id 0). Do not edit a scorecard other code is scoring with. */
PlScorecard *pl_scorecard_new             (const char  *name);
PlScorecard *pl_scorecard_copy            (PlScorecard *self);
void         pl_scorecard_set_name        (PlScorecard *self,
                                           const char  *name);
/* NaN for none; otherwise 0 … 100 (checked when saved). */
void         pl_scorecard_set_pass_mark   (PlScorecard *self,
                                           double       pass_mark);

/* Checks what pl_scorecard_save() checks, in the designer's words. On
 * failure @out_section and @out_criterion (either may be NULL) say where:
 * the section index and the criterion index within it, -1 when the
 * problem is not in one (the name, the pass mark, all weights zero). */
gboolean     pl_scorecard_validate        (PlScorecard *self,
                                           int         *out_section,
                                           int         *out_criterion,
                                           GError     **error);
/* Whether the version is in use: frozen, or any observation or
 * calibration session refers to it. */
gboolean     pl_scorecard_is_used         (PlWorkspace *workspace,
                                           gint64       id,
                                           gboolean    *out_used,
                                           GError     **error);
/* Saves in one transaction and emits "changed::scorecards":
 *  - id 0: inserts version 1;
 *  - an unused version: rewrites it in place (criteria that are still
 *    there keep their ids);
 *  - a used (frozen) version: inserts version + 1 with parent_id the old
 *    id and new sections and criteria; the old version and its
 *    observations are untouched and frozen; KPIs that measured the old
 *    version measure the new one (recorded in the audit log). Only the
 *    latest version of a scorecard can be edited.
 * On success @self takes the saved id, version and ids of its sections
 * and criteria, and @out_id (may be NULL) the saved id. On failure
 * nothing is written. */
gboolean     pl_scorecard_save            (PlWorkspace *workspace,
                                           PlScorecard *self,
                                           gint64      *out_id,
                                           GError     **error);
/* Deletes an unused version; refuses a used one, saying why. */
gboolean     pl_scorecard_delete          (PlWorkspace *workspace,
                                           gint64       id,
                                           GError     **error);
/* PlScorecard items with sections loaded, by name then version; with
 * @latest_only, only the newest version of each scorecard. */
GListModel  *pl_scorecard_list            (PlWorkspace *workspace,
                                           gboolean     latest_only,
                                           GError     **error);
/* Every version of the scorecard @id belongs to, oldest first. */
GListModel  *pl_scorecard_list_versions   (PlWorkspace *workspace,
                                           gint64       id,
                                           GError     **error);
/* Observations (trashed ones included) that use version @id. */
gboolean     pl_scorecard_count_observations (PlWorkspace *workspace,
                                              gint64       id,
                                              gint64      *out_count,
                                              GError     **error);

/* THE SCORING RULE, applied identically everywhere (observation form,
 * stored observations, calibration, imports):
 *  - criterion points as pl_criterion_points(); N/A leaves both the
 *    numerator and the denominator;
 *  - section % = Σ (criterion weight × points) / Σ (criterion weight)
 *    over the section's answered criteria; a section with none answered
 *    does not count;
 *  - form score = 100 × Σ (section weight × section %) / Σ (weights of
 *    the sections that count);
 *  - a failed 'section' critical item (0 points) sets its section to 0%;
 *    a failed 'form' critical item sets the score to 0;
 *  - with a pass mark, the form passes when score >= pass mark and no
 *    form-level critical item failed. */
typedef struct {
  double   value;          /* as given; NaN for N/A */
  double   points;         /* 0 … 1; NaN for N/A */
  double   weight;
  gboolean na;
  gboolean failed_critical;
} PlCriterionScore;

typedef struct {
  double   percent;        /* 0 … 100 before any critical item; NaN if none answered */
  double   weight;
  gboolean counted;        /* some criterion answered */
  gboolean zeroed;         /* a section-level critical item failed */
} PlSectionScore;

typedef struct {
  double   score;          /* 0 … 100; NaN when nothing was answered */
  gboolean critical_failed;/* a form-level critical item failed */
  gboolean passed;         /* FALSE without a pass mark */
  guint    n_answered;
  guint    n_na;
  GArray  *sections;       /* PlSectionScore, one per section */
  GArray  *criteria;       /* PlCriterionScore, one per criterion, form order */
} PlScoreResult;

/* @values: one per criterion in form order, NaN for N/A. Fails (with the
 * criterion named) if a value does not fit its scale or N/A is given
 * where the criterion does not allow it. */
PlScoreResult *pl_scorecard_score          (PlScorecard         *self,
                                            const double        *values,
                                            guint                n_values,
                                            GError             **error);
void           pl_score_result_free        (PlScoreResult       *result);
/* "Explain this score": the breakdown in plain words, one line per
 * criterion and section, then what any critical item did. */
char          *pl_score_result_explain     (PlScorecard         *self,
                                            const PlScoreResult *result);
/* The rule above, translated, for the app to show. */
const char    *pl_scorecard_rule_text      (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlScoreResult, pl_score_result_free)

G_END_DECLS
