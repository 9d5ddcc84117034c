/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <csv.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pl-csv.h"
#include "pl-error.h"

/* The file is read in chunks of this size: memory does not grow with it.
 * (The fuzzer builds with tiny chunks and samples to reach every edge.) */
#ifndef PL_CSV_CHUNK_SIZE
#define PL_CSV_CHUNK_SIZE (64 * 1024)
#endif
#define CHUNK_SIZE        PL_CSV_CHUNK_SIZE
/* The sniffer looks at most at this much of the start of the file... */
#ifndef PL_CSV_SNIFF_BYTES
#define PL_CSV_SNIFF_BYTES (256 * 1024)
#endif
#define SNIFF_BYTES       PL_CSV_SNIFF_BYTES
/* ...and at most at this many records. */
#define SNIFF_RECORDS     1000
/* No export writes a single value this long: past it the file is damaged
 * (typically a stray quote that swallows the rest of the file). */
#define MAX_FIELD_BYTES   (16 * 1024 * 1024)
#define MAX_RECORD_BYTES  (64 * 1024 * 1024)
/* The widest sheet a spreadsheet program can save. */
#define MAX_FIELDS        16384
#define MAX_HEADER_ROWS   3
#define EXAMPLE_CHARS     60

/* libcsv's parser states (libcsv.c keeps the names to itself). */
#define CSV_STATE_ROW_NOT_BEGUN   0
#define CSV_STATE_FIELD_BEGUN     2
#define CSV_STATE_FIELD_MAY_END   3

static const char * const default_missing_tokens[] = {
  "", "NA", "N/A", "n/a", "-", "NULL", NULL
};

/* Bytes 0x80–0x9F that Windows-1252 leaves undefined. */
static const guint8 cp1252_undefined[] = { 0x81, 0x8D, 0x8F, 0x90, 0x9D };

/* Where the bytes come from: a file, or memory (previews, the fuzzer). */
typedef struct
{
  GFile  *file;
  GBytes *bytes;
} Source;

typedef enum
{
  PROBLEM_NONE,
  PROBLEM_FIELD_TOO_LONG,
  PROBLEM_RECORD_TOO_LONG,
  PROBLEM_TOO_MANY_FIELDS,
} RecordProblem;

struct _PlCsvReader
{
  PlCsvDialect       dialect;
  GInputStream      *stream;
  GCancellable      *cancellable;
  guint64            size;
  guint64            read_bytes;
  guint64            limit;           /* the sniffer reads only a sample */
  gboolean           raw_eof;
  gboolean           truncated;       /* stopped at the limit, before the end of the file */

  GIConv             conv;            /* (GIConv) -1 when the file is UTF-8 */
  guint8            *raw;             /* read, not yet decoded */
  gsize              raw_len;
  gsize              raw_size;
  char              *text;            /* decoded to UTF-8, not yet parsed */
  gsize              text_len;
  gsize              text_pos;
  gsize              text_size;
  gboolean           text_final;      /* no more text will come */
  gboolean           bom_checked;
  gboolean           bad_bytes;       /* decoding stopped at bytes that are not text */

  struct csv_parser  parser;
  gboolean           parser_done;
  guint64            line;            /* the line being parsed, from 1 */
  guint64            record_line;     /* where the current record starts */
  guint64            field_line;      /* where the current field starts */

  GString           *record;          /* the record's fields, each followed by a NUL */
  GArray            *offsets;         /* of gsize: where each field starts in record */
  GPtrArray         *fields;          /* pointers into record */
  gboolean           record_done;
  RecordProblem      problem;
  guint64            problem_line;
  gboolean           partial;         /* the record was cut off by the limit */

  GPtrArray         *headers;
  gboolean           pending;         /* the first record was read early: hand it out next */
  GError            *failure;         /* once reading failed, it keeps failing the same way */
};

/* Dialect and sniff results */

void
pl_csv_dialect_clear (PlCsvDialect *dialect)
{
  g_return_if_fail (dialect != NULL);

  g_clear_pointer (&dialect->encoding, g_free);
}

void
pl_csv_dialect_copy (const PlCsvDialect *src,
                     PlCsvDialect       *dest)
{
  g_return_if_fail (src != NULL);
  g_return_if_fail (dest != NULL);

  *dest = *src;
  dest->encoding = g_strdup (src->encoding);
}

static void
column_free (PlCsvColumn *column)
{
  g_free (column->name);
  g_free (column->example);
  g_free (column);
}

void
pl_csv_sniff_free (PlCsvSniff *sniff)
{
  if (sniff == NULL)
    return;

  pl_csv_dialect_clear (&sniff->dialect);
  g_clear_pointer (&sniff->columns, g_ptr_array_unref);
  g_clear_pointer (&sniff->notes, g_ptr_array_unref);
  g_free (sniff);
}

const char * const *
pl_csv_default_missing_tokens (void)
{
  return default_missing_tokens;
}

