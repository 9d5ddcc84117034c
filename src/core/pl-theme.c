/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pl-error.h"
#include "pl-theme.h"
#include "pl-util.h"

#define MAX_NAME_LENGTH 80
/* U+203A SINGLE RIGHT-POINTING ANGLE QUOTATION MARK, between a path's names. */
#define PATH_SEPARATOR " \xe2\x80\xba "

/* Matching text
 *
 * Both a rule's pattern and a comment are folded the same way (case
 * folded, decomposed, combining marks dropped) and split into words, runs
 * of letters and digits; a pattern is then a list of terms, each a run of
 * words that must appear one after the other. */

typedef struct
{
  char     *word;
  gboolean  prefix;           /* the pattern's word ended with * */
} Word;

static void
word_clear (gpointer data)
{
  Word *word = data;

  g_clear_pointer (&word->word, g_free);
}

static GArray *
words_new (void)
{
  GArray *words = g_array_new (FALSE, TRUE, sizeof (Word));

  g_array_set_clear_func (words, word_clear);
  return words;
}

static char *
fold_text (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  folded = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_steal_pointer (&folded);

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Splits folded text into @words. With @stars (a pattern), a * right
 * after a word makes that word a prefix; anywhere else it is an error.
 * Without, a * separates words like any other punctuation. */
static gboolean
split_words (const char  *folded,
             gboolean     stars,
             GArray      *words,
             GError     **error)
{
  g_autoptr(GString) current = g_string_new (NULL);
  const char *p = folded;

  for (;;)
    {
      gunichar c = *p != '\0' ? g_utf8_get_char (p) : 0;
      gboolean prefix = FALSE;

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (current, c);
          p = g_utf8_next_char (p);
          continue;
        }

      if (stars && c == '*')
        {
          const char *next = g_utf8_next_char (p);

          if (current->len == 0 ||
              (*next != '\0' && g_unichar_isalnum (g_utf8_get_char (next))))
            {
              g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                                   _("A * can only end a word, as in “wait*”, which "
                                     "matches “wait”, “waited” and “waiting”."));
              return FALSE;
            }
          if (g_utf8_strlen (current->str, -1) < 2)
            {
              g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Put at least two letters before a *: “%s*” would match "
                             "far too many words."),
                           current->str);
              return FALSE;
            }
          prefix = TRUE;
        }

      if (current->len > 0)
        {
          Word word = { g_strdup (current->str), prefix };

          g_array_append_val (words, word);
          g_string_truncate (current, 0);
        }

      if (c == 0)
        break;
      p = g_utf8_next_char (p);
    }

  return TRUE;
}

/* A comment's words. */
static GArray *
text_words (const char *text)
{
  g_autofree char *folded = fold_text (text);
  GArray *words = words_new ();

  split_words (folded, FALSE, words, NULL);
  return words;
}

typedef struct
{
  GPtrArray *terms;           /* of GArray of Word, each a run of words */
} Pattern;

static void
pattern_free (Pattern *pattern)
{
  if (pattern == NULL)
    return;

  g_ptr_array_unref (pattern->terms);
  g_free (pattern);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pattern, pattern_free)

static gboolean
is_quote (gunichar c)
{
  /* " “ ” „ « » */
  return c == 0x22 || c == 0x201C || c == 0x201D || c == 0x201E || c == 0xAB || c == 0xBB;
}

static gboolean
add_term (Pattern     *pattern,
          GString     *segment,
          GError     **error)
{
  g_autofree char *folded = NULL;
  g_autoptr(GArray) words = NULL;

  if (segment->len == 0)
    return TRUE;

  folded = fold_text (segment->str);
  g_string_truncate (segment, 0);

  words = words_new ();
  if (!split_words (folded, TRUE, words, error))
    return FALSE;

  if (words->len > 0)
    g_ptr_array_add (pattern->terms, g_steal_pointer (&words));

  return TRUE;
}

/* Terms are separated by white space outside quotes; a quoted phrase is
 * one term, and so is an unquoted "in-home" (its words must be adjacent).
 * A quote left open runs to the end. */
static Pattern *
pattern_compile (const char  *text,
                 GError     **error)
{
  g_autoptr(Pattern) pattern = g_new0 (Pattern, 1);
  g_autoptr(GString) segment = g_string_new (NULL);
  g_autofree char *valid = NULL;
  gboolean quoted = FALSE;

  pattern->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_quote (c))
        {
          if (!add_term (pattern, segment, error))
            return NULL;
          quoted = !quoted;
        }
      else if (!quoted && g_unichar_isspace (c))
        {
          if (!add_term (pattern, segment, error))
            return NULL;
        }
      else
        g_string_append_unichar (segment, c);
    }

  if (!add_term (pattern, segment, error))
    return NULL;

  if (pattern->terms->len == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Write at least one word for the rule to look for, for "
                             "example “wait*” or “on hold” in quotes."));
      return NULL;
    }

  return g_steal_pointer (&pattern);
}

static gboolean
word_matches (const Word *want,
              const Word *word)
{
  if (want->prefix)
    return g_str_has_prefix (word->word, want->word);

  return strcmp (word->word, want->word) == 0;
}

static gboolean
term_matches (GArray *term,
              GArray *words)
{
  if (term->len > words->len)
    return FALSE;

  for (guint i = 0; i + term->len <= words->len; i++)
    {
      guint j;

      for (j = 0; j < term->len; j++)
        if (!word_matches (&g_array_index (term, Word, j), &g_array_index (words, Word, i + j)))
          break;

      if (j == term->len)
        return TRUE;
    }

  return FALSE;
}

static gboolean
pattern_matches_words (Pattern *pattern,
                       GArray  *words)
{
  for (guint i = 0; i < pattern->terms->len; i++)
    if (!term_matches (g_ptr_array_index (pattern->terms, i), words))
      return FALSE;

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Two patterns that match the same comments have the same canonical form:
 * terms sorted, words folded. */
static char *
pattern_canonical (Pattern *pattern)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < pattern->terms->len; i++)
    {
      GArray *term = g_ptr_array_index (pattern->terms, i);
      GString *text = g_string_new (NULL);

      for (guint j = 0; j < term->len; j++)
        {
          const Word *word = &g_array_index (term, Word, j);

          if (j > 0)
            g_string_append_c (text, ' ');
          g_string_append (text, word->word);
          if (word->prefix)
            g_string_append_c (text, '*');
        }
      g_ptr_array_add (terms, g_string_free (text, FALSE));
    }

  g_ptr_array_sort (terms, compare_strings);
  for (guint i = 0; i < terms->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, g_ptr_array_index (terms, i));
    }

  return g_string_free (out, FALSE);
}

/**
 * pl_theme_pattern_check:
 *
 * Returns: %TRUE if @pattern can be a rule, else %FALSE with a
 *   %PL_ERROR_INVALID error that says what to change
 */
gboolean
pl_theme_pattern_check (const char  *pattern,
                        GError     **error)
{
  g_autoptr(Pattern) compiled = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  compiled = pattern_compile (pattern, error);
  return compiled != NULL;
}

/**
 * pl_theme_pattern_matches:
 *
 * Returns: whether @text matches @pattern by the rule in pl-theme.h; an
 *   invalid pattern matches nothing
 */
gboolean
pl_theme_pattern_matches (const char *pattern,
                          const char *text)
{
  g_autoptr(Pattern) compiled = pattern_compile (pattern, NULL);
  g_autoptr(GArray) words = NULL;

  if (compiled == NULL || text == NULL)
    return FALSE;

  words = text_words (text);
  return pattern_matches_words (compiled, words);
}

/* Every piece of @search (split at white space, folded) is somewhere in
 * the folded text. */
static gboolean
search_matches (char       **pieces,
                const char  *folded)
{
  for (guint i = 0; pieces[i] != NULL; i++)
    if (pieces[i][0] != '\0' && strstr (folded, pieces[i]) == NULL)
      return FALSE;

  return TRUE;
}

/* Enums */

G_DEFINE_ENUM_TYPE (PlThemeSentiment, pl_theme_sentiment,
  G_DEFINE_ENUM_VALUE (PL_THEME_SENTIMENT_NONE, "none"),
  G_DEFINE_ENUM_VALUE (PL_THEME_SENTIMENT_POSITIVE, "positive"),
  G_DEFINE_ENUM_VALUE (PL_THEME_SENTIMENT_NEGATIVE, "negative"),
  G_DEFINE_ENUM_VALUE (PL_THEME_SENTIMENT_NEUTRAL, "neutral"))

G_DEFINE_ENUM_TYPE (PlCommentEntity, pl_comment_entity,
  G_DEFINE_ENUM_VALUE (PL_COMMENT_ENTITY_RESPONSE, "response"),
  G_DEFINE_ENUM_VALUE (PL_COMMENT_ENTITY_COMPLAINT, "complaint"),
  G_DEFINE_ENUM_VALUE (PL_COMMENT_ENTITY_OBSERVATION, "observation"),
  G_DEFINE_ENUM_VALUE (PL_COMMENT_ENTITY_INFORMAL, "informal_feedback"))

/* The schema's text, NULL for none. */
static const char * const sentiment_names[] = {
  [PL_THEME_SENTIMENT_NONE] = NULL,
  [PL_THEME_SENTIMENT_POSITIVE] = "positive",
  [PL_THEME_SENTIMENT_NEGATIVE] = "negative",
  [PL_THEME_SENTIMENT_NEUTRAL] = "neutral",
};

static const char * const sentiment_labels[] = {
  [PL_THEME_SENTIMENT_NONE] = N_("Not set"),
  [PL_THEME_SENTIMENT_POSITIVE] = N_("Positive"),
  [PL_THEME_SENTIMENT_NEGATIVE] = N_("Negative"),
  [PL_THEME_SENTIMENT_NEUTRAL] = N_("Neutral"),
};

static const char * const entity_names[] = {
  [PL_COMMENT_ENTITY_RESPONSE] = "response",
  [PL_COMMENT_ENTITY_COMPLAINT] = "complaint",
  [PL_COMMENT_ENTITY_OBSERVATION] = "observation",
  [PL_COMMENT_ENTITY_INFORMAL] = "informal_feedback",
};

const char *
pl_theme_sentiment_to_label (PlThemeSentiment sentiment)
{
  g_return_val_if_fail (sentiment <= PL_THEME_SENTIMENT_NEUTRAL, NULL);
  return _(sentiment_labels[sentiment]);
}

static PlThemeSentiment
sentiment_from_string (const char *text)
{
  for (guint i = 1; i < G_N_ELEMENTS (sentiment_names); i++)
    if (g_strcmp0 (sentiment_names[i], text) == 0)
      return (PlThemeSentiment) i;

  return PL_THEME_SENTIMENT_NONE;
}

const char *
pl_comment_entity_to_string (PlCommentEntity entity)
{
  g_return_val_if_fail (entity <= PL_COMMENT_ENTITY_INFORMAL, NULL);
  return entity_names[entity];
}

/* PlTheme */

struct _PlTheme
{
  GObject parent_instance;

  gint64 id;
  gint64 parent_id;
  char *name;
  char *description;
  PlThemeSentiment sentiment;
  int position;
  gboolean archived;
  guint depth;
  char *path;
  guint n_rules;
  gint64 n_comments;
};

G_DEFINE_FINAL_TYPE (PlTheme, pl_theme, G_TYPE_OBJECT)

enum {
  THEME_PROP_0,
  THEME_PROP_ID,
  THEME_PROP_PARENT_ID,
  THEME_PROP_NAME,
  THEME_PROP_DESCRIPTION,
  THEME_PROP_SENTIMENT,
  THEME_PROP_POSITION,
  THEME_PROP_ARCHIVED,
  THEME_PROP_DEPTH,
  THEME_PROP_PATH,
  THEME_PROP_N_RULES,
  THEME_PROP_N_COMMENTS,
  THEME_N_PROPS
};

static GParamSpec *theme_properties[THEME_N_PROPS];

