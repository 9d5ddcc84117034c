/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pl-error.h"
#include "pl-import.h"
#include "pl-scorecard.h"
#include "pl-util.h"

/* Running an import: the mapping (pl-import-mapping.c) says which column
 * feeds which field; this file turns each record of the file into rows of
 * the workspace, or into the reasons it cannot be stored.
 *
 * One Importer serves both the preview (read-only: nothing is created, new
 * names and questions are only announced) and the run (its own connection,
 * one transaction). Every lookup the rows need — channels, colleagues,
 * teams, questions, criteria, metric series — is read once into memory, so
 * the per-record work is parsing; rows are written 32 at a time by reused
 * multi-row INSERTs, and a large import sets the secondary indexes aside
 * and builds them again before the commit (see defer_indexes()).
 *
 * Things an import creates outside its own rows (a survey, its questions,
 * channels, colleagues, teams) are written to the audit log as "create"
 * entries whose detail is "import batch N": that is how undoing the batch
 * finds them again. */

/* Rejected values are kept in full up to this many characters. */
#define MAX_PROBLEM_VALUE_CHARS 500

/* A new Likert question takes its scale from the answers it receives. */
#define DEFAULT_LIKERT_MIN 1
#define DEFAULT_LIKERT_MAX 5

#define DEFAULT_PROMISED_DAYS 10.0

/* -------------------------------------------------------------------- */
/* Results, problems and previews                                        */
/* -------------------------------------------------------------------- */

void
pl_import_problem_free (PlImportProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->column);
  g_free (problem->value);
  g_free (problem->reason);
  g_free (problem);
}

static char *
shorten_value (const char *value)
{
  const char *end;

  if (value == NULL)
    return NULL;

  if (g_utf8_strlen (value, MAX_PROBLEM_VALUE_CHARS + 1) <= MAX_PROBLEM_VALUE_CHARS)
    return g_strdup (value);

  end = g_utf8_offset_to_pointer (value, MAX_PROBLEM_VALUE_CHARS);
  return g_strdup_printf ("%.*s…", (int) (end - value), value);
}

static PlImportProblem *
problem_new (guint64     line,
             const char *column,
             const char *value,
             char       *reason)   /* taken */
{
  PlImportProblem *problem = g_new0 (PlImportProblem, 1);

  problem->line = line;
  problem->column = g_strdup (column);
  problem->value = shorten_value (value);
  problem->reason = reason;
  return problem;
}

static void
import_cell_free (gpointer data)
{
  PlImportCell *cell = data;

  g_free (cell->text);
  g_free (cell->problem);
  g_free (cell);
}

void
pl_import_preview_free (PlImportPreview *preview)
{
  if (preview == NULL)
    return;

  g_clear_pointer (&preview->columns, g_ptr_array_unref);
  g_clear_pointer (&preview->fields, g_ptr_array_unref);
  g_clear_pointer (&preview->rows, g_ptr_array_unref);
  g_clear_pointer (&preview->lines, g_ptr_array_unref);
  g_free (preview);
}

void
pl_import_result_free (PlImportResult *result)
{
  if (result == NULL)
    return;

  g_free (result->sha256);
  g_clear_pointer (&result->problems, g_ptr_array_unref);
  g_free (result);
}

/* -------------------------------------------------------------------- */
/* The default date (kept in the mapping)                                */
/* -------------------------------------------------------------------- */

/* PlImportMapping is opaque here, so the default date travels as a value
 * map entry of a column no file has: copies and the mapping JSON keep it
 * without knowing about it. The value is the day number of
 * pl_date_to_days(). */
#define DEFAULT_DATE_COLUMN "\x1f" "plumbline:default-date"
#define DEFAULT_DATE_TEXT "date"

void
pl_import_mapping_set_default_date (PlImportMapping *mapping,
                                    const char      *iso_date)
{
  GDate date;

  g_return_if_fail (mapping != NULL);

  if (iso_date == NULL)
    {
      pl_import_mapping_clear_values (mapping, DEFAULT_DATE_COLUMN);
      return;
    }

  g_return_if_fail (pl_date_parse_iso (iso_date, &date));
  pl_import_mapping_set_value (mapping, DEFAULT_DATE_COLUMN, DEFAULT_DATE_TEXT,
                               (double) pl_date_to_days (&date));
}

char *
pl_import_mapping_dup_default_date (PlImportMapping *mapping)
{
  double days;
  GDate date;

  g_return_val_if_fail (mapping != NULL, NULL);

  if (!pl_import_mapping_lookup_value (mapping, DEFAULT_DATE_COLUMN, DEFAULT_DATE_TEXT, &days) ||
      !isfinite (days))
    return NULL;

  pl_date_from_days ((gint64) days, &date);
  return pl_date_to_iso (&date);
}

/* -------------------------------------------------------------------- */
/* Small helpers                                                         */
/* -------------------------------------------------------------------- */

static void
set_db_error (sqlite3     *db,
              GError     **error,
              const char  *what)
{
  g_set_error (error, PL_ERROR, PL_ERROR_DATABASE, "%s: %s", what, sqlite3_errmsg (db));
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  char *errmsg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_DATABASE,
                   _("The workspace could not be updated: %s"),
                   errmsg != NULL ? errmsg : sqlite3_errmsg (db));
      sqlite3_free (errmsg);
      return FALSE;
    }

  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (db, error, _("The workspace could not be read"));
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

/* Runs a reused INSERT/UPDATE and resets it. */
static gboolean
step_done (sqlite3       *db,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    {
      set_db_error (db, error, _("The import could not be written to the workspace"));
      return FALSE;
    }

  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/* Names are matched ignoring case, accents' composition and surrounding
 * spaces. */
static char *
name_key (const char *text)
{
  g_autofree char *copy = NULL;
  const char *c;

  /* Plain ASCII, as most names and identifiers are: folding is lowering. */
  for (c = text; *c != '\0' && (guchar) *c < 0x80; c++)
    ;
  if (*c == '\0')
    {
      char *key = g_strstrip (g_strdup (text));

      for (char *k = key; *k != '\0'; k++)
        *k = g_ascii_tolower (*k);
      return key;
    }

  copy = g_strstrip (g_strdup (text));
  g_autofree char *normal = g_utf8_normalize (copy, -1, G_NORMALIZE_NFC);

  return g_utf8_casefold (normal != NULL ? normal : copy, -1);
}

/* Whether @text has spaces to strip, so that most values need no copy. */
static gboolean
needs_strip (const char *text)
{
  size_t len = strlen (text);

  return len > 0 && (g_ascii_isspace (text[0]) || g_ascii_isspace (text[len - 1]));
}

/* A code made of lowercase letters, digits and dashes: "postal-mail". */
static char *
make_slug (const char *text,
           const char *fallback)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *slug = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *c = ascii; *c != '\0'; c++)
    {
      if (g_ascii_isalnum (*c))
        {
          if (dash && slug->len > 0)
            g_string_append_c (slug, '-');
          g_string_append_c (slug, g_ascii_tolower (*c));
          dash = FALSE;
        }
      else
        dash = TRUE;
    }

  if (slug->len == 0)
    g_string_append (slug, fallback);

  return g_string_free (slug, FALSE);
}

/* @base, or @base-2, @base-3… : the first not in @taken (casefolded keys). */
static char *
unique_code (const char *base,
             GHashTable *taken)
{
  char *code = g_strdup (base);

  for (guint n = 2; ; n++)
    {
      g_autofree char *key = g_utf8_casefold (code, -1);

      if (!g_hash_table_contains (taken, key))
        break;
      g_free (code);
      code = g_strdup_printf ("%s-%u", base, n);
    }

  return code;
}

static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isfinite (value) && value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

static const char *
delimiter_text (char delimiter)
{
  switch (delimiter)
    {
    case ';':
      return ";";
    case '\t':
      return "\t";
    case '|':
      return "|";
    case ',':
    default:
      return ",";
    }
}

/* -------------------------------------------------------------------- */
/* File checksums and pseudonyms                                         */
/* -------------------------------------------------------------------- */

static char *
file_sha256 (const char    *path,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buffer = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  const gsize buffer_size = 1 << 20;
  FILE *file;
  size_t n;

  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, PL_ERROR, PL_ERROR_IO, _("Could not read “%s”: %s."),
                   name, g_strerror (saved_errno));
      return NULL;
    }

  buffer = g_malloc (buffer_size);
  while ((n = fread (buffer, 1, buffer_size, file)) > 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          fclose (file);
          return NULL;
        }
      g_checksum_update (checksum, buffer, n);
    }

  if (ferror (file))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_IO, _("Could not read “%s”."), name);
      fclose (file);
      return NULL;
    }

  fclose (file);
  return g_strdup (g_checksum_get_string (checksum));
}

/* The checksum means reading the whole file a second time: a thread of
 * its own does it while the rows are read and stored, which takes some
 * 0.4 s off an import of 90 MB. */
typedef struct _Checksum
{
  char *path;
  GCancellable *stop;
  char *sha256;
  GError *error;
} Checksum;

static gpointer
checksum_main (gpointer data)
{
  Checksum *job = data;

  job->sha256 = file_sha256 (job->path, job->stop, &job->error);
  return NULL;
}

static Checksum *
checksum_start (const char  *path,
                GThread    **thread)
{
  Checksum *job = g_new0 (Checksum, 1);

  job->path = g_strdup (path);
  job->stop = g_cancellable_new ();
  *thread = g_thread_try_new ("pl-import-checksum", checksum_main, job, NULL);
  if (*thread == NULL)
    checksum_main (job);

  return job;
}

/* The file's SHA-256 in hex, once the thread is done; with @stop, the
 * thread is stopped first and nothing is returned. */
static char *
checksum_finish (Checksum  *job,
                 GThread   *thread,
                 gboolean   stop,
                 GError   **error)
{
  char *sha256;

  if (stop)
    g_cancellable_cancel (job->stop);
  if (thread != NULL)
    g_thread_join (thread);

  sha256 = g_steal_pointer (&job->sha256);
  if (job->error != NULL)
    g_propagate_error (error, g_steal_pointer (&job->error));

  g_free (job->path);
  g_object_unref (job->stop);
  g_free (job);
  return sha256;
}

/* The pseudonym key is hex text (64 digits for the 32 random bytes the
 * schema makes); a key that is not hex is used as it is. */
static GHmac *
hmac_new_for_key (const char *key)
{
  size_t len = strlen (key);
  gboolean hex = len > 0 && len % 2 == 0;
  g_autofree guchar *bytes = NULL;

  for (size_t i = 0; hex && i < len; i++)
    hex = g_ascii_isxdigit (key[i]);

  if (!hex)
    return g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) key, len);

  bytes = g_malloc (len / 2);
  for (size_t i = 0; i < len / 2; i++)
    bytes[i] = (guchar) (g_ascii_xdigit_value (key[2 * i]) << 4 | g_ascii_xdigit_value (key[2 * i + 1]));

  return g_hmac_new (G_CHECKSUM_SHA256, bytes, len / 2);
}

static char *
new_pseudonym_key (void)
{
  GString *key = g_string_sized_new (64);

  for (guint i = 0; i < 8; i++)
    g_string_append_printf (key, "%08" G_GINT32_MODIFIER "x", g_random_int ());

  return g_string_free (key, FALSE);
}

/* "P-" and the first 16 hex digits of HMAC-SHA256 (key, identifier), the
 * identifier stripped and case-folded so that "Ann@Example.com " and
 * "ann@example.com" are one customer. */
static char *
pseudonym_with_hmac (GHmac      *base,
                     const char *identifier)
{
  g_autoptr(GHmac) hmac = g_hmac_copy (base);
  g_autofree char *key = name_key (identifier);
  const char *digest;

  if (*key == '\0')
    return NULL;

  g_hmac_update (hmac, (const guchar *) key, -1);
  digest = g_hmac_get_string (hmac);
  return g_strdup_printf ("P-%.16s", digest);
}

char *
pl_import_pseudonymise (PlWorkspace *workspace,
                        const char  *identifier)
{
  g_autofree char *key = NULL;
  g_autoptr(GHmac) hmac = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);

  if (identifier == NULL)
    return NULL;

  key = pl_workspace_get_setting (workspace, "pseudonym_key");
  if (key == NULL || *key == '\0')
    {
      g_autoptr(GError) error = NULL;

      /* Schema version 2 makes the key; a workspace without one gets one. */
      g_free (key);
      key = new_pseudonym_key ();
      if (!pl_workspace_set_setting (workspace, "pseudonym_key", key, &error))
        {
          g_debug ("Could not store a pseudonym key: %s", error->message);
          return NULL;
        }
    }

  hmac = hmac_new_for_key (key);
  return pseudonym_with_hmac (hmac, identifier);
}

/* -------------------------------------------------------------------- */
/* What each field does                                                  */
/* -------------------------------------------------------------------- */

typedef enum
{
  ROLE_NONE,
  ROLE_REFERENCE,       /* reference, response_id: reference and external_ref */
  ROLE_DATE,            /* date, received */
  ROLE_RESPONDED,
  ROLE_RESOLVED,        /* complaints: the day it was resolved */
  ROLE_CHANNEL,
  ROLE_COLLEAGUE,
  ROLE_TEAM,
  ROLE_CUSTOMER,        /* customer, respondent: pseudonymised */
  ROLE_COMMENT,         /* comment, comments, description: kept exactly */
  ROLE_CATEGORY,
  ROLE_OUTCOME,
  ROLE_EVALUATOR,
  ROLE_WAIT,
  ROLE_HANDLE,
  ROLE_DURATION,
  ROLE_ABANDONED,
  ROLE_FIRST_CONTACT,   /* interactions: resolved at the first contact */
  ROLE_PROMISED_DAYS,
  N_SINGLE_ROLES,
  ROLE_QUESTION = N_SINGLE_ROLES,
  ROLE_NEW_QUESTION,
  ROLE_CRITERION,
  ROLE_METRIC,
} Role;

typedef struct
{
  PlImportKind kind;
  const char *field;
  Role role;
} RoleName;

static const RoleName role_names[] = {
  { PL_IMPORT_INTERACTIONS, "reference", ROLE_REFERENCE },
  { PL_IMPORT_INTERACTIONS, "date", ROLE_DATE },
  { PL_IMPORT_INTERACTIONS, "channel", ROLE_CHANNEL },
  { PL_IMPORT_INTERACTIONS, "colleague", ROLE_COLLEAGUE },
  { PL_IMPORT_INTERACTIONS, "customer", ROLE_CUSTOMER },
  { PL_IMPORT_INTERACTIONS, "wait", ROLE_WAIT },
  { PL_IMPORT_INTERACTIONS, "handle", ROLE_HANDLE },
  { PL_IMPORT_INTERACTIONS, "abandoned", ROLE_ABANDONED },
  { PL_IMPORT_INTERACTIONS, "resolved", ROLE_FIRST_CONTACT },

  { PL_IMPORT_SURVEY, "response_id", ROLE_REFERENCE },
  { PL_IMPORT_SURVEY, "respondent", ROLE_CUSTOMER },
  { PL_IMPORT_SURVEY, "date", ROLE_DATE },
  { PL_IMPORT_SURVEY, "channel", ROLE_CHANNEL },
  { PL_IMPORT_SURVEY, "colleague", ROLE_COLLEAGUE },
  { PL_IMPORT_SURVEY, "comment", ROLE_COMMENT },
  { PL_IMPORT_SURVEY, "duration", ROLE_DURATION },

  { PL_IMPORT_OBSERVATIONS, "reference", ROLE_REFERENCE },
  { PL_IMPORT_OBSERVATIONS, "date", ROLE_DATE },
  { PL_IMPORT_OBSERVATIONS, "colleague", ROLE_COLLEAGUE },
  { PL_IMPORT_OBSERVATIONS, "channel", ROLE_CHANNEL },
  { PL_IMPORT_OBSERVATIONS, "evaluator", ROLE_EVALUATOR },
  { PL_IMPORT_OBSERVATIONS, "comments", ROLE_COMMENT },

  { PL_IMPORT_METRICS, "date", ROLE_DATE },
  { PL_IMPORT_METRICS, "channel", ROLE_CHANNEL },
  { PL_IMPORT_METRICS, "team", ROLE_TEAM },

  { PL_IMPORT_COMPLAINTS, "reference", ROLE_REFERENCE },
  { PL_IMPORT_COMPLAINTS, "received", ROLE_DATE },
  { PL_IMPORT_COMPLAINTS, "channel", ROLE_CHANNEL },
  { PL_IMPORT_COMPLAINTS, "category", ROLE_CATEGORY },
  { PL_IMPORT_COMPLAINTS, "description", ROLE_COMMENT },
  { PL_IMPORT_COMPLAINTS, "promised_days", ROLE_PROMISED_DAYS },
  { PL_IMPORT_COMPLAINTS, "responded", ROLE_RESPONDED },
  { PL_IMPORT_COMPLAINTS, "resolved", ROLE_RESOLVED },
  { PL_IMPORT_COMPLAINTS, "outcome", ROLE_OUTCOME },
  { PL_IMPORT_COMPLAINTS, "colleague", ROLE_COLLEAGUE },
  { PL_IMPORT_COMPLAINTS, "customer", ROLE_CUSTOMER },
};

