/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "pl-csv.h"
#include "pl-error.h"
#include "pl-import.h"
#include "pl-util.h"

/* The mapping half of importing: which column feeds which field, text
 * scales, missing-value tokens and the target of the rows; the suggestion
 * made from header names; and the presets, built in or saved. */

#define MAPPING_JSON_VERSION 1

/* Joined header rows, as the CSV reader writes them: "Top / Sub". */
#define HEADER_ROW_SEPARATOR " / "

/* -------------------------------------------------------------------- */
/* Kinds                                                                 */
/* -------------------------------------------------------------------- */

static const char * const kind_names[] = {
  [PL_IMPORT_INTERACTIONS] = "interaction",
  [PL_IMPORT_SURVEY] = "survey",
  [PL_IMPORT_OBSERVATIONS] = "observation",
  [PL_IMPORT_METRICS] = "metric",
  [PL_IMPORT_COMPLAINTS] = "complaint",
};

/* What people type on a command line: the plural reads as naturally. */
static const char * const kind_plural_names[] = {
  [PL_IMPORT_INTERACTIONS] = "interactions",
  [PL_IMPORT_SURVEY] = "surveys",
  [PL_IMPORT_OBSERVATIONS] = "observations",
  [PL_IMPORT_METRICS] = "metrics",
  [PL_IMPORT_COMPLAINTS] = "complaints",
};

static const char * const kind_labels[] = {
  [PL_IMPORT_INTERACTIONS] = N_("Interactions"),
  [PL_IMPORT_SURVEY] = N_("Survey responses"),
  [PL_IMPORT_OBSERVATIONS] = N_("Observations"),
  [PL_IMPORT_METRICS] = N_("Metric values"),
  [PL_IMPORT_COMPLAINTS] = N_("Complaints"),
};

#define N_KINDS (PL_IMPORT_COMPLAINTS + 1)

const char *
pl_import_kind_to_string (PlImportKind kind)
{
  g_return_val_if_fail (kind < N_KINDS, NULL);

  return kind_names[kind];
}

gboolean
pl_import_kind_from_string (const char   *text,
                            PlImportKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < N_KINDS; i++)
    {
      if (g_ascii_strcasecmp (text, kind_names[i]) == 0 ||
          g_ascii_strcasecmp (text, kind_plural_names[i]) == 0)
        {
          *kind = (PlImportKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
pl_import_kind_to_label (PlImportKind kind)
{
  g_return_val_if_fail (kind < N_KINDS, NULL);

  return _(kind_labels[kind]);
}

/* -------------------------------------------------------------------- */
/* Fields                                                                */
/* -------------------------------------------------------------------- */

/* Entries whose id ends in ':' are families: a real field id appends
 * its parameter ("question:q1", "new-question:nps", "criterion:12",
 * "metric:asa"). A required family needs at least one member mapped. */
static const PlImportField interaction_fields[] = {
  { "reference", N_("Reference"), N_("The phone system’s or helpdesk’s own reference for the contact"), FALSE },
  { "date", N_("Date"), N_("When the contact happened"), TRUE },
  { "channel", N_("Channel"), N_("Telephone, email, chat… matched to the workspace’s channels"), TRUE },
  { "colleague", N_("Colleague"), N_("Who handled the contact"), FALSE },
  { "customer", N_("Customer"), N_("Who the customer was; stored as a pseudonym"), FALSE },
  { "wait", N_("Wait"), N_("Seconds the customer waited before an answer"), FALSE },
  { "handle", N_("Handling time"), N_("Seconds spent handling the contact"), FALSE },
  { "abandoned", N_("Abandoned"), N_("Whether the customer gave up before an answer (yes/no)"), FALSE },
  { "resolved", N_("Resolved first time"), N_("Whether the contact was resolved at the first contact (yes/no)"), FALSE },
};

static const PlImportField survey_fields[] = {
  { "response_id", N_("Response ID"), N_("The survey tool’s own reference for the response, used to find duplicates"), FALSE },
  { "respondent", N_("Respondent"), N_("Who answered (an email or customer number); stored as a pseudonym"), FALSE },
  { "date", N_("Date"), N_("When the response was given"), TRUE },
  { "channel", N_("Channel"), N_("The channel the response is about"), FALSE },
  { "colleague", N_("Colleague"), N_("The colleague the response is about"), FALSE },
  { "comment", N_("Comment"), N_("The customer’s own words"), FALSE },
  { "duration", N_("Duration"), N_("Seconds the respondent took to answer, to spot speeders"), FALSE },
  { "question:", N_("Question"), N_("The answers to a question of the survey"), FALSE },
  { "new-question:", N_("New question"), N_("The answers to a question the import adds to the survey"), FALSE },
};

static const PlImportField observation_fields[] = {
  { "reference", N_("Reference"), N_("The evaluation’s own reference"), FALSE },
  { "date", N_("Date"), N_("When the interaction was observed"), TRUE },
  { "colleague", N_("Colleague"), N_("The colleague who was observed"), TRUE },
  { "channel", N_("Channel"), N_("The channel of the observed interaction"), FALSE },
  { "evaluator", N_("Evaluator"), N_("Who scored the interaction"), FALSE },
  { "comments", N_("Comments"), N_("The evaluator’s notes"), FALSE },
  { "criterion:", N_("Criterion"), N_("The scores of one criterion of the scorecard"), FALSE },
};

static const PlImportField metric_fields[] = {
  { "date", N_("Date"), N_("The start of the period (day, interval or week) the values cover"), TRUE },
  { "channel", N_("Channel"), N_("The channel the values are for"), FALSE },
  { "team", N_("Team"), N_("The team the values are for"), FALSE },
  { "metric:", N_("Metric"), N_("The values of one operational metric"), TRUE },
};

static const PlImportField complaint_fields[] = {
  { "reference", N_("Reference"), N_("The complaint’s own reference"), FALSE },
  { "received", N_("Received"), N_("When the complaint was received"), TRUE },
  { "channel", N_("Channel"), N_("How the complaint arrived"), FALSE },
  { "category", N_("Category"), N_("What the complaint is about"), FALSE },
  { "description", N_("Description"), N_("The complaint in the customer’s words"), FALSE },
  { "promised_days", N_("Promised days"), N_("Days promised for a response"), FALSE },
  { "responded", N_("Responded"), N_("When the customer was answered"), FALSE },
  { "resolved", N_("Resolved"), N_("When the complaint was closed"), FALSE },
  { "outcome", N_("Outcome"), N_("What was done or decided"), FALSE },
  { "colleague", N_("Colleague"), N_("The colleague who handled the complaint"), FALSE },
  { "customer", N_("Customer"), N_("Who complained; stored as a pseudonym"), FALSE },
};

static const struct
{
  const PlImportField *fields;
  guint n_fields;
} field_tables[] = {
  [PL_IMPORT_INTERACTIONS] = { interaction_fields, G_N_ELEMENTS (interaction_fields) },
  [PL_IMPORT_SURVEY] = { survey_fields, G_N_ELEMENTS (survey_fields) },
  [PL_IMPORT_OBSERVATIONS] = { observation_fields, G_N_ELEMENTS (observation_fields) },
  [PL_IMPORT_METRICS] = { metric_fields, G_N_ELEMENTS (metric_fields) },
  [PL_IMPORT_COMPLAINTS] = { complaint_fields, G_N_ELEMENTS (complaint_fields) },
};

const PlImportField *
pl_import_fields (PlImportKind  kind,
                  guint        *n_fields)
{
  static PlImportField *translated[N_KINDS];
  static gsize initialised[N_KINDS];

  g_return_val_if_fail (kind < N_KINDS, NULL);

  if (g_once_init_enter (&initialised[kind]))
    {
      const PlImportField *raw = field_tables[kind].fields;
      guint n = field_tables[kind].n_fields;

      translated[kind] = g_new0 (PlImportField, n);
      for (guint i = 0; i < n; i++)
        {
          translated[kind][i].id = raw[i].id;
          translated[kind][i].label = _(raw[i].label);
          translated[kind][i].description = _(raw[i].description);
          translated[kind][i].required = raw[i].required;
        }

      g_once_init_leave (&initialised[kind], 1);
    }

  if (n_fields != NULL)
    *n_fields = field_tables[kind].n_fields;

  return translated[kind];
}

const PlImportField *
pl_import_field_lookup (PlImportKind   kind,
                        const char    *field,
                        const char   **parameter)
{
  const PlImportField *fields;
  guint n_fields;

  g_return_val_if_fail (kind < N_KINDS, NULL);

  if (parameter != NULL)
    *parameter = NULL;

  if (field == NULL)
    return NULL;

  fields = pl_import_fields (kind, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      const char *id = fields[i].id;
      gsize len = strlen (id);

      if (id[len - 1] == ':')
        {
          if (strncmp (field, id, len) == 0 && field[len] != '\0')
            {
              if (parameter != NULL)
                *parameter = field + len;
              return &fields[i];
            }
        }
      else if (g_str_equal (field, id))
        return &fields[i];
    }

  return NULL;
}

/* Everything but new questions feeds one thing: a column each. */
static gboolean
field_is_repeatable (const char *field)
{
  return g_str_has_prefix (field, "new-question:");
}

/* "Date", "Question “q1”", "New question (nps)": a field in a sentence. */
static char *
field_dup_display (PlImportKind  kind,
                   const char   *field)
{
  const char *parameter = NULL;
  const PlImportField *info = pl_import_field_lookup (kind, field, &parameter);

  if (info == NULL)
    return g_strdup (field);

  if (parameter == NULL)
    return g_strdup (info->label);

  /* TRANSLATORS: a field with its parameter, e.g. "Question “q1”" */
  return g_strdup_printf (_("%s “%s”"), info->label, parameter);
}

/* -------------------------------------------------------------------- */
/* The mapping                                                           */
/* -------------------------------------------------------------------- */

typedef struct
{
  char *column;
  char *field;
} ColumnEntry;

typedef struct
{
  char *column;
  char *text;           /* as the user gave it */
  double value;
} ValueEntry;

struct _PlImportMapping
{
  PlImportKind kind;

  GPtrArray *columns;         /* ColumnEntry*, in the order first mapped */
  GHashTable *column_index;   /* column → ColumnEntry* (not owned) */

  GPtrArray *values;          /* ValueEntry*, in the order first set */
  GHashTable *value_index;    /* column → GHashTable (text key → ValueEntry*) */

  GStrv missing_tokens;

  gint64 survey_id;
  char *new_survey;
  gint64 scorecard_id;
  gboolean create_missing;
};

static void
column_entry_free (ColumnEntry *entry)
{
  g_free (entry->column);
  g_free (entry->field);
  g_free (entry);
}

static void
value_entry_free (ValueEntry *entry)
{
  g_free (entry->column);
  g_free (entry->text);
  g_free (entry);
}

/* Text scales match whatever the case and spacing: "  very  Satisfied ". */
static char *
value_key (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *composed = g_utf8_normalize (valid, -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *folded = g_utf8_casefold (composed != NULL ? composed : valid, -1);
  GString *key = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = key->len > 0;
          continue;
        }

      if (space)
        g_string_append_c (key, ' ');
      space = FALSE;
      g_string_append_unichar (key, c);
    }

  return g_string_free (key, FALSE);
}

/* value_key() for ASCII text that fits in @buf: ASCII is its own
 * composed form, and its case folding is lower case. FALSE otherwise. */
static gboolean
ascii_value_key (const char *text,
                 char       *buf,
                 gsize       size)
{
  gsize len = 0;
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p >= 0x80)
        return FALSE;

      /* the ASCII spaces of g_unichar_isspace() */
      if (strchr (" \t\n\r\f", *p) != NULL)
        {
          space = len > 0;
          continue;
        }

      if (len + 2 >= size)
        return FALSE;
      if (space)
        buf[len++] = ' ';
      space = FALSE;
      buf[len++] = g_ascii_tolower (*p);
    }

  buf[len] = '\0';
  return TRUE;
}

