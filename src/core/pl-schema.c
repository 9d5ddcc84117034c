/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pl-error.h"
#include "pl-schema.h"

/* Version 0 is a workspace that has its application_id and, at most, the
 * settings table written by the earliest builds. Version 1 is the whole
 * review-cycle schema of the walking skeleton.
 *
 * Conventions: dates are ISO 8601 text ("YYYY-MM-DD"), moments are UTC
 * ISO 8601 ("YYYY-MM-DDTHH:MM:SSZ"). User-entered records carry
 * trashed_at (NULL unless in the trash); analysable records carry
 * excluded/exclusion_reason so validation never deletes. */
static const char migration_1[] =
  "CREATE TABLE IF NOT EXISTS settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT);"

  "CREATE TABLE organisation ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name TEXT NOT NULL,"
  "  sector TEXT,"
  "  description TEXT,"
  "  created_at TEXT NOT NULL);"

  "CREATE TABLE teams ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  leader TEXT);"

  "CREATE TABLE colleagues ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"          /* pseudonymous code, used when anonymised */
  "  display_name TEXT NOT NULL,"
  "  team_id INTEGER REFERENCES teams (id) ON DELETE SET NULL,"
  "  role TEXT,"
  "  started_on TEXT,"
  "  active INTEGER NOT NULL DEFAULT 1);"

  "CREATE TABLE channels ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('telephone', 'written', 'online', 'social', 'face_to_face')));"

  "CREATE TABLE surveys ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  description TEXT,"
  "  created_at TEXT NOT NULL,"
  "  archived INTEGER NOT NULL DEFAULT 0);"

  "CREATE TABLE questions ("
  "  id INTEGER PRIMARY KEY,"
  "  survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  code TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('csat', 'nps', 'ces', 'likert', 'yesno', 'single', 'multiple', 'text')),"
  "  scale_min INTEGER,"
  "  scale_max INTEGER,"
  "  choices TEXT,"                        /* newline-separated, for single/multiple */
  "  required INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (survey_id, code));"

  "CREATE TABLE scorecards ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  parent_id INTEGER REFERENCES scorecards (id),"
  "  frozen INTEGER NOT NULL DEFAULT 0,"
  "  pass_mark REAL,"
  "  created_at TEXT NOT NULL);"

  "CREATE TABLE scorecard_sections ("
  "  id INTEGER PRIMARY KEY,"
  "  scorecard_id INTEGER NOT NULL REFERENCES scorecards (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  weight REAL NOT NULL DEFAULT 1 CHECK (weight >= 0));"

  "CREATE TABLE criteria ("
  "  id INTEGER PRIMARY KEY,"
  "  section_id INTEGER NOT NULL REFERENCES scorecard_sections (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  text TEXT NOT NULL,"
  "  guidance TEXT,"
  "  scale TEXT NOT NULL CHECK (scale IN ('yesno', 'ypn', 'scale5', 'passfail')),"
  "  weight REAL NOT NULL DEFAULT 1 CHECK (weight >= 0),"
  "  allow_na INTEGER NOT NULL DEFAULT 0,"
  "  critical TEXT NOT NULL DEFAULT 'none' CHECK (critical IN ('none', 'section', 'form')));"

  "CREATE TABLE metric_series ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  unit TEXT,"
  /* mean: average of value; ratio: sum(numerator) / sum(denominator) */
  "  aggregation TEXT NOT NULL DEFAULT 'mean' CHECK (aggregation IN ('mean', 'sum', 'ratio')),"
  "  scale REAL NOT NULL DEFAULT 1,"      /* 100 for a ratio shown as a percentage */
  "  description TEXT);"

  "CREATE TABLE kpis ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  definition TEXT,"
  "  template TEXT,"
  "  source TEXT NOT NULL CHECK (source IN ('survey', 'scorecard', 'metric', 'complaints')),"
  "  calculation TEXT NOT NULL CHECK (calculation IN ('mean', 'top_box', 'nps', 'score', 'metric', 'within_promise')),"
  "  question_id INTEGER REFERENCES questions (id),"
  "  scorecard_id INTEGER REFERENCES scorecards (id),"
  "  metric_id INTEGER REFERENCES metric_series (id),"
  "  top_box_min REAL,"
  "  unit TEXT NOT NULL DEFAULT '',"
  "  decimals INTEGER NOT NULL DEFAULT 1,"
  "  direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),"
  "  target REAL NOT NULL,"
  "  red_threshold REAL NOT NULL,"       /* between target and this is amber */
  "  period TEXT NOT NULL DEFAULT 'week' CHECK (period IN ('week', 'month')),"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  archived INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"

  "CREATE TABLE service_offers ("
  "  id INTEGER PRIMARY KEY,"
  "  title TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  effective_from TEXT NOT NULL,"
  "  notes TEXT);"

  "CREATE TABLE commitments ("
  "  id INTEGER PRIMARY KEY,"
  "  offer_id INTEGER NOT NULL REFERENCES service_offers (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  grouping TEXT,"
  "  text TEXT NOT NULL,"
  "  kpi_id INTEGER REFERENCES kpis (id) ON DELETE SET NULL);"

  "CREATE TABLE import_batches ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  source_name TEXT NOT NULL,"
  "  sha256 TEXT,"
  "  encoding TEXT,"
  "  delimiter TEXT,"
  "  mapping TEXT,"                        /* JSON */
  "  rows_read INTEGER NOT NULL DEFAULT 0,"
  "  rows_imported INTEGER NOT NULL DEFAULT 0,"
  "  rows_rejected INTEGER NOT NULL DEFAULT 0,"
  "  imported_at TEXT NOT NULL,"
  "  undone_at TEXT);"

  "CREATE TABLE interactions ("
  "  id INTEGER PRIMARY KEY,"
  "  reference TEXT,"
  "  channel_id INTEGER NOT NULL REFERENCES channels (id),"
  "  colleague_id INTEGER REFERENCES colleagues (id),"
  "  customer_ref TEXT,"                   /* pseudonymised */
  "  occurred_at TEXT NOT NULL,"
  "  wait_s INTEGER,"
  "  handle_s INTEGER,"
  "  abandoned INTEGER NOT NULL DEFAULT 0,"
  "  resolved_first_contact INTEGER,"
  "  batch_id INTEGER REFERENCES import_batches (id) ON DELETE CASCADE);"
  "CREATE INDEX interactions_occurred ON interactions (occurred_at);"
  "CREATE INDEX interactions_colleague ON interactions (colleague_id, occurred_at);"

  "CREATE TABLE responses ("
  "  id INTEGER PRIMARY KEY,"
  "  survey_id INTEGER NOT NULL REFERENCES surveys (id),"
  "  interaction_id INTEGER REFERENCES interactions (id) ON DELETE SET NULL,"
  "  channel_id INTEGER REFERENCES channels (id),"
  "  colleague_id INTEGER REFERENCES colleagues (id),"
  "  respondent_ref TEXT,"                 /* pseudonymised */
  "  responded_on TEXT NOT NULL,"
  "  comment TEXT,"
  "  source TEXT NOT NULL DEFAULT 'entry' CHECK (source IN ('entry', 'import', 'demo')),"
  "  batch_id INTEGER REFERENCES import_batches (id) ON DELETE CASCADE,"
  "  excluded INTEGER NOT NULL DEFAULT 0,"
  "  exclusion_reason TEXT,"
  "  trashed_at TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX responses_survey_date ON responses (survey_id, responded_on);"
  "CREATE INDEX responses_created ON responses (created_at);"

  "CREATE TABLE answers ("
  "  response_id INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,"
  "  question_id INTEGER NOT NULL REFERENCES questions (id),"
  "  value_num REAL,"
  "  value_text TEXT,"
  "  PRIMARY KEY (response_id, question_id)) WITHOUT ROWID;"
  "CREATE INDEX answers_question ON answers (question_id);"

  "CREATE TABLE observations ("
  "  id INTEGER PRIMARY KEY,"
  "  scorecard_id INTEGER NOT NULL REFERENCES scorecards (id),"
  "  interaction_id INTEGER REFERENCES interactions (id) ON DELETE SET NULL,"
  "  colleague_id INTEGER NOT NULL REFERENCES colleagues (id),"
  "  channel_id INTEGER REFERENCES channels (id),"
  "  evaluator TEXT,"
  "  observed_on TEXT NOT NULL,"
  "  reference TEXT,"
  "  score REAL,"                          /* 0-100, after weights, N/A and critical items */
  "  critical_failed INTEGER NOT NULL DEFAULT 0,"
  "  comments TEXT,"
  "  batch_id INTEGER REFERENCES import_batches (id) ON DELETE CASCADE,"
  "  excluded INTEGER NOT NULL DEFAULT 0,"
  "  exclusion_reason TEXT,"
  "  trashed_at TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX observations_date ON observations (scorecard_id, observed_on);"

  "CREATE TABLE observation_scores ("
  "  observation_id INTEGER NOT NULL REFERENCES observations (id) ON DELETE CASCADE,"
  "  criterion_id INTEGER NOT NULL REFERENCES criteria (id),"
  "  value REAL,"                          /* NULL is N/A */
  "  note TEXT,"
  "  PRIMARY KEY (observation_id, criterion_id)) WITHOUT ROWID;"

  "CREATE TABLE metric_values ("
  "  id INTEGER PRIMARY KEY,"
  "  series_id INTEGER NOT NULL REFERENCES metric_series (id) ON DELETE CASCADE,"
  "  period_start TEXT NOT NULL,"
  "  period TEXT NOT NULL DEFAULT 'day' CHECK (period IN ('day', 'week', 'month')),"
  "  channel_id INTEGER REFERENCES channels (id),"
  "  team_id INTEGER REFERENCES teams (id),"
  "  value REAL,"
  "  numerator REAL,"
  "  denominator REAL,"
  "  batch_id INTEGER REFERENCES import_batches (id) ON DELETE CASCADE);"
  "CREATE INDEX metric_values_series ON metric_values (series_id, period_start);"

  "CREATE TABLE complaints ("
  "  id INTEGER PRIMARY KEY,"
  "  reference TEXT,"
  "  received_on TEXT NOT NULL,"
  "  channel_id INTEGER REFERENCES channels (id),"
  "  category TEXT,"
  "  description TEXT,"
  "  promised_days REAL NOT NULL DEFAULT 2,"
  "  responded_on TEXT,"
  "  resolved_on TEXT,"
  "  outcome TEXT,"
  "  colleague_id INTEGER REFERENCES colleagues (id),"
  "  customer_ref TEXT,"
  "  batch_id INTEGER REFERENCES import_batches (id) ON DELETE CASCADE,"
  "  excluded INTEGER NOT NULL DEFAULT 0,"
  "  exclusion_reason TEXT,"
  "  trashed_at TEXT,"
  "  created_at TEXT NOT NULL);"
  "CREATE INDEX complaints_received ON complaints (received_on);"

  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  entity TEXT,"
  "  entity_id INTEGER,"
  "  detail TEXT);";

