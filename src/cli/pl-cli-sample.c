/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/pl-sampling.h"
#include "core/pl-workspace.h"

#include "pl-cli.h"

/* sample-size --population N [--confidence C] [--margin E] [--proportion P] [--json]
 * sample draw WORKSPACE [--frame NAME] --size N [--strata FIELD,...] [--seed N]
 *             [--method simple|systematic|stratified] [--min-per-stratum M] [--json] */

static gboolean
parse_fraction (const char *text,
                double     *out)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return TRUE;

  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value))
    return FALSE;

  *out = value;
  return TRUE;
}

static void
add_double (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_double_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

int
pl_cli_sample_size (int    argc,
                    char **argv)
{
  g_autofree char *population_text = NULL;
  g_autofree char *confidence_text = NULL;
  g_autofree char *margin_text = NULL;
  g_autofree char *proportion_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "population", 'N', 0, G_OPTION_ARG_STRING, &population_text,
      N_("How many records the sample is drawn from"), N_("N") },
    { "confidence", 'c', 0, G_OPTION_ARG_STRING, &confidence_text,
      N_("Confidence level, a fraction (default 0.95)"), N_("C") },
    { "margin", 'e', 0, G_OPTION_ARG_STRING, &margin_text,
      N_("Margin of error, a fraction (default 0.05)"), N_("E") },
    { "proportion", 'p', 0, G_OPTION_ARG_STRING, &proportion_text,
      N_("Expected proportion, a fraction (default 0.5, the safe choice)"), N_("P") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  PlSampleSizeInput input;
  PlSampleSize result;
  guint64 population;

  pl_sample_size_input_init (&input);

  if (!pl_cli_parse_options ("sample-size", _("--population N"),
                             _("Works out how many records to sample with Cochran’s formula "
                               "and the finite population correction, for a confidence level, "
                               "a margin of error and an expected proportion."),
                             entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc > 1)
    return pl_cli_usage_error ("sample-size", _("This command takes no arguments, only options."));
  if (population_text == NULL)
    return pl_cli_usage_error ("sample-size", _("Give the population’s size with --population N."));
  if (!g_ascii_string_to_unsigned (population_text, 10, 1, G_MAXINT64, &population, NULL))
    return pl_cli_usage_error ("sample-size", _("--population takes a whole number, 1 or more."));
  if (!parse_fraction (confidence_text, &input.confidence))
    return pl_cli_usage_error ("sample-size", _("--confidence takes a fraction such as 0.95."));
  if (!parse_fraction (margin_text, &input.margin))
    return pl_cli_usage_error ("sample-size", _("--margin takes a fraction such as 0.05."));
  if (!parse_fraction (proportion_text, &input.proportion))
    return pl_cli_usage_error ("sample-size", _("--proportion takes a fraction such as 0.5."));

  input.population = (gint64) population;
  /* Out-of-range values are the caller's mistake too: a usage error. */
  if (!pl_sample_size_compute (&input, &result, &error))
    return pl_cli_usage_error ("sample-size", error->message);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_double (builder, "n0", result.n0);
      add_int (builder, "sample_size", result.sample_size);
      add_int (builder, "population", input.population);
      add_double (builder, "confidence", input.confidence);
      add_double (builder, "margin", input.margin);
      add_double (builder, "proportion", input.proportion);
      add_double (builder, "z", result.z);
      json_builder_end_object (builder);
      pl_cli_print_json (builder);
    }
  else
    {
      g_autofree char *text = pl_sample_size_explain (&input, &result);

      g_print ("%s\n", text);
    }

  return EXIT_OK;
}

static gboolean
parse_strata (const char      *text,
              PlDrawSettings  *settings)
{
  g_auto(GStrv) fields = g_strsplit (text, ",", -1);

  settings->n_strata = 0;
  for (guint i = 0; fields[i] != NULL; i++)
    {
      PlStratumField field;

      g_strstrip (fields[i]);
      if (settings->n_strata == PL_STRATUM_MAX_FIELDS ||
          !pl_stratum_field_from_string (fields[i], &field))
        return FALSE;
      for (guint j = 0; j < settings->n_strata; j++)
        if (settings->strata[j] == field)
          return FALSE;
      settings->strata[settings->n_strata++] = field;
    }

  return settings->n_strata > 0;
}

static void
add_text_or_null (JsonBuilder *builder,
                  const char  *member,
                  const char  *text)
{
  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
print_draw_json (PlSample *sample)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *items = pl_sample_get_items (sample);
  GArray *allocation = pl_sample_get_allocation (sample);
  const PlStratumField *strata;
  guint n_strata;

  strata = pl_sample_get_strata (sample, &n_strata);

  json_builder_begin_object (builder);
  add_int (builder, "sample_id", pl_sample_get_id (sample));
  add_int (builder, "seed", pl_sample_get_seed (sample));
  add_int (builder, "population", pl_sample_get_population (sample));
  add_int (builder, "size", pl_sample_get_size (sample));
  add_text_or_null (builder, "method", pl_sample_method_to_string (pl_sample_get_method (sample)));
  add_text_or_null (builder, "frame", pl_sample_get_frame_name (sample));

  json_builder_set_member_name (builder, "strata");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_strata; i++)
    json_builder_add_string_value (builder, pl_stratum_field_to_string (strata[i]));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "allocation");
  json_builder_begin_array (builder);
  for (guint i = 0; i < allocation->len; i++)
    {
      const PlStratumAllocation *a = &g_array_index (allocation, PlStratumAllocation, i);

      json_builder_begin_object (builder);
      add_text_or_null (builder, "stratum", a->label);
      add_int (builder, "population", a->population);
      add_int (builder, "size", a->size);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(PlSampleItem) item = g_list_model_get_item (items, i);

      json_builder_begin_object (builder);
      add_int (builder, "position", pl_sample_item_get_position (item));
      if (pl_sample_item_get_interaction_id (item) > 0)
        add_int (builder, "interaction_id", pl_sample_item_get_interaction_id (item));
      else if (pl_sample_item_get_response_id (item) > 0)
        add_int (builder, "response_id", pl_sample_item_get_response_id (item));
      else
        add_text_or_null (builder, "customer_ref", pl_sample_item_get_customer_ref (item));
      add_text_or_null (builder, "colleague", pl_sample_item_get_colleague_code (item));
      add_text_or_null (builder, "channel", pl_sample_item_get_channel_code (item));
      add_text_or_null (builder, "date", pl_sample_item_get_occurred_on (item));
      add_text_or_null (builder, "stratum", pl_sample_item_get_stratum (item));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  pl_cli_print_json (builder);
}

