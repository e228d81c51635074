-- Search in the language each question is written in (issue 17).
--
-- search_terms are still the domain's terms (domain.search.analysed: folded, elisions split,
-- the stop words of the question's language dropped, its light stem), now with the language
-- they were read in. An Italian question's terms then go through PostgreSQL's 'italian'
-- configuration, whose Snowball stemmer sometimes joins more forms than the domain's
-- ("attivazione" finds "attivo"); queries take each term both ways (queries.sql: search). English ones are
-- taken as they are ('simple'), as before. Rows from before this migration were read in
-- English and stay so until `settings language` reads them again.

ALTER TABLE settings
    ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'it'));

ALTER TABLE questions
    ADD COLUMN search_language text NOT NULL DEFAULT 'en' CHECK (search_language IN ('en', 'it'));

DROP INDEX questions_search;
ALTER TABLE questions DROP COLUMN search;
ALTER TABLE questions ADD COLUMN search tsvector GENERATED ALWAYS AS (
    CASE search_language
        WHEN 'it' THEN to_tsvector('italian', search_terms)
        ELSE to_tsvector('simple', search_terms)
    END
) STORED;
CREATE INDEX questions_search ON questions USING gin (search);