/* Version 2: importing and validating data. External references let the
 * validation find duplicate responses; rejected rows of an import are kept
 * with their reasons; validation flags record what each rule found and
 * what the user decided; the pseudonym key makes customer identifiers from
 * imports into keyed hashes that differ from workspace to workspace. */
static const char migration_2[] =
  "ALTER TABLE responses ADD COLUMN external_ref TEXT;"
  "ALTER TABLE responses ADD COLUMN duration_s REAL;"
  "CREATE INDEX responses_external ON responses (survey_id, external_ref);"
  "CREATE INDEX responses_respondent ON responses (survey_id, respondent_ref, responded_on);"
  "ALTER TABLE complaints ADD COLUMN external_ref TEXT;"
  "ALTER TABLE interactions ADD COLUMN external_ref TEXT;"
  "ALTER TABLE observations ADD COLUMN external_ref TEXT;"
  "ALTER TABLE import_batches ADD COLUMN header_rows INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE import_batches ADD COLUMN preset TEXT;"
  "CREATE INDEX import_batches_sha256 ON import_batches (sha256);"

  "CREATE TABLE import_presets ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('interaction', 'survey', 'observation', 'metric', 'complaint')),"
  "  source TEXT,"                         /* the tool the export comes from */
  "  mapping TEXT NOT NULL,"               /* JSON */
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  UNIQUE (name, kind));"

  "CREATE TABLE import_rejects ("
  "  id INTEGER PRIMARY KEY,"
  "  batch_id INTEGER NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,"
  "  line INTEGER NOT NULL,"               /* first line of the record in the file, from 1 */
  "  column_name TEXT,"
  "  value TEXT,"
  "  reason TEXT NOT NULL);"
  "CREATE INDEX import_rejects_batch ON import_rejects (batch_id, line);"

  "CREATE TABLE validation_runs ("
  "  id INTEGER PRIMARY KEY,"
  "  ran_at TEXT NOT NULL,"
  "  settings TEXT);"                      /* JSON: thresholds used */

  "CREATE TABLE validation_flags ("
  "  id INTEGER PRIMARY KEY,"
  "  run_id INTEGER NOT NULL REFERENCES validation_runs (id) ON DELETE CASCADE,"
  "  rule TEXT NOT NULL,"
  "  entity TEXT NOT NULL CHECK (entity IN ('responses', 'observations', 'complaints', 'interactions')),"
  "  entity_id INTEGER NOT NULL,"
  "  detail TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'flagged' CHECK (status IN ('flagged', 'excluded', 'kept')),"
  "  decided_at TEXT,"
  "  UNIQUE (rule, entity, entity_id));"
  "CREATE INDEX validation_flags_entity ON validation_flags (entity, entity_id);"

  "INSERT OR IGNORE INTO settings (key, value)"
  "  VALUES ('pseudonym_key', lower (hex (randomblob (32))));";

