// Bedtime backend: entry point for `azd provision` / `azd up`.
//
// Creates the resource group and, inside it: a user-assigned managed identity, a Function App on the
// Flex Consumption plan (.NET 10 isolated), Storage (blobs + queues), Cosmos DB (NoSQL), Key Vault,
// Log Analytics + Application Insights with alert rules and an operator workbook, optional Azure OpenAI
// and Azure AI Speech, and optional Defender for Storage malware scanning. Every data-plane access uses
// Microsoft Entra ID (role assignments), never keys or connection strings with secrets.
//
// Resource types, API versions and the documentation each was checked against are listed in
// docs/deploy.md ("Schema sources").

targetScope = 'subscription'

// ---------------------------------------------------------------------------------------------------
// Parameters (main.parameters.json maps each of them to an azd environment variable)
// ---------------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('Name of the azd environment. Names the resource group and seeds the unique token in resource names.')
param environmentName string

@minLength(1)
@description('Primary location for all resources: a region that offers the Flex Consumption plan with .NET 10 isolated.')
@allowed([
  'australiaeast'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'northcentralus'
  'northeurope'
  'southcentralus'
  'southeastasia'
  'swedencentral'
  'uksouth'
  'westcentralus'
  'westeurope'
  'westus2'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user or principal (azd sets AZURE_PRINCIPAL_ID). Gets the same data roles as the app, for local development. Empty = none.')
param principalId string = ''

@description('Type of principalId: User for a person, ServicePrincipal when a pipeline deploys.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Optional name of the resource group. Default: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Email address that receives alert notifications. Empty = the action group has no receivers (alerts still fire in the portal).')
param alertEmail string = ''

@description('Further origins allowed to call the API from a browser, comma separated (e.g. https://app.example.com); the web app\'s own origin is always allowed. The app answers CORS itself (Cors__AllowedOrigins; platform CORS stays off so its rules apply); Blob CORS uses them for upload links.')
param corsAllowedOrigins string = ''

@description('Region of the web app\'s Static Web Apps resource (its content is served globally).')
@allowed([
  'centralus'
  'eastasia'
  'eastus2'
  'westeurope'
  'westus2'
])
param webLocation string = 'westeurope'

@description('Client id of the Entra ID app registration the web app signs parents in with (a single-page application whose redirect URI is the web app\'s origin). Empty = the web app offers no sign-in in Azure.')
param webClientId string = ''

@description('Scopes the web app asks for in its access tokens for the API, space separated. Empty = <authAudience>/.default.')
param webScopes string = ''

@description('OIDC authority (issuer) of end-user tokens, e.g. https://login.microsoftonline.com/<tenant>/v2.0. May be empty.')
param authAuthority string = ''

@minLength(1)
@description('Expected audience of end-user tokens (Auth__Audience, required by the app at start).')
param authAudience string = 'api://bedtime'

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('Upper limit of Flex Consumption instances for the app.')
@minValue(1)
@maxValue(1000)
param functionMaximumInstanceCount int = 40

@description('Cosmos DB capacity mode: Serverless (pay per request) or Provisioned (shared autoscale throughput on the database).')
@allowed([
  'Serverless'
  'Provisioned'
])
param cosmosCapacityMode string = 'Serverless'

@description('Autoscale maximum RU/s of the database when cosmosCapacityMode is Provisioned.')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Days after which blobs under backups/ are deleted by the lifecycle rule. The app keeps 7 days itself; this is the safety net.')
@minValue(1)
param backupRetentionDays int = 8

@description('Days deleted blobs and containers stay recoverable (soft delete).')
@minValue(1)
@maxValue(365)
param blobSoftDeleteRetentionDays int = 7

@description('Days a deleted Key Vault (and deleted secrets) stay recoverable.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionDays int = 7

@description('Key Vault purge protection. Once on it cannot be turned off, and a deleted vault cannot be purged before its retention ends.')
param keyVaultPurgeProtection bool = true

@description('Write initial random values for the secrets the app owns (api-key-material, dev-token-signing-key). The postprovision hook turns this off after the first provision so later provisions do not overwrite them.')
param seedAppSecrets bool = true

@secure()
@description('Entropy for the initial api-key-material value. Leave the default (fresh random GUIDs).')
param apiKeyMaterialSeed string = '${newGuid()}${newGuid()}'

@secure()
@description('Entropy for the initial dev-token-signing-key value. Leave the default (fresh random GUIDs).')
param devTokenSigningKeySeed string = '${newGuid()}${newGuid()}'

@description('Daily ingestion cap of the Log Analytics workspace, in GB (-1 = no cap). Past it, logs stop until the next UTC day; alerts that read logs go blind, so size it with headroom.')
param logDailyCapGb int = 5

@description('Retention of the Log Analytics workspace, in days.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Deploy an Azure OpenAI account and model deployment for the story writer (otherwise the offline writer is used).')
param deployOpenAI bool = false

@description('Region of the Azure OpenAI account. Empty = location.')
param openAILocation string = ''

@description('Model deployed for the story writer (any chat model with JSON output that the region offers).')
param openAIModelName string = 'gpt-4o-mini'

@description('Version of the model. Empty = the version Azure OpenAI currently makes the default for the model; the deployment then follows new default versions, so a retired version never stops the app.')
param openAIModelVersion string = ''

@description('Name of the model deployment (OpenAI__Deployment).')
param openAIDeploymentName string = 'story-writer'

@description('Deployment type (SKU) of the model deployment.')
@allowed([
  'Standard'
  'GlobalStandard'
  'DataZoneStandard'
])
param openAIDeploymentSku string = 'GlobalStandard'

@description('Capacity of the model deployment, in thousands of tokens per minute.')
@minValue(1)
param openAIDeploymentCapacity int = 10

@description('Deploy an Azure AI Speech account for narration (otherwise narration is off in Azure).')
param deploySpeech bool = false

@description('Region of the Speech account. Empty = location.')
param speechLocation string = ''

@description('Deploy Azure AI Content Safety: stories and the texts taken from uploads are then also checked by it, and upload texts by Prompt Shields (otherwise the offline checks only).')
param deployContentSafety bool = false

@description('Region of the Content Safety account. Empty = location.')
param contentSafetyLocation string = ''

@description('Turn on Microsoft Defender for Storage on-upload malware scanning for the storage account (billed per GB scanned).')
param enableMalwareScanning bool = false

@description('Monthly cap of data scanned for malware, in GB (-1 = no cap).')
param malwareScanningCapGBPerMonth int = 100

// ---------------------------------------------------------------------------------------------------
// Names and shared values
// ---------------------------------------------------------------------------------------------------

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'bedtime'
}

var functionAppName = 'func-${resourceToken}'
// Flex Consumption deployment packages live in this container (created in storage.bicep).
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var cosmosDatabaseName = 'bedtime'
// The web app's origin and the operator's further origins: exactly these may call the API from a browser.
var corsOrigins = union([web.outputs.origin], filter(map(split(corsAllowedOrigins, ','), origin => trim(origin)), origin => !empty(origin)))
// The app's health route (Routes.Health in functions/Bedtime/Platform/Routes.cs; a test keeps them equal).
var healthRoute = 'health'
var effectiveOpenAILocation = empty(openAILocation) ? location : openAILocation
var effectiveSpeechLocation = empty(speechLocation) ? location : speechLocation
var effectiveContentSafetyLocation = empty(contentSafetyLocation) ? location : contentSafetyLocation

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------

module identity './app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring './app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    retentionInDays: logRetentionDays
    dailyCapGb: logDailyCapGb
  }
}

