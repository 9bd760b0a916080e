// Log Analytics workspace and workspace-based Application Insights with local (key) authentication
// disabled: telemetry is accepted only with a Microsoft Entra token (Monitoring Metrics Publisher role,
// see rbac.bicep, and APPLICATIONINSIGHTS_AUTHENTICATION_STRING in the app settings).

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Location of both resources.')
param location string

@description('Tags applied to both resources.')
param tags object

@description('Retention of the workspace, in days.')
param retentionInDays int = 30

@description('Daily ingestion cap of the workspace, in GB (-1 = none).')
param dailyCapGb int = 5

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    workspaceCapping: {
      dailyQuotaGb: dailyCapGb
    }
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
  }
}

// The workspace's own audit logs (who queried what). Application Insights needs no diagnostic setting:
// being workspace-based, all of its telemetry already lands in this workspace.
resource logAnalyticsDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: logAnalytics
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      {
        categoryGroup: 'audit'
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

output logAnalyticsWorkspaceId string = logAnalytics.id
output logAnalyticsWorkspaceName string = logAnalytics.name
output applicationInsightsId string = applicationInsights.id
output applicationInsightsName string = applicationInsights.name
// Not a secret: with DisableLocalAuth the instrumentation key alone cannot ingest anything.
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString
