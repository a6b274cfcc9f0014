-- A team register: the tables of the SQLite register (sqlite/migrations), with the same
-- names and columns, so that a register moves between the two table by table. ord keeps
-- the order rows were written in, as SQLite's rowid does; dates are ISO text as there.

CREATE TABLE register_info (
    one      boolean PRIMARY KEY DEFAULT true CHECK (one),
    revision bigint NOT NULL
);
INSERT INTO register_info (revision) VALUES (0);

CREATE TABLE organisations (
    ord      bigint GENERATED ALWAYS AS IDENTITY,
    code     text PRIMARY KEY,
    name     text NOT NULL,
    region   text NOT NULL DEFAULT '',
    postcode text NOT NULL DEFAULT '',
    opened   text NOT NULL DEFAULT '',
    closed   text NOT NULL DEFAULT ''
);

CREATE TABLE associates (
    ord         bigint GENERATED ALWAYS AS IDENTITY,
    staff_id    text PRIMARY KEY,
    name        text NOT NULL,
    email       text NOT NULL DEFAULT '',
    phone       text NOT NULL DEFAULT '',
    home_org    text NOT NULL REFERENCES organisations (code),
    band        text NOT NULL DEFAULT '',
    max_days    integer NOT NULL CHECK (max_days >= 0),
    day_rate    bigint NOT NULL DEFAULT 0 CHECK (day_rate >= 0),
    remote_only boolean NOT NULL DEFAULT false,
    active      boolean NOT NULL DEFAULT true,
    region      text NOT NULL DEFAULT '',
    notes       text NOT NULL DEFAULT '',
    version     integer NOT NULL DEFAULT 1
);
CREATE INDEX associates_home_org ON associates (home_org);

-- A Staff ID changes only when a person is erased: their rows follow (ON UPDATE CASCADE).
CREATE TABLE associate_skills (
    ord      bigint GENERATED ALWAYS AS IDENTITY,
    staff_id text NOT NULL REFERENCES associates (staff_id) ON DELETE CASCADE ON UPDATE CASCADE,
    skill    text NOT NULL,
    level    integer NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (staff_id, skill)
);

CREATE TABLE associate_systems (
    ord      bigint GENERATED ALWAYS AS IDENTITY,
    staff_id text NOT NULL REFERENCES associates (staff_id) ON DELETE CASCADE ON UPDATE CASCADE,
    system   text NOT NULL,
    PRIMARY KEY (staff_id, system)
);

CREATE TABLE associate_clearances (
    ord      bigint GENERATED ALWAYS AS IDENTITY,
    staff_id text NOT NULL REFERENCES associates (staff_id) ON DELETE CASCADE ON UPDATE CASCADE,
    kind     text NOT NULL,
    expiry   text NOT NULL,
    PRIMARY KEY (staff_id, kind)
);

CREATE TABLE unavailability (
    ord      bigint GENERATED ALWAYS AS IDENTITY,
    staff_id text NOT NULL REFERENCES associates (staff_id) ON DELETE CASCADE ON UPDATE CASCADE,
    starts   text NOT NULL,
    ends     text NOT NULL,
    reason   text NOT NULL DEFAULT '',
    PRIMARY KEY (staff_id, starts, ends)
);

CREATE TABLE requests (
    ord        bigint GENERATED ALWAYS AS IDENTITY,
    ref        text PRIMARY KEY,
    trust      text NOT NULL REFERENCES organisations (code),
    title      text NOT NULL,
    kind       text NOT NULL,
    priority   integer NOT NULL CHECK (priority BETWEEN 1 AND 4),
    system     text NOT NULL DEFAULT '',
    starts     text NOT NULL,
    ends       text NOT NULL,
    mode       text NOT NULL,
    status     text NOT NULL,
    host_name  text NOT NULL DEFAULT '',
    host_email text NOT NULL DEFAULT '',
    version    integer NOT NULL DEFAULT 1
);

CREATE TABLE roles (
    ord         bigint GENERATED ALWAYS AS IDENTITY,
    request_ref text NOT NULL REFERENCES requests (ref) ON DELETE CASCADE,
    name        text NOT NULL,
    headcount   integer NOT NULL CHECK (headcount >= 1),
    starts      text NOT NULL,
    ends        text NOT NULL,
    on_site     boolean NOT NULL,
    PRIMARY KEY (request_ref, name)
);

CREATE TABLE role_skills (
    ord         bigint GENERATED ALWAYS AS IDENTITY,
    request_ref text NOT NULL,
    role        text NOT NULL,
    skill       text NOT NULL,
    level       integer NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (request_ref, role, skill),
    FOREIGN KEY (request_ref, role) REFERENCES roles (request_ref, name) ON DELETE CASCADE
);

CREATE TABLE role_clearances (
    ord         bigint GENERATED ALWAYS AS IDENTITY,
    request_ref text NOT NULL,
    role        text NOT NULL,
    kind        text NOT NULL,
    PRIMARY KEY (request_ref, role, kind),
    FOREIGN KEY (request_ref, role) REFERENCES roles (request_ref, name) ON DELETE CASCADE
);

