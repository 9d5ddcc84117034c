/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "pl-error.h"
#include "pl-finding.h"
#include "pl-theme.h"
#include "pl-util.h"

#define TITLE_MAX 200
#define STATEMENT_MAX 4000
#define REASON_MAX 500

struct _PlFinding
{
  GObject parent_instance;

  gint64 id;
  gint64 review_id;
  PlFindingKind kind;
  PlFindingStatus status;
  char *key;
  char *title;
  char *statement;
  gint64 kpi_id;
  gint64 criterion_id;
  gint64 theme_id;
  gint64 standard_id;
  gint64 commitment_id;
  char *evidence;
  char *rejection_reason;
  char *created_at;
  char *updated_at;
  char *decided_at;

  char *standard_label;
  char *commitment_text;
  char *kpi_name;
  char *kpi_code;
  char *criterion_text;
  char *theme_name;

  /* The evidence, parsed */
  char *basis;
  GPtrArray *figures;         /* label, text, label, text, … */
  GPtrArray *quotes;          /* text, detail, … */
  PlFindingSeries *series;
};

G_DEFINE_FINAL_TYPE (PlFinding, pl_finding, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlFindingKind, pl_finding_kind,
  G_DEFINE_ENUM_VALUE (PL_FINDING_KIND_SHORTFALL, "shortfall"),
  G_DEFINE_ENUM_VALUE (PL_FINDING_KIND_SIGNAL, "signal"),
  G_DEFINE_ENUM_VALUE (PL_FINDING_KIND_STRENGTH, "strength"),
  G_DEFINE_ENUM_VALUE (PL_FINDING_KIND_GAP, "gap"),
  G_DEFINE_ENUM_VALUE (PL_FINDING_KIND_THEME, "theme"),
  G_DEFINE_ENUM_VALUE (PL_FINDING_KIND_OWN, "own"))

G_DEFINE_ENUM_TYPE (PlFindingStatus, pl_finding_status,
  G_DEFINE_ENUM_VALUE (PL_FINDING_STATUS_PROPOSED, "proposed"),
  G_DEFINE_ENUM_VALUE (PL_FINDING_STATUS_CONFIRMED, "confirmed"),
  G_DEFINE_ENUM_VALUE (PL_FINDING_STATUS_REJECTED, "rejected"))

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_STATUS,
  PROP_TITLE,
  PROP_STATEMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_names[] = {
  [PL_FINDING_KIND_SHORTFALL] = "shortfall",
  [PL_FINDING_KIND_SIGNAL] = "signal",
  [PL_FINDING_KIND_STRENGTH] = "strength",
  [PL_FINDING_KIND_GAP] = "gap",
  [PL_FINDING_KIND_THEME] = "theme",
  [PL_FINDING_KIND_OWN] = "own",
};

static const char * const kind_labels[] = {
  [PL_FINDING_KIND_SHORTFALL] = N_("Shortfall"),
  [PL_FINDING_KIND_SIGNAL] = N_("Investigate"),
  [PL_FINDING_KIND_STRENGTH] = N_("Strength"),
  [PL_FINDING_KIND_GAP] = N_("Gap"),
  [PL_FINDING_KIND_THEME] = N_("Theme"),
  [PL_FINDING_KIND_OWN] = N_("Your own"),
};

static const char * const kind_explanations[] = {
  [PL_FINDING_KIND_SHORTFALL] = N_("The latest month’s figure is short of the target, and so is all of its "
                                   "confidence interval: not a matter of chance."),
  [PL_FINDING_KIND_SIGNAL] = N_("The weekly control chart shows a special cause in the last 8 weeks: "
                                "something changed that is worth finding out about."),
  [PL_FINDING_KIND_STRENGTH] = N_("Better than the target in each of the last 2 months, beyond the "
                                  "confidence interval: effective service to keep and share."),
  [PL_FINDING_KIND_GAP] = N_("A scorecard criterion met in full in under 70% of at least 10 observations "
                             "in the last 3 months, or a colleague clearly below their team on one."),
  [PL_FINDING_KIND_THEME] = N_("A theme raised significantly more often in customers’ comments in the "
                               "last 2 months than in the 2 before."),
  [PL_FINDING_KIND_OWN] = N_("A finding you added from your own review of the evidence."),
};

static const char * const status_names[] = {
  [PL_FINDING_STATUS_PROPOSED] = "proposed",
  [PL_FINDING_STATUS_CONFIRMED] = "confirmed",
  [PL_FINDING_STATUS_REJECTED] = "rejected",
};

static const char * const status_labels[] = {
  [PL_FINDING_STATUS_PROPOSED] = N_("To decide"),
  [PL_FINDING_STATUS_CONFIRMED] = N_("Confirmed"),
  [PL_FINDING_STATUS_REJECTED] = N_("Rejected"),
};

#define FINDING_COLUMNS \
  "f.id, f.review_id, f.kind, f.status, f.key, f.title, f.statement, f.kpi_id," \
  " f.criterion_id, f.theme_id, f.standard_id, f.commitment_id, f.evidence," \
  " f.rejection_reason, f.created_at, f.updated_at, f.decided_at," \
  " CASE WHEN s.id IS NOT NULL THEN s.source" \
  "   || CASE WHEN trim (coalesce (s.reference, '')) <> '' THEN ' ' || trim (s.reference) ELSE '' END" \
  "   || ' · ' || s.title END," \
  " c.text, k.name, k.code, cr.text, t.name"

#define FINDING_FROM \
  " FROM findings f" \
  " LEFT JOIN standards s ON s.id = f.standard_id AND s.trashed_at IS NULL" \
  " LEFT JOIN commitments c ON c.id = f.commitment_id" \
  " LEFT JOIN kpis k ON k.id = f.kpi_id" \
  " LEFT JOIN criteria cr ON cr.id = f.criterion_id" \
  " LEFT JOIN themes t ON t.id = f.theme_id"

/* The evidence */

static void
series_free (PlFindingSeries *series)
{
  if (series == NULL)
    return;

  g_free (series->label);
  g_free (series->unit);
  g_free (series->interval_label);
  g_strfreev (series->periods);
  g_free (series->values);
  g_free (series->lower);
  g_free (series->upper);
  g_free (series->sizes);
  g_free (series->ucl);
  g_free (series->lcl);
  for (guint i = 0; i < series->n_signals; i++)
    g_free (series->signals[i].text);
  g_free (series->signals);
  g_free (series->compare_label);
  g_free (series->compare);
  g_free (series);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A number, or NAN for null or none. */
static double
member_number (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return NAN;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
element_object (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static PlFindingSeries *
parse_series (JsonObject *object)
{
  PlFindingSeries *series;
  JsonArray *points = member_array (object, "points");
  JsonArray *signals = member_array (object, "signals");
  guint n = points != NULL ? json_array_get_length (points) : 0;
  double value;

  if (n == 0)
    return NULL;

  series = g_new0 (PlFindingSeries, 1);
  series->label = g_strdup (member_string (object, "label"));
  series->unit = g_strdup (member_string (object, "unit") != NULL ? member_string (object, "unit") : "");
  value = member_number (object, "decimals");
  series->decimals = isfinite (value) ? (int) value : 1;
  series->higher_is_better = json_object_get_boolean_member_with_default (object, "higher_is_better", TRUE);
  series->target = member_number (object, "target");
  series->has_target = isfinite (series->target);
  series->red_threshold = member_number (object, "red_threshold");
  series->has_red_threshold = isfinite (series->red_threshold);
  series->interval_label = g_strdup (member_string (object, "interval_label"));
  value = member_number (object, "focus");
  series->focus = isfinite (value) && value >= 0 && value < n ? (int) value : -1;
  series->centre = member_number (object, "centre");
  series->has_limits = isfinite (series->centre);

  series->n_points = n;
  series->periods = g_new0 (char *, n + 1);
  series->values = g_new (double, n);
  series->lower = g_new (double, n);
  series->upper = g_new (double, n);
  series->sizes = g_new0 (gint64, n);
  series->ucl = g_new (double, n);
  series->lcl = g_new (double, n);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *point = element_object (points, i);
      const char *period = point != NULL ? member_string (point, "period") : NULL;
      double size = point != NULL ? member_number (point, "n") : NAN;

      series->periods[i] = g_strdup (period != NULL ? period : "");
      series->values[i] = point != NULL ? member_number (point, "value") : NAN;
      series->lower[i] = point != NULL ? member_number (point, "lower") : NAN;
      series->upper[i] = point != NULL ? member_number (point, "upper") : NAN;
      series->sizes[i] = isfinite (size) ? (gint64) size : 0;
      series->ucl[i] = point != NULL ? member_number (point, "ucl") : NAN;
      series->lcl[i] = point != NULL ? member_number (point, "lcl") : NAN;
    }

  if (member_string (object, "compare_label") != NULL)
    {
      series->compare_label = g_strdup (member_string (object, "compare_label"));
      series->compare = g_new (double, n);
      for (guint i = 0; i < n; i++)
        {
          JsonObject *point = element_object (points, i);

          series->compare[i] = point != NULL ? member_number (point, "compare") : NAN;
        }
    }

  series->n_signals = signals != NULL ? json_array_get_length (signals) : 0;
  series->signals = g_new0 (PlFindingSignal, MAX (series->n_signals, 1));
  for (guint i = 0; i < series->n_signals; i++)
    {
      JsonObject *signal = element_object (signals, i);
      double index = signal != NULL ? member_number (signal, "index") : NAN;
      double rule = signal != NULL ? member_number (signal, "rule") : NAN;

      series->signals[i].index = isfinite (index) && index >= 0 && index < n ? (guint) index : 0;
      series->signals[i].rule = isfinite (rule) ? (guint) rule : 0;
      series->signals[i].text = g_strdup (signal != NULL ? member_string (signal, "text") : NULL);
    }

  return series;
}

static void
parse_evidence (PlFinding *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  JsonArray *array;
  JsonNode *node;

  if (self->evidence == NULL || self->evidence[0] == '\0')
    return;

  if (!json_parser_load_from_data (parser, self->evidence, -1, NULL))
    {
      g_debug ("The evidence of finding %" G_GINT64_FORMAT " is not JSON", self->id);
      return;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);

  self->basis = g_strdup (member_string (object, "basis"));

  array = member_array (object, "figures");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *figure = element_object (array, i);
      const char *label = figure != NULL ? member_string (figure, "label") : NULL;
      const char *text = figure != NULL ? member_string (figure, "text") : NULL;

      if (label == NULL || text == NULL)
        continue;
      g_ptr_array_add (self->figures, g_strdup (label));
      g_ptr_array_add (self->figures, g_strdup (text));
    }

  array = member_array (object, "quotes");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *quote = element_object (array, i);
      const char *text = quote != NULL ? member_string (quote, "text") : NULL;
      const char *detail = quote != NULL ? member_string (quote, "detail") : NULL;

      if (text == NULL)
        continue;
      g_ptr_array_add (self->quotes, g_strdup (text));
      g_ptr_array_add (self->quotes, g_strdup (detail != NULL ? detail : ""));
    }

  node = json_object_get_member (object, "series");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    self->series = parse_series (json_node_get_object (node));
}

/* NULL stays NULL. */
static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static PlFinding *
finding_from_row (sqlite3_stmt *stmt)
{
  PlFinding *self = g_object_new (PL_TYPE_FINDING, NULL);
  int kind = pl_names_index (kind_names, G_N_ELEMENTS (kind_names), pl_column_text (stmt, 2));
  int status = pl_names_index (status_names, G_N_ELEMENTS (status_names), pl_column_text (stmt, 3));

  self->id = sqlite3_column_int64 (stmt, 0);
  self->review_id = sqlite3_column_int64 (stmt, 1);
  self->kind = kind >= 0 ? (PlFindingKind) kind : PL_FINDING_KIND_OWN;
  self->status = status >= 0 ? (PlFindingStatus) status : PL_FINDING_STATUS_PROPOSED;
  self->key = dup_column (stmt, 4);
  self->title = dup_column (stmt, 5);
  self->statement = g_strdup (pl_column_text (stmt, 6));
  self->kpi_id = sqlite3_column_int64 (stmt, 7);
  self->criterion_id = sqlite3_column_int64 (stmt, 8);
  self->theme_id = sqlite3_column_int64 (stmt, 9);
  self->standard_id = sqlite3_column_int64 (stmt, 10);
  self->commitment_id = sqlite3_column_int64 (stmt, 11);
  self->evidence = dup_column (stmt, 12);
  self->rejection_reason = dup_column (stmt, 13);
  self->created_at = dup_column (stmt, 14);
  self->updated_at = dup_column (stmt, 15);
  self->decided_at = dup_column (stmt, 16);
  self->standard_label = dup_column (stmt, 17);
  self->commitment_text = dup_column (stmt, 18);
  self->kpi_name = dup_column (stmt, 19);
  self->kpi_code = dup_column (stmt, 20);
  self->criterion_text = dup_column (stmt, 21);
  self->theme_name = dup_column (stmt, 22);

  parse_evidence (self);

  return self;
}

/* GObject */

static void
pl_finding_finalize (GObject *object)
{
  PlFinding *self = (PlFinding *) object;

  g_free (self->key);
  g_free (self->title);
  g_free (self->statement);
  g_free (self->evidence);
  g_free (self->rejection_reason);
  g_free (self->created_at);
  g_free (self->updated_at);
  g_free (self->decided_at);
  g_free (self->standard_label);
  g_free (self->commitment_text);
  g_free (self->kpi_name);
  g_free (self->kpi_code);
  g_free (self->criterion_text);
  g_free (self->theme_name);
  g_free (self->basis);
  g_clear_pointer (&self->figures, g_ptr_array_unref);
  g_clear_pointer (&self->quotes, g_ptr_array_unref);
  g_clear_pointer (&self->series, series_free);

  G_OBJECT_CLASS (pl_finding_parent_class)->finalize (object);
}

static void
pl_finding_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PlFinding *self = PL_FINDING (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STATEMENT:
      g_value_set_string (value, self->statement);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_finding_class_init (PlFindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pl_finding_finalize;
  object_class->get_property = pl_finding_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, PL_TYPE_FINDING_KIND, PL_FINDING_KIND_OWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, PL_TYPE_FINDING_STATUS, PL_FINDING_STATUS_PROPOSED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATEMENT] =
    g_param_spec_string ("statement", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pl_finding_init (PlFinding *self)
{
  self->kind = PL_FINDING_KIND_OWN;
  self->figures = g_ptr_array_new_with_free_func (g_free);
  self->quotes = g_ptr_array_new_with_free_func (g_free);
}

/* Names */

const char *
pl_finding_kind_to_string (PlFindingKind kind)
{
  g_return_val_if_fail (kind <= PL_FINDING_KIND_OWN, NULL);
  return kind_names[kind];
}

/**
 * pl_finding_kind_from_string:
 * @out_kind: (out): the kind
 *
 * Returns: %TRUE if @text names a kind ("shortfall", ...)
 */
gboolean
pl_finding_kind_from_string (const char    *text,
                             PlFindingKind *out_kind)
{
  int i = pl_names_index (kind_names, G_N_ELEMENTS (kind_names), text);

  g_return_val_if_fail (out_kind != NULL, FALSE);

  if (i < 0)
    return FALSE;
  *out_kind = (PlFindingKind) i;
  return TRUE;
}

const char *
pl_finding_kind_to_label (PlFindingKind kind)
{
  g_return_val_if_fail (kind <= PL_FINDING_KIND_OWN, NULL);
  return _(kind_labels[kind]);
}

const char *
pl_finding_kind_explain (PlFindingKind kind)
{
  g_return_val_if_fail (kind <= PL_FINDING_KIND_OWN, NULL);
  return _(kind_explanations[kind]);
}

const char *
pl_finding_status_to_string (PlFindingStatus status)
{
  g_return_val_if_fail (status <= PL_FINDING_STATUS_REJECTED, NULL);
  return status_names[status];
}

/**
 * pl_finding_status_from_string:
 * @out_status: (out): the status
 *
 * Returns: %TRUE if @text names a status ("proposed", ...)
 */
gboolean
pl_finding_status_from_string (const char      *text,
                               PlFindingStatus *out_status)
{
  int i = pl_names_index (status_names, G_N_ELEMENTS (status_names), text);

  g_return_val_if_fail (out_status != NULL, FALSE);

  if (i < 0)
    return FALSE;
  *out_status = (PlFindingStatus) i;
  return TRUE;
}

const char *
pl_finding_status_to_label (PlFindingStatus status)
{
  g_return_val_if_fail (status <= PL_FINDING_STATUS_REJECTED, NULL);
  return _(status_labels[status]);
}

/* Getters */

gint64
pl_finding_get_id (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), 0);
  return self->id;
}