/* Version 3: a response keeps its answers in itself, as a JSON object from
 * question id to number or text ({"12":4,"13":"Quick and friendly"}; null
 * for a question left blank, which counts as not answered).
 * Importing a million responses wrote four million answer rows and an
 * index over them; now it writes one row per response. "answers" lives on
 * as a view with the old columns, writable through its triggers, so a
 * query (or a learner with the sqlite3 shell) can still read one answer
 * per row. Recent responses are listed by id, which is the order they
 * were made in, so the index on created_at goes. */
static const char migration_3[] =
  "ALTER TABLE responses ADD COLUMN answers TEXT;"
  "UPDATE responses SET answers ="
  "  (SELECT json_group_object (question_id, coalesce (value_num, value_text))"
  "     FROM answers"
  "    WHERE response_id = responses.id)"
  " WHERE id IN (SELECT response_id FROM answers);"
  "DROP TABLE answers;"
  "DROP INDEX responses_created;"

  "CREATE VIEW answers (response_id, question_id, value_num, value_text) AS"
  "  SELECT r.id, CAST (j.key AS INTEGER),"
  "         CASE WHEN j.type IN ('integer', 'real') THEN j.value END,"
  "         CASE WHEN j.type = 'text' THEN j.value END"
  "    FROM responses r, json_each (r.answers) j;"

  "CREATE TRIGGER answers_insert INSTEAD OF INSERT ON answers"
  " BEGIN"
  "  UPDATE responses"
  "     SET answers = json_set (coalesce (answers, '{}'), '$.\"' || NEW.question_id || '\"',"
  "                             coalesce (NEW.value_num, NEW.value_text))"
  "   WHERE id = NEW.response_id;"
  " END;"

  "CREATE TRIGGER answers_update INSTEAD OF UPDATE ON answers"
  " BEGIN"
  "  UPDATE responses"
  "     SET answers = json_set (json_remove (answers, '$.\"' || OLD.question_id || '\"'),"
  "                             '$.\"' || NEW.question_id || '\"',"
  "                             coalesce (NEW.value_num, NEW.value_text))"
  "   WHERE id = OLD.response_id;"
  " END;"

  "CREATE TRIGGER answers_delete INSTEAD OF DELETE ON answers"
  " BEGIN"
  "  UPDATE responses"
  "     SET answers = nullif (json_remove (answers, '$.\"' || OLD.question_id || '\"'), '{}')"
  "   WHERE id = OLD.response_id;"
  " END;";

