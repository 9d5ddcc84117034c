/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reading CSV exports as they come out of survey tools, phone systems,
 * helpdesks and spreadsheets: sniffing their dialect, then streaming their
 * records as UTF-8 fields. The file is never loaded whole. */

typedef enum
{
  PL_DATE_ORDER_UNKNOWN,
  PL_DATE_ORDER_ISO,        /* 2026-03-18, 2026/3/18 */
  PL_DATE_ORDER_DMY,        /* 18/03/2026: UK */
  PL_DATE_ORDER_MDY,        /* 03/18/2026: US */
} PlDateOrder;

typedef enum
{
  PL_COLUMN_EMPTY,          /* no value in the sample */
  PL_COLUMN_TEXT,
  PL_COLUMN_INTEGER,
  PL_COLUMN_DECIMAL,
  PL_COLUMN_DATE,
  PL_COLUMN_DATETIME,
} PlColumnType;

/* How a file is written. Sniffed, shown to the user, and overridable. */
typedef struct
{
  char        *encoding;      /* iconv name: "UTF-8", "UTF-16LE", "UTF-16BE", "WINDOWS-1252", "ISO-8859-1" */
  gboolean     has_bom;
  char         delimiter;     /* ',', ';', '\t' or '|' */
  guint        header_rows;   /* 0 to 3; several are joined into one name per column with " / " */
  gboolean     decimal_comma; /* "4,5" is four and a half */
  PlDateOrder  date_order;    /* for dates like 03/04/2026 */
} PlCsvDialect;

/* What the sniffer learnt about one column from the sample. */
typedef struct
{
  char         *name;           /* the header (joined header rows), or "Column N" */
  PlColumnType  type;
  PlDateOrder   date_order;     /* for DATE/DATETIME columns */
  gboolean      date_ambiguous; /* every date fits both day/month and month/day: ask the user */
  guint         n_values;       /* non-missing values in the sample */
  guint         n_missing;      /* empty or missing-token values in the sample */
  char         *example;        /* a typical value, for the mapping page */
} PlCsvColumn;

typedef struct
{
  PlCsvDialect  dialect;
  GPtrArray    *columns;        /* of PlCsvColumn*, owned */
  guint         sample_records; /* records the guess rests on */
  GPtrArray    *notes;          /* of char*: plain-words remarks, e.g. "Dates in column “Date” could be day/month or month/day." */
} PlCsvSniff;

void          pl_csv_dialect_clear   (PlCsvDialect       *dialect);
void          pl_csv_dialect_copy    (const PlCsvDialect *src,
                                      PlCsvDialect       *dest);
void          pl_csv_sniff_free      (PlCsvSniff         *sniff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlCsvSniff, pl_csv_sniff_free)

/* The default missing-value tokens: "", "NA", "N/A", "n/a", "-", "NULL". */
const char * const *pl_csv_default_missing_tokens (void);
gboolean      pl_csv_is_missing      (const char          *value,
                                      const char * const  *missing_tokens);

/* Sniffs the dialect and column types from the start of the file (at most
 * a few hundred kilobytes). Errors (PL_ERROR_INVALID, in plain words): an
 * empty file, a file that is not text (NUL bytes in an 8-bit encoding,
 * binary junk), a file with a header but no records. */
PlCsvSniff   *pl_csv_sniff           (const char          *path,
                                      const char * const  *missing_tokens,
                                      GCancellable        *cancellable,
                                      GError             **error);
/* The same for data in memory (tests, the fuzzer). */
PlCsvSniff   *pl_csv_sniff_bytes     (GBytes              *bytes,
                                      const char * const  *missing_tokens,
                                      GCancellable        *cancellable,
                                      GError             **error);

typedef struct _PlCsvReader PlCsvReader;

/* Opens @path for reading with @dialect; the header rows are read at once. */
PlCsvReader  *pl_csv_reader_new          (const char          *path,
                                          const PlCsvDialect  *dialect,
                                          GError             **error);
PlCsvReader  *pl_csv_reader_new_for_bytes (GBytes             *bytes,
                                          const PlCsvDialect  *dialect,
                                          GError             **error);
void          pl_csv_reader_free         (PlCsvReader         *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlCsvReader, pl_csv_reader_free)

/* The column names: joined header rows, or "Column 1"... without headers. */
GPtrArray    *pl_csv_reader_get_headers  (PlCsvReader         *reader);

/* Reads the next record. On success *fields holds its fields as valid
 * UTF-8 strings (owned by the reader, valid until the next call) and *line
 * the file line (from 1) the record starts on. Returns FALSE at the end of
 * the file (error unset) or on an error (PL_ERROR_INVALID with the line: an
 * unterminated quote at the end of the file, a field over 16 MiB, bytes
 * that are not text in the chosen encoding). Records may have more or fewer
 * fields than the header ("ragged"); the caller decides. */
gboolean      pl_csv_reader_next         (PlCsvReader         *reader,
                                          GPtrArray          **fields,
                                          guint64             *line,
                                          GError             **error);
/* Bytes consumed and the file size, for progress. */
guint64       pl_csv_reader_get_position (PlCsvReader         *reader);
guint64       pl_csv_reader_get_size     (PlCsvReader         *reader);

/* Values: numbers with a decimal point or comma (and thousands separators
 * that cannot be confused with it), dates in the given order with optional
 * times and zones ("2020/3/18", "18/03/2026 14:05", "2026-03-18T14:05:00+01:00").
 * Dates come back as "YYYY-MM-DD", moments as UTC "YYYY-MM-DDTHH:MM:SSZ".
 * The date is the day as written; the moment is NULL when the text has no
 * time, and a time without a zone is local time. With PL_DATE_ORDER_UNKNOWN
 * (or ISO) a day-first or month-first date is accepted only when it cannot
 * be misread (18/03/2026, 03/03/2026). */
gboolean      pl_csv_parse_number        (const char          *text,
                                          gboolean             decimal_comma,
                                          double              *out);
gboolean      pl_csv_parse_date          (const char          *text,
                                          PlDateOrder          order,
                                          char               **out_iso_date,
                                          char               **out_iso_moment);

G_END_DECLS
