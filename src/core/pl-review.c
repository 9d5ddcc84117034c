/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pl-error.h"
#include "pl-review.h"
#include "pl-util.h"

struct _PlReview
{
  GObject parent_instance;

  gint64 id;
  char *title;
  char *period_start;
  char *period_end;
  PlReviewStatus status;
  char *scope;
  char *processes_in;
  char *processes_out;
  char *communication;
  char *communicated_on;
  char *information;
  char *created_at;
  char *updated_at;
  char *trashed_at;

  GPtrArray *scope_items;   /* PlReviewScopeItem */
  GPtrArray *objectives;    /* PlReviewObjective */
  GPtrArray *people;        /* PlReviewPerson */
  GPtrArray *kpis;          /* PlReviewKpi */
  GPtrArray *methods;       /* PlReviewMethodChoice */
};

G_DEFINE_FINAL_TYPE (PlReview, pl_review, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlReviewStatus, pl_review_status,
  G_DEFINE_ENUM_VALUE (PL_REVIEW_STATUS_PLANNING, "planning"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_STATUS_COLLECTING, "collecting"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_STATUS_EVALUATING, "evaluating"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_STATUS_IMPROVING, "improving"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_STATUS_CLOSED, "closed"))

G_DEFINE_ENUM_TYPE (PlReviewMethod, pl_review_method,
  G_DEFINE_ENUM_VALUE (PL_REVIEW_METHOD_SURVEY, "survey"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_METHOD_FOCUS_GROUP, "focus_group"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_METHOD_INFORMAL_FEEDBACK, "informal_feedback"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_METHOD_OBSERVATION, "observation"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_METHOD_CALL_LISTENING, "call_listening"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_METHOD_WRITTEN_REVIEW, "written_review"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_METHOD_DIRECT_FEEDBACK, "direct_feedback"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_METHOD_MYSTERY_SHOPPING, "mystery_shopping"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_METHOD_FIGURES, "figures"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_METHOD_COMPLAINTS, "complaints"),
  G_DEFINE_ENUM_VALUE (PL_REVIEW_METHOD_STAFF_ABSENCE, "staff_absence"))

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_PERIOD_START,
  PROP_PERIOD_END,
  PROP_STATUS,
  PROP_SCOPE,
  PROP_PROCESSES_IN,
  PROP_PROCESSES_OUT,
  PROP_COMMUNICATION,
  PROP_COMMUNICATED_ON,
  PROP_INFORMATION,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_TRASHED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The schema's text for each enum value, indexed by the value. */
static const char * const status_names[] = {
  [PL_REVIEW_STATUS_PLANNING] = "planning",
  [PL_REVIEW_STATUS_COLLECTING] = "collecting",
  [PL_REVIEW_STATUS_EVALUATING] = "evaluating",
  [PL_REVIEW_STATUS_IMPROVING] = "improving",
  [PL_REVIEW_STATUS_CLOSED] = "closed",
};

static const char * const entity_names[] = {
  [PL_REVIEW_ENTITY_CHANNEL] = "channel",
  [PL_REVIEW_ENTITY_TEAM] = "team",
};

static const char * const role_names[] = {
  [PL_REVIEW_ROLE_DECISION_MAKER] = "decision_maker",
  [PL_REVIEW_ROLE_AFFECTED] = "affected",
};

/* The catalogue of data collection methods and monitoring techniques
 * (unit 403 AC 2.2-2.3, unit 312 AC 1.3 and 2.3), untranslated; the
 * translated copy is made on first use. */
static const PlReviewMethodInfo methods_catalogue[PL_REVIEW_N_METHODS] = {
  {
    PL_REVIEW_METHOD_SURVEY,
    "survey",
    N_("Survey"),
    N_("Customers answer the same set of questions, by email, text message, telephone or "
       "online, after a contact or at set times."),
    N_("Reaches many customers at little cost and gives scores (satisfaction, effort, "
       "likelihood to recommend) that can be compared over time and between channels and "
       "teams. A comment box adds the customer’s reasons."),
    N_("Response rates are often low, and the customers who reply tend to be the very pleased "
       "or the very unhappy. Vague or leading questions skew the answers, and a score alone "
       "does not say why."),
    N_("Good for satisfaction and effort when each question asks about a feature of service "
       "you want to measure; weak when questions are vague or leading."),
    N_("High when the same questions go to a representative sample in the same way each "
       "time; lower when few customers reply or they choose themselves."),
    N_("A few minutes of each customer’s time; too many requests cause survey fatigue. "
       "None to staff."),
    PL_REVIEW_DATA_BOTH,
  },
  {
    PL_REVIEW_METHOD_FOCUS_GROUP,
    "focus_group",
    N_("Focus group"),
    N_("A small group of customers, usually six to ten, discusses the service with a "
       "facilitator for an hour or two."),
    N_("Brings out the reasons behind satisfaction and dissatisfaction, and ideas for "
       "improvement, in customers’ own words; one person’s comment prompts others."),
    N_("So few customers take part that they may not represent the customer base. Strong "
       "voices can dominate, and it takes time, a venue and usually an incentive to run."),
    N_("High for understanding why customers feel as they do and for testing ideas; it "
       "cannot tell you how many customers share a view."),
    N_("Low: another group or another facilitator may reach different conclusions. A "
       "discussion guide and more than one group help."),
    N_("None to other customers; those taking part give up their time. Little to staff "
       "unless they help to run it."),
    PL_REVIEW_DATA_QUALITATIVE,
  },
  {
    PL_REVIEW_METHOD_INFORMAL_FEEDBACK,
    "informal_feedback",
    N_("Informal customer feedback"),
    N_("Comments customers make unprompted, to staff, by email, on social media or on review "
       "sites, are recorded and sorted into themes."),
    N_("Costs little, runs all the time and captures what customers care about enough to "
       "mention, often with a specific example."),
    N_("Patchy and unstructured: it depends on staff writing comments down, and the "
       "customers who speak up may not be typical."),
    N_("Useful for spotting problems and themes; weak as a measure of overall satisfaction, "
       "because nobody chose who speaks."),
    N_("Low: the amount and tone change with events and with how carefully staff log "
       "comments. A simple log with set categories helps."),
    N_("None to customers; a little of staff’s time to record what they hear."),
    PL_REVIEW_DATA_QUALITATIVE,
  },
  {
    PL_REVIEW_METHOD_OBSERVATION,
    "observation",
    N_("Observation"),
    N_("A manager or assessor watches or sits beside colleagues while they serve customers "
       "and scores what they see against the quality criteria."),
    N_("Shows behaviour, product knowledge and procedures in action, in context, and lets "
       "you give feedback straight away."),
    N_("People act differently when they know they are watched, it takes the observer’s "
       "time, and only a few interactions are seen."),
    N_("High for how staff carry out the standards; it shows what staff do, not how "
       "customers feel about it."),
    N_("Moderate: it depends on clear criteria and on observers scoring alike. Agree the "
       "scoring between observers and observe at different times of day."),
    N_("Customers seldom notice. Staff may feel under pressure, so tell them when and why "
       "they will be observed."),
    PL_REVIEW_DATA_BOTH,
  },
  {
    PL_REVIEW_METHOD_CALL_LISTENING,
    "call_listening",
    N_("Telephone listening"),
    N_("Listening to recorded or live telephone calls and scoring each one against the "
       "quality criteria."),
    N_("You hear exactly what the customer heard; recordings can be replayed, used for "
       "coaching and sampled across colleagues, times of day and types of call."),
    N_("Each call takes at least its own length to review, it covers the telephone only, "
       "and recordings are personal data: customers must be told calls may be recorded."),
    N_("High for the quality of telephone conversations against the criteria; it does not "
       "show how the customer felt afterwards."),
    N_("Good with a clear scorecard and listeners who score alike, because the same "
       "recording can be scored again."),
    N_("None to customers once they have been told calls are recorded. Staff should know "
       "calls are monitored and how the results will be used."),
    PL_REVIEW_DATA_BOTH,
  },
  {
    PL_REVIEW_METHOD_WRITTEN_REVIEW,
    "written_review",
    N_("Review of written communication"),
    N_("Reading a sample of emails, letters, web chats and social media replies and scoring "
       "each against the quality criteria."),
    N_("The whole exchange is kept, so any reply can be checked for accuracy, tone, clarity "
       "and whether it answered the question."),
    N_("Shows what was written, not how the customer took it, and reading a large sample "
       "takes time."),
    N_("High for the quality of written replies against the standards."),
    N_("Good: the text does not change, so two reviewers using the same criteria should "
       "agree. Check from time to time that they do."),
    N_("None to customers. Little to staff, who should know their written work is sampled."),
    PL_REVIEW_DATA_BOTH,
  },
  {
    PL_REVIEW_METHOD_DIRECT_FEEDBACK,
    "direct_feedback",
    N_("Direct feedback from customers"),
    N_("Asking customers about their experience soon after it, at the end of the contact, "
       "face to face or with a follow-up call."),
    N_("The experience is fresh, you can ask follow-up questions, and the feedback is tied "
       "to a particular interaction and colleague."),
    N_("Customers asked in person are often polite rather than frank, and it takes a lot of "
       "time for large numbers."),
    N_("Good for how customers felt about a particular interaction; weaker for the service "
       "as a whole."),
    N_("Moderate: answers depend on who asks and how. Ask the same few questions in the "
       "same way each time."),
    N_("A little to customers, who give extra time; some to the staff who ask or make the "
       "calls."),
    PL_REVIEW_DATA_BOTH,
  },
  {
    PL_REVIEW_METHOD_MYSTERY_SHOPPING,
    "mystery_shopping",
    N_("Mystery shopping"),
    N_("Trained people pose as customers, follow a set scenario and report the service "
       "they received against a checklist."),
    N_("Sees the service exactly as a customer does and tests the standards directly, "
       "including ones customers rarely mention, such as the greeting or offering more "
       "help."),
    N_("Samples are small and costly, and one visit or call may not be typical of the "
       "service."),
    N_("High for the standards the scenario tests; it says nothing about those it does "
       "not test."),
    N_("Low unless the scenario is scripted and repeated at different times, sites and "
       "with different colleagues."),
    N_("None to customers. Some anxiety for staff if the programme is not explained to "
       "them beforehand."),
    PL_REVIEW_DATA_BOTH,
  },
  {
    PL_REVIEW_METHOD_FIGURES,
    "figures",
    N_("KPI, sales and returns figures"),
    N_("Figures the organisation already records, such as KPIs (answer times, abandoned "
       "calls, first-contact resolution), sales, repeat business and returns."),
    N_("Already collected, objective and complete: they cover every transaction and show "
       "trends over time at no extra cost."),
    N_("They show what happened but not why; prices, the season or stock can move them as "
       "much as service does, and targets can encourage the wrong behaviour."),
    N_("Good for what they count directly, such as speed and resolution; only an indirect "
       "sign of satisfaction."),
    N_("High: the same records give the same figures, as long as the definitions do not "
       "change."),
    N_("None to customers or staff."),
    PL_REVIEW_DATA_QUANTITATIVE,
  },
  {
    PL_REVIEW_METHOD_COMPLAINTS,
    "complaints",
    N_("Complaints"),
    N_("Analysing the complaints log: how many complaints, what about, and how quickly and "
       "how well they were resolved."),
    N_("Shows clearly where the service fails and what matters most to customers; "
       "resolution times can be checked against what was promised."),
    N_("Most dissatisfied customers never complain, so the numbers understate problems, and "
       "fewer complaints may only mean customers have given up."),
    N_("High for the causes of dissatisfaction and for how complaints are handled; low as a "
       "measure of overall satisfaction."),
    N_("Good when complaints are logged and categorised the same way everywhere; poor when "
       "teams or channels record them differently."),
    N_("None: the records already exist."),
    PL_REVIEW_DATA_BOTH,
  },
  {
    PL_REVIEW_METHOD_STAFF_ABSENCE,
    "staff_absence",
    N_("Staff absence"),
    N_("Tracking sickness absence, lateness and staff turnover in the teams that serve "
       "customers over the review period."),
    N_("Already recorded; rising absence or turnover is an early sign of pressure that will "
       "soon show in the service customers receive."),
    N_("An indirect measure: absence has many causes unrelated to service, and the records "
       "are personal data to be handled with care."),
    N_("Low as a measure of customer satisfaction; useful alongside other methods to "
       "explain a dip in service."),
    N_("High: the same records give the same figures."),
    N_("None to customers or staff, provided figures are reported for teams, not named "
       "individuals."),
    PL_REVIEW_DATA_QUANTITATIVE,
  },
};

