/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pl-csv.h"
#include "pl-survey.h"
#include "pl-workspace.h"

G_BEGIN_DECLS

/* Importing CSV exports into a workspace: what kind of records a file
 * holds, which column feeds which field (the mapping, savable as a named
 * preset), a preview of the first rows as they will be stored, and the run
 * itself: one transaction, recorded as a batch that can be undone. */

typedef enum
{
  PL_IMPORT_INTERACTIONS,
  PL_IMPORT_SURVEY,          /* one row per response, questions as columns */
  PL_IMPORT_OBSERVATIONS,    /* one row per observation, criteria as columns */
  PL_IMPORT_METRICS,         /* one row per period (and channel/team), a value column per metric */
  PL_IMPORT_COMPLAINTS,
} PlImportKind;

const char *pl_import_kind_to_string   (PlImportKind  kind);     /* "interaction", "survey", "observation", "metric", "complaint" */
gboolean    pl_import_kind_from_string (const char   *text,
                                        PlImportKind *kind);
const char *pl_import_kind_to_label    (PlImportKind  kind);     /* translated: "Survey responses" */

/* A field a column can feed. Field ids are stable strings stored in
 * mappings and presets:
 *  interactions: reference, date, channel, colleague, customer, wait, handle, abandoned, resolved
 *  survey:       response_id, respondent, date, channel, colleague, comment, duration,
 *                question:<code> (an existing question of the target survey, matched by code),
 *                new-question:<kind> (a question created by the import; <kind> as in PlQuestionKind text)
 *  observations: reference, date, colleague, channel, evaluator, comments, criterion:<id>
 *  metrics:      date, channel, team, metric:<code>
 *  complaints:   reference, received, channel, category, description, promised_days,
 *                responded, resolved, outcome, colleague, customer */
typedef struct
{
  const char *id;
  const char *label;          /* translated */
  const char *description;    /* translated, one line */
  gboolean    required;
} PlImportField;

const PlImportField *pl_import_fields (PlImportKind kind,
                                       guint       *n_fields);

typedef struct _PlImportMapping PlImportMapping;

PlImportMapping *pl_import_mapping_new          (PlImportKind      kind);
PlImportMapping *pl_import_mapping_copy         (PlImportMapping  *mapping);
void             pl_import_mapping_free         (PlImportMapping  *mapping);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlImportMapping, pl_import_mapping_free)

PlImportKind     pl_import_mapping_get_kind     (PlImportMapping  *mapping);
/* Columns are named by their header text (PlCsvColumn.name). A NULL field
 * means the column is not imported. */
void             pl_import_mapping_set_field    (PlImportMapping  *mapping,
                                                 const char       *column,
                                                 const char       *field);
const char      *pl_import_mapping_get_field    (PlImportMapping  *mapping,
                                                 const char       *column);
GPtrArray       *pl_import_mapping_dup_columns  (PlImportMapping  *mapping);  /* mapped column names, in order added */
/* Text scales: "Very satisfied" → 5, "Yes" → 1. Matching ignores case and surrounding spaces. */
void             pl_import_mapping_set_value    (PlImportMapping  *mapping,
                                                 const char       *column,
                                                 const char       *text,
                                                 double            value);
gboolean         pl_import_mapping_has_values   (PlImportMapping  *mapping,
                                                 const char       *column);
gboolean         pl_import_mapping_lookup_value (PlImportMapping  *mapping,
                                                 const char       *column,
                                                 const char       *text,
                                                 double           *value);
void             pl_import_mapping_set_missing_tokens (PlImportMapping    *mapping,
                                                       const char * const *tokens);
const char * const *pl_import_mapping_get_missing_tokens (PlImportMapping *mapping);
/* The survey that survey rows go to: an existing one, or a new survey made by the import. */
void             pl_import_mapping_set_survey_id   (PlImportMapping *mapping,
                                                    gint64           survey_id);
gint64           pl_import_mapping_get_survey_id   (PlImportMapping *mapping);
void             pl_import_mapping_set_new_survey  (PlImportMapping *mapping,
                                                    const char      *name);
const char      *pl_import_mapping_get_new_survey  (PlImportMapping *mapping);
/* The scorecard observation rows are scored on. */
void             pl_import_mapping_set_scorecard_id (PlImportMapping *mapping,
                                                     gint64           scorecard_id);