static Role
role_for_field (PlImportKind  kind,
                const char   *field,
                const char  **argument)
{
  static const struct { PlImportKind kind; const char *prefix; Role role; } prefixed[] = {
    { PL_IMPORT_SURVEY, "question:", ROLE_QUESTION },
    { PL_IMPORT_SURVEY, "new-question:", ROLE_NEW_QUESTION },
    { PL_IMPORT_OBSERVATIONS, "criterion:", ROLE_CRITERION },
    { PL_IMPORT_METRICS, "metric:", ROLE_METRIC },
  };

  *argument = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (role_names[i].kind == kind && g_str_equal (role_names[i].field, field))
      return role_names[i].role;

  for (guint i = 0; i < G_N_ELEMENTS (prefixed); i++)
    if (prefixed[i].kind == kind && g_str_has_prefix (field, prefixed[i].prefix))
      {
        *argument = field + strlen (prefixed[i].prefix);
        return prefixed[i].role;
      }

  return ROLE_NONE;
}

/* Fields the tables cannot do without, whatever pl_import_fields() says. */
static gboolean
role_is_structural (PlImportKind kind,
                    Role         role)
{
  switch (kind)
    {
    case PL_IMPORT_INTERACTIONS:
      return role == ROLE_DATE || role == ROLE_CHANNEL;
    case PL_IMPORT_OBSERVATIONS:
      return role == ROLE_DATE || role == ROLE_COLLEAGUE;
    case PL_IMPORT_SURVEY:
    case PL_IMPORT_METRICS:
    case PL_IMPORT_COMPLAINTS:
      return role == ROLE_DATE;
    default:
      return FALSE;
    }
}

/* -------------------------------------------------------------------- */
/* The importer                                                          */
/* -------------------------------------------------------------------- */

typedef enum
{
  SCALE_YESNO,
  SCALE_YPN,
  SCALE_SCALE5,
  SCALE_PASSFAIL,
} CriterionScale;

typedef struct
{
  gint64 id;
  char *text;
  guint index;              /* in form order: into Importer.card's criteria */
  guint section;            /* index into Importer.section_weights */
  CriterionScale scale;
  double weight;
  gboolean allow_na;
  gboolean critical_form;
  gboolean critical_section;
} Criterion;

static void
criterion_free (gpointer data)
{
  Criterion *criterion = data;

  g_free (criterion->text);
  g_free (criterion);
}

typedef struct
{
  char *name;               /* the header */
  char *field;
  Role role;
  const char *label;        /* the field's label, for messages */
  int index;                /* field position in the record */
  gboolean required;

  /* Questions */
  PlQuestion *question;
  PlQuestionKind question_kind;
  gboolean has_range;
  int range_min, range_max;
  gboolean infer_scale;     /* new Likert: the scale comes from the answers */
  gboolean seen_any;
  double seen_min, seen_max;
  GHashTable *choices;      /* single choice: name_key → 1-based number */
  GPtrArray *choice_list;   /* the choices in order */
  guint n_existing_choices;

  /* Criteria */
  Criterion *criterion;

  /* Metrics */
  gint64 metric_id;
  gboolean metric_ratio;
  double metric_scale;

  /* Whether the mapping has a value map for the column: see lookup_value() */
  enum { VALUE_MAP_UNKNOWN, VALUE_MAP_NONE, VALUE_MAP_SOME } value_map;
} Column;

static void
column_free (gpointer data)
{
  Column *column = data;

  g_free (column->name);
  g_free (column->field);
  g_clear_object (&column->question);
  g_clear_pointer (&column->choices, g_hash_table_unref);
  g_clear_pointer (&column->choice_list, g_ptr_array_unref);
  g_free (column);
}

typedef struct
{
  gboolean has_value;
  gboolean pending;         /* a name to create when the row is stored */
  double number;
  gint64 id;
  const char *text;         /* the record's field, or owned */
  char *owned;
} Value;

typedef struct
{
  const char *entity;       /* "survey", "question", "channel", "colleague", "team" */
  gint64 id;
} Created;

typedef enum
{
  CELL_OK,
  CELL_PROBLEM,
  CELL_ERROR,
} CellResult;

typedef struct
{
  PlWorkspace *workspace;
  sqlite3 *db;
  gboolean writing;         /* FALSE: the preview */
  PlImportMapping *mapping;
  PlImportKind kind;
  PlCsvDialect dialect;
  const char * const *missing;
  gboolean create_missing;
  char *default_date;
  char *now;
  gint64 batch_id;
  char *batch_detail;       /* "import batch N", the audit detail of what it created */

  GPtrArray *columns;       /* of Column* */
  int role_column[N_SINGLE_ROLES];
  guint n_headers;

  /* Lookups: name_key (and raw spellings seen) → gint64 id */
  GHashTable *channels;
  GHashTable *channel_codes;     /* casefolded codes in use */
  GHashTable *colleagues;
  GHashTable *colleague_codes;
  guint next_colleague;
  GHashTable *teams;

  GHmac *hmac;
  GHashTable *pseudonyms;        /* identifier as written → pseudonym, for repeat customers */
  GStringChunk *pseudonym_texts; /* the keys and values of pseudonyms */
  GHashTable *days;              /* date as written → "YYYY-MM-DD" */
  GStringChunk *day_texts;       /* the keys and values of days */

  /* Surveys */
  gint64 survey_id;
  GHashTable *question_codes;    /* casefolded codes in the survey */
  int next_position;

  /* Observations */
  gint64 scorecard_id;
  GPtrArray *criteria;           /* of Criterion* */
  GArray *section_weights;       /* of double */
  PlScorecard *card;             /* the same, to score with the one scoring rule */
  double *scores;                /* one per criterion, NaN where the file gives none */

  /* Statements of the run */
  struct _Batch *rows;           /* the main rows: responses, complaints… */
  struct _Batch *details;        /* criterion scores */

  /* The file's SHA-256, worked out in a thread of its own: see checksum_start() */
  GThread *checksum;
  struct _Checksum *checksum_job;

  /* The writer thread: see writer_submit() */
  GThread *writer;
  GMutex writer_lock;
  GCond writer_cond;
  GQueue writer_full;            /* of Load*: full batches to write, oldest first */
  GQueue writer_free;            /* of Load*: written batches, to fill again */
  guint writer_pending;          /* loads in writer_full or being written */
  gboolean writer_quit;
  GError *writer_error;
  GString *answers;              /* the response being written: its answers as JSON */
  gint64 next_id;                /* of the next response or observation */
  char *default_moment;          /* the default date at midnight, for interactions */

  /* Bulk loading: see defer_indexes() */
  guint64 bulk_threshold;
  GPtrArray *deferred_indexes;   /* of char*: the CREATE INDEX statements to run again */
  sqlite3_stmt *insert_channel;
  sqlite3_stmt *insert_colleague;
  sqlite3_stmt *insert_team;
  sqlite3_stmt *insert_reject;

  GArray *created;               /* of Created */

  /* The record being mapped */
  Value *values;
  GPtrArray *problems;           /* of PlImportProblem*, this record's */
} Importer;

static void batch_free (struct _Batch *batch);
static void drop_caches (Importer *imp);

static void writer_stop (Importer *imp);
static void load_free (gpointer data);

static void
importer_clear (Importer *imp)
{
  writer_stop (imp);
  if (imp->checksum_job != NULL)
    g_free (checksum_finish (g_steal_pointer (&imp->checksum_job), g_steal_pointer (&imp->checksum),
                             TRUE, NULL));
  g_queue_clear_full (&imp->writer_full, load_free);
  g_queue_clear_full (&imp->writer_free, load_free);
  g_clear_pointer (&imp->rows, batch_free);
  g_clear_pointer (&imp->details, batch_free);
  g_clear_error (&imp->writer_error);
  if (imp->answers != NULL)
    g_string_free (g_steal_pointer (&imp->answers), TRUE);
  g_clear_pointer (&imp->default_moment, g_free);
  g_clear_pointer (&imp->deferred_indexes, g_ptr_array_unref);
  g_clear_pointer (&imp->insert_channel, sqlite3_finalize);
  g_clear_pointer (&imp->insert_colleague, sqlite3_finalize);
  g_clear_pointer (&imp->insert_team, sqlite3_finalize);
  g_clear_pointer (&imp->insert_reject, sqlite3_finalize);

  if (imp->values != NULL && imp->columns != NULL)
    for (guint i = 0; i < imp->columns->len; i++)
      g_free (imp->values[i].owned);
  g_clear_pointer (&imp->values, g_free);
  g_clear_pointer (&imp->problems, g_ptr_array_unref);
  g_clear_pointer (&imp->columns, g_ptr_array_unref);
  g_clear_pointer (&imp->channels, g_hash_table_unref);
  g_clear_pointer (&imp->channel_codes, g_hash_table_unref);
  g_clear_pointer (&imp->colleagues, g_hash_table_unref);
  g_clear_pointer (&imp->colleague_codes, g_hash_table_unref);
  g_clear_pointer (&imp->teams, g_hash_table_unref);
  g_clear_pointer (&imp->question_codes, g_hash_table_unref);
  g_clear_pointer (&imp->criteria, g_ptr_array_unref);
  g_clear_pointer (&imp->section_weights, g_array_unref);
  g_clear_object (&imp->card);
  g_clear_pointer (&imp->scores, g_free);
  g_clear_pointer (&imp->created, g_array_unref);
  g_clear_pointer (&imp->hmac, g_hmac_unref);
  drop_caches (imp);
  g_clear_pointer (&imp->default_date, g_free);
  g_clear_pointer (&imp->now, g_free);
  g_clear_pointer (&imp->batch_detail, g_free);
  pl_csv_dialect_clear (&imp->dialect);
}

static GHashTable *
id_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
id_table_add (GHashTable *table,
              char       *key,     /* taken */
              gint64      id)
{
  g_hash_table_replace (table, key, g_memdup2 (&id, sizeof id));
}

/* Looks @text up by its exact spelling, then by its name key; a spelling
 * found through the key is remembered so the next row needs no copy. */
static gboolean
id_table_lookup (GHashTable *table,
                 const char *text,
                 gint64     *id)
{
  gint64 *found = g_hash_table_lookup (table, text);

  if (found == NULL)
    {
      g_autofree char *key = name_key (text);

      found = g_hash_table_lookup (table, key);
      if (found == NULL)
        return FALSE;
      id_table_add (table, g_strdup (text), *found);
    }

  *id = *found;
  return TRUE;
}

