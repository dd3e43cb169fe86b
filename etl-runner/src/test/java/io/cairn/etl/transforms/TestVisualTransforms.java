package io.cairn.etl.transforms;

import static io.cairn.etl.transforms.LocalSpark.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The visual transforms, most of them along the stock-option orders example of Glue's guide. */
final class TestVisualTransforms {
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

  private static Dataset<Row> orders() {
    return spark
        .read()
        .json(
            spark.createDataset(
                List.of(
                    "{\"order_id\": 1, \"instrument\": \"AAPL 23 JAN 150 CALL\", \"bought\": 5, \"sold\": 2, \"contracts\": [10, 20]}",
                    "{\"order_id\": 2, \"instrument\": \"MSFT 24 MAR 300 PUT\", \"bought\": 1, \"sold\": 0, \"contracts\": []}"),
                Encoders.STRING()));
  }

  private static Dataset<Row> run(Transform transform, Dataset<Row> input, String parameters) {
    return transform
        .apply(context, List.of(input), json("{'Parameters': " + parameters + "}"))
        .get(0);
  }

  private static List<String> rows(Dataset<Row> frame, String... columns) {
    return frame.selectExpr(columns).collectAsList().stream()
        .map(Row::toString)
        .sorted()
        .collect(Collectors.toList());
  }

  @Test
  void splitArrayToColumnsDerivedAndConcatenateBuildTheExpirationDate() {
    Dataset<Row> split =
        run(
            new SplitString(),
            orders(),
            "[{'Name': 'colName', 'Value': ['instrument']}, {'Name': 'pattern', 'Value': [' ']},"
                + " {'Name': 'newColName', 'Value': ['parts']}]");
    Dataset<Row> columns =
        run(
            new ArrayToColumns(),
            split,
            "[{'Name': 'colName', 'Value': ['parts']},"
                + " {'Name': 'colList', 'Value': ['symbol,year,month,strike,type,missing']}]");
    Dataset<Row> year =
        run(
            new DerivedColumn(),
            columns,
            "[{'Name': 'colName', 'Value': ['year']}, {'Name': 'expr', 'Value': ['concat(\\u002720\\u0027, year)']}]");
    Dataset<Row> expiration =
        run(
            new ConcatenateColumns(),
            year,
            "[{'Name': 'colName', 'Value': ['expiration']}, {'Name': 'colList', 'Value': ['year', 'month', 'missing']},"
                + " {'Name': 'spacer', 'Value': ['-']}, {'Name': 'nullValue', 'Value': ['01']}]");
    assertThat(rows(expiration, "symbol", "strike", "type", "missing", "expiration"))
        .containsExactly("[AAPL,150,CALL,null,2023-JAN-01]", "[MSFT,300,PUT,null,2024-MAR-01]");
    Dataset<Row> picked =
        run(
            new ArrayToColumns(),
            split,
            "[{'Name': 'colName', 'Value': ['parts']}, {'Name': 'colList', 'Value': ['[\\u0022kind\\u0022, \\u0022ticker\\u0022]']},"
                + " {'Name': 'indexes', 'Value': ['5,1']}]");
    assertThat(rows(picked, "kind", "ticker")).containsExactly("[CALL,AAPL]", "[PUT,MSFT]");
  }

  @Test
  void unpivotExplodeAndPivot() {
    Dataset<Row> unpivoted =
        run(
            new UnpivotColumnsIntoRows(),
            orders(),
            "[{'Name': 'unpivotName', 'Value': ['action']}, {'Name': 'unpivotValue', 'Value': ['quantity']},"
                + " {'Name': 'colList', 'Value': ['bought', 'sold']}]");
    assertThat(rows(unpivoted, "order_id", "action", "quantity"))
        .containsExactly("[1,bought,5]", "[1,sold,2]", "[2,bought,1]", "[2,sold,0]");
    Dataset<Row> exploded =
        run(
            new ExplodeArrayOrMap(),
            orders(),
            "[{'Name': 'colName', 'Value': ['contracts']}, {'Name': 'newCol', 'Value': ['contract']}]");
    assertThat(rows(exploded, "order_id", "contract")).containsExactly("[1,10]", "[1,20]");
    Dataset<Row> outer =
        run(
            new ExplodeArrayOrMap(),
            orders(),
            "[{'Name': 'colName', 'Value': ['contracts']}, {'Name': 'newCol', 'Value': ['contract']},"
                + " {'Name': 'outer', 'Value': ['true']}]");
    assertThat(outer.count()).isEqualTo(3);
    Dataset<Row> summary =
        run(
            new PivotRowsIntoColumns(),
            unpivoted
                .select("order_id", "action", "quantity")
                .withColumn("order_id", functionsLit()),
            "[{'Name': 'aggCol', 'Value': ['quantity']}, {'Name': 'aggFunction', 'Value': ['sum']},"
                + " {'Name': 'colList', 'Value': ['action']}]");
    assertThat(summary.columns()).containsExactly("order_id", "bought", "sold");
    assertThat(rows(summary, "order_id", "bought", "sold")).containsExactly("[all,6,2]");
  }