PlImportMapping *
pl_import_mapping_new (PlImportKind kind)
{
  PlImportMapping *self;

  g_return_val_if_fail (kind < N_KINDS, NULL);

  self = g_new0 (PlImportMapping, 1);
  self->kind = kind;
  self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_entry_free);
  self->column_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->values = g_ptr_array_new_with_free_func ((GDestroyNotify) value_entry_free);
  self->value_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_hash_table_unref);
  self->missing_tokens = g_strdupv ((char **) pl_csv_default_missing_tokens ());
  self->create_missing = TRUE;

  return self;
}

void
pl_import_mapping_free (PlImportMapping *mapping)
{
  if (mapping == NULL)
    return;

  g_clear_pointer (&mapping->column_index, g_hash_table_unref);
  g_clear_pointer (&mapping->columns, g_ptr_array_unref);
  g_clear_pointer (&mapping->value_index, g_hash_table_unref);
  g_clear_pointer (&mapping->values, g_ptr_array_unref);
  g_clear_pointer (&mapping->missing_tokens, g_strfreev);
  g_clear_pointer (&mapping->new_survey, g_free);
  g_free (mapping);
}

PlImportMapping *
pl_import_mapping_copy (PlImportMapping *mapping)
{
  PlImportMapping *copy;

  g_return_val_if_fail (mapping != NULL, NULL);

  copy = pl_import_mapping_new (mapping->kind);

  for (guint i = 0; i < mapping->columns->len; i++)
    {
      ColumnEntry *entry = g_ptr_array_index (mapping->columns, i);

      pl_import_mapping_set_field (copy, entry->column, entry->field);
    }

  for (guint i = 0; i < mapping->values->len; i++)
    {
      ValueEntry *entry = g_ptr_array_index (mapping->values, i);

      pl_import_mapping_set_value (copy, entry->column, entry->text, entry->value);
    }

  pl_import_mapping_set_missing_tokens (copy, (const char * const *) mapping->missing_tokens);
  copy->survey_id = mapping->survey_id;
  copy->new_survey = g_strdup (mapping->new_survey);
  copy->scorecard_id = mapping->scorecard_id;
  copy->create_missing = mapping->create_missing;

  return copy;
}

PlImportKind
pl_import_mapping_get_kind (PlImportMapping *mapping)
{
  g_return_val_if_fail (mapping != NULL, PL_IMPORT_SURVEY);

  return mapping->kind;
}

void
pl_import_mapping_set_field (PlImportMapping *mapping,
                             const char      *column,
                             const char      *field)
{
  ColumnEntry *entry;

  g_return_if_fail (mapping != NULL);
  g_return_if_fail (column != NULL);

  entry = g_hash_table_lookup (mapping->column_index, column);

  if (field == NULL || *field == '\0')
    {
      if (entry != NULL)
        {
          g_hash_table_remove (mapping->column_index, column);
          g_ptr_array_remove (mapping->columns, entry);
        }
      return;
    }

  if (entry != NULL)
    {
      if (!g_str_equal (entry->field, field))
        {
          g_free (entry->field);
          entry->field = g_strdup (field);
        }
      return;
    }

  entry = g_new0 (ColumnEntry, 1);
  entry->column = g_strdup (column);
  entry->field = g_strdup (field);
  g_ptr_array_add (mapping->columns, entry);
  g_hash_table_insert (mapping->column_index, entry->column, entry);
}

const char *
pl_import_mapping_get_field (PlImportMapping *mapping,
                             const char      *column)
{
  ColumnEntry *entry;

  g_return_val_if_fail (mapping != NULL, NULL);
  g_return_val_if_fail (column != NULL, NULL);

  entry = g_hash_table_lookup (mapping->column_index, column);
  return entry != NULL ? entry->field : NULL;
}

GPtrArray *
pl_import_mapping_dup_columns (PlImportMapping *mapping)
{
  GPtrArray *columns;

  g_return_val_if_fail (mapping != NULL, NULL);

  columns = g_ptr_array_new_full (mapping->columns->len, g_free);
  for (guint i = 0; i < mapping->columns->len; i++)
    {
      ColumnEntry *entry = g_ptr_array_index (mapping->columns, i);

      g_ptr_array_add (columns, g_strdup (entry->column));
    }

  return columns;
}

/* The column a field is fed by, or NULL. */
static const char *
mapping_find_field (PlImportMapping *mapping,
                    const char      *field)
{
  for (guint i = 0; i < mapping->columns->len; i++)
    {
      ColumnEntry *entry = g_ptr_array_index (mapping->columns, i);

      if (g_str_equal (entry->field, field))
        return entry->column;
    }

  return NULL;
}

void
pl_import_mapping_set_value (PlImportMapping *mapping,
                             const char      *column,
                             const char      *text,
                             double           value)
{
  GHashTable *texts;
  ValueEntry *entry;
  g_autofree char *key = NULL;

  g_return_if_fail (mapping != NULL);
  g_return_if_fail (column != NULL);
  g_return_if_fail (text != NULL);

  key = value_key (text);

  texts = g_hash_table_lookup (mapping->value_index, column);
  if (texts == NULL)
    {
      texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (mapping->value_index, g_strdup (column), texts);
    }

  entry = g_hash_table_lookup (texts, key);
  if (entry != NULL)
    {
      entry->value = value;
      return;
    }

  entry = g_new0 (ValueEntry, 1);
  entry->column = g_strdup (column);
  entry->text = g_strdup (text);
  entry->value = value;
  g_ptr_array_add (mapping->values, entry);
  g_hash_table_insert (texts, g_steal_pointer (&key), entry);
}

