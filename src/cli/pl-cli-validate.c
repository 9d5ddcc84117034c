/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <locale.h>
#include <string.h>

#include "core/pl-util.h"
#include "core/pl-validate.h"
#include "core/pl-workspace.h"

#include "pl-cli.h"

/* validate WORKSPACE [--json] [--straight-lining N] [--speeder-seconds S]
 *                    [--earliest YYYY-MM-DD] [--today YYYY-MM-DD] */

#define MAX_LISTED_ISSUES 1000

/* 6134 → "6,134", with the locale's separator where it has one. */
static char *
format_count (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  const char *separator = localeconv ()->thousands_sep;
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  if (separator == NULL || *separator == '\0')
    separator = ",";

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

static void
print_usable (const char *label,
              guint64     usable,
              guint64     total)
{
  g_autofree char *usable_text = format_count (usable);
  g_autofree char *total_text = format_count (total);

  if (total == 0)
    /* Translators: what is counted ("Usable survey responses") */
    g_print (_("%s: none recorded\n"), label);
  else
    /* Translators: what is counted, how many are usable, of how many, the percentage */
    g_print (_("%s: %s of %s (%.1f%%)\n"), label, usable_text, total_text,
             pl_validate_usable_percent (usable, total));
}

/* Pads by characters, not bytes, so translated names line up. */
static void
print_padded (const char *text,
              int         width)
{
  glong len = g_utf8_strlen (text, -1);

  g_print ("%s", text);
  for (glong i = len; i < width; i++)
    g_print (" ");
}

static void
print_text (PlWorkspace             *workspace,
            const PlValidateSummary *summary,
            double                   seconds)
{
  g_autofree char *title = pl_workspace_dup_title (workspace);
  const int name_width = 40;
  guint64 undecided = 0;

  /* Translators: the organisation's name, the workspace file, the run's number */
  g_print (_("Validation of %s (%s), run %lld\n\n"),
           title, pl_workspace_get_path (workspace), (long long) summary->run_id);

  print_padded (_("Rule"), name_width);
  g_print ("%10s %10s %10s %10s\n", _("Flagged"), _("Excluded"), _("Kept"), _("Undecided"));
  for (guint i = 0; i < PL_N_RULES; i++)
    {
      const PlRuleCount *count = &summary->counts[i];

      g_autofree char *flagged = format_count (count->flagged);
      g_autofree char *excluded = format_count (count->excluded);
      g_autofree char *kept = format_count (count->kept);
      g_autofree char *waiting = format_count (count->undecided);

      print_padded (pl_rule_info (i)->name, name_width);
      g_print ("%10s %10s %10s %10s\n", flagged, excluded, kept, waiting);
      undecided += count->undecided;
    }

  g_print ("\n");
  print_usable (_("Usable survey responses"), summary->responses_usable, summary->responses_total);
  print_usable (_("Usable observations"), summary->observations_usable, summary->observations_total);
  print_usable (_("Usable complaints"), summary->complaints_usable, summary->complaints_total);
  g_print ("\n");

  if (undecided > 0)
    {
      g_autofree char *count = format_count (undecided);

      /* Translators: %s is a number of records */
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "%s flagged record is waiting for a decision: "
                            "exclude or keep it in Plumbline under Evaluate → Validate data, "
                            "or list it with --json.\n",
                            "%s flagged records are waiting for a decision: "
                            "exclude or keep them in Plumbline under Evaluate → Validate data, "
                            "or list them with --json.\n",
                            (gulong) MIN (undecided, G_MAXULONG)),
               count);
    }
  else
    g_print ("%s\n", _("No record is waiting for a decision."));

  /* Translators: the time validation took */
  g_print (_("Checked in %.2f s.\n"), seconds);
}

static void
add_usable_json (JsonBuilder *builder,
                 const char  *member,
                 guint64      total,
                 guint64      usable)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, (gint64) total);
  json_builder_set_member_name (builder, "usable");
  json_builder_add_int_value (builder, (gint64) usable);
  json_builder_end_object (builder);
}

