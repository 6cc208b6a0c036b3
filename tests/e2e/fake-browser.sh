#!/usr/bin/env bash
# Plays the admin's browser during end-to-end tests (MSI_SETUP_BROWSER): on the sandbox's Salesforce consent
# page it clicks Allow at once, then follows the redirect to the app's loopback listener, as a browser would.
set -euo pipefail
url="$1&auto=allow"
location=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
curl -s -o /dev/null "$location"