/* Whether @column has a value map at all: most have none. */
gboolean
pl_import_mapping_has_values (PlImportMapping *mapping,
                              const char      *column)
{
  g_return_val_if_fail (mapping != NULL, FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  return g_hash_table_lookup (mapping->value_index, column) != NULL;
}

gboolean
pl_import_mapping_lookup_value (PlImportMapping *mapping,
                                const char      *column,
                                const char      *text,
                                double          *value)
{
  GHashTable *texts;
  ValueEntry *entry;
  g_autofree char *key = NULL;
  char short_key[128];

  g_return_val_if_fail (mapping != NULL, FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  /* Most columns have no text scale: answer before normalising anything. */
  texts = g_hash_table_lookup (mapping->value_index, column);
  if (texts == NULL)
    return FALSE;

  /* Imports look up every cell of a rating column: short ASCII text,
   * the usual case, is keyed on the stack. */
  if (!ascii_value_key (text, short_key, sizeof short_key))
    key = value_key (text);

  entry = g_hash_table_lookup (texts, key != NULL ? key : short_key);
  if (entry == NULL)
    return FALSE;

  if (value != NULL)
    *value = entry->value;

  return TRUE;
}

GPtrArray *
pl_import_mapping_dup_value_texts (PlImportMapping *mapping,
                                   const char      *column)
{
  GPtrArray *texts;

  g_return_val_if_fail (mapping != NULL, NULL);
  g_return_val_if_fail (column != NULL, NULL);

  texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < mapping->values->len; i++)
    {
      ValueEntry *entry = g_ptr_array_index (mapping->values, i);

      if (g_str_equal (entry->column, column))
        g_ptr_array_add (texts, g_strdup (entry->text));
    }

  return texts;
}

void
pl_import_mapping_clear_values (PlImportMapping *mapping,
                                const char      *column)
{
  g_return_if_fail (mapping != NULL);
  g_return_if_fail (column != NULL);

  if (!g_hash_table_remove (mapping->value_index, column))
    return;

  for (guint i = mapping->values->len; i > 0; i--)
    {
      ValueEntry *entry = g_ptr_array_index (mapping->values, i - 1);

      if (g_str_equal (entry->column, column))
        g_ptr_array_remove_index (mapping->values, i - 1);
    }
}

typedef struct
{
  const char *text;
  double value;
} ScalePoint;

static const ScalePoint csat_scale[] = {
  { "Very dissatisfied", 1 },
  { "Extremely dissatisfied", 1 },
  { "Dissatisfied", 2 },
  { "Somewhat dissatisfied", 2 },
  { "Neither satisfied nor dissatisfied", 3 },
  { "Neutral", 3 },
  { "Satisfied", 4 },
  { "Somewhat satisfied", 4 },
  { "Very satisfied", 5 },
  { "Extremely satisfied", 5 },
  { "Très insatisfait", 1 },
  { "Pas du tout satisfait", 1 },
  { "Insatisfait", 2 },
  { "Plutôt pas satisfait", 2 },
  { "Ni satisfait ni insatisfait", 3 },
  { "Satisfait", 4 },
  { "Plutôt satisfait", 4 },
  { "Très satisfait", 5 },
};

/* Customer effort: the seven-point agreement with "… made it easy". */
static const ScalePoint ces_scale[] = {
  { "Strongly disagree", 1 },
  { "Disagree", 2 },
  { "Somewhat disagree", 3 },
  { "Neither agree nor disagree", 4 },
  { "Somewhat agree", 5 },
  { "Agree", 6 },
  { "Strongly agree", 7 },
  { "Very difficult", 1 },
  { "Difficult", 2 },
  { "Somewhat difficult", 3 },
  { "Neither easy nor difficult", 4 },
  { "Somewhat easy", 5 },
  { "Easy", 6 },
  { "Very easy", 7 },
};

/* A Likert question may be agreement or satisfaction on five points. */
static const ScalePoint likert_scale[] = {
  { "Very dissatisfied", 1 },
  { "Dissatisfied", 2 },
  { "Neither satisfied nor dissatisfied", 3 },
  { "Satisfied", 4 },
  { "Very satisfied", 5 },
  { "Strongly disagree", 1 },
  { "Disagree", 2 },
  { "Neither agree nor disagree", 3 },
  { "Neutral", 3 },
  { "Agree", 4 },
  { "Strongly agree", 5 },
  { "Pas du tout d’accord", 1 },
  { "Pas du tout d'accord", 1 },
  { "Pas d’accord", 2 },
  { "Pas d'accord", 2 },
  { "Ni d’accord ni pas d’accord", 3 },
  { "Ni d'accord ni pas d'accord", 3 },
  { "D’accord", 4 },
  { "D'accord", 4 },
  { "Tout à fait d’accord", 5 },
  { "Tout à fait d'accord", 5 },
};

static const ScalePoint yesno_scale[] = {
  { "Yes", 1 },
  { "No", 0 },
  { "Y", 1 },
  { "N", 0 },
  { "True", 1 },
  { "False", 0 },
  { "Oui", 1 },
  { "Non", 0 },
};

/* Survey tools label the ends of the 0–10 scale. */
static const ScalePoint nps_scale[] = {
  { "Not at all likely", 0 },
  { "0 - Not at all likely", 0 },
  { "Extremely likely", 10 },
  { "10 - Extremely likely", 10 },
  { "Pas du tout probable", 0 },
  { "Très probable", 10 },
};

gboolean
pl_import_mapping_add_standard_scale (PlImportMapping *mapping,
                                      const char      *column,
                                      PlQuestionKind   kind)
{
  const ScalePoint *points;
  guint n_points;

  g_return_val_if_fail (mapping != NULL, FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  switch (kind)
    {
    case PL_QUESTION_CSAT:
      points = csat_scale, n_points = G_N_ELEMENTS (csat_scale);
      break;
    case PL_QUESTION_NPS:
      points = nps_scale, n_points = G_N_ELEMENTS (nps_scale);
      break;
    case PL_QUESTION_CES:
      points = ces_scale, n_points = G_N_ELEMENTS (ces_scale);
      break;
    case PL_QUESTION_LIKERT:
      points = likert_scale, n_points = G_N_ELEMENTS (likert_scale);
      break;
    case PL_QUESTION_YESNO:
      points = yesno_scale, n_points = G_N_ELEMENTS (yesno_scale);
      break;
    case PL_QUESTION_SINGLE:
    case PL_QUESTION_MULTIPLE:
    case PL_QUESTION_TEXT:
    default:
      return FALSE;
    }

  for (guint i = 0; i < n_points; i++)
    pl_import_mapping_set_value (mapping, column, points[i].text, points[i].value);

  return TRUE;
}

void
pl_import_mapping_set_missing_tokens (PlImportMapping    *mapping,
                                      const char * const *tokens)
{
  g_return_if_fail (mapping != NULL);

  if (tokens == (const char * const *) mapping->missing_tokens)
    return;

  g_strfreev (mapping->missing_tokens);
  mapping->missing_tokens = tokens != NULL
    ? g_strdupv ((char **) tokens)
    : g_strdupv ((char **) pl_csv_default_missing_tokens ());
}

const char * const *
pl_import_mapping_get_missing_tokens (PlImportMapping *mapping)
{
  g_return_val_if_fail (mapping != NULL, NULL);

  return (const char * const *) mapping->missing_tokens;
}

gboolean
pl_import_mapping_is_missing (PlImportMapping *mapping,
                              const char      *text)
{
  g_return_val_if_fail (mapping != NULL, FALSE);

  return pl_csv_is_missing (text, (const char * const *) mapping->missing_tokens);
}

void
pl_import_mapping_set_survey_id (PlImportMapping *mapping,
                                 gint64           survey_id)
{
  g_return_if_fail (mapping != NULL);
  g_return_if_fail (survey_id >= 0);

  mapping->survey_id = survey_id;
  if (survey_id > 0)
    g_clear_pointer (&mapping->new_survey, g_free);
}

gint64
pl_import_mapping_get_survey_id (PlImportMapping *mapping)
{
  g_return_val_if_fail (mapping != NULL, 0);

  return mapping->survey_id;
}

void
pl_import_mapping_set_new_survey (PlImportMapping *mapping,
                                  const char      *name)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (mapping != NULL);

  if (name != NULL)
    trimmed = g_strstrip (g_strdup (name));

  g_clear_pointer (&mapping->new_survey, g_free);
  if (trimmed != NULL && *trimmed != '\0')
    {
      mapping->new_survey = g_steal_pointer (&trimmed);
      mapping->survey_id = 0;
    }
}

const char *
pl_import_mapping_get_new_survey (PlImportMapping *mapping)
{
  g_return_val_if_fail (mapping != NULL, NULL);

  return mapping->new_survey;
}

void
pl_import_mapping_set_scorecard_id (PlImportMapping *mapping,
                                    gint64           scorecard_id)
{
  g_return_if_fail (mapping != NULL);
  g_return_if_fail (scorecard_id >= 0);

  mapping->scorecard_id = scorecard_id;
}

gint64
pl_import_mapping_get_scorecard_id (PlImportMapping *mapping)
{
  g_return_val_if_fail (mapping != NULL, 0);

  return mapping->scorecard_id;
}

void
pl_import_mapping_set_create_missing (PlImportMapping *mapping,
                                      gboolean         create)
{
  g_return_if_fail (mapping != NULL);

  mapping->create_missing = !!create;
}

gboolean
pl_import_mapping_get_create_missing (PlImportMapping *mapping)
{
  g_return_val_if_fail (mapping != NULL, FALSE);

  return mapping->create_missing;
}

/* -------------------------------------------------------------------- */
/* JSON                                                                  */
/* -------------------------------------------------------------------- */

/* {"version": 1, "kind": "survey",
 *  "columns": [{"column": "Date", "field": "date"}, …],
 *  "values": [{"column": "Q1", "text": "Very satisfied", "value": 5}, …],
 *  "missing_tokens": ["", "NA", …],
 *  "survey_id": 3, "new_survey": null, "scorecard_id": 0, "create_missing": true} */
char *
pl_import_mapping_to_json (PlImportMapping *mapping)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (mapping != NULL, NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, MAPPING_JSON_VERSION);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_names[mapping->kind]);

  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < mapping->columns->len; i++)
    {
      ColumnEntry *entry = g_ptr_array_index (mapping->columns, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, entry->column);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, entry->field);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "values");
  json_builder_begin_array (builder);
  for (guint i = 0; i < mapping->values->len; i++)
    {
      ValueEntry *entry = g_ptr_array_index (mapping->values, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, entry->column);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, entry->text);
      json_builder_set_member_name (builder, "value");
      /* JSON has no NaN: a value that is not a number is written null. */
      if (isfinite (entry->value))
        json_builder_add_double_value (builder, entry->value);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "missing_tokens");
  json_builder_begin_array (builder);
  for (guint i = 0; mapping->missing_tokens[i] != NULL; i++)
    json_builder_add_string_value (builder, mapping->missing_tokens[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "survey_id");
  json_builder_add_int_value (builder, mapping->survey_id);
  json_builder_set_member_name (builder, "new_survey");
  if (mapping->new_survey != NULL)
    json_builder_add_string_value (builder, mapping->new_survey);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "scorecard_id");
  json_builder_add_int_value (builder, mapping->scorecard_id);
  json_builder_set_member_name (builder, "create_missing");
  json_builder_add_boolean_value (builder, mapping->create_missing);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
json_member_is (JsonObject *object,
                const char *name,
                GType       value_type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == value_type;
}

static gboolean
json_member_is_number (JsonObject *object,
                       const char *name)
{
  return json_member_is (object, name, G_TYPE_INT64) ||
         json_member_is (object, name, G_TYPE_DOUBLE);
}

static gboolean
json_member_is_null (JsonObject *object,
                     const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

static void
set_json_error (GError     **error,
                const char  *why)
{
  g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
               _("The saved column mapping could not be read: %s."), why);
}

