/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/pl-csv.h"
#include "core/pl-error.h"
#include "core/pl-import.h"
#include "core/pl-item.h"
#include "core/pl-survey.h"
#include "core/pl-util.h"

#include "pl-import-assistant.h"

/* The import assistant: a CSV export into the workspace in six steps.
 *
 *   1 file      what the file is and how it is written (sniffed in a
 *               worker thread, every part of it overridable), and whether
 *               it was imported before
 *   2 kind      what one row of it is, where survey responses go, and the
 *               preset the mapping starts from
 *   3 columns   which column feeds which field
 *   4 preview   the first rows as they will be stored, problems marked
 *   5 import    pl_import_run() in a worker thread, with progress and Cancel
 *   6 result    what was read, imported and rejected; undo
 *
 * Nothing is written before step 5, and step 5 writes in one transaction. */

#define SAMPLE_RECORDS 200
#define PREVIEW_ROWS 20
#define MAX_PREVIEW_REASONS 3
#define MAX_REJECT_ROWS 200
#define MAX_EXAMPLE_CHARS 60
#define MAX_VALUE_TEXTS 20
#define MAX_VALUE_TEXT_CHARS 80

typedef enum
{
  STEP_FILE,
  STEP_KIND,
  STEP_COLUMNS,
  STEP_PREVIEW,
  STEP_IMPORT,
  STEP_RESULT,
  N_STEPS
} Step;

static const char * const step_pages[N_STEPS] = {
  "file", "kind", "columns", "preview", "import", "result",
};

static const struct {
  const char *name;
  const char *label;
} encodings[] = {
  { "UTF-8", N_("UTF-8 (Unicode)") },
  { "UTF-16LE", N_("UTF-16, little-endian (“Unicode text”)") },
  { "UTF-16BE", N_("UTF-16, big-endian") },
  { "WINDOWS-1252", N_("Windows-1252 (Western European)") },
  { "ISO-8859-1", N_("ISO-8859-1 (Latin-1)") },
};

static const char delimiters[] = { ',', ';', '\t', '|' };

static const PlDateOrder date_orders[] = {
  PL_DATE_ORDER_ISO, PL_DATE_ORDER_DMY, PL_DATE_ORDER_MDY,
};

/* In the order the kind step lists them: the most common first. */
static const PlImportKind kinds[] = {
  PL_IMPORT_SURVEY,
  PL_IMPORT_COMPLAINTS,
  PL_IMPORT_INTERACTIONS,
  PL_IMPORT_OBSERVATIONS,
  PL_IMPORT_METRICS,
};

static const PlQuestionKind question_kinds[] = {
  PL_QUESTION_CSAT, PL_QUESTION_NPS, PL_QUESTION_CES, PL_QUESTION_LIKERT,
  PL_QUESTION_YESNO, PL_QUESTION_SINGLE, PL_QUESTION_MULTIPLE, PL_QUESTION_TEXT,
};

/* Progress from the worker thread: the latest fraction, and at most one
 * update waiting in the main loop at any time. */
typedef struct
{
  GWeakRef  assistant;
  GMutex    lock;
  double    fraction;
  int       pending;
} RunProgress;

struct _PlImportAssistant
{
  AdwWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkButton *cancel_button;
  GtkButton *back_button;
  GtkButton *next_button;
  GtkStack *stack;
  /* step 1 */
  AdwActionRow *file_row;
  GtkSpinner *load_spinner;
  GtkButton *choose_button;
  GtkWidget *load_error_box;
  GtkLabel *load_error_label;
  AdwPreferencesGroup *duplicate_group;
  AdwActionRow *duplicate_row;
  GtkSwitch *again_switch;
  AdwPreferencesGroup *format_group;
  AdwComboRow *encoding_row;
  AdwComboRow *delimiter_row;
  GtkSpinButton *header_spin;
  AdwComboRow *decimal_row;
  AdwComboRow *date_row;
  GtkWidget *date_box;
  GtkLabel *date_label;
  AdwPreferencesGroup *notes_group;
  /* step 2 */
  AdwPreferencesGroup *kind_group;
  AdwPreferencesGroup *survey_group;
  AdwComboRow *survey_row;
  AdwEntryRow *new_survey_row;
  AdwPreferencesGroup *scorecard_group;
  AdwComboRow *scorecard_row;
  GtkWidget *kind_problem_box;
  GtkLabel *kind_problem_label;
  AdwComboRow *preset_row;
  /* step 3 */
  AdwPreferencesGroup *columns_group;
  AdwEntryRow *missing_row;
  AdwEntryRow *default_date_row;
  GtkSwitch *create_switch;
  GtkRevealer *check_revealer;
  GtkLabel *check_label;
  /* step 4 */
  GtkImage *preview_icon;
  GtkLabel *preview_label;
  GtkWidget *preview_frame;
  GtkColumnView *preview_view;
  /* step 5 */
  AdwStatusPage *run_status;
  GtkProgressBar *progress_bar;
  /* step 6 */
  GtkStack *result_stack;
  AdwStatusPage *failed_status;
  GtkLabel *read_label;
  GtkLabel *imported_label;
  GtkLabel *rejected_label;
  GtkLabel *result_note_label;
  GtkWidget *undo_button;
  AdwPreferencesGroup *rejects_group;
  GtkListBox *rejects_list;
  GtkLabel *rejects_more_label;

  PlWorkspace *workspace;
  GFile *file;
  char *path;
  Step step;
  gboolean updating;            /* widgets being set from the state: not the user */
  gboolean disposed;
  gboolean chooser_offered;
  GtkNativeDialog *chooser;     /* the file chooser on show, if any */

  /* The file */
  GCancellable *load_cancellable;
  PlCsvSniff *sniff;
  PlCsvDialect dialect;         /* as the user has it, starting from the sniff */
  gboolean have_dialect;
  GPtrArray *headers;           /* of char*: the column names */
  GPtrArray *examples;          /* of char*, NULL where the sample has no value */
  GPtrArray *texts;             /* of GPtrArray* of char*: each column's distinct answers that are not numbers */
  guint64 file_size;
  char *load_error;
  char *ambiguous_dates;        /* the columns whose dates fit both orders, or NULL */
  gboolean date_order_chosen;
  gint64 existing_batch;
  gboolean import_again;

  /* What the file holds */
  char *kind;
  gboolean kind_chosen;         /* by the user, not guessed */
  GArray *survey_ids;           /* gint64, parallel to survey_row's model; 0 is a new survey */
  gint64 survey_id;
  GArray *scorecard_ids;
  gint64 scorecard_id;
  GPtrArray *presets;           /* of PlImportPresetInfo*, parallel to preset_row after its first item */
  char *preset;                 /* NULL: suggested from the column names */

  /* The columns */
  PlImportMapping *mapping;
  gboolean mapping_stale;
  char *mapping_problem;
  GPtrArray *field_ids;         /* of char*, parallel to field_labels; "" is "don't import" */
  GtkStringList *field_labels;
  GtkListItemFactory *field_factory;       /* the choice on a column's row */
  GtkListItemFactory *field_list_factory;  /* the choices in its list */
  GPtrArray *column_rows;       /* of AdwComboRow*, one per header */
  GPtrArray *value_rows;        /* of AdwExpanderRow*, one per header: its text answers as numbers */

  /* The preview */
  PlImportPreview *preview;
  gboolean preview_stale;
  char *preview_error;
  GtkStringList *preview_rows;

  /* The run and its result */
  GCancellable *run_cancellable;
  RunProgress *progress;
  gboolean running;
  gboolean close_when_done;
  PlImportResult *result;
  gboolean undone;
};

G_DEFINE_FINAL_TYPE (PlImportAssistant, pl_import_assistant, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_FILE,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_state   (PlImportAssistant *self);
static void start_load     (PlImportAssistant *self,
                            gboolean           sniff);
static void set_kind_internal (PlImportAssistant *self,
                               const char        *kind,
                               gboolean           by_user);
static void load_preview   (PlImportAssistant *self);

/* Progress */

static void
run_progress_clear (RunProgress *progress)
{
  g_weak_ref_clear (&progress->assistant);
  g_mutex_clear (&progress->lock);
}

static RunProgress *
run_progress_new (PlImportAssistant *self)
{
  RunProgress *progress = g_atomic_rc_box_new0 (RunProgress);

  g_weak_ref_init (&progress->assistant, self);
  g_mutex_init (&progress->lock);

  return progress;
}

static void
run_progress_unref (RunProgress *progress)
{
  g_atomic_rc_box_release_full (progress, (GDestroyNotify) run_progress_clear);
}

static gboolean
run_progress_idle_cb (gpointer user_data)
{
  RunProgress *progress = user_data;
  g_autoptr(PlImportAssistant) self = g_weak_ref_get (&progress->assistant);
  double fraction;

  g_atomic_int_set (&progress->pending, 0);

  g_mutex_lock (&progress->lock);
  fraction = progress->fraction;
  g_mutex_unlock (&progress->lock);

  if (self != NULL && !self->disposed && self->running)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));

  return G_SOURCE_REMOVE;
}

/* Called in the worker thread. */
static void
run_progress_cb (guint64  position,
                 guint64  size,
                 gpointer user_data)
{
  RunProgress *progress = user_data;

  g_mutex_lock (&progress->lock);
  progress->fraction = size > 0 ? (double) position / (double) size : 0.0;
  g_mutex_unlock (&progress->lock);

  if (g_atomic_int_compare_and_exchange (&progress->pending, 0, 1))
    g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT,
                                run_progress_idle_cb,
                                g_atomic_rc_box_acquire (progress),
                                (GDestroyNotify) run_progress_unref);
}

/* Small helpers */

static PlImportKind
get_kind (PlImportAssistant *self)
{
  PlImportKind kind = PL_IMPORT_SURVEY;

  if (self->kind != NULL)
    pl_import_kind_from_string (self->kind, &kind);

  return kind;
}

static const char *
kind_explanation (PlImportKind kind)
{
  switch (kind)
    {
    case PL_IMPORT_SURVEY:
      return _("One row per response, with a column per question: exports from "
               "SurveyMonkey, Google Forms, Qualtrics and the like");
    case PL_IMPORT_COMPLAINTS:
      return _("One row per complaint: when it arrived, what it was about, when it "
               "was answered and resolved");
    case PL_IMPORT_INTERACTIONS:
      return _("One row per call, chat or email: when, on which channel, who handled "
               "it and for how long");
    case PL_IMPORT_OBSERVATIONS:
      return _("One row per monitored interaction, with a column per scorecard criterion");
    case PL_IMPORT_METRICS:
      return _("One row per period (and channel or team), with a column per figure: "
               "a phone system’s interval report");
    default:
      g_assert_not_reached ();
    }
}

static const char *
question_kind_label (PlQuestionKind kind)
{
  switch (kind)
    {
    case PL_QUESTION_CSAT:
      return _("New question: CSAT (1–5)");
    case PL_QUESTION_NPS:
      return _("New question: NPS (0–10)");
    case PL_QUESTION_CES:
      return _("New question: effort (1–7)");
    case PL_QUESTION_LIKERT:
      return _("New question: scale");
    case PL_QUESTION_YESNO:
      return _("New question: yes/no");
    case PL_QUESTION_SINGLE:
      return _("New question: one choice");
    case PL_QUESTION_MULTIPLE:
      return _("New question: choices");
    case PL_QUESTION_TEXT:
      return _("New question: text");
    default:
      g_assert_not_reached ();
    }
}

static const char *
step_title (Step step)
{
  switch (step)
    {
    case STEP_FILE:
      return _("File and format");
    case STEP_KIND:
      return _("What the file holds");
    case STEP_COLUMNS:
      return _("Columns");
    case STEP_PREVIEW:
      return _("Preview");
    case STEP_IMPORT:
      return _("Import");
    case STEP_RESULT:
      return _("Result");
    case N_STEPS:
    default:
      g_assert_not_reached ();
    }
}

/* A value on one line, short enough for a row's subtitle. */
static char *
one_line (const char *text,
          guint       max_chars)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == '\r' || c == '\n' || c == '\t')
        {
          /* Runs of line breaks read as one space. */
          if (out->len == 0 || out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_unichar (out, c);
      n++;
    }

  return g_string_free (out, FALSE);
}

