-- The PostgreSQL engine's queries, each under its name. A section starts with a line
-- `-- name --`, then comment lines that say what the query does, then the query, with its
-- parameters as %(name)s. Python holds no SQL: it asks for a query by name.

-- migrations_table_exists --
-- Whether this database has ever been set up by lesaitutte. Read from the catalog rather
-- than with to_regclass(), which may answer from this session's cache: a command that waited
-- for the migration lock must see the table that another one has just created.
SELECT EXISTS (
    SELECT FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'lesaitutte_migrations'
);

-- tables_in_schema --
-- How many tables the schema we would create ours in already holds (before our first migration).
SELECT count(*) FROM pg_tables WHERE schemaname = current_schema();

-- schema_version --
-- The newest migration applied (0 before the first).
SELECT coalesce(max(version), 0) FROM lesaitutte_migrations;

-- lock_migrations --
-- Held until the transaction ends: two first commands on a new database do not both migrate it.
SELECT pg_advisory_xact_lock(hashtext('lesaitutte_migrations'));

-- create_migrations_table --
-- The record of which migrations this database has had, and when.
CREATE TABLE IF NOT EXISTS lesaitutte_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- record_migration --
-- Note one migration as applied.
INSERT INTO lesaitutte_migrations (version, name) VALUES (%(version)s, %(name)s);

-- listen_for_open_questions --
-- Be told (at commit) of each category where a question became open: asked, released, or
-- back from an expired claim. The payload is the category's id (see 0001_initial.sql).
LISTEN lesaitutte_open_questions;


-- Settings

-- identity_policy --
-- The one setting every command reads first.
SELECT identity FROM settings;

-- settings --
-- The community's settings (the migration inserted the one row with the defaults).
SELECT identity, pair_points_per_day, certification_months, certification_months_since, language FROM settings;

-- save_settings --
-- Replace the settings.
UPDATE settings
SET identity = %(identity)s,
    pair_points_per_day = %(pair_points_per_day)s,
    certification_months = %(certification_months)s,
    certification_months_since = %(certification_months_since)s,
    language = %(language)s;

-- written_in --
-- The language of the questions whose words do not say which.
SELECT language FROM settings;


-- Users and categories

-- user --
-- The user of that name in any case, with the certifications they hold and when each was
-- granted. The row stays locked until the command ends: two commands changing one user
-- (two trainers certifying them at once) take turns instead of one undoing the other.
SELECT u.name, u.registered_at, u.roles,
       ARRAY(SELECT c.category FROM certifications AS c WHERE c.user_name = u.name ORDER BY c.category)
           AS certifications,
       (SELECT coalesce(json_agg(json_build_array(c.category, c.granted_at) ORDER BY c.category), '[]')
        FROM certifications AS c WHERE c.user_name = u.name AND c.granted_at IS NOT NULL) AS grants
FROM users AS u
WHERE lower(u.name) = lower(%(name)s)
FOR NO KEY UPDATE OF u;

-- users --
-- Every user, in the order they joined; certified_only: those holding a certification.
SELECT u.name, u.registered_at, u.roles,
       ARRAY(SELECT c.category FROM certifications AS c WHERE c.user_name = u.name ORDER BY c.category)
           AS certifications,
       (SELECT coalesce(json_agg(json_build_array(c.category, c.granted_at) ORDER BY c.category), '[]')
        FROM certifications AS c WHERE c.user_name = u.name AND c.granted_at IS NOT NULL) AS grants
FROM users AS u
WHERE NOT %(certified_only)s OR EXISTS (SELECT FROM certifications AS c WHERE c.user_name = u.name)
ORDER BY u.joined;

-- lock_users --
-- Until the command ends, no other command adds or changes a user, nor reads them all.
-- Commands that read one user (FOR NO KEY UPDATE) or only look are not held up.
LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE;

-- save_user --
-- Add the user, or replace the stored user of the same name.
INSERT INTO users (name, registered_at, roles)
VALUES (%(name)s, %(registered_at)s, %(roles)s)
ON CONFLICT (name) DO UPDATE SET registered_at = excluded.registered_at, roles = excluded.roles;

-- drop_certifications --
-- The user's certifications that are not among those given (revoked or lapsed).
DELETE FROM certifications WHERE user_name = %(name)s AND NOT category = ANY(%(categories)s);

-- save_certifications --
-- The user's certifications with their grant times (null: not known).
INSERT INTO certifications (user_name, category, granted_at)
SELECT %(name)s, held.category, held.granted_at
FROM unnest(%(categories)s::text[], %(granted)s::timestamptz[]) AS held (category, granted_at)
ON CONFLICT (user_name, category) DO UPDATE SET granted_at = excluded.granted_at
WHERE certifications.granted_at IS DISTINCT FROM excluded.granted_at;

