/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pl-util.h"

gboolean
pl_date_parse_iso (const char *text,
                   GDate      *out)
{
  unsigned int y, m, d;
  char tail;

  g_return_val_if_fail (out != NULL, FALSE);

  g_date_clear (out, 1);
  if (text == NULL)
    return FALSE;

  /* Accept a bare date, or the date part of a timestamp. */
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) < 3)
    return FALSE;
  if (strlen (text) > 10 && text[10] != 'T' && text[10] != ' ')
    return FALSE;
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

char *
pl_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date),
                          g_date_get_month (date),
                          g_date_get_day (date));
}

/* Days since 1970-01-01, the x axis of every chart. */
gint64
pl_date_to_days (const GDate *date)
{
  GDate epoch;

  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  return (gint64) g_date_get_julian (date) - (gint64) g_date_get_julian (&epoch);
}

void
pl_date_from_days (gint64  days,
                   GDate  *out)
{
  GDate epoch;

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  g_date_clear (out, 1);
  g_date_set_julian (out, (guint32) (g_date_get_julian (&epoch) + days));
}

/* Weeks run Monday to Sunday (ISO 8601). */
char *
pl_date_week_start (const char *iso_date)
{
  GDate date;

  if (!pl_date_parse_iso (iso_date, &date))
    return NULL;

  g_date_subtract_days (&date, g_date_get_weekday (&date) - G_DATE_MONDAY);
  return pl_date_to_iso (&date);
}

char *
pl_date_month_start (const char *iso_date)
{
  GDate date;

  if (!pl_date_parse_iso (iso_date, &date))
    return NULL;

  g_date_set_day (&date, 1);
  return pl_date_to_iso (&date);
}

/* "3 Aug 2026", in the user's locale. */
char *
pl_date_format_short (const char *iso_date)
{
  GDate date;
  char buf[64];

  if (!pl_date_parse_iso (iso_date, &date))
    return g_strdup (iso_date != NULL ? iso_date : "");

  if (g_date_strftime (buf, sizeof buf, "%-d %b %Y", &date) == 0)
    return pl_date_to_iso (&date);

  return g_strdup (buf);
}

char *
pl_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

char *
pl_today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * pl_str_replace:
 * @field: a string a GObject owns
 * @value: (nullable): the new value; %NULL is ""
 *
 * Returns: whether @field changed (so a property should be notified)
 */
gboolean
pl_str_replace (char       **field,
                const char  *value)
{
  if (value == NULL)
    value = "";

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/**
 * pl_str_stripped:
 *
 * Returns: (transfer full): @text without surrounding white space; "" for %NULL
 */
char *
pl_str_stripped (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/**
 * pl_date_parse_day:
 *
 * Returns: (transfer full) (nullable): @text as a day, when it is written
 *   exactly "YYYY-MM-DD" (surrounding spaces aside) and is a real day
 */
char *
pl_date_parse_day (const char *text)
{
  g_autofree char *day = pl_str_stripped (text);
  GDate date;

  if (strlen (day) != 10 || !pl_date_parse_iso (day, &date))
    return NULL;

  return pl_date_to_iso (&date);
}

/**
 * pl_names_index:
 * @names: the names of an enumeration's values, in order
 * @text: (nullable): a name
 *
 * Returns: the position of @text in @names, or -1
 */
int
pl_names_index (const char * const *names,
                guint               n_names,
                const char         *text)
{
  if (text == NULL)
    return -1;

  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], text) == 0)
      return (int) i;

  return -1;
}

/* Answers as JSON */

/**
 * pl_answers_json_begin:
 * @json: the string to build in; emptied
 *
 * Starts a response's answers object. Add each answer with
 * pl_answers_json_number() or pl_answers_json_text(), then close it with
 * pl_answers_json_end().
 */
void
pl_answers_json_begin (GString *json)
{
  g_string_assign (json, "{");
}

/* Without printf: a million imported responses spend a second in it. */
static void
append_int (GString *json,
            gint64   value)
{
  char digits[24];
  guint n = 0;
  guint64 rest = value < 0 ? -(guint64) value : (guint64) value;

  do
    {
      digits[n++] = (char) ('0' + rest % 10);
      rest /= 10;
    }
  while (rest > 0);

  if (value < 0)
    g_string_append_c (json, '-');
  while (n > 0)
    g_string_append_c (json, digits[--n]);
}

static void
append_key (GString *json,
            gint64   question_id)
{
  if (json->len > 1)
    g_string_append_c (json, ',');
  g_string_append_c (json, '"');
  append_int (json, question_id);
  g_string_append (json, "\":");
}

/**
 * pl_answers_json_number:
 *
 * Adds a numeric answer; NaN and infinities are no answer.
 */
void
pl_answers_json_number (GString *json,
                        gint64   question_id,
                        double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return;

  append_key (json, question_id);
  if (value == floor (value) && fabs (value) < 1e15)
    append_int (json, (gint64) value);
  else
    g_string_append (json, g_ascii_dtostr (buf, sizeof buf, value));
}

/**
 * pl_answers_json_text:
 *
 * Adds a text answer, escaped as JSON wants; %NULL is no answer.
 */