static gboolean
load_names (Importer  *imp,
            GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  imp->channels = id_table_new ();
  imp->channel_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imp->colleagues = id_table_new ();
  imp->colleague_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imp->teams = id_table_new ();
  imp->next_colleague = 1;

  stmt = prepare (imp->db, "SELECT id, code, name FROM channels", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *code = (const char *) sqlite3_column_text (stmt, 1);
      const char *name = (const char *) sqlite3_column_text (stmt, 2);

      /* A name wins over another channel's code. */
      id_table_add (imp->channels, name_key (code), id);
      g_hash_table_add (imp->channel_codes, g_utf8_casefold (code, -1));
      if (name != NULL)
        id_table_add (imp->channels, name_key (name), id);
    }
  if (rc != SQLITE_DONE)
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (imp->db, "SELECT id, code, display_name FROM colleagues", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *code = (const char *) sqlite3_column_text (stmt, 1);
      const char *name = (const char *) sqlite3_column_text (stmt, 2);
      guint64 number;

      id_table_add (imp->colleagues, name_key (code), id);
      g_hash_table_add (imp->colleague_codes, g_utf8_casefold (code, -1));
      if (name != NULL)
        id_table_add (imp->colleagues, name_key (name), id);

      if ((code[0] == 'C' || code[0] == 'c') &&
          g_ascii_string_to_unsigned (code + 1, 10, 0, G_MAXUINT - 1, &number, NULL))
        imp->next_colleague = MAX (imp->next_colleague, (guint) number + 1);
    }
  if (rc != SQLITE_DONE)
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (imp->db, "SELECT id, name FROM teams", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    id_table_add (imp->teams, name_key ((const char *) sqlite3_column_text (stmt, 1)),
                  sqlite3_column_int64 (stmt, 0));
  if (rc != SQLITE_DONE)
    goto failed;

  return TRUE;

failed:
  set_db_error (imp->db, error, _("The workspace could not be read"));
  return FALSE;
}

static gboolean
load_pseudonym_key (Importer  *imp,
                    GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key = NULL;

  stmt = prepare (imp->db, "SELECT value FROM settings WHERE key = 'pseudonym_key'", error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (key == NULL || *key == '\0')
    {
      g_free (key);
      key = new_pseudonym_key ();

      if (imp->writing)
        {
          stmt = prepare (imp->db,
                          "INSERT INTO settings (key, value) VALUES ('pseudonym_key', ?)"
                          " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
          if (!step_done (imp->db, stmt, error))
            return FALSE;
        }
    }

  imp->hmac = hmac_new_for_key (key);
  return TRUE;
}

static void
record_created (Importer   *imp,
                const char *entity,
                gint64      id)
{
  Created created = { entity, id };

  g_array_append_val (imp->created, created);
}

/* The target survey: an existing one, or a new one (created by the run,
 * announced by the preview). */
static gboolean
prepare_survey (Importer  *imp,
                GError   **error)
{
  const char *new_name = pl_import_mapping_get_new_survey (imp->mapping);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  imp->question_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imp->next_position = 1;

  if (new_name != NULL && *new_name != '\0')
    {
      if (!imp->writing)
        return TRUE;

      stmt = prepare (imp->db, "INSERT INTO surveys (name, description, created_at) VALUES (?, ?, ?)",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, new_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, _("Made by importing a file."), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, imp->now, -1, SQLITE_STATIC);
      if (!step_done (imp->db, stmt, error))
        return FALSE;
      imp->survey_id = sqlite3_last_insert_rowid (imp->db);
      record_created (imp, "survey", imp->survey_id);
      return TRUE;
    }

  imp->survey_id = pl_import_mapping_get_survey_id (imp->mapping);
  if (imp->survey_id <= 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Choose the survey these responses belong to, or name a new one."));
      return FALSE;
    }

  stmt = prepare (imp->db, "SELECT 1 FROM surveys WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, imp->survey_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                             _("The survey chosen for this import is no longer in the workspace."));
      else
        set_db_error (imp->db, error, _("The workspace could not be read"));
      return FALSE;
    }

  return TRUE;
}

static GPtrArray *
load_questions (Importer  *imp,
                GError   **error)
{
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (imp->survey_id <= 0)
    return g_steal_pointer (&questions);

  stmt = prepare (imp->db,
                  "SELECT id, survey_id, position, code, text, kind,"
                  " scale_min, scale_max, choices, required"
                  " FROM questions WHERE survey_id = ? ORDER BY position, id",
                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, imp->survey_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlQuestionKind kind = PL_QUESTION_TEXT;

      pl_question_kind_from_string ((const char *) sqlite3_column_text (stmt, 5), &kind);
      g_ptr_array_add (questions,
                       g_object_new (PL_TYPE_QUESTION,
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
                                     NULL));
      imp->next_position = MAX (imp->next_position, sqlite3_column_int (stmt, 2) + 1);
      g_hash_table_add (imp->question_codes,
                        g_utf8_casefold ((const char *) sqlite3_column_text (stmt, 3), -1));
    }

  if (rc != SQLITE_DONE)
    {
      set_db_error (imp->db, error, _("The survey’s questions could not be read"));
      return NULL;
    }

  return g_steal_pointer (&questions);
}

static void
column_set_choices (Column     *column,
                    const char *choices)
{
  g_auto(GStrv) lines = NULL;

  column->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  column->choice_list = g_ptr_array_new_with_free_func (g_free);

  if (choices == NULL)
    return;

  lines = g_strsplit (choices, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      g_ptr_array_add (column->choice_list, g_strdup (lines[i]));
      g_hash_table_insert (column->choices, name_key (lines[i]),
                           GUINT_TO_POINTER (column->choice_list->len));
    }
  column->n_existing_choices = column->choice_list->len;
}

static void
column_set_question (Column     *column,
                     PlQuestion *question)
{
  g_set_object (&column->question, question);
  column->question_kind = pl_question_get_kind (question);
  column->has_range = pl_question_get_range (question, &column->range_min, &column->range_max);
}

/* Questions the mapping names by code, and new questions: created in the
 * survey by the run (code from the column name, unique in the survey),
 * made in memory only by the preview. */
static gboolean
prepare_questions (Importer  *imp,
                   GError   **error)
{
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;

  if (!prepare_survey (imp, error))
    return FALSE;

  questions = load_questions (imp, error);
  if (questions == NULL)
    return FALSE;

  for (guint i = 0; i < imp->columns->len; i++)
    {
      Column *column = g_ptr_array_index (imp->columns, i);
      const char *argument = NULL;

      role_for_field (imp->kind, column->field, &argument);

      if (column->role == ROLE_QUESTION)
        {
          PlQuestion *found = NULL;

          for (guint q = 0; q < questions->len && found == NULL; q++)
            if (g_str_equal (pl_question_get_code (g_ptr_array_index (questions, q)), argument))
              found = g_ptr_array_index (questions, q);
          for (guint q = 0; q < questions->len && found == NULL; q++)
            if (g_ascii_strcasecmp (pl_question_get_code (g_ptr_array_index (questions, q)), argument) == 0)
              found = g_ptr_array_index (questions, q);

          if (found == NULL)
            {
              g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The survey has no question with the code “%s” (column “%s”)."),
                           argument, column->name);
              return FALSE;
            }

          column_set_question (column, found);
          if (column->question_kind == PL_QUESTION_SINGLE)
            {
              g_autofree char *choices = NULL;

              g_object_get (found, "choices", &choices, NULL);
              column_set_choices (column, choices);
            }
        }
      else if (column->role == ROLE_NEW_QUESTION)
        {
          PlQuestionKind kind;
          g_autofree char *slug = NULL;
          g_autofree char *code = NULL;
          g_autoptr(PlQuestion) question = NULL;
          int scale_min = 0, scale_max = 0;
          gint64 id = 0;

          if (!pl_question_kind_from_string (argument, &kind))
            {
              g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                           _("“%s” is not a kind of question (column “%s”)."),
                           argument, column->name);
              return FALSE;
            }

          slug = make_slug (column->name, "question");
          code = unique_code (slug, imp->question_codes);
          g_hash_table_add (imp->question_codes, g_utf8_casefold (code, -1));

          if (kind == PL_QUESTION_LIKERT)
            {
              scale_min = DEFAULT_LIKERT_MIN;
              scale_max = DEFAULT_LIKERT_MAX;
              column->infer_scale = TRUE;
            }

          if (imp->writing)
            {
              if (insert == NULL)
                {
                  insert = prepare (imp->db,
                                    "INSERT INTO questions (survey_id, position, code, text, kind,"
                                    " scale_min, scale_max, required) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                                    error);
                  if (insert == NULL)
                    return FALSE;
                }

              sqlite3_bind_int64 (insert, 1, imp->survey_id);
              sqlite3_bind_int (insert, 2, imp->next_position);
              sqlite3_bind_text (insert, 3, code, -1, SQLITE_STATIC);
              sqlite3_bind_text (insert, 4, column->name, -1, SQLITE_STATIC);
              sqlite3_bind_text (insert, 5, pl_question_kind_to_string (kind), -1, SQLITE_STATIC);
              if (kind == PL_QUESTION_LIKERT)
                {
                  sqlite3_bind_int (insert, 6, scale_min);
                  sqlite3_bind_int (insert, 7, scale_max);
                }
              if (!step_done (imp->db, insert, error))
                return FALSE;
              id = sqlite3_last_insert_rowid (imp->db);
              record_created (imp, "question", id);
            }

          question = g_object_new (PL_TYPE_QUESTION,
                                   "id", id,
                                   "survey-id", MAX (imp->survey_id, 0),
                                   "position", imp->next_position,
                                   "code", code,
                                   "text", column->name,
                                   "kind", kind,
                                   "scale-min", scale_min,
                                   "scale-max", scale_max,
                                   NULL);
          imp->next_position++;
          column_set_question (column, question);
          if (kind == PL_QUESTION_SINGLE)
            column_set_choices (column, NULL);
        }
    }

  return TRUE;
}

static gboolean
prepare_criteria (Importer  *imp,
                  GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) sections = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  int rc;

  imp->scorecard_id = pl_import_mapping_get_scorecard_id (imp->mapping);
  imp->criteria = g_ptr_array_new_with_free_func (criterion_free);
  imp->section_weights = g_array_new (FALSE, FALSE, sizeof (double));
  imp->card = pl_scorecard_new ("");

  if (imp->scorecard_id <= 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Choose the scorecard these observations were scored on."));
      return FALSE;
    }

  stmt = prepare (imp->db,
                  "SELECT c.id, c.section_id, c.text, c.scale, c.weight, c.allow_na, c.critical,"
                  "       s.weight"
                  "  FROM criteria c JOIN scorecard_sections s ON s.id = c.section_id"
                  " WHERE s.scorecard_id = ? ORDER BY s.position, s.id, c.position, c.id",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, imp->scorecard_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Criterion *criterion = g_new0 (Criterion, 1);
      gint64 section_id = sqlite3_column_int64 (stmt, 1);
      const char *scale = (const char *) sqlite3_column_text (stmt, 3);
      const char *critical = (const char *) sqlite3_column_text (stmt, 6);
      gpointer section;

      if (!g_hash_table_lookup_extended (sections, &section_id, NULL, &section))
        {
          double weight = sqlite3_column_double (stmt, 7);

          section = GUINT_TO_POINTER (imp->section_weights->len);
          g_array_append_val (imp->section_weights, weight);
          g_hash_table_insert (sections, g_memdup2 (&section_id, sizeof section_id), section);
          g_ptr_array_add (pl_scorecard_get_sections (imp->card), pl_scorecard_section_new ("", weight));
        }

      criterion->id = sqlite3_column_int64 (stmt, 0);
      criterion->section = GPOINTER_TO_UINT (section);
      criterion->text = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      criterion->scale = g_strcmp0 (scale, "ypn") == 0 ? SCALE_YPN
                       : g_strcmp0 (scale, "scale5") == 0 ? SCALE_SCALE5
                       : g_strcmp0 (scale, "passfail") == 0 ? SCALE_PASSFAIL
                       : SCALE_YESNO;
      criterion->weight = sqlite3_column_double (stmt, 4);
      criterion->allow_na = sqlite3_column_int (stmt, 5) != 0;
      criterion->critical_form = g_strcmp0 (critical, "form") == 0;
      criterion->critical_section = g_strcmp0 (critical, "section") == 0;
      criterion->index = imp->criteria->len;
      g_ptr_array_add (imp->criteria, criterion);

      /* A criterion the file does not score counts as not applicable (the
       * rows are checked for that before they are scored). */
      {
        GPtrArray *card_sections = pl_scorecard_get_sections (imp->card);
        PlScorecardSection *card_section = g_ptr_array_index (card_sections, criterion->section);
        PlCriterion *copy = pl_criterion_new ();

        copy->id = criterion->id;
        g_free (copy->text);
        copy->text = g_strdup (criterion->text);
        copy->scale = criterion->scale == SCALE_YPN ? PL_CRITERION_SCALE_YPN
                    : criterion->scale == SCALE_SCALE5 ? PL_CRITERION_SCALE_SCALE5
                    : criterion->scale == SCALE_PASSFAIL ? PL_CRITERION_SCALE_PASSFAIL
                    : PL_CRITERION_SCALE_YESNO;
        copy->weight = criterion->weight;
        copy->allow_na = TRUE;
        copy->critical = criterion->critical_form ? PL_CRITICAL_FORM
                       : criterion->critical_section ? PL_CRITICAL_SECTION
                       : PL_CRITICAL_NONE;
        g_ptr_array_add (card_section->criteria, copy);
      }
    }

  if (rc != SQLITE_DONE)
    {
      set_db_error (imp->db, error, _("The scorecard could not be read"));
      return FALSE;
    }

  if (imp->criteria->len == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("The scorecard chosen for this import has no criteria, or is no "
                             "longer in the workspace."));
      return FALSE;
    }
  imp->scores = g_new (double, imp->criteria->len);

  for (guint i = 0; i < imp->columns->len; i++)
    {
      Column *column = g_ptr_array_index (imp->columns, i);
      const char *argument = NULL;
      guint64 id = 0;

      if (column->role != ROLE_CRITERION)
        continue;

      role_for_field (imp->kind, column->field, &argument);
      g_ascii_string_to_unsigned (argument, 10, 1, G_MAXINT64, &id, NULL);
      for (guint c = 0; c < imp->criteria->len && column->criterion == NULL; c++)
        if (((Criterion *) g_ptr_array_index (imp->criteria, c))->id == (gint64) id)
          column->criterion = g_ptr_array_index (imp->criteria, c);

      if (column->criterion == NULL)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("Column “%s” is mapped to a criterion that is not on the chosen scorecard."),
                       column->name);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
prepare_metrics (Importer  *imp,
                 GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (imp->db, "SELECT id, aggregation, scale FROM metric_series WHERE code = ?", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < imp->columns->len; i++)
    {
      Column *column = g_ptr_array_index (imp->columns, i);
      const char *argument = NULL;
      int rc;

      if (column->role != ROLE_METRIC)
        continue;

      role_for_field (imp->kind, column->field, &argument);
      sqlite3_bind_text (stmt, 1, argument, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          column->metric_id = sqlite3_column_int64 (stmt, 0);
          column->metric_ratio = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "ratio") == 0;
          column->metric_scale = sqlite3_column_double (stmt, 2);
          if (column->metric_scale == 0)
            column->metric_scale = 1;
        }
      sqlite3_reset (stmt);

      if (rc == SQLITE_DONE)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("Column “%s” is mapped to the operational metric “%s”, which is not in "
                         "the workspace."),
                       column->name, argument);
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        {
          set_db_error (imp->db, error, _("The workspace could not be read"));
          return FALSE;
        }
    }

  return TRUE;
}

static const char *
field_label (PlImportKind  kind,
             const char   *field,
             gboolean     *required)
{
  guint n_fields = 0;
  const PlImportField *fields = pl_import_fields (kind, &n_fields);

  *required = FALSE;
  for (guint i = 0; fields != NULL && i < n_fields; i++)
    if (g_strcmp0 (fields[i].id, field) == 0)
      {
        *required = fields[i].required;
        return fields[i].label;
      }

  return field;
}

/* Resolves the mapped columns against the file's headers. */
static gboolean
importer_init (Importer            *imp,
               PlWorkspace         *workspace,
               sqlite3             *db,
               gboolean             writing,
               const PlCsvDialect  *dialect,
               PlImportMapping     *mapping,
               GPtrArray           *headers,
               GError             **error)
{
  g_autoptr(GPtrArray) mapped = NULL;
  const char * const *missing;

  imp->workspace = workspace;
  imp->db = db;
  imp->writing = writing;
  imp->mapping = mapping;
  imp->kind = pl_import_mapping_get_kind (mapping);
  pl_csv_dialect_copy (dialect, &imp->dialect);
  missing = pl_import_mapping_get_missing_tokens (mapping);
  imp->missing = missing != NULL ? missing : pl_csv_default_missing_tokens ();
  imp->create_missing = pl_import_mapping_get_create_missing (mapping);
  imp->default_date = pl_import_mapping_dup_default_date (mapping);
  imp->now = pl_now_iso8601 ();
  imp->columns = g_ptr_array_new_with_free_func (column_free);
  imp->created = g_array_new (FALSE, FALSE, sizeof (Created));
  imp->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_import_problem_free);
  imp->n_headers = headers->len;
  for (guint r = 0; r < N_SINGLE_ROLES; r++)
    imp->role_column[r] = -1;

  mapped = pl_import_mapping_dup_columns (mapping);
  for (guint i = 0; mapped != NULL && i < mapped->len; i++)
    {
      const char *name = g_ptr_array_index (mapped, i);
      const char *field = pl_import_mapping_get_field (mapping, name);
      const char *argument = NULL;
      Column *column;
      int index = -1;
      Role role;

      if (field == NULL || *field == '\0' || g_str_equal (name, DEFAULT_DATE_COLUMN))
        continue;

      role = role_for_field (imp->kind, field, &argument);
      if (role == ROLE_NONE)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("Column “%s” is mapped to “%s”, which is not a field of %s."),
                       name, field, pl_import_kind_to_label (imp->kind));
          return FALSE;
        }

      for (guint h = 0; h < headers->len && index < 0; h++)
        if (g_strcmp0 (g_ptr_array_index (headers, h), name) == 0)
          index = (int) h;

      if (index < 0)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The file has no column “%s”, which the mapping uses. Check the "
                         "number of header rows, or map the columns again."),
                       name);
          return FALSE;
        }

      if (role < N_SINGLE_ROLES && imp->role_column[role] >= 0)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("Columns “%s” and “%s” both feed “%s”: map only one of them."),
                       ((Column *) g_ptr_array_index (imp->columns, imp->role_column[role]))->name,
                       name, field);
          return FALSE;
        }

      column = g_new0 (Column, 1);
      column->name = g_strdup (name);
      column->field = g_strdup (field);
      column->role = role;
      column->index = index;
      column->label = field_label (imp->kind, field, &column->required);
      column->required = column->required || role_is_structural (imp->kind, role);
      /* A default date stands in for empty cells. */
      if (role == ROLE_DATE && imp->default_date != NULL)
        column->required = FALSE;
      if (role < N_SINGLE_ROLES)
        imp->role_column[role] = (int) imp->columns->len;
      g_ptr_array_add (imp->columns, column);
    }

  if (imp->columns->len == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("No column is mapped to a field, so there is nothing to import."));
      return FALSE;
    }

  for (Role role = ROLE_NONE + 1; role < N_SINGLE_ROLES; role++)
    {
      if (imp->role_column[role] >= 0 || !role_is_structural (imp->kind, role))
        continue;
      if (role == ROLE_DATE && imp->default_date != NULL)
        continue;

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   role == ROLE_DATE
                   ? _("No column gives the date of each row: map one, or give one date for every row.")
                   : role == ROLE_CHANNEL
                   ? _("No column gives the channel of each row: map one.")
                   : _("No column gives the colleague of each row: map one."));
      return FALSE;
    }

  imp->values = g_new0 (Value, imp->columns->len);
  return TRUE;
}

/* Reads what the rows will need; a run does this inside its transaction,
 * where it may also create the new survey and questions. */