-- categories --
-- Every category, in the order they were added.
SELECT id, title FROM categories ORDER BY added;

-- category --
SELECT id, title FROM categories WHERE id = %(id)s;

-- save_category --
INSERT INTO categories (id, title) VALUES (%(id)s, %(title)s)
ON CONFLICT (id) DO UPDATE SET title = excluded.title;


-- Questions

-- next_question_ids --
-- `count` new ids from the questions' sequence: the first and last drawn (consecutive
-- unless another command drew one in between; the caller then draws again).
SELECT min(id) AS first, max(id) AS last
FROM (SELECT nextval(pg_get_serial_sequence('questions', 'id')) AS id FROM generate_series(1, %(count)s)) AS drawn;

-- last_question_id --
-- The last question id handed out (0 before the first).
SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM questions_id_seq;

-- question --
-- The question with that id, locked until the command ends: two commands acting on one
-- question (two experts claiming it) take turns, and the second sees what the first did.
SELECT * FROM question_records WHERE id = %(id)s FOR UPDATE;

-- questions --
-- The questions that match every filter given (a null filter matches all), in id order.
SELECT *
FROM question_records
WHERE (%(statuses)s::text[] IS NULL OR status = ANY(%(statuses)s))
  AND (%(categories)s::text[] IS NULL OR category = ANY(%(categories)s))
  AND (%(involving)s::text IS NULL OR %(involving)s IN (asker, claimed_by, answered_by))
ORDER BY id;

-- save_question --
-- Add the question, or replace the stored version of it (its history and expired claims
-- follow, in save_question_events and save_expired_claims).
INSERT INTO questions (id, category, text, asker, created_at, status, claimed_by, claimed_at,
                       claim_deadline, answered_by, answer, answered_at, rating, rated_at, bounty,
                       bounty_since, search_terms, search_language)
VALUES (%(id)s, %(category)s, %(text)s, %(asker)s, %(created_at)s, %(status)s, %(claimed_by)s,
        %(claimed_at)s, %(claim_deadline)s, %(answered_by)s, %(answer)s, %(answered_at)s, %(rating)s,
        %(rated_at)s, %(bounty)s, %(bounty_since)s, %(search_terms)s, %(search_language)s)
ON CONFLICT (id) DO UPDATE SET
    category = excluded.category, text = excluded.text, asker = excluded.asker,
    created_at = excluded.created_at, status = excluded.status, claimed_by = excluded.claimed_by,
    claimed_at = excluded.claimed_at, claim_deadline = excluded.claim_deadline,
    answered_by = excluded.answered_by, answer = excluded.answer, answered_at = excluded.answered_at,
    rating = excluded.rating, rated_at = excluded.rated_at, bounty = excluded.bounty,
    bounty_since = excluded.bounty_since, search_terms = excluded.search_terms,
    search_language = excluded.search_language;

-- save_question_events --
-- A question's history: a history only grows, so the steps already stored stay as they are.
INSERT INTO question_events (question_id, position, at, kind, actor, detail)
SELECT %(id)s, step.position - 1, step.at, step.kind, step.actor, step.detail
FROM unnest(%(ats)s::timestamptz[], %(kinds)s::text[], %(actors)s::text[], %(details)s::text[])
     WITH ORDINALITY AS step (at, kind, actor, detail, position)
ON CONFLICT (question_id, position) DO NOTHING;

-- save_expired_claims --
-- The experts whose claim on the question expired (never forgotten).
INSERT INTO expired_claims (question_id, expert, deadline)
SELECT %(id)s, gone.expert, gone.deadline
FROM unnest(%(experts)s::text[], %(deadlines)s::timestamptz[]) AS gone (expert, deadline)
ON CONFLICT (question_id, expert) DO NOTHING;

-- move_question_ids_past --
-- After a seed copied questions with ids of its own: new ids start after the largest.
SELECT setval(pg_get_serial_sequence('questions', 'id'),
              greatest((SELECT max(id) FROM questions), (SELECT last_value FROM questions_id_seq)));

-- awaiting_rating --
-- The asker's answered questions that wait for their rating, in id order.
SELECT * FROM question_records WHERE asker = %(asker)s AND status = 'answered' ORDER BY id;


-- Claims

-- overdue_claims --
-- Claims whose deadline has come, locked: two commands starting together do not both
-- expire one claim (the second waits, then finds the question open and passes over it).
SELECT * FROM question_records
WHERE id IN (SELECT id FROM questions WHERE status = 'claimed' AND claim_deadline <= %(now)s)
ORDER BY id
FOR UPDATE;

-- claim_held_by --
-- The question the expert holds a claim on, if any.
SELECT * FROM question_records
WHERE id = (SELECT id FROM questions WHERE status = 'claimed' AND claimed_by = %(expert)s);

