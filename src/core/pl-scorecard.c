/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pl-error.h"
#include "pl-scorecard.h"
#include "pl-util.h"

/* Criterion texts are long; messages quote the start of them. */
#define SHORT_TEXT_CHARS 40

static const char * const scale_names[] = {
  [PL_CRITERION_SCALE_YESNO] = "yesno",
  [PL_CRITERION_SCALE_YPN] = "ypn",
  [PL_CRITERION_SCALE_SCALE5] = "scale5",
  [PL_CRITERION_SCALE_PASSFAIL] = "passfail",
};

static const char * const critical_names[] = {
  [PL_CRITICAL_NONE] = "none",
  [PL_CRITICAL_SECTION] = "section",
  [PL_CRITICAL_FORM] = "form",
};

const char *
pl_criterion_scale_to_string (PlCriterionScale scale)
{
  g_return_val_if_fail (scale <= PL_CRITERION_SCALE_PASSFAIL, NULL);

  return scale_names[scale];
}

gboolean
pl_criterion_scale_from_string (const char       *text,
                                PlCriterionScale *scale)
{
  int index;

  g_return_val_if_fail (scale != NULL, FALSE);

  index = pl_names_index (scale_names, G_N_ELEMENTS (scale_names), text);
  if (index < 0)
    return FALSE;

  *scale = (PlCriterionScale) index;
  return TRUE;
}

const char *
pl_critical_to_string (PlCritical critical)
{
  g_return_val_if_fail (critical <= PL_CRITICAL_FORM, NULL);

  return critical_names[critical];
}

gboolean
pl_critical_from_string (const char *text,
                         PlCritical *critical)
{
  int index;

  g_return_val_if_fail (critical != NULL, FALSE);

  index = pl_names_index (critical_names, G_N_ELEMENTS (critical_names), text);
  if (index < 0)
    return FALSE;

  *critical = (PlCritical) index;
  return TRUE;
}

