#!/bin/sh
# azd postprovision hook (POSIX). azd exports the environment's values, including every output of
# infra/main.bicep, as environment variables before running this script.
#
# 1. Writes functions/Bedtime.Functions/local.settings.json so `func start` (and the local runner, which
#    reads the same keys) run against the deployed resources with YOUR identity (az login / azd auth
#    login): endpoints and names only, no keys, no secrets. An existing file is kept as .bak.
# 2. Turns off seeding of the app-owned secrets, so later provisions never overwrite the versions the
#    app has rotated since.
set -eu

root_dir=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
target_dir="$root_dir/functions/Bedtime.Functions"
target="$target_dir/local.settings.json"

# JSON-escape a value (backslash and double quote; the values are URLs and names).
json() {
  printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

# Cloud-only providers fall back to the app's embedded defaults locally when not deployed.
narrator_line=""
if [ "${NARRATOR_PROVIDER:-None}" = "AzureSpeech" ]; then
  narrator_line="    \"Narrator__Provider\": \"AzureSpeech\","
fi

mkdir -p "$target_dir"
if [ -f "$target" ]; then
  cp "$target" "$target.bak"
  echo "postprovision: kept the previous local.settings.json as local.settings.json.bak"
fi

tmp="$target.tmp.$$"
{
  echo "{"
  echo "  \"IsEncrypted\": false,"
  echo "  \"Values\": {"
  echo "    \"FUNCTIONS_WORKER_RUNTIME\": \"dotnet-isolated\","
  echo "    \"AzureWebJobsStorage__blobServiceUri\": \"$(json "${AZURE_STORAGE_BLOB_ENDPOINT:-}")\","
  echo "    \"AzureWebJobsStorage__queueServiceUri\": \"$(json "${AZURE_STORAGE_QUEUE_ENDPOINT:-}")\","
  echo "    \"Cosmos__Endpoint\": \"$(json "${AZURE_COSMOS_ENDPOINT:-}")\","
  echo "    \"Cosmos__Database\": \"$(json "${AZURE_COSMOS_DATABASE:-bedtime}")\","
  echo "    \"Cosmos__ConnectionMode\": \"Gateway\","
  echo "    \"KeyVault__VaultUri\": \"$(json "${AZURE_KEY_VAULT_URI:-}")\","
  echo "    \"APPLICATIONINSIGHTS_CONNECTION_STRING\": \"\","
  echo "    \"BACKUP_SCHEDULE\": \"0 0 * * * *\","
  echo "    \"SECRET_ROTATION_SCHEDULE\": \"0 30 2 * * *\","
  echo "    \"SWEEPER_SCHEDULE\": \"0 */5 * * * *\","
  echo "    \"Provisioning__CreateOnStart\": \"false\","
  echo "    \"Auth__Authority\": \"$(json "${AUTH_AUTHORITY:-}")\","
  echo "    \"Auth__Audience\": \"$(json "${AUTH_AUDIENCE:-api://bedtime}")\","
  echo "    \"Cors__AllowedOrigins\": \"$(json "${CORS_ALLOWED_ORIGINS:-}")\","
  echo "    \"StoryWriter__Provider\": \"$(json "${STORY_WRITER_PROVIDER:-Offline}")\","
  echo "    \"OpenAI__Endpoint\": \"$(json "${AZURE_OPENAI_ENDPOINT:-}")\","
  echo "    \"OpenAI__Deployment\": \"$(json "${AZURE_OPENAI_DEPLOYMENT:-}")\","
  if [ -n "$narrator_line" ]; then echo "$narrator_line"; fi
  echo "    \"Speech__Endpoint\": \"$(json "${AZURE_SPEECH_ENDPOINT:-}")\","
  echo "    \"Speech__ResourceId\": \"$(json "${AZURE_SPEECH_RESOURCE_ID:-}")\","
  echo "    \"MalwareScanner__Provider\": \"$(json "${MALWARE_SCANNER_PROVIDER:-None}")\""
  echo "  },"
  echo "  \"Host\": {"
  echo "    \"LocalHttpPort\": 7071"
  echo "  }"
  echo "}"
} > "$tmp"
mv "$tmp" "$target"
echo "postprovision: wrote $target (endpoints only; you sign in with your own identity)"

# Defender for Storage can accept the setting and still fail to turn malware scanning on (quota, region,
# subscription plan) while the deployment succeeds. With MalwareScanner__Provider=Defender every upload would
# then wait for a verdict that never comes and fail closed: stop here instead, with the reason.
if [ "${MALWARE_SCANNER_PROVIDER:-None}" = "Defender" ]; then
  if ! command -v az >/dev/null 2>&1; then
    echo "postprovision: malware scanning is on, but the Azure CLI (az) is not installed to check that Defender for Storage enabled it." >&2
    echo "  Install it and run 'azd provision' again, or check the storage account's Microsoft Defender for Cloud page." >&2
    exit 1
  fi
  settings_id="/subscriptions/${AZURE_SUBSCRIPTION_ID}/resourceGroups/${AZURE_RESOURCE_GROUP}/providers/Microsoft.Storage/storageAccounts/${AZURE_STORAGE_ACCOUNT_NAME}/providers/Microsoft.Security/defenderForStorageSettings/current"
  status=$(az rest --method get --url "https://management.azure.com${settings_id}?api-version=2025-01-01" \
    --query "properties.malwareScanning.operationStatus.code" --output tsv 2>/dev/null || echo "unreadable")
  if [ "$status" != "Succeeded" ]; then
    message=$(az rest --method get --url "https://management.azure.com${settings_id}?api-version=2025-01-01" \
      --query "properties.malwareScanning.operationStatus.message" --output tsv 2>/dev/null || true)
    echo "postprovision: Defender for Storage did not enable malware scanning (status: ${status}). ${message}" >&2
    echo "  Uploads would all be rejected. Fix the cause, or set ENABLE_MALWARE_SCANNING=false, then run 'azd provision' again." >&2
    exit 1
  fi
  echo "postprovision: Defender for Storage malware scanning is on"
fi

# Later provisions must not overwrite secret versions the app has rotated.
if [ "${SEED_APP_SECRETS:-true}" != "false" ]; then
  if command -v azd >/dev/null 2>&1; then
    azd env set SEED_APP_SECRETS false
    echo "postprovision: SEED_APP_SECRETS=false (app-owned secrets were seeded once)"
  else
    echo "postprovision: azd not on PATH; run 'azd env set SEED_APP_SECRETS false' yourself" >&2
  fi
fi

cat <<'NOTE'
postprovision: role assignments for the app identity and for you (AZURE_PRINCIPAL_ID) were just created.
  Microsoft Entra ID can take up to about 10 minutes to apply them. A 403 (AuthorizationPermissionMismatch,
  Forbidden) from Storage, Cosmos DB or Key Vault right after provisioning is expected: wait and retry.
  Local runs use your own sign-in: run 'az login' (or 'azd auth login') with the same account first.
NOTE
