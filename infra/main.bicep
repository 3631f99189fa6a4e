// CsatFunctions on Azure: a Flex Consumption (FC1) Function App on .NET 10 isolated, one Storage
// account reached only with Entra ID (shared keys disabled), a user-assigned managed identity with
// the data-plane roles the app needs, Application Insights on Log Analytics, and a Key Vault holding
// every secret, referenced from app settings. The resources live in modules under app/; this file
// holds the parameters, the resource names, and the wiring between the modules.
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

@description('Bearer key for the admin routes, at least 32 characters (openssl rand -base64 32). Stored in Key Vault.')
@secure()
@minLength(32)
param adminKey string

@description('Optional: each helpdesk\'s settings as the app reads them under Csat__Helpdesks__{name}__{setting}, such as {"zendesk": {"Secret": "...", "TicketUrl": "https://acme.zendesk.com/agent/tickets/{ticketId}"}}. Every value is stored in Key Vault; a helpdesk without its credentials (a Secret, or ConnectWise\'s API keys, HaloPSA\'s User and Password) stays refused.')
@secure()
param helpdesks object = {}

@description('Optional, the older form: each helpdesk\'s webhook secret by name, such as {"zendesk": "..."}. A helpdesk named in helpdesks takes its settings from there only.')
@secure()
param helpdeskSecrets object = {}

@description('Optional: who gets an email at once about an unsatisfactory rating (Csat__AlertEmail).')
param alertEmail string = ''

@description('Optional: a chat incoming webhook URL for the same alerts (Csat__AlertWebhookUrl). Stored in Key Vault: the URL is the credential.')
@secure()
param alertWebhookUrl string = ''

@description('Optional: the verification key of SendGrid\'s signed Event Webhook, as SendGrid shows it (SendGrid__EventWebhookPublicKey). Stored in Key Vault with the other SendGrid settings. Empty: the events route answers 401.')
@secure()
param sendGridEventWebhookPublicKey string = ''

@description('Days after the survey email to send one reminder to a customer who has not answered (Csat__ReminderAfterDays), 1 to 6; 0 sends none.')
@minValue(0)
@maxValue(6)
param reminderAfterDays int = 0

@description('Days after a ticket was resolved to erase the customer\'s address, name, subject, comment and follow-up note from its survey (Csat__RetentionDays); 0 keeps them.')
@minValue(0)
@maxValue(36500)
param retentionDays int = 0

@description('Days within which a customer is not surveyed again (Csat__SurveyCooldownDays); 0 surveys every ticket.')
@minValue(0)
@maxValue(365)
param surveyCooldownDays int = 0

@description('Optional: the ECDSA P-256 private key (PKCS#8 DER, base64) that signs the public ledger\'s checkpoint (Csat__LedgerSigningKey), stored in Key Vault. Empty: the checkpoint is published unsigned.')
@secure()
param ledgerSigningKey string = ''

@description('Optional: the Ed25519 signed-note key (PRIVATE+KEY+{origin}+{id}+{base64}) that signs the transparency log\'s checkpoint (Csat__LogSigningKey), stored in Key Vault. Empty: a key derived from the ledger key signs it.')
@secure()
param logSigningKey string = ''

@description('Optional: the transparency log\'s name, the first line of its checkpoint (Csat__LogOrigin). Set it once: changing it starts a different log. Empty: the name of logSigningKey, else the published files\' address without its scheme.')
param logOrigin string = ''

@description('Optional: the witnesses asked to cosign the log\'s checkpoints (Csat__LogWitnesses): each "{cosignature vkey} {URL}", separated by ;.')
param logWitnesses string = ''

@description('Days each finished day of the public ledger stays unchangeable in its write-once container.')
@minValue(1)
@maxValue(146000)
param ledgerRetentionDays int = 3650

@description('Put Azure Front Door (Standard) in front of the published score files: HTTPS on its own host, edge caching, and the CORS header the static website cannot send.')
param frontDoor bool = false

