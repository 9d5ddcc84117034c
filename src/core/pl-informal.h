/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

/* Informal feedback from customers (401 AC 3.5): what people say on a
 * comment card, on social media, in an email, face to face or on the
 * phone, with how it reads (positive, neutral, negative) and, when it is
 * about one, the colleague or channel it concerns. */

typedef enum
{
  PL_INFORMAL_SOURCE_COMMENT_CARD,
  PL_INFORMAL_SOURCE_SOCIAL_MEDIA,
  PL_INFORMAL_SOURCE_EMAIL,
  PL_INFORMAL_SOURCE_FACE_TO_FACE,
  PL_INFORMAL_SOURCE_PHONE,
  PL_INFORMAL_SOURCE_OTHER,
} PlInformalSource;

#define PL_INFORMAL_N_SOURCES (PL_INFORMAL_SOURCE_OTHER + 1)

typedef enum
{
  PL_INFORMAL_SENTIMENT_POSITIVE,
  PL_INFORMAL_SENTIMENT_NEUTRAL,
  PL_INFORMAL_SENTIMENT_NEGATIVE,
} PlInformalSentiment;

#define PL_INFORMAL_N_SENTIMENTS (PL_INFORMAL_SENTIMENT_NEGATIVE + 1)

/* Which field a validation error is about. */
typedef enum
{
  PL_INFORMAL_FIELD_NONE,
  PL_INFORMAL_FIELD_RECEIVED_ON,
  PL_INFORMAL_FIELD_TEXT,
  PL_INFORMAL_FIELD_COLLEAGUE,
  PL_INFORMAL_FIELD_CHANNEL,
} PlInformalField;

/* Enum types whose nicks are the schema's text ("comment_card",
 * "positive"). */
#define PL_TYPE_INFORMAL_SOURCE    (pl_informal_source_get_type ())
#define PL_TYPE_INFORMAL_SENTIMENT (pl_informal_sentiment_get_type ())
GType        pl_informal_source_get_type       (void) G_GNUC_CONST;
GType        pl_informal_sentiment_get_type    (void) G_GNUC_CONST;

const char  *pl_informal_source_to_string      (PlInformalSource     source);
gboolean     pl_informal_source_from_string    (const char          *text,
                                                PlInformalSource    *out_source);
const char  *pl_informal_source_to_label       (PlInformalSource     source);     /* translated */
const char  *pl_informal_sentiment_to_string   (PlInformalSentiment  sentiment);
gboolean     pl_informal_sentiment_from_string (const char          *text,
                                                PlInformalSentiment *out_sentiment);
const char  *pl_informal_sentiment_to_label    (PlInformalSentiment  sentiment);  /* translated */

#define PL_TYPE_INFORMAL (pl_informal_get_type ())

G_DECLARE_FINAL_TYPE (PlInformal, pl_informal, PL, INFORMAL, GObject)

PlInformal          *pl_informal_new                (void);

gint64               pl_informal_get_id             (PlInformal          *self);
PlInformalSource     pl_informal_get_source         (PlInformal          *self);
void                 pl_informal_set_source         (PlInformal          *self,
                                                     PlInformalSource     source);
const char          *pl_informal_get_received_on    (PlInformal          *self);
void                 pl_informal_set_received_on    (PlInformal          *self,
                                                     const char          *received_on);
const char          *pl_informal_get_text           (PlInformal          *self);
void                 pl_informal_set_text           (PlInformal          *self,
                                                     const char          *text);
PlInformalSentiment  pl_informal_get_sentiment      (PlInformal          *self);   /* neutral for a new one */
void                 pl_informal_set_sentiment      (PlInformal          *self,
                                                     PlInformalSentiment  sentiment);
gint64               pl_informal_get_colleague_id   (PlInformal          *self);   /* 0: none */
void                 pl_informal_set_colleague_id   (PlInformal          *self,
                                                     gint64               colleague_id);
const char          *pl_informal_get_colleague_name (PlInformal          *self);   /* as loaded; "" */
gint64               pl_informal_get_channel_id     (PlInformal          *self);   /* 0: none */
void                 pl_informal_set_channel_id     (PlInformal          *self,
                                                     gint64               channel_id);
const char          *pl_informal_get_channel_name   (PlInformal          *self);   /* as loaded; "" */
gboolean             pl_informal_get_trashed        (PlInformal          *self);

/* A real day ("YYYY-MM-DD") not in the future, and some text. */
gboolean             pl_informal_validate           (PlInformal          *self,
                                                     PlInformalField     *out_field,
                                                     GError             **error);

/* Every filter is optional: -1, 0 and NULL mean "any". @search matches
 * the text, case aside. Dates compare with received_on, both ends
 * included. */
typedef struct
{
  int         source;         /* a PlInformalSource, or -1 */
  int         sentiment;      /* a PlInformalSentiment, or -1 */
  gint64      colleague_id;
  gint64      channel_id;
  const char *received_from;
  const char *received_to;
  const char *search;
} PlInformalFilter;

void                 pl_informal_filter_init        (PlInformalFilter *filter);

typedef struct
{
  gint64 total;
  gint64 by_source_sentiment[PL_INFORMAL_N_SOURCES][PL_INFORMAL_N_SENTIMENTS];
  gint64 by_source[PL_INFORMAL_N_SOURCES];
  gint64 by_sentiment[PL_INFORMAL_N_SENTIMENTS];
} PlInformalCounts;

/* Storage: each write is its own transaction with an audit entry and
 * emits PlWorkspace::changed::informal_feedback. */
GListModel          *pl_informal_list               (PlWorkspace            *workspace,  /* newest first */
                                                     const PlInformalFilter *filter,     /* nullable */
                                                     GError                **error);
gboolean             pl_informal_count              (PlWorkspace            *workspace,
                                                     const PlInformalFilter *filter,     /* nullable */
                                                     PlInformalCounts       *out_counts,
                                                     GError                **error);
PlInformal          *pl_informal_load               (PlWorkspace  *workspace,
                                                     gint64        id,
                                                     GError      **error);
gboolean             pl_informal_save               (PlInformal   *self,
                                                     PlWorkspace  *workspace,
                                                     GError      **error);
gboolean             pl_informal_trash              (PlInformal   *self,
                                                     PlWorkspace  *workspace,
                                                     GError      **error);
gboolean             pl_informal_restore            (PlInformal   *self,
                                                     PlWorkspace  *workspace,
                                                     GError      **error);

G_END_DECLS
