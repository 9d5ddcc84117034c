/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/pl-csv.h"

/* libFuzzer target for the CSV reader: whatever the bytes, sniffing and
 * reading either fail with an error or give valid UTF-8 fields, in line
 * order, and never read or write out of bounds (ASan + UBSan). Every field
 * also goes through the value parsers the importer uses. */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_value (const char  *value,
             PlDateOrder  order,
             gboolean     decimal_comma)
{
  double number;
  g_autofree char *date = NULL;
  g_autofree char *moment = NULL;

  if (!g_utf8_validate (value, -1, NULL))
    g_error ("a field is not valid UTF-8");

  pl_csv_is_missing (value, NULL);
  if (pl_csv_parse_number (value, decimal_comma, &number) && !isfinite (number))
    g_error ("a number is not finite");

  if (pl_csv_parse_date (value, order, &date, &moment))
    {
      if (strlen (date) != 10 || !g_date_valid_dmy (atoi (date + 8), atoi (date + 5), atoi (date)))
        g_error ("“%s” is no date", date);
      if (moment != NULL && strlen (moment) != 20)
        g_error ("“%s” is no moment", moment);
    }
  g_clear_pointer (&date, g_free);
  g_clear_pointer (&moment, g_free);
  pl_csv_parse_date (value, PL_DATE_ORDER_UNKNOWN, &date, NULL);
}

static void
read_all (GBytes             *bytes,
          const PlCsvDialect *dialect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvReader) reader = pl_csv_reader_new_for_bytes (bytes, dialect, &error);
  GPtrArray *headers, *fields;
  guint64 line, last_line = 0;

  if (reader == NULL)
    {
      g_assert (error != NULL);
      return;
    }

  headers = pl_csv_reader_get_headers (reader);
  for (guint i = 0; i < headers->len; i++)
    if (!g_utf8_validate (g_ptr_array_index (headers, i), -1, NULL))
      g_error ("a header is not valid UTF-8");

  while (pl_csv_reader_next (reader, &fields, &line, &error))
    {
      if (line < last_line || line == 0)
        g_error ("line %" G_GUINT64_FORMAT " after line %" G_GUINT64_FORMAT, line, last_line);
      last_line = line;
      if (fields->len == 0)
        g_error ("a record without fields");
      for (guint i = 0; i < fields->len; i++)
        check_value (g_ptr_array_index (fields, i), dialect->date_order, dialect->decimal_comma);
      if (pl_csv_reader_get_position (reader) > pl_csv_reader_get_size (reader))
        g_error ("read past the end");
    }

  /* Once failed, it keeps failing. */
  if (error != NULL)
    {
      g_autoptr(GError) again = NULL;

      if (pl_csv_reader_next (reader, &fields, &line, &again) || again == NULL)
        g_error ("the reader recovered from “%s”", error->message);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const encodings[] = {
    "UTF-8", "UTF-16LE", "UTF-16BE", "WINDOWS-1252", "ISO-8859-1",
  };
  static const char delimiters[] = { ',', ';', '\t', '|' };
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) sniff = pl_csv_sniff_bytes (bytes, NULL, NULL, &error);

  if (sniff != NULL)
    {
      for (guint i = 0; i < sniff->columns->len; i++)
        {
          PlCsvColumn *column = g_ptr_array_index (sniff->columns, i);

          if (!g_utf8_validate (column->name, -1, NULL) ||
              (column->example != NULL && !g_utf8_validate (column->example, -1, NULL)))
            g_error ("a column name or example is not valid UTF-8");
        }
      if (sniff->dialect.header_rows > 3)
        g_error ("%u header rows", sniff->dialect.header_rows);
      read_all (bytes, &sniff->dialect);
    }
  else if (error == NULL || error->message == NULL || error->message[0] == '\0')
    g_error ("the sniffer failed without saying why");

  /* The user may override anything: the first byte picks a dialect for
   * the rest. */
  if (size > 0)
    {
      g_autoptr(GBytes) rest = g_bytes_new (data + 1, size - 1);
      PlCsvDialect dialect = { 0 };

      dialect.encoding = (char *) encodings[data[0] % G_N_ELEMENTS (encodings)];
      dialect.delimiter = delimiters[(data[0] / 5) % G_N_ELEMENTS (delimiters)];
      dialect.header_rows = (data[0] / 20) % 4;
      dialect.decimal_comma = (data[0] / 80) % 2;
      dialect.date_order = (PlDateOrder) ((data[0] / 160) % 4);
      read_all (rest, &dialect);
    }

  return 0;
}
