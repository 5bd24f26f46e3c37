/**
 * The filter-rule matcher the bundle test passes stream records through, held to the examples
 * of AWS's documentation:
 * - https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html (the table of
 *   comparison operators, the Kinesis, numeric-range, multi-level DynamoDB and console examples)
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 *   (the operators Lambda shares with EventBridge)
 */
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { FilterPatternError, matchesPattern, passesFilterCriteria } from '../support/filter-rules.js';

type Case = [name: string, pattern: object, matches: object[], misses: object[]];

describe('Lambda filter-rule syntax: the table of comparison operators', () => {
  const cases: Case[] = [
    ['Null: UserID is null', { UserID: [null] }, [{ UserID: null }], [{ UserID: 'u1' }, {}]],
    ['Empty: LastName is empty', { LastName: [''] }, [{ LastName: '' }], [{ LastName: 'Doe' }, {}]],
    ['Equals: Name is "Alice"', { Name: ['Alice'] }, [{ Name: 'Alice' }], [{ Name: 'alice' }, { Name: 'Alice ' }, {}]],
    ['Equals (ignore case): Name is "Alice"', { Name: [{ 'equals-ignore-case': 'alice' }] }, [{ Name: 'ALICE' }, { Name: 'Alice' }], [{ Name: 'Alicia' }]],
    [
      'And: Location is "New York" and Day is "Monday"',
      { Location: ['New York'], Day: ['Monday'] },
      [{ Location: 'New York', Day: 'Monday', Other: 1 }],
      [{ Location: 'New York', Day: 'Tuesday' }, { Location: 'New York' }],
    ],
    ['Or: PaymentType is "Credit" or "Debit"', { PaymentType: ['Credit', 'Debit'] }, [{ PaymentType: 'Credit' }, { PaymentType: 'Debit' }], [{ PaymentType: 'Cash' }]],
    [
      'Or (multiple fields): Location is "New York", or Day is "Monday"',
      { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] },
      [{ Location: 'New York', Day: 'Sunday' }, { Location: 'Paris', Day: 'Monday' }],
      [{ Location: 'Paris', Day: 'Sunday' }],
    ],
    ['Not: Weather is anything but "Raining"', { Weather: [{ 'anything-but': ['Raining'] }] }, [{ Weather: 'Sunny' }], [{ Weather: 'Raining' }, {}]],
    ['Numeric (equals): Price is 100', { Price: [{ numeric: ['=', 100] }] }, [{ Price: 100 }, { Price: 100.0 }], [{ Price: 101 }, { Price: '100' }]],
    [
      'Numeric (range): Price is more than 10, and less than or equal to 20',
      { Price: [{ numeric: ['>', 10, '<=', 20] }] },
      [{ Price: 10.5 }, { Price: 20 }],
      [{ Price: 10 }, { Price: 20.01 }, {}],
    ],
    ['Exists: ProductName exists', { ProductName: [{ exists: true }] }, [{ ProductName: 'Kettle' }, { ProductName: '' }], [{ Product: 'Kettle' }]],
    ['Does not exist: ProductName does not exist', { ProductName: [{ exists: false }] }, [{ Product: 'Kettle' }], [{ ProductName: 'Kettle' }]],
    ['Begins with: Region is in the US', { Region: [{ prefix: 'us-' }] }, [{ Region: 'us-east-1' }], [{ Region: 'eu-west-1' }, { Region: 'US-east-1' }]],
    ['Ends with: FileName ends with a .png extension', { FileName: [{ suffix: '.png' }] }, [{ FileName: 'image.png' }], [{ FileName: 'image.jpg' }, { FileName: 'image.PNG' }]],
  ];

  it.each(cases)('%s', (_name, pattern, matches, misses) => {
    for (const event of matches) expect(matchesPattern(event, pattern), JSON.stringify(event)).toBe(true);
    for (const event of misses) expect(matchesPattern(event, pattern), JSON.stringify(event)).toBe(false);
  });
});

describe("EventBridge's operators that Lambda shares", () => {
  const cases: Case[] = [
    ['Anything-but (begins with): Region is not in the US', { Region: [{ 'anything-but': { prefix: 'us-' } }] }, [{ Region: 'eu-west-1' }], [{ Region: 'us-east-1' }]],
    ['Anything-but (ends with): FileName does not end with .png', { FileName: [{ 'anything-but': { suffix: '.png' } }] }, [{ FileName: 'a.jpg' }], [{ FileName: 'a.png' }]],
    [
      'Anything-but (ignore case): State is not "initializing" in any casing',
      { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
      [{ state: 'running' }],
      [{ state: 'INITIALIZING' }, { state: 'initializing' }],
    ],
    ['Anything-but using a wildcard: FilePath does not include /lib/', { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, [{ FilePath: '/usr/bin/x' }], [{ FilePath: '/usr/lib/x' }]],
    ['Anything-but a single value: state is not "initializing"', { state: [{ 'anything-but': 'initializing' }] }, [{ state: 'stopped' }], [{ state: 'initializing' }]],
    ['Anything-but numbers: x-limit is not 100, 200 or 300', { 'x-limit': [{ 'anything-but': [100, 200, 300] }] }, [{ 'x-limit': 150 }], [{ 'x-limit': 200 }]],
    ['Begins with (ignore case): service starts with "eventb"', { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] }, [{ service: 'EventBridge' }], [{ service: 'Lambda' }]],
    ['Ends with (ignore case): FileName ends with .png in any casing', { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] }, [{ FileName: 'A.PNG' }], [{ FileName: 'a.gif' }]],
    ['IP address matching: sourceIPAddress is in 10.0.0.0/24', { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] }, [{ sourceIPAddress: '10.0.0.255' }], [{ sourceIPAddress: '10.0.1.0' }]],
    ['Wildcard: FileName ends in .png under dir/', { FileName: [{ wildcard: 'dir/*.png' }] }, [{ FileName: 'dir/a.png' }, { FileName: 'dir/sub/a.png' }], [{ FileName: 'other/a.png' }]],
    ['Arrays: a value list matches when any element does', { Colors: ['red'] }, [{ Colors: ['blue', 'red'] }], [{ Colors: ['blue', 'green'] }]],
  ];

  it.each(cases)('%s', (_name, pattern, matches, misses) => {
    for (const event of matches) expect(matchesPattern(event, pattern), JSON.stringify(event)).toBe(true);
    for (const event of misses) expect(matchesPattern(event, pattern), JSON.stringify(event)).toBe(false);
  });
});

