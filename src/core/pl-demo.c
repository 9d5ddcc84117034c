/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pl-demo.h"
#include "pl-error.h"
#include "pl-util.h"

/*
 * THE DEMO WORKSPACE: Kestrel Home Energy
 * =======================================
 *
 * Kestrel Home Energy is a fictional residential energy supplier. Its contact
 * centre in Leeds has two teams, Customer Care (led by Helen Okafor:
 * C01–C07) and Billing & Payments (led by Gareth Lloyd: C08–C12). Customers
 * reach it by telephone, email, web chat, social media and face to face at
 * the customer hub. The demo covers the 26 weeks from Monday 2026-03-30 to
 * Sunday PL_DEMO_END_DATE (2026-09-27); the centre is open 08:00–20:00 on
 * weekdays and 09:00–13:00 on Saturdays (UK time, stored in UTC: BST covers
 * the whole period, so a local hour h is stored as h - 1).
 *
 * What is in it (every figure comes from one seeded generator, so the same
 * seed gives the same workspace row for row):
 *  - about 50,000 interactions: telephone 55%, email 20%, web chat 15%,
 *    social 5%, face to face 5%, heavier on Mondays and mornings; log-normal
 *    handling times (telephone median 5 minutes); telephone waits are
 *    log-normal around the day's average speed of answer; some callers hang
 *    up (abandoned calls have no colleague and no handling time);
 *  - the "After-contact survey" (CSAT 1–5, NPS 0–10, CES 1–7, resolved
 *    yes/no) with about 6,000 responses to a sample of handled contacts,
 *    ratings driven by one satisfaction level per customer (so they agree
 *    with each other), skewed as real ratings are, and free-text comments on
 *    about 30% of them built from phrases by theme;
 *  - the frozen "Contact quality scorecard" (4 weighted sections, 10
 *    criteria, one N/A-able, one critical) and 600 scored observations, 50
 *    per colleague, spread over the 26 weeks;
 *  - daily operational metrics per channel (speed of answer, abandonment
 *    and calls offered for telephone; first-contact resolution and handling
 *    time for every channel), summed from the interactions above so that
 *    they agree exactly;
 *  - about 250 complaints, promised within 10 days;
 *  - 8 KPIs and the service promise (7 commitments, each linked to a KPI).
 *
 * HOW AN OBSERVATION IS SCORED (the stored observations.score)
 *  - criterion points = value / the scale's maximum: yesno and passfail
 *    1 or 0; ypn (yes / partly / no) stored as 1, 0.5 or 0; scale5 stored
 *    as 1..5 and worth (value - 1) / 4. A NULL value is N/A: the criterion
 *    leaves both the numerator and the denominator.
 *  - section % = Σ (criterion weight × points) / Σ (criterion weight) over
 *    the section's answered criteria.
 *  - form score = Σ (section weight × section %) / Σ (weights of the
 *    sections with any answered criterion) × 100.
 *  - a critical 'form' criterion answered with 0 points sets the score to 0
 *    and critical_failed to 1; a critical 'section' criterion answered with
 *    0 points would set its section to 0% (the demo has none).
 *
 * PLANTED PATTERNS (for trainers: what a good review should find)
 *  (a) Priya Shah (C07, Customer Care) scores about 15 points lower on the
 *      quality scorecard from week 15 (Monday 2026-07-06) onwards than in
 *      weeks 1–14 (about 91 against 75 with the default seed).
 *  (b) Email CSAT (4 or 5 out of 5) sits below the 85% target all through
 *      the period (about 70%), while telephone (about 84%), web chat and
 *      face to face are well above it.
 *  (c) Monday abandonment rises across the period: Mondays are busier and
 *      slower to answer, and the gap between Mondays and the other days
 *      widens week by week, even after the week 18 improvement (about 9% of
 *      Monday calls in the first 8 weeks, 12% in the last 8; other days
 *      about 3.5% by then).
 *  (d) "Waiting / on hold too long" is the most frequent complaint theme in
 *      survey comments (about 14% of comments; every such phrase contains
 *      "wait" or "hold"), and it comes up more often when calls wait long:
 *      more before week 18 than after, and more on Mondays.
 *  (e) From week 18 (Monday 2026-07-27) a new callback process (callers
 *      waiting more than 30 seconds are offered a call back) lowers the
 *      average speed of answer from about 31 s to about 17 s, lowers
 *      abandonment and lifts first-contact resolution from about 67% to
 *      about 77%. It is recorded in the setting 'demo_process_change' (the
 *      Monday's date), in the audit log and as an intervention.
 *  (f) From week 23 (Monday 2026-08-31) a price rise makes customers less
 *      likely to recommend Kestrel: NPS falls by about 18 points while CSAT
 *      holds, and price comments appear. It is recorded as an intervention.
 *  Also, for colour: complaint handling slows in the last six weeks (a
 *  backlog, worst for smart meter complaints), so fewer complaints are
 *  resolved within the promised 10 days.
 *  In the latest week (default seed) CSAT, abandonment and the quality
 *  score are amber, NPS is red, and CES, FCR and speed of answer are green.
 */

#define N_WEEKS 26
#define N_DAYS (N_WEEKS * 7)
#define N_COLLEAGUES 12
#define N_CHANNELS 5
#define TARGET_INTERACTIONS 50000.0
#define RESPONSE_RATE 0.127
#define N_OBSERVATIONS 600
#define N_COMPLAINTS_EXPECTED 250.0
#define CHANGE_WEEK 17          /* 0-based: week 18 */
#define C07_DROP_WEEK 14        /* 0-based: week 15 */
#define PRICE_RISE_WEEK 22      /* 0-based: week 23 */
#define DEMO_START_DATE "2026-03-30"
#define DEMO_CREATED_AT "2026-01-05T09:00:00Z"

/* A small, fast generator with a fixed, documented sequence (xoshiro256**
 * seeded by splitmix64), so the demo does not depend on GLib's g_random. */
typedef struct
{
  guint64 s[4];
} DemoRng;

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static void
rng_init (DemoRng *rng,
          guint32  seed)
{
  guint64 state = seed;

  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&state);
}