/* Parts */

static void
scope_item_free (gpointer data)
{
  PlReviewScopeItem *item = data;

  g_free (item->name);
  g_free (item);
}

static void
objective_free (gpointer data)
{
  PlReviewObjective *objective = data;

  g_free (objective->text);
  g_free (objective->decision);
  g_free (objective);
}

static void
person_free (gpointer data)
{
  PlReviewPerson *person = data;

  g_free (person->name);
  g_free (person->how_told);
  g_free (person->told_on);
  g_free (person);
}

static void
review_kpi_free (gpointer data)
{
  PlReviewKpi *kpi = data;

  g_free (kpi->feature);
  g_free (kpi->code);
  g_free (kpi->name);
  g_free (kpi);
}

static void
method_choice_free (gpointer data)
{
  PlReviewMethodChoice *choice = data;

  g_free (choice->justification);
  g_free (choice->details);
  g_free (choice);
}

void
pl_review_summary_section_free (PlReviewSummarySection *section)
{
  if (section == NULL)
    return;

  g_free (section->heading);
  g_strfreev (section->lines);
  g_free (section);
}

/* Helpers */

/* NULL for NULL, empty or blank text, so that optional parts compare and
 * store alike however the caller left them. */
static char *
dup_or_null (const char *text)
{
  if (text == NULL)
    return NULL;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return g_strdup (text);

  return NULL;
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    return TRUE;

  copy = g_strstrip (g_strdup (text));
  return *copy == '\0';
}

