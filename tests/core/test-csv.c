/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>

#include "core/pl-csv.h"
#include "core/pl-error.h"

/* Counts of the real exports, taken independently with Python's csv module:
 *   /usr/bin/python3 -c 'import csv; r = list(csv.reader(open(
 *     "tests/data/nps-store-survey-fr-latin1.csv", newline="", encoding="latin-1")));
 *     print(len(r) - 1)'
 * and the same with encoding="utf-8" for the complaints; the NA counts and
 * sums below come from the same rows. */
#define NPS_RECORDS          13954
#define NPS_SCORE_NA         342
#define NPS_SCORE_SUM        118465
#define NPS_COMMENT_NA       10115
#define CFPB_RECORDS         6623
#define CFPB_NARRATIVES      1532
#define CFPB_MULTILINE       602

/* Complaint 3077379 (record 1019, from Python's csv module). */
static const char cfpb_3077379_narrative[] =
  "On the XX/XX/XXXX, XX/XX/XXXX and XX/XX/XXXX I have disputed account : XXXX & XXXX  "
  "opened 1 investigation each both removed : \" XXXX XXXX XXXX XXXX XXXX {$850.00} "
  "{$500.00} 170 % Revolving Negative XX/XX/XXXX '' as fraudulent along with supporting "
  "documents. \n\nEquifax performed 3 investigations and results account was verfiied. "
  "\n\nHowever, XXXX  & XXXX  performed 1 investigation and has removed account : \" XXXX "
  "XXXX XXXX XXXX XXXX {$850.00} {$500.00} 170 % Revolving Negative XX/XX/XXXX ''";

static char *tmp_dir;

/* Helpers */

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
}

static char *
write_tmp (const char *name,
           const char *data,
           gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

typedef struct
{
  GPtrArray *headers;   /* of char* */
  GPtrArray *records;   /* of GStrv */
  GArray    *lines;     /* of guint64 */
} Table;

static void
table_free (Table *table)
{
  g_ptr_array_unref (table->headers);
  g_ptr_array_unref (table->records);
  g_array_unref (table->lines);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static GStrv
strv_from_fields (GPtrArray *fields)
{
  GStrv strv = g_new0 (char *, fields->len + 1);

  for (guint i = 0; i < fields->len; i++)
    strv[i] = g_strdup (g_ptr_array_index (fields, i));
  return strv;
}

static Table *
read_reader (PlCsvReader  *reader,
             GError      **error)
{
  g_autoptr(Table) table = g_new0 (Table, 1);
  GPtrArray *headers = pl_csv_reader_get_headers (reader);
  GPtrArray *fields;
  guint64 line;

  table->headers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < headers->len; i++)
    g_ptr_array_add (table->headers, g_strdup (g_ptr_array_index (headers, i)));
  table->records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  table->lines = g_array_new (FALSE, FALSE, sizeof (guint64));

  while (pl_csv_reader_next (reader, &fields, &line, error))
    {
      g_ptr_array_add (table->records, strv_from_fields (fields));
      g_array_append_val (table->lines, line);
    }
  if (error != NULL && *error != NULL)
    return NULL;

  g_assert_cmpuint (pl_csv_reader_get_position (reader), ==, pl_csv_reader_get_size (reader));
  return g_steal_pointer (&table);
}

static Table *
read_all (const char          *path,
          const PlCsvDialect  *dialect,
          GError             **error)
{
  g_autoptr(PlCsvReader) reader = pl_csv_reader_new (path, dialect, error);

  if (reader == NULL)
    return NULL;
  return read_reader (reader, error);
}

static GStrv
record (Table *table,
        guint  i)
{
  g_assert_cmpuint (i, <, table->records->len);
  return g_ptr_array_index (table->records, i);
}

static guint64
record_line (Table *table,
             guint  i)
{
  return g_array_index (table->lines, guint64, i);
}

static PlCsvColumn *
column (PlCsvSniff *sniff,
        guint       i)
{
  g_assert_cmpuint (i, <, sniff->columns->len);
  return g_ptr_array_index (sniff->columns, i);
}

static PlCsvSniff *
sniff_fixture (const char *name)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GError) error = NULL;
  PlCsvSniff *sniff = pl_csv_sniff (path, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sniff);
  return sniff;
}

static Table *
read_fixture (const char *name,
              PlCsvSniff *sniff)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GError) error = NULL;
  Table *table = read_all (path, &sniff->dialect, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static PlCsvDialect
utf8_dialect (char     delimiter,
              guint    header_rows)
{
  PlCsvDialect dialect = { 0 };

  dialect.encoding = (char *) "UTF-8";
  dialect.delimiter = delimiter;
  dialect.header_rows = header_rows;
  return dialect;
}

static gboolean
notes_contain (PlCsvSniff *sniff,
               const char *fragment)
{
  for (guint i = 0; i < sniff->notes->len; i++)
    if (strstr (g_ptr_array_index (sniff->notes, i), fragment) != NULL)
      return TRUE;
  return FALSE;
}

static void
assert_sniff_fails (const char *path,
                    const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) sniff = pl_csv_sniff (path, NULL, NULL, &error);

  g_assert_null (sniff);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", error->message, fragment);
}

static void
assert_message (const GError *error,
                const char   *fragment)
{
  g_assert_nonnull (error);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", error->message, fragment);
}

static glong
peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* The real exports */

static void
test_real_nps (void)
{
  g_autoptr(PlCsvSniff) sniff = NULL;
  g_autoptr(Table) table = NULL;
  guint score_na = 0, comment_na = 0, tres_line2 = 0;
  gint64 score_sum = 0;
  static const char * const names[] = {
    "Column 1", "id", "nps", "satisfaction", "intention", "explication",
    "NbPassageKS", "CaTicket", "t",
  };

  g_test_summary ("The French NPS survey: ISO-8859-1, R's NA, an unnamed index column");

  {
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data",
                                                   "nps-store-survey-fr-latin1.csv", NULL);
    g_autoptr(GError) error = NULL;

    sniff = pl_csv_sniff (path, NULL, NULL, &error);
    g_assert_no_error (error);

    /* ISO-8859-1, not Windows-1252: the file has 0x90 bytes (17 of them,
     * the first at byte 86,869, inside the sample) that Windows-1252 does
     * not define, so decoding it as Windows-1252 fails. ISO-8859-1 maps
     * every byte, and the file's README says Latin-1. (Its 0x82 bytes are
     * DOS code page 850 "é": no single encoding reads those right.) */
    g_assert_cmpstr (sniff->dialect.encoding, ==, "ISO-8859-1");
    g_assert_false (sniff->dialect.has_bom);
    g_assert_cmpint (sniff->dialect.delimiter, ==, ',');
    g_assert_cmpuint (sniff->dialect.header_rows, ==, 1);
    g_assert_false (sniff->dialect.decimal_comma);
    g_assert_cmpuint (sniff->columns->len, ==, G_N_ELEMENTS (names));
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      g_assert_cmpstr (column (sniff, i)->name, ==, names[i]);
    g_assert_cmpint (column (sniff, 2)->type, ==, PL_COLUMN_INTEGER);
    g_assert_cmpint (column (sniff, 5)->type, ==, PL_COLUMN_TEXT);
    g_assert_cmpint (column (sniff, 7)->type, ==, PL_COLUMN_DECIMAL);
    /* R's NA in the sample's comments counts as missing. */
    g_assert_cmpuint (column (sniff, 5)->n_missing, >, 0);
    g_assert_cmpuint (column (sniff, 5)->n_values + column (sniff, 5)->n_missing, ==,
                      sniff->sample_records);

    table = read_all (path, &sniff->dialect, &error);
    g_assert_no_error (error);
  }

  g_assert_cmpuint (table->records->len, ==, NPS_RECORDS);
  g_assert_cmpuint (table->headers->len, ==, G_N_ELEMENTS (names));
  g_assert_cmpstr (g_ptr_array_index (table->headers, 0), ==, "Column 1");

  for (guint i = 0; i < table->records->len; i++)
    {
      GStrv r = record (table, i);
      double score;

      g_assert_cmpuint (g_strv_length (r), ==, 9);
      if (pl_csv_is_missing (r[2], NULL))
        score_na++;
      else
        {
          g_assert_true (pl_csv_parse_number (r[2], FALSE, &score));
          score_sum += (gint64) score;
        }
      if (pl_csv_is_missing (r[5], NULL))
        comment_na++;
    }
  g_assert_cmpuint (score_na, ==, NPS_SCORE_NA);
  g_assert_cmpint (score_sum, ==, NPS_SCORE_SUM);
  g_assert_cmpuint (comment_na, ==, NPS_COMMENT_NA);

  /* Record 2, on line 3, has "très", "délai" and "particulièrement". */
  g_assert_cmpuint (record_line (table, 1), ==, 3);
  g_assert_cmpstr (record (table, 1)[5], ==,
                   "Il y a très peu de caisse ouverte et le délai d'attente est "
                   "particulièrement long!!!!");
  g_assert_true (g_utf8_validate (record (table, 1)[5], -1, NULL));
  tres_line2 = 0;
  for (guint i = 0; i < table->records->len; i++)
    tres_line2 += strstr (record (table, i)[5], "très") != NULL;
  g_assert_cmpuint (tres_line2, ==, 654);

  /* The last record, on the last line. */
  g_assert_cmpstr (record (table, NPS_RECORDS - 1)[0], ==, "13954");
  g_assert_cmpuint (record_line (table, NPS_RECORDS - 1), ==, NPS_RECORDS + 1);
}

