// The Flex Consumption (FC1) plan and the Function App on .NET 10 isolated, running as the
// user-assigned identity, with its app settings: identity-based storage and Application Insights,
// and Key Vault references for every secret.
targetScope = 'resourceGroup'

@description('Name of the Function App.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the plan; the app adds azd-service-name.')
param tags object

@description('Resource ID of the user-assigned identity the app runs as.')
param identityId string

@description('Client ID of that identity.')
param identityClientId string

@description('Name of the storage account (AzureWebJobsStorage).')
param storageAccountName string

@description('URL of the blob container Flex Consumption deploys the package from.')
param deploymentContainerUrl string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Name of the Key Vault the references point to.')
param keyVaultName string

@description('Secret URI of sendgrid-api-key (SendGrid__ApiKey).')
param sendGridApiKeyUri string

@description('Secret URI of webhook-secret (Csat__WebhookSecret).')
param webhookSecretUri string

@description('Secret URI of link-signing-key (Csat__LinkSigningKey).')
param linkSigningKeyUri string

@description('Secret URI of admin-key (Csat__AdminKey).')
param adminKeyUri string

@description('Whether the vault holds alert-webhook-url.')
param hasAlertWebhookUrl bool

@description('Whether the vault holds sendgrid-event-webhook-key.')
param hasEventWebhookPublicKey bool

@description('Whether the vault holds ledger-signing-key.')
param hasLedgerSigningKey bool

@description('Whether the vault holds log-signing-key.')
param hasLogSigningKey bool

@description('The transparency log\'s name (Csat__LogOrigin). Empty: the app\'s default.')
param logOrigin string

@description('The transparency log\'s witnesses (Csat__LogWitnesses): each "{cosignature vkey} {URL}", separated by ;. Empty: none.')
param logWitnesses string

@description('App setting name (Csat__Helpdesks__<name>__<setting>) to its vault secret name, for each configured helpdesk setting.')
param helpdeskSettings object

@description('Csat__CompanyName and SendGrid__FromName.')
param companyName string

@description('Csat__PublicBaseUrl; empty: the app\'s own URL.')
param publicBaseUrl string

@description('Csat__ScoreSchedule.')
param scoreSchedule string

@description('SendGrid__FromEmail.')
param sendGridFromEmail string

@description('SendGrid__BaseUrl.')
param sendGridBaseUrl string

@description('Csat__AlertEmail; empty: not set.')
param alertEmail string

@description('Csat__SurveyCooldownDays.')
param surveyCooldownDays int

@description('Csat__ReminderAfterDays.')
param reminderAfterDays int

@description('Csat__RetentionDays.')
param retentionDays int

@description('Csat__LedgerArchiveContainer: the write-once container of the ledger.')
param ledgerArchiveContainer string

@description('Csat__PublishedUrl: where the published score files and the ledger\'s verify page are served.')
param publishedUrl string

@description('Most instances Flex Consumption may scale out to.')
param maximumInstanceCount int

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: union({
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      Csat__CompanyName: companyName
      Csat__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${app.properties.defaultHostName}' : publicBaseUrl
      Csat__ScoreSchedule: scoreSchedule
      Csat__WebhookSecret: '@Microsoft.KeyVault(SecretUri=${webhookSecretUri})'
      Csat__LinkSigningKey: '@Microsoft.KeyVault(SecretUri=${linkSigningKeyUri})'
      Csat__AdminKey: '@Microsoft.KeyVault(SecretUri=${adminKeyUri})'
      SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${sendGridApiKeyUri})'
      SendGrid__FromEmail: sendGridFromEmail
      SendGrid__FromName: companyName
      SendGrid__BaseUrl: sendGridBaseUrl
      Csat__SurveyCooldownDays: string(surveyCooldownDays)
      Csat__ReminderAfterDays: string(reminderAfterDays)
      Csat__RetentionDays: string(retentionDays)
      Csat__PublishedUrl: publishedUrl
      Csat__LedgerArchiveContainer: ledgerArchiveContainer
    },
    empty(alertEmail) ? {} : { Csat__AlertEmail: alertEmail },
    hasEventWebhookPublicKey ? { SendGrid__EventWebhookPublicKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=sendgrid-event-webhook-key)' } : {},
    hasLedgerSigningKey ? { Csat__LedgerSigningKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=ledger-signing-key)' } : {},
    hasLogSigningKey ? { Csat__LogSigningKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=log-signing-key)' } : {},
    empty(logOrigin) ? {} : { Csat__LogOrigin: logOrigin },
    empty(logWitnesses) ? {} : { Csat__LogWitnesses: logWitnesses },
    hasAlertWebhookUrl ? { Csat__AlertWebhookUrl: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=alert-webhook-url)' } : {},
    toObject(items(helpdeskSettings), setting => setting.key, setting => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${setting.value})'))
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