static void
pl_theme_finalize (GObject *object)
{
  PlTheme *self = (PlTheme *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (pl_theme_parent_class)->finalize (object);
}

static void
pl_theme_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PlTheme *self = PL_THEME (object);

  switch (prop_id)
    {
    case THEME_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case THEME_PROP_PARENT_ID:
      g_value_set_int64 (value, self->parent_id);
      break;
    case THEME_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case THEME_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case THEME_PROP_SENTIMENT:
      g_value_set_enum (value, self->sentiment);
      break;
    case THEME_PROP_POSITION:
      g_value_set_int (value, self->position);
      break;
    case THEME_PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;
    case THEME_PROP_DEPTH:
      g_value_set_uint (value, self->depth);
      break;
    case THEME_PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case THEME_PROP_N_RULES:
      g_value_set_uint (value, self->n_rules);
      break;
    case THEME_PROP_N_COMMENTS:
      g_value_set_int64 (value, self->n_comments);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_theme_class_init (PlThemeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pl_theme_finalize;
  object_class->get_property = pl_theme_get_property;

  theme_properties[THEME_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  theme_properties[THEME_PROP_PARENT_ID] =
    g_param_spec_int64 ("parent-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  theme_properties[THEME_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "", ro);
  theme_properties[THEME_PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, "", ro);
  theme_properties[THEME_PROP_SENTIMENT] =
    g_param_spec_enum ("sentiment", NULL, NULL,
                       PL_TYPE_THEME_SENTIMENT, PL_THEME_SENTIMENT_NONE, ro);
  theme_properties[THEME_PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL, G_MININT, G_MAXINT, 0, ro);
  theme_properties[THEME_PROP_ARCHIVED] =
    g_param_spec_boolean ("archived", NULL, NULL, FALSE, ro);
  theme_properties[THEME_PROP_DEPTH] =
    g_param_spec_uint ("depth", NULL, NULL, 0, G_MAXUINT, 0, ro);
  theme_properties[THEME_PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, "", ro);
  theme_properties[THEME_PROP_N_RULES] =
    g_param_spec_uint ("n-rules", NULL, NULL, 0, G_MAXUINT, 0, ro);
  theme_properties[THEME_PROP_N_COMMENTS] =
    g_param_spec_int64 ("n-comments", NULL, NULL, 0, G_MAXINT64, 0, ro);

  g_object_class_install_properties (object_class, THEME_N_PROPS, theme_properties);
}

static void
pl_theme_init (PlTheme *self)
{
  self->name = g_strdup ("");
  self->description = g_strdup ("");
  self->path = g_strdup ("");
}

gint64
pl_theme_get_id (PlTheme *self)
{
  g_return_val_if_fail (PL_IS_THEME (self), 0);
  return self->id;
}

gint64
pl_theme_get_parent_id (PlTheme *self)
{
  g_return_val_if_fail (PL_IS_THEME (self), 0);
  return self->parent_id;
}

const char *
pl_theme_get_name (PlTheme *self)
{
  g_return_val_if_fail (PL_IS_THEME (self), NULL);
  return self->name;
}

const char *
pl_theme_get_description (PlTheme *self)
{
  g_return_val_if_fail (PL_IS_THEME (self), NULL);
  return self->description;
}

PlThemeSentiment
pl_theme_get_sentiment (PlTheme *self)
{
  g_return_val_if_fail (PL_IS_THEME (self), PL_THEME_SENTIMENT_NONE);
  return self->sentiment;
}

int
pl_theme_get_position (PlTheme *self)
{
  g_return_val_if_fail (PL_IS_THEME (self), 0);
  return self->position;
}

gboolean
pl_theme_get_archived (PlTheme *self)
{
  g_return_val_if_fail (PL_IS_THEME (self), FALSE);
  return self->archived;
}

guint
pl_theme_get_depth (PlTheme *self)
{
  g_return_val_if_fail (PL_IS_THEME (self), 0);
  return self->depth;
}

const char *
pl_theme_get_path (PlTheme *self)
{
  g_return_val_if_fail (PL_IS_THEME (self), NULL);
  return self->path;
}

guint
pl_theme_get_n_rules (PlTheme *self)
{
  g_return_val_if_fail (PL_IS_THEME (self), 0);
  return self->n_rules;
}

gint64
pl_theme_get_n_comments (PlTheme *self)
{
  g_return_val_if_fail (PL_IS_THEME (self), 0);
  return self->n_comments;
}

/* PlThemeRule */

struct _PlThemeRule
{
  GObject parent_instance;

  gint64 id;
  gint64 theme_id;
  char *pattern;
};

G_DEFINE_FINAL_TYPE (PlThemeRule, pl_theme_rule, G_TYPE_OBJECT)

enum {
  RULE_PROP_0,
  RULE_PROP_ID,
  RULE_PROP_THEME_ID,
  RULE_PROP_PATTERN,
  RULE_N_PROPS
};

static GParamSpec *rule_properties[RULE_N_PROPS];

static void
pl_theme_rule_finalize (GObject *object)
{
  PlThemeRule *self = (PlThemeRule *) object;

  g_clear_pointer (&self->pattern, g_free);

  G_OBJECT_CLASS (pl_theme_rule_parent_class)->finalize (object);
}

static void
pl_theme_rule_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlThemeRule *self = PL_THEME_RULE (object);

  switch (prop_id)
    {
    case RULE_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case RULE_PROP_THEME_ID:
      g_value_set_int64 (value, self->theme_id);
      break;
    case RULE_PROP_PATTERN:
      g_value_set_string (value, self->pattern);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_theme_rule_class_init (PlThemeRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pl_theme_rule_finalize;
  object_class->get_property = pl_theme_rule_get_property;

  rule_properties[RULE_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  rule_properties[RULE_PROP_THEME_ID] =
    g_param_spec_int64 ("theme-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  rule_properties[RULE_PROP_PATTERN] =
    g_param_spec_string ("pattern", NULL, NULL, "", ro);

  g_object_class_install_properties (object_class, RULE_N_PROPS, rule_properties);
}

static void
pl_theme_rule_init (PlThemeRule *self)
{
  self->pattern = g_strdup ("");
}

static PlThemeRule *
rule_new (gint64      id,
          gint64      theme_id,
          const char *pattern)
{
  PlThemeRule *self = g_object_new (PL_TYPE_THEME_RULE, NULL);

  self->id = id;
  self->theme_id = theme_id;
  pl_str_replace (&self->pattern, pattern);
  return self;
}

static PlThemeRule *
rule_from_row (sqlite3_stmt *stmt)
{
  return rule_new (sqlite3_column_int64 (stmt, 0),
                   sqlite3_column_int64 (stmt, 1),
                   pl_column_text (stmt, 2));
}

gint64
pl_theme_rule_get_id (PlThemeRule *self)
{
  g_return_val_if_fail (PL_IS_THEME_RULE (self), 0);
  return self->id;
}

gint64
pl_theme_rule_get_theme_id (PlThemeRule *self)
{
  g_return_val_if_fail (PL_IS_THEME_RULE (self), 0);
  return self->theme_id;
}

const char *
pl_theme_rule_get_pattern (PlThemeRule *self)
{
  g_return_val_if_fail (PL_IS_THEME_RULE (self), NULL);
  return self->pattern;
}

/* PlComment */

typedef struct
{
  gint64 theme_id;
  char *name;
  PlCommentCodeOrigin origin;
} Code;

static void
code_clear (gpointer data)
{
  Code *code = data;

  g_clear_pointer (&code->name, g_free);
}

struct _PlComment
{
  GObject parent_instance;

  PlCommentEntity entity;
  gint64 entity_id;
  gint64 question_id;
  char *text;
  char *day;
  gint64 channel_id;
  char *channel;
  gint64 colleague_id;
  char *colleague;
  GArray *codes;              /* of Code, by theme name */
  char *themes;
};

G_DEFINE_FINAL_TYPE (PlComment, pl_comment, G_TYPE_OBJECT)

enum {
  COMMENT_PROP_0,
  COMMENT_PROP_ENTITY,
  COMMENT_PROP_ENTITY_ID,
  COMMENT_PROP_QUESTION_ID,
  COMMENT_PROP_TEXT,
  COMMENT_PROP_DAY,
  COMMENT_PROP_CHANNEL_ID,
  COMMENT_PROP_CHANNEL,
  COMMENT_PROP_COLLEAGUE_ID,
  COMMENT_PROP_COLLEAGUE,
  COMMENT_PROP_N_CODES,
  COMMENT_PROP_THEMES,
  COMMENT_N_PROPS
};

static GParamSpec *comment_properties[COMMENT_N_PROPS];

static void
pl_comment_finalize (GObject *object)
{
  PlComment *self = (PlComment *) object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->day, g_free);
  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->colleague, g_free);
  g_clear_pointer (&self->codes, g_array_unref);
  g_clear_pointer (&self->themes, g_free);

  G_OBJECT_CLASS (pl_comment_parent_class)->finalize (object);
}

static void
pl_comment_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PlComment *self = PL_COMMENT (object);

  switch (prop_id)
    {
    case COMMENT_PROP_ENTITY:
      g_value_set_enum (value, self->entity);
      break;
    case COMMENT_PROP_ENTITY_ID:
      g_value_set_int64 (value, self->entity_id);
      break;
    case COMMENT_PROP_QUESTION_ID:
      g_value_set_int64 (value, self->question_id);
      break;
    case COMMENT_PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case COMMENT_PROP_DAY:
      g_value_set_string (value, self->day);
      break;
    case COMMENT_PROP_CHANNEL_ID:
      g_value_set_int64 (value, self->channel_id);
      break;
    case COMMENT_PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;
    case COMMENT_PROP_COLLEAGUE_ID:
      g_value_set_int64 (value, self->colleague_id);
      break;
    case COMMENT_PROP_COLLEAGUE:
      g_value_set_string (value, self->colleague);
      break;
    case COMMENT_PROP_N_CODES:
      g_value_set_uint (value, self->codes->len);
      break;
    case COMMENT_PROP_THEMES:
      g_value_set_string (value, self->themes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_comment_class_init (PlCommentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  GParamFlags ro_notify = ro | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = pl_comment_finalize;
  object_class->get_property = pl_comment_get_property;

  comment_properties[COMMENT_PROP_ENTITY] =
    g_param_spec_enum ("entity", NULL, NULL,
                       PL_TYPE_COMMENT_ENTITY, PL_COMMENT_ENTITY_RESPONSE, ro);
  comment_properties[COMMENT_PROP_ENTITY_ID] =
    g_param_spec_int64 ("entity-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  comment_properties[COMMENT_PROP_QUESTION_ID] =
    g_param_spec_int64 ("question-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  comment_properties[COMMENT_PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "", ro);
  comment_properties[COMMENT_PROP_DAY] =
    g_param_spec_string ("day", NULL, NULL, "", ro);
  comment_properties[COMMENT_PROP_CHANNEL_ID] =
    g_param_spec_int64 ("channel-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  comment_properties[COMMENT_PROP_CHANNEL] =
    g_param_spec_string ("channel", NULL, NULL, "", ro);
  comment_properties[COMMENT_PROP_COLLEAGUE_ID] =
    g_param_spec_int64 ("colleague-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  comment_properties[COMMENT_PROP_COLLEAGUE] =
    g_param_spec_string ("colleague", NULL, NULL, "", ro);
  comment_properties[COMMENT_PROP_N_CODES] =
    g_param_spec_uint ("n-codes", NULL, NULL, 0, G_MAXUINT, 0, ro_notify);
  comment_properties[COMMENT_PROP_THEMES] =
    g_param_spec_string ("themes", NULL, NULL, "", ro_notify);

  g_object_class_install_properties (object_class, COMMENT_N_PROPS, comment_properties);
}

static void
pl_comment_init (PlComment *self)
{
  self->text = g_strdup ("");
  self->day = g_strdup ("");
  self->channel = g_strdup ("");
  self->colleague = g_strdup ("");
  self->themes = g_strdup ("");
  self->codes = g_array_new (FALSE, TRUE, sizeof (Code));
  g_array_set_clear_func (self->codes, code_clear);
}

PlCommentEntity
pl_comment_get_entity (PlComment *self)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), PL_COMMENT_ENTITY_RESPONSE);
  return self->entity;
}

gint64
pl_comment_get_entity_id (PlComment *self)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), 0);
  return self->entity_id;
}

gint64
pl_comment_get_question_id (PlComment *self)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), 0);
  return self->question_id;
}

const char *
pl_comment_get_text (PlComment *self)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), NULL);
  return self->text;
}

const char *
pl_comment_get_day (PlComment *self)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), NULL);
  return self->day;
}

