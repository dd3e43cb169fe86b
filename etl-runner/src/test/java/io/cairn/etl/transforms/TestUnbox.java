package io.cairn.etl.transforms;

import static io.cairn.etl.transforms.LocalSpark.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

final class TestUnbox {
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

  private static Dataset<Row> unbox(Dataset<Row> input, String configuration) {
    List<Dataset<Row>> outputs = new Unbox().apply(context, List.of(input), json(configuration));
    assertThat(outputs).hasSize(1);
    return outputs.get(0);
  }

  private static List<String> rows(Dataset<Row> frame) {
    return frame.collectAsList().stream().map(Row::toString).sorted().collect(Collectors.toList());
  }

  @Test
  void jsonTextBecomesAStructWhoseSchemaIsInferredFromAllValues() {
    Dataset<Row> input =
        frame(
            "{\"id\": 1, \"payload\": \"{\\\"a\\\": 1, \\\"b\\\": \\\"x\\\"}\"}",
            "{\"id\": 2, \"payload\": \"{\\\"a\\\": 2, \\\"c\\\": {\\\"d\\\": true}}\"}",
            "{\"id\": 3, \"payload\": \"not json\"}",
            "{\"id\": 4, \"payload\": null}");

    Dataset<Row> result = unbox(input, "{'Path': ['payload'], 'Format': 'json'}");

    assertThat(result.schema().simpleString())
        .isEqualTo("struct<id:bigint,payload:struct<a:bigint,b:string,c:struct<d:boolean>>>");
    assertThat(rows(result))
        .containsExactly("[1,[1,x,null]]", "[2,[2,null,[true]]]", "[3,null]", "[4,null]");
  }

  @Test
  void csvTextWithSeparatorAndQuoteBecomesAStructOfTypedColumns() {
    Dataset<Row> input =
        frame("{\"id\": 1, \"line\": \"~a|b~|3|2.5\"}", "{\"id\": 2, \"line\": \"c|4|0.5\"}");

    Dataset<Row> result =
        unbox(input, "{'Path': ['line'], 'Format': 'csv', 'Separator': '|', 'Quote': '~'}");

    assertThat(result.schema().simpleString())
        .isEqualTo("struct<id:bigint,line:struct<col0:string,col1:int,col2:double>>");
    assertThat(rows(result)).containsExactly("[1,[a|b,3,2.5]]", "[2,[c,4,0.5]]");
  }

  @Test
  void aNestedFieldIsUnboxedInPlace() {
    Dataset<Row> input =
        frame("{\"id\": 1, \"event\": {\"kind\": \"k\", \"body\": \"{\\\"n\\\": 5}\"}}");

    Dataset<Row> result = unbox(input, "{'Path': ['event', 'body'], 'Format': 'json'}");

    assertThat(result.schema().simpleString())
        .isEqualTo("struct<event:struct<body:struct<n:bigint>,kind:string>,id:bigint>");
    assertThat(rows(result)).containsExactly("[[[5],k],1]");
  }

  @Test
  void badConfigurationsAreListedBeforeARun() {
    assertThat(new Unbox().validate(json("{'Path': [], 'Format': 'xml', 'Separator': '||'}")))
        .containsExactly(
            "Path must be a non-empty list of field names",
            "Format must be json or csv, not xml",
            "Separator applies only to Format csv");
    assertThat(new Unbox().validate(json("{'Path': ['a'], 'Format': 'csv', 'Quote': 'ab'}")))
        .containsExactly("Quote must be one character, not \"ab\"");
    assertThat(new Unbox().validate(json("{'Path': ['a']}"))).containsExactly("Format is required");
  }

  @Test
  void aFieldThatIsMissingNotAStringOrHoldsNothingToParseFailsWithItsName() {
    Dataset<Row> input = frame("{\"id\": 1, \"text\": \"plain\"}");

    assertThatThrownBy(() -> unbox(input, "{'Path': ['missing'], 'Format': 'json'}"))
        .hasMessageContaining("no field missing");
    assertThatThrownBy(() -> unbox(input, "{'Path': ['id'], 'Format': 'json'}"))
        .hasMessageContaining("field id is bigint, not a string");
    assertThatThrownBy(() -> unbox(input, "{'Path': ['text'], 'Format': 'json'}"))
        .hasMessageContaining("field text holds no JSON object to unbox");
  }
}
