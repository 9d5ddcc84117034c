/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pl-error.h"
#include "pl-item.h"
#include "pl-survey.h"
#include "pl-util.h"

/* Question texts are long; messages quote the start of them. */
#define SHORT_TEXT_CHARS 32

static const char * const kind_names[] = {
  [PL_QUESTION_CSAT] = "csat",
  [PL_QUESTION_NPS] = "nps",
  [PL_QUESTION_CES] = "ces",
  [PL_QUESTION_LIKERT] = "likert",
  [PL_QUESTION_YESNO] = "yesno",
  [PL_QUESTION_SINGLE] = "single",
  [PL_QUESTION_MULTIPLE] = "multiple",
  [PL_QUESTION_TEXT] = "text",
};

const char *
pl_question_kind_to_string (PlQuestionKind kind)
{
  g_return_val_if_fail (kind <= PL_QUESTION_TEXT, NULL);

  return kind_names[kind];
}

gboolean
pl_question_kind_from_string (const char     *text,
                              PlQuestionKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_str_equal (text, kind_names[i]))
        {
          *kind = (PlQuestionKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

GType
pl_question_kind_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { PL_QUESTION_CSAT, "PL_QUESTION_CSAT", "csat" },
        { PL_QUESTION_NPS, "PL_QUESTION_NPS", "nps" },
        { PL_QUESTION_CES, "PL_QUESTION_CES", "ces" },
        { PL_QUESTION_LIKERT, "PL_QUESTION_LIKERT", "likert" },
        { PL_QUESTION_YESNO, "PL_QUESTION_YESNO", "yesno" },
        { PL_QUESTION_SINGLE, "PL_QUESTION_SINGLE", "single" },
        { PL_QUESTION_MULTIPLE, "PL_QUESTION_MULTIPLE", "multiple" },
        { PL_QUESTION_TEXT, "PL_QUESTION_TEXT", "text" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("PlQuestionKind"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/* g_set_str() arrives in GLib 2.76. */
static gboolean
set_str (char       **str_pointer,
         const char  *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;
  return TRUE;
}

/* Numbers in messages and summaries: whole numbers without decimals, and
 * never a locale's decimal comma in the data sense. */
static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isfinite (value) && value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", value));
}

/* -------------------------------------------------------------------- */
/* PlQuestion                                                            */
/* -------------------------------------------------------------------- */

struct _PlQuestion
{
  GObject parent_instance;

  gint64 id;
  gint64 survey_id;
  int position;
  char *code;
  char *text;
  PlQuestionKind kind;
  int scale_min;
  int scale_max;
  char *choices;
  gboolean required;
};

G_DEFINE_FINAL_TYPE (PlQuestion, pl_question, G_TYPE_OBJECT)

enum {
  QUESTION_PROP_0,
  QUESTION_PROP_ID,
  QUESTION_PROP_SURVEY_ID,
  QUESTION_PROP_POSITION,
  QUESTION_PROP_CODE,
  QUESTION_PROP_TEXT,
  QUESTION_PROP_KIND,
  QUESTION_PROP_SCALE_MIN,
  QUESTION_PROP_SCALE_MAX,
  QUESTION_PROP_CHOICES,
  QUESTION_PROP_REQUIRED,
  QUESTION_N_PROPS
};

static GParamSpec *question_properties[QUESTION_N_PROPS];

/* The start of the question text, cut at a word: "How satisfied…". */
static char *
question_dup_short_text (PlQuestion *self)
{
  const char *text = self->text != NULL && *self->text != '\0' ? self->text : self->code;
  const char *end;
  const char *cut = NULL;
  glong n = 0;

  if (text == NULL)
    return g_strdup ("");

  if (g_utf8_strlen (text, -1) <= SHORT_TEXT_CHARS)
    return g_strdup (text);

  for (end = text; *end != '\0' && n < SHORT_TEXT_CHARS; end = g_utf8_next_char (end), n++)
    {
      if (*end == ' ' && end != text)
        cut = end;
    }

  if (cut == NULL)
    cut = end;

  return g_strdup_printf ("%.*s…", (int) (cut - text), text);
}

static guint
count_choices (const char *choices)
{
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (choices == NULL)
    return 0;

  lines = g_strsplit (choices, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*g_strstrip (lines[i]) != '\0')
        n++;
    }

  return n;
}

static void
pl_question_finalize (GObject *object)
{
  PlQuestion *self = (PlQuestion *) object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->choices, g_free);

  G_OBJECT_CLASS (pl_question_parent_class)->finalize (object);
}

static void
pl_question_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PlQuestion *self = PL_QUESTION (object);

  switch (prop_id)
    {
    case QUESTION_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case QUESTION_PROP_SURVEY_ID:
      g_value_set_int64 (value, self->survey_id);
      break;
    case QUESTION_PROP_POSITION:
      g_value_set_int (value, self->position);
      break;
    case QUESTION_PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case QUESTION_PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case QUESTION_PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case QUESTION_PROP_SCALE_MIN:
      g_value_set_int (value, self->scale_min);
      break;
    case QUESTION_PROP_SCALE_MAX:
      g_value_set_int (value, self->scale_max);
      break;
    case QUESTION_PROP_CHOICES:
      g_value_set_string (value, self->choices);
      break;
    case QUESTION_PROP_REQUIRED:
      g_value_set_boolean (value, self->required);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_question_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PlQuestion *self = PL_QUESTION (object);

  switch (prop_id)
    {
    case QUESTION_PROP_ID:
      self->id = g_value_get_int64 (value);
      break;
    case QUESTION_PROP_SURVEY_ID:
      self->survey_id = g_value_get_int64 (value);
      break;
    case QUESTION_PROP_POSITION:
      self->position = g_value_get_int (value);
      break;
    case QUESTION_PROP_CODE:
      self->code = g_value_dup_string (value);
      break;
    case QUESTION_PROP_TEXT:
      self->text = g_value_dup_string (value);
      break;
    case QUESTION_PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case QUESTION_PROP_SCALE_MIN:
      self->scale_min = g_value_get_int (value);
      break;
    case QUESTION_PROP_SCALE_MAX:
      self->scale_max = g_value_get_int (value);
      break;
    case QUESTION_PROP_CHOICES:
      self->choices = g_value_dup_string (value);
      break;
    case QUESTION_PROP_REQUIRED:
      self->required = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_question_class_init (PlQuestionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pl_question_finalize;
  object_class->get_property = pl_question_get_property;
  object_class->set_property = pl_question_set_property;

  question_properties[QUESTION_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  question_properties[QUESTION_PROP_SURVEY_ID] =
    g_param_spec_int64 ("survey-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  question_properties[QUESTION_PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  question_properties[QUESTION_PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL, flags);
  question_properties[QUESTION_PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, flags);
  question_properties[QUESTION_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, PL_TYPE_QUESTION_KIND, PL_QUESTION_TEXT, flags);
  question_properties[QUESTION_PROP_SCALE_MIN] =
    g_param_spec_int ("scale-min", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  question_properties[QUESTION_PROP_SCALE_MAX] =
    g_param_spec_int ("scale-max", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  question_properties[QUESTION_PROP_CHOICES] =
    g_param_spec_string ("choices", NULL, NULL, NULL, flags);
  question_properties[QUESTION_PROP_REQUIRED] =
    g_param_spec_boolean ("required", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, QUESTION_N_PROPS, question_properties);
}

static void
pl_question_init (PlQuestion *self)
{
  self->kind = PL_QUESTION_TEXT;
}

gint64
pl_question_get_id (PlQuestion *self)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), 0);

  return self->id;
}

gint64
pl_question_get_survey_id (PlQuestion *self)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), 0);

  return self->survey_id;
}

const char *
pl_question_get_code (PlQuestion *self)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), NULL);

  return self->code;
}

const char *
pl_question_get_text (PlQuestion *self)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), NULL);

  return self->text;
}

PlQuestionKind
pl_question_get_kind (PlQuestion *self)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), PL_QUESTION_TEXT);

  return self->kind;
}

int
pl_question_get_scale_min (PlQuestion *self)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), 0);

  return self->scale_min;
}

int
pl_question_get_scale_max (PlQuestion *self)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), 0);

  return self->scale_max;
}

gboolean
pl_question_get_required (PlQuestion *self)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), FALSE);

  return self->required;
}

gboolean
pl_question_is_rating (PlQuestion *self)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), FALSE);

  switch (self->kind)
    {
    case PL_QUESTION_CSAT:
    case PL_QUESTION_NPS:
    case PL_QUESTION_CES:
    case PL_QUESTION_LIKERT:
    case PL_QUESTION_YESNO:
      return TRUE;
    case PL_QUESTION_SINGLE:
    case PL_QUESTION_MULTIPLE:
    case PL_QUESTION_TEXT:
    default:
      return FALSE;
    }
}

/**
 * pl_question_get_range:
 * @min: (out) (optional):
 * @max: (out) (optional):
 *
 * Returns: %FALSE if the question is not answered with a number
 */
gboolean
pl_question_get_range (PlQuestion *self,
                       int        *min,
                       int        *max)
{
  int hi;

  g_return_val_if_fail (PL_IS_QUESTION (self), FALSE);

  if (self->kind != PL_QUESTION_SINGLE)
    return pl_question_kind_get_range (self->kind, self->scale_min, self->scale_max, min, max);

  hi = (int) count_choices (self->choices);
  if (hi < 1)
    return FALSE;
  if (min != NULL)
    *min = 1;
  if (max != NULL)
    *max = hi;
  return TRUE;
}

/**
 * pl_question_kind_get_range:
 * @scale_min: a Likert question's lowest point
 * @scale_max: a Likert question's highest point
 * @min: (out) (optional):
 * @max: (out) (optional):
 *
 * The scale of each kind of rating question. A single-choice question's
 * range depends on its choices: see pl_question_get_range().
 *
 * Returns: %FALSE if the kind has no fixed scale
 */
gboolean
pl_question_kind_get_range (PlQuestionKind  kind,
                            int             scale_min,
                            int             scale_max,
                            int            *min,
                            int            *max)
{
  int lo, hi;

  switch (kind)
    {
    case PL_QUESTION_CSAT:
      lo = 1, hi = 5;
      break;
    case PL_QUESTION_NPS:
      lo = 0, hi = 10;
      break;
    case PL_QUESTION_CES:
      lo = 1, hi = 7;
      break;
    case PL_QUESTION_LIKERT:
      lo = scale_min, hi = scale_max;
      if (lo >= hi)
        return FALSE;
      break;
    case PL_QUESTION_YESNO:
      lo = 0, hi = 1;
      break;
    case PL_QUESTION_SINGLE:
    case PL_QUESTION_MULTIPLE:
    case PL_QUESTION_TEXT:
    default:
      return FALSE;
    }

  if (min != NULL)
    *min = lo;
  if (max != NULL)
    *max = hi;
  return TRUE;
}

/**
 * pl_question_check_value:
 *
 * Whether @value is an answer this question accepts: a whole number in the
 * range of its kind (CSAT 1–5, NPS 0–10, CES 1–7, Likert its own scale,
 * yes/no 0 or 1, a choice's number).
 */
gboolean
pl_question_check_value (PlQuestion  *self,
                         double       value,
                         GError     **error)
{
  g_autofree char *what = NULL;
  g_autofree char *number = NULL;
  int min, max;

  g_return_val_if_fail (PL_IS_QUESTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  what = question_dup_short_text (self);

  if (!pl_question_get_range (self, &min, &max))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is not answered with a number."), what);
      return FALSE;
    }

  number = format_number (value);

  if (self->kind == PL_QUESTION_YESNO)
    {
      if (value != 0 && value != 1)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("“%s” takes yes or no (1 or 0); %s is neither."), what, number);
          return FALSE;
        }
      return TRUE;
    }

  if (!isfinite (value) || value != floor (value))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” takes a whole number from %d to %d; %s is not a whole number."),
                   what, min, max, number);
      return FALSE;
    }

  if (value < min || value > max)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” takes a whole number from %d to %d; %s is outside that range."),
                   what, min, max, number);
      return FALSE;
    }

  return TRUE;
}

/**
 * pl_question_dup_hint:
 *
 * Returns: (nullable): what the ends of the scale mean, for a form
 */