-- next_claimable --
-- claim --next: the first open question the expert may take (highest bounty, then the
-- earliest asked), in the categories they are certified in, not their own, and none whose
-- claim of theirs ever expired. SKIP LOCKED: a question another command is taking or
-- looking at is passed over, so experts pressing claim --next together never wait on each
-- other and never get the same question. The row stays locked until the command ends.
WITH candidate AS (
    SELECT q.id
    FROM questions AS q
    WHERE q.status = 'open'
      AND q.category = ANY(%(categories)s)
      AND q.asker <> %(expert)s
      AND NOT EXISTS (SELECT FROM expired_claims AS x WHERE x.question_id = q.id AND x.expert = %(expert)s)
    ORDER BY q.bounty DESC, q.created_at, q.id
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
SELECT * FROM question_records WHERE id = (SELECT id FROM candidate);

-- held_bounties --
-- Open or claimed questions holding a bounty offered at or before that moment, locked as the
-- questions a command goes on to change.
SELECT * FROM question_records
WHERE id IN (SELECT id FROM questions
             WHERE bounty > 0 AND status IN ('open', 'claimed') AND bounty_since <= %(before)s)
ORDER BY id
FOR UPDATE;


-- Points

-- add_ledger_entry --
-- One more entry; the balances follow by trigger.
INSERT INTO ledger (user_name, amount, kind, at, reason, question_id, redemption_id, adjusted_by)
VALUES (%(user)s, %(amount)s, %(kind)s, %(at)s, %(reason)s, %(question)s, %(redemption)s, %(by)s);

-- ledger --
-- Entries (of one user, made at `since` or later, when given) in the order they were added.
SELECT user_name, amount, kind, at, reason, question_id, redemption_id, adjusted_by
FROM ledger
WHERE (%(user)s::text IS NULL OR user_name = %(user)s)
  AND (%(since)s::timestamptz IS NULL OR at >= %(since)s)
ORDER BY id;

-- pair_ledger --
-- An expert's entries made at `since` or later for the questions one asker asked, in the
-- order they were added.
SELECT l.user_name, l.amount, l.kind, l.at, l.reason, l.question_id, l.redemption_id, l.adjusted_by
FROM ledger AS l
JOIN questions AS q ON q.id = l.question_id
WHERE l.user_name = %(user)s AND l.at >= %(since)s AND q.asker = %(asker)s
ORDER BY l.id;

-- totals --
-- A user's balance and points earned (kept by the ledger's trigger), and their answers.
SELECT coalesce((SELECT balance FROM balances WHERE user_name = %(user)s), 0) AS balance,
       coalesce((SELECT earned FROM balances WHERE user_name = %(user)s), 0) AS earned,
       count(*) AS answers,
       count(rating) AS rated,
       count(*) FILTER (WHERE rating = 'up') AS rated_up
FROM questions
WHERE answered_by = %(user)s;

-- standings --
-- One leaderboard line per user with points earned or an answer given at `since` or later
-- (all time when null), in one category or all: points from the earning entries, answers
-- from the questions. All time in every category, the points are those the ledger's trigger
-- keeps as each user's earned (the earning kinds, which check holds to a recount) rather than
-- a sum over every entry: 0.2 s less at 1,000,000 questions.
WITH points AS (
    SELECT user_name, earned AS points
    FROM balances
    WHERE %(since)s::timestamptz IS NULL AND %(category)s::text IS NULL AND earned > 0
    UNION ALL
    SELECT l.user_name, sum(l.amount) AS points
    FROM ledger AS l
    LEFT JOIN questions AS q ON q.id = l.question_id
    WHERE NOT (%(since)s::timestamptz IS NULL AND %(category)s::text IS NULL)
      AND l.kind = ANY(%(earning_kinds)s)
      AND (%(since)s::timestamptz IS NULL OR l.at >= %(since)s)
      AND (%(category)s::text IS NULL OR q.category = %(category)s)
    GROUP BY l.user_name
), answers AS (
    SELECT answered_by AS user_name, count(*) AS answers, count(rating) AS rated,
           count(*) FILTER (WHERE rating = 'up') AS rated_up
    FROM questions
    WHERE answered_by IS NOT NULL
      AND (%(since)s::timestamptz IS NULL OR answered_at >= %(since)s)
      AND (%(category)s::text IS NULL OR category = %(category)s)
    GROUP BY answered_by
)
SELECT coalesce(p.user_name, a.user_name) AS user_name, coalesce(p.points, 0) AS points,
       coalesce(a.answers, 0) AS answers, coalesce(a.rated, 0) AS rated, coalesce(a.rated_up, 0) AS rated_up
FROM points AS p FULL JOIN answers AS a ON a.user_name = p.user_name;


-- Rewards and redemptions

