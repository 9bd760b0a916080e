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
    'Auth__Audience'                            = Get-EnvOrDefault 'AUTH_AUDIENCE'
    'Cors__AllowedOrigins'                      = Get-EnvOrDefault 'CORS_ALLOWED_ORIGINS'
    'StoryWriter__Provider'                     = Get-EnvOrDefault 'STORY_WRITER_PROVIDER' 'Offline'
    'OpenAI__Endpoint'                          = Get-EnvOrDefault 'AZURE_OPENAI_ENDPOINT'
    'OpenAI__Deployment'                        = Get-EnvOrDefault 'AZURE_OPENAI_DEPLOYMENT'
    'Speech__Endpoint'                          = Get-EnvOrDefault 'AZURE_SPEECH_ENDPOINT'
    'Speech__Region'                            = Get-EnvOrDefault 'AZURE_SPEECH_REGION'
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
        CORS          = Get-EnvOrDefault 'CORS_ALLOWED_ORIGINS'
    }
}

New-Item -ItemType Directory -Force -Path $targetDir | Out-Null
if (Test-Path $target) {
    Copy-Item $target "$target.bak" -Force
    Write-Host 'postprovision: kept the previous local.settings.json as local.settings.json.bak'
}
$settings | ConvertTo-Json -Depth 5 | Set-Content -Path $target -Encoding utf8
Write-Host "postprovision: wrote $target (endpoints only; you sign in with your own identity)"

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