char *
pl_question_dup_hint (PlQuestion *self)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), NULL);

  switch (self->kind)
    {
    case PL_QUESTION_CSAT:
      return g_strdup (_("1 = very dissatisfied … 5 = very satisfied"));
    case PL_QUESTION_NPS:
      return g_strdup (_("0 = not at all likely … 10 = extremely likely"));
    case PL_QUESTION_CES:
      return g_strdup (_("1 = strongly disagree … 7 = strongly agree"));
    case PL_QUESTION_LIKERT:
      if (self->scale_min >= self->scale_max)
        return NULL;
      return g_strdup_printf (_("%d = strongly disagree … %d = strongly agree"),
                              self->scale_min, self->scale_max);
    case PL_QUESTION_YESNO:
      return g_strdup (_("y = yes, n = no"));
    case PL_QUESTION_SINGLE:
      {
        g_auto(GStrv) lines = NULL;
        g_autoptr(GString) hint = g_string_new (NULL);
        guint n = 0;

        if (self->choices == NULL)
          return NULL;

        lines = g_strsplit (self->choices, "\n", -1);
        for (guint i = 0; lines[i] != NULL; i++)
          {
            if (*g_strstrip (lines[i]) == '\0')
              continue;
            if (hint->len > 0)
              g_string_append (hint, ", ");
            g_string_append_printf (hint, "%u = %s", ++n, lines[i]);
          }
        return n > 0 ? g_string_free (g_steal_pointer (&hint), FALSE) : NULL;
      }
    case PL_QUESTION_MULTIPLE:
    case PL_QUESTION_TEXT:
    default:
      return NULL;
    }
}

/**
 * pl_question_parse_value:
 * @text: (nullable): what was typed
 * @has_value: (out): whether @text held an answer at all
 * @value: (out): the answer
 *
 * Returns: %FALSE with @error set when @text is not an answer this
 *   question accepts
 */
gboolean
pl_question_parse_value (PlQuestion  *self,
                         const char  *text,
                         gboolean    *has_value,
                         double      *value,
                         GError     **error)
{
  g_autofree char *typed = NULL;
  g_autofree char *what = NULL;
  gint64 number;
  char *end = NULL;
  int min = 0, max = 0;

  g_return_val_if_fail (PL_IS_QUESTION (self), FALSE);
  g_return_val_if_fail (has_value != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *has_value = FALSE;
  *value = 0;

  typed = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*typed == '\0')
    return TRUE;

  what = question_dup_short_text (self);

  if (self->kind == PL_QUESTION_YESNO)
    {
      g_autofree char *folded = g_utf8_casefold (typed, -1);
      /* Translators: words accepted for "yes" in the entry form, separated by | */
      g_auto(GStrv) yes_words = g_strsplit (C_("yes words", "y|yes|1"), "|", -1);
      /* Translators: words accepted for "no" in the entry form, separated by | */
      g_auto(GStrv) no_words = g_strsplit (C_("no words", "n|no|0"), "|", -1);

      g_autofree char *yes = g_utf8_casefold (_("yes"), -1);
      g_autofree char *no = g_utf8_casefold (_("no"), -1);

      /* English letters always work too, whatever the language, and so
       * does what pl_question_format_value() shows. */
      if (g_strv_contains ((const char * const *) yes_words, folded) || g_str_equal (folded, yes) ||
          g_str_equal (folded, "y") || g_str_equal (folded, "yes") || g_str_equal (folded, "1"))
        *value = 1;
      else if (g_strv_contains ((const char * const *) no_words, folded) || g_str_equal (folded, no) ||
               g_str_equal (folded, "n") || g_str_equal (folded, "no") || g_str_equal (folded, "0"))
        *value = 0;
      else
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("“%s” takes yes or no: type y or n; “%s” is neither."), what, typed);
          return FALSE;
        }

      *has_value = TRUE;
      return TRUE;
    }

  if (!pl_question_get_range (self, &min, &max))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is not answered with a number."), what);
      return FALSE;
    }

  if (!g_ascii_isdigit (typed[0]) && !(typed[0] == '-' && g_ascii_isdigit (typed[1])))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” takes a whole number from %d to %d; “%s” is not a number."),
                   what, min, max, typed);
      return FALSE;
    }

  number = g_ascii_strtoll (typed, &end, 10);
  if (*end != '\0')
    {
      /* "4.5" or "4,5" is a number, just not a whole one. */
      gboolean fraction = (*end == '.' || *end == ',') && g_ascii_isdigit (end[1]);

      for (const char *c = end + 1; fraction && *c != '\0'; c++)
        fraction = g_ascii_isdigit (*c);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   fraction
                   ? _("“%s” takes a whole number from %d to %d; “%s” is not a whole number.")
                   : _("“%s” takes a whole number from %d to %d; “%s” is not a number."),
                   what, min, max, typed);
      return FALSE;
    }

  if (!pl_question_check_value (self, (double) number, error))
    return FALSE;

  *value = (double) number;
  *has_value = TRUE;
  return TRUE;
}

char *
pl_question_format_value (PlQuestion *self,
                          double      value)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), NULL);

  if (self->kind == PL_QUESTION_YESNO && (value == 0 || value == 1))
    return g_strdup (value == 1 ? _("yes") : _("no"));

  return format_number (value);
}

static PlQuestion *
question_from_row (sqlite3_stmt *stmt)
{
  PlQuestionKind kind = PL_QUESTION_TEXT;

  /* The schema's CHECK constraint keeps the kind one we know. */
  if (!pl_question_kind_from_string ((const char *) sqlite3_column_text (stmt, 5), &kind))
    kind = PL_QUESTION_TEXT;

  return g_object_new (PL_TYPE_QUESTION,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "survey-id", sqlite3_column_int64 (stmt, 1),
                       "position", sqlite3_column_int (stmt, 2),
                       "code", (const char *) sqlite3_column_text (stmt, 3),
                       "text", (const char *) sqlite3_column_text (stmt, 4),
                       "kind", kind,
                       "scale-min", sqlite3_column_int (stmt, 6),
                       "scale-max", sqlite3_column_int (stmt, 7),
                       "choices", (const char *) sqlite3_column_text (stmt, 8),
                       "required", sqlite3_column_int (stmt, 9) != 0,
                       NULL);
}

static gboolean
row_exists (PlWorkspace  *workspace,
            const char   *sql,
            gint64        id,
            gboolean     *exists,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The workspace could not be read"));
      return FALSE;
    }

  *exists = rc == SQLITE_ROW;
  return TRUE;
}

/* The questions of a survey in order, or NULL with PL_ERROR_NOT_FOUND if
 * there is no such survey. */
static GPtrArray *
load_questions (PlWorkspace  *workspace,
                gint64        survey_id,
                GError      **error)
{
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean exists = FALSE;
  int rc;

  if (!row_exists (workspace, "SELECT 1 FROM surveys WHERE id = ?", survey_id, &exists, error))
    return NULL;

  if (!exists)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("The survey no longer exists in this workspace."));
      return NULL;
    }

  stmt = pl_workspace_prepare (workspace,
                               "SELECT id, survey_id, position, code, text, kind,"
                               " scale_min, scale_max, choices, required"
                               " FROM questions WHERE survey_id = ?"
                               " ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, survey_id);

  questions = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (questions, question_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The survey’s questions could not be read"));
      return NULL;
    }

  return g_steal_pointer (&questions);
}

/**
 * pl_survey_list_questions:
 *
 * Returns: (transfer full): the #PlQuestion of the survey, in order
 */
GListModel *
pl_survey_list_questions (PlWorkspace  *workspace,
                          gint64        survey_id,
                          GError      **error)
{
  g_autoptr(GPtrArray) questions = NULL;
  GListStore *store;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  questions = load_questions (workspace, survey_id, error);
  if (questions == NULL)
    return NULL;

  store = g_list_store_new (PL_TYPE_QUESTION);
  g_list_store_splice (store, 0, 0, questions->pdata, questions->len);
  return G_LIST_MODEL (store);
}

int
pl_question_get_position (PlQuestion *self)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), 0);

  return self->position;
}

/**
 * pl_question_get_choices:
 *
 * Returns: (nullable): the choices as stored, one a line
 */
const char *
pl_question_get_choices (PlQuestion *self)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), NULL);

  return self->choices;
}

/* Trimmed, blank lines left out. */
static GStrv
split_choices (const char *choices)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;

  if (choices != NULL)
    {
      lines = g_strsplit (choices, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (*g_strstrip (lines[i]) != '\0')
            g_strv_builder_add (builder, lines[i]);
        }
    }

  return g_strv_builder_end (builder);
}

/**
 * pl_question_dup_choices:
 *
 * Returns: (transfer full): the choices in order, possibly none
 */
GStrv
pl_question_dup_choices (PlQuestion *self)
{
  g_return_val_if_fail (PL_IS_QUESTION (self), NULL);

  return split_choices (self->choices);
}

const char *
pl_question_kind_to_label (PlQuestionKind kind)
{
  switch (kind)
    {
    case PL_QUESTION_CSAT:
      return _("Satisfaction (CSAT)");
    case PL_QUESTION_NPS:
      return _("Recommendation (NPS)");
    case PL_QUESTION_CES:
      return _("Effort (CES)");
    case PL_QUESTION_LIKERT:
      return _("Agreement scale (Likert)");
    case PL_QUESTION_YESNO:
      return _("Yes or no");
    case PL_QUESTION_SINGLE:
      return _("Single choice");
    case PL_QUESTION_MULTIPLE:
      return _("Multiple choice");
    case PL_QUESTION_TEXT:
      return _("Free text");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* "CSAT 1–5", "Likert 1–7", "Yes or no", "Single choice · 3 choices". */
char *
pl_question_dup_kind_summary (PlQuestion *self)
{
  static const char * const acronyms[] = {
    [PL_QUESTION_CSAT] = "CSAT",
    [PL_QUESTION_NPS] = "NPS",
    [PL_QUESTION_CES] = "CES",
    [PL_QUESTION_LIKERT] = "Likert",
  };
  int min, max;

  g_return_val_if_fail (PL_IS_QUESTION (self), NULL);

  switch (self->kind)
    {
    case PL_QUESTION_CSAT:
    case PL_QUESTION_NPS:
    case PL_QUESTION_CES:
    case PL_QUESTION_LIKERT:
      if (!pl_question_kind_get_range (self->kind, self->scale_min, self->scale_max, &min, &max))
        return g_strdup (acronyms[self->kind]);
      /* Translators: a rating question's kind and scale, "CSAT 1–5" */
      return g_strdup_printf (_("%s %d–%d"), acronyms[self->kind], min, max);
    case PL_QUESTION_SINGLE:
    case PL_QUESTION_MULTIPLE:
      {
        guint n = count_choices (self->choices);
        g_autofree char *number = g_strdup_printf ("%u", n);

        /* Translators: "Single choice · 3 choices" */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s choice", "%s · %s choices", n),
                                pl_question_kind_to_label (self->kind), number);
      }
    case PL_QUESTION_YESNO:
    case PL_QUESTION_TEXT:
    default:
      return g_strdup (pl_question_kind_to_label (self->kind));
    }
}

static gboolean
check_stored_choices (PlQuestion  *self,
                      const char  *stored,
                      GError     **error)
{
  g_auto(GStrv) choices = split_choices (self->choices);
  g_auto(GStrv) chosen = split_choices (stored);

  for (guint i = 0; chosen[i] != NULL; i++)
    {
      if (!g_strv_contains ((const char * const *) choices, chosen[i]))
        {
          g_autofree char *what = question_dup_short_text (self);

          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("“%s” has no choice “%s”."), what, chosen[i]);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * pl_question_parse_choices:
 * @stored: (out) (transfer full) (nullable): the chosen choices, one a line
 */
gboolean
pl_question_parse_choices (PlQuestion  *self,
                           const char  *text,
                           char       **stored,
                           GError     **error)
{
  g_auto(GStrv) choices = NULL;
  g_auto(GStrv) tokens = NULL;
  g_autofree gboolean *picked = NULL;
  g_autoptr(GString) out = NULL;
  guint n;

  g_return_val_if_fail (PL_IS_QUESTION (self), FALSE);
  g_return_val_if_fail (stored != NULL, FALSE);

  *stored = NULL;
  choices = split_choices (self->choices);
  n = g_strv_length (choices);
  picked = g_new0 (gboolean, n + 1);

  tokens = g_regex_split_simple ("[\\s,;]+", text != NULL ? text : "", 0, 0);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      guint64 number = 0;

      if (*tokens[i] == '\0')
        continue;

      if (!g_ascii_string_to_unsigned (tokens[i], 10, 1, MAX (n, 1), &number, NULL) || n == 0)
        {
          g_autofree char *what = question_dup_short_text (self);

          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("“%s” takes the numbers of its choices, from 1 to %u, such as “1 3”; "
                         "“%s” is not one of them."),
                       what, n, tokens[i]);
          return FALSE;
        }
      picked[number - 1] = TRUE;
    }

  out = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      if (!picked[i])
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, choices[i]);
    }

  if (out->len > 0)
    *stored = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

