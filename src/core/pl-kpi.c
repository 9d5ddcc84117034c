/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pl-error.h"
#include "pl-kpi.h"
#include "pl-util.h"

/* U+2212 MINUS SIGN: a typographic minus that lines up with "+". */
#define MINUS_SIGN "\xe2\x88\x92"
/* U+2014 EM DASH, shown where there is no value. */
#define NO_VALUE "\xe2\x80\x94"

#define MAX_CODE_LENGTH 48

struct _PlKpi
{
  GObject parent_instance;

  gint64 id;
  char *code;
  char *name;
  char *definition;
  char *template_id;
  PlKpiSource source;
  PlKpiCalc calc;
  gint64 question_id;
  gint64 scorecard_id;
  gint64 metric_id;
  double top_box_min;
  char *unit;
  int decimals;
  gboolean higher_is_better;
  double target;
  double red_threshold;
  PlPeriod period;
  gint64 position;
  gboolean archived;
};

G_DEFINE_FINAL_TYPE (PlKpi, pl_kpi, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlKpiSource, pl_kpi_source,
  G_DEFINE_ENUM_VALUE (PL_KPI_SOURCE_SURVEY, "survey"),
  G_DEFINE_ENUM_VALUE (PL_KPI_SOURCE_SCORECARD, "scorecard"),
  G_DEFINE_ENUM_VALUE (PL_KPI_SOURCE_METRIC, "metric"),
  G_DEFINE_ENUM_VALUE (PL_KPI_SOURCE_COMPLAINTS, "complaints"))

G_DEFINE_ENUM_TYPE (PlKpiCalc, pl_kpi_calc,
  G_DEFINE_ENUM_VALUE (PL_KPI_CALC_MEAN, "mean"),
  G_DEFINE_ENUM_VALUE (PL_KPI_CALC_TOP_BOX, "top_box"),
  G_DEFINE_ENUM_VALUE (PL_KPI_CALC_NPS, "nps"),
  G_DEFINE_ENUM_VALUE (PL_KPI_CALC_SCORE, "score"),
  G_DEFINE_ENUM_VALUE (PL_KPI_CALC_METRIC, "metric"),
  G_DEFINE_ENUM_VALUE (PL_KPI_CALC_WITHIN_PROMISE, "within_promise"))

G_DEFINE_ENUM_TYPE (PlPeriod, pl_period,
  G_DEFINE_ENUM_VALUE (PL_PERIOD_WEEK, "week"),
  G_DEFINE_ENUM_VALUE (PL_PERIOD_MONTH, "month"))

G_DEFINE_ENUM_TYPE (PlStatus, pl_status,
  G_DEFINE_ENUM_VALUE (PL_STATUS_NONE, "none"),
  G_DEFINE_ENUM_VALUE (PL_STATUS_GREEN, "green"),
  G_DEFINE_ENUM_VALUE (PL_STATUS_AMBER, "amber"),
  G_DEFINE_ENUM_VALUE (PL_STATUS_RED, "red"))

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_NAME,
  PROP_DEFINITION,
  PROP_TEMPLATE,
  PROP_SOURCE,
  PROP_CALC,
  PROP_QUESTION_ID,
  PROP_SCORECARD_ID,
  PROP_METRIC_ID,
  PROP_TOP_BOX_MIN,
  PROP_UNIT,
  PROP_DECIMALS,
  PROP_HIGHER_IS_BETTER,
  PROP_TARGET,
  PROP_RED_THRESHOLD,
  PROP_PERIOD,
  PROP_ARCHIVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The schema's text for each enum value, indexed by the value. */
static const char * const source_names[] = {
  [PL_KPI_SOURCE_SURVEY] = "survey",
  [PL_KPI_SOURCE_SCORECARD] = "scorecard",
  [PL_KPI_SOURCE_METRIC] = "metric",
  [PL_KPI_SOURCE_COMPLAINTS] = "complaints",
};

static const char * const calc_names[] = {
  [PL_KPI_CALC_MEAN] = "mean",
  [PL_KPI_CALC_TOP_BOX] = "top_box",
  [PL_KPI_CALC_NPS] = "nps",
  [PL_KPI_CALC_SCORE] = "score",
  [PL_KPI_CALC_METRIC] = "metric",
  [PL_KPI_CALC_WITHIN_PROMISE] = "within_promise",
};

static const char * const period_names[] = {
  [PL_PERIOD_WEEK] = "week",
  [PL_PERIOD_MONTH] = "month",
};

/* The SQLite date() modifiers that turn a day into its period's first day.
 * They are bound as ?1 and ?2 of every computing query, so each query is
 * written once for both periods. Weeks run Monday to Sunday: 'weekday 0'
 * moves forward to the Sunday (or stays on it), six days back is Monday. */
static const char * const period_modifiers[][2] = {
  [PL_PERIOD_WEEK] = { "weekday 0", "-6 days" },
  [PL_PERIOD_MONTH] = { "start of month", "+0 days" },
};

static const PlKpiTemplate templates[] = {
  {
    "csat",
    N_("Customer satisfaction (CSAT)"),
    N_("The share of customers who answer 4 or 5 when asked how satisfied "
       "they are, on a scale from 1 (very dissatisfied) to 5 (very satisfied)."),
    PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_TOP_BOX, "csat", NULL,
    4, "%", 1, TRUE, 85, 80,
  },
  {
    "nps",
    N_("Net Promoter Score"),
    N_("How likely customers are to recommend us, from 0 to 10: the percentage "
       "who answer 9 or 10 (promoters) minus the percentage who answer 0 to 6 "
       "(detractors). It runs from −100 to +100."),
    PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_NPS, "nps", NULL,
    0, "", 0, TRUE, 40, 30,
  },
  {
    "ces",
    N_("Customer effort score (CES)"),
    N_("The average answer to “How easy was it to get what you needed?” on a "
       "scale from 1 (very difficult) to 7 (very easy)."),
    PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, "ces", NULL,
    0, "", 2, TRUE, 5.5, 5.0,
  },
  {
    "fcr",
    N_("First-contact resolution"),
    N_("The share of contacts resolved the first time, without the customer "
       "having to get in touch again."),
    PL_KPI_SOURCE_METRIC, PL_KPI_CALC_METRIC, NULL, "fcr",
    0, "%", 1, TRUE, 75, 70,
  },
  {
    "asa",
    N_("Average speed of answer"),
    N_("The average time, in seconds, a caller waits before a colleague answers."),
    PL_KPI_SOURCE_METRIC, PL_KPI_CALC_METRIC, NULL, "asa",
    0, " s", 0, FALSE, 20, 30,
  },
  {
    "abandonment",
    N_("Abandonment rate"),
    N_("The share of calls in which the caller hangs up before a colleague answers."),
    PL_KPI_SOURCE_METRIC, PL_KPI_CALC_METRIC, NULL, "abandonment",
    0, "%", 1, FALSE, 5, 8,
  },
  {
    "aht",
    N_("Average handling time"),
    N_("The average time, in seconds, a colleague spends on one contact: "
       "talking, holding and finishing off afterwards."),
    PL_KPI_SOURCE_METRIC, PL_KPI_CALC_METRIC, NULL, "aht",
    0, " s", 0, FALSE, 360, 420,
  },
  {
    "complaints",
    N_("Complaints resolved within the promised time"),
    N_("The share of complaints resolved within the time promised to the "
       "customer. Complaints still open that are not yet due are not counted."),
    PL_KPI_SOURCE_COMPLAINTS, PL_KPI_CALC_WITHIN_PROMISE, NULL, NULL,
    0, "%", 1, TRUE, 90, 80,
  },
  {
    "qa",
    N_("Quality assurance score"),
    N_("The average score, out of 100, that colleagues’ interactions receive "
       "when they are monitored against the scorecard."),
    PL_KPI_SOURCE_SCORECARD, PL_KPI_CALC_SCORE, NULL, NULL,
    0, "%", 1, TRUE, 85, 75,
  },
  {
    "custom",
    N_("Custom KPI"),
    N_("A measure you define yourself: choose where its data comes from, how "
       "it is calculated and what its target is."),
    PL_KPI_SOURCE_SURVEY, PL_KPI_CALC_MEAN, NULL, NULL,
    0, "", 1, TRUE, 0, 0,
  },
};