-- reward --
-- The reward, locked until the command ends: two redemptions of the last one in stock take turns.
SELECT id, title, cost, stock, retired FROM rewards WHERE id = %(id)s FOR UPDATE;

-- rewards --
-- Every reward, retired ones included, in the order they were added.
SELECT id, title, cost, stock, retired FROM rewards ORDER BY added;

-- save_reward --
INSERT INTO rewards (id, title, cost, stock, retired) VALUES (%(id)s, %(title)s, %(cost)s, %(stock)s, %(retired)s)
ON CONFLICT (id) DO UPDATE SET
    title = excluded.title, cost = excluded.cost, stock = excluded.stock, retired = excluded.retired;

-- delete_reward --
DELETE FROM rewards WHERE id = %(id)s;

-- next_redemption_id --
SELECT nextval(pg_get_serial_sequence('redemptions', 'id'));

-- add_redemption --
INSERT INTO redemptions (id, user_name, reward, title, cost, voucher, at)
VALUES (%(id)s, %(user)s, %(reward)s, %(title)s, %(cost)s, %(voucher)s, %(at)s);

-- redemptions --
-- Every redemption (of one user, when given), in id order.
SELECT id, user_name, reward, title, cost, voucher, at
FROM redemptions
WHERE %(user)s::text IS NULL OR user_name = %(user)s
ORDER BY id;


-- Exams and certifications

-- exam_banks --
-- Every exam bank (of one category, when given) with its questions in the order imported.
SELECT b.category, b.questions_per_attempt, b.pass_mark, b.retry_after_hours,
       (SELECT coalesce(json_agg(json_build_array(q.id, q.text, q.choices, q.answer) ORDER BY q.position), '[]')
        FROM exam_questions AS q WHERE q.category = b.category) AS questions
FROM exam_banks AS b
WHERE %(category)s::text IS NULL OR b.category = %(category)s
ORDER BY b.imported;

-- save_exam_bank --
INSERT INTO exam_banks (category, questions_per_attempt, pass_mark, retry_after_hours)
VALUES (%(category)s, %(questions_per_attempt)s, %(pass_mark)s, %(retry_after_hours)s)
ON CONFLICT (category) DO UPDATE SET
    questions_per_attempt = excluded.questions_per_attempt, pass_mark = excluded.pass_mark,
    retry_after_hours = excluded.retry_after_hours;

-- drop_exam_questions --
-- A bank's questions, before it is saved again whole.
DELETE FROM exam_questions WHERE category = %(category)s;

-- add_exam_question --
INSERT INTO exam_questions (category, id, position, text, choices, answer)
VALUES (%(category)s, %(id)s, %(position)s, %(text)s, %(choices)s, %(answer)s);

-- next_attempt_id --
SELECT nextval(pg_get_serial_sequence('exam_attempts', 'id'));

-- attempts --
-- Every attempt (with that id, or of that user, when given) with its answers, in id order.
SELECT a.id, a.user_name, a.category, a.started_at, a.questions, a.pass_mark, a.finished_at,
       a.correct, a.passed, a.interrupted,
       (SELECT coalesce(json_agg(json_build_array(x.question, x.choices) ORDER BY x.position), '[]')
        FROM exam_answers AS x WHERE x.attempt_id = a.id) AS answers
FROM exam_attempts AS a
WHERE (%(id)s::bigint IS NULL OR a.id = %(id)s)
  AND (%(user)s::text IS NULL OR a.user_name = %(user)s)
ORDER BY a.id;

-- save_attempt --
INSERT INTO exam_attempts (id, user_name, category, started_at, questions, pass_mark, finished_at,
                           correct, passed, interrupted)
VALUES (%(id)s, %(user)s, %(category)s, %(started_at)s, %(questions)s, %(pass_mark)s, %(finished_at)s,
        %(correct)s, %(passed)s, %(interrupted)s)
ON CONFLICT (id) DO UPDATE SET
    finished_at = excluded.finished_at, correct = excluded.correct, passed = excluded.passed,
    interrupted = excluded.interrupted, questions = excluded.questions, pass_mark = excluded.pass_mark;

-- drop_exam_answers --
DELETE FROM exam_answers WHERE attempt_id = %(id)s;

-- save_exam_answers --
INSERT INTO exam_answers (attempt_id, position, question, choices)
SELECT %(id)s, answer.position - 1, answer.question, ARRAY(SELECT json_array_elements_text(answer.choices)::int)
FROM unnest(%(questions)s::text[], %(choices)s::json[]) WITH ORDINALITY AS answer (question, choices, position);

-- add_certification_change --
INSERT INTO certification_changes (user_name, category, action, changed_by, at, reason, attempt_id)
VALUES (%(user)s, %(category)s, %(action)s, %(by)s, %(at)s, %(reason)s, %(attempt)s);

