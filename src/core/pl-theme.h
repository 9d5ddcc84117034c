/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pl-workspace.h"

G_BEGIN_DECLS

/* Qualitative analysis (403 AC 3.2, 401 AC 5.2): a codebook of themes,
 * the comments coded with them by hand or by keyword rules the user
 * controls, how often each theme comes up by period and channel, and the
 * quotes that show what lies behind a KPI's figures.
 *
 * A comment is a response's own comment (question id 0), a response's
 * answer to a free-text question (the question's id), a complaint's
 * description or an observation's comments. Excluded and trashed records
 * never appear: not in lists, frequencies, quotes or rule runs.
 *
 * Every write is its own transaction (a savepoint inside the caller's,
 * when one is open: the caller then commits and emits) with an audit
 * entry, and emits PlWorkspace::changed::themes, ::theme_rules or
 * ::comment_codes. */

/* Keyword rules
 *
 * A rule's pattern is one or more terms, and a comment matches when it
 * contains every term. A term is a word, or a phrase in double quotes
 * (“on hold”) whose words must come one after the other.
 *  - Words match whole words: “hold” matches “on hold” and “HOLD!”, not
 *    “holder” or “holds”. A word that ends with * matches every word that
 *    begins with it: “wait*” matches “wait”, “waited” and “waiting”. At
 *    least two letters must come before the *.
 *  - Case and accents never matter: both sides are case-folded
 *    (g_utf8_casefold), decomposed (NFKD) and stripped of combining
 *    marks, so “cafe” matches “Café” and “CAFÉ”, and “café” matches “cafe”.
 *  - A word is a run of letters and digits: punctuation, apostrophes and
 *    hyphens separate words, on both sides alike (“don't” is “don t”,
 *    “in-home” is “in home”, and the pattern “in-home” finds both).
 * Unquoted words need not be next to each other: “bill estimate*”
 * matches “my estimated bill”. */
gboolean     pl_theme_pattern_check   (const char  *pattern,
                                       GError     **error);
gboolean     pl_theme_pattern_matches (const char  *pattern,
                                       const char  *text);

/* Themes */

typedef enum
{
  PL_THEME_SENTIMENT_NONE,       /* not said: NULL in the schema */
  PL_THEME_SENTIMENT_POSITIVE,
  PL_THEME_SENTIMENT_NEGATIVE,
  PL_THEME_SENTIMENT_NEUTRAL,
} PlThemeSentiment;

#define PL_TYPE_THEME_SENTIMENT (pl_theme_sentiment_get_type ())
GType        pl_theme_sentiment_get_type (void) G_GNUC_CONST;
const char  *pl_theme_sentiment_to_label (PlThemeSentiment sentiment);   /* translated */

#define PL_TYPE_THEME (pl_theme_get_type ())

G_DECLARE_FINAL_TYPE (PlTheme, pl_theme, PL, THEME, GObject)

/* A theme as listed: read-only; change it with the functions below. */
gint64            pl_theme_get_id          (PlTheme *self);
gint64            pl_theme_get_parent_id   (PlTheme *self);   /* 0: top level */
const char       *pl_theme_get_name        (PlTheme *self);
const char       *pl_theme_get_description (PlTheme *self);   /* "" for none */
PlThemeSentiment  pl_theme_get_sentiment   (PlTheme *self);
int               pl_theme_get_position    (PlTheme *self);   /* among its siblings */
gboolean          pl_theme_get_archived    (PlTheme *self);   /* itself, not its parents */
guint             pl_theme_get_depth       (PlTheme *self);   /* 0 at the top level */
const char       *pl_theme_get_path        (PlTheme *self);   /* "Billing › Direct debit" */
guint             pl_theme_get_n_rules     (PlTheme *self);
/* Comments coded with this theme itself (not its sub-themes), excluded
 * and trashed records left out. */
gint64            pl_theme_get_n_comments  (PlTheme *self);

