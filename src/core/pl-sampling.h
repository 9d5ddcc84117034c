/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pl-workspace.h"

G_BEGIN_DECLS

/* Sampling (DESIGN.md §2 Plan → Sampling, §6): how many to sample, how to
 * share them across strata, which records to draw, reproducibly, and the
 * monitoring list the draw makes. */

/* Sample size */

/* What the user chooses. Defaults (pl_sample_size_input_init): 95%
 * confidence, 5% margin of error, expected proportion 0.5. */
typedef struct
{
  gint64 population;          /* N, 1 or more */
  double confidence;          /* in (0, 1), e.g. 0.95 */
  double margin;              /* e, from 0.001 to 0.5 */
  double proportion;          /* p, in (0, 1) */
} PlSampleSizeInput;

typedef struct
{
  double z;                   /* the normal quantile for the confidence */
  double n0;                  /* z² p (1 − p) / e², for an unlimited population */
  double n;                   /* n0 / (1 + (n0 − 1) / N), before rounding */
  gint64 sample_size;         /* n rounded to nearest, never above N */
} PlSampleSize;

void     pl_sample_size_input_init  (PlSampleSizeInput       *input);

/* Cochran's formula with finite population correction; z from GSL. Bad
 * inputs give PL_ERROR_INVALID in plain words. */
gboolean pl_sample_size_compute     (const PlSampleSizeInput *input,
                                     PlSampleSize            *out,
                                     GError                 **error);

/* The same with z given (z² = 3.841 reproduces the χ² of published tables);
 * no validation: for checks against those tables. */
void     pl_sample_size_compute_z   (gint64                   population,
                                     double                   z,
                                     double                   margin,
                                     double                   proportion,
                                     PlSampleSize            *out);

/* Krejcie & Morgan (1970): s = χ² N P (1 − P) / (d² (N − 1) + χ² P (1 − P)),
 * rounded to nearest: the formula behind their published table. */
gint64   pl_sample_size_krejcie_morgan (gint64               population,
                                        double               chi_square,
                                        double               margin,
                                        double               proportion);

/* The formula and each input in plain words, translated, for the app's
 * "Why this sample size?". */
char    *pl_sample_size_explain     (const PlSampleSizeInput *input,
                                     const PlSampleSize      *result);

/* Allocation */

/* Shares @size across strata of sizes @population[0..n_strata-1] in
 * proportion to their sizes, by largest remainder (Hamilton), so that the
 * shares add up to @size exactly. Ties go to the larger stratum, then the
 * earlier one. Each stratum first gets min (@min_per_stratum, its size);
 * the rest is shared in proportion, never more than a stratum holds (what a
 * full stratum cannot take goes to the others). @out_sizes gets the shares.
 * PL_ERROR_INVALID if @size exceeds the total or the minimums do not fit. */
gboolean pl_sampling_allocate       (const gint64            *population,
                                     guint                    n_strata,
                                     gint64                   size,
                                     gint64                   min_per_stratum,
                                     gint64                  *out_sizes,
                                     GError                 **error);

/* Frames */

typedef enum
{
  PL_FRAME_INTERACTIONS,
  PL_FRAME_RESPONSES,         /* survey responses, less excluded and trashed */
  PL_FRAME_CUSTOMERS,         /* distinct customer references of interactions */
  PL_FRAME_POPULATION,        /* a size only: for the sample size, not a draw */
} PlFrameEntity;

typedef enum
{
  PL_STRATUM_CHANNEL,
  PL_STRATUM_TEAM,
  PL_STRATUM_COLLEAGUE,
  PL_STRATUM_WEEK,            /* the Monday of the record's week */
} PlStratumField;

#define PL_STRATUM_MAX_FIELDS 4

typedef enum
{
  PL_SAMPLE_SIMPLE,           /* simple random, without replacement */
  PL_SAMPLE_SYSTEMATIC,       /* every (N / n)th record from a random start */
  PL_SAMPLE_STRATIFIED,       /* proportional allocation, simple random within */
} PlSampleMethod;

