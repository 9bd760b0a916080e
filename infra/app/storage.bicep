// Storage account for blobs (uploads, audio, backups, Flex deployment packages) and queues (jobs).
// Shared-key access is off: the app, the Functions host and the deployment all use Microsoft Entra ID.

@description('Name of the storage account (3-24 lowercase letters and digits).')
param name string

@description('Location of the account.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Container that holds the Flex Consumption deployment packages.')
param deploymentContainerName string

@description('Days after which blobs under backups/ are deleted by the lifecycle rule.')
param backupRetentionDays int

@description('Days deleted blobs and containers stay recoverable.')
param softDeleteRetentionDays int

@description('Browser origins allowed to use upload and audio links (Blob CORS). Empty = no CORS rule.')
param corsAllowedOrigins array

@description('Log Analytics workspace that receives diagnostics.')
param logAnalyticsWorkspaceId string

@description('Turn on Defender for Storage on-upload malware scanning.')
param enableMalwareScanning bool

@description('Monthly cap of scanned data, in GB (-1 = no cap).')
param malwareScanningCapGBPerMonth int

// Keep in step with Bedtime.Platform.BlobContainers.All (tests/Bedtime.Tests/Infrastructure checks it).
var blobContainerNames = [
  'uploads'
  'audio'
  'backups'
]

// Keep in step with Bedtime.Platform.QueueNames.All. The poison queues are created here rather than by
// the Functions host, so the identity never needs to create queues at run time.
var queueNames = [
  'story-jobs'
  'upload-jobs'
  'backup-operations'
  'erasure-jobs'
  'story-jobs-poison'
  'upload-jobs-poison'
  'backup-operations-poison'
  'erasure-jobs-poison'
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    dnsEndpointType: 'Standard'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    // Browsers PUT large uploads straight to the short-lived upload link and GET audio links.
    cors: {
      corsRules: empty(corsAllowedOrigins) ? [] : [
        {
          allowedOrigins: corsAllowedOrigins
          allowedMethods: [
            'GET'
            'HEAD'
            'PUT'
            'OPTIONS'
          ]
          allowedHeaders: [
            'content-type'
            'content-length'
            'x-ms-*'
          ]
          exposedHeaders: [
            'etag'
            'content-length'
            'content-type'
            'x-ms-*'
          ]
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for containerName in concat(blobContainerNames, [deploymentContainerName]): {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queueName in queueNames: {
  parent: queueService
  name: queueName
}]

// Safety nets behind the app's own clean-up: its 7-day backup retention, and the sweeper that deletes the blobs
// clients wrote through upload-session links (uploads/staging/) once those links have expired.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-expired-backups'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'backups/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: backupRetentionDays
                }
              }
            }
          }
        }
        {
          name: 'delete-staged-uploads'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'uploads/staging/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterCreationGreaterThan: 1
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    containers
  ]
}

// Defender for Storage: scans each uploaded blob and writes the verdict to the blob index tag
// "Malware Scanning scan result", which the app's Defender scanner adapter reads.
resource malwareScanning 'Microsoft.Security/defenderForStorageSettings@2025-01-01' = if (enableMalwareScanning) {
  name: 'current'
  scope: storage
  properties: {
    isEnabled: true
    malwareScanning: {
      onUpload: {
        isEnabled: true
        capGBPerMonth: malwareScanningCapGBPerMonth
      }
    }
    sensitiveDataDiscovery: {
      isEnabled: false
    }
    overrideSubscriptionLevelSettings: true
  }
}

// Diagnostics: account-level metrics; for blobs the writes and deletes (who changed or removed data), not
// the reads; for queues metrics only. Queue logs would record every poll, lease renewal and message
// update of the Functions host (several per second around the clock) and cost more than the app's own
// telemetry while telling an operator nothing the transaction metrics (errors by type) do not.
resource storageDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: storage
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: queueService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
