-- Patron schema, version 1: accounts, contacts, tickets with their triage decision, the outbox,
-- policy versions. Written for PostgreSQL 15 (the oldest server we support); PGlite runs it as is.

CREATE TABLE accounts (
  id                 uuid PRIMARY KEY,
  external_id        text NOT NULL UNIQUE,
  name               text NOT NULL,
  arr                numeric(16, 2) NOT NULL CHECK (arr >= 0),
  currency           char(3) NOT NULL,
  plan               text NOT NULL,
  renewal_date       date,
  timezone           text NOT NULL,
  csm                jsonb,
  account_executive  jsonb,
  expansion_pipeline numeric(16, 2) CHECK (expansion_pipeline >= 0),
  health_score       smallint CHECK (health_score BETWEEN 0 AND 100),
  tags               text[] NOT NULL DEFAULT '{}',
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  revision           integer NOT NULL DEFAULT 1
);

-- A domain may belong to several accounts (subsidiaries); triage decides between them.
CREATE TABLE account_domains (
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  domain     text NOT NULL,
  PRIMARY KEY (account_id, domain)
);
CREATE INDEX account_domains_domain ON account_domains (domain);

CREATE TABLE contacts (
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  email      text NOT NULL,
  name       text,
  title      text,
  role       text NOT NULL CHECK (role IN ('executive', 'admin', 'user')),
  PRIMARY KEY (account_id, email)
);
CREATE INDEX contacts_email ON contacts (email);

CREATE TABLE tickets (
  id                    uuid PRIMARY KEY,
  source                text NOT NULL,
  external_id           text NOT NULL,
  account_id            uuid REFERENCES accounts (id) ON DELETE SET NULL,
  channel               text NOT NULL,
  subject               text NOT NULL,
  body                  text NOT NULL,
  requester_email       text NOT NULL,
  requester_name        text,
  severity_filed        text,
  severity_effective    text NOT NULL,
  priority_score        integer NOT NULL,
  priority_level        text NOT NULL,
  tier                  text NOT NULL,
  queue                 text NOT NULL,
  agent_tier            text NOT NULL,
  language              text NOT NULL,
  status                text NOT NULL DEFAULT 'open',
  first_response_due_at timestamptz NOT NULL,
  resolution_due_at     timestamptz NOT NULL,
  created_at            timestamptz NOT NULL,
  received_at           timestamptz NOT NULL,
  policy_version        text NOT NULL,
  decision              jsonb NOT NULL,
  UNIQUE (source, external_id)
);
-- The agent queue: most urgent first, then the nearest first-response deadline, then oldest. The score is
-- indexed negated so the whole order is ascending: a page after a cursor is then one row comparison,
-- (-score, due, created, id) > (…), which an index range scan answers without reading earlier pages.
CREATE INDEX tickets_queue_order ON tickets (queue, (-priority_score), first_response_due_at, created_at, id)
  WHERE status = 'open';
CREATE INDEX tickets_open_order ON tickets ((-priority_score), first_response_due_at, created_at, id)
  WHERE status = 'open';
CREATE INDEX tickets_account ON tickets (account_id, created_at DESC);

-- Notifications are written here in the same transaction as the change that caused them, and delivered
-- later, at least once: one row per message, channel and recipient. The row is its own delivery queue
-- (claimed with FOR UPDATE SKIP LOCKED), retried with backoff, and kept as 'dead' when it cannot be sent.
-- Receivers deduplicate on message_key, which stays the same across retries.
CREATE TABLE outbox (
  id           bigserial PRIMARY KEY,
  dedup_key    text NOT NULL UNIQUE,
  message_key  text NOT NULL,
  topic        text NOT NULL,
  channel      text NOT NULL CHECK (channel IN ('email', 'webhook', 'slack')),
  target       text NOT NULL,
  ticket_id    uuid REFERENCES tickets (id) ON DELETE CASCADE,
  payload      jsonb NOT NULL,
  state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'delivered', 'dead')),
  attempts     integer NOT NULL DEFAULT 0,
  available_at timestamptz NOT NULL,
  deliver_by   timestamptz,
  locked_at    timestamptz,
  locked_by    text,
  created_at   timestamptz NOT NULL,
  delivered_at timestamptz,
  last_error   text,
  response     text
);
-- Deliveries with a deadline (the executive-contact rule's five minutes) first, soonest deadline first.
CREATE INDEX outbox_due ON outbox (deliver_by, available_at, id) WHERE state = 'pending';
CREATE INDEX outbox_sending ON outbox (locked_at) WHERE state = 'sending';
CREATE INDEX outbox_ticket ON outbox (ticket_id);
CREATE INDEX outbox_dead ON outbox (id) WHERE state = 'dead';

CREATE TABLE policy_versions (
  version    text PRIMARY KEY,
  name       text NOT NULL,
  origin     text NOT NULL,
  document   text NOT NULL,
  first_seen timestamptz NOT NULL
);

CREATE TABLE meta (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);