gint64
pl_finding_get_review_id (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), 0);
  return self->review_id;
}

PlFindingKind
pl_finding_get_kind (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), PL_FINDING_KIND_OWN);
  return self->kind;
}

PlFindingStatus
pl_finding_get_status (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), PL_FINDING_STATUS_PROPOSED);
  return self->status;
}

const char *
pl_finding_get_key (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->key;
}

const char *
pl_finding_get_title (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->title;
}

const char *
pl_finding_get_statement (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->statement;
}

gint64
pl_finding_get_kpi_id (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), 0);
  return self->kpi_id;
}

gint64
pl_finding_get_criterion_id (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), 0);
  return self->criterion_id;
}

gint64
pl_finding_get_theme_id (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), 0);
  return self->theme_id;
}

gint64
pl_finding_get_standard_id (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), 0);
  return self->standard_id;
}

gint64
pl_finding_get_commitment_id (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), 0);
  return self->commitment_id;
}

const char *
pl_finding_get_evidence (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->evidence;
}

const char *
pl_finding_get_rejection_reason (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->rejection_reason;
}

const char *
pl_finding_get_created_at (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->created_at;
}

const char *
pl_finding_get_updated_at (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->updated_at;
}

const char *
pl_finding_get_decided_at (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->decided_at;
}

const char *
pl_finding_get_standard_label (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->standard_label;
}

const char *
pl_finding_get_commitment_text (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->commitment_text;
}

const char *
pl_finding_get_kpi_name (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->kpi_name;
}

const char *
pl_finding_get_kpi_code (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->kpi_code;
}

const char *
pl_finding_get_criterion_text (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->criterion_text;
}

const char *
pl_finding_get_theme_name (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->theme_name;
}

const char *
pl_finding_get_basis (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->basis;
}

guint
pl_finding_get_n_figures (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), 0);
  return self->figures->len / 2;
}

const char *
pl_finding_get_figure_label (PlFinding *self,
                             guint      index)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  g_return_val_if_fail (index < self->figures->len / 2, NULL);
  return g_ptr_array_index (self->figures, 2 * index);
}

const char *
pl_finding_get_figure_text (PlFinding *self,
                            guint      index)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  g_return_val_if_fail (index < self->figures->len / 2, NULL);
  return g_ptr_array_index (self->figures, 2 * index + 1);
}

guint
pl_finding_get_n_quotes (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), 0);
  return self->quotes->len / 2;
}

const char *
pl_finding_get_quote_text (PlFinding *self,
                           guint      index)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  g_return_val_if_fail (index < self->quotes->len / 2, NULL);
  return g_ptr_array_index (self->quotes, 2 * index);
}

const char *
pl_finding_get_quote_detail (PlFinding *self,
                             guint      index)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  g_return_val_if_fail (index < self->quotes->len / 2, NULL);
  return g_ptr_array_index (self->quotes, 2 * index + 1);
}

/**
 * pl_finding_get_series:
 *
 * Returns: (nullable) (transfer none): the chart behind the finding
 */
const PlFindingSeries *
pl_finding_get_series (PlFinding *self)
{
  g_return_val_if_fail (PL_IS_FINDING (self), NULL);
  return self->series;
}

/* Dates */

/* "YYYY-MM-01" of the month @months after (or before) @day's. */
static char *
month_start_offset (const char *day,
                    int         months)
{
  GDate date;

  if (!pl_date_parse_iso (day, &date))
    return NULL;

  g_date_set_day (&date, 1);
  if (months > 0)
    g_date_add_months (&date, months);
  else if (months < 0)
    g_date_subtract_months (&date, -months);

  return pl_date_to_iso (&date);
}

/* "September 2026", "August and September 2026", "July to September
 * 2026", "December 2025 to February 2026". */
static char *
months_label (const char *first,
              const char *last)
{
  g_autofree char *until = pl_analysis_period_label (PL_ANALYSIS_MONTH, last);
  g_autofree char *next = month_start_offset (first, 1);
  GDate a, b;
  char buf[64];

  if (g_strcmp0 (first, last) == 0 || !pl_date_parse_iso (first, &a) || !pl_date_parse_iso (last, &b))
    return g_steal_pointer (&until);

  if (g_date_strftime (buf, sizeof buf, g_date_get_year (&a) == g_date_get_year (&b) ? "%B" : "%B %Y", &a) == 0)
    return g_steal_pointer (&until);

  if (g_strcmp0 (next, last) == 0)
    /* Translators: two months, "August and September 2026" */
    return g_strdup_printf (_("%s and %s"), buf, until);

  /* Translators: a stretch of months, "July to September 2026" */
  return g_strdup_printf (_("%s to %s"), buf, until);
}

static gboolean
in_window (const char *period_start,
           const char *from,
           const char *to)
{
  return (from == NULL || strcmp (period_start, from) >= 0) &&
         (to == NULL || strcmp (period_start, to) <= 0);
}

static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

static char *
format_percent (double value)
{
  return g_strdup_printf ("%.1f%%", value);
}

/* Proposals */

typedef struct
{
  char *key;
  PlFindingKind kind;
  char *title;
  char *statement;
  gint64 kpi_id;
  gint64 criterion_id;
  gint64 theme_id;
  gint64 standard_id;
  gint64 commitment_id;
  char *evidence;
} Proposal;

