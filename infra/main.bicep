// CsatFunctions on Azure: a Flex Consumption (FC1) Function App on .NET 10 isolated, one Storage
// account reached only with Entra ID (shared keys disabled), a user-assigned managed identity with
// the data-plane roles the app needs, Application Insights on Log Analytics, and a Key Vault holding
// every secret, referenced from app settings.
targetScope = 'resourceGroup'

@description('Short name for this deployment (letters, digits, hyphens), such as the azd environment name; resource names derive from it.')
@minLength(2)
@maxLength(12)
param name string

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Shown in emails, pages and the public score (Csat__CompanyName).')
param companyName string

@description('Base of every link put in an email (Csat__PublicBaseUrl). Empty: the Function App\'s own URL.')
param publicBaseUrl string = ''

@description('NCRONTAB schedule of the score aggregator, seconds first (Csat__ScoreSchedule).')
param scoreSchedule string = '0 */5 * * * *'

@description('Sender address verified in SendGrid (SendGrid__FromEmail).')
param sendGridFromEmail string

@description('SendGrid API base (SendGrid__BaseUrl); https://api.eu.sendgrid.com for EU-pinned accounts.')
param sendGridBaseUrl string = 'https://api.sendgrid.com'

@description('SendGrid API key with Mail Send permission. Stored in Key Vault.')
@secure()
param sendGridApiKey string

@description('Standard Webhooks secret: whsec_ + base64 of 24..64 random bytes. Stored in Key Vault.')
@secure()
param webhookSecret string

@description('Rating link signing key: base64 of at least 32 random bytes. Stored in Key Vault.')
@secure()
param linkSigningKey string

@description('Bearer key for the admin routes. Stored in Key Vault.')
@secure()
param adminKey string

@description('Optional: each helpdesk\'s webhook secret (zendesk, helpscout, jira, freshdesk), at least 16 characters; a helpdesk left empty stays refused. Stored in Key Vault.')
@secure()
param helpdeskSecrets object = {}

@description('Optional: who gets an email at once about an unsatisfactory rating (Csat__AlertEmail).')
param alertEmail string = ''

@description('Optional: a chat incoming webhook URL for the same alerts (Csat__AlertWebhookUrl). Stored in Key Vault: the URL is the credential.')
@secure()
param alertWebhookUrl string = ''

@description('Days within which a customer is not surveyed again (Csat__SurveyCooldownDays); 0 surveys every ticket.')
@minValue(0)
@maxValue(365)
param surveyCooldownDays int = 0

@description('Most instances Flex Consumption may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

var token = toLower(uniqueString(subscription().id, resourceGroup().id, name))
var appName = 'func-${name}-${token}'
var deploymentContainer = 'app-package-${take(token, 8)}'
var tags = { application: 'csat-functions', 'azd-env-name': name }
var helpdeskSettingNames = {
  zendesk: 'Csat__ZendeskSecret'
  helpscout: 'Csat__HelpScoutSecret'
  jira: 'Csat__JiraSecret'
  freshdesk: 'Csat__FreshdeskSecret'
}
var configuredHelpdesks = filter(items(helpdeskSecrets), helpdesk => contains(helpdeskSettingNames, helpdesk.key) && !empty(helpdesk.value))
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${name}-${token}'
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('st${replace(toLower(name), '-', '')}${token}', 24)
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
      name: deploymentContainer
      properties: { publicAccess: 'None' }
    }
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}-${token}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${name}-${token}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('kv-${name}-${token}', 24)
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
  }

  resource sendGridApiKeySecret 'secrets' = {
    name: 'sendgrid-api-key'
    properties: { value: sendGridApiKey }
  }

  resource webhookSecretSecret 'secrets' = {
    name: 'webhook-secret'
    properties: { value: webhookSecret }
  }

  resource linkSigningKeySecret 'secrets' = {
    name: 'link-signing-key'
    properties: { value: linkSigningKey }
  }

  resource adminKeySecret 'secrets' = {
    name: 'admin-key'
    properties: { value: adminKey }
  }

  resource alertWebhookSecret 'secrets' = if (!empty(alertWebhookUrl)) {
    name: 'alert-webhook-url'
    properties: { value: alertWebhookUrl }
  }
}

resource helpdeskSecretValues 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for helpdesk in configuredHelpdesks: {
    parent: vault
    name: '${helpdesk.key}-webhook-secret'
    properties: { value: helpdesk.value }
  }
]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}-${token}'
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
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
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
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
      Csat__CompanyName: companyName
      Csat__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${app.properties.defaultHostName}' : publicBaseUrl
      Csat__ScoreSchedule: scoreSchedule
      Csat__WebhookSecret: '@Microsoft.KeyVault(SecretUri=${vault::webhookSecretSecret.properties.secretUri})'
      Csat__LinkSigningKey: '@Microsoft.KeyVault(SecretUri=${vault::linkSigningKeySecret.properties.secretUri})'
      Csat__AdminKey: '@Microsoft.KeyVault(SecretUri=${vault::adminKeySecret.properties.secretUri})'
      SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${vault::sendGridApiKeySecret.properties.secretUri})'
      SendGrid__FromEmail: sendGridFromEmail
      SendGrid__FromName: companyName
      SendGrid__BaseUrl: sendGridBaseUrl
      Csat__SurveyCooldownDays: string(surveyCooldownDays)
    },
    empty(alertEmail) ? {} : { Csat__AlertEmail: alertEmail },
    empty(alertWebhookUrl) ? {} : { Csat__AlertWebhookUrl: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=alert-webhook-url)' },
    toObject(configuredHelpdesks, helpdesk => helpdeskSettingNames[helpdesk.key], helpdesk => '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${helpdesk.key}-webhook-secret)'))
    // The app reads storage, Key Vault and Application Insights as its identity from its first start.
    dependsOn: [
      storageRoles
      vaultRole
      insightsRole
      helpdeskSecretValues
      vault::alertWebhookSecret
    ]
  }
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
    name: guid(storage.id, identity.id, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource insightsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Give this URL to the helpdesk as its webhook.')
output webhookUrl string = 'https://${app.properties.defaultHostName}/api/tickets/resolved'

@description('Embed or fetch this URL on the company website.')
output scoreUrl string = 'https://${app.properties.defaultHostName}/api/score'

output functionAppName string = app.name
output storageAccountName string = storage.name
output keyVaultName string = vault.name