static gboolean
importer_load (Importer  *imp,
               GError   **error)
{
  if (!load_names (imp, error) || !load_pseudonym_key (imp, error))
    return FALSE;

  switch (imp->kind)
    {
    case PL_IMPORT_SURVEY:
      return prepare_questions (imp, error);
    case PL_IMPORT_OBSERVATIONS:
      return prepare_criteria (imp, error);
    case PL_IMPORT_METRICS:
      return prepare_metrics (imp, error);
    case PL_IMPORT_INTERACTIONS:
    case PL_IMPORT_COMPLAINTS:
    default:
      return TRUE;
    }
}

/* -------------------------------------------------------------------- */
/* Reading one cell                                                      */
/* -------------------------------------------------------------------- */

static const char * const yes_words[] = { "yes", "y", "true", "1", "oui", "pass", "passed", NULL };
static const char * const no_words[] = { "no", "n", "false", "0", "non", "fail", "failed", NULL };

/* The column's value map, as pl_import_mapping_lookup_value(); a column
 * without one (most) costs nothing from the second row on. */
static gboolean
lookup_value (Importer   *imp,
              Column     *column,
              const char *text,
              double     *number)
{
  if (column->value_map == VALUE_MAP_UNKNOWN)
    column->value_map = pl_import_mapping_has_values (imp->mapping, column->name)
                        ? VALUE_MAP_SOME : VALUE_MAP_NONE;

  return column->value_map == VALUE_MAP_SOME &&
         pl_import_mapping_lookup_value (imp->mapping, column->name, text, number);
}

static gboolean
word_in (const char         *key,
         const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_equal (key, words[i]))
      return TRUE;
  return FALSE;
}

static gboolean
parse_boolean (const char *text,
               double     *out)
{
  g_autofree char *long_key = NULL;
  char short_key[16];
  const char *key = short_key;
  gsize len = 0;

  /* Short ASCII, as "Yes" and "N" are, is folded on the stack. */
  for (const char *p = text; len < sizeof short_key - 1 && (guchar) *p < 0x80; p++)
    {
      if (*p == '\0')
        break;
      short_key[len++] = g_ascii_tolower (*p);
    }
  short_key[len] = '\0';
  if (text[len] != '\0' ||
      (len > 0 && (g_ascii_isspace (short_key[0]) || g_ascii_isspace (short_key[len - 1]))))
    key = long_key = name_key (text);

  if (word_in (key, yes_words))
    *out = 1;
  else if (word_in (key, no_words))
    *out = 0;
  else
    return FALSE;

  return TRUE;
}

/* Seconds as a number, or a clock length "h:mm:ss" / "m:ss". */
static gboolean
parse_seconds (const char *text,
               gboolean    decimal_comma,
               double     *out)
{
  g_auto(GStrv) parts = NULL;
  double total = 0;
  guint n;

  if (strchr (text, ':') == NULL)
    return pl_csv_parse_number (text, decimal_comma, out) && *out >= 0 && isfinite (*out);

  parts = g_strsplit (text, ":", -1);
  n = g_strv_length (parts);
  if (n < 2 || n > 3)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      double part;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0' || !pl_csv_parse_number (parts[i], decimal_comma, &part) ||
          part < 0 || (i > 0 && part >= 60))
        return FALSE;
      total = total * 60 + part;
    }

  *out = total;
  return TRUE;
}

static void
value_reset (Value *value)
{
  g_clear_pointer (&value->owned, g_free);
  memset (value, 0, sizeof *value);
}

static void
value_take_text (Value *value,
                 char  *text)
{
  g_free (value->owned);
  value->owned = text;
  value->text = text;
}

/* Text kept as written, or stripped for names and codes. */
static void
value_set_text (Value      *value,
                const char *text,
                gboolean    strip)
{
  value->has_value = TRUE;
  if (strip && needs_strip (text))
    value_take_text (value, g_strstrip (g_strdup (text)));
  else
    value->text = text;
}

static CellResult
cell_problem (char **reason,
              char  *message)   /* taken */
{
  *reason = message;
  return CELL_PROBLEM;
}

static CellResult
read_date (Importer   *imp,
           Column     *column,
           const char *text,
           Value      *value,
           char      **reason)
{
  g_autofree char *day = NULL;
  g_autofree char *moment = NULL;
  /* Interactions happen at a moment; everything else on a day. */
  gboolean at_moment = imp->kind == PL_IMPORT_INTERACTIONS && column->role == ROLE_DATE;
  const char *cached;

  if (!at_moment && imp->days != NULL && (cached = g_hash_table_lookup (imp->days, text)) != NULL)
    {
      value->has_value = TRUE;
      value->text = cached;
      return CELL_OK;
    }

  if (!pl_csv_parse_date (text, imp->dialect.date_order, &day, &moment))
    {
      g_autofree char *dmy = NULL;
      g_autofree char *mdy = NULL;

      if (imp->dialect.date_order != PL_DATE_ORDER_DMY &&
          imp->dialect.date_order != PL_DATE_ORDER_MDY &&
          pl_csv_parse_date (text, PL_DATE_ORDER_DMY, &dmy, NULL) &&
          pl_csv_parse_date (text, PL_DATE_ORDER_MDY, &mdy, NULL) &&
          g_strcmp0 (dmy, mdy) != 0)
        return cell_problem (reason,
                             g_strdup_printf (_("“%s” could be day/month or month/day: choose the "
                                                "date order for this file."),
                                              text));

      return cell_problem (reason, g_strdup_printf (_("“%s” is not a date."), text));
    }

  value->has_value = TRUE;

  if (at_moment)
    {
      if (moment != NULL)
        value_take_text (value, g_steal_pointer (&moment));
      else
        value_take_text (value, g_strdup_printf ("%sT00:00:00Z", day));
      return CELL_OK;
    }

  if (day == NULL)
    day = g_strndup (moment, 10);

  /* Kept until trim_caches() empties the cache, between two records. */
  if (imp->days == NULL)
    {
      imp->days = g_hash_table_new (g_str_hash, g_str_equal);
      imp->day_texts = g_string_chunk_new (16 * 1024);
    }
  value->text = g_string_chunk_insert (imp->day_texts, day);
  g_hash_table_insert (imp->days, g_string_chunk_insert (imp->day_texts, text), (gpointer) value->text);

  return CELL_OK;
}

static CellResult
read_name (Importer   *imp,
           Column     *column,
           GHashTable *table,
           const char *text,
           Value      *value,
           char      **reason)
{
  value_set_text (value, text, TRUE);

  if (*value->text == '\0')
    {
      value->has_value = FALSE;
      return CELL_OK;
    }

  if (id_table_lookup (table, value->text, &value->id))
    {
      value->pending = value->id < 0;
      return CELL_OK;
    }

  if (imp->create_missing)
    {
      value->pending = TRUE;
      value->id = 0;
      return CELL_OK;
    }

  switch (column->role)
    {
    case ROLE_CHANNEL:
      return cell_problem (reason, g_strdup_printf (_("There is no channel called “%s” in this "
                                                      "workspace."), value->text));
    case ROLE_COLLEAGUE:
      return cell_problem (reason, g_strdup_printf (_("There is no colleague called “%s” in this "
                                                      "workspace."), value->text));
    case ROLE_TEAM:
    default:
      return cell_problem (reason, g_strdup_printf (_("There is no team called “%s” in this "
                                                      "workspace."), value->text));
    }
}

static CellResult
read_answer (Importer   *imp,
             Column     *column,
             const char *text,
             Value      *value,
             char      **reason)
{
  g_autoptr(GError) local_error = NULL;
  double number;

  switch (column->question_kind)
    {
    case PL_QUESTION_TEXT:
    case PL_QUESTION_MULTIPLE:
      value_set_text (value, text, FALSE);
      return CELL_OK;

    case PL_QUESTION_SINGLE:
      {
        g_autofree char *key = name_key (text);
        gpointer found = g_hash_table_lookup (column->choices, key);

        if (found != NULL)
          {
            value->has_value = TRUE;
            value->number = GPOINTER_TO_UINT (found);
            return CELL_OK;
          }

        if (lookup_value (imp, column, text, &number) ||
            (column->n_existing_choices > 0 &&
             pl_csv_parse_number (text, imp->dialect.decimal_comma, &number)))
          {
            if (number != floor (number) || number < 1 || number > column->choice_list->len)
              return cell_problem (reason,
                                   g_strdup_printf (_("“%s” is not one of the %u choices of “%s”."),
                                                    text, column->choice_list->len, column->name));
            value->has_value = TRUE;
            value->number = number;
            return CELL_OK;
          }

        if (column->question != NULL && pl_question_get_id (column->question) > 0 &&
            column->n_existing_choices > 0)
          return cell_problem (reason,
                               g_strdup_printf (_("“%s” is not one of the choices of “%s”."),
                                                text, column->name));

        /* A new choice question learns its choices from the file. */
        value->has_value = TRUE;
        value->pending = TRUE;
        value_set_text (value, text, TRUE);
        value->number = column->choice_list->len + 1;
        return CELL_OK;
      }

    case PL_QUESTION_YESNO:
      if (!lookup_value (imp, column, text, &number) &&
          !parse_boolean (text, &number) &&
          !pl_csv_parse_number (text, imp->dialect.decimal_comma, &number))
        return cell_problem (reason,
                             g_strdup_printf (_("“%s” is neither yes nor no (“%s”)."), text,
                                              column->name));
      break;

    case PL_QUESTION_CSAT:
    case PL_QUESTION_NPS:
    case PL_QUESTION_CES:
    case PL_QUESTION_LIKERT:
    default:
      if (!lookup_value (imp, column, text, &number) &&
          !pl_csv_parse_number (text, imp->dialect.decimal_comma, &number))
        return cell_problem (reason,
                             g_strdup_printf (_("“%s” is not a number, and “%s” takes a rating."),
                                              text, column->name));
      break;
    }

  if (column->infer_scale)
    {
      if (!isfinite (number) || number != floor (number) || fabs (number) > 1000)
        return cell_problem (reason,
                             g_strdup_printf (_("“%s” takes whole numbers; %s is not one."),
                                              column->name, text));
    }
  else if (!column->has_range || number < column->range_min || number > column->range_max ||
           number != floor (number))
    {
      if (!pl_question_check_value (column->question, number, &local_error))
        return cell_problem (reason, g_strdup (local_error->message));
    }

  value->has_value = TRUE;
  value->number = number;
  return CELL_OK;
}

static const char *
scale_words (CriterionScale scale)
{
  switch (scale)
    {
    case SCALE_YPN:
      return _("yes, partly or no");
    case SCALE_SCALE5:
      return _("a whole number from 1 to 5");
    case SCALE_PASSFAIL:
      return _("pass or fail");
    case SCALE_YESNO:
    default:
      return _("yes or no");
    }
}

static CellResult
read_criterion (Importer   *imp,
                Column     *column,
                const char *text,
                Value      *value,
                char      **reason)
{
  Criterion *criterion = column->criterion;
  g_autofree char *key = name_key (text);
  double number = NAN;
  gboolean ok;

  if (g_str_equal (key, "n/a") || g_str_equal (key, "na") || g_str_equal (key, "not applicable"))
    {
      if (!criterion->allow_na)
        return cell_problem (reason,
                             g_strdup_printf (_("“%s” cannot be marked not applicable on this "
                                                "scorecard."),
                                              criterion->text));
      value->has_value = TRUE;
      value->number = NAN;
      return CELL_OK;
    }

  ok = lookup_value (imp, column, text, &number);
  if (!ok && criterion->scale == SCALE_YPN && (g_str_equal (key, "partly") || g_str_equal (key, "partial") ||
                                               g_str_equal (key, "p")))
    number = 0.5, ok = TRUE;
  if (!ok && criterion->scale != SCALE_SCALE5)
    ok = parse_boolean (text, &number);
  if (!ok)
    ok = pl_csv_parse_number (text, imp->dialect.decimal_comma, &number);

  switch (criterion->scale)
    {
    case SCALE_YPN:
      ok = ok && (number == 0 || number == 0.5 || number == 1);
      break;
    case SCALE_SCALE5:
      ok = ok && number == floor (number) && number >= 1 && number <= 5;
      break;
    case SCALE_YESNO:
    case SCALE_PASSFAIL:
    default:
      ok = ok && (number == 0 || number == 1);
      break;
    }

  if (!ok)
    return cell_problem (reason,
                         g_strdup_printf (_("“%s” is not a score for “%s”, which takes %s."),
                                          text, criterion->text, scale_words (criterion->scale)));

  value->has_value = TRUE;
  value->number = number;
  return CELL_OK;
}

/* Customers come back: a bounded cache spares a keyed hash per row. Its
 * strings live in one chunk, and it is emptied only between records (see
 * map_record()), so a pseudonym stays valid until the next record. */
#define MAX_CACHED_PSEUDONYMS 262144

static const char *
customer_pseudonym (Importer   *imp,
                    const char *identifier)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autofree char *key = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  char text[2 + 16 + 1] = "P-";
  const char *pseudonym;

  if (imp->pseudonyms == NULL)
    {
      imp->pseudonyms = g_hash_table_new (g_str_hash, g_str_equal);
      imp->pseudonym_texts = g_string_chunk_new (64 * 1024);
    }

  pseudonym = g_hash_table_lookup (imp->pseudonyms, identifier);
  if (pseudonym != NULL)
    return pseudonym;

  /* As pseudonym_with_hmac(), which gives the same text, without its copies. */
  key = name_key (identifier);
  if (*key == '\0')
    return NULL;

  hmac = g_hmac_copy (imp->hmac);
  g_hmac_update (hmac, (const guchar *) key, -1);
  g_hmac_get_digest (hmac, digest, &digest_len);
  for (guint i = 0; i < 8; i++)
    {
      text[2 + 2 * i] = "0123456789abcdef"[digest[i] >> 4];
      text[3 + 2 * i] = "0123456789abcdef"[digest[i] & 0xf];
    }

  pseudonym = g_string_chunk_insert_len (imp->pseudonym_texts, text, sizeof text - 1);
  g_hash_table_insert (imp->pseudonyms,
                       g_string_chunk_insert (imp->pseudonym_texts, identifier),
                       (gpointer) pseudonym);
  return pseudonym;
}

/* Dates repeat from row to row: the days already read, by their text. */
#define MAX_CACHED_DATES 4096

/* Frees the caches once every record is read: building the indexes again
 * wants the memory more. */
static void
drop_caches (Importer *imp)
{
  g_clear_pointer (&imp->pseudonyms, g_hash_table_unref);
  g_clear_pointer (&imp->pseudonym_texts, g_string_chunk_free);
  g_clear_pointer (&imp->days, g_hash_table_unref);
  g_clear_pointer (&imp->day_texts, g_string_chunk_free);
}

/* Empties the caches that grew too large, between two records. */
static void
trim_caches (Importer *imp)
{
  if (imp->pseudonyms != NULL && g_hash_table_size (imp->pseudonyms) >= MAX_CACHED_PSEUDONYMS)
    {
      g_hash_table_remove_all (imp->pseudonyms);
      g_string_chunk_clear (imp->pseudonym_texts);
    }

  if (imp->days != NULL && g_hash_table_size (imp->days) >= MAX_CACHED_DATES)
    {
      g_hash_table_remove_all (imp->days);
      g_string_chunk_clear (imp->day_texts);
    }
}