static char *
format_count (guint64 n)
{
  /* Thousands grouped as the user's locale does. */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static char *
format_moment (const char *iso)
{
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (iso != NULL ? iso : "");

  local = g_date_time_to_local (utc);
  /* Translators: when a file was imported, as in "18 March 2026 at 14:05";
   * see g_date_time_format() for the codes */
  return g_date_time_format (local, _("%-d %B %Y at %H:%M"));
}

/* "complaints-2026-03.csv" → "Complaints 2026 03" */
static char *
name_from_file (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  char *dot = strrchr (basename, '.');
  g_autofree char *name = NULL;
  g_autofree char *first = NULL;

  if (dot != NULL && dot != basename)
    *dot = '\0';
  g_strdelimit (basename, "-_.", ' ');
  name = g_strstrip (g_strdup (basename));
  if (name[0] == '\0')
    return g_strdup (_("Imported survey"));

  first = g_utf8_strup (name, g_utf8_next_char (name) - name);
  return g_strconcat (first, g_utf8_next_char (name), NULL);
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* The file chooser on show goes with the assistant. */
static void
forget_chooser (PlImportAssistant *self)
{
  if (self->chooser == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
}

static void
show_chooser (PlImportAssistant *self,
              GtkNativeDialog   *chooser,
              GCallback          response_cb)
{
  forget_chooser (self);
  self->chooser = chooser;
  gtk_native_dialog_set_modal (chooser, TRUE);
  g_signal_connect_object (chooser, "response", response_cb, self, 0);
  gtk_native_dialog_show (chooser);
}

static void
add_toast (PlImportAssistant *self,
           const char        *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Step 1: the file */

typedef struct
{
  char *path;
  gboolean sniff;
  PlCsvDialect dialect;         /* when not sniffing */
  GStrv missing_tokens;
} LoadRequest;

typedef struct
{
  PlCsvSniff *sniff;
  PlCsvDialect dialect;
  GPtrArray *headers;
  GPtrArray *examples;
  GPtrArray *texts;
  guint64 size;
} LoadResult;

static void
load_request_free (LoadRequest *request)
{
  g_free (request->path);
  pl_csv_dialect_clear (&request->dialect);
  g_strfreev (request->missing_tokens);
  g_free (request);
}

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->sniff, pl_csv_sniff_free);
  pl_csv_dialect_clear (&result->dialect);
  g_clear_pointer (&result->headers, g_ptr_array_unref);
  g_clear_pointer (&result->examples, g_ptr_array_unref);
  g_clear_pointer (&result->texts, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

static GStrv
missing_tokens_from_text (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);

  /* An empty cell is always missing. */
  g_strv_builder_add (builder, "");
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *token = g_strstrip (parts[i]);

      if (token[0] != '\0')
        g_strv_builder_add (builder, token);
    }

  return g_strv_builder_end (builder);
}

static GStrv
current_missing_tokens (PlImportAssistant *self)
{
  return missing_tokens_from_text (gtk_editable_get_text (GTK_EDITABLE (self->missing_row)));
}

/* Keeps a column's answers that are not numbers ("Very satisfied",
 * "Yes"), once each as the value map matches them (case and surrounding
 * spaces aside), for the user to give them numbers. */
static void
collect_text (GPtrArray          *texts,
              GHashTable         *seen,
              const char         *value,
              const PlCsvDialect *dialect,
              const char * const *missing_tokens)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *key = NULL;
  double number;

  if (texts->len >= MAX_VALUE_TEXTS || value == NULL ||
      pl_csv_is_missing (value, missing_tokens))
    return;

  trimmed = g_strstrip (g_strdup (value));
  if (trimmed[0] == '\0' || g_utf8_strlen (trimmed, -1) > MAX_VALUE_TEXT_CHARS ||
      strchr (trimmed, '\n') != NULL ||
      pl_csv_parse_number (trimmed, dialect->decimal_comma, &number))
    return;

  key = g_utf8_casefold (trimmed, -1);
  if (g_hash_table_contains (seen, key))
    return;

  g_hash_table_add (seen, g_steal_pointer (&key));
  g_ptr_array_add (texts, g_steal_pointer (&trimmed));
}

/* Reads the header and the first records with the dialect, for the column
 * names, an example of each column's values and its text answers. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadRequest *request = task_data;
  g_autoptr(LoadResult) result = g_new0 (LoadResult, 1);
  g_autoptr(PlCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *headers;
  GPtrArray *fields;
  guint64 line;
  guint n_records = 0;
  g_autoptr(GPtrArray) seen = NULL;

  if (request->sniff)
    {
      result->sniff = pl_csv_sniff (request->path,
                                    (const char * const *) request->missing_tokens,
                                    cancellable, &error);
      if (result->sniff == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      pl_csv_dialect_copy (&result->sniff->dialect, &result->dialect);
    }
  else
    pl_csv_dialect_copy (&request->dialect, &result->dialect);

  reader = pl_csv_reader_new (request->path, &result->dialect, &error);
  if (reader == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  headers = pl_csv_reader_get_headers (reader);
  result->headers = g_ptr_array_new_full (headers->len, g_free);
  result->examples = g_ptr_array_new_full (headers->len, g_free);
  result->texts = g_ptr_array_new_full (headers->len, (GDestroyNotify) g_ptr_array_unref);
  seen = g_ptr_array_new_full (headers->len, (GDestroyNotify) g_hash_table_unref);
  for (guint i = 0; i < headers->len; i++)
    {
      g_ptr_array_add (result->headers, g_strdup (g_ptr_array_index (headers, i)));
      g_ptr_array_add (result->examples, NULL);
      g_ptr_array_add (result->texts, g_ptr_array_new_with_free_func (g_free));
      g_ptr_array_add (seen, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL));
    }

  while (n_records < SAMPLE_RECORDS &&
         pl_csv_reader_next (reader, &fields, &line, &error))
    {
      n_records++;
      for (guint i = 0; i < fields->len && i < result->examples->len; i++)
        {
          const char *value = g_ptr_array_index (fields, i);

          if (g_ptr_array_index (result->examples, i) == NULL &&
              !pl_csv_is_missing (value, (const char * const *) request->missing_tokens))
            result->examples->pdata[i] = one_line (value, MAX_EXAMPLE_CHARS);

          collect_text (g_ptr_array_index (result->texts, i), g_ptr_array_index (seen, i),
                        value, &result->dialect, (const char * const *) request->missing_tokens);
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        break;
    }

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (result->headers->len == 0)
    {
      g_task_return_new_error (task, PL_ERROR, PL_ERROR_INVALID,
                               _("No columns could be found in the file."));
      return;
    }

  result->size = pl_csv_reader_get_size (reader);
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) load_result_free);
}

static void
select_dialect_widgets (PlImportAssistant *self)
{
  GtkStringList *encoding_model = GTK_STRING_LIST (adw_combo_row_get_model (self->encoding_row));
  guint n_encodings = g_list_model_get_n_items (G_LIST_MODEL (encoding_model));
  guint encoding_index = GTK_INVALID_LIST_POSITION;

  self->updating = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    if (self->dialect.encoding != NULL &&
        g_ascii_strcasecmp (self->dialect.encoding, encodings[i].name) == 0)
      encoding_index = i;

  /* An encoding the list does not name is shown by its own name. */
  if (encoding_index == GTK_INVALID_LIST_POSITION && self->dialect.encoding != NULL)
    {
      for (guint i = G_N_ELEMENTS (encodings); i < n_encodings; i++)
        if (g_strcmp0 (gtk_string_list_get_string (encoding_model, i), self->dialect.encoding) == 0)
          encoding_index = i;
      if (encoding_index == GTK_INVALID_LIST_POSITION)
        {
          gtk_string_list_append (encoding_model, self->dialect.encoding);
          encoding_index = n_encodings;
        }
    }
  adw_combo_row_set_selected (self->encoding_row, encoding_index);

  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    if (self->dialect.delimiter == delimiters[i])
      adw_combo_row_set_selected (self->delimiter_row, i);

  gtk_spin_button_set_value (self->header_spin, self->dialect.header_rows);
  adw_combo_row_set_selected (self->decimal_row, self->dialect.decimal_comma ? 1 : 0);

  /* An order still to be chosen shows as none. */
  adw_combo_row_set_selected (self->date_row, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; i < G_N_ELEMENTS (date_orders); i++)
    if (self->dialect.date_order == date_orders[i])
      adw_combo_row_set_selected (self->date_row, i);

  self->updating = FALSE;
}

static void
update_notes (PlImportAssistant *self)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (self->notes_group), "rows");
  guint n_notes = self->sniff != NULL && self->sniff->notes != NULL ? self->sniff->notes->len : 0;

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    adw_preferences_group_remove (self->notes_group, g_ptr_array_index (rows, i));
  rows = g_ptr_array_new ();

  for (guint i = 0; i < n_notes; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     g_ptr_array_index (self->sniff->notes, i));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"),
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->notes_group, row);
      g_ptr_array_add (rows, row);
    }

  g_object_set_data_full (G_OBJECT (self->notes_group), "rows", rows,
                          (GDestroyNotify) g_ptr_array_unref);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_group), n_notes > 0);
}

static void
update_file_page (PlImportAssistant *self)
{
  gboolean loading = self->load_cancellable != NULL;
  gboolean loaded = self->headers != NULL && self->load_error == NULL;

  if (self->file != NULL)
    {
      g_autofree char *basename = g_file_get_basename (self->file);
      g_autofree char *size = NULL;
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), basename);
      if (loading)
        subtitle = g_strdup (_("Reading the start of the file…"));
      else if (loaded)
        {
          size = g_format_size (self->file_size);
          /* Translators: "1.2 MB · 18 columns" */
          subtitle = g_strdup_printf (g_dngettext (NULL, "%s · %u column", "%s · %u columns",
                                                   self->headers->len),
                                      size, self->headers->len);
        }
      else
        subtitle = g_file_get_parse_name (self->file);
      adw_action_row_set_subtitle (self->file_row, subtitle);
      gtk_button_set_label (self->choose_button, _("C_hoose Another…"));
      if (self->load_error != NULL && !loading)
        gtk_widget_add_css_class (GTK_WIDGET (self->choose_button), "suggested-action");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->choose_button), "suggested-action");
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), _("No file chosen"));
      adw_action_row_set_subtitle (self->file_row,
                                   _("A CSV export from a survey tool, phone system, "
                                     "helpdesk or spreadsheet"));
      gtk_button_set_label (self->choose_button, _("C_hoose File…"));
      gtk_widget_add_css_class (GTK_WIDGET (self->choose_button), "suggested-action");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->load_spinner), loading);
  gtk_spinner_set_spinning (self->load_spinner, loading);

  gtk_widget_set_visible (self->load_error_box, self->load_error != NULL && !loading);
  if (self->load_error != NULL)
    gtk_label_set_text (self->load_error_label, self->load_error);

  gtk_widget_set_visible (GTK_WIDGET (self->format_group), self->have_dialect);

  gtk_widget_set_visible (self->date_box, self->ambiguous_dates != NULL && !self->date_order_chosen);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->date_row),
                               self->ambiguous_dates != NULL && !self->date_order_chosen
                               ? _("Not known yet: choose below") : "");
  if (self->ambiguous_dates != NULL)
    {
      g_autofree char *text =
        g_strdup_printf (_("The dates in %s could be day/month or month/day: 03/04/2026 is "
                           "3 April in the UK and March 4 in the US. Which does this file use?"),
                         self->ambiguous_dates);

      gtk_label_set_text (self->date_label, text);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->duplicate_group), self->existing_batch > 0);
}

static void
check_existing_batch (PlImportAssistant *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *when = NULL;
  g_autofree char *title = NULL;

  self->existing_batch = pl_import_find_batch_for_file (self->workspace, self->path, NULL, &error);
  if (error != NULL)
    {
      g_warning ("Could not look for an earlier import of “%s”: %s", self->path, error->message);
      self->existing_batch = 0;
      return;
    }
  if (self->existing_batch <= 0)
    return;

  stmt = pl_workspace_prepare (self->workspace,
                               "SELECT imported_at FROM import_batches WHERE id = ?",
                               &error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, self->existing_batch);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        when = format_moment ((const char *) sqlite3_column_text (stmt, 0));
    }

  /* Translators: the first %s is when, as in "18 March 2026 at 14:05" */
  title = g_strdup_printf (_("This file was imported on %s (batch %lld). "
                             "Importing it again would add its rows twice."),
                           when != NULL ? when : "?", (long long) self->existing_batch);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->duplicate_row), title);
}

