import { describe, expect, it } from 'vitest';
import { parseDateline, parseNewsDate } from '../../lambdas/text/dates.js';

// A fixed reading moment: 2019-09-25 12:00 UTC (a Wednesday).
const now = new Date('2019-09-25T12:00:00Z');
const MSK = 'Europe/Moscow';
const VVO = 'Asia/Vladivostok';

const cases = [
  // feeds
  { text: 'Fri, 20 Sep 2019 13:45:00 +0300', zone: 'UTC', out: '2019-09-20T10:45:00.000Z' },
  { text: 'Fri, 20 Sep 2019 10:00:00 GMT', zone: MSK, out: '2019-09-20T10:00:00.000Z' },
  { text: 'Wed, 27 Nov 2019 09:05:00', zone: MSK, out: '2019-11-27T06:05:00.000Z', note: 'RFC 822 without a zone is wall time in the source zone' },
  { text: 'Mon, 4 Dec 2017 23:16:00 MSK', zone: 'UTC', out: '2017-12-04T20:16:00.000Z' },
  // ISO 8601
  { text: '2019-09-20T16:12:30+03:00', zone: 'UTC', out: '2019-09-20T13:12:30.000Z' },
  { text: '2019-09-20T16:12:30.123Z', zone: MSK, out: '2019-09-20T16:12:30.123Z' },
  { text: '2019-09-20T16:12:30+0900', zone: MSK, out: '2019-09-20T07:12:30.000Z' },
  { text: '2019-09-20 16:12', zone: MSK, out: '2019-09-20T13:12:00.000Z' },
  { text: '2019-09-20', zone: 'Asia/Tokyo', out: '2019-09-19T15:00:00.000Z' },
  // Russian
  { text: '20 сентября 2019', zone: VVO, out: '2019-09-19T14:00:00.000Z' },
  { text: '27 июня 2017 09:30', zone: VVO, out: '2017-06-26T23:30:00.000Z' },
  { text: '27 июня 2017, 09:30', zone: VVO, out: '2017-06-26T23:30:00.000Z' },
  { text: '3 мая 2020 г. 14:00', zone: MSK, out: '2020-05-03T11:00:00.000Z' },
  { text: '23:16 04.12.2017', zone: MSK, out: '2017-12-04T20:16:00.000Z' },
  { text: '04.12.2017', zone: MSK, out: '2017-12-03T21:00:00.000Z' },
  { text: '4.12.17 08:00', zone: MSK, out: '2017-12-04T05:00:00.000Z', note: 'two-digit day, month and year' },
  { text: '20 сентября', zone: MSK, out: '2019-09-19T21:00:00.000Z', note: 'no year: this year, already past' },
  { text: '30 декабря', zone: MSK, out: '2018-12-29T21:00:00.000Z', note: 'no year: would be in the future, so last year' },
  { text: 'сегодня, 14:05', zone: MSK, out: '2019-09-25T11:05:00.000Z' },
  { text: 'Вчера, 09:00', zone: MSK, out: '2019-09-24T06:00:00.000Z' },
  { text: 'вчера', zone: MSK, out: '2019-09-23T21:00:00.000Z' },
  { text: '2 часа назад', zone: MSK, out: '2019-09-25T10:00:00.000Z' },
  { text: '14:05 МСК 20 сентября 2019', zone: VVO, out: '2019-09-20T11:05:00.000Z', note: 'a written zone beats the source zone' },
  // English
  { text: 'October 27', zone: 'Asia/Sakhalin', out: '2018-10-26T13:00:00.000Z', note: 'October 27 2019 is still ahead on 25 Sep 2019' },
  { text: 'September 20', zone: MSK, out: '2019-09-19T21:00:00.000Z' },
  { text: '27 October 2019', zone: MSK, out: '2019-10-26T21:00:00.000Z' },
  { text: 'Oct 27, 2019 10:00', zone: MSK, out: '2019-10-27T07:00:00.000Z' },
  { text: 'March 11, 2019, 3:30 PM', zone: MSK, out: '2019-03-11T12:30:00.000Z' },
  { text: '09/05/2019', zone: MSK, lang: 'en', out: '2019-09-04T21:00:00.000Z', note: 'English slashes are month first' },
  { text: '09/05/2019', zone: MSK, lang: 'ru', out: '2019-05-08T21:00:00.000Z', note: 'Russian slashes are day first' },
  { text: '10:00 (UTC+10) 20 September 2019', zone: MSK, out: '2019-09-20T00:00:00.000Z' },
  // Japanese
  { text: '2019年9月20日', zone: 'Asia/Tokyo', out: '2019-09-19T15:00:00.000Z' },
  { text: '2019年9月20日 10時30分', zone: 'Asia/Tokyo', out: '2019-09-20T01:30:00.000Z' },
  { text: '2019/09/20 10:00', zone: 'Asia/Tokyo', out: '2019-09-20T01:00:00.000Z' },
  { text: '令和元年9月20日', zone: 'Asia/Tokyo', out: '2019-09-19T15:00:00.000Z' },
  { text: '平成31年4月1日', zone: 'Asia/Tokyo', out: '2019-03-31T15:00:00.000Z' },
  { text: '9月20日', zone: 'Asia/Tokyo', out: '2019-09-19T15:00:00.000Z' },
  { text: '令和2年1月5日', zone: 'Asia/Tokyo', out: '2020-01-04T15:00:00.000Z' },
  { text: '平成31年4月30日 午後3時', zone: 'Asia/Tokyo', out: '2019-04-30T06:00:00.000Z', note: '午後 is p.m.' },
  { text: '２０１９年９月２０日（金）', zone: 'Asia/Tokyo', out: '2019-09-19T15:00:00.000Z', note: 'full-width digits and brackets' },
  { text: '㋿元年９月２０日', zone: 'Asia/Tokyo', out: '2019-09-19T15:00:00.000Z', note: 'the era ligature' },
  { text: '2019年（令和元年）9月20日', zone: 'Asia/Tokyo', out: '2019-09-19T15:00:00.000Z', note: 'Western year with the era in brackets' },
  { text: 'R1.9.20', zone: 'Asia/Tokyo', out: '2019-09-19T15:00:00.000Z' },
  { text: 'R2.1.5', zone: 'Asia/Tokyo', out: '2020-01-04T15:00:00.000Z' },
  { text: 'H31.4.30', zone: 'Asia/Tokyo', out: '2019-04-29T15:00:00.000Z' },
  { text: '更新日：R1.9.20', zone: 'Asia/Tokyo', out: '2019-09-19T15:00:00.000Z' },
  { text: '9月20日(金)', zone: 'Asia/Tokyo', out: '2019-09-19T15:00:00.000Z', note: 'no year: the weekday agrees with this year' },
  { text: '9月20日(木)', zone: 'Asia/Tokyo', out: '2018-09-19T15:00:00.000Z', note: 'no year: 20 September fell on a Thursday in 2018' },
  { text: '9月20日（木曜日）', zone: 'Asia/Tokyo', out: '2018-09-19T15:00:00.000Z' },
  { text: '12月20日(金)', zone: 'Asia/Tokyo', out: '2013-12-19T15:00:00.000Z', note: 'no year, still ahead this year: the latest past year where it was a Friday' },
  // daylight saving time: Moscow was UTC+4 in summer 2010
  { text: '01.07.2010 12:00', zone: MSK, out: '2010-07-01T08:00:00.000Z' },
] as const;