gboolean
pl_csv_is_missing (const char         *value,
                   const char * const *missing_tokens)
{
  const char *end;
  gsize len;

  if (value == NULL)
    return TRUE;
  if (missing_tokens == NULL)
    missing_tokens = default_missing_tokens;

  /* Most cells start with a letter or digit no token starts with (the
   * cell is compared without its spaces, so "" only matches a blank). */
  if (*value != '\0' && !g_ascii_isspace (*value))
    {
      gboolean maybe = FALSE;

      for (guint i = 0; missing_tokens[i] != NULL && !maybe; i++)
        maybe = missing_tokens[i][0] == *value;
      if (!maybe)
        return FALSE;
    }

  while (g_ascii_isspace (*value))
    value++;
  end = value + strlen (value);
  while (end > value && g_ascii_isspace (end[-1]))
    end--;
  len = end - value;

  for (guint i = 0; missing_tokens[i] != NULL; i++)
    {
      if (strlen (missing_tokens[i]) == len && strncmp (value, missing_tokens[i], len) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Numbers */

/* Reads digits with optional thousands separators. Returns the number of
 * characters consumed, 0 when the grouping is wrong ("1,23,4"). */
static gsize
scan_grouped_digits (const char *s,
                     char        group,
                     gboolean    spaces_group,
                     GString    *digits)
{
  const char *p = s;
  gsize first = 0;
  gboolean grouped = FALSE;

  while (g_ascii_isdigit (*p))
    g_string_append_c (digits, *p++), first++;

  for (;;)
    {
      gsize sep_len = 0;

      if (*p == group)
        sep_len = 1;
      else if (spaces_group && *p == ' ')
        sep_len = 1;
      else if (spaces_group && (guchar) p[0] == 0xC2 && (guchar) p[1] == 0xA0)
        sep_len = 2;  /* no-break space */
      else if (spaces_group && (guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0xAF)
        sep_len = 3;  /* narrow no-break space */

      if (sep_len == 0)
        break;
      if (!(g_ascii_isdigit (p[sep_len]) && g_ascii_isdigit (p[sep_len + 1]) &&
            g_ascii_isdigit (p[sep_len + 2]) && !g_ascii_isdigit (p[sep_len + 3])))
        {
          /* A trailing space is not a separator; anything else is wrong. */
          if (*p == ' ')
            break;
          return 0;
        }
      g_string_append_len (digits, p + sep_len, 3);
      p += sep_len + 3;
      grouped = TRUE;
    }

  if (grouped && (first == 0 || first > 3))
    return 0;

  return p - s;
}

static gboolean
number_parse (const char *text,
              gboolean    decimal_comma,
              double     *out,
              gboolean   *integral)
{
  g_autoptr(GString) buf = NULL;
  const char *p = text;
  char point = decimal_comma ? ',' : '.';
  char group = decimal_comma ? '.' : ',';
  gboolean has_int, has_fraction = FALSE, has_exponent = FALSE;
  gsize n;
  char *end;
  double value;

  if (text == NULL)
    return FALSE;

  /* Whole numbers of a few digits, as ratings are written: no copy. */
  {
    guint digits = 0, whole = 0;

    while (digits < 9 && g_ascii_isdigit (text[digits]))
      whole = whole * 10 + (guint) (text[digits++] - '0');
    if (digits > 0 && text[digits] == '\0')
      {
        if (out != NULL)
          *out = whole;
        if (integral != NULL)
          *integral = TRUE;
        return TRUE;
      }
  }

  buf = g_string_sized_new (32);
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '+' || *p == '-')
    {
      if (*p == '-')
        g_string_append_c (buf, '-');
      p++;
    }

  n = scan_grouped_digits (p, group, decimal_comma, buf);
  if (n == 0 && g_ascii_isdigit (*p))
    return FALSE;
  has_int = n > 0;
  p += n;

  if (*p == point && g_ascii_isdigit (p[1]))
    {
      g_string_append_c (buf, '.');
      for (p++; g_ascii_isdigit (*p); p++)
        g_string_append_c (buf, *p);
      has_fraction = TRUE;
    }

  if (!has_int && !has_fraction)
    return FALSE;

  if ((*p == 'e' || *p == 'E') &&
      (g_ascii_isdigit (p[1]) || ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit (p[2]))))
    {
      g_string_append_c (buf, 'e');
      p++;
      if (*p == '+' || *p == '-')
        g_string_append_c (buf, *p++);
      for (; g_ascii_isdigit (*p); p++)
        g_string_append_c (buf, *p);
      has_exponent = TRUE;
    }

  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0' || buf->len > 400)
    return FALSE;

  value = g_ascii_strtod (buf->str, &end);
  if (*end != '\0' || !isfinite (value))
    return FALSE;

  if (out != NULL)
    *out = value;
  if (integral != NULL)
    *integral = !has_fraction && !has_exponent;
  return TRUE;
}

gboolean
pl_csv_parse_number (const char *text,
                     gboolean    decimal_comma,
                     double     *out)
{
  return number_parse (text, decimal_comma, out, NULL);
}

/* Dates */

typedef enum
{
  DATE_FORM_YEAR_FIRST,   /* 2026-03-18, 2020/3/18 */
  DATE_FORM_YEAR_LAST,    /* 18/03/2026 or 03/18/2026 */
} DateForm;

typedef struct
{
  DateForm form;
  guint    year;
  guint    first;         /* month (year first), or day or month */
  guint    second;
  gboolean has_time;
  guint    hour, minute, second_of_minute;
  gboolean has_zone;
  int      zone_seconds;
} DateParts;

static gsize
scan_uint (const char *s,
           gsize       max_digits,
           guint      *out)
{
  gsize n = 0;
  guint value = 0;

  while (n < max_digits && g_ascii_isdigit (s[n]))
    value = value * 10 + (s[n++] - '0');
  if (g_ascii_isdigit (s[n]))
    return 0;
  *out = value;
  return n;
}

static gboolean
scan_zone (const char **pp,
           DateParts   *parts)
{
  const char *p = *pp;
  guint hours = 0, minutes = 0;
  gsize n;
  int sign;

  if (*p == 'Z' || *p == 'z')
    {
      parts->has_zone = TRUE;
      *pp = p + 1;
      return TRUE;
    }
  if (g_ascii_strncasecmp (p, "UTC", 3) == 0 || g_ascii_strncasecmp (p, "GMT", 3) == 0)
    {
      parts->has_zone = TRUE;
      *pp = p + 3;
      return TRUE;
    }
  if (*p != '+' && *p != '-')
    return FALSE;

  sign = *p == '-' ? -1 : 1;
  p++;
  n = scan_uint (p, 4, &hours);
  if (n == 4)
    {
      minutes = hours % 100;
      hours /= 100;
    }
  else if (n == 1 || n == 2)
    {
      p += n;
      n = 0;
      if (*p == ':')
        {
          if (scan_uint (p + 1, 2, &minutes) != 2)
            return FALSE;
          p += 3;
        }
    }
  else
    return FALSE;
  p += n;

  if (hours > 14 || minutes > 59)
    return FALSE;

  parts->has_zone = TRUE;
  parts->zone_seconds = sign * (int) (hours * 3600 + minutes * 60);
  *pp = p;
  return TRUE;
}

static gboolean
scan_time (const char **pp,
           DateParts   *parts)
{
  const char *p = *pp;
  guint hour, minute, second = 0;
  gsize n;

  n = scan_uint (p, 2, &hour);
  if (n == 0 || p[n] != ':')
    return FALSE;
  p += n + 1;
  if (scan_uint (p, 2, &minute) != 2)
    return FALSE;
  p += 2;
  if (*p == ':')
    {
      if (scan_uint (p + 1, 2, &second) != 2)
        return FALSE;
      p += 3;
      /* Fractions of a second are dropped. */
      if ((*p == '.' || *p == ',') && g_ascii_isdigit (p[1]))
        for (p++; g_ascii_isdigit (*p); p++)
          ;
    }

  {
    const char *q = p;

    while (*q == ' ')
      q++;
    if ((g_ascii_tolower (q[0]) == 'a' || g_ascii_tolower (q[0]) == 'p') &&
        g_ascii_tolower (q[1]) == 'm' && !g_ascii_isalpha (q[2]))
      {
        if (hour < 1 || hour > 12)
          return FALSE;
        hour %= 12;
        if (g_ascii_tolower (q[0]) == 'p')
          hour += 12;
        p = q + 2;
      }
  }

  if (hour > 23 || minute > 59 || second > 60)
    return FALSE;

  parts->has_time = TRUE;
  parts->hour = hour;
  parts->minute = minute;
  parts->second_of_minute = MIN (second, 59);

  {
    const char *q = p;

    while (*q == ' ')
      q++;
    if (*q != '\0' && scan_zone (&q, parts))
      p = q;
  }

  *pp = p;
  return TRUE;
}

static gboolean
date_parts_scan (const char *text,
                 DateParts  *parts)
{
  const char *p = text;
  guint a, b, c;
  gsize n;
  char sep;

  memset (parts, 0, sizeof *parts);
  if (text == NULL)
    return FALSE;

  while (g_ascii_isspace (*p))
    p++;

  n = scan_uint (p, 4, &a);
  if (n == 0)
    return FALSE;
  sep = p[n];
  if (sep != '-' && sep != '/' && sep != '.')
    return FALSE;
  p += n + 1;

  if (n == 4)
    {
      parts->form = DATE_FORM_YEAR_FIRST;
      parts->year = a;
      n = scan_uint (p, 2, &b);
      if (n == 0 || p[n] != sep)
        return FALSE;
      p += n + 1;
      n = scan_uint (p, 2, &c);
      if (n == 0)
        return FALSE;
      p += n;
      parts->first = b;
      parts->second = c;
    }
  else if (n <= 2)
    {
      parts->form = DATE_FORM_YEAR_LAST;
      parts->first = a;
      n = scan_uint (p, 2, &b);
      if (n == 0 || p[n] != sep)
        return FALSE;
      p += n + 1;
      parts->second = b;
      n = scan_uint (p, 4, &c);
      if (n == 4)
        parts->year = c;
      else if (n == 2)
        parts->year = c < 70 ? 2000 + c : 1900 + c;  /* as spreadsheets read "18/03/26" */
      else
        return FALSE;
      p += n;
    }
  else
    return FALSE;

  if (parts->year < 1000 || parts->first == 0 || parts->second == 0)
    return FALSE;

  if (*p == 'T' || *p == ' ')
    {
      const char *q = p + 1;

      while (*p == ' ' && *q == ' ')
        q++;
      if (!scan_time (&q, parts))
        {
          while (g_ascii_isspace (*p))
            p++;
          return *p == '\0' ? TRUE : FALSE;
        }
      p = q;
    }

  while (g_ascii_isspace (*p))
    p++;
  return *p == '\0';
}

/* Puts day and month in place for @order. For an unknown order, only
 * dates that cannot be misread are accepted (18/03, or 03/03). */
static gboolean
date_parts_resolve (const DateParts *parts,
                    PlDateOrder      order,
                    guint           *day,
                    guint           *month)
{
  guint a = parts->first, b = parts->second;

  if (parts->form == DATE_FORM_YEAR_FIRST)
    {
      *month = a;
      *day = b;
    }
  else if (order == PL_DATE_ORDER_DMY)
    {
      *day = a;
      *month = b;
    }
  else if (order == PL_DATE_ORDER_MDY)
    {
      *month = a;
      *day = b;
    }
  else if (a == b || (a > 12 && b <= 12))
    {
      *day = a;
      *month = b;
    }
  else if (b > 12 && a <= 12)
    {
      *month = a;
      *day = b;
    }
  else
    return FALSE;

  return *month >= 1 && *month <= 12 && g_date_valid_dmy (*day, *month, parts->year);
}

static char *
date_parts_moment (const DateParts *parts,
                   guint            day,
                   guint            month)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;

  /* A time without a zone is the time where the export was made: ours. */
  if (parts->has_zone)
    tz = g_time_zone_new_offset (parts->zone_seconds);
  else
    tz = g_time_zone_new_local ();
  if (tz == NULL)
    return NULL;

  local = g_date_time_new (tz, parts->year, month, day,
                           parts->hour, parts->minute, parts->second_of_minute);
  if (local == NULL)
    return NULL;
  utc = g_date_time_to_utc (local);
  if (utc == NULL)
    return NULL;

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
pl_csv_parse_date (const char   *text,
                   PlDateOrder   order,
                   char        **out_iso_date,
                   char        **out_iso_moment)
{
  DateParts parts;
  guint day, month;
  g_autofree char *moment = NULL;

  if (out_iso_date != NULL)
    *out_iso_date = NULL;
  if (out_iso_moment != NULL)
    *out_iso_moment = NULL;

  if (!date_parts_scan (text, &parts) || !date_parts_resolve (&parts, order, &day, &month))
    return FALSE;

  if (parts.has_time)
    {
      moment = date_parts_moment (&parts, day, month);
      if (moment == NULL)
        return FALSE;
    }

  if (out_iso_date != NULL)
    *out_iso_date = g_strdup_printf ("%04u-%02u-%02u", parts.year, month, day);
  if (out_iso_moment != NULL)
    *out_iso_moment = g_steal_pointer (&moment);
  return TRUE;
}

/* Errors */

static char *
line_text (guint64 line)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, line);
}

