// The reference web app (web/) on Azure Static Web Apps, Free plan: static files only (the API is the Function App,
// called cross-origin: its CORS allows exactly this app's origin, see main.bicep). azd deploys web/dist to it
// (service `web` in azure.yaml, found by the azd-service-name tag).

@description('Name of the static web app.')
param name string

@description('Region of the static web app\'s metadata: a region Static Web Apps offers (content is served globally).')
@allowed([
  'centralus'
  'eastasia'
  'eastus2'
  'westeurope'
  'westus2'
])
param location string

@description('Tags applied to the static web app (azd-service-name is added).')
param tags object

resource web 'Microsoft.Web/staticSites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  sku: {
    name: 'Free'
    tier: 'Free'
  }
  properties: {
    // azd uploads the built files with the deployment token; no repository is linked.
    provider: 'Custom'
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

output name string = web.name
output origin string = 'https://${web.properties.defaultHostname}'