static char *
describe_ambiguous_dates (PlCsvSniff *sniff)
{
  g_autoptr(GString) names = NULL;

  for (guint i = 0; sniff->columns != NULL && i < sniff->columns->len; i++)
    {
      PlCsvColumn *column = g_ptr_array_index (sniff->columns, i);

      if (!column->date_ambiguous)
        continue;
      if (names == NULL)
        names = g_string_new (NULL);
      else
        g_string_append (names, ", ");
      g_string_append_printf (names, "“%s”", column->name);
    }

  return names != NULL ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

/* Guesses what the file holds from how many of its columns each kind's
 * suggestion can place (questions and criteria aside: any number fits). */
static void
guess_kind (PlImportAssistant *self)
{
  PlImportKind best = PL_IMPORT_SURVEY;
  guint best_count = 0;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(PlImportMapping) mapping =
        pl_import_mapping_suggest (kinds[k], self->headers, self->workspace, 0);
      g_autoptr(GPtrArray) columns = NULL;
      guint count = 0;

      if (mapping == NULL)
        continue;

      columns = pl_import_mapping_dup_columns (mapping);
      for (guint i = 0; columns != NULL && i < columns->len; i++)
        {
          const char *field = pl_import_mapping_get_field (mapping, g_ptr_array_index (columns, i));

          if (field != NULL && strchr (field, ':') == NULL)
            count++;
        }

      if (count > best_count)
        {
          best = kinds[k];
          best_count = count;
        }
    }

  set_kind_internal (self, pl_import_kind_to_string (best), FALSE);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *async_result,
              gpointer      user_data)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (object);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (async_result));
  g_autoptr(LoadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = g_task_propagate_pointer (G_TASK (async_result), &error);

  /* A newer read replaced this one, or the assistant is gone. */
  if (self->disposed || cancellable != self->load_cancellable)
    return;

  g_clear_object (&self->load_cancellable);

  if (result == NULL)
    {
      g_clear_pointer (&self->load_error, g_free);
      if (self->have_dialect)
        self->load_error = g_strdup_printf (_("%s\n\nNothing has been imported. Change how the "
                                              "file is read below, or check that it is the file "
                                              "you meant."),
                                            error->message);
      else
        self->load_error = g_strdup_printf (_("%s\n\nNothing has been imported. Check that this "
                                              "is the CSV file you meant, or choose another."),
                                            error->message);
      g_clear_pointer (&self->headers, g_ptr_array_unref);
      g_clear_pointer (&self->examples, g_ptr_array_unref);
      g_clear_pointer (&self->texts, g_ptr_array_unref);
      update_file_page (self);
      update_state (self);
      return;
    }

  g_clear_pointer (&self->load_error, g_free);

  if (result->sniff != NULL)
    {
      g_clear_pointer (&self->sniff, pl_csv_sniff_free);
      self->sniff = g_steal_pointer (&result->sniff);
      g_clear_pointer (&self->ambiguous_dates, g_free);
      self->ambiguous_dates = describe_ambiguous_dates (self->sniff);
      self->date_order_chosen = self->ambiguous_dates == NULL;
      check_existing_batch (self);
    }

  pl_csv_dialect_clear (&self->dialect);
  pl_csv_dialect_copy (&result->dialect, &self->dialect);
  /* A file without dates reads the same in any order; say the usual one. */
  if (self->dialect.date_order == PL_DATE_ORDER_UNKNOWN && self->ambiguous_dates == NULL)
    self->dialect.date_order = PL_DATE_ORDER_ISO;
  self->have_dialect = TRUE;

  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->examples, g_ptr_array_unref);
  self->headers = g_steal_pointer (&result->headers);
  self->examples = g_steal_pointer (&result->examples);
  g_clear_pointer (&self->texts, g_ptr_array_unref);
  self->texts = g_steal_pointer (&result->texts);
  self->file_size = result->size;
  self->mapping_stale = TRUE;
  self->preview_stale = TRUE;

  select_dialect_widgets (self);
  update_notes (self);

  if (!self->kind_chosen)
    guess_kind (self);

  update_file_page (self);
  update_state (self);
}

static void
start_load (PlImportAssistant *self,
            gboolean           sniff)
{
  g_autoptr(GTask) task = NULL;
  LoadRequest *request;

  if (self->path == NULL)
    return;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  request = g_new0 (LoadRequest, 1);
  request->path = g_strdup (self->path);
  request->sniff = sniff;
  request->missing_tokens = current_missing_tokens (self);
  if (!sniff)
    pl_csv_dialect_copy (&self->dialect, &request->dialect);

  task = g_task_new (self, self->load_cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  g_task_run_in_thread (task, load_thread);

  update_file_page (self);
  update_state (self);
}

static void
set_file (PlImportAssistant *self,
          GFile             *file)
{
  g_set_object (&self->file, file);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->sniff, pl_csv_sniff_free);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->examples, g_ptr_array_unref);
  g_clear_pointer (&self->texts, g_ptr_array_unref);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->ambiguous_dates, g_free);
  pl_csv_dialect_clear (&self->dialect);
  self->have_dialect = FALSE;
  self->date_order_chosen = FALSE;
  self->existing_batch = 0;
  self->kind_chosen = FALSE;
  self->mapping_stale = TRUE;
  self->preview_stale = TRUE;

  self->updating = TRUE;
  gtk_switch_set_active (self->again_switch, FALSE);
  self->import_again = FALSE;
  self->updating = FALSE;

  if (file != NULL)
    {
      g_autofree char *name = name_from_file (file);

      self->path = g_file_get_path (file);
      gtk_editable_set_text (GTK_EDITABLE (self->new_survey_row), name);

      if (self->path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (file);

          self->load_error = g_strdup_printf (_("“%s” is not a file on this computer. Copy it "
                                                "to a folder first, then import the copy."),
                                              uri);
        }
    }

  update_notes (self);
  update_file_page (self);
  start_load (self, TRUE);
  update_state (self);
}

static void
choose_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        {
          set_file (self, file);
          if (self->step != STEP_FILE)
            {
              self->step = STEP_FILE;
              gtk_stack_set_visible_child_name (self->stack, step_pages[STEP_FILE]);
              update_state (self);
            }
        }
    }

  forget_chooser (self);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/tab-separated-values");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "tsv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  dialog = gtk_file_chooser_native_new (_("Choose a CSV File to Import"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), csv);

  show_chooser (self, GTK_NATIVE_DIALOG (dialog), G_CALLBACK (choose_response_cb));
}

static void
again_changed_cb (PlImportAssistant *self)
{
  if (self->updating)
    return;

  self->import_again = gtk_switch_get_active (self->again_switch);
  update_state (self);
}

static void
encoding_selected_cb (PlImportAssistant *self)
{
  guint selected = adw_combo_row_get_selected (self->encoding_row);
  GtkStringList *model = GTK_STRING_LIST (adw_combo_row_get_model (self->encoding_row));
  const char *name;

  if (self->updating || !self->have_dialect || selected == GTK_INVALID_LIST_POSITION)
    return;

  name = selected < G_N_ELEMENTS (encodings) ? encodings[selected].name
                                             : gtk_string_list_get_string (model, selected);
  if (g_strcmp0 (name, self->dialect.encoding) == 0)
    return;

  g_free (self->dialect.encoding);
  self->dialect.encoding = g_strdup (name);
  /* The byte order mark only belongs to the encoding it was found for. */
  self->dialect.has_bom = self->sniff != NULL && self->sniff->dialect.has_bom &&
                          g_ascii_strcasecmp (name, self->sniff->dialect.encoding) == 0;
  start_load (self, FALSE);
}

static void
delimiter_selected_cb (PlImportAssistant *self)
{
  guint selected = adw_combo_row_get_selected (self->delimiter_row);

  if (self->updating || !self->have_dialect || selected >= G_N_ELEMENTS (delimiters) ||
      self->dialect.delimiter == delimiters[selected])
    return;

  self->dialect.delimiter = delimiters[selected];
  start_load (self, FALSE);
}

static void
header_rows_changed_cb (PlImportAssistant *self)
{
  guint rows = gtk_spin_button_get_value_as_int (self->header_spin);

  if (self->updating || !self->have_dialect || self->dialect.header_rows == rows)
    return;

  self->dialect.header_rows = rows;
  start_load (self, FALSE);
}

static void
decimal_selected_cb (PlImportAssistant *self)
{
  guint selected = adw_combo_row_get_selected (self->decimal_row);

  if (self->updating || !self->have_dialect || selected == GTK_INVALID_LIST_POSITION)
    return;

  self->dialect.decimal_comma = selected == 1;
  self->preview_stale = TRUE;
  update_state (self);
}

static void
set_date_order (PlImportAssistant *self,
                PlDateOrder        order)
{
  self->dialect.date_order = order;
  self->date_order_chosen = TRUE;
  self->preview_stale = TRUE;

  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (date_orders); i++)
    if (date_orders[i] == order)
      adw_combo_row_set_selected (self->date_row, i);
  self->updating = FALSE;

  update_file_page (self);
  update_state (self);
}

static void
date_selected_cb (PlImportAssistant *self)
{
  guint selected = adw_combo_row_get_selected (self->date_row);

  if (self->updating || !self->have_dialect || selected >= G_N_ELEMENTS (date_orders))
    return;

  set_date_order (self, date_orders[selected]);
}

static void
set_date_order_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (widget);
  const char *text = g_variant_get_string (param, NULL);
  PlDateOrder order;

  if (g_str_equal (text, "iso"))
    order = PL_DATE_ORDER_ISO;
  else if (g_str_equal (text, "dmy"))
    order = PL_DATE_ORDER_DMY;
  else if (g_str_equal (text, "mdy"))
    order = PL_DATE_ORDER_MDY;
  else
    {
      g_warning ("Unknown date order “%s”", text);
      return;
    }

  if (!self->have_dialect || self->step != STEP_FILE)
    return;

  set_date_order (self, order);
}

/* Step 2: what the file holds */

static void
load_targets (PlImportAssistant *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) surveys = NULL;
  g_autoptr(GListModel) scorecards = NULL;
  g_autoptr(GtkStringList) survey_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) scorecard_names = gtk_string_list_new (NULL);
  gint64 new_survey = 0;

  g_array_set_size (self->survey_ids, 0);
  g_array_set_size (self->scorecard_ids, 0);

  gtk_string_list_append (survey_names, _("A new survey"));
  g_array_append_val (self->survey_ids, new_survey);

  surveys = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_SURVEY, &error);
  if (surveys == NULL)
    g_warning ("Could not list the surveys: %s", error->message);
  for (guint i = 0; surveys != NULL && i < g_list_model_get_n_items (surveys); i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (surveys, i);
      gint64 id = pl_item_get_id (item);

      gtk_string_list_append (survey_names, pl_item_get_name (item));
      g_array_append_val (self->survey_ids, id);
    }
  g_clear_error (&error);

  scorecards = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_SCORECARD, &error);
  if (scorecards == NULL)
    g_warning ("Could not list the scorecards: %s", error->message);
  for (guint i = 0; scorecards != NULL && i < g_list_model_get_n_items (scorecards); i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (scorecards, i);
      gint64 id = pl_item_get_id (item);
      g_autofree char *name = NULL;

      if (pl_item_get_detail (item) != NULL)
        name = g_strdup_printf ("%s (%s)", pl_item_get_name (item), pl_item_get_detail (item));
      else
        name = g_strdup (pl_item_get_name (item));
      gtk_string_list_append (scorecard_names, name);
      g_array_append_val (self->scorecard_ids, id);
    }

  self->updating = TRUE;
  adw_combo_row_set_model (self->survey_row, G_LIST_MODEL (survey_names));
  adw_combo_row_set_selected (self->survey_row, 0);
  adw_combo_row_set_model (self->scorecard_row, G_LIST_MODEL (scorecard_names));
  adw_combo_row_set_selected (self->scorecard_row, 0);
  self->updating = FALSE;

  self->survey_id = 0;
  self->scorecard_id = self->scorecard_ids->len > 0 ? g_array_index (self->scorecard_ids, gint64, 0) : 0;
}

static void
load_presets (PlImportAssistant *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  g_clear_pointer (&self->presets, g_ptr_array_unref);
  self->presets = pl_import_list_presets (self->workspace, get_kind (self), &error);
  if (self->presets == NULL)
    {
      g_warning ("Could not list the import presets: %s", error->message);
      self->presets = g_ptr_array_new ();
    }

  gtk_string_list_append (labels, _("Suggested from the column names"));
  for (guint i = 0; i < self->presets->len; i++)
    {
      PlImportPresetInfo *info = g_ptr_array_index (self->presets, i);
      g_autofree char *label = NULL;

      if (!info->builtin && info->source != NULL && info->source[0] != '\0')
        label = g_strdup_printf ("%s (%s)", info->label, info->source);
      else if (!info->builtin)
        /* Translators: a preset the user saved */
        label = g_strdup_printf (_("%s (saved)"), info->label != NULL ? info->label : info->name);
      else
        label = g_strdup (info->label);
      gtk_string_list_append (labels, label);

      if (g_strcmp0 (info->name, self->preset) == 0)
        selected = i + 1;
    }

  if (selected == 0)
    g_clear_pointer (&self->preset, g_free);

  self->updating = TRUE;
  adw_combo_row_set_model (self->preset_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->preset_row, selected);
  self->updating = FALSE;
}

