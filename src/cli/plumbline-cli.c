/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>

#include "core/pl-demo.h"
#include "core/pl-error.h"
#include "core/pl-export.h"
#include "core/pl-kpi.h"
#include "core/pl-workspace.h"

#include "pl-cli.h"

/* plumbline-cli: the scriptable front door (DESIGN.md §7). */

typedef struct
{
  const char *name;
  const char *summary;      /* translatable */
  int       (*run) (int argc, char **argv);
} Command;

static int run_demo   (int argc, char **argv);
static int run_info   (int argc, char **argv);
static int run_export (int argc, char **argv);

static const Command commands[] = {
  { "demo", N_("Create the demo workspace"), run_demo },
  { "info", N_("Show a workspace's version, contents, dates and KPIs"), run_info },
  { "export", N_("Write the evaluation report"), run_export },
  { "import", N_("Import a CSV export into a workspace"), pl_cli_import },
  { "validate", N_("Check a workspace's data for records unfit for analysis"), pl_cli_validate },
  { "sample-size", N_("Work out how many interactions or customers to sample"), pl_cli_sample_size },
  { "sample", N_("Draw a sample for monitoring and record it (sample draw)"), pl_cli_sample },
  { "stats", N_("Confidence intervals, trends and control limits for your own figures"), pl_cli_stats },
  { "analyse", N_("Every KPI by period and segment, with intervals, trends and signals"), pl_cli_analyse },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n  plumbline-cli %s\n\n", _("Usage:"), _("COMMAND [OPTIONS]"));
  fprintf (stream, "%s\n", _("Review and report on customer service quality from the command line."));
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “plumbline-cli COMMAND --help” for a command’s options."));
  fprintf (stream, "%s\n", _("With --json a command prints one JSON object. Exit status: "
                             "0 success, 1 the operation failed, 2 usage error."));
}

int
pl_cli_usage_error (const char *command,
             const char *message)
{
  if (command != NULL)
    {
      g_printerr ("plumbline-cli %s: %s\n", command, message);
      g_printerr (_("Run “plumbline-cli %s --help” to see the options.\n"), command);
    }
  else
    {
      g_printerr ("plumbline-cli: %s\n", message);
      g_printerr ("%s\n", _("Run “plumbline-cli --help” to see the commands."));
    }

  return EXIT_USAGE;
}

int
pl_cli_operation_failed (const GError *error)
{
  g_printerr ("%s\n", error->message);
  return EXIT_FAILED;
}

/* Parses a command's options; FALSE means a usage error was printed.
 * --help is handled by GOption, which prints the help and exits 0. */
gboolean
pl_cli_parse_options (const char    *command,
               const char    *parameters,
               const char    *summary,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parameter_string = g_strdup_printf ("%s %s", command, parameters);

  context = g_option_context_new (parameter_string);
  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      pl_cli_usage_error (command, error->message);
      return FALSE;
    }

  return TRUE;
}

void
pl_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
query_text (PlWorkspace *workspace,
            const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW ||
      sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* The tables of the workspace's schema, by name. */
static GStrv
list_tables (PlWorkspace  *workspace,
             GError      **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT name FROM sqlite_schema"
                               " WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                               " ORDER BY name",
                               error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The workspace could not be read"));
      return NULL;
    }

  return g_strv_builder_end (names);
}

/* One KPI's latest period, as info and demo report it. */
typedef struct
{
  PlKpi *kpi;
  PlKpiSummary summary;
  char *error;
} KpiReport;

static void
kpi_report_clear (gpointer data)
{
  KpiReport *report = data;

  g_clear_object (&report->kpi);
  g_clear_pointer (&report->error, g_free);
}

static GArray *
collect_kpis (PlWorkspace  *workspace,
              GError      **error)
{
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GArray) reports = NULL;
  guint n;

  list = pl_kpi_list (workspace, FALSE, error);
  if (list == NULL)
    return NULL;

  n = g_list_model_get_n_items (list);
  reports = g_array_sized_new (FALSE, TRUE, sizeof (KpiReport), n);
  g_array_set_clear_func (reports, kpi_report_clear);

  for (guint i = 0; i < n; i++)
    {
      KpiReport report = { 0 };
      g_autoptr(GArray) points = NULL;
      g_autoptr(GError) local_error = NULL;

      report.kpi = g_list_model_get_item (list, i);
      points = pl_kpi_compute (report.kpi, workspace, &local_error);
      if (points == NULL)
        report.error = g_strdup (local_error->message);
      pl_kpi_summarise (report.kpi, points, &report.summary);
      g_array_append_val (reports, report);
    }

  return g_steal_pointer (&reports);
}

