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

int             pl_question_get_position  (PlQuestion *self);
/* A single or multiple-choice question's choices as stored, one a line;
 * NULL for other kinds. */
const char     *pl_question_get_choices   (PlQuestion *self);
/* The choices trimmed, blank lines left out, in order. */
GStrv           pl_question_dup_choices   (PlQuestion *self);
/* What kind of question, for people: "Satisfaction (CSAT)". */
const char     *pl_question_kind_to_label (PlQuestionKind kind);
/* The kind with its scale: "CSAT 1–5", "Likert 1–7", "Single choice, 3 choices". */
char           *pl_question_dup_kind_summary (PlQuestion *self);
/* A multiple-choice answer as typed in a form: the numbers of the choices,
 * "1 3" or "1, 3". @stored gets the chosen choices one a line, as kept in
 * the workspace; empty text is no answer (@stored NULL, returns TRUE). */
gboolean        pl_question_parse_choices (PlQuestion  *self,
                                           const char  *text,
                                           char       **stored,
                                           GError     **error);
/* The other way: "1 3" for a stored answer (NULL when it names a choice
 * the question does not have). */
char           *pl_question_format_choices (PlQuestion *self,
                                            const char *stored);
PlQuestion     *pl_question_load          (PlWorkspace *workspace,
                                           gint64       question_id,
                                           GError     **error);
/* How many responses answer the question, trashed and excluded ones too. */
gboolean        pl_question_count_answers (PlWorkspace *workspace,
                                           gint64       question_id,
                                           gint64      *count,
                                           GError     **error);
/* The KPIs computed from the question (kpis.question_id), as PlItem:
 * id, code, name. */
GListModel     *pl_question_list_kpis     (PlWorkspace *workspace,
                                           gint64       question_id,
                                           GError     **error);

/* ---- Designing surveys ---------------------------------------------- */

#define PL_TYPE_SURVEY (pl_survey_get_type ())

G_DECLARE_FINAL_TYPE (PlSurvey, pl_survey, PL, SURVEY, GObject)

gint64          pl_survey_get_id           (PlSurvey *self);
const char     *pl_survey_get_name         (PlSurvey *self);
const char     *pl_survey_get_description  (PlSurvey *self);
gboolean        pl_survey_get_archived     (PlSurvey *self);
const char     *pl_survey_get_created_at   (PlSurvey *self);
guint           pl_survey_get_n_questions  (PlSurvey *self);
gint64          pl_survey_get_n_responses  (PlSurvey *self);  /* not trashed */

/* The surveys by name, archived ones last (only with @include_archived),
 * each with its question and response counts. */
GListModel     *pl_survey_list             (PlWorkspace *workspace,
                                            gboolean     include_archived,
                                            GError     **error);
PlSurvey       *pl_survey_load             (PlWorkspace *workspace,
                                            gint64       survey_id,
                                            GError     **error);
/* Each of these is one transaction with an audit entry and emits
 * PlWorkspace::changed::surveys. Names are required and unique among the
 * surveys not archived. Returns the new id, 0 on error. */
gint64          pl_survey_create           (PlWorkspace *workspace,
                                            const char  *name,
                                            const char  *description,
                                            GError     **error);
gboolean        pl_survey_update           (PlWorkspace *workspace,
                                            gint64       survey_id,
                                            const char  *name,
                                            const char  *description,
                                            GError     **error);
gboolean        pl_survey_set_archived     (PlWorkspace *workspace,
                                            gint64       survey_id,
                                            gboolean     archived,
                                            GError     **error);

/* A question as the designer gives it. @code NULL or empty: suggested from
 * the text. @scale_min/@scale_max: Likert only (the other ratings have
 * their fixed scale). @choices: one a line, single and multiple choice
 * only. */
typedef struct
{
  const char     *code;
  const char     *text;
  PlQuestionKind  kind;
  int             scale_min;
  int             scale_max;
  const char     *choices;
  gboolean        required;
} PlQuestionSpec;

/* Adds the question at the end of the survey. Returns its id, 0 on error. */
gint64          pl_survey_add_question     (PlWorkspace          *workspace,
                                            gint64                survey_id,
                                            const PlQuestionSpec *spec,
                                            GError              **error);
/* A question that already has answers keeps its kind, its scale and its
 * choices (more may be added after them); it can be reworded, recoded,
 * made optional or required. */
gboolean        pl_survey_update_question  (PlWorkspace          *workspace,
                                            gint64                question_id,
                                            const PlQuestionSpec *spec,
                                            GError              **error);
/* Refused when the question has answers or a KPI uses it. */
gboolean        pl_survey_remove_question  (PlWorkspace *workspace,
                                            gint64       question_id,
                                            GError     **error);
/* Moves the question @offset places (-1 up, 1 down); positions are
 * renumbered 1, 2, 3, ... Moving past either end is refused. */
gboolean        pl_survey_move_question    (PlWorkspace *workspace,
                                            gint64       question_id,
                                            int          offset,
                                            GError     **error);
/* A code for a new question, free in the survey: "csat" for the first CSAT
 * question, otherwise words of the text ("resolved_today"), numbered
 * when taken ("resolved_2"). @except_id: a question whose own code does
 * not count as taken (0 for none). */
char           *pl_survey_suggest_code     (PlWorkspace    *workspace,
                                            gint64          survey_id,
                                            const char     *text,
                                            PlQuestionKind  kind,
                                            gint64          except_id);

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
/* Free-text and multiple-choice answers (chosen choices one a line).
 * Setting NULL or blank text clears the answer when saved; a text answer
 * never set or loaded is left as it is in the workspace. */
const char     *pl_response_get_text_answer  (PlResponse  *self,
                                              gint64       question_id);
void            pl_response_set_text_answer  (PlResponse  *self,
                                              gint64       question_id,
                                              const char  *text);
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

/* ---- Browsing responses ----------------------------------------------- */

/* Which responses a PlResponseModel holds; 0 and NULL are "any". Dates
 * are ISO days, both ends included. Trashed responses are never listed. */
typedef struct
{
  gint64      survey_id;
  const char *from;
  const char *to;
  gint64      channel_id;
  gint64      colleague_id;
} PlResponseFilter;

#define PL_RESPONSE_MODEL_PAGE_SIZE 200

#define PL_TYPE_RESPONSE_MODEL (pl_response_model_get_type ())

/* A GListModel of PlResponse, newest first (by id), that never holds them
 * all: n_items is a COUNT, and items are read a page at a time by keyset
 * on id, a few pages kept. Call pl_response_model_reload() after the
 * responses change. */
G_DECLARE_FINAL_TYPE (PlResponseModel, pl_response_model, PL, RESPONSE_MODEL, GObject)

PlResponseModel *pl_response_model_new        (PlWorkspace            *workspace,
                                               const PlResponseFilter *filter,
                                               GError                **error);
/* Checks the filter (a real period, from before to), counts, and
 * replaces the items. Nothing changes when it fails. */
gboolean         pl_response_model_set_filter (PlResponseModel        *self,
                                               const PlResponseFilter *filter,
                                               GError                **error);
gboolean         pl_response_model_reload     (PlResponseModel        *self,
                                               GError                **error);
/* For tests: how many pages have been read from SQLite so far. */
guint            pl_response_model_get_pages_read (PlResponseModel    *self);

G_END_DECLS
