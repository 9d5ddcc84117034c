/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pl-error.h"
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

      if (pl_response_get_answer (self, question->id, &value))
        {
          if (!pl_question_check_value (question, value, error))
            return NULL;
        }
      /* Text questions have no numeric answer to require; their words go
       * in the comment. */
      else if (question->required && question->kind != PL_QUESTION_TEXT)
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
        continue;

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

      /* value_num is NULL for text answers, which this form does not keep. */
      if (response == NULL || sqlite3_column_type (stmt, 2) == SQLITE_NULL)
        continue;

      pl_response_set_answer (response,
                              sqlite3_column_int64 (stmt, 1),
                              sqlite3_column_double (stmt, 2));
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
                                  "SELECT response_id, question_id, value_num"
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
                                      "SELECT response_id, question_id, value_num FROM answers"
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