static void
test_real_cfpb (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data",
                                                 "cfpb-complaints-sample.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) sniff = NULL;
  g_autoptr(Table) table = NULL;
  g_autofree char *date = NULL;
  g_autofree char *moment = NULL;
  guint narratives = 0, multiline = 0;
  gboolean found = FALSE;

  g_test_summary ("The US complaints register: multi-line narratives, dates like 2020/3/18");

  sniff = pl_csv_sniff (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sniff->dialect.encoding, ==, "UTF-8");
  g_assert_cmpint (sniff->dialect.delimiter, ==, ',');
  g_assert_cmpuint (sniff->dialect.header_rows, ==, 1);
  g_assert_cmpint (sniff->dialect.date_order, ==, PL_DATE_ORDER_ISO);
  g_assert_cmpuint (sniff->columns->len, ==, 18);
  g_assert_cmpstr (column (sniff, 0)->name, ==, "Date received");
  g_assert_cmpint (column (sniff, 0)->type, ==, PL_COLUMN_DATE);
  g_assert_cmpint (column (sniff, 0)->date_order, ==, PL_DATE_ORDER_ISO);
  g_assert_false (column (sniff, 0)->date_ambiguous);
  g_assert_cmpstr (column (sniff, 17)->name, ==, "Complaint ID");
  g_assert_cmpint (column (sniff, 17)->type, ==, PL_COLUMN_INTEGER);
  g_assert_cmpint (column (sniff, 5)->type, ==, PL_COLUMN_TEXT);

  g_assert_true (pl_csv_parse_date ("2020/3/18", sniff->dialect.date_order, &date, &moment));
  g_assert_cmpstr (date, ==, "2020-03-18");
  g_assert_null (moment);

  table = read_all (path, &sniff->dialect, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->records->len, ==, CFPB_RECORDS);

  for (guint i = 0; i < table->records->len; i++)
    {
      GStrv r = record (table, i);
      g_autofree char *received = NULL;

      g_assert_cmpuint (g_strv_length (r), ==, 18);
      g_assert_true (pl_csv_parse_date (r[0], sniff->dialect.date_order, &received, NULL));
      narratives += r[5][0] != '\0';
      multiline += strchr (r[5], '\n') != NULL;
      if (g_str_equal (r[17], "3077379"))
        {
          g_assert_cmpuint (i, ==, 1018);
          g_assert_cmpstr (received, ==, "2018-11-18");
          g_assert_cmpstr (r[5], ==, cfpb_3077379_narrative);
          found = TRUE;
        }
    }
  g_assert_true (found);
  g_assert_cmpuint (narratives, ==, CFPB_NARRATIVES);
  g_assert_cmpuint (multiline, ==, CFPB_MULTILINE);

  /* The file has no final line end: its last record still arrives whole. */
  g_assert_cmpstr (record (table, CFPB_RECORDS - 1)[17], ==, "3195040");
}

/* Header rows */

static void
test_headers_two_rows (void)
{
  g_autoptr(PlCsvSniff) sniff = sniff_fixture ("surveymonkey-two-header-rows.csv");
  g_autoptr(Table) table = read_fixture ("surveymonkey-two-header-rows.csv", sniff);

  g_assert_cmpuint (sniff->dialect.header_rows, ==, 2);
  g_assert_cmpuint (sniff->columns->len, ==, 8);
  g_assert_cmpstr (column (sniff, 0)->name, ==, "Respondent ID");
  g_assert_cmpstr (column (sniff, 5)->name, ==,
                   "How likely are you to recommend Acme to a friend? / Response");
  g_assert_cmpstr (column (sniff, 7)->name, ==, "Any other comments? / Open-Ended Response");
  g_assert_cmpint (column (sniff, 2)->type, ==, PL_COLUMN_DATETIME);
  g_assert_cmpint (column (sniff, 2)->date_order, ==, PL_DATE_ORDER_MDY);
  g_assert_cmpint (sniff->dialect.date_order, ==, PL_DATE_ORDER_MDY);
  g_assert_cmpint (column (sniff, 5)->type, ==, PL_COLUMN_INTEGER);

  g_assert_cmpuint (table->headers->len, ==, 8);
  g_assert_cmpstr (g_ptr_array_index (table->headers, 6), ==,
                   "How satisfied were you with the agent? / Response");
  g_assert_cmpuint (table->records->len, ==, 3);
  g_assert_cmpuint (record_line (table, 0), ==, 3);
  g_assert_cmpstr (record (table, 2)[7], ==, "She said \"no problem\" and meant it");
}

static void
test_headers_two_rows_text_answers (void)
{
  /* Every question answered in words: the second row is a header row
   * because it leaves empty the identifier and date every row fills. */
  static const char data[] =
    "Respondent ID,Start Date,How satisfied were you?,Comments\n"
    ",,Response,Open-Ended Response\n"
    "1001,2026-03-18,Very satisfied,Fine\n"
    "1002,2026-03-19,Satisfied,\n";
  static const char one_missing[] =
    "name,score,comment\n"
    "alice,,late\n"
    "bob,5,ok\n"
    "carol,7,fine\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);
  g_autoptr(GBytes) bytes2 = g_bytes_new_static (one_missing, sizeof one_missing - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) sniff = pl_csv_sniff_bytes (bytes, NULL, NULL, &error);
  g_autoptr(PlCsvSniff) sniff2 = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (sniff->dialect.header_rows, ==, 2);
  g_assert_cmpstr (column (sniff, 2)->name, ==, "How satisfied were you? / Response");

  /* A data row with one missing number is no header row. */
  sniff2 = pl_csv_sniff_bytes (bytes2, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sniff2->dialect.header_rows, ==, 1);
  g_assert_cmpuint (sniff2->sample_records, ==, 3);
}

static void
test_headers_three_rows (void)
{
  g_autoptr(PlCsvSniff) sniff = sniff_fixture ("qualtrics-three-header-rows.csv");
  g_autoptr(Table) table = read_fixture ("qualtrics-three-header-rows.csv", sniff);

  g_assert_cmpuint (sniff->dialect.header_rows, ==, 3);
  g_assert_cmpstr (column (sniff, 0)->name, ==, "StartDate / Start Date");
  /* The same text twice is said once; Qualtrics' import ids are left out. */
  g_assert_cmpstr (column (sniff, 3)->name, ==, "Progress");
  g_assert_cmpstr (column (sniff, 5)->name, ==, "Q1 / How likely are you to recommend us?");
  g_assert_cmpint (column (sniff, 0)->type, ==, PL_COLUMN_DATETIME);
  g_assert_cmpint (sniff->dialect.date_order, ==, PL_DATE_ORDER_ISO);

  g_assert_cmpuint (table->records->len, ==, 2);
  g_assert_cmpuint (record_line (table, 0), ==, 4);
  g_assert_cmpuint (record_line (table, 1), ==, 6);
  g_assert_cmpstr (record (table, 0)[7], ==, "Shorter queues,\nplease");
}

