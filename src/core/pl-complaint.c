/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pl-complaint.h"
#include "pl-error.h"
#include "pl-util.h"

struct _PlComplaint
{
  GObject parent_instance;

  gint64 id;
  char *reference;
  char *received_on;
  gint64 channel_id;
  char *channel_name;
  char *category;
  char *description;
  double promised_days;
  char *responded_on;
  char *resolved_on;
  char *outcome;
  gint64 colleague_id;
  char *colleague_name;
  gboolean excluded;
  char *exclusion_reason;
  gboolean trashed;
};

G_DEFINE_FINAL_TYPE (PlComplaint, pl_complaint, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlComplaintState, pl_complaint_state,
  G_DEFINE_ENUM_VALUE (PL_COMPLAINT_STATE_KEPT, "kept"),
  G_DEFINE_ENUM_VALUE (PL_COMPLAINT_STATE_BROKEN, "broken"),
  G_DEFINE_ENUM_VALUE (PL_COMPLAINT_STATE_OPEN, "open"),
  G_DEFINE_ENUM_VALUE (PL_COMPLAINT_STATE_OVERDUE, "overdue"))

enum {
  PROP_0,
  PROP_ID,
  PROP_REFERENCE,
  PROP_RECEIVED_ON,
  PROP_CHANNEL_ID,
  PROP_CATEGORY,
  PROP_DESCRIPTION,
  PROP_PROMISED_DAYS,
  PROP_RESPONDED_ON,
  PROP_RESOLVED_ON,
  PROP_OUTCOME,
  PROP_COLLEAGUE_ID,
  PROP_EXCLUDED,
  PROP_TRASHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const state_names[] = {
  [PL_COMPLAINT_STATE_KEPT] = "kept",
  [PL_COMPLAINT_STATE_BROKEN] = "broken",
  [PL_COMPLAINT_STATE_OPEN] = "open",
  [PL_COMPLAINT_STATE_OVERDUE] = "overdue",
};

static const char * const state_labels[] = {
  [PL_COMPLAINT_STATE_KEPT] = N_("Kept"),
  [PL_COMPLAINT_STATE_BROKEN] = N_("Broken"),
  [PL_COMPLAINT_STATE_OPEN] = N_("Open"),
  [PL_COMPLAINT_STATE_OVERDUE] = N_("Overdue"),
};

#define DEFAULT_PROMISED_DAYS 2.0

/* The promise's state, as of ?1, in the same terms as the KPI's
 * within_promise_sql: kept when resolved_on − received_on <= promised_days
 * (julian days of the dates), overdue when received_on + promised_days is
 * before the "as of" day. The values are PlComplaintState's. */
#define STATE_SQL \
  "CASE WHEN c.resolved_on IS NOT NULL AND date (c.resolved_on) <= ?1 THEN" \
  "       CASE WHEN julianday (date (c.resolved_on)) - julianday (date (c.received_on))" \
  "                 <= c.promised_days THEN 0 ELSE 1 END" \
  "     WHEN julianday (date (c.received_on)) + c.promised_days < julianday (?1) THEN 3" \
  "     ELSE 2 END"

#define COMPLAINT_COLUMNS \
  "c.id, c.reference, c.received_on, c.channel_id, ch.name, c.category, c.description," \
  " c.promised_days, c.responded_on, c.resolved_on, c.outcome, c.colleague_id," \
  " co.display_name, c.excluded, c.exclusion_reason, c.trashed_at IS NOT NULL"

#define COMPLAINT_FROM \
  " FROM complaints c" \
  " LEFT JOIN channels ch ON ch.id = c.channel_id" \
  " LEFT JOIN colleagues co ON co.id = c.colleague_id"

/* ?1 as of, ?2 state or -1, ?3 channel, ?4 colleague, ?5 category, ?6 and
 * ?7 the received range. */
#define FILTERED \
  "SELECT " COMPLAINT_COLUMNS ", " STATE_SQL " AS state" COMPLAINT_FROM \
  " WHERE c.trashed_at IS NULL" \
  "   AND (?3 = 0 OR c.channel_id = ?3)" \
  "   AND (?4 = 0 OR c.colleague_id = ?4)" \
  "   AND (?5 IS NULL OR c.category = ?5 COLLATE NOCASE)" \
  "   AND (?6 IS NULL OR date (c.received_on) >= ?6)" \
  "   AND (?7 IS NULL OR date (c.received_on) <= ?7)"

/* Helpers */

static PlComplaint *
complaint_from_row (sqlite3_stmt *stmt)
{
  PlComplaint *self = g_object_new (PL_TYPE_COMPLAINT, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  pl_str_replace (&self->reference, pl_column_text (stmt, 1));
  pl_str_replace (&self->received_on, pl_column_text (stmt, 2));
  self->channel_id = sqlite3_column_int64 (stmt, 3);
  pl_str_replace (&self->channel_name, pl_column_text (stmt, 4));
  pl_str_replace (&self->category, pl_column_text (stmt, 5));
  pl_str_replace (&self->description, pl_column_text (stmt, 6));
  self->promised_days = sqlite3_column_double (stmt, 7);
  pl_str_replace (&self->responded_on, pl_column_text (stmt, 8));
  pl_str_replace (&self->resolved_on, pl_column_text (stmt, 9));
  pl_str_replace (&self->outcome, pl_column_text (stmt, 10));
  self->colleague_id = sqlite3_column_int64 (stmt, 11);
  pl_str_replace (&self->colleague_name, pl_column_text (stmt, 12));
  self->excluded = sqlite3_column_int (stmt, 13) != 0;
  pl_str_replace (&self->exclusion_reason, pl_column_text (stmt, 14));
  self->trashed = sqlite3_column_int (stmt, 15) != 0;

  return self;
}

/* Days since 1970 of a "YYYY-MM-DD" (or a moment's day); FALSE if none. */
static gboolean
day_number (const char *text,
            gint64     *out_days)
{
  GDate date;

  if (text == NULL || *text == '\0' || !pl_date_parse_iso (text, &date))
    return FALSE;

  *out_days = pl_date_to_days (&date);
  return TRUE;
}

static gint64
days_between (const char *from,
              const char *to)
{
  gint64 a, b;

  if (!day_number (from, &a) || !day_number (to, &b))
    return -1;

  return b - a;
}

static void
bind_filter (sqlite3_stmt            *stmt,
             const PlComplaintFilter *filter,
             const char              *today)
{
  sqlite3_bind_text (stmt, 1, filter->as_of != NULL ? filter->as_of : today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, filter->state);
  sqlite3_bind_int64 (stmt, 3, MAX (filter->channel_id, 0));
  sqlite3_bind_int64 (stmt, 4, MAX (filter->colleague_id, 0));
  pl_bind_text_or_null (stmt, 5, filter->category);
  pl_bind_text_or_null (stmt, 6, filter->received_from);
  pl_bind_text_or_null (stmt, 7, filter->received_to);
}

/* GObject */

static void
pl_complaint_finalize (GObject *object)
{
  PlComplaint *self = (PlComplaint *) object;

  g_clear_pointer (&self->reference, g_free);
  g_clear_pointer (&self->received_on, g_free);
  g_clear_pointer (&self->channel_name, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->responded_on, g_free);
  g_clear_pointer (&self->resolved_on, g_free);
  g_clear_pointer (&self->outcome, g_free);
  g_clear_pointer (&self->colleague_name, g_free);
  g_clear_pointer (&self->exclusion_reason, g_free);

  G_OBJECT_CLASS (pl_complaint_parent_class)->finalize (object);
}

static void
pl_complaint_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PlComplaint *self = PL_COMPLAINT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_REFERENCE:
      g_value_set_string (value, self->reference);
      break;
    case PROP_RECEIVED_ON:
      g_value_set_string (value, self->received_on);
      break;
    case PROP_CHANNEL_ID:
      g_value_set_int64 (value, self->channel_id);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_PROMISED_DAYS:
      g_value_set_double (value, self->promised_days);
      break;
    case PROP_RESPONDED_ON:
      g_value_set_string (value, self->responded_on);
      break;
    case PROP_RESOLVED_ON:
      g_value_set_string (value, self->resolved_on);
      break;
    case PROP_OUTCOME:
      g_value_set_string (value, self->outcome);
      break;
    case PROP_COLLEAGUE_ID:
      g_value_set_int64 (value, self->colleague_id);
      break;
    case PROP_EXCLUDED:
      g_value_set_boolean (value, self->excluded);
      break;
    case PROP_TRASHED:
      g_value_set_boolean (value, self->trashed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_complaint_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PlComplaint *self = PL_COMPLAINT (object);

  switch (prop_id)
    {
    case PROP_REFERENCE:
      pl_complaint_set_reference (self, g_value_get_string (value));
      break;
    case PROP_RECEIVED_ON:
      pl_complaint_set_received_on (self, g_value_get_string (value));
      break;
    case PROP_CHANNEL_ID:
      pl_complaint_set_channel_id (self, g_value_get_int64 (value));
      break;
    case PROP_CATEGORY:
      pl_complaint_set_category (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      pl_complaint_set_description (self, g_value_get_string (value));
      break;
    case PROP_PROMISED_DAYS:
      pl_complaint_set_promised_days (self, g_value_get_double (value));
      break;
    case PROP_RESPONDED_ON:
      pl_complaint_set_responded_on (self, g_value_get_string (value));
      break;
    case PROP_RESOLVED_ON:
      pl_complaint_set_resolved_on (self, g_value_get_string (value));
      break;
    case PROP_OUTCOME:
      pl_complaint_set_outcome (self, g_value_get_string (value));
      break;
    case PROP_COLLEAGUE_ID:
      pl_complaint_set_colleague_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_complaint_class_init (PlComplaintClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pl_complaint_finalize;
  object_class->get_property = pl_complaint_get_property;
  object_class->set_property = pl_complaint_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_REFERENCE] = g_param_spec_string ("reference", NULL, NULL, "", rw);
  properties[PROP_RECEIVED_ON] = g_param_spec_string ("received-on", NULL, NULL, "", rw);
  properties[PROP_CHANNEL_ID] = g_param_spec_int64 ("channel-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, "", rw);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, "", rw);
  properties[PROP_PROMISED_DAYS] =
    g_param_spec_double ("promised-days", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         DEFAULT_PROMISED_DAYS, rw);
  properties[PROP_RESPONDED_ON] = g_param_spec_string ("responded-on", NULL, NULL, "", rw);
  properties[PROP_RESOLVED_ON] = g_param_spec_string ("resolved-on", NULL, NULL, "", rw);
  properties[PROP_OUTCOME] = g_param_spec_string ("outcome", NULL, NULL, "", rw);
  properties[PROP_COLLEAGUE_ID] = g_param_spec_int64 ("colleague-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_EXCLUDED] = g_param_spec_boolean ("excluded", NULL, NULL, FALSE, ro);
  properties[PROP_TRASHED] = g_param_spec_boolean ("trashed", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pl_complaint_init (PlComplaint *self)
{
  self->reference = g_strdup ("");
  self->received_on = g_strdup ("");
  self->channel_name = g_strdup ("");
  self->category = g_strdup ("");
  self->description = g_strdup ("");
  self->promised_days = DEFAULT_PROMISED_DAYS;
  self->responded_on = g_strdup ("");
  self->resolved_on = g_strdup ("");
  self->outcome = g_strdup ("");
  self->colleague_name = g_strdup ("");
  self->exclusion_reason = g_strdup ("");
}

/* Enums */

const char *
pl_complaint_state_to_string (PlComplaintState state)
{
  g_return_val_if_fail (state <= PL_COMPLAINT_STATE_OVERDUE, NULL);
  return state_names[state];
}

const char *
pl_complaint_state_to_label (PlComplaintState state)
{
  g_return_val_if_fail (state <= PL_COMPLAINT_STATE_OVERDUE, NULL);
  return _(state_labels[state]);
}

/* Properties */

PlComplaint *
pl_complaint_new (void)
{
  return g_object_new (PL_TYPE_COMPLAINT, NULL);
}

gint64
pl_complaint_get_id (PlComplaint *self)
{
  g_return_val_if_fail (PL_IS_COMPLAINT (self), 0);
  return self->id;
}

#define STRING_PROPERTY(field, PROP)                                          \
  const char *                                                                \
  pl_complaint_get_##field (PlComplaint *self)                                \
  {                                                                           \
    g_return_val_if_fail (PL_IS_COMPLAINT (self), NULL);                      \
    return self->field;                                                       \
  }                                                                           \
                                                                              \
  void                                                                        \
  pl_complaint_set_##field (PlComplaint *self,                                \
                            const char  *value)                               \
  {                                                                           \
    g_return_if_fail (PL_IS_COMPLAINT (self));                                \
                                                                              \
    if (pl_str_replace (&self->field, value))                                 \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);           \
  }

STRING_PROPERTY (reference, PROP_REFERENCE)
STRING_PROPERTY (received_on, PROP_RECEIVED_ON)
STRING_PROPERTY (category, PROP_CATEGORY)
STRING_PROPERTY (description, PROP_DESCRIPTION)
STRING_PROPERTY (responded_on, PROP_RESPONDED_ON)
STRING_PROPERTY (resolved_on, PROP_RESOLVED_ON)
STRING_PROPERTY (outcome, PROP_OUTCOME)

#undef STRING_PROPERTY

gint64
pl_complaint_get_channel_id (PlComplaint *self)
{
  g_return_val_if_fail (PL_IS_COMPLAINT (self), 0);
  return self->channel_id;
}

void
pl_complaint_set_channel_id (PlComplaint *self,
                             gint64       channel_id)
{
  g_return_if_fail (PL_IS_COMPLAINT (self));

  channel_id = MAX (channel_id, 0);
  if (self->channel_id == channel_id)
    return;

  self->channel_id = channel_id;
  pl_str_replace (&self->channel_name, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_ID]);
}

const char *
pl_complaint_get_channel_name (PlComplaint *self)
{
  g_return_val_if_fail (PL_IS_COMPLAINT (self), NULL);
  return self->channel_name;
}

double
pl_complaint_get_promised_days (PlComplaint *self)
{
  g_return_val_if_fail (PL_IS_COMPLAINT (self), 0);
  return self->promised_days;
}

void
pl_complaint_set_promised_days (PlComplaint *self,
                                double       promised_days)
{
  g_return_if_fail (PL_IS_COMPLAINT (self));

  if (self->promised_days == promised_days)
    return;

  self->promised_days = promised_days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMISED_DAYS]);
}

gint64
pl_complaint_get_colleague_id (PlComplaint *self)
{
  g_return_val_if_fail (PL_IS_COMPLAINT (self), 0);
  return self->colleague_id;
}

void
pl_complaint_set_colleague_id (PlComplaint *self,
                               gint64       colleague_id)
{
  g_return_if_fail (PL_IS_COMPLAINT (self));

  colleague_id = MAX (colleague_id, 0);
  if (self->colleague_id == colleague_id)
    return;

  self->colleague_id = colleague_id;
  pl_str_replace (&self->colleague_name, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLEAGUE_ID]);
}

const char *
pl_complaint_get_colleague_name (PlComplaint *self)
{
  g_return_val_if_fail (PL_IS_COMPLAINT (self), NULL);
  return self->colleague_name;
}

gboolean
pl_complaint_get_excluded (PlComplaint *self)
{
  g_return_val_if_fail (PL_IS_COMPLAINT (self), FALSE);
  return self->excluded;
}

const char *
pl_complaint_get_exclusion_reason (PlComplaint *self)
{
  g_return_val_if_fail (PL_IS_COMPLAINT (self), NULL);
  return self->exclusion_reason;
}

gboolean
pl_complaint_get_trashed (PlComplaint *self)
{
  g_return_val_if_fail (PL_IS_COMPLAINT (self), FALSE);
  return self->trashed;
}

/* Computed */

gint64
pl_complaint_days_to_respond (PlComplaint *self)
{
  g_return_val_if_fail (PL_IS_COMPLAINT (self), -1);
  return days_between (self->received_on, self->responded_on);
}

gint64
pl_complaint_days_to_resolve (PlComplaint *self)
{
  g_return_val_if_fail (PL_IS_COMPLAINT (self), -1);
  return days_between (self->received_on, self->resolved_on);
}

/**
 * pl_complaint_dup_due_on:
 *
 * Returns: (transfer full) (nullable): the last day on which resolving
 *   keeps the promise, "YYYY-MM-DD"; %NULL without a received day or with
 *   a promised time below 0
 */
char *
pl_complaint_dup_due_on (PlComplaint *self)
{
  gint64 received;
  GDate due;

  g_return_val_if_fail (PL_IS_COMPLAINT (self), NULL);

  if (!day_number (self->received_on, &received) ||
      !isfinite (self->promised_days) || self->promised_days < 0)
    return NULL;

  pl_date_from_days (received + (gint64) floor (self->promised_days), &due);
  return pl_date_to_iso (&due);
}

/**
 * pl_complaint_get_state:
 * @as_of: (nullable): "YYYY-MM-DD"; %NULL for today
 *
 * Returns: whether the promise was kept, broken, or is still open in time
 *   or overdue on @as_of, as the complaints KPI judges it
 */
PlComplaintState
pl_complaint_get_state (PlComplaint *self,
                        const char  *as_of)
{
  g_autofree char *today = NULL;
  gint64 received, resolved, day;

  g_return_val_if_fail (PL_IS_COMPLAINT (self), PL_COMPLAINT_STATE_OPEN);

  if (as_of == NULL)
    as_of = today = pl_today_iso ();
  if (!day_number (as_of, &day) || !day_number (self->received_on, &received))
    return PL_COMPLAINT_STATE_OPEN;

  if (day_number (self->resolved_on, &resolved) && resolved <= day)
    return (double) (resolved - received) <= self->promised_days
           ? PL_COMPLAINT_STATE_KEPT : PL_COMPLAINT_STATE_BROKEN;

  return (double) received + self->promised_days < (double) day
         ? PL_COMPLAINT_STATE_OVERDUE : PL_COMPLAINT_STATE_OPEN;
}

static gboolean
fail (PlComplaintField  field,
      PlComplaintField *out_field,
      GError          **error,
      const char       *message)
{
  if (out_field != NULL)
    *out_field = field;
  g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID, message);
  return FALSE;
}

/* An optional day after received: responded or resolved. */
static gboolean
check_later_day (const char        *text,
                 const char        *received,
                 const char        *today,
                 PlComplaintField   field,
                 PlComplaintField  *out_field,
                 GError           **error)
{
  g_autofree char *stripped = pl_str_stripped (text);
  g_autofree char *day = NULL;
  gboolean resolved = field == PL_COMPLAINT_FIELD_RESOLVED_ON;

  if (*stripped == '\0')
    return TRUE;

  day = pl_date_parse_day (stripped);
  if (day == NULL)
    return fail (field, out_field, error,
                 resolved ? _("Write the day the complaint was resolved as YYYY-MM-DD, "
                              "for example 2026-11-02, or leave it empty while it is open.")
                          : _("Write the day the customer got a first response as YYYY-MM-DD, "
                              "for example 2026-11-02, or leave it empty until then."));

  if (strcmp (day, received) < 0)
    return fail (field, out_field, error,
                 resolved ? _("The complaint cannot be resolved before it was received. "
                              "Check both dates.")
                          : _("The customer cannot get a response before the complaint was "
                              "received. Check both dates."));

  if (strcmp (day, today) > 0)
    return fail (field, out_field, error,
                 resolved ? _("The resolved date is in the future. Record it once the "
                              "complaint is resolved.")
                          : _("The response date is in the future. Record it once the "
                              "customer has had a response."));

  return TRUE;
}

/**
 * pl_complaint_validate:
 * @out_field: (out) (optional): the field that is wrong
 *
 * Returns: %TRUE if the complaint can be saved, else %FALSE with a
 *   %PL_ERROR_INVALID error that says what to change
 */
gboolean
pl_complaint_validate (PlComplaint       *self,
                       PlComplaintField  *out_field,
                       GError           **error)
{
  g_autofree char *today = pl_today_iso ();
  g_autofree char *stripped = NULL;
  g_autofree char *received = NULL;
  g_autofree char *description = NULL;

  g_return_val_if_fail (PL_IS_COMPLAINT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_field != NULL)
    *out_field = PL_COMPLAINT_FIELD_NONE;

  stripped = pl_str_stripped (self->received_on);
  if (*stripped == '\0')
    return fail (PL_COMPLAINT_FIELD_RECEIVED_ON, out_field, error,
                 _("Give the day the complaint was received."));

  received = pl_date_parse_day (stripped);
  if (received == NULL)
    return fail (PL_COMPLAINT_FIELD_RECEIVED_ON, out_field, error,
                 _("Write the day the complaint was received as YYYY-MM-DD, for example "
                   "2026-11-02."));

  if (strcmp (received, today) > 0)
    return fail (PL_COMPLAINT_FIELD_RECEIVED_ON, out_field, error,
                 _("The received date is in the future. Log a complaint once it has "
                   "come in."));

  if (!isfinite (self->promised_days) || self->promised_days <= 0)
    return fail (PL_COMPLAINT_FIELD_PROMISED_DAYS, out_field, error,
                 _("The promised time must be more than 0 days: the number of days "
                   "within which the customer was told the complaint would be resolved."));

  if (self->promised_days > 365)
    return fail (PL_COMPLAINT_FIELD_PROMISED_DAYS, out_field, error,
                 _("The promised time can be at most 365 days."));

  description = pl_str_stripped (self->description);
  if (*description == '\0')
    return fail (PL_COMPLAINT_FIELD_DESCRIPTION, out_field, error,
                 _("Describe the complaint in a few words: what the customer is unhappy "
                   "about."));

  if (!check_later_day (self->responded_on, received, today,
                        PL_COMPLAINT_FIELD_RESPONDED_ON, out_field, error) ||
      !check_later_day (self->resolved_on, received, today,
                        PL_COMPLAINT_FIELD_RESOLVED_ON, out_field, error))
    return FALSE;

  /* Resolving a complaint answers the customer: a first response dated
   * after the resolution is a mistake in one of the two dates. */
  {
    g_autofree char *responded = pl_date_parse_day (self->responded_on);
    g_autofree char *resolved = pl_date_parse_day (self->resolved_on);

    if (responded != NULL && resolved != NULL && strcmp (responded, resolved) > 0)
      return fail (PL_COMPLAINT_FIELD_RESPONDED_ON, out_field, error,
                   _("The first response is dated after the complaint was resolved. The "
                     "customer hears the outcome at the latest when it is resolved: check both "
                     "dates."));
  }

  return TRUE;
}

/* Listing */

void
pl_complaint_filter_init (PlComplaintFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->state = -1;
}

gboolean
pl_complaint_counts_kept_percent (const PlComplaintCounts *counts,
                                  double                  *out_percent)
{
  gint64 judged;

  g_return_val_if_fail (counts != NULL, FALSE);
  g_return_val_if_fail (out_percent != NULL, FALSE);

  judged = counts->by_state[PL_COMPLAINT_STATE_KEPT] +
           counts->by_state[PL_COMPLAINT_STATE_BROKEN] +
           counts->by_state[PL_COMPLAINT_STATE_OVERDUE];
  if (judged == 0)
    return FALSE;

  *out_percent = 100.0 * (double) counts->by_state[PL_COMPLAINT_STATE_KEPT] / (double) judged;
  return TRUE;
}

/**
 * pl_complaint_list:
 * @filter: (nullable): what to list; %NULL for every complaint as of today
 *
 * Returns: (transfer full): a #GListModel of #PlComplaint not in the
 *   trash, newest received first
 */
GListModel *
pl_complaint_list (PlWorkspace              *workspace,
                   const PlComplaintFilter  *filter,
                   GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = pl_today_iso ();
  PlComplaintFilter any;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter == NULL)
    {
      pl_complaint_filter_init (&any);
      filter = &any;
    }