static void
set_string (PlReview    *self,
            char       **field,
            const char  *value,
            int          prop)
{
  if (pl_str_replace (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (is_blank (text))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_dup_or_null (sqlite3_stmt *stmt,
                    int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* The canonical "YYYY-MM-DD" of @text, or NULL if it is not a date. */
static char *
canonical_date (const char *text)
{
  GDate date;

  if (!pl_date_parse_iso (text, &date))
    return NULL;

  return pl_date_to_iso (&date);
}

static const char *
entity_label (PlReviewEntity entity)
{
  return entity == PL_REVIEW_ENTITY_TEAM ? _("team") : _("channel");
}

/* The part's name, or "channel 3" when the workspace has not been asked. */
static char *
scope_item_dup_name (const PlReviewScopeItem *item)
{
  g_autofree char *number = NULL;

  if (!is_blank (item->name))
    return g_strdup (item->name);

  number = g_strdup_printf ("%" G_GINT64_FORMAT, item->entity_id);
  if (item->entity == PL_REVIEW_ENTITY_TEAM)
    return g_strdup_printf (_("team %s"), number);
  return g_strdup_printf (_("channel %s"), number);
}

static char *
review_kpi_dup_name (const PlReviewKpi *kpi)
{
  g_autofree char *number = NULL;

  if (!is_blank (kpi->name))
    return g_strdup (kpi->name);

  number = g_strdup_printf ("%" G_GINT64_FORMAT, kpi->kpi_id);
  return g_strdup_printf (_("KPI %s"), number);
}

static int
compare_scope_items (gconstpointer a,
                     gconstpointer b)
{
  const PlReviewScopeItem *x = *(PlReviewScopeItem * const *) a;
  const PlReviewScopeItem *y = *(PlReviewScopeItem * const *) b;

  /* The order the database returns them in: entity text, included first, id. */
  if (x->entity != y->entity)
    return strcmp (entity_names[x->entity], entity_names[y->entity]);
  if (!!x->included != !!y->included)
    return x->included ? -1 : 1;
  return (x->entity_id > y->entity_id) - (x->entity_id < y->entity_id);
}

/* The one-line message that asks for a method's justification. Written out
 * for each method so that translators see whole sentences. */
static const char *
justification_message (PlReviewMethod method)
{
  switch (method)
    {
    case PL_REVIEW_METHOD_SURVEY:
      return _("Say why a survey suits this review: the justification is what an assessor "
               "looks for.");
    case PL_REVIEW_METHOD_FOCUS_GROUP:
      return _("Say why a focus group suits this review: the justification is what an "
               "assessor looks for.");
    case PL_REVIEW_METHOD_INFORMAL_FEEDBACK:
      return _("Say why informal customer feedback suits this review: the justification is "
               "what an assessor looks for.");
    case PL_REVIEW_METHOD_OBSERVATION:
      return _("Say why observation suits this review: the justification is what an "
               "assessor looks for.");
    case PL_REVIEW_METHOD_CALL_LISTENING:
      return _("Say why telephone listening suits this review: the justification is what an "
               "assessor looks for.");
    case PL_REVIEW_METHOD_WRITTEN_REVIEW:
      return _("Say why reviewing written communication suits this review: the "
               "justification is what an assessor looks for.");
    case PL_REVIEW_METHOD_DIRECT_FEEDBACK:
      return _("Say why direct feedback from customers suits this review: the justification "
               "is what an assessor looks for.");
    case PL_REVIEW_METHOD_MYSTERY_SHOPPING:
      return _("Say why mystery shopping suits this review: the justification is what an "
               "assessor looks for.");
    case PL_REVIEW_METHOD_FIGURES:
      return _("Say why KPI, sales and returns figures suit this review: the justification "
               "is what an assessor looks for.");
    case PL_REVIEW_METHOD_COMPLAINTS:
      return _("Say why complaints suit this review: the justification is what an assessor "
               "looks for.");
    case PL_REVIEW_METHOD_STAFF_ABSENCE:
    default:
      return _("Say why staff absence suits this review: the justification is what an "
               "assessor looks for.");
    }
}

/* GObject */

static void
pl_review_finalize (GObject *object)
{
  PlReview *self = (PlReview *) object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->period_start, g_free);
  g_clear_pointer (&self->period_end, g_free);
  g_clear_pointer (&self->scope, g_free);
  g_clear_pointer (&self->processes_in, g_free);
  g_clear_pointer (&self->processes_out, g_free);
  g_clear_pointer (&self->communication, g_free);
  g_clear_pointer (&self->communicated_on, g_free);
  g_clear_pointer (&self->information, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->trashed_at, g_free);
  g_clear_pointer (&self->scope_items, g_ptr_array_unref);
  g_clear_pointer (&self->objectives, g_ptr_array_unref);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_pointer (&self->kpis, g_ptr_array_unref);
  g_clear_pointer (&self->methods, g_ptr_array_unref);

  G_OBJECT_CLASS (pl_review_parent_class)->finalize (object);
}

static void
pl_review_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PlReview *self = PL_REVIEW (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_PERIOD_START:
      g_value_set_string (value, self->period_start);
      break;
    case PROP_PERIOD_END:
      g_value_set_string (value, self->period_end);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_SCOPE:
      g_value_set_string (value, self->scope);
      break;
    case PROP_PROCESSES_IN:
      g_value_set_string (value, self->processes_in);
      break;
    case PROP_PROCESSES_OUT:
      g_value_set_string (value, self->processes_out);
      break;
    case PROP_COMMUNICATION:
      g_value_set_string (value, self->communication);
      break;
    case PROP_COMMUNICATED_ON:
      g_value_set_string (value, self->communicated_on);
      break;
    case PROP_INFORMATION:
      g_value_set_string (value, self->information);
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_review_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PlReview *self = PL_REVIEW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      pl_review_set_title (self, g_value_get_string (value));
      break;
    case PROP_PERIOD_START:
      pl_review_set_period_start (self, g_value_get_string (value));
      break;
    case PROP_PERIOD_END:
      pl_review_set_period_end (self, g_value_get_string (value));
      break;
    case PROP_SCOPE:
      pl_review_set_scope (self, g_value_get_string (value));
      break;
    case PROP_PROCESSES_IN:
      pl_review_set_processes_in (self, g_value_get_string (value));
      break;
    case PROP_PROCESSES_OUT:
      pl_review_set_processes_out (self, g_value_get_string (value));
      break;
    case PROP_COMMUNICATION:
      pl_review_set_communication (self, g_value_get_string (value));
      break;
    case PROP_COMMUNICATED_ON:
      pl_review_set_communicated_on (self, g_value_get_string (value));
      break;
    case PROP_INFORMATION:
      pl_review_set_information (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_review_class_init (PlReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pl_review_finalize;
  object_class->get_property = pl_review_get_property;
  object_class->set_property = pl_review_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "", rw);
  properties[PROP_PERIOD_START] =
    g_param_spec_string ("period-start", NULL, NULL, "", rw);
  properties[PROP_PERIOD_END] =
    g_param_spec_string ("period-end", NULL, NULL, "", rw);
  /* Read-only: pl_review_set_status() checks the move. */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       PL_TYPE_REVIEW_STATUS, PL_REVIEW_STATUS_PLANNING, ro);
  properties[PROP_SCOPE] =
    g_param_spec_string ("scope", NULL, NULL, "", rw);
  properties[PROP_PROCESSES_IN] =
    g_param_spec_string ("processes-in", NULL, NULL, "", rw);
  properties[PROP_PROCESSES_OUT] =
    g_param_spec_string ("processes-out", NULL, NULL, "", rw);
  properties[PROP_COMMUNICATION] =
    g_param_spec_string ("communication", NULL, NULL, "", rw);
  properties[PROP_COMMUNICATED_ON] =
    g_param_spec_string ("communicated-on", NULL, NULL, "", rw);
  properties[PROP_INFORMATION] =
    g_param_spec_string ("information", NULL, NULL, "", rw);
  properties[PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL, "", ro);
  properties[PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL, "", ro);
  properties[PROP_TRASHED_AT] =
    g_param_spec_string ("trashed-at", NULL, NULL, "", ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pl_review_init (PlReview *self)
{
  self->title = g_strdup ("");
  self->period_start = g_strdup ("");
  self->period_end = g_strdup ("");
  self->status = PL_REVIEW_STATUS_PLANNING;
  self->scope = g_strdup ("");
  self->processes_in = g_strdup ("");
  self->processes_out = g_strdup ("");
  self->communication = g_strdup ("");
  self->communicated_on = g_strdup ("");
  self->information = g_strdup ("");
  self->created_at = g_strdup ("");
  self->updated_at = g_strdup ("");
  self->trashed_at = g_strdup ("");
  self->scope_items = g_ptr_array_new_with_free_func (scope_item_free);
  self->objectives = g_ptr_array_new_with_free_func (objective_free);
  self->people = g_ptr_array_new_with_free_func (person_free);
  self->kpis = g_ptr_array_new_with_free_func (review_kpi_free);
  self->methods = g_ptr_array_new_with_free_func (method_choice_free);
}

/* Statuses */

const char *
pl_review_status_to_string (PlReviewStatus status)
{
  g_return_val_if_fail (status <= PL_REVIEW_STATUS_CLOSED, NULL);

  return status_names[status];
}

gboolean
pl_review_status_from_string (const char     *text,
                              PlReviewStatus *out_status)
{
  int i = pl_names_index (status_names, G_N_ELEMENTS (status_names), text);

  if (i < 0)
    return FALSE;

  if (out_status != NULL)
    *out_status = i;
  return TRUE;
}

const char *
pl_review_status_to_label (PlReviewStatus status)
{
  switch (status)
    {
    case PL_REVIEW_STATUS_PLANNING:
      return C_("review status", "Planning");
    case PL_REVIEW_STATUS_COLLECTING:
      return C_("review status", "Collecting");
    case PL_REVIEW_STATUS_EVALUATING:
      return C_("review status", "Evaluating");
    case PL_REVIEW_STATUS_IMPROVING:
      return C_("review status", "Improving");
    case PL_REVIEW_STATUS_CLOSED:
      return C_("review status", "Closed");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
pl_review_status_get_description (PlReviewStatus status)
{
  switch (status)
    {
    case PL_REVIEW_STATUS_PLANNING:
      return _("Agree the objectives, scope, KPIs and data collection methods with the "
               "decision makers, and tell the colleagues affected.");
    case PL_REVIEW_STATUS_COLLECTING:
      return _("Gather the information with the chosen methods over the review period.");
    case PL_REVIEW_STATUS_EVALUATING:
      return _("Check that the data is usable, analyse it against the objectives and KPIs, "
               "and draw conclusions.");
    case PL_REVIEW_STATUS_IMPROVING:
      return _("Agree improvements with the decision makers, put them in place and monitor "
               "the results.");
    case PL_REVIEW_STATUS_CLOSED:
      return _("The review is finished: its plan, findings and decisions are kept as a "
               "record.");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * pl_review_status_can_move:
 *
 * Whether a review may go from @from to @to: one stage forward or back
 * (so a closed review can be reopened to improving), or stay where it is.
 */
gboolean
pl_review_status_can_move (PlReviewStatus from,
                           PlReviewStatus to)
{
  g_return_val_if_fail (from <= PL_REVIEW_STATUS_CLOSED, FALSE);
  g_return_val_if_fail (to <= PL_REVIEW_STATUS_CLOSED, FALSE);

  return ABS ((int) from - (int) to) <= 1;
}

/* Methods */

const char *
pl_review_method_to_string (PlReviewMethod method)
{
  g_return_val_if_fail (method < PL_REVIEW_N_METHODS, NULL);

  return methods_catalogue[method].id;
}

gboolean
pl_review_method_from_string (const char     *text,
                              PlReviewMethod *out_method)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < PL_REVIEW_N_METHODS; i++)
    if (strcmp (methods_catalogue[i].id, text) == 0)
      {
        if (out_method != NULL)
          *out_method = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * pl_review_method_get_info:
 *
 * The catalogue entry for @method, its strings translated into the
 * language in use when first asked.
 *
 * Returns: (transfer none): the entry
 */
const PlReviewMethodInfo *
pl_review_method_get_info (PlReviewMethod method)
{
  static PlReviewMethodInfo translated[PL_REVIEW_N_METHODS];
  static gsize initialised = 0;

  g_return_val_if_fail (method < PL_REVIEW_N_METHODS, NULL);

  if (g_once_init_enter (&initialised))
    {
      for (guint i = 0; i < PL_REVIEW_N_METHODS; i++)
        {
          const PlReviewMethodInfo *info = &methods_catalogue[i];

          g_assert (info->method == i);
          translated[i] = *info;
          translated[i].name = _(info->name);
          translated[i].description = _(info->description);
          translated[i].advantages = _(info->advantages);
          translated[i].limitations = _(info->limitations);
          translated[i].validity = _(info->validity);
          translated[i].reliability = _(info->reliability);
          translated[i].disruption = _(info->disruption);
        }
      g_once_init_leave (&initialised, 1);
    }

  return &translated[method];
}

const char *
pl_review_data_kind_to_label (PlReviewDataKind kind)
{
  switch (kind)
    {
    case PL_REVIEW_DATA_QUANTITATIVE:
      return _("Quantitative");
    case PL_REVIEW_DATA_QUALITATIVE:
      return _("Qualitative");
    case PL_REVIEW_DATA_BOTH:
      return _("Quantitative and qualitative");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Construction and properties */

PlReview *
pl_review_new (void)
{
  return g_object_new (PL_TYPE_REVIEW, NULL);
}

gint64
pl_review_get_id (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), 0);

  return self->id;
}

const char *
pl_review_get_title (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->title;
}

void
pl_review_set_title (PlReview   *self,
                     const char *title)
{
  g_return_if_fail (PL_IS_REVIEW (self));

  set_string (self, &self->title, title, PROP_TITLE);
}

const char *
pl_review_get_period_start (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->period_start;
}

void
pl_review_set_period_start (PlReview   *self,
                            const char *iso_date)
{
  g_return_if_fail (PL_IS_REVIEW (self));

  set_string (self, &self->period_start, iso_date, PROP_PERIOD_START);
}

const char *
pl_review_get_period_end (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->period_end;
}

void
pl_review_set_period_end (PlReview   *self,
                          const char *iso_date)
{
  g_return_if_fail (PL_IS_REVIEW (self));

  set_string (self, &self->period_end, iso_date, PROP_PERIOD_END);
}

PlReviewStatus
pl_review_get_status (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), PL_REVIEW_STATUS_PLANNING);

  return self->status;
}

/**
 * pl_review_set_status:
 *
 * Moves the review to @status if it is one stage forward or back from
 * where it is (a closed review can be reopened to improving). The move is
 * stored by pl_review_save().
 *
 * Returns: %TRUE if the review is now at @status, else %FALSE with a
 *   %PL_ERROR_INVALID error that says where it can go
 */
gboolean
pl_review_set_status (PlReview        *self,
                      PlReviewStatus   status,
                      GError         **error)
{
  PlReviewStatus from;

  g_return_val_if_fail (PL_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (status <= PL_REVIEW_STATUS_CLOSED, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  from = self->status;
  if (from == status)
    return TRUE;

  if (!pl_review_status_can_move (from, status))
    {
      if (from == PL_REVIEW_STATUS_PLANNING)
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                     _("A review in planning can only move on to “%s”, one stage at a time. "
                       "It cannot go straight to “%s”."),
                     pl_review_status_to_label (from + 1),
                     pl_review_status_to_label (status));
      else if (from == PL_REVIEW_STATUS_CLOSED)
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                     _("A closed review can only be reopened to “%s”. It cannot go straight "
                       "back to “%s”."),
                     pl_review_status_to_label (from - 1),
                     pl_review_status_to_label (status));
      else
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                     _("A review moves one stage at a time: from “%s” it can go on to “%s” "
                       "or back to “%s”, not to “%s”."),
                     pl_review_status_to_label (from),
                     pl_review_status_to_label (from + 1),
                     pl_review_status_to_label (from - 1),
                     pl_review_status_to_label (status));
      return FALSE;
    }

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  return TRUE;
}

const char *
pl_review_get_scope (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->scope;
}

void
pl_review_set_scope (PlReview   *self,
                     const char *scope)
{
  g_return_if_fail (PL_IS_REVIEW (self));

  set_string (self, &self->scope, scope, PROP_SCOPE);
}

const char *
pl_review_get_processes_in (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->processes_in;
}

void
pl_review_set_processes_in (PlReview   *self,
                            const char *processes)
{
  g_return_if_fail (PL_IS_REVIEW (self));

  set_string (self, &self->processes_in, processes, PROP_PROCESSES_IN);
}

const char *
pl_review_get_processes_out (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->processes_out;
}

void
pl_review_set_processes_out (PlReview   *self,
                             const char *processes)
{
  g_return_if_fail (PL_IS_REVIEW (self));

  set_string (self, &self->processes_out, processes, PROP_PROCESSES_OUT);
}

const char *
pl_review_get_communication (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->communication;
}

void
pl_review_set_communication (PlReview   *self,
                             const char *communication)
{
  g_return_if_fail (PL_IS_REVIEW (self));

  set_string (self, &self->communication, communication, PROP_COMMUNICATION);
}

const char *
pl_review_get_communicated_on (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->communicated_on;
}

void
pl_review_set_communicated_on (PlReview   *self,
                               const char *iso_date)
{
  g_return_if_fail (PL_IS_REVIEW (self));

  set_string (self, &self->communicated_on, iso_date, PROP_COMMUNICATED_ON);
}

const char *
pl_review_get_information (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->information;
}

void
pl_review_set_information (PlReview   *self,
                           const char *information)
{
  g_return_if_fail (PL_IS_REVIEW (self));

  set_string (self, &self->information, information, PROP_INFORMATION);
}

const char *
pl_review_get_created_at (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->created_at;
}

const char *
pl_review_get_updated_at (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->updated_at;
}

const char *
pl_review_get_trashed_at (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->trashed_at;
}

/* The parts of the plan */

/**
 * pl_review_get_scope_items:
 *
 * The channels and teams listed as in or out of the review; none listed
 * means all are in. The caller may edit or remove elements.
 *
 * Returns: (transfer none) (element-type PlReviewScopeItem): the items
 */
GPtrArray *
pl_review_get_scope_items (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->scope_items;
}

PlReviewScopeItem *
pl_review_add_scope_item (PlReview       *self,
                          PlReviewEntity  entity,
                          gint64          entity_id,
                          gboolean        included,
                          const char     *name)
{
  PlReviewScopeItem *item;

  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);
  g_return_val_if_fail (entity <= PL_REVIEW_ENTITY_TEAM, NULL);

  item = g_new0 (PlReviewScopeItem, 1);
  item->entity = entity;
  item->entity_id = entity_id;
  item->included = !!included;
  item->name = dup_or_null (name);
  g_ptr_array_add (self->scope_items, item);

  return item;
}

/**
 * pl_review_get_objectives:
 *
 * Returns: (transfer none) (element-type PlReviewObjective): the
 *   objectives in order
 */
GPtrArray *
pl_review_get_objectives (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->objectives;
}

PlReviewObjective *
pl_review_add_objective (PlReview   *self,
                         const char *text,
                         const char *decision)
{
  PlReviewObjective *objective;

  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  objective = g_new0 (PlReviewObjective, 1);
  objective->text = g_strdup (text != NULL ? text : "");
  objective->decision = dup_or_null (decision);
  g_ptr_array_add (self->objectives, objective);

  return objective;
}

/**
 * pl_review_get_people:
 *
 * Returns: (transfer none) (element-type PlReviewPerson): the decision
 *   makers and those affected, in the order added
 */
GPtrArray *
pl_review_get_people (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->people;
}

PlReviewPerson *
pl_review_add_person (PlReview     *self,
                      PlReviewRole  role,
                      const char   *name,
                      const char   *how_told,
                      const char   *told_on)
{
  PlReviewPerson *person;

  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);
  g_return_val_if_fail (role <= PL_REVIEW_ROLE_AFFECTED, NULL);

  person = g_new0 (PlReviewPerson, 1);
  person->role = role;
  person->name = g_strdup (name != NULL ? name : "");
  person->how_told = dup_or_null (how_told);
  person->told_on = dup_or_null (told_on);
  g_ptr_array_add (self->people, person);

  return person;
}

/**
 * pl_review_get_kpis:
 *
 * Returns: (transfer none) (element-type PlReviewKpi): the KPIs in order
 */
GPtrArray *
pl_review_get_kpis (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->kpis;
}

PlReviewKpi *
pl_review_add_kpi (PlReview   *self,
                   gint64      kpi_id,
                   const char *feature)
{
  PlReviewKpi *kpi;

  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  kpi = g_new0 (PlReviewKpi, 1);
  kpi->kpi_id = kpi_id;
  kpi->feature = dup_or_null (feature);
  g_ptr_array_add (self->kpis, kpi);

  return kpi;
}

/**
 * pl_review_get_methods:
 *
 * Returns: (transfer none) (element-type PlReviewMethodChoice): the
 *   chosen methods in order
 */
GPtrArray *
pl_review_get_methods (PlReview *self)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  return self->methods;
}

PlReviewMethodChoice *
pl_review_add_method (PlReview       *self,
                      PlReviewMethod  method,
                      const char     *justification,
                      const char     *details)
{
  PlReviewMethodChoice *choice;

  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);
  g_return_val_if_fail (method < PL_REVIEW_N_METHODS, NULL);

  choice = g_new0 (PlReviewMethodChoice, 1);
  choice->method = method;
  choice->justification = g_strdup (justification != NULL ? justification : "");
  choice->details = dup_or_null (details);
  g_ptr_array_add (self->methods, choice);

  return choice;
}

/**
 * pl_review_find_method:
 *
 * Returns: (transfer none) (nullable): the choice of @method, or %NULL
 *   if it is not chosen
 */
PlReviewMethodChoice *
pl_review_find_method (PlReview       *self,
                       PlReviewMethod  method)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  for (guint i = 0; i < self->methods->len; i++)
    {
      PlReviewMethodChoice *choice = g_ptr_array_index (self->methods, i);

      if (choice->method == method)
        return choice;
    }

  return NULL;
}

/* Empties every part, ready to fill them again. */
void
pl_review_clear_parts (PlReview *self)
{
  g_return_if_fail (PL_IS_REVIEW (self));

  g_ptr_array_set_size (self->scope_items, 0);
  g_ptr_array_set_size (self->objectives, 0);
  g_ptr_array_set_size (self->people, 0);
  g_ptr_array_set_size (self->kpis, 0);
  g_ptr_array_set_size (self->methods, 0);
}

/* Validation */

/* Blank, a date, or neither. */
typedef enum
{
  DATE_BLANK,
  DATE_VALID,
  DATE_INVALID,
} DateState;

static DateState
date_state (const char *text)
{
  g_autofree char *date = NULL;

  if (is_blank (text))
    return DATE_BLANK;

  date = canonical_date (text);
  return date != NULL ? DATE_VALID : DATE_INVALID;
}

/**
 * pl_review_validate:
 *
 * Checks the review and its parts on their own. pl_review_save() also
 * checks that the channels, teams and KPIs they name exist.
 *
 * Returns: %TRUE if the review can be saved, else %FALSE with a
 *   %PL_ERROR_INVALID error that says what to change
 */
gboolean
pl_review_validate (PlReview  *self,
                    GError   **error)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_return_val_if_fail (PL_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_blank (self->title))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the review a title, for example “Telephone service, "
                             "spring 2026”."));
      return FALSE;
    }

  switch (date_state (self->period_start))
    {
    case DATE_BLANK:
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Enter the first day of the review period."));
      return FALSE;
    case DATE_INVALID:
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is not a date. Enter the first day of the review period as "
                     "YYYY-MM-DD, for example 2026-04-01."),
                   self->period_start);
      return FALSE;
    case DATE_VALID:
    default:
      break;
    }

  switch (date_state (self->period_end))
    {
    case DATE_BLANK:
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Enter the last day of the review period."));
      return FALSE;
    case DATE_INVALID:
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is not a date. Enter the last day of the review period as "
                     "YYYY-MM-DD, for example 2026-06-30."),
                   self->period_end);
      return FALSE;
    case DATE_VALID:
    default:
      break;
    }

  start = canonical_date (self->period_start);
  end = canonical_date (self->period_end);
  if (strcmp (start, end) > 0)
    {
      g_autofree char *start_text = pl_date_format_short (start);
      g_autofree char *end_text = pl_date_format_short (end);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The review period ends (%s) before it starts (%s). Correct one of "
                     "the dates."),
                   end_text, start_text);
      return FALSE;
    }

  if (date_state (self->communicated_on) == DATE_INVALID)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is not a date. Enter the day the aims of the review were "
                     "communicated as YYYY-MM-DD, or leave it empty."),
                   self->communicated_on);
      return FALSE;
    }

  for (guint i = 0; i < self->scope_items->len; i++)
    {
      PlReviewScopeItem *item = g_ptr_array_index (self->scope_items, i);

      for (guint j = 0; j < i; j++)
        {
          PlReviewScopeItem *other = g_ptr_array_index (self->scope_items, j);
          g_autofree char *name = NULL;

          if (other->entity != item->entity || other->entity_id != item->entity_id)
            continue;

          name = scope_item_dup_name (item);
          if (!!other->included != !!item->included)
            {
              if (item->entity == PL_REVIEW_ENTITY_TEAM)
                g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                             _("The team “%s” cannot be both in and out of the review. "
                               "Choose one."),
                             name);
              else
                g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                             _("The channel “%s” cannot be both in and out of the review. "
                               "Choose one."),
                             name);
            }
          else if (item->entity == PL_REVIEW_ENTITY_TEAM)
            g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                         _("The team “%s” is listed twice in the scope. Keep it once."),
                         name);
          else
            g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                         _("The channel “%s” is listed twice in the scope. Keep it once."),
                         name);
          return FALSE;
        }
    }

  for (guint i = 0; i < self->objectives->len; i++)
    {
      PlReviewObjective *objective = g_ptr_array_index (self->objectives, i);

      if (is_blank (objective->text))
        {
          g_autofree char *number = g_strdup_printf ("%u", i + 1);

          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("Objective %s is empty. Say what the review should let you decide, "
                         "or remove the objective."),
                       number);
          return FALSE;
        }
    }

  for (guint i = 0; i < self->people->len; i++)
    {
      PlReviewPerson *person = g_ptr_array_index (self->people, i);

      if (is_blank (person->name))
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                               person->role == PL_REVIEW_ROLE_DECISION_MAKER
                               ? _("Give each decision maker a name or a role, for example "
                                   "“Head of Customer Service”.")
                               : _("Give each colleague or team affected a name, for example "
                                   "“Billing team”."));
          return FALSE;
        }

      if (date_state (person->told_on) == DATE_INVALID)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("“%s” is not a date. Enter the day %s was told about the review as "
                         "YYYY-MM-DD, or leave it empty."),
                       person->told_on, person->name);
          return FALSE;
        }
    }

  for (guint i = 0; i < self->kpis->len; i++)
    {
      PlReviewKpi *kpi = g_ptr_array_index (self->kpis, i);

      for (guint j = 0; j < i; j++)
        {
          PlReviewKpi *other = g_ptr_array_index (self->kpis, j);

          if (other->kpi_id == kpi->kpi_id)
            {
              g_autofree char *name = review_kpi_dup_name (kpi);

              g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The KPI “%s” is listed twice. Keep it once."), name);
              return FALSE;
            }
        }
    }

  for (guint i = 0; i < self->methods->len; i++)
    {
      PlReviewMethodChoice *choice = g_ptr_array_index (self->methods, i);

      for (guint j = 0; j < i; j++)
        {
          PlReviewMethodChoice *other = g_ptr_array_index (self->methods, j);

          if (other->method == choice->method)
            {
              g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                           _("“%s” is chosen twice. Keep it once."),
                           pl_review_method_get_info (choice->method)->name);
              return FALSE;
            }
        }

      if (is_blank (choice->justification))
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                               justification_message (choice->method));
          return FALSE;
        }
    }

  return TRUE;
}