static void
set_empty_error (GError **error)
{
  g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID, _("The file is empty."));
}

static void
set_not_text_error (GError **error)
{
  g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                       _("This is not a text file: it holds binary data, not rows of values. "
                         "If it is a spreadsheet, save it as CSV first."));
}

static void
set_bad_bytes_error (GError     **error,
                     guint64      line,
                     const char  *encoding)
{
  g_autofree char *where = line_text (line);

  g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
               _("Line %s has bytes that are not text in %s; choose another encoding."),
               where, encoding);
}

static void
set_unclosed_quote_error (GError  **error,
                          guint64   line)
{
  g_autofree char *where = line_text (line);

  g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
               _("A quoted value that starts on line %s is never closed: a closing quotation "
                 "mark is missing, so the rest of the file would be read as one value."),
               where);
}

static void
set_problem_error (GError        **error,
                   RecordProblem   problem,
                   guint64         line)
{
  g_autofree char *where = line_text (line);

  switch (problem)
    {
    case PROBLEM_FIELD_TOO_LONG:
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("A value on line %s is longer than 16 MB, more than any export writes: "
                     "the file is damaged or a quotation mark is out of place."),
                   where);
      break;

    case PROBLEM_RECORD_TOO_LONG:
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The row that starts on line %s is longer than 64 MB, more than any "
                     "export writes: the file is damaged or a quotation mark is out of place."),
                   where);
      break;

    case PROBLEM_TOO_MANY_FIELDS:
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The row that starts on line %s has more than 16,384 values, more than a "
                     "spreadsheet can hold: check the delimiter."),
                   where);
      break;

    case PROBLEM_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* Opening the bytes */

static GInputStream *
source_open (const Source  *source,
             guint64       *size,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  if (source->bytes != NULL)
    {
      *size = g_bytes_get_size (source->bytes);
      return g_memory_input_stream_new_from_bytes (source->bytes);
    }

  stream = g_file_read (source->file, cancellable, &local_error);
  if (stream != NULL)
    info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                           cancellable, &local_error);
  if (info == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (source->file);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_set_error (error, PL_ERROR, PL_ERROR_IO,
                   _("Could not open “%s”: %s"), name, local_error->message);
      return NULL;
    }

  *size = (guint64) g_file_info_get_size (info);
  return G_INPUT_STREAM (g_steal_pointer (&stream));
}

static gboolean
encoding_is_utf8 (const char *encoding)
{
  return g_ascii_strcasecmp (encoding, "UTF-8") == 0 || g_ascii_strcasecmp (encoding, "UTF8") == 0;
}

/* The reader */

static int
never_space_cb (unsigned char c)
{
  /* Spaces belong to the values, as RFC 4180 says: "4 " stays "4 ". */
  return 0;
}

static void
field_cb (void   *data,
          size_t  len,
          void   *user_data)
{
  PlCsvReader *self = user_data;
  gsize offset = self->record->len;

  if (self->problem != PROBLEM_NONE)
    return;

  if (len > MAX_FIELD_BYTES)
    {
      self->problem = PROBLEM_FIELD_TOO_LONG;
      self->problem_line = self->field_line;
      return;
    }
  if (self->offsets->len >= MAX_FIELDS)
    {
      self->problem = PROBLEM_TOO_MANY_FIELDS;
      self->problem_line = self->record_line;
      return;
    }
  if (offset + len + 1 > MAX_RECORD_BYTES)
    {
      self->problem = PROBLEM_RECORD_TOO_LONG;
      self->problem_line = self->record_line;
      return;
    }

  g_array_append_val (self->offsets, offset);
  /* This runs for every value of the file: one resize, one copy. */
  g_string_set_size (self->record, offset + len + 1);
  if (len > 0)
    memcpy (self->record->str + offset, data, len);
  self->record->str[offset + len] = '\0';
}

static void
record_cb (int   c,
           void *user_data)
{
  PlCsvReader *self = user_data;

  self->record_done = TRUE;
}

static gboolean
parser_in_quote (const struct csv_parser *parser)
{
  return parser->pstate == CSV_STATE_FIELD_BEGUN && parser->quoted;
}

static void
text_reserve (PlCsvReader *self,
              gsize        extra)
{
  if (self->text_len + extra <= self->text_size)
    return;

  self->text_size = self->text_len + extra;
  self->text = g_realloc (self->text, self->text_size);
}

/* At the end of the input an incomplete character is fine only when the
 * sample stopped in its middle. */
static void
reader_incomplete_at_end (PlCsvReader *self)
{
  if (!self->truncated)
    self->bad_bytes = TRUE;
  self->raw_len = 0;
}

static void
reader_decode_utf8 (PlCsvReader *self)
{
  const char *raw = (const char *) self->raw;
  const char *end;
  gsize valid, rest;

  g_utf8_validate_len (raw, self->raw_len, &end);
  valid = end - raw;
  rest = self->raw_len - valid;

  text_reserve (self, valid);
  memcpy (self->text + self->text_len, raw, valid);
  self->text_len += valid;

  if (rest > 0)
    {
      gboolean incomplete = rest < 4 && *end != '\0' &&
                            g_utf8_get_char_validated (end, rest) == (gunichar) -2;

      if (!incomplete)
        {
          self->bad_bytes = TRUE;
          rest = 0;
        }
      else if (self->raw_eof)
        {
          reader_incomplete_at_end (self);
          rest = 0;
        }
    }

  memmove (self->raw, self->raw + valid, rest);
  self->raw_len = rest;
}