PlImportMapping *
pl_import_mapping_new_from_json (const char  *json,
                                 GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(PlImportMapping) mapping = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  PlImportKind kind;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      set_json_error (error, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_json_error (error, _("it is not a mapping"));
      return NULL;
    }

  object = json_node_get_object (root);

  if (json_member_is_number (object, "version") &&
      json_object_get_int_member (object, "version") > MAPPING_JSON_VERSION)
    {
      set_json_error (error, _("it was written by a newer version of Plumbline"));
      return NULL;
    }

  if (!json_member_is (object, "kind", G_TYPE_STRING) ||
      !pl_import_kind_from_string (json_object_get_string_member (object, "kind"), &kind))
    {
      set_json_error (error, _("it does not say what kind of records it imports"));
      return NULL;
    }

  mapping = pl_import_mapping_new (kind);

  if (json_object_has_member (object, "columns"))
    {
      JsonNode *node = json_object_get_member (object, "columns");
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          set_json_error (error, _("its columns are not a list"));
          return NULL;
        }

      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *entry;

          if (!JSON_NODE_HOLDS_OBJECT (element) ||
              !json_member_is (entry = json_node_get_object (element), "column", G_TYPE_STRING) ||
              !json_member_is (entry, "field", G_TYPE_STRING))
            {
              set_json_error (error, _("a column has no name or no field"));
              return NULL;
            }

          pl_import_mapping_set_field (mapping,
                                       json_object_get_string_member (entry, "column"),
                                       json_object_get_string_member (entry, "field"));
        }
    }

  if (json_object_has_member (object, "values"))
    {
      JsonNode *node = json_object_get_member (object, "values");
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          set_json_error (error, _("its text scales are not a list"));
          return NULL;
        }

      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *entry;

          if (!JSON_NODE_HOLDS_OBJECT (element) ||
              !json_member_is (entry = json_node_get_object (element), "column", G_TYPE_STRING) ||
              !json_member_is (entry, "text", G_TYPE_STRING) ||
              (!json_member_is_number (entry, "value") &&
               !json_member_is_null (entry, "value")))
            {
              set_json_error (error, _("a text scale lacks its column, text or number"));
              return NULL;
            }

          pl_import_mapping_set_value (mapping,
                                       json_object_get_string_member (entry, "column"),
                                       json_object_get_string_member (entry, "text"),
                                       json_member_is_number (entry, "value")
                                         ? json_object_get_double_member (entry, "value")
                                         : NAN);
        }
    }

  if (json_object_has_member (object, "missing_tokens"))
    {
      JsonNode *node = json_object_get_member (object, "missing_tokens");
      g_autoptr(GPtrArray) tokens = g_ptr_array_new ();
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          set_json_error (error, _("its missing-value markers are not a list"));
          return NULL;
        }

      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            {
              set_json_error (error, _("a missing-value marker is not text"));
              return NULL;
            }
          g_ptr_array_add (tokens, (gpointer) json_node_get_string (element));
        }
      g_ptr_array_add (tokens, NULL);

      pl_import_mapping_set_missing_tokens (mapping, (const char * const *) tokens->pdata);
    }

  if (json_member_is (object, "survey_id", G_TYPE_INT64))
    pl_import_mapping_set_survey_id (mapping, MAX (0, json_object_get_int_member (object, "survey_id")));
  if (json_member_is (object, "new_survey", G_TYPE_STRING))
    pl_import_mapping_set_new_survey (mapping, json_object_get_string_member (object, "new_survey"));
  if (json_member_is (object, "scorecard_id", G_TYPE_INT64))
    pl_import_mapping_set_scorecard_id (mapping, MAX (0, json_object_get_int_member (object, "scorecard_id")));
  if (json_member_is (object, "create_missing", G_TYPE_BOOLEAN))
    pl_import_mapping_set_create_missing (mapping, json_object_get_boolean_member (object, "create_missing"));

  return g_steal_pointer (&mapping);
}

/* -------------------------------------------------------------------- */
/* Checking                                                              */
/* -------------------------------------------------------------------- */

/* The texts of the first column of a query with one id parameter (or
 * none when @id is 0), as a set. */
static GHashTable *
load_text_set (PlWorkspace  *workspace,
               const char   *sql,
               gint64        id,
               GError      **error)
{
  g_autoptr(GHashTable) set = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace, sql, error);
  if (stmt == NULL)
    return NULL;

  if (id != 0)
    sqlite3_bind_int64 (stmt, 1, id);

  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (text != NULL)
        g_hash_table_add (set, g_strdup (text));
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The workspace could not be read"));
      return NULL;
    }

  return g_steal_pointer (&set);
}

static gboolean
check_fields_known (PlImportMapping  *mapping,
                    GError          **error)
{
  for (guint i = 0; i < mapping->columns->len; i++)
    {
      ColumnEntry *entry = g_ptr_array_index (mapping->columns, i);
      const char *parameter = NULL;
      const PlImportField *info;
      PlQuestionKind question_kind;

      info = pl_import_field_lookup (mapping->kind, entry->field, &parameter);
      if (info == NULL)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The column “%s” is mapped to “%s”, which this import cannot store. "
                         "Choose one of the fields listed for it."),
                       entry->column, entry->field);
          return FALSE;
        }

      if (g_str_equal (info->id, "new-question:") &&
          !pl_question_kind_from_string (parameter, &question_kind))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The column “%s” is mapped to a new question of kind “%s”, which Plumbline "
                         "does not know. Use csat, nps, ces, likert, yesno, single, multiple or text."),
                       entry->column, parameter);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_no_field_twice (PlImportMapping  *mapping,
                      GError          **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < mapping->columns->len; i++)
    {
      ColumnEntry *entry = g_ptr_array_index (mapping->columns, i);
      const char *first;

      if (field_is_repeatable (entry->field))
        continue;

      first = g_hash_table_lookup (seen, entry->field);
      if (first != NULL)
        {
          g_autofree char *display = field_dup_display (mapping->kind, entry->field);

          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The columns “%s” and “%s” are both mapped to “%s”. "
                         "A field takes one column: leave one of them out."),
                       first, entry->column, display);
          return FALSE;
        }

      g_hash_table_insert (seen, entry->field, entry->column);
    }

  return TRUE;
}

static gboolean
check_required (PlImportMapping  *mapping,
                GError          **error)
{
  const PlImportField *fields;
  guint n_fields;

  fields = pl_import_fields (mapping->kind, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      const char *id = fields[i].id;
      gboolean found = FALSE;

      if (!fields[i].required)
        continue;

      for (guint c = 0; c < mapping->columns->len && !found; c++)
        {
          ColumnEntry *entry = g_ptr_array_index (mapping->columns, c);

          if (id[strlen (id) - 1] == ':')
            found = g_str_has_prefix (entry->field, id);
          else
            found = g_str_equal (entry->field, id);
        }

      if (found)
        continue;

      if (g_str_equal (id, "metric:"))
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                     _("No column is mapped to a metric, so there would be nothing to import. "
                       "Map at least one column of values to the metric it measures."));
      else
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                     _("No column is mapped to “%s”, and every row of this import needs one. "
                       "Choose the column that holds it."),
                     fields[i].label);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_survey_target (PlImportMapping  *mapping,
                     PlWorkspace      *workspace,
                     GError          **error)
{
  g_autoptr(GHashTable) codes = NULL;
  g_autofree char *survey_name = NULL;

  if (mapping->new_survey != NULL)
    {
      /* The survey will be made by the import: nothing in it yet to map to. */
      for (guint i = 0; i < mapping->columns->len; i++)
        {
          ColumnEntry *entry = g_ptr_array_index (mapping->columns, i);

          if (g_str_has_prefix (entry->field, "question:"))
            {
              g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The column “%s” is mapped to the existing question “%s”, but the responses "
                             "go to the new survey “%s”, which has no questions yet. "
                             "Map the column to a new question instead."),
                           entry->column, entry->field + strlen ("question:"), mapping->new_survey);
              return FALSE;
            }
        }
      return TRUE;
    }

  if (mapping->survey_id <= 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("Choose the survey these responses belong to, or name a new survey for them."));
      return FALSE;
    }

  if (!pl_workspace_lookup_text (workspace, "SELECT name FROM surveys WHERE id = ?",
                                 mapping->survey_id, &survey_name, error))
    return FALSE;
  if (survey_name == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                     _("The survey chosen for these responses is no longer in this workspace. "
                       "Choose another, or name a new survey."));
      return FALSE;
    }

  codes = load_text_set (workspace, "SELECT code FROM questions WHERE survey_id = ?",
                         mapping->survey_id, error);
  if (codes == NULL)
    return FALSE;

  for (guint i = 0; i < mapping->columns->len; i++)
    {
      ColumnEntry *entry = g_ptr_array_index (mapping->columns, i);
      const char *code;

      if (!g_str_has_prefix (entry->field, "question:"))
        continue;

      code = entry->field + strlen ("question:");
      if (!g_hash_table_contains (codes, code))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The column “%s” is mapped to the question “%s”, which the survey “%s” does not have. "
                         "Choose one of its questions, or map the column to a new question."),
                       entry->column, code, survey_name);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_scorecard_target (PlImportMapping  *mapping,
                        PlWorkspace      *workspace,
                        GError          **error)
{
  g_autoptr(GHashTable) criteria = NULL;
  g_autofree char *scorecard_name = NULL;

  if (mapping->scorecard_id <= 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("Choose the scorecard these observations were scored on."));
      return FALSE;
    }

  if (!pl_workspace_lookup_text (workspace, "SELECT name FROM scorecards WHERE id = ?",
                                 mapping->scorecard_id, &scorecard_name, error))
    return FALSE;
  if (scorecard_name == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                     _("The scorecard chosen for these observations is no longer in this workspace. "
                       "Choose another."));
      return FALSE;
    }

  criteria = load_text_set (workspace,
                            "SELECT c.id FROM criteria c"
                            " JOIN scorecard_sections s ON s.id = c.section_id"
                            " WHERE s.scorecard_id = ?",
                            mapping->scorecard_id, error);
  if (criteria == NULL)
    return FALSE;

  for (guint i = 0; i < mapping->columns->len; i++)
    {
      ColumnEntry *entry = g_ptr_array_index (mapping->columns, i);
      const char *id_text;
      guint64 id;

      if (!g_str_has_prefix (entry->field, "criterion:"))
        continue;

      id_text = entry->field + strlen ("criterion:");
      if (!g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL) ||
          !g_hash_table_contains (criteria, id_text))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The column “%s” is mapped to criterion %s, which is not on the scorecard “%s”. "
                         "Choose one of its criteria."),
                       entry->column, id_text, scorecard_name);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_metrics (PlImportMapping  *mapping,
               PlWorkspace      *workspace,
               GError          **error)
{
  g_autoptr(GHashTable) codes = NULL;

  codes = load_text_set (workspace, "SELECT code FROM metric_series", 0, error);
  if (codes == NULL)
    return FALSE;

  for (guint i = 0; i < mapping->columns->len; i++)
    {
      ColumnEntry *entry = g_ptr_array_index (mapping->columns, i);
      const char *code;

      if (!g_str_has_prefix (entry->field, "metric:"))
        continue;

      code = entry->field + strlen ("metric:");
      if (!g_hash_table_contains (codes, code))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The column “%s” is mapped to the metric “%s”, which this workspace does not track. "
                         "Add the metric under Operational data first, or leave the column out."),
                       entry->column, code);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
pl_import_mapping_check (PlImportMapping  *mapping,
                         PlWorkspace      *workspace,
                         GError          **error)
{
  g_return_val_if_fail (mapping != NULL, FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_fields_known (mapping, error) ||
      !check_no_field_twice (mapping, error) ||
      !check_required (mapping, error))
    return FALSE;

  switch (mapping->kind)
    {
    case PL_IMPORT_SURVEY:
      return check_survey_target (mapping, workspace, error);
    case PL_IMPORT_OBSERVATIONS:
      return check_scorecard_target (mapping, workspace, error);
    case PL_IMPORT_METRICS:
      return check_metrics (mapping, workspace, error);
    case PL_IMPORT_INTERACTIONS:
    case PL_IMPORT_COMPLAINTS:
    default:
      return TRUE;
    }
}