gint64
pl_comment_get_channel_id (PlComment *self)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), 0);
  return self->channel_id;
}

const char *
pl_comment_get_channel (PlComment *self)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), NULL);
  return self->channel;
}

gint64
pl_comment_get_colleague_id (PlComment *self)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), 0);
  return self->colleague_id;
}

const char *
pl_comment_get_colleague (PlComment *self)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), NULL);
  return self->colleague;
}

guint
pl_comment_get_n_codes (PlComment *self)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), 0);
  return self->codes->len;
}

gint64
pl_comment_get_code_theme_id (PlComment *self,
                              guint      index)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), 0);
  g_return_val_if_fail (index < self->codes->len, 0);
  return g_array_index (self->codes, Code, index).theme_id;
}

const char *
pl_comment_get_code_theme (PlComment *self,
                           guint      index)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), NULL);
  g_return_val_if_fail (index < self->codes->len, NULL);
  return g_array_index (self->codes, Code, index).name;
}

PlCommentCodeOrigin
pl_comment_get_code_origin (PlComment *self,
                            guint      index)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), PL_COMMENT_CODE_MANUAL);
  g_return_val_if_fail (index < self->codes->len, PL_COMMENT_CODE_MANUAL);
  return g_array_index (self->codes, Code, index).origin;
}

gboolean
pl_comment_has_theme (PlComment *self,
                      gint64     theme_id)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), FALSE);

  for (guint i = 0; i < self->codes->len; i++)
    if (g_array_index (self->codes, Code, i).theme_id == theme_id)
      return TRUE;

  return FALSE;
}

const char *
pl_comment_get_themes (PlComment *self)
{
  g_return_val_if_fail (PL_IS_COMMENT (self), NULL);
  return self->themes;
}

/* Writing
 *
 * Each write is its own transaction, or, when the caller already has one
 * open, a savepoint inside it: then the caller commits and announces the
 * change. */

static gboolean
write_begin (PlWorkspace  *workspace,
             gboolean     *nested,
             GError      **error)
{
  *nested = !sqlite3_get_autocommit (pl_workspace_get_db (workspace));

  if (*nested)
    return pl_workspace_exec (workspace, "SAVEPOINT pl_theme_write", error);

  return pl_workspace_begin (workspace, error);
}

static gboolean
write_commit (PlWorkspace  *workspace,
              gboolean      nested,
              GError      **error)
{
  if (nested)
    return pl_workspace_exec (workspace, "RELEASE pl_theme_write", error);

  return pl_workspace_commit (workspace, error);
}

static void
write_rollback (PlWorkspace *workspace,
                gboolean     nested)
{
  if (nested)
    pl_workspace_exec (workspace,
                       "ROLLBACK TO pl_theme_write; RELEASE pl_theme_write",
                       NULL);
  else
    pl_workspace_rollback (workspace);
}

static void
emit_changed (PlWorkspace *workspace,
              gboolean     nested,
              const char  *table)
{
  if (!nested)
    pl_workspace_emit_changed (workspace, table);
}

/* Reads one integer; FALSE with @error set when the query fails. */
static gboolean
query_int64 (PlWorkspace   *workspace,
             sqlite3_stmt  *stmt,
             gint64        *out_value,
             const char    *what,
             GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *out_value = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }

  if (rc == SQLITE_DONE)
    {
      *out_value = 0;
      return TRUE;
    }

  pl_workspace_set_db_error (workspace, error, what);
  return FALSE;
}

/* The codebook */

/* Themes in use: neither they nor any theme above them archived. tree
 * pairs each theme in use with itself and with every theme in use below
 * it, to roll sub-themes up. UNION rather than UNION ALL, so that a cycle
 * written into the file by hand ends the recursion. */
#define LIVE_CTE \
  "live (id, parent_id) AS (" \
  "  SELECT id, parent_id FROM themes WHERE parent_id IS NULL AND archived_at IS NULL" \
  "  UNION SELECT t.id, t.parent_id FROM themes t JOIN live ON t.parent_id = live.id" \
  "   WHERE t.archived_at IS NULL)," \
  "tree (ancestor, id) AS (" \
  "  SELECT id, id FROM live" \
  "  UNION SELECT tree.ancestor, live.id FROM tree JOIN live ON live.parent_id = tree.id)"

/* A code counts while its record is neither excluded nor trashed. */
#define CODE_COUNTS \
  "CASE cc.entity" \
  "  WHEN 'response' THEN EXISTS (SELECT 1 FROM responses r WHERE r.id = cc.entity_id" \
  "                               AND r.excluded = 0 AND r.trashed_at IS NULL)" \
  "  WHEN 'complaint' THEN EXISTS (SELECT 1 FROM complaints c WHERE c.id = cc.entity_id" \
  "                                AND c.excluded = 0 AND c.trashed_at IS NULL)" \
  "  WHEN 'informal_feedback' THEN EXISTS (SELECT 1 FROM informal_feedback i WHERE i.id = cc.entity_id" \
  "                                        AND i.trashed_at IS NULL)" \
  "  ELSE EXISTS (SELECT 1 FROM observations o WHERE o.id = cc.entity_id" \
  "               AND o.excluded = 0 AND o.trashed_at IS NULL)" \
  " END"

static const char theme_list_sql[] =
  "SELECT t.id, coalesce (t.parent_id, 0), t.name, coalesce (t.description, ''), t.sentiment,"
  "       t.position, t.archived_at IS NOT NULL,"
  "       (SELECT COUNT (*) FROM theme_rules r WHERE r.theme_id = t.id),"
  "       coalesce (n.n, 0)"
  "  FROM themes t"
  "  LEFT JOIN (SELECT cc.theme_id, COUNT (*) AS n FROM comment_codes cc"
  "              WHERE " CODE_COUNTS " GROUP BY cc.theme_id) n ON n.theme_id = t.id"
  " ORDER BY t.position, t.name COLLATE NOCASE, t.id";

static PlTheme *
theme_from_row (sqlite3_stmt *stmt)
{
  PlTheme *self = g_object_new (PL_TYPE_THEME, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->parent_id = sqlite3_column_int64 (stmt, 1);
  pl_str_replace (&self->name, pl_column_text (stmt, 2));
  pl_str_replace (&self->description, pl_column_text (stmt, 3));
  self->sentiment = sentiment_from_string ((const char *) sqlite3_column_text (stmt, 4));
  self->position = sqlite3_column_int (stmt, 5);
  self->archived = sqlite3_column_int (stmt, 6) != 0;
  self->n_rules = (guint) sqlite3_column_int64 (stmt, 7);
  self->n_comments = sqlite3_column_int64 (stmt, 8);

  return self;
}

static void
add_subtree (GListStore  *store,
             GHashTable  *children,
             gint64       parent_id,
             guint        depth,
             const char  *parent_path,
             gboolean     include_archived)
{
  GPtrArray *siblings = g_hash_table_lookup (children, &parent_id);

  if (siblings == NULL)
    return;

  for (guint i = 0; i < siblings->len; i++)
    {
      PlTheme *theme = g_ptr_array_index (siblings, i);

      if (theme->archived && !include_archived)
        continue;

      theme->depth = depth;
      g_free (theme->path);
      theme->path = parent_path != NULL
        ? g_strconcat (parent_path, PATH_SEPARATOR, theme->name, NULL)
        : g_strdup (theme->name);

      g_list_store_append (store, theme);
      add_subtree (store, children, theme->id, depth + 1, theme->path, include_archived);
    }
}

/**
 * pl_theme_list:
 *
 * Returns: (transfer full): a #GListModel of #PlTheme in tree order
 */
GListModel *
pl_theme_list (PlWorkspace  *workspace,
               gboolean      include_archived,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) themes = NULL;
  g_autoptr(GHashTable) children = NULL;
  g_autoptr(GListStore) store = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace, theme_list_sql, error);
  if (stmt == NULL)
    return NULL;

  themes = g_ptr_array_new_with_free_func (g_object_unref);
  children = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                    NULL, (GDestroyNotify) g_ptr_array_unref);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlTheme *theme = theme_from_row (stmt);
      GPtrArray *siblings = g_hash_table_lookup (children, &theme->parent_id);

      g_ptr_array_add (themes, theme);
      if (siblings == NULL)
        {
          siblings = g_ptr_array_new ();
          /* The key lives as long as the theme, which outlives the table. */
          g_hash_table_insert (children, &theme->parent_id, siblings);
        }
      g_ptr_array_add (siblings, theme);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The codebook could not be read"));
      return NULL;
    }

  store = g_list_store_new (PL_TYPE_THEME);
  add_subtree (store, children, 0, 0, NULL, include_archived);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

static void
set_theme_not_found (GError **error,
                     gint64   id)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
               _("The theme asked for (number %s) is not in the codebook. It may "
                 "have been removed."),
               number);
}

/**
 * pl_theme_load:
 *
 * Returns: (transfer full): the theme (archived or not) with its depth and
 *   path, or %NULL with %PL_ERROR_NOT_FOUND
 */
PlTheme *
pl_theme_load (PlWorkspace  *workspace,
               gint64        id,
               GError      **error)
{
  g_autoptr(GListModel) themes = NULL;
  guint n;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  themes = pl_theme_list (workspace, TRUE, error);
  if (themes == NULL)
    return NULL;

  n = g_list_model_get_n_items (themes);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlTheme) theme = g_list_model_get_item (themes, i);

      if (theme->id == id)
        return g_steal_pointer (&theme);
    }

  set_theme_not_found (error, id);
  return NULL;
}

/* What the path from @id up to the top says: whether the theme exists,
 * whether it or a theme above it is archived, and whether @look_for is
 * on the path (itself included). */
typedef struct
{
  gboolean found;
  gboolean archived;
  gboolean contains;
  char *name;
} Lineage;

static void
lineage_clear (Lineage *lineage)
{
  g_clear_pointer (&lineage->name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lineage, lineage_clear)

static gboolean
theme_lineage (PlWorkspace  *workspace,
               gint64        id,
               gint64        look_for,
               Lineage      *out,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  memset (out, 0, sizeof *out);

  stmt = pl_workspace_prepare (workspace,
                               "WITH RECURSIVE up (id, parent_id, archived) AS ("
                               "  SELECT id, parent_id, archived_at IS NOT NULL FROM themes WHERE id = ?1"
                               "  UNION SELECT t.id, t.parent_id, t.archived_at IS NOT NULL"
                               "    FROM themes t JOIN up ON t.id = up.parent_id)"
                               "SELECT COUNT (*), coalesce (MAX (archived), 0),"
                               "       coalesce (MAX (id = ?2), 0),"
                               "       (SELECT name FROM themes WHERE id = ?1)"
                               "  FROM up",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, look_for);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The codebook could not be read"));
      return FALSE;
    }

  out->found = sqlite3_column_int64 (stmt, 0) > 0;
  out->archived = sqlite3_column_int (stmt, 1) != 0;
  out->contains = sqlite3_column_int (stmt, 2) != 0;
  out->name = g_strdup (pl_column_text (stmt, 3));
  return TRUE;
}

/* The theme exists and is in use; else an error in the user's words. */
static gboolean
check_theme_in_use (PlWorkspace  *workspace,
                    gint64        id,
                    Lineage      *lineage,
                    GError      **error)
{
  if (!theme_lineage (workspace, id, 0, lineage, error))
    return FALSE;

  if (!lineage->found)
    {
      set_theme_not_found (error, id);
      return FALSE;
    }

  if (lineage->archived)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is archived, or sits under an archived theme. Restore it "
                     "first."),
                   lineage->name);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  gint64 parent_id;
  char *name;
} ThemeRow;

static void
theme_row_clear (ThemeRow *row)
{
  g_clear_pointer (&row->name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ThemeRow, theme_row_clear)

static gboolean
fetch_theme (PlWorkspace  *workspace,
             gint64        id,
             ThemeRow     *out,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT coalesce (parent_id, 0), name FROM themes WHERE id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_theme_not_found (error, id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The codebook could not be read"));
      return FALSE;
    }

  out->parent_id = sqlite3_column_int64 (stmt, 0);
  out->name = g_strdup (pl_column_text (stmt, 1));
  return TRUE;
}

static char *
check_name (const char  *name,
            GError     **error)
{
  g_autofree char *clean = pl_str_stripped (name);
  glong length;

  if (*clean == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the theme a name, for example “Waiting / on hold”."));
      return NULL;
    }

  length = g_utf8_strlen (clean, -1);
  if (length > MAX_NAME_LENGTH)
    {
      g_autofree char *count = g_strdup_printf ("%ld", length);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("A theme’s name can be at most 80 characters long, and this one has "
                     "%s. Put the detail in its description."),
                   count);
      return NULL;
    }

  return g_steal_pointer (&clean);
}