static void
reader_decode_iconv (PlCsvReader *self)
{
  gchar *in = (gchar *) self->raw;
  gsize in_left = self->raw_len;
  gchar *out, *start;
  gsize out_left, produced, result;
  const char *valid_end;
  int saved_errno;

  /* A byte of an 8-bit encoding becomes at most 3 bytes of UTF-8, and so
   * do 2 bytes of UTF-16. */
  text_reserve (self, self->raw_len * 3 + 8);
  start = out = self->text + self->text_len;
  out_left = self->text_size - self->text_len;

  result = g_iconv (self->conv, &in, &in_left, &out, &out_left);
  saved_errno = errno;
  produced = out - start;

  /* NUL is no character of a CSV file, and no valid UTF-8 in a C string. */
  if (!g_utf8_validate_len (start, produced, &valid_end))
    {
      produced = valid_end - start;
      self->bad_bytes = TRUE;
    }
  self->text_len += produced;

  if (self->bad_bytes)
    {
      self->raw_len = 0;
      return;
    }

  if (result == (gsize) -1)
    {
      if (saved_errno == EILSEQ)
        {
          self->bad_bytes = TRUE;
          self->raw_len = 0;
          return;
        }
      if (saved_errno == EINVAL && self->raw_eof)
        {
          reader_incomplete_at_end (self);
          return;
        }
      if (saved_errno != EINVAL && saved_errno != E2BIG)
        {
          self->bad_bytes = TRUE;
          self->raw_len = 0;
          return;
        }
    }

  memmove (self->raw, in, in_left);
  self->raw_len = in_left;
}

/* Reads and decodes the next chunk. FALSE at the end of the input (error
 * unset) or on an error. */
static gboolean
reader_fill (PlCsvReader  *self,
             GError      **error)
{
  gsize got = 0;

  if (self->bad_bytes)
    return FALSE;

  if (self->text_pos > 0)
    {
      memmove (self->text, self->text + self->text_pos, self->text_len - self->text_pos);
      self->text_len -= self->text_pos;
      self->text_pos = 0;
    }

  if (!self->raw_eof)
    {
      gsize want = self->raw_size - self->raw_len;

      if (self->limit - self->read_bytes < want)
        want = self->limit - self->read_bytes;

      if (want > 0)
        {
          g_autoptr(GError) local_error = NULL;
          gssize n = g_input_stream_read (self->stream, self->raw + self->raw_len, want,
                                          self->cancellable, &local_error);

          if (n < 0)
            {
              if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                g_propagate_error (error, g_steal_pointer (&local_error));
              else
                g_set_error (error, PL_ERROR, PL_ERROR_IO,
                             _("Could not read the file: %s"), local_error->message);
              return FALSE;
            }
          got = n;
          self->raw_len += got;
          self->read_bytes += got;
        }

      if (got == 0)
        {
          self->raw_eof = TRUE;
          self->truncated = self->read_bytes < self->size;
        }
    }

  if (self->raw_len == 0)
    return got > 0;

  if (self->conv == (GIConv) -1)
    reader_decode_utf8 (self);
  else
    reader_decode_iconv (self);

  /* The byte order mark says how the file is written; it is no text. */
  if (!self->bom_checked && self->text_len > 0)
    {
      self->bom_checked = TRUE;
      if (self->text_len >= 3 && memcmp (self->text, "\xEF\xBB\xBF", 3) == 0)
        {
          memmove (self->text, self->text + 3, self->text_len - 3);
          self->text_len -= 3;
        }
    }

  return TRUE;
}

/* Feeds the parser one piece of text that holds at most one line end, at
 * its end: that is how records and fields learn their line numbers. */
static gboolean
reader_parse (PlCsvReader  *self,
              const char   *s,
              gsize         len,
              gboolean      line_end,
              GError      **error)
{
  struct csv_parser *parser = &self->parser;
  guint n_fields = self->offsets->len;
  gboolean in_field = parser->pstate == CSV_STATE_FIELD_BEGUN ||
                      parser->pstate == CSV_STATE_FIELD_MAY_END;

  if (parser->pstate == CSV_STATE_ROW_NOT_BEGUN)
    self->record_line = self->line;

  /* libcsv grows a value's buffer by blk_size at a time: make that
   * geometric, so a 10 MB value costs a few dozen reallocations. */
  if (parser->entry_size / 2 > parser->blk_size)
    csv_set_blk_size (parser, parser->entry_size / 2);

  if (csv_parse (parser, s, len, field_cb, record_cb, self) != len)
    {
      g_autofree char *where = line_text (self->line);

      g_set_error (error, PL_ERROR, PL_ERROR_IO,
                   _("There is not enough memory to read line %s."), where);
      return FALSE;
    }
  self->text_pos += len;

  if ((parser->pstate == CSV_STATE_FIELD_BEGUN || parser->pstate == CSV_STATE_FIELD_MAY_END) &&
      (!in_field || self->offsets->len != n_fields))
    self->field_line = self->line;

  if (line_end)
    self->line++;

  if (self->problem == PROBLEM_NONE && parser->entry_pos > MAX_FIELD_BYTES)
    {
      self->problem = PROBLEM_FIELD_TOO_LONG;
      self->problem_line = self->field_line;
    }
  if (self->problem != PROBLEM_NONE)
    {
      set_problem_error (error, self->problem, self->problem_line);
      return FALSE;
    }

  return TRUE;
}

static gboolean
reader_finish (PlCsvReader  *self,
               GError      **error)
{
  if (self->bad_bytes)
    {
      set_bad_bytes_error (error, self->line, self->dialect.encoding);
      return FALSE;
    }
  if (parser_in_quote (&self->parser) && !self->truncated)
    {
      set_unclosed_quote_error (error, self->field_line);
      return FALSE;
    }

  csv_fini (&self->parser, field_cb, record_cb, self);
  self->parser_done = TRUE;

  if (self->problem != PROBLEM_NONE)
    {
      set_problem_error (error, self->problem, self->problem_line);
      return FALSE;
    }

  self->partial = self->record_done && self->truncated;
  return self->record_done;
}

/* Reads the next record into self->fields. FALSE at the end of the file
 * (error unset) or on an error. */
static gboolean
reader_read_record (PlCsvReader  *self,
                    GError      **error)
{
  g_string_truncate (self->record, 0);
  g_array_set_size (self->offsets, 0);
  g_ptr_array_set_size (self->fields, 0);
  self->record_done = FALSE;
  self->partial = FALSE;

  if (self->parser_done || self->problem != PROBLEM_NONE)
    return FALSE;

  while (!self->record_done)
    {
      const char *s = self->text + self->text_pos;
      gsize n = self->text_len - self->text_pos;
      gsize segment = n;
      gboolean line_end = FALSE;

      if (n > 0)
        {
          const char *lf = memchr (s, '\n', n);
          const char *cr = memchr (s, '\r', lf != NULL ? (gsize) (lf - s) : n);

          if (cr != NULL)
            {
              gsize i = cr - s;

              if (i + 1 < n)
                {
                  segment = i + (s[i + 1] == '\n' ? 2 : 1);
                  line_end = TRUE;
                }
              else if (self->text_final)
                {
                  segment = i + 1;
                  line_end = TRUE;
                }
              else
                segment = i;  /* is the next byte, not read yet, an LF? */
            }
          else if (lf != NULL)
            {
              segment = (lf - s) + 1;
              line_end = TRUE;
            }
        }

      if (segment > 0)
        {
          if (!reader_parse (self, s, segment, line_end, error))
            return FALSE;
          continue;
        }

      if (!self->text_final)
        {
          g_autoptr(GError) local_error = NULL;

          if (reader_fill (self, &local_error))
            continue;
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          self->text_final = TRUE;
          continue;
        }

      if (!reader_finish (self, error))
        return FALSE;
    }

  for (guint i = 0; i < self->offsets->len; i++)
    g_ptr_array_add (self->fields, self->record->str + g_array_index (self->offsets, gsize, i));

  return TRUE;
}