/* -------------------------------------------------------------------- */
/* Suggesting                                                            */
/* -------------------------------------------------------------------- */

/* Header text reduced to what matters for matching: ASCII lower case,
 * words split at punctuation and at camel case ("ResponseId" → "response
 * id"), accents dropped ("Durée" → "duree"). */
static char *
normalise_header (const char *text)
{
  g_autofree char *ascii = NULL;
  GString *out;
  gboolean pending_space = FALSE;
  char previous = '\0';

  if (text == NULL)
    return g_strdup ("");

  ascii = g_str_to_ascii (text, "C");
  out = g_string_sized_new (strlen (ascii));

  for (const char *p = ascii; *p != '\0'; p++)
    {
      char c = *p;

      if (!g_ascii_isalnum (c))
        {
          pending_space = out->len > 0;
          previous = c;
          continue;
        }

      if (g_ascii_isupper (c) && (g_ascii_islower (previous) || g_ascii_isdigit (previous)))
        pending_space = out->len > 0;

      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, g_ascii_tolower (c));
      previous = c;
    }

  return g_string_free (out, FALSE);
}

/* The texts a header can be known by: the whole (joined) header and each
 * of its header rows. */
static GPtrArray *
header_dup_candidates (const char *header)
{
  GPtrArray *candidates = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (candidates, normalise_header (header));

  if (strstr (header, HEADER_ROW_SEPARATOR) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (header, HEADER_ROW_SEPARATOR, -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *part = normalise_header (parts[i]);

          if (*part != '\0')
            g_ptr_array_add (candidates, part);
          else
            g_free (part);
        }
    }

  return candidates;
}

/* Whether @phrase occurs in @text as whole words. */
static gboolean
contains_words (const char *text,
                const char *phrase)
{
  gsize len = strlen (phrase);

  for (const char *p = strstr (text, phrase); p != NULL; p = strstr (p + 1, phrase))
    {
      if ((p == text || p[-1] == ' ') && (p[len] == '\0' || p[len] == ' '))
        return TRUE;
    }

  return FALSE;
}

/* Whether any of the '|'-separated phrases matches any candidate. */
static gboolean
phrases_match (GPtrArray  *candidates,
               const char *phrases,
               gboolean    whole)
{
  g_auto(GStrv) list = g_strsplit (phrases, "|", -1);

  for (guint c = 0; c < candidates->len; c++)
    {
      const char *candidate = g_ptr_array_index (candidates, c);

      for (guint i = 0; list[i] != NULL; i++)
        {
          if (whole ? g_str_equal (candidate, list[i]) : contains_words (candidate, list[i]))
            return TRUE;
        }
    }

  return FALSE;
}

enum {
  K_INT = 1 << PL_IMPORT_INTERACTIONS,
  K_SUR = 1 << PL_IMPORT_SURVEY,
  K_OBS = 1 << PL_IMPORT_OBSERVATIONS,
  K_MET = 1 << PL_IMPORT_METRICS,
  K_COM = 1 << PL_IMPORT_COMPLAINTS,
};

typedef struct
{
  guint kinds;
  const char *field;      /* NULL: a column known not to be imported */
  const char *phrases;    /* normalised, '|'-separated */
} SuggestRule;

/* Whole-header matches, in order of precedence: the first rule whose
 * field is still free wins. Rating fields ("new-question:nps") go to an
 * existing question of that kind when the survey has one. */
static const SuggestRule exact_rules[] = {
  /* complaints: the dates first, as most of their headers say "date" */
  { K_COM, "responded", "date sent to company|date responded|responded|responded on|first response|first response date|response date|date of response|replied|date replied" },
  { K_COM, "received", "date received|received|received on|date opened|opened|created|created at|date created|complaint date|date|date recue|date de reception" },
  { K_COM, "resolved", "date closed|closed|closed on|closed at|resolved|resolved on|resolved at|date resolved|resolution date|date de cloture" },
  { K_COM, "reference", "complaint id|complaint number|complaint reference|reference|ref|ticket id|ticket|ticket number|case id|case number|case|id|numero|numero de reclamation" },
  { K_COM, "outcome", "company response to consumer|company response|timely response|outcome|result|response to consumer|issue outcome|resultat" },
  { K_COM, "category", "product|category|categorie|issue|type|complaint type|theme|motif|subject category" },
  { K_COM, NULL, "state|zip|zip code|postcode|postal code|code postal" },
  { K_COM, "promised_days", "promised days|promise days|sla days|target days|days promised" },
  { K_COM, "description", "description|comment|comments|explication|verbatim|feedback|narrative|consumer complaint narrative|details|complaint|complaint text|commentaire|commentaires" },

  /* survey responses */
  { K_SUR, "response_id", "id|response id|respondent id|record id|submission id|response number|identifiant" },
  { K_SUR, "date", "date|submitted|submitted at|submitted on|submission date|start date|timestamp|horodateur|horodatage|date received|recorded date|response date|end date|completed|completed at|date de reponse|created|created at" },
  { K_SUR, "respondent", "email|email address|e mail|customer|customer id|customer email|respondent|respondent email|client|courriel|adresse e mail|adresse email|recipient email" },
  { K_SUR, "comment", "comment|comments|explication|explications|verbatim|feedback|narrative|commentaire|commentaires|remarks|remarques|open ended response|any other comments" },
  { K_SUR, "duration", "duration|time taken|duration in seconds|duree|duration seconds|time spent" },
  { K_SUR, "new-question:nps", "nps|recommend|likely to recommend|net promoter|net promoter score|recommandation|recommander" },
  { K_SUR, "new-question:ces", "ces|effort|customer effort|customer effort score|easy|ease|ease of use|facilite" },
  /* A bare "satisfaction" is a variable name from a data file, not a
   * survey tool's question: its scale is unknown (the French store
   * survey scores it 1–10), and a Likert question takes the scale the
   * data shows instead of rejecting what a 1–5 CSAT cannot hold. The
   * survey's own CSAT question still comes first when it has one. */
  { K_SUR, "new-question:likert", "satisfaction|satisfait|satisfaction client" },
  { K_SUR, "new-question:csat", "csat|satisfied|customer satisfaction|overall satisfaction|satisfaction score|csat score" },

  /* interactions */
  { K_INT, "reference", "reference|ref|id|call id|interaction id|contact id|ticket id|ticket|case id" },
  { K_INT, "date", "date|start time|started|started at|call date|timestamp|date time|created|created at|contact date|start" },
  { K_INT, "customer", "customer|customer id|caller|caller id|email|email address|client|ani" },
  { K_INT, "wait", "wait|wait time|queue time|time in queue|speed of answer|wait seconds|waiting time" },
  { K_INT, "handle", "handle time|handling time|aht|talk time|duration|handle|call duration" },
  { K_INT, "abandoned", "abandoned|abandon|abandoned call" },
  { K_INT, "resolved", "resolved|fcr|first contact resolution|resolved first contact|resolved at first contact" },

  /* observations */
  { K_OBS, "reference", "reference|ref|id|evaluation id|observation id|call id|interaction id" },
  { K_OBS, "date", "date|observed|observed on|observation date|evaluation date|date observed|review date|scored on" },
  { K_OBS, "evaluator", "evaluator|reviewer|assessor|scored by|evaluated by|observer|qa|evaluateur|auditor" },
  { K_OBS, "comments", "comment|comments|feedback|notes|coaching notes|commentaire|commentaires" },

  /* metric values */
  { K_MET, "date", "date|interval|period|day|week|month|interval start|period start|start|date time|time" },
  { K_MET, "team", "team|group|equipe" },

  /* shared */
  { K_INT | K_SUR | K_OBS | K_MET | K_COM, "channel", "channel|submitted via|canal|via|contact channel|channel name|medium" },
  { K_INT | K_SUR | K_OBS | K_COM, "colleague", "agent|agent name|colleague|advisor|adviser|conseiller|conseillere|assignee|assigned to|staff|employee|representative|handled by" },
  { K_COM, "customer", "customer|customer id|email|client|consumer id|requester" },
};

/* Then headers that merely contain the words. Ratings first, so that a
 * question such as "How satisfied were you with the agent?" is a rating,
 * not the colleague. */
static const SuggestRule word_rules[] = {
  { K_COM, "responded", "sent to company|responded|first response" },
  { K_COM, "received", "received|opened|created" },
  { K_COM, "resolved", "closed|resolved" },
  { K_COM, "reference", "complaint id|ticket id|case id|reference" },
  { K_COM, "outcome", "company response|timely response|outcome" },
  { K_COM, "category", "product|category|issue" },
  { K_COM, NULL, "zip|postcode" },
  { K_COM, "description", "narrative|description|comment|comments|verbatim|feedback" },
  { K_COM, "received", "date" },

  { K_SUR, "new-question:nps", "recommend|recommander|recommanderiez|net promoter" },
  { K_SUR, "new-question:ces", "effort|easy|facile|ease" },
  { K_SUR, "new-question:csat", "satisfaction|satisfied|satisfait|satisfaite|csat" },
  { K_SUR, "response_id", "response id|respondent id" },
  { K_SUR, "respondent", "email|customer|respondent|client" },
  { K_SUR, "date", "date|timestamp|submitted" },
  { K_SUR, "comment", "comment|comments|verbatim|feedback|commentaire|explication|narrative|open ended response" },
  { K_SUR, "duration", "duration|time taken" },

  { K_INT, "date", "date|timestamp" },
  { K_INT, "wait", "wait|queue time" },
  { K_INT, "handle", "handle|handling|talk time" },
  { K_INT, "abandoned", "abandoned" },
  { K_INT, "resolved", "resolved|first contact" },

  { K_OBS, "date", "date" },
  { K_OBS, "evaluator", "evaluator|reviewer|assessor" },
  { K_OBS, "comments", "comment|comments|notes|feedback" },

  { K_MET, "date", "date|interval|period" },
  { K_MET, "team", "team" },

  { K_INT | K_SUR | K_OBS | K_MET | K_COM, "channel", "channel|canal" },
  { K_INT | K_SUR | K_OBS | K_COM, "colleague", "agent|colleague|advisor|adviser|conseiller" },
};