/* Version 4: planning a review (units 403 LO2, 401 LO2, 312 LO2, NOS
 * CFACSB14 PC 1-5). The standards service is measured against, which
 * KPIs, criteria and commitments cite; versions of the service offer with
 * the day each was briefed to staff; reviews (cycles) with their scope,
 * objectives, the people they affect, the KPIs they measure and the
 * methods chosen, each with the user's justification; sampling frames,
 * the samples drawn from them (seed recorded) and the monitoring list
 * they make; and the notices that told staff and customers about
 * monitoring, with who acknowledged them. */
static const char migration_4[] =
  "CREATE TABLE standards ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('industry', 'code_of_practice', 'legal',"
  "                                     'organisational', 'charter', 'other')),"
  "  source TEXT NOT NULL,"                /* who sets it: a regulator, the organisation */
  "  reference TEXT,"                      /* clause or section: "SLC 26", "Charter §3" */
  "  title TEXT NOT NULL,"
  "  requirement TEXT NOT NULL,"           /* what it asks, in the user's words */
  "  url TEXT,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  trashed_at TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "ALTER TABLE kpis ADD COLUMN standard_id INTEGER REFERENCES standards (id) ON DELETE SET NULL;"
  "ALTER TABLE criteria ADD COLUMN standard_id INTEGER REFERENCES standards (id) ON DELETE SET NULL;"
  "ALTER TABLE commitments ADD COLUMN standard_id INTEGER REFERENCES standards (id) ON DELETE SET NULL;"

  /* A new version of the offer is a new row (version + 1) with its own
   * commitments; the old one stays as it was. */
  "ALTER TABLE service_offers ADD COLUMN change_summary TEXT;"
  "ALTER TABLE service_offers ADD COLUMN briefed_on TEXT;"
  "ALTER TABLE service_offers ADD COLUMN briefing TEXT;"  /* how staff were told */

  "CREATE TABLE reviews ("
  "  id INTEGER PRIMARY KEY,"
  "  title TEXT NOT NULL,"
  "  period_start TEXT NOT NULL,"
  "  period_end TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'planning'"
  "    CHECK (status IN ('planning', 'collecting', 'evaluating', 'improving', 'closed')),"
  "  scope TEXT,"                          /* scope and boundaries, in words */
  "  processes_in TEXT,"
  "  processes_out TEXT,"
  "  communication TEXT,"                  /* how the aims were communicated */
  "  communicated_on TEXT,"
  "  information TEXT,"                    /* the information to be collected */
  "  trashed_at TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  CHECK (period_start <= period_end));"

  /* Channels and teams in or out of a review; none listed means all in. */
  "CREATE TABLE review_scope ("
  "  review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,"
  "  entity TEXT NOT NULL CHECK (entity IN ('channel', 'team')),"
  "  entity_id INTEGER NOT NULL,"
  "  included INTEGER NOT NULL,"
  "  PRIMARY KEY (review_id, entity, entity_id)) WITHOUT ROWID;"

  "CREATE TABLE review_objectives ("
  "  id INTEGER PRIMARY KEY,"
  "  review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  text TEXT NOT NULL,"                  /* what the review should let them decide */
  "  decision TEXT);"                      /* filled in at the end of the cycle */

  "CREATE TABLE review_people ("
  "  id INTEGER PRIMARY KEY,"
  "  review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL CHECK (role IN ('decision_maker', 'affected')),"
  "  name TEXT NOT NULL,"                  /* a person, a role or a group */
  "  colleague_id INTEGER REFERENCES colleagues (id) ON DELETE SET NULL,"
  "  team_id INTEGER REFERENCES teams (id) ON DELETE SET NULL,"
  "  how_told TEXT,"
  "  told_on TEXT);"

  "CREATE TABLE review_kpis ("
  "  review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,"
  "  kpi_id INTEGER NOT NULL REFERENCES kpis (id) ON DELETE CASCADE,"
  "  feature TEXT,"                        /* the feature of service it measures */
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (review_id, kpi_id)) WITHOUT ROWID;"

  "CREATE TABLE review_methods ("
  "  review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,"
  "  method TEXT NOT NULL CHECK (method IN ('survey', 'focus_group', 'informal_feedback',"
  "    'observation', 'call_listening', 'written_review', 'direct_feedback',"
  "    'mystery_shopping', 'figures', 'complaints', 'staff_absence')),"
  "  justification TEXT NOT NULL CHECK (trim (justification) <> ''),"
  "  details TEXT,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (review_id, method)) WITHOUT ROWID;"

  /* What a sample is drawn from: a filtered set (JSON: period_start,
   * period_end, channel_ids, team_ids, colleague_ids) of interactions,
   * responses or customers, or a population size alone. */
  "CREATE TABLE sampling_frames ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  review_id INTEGER REFERENCES reviews (id) ON DELETE SET NULL,"
  "  entity TEXT NOT NULL CHECK (entity IN ('interactions', 'responses', 'customers', 'population')),"
  "  filter TEXT,"
  "  population INTEGER CHECK (population IS NULL OR population >= 0),"
  "  created_at TEXT NOT NULL);"

  "CREATE TABLE samples ("
  "  id INTEGER PRIMARY KEY,"
  "  review_id INTEGER REFERENCES reviews (id) ON DELETE SET NULL,"
  "  frame_id INTEGER REFERENCES sampling_frames (id) ON DELETE SET NULL,"
  "  frame_name TEXT NOT NULL,"            /* kept if the frame goes */
  "  frame_filter TEXT,"                   /* as it was when drawn */
  "  method TEXT NOT NULL CHECK (method IN ('simple', 'systematic', 'stratified')),"
  "  strata TEXT,"                         /* JSON array: channel, team, colleague, week */
  "  min_per_stratum INTEGER NOT NULL DEFAULT 0,"
  "  population INTEGER NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  confidence REAL,"
  "  margin REAL,"
  "  proportion REAL,"
  "  seed INTEGER NOT NULL,"
  "  drawn_at TEXT NOT NULL);"

  /* The monitoring list the observation form works through. */
  "CREATE TABLE sample_items ("
  "  id INTEGER PRIMARY KEY,"
  "  sample_id INTEGER NOT NULL REFERENCES samples (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  interaction_id INTEGER REFERENCES interactions (id) ON DELETE SET NULL,"
  "  response_id INTEGER REFERENCES responses (id) ON DELETE SET NULL,"
  "  customer_ref TEXT,"                   /* pseudonymised */
  "  colleague_id INTEGER REFERENCES colleagues (id) ON DELETE SET NULL,"
  "  channel_id INTEGER REFERENCES channels (id) ON DELETE SET NULL,"
  "  occurred_on TEXT,"
  "  stratum TEXT,"
  "  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'monitored', 'skipped')),"
  "  skip_reason TEXT,"
  "  observation_id INTEGER REFERENCES observations (id) ON DELETE SET NULL,"
  "  updated_at TEXT,"
  "  CHECK (status <> 'skipped' OR trim (coalesce (skip_reason, '')) <> ''));"
  "CREATE INDEX sample_items_sample ON sample_items (sample_id, position);"

  "CREATE TABLE monitoring_notices ("
  "  id INTEGER PRIMARY KEY,"
  "  review_id INTEGER REFERENCES reviews (id) ON DELETE SET NULL,"
  "  audience TEXT NOT NULL CHECK (audience IN ('staff', 'customers')),"
  "  method TEXT NOT NULL CHECK (method IN ('team_meeting', 'email', 'recorded_message',"
  "                                         'website', 'sign', 'letter', 'other')),"
  "  given_on TEXT NOT NULL,"
  "  team_id INTEGER REFERENCES teams (id) ON DELETE SET NULL,"  /* staff: NULL is everyone */
  "  text TEXT NOT NULL,"
  "  trashed_at TEXT,"
  "  created_at TEXT NOT NULL);"

  "CREATE TABLE notice_acknowledgements ("
  "  notice_id INTEGER NOT NULL REFERENCES monitoring_notices (id) ON DELETE CASCADE,"
  "  colleague_id INTEGER NOT NULL REFERENCES colleagues (id) ON DELETE CASCADE,"
  "  acknowledged_on TEXT NOT NULL,"
  "  PRIMARY KEY (notice_id, colleague_id)) WITHOUT ROWID;";