static GStrv
reader_dup_fields (PlCsvReader *self)
{
  GStrv strv = g_new0 (char *, self->fields->len + 1);

  for (guint i = 0; i < self->fields->len; i++)
    strv[i] = g_strdup (g_ptr_array_index (self->fields, i));

  return strv;
}

void
pl_csv_reader_free (PlCsvReader *reader)
{
  if (reader == NULL)
    return;

  pl_csv_dialect_clear (&reader->dialect);
  g_clear_object (&reader->stream);
  g_clear_object (&reader->cancellable);
  if (reader->conv != (GIConv) -1)
    g_iconv_close (reader->conv);
  g_free (reader->raw);
  g_free (reader->text);
  csv_free (&reader->parser);
  if (reader->record != NULL)
    g_string_free (reader->record, TRUE);
  g_clear_pointer (&reader->offsets, g_array_unref);
  g_clear_pointer (&reader->fields, g_ptr_array_unref);
  g_clear_pointer (&reader->headers, g_ptr_array_unref);
  g_clear_error (&reader->failure);
  g_free (reader);
}

static PlCsvReader *
reader_open (const Source        *source,
             const PlCsvDialect  *dialect,
             guint64              limit,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(PlCsvReader) self = g_new0 (PlCsvReader, 1);

  pl_csv_dialect_copy (dialect, &self->dialect);
  self->conv = (GIConv) -1;
  self->limit = limit;
  self->line = self->record_line = self->field_line = 1;
  self->record = g_string_sized_new (1024);
  self->offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->fields = g_ptr_array_new ();
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  csv_init (&self->parser, 0);
  csv_set_delim (&self->parser, (unsigned char) dialect->delimiter);
  csv_set_quote (&self->parser, '"');
  csv_set_space_func (&self->parser, never_space_cb);
  csv_set_blk_size (&self->parser, 1024);

  if (!encoding_is_utf8 (dialect->encoding))
    {
      self->conv = g_iconv_open ("UTF-8", dialect->encoding);
      if (self->conv == (GIConv) -1)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("Plumbline cannot read text written in the encoding “%s”."),
                       dialect->encoding);
          return NULL;
        }
    }

  self->stream = source_open (source, &self->size, cancellable, error);
  if (self->stream == NULL)
    return NULL;

  /* Small files get small buffers (the sniffer opens a file five times);
   * a file that grows while it is read is still read whole, in smaller
   * chunks. Pipes and special files report no size. */
  if (self->size == 0)
    self->raw_size = CHUNK_SIZE;
  else
    self->raw_size = MAX (MIN ((guint64) CHUNK_SIZE, MIN (self->size, limit) + 8), 8);
  self->raw = g_malloc (self->raw_size);
  self->text_size = self->raw_size * 3 + 64;
  self->text = g_malloc (self->text_size);

  return g_steal_pointer (&self);
}

static char *
collapse_spaces (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* One name per column from the header rows: "Top / Sub", empty parts
 * skipped; unnamed columns are "Column N" (not translated: presets find
 * columns by name whatever the language). Names are made unique, since
 * mappings refer to columns by name. */
static GPtrArray *
header_names (GPtrArray *rows,
              guint      n_columns)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint j = 0; j < n_columns; j++)
    {
      g_autoptr(GString) name = g_string_new (NULL);
      g_autofree char *previous = NULL;

      for (guint r = 0; r < rows->len; r++)
        {
          GStrv row = g_ptr_array_index (rows, r);
          g_autofree char *part = NULL;
          gsize len;

          if (j >= g_strv_length (row))
            continue;
          part = collapse_spaces (row[j]);
          len = strlen (part);
          /* Qualtrics' third row: {"ImportId":"QID1"}, for machines only. */
          if (len == 0 || (part[0] == '{' && part[len - 1] == '}'))
            continue;
          if (previous != NULL && g_str_equal (previous, part))
            continue;
          if (name->len > 0)
            g_string_append (name, " / ");
          g_string_append (name, part);
          g_free (previous);
          previous = g_steal_pointer (&part);
        }

      if (name->len == 0)
        g_string_printf (name, "Column %u", j + 1);

      if (g_hash_table_contains (seen, name->str))
        {
          g_autofree char *base = g_strdup (name->str);

          for (guint k = 2; g_hash_table_contains (seen, name->str); k++)
            g_string_printf (name, "%s (%u)", base, k);
        }

      g_ptr_array_add (names, g_string_free (g_steal_pointer (&name), FALSE));
      g_hash_table_add (seen, g_ptr_array_index (names, names->len - 1));
    }

  return names;
}