static char *
kind_problem (PlImportAssistant *self)
{
  switch (get_kind (self))
    {
    case PL_IMPORT_SURVEY:
      if (self->survey_id == 0)
        {
          g_autofree char *name =
            g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_survey_row))));

          if (name[0] == '\0')
            return g_strdup (_("Give the new survey a name."));
        }
      return NULL;
    case PL_IMPORT_OBSERVATIONS:
      if (self->scorecard_id == 0)
        return g_strdup (_("This workspace has no scorecard yet to score the observations on. "
                           "Add one first, then import the observations."));
      return NULL;
    case PL_IMPORT_INTERACTIONS:
    case PL_IMPORT_METRICS:
    case PL_IMPORT_COMPLAINTS:
    default:
      return NULL;
    }
}

static void
update_kind_page (PlImportAssistant *self)
{
  PlImportKind kind = get_kind (self);
  g_autofree char *problem = kind_problem (self);

  gtk_widget_set_visible (GTK_WIDGET (self->survey_group), kind == PL_IMPORT_SURVEY);
  gtk_widget_set_visible (GTK_WIDGET (self->new_survey_row),
                          kind == PL_IMPORT_SURVEY && self->survey_id == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->scorecard_group),
                          kind == PL_IMPORT_OBSERVATIONS && self->scorecard_ids->len > 0);

  gtk_widget_set_visible (self->kind_problem_box, problem != NULL);
  if (problem != NULL)
    gtk_label_set_text (self->kind_problem_label, problem);
}

static void
set_kind_internal (PlImportAssistant *self,
                   const char        *kind,
                   gboolean           by_user)
{
  PlImportKind parsed;

  if (kind == NULL || !pl_import_kind_from_string (kind, &parsed))
    {
      g_warning ("Unknown kind of import “%s”", kind != NULL ? kind : "(null)");
      return;
    }

  if (by_user)
    self->kind_chosen = TRUE;

  if (g_strcmp0 (self->kind, kind) == 0)
    return;

  g_free (self->kind);
  self->kind = g_strdup (kind);
  g_clear_pointer (&self->preset, g_free);
  self->mapping_stale = TRUE;
  self->preview_stale = TRUE;

  if (!self->disposed)
    {
      load_presets (self);
      update_kind_page (self);
      update_state (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

static void
survey_selected_cb (PlImportAssistant *self)
{
  guint selected = adw_combo_row_get_selected (self->survey_row);

  if (self->updating || selected >= self->survey_ids->len)
    return;

  self->survey_id = g_array_index (self->survey_ids, gint64, selected);
  self->mapping_stale = TRUE;
  self->preview_stale = TRUE;
  update_kind_page (self);
  update_state (self);
}

static void
new_survey_changed_cb (PlImportAssistant *self)
{
  if (self->updating)
    return;

  if (self->mapping != NULL && self->survey_id == 0)
    {
      g_autofree char *name =
        g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_survey_row))));

      pl_import_mapping_set_new_survey (self->mapping, name);
    }
  update_kind_page (self);
  update_state (self);
}

static void
scorecard_selected_cb (PlImportAssistant *self)
{
  guint selected = adw_combo_row_get_selected (self->scorecard_row);

  if (self->updating || selected >= self->scorecard_ids->len)
    return;

  self->scorecard_id = g_array_index (self->scorecard_ids, gint64, selected);
  self->mapping_stale = TRUE;
  self->preview_stale = TRUE;
  update_kind_page (self);
  update_state (self);
}

static void
preset_selected_cb (PlImportAssistant *self)
{
  guint selected = adw_combo_row_get_selected (self->preset_row);

  if (self->updating || selected == GTK_INVALID_LIST_POSITION)
    return;

  g_clear_pointer (&self->preset, g_free);
  if (selected > 0 && selected <= self->presets->len)
    {
      PlImportPresetInfo *info = g_ptr_array_index (self->presets, selected - 1);

      self->preset = g_strdup (info->name);
    }
  self->mapping_stale = TRUE;
  self->preview_stale = TRUE;
  update_state (self);
}

static void
build_kind_rows (PlImportAssistant *self)
{
  GtkCheckButton *group = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_import_kind_to_label (kinds[i]));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kind_explanation (kinds[i]));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (check), "import.set-kind");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (check), "s",
                                        pl_import_kind_to_string (kinds[i]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, pl_import_kind_to_label (kinds[i]),
                                      -1);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_set_name (row, pl_import_kind_to_string (kinds[i]));
      adw_preferences_group_add (self->kind_group, row);
    }
}

/* Step 3: the columns */

static void
add_field_choice (PlImportAssistant *self,
                  const char        *id,
                  const char        *label)
{
  for (guint i = 0; i < self->field_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->field_ids, i), id))
      return;

  g_ptr_array_add (self->field_ids, g_strdup (id));
  gtk_string_list_append (self->field_labels, label);
}

static guint
field_index (PlImportAssistant *self,
             const char        *field)
{
  if (field == NULL || field[0] == '\0')
    return 0;

  for (guint i = 0; i < self->field_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->field_ids, i), field))
      return i;

  /* A field the lists above do not offer (from a preset, say): offered by its id. */
  add_field_choice (self, field, field);
  return self->field_ids->len - 1;
}

static const char *
field_label (PlImportAssistant *self,
             const char        *field)
{
  for (guint i = 0; i < self->field_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->field_ids, i), field))
      return gtk_string_list_get_string (self->field_labels, i);

  return field;
}

static void
add_dynamic_fields (PlImportAssistant *self)
{
  g_autoptr(GError) error = NULL;

  switch (get_kind (self))
    {
    case PL_IMPORT_SURVEY:
      if (self->survey_id > 0)
        {
          g_autoptr(GListModel) questions = pl_survey_list_questions (self->workspace,
                                                                      self->survey_id, &error);

          for (guint i = 0; questions != NULL && i < g_list_model_get_n_items (questions); i++)
            {
              g_autoptr(PlQuestion) question = g_list_model_get_item (questions, i);
              g_autofree char *id = g_strconcat ("question:", pl_question_get_code (question), NULL);
              /* Translators: a survey question a column can feed */
              g_autofree char *label = g_strdup_printf (_("Question: %s"),
                                                        pl_question_get_text (question));

              add_field_choice (self, id, label);
            }
        }
      for (guint i = 0; i < G_N_ELEMENTS (question_kinds); i++)
        {
          g_autofree char *id = g_strconcat ("new-question:",
                                             pl_question_kind_to_string (question_kinds[i]), NULL);

          add_field_choice (self, id, question_kind_label (question_kinds[i]));
        }
      break;

    case PL_IMPORT_OBSERVATIONS:
      if (self->scorecard_id > 0)
        {
          g_autoptr(sqlite3_stmt) stmt =
            pl_workspace_prepare (self->workspace,
                                  "SELECT c.id, c.text FROM criteria c"
                                  " JOIN scorecard_sections s ON s.id = c.section_id"
                                  " WHERE s.scorecard_id = ?"
                                  " ORDER BY s.position, c.position",
                                  &error);

          if (stmt != NULL)
            {
              sqlite3_bind_int64 (stmt, 1, self->scorecard_id);
              while (sqlite3_step (stmt) == SQLITE_ROW)
                {
                  g_autofree char *id = g_strdup_printf ("criterion:%" G_GINT64_FORMAT,
                                                         (gint64) sqlite3_column_int64 (stmt, 0));
                  /* Translators: a scorecard criterion a column can feed */
                  g_autofree char *label = g_strdup_printf (_("Criterion: %s"),
                                                            sqlite3_column_text (stmt, 1));

                  add_field_choice (self, id, label);
                }
            }
        }
      break;

    case PL_IMPORT_METRICS:
      {
        g_autoptr(GListModel) series = pl_workspace_list_items (self->workspace,
                                                                PL_ITEM_KIND_METRIC_SERIES, &error);

        for (guint i = 0; series != NULL && i < g_list_model_get_n_items (series); i++)
          {
            g_autoptr(PlItem) item = g_list_model_get_item (series, i);
            g_autofree char *id = g_strconcat ("metric:", pl_item_get_code (item), NULL);
            /* Translators: an operational metric a column can feed */
            g_autofree char *label = g_strdup_printf (_("Metric: %s"), pl_item_get_name (item));

            add_field_choice (self, id, label);
          }
      }
      break;

    case PL_IMPORT_INTERACTIONS:
    case PL_IMPORT_COMPLAINTS:
    default:
      break;
    }

  if (error != NULL)
    g_warning ("Could not list what the columns can feed: %s", error->message);
}

static void
build_field_choices (PlImportAssistant *self)
{
  const PlImportField *fields;
  guint n_fields = 0;

  g_ptr_array_set_size (self->field_ids, 0);
  g_clear_object (&self->field_labels);
  self->field_labels = gtk_string_list_new (NULL);

  add_field_choice (self, "", _("Don’t import"));

  /* Ids ending in ':' stand for a family (questions, criteria, metrics):
   * its members are listed by add_dynamic_fields(). */
  fields = pl_import_fields (get_kind (self), &n_fields);
  for (guint i = 0; i < n_fields; i++)
    if (!g_str_has_suffix (fields[i].id, ":"))
      add_field_choice (self, fields[i].id, fields[i].label);

  add_dynamic_fields (self);
}

static const char *
date_field (PlImportKind kind)
{
  return kind == PL_IMPORT_COMPLAINTS ? "received" : "date";
}

static gboolean
mapping_has_field (PlImportMapping *mapping,
                   const char      *field)
{
  g_autoptr(GPtrArray) columns = pl_import_mapping_dup_columns (mapping);

  for (guint i = 0; columns != NULL && i < columns->len; i++)
    if (g_strcmp0 (pl_import_mapping_get_field (mapping, g_ptr_array_index (columns, i)), field) == 0)
      return TRUE;

  return FALSE;
}

/* Whether the mapping would pass with a date column: then the date is
 * what is missing. */
static gboolean
date_is_all_that_is_missing (PlImportAssistant *self,
                             const char        *field)
{
  g_autoptr(PlImportMapping) copy = pl_import_mapping_copy (self->mapping);

  pl_import_mapping_set_field (copy, "\x1f" "default date", field);
  return pl_import_mapping_check (copy, self->workspace, NULL);
}

/* The date typed for rows without one: NULL when none, or when it is not
 * a date (then *invalid is set). */
static char *
dup_default_date (PlImportAssistant *self,
                  gboolean          *invalid)
{
  g_autofree char *text =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->default_date_row))));
  GDate date;

  *invalid = FALSE;
  if (text[0] == '\0')
    return NULL;

  if (!pl_date_parse_iso (text, &date))
    {
      *invalid = TRUE;
      return NULL;
    }

  return pl_date_to_iso (&date);
}

static void
check_mapping (PlImportAssistant *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlImportMapping) checked = NULL;
  g_autofree char *default_date = NULL;
  const char *field;
  gboolean invalid;

  g_clear_pointer (&self->mapping_problem, g_free);
  if (self->mapping == NULL)
    return;

  field = date_field (get_kind (self));
  default_date = dup_default_date (self, &invalid);

  /* pl_import_mapping_check() wants a date column; a date for every row
   * does as well (pl_import_run() accepts either). */
  if (default_date != NULL && !mapping_has_field (self->mapping, field))
    {
      checked = pl_import_mapping_copy (self->mapping);
      pl_import_mapping_set_field (checked, "\x1f" "default date", field);
    }

  if (invalid)
    self->mapping_problem =
      g_strdup_printf (_("“%s” is not a date. Write the date for rows without one as "
                         "year-month-day, for example 2026-03-18."),
                       gtk_editable_get_text (GTK_EDITABLE (self->default_date_row)));
  else if (!pl_import_mapping_check (checked != NULL ? checked : self->mapping,
                                     self->workspace, &error))
    {
      if (default_date == NULL && !mapping_has_field (self->mapping, field) &&
          g_error_matches (error, PL_ERROR, PL_ERROR_INVALID) &&
          date_is_all_that_is_missing (self, field))
        self->mapping_problem =
          g_strdup (_("No column holds the date of each row. Choose the column that does, "
                      "or give one date for every row under Values."));
      else
        self->mapping_problem = g_strdup (error->message);
    }

  gtk_label_set_text (self->check_label, self->mapping_problem != NULL ? self->mapping_problem : "");
  gtk_revealer_set_reveal_child (self->check_revealer, self->mapping_problem != NULL);
}