/* Metric names a phone system writes, and what they measure. */
static const char * const metric_synonyms[] = {
  "asa|average speed of answer|speed of answer|avg speed of answer",
  "aht|average handle time|average handling time|handle time|handling time|avg handle time",
  "offered|calls offered|contacts offered|offered calls",
  "answered|calls answered|contacts answered|handled|calls handled",
  "abandoned|calls abandoned|abandons",
  "abandonment|abandonment rate|abandon rate|abandon",
  "fcr|first contact resolution|first call resolution",
  "service level|sl|service level percent",
};

typedef struct
{
  gint64 id;
  char *code;
  char *code_norm;
  char *text_norm;
  PlQuestionKind kind;
} KnownQuestion;

static void
known_question_free (KnownQuestion *question)
{
  g_free (question->code);
  g_free (question->code_norm);
  g_free (question->text_norm);
  g_free (question);
}

typedef struct
{
  PlImportMapping *mapping;
  GPtrArray *headers;        /* the caller's */
  GPtrArray *candidates;     /* per header: GPtrArray of normalised texts */
  gboolean *done;            /* per header: mapped, or known not to be */
  GPtrArray *questions;      /* KnownQuestion*, of the target survey */
  GPtrArray *metrics;        /* char* pairs: code, normalised name */
} Suggestion;

static void
suggestion_clear (Suggestion *s)
{
  g_clear_pointer (&s->candidates, g_ptr_array_unref);
  g_clear_pointer (&s->done, g_free);
  g_clear_pointer (&s->questions, g_ptr_array_unref);
  g_clear_pointer (&s->metrics, g_ptr_array_unref);
}

static gboolean
field_taken (PlImportMapping *mapping,
             const char      *field)
{
  return !field_is_repeatable (field) && mapping_find_field (mapping, field) != NULL;
}

static void
map_header (Suggestion *s,
            guint       i,
            const char *field)
{
  const char *header = g_ptr_array_index (s->headers, i);
  PlQuestionKind question_kind;

  s->done[i] = TRUE;
  if (field == NULL)
    return;

  pl_import_mapping_set_field (s->mapping, header, field);

  if (g_str_has_prefix (field, "new-question:") &&
      pl_question_kind_from_string (field + strlen ("new-question:"), &question_kind))
    pl_import_mapping_add_standard_scale (s->mapping, header, question_kind);
  else if (g_str_has_prefix (field, "question:"))
    {
      for (guint q = 0; s->questions != NULL && q < s->questions->len; q++)
        {
          KnownQuestion *question = g_ptr_array_index (s->questions, q);

          if (g_str_equal (question->code, field + strlen ("question:")))
            pl_import_mapping_add_standard_scale (s->mapping, header, question->kind);
        }
    }
}

/* A rating field becomes the survey's own question of that kind when it
 * has one not yet taken. */
static char *
resolve_field (Suggestion *s,
               const char *field)
{
  PlQuestionKind question_kind;
  PlQuestionKind kinds[2];
  guint n_kinds = 1;

  if (field == NULL)
    return NULL;

  if (s->questions != NULL &&
      g_str_has_prefix (field, "new-question:") &&
      pl_question_kind_from_string (field + strlen ("new-question:"), &question_kind))
    {
      /* Satisfaction on an unknown scale fits the survey's CSAT question
       * best, then a Likert one. */
      kinds[0] = question_kind;
      if (question_kind == PL_QUESTION_LIKERT)
        {
          kinds[0] = PL_QUESTION_CSAT;
          kinds[1] = PL_QUESTION_LIKERT;
          n_kinds = 2;
        }

      for (guint k = 0; k < n_kinds; k++)
        {
          for (guint q = 0; q < s->questions->len; q++)
            {
              KnownQuestion *question = g_ptr_array_index (s->questions, q);
              g_autofree char *existing = NULL;

              if (question->kind != kinds[k])
                continue;

              existing = g_strconcat ("question:", question->code, NULL);
              if (!field_taken (s->mapping, existing))
                return g_steal_pointer (&existing);
            }
        }
    }

  return g_strdup (field);
}

static void
apply_rules (Suggestion        *s,
             const SuggestRule *rules,
             guint              n_rules,
             gboolean           whole,
             gboolean           ratings_only)
{
  guint kind_bit = 1u << s->mapping->kind;

  for (guint i = 0; i < s->headers->len; i++)
    {
      GPtrArray *candidates = g_ptr_array_index (s->candidates, i);

      if (s->done[i])
        continue;

      for (guint r = 0; r < n_rules; r++)
        {
          const SuggestRule *rule = &rules[r];
          g_autofree char *field = NULL;

          if ((rule->kinds & kind_bit) == 0)
            continue;
          if (ratings_only && (rule->field == NULL || !g_str_has_prefix (rule->field, "new-question:")))
            continue;
          if (!phrases_match (candidates, rule->phrases, whole))
            continue;

          field = resolve_field (s, rule->field);
          if (field != NULL && field_taken (s->mapping, field))
            continue;

          map_header (s, i, field);
          break;
        }
    }
}

/* Word overlap, ignoring short words: "how likely are you to recommend
 * us" and "how likely is it that you would recommend us to a friend". */
static gboolean
texts_similar (const char *a,
               const char *b)
{
  g_auto(GStrv) words_a = NULL;
  g_auto(GStrv) words_b = NULL;
  guint n_a = 0, n_b = 0, common = 0;
  const char *shorter, *longer;

  if (*a == '\0' || *b == '\0')
    return FALSE;

  if (g_str_equal (a, b))
    return TRUE;

  shorter = strlen (a) <= strlen (b) ? a : b;
  longer = shorter == a ? b : a;
  if (strlen (shorter) >= 12 && contains_words (longer, shorter))
    return TRUE;

  words_a = g_strsplit (a, " ", -1);
  words_b = g_strsplit (b, " ", -1);

  for (guint i = 0; words_a[i] != NULL; i++)
    {
      if (strlen (words_a[i]) < 3)
        continue;
      n_a++;
      if (g_strv_contains ((const char * const *) words_b, words_a[i]))
        common++;
    }
  for (guint i = 0; words_b[i] != NULL; i++)
    {
      if (strlen (words_b[i]) >= 3)
        n_b++;
    }

  /* Jaccard index of the longer words */
  return common >= 2 && (double) common / (double) (n_a + n_b - common) >= 0.6;
}

static void
match_question_codes (Suggestion *s)
{
  for (guint i = 0; i < s->headers->len; i++)
    {
      GPtrArray *candidates = g_ptr_array_index (s->candidates, i);

      if (s->done[i])
        continue;

      for (guint q = 0; q < s->questions->len; q++)
        {
          KnownQuestion *question = g_ptr_array_index (s->questions, q);
          g_autofree char *field = g_strconcat ("question:", question->code, NULL);

          if (field_taken (s->mapping, field) || *question->code_norm == '\0')
            continue;

          for (guint c = 0; c < candidates->len; c++)
            {
              if (g_str_equal (g_ptr_array_index (candidates, c), question->code_norm))
                {
                  map_header (s, i, field);
                  break;
                }
            }

          if (s->done[i])
            break;
        }
    }
}

static void
match_question_texts (Suggestion *s)
{
  for (guint i = 0; i < s->headers->len; i++)
    {
      GPtrArray *candidates = g_ptr_array_index (s->candidates, i);

      if (s->done[i])
        continue;

      for (guint q = 0; q < s->questions->len && !s->done[i]; q++)
        {
          KnownQuestion *question = g_ptr_array_index (s->questions, q);
          g_autofree char *field = g_strconcat ("question:", question->code, NULL);

          if (field_taken (s->mapping, field))
            continue;

          for (guint c = 0; c < candidates->len; c++)
            {
              if (texts_similar (g_ptr_array_index (candidates, c), question->text_norm))
                {
                  map_header (s, i, field);
                  break;
                }
            }
        }
    }
}

/* Which synonym group a normalised text belongs to, or -1. */
static int
metric_group (const char *text)
{
  for (guint g = 0; g < G_N_ELEMENTS (metric_synonyms); g++)
    {
      g_auto(GStrv) names = g_strsplit (metric_synonyms[g], "|", -1);

      if (g_strv_contains ((const char * const *) names, text))
        return (int) g;
    }

  return -1;
}

static void
match_metrics (Suggestion *s)
{
  for (guint i = 0; i < s->headers->len; i++)
    {
      GPtrArray *candidates = g_ptr_array_index (s->candidates, i);

      if (s->done[i])
        continue;

      for (guint m = 0; m + 1 < s->metrics->len && !s->done[i]; m += 2)
        {
          const char *code = g_ptr_array_index (s->metrics, m);
          const char *name_norm = g_ptr_array_index (s->metrics, m + 1);
          g_autofree char *code_norm = normalise_header (code);
          g_autofree char *field = g_strconcat ("metric:", code, NULL);

          if (field_taken (s->mapping, field))
            continue;

          for (guint c = 0; c < candidates->len; c++)
            {
              const char *candidate = g_ptr_array_index (candidates, c);
              int group = metric_group (candidate);

              if (g_str_equal (candidate, code_norm) || g_str_equal (candidate, name_norm) ||
                  (group >= 0 && (group == metric_group (code_norm) || group == metric_group (name_norm))))
                {
                  map_header (s, i, field);
                  break;
                }
            }
        }
    }
}

static GPtrArray *
load_known_questions (PlWorkspace *workspace,
                      gint64       survey_id)
{
  g_autoptr(GListModel) questions = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *known;

  questions = pl_survey_list_questions (workspace, survey_id, &error);
  if (questions == NULL)
    {
      g_debug ("No questions to suggest from: %s", error->message);
      return NULL;
    }

  known = g_ptr_array_new_with_free_func ((GDestroyNotify) known_question_free);
  for (guint i = 0; i < g_list_model_get_n_items (questions); i++)
    {
      g_autoptr(PlQuestion) question = g_list_model_get_item (questions, i);
      KnownQuestion *k = g_new0 (KnownQuestion, 1);

      k->id = pl_question_get_id (question);
      k->code = g_strdup (pl_question_get_code (question));
      k->code_norm = normalise_header (k->code);
      k->text_norm = normalise_header (pl_question_get_text (question));
      k->kind = pl_question_get_kind (question);
      g_ptr_array_add (known, k);
    }

  return known;
}