gint64           pl_import_mapping_get_scorecard_id (PlImportMapping *mapping);
/* Unknown colleagues, channels and categories: created on the fly (TRUE) or the row is rejected. */
void             pl_import_mapping_set_create_missing (PlImportMapping *mapping,
                                                       gboolean         create);
gboolean         pl_import_mapping_get_create_missing (PlImportMapping *mapping);
/* The day given to every row that has no date of its own: a survey export
 * without a date column, or empty date cells ("YYYY-MM-DD"; NULL clears).
 * Implemented in pl-import.c; kept in the mapping (so copies and the
 * batch's mapping JSON carry it). */
void             pl_import_mapping_set_default_date (PlImportMapping *mapping,
                                                     const char      *iso_date);
char            *pl_import_mapping_dup_default_date (PlImportMapping *mapping);

char            *pl_import_mapping_to_json      (PlImportMapping  *mapping);
PlImportMapping *pl_import_mapping_new_from_json (const char      *json,
                                                  GError         **error);

/* Checks that every required field is fed by a column, no field is fed
 * twice, and the targets exist. PL_ERROR_INVALID in plain words. */
gboolean         pl_import_mapping_check        (PlImportMapping  *mapping,
                                                 PlWorkspace      *workspace,
                                                 GError          **error);

/* A mapping suggested from the header names (and the target survey's
 * question texts and codes), for the user to correct. */
PlImportMapping *pl_import_mapping_suggest      (PlImportKind      kind,
                                                 GPtrArray        *headers,
                                                 PlWorkspace      *workspace,
                                                 gint64            survey_id);

/* Presets: the built-in ones ("generic-survey", "surveymonkey", "google-forms",
 * "qualtrics", "helpdesk-tickets", "phone-intervals") and those the user saved
 * (import_presets). Applying a preset maps the columns it knows by header name. */
typedef struct
{
  char         *name;         /* id for built-ins, the user's name otherwise */
  char         *label;        /* translated for built-ins */
  char         *source;       /* "SurveyMonkey", ... */
  PlImportKind  kind;
  gboolean      builtin;
  gint64        id;           /* import_presets.id, 0 for built-ins */
} PlImportPresetInfo;

void             pl_import_preset_info_free     (PlImportPresetInfo *info);
GPtrArray       *pl_import_list_presets         (PlWorkspace      *workspace,
                                                 PlImportKind      kind,
                                                 GError          **error);  /* of PlImportPresetInfo* */
PlImportMapping *pl_import_preset_apply         (PlWorkspace      *workspace,
                                                 const char       *name,
                                                 PlImportKind      kind,
                                                 GPtrArray        *headers,
                                                 GError          **error);
gboolean         pl_import_save_preset          (PlWorkspace      *workspace,
                                                 const char       *name,
                                                 const char       *source,
                                                 PlImportMapping  *mapping,
                                                 GError          **error);

/* A problem with one cell (or a whole row when column is NULL). */
typedef struct
{
  guint64  line;
  char    *column;
  char    *value;
  char    *reason;            /* plain words: "“13” is outside 0 to 10 for “nps”" */
} PlImportProblem;

void             pl_import_problem_free         (PlImportProblem  *problem);

/* The first rows as they will be stored. Each row is a GPtrArray of
 * PlImportCell*, one per mapped column, in mapping order. */
typedef struct
{
  char     *text;             /* the value as it will be stored, or the original when rejected */
  char     *problem;          /* NULL when fine */
} PlImportCell;

typedef struct
{
  GPtrArray *columns;         /* of char*: the mapped column names */
  GPtrArray *fields;          /* of char*: their fields */
  GPtrArray *rows;            /* of GPtrArray* of PlImportCell* */
  GPtrArray *lines;           /* of guint64* : the file line of each row */
} PlImportPreview;

void             pl_import_preview_free         (PlImportPreview  *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlImportPreview, pl_import_preview_free)

PlImportPreview *pl_import_preview              (PlWorkspace         *workspace,
                                                 const char          *path,
                                                 const PlCsvDialect  *dialect,
                                                 PlImportMapping     *mapping,
                                                 guint                n_rows,
                                                 GError             **error);

/* PlImportResult.problems keeps at most this many problems (the first
 * ones); import_rejects keeps them all (pl_import_save_rejects). */
#define PL_IMPORT_MAX_RESULT_PROBLEMS 10000

typedef struct
{
  guint64    rows_read;
  guint64    rows_imported;
  guint64    rows_rejected;
  gint64     batch_id;
  char      *sha256;
  GPtrArray *problems;        /* of PlImportProblem*, every rejected row (and cell), up to PL_IMPORT_MAX_RESULT_PROBLEMS */
} PlImportResult;