/* The columns kpi_from_row() reads, in order. */
#define KPI_COLUMNS \
  "id, code, name, definition, template, source, calculation, question_id," \
  " scorecard_id, metric_id, top_box_min, unit, decimals, direction, target," \
  " red_threshold, period, position, archived"

/* The first value for a name the schema does not allow. */
static int
index_of (const char * const *names,
          guint               n_names,
          const char         *text)
{
  return MAX (pl_names_index (names, n_names, text), 0);
}

static gboolean
calc_fits_source (PlKpiSource source,
                  PlKpiCalc   calc)
{
  switch (source)
    {
    case PL_KPI_SOURCE_SURVEY:
      return calc == PL_KPI_CALC_MEAN || calc == PL_KPI_CALC_TOP_BOX || calc == PL_KPI_CALC_NPS;
    case PL_KPI_SOURCE_SCORECARD:
      return calc == PL_KPI_CALC_SCORE;
    case PL_KPI_SOURCE_METRIC:
      return calc == PL_KPI_CALC_METRIC;
    case PL_KPI_SOURCE_COMPLAINTS:
      return calc == PL_KPI_CALC_WITHIN_PROMISE;
    default:
      return FALSE;
    }
}

static gboolean
is_rating_kind (const char *kind)
{
  return g_strcmp0 (kind, "csat") == 0 ||
         g_strcmp0 (kind, "nps") == 0 ||
         g_strcmp0 (kind, "ces") == 0 ||
         g_strcmp0 (kind, "likert") == 0;
}

/* Digits of |value| with @decimals places, signed with "+" (when asked) or
 * U+2212; a value that rounds to zero gets no sign at all. */
static char *
format_number (double   value,
               int      decimals,
               gboolean show_plus)
{
  g_autofree char *digits = NULL;
  gboolean is_zero = TRUE;

  digits = g_strdup_printf ("%.*f", CLAMP (decimals, 0, 4), fabs (value));
  for (const char *c = digits; *c != '\0'; c++)
    if (*c >= '1' && *c <= '9')
      is_zero = FALSE;

  if (is_zero)
    return g_steal_pointer (&digits);
  if (value < 0)
    return g_strconcat (MINUS_SIGN, digits, NULL);
  if (show_plus)
    return g_strconcat ("+", digits, NULL);
  return g_steal_pointer (&digits);
}

/* "Customer satisfaction (CSAT)" → "customer-satisfaction-csat". */
static char *
slug_from_name (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *slug = g_string_new (NULL);
  gboolean want_dash = FALSE;

  for (const char *c = ascii; *c != '\0' && slug->len < MAX_CODE_LENGTH; c++)
    {
      if (g_ascii_isalnum (*c))
        {
          if (want_dash && slug->len > 0)
            g_string_append_c (slug, '-');
          g_string_append_c (slug, g_ascii_tolower (*c));
          want_dash = FALSE;
        }
      else
        want_dash = TRUE;
    }

  if (slug->len == 0)
    g_string_append (slug, "kpi");

  return g_string_free (slug, FALSE);
}

