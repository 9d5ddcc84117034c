/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_cdf.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "pl-error.h"
#include "pl-item.h"
#include "pl-sampling.h"
#include "pl-util.h"

G_DEFINE_ENUM_TYPE (PlFrameEntity, pl_frame_entity,
  G_DEFINE_ENUM_VALUE (PL_FRAME_INTERACTIONS, "interactions"),
  G_DEFINE_ENUM_VALUE (PL_FRAME_RESPONSES, "responses"),
  G_DEFINE_ENUM_VALUE (PL_FRAME_CUSTOMERS, "customers"),
  G_DEFINE_ENUM_VALUE (PL_FRAME_POPULATION, "population"))

G_DEFINE_ENUM_TYPE (PlStratumField, pl_stratum_field,
  G_DEFINE_ENUM_VALUE (PL_STRATUM_CHANNEL, "channel"),
  G_DEFINE_ENUM_VALUE (PL_STRATUM_TEAM, "team"),
  G_DEFINE_ENUM_VALUE (PL_STRATUM_COLLEAGUE, "colleague"),
  G_DEFINE_ENUM_VALUE (PL_STRATUM_WEEK, "week"))

G_DEFINE_ENUM_TYPE (PlSampleMethod, pl_sample_method,
  G_DEFINE_ENUM_VALUE (PL_SAMPLE_SIMPLE, "simple"),
  G_DEFINE_ENUM_VALUE (PL_SAMPLE_SYSTEMATIC, "systematic"),
  G_DEFINE_ENUM_VALUE (PL_SAMPLE_STRATIFIED, "stratified"))

G_DEFINE_ENUM_TYPE (PlSampleItemStatus, pl_sample_item_status,
  G_DEFINE_ENUM_VALUE (PL_SAMPLE_ITEM_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (PL_SAMPLE_ITEM_MONITORED, "monitored"),
  G_DEFINE_ENUM_VALUE (PL_SAMPLE_ITEM_SKIPPED, "skipped"))

G_DEFINE_BOXED_TYPE (PlFrameFilter, pl_frame_filter, pl_frame_filter_copy, pl_frame_filter_free)

static const char * const entity_names[] = { "interactions", "responses", "customers", "population" };
static const char * const field_names[] = { "channel", "team", "colleague", "week" };
static const char * const method_names[] = { "simple", "systematic", "stratified" };
static const char * const status_names[] = { "pending", "monitored", "skipped" };

static gboolean
name_lookup (const char * const *names,
             guint               n_names,
             const char         *text,
             int                *out)
{
  int i = pl_names_index (names, n_names, text);

  if (i < 0)
    return FALSE;

  *out = i;
  return TRUE;
}

const char *
pl_frame_entity_to_string (PlFrameEntity entity)
{
  g_return_val_if_fail (entity <= PL_FRAME_POPULATION, NULL);
  return entity_names[entity];
}

gboolean
pl_frame_entity_from_string (const char    *text,
                             PlFrameEntity *out)
{
  int value;

  if (!name_lookup (entity_names, G_N_ELEMENTS (entity_names), text, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
pl_stratum_field_to_string (PlStratumField field)
{
  g_return_val_if_fail (field <= PL_STRATUM_WEEK, NULL);
  return field_names[field];
}

gboolean
pl_stratum_field_from_string (const char     *text,
                              PlStratumField *out)
{
  int value;

  if (!name_lookup (field_names, G_N_ELEMENTS (field_names), text, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
pl_sample_method_to_string (PlSampleMethod method)
{
  g_return_val_if_fail (method <= PL_SAMPLE_STRATIFIED, NULL);
  return method_names[method];
}

gboolean
pl_sample_method_from_string (const char     *text,
                              PlSampleMethod *out)
{
  int value;

  if (!name_lookup (method_names, G_N_ELEMENTS (method_names), text, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
pl_sample_item_status_to_string (PlSampleItemStatus status)
{
  g_return_val_if_fail (status <= PL_SAMPLE_ITEM_SKIPPED, NULL);
  return status_names[status];
}

/* Sample size */

void
pl_sample_size_input_init (PlSampleSizeInput *input)
{
  g_return_if_fail (input != NULL);

  input->population = 0;
  input->confidence = 0.95;
  input->margin = 0.05;
  input->proportion = 0.5;
}

void
pl_sample_size_compute_z (gint64        population,
                          double        z,
                          double        margin,
                          double        proportion,
                          PlSampleSize *out)
{
  double n;

  g_return_if_fail (out != NULL);
  g_return_if_fail (population >= 1);

  out->z = z;
  out->n0 = z * z * proportion * (1 - proportion) / (margin * margin);
  n = out->n0 / (1 + (out->n0 - 1) / (double) population);
  out->n = n;
  /* Published tables round to nearest; a sample is at least one record
   * and never more than the population. */
  out->sample_size = CLAMP ((gint64) floor (n + 0.5), 1, population);
}

gboolean
pl_sample_size_compute (const PlSampleSizeInput  *input,
                        PlSampleSize             *out,
                        GError                  **error)
{
  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (input->population < 1)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The population must be at least 1."));
      return FALSE;
    }
  if (!isfinite (input->confidence) || input->confidence <= 0 || input->confidence >= 1)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The confidence level must be more than 0% and less than 100%, "
                             "for example 95%."));
      return FALSE;
    }
  if (!isfinite (input->margin) || input->margin < 0.001 || input->margin > 0.5)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The margin of error must be between 0.1% and 50%."));
      return FALSE;
    }
  if (!isfinite (input->proportion) || input->proportion <= 0 || input->proportion >= 1)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The expected proportion must be more than 0 and less than 1; "
                             "use 0.5 when you do not know."));
      return FALSE;
    }

  pl_sample_size_compute_z (input->population,
                            gsl_cdf_ugaussian_Pinv ((1 + input->confidence) / 2),
                            input->margin, input->proportion, out);
  return TRUE;
}

gint64
pl_sample_size_krejcie_morgan (gint64 population,
                               double chi_square,
                               double margin,
                               double proportion)
{
  double pq = proportion * (1 - proportion);
  double s;

  g_return_val_if_fail (population >= 1, 0);

  s = chi_square * population * pq /
      (margin * margin * (population - 1) + chi_square * pq);
  return (gint64) floor (s + 0.5);
}

/* 0.95 → "95", 0.975 → "97.5": percentages without trailing zeros. */
static char *
format_percent (double fraction)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double percent = round (fraction * 100 * 1000) / 1000;

  g_snprintf (buffer, sizeof buffer, "%.3f", percent);
  for (char *end = buffer + strlen (buffer) - 1; end > buffer && *end == '0'; end--)
    *end = '\0';
  if (buffer[strlen (buffer) - 1] == '.')
    buffer[strlen (buffer) - 1] = '\0';

  return g_strdup (buffer);
}

char *
pl_sample_size_explain (const PlSampleSizeInput *input,
                        const PlSampleSize      *result)
{
  g_autofree char *confidence = NULL;
  g_autofree char *margin = NULL;
  g_autofree char *proportion = NULL;
  g_autofree char *population = NULL;
  g_autofree char *size = NULL;
  g_autofree char *z = NULL;
  g_autofree char *n0 = NULL;
  g_autofree char *n = NULL;
  GString *text;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (result != NULL, NULL);

  confidence = format_percent (input->confidence);
  margin = format_percent (input->margin);
  proportion = format_percent (input->proportion);
  population = g_strdup_printf ("%" G_GINT64_FORMAT, input->population);
  size = g_strdup_printf ("%" G_GINT64_FORMAT, result->sample_size);
  z = g_strdup_printf ("%.3f", result->z);
  n0 = g_strdup_printf ("%.1f", result->n0);
  n = g_strdup_printf ("%.1f", result->n);

  text = g_string_new (NULL);
  g_string_append_printf (text,
                          /* Translators: sample size, population, confidence %, margin in percentage points */
                          _("Sample %s of the %s records. With that many you can be %s%% confident "
                            "that a percentage you measure is within %s percentage points of the "
                            "figure for all of them."),
                          size, population, confidence, margin);
  g_string_append (text, "\n\n");
  g_string_append_printf (text,
                          /* Translators: the confidence %, then z */
                          _("Confidence level (%s%%): how sure you want to be. It sets z = %s, the "
                            "number of standard errors either side of the result that holds that "
                            "share of the normal distribution."),
                          confidence, z);
  g_string_append (text, "\n");
  g_string_append_printf (text,
                          _("Margin of error (e = %s%%): how close to the true figure the result "
                            "should be. Halving it needs about four times the sample."),
                          margin);
  g_string_append (text, "\n");
  g_string_append_printf (text,
                          _("Expected proportion (p = %s%%): what share you expect to find, for "
                            "example of calls that meet the standard. 50%% is the safe choice "
                            "when you do not know: it gives the largest sample."),
                          proportion);
  g_string_append (text, "\n");
  g_string_append_printf (text,
                          _("Population (N = %s): how many records the sample is drawn from."),
                          population);
  g_string_append (text, "\n\n");
  g_string_append_printf (text,
                          /* Translators: n0, then the corrected n, then the sample size */
                          _("Cochran’s formula gives the sample for an unlimited population: "
                            "n₀ = z² × p × (1 − p) ÷ e² = %s. The finite population correction "
                            "n = n₀ ÷ (1 + (n₀ − 1) ÷ N) = %s allows for the population being "
                            "limited, and is rounded to the nearest whole record: %s."),
                          n0, n, size);

  return g_string_free (text, FALSE);
}

/* Allocation */

typedef struct
{
  guint   index;
  guint64 remainder;          /* of the quota, over the shared denominator */
  gint64  population;
} Remainder;

static int
compare_remainders (gconstpointer a,
                    gconstpointer b)
{
  const Remainder *ra = a;
  const Remainder *rb = b;

  if (ra->remainder != rb->remainder)
    return ra->remainder > rb->remainder ? -1 : 1;
  if (ra->population != rb->population)
    return ra->population > rb->population ? -1 : 1;
  return ra->index < rb->index ? -1 : ra->index > rb->index;
}

gboolean
pl_sampling_allocate (const gint64  *population,
                      guint          n_strata,
                      gint64         size,
                      gint64         min_per_stratum,
                      gint64        *out_sizes,
                      GError       **error)
{
  g_autofree gboolean *active = NULL;
  g_autofree Remainder *remainders = NULL;
  gint64 total = 0;
  gint64 left = size;
  gboolean capped;

  g_return_val_if_fail (population != NULL || n_strata == 0, FALSE);
  g_return_val_if_fail (out_sizes != NULL || n_strata == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint h = 0; h < n_strata; h++)
    {
      g_return_val_if_fail (population[h] >= 0, FALSE);
      total += population[h];
    }

  if (size < 0 || min_per_stratum < 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The sample size and the minimum per stratum cannot be negative."));
      return FALSE;
    }
  if (size > total)
    {
      g_autofree char *size_text = g_strdup_printf ("%" G_GINT64_FORMAT, size);
      g_autofree char *total_text = g_strdup_printf ("%" G_GINT64_FORMAT, total);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   /* Translators: the sample size, then the number of records */
                   _("A sample of %s cannot be drawn from %s records."), size_text, total_text);
      return FALSE;
    }

  active = g_new0 (gboolean, MAX (n_strata, 1));
  for (guint h = 0; h < n_strata; h++)
    {
      out_sizes[h] = MIN (min_per_stratum, population[h]);
      left -= out_sizes[h];
      active[h] = out_sizes[h] < population[h];
    }

  if (left < 0)
    {
      g_autofree char *min_text = g_strdup_printf ("%" G_GINT64_FORMAT, min_per_stratum);
      g_autofree char *size_text = g_strdup_printf ("%" G_GINT64_FORMAT, size);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   /* Translators: the minimum per stratum, then the sample size */
                   _("At least %s from each stratum needs more than the sample of %s: "
                     "lower the minimum or take a larger sample."), min_text, size_text);
      return FALSE;
    }

  /* Strata whose proportional quota exceeds what they have left are
   * filled and leave the sharing; repeat until every quota fits. Then a
   * quota's whole part is given and the remaining records go to the
   * largest fractional parts. Integers throughout: quota_h = left × N_h / S. */
  do
    {
      gint64 shared = 0;

      capped = FALSE;
      for (guint h = 0; h < n_strata; h++)
        if (active[h])
          shared += population[h];

      if (left == 0 || shared == 0)
        break;

      for (guint h = 0; h < n_strata; h++)
        {
          gint64 room = population[h] - out_sizes[h];

          if (active[h] && (guint64) left * (guint64) population[h] > (guint64) room * (guint64) shared)
            {
              out_sizes[h] += room;
              left -= room;
              active[h] = FALSE;
              capped = TRUE;
            }
        }

      if (!capped)
        {
          guint n_active = 0;
          gint64 given = 0;

          remainders = g_new0 (Remainder, n_strata);
          for (guint h = 0; h < n_strata; h++)
            {
              guint64 product;

              if (!active[h])
                continue;

              product = (guint64) left * (guint64) population[h];
              out_sizes[h] += (gint64) (product / (guint64) shared);
              given += (gint64) (product / (guint64) shared);
              remainders[n_active].index = h;
              remainders[n_active].remainder = product % (guint64) shared;
              remainders[n_active].population = population[h];
              n_active++;
            }
          left -= given;

          /* Fewer records are left than strata sharing them, so none gets
           * more than one, and one more never passes a stratum's size. */
          qsort (remainders, n_active, sizeof (Remainder), compare_remainders);
          for (guint i = 0; i < n_active && left > 0; i++, left--)
            out_sizes[remainders[i].index]++;
        }
    }
  while (capped);

  g_assert (left == 0);
  return TRUE;
}