@description('Most instances Flex Consumption may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

var token = toLower(uniqueString(subscription().id, resourceGroup().id, name))
var deploymentContainer = 'app-package-${take(token, 8)}'
var tags = { application: 'csat-functions', 'azd-env-name': name }
// Every helpdesk setting, whatever the helpdesk: one vault secret each, and the app setting that reads it.
var helpdeskSettingsByName = union(toObject(filter(items(helpdeskSecrets), helpdesk => !empty(helpdesk.value)), helpdesk => helpdesk.key, helpdesk => { Secret: helpdesk.value }), helpdesks)
var helpdeskSettingList = flatten(map(items(helpdeskSettingsByName), helpdesk => map(filter(items(helpdesk.value), setting => !empty(setting.value)), setting => {
  appSetting: 'Csat__Helpdesks__${helpdesk.key}__${setting.key}'
  secretName: toLower('helpdesk-${helpdesk.key}-${setting.key}')
  value: setting.value
})))

module identity 'app/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${name}-${token}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('st${replace(toLower(name), '-', '')}${token}', 24)
    location: location
    tags: tags
    deploymentContainerName: deploymentContainer
    ledgerContainerName: 'ledger'
    ledgerRetentionDays: ledgerRetentionDays
  }
}

module edge 'app/front-door.bicep' = if (frontDoor) {
  name: 'front-door'
  params: {
    name: 'afd-${name}-${token}'
    tags: tags
    staticWebsiteEndpoint: storage.outputs.webEndpoint
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${name}-${token}'
    applicationInsightsName: 'appi-${name}-${token}'
    location: location
    tags: tags
  }
}

module vault 'app/vault.bicep' = {
  name: 'vault'
  params: {
    name: take('kv-${name}-${token}', 24)
    location: location
    tags: tags
    sendGridApiKey: sendGridApiKey
    webhookSecret: webhookSecret
    linkSigningKey: linkSigningKey
    adminKey: adminKey
    alertWebhookUrl: alertWebhookUrl
    sendGridEventWebhookPublicKey: sendGridEventWebhookPublicKey
    ledgerSigningKey: ledgerSigningKey
    logSigningKey: logSigningKey
    helpdeskSecrets: toObject(helpdeskSettingList, setting => setting.secretName, setting => setting.value)
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  params: {
    identityId: identity.outputs.id
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: vault.outputs.name
  }
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  params: {
    name: 'func-${name}-${token}'
    planName: 'plan-${name}-${token}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainer}'
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: vault.outputs.name
    sendGridApiKeyUri: vault.outputs.sendGridApiKeyUri
    webhookSecretUri: vault.outputs.webhookSecretUri
    linkSigningKeyUri: vault.outputs.linkSigningKeyUri
    adminKeyUri: vault.outputs.adminKeyUri
    hasAlertWebhookUrl: !empty(alertWebhookUrl)
    hasEventWebhookPublicKey: !empty(sendGridEventWebhookPublicKey)
    hasLedgerSigningKey: !empty(ledgerSigningKey)
    hasLogSigningKey: !empty(logSigningKey)
    logOrigin: logOrigin
    logWitnesses: logWitnesses
    helpdeskSettings: toObject(helpdeskSettingList, setting => setting.appSetting, setting => setting.secretName)
    companyName: companyName
    publicBaseUrl: publicBaseUrl
    scoreSchedule: scoreSchedule
    sendGridFromEmail: sendGridFromEmail
    sendGridBaseUrl: sendGridBaseUrl
    alertEmail: alertEmail
    surveyCooldownDays: surveyCooldownDays
    reminderAfterDays: reminderAfterDays
    retentionDays: retentionDays
    publishedUrl: frontDoor ? edge!.outputs.url : storage.outputs.webEndpoint
    ledgerArchiveContainer: 'ledger'
    maximumInstanceCount: maximumInstanceCount
  }
  // The app reads storage, Key Vault and Application Insights as its identity from its first start.
  dependsOn: [
    rbac
  ]
}

@description('Give this URL to the helpdesk as its webhook.')
output webhookUrl string = 'https://${functionApp.outputs.defaultHostName}/api/tickets/resolved'

@description('Paste this URL in SendGrid: Settings > Mail Settings > Event Webhook, with signature verification on.')
output sendGridEventWebhookUrl string = 'https://${functionApp.outputs.defaultHostName}/api/sendgrid/events'

@description('The published score files (score.json, comments.json, badge.svg, widget.js, index.html): through Front Door when frontDoor is true, else the storage static website (azd enables it after provisioning).')
output staticScoreUrl string = frontDoor ? edge!.outputs.url : storage.outputs.webEndpoint

@description('Embed or fetch this URL on the company website.')
output scoreUrl string = 'https://${functionApp.outputs.defaultHostName}/api/score'

output functionAppName string = functionApp.outputs.name
output storageAccountName string = storage.outputs.name
output keyVaultName string = vault.outputs.name