-- certification_changes --
-- Every certification change (of one user, when given) in the order they were made.
SELECT user_name, category, action, changed_by, at, reason, attempt_id
FROM certification_changes
WHERE %(user)s::text IS NULL OR user_name = %(user)s
ORDER BY id;


-- Whole-community questions

-- search --
-- Answered and rated questions (of one category, when given) holding any of the query's
-- terms, with at least `needed` of them, best first by ts_rank_cd; at equal score an
-- answer rated up first, then the lower id. Each hit says which of the terms it holds.
-- Ranked and cut to `limit` over the questions table and its GIN index alone: only the hits
-- kept are joined to their records (history and expired claims), and the terms each holds
-- are worked out before the cut only when `needed` asks for more than one. `match` is a
-- tsquery the index can narrow by (at best, any `needed` of the terms together); the score
-- is over any of the terms. Each term is looked for as an English question holds it and as
-- an Italian one does, through the 'italian' configuration (migration 0002).
WITH query AS (
    SELECT to_tsquery('simple', array_to_string(%(terms)s::text[], ' | '))
               || to_tsquery('italian', array_to_string(%(terms)s::text[], ' | ')) AS terms,
           to_tsquery('simple', %(match)s) || to_tsquery('italian', %(match)s) AS match,
           ARRAY(SELECT to_tsquery('simple', term) || to_tsquery('italian', term)
                 FROM unnest(%(terms)s::text[]) WITH ORDINALITY AS t (term, position)
                 ORDER BY position) AS each_term
), ranked AS (
    SELECT q.id, ts_rank_cd(q.search, query.terms) AS score, coalesce(q.rating = 'up', false) AS rated_up
    FROM questions AS q, query
    WHERE q.search @@ query.match
      AND q.status IN ('answered', 'rated')
      AND (%(category)s::text IS NULL OR q.category = %(category)s)
      AND (%(needed)s <= 1 OR (SELECT count(*) FROM unnest(query.each_term) AS one
                               WHERE q.search @@ one) >= %(needed)s)
    ORDER BY score DESC, rated_up DESC, q.id
    LIMIT %(limit)s
)
SELECT r.*, ranked.score,
       ARRAY(SELECT t.term FROM unnest(%(terms)s::text[], query.each_term) AS t (term, one)
             WHERE q.search @@ t.one) AS matched
FROM ranked
CROSS JOIN query
JOIN questions AS q ON q.id = ranked.id
JOIN question_records AS r ON r.id = ranked.id
ORDER BY ranked.score DESC, ranked.rated_up DESC, ranked.id;

-- answered_texts --
-- What search reads of every answered question, to read it again (reindex_search).
SELECT id, text, answer FROM questions WHERE status IN ('answered', 'rated') ORDER BY id;

-- save_search_terms --
-- Answered questions' terms read again, with the language each was read in.
UPDATE questions AS q
SET search_terms = read.terms, search_language = read.language
FROM unnest(%(ids)s::bigint[], %(terms)s::text[], %(languages)s::text[]) AS read (id, terms, language)
WHERE q.id = read.id;

-- report_figures --
-- The report's figures over the questions asked in [since, until) (of one category, when
-- given): overall (the row whose `overall` is true) and per category. Times are seconds from
-- the asking; a negative one (the clock was set back) is left out. p90 is the nearest rank,
-- as the domain's percentile: the smallest time with 90%% of them at or below it.
-- Each question's first claim and its expiries are joined from the history as a whole (merge
-- joins in id order) rather than looked up question by question: at 1,000,000 questions the
-- two million lookups took 6 of the query's 8 seconds.
WITH asked AS (
    SELECT q.category, q.status, q.rating,
           extract(epoch FROM q.answered_at - q.created_at)::float8 AS to_answer,
           extract(epoch FROM first_claim.at - q.created_at)::float8 AS to_claim,
           coalesce(expiries.expired, 0) AS expired
    FROM questions AS q
    LEFT JOIN (SELECT DISTINCT ON (question_id) question_id, at FROM question_events
               WHERE kind = 'claimed' ORDER BY question_id, position) AS first_claim ON first_claim.question_id = q.id
    LEFT JOIN (SELECT question_id, count(*) AS expired FROM question_events
               WHERE kind = 'expired' GROUP BY question_id) AS expiries ON expiries.question_id = q.id
    WHERE (%(since)s::timestamptz IS NULL OR q.created_at >= %(since)s)
      AND (%(until)s::timestamptz IS NULL OR q.created_at < %(until)s)
      AND (%(category)s::text IS NULL OR q.category = %(category)s)
)
SELECT grouping(category) = 1 AS overall, category,
       count(*) AS questions,
       count(*) FILTER (WHERE status IN ('answered', 'rated')) AS answered,
       count(*) FILTER (WHERE status IN ('answered', 'rated') AND rating IS NOT NULL) AS rated,
       count(*) FILTER (WHERE status IN ('answered', 'rated') AND rating = 'up') AS rated_up,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY to_claim) FILTER (WHERE to_claim >= 0) AS median_time_to_claim_s,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY to_answer) FILTER (WHERE to_answer >= 0) AS median_time_to_answer_s,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY to_answer) FILTER (WHERE to_answer >= 0) AS p90_time_to_answer_s,
       count(*) FILTER (WHERE to_answer >= 0) AS timed,
       count(*) FILTER (WHERE to_answer >= 0 AND to_answer <= %(five_minutes)s) AS within_5_min,
       coalesce(sum(expired), 0)::bigint AS expired_claims,
       count(*) FILTER (WHERE status IN ('open', 'claimed')) AS open_now
