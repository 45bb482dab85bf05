-- Trigram similarity for typo-tolerant employee search (people.employees.search_name).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