/* Storage */

#define REVIEW_COLUMNS \
  "id, title, period_start, period_end, status, scope, processes_in, processes_out," \
  " communication, communicated_on, information, trashed_at, created_at, updated_at"

static PlReview *
review_from_row (sqlite3_stmt *stmt)
{
  PlReview *self = g_object_new (PL_TYPE_REVIEW, NULL);
  PlReviewStatus status = PL_REVIEW_STATUS_PLANNING;
  char **fields[] = {
    &self->title, &self->period_start, &self->period_end, NULL, &self->scope,
    &self->processes_in, &self->processes_out, &self->communication,
    &self->communicated_on, &self->information, &self->trashed_at,
    &self->created_at, &self->updated_at,
  };

  self->id = sqlite3_column_int64 (stmt, 0);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (fields[i] == NULL)
        continue;
      g_free (*fields[i]);
      *fields[i] = g_strdup (pl_column_text (stmt, i + 1));
    }

  if (!pl_review_status_from_string (pl_column_text (stmt, 4), &status))
    g_warning ("Review %" G_GINT64_FORMAT " has an unknown status “%s”",
               self->id, pl_column_text (stmt, 4));
  self->status = status;

  return self;
}

/* Fills the parts of every review in @reviews (id → PlReview) from the
 * database; @only_id limits the queries to one review. */
