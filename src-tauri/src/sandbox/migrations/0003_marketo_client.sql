-- Step 3: the Sales account also keeps the Client ID it was connected with (the Actions Config tab's, not
-- a LaunchPoint service's), so a test or an admin can see which credential set it received. Never the secret.
ALTER TABLE account ADD COLUMN mk_client_id TEXT;
