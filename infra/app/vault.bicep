// The Key Vault (RBAC, soft delete and purge protection) and every secret the app uses. App settings
// hold Key Vault references, never the values; this module's outputs are secret URIs, not secrets.
targetScope = 'resourceGroup'

@description('Name of the Key Vault.')
param name string

@description('Azure region.')
param location string

@description('Tags for the vault.')
param tags object

@description('SendGrid API key.')
@secure()
param sendGridApiKey string

@description('Standard Webhooks secret.')
@secure()
param webhookSecret string

@description('Rating link signing key.')
@secure()
param linkSigningKey string

@description('Bearer key for the admin routes.')
@secure()
param adminKey string

@description('Optional chat webhook URL for alerts; empty: no secret.')
@secure()
param alertWebhookUrl string

@description('Optional verification key of SendGrid\'s signed Event Webhook; empty: no secret.')
@secure()
param sendGridEventWebhookPublicKey string

@description('Optional ECDSA P-256 private key that signs the public ledger; empty: no secret.')
@secure()
param ledgerSigningKey string

@description('Optional Ed25519 signed-note key (PRIVATE+KEY+…) that signs the transparency log\'s checkpoint; empty: no secret.')
@secure()
param logSigningKey string

@description('Each configured helpdesk setting by its vault secret name (helpdesk-<name>-<setting>) to its value.')
@secure()
param helpdeskSecrets object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
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

  resource eventWebhookKeySecret 'secrets' = if (!empty(sendGridEventWebhookPublicKey)) {
    name: 'sendgrid-event-webhook-key'
    properties: { value: sendGridEventWebhookPublicKey }
  }

  resource ledgerSigningKeySecret 'secrets' = if (!empty(ledgerSigningKey)) {
    name: 'ledger-signing-key'
    properties: { value: ledgerSigningKey }
  }

  resource logSigningKeySecret 'secrets' = if (!empty(logSigningKey)) {
    name: 'log-signing-key'
    properties: { value: logSigningKey }
  }

  resource alertWebhookSecret 'secrets' = if (!empty(alertWebhookUrl)) {
    name: 'alert-webhook-url'
    properties: { value: alertWebhookUrl }
  }
}

resource helpdeskSecretValues 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for setting in items(helpdeskSecrets): {
    parent: vault
    name: setting.key
    properties: { value: setting.value }
  }
]

output name string = vault.name
output sendGridApiKeyUri string = vault::sendGridApiKeySecret.properties.secretUri
output webhookSecretUri string = vault::webhookSecretSecret.properties.secretUri
output linkSigningKeyUri string = vault::linkSigningKeySecret.properties.secretUri
output adminKeyUri string = vault::adminKeySecret.properties.secretUri
