// Optional Azure OpenAI (story writer, upload analysis), Azure AI Speech (narration) and Azure AI Content Safety
// (checks of stories and upload texts, Prompt Shields) accounts. All use a custom subdomain (required for Microsoft Entra ID tokens) and have local auth disabled;
// the app identity and the developer get data roles on them.

@description('Tags applied to the accounts.')
param tags object

@description('Deploy the Azure OpenAI account and model deployment.')
param deployOpenAI bool

@description('Name (and custom subdomain) of the Azure OpenAI account.')
param openAIName string

@description('Region of the Azure OpenAI account.')
param openAILocation string

@description('Model name.')
param openAIModelName string

@description('Model version. Empty = the current default version.')
param openAIModelVersion string

@description('Name of the model deployment.')
param openAIDeploymentName string

@description('Deployment type (SKU name) of the model deployment.')
param openAIDeploymentSku string

@description('Capacity of the model deployment (thousands of tokens per minute).')
param openAIDeploymentCapacity int

@description('Deploy the Azure AI Speech account.')
param deploySpeech bool

@description('Name (and custom subdomain) of the Speech account.')
param speechName string

@description('Region of the Speech account.')
param speechLocation string

@description('Deploy the Azure AI Content Safety account.')
param deployContentSafety bool

@description('Name (and custom subdomain) of the Content Safety account.')
param contentSafetyName string

@description('Region of the Content Safety account.')
param contentSafetyLocation string

@description('Principal id of the app identity.')
param appPrincipalId string

@description('Principal id of the deploying user. Empty = none.')
param userPrincipalId string = ''

@description('Principal type of userPrincipalId.')
param userPrincipalType string = 'User'

@description('Log Analytics workspace that receives diagnostics.')
param logAnalyticsWorkspaceId string

var roles = {
  cognitiveServicesOpenAIUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'
  cognitiveServicesSpeechUser: 'f2dc8367-1007-4938-bd23-fe263f013447'
  // Content Safety has no role of its own: Cognitive Services User allows its data actions (text:analyze, text:shieldPrompt).
  cognitiveServicesUser: 'a97b65f3-24c7-4388-baec-2e87135dc908'
}

resource openAI 'Microsoft.CognitiveServices/accounts@2024-10-01' = if (deployOpenAI) {
  name: openAIName
  location: openAILocation
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: openAIName
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource modelDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = if (deployOpenAI) {
  parent: openAI
  name: openAIDeploymentName
  sku: {
    name: openAIDeploymentSku
    capacity: openAIDeploymentCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: openAIModelName
      // Omitted when empty: Azure OpenAI then deploys the model's current default version.
      version: empty(openAIModelVersion) ? null : openAIModelVersion
    }
    // Follow the model's default version as Azure OpenAI moves it, so a retiring version never strands the app.
    versionUpgradeOption: 'OnceNewDefaultVersionAvailable'
  }
}

resource speech 'Microsoft.CognitiveServices/accounts@2024-10-01' = if (deploySpeech) {
  name: speechName
  location: speechLocation
  tags: tags
  kind: 'SpeechServices'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: speechName
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource contentSafety 'Microsoft.CognitiveServices/accounts@2024-10-01' = if (deployContentSafety) {
  name: contentSafetyName
  location: contentSafetyLocation
  tags: tags
  kind: 'ContentSafety'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: contentSafetyName
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource appOpenAIUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (deployOpenAI) {
  name: guid(resourceGroup().id, openAIName, appPrincipalId, roles.cognitiveServicesOpenAIUser)
  scope: openAI
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesOpenAIUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource userOpenAIUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (deployOpenAI && !empty(userPrincipalId)) {
  name: guid(resourceGroup().id, openAIName, userPrincipalId, roles.cognitiveServicesOpenAIUser)
  scope: openAI
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesOpenAIUser)
    principalId: userPrincipalId
    principalType: userPrincipalType
  }
}

resource appSpeechUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (deploySpeech) {
  name: guid(resourceGroup().id, speechName, appPrincipalId, roles.cognitiveServicesSpeechUser)
  scope: speech
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesSpeechUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource userSpeechUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (deploySpeech && !empty(userPrincipalId)) {
  name: guid(resourceGroup().id, speechName, userPrincipalId, roles.cognitiveServicesSpeechUser)
  scope: speech
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesSpeechUser)
    principalId: userPrincipalId
    principalType: userPrincipalType
  }
}

resource appContentSafetyUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (deployContentSafety) {
  name: guid(resourceGroup().id, contentSafetyName, appPrincipalId, roles.cognitiveServicesUser)
  scope: contentSafety
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource userContentSafetyUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (deployContentSafety && !empty(userPrincipalId)) {
  name: guid(resourceGroup().id, contentSafetyName, userPrincipalId, roles.cognitiveServicesUser)
  scope: contentSafety
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesUser)
    principalId: userPrincipalId
    principalType: userPrincipalType
  }
}

resource openAIDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (deployOpenAI) {
  name: 'to-log-analytics'
  scope: openAI
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

resource speechDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (deploySpeech) {
  name: 'to-log-analytics'
  scope: speech
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

resource contentSafetyDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (deployContentSafety) {
  name: 'to-log-analytics'
  scope: contentSafety
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

// Empty strings when an account is not deployed, so the caller can use them unconditionally.
output openAIEndpoint string = deployOpenAI ? openAI!.properties.endpoint : ''
output openAIDeploymentName string = deployOpenAI ? modelDeployment!.name : ''
output speechEndpoint string = deploySpeech ? speech!.properties.endpoint : ''
output speechId string = deploySpeech ? speech!.id : ''
output contentSafetyEndpoint string = deployContentSafety ? contentSafety!.properties.endpoint : ''