static gboolean
load_parts (PlWorkspace  *workspace,
            GHashTable   *reviews,
            gint64        only_id,
            GError      **error)
{
  static const char * const queries[] = {
    "SELECT s.review_id, s.entity, s.entity_id, s.included, COALESCE (c.name, t.name)"
    " FROM review_scope s"
    " LEFT JOIN channels c ON s.entity = 'channel' AND c.id = s.entity_id"
    " LEFT JOIN teams t ON s.entity = 'team' AND t.id = s.entity_id"
    " WHERE ?1 = 0 OR s.review_id = ?1"
    " ORDER BY s.review_id, s.entity, s.included DESC, s.entity_id",

    "SELECT review_id, text, decision FROM review_objectives"
    " WHERE ?1 = 0 OR review_id = ?1"
    " ORDER BY review_id, position, id",

    "SELECT review_id, role, name, colleague_id, team_id, how_told, told_on FROM review_people"
    " WHERE ?1 = 0 OR review_id = ?1"
    " ORDER BY review_id, id",

    "SELECT r.review_id, r.kpi_id, r.feature, k.code, k.name"
    " FROM review_kpis r JOIN kpis k ON k.id = r.kpi_id"
    " WHERE ?1 = 0 OR r.review_id = ?1"
    " ORDER BY r.review_id, r.position, r.kpi_id",

    "SELECT review_id, method, justification, details FROM review_methods"
    " WHERE ?1 = 0 OR review_id = ?1"
    " ORDER BY review_id, position, method",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, queries[q], error);
      int rc;

      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, only_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 review_id = sqlite3_column_int64 (stmt, 0);
          PlReview *self = g_hash_table_lookup (reviews, &review_id);
          int i;

          if (self == NULL)
            continue;

          switch (q)
            {
            case 0:
              {
                i = pl_names_index (entity_names, G_N_ELEMENTS (entity_names), pl_column_text (stmt, 1));
                pl_review_add_scope_item (self, MAX (i, 0),
                                          sqlite3_column_int64 (stmt, 2),
                                          sqlite3_column_int (stmt, 3) != 0,
                                          pl_column_text (stmt, 4));
              }
              break;
            case 1:
              pl_review_add_objective (self, pl_column_text (stmt, 1),
                                       (const char *) sqlite3_column_text (stmt, 2));
              break;
            case 2:
              {
                PlReviewPerson *person;

                i = pl_names_index (role_names, G_N_ELEMENTS (role_names), pl_column_text (stmt, 1));
                person = g_new0 (PlReviewPerson, 1);
                person->role = MAX (i, 0);
                person->name = g_strdup (pl_column_text (stmt, 2));
                person->colleague_id = sqlite3_column_int64 (stmt, 3);
                person->team_id = sqlite3_column_int64 (stmt, 4);
                person->how_told = column_dup_or_null (stmt, 5);
                person->told_on = column_dup_or_null (stmt, 6);
                g_ptr_array_add (self->people, person);
              }
              break;
            case 3:
              {
                PlReviewKpi *kpi = pl_review_add_kpi (self, sqlite3_column_int64 (stmt, 1),
                                                      (const char *) sqlite3_column_text (stmt, 2));
                kpi->code = g_strdup (pl_column_text (stmt, 3));
                kpi->name = g_strdup (pl_column_text (stmt, 4));
              }
              break;
            case 4:
            default:
              {
                PlReviewMethod method;

                if (!pl_review_method_from_string (pl_column_text (stmt, 1), &method))
                  {
                    g_warning ("Review %" G_GINT64_FORMAT " has an unknown method “%s”",
                               review_id, pl_column_text (stmt, 1));
                    break;
                  }
                pl_review_add_method (self, method, pl_column_text (stmt, 2),
                                      (const char *) sqlite3_column_text (stmt, 3));
              }
              break;
            }
        }

      if (rc != SQLITE_DONE)
        {
          pl_workspace_set_db_error (workspace, error, _("The review plans could not be read"));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * pl_review_list:
 *
 * Returns: (transfer full): a #GListModel of the reviews not in the
 *   trash, each with its parts, the latest period first
 */
GListModel *
pl_review_list (PlWorkspace  *workspace,
                GError      **error)
{
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " REVIEW_COLUMNS " FROM reviews"
                               " WHERE trashed_at IS NULL"
                               " ORDER BY period_start DESC, period_end DESC, id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  store = g_list_store_new (PL_TYPE_REVIEW);
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PlReview) review = review_from_row (stmt);

      g_list_store_append (store, review);
      g_hash_table_insert (by_id, &review->id, review);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The reviews could not be read"));
      return NULL;
    }

  if (g_hash_table_size (by_id) > 0 && !load_parts (workspace, by_id, 0, error))
    return NULL;

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * pl_review_load:
 *
 * Loads a review with its parts, in the trash or not.
 *
 * Returns: (transfer full): the review, or %NULL with %PL_ERROR_NOT_FOUND
 *   when there is no review with @id
 */
