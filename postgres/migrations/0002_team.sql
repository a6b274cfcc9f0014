-- The team's roles, enforced by PostgreSQL itself: whatever program a person uses, psql
-- included, they may do only what their role's privileges allow (model/team.go says which
-- action needs which role). The roles are named after the database, as PostgreSQL's roles
-- belong to the whole server: a coordinator of one register is nobody on another.
--   viewer:      reads everything (and so exports, prints letters, plans without saving)
--   coordinator: requests and their roles, assignments and plans, lessons, settings,
--                organisations (the trust list)
--   hr:          associates, their skills, clearances and leave, organisations, erasure
-- Either writer moves the register's revision on and announces the change (NOTIFY).

CREATE FUNCTION team_role(kind text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT left(current_database(), 48) || '_' || kind
$$;

DO $$
DECLARE
    kind text;
    v text := team_role('viewer');
    c text := team_role('coordinator');
    h text := team_role('hr');
BEGIN
    FOREACH kind IN ARRAY ARRAY['viewer', 'coordinator', 'hr'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = team_role(kind)) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', team_role(kind));
        END IF;
    END LOOP;
    EXECUTE format('GRANT %I TO %I, %I', v, c, h);
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC');
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', v);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', v);
    EXECUTE format('GRANT UPDATE ON register_info TO %I, %I', c, h);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON requests, roles, role_skills, role_clearances, assignments, lessons, settings, closures TO %I', c);
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %I, %I', c, h);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON associates, associate_skills, associate_systems, associate_clearances, unavailability TO %I', h);
    EXECUTE format('GRANT INSERT, UPDATE ON organisations TO %I, %I', c, h);
    EXECUTE format('REVOKE EXECUTE ON FUNCTION audit_associates(text[], text[]), erase_associate(text, text) FROM PUBLIC');
    EXECUTE format('GRANT EXECUTE ON FUNCTION audit_associates(text[], text[]), erase_associate(text, text) TO %I', h);
END $$;