static GPtrArray *
load_metrics (PlWorkspace *workspace)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *metrics;

  stmt = pl_workspace_prepare (workspace, "SELECT code, name FROM metric_series ORDER BY id", &error);
  if (stmt == NULL)
    {
      g_debug ("No metrics to suggest from: %s", error->message);
      return NULL;
    }

  metrics = g_ptr_array_new_with_free_func (g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (metrics, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (metrics, normalise_header ((const char *) sqlite3_column_text (stmt, 1)));
    }

  return metrics;
}

static void
suggestion_init (Suggestion      *s,
                 PlImportMapping *mapping,
                 GPtrArray       *headers)
{
  s->mapping = mapping;
  s->headers = headers;
  s->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  s->done = g_new0 (gboolean, headers->len + 1);

  for (guint i = 0; i < headers->len; i++)
    {
      const char *header = g_ptr_array_index (headers, i);
      GPtrArray *candidates = header_dup_candidates (header != NULL ? header : "");

      g_ptr_array_add (s->candidates, candidates);
      /* Unnamed columns (R's row numbers) cannot be told apart. */
      if (header == NULL || *(const char *) g_ptr_array_index (candidates, 0) == '\0')
        s->done[i] = TRUE;
    }
}

PlImportMapping *
pl_import_mapping_suggest (PlImportKind  kind,
                           GPtrArray    *headers,
                           PlWorkspace  *workspace,
                           gint64        survey_id)
{
  g_autoptr(PlImportMapping) mapping = NULL;
  Suggestion s = { 0 };

  g_return_val_if_fail (kind < N_KINDS, NULL);
  g_return_val_if_fail (headers != NULL, NULL);
  g_return_val_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace), NULL);

  mapping = pl_import_mapping_new (kind);
  if (kind == PL_IMPORT_SURVEY && survey_id > 0)
    pl_import_mapping_set_survey_id (mapping, survey_id);

  suggestion_init (&s, mapping, headers);

  if (workspace != NULL && kind == PL_IMPORT_SURVEY && survey_id > 0)
    s.questions = load_known_questions (workspace, survey_id);
  if (workspace != NULL && kind == PL_IMPORT_METRICS)
    s.metrics = load_metrics (workspace);

  if (s.questions != NULL)
    match_question_codes (&s);
  apply_rules (&s, exact_rules, G_N_ELEMENTS (exact_rules), TRUE, FALSE);
  if (s.metrics != NULL)
    match_metrics (&s);
  if (s.questions != NULL)
    match_question_texts (&s);
  apply_rules (&s, word_rules, G_N_ELEMENTS (word_rules), FALSE, FALSE);

  suggestion_clear (&s);
  return g_steal_pointer (&mapping);
}

void
pl_import_mapping_suggest_criteria (PlImportMapping *mapping,
                                    GPtrArray       *headers,
                                    PlWorkspace     *workspace)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (mapping != NULL);
  g_return_if_fail (headers != NULL);
  g_return_if_fail (PL_IS_WORKSPACE (workspace));

  if (mapping->kind != PL_IMPORT_OBSERVATIONS || mapping->scorecard_id <= 0)
    return;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT c.id, c.text FROM criteria c"
                               " JOIN scorecard_sections s ON s.id = c.section_id"
                               " WHERE s.scorecard_id = ?"
                               " ORDER BY s.position, c.position, c.id",
                               &error);
  if (stmt == NULL)
    {
      g_debug ("No criteria to suggest from: %s", error->message);
      return;
    }

  sqlite3_bind_int64 (stmt, 1, mapping->scorecard_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *field = g_strdup_printf ("criterion:%" G_GINT64_FORMAT,
                                                (gint64) sqlite3_column_int64 (stmt, 0));
      g_autofree char *text_norm = normalise_header ((const char *) sqlite3_column_text (stmt, 1));

      if (mapping_find_field (mapping, field) != NULL)
        continue;

      for (guint i = 0; i < headers->len; i++)
        {
          const char *header = g_ptr_array_index (headers, i);
          g_autoptr(GPtrArray) candidates = NULL;
          gboolean similar = FALSE;

          if (header == NULL || pl_import_mapping_get_field (mapping, header) != NULL)
            continue;

          candidates = header_dup_candidates (header);
          for (guint c = 0; c < candidates->len && !similar; c++)
            similar = texts_similar (g_ptr_array_index (candidates, c), text_norm);

          if (similar)
            {
              pl_import_mapping_set_field (mapping, header, field);
              break;
            }
        }
    }
}

/* -------------------------------------------------------------------- */
/* Presets                                                               */
/* -------------------------------------------------------------------- */

typedef struct
{
  const char *header;
  const char *field;      /* NULL: the tool's column, not imported */
} PresetColumn;

typedef struct
{
  const char *name;
  const char *label;
  const char *source;
  PlImportKind kind;
  guint header_rows;
  /* Survey tools name question columns by the user's own questions:
   * those are recognised by their wording, as suggest() does. */
  gboolean questions_by_wording;
  const PresetColumn *columns;
  guint n_columns;
} BuiltinPreset;

/* Where several headers feed one field, the first listed that the file
 * has wins. */
static const PresetColumn generic_survey_columns[] = {
  { "Response ID", "response_id" },
  { "Respondent ID", "response_id" },
  { "ID", "response_id" },
  { "Date", "date" },
  { "Response date", "date" },
  { "Submitted", "date" },
  { "Submitted at", "date" },
  { "Timestamp", "date" },
  { "Email", "respondent" },
  { "Email address", "respondent" },
  { "Customer", "respondent" },
  { "Customer ID", "respondent" },
  { "Respondent", "respondent" },
  { "Channel", "channel" },
  { "Agent", "colleague" },
  { "Colleague", "colleague" },
  { "Adviser", "colleague" },
  { "Advisor", "colleague" },
  { "Comment", "comment" },
  { "Comments", "comment" },
  { "Duration", "duration" },
  { "CSAT", "new-question:csat" },
  { "Satisfaction", "new-question:likert" },   /* scale unknown: see exact_rules */
  { "NPS", "new-question:nps" },
  { "CES", "new-question:ces" },
  { "Effort", "new-question:ces" },
};

static const PresetColumn surveymonkey_columns[] = {
  { "Respondent ID", "response_id" },
  { "Start Date", "date" },
  { "Email Address", "respondent" },
  { "End Date", NULL },
  { "Collector ID", NULL },
  { "IP Address", NULL },
  { "First Name", NULL },
  { "Last Name", NULL },
  { "Custom Data 1", NULL },
};

static const PresetColumn google_forms_columns[] = {
  { "Timestamp", "date" },
  { "Email address", "respondent" },
  { "Username", "respondent" },
  { "Score", NULL },
};

static const PresetColumn qualtrics_columns[] = {
  { "ResponseId", "response_id" },
  { "RecordedDate", "date" },
  { "Duration (in seconds)", "duration" },
  { "RecipientEmail", "respondent" },
  { "ExternalReference", "respondent" },
  { "StartDate", NULL },
  { "EndDate", NULL },
  { "Status", NULL },
  { "IPAddress", NULL },
  { "Progress", NULL },
  { "Finished", NULL },
  { "RecipientLastName", NULL },
  { "RecipientFirstName", NULL },
  { "LocationLatitude", NULL },
  { "LocationLongitude", NULL },
  { "DistributionChannel", NULL },
  { "UserLanguage", NULL },
};

static const PresetColumn helpdesk_columns[] = {
  { "Ticket ID", "reference" },
  { "Ticket", "reference" },
  { "ID", "reference" },
  { "Created", "received" },
  { "Created at", "received" },
  { "Channel", "channel" },
  { "Source", "channel" },
  { "Category", "category" },
  { "Type", "category" },
  { "Description", "description" },
  { "Subject", "description" },
  { "First response", "responded" },
  { "First reply", "responded" },
  { "Resolved", "resolved" },
  { "Resolved at", "resolved" },
  { "Solved at", "resolved" },
  { "Status", "outcome" },
  { "Agent", "colleague" },
  { "Assignee", "colleague" },
  { "Requester", "customer" },
  { "Requester email", "customer" },
  { "Customer", "customer" },
  { "Priority", NULL },
};

static const PresetColumn phone_interval_columns[] = {
  { "Interval", "date" },
  { "Interval start", "date" },
  { "Date", "date" },
  { "Period", "date" },
  { "Channel", "channel" },
  { "Team", "team" },
  { "Offered", "metric:offered" },
  { "Calls offered", "metric:offered" },
  { "Answered", "metric:answered" },
  { "Calls answered", "metric:answered" },
  { "Abandoned", "metric:abandoned" },
  { "Calls abandoned", "metric:abandoned" },
  { "ASA", "metric:asa" },
  { "Average speed of answer", "metric:asa" },
  { "AHT", "metric:aht" },
  { "Average handle time", "metric:aht" },
  { "Average handling time", "metric:aht" },
  { "Abandonment rate", "metric:abandonment" },
  { "Service level", "metric:service_level" },
};

static const BuiltinPreset builtin_presets[] = {
  { "generic-survey", N_("Generic survey export"), "Generic", PL_IMPORT_SURVEY, 1, TRUE,
    generic_survey_columns, G_N_ELEMENTS (generic_survey_columns) },
  { "surveymonkey", N_("SurveyMonkey export"), "SurveyMonkey", PL_IMPORT_SURVEY, 2, TRUE,
    surveymonkey_columns, G_N_ELEMENTS (surveymonkey_columns) },
  { "google-forms", N_("Google Forms responses"), "Google Forms", PL_IMPORT_SURVEY, 1, TRUE,
    google_forms_columns, G_N_ELEMENTS (google_forms_columns) },
  { "qualtrics", N_("Qualtrics export"), "Qualtrics", PL_IMPORT_SURVEY, 3, TRUE,
    qualtrics_columns, G_N_ELEMENTS (qualtrics_columns) },
  { "helpdesk-tickets", N_("Helpdesk ticket export"), "Helpdesk", PL_IMPORT_COMPLAINTS, 1, FALSE,
    helpdesk_columns, G_N_ELEMENTS (helpdesk_columns) },
  { "phone-intervals", N_("Phone system interval report"), "Phone system", PL_IMPORT_METRICS, 1, FALSE,
    phone_interval_columns, G_N_ELEMENTS (phone_interval_columns) },
};

static const BuiltinPreset *
find_builtin (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtin_presets); i++)
    {
      if (g_ascii_strcasecmp (builtin_presets[i].name, name) == 0)
        return &builtin_presets[i];
    }

  return NULL;
}

