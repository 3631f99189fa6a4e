// The one Storage account: the Functions host's storage (AzureWebJobsStorage), the app's queues and
// tables, and the blob container Flex Consumption deploys the app package from. Shared keys are
// disabled, so everything reaches it with Entra ID.
targetScope = 'resourceGroup'

@description('Name of the storage account.')
param name string

@description('Azure region.')
param location string

@description('Tags for the storage account.')
param tags object

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Blob container of the write-once copy of the public ledger (Csat__LedgerArchiveContainer).')
param ledgerContainerName string

@description('Days each archived ledger file stays unchangeable and undeletable (the WORM policy); the policy is left unlocked, so it can be lengthened, and locked by hand once it is right.')
@minValue(1)
@maxValue(146000)
param ledgerRetentionDays int

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }

  resource blobs 'blobServices' = {
    name: 'default'
    resource packages 'containers' = {
      name: deploymentContainerName
      properties: { publicAccess: 'None' }
    }

    // Each finished day of the ledger is written once here; with this policy nobody, the company
    // included, can change or delete it for ledgerRetentionDays.
    resource ledger 'containers' = {
      name: ledgerContainerName
      properties: { publicAccess: 'None' }

      resource worm 'immutabilityPolicies' = {
        name: 'default'
        properties: {
          immutabilityPeriodSinceCreationInDays: ledgerRetentionDays
          allowProtectedAppendWrites: false
        }
      }
    }
  }
}

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('The static website endpoint (azd enables static website hosting after provisioning; see docs/website.md).')
output webEndpoint string = storage.properties.primaryEndpoints.web
