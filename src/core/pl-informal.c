/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pl-error.h"
#include "pl-informal.h"
#include "pl-util.h"

struct _PlInformal
{
  GObject parent_instance;

  gint64 id;
  PlInformalSource source;
  char *received_on;
  char *text;
  PlInformalSentiment sentiment;
  gint64 colleague_id;
  char *colleague_name;
  gint64 channel_id;
  char *channel_name;
  gboolean trashed;
};

G_DEFINE_FINAL_TYPE (PlInformal, pl_informal, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlInformalSource, pl_informal_source,
  G_DEFINE_ENUM_VALUE (PL_INFORMAL_SOURCE_COMMENT_CARD, "comment_card"),
  G_DEFINE_ENUM_VALUE (PL_INFORMAL_SOURCE_SOCIAL_MEDIA, "social_media"),
  G_DEFINE_ENUM_VALUE (PL_INFORMAL_SOURCE_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (PL_INFORMAL_SOURCE_FACE_TO_FACE, "face_to_face"),
  G_DEFINE_ENUM_VALUE (PL_INFORMAL_SOURCE_PHONE, "phone"),
  G_DEFINE_ENUM_VALUE (PL_INFORMAL_SOURCE_OTHER, "other"))

G_DEFINE_ENUM_TYPE (PlInformalSentiment, pl_informal_sentiment,
  G_DEFINE_ENUM_VALUE (PL_INFORMAL_SENTIMENT_POSITIVE, "positive"),
  G_DEFINE_ENUM_VALUE (PL_INFORMAL_SENTIMENT_NEUTRAL, "neutral"),
  G_DEFINE_ENUM_VALUE (PL_INFORMAL_SENTIMENT_NEGATIVE, "negative"))

enum {
  PROP_0,
  PROP_ID,
  PROP_SOURCE,
  PROP_RECEIVED_ON,
  PROP_TEXT,
  PROP_SENTIMENT,
  PROP_COLLEAGUE_ID,
  PROP_CHANNEL_ID,
  PROP_TRASHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const source_names[] = {
  [PL_INFORMAL_SOURCE_COMMENT_CARD] = "comment_card",
  [PL_INFORMAL_SOURCE_SOCIAL_MEDIA] = "social_media",
  [PL_INFORMAL_SOURCE_EMAIL] = "email",
  [PL_INFORMAL_SOURCE_FACE_TO_FACE] = "face_to_face",
  [PL_INFORMAL_SOURCE_PHONE] = "phone",
  [PL_INFORMAL_SOURCE_OTHER] = "other",
};

static const char * const source_labels[] = {
  [PL_INFORMAL_SOURCE_COMMENT_CARD] = N_("Comment card"),
  [PL_INFORMAL_SOURCE_SOCIAL_MEDIA] = N_("Social media"),
  [PL_INFORMAL_SOURCE_EMAIL] = N_("Email"),
  [PL_INFORMAL_SOURCE_FACE_TO_FACE] = N_("Face to face"),
  [PL_INFORMAL_SOURCE_PHONE] = N_("Phone"),
  [PL_INFORMAL_SOURCE_OTHER] = N_("Other"),
};

static const char * const sentiment_names[] = {
  [PL_INFORMAL_SENTIMENT_POSITIVE] = "positive",
  [PL_INFORMAL_SENTIMENT_NEUTRAL] = "neutral",
  [PL_INFORMAL_SENTIMENT_NEGATIVE] = "negative",
};

static const char * const sentiment_labels[] = {
  [PL_INFORMAL_SENTIMENT_POSITIVE] = N_("Positive"),
  [PL_INFORMAL_SENTIMENT_NEUTRAL] = N_("Neutral"),
  [PL_INFORMAL_SENTIMENT_NEGATIVE] = N_("Negative"),
};

#define INFORMAL_COLUMNS \
  "f.id, f.source, f.received_on, f.text, f.sentiment, f.colleague_id, co.display_name," \
  " f.channel_id, ch.name, f.trashed_at IS NOT NULL"

#define INFORMAL_FROM \
  " FROM informal_feedback f" \
  " LEFT JOIN colleagues co ON co.id = f.colleague_id" \
  " LEFT JOIN channels ch ON ch.id = f.channel_id"

/* ?1 source, ?2 sentiment (names, or NULL), ?3 colleague, ?4 channel, ?5
 * and ?6 the received range, ?7 words to find. */
#define INFORMAL_WHERE \
  " WHERE f.trashed_at IS NULL" \
  "   AND (?1 IS NULL OR f.source = ?1)" \
  "   AND (?2 IS NULL OR f.sentiment = ?2)" \
  "   AND (?3 = 0 OR f.colleague_id = ?3)" \
  "   AND (?4 = 0 OR f.channel_id = ?4)" \
  "   AND (?5 IS NULL OR date (f.received_on) >= ?5)" \
  "   AND (?6 IS NULL OR date (f.received_on) <= ?6)" \
  "   AND (?7 IS NULL OR instr (pl_fold (f.text), pl_fold (?7)) > 0)"

/* Helpers */

static PlInformal *
informal_from_row (sqlite3_stmt *stmt)
{
  PlInformal *self = g_object_new (PL_TYPE_INFORMAL, NULL);
  int source = pl_names_index (source_names, G_N_ELEMENTS (source_names), pl_column_text (stmt, 1));
  int sentiment = pl_names_index (sentiment_names, G_N_ELEMENTS (sentiment_names), pl_column_text (stmt, 4));

  self->id = sqlite3_column_int64 (stmt, 0);
  self->source = source >= 0 ? (PlInformalSource) source : PL_INFORMAL_SOURCE_OTHER;
  pl_str_replace (&self->received_on, pl_column_text (stmt, 2));
  pl_str_replace (&self->text, pl_column_text (stmt, 3));
  self->sentiment = sentiment >= 0 ? (PlInformalSentiment) sentiment : PL_INFORMAL_SENTIMENT_NEUTRAL;
  self->colleague_id = sqlite3_column_int64 (stmt, 5);
  pl_str_replace (&self->colleague_name, pl_column_text (stmt, 6));
  self->channel_id = sqlite3_column_int64 (stmt, 7);
  pl_str_replace (&self->channel_name, pl_column_text (stmt, 8));
  self->trashed = sqlite3_column_int (stmt, 9) != 0;

  return self;
}

static void
bind_filter (sqlite3_stmt           *stmt,
             const PlInformalFilter *filter)
{
  g_autofree char *search = filter->search != NULL ? pl_str_stripped (filter->search) : NULL;

  if (filter->source >= 0 && filter->source < PL_INFORMAL_N_SOURCES)
    sqlite3_bind_text (stmt, 1, source_names[filter->source], -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 1);
  if (filter->sentiment >= 0 && filter->sentiment < PL_INFORMAL_N_SENTIMENTS)
    sqlite3_bind_text (stmt, 2, sentiment_names[filter->sentiment], -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int64 (stmt, 3, MAX (filter->colleague_id, 0));
  sqlite3_bind_int64 (stmt, 4, MAX (filter->channel_id, 0));
  pl_bind_text_or_null (stmt, 5, filter->received_from);
  pl_bind_text_or_null (stmt, 6, filter->received_to);
  pl_bind_text_or_null (stmt, 7, search);
}

/* GObject */

static void
pl_informal_finalize (GObject *object)
{
  PlInformal *self = (PlInformal *) object;

  g_clear_pointer (&self->received_on, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->colleague_name, g_free);
  g_clear_pointer (&self->channel_name, g_free);

  G_OBJECT_CLASS (pl_informal_parent_class)->finalize (object);
}

static void
pl_informal_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PlInformal *self = PL_INFORMAL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    case PROP_RECEIVED_ON:
      g_value_set_string (value, self->received_on);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_SENTIMENT:
      g_value_set_enum (value, self->sentiment);
      break;
    case PROP_COLLEAGUE_ID:
      g_value_set_int64 (value, self->colleague_id);
      break;
    case PROP_CHANNEL_ID:
      g_value_set_int64 (value, self->channel_id);
      break;
    case PROP_TRASHED:
      g_value_set_boolean (value, self->trashed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_informal_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PlInformal *self = PL_INFORMAL (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      pl_informal_set_source (self, g_value_get_enum (value));
      break;
    case PROP_RECEIVED_ON:
      pl_informal_set_received_on (self, g_value_get_string (value));
      break;
    case PROP_TEXT:
      pl_informal_set_text (self, g_value_get_string (value));
      break;
    case PROP_SENTIMENT:
      pl_informal_set_sentiment (self, g_value_get_enum (value));
      break;
    case PROP_COLLEAGUE_ID:
      pl_informal_set_colleague_id (self, g_value_get_int64 (value));
      break;
    case PROP_CHANNEL_ID:
      pl_informal_set_channel_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_informal_class_init (PlInformalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pl_informal_finalize;
  object_class->get_property = pl_informal_get_property;
  object_class->set_property = pl_informal_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL, PL_TYPE_INFORMAL_SOURCE,
                       PL_INFORMAL_SOURCE_COMMENT_CARD, rw);
  properties[PROP_RECEIVED_ON] = g_param_spec_string ("received-on", NULL, NULL, "", rw);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, "", rw);
  properties[PROP_SENTIMENT] =
    g_param_spec_enum ("sentiment", NULL, NULL, PL_TYPE_INFORMAL_SENTIMENT,
                       PL_INFORMAL_SENTIMENT_NEUTRAL, rw);
  properties[PROP_COLLEAGUE_ID] = g_param_spec_int64 ("colleague-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_CHANNEL_ID] = g_param_spec_int64 ("channel-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_TRASHED] = g_param_spec_boolean ("trashed", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pl_informal_init (PlInformal *self)
{
  self->source = PL_INFORMAL_SOURCE_COMMENT_CARD;
  self->received_on = g_strdup ("");
  self->text = g_strdup ("");
  self->sentiment = PL_INFORMAL_SENTIMENT_NEUTRAL;
  self->colleague_name = g_strdup ("");
  self->channel_name = g_strdup ("");
}

/* Enums */

const char *
pl_informal_source_to_string (PlInformalSource source)
{
  g_return_val_if_fail (source <= PL_INFORMAL_SOURCE_OTHER, NULL);
  return source_names[source];
}

/**
 * pl_informal_source_from_string:
 * @out_source: (out): the source
 *
 * Returns: %TRUE if @text names a source ("comment_card", ...)
 */
gboolean
pl_informal_source_from_string (const char       *text,
                                PlInformalSource *out_source)
{
  int i = pl_names_index (source_names, G_N_ELEMENTS (source_names), text);

  g_return_val_if_fail (out_source != NULL, FALSE);

  if (i < 0)
    return FALSE;

  *out_source = (PlInformalSource) i;
  return TRUE;
}

const char *
pl_informal_source_to_label (PlInformalSource source)
{
  g_return_val_if_fail (source <= PL_INFORMAL_SOURCE_OTHER, NULL);
  return _(source_labels[source]);
}

const char *
pl_informal_sentiment_to_string (PlInformalSentiment sentiment)
{
  g_return_val_if_fail (sentiment <= PL_INFORMAL_SENTIMENT_NEGATIVE, NULL);
  return sentiment_names[sentiment];
}

/**
 * pl_informal_sentiment_from_string:
 * @out_sentiment: (out): the sentiment
 *
 * Returns: %TRUE if @text is "positive", "neutral" or "negative"
 */
gboolean
pl_informal_sentiment_from_string (const char          *text,
                                   PlInformalSentiment *out_sentiment)
{
  int i = pl_names_index (sentiment_names, G_N_ELEMENTS (sentiment_names), text);

  g_return_val_if_fail (out_sentiment != NULL, FALSE);

  if (i < 0)
    return FALSE;

  *out_sentiment = (PlInformalSentiment) i;
  return TRUE;
}

const char *
pl_informal_sentiment_to_label (PlInformalSentiment sentiment)
{
  g_return_val_if_fail (sentiment <= PL_INFORMAL_SENTIMENT_NEGATIVE, NULL);
  return _(sentiment_labels[sentiment]);
}

/* Properties */

PlInformal *
pl_informal_new (void)
{
  return g_object_new (PL_TYPE_INFORMAL, NULL);
}

gint64
pl_informal_get_id (PlInformal *self)
{
  g_return_val_if_fail (PL_IS_INFORMAL (self), 0);
  return self->id;
}

PlInformalSource
pl_informal_get_source (PlInformal *self)
{
  g_return_val_if_fail (PL_IS_INFORMAL (self), PL_INFORMAL_SOURCE_OTHER);
  return self->source;
}

void
pl_informal_set_source (PlInformal       *self,
                        PlInformalSource  source)
{
  g_return_if_fail (PL_IS_INFORMAL (self));
  g_return_if_fail (source <= PL_INFORMAL_SOURCE_OTHER);

  if (self->source == source)
    return;

  self->source = source;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

const char *
pl_informal_get_received_on (PlInformal *self)
{
  g_return_val_if_fail (PL_IS_INFORMAL (self), NULL);
  return self->received_on;
}

void
pl_informal_set_received_on (PlInformal *self,
                             const char *received_on)
{
  g_return_if_fail (PL_IS_INFORMAL (self));

  if (pl_str_replace (&self->received_on, received_on))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVED_ON]);
}

const char *
pl_informal_get_text (PlInformal *self)
{
  g_return_val_if_fail (PL_IS_INFORMAL (self), NULL);
  return self->text;
}

void
pl_informal_set_text (PlInformal *self,
                      const char *text)
{
  g_return_if_fail (PL_IS_INFORMAL (self));

  if (pl_str_replace (&self->text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

PlInformalSentiment
pl_informal_get_sentiment (PlInformal *self)
{
  g_return_val_if_fail (PL_IS_INFORMAL (self), PL_INFORMAL_SENTIMENT_NEUTRAL);
  return self->sentiment;
}

void
pl_informal_set_sentiment (PlInformal          *self,
                           PlInformalSentiment  sentiment)
{
  g_return_if_fail (PL_IS_INFORMAL (self));
  g_return_if_fail (sentiment <= PL_INFORMAL_SENTIMENT_NEGATIVE);

  if (self->sentiment == sentiment)
    return;

  self->sentiment = sentiment;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENTIMENT]);
}

gint64
pl_informal_get_colleague_id (PlInformal *self)
{
  g_return_val_if_fail (PL_IS_INFORMAL (self), 0);
  return self->colleague_id;
}

void
pl_informal_set_colleague_id (PlInformal *self,
                              gint64      colleague_id)
{
  g_return_if_fail (PL_IS_INFORMAL (self));

  colleague_id = MAX (colleague_id, 0);
  if (self->colleague_id == colleague_id)
    return;

  self->colleague_id = colleague_id;
  pl_str_replace (&self->colleague_name, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLEAGUE_ID]);
}

const char *
pl_informal_get_colleague_name (PlInformal *self)
{
  g_return_val_if_fail (PL_IS_INFORMAL (self), NULL);
  return self->colleague_name;
}

gint64
pl_informal_get_channel_id (PlInformal *self)
{
  g_return_val_if_fail (PL_IS_INFORMAL (self), 0);
  return self->channel_id;
}

void
pl_informal_set_channel_id (PlInformal *self,
                            gint64      channel_id)
{
  g_return_if_fail (PL_IS_INFORMAL (self));

  channel_id = MAX (channel_id, 0);
  if (self->channel_id == channel_id)
    return;

  self->channel_id = channel_id;
  pl_str_replace (&self->channel_name, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_ID]);
}

const char *
pl_informal_get_channel_name (PlInformal *self)
{
  g_return_val_if_fail (PL_IS_INFORMAL (self), NULL);
  return self->channel_name;
}

gboolean
pl_informal_get_trashed (PlInformal *self)
{
  g_return_val_if_fail (PL_IS_INFORMAL (self), FALSE);
  return self->trashed;
}

static gboolean
fail (PlInformalField   field,
      PlInformalField  *out_field,
      GError          **error,
      const char       *message)
{
  if (out_field != NULL)
    *out_field = field;
  g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID, message);
  return FALSE;
}

/**
 * pl_informal_validate:
 * @out_field: (out) (optional): the field that is wrong
 *
 * Returns: %TRUE if the feedback can be saved, else %FALSE with a
 *   %PL_ERROR_INVALID error that says what to change
 */
gboolean
pl_informal_validate (PlInformal       *self,
                      PlInformalField  *out_field,
                      GError          **error)
{
  g_autofree char *today = pl_today_iso ();
  g_autofree char *stripped = NULL;
  g_autofree char *day = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (PL_IS_INFORMAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_field != NULL)
    *out_field = PL_INFORMAL_FIELD_NONE;

  text = pl_str_stripped (self->text);
  if (*text == '\0')
    return fail (PL_INFORMAL_FIELD_TEXT, out_field, error,
                 _("Write down what the customer said, in their words where you can."));

  stripped = pl_str_stripped (self->received_on);
  if (*stripped == '\0')
    return fail (PL_INFORMAL_FIELD_RECEIVED_ON, out_field, error,
                 _("Give the day the feedback was received."));

  day = pl_date_parse_day (stripped);
  if (day == NULL)
    return fail (PL_INFORMAL_FIELD_RECEIVED_ON, out_field, error,
                 _("Write the day the feedback was received as YYYY-MM-DD, for example "
                   "2026-11-02."));

  if (strcmp (day, today) > 0)
    return fail (PL_INFORMAL_FIELD_RECEIVED_ON, out_field, error,
                 _("The received date is in the future. Record feedback once it has "
                   "been given."));

  return TRUE;
}

/* Listing */

void
pl_informal_filter_init (PlInformalFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->source = -1;
  filter->sentiment = -1;
}

/**
 * pl_informal_list:
 * @filter: (nullable): what to list; %NULL for everything
 *
 * Returns: (transfer full): a #GListModel of #PlInformal not in the
 *   trash, newest received first
 */
GListModel *
pl_informal_list (PlWorkspace             *workspace,
                  const PlInformalFilter  *filter,
                  GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlInformalFilter any;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter == NULL)
    {
      pl_informal_filter_init (&any);
      filter = &any;
    }

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " INFORMAL_COLUMNS INFORMAL_FROM INFORMAL_WHERE
                               " ORDER BY f.received_on DESC, f.id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  bind_filter (stmt, filter);
  return pl_workspace_collect (workspace, stmt, PL_TYPE_INFORMAL,
                               (PlWorkspaceRowFunc) informal_from_row,
                               _("The customer comments could not be read"), error);
}

/**
 * pl_informal_count:
 * @filter: (nullable): what to count
 * @out_counts: (out caller-allocates): the counts by source and sentiment
 */
gboolean
pl_informal_count (PlWorkspace             *workspace,
                   const PlInformalFilter  *filter,
                   PlInformalCounts        *out_counts,
                   GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlInformalFilter any;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (out_counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out_counts, 0, sizeof *out_counts);
  if (filter == NULL)
    {
      pl_informal_filter_init (&any);
      filter = &any;
    }

  stmt = pl_workspace_prepare (workspace,
                               "SELECT f.source, f.sentiment, count (*)" INFORMAL_FROM INFORMAL_WHERE
                               " GROUP BY f.source, f.sentiment",
                               error);
  if (stmt == NULL)
    return FALSE;

  bind_filter (stmt, filter);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int source = pl_names_index (source_names, G_N_ELEMENTS (source_names), pl_column_text (stmt, 0));
      int sentiment = pl_names_index (sentiment_names, G_N_ELEMENTS (sentiment_names), pl_column_text (stmt, 1));
      gint64 n = sqlite3_column_int64 (stmt, 2);

      /* The schema's CHECKs allow nothing else. */
      g_assert (source >= 0 && sentiment >= 0);
      out_counts->by_source_sentiment[source][sentiment] += n;
      out_counts->by_source[source] += n;
      out_counts->by_sentiment[sentiment] += n;
      out_counts->total += n;
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The customer comments could not be counted"));
      memset (out_counts, 0, sizeof *out_counts);
      return FALSE;
    }

  return TRUE;
}