void
pl_answers_json_text (GString    *json,
                      gint64      question_id,
                      const char *text)
{
  if (text == NULL)
    return;

  append_key (json, question_id);
  g_string_append_c (json, '"');
  for (const unsigned char *p = (const unsigned char *) text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (json, "\\\"");
          break;
        case '\\':
          g_string_append (json, "\\\\");
          break;
        case '\n':
          g_string_append (json, "\\n");
          break;
        case '\r':
          g_string_append (json, "\\r");
          break;
        case '\t':
          g_string_append (json, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (json, "\\u%04x", *p);
          else
            g_string_append_c (json, (char) *p);
        }
    }
  g_string_append_c (json, '"');
}

/**
 * pl_answers_json_end:
 *
 * Closes the object.
 *
 * Returns: whether it holds any answer: store NULL when it does not
 */
gboolean
pl_answers_json_end (GString *json)
{
  gboolean any = json->len > 1;

  g_string_append_c (json, '}');
  return any;
}

/* Reading answers back */

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

static gboolean
read_hex4 (const char *p,
           gunichar   *out)
{
  gunichar value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (p[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }

  *out = value;
  return TRUE;
}

/* A JSON string at @p (on its opening quote) into @out, unescaped.
 * Returns: the character after the closing quote, or NULL */
static const char *
read_string (const char *p,
             GString    *out)
{
  g_string_truncate (out, 0);
  p++;

  while (*p != '"')
    {
      if (*p == '\0')
        return NULL;

      if (*p != '\\')
        {
          g_string_append_c (out, *p++);
          continue;
        }

      p++;
      switch (*p)
        {
        case '"': case '\\': case '/':
          g_string_append_c (out, *p);
          break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            gunichar c, low;

            if (!read_hex4 (p + 1, &c))
              return NULL;
            p += 4;
            if (c >= 0xD800 && c < 0xDC00 && p[1] == '\\' && p[2] == 'u' &&
                read_hex4 (p + 3, &low) && low >= 0xDC00 && low < 0xE000)
              {
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                p += 6;
              }
            if (!g_unichar_validate (c))
              c = 0xFFFD;
            g_string_append_unichar (out, c);
          }
          break;
        default:
          return NULL;
        }
      p++;
    }

  return p + 1;
}

/* Skips an array or object at @p, minding strings.
 * Returns: the character after it, or NULL */
static const char *
skip_nested (const char *p)
{
  int depth = 0;

  do
    {
      if (*p == '\0')
        return NULL;
      if (*p == '"')
        {
          for (p++; *p != '"'; p++)
            {
              if (*p == '\0')
                return NULL;
              if (*p == '\\' && p[1] != '\0')
                p++;
            }
        }
      else if (*p == '[' || *p == '{')
        depth++;
      else if (*p == ']' || *p == '}')
        depth--;
      p++;
    }
  while (depth > 0);

  return p;
}

/**
 * pl_answers_json_parse:
 * @json: (nullable): a response's answers, as stored
 * @answers: (element-type PlAnswerValue): where the answers go, appended
 * @texts: holds the text of text answers
 *
 * Reads what pl_answers_json_begin() and friends (or SQLite's JSON
 * functions) wrote. Members whose key is not a question id are skipped.
 *
 * Returns: %FALSE when @json is not a JSON object; what could be read
 *   before the fault is in @answers
 */
gboolean
pl_answers_json_parse (const char   *json,
                       GArray       *answers,
                       GStringChunk *texts)
{
  g_autoptr(GString) key = NULL;
  g_autoptr(GString) text = NULL;
  const char *p;

  g_return_val_if_fail (answers != NULL, FALSE);
  g_return_val_if_fail (texts != NULL, FALSE);

  if (json == NULL)
    return TRUE;

  key = g_string_sized_new (16);
  text = g_string_sized_new (64);
  p = skip_space (json);
  if (*p++ != '{')
    return FALSE;

  p = skip_space (p);
  if (*p == '}')
    return *skip_space (p + 1) == '\0';

  for (;;)
    {
      PlAnswerValue value = { 0 };
      char *end = NULL;
      gboolean is_id;

      if (*p != '"' || (p = read_string (p, key)) == NULL)
        return FALSE;
      value.question_id = g_ascii_strtoll (key->str, &end, 10);
      is_id = key->len > 0 && end != NULL && *end == '\0' && value.question_id > 0;

      p = skip_space (p);
      if (*p++ != ':')
        return FALSE;
      p = skip_space (p);

      if (*p == '"')
        {
          if ((p = read_string (p, text)) == NULL)
            return FALSE;
          value.type = PL_ANSWER_TEXT;
          value.text = g_string_chunk_insert_len (texts, text->str, (gssize) text->len);
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          value.type = PL_ANSWER_NUMBER;
          value.number = g_ascii_strtod (p, &end);
          if (end == p)
            return FALSE;
          p = end;
        }
      else if (strncmp (p, "null", 4) == 0)
        {
          value.type = PL_ANSWER_NULL;
          p += 4;
        }
      else if (strncmp (p, "true", 4) == 0 || strncmp (p, "false", 5) == 0)
        {
          value.type = PL_ANSWER_OTHER;
          p += *p == 't' ? 4 : 5;
        }
      else if (*p == '[' || *p == '{')
        {
          value.type = PL_ANSWER_OTHER;
          if ((p = skip_nested (p)) == NULL)
            return FALSE;
        }
      else
        {
          return FALSE;
        }

      if (is_id)
        g_array_append_val (answers, value);

      p = skip_space (p);
      if (*p == '}')
        return *skip_space (p + 1) == '\0';
      if (*p++ != ',')
        return FALSE;
      p = skip_space (p);
    }
}