/* Frame filters */

PlFrameFilter *
pl_frame_filter_new (void)
{
  return g_new0 (PlFrameFilter, 1);
}

static GArray *
copy_ids (GArray *ids)
{
  GArray *copy;

  if (ids == NULL)
    return NULL;

  copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
  g_array_append_vals (copy, ids->data, ids->len);
  return copy;
}

PlFrameFilter *
pl_frame_filter_copy (const PlFrameFilter *filter)
{
  PlFrameFilter *copy;

  g_return_val_if_fail (filter != NULL, NULL);

  copy = pl_frame_filter_new ();
  copy->period_start = g_strdup (filter->period_start);
  copy->period_end = g_strdup (filter->period_end);
  copy->channel_ids = copy_ids (filter->channel_ids);
  copy->team_ids = copy_ids (filter->team_ids);
  copy->colleague_ids = copy_ids (filter->colleague_ids);
  return copy;
}

void
pl_frame_filter_free (PlFrameFilter *filter)
{
  if (filter == NULL)
    return;

  g_free (filter->period_start);
  g_free (filter->period_end);
  g_clear_pointer (&filter->channel_ids, g_array_unref);
  g_clear_pointer (&filter->team_ids, g_array_unref);
  g_clear_pointer (&filter->colleague_ids, g_array_unref);
  g_free (filter);
}

/* Adds @id to the list *@ids, making the list if there is none. */
void
pl_frame_filter_add_id (GArray **ids,
                        gint64   id)
{
  g_return_if_fail (ids != NULL);

  if (*ids == NULL)
    *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (*ids, id);
}

static void
add_ids_json (JsonBuilder *builder,
              const char  *member,
              GArray      *ids)
{
  json_builder_set_member_name (builder, member);
  if (ids == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (ids, gint64, i));
  json_builder_end_array (builder);
}

static void
add_text_json (JsonBuilder *builder,
               const char  *member,
               const char  *text)
{
  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static char *
builder_to_text (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
pl_frame_filter_to_json (const PlFrameFilter *filter)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (filter != NULL, NULL);

  json_builder_begin_object (builder);
  add_text_json (builder, "period_start", filter->period_start);
  add_text_json (builder, "period_end", filter->period_end);
  add_ids_json (builder, "channel_ids", filter->channel_ids);
  add_ids_json (builder, "team_ids", filter->team_ids);
  add_ids_json (builder, "colleague_ids", filter->colleague_ids);
  json_builder_end_object (builder);

  return builder_to_text (builder);
}

static gboolean
read_ids_json (JsonObject  *object,
               const char  *member,
               GArray     **ids)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 id;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
        return FALSE;
      id = json_node_get_int (element);
      g_array_append_val (*ids, id);
    }

  return TRUE;
}

static gboolean
read_text_json (JsonObject  *object,
                const char  *member,
                char       **text)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *text = g_strdup (json_node_get_string (node));
  return TRUE;
}

PlFrameFilter *
pl_frame_filter_from_json (const char  *json,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PlFrameFilter) filter = pl_frame_filter_new ();
  JsonNode *root;
  JsonObject *object;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (json == NULL || *json == '\0')
    return g_steal_pointer (&filter);

  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    goto invalid;

  object = json_node_get_object (root);
  if (!read_text_json (object, "period_start", &filter->period_start) ||
      !read_text_json (object, "period_end", &filter->period_end) ||
      !read_ids_json (object, "channel_ids", &filter->channel_ids) ||
      !read_ids_json (object, "team_ids", &filter->team_ids) ||
      !read_ids_json (object, "colleague_ids", &filter->colleague_ids))
    goto invalid;

  return g_steal_pointer (&filter);

invalid:
  g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The sampling frame’s filter could not be read."));
  return NULL;
}

static gboolean
is_iso_day (const char *text)
{
  GDate date;

  return text != NULL && strlen (text) == 10 && pl_date_parse_iso (text, &date);
}

static gboolean
check_filter (const PlFrameFilter  *filter,
              GError              **error)
{
  if ((filter->period_start != NULL && !is_iso_day (filter->period_start)) ||
      (filter->period_end != NULL && !is_iso_day (filter->period_end)))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The frame’s period needs dates written YYYY-MM-DD."));
      return FALSE;
    }
  if (filter->period_start != NULL && filter->period_end != NULL &&
      strcmp (filter->period_start, filter->period_end) > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The frame’s period must end on or after the day it starts."));
      return FALSE;
    }

  return TRUE;
}

/* Sampling frames */

struct _PlSamplingFrame
{
  GObject parent_instance;

  gint64 id;
  char *name;
  PlFrameEntity entity;
  PlFrameFilter *filter;
  gint64 population;
  gint64 review_id;
};

G_DEFINE_FINAL_TYPE (PlSamplingFrame, pl_sampling_frame, G_TYPE_OBJECT)