describe('parseNewsDate', () => {
  it.each(cases)('$text in $zone → $out', (c) => {
    const lang = 'lang' in c ? c.lang : undefined;
    const d = parseNewsDate(c.text, { timeZone: c.zone, now, lang });
    expect(d?.toISOString()).toBe(c.out);
  });

  const unreadable = ['', 'Подробнее', 'ТАСС', '31 февраля 2019', '32.13.2019', '2019-02-30', 'News 24/7', 'R1.2.30', '令和元年13月1日'];
  it.each(unreadable)('%j is reported as unreadable (null)', (text) => {
    expect(parseNewsDate(text, { timeZone: MSK, now })).toBeNull();
  });

  it('rejects an unknown time zone loudly rather than guessing', () => {
    expect(() => parseNewsDate('20 сентября 2019', { timeZone: 'Mars/Olympus', now })).toThrow(RangeError);
  });
});

describe('parseDateline', () => {
  const datelines = [
    { text: 'ТОКИО, 20 сентября. /ТАСС/. Делегация Красноярского края…', place: 'ТОКИО', agency: 'ТАСС', out: '2019-09-19T21:00:00.000Z' },
    { text: 'YUZHNO-SAKHALINSK, October 27. /TASS/. The Sakhalin Region…', place: 'YUZHNO-SAKHALINSK', agency: 'TASS', out: '2018-10-26T21:00:00.000Z' },
    { text: 'TOKYO, June 5. /TASS/. The dialogue between the regions…', place: 'TOKYO', agency: 'TASS', out: '2019-06-04T21:00:00.000Z' },
    { text: 'МОСКВА, 24 ноя — РИА Новости. Губернатор…', place: 'МОСКВА', agency: 'РИА Новости', out: '2018-11-23T21:00:00.000Z' },
    { text: 'ЮЖНО-САХАЛИНСК, 2 сентября. /ТАСС/.', place: 'ЮЖНО-САХАЛИНСК', agency: 'ТАСС', out: '2019-09-01T21:00:00.000Z' },
  ] as const;
  it.each(datelines)('$place', (c) => {
    const d = parseDateline(c.text, { timeZone: MSK, now });
    expect(d).not.toBeNull();
    expect(d!.place).toBe(c.place);
    expect(d!.agency).toBe(c.agency);
    expect(d!.date.toISOString()).toBe(c.out);
  });

  it('does not take an ordinary sentence for a dateline', () => {
    expect(parseDateline('Губернатор, 20 сентября. /ТАСС/ прибыл', { timeZone: MSK, now })).toBeNull();
    expect(parseDateline('В пятницу в Токио прошла презентация', { timeZone: MSK, now })).toBeNull();
  });
});
