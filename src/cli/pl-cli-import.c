/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/pl-csv.h"
#include "core/pl-error.h"
#include "core/pl-import.h"
#include "core/pl-item.h"
#include "core/pl-util.h"
#include "core/pl-workspace.h"

#include "pl-cli.h"

/* import FILE --into WORKSPACE --kind KIND [options]
 * import --undo BATCH --into WORKSPACE
 *
 * Sniffs the file, starts from a preset or the suggested mapping, applies
 * the --map overrides and imports in one transaction (DESIGN.md §7). */

/* Problems listed in the JSON output and on the terminal. */
#define MAX_JSON_PROBLEMS 1000
#define MAX_PRINTED_PROBLEMS 20

static const char *
delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case ';':
      return ";";
    case '\t':
      return "tab";
    case '|':
      return "|";
    case ',':
    default:
      return ",";
    }
}

static gboolean
parse_delimiter (const char *text,
                 char       *out)
{
  static const struct { const char *name; char delimiter; } names[] = {
    { ",", ',' }, { "comma", ',' },
    { ";", ';' }, { "semicolon", ';' },
    { "\t", '\t' }, { "\\t", '\t' }, { "tab", '\t' },
    { "|", '|' }, { "pipe", '|' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i].name) == 0)
      {
        *out = names[i].delimiter;
        return TRUE;
      }

  return FALSE;
}

static gboolean
parse_date_order (const char  *text,
                  PlDateOrder *out)
{
  if (g_ascii_strcasecmp (text, "iso") == 0)
    *out = PL_DATE_ORDER_ISO;
  else if (g_ascii_strcasecmp (text, "dmy") == 0)
    *out = PL_DATE_ORDER_DMY;
  else if (g_ascii_strcasecmp (text, "mdy") == 0)
    *out = PL_DATE_ORDER_MDY;
  else
    return FALSE;

  return TRUE;
}

static gboolean
encoding_known (const char *encoding)
{
  GIConv conv = g_iconv_open ("UTF-8", encoding);

  if (conv == (GIConv) -1)
    return FALSE;

  g_iconv_close (conv);
  return TRUE;
}

/* Fields that hold dates, whatever the kind. */
static gboolean
field_is_date (const char *field)
{
  return g_strcmp0 (field, "date") == 0 || g_strcmp0 (field, "received") == 0 ||
         g_strcmp0 (field, "responded") == 0 || g_strcmp0 (field, "resolved") == 0;
}

/* An item by id, or by name ignoring case; 0 when there is none. */
static gint64
find_item (PlWorkspace  *workspace,
           PlItemKind    kind,
           const char   *name_or_id,
           GError      **error)
{
  g_autoptr(GListModel) items = pl_workspace_list_items (workspace, kind, error);
  g_autofree char *key = NULL;
  guint64 id = 0;
  gboolean numeric;

  if (items == NULL)
    return -1;

  numeric = g_ascii_string_to_unsigned (name_or_id, 10, 1, G_MAXINT64, &id, NULL);
  key = g_utf8_casefold (name_or_id, -1);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (items, i);
      g_autofree char *name = g_utf8_casefold (pl_item_get_name (item), -1);

      if ((numeric && pl_item_get_id (item) == (gint64) id) || g_str_equal (name, key))
        return pl_item_get_id (item);
    }

  return 0;
}

static GPtrArray *
read_headers (const char          *path,
              const PlCsvDialect  *dialect,
              GError             **error)
{
  g_autoptr(PlCsvReader) reader = pl_csv_reader_new (path, dialect, error);
  GPtrArray *headers;
  GPtrArray *copy;

  if (reader == NULL)
    return NULL;

  headers = pl_csv_reader_get_headers (reader);
  copy = g_ptr_array_new_full (headers->len, g_free);
  for (guint i = 0; i < headers->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (headers, i)));

  return copy;
}

static gboolean
has_header (GPtrArray  *headers,
            const char *name)
{
  for (guint i = 0; i < headers->len; i++)
    if (g_str_equal (g_ptr_array_index (headers, i), name))
      return TRUE;

  return FALSE;
}

static char *
join_headers (GPtrArray *headers)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < headers->len; i++)
    g_string_append_printf (text, "%s“%s”", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (headers, i));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct
{
  gboolean show;
  int last_percent;
} Progress;

static void
progress_cb (guint64  position,
             guint64  size,
             gpointer user_data)
{
  Progress *progress = user_data;
  int percent = size > 0 ? (int) (100 * position / size) : 100;

  if (!progress->show || percent == progress->last_percent)
    return;

  progress->last_percent = percent;
  /* Translators: progress on the terminal, %d is a percentage */
  g_printerr ("\r");
  g_printerr (_("Importing… %d%%"), percent);
}