/* The codebook in tree order: each theme, then its sub-themes, siblings by
 * position; depth says how far to indent. Without @include_archived an
 * archived theme and everything under it are left out: a theme is in use
 * only when neither it nor any theme above it is archived. */
GListModel  *pl_theme_list        (PlWorkspace  *workspace,
                                   gboolean      include_archived,
                                   GError      **error);
PlTheme     *pl_theme_load        (PlWorkspace  *workspace,
                                   gint64        id,
                                   GError      **error);

/* Names are trimmed, required, at most 80 characters, and unique among
 * their siblings regardless of case and accents. A new or moved theme
 * goes last among its new siblings, and cannot go under an archived
 * theme. @parent_id 0 is the top level. */
PlTheme     *pl_theme_create      (PlWorkspace  *workspace,
                                   gint64        parent_id,
                                   const char   *name,
                                   const char   *description,
                                   GError      **error);
gboolean     pl_theme_rename      (PlWorkspace  *workspace,
                                   gint64        id,
                                   const char   *name,
                                   GError      **error);
gboolean     pl_theme_describe    (PlWorkspace  *workspace,
                                   gint64        id,
                                   const char   *description,
                                   PlThemeSentiment sentiment,
                                   GError      **error);
/* Not under itself nor under one of its own sub-themes. */
gboolean     pl_theme_move        (PlWorkspace  *workspace,
                                   gint64        id,
                                   gint64        parent_id,
                                   GError      **error);
/* Puts the theme at @index (from 0, clamped) among its siblings. */
gboolean     pl_theme_reorder     (PlWorkspace  *workspace,
                                   gint64        id,
                                   guint         index,
                                   GError      **error);
/* An archived theme (and all under it) leaves lists, frequencies, quotes
 * and rule runs; its codes and rules are kept for when it is restored. */
gboolean     pl_theme_archive     (PlWorkspace  *workspace,
                                   gint64        id,
                                   GError      **error);
gboolean     pl_theme_restore     (PlWorkspace  *workspace,
                                   gint64        id,
                                   GError      **error);

/* Adds the starter codebook to a workspace that has no themes yet (refused
 * otherwise, archived ones included): Waiting / on hold, Staff attitude,
 * Resolution, Price, Billing, App / website and Communication, each with
 * a few rules (“wait*”, “hold”, “queue*”; “price*”, “expensive”,
 * “increase*”…) the user can change. */
gboolean     pl_theme_create_starter_codebook (PlWorkspace  *workspace,
                                               GError      **error);

/* Rules */

#define PL_TYPE_THEME_RULE (pl_theme_rule_get_type ())

G_DECLARE_FINAL_TYPE (PlThemeRule, pl_theme_rule, PL, THEME_RULE, GObject)

gint64       pl_theme_rule_get_id       (PlThemeRule *self);
gint64       pl_theme_rule_get_theme_id (PlThemeRule *self);
const char  *pl_theme_rule_get_pattern  (PlThemeRule *self);

/* The pattern is checked with pl_theme_pattern_check() and must not
 * repeat one of the theme's rules (compared as matched). Returns the new
 * rule's id, 0 on error. */
gint64       pl_theme_rule_add    (PlWorkspace  *workspace,
                                   gint64        theme_id,
                                   const char   *pattern,
                                   GError      **error);
gboolean     pl_theme_rule_remove (PlWorkspace  *workspace,
                                   gint64        rule_id,
                                   GError      **error);
/* A theme's rules in the order they were added; @theme_id 0: every rule. */
GListModel  *pl_theme_rule_list   (PlWorkspace  *workspace,
                                   gint64        theme_id,
                                   GError      **error);

/* Comments */

typedef enum
{
  PL_COMMENT_ENTITY_RESPONSE,
  PL_COMMENT_ENTITY_COMPLAINT,
  PL_COMMENT_ENTITY_OBSERVATION,
  PL_COMMENT_ENTITY_INFORMAL,    /* informal feedback: a comment card, a post… */
} PlCommentEntity;