static void
print_draw_text (PlSample *sample)
{
  GListModel *items = pl_sample_get_items (sample);
  GArray *allocation = pl_sample_get_allocation (sample);
  g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT, pl_sample_get_size (sample));
  g_autofree char *population = g_strdup_printf ("%" G_GINT64_FORMAT, pl_sample_get_population (sample));
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, pl_sample_get_id (sample));
  g_autofree char *seed = g_strdup_printf ("%u", pl_sample_get_seed (sample));

  /* Translators: sample size, frame size, frame name, method, sample number, seed */
  g_print (_("Drew %s of %s records from “%s” (%s sampling) as sample %s, seed %s. "
             "The same frame, size and seed draw the same sample again.\n"),
           size, population, pl_sample_get_frame_name (sample),
           pl_sample_method_to_string (pl_sample_get_method (sample)), id, seed);

  if (allocation->len > 0)
    {
      g_print ("\n%s\n", _("Per stratum (sample of population):"));
      for (guint i = 0; i < allocation->len; i++)
        {
          const PlStratumAllocation *a = &g_array_index (allocation, PlStratumAllocation, i);

          g_print ("  %-40s %6" G_GINT64_FORMAT " %s %" G_GINT64_FORMAT "\n",
                   a->label, a->size, _("of"), a->population);
        }
    }

  g_print ("\n%s\n", _("Monitoring list:"));
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(PlSampleItem) item = g_list_model_get_item (items, i);
      g_autofree char *record = NULL;
      g_autofree char *number = NULL;

      if (pl_sample_item_get_interaction_id (item) > 0)
        {
          number = g_strdup_printf ("%" G_GINT64_FORMAT, pl_sample_item_get_interaction_id (item));
          /* Translators: %s is the interaction's number */
          record = g_strdup_printf (_("interaction %s"), number);
        }
      else if (pl_sample_item_get_response_id (item) > 0)
        {
          number = g_strdup_printf ("%" G_GINT64_FORMAT, pl_sample_item_get_response_id (item));
          /* Translators: %s is the survey response's number */
          record = g_strdup_printf (_("response %s"), number);
        }
      else
        record = g_strdup (pl_sample_item_get_customer_ref (item));

      g_print ("  %4" G_GINT64_FORMAT "  %-10s  %-18s  %-14s  %s%s\n",
               pl_sample_item_get_position (item),
               pl_sample_item_get_occurred_on (item) ? pl_sample_item_get_occurred_on (item) : "",
               record,
               pl_sample_item_get_channel_name (item) ? pl_sample_item_get_channel_name (item) : "",
               pl_sample_item_get_colleague_name (item) ? pl_sample_item_get_colleague_name (item) : "",
               pl_sample_item_get_notice_missing (item) ? _("  (not told about monitoring)") : "");
    }
}

