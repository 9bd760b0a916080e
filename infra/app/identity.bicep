// User-assigned managed identity of the Function App. Every data-plane permission the app needs is a
// role assignment to this identity (rbac.bicep, cosmos.bicep, ai.bicep); there are no keys.

@description('Name of the identity.')
param name string

@description('Location of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