PlReview *
pl_review_load (PlWorkspace  *workspace,
                gint64        id,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PlReview) self = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " REVIEW_COLUMNS " FROM reviews WHERE id = ?",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                   _("The review asked for (number %lld) is not in this workspace. "
                     "It may have been removed."),
                   (long long) id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The review could not be read"));
      return NULL;
    }

  self = review_from_row (stmt);
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_hash_table_insert (by_id, &self->id, self);
  if (!load_parts (workspace, by_id, self->id, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pl_review_resolve_names:
 *
 * Fills in the names of the channels, teams and KPIs the parts refer to,
 * for the summary of a plan that has not been saved yet.
 *
 * Returns: %FALSE with %PL_ERROR_INVALID if one of them is not in the
 *   workspace
 */
gboolean
pl_review_resolve_names (PlReview     *self,
                         PlWorkspace  *workspace,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) channel_stmt = NULL;
  g_autoptr(sqlite3_stmt) team_stmt = NULL;
  g_autoptr(sqlite3_stmt) kpi_stmt = NULL;

  g_return_val_if_fail (PL_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  channel_stmt = pl_workspace_prepare (workspace,
                                       "SELECT name FROM channels WHERE id = ?", error);
  if (channel_stmt == NULL)
    return FALSE;
  team_stmt = pl_workspace_prepare (workspace, "SELECT name FROM teams WHERE id = ?", error);
  if (team_stmt == NULL)
    return FALSE;
  kpi_stmt = pl_workspace_prepare (workspace, "SELECT code, name FROM kpis WHERE id = ?", error);
  if (kpi_stmt == NULL)
    return FALSE;

  for (guint i = 0; i < self->scope_items->len; i++)
    {
      PlReviewScopeItem *item = g_ptr_array_index (self->scope_items, i);
      sqlite3_stmt *stmt = item->entity == PL_REVIEW_ENTITY_TEAM ? team_stmt : channel_stmt;
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, item->entity_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, item->entity_id);

          if (item->entity == PL_REVIEW_ENTITY_TEAM)
            g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                         _("Team number %s in the scope is not in the workspace. It may have "
                           "been removed: take it out of the scope."),
                         number);
          else
            g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                         _("Channel number %s in the scope is not in the workspace. It may "
                           "have been removed: take it out of the scope."),
                         number);
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        {
          pl_workspace_set_db_error (workspace, error, _("The scope could not be checked"));
          return FALSE;
        }

      g_free (item->name);
      item->name = g_strdup (pl_column_text (stmt, 0));
    }

  for (guint i = 0; i < self->kpis->len; i++)
    {
      PlReviewKpi *kpi = g_ptr_array_index (self->kpis, i);
      int rc;

      sqlite3_reset (kpi_stmt);
      sqlite3_bind_int64 (kpi_stmt, 1, kpi->kpi_id);
      rc = sqlite3_step (kpi_stmt);
      if (rc == SQLITE_DONE)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, kpi->kpi_id);

          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("KPI number %s is not in the workspace. It may have been removed: "
                         "take it out of the review."),
                       number);
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        {
          pl_workspace_set_db_error (workspace, error, _("The KPIs could not be checked"));
          return FALSE;
        }

      g_free (kpi->code);
      kpi->code = g_strdup (pl_column_text (kpi_stmt, 0));
      g_free (kpi->name);
      kpi->name = g_strdup (pl_column_text (kpi_stmt, 1));
    }

  return TRUE;
}

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
    return pl_workspace_exec (workspace, "SAVEPOINT pl_review_write", error);

  return pl_workspace_begin (workspace, error);
}

static gboolean
write_commit (PlWorkspace  *workspace,
              gboolean      nested,
              GError      **error)
{
  if (nested)
    return pl_workspace_exec (workspace, "RELEASE pl_review_write", error);

  return pl_workspace_commit (workspace, error);
}

static void
write_rollback (PlWorkspace *workspace,
                gboolean     nested)
{
  if (nested)
    pl_workspace_exec (workspace,
                       "ROLLBACK TO pl_review_write; RELEASE pl_review_write",
                       NULL);
  else
    pl_workspace_rollback (workspace);
}

