package io.cairn.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.catalog.Segment;
import io.cairn.store.CatalogStore;
import io.cairn.store.GluePartitionsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteGluePartitionsIT extends GluePartitionsContract {
  @TempDir Path directory;

  @Override
  protected CatalogStore newStore() {
    return JdbcCatalogStore.open("jdbc:sqlite:" + directory.resolve("catalog.db"), null, null, 4);
  }

  /**
   * A listing through a key's index reads the index's range in order: SQLite searches the covering
   * index from where the last page ended, and sorts nothing.
   */
  @Test
  void listingsThroughAKeyReadItsIndexInOrder() {
    createManyEvents();
    String point = KeyIndexPlans.plan(store, EVENTS, "region = 'eu'", 0, null, null);
    assertThat(point)
        .isEqualTo(
            "SEARCH d USING COVERING INDEX partition_key_values_by_string"
                + " (table_id=? AND position=? AND string_value=?)");
    String pointAfter =
        KeyIndexPlans.plan(
            store,
            EVENTS,
            "region = 'eu'",
            0,
            null,
            KeyIndexPlans.firstPageToken(store, EVENTS, "region = 'eu'", 0, 10));
    assertThat(pointAfter)
        .isEqualTo(
            "SEARCH d USING COVERING INDEX partition_key_values_by_string"
                + " (table_id=? AND position=? AND string_value=? AND partition_id>?)");
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
        .startsWith(
            "SEARCH d USING COVERING INDEX partition_key_values_by_number"
                + " (table_id=? AND position=? AND (number_value,partition_id)>(?,?)")
        .contains("SEARCH v USING PRIMARY KEY (partition_id=? AND position=?)")
        .doesNotContain("TEMP B-TREE")
        .doesNotContain("SCAN");
    String dates = KeyIndexPlans.plan(store, EVENTS, "day >= '2024-06-01'", 2, null, null);
    assertThat(dates)
        .isEqualTo(
            "SEARCH d USING COVERING INDEX partition_key_values_by_number"
                + " (table_id=? AND position=? AND number_value>?)");
  }
}