/* Reads one non-missing cell into @value. */
static CellResult
read_cell (Importer   *imp,
           Column     *column,
           const char *text,
           Value      *value,
           char      **reason)
{
  double number;

  switch (column->role)
    {
    case ROLE_REFERENCE:
    case ROLE_CATEGORY:
    case ROLE_OUTCOME:
    case ROLE_EVALUATOR:
      value_set_text (value, text, TRUE);
      return CELL_OK;

    case ROLE_COMMENT:
      value_set_text (value, text, FALSE);
      return CELL_OK;

    case ROLE_DATE:
    case ROLE_RESPONDED:
    case ROLE_RESOLVED:
      return read_date (imp, column, text, value, reason);

    case ROLE_CHANNEL:
      return read_name (imp, column, imp->channels, text, value, reason);
    case ROLE_COLLEAGUE:
      return read_name (imp, column, imp->colleagues, text, value, reason);
    case ROLE_TEAM:
      return read_name (imp, column, imp->teams, text, value, reason);

    case ROLE_CUSTOMER:
      value->text = customer_pseudonym (imp, text);
      value->has_value = value->text != NULL;
      return CELL_OK;

    case ROLE_WAIT:
    case ROLE_HANDLE:
    case ROLE_DURATION:
      if (!parse_seconds (text, imp->dialect.decimal_comma, &number))
        return cell_problem (reason,
                             g_strdup_printf (_("“%s” is not a length of time (seconds, or "
                                                "h:mm:ss)."), text));
      value->has_value = TRUE;
      value->number = number;
      return CELL_OK;

    case ROLE_ABANDONED:
    case ROLE_FIRST_CONTACT:
      if (!lookup_value (imp, column, text, &number) &&
          !parse_boolean (text, &number))
        return cell_problem (reason, g_strdup_printf (_("“%s” is neither yes nor no."), text));
      if (number != 0 && number != 1)
        return cell_problem (reason, g_strdup_printf (_("“%s” is neither yes nor no."), text));
      value->has_value = TRUE;
      value->number = number;
      return CELL_OK;

    case ROLE_PROMISED_DAYS:
      if (!pl_csv_parse_number (text, imp->dialect.decimal_comma, &number) ||
          !isfinite (number) || number < 0)
        return cell_problem (reason,
                             g_strdup_printf (_("“%s” is not a number of days."), text));
      value->has_value = TRUE;
      value->number = number;
      return CELL_OK;

    case ROLE_QUESTION:
    case ROLE_NEW_QUESTION:
      return read_answer (imp, column, text, value, reason);

    case ROLE_CRITERION:
      return read_criterion (imp, column, text, value, reason);

    case ROLE_METRIC:
      if (!lookup_value (imp, column, text, &number) &&
          !pl_csv_parse_number (text, imp->dialect.decimal_comma, &number))
        return cell_problem (reason, g_strdup_printf (_("“%s” is not a number."), text));
      if (!isfinite (number))
        return cell_problem (reason, g_strdup_printf (_("“%s” is not a number."), text));
      value->has_value = TRUE;
      value->number = number;
      return CELL_OK;

    case ROLE_NONE:
    default:
      return CELL_OK;
    }
}

/* Maps every column of one record into imp->values; what is wrong goes to
 * imp->problems. Returns FALSE when the record is rejected. */
static gboolean
map_record (Importer  *imp,
            GPtrArray *fields,
            guint64    line)
{
  g_ptr_array_set_size (imp->problems, 0);
  trim_caches (imp);

  for (guint i = 0; i < imp->columns->len; i++)
    {
      Column *column = g_ptr_array_index (imp->columns, i);
      Value *value = &imp->values[i];
      const char *text = (guint) column->index < fields->len
                         ? g_ptr_array_index (fields, column->index) : "";
      char *reason = NULL;

      value_reset (value);

      if (text == NULL || pl_csv_is_missing (text, imp->missing))
        {
          /* No score is "not applicable", which some criteria do not allow. */
          if (column->role == ROLE_CRITERION && column->criterion->allow_na)
            {
              value->has_value = TRUE;
              value->number = NAN;
            }
          else if (column->role == ROLE_CRITERION)
            g_ptr_array_add (imp->problems,
                             problem_new (line, column->name, text,
                                          g_strdup_printf (_("No score for “%s”, which cannot be "
                                                             "marked not applicable on this scorecard."),
                                                           column->criterion->text)));
          else if (column->required)
            g_ptr_array_add (imp->problems,
                             problem_new (line, column->name, text,
                                          g_strdup_printf (_("No value, and every row needs one for "
                                                             "“%s”."),
                                                           column->label)));
          continue;
        }

      if (read_cell (imp, column, text, value, &reason) == CELL_PROBLEM)
        {
          if (!column->required)
            {
              char *longer = g_strdup_printf (_("%s The column is optional, but a row is not "
                                                "imported with a value that cannot be read."),
                                              reason);
              g_free (reason);
              reason = longer;
            }
          g_ptr_array_add (imp->problems, problem_new (line, column->name, text, reason));
          value_reset (value);
        }
      else if (column->required && !value->has_value)
        g_ptr_array_add (imp->problems,
                         problem_new (line, column->name, text,
                                      g_strdup_printf (_("No value, and every row needs one for “%s”."),
                                                       column->label)));
    }

  /* Values beyond the header would be lost: say so rather than guess. */
  if (fields->len > imp->n_headers)
    {
      guint extra = 0;

      for (guint f = imp->n_headers; f < fields->len; f++)
        if (*(const char *) g_ptr_array_index (fields, f) != '\0')
          extra++;

      if (extra > 0)
        g_ptr_array_add (imp->problems,
                         problem_new (line, NULL, NULL,
                                      g_strdup_printf (_("This row has %u values but the file has %u "
                                                         "columns; a quote or a delimiter is probably "
                                                         "missing."),
                                                       fields->len, imp->n_headers)));
    }

  return imp->problems->len == 0;
}

/* -------------------------------------------------------------------- */
/* Names made by the import                                              */
/* -------------------------------------------------------------------- */

static const char *
channel_kind_for_name (const char *name)
{
  static const struct { const char *word; const char *kind; } words[] = {
    { "phone", "telephone" }, { "tél", "telephone" }, { "tel", "telephone" },
    { "call", "telephone" }, { "voice", "telephone" }, { "ivr", "telephone" },
    { "e-mail", "written" }, { "email", "written" }, { "mail", "written" },
    { "letter", "written" }, { "post", "written" }, { "fax", "written" },
    { "written", "written" }, { "courrier", "written" }, { "sms", "written" },
    { "social", "social" }, { "twitter", "social" }, { "facebook", "social" },
    { "instagram", "social" }, { "linkedin", "social" }, { "tiktok", "social" },
    { "face", "face_to_face" }, { "person", "face_to_face" }, { "store", "face_to_face" },
    { "shop", "face_to_face" }, { "branch", "face_to_face" }, { "counter", "face_to_face" },
    { "walk", "face_to_face" }, { "magasin", "face_to_face" }, { "visit", "face_to_face" },
  };
  g_autofree char *key = name_key (name);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (key, words[i].word) != NULL)
      return words[i].kind;

  return "online";
}

/* Creates the channel, colleague or team a row names, once. */
static gboolean
create_name (Importer  *imp,
             Column    *column,
             Value     *value,
             GError   **error)
{
  GHashTable *table = column->role == ROLE_CHANNEL ? imp->channels
                    : column->role == ROLE_COLLEAGUE ? imp->colleagues
                    : imp->teams;
  sqlite3_stmt *stmt;
  g_autofree char *code = NULL;
  const char *entity;

  if (id_table_lookup (table, value->text, &value->id) && value->id > 0)
    {
      value->pending = FALSE;
      return TRUE;
    }

  switch (column->role)
    {
    case ROLE_CHANNEL:
      {
        g_autofree char *slug = make_slug (value->text, "channel");

        if (imp->insert_channel == NULL &&
            (imp->insert_channel = prepare (imp->db,
                                            "INSERT INTO channels (code, name, kind) VALUES (?, ?, ?)",
                                            error)) == NULL)
          return FALSE;
        code = unique_code (slug, imp->channel_codes);
        g_hash_table_add (imp->channel_codes, g_utf8_casefold (code, -1));
        stmt = imp->insert_channel;
        sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, value->text, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, channel_kind_for_name (value->text), -1, SQLITE_STATIC);
        entity = "channel";
      }
      break;

    case ROLE_COLLEAGUE:
      if (imp->insert_colleague == NULL &&
          (imp->insert_colleague = prepare (imp->db,
                                            "INSERT INTO colleagues (code, display_name) VALUES (?, ?)",
                                            error)) == NULL)
        return FALSE;
      do
        {
          g_autofree char *key = NULL;

          g_free (code);
          code = g_strdup_printf ("C%02u", imp->next_colleague++);
          key = g_utf8_casefold (code, -1);
          if (!g_hash_table_contains (imp->colleague_codes, key))
            {
              g_hash_table_add (imp->colleague_codes, g_steal_pointer (&key));
              break;
            }
        }
      while (TRUE);
      stmt = imp->insert_colleague;
      sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, value->text, -1, SQLITE_STATIC);
      entity = "colleague";
      break;

    case ROLE_TEAM:
    default:
      if (imp->insert_team == NULL &&
          (imp->insert_team = prepare (imp->db, "INSERT INTO teams (name) VALUES (?)", error)) == NULL)
        return FALSE;
      stmt = imp->insert_team;
      sqlite3_bind_text (stmt, 1, value->text, -1, SQLITE_STATIC);
      entity = "team";
      break;
    }

  if (!step_done (imp->db, stmt, error))
    return FALSE;

  value->id = sqlite3_last_insert_rowid (imp->db);
  value->pending = FALSE;
  id_table_add (table, name_key (value->text), value->id);
  if (code != NULL && column->role == ROLE_CHANNEL)
    id_table_add (table, name_key (code), value->id);
  record_created (imp, entity, value->id);
  return TRUE;
}

/* The tables each kind of import fills: the first is the one it adds a
 * row to per record. */
static const char * const *
kind_tables (PlImportKind kind)
{
  static const char * const interactions[] = { "interactions", NULL };
  static const char * const survey[] = { "responses", NULL };
  static const char * const observations[] = { "observations", "observation_scores", NULL };
  static const char * const metrics[] = { "metric_values", NULL };
  static const char * const complaints[] = { "complaints", NULL };

  switch (kind)
    {
    case PL_IMPORT_INTERACTIONS:
      return interactions;
    case PL_IMPORT_SURVEY:
      return survey;
    case PL_IMPORT_OBSERVATIONS:
      return observations;
    case PL_IMPORT_METRICS:
      return metrics;
    case PL_IMPORT_COMPLAINTS:
    default:
      return complaints;
    }
}

/* Large imports are bulk loads: once an import has added as many rows as
 * the table held (and at least BULK_MIN_ROWS), updating every secondary
 * index row by row costs more than building the indexes again at the end,
 * from sorted keys. The indexes are dropped inside the import's
 * transaction and made again before the commit, so a cancelled or failed
 * import gives them back untouched. */
#define BULK_MIN_ROWS 20000