static void
set_string (PlKpi       *self,
            char       **field,
            const char  *value,
            int          prop)
{
  if (pl_str_replace (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static PlKpi *
kpi_from_row (sqlite3_stmt *stmt)
{
  PlKpi *self = g_object_new (PL_TYPE_KPI, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  g_free (self->code);
  self->code = g_strdup (pl_column_text (stmt, 1));
  g_free (self->name);
  self->name = g_strdup (pl_column_text (stmt, 2));
  g_free (self->definition);
  self->definition = g_strdup (pl_column_text (stmt, 3));
  g_free (self->template_id);
  self->template_id = g_strdup (pl_column_text (stmt, 4));
  self->source = index_of (source_names, G_N_ELEMENTS (source_names), pl_column_text (stmt, 5));
  self->calc = index_of (calc_names, G_N_ELEMENTS (calc_names), pl_column_text (stmt, 6));
  self->question_id = sqlite3_column_int64 (stmt, 7);
  self->scorecard_id = sqlite3_column_int64 (stmt, 8);
  self->metric_id = sqlite3_column_int64 (stmt, 9);
  self->top_box_min = sqlite3_column_double (stmt, 10);
  g_free (self->unit);
  self->unit = g_strdup (pl_column_text (stmt, 11));
  self->decimals = sqlite3_column_int (stmt, 12);
  self->higher_is_better = g_strcmp0 (pl_column_text (stmt, 13), "lower") != 0;
  self->target = sqlite3_column_double (stmt, 14);
  self->red_threshold = sqlite3_column_double (stmt, 15);
  self->period = index_of (period_names, G_N_ELEMENTS (period_names), pl_column_text (stmt, 16));
  self->position = sqlite3_column_int64 (stmt, 17);
  self->archived = sqlite3_column_int (stmt, 18) != 0;

  return self;
}

static void
pl_kpi_finalize (GObject *object)
{
  PlKpi *self = (PlKpi *) object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->definition, g_free);
  g_clear_pointer (&self->template_id, g_free);
  g_clear_pointer (&self->unit, g_free);

  G_OBJECT_CLASS (pl_kpi_parent_class)->finalize (object);
}

static void
pl_kpi_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  PlKpi *self = PL_KPI (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DEFINITION:
      g_value_set_string (value, self->definition);
      break;
    case PROP_TEMPLATE:
      g_value_set_string (value, self->template_id);
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    case PROP_CALC:
      g_value_set_enum (value, self->calc);
      break;
    case PROP_QUESTION_ID:
      g_value_set_int64 (value, self->question_id);
      break;
    case PROP_SCORECARD_ID:
      g_value_set_int64 (value, self->scorecard_id);
      break;
    case PROP_METRIC_ID:
      g_value_set_int64 (value, self->metric_id);
      break;
    case PROP_TOP_BOX_MIN:
      g_value_set_double (value, self->top_box_min);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case PROP_DECIMALS:
      g_value_set_int (value, self->decimals);
      break;
    case PROP_HIGHER_IS_BETTER:
      g_value_set_boolean (value, self->higher_is_better);
      break;
    case PROP_TARGET:
      g_value_set_double (value, self->target);
      break;
    case PROP_RED_THRESHOLD:
      g_value_set_double (value, self->red_threshold);
      break;
    case PROP_PERIOD:
      g_value_set_enum (value, self->period);
      break;
    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_kpi_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  PlKpi *self = PL_KPI (object);

  switch (prop_id)
    {
    case PROP_CODE:
      pl_kpi_set_code (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      pl_kpi_set_name (self, g_value_get_string (value));
      break;
    case PROP_DEFINITION:
      pl_kpi_set_definition (self, g_value_get_string (value));
      break;
    case PROP_TEMPLATE:
      pl_kpi_set_template (self, g_value_get_string (value));
      break;
    case PROP_SOURCE:
      pl_kpi_set_source (self, g_value_get_enum (value));
      break;
    case PROP_CALC:
      pl_kpi_set_calc (self, g_value_get_enum (value));
      break;
    case PROP_QUESTION_ID:
      pl_kpi_set_question_id (self, g_value_get_int64 (value));
      break;
    case PROP_SCORECARD_ID:
      pl_kpi_set_scorecard_id (self, g_value_get_int64 (value));
      break;
    case PROP_METRIC_ID:
      pl_kpi_set_metric_id (self, g_value_get_int64 (value));
      break;
    case PROP_TOP_BOX_MIN:
      pl_kpi_set_top_box_min (self, g_value_get_double (value));
      break;
    case PROP_UNIT:
      pl_kpi_set_unit (self, g_value_get_string (value));
      break;
    case PROP_DECIMALS:
      pl_kpi_set_decimals (self, g_value_get_int (value));
      break;
    case PROP_HIGHER_IS_BETTER:
      pl_kpi_set_higher_is_better (self, g_value_get_boolean (value));
      break;
    case PROP_TARGET:
      pl_kpi_set_target (self, g_value_get_double (value));
      break;
    case PROP_RED_THRESHOLD:
      pl_kpi_set_red_threshold (self, g_value_get_double (value));
      break;
    case PROP_PERIOD:
      pl_kpi_set_period (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_kpi_class_init (PlKpiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pl_kpi_finalize;
  object_class->get_property = pl_kpi_get_property;
  object_class->set_property = pl_kpi_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, "", rw);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "", rw);
  properties[PROP_DEFINITION] =
    g_param_spec_string ("definition", NULL, NULL, "", rw);
  properties[PROP_TEMPLATE] =
    g_param_spec_string ("template", NULL, NULL, "", rw);
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL,
                       PL_TYPE_KPI_SOURCE, PL_KPI_SOURCE_SURVEY, rw);
  properties[PROP_CALC] =
    g_param_spec_enum ("calc", NULL, NULL,
                       PL_TYPE_KPI_CALC, PL_KPI_CALC_MEAN, rw);
  properties[PROP_QUESTION_ID] =
    g_param_spec_int64 ("question-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_SCORECARD_ID] =
    g_param_spec_int64 ("scorecard-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_METRIC_ID] =
    g_param_spec_int64 ("metric-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_TOP_BOX_MIN] =
    g_param_spec_double ("top-box-min", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, rw);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, "", rw);
  properties[PROP_DECIMALS] =
    g_param_spec_int ("decimals", NULL, NULL, 0, 4, 1, rw);
  properties[PROP_HIGHER_IS_BETTER] =
    g_param_spec_boolean ("higher-is-better", NULL, NULL, TRUE, rw);
  properties[PROP_TARGET] =
    g_param_spec_double ("target", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, rw);
  properties[PROP_RED_THRESHOLD] =
    g_param_spec_double ("red-threshold", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, rw);
  properties[PROP_PERIOD] =
    g_param_spec_enum ("period", NULL, NULL,
                       PL_TYPE_PERIOD, PL_PERIOD_WEEK, rw);
  properties[PROP_ARCHIVED] =
    g_param_spec_boolean ("archived", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pl_kpi_init (PlKpi *self)
{
  self->code = g_strdup ("");
  self->name = g_strdup ("");
  self->definition = g_strdup ("");
  self->template_id = g_strdup ("");
  self->unit = g_strdup ("");
  self->source = PL_KPI_SOURCE_SURVEY;
  self->calc = PL_KPI_CALC_MEAN;
  self->decimals = 1;
  self->higher_is_better = TRUE;
  self->period = PL_PERIOD_WEEK;
}

/* Templates and enums */

/**
 * pl_kpi_templates:
 * @n_templates: (out) (optional): the number of templates
 *
 * The built-in templates, "custom" last. Their names and definitions are
 * untranslated: pass them through gettext () to show them.
 *
 * Returns: (array length=n_templates) (transfer none): the templates
 */
const PlKpiTemplate *
pl_kpi_templates (guint *n_templates)
{
  if (n_templates != NULL)
    *n_templates = G_N_ELEMENTS (templates);

  return templates;
}

/**
 * pl_kpi_template_find:
 * @id: a template id such as "csat"
 *
 * Returns: (transfer none) (nullable): the template, or %NULL if there is none
 */
const PlKpiTemplate *
pl_kpi_template_find (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    if (strcmp (templates[i].id, id) == 0)
      return &templates[i];

  return NULL;
}

const char *
pl_status_to_string (PlStatus status)
{
  switch (status)
    {
    case PL_STATUS_GREEN:
      return "green";
    case PL_STATUS_AMBER:
      return "amber";
    case PL_STATUS_RED:
      return "red";
    case PL_STATUS_NONE:
    default:
      return "none";
    }
}

const char *
pl_status_to_label (PlStatus status)
{
  switch (status)
    {
    case PL_STATUS_GREEN:
      return _("On target");
    case PL_STATUS_AMBER:
      return _("At risk");
    case PL_STATUS_RED:
      return _("Off target");
    case PL_STATUS_NONE:
    default:
      return _("No data");
    }
}

const char *
pl_kpi_source_to_string (PlKpiSource source)
{
  g_return_val_if_fail (source <= PL_KPI_SOURCE_COMPLAINTS, NULL);

  return source_names[source];
}

const char *
pl_kpi_calc_to_string (PlKpiCalc calc)
{
  g_return_val_if_fail (calc <= PL_KPI_CALC_WITHIN_PROMISE, NULL);

  return calc_names[calc];
}

const char *
pl_period_to_string (PlPeriod period)
{
  g_return_val_if_fail (period <= PL_PERIOD_MONTH, NULL);

  return period_names[period];
}

/* Construction */

PlKpi *
pl_kpi_new (void)
{
  return g_object_new (PL_TYPE_KPI, NULL);
}

/**
 * pl_kpi_new_from_template:
 * @tmpl: a template from pl_kpi_templates()
 *
 * A new, unsaved KPI with the template's settings, its name and definition
 * translated. Its code is the template id, except for "custom", whose code
 * is left empty so that saving derives it from the name the user gives.
 *
 * Returns: (transfer full): the KPI
 */
PlKpi *
pl_kpi_new_from_template (const PlKpiTemplate *tmpl)
{
  PlKpi *self;

  g_return_val_if_fail (tmpl != NULL, NULL);
  g_return_val_if_fail (tmpl->id != NULL && tmpl->name != NULL, NULL);

  self = pl_kpi_new ();

  g_free (self->code);
  self->code = g_strdup (strcmp (tmpl->id, "custom") == 0 ? "" : tmpl->id);
  g_free (self->template_id);
  self->template_id = g_strdup (tmpl->id);
  g_free (self->name);
  self->name = g_strdup (_(tmpl->name));
  g_free (self->definition);
  self->definition = g_strdup (tmpl->definition != NULL && *tmpl->definition != '\0'
                               ? _(tmpl->definition) : "");
  g_free (self->unit);
  self->unit = g_strdup (tmpl->unit != NULL ? tmpl->unit : "");
  self->source = tmpl->source;
  self->calc = tmpl->calc;
  self->top_box_min = tmpl->top_box_min;
  self->decimals = tmpl->decimals;
  self->higher_is_better = tmpl->higher_is_better;
  self->target = tmpl->target;
  self->red_threshold = tmpl->red_threshold;

  return self;
}

/**
 * pl_kpi_copy:
 *
 * Returns: (transfer full): a copy of every field, the id included, so
 *   that saving the copy updates the same KPI
 */
PlKpi *
pl_kpi_copy (PlKpi *self)
{
  PlKpi *copy;

  g_return_val_if_fail (PL_IS_KPI (self), NULL);

  copy = pl_kpi_new ();
  copy->id = self->id;
  g_free (copy->code);
  copy->code = g_strdup (self->code);
  g_free (copy->name);
  copy->name = g_strdup (self->name);
  g_free (copy->definition);
  copy->definition = g_strdup (self->definition);
  g_free (copy->template_id);
  copy->template_id = g_strdup (self->template_id);
  copy->source = self->source;
  copy->calc = self->calc;
  copy->question_id = self->question_id;
  copy->scorecard_id = self->scorecard_id;
  copy->metric_id = self->metric_id;
  copy->top_box_min = self->top_box_min;
  g_free (copy->unit);
  copy->unit = g_strdup (self->unit);
  copy->decimals = self->decimals;
  copy->higher_is_better = self->higher_is_better;
  copy->target = self->target;
  copy->red_threshold = self->red_threshold;
  copy->period = self->period;
  copy->position = self->position;
  copy->archived = self->archived;

  return copy;
}

/* Accessors */

gint64
pl_kpi_get_id (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), 0);
  return self->id;
}

const char *
pl_kpi_get_code (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), NULL);
  return self->code;
}

/* An empty code is derived from the name when the KPI is saved. */
void
pl_kpi_set_code (PlKpi      *self,
                 const char *code)
{
  g_return_if_fail (PL_IS_KPI (self));
  set_string (self, &self->code, code, PROP_CODE);
}

const char *
pl_kpi_get_name (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), NULL);
  return self->name;
}

void
pl_kpi_set_name (PlKpi      *self,
                 const char *name)
{
  g_return_if_fail (PL_IS_KPI (self));
  set_string (self, &self->name, name, PROP_NAME);
}

const char *
pl_kpi_get_definition (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), NULL);
  return self->definition;
}

