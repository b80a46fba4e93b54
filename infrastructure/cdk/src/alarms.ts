import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { AlarmThresholds } from './environments';

const PERIOD = Duration.minutes(1);

/** Sustained, not momentary: 3 of the last 5 minutes. */
const SUSTAINED = { evaluationPeriods: 5, datapointsToAlarm: 3 } as const;

export interface LoadBalancerAlarmsProps {
  /** Named in the alarm names and descriptions, e.g. "orchestrator". */
  serviceName: string;
  loadBalancer: elbv2.IApplicationLoadBalancer;
  thresholds: AlarmThresholds;
  topic: sns.ITopic;
}

/** The 5xx rate and the p99 latency of everything a service's load balancer answered. */
export class LoadBalancerAlarms extends Construct {
  readonly serverErrorRate: cloudwatch.Alarm;
  readonly p99Latency: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LoadBalancerAlarmsProps) {
    super(scope, id);
    const metrics = props.loadBalancer.metrics;
    const sum = { period: PERIOD, statistic: cloudwatch.Stats.SUM };
    const errorRate = new cloudwatch.MathExpression({
      label: `${props.serviceName} 5xx rate (%)`,
      // A minute without requests has no rate (no data), which is not an error.
      expression: '100 * (FILL(targets5xx, 0) + FILL(balancer5xx, 0)) / requests',
      usingMetrics: {
        targets5xx: metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, sum),
        balancer5xx: metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, sum),
        requests: metrics.requestCount(sum),
      },
      period: PERIOD,
    });
    this.serverErrorRate = new cloudwatch.Alarm(this, 'ServerErrorRate', {
      alarmDescription: `${props.serviceName}: more than ${props.thresholds.serverErrorRatePercent}% of requests answered 5xx`,
      metric: errorRate,
      threshold: props.thresholds.serverErrorRatePercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...SUSTAINED,
    });
    this.p99Latency = new cloudwatch.Alarm(this, 'P99Latency', {
      alarmDescription: `${props.serviceName}: p99 target response time above ${props.thresholds.p99LatencySeconds} s`,
      metric: metrics.targetResponseTime({ period: PERIOD, statistic: cloudwatch.Stats.p(99) }),
      threshold: props.thresholds.p99LatencySeconds,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...SUSTAINED,
    });
    for (const alarm of [this.serverErrorRate, this.p99Latency]) notify(alarm, props.topic);
  }
}

export interface TableThrottleAlarmProps {
  table: dynamodb.ITable;
  operations: readonly dynamodb.Operation[];
  threshold: number;
  topic: sns.ITopic;
}

/**
 * Throttled requests on the table (and, through back-pressure, its indexes) for the given operations.
 * ThrottledRequests is only published in minutes with throttling, so each operation's series is filled
 * with 0: an unfilled sum would have no value unless every operation was throttled in the same minute.
 */
export class TableThrottleAlarm extends Construct {
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: TableThrottleAlarmProps) {
    super(scope, id);
    const usingMetrics = Object.fromEntries(
      props.operations.map((operation) => [
        operation.toLowerCase(),
        new cloudwatch.Metric({
          namespace: 'AWS/DynamoDB',
          metricName: 'ThrottledRequests',
          dimensionsMap: { TableName: props.table.tableName, Operation: operation },
          period: PERIOD,
          statistic: cloudwatch.Stats.SUM,
        }),
      ]),
    );
    const throttled = new cloudwatch.MathExpression({
      label: 'throttled DynamoDB requests',
      expression: Object.keys(usingMetrics)
        .map((name) => `FILL(${name}, 0)`)
        .join(' + '),
      usingMetrics,
      period: PERIOD,
    });
    this.alarm = new cloudwatch.Alarm(this, 'ThrottledRequests', {
      alarmDescription: `DynamoDB throttled at least ${props.threshold} requests a minute`,
      metric: throttled,
      threshold: props.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    notify(this.alarm, props.topic);
  }
}

function notify(alarm: cloudwatch.Alarm, topic: sns.ITopic): void {
  alarm.addAlarmAction(new actions.SnsAction(topic));
  alarm.addOkAction(new actions.SnsAction(topic));
}
