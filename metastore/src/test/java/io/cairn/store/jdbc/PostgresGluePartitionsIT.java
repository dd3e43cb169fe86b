package io.cairn.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.catalog.Segment;
import io.cairn.store.CatalogStore;
import io.cairn.store.GluePartitionsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PostgresGluePartitionsIT extends GluePartitionsContract {
  private PostgresTestDatabase database;

  @Override
  protected CatalogStore newStore() {
    database = PostgresTestDatabase.create();
    return JdbcCatalogStore.open(database.jdbcUrl(), database.user(), "", 4);
  }

  @AfterEach
  void dropDatabase() {
    if (database != null) {
      store.close();
      database.close();
    }
  }

  /**
   * A listing through a key's index reads the index's range in order: PostgreSQL scans the index
   * (which ends with the partition id) from where the last page ended, and sorts nothing.
   */
  @Test
  void listingsThroughAKeyReadItsIndexInOrder() {
    createManyEvents();
    String point = KeyIndexPlans.plan(store, EVENTS, "region = 'eu'", 0, null, null);
    assertThat(point)
        .containsPattern(
            "Index (Only )?Scan using partition_key_values_by_string on partition_key_values d")
        .contains("Index Cond: ((table_id = ")
        .doesNotContain("Sort")
        .doesNotContain("Seq Scan")
        .doesNotContain("Bitmap");
    String pointAfter =
        KeyIndexPlans.plan(
            store,
            EVENTS,
            "region = 'eu'",
            0,
            null,
            KeyIndexPlans.firstPageToken(store, EVENTS, "region = 'eu'", 0, 10));
    assertThat(pointAfter)
        .containsPattern(
            "Index (Only )?Scan using partition_key_values_by_string on partition_key_values d")
        .containsPattern("Index Cond: .*\\(partition_id > ")
        .doesNotContain("Sort")
        .doesNotContain("Seq Scan")
        .doesNotContain("Bitmap");
    String expression = "hr BETWEEN 3 AND 5 AND region <> 'us' AND day > '2024-03-01'";
    String range =
        KeyIndexPlans.plan(
            store,
            EVENTS,
            expression,
            1,
            new Segment(2, 3),
            KeyIndexPlans.firstPageToken(store, EVENTS, expression, 1, 10));
    assertThat(range)
        .containsPattern(
            "Index (Only )?Scan using partition_key_values_by_number on partition_key_values d")
        .contains("ROW(number_value, partition_id) > ROW(")
        .contains("SubPlan")
        .doesNotContain("Sort")
        .doesNotContain("Seq Scan")
        .doesNotContain("Bitmap");
    String dates = KeyIndexPlans.plan(store, EVENTS, "day >= '2024-06-01'", 2, null, null);
    assertThat(dates)
        .containsPattern(
            "Index (Only )?Scan using partition_key_values_by_number on partition_key_values d")
        .doesNotContain("Sort")
        .doesNotContain("Seq Scan");
  }
}
