-- The lifecycle of workbook.md: an assignment keeps why it was withdrawn or ended early (the
-- Assignments sheet's Reason), and a lesson the version of the supplier's system it is about
-- and words to find it by (tags, "; " between). Their audit triggers are made again with them.

ALTER TABLE assignments ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE lessons ADD COLUMN version TEXT NOT NULL DEFAULT '';
ALTER TABLE lessons ADD COLUMN tags TEXT NOT NULL DEFAULT '';

DROP TRIGGER audit_assignments_insert;
CREATE TRIGGER audit_assignments_insert AFTER INSERT ON assignments
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'assignment',
            NEW.request_ref || ' / ' || NEW.role || ' / ' || NEW.staff_id, 'insert', NULL, json_object('starts', NEW.starts, 'ends', NEW.ends, 'status', NEW.status, 'pinned', NEW.pinned, 'reason', NEW.reason));
END;
DROP TRIGGER audit_assignments_update;
CREATE TRIGGER audit_assignments_update AFTER UPDATE ON assignments
WHEN json_object('starts', OLD.starts, 'ends', OLD.ends, 'status', OLD.status, 'pinned', OLD.pinned, 'reason', OLD.reason) IS NOT json_object('starts', NEW.starts, 'ends', NEW.ends, 'status', NEW.status, 'pinned', NEW.pinned, 'reason', NEW.reason)
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'assignment',
            NEW.request_ref || ' / ' || NEW.role || ' / ' || NEW.staff_id, 'update', json_object('starts', OLD.starts, 'ends', OLD.ends, 'status', OLD.status, 'pinned', OLD.pinned, 'reason', OLD.reason), json_object('starts', NEW.starts, 'ends', NEW.ends, 'status', NEW.status, 'pinned', NEW.pinned, 'reason', NEW.reason));
END;
DROP TRIGGER audit_assignments_delete;
CREATE TRIGGER audit_assignments_delete AFTER DELETE ON assignments
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'assignment',
            OLD.request_ref || ' / ' || OLD.role || ' / ' || OLD.staff_id, 'delete', json_object('starts', OLD.starts, 'ends', OLD.ends, 'status', OLD.status, 'pinned', OLD.pinned, 'reason', OLD.reason), NULL);
END;
DROP TRIGGER audit_lessons_insert;
CREATE TRIGGER audit_lessons_insert AFTER INSERT ON lessons
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'lesson',
            CAST(NEW.id AS TEXT), 'insert', NULL, json_object('request_ref', NEW.request_ref, 'trust', NEW.trust, 'system', NEW.system, 'version', NEW.version, 'what_failed', NEW.what_failed, 'what_fixed', NEW.what_fixed, 'tags', NEW.tags, 'author', NEW.author, 'written', NEW.written));
END;
DROP TRIGGER audit_lessons_update;
CREATE TRIGGER audit_lessons_update AFTER UPDATE ON lessons
WHEN json_object('request_ref', OLD.request_ref, 'trust', OLD.trust, 'system', OLD.system, 'version', OLD.version, 'what_failed', OLD.what_failed, 'what_fixed', OLD.what_fixed, 'tags', OLD.tags, 'author', OLD.author, 'written', OLD.written) IS NOT json_object('request_ref', NEW.request_ref, 'trust', NEW.trust, 'system', NEW.system, 'version', NEW.version, 'what_failed', NEW.what_failed, 'what_fixed', NEW.what_fixed, 'tags', NEW.tags, 'author', NEW.author, 'written', NEW.written)
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'lesson',
            CAST(NEW.id AS TEXT), 'update', json_object('request_ref', OLD.request_ref, 'trust', OLD.trust, 'system', OLD.system, 'version', OLD.version, 'what_failed', OLD.what_failed, 'what_fixed', OLD.what_fixed, 'tags', OLD.tags, 'author', OLD.author, 'written', OLD.written), json_object('request_ref', NEW.request_ref, 'trust', NEW.trust, 'system', NEW.system, 'version', NEW.version, 'what_failed', NEW.what_failed, 'what_fixed', NEW.what_fixed, 'tags', NEW.tags, 'author', NEW.author, 'written', NEW.written));
END;
DROP TRIGGER audit_lessons_delete;
CREATE TRIGGER audit_lessons_delete AFTER DELETE ON lessons
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'lesson',
            CAST(OLD.id AS TEXT), 'delete', json_object('request_ref', OLD.request_ref, 'trust', OLD.trust, 'system', OLD.system, 'version', OLD.version, 'what_failed', OLD.what_failed, 'what_fixed', OLD.what_fixed, 'tags', OLD.tags, 'author', OLD.author, 'written', OLD.written), NULL);
END;