static gboolean
reader_read_headers (PlCsvReader  *self,
                     GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint header_rows = MIN (self->dialect.header_rows, MAX_HEADER_ROWS);
  guint n_columns = 0;

  for (guint i = 0; i < header_rows; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!reader_read_record (self, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
      g_ptr_array_add (rows, reader_dup_fields (self));
      n_columns = MAX (n_columns, self->fields->len);
    }

  if (header_rows == 0)
    {
      g_autoptr(GError) local_error = NULL;

      if (reader_read_record (self, &local_error))
        {
          self->pending = TRUE;
          n_columns = self->fields->len;
        }
      else if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (rows->len == 0 && !self->pending)
    {
      set_empty_error (error);
      return FALSE;
    }

  self->headers = header_names (rows, n_columns);
  return TRUE;
}

static PlCsvReader *
reader_new_for_source (const Source        *source,
                       const PlCsvDialect  *dialect,
                       GError             **error)
{
  g_autoptr(PlCsvReader) reader = reader_open (source, dialect, G_MAXUINT64, NULL, error);

  if (reader == NULL || !reader_read_headers (reader, error))
    return NULL;

  return g_steal_pointer (&reader);
}

PlCsvReader *
pl_csv_reader_new (const char          *path,
                   const PlCsvDialect  *dialect,
                   GError             **error)
{
  g_autoptr(GFile) file = NULL;
  Source source = { 0 };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (dialect != NULL && dialect->encoding != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  source.file = file;
  return reader_new_for_source (&source, dialect, error);
}

PlCsvReader *
pl_csv_reader_new_for_bytes (GBytes              *bytes,
                             const PlCsvDialect  *dialect,
                             GError             **error)
{
  Source source = { 0 };

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (dialect != NULL && dialect->encoding != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  source.bytes = bytes;
  return reader_new_for_source (&source, dialect, error);
}

GPtrArray *
pl_csv_reader_get_headers (PlCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);

  return reader->headers;
}

gboolean
pl_csv_reader_next (PlCsvReader  *reader,
                    GPtrArray   **fields,
                    guint64      *line,
                    GError      **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (reader->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (reader->failure));
      return FALSE;
    }

  if (reader->pending)
    reader->pending = FALSE;
  else
    {
      g_autoptr(GError) local_error = NULL;

      if (!reader_read_record (reader, &local_error))
        {
          if (local_error != NULL)
            {
              reader->failure = g_error_copy (local_error);
              g_propagate_error (error, g_steal_pointer (&local_error));
            }
          return FALSE;
        }
    }

  if (fields != NULL)
    *fields = reader->fields;
  if (line != NULL)
    *line = reader->record_line;
  return TRUE;
}

guint64
pl_csv_reader_get_position (PlCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->read_bytes - reader->raw_len;
}

guint64
pl_csv_reader_get_size (PlCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->size;
}

/* Sniffing */

typedef struct
{
  GPtrArray *records;      /* of GStrv: complete records */
  GStrv      partial;      /* the record the sample cut off, if any */
  gboolean   more;         /* the file goes on past the sample */
} Sample;

static void
sample_clear (Sample *sample)
{
  g_clear_pointer (&sample->records, g_ptr_array_unref);
  g_clear_pointer (&sample->partial, g_strfreev);
}

/* The most fields any record of the sample has. */
static guint
sample_width (const Sample *sample)
{
  guint width = 0;

  for (guint r = 0; sample->records != NULL && r < sample->records->len; r++)
    width = MAX (width, g_strv_length (g_ptr_array_index (sample->records, r)));

  return width;
}

static gboolean
sample_read (const Source        *source,
             const PlCsvDialect  *dialect,
             Sample              *sample,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(PlCsvReader) reader = reader_open (source, dialect, SNIFF_BYTES, cancellable, error);
  g_autoptr(GError) local_error = NULL;

  if (reader == NULL)
    return FALSE;

  sample->records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  while (sample->records->len < SNIFF_RECORDS && reader_read_record (reader, &local_error))
    {
      if (reader->partial)
        sample->partial = reader_dup_fields (reader);
      else
        g_ptr_array_add (sample->records, reader_dup_fields (reader));
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  sample->more = reader->truncated || sample->records->len == SNIFF_RECORDS;
  return TRUE;
}

static gboolean
utf8_valid_sample (const guint8 *s,
                   gsize         len,
                   gboolean      cut)
{
  const char *end;
  gsize rest;

  if (g_utf8_validate_len ((const char *) s, len, &end))
    return TRUE;

  /* The sample may stop inside a character. */
  rest = len - ((const guint8 *) end - s);
  return cut && rest < 4 && *end != '\0' &&
         g_utf8_get_char_validated (end, rest) == (gunichar) -2;
}

static gboolean
detect_encoding (const guint8  *s,
                 gsize          len,
                 gboolean       cut,
                 PlCsvDialect  *dialect,
                 gboolean      *undefined_cp1252,
                 GError       **error)
{
  gsize nul_even = 0, nul_odd = 0, c1_defined = 0, c1_undefined = 0;

  *undefined_cp1252 = FALSE;

  if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
    {
      dialect->encoding = g_strdup ("UTF-8");
      dialect->has_bom = TRUE;
      return TRUE;
    }
  if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
    {
      dialect->encoding = g_strdup ("UTF-16LE");
      dialect->has_bom = TRUE;
      return TRUE;
    }
  if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
    {
      dialect->encoding = g_strdup ("UTF-16BE");
      dialect->has_bom = TRUE;
      return TRUE;
    }

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == 0)
        {
          if (i % 2 == 0)
            nul_even++;
          else
            nul_odd++;
        }
      else if (s[i] >= 0x80 && s[i] <= 0x9F)
        {
          if (memchr (cp1252_undefined, s[i], sizeof cp1252_undefined) != NULL)
            c1_undefined++;
          else
            c1_defined++;
        }
    }

  if (nul_even + nul_odd > 0)
    {
      gsize pairs = len / 2;

      /* UTF-16 without a byte order mark: latin text has a zero byte in
       * every other position. */
      if (pairs >= 2 && nul_even * 100 <= pairs && nul_odd * 10 >= pairs * 7)
        {
          dialect->encoding = g_strdup ("UTF-16LE");
          return TRUE;
        }
      if (pairs >= 2 && nul_odd * 100 <= pairs && nul_even * 10 >= pairs * 7)
        {
          dialect->encoding = g_strdup ("UTF-16BE");
          return TRUE;
        }
      set_not_text_error (error);
      return FALSE;
    }

  if (utf8_valid_sample (s, len, cut))
    {
      dialect->encoding = g_strdup ("UTF-8");
      return TRUE;
    }

  /* A legacy 8-bit encoding. Windows-1252 and ISO-8859-1 agree on every
   * byte but 0x80–0x9F, where Windows-1252 has printable characters (€,
   * curly quotes, dashes) and ISO-8859-1 control codes. Windows-1252 is
   * only right if it defines every such byte the file has. */
  if (c1_defined > 0 && c1_undefined == 0)
    dialect->encoding = g_strdup ("WINDOWS-1252");
  else
    dialect->encoding = g_strdup ("ISO-8859-1");
  *undefined_cp1252 = c1_undefined > 0;
  return TRUE;
}

static gboolean
fields_look_binary (GPtrArray *records)
{
  gsize total = 0, control = 0;

  for (guint r = 0; r < records->len; r++)
    {
      GStrv record = g_ptr_array_index (records, r);

      for (guint j = 0; record[j] != NULL; j++)
        for (const guchar *p = (const guchar *) record[j]; *p != '\0'; p++)
          {
            total++;
            if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F)
              control++;
          }
    }

  /* Text has next to no control codes; binary data one byte in ten. */
  return total > 0 && control * 20 > total;
}

typedef enum
{
  CELL_EMPTY,
  CELL_MISSING,
  CELL_NUMBER,
  CELL_DATE,
  CELL_TEXT,
} CellKind;

static gboolean
is_blank (const char *value)
{
  while (g_ascii_isspace (*value))
    value++;
  return *value == '\0';
}

static gboolean
looks_like_date (const char *value)
{
  DateParts parts;
  guint day, month;

  return date_parts_scan (value, &parts) &&
         (date_parts_resolve (&parts, PL_DATE_ORDER_DMY, &day, &month) ||
          date_parts_resolve (&parts, PL_DATE_ORDER_MDY, &day, &month));
}

static CellKind
classify_cell (const char         *value,
               const char * const *missing)
{
  if (is_blank (value))
    return CELL_EMPTY;
  if (pl_csv_is_missing (value, missing))
    return CELL_MISSING;
  if (number_parse (value, FALSE, NULL, NULL) || number_parse (value, TRUE, NULL, NULL))
    return CELL_NUMBER;
  if (looks_like_date (value))
    return CELL_DATE;
  return CELL_TEXT;
}

static const char *
record_cell (GStrv record,
             guint j)
{
  for (guint i = 0; i <= j; i++)
    if (record[i] == NULL)
      return "";
  return record[j];
}

static gboolean
row_is_text (GStrv               record,
             const char * const *missing)
{
  gboolean text = FALSE;

  for (guint j = 0; record[j] != NULL; j++)
    {
      CellKind kind = classify_cell (record[j], missing);

      if (kind == CELL_NUMBER || kind == CELL_DATE)
        return FALSE;
      text |= kind == CELL_TEXT;
    }

  return text;
}

/* Header rows are text above rows with numbers or dates. A second or third
 * row of text is a header row too when it labels numeric columns (survey
 * tools write "Response" under each question) or leaves empty the columns
 * every data row fills (SurveyMonkey's second row). */
static guint
detect_header_rows (GPtrArray          *rows,
                    const char * const *missing)
{
  g_autofree gboolean *numeric = NULL;
  g_autofree gboolean *filled = NULL;
  guint leading = 0, n_columns = 0, n_data, header, n_filled = 0;

  while (leading < rows->len && row_is_text (g_ptr_array_index (rows, leading), missing))
    leading++;
  if (leading <= 1)
    return leading;

  for (guint r = 0; r < rows->len; r++)
    n_columns = MAX (n_columns, g_strv_length (g_ptr_array_index (rows, r)));
  numeric = g_new0 (gboolean, n_columns);
  filled = g_new0 (gboolean, n_columns);
  n_data = rows->len - leading;

  for (guint j = 0; j < n_columns && n_data > 0; j++)
    {
      guint n_values = 0, n_numbers = 0;

      for (guint r = leading; r < rows->len; r++)
        {
          CellKind kind = classify_cell (record_cell (g_ptr_array_index (rows, r), j), missing);

          if (kind == CELL_EMPTY || kind == CELL_MISSING)
            continue;
          n_values++;
          n_numbers += kind == CELL_NUMBER || kind == CELL_DATE;
        }
      numeric[j] = n_values > 0 && n_numbers * 5 >= n_values * 4;
      filled[j] = numeric[j] && n_values * 10 >= n_data * 9;
      n_filled += filled[j];
    }

  for (header = 1; header < MIN (leading, MAX_HEADER_ROWS); header++)
    {
      GStrv row = g_ptr_array_index (rows, header);
      /* One empty number could be a missing answer; survey tools leave
       * empty all the identifiers and dates at the start. */
      gboolean token = FALSE, labels_numbers = FALSE, empty_where_filled = n_filled >= 2;

      for (guint j = 0; j < n_columns; j++)
        {
          CellKind kind = classify_cell (record_cell (row, j), missing);

          token |= kind == CELL_MISSING;
          labels_numbers |= numeric[j] && kind == CELL_TEXT;
          if (filled[j] && kind != CELL_EMPTY)
            empty_where_filled = FALSE;
        }

      if (token || !(labels_numbers || empty_where_filled))
        break;
    }

  return header;
}