module web './app/web.bicep' = {
  name: 'web'
  scope: rg
  params: {
    name: 'stapp-${resourceToken}'
    location: webLocation
    tags: tags
  }
}

module storage './app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    backupRetentionDays: backupRetentionDays
    softDeleteRetentionDays: blobSoftDeleteRetentionDays
    corsAllowedOrigins: corsOrigins
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    enableMalwareScanning: enableMalwareScanning
    malwareScanningCapGBPerMonth: malwareScanningCapGBPerMonth
  }
}

module cosmos './app/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: 'cosmos-${resourceToken}'
    location: location
    tags: tags
    databaseName: cosmosDatabaseName
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module keyVault './app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionDays
    enablePurgeProtection: keyVaultPurgeProtection
    seedAppSecrets: seedAppSecrets
    apiKeyMaterial: replace(apiKeyMaterialSeed, '-', '')
    devTokenSigningKey: replace(devTokenSigningKeySeed, '-', '')
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module ai './app/ai.bicep' = {
  name: 'ai'
  scope: rg
  params: {
    tags: tags
    deployOpenAI: deployOpenAI
    openAIName: 'oai-${resourceToken}'
    openAILocation: effectiveOpenAILocation
    openAIModelName: openAIModelName
    openAIModelVersion: openAIModelVersion
    openAIDeploymentName: openAIDeploymentName
    openAIDeploymentSku: openAIDeploymentSku
    openAIDeploymentCapacity: openAIDeploymentCapacity
    deploySpeech: deploySpeech
    speechName: 'spch-${resourceToken}'
    speechLocation: effectiveSpeechLocation
    deployContentSafety: deployContentSafety
    contentSafetyName: 'cs-${resourceToken}'
    contentSafetyLocation: effectiveContentSafetyLocation
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module rbac './app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

// Every setting the application reads. Endpoints and names only: no keys, no connection strings with
// secrets (the Application Insights connection string carries no secret; local auth is disabled).
var appSettings = {
  AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
  AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  AZURE_CLIENT_ID: identity.outputs.clientId
  Cosmos__Endpoint: cosmos.outputs.endpoint
  Cosmos__Database: cosmosDatabaseName
  Cosmos__ConnectionMode: 'Direct'
  KeyVault__VaultUri: keyVault.outputs.vaultUri
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identity.outputs.clientId}'
  BACKUP_SCHEDULE: '0 0 * * * *'
  SECRET_ROTATION_SCHEDULE: '0 30 2 * * *'
  SWEEPER_SCHEDULE: '0 */5 * * * *'
  Provisioning__CreateOnStart: 'false'
  Auth__Authority: authAuthority
  Auth__Audience: authAudience
  Cors__AllowedOrigins: join(corsOrigins, ',')
  StoryWriter__Provider: deployOpenAI ? 'AzureOpenAI' : 'Offline'
  OpenAI__Endpoint: deployOpenAI ? '${ai.outputs.openAIEndpoint}openai/v1/' : ''
  OpenAI__Deployment: deployOpenAI ? openAIDeploymentName : ''
  // gpt-4o-mini reads pictures too; recordings get only their length until a transcription deployment is set.
  UploadAnalyser__Provider: deployOpenAI ? 'AzureOpenAI' : 'Offline'
  Narrator__Provider: deploySpeech ? 'AzureSpeech' : 'None'
  Speech__Endpoint: ai.outputs.speechEndpoint
  // Entra tokens for Speech REST carry the resource id (SpeechOptions.ResourceId).
  Speech__ResourceId: ai.outputs.speechId
  ContentSafety__Endpoint: ai.outputs.contentSafetyEndpoint
  MalwareScanner__Provider: enableMalwareScanning ? 'Defender' : 'None'
}

module api './app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    instanceMemoryMB: functionInstanceMemoryMB
    maximumInstanceCount: functionMaximumInstanceCount
    appSettings: appSettings
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
  // The app starts pulling its package and polling queues as soon as it exists: give it its roles first
  // (cosmos and ai are dependencies already, through the settings that read their outputs).
  dependsOn: [
    rbac
  ]
}