void
pl_kpi_set_definition (PlKpi      *self,
                       const char *definition)
{
  g_return_if_fail (PL_IS_KPI (self));
  set_string (self, &self->definition, definition, PROP_DEFINITION);
}

/* The id of the template the KPI was made from, "" if none. */
const char *
pl_kpi_get_template (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), NULL);
  return self->template_id;
}

void
pl_kpi_set_template (PlKpi      *self,
                     const char *template_id)
{
  g_return_if_fail (PL_IS_KPI (self));
  set_string (self, &self->template_id, template_id, PROP_TEMPLATE);
}

PlKpiSource
pl_kpi_get_source (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), PL_KPI_SOURCE_SURVEY);
  return self->source;
}

void
pl_kpi_set_source (PlKpi       *self,
                   PlKpiSource  source)
{
  g_return_if_fail (PL_IS_KPI (self));
  g_return_if_fail (source <= PL_KPI_SOURCE_COMPLAINTS);

  if (self->source == source)
    return;

  self->source = source;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

PlKpiCalc
pl_kpi_get_calc (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), PL_KPI_CALC_MEAN);
  return self->calc;
}

void
pl_kpi_set_calc (PlKpi     *self,
                 PlKpiCalc  calc)
{
  g_return_if_fail (PL_IS_KPI (self));
  g_return_if_fail (calc <= PL_KPI_CALC_WITHIN_PROMISE);

  if (self->calc == calc)
    return;

  self->calc = calc;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALC]);
}

gint64
pl_kpi_get_question_id (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), 0);
  return self->question_id;
}

void
pl_kpi_set_question_id (PlKpi  *self,
                        gint64  question_id)
{
  g_return_if_fail (PL_IS_KPI (self));
  g_return_if_fail (question_id >= 0);

  if (self->question_id == question_id)
    return;

  self->question_id = question_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUESTION_ID]);
}

gint64
pl_kpi_get_scorecard_id (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), 0);
  return self->scorecard_id;
}

void
pl_kpi_set_scorecard_id (PlKpi  *self,
                         gint64  scorecard_id)
{
  g_return_if_fail (PL_IS_KPI (self));
  g_return_if_fail (scorecard_id >= 0);

  if (self->scorecard_id == scorecard_id)
    return;

  self->scorecard_id = scorecard_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCORECARD_ID]);
}

gint64
pl_kpi_get_metric_id (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), 0);
  return self->metric_id;
}

void
pl_kpi_set_metric_id (PlKpi  *self,
                      gint64  metric_id)
{
  g_return_if_fail (PL_IS_KPI (self));
  g_return_if_fail (metric_id >= 0);

  if (self->metric_id == metric_id)
    return;

  self->metric_id = metric_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC_ID]);
}

double
pl_kpi_get_top_box_min (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), 0);
  return self->top_box_min;
}

void
pl_kpi_set_top_box_min (PlKpi  *self,
                        double  top_box_min)
{
  g_return_if_fail (PL_IS_KPI (self));

  if (self->top_box_min == top_box_min)
    return;

  self->top_box_min = top_box_min;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOP_BOX_MIN]);
}

const char *
pl_kpi_get_unit (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), NULL);
  return self->unit;
}

/* Written straight after the number: "%", " s", or "" for none. */
void
pl_kpi_set_unit (PlKpi      *self,
                 const char *unit)
{
  g_return_if_fail (PL_IS_KPI (self));
  set_string (self, &self->unit, unit, PROP_UNIT);
}

int
pl_kpi_get_decimals (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), 0);
  return self->decimals;
}

void
pl_kpi_set_decimals (PlKpi *self,
                     int    decimals)
{
  g_return_if_fail (PL_IS_KPI (self));

  if (self->decimals == decimals)
    return;

  self->decimals = decimals;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECIMALS]);
}

gboolean
pl_kpi_get_higher_is_better (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), TRUE);
  return self->higher_is_better;
}

