// Shared Azure Monitor workbook for operators, attached to the Application Insights component. The
// workbook content (Notebook/1.0 JSON) is in workbook.json next to this file.

@description('Location of the workbook.')
param location string

@description('Tags applied to the workbook.')
param tags object

@description('Resource id of the Application Insights component the workbook queries.')
param applicationInsightsId string

@description('Display name of the workbook.')
param displayName string = 'Bedtime operations'

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // Workbook names must be GUIDs; derive a stable one so redeployments update the same workbook.
  name: guid(resourceGroup().id, applicationInsightsId, 'bedtime-operations-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    version: 'Notebook/1.0'
    sourceId: applicationInsightsId
    serializedData: loadTextContent('workbook.json')
  }
}

output id string = workbook.id
