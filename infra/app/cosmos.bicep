// Cosmos DB for NoSQL: database "bedtime" with the containers the app uses, all partitioned by
// /ownerId. Key-based (local) auth is disabled; the app and the developer get the built-in data
// contributor role through SQL role assignments.

@description('Name of the Cosmos DB account.')
param name string

@description('Location of the account (single region).')
param location string

@description('Tags applied to the account, database and containers.')
param tags object

@description('Name of the database.')
param databaseName string = 'bedtime'

@description('Serverless or Provisioned (shared autoscale throughput on the database).')
@allowed([
  'Serverless'
  'Provisioned'
])
param capacityMode string = 'Serverless'

@description('Autoscale maximum RU/s of the database in Provisioned mode.')
param autoscaleMaxThroughput int = 1000

@description('Principal id of the app identity (gets Cosmos DB Built-in Data Contributor).')
param appPrincipalId string

@description('Principal id of the deploying user (gets the same data role, for local development). Empty = none.')
param userPrincipalId string = ''

@description('Log Analytics workspace that receives diagnostics.')
param logAnalyticsWorkspaceId string

// Keep in step with Bedtime.Platform.CosmosContainers.All (tests/Bedtime.Tests/Infrastructure checks it).
// "expiring" holds short-lived records (idempotency keys, rate-limit windows, locks): TTL is on with
// no default (-1), so each item's own "ttl" decides when it goes. "audit" (the append-only audit trail, one
// partition per day) likewise: each entry lives Audit__RetentionDays.
var cosmosContainers = [
  {
    name: 'stories'
    perItemTtl: false
  }
  {
    name: 'uploads'
    perItemTtl: false
  }
  {
    name: 'expiring'
    perItemTtl: true
  }
  {
    name: 'audit'
    perItemTtl: true
  }
]

var partitionKeyPath = '/ownerId'

// Cosmos DB Built-in Data Contributor (a data-plane role of the account, not an Azure RBAC role).
var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: capacityMode == 'Serverless' ? [
      {
        name: 'EnableServerless'
      }
    ] : []
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: 'Continuous7Days'
      }
    }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    enableAutomaticFailover: false
    enableMultipleWriteLocations: false
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  tags: tags
  properties: {
    resource: {
      id: databaseName
    }
    options: capacityMode == 'Provisioned' ? {
      autoscaleSettings: {
        maxThroughput: autoscaleMaxThroughput
      }
    } : {}
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [for container in cosmosContainers: {
  parent: database
  name: container.name
  tags: tags
  properties: {
    resource: union({
      id: container.name
      partitionKey: {
        paths: [
          partitionKeyPath
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/*'
          }
        ]
        excludedPaths: [
          {
            path: '/"_etag"/?'
          }
        ]
      }
    }, container.perItemTtl ? {
      defaultTtl: -1
    } : {})
  }
}]

resource appDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, appPrincipalId, cosmosDataContributorRoleId)
  properties: {
    principalId: appPrincipalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'
    scope: account.id
  }
}

// SQL role assignments on one account must not be written in parallel: chain the second after the first.
resource userDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = if (!empty(userPrincipalId)) {
  parent: account
  name: guid(account.id, userPrincipalId, cosmosDataContributorRoleId)
  properties: {
    principalId: userPrincipalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'
    scope: account.id
  }
  dependsOn: [
    appDataContributor
  ]
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        category: 'DataPlaneRequests'
        enabled: true
      }
      {
        category: 'QueryRuntimeStatistics'
        enabled: true
      }
      {
        category: 'PartitionKeyRUConsumption'
        enabled: true
      }
      {
        category: 'ControlPlaneRequests'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Requests'
        enabled: true
      }
    ]
  }
}

output name string = account.name
output id string = account.id
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
