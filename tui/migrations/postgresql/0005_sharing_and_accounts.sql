-- Schema version 5 (PostgreSQL twin of sqlite/0005): sharing and account management.
-- The share, session and password_reset tables came with version 1; what sign-in needs more is a
-- throttle kept per typed address (a SHA-256 of it, never the address itself), so repeated failed
-- logins slow down the same way whether or not an account uses that address.

CREATE TABLE "login_throttle" (
    "address_hash" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL,
    "last_failed_at" TIMESTAMP NOT NULL
);
CREATE INDEX "login_throttle_last_failed_at" ON "login_throttle" ("last_failed_at");
