// Optional: Azure Front Door (Standard) in front of the storage static website that holds the
// published score files. The static website cannot set response headers, so Front Door adds the
// CORS header a browser needs to fetch score.json or comments.json from another site's page, caches
// the files at the edge for their own Cache-Control, and gives them an HTTPS host of their own.
targetScope = 'resourceGroup'

@description('Name of the Front Door profile.')
param name string

@description('Tags for the profile.')
param tags object

@description('The static website endpoint of the storage account (https://<account>.z6.web.core.windows.net/).')
param staticWebsiteEndpoint string

var originHost = replace(replace(staticWebsiteEndpoint, 'https://', ''), '/', '')

resource profile 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: name
  location: 'global'
  tags: tags
  sku: { name: 'Standard_AzureFrontDoor' }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' = {
  parent: profile
  name: 'score-${uniqueString(profile.id)}'
  location: 'global'
  properties: { enabledState: 'Enabled' }
}

resource origins 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = {
  parent: profile
  name: 'static-website'
  properties: {
    loadBalancingSettings: { sampleSize: 4, successfulSamplesRequired: 3, additionalLatencyInMilliseconds: 50 }
    healthProbeSettings: { probePath: '/score.json', probeRequestType: 'HEAD', probeProtocol: 'Https', probeIntervalInSeconds: 100 }
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: origins
  name: 'storage'
  properties: {
    hostName: originHost
    originHostHeader: originHost
    httpsPort: 443
    priority: 1
    weight: 1000
    enforceCertificateNameCheck: true
  }
}

resource rules 'Microsoft.Cdn/profiles/ruleSets@2024-02-01' = {
  parent: profile
  name: 'cors'
}

resource allowAnyOrigin 'Microsoft.Cdn/profiles/ruleSets/rules@2024-02-01' = {
  parent: rules
  name: 'allowAnyOrigin'
  properties: {
    order: 1
    conditions: []
    actions: [
      {
        name: 'ModifyResponseHeader'
        parameters: {
          typeName: 'DeliveryRuleHeaderActionParameters'
          headerAction: 'Overwrite'
          headerName: 'Access-Control-Allow-Origin'
          value: '*'
        }
      }
    ]
  }
}

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: endpoint
  name: 'score-files'
  dependsOn: [ origin ]
  properties: {
    originGroup: { id: origins.id }
    ruleSets: [ { id: rules.id } ]
    supportedProtocols: [ 'Https' ]
    patternsToMatch: [ '/*' ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Disabled'
    linkToDefaultDomain: 'Enabled'
    cacheConfiguration: {
      queryStringCachingBehavior: 'IgnoreQueryString'
      compressionSettings: {
        isCompressionEnabled: true
        contentTypesToCompress: [ 'application/json', 'image/svg+xml', 'text/html', 'text/javascript' ]
      }
    }
  }
}

output url string = 'https://${endpoint.properties.hostName}/'
