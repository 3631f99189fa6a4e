// The user-assigned managed identity the Function App runs as. It is a resource of its own so the
// data-plane roles (rbac.bicep) can be granted before the app's settings are written.
targetScope = 'resourceGroup'

@description('Name of the identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the identity.')
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