static void
apply_mapping_settings (PlImportAssistant *self)
{
  g_auto(GStrv) tokens = current_missing_tokens (self);

  if (self->mapping == NULL)
    return;

  pl_import_mapping_set_missing_tokens (self->mapping, (const char * const *) tokens);
  pl_import_mapping_set_create_missing (self->mapping, gtk_switch_get_active (self->create_switch));
  {
    gboolean invalid;
    g_autofree char *date = dup_default_date (self, &invalid);

    pl_import_mapping_set_default_date (self->mapping, date);
  }

  switch (get_kind (self))
    {
    case PL_IMPORT_SURVEY:
      if (self->survey_id > 0)
        pl_import_mapping_set_survey_id (self->mapping, self->survey_id);
      else
        {
          g_autofree char *name =
            g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_survey_row))));

          pl_import_mapping_set_new_survey (self->mapping, name);
        }
      break;
    case PL_IMPORT_OBSERVATIONS:
      pl_import_mapping_set_scorecard_id (self->mapping, self->scorecard_id);
      break;
    case PL_IMPORT_INTERACTIONS:
    case PL_IMPORT_METRICS:
    case PL_IMPORT_COMPLAINTS:
    default:
      break;
    }
}

/* The text answers of a rating column: "Very satisfied" → 5. */

/* Whether @field takes ratings (or yes/no), and the numbers it accepts. */
static gboolean
rating_range (PlImportAssistant *self,
              const char        *field,
              PlQuestionKind    *kind,
              int               *min,
              int               *max)
{
  if (field == NULL || get_kind (self) != PL_IMPORT_SURVEY)
    return FALSE;

  if (g_str_has_prefix (field, "new-question:"))
    {
      if (!pl_question_kind_from_string (field + strlen ("new-question:"), kind))
        return FALSE;

      switch (*kind)
        {
        case PL_QUESTION_CSAT:
          *min = 1;
          *max = 5;
          return TRUE;
        case PL_QUESTION_NPS:
          *min = 0;
          *max = 10;
          return TRUE;
        case PL_QUESTION_CES:
          *min = 1;
          *max = 7;
          return TRUE;
        case PL_QUESTION_LIKERT:
          /* The import reads the scale off the answers. */
          *min = 0;
          *max = 10;
          return TRUE;
        case PL_QUESTION_YESNO:
          *min = 0;
          *max = 1;
          return TRUE;
        case PL_QUESTION_SINGLE:
        case PL_QUESTION_MULTIPLE:
        case PL_QUESTION_TEXT:
        default:
          return FALSE;
        }
    }

  if (g_str_has_prefix (field, "question:") && self->survey_id > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) questions = pl_survey_list_questions (self->workspace,
                                                                  self->survey_id, &error);
      const char *code = field + strlen ("question:");

      if (questions == NULL)
        {
          g_warning ("Could not list the survey’s questions: %s", error->message);
          return FALSE;
        }

      for (guint i = 0; i < g_list_model_get_n_items (questions); i++)
        {
          g_autoptr(PlQuestion) question = g_list_model_get_item (questions, i);

          if (g_strcmp0 (pl_question_get_code (question), code) == 0)
            {
              *kind = pl_question_get_kind (question);
              return pl_question_get_range (question, min, max);
            }
        }
    }

  return FALSE;
}

/* The lowest step of a spin button is "Not mapped". */
static gboolean
value_spin_output_cb (GtkSpinButton *spin,
                      gpointer       user_data)
{
  int min = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "min"));
  double value = gtk_spin_button_get_value (spin);
  g_autofree char *text = NULL;

  if (value < min)
    text = g_strdup (_("Not mapped"));
  else
    text = g_strdup_printf ("%.0f", value);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

static int
value_spin_input_cb (GtkSpinButton *spin,
                     double        *new_value,
                     gpointer       user_data)
{
  int min = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "min"));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))));

  if (text[0] == '\0' || g_utf8_collate (text, _("Not mapped")) == 0)
    {
      *new_value = min - 1;
      return TRUE;
    }

  return FALSE;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *a_trimmed = g_strstrip (g_strdup (a));
  g_autofree char *b_trimmed = g_strstrip (g_strdup (b));
  g_autofree char *a_key = g_utf8_casefold (a_trimmed, -1);
  g_autofree char *b_key = g_utf8_casefold (b_trimmed, -1);

  return g_str_equal (a_key, b_key);
}

/* A text's row says whether it is mapped; the expander, how many are. */
static void
update_value_subtitles (AdwExpanderRow *expander)
{
  GPtrArray *spins = g_object_get_data (G_OBJECT (expander), "spins");
  guint n_unmapped = 0;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; spins != NULL && i < spins->len; i++)
    {
      GtkSpinButton *spin = g_ptr_array_index (spins, i);
      GtkWidget *row = g_object_get_data (G_OBJECT (spin), "row");
      int min = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "min"));
      gboolean mapped = gtk_spin_button_get_value (spin) >= min;

      if (!mapped)
        n_unmapped++;
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   mapped ? "" : _("Not mapped: rows with this answer will not be imported"));
      if (mapped)
        gtk_widget_remove_css_class (row, "warning");
      else
        gtk_widget_add_css_class (row, "warning");
    }

  if (n_unmapped == 0)
    subtitle = g_strdup (_("Every answer seen has a number"));
  else
    subtitle = g_strdup_printf (g_dngettext (NULL,
                                             "%u answer has no number: its rows will not be imported",
                                             "%u answers have no number: their rows will not be imported",
                                             n_unmapped),
                                n_unmapped);
  adw_expander_row_set_subtitle (expander, subtitle);
}

/* Gives @text of @column a number, or none (has_value FALSE). */
static void
set_text_value (PlImportAssistant *self,
                const char        *column,
                const char        *text,
                gboolean           has_value,
                double             value)
{
  if (has_value)
    pl_import_mapping_set_value (self->mapping, column, text, value);
  else
    {
      /* The map cannot forget one text: it is written again without it. */
      g_autoptr(GPtrArray) texts = pl_import_mapping_dup_value_texts (self->mapping, column);
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; texts != NULL && i < texts->len; i++)
        {
          double old = 0;

          pl_import_mapping_lookup_value (self->mapping, column, g_ptr_array_index (texts, i), &old);
          g_array_append_val (values, old);
        }
      pl_import_mapping_clear_values (self->mapping, column);
      for (guint i = 0; texts != NULL && i < texts->len; i++)
        if (!same_text (g_ptr_array_index (texts, i), text))
          pl_import_mapping_set_value (self->mapping, column, g_ptr_array_index (texts, i),
                                       g_array_index (values, double, i));
    }

  self->preview_stale = TRUE;
  if (self->step == STEP_PREVIEW)
    load_preview (self);
  update_state (self);
}

static void
value_changed_cb (GtkSpinButton     *spin,
                  PlImportAssistant *self)
{
  AdwExpanderRow *expander = g_object_get_data (G_OBJECT (spin), "expander");
  int min = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "min"));
  double value = gtk_spin_button_get_value (spin);

  if (self->updating || self->mapping == NULL)
    return;

  set_text_value (self,
                  g_object_get_data (G_OBJECT (expander), "column"),
                  g_object_get_data (G_OBJECT (spin), "text"),
                  value >= min, value);
  update_value_subtitles (expander);
}

static GtkWidget *
value_row_new (const char *column)
{
  GtkWidget *expander = adw_expander_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Text answers → numbers"));
  g_object_set_data_full (G_OBJECT (expander), "column", g_strdup (column), g_free);
  gtk_widget_add_css_class (expander, "value-map");
  gtk_widget_set_visible (expander, FALSE);

  return expander;
}

/* Shows the column's text answers with their numbers, when it feeds a
 * rating and its first rows hold text. */
static void
fill_value_row (PlImportAssistant *self,
                guint              index)
{
  AdwExpanderRow *expander;
  const char *column;
  const char *field;
  GPtrArray *texts;
  GPtrArray *rows;
  GPtrArray *spins;
  PlQuestionKind kind;
  int min, max;
  gboolean was_updating = self->updating;

  if (index >= self->value_rows->len)
    return;

  expander = g_ptr_array_index (self->value_rows, index);
  column = g_object_get_data (G_OBJECT (expander), "column");
  field = pl_import_mapping_get_field (self->mapping, column);
  texts = self->texts != NULL && index < self->texts->len ? g_ptr_array_index (self->texts, index) : NULL;

  rows = g_object_get_data (G_OBJECT (expander), "rows");
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    adw_expander_row_remove (expander, g_ptr_array_index (rows, i));
  g_object_set_data (G_OBJECT (expander), "rows", NULL);
  g_object_set_data (G_OBJECT (expander), "spins", NULL);

  if (texts == NULL || texts->len == 0 || !rating_range (self, field, &kind, &min, &max))
    {
      gtk_widget_set_visible (GTK_WIDGET (expander), FALSE);
      return;
    }

  rows = g_ptr_array_new ();
  spins = g_ptr_array_new ();
  self->updating = TRUE;
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (min - 1, max, 1);
      g_autofree char *accessible = NULL;
      double value;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);

      g_object_set_data (G_OBJECT (spin), "min", GINT_TO_POINTER (min));
      g_object_set_data (G_OBJECT (spin), "row", row);
      g_object_set_data (G_OBJECT (spin), "expander", expander);
      g_object_set_data_full (G_OBJECT (spin), "text", g_strdup (text), g_free);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 0);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), FALSE);
      gtk_editable_set_width_chars (GTK_EDITABLE (spin), 10);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      /* Translators: the number a text answer stands for, as in: Number for “Very satisfied” */
      accessible = g_strdup_printf (_("Number for “%s”"), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                      -1);
      g_signal_connect (spin, "output", G_CALLBACK (value_spin_output_cb), NULL);
      g_signal_connect (spin, "input", G_CALLBACK (value_spin_input_cb), NULL);

      if (pl_import_mapping_lookup_value (self->mapping, column, text, &value))
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
      else
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), min - 1);
      /* The spin shows "Not mapped" even when its value did not change. */
      value_spin_output_cb (GTK_SPIN_BUTTON (spin), NULL);
      g_signal_connect_object (spin, "value-changed", G_CALLBACK (value_changed_cb), self, 0);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_expander_row_add_row (expander, row);
      g_ptr_array_add (rows, row);
      g_ptr_array_add (spins, spin);
    }
  self->updating = was_updating;

  g_object_set_data_full (G_OBJECT (expander), "rows", rows, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (expander), "spins", spins, (GDestroyNotify) g_ptr_array_unref);
  update_value_subtitles (expander);
  gtk_widget_set_visible (GTK_WIDGET (expander), TRUE);
}

static void
set_value_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (widget);
  const char *column;
  const char *text;
  double value;

  g_variant_get (param, "(&s&sd)", &column, &text, &value);

  if (self->mapping == NULL || (self->step != STEP_COLUMNS && self->step != STEP_PREVIEW))
    return;

  if (pl_import_mapping_get_field (self->mapping, column) == NULL)
    {
      g_warning ("The column “%s” is not imported", column);
      return;
    }

  set_text_value (self, column, text, TRUE, value);

  /* The spin button on show says so too. */
  for (guint i = 0; i < self->value_rows->len; i++)
    {
      AdwExpanderRow *expander = g_ptr_array_index (self->value_rows, i);
      GPtrArray *spins = g_object_get_data (G_OBJECT (expander), "spins");

      if (g_strcmp0 (g_object_get_data (G_OBJECT (expander), "column"), column) != 0)
        continue;

      for (guint j = 0; spins != NULL && j < spins->len; j++)
        {
          GtkSpinButton *spin = g_ptr_array_index (spins, j);

          if (same_text (g_object_get_data (G_OBJECT (spin), "text"), text))
            {
              self->updating = TRUE;
              gtk_spin_button_set_value (spin, value);
              self->updating = FALSE;
            }
        }
      update_value_subtitles (expander);
    }
}

static void
column_selected_cb (PlImportAssistant *self,
                    GParamSpec        *pspec,
                    AdwComboRow       *row)
{
  const char *column = g_object_get_data (G_OBJECT (row), "column");
  guint selected = adw_combo_row_get_selected (row);
  const char *field;
  PlQuestionKind kind;
  int min, max;

  if (self->updating || self->mapping == NULL || selected >= self->field_ids->len)
    return;

  field = g_ptr_array_index (self->field_ids, selected);
  pl_import_mapping_set_field (self->mapping, column, field[0] != '\0' ? field : NULL);

  /* A rating starts from its usual text scale: "Very satisfied" is 5 at once. */
  pl_import_mapping_clear_values (self->mapping, column);
  if (rating_range (self, field, &kind, &min, &max))
    pl_import_mapping_add_standard_scale (self->mapping, column, kind);
  fill_value_row (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index")));

  self->preview_stale = TRUE;
  check_mapping (self);
  update_state (self);
}

/* Field names are longer than a combo row shows by default ("New
 * question: NPS (0–10)", a survey question's text): the row shows what
 * fits, the list shows them whole. */
static void
field_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  gboolean in_list = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), in_list ? 0.0 : 1.0);
  if (in_list)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
    }
  else
    gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_list_item_set_child (item, label);
}