typedef enum
{
  PL_SAMPLE_ITEM_PENDING,
  PL_SAMPLE_ITEM_MONITORED,
  PL_SAMPLE_ITEM_SKIPPED,
} PlSampleItemStatus;

/* Nicks are the schema's text: "interactions", "channel", "simple", "pending". */
#define PL_TYPE_FRAME_ENTITY      (pl_frame_entity_get_type ())
#define PL_TYPE_STRATUM_FIELD     (pl_stratum_field_get_type ())
#define PL_TYPE_SAMPLE_METHOD     (pl_sample_method_get_type ())
#define PL_TYPE_SAMPLE_ITEM_STATUS (pl_sample_item_status_get_type ())

GType       pl_frame_entity_get_type       (void) G_GNUC_CONST;
GType       pl_stratum_field_get_type      (void) G_GNUC_CONST;
GType       pl_sample_method_get_type      (void) G_GNUC_CONST;
GType       pl_sample_item_status_get_type (void) G_GNUC_CONST;

const char *pl_frame_entity_to_string      (PlFrameEntity       entity);
gboolean    pl_frame_entity_from_string    (const char         *text,
                                            PlFrameEntity      *out);
const char *pl_stratum_field_to_string     (PlStratumField      field);
gboolean    pl_stratum_field_from_string   (const char         *text,
                                            PlStratumField     *out);
const char *pl_sample_method_to_string     (PlSampleMethod      method);
gboolean    pl_sample_method_from_string   (const char         *text,
                                            PlSampleMethod     *out);
const char *pl_sample_item_status_to_string (PlSampleItemStatus status);

/* Which records a frame holds. Every part is optional: NULL dates leave
 * the period open, NULL id lists mean all. Dates are "YYYY-MM-DD", both
 * ends included. Stored as JSON {period_start, period_end, channel_ids,
 * team_ids, colleague_ids}. */
typedef struct
{
  char   *period_start;
  char   *period_end;
  GArray *channel_ids;        /* of gint64 */
  GArray *team_ids;
  GArray *colleague_ids;
} PlFrameFilter;

#define PL_TYPE_FRAME_FILTER (pl_frame_filter_get_type ())

GType          pl_frame_filter_get_type  (void) G_GNUC_CONST;
PlFrameFilter *pl_frame_filter_new       (void);
PlFrameFilter *pl_frame_filter_copy      (const PlFrameFilter *filter);
void           pl_frame_filter_free      (PlFrameFilter       *filter);
void           pl_frame_filter_add_id    (GArray             **ids,
                                          gint64               id);
char          *pl_frame_filter_to_json   (const PlFrameFilter *filter);
PlFrameFilter *pl_frame_filter_from_json (const char          *json,
                                          GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlFrameFilter, pl_frame_filter_free)

/* A named sampling frame (a row of sampling_frames). */
#define PL_TYPE_SAMPLING_FRAME (pl_sampling_frame_get_type ())

G_DECLARE_FINAL_TYPE (PlSamplingFrame, pl_sampling_frame, PL, SAMPLING_FRAME, GObject)

PlSamplingFrame     *pl_sampling_frame_new            (const char          *name,
                                                       PlFrameEntity        entity);
gint64               pl_sampling_frame_get_id         (PlSamplingFrame     *self);
const char          *pl_sampling_frame_get_name       (PlSamplingFrame     *self);
void                 pl_sampling_frame_set_name       (PlSamplingFrame     *self,
                                                       const char          *name);
PlFrameEntity        pl_sampling_frame_get_entity     (PlSamplingFrame     *self);
void                 pl_sampling_frame_set_entity     (PlSamplingFrame     *self,
                                                       PlFrameEntity        entity);
const PlFrameFilter *pl_sampling_frame_get_filter     (PlSamplingFrame     *self);
void                 pl_sampling_frame_set_filter     (PlSamplingFrame     *self,
                                                       const PlFrameFilter *filter);
/* Population frames only: the size given by the user (0 when not given). */
gint64               pl_sampling_frame_get_population (PlSamplingFrame     *self);
void                 pl_sampling_frame_set_population (PlSamplingFrame     *self,
                                                       gint64               population);