  stmt = pl_workspace_prepare (workspace,
                               "SELECT * FROM (" FILTERED ")"
                               " WHERE ?2 < 0 OR state = ?2"
                               " ORDER BY received_on DESC, id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  bind_filter (stmt, filter, today);
  return pl_workspace_collect (workspace, stmt, PL_TYPE_COMPLAINT,
                               (PlWorkspaceRowFunc) complaint_from_row,
                               _("The complaints could not be read"), error);
}

/**
 * pl_complaint_count:
 * @out_counts: (out caller-allocates): the counts
 */
gboolean
pl_complaint_count (PlWorkspace              *workspace,
                    const PlComplaintFilter  *filter,
                    PlComplaintCounts        *out_counts,
                    GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = pl_today_iso ();
  PlComplaintFilter any;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (out_counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out_counts, 0, sizeof *out_counts);
  if (filter == NULL)
    pl_complaint_filter_init (&any);
  else
    any = *filter;
  any.state = -1;

  /* The list's query and bindings; ?2, the state, is not used. */
  stmt = pl_workspace_prepare (workspace,
                               "SELECT count (*), total (excluded),"
                               " total (NOT excluded AND state = 0), total (NOT excluded AND state = 1),"
                               " total (NOT excluded AND state = 2), total (NOT excluded AND state = 3)"
                               "  FROM (" FILTERED ")",
                               error);
  if (stmt == NULL)
    return FALSE;

  bind_filter (stmt, &any, today);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The complaints could not be counted"));
      return FALSE;
    }