FROM asked
GROUP BY GROUPING SETS ((), (category))
ORDER BY overall DESC, category;

-- report_answers --
-- The answers to the questions asked in the period, counted two ways in one pass. Per expert
-- (the rows whose `by_expert` is true): how many, how many rated and rated up, and the median
-- time to answer. Per band of time to answer (the others; seconds, not negative): how many.
-- A band is numbered by how many of the bands' upper bounds lie strictly below the time, so
-- that a time equal to a bound falls in that bound's band, as the domain counts. width_bucket
-- counts the thresholds at or below a value, so it is given the bounds negated, in ascending
-- order (`negated_bounds`), and the negated time: what it counts are the bounds at or above the
-- time, and the rest lie below. (A subquery over the bounds for each answer took 4 s at
-- 1,000,000 answers.)
SELECT grouping(answered_by) = 0 AS by_expert, answered_by AS expert, band,
       count(*) AS answers, count(rating) AS rated, count(*) FILTER (WHERE rating = 'up') AS rated_up,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY to_answer) FILTER (WHERE to_answer >= 0) AS median_time_to_answer_s
FROM (
    SELECT answered_by, rating, to_answer,
           CASE WHEN to_answer >= 0
                THEN cardinality(%(negated_bounds)s::float8[]) - width_bucket(-to_answer, %(negated_bounds)s::float8[])
           END AS band
    FROM (
        SELECT answered_by, rating, extract(epoch FROM answered_at - created_at)::float8 AS to_answer
        FROM questions
        WHERE answered_by IS NOT NULL
          AND (%(since)s::timestamptz IS NULL OR created_at >= %(since)s)
          AND (%(until)s::timestamptz IS NULL OR created_at < %(until)s)
          AND (%(category)s::text IS NULL OR category = %(category)s)
    ) AS timed
) AS answers
GROUP BY GROUPING SETS ((answered_by), (band))
ORDER BY by_expert DESC, expert, band;

-- report_certifications --
-- How many certification changes of each of the given actions were made in the period, per category.
SELECT category, action, count(*) AS changes
FROM certification_changes
WHERE action = ANY(%(actions)s)
  AND (%(since)s::timestamptz IS NULL OR at >= %(since)s)
  AND (%(until)s::timestamptz IS NULL OR at < %(until)s)
  AND (%(category)s::text IS NULL OR category = %(category)s)
GROUP BY category, action;

-- history_questions --
-- The questions a user took a step in, or whose answer of theirs was rated: the questions
-- history USER tells of, in id order.
SELECT * FROM question_records
WHERE id IN (SELECT question_id FROM question_events WHERE actor = %(user)s
             UNION
             SELECT id FROM questions WHERE answered_by = %(user)s)
ORDER BY id;

-- record_counts --
-- How many records of each kind the store holds, for check.
SELECT (SELECT count(*) FROM users) AS users,
       (SELECT count(*) FROM questions) AS questions,
       (SELECT count(*) FROM ledger) AS ledger,
       (SELECT count(*) FROM rewards) AS rewards,
       (SELECT count(*) FROM redemptions) AS redemptions,
       (SELECT count(*) FROM exam_attempts) AS attempts;

-- check_without_jit --
-- For the rest of check's transaction: the planner's estimate for check_problems is past the
-- thresholds at which PostgreSQL compiles a query (jit_optimize_above_cost), and at 1,000,000
-- questions compiling it took 2.6 s, more than running it does (1.1 s).
SET LOCAL jit = off;