const char *
pl_criterion_scale_get_label (PlCriterionScale scale)
{
  switch (scale)
    {
    case PL_CRITERION_SCALE_YESNO:
      return _("Yes / no");
    case PL_CRITERION_SCALE_YPN:
      return _("Yes / partly / no");
    case PL_CRITERION_SCALE_SCALE5:
      return _("1 to 5");
    case PL_CRITERION_SCALE_PASSFAIL:
      return _("Pass / fail");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
pl_critical_get_label (PlCritical critical)
{
  switch (critical)
    {
    case PL_CRITICAL_NONE:
      return _("Not critical");
    case PL_CRITICAL_SECTION:
      return _("Failing it fails the section");
    case PL_CRITICAL_FORM:
      return _("Failing it fails the whole form");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The values a scale accepts, in the order a form offers them. */
guint
pl_criterion_scale_get_values (PlCriterionScale  scale,
                               const double    **values)
{
  static const double two[] = { 1.0, 0.0 };
  static const double three[] = { 1.0, 0.5, 0.0 };
  static const double five[] = { 5.0, 4.0, 3.0, 2.0, 1.0 };

  g_return_val_if_fail (values != NULL, 0);

  switch (scale)
    {
    case PL_CRITERION_SCALE_YESNO:
    case PL_CRITERION_SCALE_PASSFAIL:
      *values = two;
      return G_N_ELEMENTS (two);
    case PL_CRITERION_SCALE_YPN:
      *values = three;
      return G_N_ELEMENTS (three);
    case PL_CRITERION_SCALE_SCALE5:
      *values = five;
      return G_N_ELEMENTS (five);
    default:
      g_return_val_if_reached (0);
    }
}

char *
pl_criterion_format_value (PlCriterionScale scale,
                           double           value)
{
  if (isnan (value))
    return g_strdup (_("N/A"));

  switch (scale)
    {
    case PL_CRITERION_SCALE_YESNO:
      return g_strdup (value >= 1.0 ? _("yes") : _("no"));
    case PL_CRITERION_SCALE_YPN:
      if (value >= 1.0)
        return g_strdup (_("yes"));
      return g_strdup (value > 0.0 ? _("partly") : _("no"));
    case PL_CRITERION_SCALE_PASSFAIL:
      return g_strdup (value >= 1.0 ? _("pass") : _("fail"));
    case PL_CRITERION_SCALE_SCALE5:
      {
        g_autofree char *number = g_strdup_printf ("%d", (int) lround (value));

        /* TRANSLATORS: a rating given on a 1 to 5 scale, "4 of 5" */
        return g_strdup_printf (_("%s of 5"), number);
      }
    default:
      g_return_val_if_reached (NULL);
    }
}

PlCriterion *
pl_criterion_new (void)
{
  PlCriterion *criterion = g_new0 (PlCriterion, 1);

  criterion->text = g_strdup ("");
  criterion->scale = PL_CRITERION_SCALE_YESNO;
  criterion->weight = 1.0;
  criterion->critical = PL_CRITICAL_NONE;

  return criterion;
}

PlCriterion *
pl_criterion_copy (const PlCriterion *criterion)
{
  PlCriterion *copy;

  g_return_val_if_fail (criterion != NULL, NULL);

  copy = g_memdup2 (criterion, sizeof *criterion);
  copy->text = g_strdup (criterion->text);
  copy->guidance = g_strdup (criterion->guidance);

  return copy;
}

void
pl_criterion_free (PlCriterion *criterion)
{
  if (criterion == NULL)
    return;

  g_free (criterion->text);
  g_free (criterion->guidance);
  g_free (criterion);
}

PlScorecardSection *
pl_scorecard_section_new (const char *name,
                          double      weight)
{
  PlScorecardSection *section = g_new0 (PlScorecardSection, 1);

  section->name = g_strdup (name != NULL ? name : "");
  section->weight = weight;
  section->criteria = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_criterion_free);

  return section;
}

PlScorecardSection *
pl_scorecard_section_copy (const PlScorecardSection *section)
{
  PlScorecardSection *copy;

  g_return_val_if_fail (section != NULL, NULL);

  copy = pl_scorecard_section_new (section->name, section->weight);
  copy->id = section->id;
  for (guint i = 0; i < section->criteria->len; i++)
    g_ptr_array_add (copy->criteria, pl_criterion_copy (g_ptr_array_index (section->criteria, i)));

  return copy;
}

void
pl_scorecard_section_free (PlScorecardSection *section)
{
  if (section == NULL)
    return;

  g_free (section->name);
  g_clear_pointer (&section->criteria, g_ptr_array_unref);
  g_free (section);
}

double
pl_criterion_points (PlCriterionScale scale,
                     double           value)
{
  if (isnan (value))
    return NAN;

  switch (scale)
    {
    case PL_CRITERION_SCALE_YESNO:
    case PL_CRITERION_SCALE_PASSFAIL:
      return value == 0.0 || value == 1.0 ? value : NAN;
    case PL_CRITERION_SCALE_YPN:
      return value == 0.0 || value == 0.5 || value == 1.0 ? value : NAN;
    case PL_CRITERION_SCALE_SCALE5:
      if (value < 1.0 || value > 5.0 || value != floor (value))
        return NAN;
      return (value - 1.0) / 4.0;
    default:
      return NAN;
    }
}

static char *
short_text (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_strdup (_("(no text)"));

  if (g_utf8_strlen (text, -1) <= SHORT_TEXT_CHARS)
    return g_strdup (text);

  {
    g_autofree char *start = g_utf8_substring (text, 0, SHORT_TEXT_CHARS - 1);
    g_strchomp (start);
    return g_strconcat (start, "…", NULL);
  }
}

gboolean
pl_criterion_check_value (const PlCriterion  *criterion,
                          double              value,
                          GError            **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (criterion != NULL, FALSE);

  if (isnan (value))
    {
      if (criterion->allow_na)
        return TRUE;

      text = short_text (criterion->text);
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” cannot be marked N/A: give it a score."), text);
      return FALSE;
    }

  if (!isnan (pl_criterion_points (criterion->scale, value)))
    return TRUE;

  text = short_text (criterion->text);
  switch (criterion->scale)
    {
    case PL_CRITERION_SCALE_YESNO:
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is answered yes or no."), text);
      break;
    case PL_CRITERION_SCALE_YPN:
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is answered yes, partly or no."), text);
      break;
    case PL_CRITERION_SCALE_SCALE5:
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is scored from 1 to 5."), text);
      break;
    case PL_CRITERION_SCALE_PASSFAIL:
    default:
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is answered pass or fail."), text);
      break;
    }

  return FALSE;
}

struct _PlScorecard
{
  GObject parent_instance;

  gint64 id;
  char *name;
  int version;
  gint64 parent_id;
  gboolean frozen;
  double pass_mark;
  char *created_at;
  gint64 n_observations;
  GPtrArray *sections;
};

G_DEFINE_FINAL_TYPE (PlScorecard, pl_scorecard, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_VERSION,
  PROP_PARENT_ID,
  PROP_FROZEN,
  PROP_PASS_MARK,
  PROP_N_OBSERVATIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pl_scorecard_finalize (GObject *object)
{
  PlScorecard *self = PL_SCORECARD (object);

  g_free (self->name);
  g_free (self->created_at);
  g_clear_pointer (&self->sections, g_ptr_array_unref);

  G_OBJECT_CLASS (pl_scorecard_parent_class)->finalize (object);
}

static void
pl_scorecard_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PlScorecard *self = PL_SCORECARD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    case PROP_PARENT_ID:
      g_value_set_int64 (value, self->parent_id);
      break;
    case PROP_FROZEN:
      g_value_set_boolean (value, self->frozen);
      break;
    case PROP_PASS_MARK:
      g_value_set_double (value, self->pass_mark);
      break;
    case PROP_N_OBSERVATIONS:
      g_value_set_int64 (value, self->n_observations);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_scorecard_class_init (PlScorecardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pl_scorecard_finalize;
  object_class->get_property = pl_scorecard_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, 1, G_MAXINT, 1, flags);
  properties[PROP_PARENT_ID] = g_param_spec_int64 ("parent-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FROZEN] = g_param_spec_boolean ("frozen", NULL, NULL, FALSE, flags);
  properties[PROP_PASS_MARK] = g_param_spec_double ("pass-mark", NULL, NULL,
                                                    -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_N_OBSERVATIONS] = g_param_spec_int64 ("n-observations", NULL, NULL,
                                                        0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pl_scorecard_init (PlScorecard *self)
{
  self->version = 1;
  self->pass_mark = NAN;
  self->name = g_strdup ("");
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_scorecard_section_free);
}

/**
 * pl_scorecard_new:
 * @name: (nullable): the scorecard's name
 *
 * Returns: (transfer full): an unsaved scorecard, version 1, with no
 *   sections and no pass mark
 */
PlScorecard *
pl_scorecard_new (const char *name)
{
  PlScorecard *self = g_object_new (PL_TYPE_SCORECARD, NULL);

  pl_scorecard_set_name (self, name);

  return self;
}

/**
 * pl_scorecard_copy:
 *
 * Returns: (transfer full): a deep copy, ids included, to edit and save:
 *   saving it updates the original in place or makes its next version
 */
PlScorecard *
pl_scorecard_copy (PlScorecard *self)
{
  PlScorecard *copy;

  g_return_val_if_fail (PL_IS_SCORECARD (self), NULL);

  copy = pl_scorecard_new (self->name);
  copy->id = self->id;
  copy->version = self->version;
  copy->parent_id = self->parent_id;
  copy->frozen = self->frozen;
  copy->pass_mark = self->pass_mark;
  copy->created_at = g_strdup (self->created_at);
  copy->n_observations = self->n_observations;
  for (guint i = 0; i < self->sections->len; i++)
    g_ptr_array_add (copy->sections, pl_scorecard_section_copy (g_ptr_array_index (self->sections, i)));

  return copy;
}

gint64
pl_scorecard_get_id (PlScorecard *self)
{
  g_return_val_if_fail (PL_IS_SCORECARD (self), 0);

  return self->id;
}

const char *
pl_scorecard_get_name (PlScorecard *self)
{
  g_return_val_if_fail (PL_IS_SCORECARD (self), NULL);

  return self->name;
}

void
pl_scorecard_set_name (PlScorecard *self,
                       const char  *name)
{
  g_return_if_fail (PL_IS_SCORECARD (self));

  if (pl_str_replace (&self->name, name != NULL ? name : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

int
pl_scorecard_get_version (PlScorecard *self)
{
  g_return_val_if_fail (PL_IS_SCORECARD (self), 0);

  return self->version;
}

gint64
pl_scorecard_get_parent_id (PlScorecard *self)
{
  g_return_val_if_fail (PL_IS_SCORECARD (self), 0);

  return self->parent_id;
}

gboolean
pl_scorecard_get_frozen (PlScorecard *self)
{
  g_return_val_if_fail (PL_IS_SCORECARD (self), FALSE);

  return self->frozen;
}

double
pl_scorecard_get_pass_mark (PlScorecard *self)
{
  g_return_val_if_fail (PL_IS_SCORECARD (self), NAN);

  return self->pass_mark;
}

void
pl_scorecard_set_pass_mark (PlScorecard *self,
                            double       pass_mark)
{
  g_return_if_fail (PL_IS_SCORECARD (self));

  if (self->pass_mark == pass_mark || (isnan (self->pass_mark) && isnan (pass_mark)))
    return;

  self->pass_mark = pass_mark;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASS_MARK]);
}

const char *
pl_scorecard_get_created_at (PlScorecard *self)
{
  g_return_val_if_fail (PL_IS_SCORECARD (self), NULL);

  return self->created_at;
}

gint64
pl_scorecard_get_n_observations (PlScorecard *self)
{
  g_return_val_if_fail (PL_IS_SCORECARD (self), 0);

  return self->n_observations;
}

GPtrArray *
pl_scorecard_get_sections (PlScorecard *self)
{
  g_return_val_if_fail (PL_IS_SCORECARD (self), NULL);

  return self->sections;
}

guint
pl_scorecard_get_n_criteria (PlScorecard *self)
{
  guint n = 0;

  g_return_val_if_fail (PL_IS_SCORECARD (self), 0);

  for (guint s = 0; s < self->sections->len; s++)
    n += ((PlScorecardSection *) g_ptr_array_index (self->sections, s))->criteria->len;

  return n;
}

/* The section and the criterion at form index @index, or FALSE. */
static gboolean
locate (PlScorecard         *self,
        guint                index,
        PlScorecardSection **out_section,
        PlCriterion        **out_criterion)
{
  for (guint s = 0; s < self->sections->len; s++)
    {
      PlScorecardSection *section = g_ptr_array_index (self->sections, s);

      if (index < section->criteria->len)
        {
          *out_section = section;
          *out_criterion = g_ptr_array_index (section->criteria, index);
          return TRUE;
        }
      index -= section->criteria->len;
    }

  return FALSE;
}

PlCriterion *
pl_scorecard_get_criterion (PlScorecard *self,
                            guint        index)
{
  PlScorecardSection *section;
  PlCriterion *criterion;

  g_return_val_if_fail (PL_IS_SCORECARD (self), NULL);

  if (!locate (self, index, &section, &criterion))
    g_return_val_if_reached (NULL);

  return criterion;
}

PlScorecardSection *
pl_scorecard_get_section_of (PlScorecard *self,
                             guint        index)
{
  PlScorecardSection *section;
  PlCriterion *criterion;

  g_return_val_if_fail (PL_IS_SCORECARD (self), NULL);

  if (!locate (self, index, &section, &criterion))
    g_return_val_if_reached (NULL);

  return section;
}

int
pl_scorecard_find_criterion (PlScorecard *self,
                             gint64       criterion_id)
{
  int index = 0;

  g_return_val_if_fail (PL_IS_SCORECARD (self), -1);

  if (criterion_id <= 0)
    return -1;

  for (guint s = 0; s < self->sections->len; s++)
    {
      PlScorecardSection *section = g_ptr_array_index (self->sections, s);

      for (guint c = 0; c < section->criteria->len; c++, index++)
        if (((PlCriterion *) g_ptr_array_index (section->criteria, c))->id == criterion_id)
          return index;
    }

  return -1;
}

/* Fills the scorecard's columns from a row of SCORECARD_COLUMNS. */
#define SCORECARD_COLUMNS \
  "s.id, s.name, s.version, s.parent_id, s.frozen, s.pass_mark, s.created_at," \
  " (SELECT count(*) FROM observations o WHERE o.scorecard_id = s.id)"

static gpointer
scorecard_from_row (sqlite3_stmt *stmt)
{
  PlScorecard *self = g_object_new (PL_TYPE_SCORECARD, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  g_free (self->name);
  self->name = g_strdup (pl_column_text (stmt, 1));
  self->version = sqlite3_column_int (stmt, 2);
  self->parent_id = sqlite3_column_int64 (stmt, 3);
  self->frozen = sqlite3_column_int (stmt, 4) != 0;
  self->pass_mark = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 5);
  self->created_at = g_strdup (pl_column_text (stmt, 6));
  self->n_observations = sqlite3_column_int64 (stmt, 7);

  return self;
}

static gboolean
load_sections (PlScorecard  *self,
               PlWorkspace  *workspace,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) sections = NULL;
  g_autoptr(sqlite3_stmt) criteria = NULL;
  int rc;

  sections = pl_workspace_prepare (workspace,
                                   "SELECT id, name, weight FROM scorecard_sections"
                                   " WHERE scorecard_id = ? ORDER BY position, id",
                                   error);
  criteria = pl_workspace_prepare (workspace,
                                   "SELECT id, text, guidance, scale, weight, allow_na, critical,"
                                   " standard_id FROM criteria WHERE section_id = ?"
                                   " ORDER BY position, id",
                                   error);
  if (sections == NULL || criteria == NULL)
    return FALSE;

  g_ptr_array_set_size (self->sections, 0);
  sqlite3_bind_int64 (sections, 1, self->id);
  while ((rc = sqlite3_step (sections)) == SQLITE_ROW)
    {
      PlScorecardSection *section = pl_scorecard_section_new (pl_column_text (sections, 1),
                                                              sqlite3_column_double (sections, 2));

      section->id = sqlite3_column_int64 (sections, 0);
      g_ptr_array_add (self->sections, section);

      sqlite3_reset (criteria);
      sqlite3_bind_int64 (criteria, 1, section->id);
      while ((rc = sqlite3_step (criteria)) == SQLITE_ROW)
        {
          PlCriterion *criterion = pl_criterion_new ();

          criterion->id = sqlite3_column_int64 (criteria, 0);
          pl_str_replace (&criterion->text, pl_column_text (criteria, 1));
          if (sqlite3_column_type (criteria, 2) != SQLITE_NULL)
            criterion->guidance = g_strdup (pl_column_text (criteria, 2));
          if (!pl_criterion_scale_from_string (pl_column_text (criteria, 3), &criterion->scale))
            criterion->scale = PL_CRITERION_SCALE_YESNO;
          criterion->weight = sqlite3_column_double (criteria, 4);
          criterion->allow_na = sqlite3_column_int (criteria, 5) != 0;
          if (!pl_critical_from_string (pl_column_text (criteria, 6), &criterion->critical))
            criterion->critical = PL_CRITICAL_NONE;
          criterion->standard_id = sqlite3_column_int64 (criteria, 7);
          g_ptr_array_add (section->criteria, criterion);
        }
      if (rc != SQLITE_DONE)
        break;
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The scorecard could not be read"));
      return FALSE;
    }

  return TRUE;
}

/**
 * pl_scorecard_load:
 *
 * Returns: (transfer full): the scorecard with its sections and criteria
 *   in order
 */
PlScorecard *
pl_scorecard_load (PlWorkspace  *workspace,
                   gint64        id,
                   GError      **error)
{
  g_autoptr(PlScorecard) self = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " SCORECARD_COLUMNS " FROM scorecards s WHERE s.id = ?",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  self = pl_workspace_fetch_one (workspace, stmt, scorecard_from_row,
                                 _("This scorecard is no longer in the workspace."),
                                 _("The scorecard could not be read"), error);
  if (self == NULL)
    return NULL;

  if (!load_sections (self, workspace, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Scoring */

void
pl_score_result_free (PlScoreResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->sections, g_array_unref);
  g_clear_pointer (&result->criteria, g_array_unref);
  g_free (result);
}

/**
 * pl_scorecard_score:
 *
 * Returns: (transfer full): the score under THE SCORING RULE, or NULL
 */
PlScoreResult *
pl_scorecard_score (PlScorecard   *self,
                    const double  *values,
                    guint          n_values,
                    GError       **error)
{
  g_autoptr(PlScoreResult) result = NULL;
  double earned = 0.0, possible = 0.0;
  guint index = 0;

  g_return_val_if_fail (PL_IS_SCORECARD (self), NULL);
  g_return_val_if_fail (values != NULL || n_values == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_values != pl_scorecard_get_n_criteria (self))
    {
      g_autofree char *given = g_strdup_printf ("%u", n_values);
      g_autofree char *wanted = g_strdup_printf ("%u", pl_scorecard_get_n_criteria (self));

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The scorecard has %s criteria but %s answers were given."), wanted, given);
      return NULL;
    }

  result = g_new0 (PlScoreResult, 1);
  result->sections = g_array_sized_new (FALSE, TRUE, sizeof (PlSectionScore), self->sections->len);
  result->criteria = g_array_sized_new (FALSE, TRUE, sizeof (PlCriterionScore), n_values);

  /* Same order of operations as the demo's score_observation(), so that
   * stored scores are reproduced to the last bit. */
  for (guint s = 0; s < self->sections->len; s++)
    {
      PlScorecardSection *section = g_ptr_array_index (self->sections, s);
      PlSectionScore section_score = { NAN, section->weight, FALSE, FALSE };
      double section_earned = 0.0, section_possible = 0.0;

      for (guint c = 0; c < section->criteria->len; c++, index++)
        {
          PlCriterion *criterion = g_ptr_array_index (section->criteria, c);
          PlCriterionScore score = { values[index], NAN, criterion->weight, FALSE, FALSE };

          if (!pl_criterion_check_value (criterion, values[index], error))
            return NULL;

          if (isnan (values[index]))
            {
              score.na = TRUE;
              result->n_na++;
            }
          else
            {
              score.points = pl_criterion_points (criterion->scale, values[index]);
              section_earned += criterion->weight * score.points;
              section_possible += criterion->weight;
              section_score.counted = TRUE;
              result->n_answered++;

              if (score.points <= 0.0 && criterion->critical == PL_CRITICAL_FORM)
                {
                  score.failed_critical = TRUE;
                  result->critical_failed = TRUE;
                }
              else if (score.points <= 0.0 && criterion->critical == PL_CRITICAL_SECTION)
                {
                  score.failed_critical = TRUE;
                  section_score.zeroed = TRUE;
                }
            }

          g_array_append_val (result->criteria, score);
        }

      /* A section whose answered criteria all weigh 0 has no denominator:
       * it does not count, as in the demo; unless a critical item of it
       * failed, which makes it count at 0% whatever the weights. */
      if (section_possible > 0 || section_score.zeroed)
        {
          double ratio = section_possible > 0 ? section_earned / section_possible : 0.0;

          section_score.percent = 100.0 * ratio;
          if (!section_score.zeroed)
            earned += section->weight * ratio;
          possible += section->weight;
        }
      else
        section_score.counted = FALSE;

      g_array_append_val (result->sections, section_score);
    }

  if (result->critical_failed)
    result->score = 0.0;
  else
    result->score = possible > 0 ? 100.0 * earned / possible : NAN;

  result->passed = !isnan (self->pass_mark) && !isnan (result->score) &&
                   !result->critical_failed && result->score >= self->pass_mark;

  return g_steal_pointer (&result);
}

/* A number as people write it: at most @decimals decimals, no trailing
 * zeros. */
static char *
format_number (double value,
               int    decimals)
{
  char *text = g_strdup_printf ("%.*f", decimals, value);
  char *point = strpbrk (text, ".,");

  if (point != NULL)
    {
      char *end = text + strlen (text) - 1;

      while (end > point && *end == '0')
        *end-- = '\0';
      if (end == point)
        *end = '\0';
    }

  if (g_str_equal (text, "-0"))
    {
      g_free (text);
      text = g_strdup ("0");
    }

  return text;
}

/**
 * pl_score_result_explain:
 *
 * Returns: (transfer full): the breakdown, one line per criterion and
 *   section, then the total and what any critical item did
 */
char *
pl_score_result_explain (PlScorecard         *self,
                         const PlScoreResult *result)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint index = 0;

  g_return_val_if_fail (PL_IS_SCORECARD (self), NULL);
  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (result->sections->len == self->sections->len, NULL);

  for (guint s = 0; s < self->sections->len; s++)
    {
      PlScorecardSection *section = g_ptr_array_index (self->sections, s);
      const PlSectionScore *section_score = &g_array_index (result->sections, PlSectionScore, s);
      g_autofree char *section_weight = format_number (section->weight, 2);

      for (guint c = 0; c < section->criteria->len; c++, index++)
        {
          PlCriterion *criterion = g_ptr_array_index (section->criteria, c);
          const PlCriterionScore *score = &g_array_index (result->criteria, PlCriterionScore, index);
          g_autofree char *weight = format_number (criterion->weight, 2);

          if (score->na)
            {
              /* TRANSLATORS: "Greeting (weight 1): N/A: left out" */
              g_string_append_printf (text, _("%s (weight %s): N/A: left out"),
                                      criterion->text, weight);
            }
          else
            {
              g_autofree char *value = pl_criterion_format_value (criterion->scale, score->value);
              g_autofree char *earned = format_number (criterion->weight * score->points, 2);

              /* TRANSLATORS: "Greeting (weight 1): yes, 1 of 1 point"; the
               * points earned out of the criterion's weight */
              g_string_append_printf (text,
                                      g_dngettext (GETTEXT_PACKAGE,
                                                   "%s (weight %s): %s, %s of %s point",
                                                   "%s (weight %s): %s, %s of %s points",
                                                   criterion->weight == 1.0 ? 1 : 2),
                                      criterion->text, weight, value, earned, weight);
            }
          g_string_append_c (text, '\n');
        }

      if (!section_score->counted)
        g_string_append_printf (text, _("Section %s: nothing answered, left out"), section->name);
      else
        {
          g_autofree char *percent = g_strdup_printf ("%.1f", section_score->percent);

          /* TRANSLATORS: "Section Opening: 83.3% × weight 2" */
          g_string_append_printf (text, _("Section %s: %s%% × weight %s"),
                                  section->name, percent, section_weight);
          if (section_score->zeroed)
            {
              g_string_append_c (text, '\n');
              g_string_append_printf (text, _("A critical item failed: section %s scores 0%%."),
                                      section->name);
            }
        }
      g_string_append (text, "\n\n");
    }

  index = 0;
  for (guint s = 0; s < self->sections->len; s++)
    {
      PlScorecardSection *section = g_ptr_array_index (self->sections, s);

      for (guint c = 0; c < section->criteria->len; c++, index++)
        {
          PlCriterion *criterion = g_ptr_array_index (section->criteria, c);
          const PlCriterionScore *score = &g_array_index (result->criteria, PlCriterionScore, index);

          if (!score->failed_critical)
            continue;

          if (criterion->critical == PL_CRITICAL_FORM)
            g_string_append_printf (text,
                                    _("Critical item “%s” failed: the whole form scores 0."),
                                    criterion->text);
          else
            g_string_append_printf (text,
                                    _("Critical item “%s” failed: section %s scores 0%%."),
                                    criterion->text, section->name);
          g_string_append_c (text, '\n');
        }
    }

  if (isnan (result->score))
    g_string_append (text, _("Nothing was answered, so there is no score."));
  else
    {
      g_autofree char *score = g_strdup_printf ("%.1f", result->score);

      g_string_append_printf (text, _("Score: %s out of 100"), score);
      if (!isnan (self->pass_mark))
        {
          g_autofree char *mark = format_number (self->pass_mark, 1);

          g_string_append (text, " · ");
          if (result->passed)
            g_string_append_printf (text, _("passes (pass mark %s)"), mark);
          else if (result->critical_failed)
            g_string_append_printf (text, _("fails: a critical item failed (pass mark %s)"), mark);
          else
            g_string_append_printf (text, _("fails (pass mark %s)"), mark);
        }
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

const char *
pl_scorecard_rule_text (void)
{
  return _("How a scorecard is scored\n"
           "\n"
           "• Each criterion earns points from 0 to 1: yes or pass 1, no or fail 0, "
           "partly 0.5; on a 1 to 5 scale, 1 is worth 0, 2 is 0.25, 3 is 0.5, 4 is 0.75 and 5 is 1.\n"
           "• N/A leaves the criterion out altogether: it counts neither for nor against.\n"
           "• A section's percentage is the weighted average of its answered criteria: "
           "Σ (criterion weight × points) ÷ Σ (criterion weight). "
           "A section with nothing answered is left out.\n"
           "• The form score is the weighted average of the sections that count, out of 100: "
           "100 × Σ (section weight × section %) ÷ Σ (section weight).\n"
           "• A critical item that fails (scores 0) sets its section to 0%, or, if it is "
           "critical for the whole form, sets the score to 0.\n"
           "• With a pass mark, a form passes when its score is at least the pass mark and no "
           "form-level critical item failed.");
}

/* Designing and saving */

static gboolean
weight_ok (double weight)
{
  return isfinite (weight) && weight >= 0;
}

gboolean
pl_scorecard_validate (PlScorecard  *self,
                       int          *out_section,
                       int          *out_criterion,
                       GError      **error)
{
  g_autofree char *name = NULL;
  gboolean any_section_weight = FALSE;
  int where_section = -1, where_criterion = -1;

  g_return_val_if_fail (PL_IS_SCORECARD (self), FALSE);

  if (out_section != NULL)
    *out_section = -1;
  if (out_criterion != NULL)
    *out_criterion = -1;

  name = pl_str_stripped (self->name);
  if (*name == '\0')
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID, _("Give the scorecard a name."));
      return FALSE;
    }

  if (!isnan (self->pass_mark) && !(self->pass_mark >= 0 && self->pass_mark <= 100))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The pass mark must be between 0 and 100, or left empty for none."));
      return FALSE;
    }

  if (self->sections->len == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("Add at least one section with at least one criterion."));
      return FALSE;
    }

  for (guint s = 0; s < self->sections->len; s++)
    {
      PlScorecardSection *section = g_ptr_array_index (self->sections, s);
      g_autofree char *section_name = pl_str_stripped (section->name);
      gboolean any_criterion_weight = FALSE;

      where_section = (int) s;
      where_criterion = -1;

      if (*section_name == '\0')
        {
          g_autofree char *number = g_strdup_printf ("%u", s + 1);

          g_set_error (error, PL_ERROR, PL_ERROR_INVALID, _("Section %s needs a name."), number);
          goto failed;
        }
      if (!weight_ok (section->weight))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("The weight of section “%s” must be 0 or more."), section_name);
          goto failed;
        }
      if (section->criteria->len == 0)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("Section “%s” needs at least one criterion."), section_name);
          goto failed;
        }

      for (guint c = 0; c < section->criteria->len; c++)
        {
          PlCriterion *criterion = g_ptr_array_index (section->criteria, c);
          g_autofree char *text = pl_str_stripped (criterion->text);

          where_criterion = (int) c;
          if (*text == '\0')
            {
              g_autofree char *number = g_strdup_printf ("%u", c + 1);

              g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Criterion %s of section “%s” needs a text."), number, section_name);
              goto failed;
            }
          if (!weight_ok (criterion->weight))
            {
              g_autofree char *short_name = short_text (text);

              g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The weight of “%s” must be 0 or more."), short_name);
              goto failed;
            }
          any_criterion_weight |= criterion->weight > 0;
        }

      where_criterion = -1;
      if (!any_criterion_weight)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("At least one criterion of section “%s” must weigh more than 0."),
                       section_name);
          goto failed;
        }
      any_section_weight |= section->weight > 0;
    }

  if (!any_section_weight)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("At least one section must weigh more than 0."));
      return FALSE;
    }

  return TRUE;

