# azd postprovision hook (Windows, PowerShell 7). azd exports the environment's values, including every
# output of infra/main.bicep, as environment variables before running this script.
#
# 1. Writes functions/Bedtime.Functions/local.settings.json so `func start` (and the local runner, which
#    reads the same keys) run against the deployed resources with YOUR identity (az login / azd auth
#    login): endpoints and names only, no keys, no secrets. An existing file is kept as .bak.
# 2. Turns off seeding of the app-owned secrets, so later provisions never overwrite the versions the
#    app has rotated since.
$ErrorActionPreference = 'Stop'

function Get-EnvOrDefault([string] $Name, [string] $Default = '') {
    $value = [Environment]::GetEnvironmentVariable($Name)
    if ([string]::IsNullOrEmpty($value)) { return $Default }
    return $value
}

$rootDir = Resolve-Path (Join-Path $PSScriptRoot '..' '..')
$targetDir = Join-Path $rootDir 'functions' 'Bedtime.Functions'
$target = Join-Path $targetDir 'local.settings.json'

$values = [ordered]@{
    'FUNCTIONS_WORKER_RUNTIME'                  = 'dotnet-isolated'
    'AzureWebJobsStorage__blobServiceUri'       = Get-EnvOrDefault 'AZURE_STORAGE_BLOB_ENDPOINT'
    'AzureWebJobsStorage__queueServiceUri'      = Get-EnvOrDefault 'AZURE_STORAGE_QUEUE_ENDPOINT'
    'Cosmos__Endpoint'                          = Get-EnvOrDefault 'AZURE_COSMOS_ENDPOINT'
    'Cosmos__Database'                          = Get-EnvOrDefault 'AZURE_COSMOS_DATABASE' 'bedtime'
    'Cosmos__ConnectionMode'                    = 'Gateway'
    'KeyVault__VaultUri'                        = Get-EnvOrDefault 'AZURE_KEY_VAULT_URI'
    'APPLICATIONINSIGHTS_CONNECTION_STRING'     = ''
    'BACKUP_SCHEDULE'                           = '0 0 * * * *'
    'SECRET_ROTATION_SCHEDULE'                  = '0 30 2 * * *'
    'SWEEPER_SCHEDULE'                          = '0 */5 * * * *'
    'Provisioning__CreateOnStart'               = 'false'
    'Auth__Authority'                           = Get-EnvOrDefault 'AUTH_AUTHORITY'
    'Auth__Audience'                            = Get-EnvOrDefault 'AUTH_AUDIENCE' 'api://bedtime'
    'Cors__AllowedOrigins'                      = Get-EnvOrDefault 'CORS_ALLOWED_ORIGINS'
    'StoryWriter__Provider'                     = Get-EnvOrDefault 'STORY_WRITER_PROVIDER' 'Offline'
    'OpenAI__Endpoint'                          = Get-EnvOrDefault 'AZURE_OPENAI_ENDPOINT'
    'OpenAI__Deployment'                        = Get-EnvOrDefault 'AZURE_OPENAI_DEPLOYMENT'
    'Speech__Endpoint'                          = Get-EnvOrDefault 'AZURE_SPEECH_ENDPOINT'
    'Speech__ResourceId'                        = Get-EnvOrDefault 'AZURE_SPEECH_RESOURCE_ID'
    'MalwareScanner__Provider'                  = Get-EnvOrDefault 'MALWARE_SCANNER_PROVIDER' 'None'
}
# Cloud-only providers fall back to the app's embedded defaults locally when not deployed.
if ((Get-EnvOrDefault 'NARRATOR_PROVIDER' 'None') -eq 'AzureSpeech') {
    $values['Narrator__Provider'] = 'AzureSpeech'
}

$settings = [ordered]@{
    IsEncrypted = $false
    Values      = $values
    Host        = [ordered]@{
        LocalHttpPort = 7071
    }
}

New-Item -ItemType Directory -Force -Path $targetDir | Out-Null
if (Test-Path $target) {
    Copy-Item $target "$target.bak" -Force
    Write-Host 'postprovision: kept the previous local.settings.json as local.settings.json.bak'
}
$settings | ConvertTo-Json -Depth 5 | Set-Content -Path $target -Encoding utf8
Write-Host "postprovision: wrote $target (endpoints only; you sign in with your own identity)"

# Defender for Storage can accept the setting and still fail to turn malware scanning on while the deployment
# succeeds; with MalwareScanner__Provider=Defender every upload would then fail closed. Stop here instead.
if ((Get-EnvOrDefault 'MALWARE_SCANNER_PROVIDER' 'None') -eq 'Defender') {
    if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
        throw "postprovision: malware scanning is on, but the Azure CLI (az) is not installed to check that Defender for Storage enabled it."
    }
    $settingsId = "/subscriptions/$env:AZURE_SUBSCRIPTION_ID/resourceGroups/$env:AZURE_RESOURCE_GROUP/providers/Microsoft.Storage/storageAccounts/$env:AZURE_STORAGE_ACCOUNT_NAME/providers/Microsoft.Security/defenderForStorageSettings/current"
    $status = az rest --method get --url "https://management.azure.com$($settingsId)?api-version=2025-01-01" --query 'properties.malwareScanning.operationStatus' --output json | ConvertFrom-Json
    if ($null -eq $status -or $status.code -ne 'Succeeded') {
        throw "postprovision: Defender for Storage did not enable malware scanning (status: $($status.code)). $($status.message) Uploads would all be rejected: fix the cause, or set ENABLE_MALWARE_SCANNING=false, then run 'azd provision' again."
    }
    Write-Host 'postprovision: Defender for Storage malware scanning is on'
}

# Later provisions must not overwrite secret versions the app has rotated.
if ((Get-EnvOrDefault 'SEED_APP_SECRETS' 'true') -ne 'false') {
    if (Get-Command azd -ErrorAction SilentlyContinue) {
        azd env set SEED_APP_SECRETS false
        Write-Host 'postprovision: SEED_APP_SECRETS=false (app-owned secrets were seeded once)'
    }
    else {
        Write-Warning "postprovision: azd not on PATH; run 'azd env set SEED_APP_SECRETS false' yourself"
    }
}

Write-Host @'
postprovision: role assignments for the app identity and for you (AZURE_PRINCIPAL_ID) were just created.
  Microsoft Entra ID can take up to about 10 minutes to apply them. A 403 (AuthorizationPermissionMismatch,
  Forbidden) from Storage, Cosmos DB or Key Vault right after provisioning is expected: wait and retry.
  Local runs use your own sign-in: run 'az login' (or 'azd auth login') with the same account first.
'@