-- check_problems --
-- check: every invariant of domain.invariants that the schema's constraints do not already
-- hold, and the engine's own bookkeeping (the balances kept by trigger): one row per problem
-- found, its code in domain.invariants.PROBLEMS and its template's values, in the order the
-- file engine finds them (domain.invariants.store_problems): the questions' problems by id,
-- the claims', the ledger's entry by entry, repeated points, unpaid redemptions, the bounties
-- held, then the balances by user. A parallel plan returns rows in no fixed order, so each row
-- carries its place (section, position, rank within the record, user).
--
-- The ledger is read three times, not eight: for each user's totals (`recount`), for its
-- earning entries (in question order, through ledger_by_question, beside the questions in id
-- order: a merge, with no hash of a million rows) and for its other entries, few beside them.
WITH recount AS (
    SELECT user_name, sum(amount) AS balance,
           coalesce(sum(amount) FILTER (WHERE kind IN ('earned', 'bounty_paid')), 0) AS earned,
           bool_or(amount < 0) AS lost
    FROM ledger GROUP BY user_name
),
-- The questions whose earning entries are wrong: more than one, or one it should not have
-- given. An earned entry always names its question: saying so lets the partial index
-- ledger_by_question serve.
earnings AS (
    SELECT question_id, points, unearned
    FROM (SELECT l.question_id, count(*) AS points,
                 count(*) FILTER (WHERE l.amount <> 1 OR q.rating IS DISTINCT FROM 'up'
                                        OR q.answered_by IS DISTINCT FROM l.user_name) AS unearned
          FROM ledger AS l LEFT JOIN questions AS q ON q.id = l.question_id
          WHERE l.kind = 'earned' AND l.question_id IS NOT NULL
          GROUP BY l.question_id) AS per_question
    WHERE points > 1 OR unearned > 0
),
other_entries AS (
    SELECT * FROM ledger WHERE kind <> 'earned'
)
SELECT problem, problem_values
FROM (
SELECT 'claim_not_two_hours' AS problem, json_build_object('question', id) AS problem_values,
       1 AS section, id AS position, 2 AS rank, '' AS user_name
FROM questions
WHERE status = 'claimed' AND claim_deadline <> claimed_at + %(claim_window)s
UNION ALL
SELECT 'id_beyond_last', json_build_object('question', q.id, 'last', s.last), 1, q.id, 1, ''
FROM questions AS q,
     (SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS last FROM questions_id_seq) AS s
WHERE q.id > s.last
UNION ALL
-- A claim held when its certificate lapsed runs its course.
SELECT 'uncertified_claim', json_build_object('question', q.id, 'expert', q.claimed_by, 'category', q.category),
       2, q.id, 0, ''
FROM questions AS q
WHERE q.status = 'claimed'
  AND NOT EXISTS (SELECT FROM certifications AS c WHERE c.user_name = q.claimed_by AND c.category = q.category)
  AND NOT EXISTS (SELECT FROM certification_changes AS c
                  WHERE c.user_name = q.claimed_by AND c.category = q.category AND c.action = 'lapsed'
                    AND c.at >= q.claimed_at)
UNION ALL
-- Only the users who ever lost points: a running sum of entries none of which is negative
-- never goes below zero, and sorting every entry of a million questions takes seconds.
SELECT 'below_zero', json_build_object('user', user_name, 'at', to_char(at, 'YYYY-MM-DD HH24:MI:SS')),
       3, id, 1, ''
FROM (SELECT id, user_name, at, sum(amount) OVER (PARTITION BY user_name ORDER BY id) AS running
      FROM ledger
      WHERE user_name IN (SELECT user_name FROM recount WHERE lost)) AS l
WHERE running < 0
UNION ALL
-- Only the entries of the questions that gave a point they should not have.
SELECT 'unearned_point', json_build_object('user', l.user_name, 'question', l.question_id), 3, l.id, 2, ''
FROM ledger AS l LEFT JOIN questions AS q ON q.id = l.question_id
WHERE l.kind = 'earned'
  AND l.question_id IN (SELECT question_id FROM earnings WHERE unearned > 0)
  AND (l.amount <> 1 OR q.rating IS DISTINCT FROM 'up' OR q.answered_by IS DISTINCT FROM l.user_name)
UNION ALL
SELECT 'redemption_mismatch', json_build_object('user', l.user_name, 'redemption', l.redemption_id), 3, l.id, 2, ''
FROM other_entries AS l LEFT JOIN redemptions AS r ON r.id = l.redemption_id
WHERE l.kind = 'redeemed' AND (r.user_name IS DISTINCT FROM l.user_name OR l.amount <> -r.cost)
UNION ALL
SELECT CASE
           WHEN q.id IS NULL OR (l.amount < 0) <> (l.kind = 'bounty_offered') THEN 'bounty_entry_mismatch'
           ELSE 'bounty_entry_not_theirs'
       END,
       json_build_object('user', l.user_name, 'kind', l.kind, 'question', l.question_id), 3, l.id, 2, ''
FROM other_entries AS l LEFT JOIN questions AS q ON q.id = l.question_id
WHERE l.kind LIKE 'bounty%%'
  AND (q.id IS NULL
       OR (l.amount < 0) <> (l.kind = 'bounty_offered')
       OR l.user_name IS DISTINCT FROM
          CASE WHEN l.kind = 'bounty_paid' THEN CASE WHEN q.rating = 'up' THEN q.answered_by END ELSE q.asker END)
UNION ALL
-- In the order of each question's second point, as the file engine counts them.
SELECT 'point_repeated', json_build_object('question', e.question_id, 'count', e.points), 4,
       (SELECT id FROM ledger WHERE kind = 'earned' AND question_id = e.question_id ORDER BY id OFFSET 1 LIMIT 1),
       0, ''
FROM earnings AS e WHERE e.points > 1
UNION ALL
SELECT 'redemption_paid', json_build_object('redemption', r.id, 'count', count(l.id)), 5, r.id, 0, ''
FROM redemptions AS r LEFT JOIN ledger AS l ON l.redemption_id = r.id AND l.kind = 'redeemed'
GROUP BY r.id HAVING count(l.id) <> 1
UNION ALL
-- Only the questions holding a bounty or named by a bounty entry can differ: the others hold
-- none and the ledger says none (found through the held bounties' index, not a million rows).
SELECT 'bounty_differs', json_build_object('question', q.id, 'bounty', q.bounty, 'held', coalesce(h.held, 0)),
       6, q.id, 0, ''
FROM questions AS q
LEFT JOIN (SELECT question_id, -sum(amount) AS held FROM other_entries WHERE kind LIKE 'bounty%%'
           GROUP BY question_id) AS h
    ON h.question_id = q.id
WHERE q.id IN (SELECT id FROM questions WHERE bounty > 0
               UNION SELECT question_id FROM other_entries WHERE kind LIKE 'bounty%%')
  AND q.bounty <> coalesce(h.held, 0)
UNION ALL
SELECT 'balances_differ',
       json_build_object('user', coalesce(b.user_name, r.user_name),
                         'balance', coalesce(b.balance, 0), 'earned', coalesce(b.earned, 0),
                         'recount_balance', coalesce(r.balance, 0), 'recount_earned', coalesce(r.earned, 0)),
       7, 0, 0, coalesce(b.user_name, r.user_name)
FROM balances AS b FULL JOIN recount AS r ON r.user_name = b.user_name
WHERE coalesce(b.balance, 0) <> coalesce(r.balance, 0) OR coalesce(b.earned, 0) <> coalesce(r.earned, 0)
) AS found
ORDER BY section, position, rank, user_name;

-- Transactions

-- keep_so_far --
-- What the command did so far stays even if the rest fails (rolled back to here, then committed).
SAVEPOINT kept;

-- rollback_to_kept --
-- Undo what the command did after it asked to keep its work so far.
ROLLBACK TO SAVEPOINT kept;


-- Seeding: COPY, a million rows in seconds

-- seeded_questions_table --
-- What identifies each question a seed brings (asker, category, text), by its place in the
-- fixture; emptied for each fixture of the seed, dropped when the command ends.
CREATE TEMPORARY TABLE IF NOT EXISTS seeded_questions (
    position integer PRIMARY KEY, asker text NOT NULL, category text NOT NULL, text text NOT NULL
) ON COMMIT DROP;
TRUNCATE seeded_questions;

-- copy_seeded_questions --
COPY seeded_questions (position, asker, category, text) FROM STDIN (FORMAT binary);

-- unasked_seeded_questions --
-- The places of the seeded questions that no stored question matches (the asker's name in any
-- case, as users are matched): one anti-join, whatever the size of the store.
SELECT s.position
FROM seeded_questions AS s
WHERE NOT EXISTS (
    SELECT FROM questions AS q
    WHERE lower(q.asker) = lower(s.asker) AND q.category = s.category AND q.text = s.text
)
ORDER BY s.position;

-- copy_questions --
-- A seed's questions, with their ids (drawn from the sequence beforehand).
COPY questions (id, category, text, asker, created_at, status, claimed_by, claimed_at, claim_deadline,
                answered_by, answer, answered_at, rating, rated_at, bounty, bounty_since, search_terms,
                search_language)
FROM STDIN (FORMAT binary);

-- analyze_history --
-- Fresh statistics after a seed's bulk copy (autovacuum may be off, or slow to come): without
-- them the planner takes a table of a million rows for an empty one and picks plans to match.
ANALYZE questions, question_events, expired_claims, ledger;

-- copy_question_events --
COPY question_events (question_id, position, at, kind, actor, detail) FROM STDIN (FORMAT binary);

-- copy_expired_claims --
COPY expired_claims (question_id, expert, deadline) FROM STDIN (FORMAT binary);

-- copy_ledger --
-- A seed's ledger entries; the balances follow, by the trigger, once for the whole copy.
COPY ledger (user_name, amount, kind, at, reason, question_id, redemption_id, adjusted_by) FROM STDIN (FORMAT binary);