static void
test_headers_none_and_unnamed (void)
{
  static const char no_header[] = "1,2026-03-18,phone,5\n2,2026-03-19,chat,4\n";
  static const char unnamed[] = ",score,,score\n1,5,a,6\n2,4,b,7\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (no_header, sizeof no_header - 1);
  g_autoptr(GBytes) bytes2 = g_bytes_new_static (unnamed, sizeof unnamed - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) sniff = pl_csv_sniff_bytes (bytes, NULL, NULL, &error);
  g_autoptr(PlCsvSniff) sniff2 = NULL;
  g_autoptr(PlCsvReader) reader = NULL;
  g_autoptr(Table) table = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (sniff->dialect.header_rows, ==, 0);
  g_assert_cmpstr (column (sniff, 0)->name, ==, "Column 1");
  g_assert_cmpstr (column (sniff, 3)->name, ==, "Column 4");
  g_assert_cmpuint (sniff->sample_records, ==, 2);

  reader = pl_csv_reader_new_for_bytes (bytes, &sniff->dialect, &error);
  g_assert_no_error (error);
  table = read_reader (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->headers->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (table->headers, 2), ==, "Column 3");
  g_assert_cmpuint (table->records->len, ==, 2);
  g_assert_cmpstr (record (table, 0)[0], ==, "1");
  g_assert_cmpuint (record_line (table, 0), ==, 1);

  /* Empty names become "Column N"; a repeated name gets a number. */
  sniff2 = pl_csv_sniff_bytes (bytes2, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (column (sniff2, 0)->name, ==, "Column 1");
  g_assert_cmpstr (column (sniff2, 1)->name, ==, "score");
  g_assert_cmpstr (column (sniff2, 2)->name, ==, "Column 3");
  g_assert_cmpstr (column (sniff2, 3)->name, ==, "score (2)");
}

/* R's write.csv names its row-number column "": read with semicolons the
 * header would look like an unclosed quote, which only rules semicolons
 * out. */
static void
test_headers_r_row_names (void)
{
  static const char text[] = "\"\",r1,r2\n1,a,b\n2,a,c\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) sniff = pl_csv_sniff_bytes (bytes, NULL, NULL, &error);
  g_autoptr(PlCsvReader) reader = NULL;
  g_autoptr(Table) table = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sniff->dialect.delimiter, ==, ',');
  g_assert_cmpuint (sniff->dialect.header_rows, ==, 1);
  g_assert_cmpstr (column (sniff, 0)->name, ==, "Column 1");
  g_assert_cmpstr (column (sniff, 2)->name, ==, "r2");

  reader = pl_csv_reader_new_for_bytes (bytes, &sniff->dialect, &error);
  g_assert_no_error (error);
  table = read_reader (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->records->len, ==, 2);
  g_assert_cmpstr (record (table, 1)[2], ==, "c");
}

/* Delimiters, decimal comma, encodings */

static void
test_semicolon_decimal_comma (void)
{
  g_autoptr(PlCsvSniff) sniff = sniff_fixture ("semicolon-decimal-comma.csv");
  g_autoptr(Table) table = read_fixture ("semicolon-decimal-comma.csv", sniff);
  double value;
  g_autofree char *date = NULL;

  g_assert_cmpint (sniff->dialect.delimiter, ==, ';');
  g_assert_true (sniff->dialect.decimal_comma);
  g_assert_cmpuint (sniff->dialect.header_rows, ==, 1);
  g_assert_cmpint (sniff->dialect.date_order, ==, PL_DATE_ORDER_DMY);
  g_assert_cmpint (column (sniff, 0)->type, ==, PL_COLUMN_DATE);
  g_assert_cmpint (column (sniff, 2)->type, ==, PL_COLUMN_INTEGER);
  g_assert_cmpint (column (sniff, 3)->type, ==, PL_COLUMN_DECIMAL);
  g_assert_cmpint (column (sniff, 4)->type, ==, PL_COLUMN_DECIMAL);

  g_assert_cmpuint (table->records->len, ==, 3);
  g_assert_true (pl_csv_parse_number (record (table, 0)[2], TRUE, &value));
  g_assert_cmpfloat (value, ==, 1204);
  g_assert_true (pl_csv_parse_number (record (table, 0)[3], TRUE, &value));
  g_assert_cmpfloat (value, ==, 34.5);
  g_assert_true (pl_csv_parse_number (record (table, 1)[3], TRUE, &value));
  g_assert_cmpfloat (value, ==, 12.25);
  g_assert_true (pl_csv_parse_date (record (table, 0)[0], sniff->dialect.date_order, &date, NULL));
  g_assert_cmpstr (date, ==, "2026-03-18");
}

static void
test_utf16le_bom_tab (void)
{
  g_autoptr(PlCsvSniff) sniff = sniff_fixture ("unicode-text-utf16le.txt");
  g_autoptr(Table) table = read_fixture ("unicode-text-utf16le.txt", sniff);

  g_test_summary ("As spreadsheet programs save \"Unicode text\": UTF-16LE, BOM, tabs, CRLF");

  g_assert_cmpstr (sniff->dialect.encoding, ==, "UTF-16LE");
  g_assert_true (sniff->dialect.has_bom);
  g_assert_cmpint (sniff->dialect.delimiter, ==, '\t');
  g_assert_true (sniff->dialect.decimal_comma);
  g_assert_cmpuint (sniff->dialect.header_rows, ==, 1);
  g_assert_cmpint (column (sniff, 2)->type, ==, PL_COLUMN_DECIMAL);

  /* No byte order mark in the first name. */
  g_assert_cmpstr (g_ptr_array_index (table->headers, 0), ==, "Agent");
  g_assert_cmpuint (table->records->len, ==, 3);
  g_assert_cmpstr (record (table, 0)[0], ==, "Zoë");
  g_assert_cmpstr (record (table, 0)[1], ==, "Téléphone");
  g_assert_cmpstr (record (table, 0)[3], ==, "Très bien, merci");
  g_assert_cmpstr (record (table, 1)[3], ==, "Ça va");
  g_assert_cmpstr (record (table, 2)[3], ==, "Zu lange gewartet 😀");
  g_assert_cmpuint (record_line (table, 2), ==, 4);
}

static void
test_utf16be_bom (void)
{
  g_autoptr(PlCsvSniff) sniff = sniff_fixture ("utf16be-bom.csv");
  g_autoptr(Table) table = read_fixture ("utf16be-bom.csv", sniff);

  g_assert_cmpstr (sniff->dialect.encoding, ==, "UTF-16BE");
  g_assert_true (sniff->dialect.has_bom);
  g_assert_cmpint (sniff->dialect.delimiter, ==, ',');
  g_assert_cmpstr (g_ptr_array_index (table->headers, 0), ==, "name");
  g_assert_cmpuint (table->records->len, ==, 3);
  g_assert_cmpstr (record (table, 1)[0], ==, "Łukasz");
  g_assert_cmpstr (record (table, 1)[1], ==, "Þingvellir");
  g_assert_cmpstr (record (table, 2)[1], ==, "São Paulo, 😀");
}

static void
test_utf16_without_bom (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *utf16 = NULL;
  gsize len = 0;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PlCsvSniff) sniff = NULL;

  utf16 = g_convert ("name,score\nRenée,9\nJosé,7\n", -1, "UTF-16LE", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new (utf16, len);
  sniff = pl_csv_sniff_bytes (bytes, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sniff->dialect.encoding, ==, "UTF-16LE");
  g_assert_false (sniff->dialect.has_bom);
  g_assert_cmpstr (column (sniff, 0)->example, ==, "Renée");
}