/* Version 5: a stratified sample keeps its allocation, each stratum's
 * population and share as drawn (JSON: [{"label", "population", "size"}]),
 * so the plan can show it later however the data has changed since. */
static const char migration_5[] =
  "ALTER TABLE samples ADD COLUMN allocation TEXT;";

/* Version 6: evaluating. A codebook of themes (a tree the user edits)
 * with the keyword rules that suggest them; the codes given to comments
 * (a response's comment or text answer, a complaint's description, an
 * observation's comments); the findings the analysis proposes and the
 * user confirms, edits or rejects, with their evidence; and interventions,
 * the changes made on a day that charts mark. */
static const char migration_6[] =
  "CREATE TABLE themes ("
  "  id INTEGER PRIMARY KEY,"
  "  parent_id INTEGER REFERENCES themes (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL CHECK (trim (name) <> ''),"
  "  description TEXT,"
  "  sentiment TEXT CHECK (sentiment IS NULL OR sentiment IN ('positive', 'negative', 'neutral')),"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  archived_at TEXT,"
  "  created_at TEXT NOT NULL);"
  "CREATE UNIQUE INDEX themes_name ON themes (coalesce (parent_id, 0), name COLLATE NOCASE);"

  /* A rule suggests its theme for a comment that contains the words. */
  "CREATE TABLE theme_rules ("
  "  id INTEGER PRIMARY KEY,"
  "  theme_id INTEGER NOT NULL REFERENCES themes (id) ON DELETE CASCADE,"
  "  pattern TEXT NOT NULL CHECK (trim (pattern) <> ''),"
  "  created_at TEXT NOT NULL);"
  "CREATE INDEX theme_rules_theme ON theme_rules (theme_id);"

  /* question_id 0 is the response's own comment. origin: coded by hand,
   * or suggested by a rule and accepted. */
  "CREATE TABLE comment_codes ("
  "  entity TEXT NOT NULL CHECK (entity IN ('response', 'complaint', 'observation')),"
  "  entity_id INTEGER NOT NULL,"
  "  question_id INTEGER NOT NULL DEFAULT 0,"
  "  theme_id INTEGER NOT NULL REFERENCES themes (id) ON DELETE CASCADE,"
  "  origin TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'rule')),"
  "  coded_at TEXT NOT NULL,"
  "  PRIMARY KEY (entity, entity_id, question_id, theme_id)) WITHOUT ROWID;"
  "CREATE INDEX comment_codes_theme ON comment_codes (theme_id);"

  /* key: what a proposed finding is about ("shortfall:kpi:3:2026-09"), so
   * that running the analysis again updates it instead of adding another,
   * and a rejected one stays rejected. evidence: JSON of figures, the
   * period, the chart to show and quotes. */
  "CREATE TABLE findings ("
  "  id INTEGER PRIMARY KEY,"
  "  review_id INTEGER REFERENCES reviews (id) ON DELETE SET NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('shortfall', 'signal', 'strength', 'gap', 'theme', 'own')),"
  "  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'rejected')),"
  "  key TEXT UNIQUE,"
  "  title TEXT NOT NULL CHECK (trim (title) <> ''),"
  "  statement TEXT,"
  "  kpi_id INTEGER REFERENCES kpis (id) ON DELETE SET NULL,"
  "  criterion_id INTEGER REFERENCES criteria (id) ON DELETE SET NULL,"
  "  theme_id INTEGER REFERENCES themes (id) ON DELETE SET NULL,"
  "  standard_id INTEGER REFERENCES standards (id) ON DELETE SET NULL,"
  "  commitment_id INTEGER REFERENCES commitments (id) ON DELETE SET NULL,"
  "  evidence TEXT,"
  "  rejection_reason TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  decided_at TEXT);"
  "CREATE INDEX findings_review ON findings (review_id, status);"

  /* kpi_id NULL: a change that concerns every KPI. */
  "CREATE TABLE interventions ("
  "  id INTEGER PRIMARY KEY,"
  "  kpi_id INTEGER REFERENCES kpis (id) ON DELETE CASCADE,"
  "  day TEXT NOT NULL,"
  "  label TEXT NOT NULL CHECK (trim (label) <> ''),"
  "  created_at TEXT NOT NULL);"
  "CREATE INDEX interventions_day ON interventions (day);";