gint64               pl_sampling_frame_get_review_id  (PlSamplingFrame     *self);
void                 pl_sampling_frame_set_review_id  (PlSamplingFrame     *self,
                                                       gint64               review_id);

/* Inserts or updates the frame in its own transaction. */
gboolean             pl_sampling_frame_save           (PlSamplingFrame     *self,
                                                       PlWorkspace         *workspace,
                                                       GError             **error);
/* Every frame, by name. Returns: (transfer full): a list of #PlSamplingFrame */
GListModel          *pl_sampling_frame_list           (PlWorkspace         *workspace,
                                                       GError             **error);
/* PL_ERROR_NOT_FOUND names the frames that exist. */
PlSamplingFrame     *pl_sampling_frame_find           (PlWorkspace         *workspace,
                                                       const char          *name,
                                                       GError             **error);
gboolean             pl_sampling_frame_delete         (PlWorkspace         *workspace,
                                                       gint64               frame_id,
                                                       GError             **error);
/* How many records the frame holds ("8,451 calls in August"); @frame NULL
 * is the default frame, every interaction in the workspace. */
gboolean             pl_sampling_frame_count          (PlSamplingFrame     *frame,
                                                       PlWorkspace         *workspace,
                                                       gint64              *out_count,
                                                       GError             **error);

/* The monitoring list */

#define PL_TYPE_SAMPLE_ITEM (pl_sample_item_get_type ())

G_DECLARE_FINAL_TYPE (PlSampleItem, pl_sample_item, PL, SAMPLE_ITEM, GObject)

gint64              pl_sample_item_get_id             (PlSampleItem *self);
gint64              pl_sample_item_get_sample_id      (PlSampleItem *self);
gint64              pl_sample_item_get_position       (PlSampleItem *self);
gint64              pl_sample_item_get_interaction_id (PlSampleItem *self);
gint64              pl_sample_item_get_response_id    (PlSampleItem *self);
const char         *pl_sample_item_get_customer_ref   (PlSampleItem *self);
gint64              pl_sample_item_get_colleague_id   (PlSampleItem *self);
const char         *pl_sample_item_get_colleague_code (PlSampleItem *self);
const char         *pl_sample_item_get_colleague_name (PlSampleItem *self);
gint64              pl_sample_item_get_channel_id     (PlSampleItem *self);
const char         *pl_sample_item_get_channel_code   (PlSampleItem *self);
const char         *pl_sample_item_get_channel_name   (PlSampleItem *self);
const char         *pl_sample_item_get_occurred_on    (PlSampleItem *self);
const char         *pl_sample_item_get_stratum        (PlSampleItem *self);
PlSampleItemStatus  pl_sample_item_get_status         (PlSampleItem *self);
const char         *pl_sample_item_get_skip_reason    (PlSampleItem *self);
gint64              pl_sample_item_get_observation_id (PlSampleItem *self);
/* TRUE when no staff monitoring notice covers the colleague: none given on
 * or before the item's day (today if it has none), not trashed, for
 * everyone or for the colleague's team. */
gboolean            pl_sample_item_get_notice_missing (PlSampleItem *self);

/* Status changes, each its own transaction with an audit entry; the item's
 * properties follow. @observation_id may be 0. A skip needs a reason. */
gboolean            pl_sample_item_mark_monitored     (PlSampleItem *self,
                                                       PlWorkspace  *workspace,
                                                       gint64        observation_id,
                                                       GError      **error);
gboolean            pl_sample_item_skip               (PlSampleItem *self,
                                                       PlWorkspace  *workspace,
                                                       const char   *reason,
                                                       GError      **error);
gboolean            pl_sample_item_reset              (PlSampleItem *self,
                                                       PlWorkspace  *workspace,
                                                       GError      **error);

/* A sample's monitoring list in position order.
 * Returns: (transfer full): a list of #PlSampleItem */
GListModel         *pl_sample_list_items              (PlWorkspace  *workspace,
                                                       gint64        sample_id,
                                                       GError      **error);

/* Drawing */