static void
test_legacy_encodings (void)
{
  g_autoptr(PlCsvSniff) cp1252 = sniff_fixture ("windows-1252.csv");
  g_autoptr(Table) cp1252_table = read_fixture ("windows-1252.csv", cp1252);
  g_autoptr(PlCsvSniff) latin1 = sniff_fixture ("latin1.csv");
  g_autoptr(Table) latin1_table = read_fixture ("latin1.csv", latin1);
  static const char utf8_bom[] = "\xEF\xBB\xBFname,score\nRenée,9\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (utf8_bom, sizeof utf8_bom - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) bom = pl_csv_sniff_bytes (bytes, NULL, NULL, &error);

  /* Curly quotes, dashes and € exist only in Windows-1252. */
  g_assert_cmpstr (cp1252->dialect.encoding, ==, "WINDOWS-1252");
  g_assert_cmpstr (record (cp1252_table, 0)[1], ==, "It’s fine – thanks");
  g_assert_cmpstr (record (cp1252_table, 0)[2], ==, "€ 12");
  g_assert_cmpstr (record (cp1252_table, 1)[1], ==, "“Great”");

  g_assert_cmpstr (latin1->dialect.encoding, ==, "ISO-8859-1");
  g_assert_cmpstr (record (latin1_table, 0)[1], ==, "Très bien");
  g_assert_cmpstr (record (latin1_table, 1)[0], ==, "François");

  g_assert_no_error (error);
  g_assert_cmpstr (bom->dialect.encoding, ==, "UTF-8");
  g_assert_true (bom->dialect.has_bom);
  g_assert_cmpstr (column (bom, 0)->name, ==, "name");
}

static void
test_delimiters (void)
{
  static const struct
  {
    const char *data;
    char        delimiter;
    guint       columns;
  } cases[] = {
    { "a,b,c\n1,2,3\n4,5,6\n", ',', 3 },
    { "a;b;c\n1;2;3\n4;5;6\n", ';', 3 },
    { "a\tb\tc\n1\t2\t3\n4\t5\t6\n", '\t', 3 },
    { "a|b|c\n1|2|3\n4|5|6\n", '|', 3 },
    /* Commas inside text do not make a comma file. */
    { "id\tcomment\n1\thello, world\n2\tfine\n3\tyes, no, maybe\n", '\t', 2 },
    /* Semicolons inside quotes do not count. */
    { "id,comment\n1,\"a;b;c\"\n2,\"d;e\"\n", ',', 2 },
    /* Decimal commas in a semicolon file. */
    { "name;score\nA;4,5\nB;3,25\n", ';', 2 },
    /* One column. */
    { "comment\nfine\ngood\n", ',', 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].data, strlen (cases[i].data));
      g_autoptr(GError) error = NULL;
      g_autoptr(PlCsvSniff) sniff = pl_csv_sniff_bytes (bytes, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (sniff->dialect.delimiter, ==, cases[i].delimiter);
      g_assert_cmpuint (sniff->columns->len, ==, cases[i].columns);
    }
}

/* Line ends and record shapes */

static void
test_crlf (void)
{
  g_autoptr(PlCsvSniff) sniff = sniff_fixture ("crlf.csv");
  g_autoptr(Table) table = read_fixture ("crlf.csv", sniff);

  g_assert_cmpuint (table->records->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (table->headers, 2), ==, "score");
  g_assert_cmpstr (record (table, 0)[1], ==, "two\r\nlines");
  g_assert_cmpstr (record (table, 0)[2], ==, "5");
  g_assert_cmpuint (record_line (table, 0), ==, 2);
  g_assert_cmpuint (record_line (table, 1), ==, 4);
  /* A blank line is skipped but counted. */
  g_assert_cmpuint (record_line (table, 2), ==, 6);
  g_assert_cmpstr (record (table, 2)[1], ==, "last, with comma");
}

static void
test_cr_only (void)
{
  g_autoptr(PlCsvSniff) sniff = sniff_fixture ("cr-only.csv");
  g_autoptr(Table) table = read_fixture ("cr-only.csv", sniff);

  g_assert_cmpuint (sniff->dialect.header_rows, ==, 1);
  g_assert_cmpuint (sniff->columns->len, ==, 3);
  g_assert_cmpuint (table->records->len, ==, 3);
  g_assert_cmpstr (record (table, 0)[1], ==, "two\rlines");
  g_assert_cmpuint (record_line (table, 1), ==, 4);
  g_assert_cmpstr (record (table, 2)[2], ==, "3");
  g_assert_cmpuint (record_line (table, 2), ==, 5);
}