void
pl_kpi_set_higher_is_better (PlKpi    *self,
                             gboolean  higher_is_better)
{
  g_return_if_fail (PL_IS_KPI (self));

  higher_is_better = !!higher_is_better;
  if (self->higher_is_better == higher_is_better)
    return;

  self->higher_is_better = higher_is_better;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHER_IS_BETTER]);
}

double
pl_kpi_get_target (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), 0);
  return self->target;
}

void
pl_kpi_set_target (PlKpi  *self,
                   double  target)
{
  g_return_if_fail (PL_IS_KPI (self));

  if (self->target == target)
    return;

  self->target = target;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

double
pl_kpi_get_red_threshold (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), 0);
  return self->red_threshold;
}

void
pl_kpi_set_red_threshold (PlKpi  *self,
                          double  red_threshold)
{
  g_return_if_fail (PL_IS_KPI (self));

  if (self->red_threshold == red_threshold)
    return;

  self->red_threshold = red_threshold;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RED_THRESHOLD]);
}

PlPeriod
pl_kpi_get_period (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), PL_PERIOD_WEEK);
  return self->period;
}

void
pl_kpi_set_period (PlKpi    *self,
                   PlPeriod  period)
{
  g_return_if_fail (PL_IS_KPI (self));
  g_return_if_fail (period <= PL_PERIOD_MONTH);

  if (self->period == period)
    return;

  self->period = period;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
}

gboolean
pl_kpi_get_archived (PlKpi *self)
{
  g_return_val_if_fail (PL_IS_KPI (self), FALSE);
  return self->archived;
}

/* Judging values */

/**
 * pl_kpi_validate:
 *
 * Checks that the KPI's fields agree with each other. pl_kpi_save() also
 * checks what the KPI refers to in the workspace.
 *
 * Returns: %TRUE if the KPI can be saved, else %FALSE with a
 *   %PL_ERROR_INVALID error that says what to change
 */
gboolean
pl_kpi_validate (PlKpi   *self,
                 GError **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (PL_IS_KPI (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_strstrip (g_strdup (self->name));
  if (*name == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the KPI a name, for example “Customer satisfaction”."));
      return FALSE;
    }

  if (!calc_fits_source (self->source, self->calc))
    {
      const char *message = NULL;

      switch (self->source)
        {
        case PL_KPI_SOURCE_SURVEY:
          message = _("A KPI from a survey question is calculated as a mean, a top-box "
                      "share or a Net Promoter Score. Choose one of those.");
          break;
        case PL_KPI_SOURCE_SCORECARD:
          message = _("A KPI from a scorecard is calculated as the mean observation score.");
          break;
        case PL_KPI_SOURCE_METRIC:
          message = _("A KPI from an operational metric is calculated from the metric’s "
                      "own values.");
          break;
        case PL_KPI_SOURCE_COMPLAINTS:
        default:
          message = _("A KPI from the complaints log is calculated as the share of "
                      "complaints resolved within the promised time.");
          break;
        }

      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID, message);
      return FALSE;
    }

  if (self->source == PL_KPI_SOURCE_SURVEY && self->question_id <= 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Choose the survey question this KPI is calculated from."));
      return FALSE;
    }

  if (self->source == PL_KPI_SOURCE_SCORECARD && self->scorecard_id <= 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Choose the scorecard whose observation scores this KPI uses."));
      return FALSE;
    }

  if (self->source == PL_KPI_SOURCE_METRIC && self->metric_id <= 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Choose the operational metric this KPI is calculated from."));
      return FALSE;
    }

  if (self->calc == PL_KPI_CALC_TOP_BOX && !isfinite (self->top_box_min))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Set the lowest answer that counts towards the top-box share, "
                             "for example 4 on a scale of 1 to 5."));
      return FALSE;
    }

  if (self->decimals < 0 || self->decimals > 4)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A KPI is shown with between 0 and 4 decimal places."));
      return FALSE;
    }

  if (!isfinite (self->target) || !isfinite (self->red_threshold))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the KPI a target and a red threshold."));
      return FALSE;
    }

  if (self->higher_is_better && self->red_threshold > self->target)
    {
      g_autofree char *red = pl_kpi_format_value (self, self->red_threshold);
      g_autofree char *target = pl_kpi_format_value (self, self->target);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("When higher is better, the red threshold (%s) cannot be above "
                     "the target (%s). Lower the threshold or raise the target."),
                   red, target);
      return FALSE;
    }

  if (!self->higher_is_better && self->red_threshold < self->target)
    {
      g_autofree char *red = pl_kpi_format_value (self, self->red_threshold);
      g_autofree char *target = pl_kpi_format_value (self, self->target);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("When lower is better, the red threshold (%s) cannot be below "
                     "the target (%s). Raise the threshold or lower the target."),
                   red, target);
      return FALSE;
    }

  return TRUE;
}

/**
 * pl_kpi_status_for:
 * @value: a value of the KPI, or NAN for none
 *
 * Green at or better than the target; amber short of it but not past the
 * red threshold; red past it.
 */
PlStatus
pl_kpi_status_for (PlKpi  *self,
                   double  value)
{
  g_return_val_if_fail (PL_IS_KPI (self), PL_STATUS_NONE);

  if (!isfinite (value))
    return PL_STATUS_NONE;

  if (self->higher_is_better)
    {
      if (value >= self->target)
        return PL_STATUS_GREEN;
      if (value >= self->red_threshold)
        return PL_STATUS_AMBER;
      return PL_STATUS_RED;
    }

  if (value <= self->target)
    return PL_STATUS_GREEN;
  if (value <= self->red_threshold)
    return PL_STATUS_AMBER;
  return PL_STATUS_RED;
}

/**
 * pl_kpi_format_value:
 *
 * The value with the KPI's decimals and unit, in the user's locale:
 * "84.2%", "32 s", "5.62"; a Net Promoter Score is signed, "+41".
 *
 * Returns: (transfer full): the text, "—" for no value
 */
char *
pl_kpi_format_value (PlKpi  *self,
                     double  value)
{
  g_autofree char *number = NULL;

  g_return_val_if_fail (PL_IS_KPI (self), NULL);

  if (!isfinite (value))
    return g_strdup (NO_VALUE);

  number = format_number (value, self->decimals, self->calc == PL_KPI_CALC_NPS);
  return g_strconcat (number, self->unit, NULL);
}

/**
 * pl_kpi_format_change:
 *
 * A signed change in the KPI's unit: "+0.12", "−3 s", and for percentages
 * percentage points, "+1.2 pts".
 *
 * Returns: (transfer full): the text, "—" for no change to show
 */
char *
pl_kpi_format_change (PlKpi  *self,
                      double  change)
{
  g_autofree char *number = NULL;

  g_return_val_if_fail (PL_IS_KPI (self), NULL);

  if (!isfinite (change))
    return g_strdup (NO_VALUE);

  number = format_number (change, self->decimals, TRUE);
  if (strcmp (self->unit, "%") == 0)
    /* Translators: a change in percentage points, "+1.2 pts" */
    return g_strdup_printf (_("%s pts"), number);

  return g_strconcat (number, self->unit, NULL);
}

/* Storage */

/* Each write is its own transaction, or, when the caller already has one
 * open (the demo generator, an import), a savepoint inside it: then the
 * caller commits and announces the change. */