CREATE TABLE assignments (
    ord         bigint GENERATED ALWAYS AS IDENTITY,
    request_ref text NOT NULL,
    role        text NOT NULL,
    staff_id    text NOT NULL REFERENCES associates (staff_id) ON UPDATE CASCADE,
    starts      text NOT NULL,
    ends        text NOT NULL,
    status      text NOT NULL,
    pinned      boolean NOT NULL DEFAULT false,
    reason      text NOT NULL DEFAULT '',
    version     integer NOT NULL DEFAULT 1,
    PRIMARY KEY (request_ref, role, staff_id),
    FOREIGN KEY (request_ref, role) REFERENCES roles (request_ref, name) ON DELETE CASCADE
);
CREATE INDEX assignments_staff ON assignments (staff_id, starts);

CREATE TABLE lessons (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    request_ref text NOT NULL DEFAULT '',
    trust       text NOT NULL DEFAULT '',
    system      text NOT NULL,
    what_failed text NOT NULL,
    what_fixed  text NOT NULL,
    author      text NOT NULL DEFAULT '',
    written     text NOT NULL DEFAULT '',
    version     text NOT NULL DEFAULT '',
    tags        text NOT NULL DEFAULT ''
);

CREATE TABLE closures (
    ord bigint GENERATED ALWAYS AS IDENTITY,
    day text PRIMARY KEY
);

CREATE TABLE settings (
    ord   bigint GENERATED ALWAYS AS IDENTITY,
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- The audit trail: appended to by the triggers below, never changed (but by erasure,
-- which takes a person out of it), readable by every role, written by none directly.
CREATE TABLE audit (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         text NOT NULL,
    os_user    text NOT NULL,
    entity     text NOT NULL,
    entity_key text NOT NULL,
    change     text NOT NULL,
    before     text,
    after      text
);

-- audit_time is the program's clock for the transaction (set in ap.at by every write), so
-- that one audit trail has one clock; the server's for a change made outside the program.
CREATE FUNCTION audit_time() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('ap.at', true), ''),
                    to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
$$;

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('ap.scrub', true), '') <> 'on' THEN
        RAISE EXCEPTION 'the audit trail is append-only';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();

-- audit_row records one row's change: the entity's name is the first argument, the key's
-- columns the others (joined by " / "); the rest of the row is the before and after. It
-- runs as the register's owner, who alone may write the audit table, and records the
-- person logged in (session_user: current_user is the owner inside it).
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    old_doc jsonb;
    new_doc jsonb;
    k       text := '';
    i       integer;
BEGIN
    IF TG_OP <> 'INSERT' THEN old_doc := to_jsonb(OLD) - 'ord' - 'version'; END IF;
    IF TG_OP <> 'DELETE' THEN new_doc := to_jsonb(NEW) - 'ord' - 'version'; END IF;
    FOR i IN 1 .. TG_NARGS - 1 LOOP
        k := k || CASE WHEN i > 1 THEN ' / ' ELSE '' END || (coalesce(new_doc, old_doc) ->> TG_ARGV[i]);
        old_doc := old_doc - TG_ARGV[i];
        new_doc := new_doc - TG_ARGV[i];
    END LOOP;
    IF TG_OP = 'UPDATE' AND old_doc = new_doc THEN RETURN NULL; END IF;
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES (audit_time(), session_user, TG_ARGV[0], k, lower(TG_OP), old_doc::text, new_doc::text);
    RETURN NULL;
END $$;

CREATE TRIGGER audit_organisations AFTER INSERT OR UPDATE OR DELETE ON organisations
    FOR EACH ROW EXECUTE FUNCTION audit_row('organisation', 'code');
CREATE TRIGGER audit_unavailability AFTER INSERT OR UPDATE OR DELETE ON unavailability
    FOR EACH ROW EXECUTE FUNCTION audit_row('unavailability', 'staff_id');
CREATE TRIGGER audit_requests AFTER INSERT OR UPDATE OR DELETE ON requests
    FOR EACH ROW EXECUTE FUNCTION audit_row('request', 'ref');
CREATE TRIGGER audit_roles AFTER INSERT OR UPDATE OR DELETE ON roles
    FOR EACH ROW EXECUTE FUNCTION audit_row('role', 'request_ref', 'name');
CREATE TRIGGER audit_role_skills AFTER INSERT OR UPDATE OR DELETE ON role_skills
    FOR EACH ROW EXECUTE FUNCTION audit_row('role skill', 'request_ref', 'role');
CREATE TRIGGER audit_role_clearances AFTER INSERT OR UPDATE OR DELETE ON role_clearances
    FOR EACH ROW EXECUTE FUNCTION audit_row('role clearance', 'request_ref', 'role');
CREATE TRIGGER audit_assignments AFTER INSERT OR UPDATE OR DELETE ON assignments
    FOR EACH ROW EXECUTE FUNCTION audit_row('assignment', 'request_ref', 'role', 'staff_id');
