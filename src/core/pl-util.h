/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dates are stored as ISO 8601 text: "YYYY-MM-DD" for days and
 * "YYYY-MM-DDTHH:MM:SSZ" (UTC) for moments. */

gboolean pl_date_parse_iso   (const char  *text,
                              GDate       *out);
char    *pl_date_to_iso      (const GDate *date);
gint64   pl_date_to_days     (const GDate *date);
void     pl_date_from_days   (gint64       days,
                              GDate       *out);
char    *pl_date_week_start  (const char  *iso_date);
char    *pl_date_month_start (const char  *iso_date);
char    *pl_date_format_short (const char *iso_date);
char    *pl_now_iso8601      (void);
char    *pl_today_iso        (void);

gboolean pl_str_replace      (char              **field,
                              const char         *value);
char    *pl_str_stripped     (const char         *text);
char    *pl_date_parse_day   (const char         *text);

int      pl_names_index      (const char * const *names,
                              guint               n_names,
                              const char         *text);

/* A response's answers are stored as one JSON object from question id to
 * number or text: {"12":4,"13":"Quick and friendly"}. These build it. */
void     pl_answers_json_begin  (GString     *json);
void     pl_answers_json_number (GString     *json,
                                 gint64       question_id,
                                 double       value);
void     pl_answers_json_text   (GString     *json,
                                 gint64       question_id,
                                 const char  *text);
gboolean pl_answers_json_end    (GString     *json);

typedef enum {
  PL_ANSWER_NULL,               /* left blank */
  PL_ANSWER_NUMBER,
  PL_ANSWER_TEXT,
  PL_ANSWER_OTHER,              /* true, false, an array or an object */
} PlAnswerType;

typedef struct {
  gint64        question_id;
  PlAnswerType  type;
  double        number;         /* PL_ANSWER_NUMBER */
  const char   *text;           /* PL_ANSWER_TEXT: in the caller's string chunk */
} PlAnswerValue;

gboolean pl_answers_json_parse  (const char   *json,
                                 GArray       *answers,
                                 GStringChunk *texts);

G_END_DECLS
