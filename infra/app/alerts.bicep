// The alert rules (the table in docs/deploy.md), as log search alerts over the Application Insights resource, and
// the action group that mails the operators.
//
// Custom metrics arrive in the customMetrics table with name equal to the constants in
// functions/Bedtime/Platform/TelemetryNames.cs; every "bedtime.*" name below must be one of them
// (tests/Bedtime.Tests/Infrastructure checks it). Storage queue metrics are account-wide only, so
// poisoned jobs are alerted on through the app's own bedtime.jobs.poisoned counter.
//
// Queries that measure a column summarize by bin(timestamp, <window>) so the alert's aggregation
// granularity (windowSize) sees one value per bin.

@description('Prefix of the alert rule names.')
param namePrefix string

@description('Location of the alert rules (the Application Insights region).')
param location string

@description('Tags applied to the action group and the rules.')
param tags object

@description('Resource id of the Application Insights component the rules query.')
param applicationInsightsId string

@description('Email address notified by the action group. Empty = no receiver.')
param alertEmail string = ''

@description('Public URL of the health route the availability test probes (https://<app>/api/health).')
param healthUrl string

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${namePrefix}-operators'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'bedtime-ops'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      {
        name: 'operators-email'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Share of HTTP responses with status >= 500 per 5-minute bin, in percent (bins with fewer than 10
// requests are ignored so that one failed request at night does not page anyone).
// Functions records queue and timer invocations in requests too (without a URL): only HTTP requests count.
var http5xxRateQuery = '''
requests
| where isnotempty(url)
| summarize Total = count(), Failed = countif(toint(resultCode) >= 500) by bin(timestamp, 5m)
| where Total >= 10
| extend AggregatedValue = 100.0 * Failed / Total
'''

// 95th percentile of request duration (milliseconds) per 5-minute bin.
var httpP95DurationQuery = '''
requests
| where isnotempty(url)
| summarize AggregatedValue = percentile(duration, 95) by bin(timestamp, 5m)
'''

var uploadsFailedQuery = '''
customMetrics
| where name == "bedtime.uploads.failed"
| summarize AggregatedValue = sum(valueSum) by bin(timestamp, 1m)
'''

// Longest request-to-completed time of a story (seconds) per 15-minute bin.
var storyCompletionQuery = '''
customMetrics
| where name == "bedtime.stories.end_to_end_seconds"
| summarize AggregatedValue = max(valueMax) by bin(timestamp, 15m)
'''

var jobsPoisonedQuery = '''
customMetrics
| where name == "bedtime.jobs.poisoned"
| summarize AggregatedValue = sum(valueSum) by bin(timestamp, 5m)
'''

// One row per reported successful backup; the rule fires when there is none in the window.
var backupSucceededQuery = '''
customMetrics
| where name == "bedtime.backups.succeeded"
| where valueSum > 0
'''

var backupFailedQuery = '''
customMetrics
| where name == "bedtime.backups.failed"
| summarize AggregatedValue = sum(valueSum) by bin(timestamp, 1h)
'''

// The rotation job reports, from 30 days before expiry, the days left of each secret it cannot rotate.
var secretExpiringQuery = '''
customMetrics
| where name == "bedtime.secrets.expiring_days"
| summarize AggregatedValue = min(valueMin) by bin(timestamp, 1h)
'''

// Unhealthy checks reported by the app, plus health probes answered with 503.
var healthFailingQuery = '''
let unhealthyChecks = customMetrics
    | where name == "bedtime.health.unhealthy"
    | project timestamp, Hits = valueSum;
let failedProbes = requests
    | where url has "/api/health" and resultCode == "503"
    | project timestamp, Hits = 1.0;
union unhealthyChecks, failedProbes
| summarize AggregatedValue = sum(Hits) by bin(timestamp, 5m)
'''

var rules = [
  {
    key: 'http-5xx-rate-warning'
    title: 'HTTP 5xx rate above 5% (5 min)'
    severity: 2
    query: http5xxRateQuery
    measure: 'AggregatedValue'
    aggregation: 'Maximum'
    operator: 'GreaterThan'
    threshold: 5
    frequency: 'PT5M'
    window: 'PT5M'
  }
  {
    key: 'http-5xx-rate-critical'
    title: 'HTTP 5xx rate above 10% (5 min)'
    severity: 1
    query: http5xxRateQuery
    measure: 'AggregatedValue'
    aggregation: 'Maximum'
    operator: 'GreaterThan'
    threshold: 10
    frequency: 'PT5M'
    window: 'PT5M'
  }
  {
    key: 'http-p95-duration-warning'
    title: 'HTTP p95 duration above 2 s (5 min)'
    severity: 2
    query: httpP95DurationQuery
    measure: 'AggregatedValue'
    aggregation: 'Maximum'
    operator: 'GreaterThan'
    threshold: 2000
    frequency: 'PT5M'
    window: 'PT5M'
  }
  {
    key: 'http-p95-duration-critical'
    title: 'HTTP p95 duration above 5 s (5 min)'
    severity: 1
    query: httpP95DurationQuery
    measure: 'AggregatedValue'
    aggregation: 'Maximum'
    operator: 'GreaterThan'
    threshold: 5000
    frequency: 'PT5M'
    window: 'PT5M'
  }
  {
    key: 'uploads-failed'
    title: 'More than 3 failed uploads in 1 minute'
    severity: 2
    query: uploadsFailedQuery
    measure: 'AggregatedValue'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 3
    frequency: 'PT1M'
    window: 'PT1M'
  }
  {
    key: 'story-completion-slow'
    title: 'A story took longer than 10 minutes to complete'
    severity: 2
    query: storyCompletionQuery
    measure: 'AggregatedValue'
    aggregation: 'Maximum'
    operator: 'GreaterThan'
    threshold: 600
    frequency: 'PT5M'
    window: 'PT15M'
  }
  {
    key: 'jobs-poisoned'
    title: 'A job message reached a poison queue'
    severity: 1
    query: jobsPoisonedQuery
    measure: 'AggregatedValue'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
    frequency: 'PT5M'
    window: 'PT5M'
  }
  {
    key: 'backup-missing'
    title: 'No successful backup for 2 hours'
    severity: 1
    query: backupSucceededQuery
    measure: ''
    aggregation: 'Count'
    operator: 'LessThan'
    threshold: 1
    frequency: 'PT15M'
    window: 'PT2H'
  }
  {
    key: 'backup-failed'
    title: 'A backup run failed'
    severity: 2
    query: backupFailedQuery
    measure: 'AggregatedValue'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
    frequency: 'PT15M'
    window: 'PT1H'
  }
  {
    key: 'secret-near-expiry'
    title: 'A secret expires within 30 days'
    severity: 2
    query: secretExpiringQuery
    measure: 'AggregatedValue'
    aggregation: 'Minimum'
    operator: 'LessThanOrEqual'
    threshold: 30
    frequency: 'PT1H'
    window: 'P1D'
  }
  {
    key: 'health-failing'
    title: 'Health check failing'
    severity: 1
    query: healthFailingQuery
    measure: 'AggregatedValue'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
    frequency: 'PT5M'
    window: 'PT5M'
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for rule in rules: {
  name: '${namePrefix}-${rule.key}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Bedtime: ${rule.title}'
    description: rule.title
    severity: rule.severity
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: rule.frequency
    windowSize: rule.window
    autoMitigate: true
    criteria: {
      allOf: [
        // A measured column is given only for Average/Minimum/Maximum/Total; Count counts rows.
        union({
          query: rule.query
          timeAggregation: rule.aggregation
          operator: rule.operator
          threshold: rule.threshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }, empty(rule.measure) ? {} : {
          metricMeasureColumn: rule.measure
        })
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
      customProperties: {
        application: 'bedtime'
        rule: rule.key
      }
    }
  }
}]

// A standard availability test: Azure probes the health route from five regions every five minutes, so an
// app that is down (and so reports nothing itself) still raises an alert.
var availabilityTestName = '${namePrefix}-health'

resource availabilityTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: availabilityTestName
  location: location
  // The hidden-link tag ties the test to its Application Insights resource (required by the service).
  tags: union(tags, {
    'hidden-link:${applicationInsightsId}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: availabilityTestName
    Name: 'Bedtime health'
    Description: 'GET /api/health answers 200 (healthy or degraded)'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      { Id: 'emea-nl-ams-azr' }
      { Id: 'emea-gb-db3-azr' }
      { Id: 'us-va-ash-azr' }
      { Id: 'us-ca-sjc-azr' }
      { Id: 'apac-sg-sin-azr' }
    ]
    Request: {
      RequestUrl: healthUrl
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

// Fires when the probe fails from at least two of the five locations in a 5-minute window.
resource availabilityAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-health-availability'
  location: 'global'
  tags: tags
  properties: {
    description: 'The health route failed from at least 2 of 5 locations'
    severity: 1
    enabled: true
    scopes: [
      availabilityTest.id
      applicationInsightsId
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: availabilityTest.id
      componentId: applicationInsightsId
      failedLocationCount: 2
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

output actionGroupId string = actionGroup.id
output alertRuleNames array = [for (rule, i) in rules: alertRules[i].name]