/**
 * pl_question_format_choices:
 *
 * Returns: (nullable): the numbers of the chosen choices, "1 3"
 */
char *
pl_question_format_choices (PlQuestion *self,
                            const char *stored)
{
  g_auto(GStrv) choices = NULL;
  g_auto(GStrv) chosen = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (PL_IS_QUESTION (self), NULL);

  choices = split_choices (self->choices);
  chosen = split_choices (stored);
  for (guint i = 0; chosen[i] != NULL; i++)
    {
      guint j;

      for (j = 0; choices[j] != NULL && !g_str_equal (choices[j], chosen[i]); j++)
        ;
      if (choices[j] == NULL)
        return NULL;
      g_string_append_printf (out, "%s%u", out->len > 0 ? " " : "", j + 1);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define QUESTION_COLUMNS \
  "id, survey_id, position, code, text, kind, scale_min, scale_max, choices, required"

/**
 * pl_question_load:
 *
 * Returns: (transfer full): the question
 */
PlQuestion *
pl_question_load (PlWorkspace  *workspace,
                  gint64        question_id,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " QUESTION_COLUMNS " FROM questions WHERE id = ?",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, question_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("This question is no longer in the survey."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The question could not be read"));
      return NULL;
    }

  return question_from_row (stmt);
}

/* Answered: a number or text under the question's id; null is blank. */
#define ANSWERED_SQL \
  " FROM responses WHERE survey_id = ?1 AND answers IS NOT NULL" \
  " AND coalesce (json_type (answers, '$.\"' || ?2 || '\"'), 'null') <> 'null'"

static gboolean
question_count_answers (PlWorkspace  *workspace,
                        PlQuestion   *question,
                        gboolean      any,
                        gint64       *count,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pl_workspace_prepare (workspace,
                               any ? "SELECT EXISTS (SELECT 1" ANSWERED_SQL ")"
                                   : "SELECT count(*)" ANSWERED_SQL,
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, question->survey_id);
  sqlite3_bind_int64 (stmt, 2, question->id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The answers could not be counted"));
      return FALSE;
    }

  *count = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
pl_question_count_answers (PlWorkspace  *workspace,
                           gint64        question_id,
                           gint64       *count,
                           GError      **error)
{
  g_autoptr(PlQuestion) question = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  question = pl_question_load (workspace, question_id, error);
  if (question == NULL)
    return FALSE;

  return question_count_answers (workspace, question, FALSE, count, error);
}

static PlItem *
kpi_item_from_row (sqlite3_stmt *stmt)
{
  return pl_item_new (sqlite3_column_int64 (stmt, 0),
                      (const char *) sqlite3_column_text (stmt, 1),
                      (const char *) sqlite3_column_text (stmt, 2),
                      NULL);
}

/**
 * pl_question_list_kpis:
 *
 * Returns: (transfer full): #PlItem of the KPIs not archived that the
 *   question feeds
 */
GListModel *
pl_question_list_kpis (PlWorkspace  *workspace,
                       gint64        question_id,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT id, code, name FROM kpis"
                               " WHERE question_id = ? AND NOT archived ORDER BY position, name",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, question_id);
  return pl_workspace_collect (workspace, stmt, PL_TYPE_ITEM,
                               (PlWorkspaceRowFunc) kpi_item_from_row,
                               _("The KPIs could not be read"), error);
}

/* -------------------------------------------------------------------- */
/* PlResponse                                                            */
/* -------------------------------------------------------------------- */

struct _PlResponse
{
  GObject parent_instance;

  gint64 id;
  gint64 survey_id;
  char *responded_on;
  gint64 channel_id;
  gint64 colleague_id;
  char *comment;
  char *source;
  char *created_at;
  char *updated_at;
  char *trashed_at;
  char *channel_name;
  char *colleague_name;

  /* question id (gint64 *) → value (double *) */
  GHashTable *answers;
  /* question id (gint64 *) → text (char *), NULL when cleared */
  GHashTable *texts;
  /* PlQuestion, in order; known once listed, loaded or saved */
  GPtrArray *questions;
};

G_DEFINE_FINAL_TYPE (PlResponse, pl_response, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SURVEY_ID,
  PROP_RESPONDED_ON,
  PROP_CHANNEL_ID,
  PROP_COLLEAGUE_ID,
  PROP_COMMENT,
  PROP_SOURCE,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_TRASHED_AT,
  PROP_CHANNEL_NAME,
  PROP_COLLEAGUE_NAME,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pl_response_finalize (GObject *object)
{
  PlResponse *self = (PlResponse *) object;

  g_clear_pointer (&self->responded_on, g_free);
  g_clear_pointer (&self->comment, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->trashed_at, g_free);
  g_clear_pointer (&self->channel_name, g_free);
  g_clear_pointer (&self->colleague_name, g_free);
  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_clear_pointer (&self->texts, g_hash_table_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);

  G_OBJECT_CLASS (pl_response_parent_class)->finalize (object);
}

static void
pl_response_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PlResponse *self = PL_RESPONSE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_SURVEY_ID:
      g_value_set_int64 (value, self->survey_id);
      break;
    case PROP_RESPONDED_ON:
      g_value_set_string (value, self->responded_on);
      break;
    case PROP_CHANNEL_ID:
      g_value_set_int64 (value, self->channel_id);
      break;
    case PROP_COLLEAGUE_ID:
      g_value_set_int64 (value, self->colleague_id);
      break;
    case PROP_COMMENT:
      g_value_set_string (value, self->comment);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;
    case PROP_TRASHED_AT:
      g_value_set_string (value, self->trashed_at);
      break;
    case PROP_CHANNEL_NAME:
      g_value_set_string (value, self->channel_name);
      break;
    case PROP_COLLEAGUE_NAME:
      g_value_set_string (value, self->colleague_name);
      break;
    case PROP_SUMMARY:
      g_value_take_string (value, pl_response_dup_summary (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_response_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PlResponse *self = PL_RESPONSE (object);

  switch (prop_id)
    {
    case PROP_SURVEY_ID:
      self->survey_id = g_value_get_int64 (value);
      break;
    case PROP_RESPONDED_ON:
      pl_response_set_responded_on (self, g_value_get_string (value));
      break;
    case PROP_CHANNEL_ID:
      pl_response_set_channel_id (self, g_value_get_int64 (value));
      break;
    case PROP_COLLEAGUE_ID:
      pl_response_set_colleague_id (self, g_value_get_int64 (value));
      break;
    case PROP_COMMENT:
      pl_response_set_comment (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_response_class_init (PlResponseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pl_response_finalize;
  object_class->get_property = pl_response_get_property;
  object_class->set_property = pl_response_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SURVEY_ID] =
    g_param_spec_int64 ("survey-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESPONDED_ON] =
    g_param_spec_string ("responded-on", NULL, NULL, NULL, rw);
  properties[PROP_CHANNEL_ID] =
    g_param_spec_int64 ("channel-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_COLLEAGUE_ID] =
    g_param_spec_int64 ("colleague-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_COMMENT] =
    g_param_spec_string ("comment", NULL, NULL, NULL, rw);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL, ro);
  properties[PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL, NULL, ro);
  properties[PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL, NULL, ro);
  properties[PROP_TRASHED_AT] =
    g_param_spec_string ("trashed-at", NULL, NULL, NULL, ro);
  properties[PROP_CHANNEL_NAME] =
    g_param_spec_string ("channel-name", NULL, NULL, NULL, ro);
  properties[PROP_COLLEAGUE_NAME] =
    g_param_spec_string ("colleague-name", NULL, NULL, NULL, ro);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pl_response_init (PlResponse *self)
{
  self->answers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->texts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/**
 * pl_response_new:
 * @survey_id: the survey the response answers
 *
 * Returns: (transfer full): a new, unsaved response
 */
PlResponse *
pl_response_new (gint64 survey_id)
{
  g_return_val_if_fail (survey_id > 0, NULL);

  return g_object_new (PL_TYPE_RESPONSE, "survey-id", survey_id, NULL);
}

gint64
pl_response_get_id (PlResponse *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), 0);

  return self->id;
}

gint64
pl_response_get_survey_id (PlResponse *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), 0);

  return self->survey_id;
}

const char *
pl_response_get_responded_on (PlResponse *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), NULL);

  return self->responded_on;
}

void
pl_response_set_responded_on (PlResponse *self,
                              const char *iso_date)
{
  g_return_if_fail (PL_IS_RESPONSE (self));

  if (set_str (&self->responded_on, iso_date))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESPONDED_ON]);
}

gint64
pl_response_get_channel_id (PlResponse *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), 0);

  return self->channel_id;
}

void
pl_response_set_channel_id (PlResponse *self,
                            gint64      channel_id)
{
  g_return_if_fail (PL_IS_RESPONSE (self));
  g_return_if_fail (channel_id >= 0);

  if (self->channel_id == channel_id)
    return;

  self->channel_id = channel_id;
  g_clear_pointer (&self->channel_name, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_ID]);
}

gint64
pl_response_get_colleague_id (PlResponse *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), 0);

  return self->colleague_id;
}

void
pl_response_set_colleague_id (PlResponse *self,
                              gint64      colleague_id)
{
  g_return_if_fail (PL_IS_RESPONSE (self));
  g_return_if_fail (colleague_id >= 0);

  if (self->colleague_id == colleague_id)
    return;

  self->colleague_id = colleague_id;
  g_clear_pointer (&self->colleague_name, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLEAGUE_ID]);
}

const char *
pl_response_get_comment (PlResponse *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), NULL);

  return self->comment;
}

void
pl_response_set_comment (PlResponse *self,
                         const char *comment)
{
  g_return_if_fail (PL_IS_RESPONSE (self));

  if (set_str (&self->comment, comment))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMENT]);
}

gboolean
pl_response_get_answer (PlResponse *self,
                        gint64      question_id,
                        double     *value)
{
  double *stored;

  g_return_val_if_fail (PL_IS_RESPONSE (self), FALSE);

  stored = g_hash_table_lookup (self->answers, &question_id);
  if (stored == NULL)
    return FALSE;

  if (value != NULL)
    *value = *stored;
  return TRUE;
}

void
pl_response_set_answer (PlResponse *self,
                        gint64      question_id,
                        double      value)
{
  g_return_if_fail (PL_IS_RESPONSE (self));
  g_return_if_fail (question_id > 0);

  g_hash_table_insert (self->answers,
                       g_memdup2 (&question_id, sizeof question_id),
                       g_memdup2 (&value, sizeof value));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

void
pl_response_clear_answer (PlResponse *self,
                          gint64      question_id)
{
  g_return_if_fail (PL_IS_RESPONSE (self));

  if (g_hash_table_remove (self->answers, &question_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

/**
 * pl_response_get_text_answer:
 *
 * Returns: (nullable): the free-text or multiple-choice answer
 */
const char *
pl_response_get_text_answer (PlResponse *self,
                             gint64      question_id)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), NULL);

  return g_hash_table_lookup (self->texts, &question_id);
}

void
pl_response_set_text_answer (PlResponse *self,
                             gint64      question_id,
                             const char *text)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (PL_IS_RESPONSE (self));
  g_return_if_fail (question_id > 0);

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_hash_table_insert (self->texts,
                       g_memdup2 (&question_id, sizeof question_id),
                       *stripped != '\0' ? g_steal_pointer (&stripped) : NULL);
}