#define PL_TYPE_COMMENT_ENTITY (pl_comment_entity_get_type ())
GType        pl_comment_entity_get_type  (void) G_GNUC_CONST;
const char  *pl_comment_entity_to_string (PlCommentEntity entity);  /* "response", ... */

typedef enum
{
  PL_COMMENT_CODE_MANUAL,        /* given by hand, or a suggestion accepted */
  PL_COMMENT_CODE_RULE,          /* given by pl_theme_apply_rules() */
} PlCommentCodeOrigin;

typedef enum /*< flags >*/
{
  PL_COMMENT_SOURCE_RESPONSES    = 1 << 0,   /* survey comments and free-text answers */
  PL_COMMENT_SOURCE_COMPLAINTS   = 1 << 1,
  PL_COMMENT_SOURCE_OBSERVATIONS = 1 << 2,
  PL_COMMENT_SOURCE_INFORMAL     = 1 << 3,   /* informal feedback */
  PL_COMMENT_SOURCE_ALL          = 0xF,
} PlCommentSources;

/* Which comments. Strings belong to the caller. */
typedef struct
{
  const char       *from;          /* first day "YYYY-MM-DD", NULL: no limit */
  const char       *to;            /* last day, included; NULL: no limit */
  gint64            channel_id;    /* 0: every channel */
  PlCommentSources  sources;       /* 0: all */
  gint64            theme_id;      /* 0: any; else coded with it or a sub-theme */
  gboolean          uncoded_only;  /* no code with a theme in use */
  /* Every word of it must occur somewhere in the text, as a part of a
   * word or more, case and accents aside ("hol caf" finds "on hold at
   * the Café"). NULL or "": any text. */
  const char       *search;
} PlCommentFilter;

void         pl_comment_filter_init (PlCommentFilter *filter);

#define PL_TYPE_COMMENT (pl_comment_get_type ())

G_DECLARE_FINAL_TYPE (PlComment, pl_comment, PL, COMMENT, GObject)

PlCommentEntity pl_comment_get_entity       (PlComment *self);
gint64          pl_comment_get_entity_id    (PlComment *self);
gint64          pl_comment_get_question_id  (PlComment *self);   /* 0: not a text answer */
const char     *pl_comment_get_text         (PlComment *self);
const char     *pl_comment_get_day          (PlComment *self);   /* "YYYY-MM-DD" */
gint64          pl_comment_get_channel_id   (PlComment *self);   /* 0: none */
const char     *pl_comment_get_channel      (PlComment *self);   /* its name, "" for none */
gint64          pl_comment_get_colleague_id (PlComment *self);   /* 0: none, and in quotes */
const char     *pl_comment_get_colleague    (PlComment *self);   /* display name, "" */
/* Its codes, with themes in use only, by theme name; "themes" is the
 * names joined with ", " for display. */
guint           pl_comment_get_n_codes        (PlComment *self);
gint64          pl_comment_get_code_theme_id  (PlComment *self,
                                               guint      index);
const char     *pl_comment_get_code_theme     (PlComment *self,
                                               guint      index);
PlCommentCodeOrigin pl_comment_get_code_origin (PlComment *self,
                                               guint      index);
gboolean        pl_comment_has_theme          (PlComment *self,
                                               gint64     theme_id);
const char     *pl_comment_get_themes         (PlComment *self);

/* The comments the filter lets through, newest day first, from @offset,
 * at most @limit of them (0: all); @out_total: how many there are in all. */
GListModel  *pl_comment_list    (PlWorkspace            *workspace,
                                 const PlCommentFilter  *filter,
                                 guint                   offset,
                                 guint                   limit,
                                 guint                  *out_total,
                                 GError                **error);
PlComment   *pl_comment_load    (PlWorkspace            *workspace,
                                 PlCommentEntity         entity,
                                 gint64                  entity_id,
                                 gint64                  question_id,
                                 GError                **error);

/* Codes the comment by hand with a theme in use (a code a rule gave
 * becomes a manual one: the user has confirmed it), or removes a code,
 * whoever gave it. @self is updated. */