  out_counts->total = sqlite3_column_int64 (stmt, 0);
  out_counts->excluded = sqlite3_column_int64 (stmt, 1);
  for (int s = 0; s < PL_COMPLAINT_N_STATES; s++)
    out_counts->by_state[s] = sqlite3_column_int64 (stmt, 2 + s);

  return TRUE;
}

/**
 * pl_complaint_load:
 *
 * Returns: (transfer full): the complaint (in the trash or not), or %NULL
 *   with %PL_ERROR_NOT_FOUND
 */
PlComplaint *
pl_complaint_load (PlWorkspace  *workspace,
                   gint64        id,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " COMPLAINT_COLUMNS COMPLAINT_FROM " WHERE c.id = ?",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  return pl_workspace_fetch_one (workspace, stmt, (PlWorkspaceRowFunc) complaint_from_row,
                                 _("That complaint is not in this workspace."),
                                 _("The complaint could not be read"), error);
}

/**
 * pl_complaint_save:
 *
 * Validates the complaint and the channel and colleague it names, then
 * inserts it (id 0) or updates it, with an audit entry, in one
 * transaction. Dates and texts are stored stripped.
 */
gboolean
pl_complaint_save (PlComplaint  *self,
                   PlWorkspace  *workspace,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *reference = NULL;
  g_autofree char *received = NULL;
  g_autofree char *category = NULL;
  g_autofree char *description = NULL;
  g_autofree char *responded = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *channel_name = NULL;
  g_autofree char *colleague_name = NULL;
  sqlite3 *db;
  gint64 id;

  g_return_val_if_fail (PL_IS_COMPLAINT (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_complaint_validate (self, NULL, error))
    return FALSE;

  db = pl_workspace_get_db (workspace);
  reference = pl_str_stripped (self->reference);
  received = pl_date_parse_day (self->received_on);
  category = pl_str_stripped (self->category);
  description = pl_str_stripped (self->description);
  responded = pl_date_parse_day (self->responded_on);
  resolved = pl_date_parse_day (self->resolved_on);
  outcome = pl_str_stripped (self->outcome);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (self->channel_id > 0)
    {
      if (!pl_workspace_lookup_text (workspace, "SELECT name FROM channels WHERE id = ?", self->channel_id,
                        &channel_name, error))
        goto failed;
      if (channel_name == NULL)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("The channel chosen for this complaint is not in the "
                                 "workspace. Choose another channel."));
          goto failed;
        }
    }

  if (self->colleague_id > 0)
    {
      if (!pl_workspace_lookup_text (workspace, "SELECT display_name FROM colleagues WHERE id = ?",
                        self->colleague_id, &colleague_name, error))
        goto failed;
      if (colleague_name == NULL)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("The colleague chosen for this complaint is not in the "
                                 "workspace. Choose another colleague, or none."));
          goto failed;
        }
    }

  if (self->id == 0)
    stmt = pl_workspace_prepare (workspace,
                                 "INSERT INTO complaints (reference, received_on, channel_id,"
                                 " category, description, promised_days, responded_on,"
                                 " resolved_on, outcome, colleague_id, created_at)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                                 error);
  else
    stmt = pl_workspace_prepare (workspace,
                                 "UPDATE complaints SET reference = ?1, received_on = ?2,"
                                 " channel_id = ?3, category = ?4, description = ?5,"
                                 " promised_days = ?6, responded_on = ?7, resolved_on = ?8,"
                                 " outcome = ?9, colleague_id = ?10"
                                 " WHERE id = ?12",
                                 error);
  if (stmt == NULL)
    goto failed;

  pl_bind_text_or_null (stmt, 1, reference);
  sqlite3_bind_text (stmt, 2, received, -1, SQLITE_TRANSIENT);
  pl_bind_id_or_null (stmt, 3, self->channel_id);
  pl_bind_text_or_null (stmt, 4, category);
  sqlite3_bind_text (stmt, 5, description, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 6, self->promised_days);
  pl_bind_text_or_null (stmt, 7, responded);
  pl_bind_text_or_null (stmt, 8, resolved);
  pl_bind_text_or_null (stmt, 9, outcome);
  pl_bind_id_or_null (stmt, 10, self->colleague_id);
  if (self->id == 0)
    sqlite3_bind_text (stmt, 11, now, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 12, self->id);

  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (self->id == 0)
    id = sqlite3_last_insert_rowid (db);
  else if (sqlite3_changes (db) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This complaint is no longer in the workspace, so the changes "
                             "could not be saved."));
      goto failed;
    }
  else
    id = self->id;

  if (!pl_workspace_audit (workspace, self->id == 0 ? "create" : "update", "complaint", id,
                           reference[0] != '\0' ? reference : received, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  pl_complaint_set_reference (self, reference);
  pl_complaint_set_received_on (self, received);
  pl_complaint_set_category (self, category);
  pl_complaint_set_description (self, description);
  pl_complaint_set_responded_on (self, responded);
  pl_complaint_set_resolved_on (self, resolved);
  pl_complaint_set_outcome (self, outcome);
  pl_str_replace (&self->channel_name, channel_name);
  pl_str_replace (&self->colleague_name, colleague_name);
  g_object_thaw_notify (G_OBJECT (self));

  pl_workspace_emit_changed (workspace, "complaints");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

static gboolean
set_trashed (PlComplaint  *self,
             PlWorkspace  *workspace,
             gboolean      trashed,
             GError      **error)
{
  g_return_val_if_fail (PL_IS_COMPLAINT (self), FALSE);
  g_return_val_if_fail (self->id > 0, FALSE);

  if (!pl_workspace_set_trashed (workspace, "complaints", self->id, trashed, FALSE, "complaint",
                                 self->reference[0] != '\0' ? self->reference : self->received_on,
                                 _("This complaint is no longer in the workspace."), error))
    return FALSE;

  if (self->trashed != trashed)
    {
      self->trashed = trashed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRASHED]);
    }

  return TRUE;
}

