package io.cairn.etl.transforms;

import static io.cairn.etl.transforms.LocalSpark.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.etl.TransformContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestChoiceColumns {
  private static SparkSession spark;
  private static TransformContext context;
  @TempDir static Path directory;
  private static Dataset<Row> orders;

  @BeforeAll
  static void start() throws IOException {
    spark = LocalSpark.start();
    context = LocalSpark.context(spark, Instant.parse("2024-05-01T10:00:00Z"));
    Path first = directory.resolve("orders-1.json");
    Files.writeString(
        first,
        "{\"id\": 1, \"price\": 10, \"customer\": {\"zip\": 69001, \"name\": \"Ana\"}, \"tags\": [1, 2.5]}\n"
            + "\n"
            + "{\"id\": 2, \"price\": \"12.50\", \"customer\": {\"zip\": \"0150\", \"name\": \"Bo\"}}\n");
    Path second = directory.resolve("orders-2.json");
    Files.writeString(
        second,
        "{\"id\": 3, \"price\": 7.25, \"customer\": {\"zip\": null, \"name\": \"Cy\"}, \"tags\": [\"x\", 3]}\n"
            + "{\"id\": 4, \"price\": \"n/a\", \"customer\": null}\n");
    orders = ChoiceColumns.readJson(spark, List.of(first.toString(), second.toString())).cache();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> resolve(String configuration) {
    return new ResolveChoice().apply(context, List.of(orders), json(configuration)).get(0);
  }

  private static List<String> column(Dataset<Row> frame, String expression) {
    return frame
        .orderBy("id")
        .selectExpr("cast(" + expression + " as string)")
        .collectAsList()
        .stream()
        .map(row -> row.isNullAt(0) ? "null" : row.getString(0))
        .collect(Collectors.toList());
  }

  @Test
  void mixedTypesBecomeChoiceFieldsMarkedInMetadata() {
    assertThat(orders.schema().simpleString())
        .isEqualTo(
            "struct<id:bigint,price:struct<long:bigint,double:double,string:string>,"
                + "customer:struct<zip:struct<long:bigint,string:string>,name:string>,"
                + "tags:array<string>>");
    StructField price = orders.schema().apply("price");
    assertThat(ChoiceColumns.isChoice(price)).isTrue();
    assertThat(ChoiceColumns.isChoice(orders.schema().apply("id"))).isFalse();
    assertThat(column(orders, "price.long")).containsExactly("10", "null", "null", "null");
    assertThat(column(orders, "price.string")).containsExactly("null", "12.50", "null", "n/a");
    assertThat(column(orders, "tags")).containsExactly("[1, 2.5]", "null", "[x, 3]", "null");
  }

  @Test
  void readJsonRejectsLinesThatAreNotObjects() throws IOException {
    Path bad = directory.resolve("bad.json");
    Files.writeString(bad, "{\"id\": 1}\n[1, 2]\n");
    assertThatThrownBy(() -> ChoiceColumns.readJson(spark, List.of(bad.toString())).count())
        .hasStackTraceContaining("Not a JSON object: [1, 2]");
  }

  @Test
  void castResolvesEveryVariantAndUnconvertibleValuesBecomeNull() {
    Dataset<Row> cast = resolve("{'Specs': [{'Path': 'price', 'Action': 'cast:double'}]}");
    assertThat(cast.schema().apply("price").dataType().simpleString()).isEqualTo("double");
    assertThat(ChoiceColumns.isChoice(cast.schema().apply("price"))).isFalse();
    assertThat(column(cast, "price")).containsExactly("10.0", "12.5", "7.25", "null");
    Dataset<Row> nested = resolve("{'Specs': [{'Path': 'customer.zip', 'Action': 'cast:string'}]}");
    assertThat(column(nested, "customer.zip")).containsExactly("69001", "0150", "null", "null");
  }

  @Test
  void projectKeepsOneKind() {
    Dataset<Row> projected = resolve("{'Specs': [{'Path': 'price', 'Action': 'project:string'}]}");
    assertThat(column(projected, "price")).containsExactly("null", "12.50", "null", "n/a");
    Dataset<Row> integers = resolve("{'Specs': [{'Path': 'price', 'Action': 'project:int'}]}");
    assertThat(integers.schema().apply("price").dataType().simpleString()).isEqualTo("int");
    assertThat(column(integers, "price")).containsExactly("10", "null", "null", "null");
  }

  @Test
  void makeColsAndMakeStructApplyToEveryChoiceField() {
    Dataset<Row> columns = resolve("{'Choice': 'make_cols'}");
    assertThat(columns.columns())
        .containsExactly("id", "customer", "tags", "price_long", "price_double", "price_string");
    assertThat(columns.schema().apply("customer").dataType().simpleString())
        .isEqualTo("struct<name:string,zip_long:bigint,zip_string:string>");
    assertThat(column(columns, "price_double")).containsExactly("null", "null", "7.25", "null");
    Dataset<Row> structs = resolve("{'Choice': 'make_struct'}");
    assertThat(ChoiceColumns.isChoice(structs.schema().apply("price"))).isFalse();
    assertThat(column(structs, "price.string")).containsExactly("null", "12.50", "null", "n/a");
  }

  @Test
  void matchCatalogCastsToTheCatalogTablesTypes() {
    spark
        .sql("select 1L as id, cast(1.5 as decimal(10,2)) as price")
        .createOrReplaceGlobalTempView("orders_table");
    Dataset<Row> matched =
        resolve(
            "{'Specs': [{'Path': 'price', 'Action': 'match_catalog'}],"
                + " 'Database': 'global_temp', 'Table': 'orders_table'}");
    assertThat(matched.schema().apply("price").dataType().simpleString())
        .isEqualTo("decimal(10,2)");
    assertThat(column(matched, "price")).containsExactly("10.00", "12.50", "7.25", "null");
  }

  @Test
  void badConfigurationsAreExplained() {
    ResolveChoice transform = new ResolveChoice();
    assertThat(transform.validate(json("{}")))
        .containsExactly("give either Specs or Choice, not both or neither");
    assertThat(transform.validate(json("{'Choice': 'flatten'}")))
        .containsExactly(
            "action must be cast:T, project:T, make_cols, make_struct or match_catalog, not 'flatten'");
    assertThat(transform.validate(json("{'Choice': 'cast:nope'}")))
        .containsExactly("the type of cast:nope is not a type name: nope");
    assertThat(transform.validate(json("{'Choice': 'match_catalog'}")))
        .containsExactly("Database is required", "Table is required");
    assertThatThrownBy(() -> resolve("{'Specs': [{'Path': 'id', 'Action': 'make_cols'}]}"))
        .hasMessageContaining("id is not a choice field");
  }
}