gboolean     pl_comment_code    (PlComment    *self,
                                 PlWorkspace  *workspace,
                                 gint64        theme_id,
                                 GError      **error);
gboolean     pl_comment_uncode  (PlComment    *self,
                                 PlWorkspace  *workspace,
                                 gint64        theme_id,
                                 GError      **error);

/* The themes in use whose rules match the comment and that it does not
 * have yet: per theme, the first of its rules that matches, as
 * #PlThemeRule, in codebook order. */
GListModel  *pl_comment_suggest (PlComment    *self,
                                 PlWorkspace  *workspace,
                                 GError      **error);

typedef struct
{
  guint examined;   /* uncoded comments the rules were tried on */
  guint coded;      /* of those, how many got at least one code */
  guint codes;      /* codes added (origin 'rule') */
} PlThemeApplyResult;

/* Codes every uncoded comment the filter lets through (its theme and
 * uncoded_only are ignored) with each theme in use that one of its rules
 * matches, in one transaction, recording origin 'rule'. Comments that
 * already have a code are left as the user made them. */
gboolean     pl_theme_apply_rules      (PlWorkspace            *workspace,
                                        const PlCommentFilter  *filter,
                                        PlThemeApplyResult     *result,
                                        GError                **error);
/* Removes the codes rules gave (manual ones stay), for one theme and its
 * sub-themes, or all (@theme_id 0): to run changed rules again. */
gboolean     pl_theme_clear_rule_codes (PlWorkspace  *workspace,
                                        gint64        theme_id,
                                        guint        *out_removed,
                                        GError      **error);

/* Analysis */

typedef enum
{
  PL_THEME_BREAKDOWN_NONE,       /* the whole filtered period */
  PL_THEME_BREAKDOWN_WEEK,       /* Monday weeks, as pl_kpi_compute() */
  PL_THEME_BREAKDOWN_MONTH,      /* calendar months, as pl_kpi_compute() */
  PL_THEME_BREAKDOWN_CHANNEL,
} PlThemeBreakdown;

/* How often a theme comes up in one period or channel.
 * n_coded counts the comments coded with the theme or any of its
 * sub-themes in use (rolled up: a comment coded with both a theme and one
 * of its sub-themes counts once). n_comments counts every comment in the
 * period or channel, coded or not, so share = 100 × n_coded / n_comments
 * is the percentage of all comments that raise the theme; shares of
 * different themes can add up to more than 100. */
typedef struct
{
  gint64 theme_id;
  char   period_start[11];   /* week or month breakdown, else "" */
  gint64 channel_id;         /* channel breakdown (0: no channel), else 0 */
  gint64 n_coded;
  gint64 n_comments;
  double share;              /* percent */
} PlThemeFrequency;

/* One row per theme in use (in codebook order) and per period or channel
 * that has comments (oldest period first, channels by id), zeros
 * included. Only the filter's days, channel and sources apply. */
GArray      *pl_theme_frequencies (PlWorkspace            *workspace,
                                   const PlCommentFilter  *filter,
                                   PlThemeBreakdown        breakdown,
                                   GError                **error);

/* Up to @n representative quotes for a theme in use (its sub-themes
 * included), among the comments the filter lets through, chosen the same
 * way every time:
 *  1. the comments no longer than the median length (in characters), so
 *     they read at a glance — all of them when these have fewer than @n
 *     different texts;
 *  2. split, newest first, into @n runs of consecutive days (runs of equal
 *     numbers of comments), so the quotes spread over the period;
 *  3. from each run the longest comment whose text (case and accents
 *     aside) is not quoted yet, the newest on a tie; if runs give fewer
 *     than @n, the newest texts not quoted yet.
 * Newest first, as #PlComment with day and channel, never a colleague
 * (nor the customer reference). */
GListModel  *pl_theme_quotes      (PlWorkspace            *workspace,
                                   gint64                  theme_id,
                                   const PlCommentFilter  *filter,
                                   guint                   n,
                                   GError                **error);

G_END_DECLS