/**
 * pl_complaint_trash:
 *
 * Moves the complaint to the trash: it leaves the log and the KPI until it
 * is restored.
 */
gboolean
pl_complaint_trash (PlComplaint  *self,
                    PlWorkspace  *workspace,
                    GError      **error)
{
  return set_trashed (self, workspace, TRUE, error);
}

gboolean
pl_complaint_restore (PlComplaint  *self,
                      PlWorkspace  *workspace,
                      GError      **error)
{
  return set_trashed (self, workspace, FALSE, error);
}

/**
 * pl_complaint_list_categories:
 *
 * Returns: (transfer full): the categories in use, most used first, then
 *   by name; %NULL with @error set on failure
 */
GStrv
pl_complaint_list_categories (PlWorkspace  *workspace,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT min (category) FROM complaints"
                               " WHERE trashed_at IS NULL AND trim (coalesce (category, '')) <> ''"
                               " GROUP BY category COLLATE NOCASE"
                               " ORDER BY count (*) DESC, min (category) COLLATE NOCASE",
                               error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, pl_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The complaint categories could not be read"));
      return NULL;
    }

  return g_strv_builder_end (builder);
}

/**
 * pl_complaint_dup_log_as_of:
 *
 * Returns: (transfer full) (nullable): the latest day in the log, as the
 *   complaints KPI takes it; %NULL for an empty log or on error
 */
char *
pl_complaint_dup_log_as_of (PlWorkspace  *workspace,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *day;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The same expression as the KPI's as_of. */
  stmt = pl_workspace_prepare (workspace,
                               "WITH c AS (SELECT received_on, resolved_on FROM complaints"
                               "            WHERE excluded = 0 AND trashed_at IS NULL)"
                               "SELECT max (COALESCE ((SELECT max (date (received_on)) FROM c), ''),"
                               "            COALESCE ((SELECT max (date (resolved_on)) FROM c), ''))",
                               error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The complaints could not be read"));
      return NULL;
    }

  day = pl_column_text (stmt, 0);
  return day != NULL && *day != '\0' ? g_strdup (day) : NULL;
}