enum {
  FRAME_PROP_0,
  FRAME_PROP_ID,
  FRAME_PROP_NAME,
  FRAME_PROP_ENTITY,
  FRAME_PROP_POPULATION,
  FRAME_PROP_REVIEW_ID,
  FRAME_N_PROPS
};

static GParamSpec *frame_properties[FRAME_N_PROPS];

static void
pl_sampling_frame_finalize (GObject *object)
{
  PlSamplingFrame *self = (PlSamplingFrame *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->filter, pl_frame_filter_free);

  G_OBJECT_CLASS (pl_sampling_frame_parent_class)->finalize (object);
}

static void
pl_sampling_frame_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlSamplingFrame *self = PL_SAMPLING_FRAME (object);

  switch (prop_id)
    {
    case FRAME_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case FRAME_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case FRAME_PROP_ENTITY:
      g_value_set_enum (value, self->entity);
      break;
    case FRAME_PROP_POPULATION:
      g_value_set_int64 (value, self->population);
      break;
    case FRAME_PROP_REVIEW_ID:
      g_value_set_int64 (value, self->review_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_sampling_frame_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PlSamplingFrame *self = PL_SAMPLING_FRAME (object);

  switch (prop_id)
    {
    case FRAME_PROP_NAME:
      pl_sampling_frame_set_name (self, g_value_get_string (value));
      break;
    case FRAME_PROP_ENTITY:
      pl_sampling_frame_set_entity (self, g_value_get_enum (value));
      break;
    case FRAME_PROP_POPULATION:
      pl_sampling_frame_set_population (self, g_value_get_int64 (value));
      break;
    case FRAME_PROP_REVIEW_ID:
      pl_sampling_frame_set_review_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_sampling_frame_class_init (PlSamplingFrameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pl_sampling_frame_finalize;
  object_class->get_property = pl_sampling_frame_get_property;
  object_class->set_property = pl_sampling_frame_set_property;

  frame_properties[FRAME_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  frame_properties[FRAME_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  frame_properties[FRAME_PROP_ENTITY] =
    g_param_spec_enum ("entity", NULL, NULL, PL_TYPE_FRAME_ENTITY, PL_FRAME_INTERACTIONS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  frame_properties[FRAME_PROP_POPULATION] =
    g_param_spec_int64 ("population", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  frame_properties[FRAME_PROP_REVIEW_ID] =
    g_param_spec_int64 ("review-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, FRAME_N_PROPS, frame_properties);
}

static void
pl_sampling_frame_init (PlSamplingFrame *self)
{
  self->filter = pl_frame_filter_new ();
}

PlSamplingFrame *
pl_sampling_frame_new (const char    *name,
                       PlFrameEntity  entity)
{
  g_return_val_if_fail (entity <= PL_FRAME_POPULATION, NULL);

  return g_object_new (PL_TYPE_SAMPLING_FRAME, "name", name, "entity", entity, NULL);
}

gint64
pl_sampling_frame_get_id (PlSamplingFrame *self)
{
  g_return_val_if_fail (PL_IS_SAMPLING_FRAME (self), 0);
  return self->id;
}

const char *
pl_sampling_frame_get_name (PlSamplingFrame *self)
{
  g_return_val_if_fail (PL_IS_SAMPLING_FRAME (self), NULL);
  return self->name;
}

void
pl_sampling_frame_set_name (PlSamplingFrame *self,
                            const char      *name)
{
  g_return_if_fail (PL_IS_SAMPLING_FRAME (self));

  if (g_strcmp0 (self->name, name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), frame_properties[FRAME_PROP_NAME]);
    }
}

PlFrameEntity
pl_sampling_frame_get_entity (PlSamplingFrame *self)
{
  g_return_val_if_fail (PL_IS_SAMPLING_FRAME (self), PL_FRAME_INTERACTIONS);
  return self->entity;
}

void
pl_sampling_frame_set_entity (PlSamplingFrame *self,
                              PlFrameEntity    entity)
{
  g_return_if_fail (PL_IS_SAMPLING_FRAME (self));
  g_return_if_fail (entity <= PL_FRAME_POPULATION);

  if (self->entity != entity)
    {
      self->entity = entity;
      g_object_notify_by_pspec (G_OBJECT (self), frame_properties[FRAME_PROP_ENTITY]);
    }
}

const PlFrameFilter *
pl_sampling_frame_get_filter (PlSamplingFrame *self)
{
  g_return_val_if_fail (PL_IS_SAMPLING_FRAME (self), NULL);
  return self->filter;
}

void
pl_sampling_frame_set_filter (PlSamplingFrame     *self,
                              const PlFrameFilter *filter)
{
  g_return_if_fail (PL_IS_SAMPLING_FRAME (self));

  pl_frame_filter_free (self->filter);
  self->filter = filter != NULL ? pl_frame_filter_copy (filter) : pl_frame_filter_new ();
}

gint64
pl_sampling_frame_get_population (PlSamplingFrame *self)
{
  g_return_val_if_fail (PL_IS_SAMPLING_FRAME (self), 0);
  return self->population;
}

void
pl_sampling_frame_set_population (PlSamplingFrame *self,
                                  gint64           population)
{
  g_return_if_fail (PL_IS_SAMPLING_FRAME (self));

  if (self->population != population)
    {
      self->population = population;
      g_object_notify_by_pspec (G_OBJECT (self), frame_properties[FRAME_PROP_POPULATION]);
    }
}

gint64
pl_sampling_frame_get_review_id (PlSamplingFrame *self)
{
  g_return_val_if_fail (PL_IS_SAMPLING_FRAME (self), 0);
  return self->review_id;
}

void
pl_sampling_frame_set_review_id (PlSamplingFrame *self,
                                 gint64           review_id)
{
  g_return_if_fail (PL_IS_SAMPLING_FRAME (self));

  if (self->review_id != review_id)
    {
      self->review_id = review_id;
      g_object_notify_by_pspec (G_OBJECT (self), frame_properties[FRAME_PROP_REVIEW_ID]);
    }
}

static gboolean
frame_name_taken (PlWorkspace  *workspace,
                  const char   *name,
                  gint64        except_id,
                  gboolean     *taken,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT 1 FROM sampling_frames WHERE name = ? AND id <> ?",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, except_id);
  *taken = sqlite3_step (stmt) == SQLITE_ROW;
  return TRUE;
}

gboolean
pl_sampling_frame_save (PlSamplingFrame  *self,
                        PlWorkspace      *workspace,
                        GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *name = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  gboolean taken = FALSE;
  gint64 id;

  g_return_val_if_fail (PL_IS_SAMPLING_FRAME (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_strstrip (g_strdup (self->name != NULL ? self->name : ""));
  if (*name == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the sampling frame a name."));
      return FALSE;
    }
  if (self->entity == PL_FRAME_POPULATION && self->population < 1)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the population’s size: 1 or more."));
      return FALSE;
    }
  if (!check_filter (self->filter, error))
    return FALSE;

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!frame_name_taken (workspace, name, self->id, &taken, error))
    goto failed;
  if (taken)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_EXISTS,
                   _("There is already a sampling frame called “%s”: choose another name."), name);
      goto failed;
    }

  if (self->entity != PL_FRAME_POPULATION)
    filter = pl_frame_filter_to_json (self->filter);

  if (self->id == 0)
    stmt = pl_workspace_prepare (workspace,
                                 "INSERT INTO sampling_frames"
                                 " (name, review_id, entity, filter, population, created_at)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                 error);
  else
    stmt = pl_workspace_prepare (workspace,
                                 "UPDATE sampling_frames SET name = ?1, review_id = ?2, entity = ?3,"
                                 " filter = ?4, population = ?5 WHERE id = ?7",
                                 error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (self->review_id > 0)
    sqlite3_bind_int64 (stmt, 2, self->review_id);
  sqlite3_bind_text (stmt, 3, entity_names[self->entity], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, filter, -1, SQLITE_STATIC);
  if (self->entity == PL_FRAME_POPULATION)
    sqlite3_bind_int64 (stmt, 5, self->population);
  if (self->id == 0)
    sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 7, self->id);

  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (self->id != 0 && sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This sampling frame is no longer in the workspace."));
      goto failed;
    }

  id = self->id != 0 ? self->id : sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  if (!pl_workspace_audit (workspace, self->id == 0 ? "create" : "update",
                           "sampling_frame", id, name, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), frame_properties[FRAME_PROP_ID]);
    }
  pl_sampling_frame_set_name (self, name);
  pl_workspace_emit_changed (workspace, "sampling_frames");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

static PlSamplingFrame *
frame_from_row (sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr(PlSamplingFrame) frame = NULL;
  PlFrameEntity entity = PL_FRAME_INTERACTIONS;

  pl_frame_entity_from_string ((const char *) sqlite3_column_text (stmt, 2), &entity);
  frame = pl_sampling_frame_new ((const char *) sqlite3_column_text (stmt, 1), entity);
  frame->id = sqlite3_column_int64 (stmt, 0);
  frame->population = sqlite3_column_int64 (stmt, 4);
  frame->review_id = sqlite3_column_int64 (stmt, 5);
  if (entity != PL_FRAME_POPULATION)
    {
      pl_frame_filter_free (frame->filter);
      frame->filter = pl_frame_filter_from_json ((const char *) sqlite3_column_text (stmt, 3), error);
      if (frame->filter == NULL)
        return NULL;
    }

  return g_steal_pointer (&frame);
}

#define FRAME_COLUMNS "SELECT id, name, entity, filter, population, review_id FROM sampling_frames"

GListModel *
pl_sampling_frame_list (PlWorkspace  *workspace,
                        GError      **error)
{
  g_autoptr(GListStore) store = g_list_store_new (PL_TYPE_SAMPLING_FRAME);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace, FRAME_COLUMNS " ORDER BY name COLLATE NOCASE, id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PlSamplingFrame) frame = frame_from_row (stmt, error);

      if (frame == NULL)
        return NULL;
      g_list_store_append (store, frame);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The sampling frames could not be read"));
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

PlSamplingFrame *
pl_sampling_frame_find (PlWorkspace  *workspace,
                        const char   *name,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListModel) frames = NULL;
  g_autoptr(GString) names = NULL;
  guint n;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace, FRAME_COLUMNS " WHERE name = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return frame_from_row (stmt, error);

  frames = pl_sampling_frame_list (workspace, error);
  if (frames == NULL)
    return NULL;

  n = g_list_model_get_n_items (frames);
  if (n == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("There is no sampling frame called “%s”: this workspace has no "
                     "sampling frames yet."), name);
      return NULL;
    }

  names = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlSamplingFrame) frame = g_list_model_get_item (frames, i);

      if (i > 0)
        g_string_append (names, ", ");
      g_string_append_printf (names, "“%s”", frame->name);
    }

  g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
               /* Translators: the name asked for, then the list of frames */
               _("There is no sampling frame called “%s”. The frames in this workspace are: %s."),
               name, names->str);
  return NULL;
}

gboolean
pl_sampling_frame_delete (PlWorkspace  *workspace,
                          gint64        frame_id,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace, "DELETE FROM sampling_frames WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, frame_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This sampling frame is no longer in the workspace."));
      goto failed;
    }

  if (!pl_workspace_audit (workspace, "delete", "sampling_frame", frame_id, NULL, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "sampling_frames");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/* A frame's records */

typedef struct
{
  gint64 id;                  /* interaction or response; 0 for customers */
  char  *customer_ref;
  gint64 colleague_id;
  gint64 channel_id;
  gint64 team_id;
  char   day[11];
} FrameRow;

static void
frame_row_clear (gpointer data)
{
  FrameRow *row = data;

  g_clear_pointer (&row->customer_ref, g_free);
}

#define FRAME_FILTER(date, t) \
  "(?1 IS NULL OR " date " >= ?1) AND (?2 IS NULL OR " date " < ?2)" \
  " AND (?3 IS NULL OR " t ".channel_id IN (SELECT value FROM json_each (?3)))" \
  " AND (?4 IS NULL OR co.team_id IN (SELECT value FROM json_each (?4)))" \
  " AND (?5 IS NULL OR " t ".colleague_id IN (SELECT value FROM json_each (?5)))"

static const char * const frame_queries[] = {
  [PL_FRAME_INTERACTIONS] =
    "SELECT i.id, NULL, i.colleague_id, i.channel_id, co.team_id, substr (i.occurred_at, 1, 10)"
    " FROM interactions i LEFT JOIN colleagues co ON co.id = i.colleague_id"
    " WHERE " FRAME_FILTER ("i.occurred_at", "i")
    " ORDER BY i.id",
  [PL_FRAME_RESPONSES] =
    "SELECT r.id, NULL, r.colleague_id, r.channel_id, co.team_id, r.responded_on"
    " FROM responses r LEFT JOIN colleagues co ON co.id = r.colleague_id"
    " WHERE r.excluded = 0 AND r.trashed_at IS NULL AND " FRAME_FILTER ("r.responded_on", "r")
    " ORDER BY r.id",
  /* Each customer once, with the colleague and channel of their first
   * interaction in the frame. */
  [PL_FRAME_CUSTOMERS] =
    "SELECT 0, customer_ref, colleague_id, channel_id, team_id, day FROM"
    " (SELECT i.customer_ref, i.colleague_id, i.channel_id, co.team_id,"
    "         substr (i.occurred_at, 1, 10) AS day,"
    "         row_number () OVER (PARTITION BY i.customer_ref ORDER BY i.occurred_at, i.id) AS rn"
    "    FROM interactions i LEFT JOIN colleagues co ON co.id = i.colleague_id"
    "   WHERE i.customer_ref IS NOT NULL AND " FRAME_FILTER ("i.occurred_at", "i") ")"
    " WHERE rn = 1 ORDER BY customer_ref",
};

static char *
ids_to_json (GArray *ids)
{
  GString *json;

  if (ids == NULL)
    return NULL;

  json = g_string_new ("[");
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (ids, gint64, i));
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

/* Prepares @sql (a frame query, or a count around one) with the filter bound. */
static sqlite3_stmt *
prepare_frame (PlWorkspace          *workspace,
               const char           *sql,
               const PlFrameFilter  *filter,
               GError              **error)
{
  sqlite3_stmt *stmt;
  GArray *lists[3] = { filter->channel_ids, filter->team_ids, filter->colleague_ids };

  if (!check_filter (filter, error))
    return NULL;

  stmt = pl_workspace_prepare (workspace, sql, error);
  if (stmt == NULL)
    return NULL;

  if (filter->period_start != NULL)
    sqlite3_bind_text (stmt, 1, filter->period_start, -1, SQLITE_TRANSIENT);
  if (filter->period_end != NULL)
    {
      GDate day;
      g_autofree char *after = NULL;

      /* The end day is included: records before the next day. */
      pl_date_parse_iso (filter->period_end, &day);
      g_date_add_days (&day, 1);
      after = pl_date_to_iso (&day);
      sqlite3_bind_text (stmt, 2, after, -1, SQLITE_TRANSIENT);
    }
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (lists[i] != NULL)
      sqlite3_bind_text (stmt, 3 + i, ids_to_json (lists[i]), -1, g_free);

  return stmt;
}

static void
frame_parts (PlSamplingFrame      *frame,
             PlFrameEntity        *entity,
             const PlFrameFilter **filter)
{
  static PlFrameFilter everything = { NULL, };

  *entity = frame != NULL ? frame->entity : PL_FRAME_INTERACTIONS;
  *filter = frame != NULL ? frame->filter : &everything;
}

gboolean
pl_sampling_frame_count (PlSamplingFrame  *frame,
                         PlWorkspace      *workspace,
                         gint64           *out_count,
                         GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  const PlFrameFilter *filter;
  PlFrameEntity entity;

  g_return_val_if_fail (frame == NULL || PL_IS_SAMPLING_FRAME (frame), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  frame_parts (frame, &entity, &filter);
  if (entity == PL_FRAME_POPULATION)
    {
      *out_count = frame->population;
      return TRUE;
    }

  sql = g_strdup_printf ("SELECT count (*) FROM (%s)", frame_queries[entity]);
  stmt = prepare_frame (workspace, sql, filter, error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The sampling frame could not be counted"));
      return FALSE;
    }

  *out_count = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static GArray *
load_frame (PlWorkspace          *workspace,
            PlFrameEntity         entity,
            const PlFrameFilter  *filter,
            GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) rows = NULL;
  int rc;

  stmt = prepare_frame (workspace, frame_queries[entity], filter, error);
  if (stmt == NULL)
    return NULL;

  rows = g_array_new (FALSE, TRUE, sizeof (FrameRow));
  g_array_set_clear_func (rows, frame_row_clear);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FrameRow row = { 0 };
      const char *day = (const char *) sqlite3_column_text (stmt, 5);

      row.id = sqlite3_column_int64 (stmt, 0);
      row.customer_ref = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row.colleague_id = sqlite3_column_int64 (stmt, 2);
      row.channel_id = sqlite3_column_int64 (stmt, 3);
      row.team_id = sqlite3_column_int64 (stmt, 4);
      if (day != NULL)
        g_strlcpy (row.day, day, sizeof row.day);
      g_array_append_val (rows, row);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The sampling frame could not be read"));
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/* Monitoring list items */

struct _PlSampleItem
{
  GObject parent_instance;

  gint64 id;
  gint64 sample_id;
  gint64 position;
  gint64 interaction_id;
  gint64 response_id;
  char *customer_ref;
  gint64 colleague_id;
  char *colleague_code;
  char *colleague_name;
  gint64 channel_id;
  char *channel_code;
  char *channel_name;
  char *occurred_on;
  char *stratum;
  PlSampleItemStatus status;
  char *skip_reason;
  gint64 observation_id;
  gboolean notice_missing;
};

G_DEFINE_FINAL_TYPE (PlSampleItem, pl_sample_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_ID,
  ITEM_PROP_SAMPLE_ID,
  ITEM_PROP_POSITION,
  ITEM_PROP_INTERACTION_ID,
  ITEM_PROP_RESPONSE_ID,
  ITEM_PROP_CUSTOMER_REF,
  ITEM_PROP_COLLEAGUE_ID,
  ITEM_PROP_COLLEAGUE_CODE,
  ITEM_PROP_COLLEAGUE_NAME,
  ITEM_PROP_CHANNEL_ID,
  ITEM_PROP_CHANNEL_CODE,
  ITEM_PROP_CHANNEL_NAME,
  ITEM_PROP_OCCURRED_ON,
  ITEM_PROP_STRATUM,
  ITEM_PROP_STATUS,
  ITEM_PROP_SKIP_REASON,
  ITEM_PROP_OBSERVATION_ID,
  ITEM_PROP_NOTICE_MISSING,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

static void
pl_sample_item_finalize (GObject *object)
{
  PlSampleItem *self = (PlSampleItem *) object;

  g_clear_pointer (&self->customer_ref, g_free);
  g_clear_pointer (&self->colleague_code, g_free);
  g_clear_pointer (&self->colleague_name, g_free);
  g_clear_pointer (&self->channel_code, g_free);
  g_clear_pointer (&self->channel_name, g_free);
  g_clear_pointer (&self->occurred_on, g_free);
  g_clear_pointer (&self->stratum, g_free);
  g_clear_pointer (&self->skip_reason, g_free);

  G_OBJECT_CLASS (pl_sample_item_parent_class)->finalize (object);
}

static void
pl_sample_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PlSampleItem *self = PL_SAMPLE_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_ID: g_value_set_int64 (value, self->id); break;
    case ITEM_PROP_SAMPLE_ID: g_value_set_int64 (value, self->sample_id); break;
    case ITEM_PROP_POSITION: g_value_set_int64 (value, self->position); break;
    case ITEM_PROP_INTERACTION_ID: g_value_set_int64 (value, self->interaction_id); break;
    case ITEM_PROP_RESPONSE_ID: g_value_set_int64 (value, self->response_id); break;
    case ITEM_PROP_CUSTOMER_REF: g_value_set_string (value, self->customer_ref); break;
    case ITEM_PROP_COLLEAGUE_ID: g_value_set_int64 (value, self->colleague_id); break;
    case ITEM_PROP_COLLEAGUE_CODE: g_value_set_string (value, self->colleague_code); break;
    case ITEM_PROP_COLLEAGUE_NAME: g_value_set_string (value, self->colleague_name); break;
    case ITEM_PROP_CHANNEL_ID: g_value_set_int64 (value, self->channel_id); break;
    case ITEM_PROP_CHANNEL_CODE: g_value_set_string (value, self->channel_code); break;
    case ITEM_PROP_CHANNEL_NAME: g_value_set_string (value, self->channel_name); break;
    case ITEM_PROP_OCCURRED_ON: g_value_set_string (value, self->occurred_on); break;
    case ITEM_PROP_STRATUM: g_value_set_string (value, self->stratum); break;
    case ITEM_PROP_STATUS: g_value_set_enum (value, self->status); break;
    case ITEM_PROP_SKIP_REASON: g_value_set_string (value, self->skip_reason); break;
    case ITEM_PROP_OBSERVATION_ID: g_value_set_int64 (value, self->observation_id); break;
    case ITEM_PROP_NOTICE_MISSING: g_value_set_boolean (value, self->notice_missing); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_sample_item_class_init (PlSampleItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  static const struct { guint prop; const char *name; } ints[] = {
    { ITEM_PROP_ID, "id" },
    { ITEM_PROP_SAMPLE_ID, "sample-id" },
    { ITEM_PROP_POSITION, "position" },
    { ITEM_PROP_INTERACTION_ID, "interaction-id" },
    { ITEM_PROP_RESPONSE_ID, "response-id" },
    { ITEM_PROP_COLLEAGUE_ID, "colleague-id" },
    { ITEM_PROP_CHANNEL_ID, "channel-id" },
    { ITEM_PROP_OBSERVATION_ID, "observation-id" },
  };
  static const struct { guint prop; const char *name; } strings[] = {
    { ITEM_PROP_CUSTOMER_REF, "customer-ref" },
    { ITEM_PROP_COLLEAGUE_CODE, "colleague-code" },
    { ITEM_PROP_COLLEAGUE_NAME, "colleague-name" },
    { ITEM_PROP_CHANNEL_CODE, "channel-code" },
    { ITEM_PROP_CHANNEL_NAME, "channel-name" },
    { ITEM_PROP_OCCURRED_ON, "occurred-on" },
    { ITEM_PROP_STRATUM, "stratum" },
    { ITEM_PROP_SKIP_REASON, "skip-reason" },
  };

  object_class->finalize = pl_sample_item_finalize;
  object_class->get_property = pl_sample_item_get_property;

  /* 0 is "none" for the ids: the schema's NULL. */
  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    item_properties[ints[i].prop] =
      g_param_spec_int64 (ints[i].name, NULL, NULL, 0, G_MAXINT64, 0, flags);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    item_properties[strings[i].prop] =
      g_param_spec_string (strings[i].name, NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, PL_TYPE_SAMPLE_ITEM_STATUS,
                       PL_SAMPLE_ITEM_PENDING, flags);
  item_properties[ITEM_PROP_NOTICE_MISSING] =
    g_param_spec_boolean ("notice-missing", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
pl_sample_item_init (PlSampleItem *self)
{
}

gint64
pl_sample_item_get_id (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), 0);

  return self->id;
}

gint64
pl_sample_item_get_sample_id (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), 0);

  return self->sample_id;
}

gint64
pl_sample_item_get_position (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), 0);

  return self->position;
}