static gboolean
write_begin (PlWorkspace  *workspace,
             gboolean     *nested,
             GError      **error)
{
  *nested = !sqlite3_get_autocommit (pl_workspace_get_db (workspace));

  if (*nested)
    return pl_workspace_exec (workspace, "SAVEPOINT pl_kpi_write", error);

  return pl_workspace_begin (workspace, error);
}

static gboolean
write_commit (PlWorkspace  *workspace,
              gboolean      nested,
              GError      **error)
{
  if (nested)
    return pl_workspace_exec (workspace, "RELEASE pl_kpi_write", error);

  return pl_workspace_commit (workspace, error);
}

static void
write_rollback (PlWorkspace *workspace,
                gboolean     nested)
{
  if (nested)
    pl_workspace_exec (workspace,
                       "ROLLBACK TO pl_kpi_write; RELEASE pl_kpi_write",
                       NULL);
  else
    pl_workspace_rollback (workspace);
}

/**
 * pl_kpi_list:
 * @include_archived: whether archived KPIs are listed too
 *
 * Returns: (transfer full): a #GListModel of #PlKpi in the user's order
 */
GListModel *
pl_kpi_list (PlWorkspace  *workspace,
             gboolean      include_archived,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " KPI_COLUMNS " FROM kpis"
                               " WHERE ?1 OR archived = 0"
                               " ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, include_archived ? 1 : 0);

  return pl_workspace_collect (workspace, stmt, PL_TYPE_KPI,
                               (PlWorkspaceRowFunc) kpi_from_row,
                               _("The KPIs could not be read"), error);
}

/**
 * pl_kpi_load:
 *
 * Returns: (transfer full): the KPI, or %NULL with %PL_ERROR_NOT_FOUND
 *   when there is no KPI with @id
 */
PlKpi *
pl_kpi_load (PlWorkspace  *workspace,
             gint64        id,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " KPI_COLUMNS " FROM kpis WHERE id = ?",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return kpi_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                 _("The KPI asked for (number %lld) is not in this "
                   "workspace. It may have been removed."),
                 (long long) id);
  else
    pl_workspace_set_db_error (workspace, error, _("The KPI could not be read"));

  return NULL;
}

/* What the KPI points at must exist, and a survey question must be one the
 * calculation makes sense for. */
static gboolean
check_references (PlKpi        *self,
                  PlWorkspace  *workspace,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql;
  gint64 ref_id;
  int rc;

  switch (self->source)
    {
    case PL_KPI_SOURCE_SURVEY:
      sql = "SELECT kind, text FROM questions WHERE id = ?";
      ref_id = self->question_id;
      break;
    case PL_KPI_SOURCE_SCORECARD:
      sql = "SELECT NULL, name FROM scorecards WHERE id = ?";
      ref_id = self->scorecard_id;
      break;
    case PL_KPI_SOURCE_METRIC:
      sql = "SELECT NULL, name FROM metric_series WHERE id = ?";
      ref_id = self->metric_id;
      break;
    case PL_KPI_SOURCE_COMPLAINTS:
    default:
      return TRUE;
    }

  stmt = pl_workspace_prepare (workspace, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ref_id);
  rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    {
      const char *message;

      if (self->source == PL_KPI_SOURCE_SURVEY)
        message = _("The survey question chosen for this KPI is not in the workspace. "
                    "Choose another question.");
      else if (self->source == PL_KPI_SOURCE_SCORECARD)
        message = _("The scorecard chosen for this KPI is not in the workspace. "
                    "Choose another scorecard.");
      else
        message = _("The operational metric chosen for this KPI is not in the workspace. "
                    "Choose another metric.");

      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID, message);
      return FALSE;
    }

  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The KPI could not be checked"));
      return FALSE;
    }

  if (self->source == PL_KPI_SOURCE_SURVEY)
    {
      const char *kind = pl_column_text (stmt, 0);
      const char *text = pl_column_text (stmt, 1);

      if (self->calc == PL_KPI_CALC_NPS && strcmp (kind, "nps") != 0)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("A Net Promoter Score can only be calculated from a 0 to 10 "
                         "“would you recommend us?” question, and “%s” is not one. "
                         "Choose an NPS question, or calculate a mean or a top-box share."),
                       text);
          return FALSE;
        }

      if (!is_rating_kind (kind))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("“%s” is not a rating question, so it has no scores to calculate "
                         "with. Choose a CSAT, NPS, CES or rating-scale question."),
                       text);
          return FALSE;
        }
    }

  return TRUE;
}

/* @base, or @base-2, @base-3… : the first code no other KPI uses. */
static char *
unique_code (PlWorkspace  *workspace,
             const char   *base,
             gint64        own_id,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT 1 FROM kpis WHERE code = ? AND id <> ?",
                               error);
  if (stmt == NULL)
    return NULL;

  for (guint n = 1; ; n++)
    {
      g_autofree char *candidate = NULL;
      int rc;

      candidate = n == 1 ? g_strdup (base) : g_strdup_printf ("%s-%u", base, n);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, candidate, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, own_id);
      rc = sqlite3_step (stmt);

      if (rc == SQLITE_DONE)
        return g_steal_pointer (&candidate);
      if (rc != SQLITE_ROW)
        {
          pl_workspace_set_db_error (workspace, error, _("The KPI could not be saved"));
          return NULL;
        }
    }
}

