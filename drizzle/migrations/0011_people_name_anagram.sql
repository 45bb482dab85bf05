-- Typo-tolerant name search: the letters of each word sorted, and the words sorted, so that
-- transpositions ("Jhon Smtih") and swapped word order ("Smith John") normalise to the same key as
-- the real name ("hjno himst"). Trigram similarity on this key (GIN expression index, created by the
-- next migration) ranks them first even where plain trigrams share almost nothing.
CREATE OR REPLACE FUNCTION people.name_anagram(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(w, ' ' ORDER BY w), '')
  FROM (
    SELECT (SELECT string_agg(c, '' ORDER BY c) FROM regexp_split_to_table(word, '') AS c) AS w
    FROM regexp_split_to_table(lower(name), '[^[:alnum:]]+') AS word
    WHERE word <> ''
  ) AS words
$$;
