-- A lesson is tied to the associate who wrote it by their Staff ID (author_id), not by
-- their name, which a namesake may share and which changes: author keeps the name of an
-- author who is not an associate. Lessons credited to a Staff ID, or to a name only one
-- associate has, are tied now; a name two associates share stays as it was written. The
-- lessons' audit triggers are made again with author_id, and are lifted while the lessons
-- are tied (a change of schema, not of anyone's lesson).
--
-- erasures keeps that someone was erased, as a salted hash of their Staff ID (the salt is
-- the register's own), in a table a restore does not replace: a restored backup made
-- before the erasure is erased again. scrubbed is 0 while the file may still hold their
-- old bytes (the disk was full, or the program was stopped, before it was rebuilt): the
-- next opening of the register finishes it.

DROP TRIGGER audit_lessons_insert;
DROP TRIGGER audit_lessons_update;
DROP TRIGGER audit_lessons_delete;

ALTER TABLE lessons ADD COLUMN author_id TEXT REFERENCES associates (staff_id);
UPDATE lessons SET author_id = author, author = '' WHERE author IN (SELECT staff_id FROM associates);
UPDATE lessons SET author_id = (SELECT staff_id FROM associates a WHERE a.name = lessons.author), author = ''
    WHERE author_id IS NULL AND author != '' AND (SELECT COUNT(*) FROM associates a WHERE a.name = lessons.author) = 1;
CREATE INDEX lessons_author ON lessons (author_id);

CREATE TRIGGER audit_lessons_insert AFTER INSERT ON lessons
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'lesson',
            CAST(NEW.id AS TEXT), 'insert', NULL, json_object('request_ref', NEW.request_ref, 'trust', NEW.trust, 'system', NEW.system, 'version', NEW.version, 'what_failed', NEW.what_failed, 'what_fixed', NEW.what_fixed, 'tags', NEW.tags, 'author_id', NEW.author_id, 'author', NEW.author, 'written', NEW.written));
END;
CREATE TRIGGER audit_lessons_update AFTER UPDATE ON lessons
WHEN json_object('request_ref', OLD.request_ref, 'trust', OLD.trust, 'system', OLD.system, 'version', OLD.version, 'what_failed', OLD.what_failed, 'what_fixed', OLD.what_fixed, 'tags', OLD.tags, 'author_id', OLD.author_id, 'author', OLD.author, 'written', OLD.written) IS NOT json_object('request_ref', NEW.request_ref, 'trust', NEW.trust, 'system', NEW.system, 'version', NEW.version, 'what_failed', NEW.what_failed, 'what_fixed', NEW.what_fixed, 'tags', NEW.tags, 'author_id', NEW.author_id, 'author', NEW.author, 'written', NEW.written)
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'lesson',
            CAST(NEW.id AS TEXT), 'update', json_object('request_ref', OLD.request_ref, 'trust', OLD.trust, 'system', OLD.system, 'version', OLD.version, 'what_failed', OLD.what_failed, 'what_fixed', OLD.what_fixed, 'tags', OLD.tags, 'author_id', OLD.author_id, 'author', OLD.author, 'written', OLD.written), json_object('request_ref', NEW.request_ref, 'trust', NEW.trust, 'system', NEW.system, 'version', NEW.version, 'what_failed', NEW.what_failed, 'what_fixed', NEW.what_fixed, 'tags', NEW.tags, 'author_id', NEW.author_id, 'author', NEW.author, 'written', NEW.written));
END;
CREATE TRIGGER audit_lessons_delete AFTER DELETE ON lessons
BEGIN
    INSERT INTO audit (at, os_user, entity, entity_key, change, before, after)
    VALUES ((SELECT at FROM audit_context), (SELECT os_user FROM audit_context), 'lesson',
            CAST(OLD.id AS TEXT), 'delete', json_object('request_ref', OLD.request_ref, 'trust', OLD.trust, 'system', OLD.system, 'version', OLD.version, 'what_failed', OLD.what_failed, 'what_fixed', OLD.what_fixed, 'tags', OLD.tags, 'author_id', OLD.author_id, 'author', OLD.author, 'written', OLD.written), NULL);
END;

ALTER TABLE register_info ADD COLUMN salt TEXT NOT NULL DEFAULT '';
UPDATE register_info SET salt = lower(hex(randomblob(16)));

CREATE TABLE erasures (
    hash     TEXT PRIMARY KEY,
    erased   TEXT NOT NULL,
    scrubbed INTEGER NOT NULL DEFAULT 0
);
