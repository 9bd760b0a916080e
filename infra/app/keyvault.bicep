// Key Vault (Azure RBAC authorization, soft delete, purge protection) for the secrets the app owns and
// rotates itself, and for third-party secrets that cannot use Microsoft Entra ID.

@description('Name of the vault (3-24 characters).')
param name string

@description('Location of the vault.')
param location string

@description('Tags applied to the vault and its secrets.')
param tags object

@description('Days a deleted vault or secret stays recoverable.')
param softDeleteRetentionInDays int = 7

@description('Purge protection (cannot be turned off again).')
param enablePurgeProtection bool = true

@description('Write initial values for the app-owned secrets. Off after the first provision, so later provisions never overwrite versions the app has rotated.')
param seedAppSecrets bool

@secure()
@description('Initial value of api-key-material.')
param apiKeyMaterial string

@secure()
@description('Initial value of dev-token-signing-key.')
param devTokenSigningKey string

@description('Log Analytics workspace that receives diagnostics.')
param logAnalyticsWorkspaceId string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The API accepts only true or absent here.
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

// Secrets the app owns. Their values never leave this module: no output carries them.
resource apiKeyMaterialSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (seedAppSecrets) {
  parent: vault
  name: 'api-key-material'
  tags: tags
  properties: {
    value: apiKeyMaterial
    contentType: 'text/plain'
    attributes: {
      enabled: true
    }
  }
}

resource devTokenSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (seedAppSecrets) {
  parent: vault
  name: 'dev-token-signing-key'
  tags: tags
  properties: {
    value: devTokenSigningKey
    contentType: 'text/plain'
    attributes: {
      enabled: true
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output name string = vault.name
output id string = vault.id
output vaultUri string = vault.properties.vaultUri