/* No sibling under @parent_id (0: the top level) has the name, whatever
 * the case and accents. */
static gboolean
check_unique_name (PlWorkspace  *workspace,
                   gint64        parent_id,
                   const char   *name,
                   gint64        own_id,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *folded = fold_text (name);
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT name FROM themes"
                               " WHERE coalesce (parent_id, 0) = ?1 AND id <> ?2",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, parent_id);
  sqlite3_bind_int64 (stmt, 2, own_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *other = pl_column_text (stmt, 0);
      g_autofree char *other_folded = fold_text (other);

      if (strcmp (folded, other_folded) == 0)
        {
          if (parent_id == 0)
            g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                         _("There is already a theme called “%s” at the top of the "
                           "codebook. Choose another name, or use that theme."),
                         other);
          else
            g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                         _("There is already a sub-theme called “%s” there. Choose "
                           "another name, or use that theme."),
                         other);
          return FALSE;
        }
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The codebook could not be read"));
      return FALSE;
    }

  return TRUE;
}

/* A theme can only go under a theme in use. */
static gboolean
check_parent (PlWorkspace  *workspace,
              gint64        parent_id,
              gint64        moving_id,
              GError      **error)
{
  g_auto(Lineage) lineage = { 0 };

  if (parent_id == 0)
    return TRUE;

  if (!theme_lineage (workspace, parent_id, moving_id, &lineage, error))
    return FALSE;

  if (!lineage.found)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("The theme to put it under is no longer in the codebook."));
      return FALSE;
    }

  if (moving_id > 0 && lineage.contains)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A theme cannot go under itself or under one of its own "
                             "sub-themes. Move the sub-theme out first."));
      return FALSE;
    }

  if (lineage.archived)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is archived, or sits under an archived theme. Restore it "
                     "before putting themes under it."),
                   lineage.name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
next_position (PlWorkspace  *workspace,
               gint64        parent_id,
               gint64       *out_position,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT coalesce (MAX (position), -1) + 1 FROM themes"
                               " WHERE coalesce (parent_id, 0) = ?",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, parent_id);
  return query_int64 (workspace, stmt, out_position, _("The codebook could not be read"), error);
}