static void
field_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gboolean in_list = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (label), text);
  /* GTK 4.8 measures a label narrower than its "…" wrongly. */
  if (!in_list)
    gtk_label_set_ellipsize (GTK_LABEL (label),
                             g_utf8_strlen (text, -1) > 3 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
}

static GtkListItemFactory *
field_factory_new (gboolean in_list)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (field_setup_cb), GINT_TO_POINTER (in_list));
  g_signal_connect (factory, "bind", G_CALLBACK (field_bind_cb), GINT_TO_POINTER (in_list));

  return factory;
}

static void
rebuild_column_rows (PlImportAssistant *self)
{
  g_autofree char *description = NULL;
  g_autoptr(GString) required = NULL;
  const PlImportField *fields;
  guint n_fields = 0;

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);
  for (guint i = 0; i < self->value_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->value_rows, i));
  g_ptr_array_set_size (self->value_rows, 0);

  build_field_choices (self);

  fields = pl_import_fields (get_kind (self), &n_fields);
  for (guint i = 0; i < n_fields; i++)
    if (fields[i].required)
      {
        if (required == NULL)
          required = g_string_new (NULL);
        else
          g_string_append (required, ", ");
        if (g_str_has_suffix (fields[i].id, ":"))
          {
            g_autofree char *family = g_utf8_strdown (fields[i].label, -1);

            /* Translators: in the list of what every row needs: "Date, at least one metric" */
            g_string_append_printf (required, _("at least one %s"), family);
          }
        else
          g_string_append (required, fields[i].label);
      }

  if (required != NULL)
    /* Translators: %s lists the fields every row needs */
    description = g_strdup_printf (_("Choose what each column holds, or “Don’t import”. "
                                     "Every row needs: %s."),
                                   required->str);
  else
    description = g_strdup (_("Choose what each column holds, or “Don’t import”."));
  adw_preferences_group_set_description (self->columns_group, description);

  self->updating = TRUE;
  for (guint i = 0; self->headers != NULL && i < self->headers->len; i++)
    {
      const char *column = g_ptr_array_index (self->headers, i);
      const char *example = g_ptr_array_index (self->examples, i);
      GtkWidget *row = adw_combo_row_new ();
      GtkWidget *value_row;
      g_autofree char *subtitle = NULL;
      const char *field = pl_import_mapping_get_field (self->mapping, column);

      if (example != NULL)
        /* Translators: an example of a column's values */
        subtitle = g_strdup_printf (_("For example: %s"), example);
      else
        subtitle = g_strdup (_("Empty in the first rows"));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     column[0] != '\0' ? column : _("(unnamed column)"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      adw_combo_row_set_factory (ADW_COMBO_ROW (row), self->field_factory);
      adw_combo_row_set_list_factory (ADW_COMBO_ROW (row), self->field_list_factory);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (self->field_labels));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), field_index (self, field));
      g_object_set_data_full (G_OBJECT (row), "column", g_strdup (column), g_free);
      g_object_set_data (G_OBJECT (row), "index", GUINT_TO_POINTER (i));
      g_signal_connect_object (row, "notify::selected",
                               G_CALLBACK (column_selected_cb), self, G_CONNECT_SWAPPED);

      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);

      /* Under it, the numbers its text answers stand for (when it feeds a rating). */
      value_row = value_row_new (column);
      adw_preferences_group_add (self->columns_group, value_row);
      g_ptr_array_add (self->value_rows, value_row);
    }
  self->updating = FALSE;

  for (guint i = 0; i < self->value_rows->len; i++)
    fill_value_row (self, i);
}

static void
rebuild_mapping (PlImportAssistant *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->mapping, pl_import_mapping_free);

  if (self->preset != NULL)
    {
      self->mapping = pl_import_preset_apply (self->workspace, self->preset, get_kind (self),
                                              self->headers, &error);
      if (self->mapping == NULL)
        {
          g_autofree char *text =
            g_strdup_printf (_("Could not use the preset: %s The mapping was suggested from "
                               "the column names instead."),
                             error->message);

          add_toast (self, text);
        }
    }

  if (self->mapping == NULL)
    self->mapping = pl_import_mapping_suggest (get_kind (self), self->headers,
                                               self->workspace, self->survey_id);

  apply_mapping_settings (self);
  rebuild_column_rows (self);
  check_mapping (self);
  self->mapping_stale = FALSE;
  self->preview_stale = TRUE;
}

static void
missing_changed_cb (PlImportAssistant *self)
{
  g_auto(GStrv) tokens = NULL;

  if (self->updating || self->mapping == NULL)
    return;

  tokens = current_missing_tokens (self);
  pl_import_mapping_set_missing_tokens (self->mapping, (const char * const *) tokens);
  self->preview_stale = TRUE;
}

static void
default_date_changed_cb (PlImportAssistant *self)
{
  gboolean invalid;
  g_autofree char *date = NULL;

  if (self->updating || self->mapping == NULL)
    return;

  date = dup_default_date (self, &invalid);
  pl_import_mapping_set_default_date (self->mapping, date);
  if (invalid)
    gtk_widget_add_css_class (GTK_WIDGET (self->default_date_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->default_date_row), "error");
  self->preview_stale = TRUE;
  check_mapping (self);
  update_state (self);
}

static void
create_changed_cb (PlImportAssistant *self)
{
  if (self->updating || self->mapping == NULL)
    return;

  pl_import_mapping_set_create_missing (self->mapping, gtk_switch_get_active (self->create_switch));
  self->preview_stale = TRUE;
  check_mapping (self);
  update_state (self);
}

static void
set_field_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (widget);
  const char *column;
  const char *field;

  g_variant_get (param, "(&s&s)", &column, &field);

  if (self->mapping == NULL || self->step != STEP_COLUMNS)
    return;

  for (guint i = 0; i < self->column_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (self->column_rows, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "column"), column) == 0)
        {
          guint index = field_index (self, field);

          if (adw_combo_row_get_selected (row) == index)
            return;
          /* The row's handler updates the mapping. */
          adw_combo_row_set_selected (row, index);
          return;
        }
    }

  g_warning ("The file has no column “%s”", column);
}

static void
save_preset_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         gpointer          user_data)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (user_data);
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "save") || self->mapping == NULL)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (name[0] == '\0')
    return;

  if (!pl_import_save_preset (self->workspace, name, NULL, self->mapping, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not save the preset: %s"), error->message);

      add_toast (self, text);
      return;
    }

  {
    g_autofree char *text = g_strdup_printf (_("Saved the preset “%s”"), name);

    add_toast (self, text);
  }

  /* Listed from now on; the mapping on show stays as it is. */
  load_presets (self);
}

static void
preset_name_changed_cb (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", name[0] != '\0');
}

static void
save_preset_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (widget);
  GtkWidget *dialog;
  GtkWidget *entry;
  g_autofree char *suggestion = NULL;

  if (self->mapping == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save as Preset"),
                                   _("A preset remembers which column feeds which field, "
                                     "to import the next export from the same source in "
                                     "one go."));
  entry = gtk_entry_new ();
  suggestion = self->file != NULL ? name_from_file (self->file) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (entry), suggestion);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Preset name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preset name"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  preset_name_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));

  g_signal_connect_object (entry, "changed", G_CALLBACK (preset_name_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_preset_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Step 4: the preview */

static void
preview_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_visible (icon, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"),
                                  -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
preview_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 PlImportAssistant        *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  guint position = gtk_list_item_get_position (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (icon);
  g_autofree char *text = NULL;
  const char *problem = NULL;
  const char *tooltip = NULL;

  gtk_widget_remove_css_class (box, "error");
  gtk_widget_remove_css_class (label, "dim-label");

  if (self->preview == NULL || position >= self->preview->rows->len)
    {
      gtk_label_set_text (GTK_LABEL (label), "");
      gtk_widget_set_visible (icon, FALSE);
      gtk_widget_set_tooltip_text (box, NULL);
      return;
    }

  if (column == 0)
    {
      GPtrArray *row = g_ptr_array_index (self->preview->rows, position);
      guint64 *line = g_ptr_array_index (self->preview->lines, position);

      text = g_strdup_printf ("%" G_GUINT64_FORMAT, *line);
      gtk_widget_add_css_class (label, "dim-label");
      for (guint i = 0; i < row->len; i++)
        {
          PlImportCell *cell = g_ptr_array_index (row, i);

          if (cell->problem != NULL)
            problem = _("This row has a problem: it will not be imported");
        }
      tooltip = problem;
    }
  else
    {
      GPtrArray *row = g_ptr_array_index (self->preview->rows, position);
      PlImportCell *cell = column - 1 < row->len ? g_ptr_array_index (row, column - 1) : NULL;

      if (cell != NULL)
        {
          text = one_line (cell->text, 200);
          problem = cell->problem;
          tooltip = problem != NULL ? problem : (g_utf8_strlen (text, -1) > 36 ? cell->text : NULL);
        }
    }

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  /* GTK 4.8 measures a label narrower than its "…" wrongly: only longer
   * values are ellipsized (and only they can need it). */
  gtk_label_set_ellipsize (GTK_LABEL (label),
                           text != NULL && g_utf8_strlen (text, -1) > 3 ? PANGO_ELLIPSIZE_END
                                                                         : PANGO_ELLIPSIZE_NONE);
  gtk_widget_set_visible (icon, problem != NULL);
  gtk_widget_set_tooltip_text (box, tooltip);
  if (problem != NULL)
    {
      gtk_widget_add_css_class (box, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem,
                                      -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* Wide enough for the column's title (headers do not wrap), within reason. */
static int
preview_column_width (PlImportAssistant *self,
                      const char        *title)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->preview_view), title);
  PangoAttrList *attributes = pango_attr_list_new ();
  int width, height;

  pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_get_pixel_size (layout, &width, &height);

  return CLAMP (width + 32, 140, 360);
}

static GtkColumnViewColumn *
preview_column_new (PlImportAssistant *self,
                    const char        *title,
                    guint              column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (preview_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (preview_bind_cb), self);

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (column == 0)
    gtk_column_view_column_set_fixed_width (view_column, 72);
  else
    gtk_column_view_column_set_fixed_width (view_column, preview_column_width (self, title));

  return view_column;
}

static void
rebuild_preview_view (PlImportAssistant *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->preview_view);
  guint n_rows = self->preview != NULL ? self->preview->rows->len : 0;

  gtk_string_list_splice (self->preview_rows, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->preview_rows)), NULL);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->preview_view, column);
    }

  if (self->preview == NULL)
    return;

  {
    g_autoptr(GtkColumnViewColumn) line = preview_column_new (self, _("Line"), 0);

    gtk_column_view_append_column (self->preview_view, line);
  }

  for (guint i = 0; i < self->preview->columns->len; i++)
    {
      const char *name = g_ptr_array_index (self->preview->columns, i);
      const char *field = g_ptr_array_index (self->preview->fields, i);
      const char *label = field_label (self, field);
      g_autofree char *title = NULL;
      g_autoptr(GtkColumnViewColumn) column = NULL;

      if (g_utf8_collate (name, label) == 0)
        title = g_strdup (label);
      else
        /* Translators: a preview column: the file's column, then the field it feeds */
        title = g_strdup_printf (_("%s → %s"), name[0] != '\0' ? name : "?", label);
      column = preview_column_new (self, title, i + 1);
      gtk_column_view_append_column (self->preview_view, column);
    }

  for (guint i = 0; i < n_rows; i++)
    gtk_string_list_append (self->preview_rows, "");
}