guint
pl_response_get_n_answers (PlResponse *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), 0);

  return g_hash_table_size (self->answers);
}

const char *
pl_response_get_channel_name (PlResponse *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), NULL);

  return self->channel_name;
}

const char *
pl_response_get_colleague_name (PlResponse *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), NULL);

  return self->colleague_name;
}

const char *
pl_response_get_created_at (PlResponse *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), NULL);

  return self->created_at;
}

const char *
pl_response_get_updated_at (PlResponse *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), NULL);

  return self->updated_at;
}

const char *
pl_response_get_trashed_at (PlResponse *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), NULL);

  return self->trashed_at;
}

const char *
pl_response_get_source (PlResponse *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE (self), NULL);

  return self->source;
}

static void
summary_append (GString    *summary,
                PlQuestion *question,
                double      value)
{
  const char *code = question->code != NULL ? question->code : "";
  g_autofree char *shown = pl_question_format_value (question, value);

  if (summary->len > 0)
    g_string_append (summary, " · ");

  if (question->kind == PL_QUESTION_YESNO || question->kind == PL_QUESTION_SINGLE)
    {
      /* "resolved" reads as a word: "Resolved: yes" */
      g_autofree char *first = g_utf8_strup (code, g_utf8_next_char (code) - code);

      if (question->kind == PL_QUESTION_SINGLE)
        {
          g_auto(GStrv) lines = question->choices != NULL ? g_strsplit (question->choices, "\n", -1) : NULL;
          guint n = 0;

          for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
            {
              if (*g_strstrip (lines[i]) != '\0' && ++n == (guint) value)
                set_str (&shown, lines[i]);
            }
        }

      /* Translators: a yes/no or choice answer in a summary, "Resolved: yes" */
      g_string_append_printf (summary, _("%s%s: %s"),
                              first, g_utf8_next_char (code), shown);
    }
  else
    {
      g_autofree char *upper = g_utf8_strup (code, -1);

      g_string_append_printf (summary, "%s %s", upper, shown);
    }
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/**
 * pl_response_dup_summary:
 *
 * The answers on one line, in question order: "CSAT 4 · NPS 9 · CES 6 ·
 * Resolved: yes".
 */
char *
pl_response_dup_summary (PlResponse *self)
{
  GString *summary;

  g_return_val_if_fail (PL_IS_RESPONSE (self), NULL);

  summary = g_string_new (NULL);

  if (self->questions != NULL)
    {
      for (guint i = 0; i < self->questions->len; i++)
        {
          PlQuestion *question = g_ptr_array_index (self->questions, i);
          double value;

          if (pl_response_get_answer (self, question->id, &value))
            summary_append (summary, question, value);
        }
    }
  else
    {
      /* Not listed or loaded: no codes to show, so number the questions. */
      g_autoptr(GList) keys = g_hash_table_get_keys (self->answers);

      keys = g_list_sort (keys, compare_int64);
      for (GList *l = keys; l != NULL; l = l->next)
        {
          gint64 id = *(gint64 *) l->data;
          g_autofree char *number = format_number (*(double *) g_hash_table_lookup (self->answers, &id));

          if (summary->len > 0)
            g_string_append (summary, " · ");
          g_string_append_printf (summary, "#%" G_GINT64_FORMAT " %s", id, number);
        }
    }

  return g_string_free (summary, FALSE);
}

static void
response_set_questions (PlResponse *self,
                        GPtrArray  *questions)
{
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  self->questions = questions != NULL ? g_ptr_array_ref (questions) : NULL;
}

#define RESPONSE_COLUMNS \
  "r.id, r.survey_id, r.channel_id, r.colleague_id, r.responded_on, r.comment," \
  " r.source, r.trashed_at, r.created_at, r.updated_at, ch.name, co.display_name"

#define RESPONSE_FROM \
  " FROM responses r" \
  " LEFT JOIN channels ch ON ch.id = r.channel_id" \
  " LEFT JOIN colleagues co ON co.id = r.colleague_id"

static PlResponse *
response_from_row (sqlite3_stmt *stmt)
{
  PlResponse *self = g_object_new (PL_TYPE_RESPONSE,
                                   "survey-id", sqlite3_column_int64 (stmt, 1),
                                   NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->channel_id = sqlite3_column_int64 (stmt, 2);
  self->colleague_id = sqlite3_column_int64 (stmt, 3);
  self->responded_on = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  self->comment = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  self->source = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  self->trashed_at = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  self->created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  self->updated_at = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  self->channel_name = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
  self->colleague_name = g_strdup ((const char *) sqlite3_column_text (stmt, 11));

  return self;
}

/* Checks everything a save needs before the transaction starts, so an
 * invalid response writes nothing. Returns the normalised date. */
static char *
response_validate (PlResponse   *self,
                   PlWorkspace  *workspace,
                   GPtrArray    *questions,
                   GError      **error)
{
  g_autoptr(GHashTable) known = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree char *today = NULL;
  GHashTableIter iter;
  gpointer key;
  GDate date;
  gboolean exists;

  for (guint i = 0; i < questions->len; i++)
    {
      PlQuestion *question = g_ptr_array_index (questions, i);
      double value;

      g_hash_table_add (known, &question->id);

      if (question->kind == PL_QUESTION_TEXT || question->kind == PL_QUESTION_MULTIPLE)
        {
          const char *text = g_hash_table_lookup (self->texts, &question->id);
          gboolean touched = g_hash_table_contains (self->texts, &question->id);

          if (pl_response_get_answer (self, question->id, NULL))
            {
              g_autofree char *what = question_dup_short_text (question);

              g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                           _("“%s” is answered in words, not with a number."), what);
              return NULL;
            }

          if (text != NULL && question->kind == PL_QUESTION_MULTIPLE &&
              !check_stored_choices (question, text, error))
            return NULL;

          /* An answer the form never touched stays as it is: only one it
           * sets to nothing can leave a required question unanswered. A
           * new response has nothing to keep: it needs the answer. */
          if (question->required && (touched || self->id == 0) && text == NULL)
            {
              g_autofree char *what = question_dup_short_text (question);

              g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                           _("“%s” must be answered: it is a required question."), what);
              return NULL;
            }
          continue;
        }

      if (pl_response_get_answer (self, question->id, &value))
        {
          if (!pl_question_check_value (question, value, error))
            return NULL;
        }
      else if (question->required)
        {
          g_autofree char *what = question_dup_short_text (question);

          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("“%s” must be answered: it is a required question."), what);
          return NULL;
        }
    }

  g_hash_table_iter_init (&iter, self->answers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (known, key))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("An answer was given to a question that is not part of this survey."));
          return NULL;
        }
    }
  g_hash_table_iter_init (&iter, self->texts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (known, key))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("An answer was given to a question that is not part of this survey."));
          return NULL;
        }
    }

  if (self->responded_on == NULL || *self->responded_on == '\0')
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("Enter the date the customer responded."));
      return NULL;
    }

  if (strlen (self->responded_on) != 10 || !pl_date_parse_iso (self->responded_on, &date))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is not a date; enter the day the customer responded, "
                     "for example 2026-09-27."),
                   self->responded_on);
      return NULL;
    }

  today = pl_today_iso ();
  if (g_strcmp0 (self->responded_on, today) > 0)
    {
      g_autofree char *shown = pl_date_format_short (self->responded_on);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The response date %s is in the future; enter the day the customer responded."),
                   shown);
      return NULL;
    }

  if (self->channel_id > 0)
    {
      if (!row_exists (workspace, "SELECT 1 FROM channels WHERE id = ?",
                       self->channel_id, &exists, error))
        return NULL;
      if (!exists)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The channel chosen is no longer in this workspace; choose another."));
          return NULL;
        }
    }

  if (self->colleague_id > 0)
    {
      if (!row_exists (workspace, "SELECT 1 FROM colleagues WHERE id = ?",
                       self->colleague_id, &exists, error))
        return NULL;
      if (!exists)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The colleague chosen is no longer in this workspace; choose another."));
          return NULL;
        }
    }

  return pl_date_to_iso (&date);
}

static gboolean
response_write (PlResponse   *self,
                PlWorkspace  *workspace,
                GPtrArray    *questions,
                const char   *responded_on,
                const char   *now,
                gint64       *out_id,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) set_answers = NULL;
  g_autoptr(GString) patch = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *summary = NULL;
  gint64 id = self->id;

  if (self->comment != NULL)
    {
      comment = g_strstrip (g_strdup (self->comment));
      if (*comment == '\0')
        g_clear_pointer (&comment, g_free);
    }

  if (id == 0)
    stmt = pl_workspace_prepare (workspace,
                                 "INSERT INTO responses (survey_id, channel_id, colleague_id,"
                                 " responded_on, comment, source, created_at, updated_at)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, 'entry', ?6, ?6)",
                                 error);
  else
    stmt = pl_workspace_prepare (workspace,
                                 "UPDATE responses SET channel_id = ?2, colleague_id = ?3,"
                                 " responded_on = ?4, comment = ?5, updated_at = ?6"
                                 " WHERE survey_id = ?1 AND id = ?7",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->survey_id);
  if (self->channel_id > 0)
    sqlite3_bind_int64 (stmt, 2, self->channel_id);
  if (self->colleague_id > 0)
    sqlite3_bind_int64 (stmt, 3, self->colleague_id);
  sqlite3_bind_text (stmt, 4, responded_on, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, comment, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  if (id != 0)
    sqlite3_bind_int64 (stmt, 7, id);

  if (!pl_workspace_step_done (workspace, stmt, error))
    return FALSE;

  if (id == 0)
    id = sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  else if (sqlite3_changes (pl_workspace_get_db (workspace)) != 1)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("This response is no longer in the workspace, so the changes "
                     "could not be saved."));
      return FALSE;
    }

  /* The answers this form holds are numbers. A merge patch sets each of
   * them, or removes it (null) when the box is empty, and leaves what the
   * form does not show, such as an imported free-text answer, as it was. */
  patch = g_string_new ("{");
  for (guint i = 0; i < questions->len; i++)
    {
      PlQuestion *question = g_ptr_array_index (questions, i);
      double value;

      if (question->kind == PL_QUESTION_TEXT || question->kind == PL_QUESTION_MULTIPLE)
        {
          gpointer text = NULL;

          if (!g_hash_table_lookup_extended (self->texts, &question->id, NULL, &text))
            continue;
          if (text != NULL)
            pl_answers_json_text (patch, question->id, text);
          else
            g_string_append_printf (patch, "%s\"%" G_GINT64_FORMAT "\":null",
                                    patch->len > 1 ? "," : "", question->id);
          continue;
        }

      if (pl_response_get_answer (self, question->id, &value))
        {
          pl_answers_json_number (patch, question->id, value);
        }
      else
        {
          g_string_append_printf (patch, "%s\"%" G_GINT64_FORMAT "\":null",
                                  patch->len > 1 ? "," : "", question->id);
        }
    }
  pl_answers_json_end (patch);

  set_answers = pl_workspace_prepare (workspace,
                                      "UPDATE responses"
                                      " SET answers = nullif (json_patch (coalesce (answers, '{}'), ?2), '{}')"
                                      " WHERE id = ?1",
                                      error);
  if (set_answers == NULL)
    return FALSE;
  sqlite3_bind_int64 (set_answers, 1, id);
  sqlite3_bind_text (set_answers, 2, patch->str, -1, SQLITE_STATIC);
  if (!pl_workspace_step_done (workspace, set_answers, error))
    return FALSE;

  response_set_questions (self, questions);
  summary = pl_response_dup_summary (self);
  if (!pl_workspace_audit (workspace, self->id == 0 ? "create" : "update",
                           "response", id, summary, error))
    return FALSE;

  *out_id = id;
  return TRUE;
}