static void
print_kpis (GArray *reports)
{
  for (guint i = 0; i < reports->len; i++)
    {
      const KpiReport *r = &g_array_index (reports, KpiReport, i);
      g_autofree char *target = pl_kpi_format_value (r->kpi, pl_kpi_get_target (r->kpi));

      if (r->error != NULL)
        g_print ("  %-32s %s\n", pl_kpi_get_name (r->kpi), r->error);
      else if (!r->summary.has_value)
        g_print ("  %-32s %s\n", pl_kpi_get_name (r->kpi), pl_status_to_label (PL_STATUS_NONE));
      else
        {
          g_autofree char *value = pl_kpi_format_value (r->kpi, r->summary.latest.value);

          /* Translators: KPI name, value, target, status and the period's first day */
          g_print (_("  %-32s %10s  target %-8s %-12s week of %s\n"),
                   pl_kpi_get_name (r->kpi), value, target,
                   pl_status_to_label (r->summary.status), r->summary.latest.period_start);
        }
    }
}

static void
add_kpis_json (JsonBuilder *builder,
               GArray      *reports)
{
  json_builder_set_member_name (builder, "kpis");
  json_builder_begin_array (builder);
  for (guint i = 0; i < reports->len; i++)
    {
      const KpiReport *r = &g_array_index (reports, KpiReport, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, pl_kpi_get_code (r->kpi));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, pl_kpi_get_name (r->kpi));
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, pl_kpi_get_unit (r->kpi));
      add_string_or_null (builder, "latest_period",
                          r->summary.has_value ? r->summary.latest.period_start : NULL);
      json_builder_set_member_name (builder, "value");
      if (r->summary.has_value)
        json_builder_add_double_value (builder, r->summary.latest.value);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, r->summary.has_value ? r->summary.latest.n : 0);
      json_builder_set_member_name (builder, "change");
      if (r->summary.has_previous)
        json_builder_add_double_value (builder, r->summary.change);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "target");
      json_builder_add_double_value (builder, pl_kpi_get_target (r->kpi));
      json_builder_set_member_name (builder, "red_threshold");
      json_builder_add_double_value (builder, pl_kpi_get_red_threshold (r->kpi));
      json_builder_set_member_name (builder, "direction");
      json_builder_add_string_value (builder,
                                     pl_kpi_get_higher_is_better (r->kpi) ? "higher" : "lower");
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, pl_status_to_string (r->summary.status));
      if (r->error != NULL)
        add_string_or_null (builder, "error", r->error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* demo --out FILE [--seed N] [--json] */

static const char * const demo_counted[] = {
  "interactions", "responses", "observations", "complaints", "kpis",
};

static int
run_demo (int    argc,
          char **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *seed_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      N_("The workspace file to create; it must not exist"), N_("FILE") },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &seed_text,
      N_("The generator’s seed (0 to 4294967295); the same seed makes the same workspace"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) reports = NULL;
  g_autofree char *path = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *sector = NULL;
  gint64 counts[G_N_ELEMENTS (demo_counted)];
  guint64 seed = PL_DEMO_DEFAULT_SEED;
  gint64 started;
  double seconds;

  if (!pl_cli_parse_options ("demo", _("--out FILE [--seed N]"),
                      _("Creates the demo workspace: Kestrel Home Energy, a fictional contact "
                        "centre with 26 weeks of contacts, survey responses, quality observations, "
                        "operational metrics, complaints and KPIs, with patterns to discover."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc > 1)
    return pl_cli_usage_error ("demo", _("This command takes no arguments; give the file with --out FILE."));
  if (out == NULL || *out == '\0')
    return pl_cli_usage_error ("demo", _("Say where to create the workspace with --out FILE."));
  if (seed_text != NULL &&
      !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &seed, NULL))
    return pl_cli_usage_error ("demo", _("The seed must be a whole number from 0 to 4294967295."));

  path = g_canonicalize_filename (out, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("“%s” already exists. Plumbline does not overwrite files: "
                    "choose a new file name or remove the old file first.\n"), out);
      return EXIT_FAILED;
    }

  started = g_get_monotonic_time ();
  workspace = pl_demo_create (path, (guint32) seed, NULL, &error);
  if (workspace == NULL)
    return pl_cli_operation_failed (error);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  for (guint i = 0; i < G_N_ELEMENTS (demo_counted); i++)
    if (!pl_workspace_count_rows (workspace, demo_counted[i], &counts[i], &error))
      return pl_cli_operation_failed (error);

  organisation = pl_workspace_dup_title (workspace);
  sector = query_text (workspace, "SELECT sector FROM organisation WHERE id = 1");

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, (gint64) seed);
      json_builder_set_member_name (builder, "organisation");
      json_builder_add_string_value (builder, organisation);
      add_string_or_null (builder, "sector", sector);
      json_builder_set_member_name (builder, "counts");
      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (demo_counted); i++)
        {
          json_builder_set_member_name (builder, demo_counted[i]);
          json_builder_add_int_value (builder, counts[i]);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "milliseconds");
      json_builder_add_int_value (builder, (gint64) (seconds * 1000 + 0.5));
      json_builder_end_object (builder);
      pl_cli_print_json (builder);
      return EXIT_OK;
    }

  g_print (_("Created the demo workspace %s in %.1f s.\n"), path, seconds);
  g_print (_("Organisation: %s (%s)\n"), organisation, sector != NULL ? sector : "");
  g_print (_("Seed: %llu\n"), (unsigned long long) seed);
  g_print (_("Interactions: %lld\n"), (long long) counts[0]);
  g_print (_("Survey responses: %lld\n"), (long long) counts[1]);
  g_print (_("Scored observations: %lld\n"), (long long) counts[2]);
  g_print (_("Complaints: %lld\n"), (long long) counts[3]);
  g_print (_("KPIs: %lld\n"), (long long) counts[4]);

  reports = collect_kpis (workspace, &error);
  if (reports == NULL)
    return pl_cli_operation_failed (error);
  print_kpis (reports);

  return EXIT_OK;
}