/* Decimal comma: only with a semicolon or tab as delimiter (a comma file
 * cannot use it unquoted), decided by the numbers only one reading fits. */
static gboolean
detect_decimal_comma (GPtrArray *rows,
                      guint      first,
                      char       delimiter)
{
  guint comma = 0, point = 0, ambiguous = 0;

  if (delimiter != ';' && delimiter != '\t')
    return FALSE;

  for (guint r = first; r < rows->len; r++)
    {
      GStrv record = g_ptr_array_index (rows, r);

      for (guint j = 0; record[j] != NULL; j++)
        {
          gboolean as_point = number_parse (record[j], FALSE, NULL, NULL);
          gboolean as_comma = number_parse (record[j], TRUE, NULL, NULL);

          if (as_point && !as_comma)
            point++;
          else if (as_comma && !as_point)
            comma++;
          else if (as_comma && strchr (record[j], ',') != NULL)
            ambiguous++;
        }
    }

  return comma > point || (comma == 0 && point == 0 && ambiguous > 0);
}

typedef struct
{
  guint n_int, n_decimal, n_date, n_datetime, n_text;
  guint n_iso, n_dmy, n_mdy, n_either;
} ColumnStats;

static void
column_stats_add (ColumnStats *stats,
                  const char  *value,
                  gboolean     decimal_comma)
{
  const char *p = value;
  gboolean integral;
  DateParts parts;
  guint day, month;

  while (g_ascii_isspace (*p) || *p == '+' || *p == '-')
    p++;

  /* "007" is a code, not the number 7. */
  if (number_parse (value, decimal_comma, NULL, &integral) && !(p[0] == '0' && g_ascii_isdigit (p[1])))
    {
      if (integral)
        stats->n_int++;
      else
        stats->n_decimal++;
      return;
    }

  if (date_parts_scan (value, &parts))
    {
      gboolean dmy = date_parts_resolve (&parts, PL_DATE_ORDER_DMY, &day, &month);
      gboolean mdy = date_parts_resolve (&parts, PL_DATE_ORDER_MDY, &day, &month);

      if (dmy || mdy)
        {
          if (parts.form == DATE_FORM_YEAR_FIRST)
            stats->n_iso++;
          else if (dmy && mdy)
            stats->n_either += parts.first != parts.second;
          else if (dmy)
            stats->n_dmy++;
          else
            stats->n_mdy++;

          if (parts.has_time)
            stats->n_datetime++;
          else
            stats->n_date++;
          return;
        }
    }

  stats->n_text++;
}

static PlColumnType
column_stats_type (const ColumnStats *stats,
                   guint              n_values)
{
  if (n_values == 0)
    return PL_COLUMN_EMPTY;
  if (stats->n_text > 0)
    return PL_COLUMN_TEXT;
  if (stats->n_int == n_values)
    return PL_COLUMN_INTEGER;
  if (stats->n_int + stats->n_decimal == n_values)
    return PL_COLUMN_DECIMAL;
  if (stats->n_date + stats->n_datetime == n_values && !(stats->n_dmy > 0 && stats->n_mdy > 0))
    return stats->n_datetime > 0 ? PL_COLUMN_DATETIME : PL_COLUMN_DATE;
  return PL_COLUMN_TEXT;
}

static char *
example_text (const char *value)
{
  g_autofree char *flat = collapse_spaces (value);

  if (g_utf8_strlen (flat, -1) <= EXAMPLE_CHARS)
    return g_steal_pointer (&flat);

  {
    g_autofree char *start = g_utf8_substring (flat, 0, EXAMPLE_CHARS);

    return g_strconcat (start, "…", NULL);
  }
}

static void
sniff_columns (PlCsvSniff         *sniff,
               GPtrArray          *rows,
               guint               first,
               const char * const *missing)
{
  g_autofree ColumnStats *stats = NULL;
  guint n_columns = sniff->columns->len;
  gboolean any_dmy = FALSE, any_mdy = FALSE, any_iso = FALSE, any_either = FALSE;
  guint ragged = 0;

  stats = g_new0 (ColumnStats, n_columns);

  for (guint r = first; r < rows->len; r++)
    {
      GStrv record = g_ptr_array_index (rows, r);
      guint len = g_strv_length (record);

      ragged += len != n_columns;
      for (guint j = 0; j < n_columns; j++)
        {
          PlCsvColumn *column = g_ptr_array_index (sniff->columns, j);
          const char *value = j < len ? record[j] : NULL;

          if (pl_csv_is_missing (value, missing) || is_blank (value))
            {
              column->n_missing++;
              continue;
            }
          column->n_values++;
          if (column->example == NULL)
            column->example = example_text (value);
          column_stats_add (&stats[j], value, sniff->dialect.decimal_comma);
        }
    }

  for (guint j = 0; j < n_columns; j++)
    {
      PlCsvColumn *column = g_ptr_array_index (sniff->columns, j);
      const ColumnStats *s = &stats[j];

      column->type = column_stats_type (s, column->n_values);
      if (column->type != PL_COLUMN_DATE && column->type != PL_COLUMN_DATETIME)
        continue;

      if (s->n_dmy > 0)
        column->date_order = PL_DATE_ORDER_DMY;
      else if (s->n_mdy > 0)
        column->date_order = PL_DATE_ORDER_MDY;
      else if (s->n_either > 0)
        column->date_ambiguous = TRUE;
      else if (s->n_iso > 0)
        column->date_order = PL_DATE_ORDER_ISO;

      any_dmy |= s->n_dmy > 0;
      any_mdy |= s->n_mdy > 0;
      any_iso |= s->n_iso > 0 && s->n_dmy + s->n_mdy + s->n_either == 0;
      any_either |= column->date_ambiguous;
    }

  if (any_dmy && !any_mdy)
    sniff->dialect.date_order = PL_DATE_ORDER_DMY;
  else if (any_mdy && !any_dmy)
    sniff->dialect.date_order = PL_DATE_ORDER_MDY;
  else if (any_iso && !any_dmy && !any_mdy && !any_either)
    sniff->dialect.date_order = PL_DATE_ORDER_ISO;
  else
    sniff->dialect.date_order = PL_DATE_ORDER_UNKNOWN;

  if (any_dmy && any_mdy)
    g_ptr_array_add (sniff->notes,
                     g_strdup (_("Some columns write dates day/month and others month/day: "
                                 "choose the order to use.")));

  for (guint j = 0; j < n_columns; j++)
    {
      PlCsvColumn *column = g_ptr_array_index (sniff->columns, j);

      if (!column->date_ambiguous)
        continue;

      if (sniff->dialect.date_order == PL_DATE_ORDER_DMY)
        {
          column->date_order = PL_DATE_ORDER_DMY;
          g_ptr_array_add (sniff->notes,
                           g_strdup_printf (_("Dates in column “%s” could be day/month or "
                                              "month/day; they are read as day/month, like "
                                              "the other dates in the file."),
                                            column->name));
        }
      else if (sniff->dialect.date_order == PL_DATE_ORDER_MDY)
        {
          column->date_order = PL_DATE_ORDER_MDY;
          g_ptr_array_add (sniff->notes,
                           g_strdup_printf (_("Dates in column “%s” could be day/month or "
                                              "month/day; they are read as month/day, like "
                                              "the other dates in the file."),
                                            column->name));
        }
      else
        g_ptr_array_add (sniff->notes,
                         g_strdup_printf (_("Dates in column “%s” could be day/month or "
                                            "month/day (every day in it is 12 or less): "
                                            "choose which."),
                                          column->name));
    }

  if (ragged > 0)
    g_ptr_array_add (sniff->notes,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u of the first %u rows has more or fewer "
                                                   "values than there are columns.",
                                                   "%u of the first %u rows have more or fewer "
                                                   "values than there are columns.",
                                                   ragged),
                                      ragged, rows->len - first));
}