static int
sample_draw (int    argc,
             char **argv)
{
  g_autofree char *frame_name = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *strata_text = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *method_text = NULL;
  g_autofree char *min_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "frame", 'f', 0, G_OPTION_ARG_STRING, &frame_name,
      N_("The sampling frame to draw from (default: every interaction)"), N_("NAME") },
    { "size", 'n', 0, G_OPTION_ARG_STRING, &size_text,
      N_("How many records to draw"), N_("N") },
    { "strata", 0, 0, G_OPTION_ARG_STRING, &strata_text,
      N_("Stratify by these fields: channel, team, colleague, week"), N_("FIELD,...") },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &seed_text,
      N_("The random seed (0 to 4294967295); the same seed draws the same sample"), N_("N") },
    { "method", 'm', 0, G_OPTION_ARG_STRING, &method_text,
      N_("simple, systematic or stratified (default simple; stratified with --strata)"), N_("METHOD") },
    { "min-per-stratum", 0, 0, G_OPTION_ARG_STRING, &min_text,
      N_("At least this many from each stratum"), N_("M") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(PlWorkspace) workspace = NULL;
  g_autoptr(PlSamplingFrame) frame = NULL;
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  PlDrawSettings settings;
  guint64 number;

  pl_draw_settings_init (&settings);

  if (!pl_cli_parse_options ("sample draw", _("WORKSPACE --size N"),
                             _("Draws a random sample from a sampling frame and records it with "
                               "its monitoring list and seed. Simple random sampling by default, "
                               "systematic with --method systematic, stratified with "
                               "proportional allocation with --strata."),
                             entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2)
    return pl_cli_usage_error ("sample draw", _("Give one workspace file."));
  if (size_text == NULL)
    return pl_cli_usage_error ("sample draw", _("Say how many to draw with --size N."));
  if (!g_ascii_string_to_unsigned (size_text, 10, 1, G_MAXINT32, &number, NULL))
    return pl_cli_usage_error ("sample draw", _("--size takes a whole number, 1 or more."));
  settings.size = (gint64) number;

  if (seed_text != NULL)
    {
      if (!g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &number, NULL))
        return pl_cli_usage_error ("sample draw",
                                   _("The seed must be a whole number from 0 to 4294967295."));
      settings.has_seed = TRUE;
      settings.seed = (guint32) number;
    }

  if (strata_text != NULL && !parse_strata (strata_text, &settings))
    return pl_cli_usage_error ("sample draw",
                               _("--strata takes fields from channel, team, colleague and week, "
                                 "separated by commas, each once."));

  if (method_text != NULL)
    {
      if (!pl_sample_method_from_string (method_text, &settings.method))
        return pl_cli_usage_error ("sample draw",
                                   _("--method takes simple, systematic or stratified."));
      if (settings.method == PL_SAMPLE_STRATIFIED && settings.n_strata == 0)
        return pl_cli_usage_error ("sample draw",
                                   _("A stratified sample needs --strata FIELD,..."));
      if (settings.method != PL_SAMPLE_STRATIFIED && settings.n_strata > 0)
        return pl_cli_usage_error ("sample draw",
                                   _("--strata draws a stratified sample: leave out --method "
                                     "or give --method stratified."));
    }
  else if (settings.n_strata > 0)
    settings.method = PL_SAMPLE_STRATIFIED;

  if (min_text != NULL)
    {
      if (!g_ascii_string_to_unsigned (min_text, 10, 0, G_MAXINT32, &number, NULL))
        return pl_cli_usage_error ("sample draw",
                                   _("--min-per-stratum takes a whole number, 0 or more."));
      if (settings.n_strata == 0)
        return pl_cli_usage_error ("sample draw", _("--min-per-stratum needs --strata."));
      settings.min_per_stratum = (gint64) number;
    }

  path = g_canonicalize_filename (argv[1], NULL);
  workspace = pl_workspace_open (path, &error);
  if (workspace == NULL)
    return pl_cli_operation_failed (error);

  if (frame_name != NULL)
    {
      frame = pl_sampling_frame_find (workspace, frame_name, &error);
      if (frame == NULL)
        return pl_cli_operation_failed (error);
    }

  sample = pl_sample_draw (workspace, frame, &settings, &error);
  if (sample == NULL)
    return pl_cli_operation_failed (error);

  if (json)
    print_draw_json (sample);
  else
    print_draw_text (sample);

  return EXIT_OK;
}

int
pl_cli_sample (int    argc,
               char **argv)
{
  if (argc < 2)
    return pl_cli_usage_error ("sample", _("Say what to do: “sample draw WORKSPACE --size N”."));

  if (g_str_equal (argv[1], "draw"))
    return sample_draw (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print ("%s\n  plumbline-cli sample draw WORKSPACE [--frame NAME] --size N "
               "[--strata FIELD,...] [--seed N] [--method METHOD] [--min-per-stratum M] [--json]\n",
               _("Usage:"));
      g_print ("%s\n", _("Run “plumbline-cli sample draw --help” for the options."));
      return EXIT_OK;
    }

  return pl_cli_usage_error ("sample", _("The only sample command is “draw”."));
}