static gboolean
defer_indexes (Importer  *imp,
               GError   **error)
{
  const char * const *tables = kind_tables (imp->kind);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int rc;

  imp->deferred_indexes = g_ptr_array_new_with_free_func (g_free);

  stmt = prepare (imp->db,
                  "SELECT name, sql FROM sqlite_schema"
                  " WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tables[0], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, tables[1] != NULL ? tables[1] : tables[0], -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (imp->deferred_indexes, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (imp->db, error, _("The workspace could not be read"));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint i = 0; i < names->len; i++)
    {
      char *drop = sqlite3_mprintf ("DROP INDEX \"%w\"", (const char *) g_ptr_array_index (names, i));
      gboolean ok = exec_sql (imp->db, drop, error);

      sqlite3_free (drop);
      if (!ok)
        return FALSE;
    }

  g_debug ("Import: %u indexes deferred to the end", names->len);
  return TRUE;
}

static gboolean
restore_indexes (Importer  *imp,
                 GError   **error)
{
  /* SQLite sorts the keys of a new index in runs as large as the page
   * cache: runs of 4 MB fit the CPU's caches and are sorted on both cores
   * (PRAGMA threads, pl-workspace.c), then merged. A million keys take
   * about half the time they take in runs of 32 MB. */
  if (imp->deferred_indexes != NULL && imp->deferred_indexes->len > 0 &&
      !exec_sql (imp->db, "PRAGMA cache_size = -4096", error))
    return FALSE;

  for (guint i = 0; imp->deferred_indexes != NULL && i < imp->deferred_indexes->len; i++)
    {
      const char *sql = g_ptr_array_index (imp->deferred_indexes, i);
      gint64 start = g_get_monotonic_time ();

      if (!exec_sql (imp->db, sql, error))
        return FALSE;
      g_debug ("Import: %s: %.0f ms", sql, (g_get_monotonic_time () - start) / 1000.0);
    }

  g_clear_pointer (&imp->deferred_indexes, g_ptr_array_unref);
  return TRUE;
}

/* -------------------------------------------------------------------- */
/* Batched INSERTs                                                       */
/* -------------------------------------------------------------------- */

/* Rows are written BATCH_ROWS at a time with one multi-row INSERT: SQLite
 * spends much of a single-row INSERT starting and ending the statement.
 * Responses and observations get their ids from the import (it holds the
 * write lock from the start), so their answers and scores can be batched
 * too. */
#define BATCH_ROWS 512

typedef enum
{
  BOUND_NULL,
  BOUND_INT,
  BOUND_DOUBLE,
  BOUND_TEXT,
} BoundType;

typedef struct
{
  BoundType type;
  gint64 i;
  double d;
  const char *text;          /* in the batch's string chunk, or static */
} Bound;

typedef struct _Batch
{
  const char *head;          /* "INSERT INTO t (a, b, …) VALUES " */
  const char *tuple;         /* "(?, ?, …)" */
  guint width;               /* parameters per row */
  GArray *values;            /* of Bound, rows × width */
  GStringChunk *texts;
  GPtrArray *statements;     /* [k - 1]: the INSERT of k rows, made when first needed */
} Batch;

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
batch_init (Batch      *batch,
            const char *head,
            const char *tuple,
            guint       width)
{
  batch->head = head;
  batch->tuple = tuple;
  batch->width = width;
  batch->values = g_array_sized_new (FALSE, FALSE, sizeof (Bound), width * BATCH_ROWS);
  batch->texts = g_string_chunk_new (4096);
  batch->statements = g_ptr_array_new_with_free_func (finalize_statement);
}

/* A batch that batch_init() never saw (no details to write) has nothing. */
static void
batch_free (Batch *batch)
{
  g_clear_pointer (&batch->values, g_array_unref);
  g_clear_pointer (&batch->texts, g_string_chunk_free);
  g_clear_pointer (&batch->statements, g_ptr_array_unref);
  g_free (batch);
}

static void
batch_null (Batch *batch)
{
  Bound bound = { BOUND_NULL, 0, 0, NULL };

  g_array_append_val (batch->values, bound);
}

static void
batch_int (Batch  *batch,
           gint64  value)
{
  Bound bound = { BOUND_INT, value, 0, NULL };

  g_array_append_val (batch->values, bound);
}

/* An id, or NULL for none (0). */
static void
batch_id (Batch  *batch,
          gint64  id)
{
  if (id > 0)
    batch_int (batch, id);
  else
    batch_null (batch);
}

/* NaN is NULL. */
static void
batch_double (Batch  *batch,
              double  value)
{
  Bound bound = { BOUND_DOUBLE, 0, value, NULL };

  if (isnan (value))
    batch_null (batch);
  else
    g_array_append_val (batch->values, bound);
}

/* Copied: the record's fields do not outlive it. */
static void
batch_text (Batch      *batch,
            const char *text)
{
  Bound bound = { BOUND_TEXT, 0, 0, NULL };

  if (text == NULL)
    {
      batch_null (batch);
      return;
    }

  bound.text = g_string_chunk_insert (batch->texts, text);
  g_array_append_val (batch->values, bound);
}

/* Not copied: text that lives as long as the import. */
static void
batch_static_text (Batch      *batch,
                   const char *text)
{
  Bound bound = { BOUND_TEXT, 0, 0, text };

  if (text == NULL)
    batch_null (batch);
  else
    g_array_append_val (batch->values, bound);
}

static guint
batch_n_rows (Batch *batch)
{
  return batch->values->len / batch->width;
}

static sqlite3_stmt *
batch_statement (Importer  *imp,
                 Batch     *batch,
                 guint      n_rows,
                 GError   **error)
{
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt;

  if (n_rows <= batch->statements->len &&
      (stmt = g_ptr_array_index (batch->statements, n_rows - 1)) != NULL)
    return stmt;

  sql = g_string_new (batch->head);
  for (guint r = 0; r < n_rows; r++)
    {
      if (r > 0)
        g_string_append (sql, ", ");
      g_string_append (sql, batch->tuple);
    }

  stmt = prepare (imp->db, sql->str, error);
  if (stmt == NULL)
    return NULL;

  if (batch->statements->len < n_rows)
    g_ptr_array_set_size (batch->statements, n_rows);
  g_ptr_array_index (batch->statements, n_rows - 1) = stmt;
  return stmt;
}

/* Writes the rows waiting in @batch, BATCH_ROWS per statement. */
static gboolean
batch_flush (Importer  *imp,
             Batch     *batch,
             GError   **error)
{
  guint n_rows = batch_n_rows (batch);
  /* SQLite takes 32,766 parameters a statement unless built otherwise. */
  guint per_statement = MIN (BATCH_ROWS, MAX (1, sqlite3_limit (imp->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1) /
                                                 (int) batch->width));

  for (guint first = 0; first < n_rows; first += per_statement)
    {
      guint k = MIN (per_statement, n_rows - first);
      sqlite3_stmt *stmt = batch_statement (imp, batch, k, error);
      const Bound *bound;

      if (stmt == NULL)
        return FALSE;

      bound = &g_array_index (batch->values, Bound, first * batch->width);
      for (guint p = 0; p < k * batch->width; p++, bound++)
        {
          switch (bound->type)
            {
            case BOUND_INT:
              sqlite3_bind_int64 (stmt, (int) p + 1, bound->i);
              break;
            case BOUND_DOUBLE:
              sqlite3_bind_double (stmt, (int) p + 1, bound->d);
              break;
            case BOUND_TEXT:
              sqlite3_bind_text (stmt, (int) p + 1, bound->text, -1, SQLITE_STATIC);
              break;
            case BOUND_NULL:
            default:
              break;
            }
        }

      if (!step_done (imp->db, stmt, error))
        return FALSE;
    }

  g_array_set_size (batch->values, 0);
  g_string_chunk_clear (batch->texts);
  return TRUE;
}

static gboolean
write_batches (Importer  *imp,
               Batch     *rows,
               Batch     *details,
               GError   **error)
{
  return batch_flush (imp, rows, error) &&
         (details->width == 0 || batch_flush (imp, details, error));
}

/* The writer thread. Reading and mapping the file takes about as long as
 * SQLite takes to store the rows, so a second thread stores the full
 * batches while the next ones fill: an import of a million responses
 * takes some 40% less time on two cores. A few batches may wait for it,
 * as SQLite writes in bursts when its page cache fills.
 *
 * Only one thread uses the connection at a time: the import waits for the
 * writer to finish (writer_wait()) before anything else it does with the
 * database, and it never touches the batches it has handed over. */
#define WRITER_DEPTH 8

typedef struct
{
  Batch *rows;
  Batch *details;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  batch_free (load->rows);
  batch_free (load->details);
  g_free (load);
}

static gpointer writer_main (gpointer data);

static void
writer_start (Importer *imp)
{
  g_mutex_init (&imp->writer_lock);
  g_cond_init (&imp->writer_cond);
  for (guint i = 0; i < WRITER_DEPTH; i++)
    {
      Load *load = g_new0 (Load, 1);

      load->rows = g_new0 (Batch, 1);
      load->details = g_new0 (Batch, 1);
      batch_init (load->rows, imp->rows->head, imp->rows->tuple, imp->rows->width);
      if (imp->details->width > 0)
        batch_init (load->details, imp->details->head, imp->details->tuple, imp->details->width);
      g_queue_push_tail (&imp->writer_free, load);
    }

  /* Without a thread the import writes each batch itself. */
  imp->writer = g_thread_try_new ("pl-import-writer", writer_main, imp, NULL);
  if (imp->writer == NULL)
    {
      g_mutex_clear (&imp->writer_lock);
      g_cond_clear (&imp->writer_cond);
    }
}

static gpointer
writer_main (gpointer data)
{
  Importer *imp = data;

  g_mutex_lock (&imp->writer_lock);
  while (TRUE)
    {
      g_autoptr(GError) error = NULL;
      Load *load;
      gboolean ok = TRUE;

      while (g_queue_is_empty (&imp->writer_full) && !imp->writer_quit)
        g_cond_wait (&imp->writer_cond, &imp->writer_lock);
      load = g_queue_pop_head (&imp->writer_full);
      if (load == NULL)
        break;

      /* After a failure, or once the import has stopped (cancelled or
       * failed: it waits for every batch before it finishes), the rest
       * are dropped: the import is rolled back. */
      if (imp->writer_error == NULL && !imp->writer_quit)
        {
          g_mutex_unlock (&imp->writer_lock);
          ok = write_batches (imp, load->rows, load->details, &error);
          g_mutex_lock (&imp->writer_lock);
        }

      if (!ok && imp->writer_error == NULL)
        imp->writer_error = g_steal_pointer (&error);
      g_queue_push_tail (&imp->writer_free, load);
      imp->writer_pending--;
      g_cond_broadcast (&imp->writer_cond);
    }
  g_mutex_unlock (&imp->writer_lock);

  return NULL;
}

/* Returns once every batch handed over is written, with the writer's error
 * if one failed. */
static gboolean
writer_wait (Importer  *imp,
             GError   **error)
{
  GError *writer_error;

  if (imp->writer == NULL)
    return TRUE;

  g_mutex_lock (&imp->writer_lock);
  while (imp->writer_pending > 0)
    g_cond_wait (&imp->writer_cond, &imp->writer_lock);
  writer_error = g_steal_pointer (&imp->writer_error);
  g_mutex_unlock (&imp->writer_lock);

  if (writer_error != NULL)
    {
      g_propagate_error (error, writer_error);
      return FALSE;
    }

  return TRUE;
}

static void
writer_stop (Importer *imp)
{
  if (imp->writer == NULL)
    return;

  g_mutex_lock (&imp->writer_lock);
  imp->writer_quit = TRUE;
  g_cond_broadcast (&imp->writer_cond);
  g_mutex_unlock (&imp->writer_lock);

  g_thread_join (g_steal_pointer (&imp->writer));
  g_mutex_clear (&imp->writer_lock);
  g_cond_clear (&imp->writer_cond);
}

/* Hands the full batches to the writer and goes on with empty ones. */
static gboolean
writer_submit (Importer  *imp,
               GError   **error)
{
  Batch *rows = imp->rows;
  Batch *details = imp->details;
  Load *load;
  gboolean failed;

  if (imp->writer == NULL)
    return write_batches (imp, imp->rows, imp->details, error);

  g_mutex_lock (&imp->writer_lock);
  while (g_queue_is_empty (&imp->writer_free))
    g_cond_wait (&imp->writer_cond, &imp->writer_lock);
  load = g_queue_pop_head (&imp->writer_free);
  imp->rows = load->rows;
  imp->details = load->details;
  load->rows = rows;
  load->details = details;
  g_queue_push_tail (&imp->writer_full, load);
  imp->writer_pending++;
  failed = imp->writer_error != NULL;
  g_cond_broadcast (&imp->writer_cond);
  g_mutex_unlock (&imp->writer_lock);

  /* A failed batch ends the import at once. */
  return !failed || writer_wait (imp, error);
}

/* Writes every row still waiting, and returns with the writer idle. */
static gboolean
flush_batches (Importer  *imp,
               GError   **error)
{
  return writer_wait (imp, error) && write_batches (imp, imp->rows, imp->details, error);
}

/* -------------------------------------------------------------------- */
/* Writing one record                                                    */
/* -------------------------------------------------------------------- */

static Value *
role_value (Importer *imp,
            Role      role)
{
  int index = imp->role_column[role];

  if (index < 0 || !imp->values[index].has_value)
    return NULL;

  return &imp->values[index];
}

static const char *
role_text (Importer *imp,
           Role      role)
{
  Value *value = role_value (imp, role);

  return value != NULL ? value->text : NULL;
}

static gint64
role_id (Importer *imp,
         Role      role)
{
  Value *value = role_value (imp, role);

  return value != NULL ? value->id : 0;
}

static double
role_number (Importer *imp,
             Role      role)
{
  Value *value = role_value (imp, role);

  return value != NULL ? value->number : NAN;
}

static const char *
row_day (Importer *imp)
{
  const char *day = role_text (imp, ROLE_DATE);

  return day != NULL ? day : imp->default_date;
}

static void
add_interaction (Importer *imp)
{
  Batch *rows = imp->rows;
  const char *moment = role_text (imp, ROLE_DATE);
  const char *reference = role_text (imp, ROLE_REFERENCE);
  double wait = role_number (imp, ROLE_WAIT);
  double handle = role_number (imp, ROLE_HANDLE);
  double abandoned = role_number (imp, ROLE_ABANDONED);
  double resolved = role_number (imp, ROLE_FIRST_CONTACT);

  batch_text (rows, reference);
  batch_text (rows, reference);
  batch_int (rows, role_id (imp, ROLE_CHANNEL));
  batch_id (rows, role_id (imp, ROLE_COLLEAGUE));
  batch_text (rows, role_text (imp, ROLE_CUSTOMER));
  if (moment != NULL)
    batch_text (rows, moment);
  else
    batch_static_text (rows, imp->default_moment);
  if (isnan (wait))
    batch_null (rows);
  else
    batch_int (rows, llround (wait));
  if (isnan (handle))
    batch_null (rows);
  else
    batch_int (rows, llround (handle));
  batch_int (rows, !isnan (abandoned) && abandoned != 0);
  if (isnan (resolved))
    batch_null (rows);
  else
    batch_int (rows, resolved != 0);
  batch_int (rows, imp->batch_id);
}

static void
add_response (Importer *imp)
{
  Batch *rows = imp->rows;
  gint64 response_id = imp->next_id++;

  batch_int (rows, response_id);
  batch_int (rows, imp->survey_id);
  batch_id (rows, role_id (imp, ROLE_CHANNEL));
  batch_id (rows, role_id (imp, ROLE_COLLEAGUE));
  batch_text (rows, role_text (imp, ROLE_CUSTOMER));
  if (role_text (imp, ROLE_DATE) != NULL)
    batch_text (rows, role_text (imp, ROLE_DATE));
  else
    batch_static_text (rows, imp->default_date);
  batch_text (rows, role_text (imp, ROLE_COMMENT));
  batch_int (rows, imp->batch_id);
  batch_static_text (rows, imp->now);
  batch_static_text (rows, imp->now);
  batch_text (rows, role_text (imp, ROLE_REFERENCE));
  batch_double (rows, role_number (imp, ROLE_DURATION));

  pl_answers_json_begin (imp->answers);
  for (guint i = 0; i < imp->columns->len; i++)
    {
      Column *column = g_ptr_array_index (imp->columns, i);
      Value *value = &imp->values[i];

      if (column->question == NULL || !value->has_value)
        continue;

      if (column->question_kind == PL_QUESTION_SINGLE && value->pending)
        {
          /* The choice may have been added by an earlier row. */
          g_autofree char *key = name_key (value->text);
          gpointer found = g_hash_table_lookup (column->choices, key);

          if (found == NULL)
            {
              g_ptr_array_add (column->choice_list, g_strdup (value->text));
              found = GUINT_TO_POINTER (column->choice_list->len);
              g_hash_table_insert (column->choices, g_steal_pointer (&key), found);
            }
          value->number = GPOINTER_TO_UINT (found);
          value->pending = FALSE;
        }

      if (column->infer_scale)
        {
          column->seen_min = column->seen_any ? MIN (column->seen_min, value->number) : value->number;
          column->seen_max = column->seen_any ? MAX (column->seen_max, value->number) : value->number;
          column->seen_any = TRUE;
        }

      if (column->question_kind == PL_QUESTION_TEXT || column->question_kind == PL_QUESTION_MULTIPLE)
        pl_answers_json_text (imp->answers, pl_question_get_id (column->question), value->text);
      else
        pl_answers_json_number (imp->answers, pl_question_get_id (column->question), value->number);
    }

  if (pl_answers_json_end (imp->answers))
    batch_text (rows, imp->answers->str);
  else
    batch_null (rows);
}

/* The scoring rule (pl-scorecard.h), over the criteria this file scores:
 * the others count as not applicable. */
static double
score_observation (Importer *imp,
                   gboolean *critical_failed)
{
  g_autoptr(PlScoreResult) result = NULL;
  guint n = imp->criteria->len;

  for (guint i = 0; i < n; i++)
    imp->scores[i] = NAN;
  for (guint i = 0; i < imp->columns->len; i++)
    {
      Column *column = g_ptr_array_index (imp->columns, i);
      Value *value = &imp->values[i];

      if (column->criterion != NULL && value->has_value && !isnan (value->number))
        imp->scores[column->criterion->index] = value->number;
    }

  /* The values were checked against their scales when read. */
  result = pl_scorecard_score (imp->card, imp->scores, n, NULL);
  *critical_failed = result != NULL && result->critical_failed;
  return result != NULL ? result->score : NAN;
}

static void
add_observation (Importer *imp)
{
  Batch *rows = imp->rows;
  gint64 observation_id = imp->next_id++;
  const char *reference = role_text (imp, ROLE_REFERENCE);
  gboolean critical_failed;
  double score = score_observation (imp, &critical_failed);

  batch_int (rows, observation_id);
  batch_int (rows, imp->scorecard_id);
  batch_int (rows, role_id (imp, ROLE_COLLEAGUE));
  batch_id (rows, role_id (imp, ROLE_CHANNEL));
  batch_text (rows, role_text (imp, ROLE_EVALUATOR));
  batch_text (rows, row_day (imp));
  batch_text (rows, reference);
  batch_text (rows, reference);
  batch_double (rows, score);
  batch_int (rows, critical_failed);
  batch_text (rows, role_text (imp, ROLE_COMMENT));
  batch_int (rows, imp->batch_id);
  batch_static_text (rows, imp->now);
  batch_static_text (rows, imp->now);

  for (guint i = 0; i < imp->columns->len; i++)
    {
      Column *column = g_ptr_array_index (imp->columns, i);
      Value *value = &imp->values[i];

      if (column->criterion == NULL || !value->has_value)
        continue;

      batch_int (imp->details, observation_id);
      batch_int (imp->details, column->criterion->id);
      batch_double (imp->details, value->number);   /* NaN: not applicable */
    }
}

/* Metric rows: one per metric column with a value. A ratio series is
 * summed as numerator / denominator: an imported value counts as one
 * period's ratio (numerator value / scale over a denominator of 1). */
static void
add_metric_values (Importer *imp)
{
  Batch *rows = imp->rows;

  for (guint i = 0; i < imp->columns->len; i++)
    {
      Column *column = g_ptr_array_index (imp->columns, i);
      Value *value = &imp->values[i];

      if (column->role != ROLE_METRIC || !value->has_value)
        continue;

      batch_int (rows, column->metric_id);
      batch_text (rows, row_day (imp));
      batch_id (rows, role_id (imp, ROLE_CHANNEL));
      batch_id (rows, role_id (imp, ROLE_TEAM));
      batch_double (rows, value->number);
      if (column->metric_ratio)
        {
          batch_double (rows, value->number / column->metric_scale);
          batch_double (rows, 1.0);
        }
      else
        {
          batch_null (rows);
          batch_null (rows);
        }
      batch_int (rows, imp->batch_id);
    }
}

static void
add_complaint (Importer *imp)
{
  Batch *rows = imp->rows;
  const char *reference = role_text (imp, ROLE_REFERENCE);
  double promised = role_number (imp, ROLE_PROMISED_DAYS);

  batch_text (rows, reference);
  batch_text (rows, reference);
  batch_text (rows, row_day (imp));
  batch_id (rows, role_id (imp, ROLE_CHANNEL));
  batch_text (rows, role_text (imp, ROLE_CATEGORY));
  batch_text (rows, role_text (imp, ROLE_COMMENT));
  batch_double (rows, isnan (promised) ? DEFAULT_PROMISED_DAYS : promised);
  batch_text (rows, role_text (imp, ROLE_RESPONDED));
  batch_text (rows, role_text (imp, ROLE_RESOLVED));
  batch_text (rows, role_text (imp, ROLE_OUTCOME));
  batch_id (rows, role_id (imp, ROLE_COLLEAGUE));
  batch_text (rows, role_text (imp, ROLE_CUSTOMER));
  batch_int (rows, imp->batch_id);
  batch_static_text (rows, imp->now);
}

static gboolean
insert_record (Importer  *imp,
               GError   **error)
{
  /* A metrics row without any value stores nothing and creates nothing. */
  if (imp->kind == PL_IMPORT_METRICS)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < imp->columns->len && !any; i++)
        any = ((Column *) g_ptr_array_index (imp->columns, i))->role == ROLE_METRIC &&
              imp->values[i].has_value;
      if (!any)
        return TRUE;
    }

  for (guint i = 0; i < imp->columns->len; i++)
    {
      Column *column = g_ptr_array_index (imp->columns, i);
      Value *value = &imp->values[i];

      if (value->has_value && value->pending &&
          (column->role == ROLE_CHANNEL || column->role == ROLE_COLLEAGUE || column->role == ROLE_TEAM) &&
          (!writer_wait (imp, error) || !create_name (imp, column, value, error)))
        return FALSE;
    }

  switch (imp->kind)
    {
    case PL_IMPORT_INTERACTIONS:
      add_interaction (imp);
      break;
    case PL_IMPORT_SURVEY:
      add_response (imp);
      break;
    case PL_IMPORT_OBSERVATIONS:
      add_observation (imp);
      break;
    case PL_IMPORT_METRICS:
      add_metric_values (imp);
      break;
    case PL_IMPORT_COMPLAINTS:
    default:
      add_complaint (imp);
      break;
    }

  if (batch_n_rows (imp->rows) >= BATCH_ROWS)
    return writer_submit (imp, error);

  return TRUE;
}

