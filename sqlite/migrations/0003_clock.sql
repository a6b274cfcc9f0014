-- One clock for the audit trail: its times come from the program's clock, set with the
-- user in audit_context at the start of every write transaction, instead of SQLite's
-- 'now' (tests fix the clock; the associates' entries, written by the program, used it
-- already). The triggers are made again, reading the time from audit_context.
--
-- The register is marked as Associate Planner's in the SQLite header (application_id, the
-- letters "APla"), so that a file of another program is known and refused untouched.

PRAGMA application_id = 1095789665;

ALTER TABLE audit_context ADD COLUMN at TEXT NOT NULL DEFAULT '';

DROP TRIGGER audit_organisations_insert;
CREATE TRIGGER audit_organisations_insert AFTER INSERT ON organisations
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'organisation',
            NEW.code, 'insert', NULL, json_object('code', NEW.code, 'name', NEW.name, 'region', NEW.region, 'postcode', NEW.postcode, 'opened', NEW.opened, 'closed', NEW.closed));
END;
DROP TRIGGER audit_organisations_update;
CREATE TRIGGER audit_organisations_update AFTER UPDATE ON organisations
WHEN json_object('code', OLD.code, 'name', OLD.name, 'region', OLD.region, 'postcode', OLD.postcode, 'opened', OLD.opened, 'closed', OLD.closed) IS NOT json_object('code', NEW.code, 'name', NEW.name, 'region', NEW.region, 'postcode', NEW.postcode, 'opened', NEW.opened, 'closed', NEW.closed)
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'organisation',
            NEW.code, 'update', json_object('code', OLD.code, 'name', OLD.name, 'region', OLD.region, 'postcode', OLD.postcode, 'opened', OLD.opened, 'closed', OLD.closed), json_object('code', NEW.code, 'name', NEW.name, 'region', NEW.region, 'postcode', NEW.postcode, 'opened', NEW.opened, 'closed', NEW.closed));
END;
DROP TRIGGER audit_organisations_delete;
CREATE TRIGGER audit_organisations_delete AFTER DELETE ON organisations
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'organisation',
            OLD.code, 'delete', json_object('code', OLD.code, 'name', OLD.name, 'region', OLD.region, 'postcode', OLD.postcode, 'opened', OLD.opened, 'closed', OLD.closed), NULL);
END;
DROP TRIGGER audit_unavailability_insert;
CREATE TRIGGER audit_unavailability_insert AFTER INSERT ON unavailability
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'unavailability',
            NEW.staff_id, 'insert', NULL, json_object('starts', NEW.starts, 'ends', NEW.ends, 'reason', NEW.reason));
END;
DROP TRIGGER audit_unavailability_update;
CREATE TRIGGER audit_unavailability_update AFTER UPDATE ON unavailability
WHEN json_object('starts', OLD.starts, 'ends', OLD.ends, 'reason', OLD.reason) IS NOT json_object('starts', NEW.starts, 'ends', NEW.ends, 'reason', NEW.reason)
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'unavailability',
            NEW.staff_id, 'update', json_object('starts', OLD.starts, 'ends', OLD.ends, 'reason', OLD.reason), json_object('starts', NEW.starts, 'ends', NEW.ends, 'reason', NEW.reason));
END;
DROP TRIGGER audit_unavailability_delete;
CREATE TRIGGER audit_unavailability_delete AFTER DELETE ON unavailability
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'unavailability',
            OLD.staff_id, 'delete', json_object('starts', OLD.starts, 'ends', OLD.ends, 'reason', OLD.reason), NULL);
END;
DROP TRIGGER audit_requests_insert;
CREATE TRIGGER audit_requests_insert AFTER INSERT ON requests
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'request',
            NEW.ref, 'insert', NULL, json_object('ref', NEW.ref, 'trust', NEW.trust, 'title', NEW.title, 'kind', NEW.kind, 'priority', NEW.priority, 'system', NEW.system, 'starts', NEW.starts, 'ends', NEW.ends, 'mode', NEW.mode, 'status', NEW.status, 'host_name', NEW.host_name, 'host_email', NEW.host_email));
END;
DROP TRIGGER audit_requests_update;
CREATE TRIGGER audit_requests_update AFTER UPDATE ON requests
WHEN json_object('ref', OLD.ref, 'trust', OLD.trust, 'title', OLD.title, 'kind', OLD.kind, 'priority', OLD.priority, 'system', OLD.system, 'starts', OLD.starts, 'ends', OLD.ends, 'mode', OLD.mode, 'status', OLD.status, 'host_name', OLD.host_name, 'host_email', OLD.host_email) IS NOT json_object('ref', NEW.ref, 'trust', NEW.trust, 'title', NEW.title, 'kind', NEW.kind, 'priority', NEW.priority, 'system', NEW.system, 'starts', NEW.starts, 'ends', NEW.ends, 'mode', NEW.mode, 'status', NEW.status, 'host_name', NEW.host_name, 'host_email', NEW.host_email)
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'request',
            NEW.ref, 'update', json_object('ref', OLD.ref, 'trust', OLD.trust, 'title', OLD.title, 'kind', OLD.kind, 'priority', OLD.priority, 'system', OLD.system, 'starts', OLD.starts, 'ends', OLD.ends, 'mode', OLD.mode, 'status', OLD.status, 'host_name', OLD.host_name, 'host_email', OLD.host_email), json_object('ref', NEW.ref, 'trust', NEW.trust, 'title', NEW.title, 'kind', NEW.kind, 'priority', NEW.priority, 'system', NEW.system, 'starts', NEW.starts, 'ends', NEW.ends, 'mode', NEW.mode, 'status', NEW.status, 'host_name', NEW.host_name, 'host_email', NEW.host_email));