gint64
pl_sample_item_get_interaction_id (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), 0);

  return self->interaction_id;
}

gint64
pl_sample_item_get_response_id (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), 0);

  return self->response_id;
}

const char *
pl_sample_item_get_customer_ref (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), NULL);

  return self->customer_ref;
}

gint64
pl_sample_item_get_colleague_id (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), 0);

  return self->colleague_id;
}

const char *
pl_sample_item_get_colleague_code (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), NULL);

  return self->colleague_code;
}

const char *
pl_sample_item_get_colleague_name (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), NULL);

  return self->colleague_name;
}

gint64
pl_sample_item_get_channel_id (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), 0);

  return self->channel_id;
}

const char *
pl_sample_item_get_channel_code (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), NULL);

  return self->channel_code;
}

const char *
pl_sample_item_get_channel_name (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), NULL);

  return self->channel_name;
}

const char *
pl_sample_item_get_occurred_on (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), NULL);

  return self->occurred_on;
}

const char *
pl_sample_item_get_stratum (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), NULL);

  return self->stratum;
}

PlSampleItemStatus
pl_sample_item_get_status (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), PL_SAMPLE_ITEM_PENDING);

  return self->status;
}

const char *
pl_sample_item_get_skip_reason (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), NULL);

  return self->skip_reason;
}

