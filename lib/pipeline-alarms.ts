/**
 * Alarms an operator acts on: messages that exhausted their retries, functions that throw, and a
 * source that has not been fetched successfully for a day. All notify one SNS topic.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME, type NewsFunction } from './constructs/news-function.js';

/**
 * The fetcher emits this metric (value 1, unit Count, default `service` dimension only) each time
 * a source fails and its last success — or its first failure, if it never succeeded — lies
 * 24 hours or more in the past. One alarm thus covers every source, including sources added
 * after deployment, and works whatever a source's own polling interval is.
 */
export const SOURCES_FAILING_FOR_A_DAY_METRIC = 'SourcesFailingForADay';

export interface PipelineAlarmsProps {
  deadLetterQueue: sqs.IQueue;
  functions: NewsFunction[];
  alarmEmail?: string;
}

export class PipelineAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'rujp-feed alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    this.add(
      new cloudwatch.Alarm(this, 'DeadLetters', {
        alarmDescription: 'A source message failed three times and sits in the dead-letter queue; see the fetch-source logs for its sourceId, then redrive.',
        metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    for (const fn of props.functions) {
      this.add(
        new cloudwatch.Alarm(fn, 'ErrorsAlarm', {
          alarmDescription: `${fn.node.id} threw (not a per-source failure, which the handler reports itself); see its logs.`,
          metric: fn.function.metricErrors({ period: Duration.minutes(15), statistic: 'Sum' }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    this.add(
      new cloudwatch.Alarm(this, 'SourceFailingForADay', {
        alarmDescription:
          'A source has failed for 24 hours or more. The fetch-source logs name it (message "source failed", key sourceId); fix its registry entry or selectors.',
        metric: new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: SOURCES_FAILING_FOR_A_DAY_METRIC,
          dimensionsMap: { service: POWERTOOLS_SERVICE_NAME },
          statistic: 'Sum',
          period: Duration.hours(1),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  private add(alarm: cloudwatch.Alarm): void {
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