static gboolean
prepare_inserts (Importer  *imp,
                 GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  imp->rows = g_new0 (Batch, 1);
  imp->details = g_new0 (Batch, 1);

  switch (imp->kind)
    {
    case PL_IMPORT_INTERACTIONS:
      batch_init (imp->rows,
                  "INSERT INTO interactions (reference, external_ref, channel_id, colleague_id,"
                  " customer_ref, occurred_at, wait_s, handle_s, abandoned, resolved_first_contact,"
                  " batch_id) VALUES ",
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 11);
      break;
    case PL_IMPORT_SURVEY:
      batch_init (imp->rows,
                  "INSERT INTO responses (id, survey_id, channel_id, colleague_id, respondent_ref,"
                  " responded_on, comment, source, batch_id, created_at, updated_at, external_ref,"
                  " duration_s, answers) VALUES ",
                  "(?, ?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?, ?, ?)", 13);
      imp->answers = g_string_sized_new (256);
      break;
    case PL_IMPORT_OBSERVATIONS:
      batch_init (imp->rows,
                  "INSERT INTO observations (id, scorecard_id, colleague_id, channel_id, evaluator,"
                  " observed_on, reference, external_ref, score, critical_failed, comments, batch_id,"
                  " created_at, updated_at) VALUES ",
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 14);
      batch_init (imp->details,
                  "INSERT INTO observation_scores (observation_id, criterion_id, value) VALUES ",
                  "(?, ?, ?)", 3);
      break;
    case PL_IMPORT_METRICS:
      batch_init (imp->rows,
                  "INSERT INTO metric_values (series_id, period_start, period, channel_id, team_id,"
                  " value, numerator, denominator, batch_id) VALUES ",
                  "(?, ?, 'day', ?, ?, ?, ?, ?, ?)", 8);
      break;
    case PL_IMPORT_COMPLAINTS:
    default:
      batch_init (imp->rows,
                  "INSERT INTO complaints (reference, external_ref, received_on, channel_id, category,"
                  " description, promised_days, responded_on, resolved_on, outcome, colleague_id,"
                  " customer_ref, batch_id, created_at) VALUES ",
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 14);
      break;
    }

  writer_start (imp);

  imp->insert_reject = prepare (imp->db,
                                "INSERT INTO import_rejects (batch_id, line, column_name, value, reason)"
                                " VALUES (?, ?, ?, ?, ?)",
                                error);
  if (imp->insert_reject == NULL)
    return FALSE;

  if (imp->default_date != NULL)
    imp->default_moment = g_strdup_printf ("%sT00:00:00Z", imp->default_date);

  /* The ids the new rows will have: the import holds the write lock. */
  sql = g_strdup_printf ("SELECT max (rowid) FROM %s", kind_tables (imp->kind)[0]);
  stmt = prepare (imp->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_db_error (imp->db, error, _("The workspace could not be read"));
      return FALSE;
    }
  imp->next_id = sqlite3_column_int64 (stmt, 0) + 1;

  /* Large imports are bulk loads: see defer_indexes(). */
  imp->bulk_threshold = MAX (BULK_MIN_ROWS, (guint64) imp->next_id - 1);
  return TRUE;
}