/* Version 7: collecting. Observations can be re-scored after a colleague
 * disagrees (the original is kept, excluded, and points to its
 * replacement) and remember how long a live observation took.
 * Calibration sessions: several evaluators score the same interaction
 * blind, then the scores are revealed and a consensus agreed. Feedback
 * sessions with a colleague, started from observations, with agreed
 * actions. Informal feedback from customers (comment cards, social media,
 * ...). */
static const char migration_7[] =
  "ALTER TABLE observations ADD COLUMN superseded_by INTEGER REFERENCES observations (id) ON DELETE SET NULL;"
  "ALTER TABLE observations ADD COLUMN rescore_reason TEXT;"
  "ALTER TABLE observations ADD COLUMN duration_seconds INTEGER CHECK (duration_seconds IS NULL OR duration_seconds >= 0);"
  "ALTER TABLE observations ADD COLUMN mode TEXT NOT NULL DEFAULT 'standard' CHECK (mode IN ('standard', 'face_to_face', 'calibration'));"
  "CREATE INDEX observations_colleague ON observations (colleague_id, observed_on);"

  "CREATE TABLE calibration_sessions ("
  "  id INTEGER PRIMARY KEY,"
  "  title TEXT NOT NULL CHECK (trim (title) <> ''),"
  "  held_on TEXT NOT NULL,"
  "  scorecard_id INTEGER NOT NULL REFERENCES scorecards (id),"
  "  interaction_id INTEGER REFERENCES interactions (id) ON DELETE SET NULL,"
  "  colleague_id INTEGER REFERENCES colleagues (id) ON DELETE SET NULL,"
  "  channel_id INTEGER REFERENCES channels (id) ON DELETE SET NULL,"
  "  reference TEXT,"
  "  state TEXT NOT NULL DEFAULT 'scoring' CHECK (state IN ('scoring', 'revealed', 'agreed')),"
  "  consensus_score REAL,"
  "  notes TEXT,"
  "  trashed_at TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"

  /* One row per evaluator taking part; submitted_at NULL while scoring. */
  "CREATE TABLE calibration_evaluators ("
  "  session_id INTEGER NOT NULL REFERENCES calibration_sessions (id) ON DELETE CASCADE,"
  "  evaluator TEXT NOT NULL CHECK (trim (evaluator) <> ''),"
  "  score REAL,"
  "  critical_failed INTEGER NOT NULL DEFAULT 0,"
  "  submitted_at TEXT,"
  "  PRIMARY KEY (session_id, evaluator)) WITHOUT ROWID;"

  /* value NULL is N/A, as in observation_scores. */
  "CREATE TABLE calibration_scores ("
  "  session_id INTEGER NOT NULL REFERENCES calibration_sessions (id) ON DELETE CASCADE,"
  "  evaluator TEXT NOT NULL,"
  "  criterion_id INTEGER NOT NULL REFERENCES criteria (id),"
  "  value REAL,"
  "  note TEXT,"
  "  PRIMARY KEY (session_id, evaluator, criterion_id),"
  "  FOREIGN KEY (session_id, evaluator) REFERENCES calibration_evaluators (session_id, evaluator) ON DELETE CASCADE) WITHOUT ROWID;"

  "CREATE TABLE calibration_consensus ("
  "  session_id INTEGER NOT NULL REFERENCES calibration_sessions (id) ON DELETE CASCADE,"
  "  criterion_id INTEGER NOT NULL REFERENCES criteria (id),"
  "  value REAL,"
  "  note TEXT,"
  "  PRIMARY KEY (session_id, criterion_id)) WITHOUT ROWID;"

  "CREATE TABLE feedback_sessions ("
  "  id INTEGER PRIMARY KEY,"
  "  colleague_id INTEGER NOT NULL REFERENCES colleagues (id) ON DELETE CASCADE,"
  "  held_on TEXT NOT NULL,"
  "  given_by TEXT,"
  "  strengths TEXT,"
  "  improvements TEXT,"
  "  colleague_comments TEXT,"
  "  disagrees INTEGER NOT NULL DEFAULT 0,"
  "  acknowledged_on TEXT,"
  "  trashed_at TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX feedback_sessions_colleague ON feedback_sessions (colleague_id, held_on);"

  "CREATE TABLE feedback_observations ("
  "  feedback_id INTEGER NOT NULL REFERENCES feedback_sessions (id) ON DELETE CASCADE,"
  "  observation_id INTEGER NOT NULL REFERENCES observations (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (feedback_id, observation_id)) WITHOUT ROWID;"

  "CREATE TABLE feedback_actions ("
  "  id INTEGER PRIMARY KEY,"
  "  feedback_id INTEGER NOT NULL REFERENCES feedback_sessions (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  action TEXT NOT NULL CHECK (trim (action) <> ''),"
  "  due_on TEXT,"
  "  done_on TEXT);"

  "CREATE TABLE informal_feedback ("
  "  id INTEGER PRIMARY KEY,"
  "  source TEXT NOT NULL CHECK (source IN ('comment_card', 'social_media', 'email', 'face_to_face', 'phone', 'other')),"
  "  received_on TEXT NOT NULL,"
  "  text TEXT NOT NULL CHECK (trim (text) <> ''),"
  "  sentiment TEXT NOT NULL DEFAULT 'neutral' CHECK (sentiment IN ('positive', 'neutral', 'negative')),"
  "  colleague_id INTEGER REFERENCES colleagues (id) ON DELETE SET NULL,"
  "  channel_id INTEGER REFERENCES channels (id) ON DELETE SET NULL,"
  "  trashed_at TEXT,"
  "  created_at TEXT NOT NULL);"
  "CREATE INDEX informal_feedback_received ON informal_feedback (received_on);";