/* info WORKSPACE [--json] */

static int
run_info (int    argc,
          char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) reports = NULL;
  g_auto(GStrv) tables = NULL;
  g_autofree gint64 *counts = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *sector = NULL;
  g_autofree char *first_date = NULL;
  g_autofree char *last_date = NULL;
  g_autofree char *path = NULL;
  guint n_tables;

  if (!pl_cli_parse_options ("info", _("WORKSPACE"),
                      _("Shows a workspace’s schema version, organisation, the number of rows "
                        "in each table, the dates its contacts and responses cover, and each "
                        "KPI’s latest value against its target."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2)
    return pl_cli_usage_error ("info", _("Give one workspace file."));

  path = g_canonicalize_filename (argv[1], NULL);
  workspace = pl_workspace_open (path, &error);
  if (workspace == NULL)
    return pl_cli_operation_failed (error);

  tables = list_tables (workspace, &error);
  if (tables == NULL)
    return pl_cli_operation_failed (error);
  n_tables = g_strv_length (tables);
  counts = g_new0 (gint64, MAX (n_tables, 1));
  for (guint i = 0; i < n_tables; i++)
    if (!pl_workspace_count_rows (workspace, tables[i], &counts[i], &error))
      return pl_cli_operation_failed (error);

  organisation = pl_workspace_dup_title (workspace);
  sector = query_text (workspace, "SELECT sector FROM organisation WHERE id = 1");
  /* min/max on the occurred_at index, then the (smaller) responses. */
  first_date = query_text (workspace,
                           "SELECT min (d) FROM ("
                           " SELECT date (min (occurred_at)) AS d FROM interactions"
                           " UNION ALL SELECT date (min (responded_on)) FROM responses"
                           "  WHERE trashed_at IS NULL)");
  last_date = query_text (workspace,
                          "SELECT max (d) FROM ("
                          " SELECT date (max (occurred_at)) AS d FROM interactions"
                          " UNION ALL SELECT date (max (responded_on)) FROM responses"
                          "  WHERE trashed_at IS NULL)");

  reports = collect_kpis (workspace, &error);
  if (reports == NULL)
    return pl_cli_operation_failed (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, pl_workspace_get_schema_version (workspace));
      json_builder_set_member_name (builder, "organisation");
      json_builder_add_string_value (builder, organisation);
      add_string_or_null (builder, "sector", sector);
      json_builder_set_member_name (builder, "counts");
      json_builder_begin_object (builder);
      for (guint i = 0; i < n_tables; i++)
        {
          json_builder_set_member_name (builder, tables[i]);
          json_builder_add_int_value (builder, counts[i]);
        }
      json_builder_end_object (builder);
      add_string_or_null (builder, "first_date", first_date);
      add_string_or_null (builder, "last_date", last_date);
      add_kpis_json (builder, reports);
      json_builder_end_object (builder);
      pl_cli_print_json (builder);
      return EXIT_OK;
    }

  g_print (_("Workspace: %s\n"), path);
  g_print (_("Schema version: %d\n"), pl_workspace_get_schema_version (workspace));
  if (sector != NULL)
    g_print (_("Organisation: %s (%s)\n"), organisation, sector);
  else
    g_print (_("Organisation: %s\n"), organisation);
  if (first_date != NULL)
    g_print (_("Contacts and responses: %s to %s\n"), first_date, last_date);
  else
    g_print ("%s\n", _("Contacts and responses: none yet"));

  g_print ("%s\n", _("Rows per table:"));
  for (guint i = 0; i < n_tables; i++)
    g_print ("  %-20s %" G_GINT64_FORMAT "\n", tables[i], counts[i]);

  if (reports->len == 0)
    g_print ("%s\n", _("KPIs: none defined"));
  else
    {
      g_print ("%s\n", _("KPIs:"));
      print_kpis (reports);
    }

  return EXIT_OK;
}