gint64
pl_sample_item_get_observation_id (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), 0);

  return self->observation_id;
}

gboolean
pl_sample_item_get_notice_missing (PlSampleItem *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), FALSE);

  return self->notice_missing;
}


static gboolean
observation_exists (PlWorkspace  *workspace,
                    gint64        observation_id,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pl_workspace_prepare (workspace, "SELECT 1 FROM observations WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, observation_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("That observation is not in the workspace."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_status (PlSampleItem        *self,
            PlWorkspace         *workspace,
            PlSampleItemStatus   status,
            gint64               observation_id,
            const char          *reason,
            GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *detail = NULL;

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (observation_id > 0 && !observation_exists (workspace, observation_id, error))
    goto failed;

  stmt = pl_workspace_prepare (workspace,
                               "UPDATE sample_items SET status = ?, skip_reason = ?,"
                               " observation_id = ?, updated_at = ? WHERE id = ?",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_text (stmt, 1, status_names[status], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
  if (observation_id > 0)
    sqlite3_bind_int64 (stmt, 3, observation_id);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, self->id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This item is no longer on the monitoring list."));
      goto failed;
    }

  if (reason != NULL)
    detail = g_strdup (reason);
  else if (observation_id > 0)
    detail = g_strdup_printf ("observation %" G_GINT64_FORMAT, observation_id);

  if (!pl_workspace_audit (workspace, status_names[status], "sample_item", self->id,
                           detail, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_STATUS]);
    }
  if (g_strcmp0 (self->skip_reason, reason) != 0)
    {
      g_free (self->skip_reason);
      self->skip_reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_SKIP_REASON]);
    }
  if (self->observation_id != observation_id)
    {
      self->observation_id = observation_id;
      g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_OBSERVATION_ID]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  pl_workspace_emit_changed (workspace, "sample_items");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

gboolean
pl_sample_item_mark_monitored (PlSampleItem  *self,
                               PlWorkspace   *workspace,
                               gint64         observation_id,
                               GError       **error)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (observation_id >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_status (self, workspace, PL_SAMPLE_ITEM_MONITORED, observation_id, NULL, error);
}

gboolean
pl_sample_item_skip (PlSampleItem  *self,
                     PlWorkspace   *workspace,
                     const char    *reason,
                     GError       **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Say why this item is skipped, for example “recording missing”."));
      return FALSE;
    }

  return set_status (self, workspace, PL_SAMPLE_ITEM_SKIPPED, 0, trimmed, error);
}