static gboolean
save_in_transaction (PlKpi        *self,
                     PlWorkspace  *workspace,
                     gint64       *out_id,
                     gint64       *out_position,
                     char        **out_code,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *base = NULL;
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  sqlite3 *db = pl_workspace_get_db (workspace);
  gint64 position = self->position;
  gint64 id = self->id;

  if (!check_references (self, workspace, error))
    return FALSE;

  base = g_strstrip (g_strdup (self->code));
  if (*base == '\0')
    {
      g_free (base);
      base = slug_from_name (self->name);
    }

  code = unique_code (workspace, base, id, error);
  if (code == NULL)
    return FALSE;

  name = g_strstrip (g_strdup (self->name));

  if (id == 0)
    {
      g_autoptr(sqlite3_stmt) max_stmt = NULL;

      max_stmt = pl_workspace_prepare (workspace,
                                       "SELECT COALESCE (MAX (position), 0) + 1 FROM kpis",
                                       error);
      if (max_stmt == NULL)
        return FALSE;
      if (sqlite3_step (max_stmt) != SQLITE_ROW)
        {
          pl_workspace_set_db_error (workspace, error, _("The KPI could not be saved"));
          return FALSE;
        }
      position = sqlite3_column_int64 (max_stmt, 0);

      stmt = pl_workspace_prepare (workspace,
                                   "INSERT INTO kpis (code, name, definition, template, source,"
                                   " calculation, question_id, scorecard_id, metric_id, top_box_min,"
                                   " unit, decimals, direction, target, red_threshold, period,"
                                   " position, created_at, updated_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                                   " ?13, ?14, ?15, ?16, ?17, ?18, ?18)",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 17, position);
    }
  else
    {
      stmt = pl_workspace_prepare (workspace,
                                   "UPDATE kpis SET code = ?1, name = ?2, definition = ?3,"
                                   " template = ?4, source = ?5, calculation = ?6, question_id = ?7,"
                                   " scorecard_id = ?8, metric_id = ?9, top_box_min = ?10, unit = ?11,"
                                   " decimals = ?12, direction = ?13, target = ?14,"
                                   " red_threshold = ?15, period = ?16, updated_at = ?18"
                                   " WHERE id = ?19",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 19, id);
    }

  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  pl_bind_text_or_null (stmt, 3, self->definition);
  pl_bind_text_or_null (stmt, 4, self->template_id);
  sqlite3_bind_text (stmt, 5, source_names[self->source], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, calc_names[self->calc], -1, SQLITE_STATIC);
  /* Only the reference the source uses is kept. */
  pl_bind_id_or_null (stmt, 7, self->source == PL_KPI_SOURCE_SURVEY ? self->question_id : 0);
  pl_bind_id_or_null (stmt, 8, self->source == PL_KPI_SOURCE_SCORECARD ? self->scorecard_id : 0);
  pl_bind_id_or_null (stmt, 9, self->source == PL_KPI_SOURCE_METRIC ? self->metric_id : 0);
  if (isfinite (self->top_box_min))
    sqlite3_bind_double (stmt, 10, self->top_box_min);
  else
    sqlite3_bind_null (stmt, 10);
  sqlite3_bind_text (stmt, 11, self->unit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 12, self->decimals);
  sqlite3_bind_text (stmt, 13, self->higher_is_better ? "higher" : "lower", -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 14, self->target);
  sqlite3_bind_double (stmt, 15, self->red_threshold);
  sqlite3_bind_text (stmt, 16, period_names[self->period], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 18, now, -1, SQLITE_TRANSIENT);

  if (!pl_workspace_step_done (workspace, stmt, error))
    return FALSE;

  if (id == 0)
    id = sqlite3_last_insert_rowid (db);
  else if (sqlite3_changes (db) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This KPI is no longer in the workspace, so the changes could "
                             "not be saved. Add it again as a new KPI."));
      return FALSE;
    }

  if (!pl_workspace_audit (workspace, self->id == 0 ? "create" : "update",
                           "kpi", id, code, error))
    return FALSE;

  *out_id = id;
  *out_position = position;
  *out_code = g_steal_pointer (&code);
  return TRUE;
}

/**
 * pl_kpi_save:
 *
 * Validates the KPI, then inserts it (when its id is 0) or updates it, in
 * one transaction with an audit entry (a savepoint when the caller has a
 * transaction open; the caller then commits and emits the change). An
 * empty code is derived from the name; a code another KPI has is made
 * unique with "-2", "-3"… Only the reference that the KPI's source uses is
 * kept (the others become 0).
 * On success the KPI has its id and final code.
 */