/* New questions learnt their scale or choices from the rows. */
static gboolean
finish_questions (Importer  *imp,
                  GError   **error)
{
  g_autoptr(sqlite3_stmt) update_scale = NULL;
  g_autoptr(sqlite3_stmt) update_choices = NULL;

  for (guint i = 0; i < imp->columns->len; i++)
    {
      Column *column = g_ptr_array_index (imp->columns, i);

      if (column->question == NULL)
        continue;

      if (column->infer_scale && column->seen_any)
        {
          /* The usual scales: 1 (or lower) up to 5, 7 or 10 (or higher). */
          int lo = (int) MIN (column->seen_min, 1);
          int hi = column->seen_max <= 5 ? 5 : column->seen_max <= 7 ? 7
                 : column->seen_max <= 10 ? 10 : (int) column->seen_max;

          if (hi <= lo)
            hi = lo + 1;

          if (update_scale == NULL &&
              (update_scale = prepare (imp->db,
                                       "UPDATE questions SET scale_min = ?, scale_max = ? WHERE id = ?",
                                       error)) == NULL)
            return FALSE;
          sqlite3_bind_int (update_scale, 1, lo);
          sqlite3_bind_int (update_scale, 2, hi);
          sqlite3_bind_int64 (update_scale, 3, pl_question_get_id (column->question));
          if (!step_done (imp->db, update_scale, error))
            return FALSE;
        }

      if (column->choice_list != NULL && column->choice_list->len > column->n_existing_choices)
        {
          g_autoptr(GString) choices = g_string_new (NULL);

          for (guint c = 0; c < column->choice_list->len; c++)
            {
              g_autofree char *one_line = g_strdelimit (g_strdup (g_ptr_array_index (column->choice_list, c)),
                                                        "\r\n", ' ');

              if (c > 0)
                g_string_append_c (choices, '\n');
              g_string_append (choices, one_line);
            }

          if (update_choices == NULL &&
              (update_choices = prepare (imp->db, "UPDATE questions SET choices = ? WHERE id = ?",
                                         error)) == NULL)
            return FALSE;
          sqlite3_bind_text (update_choices, 1, choices->str, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (update_choices, 2, pl_question_get_id (column->question));
          if (!step_done (imp->db, update_choices, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* -------------------------------------------------------------------- */
/* Preview                                                               */
/* -------------------------------------------------------------------- */

static char *
value_to_display (Importer *imp,
                  Column   *column,
                  Value    *value)
{
  if (!value->has_value)
    return g_strdup ("");

  switch (column->role)
    {
    case ROLE_CHANNEL:
    case ROLE_COLLEAGUE:
    case ROLE_TEAM:
      if (value->pending)
        /* Translators: a channel, colleague or team the import will create */
        return g_strdup_printf (_("%s (new)"), value->text);
      return g_strdup (value->text);

    case ROLE_WAIT:
    case ROLE_HANDLE:
    case ROLE_DURATION:
    case ROLE_ABANDONED:
    case ROLE_FIRST_CONTACT:
    case ROLE_PROMISED_DAYS:
    case ROLE_METRIC:
      return format_number (value->number);

    case ROLE_QUESTION:
    case ROLE_NEW_QUESTION:
      if (column->question_kind == PL_QUESTION_TEXT || column->question_kind == PL_QUESTION_MULTIPLE)
        return g_strdup (value->text);
      if (column->question_kind == PL_QUESTION_SINGLE && value->pending)
        return g_strdup_printf (_("%s (new)"), value->text);
      if (column->question_kind == PL_QUESTION_SINGLE && value->number >= 1 &&
          value->number <= column->choice_list->len)
        {
          g_autofree char *number = format_number (value->number);

          return g_strdup_printf ("%s (%s)",
                                  (const char *) g_ptr_array_index (column->choice_list,
                                                                    (guint) value->number - 1),
                                  number);
        }
      return pl_question_format_value (column->question, value->number);

    case ROLE_CRITERION:
      if (isnan (value->number))
        return g_strdup (_("N/A"));
      return format_number (value->number);

    case ROLE_REFERENCE:
    case ROLE_DATE:
    case ROLE_RESPONDED:
    case ROLE_RESOLVED:
    case ROLE_CUSTOMER:
    case ROLE_COMMENT:
    case ROLE_CATEGORY:
    case ROLE_OUTCOME:
    case ROLE_EVALUATOR:
    case ROLE_NONE:
    default:
      return g_strdup (value->text != NULL ? value->text : "");
    }
}

PlImportPreview *
pl_import_preview (PlWorkspace         *workspace,
                   const char          *path,
                   const PlCsvDialect  *dialect,
                   PlImportMapping     *mapping,
                   guint                n_rows,
                   GError             **error)
{
  g_autoptr(PlCsvReader) reader = NULL;
  g_autoptr(PlImportPreview) preview = NULL;
  GPtrArray *headers;
  GPtrArray *fields = NULL;
  Importer imp = { 0 };
  guint64 line = 0;
  sqlite3 *db;
  gboolean ok = TRUE;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (dialect != NULL, NULL);
  g_return_val_if_fail (mapping != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = pl_csv_reader_new (path, dialect, error);
  if (reader == NULL)
    return NULL;
  headers = pl_csv_reader_get_headers (reader);

  db = pl_workspace_open_reader (workspace, error);
  if (db == NULL)
    return NULL;

  if (!importer_init (&imp, workspace, db, FALSE, dialect, mapping, headers, error) ||
      !importer_load (&imp, error))
    {
      importer_clear (&imp);
      sqlite3_close (db);
      return NULL;
    }

  preview = g_new0 (PlImportPreview, 1);
  preview->columns = g_ptr_array_new_with_free_func (g_free);
  preview->fields = g_ptr_array_new_with_free_func (g_free);
  preview->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  preview->lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < imp.columns->len; i++)
    {
      Column *column = g_ptr_array_index (imp.columns, i);

      g_ptr_array_add (preview->columns, g_strdup (column->name));
      g_ptr_array_add (preview->fields, g_strdup (column->field));
    }

  while (preview->rows->len < n_rows)
    {
      g_autoptr(GError) local_error = NULL;
      GPtrArray *cells;
      gboolean all_empty = TRUE;

      if (!pl_csv_reader_next (reader, &fields, &line, &local_error))
        {
          if (local_error != NULL && preview->rows->len == 0)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
            }
          break;
        }

      for (guint f = 0; f < fields->len && all_empty; f++)
        all_empty = *(const char *) g_ptr_array_index (fields, f) == '\0';
      if (all_empty)
        continue;

      map_record (&imp, fields, line);

      cells = g_ptr_array_new_with_free_func (import_cell_free);
      for (guint i = 0; i < imp.columns->len; i++)
        {
          Column *column = g_ptr_array_index (imp.columns, i);
          PlImportCell *cell = g_new0 (PlImportCell, 1);

          for (guint p = 0; p < imp.problems->len && cell->problem == NULL; p++)
            {
              PlImportProblem *problem = g_ptr_array_index (imp.problems, p);

              if (g_strcmp0 (problem->column, column->name) == 0)
                cell->problem = g_strdup (problem->reason);
            }

          if (cell->problem != NULL)
            cell->text = g_strdup ((guint) column->index < fields->len
                                   ? g_ptr_array_index (fields, column->index) : "");
          else
            cell->text = value_to_display (&imp, column, &imp.values[i]);
          g_ptr_array_add (cells, cell);
        }

      /* A problem with the whole row shows on its first cell. */
      for (guint p = 0; p < imp.problems->len && cells->len > 0; p++)
        {
          PlImportProblem *problem = g_ptr_array_index (imp.problems, p);
          PlImportCell *first = g_ptr_array_index (cells, 0);

          if (problem->column == NULL && first->problem == NULL)
            first->problem = g_strdup (problem->reason);
        }

      g_ptr_array_add (preview->rows, cells);
      g_ptr_array_add (preview->lines, g_memdup2 (&line, sizeof line));
    }

  importer_clear (&imp);

  if (!ok)
    {
      sqlite3_close (db);
      return NULL;
    }

  pl_workspace_close_writer_in_background (workspace, db);

  return g_steal_pointer (&preview);
}

/* -------------------------------------------------------------------- */
/* Run                                                                   */
/* -------------------------------------------------------------------- */

/* The mapping check, with a default date standing in for a date column. */
static gboolean
check_mapping (PlImportMapping  *mapping,
               PlWorkspace      *workspace,
               GError          **error)
{
  g_autofree char *default_date = pl_import_mapping_dup_default_date (mapping);
  g_autoptr(PlImportMapping) copy = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  PlImportKind kind = pl_import_mapping_get_kind (mapping);
  const char *date_field = kind == PL_IMPORT_COMPLAINTS ? "received" : "date";
  gboolean has_date = FALSE;

  if (default_date == NULL)
    return pl_import_mapping_check (mapping, workspace, error);

  columns = pl_import_mapping_dup_columns (mapping);
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    if (g_strcmp0 (pl_import_mapping_get_field (mapping, g_ptr_array_index (columns, i)), date_field) == 0)
      has_date = TRUE;

  if (has_date)
    return pl_import_mapping_check (mapping, workspace, error);

  copy = pl_import_mapping_copy (mapping);
  pl_import_mapping_set_field (copy, DEFAULT_DATE_COLUMN, date_field);
  return pl_import_mapping_check (copy, workspace, error);
}

static gboolean
insert_batch (Importer            *imp,
              const char          *path,
              GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *source_name = g_path_get_basename (path);
  g_autofree char *mapping_json = pl_import_mapping_to_json (imp->mapping);

  stmt = prepare (imp->db,
                  "INSERT INTO import_batches (kind, source_name, sha256, encoding, delimiter,"
                  " header_rows, mapping, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, pl_import_kind_to_string (imp->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, source_name, -1, SQLITE_STATIC);
  sqlite3_bind_null (stmt, 3);         /* finish_batch() fills in the checksum */
  bind_text_or_null (stmt, 4, imp->dialect.encoding);
  sqlite3_bind_text (stmt, 5, delimiter_text (imp->dialect.delimiter), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 6, (int) imp->dialect.header_rows);
  bind_text_or_null (stmt, 7, mapping_json);
  sqlite3_bind_text (stmt, 8, imp->now, -1, SQLITE_STATIC);

  if (!step_done (imp->db, stmt, error))
    return FALSE;

  imp->batch_id = sqlite3_last_insert_rowid (imp->db);
  imp->batch_detail = g_strdup_printf ("import batch %" G_GINT64_FORMAT, imp->batch_id);
  return TRUE;
}

static gboolean
finish_batch (Importer        *imp,
              PlImportResult  *result,
              const char      *path,
              GError         **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) audit = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *detail = NULL;

  update = prepare (imp->db,
                    "UPDATE import_batches SET rows_read = ?, rows_imported = ?, rows_rejected = ?,"
                    " sha256 = ? WHERE id = ?",
                    error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_text (update, 4, result->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 1, (gint64) result->rows_read);
  sqlite3_bind_int64 (update, 2, (gint64) result->rows_imported);
  sqlite3_bind_int64 (update, 3, (gint64) result->rows_rejected);
  sqlite3_bind_int64 (update, 5, imp->batch_id);
  if (!step_done (imp->db, update, error))
    return FALSE;

  audit = prepare (imp->db,
                   "INSERT INTO audit_log (at, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)",
                   error);
  if (audit == NULL)
    return FALSE;

  for (guint i = 0; i < imp->created->len; i++)
    {
      Created *created = &g_array_index (imp->created, Created, i);

      sqlite3_bind_text (audit, 1, imp->now, -1, SQLITE_STATIC);
      sqlite3_bind_text (audit, 2, "create", -1, SQLITE_STATIC);
      sqlite3_bind_text (audit, 3, created->entity, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (audit, 4, created->id);
      sqlite3_bind_text (audit, 5, imp->batch_detail, -1, SQLITE_STATIC);
      if (!step_done (imp->db, audit, error))
        return FALSE;
    }

  detail = g_strdup_printf ("%s: %" G_GUINT64_FORMAT " rows read, %" G_GUINT64_FORMAT
                            " imported, %" G_GUINT64_FORMAT " rejected",
                            name, result->rows_read, result->rows_imported, result->rows_rejected);
  sqlite3_bind_text (audit, 1, imp->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (audit, 2, "import", -1, SQLITE_STATIC);
  sqlite3_bind_text (audit, 3, "import_batch", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (audit, 4, imp->batch_id);
  sqlite3_bind_text (audit, 5, detail, -1, SQLITE_STATIC);
  return step_done (imp->db, audit, error);
}

/* A rejected row's problems go to import_rejects at once, so a file of
 * bad rows costs no memory; the result keeps the first ones to show. */
static gboolean
store_problems (Importer        *imp,
                PlImportResult  *result,
                GError         **error)
{
  sqlite3_stmt *stmt = imp->insert_reject;

  if (!writer_wait (imp, error))
    return FALSE;

  for (guint p = 0; p < imp->problems->len; p++)
    {
      PlImportProblem *problem = g_ptr_array_index (imp->problems, p);

      sqlite3_bind_int64 (stmt, 1, imp->batch_id);
      sqlite3_bind_int64 (stmt, 2, (gint64) problem->line);
      bind_text_or_null (stmt, 3, problem->column);
      bind_text_or_null (stmt, 4, problem->value);
      sqlite3_bind_text (stmt, 5, problem->reason, -1, SQLITE_STATIC);
      if (!step_done (imp->db, stmt, error))
        return FALSE;

      if (result->problems->len < PL_IMPORT_MAX_RESULT_PROBLEMS)
        g_ptr_array_add (result->problems, g_steal_pointer (&imp->problems->pdata[p]));
    }

  g_ptr_array_set_size (imp->problems, 0);
  return TRUE;
}

static gboolean
record_is_blank (GPtrArray *fields)
{
  for (guint f = 0; f < fields->len; f++)
    if (*(const char *) g_ptr_array_index (fields, f) != '\0')
      return FALSE;

  return TRUE;
}

static gboolean
run_import (Importer              *imp,
            PlCsvReader           *reader,
            PlImportResult        *result,
            const char            *path,
            GCancellable          *cancellable,
            PlImportProgressFunc   progress,
            gpointer               progress_data,
            GError               **error)
{
  guint64 size = pl_csv_reader_get_size (reader);
  guint64 step = MAX (size / 200, 1);
  guint64 next_progress = 0;
  GPtrArray *fields = NULL;
  guint64 line = 0;
  g_autoptr(GError) read_error = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  gint64 start = g_get_monotonic_time ();

  if (!exec_sql (imp->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!insert_batch (imp, path, error))
    return FALSE;

  if (!importer_load (imp, error))
    return FALSE;

  if (!prepare_inserts (imp, error))
    return FALSE;

  while (pl_csv_reader_next (reader, &fields, &line, &read_error))
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (record_is_blank (fields))
        continue;

      result->rows_read++;

      if (map_record (imp, fields, line))
        {
          if (!insert_record (imp, error))
            return FALSE;
          result->rows_imported++;

          if (result->rows_imported == imp->bulk_threshold &&
              (!writer_wait (imp, error) || !defer_indexes (imp, error)))
            return FALSE;
        }
      else
        {
          result->rows_rejected++;
          if (!store_problems (imp, result, error))
            return FALSE;
        }

      if (progress != NULL)
        {
          guint64 position = pl_csv_reader_get_position (reader);

          if (position >= next_progress)
            {
              progress (position, size, progress_data);
              next_progress = position + step;
            }
        }
    }

  if (read_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&read_error),
                                  _("“%s” could not be read to the end, so nothing was imported: "),
                                  name);
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (result->rows_read == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” has no rows to import below its header."), name);
      return FALSE;
    }

  drop_caches (imp);
  g_debug ("Import: rows read and inserted: %.0f ms", (g_get_monotonic_time () - start) / 1000.0);

  if (!flush_batches (imp, error) || !restore_indexes (imp, error) ||
      !finish_questions (imp, error))
    return FALSE;

  result->sha256 = checksum_finish (g_steal_pointer (&imp->checksum_job), g_steal_pointer (&imp->checksum),
                                    FALSE, error);
  if (result->sha256 == NULL || !finish_batch (imp, result, path, error))
    return FALSE;

  /* The checkpoint is left to pl_workspace_close_writer_in_background(). */
  start = g_get_monotonic_time ();
  if (!exec_sql (imp->db, "PRAGMA wal_autocheckpoint = 0", error) ||
      !exec_sql (imp->db, "COMMIT", error))
    return FALSE;
  g_debug ("Import: commit: %.0f ms", (g_get_monotonic_time () - start) / 1000.0);

  if (progress != NULL)
    progress (size, size, progress_data);

  result->batch_id = imp->batch_id;
  return TRUE;
}

PlImportResult *
pl_import_run (PlWorkspace          *workspace,
               const char           *path,
               const PlCsvDialect   *dialect,
               PlImportMapping      *mapping,
               GCancellable         *cancellable,
               PlImportProgressFunc  progress,
               gpointer              progress_data,
               GError              **error)
{
  g_autoptr(PlImportResult) result = NULL;
  g_autoptr(PlCsvReader) reader = NULL;
  Importer imp = { 0 };
  sqlite3 *db;
  GPtrArray *headers;
  gboolean ok;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (dialect != NULL, NULL);
  g_return_val_if_fail (mapping != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = g_new0 (PlImportResult, 1);
  result->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_import_problem_free);

  if (!check_mapping (mapping, workspace, error))
    return NULL;

  reader = pl_csv_reader_new (path, dialect, error);
  if (reader == NULL)
    return NULL;
  headers = pl_csv_reader_get_headers (reader);

  db = pl_workspace_open_writer (workspace, error);
  if (db == NULL)
    return NULL;

  /* A page cache of 8 MB: a large import adds its rows at the end of the
   * table, with the indexes set aside (defer_indexes()), so a larger one
   * is no faster and only costs memory. Every id the rows refer to is
   * read or made inside the import's own write transaction, so checking
   * foreign keys row by row would only repeat those lookups; this
   * connection is the import's alone and closed at the end. */
  sqlite3_exec (db, "PRAGMA cache_size = -8192; PRAGMA foreign_keys = OFF", NULL, NULL, NULL);

  imp.checksum_job = checksum_start (path, &imp.checksum);
  ok = importer_init (&imp, workspace, db, TRUE, dialect, mapping, headers, error) &&
       run_import (&imp, reader, result, path, cancellable, progress, progress_data, error);

  /* A failed or cancelled import may leave a batch being written. */
  writer_stop (&imp);

  if (!ok && !sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);

  importer_clear (&imp);

  if (!ok)
    {
      sqlite3_close (db);
      return NULL;
    }

  pl_workspace_close_writer_in_background (workspace, db);

  return g_steal_pointer (&result);
}

/* -------------------------------------------------------------------- */
/* Batches: finding, undoing, rejects                                    */
/* -------------------------------------------------------------------- */

gint64
pl_import_find_batch_for_file (PlWorkspace  *workspace,
                               const char   *path,
                               char        **out_sha256,
                               GError      **error)
{
  g_autofree char *sha256 = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 batch_id = 0;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), -1);
  g_return_val_if_fail (path != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  sha256 = file_sha256 (path, NULL, error);
  if (sha256 == NULL)
    return -1;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT id FROM import_batches"
                               " WHERE sha256 = ? AND undone_at IS NULL"
                               " ORDER BY id DESC LIMIT 1",
                               error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    batch_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The workspace could not be read"));
      return -1;
    }

  if (out_sha256 != NULL)
    *out_sha256 = g_steal_pointer (&sha256);

  return batch_id;
}

/* The rows a batch put in each table; validation flags on them go too. */
static const struct
{
  const char *table;
  const char *flag_entity;
} batch_tables[] = {
  { "responses", "responses" },
  { "observations", "observations" },
  { "complaints", "complaints" },
  { "interactions", "interactions" },
  { "metric_values", NULL },
};

/* What the batch created, deleted only when nothing uses it any more. */
static const struct
{
  const char *entity;
  const char *sql;
} created_cleanup[] = {
  { "question",
    "DELETE FROM questions WHERE id = ?1"
    " AND NOT EXISTS (SELECT 1 FROM responses"
    "                  WHERE survey_id = (SELECT survey_id FROM questions WHERE id = ?1)"
    "                    AND json_type (answers, '$.\"' || ?1 || '\"') IS NOT NULL)"
    " AND NOT EXISTS (SELECT 1 FROM kpis WHERE question_id = ?1)" },
  { "survey",
    "DELETE FROM surveys WHERE id = ?1"
    " AND NOT EXISTS (SELECT 1 FROM questions WHERE survey_id = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM responses WHERE survey_id = ?1)" },
  { "channel",
    "DELETE FROM channels WHERE id = ?1"
    " AND NOT EXISTS (SELECT 1 FROM interactions WHERE channel_id = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM responses WHERE channel_id = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM observations WHERE channel_id = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM metric_values WHERE channel_id = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM complaints WHERE channel_id = ?1)" },
  { "colleague",
    "DELETE FROM colleagues WHERE id = ?1"
    " AND NOT EXISTS (SELECT 1 FROM interactions WHERE colleague_id = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM responses WHERE colleague_id = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM observations WHERE colleague_id = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM complaints WHERE colleague_id = ?1)" },
  { "team",
    "DELETE FROM teams WHERE id = ?1"
    " AND NOT EXISTS (SELECT 1 FROM colleagues WHERE team_id = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM metric_values WHERE team_id = ?1)" },
};

static gboolean
undo_created (PlWorkspace  *workspace,
              gint64        batch_id,
              GError      **error)
{
  g_autofree char *detail = g_strdup_printf ("import batch %" G_GINT64_FORMAT, batch_id);

  for (guint e = 0; e < G_N_ELEMENTS (created_cleanup); e++)
    {
      g_autoptr(sqlite3_stmt) select = NULL;
      g_autoptr(sqlite3_stmt) delete = NULL;
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      int rc;

      select = pl_workspace_prepare (workspace,
                                     "SELECT entity_id FROM audit_log"
                                     " WHERE action = 'create' AND entity = ? AND detail = ?",
                                     error);
      if (select == NULL)
        return FALSE;
      sqlite3_bind_text (select, 1, created_cleanup[e].entity, -1, SQLITE_STATIC);
      sqlite3_bind_text (select, 2, detail, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (select)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (select, 0);
          g_array_append_val (ids, id);
        }
      if (rc != SQLITE_DONE)
        {
          pl_workspace_set_db_error (workspace, error, _("The workspace could not be read"));
          return FALSE;
        }

      if (ids->len == 0)
        continue;

      delete = pl_workspace_prepare (workspace, created_cleanup[e].sql, error);
      if (delete == NULL)
        return FALSE;
      for (guint i = 0; i < ids->len; i++)
        {
          sqlite3_bind_int64 (delete, 1, g_array_index (ids, gint64, i));
          if (!pl_workspace_step_done (workspace, delete, error))
            return FALSE;
          sqlite3_reset (delete);
        }
    }

  return TRUE;
}

static gboolean
undo_batch_in_transaction (PlWorkspace  *workspace,
                           gint64        batch_id,
                           guint        *changed,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *detail = NULL;
  g_autofree char *source_name = NULL;
  sqlite3 *db = pl_workspace_get_db (workspace);
  gint64 removed = 0;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT source_name, undone_at FROM import_batches WHERE id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("There is no import number %lld in this workspace."), (long long) batch_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The workspace could not be read"));
      return FALSE;
    }
  source_name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The import of “%s” (number %lld) was already undone on %.10s."),
                   source_name, (long long) batch_id, (const char *) sqlite3_column_text (stmt, 1));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint t = 0; t < G_N_ELEMENTS (batch_tables); t++)
    {
      g_autofree char *sql = NULL;

      if (batch_tables[t].flag_entity != NULL)
        {
          sql = g_strdup_printf ("DELETE FROM validation_flags WHERE entity = '%s'"
                                 " AND entity_id IN (SELECT id FROM %s WHERE batch_id = ?)",
                                 batch_tables[t].flag_entity, batch_tables[t].table);
          stmt = pl_workspace_prepare (workspace, sql, error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, batch_id);
          if (!pl_workspace_step_done (workspace, stmt, error))
            return FALSE;
          g_clear_pointer (&stmt, sqlite3_finalize);
          g_free (sql);
        }

      sql = g_strdup_printf ("DELETE FROM %s WHERE batch_id = ?", batch_tables[t].table);
      stmt = pl_workspace_prepare (workspace, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, batch_id);
      if (!pl_workspace_step_done (workspace, stmt, error))
        return FALSE;
      if (sqlite3_changes (db) > 0)
        *changed |= 1u << t;
      removed += sqlite3_changes (db);
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  if (!undo_created (workspace, batch_id, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace, "UPDATE import_batches SET undone_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, batch_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    return FALSE;

  detail = g_strdup_printf ("%s: %" G_GINT64_FORMAT " rows removed", source_name, removed);
  return pl_workspace_audit (workspace, "undo", "import_batch", batch_id, detail, error);
}

gboolean
pl_import_undo_batch (PlWorkspace  *workspace,
                      gint64        batch_id,
                      GError      **error)
{
  guint changed = 0;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!undo_batch_in_transaction (workspace, batch_id, &changed, error) ||
      !pl_workspace_commit (workspace, error))
    {
      pl_workspace_rollback (workspace);
      return FALSE;
    }

  for (guint t = 0; t < G_N_ELEMENTS (batch_tables); t++)
    if (changed & (1u << t))
      pl_workspace_emit_changed (workspace, batch_tables[t].table);
  pl_workspace_emit_changed (workspace, "import_batches");

  return TRUE;
}

/* RFC 4180: fields with a delimiter, a quote or a line break are quoted,
 * quotes doubled; records end with CRLF. */
static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL && !needs_strip (text))
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

gboolean
pl_import_save_rejects (PlWorkspace  *workspace,
                        gint64        batch_id,
                        const char   *path,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) out = g_string_new ("line,column,value,reason\r\n");
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = pl_workspace_prepare (workspace, "SELECT 1 FROM import_batches WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                     _("There is no import number %lld in this workspace."), (long long) batch_id);
      else
        pl_workspace_set_db_error (workspace, error, _("The workspace could not be read"));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT line, column_name, value, reason FROM import_rejects"
                               " WHERE batch_id = ? ORDER BY line, id",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT ",", (gint64) sqlite3_column_int64 (stmt, 0));
      append_csv_field (out, (const char *) sqlite3_column_text (stmt, 1));
      g_string_append_c (out, ',');
      append_csv_field (out, (const char *) sqlite3_column_text (stmt, 2));
      g_string_append_c (out, ',');
      append_csv_field (out, (const char *) sqlite3_column_text (stmt, 3));
      g_string_append (out, "\r\n");
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The rejected rows could not be read"));
      return FALSE;
    }

  file = g_file_new_for_path (path);
  if (!g_file_replace_contents (file, out->str, out->len, NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, NULL, &local_error))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, PL_ERROR, PL_ERROR_IO, _("Could not write “%s”: %s"),
                   name, local_error->message);
      return FALSE;
    }

  return TRUE;
}
