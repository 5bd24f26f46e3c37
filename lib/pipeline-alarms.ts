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
import { MAX_SOURCE_BACKOFF_MS } from '../lambdas/http/backoff.js';
import { METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME, type NewsFunction } from './constructs/news-function.js';

/**
 * The fetcher emits this metric (value 1, unit Count, default `service` dimension only) each time
 * a source fails and its last success — or its first failure, if it never succeeded — lies
 * 24 hours or more in the past. One alarm thus covers every source, including sources added
 * after deployment, and works whatever a source's own polling interval is.
 */
export const SOURCES_FAILING_FOR_A_DAY_METRIC = 'SourcesFailingForADay';

/**
 * How the failing-for-a-day alarm stays in ALARM while the source stays down.
 *
 * The metric is a datapoint per failed poll, and a failing source is polled less and less often:
 * its backoff doubles up to MAX_SOURCE_BACKOFF_MS (24 h, jittered to 12–24 h), never more often
 * than its own cadence, and only at a schedule tick. So the datapoints of a source that stays
 * down come up to a day apart (more for a cadence over a day). One 1-hour period with missing data
 * as not breaching went OK an hour after each datapoint and back to ALARM a day later.
 *
 * Instead: hourly periods (the alarm fires within the hour of the first datapoint), ALARM when
 * 1 of the last N periods breaches, missing periods not breaching. N spans the longest silence
 * between two datapoints of a source that keeps failing — the backoff cap or the longest enabled
 * cadence, plus one schedule interval and an hour for the queue, the fetch and the metric's way
 * through the logs — plus two periods: the one the earlier datapoint fell in, counted whole, and
 * the one whose datapoint is still on its way when the window moves on. So the alarm stays in
 * ALARM for as long as the source fails, and goes OK (with a notification) N hours after its last
 * failed poll. Missing data as breaching would hold it in ALARM while nothing fails (the normal
 * state emits no datapoint); ignoring missing data would never let it go OK, since no datapoint
 * says "recovered". A Retry-After beyond the backoff cap is honoured and can outlast the window.
 */
export const FAILING_FOR_A_DAY_PERIOD = Duration.hours(1);
/** CloudWatch caps period × evaluation periods at 7 days for periods of an hour or more. */
const MAX_EVALUATION_HOURS = 7 * 24;

export function failingForADayEvaluationPeriods(longestCadenceMinutes: number, scheduleMinutes: number): number {
  const longestSilenceMinutes = Math.max(MAX_SOURCE_BACKOFF_MS / 60_000, longestCadenceMinutes) + scheduleMinutes + 60;
  const hours = FAILING_FOR_A_DAY_PERIOD.toHours();
  return Math.min(MAX_EVALUATION_HOURS / hours, Math.floor(longestSilenceMinutes / 60 / hours) + 2);
}

/**
 * Minutes between schedule ticks of a `rate(...)`. A cron is taken as hourly: write a sparser
 * schedule as rate(...), or the window is that much shorter than a failing source's silence.
 */
export function scheduleIntervalMinutes(expression: string): number {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (!rate) return 60;
  return Number(rate[1]) * { minute: 1, hour: 60, day: 1440 }[rate[2] as 'minute' | 'hour' | 'day'];
}

export interface PipelineAlarmsProps {
  deadLetterQueue: sqs.IQueue;
  functions: NewsFunction[];
  alarmEmail?: string;
  /** The longest cadence of an enabled registry source, in minutes. */
  longestCadenceMinutes: number;
  /** The EventBridge schedule expression of the polling pass. */
  schedule: string;
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

    const failingForADayPeriods = failingForADayEvaluationPeriods(props.longestCadenceMinutes, scheduleIntervalMinutes(props.schedule));
    this.add(
      new cloudwatch.Alarm(this, 'SourceFailingForADay', {
        alarmDescription:
          'A source has failed for 24 hours or more. The fetch-source logs name it (message "source failed", key sourceId); fix its registry entry or selectors. ' +
          `It stays in ALARM while the source keeps failing and returns to OK ${failingForADayPeriods} hours after its last failed poll.`,
        metric: new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: SOURCES_FAILING_FOR_A_DAY_METRIC,
          dimensionsMap: { service: POWERTOOLS_SERVICE_NAME },
          statistic: 'Sum',
          period: FAILING_FOR_A_DAY_PERIOD,
        }),
        threshold: 1,
        // 1 breaching period of the last N: see FAILING_FOR_A_DAY_PERIOD for why N spans a failing
        // source's longest silence and why missing periods count as not breaching.
        evaluationPeriods: failingForADayPeriods,
        datapointsToAlarm: 1,
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