static void
proposal_free (Proposal *proposal)
{
  g_free (proposal->key);
  g_free (proposal->title);
  g_free (proposal->statement);
  g_free (proposal->evidence);
  g_free (proposal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Proposal, proposal_free)

typedef struct
{
  PlWorkspace *workspace;
  gint64 review_id;
  char *from;                 /* the review's first day, or NULL */
  char *to;                   /* its last day, or NULL */
  double confidence;
  GPtrArray *proposals;       /* of Proposal */
  GHashTable *keys;           /* the proposals' keys */
} Context;

static void
context_clear (Context *context)
{
  g_clear_pointer (&context->from, g_free);
  g_clear_pointer (&context->to, g_free);
  g_clear_pointer (&context->proposals, g_ptr_array_unref);
  g_clear_pointer (&context->keys, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Context, context_clear)

/* Takes @proposal; the review's findings have keys of their own. */
static void
add_proposal (Context  *context,
              Proposal *proposal)
{
  if (context->review_id > 0)
    {
      char *key = g_strdup_printf ("review:%" G_GINT64_FORMAT ":%s", context->review_id, proposal->key);

      g_free (proposal->key);
      proposal->key = key;
    }

  if (g_hash_table_contains (context->keys, proposal->key))
    {
      proposal_free (proposal);
      return;
    }

  g_hash_table_add (context->keys, proposal->key);
  g_ptr_array_add (context->proposals, proposal);
}

/* JSON */

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_figure (GPtrArray  *figures,
            const char *label,
            char       *text)
{
  g_ptr_array_add (figures, g_strdup (label));
  g_ptr_array_add (figures, text);
}

static void
add_figures (JsonBuilder *builder,
             GPtrArray   *figures)
{
  json_builder_set_member_name (builder, "figures");
  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < figures->len; i += 2)
    {
      json_builder_begin_object (builder);
      add_string (builder, "label", g_ptr_array_index (figures, i));
      add_string (builder, "text", g_ptr_array_index (figures, i + 1));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* The start of a series description, up to its points. */
static void
begin_series (JsonBuilder *builder,
              const char  *label,
              const char  *unit,
              int          decimals,
              gboolean     higher_is_better,
              double       target,
              double       red_threshold,
              const char  *interval_label,
              int          focus)
{
  json_builder_set_member_name (builder, "series");
  json_builder_begin_object (builder);
  add_string (builder, "label", label);
  add_string (builder, "unit", unit);
  json_builder_set_member_name (builder, "decimals");
  json_builder_add_int_value (builder, decimals);
  json_builder_set_member_name (builder, "higher_is_better");
  json_builder_add_boolean_value (builder, higher_is_better);
  add_number (builder, "target", target);
  add_number (builder, "red_threshold", red_threshold);
  add_string (builder, "interval_label", interval_label);
  json_builder_set_member_name (builder, "focus");
  json_builder_add_int_value (builder, focus);
}

static void
add_point (JsonBuilder *builder,
           const char  *period,
           double       value,
           double       lower,
           double       upper,
           gint64       n)
{
  json_builder_begin_object (builder);
  add_string (builder, "period", period);
  add_number (builder, "value", value);
  add_number (builder, "lower", lower);
  add_number (builder, "upper", upper);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, n);
}

/* KPI rules */

typedef struct
{
  PlKpi *kpi;
  const PlKpiAnalysis *analysis;
  gint64 standard_id;
  gint64 commitment_id;
  char *interval_label;
} KpiContext;

static gboolean
kpi_links (PlWorkspace  *workspace,
           gint64        kpi_id,
           gint64       *standard_id,
           gint64       *commitment_id,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* The KPI's own standard, else that of the commitment the latest
   * version of the service offer measures with it. */
  stmt = pl_workspace_prepare (workspace,
                               "SELECT (SELECT s.id FROM kpis k JOIN standards s ON s.id = k.standard_id"
                               "         WHERE k.id = ?1 AND s.trashed_at IS NULL),"
                               "       c.id,"
                               "       (SELECT s.id FROM standards s WHERE s.id = c.standard_id"
                               "           AND s.trashed_at IS NULL)"
                               "  FROM (SELECT 1) LEFT JOIN"
                               "       (SELECT c.id, c.standard_id FROM commitments c"
                               "          JOIN service_offers o ON o.id = c.offer_id"
                               "         WHERE c.kpi_id = ?1"
                               "         ORDER BY o.version DESC, o.effective_from DESC, o.id DESC,"
                               "                  c.position, c.id LIMIT 1) c",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, kpi_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The standards the KPIs are judged against could not be read"));
      return FALSE;
    }

  *commitment_id = sqlite3_column_int64 (stmt, 1);
  *standard_id = sqlite3_column_int64 (stmt, 0);
  if (*standard_id == 0)
    *standard_id = sqlite3_column_int64 (stmt, 2);

  return TRUE;
}

static gboolean
has_interval (const PlAnalysisCell *cell)
{
  return isfinite (cell->lower) && isfinite (cell->upper);
}

/* All of the interval (or, for a metric, the value) is worse than the
 * target. */
static gboolean
cell_worse (PlKpi                *kpi,
            PlIntervalMethod      method,
            const PlAnalysisCell *cell)
{
  double target = pl_kpi_get_target (kpi);
  gboolean higher = pl_kpi_get_higher_is_better (kpi);

  if (cell->n <= 0 || cell->small_sample || !isfinite (cell->value))
    return FALSE;
  if (method == PL_INTERVAL_NONE)
    return higher ? cell->value < target : cell->value > target;
  if (!has_interval (cell))
    return FALSE;
  return higher ? cell->upper < target : cell->lower > target;
}

static gboolean
cell_better (PlKpi                *kpi,
             PlIntervalMethod      method,
             const PlAnalysisCell *cell)
{
  double target = pl_kpi_get_target (kpi);
  gboolean higher = pl_kpi_get_higher_is_better (kpi);

  if (cell->n <= 0 || cell->small_sample || !isfinite (cell->value))
    return FALSE;
  if (method == PL_INTERVAL_NONE)
    return higher ? cell->value > target : cell->value < target;
  if (!has_interval (cell))
    return FALSE;
  return higher ? cell->lower > target : cell->upper < target;
}

/* "74.5% (Wilson 95% interval 68.2% to 80.0%, n = 208)" */
static char *
cell_text (KpiContext           *kc,
           const PlAnalysisCell *cell)
{
  g_autofree char *value = pl_kpi_format_value (kc->kpi, cell->value);
  g_autofree char *n = format_count (cell->n);

  if (kc->interval_label != NULL && has_interval (cell))
    {
      g_autofree char *lower = pl_kpi_format_value (kc->kpi, cell->lower);
      g_autofree char *upper = pl_kpi_format_value (kc->kpi, cell->upper);

      /* Translators: a KPI value with its interval and sample size,
       * "74.5% (Wilson 95% interval 68.2% to 80.0%, n = 208)" */
      return g_strdup_printf (_("%s (%s %s to %s, n = %s)"), value, kc->interval_label, lower, upper, n);
    }

  /* Translators: a KPI value from operational figures, "5.5% (n = 4241)" */
  return g_strdup_printf (_("%s (n = %s)"), value, n);
}

static char *
target_text (PlKpi *kpi)
{
  g_autofree char *target = pl_kpi_format_value (kpi, pl_kpi_get_target (kpi));

  return pl_kpi_get_higher_is_better (kpi)
    /* Translators: a KPI's target, "85.0%, higher is better" */
    ? g_strdup_printf (_("%s, higher is better"), target)
    /* Translators: a KPI's target, "20 s, lower is better" */
    : g_strdup_printf (_("%s, lower is better"), target);
}

/* "Customer satisfaction (CSAT)" or "Customer satisfaction (CSAT) on the
 * Email channel" */
static char *
kpi_subject (KpiContext      *kc,
             const PlSegment *segment)
{
  if (segment == NULL || segment->id == 0)
    return g_strdup (pl_kpi_get_name (kc->kpi));

  /* Translators: a KPI in one channel, "Customer satisfaction (CSAT) on the Email channel" */
  return g_strdup_printf (_("%s on the %s channel"), pl_kpi_get_name (kc->kpi), segment->name);
}

static char *
kpi_key (const char      *kind,
         KpiContext      *kc,
         const PlSegment *segment,
         const char      *period_start)
{
  g_autofree char *month = g_strndup (period_start, 7);

  if (segment == NULL || segment->id == 0)
    return g_strdup_printf ("%s:kpi:%" G_GINT64_FORMAT ":%s", kind, pl_kpi_get_id (kc->kpi), month);

  return g_strdup_printf ("%s:kpi:%" G_GINT64_FORMAT ":channel:%" G_GINT64_FORMAT ":%s",
                          kind, pl_kpi_get_id (kc->kpi), segment->id, month);
}

/* The segment's months in the window, oldest first. */
static GPtrArray *
segment_months (KpiContext *kc,
                gint64      segment_id,
                const char *from,
                const char *to)
{
  const PlKpiAnalysis *analysis = kc->analysis;
  GPtrArray *cells = g_ptr_array_new ();

  for (guint i = 0; i < analysis->cells->len; i++)
    {
      const PlAnalysisCell *cell = &g_array_index (analysis->cells, PlAnalysisCell, i);

      if (cell->segment_id == segment_id && cell->n > 0 && in_window (cell->period_start, from, to))
        g_ptr_array_add (cells, (gpointer) cell);
    }

  return cells;
}

/* The evidence of a shortfall or strength: the KPI's monthly series for
 * the segment, the figures and the rule. */
static char *
kpi_month_evidence (KpiContext      *kc,
                    const PlSegment *segment,
                    GPtrArray       *cells,
                    const PlAnalysisCell *focus,
                    const char      *basis,
                    GPtrArray       *figures)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *label = NULL;
  int focus_index = -1;
  PlKpi *kpi = kc->kpi;

  json_builder_begin_object (builder);
  add_string (builder, "basis", basis);
  add_string (builder, "chart", "trend");
  add_string (builder, "kpi", pl_kpi_get_code (kpi));
  add_string (builder, "segment_kind", segment != NULL && segment->id != 0 ? "channel" : NULL);
  add_string (builder, "segment", segment != NULL && segment->id != 0 ? segment->code : NULL);
  add_string (builder, "period", "month");
  add_string (builder, "period_start", focus->period_start);
  add_number (builder, "value", focus->value);
  add_number (builder, "lower", focus->lower);
  add_number (builder, "upper", focus->upper);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, focus->n);
  add_number (builder, "target", pl_kpi_get_target (kpi));
  add_figures (builder, figures);

  for (guint i = 0; i < cells->len; i++)
    if (g_ptr_array_index (cells, i) == focus)
      focus_index = i;

  if (segment != NULL && segment->id != 0)
    /* Translators: a chart's legend, "Monthly Customer satisfaction (CSAT), Email" */
    label = g_strdup_printf (_("Monthly %s, %s"), pl_kpi_get_name (kpi), segment->name);
  else
    /* Translators: a chart's legend, "Monthly Customer satisfaction (CSAT)" */
    label = g_strdup_printf (_("Monthly %s"), pl_kpi_get_name (kpi));

  begin_series (builder, label, pl_kpi_get_unit (kpi), pl_kpi_get_decimals (kpi),
                pl_kpi_get_higher_is_better (kpi), pl_kpi_get_target (kpi),
                pl_kpi_get_red_threshold (kpi), kc->interval_label, focus_index);
  json_builder_set_member_name (builder, "points");
  json_builder_begin_array (builder);
  for (guint i = 0; i < cells->len; i++)
    {
      const PlAnalysisCell *cell = g_ptr_array_index (cells, i);

      add_point (builder, cell->period_start, cell->value, cell->lower, cell->upper, cell->n);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return builder_to_string (builder);
}

static void
propose_shortfall (Context              *context,
                   KpiContext           *kc,
                   const PlSegment      *segment,
                   const PlAnalysisCell *cell,
                   const PlAnalysisCell *whole,
                   const PlAnalysisCell *previous,
                   GPtrArray            *cells)
{
  g_autoptr(Proposal) proposal = g_new0 (Proposal, 1);
  g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subject = kpi_subject (kc, segment);
  g_autofree char *month = pl_analysis_period_label (PL_ANALYSIS_MONTH, cell->period_start);
  g_autofree char *value = pl_kpi_format_value (kc->kpi, cell->value);
  g_autofree char *target = pl_kpi_format_value (kc->kpi, pl_kpi_get_target (kc->kpi));
  g_autofree char *n = format_count (cell->n);
  gboolean higher = pl_kpi_get_higher_is_better (kc->kpi);
  const char *basis;

  if (segment != NULL && segment->id != 0)
    /* Translators: a finding's title, "Customer satisfaction (CSAT) short of target: Email, September 2026" */
    proposal->title = g_strdup_printf (_("%s short of target: %s, %s"), pl_kpi_get_name (kc->kpi),
                                       segment->name, month);
  else
    /* Translators: a finding's title, "Net Promoter Score short of target: September 2026" */
    proposal->title = g_strdup_printf (_("%s short of target: %s"), pl_kpi_get_name (kc->kpi), month);

  if (kc->interval_label != NULL)
    {
      g_autofree char *lower = pl_kpi_format_value (kc->kpi, cell->lower);
      g_autofree char *upper = pl_kpi_format_value (kc->kpi, cell->upper);

      proposal->statement = higher
        /* Translators: "Customer satisfaction (CSAT) on the Email channel was 74.5% in September 2026
         * (Wilson 95% interval 68.2% to 80.0%, n = 208), below the 85.0% target: …" */
        ? g_strdup_printf (_("%s was %s in %s (%s %s to %s, n = %s), below the %s target: even the top "
                             "of the interval falls short, so the shortfall is not down to chance."),
                           subject, value, month, kc->interval_label, lower, upper, n, target)
        : g_strdup_printf (_("%s was %s in %s (%s %s to %s, n = %s), above the %s target where lower "
                             "is better: even the bottom of the interval falls short, so the shortfall "
                             "is not down to chance."),
                           subject, value, month, kc->interval_label, lower, upper, n, target);
      basis = _("The latest month’s confidence interval lies entirely on the wrong side of the target.");
    }
  else
    {
      proposal->statement = higher
        /* Translators: "First-contact resolution was 72.6% in September 2026 (n = 1527), below the 75.0% target." */
        ? g_strdup_printf (_("%s was %s in %s (n = %s), below the %s target. These operational figures "
                             "count every record, not a sample, so there is no interval to allow for."),
                           subject, value, month, n, target)
        : g_strdup_printf (_("%s was %s in %s (n = %s), above the %s target where lower is better. "
                             "These operational figures count every record, not a sample, so there is "
                             "no interval to allow for."),
                           subject, value, month, n, target);
      basis = _("The latest month’s value, counted from every record, is worse than the target.");
    }

  add_figure (figures, month, cell_text (kc, cell));
  add_figure (figures, _("Target"), target_text (kc->kpi));
  add_figure (figures, _("Status"), g_strdup (pl_status_to_label (cell->status)));
  if (previous != NULL)
    {
      g_autofree char *previous_month = pl_analysis_period_label (PL_ANALYSIS_MONTH, previous->period_start);

      add_figure (figures, previous_month, cell_text (kc, previous));
    }
  if (whole != NULL)
    {
      /* Translators: the whole KPI beside one channel's figure, "All channels, September 2026" */
      g_autofree char *label = g_strdup_printf (_("All channels, %s"), month);

      add_figure (figures, label, cell_text (kc, whole));
    }
  else if (kc->analysis->has_trend && kc->analysis->trend_summary != NULL)
    add_figure (figures, _("Trend over the months"), g_strdup (kc->analysis->trend_summary));

  proposal->key = kpi_key ("shortfall", kc, segment, cell->period_start);
  proposal->kind = PL_FINDING_KIND_SHORTFALL;
  proposal->kpi_id = pl_kpi_get_id (kc->kpi);
  proposal->standard_id = kc->standard_id;
  proposal->commitment_id = kc->commitment_id;
  proposal->evidence = kpi_month_evidence (kc, segment, cells, cell, basis, figures);
  add_proposal (context, g_steal_pointer (&proposal));
}

static void
propose_strength (Context              *context,
                  KpiContext           *kc,
                  const PlSegment      *segment,
                  const PlAnalysisCell *cell,
                  const PlAnalysisCell *previous,
                  GPtrArray            *cells)
{
  g_autoptr(Proposal) proposal = g_new0 (Proposal, 1);
  g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subject = kpi_subject (kc, segment);
  g_autofree char *month = pl_analysis_period_label (PL_ANALYSIS_MONTH, cell->period_start);
  g_autofree char *previous_month = pl_analysis_period_label (PL_ANALYSIS_MONTH, previous->period_start);
  g_autofree char *target = pl_kpi_format_value (kc->kpi, pl_kpi_get_target (kc->kpi));
  g_autofree char *latest_text = cell_text (kc, cell);
  g_autofree char *previous_text = cell_text (kc, previous);
  const char *basis;

  if (segment != NULL && segment->id != 0)
    /* Translators: a finding's title, "Customer effort score reliably better than target: Web chat" */
    proposal->title = g_strdup_printf (_("%s reliably better than target: %s"), pl_kpi_get_name (kc->kpi),
                                       segment->name);
  else
    /* Translators: a finding's title, "First-contact resolution reliably better than target" */
    proposal->title = g_strdup_printf (_("%s reliably better than target"), pl_kpi_get_name (kc->kpi));

  if (kc->interval_label != NULL)
    {
      /* Translators: "Customer effort score on the Web chat channel has been better than its 5.50 target
       * in each of the last 2 months, beyond its confidence interval: 5.78 (…) in September 2026 and
       * 5.83 (…) in August 2026." */
      proposal->statement = g_strdup_printf (_("%s has been better than its %s target in each of the last "
                                               "2 months, with all of the confidence interval on the right "
                                               "side of it: %s in %s and %s in %s."),
                                             subject, target, latest_text, month, previous_text, previous_month);
      basis = _("In each of the last 2 months the confidence interval lies entirely on the better side "
                "of the target.");
    }
  else
    {
      /* Translators: "First-contact resolution has been better than its 75.0% target in each of the last
       * 2 months: 77.1% (n = 7419) in September 2026 and 76.6% (n = 8207) in August 2026." */
      proposal->statement = g_strdup_printf (_("%s has been better than its %s target in each of the last "
                                               "2 months: %s in %s and %s in %s."),
                                             subject, target, latest_text, month, previous_text, previous_month);
      basis = _("In each of the last 2 months the value, counted from every record, is better than "
                "the target.");
    }

  add_figure (figures, month, g_strdup (latest_text));
  add_figure (figures, previous_month, g_strdup (previous_text));
  add_figure (figures, _("Target"), target_text (kc->kpi));
  if ((segment == NULL || segment->id == 0) && kc->analysis->has_trend && kc->analysis->trend_summary != NULL)
    add_figure (figures, _("Trend over the months"), g_strdup (kc->analysis->trend_summary));

  proposal->key = kpi_key ("strength", kc, segment, cell->period_start);
  proposal->kind = PL_FINDING_KIND_STRENGTH;
  proposal->kpi_id = pl_kpi_get_id (kc->kpi);
  proposal->standard_id = kc->standard_id;
  proposal->commitment_id = kc->commitment_id;
  proposal->evidence = kpi_month_evidence (kc, segment, cells, cell, basis, figures);
  add_proposal (context, g_steal_pointer (&proposal));
}

/* The calendar month before @cell's, or NULL. */
static const PlAnalysisCell *
month_before (KpiContext           *kc,
              const PlAnalysisCell *cell,
              const char           *from)
{
  g_autofree char *previous = month_start_offset (cell->period_start, -1);

  if (previous == NULL || (from != NULL && strcmp (previous, from) < 0))
    return NULL;

  return pl_kpi_analysis_find ((PlKpiAnalysis *) kc->analysis, cell->segment_id, previous);
}

static void
kpi_month_rules (Context    *context,
                 KpiContext *kc)
{
  const PlKpiAnalysis *analysis = kc->analysis;
  g_autofree char *from = context->from != NULL ? month_start_offset (context->from, 0) : NULL;
  g_autoptr(GPtrArray) whole_cells = segment_months (kc, 0, from, context->to);
  const PlAnalysisCell *latest;
  const PlAnalysisCell *previous;

  if (whole_cells->len == 0)
    return;

  latest = g_ptr_array_index (whole_cells, whole_cells->len - 1);
  previous = month_before (kc, latest, from);

  if (cell_worse (kc->kpi, analysis->method, latest))
    propose_shortfall (context, kc, NULL, latest, NULL, previous, whole_cells);
  else if (previous != NULL && previous->n > 0 &&
           cell_better (kc->kpi, analysis->method, latest) &&
           cell_better (kc->kpi, analysis->method, previous))
    propose_strength (context, kc, NULL, latest, previous, whole_cells);

  for (guint s = 1; analysis->segments_available && s < analysis->segments->len; s++)
    {
      const PlSegment *segment = g_ptr_array_index (analysis->segments, s);
      const PlAnalysisCell *cell = pl_kpi_analysis_find ((PlKpiAnalysis *) analysis, segment->id,
                                                         latest->period_start);
      const PlAnalysisCell *before;
      g_autoptr(GPtrArray) cells = NULL;

      /* A channel that holds every record of the month only repeats the
       * whole KPI. */
      if (cell == NULL || cell->n <= 0 || cell->n == latest->n)
        continue;

      cells = segment_months (kc, segment->id, from, latest->period_start);
      before = month_before (kc, cell, from);

      if (cell_worse (kc->kpi, analysis->method, cell))
        propose_shortfall (context, kc, segment, cell, latest, before, cells);
      else if (before != NULL && before->n > 0 &&
               cell_better (kc->kpi, analysis->method, cell) &&
               cell_better (kc->kpi, analysis->method, before))
        propose_strength (context, kc, segment, cell, before, cells);
    }
}

/* The first signal at @point on @side (the strongest rule: signals come
 * by point, then rule), or -1. */
static int
signal_at (const PlControlChart *chart,
           guint                 point,
           int                   side)
{
  for (guint i = 0; i < chart->signals->len; i++)
    {
      const PlSignal *signal = &g_array_index (chart->signals, PlSignal, i);

      if (signal->point == point && signal->side == side)
        return i;
    }

  return -1;
}

static void
kpi_signal_rule (Context             *context,
                 KpiContext          *kc,
                 const PlKpiAnalysis *weekly)
{
  g_autoptr(Proposal) proposal = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GPtrArray) figures = NULL;
  g_autofree char *from = context->from != NULL ? pl_date_week_start (context->from) : NULL;
  g_autofree char *first_week = NULL;
  g_autofree char *latest_week = NULL;
  g_autofree char *centre = NULL;
  g_autofree char *latest_value = NULL;
  g_autofree char *count = NULL;
  g_autofree char *label = NULL;
  g_autofree char *ucl = NULL;
  g_autofree char *lcl = NULL;
  g_autofree char *first = NULL;
  const PlControlChart *chart = weekly->chart;
  const PlAnalysisCell *cells;
  const PlSignal *last = NULL;
  const char *first_explanation;
  const char *latest_explanation;
  gboolean better;
  int window_start;
  int window_end = -1;
  int first_point = -1;
  guint n_weeks = 0;
  int side;

  if (chart == NULL || chart->signals->len == 0)
    return;
  cells = &g_array_index (weekly->cells, PlAnalysisCell, 0);

  for (guint i = 0; i < weekly->n_whole && i < chart->n_points; i++)
    if (in_window (cells[i].period_start, from, context->to))
      window_end = i;
  if (window_end < 0)
    return;

  /* The last weeks up to the window's end, not before its start. */
  window_start = MAX (0, window_end - PL_FINDING_SIGNAL_WEEKS + 1);
  while (from != NULL && window_start <= window_end && strcmp (cells[window_start].period_start, from) < 0)
    window_start++;

  for (guint i = 0; i < chart->signals->len; i++)
    {
      const PlSignal *signal = &g_array_index (chart->signals, PlSignal, i);

      if ((int) signal->point >= window_start && (int) signal->point <= window_end)
        last = signal;
    }
  if (last == NULL)
    return;
  side = last->side;

  /* From the first signal on that side in the window, back through the
   * weeks before it that signal too: when the run began, which is where
   * to look for what changed. */
  for (int point = window_start; point <= window_end && first_point < 0; point++)
    if (signal_at (chart, point, side) >= 0)
      first_point = point;
  while (first_point > 0 && signal_at (chart, first_point - 1, side) >= 0 &&
         (from == NULL || strcmp (cells[first_point - 1].period_start, from) >= 0))
    first_point--;

  for (int point = first_point; point <= window_end; point++)
    if (signal_at (chart, point, side) >= 0)
      n_weeks++;

  better = (side > 0) == pl_kpi_get_higher_is_better (kc->kpi);
  first_week = pl_analysis_period_label (PL_ANALYSIS_WEEK, cells[first_point].period_start);
  latest_week = pl_analysis_period_label (PL_ANALYSIS_WEEK, cells[last->point].period_start);
  centre = pl_kpi_format_value (kc->kpi, chart->center);
  latest_value = pl_kpi_format_value (kc->kpi, chart->values[last->point]);
  count = format_count (n_weeks);
  first_explanation = g_ptr_array_index (weekly->explanations, signal_at (chart, first_point, side));
  latest_explanation = g_ptr_array_index (weekly->explanations, last - &g_array_index (chart->signals, PlSignal, 0));

  proposal = g_new0 (Proposal, 1);
  proposal->title = side > 0
    /* Translators: a finding's title, "Net Promoter Score: an unusual rise to investigate" */
    ? g_strdup_printf (_("%s: an unusual rise to investigate"), pl_kpi_get_name (kc->kpi))
    /* Translators: a finding's title, "Net Promoter Score: an unusual fall to investigate" */
    : g_strdup_printf (_("%s: an unusual fall to investigate"), pl_kpi_get_name (kc->kpi));

  first = side > 0
    /* Translators: "The weekly control chart of Net Promoter Score signals a special cause above its
     * centre line (+37) in 2 weeks from the week of 14 Sep 2026." */
    ? g_strdup_printf (ngettext ("The weekly control chart of %s signals a special cause above its centre "
                                 "line (%s) in %s week from %s.",
                                 "The weekly control chart of %s signals a special cause above its centre "
                                 "line (%s) in %s weeks from %s.", n_weeks),
                       pl_kpi_get_name (kc->kpi), centre, count, first_week)
    : g_strdup_printf (ngettext ("The weekly control chart of %s signals a special cause below its centre "
                                 "line (%s) in %s week from %s.",
                                 "The weekly control chart of %s signals a special cause below its centre "
                                 "line (%s) in %s weeks from %s.", n_weeks),
                       pl_kpi_get_name (kc->kpi), centre, count, first_week);
  proposal->statement = g_strdup_printf ("%s %s %s", first, latest_explanation,
                                         better ? _("The change is for the better: find out what caused "
                                                    "it, to keep it.")
                                                : _("The change is for the worse: find out what caused "
                                                    "it, to put it right."));

  figures = g_ptr_array_new_with_free_func (g_free);
  {
    g_autofree char *n = format_count (cells[last->point].n);

    g_autofree char *day = pl_date_format_short (cells[last->point].period_start);
    /* Translators: a week, named by its Monday: "Week of 21 Sep 2026" */
    g_autofree char *week_label = g_strdup_printf (_("Week of %s"), day);

    /* Translators: a value and its sample size, "+27 (n = 250)" */
    add_figure (figures, week_label, g_strdup_printf (_("%s (n = %s)"), latest_value, n));
  }
  add_figure (figures, _("Centre line"), g_strdup (centre));
  ucl = pl_kpi_format_value (kc->kpi, chart->ucl[last->point]);
  lcl = pl_kpi_format_value (kc->kpi, chart->lcl[last->point]);
  /* Translators: control limits, "+18 to +58" */
  add_figure (figures, _("Control limits"), g_strdup_printf (_("%s to %s"), lcl, ucl));
  add_figure (figures, _("Target"), target_text (kc->kpi));
  add_figure (figures, _("First signal"), g_strdup (first_explanation));
  if (g_strcmp0 (first_explanation, latest_explanation) != 0)
    add_figure (figures, _("Latest signal"), g_strdup (latest_explanation));

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string (builder, "basis", _("A Western Electric rule is broken on the weekly control chart in the "
                                  "last 8 weeks: a special cause, not the usual variation."));
  add_string (builder, "chart", "control");
  add_string (builder, "kpi", pl_kpi_get_code (kc->kpi));
  add_string (builder, "period", "week");
  add_string (builder, "period_start", cells[first_point].period_start);
  add_string (builder, "direction", side > 0 ? "up" : "down");
  json_builder_set_member_name (builder, "weeks");
  json_builder_add_int_value (builder, n_weeks);
  add_number (builder, "centre", chart->center);
  add_figures (builder, figures);

  /* Translators: a chart's legend, "Weekly Net Promoter Score" */
  label = g_strdup_printf (_("Weekly %s"), pl_kpi_get_name (kc->kpi));
  begin_series (builder, label, pl_kpi_get_unit (kc->kpi), pl_kpi_get_decimals (kc->kpi),
                pl_kpi_get_higher_is_better (kc->kpi), pl_kpi_get_target (kc->kpi),
                pl_kpi_get_red_threshold (kc->kpi), NULL, last->point);
  add_number (builder, "centre", chart->center);
  json_builder_set_member_name (builder, "points");
  json_builder_begin_array (builder);
  for (guint i = 0; i < chart->n_points; i++)
    {
      add_point (builder, cells[i].period_start, chart->values[i], NAN, NAN, cells[i].n);
      add_number (builder, "ucl", chart->ucl[i]);
      add_number (builder, "lcl", chart->lcl[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "signals");
  json_builder_begin_array (builder);
  for (int point = first_point; point <= window_end; point++)
    {
      int i = signal_at (chart, point, side);

      if (i < 0)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, point);
      json_builder_set_member_name (builder, "rule");
      json_builder_add_int_value (builder, g_array_index (chart->signals, PlSignal, i).rule);
      add_string (builder, "text", g_ptr_array_index (weekly->explanations, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  proposal->key = g_strdup_printf ("signal:kpi:%" G_GINT64_FORMAT ":%s:%s", pl_kpi_get_id (kc->kpi),
                                   side > 0 ? "up" : "down", cells[first_point].period_start);
  proposal->kind = PL_FINDING_KIND_SIGNAL;
  proposal->kpi_id = pl_kpi_get_id (kc->kpi);
  proposal->standard_id = kc->standard_id;
  proposal->commitment_id = kc->commitment_id;
  proposal->evidence = builder_to_string (builder);
  add_proposal (context, g_steal_pointer (&proposal));
}

/* A day of the week falling further behind the others (the header's
 * rule). */

static const char * const day_plurals[] = {
  NULL, N_("Mondays"), N_("Tuesdays"), N_("Wednesdays"), N_("Thursdays"), N_("Fridays"),
  N_("Saturdays"), N_("Sundays"),
};

typedef struct
{
  gint64  segment_id;
  guint   n;                  /* weeks with both the day and the rest */
  int    *index;              /* into the whole KPI's cells */
  double *day;
  double *rest;
  double *gap;                /* day − rest */
  gint64 *day_n;
  gint64 *rest_n;
  PlTrend trend;
} DayGap;

static void
day_gap_clear (DayGap *gap)
{
  g_free (gap->index);
  g_free (gap->day);
  g_free (gap->rest);
  g_free (gap->gap);
  g_free (gap->day_n);
  g_free (gap->rest_n);
  memset (gap, 0, sizeof *gap);
}

/* The n-weighted mean of @values[from..to) with their @sizes: every KPI
 * figure is a mean, share or NPS over its n, so this is the figure of the
 * weeks together. */
static double
weighted_mean (const double *values,
               const gint64 *sizes,
               guint         from,
               guint         to)
{
  double sum = 0;
  gint64 n = 0;

  for (guint i = from; i < to; i++)
    {
      sum += values[i] * (double) sizes[i];
      n += sizes[i];
    }

  return n > 0 ? sum / (double) n : NAN;
}

static gboolean
kpi_is_sum (Context *context,
            PlKpi   *kpi)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (pl_kpi_get_source (kpi) != PL_KPI_SOURCE_METRIC)
    return FALSE;
  stmt = pl_workspace_prepare (context->workspace,
                               "SELECT aggregation FROM metric_series WHERE id = ?1", NULL);
  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_int64 (stmt, 1, pl_kpi_get_metric_id (kpi));

  return sqlite3_step (stmt) != SQLITE_ROW ||
         (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "mean") != 0 &&
          g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ratio") != 0);
}

static gboolean
day_gap_build (Context             *context,
               const PlKpiAnalysis *by_day,
               gint64               segment_id,
               DayGap              *gap)
{
  const PlAnalysisCell *whole = &g_array_index (by_day->cells, PlAnalysisCell, 0);
  g_autofree char *from = context->from != NULL ? pl_date_week_start (context->from) : NULL;
  guint n_whole = by_day->n_whole;

  gap->segment_id = segment_id;
  gap->index = g_new (int, MAX (n_whole, 1));
  gap->day = g_new (double, MAX (n_whole, 1));
  gap->rest = g_new (double, MAX (n_whole, 1));
  gap->gap = g_new (double, MAX (n_whole, 1));
  gap->day_n = g_new (gint64, MAX (n_whole, 1));
  gap->rest_n = g_new (gint64, MAX (n_whole, 1));

  for (guint i = 0; i < n_whole; i++)
    {
      const PlAnalysisCell *day;
      gint64 rest_n;
      double rest;

      if (!in_window (whole[i].period_start, from, context->to) || whole[i].n <= 0 ||
          !isfinite (whole[i].value))
        continue;
      day = pl_kpi_analysis_find ((PlKpiAnalysis *) by_day, segment_id, whole[i].period_start);
      if (day == NULL || day->n <= 0 || !isfinite (day->value))
        continue;
      rest_n = whole[i].n - day->n;
      if (rest_n <= 0)
        continue;
      rest = (whole[i].value * (double) whole[i].n - day->value * (double) day->n) / (double) rest_n;

      gap->index[gap->n] = (int) i;
      gap->day[gap->n] = day->value;
      gap->rest[gap->n] = rest;
      gap->gap[gap->n] = day->value - rest;
      gap->day_n[gap->n] = day->n;
      gap->rest_n[gap->n] = rest_n;
      gap->n++;
    }

  return gap->n >= PL_FINDING_DAY_MIN_WEEKS &&
         pl_stats_trend (NULL, gap->gap, gap->n, &gap->trend, NULL);
}

static void
weekday_gap_rule (Context             *context,
                  KpiContext          *kc,
                  const PlKpiAnalysis *by_day)
{
  g_autoptr(Proposal) proposal = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GPtrArray) figures = NULL;
  gboolean higher = pl_kpi_get_higher_is_better (kc->kpi);
  PlTrendDirection worse = higher ? PL_TREND_FALLING : PL_TREND_RISING;
  DayGap best = { 0 };
  guint n_days = 0;
  double alpha;

  if (!by_day->segments_available || by_day->segments->len < 3 || kpi_is_sum (context, kc->kpi))
    return;

  for (guint s = 1; s < by_day->segments->len; s++)
    n_days++;
  alpha = PL_FINDING_DAY_ALPHA / n_days;

  for (guint s = 1; s < by_day->segments->len; s++)
    {
      const PlSegment *segment = g_ptr_array_index (by_day->segments, s);
      DayGap gap = { 0 };
      guint from;
      double recent;

      if (segment->id < 1 || segment->id > 7 ||
          !day_gap_build (context, by_day, segment->id, &gap) ||
          pl_trend_direction (&gap.trend, alpha) != worse)
        {
          day_gap_clear (&gap);
          continue;
        }

      /* The day is behind the others now, not only catching down. */
      from = gap.n > PL_FINDING_DAY_MIN_WEEKS ? gap.n - PL_FINDING_DAY_MIN_WEEKS : 0;
      recent = weighted_mean (gap.day, gap.day_n, from, gap.n) -
               weighted_mean (gap.rest, gap.rest_n, from, gap.n);
      if (!(higher ? recent < 0 : recent > 0) ||
          (best.n > 0 && pl_trend_p (&gap.trend) >= pl_trend_p (&best.trend)))
        {
          day_gap_clear (&gap);
          continue;
        }
      day_gap_clear (&best);
      best = gap;
    }

  if (best.n == 0)
    return;

  {
    const PlAnalysisCell *whole = &g_array_index (by_day->cells, PlAnalysisCell, 0);
    const PlSegment *segment = pl_kpi_analysis_get_segment ((PlKpiAnalysis *) by_day, best.segment_id);
    const char *days = _(day_plurals[best.segment_id]);
    guint span = MIN (best.n / 2, PL_FINDING_DAY_MIN_WEEKS);
    g_autofree char *day_first = pl_kpi_format_value (kc->kpi, weighted_mean (best.day, best.day_n, 0, span));
    g_autofree char *day_last = pl_kpi_format_value (kc->kpi, weighted_mean (best.day, best.day_n,
                                                                             best.n - span, best.n));
    g_autofree char *rest_first = pl_kpi_format_value (kc->kpi, weighted_mean (best.rest, best.rest_n, 0, span));
    g_autofree char *rest_last = pl_kpi_format_value (kc->kpi, weighted_mean (best.rest, best.rest_n,
                                                                              best.n - span, best.n));
    g_autofree char *p = pl_stats_format_p (pl_trend_p (&best.trend));
    g_autofree char *slope = pl_kpi_format_change (kc->kpi, best.trend.method == PL_TREND_MANN_KENDALL
                                                            ? best.trend.sen_slope : best.trend.slope);
    g_autofree char *span_text = format_count (span);
    g_autofree char *weeks_text = format_count (best.n);
    g_autofree char *first_week = pl_analysis_period_label (PL_ANALYSIS_WEEK, whole[best.index[0]].period_start);
    g_autofree char *last_week = pl_analysis_period_label (PL_ANALYSIS_WEEK,
                                                           whole[best.index[best.n - 1]].period_start);
    g_autofree char *label = NULL;
    g_autofree char *lower_name = g_utf8_strdown (pl_kpi_get_name (kc->kpi), -1);
    const char *method = pl_trend_method_label (best.trend.method);

    proposal = g_new0 (Proposal, 1);
    /* Translators: a finding's title, "Abandonment rate: Mondays falling further behind" */
    proposal->title = g_strdup_printf (_("%s: %s falling further behind"), pl_kpi_get_name (kc->kpi), days);
    proposal->statement =
      /* Translators: "On Mondays, abandonment rate moves further from the other days week by week:
       * the gap widens by +0.2 pts a week, significant (p < 0.001, least squares) over 26 weeks.
       * Mondays: 9.1% in the first 8 weeks, 12.0% in the last 8; the other days: 4.6% and 3.5%.
       * Find out what is different about Mondays, to put it right." */
      g_strdup_printf (_("On %s, %s moves further from the other days week by week: the gap changes "
                         "by %s a week, significant (%s, %s) over %s weeks. %s: %s in the first %s "
                         "weeks, %s in the last %s; the other days: %s and %s. Find out what is "
                         "different about %s, to put it right."),
                       days, lower_name, slope, p, method, weeks_text, days, day_first, span_text,
                       day_last, span_text, rest_first, rest_last, days);

    figures = g_ptr_array_new_with_free_func (g_free);
    {
      /* Translators: "Mondays, first 8 weeks" */
      g_autofree char *day_first_label = g_strdup_printf (_("%s, first %s weeks"), days, span_text);
      /* Translators: "Mondays, last 8 weeks" */
      g_autofree char *day_last_label = g_strdup_printf (_("%s, last %s weeks"), days, span_text);
      /* Translators: "Other days, first 8 weeks" */
      g_autofree char *rest_first_label = g_strdup_printf (_("Other days, first %s weeks"), span_text);
      /* Translators: "Other days, last 8 weeks" */
      g_autofree char *rest_last_label = g_strdup_printf (_("Other days, last %s weeks"), span_text);

      /* Translators: the gap's trend, "+0.3 pts a week (p < 0.001, least-squares slope)" */
      add_figure (figures, _("Change in the gap"), g_strdup_printf (_("%s a week (%s, %s)"), slope, p, method));
      add_figure (figures, day_first_label, g_strdup (day_first));
      add_figure (figures, day_last_label, g_strdup (day_last));
      add_figure (figures, rest_first_label, g_strdup (rest_first));
      add_figure (figures, rest_last_label, g_strdup (rest_last));
      /* Translators: "the week of 30 Mar 2026 to the week of 21 Sep 2026" */
      add_figure (figures, _("Weeks"), g_strdup_printf (_("%s to %s"), first_week, last_week));
      add_figure (figures, _("Target"), target_text (kc->kpi));
    }

    builder = json_builder_new ();
    json_builder_begin_object (builder);
    add_string (builder, "basis", _("The gap between one day of the week and the other days widens week "
                                    "by week in the worse direction, beyond chance (p < 0.01 shared "
                                    "between the days of the week)."));
    add_string (builder, "chart", "trend");
    add_string (builder, "kpi", pl_kpi_get_code (kc->kpi));
    add_string (builder, "period", "week");
    add_string (builder, "weekday", segment != NULL ? segment->code : "");
    add_number (builder, "p", pl_trend_p (&best.trend));
    add_number (builder, "slope", best.trend.slope);
    add_number (builder, "sen_slope", best.trend.sen_slope);
    add_figures (builder, figures);

    /* Translators: a chart's legend, "Weekly Abandonment rate, Mondays" */
    label = g_strdup_printf (_("Weekly %s, %s"), pl_kpi_get_name (kc->kpi), days);
    begin_series (builder, label, pl_kpi_get_unit (kc->kpi), pl_kpi_get_decimals (kc->kpi), higher,
                  pl_kpi_get_target (kc->kpi), pl_kpi_get_red_threshold (kc->kpi), NULL, best.n - 1);
    add_string (builder, "compare_label", _("Other days"));
    json_builder_set_member_name (builder, "points");
    json_builder_begin_array (builder);
    for (guint i = 0; i < best.n; i++)
      {
        add_point (builder, whole[best.index[i]].period_start, best.day[i], NAN, NAN, best.day_n[i]);
        add_number (builder, "compare", best.rest[i]);
        json_builder_end_object (builder);
      }
    json_builder_end_array (builder);
    json_builder_end_object (builder);
    json_builder_end_object (builder);

    proposal->key = g_strdup_printf ("signal:kpi:%" G_GINT64_FORMAT ":weekday:%s", pl_kpi_get_id (kc->kpi),
                                     segment != NULL ? segment->code : "");
    proposal->kind = PL_FINDING_KIND_SIGNAL;
    proposal->kpi_id = pl_kpi_get_id (kc->kpi);
    proposal->standard_id = kc->standard_id;
    proposal->commitment_id = kc->commitment_id;
    proposal->evidence = builder_to_string (builder);
    add_proposal (context, g_steal_pointer (&proposal));
  }

  day_gap_clear (&best);
}

/* A KPI whose analysis cannot be made (a survey question deleted, a
 * setting out of range) is left out, not the whole run. */
static gboolean
analysis_skippable (const GError *error)
{
  return g_error_matches (error, PL_ERROR, PL_ERROR_INVALID) ||
         g_error_matches (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

static gboolean
kpi_rules (Context  *context,
           GError  **error)
{
  g_autoptr(GListModel) kpis = pl_kpi_list (context->workspace, FALSE, error);
  guint n;

  if (kpis == NULL)
    return FALSE;

  n = g_list_model_get_n_items (kpis);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);
      g_autoptr(PlKpiAnalysis) monthly = NULL;
      g_autoptr(PlKpiAnalysis) weekly = NULL;
      g_autoptr(PlKpiAnalysis) by_day = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *interval_label = NULL;
      PlAnalysisOptions options;
      KpiContext kc = { 0 };

      pl_analysis_options_init (&options);
      options.confidence = context->confidence;
      options.period = PL_ANALYSIS_MONTH;
      options.segment = PL_SEGMENT_CHANNEL;
      monthly = pl_analysis_kpi (context->workspace, kpi, &options, &local_error);
      if (monthly != NULL)
        {
          options.period = PL_ANALYSIS_WEEK;
          options.segment = PL_SEGMENT_NONE;
          weekly = pl_analysis_kpi (context->workspace, kpi, &options, &local_error);
        }
      if (weekly != NULL)
        {
          options.segment = PL_SEGMENT_WEEKDAY;
          by_day = pl_analysis_kpi (context->workspace, kpi, &options, &local_error);
        }
      if (monthly == NULL || weekly == NULL || by_day == NULL)
        {
          if (analysis_skippable (local_error))
            {
              g_debug ("No findings for KPI %s: %s", pl_kpi_get_code (kpi), local_error->message);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (!kpi_links (context->workspace, pl_kpi_get_id (kpi), &kc.standard_id, &kc.commitment_id, error))
        return FALSE;

      if (monthly->method != PL_INTERVAL_NONE)
        interval_label = pl_interval_method_label (monthly->method, context->confidence);
      kc.kpi = kpi;
      kc.analysis = monthly;
      kc.interval_label = interval_label;
      kpi_month_rules (context, &kc);
      kpi_signal_rule (context, &kc, weekly);
      weekday_gap_rule (context, &kc, by_day);
    }

  return TRUE;
}

/* Gaps */

typedef struct
{
  gint64 criterion_id;
  gint64 colleague_id;
  char month[11];
  gint64 n;
  gint64 passes;
} GapCell;

typedef struct
{
  gint64 id;
  char *text;
  gint64 standard_id;
} Criterion;

typedef struct
{
  gint64 id;
  char *code;
  char *name;
  gint64 team_id;
  char *team;
} Colleague;

static void
criterion_free (Criterion *criterion)
{
  g_free (criterion->text);
  g_free (criterion);
}

static void
colleague_free (Colleague *colleague)
{
  g_free (colleague->code);
  g_free (colleague->name);
  g_free (colleague->team);
  g_free (colleague);
}

/* The day of the latest observation (or comment) in the window. */
static gboolean
latest_day (Context     *context,
            const char  *sql,
            char       **out_day,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (context->workspace, sql, error);

  if (stmt == NULL)
    return FALSE;

  pl_bind_text_or_null (stmt, 1, context->from);
  pl_bind_text_or_null (stmt, 2, context->to);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (context->workspace, error, _("The workspace could not be read"));
      return FALSE;
    }

  *out_day = dup_column (stmt, 0);
  return TRUE;
}

static gboolean
read_gap_cells (Context     *context,
                GArray      *cells,
                GPtrArray   *criteria,
                GHashTable  *colleagues,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (context->workspace,
                               "SELECT s.criterion_id, o.colleague_id, substr (o.observed_on, 1, 7) || '-01',"
                               "       COUNT (*), SUM (s.value >= CASE cr.scale WHEN 'scale5' THEN 5 ELSE 1 END)"
                               "  FROM observation_scores s"
                               "  JOIN observations o ON o.id = s.observation_id"
                               "  JOIN criteria cr ON cr.id = s.criterion_id"
                               " WHERE s.value IS NOT NULL AND o.excluded = 0 AND o.trashed_at IS NULL"
                               "   AND (?1 IS NULL OR o.observed_on >= ?1)"
                               "   AND (?2 IS NULL OR o.observed_on <= ?2)"
                               " GROUP BY 1, 2, 3 ORDER BY 3",
                               error);
  if (stmt == NULL)
    return FALSE;
  pl_bind_text_or_null (stmt, 1, context->from);
  pl_bind_text_or_null (stmt, 2, context->to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GapCell cell = { 0 };

      cell.criterion_id = sqlite3_column_int64 (stmt, 0);
      cell.colleague_id = sqlite3_column_int64 (stmt, 1);
      g_strlcpy (cell.month, pl_column_text (stmt, 2), sizeof cell.month);
      cell.n = sqlite3_column_int64 (stmt, 3);
      cell.passes = sqlite3_column_int64 (stmt, 4);
      g_array_append_val (cells, cell);
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (context->workspace, error, _("The pass rates could not be worked out"));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = pl_workspace_prepare (context->workspace,
                               "SELECT cr.id, cr.text,"
                               "       (SELECT s.id FROM standards s WHERE s.id = cr.standard_id"
                               "           AND s.trashed_at IS NULL)"
                               "  FROM criteria cr JOIN scorecard_sections sc ON sc.id = cr.section_id"
                               " WHERE cr.id IN (SELECT criterion_id FROM observation_scores)"
                               " ORDER BY sc.scorecard_id, sc.position, cr.position, cr.id",
                               error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Criterion *criterion = g_new0 (Criterion, 1);

      criterion->id = sqlite3_column_int64 (stmt, 0);
      criterion->text = g_strdup (pl_column_text (stmt, 1));
      criterion->standard_id = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (criteria, criterion);
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (context->workspace, error, _("The scorecard criteria could not be read"));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = pl_workspace_prepare (context->workspace,
                               "SELECT c.id, c.code, c.display_name, coalesce (c.team_id, 0), t.name"
                               "  FROM colleagues c LEFT JOIN teams t ON t.id = c.team_id",
                               error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Colleague *colleague = g_new0 (Colleague, 1);

      colleague->id = sqlite3_column_int64 (stmt, 0);
      colleague->code = g_strdup (pl_column_text (stmt, 1));
      colleague->name = g_strdup (pl_column_text (stmt, 2));
      colleague->team_id = sqlite3_column_int64 (stmt, 3);
      colleague->team = g_strdup (pl_column_text (stmt, 4));
      g_hash_table_insert (colleagues, &colleague->id, colleague);
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (context->workspace, error, _("The colleagues could not be read"));
      return FALSE;
    }

  return TRUE;
}

static int
compare_colleagues (gconstpointer a,
                    gconstpointer b)
{
  return g_strcmp0 (((const Colleague *) a)->code, ((const Colleague *) b)->code);
}

/* n and passes of the cells that match, from @from on. */
typedef gboolean (*GapMatch) (const GapCell *cell,
                              gconstpointer  data);

static void
gap_sum (GArray        *cells,
         const char    *from,
         GapMatch       match,
         gconstpointer  data,
         gint64        *n,
         gint64        *passes)
{
  *n = *passes = 0;
  for (guint i = 0; i < cells->len; i++)
    {
      const GapCell *cell = &g_array_index (cells, GapCell, i);

      if (strcmp (cell->month, from) >= 0 && match (cell, data))
        {
          *n += cell->n;
          *passes += cell->passes;
        }
    }
}

typedef struct
{
  gint64 criterion_id;
  gint64 colleague_id;        /* 0: everyone */
  gint64 team_id;             /* for the rest of the team */
  GHashTable *colleagues;
} GapWho;

static gboolean
match_criterion (const GapCell *cell,
                 gconstpointer  data)
{
  const GapWho *who = data;

  return cell->criterion_id == who->criterion_id &&
         (who->colleague_id == 0 || cell->colleague_id == who->colleague_id);
}

/* The rest of the colleague's team, or everyone else without a team. */
static gboolean
match_rest (const GapCell *cell,
            gconstpointer  data)
{
  const GapWho *who = data;
  const Colleague *colleague;

  if (cell->criterion_id != who->criterion_id || cell->colleague_id == who->colleague_id)
    return FALSE;
  if (who->team_id == 0)
    return TRUE;

  colleague = g_hash_table_lookup (who->colleagues, &cell->colleague_id);
  return colleague != NULL && colleague->team_id == who->team_id;
}

/* "35.5% (Wilson 95% interval 31.8% to 39.4%, n = 600)" */
static char *
rate_text (gint64    passes,
           gint64    n,
           double    confidence,
           gboolean  with_n,
           double   *lower,
           double   *upper)
{
  g_autofree char *rate = format_percent (100.0 * passes / n);
  g_autofree char *count = format_count (n);
  g_autofree char *method = pl_interval_method_label (PL_INTERVAL_WILSON, confidence);
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  PlInterval interval;

  *lower = *upper = NAN;
  if (!pl_stats_wilson (passes, n, confidence, &interval, NULL))
    /* Translators: a pass rate and the observations behind it, "35.5% (n = 600)" */
    return g_strdup_printf (_("%s (n = %s)"), rate, count);

  *lower = 100 * interval.lower;
  *upper = 100 * interval.upper;
  low = format_percent (*lower);
  high = format_percent (*upper);
  if (!with_n)
    /* Translators: "35.5% (Wilson 95% interval 31.8% to 39.4%)" */
    return g_strdup_printf (_("%s (%s %s to %s)"), rate, method, low, high);

  /* Translators: "35.5% (Wilson 95% interval 31.8% to 39.4%, n = 600)" */
  return g_strdup_printf (_("%s (%s %s to %s, n = %s)"), rate, method, low, high, count);
}

static char *
gap_evidence (Context      *context,
              GArray       *cells,
              GPtrArray    *months,
              const char   *from,
              const GapWho *who,
              const char  *label,
              const char  *basis,
              GPtrArray   *figures,
              gint64       n,
              gint64       passes,
              double       p)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *interval_label = pl_interval_method_label (PL_INTERVAL_WILSON, context->confidence);

  json_builder_begin_object (builder);
  add_string (builder, "basis", basis);
  add_string (builder, "chart", "trend");
  json_builder_set_member_name (builder, "criterion_id");
  json_builder_add_int_value (builder, who->criterion_id);
  if (who->colleague_id != 0)
    {
      json_builder_set_member_name (builder, "colleague_id");
      json_builder_add_int_value (builder, who->colleague_id);
    }
  add_string (builder, "period", "month");
  add_string (builder, "period_start", from);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, n);
  json_builder_set_member_name (builder, "passes");
  json_builder_add_int_value (builder, passes);
  add_number (builder, "rate", 100.0 * passes / n);
  add_number (builder, "threshold", PL_FINDING_GAP_THRESHOLD);
  add_number (builder, "p", p);
  add_figures (builder, figures);

  begin_series (builder, label, "%", 1, TRUE, PL_FINDING_GAP_THRESHOLD, NAN, interval_label,
                months->len > 0 ? (int) months->len - 1 : -1);
  json_builder_set_member_name (builder, "points");
  json_builder_begin_array (builder);
  for (guint i = 0; i < months->len; i++)
    {
      const char *month = g_ptr_array_index (months, i);
      gint64 month_n = 0, month_passes = 0;
      double lower = NAN, upper = NAN;
      PlInterval interval;

      for (guint j = 0; j < cells->len; j++)
        {
          const GapCell *cell = &g_array_index (cells, GapCell, j);

          if (strcmp (cell->month, month) == 0 && match_criterion (cell, who))
            {
              month_n += cell->n;
              month_passes += cell->passes;
            }
        }
      if (month_n > 0 && pl_stats_wilson (month_passes, month_n, context->confidence, &interval, NULL))
        {
          lower = 100 * interval.lower;
          upper = 100 * interval.upper;
        }
      add_point (builder, month, month_n > 0 ? 100.0 * month_passes / month_n : NAN, lower, upper, month_n);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return builder_to_string (builder);
}

static gboolean
gap_rules (Context  *context,
           GError  **error)
{
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (GapCell));
  g_autoptr(GPtrArray) criteria = g_ptr_array_new_with_free_func ((GDestroyNotify) criterion_free);
  g_autoptr(GHashTable) colleagues = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                            (GDestroyNotify) colleague_free);
  g_autoptr(GPtrArray) months = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) colleague_list = NULL;
  g_autofree char *last_day = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *period = NULL;
  g_autofree char *threshold = g_strdup_printf ("%.0f%%", PL_FINDING_GAP_THRESHOLD);

  if (!latest_day (context,
                   "SELECT max (observed_on) FROM observations"
                   " WHERE excluded = 0 AND trashed_at IS NULL"
                   "   AND (?1 IS NULL OR observed_on >= ?1) AND (?2 IS NULL OR observed_on <= ?2)",
                   &last_day, error))
    return FALSE;
  if (last_day == NULL)
    return TRUE;

  from = month_start_offset (last_day, -(PL_FINDING_GAP_MONTHS - 1));
  if (context->from != NULL)
    {
      g_autofree char *review_month = month_start_offset (context->from, 0);

      if (strcmp (review_month, from) > 0)
        {
          g_free (from);
          from = g_steal_pointer (&review_month);
        }
    }
  to = month_start_offset (last_day, 0);
  period = months_label (from, to);

  if (!read_gap_cells (context, cells, criteria, colleagues, error))
    return FALSE;

  for (guint i = 0; i < cells->len; i++)
    {
      const char *month = g_array_index (cells, GapCell, i).month;

      if (months->len == 0 || strcmp (g_ptr_array_index (months, months->len - 1), month) != 0)
        g_ptr_array_add (months, g_strdup (month));
    }

  colleague_list = g_list_sort (g_hash_table_get_values (colleagues), compare_colleagues);

  for (guint c = 0; c < criteria->len; c++)
    {
      const Criterion *criterion = g_ptr_array_index (criteria, c);
      GapWho who = { criterion->id, 0, 0, colleagues };
      gint64 n, passes;

      gap_sum (cells, from, match_criterion, &who, &n, &passes);
      if (n >= PL_FINDING_GAP_MIN_N && 100.0 * passes < PL_FINDING_GAP_THRESHOLD * n)
        {
          g_autoptr(Proposal) proposal = g_new0 (Proposal, 1);
          g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func (g_free);
          g_autofree char *rate = format_percent (100.0 * passes / n);
          g_autofree char *count = format_count (n);
          g_autofree char *met = format_count (passes);
          g_autofree char *text = NULL;
          g_autofree char *label = NULL;
          double lower, upper;

          text = rate_text (passes, n, context->confidence, FALSE, &lower, &upper);
          /* Translators: a finding's title, "Criterion often missed: “Explained the bill clearly”" */
          proposal->title = g_strdup_printf (_("Criterion often missed: “%s”"), criterion->text);
          /* Translators: "“Asked questions to understand the request” was met in full in 213 of 600
           * observations from July 2026 to September 2026: 35.5% (Wilson 95% interval …), under
           * the 70.0% …" */
          proposal->statement = g_strdup_printf (_("“%s” was met in full in %s of %s observations from %s: "
                                                   "%s, under the %s below which a criterion is a gap in "
                                                   "the quality of service."),
                                                 criterion->text, met, count, period, text, threshold);
          add_figure (figures, period, rate_text (passes, n, context->confidence, TRUE, &lower, &upper));
          add_figure (figures, _("Threshold"), g_strdup (threshold));
          /* Translators: a chart's legend, "Pass rate by month" */
          label = g_strdup (_("Pass rate by month"));
          proposal->key = g_strdup_printf ("gap:criterion:%" G_GINT64_FORMAT ":%.7s", criterion->id, to);
          proposal->kind = PL_FINDING_KIND_GAP;
          proposal->criterion_id = criterion->id;
          proposal->standard_id = criterion->standard_id;
          proposal->evidence = gap_evidence (context, cells, months, from, &who, label,
                                             _("The criterion is met in full in under 70% of at least "
                                               "10 observations in the last 3 months."),
                                             figures, n, passes, NAN);
          add_proposal (context, g_steal_pointer (&proposal));
        }

      for (GList *l = colleague_list; l != NULL; l = l->next)
        {
          const Colleague *colleague = l->data;
          GapWho mine = { criterion->id, colleague->id, colleague->team_id, colleagues };
          gint64 rest_n, rest_passes;
          double lower, upper, p;

          gap_sum (cells, from, match_criterion, &mine, &n, &passes);
          if (n < PL_FINDING_GAP_MIN_N || 100.0 * passes >= PL_FINDING_GAP_THRESHOLD * n)
            continue;

          gap_sum (cells, from, match_rest, &mine, &rest_n, &rest_passes);
          if (rest_n == 0 ||
              (double) passes / n >= (double) rest_passes / rest_n ||
              !pl_analysis_proportion_difference (rest_passes, rest_n, passes, n, context->confidence,
                                                  &lower, &upper, &p, NULL) ||
              !(p < PL_FINDING_ALPHA))
            continue;

          {
            g_autoptr(Proposal) proposal = g_new0 (Proposal, 1);
            g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func (g_free);
            g_autofree char *text = rate_text (passes, n, context->confidence, FALSE, &lower, &upper);
            g_autofree char *rest_text = rate_text (rest_passes, rest_n, context->confidence, TRUE,
                                                    &lower, &upper);
            g_autofree char *count = format_count (n);
            g_autofree char *met = format_count (passes);
            g_autofree char *p_text = pl_stats_format_p (p);
            g_autofree char *rest_label = NULL;
            g_autofree char *label = NULL;

            rest_label = colleague->team_id != 0 && colleague->team != NULL
              /* Translators: the colleagues a colleague is compared with, "the rest of Customer Care" */
              ? g_strdup_printf (_("the rest of %s"), colleague->team)
              : g_strdup (_("everyone else"));

            /* Translators: a finding's title, "Coaching need for Priya Shah: “Gave accurate information”" */
            proposal->title = g_strdup_printf (_("Coaching need for %s: “%s”"), colleague->name,
                                               criterion->text);
            /* Translators: "Priya Shah met “Asked questions …” in full in 2 of 25 observations in July
             * 2026 to September 2026: 8.0% (…), against 35.1% (…) for the rest of Customer Care
             * (p = 0.006). …" */
            proposal->statement = g_strdup_printf (_("%s met “%s” in full in %s of %s observations from %s: "
                                                     "%s, against %s for %s (two-proportion test, %s). "
                                                     "The difference is beyond chance: a coaching need, "
                                                     "to raise in feedback with the examples behind it."),
                                                   colleague->name, criterion->text, met, count, period,
                                                   text, rest_text, rest_label, p_text);
            add_figure (figures, colleague->name,
                        rate_text (passes, n, context->confidence, TRUE, &lower, &upper));
            if (colleague->team_id != 0 && colleague->team != NULL)
              {
                /* Translators: a figure's label, "Rest of Customer Care" */
                g_autofree char *rest_figure = g_strdup_printf (_("Rest of %s"), colleague->team);

                add_figure (figures, rest_figure, g_strdup (rest_text));
              }
            else
              add_figure (figures, _("Everyone else"), g_strdup (rest_text));
            add_figure (figures, _("Difference"), g_strdup (p_text));
            add_figure (figures, _("Threshold"), g_strdup (threshold));
            /* Translators: a chart's legend, "Priya Shah’s pass rate by month" */
            label = g_strdup_printf (_("%s’s pass rate by month"), colleague->name);
            proposal->key = g_strdup_printf ("gap:criterion:%" G_GINT64_FORMAT ":colleague:%" G_GINT64_FORMAT
                                             ":%.7s", criterion->id, colleague->id, to);
            proposal->kind = PL_FINDING_KIND_GAP;
            proposal->criterion_id = criterion->id;
            proposal->standard_id = criterion->standard_id;
            proposal->evidence = gap_evidence (context, cells, months, from, &mine, label,
                                               _("The colleague meets the criterion in full in under "
                                                 "70% of at least 10 observations in the last 3 months, "
                                                 "significantly less often than the rest of their team "
                                                 "(p < 0.05)."),
                                               figures, n, passes, p);
            add_proposal (context, g_steal_pointer (&proposal));
          }
        }
    }

  return TRUE;
}

/* Themes */

static char *
quote_detail (PlComment *comment)
{
  g_autofree char *day = pl_date_format_short (pl_comment_get_day (comment));
  const char *channel = pl_comment_get_channel (comment);

  if (channel == NULL || channel[0] == '\0')
    return g_strdup (day != NULL ? day : pl_comment_get_day (comment));

  /* Translators: where a quote comes from, "12 Sep 2026 · Email" */
  return g_strdup_printf (_("%s · %s"), day != NULL ? day : pl_comment_get_day (comment), channel);
}

/* The quotes of a theme finding's evidence. */
static void
add_quotes (JsonBuilder *builder,
            GListModel  *quotes)
{
  json_builder_set_member_name (builder, "quotes");
  json_builder_begin_array (builder);
  for (guint q = 0; q < g_list_model_get_n_items (quotes); q++)
    {
      g_autoptr(PlComment) comment = g_list_model_get_item (quotes, q);
      g_autofree char *detail = quote_detail (comment);

      json_builder_begin_object (builder);
      add_string (builder, "text", pl_comment_get_text (comment));
      add_string (builder, "day", pl_comment_get_day (comment));
      add_string (builder, "channel", pl_comment_get_channel (comment));
      add_string (builder, "detail", detail);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* The theme's monthly share of comments with its Wilson interval, as the
 * evidence's series; @focus_start the month in focus, or NULL. */
static void
add_share_series (Context     *context,
                  JsonBuilder *builder,
                  PlTheme     *theme,
                  GArray      *monthly,
                  const char  *focus_start,
                  const char  *interval_label)
{
  g_autoptr(GPtrArray) months = g_ptr_array_new ();
  g_autofree char *label = NULL;
  int focus = -1;

  for (guint i = 0; i < monthly->len; i++)
    if (g_array_index (monthly, PlThemeFrequency, i).theme_id == pl_theme_get_id (theme))
      g_ptr_array_add (months, &g_array_index (monthly, PlThemeFrequency, i));
  for (guint i = 0; focus_start != NULL && i < months->len; i++)
    if (strcmp (((const PlThemeFrequency *) g_ptr_array_index (months, i))->period_start, focus_start) == 0)
      focus = i;

  /* Translators: a chart's legend, "Share of comments raising “Price”" */
  label = g_strdup_printf (_("Share of comments raising “%s”"), pl_theme_get_name (theme));
  begin_series (builder, label, "%", 1, FALSE, NAN, NAN, interval_label, focus);
  json_builder_set_member_name (builder, "points");
  json_builder_begin_array (builder);
  for (guint i = 0; i < months->len; i++)
    {
      const PlThemeFrequency *row = g_ptr_array_index (months, i);
      double low = NAN, high = NAN;
      PlInterval interval;

      if (row->n_comments > 0 &&
          pl_stats_wilson (row->n_coded, row->n_comments, context->confidence, &interval, NULL))
        {
          low = 100 * interval.lower;
          high = 100 * interval.upper;
        }
      add_point (builder, row->period_start, row->n_comments > 0 ? row->share : NAN, low, high,
                 row->n_comments);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static gboolean leading_theme_rule (Context    *context,
                                    GArray     *monthly,
                                    GListModel *themes,
                                    const char *interval_label,
                                    GError    **error);

static gboolean
theme_rules (Context  *context,
             GError  **error)
{
  g_autoptr(GArray) frequencies = NULL;
  g_autoptr(GListModel) themes = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *recent_from = NULL;
  g_autofree char *previous_from = NULL;
  g_autofree char *previous_to = NULL;
  g_autofree char *recent_label = NULL;
  g_autofree char *previous_label = NULL;
  g_autofree char *interval_label = pl_interval_method_label (PL_INTERVAL_WILSON, context->confidence);
  PlCommentFilter filter;
  guint n_themes;

  pl_comment_filter_init (&filter);
  filter.from = context->from;
  filter.to = context->to;
  frequencies = pl_theme_frequencies (context->workspace, &filter, PL_THEME_BREAKDOWN_MONTH, error);
  if (frequencies == NULL)
    return FALSE;

  for (guint i = 0; i < frequencies->len; i++)
    {
      const PlThemeFrequency *row = &g_array_index (frequencies, PlThemeFrequency, i);

      if (latest == NULL || strcmp (row->period_start, latest) > 0)
        {
          g_free (latest);
          latest = g_strdup (row->period_start);
        }
    }
  if (latest == NULL)
    return TRUE;

  recent_from = month_start_offset (latest, -(PL_FINDING_THEME_MONTHS - 1));
  previous_from = month_start_offset (latest, -(2 * PL_FINDING_THEME_MONTHS - 1));
  previous_to = month_start_offset (latest, -PL_FINDING_THEME_MONTHS);
  recent_label = months_label (recent_from, latest);
  previous_label = months_label (previous_from, previous_to);

  themes = pl_theme_list (context->workspace, FALSE, error);
  if (themes == NULL)
    return FALSE;

  n_themes = g_list_model_get_n_items (themes);
  for (guint t = 0; t < n_themes; t++)
    {
      g_autoptr(PlTheme) theme = g_list_model_get_item (themes, t);
      gint64 theme_id = pl_theme_get_id (theme);
      gint64 recent_k = 0, recent_n = 0, previous_k = 0, previous_n = 0;
      double lower, upper, p;

      for (guint i = 0; i < frequencies->len; i++)
        {
          const PlThemeFrequency *row = &g_array_index (frequencies, PlThemeFrequency, i);

          if (row->theme_id != theme_id)
            continue;
          if (strcmp (row->period_start, recent_from) >= 0)
            {
              recent_k += row->n_coded;
              recent_n += row->n_comments;
            }
          else if (strcmp (row->period_start, previous_from) >= 0)
            {
              previous_k += row->n_coded;
              previous_n += row->n_comments;
            }
        }

      if (recent_k < PL_FINDING_THEME_MIN_COMMENTS || previous_n == 0 || recent_n == 0 ||
          (double) recent_k / recent_n <= (double) previous_k / previous_n ||
          !pl_analysis_proportion_difference (previous_k, previous_n, recent_k, recent_n,
                                              context->confidence, &lower, &upper, &p, NULL) ||
          !(p < PL_FINDING_ALPHA))
        continue;

      {
        g_autoptr(Proposal) proposal = g_new0 (Proposal, 1);
        g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func (g_free);
        g_autoptr(JsonBuilder) builder = json_builder_new ();
        g_autoptr(GListModel) quotes = NULL;
        g_autofree char *recent_share = format_percent (100.0 * recent_k / recent_n);
        g_autofree char *previous_share = format_percent (100.0 * previous_k / previous_n);
        g_autofree char *rk = format_count (recent_k);
        g_autofree char *rn = format_count (recent_n);
        g_autofree char *pk = format_count (previous_k);
        g_autofree char *pn = format_count (previous_n);
        g_autofree char *p_text = pl_stats_format_p (p);
        g_autofree char *difference = NULL;
        PlCommentFilter quote_filter;

        /* Translators: a difference in percentage points with its interval, "+5.8 points (95% interval
         * +4.1 to +7.6)" */
        difference = g_strdup_printf (_("%+.1f points (%.0f%% interval %+.1f to %+.1f)"),
                                      100 * ((double) recent_k / recent_n - (double) previous_k / previous_n),
                                      100 * context->confidence, 100 * lower, 100 * upper);

        /* Translators: a finding's title, "Growing theme: Price" */
        proposal->title = g_strdup_printf (_("Growing theme: %s"), pl_theme_get_name (theme));
        /* Translators: "“Price” came up in 6.1% of comments in August 2026 to September 2026 (38 of 620),
         * up from 0.3% in June 2026 to July 2026 (2 of 640): a significant rise (p < 0.001)." */
        proposal->statement = g_strdup_printf (_("“%s” came up in %s of customers’ comments in %s (%s of %s), "
                                                 "up from %s in %s (%s of %s): a rise beyond chance "
                                                 "(two-proportion test, %s). The quotes show what lies "
                                                 "behind it."),
                                               pl_theme_get_name (theme), recent_share, recent_label, rk, rn,
                                               previous_share, previous_label, pk, pn, p_text);
        /* Translators: a share of comments, "6.1% (38 of 620)" */
        add_figure (figures, recent_label, g_strdup_printf (_("%s (%s of %s)"), recent_share, rk, rn));
        add_figure (figures, previous_label, g_strdup_printf (_("%s (%s of %s)"), previous_share, pk, pn));
        add_figure (figures, _("Difference"), g_strdup_printf ("%s, %s", difference, p_text));

        pl_comment_filter_init (&quote_filter);
        quote_filter.from = context->from != NULL && strcmp (context->from, recent_from) > 0
                            ? context->from : recent_from;
        quote_filter.to = context->to;
        quotes = pl_theme_quotes (context->workspace, theme_id, &quote_filter, PL_FINDING_MAX_QUOTES, error);
        if (quotes == NULL)
          return FALSE;

        json_builder_begin_object (builder);
        add_string (builder, "basis", _("The theme’s share of comments in the last 2 months is significantly "
                                        "higher than in the 2 months before (p < 0.05), with at least 5 "
                                        "comments."));
        add_string (builder, "chart", "trend");
        add_string (builder, "theme", pl_theme_get_name (theme));
        add_string (builder, "period", "month");
        add_string (builder, "period_start", recent_from);
        json_builder_set_member_name (builder, "recent_n_coded");
        json_builder_add_int_value (builder, recent_k);
        json_builder_set_member_name (builder, "recent_n_comments");
        json_builder_add_int_value (builder, recent_n);
        json_builder_set_member_name (builder, "previous_n_coded");
        json_builder_add_int_value (builder, previous_k);
        json_builder_set_member_name (builder, "previous_n_comments");
        json_builder_add_int_value (builder, previous_n);
        add_number (builder, "p", p);
        add_figures (builder, figures);

        add_quotes (builder, quotes);
        add_share_series (context, builder, theme, frequencies, latest, interval_label);
        json_builder_end_object (builder);

        proposal->key = g_strdup_printf ("theme:%" G_GINT64_FORMAT ":%.7s", theme_id, latest);
        proposal->kind = PL_FINDING_KIND_THEME;
        proposal->theme_id = theme_id;
        proposal->evidence = builder_to_string (builder);
        add_proposal (context, g_steal_pointer (&proposal));
      }
    }

  return leading_theme_rule (context, frequencies, themes, interval_label, error);
}

/* What customers complain about most (the header's rule). */
static gboolean
leading_theme_rule (Context     *context,
                    GArray      *monthly,
                    GListModel  *themes,
                    const char  *interval_label,
                    GError     **error)
{
  g_autoptr(GArray) totals = NULL;
  g_autoptr(GHashTable) parents = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) parent_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const PlThemeFrequency *best = NULL, *second = NULL;
  PlTheme *best_theme = NULL, *second_theme = NULL;
  PlCommentFilter filter;
  PlInterval interval;
  guint n_themes = g_list_model_get_n_items (themes);
  g_autofree char *first_month = NULL;
  g_autofree char *last_month = NULL;

  pl_comment_filter_init (&filter);
  filter.from = context->from;
  filter.to = context->to;
  totals = pl_theme_frequencies (context->workspace, &filter, PL_THEME_BREAKDOWN_NONE, error);
  if (totals == NULL)
    return FALSE;

  for (guint t = 0; t < n_themes; t++)
    {
      g_autoptr(PlTheme) theme = g_list_model_get_item (themes, t);
      gint64 parent = pl_theme_get_parent_id (theme);

      if (parent != 0)
        g_array_append_val (parent_ids, parent);
    }
  for (guint i = 0; i < parent_ids->len; i++)
    g_hash_table_add (parents, &g_array_index (parent_ids, gint64, i));

  for (guint t = 0; t < n_themes; t++)
    {
      PlTheme *theme = g_list_model_get_item (themes, t);
      gint64 id = pl_theme_get_id (theme);
      const PlThemeFrequency *row = NULL;

      for (guint i = 0; i < totals->len && row == NULL; i++)
        if (g_array_index (totals, PlThemeFrequency, i).theme_id == id)
          row = &g_array_index (totals, PlThemeFrequency, i);

      if (row == NULL || g_hash_table_contains (parents, &id) ||
          pl_theme_get_sentiment (theme) != PL_THEME_SENTIMENT_NEGATIVE)
        {
          g_object_unref (theme);
          continue;
        }

      if (best == NULL || row->n_coded > best->n_coded)
        {
          g_clear_object (&second_theme);
          second = best;
          second_theme = best_theme;
          best = row;
          best_theme = theme;
        }
      else if (second == NULL || row->n_coded > second->n_coded)
        {
          g_clear_object (&second_theme);
          second = row;
          second_theme = theme;
        }
      else
        g_object_unref (theme);
    }

  if (best == NULL || best->n_coded < PL_FINDING_LEADING_MIN || best->n_comments <= 0 ||
      !pl_stats_wilson (best->n_coded, best->n_comments, context->confidence, &interval, NULL) ||
      !(100 * interval.lower > PL_FINDING_LEADING_SHARE))
    {
      g_clear_object (&best_theme);
      g_clear_object (&second_theme);
      return TRUE;
    }

  for (guint i = 0; i < monthly->len; i++)
    {
      const char *start = g_array_index (monthly, PlThemeFrequency, i).period_start;

      if (first_month == NULL || strcmp (start, first_month) < 0)
        {
          g_free (first_month);
          first_month = g_strdup (start);
        }
      if (last_month == NULL || strcmp (start, last_month) > 0)
        {
          g_free (last_month);
          last_month = g_strdup (start);
        }
    }

  {
    g_autoptr(PlTheme) theme = best_theme;
    g_autoptr(PlTheme) runner_up = second_theme;
    g_autoptr(Proposal) proposal = g_new0 (Proposal, 1);
    g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(GListModel) quotes = NULL;
    g_autofree char *share = format_percent (100.0 * best->n_coded / best->n_comments);
    g_autofree char *lower = format_percent (100 * interval.lower);
    g_autofree char *upper = format_percent (100 * interval.upper);
    g_autofree char *k = format_count (best->n_coded);
    g_autofree char *n = format_count (best->n_comments);
    g_autofree char *span = first_month != NULL ? months_label (first_month, last_month) : g_strdup ("");
    g_autofree char *next = NULL;
    gint64 theme_id = pl_theme_get_id (theme);

    if (runner_up != NULL)
      {
        g_autofree char *next_share = format_percent (100.0 * second->n_coded / MAX (second->n_comments, 1));

        /* Translators: after a theme's share, ", ahead of “Billing” (8.1%)" */
        next = g_strdup_printf (_(", ahead of “%s” (%s)"), pl_theme_get_name (runner_up), next_share);
      }

    /* Translators: a finding's title, "Most common complaint in comments: Waiting / on hold" */
    proposal->title = g_strdup_printf (_("Most common complaint in comments: %s"), pl_theme_get_name (theme));
    /* Translators: "“Waiting / on hold” is what customers complain about most: 14.2% of their comments in April 2026
     * to September 2026 (312 of 2,190; Wilson 95% interval 12.8% to 15.7%), ahead of “Billing” (8.1%). The
     * quotes show what lies behind it." */
    proposal->statement = g_strdup_printf (_("“%s” is what customers complain about most: %s of their comments in %s "
                                             "(%s of %s; %s %s to %s)%s. The quotes show what lies behind it."),
                                           pl_theme_get_name (theme), share, span, k, n, interval_label, lower,
                                           upper, next != NULL ? next : "");
    /* Translators: a share of comments, "14.2% (312 of 2,190)" */
    add_figure (figures, span, g_strdup_printf (_("%s (%s of %s)"), share, k, n));
    /* Translators: an interval, "12.8% to 15.7%" */
    add_figure (figures, interval_label, g_strdup_printf (_("%s to %s"), lower, upper));
    if (runner_up != NULL)
      {
        g_autofree char *next_share = format_percent (100.0 * second->n_coded / MAX (second->n_comments, 1));
        g_autofree char *next_k = format_count (second->n_coded);

        /* Translators: "“Price”: 8.1% (178 comments)" */
        add_figure (figures, _("Next most common complaint"),
                    g_strdup_printf (_("“%s”: %s (%s comments)"), pl_theme_get_name (runner_up), next_share,
                                     next_k));
      }

    quotes = pl_theme_quotes (context->workspace, theme_id, &filter, PL_FINDING_MAX_QUOTES, error);
    if (quotes == NULL)
      return FALSE;

    json_builder_begin_object (builder);
    add_string (builder, "basis", _("Of the themes marked negative, the one on the most comments, raised by "
                                    "more than one comment in ten beyond chance."));
    add_string (builder, "chart", "trend");
    add_string (builder, "theme", pl_theme_get_name (theme));
    add_string (builder, "period", "month");
    json_builder_set_member_name (builder, "n_coded");
    json_builder_add_int_value (builder, best->n_coded);
    json_builder_set_member_name (builder, "n_comments");
    json_builder_add_int_value (builder, best->n_comments);
    add_number (builder, "lower", 100 * interval.lower);
    add_number (builder, "upper", 100 * interval.upper);
    add_figures (builder, figures);

    add_quotes (builder, quotes);
    add_share_series (context, builder, theme, monthly, NULL, interval_label);
    json_builder_end_object (builder);

    proposal->key = g_strdup_printf ("theme-leading:%" G_GINT64_FORMAT, theme_id);
    proposal->kind = PL_FINDING_KIND_THEME;
    proposal->theme_id = theme_id;
    proposal->evidence = builder_to_string (builder);
    add_proposal (context, g_steal_pointer (&proposal));
  }

  return TRUE;
}

/* Storing */

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a != NULL ? a : "", b != NULL ? b : "") == 0;
}

static gboolean
store_proposal (Context          *context,
                const Proposal   *proposal,
                const char       *now,
                PlFindingCounts  *counts,
                GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlWorkspace *workspace = context->workspace;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT id, status, title, statement, kpi_id, criterion_id, theme_id,"
                               "       standard_id, commitment_id, evidence, kind"
                               "  FROM findings WHERE key = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, proposal->key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gboolean same;

      if (g_strcmp0 (pl_column_text (stmt, 1), "proposed") != 0)
        {
          counts->kept++;
          return TRUE;
        }

      same = same_text (pl_column_text (stmt, 2), proposal->title) &&
             same_text (pl_column_text (stmt, 3), proposal->statement) &&
             sqlite3_column_int64 (stmt, 4) == proposal->kpi_id &&
             sqlite3_column_int64 (stmt, 5) == proposal->criterion_id &&
             sqlite3_column_int64 (stmt, 6) == proposal->theme_id &&
             sqlite3_column_int64 (stmt, 7) == proposal->standard_id &&
             sqlite3_column_int64 (stmt, 8) == proposal->commitment_id &&
             same_text (pl_column_text (stmt, 9), proposal->evidence) &&
             same_text (pl_column_text (stmt, 10), kind_names[proposal->kind]);
      g_clear_pointer (&stmt, sqlite3_finalize);

      if (same)
        {
          counts->unchanged++;
          return TRUE;
        }

      stmt = pl_workspace_prepare (workspace,
                                   "UPDATE findings SET kind = ?1, title = ?2, statement = ?3, kpi_id = ?4,"
                                   " criterion_id = ?5, theme_id = ?6, standard_id = ?7, commitment_id = ?8,"
                                   " evidence = ?9, updated_at = ?10 WHERE id = ?11",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 11, id);
      counts->updated++;
    }
  else if (rc == SQLITE_DONE)
    {
      g_clear_pointer (&stmt, sqlite3_finalize);
      stmt = pl_workspace_prepare (workspace,
                                   "INSERT INTO findings (kind, title, statement, kpi_id, criterion_id,"
                                   " theme_id, standard_id, commitment_id, evidence, updated_at,"
                                   " review_id, key, status, created_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                                   " 'proposed', ?10)",
                                   error);
      if (stmt == NULL)
        return FALSE;
      pl_bind_id_or_null (stmt, 11, context->review_id);
      sqlite3_bind_text (stmt, 12, proposal->key, -1, SQLITE_STATIC);
      counts->added++;
    }
  else
    {
      pl_workspace_set_db_error (workspace, error, _("The findings could not be read"));
      return FALSE;
    }

  sqlite3_bind_text (stmt, 1, kind_names[proposal->kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, proposal->title, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, proposal->statement, -1, SQLITE_STATIC);
  pl_bind_id_or_null (stmt, 4, proposal->kpi_id);
  pl_bind_id_or_null (stmt, 5, proposal->criterion_id);
  pl_bind_id_or_null (stmt, 6, proposal->theme_id);
  pl_bind_id_or_null (stmt, 7, proposal->standard_id);
  pl_bind_id_or_null (stmt, 8, proposal->commitment_id);
  sqlite3_bind_text (stmt, 9, proposal->evidence, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, now, -1, SQLITE_STATIC);

  return pl_workspace_step_done (workspace, stmt, error);
}

/* Proposals of this review (or of none) still to decide that this run did
 * not make again. */
static gboolean
withdraw_stale (Context          *context,
                PlFindingCounts  *counts,
                GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) stale = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  stmt = pl_workspace_prepare (context->workspace,
                               "SELECT id, key FROM findings"
                               " WHERE status = 'proposed' AND kind <> 'own' AND key IS NOT NULL"
                               "   AND review_id IS ?1",
                               error);
  if (stmt == NULL)
    return FALSE;
  pl_bind_id_or_null (stmt, 1, context->review_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!g_hash_table_contains (context->keys, pl_column_text (stmt, 1)))
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);

        g_array_append_val (stale, id);
      }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (context->workspace, error, _("The findings could not be read"));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint i = 0; i < stale->len; i++)
    {
      stmt = pl_workspace_prepare (context->workspace, "DELETE FROM findings WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (stale, gint64, i));
      if (!pl_workspace_step_done (context->workspace, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, sqlite3_finalize);
      counts->withdrawn++;
    }

  return TRUE;
}

static gboolean
read_review (Context  *context,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (context->workspace,
                               "SELECT period_start, period_end FROM reviews"
                               " WHERE id = ? AND trashed_at IS NULL",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, context->review_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("The review to propose findings for is not in this workspace. Choose "
                             "another review, or none."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (context->workspace, error, _("The review could not be read"));
      return FALSE;
    }

  context->from = g_strdup (pl_column_text (stmt, 0));
  context->to = g_strdup (pl_column_text (stmt, 1));
  return TRUE;
}

void
pl_finding_options_init (PlFindingOptions *options)
{
  g_return_if_fail (options != NULL);

  options->confidence = 0.95;
}

/**
 * pl_finding_propose:
 * @counts: (out caller-allocates) (optional): what the run did
 *
 * Returns: %TRUE on success
 */
gboolean
pl_finding_propose (PlWorkspace             *workspace,
                    gint64                   review_id,
                    const PlFindingOptions  *options,
                    PlFindingCounts         *counts,
                    GError                 **error)
{
  g_auto(Context) context = { 0 };
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *detail = NULL;
  PlFindingCounts local_counts = { 0 };
  PlFindingOptions defaults;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (review_id >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      pl_finding_options_init (&defaults);
      options = &defaults;
    }
  if (!(options->confidence > 0.5 && options->confidence < 1))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The confidence level must be between 50% and 100%, for example 95%."));
      return FALSE;
    }

  context.workspace = workspace;
  context.review_id = review_id;
  context.confidence = options->confidence;
  context.proposals = g_ptr_array_new_with_free_func ((GDestroyNotify) proposal_free);
  context.keys = g_hash_table_new (g_str_hash, g_str_equal);

  /* One transaction from the first read to the last write: the findings
   * rest on one state of the data. */
  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if ((review_id > 0 && !read_review (&context, error)) ||
      !kpi_rules (&context, error) ||
      !gap_rules (&context, error) ||
      !theme_rules (&context, error))
    goto failed;

  for (guint i = 0; i < context.proposals->len; i++)
    if (!store_proposal (&context, g_ptr_array_index (context.proposals, i), now, &local_counts, error))
      goto failed;

  if (!withdraw_stale (&context, &local_counts, error))
    goto failed;

  detail = g_strdup_printf ("added %u, updated %u, unchanged %u, withdrawn %u, kept %u",
                            local_counts.added, local_counts.updated, local_counts.unchanged,
                            local_counts.withdrawn, local_counts.kept);
  if (!pl_workspace_audit (workspace, "propose", "findings", review_id, detail, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  if (counts != NULL)
    *counts = local_counts;
  if (local_counts.added + local_counts.updated + local_counts.withdrawn > 0)
    pl_workspace_emit_changed (workspace, "findings");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/**
 * pl_finding_counts_describe:
 *
 * Returns: (transfer full): the counts in words
 */
char *
pl_finding_counts_describe (const PlFindingCounts *counts)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (counts != NULL, NULL);

  if (counts->added > 0)
    /* Translators: findings the analysis added, "5 new" */
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u new", "%u new", counts->added), counts->added));
  if (counts->updated > 0)
    /* Translators: findings whose figures changed, "3 updated" */
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u updated", "%u updated", counts->updated),
                                             counts->updated));
  if (counts->withdrawn > 0)
    /* Translators: proposals the data no longer supports, "1 withdrawn" */
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u withdrawn", "%u withdrawn", counts->withdrawn),
                                             counts->withdrawn));

  if (parts->len == 0)
    return g_strdup (_("No change"));

  for (guint i = 0; i < parts->len; i++)
    {
      if (i > 0)
        /* Translators: between the parts of "5 new, 3 updated" */
        g_string_append (text, _(", "));
      g_string_append (text, g_ptr_array_index (parts, i));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Listing */

void
pl_finding_filter_init (PlFindingFilter *filter)
{
  g_return_if_fail (filter != NULL);

  filter->review_id = 0;
  filter->status = -1;
  filter->kind = -1;
}

/**
 * pl_finding_list:
 * @filter: (nullable): which findings
 *
 * Returns: (transfer full): a #GListModel of #PlFinding
 */
GListModel *
pl_finding_list (PlWorkspace            *workspace,
                 const PlFindingFilter  *filter,
                 GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlFindingFilter defaults;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter == NULL)
    {
      pl_finding_filter_init (&defaults);
      filter = &defaults;
    }
  g_return_val_if_fail (filter->status >= -1 && filter->status <= PL_FINDING_STATUS_REJECTED, NULL);
  g_return_val_if_fail (filter->kind >= -1 && filter->kind <= PL_FINDING_KIND_OWN, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " FINDING_COLUMNS FINDING_FROM
                               " WHERE (?1 = 0 OR f.review_id = ?1)"
                               "   AND (?2 IS NULL OR f.status = ?2)"
                               "   AND (?3 IS NULL OR f.kind = ?3)"
                               " ORDER BY CASE f.status WHEN 'proposed' THEN 0 WHEN 'confirmed' THEN 1 ELSE 2 END,"
                               "          CASE f.kind WHEN 'shortfall' THEN 0 WHEN 'signal' THEN 1"
                               "            WHEN 'gap' THEN 2 WHEN 'theme' THEN 3 WHEN 'strength' THEN 4"
                               "            ELSE 5 END,"
                               "          f.id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, filter->review_id);
  pl_bind_text_or_null (stmt, 2, filter->status >= 0 ? status_names[filter->status] : NULL);
  pl_bind_text_or_null (stmt, 3, filter->kind >= 0 ? kind_names[filter->kind] : NULL);

  return pl_workspace_collect (workspace, stmt, PL_TYPE_FINDING, (PlWorkspaceRowFunc) finding_from_row,
                               _("The findings could not be read"), error);
}

/**
 * pl_finding_load:
 *
 * Returns: (transfer full): the finding, or %NULL with %PL_ERROR_NOT_FOUND
 */
PlFinding *
pl_finding_load (PlWorkspace  *workspace,
                 gint64        id,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace, "SELECT " FINDING_COLUMNS FINDING_FROM " WHERE f.id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  return pl_workspace_fetch_one (workspace, stmt, (PlWorkspaceRowFunc) finding_from_row,
                                 _("That finding is not in this workspace."),
                                 _("The finding could not be read"), error);
}