void             pl_import_result_free          (PlImportResult   *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlImportResult, pl_import_result_free)

typedef void (*PlImportProgressFunc) (guint64  position,
                                      guint64  size,
                                      gpointer user_data);

/* The batch that already imported a file with this SHA-256 (and is not
 * undone), or 0; -1 with @error set when the file cannot be read. */
gint64           pl_import_find_batch_for_file  (PlWorkspace      *workspace,
                                                 const char       *path,
                                                 char            **out_sha256,
                                                 GError          **error);

/* Imports the file in one transaction on a connection of its own (so it
 * may run in a worker thread while the UI reads): rows that fail are
 * rejected with their reasons, the rest are stored, and the batch is
 * recorded (file name, SHA-256, encoding, delimiter, mapping, counts,
 * time) with its rejects. Cancel, an error or a crash leave the workspace
 * as it was. Customer identifiers are stored as keyed hashes
 * (HMAC-SHA256 with the workspace's pseudonym_key). Emits nothing: the
 * caller emits PlWorkspace::changed on the main thread. */
PlImportResult  *pl_import_run                  (PlWorkspace          *workspace,
                                                 const char           *path,
                                                 const PlCsvDialect   *dialect,
                                                 PlImportMapping      *mapping,
                                                 GCancellable         *cancellable,
                                                 PlImportProgressFunc  progress,
                                                 gpointer              progress_data,
                                                 GError              **error);

/* Removes everything a batch imported (one transaction) and marks it undone. */
gboolean         pl_import_undo_batch           (PlWorkspace      *workspace,
                                                 gint64            batch_id,
                                                 GError          **error);

/* The rejected rows of a batch as CSV: line, column, value, reason. */
gboolean         pl_import_save_rejects         (PlWorkspace      *workspace,
                                                 gint64            batch_id,
                                                 const char       *path,
                                                 GError          **error);

char            *pl_import_pseudonymise         (PlWorkspace      *workspace,
                                                 const char       *identifier);

/* ---- Added with the mapping (pl-import-mapping.c) ------------------- */

/* The field-table entry of a field id, or NULL when @kind has no such
 * field. Entries whose id ends in ':' ("question:", "new-question:",
 * "criterion:", "metric:") are families: for "question:q1" the entry is
 * "question:" and *parameter points at "q1". A required family
 * ("metric:") needs at least one member mapped. */
const PlImportField *pl_import_field_lookup     (PlImportKind      kind,
                                                 const char       *field,
                                                 const char      **parameter);

/* Fills the column's value map with the usual text scale of a question
 * kind: CSAT "Very dissatisfied" … "Very satisfied" → 1…5 (and the
 * "Extremely"/"Somewhat" and French forms), CES agreement 1…7, Likert
 * agreement or satisfaction 1…5 (English and French), yes/no
 * "Yes"/"No"/"Oui"/"Non" → 1/0, NPS end labels → 0/10. FALSE (nothing
 * added) for kinds without one. suggest() and the built-in survey presets
 * add it to every rating column they map. */
gboolean         pl_import_mapping_add_standard_scale (PlImportMapping *mapping,
                                                       const char      *column,
                                                       PlQuestionKind   kind);
/* The texts of a column's value map, in the order they were set (of char*). */
GPtrArray       *pl_import_mapping_dup_value_texts    (PlImportMapping *mapping,
                                                       const char      *column);
void             pl_import_mapping_clear_values       (PlImportMapping *mapping,
                                                       const char      *column);
/* Whether a cell is one of the mapping's missing-value tokens (compared
 * exactly, after trimming surrounding spaces). NULL counts as missing. */
gboolean         pl_import_mapping_is_missing         (PlImportMapping *mapping,
                                                       const char      *text);
/* Observations: maps the still-unmapped @headers whose text matches a
 * criterion of the mapping's scorecard to "criterion:<id>". */
void             pl_import_mapping_suggest_criteria   (PlImportMapping *mapping,
                                                       GPtrArray       *headers,
                                                       PlWorkspace     *workspace);
/* The number of header rows a built-in preset's tool writes (SurveyMonkey
 * 2, Qualtrics 3, others 1), 0 for a name that is not built in. */
guint            pl_import_builtin_preset_header_rows (const char      *name);

/* ---- end of the mapping additions ----------------------------------- */

G_END_DECLS