static void
load_preview (PlImportAssistant *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) reasons = NULL;
  guint n_rows, n_problem_rows = 0, n_reasons = 0;
  g_autofree char *text = NULL;

  g_clear_pointer (&self->preview, pl_import_preview_free);
  g_clear_pointer (&self->preview_error, g_free);

  self->preview = pl_import_preview (self->workspace, self->path, &self->dialect,
                                     self->mapping, PREVIEW_ROWS, &error);
  self->preview_stale = FALSE;
  rebuild_preview_view (self);

  if (self->preview == NULL)
    {
      self->preview_error = g_strdup_printf (_("Could not read the first rows: %s"), error->message);
      gtk_label_set_text (self->preview_label, self->preview_error);
      gtk_image_set_from_icon_name (self->preview_icon, "dialog-error-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_icon), "error");
      gtk_widget_set_visible (self->preview_frame, FALSE);
      return;
    }

  /* The first few reasons in words too, for those who cannot point. */
  reasons = g_string_new (NULL);
  n_rows = self->preview->rows->len;
  for (guint r = 0; r < n_rows; r++)
    {
      GPtrArray *row = g_ptr_array_index (self->preview->rows, r);
      guint64 *line = g_ptr_array_index (self->preview->lines, r);
      gboolean has_problem = FALSE;

      for (guint c = 0; c < row->len; c++)
        {
          PlImportCell *cell = g_ptr_array_index (row, c);

          if (cell->problem == NULL)
            continue;
          has_problem = TRUE;
          if (n_reasons < MAX_PREVIEW_REASONS)
            {
              g_string_append_c (reasons, '\n');
              /* Translators: a problem in the preview: the file's line, the column, why */
              g_string_append_printf (reasons, _("Line %llu, %s: %s"),
                                      (unsigned long long) *line, (const char *) g_ptr_array_index (self->preview->columns, c),
                                      cell->problem);
            }
          n_reasons++;
        }
      if (has_problem)
        n_problem_rows++;
    }

  if (n_rows == 0)
    text = g_strdup (_("The file has no rows to import after its header."));
  else if (n_problem_rows == 0)
    text = g_strdup_printf (g_dngettext (NULL,
                                         "The first row can be imported as shown.",
                                         "All of the first %u rows can be imported as shown.",
                                         n_rows),
                            n_rows);
  else
    {
      g_autofree char *summary =
        g_strdup_printf (g_dngettext (NULL,
                                      "%u of the first %u rows has problems and will not be "
                                      "imported; point at a marked cell to read why.",
                                      "%u of the first %u rows have problems and will not be "
                                      "imported; point at a marked cell to read why.",
                                      n_problem_rows),
                         n_problem_rows, n_rows);

      if (n_reasons > MAX_PREVIEW_REASONS)
        {
          g_string_append_c (reasons, '\n');
          g_string_append_printf (reasons, g_dngettext (NULL, "…and %u more", "…and %u more",
                                                        n_reasons - MAX_PREVIEW_REASONS),
                                  n_reasons - MAX_PREVIEW_REASONS);
        }
      text = g_strconcat (summary, reasons->str, NULL);
    }

  gtk_label_set_text (self->preview_label, text);
  gtk_image_set_from_icon_name (self->preview_icon,
                                n_problem_rows > 0 ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->preview_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->preview_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->preview_icon), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->preview_icon),
                            n_problem_rows > 0 ? "warning" : "success");
  gtk_widget_set_visible (self->preview_frame, n_rows > 0);
}

/* Step 5 and 6: the run and its result */

typedef struct
{
  PlWorkspace *workspace;
  char *path;
  PlCsvDialect dialect;
  PlImportMapping *mapping;
  RunProgress *progress;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->workspace);
  g_free (data->path);
  pl_csv_dialect_clear (&data->dialect);
  g_clear_pointer (&data->mapping, pl_import_mapping_free);
  g_clear_pointer (&data->progress, run_progress_unref);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  g_autoptr(GError) error = NULL;
  PlImportResult *result;

  result = pl_import_run (data->workspace, data->path, &data->dialect, data->mapping,
                          cancellable, run_progress_cb, data->progress, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) pl_import_result_free);
}

/* The pages read what changed from these. */
static void
emit_changed (PlImportAssistant *self)
{
  static const char * const survey_tables[] = { "surveys", "questions", "responses", NULL };
  static const char * const complaint_tables[] = { "complaints", NULL };
  static const char * const interaction_tables[] = { "interactions", NULL };
  static const char * const observation_tables[] = { "observations", NULL };
  static const char * const metric_tables[] = { "metric_values", NULL };
  const char * const *tables;

  switch (get_kind (self))
    {
    case PL_IMPORT_SURVEY:
      tables = survey_tables;
      break;
    case PL_IMPORT_COMPLAINTS:
      tables = complaint_tables;
      break;
    case PL_IMPORT_INTERACTIONS:
      tables = interaction_tables;
      break;
    case PL_IMPORT_OBSERVATIONS:
      tables = observation_tables;
      break;
    case PL_IMPORT_METRICS:
      tables = metric_tables;
      break;
    default:
      g_assert_not_reached ();
    }

  if (self->mapping != NULL && pl_import_mapping_get_create_missing (self->mapping))
    {
      pl_workspace_emit_changed (self->workspace, "channels");
      pl_workspace_emit_changed (self->workspace, "colleagues");
    }
  for (guint i = 0; tables[i] != NULL; i++)
    pl_workspace_emit_changed (self->workspace, tables[i]);
  pl_workspace_emit_changed (self->workspace, "import_batches");
  pl_workspace_emit_changed (self->workspace, "kpis");
}

static void
show_failure (PlImportAssistant *self,
              const GError      *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      adw_status_page_set_icon_name (self->failed_status, "process-stop-symbolic");
      adw_status_page_set_title (self->failed_status, _("Import Cancelled"));
      adw_status_page_set_description (self->failed_status,
                                       _("Nothing was added to the workspace. Go back to "
                                         "import the file again, or close the assistant."));
    }
  else
    {
      g_autofree char *description =
        g_strdup_printf (_("%s\n\nNothing was added to the workspace. Go back to change how "
                           "the file is read, or correct the file and import it again."),
                         error->message);

      adw_status_page_set_icon_name (self->failed_status, "dialog-error-symbolic");
      adw_status_page_set_title (self->failed_status, _("Could Not Import"));
      adw_status_page_set_description (self->failed_status, description);
    }

  gtk_stack_set_visible_child_name (self->result_stack, "failed");
}

static void
set_count_label (GtkLabel *label,
                 guint64   n)
{
  g_autofree char *text = format_count (n);

  gtk_label_set_text (label, text);
}

static void
update_result_note (PlImportAssistant *self)
{
  g_autofree char *note = NULL;

  if (self->result == NULL)
    return;

  if (self->undone)
    note = g_strdup (_("This import was undone: the rows it added have been removed from "
                       "the workspace."));
  else if (self->result->rows_imported == 0)
    note = g_strdup (_("No rows were added: every row had a problem. The reasons are below."));
  else
    {
      g_autofree char *count = format_count (self->result->rows_imported);

      /* Translators: %s is a number of rows, then the batch's number */
      note = g_strdup_printf (g_dngettext (NULL,
                                           "%s row was added as import batch %lld. "
                                           "You can undo the whole batch at any time.",
                                           "%s rows were added as import batch %lld. "
                                           "You can undo the whole batch at any time.",
                                           self->result->rows_imported),
                              count, (long long) self->result->batch_id);
    }

  gtk_label_set_text (self->result_note_label, note);
  gtk_widget_set_visible (self->undo_button,
                          !self->undone && self->result->batch_id > 0 &&
                          self->result->rows_imported > 0);
}

static void
fill_result (PlImportAssistant *self)
{
  PlImportResult *result = self->result;
  guint n_problems = result->problems != NULL ? result->problems->len : 0;

  set_count_label (self->read_label, result->rows_read);
  set_count_label (self->imported_label, result->rows_imported);
  set_count_label (self->rejected_label, result->rows_rejected);
  if (result->rows_rejected > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->rejected_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->rejected_label), "warning");

  clear_list_box (self->rejects_list);
  for (guint i = 0; i < n_problems && i < MAX_REJECT_ROWS; i++)
    {
      PlImportProblem *problem = g_ptr_array_index (result->problems, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *line = format_count (problem->line);
      g_autofree char *title = NULL;

      if (problem->column != NULL && problem->column[0] != '\0')
        /* Translators: where a problem is: a line of the file, then a column */
        title = g_strdup_printf (_("Line %s · %s"), line, problem->column);
      else
        title = g_strdup_printf (_("Line %s"), line);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->reason);
      gtk_list_box_append (self->rejects_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->rejects_group), n_problems > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->rejects_more_label), n_problems > MAX_REJECT_ROWS);
  if (n_problems > MAX_REJECT_ROWS)
    {
      g_autofree char *total = format_count (n_problems);
      g_autofree char *text =
        g_strdup_printf (_("The first %d of %s problems are shown. Save the rejected rows as "
                           "CSV to see them all."),
                         MAX_REJECT_ROWS, total);

      gtk_label_set_text (self->rejects_more_label, text);
    }

  update_result_note (self);
  gtk_stack_set_visible_child_name (self->result_stack, "done");
}

static void
go_to_step (PlImportAssistant *self,
            Step               step);

static void
run_done_cb (GObject      *object,
             GAsyncResult *async_result,
             gpointer      user_data)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (object);
  g_autoptr(PlImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = g_task_propagate_pointer (G_TASK (async_result), &error);
  self->running = FALSE;
  g_clear_object (&self->run_cancellable);
  g_clear_pointer (&self->progress, run_progress_unref);

  if (result != NULL && !self->disposed)
    emit_changed (self);

  if (self->disposed)
    return;

  if (self->close_when_done)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (result == NULL)
    show_failure (self, error);
  else
    {
      g_clear_pointer (&self->result, pl_import_result_free);
      self->result = g_steal_pointer (&result);
      self->undone = FALSE;
      fill_result (self);
    }

  go_to_step (self, STEP_RESULT);
}

static gboolean
can_run (PlImportAssistant *self)
{
  return self->step == STEP_PREVIEW && !self->running && self->preview != NULL &&
         self->mapping != NULL && self->mapping_problem == NULL;
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (widget);
  g_autoptr(GTask) task = NULL;
  RunData *data;

  if (!can_run (self))
    return;

  self->running = TRUE;
  self->run_cancellable = g_cancellable_new ();
  self->progress = run_progress_new (self);

  data = g_new0 (RunData, 1);
  data->workspace = g_object_ref (self->workspace);
  data->path = g_strdup (self->path);
  pl_csv_dialect_copy (&self->dialect, &data->dialect);
  data->mapping = pl_import_mapping_copy (self->mapping);
  data->progress = g_atomic_rc_box_acquire (self->progress);

  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  {
    g_autofree char *basename = g_file_get_basename (self->file);
    g_autofree char *title = g_strdup_printf (_("Importing “%s”…"), basename);

    adw_status_page_set_title (self->run_status, title);
  }

  task = g_task_new (self, self->run_cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, run_action);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);

  go_to_step (self, STEP_IMPORT);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (widget);

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

static void
undo_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (user_data);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "undo") || self->result == NULL || self->undone)
    return;

  if (!pl_import_undo_batch (self->workspace, self->result->batch_id, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not undo the import: %s"), error->message);

      add_toast (self, text);
      return;
    }

  self->undone = TRUE;
  emit_changed (self);
  update_result_note (self);
  update_state (self);
  add_toast (self, _("Import undone"));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (widget);
  GtkWidget *dialog;
  g_autofree char *count = NULL;

  if (self->result == NULL || self->undone || self->result->batch_id <= 0)
    return;

  count = format_count (self->result->rows_imported);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Undo This Import?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (NULL,
                                               "The %s row this import added will be removed "
                                               "from the workspace. The file is not touched: you "
                                               "can import it again later.",
                                               "The %s rows this import added will be removed "
                                               "from the workspace. The file is not touched: you "
                                               "can import it again later.",
                                               self->result->rows_imported),
                                  count);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "undo", _("_Undo Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "undo",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (undo_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_rejects_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          gpointer         user_data)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (user_data);

  if (response == GTK_RESPONSE_ACCEPT && self->result != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL)
        {
          g_autofree char *text = NULL;

          if (pl_import_save_rejects (self->workspace, self->result->batch_id, path, &error))
            {
              g_autofree char *basename = g_path_get_basename (path);

              text = g_strdup_printf (_("Saved the rejected rows as “%s”"), basename);
            }
          else
            text = g_strdup_printf (_("Could not save the rejected rows: %s"), error->message);
          add_toast (self, text);
        }
    }

  forget_chooser (self);
}

static void
save_rejects_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *basename = NULL;
  g_autofree char *suggestion = NULL;
  char *dot;

  if (self->result == NULL || self->result->batch_id <= 0)
    return;

  basename = g_file_get_basename (self->file);
  dot = strrchr (basename, '.');
  if (dot != NULL && dot != basename)
    *dot = '\0';
  /* Translators: the suggested file name for the rejected rows of "%s.csv" */
  suggestion = g_strdup_printf (_("%s – rejected rows.csv"), basename);

  dialog = gtk_file_chooser_native_new (_("Save Rejected Rows"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggestion);
  show_chooser (self, GTK_NATIVE_DIALOG (dialog), G_CALLBACK (save_rejects_response_cb));
}

/* Moving through the steps */