/* The delimiter that splits the sample into the same number of fields on
 * the most records (quotes respected). */
static guint
choose_delimiter (Sample *samples,
                  guint   n_samples)
{
  guint best = 0, best_mode = 0;
  double best_score = -1;

  for (guint i = 0; i < n_samples; i++)
    {
      GPtrArray *records = samples[i].records;
      g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
      guint mode = 0, mode_count = 0;
      double score;

      for (guint r = 0; r < records->len; r++)
        {
          guint n = g_strv_length (g_ptr_array_index (records, r));
          guint c = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (n))) + 1;

          g_hash_table_insert (counts, GUINT_TO_POINTER (n), GUINT_TO_POINTER (c));
          if (c > mode_count || (c == mode_count && n > mode))
            {
              mode = n;
              mode_count = c;
            }
        }

      score = records->len > 0 && mode > 1 ? (double) mode_count / records->len : 0;
      if (score > best_score || (score == best_score && mode > best_mode))
        {
          best = i;
          best_score = score;
          best_mode = mode;
        }
    }

  return best;
}

static PlCsvSniff *
sniff_source (const Source        *source,
              const char * const  *missing,
              GCancellable        *cancellable,
              GError             **error)
{
  static const char delimiters[] = { ',', ';', '\t', '|' };
  Sample samples[G_N_ELEMENTS (delimiters)] = { { 0 } };
  GError *sample_errors[G_N_ELEMENTS (delimiters)] = { NULL };
  g_autoptr(PlCsvSniff) sniff = g_new0 (PlCsvSniff, 1);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree guint8 *head = g_malloc (SNIFF_BYTES);
  gsize head_len = 0;
  guint64 size = 0;
  gboolean undefined_cp1252 = FALSE, ok = TRUE;
  guint chosen, n_columns = 0;
  Sample *sample;

  if (missing == NULL)
    missing = default_missing_tokens;

  sniff->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  sniff->notes = g_ptr_array_new_with_free_func (g_free);

  stream = source_open (source, &size, cancellable, error);
  if (stream == NULL)
    return NULL;
  {
    g_autoptr(GError) local_error = NULL;

    if (!g_input_stream_read_all (stream, head, SNIFF_BYTES, &head_len, cancellable, &local_error))
      {
        if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
          g_propagate_error (error, g_steal_pointer (&local_error));
        else
          g_set_error (error, PL_ERROR, PL_ERROR_IO,
                       _("Could not read the file: %s"), local_error->message);
        return NULL;
      }
  }
  g_clear_object (&stream);

  if (head_len == 0)
    {
      set_empty_error (error);
      return NULL;
    }

  if (!detect_encoding (head, head_len, head_len < size, &sniff->dialect, &undefined_cp1252, error))
    return NULL;

  /* A delimiter that makes the text unreadable (a quote that seems never
   * to close, as in "",a,b read with semicolons) is only a wrong guess;
   * its error counts if it is the best guess left. Cancelling or failing
   * to read the file stops at once. */
  for (guint i = 0; i < G_N_ELEMENTS (delimiters) && ok; i++)
    {
      sniff->dialect.delimiter = delimiters[i];
      if (!sample_read (source, &sniff->dialect, &samples[i], cancellable, &sample_errors[i]))
        {
          sample_clear (&samples[i]);
          samples[i].records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
          ok = g_error_matches (sample_errors[i], PL_ERROR, PL_ERROR_INVALID);
          if (!ok)
            g_propagate_error (error, g_steal_pointer (&sample_errors[i]));
        }
    }
  if (!ok)
    {
      for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
        {
          sample_clear (&samples[i]);
          g_clear_error (&sample_errors[i]);
        }
      return NULL;
    }

  chosen = choose_delimiter (samples, G_N_ELEMENTS (delimiters));
  /* When no delimiter that reads splits the lines, the one that failed
   * was the right one: its error says what is wrong with the file. */
  if (sample_errors[chosen] == NULL && sample_width (&samples[chosen]) <= 1)
    for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
      if (sample_errors[i] != NULL)
        {
          chosen = i;
          break;
        }
  if (sample_errors[chosen] != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&sample_errors[chosen]));
      for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
        {
          sample_clear (&samples[i]);
          g_clear_error (&sample_errors[i]);
        }
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    g_clear_error (&sample_errors[i]);
  sample = &samples[chosen];
  sniff->dialect.delimiter = delimiters[chosen];
  rows = g_steal_pointer (&sample->records);
  /* A sample cut inside its first records still names the columns. */
  if (rows->len == 0 && sample->partial != NULL)
    g_ptr_array_add (rows, g_steal_pointer (&sample->partial));
  {
    gboolean more = sample->more || sample->partial != NULL;

    for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
      sample_clear (&samples[i]);

    if (rows->len == 0)
      {
        set_empty_error (error);
        return NULL;
      }
    if (fields_look_binary (rows))
      {
        set_not_text_error (error);
        return NULL;
      }

    sniff->dialect.header_rows = detect_header_rows (rows, missing);
    if (sniff->dialect.header_rows >= rows->len && !more)
      {
        g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                             _("The file has column names but no rows."));
        return NULL;
      }
  }

  header = g_ptr_array_new ();
  for (guint r = 0; r < MIN (sniff->dialect.header_rows, rows->len); r++)
    {
      g_ptr_array_add (header, g_ptr_array_index (rows, r));
      n_columns = MAX (n_columns, g_strv_length (g_ptr_array_index (rows, r)));
    }
  if (sniff->dialect.header_rows == 0)
    n_columns = g_strv_length (g_ptr_array_index (rows, 0));

  names = header_names (header, n_columns);
  for (guint j = 0; j < names->len; j++)
    {
      PlCsvColumn *column = g_new0 (PlCsvColumn, 1);

      column->name = g_strdup (g_ptr_array_index (names, j));
      g_ptr_array_add (sniff->columns, column);
    }

  sniff->dialect.decimal_comma = detect_decimal_comma (rows, sniff->dialect.header_rows,
                                                       sniff->dialect.delimiter);
  sniff->sample_records = rows->len - MIN (sniff->dialect.header_rows, rows->len);
  sniff_columns (sniff, rows, MIN (sniff->dialect.header_rows, rows->len), missing);

  if (undefined_cp1252)
    g_ptr_array_add (sniff->notes,
                     g_strdup (_("Some characters of this file are not in any usual encoding; "
                                 "check accented letters in the preview.")));

  return g_steal_pointer (&sniff);
}

PlCsvSniff *
pl_csv_sniff (const char          *path,
              const char * const  *missing_tokens,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(GFile) file = NULL;
  Source source = { 0 };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  source.file = file;
  return sniff_source (&source, missing_tokens, cancellable, error);
}

PlCsvSniff *
pl_csv_sniff_bytes (GBytes              *bytes,
                    const char * const  *missing_tokens,
                    GCancellable        *cancellable,
                    GError             **error)
{
  Source source = { 0 };

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  source.bytes = bytes;
  return sniff_source (&source, missing_tokens, cancellable, error);
}