static int
run_undo (const char *workspace_path,
          const char *batch_text,
          gboolean    json)
{
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  guint64 batch_id;

  if (!g_ascii_string_to_unsigned (batch_text, 10, 1, G_MAXINT64, &batch_id, NULL))
    return pl_cli_usage_error ("import", _("--undo takes the number of an import (its batch_id)."));

  workspace = pl_workspace_open (workspace_path, &error);
  if (workspace == NULL)
    return pl_cli_operation_failed (error);

  if (!pl_import_undo_batch (workspace, (gint64) batch_id, &error))
    return pl_cli_operation_failed (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "undone");
      json_builder_add_int_value (builder, (gint64) batch_id);
      json_builder_end_object (builder);
      pl_cli_print_json (builder);
    }
  else
    g_print (_("Undid import %llu: its rows were removed from the workspace.\n"),
             (unsigned long long) batch_id);

  return EXIT_OK;
}

static void
print_result_json (PlImportResult     *result,
                   const char         *path,
                   const PlCsvDialect *dialect,
                   PlImportKind        kind,
                   double              seconds)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, pl_import_kind_to_string (kind));
  json_builder_set_member_name (builder, "rows_read");
  json_builder_add_int_value (builder, (gint64) result->rows_read);
  json_builder_set_member_name (builder, "rows_imported");
  json_builder_add_int_value (builder, (gint64) result->rows_imported);
  json_builder_set_member_name (builder, "rows_rejected");
  json_builder_add_int_value (builder, (gint64) result->rows_rejected);
  json_builder_set_member_name (builder, "batch_id");
  json_builder_add_int_value (builder, result->batch_id);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, result->sha256);
  json_builder_set_member_name (builder, "encoding");
  json_builder_add_string_value (builder, dialect->encoding);
  json_builder_set_member_name (builder, "delimiter");
  json_builder_add_string_value (builder, delimiter_name (dialect->delimiter));
  json_builder_set_member_name (builder, "header_rows");
  json_builder_add_int_value (builder, dialect->header_rows);
  json_builder_set_member_name (builder, "milliseconds");
  json_builder_add_int_value (builder, (gint64) (seconds * 1000 + 0.5));
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->problems->len && i < MAX_JSON_PROBLEMS; i++)
    {
      PlImportProblem *problem = g_ptr_array_index (result->problems, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, (gint64) problem->line);
      json_builder_set_member_name (builder, "column");
      if (problem->column != NULL)
        json_builder_add_string_value (builder, problem->column);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "value");
      if (problem->value != NULL)
        json_builder_add_string_value (builder, problem->value);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, problem->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  pl_cli_print_json (builder);
}

static void
print_result_text (PlImportResult     *result,
                   const char         *path,
                   const PlCsvDialect *dialect,
                   double              seconds)
{
  g_autofree char *name = g_filename_display_basename (path);

  g_print (_("Imported %llu of %llu rows from %s as import %lld in %.1f s.\n"),
           (unsigned long long) result->rows_imported, (unsigned long long) result->rows_read,
           name, (long long) result->batch_id, seconds);
  /* Translators: the encoding, the delimiter ("," or "tab"…) and the number of header rows */
  g_print (_("Read as %s, delimiter “%s”, %u header row(s).\n"),
           dialect->encoding, delimiter_name (dialect->delimiter), dialect->header_rows);

  if (result->rows_rejected == 0)
    return;

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "%llu row was not imported:\n", "%llu rows were not imported:\n",
                        result->rows_rejected),
           (unsigned long long) result->rows_rejected);
  for (guint i = 0; i < result->problems->len && i < MAX_PRINTED_PROBLEMS; i++)
    {
      PlImportProblem *problem = g_ptr_array_index (result->problems, i);

      if (problem->column != NULL)
        g_print (_("  line %llu, column “%s”: %s\n"), (unsigned long long) problem->line,
                 problem->column, problem->reason);
      else
        g_print (_("  line %llu: %s\n"), (unsigned long long) problem->line, problem->reason);
    }
  if (result->problems->len > MAX_PRINTED_PROBLEMS)
    g_print (_("  … and %u more (save them all with --rejects FILE).\n"),
             result->problems->len - MAX_PRINTED_PROBLEMS);
}

