-- The account side: contract dates, the tier an account is held in (and a downgrade it has been
-- told about), usage and billing observations, health and churn-risk history, CSAT on tickets.

ALTER TABLE accounts ADD COLUMN contract_start date;
-- The tier in force. Null until the lifecycle first places the account; triage then falls back to
-- the policy's tier conditions.
ALTER TABLE accounts ADD COLUMN tier text;
ALTER TABLE accounts ADD COLUMN tier_since timestamptz;
-- A downgrade the CSM has been told about: { tier, effectiveAt, noticeAt, reasons }.
ALTER TABLE accounts ADD COLUMN pending_tier jsonb;
-- The latest assessment (health, patterns, churn risk, tier target, each with its factors; history
-- below); `risk_bucket` is copied out so the accounts list can filter on it.
ALTER TABLE accounts ADD COLUMN assessment jsonb;
ALTER TABLE accounts ADD COLUMN risk_bucket text;
ALTER TABLE accounts ADD COLUMN assessed_at timestamptz;

-- One observation of usage and billing per account per day (a later import of the same day replaces
-- it). Counts over a trailing window, as the customer's product analytics report them.
CREATE TABLE account_metrics (
  account_id          uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  observed_on         date NOT NULL,
  logins_30d          integer CHECK (logins_30d >= 0),
  logins_prev_30d     integer CHECK (logins_prev_30d >= 0),
  active_seats        integer CHECK (active_seats >= 0),
  licensed_seats      integer CHECK (licensed_seats >= 0),
  features_used       integer CHECK (features_used >= 0),
  features_available  integer CHECK (features_available >= 0),
  failed_payments_90d integer CHECK (failed_payments_90d >= 0),
  downgrade_requested boolean,
  nps                 smallint CHECK (nps BETWEEN 0 AND 10),
  PRIMARY KEY (account_id, observed_on)
);

-- Billing events from the billing system, idempotent by its event id.
CREATE TABLE account_billing_events (
  account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  event_id    text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('payment_failed', 'payment_recovered', 'downgrade_request',
                                            'upgrade', 'refund', 'cancellation_request')),
  occurred_at timestamptz NOT NULL,
  amount      numeric(16, 2) CHECK (amount >= 0),
  note        text,
  PRIMARY KEY (account_id, event_id)
);
CREATE INDEX account_billing_events_recent ON account_billing_events (account_id, occurred_at DESC);

CREATE TABLE account_health_history (
  account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  computed_at timestamptz NOT NULL,
  score       smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
  risk_score  smallint NOT NULL CHECK (risk_score BETWEEN 0 AND 100),
  risk_bucket text,
  PRIMARY KEY (account_id, computed_at)
);

-- Every tier decision that changed something: upgrades, scheduled and cancelled downgrades, applied
-- downgrades, with the reasons in words.
CREATE TABLE account_tier_changes (
  id           bigserial PRIMARY KEY,
  account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  at           timestamptz NOT NULL,
  kind         text NOT NULL,
  from_tier    text,
  to_tier      text NOT NULL,
  effective_at timestamptz NOT NULL,
  reasons      jsonb NOT NULL
);
CREATE INDEX account_tier_changes_account ON account_tier_changes (account_id, id);
CREATE INDEX accounts_tier ON accounts (tier);

-- Customer satisfaction given on a ticket (1–5), and when it was solved, for the ticket history.
ALTER TABLE tickets ADD COLUMN csat smallint CHECK (csat BETWEEN 1 AND 5);
ALTER TABLE tickets ADD COLUMN resolved_at timestamptz;