/* Deciding */

static gboolean
not_there (GError **error)
{
  g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                       _("This finding is no longer in the workspace: it may have been withdrawn when "
                         "the findings were proposed again."));
  return FALSE;
}

/* The finding's kind and status, inside the caller's transaction. */
static gboolean
read_state (PlWorkspace     *workspace,
            gint64           id,
            PlFindingKind   *kind,
            PlFindingStatus *status,
            char           **title,
            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;
  int k, s;

  stmt = pl_workspace_prepare (workspace, "SELECT kind, status, title FROM findings WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return not_there (error);
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The finding could not be read"));
      return FALSE;
    }

  k = pl_names_index (kind_names, G_N_ELEMENTS (kind_names), pl_column_text (stmt, 0));
  s = pl_names_index (status_names, G_N_ELEMENTS (status_names), pl_column_text (stmt, 1));
  *kind = k >= 0 ? (PlFindingKind) k : PL_FINDING_KIND_OWN;
  *status = s >= 0 ? (PlFindingStatus) s : PL_FINDING_STATUS_PROPOSED;
  if (title != NULL)
    *title = g_strdup (pl_column_text (stmt, 2));
  return TRUE;
}

static gboolean
set_status (PlWorkspace      *workspace,
            gint64            id,
            PlFindingStatus   status,
            const char       *reason,
            const char       *action,
            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *title = NULL;
  PlFindingKind kind;
  PlFindingStatus current;

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!read_state (workspace, id, &kind, &current, &title, error))
    goto failed;

  if (status == PL_FINDING_STATUS_PROPOSED && kind == PL_FINDING_KIND_OWN)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Your own findings are yours to keep: edit or delete them instead."));
      goto failed;
    }

  stmt = pl_workspace_prepare (workspace,
                               "UPDATE findings SET status = ?1, rejection_reason = ?2,"
                               " decided_at = ?3, updated_at = ?4 WHERE id = ?5",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, status_names[status], -1, SQLITE_STATIC);
  pl_bind_text_or_null (stmt, 2, reason);
  pl_bind_text_or_null (stmt, 3, status != PL_FINDING_STATUS_PROPOSED ? now : NULL);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, id);

  if (!pl_workspace_step_done (workspace, stmt, error) ||
      !pl_workspace_audit (workspace, action, "finding", id, reason != NULL ? reason : title, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "findings");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

gboolean
pl_finding_confirm (PlWorkspace  *workspace,
                    gint64        id,
                    GError      **error)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_status (workspace, id, PL_FINDING_STATUS_CONFIRMED, NULL, "confirm", error);
}