END;
DROP TRIGGER audit_requests_delete;
CREATE TRIGGER audit_requests_delete AFTER DELETE ON requests
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'request',
            OLD.ref, 'delete', json_object('ref', OLD.ref, 'trust', OLD.trust, 'title', OLD.title, 'kind', OLD.kind, 'priority', OLD.priority, 'system', OLD.system, 'starts', OLD.starts, 'ends', OLD.ends, 'mode', OLD.mode, 'status', OLD.status, 'host_name', OLD.host_name, 'host_email', OLD.host_email), NULL);
END;
DROP TRIGGER audit_roles_insert;
CREATE TRIGGER audit_roles_insert AFTER INSERT ON roles
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'role',
            NEW.request_ref || ' / ' || NEW.name, 'insert', NULL, json_object('headcount', NEW.headcount, 'starts', NEW.starts, 'ends', NEW.ends, 'on_site', NEW.on_site));
END;
DROP TRIGGER audit_roles_update;
CREATE TRIGGER audit_roles_update AFTER UPDATE ON roles
WHEN json_object('headcount', OLD.headcount, 'starts', OLD.starts, 'ends', OLD.ends, 'on_site', OLD.on_site) IS NOT json_object('headcount', NEW.headcount, 'starts', NEW.starts, 'ends', NEW.ends, 'on_site', NEW.on_site)
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'role',
            NEW.request_ref || ' / ' || NEW.name, 'update', json_object('headcount', OLD.headcount, 'starts', OLD.starts, 'ends', OLD.ends, 'on_site', OLD.on_site), json_object('headcount', NEW.headcount, 'starts', NEW.starts, 'ends', NEW.ends, 'on_site', NEW.on_site));
END;
DROP TRIGGER audit_roles_delete;
CREATE TRIGGER audit_roles_delete AFTER DELETE ON roles
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'role',
            OLD.request_ref || ' / ' || OLD.name, 'delete', json_object('headcount', OLD.headcount, 'starts', OLD.starts, 'ends', OLD.ends, 'on_site', OLD.on_site), NULL);
END;
DROP TRIGGER audit_role_skills_insert;
CREATE TRIGGER audit_role_skills_insert AFTER INSERT ON role_skills
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'role skill',
            NEW.request_ref || ' / ' || NEW.role, 'insert', NULL, json_object('skill', NEW.skill, 'level', NEW.level));
END;
DROP TRIGGER audit_role_skills_update;
CREATE TRIGGER audit_role_skills_update AFTER UPDATE ON role_skills
WHEN json_object('skill', OLD.skill, 'level', OLD.level) IS NOT json_object('skill', NEW.skill, 'level', NEW.level)
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'role skill',
            NEW.request_ref || ' / ' || NEW.role, 'update', json_object('skill', OLD.skill, 'level', OLD.level), json_object('skill', NEW.skill, 'level', NEW.level));
END;
DROP TRIGGER audit_role_skills_delete;
CREATE TRIGGER audit_role_skills_delete AFTER DELETE ON role_skills
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'role skill',
            OLD.request_ref || ' / ' || OLD.role, 'delete', json_object('skill', OLD.skill, 'level', OLD.level), NULL);
END;
DROP TRIGGER audit_role_clearances_insert;
CREATE TRIGGER audit_role_clearances_insert AFTER INSERT ON role_clearances
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'role clearance',
            NEW.request_ref || ' / ' || NEW.role, 'insert', NULL, json_object('kind', NEW.kind));
END;
DROP TRIGGER audit_role_clearances_update;
CREATE TRIGGER audit_role_clearances_update AFTER UPDATE ON role_clearances
WHEN json_object('kind', OLD.kind) IS NOT json_object('kind', NEW.kind)
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'role clearance',
            NEW.request_ref || ' / ' || NEW.role, 'update', json_object('kind', OLD.kind), json_object('kind', NEW.kind));
END;
DROP TRIGGER audit_role_clearances_delete;
CREATE TRIGGER audit_role_clearances_delete AFTER DELETE ON role_clearances
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'role clearance',
            OLD.request_ref || ' / ' || OLD.role, 'delete', json_object('kind', OLD.kind), NULL);