describe("the Lambda guide's worked examples, as FilterCriteria", () => {
  const kinesis = {
    kinesis: { partitionKey: '1' },
    partitionKey: '1',
    data: { City: 'Seattle', State: 'WA', Temperature: 46, Month: 'December', Location: 'Los Angeles' },
  };

  it('partitionKey "1" and data.Location "Los Angeles" (Equals on a metadata and a data property)', () => {
    const criteria = { Filters: [{ Pattern: '{ "partitionKey": [ "1" ], "data": { "Location": [ "Los Angeles" ] }}' }] };
    expect(passesFilterCriteria(kinesis, criteria)).toBe(true);
    expect(passesFilterCriteria({ ...kinesis, partitionKey: '2' }, criteria)).toBe(false);
  });

  it('data.Temperature > 50 and <= 60 (Numeric range)', () => {
    const criteria = { Filters: [{ Pattern: '{ "data": { "Temperature": [ {"numeric": [ ">", 50, "<=", 60 ] } ]}}' }] };
    expect(passesFilterCriteria(kinesis, criteria)).toBe(false);
    expect(passesFilterCriteria({ ...kinesis, data: { ...kinesis.data, Temperature: 55 } }, criteria)).toBe(true);
  });

  it('multi-level DynamoDB: dynamodb.Keys.Id.N is "101"', () => {
    const record = {
      dynamodb: {
        Keys: { Id: { N: '101' } },
        NewImage: { Message: { S: 'New item!' }, Id: { N: '101' } },
        SequenceNumber: '111',
        SizeBytes: 26,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
    const criteria = { Filters: [{ Pattern: '{ "dynamodb": { "Keys": { "Id": { "N": [ "101" ] } } } }' }] };
    expect(passesFilterCriteria(record, criteria)).toBe(true);
    expect(passesFilterCriteria({ dynamodb: { ...record.dynamodb, Keys: { Id: { N: '102' } } } }, criteria)).toBe(false);
  });

  it('console example { "a" : [ 1, 2 ] }: a is 1 or 2', () => {
    const criteria = { Filters: [{ Pattern: '{ "a" : [ 1, 2 ] }' }] };
    expect(passesFilterCriteria({ a: 2 }, criteria)).toBe(true);
    expect(passesFilterCriteria({ a: 3 }, criteria)).toBe(false);
  });

  it('filters are ORed; no filters let everything through', () => {
    const criteria = { Filters: [{ Pattern: '{"a":["x"]}' }, { Pattern: '{"b":["y"]}' }] };
    expect(passesFilterCriteria({ b: 'y' }, criteria)).toBe(true);
    expect(passesFilterCriteria({ c: 'z' }, criteria)).toBe(false);
    expect(passesFilterCriteria({ c: 'z' }, { Filters: [] })).toBe(true);
  });

  it("reads what CDK's FilterRule helpers write", () => {
    // FilterCriteria.filter gives {pattern: '<JSON>'}; CloudFormation renders it as Filters[].Pattern.
    const { pattern } = lambda.FilterCriteria.filter({
      eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
      dynamodb: { NewImage: { n: { N: lambda.FilterRule.notEquals('0') }, ok: { BOOL: lambda.FilterRule.isEqual(true) }, gone: lambda.FilterRule.notExists() } },
    });
    const record = { eventName: 'MODIFY', dynamodb: { NewImage: { n: { N: '3' }, ok: { BOOL: true } } } };
    expect(passesFilterCriteria(record, { Filters: [{ Pattern: pattern as string }] })).toBe(true);
    expect(passesFilterCriteria({ ...record, eventName: 'REMOVE' }, { Filters: [{ Pattern: pattern as string }] })).toBe(false);
  });

  it('a malformed pattern is an error naming where, not a silent miss', () => {
    expect(() => passesFilterCriteria({}, { Filters: [{ Pattern: '{"a": [' }] })).toThrow(/Filters\[0\]\.Pattern is not JSON/);
    expect(() => matchesPattern({ a: 1 }, { a: 'x' })).toThrow(FilterPatternError);
    expect(() => matchesPattern({ a: 1 }, { a: [{ numeric: ['~', 1] }] })).toThrow(/\$\.a: numeric/);
    expect(() => matchesPattern({ a: 1 }, { a: [{ between: 1 }] })).toThrow(/unknown operator "between"/);
  });
});
