/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pl-workspace.h"

G_BEGIN_DECLS

typedef enum
{
  PL_QUESTION_CSAT,       /* 1-5 */
  PL_QUESTION_NPS,        /* 0-10 */
  PL_QUESTION_CES,        /* 1-7 */
  PL_QUESTION_LIKERT,     /* scale_min..scale_max */
  PL_QUESTION_YESNO,      /* 1 yes, 0 no */
  PL_QUESTION_SINGLE,
  PL_QUESTION_MULTIPLE,
  PL_QUESTION_TEXT,
} PlQuestionKind;

const char     *pl_question_kind_to_string   (PlQuestionKind kind);  /* the schema's text */
gboolean        pl_question_kind_from_string (const char    *text,
                                              PlQuestionKind *kind);
gboolean        pl_question_kind_get_range   (PlQuestionKind  kind,
                                              int             scale_min,
                                              int             scale_max,
                                              int            *min,
                                              int            *max);

#define PL_TYPE_QUESTION_KIND (pl_question_kind_get_type ())
GType           pl_question_kind_get_type    (void) G_GNUC_CONST;

#define PL_TYPE_QUESTION (pl_question_get_type ())

G_DECLARE_FINAL_TYPE (PlQuestion, pl_question, PL, QUESTION, GObject)

gint64          pl_question_get_id        (PlQuestion *self);
gint64          pl_question_get_survey_id (PlQuestion *self);
const char     *pl_question_get_code      (PlQuestion *self);
const char     *pl_question_get_text      (PlQuestion *self);
PlQuestionKind  pl_question_get_kind      (PlQuestion *self);
int             pl_question_get_scale_min (PlQuestion *self);
int             pl_question_get_scale_max (PlQuestion *self);
gboolean        pl_question_get_required  (PlQuestion *self);
gboolean        pl_question_is_rating     (PlQuestion *self);
gboolean        pl_question_check_value   (PlQuestion *self,
                                           double      value,
                                           GError    **error);
/* The lowest and highest answer a rating or yes/no question accepts. */
gboolean        pl_question_get_range     (PlQuestion *self,
                                           int        *min,
                                           int        *max);
/* What the numbers mean, for a form: "1 = very dissatisfied … 5 = very
 * satisfied". NULL for questions that are not ratings. */
char           *pl_question_dup_hint      (PlQuestion *self);
/* Reads what a person typed: digits for ratings, y/n/yes/no/1/0 for
 * yes/no. Empty text is "no answer" (returns TRUE, *has_value FALSE).
 * The value is checked as pl_question_check_value() does. */
gboolean        pl_question_parse_value   (PlQuestion *self,
                                           const char *text,
                                           gboolean   *has_value,
                                           double     *value,
                                           GError    **error);
/* An answer as a person reads it: "4", "yes". */
char           *pl_question_format_value  (PlQuestion *self,
                                           double      value);

/* The questions of a survey in order. */
GListModel     *pl_survey_list_questions  (PlWorkspace *workspace,
                                           gint64       survey_id,
                                           GError     **error);

#define PL_TYPE_RESPONSE (pl_response_get_type ())

G_DECLARE_FINAL_TYPE (PlResponse, pl_response, PL, RESPONSE, GObject)

PlResponse     *pl_response_new              (gint64       survey_id);
gint64          pl_response_get_id           (PlResponse  *self);
gint64          pl_response_get_survey_id    (PlResponse  *self);
const char     *pl_response_get_responded_on (PlResponse  *self);
void            pl_response_set_responded_on (PlResponse  *self,
                                              const char  *iso_date);
gint64          pl_response_get_channel_id   (PlResponse  *self);
void            pl_response_set_channel_id   (PlResponse  *self,
                                              gint64       channel_id);
gint64          pl_response_get_colleague_id (PlResponse  *self);
void            pl_response_set_colleague_id (PlResponse  *self,
                                              gint64       colleague_id);
const char     *pl_response_get_comment      (PlResponse  *self);
void            pl_response_set_comment      (PlResponse  *self,
                                              const char  *comment);
/* Rating and yes/no answers are numbers; a question without an answer is
 * simply not set. */
gboolean        pl_response_get_answer       (PlResponse  *self,
                                              gint64       question_id,
                                              double      *value);
void            pl_response_set_answer       (PlResponse  *self,
                                              gint64       question_id,
                                              double       value);
void            pl_response_clear_answer     (PlResponse  *self,
                                              gint64       question_id);
/* Display helpers filled when listed or loaded. */
const char     *pl_response_get_channel_name   (PlResponse *self);
const char     *pl_response_get_colleague_name (PlResponse *self);
char           *pl_response_dup_summary        (PlResponse *self);  /* "CSAT 4 · NPS 9 · CES 2" */
const char     *pl_response_get_created_at     (PlResponse *self);
const char     *pl_response_get_updated_at     (PlResponse *self);
const char     *pl_response_get_trashed_at     (PlResponse *self);  /* NULL unless trashed */
const char     *pl_response_get_source         (PlResponse *self);  /* "entry", "import", "demo" */
guint           pl_response_get_n_answers      (PlResponse *self);

/* Checks every answer against its question (range, required) and saves
 * the response with its answers in one transaction: insert when new,
 * update otherwise. Emits PlWorkspace::changed::responses. */
gboolean        pl_response_save             (PlResponse  *self,
                                              PlWorkspace *workspace,
                                              GError     **error);
PlResponse     *pl_response_load             (PlWorkspace *workspace,
                                              gint64       id,
                                              GError     **error);
gboolean        pl_response_trash            (PlWorkspace *workspace,
                                              gint64       id,
                                              GError     **error);
gboolean        pl_response_restore          (PlWorkspace *workspace,
                                              gint64       id,
                                              GError     **error);
/* The most recently entered responses of a survey, newest first, not
 * trashed. */
GListModel     *pl_response_list_recent      (PlWorkspace *workspace,
                                              gint64       survey_id,
                                              guint        limit,
                                              GError     **error);

G_END_DECLS