module alerts './app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    namePrefix: 'bedtime-${resourceToken}'
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    alertEmail: alertEmail
    healthUrl: '${api.outputs.uri}/api/${healthRoute}'
  }
}

module workbook './app/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
  }
}

// ---------------------------------------------------------------------------------------------------
// Outputs (azd stores them in .azure/<env>/.env; the postprovision hook writes local.settings.json).
// Names and endpoints only: never a secret value.
// ---------------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name

output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId

output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint

output AZURE_COSMOS_ACCOUNT_NAME string = cosmos.outputs.name
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_COSMOS_DATABASE string = cosmosDatabaseName

output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.vaultUri

output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsWorkspaceName
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString

output STORY_WRITER_PROVIDER string = appSettings.StoryWriter__Provider
output AZURE_OPENAI_ENDPOINT string = appSettings.OpenAI__Endpoint
output AZURE_OPENAI_DEPLOYMENT string = appSettings.OpenAI__Deployment
output NARRATOR_PROVIDER string = appSettings.Narrator__Provider
output AZURE_SPEECH_ENDPOINT string = appSettings.Speech__Endpoint
output AZURE_SPEECH_RESOURCE_ID string = appSettings.Speech__ResourceId
output AZURE_CONTENT_SAFETY_ENDPOINT string = appSettings.ContentSafety__Endpoint
output MALWARE_SCANNER_PROVIDER string = appSettings.MalwareScanner__Provider
output AUTH_AUTHORITY string = authAuthority
output AUTH_AUDIENCE string = authAudience
output CORS_ALLOWED_ORIGINS string = join(corsOrigins, ',')

// The web app: azd deploys web/ to it; its prepackage hook writes config.json from these,
// AUTH_AUTHORITY and AZURE_STORAGE_BLOB_ENDPOINT (web/scripts/write-config.mjs).
output SERVICE_WEB_NAME string = web.outputs.name
output WEB_ORIGIN string = web.outputs.origin
output WEB_API_BASE_URL string = '${api.outputs.uri}/api'
output WEB_CLIENT_ID string = webClientId
output WEB_API_SCOPES string = empty(webScopes) ? '${authAudience}/.default' : webScopes