failed:
  if (out_section != NULL)
    *out_section = where_section;
  if (out_criterion != NULL)
    *out_criterion = where_criterion;
  return FALSE;
}

static gboolean
query_int64 (PlWorkspace  *workspace,
             const char   *sql,
             gint64        id,
             gint64       *out_value,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The scorecard could not be read"));
      return FALSE;
    }

  *out_value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
pl_scorecard_count_observations (PlWorkspace  *workspace,
                                 gint64        id,
                                 gint64       *out_count,
                                 GError      **error)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  return query_int64 (workspace, "SELECT count(*) FROM observations WHERE scorecard_id = ?",
                      id, out_count, error);
}

gboolean
pl_scorecard_is_used (PlWorkspace  *workspace,
                      gint64        id,
                      gboolean     *out_used,
                      GError      **error)
{
  gint64 used = 0;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (out_used != NULL, FALSE);

  if (!query_int64 (workspace,
                    "SELECT EXISTS (SELECT 1 FROM scorecards WHERE id = ?1 AND frozen)"
                    " OR EXISTS (SELECT 1 FROM observations WHERE scorecard_id = ?1)"
                    " OR EXISTS (SELECT 1 FROM calibration_sessions WHERE scorecard_id = ?1)",
                    id, &used, error))
    return FALSE;

  *out_used = used != 0;
  return TRUE;
}