static gboolean
fill_names (PlResponse   *self,
            PlWorkspace  *workspace,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT (SELECT name FROM channels WHERE id = ?1),"
                               " (SELECT display_name FROM colleagues WHERE id = ?2)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->channel_id);
  sqlite3_bind_int64 (stmt, 2, self->colleague_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The workspace could not be read"));
      return FALSE;
    }

  set_str (&self->channel_name, (const char *) sqlite3_column_text (stmt, 0));
  set_str (&self->colleague_name, (const char *) sqlite3_column_text (stmt, 1));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLEAGUE_NAME]);
  return TRUE;
}

/**
 * pl_response_save:
 *
 * Checks every answer against its question, that required questions are
 * answered, that the date is a real day not in the future, and that the
 * channel and colleague exist (0 is "not recorded"); then writes the
 * response and its answers and an audit entry in one transaction. Nothing
 * is written when any check fails.
 */
gboolean
pl_response_save (PlResponse   *self,
                  PlWorkspace  *workspace,
                  GError      **error)
{
  g_autoptr(GPtrArray) questions = NULL;
  g_autofree char *responded_on = NULL;
  g_autofree char *now = NULL;
  gboolean created = FALSE;
  gint64 id = 0;

  g_return_val_if_fail (PL_IS_RESPONSE (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  questions = load_questions (workspace, self->survey_id, error);
  if (questions == NULL)
    return FALSE;

  responded_on = response_validate (self, workspace, questions, error);
  if (responded_on == NULL)
    return FALSE;

  now = pl_now_iso8601 ();

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!response_write (self, workspace, questions, responded_on, now, &id, error) ||
      !pl_workspace_commit (workspace, error))
    {
      pl_workspace_rollback (workspace);
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (self));

  if (self->id == 0)
    {
      created = TRUE;
      self->id = id;
      set_str (&self->created_at, now);
      set_str (&self->source, "entry");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
    }
  set_str (&self->updated_at, now);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
  pl_response_set_responded_on (self, responded_on);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);

  /* The names are only for display; the response is saved either way. */
  if (!fill_names (self, workspace, NULL))
    g_debug ("Could not read the channel and colleague names of response %" G_GINT64_FORMAT, id);

  g_object_thaw_notify (G_OBJECT (self));

  g_debug ("%s response %" G_GINT64_FORMAT, created ? "Created" : "Updated", id);
  pl_workspace_emit_changed (workspace, "responses");
  return TRUE;
}

static gboolean
load_answers (PlWorkspace  *workspace,
              sqlite3_stmt *stmt,
              GHashTable   *by_id,
              GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 response_id = sqlite3_column_int64 (stmt, 0);
      PlResponse *response = g_hash_table_lookup (by_id, &response_id);

      if (response == NULL)
        continue;

      /* value_num is NULL for text answers, kept apart. */
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        pl_response_set_answer (response,
                                sqlite3_column_int64 (stmt, 1),
                                sqlite3_column_double (stmt, 2));
      else if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        {
          gint64 question_id = sqlite3_column_int64 (stmt, 1);

          g_hash_table_insert (response->texts,
                               g_memdup2 (&question_id, sizeof question_id),
                               g_strdup ((const char *) sqlite3_column_text (stmt, 3)));
        }
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The answers could not be read"));
      return FALSE;
    }

  return TRUE;
}

/**
 * pl_response_load:
 *
 * Returns: (transfer full): the response with its answers, channel and
 *   colleague names, also when it is in the trash
 */
PlResponse *
pl_response_load (PlWorkspace  *workspace,
                  gint64        id,
                  GError      **error)
{
  g_autoptr(PlResponse) self = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) answers = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " RESPONSE_COLUMNS RESPONSE_FROM " WHERE r.id = ?",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("This response is no longer in the workspace."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The response could not be read"));
      return NULL;
    }

  self = response_from_row (stmt);

  questions = load_questions (workspace, self->survey_id, error);
  if (questions == NULL)
    return NULL;
  response_set_questions (self, questions);

  answers = pl_workspace_prepare (workspace,
                                  "SELECT response_id, question_id, value_num, value_text"
                                  " FROM answers WHERE response_id = ?",
                                  error);
  if (answers == NULL)
    return NULL;

  sqlite3_bind_int64 (answers, 1, id);
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_hash_table_insert (by_id, &self->id, self);
  if (!load_answers (workspace, answers, by_id, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Sets or clears trashed_at with an audit entry in one transaction. */
static gboolean
response_set_trashed (PlWorkspace  *workspace,
                      gint64        id,
                      gboolean      trashed,
                      GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  gboolean exists = FALSE;

  if (!row_exists (workspace, "SELECT 1 FROM responses WHERE id = ?", id, &exists, error))
    return FALSE;

  if (!exists)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("This response is no longer in the workspace."));
      return FALSE;
    }

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (trashed)
    stmt = pl_workspace_prepare (workspace,
                                 "UPDATE responses SET trashed_at = ?2"
                                 " WHERE id = ?1 AND trashed_at IS NULL",
                                 error);
  else
    stmt = pl_workspace_prepare (workspace,
                                 "UPDATE responses SET trashed_at = NULL"
                                 " WHERE id = ?1 AND trashed_at IS NOT NULL",
                                 error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, id);
  if (trashed)
    sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);

  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  /* Already in (or out of) the trash: nothing to record. */
  if (sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      pl_workspace_rollback (workspace);
      return TRUE;
    }

  if (!pl_workspace_audit (workspace, trashed ? "trash" : "restore", "response", id, NULL, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "responses");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/**
 * pl_response_trash:
 *
 * Moves a response to the trash: it stays in the workspace, marked with
 * the moment, and is left out of lists and figures until restored.
 */
gboolean
pl_response_trash (PlWorkspace  *workspace,
                   gint64        id,
                   GError      **error)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return response_set_trashed (workspace, id, TRUE, error);
}

gboolean
pl_response_restore (PlWorkspace  *workspace,
                     gint64        id,
                     GError      **error)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return response_set_trashed (workspace, id, FALSE, error);
}

/**
 * pl_response_list_recent:
 * @limit: how many at most; 0 for all
 *
 * The responses of a survey most recently entered first (by id, the
 * order they were made in), leaving out the trash, each with its answers and names. One
 * query for the responses and one for their answers, both on indexes.
 *
 * Returns: (transfer full): a list of #PlResponse
 */
GListModel *
pl_response_list_recent (PlWorkspace  *workspace,
                         gint64        survey_id,
                         guint         limit,
                         GError      **error)
{
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GPtrArray) responses = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) answers = NULL;
  GListStore *store;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  questions = load_questions (workspace, survey_id, error);
  if (questions == NULL)
    return NULL;

  /* Ids are given in the order responses are made. The unary + keeps
   * SQLite off responses_survey_date: walking the table backwards stops
   * after @limit rows, where the survey index would sort every response
   * of the survey first. */
  stmt = pl_workspace_prepare (workspace,
                               "SELECT " RESPONSE_COLUMNS RESPONSE_FROM
                               " WHERE +r.survey_id = ?1 AND r.trashed_at IS NULL"
                               " ORDER BY r.id DESC LIMIT ?2",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, survey_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  responses = g_ptr_array_new_with_free_func (g_object_unref);
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlResponse *response = response_from_row (stmt);

      response_set_questions (response, questions);
      g_ptr_array_add (responses, response);
      g_hash_table_insert (by_id, &response->id, response);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The responses could not be read"));
      return NULL;
    }

  if (responses->len > 0)
    {
      g_autoptr(GString) ids = g_string_new ("[");

      for (guint i = 0; i < responses->len; i++)
        g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                                pl_response_get_id (g_ptr_array_index (responses, i)));
      g_string_append_c (ids, ']');

      /* All their answers in one query, by the responses' ids. */
      answers = pl_workspace_prepare (workspace,
                                      "SELECT response_id, question_id, value_num, value_text FROM answers"
                                      " WHERE response_id IN (SELECT value FROM json_each (?))",
                                      error);
      if (answers == NULL)
        return NULL;

      sqlite3_bind_text (answers, 1, ids->str, -1, SQLITE_STATIC);
      if (!load_answers (workspace, answers, by_id, error))
        return NULL;
    }

  store = g_list_store_new (PL_TYPE_RESPONSE);
  g_list_store_splice (store, 0, 0, responses->pdata, responses->len);
  return G_LIST_MODEL (store);
}

/* -------------------------------------------------------------------- */
/* PlSurvey and the designer                                             */
/* -------------------------------------------------------------------- */

#define SURVEY_NAME_MAX_CHARS 120
#define QUESTION_CODE_MAX_CHARS 32
#define QUESTION_MAX_CHOICES 30

struct _PlSurvey
{
  GObject parent_instance;

  gint64 id;
  char *name;
  char *description;
  gboolean archived;
  char *created_at;
  guint n_questions;
  gint64 n_responses;
};

G_DEFINE_FINAL_TYPE (PlSurvey, pl_survey, G_TYPE_OBJECT)

static void
pl_survey_finalize (GObject *object)
{
  PlSurvey *self = (PlSurvey *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->created_at, g_free);

  G_OBJECT_CLASS (pl_survey_parent_class)->finalize (object);
}

static void
pl_survey_class_init (PlSurveyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pl_survey_finalize;
}

static void
pl_survey_init (PlSurvey *self)
{
}

gint64
pl_survey_get_id (PlSurvey *self)
{
  g_return_val_if_fail (PL_IS_SURVEY (self), 0);
  return self->id;
}

const char *
pl_survey_get_name (PlSurvey *self)
{
  g_return_val_if_fail (PL_IS_SURVEY (self), NULL);
  return self->name;
}

const char *
pl_survey_get_description (PlSurvey *self)
{
  g_return_val_if_fail (PL_IS_SURVEY (self), NULL);
  return self->description;
}

gboolean
pl_survey_get_archived (PlSurvey *self)
{
  g_return_val_if_fail (PL_IS_SURVEY (self), FALSE);
  return self->archived;
}

const char *
pl_survey_get_created_at (PlSurvey *self)
{
  g_return_val_if_fail (PL_IS_SURVEY (self), NULL);
  return self->created_at;
}

guint
pl_survey_get_n_questions (PlSurvey *self)
{
  g_return_val_if_fail (PL_IS_SURVEY (self), 0);
  return self->n_questions;
}

gint64
pl_survey_get_n_responses (PlSurvey *self)
{
  g_return_val_if_fail (PL_IS_SURVEY (self), 0);
  return self->n_responses;
}

#define SURVEY_SELECT \
  "SELECT s.id, s.name, s.description, s.archived, s.created_at," \
  " (SELECT count(*) FROM questions q WHERE q.survey_id = s.id)," \
  " (SELECT count(*) FROM responses r WHERE r.survey_id = s.id AND r.trashed_at IS NULL)" \
  " FROM surveys s"

static gpointer
survey_from_row (sqlite3_stmt *stmt)
{
  PlSurvey *self = g_object_new (PL_TYPE_SURVEY, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  self->description = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  self->archived = sqlite3_column_int (stmt, 3) != 0;
  self->created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  self->n_questions = (guint) sqlite3_column_int64 (stmt, 5);
  self->n_responses = sqlite3_column_int64 (stmt, 6);
  return self;
}

/**
 * pl_survey_list:
 *
 * Returns: (transfer full): a list of #PlSurvey
 */
GListModel *
pl_survey_list (PlWorkspace  *workspace,
                gboolean      include_archived,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               include_archived
                               ? SURVEY_SELECT " ORDER BY s.archived, s.name COLLATE NOCASE, s.id"
                               : SURVEY_SELECT " WHERE NOT s.archived ORDER BY s.name COLLATE NOCASE, s.id",
                               error);
  if (stmt == NULL)
    return NULL;

  return pl_workspace_collect (workspace, stmt, PL_TYPE_SURVEY, survey_from_row,
                               _("The surveys could not be read"), error);
}

/**
 * pl_survey_load:
 *
 * Returns: (transfer full): the survey with its counts
 */
PlSurvey *
pl_survey_load (PlWorkspace  *workspace,
                gint64        survey_id,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace, SURVEY_SELECT " WHERE s.id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, survey_id);
  return pl_workspace_fetch_one (workspace, stmt, survey_from_row,
                                 _("The survey no longer exists in this workspace."),
                                 _("The survey could not be read"), error);
}