/* export WORKSPACE --format xlsx --out FILE [--json] */

static int
run_export (int    argc,
            char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *out = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("The report format: xlsx (Excel workbook)"), N_("FORMAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      N_("The file to write; an existing file is replaced once the report is complete"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GListModel) kpis = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *workspace_path = NULL;
  g_autofree char *path = NULL;

  if (!pl_cli_parse_options ("export", _("WORKSPACE --format xlsx --out FILE"),
                      _("Writes the evaluation report: a workbook with the KPI scorecard, "
                        "a chart of each KPI’s weekly values against its target, and the data "
                        "behind the charts."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2)
    return pl_cli_usage_error ("export", _("Give one workspace file."));
  if (format == NULL)
    return pl_cli_usage_error ("export", _("Choose the report format with --format xlsx."));
  if (g_ascii_strcasecmp (format, "pdf") == 0)
    return pl_cli_usage_error ("export", _("PDF export is not available in this version; use --format xlsx"));
  if (g_ascii_strcasecmp (format, "xlsx") != 0)
    return pl_cli_usage_error ("export", _("Unknown format; use --format xlsx"));
  if (out == NULL || *out == '\0')
    return pl_cli_usage_error ("export", _("Say where to write the report with --out FILE."));

  workspace_path = g_canonicalize_filename (argv[1], NULL);
  path = g_canonicalize_filename (out, NULL);

  workspace = pl_workspace_open (workspace_path, &error);
  if (workspace == NULL)
    return pl_cli_operation_failed (error);

  kpis = pl_kpi_list (workspace, FALSE, &error);
  if (kpis == NULL)
    return pl_cli_operation_failed (error);

  if (!pl_export_xlsx (workspace, path, NULL, &error))
    return pl_cli_operation_failed (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, "xlsx");
      json_builder_set_member_name (builder, "kpis");
      json_builder_add_int_value (builder, g_list_model_get_n_items (kpis));
      json_builder_end_object (builder);
      pl_cli_print_json (builder);
      return EXIT_OK;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Wrote %s with %u KPI.\n", "Wrote %s with %u KPIs.\n",
                        g_list_model_get_n_items (kpis)),
           path, g_list_model_get_n_items (kpis));
  return EXIT_OK;
}

int
main (int    argc,
      char **argv)
{
  const char *name;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("plumbline-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_usage (stdout);
      return EXIT_OK;
    }
  if (g_str_equal (name, "--version"))
    {
      g_print ("plumbline-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (name, commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  {
    g_autofree char *message = NULL;

    if (name[0] == '-')
      message = g_strdup_printf (_("Unknown option “%s”; a command comes first."), name);
    else
      message = g_strdup_printf (_("Unknown command “%s”."), name);
    return pl_cli_usage_error (NULL, message);
  }
}
