-- Issue 12: who established that a done step is done, in its own column, so no one reads it out of an
-- English sentence. `app` = a check read every fact (or the app did the step and saw it take); `admin` =
-- an admin marked it done in this app; `sales_console` = an admin confirmed it was done in the
-- Sales-account console (hand-off route). Backfilled from the sentences the app used to write into
-- `reason`, which then keeps only what a person wrote (the audit trail keeps the old sentences).

ALTER TABLE setup_steps ADD COLUMN verified_by TEXT
    CHECK (verified_by IS NULL OR verified_by IN ('app', 'admin', 'sales_console'));

UPDATE setup_steps SET verified_by = CASE
        WHEN reason LIKE 'Verified by the app%' THEN 'app'
        WHEN reason LIKE 'Confirmed by % in the Sales-account console' THEN 'sales_console'
        ELSE 'admin'
    END
WHERE state = 'done';

UPDATE setup_steps SET reason = NULL
WHERE state = 'done' AND verified_by IN ('app', 'sales_console');