CREATE TRIGGER audit_lessons AFTER INSERT OR UPDATE OR DELETE ON lessons
    FOR EACH ROW EXECUTE FUNCTION audit_row('lesson', 'id');
CREATE TRIGGER audit_settings AFTER INSERT OR UPDATE OR DELETE ON settings
    FOR EACH ROW EXECUTE FUNCTION audit_row('setting', 'key');
CREATE TRIGGER audit_closures AFTER INSERT OR UPDATE OR DELETE ON closures
    FOR EACH ROW EXECUTE FUNCTION audit_row('closure', 'day');

-- An associate is audited as one document with their skills, systems and clearances, as
-- in the SQLite register: the writer reads the documents before it writes, and
-- audit_associates records those that changed.
CREATE FUNCTION associate_doc(id text) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('name', a.name, 'email', a.email, 'phone', a.phone, 'home_org', a.home_org,
        'band', a.band, 'max_days', a.max_days, 'day_rate', a.day_rate, 'remote_only', a.remote_only,
        'active', a.active, 'region', a.region, 'notes', a.notes,
        'skills', (SELECT string_agg(skill || ':' || level, '; ' ORDER BY ord) FROM associate_skills s WHERE s.staff_id = a.staff_id),
        'systems', (SELECT string_agg(system, '; ' ORDER BY ord) FROM associate_systems s WHERE s.staff_id = a.staff_id),
        'clearances', (SELECT string_agg(kind || ':' || expiry, '; ' ORDER BY ord) FROM associate_clearances s WHERE s.staff_id = a.staff_id))
    FROM associates a WHERE a.staff_id = id
$$;

CREATE FUNCTION audit_associates(ids text[], befores text[]) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    SELECT audit_time(), session_user, 'associate', c.id, CASE WHEN c.before IS NULL THEN 'insert' ELSE 'update' END,
           c.before::text, c.after::text
    FROM (SELECT b.id, nullif(b.before, '')::jsonb AS before, associate_doc(b.id) AS after
          FROM unnest(ids, befores) AS b(id, before)) c
    WHERE c.after IS NOT NULL AND c.before IS DISTINCT FROM c.after
$$;

-- erase_associate takes a person out of the register, as sqlite/erase.go does: their
-- details, lists and leave go, their Staff ID becomes anon everywhere (assignments follow
-- by cascade), lessons lose their name, and the audit trail keeps that changes happened
-- but not what they said about the person. It runs as the owner, for whoever may edit
-- associates.
CREATE FUNCTION erase_associate(staff text, anon text) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
DECLARE
    who text;
BEGIN
    IF NOT has_table_privilege(session_user, 'public.associates', 'UPDATE') THEN
        RAISE EXCEPTION insufficient_privilege USING MESSAGE = 'permission denied to erase an associate';
    END IF;
    SELECT name INTO who FROM associates WHERE staff_id = staff FOR UPDATE;
    IF NOT FOUND THEN RETURN false; END IF;
    DELETE FROM associate_skills WHERE staff_id = staff;
    DELETE FROM associate_systems WHERE staff_id = staff;
    DELETE FROM associate_clearances WHERE staff_id = staff;
    DELETE FROM unavailability WHERE staff_id = staff;
    UPDATE associates SET staff_id = anon, name = 'Erased associate', email = '', phone = '', notes = '', region = '',
        active = false WHERE staff_id = staff;
    UPDATE lessons SET author = '' WHERE author IN (who, staff);
    PERFORM set_config('ap.scrub', 'on', true);
    UPDATE audit SET before = NULL, after = NULL WHERE entity IN ('associate', 'unavailability') AND entity_key = staff;
    UPDATE audit SET entity_key = anon WHERE entity IN ('associate', 'unavailability') AND entity_key = staff;
    -- an assignment's key is "REF / ROLE / STAFF-ID": the last part only, matched exactly
    UPDATE audit SET entity_key = left(entity_key, length(entity_key) - length(staff)) || anon
        WHERE entity = 'assignment' AND right(entity_key, length(staff) + 3) = ' / ' || staff
          AND NOT EXISTS (SELECT 1 FROM associates o WHERE o.staff_id <> anon
                          AND right(entity_key, length(o.staff_id) + 3) = ' / ' || o.staff_id
                          AND length(o.staff_id) > length(staff));
    UPDATE audit SET
        before = CASE WHEN before::jsonb ->> 'author' IN (who, staff) THEN jsonb_set(before::jsonb, '{author}', '""')::text ELSE before END,
        after = CASE WHEN after::jsonb ->> 'author' IN (who, staff) THEN jsonb_set(after::jsonb, '{author}', '""')::text ELSE after END
        WHERE entity = 'lesson';
    PERFORM set_config('ap.scrub', 'off', true);
    INSERT INTO audit (at, os_user, entity, entity_key, change) VALUES (audit_time(), session_user, 'associate', anon, 'erase');
    RETURN true;
END $$;