/* Version 8: informal feedback (comment cards, social media posts…) is
 * coded with themes like any other comment, so comment_codes takes it
 * (SQLite cannot change a CHECK: the table is rebuilt). */
static const char migration_8[] =
  "CREATE TABLE comment_codes_new ("
  "  entity TEXT NOT NULL CHECK (entity IN ('response', 'complaint', 'observation', 'informal_feedback')),"
  "  entity_id INTEGER NOT NULL,"
  "  question_id INTEGER NOT NULL DEFAULT 0,"
  "  theme_id INTEGER NOT NULL REFERENCES themes (id) ON DELETE CASCADE,"
  "  origin TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'rule')),"
  "  coded_at TEXT NOT NULL,"
  "  PRIMARY KEY (entity, entity_id, question_id, theme_id)) WITHOUT ROWID;"
  "INSERT INTO comment_codes_new (entity, entity_id, question_id, theme_id, origin, coded_at)"
  "  SELECT entity, entity_id, question_id, theme_id, origin, coded_at FROM comment_codes;"
  "DROP TABLE comment_codes;"
  "ALTER TABLE comment_codes_new RENAME TO comment_codes;"
  "CREATE INDEX comment_codes_theme ON comment_codes (theme_id);";

/* Version 9: validation finds duplicate responses by sorting the table
 * once (pl-validate.c), which is faster than walking these two indexes;
 * nothing else reads them, and an import of a million rows spent three
 * seconds building them again. */