gboolean
pl_finding_reject (PlWorkspace  *workspace,
                   gint64        id,
                   const char   *reason,
                   GError      **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stripped = pl_str_stripped (reason);
  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Say why this finding is rejected, for example “The dip was the week of the "
                             "system outage, already dealt with.” The reason is kept with the decision."));
      return FALSE;
    }
  if (g_utf8_strlen (stripped, -1) > REASON_MAX)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The reason is too long: keep it under 500 characters."));
      return FALSE;
    }

  return set_status (workspace, id, PL_FINDING_STATUS_REJECTED, stripped, "reject", error);
}

gboolean
pl_finding_reconsider (PlWorkspace  *workspace,
                       gint64        id,
                       GError      **error)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_status (workspace, id, PL_FINDING_STATUS_PROPOSED, NULL, "reconsider", error);
}

/* Checks the words and the standard; @title and @statement come back
 * stripped. */
static gboolean
check_content (PlWorkspace  *workspace,
               const char   *title,
               const char   *statement,
               gint64        standard_id,
               char        **out_title,
               char        **out_statement,
               GError      **error)
{
  g_autofree char *t = pl_str_stripped (title);
  g_autofree char *s = pl_str_stripped (statement);

  if (t[0] == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the finding a title, for example “Email customers are less satisfied "
                             "than others”."));
      return FALSE;
    }
  if (g_utf8_strlen (t, -1) > TITLE_MAX)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The title is too long: keep it under 200 characters and put the detail "
                             "in the statement."));
      return FALSE;
    }
  if (s[0] == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Say what the finding is, with the figures, examples or comments it "
                             "rests on."));
      return FALSE;
    }
  if (g_utf8_strlen (s, -1) > STATEMENT_MAX)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The statement is too long: keep it under 4,000 characters."));
      return FALSE;
    }

  if (standard_id != 0)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int rc;

      stmt = pl_workspace_prepare (workspace,
                                   "SELECT 1 FROM standards WHERE id = ? AND trashed_at IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, standard_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("The standard chosen is not in the workspace, or is in the trash. "
                                 "Choose another, or none."));
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        {
          pl_workspace_set_db_error (workspace, error, _("The standards could not be read"));
          return FALSE;
        }
    }

  *out_title = g_steal_pointer (&t);
  *out_statement = g_steal_pointer (&s);
  return TRUE;
}