gboolean
pl_sample_item_reset (PlSampleItem  *self,
                      PlWorkspace   *workspace,
                      GError       **error)
{
  g_return_val_if_fail (PL_IS_SAMPLE_ITEM (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_status (self, workspace, PL_SAMPLE_ITEM_PENDING, 0, NULL, error);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

GListModel *
pl_sample_list_items (PlWorkspace  *workspace,
                      gint64        sample_id,
                      GError      **error)
{
  g_autoptr(GListStore) store = g_list_store_new (PL_TYPE_SAMPLE_ITEM);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = pl_today_iso ();
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace, "SELECT 1 FROM samples WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, sample_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This sample is no longer in the workspace."));
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* A colleague was told about monitoring when a staff notice, not in the
   * trash, was given on or before the item's day, to everyone or to the
   * colleague's team. An item without a colleague (an abandoned call)
   * has nobody to tell. */
  stmt = pl_workspace_prepare (workspace,
                               "SELECT si.id, si.position, si.interaction_id, si.response_id,"
                               " si.customer_ref, si.colleague_id, co.code, co.display_name,"
                               " si.channel_id, ch.code, ch.name, si.occurred_on, si.stratum,"
                               " si.status, si.skip_reason, si.observation_id,"
                               " si.colleague_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM monitoring_notices mn"
                               "              WHERE mn.audience = 'staff' AND mn.trashed_at IS NULL"
                               "                AND mn.given_on <= coalesce (si.occurred_on, ?2)"
                               "                AND (mn.team_id IS NULL OR mn.team_id = co.team_id))"
                               " FROM sample_items si"
                               " LEFT JOIN colleagues co ON co.id = si.colleague_id"
                               " LEFT JOIN channels ch ON ch.id = si.channel_id"
                               " WHERE si.sample_id = ?1 ORDER BY si.position",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, sample_id);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PlSampleItem) item = g_object_new (PL_TYPE_SAMPLE_ITEM, NULL);
      int status = PL_SAMPLE_ITEM_PENDING;

      item->id = sqlite3_column_int64 (stmt, 0);
      item->sample_id = sample_id;
      item->position = sqlite3_column_int64 (stmt, 1);
      item->interaction_id = sqlite3_column_int64 (stmt, 2);
      item->response_id = sqlite3_column_int64 (stmt, 3);
      item->customer_ref = column_dup (stmt, 4);
      item->colleague_id = sqlite3_column_int64 (stmt, 5);
      item->colleague_code = column_dup (stmt, 6);
      item->colleague_name = column_dup (stmt, 7);
      item->channel_id = sqlite3_column_int64 (stmt, 8);
      item->channel_code = column_dup (stmt, 9);
      item->channel_name = column_dup (stmt, 10);
      item->occurred_on = column_dup (stmt, 11);
      item->stratum = column_dup (stmt, 12);
      name_lookup (status_names, G_N_ELEMENTS (status_names),
                   (const char *) sqlite3_column_text (stmt, 13), &status);
      item->status = status;
      item->skip_reason = column_dup (stmt, 14);
      item->observation_id = sqlite3_column_int64 (stmt, 15);
      item->notice_missing = sqlite3_column_int (stmt, 16) != 0;
      g_list_store_append (store, item);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The monitoring list could not be read"));
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* Samples */

struct _PlSample
{
  GObject parent_instance;

  gint64 id;
  gint64 review_id;
  char *frame_name;
  PlSampleMethod method;
  PlStratumField strata[PL_STRATUM_MAX_FIELDS];
  guint n_strata;
  guint32 seed;
  gint64 population;
  gint64 size;
  char *drawn_at;
  GArray *allocation;
  GListModel *items;
};

G_DEFINE_FINAL_TYPE (PlSample, pl_sample, G_TYPE_OBJECT)

static void
stratum_allocation_clear (gpointer data)
{
  PlStratumAllocation *allocation = data;

  g_clear_pointer (&allocation->label, g_free);
}

static void
pl_sample_finalize (GObject *object)
{
  PlSample *self = (PlSample *) object;

  g_clear_pointer (&self->frame_name, g_free);
  g_clear_pointer (&self->drawn_at, g_free);
  g_clear_pointer (&self->allocation, g_array_unref);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (pl_sample_parent_class)->finalize (object);
}

static void
pl_sample_class_init (PlSampleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pl_sample_finalize;
}

static void
pl_sample_init (PlSample *self)
{
  self->allocation = g_array_new (FALSE, TRUE, sizeof (PlStratumAllocation));
  g_array_set_clear_func (self->allocation, stratum_allocation_clear);
}

gint64
pl_sample_get_id (PlSample *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE (self), 0);

  return self->id;
}

const char *
pl_sample_get_frame_name (PlSample *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE (self), NULL);

  return self->frame_name;
}

PlSampleMethod
pl_sample_get_method (PlSample *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE (self), PL_SAMPLE_SIMPLE);

  return self->method;
}

guint32
pl_sample_get_seed (PlSample *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE (self), 0);

  return self->seed;
}

gint64
pl_sample_get_population (PlSample *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE (self), 0);

  return self->population;
}

gint64
pl_sample_get_size (PlSample *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE (self), 0);

  return self->size;
}

const char *
pl_sample_get_drawn_at (PlSample *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE (self), NULL);

  return self->drawn_at;
}

GArray *
pl_sample_get_allocation (PlSample *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE (self), NULL);

  return self->allocation;
}

GListModel *
pl_sample_get_items (PlSample *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE (self), NULL);

  return self->items;
}

gint64
pl_sample_get_review_id (PlSample *self)
{
  g_return_val_if_fail (PL_IS_SAMPLE (self), 0);

  return self->review_id;
}

/**
 * pl_sample_assign_review:
 * @review_id: the review the sample serves, or 0 for none
 *
 * Makes the sample part of a review's plan, or of none. The review must
 * exist and not be in the trash.
 */
gboolean
pl_sample_assign_review (PlWorkspace  *workspace,
                         gint64        sample_id,
                         gint64        review_id,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (review_id > 0)
    {
      stmt = pl_workspace_prepare (workspace,
                                   "SELECT 1 FROM reviews WHERE id = ? AND trashed_at IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, review_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("That review is no longer in the workspace."));
          return FALSE;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace, "UPDATE samples SET review_id = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, sample_id);
  if (review_id > 0)
    sqlite3_bind_int64 (stmt, 2, review_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;
  if (sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This sample is no longer in the workspace."));
      goto failed;
    }

  detail = g_strdup_printf ("{\"review_id\":%" G_GINT64_FORMAT "}", review_id);
  if (!pl_workspace_audit (workspace, "assign_review", "sample", sample_id, detail, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "samples");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/**
 * pl_sample_list_unnoticed_colleagues:
 * @review_id: the review whose samples to look at
 *
 * The colleagues on the monitoring lists of the review's samples whom no
 * staff notice covers for an item still to be monitored or already
 * monitored (skipped items are left out), by the rule of
 * pl_sample_item_get_notice_missing().
 *
 * Returns: (transfer full): a #GListModel of #PlItem: id the colleague's,
 *   code, name the display name, detail how many items are affected
 */
GListModel *
pl_sample_list_unnoticed_colleagues (PlWorkspace  *workspace,
                                     gint64        review_id,
                                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListStore) store = g_list_store_new (PL_TYPE_ITEM);
  g_autofree char *today = pl_today_iso ();
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT co.id, co.code, co.display_name, count (*)"
                               " FROM samples s"
                               " JOIN sample_items si ON si.sample_id = s.id"
                               " JOIN colleagues co ON co.id = si.colleague_id"
                               " WHERE s.review_id = ?1 AND si.status <> 'skipped'"
                               "   AND NOT EXISTS (SELECT 1 FROM monitoring_notices mn"
                               "                   WHERE mn.audience = 'staff' AND mn.trashed_at IS NULL"
                               "                     AND mn.given_on <= coalesce (si.occurred_on, ?2)"
                               "                     AND (mn.team_id IS NULL OR mn.team_id = co.team_id))"
                               " GROUP BY co.id ORDER BY co.display_name, co.code",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, review_id);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 count = sqlite3_column_int64 (stmt, 3);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, count);
      g_autofree char *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%s item on the monitoring list",
                                                              "%s items on the monitoring list",
                                                              (gulong) count),
                                                 number);
      g_autoptr(PlItem) item = pl_item_new (sqlite3_column_int64 (stmt, 0),
                                            pl_column_text (stmt, 1),
                                            pl_column_text (stmt, 2),
                                            detail);

      g_list_store_append (store, item);
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The monitoring lists could not be read"));
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

#define SAMPLE_COLUMNS "id, frame_name, method, strata, population, size, seed, drawn_at," \
                       " review_id, allocation"

static void
allocation_from_json (GArray     *allocation,
                      const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *array;

  if (json == NULL || *json == '\0' ||
      !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      PlStratumAllocation stratum;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      stratum.label = g_strdup (json_object_get_string_member_with_default (object, "label", ""));
      stratum.population = json_object_get_int_member_with_default (object, "population", 0);
      stratum.size = json_object_get_int_member_with_default (object, "size", 0);
      g_array_append_val (allocation, stratum);
    }
}

static char *
allocation_to_json (GArray *allocation)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (allocation->len == 0)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < allocation->len; i++)
    {
      const PlStratumAllocation *stratum = &g_array_index (allocation, PlStratumAllocation, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, stratum->label);
      json_builder_set_member_name (builder, "population");
      json_builder_add_int_value (builder, stratum->population);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, stratum->size);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return builder_to_text (builder);
}