static void
test_no_final_newline (void)
{
  g_autoptr(PlCsvSniff) sniff = sniff_fixture ("no-final-newline.csv");
  g_autoptr(Table) table = read_fixture ("no-final-newline.csv", sniff);
  static const char cr_end[] = "a,b\r1,2\r";
  static const char quoted_end[] = "a,b\n1,\"x\"";
  PlCsvDialect dialect = utf8_dialect (',', 1);

  g_assert_cmpuint (table->records->len, ==, 2);
  g_assert_cmpstr (record (table, 1)[1], ==, "quoted, last");
  g_assert_cmpstr (record (table, 1)[2], ==, "4");
  g_assert_cmpuint (record_line (table, 1), ==, 3);

  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (cr_end, sizeof cr_end - 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(PlCsvReader) reader = pl_csv_reader_new_for_bytes (bytes, &dialect, &error);
    g_autoptr(Table) t = read_reader (reader, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (t->records->len, ==, 1);
    g_assert_cmpstr (record (t, 0)[1], ==, "2");
  }
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (quoted_end, sizeof quoted_end - 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(PlCsvReader) reader = pl_csv_reader_new_for_bytes (bytes, &dialect, &error);
    g_autoptr(Table) t = read_reader (reader, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (t->records->len, ==, 1);
    g_assert_cmpstr (record (t, 0)[1], ==, "x");
  }
}

static void
test_mixed_line_ends (void)
{
  static const char data[] = "id,v\r\n1,a\n2,\"b\rc\"\r3,d\r\n\n4,e";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);
  PlCsvDialect dialect = utf8_dialect (',', 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvReader) reader = pl_csv_reader_new_for_bytes (bytes, &dialect, &error);
  g_autoptr(Table) table = read_reader (reader, &error);
  static const guint64 lines[] = { 2, 3, 5, 7 };

  g_assert_no_error (error);
  g_assert_cmpuint (table->records->len, ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    g_assert_cmpuint (record_line (table, i), ==, lines[i]);
  g_assert_cmpstr (record (table, 1)[1], ==, "b\rc");
  g_assert_cmpstr (record (table, 3)[1], ==, "e");
}

static void
test_ragged (void)
{
  g_autoptr(PlCsvSniff) sniff = sniff_fixture ("ragged.csv");
  g_autoptr(Table) table = read_fixture ("ragged.csv", sniff);

  g_assert_cmpuint (sniff->columns->len, ==, 3);
  g_assert_true (notes_contain (sniff, "2 of the first 4 rows"));
  g_assert_cmpuint (table->records->len, ==, 4);
  g_assert_cmpuint (g_strv_length (record (table, 0)), ==, 3);
  g_assert_cmpuint (g_strv_length (record (table, 1)), ==, 2);
  g_assert_cmpuint (g_strv_length (record (table, 2)), ==, 4);
  g_assert_cmpstr (record (table, 2)[3], ==, "extra");
  g_assert_cmpuint (g_strv_length (record (table, 3)), ==, 3);
}

static void
test_quoting (void)
{
  /* RFC 4180: doubled quotes, delimiters and line breaks inside quotes,
   * empty quoted values; spaces belong to the value. */
  static const char data[] =
    "a,b,c\n"
    "\"say \"\"hi\"\"\",\"x,y\",\"\"\n"
    " 1 ,\"line\nbreak\",\n"
    "\"\"\"\",,\"a\"\"\"\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);
  PlCsvDialect dialect = utf8_dialect (',', 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvReader) reader = pl_csv_reader_new_for_bytes (bytes, &dialect, &error);
  g_autoptr(Table) table = read_reader (reader, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (table->records->len, ==, 3);
  g_assert_cmpstr (record (table, 0)[0], ==, "say \"hi\"");
  g_assert_cmpstr (record (table, 0)[1], ==, "x,y");
  g_assert_cmpstr (record (table, 0)[2], ==, "");
  g_assert_cmpstr (record (table, 1)[0], ==, " 1 ");
  g_assert_cmpstr (record (table, 1)[1], ==, "line\nbreak");
  g_assert_cmpstr (record (table, 1)[2], ==, "");
  g_assert_cmpuint (record_line (table, 2), ==, 5);
  g_assert_cmpstr (record (table, 2)[0], ==, "\"");
  g_assert_cmpstr (record (table, 2)[1], ==, "");
  g_assert_cmpstr (record (table, 2)[2], ==, "a\"");
}

static void
test_chunk_boundaries (void)
{
  /* Line ends and characters that straddle the reader's 64 KiB chunks. */
  for (guint shift = 0; shift < 4; shift++)
    {
      g_autoptr(GString) data = g_string_new ("name,value\n");
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PlCsvReader) reader = NULL;
      g_autoptr(Table) table = NULL;
      PlCsvDialect dialect = utf8_dialect (',', 1);
      guint n = 0;

      while (data->len < 65536 - 12 - shift)
        g_string_append_printf (data, "r%u,x\r\n", n++);
      while (data->len < 65536 - 2 - shift)
        g_string_append_c (data, 'y');
      g_string_append (data, "é,\"ü\r\nß\"\r\nlast,1\r\n");
      bytes = g_bytes_new (data->str, data->len);

      reader = pl_csv_reader_new_for_bytes (bytes, &dialect, &error);
      g_assert_no_error (error);
      table = read_reader (reader, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (table->records->len, ==, n + 2);
      g_assert_true (g_str_has_suffix (record (table, n)[0], "yé"));
      g_assert_cmpstr (record (table, n)[1], ==, "ü\r\nß");
      g_assert_cmpuint (record_line (table, n), ==, n + 2);
      g_assert_cmpstr (record (table, n + 1)[0], ==, "last");
      g_assert_cmpuint (record_line (table, n + 1), ==, n + 4);
    }

  /* A UTF-16 surrogate pair across the boundary. */
  {
    g_autoptr(GString) data = g_string_new ("name,value\n");
    g_autofree char *utf16 = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(PlCsvReader) reader = NULL;
    g_autoptr(Table) table = NULL;
    PlCsvDialect dialect = utf8_dialect (',', 1);
    gsize len;

    dialect.encoding = (char *) "UTF-16LE";
    while (data->len < 32767 - 4)
      g_string_append (data, "a,b\n");
    while (data->len < 32767)
      g_string_append_c (data, 'z');
    g_string_append (data, "😀,end\n");
    utf16 = g_convert (data->str, data->len, "UTF-16LE", "UTF-8", NULL, &len, &error);
    g_assert_no_error (error);
    bytes = g_bytes_new (utf16, len);
    reader = pl_csv_reader_new_for_bytes (bytes, &dialect, &error);
    g_assert_no_error (error);
    table = read_reader (reader, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_suffix (record (table, table->records->len - 1)[0], "z😀"));
  }
}

static void
test_sample_boundary (void)
{
  /* The sniffer reads the first 256 KiB: a character, a record and a
   * quoted value all cut there must not count as errors. */
  guint cut_characters = 0;

  for (guint shift = 0; shift < 9; shift++)
    {
      g_autoptr(GString) data = g_string_new ("name");
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PlCsvSniff) sniff = NULL;
      g_autoptr(PlCsvReader) reader = NULL;
      g_autoptr(Table) table = NULL;
      guint n = 0;

      for (guint i = 0; i < shift; i++)
        g_string_append_c (data, 'x');
      g_string_append (data, ",comment\n");
      while (data->len < 300 * 1024)
        g_string_append_printf (data, "%u,\"éèà “quoted”\nsecond line\"\n", n++);
      bytes = g_bytes_new (data->str, data->len);
      cut_characters += (data->str[256 * 1024] & 0xC0) == 0x80;

      sniff = pl_csv_sniff_bytes (bytes, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sniff->dialect.encoding, ==, "UTF-8");
      g_assert_cmpint (sniff->dialect.delimiter, ==, ',');
      g_assert_cmpuint (sniff->dialect.header_rows, ==, 1);
      reader = pl_csv_reader_new_for_bytes (bytes, &sniff->dialect, &error);
      g_assert_no_error (error);
      table = read_reader (reader, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (table->records->len, ==, n);
    }
  g_assert_cmpuint (cut_characters, >, 0);
}

/* Big values and flat memory */

static char *
write_big_field_file (const char *name,
                      gsize       field_bytes)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  FILE *file = fopen (path, "wb");
  char block[4096];
  gsize written = 0;

  g_assert_nonnull (file);
  memset (block, 'x', sizeof block);
  /* Line breaks inside the value, as in a long pasted text. */
  block[100] = '\n';
  fputs ("id,text,score\n1,short,5\n2,\"", file);
  while (written < field_bytes)
    {
      gsize n = MIN (sizeof block, field_bytes - written);

      fwrite (block, 1, n, file);
      written += n;
    }
  fputs ("\",4\n3,after,3\n", file);
  fclose (file);
  return g_steal_pointer (&path);
}

static void
test_big_field (void)
{
  g_autofree char *ten = write_big_field_file ("ten-mb.csv", 10 * 1024 * 1024);
  g_autofree char *seventeen = write_big_field_file ("seventeen-mb.csv", 17 * 1024 * 1024);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) sniff = NULL;
  g_autoptr(PlCsvReader) reader = NULL;
  GPtrArray *fields;
  guint64 line;

  g_test_summary ("A 10 MB value is read whole; a 17 MB one is refused with its line");

  sniff = pl_csv_sniff (ten, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sniff->dialect.header_rows, ==, 1);
  g_assert_cmpint (sniff->dialect.delimiter, ==, ',');

  reader = pl_csv_reader_new (ten, &sniff->dialect, &error);
  g_assert_no_error (error);
  g_assert_true (pl_csv_reader_next (reader, &fields, &line, &error));
  g_assert_true (pl_csv_reader_next (reader, &fields, &line, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (line, ==, 3);
  g_assert_cmpuint (strlen (g_ptr_array_index (fields, 1)), ==, 10 * 1024 * 1024);
  g_assert_cmpstr (g_ptr_array_index (fields, 2), ==, "4");
  g_assert_true (pl_csv_reader_next (reader, &fields, &line, &error));
  g_assert_cmpstr (g_ptr_array_index (fields, 1), ==, "after");
  /* 10 MiB with a line break every 4096 bytes: the value ends 2,560 lines
   * further down, and the next record starts on the line after. */
  g_assert_cmpuint (line, ==, 3 + 2560 + 1);
  g_assert_false (pl_csv_reader_next (reader, &fields, &line, &error));
  g_assert_no_error (error);
  g_clear_pointer (&reader, pl_csv_reader_free);
  g_clear_pointer (&sniff, pl_csv_sniff_free);

  sniff = pl_csv_sniff (seventeen, NULL, NULL, &error);
  g_assert_no_error (error);
  reader = pl_csv_reader_new (seventeen, &sniff->dialect, &error);
  g_assert_no_error (error);
  g_assert_true (pl_csv_reader_next (reader, &fields, &line, &error));
  g_assert_false (pl_csv_reader_next (reader, &fields, &line, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  assert_message (error, "A value on line 3 is longer than 16 MB");
  g_clear_error (&error);
  /* It keeps failing; it does not pretend the file ended. */
  g_assert_false (pl_csv_reader_next (reader, &fields, &line, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);

  g_unlink (ten);
  g_unlink (seventeen);
}

static void
test_streaming_memory (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "forty-mb.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) sniff = NULL;
  g_autoptr(PlCsvReader) reader = NULL;
  FILE *file = fopen (path, "wb");
  GPtrArray *fields;
  guint64 line = 0, records = 0, size = 0;
  glong before, after;

  g_test_summary ("Reading a 40 MB file does not load it: peak memory grows far less than the file");

  g_assert_nonnull (file);
  fputs ("id,date,channel,score,comment\n", file);
  for (guint i = 0; size < 40 * 1024 * 1024; i++)
    {
      int n = fprintf (file, "%u,2026-03-%02u,phone,%u,\"Fine, thanks — %u\nsecond line\"\n",
                       i, i % 28 + 1, i % 11, i);

      size += n;
      records++;
    }
  fclose (file);

  before = peak_rss_kb ();
  sniff = pl_csv_sniff (path, NULL, NULL, &error);
  g_assert_no_error (error);
  reader = pl_csv_reader_new (path, &sniff->dialect, &error);
  g_assert_no_error (error);
  size = 0;
  while (pl_csv_reader_next (reader, &fields, &line, &error))
    {
      size++;
      g_assert_cmpuint (pl_csv_reader_get_position (reader), <=, pl_csv_reader_get_size (reader));
    }
  g_assert_no_error (error);
  after = peak_rss_kb ();

  g_assert_cmpuint (size, ==, records);
  g_assert_cmpuint (line, ==, records * 2);
  g_assert_cmpuint (pl_csv_reader_get_position (reader), ==, pl_csv_reader_get_size (reader));
  g_test_message ("peak RSS grew by %ld KiB reading %" G_GUINT64_FORMAT " bytes",
                  after - before, pl_csv_reader_get_size (reader));
  g_assert_cmpint (after - before, <, 8 * 1024);
  g_unlink (path);
}

/* Bad files: each gets its own message */

static void
test_error_empty (void)
{
  g_autofree char *path = fixture ("empty.csv");
  static const char blank[] = "\n\r\n\n";
  g_autofree char *blank_path = write_tmp ("blank.csv", blank, sizeof blank - 1);
  g_autofree char *bom_path = write_tmp ("bom-only.csv", "\xEF\xBB\xBF", 3);
  PlCsvDialect dialect = utf8_dialect (',', 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvReader) reader = NULL;

  assert_sniff_fails (path, "The file is empty.");
  assert_sniff_fails (blank_path, "The file is empty.");
  assert_sniff_fails (bom_path, "The file is empty.");

  reader = pl_csv_reader_new (path, &dialect, &error);
  g_assert_null (reader);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  assert_message (error, "The file is empty.");
}

static void
test_error_header_only (void)
{
  g_autofree char *path = fixture ("header-only.csv");
  g_autoptr(GError) error = NULL;
  PlCsvDialect dialect = utf8_dialect (',', 1);
  g_autoptr(PlCsvReader) reader = NULL;
  g_autoptr(Table) table = NULL;

  assert_sniff_fails (path, "The file has column names but no rows.");

  /* With the header given, the reader has names and no records. */
  reader = pl_csv_reader_new (path, &dialect, &error);
  g_assert_no_error (error);
  table = read_reader (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->headers->len, ==, 3);
  g_assert_cmpuint (table->records->len, ==, 0);
}

static void
test_error_binary (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260318);
  g_autofree guint8 *junk = g_malloc (8192);
  g_autofree char *junk_path = NULL;
  static const char nul[] = "name,score\nRen\xE9" "e,9\nJos\xE9,\0\n";
  g_autofree char *nul_path = write_tmp ("nul.csv", nul, sizeof nul - 1);
  static const char controls[] = "\x01\x02\x03,\x04\n\x05\x06,\x07\x08\n\x0e\x0f,\x10\x11\n";
  g_autofree char *control_path = write_tmp ("controls.csv", controls, sizeof controls - 1);
  g_autofree char *gzip_path = NULL;
  static const guint8 gzip_header[] = { 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03 };

  for (guint i = 0; i < 8192; i++)
    junk[i] = g_rand_int_range (rand, 0, 256);
  junk_path = write_tmp ("junk.bin", (const char *) junk, 8192);
  assert_sniff_fails (junk_path, "not a text file");

  /* A NUL byte in an 8-bit file. */
  assert_sniff_fails (nul_path, "not a text file");
  /* Valid UTF-8, but control codes instead of text. */
  assert_sniff_fails (control_path, "not a text file");

  memcpy (junk, gzip_header, sizeof gzip_header);
  gzip_path = write_tmp ("export.csv.gz", (const char *) junk, 4096);
  assert_sniff_fails (gzip_path, "not a text file");
}

static void
test_error_unterminated_quote (void)
{
  g_autofree char *path = fixture ("unterminated-quote.csv");
  PlCsvDialect dialect = utf8_dialect (',', 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvReader) reader = NULL;
  GPtrArray *fields;
  guint64 line;

  assert_sniff_fails (path, "A quoted value that starts on line 3 is never closed");

  /* The reader gives the good record first, then the error. */
  reader = pl_csv_reader_new (path, &dialect, &error);
  g_assert_no_error (error);
  g_assert_true (pl_csv_reader_next (reader, &fields, &line, &error));
  g_assert_cmpstr (g_ptr_array_index (fields, 1), ==, "fine");
  g_assert_false (pl_csv_reader_next (reader, &fields, &line, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  assert_message (error, "A quoted value that starts on line 3 is never closed");
}

static void
test_error_bad_bytes (void)
{
  static const char cp1252_bad[] = "name,comment\nRenée,ok\nJosé,bad \x81 byte\n";
  g_autofree char *cp1252_path = write_tmp ("bad-1252.csv", cp1252_bad, sizeof cp1252_bad - 1);
  g_autofree char *late_path = g_build_filename (tmp_dir, "late-latin1.csv", NULL);
  PlCsvDialect dialect = utf8_dialect (',', 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvReader) reader = NULL;
  g_autoptr(PlCsvSniff) sniff = NULL;
  g_autoptr(GString) late = g_string_new ("id,comment\n");
  GPtrArray *fields;
  guint64 line;
  guint n = 0;

  /* The user chose Windows-1252, which has no byte 0x81. */
  dialect.encoding = (char *) "WINDOWS-1252";
  reader = pl_csv_reader_new (cp1252_path, &dialect, &error);
  g_assert_no_error (error);
  g_assert_true (pl_csv_reader_next (reader, &fields, &line, &error));
  g_assert_false (pl_csv_reader_next (reader, &fields, &line, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  assert_message (error, "Line 3 has bytes that are not text in WINDOWS-1252; choose another encoding");
  g_clear_error (&error);
  g_clear_pointer (&reader, pl_csv_reader_free);

  /* UTF-8 as far as the sniffer looked; a Latin-1 "é" much further on. */
  while (late->len < 400 * 1024)
    g_string_append_printf (late, "%u,plain ascii comment number %u\n", n, n), n++;
  g_string_append (late, "9999999,Ren\xE9" "e\n");
  g_file_set_contents (late_path, late->str, late->len, &error);
  g_assert_no_error (error);

  sniff = pl_csv_sniff (late_path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sniff->dialect.encoding, ==, "UTF-8");
  reader = pl_csv_reader_new (late_path, &sniff->dialect, &error);
  g_assert_no_error (error);
  while (pl_csv_reader_next (reader, &fields, &line, &error))
    ;
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  {
    g_autofree char *expected = g_strdup_printf ("Line %u has bytes that are not text in UTF-8", n + 2);

    assert_message (error, expected);
  }
  g_clear_error (&error);
  g_clear_pointer (&reader, pl_csv_reader_free);

  /* An odd byte at the end of a UTF-16 file. */
  {
    static const char odd[] = "\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0" "x";
    g_autoptr(GBytes) bytes = g_bytes_new_static (odd, sizeof odd - 1);
    g_autoptr(PlCsvSniff) s = pl_csv_sniff_bytes (bytes, NULL, NULL, &error);

    g_assert_null (s);
    g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
    assert_message (error, "Line 3 has bytes that are not text in UTF-16LE");
  }
}

static void
test_error_too_many_fields (void)
{
  g_autoptr(GString) data = g_string_new ("a,b\n1,2\n");
  g_autoptr(GBytes) bytes = NULL;
  PlCsvDialect dialect = utf8_dialect (',', 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvReader) reader = NULL;
  g_autoptr(Table) table = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_c (data, ',');
  g_string_append_c (data, '\n');
  bytes = g_bytes_new (data->str, data->len);
  reader = pl_csv_reader_new_for_bytes (bytes, &dialect, &error);
  g_assert_no_error (error);
  table = read_reader (reader, &error);
  g_assert_null (table);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  assert_message (error, "line 3 has more than 16,384 values");
}

static void
test_error_missing_file (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "no-such-file.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) sniff = pl_csv_sniff (path, NULL, NULL, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *nps = g_test_build_filename (G_TEST_DIST, "data",
                                                "nps-store-survey-fr-latin1.csv", NULL);

  g_assert_null (sniff);
  g_assert_error (error, PL_ERROR, PL_ERROR_IO);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  sniff = pl_csv_sniff (nps, NULL, cancellable, &error);
  g_assert_null (sniff);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Dates */

static void
test_dates_ambiguous (void)
{
  g_autoptr(PlCsvSniff) sniff = sniff_fixture ("dates-ambiguous.csv");

  g_assert_cmpint (column (sniff, 0)->type, ==, PL_COLUMN_DATE);
  g_assert_true (column (sniff, 0)->date_ambiguous);
  g_assert_cmpint (column (sniff, 0)->date_order, ==, PL_DATE_ORDER_UNKNOWN);
  g_assert_cmpint (sniff->dialect.date_order, ==, PL_DATE_ORDER_UNKNOWN);
  g_assert_true (notes_contain (sniff, "Dates in column “Date” could be day/month or month/day"));
}

static void
test_dates_resolved (void)
{
  g_autoptr(PlCsvSniff) dmy = sniff_fixture ("dates-dmy.csv");
  g_autoptr(PlCsvSniff) mdy = sniff_fixture ("dates-mdy.csv");

  g_assert_cmpint (dmy->dialect.date_order, ==, PL_DATE_ORDER_DMY);
  g_assert_cmpint (column (dmy, 0)->date_order, ==, PL_DATE_ORDER_DMY);
  g_assert_false (column (dmy, 0)->date_ambiguous);
  /* A column of its own that fits both is read like the rest of the file,
   * and the user is told. */
  g_assert_true (column (dmy, 1)->date_ambiguous);
  g_assert_cmpint (column (dmy, 1)->date_order, ==, PL_DATE_ORDER_DMY);
  g_assert_true (notes_contain (dmy, "they are read as day/month"));

  g_assert_cmpint (mdy->dialect.date_order, ==, PL_DATE_ORDER_MDY);
  g_assert_cmpint (column (mdy, 0)->date_order, ==, PL_DATE_ORDER_MDY);
  g_assert_false (column (mdy, 0)->date_ambiguous);
  g_assert_cmpuint (mdy->notes->len, ==, 0);
}

static void
test_parse_date (void)
{
  static const struct
  {
    const char  *text;
    PlDateOrder  order;
    const char  *date;
    const char  *moment;   /* TZ=UTC in the test environment */
  } good[] = {
    { "2026-03-18", PL_DATE_ORDER_ISO, "2026-03-18", NULL },
    { "2020/3/18", PL_DATE_ORDER_ISO, "2020-03-18", NULL },
    { "2020/3/18", PL_DATE_ORDER_DMY, "2020-03-18", NULL },
    { "18/03/2026", PL_DATE_ORDER_DMY, "2026-03-18", NULL },
    { "03/04/2026", PL_DATE_ORDER_DMY, "2026-04-03", NULL },
    { "03/04/2026", PL_DATE_ORDER_MDY, "2026-03-04", NULL },
    { "3/18/2026", PL_DATE_ORDER_MDY, "2026-03-18", NULL },
    { "18.03.2026", PL_DATE_ORDER_DMY, "2026-03-18", NULL },
    { "18-03-26", PL_DATE_ORDER_DMY, "2026-03-18", NULL },
    /* Unknown order: only what cannot be misread. */
    { "18/03/2026", PL_DATE_ORDER_UNKNOWN, "2026-03-18", NULL },
    { "03/18/2026", PL_DATE_ORDER_UNKNOWN, "2026-03-18", NULL },
    { "04/04/2026", PL_DATE_ORDER_UNKNOWN, "2026-04-04", NULL },
    { " 2026-03-18 ", PL_DATE_ORDER_ISO, "2026-03-18", NULL },
    /* Times and zones. */
    { "18/03/2026 14:05", PL_DATE_ORDER_DMY, "2026-03-18", "2026-03-18T14:05:00Z" },
    { "2026-03-18T14:05:00Z", PL_DATE_ORDER_ISO, "2026-03-18", "2026-03-18T14:05:00Z" },
    { "2026-03-18T14:05:00+01:00", PL_DATE_ORDER_ISO, "2026-03-18", "2026-03-18T13:05:00Z" },
    { "2026-03-18 23:30:00-05:00", PL_DATE_ORDER_ISO, "2026-03-18", "2026-03-19T04:30:00Z" },
    { "2026-03-18T00:30:00+0200", PL_DATE_ORDER_ISO, "2026-03-18", "2026-03-17T22:30:00Z" },
    { "2026-03-18 14:05:00.123456", PL_DATE_ORDER_ISO, "2026-03-18", "2026-03-18T14:05:00Z" },
    { "2026-03-18 14:05 UTC", PL_DATE_ORDER_ISO, "2026-03-18", "2026-03-18T14:05:00Z" },
    { "03/18/2026 02:05:11 PM", PL_DATE_ORDER_MDY, "2026-03-18", "2026-03-18T14:05:11Z" },
    { "03/18/2026 12:00 AM", PL_DATE_ORDER_MDY, "2026-03-18", "2026-03-18T00:00:00Z" },
    { "29/02/2024", PL_DATE_ORDER_DMY, "2024-02-29", NULL },
  };
  static const struct
  {
    const char  *text;
    PlDateOrder  order;
  } bad[] = {
    { "", PL_DATE_ORDER_ISO },
    { "NA", PL_DATE_ORDER_ISO },
    { "03/04/2026", PL_DATE_ORDER_UNKNOWN },
    { "03/04/2026", PL_DATE_ORDER_ISO },
    { "18/03/2026", PL_DATE_ORDER_MDY },
    { "2026-13-01", PL_DATE_ORDER_ISO },
    { "29/02/2026", PL_DATE_ORDER_DMY },
    { "2026-03-18x", PL_DATE_ORDER_ISO },
    { "2026-03-18 25:00", PL_DATE_ORDER_ISO },
    { "2026-03-18 14:05 tomorrow", PL_DATE_ORDER_ISO },
    { "2026-03-18T14:05+15:00", PL_DATE_ORDER_ISO },
    { "12.5", PL_DATE_ORDER_DMY },
    { "2026/03", PL_DATE_ORDER_ISO },
    { "1/2/3", PL_DATE_ORDER_DMY },
    { "20260318", PL_DATE_ORDER_ISO },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *date = NULL;
      g_autofree char *moment = NULL;

      if (!pl_csv_parse_date (good[i].text, good[i].order, &date, &moment))
        g_error ("“%s” was not read as a date", good[i].text);
      g_assert_cmpstr (date, ==, good[i].date);
      g_assert_cmpstr (moment, ==, good[i].moment);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *date = NULL;
      g_autofree char *moment = NULL;

      if (pl_csv_parse_date (bad[i].text, bad[i].order, &date, &moment))
        g_error ("“%s” was read as the date %s", bad[i].text, date);
      g_assert_null (date);
      g_assert_null (moment);
    }
}

/* Numbers and missing values */

static void
test_parse_number (void)
{
  static const struct
  {
    const char *text;
    gboolean    decimal_comma;
    double      value;
  } good[] = {
    { "0", FALSE, 0 },
    { "42", FALSE, 42 },
    { "-3", FALSE, -3 },
    { "+7", FALSE, 7 },
    { " 12 ", FALSE, 12 },
    { "4.5", FALSE, 4.5 },
    { ".5", FALSE, 0.5 },
    { "1,234.5", FALSE, 1234.5 },
    { "1,234", FALSE, 1234 },
    { "12,345,678.25", FALSE, 12345678.25 },
    { "1.5e3", FALSE, 1500 },
    { "4,5", TRUE, 4.5 },
    { "1.234,5", TRUE, 1234.5 },
    { "1.234", TRUE, 1234 },
    { "-0,25", TRUE, -0.25 },
    { "1 234,5", TRUE, 1234.5 },
    { "1\xC2\xA0" "234,5", TRUE, 1234.5 },
    { " 7 ", TRUE, 7 },
  };
  static const struct
  {
    const char *text;
    gboolean    decimal_comma;
  } bad[] = {
    { "", FALSE },
    { " ", FALSE },
    { "12abc", FALSE },
    { "abc", FALSE },
    { "NA", FALSE },
    { "-", FALSE },
    { "+", FALSE },
    { "1.2.3", FALSE },
    { "4,5", FALSE },
    { "1,23", FALSE },
    { "1234,567", FALSE },
    { "1,234,56", FALSE },
    { "5.", FALSE },
    { "inf", FALSE },
    { "nan", FALSE },
    { "1e999", FALSE },
    { "0x1A", FALSE },
    { "12 34", FALSE },
    { "4.5", TRUE },
    { "1,2,3", TRUE },
    { "1.23", TRUE },
    { "12 5", TRUE },
    { "85%", FALSE },
    { "€12", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      double value = -1;

      if (!pl_csv_parse_number (good[i].text, good[i].decimal_comma, &value))
        g_error ("“%s” was not read as a number", good[i].text);
      g_assert_cmpfloat_with_epsilon (value, good[i].value, 1e-9);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      double value = -1;

      if (pl_csv_parse_number (bad[i].text, bad[i].decimal_comma, &value))
        g_error ("“%s” was read as the number %g", bad[i].text, value);
      g_assert_cmpfloat (value, ==, -1);
    }
}

static void
test_missing_tokens (void)
{
  const char * const *tokens = pl_csv_default_missing_tokens ();
  static const char * const mine[] = { "none", "?", NULL };
  static const char data[] = "name,score\nann,?\nbob,NA\ncarol,none\ndan,5\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) sniff = NULL;
  const char *missing[] = { "", "NA", "N/A", "n/a", "-", "NULL" };

  g_assert_cmpuint (g_strv_length ((GStrv) tokens), ==, G_N_ELEMENTS (missing));
  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      g_assert_cmpstr (tokens[i], ==, missing[i]);
      g_assert_true (pl_csv_is_missing (missing[i], NULL));
    }
  g_assert_true (pl_csv_is_missing (NULL, NULL));
  g_assert_true (pl_csv_is_missing ("  ", NULL));
  g_assert_true (pl_csv_is_missing (" NA ", NULL));
  g_assert_false (pl_csv_is_missing ("na", NULL));
  g_assert_false (pl_csv_is_missing ("0", NULL));
  g_assert_false (pl_csv_is_missing ("NAME", NULL));
  g_assert_false (pl_csv_is_missing ("--", NULL));
  g_assert_true (pl_csv_is_missing ("?", mine));
  g_assert_false (pl_csv_is_missing ("NA", mine));

  /* The sniffer counts with the tokens it is given. */
  sniff = pl_csv_sniff_bytes (bytes, mine, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (column (sniff, 1)->n_missing, ==, 2);
  g_assert_cmpuint (column (sniff, 1)->n_values, ==, 2);
  g_assert_cmpint (column (sniff, 1)->type, ==, PL_COLUMN_TEXT);
  g_clear_pointer (&sniff, pl_csv_sniff_free);

  sniff = pl_csv_sniff_bytes (bytes, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (column (sniff, 1)->n_missing, ==, 1);
}

static void
test_dialect_copy (void)
{
  PlCsvDialect src = utf8_dialect (';', 2);
  PlCsvDialect dest = { 0 };

  src.encoding = g_strdup ("WINDOWS-1252");
  src.decimal_comma = TRUE;
  src.date_order = PL_DATE_ORDER_DMY;
  pl_csv_dialect_copy (&src, &dest);
  g_assert_cmpstr (dest.encoding, ==, "WINDOWS-1252");
  g_assert_true (dest.encoding != src.encoding);
  g_assert_cmpint (dest.delimiter, ==, ';');
  g_assert_cmpuint (dest.header_rows, ==, 2);
  g_assert_true (dest.decimal_comma);
  g_assert_cmpint (dest.date_order, ==, PL_DATE_ORDER_DMY);
  pl_csv_dialect_clear (&src);
  pl_csv_dialect_clear (&dest);
  g_assert_null (dest.encoding);
}

static void
test_unknown_encoding (void)
{
  g_autofree char *path = fixture ("latin1.csv");
  PlCsvDialect dialect = utf8_dialect (',', 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvReader) reader = NULL;

  dialect.encoding = (char *) "KLINGON-1";
  reader = pl_csv_reader_new (path, &dialect, &error);
  g_assert_null (reader);
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  assert_message (error, "KLINGON-1");
}

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (tmp_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("plumbline-test-csv-XXXXXX", &error);
  g_assert_no_error (error);

  /* First: it measures how far peak memory grows. */
  g_test_add_func ("/core/csv/streaming-memory", test_streaming_memory);
  g_test_add_func ("/core/csv/real/nps-survey", test_real_nps);
  g_test_add_func ("/core/csv/real/cfpb-complaints", test_real_cfpb);
  g_test_add_func ("/core/csv/headers/two-rows", test_headers_two_rows);
  g_test_add_func ("/core/csv/headers/two-rows-text-answers", test_headers_two_rows_text_answers);
  g_test_add_func ("/core/csv/headers/three-rows", test_headers_three_rows);
  g_test_add_func ("/core/csv/headers/none-and-unnamed", test_headers_none_and_unnamed);
  g_test_add_func ("/core/csv/headers/r-row-names", test_headers_r_row_names);
  g_test_add_func ("/core/csv/semicolon-decimal-comma", test_semicolon_decimal_comma);
  g_test_add_func ("/core/csv/encoding/utf16le-bom-tab", test_utf16le_bom_tab);
  g_test_add_func ("/core/csv/encoding/utf16be-bom", test_utf16be_bom);
  g_test_add_func ("/core/csv/encoding/utf16-without-bom", test_utf16_without_bom);
  g_test_add_func ("/core/csv/encoding/legacy", test_legacy_encodings);
  g_test_add_func ("/core/csv/encoding/unknown", test_unknown_encoding);
  g_test_add_func ("/core/csv/delimiters", test_delimiters);
  g_test_add_func ("/core/csv/line-ends/crlf", test_crlf);
  g_test_add_func ("/core/csv/line-ends/cr-only", test_cr_only);
  g_test_add_func ("/core/csv/line-ends/no-final-newline", test_no_final_newline);
  g_test_add_func ("/core/csv/line-ends/mixed", test_mixed_line_ends);
  g_test_add_func ("/core/csv/ragged", test_ragged);
  g_test_add_func ("/core/csv/quoting", test_quoting);
  g_test_add_func ("/core/csv/chunk-boundaries", test_chunk_boundaries);
  g_test_add_func ("/core/csv/sample-boundary", test_sample_boundary);
  g_test_add_func ("/core/csv/big-field", test_big_field);
  g_test_add_func ("/core/csv/errors/empty", test_error_empty);
  g_test_add_func ("/core/csv/errors/header-only", test_error_header_only);
  g_test_add_func ("/core/csv/errors/binary", test_error_binary);
  g_test_add_func ("/core/csv/errors/unterminated-quote", test_error_unterminated_quote);
  g_test_add_func ("/core/csv/errors/bad-bytes", test_error_bad_bytes);
  g_test_add_func ("/core/csv/errors/too-many-values", test_error_too_many_fields);
  g_test_add_func ("/core/csv/errors/missing-file", test_error_missing_file);
  g_test_add_func ("/core/csv/dates/ambiguous", test_dates_ambiguous);
  g_test_add_func ("/core/csv/dates/resolved", test_dates_resolved);
  g_test_add_func ("/core/csv/dates/parse", test_parse_date);
  g_test_add_func ("/core/csv/numbers/parse", test_parse_number);
  g_test_add_func ("/core/csv/missing-tokens", test_missing_tokens);
  g_test_add_func ("/core/csv/dialect-copy", test_dialect_copy);

  result = g_test_run ();
  remove_tmp_dir ();
  g_free (tmp_dir);
  return result;
}
