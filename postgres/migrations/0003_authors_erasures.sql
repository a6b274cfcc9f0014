-- As sqlite/migrations/0005: a lesson is tied to the associate who wrote it by Staff ID
-- (author_id), author keeps the name of one who is not an associate; erasures keeps that
-- someone was erased, as a salted hash of their Staff ID (salted with the register's own
-- salt), so that a restore of a backup made before erases them again. The lessons' audit
-- trigger is lifted while they are tied (a change of schema, not of anyone's lesson).

ALTER TABLE lessons ADD COLUMN author_id text REFERENCES associates (staff_id);
ALTER TABLE lessons DISABLE TRIGGER audit_lessons;
UPDATE lessons SET author_id = author, author = '' WHERE author IN (SELECT staff_id FROM associates);
UPDATE lessons l SET author_id = (SELECT a.staff_id FROM associates a WHERE a.name = l.author), author = ''
    WHERE author_id IS NULL AND author <> '' AND (SELECT count(*) FROM associates a WHERE a.name = l.author) = 1;
ALTER TABLE lessons ENABLE TRIGGER audit_lessons;
CREATE INDEX lessons_author ON lessons (author_id);

ALTER TABLE register_info ADD COLUMN salt text NOT NULL DEFAULT '';
UPDATE register_info SET salt = replace(gen_random_uuid()::text, '-', '');

CREATE TABLE erasures (
    hash   text PRIMARY KEY,
    erased text NOT NULL
);

DROP FUNCTION erase_associate(text, text);

-- erase_associate takes a person out of the register, as sqlite/erase.go does: their
-- details, lists and leave go, their Staff ID becomes anon everywhere (assignments follow
-- by cascade), lessons they wrote lose their author, the audit trail keeps that changes
-- happened but not what they said about the person, and erased_hash (of their Staff ID,
-- salted with the register's salt) is kept in erasures. It runs as the owner, for whoever
-- may edit associates.
CREATE FUNCTION erase_associate(staff text, anon text, erased_hash text) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
    IF NOT has_table_privilege(session_user, 'public.associates', 'UPDATE') THEN
        RAISE EXCEPTION insufficient_privilege USING MESSAGE = 'permission denied to erase an associate';
    END IF;
    PERFORM 1 FROM associates WHERE staff_id = staff FOR UPDATE;
    IF NOT FOUND THEN RETURN false; END IF;
    DELETE FROM associate_skills WHERE staff_id = staff;
    DELETE FROM associate_systems WHERE staff_id = staff;
    DELETE FROM associate_clearances WHERE staff_id = staff;
    DELETE FROM unavailability WHERE staff_id = staff;
    UPDATE lessons SET author_id = NULL, author = '' WHERE author_id = staff OR author = staff;
    UPDATE associates SET staff_id = anon, name = 'Erased associate', email = '', phone = '', notes = '', region = '',
        active = false WHERE staff_id = staff;
    INSERT INTO erasures (hash, erased) VALUES (erased_hash, audit_time())
        ON CONFLICT (hash) DO UPDATE SET erased = excluded.erased;
    PERFORM set_config('ap.scrub', 'on', true);
    UPDATE audit SET before = NULL, after = NULL WHERE entity IN ('associate', 'unavailability') AND entity_key = staff;
    UPDATE audit SET entity_key = anon WHERE entity IN ('associate', 'unavailability') AND entity_key = staff;
    -- an assignment's key is "REF / ROLE / STAFF-ID": the last part only, matched exactly
    UPDATE audit SET entity_key = left(entity_key, length(entity_key) - length(staff)) || anon
        WHERE entity = 'assignment' AND right(entity_key, length(staff) + 3) = ' / ' || staff
          AND NOT EXISTS (SELECT 1 FROM associates o WHERE o.staff_id <> anon
                          AND right(entity_key, length(o.staff_id) + 3) = ' / ' || o.staff_id
                          AND length(o.staff_id) > length(staff));
    -- every entry of a lesson of theirs (the update above has just recorded taking their ID
    -- off it) or one that credited them loses its author, whatever name they had then
    UPDATE audit SET
        before = CASE WHEN before IS NULL THEN NULL ELSE jsonb_set(jsonb_set(before::jsonb, '{author}', '""'), '{author_id}', 'null')::text END,
        after = CASE WHEN after IS NULL THEN NULL ELSE jsonb_set(jsonb_set(after::jsonb, '{author}', '""'), '{author_id}', 'null')::text END
        WHERE entity = 'lesson' AND entity_key IN (SELECT a.entity_key FROM audit a WHERE a.entity = 'lesson'
            AND staff IN (a.before::jsonb ->> 'author_id', a.after::jsonb ->> 'author_id', a.before::jsonb ->> 'author', a.after::jsonb ->> 'author'));
    PERFORM set_config('ap.scrub', 'off', true);
    INSERT INTO audit (at, os_user, entity, entity_key, change) VALUES (audit_time(), session_user, 'associate', anon, 'erase');
    RETURN true;
END $$;

DO $$
BEGIN
    EXECUTE format('GRANT SELECT ON erasures TO %I', team_role('viewer'));
    EXECUTE format('REVOKE EXECUTE ON FUNCTION erase_associate(text, text, text) FROM PUBLIC');
    EXECUTE format('GRANT EXECUTE ON FUNCTION erase_associate(text, text, text) TO %I', team_role('hr'));
END $$;
