package io.cairn.etl.transforms;

import static io.cairn.etl.transforms.LocalSpark.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.etl.TransformContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class TestRelationalize {
  private static SparkSession spark;
  private static TransformContext context;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start();
    context = LocalSpark.context(spark, Instant.parse("2024-05-01T10:00:00Z"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> frame(String... records) {
    return spark.read().json(spark.createDataset(List.of(records), Encoders.STRING()));
  }

  private static Dataset<Row> people() {
    return frame(
        "{\"person\": 1, \"name\": \"Ana\", \"address\": {\"city\": \"Lyon\", \"geo\": {\"lat\": 45.7}},"
            + " \"phones\": [{\"kind\": \"home\", \"number\": \"111\"}, {\"kind\": \"work\", \"number\": \"222\"}],"
            + " \"tags\": [\"a\", \"b\"], \"orders\": [{\"sku\": \"x\", \"lines\": [5, 6]}]}",
        "{\"person\": 2, \"name\": \"Bo\", \"address\": {\"city\": \"Oslo\", \"geo\": {\"lat\": 59.9}},"
            + " \"phones\": [], \"tags\": null, \"orders\": [{\"sku\": \"y\", \"lines\": [7]}, {\"sku\": \"z\", \"lines\": null}]}");
  }

  private static List<String> columns(Dataset<Row> frame) {
    return Arrays.asList(frame.columns());
  }

  private static List<String> rows(Dataset<Row> frame) {
    return frame.collectAsList().stream().map(Row::toString).sorted().collect(Collectors.toList());
  }

  @Test
  void rootTableHasStructsFlattenedWithDotsAndArraysReplacedByJoinKeys() {
    List<Dataset<Row>> tables = new Relationalize().apply(context, List.of(people()), json("{}"));

    assertThat(tables).hasSize(5);
    Dataset<Row> root = tables.get(0);
    assertThat(columns(root))
        .containsExactly(
            "address.city", "address.geo.lat", "name", "orders", "person", "phones", "tags");
    List<Row> rows = root.orderBy("person").collectAsList();
    assertThat(rows.get(0).getAs("address.city").toString()).isEqualTo("Lyon");
    assertThat((Double) rows.get(1).getAs("address.geo.lat")).isEqualTo(59.9);
    assertThat((Object) rows.get(1).getAs("tags")).isNull();
    assertThat((Object) rows.get(0).getAs("phones")).isNotNull();
    assertThat((Object) rows.get(0).getAs("phones")).isNotEqualTo(rows.get(1).getAs("phones"));
  }

  @Test
  void eachArrayIsATableJoinedToItsParentByIdWithIndexAndValues() {
    List<Dataset<Row>> tables = new Relationalize().apply(context, List.of(people()), json("{}"));
    Dataset<Row> root = tables.get(0);
    Dataset<Row> phones = tables.get(3);
    Dataset<Row> tags = tables.get(4);

    assertThat(columns(phones))
        .containsExactly("id", "index", "phones.val.kind", "phones.val.number");
    assertThat(columns(tags)).containsExactly("id", "index", "tags.val");
    assertThat(
            rows(
                root.join(phones, root.col("phones").equalTo(phones.col("id")))
                    .select("name", "index", "`phones.val.kind`", "`phones.val.number`")))
        .containsExactly("[Ana,0,home,111]", "[Ana,1,work,222]");
    assertThat(
            rows(
                root.join(tags, root.col("tags").equalTo(tags.col("id")))
                    .select("name", "index", "`tags.val`")))
        .containsExactly("[Ana,0,a]", "[Ana,1,b]");
  }

  @Test
  void arraysInsideArrayElementsBecomeTablesOfTheirOwn() {
    List<Dataset<Row>> tables = new Relationalize().apply(context, List.of(people()), json("{}"));
    Dataset<Row> root = tables.get(0);
    Dataset<Row> orders = tables.get(1);
    Dataset<Row> lines = tables.get(2);

    assertThat(columns(orders))
        .containsExactly("id", "index", "orders.val.lines", "orders.val.sku");
    assertThat(columns(lines)).containsExactly("id", "index", "orders.val.lines.val");
    Dataset<Row> joined =
        root.join(orders, root.col("orders").equalTo(orders.col("id")))
            .select(
                functions.col("name"),
                functions.col("`orders.val.sku`").as("sku"),
                functions.col("`orders.val.lines`").as("lines_key"));
    assertThat(
            rows(
                joined
                    .join(lines, joined.col("lines_key").equalTo(lines.col("id")), "left")
                    .select("name", "sku", "index", "`orders.val.lines.val`")))
        .containsExactly("[Ana,x,0,5]", "[Ana,x,1,6]", "[Bo,y,0,7]", "[Bo,z,null,null]");
  }

  @Test
  void tableNamesFollowTheOutputOrder() {
    assertThat(Relationalize.tableNames(people().schema()))
        .containsExactly(
            "root", "root_orders", "root_orders_orders.val.lines", "root_phones", "root_tags");
  }

  @Test
  void aFlatFrameIsOneTableAndANameWithADotIsQuoted() {
    Dataset<Row> input = frame("{\"a.b\": 1, \"s\": {\"c.d\": \"x\"}}");

    List<Dataset<Row>> tables = new Relationalize().apply(context, List.of(input), json("{}"));

    assertThat(tables).hasSize(1);
    assertThat(columns(tables.get(0))).containsExactly("`a.b`", "s.`c.d`");
    assertThat(rows(tables.get(0))).containsExactly("[1,x]");
  }

  @Test
  void takesExactlyOneInput() {
    assertThatThrownBy(
            () -> new Relationalize().apply(context, List.of(people(), people()), json("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes 1 input");
  }
}