guint
pl_import_builtin_preset_header_rows (const char *name)
{
  const BuiltinPreset *preset;

  g_return_val_if_fail (name != NULL, 0);

  preset = find_builtin (name);
  return preset != NULL ? preset->header_rows : 0;
}

void
pl_import_preset_info_free (PlImportPresetInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info->label);
  g_free (info->source);
  g_free (info);
}

GPtrArray *
pl_import_list_presets (PlWorkspace   *workspace,
                        PlImportKind   kind,
                        GError       **error)
{
  g_autoptr(GPtrArray) presets = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (kind < N_KINDS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  presets = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_import_preset_info_free);

  for (guint i = 0; i < G_N_ELEMENTS (builtin_presets); i++)
    {
      const BuiltinPreset *builtin = &builtin_presets[i];
      PlImportPresetInfo *info;

      if (builtin->kind != kind)
        continue;

      info = g_new0 (PlImportPresetInfo, 1);
      info->name = g_strdup (builtin->name);
      info->label = g_strdup (_(builtin->label));
      info->source = g_strdup (builtin->source);
      info->kind = kind;
      info->builtin = TRUE;
      g_ptr_array_add (presets, info);
    }

  if (workspace == NULL)
    return g_steal_pointer (&presets);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT id, name, source FROM import_presets"
                               " WHERE kind = ? ORDER BY name COLLATE NOCASE, id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, kind_names[kind], -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlImportPresetInfo *info = g_new0 (PlImportPresetInfo, 1);

      info->id = sqlite3_column_int64 (stmt, 0);
      info->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      info->label = g_strdup (info->name);
      info->source = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      info->kind = kind;
      info->builtin = FALSE;
      g_ptr_array_add (presets, info);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The saved import presets could not be read"));
      return NULL;
    }

  return g_steal_pointer (&presets);
}

/* Preset headers match whatever the case and spacing. */
static char *
preset_key (const char *text)
{
  return value_key (text);
}

/* The keys a header in the file answers to: the whole joined header and
 * each of its header rows ("Start Date / " → "start date"). */
static GPtrArray *
header_dup_keys (const char *header)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (keys, preset_key (header));

  if (strstr (header, HEADER_ROW_SEPARATOR) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (header, HEADER_ROW_SEPARATOR, -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *key = preset_key (parts[i]);

          if (*key != '\0')
            g_ptr_array_add (keys, key);
          else
            g_free (key);
        }
    }

  return keys;
}

static gboolean
keys_contain (GPtrArray  *keys,
              const char *key)
{
  for (guint i = 0; i < keys->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (keys, i), key))
        return TRUE;
    }

  return FALSE;
}

/* A metric field whose series the workspace does not track is left out:
 * a phone report has more columns than a workspace follows. */
static gboolean
metric_tracked (GHashTable *metric_codes,
                const char *field)
{
  if (metric_codes == NULL || !g_str_has_prefix (field, "metric:"))
    return TRUE;

  return g_hash_table_contains (metric_codes, field + strlen ("metric:"));
}

/* Maps the headers the @columns know, in the order of @columns: each
 * field to the first header that has it. */
static void
apply_columns (Suggestion         *s,
               GPtrArray          *header_keys,
               const PresetColumn *columns,
               guint               n_columns,
               GHashTable         *metric_codes)
{
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *key = preset_key (columns[c].header);
      const char *field = columns[c].field;

      if (field != NULL && (field_taken (s->mapping, field) || !metric_tracked (metric_codes, field)))
        continue;

      for (guint i = 0; i < s->headers->len; i++)
        {
          if (s->done[i] || !keys_contain (g_ptr_array_index (header_keys, i), key))
            continue;

          map_header (s, i, field);
          /* A column the tool always writes is passed over wherever it is;
           * a field takes one column. */
          if (field != NULL)
            break;
        }
    }
}

static PlImportMapping *
apply_builtin (const BuiltinPreset *preset,
               GPtrArray           *headers,
               GHashTable          *metric_codes)
{
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (preset->kind);
  g_autoptr(GPtrArray) header_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  Suggestion s = { 0 };

  suggestion_init (&s, mapping, headers);
  for (guint i = 0; i < headers->len; i++)
    {
      const char *header = g_ptr_array_index (headers, i);

      g_ptr_array_add (header_keys, header_dup_keys (header != NULL ? header : ""));
    }

  apply_columns (&s, header_keys, preset->columns, preset->n_columns, metric_codes);

  if (preset->questions_by_wording)
    {
      /* An open-ended answer under SurveyMonkey's second header row is
       * the comment when the survey has one free-text question. */
      for (guint i = 0; i < headers->len && !field_taken (mapping, "comment"); i++)
        {
          if (!s.done[i] && keys_contain (g_ptr_array_index (header_keys, i), "open-ended response"))
            map_header (&s, i, "comment");
        }

      apply_rules (&s, exact_rules, G_N_ELEMENTS (exact_rules), TRUE, TRUE);
      apply_rules (&s, word_rules, G_N_ELEMENTS (word_rules), FALSE, TRUE);
    }

  suggestion_clear (&s);
  return g_steal_pointer (&mapping);
}

/* A saved mapping laid over the file's headers: the columns it knows,
 * their text scales, and the rest of its settings. */
static PlImportMapping *
apply_saved (PlImportMapping *saved,
             GPtrArray       *headers,
             GHashTable      *metric_codes)
{
  g_autoptr(PlImportMapping) mapping = pl_import_mapping_new (saved->kind);
  g_autoptr(GPtrArray) header_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autofree gboolean *done = g_new0 (gboolean, headers->len + 1);

  for (guint i = 0; i < headers->len; i++)
    {
      const char *header = g_ptr_array_index (headers, i);

      g_ptr_array_add (header_keys, header_dup_keys (header != NULL ? header : ""));
    }

  for (guint c = 0; c < saved->columns->len; c++)
    {
      ColumnEntry *entry = g_ptr_array_index (saved->columns, c);
      g_autofree char *key = preset_key (entry->column);

      if (field_taken (mapping, entry->field) || !metric_tracked (metric_codes, entry->field))
        continue;

      for (guint i = 0; i < headers->len; i++)
        {
          const char *header = g_ptr_array_index (headers, i);

          if (header == NULL || done[i] || !keys_contain (g_ptr_array_index (header_keys, i), key))
            continue;

          pl_import_mapping_set_field (mapping, header, entry->field);
          done[i] = TRUE;
          break;
        }
    }

  for (guint v = 0; v < saved->values->len; v++)
    {
      ValueEntry *entry = g_ptr_array_index (saved->values, v);
      g_autofree char *key = preset_key (entry->column);

      for (guint i = 0; i < headers->len; i++)
        {
          const char *header = g_ptr_array_index (headers, i);

          if (header != NULL && keys_contain (g_ptr_array_index (header_keys, i), key))
            {
              pl_import_mapping_set_value (mapping, header, entry->text, entry->value);
              break;
            }
        }
    }

  pl_import_mapping_set_missing_tokens (mapping, (const char * const *) saved->missing_tokens);
  mapping->survey_id = saved->survey_id;
  mapping->new_survey = g_strdup (saved->new_survey);
  mapping->scorecard_id = saved->scorecard_id;
  mapping->create_missing = saved->create_missing;

  return g_steal_pointer (&mapping);
}

PlImportMapping *
pl_import_preset_apply (PlWorkspace   *workspace,
                        const char    *name,
                        PlImportKind   kind,
                        GPtrArray     *headers,
                        GError       **error)
{
  const BuiltinPreset *builtin;
  g_autoptr(GHashTable) metric_codes = NULL;
  g_autoptr(PlImportMapping) saved = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *json;
  int rc;

  g_return_val_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (kind < N_KINDS, NULL);
  g_return_val_if_fail (headers != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (workspace != NULL && kind == PL_IMPORT_METRICS)
    {
      metric_codes = load_text_set (workspace, "SELECT code FROM metric_series", 0, error);
      if (metric_codes == NULL)
        return NULL;
    }

  builtin = find_builtin (name);
  if (builtin != NULL && builtin->kind == kind)
    return apply_builtin (builtin, headers, metric_codes);

  if (workspace != NULL && builtin == NULL)
    {
      stmt = pl_workspace_prepare (workspace,
                                   "SELECT mapping FROM import_presets WHERE name = ? AND kind = ?",
                                   error);
      if (stmt == NULL)
        return NULL;

      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, kind_names[kind], -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          json = (const char *) sqlite3_column_text (stmt, 0);
          saved = pl_import_mapping_new_from_json (json != NULL ? json : "", error);
          if (saved == NULL)
            return NULL;
          /* The row's kind is the truth, whatever the JSON says. */
          saved->kind = kind;
          return apply_saved (saved, headers, metric_codes);
        }
      else if (rc != SQLITE_DONE)
        {
          pl_workspace_set_db_error (workspace, error, _("The saved import preset could not be read"));
          return NULL;
        }
    }

  g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
               _("There is no import preset called “%s” for %s."),
               name, pl_import_kind_to_label (kind));
  return NULL;
}

gboolean
pl_import_save_preset (PlWorkspace      *workspace,
                       const char       *name,
                       const char       *source,
                       PlImportMapping  *mapping,
                       GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *json = NULL;
  g_autofree char *now = NULL;
  g_autofree char *detail = NULL;
  gint64 id;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (mapping != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("Give the preset a name, such as the tool the export comes from."));
      return FALSE;
    }

  if (find_builtin (trimmed) != NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is the name of a built-in preset. Choose another name."), trimmed);
      return FALSE;
    }

  json = pl_import_mapping_to_json (mapping);
  now = pl_now_iso8601 ();

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO import_presets (name, kind, source, mapping, created_at, updated_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
                               " ON CONFLICT (name, kind) DO UPDATE SET"
                               "  source = excluded.source, mapping = excluded.mapping,"
                               "  updated_at = excluded.updated_at",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind_names[mapping->kind], -1, SQLITE_STATIC);
  if (source != NULL && *source != '\0')
    sqlite3_bind_text (stmt, 3, source, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);

  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT id FROM import_presets WHERE name = ? AND kind = ?",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind_names[mapping->kind], -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The preset could not be saved"));
      goto failed;
    }
  id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  detail = g_strdup_printf ("%s (%s)", trimmed, kind_names[mapping->kind]);
  if (!pl_workspace_audit (workspace, "save", "import_preset", id, detail, error))
    goto failed;

  if (!pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "import_presets");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}