  private static org.apache.spark.sql.Column functionsLit() {
    return org.apache.spark.sql.functions.lit("all");
  }

  @Test
  void currentTimestampIsTheRunStartAndAutobalanceRepartitions() {
    Dataset<Row> stamped =
        run(new AddCurrentTimestamp(), orders(), "[{'Name': 'colName', 'Value': ['loaded_at']}]");
    assertThat(rows(stamped, "cast(loaded_at as string)"))
        .containsExactly("[2024-05-01 10:00:00]", "[2024-05-01 10:00:00]");
    Dataset<Row> formatted =
        run(
            new AddCurrentTimestamp(),
            orders(),
            "[{'Name': 'colName', 'Value': ['day']}, {'Name': 'dateFormat', 'Value': ['%Y%m%d']}]");
    assertThat(rows(formatted, "day")).containsExactly("[20240501]", "[20240501]");
    Dataset<Row> balanced =
        run(
            new AutobalanceProcessing(),
            orders(),
            "[{'Name': 'numPartitionsStr', 'Value': ['3']}]");
    assertThat(balanced.rdd().getNumPartitions()).isEqualTo(3);
    assertThat(balanced.count()).isEqualTo(2);
  }

  @Test
  void lookupLeftJoinsACatalogTable() {
    spark
        .sql(
            "select * from values ('AAPL', 1.1D, 'NASDAQ'), ('IBM', 0.9D, 'NYSE') as t(symbol, rate, exchange)")
        .createOrReplaceGlobalTempView("rates");
    Dataset<Row> withSymbol =
        orders().selectExpr("order_id", "split(instrument, ' ')[0] as ticker");
    Dataset<Row> looked =
        run(
            new Lookup(),
            withSymbol,
            "[{'Name': 'table', 'Value': ['global_temp.rates']}, {'Name': 'keys', 'Value': ['ticker=symbol']},"
                + " {'Name': 'columns', 'Value': ['rate']}]");
    assertThat(looked.columns()).containsExactly("order_id", "ticker", "rate");
    assertThat(rows(looked, "order_id", "rate")).containsExactly("[1,1.1]", "[2,null]");
    spark
        .sql("select * from values ('AAPL', 1.1D), ('AAPL', 1.2D) as t(symbol, rate)")
        .createOrReplaceGlobalTempView("duplicated_rates");
    assertThatThrownBy(
            () ->
                run(
                    new Lookup(),
                    withSymbol,
                    "[{'Name': 'table', 'Value': ['global_temp.duplicated_rates']},"
                        + " {'Name': 'keys', 'Value': ['ticker=symbol']}]"))
        .hasMessageContaining("1 key value(s) with more than one row");
  }

  @Test
  void badParametersAreExplained() {
    assertThat(new ConcatenateColumns().validate(json("{'Parameters': []}")))
        .containsExactly(
            "parameter colName is required", "parameter colList must list at least one value");
    assertThat(
            new SplitString()
                .validate(
                    json(
                        "{'Parameters': [{'Name': 'colName', 'Value': ['a']}, {'Name': 'pattern', 'Value': ['(']}]}")))
        .hasSize(1)
        .allMatch(problem -> problem.startsWith("parameter pattern is not a regular expression"));
    assertThat(
            new DerivedColumn()
                .validate(
                    json(
                        "{'Parameters': [{'Name': 'colName', 'Value': ['a']}, {'Name': 'expr', 'Value': ['1 +']}]}")))
        .hasSize(1);
    assertThat(
            new AutobalanceProcessing()
                .validate(json("{'Parameters': [{'Name': 'numPartitionsStr', 'Value': ['0']}]}")))
        .hasSize(1);
    assertThat(
            new Lookup()
                .validate(
                    json(
                        "{'Parameters': [{'Name': 'table', 'Value': ['rates']}, {'Name': 'keys', 'Value': ['k']}]}")))
        .containsExactly("parameter table must be database.table, not rates");
    assertThatThrownBy(
            () ->
                run(
                    new ExplodeArrayOrMap(),
                    orders(),
                    "[{'Name': 'colName', 'Value': ['nope']}, {'Name': 'newCol', 'Value': ['x']}]"))
        .hasMessageContaining("gs_explode: no column nope");
  }
}