static gboolean
step_allows_next (PlImportAssistant *self)
{
  switch (self->step)
    {
    case STEP_FILE:
      return self->load_cancellable == NULL && self->headers != NULL &&
             self->load_error == NULL && self->date_order_chosen &&
             (self->existing_batch <= 0 || self->import_again);
    case STEP_KIND:
      {
        g_autofree char *problem = kind_problem (self);

        return problem == NULL;
      }
    case STEP_COLUMNS:
      return self->mapping != NULL && self->mapping_problem == NULL;
    case STEP_PREVIEW:
    case STEP_IMPORT:
    case STEP_RESULT:
    case N_STEPS:
    default:
      return FALSE;
    }
}

static void
update_state (PlImportAssistant *self)
{
  gboolean failed = self->step == STEP_RESULT && self->result == NULL;
  g_autofree char *subtitle = NULL;

  if (self->disposed)
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.next", step_allows_next (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.back",
                                 (self->step > STEP_FILE && self->step < STEP_IMPORT) || failed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", can_run (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.undo",
                                 self->result != NULL && !self->undone &&
                                 self->result->batch_id > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.save-rejects",
                                 self->result != NULL && self->result->batch_id > 0 &&
                                 self->result->problems != NULL && self->result->problems->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.save-preset",
                                 self->step == STEP_COLUMNS && self->mapping != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose-file",
                                 self->step == STEP_FILE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.set-date-order",
                                 self->step == STEP_FILE && self->have_dialect);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.set-kind", self->step == STEP_KIND);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.set-field", self->step == STEP_COLUMNS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.set-value",
                                 self->step == STEP_COLUMNS || self->step == STEP_PREVIEW);

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), self->step == STEP_FILE);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          (self->step > STEP_FILE && self->step < STEP_IMPORT) || failed);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), self->step != STEP_IMPORT);

  switch (self->step)
    {
    case STEP_PREVIEW:
      gtk_button_set_label (self->next_button, _("_Import"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), "import.run");
      break;
    case STEP_RESULT:
      gtk_button_set_label (self->next_button, _("_Done"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), "window.close");
      break;
    case STEP_FILE:
    case STEP_KIND:
    case STEP_COLUMNS:
    case STEP_IMPORT:
    case N_STEPS:
    default:
      gtk_button_set_label (self->next_button, _("_Next"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), "import.next");
      break;
    }

  /* Translators: "Step 2 of 6 · What the file holds" */
  subtitle = g_strdup_printf (_("Step %d of %d · %s"),
                              (int) self->step + 1, (int) N_STEPS, step_title (self->step));
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
go_to_step (PlImportAssistant *self,
            Step               step)
{
  g_assert (step < N_STEPS);

  if (step == STEP_COLUMNS && (self->mapping_stale || self->mapping == NULL))
    rebuild_mapping (self);
  if (step == STEP_COLUMNS)
    apply_mapping_settings (self);
  if (step == STEP_PREVIEW && (self->preview_stale || self->preview == NULL))
    load_preview (self);
  if (step == STEP_KIND)
    update_kind_page (self);

  self->step = step;
  gtk_stack_set_visible_child_name (self->stack, step_pages[step]);
  update_state (self);

  if (gtk_widget_get_sensitive (GTK_WIDGET (self->next_button)) &&
      gtk_widget_get_visible (GTK_WIDGET (self->next_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (widget);

  if (self->step >= STEP_PREVIEW || !step_allows_next (self))
    return;

  go_to_step (self, self->step + 1);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (widget);

  if (self->step == STEP_RESULT && self->result == NULL)
    go_to_step (self, STEP_PREVIEW);
  else if (self->step > STEP_FILE && self->step < STEP_IMPORT)
    go_to_step (self, self->step - 1);
}

/* GObject */

static gboolean
offer_chooser_cb (gpointer user_data)
{
  g_autoptr(PlImportAssistant) self = user_data;

  if (!self->disposed && self->file == NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "import.choose-file", NULL);

  return G_SOURCE_REMOVE;
}

static void
pl_import_assistant_map (GtkWidget *widget)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (widget);

  GTK_WIDGET_CLASS (pl_import_assistant_parent_class)->map (widget);

  /* Started without a file: ask for one straight away. */
  if (self->file == NULL && !self->chooser_offered)
    {
      self->chooser_offered = TRUE;
      g_idle_add (offer_chooser_cb, g_object_ref (self));
    }
}

static gboolean
pl_import_assistant_close_request (GtkWindow *window)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (window);

  /* The import stops, leaving nothing behind, before the window goes. */
  if (self->running)
    {
      self->close_when_done = TRUE;
      g_cancellable_cancel (self->run_cancellable);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (pl_import_assistant_parent_class)->close_request (window);
}

static void
pl_import_assistant_constructed (GObject *object)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (object);
  g_autoptr(GString) tokens = g_string_new (NULL);
  const char * const *defaults = pl_csv_default_missing_tokens ();

  G_OBJECT_CLASS (pl_import_assistant_parent_class)->constructed (object);

  g_assert (PL_IS_WORKSPACE (self->workspace));

  for (guint i = 0; defaults != NULL && defaults[i] != NULL; i++)
    {
      if (defaults[i][0] == '\0')
        continue;
      if (tokens->len > 0)
        g_string_append (tokens, ", ");
      g_string_append (tokens, defaults[i]);
    }
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->missing_row), tokens->str);
  self->updating = FALSE;

  load_targets (self);
  load_presets (self);
  update_kind_page (self);

  go_to_step (self, STEP_FILE);

  if (self->file != NULL)
    {
      g_autoptr(GFile) file = g_object_ref (self->file);

      set_file (self, file);
    }
  else
    update_file_page (self);
}

static void
pl_import_assistant_dispose (GObject *object)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (object);

  self->disposed = TRUE;

  forget_chooser (self);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);

  /* The rows share the field list: gone with the template. */
  if (self->column_rows != NULL)
    g_ptr_array_set_size (self->column_rows, 0);
  if (self->value_rows != NULL)
    g_ptr_array_set_size (self->value_rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_IMPORT_ASSISTANT);

  g_clear_object (&self->workspace);
  g_clear_object (&self->field_labels);
  g_clear_object (&self->field_factory);
  g_clear_object (&self->field_list_factory);
  g_clear_object (&self->preview_rows);

  G_OBJECT_CLASS (pl_import_assistant_parent_class)->dispose (object);
}

static void
pl_import_assistant_finalize (GObject *object)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (object);

  g_clear_object (&self->file);
  g_free (self->path);
  g_clear_pointer (&self->sniff, pl_csv_sniff_free);
  pl_csv_dialect_clear (&self->dialect);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->examples, g_ptr_array_unref);
  g_clear_pointer (&self->texts, g_ptr_array_unref);
  g_free (self->load_error);
  g_free (self->ambiguous_dates);
  g_free (self->kind);
  g_clear_pointer (&self->survey_ids, g_array_unref);
  g_clear_pointer (&self->scorecard_ids, g_array_unref);
  g_clear_pointer (&self->presets, g_ptr_array_unref);
  g_free (self->preset);
  g_clear_pointer (&self->mapping, pl_import_mapping_free);
  g_free (self->mapping_problem);
  g_clear_pointer (&self->field_ids, g_ptr_array_unref);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_clear_pointer (&self->value_rows, g_ptr_array_unref);
  g_clear_pointer (&self->preview, pl_import_preview_free);
  g_free (self->preview_error);
  g_clear_object (&self->run_cancellable);
  g_clear_pointer (&self->progress, run_progress_unref);
  g_clear_pointer (&self->result, pl_import_result_free);

  G_OBJECT_CLASS (pl_import_assistant_parent_class)->finalize (object);
}

static void
pl_import_assistant_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_import_assistant_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PlImportAssistant *self = PL_IMPORT_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    case PROP_KIND:
      set_kind_internal (self, g_value_get_string (value), TRUE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_import_assistant_class_init (PlImportAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pl_import_assistant_constructed;
  object_class->dispose = pl_import_assistant_dispose;
  object_class->finalize = pl_import_assistant_finalize;
  object_class->get_property = pl_import_assistant_get_property;
  object_class->set_property = pl_import_assistant_set_property;

  widget_class->map = pl_import_assistant_map;
  window_class->close_request = pl_import_assistant_close_request;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * PlImportAssistant:kind:
   *
   * What the file holds, as pl_import_kind_to_string() writes it.
   */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-import-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, window_title);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, stack);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, file_row);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, load_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, choose_button);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, load_error_box);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, load_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, duplicate_group);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, duplicate_row);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, again_switch);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, format_group);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, header_spin);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, decimal_row);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, date_row);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, date_box);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, date_label);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, notes_group);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, kind_group);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, survey_group);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, survey_row);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, new_survey_row);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, scorecard_group);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, scorecard_row);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, kind_problem_box);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, kind_problem_label);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, preset_row);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, columns_group);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, missing_row);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, default_date_row);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, create_switch);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, check_revealer);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, check_label);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, preview_icon);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, preview_label);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, preview_frame);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, preview_view);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, run_status);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, result_stack);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, failed_status);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, read_label);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, imported_label);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, rejected_label);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, result_note_label);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, undo_button);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, rejects_group);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, rejects_list);
  gtk_widget_class_bind_template_child (widget_class, PlImportAssistant, rejects_more_label);

  gtk_widget_class_bind_template_callback (widget_class, again_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, encoding_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, delimiter_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, header_rows_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, decimal_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, survey_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_survey_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, scorecard_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, preset_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, missing_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, default_date_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_changed_cb);

  gtk_widget_class_install_action (widget_class, "import.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "import.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "import.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "import.save-rejects", NULL, save_rejects_action);
  gtk_widget_class_install_action (widget_class, "import.save-preset", NULL, save_preset_action);
  gtk_widget_class_install_action (widget_class, "import.set-field", "(ss)", set_field_action);
  gtk_widget_class_install_action (widget_class, "import.set-date-order", "s", set_date_order_action);
  gtk_widget_class_install_action (widget_class, "import.set-value", "(ssd)", set_value_action);
  gtk_widget_class_install_property_action (widget_class, "import.set-kind", "kind");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "import.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "import.next", NULL);
}

static void
pl_import_assistant_init (PlImportAssistant *self)
{
  g_autoptr(GtkStringList) encoding_labels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Never NULL: the kind's property action shows it as the state. */
  self->kind = g_strdup (pl_import_kind_to_string (PL_IMPORT_SURVEY));
  self->survey_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->scorecard_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->field_ids = g_ptr_array_new_with_free_func (g_free);
  self->field_labels = gtk_string_list_new (NULL);
  self->field_factory = field_factory_new (FALSE);
  self->field_list_factory = field_factory_new (TRUE);
  self->column_rows = g_ptr_array_new ();
  self->value_rows = g_ptr_array_new ();
  self->preview_rows = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    gtk_string_list_append (encoding_labels, _(encodings[i].label));
  self->updating = TRUE;
  adw_combo_row_set_model (self->encoding_row, G_LIST_MODEL (encoding_labels));
  self->updating = FALSE;

  {
    g_autoptr(GtkNoSelection) selection =
      gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->preview_rows)));

    gtk_column_view_set_model (self->preview_view, GTK_SELECTION_MODEL (selection));
  }

  build_kind_rows (self);

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->next_button));
}

/**
 * pl_import_assistant_new:
 * @parent: (nullable): the window the assistant belongs to
 * @workspace: the workspace to import into
 * @file: (nullable): the file to import; %NULL to ask for one
 *
 * Returns: (transfer none): a new #PlImportAssistant, owned by GTK's
 *   window list; present it
 */
GtkWidget *
pl_import_assistant_new (GtkWindow   *parent,
                         PlWorkspace *workspace,
                         GFile       *file)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  return g_object_new (PL_TYPE_IMPORT_ASSISTANT,
                       "transient-for", parent,
                       "workspace", workspace,
                       "file", file,
                       NULL);
}

/**
 * pl_import_assistant_get_file:
 *
 * Returns: (transfer none) (nullable): the file being imported
 */
GFile *
pl_import_assistant_get_file (PlImportAssistant *self)
{
  g_return_val_if_fail (PL_IS_IMPORT_ASSISTANT (self), NULL);

  return self->file;
}

/**
 * pl_import_assistant_is_busy:
 *
 * Returns: whether the file is being read or imported
 */
gboolean
pl_import_assistant_is_busy (PlImportAssistant *self)
{
  g_return_val_if_fail (PL_IS_IMPORT_ASSISTANT (self), FALSE);

  return self->load_cancellable != NULL || self->running;
}

/**
 * pl_import_assistant_get_batch_id:
 *
 * Returns: the import batch the assistant recorded, or 0 before an import
 *   (or when it failed or was cancelled)
 */
gint64
pl_import_assistant_get_batch_id (PlImportAssistant *self)
{
  g_return_val_if_fail (PL_IS_IMPORT_ASSISTANT (self), 0);

  return self->result != NULL ? self->result->batch_id : 0;
}
