import { describe, expect, it } from 'vitest';
import { environmentConfig } from '../src/environments';
import { logicalId, synthesize, TEST_ALARM_EMAIL } from './synth';

const production = synthesize('production');
const development = synthesize('development');

interface MetricQuery {
  Id: string;
  Expression?: string;
  MetricStat?: {
    Metric: { MetricName: string; Namespace: string; Dimensions: { Name: string; Value: unknown }[] };
  };
}
interface AlarmProperties {
  Threshold: number;
  ComparisonOperator: string;
  TreatMissingData: string;
  AlarmActions: unknown[];
  MetricName?: string;
  Namespace?: string;
  ExtendedStatistic?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Metrics?: MetricQuery[];
}

function alarmsOf(built: typeof production): Record<string, AlarmProperties> {
  return Object.fromEntries(
    Object.entries(built.template.findResources('AWS::CloudWatch::Alarm')).map(([id, alarm]) => [
      id,
      alarm.Properties,
    ]),
  );
}
const find = (alarms: Record<string, AlarmProperties>, prefix: string): AlarmProperties => {
  const matches = Object.entries(alarms).filter(([id]) => id.startsWith(prefix));
  expect(matches, prefix).toHaveLength(1);
  return matches[0]![1];
};

describe('alarms', () => {
  const thresholds = environmentConfig('production').alarms;
  const alarms = alarmsOf(production);
  const topic = { Ref: logicalId(production.stack, production.stack.alarmTopic) };

  it.each(['Orchestrator', 'Console'])("%s: 5xx rate of the load balancer's requests", (service) => {
    const alarm = find(alarms, `${service}AlarmsServerErrorRate`);
    const loadBalancerId = logicalId(
      production.stack,
      production.stack[service.toLowerCase() as 'console'].loadBalancer,
    );
    expect(alarm.Threshold).toBe(thresholds.serverErrorRatePercent);
    expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
    const queries = alarm.Metrics ?? [];
    expect(queries.find((query) => query.Expression)?.Expression).toBe(
      '100 * (FILL(targets5xx, 0) + FILL(balancer5xx, 0)) / requests',
    );
    const metrics = Object.fromEntries(
      queries.filter((query) => query.MetricStat).map((query) => [query.Id, query.MetricStat!.Metric]),
    );
    expect(metrics.targets5xx?.MetricName).toBe('HTTPCode_Target_5XX_Count');
    expect(metrics.balancer5xx?.MetricName).toBe('HTTPCode_ELB_5XX_Count');
    expect(metrics.requests?.MetricName).toBe('RequestCount');
    for (const metric of Object.values(metrics)) {
      expect(metric.Namespace).toBe('AWS/ApplicationELB');
      expect(metric.Dimensions).toEqual([
        { Name: 'LoadBalancer', Value: { 'Fn::GetAtt': [loadBalancerId, 'LoadBalancerFullName'] } },
      ]);
    }
  });

  it.each(['Orchestrator', 'Console'])('%s: p99 of the ALB target response time', (service) => {
    const alarm = find(alarms, `${service}AlarmsP99Latency`);
    expect(alarm).toMatchObject({
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'TargetResponseTime',
      ExtendedStatistic: 'p99',
      Threshold: thresholds.p99LatencySeconds,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('DynamoDB throttles, summed over every operation the orchestrator performs on this table', () => {
    const alarm = find(alarms, 'TableAlarmsThrottledRequests');
    const tableId = logicalId(production.stack, production.stack.table.table);
    expect(alarm.Threshold).toBe(thresholds.dynamoThrottledRequests);
    expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    const queries = alarm.Metrics ?? [];
    const operations = queries
      .filter((query) => query.MetricStat)
      .map((query) => {
        const { MetricName, Namespace, Dimensions } = query.MetricStat!.Metric;
        expect({ MetricName, Namespace }).toEqual({
          MetricName: 'ThrottledRequests',
          Namespace: 'AWS/DynamoDB',
        });
        expect(Dimensions).toContainEqual({ Name: 'TableName', Value: { Ref: tableId } });
        return Dimensions.find((dimension) => dimension.Name === 'Operation')?.Value;
      });
    expect(operations.sort()).toEqual(['GetItem', 'PutItem', 'Query', 'UpdateItem']);
    // Each series is filled: throttling on one operation alone must still count.
    expect(queries.find((query) => query.Expression)?.Expression).toBe(
      'FILL(getitem, 0) + FILL(putitem, 0) + FILL(updateitem, 0) + FILL(query, 0)',
    );
  });

  it('notify the alarm topic, and quiet minutes do not alarm', () => {
    expect(Object.keys(alarms)).toHaveLength(5);
    for (const alarm of Object.values(alarms)) {
      expect(alarm.AlarmActions).toEqual([topic]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
    production.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: TEST_ALARM_EMAIL,
      TopicArn: topic,
    });
  });

  it('use the thresholds of the environment', () => {
    const developmentThresholds = environmentConfig('development').alarms;
    const developmentAlarms = alarmsOf(development);
    expect(find(developmentAlarms, 'OrchestratorAlarmsP99Latency').Threshold).toBe(
      developmentThresholds.p99LatencySeconds,
    );
    expect(developmentThresholds.p99LatencySeconds).not.toBe(thresholds.p99LatencySeconds);
  });
});