END;
DROP TRIGGER audit_assignments_insert;
CREATE TRIGGER audit_assignments_insert AFTER INSERT ON assignments
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'assignment',
            NEW.request_ref || ' / ' || NEW.role || ' / ' || NEW.staff_id, 'insert', NULL, json_object('starts', NEW.starts, 'ends', NEW.ends, 'status', NEW.status, 'pinned', NEW.pinned));
END;
DROP TRIGGER audit_assignments_update;
CREATE TRIGGER audit_assignments_update AFTER UPDATE ON assignments
WHEN json_object('starts', OLD.starts, 'ends', OLD.ends, 'status', OLD.status, 'pinned', OLD.pinned) IS NOT json_object('starts', NEW.starts, 'ends', NEW.ends, 'status', NEW.status, 'pinned', NEW.pinned)
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'assignment',
            NEW.request_ref || ' / ' || NEW.role || ' / ' || NEW.staff_id, 'update', json_object('starts', OLD.starts, 'ends', OLD.ends, 'status', OLD.status, 'pinned', OLD.pinned), json_object('starts', NEW.starts, 'ends', NEW.ends, 'status', NEW.status, 'pinned', NEW.pinned));
END;
DROP TRIGGER audit_assignments_delete;
CREATE TRIGGER audit_assignments_delete AFTER DELETE ON assignments
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'assignment',
            OLD.request_ref || ' / ' || OLD.role || ' / ' || OLD.staff_id, 'delete', json_object('starts', OLD.starts, 'ends', OLD.ends, 'status', OLD.status, 'pinned', OLD.pinned), NULL);
END;
DROP TRIGGER audit_lessons_insert;
CREATE TRIGGER audit_lessons_insert AFTER INSERT ON lessons
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'lesson',
            CAST(NEW.id AS TEXT), 'insert', NULL, json_object('request_ref', NEW.request_ref, 'trust', NEW.trust, 'system', NEW.system, 'what_failed', NEW.what_failed, 'what_fixed', NEW.what_fixed, 'author', NEW.author, 'written', NEW.written));
END;
DROP TRIGGER audit_lessons_update;
CREATE TRIGGER audit_lessons_update AFTER UPDATE ON lessons
WHEN json_object('request_ref', OLD.request_ref, 'trust', OLD.trust, 'system', OLD.system, 'what_failed', OLD.what_failed, 'what_fixed', OLD.what_fixed, 'author', OLD.author, 'written', OLD.written) IS NOT json_object('request_ref', NEW.request_ref, 'trust', NEW.trust, 'system', NEW.system, 'what_failed', NEW.what_failed, 'what_fixed', NEW.what_fixed, 'author', NEW.author, 'written', NEW.written)
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'lesson',
            CAST(NEW.id AS TEXT), 'update', json_object('request_ref', OLD.request_ref, 'trust', OLD.trust, 'system', OLD.system, 'what_failed', OLD.what_failed, 'what_fixed', OLD.what_fixed, 'author', OLD.author, 'written', OLD.written), json_object('request_ref', NEW.request_ref, 'trust', NEW.trust, 'system', NEW.system, 'what_failed', NEW.what_failed, 'what_fixed', NEW.what_fixed, 'author', NEW.author, 'written', NEW.written));
END;
DROP TRIGGER audit_lessons_delete;
CREATE TRIGGER audit_lessons_delete AFTER DELETE ON lessons
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'lesson',
            CAST(OLD.id AS TEXT), 'delete', json_object('request_ref', OLD.request_ref, 'trust', OLD.trust, 'system', OLD.system, 'what_failed', OLD.what_failed, 'what_fixed', OLD.what_fixed, 'author', OLD.author, 'written', OLD.written), NULL);
END;
DROP TRIGGER audit_settings_insert;
CREATE TRIGGER audit_settings_insert AFTER INSERT ON settings
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'setting',
            NEW.key, 'insert', NULL, json_object('value', NEW.value));
END;
DROP TRIGGER audit_settings_update;
CREATE TRIGGER audit_settings_update AFTER UPDATE ON settings
WHEN json_object('value', OLD.value) IS NOT json_object('value', NEW.value)
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'setting',
            NEW.key, 'update', json_object('value', OLD.value), json_object('value', NEW.value));
END;
DROP TRIGGER audit_settings_delete;
CREATE TRIGGER audit_settings_delete AFTER DELETE ON settings
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'setting',
            OLD.key, 'delete', json_object('value', OLD.value), NULL);
END;
DROP TRIGGER audit_closures_insert;
CREATE TRIGGER audit_closures_insert AFTER INSERT ON closures
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'closure',
            NEW.day, 'insert', NULL, json_object('day', NEW.day));
END;
DROP TRIGGER audit_closures_update;
CREATE TRIGGER audit_closures_update AFTER UPDATE ON closures
WHEN json_object('day', OLD.day) IS NOT json_object('day', NEW.day)
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'closure',
            NEW.day, 'update', json_object('day', OLD.day), json_object('day', NEW.day));
END;
DROP TRIGGER audit_closures_delete;
CREATE TRIGGER audit_closures_delete AFTER DELETE ON closures
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'closure',
            OLD.day, 'delete', json_object('day', OLD.day), NULL);
END;