static PlSample *
sample_from_row (sqlite3_stmt *stmt)
{
  PlSample *self = g_object_new (PL_TYPE_SAMPLE, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  self->id = sqlite3_column_int64 (stmt, 0);
  self->frame_name = g_strdup (pl_column_text (stmt, 1));
  if (!pl_sample_method_from_string (pl_column_text (stmt, 2), &self->method))
    self->method = PL_SAMPLE_SIMPLE;
  self->population = sqlite3_column_int64 (stmt, 4);
  self->size = sqlite3_column_int64 (stmt, 5);
  self->seed = (guint32) sqlite3_column_int64 (stmt, 6);
  self->drawn_at = g_strdup (pl_column_text (stmt, 7));
  self->review_id = sqlite3_column_int64 (stmt, 8);
  allocation_from_json (self->allocation, (const char *) sqlite3_column_text (stmt, 9));

  /* The strata as recorded: a JSON array of field names. */
  if (json_parser_load_from_data (parser, pl_column_text (stmt, 3), -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array) && self->n_strata < PL_STRATUM_MAX_FIELDS; i++)
        {
          PlStratumField field;

          if (pl_stratum_field_from_string (json_array_get_string_element (array, i), &field))
            self->strata[self->n_strata++] = field;
        }
    }

  return self;
}

/**
 * pl_sample_list:
 * @limit: how many at most; 0 for all
 *
 * Returns: (transfer full): a #GListModel of #PlSample, newest first,
 *   without their monitoring lists
 */
GListModel *
pl_sample_list (PlWorkspace  *workspace,
                guint         limit,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " SAMPLE_COLUMNS " FROM samples ORDER BY id DESC LIMIT ?",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);

  return pl_workspace_collect (workspace, stmt, PL_TYPE_SAMPLE,
                               (PlWorkspaceRowFunc) sample_from_row,
                               _("The samples could not be read"), error);
}

/**
 * pl_sample_load:
 *
 * Returns: (transfer full): the sample with its monitoring list, or %NULL
 *   with %PL_ERROR_NOT_FOUND
 */
PlSample *
pl_sample_load (PlWorkspace  *workspace,
                gint64        sample_id,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PlSample) sample = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace, "SELECT " SAMPLE_COLUMNS " FROM samples WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, sample_id);

  sample = pl_workspace_fetch_one (workspace, stmt, (PlWorkspaceRowFunc) sample_from_row,
                                   _("That sample is no longer in the workspace."),
                                   _("The sample could not be read"), error);
  if (sample == NULL)
    return NULL;

  sample->items = pl_sample_list_items (workspace, sample_id, error);
  if (sample->items == NULL)
    return NULL;

  return g_steal_pointer (&sample);
}


const PlStratumField *
pl_sample_get_strata (PlSample *self,
                      guint    *n_strata)
{
  g_return_val_if_fail (PL_IS_SAMPLE (self), NULL);
  g_return_val_if_fail (n_strata != NULL, NULL);

  *n_strata = self->n_strata;
  return self->strata;
}

void
pl_draw_settings_init (PlDrawSettings *settings)
{
  g_return_if_fail (settings != NULL);

  memset (settings, 0, sizeof *settings);
  settings->method = PL_SAMPLE_SIMPLE;
}

static gboolean
check_settings (const PlDrawSettings  *settings,
                GError               **error)
{
  if (settings->size < 1)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The sample size must be at least 1."));
      return FALSE;
    }
  if (settings->n_strata > PL_STRATUM_MAX_FIELDS)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Stratify by channel, team, colleague or week, each at most once."));
      return FALSE;
    }
  for (guint i = 0; i < settings->n_strata; i++)
    for (guint j = 0; j <= i; j++)
      if ((j < i && settings->strata[i] == settings->strata[j]) || settings->strata[i] > PL_STRATUM_WEEK)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                               _("Stratify by channel, team, colleague or week, each at most once."));
          return FALSE;
        }
  if (settings->method == PL_SAMPLE_STRATIFIED && settings->n_strata == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A stratified sample needs at least one field to stratify by: "
                             "channel, team, colleague or week."));
      return FALSE;
    }
  if (settings->min_per_stratum < 0 ||
      (settings->min_per_stratum > 0 && settings->n_strata == 0))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A minimum per stratum needs strata, and cannot be negative."));
      return FALSE;
    }

  return TRUE;
}

/* Positions [0, n) of @members get a simple random sample of @n of them:
 * a partial Fisher–Yates shuffle. */
static void
partial_shuffle (GRand  *rand,
                 guint  *members,
                 guint   n_members,
                 guint   n)
{
  for (guint i = 0; i < n; i++)
    {
      guint j = i + (guint) g_rand_int_range (rand, 0, (gint32) (n_members - i));
      guint swap = members[i];

      members[i] = members[j];
      members[j] = swap;
    }
}

typedef struct
{
  const gint64 *keys;
  guint n_fields;
} KeyOrder;

static int
compare_by_key (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  const KeyOrder *order = data;
  guint ra = *(const guint *) a;
  guint rb = *(const guint *) b;

  for (guint f = 0; f < order->n_fields; f++)
    {
      gint64 ka = order->keys[(gsize) ra * order->n_fields + f];
      gint64 kb = order->keys[(gsize) rb * order->n_fields + f];

      if (ka != kb)
        return ka < kb ? -1 : 1;
    }

  return ra < rb ? -1 : ra > rb;
}

static GHashTable *
load_names (PlWorkspace  *workspace,
            const char   *sql,
            GError      **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, sql, error);

  if (stmt == NULL)
    return NULL;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (names, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                         column_dup (stmt, 1));

  return g_steal_pointer (&names);
}

typedef struct
{
  guint first;                /* into the sorted order */
  guint count;
  char *label;
  gint64 size;
} Stratum;

static void
stratum_clear (gpointer data)
{
  g_clear_pointer (&((Stratum *) data)->label, g_free);
}

static gint64
field_key (const FrameRow *row,
           PlStratumField  field)
{
  switch (field)
    {
    case PL_STRATUM_CHANNEL:
      return row->channel_id;
    case PL_STRATUM_TEAM:
      return row->team_id;
    case PL_STRATUM_COLLEAGUE:
      return row->colleague_id;
    case PL_STRATUM_WEEK:
    default:
      {
        GDate day;

        if (!pl_date_parse_iso (row->day, &day))
          return 0;
        g_date_subtract_days (&day, g_date_get_weekday (&day) - G_DATE_MONDAY);
        return pl_date_to_days (&day);
      }
    }
}

static char *
stratum_label (const FrameRow       *row,
               const PlDrawSettings *settings,
               GHashTable           *tables[3])
{
  g_autoptr(GString) label = g_string_new (NULL);

  for (guint f = 0; f < settings->n_strata; f++)
    {
      PlStratumField field = settings->strata[f];
      gint64 id = field_key (row, field);
      const char *name = NULL;
      g_autofree char *week = NULL;

      if (f > 0)
        g_string_append (label, " · ");

      if (field == PL_STRATUM_WEEK)
        {
          g_autofree char *monday = pl_date_week_start (row->day);

          /* Translators: %s is the Monday that starts the week, YYYY-MM-DD */
          week = monday != NULL ? g_strdup_printf (_("Week of %s"), monday) : g_strdup (_("No date"));
          g_string_append (label, week);
          continue;
        }

      if (id != 0)
        name = g_hash_table_lookup (tables[field], &id);
      if (name == NULL)
        name = field == PL_STRATUM_CHANNEL ? _("No channel")
             : field == PL_STRATUM_TEAM ? _("No team") : _("No colleague");
      g_string_append (label, name);
    }

  return g_string_free (g_steal_pointer (&label), FALSE);
}

/* Stratifies the frame, allocates the sample and draws within each
 * stratum; @strata gets the strata in order, @row_stratum each row's. */
static gboolean
draw_stratified (PlWorkspace           *workspace,
                 GArray                *rows,
                 const PlDrawSettings  *settings,
                 GRand                 *rand,
                 gboolean              *selected,
                 guint                 *row_stratum,
                 GArray                *strata,
                 GError               **error)
{
  g_autofree gint64 *keys = NULL;
  g_autofree gint64 *populations = NULL;
  g_autofree gint64 *sizes = NULL;
  g_autoptr(GArray) order = NULL;
  GHashTable *tables[3] = { NULL, };
  KeyOrder key_order;
  gboolean ok = FALSE;
  guint n = rows->len;

  if ((tables[PL_STRATUM_CHANNEL] = load_names (workspace, "SELECT id, name FROM channels",
                                                error)) == NULL ||
      (tables[PL_STRATUM_TEAM] = load_names (workspace, "SELECT id, name FROM teams",
                                             error)) == NULL ||
      (tables[PL_STRATUM_COLLEAGUE] = load_names (workspace, "SELECT id, display_name FROM colleagues",
                                                  error)) == NULL)
    goto out;

  keys = g_new (gint64, (gsize) n * settings->n_strata);
  order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  for (guint r = 0; r < n; r++)
    {
      const FrameRow *row = &g_array_index (rows, FrameRow, r);

      for (guint f = 0; f < settings->n_strata; f++)
        keys[(gsize) r * settings->n_strata + f] = field_key (row, settings->strata[f]);
      g_array_append_val (order, r);
    }

  key_order.keys = keys;
  key_order.n_fields = settings->n_strata;
  g_array_sort_with_data (order, compare_by_key, &key_order);

  for (guint i = 0; i < n; i++)
    {
      guint r = g_array_index (order, guint, i);
      Stratum *last = strata->len > 0 ? &g_array_index (strata, Stratum, strata->len - 1) : NULL;

      if (last == NULL ||
          memcmp (&keys[(gsize) g_array_index (order, guint, last->first) * settings->n_strata],
                  &keys[(gsize) r * settings->n_strata], sizeof (gint64) * settings->n_strata) != 0)
        {
          Stratum stratum = { i, 0, NULL, 0 };

          stratum.label = stratum_label (&g_array_index (rows, FrameRow, r), settings, tables);
          g_array_append_val (strata, stratum);
          last = &g_array_index (strata, Stratum, strata->len - 1);
        }

      last->count++;
      row_stratum[r] = strata->len - 1;
    }

  populations = g_new (gint64, strata->len);
  sizes = g_new (gint64, strata->len);
  for (guint h = 0; h < strata->len; h++)
    populations[h] = g_array_index (strata, Stratum, h).count;

  if (!pl_sampling_allocate (populations, strata->len, settings->size,
                             settings->min_per_stratum, sizes, error))
    goto out;

  for (guint h = 0; h < strata->len; h++)
    {
      Stratum *stratum = &g_array_index (strata, Stratum, h);
      guint *members = &g_array_index (order, guint, stratum->first);

      stratum->size = sizes[h];
      partial_shuffle (rand, members, stratum->count, (guint) sizes[h]);
      for (guint i = 0; i < sizes[h]; i++)
        selected[members[i]] = TRUE;
    }

  ok = TRUE;

out:
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_clear_pointer (&tables[i], g_hash_table_unref);
  return ok;
}