int
pl_cli_import (int    argc,
               char **argv)
{
  g_autofree char *into = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *preset = NULL;
  g_auto(GStrv) maps = NULL;
  g_autofree char *survey = NULL;
  g_autofree char *scorecard = NULL;
  g_autofree char *date = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *delimiter = NULL;
  g_autofree char *header_rows = NULL;
  g_autofree char *date_order = NULL;
  g_auto(GStrv) missing = NULL;
  g_autofree char *rejects = NULL;
  g_autofree char *undo = NULL;
  gboolean force = FALSE;
  gboolean no_create = FALSE;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "into", 'i', 0, G_OPTION_ARG_FILENAME, &into,
      N_("The workspace to import into"), N_("WORKSPACE") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_text,
      N_("What the rows are: survey, observation, metric, complaint or interaction"), N_("KIND") },
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &preset,
      N_("Start from a saved or built-in mapping (generic-survey, surveymonkey, google-forms, "
         "qualtrics, helpdesk-tickets, phone-intervals)"), N_("NAME") },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps,
      N_("Feed a field from a column; FIELD “-” or “ignore” leaves the column out (repeatable)"),
      N_("COLUMN=FIELD") },
    { "survey", 0, 0, G_OPTION_ARG_STRING, &survey,
      N_("The survey responses go to, by name or number; a new name makes a new survey"),
      N_("NAME-OR-ID") },
    { "scorecard", 0, 0, G_OPTION_ARG_STRING, &scorecard,
      N_("The scorecard observations were scored on, by name or number"), N_("NAME-OR-ID") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      N_("The date (YYYY-MM-DD) of rows that have none, for files without a date column"),
      N_("DATE") },
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &encoding,
      N_("The file’s encoding, instead of the one detected (UTF-8, WINDOWS-1252, ISO-8859-1, UTF-16LE…)"),
      N_("ENCODING") },
    { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &delimiter,
      N_("The delimiter, instead of the one detected: comma, semicolon, tab or pipe"), N_("D") },
    { "header-rows", 0, 0, G_OPTION_ARG_STRING, &header_rows,
      N_("How many header rows the file has (0 to 3)"), N_("N") },
    { "date-order", 0, 0, G_OPTION_ARG_STRING, &date_order,
      N_("How dates like 03/04/2026 are written: iso, dmy (UK) or mdy (US)"), N_("ORDER") },
    { "missing", 0, 0, G_OPTION_ARG_STRING_ARRAY, &missing,
      N_("A value that means “no answer” (repeatable; replaces NA, N/A, n/a, -, NULL)"), N_("TOKEN") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Import the file even if it was imported before"), NULL },
    { "no-create", 0, 0, G_OPTION_ARG_NONE, &no_create,
      N_("Reject rows naming a channel, colleague or team the workspace does not have, "
         "instead of creating it"), NULL },
    { "rejects", 'r', 0, G_OPTION_ARG_FILENAME, &rejects,
      N_("Write the rows that were not imported, with their reasons, to this CSV file"), N_("FILE") },
    { "undo", 0, 0, G_OPTION_ARG_STRING, &undo,
      N_("Undo an earlier import, by its number (batch_id)"), N_("BATCH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCsvSniff) sniff = NULL;
  g_autoptr(PlImportMapping) mapping = NULL;
  g_autoptr(PlImportResult) result = NULL;
  g_autoptr(GPtrArray) headers = NULL;
  g_autofree char *path = NULL;
  g_autofree char *workspace_path = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GStrvBuilder) missing_builder = NULL;
  g_auto(GStrv) missing_tokens = NULL;
  PlCsvDialect dialect = { 0 };
  PlImportKind kind = PL_IMPORT_SURVEY;
  PlDateOrder order = PL_DATE_ORDER_UNKNOWN;
  char delimiter_char = ',';
  guint64 n_header_rows = 0;
  gint64 survey_id = 0;
  gint64 batch_id;
  Progress progress = { 0 };
  gint64 started;
  double seconds;

  if (!pl_cli_parse_options ("import",
                             _("FILE --into WORKSPACE --kind KIND [--map COLUMN=FIELD…] | "
                               "--undo BATCH --into WORKSPACE"),
                             _("Imports a CSV export (survey responses, observations, operational "
                               "metrics, complaints or interactions) in one step: the file’s "
                               "encoding, delimiter, header rows and dates are detected, columns "
                               "are matched to fields, and rows that cannot be stored are reported "
                               "with their line and reason. The import is recorded and can be "
                               "undone with --undo."),
                             entries, &argc, &argv))
    return EXIT_USAGE;

  if (into == NULL || *into == '\0')
    return pl_cli_usage_error ("import", _("Say which workspace to import into with --into WORKSPACE."));
  workspace_path = g_canonicalize_filename (into, NULL);

  if (undo != NULL)
    {
      if (argc > 1)
        return pl_cli_usage_error ("import", _("--undo takes no file: give only --undo BATCH --into WORKSPACE."));
      return run_undo (workspace_path, undo, json);
    }

  if (argc != 2)
    return pl_cli_usage_error ("import", _("Give one file to import."));
  if (kind_text == NULL)
    return pl_cli_usage_error ("import",
                               _("Say what the rows are with --kind survey, observation, metric, "
                                 "complaint or interaction."));
  if (!pl_import_kind_from_string (kind_text, &kind))
    return pl_cli_usage_error ("import",
                               _("Unknown kind; use survey, observation, metric, complaint or interaction."));
  if (encoding != NULL && !encoding_known (encoding))
    return pl_cli_usage_error ("import", _("Unknown encoding; try UTF-8, WINDOWS-1252, ISO-8859-1 or UTF-16LE."));
  if (delimiter != NULL && !parse_delimiter (delimiter, &delimiter_char))
    return pl_cli_usage_error ("import", _("The delimiter must be comma, semicolon, tab or pipe."));
  if (header_rows != NULL && !g_ascii_string_to_unsigned (header_rows, 10, 0, 3, &n_header_rows, NULL))
    return pl_cli_usage_error ("import", _("--header-rows takes a number from 0 to 3."));
  if (date_order != NULL && !parse_date_order (date_order, &order))
    return pl_cli_usage_error ("import", _("--date-order takes iso, dmy (day/month/year) or mdy (month/day/year)."));
  if (date != NULL)
    {
      GDate parsed;

      if (!pl_date_parse_iso (date, &parsed))
        return pl_cli_usage_error ("import", _("--date takes a date written YYYY-MM-DD."));
    }
  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    if (strchr (maps[i], '=') == NULL || maps[i][0] == '=')
      return pl_cli_usage_error ("import", _("Write each --map as COLUMN=FIELD, e.g. --map \"Score=question:nps\"."));
  if (scorecard != NULL && kind != PL_IMPORT_OBSERVATIONS)
    return pl_cli_usage_error ("import", _("--scorecard only applies to --kind observation."));
  if (survey != NULL && kind != PL_IMPORT_SURVEY)
    return pl_cli_usage_error ("import", _("--survey only applies to --kind survey."));

  path = g_canonicalize_filename (argv[1], NULL);
  name = g_filename_display_basename (path);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_("“%s” does not exist or is not a file.\n"), argv[1]);
      return EXIT_FAILED;
    }

  workspace = pl_workspace_open (workspace_path, &error);
  if (workspace == NULL)
    return pl_cli_operation_failed (error);

  /* The same file again? */
  batch_id = pl_import_find_batch_for_file (workspace, path, NULL, &error);
  if (batch_id < 0)
    return pl_cli_operation_failed (error);
  if (batch_id > 0 && !force)
    {
      g_printerr (_("“%s” was already imported into this workspace (import %lld). Importing it "
                    "again would count its rows twice. Use --force to import it anyway, or undo "
                    "the earlier import first with --undo %lld.\n"),
                  name, (long long) batch_id, (long long) batch_id);
      return EXIT_FAILED;
    }

  /* Missing-value tokens: the defaults, or the ones given (empty always counts). */
  missing_builder = g_strv_builder_new ();
  if (missing != NULL)
    {
      g_strv_builder_add (missing_builder, "");
      g_strv_builder_addv (missing_builder, (const char **) missing);
    }
  else
    g_strv_builder_addv (missing_builder, (const char **) pl_csv_default_missing_tokens ());
  missing_tokens = g_strv_builder_end (missing_builder);

  sniff = pl_csv_sniff (path, (const char * const *) missing_tokens, NULL, &error);
  if (sniff == NULL)
    return pl_cli_operation_failed (error);

  pl_csv_dialect_copy (&sniff->dialect, &dialect);
  if (encoding != NULL)
    {
      g_free (dialect.encoding);
      dialect.encoding = g_ascii_strup (encoding, -1);
      dialect.has_bom = FALSE;
    }
  if (delimiter != NULL)
    dialect.delimiter = delimiter_char;
  if (header_rows != NULL)
    dialect.header_rows = (guint) n_header_rows;
  if (date_order != NULL)
    dialect.date_order = order;

  headers = read_headers (path, &dialect, &error);
  if (headers == NULL)
    {
      pl_csv_dialect_clear (&dialect);
      return pl_cli_operation_failed (error);
    }

  /* The target survey or scorecard. */
  if (survey != NULL)
    {
      survey_id = find_item (workspace, PL_ITEM_KIND_SURVEY, survey, &error);
      if (survey_id < 0)
        {
          pl_csv_dialect_clear (&dialect);
          return pl_cli_operation_failed (error);
        }
    }

  if (preset != NULL)
    {
      mapping = pl_import_preset_apply (workspace, preset, kind, headers, &error);
      if (mapping == NULL)
        {
          pl_csv_dialect_clear (&dialect);
          return pl_cli_operation_failed (error);
        }
    }
  else
    mapping = pl_import_mapping_suggest (kind, headers, workspace, survey_id);

  if (kind == PL_IMPORT_SURVEY)
    {
      if (survey_id > 0)
        pl_import_mapping_set_survey_id (mapping, survey_id);
      else if (survey != NULL)
        pl_import_mapping_set_new_survey (mapping, survey);
      else if (pl_import_mapping_get_survey_id (mapping) <= 0 &&
               pl_import_mapping_get_new_survey (mapping) == NULL)
        {
          g_autofree char *stem = g_strdup (name);
          char *dot = strrchr (stem, '.');

          if (dot != NULL && dot != stem)
            *dot = '\0';
          pl_import_mapping_set_new_survey (mapping, stem);
        }
    }

  if (kind == PL_IMPORT_OBSERVATIONS)
    {
      gint64 scorecard_id = 0;

      if (scorecard != NULL)
        {
          scorecard_id = find_item (workspace, PL_ITEM_KIND_SCORECARD, scorecard, &error);
          if (scorecard_id < 0)
            {
              pl_csv_dialect_clear (&dialect);
              return pl_cli_operation_failed (error);
            }
          if (scorecard_id == 0)
            {
              pl_csv_dialect_clear (&dialect);
              g_printerr (_("There is no scorecard “%s” in this workspace.\n"), scorecard);
              return EXIT_FAILED;
            }
          pl_import_mapping_set_scorecard_id (mapping, scorecard_id);
        }
    }

  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    {
      g_autofree char *column = g_strdup (maps[i]);
      char *field = strrchr (column, '=');

      *field++ = '\0';
      if (!has_header (headers, column))
        {
          g_autofree char *columns = join_headers (headers);
          g_autofree char *message =
            g_strdup_printf (_("The file has no column “%s”. Its columns are: %s."), column, columns);

          pl_csv_dialect_clear (&dialect);
          return pl_cli_usage_error ("import", message);
        }

      if (*field == '\0' || g_str_equal (field, "-") || g_str_equal (field, "ignore"))
        pl_import_mapping_set_field (mapping, column, NULL);
      else
        pl_import_mapping_set_field (mapping, column, field);
    }

  pl_import_mapping_set_missing_tokens (mapping, (const char * const *) missing_tokens);
  pl_import_mapping_set_create_missing (mapping, !no_create);
  if (date != NULL)
    pl_import_mapping_set_default_date (mapping, date);

  /* Dates that could be day/month or month/day: ask rather than guess. */
  if (date_order == NULL)
    for (guint c = 0; c < sniff->columns->len; c++)
      {
        PlCsvColumn *column = g_ptr_array_index (sniff->columns, c);

        if (column->date_ambiguous &&
            field_is_date (pl_import_mapping_get_field (mapping, column->name)))
          {
            g_printerr (_("The dates in column “%s” (such as “%s”) could be day/month/year or "
                          "month/day/year. Say which with --date-order dmy (UK, 18/03/2026) or "
                          "--date-order mdy (US, 03/18/2026).\n"),
                        column->name, column->example != NULL ? column->example : "");
            pl_csv_dialect_clear (&dialect);
            return EXIT_FAILED;
          }
      }

  progress.show = !json && isatty (STDERR_FILENO);
  progress.last_percent = -1;
  started = g_get_monotonic_time ();
  result = pl_import_run (workspace, path, &dialect, mapping, NULL, progress_cb, &progress, &error);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  if (progress.show && progress.last_percent >= 0)
    g_printerr ("\n");

  if (result == NULL)
    {
      pl_csv_dialect_clear (&dialect);
      return pl_cli_operation_failed (error);
    }

  if (rejects != NULL &&
      !pl_import_save_rejects (workspace, result->batch_id, rejects, &error))
    {
      /* The import itself stands: say what was kept. */
      g_printerr (_("The import was completed (import %lld), but the rejected rows could not be "
                    "saved: %s\n"),
                  (long long) result->batch_id, error->message);
      pl_csv_dialect_clear (&dialect);
      return EXIT_FAILED;
    }

  if (json)
    print_result_json (result, path, &dialect, kind, seconds);
  else
    print_result_text (result, path, &dialect, seconds);

  pl_csv_dialect_clear (&dialect);
  return EXIT_OK;
}
