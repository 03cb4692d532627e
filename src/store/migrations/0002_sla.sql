-- SLA clocks, their ledger, ticket events, follow-up tasks, and the durable jobs that wake them.

ALTER TABLE tickets ADD COLUMN last_event_at timestamptz;
ALTER TABLE tickets ADD COLUMN assignee jsonb;
-- Points added after triage (escalation levels), each with its reason; priority_score includes them.
ALTER TABLE tickets ADD COLUMN priority_adjustments jsonb NOT NULL DEFAULT '[]';

-- One row per metric per ticket. `state` is the clock as the core defines it; status and due_at are
-- copied out of it so breach boards can query them.
CREATE TABLE clocks (
  ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  metric    text NOT NULL,
  status    text NOT NULL,
  due_at    timestamptz,
  state     jsonb NOT NULL,
  PRIMARY KEY (ticket_id, metric)
);
CREATE INDEX clocks_running_due ON clocks (due_at) WHERE status = 'running';

CREATE TABLE clock_ledger (
  id        bigserial PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  at        timestamptz NOT NULL,
  metric    text,
  cycle     integer NOT NULL,
  action    text NOT NULL,
  level     integer,
  text      text NOT NULL
);
CREATE INDEX clock_ledger_ticket ON clock_ledger (ticket_id, id);

-- Events are idempotent by the source's event id.
CREATE TABLE ticket_events (
  ticket_id   uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  event_id    text NOT NULL,
  type        text NOT NULL,
  at          timestamptz NOT NULL,
  event       jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (ticket_id, event_id)
);

CREATE TABLE tasks (
  id         uuid PRIMARY KEY,
  ticket_id  uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  kind       text NOT NULL,
  title      text NOT NULL,
  owner      jsonb,
  due_at     timestamptz NOT NULL,
  state      text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
  reason     text NOT NULL,
  created_at timestamptz NOT NULL,
  done_at    timestamptz
);
CREATE INDEX tasks_ticket ON tasks (ticket_id);

-- Durable jobs: a row is a wake-up call at run_at. A keyed job (one timer per clock, one per task) is
-- rescheduled in place. Claimed with FOR UPDATE SKIP LOCKED by any number of workers; a job whose
-- worker died is returned to the queue after its lock times out; one that keeps failing goes 'dead'.
CREATE TABLE jobs (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL,
  key          text UNIQUE,
  payload      jsonb NOT NULL DEFAULT '{}',
  state        text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'active', 'dead')),
  attempts     integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 10,
  run_at       timestamptz NOT NULL,
  locked_at    timestamptz,
  locked_by    text,
  last_error   text,
  created_at   timestamptz NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_active ON jobs (locked_at) WHERE state = 'active';