static char *
strata_to_json (const PlDrawSettings *settings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint f = 0; f < settings->n_strata; f++)
    json_builder_add_string_value (builder, field_names[settings->strata[f]]);
  json_builder_end_array (builder);

  return builder_to_text (builder);
}

static gboolean
record_sample (PlWorkspace           *workspace,
               PlSamplingFrame       *frame,
               PlFrameEntity          entity,
               const PlDrawSettings  *settings,
               PlSample              *sample,
               GArray                *rows,
               const gboolean        *selected,
               const guint           *row_stratum,
               GArray                *strata,
               GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *strata_json = strata_to_json (settings);
  g_autofree char *allocation_json = allocation_to_json (sample->allocation);
  g_autofree char *detail = NULL;
  gint64 position = 0;

  if (frame != NULL)
    filter = pl_frame_filter_to_json (frame->filter);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO samples (review_id, frame_id, frame_name, frame_filter,"
                               " method, strata, min_per_stratum, population, size, confidence,"
                               " margin, proportion, seed, drawn_at, allocation)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    goto failed;

  if (settings->review_id > 0)
    sqlite3_bind_int64 (stmt, 1, settings->review_id);
  if (frame != NULL && frame->id > 0)
    sqlite3_bind_int64 (stmt, 2, frame->id);
  sqlite3_bind_text (stmt, 3, sample->frame_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, filter, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, method_names[sample->method], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, strata_json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, settings->min_per_stratum);
  sqlite3_bind_int64 (stmt, 8, sample->population);
  sqlite3_bind_int64 (stmt, 9, sample->size);
  if (settings->has_size_inputs)
    {
      sqlite3_bind_double (stmt, 10, settings->confidence);
      sqlite3_bind_double (stmt, 11, settings->margin);
      sqlite3_bind_double (stmt, 12, settings->proportion);
    }
  sqlite3_bind_int64 (stmt, 13, sample->seed);
  sqlite3_bind_text (stmt, 14, sample->drawn_at, -1, SQLITE_STATIC);
  pl_bind_text_or_null (stmt, 15, allocation_json);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  sample->id = sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO sample_items (sample_id, position, interaction_id,"
                               " response_id, customer_ref, colleague_id, channel_id, occurred_on,"
                               " stratum, status)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'pending')",
                               error);
  if (stmt == NULL)
    goto failed;

  for (guint r = 0; r < rows->len; r++)
    {
      const FrameRow *row = &g_array_index (rows, FrameRow, r);

      if (!selected[r])
        continue;

      sqlite3_clear_bindings (stmt);
      sqlite3_bind_int64 (stmt, 1, sample->id);
      sqlite3_bind_int64 (stmt, 2, ++position);
      if (entity == PL_FRAME_INTERACTIONS)
        sqlite3_bind_int64 (stmt, 3, row->id);
      else if (entity == PL_FRAME_RESPONSES)
        sqlite3_bind_int64 (stmt, 4, row->id);
      else
        sqlite3_bind_text (stmt, 5, row->customer_ref, -1, SQLITE_STATIC);
      if (row->colleague_id > 0)
        sqlite3_bind_int64 (stmt, 6, row->colleague_id);
      if (row->channel_id > 0)
        sqlite3_bind_int64 (stmt, 7, row->channel_id);
      if (row->day[0] != '\0')
        sqlite3_bind_text (stmt, 8, row->day, -1, SQLITE_STATIC);
      if (strata->len > 0)
        sqlite3_bind_text (stmt, 9, g_array_index (strata, Stratum, row_stratum[r]).label,
                           -1, SQLITE_STATIC);
      if (!pl_workspace_step_done (workspace, stmt, error))
        goto failed;
    }

  g_assert (position == sample->size);

  detail = g_strdup_printf ("%s: %s, %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ", seed %u",
                            sample->frame_name, method_names[sample->method],
                            sample->size, sample->population, sample->seed);
  if (!pl_workspace_audit (workspace, "draw", "sample", sample->id, detail, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  sample->id = 0;
  return FALSE;
}

PlSample *
pl_sample_draw (PlWorkspace           *workspace,
                PlSamplingFrame       *frame,
                const PlDrawSettings  *settings,
                GError               **error)
{
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) strata = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree gboolean *selected = NULL;
  g_autofree guint *row_stratum = NULL;
  const PlFrameFilter *filter;
  PlFrameEntity entity;
  guint n;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (frame == NULL || PL_IS_SAMPLING_FRAME (frame), NULL);
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_settings (settings, error))
    return NULL;

  frame_parts (frame, &entity, &filter);
  if (entity == PL_FRAME_POPULATION)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is a population size only, with no records to draw from. Use it "
                     "to work out a sample size, and draw from a frame of interactions, "
                     "responses or customers."), frame->name);
      return NULL;
    }

  rows = load_frame (workspace, entity, filter, error);
  if (rows == NULL)
    return NULL;

  n = rows->len;
  if (n == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The sampling frame holds no records to draw from."));
      return NULL;
    }
  if (settings->size > n || n > G_MAXINT32)
    {
      g_autofree char *size_text = g_strdup_printf ("%" G_GINT64_FORMAT, settings->size);
      g_autofree char *n_text = g_strdup_printf ("%u", n);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   /* Translators: the sample size, then the number of records */
                   _("A sample of %s cannot be drawn from %s records."), size_text, n_text);
      return NULL;
    }

  sample = g_object_new (PL_TYPE_SAMPLE, NULL);
  sample->frame_name = g_strdup (frame != NULL ? frame->name : _("All interactions"));
  sample->method = settings->n_strata > 0 ? PL_SAMPLE_STRATIFIED : settings->method;
  sample->n_strata = settings->n_strata;
  memcpy (sample->strata, settings->strata, sizeof sample->strata);
  sample->seed = settings->has_seed ? settings->seed : g_random_int ();
  sample->review_id = settings->review_id;
  sample->population = n;
  sample->size = settings->size;
  sample->drawn_at = pl_now_iso8601 ();

  rand = g_rand_new_with_seed (sample->seed);
  selected = g_new0 (gboolean, n);
  row_stratum = g_new0 (guint, n);
  strata = g_array_new (FALSE, TRUE, sizeof (Stratum));
  g_array_set_clear_func (strata, stratum_clear);

  switch (sample->method)
    {
    case PL_SAMPLE_SIMPLE:
      {
        g_autofree guint *members = g_new (guint, n);

        for (guint r = 0; r < n; r++)
          members[r] = r;
        partial_shuffle (rand, members, n, (guint) settings->size);
        for (gint64 i = 0; i < settings->size; i++)
          selected[members[i]] = TRUE;
      }
      break;

    case PL_SAMPLE_SYSTEMATIC:
      {
        /* An interval of N / n from the start r / n: record i is
         * floor ((r + i N) / n), so exactly n distinct records. */
        gint64 start = g_rand_int_range (rand, 0, (gint32) n);

        for (gint64 i = 0; i < settings->size; i++)
          selected[(start + i * (gint64) n) / settings->size] = TRUE;
      }
      break;

    case PL_SAMPLE_STRATIFIED:
      if (!draw_stratified (workspace, rows, settings, rand, selected, row_stratum, strata, error))
        return NULL;
      for (guint h = 0; h < strata->len; h++)
        {
          const Stratum *stratum = &g_array_index (strata, Stratum, h);
          PlStratumAllocation allocation = { g_strdup (stratum->label), stratum->count, stratum->size };

          g_array_append_val (sample->allocation, allocation);
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if (!record_sample (workspace, frame, entity, settings, sample, rows, selected,
                      row_stratum, strata, error))
    return NULL;

  pl_workspace_emit_changed (workspace, "samples");

  sample->items = pl_sample_list_items (workspace, sample->id, error);
  if (sample->items == NULL)
    return NULL;

  return g_steal_pointer (&sample);
}