/* The ids the save gives out, applied to the object after the commit so
 * that a failed save leaves it as it was. */
typedef struct {
  gint64 id;
  int version;
  gint64 parent_id;
  GArray *section_ids;     /* gint64 */
  GArray *criterion_ids;   /* gint64, form order */
} SavedIds;

static void
saved_ids_clear (SavedIds *saved)
{
  g_clear_pointer (&saved->section_ids, g_array_unref);
  g_clear_pointer (&saved->criterion_ids, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SavedIds, saved_ids_clear)

static gboolean
write_section (PlWorkspace         *workspace,
               gint64               scorecard_id,
               PlScorecardSection  *section,
               int                  position,
               gboolean             update,
               gint64              *out_id,
               GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *name = pl_str_stripped (section->name);

  stmt = pl_workspace_prepare (workspace,
                               update
                               ? "UPDATE scorecard_sections SET position = ?2, name = ?3, weight = ?4"
                                 " WHERE id = ?5 AND scorecard_id = ?1"
                               : "INSERT INTO scorecard_sections (scorecard_id, position, name, weight)"
                                 " VALUES (?1, ?2, ?3, ?4)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, scorecard_id);
  sqlite3_bind_int (stmt, 2, position);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 4, section->weight);
  if (update)
    sqlite3_bind_int64 (stmt, 5, section->id);

  if (!pl_workspace_step_done (workspace, stmt, error))
    return FALSE;

  *out_id = update ? section->id : sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  return TRUE;
}

static gboolean
write_criterion (PlWorkspace   *workspace,
                 gint64         section_id,
                 PlCriterion   *criterion,
                 int            position,
                 gboolean       update,
                 gint64        *out_id,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = pl_str_stripped (criterion->text);
  g_autofree char *guidance = pl_str_stripped (criterion->guidance);

  stmt = pl_workspace_prepare (workspace,
                               update
                               ? "UPDATE criteria SET section_id = ?1, position = ?2, text = ?3,"
                                 " guidance = ?4, scale = ?5, weight = ?6, allow_na = ?7,"
                                 " critical = ?8, standard_id = ?9 WHERE id = ?10"
                               : "INSERT INTO criteria (section_id, position, text, guidance, scale,"
                                 " weight, allow_na, critical, standard_id)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, section_id);
  sqlite3_bind_int (stmt, 2, position);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  pl_bind_text_or_null (stmt, 4, *guidance != '\0' ? guidance : NULL);
  sqlite3_bind_text (stmt, 5, pl_criterion_scale_to_string (criterion->scale), -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 6, criterion->weight);
  sqlite3_bind_int (stmt, 7, criterion->allow_na ? 1 : 0);
  sqlite3_bind_text (stmt, 8, pl_critical_to_string (criterion->critical), -1, SQLITE_STATIC);
  pl_bind_id_or_null (stmt, 9, criterion->standard_id);
  if (update)
    sqlite3_bind_int64 (stmt, 10, criterion->id);

  if (!pl_workspace_step_done (workspace, stmt, error))
    return FALSE;

  *out_id = update ? criterion->id : sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  return TRUE;
}

/* The ids of @sql's rows (one bound id) as a set. */
static GHashTable *
id_set (PlWorkspace  *workspace,
        const char   *sql,
        gint64        id,
        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, sql, error);
  g_autoptr(GHashTable) set = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *key = g_new (gint64, 1);

      *key = sqlite3_column_int64 (stmt, 0);
      g_hash_table_add (set, key);
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The scorecard could not be read"));
      return NULL;
    }

  return g_steal_pointer (&set);
}