gboolean
pl_kpi_save (PlKpi        *self,
             PlWorkspace  *workspace,
             GError      **error)
{
  g_autofree char *code = NULL;
  gint64 id = 0;
  gint64 position = 0;
  gboolean nested = FALSE;

  g_return_val_if_fail (PL_IS_KPI (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_kpi_validate (self, error))
    return FALSE;

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  if (!save_in_transaction (self, workspace, &id, &position, &code, error) ||
      !write_commit (workspace, nested, error))
    {
      write_rollback (workspace, nested);
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  self->position = position;
  pl_kpi_set_code (self, code);
  if (self->source != PL_KPI_SOURCE_SURVEY)
    pl_kpi_set_question_id (self, 0);
  if (self->source != PL_KPI_SOURCE_SCORECARD)
    pl_kpi_set_scorecard_id (self, 0);
  if (self->source != PL_KPI_SOURCE_METRIC)
    pl_kpi_set_metric_id (self, 0);
  g_object_thaw_notify (G_OBJECT (self));

  if (!nested)
    pl_workspace_emit_changed (workspace, "kpis");
  return TRUE;
}

/**
 * pl_kpi_set_archived:
 * @self: a saved KPI
 *
 * Archives the KPI (it leaves the default list and the Overview, its
 * history stays) or brings it back.
 */
gboolean
pl_kpi_set_archived (PlKpi        *self,
                     PlWorkspace  *workspace,
                     gboolean      archived,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  gboolean nested = FALSE;

  g_return_val_if_fail (PL_IS_KPI (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (self->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  archived = !!archived;

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace,
                               "UPDATE kpis SET archived = ?, updated_at = ? WHERE id = ?",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int (stmt, 1, archived);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, self->id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This KPI is no longer in the workspace."));
      goto failed;
    }

  if (!pl_workspace_audit (workspace, archived ? "archive" : "restore",
                           "kpi", self->id, self->code, error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  if (self->archived != archived)
    {
      self->archived = archived;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVED]);
    }

  if (!nested)
    pl_workspace_emit_changed (workspace, "kpis");
  return TRUE;

failed:
  write_rollback (workspace, nested);
  return FALSE;
}

/* Computation
 *
 * Every query binds the period modifiers as ?1 and ?2 and its source's id
 * as ?3, and returns (period start, value, n) per period, oldest first.
 * Only periods with data come back, so no value is ever NaN. */

/* Answers live in each response as JSON (pl-schema.c, version 3): read
 * the question's survey by its (survey, date) index and take the one
 * answer from each response. */
static const char survey_sql[] =
  "SELECT date (x.responded_on, ?1, ?2) AS p,"
  "       CASE ?4"
  "         WHEN 'top_box' THEN 100.0 * SUM (x.v >= ?5) / COUNT (x.v)"
  "         WHEN 'nps' THEN 100.0 * (SUM (x.v >= 9) - SUM (x.v <= 6)) / COUNT (x.v)"
  "         ELSE AVG (x.v)"
  "       END,"
  "       COUNT (x.v)"
  "  FROM (SELECT r.responded_on, json_extract (r.answers, '$.\"' || ?3 || '\"') AS v"
  "          FROM responses r"
  "         WHERE r.survey_id = (SELECT survey_id FROM questions WHERE id = ?3)"
  "           AND r.excluded = 0 AND r.trashed_at IS NULL) x"
  " WHERE typeof (x.v) IN ('integer', 'real')"
  " GROUP BY p HAVING p IS NOT NULL"
  " ORDER BY p";

/* Every version of the scorecard counts: walk up to the first version,
 * then down to all its descendants. */
static const char score_sql[] =
  "WITH RECURSIVE"
  "  up (id, parent_id) AS ("
  "    SELECT id, parent_id FROM scorecards WHERE id = ?3"
  "    UNION SELECT s.id, s.parent_id FROM scorecards s JOIN up ON s.id = up.parent_id),"
  "  family (id) AS ("
  "    SELECT ?3"
  "    UNION SELECT id FROM up WHERE parent_id IS NULL"
  "    UNION SELECT s.id FROM scorecards s JOIN family ON s.parent_id = family.id)"
  "SELECT date (o.observed_on, ?1, ?2) AS p, AVG (o.score), COUNT (o.score)"
  "  FROM observations o"
  " WHERE o.scorecard_id IN (SELECT id FROM family) AND o.score IS NOT NULL"
  "   AND o.excluded = 0 AND o.trashed_at IS NULL"
  " GROUP BY p HAVING p IS NOT NULL"
  " ORDER BY p";

static const char metric_mean_sql[] =
  "SELECT date (period_start, ?1, ?2) AS p, AVG (value), COUNT (value)"
  "  FROM metric_values WHERE series_id = ?3 AND value IS NOT NULL"
  " GROUP BY p HAVING p IS NOT NULL"
  " ORDER BY p";

static const char metric_sum_sql[] =
  "SELECT date (period_start, ?1, ?2) AS p, SUM (value), COUNT (value)"
  "  FROM metric_values WHERE series_id = ?3 AND value IS NOT NULL"
  " GROUP BY p HAVING p IS NOT NULL"
  " ORDER BY p";

static const char metric_ratio_sql[] =
  "SELECT date (period_start, ?1, ?2) AS p,"
  "       ?4 * SUM (numerator) / SUM (denominator), SUM (denominator)"
  "  FROM metric_values"
  " WHERE series_id = ?3 AND numerator IS NOT NULL AND denominator IS NOT NULL"
  " GROUP BY p HAVING p IS NOT NULL AND SUM (denominator) <> 0"
  " ORDER BY p";

/* A complaint is judged once it is resolved, or once its promised time has
 * run out before the "as of" day: the latest day the log knows about, so
 * the same workspace always gives the same figures. A period is reported
 * only when every complaint received in it has been judged: while some are
 * open and not yet due, its figure would count only the quick resolutions
 * and look better than it will turn out. */
static const char within_promise_sql[] =
  "WITH c AS ("
  "    SELECT received_on, resolved_on, promised_days FROM complaints"
  "     WHERE excluded = 0 AND trashed_at IS NULL),"
  "  as_of (day) AS ("
  "    SELECT max (COALESCE ((SELECT max (date (received_on)) FROM c), ''),"
  "                COALESCE ((SELECT max (date (resolved_on)) FROM c), ''))),"
  "  judged AS ("
  "    SELECT date (c.received_on, ?1, ?2) AS p,"
  "           c.resolved_on IS NOT NULL"
  "             AND julianday (date (c.resolved_on)) - julianday (date (c.received_on))"
  "                 <= c.promised_days AS kept,"
  "           c.resolved_on IS NOT NULL"
  "             OR julianday (date (c.received_on)) + c.promised_days"
  "                < julianday (as_of.day) AS counted"
  "      FROM c, as_of)"
  "SELECT p, 100.0 * SUM (kept) / COUNT (*), COUNT (*)"
  "  FROM judged WHERE p IS NOT NULL"
  " GROUP BY p HAVING MIN (counted) = 1"
  " ORDER BY p";

static GArray *
collect_points (PlWorkspace   *workspace,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr(GArray) points = g_array_new (FALSE, TRUE, sizeof (PlKpiPoint));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *period_start = (const char *) sqlite3_column_text (stmt, 0);
      PlKpiPoint point = { { 0 }, 0, 0 };

      if (period_start == NULL ||
          sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        continue;

      point.value = sqlite3_column_double (stmt, 1);
      if (!isfinite (point.value))
        continue;

      g_strlcpy (point.period_start, period_start, sizeof point.period_start);
      point.n = (gint64) llround (sqlite3_column_double (stmt, 2));
      g_array_append_val (points, point);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The KPI could not be calculated"));
      return NULL;
    }

  return g_steal_pointer (&points);
}

static sqlite3_stmt *
prepare_metric (PlKpi        *self,
                PlWorkspace  *workspace,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) series = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *aggregation = NULL;
  double scale;
  int rc;

  series = pl_workspace_prepare (workspace,
                                 "SELECT aggregation, scale FROM metric_series WHERE id = ?",
                                 error);
  if (series == NULL)
    return NULL;

  sqlite3_bind_int64 (series, 1, self->metric_id);
  rc = sqlite3_step (series);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("The operational metric this KPI is calculated from is not "
                             "in the workspace. Edit the KPI and choose another metric."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The KPI could not be calculated"));
      return NULL;
    }

  aggregation = g_strdup (pl_column_text (series, 0));
  scale = sqlite3_column_double (series, 1);

  if (strcmp (aggregation, "ratio") == 0)
    {
      stmt = pl_workspace_prepare (workspace, metric_ratio_sql, error);
      if (stmt != NULL)
        sqlite3_bind_double (stmt, 4, scale);
    }
  else if (strcmp (aggregation, "sum") == 0)
    stmt = pl_workspace_prepare (workspace, metric_sum_sql, error);
  else
    stmt = pl_workspace_prepare (workspace, metric_mean_sql, error);

  return g_steal_pointer (&stmt);
}

/**
 * pl_kpi_compute:
 *
 * Returns: (transfer full): a #GArray of #PlKpiPoint, one per period that
 *   has data, oldest first; %NULL with @error set on failure
 */
GArray *
pl_kpi_compute (PlKpi        *self,
                PlWorkspace  *workspace,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_KPI (self), NULL);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pl_kpi_validate (self, error))
    return NULL;

  switch (self->source)
    {
    case PL_KPI_SOURCE_SURVEY:
      stmt = pl_workspace_prepare (workspace, survey_sql, error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 3, self->question_id);
      sqlite3_bind_text (stmt, 4, calc_names[self->calc], -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 5, self->top_box_min);
      break;

    case PL_KPI_SOURCE_SCORECARD:
      stmt = pl_workspace_prepare (workspace, score_sql, error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 3, self->scorecard_id);
      break;

    case PL_KPI_SOURCE_METRIC:
      stmt = prepare_metric (self, workspace, error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 3, self->metric_id);
      break;

    case PL_KPI_SOURCE_COMPLAINTS:
    default:
      stmt = pl_workspace_prepare (workspace, within_promise_sql, error);
      if (stmt == NULL)
        return NULL;
      break;
    }

  sqlite3_bind_text (stmt, 1, period_modifiers[self->period][0], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, period_modifiers[self->period][1], -1, SQLITE_STATIC);

  return collect_points (workspace, stmt, error);
}

/**
 * pl_kpi_summarise:
 * @points: (element-type PlKpiPoint) (nullable): from pl_kpi_compute()
 * @summary: (out caller-allocates): the latest period against the one before
 */
void
pl_kpi_summarise (PlKpi        *self,
                  GArray       *points,
                  PlKpiSummary *summary)
{
  const PlKpiPoint *latest;

  g_return_if_fail (PL_IS_KPI (self));
  g_return_if_fail (summary != NULL);

  memset (summary, 0, sizeof *summary);
  summary->status = PL_STATUS_NONE;

  if (points == NULL || points->len == 0)
    return;

  latest = &g_array_index (points, PlKpiPoint, points->len - 1);
  summary->has_value = TRUE;
  summary->latest = *latest;
  summary->status = pl_kpi_status_for (self, latest->value);

  if (points->len >= 2)
    {
      summary->has_previous = TRUE;
      summary->previous = g_array_index (points, PlKpiPoint, points->len - 2).value;
      summary->change = latest->value - summary->previous;
      summary->improving = self->higher_is_better ? summary->change > 0 : summary->change < 0;
    }
}