/* The trimmed name, or NULL with the reason it cannot be used. */
static char *
survey_check_name (PlWorkspace  *workspace,
                   gint64        survey_id,
                   const char   *name,
                   GError      **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (*trimmed == '\0')
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("Give the survey a name, such as “After-contact survey”."));
      return NULL;
    }

  if (g_utf8_strlen (trimmed, -1) > SURVEY_NAME_MAX_CHARS)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The survey’s name is longer than %d characters; shorten it and put the "
                     "rest in the description."), SURVEY_NAME_MAX_CHARS);
      return NULL;
    }

  stmt = pl_workspace_prepare (workspace,
                               "SELECT 1 FROM surveys WHERE NOT archived AND id <> ?1"
                               " AND name = ?2 COLLATE NOCASE",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, survey_id);
  sqlite3_bind_text (stmt, 2, trimmed, -1, SQLITE_STATIC);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("Another survey is already called “%s”; choose another name."), trimmed);
      return NULL;
    case SQLITE_DONE:
      return g_steal_pointer (&trimmed);
    default:
      pl_workspace_set_db_error (workspace, error, _("The surveys could not be read"));
      return NULL;
    }
}

static char *
stripped_or_null (const char *text)
{
  char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

/* Runs @stmt and records @action in one transaction; emits
 * changed::surveys. @stmt is prepared and bound already. */
static gboolean
survey_write (PlWorkspace   *workspace,
              sqlite3_stmt  *stmt,
              const char    *action,
              const char    *entity,
              gint64         entity_id,
              const char    *detail,
              gint64        *out_id,
              GError       **error)
{
  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (entity_id == 0)
    entity_id = sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  else if (sqlite3_changes (pl_workspace_get_db (workspace)) != 1)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   g_str_equal (entity, "survey")
                   ? _("The survey no longer exists in this workspace.")
                   : _("This question is no longer in the survey."));
      goto failed;
    }

  if (!pl_workspace_audit (workspace, action, entity, entity_id, detail, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  if (out_id != NULL)
    *out_id = entity_id;
  pl_workspace_emit_changed (workspace, "surveys");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

gint64
pl_survey_create (PlWorkspace  *workspace,
                  const char   *name,
                  const char   *description,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *about = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  gint64 id = 0;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = survey_check_name (workspace, 0, name, error);
  if (trimmed == NULL)
    return 0;
  about = stripped_or_null (description);

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO surveys (name, description, created_at) VALUES (?, ?, ?)",
                               error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_STATIC);
  pl_bind_text_or_null (stmt, 2, about);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);

  if (!survey_write (workspace, stmt, "create", "survey", 0, trimmed, &id, error))
    return 0;
  return id;
}

gboolean
pl_survey_update (PlWorkspace  *workspace,
                  gint64        survey_id,
                  const char   *name,
                  const char   *description,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *about = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  trimmed = survey_check_name (workspace, survey_id, name, error);
  if (trimmed == NULL)
    return FALSE;
  about = stripped_or_null (description);

  stmt = pl_workspace_prepare (workspace,
                               "UPDATE surveys SET name = ?2, description = ?3 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, survey_id);
  sqlite3_bind_text (stmt, 2, trimmed, -1, SQLITE_STATIC);
  pl_bind_text_or_null (stmt, 3, about);

  return survey_write (workspace, stmt, "update", "survey", survey_id, trimmed, NULL, error);
}

/**
 * pl_survey_set_archived:
 *
 * An archived survey leaves the response form and the lists of surveys to
 * choose from; its questions and responses stay, and count in analyses as
 * before. Bringing one back needs its name to be free again.
 */
gboolean
pl_survey_set_archived (PlWorkspace  *workspace,
                        gint64        survey_id,
                        gboolean      archived,
                        GError      **error)
{
  g_autoptr(PlSurvey) survey = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  survey = pl_survey_load (workspace, survey_id, error);
  if (survey == NULL)
    return FALSE;

  if (survey->archived == !!archived)
    return TRUE;

  if (!archived)
    {
      g_autofree char *name = survey_check_name (workspace, survey_id, survey->name, error);

      if (name == NULL)
        return FALSE;
    }

  stmt = pl_workspace_prepare (workspace, "UPDATE surveys SET archived = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, survey_id);
  sqlite3_bind_int (stmt, 2, archived ? 1 : 0);

  return survey_write (workspace, stmt, archived ? "archive" : "unarchive", "survey",
                       survey_id, survey->name, NULL, error);
}

/* ---- questions ---------------------------------------------------------- */

static const char * const code_stop_words[] = {
  "a", "about", "after", "an", "and", "any", "are", "at", "be", "by", "can", "could", "did",
  "do", "does", "else", "for", "from", "get", "had", "has", "have", "how", "i", "if", "in", "is",
  "it", "like", "me", "my", "of", "on", "or", "our", "overall", "please", "so", "tell", "that", "the",
  "this", "to", "today", "us", "very", "was", "we", "were", "what", "when", "which", "who",
  "why", "will", "with", "would", "you", "your", NULL,
};

static gboolean
code_is_valid (const char *code)
{
  if (code == NULL || !g_ascii_islower (code[0]) || strlen (code) > QUESTION_CODE_MAX_CHARS)
    return FALSE;

  for (const char *c = code; *c != '\0'; c++)
    {
      if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '_')
        return FALSE;
    }

  return TRUE;
}

static gboolean
code_taken (PlWorkspace  *workspace,
            gint64        survey_id,
            const char   *code,
            gint64        except_id,
            gboolean     *taken,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT 1 FROM questions WHERE survey_id = ?1 AND code = ?2 AND id <> ?3",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, survey_id);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, except_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The survey’s questions could not be read"));
      return FALSE;
    }

  *taken = rc == SQLITE_ROW;
  return TRUE;
}

/* The words of @text that say something, as an identifier. */
static char *
code_from_text (const char     *text,
                PlQuestionKind  kind)
{
  g_autofree char *ascii = NULL;
  g_autoptr(GString) code = g_string_new (NULL);
  g_auto(GStrv) words = NULL;
  guint taken = 0;

  if (kind == PL_QUESTION_CSAT || kind == PL_QUESTION_NPS || kind == PL_QUESTION_CES)
    return g_strdup (kind_names[kind]);

  {
    g_autofree char *plain = g_str_to_ascii (text != NULL ? text : "", "C");

    ascii = g_ascii_strdown (plain, -1);
  }
  words = g_regex_split_simple ("[^a-z0-9]+", ascii, 0, 0);
  for (guint i = 0; words[i] != NULL && taken < 2; i++)
    {
      if (*words[i] == '\0' || g_strv_contains (code_stop_words, words[i]))
        continue;
      if (code->len > 0)
        g_string_append_c (code, '_');
      g_string_append (code, words[i]);
      taken++;
    }

  if (code->len > 24)
    g_string_truncate (code, 24);
  while (code->len > 0 && code->str[code->len - 1] == '_')
    g_string_truncate (code, code->len - 1);
  if (code->len == 0 || !g_ascii_islower (code->str[0]))
    g_string_prepend_c (code, 'q');

  return g_string_free (g_steal_pointer (&code), FALSE);
}

char *
pl_survey_suggest_code (PlWorkspace    *workspace,
                        gint64          survey_id,
                        const char     *text,
                        PlQuestionKind  kind,
                        gint64          except_id)
{
  g_autofree char *base = NULL;
  char *code = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);

  base = code_from_text (text, kind);
  code = g_strdup (base);
  for (guint n = 2; n < 1000; n++)
    {
      gboolean taken = FALSE;

      if (!code_taken (workspace, survey_id, code, except_id, &taken, NULL) || !taken)
        break;
      g_free (code);
      code = g_strdup_printf ("%s_%u", base, n);
    }

  return code;
}

/* A spec checked and put in the form it is stored in. */
typedef struct
{
  char *code;
  char *text;
  PlQuestionKind kind;
  gboolean has_scale;
  int scale_min;
  int scale_max;
  char *choices;
  gboolean required;
} CheckedSpec;

static void
checked_spec_clear (CheckedSpec *spec)
{
  g_clear_pointer (&spec->code, g_free);
  g_clear_pointer (&spec->text, g_free);
  g_clear_pointer (&spec->choices, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CheckedSpec, checked_spec_clear)

static gboolean
check_spec (PlWorkspace          *workspace,
            gint64                survey_id,
            gint64                question_id,
            const PlQuestionSpec *spec,
            CheckedSpec          *out,
            GError              **error)
{
  g_autofree char *code = NULL;
  gboolean taken = FALSE;

  out->text = stripped_or_null (spec->text);
  if (out->text == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("Type the question as customers will read it."));
      return FALSE;
    }

  if (spec->kind > PL_QUESTION_TEXT)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID, _("Choose what kind of question it is."));
      return FALSE;
    }
  out->kind = spec->kind;
  out->required = spec->required;

  if (spec->kind == PL_QUESTION_LIKERT)
    {
      int points = spec->scale_max - spec->scale_min + 1;

      if ((spec->scale_min != 0 && spec->scale_min != 1) || points < 3 || points > 11)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("A Likert scale starts at 0 or 1 and has 3 to 11 points, such as 1 to 5 "
                         "or 1 to 7; %d to %d is not one."),
                       spec->scale_min, spec->scale_max);
          return FALSE;
        }
    }
  out->has_scale = pl_question_kind_get_range (spec->kind, spec->scale_min, spec->scale_max,
                                               &out->scale_min, &out->scale_max);

  if (spec->kind == PL_QUESTION_SINGLE || spec->kind == PL_QUESTION_MULTIPLE)
    {
      g_auto(GStrv) choices = split_choices (spec->choices);
      guint n = g_strv_length (choices);

      if (n < 2)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("A choice question needs at least two choices: type them one a line."));
          return FALSE;
        }
      if (n > QUESTION_MAX_CHOICES)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("A choice question can have at most %d choices; this one has %u."),
                       QUESTION_MAX_CHOICES, n);
          return FALSE;
        }
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *a = g_utf8_casefold (choices[i], -1);

          for (guint j = 0; j < i; j++)
            {
              g_autofree char *b = g_utf8_casefold (choices[j], -1);

              if (g_str_equal (a, b))
                {
                  g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                               _("“%s” is listed twice; each choice must be different."), choices[i]);
                  return FALSE;
                }
            }
        }
      out->choices = g_strjoinv ("\n", choices);
    }

  code = stripped_or_null (spec->code);
  if (code == NULL)
    code = pl_survey_suggest_code (workspace, survey_id, out->text, spec->kind, question_id);
  else
    {
      char *lower = g_ascii_strdown (code, -1);

      g_free (code);
      code = lower;
      if (!code_is_valid (code))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("A code names the question in imports and exports: letters, digits and _, "
                         "starting with a letter, at most %d characters, such as “csat” or "
                         "“resolved”. “%s” is not one."),
                       QUESTION_CODE_MAX_CHARS, spec->code);
          return FALSE;
        }
    }

  if (!code_taken (workspace, survey_id, code, question_id, &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("Another question in this survey already has the code “%s”; choose another."),
                   code);
      return FALSE;
    }

  out->code = g_steal_pointer (&code);
  return TRUE;
}

static void
bind_spec (sqlite3_stmt *stmt,
           CheckedSpec  *spec)
{
  /* ?1 is the survey or question id. */
  sqlite3_bind_text (stmt, 2, spec->code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, spec->text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, kind_names[spec->kind], -1, SQLITE_STATIC);
  if (spec->has_scale)
    {
      sqlite3_bind_int (stmt, 5, spec->scale_min);
      sqlite3_bind_int (stmt, 6, spec->scale_max);
    }
  else
    {
      sqlite3_bind_null (stmt, 5);
      sqlite3_bind_null (stmt, 6);
    }
  pl_bind_text_or_null (stmt, 7, spec->choices);
  sqlite3_bind_int (stmt, 8, spec->required ? 1 : 0);
}

