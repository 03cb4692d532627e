-- Notes the account's CSM writes for whoever handles its tickets ("renewal under negotiation: no
-- discounts"). Pinned notes come first on the handoff card, then the newest. Deleting a note removes it:
-- a note can hold what should not have been written down, and the author must be able to take it back.

CREATE TABLE account_notes (
  id           uuid PRIMARY KEY,
  account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  author_name  text NOT NULL CHECK (author_name <> ''),
  author_email text,
  body         text NOT NULL CHECK (body <> ''),
  pinned       boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL,
  -- Moves when the note is pinned or unpinned.
  updated_at   timestamptz NOT NULL
);
-- The card's order: pinned first, newest first, id to break ties; one index range per account.
CREATE INDEX account_notes_order ON account_notes (account_id, pinned DESC, created_at DESC, id);