/* Writes the sections and criteria of @self under @scorecard_id. With
 * @in_place, rows of that scorecard that @self still has are updated
 * (keeping their ids) and the others deleted; otherwise all are new. */
static gboolean
write_contents (PlScorecard  *self,
                PlWorkspace  *workspace,
                gint64        scorecard_id,
                gboolean      in_place,
                SavedIds     *saved,
                GError      **error)
{
  g_autoptr(GHashTable) old_sections = NULL;
  g_autoptr(GHashTable) old_criteria = NULL;

  saved->section_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  saved->criterion_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (in_place)
    {
      old_sections = id_set (workspace, "SELECT id FROM scorecard_sections WHERE scorecard_id = ?",
                             scorecard_id, error);
      if (old_sections == NULL)
        return FALSE;
      old_criteria = id_set (workspace,
                             "SELECT c.id FROM criteria c JOIN scorecard_sections s ON s.id = c.section_id"
                             " WHERE s.scorecard_id = ?",
                             scorecard_id, error);
      if (old_criteria == NULL)
        return FALSE;
    }

  for (guint s = 0; s < self->sections->len; s++)
    {
      PlScorecardSection *section = g_ptr_array_index (self->sections, s);
      gboolean update = in_place && g_hash_table_remove (old_sections, &section->id);
      gint64 section_id;

      if (!write_section (workspace, scorecard_id, section, (int) s + 1, update, &section_id, error))
        return FALSE;
      g_array_append_val (saved->section_ids, section_id);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          PlCriterion *criterion = g_ptr_array_index (section->criteria, c);
          gboolean update_criterion = in_place && g_hash_table_remove (old_criteria, &criterion->id);
          gint64 criterion_id;

          if (!write_criterion (workspace, section_id, criterion, (int) c + 1,
                                update_criterion, &criterion_id, error))
            return FALSE;
          g_array_append_val (saved->criterion_ids, criterion_id);
        }
    }

  if (in_place)
    {
      g_autoptr(sqlite3_stmt) delete_criterion = NULL;
      g_autoptr(sqlite3_stmt) delete_section = NULL;
      GHashTableIter iter;
      gint64 *id;

      delete_criterion = pl_workspace_prepare (workspace, "DELETE FROM criteria WHERE id = ?", error);
      delete_section = pl_workspace_prepare (workspace, "DELETE FROM scorecard_sections WHERE id = ?", error);
      if (delete_criterion == NULL || delete_section == NULL)
        return FALSE;

      /* Criteria first: a kept criterion may have moved out of a section
       * that goes, and the cascade must not take it. */
      g_hash_table_iter_init (&iter, old_criteria);
      while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
        {
          sqlite3_bind_int64 (delete_criterion, 1, *id);
          if (!pl_workspace_step_done (workspace, delete_criterion, error))
            return FALSE;
        }
      g_hash_table_iter_init (&iter, old_sections);
      while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
        {
          sqlite3_bind_int64 (delete_section, 1, *id);
          if (!pl_workspace_step_done (workspace, delete_section, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
insert_scorecard (PlScorecard  *self,
                  PlWorkspace  *workspace,
                  const char   *name,
                  int           version,
                  gint64        parent_id,
                  const char   *now,
                  gint64       *out_id,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO scorecards (name, version, parent_id, frozen, pass_mark,"
                               " created_at) VALUES (?, ?, ?, 0, ?, ?)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, version);
  pl_bind_id_or_null (stmt, 3, parent_id);
  if (!isnan (self->pass_mark))
    sqlite3_bind_double (stmt, 4, self->pass_mark);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);

  if (!pl_workspace_step_done (workspace, stmt, error))
    return FALSE;

  *out_id = sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  return TRUE;
}

/* Points the KPIs that measured @old_id at @new_id, one audit entry each. */
static gboolean
move_kpis (PlWorkspace  *workspace,
           gint64        old_id,
           gint64        new_id,
           int           new_version,
           const char   *name,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *version = g_strdup_printf ("%d", new_version);
  int rc;

  select = pl_workspace_prepare (workspace, "SELECT id, code FROM kpis WHERE scorecard_id = ? ORDER BY id",
                                 error);
  update = pl_workspace_prepare (workspace, "UPDATE kpis SET scorecard_id = ? WHERE id = ?", error);
  if (select == NULL || update == NULL)
    return FALSE;

  sqlite3_bind_int64 (select, 1, old_id);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (select, 0);

      g_array_append_val (ids, id);
      g_ptr_array_add (codes, g_strdup (pl_column_text (select, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The KPIs could not be read"));
      return FALSE;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *detail = NULL;

      sqlite3_bind_int64 (update, 1, new_id);
      sqlite3_bind_int64 (update, 2, g_array_index (ids, gint64, i));
      if (!pl_workspace_step_done (workspace, update, error))
        return FALSE;

      detail = g_strdup_printf (_("KPI %s now measures version %s of “%s”"),
                                (const char *) g_ptr_array_index (codes, i), version, name);
      if (!pl_workspace_audit (workspace, "update", "kpi", g_array_index (ids, gint64, i), detail, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
freeze (PlWorkspace  *workspace,
        gint64        id,
        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pl_workspace_prepare (workspace, "UPDATE scorecards SET frozen = 1 WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  return pl_workspace_step_done (workspace, stmt, error);
}

static gboolean
save_write (PlScorecard  *self,
            PlWorkspace  *workspace,
            const char   *name,
            const char   *now,
            SavedIds     *saved,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  gboolean used = FALSE;
  gint64 n_children = 0;
  int version;

  if (self->id == 0)
    {
      saved->version = 1;
      saved->parent_id = 0;
      return insert_scorecard (self, workspace, name, 1, 0, now, &saved->id, error) &&
             write_contents (self, workspace, saved->id, FALSE, saved, error) &&
             pl_workspace_audit (workspace, "create", "scorecard", saved->id, name, error);
    }

  stmt = pl_workspace_prepare (workspace, "SELECT version, parent_id FROM scorecards WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("This scorecard is no longer in the workspace."));
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);

  if (!query_int64 (workspace, "SELECT count(*) FROM scorecards WHERE parent_id = ?",
                    self->id, &n_children, error) ||
      !pl_scorecard_is_used (workspace, self->id, &used, error))
    return FALSE;

  if (n_children > 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("A newer version of this scorecard exists: edit the latest version instead."));
      return FALSE;
    }

  if (!used)
    {
      g_autoptr(sqlite3_stmt) update = NULL;

      update = pl_workspace_prepare (workspace, "UPDATE scorecards SET name = ?, pass_mark = ? WHERE id = ?",
                                     error);
      if (update == NULL)
        return FALSE;
      sqlite3_bind_text (update, 1, name, -1, SQLITE_TRANSIENT);
      if (!isnan (self->pass_mark))
        sqlite3_bind_double (update, 2, self->pass_mark);
      sqlite3_bind_int64 (update, 3, self->id);

      saved->id = self->id;
      saved->version = version;
      saved->parent_id = sqlite3_column_int64 (stmt, 1);
      return pl_workspace_step_done (workspace, update, error) &&
             write_contents (self, workspace, self->id, TRUE, saved, error) &&
             pl_workspace_audit (workspace, "update", "scorecard", self->id, name, error);
    }

  /* Used: the old version stays as it is, frozen, with its observations. */
  saved->version = version + 1;
  saved->parent_id = self->id;
  {
    g_autofree char *old_version = g_strdup_printf ("%d", version);
    g_autofree char *new_version = g_strdup_printf ("%d", version + 1);

    detail = g_strdup_printf (_("Version %s of “%s” replaces version %s, which is kept for its observations"),
                              new_version, name, old_version);
  }

  return insert_scorecard (self, workspace, name, version + 1, self->id, now, &saved->id, error) &&
         write_contents (self, workspace, saved->id, FALSE, saved, error) &&
         freeze (workspace, self->id, error) &&
         move_kpis (workspace, self->id, saved->id, version + 1, name, error) &&
         pl_workspace_audit (workspace, "version", "scorecard", saved->id, detail, error);
}

gboolean
pl_scorecard_save (PlWorkspace  *workspace,
                   PlScorecard  *self,
                   gint64       *out_id,
                   GError      **error)
{
  g_auto(SavedIds) saved = { 0 };
  g_autofree char *name = NULL;
  g_autofree char *now = NULL;
  guint index = 0;
  gboolean new_version;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (PL_IS_SCORECARD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_scorecard_validate (self, NULL, NULL, error))
    return FALSE;

  name = pl_str_stripped (self->name);
  now = pl_now_iso8601 ();

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!save_write (self, workspace, name, now, &saved, error) ||
      !pl_workspace_commit (workspace, error))
    {
      pl_workspace_rollback (workspace);
      return FALSE;
    }

  new_version = self->id != 0 && saved.id != self->id;

  g_object_freeze_notify (G_OBJECT (self));
  pl_scorecard_set_name (self, name);
  if (self->id != saved.id)
    {
      self->id = saved.id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  if (self->version != saved.version)
    {
      self->version = saved.version;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
    }
  if (self->parent_id != saved.parent_id)
    {
      self->parent_id = saved.parent_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARENT_ID]);
    }
  if (self->frozen)
    {
      self->frozen = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROZEN]);
    }
  if (new_version || self->created_at == NULL)
    {
      pl_str_replace (&self->created_at, now);
      if (self->n_observations != 0)
        {
          self->n_observations = 0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OBSERVATIONS]);
        }
    }
  for (guint s = 0; s < self->sections->len; s++)
    {
      PlScorecardSection *section = g_ptr_array_index (self->sections, s);

      section->id = g_array_index (saved.section_ids, gint64, s);
      for (guint c = 0; c < section->criteria->len; c++, index++)
        {
          PlCriterion *criterion = g_ptr_array_index (section->criteria, c);
          g_autofree char *text = pl_str_stripped (criterion->text);

          criterion->id = g_array_index (saved.criterion_ids, gint64, index);
          pl_str_replace (&criterion->text, text);
        }
    }
  g_object_thaw_notify (G_OBJECT (self));

  if (out_id != NULL)
    *out_id = saved.id;

  g_debug ("Saved scorecard %" G_GINT64_FORMAT " version %d", saved.id, saved.version);
  pl_workspace_emit_changed (workspace, "scorecards");
  return TRUE;
}

static gboolean
delete_write (PlWorkspace  *workspace,
              gint64        id,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *name = NULL;
  gint64 parent_id, n_observations = 0, n_sessions = 0, n_children = 0, n_kpis = 0;
  gboolean frozen;
  int version;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT name, version, parent_id, frozen FROM scorecards WHERE id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("This scorecard is no longer in the workspace."));
      return FALSE;
    }
  name = g_strdup (pl_column_text (stmt, 0));
  version = sqlite3_column_int (stmt, 1);
  parent_id = sqlite3_column_int64 (stmt, 2);
  frozen = sqlite3_column_int (stmt, 3) != 0;

  if (!pl_scorecard_count_observations (workspace, id, &n_observations, error) ||
      !query_int64 (workspace, "SELECT count(*) FROM calibration_sessions WHERE scorecard_id = ?",
                    id, &n_sessions, error) ||
      !query_int64 (workspace, "SELECT count(*) FROM scorecards WHERE parent_id = ?",
                    id, &n_children, error) ||
      !query_int64 (workspace, "SELECT count(*) FROM kpis WHERE scorecard_id = ?",
                    id, &n_kpis, error))
    return FALSE;

  if (n_observations > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, n_observations);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” has been used for %s observation, so it cannot be deleted: "
                                "the observation keeps its scorecard.",
                                "“%s” has been used for %s observations, so it cannot be deleted: "
                                "the observations keep their scorecard.",
                                (gulong) n_observations),
                   name, count);
      return FALSE;
    }
  if (n_sessions > 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” has been used in a calibration session, so it cannot be deleted."), name);
      return FALSE;
    }
  if (frozen)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is frozen because it has been used, so it cannot be deleted."), name);
      return FALSE;
    }
  if (n_children > 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("A newer version was made from this version of “%s”, so it cannot be deleted."),
                   name);
      return FALSE;
    }
  if (n_kpis > 0 && parent_id == 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("A KPI is measured with “%s”: point the KPI at another scorecard first."), name);
      return FALSE;
    }

  /* KPIs moved to this version when it was made go back to the one it
   * replaced. */
  if (n_kpis > 0 && !move_kpis (workspace, id, parent_id, version - 1, name, error))
    return FALSE;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = pl_workspace_prepare (workspace, "DELETE FROM scorecards WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);

  {
    g_autofree char *number = g_strdup_printf ("%d", version);
    g_autofree char *detail = g_strdup_printf (_("“%s” version %s"), name, number);

    return pl_workspace_step_done (workspace, stmt, error) &&
           pl_workspace_audit (workspace, "delete", "scorecard", id, detail, error);
  }
}