gint64
pl_survey_add_question (PlWorkspace           *workspace,
                        gint64                 survey_id,
                        const PlQuestionSpec  *spec,
                        GError               **error)
{
  g_auto(CheckedSpec) checked = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PlSurvey) survey = NULL;
  gint64 id = 0;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), 0);
  g_return_val_if_fail (spec != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  survey = pl_survey_load (workspace, survey_id, error);
  if (survey == NULL)
    return 0;

  if (!check_spec (workspace, survey_id, 0, spec, &checked, error))
    return 0;

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO questions (survey_id, position, code, text, kind,"
                               " scale_min, scale_max, choices, required)"
                               " VALUES (?1, (SELECT coalesce (max (position), 0) + 1 FROM questions"
                               "              WHERE survey_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                               error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, survey_id);
  bind_spec (stmt, &checked);

  if (!survey_write (workspace, stmt, "create", "question", 0, checked.code, &id, error))
    return 0;
  return id;
}

static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

/* The first KPI that feeds from the question, archived ones too: NULL
 * when there is none. */
static char *
question_first_kpi (PlWorkspace  *workspace,
                    gint64        question_id,
                    gboolean     *ok,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *ok = FALSE;
  stmt = pl_workspace_prepare (workspace,
                               "SELECT name FROM kpis WHERE question_id = ? ORDER BY archived, position LIMIT 1",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, question_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The KPIs could not be read"));
      return NULL;
    }

  *ok = TRUE;
  return rc == SQLITE_ROW ? g_strdup ((const char *) sqlite3_column_text (stmt, 0)) : NULL;
}

gboolean
pl_survey_update_question (PlWorkspace           *workspace,
                           gint64                 question_id,
                           const PlQuestionSpec  *spec,
                           GError               **error)
{
  g_auto(CheckedSpec) checked = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PlQuestion) old = NULL;
  g_autofree char *kpi = NULL;
  gboolean kind_changed, scale_changed, choices_changed = FALSE;
  gboolean ok;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  old = pl_question_load (workspace, question_id, error);
  if (old == NULL)
    return FALSE;

  if (!check_spec (workspace, old->survey_id, question_id, spec, &checked, error))
    return FALSE;

  kind_changed = checked.kind != old->kind;
  scale_changed = !kind_changed && checked.kind == PL_QUESTION_LIKERT &&
                  (checked.scale_min != old->scale_min || checked.scale_max != old->scale_max);
  if (!kind_changed && (checked.kind == PL_QUESTION_SINGLE || checked.kind == PL_QUESTION_MULTIPLE))
    {
      g_auto(GStrv) before = split_choices (old->choices);
      g_auto(GStrv) after = split_choices (checked.choices);
      guint n_before = g_strv_length (before);

      /* New choices after the old ones do not change what answers mean. */
      choices_changed = g_strv_length (after) < n_before;
      for (guint i = 0; !choices_changed && i < n_before; i++)
        choices_changed = !g_str_equal (before[i], after[i]);
    }

  if (kind_changed || scale_changed || choices_changed)
    {
      g_autofree char *what = question_dup_short_text (old);
      g_autofree char *shown = NULL;
      gint64 n = 0;

      if (!question_count_answers (workspace, old, FALSE, &n, error))
        return FALSE;
      shown = format_count (n);

      if (n > 0 && kind_changed)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "“%s” already has %s answer, so its kind cannot change: the "
                                    "answer was given to it as it is. Add a new question instead.",
                                    "“%s” already has %s answers, so its kind cannot change: the "
                                    "answers were given to it as it is. Add a new question instead.",
                                    n),
                       what, shown);
          return FALSE;
        }
      if (n > 0 && scale_changed)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "“%s” already has %s answer on its scale of %d to %d, so the "
                                    "scale cannot change. Add a new question with the new scale instead.",
                                    "“%s” already has %s answers on its scale of %d to %d, so the "
                                    "scale cannot change. Add a new question with the new scale instead.",
                                    n),
                       what, shown, old->scale_min, old->scale_max);
          return FALSE;
        }
      if (n > 0 && choices_changed)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "“%s” already has %s answer, so its choices cannot be removed, "
                                    "renamed or reordered; new choices can be added after them.",
                                    "“%s” already has %s answers, so its choices cannot be removed, "
                                    "renamed or reordered; new choices can be added after them.",
                                    n),
                       what, shown);
          return FALSE;
        }
    }

  /* A KPI's calculation fits its question's kind and scale (an NPS KPI
   * counts 9s and 10s out of 0 to 10), even before any answer is in. */
  if (kind_changed || scale_changed)
    {
      kpi = question_first_kpi (workspace, question_id, &ok, error);
      if (!ok)
        return FALSE;
      if (kpi != NULL && !checked.has_scale)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The KPI “%s” is calculated from this question, so it must stay a "
                         "question answered on a scale."), kpi);
          return FALSE;
        }
      if (kpi != NULL)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The KPI “%s” is calculated from this question as it is, so its kind and "
                         "scale cannot change. Add a new question, or change the KPI first."), kpi);
          return FALSE;
        }
    }

  stmt = pl_workspace_prepare (workspace,
                               "UPDATE questions SET code = ?2, text = ?3, kind = ?4, scale_min = ?5,"
                               " scale_max = ?6, choices = ?7, required = ?8 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, question_id);
  bind_spec (stmt, &checked);

  return survey_write (workspace, stmt, "update", "question", question_id, checked.code, NULL, error);
}

/* Positions 1, 2, 3, ... in @ids' order. Inside a transaction. */
static gboolean
renumber_questions (PlWorkspace  *workspace,
                    GArray       *ids,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pl_workspace_prepare (workspace, "UPDATE questions SET position = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      sqlite3_bind_int (stmt, 2, (int) i + 1);
      if (!pl_workspace_step_done (workspace, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static GArray *
question_ids (PlWorkspace  *workspace,
              gint64        survey_id,
              GError      **error)
{
  g_autoptr(GPtrArray) questions = load_questions (workspace, survey_id, error);
  GArray *ids;

  if (questions == NULL)
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), questions->len);
  for (guint i = 0; i < questions->len; i++)
    g_array_append_val (ids, ((PlQuestion *) g_ptr_array_index (questions, i))->id);
  return ids;
}

gboolean
pl_survey_remove_question (PlWorkspace  *workspace,
                           gint64        question_id,
                           GError      **error)
{
  g_autoptr(PlQuestion) question = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *what = NULL;
  g_autofree char *kpi = NULL;
  gint64 n = 0;
  gboolean ok;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  question = pl_question_load (workspace, question_id, error);
  if (question == NULL)
    return FALSE;
  what = question_dup_short_text (question);

  if (!question_count_answers (workspace, question, FALSE, &n, error))
    return FALSE;
  if (n > 0)
    {
      g_autofree char *shown = format_count (n);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” has %s answer, so it cannot be removed: the answer would lose "
                                "its question. Make it optional, or archive the survey and start a new one.",
                                "“%s” has %s answers, so it cannot be removed: the answers would lose "
                                "their question. Make it optional, or archive the survey and start a new one.",
                                n),
                   what, shown);
      return FALSE;
    }

  kpi = question_first_kpi (workspace, question_id, &ok, error);
  if (!ok)
    return FALSE;
  if (kpi != NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The KPI “%s” is calculated from “%s”, so the question cannot be removed."),
                   kpi, what);
      return FALSE;
    }

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace, "DELETE FROM questions WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, question_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  ids = question_ids (workspace, question->survey_id, error);
  if (ids == NULL || !renumber_questions (workspace, ids, error) ||
      !pl_workspace_audit (workspace, "delete", "question", question_id, question->code, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "surveys");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

gboolean
pl_survey_move_question (PlWorkspace  *workspace,
                         gint64        question_id,
                         int           offset,
                         GError      **error)
{
  g_autoptr(PlQuestion) question = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *detail = NULL;
  guint from = G_MAXUINT;
  gint64 to;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  question = pl_question_load (workspace, question_id, error);
  if (question == NULL)
    return FALSE;

  ids = question_ids (workspace, question->survey_id, error);
  if (ids == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == question_id)
      from = i;
  g_assert (from != G_MAXUINT);

  to = (gint64) from + offset;
  if (to < 0 || to >= ids->len)
    {
      g_autofree char *what = question_dup_short_text (question);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   to < 0 ? _("“%s” is already the first question.")
                          : _("“%s” is already the last question."),
                   what);
      return FALSE;
    }
  if (offset == 0)
    return TRUE;

  g_array_remove_index (ids, from);
  g_array_insert_val (ids, (guint) to, question_id);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  /* Translators: an audit entry, "csat to position 3" */
  detail = g_strdup_printf ("%s → %" G_GINT64_FORMAT, question->code, to + 1);
  if (!renumber_questions (workspace, ids, error) ||
      !pl_workspace_audit (workspace, "move", "question", question_id, detail, error) ||
      !pl_workspace_commit (workspace, error))
    {
      pl_workspace_rollback (workspace);
      return FALSE;
    }

  pl_workspace_emit_changed (workspace, "surveys");
  return TRUE;
}

/* -------------------------------------------------------------------- */
/* PlResponseModel                                                       */
/* -------------------------------------------------------------------- */

#define MODEL_CACHED_PAGES 8

typedef struct
{
  gint64 first_id;
  gint64 last_id;
} PageBounds;

typedef struct
{
  guint page;
  GPtrArray *items;
} CachedPage;

struct _PlResponseModel
{
  GObject parent_instance;

  PlWorkspace *workspace;
  gint64 survey_id;
  gint64 channel_id;
  gint64 colleague_id;
  char *from;
  char *to;

  guint n_items;
  GHashTable *bounds;           /* page → PageBounds */
  GQueue cache;                 /* CachedPage, last used first */
  GHashTable *questions;        /* survey id → GPtrArray of PlQuestion */
  guint pages_read;
};

static void pl_response_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlResponseModel, pl_response_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pl_response_model_list_model_init))

static void
cached_page_free (gpointer data)
{
  CachedPage *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

static void
model_forget (PlResponseModel *self)
{
  g_queue_clear_full (&self->cache, cached_page_free);
  g_hash_table_remove_all (self->bounds);
  g_hash_table_remove_all (self->questions);
}

/* The filter as SQL conditions on "r". @scan: the responses are walked by
 * id, so the survey index must not be used (see pl_response_list_recent). */
static char *
model_where (gint64      survey_id,
             const char *from,
             const char *to,
             gint64      channel_id,
             gint64      colleague_id,
             gboolean    scan)
{
  GString *where = g_string_new (" WHERE r.trashed_at IS NULL");

  if (survey_id > 0)
    g_string_append (where, scan ? " AND +r.survey_id = ?1" : " AND r.survey_id = ?1");
  if (from != NULL)
    g_string_append (where, " AND r.responded_on >= ?2");
  if (to != NULL)
    g_string_append (where, " AND r.responded_on <= ?3");
  if (channel_id > 0)
    g_string_append (where, " AND r.channel_id = ?4");
  if (colleague_id > 0)
    g_string_append (where, " AND r.colleague_id = ?5");

  return g_string_free (where, FALSE);
}

static void
model_bind (sqlite3_stmt *stmt,
            gint64        survey_id,
            const char   *from,
            const char   *to,
            gint64        channel_id,
            gint64        colleague_id)
{
  /* Parameters the statement does not use are refused harmlessly. */
  if (survey_id > 0)
    sqlite3_bind_int64 (stmt, 1, survey_id);
  if (from != NULL)
    sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
  if (to != NULL)
    sqlite3_bind_text (stmt, 3, to, -1, SQLITE_TRANSIENT);
  if (channel_id > 0)
    sqlite3_bind_int64 (stmt, 4, channel_id);
  if (colleague_id > 0)
    sqlite3_bind_int64 (stmt, 5, colleague_id);
}

static sqlite3_stmt *
model_prepare (PlResponseModel  *self,
               const char       *select,
               const char       *tail,
               GError          **error)
{
  g_autofree char *where = model_where (self->survey_id, self->from, self->to,
                                        self->channel_id, self->colleague_id, TRUE);
  g_autofree char *sql = g_strconcat (select, where, tail, NULL);
  sqlite3_stmt *stmt = pl_workspace_prepare (self->workspace, sql, error);

  if (stmt != NULL)
    model_bind (stmt, self->survey_id, self->from, self->to, self->channel_id, self->colleague_id);
  return stmt;
}

/* The id at @offset rows from @anchor, going down (newer to older) from
 * below @anchor or up from above it. 0 when there is none. */
static gint64
model_find_id (PlResponseModel *self,
               gboolean         down,
               gint64           anchor,
               guint            offset)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = model_prepare (self, "SELECT r.id FROM responses r",
                        down ? " AND r.id < ?6 ORDER BY r.id DESC LIMIT 1 OFFSET ?7"
                             : " AND r.id > ?6 ORDER BY r.id ASC LIMIT 1 OFFSET ?7",
                        &error);
  if (stmt == NULL)
    {
      g_warning ("Could not find a response: %s", error->message);
      return 0;
    }
  sqlite3_bind_int64 (stmt, 6, anchor);
  sqlite3_bind_int64 (stmt, 7, offset);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static GPtrArray *
model_questions (PlResponseModel *self,
                 gint64           survey_id)
{
  GPtrArray *questions = g_hash_table_lookup (self->questions, &survey_id);

  if (questions == NULL)
    {
      questions = load_questions (self->workspace, survey_id, NULL);
      if (questions == NULL)
        questions = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->questions, g_memdup2 (&survey_id, sizeof survey_id), questions);
    }

  return questions;
}