static guint64
rng_next (DemoRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

/* Uniform in [0, 1). */
static double
rng_double (DemoRng *rng)
{
  return (double) (rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

static guint
rng_below (DemoRng *rng,
           guint    n)
{
  return (guint) (rng_double (rng) * n);
}

static gboolean
rng_chance (DemoRng *rng,
            double   p)
{
  return rng_double (rng) < p;
}

/* Standard normal by Box–Muller (one of the pair, so every call draws the
 * same number of values). */
static double
rng_normal (DemoRng *rng)
{
  double u1 = 1.0 - rng_double (rng);
  double u2 = rng_double (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

static double
rng_lognormal (DemoRng *rng,
               double   median,
               double   sigma)
{
  return median * exp (sigma * rng_normal (rng));
}

static guint
rng_weighted (DemoRng      *rng,
              const double *weights,
              guint         n)
{
  double total = 0, r;

  for (guint i = 0; i < n; i++)
    total += weights[i];

  r = rng_double (rng) * total;
  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }

  return n - 1;
}

static guint
rng_poisson (DemoRng *rng,
             double   lambda)
{
  double limit = exp (-lambda), p = 1.0;
  guint k = 0;

  do
    {
      k++;
      p *= rng_double (rng);
    }
  while (p > limit);

  return k - 1;
}

#define PICK(rng, array) ((array)[rng_below ((rng), G_N_ELEMENTS (array))])

/* Reference data */

enum { CH_TELEPHONE, CH_EMAIL, CH_WEBCHAT, CH_SOCIAL, CH_FACE };

static const struct
{
  const char *code;
  const char *name;
  const char *kind;
  double share;             /* of all contacts */
  double handle_median_s;
  double handle_sigma;
  double fcr_offset;        /* against the day's telephone rate */
  double satisfaction;      /* shift of the customer's satisfaction */
} channels[N_CHANNELS] = {
  { "telephone", "Telephone", "telephone", 55, 300, 0.55, 0.00, 0.00 },
  { "email", "Email", "written", 20, 420, 0.60, -0.06, -0.66 },
  { "webchat", "Web chat", "online", 15, 540, 0.50, 0.01, -0.12 },
  { "social", "Social media", "social", 5, 240, 0.60, -0.05, -0.50 },
  { "face", "Face to face", "face_to_face", 5, 720, 0.50, 0.06, 0.15 },
};

static const struct
{
  const char *name;
  const char *leader;
} teams[] = {
  { "Customer Care", "Helen Okafor" },
  { "Billing & Payments", "Gareth Lloyd" },
};

static const struct
{
  const char *code;
  const char *name;
  int team;                 /* index into teams */
  const char *role;
  const char *started_on;
  double workload;          /* share of contacts handled */
  double quality;           /* probability of meeting a scorecard criterion */
  double satisfaction;      /* effect on how customers rate the contact */
  double fcr;               /* effect on first-contact resolution */
} colleagues[N_COLLEAGUES] = {
  { "C01", "Amelia Hughes", 0, "Customer adviser", "2019-04-01", 1.0, 0.84, 0.05, 0.01 },
  { "C02", "Daniel Evans", 0, "Customer adviser", "2021-09-13", 1.1, 0.80, -0.05, -0.01 },
  { "C03", "Sophie Turner", 0, "Senior customer adviser", "2016-02-08", 0.9, 0.87, 0.12, 0.03 },
  { "C04", "Mohammed Khan", 0, "Customer adviser", "2022-06-06", 1.0, 0.79, -0.02, -0.02 },
  { "C05", "Chloe Roberts", 0, "Customer adviser", "2020-11-02", 1.0, 0.83, 0.03, 0.00 },
  { "C06", "James Walker", 0, "Customer adviser", "2024-01-15", 0.8, 0.77, -0.08, -0.03 },
  { "C07", "Priya Shah", 0, "Customer adviser", "2018-05-21", 1.0, 0.87, 0.08, 0.02 },
  { "C08", "Oliver Bennett", 1, "Billing adviser", "2017-10-09", 1.0, 0.82, 0.00, 0.01 },
  { "C09", "Grace Murphy", 1, "Senior billing adviser", "2015-03-02", 1.1, 0.85, 0.06, 0.02 },
  { "C10", "Thomas Wright", 1, "Billing adviser", "2023-02-20", 0.9, 0.79, -0.04, -0.02 },
  { "C11", "Hannah Clarke", 1, "Billing adviser", "2021-01-11", 1.0, 0.82, 0.02, 0.00 },
  { "C12", "Ryan Campbell", 1, "Billing adviser", "2022-08-30", 0.9, 0.81, -0.03, -0.01 },
};
#define C07_INDEX 6
#define C07_QUALITY_AFTER 0.66

static const struct
{
  const char *code;
  const char *kind;
  const char *text;
  int scale_min;
  int scale_max;
  gboolean required;
} questions[] = {
  { "csat", "csat", "How satisfied were you with our service today?", 1, 5, TRUE },
  { "nps", "nps", "How likely are you to recommend Kestrel to a friend or colleague?", 0, 10, FALSE },
  { "ces", "ces", "Kestrel made it easy to handle my request.", 1, 7, FALSE },
  { "resolved", "yesno", "Was your request resolved?", 0, 1, FALSE },
};
enum { Q_CSAT = 1, Q_NPS, Q_CES, Q_RESOLVED };   /* their ids */

static const struct
{
  const char *name;
  double weight;
} sections[] = {
  { "Opening and identity", 20 },
  { "Understanding the need", 30 },
  { "Resolution", 35 },
  { "Courtesy and close", 15 },
};

typedef struct
{
  int section;              /* index into sections */
  const char *text;
  const char *guidance;
  const char *scale;
  double weight;
  gboolean allow_na;
  const char *critical;
  double ease;              /* added to the colleague's quality */
} DemoCriterion;

static const DemoCriterion criteria[] = {
  { 0, "Greeted the customer and gave their name",
    "A warm, clear greeting with the adviser's first name.",
    "yesno", 1, FALSE, "none", 0.10 },
  { 0, "Verified the customer's identity before discussing the account",
    "Two pieces of security information before any account detail. Failing this fails the whole contact.",
    "yesno", 1, FALSE, "form", 0.0 },
  { 1, "Asked questions to understand the request",
    "Open questions first, then closed ones to confirm.",
    "scale5", 2, FALSE, "none", 0.00 },
  { 1, "Checked the account history for earlier contacts",
    "Yes: looked and referred to it; partly: looked but did not use it.",
    "ypn", 1, FALSE, "none", -0.05 },
  { 1, "Explained the bill or tariff clearly",
    "N/A when the contact was not about a bill or tariff.",
    "scale5", 1, TRUE, "none", -0.04 },
  { 2, "Resolved the request or set a clear next step",
    "Yes: resolved; partly: a next step with a date; no: neither.",
    "ypn", 2, FALSE, "none", -0.02 },
  { 2, "Gave accurate information",
    "Everything said matched policy and the account.",
    "yesno", 2, FALSE, "none", 0.06 },
  { 2, "Offered a callback or self-service option where it fitted",
    "Yes: offered and explained; partly: mentioned only.",
    "ypn", 1, FALSE, "none", -0.08 },
  { 3, "Was polite, patient and positive throughout",
    "Tone, pace and language; no interrupting.",
    "scale5", 1, FALSE, "none", 0.05 },
  { 3, "Summarised what happens next and closed the contact",
    "A summary, a check that nothing else is needed, a warm close.",
    "yesno", 1, FALSE, "none", -0.06 },
};
#define N_CRITERIA G_N_ELEMENTS (criteria)

static const struct
{
  const char *code;
  const char *name;
  const char *unit;
  const char *aggregation;
  double scale;
  const char *description;
} metrics[] = {
  { "asa", "Average speed of answer", " s", "ratio", 1,
    "Seconds answered calls waited before an adviser picked up: total wait / calls answered." },
  { "abandonment", "Abandonment rate", "%", "ratio", 100,
    "Calls where the caller hung up before an answer, out of calls offered." },
  { "fcr", "First-contact resolution", "%", "ratio", 100,
    "Contacts resolved at the first contact, out of contacts handled." },
  { "aht", "Average handling time", " s", "ratio", 1,
    "Seconds spent handling a contact: total handling time / contacts handled." },
  { "offered", "Calls offered", "", "sum", 1,
    "Calls that reached the queue, answered or not." },
};
enum { M_ASA = 1, M_ABANDONMENT, M_FCR, M_AHT, M_OFFERED };   /* their ids */

typedef struct
{
  const char *code;
  const char *name;
  const char *definition;
  const char *source;
  const char *calculation;
  int question_id;
  gboolean scorecard;
  int metric_id;
  double top_box_min;       /* 0: none */
  const char *unit;
  int decimals;
  const char *direction;
  double target;
  double red_threshold;
} DemoKpi;

static const DemoKpi kpis[] = {
  { "csat", "Customer satisfaction (CSAT)",
    "The share of survey answers that rate our service 4 or 5 out of 5.",
    "survey", "top_box", Q_CSAT, FALSE, 0, 4, "%", 1, "higher", 85, 80 },
  { "nps", "Net Promoter Score",
    "Customers who would recommend us (9 or 10 out of 10) minus those who would not (0 to 6), "
    "as a number from -100 to 100.",
    "survey", "nps", Q_NPS, FALSE, 0, 0, "", 0, "higher", 40, 30 },
  { "ces", "Customer effort score",
    "How much customers agree, from 1 to 7, that we made it easy to handle their request (the average).",
    "survey", "mean", Q_CES, FALSE, 0, 0, "", 2, "higher", 5.5, 5.0 },
  { "fcr", "First-contact resolution",
    "The share of contacts we sort out the first time, with no need for the customer to come back.",
    "metric", "metric", 0, FALSE, M_FCR, 0, "%", 1, "higher", 75, 70 },
  { "asa", "Average speed of answer",
    "How long callers wait, on average, before an adviser answers.",
    "metric", "metric", 0, FALSE, M_ASA, 0, " s", 0, "lower", 20, 30 },
  { "abandonment", "Abandonment rate",
    "The share of callers who hang up before an adviser answers.",
    "metric", "metric", 0, FALSE, M_ABANDONMENT, 0, "%", 1, "lower", 5, 8 },
  { "complaints", "Complaints resolved on time",
    "The share of complaints resolved within the 10 days we promise.",
    "complaints", "within_promise", 0, FALSE, 0, 0, "%", 1, "higher", 90, 80 },
  { "qa", "Quality score",
    "The average score of observed contacts on the contact quality scorecard, out of 100.",
    "scorecard", "score", 0, TRUE, 0, 0, "%", 1, "higher", 85, 75 },
};

static const struct
{
  const char *grouping;
  const char *text;
  const char *kpi;
} commitments[] = {
  { "Getting in touch", "We answer calls within 20 seconds on average", "asa" },
  { "Getting in touch", "Fewer than 5 in 100 callers hang up before we answer", "abandonment" },
  { "Getting in touch", "We make it easy to deal with us", "ces" },
  { "Sorting it out", "We sort most things out on the first contact", "fcr" },
  { "Sorting it out", "We resolve complaints within 10 days", "complaints" },
  { "How we treat you", "Customers rate our service 4 or 5 out of 5", "csat" },
  { "How we treat you", "Every conversation meets our quality standard", "qa" },
};

/* Comment phrases by theme. Every "waiting" phrase, and only those,
 * contains "wait" or "hold" so that the theme can be counted with LIKE. */
static const char * const phrases_waiting_phone[] = {
  "I was on hold for ages before anyone answered.",
  "Waited far too long to get through.",
  "Twenty minutes on hold just to ask a simple question.",
  "The wait to speak to someone is ridiculous.",
  "Kept on hold twice while they checked things.",
  "Long wait in the queue before I got through.",
  "Please do something about the waiting times on the phone.",
};
static const char * const phrases_waiting_written[] = {
  "I had to wait nearly a week for a reply.",
  "Waited days for someone to get back to me.",
  "Too long a wait for an answer to a simple message.",
};
static const char * const phrases_friendly[] = {
  "The adviser was friendly and really patient.",
  "Lovely, helpful person, nothing was too much trouble.",
  "Very polite and explained everything clearly.",
  "Really kind and understanding about my situation.",
  "Helpful and cheerful, a pleasure to deal with.",
};
static const char * const phrases_quick[] = {
  "Sorted out in one go, thank you.",
  "Quick and easy, problem solved.",
  "Resolved my issue straight away.",
  "Fixed my account there and then.",
  "Efficient and to the point.",
};
static const char * const phrases_billing[] = {
  "My bill is still confusing, I don't understand the charges.",
  "Nobody could explain why my direct debit went up.",
  "The estimated reading on my bill was wrong again.",
  "I was charged twice and still don't know why.",
  "The tariff change was never explained to me.",
};
static const char * const phrases_price[] = {
  "Another price rise, and nobody could tell me what my new direct debit will be.",
  "I can't afford these new prices and the letter made no sense.",
  "Thinking of switching supplier after the latest price increase.",
};
static const char * const phrases_smart_meter[] = {
  "My smart meter stopped sending readings and nobody can tell me why.",
  "The smart meter appointment was cancelled again.",
  "The in-home display has never worked since the smart meter went in.",
  "Smart meter readings don't match my bill.",
};
static const char * const phrases_app_bad[] = {
  "The app would not let me submit a meter reading.",
  "The website kept logging me out.",
  "I couldn't find my bill anywhere on the website.",
  "The app crashes every time I open my account.",
};
static const char * const phrases_app_good[] = {
  "Easy to check it on the app afterwards.",
  "Good to see the change straight away on the website.",
};
static const char * const phrases_unresolved[] = {
  "Still not sorted, I will have to call again.",
  "I was promised a call back that never came.",
  "Passed from one person to another without an answer.",
};

static const char * const complaint_categories[] = {
  "Billing", "Metering", "Smart meters", "Payments", "Customer service",
};
static const double complaint_category_weights[] = { 35, 15, 20, 15, 15 };
static const char * const complaint_descriptions[][3] = {
  { "The customer disputes a bill based on an estimated reading.",
    "The customer was charged twice for the same period.",
    "The customer does not understand a back-bill for earlier usage." },
  { "A meter reading was submitted but not applied to the account.",
    "The customer believes the meter is running fast.",
    "The meter serial number on the account is wrong." },
  { "A smart meter installation appointment was missed.",
    "The smart meter stopped sending readings after installation.",
    "The in-home display has not worked since the smart meter was fitted." },
  { "The direct debit went up without an explanation.",
    "A refund of a credit balance has not arrived.",
    "A payment was made but does not show on the account." },
  { "The customer was promised a call back that did not happen.",
    "The customer is unhappy with how an adviser handled a call.",
    "The customer could not get through on the phone." },
};
static const char * const complaint_outcomes[] = { "Upheld", "Partly upheld", "Not upheld" };
static const double complaint_outcome_weights[] = { 45, 25, 30 };
static const double complaint_channel_weights[] = { 50, 30, 10, 5, 5 };

static const char * const observation_notes[] = {
  "Good rapport; remember to summarise the next steps.",
  "Clear explanation of the bill. Well done.",
  "Rushed the security questions: slow down and check both items.",
  "Missed the chance to offer a callback.",
  "Excellent call: calm with an upset customer.",
  "Check the account history before asking the customer to repeat themselves.",
  "Accurate and friendly throughout.",
};

/* Generation state */

typedef struct
{
  guint offered;
  guint abandoned;
  guint handled;
  guint resolved;
  gint64 wait_answered;
  gint64 handle_total;
} DayStats;

typedef struct
{
  int seconds;              /* local time of day */
  int channel;
} Arrival;

typedef struct
{
  PlWorkspace *workspace;
  GCancellable *cancellable;
  DemoRng rng;
  guint32 seed;

  char days[N_DAYS][11];
  DayStats stats[N_DAYS][N_CHANNELS];

  /* handled interactions per colleague and week, for observations */
  GArray *handled[N_COLLEAGUES][N_WEEKS];
  GArray *handled_channel[N_COLLEAGUES][N_WEEKS];
  GArray *handled_day[N_COLLEAGUES][N_WEEKS];

  gint64 n_interactions;
  gint64 n_responses;
  gint64 n_complaints;

  sqlite3_stmt *insert_interaction;
  sqlite3_stmt *insert_response;
  sqlite3_stmt *insert_answer;
} Demo;

/* Binds one value per letter of @types: 'i' int, 'I' gint64, 'N' gint64
 * that is NULL when <= 0, 'd' double that is NULL when NaN, 't' text (NULL
 * for NULL), 'n' NULL (takes no argument). */
static void
bind_values (sqlite3_stmt *stmt,
             const char   *types,
             va_list       args)
{
  int column = 1;

  g_assert_cmpint (strlen (types), ==, sqlite3_bind_parameter_count (stmt));

  for (const char *t = types; *t != '\0'; t++, column++)
    {
      switch (*t)
        {
        case 'i':
          sqlite3_bind_int (stmt, column, va_arg (args, int));
          break;
        case 'I':
          sqlite3_bind_int64 (stmt, column, va_arg (args, gint64));
          break;
        case 'N':
          {
            gint64 value = va_arg (args, gint64);

            if (value > 0)
              sqlite3_bind_int64 (stmt, column, value);
            else
              sqlite3_bind_null (stmt, column);
          }
          break;
        case 'd':
          {
            double value = va_arg (args, double);

            if (isnan (value))
              sqlite3_bind_null (stmt, column);
            else
              sqlite3_bind_double (stmt, column, value);
          }
          break;
        case 't':
          {
            const char *value = va_arg (args, const char *);

            if (value != NULL)
              sqlite3_bind_text (stmt, column, value, -1, SQLITE_TRANSIENT);
            else
              sqlite3_bind_null (stmt, column);
          }
          break;
        case 'n':
          sqlite3_bind_null (stmt, column);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* Binds the values (see bind_values()), steps and resets @stmt. */
static gboolean
insert_row (PlWorkspace   *workspace,
            sqlite3_stmt  *stmt,
            GError       **error,
            const char    *types,
            ...)
{
  va_list args;

  va_start (args, types);
  bind_values (stmt, types, args);
  va_end (args);

  return pl_workspace_step_done (workspace, stmt, error);
}

/* The same for a statement run once. */
static gboolean
insert_sql (Demo        *demo,
            const char  *sql,
            GError     **error,
            const char  *types,
            ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;

  stmt = pl_workspace_prepare (demo->workspace, sql, error);
  if (stmt == NULL)
    return FALSE;

  va_start (args, types);
  bind_values (stmt, types, args);
  va_end (args);

  return pl_workspace_step_done (demo->workspace, stmt, error);
}

static char *
moment (const char *day,
        int         local_seconds)
{
  /* BST (UTC+1) covers the whole demo period. */
  int utc = local_seconds - 3600;

  return g_strdup_printf ("%sT%02d:%02d:%02dZ", day, utc / 3600, (utc / 60) % 60, utc % 60);
}

static char *
customer_ref (guint customer)
{
  /* An odd multiplier is a bijection modulo 2^24: distinct customers get
   * distinct, random-looking references. */
  return g_strdup_printf ("CUS-%06X", (guint) ((customer * 0x9E3779B1u) & 0xFFFFFFu));
}

/* The organisation and the reference tables. */
static gboolean
populate_reference (Demo    *demo,
                    GError **error)
{
  g_autofree char *seed_text = g_strdup_printf ("%u", demo->seed);
  g_autoptr(GString) key = g_string_new (NULL);
  guint64 key_state = G_GUINT64_CONSTANT (0x6B6579) ^ demo->seed;

  /* The workspace's random pseudonym key would make two demos from the same
   * seed differ; a demo's key comes from its seed, on a separate stream so
   * that the data itself does not change. */
  for (guint i = 0; i < 4; i++)
    g_string_append_printf (key, "%016" G_GINT64_MODIFIER "x", splitmix64 (&key_state));

  if (!pl_workspace_set_setting (demo->workspace, "pseudonym_key", key->str, error))
    return FALSE;

  if (!insert_sql (demo,
                   "UPDATE organisation SET name = ?, sector = ?, description = ? WHERE id = 1",
                   error, "ttt",
                   "Kestrel Home Energy",
                   "Residential energy supply",
                   "A fictional energy supplier's contact centre in Leeds: two teams answering "
                   "calls, emails, web chats, social media and visitors to the customer hub.") ||
      !pl_workspace_set_setting (demo->workspace, "demo_seed", seed_text, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (teams); i++)
    if (!insert_sql (demo, "INSERT INTO teams (id, name, leader) VALUES (?, ?, ?)",
                     error, "itt", (int) i + 1, teams[i].name, teams[i].leader))
      return FALSE;

  for (guint i = 0; i < N_COLLEAGUES; i++)
    if (!insert_sql (demo,
                     "INSERT INTO colleagues (id, code, display_name, team_id, role, started_on, active)"
                     " VALUES (?, ?, ?, ?, ?, ?, 1)",
                     error, "ittitt", (int) i + 1, colleagues[i].code, colleagues[i].name,
                     colleagues[i].team + 1, colleagues[i].role, colleagues[i].started_on))
      return FALSE;

  for (guint i = 0; i < N_CHANNELS; i++)
    if (!insert_sql (demo, "INSERT INTO channels (id, code, name, kind) VALUES (?, ?, ?, ?)",
                     error, "ittt", (int) i + 1, channels[i].code, channels[i].name, channels[i].kind))
      return FALSE;

  if (!insert_sql (demo,
                   "INSERT INTO surveys (id, name, description, created_at) VALUES (1, ?, ?, ?)",
                   error, "ttt", "After-contact survey",
                   "Sent by text message or email after a handled contact.",
                   DEMO_CREATED_AT))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    if (!insert_sql (demo,
                     "INSERT INTO questions (id, survey_id, position, code, text, kind,"
                     " scale_min, scale_max, required) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)",
                     error, "iitttiii", (int) i + 1, (int) i + 1, questions[i].code,
                     questions[i].text, questions[i].kind, questions[i].scale_min,
                     questions[i].scale_max, questions[i].required ? 1 : 0))
      return FALSE;

  if (!insert_sql (demo,
                   "INSERT INTO scorecards (id, name, version, frozen, pass_mark, created_at)"
                   " VALUES (1, ?, 1, 1, 75, ?)",
                   error, "tt", "Contact quality scorecard", DEMO_CREATED_AT))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (!insert_sql (demo,
                     "INSERT INTO scorecard_sections (id, scorecard_id, position, name, weight)"
                     " VALUES (?, 1, ?, ?, ?)",
                     error, "iitd", (int) i + 1, (int) i + 1, sections[i].name, sections[i].weight))
      return FALSE;

  for (guint i = 0; i < N_CRITERIA; i++)
    if (!insert_sql (demo,
                     "INSERT INTO criteria (id, section_id, position, text, guidance, scale,"
                     " weight, allow_na, critical) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     error, "iiitttdit", (int) i + 1, criteria[i].section + 1, (int) i + 1,
                     criteria[i].text, criteria[i].guidance, criteria[i].scale,
                     criteria[i].weight, criteria[i].allow_na ? 1 : 0, criteria[i].critical))
      return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    if (!insert_sql (demo,
                     "INSERT INTO metric_series (id, code, name, unit, aggregation, scale, description)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)",
                     error, "ittttdt", (int) i + 1, metrics[i].code, metrics[i].name,
                     metrics[i].unit, metrics[i].aggregation, metrics[i].scale,
                     metrics[i].description))
      return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kpis); i++)
    {
      const DemoKpi *k = &kpis[i];

      if (!insert_sql (demo,
                       "INSERT INTO kpis (id, code, name, definition, template, source, calculation,"
                       " question_id, scorecard_id, metric_id, top_box_min, unit, decimals, direction,"
                       " target, red_threshold, period, position, created_at, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'week', ?, ?, ?)",
                       error, "ittttttNNNdtitdditt",
                       (int) i + 1, k->code, k->name, k->definition, k->code, k->source,
                       k->calculation, (gint64) k->question_id, (gint64) (k->scorecard ? 1 : 0),
                       (gint64) k->metric_id, k->top_box_min > 0 ? k->top_box_min : NAN,
                       k->unit, k->decimals, k->direction, k->target, k->red_threshold,
                       (int) i + 1, DEMO_CREATED_AT, DEMO_CREATED_AT))
        return FALSE;
    }

  if (!insert_sql (demo,
                   "INSERT INTO service_offers (id, title, version, effective_from, notes)"
                   " VALUES (1, ?, 1, ?, ?)",
                   error, "ttt", "Our service promise", "2026-01-05",
                   "Published on the website and printed on every bill."))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (commitments); i++)
    {
      gint64 kpi_id = 0;

      for (guint k = 0; k < G_N_ELEMENTS (kpis); k++)
        if (g_str_equal (kpis[k].code, commitments[i].kpi))
          kpi_id = k + 1;
      g_assert (kpi_id > 0);

      if (!insert_sql (demo,
                       "INSERT INTO commitments (id, offer_id, position, grouping, text, kpi_id)"
                       " VALUES (?, 1, ?, ?, ?, ?)",
                       error, "iittI", (int) i + 1, (int) i + 1, commitments[i].grouping,
                       commitments[i].text, kpi_id))
        return FALSE;
    }

  return TRUE;
}

/* How busy each weekday is (Monday first; closed on Sundays). */
static const double weekday_volume[7] = { 1.30, 1.10, 1.00, 1.00, 0.95, 0.40, 0.0 };
/* Local hours 08..19 on weekdays. */
static const double hour_weights[12] = { 6, 10, 11, 10, 8, 9, 9, 8, 7, 6, 4, 3 };

static double
season (int day)
{
  /* Contacts build gently towards the autumn price change. */
  return 0.94 + 0.12 * day / (double) N_DAYS;
}

static int
compare_arrivals (const void *a,
                  const void *b)
{
  const Arrival *x = a, *y = b;

  return (x->seconds > y->seconds) - (x->seconds < y->seconds);
}

static int
arrival_seconds (DemoRng *rng,
                 int      weekday,
                 int      channel)
{
  int hour;

  if (weekday == 5)
    hour = 9 + (int) rng_below (rng, 4);
  else if (channel == CH_FACE)
    hour = 9 + (int) rng_weighted (rng, hour_weights + 1, 8);
  else
    hour = 8 + (int) rng_weighted (rng, hour_weights, G_N_ELEMENTS (hour_weights));

  return hour * 3600 + (int) rng_below (rng, 3600);
}

/* A customer's satisfaction with a contact: one number that drives all
 * their ratings, so CSAT, NPS and CES agree the way real answers do. */
static double
satisfaction (Demo    *demo,
              int      channel,
              int      colleague,
              gboolean resolved,
              int      wait_s)
{
  double s = 0.26 + channels[channel].satisfaction + colleagues[colleague].satisfaction;

  s += resolved ? 0.30 : -0.65;
  if (channel == CH_TELEPHONE)
    s -= 0.006 * MIN (wait_s, 240);

  return s + 0.95 * rng_normal (&demo->rng);
}

static int
scale_from (double       x,
            const double *cuts,
            int          n_cuts,
            int          lowest)
{
  int value = lowest;

  for (int i = 0; i < n_cuts; i++)
    if (x > cuts[i])
      value++;

  return value;
}

typedef enum
{
  THEME_WAITING,
  THEME_PRAISE,
  THEME_PROBLEM,
} Theme;

static const char *
comment_phrase (Demo  *demo,
                int    day,
                int    channel,
                int    csat,
                int    wait_s,
                Theme *theme_out)
{
  DemoRng *rng = &demo->rng;
  double p_wait;
  double roll;

  if (channel == CH_TELEPHONE)
    p_wait = 0.04 + 0.70 * CLAMP ((wait_s - 20) / 70.0, 0.0, 1.0);
  else if (channel == CH_EMAIL || channel == CH_SOCIAL)
    p_wait = 0.14;
  else
    p_wait = 0.04;
  if (csat <= 3)
    p_wait += 0.10;

  *theme_out = THEME_WAITING;
  if (rng_chance (rng, p_wait))
    return channel == CH_TELEPHONE ? PICK (rng, phrases_waiting_phone)
                                   : PICK (rng, phrases_waiting_written);

  roll = rng_double (rng);
  if (csat >= 4)
    {
      *theme_out = THEME_PRAISE;
      if (roll < 0.45)
        return PICK (rng, phrases_friendly);
      if (roll < 0.85)
        return PICK (rng, phrases_quick);
      return PICK (rng, phrases_app_good);
    }

  *theme_out = THEME_PROBLEM;
  if (day >= PRICE_RISE_WEEK * 7 && roll < 0.25)
    return PICK (rng, phrases_price);
  if (roll < 0.33)
    return PICK (rng, phrases_billing);
  if (roll < 0.60)
    return PICK (rng, phrases_smart_meter);
  if (roll < 0.80)
    return PICK (rng, phrases_app_bad);
  if (csat <= 2)
    return PICK (rng, phrases_unresolved);
  return PICK (rng, phrases_friendly);
}

static gboolean
add_response (Demo        *demo,
              gint64       interaction_id,
              int          day,
              int          local_seconds,
              int          channel,
              int          colleague,
              gboolean     resolved,
              int          wait_s,
              const char  *customer,
              GError     **error)
{
  static const double csat_cuts[] = { -2.0, -1.4, -0.95, 0.45 };
  static const double nps_cuts[] = { -3.1, -2.8, -2.5, -2.2, -1.9, -1.55, -1.15, -0.65, -0.15, 0.55 };
  static const double ces_cuts[] = { -2.45, -1.95, -1.45, -0.9, -0.2, 0.6 };
  DemoRng *rng = &demo->rng;
  double s = satisfaction (demo, channel, colleague, resolved, wait_s);
  int csat = scale_from (s, csat_cuts, G_N_ELEMENTS (csat_cuts), 1);
  /* Planted pattern (f): after the price rise, fewer would recommend us
   * even when the contact itself went well. */
  double recommend = s + 0.45 * rng_normal (rng) - (day >= PRICE_RISE_WEEK * 7 ? 0.38 : 0.0);
  int nps = scale_from (recommend, nps_cuts, G_N_ELEMENTS (nps_cuts), 0);
  int ces = scale_from (s + 0.45 * rng_normal (rng), ces_cuts, G_N_ELEMENTS (ces_cuts), 1);
  gboolean said_resolved = resolved ? rng_chance (rng, 0.95) : rng_chance (rng, 0.30);
  gboolean answered_nps = rng_chance (rng, 0.93);
  gboolean answered_ces = rng_chance (rng, 0.86);
  gboolean answered_resolved = rng_chance (rng, 0.90);
  int response_day = day;
  g_autofree char *comment = NULL;
  g_autofree char *stamp = NULL;
  double p_comment = 0.24 + (csat <= 2 ? 0.30 : 0.0) + (csat == 5 ? 0.06 : 0.0);
  gint64 id;

  if (rng_chance (rng, 0.30) && day + 1 < N_DAYS)
    {
      response_day = day + 1;
      local_seconds = 8 * 3600 + (int) rng_below (rng, 12 * 3600);
    }
  else
    {
      /* MIN and friends evaluate their arguments twice: draw first. */
      int delay = 600 + (int) rng_below (rng, 3 * 3600);

      local_seconds = MIN (local_seconds + delay, 23 * 3600);
    }

  if (rng_chance (rng, p_comment))
    {
      Theme theme;
      const char *first = comment_phrase (demo, day, channel, csat, wait_s, &theme);

      /* Some comments touch on two things, as people do. */
      if (theme == THEME_WAITING && csat >= 4 && rng_chance (rng, 0.5))
        comment = g_strdup_printf ("%s %s", first, PICK (rng, phrases_friendly));
      else if (theme == THEME_PROBLEM && rng_chance (rng, 0.2))
        comment = g_strdup_printf ("%s %s", first, PICK (rng, phrases_app_bad));
      else
        comment = g_strdup (first);
    }

  id = ++demo->n_responses;
  stamp = moment (demo->days[response_day], local_seconds);
  if (!insert_row (demo->workspace, demo->insert_response, error, "IIiittttt",
                   id, interaction_id, channel + 1, colleague + 1, customer,
                   demo->days[response_day], comment, stamp, stamp))
    return FALSE;

  if (!insert_row (demo->workspace, demo->insert_answer, error, "Iid", id, Q_CSAT, (double) csat))
    return FALSE;
  if (answered_nps &&
      !insert_row (demo->workspace, demo->insert_answer, error, "Iid", id, Q_NPS, (double) nps))
    return FALSE;
  if (answered_ces &&
      !insert_row (demo->workspace, demo->insert_answer, error, "Iid", id, Q_CES, (double) ces))
    return FALSE;
  if (answered_resolved &&
      !insert_row (demo->workspace, demo->insert_answer, error, "Iid", id, Q_RESOLVED,
                   said_resolved ? 1.0 : 0.0))
    return FALSE;

  return TRUE;
}

static gboolean
populate_day (Demo    *demo,
              int      day,
              double   volume_base,
              GError **error)
{
  DemoRng *rng = &demo->rng;
  int week = day / 7;
  int weekday = day % 7;
  gboolean after_change = week >= CHANGE_WEEK;
  double channel_shares[N_CHANNELS];
  double colleague_weights[N_COLLEAGUES];
  double asa, abandon, fcr;
  g_autofree Arrival *arrivals = NULL;
  int n;

  if (weekday_volume[weekday] <= 0)
    return TRUE;

  n = (int) lround (volume_base * weekday_volume[weekday] * season (day)
                    * (1.0 + 0.06 * rng_normal (rng)));

  /* The day's speed of answer: slow and worsening before the callback
   * process, much better after it; Mondays are always slower. */
  if (after_change)
    asa = 16.0;
  else
    asa = 26.0 + 8.0 * week / (double) CHANGE_WEEK;
  if (weekday == 0)
    asa *= 1.30;
  asa *= exp (0.16 * rng_normal (rng));

  /* Abandonment follows the wait, with a Monday gap that widens week by
   * week (planted pattern c). */
  abandon = 0.012 + 0.0015 * asa + 0.004 * rng_normal (rng);
  if (weekday == 0)
    abandon += 0.005 + 0.090 * week / (double) (N_WEEKS - 1);
  abandon = CLAMP (abandon, 0.004, 0.30);

  fcr = after_change ? 0.775 : 0.685;
  fcr += 0.015 * rng_normal (rng);

  for (int c = 0; c < N_CHANNELS; c++)
    channel_shares[c] = channels[c].share;
  for (int c = 0; c < N_COLLEAGUES; c++)
    colleague_weights[c] = colleagues[c].workload;

  arrivals = g_new (Arrival, MAX (n, 1));
  for (int i = 0; i < n; i++)
    {
      arrivals[i].channel = (int) rng_weighted (rng, channel_shares, N_CHANNELS);
      arrivals[i].seconds = arrival_seconds (rng, weekday, arrivals[i].channel);
    }
  qsort (arrivals, n, sizeof (Arrival), compare_arrivals);

  for (int i = 0; i < n; i++)
    {
      int channel = arrivals[i].channel;
      DayStats *stats = &demo->stats[day][channel];
      gint64 id = ++demo->n_interactions;
      g_autofree char *reference = g_strdup_printf ("INT-%06" G_GINT64_FORMAT, id);
      g_autofree char *customer = customer_ref (rng_below (rng, 32000));
      g_autofree char *stamp = moment (demo->days[day], arrivals[i].seconds);
      gboolean abandoned = FALSE;
      int wait_s = -1;
      int handle_s;
      int colleague;
      gboolean resolved;

      if (channel == CH_TELEPHONE)
        {
          abandoned = rng_chance (rng, abandon);
          if (abandoned)
            wait_s = (int) lround (rng_lognormal (rng, asa * 1.6, 0.6));
          else
            wait_s = (int) lround (rng_lognormal (rng, asa / 1.5, 0.9));
          stats->offered++;
        }

      if (abandoned)
        {
          stats->abandoned++;
          if (!insert_row (demo->workspace, demo->insert_interaction, error, "Itinttinin",
                           id, reference, channel + 1, customer, stamp, wait_s, 1))
            return FALSE;
          continue;
        }

      colleague = (int) rng_weighted (rng, colleague_weights, N_COLLEAGUES);
      handle_s = (int) lround (rng_lognormal (rng, channels[channel].handle_median_s,
                                              channels[channel].handle_sigma));
      handle_s = MAX (handle_s, 20);
      resolved = rng_chance (rng, fcr + channels[channel].fcr_offset + colleagues[colleague].fcr);

      stats->handled++;
      stats->handle_total += handle_s;
      if (resolved)
        stats->resolved++;
      if (channel == CH_TELEPHONE)
        stats->wait_answered += wait_s;

      if (!insert_row (demo->workspace, demo->insert_interaction, error, "ItiIttdiii",
                       id, reference, channel + 1, (gint64) colleague + 1, customer, stamp,
                       wait_s >= 0 ? (double) wait_s : NAN, handle_s, 0, resolved ? 1 : 0))
        return FALSE;

      g_array_append_val (demo->handled[colleague][week], id);
      g_array_append_val (demo->handled_channel[colleague][week], channel);
      g_array_append_val (demo->handled_day[colleague][week], day);

      if (rng_chance (rng, RESPONSE_RATE) &&
          !add_response (demo, id, day, arrivals[i].seconds, channel, colleague, resolved,
                         MAX (wait_s, 0), customer, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
populate_interactions (Demo    *demo,
                       GError **error)
{
  double weight_total = 0;
  double volume_base;

  for (int day = 0; day < N_DAYS; day++)
    weight_total += weekday_volume[day % 7] * season (day);
  volume_base = TARGET_INTERACTIONS / weight_total;

  demo->insert_interaction =
    pl_workspace_prepare (demo->workspace,
                          "INSERT INTO interactions (id, reference, channel_id, colleague_id,"
                          " customer_ref, occurred_at, wait_s, handle_s, abandoned,"
                          " resolved_first_contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          error);
  demo->insert_response =
    pl_workspace_prepare (demo->workspace,
                          "INSERT INTO responses (id, survey_id, interaction_id, channel_id,"
                          " colleague_id, respondent_ref, responded_on, comment, source,"
                          " created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, 'demo', ?, ?)",
                          error);
  demo->insert_answer =
    pl_workspace_prepare (demo->workspace,
                          "INSERT INTO answers (response_id, question_id, value_num) VALUES (?, ?, ?)",
                          error);
  if (demo->insert_interaction == NULL || demo->insert_response == NULL ||
      demo->insert_answer == NULL)
    return FALSE;

  for (int day = 0; day < N_DAYS; day++)
    {
      if (g_cancellable_set_error_if_cancelled (demo->cancellable, error))
        return FALSE;
      if (!populate_day (demo, day, volume_base, error))
        return FALSE;
    }

  return TRUE;
}

/* Daily metrics per channel, summed from the interactions just made. */
static gboolean
populate_metrics (Demo    *demo,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pl_workspace_prepare (demo->workspace,
                               "INSERT INTO metric_values (series_id, period_start, period,"
                               " channel_id, value, numerator, denominator)"
                               " VALUES (?, ?, 'day', ?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    return FALSE;

  for (int day = 0; day < N_DAYS; day++)
    for (int channel = 0; channel < N_CHANNELS; channel++)
      {
        const DayStats *s = &demo->stats[day][channel];
        const char *date = demo->days[day];

        if (channel == CH_TELEPHONE && s->offered > 0)
          {
            guint answered = s->offered - s->abandoned;

            if (answered > 0 &&
                !insert_row (demo->workspace, stmt, error, "itiddd", M_ASA, date, channel + 1,
                             (double) s->wait_answered / answered,
                             (double) s->wait_answered, (double) answered))
              return FALSE;
            if (!insert_row (demo->workspace, stmt, error, "itiddd", M_ABANDONMENT, date,
                             channel + 1, 100.0 * s->abandoned / s->offered,
                             (double) s->abandoned, (double) s->offered))
              return FALSE;
            if (!insert_row (demo->workspace, stmt, error, "itiddd", M_OFFERED, date,
                             channel + 1, (double) s->offered, NAN, NAN))
              return FALSE;
          }

        if (s->handled > 0)
          {
            if (!insert_row (demo->workspace, stmt, error, "itiddd", M_FCR, date, channel + 1,
                             100.0 * s->resolved / s->handled,
                             (double) s->resolved, (double) s->handled))
              return FALSE;
            if (!insert_row (demo->workspace, stmt, error, "itiddd", M_AHT, date, channel + 1,
                             (double) s->handle_total / s->handled,
                             (double) s->handle_total, (double) s->handled))
              return FALSE;
          }
      }

  return TRUE;
}

static double
criterion_points (const char *scale,
                  double      value)
{
  if (g_str_equal (scale, "scale5"))
    return (value - 1.0) / 4.0;

  /* yesno and passfail are 1 or 0; ypn is stored as 1, 0.5 or 0. */
  return value;
}

/* The scoring rule at the top of this file. @values holds one value per
 * criterion, NaN for N/A. */
static double
score_observation (const double *values,
                   gboolean     *critical_failed)
{
  double section_earned[G_N_ELEMENTS (sections)] = { 0 };
  double section_possible[G_N_ELEMENTS (sections)] = { 0 };
  gboolean section_zeroed[G_N_ELEMENTS (sections)] = { FALSE };
  double earned = 0, possible = 0;

  *critical_failed = FALSE;

  for (guint i = 0; i < N_CRITERIA; i++)
    {
      double points;

      if (isnan (values[i]))
        continue;

      points = criterion_points (criteria[i].scale, values[i]);
      section_earned[criteria[i].section] += criteria[i].weight * points;
      section_possible[criteria[i].section] += criteria[i].weight;

      if (points <= 0.0 && g_str_equal (criteria[i].critical, "form"))
        *critical_failed = TRUE;
      else if (points <= 0.0 && g_str_equal (criteria[i].critical, "section"))
        section_zeroed[criteria[i].section] = TRUE;
    }

  if (*critical_failed)
    return 0.0;

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      if (section_possible[s] <= 0)
        continue;
      if (!section_zeroed[s])
        earned += sections[s].weight * section_earned[s] / section_possible[s];
      possible += sections[s].weight;
    }

  return possible > 0 ? 100.0 * earned / possible : NAN;
}

static gboolean
populate_observations (Demo    *demo,
                       GError **error)
{
  g_autoptr(sqlite3_stmt) insert_observation = NULL;
  g_autoptr(sqlite3_stmt) insert_score = NULL;
  DemoRng *rng = &demo->rng;

  insert_observation =
    pl_workspace_prepare (demo->workspace,
                          "INSERT INTO observations (id, scorecard_id, interaction_id, colleague_id,"
                          " channel_id, evaluator, observed_on, reference, score, critical_failed,"
                          " comments, created_at, updated_at)"
                          " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          error);
  insert_score =
    pl_workspace_prepare (demo->workspace,
                          "INSERT INTO observation_scores (observation_id, criterion_id, value)"
                          " VALUES (?, ?, ?)",
                          error);
  if (insert_observation == NULL || insert_score == NULL)
    return FALSE;

  for (int i = 0; i < N_OBSERVATIONS; i++)
    {
      int week = i * N_WEEKS / N_OBSERVATIONS;
      int colleague = i % N_COLLEAGUES;
      GArray *ids = demo->handled[colleague][week];
      double values[N_CRITERIA];
      double quality, score;
      gboolean critical_failed;
      gint64 interaction_id = 0;
      int channel = CH_TELEPHONE;
      int day = week * 7 + (int) rng_below (rng, 5);
      int observed_day;
      g_autofree char *reference = g_strdup_printf ("OBS-%04d", i + 1);
      g_autofree char *stamp = NULL;
      const char *note = NULL;

      if (ids->len > 0)
        {
          guint pick = rng_below (rng, ids->len);

          interaction_id = g_array_index (ids, gint64, pick);
          channel = g_array_index (demo->handled_channel[colleague][week], int, pick);
          day = g_array_index (demo->handled_day[colleague][week], int, pick);
        }
      observed_day = day + (int) rng_below (rng, 3);
      observed_day = MIN (observed_day, week * 7 + 5);
      observed_day = MAX (observed_day, day);

      /* Planted pattern (a): Priya Shah's quality falls after week 14. */
      quality = colleagues[colleague].quality;
      if (colleague == C07_INDEX && week >= C07_DROP_WEEK)
        quality = C07_QUALITY_AFTER;
      quality += 0.06 * rng_normal (rng);

      for (guint c = 0; c < N_CRITERIA; c++)
        {
          const DemoCriterion *crit = &criteria[c];
          double p = CLAMP (quality + crit->ease, 0.02, 0.99);

          if (crit->allow_na && rng_chance (rng, 0.4))
            values[c] = NAN;
          else if (g_str_equal (crit->critical, "form"))
            values[c] = rng_chance (rng, quality < 0.8 ? 0.03 : 0.012) ? 0.0 : 1.0;
          else if (g_str_equal (crit->scale, "yesno"))
            values[c] = rng_chance (rng, p) ? 1.0 : 0.0;
          else if (g_str_equal (crit->scale, "ypn"))
            {
              double r = rng_double (rng);

              values[c] = r < p ? 1.0 : (r < p + (1 - p) * 0.6 ? 0.5 : 0.0);
            }
          else
            {
              double x = p + 0.12 * rng_normal (rng);

              x = CLAMP (x, 0.0, 1.0);

              values[c] = 1.0 + (double) lround (4.0 * x);
            }
        }

      score = score_observation (values, &critical_failed);
      if (critical_failed)
        note = "Did not verify the customer's identity before discussing the account.";
      else if (rng_chance (rng, 0.4))
        note = PICK (rng, observation_notes);

      stamp = moment (demo->days[observed_day], 10 * 3600 + (int) rng_below (rng, 6 * 3600));
      if (!insert_row (demo->workspace, insert_observation, error, "INiitttdittt",
                       (gint64) i + 1, interaction_id, colleague + 1, channel + 1,
                       teams[colleagues[colleague].team].leader, demo->days[observed_day],
                       reference, score, critical_failed ? 1 : 0, note, stamp, stamp))
        return FALSE;

      for (guint c = 0; c < N_CRITERIA; c++)
        if (!insert_row (demo->workspace, insert_score, error, "Iid",
                         (gint64) i + 1, (int) c + 1, values[c]))
          return FALSE;
    }

  return TRUE;
}

static gboolean
populate_complaints (Demo    *demo,
                     GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  DemoRng *rng = &demo->rng;
  double lambda = N_COMPLAINTS_EXPECTED / (N_WEEKS * 6.0);

  stmt = pl_workspace_prepare (demo->workspace,
                               "INSERT INTO complaints (id, reference, received_on, channel_id,"
                               " category, description, promised_days, responded_on, resolved_on,"
                               " outcome, colleague_id, customer_ref, created_at)"
                               " VALUES (?, ?, ?, ?, ?, ?, 10, ?, ?, ?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    return FALSE;

  for (int day = 0; day < N_DAYS; day++)
    {
      guint n;

      if (day % 7 == 6)
        continue;

      n = rng_poisson (rng, lambda);
      for (guint j = 0; j < n; j++)
        {
          int category = (int) rng_weighted (rng, complaint_category_weights,
                                             G_N_ELEMENTS (complaint_category_weights));
          int channel = (int) rng_weighted (rng, complaint_channel_weights, N_CHANNELS);
          /* Billing and payment complaints go to the billing team. */
          int colleague = category == 0 || category == 3
                          ? 7 + (int) rng_below (rng, 5)
                          : (int) rng_below (rng, 7);
          int respond_in = (int) rng_below (rng, 3);
          double median = day >= N_DAYS - 6 * 7 ? 7.5 : 5.0;
          int resolve_in;
          int respond_day = day + respond_in;
          int resolve_day;
          gint64 id = ++demo->n_complaints;
          g_autofree char *reference = g_strdup_printf ("CMP-2026-%04" G_GINT64_FORMAT, id);
          g_autofree char *customer = customer_ref (rng_below (rng, 32000));
          g_autofree char *stamp = moment (demo->days[day], 9 * 3600 + (int) rng_below (rng, 8 * 3600));
          const char *outcome;

          /* Smart meter complaints wait on engineers and take longer. */
          if (category == 2)
            median *= 1.25;
          resolve_in = (int) lround (rng_lognormal (rng, median, 0.5));
          resolve_in = MAX (resolve_in, respond_in);
          resolve_day = day + resolve_in;
          outcome = complaint_outcomes[rng_weighted (rng, complaint_outcome_weights,
                                                     G_N_ELEMENTS (complaint_outcome_weights))];

          if (!insert_row (demo->workspace, stmt, error, "Ittitttttitt",
                           id, reference, demo->days[day], channel + 1,
                           complaint_categories[category],
                           complaint_descriptions[category][rng_below (rng, 3)],
                           respond_day < N_DAYS ? demo->days[respond_day] : NULL,
                           resolve_day < N_DAYS ? demo->days[resolve_day] : NULL,
                           resolve_day < N_DAYS ? outcome : NULL,
                           colleague + 1, customer, stamp))
            return FALSE;
        }
    }

  return TRUE;
}

/* Planted pattern (e): the callback process from week 18. */
static gboolean
record_process_change (Demo    *demo,
                       GError **error)
{
  const char *monday = demo->days[CHANGE_WEEK * 7];
  g_autofree char *at = g_strdup_printf ("%sT07:00:00Z", monday);

  if (!pl_workspace_set_setting (demo->workspace, "demo_process_change", monday, error))
    return FALSE;

  /* The two changes, as interventions the charts mark and the analysis
   * compares before and after. */
  return insert_sql (demo,
                     "INSERT INTO audit_log (at, action, entity, detail) VALUES (?, ?, ?, ?)",
                     error, "tttt", at, "process_change", "process",
                     "Callback process introduced: callers waiting more than 30 seconds "
                     "are offered a call back instead of staying on hold.") &&
         insert_sql (demo,
                     "INSERT INTO interventions (kpi_id, day, label, created_at) VALUES (NULL, ?, ?, ?)",
                     error, "ttt", monday, "Callback process", DEMO_CREATED_AT) &&
         insert_sql (demo,
                     "INSERT INTO interventions (kpi_id, day, label, created_at) VALUES (NULL, ?, ?, ?)",
                     error, "ttt", demo->days[PRICE_RISE_WEEK * 7], "Price rise", DEMO_CREATED_AT);
}

static void
demo_clear (Demo *demo)
{
  for (int c = 0; c < N_COLLEAGUES; c++)
    for (int w = 0; w < N_WEEKS; w++)
      {
        g_clear_pointer (&demo->handled[c][w], g_array_unref);
        g_clear_pointer (&demo->handled_channel[c][w], g_array_unref);
        g_clear_pointer (&demo->handled_day[c][w], g_array_unref);
      }

  g_clear_pointer (&demo->insert_interaction, sqlite3_finalize);
  g_clear_pointer (&demo->insert_response, sqlite3_finalize);
  g_clear_pointer (&demo->insert_answer, sqlite3_finalize);
}

/**
 * pl_demo_populate:
 * @workspace: a freshly created, empty workspace
 * @seed: the generator's seed; the same seed gives the same workspace
 * @cancellable: (nullable): checked once per generated day
 *
 * Fills @workspace with the Kestrel Home Energy demo in one transaction:
 * on failure nothing is written.
 */
gboolean
pl_demo_populate (PlWorkspace   *workspace,
                  guint32        seed,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree Demo *demo = NULL;
  gint64 existing = 0;
  GDate date;
  gboolean ok;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_workspace_count_rows (workspace, "interactions", &existing, error))
    return FALSE;
  if (existing > 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The demo can only fill a new, empty workspace."));
      return FALSE;
    }

  demo = g_new0 (Demo, 1);
  demo->workspace = workspace;
  demo->cancellable = cancellable;
  demo->seed = seed;
  rng_init (&demo->rng, seed);

  pl_date_parse_iso (DEMO_START_DATE, &date);
  for (int day = 0; day < N_DAYS; day++)
    {
      g_autofree char *iso = pl_date_to_iso (&date);

      g_strlcpy (demo->days[day], iso, sizeof demo->days[day]);
      g_date_add_days (&date, 1);
    }
  g_assert (g_str_equal (demo->days[N_DAYS - 1], PL_DEMO_END_DATE));

  for (int c = 0; c < N_COLLEAGUES; c++)
    for (int w = 0; w < N_WEEKS; w++)
      {
        demo->handled[c][w] = g_array_new (FALSE, FALSE, sizeof (gint64));
        demo->handled_channel[c][w] = g_array_new (FALSE, FALSE, sizeof (int));
        demo->handled_day[c][w] = g_array_new (FALSE, FALSE, sizeof (int));
      }

  if (!pl_workspace_begin (workspace, error))
    {
      demo_clear (demo);
      return FALSE;
    }

  ok = populate_reference (demo, error) &&
       populate_interactions (demo, error) &&
       populate_metrics (demo, error) &&
       populate_observations (demo, error) &&
       populate_complaints (demo, error) &&
       record_process_change (demo, error);

  demo_clear (demo);

  if (!ok || !pl_workspace_commit (workspace, error))
    {
      pl_workspace_rollback (workspace);
      return FALSE;
    }

  g_debug ("Demo workspace: %" G_GINT64_FORMAT " interactions, %" G_GINT64_FORMAT
           " responses, %" G_GINT64_FORMAT " complaints",
           demo->n_interactions, demo->n_responses, demo->n_complaints);

  return TRUE;
}

/**
 * pl_demo_create:
 * @path: where to create the demo workspace; must not exist
 *
 * Returns: (transfer full): the open demo workspace, or %NULL with @error
 *   set (and no file left behind)
 */
PlWorkspace *
pl_demo_create (const char    *path,
                guint32        seed,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(PlWorkspace) workspace = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  workspace = pl_workspace_create (path, "Kestrel Home Energy", error);
  if (workspace == NULL)
    return NULL;

  if (!pl_demo_populate (workspace, seed, cancellable, error))
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      pl_workspace_close (workspace);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      return NULL;
    }

  return g_steal_pointer (&workspace);
}

/**
 * pl_demo_default_path:
 *
 * Returns: (transfer full): $XDG_DATA_HOME/plumbline/demo.plumbline
 */
char *
pl_demo_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "plumbline", "demo.plumbline", NULL);
}