gboolean
pl_scorecard_delete (PlWorkspace  *workspace,
                     gint64        id,
                     GError      **error)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!delete_write (workspace, id, error) ||
      !pl_workspace_commit (workspace, error))
    {
      pl_workspace_rollback (workspace);
      return FALSE;
    }

  pl_workspace_emit_changed (workspace, "scorecards");
  return TRUE;
}

static GListModel *
list_with_sections (PlWorkspace   *workspace,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  g_autoptr(GListModel) model = NULL;

  model = pl_workspace_collect (workspace, stmt, PL_TYPE_SCORECARD, scorecard_from_row,
                                _("The scorecards could not be read"), error);
  if (model == NULL)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PlScorecard) card = g_list_model_get_item (model, i);

      if (!load_sections (card, workspace, error))
        return NULL;
    }

  return g_steal_pointer (&model);
}

/**
 * pl_scorecard_list:
 *
 * Returns: (transfer full): #PlScorecard items with their sections
 */
GListModel *
pl_scorecard_list (PlWorkspace  *workspace,
                   gboolean      latest_only,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               latest_only
                               ? "SELECT " SCORECARD_COLUMNS " FROM scorecards s"
                                 " WHERE NOT EXISTS (SELECT 1 FROM scorecards c WHERE c.parent_id = s.id)"
                                 " ORDER BY s.name COLLATE NOCASE, s.version, s.id"
                               : "SELECT " SCORECARD_COLUMNS " FROM scorecards s"
                                 " ORDER BY s.name COLLATE NOCASE, s.version, s.id",
                               error);
  if (stmt == NULL)
    return NULL;

  return list_with_sections (workspace, stmt, error);
}

/**
 * pl_scorecard_list_versions:
 *
 * Returns: (transfer full): every version of @id's scorecard, oldest
 *   first; empty if @id does not exist
 */
GListModel *
pl_scorecard_list_versions (PlWorkspace  *workspace,
                            gint64        id,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "WITH RECURSIVE"
                               " up (id, parent_id) AS ("
                               "  SELECT id, parent_id FROM scorecards WHERE id = ?"
                               "  UNION SELECT p.id, p.parent_id FROM scorecards p JOIN up ON p.id = up.parent_id),"
                               " family (id) AS ("
                               "  SELECT id FROM up WHERE parent_id IS NULL"
                               "  UNION SELECT c.id FROM scorecards c JOIN family ON c.parent_id = family.id)"
                               " SELECT " SCORECARD_COLUMNS " FROM scorecards s"
                               " WHERE s.id IN (SELECT id FROM family) ORDER BY s.version, s.id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  return list_with_sections (workspace, stmt, error);
}