/**
 * pl_informal_load:
 *
 * Returns: (transfer full): the feedback (in the trash or not), or %NULL
 *   with %PL_ERROR_NOT_FOUND
 */
PlInformal *
pl_informal_load (PlWorkspace  *workspace,
                  gint64        id,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " INFORMAL_COLUMNS INFORMAL_FROM " WHERE f.id = ?",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  return pl_workspace_fetch_one (workspace, stmt, (PlWorkspaceRowFunc) informal_from_row,
                                 _("That customer comment is not in this workspace."),
                                 _("The customer comment could not be read"), error);
}

/**
 * pl_informal_save:
 *
 * Validates the feedback and the colleague and channel it names, then
 * inserts it (id 0) or updates it, with an audit entry, in one
 * transaction.
 */
gboolean
pl_informal_save (PlInformal   *self,
                  PlWorkspace  *workspace,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *day = NULL;
  g_autofree char *text = NULL;
  g_autofree char *colleague_name = NULL;
  g_autofree char *channel_name = NULL;
  sqlite3 *db;
  gint64 id;

  g_return_val_if_fail (PL_IS_INFORMAL (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_informal_validate (self, NULL, error))
    return FALSE;

  db = pl_workspace_get_db (workspace);
  day = pl_date_parse_day (self->received_on);
  text = pl_str_stripped (self->text);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (self->colleague_id > 0)
    {
      if (!pl_workspace_lookup_text (workspace, "SELECT display_name FROM colleagues WHERE id = ?",
                        self->colleague_id, &colleague_name, error))
        goto failed;
      if (colleague_name == NULL)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("The colleague chosen for this comment is not in the "
                                 "workspace. Choose another colleague, or none."));
          goto failed;
        }
    }

  if (self->channel_id > 0)
    {
      if (!pl_workspace_lookup_text (workspace, "SELECT name FROM channels WHERE id = ?", self->channel_id,
                        &channel_name, error))
        goto failed;
      if (channel_name == NULL)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("The channel chosen for this comment is not in the "
                                 "workspace. Choose another channel, or none."));
          goto failed;
        }
    }

  if (self->id == 0)
    stmt = pl_workspace_prepare (workspace,
                                 "INSERT INTO informal_feedback (source, received_on, text,"
                                 " sentiment, colleague_id, channel_id, created_at)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                 error);
  else
    stmt = pl_workspace_prepare (workspace,
                                 "UPDATE informal_feedback SET source = ?1, received_on = ?2,"
                                 " text = ?3, sentiment = ?4, colleague_id = ?5, channel_id = ?6"
                                 " WHERE id = ?8",
                                 error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_text (stmt, 1, source_names[self->source], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, sentiment_names[self->sentiment], -1, SQLITE_STATIC);
  pl_bind_id_or_null (stmt, 5, self->colleague_id);
  pl_bind_id_or_null (stmt, 6, self->channel_id);
  if (self->id == 0)
    sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 8, self->id);

  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (self->id == 0)
    id = sqlite3_last_insert_rowid (db);
  else if (sqlite3_changes (db) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This customer comment is no longer in the workspace, so the "
                             "changes could not be saved."));
      goto failed;
    }
  else
    id = self->id;

  if (!pl_workspace_audit (workspace, self->id == 0 ? "create" : "update", "informal_feedback",
                           id, source_names[self->source], error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  pl_informal_set_received_on (self, day);
  pl_informal_set_text (self, text);
  pl_str_replace (&self->colleague_name, colleague_name);
  pl_str_replace (&self->channel_name, channel_name);
  g_object_thaw_notify (G_OBJECT (self));

  pl_workspace_emit_changed (workspace, "informal_feedback");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

static gboolean
set_trashed (PlInformal   *self,
             PlWorkspace  *workspace,
             gboolean      trashed,
             GError      **error)
{
  g_return_val_if_fail (PL_IS_INFORMAL (self), FALSE);
  g_return_val_if_fail (self->id > 0, FALSE);

  if (!pl_workspace_set_trashed (workspace, "informal_feedback", self->id, trashed, FALSE, "informal_feedback",
                                 source_names[self->source],
                                 _("This customer comment is no longer in the workspace."), error))
    return FALSE;

  if (self->trashed != trashed)
    {
      self->trashed = trashed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRASHED]);
    }

  return TRUE;
}

gboolean
pl_informal_trash (PlInformal   *self,
                   PlWorkspace  *workspace,
                   GError      **error)
{
  return set_trashed (self, workspace, TRUE, error);
}

gboolean
pl_informal_restore (PlInformal   *self,
                     PlWorkspace  *workspace,
                     GError      **error)
{
  return set_trashed (self, workspace, FALSE, error);
}