/* Reads page @page: by keyset from a neighbour whose ends are known, or
 * from the nearest known row found by an OFFSET on ids alone. */
static GPtrArray *
model_read_page (PlResponseModel *self,
                 guint            page)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) answers = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ids = NULL;
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint start = page * PL_RESPONSE_MODEL_PAGE_SIZE;
  guint size = MIN (PL_RESPONSE_MODEL_PAGE_SIZE, self->n_items - start);
  guint last_page = (self->n_items - 1) / PL_RESPONSE_MODEL_PAGE_SIZE;
  PageBounds *known = g_hash_table_lookup (self->bounds, GUINT_TO_POINTER (page));
  PageBounds *before = page > 0 ? g_hash_table_lookup (self->bounds, GUINT_TO_POINTER (page - 1)) : NULL;
  PageBounds *after = g_hash_table_lookup (self->bounds, GUINT_TO_POINTER (page + 1));
  gboolean down = TRUE;
  gboolean inclusive = FALSE;
  gint64 anchor = G_MAXINT64;
  int rc;

  if (known != NULL)
    anchor = known->first_id, inclusive = TRUE;
  else if (before != NULL)
    anchor = before->last_id;
  else if (page == 0)
    anchor = G_MAXINT64;
  else if (after != NULL)
    anchor = after->first_id, down = FALSE;
  else if (page == last_page)
    anchor = 0, down = FALSE;
  else
    {
      /* Jumped: the nearest known row, the first or the last one. */
      GHashTableIter iter;
      gpointer key, value;
      guint best = start;                        /* from the top */
      gboolean best_down = TRUE;
      gint64 best_anchor = G_MAXINT64;

      if (self->n_items - 1 - start < best)      /* from the bottom */
        best = self->n_items - 1 - start, best_down = FALSE, best_anchor = 0;

      g_hash_table_iter_init (&iter, self->bounds);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint other = GPOINTER_TO_UINT (key);
          PageBounds *b = value;

          if (other < page && start - (other + 1) * PL_RESPONSE_MODEL_PAGE_SIZE < best)
            best = start - (other + 1) * PL_RESPONSE_MODEL_PAGE_SIZE, best_down = TRUE, best_anchor = b->last_id;
          else if (other > page && other * PL_RESPONSE_MODEL_PAGE_SIZE - 1 - start < best)
            best = other * PL_RESPONSE_MODEL_PAGE_SIZE - 1 - start, best_down = FALSE, best_anchor = b->first_id;
        }

      anchor = model_find_id (self, best_down, best_anchor, best);
      inclusive = TRUE;
      if (anchor == 0)
        return items;
    }

  if (down)
    stmt = model_prepare (self, "SELECT " RESPONSE_COLUMNS RESPONSE_FROM,
                          inclusive ? " AND r.id <= ?6 ORDER BY r.id DESC LIMIT ?7"
                                    : " AND r.id < ?6 ORDER BY r.id DESC LIMIT ?7",
                          &error);
  else
    stmt = model_prepare (self, "SELECT " RESPONSE_COLUMNS RESPONSE_FROM,
                          " AND r.id > ?6 ORDER BY r.id ASC LIMIT ?7", &error);
  if (stmt == NULL)
    {
      g_warning ("Could not read responses: %s", error->message);
      return items;
    }
  sqlite3_bind_int64 (stmt, 6, anchor);
  sqlite3_bind_int64 (stmt, 7, size);

  self->pages_read++;
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlResponse *response = response_from_row (stmt);

      response_set_questions (response, model_questions (self, response->survey_id));
      g_ptr_array_add (items, response);
      g_hash_table_insert (by_id, &response->id, response);
    }
  if (rc != SQLITE_DONE)
    g_warning ("Could not read responses: %s", sqlite3_errmsg (pl_workspace_get_db (self->workspace)));

  if (!down)
    {
      /* Read upwards: newest first like the rest. */
      for (guint i = 0; i < items->len / 2; i++)
        {
          gpointer tmp = items->pdata[i];

          items->pdata[i] = items->pdata[items->len - 1 - i];
          items->pdata[items->len - 1 - i] = tmp;
        }
    }

  if (items->len == 0)
    return items;

  known = g_new (PageBounds, 1);
  known->first_id = ((PlResponse *) g_ptr_array_index (items, 0))->id;
  known->last_id = ((PlResponse *) g_ptr_array_index (items, items->len - 1))->id;
  g_hash_table_insert (self->bounds, GUINT_TO_POINTER (page), known);

  ids = g_string_new ("[");
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            ((PlResponse *) g_ptr_array_index (items, i))->id);
  g_string_append_c (ids, ']');

  answers = pl_workspace_prepare (self->workspace,
                                  "SELECT response_id, question_id, value_num, value_text FROM answers"
                                  " WHERE response_id IN (SELECT value FROM json_each (?))",
                                  &error);
  if (answers != NULL)
    {
      sqlite3_bind_text (answers, 1, ids->str, -1, SQLITE_STATIC);
      load_answers (self->workspace, answers, by_id, &error);
    }
  if (error != NULL)
    g_warning ("Could not read answers: %s", error->message);

  return items;
}

static GType
pl_response_model_get_item_type (GListModel *model)
{
  return PL_TYPE_RESPONSE;
}

static guint
pl_response_model_get_n_items (GListModel *model)
{
  return PL_RESPONSE_MODEL (model)->n_items;
}

static gpointer
pl_response_model_get_item (GListModel *model,
                            guint       position)
{
  PlResponseModel *self = PL_RESPONSE_MODEL (model);
  guint page = position / PL_RESPONSE_MODEL_PAGE_SIZE;
  guint index = position % PL_RESPONSE_MODEL_PAGE_SIZE;
  CachedPage *cached = NULL;

  if (position >= self->n_items)
    return NULL;

  for (GList *l = self->cache.head; l != NULL; l = l->next)
    {
      CachedPage *c = l->data;

      if (c->page == page)
        {
          cached = c;
          if (l != self->cache.head)
            {
              g_queue_unlink (&self->cache, l);
              g_queue_push_head_link (&self->cache, l);
            }
          break;
        }
    }

  if (cached == NULL)
    {
      cached = g_new (CachedPage, 1);
      cached->page = page;
      cached->items = model_read_page (self, page);
      g_queue_push_head (&self->cache, cached);
      while (self->cache.length > MODEL_CACHED_PAGES)
        cached_page_free (g_queue_pop_tail (&self->cache));
    }

  if (index >= cached->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (cached->items, index));
}

static void
pl_response_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pl_response_model_get_item_type;
  iface->get_n_items = pl_response_model_get_n_items;
  iface->get_item = pl_response_model_get_item;
}

static void
pl_response_model_finalize (GObject *object)
{
  PlResponseModel *self = (PlResponseModel *) object;

  model_forget (self);
  g_clear_pointer (&self->bounds, g_hash_table_unref);
  g_clear_pointer (&self->questions, g_hash_table_unref);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_response_model_parent_class)->finalize (object);
}

static void
pl_response_model_class_init (PlResponseModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pl_response_model_finalize;
}

static void
pl_response_model_init (PlResponseModel *self)
{
  self->bounds = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->questions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->cache);
}

/* The ISO day of @text, or NULL with the reason. */
static gboolean
check_filter_day (const char  *text,
                  char       **out,
                  GError     **error)
{
  GDate date;

  *out = NULL;
  if (text == NULL || *text == '\0')
    return TRUE;

  if (strlen (text) != 10 || !pl_date_parse_iso (text, &date))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is not a date; type it as 2026-09-27."), text);
      return FALSE;
    }

  *out = pl_date_to_iso (&date);
  return TRUE;
}

static gboolean
model_count (PlResponseModel        *self,
             const PlResponseFilter *filter,
             const char             *from,
             const char             *to,
             gint64                 *count,
             GError                **error)
{
  g_autofree char *where = model_where (filter->survey_id, from, to, filter->channel_id,
                                        filter->colleague_id, FALSE);
  g_autofree char *sql = g_strconcat ("SELECT count(*) FROM responses r", where, NULL);
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (self->workspace, sql, error);

  if (stmt == NULL)
    return FALSE;
  model_bind (stmt, filter->survey_id, from, to, filter->channel_id, filter->colleague_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (self->workspace, error, _("The responses could not be counted"));
      return FALSE;
    }

  *count = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
pl_response_model_set_filter (PlResponseModel         *self,
                              const PlResponseFilter  *filter,
                              GError                 **error)
{
  static const PlResponseFilter everything = { 0 };
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gint64 count = 0;
  guint removed;

  g_return_val_if_fail (PL_IS_RESPONSE_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (filter == NULL)
    filter = &everything;

  if (!check_filter_day (filter->from, &from, error) || !check_filter_day (filter->to, &to, error))
    return FALSE;

  if (from != NULL && to != NULL && strcmp (from, to) > 0)
    {
      g_autofree char *shown_from = pl_date_format_short (from);
      g_autofree char *shown_to = pl_date_format_short (to);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The period starts on %s, after it ends on %s; swap the dates."),
                   shown_from, shown_to);
      return FALSE;
    }

  if (!model_count (self, filter, from, to, &count, error))
    return FALSE;

  model_forget (self);
  self->survey_id = filter->survey_id;
  self->channel_id = filter->channel_id;
  self->colleague_id = filter->colleague_id;
  g_free (self->from);
  self->from = g_steal_pointer (&from);
  g_free (self->to);
  self->to = g_steal_pointer (&to);

  removed = self->n_items;
  self->n_items = (guint) MIN (count, G_MAXUINT);
  if (removed > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_items);
  return TRUE;
}

gboolean
pl_response_model_reload (PlResponseModel  *self,
                          GError          **error)
{
  PlResponseFilter filter;

  g_return_val_if_fail (PL_IS_RESPONSE_MODEL (self), FALSE);

  filter.survey_id = self->survey_id;
  filter.from = self->from;
  filter.to = self->to;
  filter.channel_id = self->channel_id;
  filter.colleague_id = self->colleague_id;

  /* set_filter frees the strings it is given only after copying them. */
  {
    g_autofree char *from = g_strdup (self->from);
    g_autofree char *to = g_strdup (self->to);

    filter.from = from;
    filter.to = to;
    return pl_response_model_set_filter (self, &filter, error);
  }
}

/**
 * pl_response_model_new:
 * @filter: (nullable): which responses; %NULL for all
 *
 * Returns: (transfer full): the model, or %NULL if the filter is not valid
 */
PlResponseModel *
pl_response_model_new (PlWorkspace             *workspace,
                       const PlResponseFilter  *filter,
                       GError                 **error)
{
  g_autoptr(PlResponseModel) self = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PL_TYPE_RESPONSE_MODEL, NULL);
  self->workspace = g_object_ref (workspace);
  if (!pl_response_model_set_filter (self, filter, error))
    return NULL;

  return g_steal_pointer (&self);
}

guint
pl_response_model_get_pages_read (PlResponseModel *self)
{
  g_return_val_if_fail (PL_IS_RESPONSE_MODEL (self), 0);

  return self->pages_read;
}
