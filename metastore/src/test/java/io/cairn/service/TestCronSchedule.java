package io.cairn.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.catalog.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TestCronSchedule {

  /** The next {@code count} fire times after {@code start}. */
  private static List<String> next(String expression, String start, int count) {
    CronSchedule schedule = CronSchedule.parse(expression);
    List<String> times = new ArrayList<>();
    Instant time = Instant.parse(start);
    for (int i = 0; i < count; i++) {
      time = schedule.nextRunAfter(time);
      if (time == null) {
        break;
      }
      times.add(time.toString());
    }
    return times;
  }

  @Test
  void everyDayAtAFixedTimeInUtc() {
    assertThat(next("cron(15 12 * * ? *)", "2026-03-01T12:14:59Z", 3))
        .containsExactly("2026-03-01T12:15:00Z", "2026-03-02T12:15:00Z", "2026-03-03T12:15:00Z");
    // Strictly after: a time that is itself a fire time moves on to the next.
    assertThat(next("cron(15 12 * * ? *)", "2026-03-01T12:15:00Z", 1))
        .containsExactly("2026-03-02T12:15:00Z");
  }

  @Test
  void incrementsListsAndRanges() {
    assertThat(next("cron(0/20 8-9 * * ? *)", "2026-03-01T00:00:00Z", 7))
        .containsExactly(
            "2026-03-01T08:00:00Z",
            "2026-03-01T08:20:00Z",
            "2026-03-01T08:40:00Z",
            "2026-03-01T09:00:00Z",
            "2026-03-01T09:20:00Z",
            "2026-03-01T09:40:00Z",
            "2026-03-02T08:00:00Z");
    assertThat(next("cron(*/30 0 1,15 * ? *)", "2026-03-01T00:45:00Z", 2))
        .containsExactly("2026-03-15T00:00:00Z", "2026-03-15T00:30:00Z");
  }

  @Test
  void weekdayAndMonthNamesAndWrappingRanges() {
    // 2026-03-06 is a Friday.
    assertThat(next("cron(0 18 ? * MON-FRI *)", "2026-03-06T18:00:00Z", 2))
        .containsExactly("2026-03-09T18:00:00Z", "2026-03-10T18:00:00Z");
    assertThat(next("cron(0 0 ? * FRI-MON *)", "2026-03-06T00:00:00Z", 3))
        .containsExactly("2026-03-07T00:00:00Z", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z");
    assertThat(next("cron(0 0 1 NOV-FEB ? *)", "2026-03-01T00:00:00Z", 4))
        .containsExactly(
            "2026-11-01T00:00:00Z",
            "2026-12-01T00:00:00Z",
            "2027-01-01T00:00:00Z",
            "2027-02-01T00:00:00Z");
    // 1 is Sunday, 7 Saturday.
    assertThat(next("cron(0 0 ? * 1 *)", "2026-03-01T00:00:00Z", 1))
        .containsExactly("2026-03-08T00:00:00Z");
  }

  @Test
  void lastDayOfTheMonthAlsoInLeapYears() {
    assertThat(next("cron(0 0 L * ? *)", "2027-12-31T00:00:00Z", 3))
        .containsExactly("2028-01-31T00:00:00Z", "2028-02-29T00:00:00Z", "2028-03-31T00:00:00Z");
    assertThat(next("cron(0 0 L 2 ? *)", "2026-01-01T00:00:00Z", 3))
        .containsExactly("2026-02-28T00:00:00Z", "2027-02-28T00:00:00Z", "2028-02-29T00:00:00Z");
    // The 29th of February fires only in leap years; 2100 is not one.
    assertThat(next("cron(0 0 29 2 ? *)", "2096-03-01T00:00:00Z", 2))
        .containsExactly("2104-02-29T00:00:00Z", "2108-02-29T00:00:00Z");
  }

  @Test
  void nearestWeekdayStaysInItsMonth() {
    // 2026-08-01 is a Saturday: 1W is Monday the 3rd, not Friday July 31.
    assertThat(next("cron(0 9 1W * ? *)", "2026-07-15T00:00:00Z", 2))
        .containsExactly("2026-08-03T09:00:00Z", "2026-09-01T09:00:00Z");
    // 2026-03-15 is a Sunday: 15W is Monday the 16th; 2026-02-14 is a Saturday: 14W is Friday
    // the 13th.
    assertThat(next("cron(0 9 15W * ? *)", "2026-03-01T00:00:00Z", 1))
        .containsExactly("2026-03-16T09:00:00Z");
    assertThat(next("cron(0 9 14W * ? *)", "2026-02-01T00:00:00Z", 1))
        .containsExactly("2026-02-13T09:00:00Z");
    // 2026-05-31 is a Sunday: the last weekday of May is Friday the 29th.
    assertThat(next("cron(0 9 LW * ? *)", "2026-05-01T00:00:00Z", 1))
        .containsExactly("2026-05-29T09:00:00Z");
    // A 31W in a month of 30 days never fires in it.
    assertThat(next("cron(0 9 31W * ? *)", "2026-04-01T00:00:00Z", 1))
        .containsExactly("2026-05-29T09:00:00Z");
  }

  @Test
  void nthAndLastWeekdayOfTheMonth() {
    // The second Tuesday of March 2026 is the 10th, of April the 14th.
    assertThat(next("cron(0 12 ? * 3#2 *)", "2026-03-01T00:00:00Z", 2))
        .containsExactly("2026-03-10T12:00:00Z", "2026-04-14T12:00:00Z");
    assertThat(next("cron(0 12 ? * TUE#2 *)", "2026-03-01T00:00:00Z", 1))
        .containsExactly("2026-03-10T12:00:00Z");
    // The last Thursday of March 2026 is the 26th, of April the 30th.
    assertThat(next("cron(0 12 ? * 5L *)", "2026-03-01T00:00:00Z", 2))
        .containsExactly("2026-03-26T12:00:00Z", "2026-04-30T12:00:00Z");
    // A lone L in Day-of-week is Saturday.
    assertThat(next("cron(0 12 ? * L *)", "2026-03-01T00:00:00Z", 1))
        .containsExactly("2026-03-07T12:00:00Z");
  }

  @Test
  void yearsLimitTheScheduleAndAnEndedOneFiresNoMore() {
    assertThat(next("cron(0 0 1 1 ? 2027-2028)", "2026-06-01T00:00:00Z", 5))
        .containsExactly("2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z");
    assertThat(CronSchedule.parse("cron(0 0 1 1 ? 2020)").nextRunAfter(Instant.now())).isNull();
    // Valid but impossible: the 30th of February.
    assertThat(CronSchedule.parse("cron(0 0 30 2 ? *)").nextRunAfter(Instant.now())).isNull();
  }

  @Test
  void invalidExpressionsAreRefusedSayingWhy() {
    assertInvalid("0 12 * * ? *", "cron(Minutes Hours");
    assertInvalid("rate(5 minutes)", "cron(Minutes Hours");
    assertInvalid("cron(0 12 * * ?)", "6 fields, not 5");
    assertInvalid("cron(0 12 * * * *)", "exactly one of Day-of-month and Day-of-week");
    assertInvalid("cron(0 12 ? * ? *)", "exactly one of Day-of-month and Day-of-week");
    assertInvalid("cron(60 12 * * ? *)", "Minutes value 60 is not between 0 and 59");
    assertInvalid("cron(0 24 * * ? *)", "Hours value 24");
    assertInvalid("cron(0 0 32 * ? *)", "Day-of-month value 32");
    assertInvalid("cron(0 0 ? 13 MON *)", "Month value 13");
    assertInvalid("cron(0 0 ? * 8 *)", "Day-of-week value 8");
    assertInvalid("cron(0 0 ? * MON#6 *)", "between 1 and 5");
    assertInvalid("cron(0 0 ? FOO * *)", "invalid Month value 'FOO'");
    assertInvalid("cron(0 0 1 * ? 1969)", "Year value 1969");
    assertInvalid("cron(0/0 0 1 * ? *)", "step value 0");
    assertInvalid("cron(0,,5 0 1 * ? *)", "empty item");
    assertInvalid("cron(1-2-3 0 1 * ? *)", "invalid Minutes range");
  }

  private static void assertInvalid(String expression, String message) {
    assertThatThrownBy(() -> CronSchedule.parse(expression))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("invalid schedule expression '" + expression + "'")
        .hasMessageContaining(message);
  }
}