static const char migration_9[] =
  "DROP INDEX IF EXISTS responses_external;"
  "DROP INDEX IF EXISTS responses_respondent;";

static const char * const migrations[] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
  migration_8,
  migration_9,
};

int
pl_schema_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

/* Runs every step after @from_version inside one transaction, so that a
 * failure leaves the database exactly as it was. */
gboolean
pl_schema_migrate (sqlite3  *db,
                   int       from_version,
                   GError  **error)
{
  return pl_schema_migrate_to (db, from_version, pl_schema_latest_version (), error);
}

/* The steps from @from_version up to @to_version only: tests make
 * workspaces of older versions with it. */
gboolean
pl_schema_migrate_to (sqlite3  *db,
                      int       from_version,
                      int       to_version,
                      GError  **error)
{
  int latest = to_version;
  char *errmsg = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (to_version <= pl_schema_latest_version (), FALSE);
  g_return_val_if_fail (from_version >= 0 && from_version <= latest, FALSE);

  if (from_version == latest)
    return TRUE;

  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, &errmsg) != SQLITE_OK)
    goto failed;

  for (int v = from_version; v < latest; v++)
    {
      g_autofree char *set_version = NULL;

      g_debug ("Migrating workspace schema from version %d to %d", v, v + 1);

      if (sqlite3_exec (db, migrations[v], NULL, NULL, &errmsg) != SQLITE_OK)
        goto failed;

      set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
      if (sqlite3_exec (db, set_version, NULL, NULL, &errmsg) != SQLITE_OK)
        goto failed;
    }

  if (sqlite3_exec (db, "COMMIT", NULL, NULL, &errmsg) != SQLITE_OK)
    goto failed;

  return TRUE;

failed:
  g_set_error (error, PL_ERROR, PL_ERROR_MIGRATION,
               _("Could not upgrade the workspace from version %d: %s. "
                 "The workspace has not been changed."),
               from_version, errmsg != NULL ? errmsg : sqlite3_errmsg (db));
  sqlite3_free (errmsg);
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}