static int
print_json (PlWorkspace             *workspace,
            const PlValidateSummary *summary,
            double                   seconds)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  guint64 total_issues = 0;

  issues = pl_validate_list_flags (workspace, -1, NULL, MAX_LISTED_ISSUES, &error);
  if (issues == NULL)
    return pl_cli_operation_failed (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, pl_workspace_get_path (workspace));
  json_builder_set_member_name (builder, "run_id");
  json_builder_add_int_value (builder, summary->run_id);

  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; i < PL_N_RULES; i++)
    {
      const PlRuleInfo *info = pl_rule_info (i);
      const PlRuleCount *count = &summary->counts[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, info->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, info->name);
      json_builder_set_member_name (builder, "flagged");
      json_builder_add_int_value (builder, (gint64) count->flagged);
      json_builder_set_member_name (builder, "excluded");
      json_builder_add_int_value (builder, (gint64) count->excluded);
      json_builder_set_member_name (builder, "kept");
      json_builder_add_int_value (builder, (gint64) count->kept);
      json_builder_set_member_name (builder, "undecided");
      json_builder_add_int_value (builder, (gint64) count->undecided);
      json_builder_end_object (builder);
      total_issues += count->flagged;
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "usable");
  json_builder_begin_object (builder);
  add_usable_json (builder, "responses", summary->responses_total, summary->responses_usable);
  add_usable_json (builder, "observations", summary->observations_total, summary->observations_usable);
  add_usable_json (builder, "complaints", summary->complaints_total, summary->complaints_usable);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "issues_total");
  json_builder_add_int_value (builder, (gint64) total_issues);
  json_builder_set_member_name (builder, "issues");
  json_builder_begin_array (builder);
  for (guint i = 0; i < issues->len; i++)
    {
      const PlValidationFlag *flag = g_ptr_array_index (issues, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, flag->id);
      json_builder_set_member_name (builder, "rule");
      json_builder_add_string_value (builder, pl_rule_info (flag->rule)->id);
      json_builder_set_member_name (builder, "entity");
      json_builder_add_string_value (builder, flag->entity);
      json_builder_set_member_name (builder, "entity_id");
      json_builder_add_int_value (builder, flag->entity_id);
      json_builder_set_member_name (builder, "date");
      if (flag->record_date != NULL)
        json_builder_add_string_value (builder, flag->record_date);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, flag->detail);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, flag->status);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "milliseconds");
  json_builder_add_int_value (builder, (gint64) (seconds * 1000 + 0.5));
  json_builder_end_object (builder);

  pl_cli_print_json (builder);
  return EXIT_OK;
}

static gboolean
is_iso_day (const char *text)
{
  GDate date;

  return strlen (text) == 10 && pl_date_parse_iso (text, &date);
}

int
pl_cli_validate (int    argc,
                 char **argv)
{
  gboolean json = FALSE;
  g_autofree char *straight_lining = NULL;
  g_autofree char *speeder_seconds = NULL;
  g_autofree char *earliest = NULL;
  g_autofree char *today = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { "straight-lining", 0, 0, G_OPTION_ARG_STRING, &straight_lining,
      N_("Flag a response whose answers to N or more rating questions are all the same (default 4)"),
      N_("N") },
    { "speeder-seconds", 0, 0, G_OPTION_ARG_STRING, &speeder_seconds,
      N_("Flag a response completed in fewer seconds than this (default 30)"), N_("S") },
    { "earliest", 0, 0, G_OPTION_ARG_STRING, &earliest,
      N_("Flag records dated before this day (default: no limit)"), N_("YYYY-MM-DD") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today,
      N_("Flag records dated after this day (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_auto(PlValidateSettings) settings;
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  PlValidateSummary summary;
  gint64 started;
  double seconds;

  pl_validate_settings_init (&settings);

  if (!pl_cli_parse_options ("validate", _("WORKSPACE"),
                             _("Runs the validation rules over a workspace’s survey responses, "
                               "observations and complaints: duplicates, answers outside their "
                               "scale, incomplete responses, straight-lining, speeders, impossible "
                               "dates and scores that do not fit the scorecard. Flagged records "
                               "are listed for a decision; nothing is excluded or deleted here. "
                               "Shows how much of the data is usable."),
                             entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2)
    return pl_cli_usage_error ("validate", _("Give one workspace file."));

  if (straight_lining != NULL)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (straight_lining, 10, 2, 1000, &n, NULL))
        return pl_cli_usage_error ("validate",
                                   _("--straight-lining takes a whole number of questions from 2 to 1000."));
      settings.straight_lining_min_questions = (guint) n;
    }

  if (speeder_seconds != NULL)
    {
      char *end = NULL;
      double s = g_ascii_strtod (speeder_seconds, &end);

      if (end == speeder_seconds || *end != '\0' || !isfinite (s) || s < 0)
        return pl_cli_usage_error ("validate",
                                   _("--speeder-seconds takes a number of seconds, zero or more."));
      settings.speeder_min_seconds = s;
    }

  if (earliest != NULL)
    {
      if (!is_iso_day (earliest))
        return pl_cli_usage_error ("validate", _("--earliest takes a date written YYYY-MM-DD."));
      settings.earliest_date = g_strdup (earliest);
    }

  if (today != NULL)
    {
      if (!is_iso_day (today))
        return pl_cli_usage_error ("validate", _("--today takes a date written YYYY-MM-DD."));
      settings.today = g_strdup (today);
    }

  path = g_canonicalize_filename (argv[1], NULL);
  workspace = pl_workspace_open (path, &error);
  if (workspace == NULL)
    return pl_cli_operation_failed (error);

  started = g_get_monotonic_time ();
  if (!pl_validate_run (workspace, &settings, NULL, &summary, &error))
    return pl_cli_operation_failed (error);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  if (json)
    return print_json (workspace, &summary, seconds);

  print_text (workspace, &summary, seconds);
  return EXIT_OK;
}