static gint64
insert_theme (PlWorkspace       *workspace,
              gint64             parent_id,
              const char        *name,
              const char        *description,
              PlThemeSentiment   sentiment,
              GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *clean_description = pl_str_stripped (description);
  gint64 position = 0;

  if (!check_unique_name (workspace, parent_id, name, 0, error) ||
      !next_position (workspace, parent_id, &position, error))
    return 0;

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO themes (parent_id, name, description, sentiment,"
                               " position, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    return 0;

  pl_bind_id_or_null (stmt, 1, parent_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  pl_bind_text_or_null (stmt, 3, clean_description);
  pl_bind_text_or_null (stmt, 4, sentiment_names[sentiment]);
  sqlite3_bind_int64 (stmt, 5, position);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  if (!pl_workspace_step_done (workspace, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
}

/**
 * pl_theme_create:
 * @parent_id: the theme to put it under, 0 for the top level
 * @description: (nullable): what the theme covers
 *
 * Returns: (transfer full): the new theme, or %NULL with @error set
 *   (%PL_ERROR_INVALID for a bad name or parent, %PL_ERROR_NOT_FOUND for
 *   a parent that is not there); nothing is written on error
 */
PlTheme *
pl_theme_create (PlWorkspace  *workspace,
                 gint64        parent_id,
                 const char   *name,
                 const char   *description,
                 GError      **error)
{
  g_autofree char *clean = NULL;
  gboolean nested = FALSE;
  gint64 id;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (parent_id >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  clean = check_name (name, error);
  if (clean == NULL)
    return NULL;

  if (!write_begin (workspace, &nested, error))
    return NULL;

  if (!check_parent (workspace, parent_id, 0, error) ||
      (id = insert_theme (workspace, parent_id, clean, description,
                          PL_THEME_SENTIMENT_NONE, error)) == 0 ||
      !pl_workspace_audit (workspace, "create", "theme", id, clean, error) ||
      !write_commit (workspace, nested, error))
    {
      write_rollback (workspace, nested);
      return NULL;
    }

  emit_changed (workspace, nested, "themes");
  return pl_theme_load (workspace, id, error);
}

/* Runs one UPDATE of a theme that must exist, with its audit entry. */
static gboolean
update_theme (PlWorkspace  *workspace,
              gint64        id,
              const char   *sql,
              const char   *text,
              const char   *action,
              const char   *detail,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  pl_bind_text_or_null (stmt, 2, text);
  if (!pl_workspace_step_done (workspace, stmt, error))
    return FALSE;

  if (sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      set_theme_not_found (error, id);
      return FALSE;
    }

  return pl_workspace_audit (workspace, action, "theme", id, detail, error);
}

/**
 * pl_theme_rename:
 *
 * Returns: %TRUE on success; on error nothing is changed
 */
gboolean
pl_theme_rename (PlWorkspace  *workspace,
                 gint64        id,
                 const char   *name,
                 GError      **error)
{
  g_auto(ThemeRow) row = { 0 };
  g_autofree char *clean = NULL;
  g_autofree char *detail = NULL;
  gboolean nested = FALSE;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clean = check_name (name, error);
  if (clean == NULL)
    return FALSE;

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  if (!fetch_theme (workspace, id, &row, error) ||
      !check_unique_name (workspace, row.parent_id, clean, id, error))
    goto failed;

  detail = g_strdup_printf ("%s → %s", row.name, clean);
  if (!update_theme (workspace, id, "UPDATE themes SET name = ?2 WHERE id = ?1",
                     clean, "rename", detail, error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  emit_changed (workspace, nested, "themes");
  return TRUE;

failed:
  write_rollback (workspace, nested);
  return FALSE;
}

/**
 * pl_theme_describe:
 * @description: (nullable): what the theme covers; empty for none
 *
 * Sets the theme's description and sentiment.
 */
gboolean
pl_theme_describe (PlWorkspace       *workspace,
                   gint64             id,
                   const char        *description,
                   PlThemeSentiment   sentiment,
                   GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean = pl_str_stripped (description);
  gboolean nested = FALSE;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (sentiment <= PL_THEME_SENTIMENT_NEUTRAL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace,
                               "UPDATE themes SET description = ?2, sentiment = ?3 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, id);
  pl_bind_text_or_null (stmt, 2, clean);
  pl_bind_text_or_null (stmt, 3, sentiment_names[sentiment]);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      set_theme_not_found (error, id);
      goto failed;
    }

  if (!pl_workspace_audit (workspace, "describe", "theme", id, clean, error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  emit_changed (workspace, nested, "themes");
  return TRUE;

failed:
  write_rollback (workspace, nested);
  return FALSE;
}

/**
 * pl_theme_move:
 * @parent_id: the new parent, 0 for the top level
 *
 * Puts the theme (with its sub-themes) under another, last among its new
 * siblings. Moving it where it already is changes nothing.
 */
gboolean
pl_theme_move (PlWorkspace  *workspace,
               gint64        id,
               gint64        parent_id,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(ThemeRow) row = { 0 };
  g_autofree char *detail = NULL;
  gboolean nested = FALSE;
  gint64 position = 0;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (parent_id >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  if (!fetch_theme (workspace, id, &row, error) ||
      !check_parent (workspace, parent_id, id, error))
    goto failed;

  if (row.parent_id == parent_id)
    {
      if (!write_commit (workspace, nested, error))
        goto failed;
      return TRUE;
    }

  if (!check_unique_name (workspace, parent_id, row.name, id, error) ||
      !next_position (workspace, parent_id, &position, error))
    goto failed;

  stmt = pl_workspace_prepare (workspace,
                               "UPDATE themes SET parent_id = ?2, position = ?3 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, id);
  pl_bind_id_or_null (stmt, 2, parent_id);
  sqlite3_bind_int64 (stmt, 3, position);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  detail = g_strdup_printf ("parent %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT,
                            row.parent_id, parent_id);
  if (!pl_workspace_audit (workspace, "move", "theme", id, detail, error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  emit_changed (workspace, nested, "themes");
  return TRUE;

failed:
  write_rollback (workspace, nested);
  return FALSE;
}

/**
 * pl_theme_reorder:
 * @index: the theme's new place among its siblings, from 0; past the end
 *   is the end
 *
 * Numbers the siblings 0, 1, 2… in their new order.
 */
gboolean
pl_theme_reorder (PlWorkspace  *workspace,
                  gint64        id,
                  guint         index,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) siblings_stmt = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *detail = NULL;
  g_auto(ThemeRow) row = { 0 };
  gboolean nested = FALSE;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  if (!fetch_theme (workspace, id, &row, error))
    goto failed;

  siblings_stmt = pl_workspace_prepare (workspace,
                                        "SELECT id FROM themes"
                                        " WHERE coalesce (parent_id, 0) = ?1 AND id <> ?2"
                                        " ORDER BY position, name COLLATE NOCASE, id",
                                        error);
  update = pl_workspace_prepare (workspace, "UPDATE themes SET position = ?2 WHERE id = ?1", error);
  if (siblings_stmt == NULL || update == NULL)
    goto failed;

  sqlite3_bind_int64 (siblings_stmt, 1, row.parent_id);
  sqlite3_bind_int64 (siblings_stmt, 2, id);
  while ((rc = sqlite3_step (siblings_stmt)) == SQLITE_ROW)
    {
      gint64 sibling = sqlite3_column_int64 (siblings_stmt, 0);

      g_array_append_val (order, sibling);
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The codebook could not be read"));
      goto failed;
    }

  index = MIN (index, order->len);
  g_array_insert_val (order, index, id);

  for (guint i = 0; i < order->len; i++)
    {
      sqlite3_bind_int64 (update, 1, g_array_index (order, gint64, i));
      sqlite3_bind_int64 (update, 2, i);
      if (!pl_workspace_step_done (workspace, update, error))
        goto failed;
    }

  detail = g_strdup_printf ("%s: %u", row.name, index);
  if (!pl_workspace_audit (workspace, "reorder", "theme", id, detail, error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  emit_changed (workspace, nested, "themes");
  return TRUE;

failed:
  write_rollback (workspace, nested);
  return FALSE;
}

static gboolean
set_archived (PlWorkspace  *workspace,
              gint64        id,
              gboolean      archived,
              GError      **error)
{
  g_auto(ThemeRow) row = { 0 };
  g_autofree char *now = pl_now_iso8601 ();
  gboolean nested = FALSE;

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  /* Archiving keeps the first day it was archived. */
  if (!fetch_theme (workspace, id, &row, error) ||
      !update_theme (workspace, id,
                     archived
                       ? "UPDATE themes SET archived_at = coalesce (archived_at, ?2) WHERE id = ?1"
                       : "UPDATE themes SET archived_at = NULL WHERE id = ?1",
                     now, archived ? "archive" : "restore", row.name, error) ||
      !write_commit (workspace, nested, error))
    {
      write_rollback (workspace, nested);
      return FALSE;
    }

  emit_changed (workspace, nested, "themes");
  return TRUE;
}

/**
 * pl_theme_archive:
 *
 * Archives the theme: it and everything under it leave the codebook's
 * list, the frequencies, the quotes and rule runs. Its codes and rules
 * are kept.
 */
gboolean
pl_theme_archive (PlWorkspace  *workspace,
                  gint64        id,
                  GError      **error)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_archived (workspace, id, TRUE, error);
}

gboolean
pl_theme_restore (PlWorkspace  *workspace,
                  gint64        id,
                  GError      **error)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_archived (workspace, id, FALSE, error);
}

/* The starter codebook: the themes most contact centres hear about, with
 * rules that find the usual words. The names and descriptions are
 * translated when the codebook is made; the rules are English words and
 * are meant to be changed. */
static const struct
{
  const char *name;
  const char *description;
  PlThemeSentiment sentiment;
  const char *rules[8];
} starter_themes[] = {
  {
    N_("Waiting / on hold"),
    N_("Customers kept waiting: on hold, in a queue, or for a reply."),
    PL_THEME_SENTIMENT_NEGATIVE,
    { "wait*", "hold", "queue*", NULL },
  },
  {
    N_("Staff attitude"),
    N_("How the colleague came across: friendly, patient and polite, or not."),
    PL_THEME_SENTIMENT_NONE,
    { "friendly", "polite", "helpful", "patient", "kind", "rude", "unhelpful", "attitude" },
  },
  {
    N_("Resolution"),
    N_("Whether the problem was sorted, the first time or not at all."),
    PL_THEME_SENTIMENT_NONE,
    { "resolv*", "solved", "sorted", "fixed", "\"call again\"", "\"call back\"",
      "\"passed from\"", NULL },
  },
  {
    N_("Price"),
    N_("Prices and tariffs going up, and whether customers can afford them."),
    PL_THEME_SENTIMENT_NEGATIVE,
    { "price*", "expensive", "increase*", "afford*", "cost*", NULL },
  },
  {
    N_("Billing"),
    N_("Bills, charges, direct debits, payments and refunds."),
    PL_THEME_SENTIMENT_NONE,
    { "bill*", "charge*", "\"direct debit*\"", "tariff*", "refund*", "payment*", NULL },
  },
  {
    N_("App / website"),
    N_("Using the app, the website or the online account."),
    PL_THEME_SENTIMENT_NONE,
    { "app", "apps", "website*", "online", "login", "\"log in\"", "logging", NULL },
  },
  {
    N_("Communication"),
    N_("Being kept informed and having things explained clearly."),
    PL_THEME_SENTIMENT_NONE,
    { "explain*", "letter*", "inform*", "confus*", "\"nobody could tell\"",
      "\"get back to me\"", "\"never told\"", NULL },
  },
};

static gint64
insert_rule (PlWorkspace  *workspace,
             gint64        theme_id,
             const char   *pattern,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO theme_rules (theme_id, pattern, created_at)"
                               " VALUES (?, ?, ?)",
                               error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, theme_id);
  sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (!pl_workspace_step_done (workspace, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
}

/**
 * pl_theme_create_starter_codebook:
 *
 * Returns: %TRUE when the starter themes and rules were added; %FALSE
 *   with %PL_ERROR_INVALID when the codebook already has themes
 */
gboolean
pl_theme_create_starter_codebook (PlWorkspace  *workspace,
                                  GError      **error)
{
  g_autoptr(sqlite3_stmt) count_stmt = NULL;
  gboolean nested = FALSE;
  gint64 existing = 0;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  count_stmt = pl_workspace_prepare (workspace, "SELECT COUNT (*) FROM themes", error);
  if (count_stmt == NULL ||
      !query_int64 (workspace, count_stmt, &existing, _("The codebook could not be read"), error))
    goto failed;

  if (existing > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The codebook already has themes. The starter codebook can "
                             "only be added to an empty one: add the themes you miss "
                             "one by one."));
      goto failed;
    }

  for (guint i = 0; i < G_N_ELEMENTS (starter_themes); i++)
    {
      gint64 theme_id = insert_theme (workspace, 0, _(starter_themes[i].name),
                                      _(starter_themes[i].description),
                                      starter_themes[i].sentiment, error);

      if (theme_id == 0)
        goto failed;

      for (guint j = 0; j < G_N_ELEMENTS (starter_themes[i].rules); j++)
        if (starter_themes[i].rules[j] != NULL &&
            insert_rule (workspace, theme_id, starter_themes[i].rules[j], error) == 0)
          goto failed;
    }

  if (!pl_workspace_audit (workspace, "create_starter", "themes", 0,
                           "starter codebook", error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  emit_changed (workspace, nested, "themes");
  emit_changed (workspace, nested, "theme_rules");
  return TRUE;

failed:
  write_rollback (workspace, nested);
  return FALSE;
}

/* Rules */

/**
 * pl_theme_rule_add:
 *
 * Returns: the new rule's id, or 0 with @error set (%PL_ERROR_INVALID
 *   for a pattern that cannot be a rule or that the theme already has,
 *   %PL_ERROR_NOT_FOUND for a theme that is not there)
 */
gint64
pl_theme_rule_add (PlWorkspace  *workspace,
                   gint64        theme_id,
                   const char   *pattern,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(Pattern) compiled = NULL;
  g_autofree char *clean = pl_str_stripped (pattern);
  g_autofree char *canonical = NULL;
  g_autofree char *detail = NULL;
  g_auto(ThemeRow) row = { 0 };
  gboolean nested = FALSE;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  compiled = pattern_compile (clean, error);
  if (compiled == NULL)
    return 0;
  canonical = pattern_canonical (compiled);

  if (!write_begin (workspace, &nested, error))
    return 0;

  if (!fetch_theme (workspace, theme_id, &row, error))
    goto failed;

  stmt = pl_workspace_prepare (workspace, "SELECT pattern FROM theme_rules WHERE theme_id = ?", error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, theme_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(Pattern) other = pattern_compile (pl_column_text (stmt, 0), NULL);
      g_autofree char *other_canonical = other != NULL ? pattern_canonical (other) : NULL;

      if (g_strcmp0 (canonical, other_canonical) == 0)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("“%s” already has the rule “%s”, which finds the same comments."),
                       row.name, pl_column_text (stmt, 0));
          goto failed;
        }
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The rules could not be read"));
      goto failed;
    }

  id = insert_rule (workspace, theme_id, clean, error);
  if (id == 0)
    goto failed;

  detail = g_strdup_printf ("%s: %s", row.name, clean);
  if (!pl_workspace_audit (workspace, "create", "theme_rule", id, detail, error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  emit_changed (workspace, nested, "theme_rules");
  return id;

failed:
  write_rollback (workspace, nested);
  return 0;
}

gboolean
pl_theme_rule_remove (PlWorkspace  *workspace,
                      gint64        rule_id,
                      GError      **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) delete = NULL;
  g_autofree char *detail = NULL;
  gboolean nested = FALSE;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  select = pl_workspace_prepare (workspace,
                                 "SELECT t.name, r.pattern FROM theme_rules r"
                                 "  JOIN themes t ON t.id = r.theme_id WHERE r.id = ?",
                                 error);
  if (select == NULL)
    goto failed;

  sqlite3_bind_int64 (select, 1, rule_id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This rule is no longer in the codebook."));
      goto failed;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The rules could not be read"));
      goto failed;
    }
  detail = g_strdup_printf ("%s: %s", pl_column_text (select, 0), pl_column_text (select, 1));

  delete = pl_workspace_prepare (workspace, "DELETE FROM theme_rules WHERE id = ?", error);
  if (delete == NULL)
    goto failed;

  sqlite3_bind_int64 (delete, 1, rule_id);
  if (!pl_workspace_step_done (workspace, delete, error) ||
      !pl_workspace_audit (workspace, "delete", "theme_rule", rule_id, detail, error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  emit_changed (workspace, nested, "theme_rules");
  return TRUE;

failed:
  write_rollback (workspace, nested);
  return FALSE;
}

/**
 * pl_theme_rule_list:
 *
 * Returns: (transfer full): a #GListModel of #PlThemeRule
 */
GListModel *
pl_theme_rule_list (PlWorkspace  *workspace,
                    gint64        theme_id,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT id, theme_id, pattern FROM theme_rules"
                               " WHERE ?1 = 0 OR theme_id = ?1 ORDER BY theme_id, id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, theme_id);
  return pl_workspace_collect (workspace, stmt, PL_TYPE_THEME_RULE,
                               (PlWorkspaceRowFunc) rule_from_row,
                               _("The rules could not be read"), error);
}

/* Comments */

/* Every comment of a record that is neither excluded nor trashed, with
 * the day it is dated and its channel and colleague; picked is those the
 * filter's days and channel let through. The named parameters :sources,
 * :from, :to and :channel are bound by bind_scope(). */
#define COMMENTS_CTE \
  "comments (entity, entity_id, question_id, body, day, channel_id, colleague_id) AS (" \
  "  SELECT 'response', r.id, 0, r.comment, date (r.responded_on), r.channel_id, r.colleague_id" \
  "    FROM responses r" \
  "   WHERE (:sources & 1) <> 0 AND r.excluded = 0 AND r.trashed_at IS NULL" \
  "     AND trim (coalesce (r.comment, '')) <> ''" \
  "  UNION ALL" \
  "  SELECT 'response', x.id, x.question_id, x.body, x.day, x.channel_id, x.colleague_id" \
  "    FROM (SELECT r.id, q.id AS question_id," \
  "                 json_extract (r.answers, '$.\"' || q.id || '\"') AS body," \
  "                 date (r.responded_on) AS day, r.channel_id, r.colleague_id" \
  "            FROM questions q JOIN responses r ON r.survey_id = q.survey_id" \
  "           WHERE (:sources & 1) <> 0 AND q.kind = 'text'" \
  "             AND r.excluded = 0 AND r.trashed_at IS NULL) x" \
  "   WHERE typeof (x.body) = 'text' AND trim (x.body) <> ''" \
  "  UNION ALL" \
  "  SELECT 'complaint', c.id, 0, c.description, date (c.received_on), c.channel_id, c.colleague_id" \
  "    FROM complaints c" \
  "   WHERE (:sources & 2) <> 0 AND c.excluded = 0 AND c.trashed_at IS NULL" \
  "     AND trim (coalesce (c.description, '')) <> ''" \
  "  UNION ALL" \
  "  SELECT 'observation', o.id, 0, o.comments, date (o.observed_on), o.channel_id, o.colleague_id" \
  "    FROM observations o" \
  "   WHERE (:sources & 4) <> 0 AND o.excluded = 0 AND o.trashed_at IS NULL" \
  "     AND trim (coalesce (o.comments, '')) <> ''" \
  "  UNION ALL" \
  "  SELECT 'informal_feedback', i.id, 0, i.text, date (i.received_on), i.channel_id, i.colleague_id" \
  "    FROM informal_feedback i" \
  "   WHERE (:sources & 8) <> 0 AND i.trashed_at IS NULL AND trim (i.text) <> '')," \
  "picked AS (" \
  "  SELECT * FROM comments" \
  "   WHERE day IS NOT NULL AND (:from IS NULL OR day >= :from) AND (:to IS NULL OR day <= :to)" \
  "     AND (:channel = 0 OR channel_id = :channel))"

/* The columns comment_from_row() reads, in order. */
static const char comment_list_sql[] =
  "WITH RECURSIVE " LIVE_CTE ", " COMMENTS_CTE
  " SELECT p.entity, p.entity_id, p.question_id, p.body, p.day, coalesce (p.channel_id, 0),"
  "        coalesce (ch.name, ''), coalesce (p.colleague_id, 0), coalesce (co.display_name, '')"
  "   FROM picked p"
  "   LEFT JOIN channels ch ON ch.id = p.channel_id"
  "   LEFT JOIN colleagues co ON co.id = p.colleague_id"
  "  WHERE (:theme = 0 OR EXISTS ("
  "           SELECT 1 FROM comment_codes cc JOIN tree ON tree.id = cc.theme_id"
  "            WHERE tree.ancestor = :theme AND cc.entity = p.entity"
  "              AND cc.entity_id = p.entity_id AND cc.question_id = p.question_id))"
  "    AND (:uncoded = 0 OR NOT EXISTS ("
  "           SELECT 1 FROM comment_codes cc JOIN live ON live.id = cc.theme_id"
  "            WHERE cc.entity = p.entity AND cc.entity_id = p.entity_id"
  "              AND cc.question_id = p.question_id))"
  "  ORDER BY p.day DESC, p.entity, p.entity_id DESC, p.question_id";

/* One comment, by the same columns; ?1 the record, ?2 the question. Its
 * text is checked in C. */
static const char * const comment_load_sql[] = {
  [PL_COMMENT_ENTITY_RESPONSE] =
    "SELECT 'response', r.id, ?2,"
    "       CASE WHEN ?2 = 0 THEN r.comment"
    "            ELSE (SELECT json_extract (r.answers, '$.\"' || q.id || '\"') FROM questions q"
    "                   WHERE q.id = ?2 AND q.survey_id = r.survey_id AND q.kind = 'text')"
    "       END,"
    "       date (r.responded_on), coalesce (r.channel_id, 0), coalesce (ch.name, ''),"
    "       coalesce (r.colleague_id, 0), coalesce (co.display_name, '')"
    "  FROM responses r"
    "  LEFT JOIN channels ch ON ch.id = r.channel_id"
    "  LEFT JOIN colleagues co ON co.id = r.colleague_id"
    " WHERE r.id = ?1 AND r.excluded = 0 AND r.trashed_at IS NULL",
  [PL_COMMENT_ENTITY_COMPLAINT] =
    "SELECT 'complaint', c.id, 0, c.description,"
    "       date (c.received_on), coalesce (c.channel_id, 0), coalesce (ch.name, ''),"
    "       coalesce (c.colleague_id, 0), coalesce (co.display_name, '')"
    "  FROM complaints c"
    "  LEFT JOIN channels ch ON ch.id = c.channel_id"
    "  LEFT JOIN colleagues co ON co.id = c.colleague_id"
    " WHERE c.id = ?1 AND ?2 = 0 AND c.excluded = 0 AND c.trashed_at IS NULL",
  [PL_COMMENT_ENTITY_OBSERVATION] =
    "SELECT 'observation', o.id, 0, o.comments,"
    "       date (o.observed_on), coalesce (o.channel_id, 0), coalesce (ch.name, ''),"
    "       coalesce (o.colleague_id, 0), coalesce (co.display_name, '')"
    "  FROM observations o"
    "  LEFT JOIN channels ch ON ch.id = o.channel_id"
    "  LEFT JOIN colleagues co ON co.id = o.colleague_id"
    " WHERE o.id = ?1 AND ?2 = 0 AND o.excluded = 0 AND o.trashed_at IS NULL",
  [PL_COMMENT_ENTITY_INFORMAL] =
    "SELECT 'informal_feedback', i.id, 0, i.text,"
    "       date (i.received_on), coalesce (i.channel_id, 0), coalesce (ch.name, ''),"
    "       coalesce (i.colleague_id, 0), coalesce (co.display_name, '')"
    "  FROM informal_feedback i"
    "  LEFT JOIN channels ch ON ch.id = i.channel_id"
    "  LEFT JOIN colleagues co ON co.id = i.colleague_id"
    " WHERE i.id = ?1 AND ?2 = 0 AND i.trashed_at IS NULL",
};

static const char comment_codes_sql[] =
  "WITH RECURSIVE " LIVE_CTE
  " SELECT cc.theme_id, t.name, cc.origin FROM comment_codes cc"
  "   JOIN live ON live.id = cc.theme_id JOIN themes t ON t.id = cc.theme_id"
  "  WHERE cc.entity = ?1 AND cc.entity_id = ?2 AND cc.question_id = ?3"
  "  ORDER BY t.name COLLATE NOCASE, t.id";

void
pl_comment_filter_init (PlCommentFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->sources = PL_COMMENT_SOURCE_ALL;
}

/* A filter checked, with its days normalised and its search folded. */
typedef struct
{
  char *from;
  char *to;
  gint64 channel_id;
  guint sources;
  gint64 theme_id;
  gboolean uncoded_only;
  char **search;              /* NULL: any text */
} Scope;

static void
scope_clear (Scope *scope)
{
  g_clear_pointer (&scope->from, g_free);
  g_clear_pointer (&scope->to, g_free);
  g_clear_pointer (&scope->search, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scope, scope_clear)

static gboolean
parse_filter_day (const char  *text,
                  char       **out_day,
                  gboolean     first,
                  GError     **error)
{
  g_autofree char *stripped = pl_str_stripped (text);

  *out_day = NULL;
  if (*stripped == '\0')
    return TRUE;

  *out_day = pl_date_parse_day (stripped);
  if (*out_day != NULL)
    return TRUE;

  if (first)
    g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                 _("The first day, “%s”, is not a date: write it as YYYY-MM-DD, for "
                   "example 2026-07-27."),
                 stripped);
  else
    g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                 _("The last day, “%s”, is not a date: write it as YYYY-MM-DD, for "
                   "example 2026-09-27."),
                 stripped);
  return FALSE;
}

static gboolean
scope_init (Scope                  *scope,
            const PlCommentFilter  *filter,
            GError                **error)
{
  PlCommentFilter defaults;

  memset (scope, 0, sizeof *scope);

  if (filter == NULL)
    {
      pl_comment_filter_init (&defaults);
      filter = &defaults;
    }

  if (!parse_filter_day (filter->from, &scope->from, TRUE, error) ||
      !parse_filter_day (filter->to, &scope->to, FALSE, error))
    return FALSE;

  if (scope->from != NULL && scope->to != NULL && strcmp (scope->from, scope->to) > 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The first day (%s) comes after the last day (%s). Swap them."),
                   scope->from, scope->to);
      return FALSE;
    }

  scope->channel_id = MAX (filter->channel_id, 0);
  scope->sources = filter->sources & PL_COMMENT_SOURCE_ALL;
  if (scope->sources == 0)
    scope->sources = PL_COMMENT_SOURCE_ALL;
  scope->theme_id = MAX (filter->theme_id, 0);
  scope->uncoded_only = filter->uncoded_only;

  if (filter->search != NULL)
    {
      g_autofree char *folded = fold_text (filter->search);
      g_autofree char *stripped = g_strstrip (g_strdup (folded));

      if (*stripped != '\0')
        scope->search = g_strsplit_set (stripped, " \t\r\n", -1);
    }

  return TRUE;
}

static void
bind_named (sqlite3_stmt *stmt,
            const char   *name,
            const char   *text,
            gint64        number)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index <= 0)
    return;

  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else if (number >= 0)
    sqlite3_bind_int64 (stmt, index, number);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_scope (sqlite3_stmt *stmt,
            const Scope  *scope)
{
  bind_named (stmt, ":sources", NULL, scope->sources);
  bind_named (stmt, ":from", scope->from, -1);
  bind_named (stmt, ":to", scope->to, -1);
  bind_named (stmt, ":channel", NULL, scope->channel_id);
  bind_named (stmt, ":theme", NULL, scope->theme_id);
  bind_named (stmt, ":uncoded", NULL, scope->uncoded_only ? 1 : 0);
}

static PlComment *
comment_from_row (sqlite3_stmt *stmt)
{
  PlComment *self = g_object_new (PL_TYPE_COMMENT, NULL);
  int entity = pl_names_index (entity_names, G_N_ELEMENTS (entity_names), pl_column_text (stmt, 0));

  self->entity = entity >= 0 ? (PlCommentEntity) entity : PL_COMMENT_ENTITY_RESPONSE;
  self->entity_id = sqlite3_column_int64 (stmt, 1);
  self->question_id = sqlite3_column_int64 (stmt, 2);
  pl_str_replace (&self->text, pl_column_text (stmt, 3));
  pl_str_replace (&self->day, pl_column_text (stmt, 4));
  self->channel_id = sqlite3_column_int64 (stmt, 5);
  pl_str_replace (&self->channel, pl_column_text (stmt, 6));
  self->colleague_id = sqlite3_column_int64 (stmt, 7);
  pl_str_replace (&self->colleague, pl_column_text (stmt, 8));

  return self;
}

/* Reads the comment's codes again (with themes in use) and notifies. */
static gboolean
load_codes (PlWorkspace   *workspace,
            sqlite3_stmt  *stmt,
            PlComment     *self,
            GError       **error)
{
  g_autoptr(GString) themes = g_string_new (NULL);
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, entity_names[self->entity], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, self->entity_id);
  sqlite3_bind_int64 (stmt, 3, self->question_id);

  g_array_set_size (self->codes, 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Code code = {
        sqlite3_column_int64 (stmt, 0),
        g_strdup (pl_column_text (stmt, 1)),
        g_strcmp0 (pl_column_text (stmt, 2), "rule") == 0 ? PL_COMMENT_CODE_RULE
                                                          : PL_COMMENT_CODE_MANUAL,
      };

      if (themes->len > 0)
        g_string_append (themes, ", ");
      g_string_append (themes, code.name);
      g_array_append_val (self->codes, code);
    }

  if (pl_str_replace (&self->themes, themes->str))
    g_object_notify_by_pspec (G_OBJECT (self), comment_properties[COMMENT_PROP_THEMES]);
  g_object_notify_by_pspec (G_OBJECT (self), comment_properties[COMMENT_PROP_N_CODES]);

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The comment’s themes could not be read"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
reload_codes (PlWorkspace  *workspace,
              PlComment    *self,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, comment_codes_sql, error);

  return stmt != NULL && load_codes (workspace, stmt, self, error);
}

/* Called for each comment the scope lets through, in list order; returns
 * FALSE to stop. @folded is the folded text when the scope searches. */
typedef gboolean (*CommentFunc) (sqlite3_stmt *stmt,
                                 const char   *folded,
                                 gpointer      user_data);

static gboolean
foreach_comment (PlWorkspace   *workspace,
                 const Scope   *scope,
                 CommentFunc    func,
                 gpointer       user_data,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace, comment_list_sql, error);
  if (stmt == NULL)
    return FALSE;

  bind_scope (stmt, scope);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *folded = NULL;

      if (scope->search != NULL)
        {
          folded = fold_text (pl_column_text (stmt, 3));
          if (!search_matches (scope->search, folded))
            continue;
        }

      if (!func (stmt, folded, user_data))
        return TRUE;
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The comments could not be read"));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  guint offset;
  guint limit;
  guint total;
  GListStore *store;
} Page;

static gboolean
add_to_page (sqlite3_stmt *stmt,
             const char   *folded,
             gpointer      user_data)
{
  Page *page = user_data;

  if (page->total >= page->offset &&
      (page->limit == 0 || page->total - page->offset < page->limit))
    {
      g_autoptr(PlComment) comment = comment_from_row (stmt);

      g_list_store_append (page->store, comment);
    }

  page->total++;
  return TRUE;
}

/**
 * pl_comment_list:
 * @filter: (nullable): which comments; %NULL for all
 * @out_total: (out) (optional): how many comments the filter lets through
 *
 * Returns: (transfer full): a #GListModel of #PlComment with their codes,
 *   or %NULL with @error set (%PL_ERROR_INVALID for a bad filter)
 */
GListModel *
pl_comment_list (PlWorkspace            *workspace,
                 const PlCommentFilter  *filter,
                 guint                   offset,
                 guint                   limit,
                 guint                  *out_total,
                 GError                **error)
{
  g_autoptr(sqlite3_stmt) codes = NULL;
  g_autoptr(GListStore) store = NULL;
  g_auto(Scope) scope = { 0 };
  Page page = { offset, limit, 0, NULL };
  guint n;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!scope_init (&scope, filter, error))
    return NULL;

  store = g_list_store_new (PL_TYPE_COMMENT);
  page.store = store;
  if (!foreach_comment (workspace, &scope, add_to_page, &page, error))
    return NULL;

  codes = pl_workspace_prepare (workspace, comment_codes_sql, error);
  if (codes == NULL)
    return NULL;

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlComment) comment = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (!load_codes (workspace, codes, comment, error))
        return NULL;
    }

  if (out_total != NULL)
    *out_total = page.total;

  return G_LIST_MODEL (g_steal_pointer (&store));
}

static void
set_comment_not_found (GError **error)
{
  g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                       _("This comment is no longer in the workspace, or its record has "
                         "been excluded from the analysis or moved to the trash."));
}

/* The comment as it is now, without its codes. */
static PlComment *
fetch_comment (PlWorkspace      *workspace,
               PlCommentEntity   entity,
               gint64            entity_id,
               gint64            question_id,
               GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *stripped = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace, comment_load_sql[entity], error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, entity_id);
  sqlite3_bind_int64 (stmt, 2, question_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The comment could not be read"));
      return NULL;
    }

  if (rc == SQLITE_DONE ||
      sqlite3_column_type (stmt, 3) != SQLITE_TEXT ||
      sqlite3_column_type (stmt, 4) == SQLITE_NULL ||
      *(stripped = pl_str_stripped (pl_column_text (stmt, 3))) == '\0')
    {
      set_comment_not_found (error);
      return NULL;
    }

  return comment_from_row (stmt);
}

/**
 * pl_comment_load:
 * @question_id: 0 for the record's own comment, else the free-text
 *   question whose answer it is (responses only)
 *
 * Returns: (transfer full): the comment with its codes, or %NULL with
 *   %PL_ERROR_NOT_FOUND when there is no such comment to analyse
 */
PlComment *
pl_comment_load (PlWorkspace      *workspace,
                 PlCommentEntity   entity,
                 gint64            entity_id,
                 gint64            question_id,
                 GError          **error)
{
  g_autoptr(PlComment) comment = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (entity <= PL_COMMENT_ENTITY_INFORMAL, NULL);
  g_return_val_if_fail (question_id >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  comment = fetch_comment (workspace, entity, entity_id, question_id, error);
  if (comment == NULL || !reload_codes (workspace, comment, error))
    return NULL;

  return g_steal_pointer (&comment);
}

static char *
code_detail (PlComment  *self,
             const char *theme)
{
  if (self->question_id == 0)
    return g_strdup (theme);

  return g_strdup_printf ("%s (question %" G_GINT64_FORMAT ")", theme, self->question_id);
}

/**
 * pl_comment_code:
 * @self: a comment from pl_comment_list() or pl_comment_load()
 *
 * Returns: %TRUE when the comment has the theme (it may have had it);
 *   on error (a theme archived or not there, a comment no longer there)
 *   nothing is changed
 */
gboolean
pl_comment_code (PlComment    *self,
                 PlWorkspace  *workspace,
                 gint64        theme_id,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PlComment) current = NULL;
  g_autoptr(GError) reload_error = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *detail = NULL;
  g_auto(Lineage) lineage = { 0 };
  gboolean nested = FALSE;

  g_return_val_if_fail (PL_IS_COMMENT (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  if (!check_theme_in_use (workspace, theme_id, &lineage, error))
    goto failed;

  current = fetch_comment (workspace, self->entity, self->entity_id, self->question_id, error);
  if (current == NULL)
    goto failed;

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO comment_codes (entity, entity_id, question_id,"
                               " theme_id, origin, coded_at) VALUES (?1, ?2, ?3, ?4, 'manual', ?5)"
                               " ON CONFLICT (entity, entity_id, question_id, theme_id) DO UPDATE"
                               " SET origin = 'manual', coded_at = excluded.coded_at"
                               " WHERE comment_codes.origin <> 'manual'",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_text (stmt, 1, entity_names[self->entity], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, self->entity_id);
  sqlite3_bind_int64 (stmt, 3, self->question_id);
  sqlite3_bind_int64 (stmt, 4, theme_id);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  detail = code_detail (self, lineage.name);
  if (!pl_workspace_audit (workspace, "code", entity_names[self->entity],
                           self->entity_id, detail, error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  if (!reload_codes (workspace, self, &reload_error))
    g_debug ("Reading a comment’s codes again: %s", reload_error->message);

  emit_changed (workspace, nested, "comment_codes");
  return TRUE;

failed:
  write_rollback (workspace, nested);
  return FALSE;
}

/**
 * pl_comment_uncode:
 *
 * Removes the theme from the comment, whoever gave it.
 *
 * Returns: %TRUE on success; %FALSE with %PL_ERROR_NOT_FOUND when the
 *   comment does not have the theme
 */
gboolean
pl_comment_uncode (PlComment    *self,
                   PlWorkspace  *workspace,
                   gint64        theme_id,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) reload_error = NULL;
  g_autofree char *detail = NULL;
  g_auto(ThemeRow) row = { 0 };
  gboolean nested = FALSE;

  g_return_val_if_fail (PL_IS_COMMENT (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  if (!fetch_theme (workspace, theme_id, &row, error))
    goto failed;

  stmt = pl_workspace_prepare (workspace,
                               "DELETE FROM comment_codes WHERE entity = ?1 AND entity_id = ?2"
                               " AND question_id = ?3 AND theme_id = ?4",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_text (stmt, 1, entity_names[self->entity], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, self->entity_id);
  sqlite3_bind_int64 (stmt, 3, self->question_id);
  sqlite3_bind_int64 (stmt, 4, theme_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("This comment is not coded with “%s”."), row.name);
      goto failed;
    }

  detail = code_detail (self, row.name);
  if (!pl_workspace_audit (workspace, "uncode", entity_names[self->entity],
                           self->entity_id, detail, error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  if (!reload_codes (workspace, self, &reload_error))
    g_debug ("Reading a comment’s codes again: %s", reload_error->message);

  emit_changed (workspace, nested, "comment_codes");
  return TRUE;

failed:
  write_rollback (workspace, nested);
  return FALSE;
}

/* The rules of the themes in use, compiled, in codebook order (a theme's
 * rules by id). */
typedef struct
{
  PlThemeRule *rule;
  Pattern *pattern;
  guint order;
} LiveRule;

static void
live_rule_free (LiveRule *live)
{
  g_clear_object (&live->rule);
  g_clear_pointer (&live->pattern, pattern_free);
  g_free (live);
}

static int
compare_live_rules (gconstpointer a,
                    gconstpointer b)
{
  const LiveRule *x = *(const LiveRule * const *) a;
  const LiveRule *y = *(const LiveRule * const *) b;

  if (x->order != y->order)
    return x->order < y->order ? -1 : 1;
  if (x->rule->id != y->rule->id)
    return x->rule->id < y->rule->id ? -1 : 1;
  return 0;
}

/* Theme id → its place in the codebook, for themes in use. */
static GHashTable *
codebook_order (PlWorkspace  *workspace,
                GArray      **out_ids,
                GError      **error)
{
  g_autoptr(GListModel) themes = pl_theme_list (workspace, FALSE, error);
  g_autoptr(GHashTable) order = NULL;
  g_autoptr(GArray) ids = NULL;
  guint n;

  if (themes == NULL)
    return NULL;

  order = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  n = g_list_model_get_n_items (themes);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlTheme) theme = g_list_model_get_item (themes, i);

      g_hash_table_insert (order, g_memdup2 (&theme->id, sizeof theme->id), GUINT_TO_POINTER (i));
      g_array_append_val (ids, theme->id);
    }

  if (out_ids != NULL)
    *out_ids = g_steal_pointer (&ids);

  return g_steal_pointer (&order);
}

static GPtrArray *
load_live_rules (PlWorkspace  *workspace,
                 GError      **error)
{
  g_autoptr(GHashTable) order = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  int rc;

  order = codebook_order (workspace, NULL, error);
  if (order == NULL)
    return NULL;

  stmt = pl_workspace_prepare (workspace, "SELECT id, theme_id, pattern FROM theme_rules", error);
  if (stmt == NULL)
    return NULL;

  rules = g_ptr_array_new_with_free_func ((GDestroyNotify) live_rule_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 theme_id = sqlite3_column_int64 (stmt, 1);
      gpointer place;
      LiveRule *live;
      Pattern *pattern;

      if (!g_hash_table_lookup_extended (order, &theme_id, NULL, &place))
        continue;

      pattern = pattern_compile (pl_column_text (stmt, 2), NULL);
      if (pattern == NULL)
        {
          g_debug ("Rule %" G_GINT64_FORMAT " cannot be used: “%s”",
                   (gint64) sqlite3_column_int64 (stmt, 0), pl_column_text (stmt, 2));
          continue;
        }

      live = g_new0 (LiveRule, 1);
      live->rule = rule_from_row (stmt);
      live->pattern = pattern;
      live->order = GPOINTER_TO_UINT (place);
      g_ptr_array_add (rules, live);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The rules could not be read"));
      return NULL;
    }

  g_ptr_array_sort (rules, compare_live_rules);
  return g_steal_pointer (&rules);
}

/**
 * pl_comment_suggest:
 *
 * Returns: (transfer full): a #GListModel of #PlThemeRule, the first
 *   matching rule of each theme the comment could be coded with
 */
GListModel *
pl_comment_suggest (PlComment    *self,
                    PlWorkspace  *workspace,
                    GError      **error)
{
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GArray) words = NULL;
  g_autoptr(GListStore) store = NULL;
  gint64 last_theme = 0;

  g_return_val_if_fail (PL_IS_COMMENT (self), NULL);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rules = load_live_rules (workspace, error);
  if (rules == NULL)
    return NULL;

  store = g_list_store_new (PL_TYPE_THEME_RULE);
  words = text_words (self->text);
  for (guint i = 0; i < rules->len; i++)
    {
      LiveRule *live = g_ptr_array_index (rules, i);

      if (live->rule->theme_id == last_theme ||
          pl_comment_has_theme (self, live->rule->theme_id) ||
          !pattern_matches_words (live->pattern, words))
        continue;

      g_list_store_append (store, live->rule);
      last_theme = live->rule->theme_id;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

typedef struct
{
  char *entity;
  gint64 entity_id;
  gint64 question_id;
  char *text;
} Uncoded;

static void
uncoded_clear (gpointer data)
{
  Uncoded *uncoded = data;

  g_clear_pointer (&uncoded->entity, g_free);
  g_clear_pointer (&uncoded->text, g_free);
}

static gboolean
collect_uncoded (sqlite3_stmt *stmt,
                 const char   *folded,
                 gpointer      user_data)
{
  GArray *comments = user_data;
  Uncoded uncoded = {
    g_strdup (pl_column_text (stmt, 0)),
    sqlite3_column_int64 (stmt, 1),
    sqlite3_column_int64 (stmt, 2),
    g_strdup (pl_column_text (stmt, 3)),
  };

  g_array_append_val (comments, uncoded);
  return TRUE;
}

/**
 * pl_theme_apply_rules:
 * @filter: (nullable): which comments; %NULL for all
 * @result: (out) (optional): what the run did
 */
gboolean
pl_theme_apply_rules (PlWorkspace            *workspace,
                      const PlCommentFilter  *filter,
                      PlThemeApplyResult     *result,
                      GError                **error)
{
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GArray) comments = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *detail = NULL;
  g_auto(Scope) scope = { 0 };
  PlThemeApplyResult counts = { 0, 0, 0 };
  gboolean nested = FALSE;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!scope_init (&scope, filter, error))
    return FALSE;
  scope.theme_id = 0;
  scope.uncoded_only = TRUE;

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  rules = load_live_rules (workspace, error);
  if (rules == NULL)
    goto failed;

  /* Read them all before writing: the query looks at the codes written. */
  comments = g_array_new (FALSE, TRUE, sizeof (Uncoded));
  g_array_set_clear_func (comments, uncoded_clear);
  if (!foreach_comment (workspace, &scope, collect_uncoded, comments, error))
    goto failed;

  insert = pl_workspace_prepare (workspace,
                                 "INSERT OR IGNORE INTO comment_codes (entity, entity_id,"
                                 " question_id, theme_id, origin, coded_at)"
                                 " VALUES (?, ?, ?, ?, 'rule', ?)",
                                 error);
  if (insert == NULL)
    goto failed;
  sqlite3_bind_text (insert, 5, now, -1, SQLITE_STATIC);

  for (guint i = 0; i < comments->len; i++)
    {
      const Uncoded *comment = &g_array_index (comments, Uncoded, i);
      g_autoptr(GArray) words = text_words (comment->text);
      gint64 last_theme = 0;
      guint codes = 0;

      for (guint j = 0; j < rules->len; j++)
        {
          LiveRule *live = g_ptr_array_index (rules, j);

          if (live->rule->theme_id == last_theme ||
              !pattern_matches_words (live->pattern, words))
            continue;

          sqlite3_bind_text (insert, 1, comment->entity, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (insert, 2, comment->entity_id);
          sqlite3_bind_int64 (insert, 3, comment->question_id);
          sqlite3_bind_int64 (insert, 4, live->rule->theme_id);
          if (!pl_workspace_step_done (workspace, insert, error))
            goto failed;

          last_theme = live->rule->theme_id;
          codes += sqlite3_changes (pl_workspace_get_db (workspace));
        }

      counts.examined++;
      counts.codes += codes;
      if (codes > 0)
        counts.coded++;
    }

  detail = g_strdup_printf ("%u codes on %u of %u uncoded comments",
                            counts.codes, counts.coded, counts.examined);
  if (!pl_workspace_audit (workspace, "apply_rules", "comment_codes", 0, detail, error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  if (result != NULL)
    *result = counts;

  emit_changed (workspace, nested, "comment_codes");
  return TRUE;

failed:
  write_rollback (workspace, nested);
  return FALSE;
}

/**
 * pl_theme_clear_rule_codes:
 * @theme_id: a theme (its sub-themes too), or 0 for every theme
 * @out_removed: (out) (optional): how many codes went
 */
gboolean
pl_theme_clear_rule_codes (PlWorkspace  *workspace,
                           gint64        theme_id,
                           guint        *out_removed,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  g_auto(ThemeRow) row = { 0 };
  gboolean nested = FALSE;
  guint removed;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (theme_id >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  if (theme_id > 0 && !fetch_theme (workspace, theme_id, &row, error))
    goto failed;

  stmt = pl_workspace_prepare (workspace,
                               "WITH RECURSIVE sub (id) AS ("
                               "  SELECT ?1 UNION SELECT t.id FROM themes t JOIN sub ON t.parent_id = sub.id)"
                               "DELETE FROM comment_codes WHERE origin = 'rule'"
                               "   AND (?1 = 0 OR theme_id IN (SELECT id FROM sub))",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, theme_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  removed = (guint) sqlite3_changes (pl_workspace_get_db (workspace));
  detail = g_strdup_printf ("%u codes given by rules%s%s", removed,
                            theme_id > 0 ? ": " : "", theme_id > 0 ? row.name : "");
  if (!pl_workspace_audit (workspace, "clear_rule_codes", "comment_codes",
                           theme_id, detail, error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  if (out_removed != NULL)
    *out_removed = removed;

  emit_changed (workspace, nested, "comment_codes");
  return TRUE;

failed:
  write_rollback (workspace, nested);
  return FALSE;
}

/* Analysis */

/* Per theme in use and key: the comments under the key (totals), and
 * those coded with the theme or a sub-theme in use, each counted once. */
#define FREQUENCIES_SQL(key) \
  "WITH RECURSIVE " LIVE_CTE ", " COMMENTS_CTE "," \
  " keyed AS (SELECT entity, entity_id, question_id, " key " AS k FROM picked)," \
  " totals AS (SELECT k, COUNT (*) AS n FROM keyed GROUP BY k)," \
  " coded AS (" \
  "   SELECT ancestor, k, COUNT (*) AS n FROM (" \
  "     SELECT DISTINCT tree.ancestor, keyed.entity, keyed.entity_id, keyed.question_id, keyed.k" \
  "       FROM keyed" \
  "       JOIN comment_codes cc ON cc.entity = keyed.entity AND cc.entity_id = keyed.entity_id" \
  "                            AND cc.question_id = keyed.question_id" \
  "       JOIN tree ON tree.id = cc.theme_id)" \
  "   GROUP BY ancestor, k)" \
  " SELECT live.id, totals.k, totals.n, coalesce (coded.n, 0)" \
  "   FROM live CROSS JOIN totals" \
  "   LEFT JOIN coded ON coded.ancestor = live.id AND coded.k = totals.k"

/* The key each comment is counted under, per breakdown: the same period
 * starts as pl_kpi_compute() (weeks run Monday to Sunday: 'weekday 0'
 * moves forward to the Sunday, six days back is the Monday). */
static const char * const frequencies_sql[] = {
  [PL_THEME_BREAKDOWN_NONE] = FREQUENCIES_SQL ("''"),
  [PL_THEME_BREAKDOWN_WEEK] = FREQUENCIES_SQL ("date (day, 'weekday 0', '-6 days')"),
  [PL_THEME_BREAKDOWN_MONTH] = FREQUENCIES_SQL ("date (day, 'start of month')"),
  [PL_THEME_BREAKDOWN_CHANNEL] = FREQUENCIES_SQL ("coalesce (channel_id, 0)"),
};

typedef struct
{
  PlThemeFrequency frequency;
  guint order;
} RankedFrequency;

static int
compare_frequencies (gconstpointer a,
                     gconstpointer b)
{
  const RankedFrequency *x = a;
  const RankedFrequency *y = b;
  int cmp;

  if (x->order != y->order)
    return x->order < y->order ? -1 : 1;

  cmp = strcmp (x->frequency.period_start, y->frequency.period_start);
  if (cmp != 0)
    return cmp;

  if (x->frequency.channel_id != y->frequency.channel_id)
    return x->frequency.channel_id < y->frequency.channel_id ? -1 : 1;

  return 0;
}

/**
 * pl_theme_frequencies:
 * @filter: (nullable): the days, channel and sources to count in; %NULL
 *   for all
 *
 * Returns: (transfer full): a #GArray of #PlThemeFrequency, or %NULL with
 *   @error set
 */
GArray *
pl_theme_frequencies (PlWorkspace            *workspace,
                      const PlCommentFilter  *filter,
                      PlThemeBreakdown        breakdown,
                      GError                **error)
{
  g_autoptr(GHashTable) order = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ranked = NULL;
  g_auto(Scope) scope = { 0 };
  GArray *frequencies;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (breakdown <= PL_THEME_BREAKDOWN_CHANNEL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!scope_init (&scope, filter, error))
    return NULL;
  scope.theme_id = 0;
  scope.uncoded_only = FALSE;

  order = codebook_order (workspace, NULL, error);
  if (order == NULL)
    return NULL;

  stmt = pl_workspace_prepare (workspace, frequencies_sql[breakdown], error);
  if (stmt == NULL)
    return NULL;

  bind_scope (stmt, &scope);
  ranked = g_array_new (FALSE, TRUE, sizeof (RankedFrequency));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RankedFrequency row = { { 0 }, 0 };
      gint64 theme_id = sqlite3_column_int64 (stmt, 0);
      gpointer place;

      if (!g_hash_table_lookup_extended (order, &theme_id, NULL, &place))
        continue;

      row.order = GPOINTER_TO_UINT (place);
      row.frequency.theme_id = theme_id;
      if (breakdown == PL_THEME_BREAKDOWN_WEEK || breakdown == PL_THEME_BREAKDOWN_MONTH)
        g_strlcpy (row.frequency.period_start, pl_column_text (stmt, 1),
                   sizeof row.frequency.period_start);
      else if (breakdown == PL_THEME_BREAKDOWN_CHANNEL)
        row.frequency.channel_id = sqlite3_column_int64 (stmt, 1);
      row.frequency.n_comments = sqlite3_column_int64 (stmt, 2);
      row.frequency.n_coded = sqlite3_column_int64 (stmt, 3);
      row.frequency.share = row.frequency.n_comments > 0
        ? 100.0 * (double) row.frequency.n_coded / (double) row.frequency.n_comments
        : 0.0;
      g_array_append_val (ranked, row);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The themes could not be counted"));
      return NULL;
    }

  g_array_sort (ranked, compare_frequencies);

  frequencies = g_array_sized_new (FALSE, TRUE, sizeof (PlThemeFrequency), ranked->len);
  for (guint i = 0; i < ranked->len; i++)
    g_array_append_val (frequencies, g_array_index (ranked, RankedFrequency, i).frequency);

  return frequencies;
}

typedef struct
{
  GPtrArray *candidates;      /* of PlComment, newest first */
  GPtrArray *folded;          /* their folded texts */
} QuoteSearch;

static gboolean
collect_quote (sqlite3_stmt *stmt,
               const char   *folded,
               gpointer      user_data)
{
  QuoteSearch *search = user_data;
  PlComment *comment = comment_from_row (stmt);

  /* Quotes name no one. */
  comment->colleague_id = 0;
  pl_str_replace (&comment->colleague, "");

  g_ptr_array_add (search->candidates, comment);
  g_ptr_array_add (search->folded,
                   folded != NULL ? g_strdup (folded) : fold_text (comment->text));
  return TRUE;
}

static int
compare_lengths (gconstpointer a,
                 gconstpointer b)
{
  glong x = *(const glong *) a;
  glong y = *(const glong *) b;

  return x < y ? -1 : x > y;
}

static int
compare_uints (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/**
 * pl_theme_quotes:
 * @theme_id: a theme in use
 * @filter: (nullable): which comments to quote from (its theme and
 *   uncoded_only are ignored); %NULL for all
 * @n: how many quotes at most
 *
 * Returns: (transfer full): a #GListModel of #PlComment, or %NULL with
 *   @error set (%PL_ERROR_NOT_FOUND, or %PL_ERROR_INVALID for an archived
 *   theme or a bad filter)
 */
GListModel *
pl_theme_quotes (PlWorkspace            *workspace,
                 gint64                  theme_id,
                 const PlCommentFilter  *filter,
                 guint                   n,
                 GError                **error)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) folded = NULL;
  g_autoptr(GArray) lengths = NULL;
  g_autoptr(GArray) sorted = NULL;
  g_autoptr(GArray) eligible = NULL;
  g_autoptr(GArray) chosen = NULL;
  g_autoptr(GHashTable) quoted = NULL;
  g_autoptr(GListStore) store = NULL;
  g_auto(Scope) scope = { 0 };
  g_auto(Lineage) lineage = { 0 };
  QuoteSearch search;
  guint n_distinct = 0;
  glong median;
  guint runs;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!scope_init (&scope, filter, error) ||
      !check_theme_in_use (workspace, theme_id, &lineage, error))
    return NULL;
  scope.theme_id = theme_id;
  scope.uncoded_only = FALSE;

  candidates = g_ptr_array_new_with_free_func (g_object_unref);
  folded = g_ptr_array_new_with_free_func (g_free);
  search.candidates = candidates;
  search.folded = folded;
  if (!foreach_comment (workspace, &scope, collect_quote, &search, error))
    return NULL;

  store = g_list_store_new (PL_TYPE_COMMENT);
  if (n == 0 || candidates->len == 0)
    return G_LIST_MODEL (g_steal_pointer (&store));

  /* The lower median of the lengths, in characters. */
  lengths = g_array_sized_new (FALSE, FALSE, sizeof (glong), candidates->len);
  for (guint i = 0; i < candidates->len; i++)
    {
      PlComment *comment = g_ptr_array_index (candidates, i);
      glong length = g_utf8_strlen (comment->text, -1);

      g_array_append_val (lengths, length);
    }
  sorted = g_array_copy (lengths);
  g_array_sort (sorted, compare_lengths);
  median = g_array_index (sorted, glong, (sorted->len - 1) / 2);

  /* The comments short enough, unless they have fewer than @n texts. */
  quoted = g_hash_table_new (g_str_hash, g_str_equal);
  eligible = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < candidates->len; i++)
    if (g_array_index (lengths, glong, i) <= median)
      {
        g_array_append_val (eligible, i);
        if (g_hash_table_add (quoted, g_ptr_array_index (folded, i)))
          n_distinct++;
      }
  g_hash_table_remove_all (quoted);
  if (n_distinct < n)
    {
      g_array_set_size (eligible, 0);
      for (guint i = 0; i < candidates->len; i++)
        g_array_append_val (eligible, i);
    }

  /* Runs of (nearly) equal size, newest first; from each the longest text
   * not quoted yet, the newest on a tie. */
  chosen = g_array_new (FALSE, FALSE, sizeof (guint));
  runs = MIN (n, eligible->len);
  for (guint r = 0; r < runs; r++)
    {
      guint start = (guint) ((guint64) r * eligible->len / runs);
      guint end = (guint) ((guint64) (r + 1) * eligible->len / runs);
      glong best_length = -1;
      guint best = 0;

      for (guint e = start; e < end; e++)
        {
          guint i = g_array_index (eligible, guint, e);
          glong length = g_array_index (lengths, glong, i);

          if (length > best_length && !g_hash_table_contains (quoted, g_ptr_array_index (folded, i)))
            {
              best = i;
              best_length = length;
            }
        }

      if (best_length >= 0)
        {
          g_hash_table_add (quoted, g_ptr_array_index (folded, best));
          g_array_append_val (chosen, best);
        }
    }

  /* Runs whose texts were all quoted already: the newest texts left. */
  for (guint e = 0; e < eligible->len && chosen->len < n; e++)
    {
      guint i = g_array_index (eligible, guint, e);

      if (g_hash_table_add (quoted, g_ptr_array_index (folded, i)))
        g_array_append_val (chosen, i);
    }

  g_array_sort (chosen, compare_uints);
  for (guint c = 0; c < chosen->len; c++)
    g_list_store_append (store, g_ptr_array_index (candidates, g_array_index (chosen, guint, c)));

  return G_LIST_MODEL (g_steal_pointer (&store));
}