static gboolean
save_parts (PlReview     *self,
            PlWorkspace  *workspace,
            gint64        id,
            GError      **error)
{
  static const char * const deletes[] = {
    "DELETE FROM review_scope WHERE review_id = ?",
    "DELETE FROM review_objectives WHERE review_id = ?",
    "DELETE FROM review_people WHERE review_id = ?",
    "DELETE FROM review_kpis WHERE review_id = ?",
    "DELETE FROM review_methods WHERE review_id = ?",
  };
  g_autoptr(sqlite3_stmt) scope_stmt = NULL;
  g_autoptr(sqlite3_stmt) objective_stmt = NULL;
  g_autoptr(sqlite3_stmt) person_stmt = NULL;
  g_autoptr(sqlite3_stmt) kpi_stmt = NULL;
  g_autoptr(sqlite3_stmt) method_stmt = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (deletes); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, deletes[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!pl_workspace_step_done (workspace, stmt, error))
        return FALSE;
    }

  scope_stmt = pl_workspace_prepare (workspace,
                                     "INSERT INTO review_scope (review_id, entity, entity_id,"
                                     " included) VALUES (?, ?, ?, ?)",
                                     error);
  if (scope_stmt == NULL)
    return FALSE;
  for (guint i = 0; i < self->scope_items->len; i++)
    {
      PlReviewScopeItem *item = g_ptr_array_index (self->scope_items, i);

      sqlite3_reset (scope_stmt);
      sqlite3_bind_int64 (scope_stmt, 1, id);
      sqlite3_bind_text (scope_stmt, 2, entity_names[item->entity], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (scope_stmt, 3, item->entity_id);
      sqlite3_bind_int (scope_stmt, 4, item->included ? 1 : 0);
      if (!pl_workspace_step_done (workspace, scope_stmt, error))
        return FALSE;
    }

  objective_stmt = pl_workspace_prepare (workspace,
                                         "INSERT INTO review_objectives (review_id, position,"
                                         " text, decision) VALUES (?, ?, ?, ?)",
                                         error);
  if (objective_stmt == NULL)
    return FALSE;
  for (guint i = 0; i < self->objectives->len; i++)
    {
      PlReviewObjective *objective = g_ptr_array_index (self->objectives, i);

      sqlite3_reset (objective_stmt);
      sqlite3_bind_int64 (objective_stmt, 1, id);
      sqlite3_bind_int (objective_stmt, 2, i);
      sqlite3_bind_text (objective_stmt, 3, objective->text, -1, SQLITE_TRANSIENT);
      bind_text_or_null (objective_stmt, 4, objective->decision);
      if (!pl_workspace_step_done (workspace, objective_stmt, error))
        return FALSE;
    }

  person_stmt = pl_workspace_prepare (workspace,
                                      "INSERT INTO review_people (review_id, role, name,"
                                      " colleague_id, team_id, how_told, told_on)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?)",
                                      error);
  if (person_stmt == NULL)
    return FALSE;
  for (guint i = 0; i < self->people->len; i++)
    {
      PlReviewPerson *person = g_ptr_array_index (self->people, i);
      g_autofree char *told_on = canonical_date (person->told_on);

      sqlite3_reset (person_stmt);
      sqlite3_bind_int64 (person_stmt, 1, id);
      sqlite3_bind_text (person_stmt, 2, role_names[person->role], -1, SQLITE_STATIC);
      sqlite3_bind_text (person_stmt, 3, person->name, -1, SQLITE_TRANSIENT);
      pl_bind_id_or_null (person_stmt, 4, person->colleague_id);
      pl_bind_id_or_null (person_stmt, 5, person->team_id);
      bind_text_or_null (person_stmt, 6, person->how_told);
      bind_text_or_null (person_stmt, 7, told_on);
      if (!pl_workspace_step_done (workspace, person_stmt, error))
        return FALSE;
    }

  kpi_stmt = pl_workspace_prepare (workspace,
                                   "INSERT INTO review_kpis (review_id, kpi_id, feature, position)"
                                   " VALUES (?, ?, ?, ?)",
                                   error);
  if (kpi_stmt == NULL)
    return FALSE;
  for (guint i = 0; i < self->kpis->len; i++)
    {
      PlReviewKpi *kpi = g_ptr_array_index (self->kpis, i);

      sqlite3_reset (kpi_stmt);
      sqlite3_bind_int64 (kpi_stmt, 1, id);
      sqlite3_bind_int64 (kpi_stmt, 2, kpi->kpi_id);
      bind_text_or_null (kpi_stmt, 3, kpi->feature);
      sqlite3_bind_int (kpi_stmt, 4, i);
      if (!pl_workspace_step_done (workspace, kpi_stmt, error))
        return FALSE;
    }

  method_stmt = pl_workspace_prepare (workspace,
                                      "INSERT INTO review_methods (review_id, method,"
                                      " justification, details, position)"
                                      " VALUES (?, ?, ?, ?, ?)",
                                      error);
  if (method_stmt == NULL)
    return FALSE;
  for (guint i = 0; i < self->methods->len; i++)
    {
      PlReviewMethodChoice *choice = g_ptr_array_index (self->methods, i);

      sqlite3_reset (method_stmt);
      sqlite3_bind_int64 (method_stmt, 1, id);
      sqlite3_bind_text (method_stmt, 2, methods_catalogue[choice->method].id, -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (method_stmt, 3, choice->justification, -1, SQLITE_TRANSIENT);
      bind_text_or_null (method_stmt, 4, choice->details);
      sqlite3_bind_int (method_stmt, 5, i);
      if (!pl_workspace_step_done (workspace, method_stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
save_in_transaction (PlReview     *self,
                     PlWorkspace  *workspace,
                     const char   *title,
                     const char   *start,
                     const char   *end,
                     const char   *communicated_on,
                     const char   *now,
                     gint64       *out_id,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = pl_workspace_get_db (workspace);
  gint64 id = self->id;

  if (id == 0)
    stmt = pl_workspace_prepare (workspace,
                                 "INSERT INTO reviews (title, period_start, period_end, status,"
                                 " scope, processes_in, processes_out, communication,"
                                 " communicated_on, information, created_at, updated_at)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                                 error);
  else
    stmt = pl_workspace_prepare (workspace,
                                 "UPDATE reviews SET title = ?1, period_start = ?2,"
                                 " period_end = ?3, status = ?4, scope = ?5, processes_in = ?6,"
                                 " processes_out = ?7, communication = ?8, communicated_on = ?9,"
                                 " information = ?10, updated_at = ?11"
                                 " WHERE id = ?12",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, start, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, status_names[self->status], -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 5, self->scope);
  bind_text_or_null (stmt, 6, self->processes_in);
  bind_text_or_null (stmt, 7, self->processes_out);
  bind_text_or_null (stmt, 8, self->communication);
  bind_text_or_null (stmt, 9, communicated_on);
  bind_text_or_null (stmt, 10, self->information);
  sqlite3_bind_text (stmt, 11, now, -1, SQLITE_TRANSIENT);
  if (id != 0)
    sqlite3_bind_int64 (stmt, 12, id);

  if (!pl_workspace_step_done (workspace, stmt, error))
    return FALSE;

  if (id == 0)
    id = sqlite3_last_insert_rowid (db);
  else if (sqlite3_changes (db) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This review is no longer in the workspace, so the changes could "
                             "not be saved."));
      return FALSE;
    }

  if (!save_parts (self, workspace, id, error))
    return FALSE;

  if (!pl_workspace_audit (workspace, self->id == 0 ? "create" : "update",
                           "review", id, title, error))
    return FALSE;

  *out_id = id;
  return TRUE;
}

/**
 * pl_review_save:
 *
 * Checks the review (pl_review_validate() and that the channels, teams
 * and KPIs it names exist), then inserts it (when its id is 0) or updates
 * it, replacing all its parts, in one transaction with an audit entry. On
 * success the review has its id, its dates are written "YYYY-MM-DD", and
 * its parts carry the names of what they refer to. On failure the
 * workspace is unchanged.
 */
gboolean
pl_review_save (PlReview     *self,
                PlWorkspace  *workspace,
                GError      **error)
{
  g_autofree char *title = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *communicated_on = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  gboolean nested = FALSE;
  gboolean created;
  gint64 id = 0;

  g_return_val_if_fail (PL_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  if (!pl_review_resolve_names (self, workspace, error) ||
      !pl_review_validate (self, error))
    goto failed;

  title = g_strstrip (g_strdup (self->title));
  start = canonical_date (self->period_start);
  end = canonical_date (self->period_end);
  communicated_on = canonical_date (self->communicated_on);

  if (!save_in_transaction (self, workspace, title, start, end, communicated_on, now,
                            &id, error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  created = self->id == 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (created)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
      set_string (self, &self->created_at, now, PROP_CREATED_AT);
    }
  set_string (self, &self->updated_at, now, PROP_UPDATED_AT);
  pl_review_set_title (self, title);
  pl_review_set_period_start (self, start);
  pl_review_set_period_end (self, end);
  pl_review_set_communicated_on (self, communicated_on);
  g_object_thaw_notify (G_OBJECT (self));

  for (guint i = 0; i < self->people->len; i++)
    {
      PlReviewPerson *person = g_ptr_array_index (self->people, i);
      char *told_on = canonical_date (person->told_on);

      g_free (person->told_on);
      person->told_on = told_on;
    }
  g_ptr_array_sort (self->scope_items, compare_scope_items);

  if (!nested)
    pl_workspace_emit_changed (workspace, "reviews");
  return TRUE;

failed:
  write_rollback (workspace, nested);
  return FALSE;
}

static gboolean
set_trashed (PlReview     *self,
             PlWorkspace  *workspace,
             gboolean      trashed,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  gboolean nested = FALSE;

  if (!write_begin (workspace, &nested, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace,
                               "UPDATE reviews SET trashed_at = ?1, updated_at = ?2 WHERE id = ?3",
                               error);
  if (stmt == NULL)
    goto failed;

  if (trashed)
    sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, self->id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This review is no longer in the workspace."));
      goto failed;
    }

  if (!pl_workspace_audit (workspace, trashed ? "trash" : "restore",
                           "review", self->id, self->title, error) ||
      !write_commit (workspace, nested, error))
    goto failed;

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->trashed_at, trashed ? now : "", PROP_TRASHED_AT);
  set_string (self, &self->updated_at, now, PROP_UPDATED_AT);
  g_object_thaw_notify (G_OBJECT (self));

  if (!nested)
    pl_workspace_emit_changed (workspace, "reviews");
  return TRUE;

failed:
  write_rollback (workspace, nested);
  return FALSE;
}

/**
 * pl_review_trash:
 * @self: a saved review
 *
 * Moves the review to the trash: it leaves pl_review_list() but keeps its
 * plan, and pl_review_restore() brings it back.
 */
gboolean
pl_review_trash (PlReview     *self,
                 PlWorkspace  *workspace,
                 GError      **error)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (self->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_trashed (self, workspace, TRUE, error);
}

gboolean
pl_review_restore (PlReview     *self,
                   PlWorkspace  *workspace,
                   GError      **error)
{
  g_return_val_if_fail (PL_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (self->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_trashed (self, workspace, FALSE, error);
}

/* Summary */

/* GStrvBuilder has no take () before GLib 2.80. */
static void
builder_take (GStrvBuilder *builder,
              char         *line)
{
  g_strv_builder_add (builder, line);
  g_free (line);
}

/**
 * pl_review_check:
 * @today: (nullable): "YYYY-MM-DD", or %NULL for today
 *
 * What the plan still lacks. None of these stops it being saved, except
 * a method without a justification.
 */
PlReviewWarnings
pl_review_check (PlReview   *self,
                 const char *today)
{
  g_autofree char *today_owned = NULL;
  g_autofree char *start = NULL;
  PlReviewWarnings warnings = PL_REVIEW_WARNING_NONE;
  guint n_objectives = 0;

  g_return_val_if_fail (PL_IS_REVIEW (self), PL_REVIEW_WARNING_NONE);

  if (today == NULL)
    today = today_owned = pl_today_iso ();

  for (guint i = 0; i < self->objectives->len; i++)
    {
      PlReviewObjective *objective = g_ptr_array_index (self->objectives, i);

      if (!is_blank (objective->text))
        n_objectives++;
    }
  if (n_objectives == 0)
    warnings |= PL_REVIEW_WARNING_NO_OBJECTIVES;

  if (self->methods->len == 0)
    warnings |= PL_REVIEW_WARNING_NO_METHODS;
  for (guint i = 0; i < self->methods->len; i++)
    {
      PlReviewMethodChoice *choice = g_ptr_array_index (self->methods, i);

      if (is_blank (choice->justification))
        warnings |= PL_REVIEW_WARNING_UNJUSTIFIED;
    }

  if (self->kpis->len == 0)
    warnings |= PL_REVIEW_WARNING_NO_KPIS;
  for (guint i = 0; i < self->kpis->len; i++)
    {
      PlReviewKpi *kpi = g_ptr_array_index (self->kpis, i);

      if (is_blank (kpi->feature))
        warnings |= PL_REVIEW_WARNING_KPI_NO_FEATURE;
    }

  start = canonical_date (self->period_start);
  if (self->status == PL_REVIEW_STATUS_PLANNING && start != NULL && strcmp (start, today) < 0)
    warnings |= PL_REVIEW_WARNING_NOT_COLLECTING;

  for (guint i = 0; i < self->people->len; i++)
    {
      PlReviewPerson *person = g_ptr_array_index (self->people, i);

      if (person->role == PL_REVIEW_ROLE_AFFECTED && is_blank (person->how_told))
        warnings |= PL_REVIEW_WARNING_NOT_TOLD;
    }

  return warnings;
}

/**
 * pl_review_dup_warnings:
 * @today: (nullable): "YYYY-MM-DD", or %NULL for today
 *
 * What pl_review_check() found, in words: one line per method without a
 * justification, KPI without a feature and person not told.
 *
 * Returns: (transfer full): translated warnings, empty when there are none
 */
GStrv
pl_review_dup_warnings (PlReview   *self,
                        const char *today)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *today_owned = NULL;
  PlReviewWarnings warnings;

  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  if (today == NULL)
    today = today_owned = pl_today_iso ();

  warnings = pl_review_check (self, today);

  if (warnings & PL_REVIEW_WARNING_NO_OBJECTIVES)
    g_strv_builder_add (builder,
                        _("There are no objectives yet. Say what the review should let you "
                          "decide, for example whether to extend opening hours."));

  if (warnings & PL_REVIEW_WARNING_NO_METHODS)
    g_strv_builder_add (builder,
                        _("No data collection method is chosen yet. Choose at least one and "
                          "say why it suits this review."));

  for (guint i = 0; i < self->methods->len; i++)
    {
      PlReviewMethodChoice *choice = g_ptr_array_index (self->methods, i);

      if (is_blank (choice->justification))
        builder_take (builder,
                             g_strdup_printf (_("“%s” has no justification. %s"),
                                              pl_review_method_get_info (choice->method)->name,
                                              justification_message (choice->method)));
    }

  if (warnings & PL_REVIEW_WARNING_NO_KPIS)
    g_strv_builder_add (builder,
                        _("No KPIs are chosen yet. Choose the KPIs that will show whether the "
                          "service meets its standards."));

  for (guint i = 0; i < self->kpis->len; i++)
    {
      PlReviewKpi *kpi = g_ptr_array_index (self->kpis, i);
      g_autofree char *name = NULL;

      if (!is_blank (kpi->feature))
        continue;

      name = review_kpi_dup_name (kpi);
      builder_take (builder,
                           g_strdup_printf (_("Say which feature of service “%s” measures, "
                                              "for example speed of response or "
                                              "helpfulness."),
                                            name));
    }

  if (warnings & PL_REVIEW_WARNING_NOT_COLLECTING)
    {
      g_autofree char *end = canonical_date (self->period_end);
      g_autofree char *start_text = pl_date_format_short (self->period_start);
      g_autofree char *end_text = pl_date_format_short (self->period_end);

      if (end != NULL && strcmp (end, today) < 0)
        builder_take (builder,
                             g_strdup_printf (_("The review period ended on %s but collecting "
                                                "never started. Correct the dates, or move "
                                                "the review on to Collecting."),
                                              end_text));
      else
        builder_take (builder,
                             g_strdup_printf (_("The review period started on %s but "
                                                "collecting has not. Move the review on to "
                                                "Collecting, or correct the dates."),
                                              start_text));
    }

  for (guint i = 0; i < self->people->len; i++)
    {
      PlReviewPerson *person = g_ptr_array_index (self->people, i);

      if (person->role != PL_REVIEW_ROLE_AFFECTED || !is_blank (person->how_told))
        continue;

      builder_take (builder,
                           g_strdup_printf (_("There is no record of how “%s” heard about the "
                                              "review. Colleagues affected should be told its "
                                              "aims before it starts."),
                                            person->name));
    }

  return g_strv_builder_end (builder);
}

static PlReviewSummarySection *
section_new (const char    *heading,
             GStrvBuilder  *lines)
{
  PlReviewSummarySection *section = g_new0 (PlReviewSummarySection, 1);

  section->heading = g_strdup (heading);
  section->lines = g_strv_builder_end (lines);
  return section;
}

/* "Telephone (channel), North (team)" */
static char *
join_scope (PlReview *self,
            gboolean  included)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->scope_items->len; i++)
    {
      PlReviewScopeItem *item = g_ptr_array_index (self->scope_items, i);
      g_autofree char *name = NULL;

      if (!!item->included != !!included)
        continue;

      name = scope_item_dup_name (item);
      if (text->len > 0)
        g_string_append (text, _(", "));
      g_string_append_printf (text, _("%s (%s)"), name, entity_label (item->entity));
    }

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }

  return g_string_free (text, FALSE);
}

/**
 * pl_review_dup_summary_sections:
 *
 * Every part of the plan as headed lists of lines: the review, scope,
 * objectives, people, KPIs, methods, information to collect and how the
 * aims were communicated. An empty part has one line that says so.
 *
 * Returns: (transfer full) (element-type PlReviewSummarySection): the sections
 */
GPtrArray *
pl_review_dup_summary_sections (PlReview *self)
{
  GPtrArray *sections;
  g_autoptr(GStrvBuilder) lines = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;

  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  sections = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_review_summary_section_free);

  /* The review */
  lines = g_strv_builder_new ();
  builder_take (lines, g_strdup_printf (_("Title: %s"),
                                               is_blank (self->title) ? _("(none yet)")
                                                                      : self->title));
  start_text = pl_date_format_short (self->period_start);
  end_text = pl_date_format_short (self->period_end);
  builder_take (lines, g_strdup_printf (_("Period: %s to %s"),
                                               *start_text != '\0' ? start_text : _("(not set)"),
                                               *end_text != '\0' ? end_text : _("(not set)")));
  builder_take (lines, g_strdup_printf (_("Stage: %s — %s"),
                                               pl_review_status_to_label (self->status),
                                               pl_review_status_get_description (self->status)));
  g_ptr_array_add (sections, section_new (_("Review"), lines));
  g_clear_pointer (&lines, g_strv_builder_unref);

  /* Scope */
  lines = g_strv_builder_new ();
  if (!is_blank (self->scope))
    g_strv_builder_add (lines, self->scope);
  in = join_scope (self, TRUE);
  out = join_scope (self, FALSE);
  if (in == NULL && out == NULL)
    g_strv_builder_add (lines, _("All channels and teams are included."));
  if (in != NULL)
    builder_take (lines, g_strdup_printf (_("Included: %s"), in));
  if (out != NULL)
    builder_take (lines, g_strdup_printf (_("Left out: %s"), out));
  if (!is_blank (self->processes_in))
    builder_take (lines, g_strdup_printf (_("Processes reviewed: %s"),
                                                 self->processes_in));
  if (!is_blank (self->processes_out))
    builder_take (lines, g_strdup_printf (_("Processes left out: %s"),
                                                 self->processes_out));
  g_ptr_array_add (sections, section_new (_("Scope"), lines));
  g_clear_pointer (&lines, g_strv_builder_unref);

  /* Objectives */
  lines = g_strv_builder_new ();
  for (guint i = 0; i < self->objectives->len; i++)
    {
      PlReviewObjective *objective = g_ptr_array_index (self->objectives, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      if (objective->decision != NULL)
        builder_take (lines, g_strdup_printf (_("%s. %s — decided: %s"),
                                                     number, objective->text,
                                                     objective->decision));
      else
        builder_take (lines, g_strdup_printf (_("%s. %s"), number, objective->text));
    }
  if (self->objectives->len == 0)
    g_strv_builder_add (lines, _("None yet."));
  g_ptr_array_add (sections, section_new (_("Objectives"), lines));
  g_clear_pointer (&lines, g_strv_builder_unref);

  /* People */
  lines = g_strv_builder_new ();
  for (guint i = 0; i < self->people->len; i++)
    {
      PlReviewPerson *person = g_ptr_array_index (self->people, i);

      if (person->role == PL_REVIEW_ROLE_DECISION_MAKER)
        builder_take (lines, g_strdup_printf (_("Decision maker: %s"), person->name));
    }
  for (guint i = 0; i < self->people->len; i++)
    {
      PlReviewPerson *person = g_ptr_array_index (self->people, i);
      g_autofree char *told_on = NULL;

      if (person->role != PL_REVIEW_ROLE_AFFECTED)
        continue;

      if (is_blank (person->how_told))
        builder_take (lines, g_strdup_printf (_("Affected: %s — not told yet"),
                                                     person->name));
      else if (!is_blank (person->told_on))
        {
          told_on = pl_date_format_short (person->told_on);
          builder_take (lines, g_strdup_printf (_("Affected: %s — told by %s "
                                                         "on %s"),
                                                       person->name, person->how_told,
                                                       told_on));
        }
      else
        builder_take (lines, g_strdup_printf (_("Affected: %s — told by %s"),
                                                     person->name, person->how_told));
    }
  if (self->people->len == 0)
    g_strv_builder_add (lines, _("None yet."));
  g_ptr_array_add (sections, section_new (_("People"), lines));
  g_clear_pointer (&lines, g_strv_builder_unref);

  /* KPIs */
  lines = g_strv_builder_new ();
  for (guint i = 0; i < self->kpis->len; i++)
    {
      PlReviewKpi *kpi = g_ptr_array_index (self->kpis, i);
      g_autofree char *name = review_kpi_dup_name (kpi);

      if (kpi->feature != NULL)
        builder_take (lines, g_strdup_printf (_("%s — measures %s"),
                                                     name, kpi->feature));
      else
        builder_take (lines, g_strdup_printf (_("%s — feature of service "
                                                       "not said"),
                                                     name));
    }
  if (self->kpis->len == 0)
    g_strv_builder_add (lines, _("None yet."));
  g_ptr_array_add (sections, section_new (_("KPIs"), lines));
  g_clear_pointer (&lines, g_strv_builder_unref);

  /* Methods */
  lines = g_strv_builder_new ();
  for (guint i = 0; i < self->methods->len; i++)
    {
      PlReviewMethodChoice *choice = g_ptr_array_index (self->methods, i);
      const PlReviewMethodInfo *info = pl_review_method_get_info (choice->method);

      builder_take (lines, g_strdup_printf (_("%s (%s): %s"),
                                                   info->name,
                                                   pl_review_data_kind_to_label (info->data_kind),
                                                   is_blank (choice->justification)
                                                   ? _("no justification yet")
                                                   : choice->justification));
      if (choice->details != NULL)
        builder_take (lines, g_strdup_printf (_("Details: %s"), choice->details));
    }
  if (self->methods->len == 0)
    g_strv_builder_add (lines, _("None yet."));
  g_ptr_array_add (sections, section_new (_("Data collection methods"), lines));
  g_clear_pointer (&lines, g_strv_builder_unref);

  /* Information to collect */
  lines = g_strv_builder_new ();
  g_strv_builder_add (lines, is_blank (self->information) ? _("Not written yet.")
                                                          : self->information);
  g_ptr_array_add (sections, section_new (_("Information to collect"), lines));
  g_clear_pointer (&lines, g_strv_builder_unref);

  /* Communication */
  lines = g_strv_builder_new ();
  if (is_blank (self->communication))
    g_strv_builder_add (lines, _("Not written yet."));
  else
    g_strv_builder_add (lines, self->communication);
  if (!is_blank (self->communicated_on))
    {
      g_autofree char *on = pl_date_format_short (self->communicated_on);
      builder_take (lines, g_strdup_printf (_("Communicated on %s"), on));
    }
  g_ptr_array_add (sections, section_new (_("How the aims were communicated"), lines));

  return sections;
}

/**
 * pl_review_dup_summary:
 * @today: (nullable): "YYYY-MM-DD", or %NULL for today
 *
 * The whole plan as plain text: each section of
 * pl_review_dup_summary_sections() with its lines indented, then the
 * warnings, if any, under "Still to do".
 *
 * Returns: (transfer full): the summary
 */
char *
pl_review_dup_summary (PlReview   *self,
                       const char *today)
{
  g_autoptr(GPtrArray) sections = NULL;
  g_auto(GStrv) warnings = NULL;
  GString *text;

  g_return_val_if_fail (PL_IS_REVIEW (self), NULL);

  sections = pl_review_dup_summary_sections (self);
  warnings = pl_review_dup_warnings (self, today);
  text = g_string_new (NULL);

  for (guint i = 0; i < sections->len; i++)
    {
      PlReviewSummarySection *section = g_ptr_array_index (sections, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s\n", section->heading);
      for (guint j = 0; section->lines[j] != NULL; j++)
        g_string_append_printf (text, "  %s\n", section->lines[j]);
    }

  if (warnings[0] != NULL)
    {
      g_string_append_printf (text, "\n%s\n", _("Still to do"));
      for (guint j = 0; warnings[j] != NULL; j++)
        g_string_append_printf (text, "  \xe2\x80\xa2 %s\n", warnings[j]);
    }

  return g_string_free (text, FALSE);
}