gboolean
pl_finding_edit (PlWorkspace  *workspace,
                 gint64        id,
                 const char   *title,
                 const char   *statement,
                 gint64        standard_id,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *t = NULL;
  g_autofree char *s = NULL;
  PlFindingKind kind;
  PlFindingStatus status;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (standard_id >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!read_state (workspace, id, &kind, &status, NULL, error) ||
      !check_content (workspace, title, statement, standard_id, &t, &s, error))
    goto failed;

  if (status == PL_FINDING_STATUS_REJECTED)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A rejected finding cannot be edited. Reconsider it first, then edit it."));
      goto failed;
    }

  /* Editing a proposal decides it, so that no later run overwrites the
   * user's words. */
  stmt = pl_workspace_prepare (workspace,
                               "UPDATE findings SET title = ?1, statement = ?2, standard_id = ?3,"
                               " status = 'confirmed', decided_at = coalesce (decided_at, ?4),"
                               " updated_at = ?4 WHERE id = ?5",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, t, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, s, -1, SQLITE_STATIC);
  pl_bind_id_or_null (stmt, 3, standard_id);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, id);

  if (!pl_workspace_step_done (workspace, stmt, error) ||
      !pl_workspace_audit (workspace, "edit", "finding", id, t, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "findings");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/**
 * pl_finding_create_own:
 *
 * Returns: (transfer full): the new finding, or %NULL with @error set
 */
PlFinding *
pl_finding_create_own (PlWorkspace  *workspace,
                       gint64        review_id,
                       const char   *title,
                       const char   *statement,
                       gint64        standard_id,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *t = NULL;
  g_autofree char *s = NULL;
  gint64 id;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (review_id >= 0 && standard_id >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pl_workspace_begin (workspace, error))
    return NULL;

  if (!check_content (workspace, title, statement, standard_id, &t, &s, error))
    goto failed;

  if (review_id > 0)
    {
      int rc;

      stmt = pl_workspace_prepare (workspace, "SELECT 1 FROM reviews WHERE id = ? AND trashed_at IS NULL",
                                   error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, review_id);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          if (rc == SQLITE_DONE)
            g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                                 _("The review for this finding is not in the workspace. Choose another "
                                   "review, or none."));
          else
            pl_workspace_set_db_error (workspace, error, _("The review could not be read"));
          goto failed;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO findings (review_id, kind, status, title, statement, standard_id,"
                               " created_at, updated_at, decided_at)"
                               " VALUES (?1, 'own', 'confirmed', ?2, ?3, ?4, ?5, ?5, ?5)",
                               error);
  if (stmt == NULL)
    goto failed;
  pl_bind_id_or_null (stmt, 1, review_id);
  sqlite3_bind_text (stmt, 2, t, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, s, -1, SQLITE_STATIC);
  pl_bind_id_or_null (stmt, 4, standard_id);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  id = sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  if (!pl_workspace_audit (workspace, "create", "finding", id, t, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "findings");
  return pl_finding_load (workspace, id, error);

failed:
  pl_workspace_rollback (workspace);
  return NULL;
}

gboolean
pl_finding_delete (PlWorkspace  *workspace,
                   gint64        id,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *title = NULL;
  PlFindingKind kind;
  PlFindingStatus status;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!read_state (workspace, id, &kind, &status, &title, error))
    goto failed;

  if (kind != PL_FINDING_KIND_OWN)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Only your own findings can be deleted. Reject a proposed finding instead, "
                             "with the reason, so that the decision is kept."));
      goto failed;
    }

  stmt = pl_workspace_prepare (workspace, "DELETE FROM findings WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);

  if (!pl_workspace_step_done (workspace, stmt, error) ||
      !pl_workspace_audit (workspace, "delete", "finding", id, title, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "findings");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}
