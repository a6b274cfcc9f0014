-- The first schema of the register. Standard SQL, so a shared PostgreSQL register can follow.
-- revision counts committed changes: a reader in several parts checks it saw one state.
CREATE TABLE register_info (
    revision INTEGER NOT NULL
);
INSERT INTO register_info (revision) VALUES (0);

CREATE TABLE organisations (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    region   TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    opened   TEXT NOT NULL DEFAULT '',
    closed   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE associates (
    staff_id    TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    home_org    TEXT NOT NULL REFERENCES organisations (code),
    band        TEXT NOT NULL DEFAULT '',
    max_days    INTEGER NOT NULL CHECK (max_days >= 0),
    day_rate    INTEGER NOT NULL DEFAULT 0 CHECK (day_rate >= 0),
    remote_only INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1,
    region      TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX associates_home_org ON associates (home_org);

CREATE TABLE associate_skills (
    staff_id TEXT NOT NULL REFERENCES associates (staff_id) ON DELETE CASCADE,
    skill    TEXT NOT NULL,
    level    INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (staff_id, skill)
);
CREATE INDEX associate_skills_skill ON associate_skills (skill, level);

CREATE TABLE associate_systems (
    staff_id TEXT NOT NULL REFERENCES associates (staff_id) ON DELETE CASCADE,
    system   TEXT NOT NULL,
    PRIMARY KEY (staff_id, system)
);
CREATE INDEX associate_systems_system ON associate_systems (system);

CREATE TABLE associate_clearances (
    staff_id TEXT NOT NULL REFERENCES associates (staff_id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    expiry   TEXT NOT NULL,
    PRIMARY KEY (staff_id, kind)
);
CREATE INDEX associate_clearances_expiry ON associate_clearances (expiry);

CREATE TABLE unavailability (
    staff_id TEXT NOT NULL REFERENCES associates (staff_id) ON DELETE CASCADE,
    starts   TEXT NOT NULL,
    ends     TEXT NOT NULL,
    reason   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (staff_id, starts, ends)
);
CREATE INDEX unavailability_dates ON unavailability (starts, ends);

CREATE TABLE requests (
    ref        TEXT PRIMARY KEY,
    trust      TEXT NOT NULL REFERENCES organisations (code),
    title      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    priority   INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
    system     TEXT NOT NULL DEFAULT '',
    starts     TEXT NOT NULL,
    ends       TEXT NOT NULL,
    mode       TEXT NOT NULL,
    status     TEXT NOT NULL,
    host_name  TEXT NOT NULL DEFAULT '',
    host_email TEXT NOT NULL DEFAULT ''
);
CREATE INDEX requests_status ON requests (status, priority);

CREATE TABLE roles (
    request_ref TEXT NOT NULL REFERENCES requests (ref) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    headcount   INTEGER NOT NULL CHECK (headcount >= 1),
    starts      TEXT NOT NULL,
    ends        TEXT NOT NULL,
    on_site     INTEGER NOT NULL,
    PRIMARY KEY (request_ref, name)
);

CREATE TABLE role_skills (
    request_ref TEXT NOT NULL,
    role        TEXT NOT NULL,
    skill       TEXT NOT NULL,
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (request_ref, role, skill),
    FOREIGN KEY (request_ref, role) REFERENCES roles (request_ref, name) ON DELETE CASCADE
);

CREATE TABLE role_clearances (
    request_ref TEXT NOT NULL,
    role        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    PRIMARY KEY (request_ref, role, kind),
    FOREIGN KEY (request_ref, role) REFERENCES roles (request_ref, name) ON DELETE CASCADE
);

CREATE TABLE assignments (
    request_ref TEXT NOT NULL,
    role        TEXT NOT NULL,
    staff_id    TEXT NOT NULL REFERENCES associates (staff_id),
    starts      TEXT NOT NULL,
    ends        TEXT NOT NULL,
    status      TEXT NOT NULL,
    pinned      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (request_ref, role, staff_id),
    FOREIGN KEY (request_ref, role) REFERENCES roles (request_ref, name) ON DELETE CASCADE
);
CREATE INDEX assignments_staff ON assignments (staff_id, starts);

CREATE TABLE lessons (
    id          INTEGER PRIMARY KEY,
    request_ref TEXT NOT NULL DEFAULT '',
    trust       TEXT NOT NULL DEFAULT '',
    system      TEXT NOT NULL,
    what_failed TEXT NOT NULL,
    what_fixed  TEXT NOT NULL,
    author      TEXT NOT NULL DEFAULT '',
    written     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lessons_system ON lessons (system);

CREATE TABLE closures (
    day TEXT PRIMARY KEY
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