typedef struct
{
  PlSampleMethod method;      /* STRATIFIED when n_strata > 0 */
  gint64         size;
  PlStratumField strata[PL_STRATUM_MAX_FIELDS];
  guint          n_strata;
  gint64         min_per_stratum;
  gboolean       has_seed;    /* FALSE: a seed is picked and recorded */
  guint32        seed;
  gint64         review_id;   /* 0: none */
  gboolean       has_size_inputs;  /* the size came from Cochran with these: */
  double         confidence;
  double         margin;
  double         proportion;
} PlDrawSettings;

void pl_draw_settings_init (PlDrawSettings *settings);

/* One stratum's share of a stratified draw. */
typedef struct
{
  char   *label;              /* "Telephone · Customer Care" */
  gint64  population;
  gint64  size;
} PlStratumAllocation;

/* A recorded draw. */
#define PL_TYPE_SAMPLE (pl_sample_get_type ())

G_DECLARE_FINAL_TYPE (PlSample, pl_sample, PL, SAMPLE, GObject)

gint64          pl_sample_get_id              (PlSample *self);
const char     *pl_sample_get_frame_name      (PlSample *self);
PlSampleMethod  pl_sample_get_method          (PlSample *self);
/* The stratum fields, in the order given. */
const PlStratumField *pl_sample_get_strata    (PlSample *self,
                                               guint    *n_strata);
guint32         pl_sample_get_seed            (PlSample *self);
gint64          pl_sample_get_population      (PlSample *self);
gint64          pl_sample_get_size            (PlSample *self);
const char     *pl_sample_get_drawn_at        (PlSample *self);
/* Stratified draws: one #PlStratumAllocation per stratum, in stratum order
 * (empty otherwise). */
GArray         *pl_sample_get_allocation      (PlSample *self);
/* Returns: (transfer none) (nullable): the monitoring list, a list of
 * #PlSampleItem; %NULL for a sample from pl_sample_list() */
GListModel     *pl_sample_get_items           (PlSample *self);
/* The review whose plan the sample serves, 0 for none. */
gint64          pl_sample_get_review_id       (PlSample *self);

/* Makes the sample part of a review's plan (@review_id 0: of none); the
 * review must exist and not be in the trash. Emits changed::samples. */
gboolean        pl_sample_assign_review       (PlWorkspace  *workspace,
                                               gint64        sample_id,
                                               gint64        review_id,
                                               GError      **error);

/* Colleagues on the monitoring lists of the review's samples (items not
 * skipped) that no staff notice covers, as #PlItem: id the colleague's,
 * code, name, detail "3 items on the monitoring list"; by name. */
GListModel     *pl_sample_list_unnoticed_colleagues (PlWorkspace  *workspace,
                                                     gint64        review_id,
                                                     GError      **error);

/* The samples drawn in a workspace, newest first, at most @limit (0: all),
 * without their monitoring lists. */
GListModel     *pl_sample_list                (PlWorkspace  *workspace,
                                               guint         limit,
                                               GError      **error);
/* A recorded sample with its monitoring list and, for a stratified draw,
 * its allocation as recorded at the draw. */
PlSample       *pl_sample_load                (PlWorkspace  *workspace,
                                               gint64        sample_id,
                                               GError      **error);

/* Draws a sample from @frame (NULL: every interaction in the workspace)
 * and records it with its monitoring list in one transaction, then emits
 * "changed::samples".
 *
 * The algorithm, so that the same frame, size and seed give the same
 * sample on any machine: the frame's records are put in id order (customer
 * reference order for customers) and a GRand (Mersenne Twister) is seeded
 * with the seed. Simple: a partial Fisher–Yates shuffle, position i swapped
 * with i + g_rand_int_range (0, N − i), for i < n. Systematic: r =
 * g_rand_int_range (0, N) and record i is floor ((r + i N) / n), that is an
 * interval of N / n from the start r / n, exact in integers. Stratified:
 * strata ordered by their fields' ids (weeks by date), sizes by
 * pl_sampling_allocate(), then the partial Fisher–Yates within each stratum
 * in turn with the one generator. The monitoring list is in frame order. */
PlSample       *pl_sample_draw                (PlWorkspace          *workspace,
                                               PlSamplingFrame      *frame,
                                               const PlDrawSettings *settings,
                                               GError              **error);

G_END_DECLS
